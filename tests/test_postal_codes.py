"""The shipped postal codes: every Danish code once, with its municipality and the point of its area."""

import csv

import pytest

from sammen.matching.engine import haversine_km
from sammen.municipalities import postal_codes
from sammen.municipalities.reference import read_reference_municipalities


def test_every_code_is_known_once_with_a_municipality_of_the_98():
    with postal_codes.CSV_PATH.open(encoding="utf-8") as handle:
        codes = [row["postal_code"] for row in csv.DictReader(handle)]
    assert len(codes) == len(set(codes)) == 1154
    municipalities = {row["code"] for row in read_reference_municipalities()}
    assert {postal_codes.lookup(code).municipality_code for code in codes} == municipalities


@pytest.mark.parametrize(
    ("code", "name", "municipality", "lat", "lon"),
    [
        ("7400", "Herning", "657", 56.1331, 8.9736),
        ("6000", "Kolding", "621", 55.4924, 9.4798),
        ("7500", "Holstebro", "661", 56.363, 8.6301),
        ("2100", "København Ø", "101", 55.7072, 12.572),
    ],
)
def test_a_code_has_its_name_municipality_and_point(code, name, municipality, lat, lon):
    found = postal_codes.lookup(code)
    assert (found.name, found.municipality_code, found.point) == (name, municipality, (lat, lon))


def test_herning_to_holstebro_is_about_33_km_as_the_crow_flies():
    assert 32 < haversine_km(postal_codes.point("7400"), postal_codes.point("7500")) < 34


def test_special_copenhagen_codes_without_an_area_and_unknown_codes_have_no_point():
    assert postal_codes.lookup("1001").name == "København K" and postal_codes.point("1001") is None
    assert postal_codes.point("1000") is None and postal_codes.lookup("0000") is None
    assert postal_codes.point("") is None and postal_codes.point("74000") is None
    assert postal_codes.point(" 7400 ") == postal_codes.point("7400")
