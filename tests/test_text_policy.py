"""The one text policy for everything a person types: a CPR number is refused field by field whatever separates
its digits, control characters and line breaks in one-line fields are refused, contact details are warned about;
each refusal has one Danish message, shown on the field, keeps what was typed and changes nothing. And an id too
long for the database is "not found" or a message, never a server error."""

import html

import pytest
from django.core import mail

from sammen.access.models import Suspension
from sammen.activities.models import Activity, Occurrence, OrganiserMessage
from sammen.associations.models import Association, Invitation
from sammen.audit.models import AuditEntry
from sammen.bubbles import services as bubbles
from sammen.bubbles.models import Bubble
from sammen.core import text_policy
from sammen.core.errors import SammenError
from sammen.core.ids import parse_id
from sammen.core.text_policy import TextRefused, check_text, contains_contact_details, contains_cpr_number, normalise
from sammen.messaging import services as messaging
from sammen.messaging.models import Message
from sammen.moderation.models import Report, ReportStatus
from sammen.municipalities.models import MunicipalUnit
from sammen.notifications.models import OutboxMessage
from sammen.offers import services as offers
from sammen.offers.models import Offer, OfferStatus
from sammen.staff.services import DETAIL_FIELDS
from sammen.taxonomy.models import Category
from tests.factories import BubbleFactory, ConversationFactory, ReportFactory, citizen, municipality, participating
from tests.factories import staff as staff_member
from tests.factories.activities import activity_with_dates, create_form_data
from tests.factories.associations import association_fields, association_represented_by, registered_association
from tests.factories.bubbles import posted_bubble
from tests.factories.offers import offer_fields
from tests.helpers import log_in_with_second_factor

pytestmark = pytest.mark.django_db

HERNING = "657"
TOO_LONG = "99999999999999999999999"  # 23 digits: more than any database integer column holds


def say(key: str) -> str:
    """The policy's message as the person reads it (Danish in these tests)."""
    return str(text_policy.MESSAGES[key])


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def refused_on_field(response, field: str, key: str, *, form: str = "form") -> str:
    """The page shows the policy's message on ``field`` of the form; returns the page's text."""
    assert response.status_code == 200
    assert response.context[form].errors[field] == [say(key)]
    page = page_text(response)
    assert say(key) in page
    return page


@pytest.fixture
def karen(karen_in_herning, kolding):
    """Karen in Herning, from the shared cast; Kolding takes part too."""
    return karen_in_herning


def staff(client, role: str):
    person = staff_member(role, "Herning")
    log_in_with_second_factor(client, person)
    return person


def nothing_told() -> bool:
    return not OutboxMessage.objects.exists() and mail.outbox == []


# --- The policy itself ---------------------------------------------------------------------------------------

SEPARATED_CPR_NUMBERS = [
    "0101501234",
    "010150-1234",
    "010150 - 1234",
    "010150\u22121234",  # the minus sign
    "010150/1234",
    "010150_1234",
    "01/01/50 1234",
    "01_01_50_1234",
    "01.01.50-1234",
    "0101 50 1234",
    "010150\t1234",
    "010150\u00a01234",  # a no-break space
    *(f"010150{dash}1234" for dash in "\u2010\u2011\u2012\u2013\u2014\u2015"),
    "0101\u200b50-1234",  # zero-width space
    "0101\u200c501234",  # zero-width non-joiner
    "0101\u200d501234",  # zero-width joiner
    "0101\u2060501234",  # word joiner
    "\ufeff010150-1234",  # byte order mark
    "010150\u00ad1234",  # soft hyphen
    "\uff10\uff11\uff10\uff11\uff15\uff10-\uff11\uff12\uff13\uff14",  # full-width digits
    "\u2070\u00b9\u2070\u00b9\u2075\u2070\u00b9\u00b2\u00b3\u2074",  # superscript digits
]


@pytest.mark.parametrize("number", SEPARATED_CPR_NUMBERS)
def test_a_cpr_number_is_found_whatever_separates_or_hides_between_its_digits(number):
    assert contains_cpr_number(number)
    assert contains_cpr_number(f"Mit nummer er {number}, skriv endelig")


