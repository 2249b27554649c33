"""The coordinator's figures on booked talks (``talks.figures``), with a chart of supply against demand by
weekday drawn on the server as SVG: no script, no inline style, and the same numbers in a table beside it."""

from dataclasses import dataclass

from django.shortcuts import render

from sammen.access.permissions import Permission, require_permission
from sammen.talks.figures import ProgrammeFigures, talk_figures

# The chart's drawing area, in SVG user units (the SVG scales to the page's width).
CHART_WIDTH = 480
CHART_HEIGHT = 280
LEFT = 46  # room for the percent labels
TOP = 26  # room for the value above the tallest bar
BOTTOM = 40  # room for the weekday names
BAR_WIDTH = 22


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    height: float
    text: str  # shown above the bar
    text_x: float
    text_y: float
    hidden: bool


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    base: float  # y of the zero line
    left: int
    right: int
    gridlines: list[tuple[float, str]]  # (y, label)
    groups: list[tuple[float, str, Bar, Bar]]  # (x of the label, weekday, supply, demand)
    bar_width: int


def weekday_chart(figures: ProgrammeFigures) -> Chart:
    """Two bars per weekday: its share of the programme's slots (nationally) and of the municipality's demand."""
    shares = [row.offered_share.value for row in figures.weekdays]
    shares += [row.demand_share.value for row in figures.weekdays if not row.demand_share.hidden]
    top = max(25, -(-max(shares, default=0) // 25) * 25)  # the axis goes to the next 25 percent
    base = CHART_HEIGHT - BOTTOM
    scale = (base - TOP) / top
    group_width = (CHART_WIDTH - LEFT) / 7
    groups = []
    for day, row in enumerate(figures.weekdays):
        middle = LEFT + group_width * (day + 0.5)
        bars = []
        for offset, share in ((-BAR_WIDTH - 2, row.offered_share), (2, row.demand_share)):
            height = 0 if share.hidden else share.value * scale
            x = middle + offset
            bars.append(
                Bar(
                    x=x,
                    y=base - height,
                    height=height,
                    text="–" if share.hidden else f"{share}",
                    text_x=x + BAR_WIDTH / 2,
                    text_y=base - height - 6,
                    hidden=share.hidden,
                )
            )
        groups.append((middle, row.label[:3], bars[0], bars[1]))
    gridlines = [(base - percent * scale, f"{percent} %") for percent in range(0, int(top) + 1, 25)]
    return Chart(
        width=CHART_WIDTH,
        height=CHART_HEIGHT,
        base=base,
        left=LEFT,
        right=CHART_WIDTH,
        gridlines=gridlines,
        groups=groups,
        bar_width=BAR_WIDTH,
    )


@require_permission(Permission.MANAGE_VOLUNTEERS)
def figures(request, municipality):
    report = talk_figures(municipality)
    sections = [(programme, weekday_chart(programme)) for programme in report.programmes]
    return render(
        request,
        "talks/figures.html",
        {"municipality": municipality, "report": report, "sections": sections},
    )
