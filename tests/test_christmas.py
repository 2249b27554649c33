"""Christmas friends (julevenner): Herning runs a campaign with Holstebro and Ikast-Brande as partners; citizens
register as hosts or guests, the coordinator runs the matching (never a party split, never a table over its seats,
the guests' needs kept) and sends the proposals; both sides say yes and only then get each other's contact
details; the guests left without a table hear about the open Christmas events in their municipality."""

import datetime
import re
import threading
import time

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.validators import ProhibitNullCharactersValidator
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape

from sammen.audit.models import AuditEntry
from sammen.christmas import queries, services
from sammen.christmas.models import (
    Campaign,
    ContactConsent,
    Proposal,
    ProposalStatus,
    Registration,
    RegistrationStatus,
    Role,
)
from sammen.core import locking
from sammen.core.calendar import local_datetime
from sammen.core.errors import SammenError
from sammen.core.figures import figure, hide_complements
from sammen.core.text_policy import MESSAGES as TEXT_MESSAGES
from sammen.devtools.demo_christmas import load_demo_christmas
from tests.factories import activity_with_dates, citizen, participating, staff
from tests.factories.christmas import (
    campaign,
    campaign_fields,
    guest,
    guest_fields,
    herning_campaign,
    host,
    host_fields,
)
from tests.helpers import log_in_with_second_factor

pytestmark = pytest.mark.django_db

PEOPLE_MESSAGE = "Skriv et tal fra 1 til 20."


def page_of(response) -> str:
    return response.content.decode()


def shows(response, text: str) -> bool:
    return escape(text) in page_of(response)


@pytest.fixture
def partners():
    """Holstebro and Ikast-Brande take part too (Ikast-Brande stopped in the demo, not here)."""
    return participating("Holstebro"), participating("Ikast-Brande")


@pytest.fixture
def jul(herning, partners, coordinator_in_herning):
    """Herning's Christmas friends campaign with Holstebro and Ikast-Brande, open for registration today."""
    return herning_campaign(by=coordinator_in_herning)


def snapshot():
    return (
        Campaign.objects.count(),
        Registration.objects.count(),
        Proposal.objects.count(),
        ContactConsent.objects.count(),
        list(Proposal.objects.order_by("pk").values_list("status", "host_accepted_at", "guest_accepted_at")),
    )


def sent_proposal(jul, coordinator, *, host_registration=None, guest_registration=None) -> Proposal:
    host_registration = host_registration or host(jul)
    guest_registration = guest_registration or guest(jul)
    services.run_matching(by=coordinator, campaign=jul)
    proposal = Proposal.objects.get(guest=guest_registration)
    assert proposal.host == host_registration
    return services.confirm_proposal(by=coordinator, proposal=proposal)


# --- Campaigns ----------------------------------------------------------------------------------------------


def test_a_coordinator_creates_a_campaign_on_the_staff_page_and_it_is_audited(client, herning, coordinator_in_herning):
    log_in_with_second_factor(client, coordinator_in_herning)
    fields = campaign_fields()
    holstebro = participating("Holstebro")
    data = {name: value.isoformat() for name, value in fields.items() if isinstance(value, datetime.date)}
    data |= {"title": "Jul sammen 2026", "kind": "christmas", "year": fields["year"], "partners": [holstebro.pk]}
    response = client.post("/personale/kommune/657/julevenner/ny/", data)
    created = Campaign.objects.get()
    assert response.status_code == 302 and response.url == f"/personale/kommune/657/julevenner/{created.pk}/"
    assert created.municipality == herning and list(created.partners.all()) == [holstebro]
    assert AuditEntry.objects.filter(action="christmas.campaign.created", actor_id=coordinator_in_herning.pk).exists()
    page = client.get(response.url)
    assert "Jul sammen 2026" in page_of(page) and "Holstebro" in page_of(page)


def test_campaign_dates_out_of_order_are_refused_on_the_form_which_keeps_what_was_typed(
    client, herning, coordinator_in_herning
):
    log_in_with_second_factor(client, coordinator_in_herning)
    fields = campaign_fields()
    data = {name: value.isoformat() for name, value in fields.items() if isinstance(value, datetime.date)}
    data |= {"title": "Min kampagne", "kind": "christmas", "year": fields["year"]}
    data["registration_closes_on"] = (fields["registration_opens_on"] - datetime.timedelta(days=1)).isoformat()
    response = client.post("/personale/kommune/657/julevenner/ny/", data)
    assert response.status_code == 400
    assert shows(response, "Tilmeldingen kan ikke lukke, før den åbner.")
    assert 'value="Min kampagne"' in page_of(response)
    assert not Campaign.objects.exists()


def test_neither_a_citizen_nor_another_municipalitys_coordinator_can_create_or_change_herning_campaigns(
    jul, karen_in_herning, coordinator_in_kolding
):
    before = snapshot()
    for person in (karen_in_herning, coordinator_in_kolding):
        with pytest.raises(SammenError, match="Kun koordinatorerne i Herning Kommune"):
            services.create_campaign(by=person, municipality=jul.municipality, fields=campaign_fields())
        with pytest.raises(SammenError, match="Kun koordinatorerne i Herning Kommune"):
            services.update_campaign(by=person, campaign=jul, fields={"title": "Overtaget"})
    assert snapshot() == before
    jul.refresh_from_db()
    assert jul.title != "Overtaget"


