"""The 98 municipalities with official codes and regions, shipped in the package (data/municipalities.csv)."""

import csv
from pathlib import Path

from sammen.core.text import danish_slugify

CSV_PATH = Path(__file__).resolve().parent / "data" / "municipalities.csv"


def read_reference_municipalities() -> list[dict]:
    with CSV_PATH.open(encoding="utf-8", newline="") as handle:
        return [
            {
                "code": row["code"].zfill(3),
                "name": row["name"],
                "slug": danish_slugify(row["name"]),
                "region_code": row["region_code"],
                "region_name": row["region_name"],
            }
            for row in csv.DictReader(handle)
        ]


def load_reference_municipalities(municipality_model) -> int:
    """Create or update every municipality by its code; idempotent."""
    rows = read_reference_municipalities()
    for row in rows:
        code = row.pop("code")
        municipality_model.objects.update_or_create(code=code, defaults=row)
    return len(rows)
