"""Small text helpers shared by every app."""

from django.utils.text import slugify

_DANISH_LETTERS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def danish_slugify(value: str) -> str:
    """Slug that keeps Danish letters readable: "Ærø" becomes "aeroe", not "r"."""
    return slugify(value.translate(_DANISH_LETTERS))