@pytest.mark.parametrize(
    "url",
    [
        "https://example.dk/borgere/010150-1234/",
        "https://example.dk/side?cpr=0101501234",
        "https://example.dk/010150%2D1234",
        "https://example.dk/?q=010150+1234",
    ],
)
def test_a_cpr_number_in_a_link_is_found(url):
    assert contains_cpr_number(url)


@pytest.mark.parametrize(
    "text",
    [
        "Prisen er 1.250,00 kr., kaffe 20 kr.",
        "Sæsonen 2024-2025 starter i uge 34",
        "Ring på 20 30 40 50 eller +45 2030 4050",
        "7400 Herning, Bethaniagade 12",
        "9999991234",  # no such date
        "320150-1234",  # no 32nd day
        "011350-1234",  # no 13th month
        "12345678901",  # eleven digits
        "Vi mødes kl. 10.00-12.00 den 12/12",
        "https://sammen.dk/aktiviteter/12345/",
        "Født i 1950, postnummer 7400",
    ],
)
def test_ordinary_text_is_not_taken_for_a_cpr_number(text):
    assert not contains_cpr_number(text)


def test_normalising_folds_look_alike_digits_and_drops_invisible_characters_but_not_danish_letters():
    assert normalise("\uff10\uff11\uff12\uff13") == "0123"
    assert normalise("a\u200bb\u200cc\u200dd\u2060e\ufefff\u00adg") == "abcdefg"
    assert normalise("Ærø og Åbenrå") == "Ærø og Åbenrå"
    assert normalise("A\u030arhus") == "Århus"  # a decomposed å is put together, not dropped


def test_contact_details_are_found_and_a_cpr_number_is_not_taken_for_a_phone_number():
    assert contains_contact_details("skriv til karen@example.dk")
    assert contains_contact_details("ring på \uff12\uff10 \uff13\uff10 \uff14\uff10 \uff15\uff10")
    assert contains_contact_details("+45 20 30 40 50")
    assert not contains_contact_details("mit nummer er 010150-1234")
    assert not contains_contact_details("Vi går en tur kl. 10 fra kirken")


@pytest.mark.parametrize("line_break", ["\n", "\r", "\r\n", "\u2028", "\u2029"])
def test_a_one_line_field_refuses_a_line_break(line_break):
    with pytest.raises(TextRefused) as refused:
        check_text({"title": f"Gåtur{line_break}Bcc: alle@example.dk"})
    assert (refused.value.field, str(refused.value)) == ("title", say("line_break"))


def test_multi_line_text_keeps_its_line_breaks_and_tabs():
    assert check_text({"body": "Hej\r\nVi ses\n\tkl. 10\u2028Karen"}, multi_line={"body"}) == []


