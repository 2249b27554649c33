"""The one text policy for everything a person types on Sammen: what is refused (CPR numbers, control characters,
line breaks in one-line fields) and what is only warned about (contact details). Every service that stores or
sends typed text calls :func:`check_text`; forms may call it too, to show the message next to the field."""

import datetime
import re
import unicodedata
from collections.abc import Collection, Mapping
from urllib.parse import unquote_plus

from django.utils.translation import gettext_lazy as _

from sammen.core.errors import SammenError

MESSAGES = {
    "cpr": _("The text contains something that looks like a CPR number. Remove it: Sammen never stores CPR numbers."),
    "control": _(
        "The text contains an invisible control character that Sammen cannot store. Type the text again instead "
        "of pasting it."
    ),
    "line_break": _("Write this on one line: it cannot contain line breaks."),
}

# A line break in a title or a name breaks every e-mail header and calendar line it is put into.
LINE_BREAKS = frozenset("\r\n\u2028\u2029")
# Browsers send a textarea's line breaks as CR LF, so multi-line text keeps CR as well as LF and tab.
MULTI_LINE_CONTROLS = frozenset("\r\n\t")

# Removed before looking for a CPR number: zero-width characters, soft hyphens, direction marks (all "Cf") and
# combining marks left over after NFKC ("Mn", "Me", e.g. the keycap of "1️⃣").
_INVISIBLE_CATEGORIES = frozenset({"Cf", "Mn", "Me"})
# Six digits that form a date (DDMMYY), then four digits, with any run of separators between the groups:
# whitespace, dots, hyphens and dashes (U+2010–U+2015), the minus sign, slashes and underscores.
_SEP = r"[\s.\-\u2010-\u2015\u2212/_]*"
_CPR_PATTERN = re.compile(rf"(?<!\d)(\d{{2}}){_SEP}(\d{{2}}){_SEP}(\d{{2}}){_SEP}(\d{{4}})(?!\d)")
_EMAIL_PATTERN = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
# Danish phone numbers: 8 digits, possibly +45/0045 and grouped in twos or fours.
_PHONE_PATTERN = re.compile(r"(?<!\d)(?:\+45|0045)?[\s-]?(?:\d{2}[\s-]?){3}\d{2}(?!\d)")


class TextRefused(SammenError):
    """Typed text the policy refuses; ``field`` names the field, so that a form can show the message next to it."""

    def __init__(self, message, *, field: str, params: dict | None = None):
        self.field = field
        super().__init__(message, params=params)


def normalise(text: str) -> str:
    """The text as it reads: NFKC (full-width and other look-alike digits become 0–9) without invisible characters."""
    folded = unicodedata.normalize("NFKC", text or "")
    return "".join(char for char in folded if unicodedata.category(char) not in _INVISIBLE_CATEGORIES)


def _readings(text: str) -> list[str]:
    """The text normalised, and also percent-decoded when it may be part of a link (``010150%2D1234``)."""
    readings = [normalise(text)]
    if "%" in text or "+" in text:
        readings.append(normalise(unquote_plus(text)))
    return readings


def _is_date(day: str, month: str, year: str) -> bool:
    try:
        datetime.date(2000 + int(year), int(month), int(day))
    except ValueError:
        try:
            datetime.date(1900 + int(year), int(month), int(day))
        except ValueError:
            return False
    return True


def _is_cpr(match: re.Match) -> bool:
    return _is_date(*match.groups()[:3])


def contains_cpr_number(text: str) -> bool:
    return any(_is_cpr(match) for reading in _readings(text) for match in _CPR_PATTERN.finditer(reading))


def contains_contact_details(text: str) -> bool:
    """An e-mail address or something shaped like a Danish phone number (that is not a CPR number)."""
    text = normalise(text)
    if _EMAIL_PATTERN.search(text):
        return True
    without_cpr = _CPR_PATTERN.sub(lambda match: " " if _is_cpr(match) else match.group(0), text)
    return bool(_PHONE_PATTERN.search(without_cpr))


def _refusal(text: str, *, multi_line: bool) -> str | None:
    """The key of the message that refuses the text, or None."""
    if not multi_line and any(char in LINE_BREAKS for char in text):
        return "line_break"
    allowed = MULTI_LINE_CONTROLS if multi_line else frozenset()
    if any(unicodedata.category(char) == "Cc" and char not in allowed for char in text):
        return "control"
    if contains_cpr_number(text):
        return "cpr"
    return None


def check_text(
    fields: Mapping[str, str | None],
    *,
    multi_line: Collection[str] = (),
    warn_about_contact_details: Collection[str] = (),
) -> list[str]:
    """Check each typed field on its own (joined, the end of one field and the start of the next could look like a
    CPR number), and raise :class:`TextRefused` for the first one the policy refuses.

    Every field is one line unless it is named in ``multi_line``: a forgotten field then refuses a line break
    rather than letting one into an e-mail header. Returns the fields named in ``warn_about_contact_details`` that
    contain an e-mail address or a phone number, for the caller to warn about.
    """
    for name, value in fields.items():
        key = _refusal(str(value or ""), multi_line=name in multi_line)
        if key is not None:
            raise TextRefused(MESSAGES[key], field=name)
    return [name for name in warn_about_contact_details if contains_contact_details(str(fields.get(name) or ""))]
