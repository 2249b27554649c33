"""Ids that come from a request (a URL, a query string, a posted choice). A number longer than any database id
means "not found", never a server error: SQLite raises OverflowError on a 30-digit number."""

# A bigint column holds up to 9,223,372,036,854,775,807 (19 digits); 18 digits always fit.
MAX_ID_DIGITS = 18


def parse_id(raw) -> int | None:
    """The id in ``raw`` (a str or an int), or None if it is not a whole number a database id column can hold."""
    text = str(raw if raw is not None else "").strip()
    if not (text.isascii() and text.isdigit() and len(text) <= MAX_ID_DIGITS):
        return None
    return int(text)


class IdConverter:
    """``<id:pk>`` in a URL: like ``<int:pk>``, but a longer number does not match, so the page is "not found"."""

    regex = f"[0-9]{{1,{MAX_ID_DIGITS}}}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(value)
