"""Danish postal codes with a point for each (data/postal_codes.csv): where a person or a place roughly is, for the
distances the matching programmes need (visiting friends, Christmas friends).

The data is GeoNames' postal-code file for Denmark (geonames.org, CC BY 4.0; see README "Data and licences" and
``../shared/data/SOURCES.md`` for where it came from and how it was changed). A point is the centroid of the code's
area, not a town centre, and a code has one municipality here although a few codes cross a border.

57 special codes in central Copenhagen (PO boxes and single large recipients) have no area of their own; the
source gives them all one point in central Copenhagen. They are known codes, but ``point`` returns None for them,
so that nobody is matched on a distance that means nothing. Distances between points: ``sammen.matching``.
"""

import csv
import functools
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

CSV_PATH = Path(__file__).resolve().parent / "data" / "postal_codes.csv"
ATTRIBUTION = "Postal code data: GeoNames (geonames.org), CC BY 4.0"
# More codes than this sharing one point: the shared point stands for "somewhere in the city", not an area.
_SHARED_POINT_LIMIT = 10


@dataclass(frozen=True)
class PostalCode:
    code: str
    name: str
    municipality_code: str
    point: tuple[float, float] | None  # (latitude, longitude), WGS84; None for codes without an area


@functools.cache
def _all() -> dict[str, PostalCode]:
    with CSV_PATH.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    shared = Counter((row["lat"], row["lon"]) for row in rows)
    return {
        row["postal_code"]: PostalCode(
            code=row["postal_code"],
            name=row["name"],
            municipality_code=row["municipality_code"].zfill(3),
            point=None
            if shared[(row["lat"], row["lon"])] > _SHARED_POINT_LIMIT
            else (float(row["lat"]), float(row["lon"])),
        )
        for row in rows
    }


def lookup(code: str) -> PostalCode | None:
    """The postal code, or None if Denmark has no such code."""
    return _all().get((code or "").strip())


def point(code: str) -> tuple[float, float] | None:
    """Where the code's area is (its centroid), or None for an unknown code or one without an area."""
    found = lookup(code)
    return found.point if found else None

