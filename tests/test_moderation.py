"""Reports reach the moderators of the municipality concerned, who act; blocking works."""

import pytest
from django.core import mail

from sammen.access.models import Block, Suspension
from sammen.audit.models import AuditEntry
from sammen.core.errors import SammenError
from sammen.messaging import services as messaging
from sammen.moderation import services
from sammen.moderation.models import Report, ReportStatus
from sammen.taxonomy.models import Category
from tests.factories import citizen
from tests.factories.bubbles import posted_bubble
from tests.helpers import log_in_with_second_factor

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(karen_in_herning, ole_in_kolding):
    """Karen in Herning, Ole in Kolding, and the walk Karen posted, which anyone may see."""
    bubble = posted_bubble(
        karen_in_herning,
        title="Gåtur",
        body="Tur ved åen",
        category=Category.objects.get(slug="gaature"),
        online_ok=False,
    )
    return karen_in_herning, ole_in_kolding, bubble


def test_a_report_reaches_the_moderators_who_act_and_the_reporter_is_told(
    client, people, moderator_in_herning, moderator_in_kolding, django_capture_on_commit_callbacks
):
    karen, ole, bubble = people
    conversation = messaging.respond_to_bubble(bubble=bubble, responder=ole)
    message = messaging.send_message(conversation=conversation, sender=ole, body="Vil du på date med mig?")
    client.force_login(karen)
    response = client.post(
        f"/rapport/besked/{message.pk}/", {"reason": "dating", "text": "Han vil på date"}, follow=True
    )
    assert "Tak." in response.content.decode()
    report = Report.objects.get()
    assert report.municipality.name == "Kolding"  # where the reported person lives

    log_in_with_second_factor(client, moderator_in_herning)
    for municipality_code in ("621", "657"):
        path = f"/personale/kommune/{municipality_code}/moderation/{report.pk}/"
        assert client.get(path).status_code == 404
        assert client.post(path, {"action": "hide_message"}).status_code == 404
    message.refresh_from_db()
    assert message.hidden_at is None
    assert not AuditEntry.objects.filter(actor_id=moderator_in_herning.pk).exists()

    moderator = moderator_in_kolding
    log_in_with_second_factor(client, moderator)
    queue = client.get("/personale/kommune/621/moderation/").content.decode()
    assert "Henvendelse om dating" in queue
    page = client.get(f"/personale/kommune/621/moderation/{report.pk}/").content.decode()
    assert "Vil du på date med mig?" in page
    assert AuditEntry.objects.filter(
        action="personal_data.viewed", actor_id=moderator.pk, data_subject_id=ole.pk
    ).exists()

    client.post(f"/personale/kommune/621/moderation/{report.pk}/", {"action": "hide_message"})
    message.refresh_from_db()
    assert message.hidden_at is not None
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/personale/kommune/621/moderation/{report.pk}/",
            {"action": "suspend", "suspend-days": "7", "suspend-reason": "Dating er ikke tilladt"},
        )
        client.post(
            f"/personale/kommune/621/moderation/{report.pk}/",
            {"action": "resolve", "resolve-outcome": "Beskeden er skjult, og profilen er suspenderet i 7 dage."},
        )
    assert Suspension.objects.filter(user=ole).exists()
    report.refresh_from_db()
    assert report.status == ReportStatus.RESOLVED
    recipients = [m.to[0] for m in mail.outbox]
    assert "ole@example.dk" in recipients and "karen@example.dk" in recipients
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"moderation.message.hidden", "moderation.user.suspended", "moderation.report.resolved"} <= actions

    client.force_login(ole)
    client.post(f"/samtaler/{conversation.pk}/", {"body": "Undskyld"})
    assert conversation.messages.count() == 1


def test_moderator_hides_and_restores_a_bubble(client, people, moderator_in_herning):
    karen, ole, bubble = people
    client.force_login(ole)
    client.post(f"/rapport/boble/{bubble.pk}/", {"reason": "offensive"})
    report = Report.objects.get()
    log_in_with_second_factor(client, moderator_in_herning)
    client.post(f"/personale/kommune/657/moderation/{report.pk}/", {"action": "hide_bubble"})
    client.force_login(ole)
    assert client.get(f"/bobler/{bubble.pk}/").status_code == 404
    log_in_with_second_factor(client, moderator_in_herning)
    client.post(f"/personale/kommune/657/moderation/{report.pk}/", {"action": "restore_bubble"})
    client.force_login(ole)
    assert client.get(f"/bobler/{bubble.pk}/").status_code == 200


def test_resolving_needs_an_outcome(client, people, moderator_in_herning):
    karen, ole, bubble = people
    client.force_login(ole)
    client.post(f"/rapport/boble/{bubble.pk}/", {"reason": "spam"})
    report = Report.objects.get()
    log_in_with_second_factor(client, moderator_in_herning)
    page = client.post(
        f"/personale/kommune/657/moderation/{report.pk}/", {"action": "resolve", "resolve-outcome": ""}
    ).content.decode()
    assert "Skriv, hvad du gjorde" in page
    report.refresh_from_db()
    assert report.status == ReportStatus.OPEN


