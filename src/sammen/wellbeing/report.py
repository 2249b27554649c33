"""Effect measurement in the status report (``sammen.core.report``): per programme, the people with an answer at
the start and a follow-up answered in the period (the latest one, 6 months before 3), the mean change of WHO-5 and
UCLA-3 with its 95 % confidence interval (paired: mean ± t(0.975, n−1)·sd/√n), the share with a WHO-5 improvement
of 10 points or more, the share who left the loneliness range (UCLA-3 7 or more before, under 7 after), and the
drop-out: follow-ups whose window closed in the period without an answer. One query; under 5 people hidden."""

import math
from dataclasses import dataclass

from django.db.models import Q
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sammen.core.figures import FEWEST_PEOPLE, Figure, figure
from sammen.core.report import Row, comparison_window, register, windows
from sammen.wellbeing import programmes, scales
from sammen.wellbeing.models import Invitation, Point


@dataclass(frozen=True)
class Estimate(Figure):
    """A mean change with its 95 % confidence interval: the page and the CSV show "4,2 (1,0 til 7,4)", a
    spreadsheet gets the mean as a number."""

    low: float = 0.0
    high: float = 0.0

    def __str__(self) -> str:
        if self.hidden:
            return super().__str__()
        return gettext("%(mean)s (95 %% CI %(low)s to %(high)s)") % {
            "mean": _signed(self.value),
            "low": _signed(self.low),
            "high": _signed(self.high),
        }


def _signed(value: float) -> str:
    text = number_format(round(abs(value), 1), decimal_pos=1)  # number_format cuts off; it does not round
    return ("+" if round(value, 1) > 0 else "−" if round(value, 1) < 0 else "") + text


def paired_change(changes: list[int]) -> Estimate:
    """The mean of the paired changes with its 95 % confidence interval (Student's t); hidden under 5 people."""
    n = len(changes)
    if n < FEWEST_PEOPLE:
        return Estimate(0, hidden=n > 0, decimals=1, people=n)
    mean = sum(changes) / n
    sd = math.sqrt(sum((change - mean) ** 2 for change in changes) / (n - 1))
    from scipy import stats  # here, not at start-up: importing scipy.stats takes most of a second

    margin = stats.t.ppf(0.975, n - 1) * sd / math.sqrt(n)
    return Estimate(mean, decimals=1, people=n, low=mean - margin, high=mean + margin)


def _share(part: int, whole: int) -> Figure:
    return figure(round(100 * part / whole) if whole else 0, people=whole)


def _pairs(answers, lower, upper) -> dict[str, list[tuple]]:
    """Per programme, each measurement's latest follow-up answered in [lower, upper) with its baseline."""
    latest: dict[int, tuple] = {}
    for row in answers:
        if lower <= row[1] < upper:
            known = latest.get(row[0])
            if known is None or row[1] > known[1]:
                latest[row[0]] = row
    by_programme: dict[str, list[tuple]] = {}
    for row in latest.values():
        by_programme.setdefault(row[2], []).append(row)
    return by_programme


def effect_rows(municipality, first, last, compared) -> list[Row]:
    (start, end), (compared_start, compared_end) = windows(first, last, compared)
    compared_first, compared_last = comparison_window(first, last, compared)
    # One query: every follow-up that was answered, or whose window closed, in the period or the comparison.
    follow_ups = Invitation.objects.exclude(point=Point.START).filter(
        Q(answer__answered_at__gte=start, answer__answered_at__lt=end)
        | Q(answer__answered_at__gte=compared_start, answer__answered_at__lt=compared_end)
        | Q(closes_on__gte=first, closes_on__lte=last)
        | Q(closes_on__gte=compared_first, closes_on__lte=compared_last)
    )
    if municipality is not None:
        follow_ups = follow_ups.filter(measurement__municipality=municipality)
    rows_read = list(
        follow_ups.values_list(
            "measurement_id",
            "answer__answered_at",
            "measurement__programme",
            "answer__who5",
            "answer__baseline__who5",
            "answer__ucla",
            "answer__baseline__ucla",
            "closes_on",
        )
    )
    answers = [row for row in rows_read if row[1] is not None]
    drop_out: dict[str, dict[str, int]] = {}
    for name, day_first, day_last in (("now", first, last), ("then", compared_first, compared_last)):
        for row in rows_read:
            if day_first <= row[7] <= day_last:
                counts = drop_out.setdefault(row[2], {})
                counts[f"{name}_due"] = counts.get(f"{name}_due", 0) + 1
                if row[1] is None:
                    counts[f"{name}_missed"] = counts.get(f"{name}_missed", 0) + 1
    periods = {"now": _pairs(answers, start, end), "then": _pairs(answers, compared_start, compared_end)}

    rows = []
    for programme in programmes.programmes():
        key = programme.key
        if not any(key in pairs for pairs in periods.values()) and key not in drop_out:
            continue
        columns = {name: _figures(pairs.get(key, [])) for name, pairs in periods.items()}
        missed = drop_out.get(key, {})

        def row(label, what, columns=columns, programme=programme):
            return Row(f"{programme.label}: {label}", columns["now"][what], columns["then"][what])

        rows += [
            row(gettext("people with an answer before and after"), "people"),
            row(gettext("mean change in WHO-5 wellbeing (0–100)"), "who5"),
            row(gettext("mean change in UCLA-3 loneliness (3–9; lower is better)"), "ucla"),
            row(gettext("share with a WHO-5 improvement of 10 points or more (%)"), "improved"),
            row(gettext("share of the lonely (UCLA-3 7 or more) who are no longer (%)"), "left"),
            Row(
                f"{programme.label}: " + gettext("share who did not answer a follow-up in time (drop-out, %)"),
                _share(missed.get("now_missed", 0), missed.get("now_due", 0)),
                _share(missed.get("then_missed", 0), missed.get("then_due", 0)),
            ),
        ]
    return rows


def _figures(pairs: list[tuple]) -> dict[str, Figure]:
    who5 = [row[3] - row[4] for row in pairs]
    lonely_before = [row for row in pairs if scales.is_lonely(row[6])]
    return {
        "people": figure(len(pairs)),
        "who5": paired_change(who5),
        "ucla": paired_change([row[5] - row[6] for row in pairs]),
        "improved": _share(sum(scales.is_relevant_improvement(change) for change in who5), len(pairs)),
        "left": _share(sum(not scales.is_lonely(row[5]) for row in lonely_before), len(lonely_before)),
    }


register("wellbeing", title=_("Effect: wellbeing and loneliness"), order=95, rows=effect_rows)