def test_a_municipality_that_does_not_take_part_in_sammen_cannot_start_a_campaign():
    coordinator = staff("coordinator", "Ringkøbing-Skjern")
    with pytest.raises(SammenError, match="Ringkøbing-Skjern Kommune er ikke med i Sammen lige nu."):
        services.create_campaign(by=coordinator, municipality=coordinator.municipality, fields=campaign_fields())
    assert not Campaign.objects.exists()


def test_the_coordinator_changes_the_campaign_on_its_page(client, jul, coordinator_in_herning):
    log_in_with_second_factor(client, coordinator_in_herning)
    response = client.get(f"/personale/kommune/657/julevenner/{jul.pk}/ret/")
    assert response.status_code == 200
    data = {name: getattr(jul, name) for name in services.CAMPAIGN_FIELDS if name != "partners"}
    data = {name: value.isoformat() if isinstance(value, datetime.date) else value for name, value in data.items()}
    data |= {"title": "Julevenner 2026 – Midt", "partners": [m.pk for m in jul.partners.all()]}
    response = client.post(f"/personale/kommune/657/julevenner/{jul.pk}/ret/", data)
    assert response.status_code == 302
    jul.refresh_from_db()
    assert jul.title == "Julevenner 2026 – Midt" and jul.partners.count() == 2


# --- Registering ----------------------------------------------------------------------------------------------


def test_citizens_of_herning_and_its_partners_see_the_campaign_and_others_do_not(client, jul, kolding):
    for town in ("Herning", "Holstebro", "Ikast-Brande"):
        client.force_login(citizen(town))
        assert jul.title in page_of(client.get("/julevenner/")), town
    client.force_login(citizen("Kolding"))
    page = client.get("/julevenner/")
    assert jul.title not in page_of(page)
    assert shows(page, "Lige nu er der ingen åben kampagne i din kommune.")


def test_a_host_registers_on_the_form_with_consent_and_sees_it_on_my_page(client, jul):
    person = citizen("Holstebro", postal_code="7500")
    client.force_login(person)
    assert client.get(f"/julevenner/{jul.pk}/vaert/").status_code == 200
    data = host_fields(postal_code="7500", people="3") | {"contact_consent": "on"}
    response = client.post(f"/julevenner/{jul.pk}/vaert/", {k: v for k, v in data.items() if v is not False})
    assert response.status_code == 302 and response.url == "/julevenner/mine/"
    registration = Registration.objects.get(user=person)
    assert (registration.role, registration.people, registration.step_free_home) == (Role.HOST, 3, True)
    assert registration.point == pytest.approx((56.363, 8.6301))
    consent = ContactConsent.objects.get(user=person, campaign=jul)
    assert consent.withdrawn_at is None
    page = client.get("/julevenner/mine/")
    assert shows(page, "Tak. Du er tilmeldt, og vi skriver til dig på e-mail.")
    assert "Træk samtykket tilbage" in page_of(page)


def test_registration_is_refused_before_it_opens_and_after_it_closes(herning, coordinator_in_herning):
    today = timezone.localdate()
    early = campaign(
        by=coordinator_in_herning,
        title="Nytår",
        kind="new_year",
        registration_opens_on=today + datetime.timedelta(days=1),
    )
    late = campaign(
        by=coordinator_in_herning,
        registration_opens_on=today - datetime.timedelta(days=10),
        registration_closes_on=today - datetime.timedelta(days=1),
        matching_on=today,
    )
    before = snapshot()
    for found in (early, late):
        with pytest.raises(SammenError, match="Tilmeldingen er ikke åben"):
            guest(found)
    assert snapshot() == before


def test_the_last_day_of_registration_is_still_open(herning, coordinator_in_herning):
    today = timezone.localdate()
    found = campaign(by=coordinator_in_herning, registration_closes_on=today, matching_on=today)
    assert guest(found).status == RegistrationStatus.ACTIVE


@pytest.mark.parametrize("people", [0, -1, 21, 10**30, "tre", True])
def test_a_party_of_zero_negative_or_over_twenty_is_refused_and_nothing_is_saved(jul, people):
    before = snapshot()
    with pytest.raises(SammenError) as refused:
        guest(jul, people=people)
    assert str(refused.value) == PEOPLE_MESSAGE and refused.value.field == "people"
    with pytest.raises(SammenError, match=PEOPLE_MESSAGE):
        host(jul, people=people)
    assert snapshot() == before


def test_parties_of_one_and_of_twenty_are_welcome(jul):
    assert guest(jul, people=1).people == 1
    assert host(jul, people=20).people == 20


def test_the_guest_form_keeps_what_was_typed_when_the_party_size_is_wrong(client, jul, karen_in_herning):
    client.force_login(karen_in_herning)
    data = guest_fields(people="0", description="Vi er to søstre, der holder af julesalmer.")
    response = client.post(f"/julevenner/{jul.pk}/gaest/", {k: v for k, v in data.items() if v is not False})
    assert response.status_code == 400
    assert shows(response, PEOPLE_MESSAGE)
    assert "Vi er to søstre, der holder af julesalmer." in page_of(response)
    assert not Registration.objects.exists()


HOSTILE = [
    ("description", "Mit cpr er 010203-1234, ring gerne", TEXT_MESSAGES["cpr"]),
    ("description", "Hej\x00med dig", ProhibitNullCharactersValidator.message),
    ("description", "x" * 100_000, "Denne værdi må højst have 500 tegn"),
    ("people", "9" * 40, PEOPLE_MESSAGE),
    ("max_distance_km", "99999999999999999999", "Skriv, hvor langt du kan rejse: fra 1 til 100 km."),
    ("postal_code", "0000", "Danmark har ikke postnummeret 0000."),
    ("postal_code", "74a0", "Et postnummer har præcis 4 cifre"),
]