@pytest.mark.parametrize("control", ["\x00", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x7f", "\x85"])
@pytest.mark.parametrize("multi_line", [False, True], ids=["one line", "multi-line"])
def test_nul_and_other_control_characters_are_refused_in_every_text(control, multi_line):
    with pytest.raises(TextRefused) as refused:
        check_text({"body": f"Hej{control}med dig"}, multi_line={"body"} if multi_line else ())
    assert (refused.value.field, str(refused.value)) == ("body", say("control"))


def test_a_tab_is_refused_in_a_one_line_field():
    with pytest.raises(TextRefused) as refused:
        check_text({"display_name": "Karen\tNielsen"})
    assert str(refused.value) == say("control")


def test_each_field_is_checked_on_its_own_and_the_refused_one_is_named():
    # Joined, the end of one field and the start of the next would look like a CPR number.
    assert check_text({"title": "Mødested 010150", "address": "1234 skridt fra stationen"}) == []
    with pytest.raises(TextRefused) as refused:
        check_text({"title": "Gåtur", "description": "cpr 010150-1234"}, multi_line={"description"})
    assert refused.value.field == "description"
    assert isinstance(refused.value, SammenError) and str(refused.value) == say("cpr")


def test_contact_details_are_reported_only_for_the_fields_the_caller_asks_about():
    fields = {"title": "Ring 20 30 40 50", "body": "Skriv til karen@example.dk", "address": "Søvej 1, tlf 20304050"}
    warned = check_text(fields, multi_line={"body"}, warn_about_contact_details=("title", "body"))
    assert warned == ["title", "body"]


def test_the_messages_are_danish():
    assert "ligner et CPR-nummer" in say("cpr")
    assert "styretegn" in say("control")
    assert "linjeskift" in say("line_break")


def test_an_id_is_a_whole_number_a_database_column_can_hold():
    assert parse_id("42") == 42 and parse_id(42) == 42 and parse_id(" 7 ") == 7
    for raw in (None, "", "-1", "4.2", "1e3", "abc", "\u0664\u0662", TOO_LONG):
        assert parse_id(raw) is None


# --- Bubbles ---------------------------------------------------------------------------------------------------


def bubble_data(**overrides) -> dict:
    data = {
        "title": "Gåtur i Gullestrup",
        "body": "Jeg vil gerne gå en tur om formiddagen.",
        "category": Category.objects.get(slug="gaature").pk,
        "age_min": "60",
        "age_max": "90",
        "municipality": municipality("Herning").pk,
        "postal_code": "7400",
    }
    return data | overrides


@pytest.mark.parametrize(
    ("field", "typed", "key"),
    [
        ("title", "Gåtur 010150\u22121234", "cpr"),
        ("body", "Mit nummer er 0101\u200b50-1234, ring", "cpr"),
        ("title", "Gåtur\r\nBcc: alle@example.dk", "line_break"),
    ],
)
def test_a_bubble_is_refused_on_the_field_keeps_what_was_typed_and_is_not_published(client, karen, field, typed, key):
    client.force_login(karen)
    page = refused_on_field(client.post("/bobler/ny/", bubble_data(**{field: typed})), field, key)
    assert typed in page
    assert not Bubble.objects.exists()


def test_an_edited_bubble_with_a_cpr_number_keeps_its_old_text(client, karen):
    bubble = posted_bubble(karen, body="Vi strikker hver tirsdag.")
    client.force_login(karen)
    response = client.post(f"/bobler/{bubble.pk}/ret/", bubble_data(body="Ring 010150_1234"))
    refused_on_field(response, "body", "cpr")
    bubble.refresh_from_db()
    assert bubble.body == "Vi strikker hver tirsdag."
    with pytest.raises(TextRefused):
        bubbles.update_bubble(bubble=bubble, by=karen, fields={"title": "Strik\nBcc: alle@example.dk"})
    bubble.refresh_from_db()
    assert bubble.title == "Strikkeklub i Herning"


def test_contact_details_in_a_bubble_still_publish_with_a_warning(client, karen):
    client.force_login(karen)
    response = client.post("/bobler/ny/", bubble_data(title="Gåtur – skriv til karen@example.dk"), follow=True)
    assert "Alle kan læse det." in page_text(response)
    assert Bubble.objects.count() == 1


# --- Messages --------------------------------------------------------------------------------------------------


@pytest.fixture
def conversation(karen, ole_in_kolding):
    return ConversationFactory(bubble=BubbleFactory(author=karen), responder=ole_in_kolding)


@pytest.mark.parametrize(
    ("typed", "key"),
    [("Hej\x00med dig", "control"), ("Mit cpr er 010150\u22121234", "cpr"), ("Ring 0101 50 1234", "cpr")],
    ids=["NUL", "minus sign", "spaces"],
)
def test_a_message_with_a_nul_or_a_cpr_number_is_refused_and_kept_in_the_box(client, conversation, typed, key):
    client.force_login(conversation.responder)
    response = client.post(f"/samtaler/{conversation.pk}/", {"body": typed})
    assert response.status_code == 200
    assert say(key) in page_text(response)
    assert response.context["typed"] == typed
    assert not Message.objects.exists()


def test_a_message_keeps_its_line_breaks(conversation):
    message = messaging.send_message(conversation=conversation, sender=conversation.responder, body="Hej\r\n\r\nOle")
    assert message.body == "Hej\r\n\r\nOle"


# --- Moderation ------------------------------------------------------------------------------------------------


def test_a_report_with_a_cpr_number_is_refused_on_the_field(client, karen):
    bubble = BubbleFactory(author=citizen("Herning"))
    client.force_login(karen)
    response = client.post(f"/rapport/boble/{bubble.pk}/", {"reason": "worried", "text": "Hendes cpr: 01.01.50-1234"})
    assert "Hendes cpr: 01.01.50-1234" in refused_on_field(response, "text", "cpr")
    assert not Report.objects.exists() and not AuditEntry.objects.filter(action="moderation.report.made").exists()


@pytest.mark.parametrize(
    ("action", "field", "typed", "extra"),
    [
        ("warn", "text", "Du skrev 010150-1234 til Ole.", {}),
        ("suspend", "reason", "Han delte 010150/1234.", {"suspend-days": "7"}),
        ("resolve", "outcome", "Vi fjernede 0101501234.", {}),
    ],
)
def test_a_moderator_text_with_a_cpr_number_is_refused_on_its_field_and_nothing_happens(
    client, action, field, typed, extra
):
    participating("Herning")
    report = ReportFactory(reported_user=citizen("Herning"))
    staff(client, "moderator")
    data = {"action": action, f"{action}-{field}": typed, **extra}
    response = client.post(f"/personale/kommune/{HERNING}/moderation/{report.pk}/", data)
    assert typed in refused_on_field(response, field, "cpr", form=action)
    report.refresh_from_db()
    assert report.status == ReportStatus.OPEN and report.outcome == ""
    assert not Suspension.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="moderation.").exists()
    assert nothing_told()


# --- Activities ------------------------------------------------------------------------------------------------

ACTIVITY_TEXTS = [
    ("title", "Gåtur 010150-1234", "cpr"),
    ("description", "Ring til mig, mit cpr er 0101 50 1234.", "cpr"),
    ("address", "Søvej 1, 010150\u22121234", "cpr"),
    ("online_url", "https://moede.example.dk/rum/010150-1234", "cpr"),
    ("title", "Gåtur\nBcc: alle@example.dk", "line_break"),
    ("address", "Søvej 1\u2028Herning", "line_break"),
]


@pytest.mark.parametrize(("field", "typed", "key"), ACTIVITY_TEXTS)
def test_an_activity_is_refused_on_the_field_keeps_what_was_typed_and_creates_nothing(client, karen, field, typed, key):
    client.force_login(karen)
    response = client.post("/aktiviteter/ny/", create_form_data(**{field: typed}))
    page = refused_on_field(response, field, key)
    assert typed in page
    assert not Activity.objects.exists() and not Occurrence.objects.exists()


def test_a_crafted_post_with_a_line_break_in_an_edited_title_changes_nothing(client, karen):
    activity = activity_with_dates(organiser=karen, title="Gåtur ved søen")
    client.force_login(karen)
    response = client.post(f"/aktiviteter/{activity.pk}/rediger/", create_form_data(title="Gåtur\r\nX-Header: 1"))
    refused_on_field(response, "title", "line_break")
    activity.refresh_from_db()
    assert activity.title == "Gåtur ved søen"


def test_a_cancel_reason_or_a_message_with_a_cpr_number_is_refused_and_nobody_is_told(client, karen):
    activity = activity_with_dates(organiser=karen)
    occurrence = activity.occurrences.get()
    client.force_login(karen)
    response = client.post(f"/aktiviteter/{activity.pk}/aflys/", {"reason": "Lederen 010150-1234 er syg"})
    assert "Lederen 010150-1234 er syg" in refused_on_field(response, "reason", "cpr")
    response = client.post(f"/aktiviteter/dato/{occurrence.pk}/aflys/", {"reason": "Syg: 010150_1234"})
    refused_on_field(response, "reason", "cpr", form="cancel_form")
    response = client.post(f"/aktiviteter/dato/{occurrence.pk}/besked/", {"body": "Ring 0101\u200b501234"})
    refused_on_field(response, "body", "cpr", form="message_form")
    activity.refresh_from_db()
    occurrence.refresh_from_db()
    assert activity.cancelled_at is None and occurrence.cancelled_at is None and occurrence.cancel_reason == ""
    assert not OrganiserMessage.objects.exists() and nothing_told()


# --- Associations, invitations and municipal units -------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "typed", "key"),
    [
        ("name", "Skakklubben 010150-1234", "cpr"),
        ("description", "Formanden har cpr 0101\u00ad50-1234.", "cpr"),
        ("website", "https://skak.example.dk/medlem/010150-1234", "cpr"),
        ("contact_phone", "010150 1234", "cpr"),
        ("name", "Skak\r\nklubben", "line_break"),
    ],
)
def test_an_association_is_refused_on_the_field_and_not_registered(client, karen, field, typed, key):
    client.force_login(karen)
    page = refused_on_field(client.post("/foreninger/ny/", association_fields(**{field: typed})), field, key)
    assert typed in page
    assert not Association.objects.exists()


