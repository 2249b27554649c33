"""The status report as tables: the same rows for the page, the CSV and the XLSX file, so that no figure can be
shown in one and hidden in another."""

from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sammen.core.figures import Figure
from sammen.insights.figures import Report


@dataclass
class Table:
    key: str
    title: str
    columns: list[str]
    rows: list[list]  # the first cell is the row's label; the others a Figure, a text or None (nothing to show)
    note: str = ""


def period_label(report: Report) -> str:
    return _("%(first)s – %(last)s") % {
        "first": date_format(report.first, "j. F Y"),
        "last": date_format(report.last, "j. F Y"),
    }


def comparison_label(report: Report) -> str:
    return _("%(first)s – %(last)s") % {
        "first": date_format(report.compared_first, "j. F Y"),
        "last": date_format(report.compared, "j. F Y"),
    }


def tables(report: Report) -> list[Table]:
    period, comparison = period_label(report), comparison_label(report)
    result = []
    for section in report.sections:
        result.append(
            Table(
                key=section.key,
                title=section.title,
                columns=[_("Figure"), period, comparison],
                rows=[
                    [row.label, row.value if row.value is not None else row.note, row.compared] for row in section.rows
                ],
            )
        )
    result.append(
        Table(
            key="growth",
            title=_("New registered citizens by month"),
            columns=[_("Month"), _("New registered citizens")],
            rows=[[date_format(row.month, "F Y").capitalize(), row.joined] for row in report.months]
            + [[_("The whole period"), report.joined_in_period]],
        )
    )
    result.append(
        Table(
            key="municipalities",
            title=_("Participating municipalities"),
            columns=[
                _("Municipality"),
                _("Registered citizens"),
                _("Share of the citizens over 14 (%)"),
                _("Bubbles created"),
                _("Response rate (%)"),
            ],
            rows=[
                [row.municipality.name, row.citizens, row.share_over_14, row.bubbles, row.response_rate]
                for row in report.comparison
            ],
        )
    )
    return result


def cell_text(cell) -> str:
    """A cell as the page and the CSV show it: a figure with Danish number format, "under 5", or a text."""
    if cell is None:
        return "–"
    return str(cell)


def cell_value(cell):
    """A cell for a spreadsheet: a number where it is shown (so that it can be summed), otherwise its text."""
    if isinstance(cell, Figure) and cell.shown:
        return round(cell.value, cell.decimals) if cell.decimals else int(round(cell.value))
    return cell_text(cell)