@pytest.mark.parametrize(("name", "value", "message"), HOSTILE)
def test_hostile_input_on_the_guest_form_gets_a_danish_message_and_nothing_is_saved(
    client, jul, karen_in_herning, name, value, message
):
    client.force_login(karen_in_herning)
    data = {k: v for k, v in guest_fields().items() if v is not False} | {name: value}
    response = client.post(f"/julevenner/{jul.pk}/gaest/", data)
    assert response.status_code == 400
    assert escape(str(message)) in page_of(response) or str(message) in page_of(response)
    assert not Registration.objects.exists()


def test_a_cpr_number_in_the_hosts_address_is_refused_by_the_service_too(jul):
    before = snapshot()
    with pytest.raises(SammenError) as refused:
        host(jul, address="Bryggergade 3, 0102031234")
    assert refused.value.field == "address"
    assert snapshot() == before


def test_a_host_must_give_an_address_and_a_known_postal_code(jul):
    with pytest.raises(SammenError, match="Skriv din adresse"):
        host(jul, address="  ")
    with pytest.raises(SammenError, match="Danmark har ikke postnummeret 9999"):
        host(jul, postal_code="9999")
    assert not Registration.objects.exists()


def test_a_citizen_of_a_municipality_that_is_not_a_partner_cannot_register(jul, ole_in_kolding):
    with pytest.raises(SammenError, match="Denne kampagne er for borgere i Herning, Holstebro, Ikast-Brande"):
        guest(jul, user=ole_in_kolding)
    assert not Registration.objects.exists()


def test_one_live_registration_per_person_and_campaign_and_a_new_one_after_withdrawing(jul, karen_in_herning):
    first = guest(jul, user=karen_in_herning)
    with pytest.raises(SammenError, match="Du er allerede tilmeldt"):
        host(jul, user=karen_in_herning)
    services.withdraw_registration(user=karen_in_herning, registration=first)
    again = host(jul, user=karen_in_herning)
    assert again.status == RegistrationStatus.ACTIVE
    assert Registration.objects.filter(user=karen_in_herning).count() == 2


def test_a_guest_party_larger_than_any_table_may_register_is_warned_and_the_matching_leaves_it(
    client, jul, karen_in_herning, coordinator_in_herning
):
    host(jul, people=4)
    client.force_login(karen_in_herning)
    data = {k: v for k, v in guest_fields(people="7").items() if v is not False}
    response = client.post(f"/julevenner/{jul.pk}/gaest/", data, follow=True)
    assert shows(response, "Lige nu har ingen vært plads til 7 personer ved ét bord.")
    large = Registration.objects.get(user=karen_in_herning)
    report = services.run_matching(by=coordinator_in_herning, campaign=jul)
    assert report.proposals == 0 and report.too_large == [large]
    assert not Proposal.objects.exists()


def test_the_consent_is_its_own_and_can_be_withdrawn(client, jul, karen_in_herning):
    guest(jul, user=karen_in_herning)
    consent = services.give_contact_consent(user=karen_in_herning, campaign=jul)
    with pytest.raises(SammenError, match="Du har allerede sagt ja til at blive kontaktet."):
        services.give_contact_consent(user=karen_in_herning, campaign=jul)
    client.force_login(karen_in_herning)
    assert client.get(f"/julevenner/samtykke/{consent.pk}/traek-tilbage/").status_code == 200
    response = client.post(f"/julevenner/samtykke/{consent.pk}/traek-tilbage/", follow=True)
    assert shows(response, "Dit samtykke er trukket tilbage.")
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert Registration.objects.get(user=karen_in_herning).status == RegistrationStatus.ACTIVE
    assert client.post(f"/julevenner/samtykke/{consent.pk}/traek-tilbage/").status_code == 404


# --- Matching --------------------------------------------------------------------------------------------------


def test_matching_across_herning_holstebro_and_ikast_never_overfills_a_table_nor_splits_a_party(
    jul, coordinator_in_herning
):
    hosts = [
        host(jul, town="Herning", people=4),
        host(jul, town="Herning", people=2),
        host(jul, town="Holstebro", people=5),
        host(jul, town="Ikast-Brande", people=3),
    ]
    sizes = [
        ("Herning", 3),
        ("Herning", 2),
        ("Holstebro", 4),
        ("Ikast-Brande", 2),
        ("Ikast-Brande", 1),
        ("Holstebro", 2),
    ]
    guests = [guest(jul, town=town, people=people, max_distance_km=50) for town, people in sizes]
    report = services.run_matching(by=coordinator_in_herning, campaign=jul)
    proposals = list(Proposal.objects.filter(campaign=jul).select_related("host", "guest"))
    assert report.proposals == len(proposals) >= 5
    for table in hosts:
        seated = sum(p.guest.people for p in proposals if p.host_id == table.pk)
        assert seated <= table.people
    assert len({p.guest_id for p in proposals}) == len(proposals)  # one table per party: never split
    assert {p.guest_id for p in proposals} | {g.pk for g in report.unmatched} == {g.pk for g in guests}
    # Across a border: somebody from Ikast or Holstebro sits at a table in another municipality, or the reverse.
    towns = {(p.host.user.municipality_id, p.guest.user.municipality_id) for p in proposals}
    assert any(a != b for a, b in towns)
    assert all(p.status == ProposalStatus.PROPOSED for p in proposals)
    assert AuditEntry.objects.filter(action="christmas.matching.run").exists()


