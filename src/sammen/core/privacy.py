"""Finding personal identifiers in text that citizens want to publish: CPR numbers (stopped) and contact details
(allowed, with a warning). One place, used by every app that publishes citizens' text."""

import datetime
import re

# Six digits that form a date (DDMMYY), then four digits; people put spaces, dots and dashes (also en/em dashes)
# between the groups, so any run of those is allowed between every group.
_SEP = r"[\s.\-\u2010-\u2015]*"
_CPR_PATTERN = re.compile(rf"(?<![\d])(\d{{2}}){_SEP}(\d{{2}}){_SEP}(\d{{2}}){_SEP}(\d{{4}})(?![\d])")
_EMAIL_PATTERN = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+", re.UNICODE)
# Danish phone numbers: 8 digits, possibly +45/0045 and grouped in twos or fours.
_PHONE_PATTERN = re.compile(r"(?<![\d])(?:\+45|0045)?[\s-]?(?:\d{2}[\s-]?){3}\d{2}(?![\d])")


def _is_date(day: str, month: str, year: str) -> bool:
    try:
        datetime.date(2000 + int(year), int(month), int(day))
    except ValueError:
        try:
            datetime.date(1900 + int(year), int(month), int(day))
        except ValueError:
            return False
    return True


def contains_cpr_number(text: str) -> bool:
    return any(_is_date(*match.groups()[:3]) for match in _CPR_PATTERN.finditer(text or ""))


def contains_contact_details(text: str) -> bool:
    """An e-mail address or something shaped like a Danish phone number (that is not a CPR number)."""
    text = text or ""
    if _EMAIL_PATTERN.search(text):
        return True
    without_cpr = _CPR_PATTERN.sub(lambda m: " " if _is_date(*m.groups()[:3]) else m.group(0), text)
    return bool(_PHONE_PATTERN.search(without_cpr))
