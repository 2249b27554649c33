"""`sammen bench insights` at a small scale: it makes citizens, bubbles, viewing rows, search terms and the programme
benches' data, prints a p50/p95 line with the query count for the report, its PDF and each section, for the biggest
municipality and for Denmark, and leaves nothing behind."""

import io
import re

import pytest
from django.core.management import call_command

from sammen.accounts.models import User
from sammen.bubbles.models import Bubble
from sammen.core.report import sections
from sammen.devtools.bench_insights import BENCH_DOMAIN, SEARCH_WORDS
from sammen.search.models import SearchTermCount

pytestmark = pytest.mark.django_db


def test_a_small_insights_bench_prints_every_figure_and_cleans_up():
    out = io.StringIO()
    call_command("bench", "insights", "--citizens", "400", "--bubbles", "600", "--requests", "2", stdout=out)
    printed = out.getvalue()
    assert re.search(r"generated the data set \(400 citizens, 600 bubbles, [\d,]+ viewing rows, [\d,]+ search", printed)
    labels = ["report and tables", "PDF"]
    for place in ("København", "Denmark"):
        for label in labels:
            line = re.search(rf"^{label}, {place}\s+(\d+\.\d)\s+(\d+\.\d)\s+(\d+)$", printed, re.M)
            assert line, (label, place)
            assert float(line.group(1)) <= float(line.group(2)) and int(line.group(3)) > 0
    for section in sections():
        assert len(re.findall(rf"^  {re.escape(section.key)}\s+\d+\.\d\s+\d+\.\d\s+\d+$", printed, re.M)) == 2
    assert "removed 400 bench citizens" in printed
    assert not User.objects.filter(email__endswith="@" + BENCH_DOMAIN).exists()
    assert not Bubble.objects.exists()
    assert not SearchTermCount.objects.filter(term__in=SEARCH_WORDS).exists()