def test_an_invitation_to_a_cpr_shaped_address_is_refused_and_not_sent(client, karen):
    maske = registered_association(karen)
    client.force_login(karen)
    response = client.post(f"/foreninger/{maske.slug}/repraesentanter/", {"email": "0101501234@example.dk"})
    assert "0101501234@example.dk" in refused_on_field(response, "email", "cpr")
    assert not Invitation.objects.exists() and nothing_told()


def test_a_unit_web_site_with_a_cpr_number_is_refused_on_creating_and_editing(client):
    participating("Herning")
    staff(client, "coordinator")
    units = f"/personale/kommune/{HERNING}/enheder/"
    data = {"name": "Sundhed og Ældre", "description": "", "contact_email": "", "contact_phone": ""}
    website = "https://herning.example.dk/borger?cpr=0101501234"
    refused_on_field(client.post(units, {**data, "website": website}), "website", "cpr")
    assert not MunicipalUnit.objects.exists()
    unit = MunicipalUnit.objects.create(municipality=municipality("Herning"), name="Sundhed og Ældre")
    refused_on_field(client.post(f"{units}{unit.pk}/", {**data, "website": website}), "website", "cpr")
    refused_on_field(client.post(f"{units}{unit.pk}/", {**data, "name": "Sundhed\nog Ældre"}), "name", "line_break")
    unit.refresh_from_db()
    assert (unit.name, unit.website) == ("Sundhed og Ældre", "")


