"""The status report's registry: each app that has figures for a committee registers a section here from its own
``AppConfig.ready()``, and ``sammen.insights`` shows the sections in their order. An app that is not installed
registers nothing, so its programme is simply absent from the report (not shown as zero).

A section is a function ``(municipality or None for all of Denmark, first day, last day, comparison date) ->
[Row]``. It counts what happened from the first to the last day (both included, in Copenhagen time) and, for
the comparison, the same number of days up to and including the comparison date (``comparison_window``); a
figure of how things stand (a stock, such as active pairs) is read at the end of the last day and at the end of the
comparison date. Every figure is a ``sammen.core.figures.Figure``: a section hides small numbers itself with
``figure`` and ``hide_complements``, as everything else in Sammen does.

A section must cost the same few queries whatever the amount of data (GROUP BY and conditional aggregates, no
query per row), so that the report opens fast for a municipality and for Denmark.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps

from sammen.core.calendar import COPENHAGEN
from sammen.core.figures import Figure


@dataclass(frozen=True)
class Row:
    """One line of a section: what is counted, its figure for the period, and for the comparison (None where a
    comparison makes no sense, e.g. a figure of today). A figure that cannot be given (nothing records it yet)
    is None, with a ``note`` that says why, rather than a made-up 0."""

    label: str
    value: Figure | None
    compared: Figure | None = None
    note: str = ""


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    order: int
    rows: Callable[[Any, datetime.date, datetime.date, datetime.date], list[Row]] = field(compare=False)


_SECTIONS: dict[str, Section] = {}


def register(key: str, *, title, order: int, rows: Callable) -> Section:
    """Register (or replace, when an app's ready() runs again in tests) the section ``key``."""
    section = Section(key=key, title=title, order=order, rows=rows)
    _SECTIONS[key] = section
    return section


def unregister(key: str) -> None:
    _SECTIONS.pop(key, None)


def sections() -> list[Section]:
    """The registered sections of the installed apps, in the order a committee reads them."""
    installed = [
        section for section in _SECTIONS.values() if apps.get_containing_app_config(section.rows.__module__) is not None
    ]
    return sorted(installed, key=lambda section: (section.order, section.key))


def comparison_window(
    first: datetime.date, last: datetime.date, compared: datetime.date
) -> tuple[datetime.date, datetime.date]:
    """The comparison's first and last day: as many days as the period, ending on the comparison date."""
    return compared - (last - first), compared


def day_start(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of ``day`` in Copenhagen, as an aware datetime."""
    return datetime.datetime.combine(day, datetime.time(0), tzinfo=COPENHAGEN)


def day_end(day: datetime.date) -> datetime.datetime:
    """Midnight at the end of ``day`` in Copenhagen (exclusive)."""
    return day_start(day + datetime.timedelta(days=1))


def windows(
    first: datetime.date, last: datetime.date, compared: datetime.date
) -> tuple[tuple[datetime.datetime, datetime.datetime], tuple[datetime.datetime, datetime.datetime]]:
    """The period and the comparison as half-open ranges of aware datetimes: ``(start, end), (start, end)``."""
    compared_first, compared_last = comparison_window(first, last, compared)
    return (day_start(first), day_end(last)), (day_start(compared_first), day_end(compared_last))
