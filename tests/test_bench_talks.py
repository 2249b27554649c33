"""`sammen bench talks` at a small scale: it makes its volunteers, slots and bookings, prints a p50/p95 line with
the query count for each search, booking and list, and leaves nothing behind."""

import io
import re

import pytest
from django.core.management import call_command

from sammen.accounts.models import User
from sammen.municipalities.models import ParticipationPeriod
from sammen.talks.models import Booking, Slot
from sammen.volunteering.models import Volunteer

LINES = [
    "search: Snak sammen, no filter",
    "search: Snak sammen, weekday",
    "search: Snak sammen, a day a week from now",
    "search: Snak sammen, morning",
    "search: Snak sammen, evening",
    "search: Snak sammen, phone",
    "search: Sprogven, language (English)",
    "search: Sprogven, language (Tigrinya, rare)",
    "search: Sprogven, weekday + morning + Somali + phone",
    "booking (talks.services.book, rolled back)",
    "volunteer's talks (talks.queries.volunteer_talks)",
    "citizen's talks (talks.queries.citizen_talks)",
]


@pytest.mark.django_db
def test_a_small_talks_bench_prints_every_figure_and_cleans_up(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    out = io.StringIO()

    call_command("bench", "talks", "--volunteers", "40", "--slots", "400", "--samples", "3", stdout=out)

    printed = out.getvalue()
    assert "generated 400 slots" in printed
    assert re.search(r"400 bench slots \(\d+ booked\)", printed)
    for label in LINES:
        line = re.search(rf"^{re.escape(label)}\s+(\d+\.\d)\s+(\d+\.\d)\s+(\d+)$", printed, re.M)
        assert line, label
        assert float(line.group(1)) <= float(line.group(2))
    searches = [int(re.search(rf"^{re.escape(label)}.*?(\d+)$", printed, re.M).group(1)) for label in LINES[:9]]
    assert set(searches) == {1}  # one query for any filter
    assert "removed 400 bench slots" in printed
    assert not User.objects.filter(email__endswith="@talk-bench.sammen.invalid").exists()
    assert not (Slot.objects.exists() or Booking.objects.exists() or Volunteer.objects.exists())
    assert not ParticipationPeriod.objects.exists()
