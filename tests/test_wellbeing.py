"""Effect measurement: scoring, the paired change with its confidence interval, small numbers hidden, reminders at
most twice and never twice by re-running, who may open what, and hostile answers refused with nothing saved."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from sammen.core.report import sections
from sammen.notifications.models import OutboxMessage
from sammen.wellbeing import report, scales, services
from sammen.wellbeing.models import Answer, Invitation, Measurement, Point
from tests.factories import citizen, participating, staff
from tests.helpers import log_in_with_second_factor, with_totp

pytestmark = pytest.mark.django_db

GOOD = {
    "ucla3_1": "3",
    "ucla3_2": "3",
    "ucla3_3": "2",
    "who5_1": "2",
    "who5_2": "2",
    "who5_3": "1",
    "who5_4": "2",
    "who5_5": "3",
}
BETTER = {
    "ucla3_1": "2",
    "ucla3_2": "1",
    "ucla3_3": "2",
    "who5_1": "4",
    "who5_2": "3",
    "who5_3": "3",
    "who5_4": "3",
    "who5_5": "3",
}


def _start(person, fields=GOOD):
    measurement = services.invite(person, programme="visits", municipality=person.municipality)
    start = measurement.invitations.get(point=Point.START)
    return services.answer(by=person, invitation=start, fields=fields, consent=True)


def test_scoring_is_exact():
    assert scales.scores({"ucla3": [3, 3, 2], "who5": [2, 2, 1, 2, 3]}) == scales.Scores(ucla=8, who5=40)
    assert scales.scores({"ucla3": [1, 1, 1], "who5": [0, 0, 0, 0, 0]}) == scales.Scores(ucla=3, who5=0)
    assert scales.scores({"ucla3": [3, 3, 3], "who5": [5, 5, 5, 5, 5]}) == scales.Scores(ucla=9, who5=100)
    assert scales.is_lonely(7) and not scales.is_lonely(6)
    assert scales.is_poor_wellbeing(50) and not scales.is_poor_wellbeing(52)


def test_the_confidence_interval_matches_a_hand_computed_one():
    # Changes 4, 8, 12, 16, 20: mean 12, sd √40 = 6.3246, t(0.975, 4) = 2.7764: margin 7.853.
    estimate = report.paired_change([4, 8, 12, 16, 20])
    assert estimate.value == 12
    assert estimate.low == pytest.approx(4.147, abs=0.001)
    assert estimate.high == pytest.approx(19.853, abs=0.001)
    assert str(estimate) == "+12,0 (95 % KI +4,1 til +19,9)"
    assert str(report.paired_change([4, 8, 12, 16])) == "under 5"


def test_a_citizen_answers_at_the_start_and_at_three_months_and_the_effect_table_shows_it():
    herning = participating("Herning")
    people = [citizen("Herning") for _ in range(5)]
    for person in people:
        first = _start(person)
    assert (first.ucla, first.who5) == (8, 40)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=95)):
        for person in people:
            follow_up = Invitation.objects.get(measurement__citizen=person, point=Point.THREE_MONTHS)
            services.answer(by=person, invitation=follow_up, fields=BETTER)
        today = timezone.localdate()
        rows = {
            row.label: row
            for row in report.effect_rows(
                herning, today - datetime.timedelta(days=30), today, today - datetime.timedelta(days=365)
            )
        }
    assert str(rows["Besøgsvenner: personer med svar før og efter"].value) == "5"
    who5 = rows["Besøgsvenner: gennemsnitlig ændring i WHO-5-trivsel (0–100)"].value
    assert who5.value == 24 and who5.low == who5.high == 24
    assert str(rows["Besøgsvenner: andel med en WHO-5-forbedring på 10 point eller mere (%)"].value) == "100"
    assert (
        str(rows["Besøgsvenner: andel af de ensomme (UCLA-3 7 eller mere), som ikke længere er det (%)"].value) == "100"
    )
    assert str(rows["Besøgsvenner: personer med svar før og efter"].compared) == "0"
    assert "wellbeing" in [section.key for section in sections()]


def test_under_five_people_are_hidden():
    herning = participating("Herning")
    people = [citizen("Herning") for _ in range(4)]
    for person in people:
        _start(person)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=95)):
        for person in people:
            services.answer(
                by=person,
                invitation=Invitation.objects.get(measurement__citizen=person, point=Point.THREE_MONTHS),
                fields=BETTER,
            )
        today = timezone.localdate()
        rows = report.effect_rows(
            herning, today - datetime.timedelta(days=30), today, today - datetime.timedelta(days=365)
        )
    assert {str(row.value) for row in rows[:5]} == {"under 5"}


def test_invite_is_idempotent_and_reminders_come_at_most_twice():
    participating("Herning")
    karen = citizen("Herning", email="karen@example.dk")
    first = services.invite(karen, programme="talks", municipality=karen.municipality)
    assert services.invite(karen, programme="talks", municipality=karen.municipality) == first
    assert Measurement.objects.count() == 1
    assert not OutboxMessage.objects.filter(template="wellbeing/email/invitation.txt").exists()
    assert services.send_reminders() == 1  # the invitation, by the daily job
    assert services.send_reminders() == 0  # a week has not passed
    to_karen = OutboxMessage.objects.filter(address="karen@example.dk", template="wellbeing/email/invitation.txt")
    assert to_karen.count() == 1 and "/trivsel/spoergeskema/" in to_karen.get().body
    with time_machine.travel(timezone.now() + datetime.timedelta(days=8)):
        assert services.send_reminders() == 1
        assert services.send_reminders() == 0
    with time_machine.travel(timezone.now() + datetime.timedelta(days=16)):
        assert services.send_reminders() == 0
    assert OutboxMessage.objects.filter(template="wellbeing/email/invitation.txt").count() == 2
    with time_machine.travel(timezone.now() + datetime.timedelta(days=40)):
        services.send_reminders()
    first.refresh_from_db()
    assert first.closed_reason == "expired"


@pytest.mark.parametrize(
    "fields, message",
    [
        ({**GOOD, "who5_3": ""}, "spørgsmål 6"),
        ({**GOOD, "ucla3_1": "4"}, "spørgsmål 1"),
        ({**GOOD, "who5_5": "-1"}, "spørgsmål 8"),
        ({**GOOD, "who5_1": "3\x00"}, ""),
    ],
)
def test_hostile_answers_are_refused_in_danish_and_nothing_is_saved(client, fields, message):
    participating("Herning")
    karen = citizen("Herning")
    measurement = services.invite(karen, programme="own", municipality=karen.municipality)
    start = measurement.invitations.get(point=Point.START)
    client.force_login(karen)
    response = client.post(f"/trivsel/spoergeskema/{start.pk}/", {**fields, "consent": "yes"})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Answer.objects.exists()


def test_consent_is_needed_at_the_start(client):
    participating("Herning")
    karen = citizen("Herning")
    client.force_login(karen)
    response = client.post("/trivsel/start/")
    start = Invitation.objects.get(measurement__citizen=karen)
    assert response.url == f"/trivsel/spoergeskema/{start.pk}/"
    response = client.post(response.url, GOOD)
    assert "Sæt kryds" in response.content.decode()
    assert not Answer.objects.exists()
    response = client.post(f"/trivsel/spoergeskema/{start.pk}/", {**GOOD, "consent": "yes"}, follow=True)
    assert "40 ud af 100" in response.content.decode()


def test_nobody_else_opens_a_citizens_pages(client):
    participating("Herning")
    participating("Kolding")
    karen = citizen("Herning")
    answer = _start(karen)
    follow_up = Invitation.objects.get(measurement__citizen=karen, point=Point.THREE_MONTHS)
    urls = [
        f"/trivsel/spoergeskema/{follow_up.pk}/",
        f"/trivsel/svar/{answer.pk}/",
        f"/personale/kommune/657/trivsel/spoergeskema/{follow_up.pk}/",
        f"/personale/kommune/657/trivsel/svar/{answer.pk}/",
    ]
    for url in urls:
        assert client.get(url).url.startswith("/konto/login/")
    client.force_login(citizen("Herning"))
    for url in urls:
        assert client.get(url).status_code == 404
    outsider = staff("coordinator", "Kolding")
    with_totp(outsider)
    log_in_with_second_factor(client, outsider)
    for url in urls + [f"/personale/kommune/621/trivsel/spoergeskema/{follow_up.pk}/"]:
        assert client.get(url).status_code == 404
    assert client.post(f"/trivsel/{answer.invitation.measurement_id}/stop/").status_code == 404


def test_staff_answer_with_the_citizen_and_only_they_see_the_answer(client):
    participating("Herning")
    karen = citizen("Herning")
    measurement = services.invite(karen, programme="visits", municipality=karen.municipality)
    start = measurement.invitations.get(point=Point.START)
    outreach = staff("outreach", "Herning")
    with_totp(outreach)
    log_in_with_second_factor(client, outreach)
    response = client.post(
        f"/personale/kommune/657/trivsel/spoergeskema/{start.pk}/", {**GOOD, "consent": "yes"}, follow=True
    )
    assert "40 ud af 100" in response.content.decode()
    answer = Answer.objects.get()
    assert answer.assisted and answer.assisted_by == outreach
    colleague = staff("outreach", "Herning")
    with_totp(colleague)
    log_in_with_second_factor(client, colleague)
    assert client.get(f"/personale/kommune/657/trivsel/svar/{answer.pk}/").status_code == 404


def test_a_deleted_account_takes_the_answers_with_it():
    participating("Herning")
    karen = citizen("Herning")
    _start(karen)
    karen.delete()
    assert not Answer.objects.exists() and not Measurement.objects.exists()


def test_closed_measurements_are_deleted_after_the_retention_period_and_open_ones_stay(settings):
    from sammen.privacy import services as privacy
    from sammen.wellbeing.personal_data import purge_closed_measurements

    settings.SAMMEN_WELLBEING_RETENTION_DAYS = 730
    participating("Herning")
    closed_long_ago, closed_lately, still_open = (citizen("Herning") for _ in range(3))
    for person in (closed_long_ago, closed_lately, still_open):
        _start(person)
    now = timezone.now()
    Measurement.objects.filter(citizen=closed_long_ago).update(closed_at=now - datetime.timedelta(days=731))
    Measurement.objects.filter(citizen=closed_lately).update(closed_at=now - datetime.timedelta(days=729))
    privacy.run_retention(now)
    assert set(Measurement.objects.values_list("citizen", flat=True)) == {closed_lately.pk, still_open.pk}
    assert Answer.objects.count() == 2
    assert purge_closed_measurements(now) == 0  # nothing more the second time
