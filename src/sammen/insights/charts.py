"""The status report's charts, drawn on the server as SVG with matplotlib and inlined in the page.

Text stays text (``svg.fonttype = "none"``), so it scales, can be read by a screen reader's virtual cursor and
searched. Sammen's Content-Security-Policy allows no inline style, so the ``style`` attributes matplotlib writes
are turned into SVG presentation attributes and its ``<style>`` element is dropped. A hidden figure ("under 5")
gets no bar, only its label. The colours have at least 3:1 contrast against white (bars) and 4.5:1 (text).
"""

import io
import re
from html import escape

import matplotlib
from django.conf import settings
from matplotlib import font_manager
from matplotlib.figure import Figure as Canvas
from matplotlib.ticker import MaxNLocator

from sammen.core.figures import UNDER_FIVE, Figure

BAR = "#0059b3"  # DKFDS blue: 7.0:1 against white
TEXT = "#1a1a1a"
GRID = "#767676"  # 4.5:1 against white

# DKFDS's typeface, from its npm package: matplotlib measures the labels with it, and the page (DKFDS's CSS) and
# the PDF (its @font-face) draw them with it. Without the package the next family in the list is used.
PLEX_SANS = settings.NODE_MODULES_DIR / "dkfds" / "dist" / "fonts" / "IBMPlexSans" / "complete" / "ttf"
for _weight in ("Regular", "Bold"):
    if (PLEX_SANS / f"IBMPlexSans-{_weight}.ttf").exists():
        font_manager.fontManager.addfont(str(PLEX_SANS / f"IBMPlexSans-{_weight}.ttf"))

_RC = {
    "svg.fonttype": "none",
    "svg.hashsalt": "sammen",  # the same ids every time: the page can be compared and cached
    "font.family": "sans-serif",
    "font.sans-serif": ["IBM Plex Sans", "DejaVu Sans"],
    "font.size": 11,
    "text.color": TEXT,
    "axes.labelcolor": TEXT,
    "axes.edgecolor": GRID,
    "xtick.color": TEXT,
    "ytick.color": TEXT,
}
_STYLE = re.compile(r' style="([^"]*)"')


def _attributes(match: re.Match) -> str:
    pairs = []
    for declaration in match.group(1).split(";"):
        name, _colon, value = declaration.partition(":")
        if name.strip() and value.strip():
            pairs.append(f' {name.strip()}="{escape(value.strip(), quote=True)}"')
    return "".join(pairs)


def _inline(svg: str, *, title_id: str, title: str = "") -> str:
    """matplotlib's document as markup to put in a page: no XML prologue, metadata or style, role="img" and
    labelled by the figure's caption; ``title`` also as the SVG's <title>, which the tagged PDF gives as the
    figure's alternative text."""
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)
    svg = re.sub(r"<style[^>]*>.*?</style>\s*", "", svg, flags=re.S)
    svg = _STYLE.sub(_attributes, svg)
    svg = re.sub(r'<svg ([^>]*?)width="[^"]*" height="[^"]*"', r"<svg \1", svg, count=1)
    # matplotlib numbers its ids from 1 in every chart: prefix them, so that two charts in one page never share one.
    ids = re.findall(r' id="([^"]+)"', svg)
    if ids:
        prefix = title_id.removesuffix("-caption")
        names = "|".join(re.escape(name) for name in sorted(ids, key=len, reverse=True))
        svg = re.sub(rf'(id="|#)({names})(?=[")])', rf"\1{prefix}-\2", svg)
    svg = svg.replace("<svg ", f'<svg role="img" aria-labelledby="{title_id}" focusable="false" width="100%" ', 1)
    if title:
        opening = svg.index(">") + 1
        svg = f"{svg[:opening]}\n <title>{escape(title)}</title>{svg[opening:]}"
    return svg.strip()


def bar_chart(labels: list[str], values: list[Figure], *, title_id: str, title: str = "", ylabel: str = "") -> str:
    """A bar per label; a hidden value gets no bar and reads "under 5"."""
    with matplotlib.rc_context(_RC):
        canvas = Canvas(figsize=(6.4, 3.2), layout="constrained")
        axes = canvas.add_subplot()
        heights = [0 if value.hidden else value.value for value in values]
        positions = range(len(labels))
        axes.bar(positions, heights, color=BAR, width=0.7)
        # A long period gets a label on every n-th bar only, so that the labels never overlap.
        step = max(1, -(-len(labels) // 24))
        rotated = len(labels) > 8
        axes.set_xticks(
            list(positions)[::step], labels[::step], rotation=45 if rotated else 0, ha="right" if rotated else "center"
        )
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        top = max(heights, default=0) or 1
        axes.set_ylim(0, top * 1.18)
        # The value above each bar ("under 5" above a hidden one); a long period leaves them to the table.
        for position, value, height in zip(positions, values, heights, strict=True) if step == 1 else ():
            text = str(UNDER_FIVE) if value.hidden else str(value)
            axes.text(position, height + top * 0.02, text, ha="center", va="bottom", fontsize=10, color=TEXT)
        if ylabel:
            axes.set_ylabel(ylabel)
        axes.spines[["top", "right"]].set_visible(False)
        axes.grid(axis="y", color=GRID, linewidth=0.5, alpha=0.6)
        axes.set_axisbelow(True)
        output = io.StringIO()
        canvas.savefig(output, format="svg", metadata={"Date": None})
    return _inline(output.getvalue(), title_id=title_id, title=title)
