"""The CVR number (Det Centrale Virksomhedsregister): eight digits with a modulus-11 check."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

CVR_WEIGHTS = (2, 7, 6, 5, 4, 3, 2, 1)
# ASCII digits only: str.isdigit() also accepts "²" and other digits that int() refuses.
CVR_PATTERN = re.compile(r"[1-9][0-9]{7}", re.ASCII)

ERRORS = {
    "cvr_format": _("A CVR number has exactly 8 digits, for example 12345674."),
    "cvr_checksum": _("%(cvr)s is not a valid CVR number. Please check the digits against virk.dk."),
}


def normalise_cvr(value: str) -> str:
    """Drop spaces and a leading "DK", which people often copy along with the number."""
    value = "".join((value or "").split()).upper()
    return value[2:] if value.startswith("DK") else value


def validate_cvr(value: str) -> None:
    cvr = normalise_cvr(value)
    if not CVR_PATTERN.fullmatch(cvr):
        raise ValidationError(ERRORS["cvr_format"], code="cvr_format")
    if sum(int(digit) * weight for digit, weight in zip(cvr, CVR_WEIGHTS, strict=True)) % 11:
        raise ValidationError(ERRORS["cvr_checksum"], code="cvr_checksum", params={"cvr": cvr})