def test_blocking_hides_bubbles_and_stops_writing(client, people):
    karen, ole, bubble = people
    conversation = messaging.respond_to_bubble(bubble=bubble, responder=ole)
    client.force_login(ole)
    client.post(f"/bloker/{karen.pk}/", {"action": "block"})
    assert Block.objects.filter(blocker=ole, blocked=karen).exists()
    assert f'href="/bobler/{bubble.pk}/"' not in client.get("/bobler/").content.decode()
    assert client.get(f"/bobler/{bubble.pk}/").status_code == 404
    client.force_login(karen)
    client.post(f"/samtaler/{conversation.pk}/", {"body": "Hallo?"})
    assert conversation.messages.count() == 0
    page = client.get(f"/samtaler/{conversation.pk}/").content.decode()
    assert "Du kan ikke skrive til denne person." in page


def test_the_blocked_person_no_longer_sees_the_blockers_bubbles(client, people):
    karen, ole, bubble = people
    messaging.respond_to_bubble(bubble=bubble, responder=ole)
    client.force_login(karen)
    client.post(f"/bloker/{ole.pk}/", {"action": "block"})
    assert Block.objects.filter(blocker=karen, blocked=ole).exists()
    client.force_login(ole)
    assert f'href="/bobler/{bubble.pk}/"' not in client.get("/bobler/").content.decode()
    assert client.get(f"/bobler/{bubble.pk}/").status_code == 404
    client.force_login(karen)
    assert client.get(f"/bobler/{bubble.pk}/").status_code == 200


def test_report_and_block_pages_only_for_people_one_has_met(client, people):
    karen, ole, bubble = people
    stranger = citizen("Kolding", display_name="Ukendt Person")
    client.force_login(ole)
    assert client.get(f"/bloker/{stranger.pk}/").status_code == 404
    assert client.get(f"/rapport/person/{stranger.pk}/").status_code == 404
    assert client.post(f"/bloker/{stranger.pk}/", {"action": "block"}).status_code == 404
    assert client.post(f"/rapport/person/{stranger.pk}/", {"reason": "spam", "text": "Hvem er det?"}).status_code == 404
    assert not Block.objects.exists()
    assert not Report.objects.exists()
    # Karen's bubble is visible to everyone, so Ole may report or block her.
    assert "Karen" in client.get(f"/bloker/{karen.pk}/").content.decode()


def test_a_report_needs_a_reason(client, people):
    karen, ole, bubble = people
    client.force_login(ole)
    page = client.post(f"/rapport/boble/{bubble.pk}/", {"reason": "", "text": "Noget"}).content.decode()
    assert "Vælg en grund." in page and "Noget" in page
    assert not Report.objects.exists()


def test_a_hidden_bubble_cannot_be_reached_through_the_report_page(client, people):
    from django.utils import timezone

    from sammen.bubbles.models import Bubble

    karen, ole, bubble = people
    Bubble.objects.filter(pk=bubble.pk).update(hidden_at=timezone.now())
    client.force_login(ole)
    assert client.get(f"/rapport/boble/{bubble.pk}/").status_code == 404
    assert client.post(f"/rapport/boble/{bubble.pk}/", {"reason": "spam"}).status_code == 404
    assert not Report.objects.exists()


def test_a_report_with_a_cpr_number_is_refused_and_kept(client, people):
    karen, ole, bubble = people
    client.force_login(ole)
    page = client.post(f"/rapport/boble/{bubble.pk}/", {"reason": "worried", "text": "Hendes cpr er 010150-1234"})
    assert "CPR-nummer" in page.content.decode()
    assert "Hendes cpr er 010150-1234" in page.content.decode()
    assert not Report.objects.exists()


def test_a_non_party_cannot_report_a_private_message(client, people):
    karen, ole, bubble = people
    conversation = messaging.respond_to_bubble(bubble=bubble, responder=ole)
    message = messaging.send_message(conversation=conversation, sender=ole, body="Privat")
    client.force_login(citizen("Herning"))
    assert client.get(f"/rapport/besked/{message.pk}/").status_code == 404
    assert client.post(f"/rapport/besked/{message.pk}/", {"reason": "spam"}).status_code == 404
    assert not Report.objects.exists()


def test_the_moderation_services_refuse_anyone_but_the_persons_own_moderators_and_change_nothing(
    people, moderator_in_kolding, coordinator_in_herning
):
    """The access rule: a service that takes the acting person checks it (not only the page's decorator)."""
    karen, ole, bubble = people
    before = (AuditEntry.objects.count(), Suspension.objects.count(), len(mail.outbox))
    for outsider in (moderator_in_kolding, coordinator_in_herning, ole):
        with pytest.raises(SammenError):
            services.hide_bubble(bubble=bubble, by=outsider)
        with pytest.raises(SammenError):
            services.warn_user(user=karen, by=outsider, text="Pas på")
        with pytest.raises(SammenError):
            services.suspend_user(user=karen, by=outsider, days=3, reason="Spam")
    bubble.refresh_from_db()
    assert bubble.hidden_at is None
    assert (AuditEntry.objects.count(), Suspension.objects.count(), len(mail.outbox)) == before
