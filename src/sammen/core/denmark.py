"""Small facts about Denmark that several apps need: what a postal code looks like, and the languages people
here commonly speak (for profiles, activities and offers)."""

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

postal_code_validator = RegexValidator(r"^[0-9]{4}$", _("A postal code has exactly 4 digits, e.g. 7400."))

SPOKEN_LANGUAGES = [
    ("da", _("Danish")),
    ("en", _("English")),
    ("de", _("German")),
    ("ar", _("Arabic")),
    ("uk", _("Ukrainian")),
    ("pl", _("Polish")),
    ("ro", _("Romanian")),
    ("tr", _("Turkish")),
    ("so", _("Somali")),
    ("fa", _("Persian")),
    ("ti", _("Tigrinya")),
    ("es", _("Spanish")),
]


def language_names(codes) -> list[str]:
    """The names of the spoken languages ``codes`` (in the active language), in their order; unknown codes left out."""
    names = dict(SPOKEN_LANGUAGES)
    return [str(names[code]) for code in codes if code in names]