# --- Offers ----------------------------------------------------------------------------------------------------

OFFER_TEXTS = {
    "title": "Sorggruppe 010150-1234",
    "description": "Ring til Inge, cpr 0101 50 1234.",
    "when": "Tirsdage, spørg efter 010150/1234",
    "address": "Bethaniagade 12, 010150_1234",
    "online_url": "https://moede.example.dk/?cpr=0101501234",
    "contact_name": "Inge 010150-1234",
    "contact_email": "0101501234@forening.dk",
    "contact_phone": "010150 1234",
}


@pytest.fixture
def inge(inge_in_herning):
    """Inge in Herning, from the shared cast, who represents Sorgforeningen Herning."""
    association_represented_by(inge_in_herning)
    return inge_in_herning


def test_every_text_field_of_an_offer_is_checked():
    assert set(OFFER_TEXTS) == set(offers.FREE_TEXT_FIELDS)


@pytest.mark.parametrize(("field", "typed"), OFFER_TEXTS.items(), ids=OFFER_TEXTS)
def test_an_offer_with_a_cpr_number_in_any_text_is_not_saved(inge, field, typed):
    association = inge.representing.get().association
    with pytest.raises(TextRefused) as refused:
        offers.create_offer(by=inge, fields=offer_fields(**{field: typed}), association=association)
    assert (refused.value.field, str(refused.value)) == (field, say("cpr"))
    offer = offers.create_offer(by=inge, fields=offer_fields(), association=association)
    with pytest.raises(TextRefused):
        offers.update_offer(offer=offer, by=inge, fields={field: typed})
    offer.refresh_from_db()
    assert getattr(offer, field) == offer_fields()[field]
    assert Offer.objects.count() == 1


def test_an_offer_form_shows_the_refusal_on_the_field(client, inge):
    association = inge.representing.get().association
    fields = offer_fields()
    data = {
        **{name: fields[name] for name in ("title", "description", "when", "address", "postal_code")},
        **{name: [term.pk for term in fields[name]] for name in ("problem_areas", "target_groups", "age_groups")},
        "provider": f"association-{association.pk}",
        "municipality": fields["municipality"].pk,
        "contact_name": "Inge\nBcc: alle@example.dk",
        "contact_email": "inge@forening.dk",
        "price": "0",
    }
    client.force_login(inge)
    page = refused_on_field(client.post("/tilbud/ny/", data), "contact_name", "line_break")
    assert 'value="Sorggruppe for efterladte"' in page
    assert not Offer.objects.exists()