def test_hard_wishes_and_the_distance_are_respected(jul, coordinator_in_herning):
    smoky = host(jul, people=6, smoking=True, has_pets=True, step_free_home=True)
    stairs = host(jul, people=6, step_free_home=False)
    fitting = host(jul, town="Ikast-Brande", people=6, step_free_home=True)
    far = host(jul, town="Holstebro", people=6, step_free_home=True)
    picky = guest(jul, needs_step_free=True, no_pets=True, non_smoking=True, max_distance_km=20)
    near_only = guest(jul, town="Holstebro", max_distance_km=5, needs_step_free=True, non_smoking=True)
    services.run_matching(by=coordinator_in_herning, campaign=jul)
    assert Proposal.objects.get(guest=picky).host == fitting
    # The only smoke-free step-free table within 5 km of Holstebro is Holstebro's own.
    assert Proposal.objects.get(guest=near_only).host == far
    assert not Proposal.objects.filter(host__in=[smoky, stairs]).exists()


def test_food_is_a_preference_that_wins_between_equal_tables_and_shows_as_mad(client, jul, coordinator_in_herning):
    host(jul, people=2, food_served="traditional")
    vegetarian = host(jul, people=2, food_served="vegetarian")
    wants = guest(jul, people=2, food_wanted="vegetarian")
    services.run_matching(by=coordinator_in_herning, campaign=jul)
    proposal = Proposal.objects.get(guest=wants)
    assert proposal.host == vegetarian
    assert {part["name"] for part in proposal.parts} >= {"distance", "preferences"}
    log_in_with_second_factor(client, coordinator_in_herning)
    page = page_of(client.get(f"/personale/kommune/657/julevenner/{jul.pk}/"))
    assert "Afstand: 0,0 km" in page and "Mad: Vegetarisk" in page


def test_skipped_and_declined_pairs_are_never_proposed_again(jul, coordinator_in_herning):
    first_host = host(jul, people=2)
    second_host = host(jul, town="Ikast-Brande", people=2)
    party = guest(jul, people=2)
    services.run_matching(by=coordinator_in_herning, campaign=jul)
    proposal = Proposal.objects.get(guest=party)
    assert proposal.host == first_host  # the nearer table
    services.skip_proposal(by=coordinator_in_herning, proposal=proposal)
    services.run_matching(by=coordinator_in_herning, campaign=jul)
    again = Proposal.objects.get(guest=party, status=ProposalStatus.PROPOSED)
    assert again.host == second_host
    services.confirm_proposal(by=coordinator_in_herning, proposal=again)
    services.decline_proposal(user=second_host.user, proposal=again)
    report = services.run_matching(by=coordinator_in_herning, campaign=jul)
    assert report.proposals == 0 and report.unmatched == [party]
    assert sorted(Proposal.objects.filter(guest=party).values_list("status", flat=True)) == ["declined", "skipped"]


def test_matching_again_replaces_unsent_proposals_and_keeps_the_seats_of_sent_ones(jul, coordinator_in_herning):
    table = host(jul, people=4)
    sent = sent_proposal(jul, coordinator_in_herning, host_registration=table)  # a party of 2 from guest()
    late = guest(jul, people=2)
    later = guest(jul, people=2)
    services.run_matching(by=coordinator_in_herning, campaign=jul)
    proposed = list(Proposal.objects.filter(status=ProposalStatus.PROPOSED))
    assert len(proposed) == 1 and proposed[0].guest in (late, later)  # 2 seats left, not 4
    services.run_matching(by=coordinator_in_herning, campaign=jul)
    assert Proposal.objects.filter(status=ProposalStatus.PROPOSED).count() == 1
    assert Proposal.objects.get(pk=sent.pk).status == ProposalStatus.SENT


def test_only_the_municipalitys_coordinators_run_the_matching(jul, coordinator_in_kolding, karen_in_herning):
    host(jul)
    guest(jul)
    before = snapshot()
    for person in (coordinator_in_kolding, karen_in_herning):
        with pytest.raises(SammenError, match="Kun koordinatorerne i Herning Kommune"):
            services.run_matching(by=person, campaign=jul)
    assert snapshot() == before


# --- Proposals and contact details ---------------------------------------------------------------------------


def test_a_sent_proposal_asks_both_by_email_without_any_contact_details(
    jul, coordinator_in_herning, django_capture_on_commit_callbacks
):
    table = host(jul, address="Bryggergade 3", user=citizen("Herning", display_name="Vibeke", email="vaert@example.dk"))
    party = guest(
        jul, user=citizen("Ikast-Brande", display_name="Gunnar", email="gaest@example.dk"), postal_code="7430"
    )
    services.run_matching(by=coordinator_in_herning, campaign=jul)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.confirm_proposal(by=coordinator_in_herning, proposal=Proposal.objects.get())
    assert sorted(m.to[0] for m in mail.outbox) == ["gaest@example.dk", "vaert@example.dk"]
    to_host = next(m for m in mail.outbox if m.to == ["vaert@example.dk"])
    to_guest = next(m for m in mail.outbox if m.to == ["gaest@example.dk"])
    assert "Et forslag til julevenner" in to_host.subject and "Et forslag til julevenner" in to_guest.subject
    for secret in ("Bryggergade", "vaert@example.dk", table.user.display_name):
        assert secret not in to_guest.body
    for secret in ("gaest@example.dk", party.user.display_name):
        assert secret not in to_host.body
    assert party.description in to_host.body and "Gæsterne er 2 personer" in to_host.body


