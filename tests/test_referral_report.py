"""The referrals' section of the committee's status report: received, followed up within the deadline, completed,
declined or dropped out, every figure hidden under 5 and the section the same queries at any size."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sammen.core import report
from sammen.referrals import services
from sammen.referrals.models import EndReason
from tests.factories.referrals import a_referral, contact_of, referrer, smoking_cessation

pytestmark = pytest.mark.django_db


def rows(municipality=None):
    today = timezone.localdate()
    section = next(section for section in report.sections() if section.key == "referrals")
    found = section.rows(
        municipality,
        today - datetime.timedelta(days=30),
        today + datetime.timedelta(days=10),
        today - datetime.timedelta(days=365),
    )
    return {str(row.label): (str(row.value), str(row.compared)) for row in found}


def test_the_section_counts_the_referrals_and_the_share_followed_up_in_time():
    hanne = referrer("Herning")
    rygestop = smoking_cessation(hanne)
    contact = contact_of(rygestop, by=hanne).user
    made = [a_referral(by=hanne, receiver=rygestop, name=f"Borger {n}") for n in range(6)]
    for referral in made[:5]:
        services.record_first_contact(by=contact, referral=referral, at=timezone.now(), how="phone")
    services.decline(by=contact, referral=made[5], reason=EndReason.TIME)
    herning = rygestop.municipality
    assert rows(herning) == {
        "Henvisninger modtaget": ("6", "0"),
        "Andel fulgt op inden fristen (%)": ("83", "0"),
        "Henvisninger gennemført": ("0", "0"),
        "Takket nej eller faldet fra": ("under 5", "0"),
    }
    assert rows(None)["Henvisninger modtaget"] == ("6", "0")


def test_few_referrals_show_as_under_5_and_the_section_costs_the_same_queries():
    hanne = referrer("Herning")
    rygestop = smoking_cessation(hanne)
    a_referral(by=hanne, receiver=rygestop)
    with CaptureQueriesContext(connection) as few:
        assert rows()["Henvisninger modtaget"] == ("under 5", "0")
        assert rows()["Andel fulgt op inden fristen (%)"] == ("under 5", "0")
    for _ in range(6):
        a_referral(by=hanne, receiver=rygestop)
    with CaptureQueriesContext(connection) as many:
        rows()
        rows()
    assert len(few.captured_queries) == len(many.captured_queries) == 2


def test_deleting_a_citizens_account_removes_what_they_shared_and_closes_the_referral():
    from sammen.referrals.models import Referral, ReferralStatus
    from tests.factories import citizen

    hanne = referrer("Herning")
    rygestop = smoking_cessation(hanne)
    karen = citizen("Herning", display_name="Karen")
    mine = a_referral(by=hanne, receiver=rygestop, citizen=karen)
    other = a_referral(by=hanne, receiver=rygestop, name="Poul")
    karen.delete()
    mine.refresh_from_db()
    assert (mine.citizen_id, mine.needs, mine.name, mine.status) == (None, "", "", ReferralStatus.WITHDRAWN)
    assert mine.withdrawn_at is not None
    assert Referral.objects.get(pk=other.pk).needs  # someone else's is untouched
