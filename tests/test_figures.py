"""The one rule for figures (sammen.core.figures): nothing from 1 to 4 people is shown, nor worked out from a total."""

import pytest
from django.utils import translation

from sammen.core.figures import figure, hide_complements


@pytest.mark.parametrize(("people", "shown"), [(0, "0"), (1, "under 5"), (4, "under 5"), (5, "5"), (1234, "1.234")])
def test_a_count_of_people_is_shown_from_5_and_as_0(people, shown):
    with translation.override("da"):
        assert str(figure(people)) == shown


def test_a_number_from_few_people_is_hidden_whatever_its_size():
    with translation.override("da"):
        assert str(figure(37.5, people=3, decimals=1)) == "under 5"
        assert str(figure(37.5, people=7, decimals=1)) == "37,5"


def test_cells_that_would_give_a_hidden_one_back_through_the_total_are_hidden_too():
    # 9 + 2 + 6 = 17 is shown: hiding only the 2 would leave 17 − 9 − 6.
    assert [cell.hidden for cell in hide_complements([figure(9), figure(2), figure(6)])] == [False, True, True]
    # Two hidden cells of 3 and 4 people together come from 7: no further cell is needed.
    assert [cell.hidden for cell in hide_complements([figure(3), figure(4), figure(8)])] == [True, True, False]
    # A 0 tells about nobody and is never hidden to cover another cell.
    assert [cell.hidden for cell in hide_complements([figure(0), figure(2), figure(5)])] == [False, True, True]