def test_contact_details_come_only_when_both_have_accepted(
    client, jul, coordinator_in_herning, django_capture_on_commit_callbacks
):
    owner = citizen("Herning", display_name="Birthe", email="birthe@example.dk", phone_number="+4520304050")
    visitor = citizen("Holstebro", display_name="Aage", email="aage@example.dk")
    table = host(jul, user=owner, address="Østergade 12")
    party = guest(jul, user=visitor, town="Holstebro")
    proposal = sent_proposal(jul, coordinator_in_herning, host_registration=table, guest_registration=party)
    client.force_login(visitor)
    page = page_of(client.get(f"/julevenner/forslag/{proposal.pk}/svar/"))
    assert "Østergade" not in page and "birthe@example.dk" not in page and "Ja tak" in page
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/julevenner/forslag/{proposal.pk}/svar/", {"action": "accept"}, follow=True)
    assert shows(response, "Tak. Vi skriver til dig, når den anden part har svaret.")
    assert "Østergade" not in page_of(response)
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        proposal = services.accept_proposal(user=owner, proposal=proposal)
    assert proposal.status == ProposalStatus.ACCEPTED
    to_guest = next(m for m in mail.outbox if m.to == ["aage@example.dk"])
    to_host = next(m for m in mail.outbox if m.to == ["birthe@example.dk"])
    assert "I er julevenner" in to_guest.subject
    assert "Birthe" in to_guest.body and "birthe@example.dk" in to_guest.body and "+4520304050" in to_guest.body
    assert "Østergade 12, 7400" in to_guest.body
    assert "Aage" in to_host.body and "aage@example.dk" in to_host.body and "Østergade" not in to_host.body
    page = page_of(client.get(f"/julevenner/forslag/{proposal.pk}/svar/"))
    assert "Østergade 12" in page and "birthe@example.dk" in page


def test_declining_tells_the_other_side_kindly_and_a_second_answer_is_refused(
    jul, coordinator_in_herning, django_capture_on_commit_callbacks
):
    proposal = sent_proposal(jul, coordinator_in_herning)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.decline_proposal(user=proposal.guest.user, proposal=proposal)
    assert [m.to for m in mail.outbox] == [[proposal.host.user.email]]
    assert "blev ikke til noget" in mail.outbox[0].body
    before = snapshot()
    with pytest.raises(SammenError, match="Dette forslag venter ikke på svar"):
        services.accept_proposal(user=proposal.host.user, proposal=proposal)
    assert snapshot() == before


def test_a_stranger_cannot_see_or_answer_a_proposal_and_an_unsent_one_does_not_exist_for_citizens(
    client, jul, coordinator_in_herning, inge_in_herning
):
    table, party = host(jul), guest(jul)
    services.run_matching(by=coordinator_in_herning, campaign=jul)
    unsent = Proposal.objects.get()
    client.force_login(party.user)
    assert client.get(f"/julevenner/forslag/{unsent.pk}/svar/").status_code == 404
    with pytest.raises(SammenError, match="Dette forslag venter ikke på svar"):
        services.accept_proposal(user=party.user, proposal=unsent)
    proposal = services.confirm_proposal(by=coordinator_in_herning, proposal=unsent)
    client.force_login(inge_in_herning)
    assert client.get(f"/julevenner/forslag/{proposal.pk}/svar/").status_code == 404
    assert client.post(f"/julevenner/forslag/{proposal.pk}/svar/", {"action": "accept"}).status_code == 404
    with pytest.raises(SammenError, match="Dette forslag er ikke til dig."):
        services.accept_proposal(user=inge_in_herning, proposal=proposal)
    assert Proposal.objects.get().host_accepted_at is None and table.pk == proposal.host_id


def test_accepting_is_refused_when_the_table_no_longer_has_room(jul, coordinator_in_herning):
    table = host(jul, people=4)
    first, second = guest(jul, people=2), guest(jul, people=2)
    services.run_matching(by=coordinator_in_herning, campaign=jul)
    proposals = [services.confirm_proposal(by=coordinator_in_herning, proposal=p) for p in Proposal.objects.all()]
    for proposal in proposals:
        services.accept_proposal(user=table.user, proposal=proposal)
    services.update_registration(user=table.user, registration=table, fields=host_fields(people=3))
    services.accept_proposal(user=first.user, proposal=Proposal.objects.get(guest=first))
    before = snapshot()
    with pytest.raises(SammenError, match="Der er ikke længere plads til jer ved værtens bord."):
        services.accept_proposal(user=second.user, proposal=Proposal.objects.get(guest=second))
    assert snapshot() == before
    with pytest.raises(SammenError, match="du kan ikke have færre pladser end det"):
        services.update_registration(user=table.user, registration=table, fields=host_fields(people=1))


def test_withdrawing_cancels_the_live_proposals_and_tells_the_other_side(
    client, jul, coordinator_in_herning, django_capture_on_commit_callbacks
):
    proposal = sent_proposal(jul, coordinator_in_herning)
    client.force_login(proposal.host.user)
    assert client.get(f"/julevenner/tilmelding/{proposal.host_id}/traek-tilbage/").status_code == 200
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/julevenner/tilmelding/{proposal.host_id}/traek-tilbage/", follow=True)
    assert shows(response, "Din tilmelding er trukket tilbage.")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.CANCELLED
    assert [m.to for m in mail.outbox] == [[proposal.guest.user.email]]
    assert "har trukket sig" in mail.outbox[0].body


