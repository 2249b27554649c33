"""`sammen bench referrals` at a small scale: it makes its receivers and referrals over the 98 municipalities,
prints a p50/p95 line with the query count for each page, the counts are the same at twice the scale, and it leaves
nothing behind."""

import io
import re

import pytest
from django.core.management import call_command

from sammen.accounts.models import User
from sammen.municipalities.models import MunicipalUnit
from sammen.referrals.models import Receiver, Referral, ReferralConsent, ReferralEvent, Sender

LINES = [
    "dashboard, open referrals (København)",
    "dashboard, figures not cached, open referrals (København)",
    "overdue list (København)",
    "dashboard, all referrals, page 3",
    "a referral (referrer)",
    "receiver contact's list",
    "a referral (receiver contact)",
]


def _bench(referrals: int) -> dict[str, int]:
    out = io.StringIO()
    call_command("bench", "referrals", "--referrals", str(referrals), "--requests", "3", stdout=out)
    printed = out.getvalue()
    assert f"generated {referrals:,} referrals" in printed
    assert re.search(rf"{referrals:,} bench referrals over 98 municipalities; København: [\d,]+ \(", printed)
    counts = {}
    for label in LINES:
        line = re.search(rf"^{re.escape(label)}\s+(\d+\.\d)\s+(\d+\.\d)\s+(\d+)$", printed, re.M)
        assert line, label
        assert float(line.group(1)) <= float(line.group(2))
        counts[label] = int(line.group(3))
    assert f"removed {referrals:,} bench referrals" in printed
    return counts


@pytest.mark.django_db
def test_a_small_referrals_bench_prints_every_page_with_constant_queries_and_cleans_up(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

    assert _bench(1_000) == _bench(2_000)

    assert not User.objects.filter(email__endswith="@referral-bench.sammen.invalid").exists()
    assert not (Referral.objects.exists() or ReferralConsent.objects.exists() or ReferralEvent.objects.exists())
    assert not (Receiver.objects.exists() or Sender.objects.exists() or MunicipalUnit.objects.exists())