def test_a_review_note_with_a_cpr_number_is_refused_and_the_offer_still_waits(client, inge):
    association = inge.representing.get().association
    offer = offers.create_offer(by=inge, fields=offer_fields(), association=association)
    offer = offers.submit_offer(offer=offer, by=inge, non_profit=True, no_referral=True, no_discrimination=True)
    staff(client, "coordinator")
    response = client.post(
        f"/personale/kommune/{HERNING}/tilbud/{offer.pk}/",
        {"action": "reject", "version": offers.offer_version(offer), "reject-note": "Ring til 010150-1234"},
    )
    refused_on_field(response, "note", "cpr", form="reject_form")
    offer.refresh_from_db()
    assert (offer.status, offer.review_note) == (OfferStatus.SUBMITTED, "")


# --- The municipality's details, edited by staff ------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "typed", "key"),
    [
        ("contact_phone", "010150-1234", "cpr"),
        ("website", "https://herning.example.dk/010150-1234", "cpr"),
        ("accessibility_statement_url", "https://was.example.dk/?id=0101501234", "cpr"),
        ("contact_phone", "96 28\r\n28 28", "line_break"),
    ],
)
def test_the_municipalitys_contact_details_are_checked_and_nothing_is_saved(client, field, typed, key):
    staff(client, "administrator")
    before = {name: getattr(municipality("Herning"), name) for name in DETAIL_FIELDS}
    data = {
        "population_over_14": "73800",
        "population_year": "2021",
        "accessibility_statement_url": "",
        "contact_email": "sammen@herning.dk",
        "contact_phone": "",
        "website": "",
    }
    response = client.post(f"/personale/kommune/{HERNING}/", {**data, field: typed})
    assert typed in refused_on_field(response, field, key)
    assert {name: getattr(municipality("Herning"), name) for name in DETAIL_FIELDS} == before
    assert not AuditEntry.objects.filter(action="municipalities.details.changed").exists()


# --- Ids too long for the database ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        f"/bobler/?kommune={TOO_LONG}",
        f"/bobler/?municipalities={TOO_LONG}",
        f"/bobler/{TOO_LONG}/",
        f"/rapport/person/{TOO_LONG}/",
        f"/rapport/boble/{TOO_LONG}/",
        f"/rapport/besked/{TOO_LONG}/",
        f"/bloker/{TOO_LONG}/",
        f"/aktiviteter/{TOO_LONG}/",
        f"/aktiviteter/dato/{TOO_LONG}/",
        f"/samtaler/{TOO_LONG}/",
        f"/tilbud/{TOO_LONG}/",
    ],
)
def test_an_id_too_long_for_the_database_is_not_found_or_a_message(client, karen, url):
    client.force_login(karen)
    for response in (client.get(url), client.post(url)):
        assert response.status_code in (200, 301, 302, 404, 405)  # 301: an old parameter name, see core.querynames
    if url.startswith("/bobler/?kommune"):
        response = client.get(url)
        assert response.status_code == 200 and response.context["form"].errors["kommune"]


def test_a_poll_after_an_id_too_long_for_the_database_answers(client, conversation):
    client.force_login(conversation.responder)
    assert client.get(f"/samtaler/{conversation.pk}/nye/?efter={TOO_LONG}").status_code == 200


@pytest.mark.parametrize(
    ("field", "value"), [("target_groups", [TOO_LONG]), ("accessibility", [TOO_LONG]), ("capacity", TOO_LONG)]
)
def test_an_activity_form_with_a_number_too_long_for_the_database_gets_a_message(client, karen, field, value):
    client.force_login(karen)
    response = client.post("/aktiviteter/ny/", create_form_data(**{field: value}))
    assert response.status_code == 200 and response.context["form"].errors[field]
    assert not Activity.objects.exists()


def test_a_profile_with_an_interest_too_long_for_the_database_gets_a_message(client, karen):
    client.force_login(karen)
    data = {"display_name": "Karen", "municipality": karen.municipality_id, "postal_code": "7400", "language": "da"}
    response = client.post("/konto/profil/", {**data, "interests": [TOO_LONG]})
    assert response.status_code == 200 and response.context["form"].errors["interests"]
    assert not karen.interests.exists()


def test_a_staff_page_for_a_citizen_id_too_long_for_the_database_is_not_found(client):
    participating("Herning")
    staff(client, "administrator")
    assert client.get(f"/personale/kommune/{HERNING}/borgere/{TOO_LONG}/").status_code == 404