def test_a_registration_is_changed_on_its_form_and_an_unsent_proposal_is_dropped(client, jul, coordinator_in_herning):
    table, party = host(jul), guest(jul)
    services.run_matching(by=coordinator_in_herning, campaign=jul)
    client.force_login(party.user)
    assert client.get(f"/julevenner/tilmelding/{party.pk}/ret/").status_code == 200
    data = {k: v for k, v in guest_fields(people="3", needs_step_free="on").items() if v is not False}
    response = client.post(f"/julevenner/tilmelding/{party.pk}/ret/", data)
    assert response.status_code == 302
    party.refresh_from_db()
    assert (party.people, party.needs_step_free) == (3, True)
    assert not Proposal.objects.exists()
    client.force_login(table.user)
    assert client.get(f"/julevenner/tilmelding/{party.pk}/ret/").status_code == 404


# --- Guests without a table --------------------------------------------------------------------------------


def test_guests_without_a_table_are_told_once_about_the_christmas_events_in_their_municipality(
    client, jul, coordinator_in_herning, django_capture_on_commit_callbacks
):
    eve = local_datetime(datetime.date(jul.year, 12, 24), datetime.time(14))
    activity_with_dates(title="Julefrokost i Medborgerhuset", starts=eve)
    activity_with_dates(title="Julegudstjeneste i Holstebro", municipality_name="Holstebro", starts=eve)
    activity_with_dates(
        title="Juletræsfest i november", starts=local_datetime(datetime.date(jul.year, 11, 28), datetime.time(14))
    )
    lonely = guest(jul, people=3)
    log_in_with_second_factor(client, coordinator_in_herning)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/personale/kommune/657/julevenner/{jul.pk}/", {"action": "tell_unmatched"}, follow=True
        )
    assert shows(response, "1 gæstegruppe uden bord har fået besked om dagenes arrangementer.")
    assert [m.to for m in mail.outbox] == [[lonely.user.email]]
    body = mail.outbox[0].body
    assert "Julefrokost i Medborgerhuset" in body
    assert "Holstebro" not in body and "november" not in body
    mail.outbox.clear()
    assert services.tell_unmatched(by=coordinator_in_herning, campaign=jul) == 0
    assert mail.outbox == []


# --- Figures -------------------------------------------------------------------------------------------------


def _accepted(jul, table, party):
    return Proposal.objects.create(
        campaign=jul, host=table, guest=party, status=ProposalStatus.ACCEPTED, sent_at=timezone.now()
    )


def test_figures_under_five_show_as_under_5(client, jul, coordinator_in_herning):
    for _ in range(6):
        host(jul, people=4)
    for _ in range(3):
        guest(jul)
    log_in_with_second_factor(client, coordinator_in_herning)
    page = page_of(client.get("/personale/kommune/657/julevenner/"))
    row = re.search(rf"{re.escape(jul.title)}.*?</tr>", page, re.S).group(0)
    # No match yet: a 0 tells about nobody and is shown.
    assert re.findall(r"<td>([^<]*)</td>", row)[2:] == ["6", "under 5", "0"]
    figures = queries.campaign_figures(jul)
    hosts_side, guests_side = figures.sides
    assert (str(hosts_side.families), str(hosts_side.people)) == ("6", "24")
    # 6 people, but from 3 households: hidden with them.
    assert (str(guests_side.families), str(guests_side.people)) == ("under 5", "under 5")


def test_a_cell_that_would_reveal_a_hidden_one_through_the_total_is_hidden_too(jul):
    for index in range(7):
        table = host(jul, people=4)
        party = guest(jul, town="Holstebro" if index == 0 else "Herning")
        _accepted(jul, table, party)
    figures = queries.campaign_figures(jul)
    cells = {row.name: str(row.guests) for row in figures.municipalities}
    # Herning 6 and Holstebro 1 with the total 7: Herning is hidden too, or 7 − 6 would tell Holstebro's 1.
    assert cells == {"Herning": "under 5", "Holstebro": "under 5", "Ikast-Brande": "0"}
    assert str(figures.total_guests) == "7"
    assert [str(f) for f in hide_complements([figure(9), figure(2), figure(6)])] == [
        "9",
        "under 5",
        "under 5",
    ]


# --- Pages and who may open them ----------------------------------------------------------------------------


@pytest.fixture
def world(jul, coordinator_in_herning):
    """A host and a guest with a sent proposal, and the guest's consent."""
    proposal = sent_proposal(jul, coordinator_in_herning)
    consent = services.give_contact_consent(user=proposal.guest.user, campaign=jul)
    return proposal, consent


