"""A citizen creates, edits, closes and reopens bubbles; the rules that keep bubbles safe."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from sammen.bubbles import services
from sammen.bubbles.models import Bubble, BubbleStatus, CrossMunicipalityViewing
from sammen.core.errors import SammenError
from sammen.core.text_policy import contains_contact_details, contains_cpr_number
from sammen.municipalities.models import ParticipationPeriod
from sammen.taxonomy.models import Category
from tests.factories import citizen, municipality

pytestmark = pytest.mark.django_db


def bubble_data(**overrides) -> dict:
    data = {
        "title": "Gåtur i Gullestrup",
        "body": "Jeg vil gerne gå en tur om formiddagen med en, der også kan lide naturen.",
        "category": Category.objects.get(slug="gaature").pk,
        "age_min": "60",
        "age_max": "90",
        "municipality": municipality("Herning").pk,
        "postal_code": "7400",
        "online_ok": "",
    }
    data.update(overrides)
    return data


def test_citizen_creates_a_bubble(client, karen_in_herning):
    client.force_login(karen_in_herning)
    response = client.post("/bobler/ny/", bubble_data(), follow=True)
    page = response.content.decode()
    assert "Din boble er offentliggjort." in page
    bubble = Bubble.objects.get()
    assert (bubble.title, bubble.author, bubble.status) == ("Gåtur i Gullestrup", karen_in_herning, BubbleStatus.OPEN)
    assert bubble.expires_at > timezone.now() + datetime.timedelta(days=80)
    assert "<h1>Gåtur i Gullestrup</h1>" in page


@pytest.mark.parametrize("text", ["Mit cpr er 010150-1234", "ring 2412501234 hvis du vil", "cpr 311299 1234"])
def test_a_bubble_with_a_cpr_number_is_not_published(client, karen_in_herning, text):
    client.force_login(karen_in_herning)
    response = client.post("/bobler/ny/", bubble_data(body=text))
    page = response.content.decode()
    assert "ligner et CPR-nummer" in page
    assert text in page  # what was typed is kept
    assert not Bubble.objects.exists()


def test_phone_numbers_publish_with_a_warning(client, karen_in_herning):
    client.force_login(karen_in_herning)
    response = client.post("/bobler/ny/", bubble_data(body="Ring på 20 30 40 50, så går vi en tur"), follow=True)
    assert "Alle kan læse det." in response.content.decode()
    assert Bubble.objects.count() == 1


def test_detectors():
    assert contains_cpr_number("0101501234") and contains_cpr_number("010150-1234")
    assert not contains_cpr_number("9999991234")  # not a date
    assert contains_cpr_number("010150–1234") and contains_cpr_number("01.01.50-1234")
    assert contains_cpr_number("0101 50 1234") and contains_cpr_number("010150 - 1234")
    assert not contains_cpr_number("tlf 20304050")
    assert contains_contact_details("skriv til karen@example.dk")
    assert contains_contact_details("+45 20 30 40 50")
    assert not contains_contact_details("Vi mødes kl. 10 ved søen")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "", "Giv din boble en titel."),
        ("age_min", "12", "Sammen er for personer på 15 år og derover."),
        ("age_max", "40", "“Til alder” skal være den samme som eller højere end “fra alder”."),
        ("postal_code", "74", "Et postnummer har præcis 4 cifre, fx 7400."),
    ],
)
def test_bad_bubble_input_is_refused_in_danish(client, karen_in_herning, field, value, message):
    client.force_login(karen_in_herning)
    response = client.post("/bobler/ny/", bubble_data(**{field: value}))
    assert message in response.content.decode()
    assert not Bubble.objects.exists()


def test_daily_limit(client, karen_in_herning, settings):
    settings.SAMMEN_BUBBLES_PER_DAY = 2
    client.force_login(karen_in_herning)
    for n in range(2):
        client.post("/bobler/ny/", bubble_data(title=f"Boble {n}"))
    response = client.post("/bobler/ny/", bubble_data(title="En for meget"))
    assert "Du kan højst oprette 2 bobler om dagen." in response.content.decode()
    assert Bubble.objects.count() == 2


def test_posting_needs_a_photo_or_symbol(client, herning):
    person = citizen("Herning", avatar_symbol="")
    client.force_login(person)
    response = client.post("/bobler/ny/", bubble_data())
    assert "Tilføj et billede eller vælg et symbol" in response.content.decode()


def test_residents_of_a_non_participating_municipality_cannot_post(client):
    person = citizen("Ikast-Brande", avatar_symbol="sun")
    client.force_login(person)
    response = client.post("/bobler/ny/", bubble_data())
    assert "Ikast-Brande Kommune deltager ikke i Sammen" in response.content.decode()
    assert not Bubble.objects.exists()


def test_author_edits_closes_and_reopens(client, karen_in_herning):
    client.force_login(karen_in_herning)
    client.post("/bobler/ny/", bubble_data())
    bubble = Bubble.objects.get()
    client.post(f"/bobler/{bubble.pk}/ret/", bubble_data(title="Gåtur ved Fuglsang Sø"))
    bubble.refresh_from_db()
    assert bubble.title == "Gåtur ved Fuglsang Sø"
    client.post(f"/bobler/{bubble.pk}/luk/")
    bubble.refresh_from_db()
    assert bubble.status == BubbleStatus.CLOSED
    client.post(f"/bobler/{bubble.pk}/genaabn/")
    bubble.refresh_from_db()
    assert bubble.status == BubbleStatus.OPEN


def test_others_cannot_edit(client, karen_in_herning):
    client.force_login(karen_in_herning)
    client.post("/bobler/ny/", bubble_data())
    bubble = Bubble.objects.get()
    client.force_login(citizen("Herning"))
    assert client.post(f"/bobler/{bubble.pk}/ret/", bubble_data(title="Hacket")).status_code == 404
    assert client.post(f"/bobler/{bubble.pk}/luk/").status_code == 404
    bubble.refresh_from_db()
    assert (bubble.title, bubble.status) == ("Gåtur i Gullestrup", BubbleStatus.OPEN)


def test_bubbles_expire_with_a_reminder_first(karen_in_herning, django_capture_on_commit_callbacks):
    bubble = services.create_bubble(author=karen_in_herning, fields=_fields())
    reminder_day = bubble.expires_at - datetime.timedelta(days=3)
    with time_machine.travel(reminder_day), django_capture_on_commit_callbacks(execute=True):
        assert services.send_expiry_reminders() == 1
        assert services.send_expiry_reminders() == 0  # once only
    assert mail.outbox[-1].to == [karen_in_herning.email]
    assert "Gåtur i Gullestrup" in mail.outbox[-1].subject
    with time_machine.travel(bubble.expires_at + datetime.timedelta(minutes=1)):
        assert services.expire_due_bubbles() == 1
        assert services.expire_due_bubbles() == 0
    bubble.refresh_from_db()
    assert bubble.status == BubbleStatus.EXPIRED


def _fields(**overrides):
    fields = {
        "title": "Gåtur i Gullestrup",
        "body": "Formiddagstur med kaffe bagefter.",
        "category": Category.objects.get(slug="gaature"),
        "age_min": 60,
        "age_max": 90,
        "municipality": municipality("Herning"),
        "postal_code": "7400",
        "online_ok": False,
    }
    fields.update(overrides)
    return fields


def test_service_refuses_cpr_without_a_half_written_row(karen_in_herning):
    with pytest.raises(SammenError):
        services.create_bubble(author=karen_in_herning, fields=_fields(body="0101501234"))
    assert not Bubble.objects.exists()


def test_looking_at_other_municipalities_is_recorded_per_month(client, karen_in_herning, kolding):
    other = citizen("Kolding", avatar_symbol="sun")
    kolding_bubble = services.create_bubble(author=other, fields=_fields(municipality=kolding))
    client.force_login(karen_in_herning)
    client.get("/bobler/")
    assert not CrossMunicipalityViewing.objects.exists()  # the list of all Denmark is the default, not a choice
    client.get(f"/bobler/{kolding_bubble.pk}/")
    row = CrossMunicipalityViewing.objects.get(user=karen_in_herning)
    assert row.viewed_other and row.month == timezone.localdate().replace(day=1)


def test_non_participating_authors_bubbles_stay_visible(client, karen_in_herning):
    bubble = services.create_bubble(author=karen_in_herning, fields=_fields())
    period = ParticipationPeriod.objects.get(municipality__name="Herning")
    period.ends_on = timezone.localdate() - datetime.timedelta(days=1)
    period.save()
    client.force_login(citizen("Kolding"))
    page = client.get(f"/bobler/{bubble.pk}/").content.decode()
    assert "Gåtur i Gullestrup" in page
    assert "Herning Kommune deltager ikke længere i Sammen, så ingen kan svare på denne boble." in page
    assert "Svar på boblen" not in page


def test_a_suspended_author_cannot_edit_a_bubble(karen_in_herning, platform_administrator):
    from sammen.moderation.services import suspend_user

    bubble = services.create_bubble(author=karen_in_herning, fields=_fields())
    suspend_user(user=karen_in_herning, by=platform_administrator, days=3, reason="Chikane")
    with pytest.raises(SammenError):
        services.update_bubble(bubble=bubble, by=karen_in_herning, fields={"title": "Ændret"})
    bubble.refresh_from_db()
    assert bubble.title == "Gåtur i Gullestrup"


def test_hidden_bubbles_get_no_expiry_reminder(karen_in_herning):
    bubble = services.create_bubble(author=karen_in_herning, fields=_fields())
    Bubble.objects.filter(pk=bubble.pk).update(hidden_at=timezone.now())
    with time_machine.travel(bubble.expires_at - datetime.timedelta(days=3)):
        assert services.send_expiry_reminders() == 0


def test_plain_text_mails_are_not_html_escaped(karen_in_herning, django_capture_on_commit_callbacks):
    bubble = services.create_bubble(author=karen_in_herning, fields=_fields(title='Kaffe & kage "hos" Bo'))
    reminder_day = bubble.expires_at - datetime.timedelta(days=3)
    with time_machine.travel(reminder_day), django_capture_on_commit_callbacks(execute=True):
        services.send_expiry_reminders()
    assert 'Kaffe & kage "hos" Bo' in mail.outbox[-1].body
