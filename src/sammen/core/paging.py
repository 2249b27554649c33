"""Paging for long lists without counting them: at a million rows a COUNT(*) costs more than the page itself."""

from dataclasses import dataclass


@dataclass
class Page:
    items: list
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


def page_without_count(queryset, raw_number, *, size: int) -> Page:
    """One query: fetch one row more than the page holds, to know whether there is a next page."""
    try:
        number = max(1, min(int(raw_number or 1), 10_000))
    except (TypeError, ValueError):
        number = 1
    start = (number - 1) * size
    rows = list(queryset[start : start + size + 1])
    return Page(items=rows[:size], number=number, has_next=len(rows) > size)