def test_every_url_answers_each_kind_of_visitor_as_expected(world, coordinator_in_herning, coordinator_in_kolding):
    proposal, consent = world
    jul, party = proposal.campaign, proposal.guest
    citizen_pages = [
        ("/julevenner/", 200, 200),
        (f"/julevenner/{jul.pk}/", 200, 200),
        ("/julevenner/mine/", 302, 200),
        (f"/julevenner/{jul.pk}/vaert/", 302, 302),  # registered already: to "mine"
        (f"/julevenner/{jul.pk}/gaest/", 302, 302),
        (f"/julevenner/tilmelding/{party.pk}/ret/", 302, 200),
        (f"/julevenner/tilmelding/{party.pk}/traek-tilbage/", 302, 200),
        (f"/julevenner/forslag/{proposal.pk}/svar/", 302, 200),
        (f"/julevenner/samtykke/{consent.pk}/traek-tilbage/", 302, 200),
    ]
    staff_pages = [
        "/personale/kommune/657/julevenner/",
        "/personale/kommune/657/julevenner/ny/",
        f"/personale/kommune/657/julevenner/{jul.pk}/",
        f"/personale/kommune/657/julevenner/{jul.pk}/ret/",
    ]
    anonymous, owner, stranger = Client(), Client(), Client()
    owner.force_login(party.user)
    stranger.force_login(citizen("Herning"))
    kolding, herning = Client(), Client()
    log_in_with_second_factor(kolding, coordinator_in_kolding)
    log_in_with_second_factor(herning, coordinator_in_herning)
    for path, as_anonymous, as_owner in citizen_pages:
        assert anonymous.get(path).status_code == as_anonymous, path
        assert owner.get(path).status_code == as_owner, path
    for path in citizen_pages[5:]:  # someone else's registration, proposal and consent do not exist for others
        assert stranger.get(path[0]).status_code == 404, path
        assert herning.get(path[0]).status_code == 404, path
    for path in staff_pages:
        assert anonymous.get(path).status_code == 302, path
        assert owner.get(path).status_code == 404, path
        assert kolding.get(path).status_code == 404, path
        assert kolding.post(path, {"action": "match"}).status_code == 404, path
        assert herning.get(path).status_code == 200, path
    assert kolding.get(f"/personale/kommune/621/julevenner/{jul.pk}/").status_code == 404
    assert Proposal.objects.get().status == ProposalStatus.SENT


def test_the_coordinator_runs_the_matching_and_sends_and_skips_proposals_on_the_campaign_page(
    client, jul, coordinator_in_herning
):
    host(jul, people=2)
    host(jul, people=2, town="Ikast-Brande")
    first, second = guest(jul, people=2), guest(jul, people=2, town="Ikast-Brande")
    log_in_with_second_factor(client, coordinator_in_herning)
    page = client.post(f"/personale/kommune/657/julevenner/{jul.pk}/", {"action": "match"}, follow=True)
    assert shows(page, "Matchningen lavede 2 forslag.")
    one, other = Proposal.objects.get(guest=first), Proposal.objects.get(guest=second)
    client.post(f"/personale/kommune/657/julevenner/{jul.pk}/", {"action": "confirm", "proposal": one.pk})
    page = client.post(
        f"/personale/kommune/657/julevenner/{jul.pk}/", {"action": "skip", "proposal": other.pk}, follow=True
    )
    assert shows(page, "Forslaget er sprunget over. Parret bliver ikke foreslået igen.")
    assert Proposal.objects.get(pk=one.pk).status == ProposalStatus.SENT
    assert Proposal.objects.get(pk=other.pk).status == ProposalStatus.SKIPPED
    page = client.post(
        f"/personale/kommune/657/julevenner/{jul.pk}/", {"action": "skip", "proposal": one.pk}, follow=True
    )
    assert shows(page, "Kun et forslag, der ikke er sendt endnu, kan sendes eller springes over")
    assert Proposal.objects.get(pk=one.pk).status == ProposalStatus.SENT


def test_the_staff_dashboard_and_the_volunteering_page_link_to_christmas_friends(
    client, herning, coordinator_in_herning, moderator_in_herning
):
    log_in_with_second_factor(client, coordinator_in_herning)
    assert 'href="/personale/kommune/657/julevenner/"' in page_of(client.get("/personale/"))
    log_in_with_second_factor(client, moderator_in_herning)
    assert "/julevenner/" not in page_of(client.get("/personale/"))
    assert 'href="/julevenner/"' in page_of(Client().get("/frivillig/"))


def test_every_page_has_one_heading_and_no_inline_styles_or_scripts(world, coordinator_in_herning):
    proposal, consent = world
    jul = proposal.campaign
    owner, staff_client, newcomer = Client(), Client(), Client()
    owner.force_login(proposal.guest.user)
    newcomer.force_login(citizen("Holstebro"))
    log_in_with_second_factor(staff_client, coordinator_in_herning)
    pages = [
        (Client(), "/julevenner/"),
        (newcomer, f"/julevenner/{jul.pk}/"),
        (newcomer, f"/julevenner/{jul.pk}/vaert/"),
        (newcomer, f"/julevenner/{jul.pk}/gaest/"),
        (owner, "/julevenner/mine/"),
        (owner, f"/julevenner/tilmelding/{proposal.guest_id}/ret/"),
        (owner, f"/julevenner/tilmelding/{proposal.guest_id}/traek-tilbage/"),
        (owner, f"/julevenner/forslag/{proposal.pk}/svar/"),
        (owner, f"/julevenner/samtykke/{consent.pk}/traek-tilbage/"),
        (staff_client, "/personale/kommune/657/julevenner/"),
        (staff_client, "/personale/kommune/657/julevenner/ny/"),
        (staff_client, f"/personale/kommune/657/julevenner/{jul.pk}/"),
        (staff_client, f"/personale/kommune/657/julevenner/{jul.pk}/ret/"),
    ]
    for person, path in pages:
        response = person.get(path)
        assert response.status_code == 200, path
        page = page_of(response)
        assert page.count("<h1") == 1, path
        assert " style=" not in page, path
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>\s*\S", page), path


