"""Small numbers are never shown: the one rule for every figure Sammen shows staff or a committee (pages, charts,
exports), so that nobody can be recognised in a number.

- A figure that comes from 1 to 4 people reads "under 5" (``UNDER_FIVE``). A 0 is shown: it tells about nobody.
- Where a column or row has a total that is shown, hiding one cell is not enough: the total minus the shown cells
  would give it back. ``hide_complements`` hides the smallest further cells until the hidden ones add up to 0 or
  to 5 people or more.

Every app builds its figures with ``figure`` and shows them with ``str()`` (``{{ figure }}`` in a template).
"""

from dataclasses import dataclass, replace

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

FEWEST_PEOPLE = 5
UNDER_FIVE = _("under 5")


@dataclass(frozen=True)
class Figure:
    """One number on a page, or "under 5" where it is hidden. ``people`` is how many people it comes from."""

    value: int | float
    hidden: bool = False
    decimals: int = 0
    people: int | None = None

    @property
    def shown(self) -> bool:
        return not self.hidden

    def __str__(self) -> str:
        if self.hidden:
            return str(UNDER_FIVE)
        return number_format(self.value, decimal_pos=self.decimals, force_grouping=True)


def figure(value: int | float, *, people: int | None = None, decimals: int = 0) -> Figure:
    """A figure of ``value``, hidden when it comes from 1 to 4 people; ``people`` defaults to the value itself (a
    count of people)."""
    people = int(value) if people is None else people
    return Figure(value, hidden=0 < people < FEWEST_PEOPLE, decimals=decimals, people=people)


def _people(cell: Figure) -> int:
    return int(cell.value) if cell.people is None else cell.people


def hide_complements(cells: list[Figure]) -> list[Figure]:
    """The cells of a column (or row) whose total is shown, with more of them hidden where needed: while the hidden
    cells come from 1 to 4 people in all, the smallest shown cell that is not 0 is hidden too."""
    cells = list(cells)
    while 0 < sum(_people(cell) for cell in cells if cell.hidden) < FEWEST_PEOPLE:
        shown = [index for index, cell in enumerate(cells) if not cell.hidden and _people(cell) > 0]
        if not shown:
            break
        smallest = min(shown, key=lambda index: (_people(cells[index]), index))
        cells[smallest] = replace(cells[smallest], hidden=True)
    return cells