# --- Two answers at the same moment (PostgreSQL) -------------------------------------------------------------


needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises writers (IMMEDIATE transactions), so the race cannot happen there; CI runs this on "
    "PostgreSQL",
)


def _two_guests_at_one_table_with_room_for_one(coordinator):
    """Two parties of 2 sent to a host who said yes to both and then cut the seats to 3."""
    participating("Holstebro")
    participating("Ikast-Brande")
    found = herning_campaign(by=coordinator)
    table = host(found, people=4)
    first, second = guest(found, people=2), guest(found, people=2)
    services.run_matching(by=coordinator, campaign=found)
    proposals = [services.confirm_proposal(by=coordinator, proposal=p) for p in Proposal.objects.filter(campaign=found)]
    for proposal in proposals:
        services.accept_proposal(user=table.user, proposal=proposal)
    services.update_registration(user=table.user, registration=table, fields=host_fields(people=3))
    return table, [Proposal.objects.get(guest=first), Proposal.objects.get(guest=second)]


def _accept_at_the_same_moment(proposals, monkeypatch) -> list[str]:
    """Both guests press "Yes, thank you" at the same moment. Counting the table's accepted guests is slowed down a
    little, so that without a lock both would count before either writes."""
    counted = services._accepted_people

    def slow(host):
        people = counted(host)
        time.sleep(0.3)
        return people

    monkeypatch.setattr(services, "_accepted_people", slow)
    barrier = threading.Barrier(len(proposals))
    outcomes: list[str] = []

    def answer(proposal):
        barrier.wait()
        try:
            services.accept_proposal(user=proposal.guest.user, proposal=proposal)
            outcomes.append("accepted")
        except SammenError as error:
            outcomes.append(str(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=answer, args=(proposal,)) for proposal in proposals]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_guests_accepting_at_the_same_moment_never_overfill_the_hosts_table(monkeypatch, herning):
    table, proposals = _two_guests_at_one_table_with_room_for_one(staff("coordinator", "Herning"))
    outcomes = _accept_at_the_same_moment(proposals, monkeypatch)
    assert len(outcomes) == 2 and outcomes.count("accepted") == 1
    assert any("Der er ikke længere plads" in outcome for outcome in outcomes)
    assert Proposal.objects.filter(host=table, status=ProposalStatus.ACCEPTED).count() == 1


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_control_without_the_lock_two_simultaneous_acceptances_overfill_the_table(monkeypatch, herning):
    """The same answers with the lock switched off seat both parties: proof that the test above tests something."""
    monkeypatch.setattr(locking, "LOCKING_ENABLED", False)
    table, proposals = _two_guests_at_one_table_with_room_for_one(staff("coordinator", "Herning"))
    outcomes = _accept_at_the_same_moment(proposals, monkeypatch)
    assert outcomes == ["accepted", "accepted"]
    assert Proposal.objects.filter(host=table, status=ProposalStatus.ACCEPTED).count() == 2


def test_the_coordinators_list_of_campaigns_costs_the_same_queries_for_one_campaign_and_for_five(
    client, jul, coordinator_in_herning
):
    log_in_with_second_factor(client, coordinator_in_herning)

    def count() -> int:
        client.get("/personale/kommune/657/julevenner/")
        with CaptureQueriesContext(connection) as context:
            response = client.get("/personale/kommune/657/julevenner/")
        assert response.status_code == 200
        return len(context.captured_queries)

    host(jul)
    few = count()
    for index in range(4):
        other = campaign(by=coordinator_in_herning, title=f"Nytår {index}", kind="new_year")
        guest(other)
    assert count() == few


# --- Demo data -------------------------------------------------------------------------------------------------


def test_the_demo_has_herning_campaign_with_hosts_and_guests_from_three_municipalities_and_loads_idempotently(
    settings,
):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    first = load_demo_christmas()
    assert load_demo_christmas() == first
    demo = Campaign.objects.get(municipality__code="657")
    assert set(demo.partners.values_list("name", flat=True)) == {"Holstebro", "Ikast-Brande"}
    registrations = Registration.objects.filter(campaign=demo)
    assert registrations.filter(role=Role.HOST).count() == 6 and registrations.filter(role=Role.GUEST).count() == 10
    assert set(registrations.values_list("user__municipality__name", flat=True)) == {
        "Herning",
        "Holstebro",
        "Ikast-Brande",
    }
    assert first["christmas_proposals"] > 0 and first["christmas_consents"] == 1


def test_the_campaign_page_costs_the_same_queries_for_3_and_12_registrations_and_logs_each_read(
    client, jul, coordinator_in_herning
):
    log_in_with_second_factor(client, coordinator_in_herning)
    path = f"/personale/kommune/657/julevenner/{jul.pk}/"

    def count() -> int:
        client.get(path)
        with CaptureQueriesContext(connection) as context:
            response = client.get(path)
        assert response.status_code == 200
        return len(context.captured_queries)

    for _ in range(2):
        host(jul, people=4)
    guest(jul)
    services.run_matching(by=coordinator_in_herning, campaign=jul)
    few = count()
    for _ in range(4):
        host(jul, people=4)
    for _ in range(5):
        guest(jul)
    services.run_matching(by=coordinator_in_herning, campaign=jul)
    assert count() == few
    reads = AuditEntry.objects.filter(action="personal_data.viewed", actor_id=coordinator_in_herning.pk)
    assert reads.filter(details__what="christmas.registration").values("object_id").distinct().count() == 12
