"""The offers catalogue: a provider creates an offer and accepts the guidelines, staff in its municipality review
it, and only published offers are found, by problem area and by free text."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.utils import translation

from sammen.audit.models import AuditEntry
from sammen.core.errors import SammenError
from sammen.municipalities.models import MunicipalUnit
from sammen.offers import services
from sammen.offers.models import GUIDELINES_VERSION, Offer, OfferStatus
from sammen.search.models import SearchTermCount
from sammen.taxonomy.vocabularies import Vocabulary
from tests.factories import citizen, municipality, participating, staff, terms
from tests.factories.associations import association_represented_by
from tests.factories.offers import offer_fields, published_offer
from tests.helpers import log_in_with_second_factor

pytestmark = pytest.mark.django_db

HERNING = "657"
KOLDING = "621"
ALL_GUIDELINES = {"non_profit": True, "no_referral": True, "no_discrimination": True}


@pytest.fixture
def inge(inge_in_herning, kolding):
    """Inge in Herning represents Sorgforeningen Herning (and Kolding takes part too)."""
    association_represented_by(inge_in_herning)
    return inge_in_herning


def form_data(**overrides) -> dict:
    """What a browser posts from the offer form for a valid offer."""
    fields = offer_fields()
    data = {
        "title": fields["title"],
        "description": fields["description"],
        "problem_areas": [t.pk for t in fields["problem_areas"]],
        "target_groups": [t.pk for t in fields["target_groups"]],
        "age_groups": [t.pk for t in fields["age_groups"]],
        "when": fields["when"],
        "schedule_weekday": "1",
        "schedule_starts": "17:00",
        "schedule_ends": "19:00",
        "schedule_repeats": "weekly",
        "municipality": fields["municipality"].pk,
        "address": fields["address"],
        "postal_code": fields["postal_code"],
        "online_url": "",
        "contact_name": "Inge",
        "contact_email": "inge@forening.dk",
        "contact_phone": "",
        "price": "0",
        "languages": ["da"],
        "receives_rehabilitation": "on",
    }
    return data | overrides


def create_offer(person, **overrides) -> Offer:
    association = person.representing.get().association
    return services.create_offer(by=person, fields=offer_fields(**overrides), association=association)


def submitted_offer(person, **overrides) -> Offer:
    offer = create_offer(person, **overrides)
    return services.submit_offer(offer=offer, by=person, **ALL_GUIDELINES)


def catalogue(client, **params) -> str:
    return client.get("/tilbud/", params).content.decode()


def review_url(offer) -> str:
    return f"/personale/kommune/{HERNING}/tilbud/{offer.pk}/"


def decide(client, offer, data: dict):
    """Open the review page and post a decision from it, as a browser does (with the version read)."""
    page = client.get(review_url(offer)).content.decode()
    version = re.search(r'name="version" value="([^"]+)"', page).group(1)
    return client.post(review_url(offer), {**data, "version": version})


# --- Who may create ------------------------------------------------------------------------------------------


def test_a_citizen_who_represents_no_association_and_is_not_staff_cannot_create_an_offer(client):
    participating("Herning")
    ole = citizen("Herning")
    client.force_login(ole)
    page = client.get("/tilbud/ny/").content.decode()
    assert "Kun en forening eller en kommunal enhed kan oprette et tilbud" in page
    assert 'name="title"' not in page
    with pytest.raises(SammenError, match="Kun en forening eller en kommunal enhed"):
        services.create_offer(by=ole, fields=offer_fields())
    assert not Offer.objects.exists()


def test_a_citizen_cannot_act_for_an_association_they_do_not_represent(inge):
    other = citizen("Herning")
    association = inge.representing.get().association
    with pytest.raises(SammenError, match="Du kan ikke handle på vegne af Sorgforeningen Herning"):
        services.create_offer(by=other, fields=offer_fields(), association=association)
    assert not Offer.objects.exists()


def test_a_representative_creates_a_draft_that_only_they_can_see(client, inge):
    client.force_login(inge)
    page = client.get("/tilbud/ny/").content.decode()
    assert "Sorgforeningen Herning" in page
    association = inge.representing.get().association
    response = client.post("/tilbud/ny/", form_data(provider=f"association-{association.pk}"))
    offer = Offer.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/tilbud/{offer.pk}/indsend/"
    assert offer.status == OfferStatus.DRAFT
    assert offer.association == association
    assert [t.slug for t in offer.problem_areas.all()] == ["sorg"]
    assert str(offer.schedule_starts) == "17:00:00"
    assert offer.receives_rehabilitation is True

    assert "Kladde" in client.get(f"/tilbud/{offer.pk}/").content.decode()
    client.logout()
    assert client.get(f"/tilbud/{offer.pk}/").status_code == 404
    assert "Sorggruppe for efterladte" not in catalogue(client)


def test_bad_input_gets_specific_messages_keeps_what_was_typed_and_saves_nothing(client, inge):
    client.force_login(inge)
    association = inge.representing.get().association
    data = form_data(provider=f"association-{association.pk}", problem_areas=[], address="", schedule_ends="16:00")
    page = client.post("/tilbud/ny/", data).content.decode()
    assert "Tilbuddet blev ikke gemt" in page
    assert "Vælg mindst ét problemområde, som tilbuddet hjælper med." in page
    assert "Skriv en adresse eller et link til et onlinemøde" in page
    assert "Sluttidspunktet skal være efter starttidspunktet." in page
    assert 'value="Sorggruppe for efterladte"' in page
    assert not Offer.objects.exists()


def test_a_cpr_number_in_the_description_is_refused(client, inge):
    client.force_login(inge)
    association = inge.representing.get().association
    data = form_data(
        provider=f"association-{association.pk}", description="Ring til Inge, cpr 010203-1234, for at høre mere."
    )
    page = client.post("/tilbud/ny/", data).content.decode()
    assert "ligner et CPR-nummer" in page
    assert "Ring til Inge" in page
    assert not Offer.objects.exists()


def test_the_service_refuses_a_missing_place_and_a_schedule_that_ends_before_it_starts(inge):
    import datetime

    with pytest.raises(SammenError, match="Skriv en adresse eller et link"):
        create_offer(inge, address="", online_url="")
    with pytest.raises(SammenError, match="Sluttidspunktet skal være efter starttidspunktet"):
        create_offer(inge, schedule_starts=datetime.time(17), schedule_ends=datetime.time(17))
    with pytest.raises(SammenError, match="Vælg mindst én aldersgruppe"):
        create_offer(inge, age_groups=[])
    assert not Offer.objects.exists()
    online = create_offer(inge, address="", postal_code="", online_url="https://moede.example.dk/sorg")
    assert online.online_url


def test_staff_act_for_a_municipal_unit_only_in_its_own_municipality(coordinator_in_herning, coordinator_in_kolding):
    participating("Herning")
    unit = MunicipalUnit.objects.create(municipality=municipality("Herning"), name="Sundhed og Ældre")
    offer = services.create_offer(
        by=coordinator_in_herning, fields=offer_fields(title="Gå-hjem-møde om stress"), unit=unit
    )
    assert offer.unit == unit and offer.association is None
    with pytest.raises(SammenError, match="Et tilbud fra Sundhed og Ældre skal være i Herning Kommune"):
        services.create_offer(
            by=coordinator_in_herning, fields=offer_fields(municipality=municipality("Kolding")), unit=unit
        )
    with pytest.raises(SammenError, match="Du kan ikke handle på vegne af Sundhed og Ældre"):
        services.create_offer(by=coordinator_in_kolding, fields=offer_fields(), unit=unit)
    assert Offer.objects.count() == 1


# --- Guidelines and review ---------------------------------------------------------------------------------


def test_submitting_without_all_three_guideline_boxes_is_refused_and_changes_nothing(
    client, inge, coordinator_in_herning, django_capture_on_commit_callbacks
):
    offer = create_offer(inge)
    client.force_login(inge)
    page = client.get(f"/tilbud/{offer.pk}/indsend/").content.decode()
    assert "Retningslinjer for tilbud" in page
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(f"/tilbud/{offer.pk}/indsend/", {"non_profit": "on", "no_referral": "on"}).content.decode()
    assert "Tilbuddet er ikke sendt" in page
    assert "Bekræft, at tilbuddet ikke diskriminerer." in page
    offer.refresh_from_db()
    assert offer.status == OfferStatus.DRAFT
    assert offer.guidelines_accepted_at is None and offer.guidelines_version == ""
    assert mail.outbox == []
    with pytest.raises(SammenError, match="Sæt kryds i alle tre felter"):
        services.submit_offer(offer=offer, by=inge, non_profit=True, no_referral=True, no_discrimination=False)
    offer.refresh_from_db()
    assert offer.status == OfferStatus.DRAFT


def test_a_submitted_offer_waits_invisible_and_the_municipalitys_reviewers_are_emailed(
    client,
    inge,
    coordinator_in_herning,
    moderator_in_herning,
    coordinator_in_kolding,
    django_capture_on_commit_callbacks,
):
    offer = create_offer(inge)
    client.force_login(inge)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/tilbud/{offer.pk}/indsend/", {"non_profit": "on", "no_referral": "on", "no_discrimination": "on"}
        )
    assert response["Location"] == "/tilbud/mine/"
    offer.refresh_from_db()
    assert offer.status == OfferStatus.SUBMITTED
    assert offer.guidelines_accepted_at is not None
    assert offer.guidelines_version == GUIDELINES_VERSION
    assert [m.to for m in mail.outbox] == [["koordinator@herning.dk"]]
    assert "Sorggruppe for efterladte" in mail.outbox[0].subject
    assert f"/personale/kommune/{HERNING}/tilbud/{offer.pk}/" in mail.outbox[0].body
    assert "Venter på godkendelse" in client.get("/tilbud/mine/").content.decode()

    client.logout()
    assert "Sorggruppe for efterladte" not in catalogue(client)
    assert client.get(f"/tilbud/{offer.pk}/").status_code == 404
    client.force_login(citizen("Herning"))
    assert client.get(f"/tilbud/{offer.pk}/").status_code == 404


def test_a_reviewer_whose_session_has_not_passed_the_second_factor_cannot_read_a_submitted_offer(
    client, inge, coordinator_in_herning
):
    offer = submitted_offer(inge)
    client.force_login(coordinator_in_herning)  # the password only: two-factor login is set up but not passed
    assert client.get(f"/tilbud/{offer.pk}/").status_code == 404
    assert client.get(f"/personale/kommune/{HERNING}/tilbud/{offer.pk}/").status_code == 302
    log_in_with_second_factor(client, coordinator_in_herning)
    assert "Sorggruppe for efterladte" in client.get(f"/tilbud/{offer.pk}/").content.decode()
    offer.refresh_from_db()
    assert offer.status == OfferStatus.SUBMITTED


def test_approval_makes_the_offer_findable_by_problem_area_and_by_free_text(
    client, inge, coordinator_in_herning, django_capture_on_commit_callbacks
):
    offer = submitted_offer(inge)
    log_in_with_second_factor(client, coordinator_in_herning)
    queue = client.get(f"/personale/kommune/{HERNING}/tilbud/").content.decode()
    assert "Sorggruppe for efterladte" in queue
    page = client.get(f"/personale/kommune/{HERNING}/tilbud/{offer.pk}/").content.decode()
    assert "Godkend og offentliggør" in page
    with django_capture_on_commit_callbacks(execute=True):
        decide(client, offer, {"action": "approve"})
    offer.refresh_from_db()
    assert offer.status == OfferStatus.PUBLISHED
    assert offer.reviewed_by == coordinator_in_herning
    assert mail.outbox[-1].to == ["inge@example.dk"]
    assert "Herning Kommune har godkendt dit tilbud" in mail.outbox[-1].body
    assert AuditEntry.objects.filter(action="offers.offer.approved", actor_id=coordinator_in_herning.pk).exists()

    client.logout()
    assert "Sorggruppe for efterladte" in catalogue(client, problemomraade="sorg")
    assert "Sorggruppe for efterladte" in catalogue(client, q="sorg")
    assert "Sorggruppe for efterladte" in catalogue(client, kommune="herning", aldersgruppe="seniorer-65")
    assert "Sorggruppe for efterladte" in catalogue(client, slusehold="on", maalgruppe="paaroerende")
    assert "Sorggruppe for efterladte" not in catalogue(client, problemomraade="misbrug")
    assert "Sorggruppe for efterladte" not in catalogue(client, q="skak")
    assert "Sorggruppe for efterladte" not in catalogue(client, municipality="kolding")
    page = client.get(f"/tilbud/{offer.pk}/").content.decode()
    assert "Sorg" in page and "Bethaniagade 12" in page


def test_rejection_needs_a_note_and_mails_it_to_the_submitter(
    client, inge, coordinator_in_herning, django_capture_on_commit_callbacks
):
    offer = submitted_offer(inge)
    mail.outbox.clear()
    log_in_with_second_factor(client, coordinator_in_herning)
    page = decide(client, offer, {"action": "reject", "reject-note": ""}).content.decode()
    assert "Skriv en note, der fortæller udbyderen hvorfor." in page
    offer.refresh_from_db()
    assert offer.status == OfferStatus.SUBMITTED
    with django_capture_on_commit_callbacks(execute=True):
        decide(client, offer, {"action": "reject", "reject-note": "Der kræves visitation, så den hører ikke til her."})
    offer.refresh_from_db()
    assert offer.status == OfferStatus.REJECTED
    assert mail.outbox[-1].to == ["inge@example.dk"]
    assert "Der kræves visitation, så den hører ikke til her." in mail.outbox[-1].body
    client.force_login(inge)
    mine = client.get("/tilbud/mine/").content.decode()
    assert "Ikke godkendt" in mine and "Der kræves visitation" in mine
    client.logout()
    assert "Sorggruppe for efterladte" not in catalogue(client)


def changed_meanwhile() -> str:
    with translation.override("da"):
        return str(services.ERRORS["changed_meanwhile"])


def test_staff_cannot_approve_or_reject_an_offer_the_provider_changed_while_they_read_it(
    client, inge, coordinator_in_herning, django_capture_on_commit_callbacks
):
    offer = submitted_offer(inge)
    log_in_with_second_factor(client, coordinator_in_herning)
    page = client.get(review_url(offer)).content.decode()
    version = re.search(r'name="version" value="([^"]+)"', page).group(1)
    # Meanwhile the provider changes the text of the waiting offer.
    services.update_offer(offer=offer, by=inge, fields={"description": "Nu med betaling: 500 kr. pr. gang."})
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(review_url(offer), {"action": "approve", "version": version}).content.decode()
    assert changed_meanwhile() in page
    assert "Nu med betaling" in page  # the page now shows the text as it is
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(
            review_url(offer), {"action": "reject", "reject-note": "Det er for dyrt.", "version": version}
        ).content.decode()
    assert changed_meanwhile() in page
    assert "Det er for dyrt." in page  # the note the reviewer wrote stays in the form
    offer.refresh_from_db()
    assert offer.status == OfferStatus.SUBMITTED and offer.reviewed_by is None
    assert mail.outbox == []
    assert not AuditEntry.objects.filter(action__in=["offers.offer.approved", "offers.offer.rejected"]).exists()
    assert "Sorggruppe for efterladte" not in catalogue(client, q="sorg")
    # A decision without the version says nothing about what was read, so it is refused too.
    assert changed_meanwhile() in client.post(review_url(offer), {"action": "approve"}).content.decode()
    assert changed_meanwhile() in client.post(review_url(offer), {"action": "approve", "version": "x"}).content.decode()

    # Having read it again, the reviewer can decide.
    decide(client, offer, {"action": "approve"})
    offer.refresh_from_db()
    assert offer.status == OfferStatus.PUBLISHED


def test_the_service_refuses_a_decision_on_an_older_version_of_the_offer(inge, coordinator_in_herning):
    seen = submitted_offer(inge)
    services.update_offer(offer=Offer.objects.get(pk=seen.pk), by=inge, fields={"title": "Sorggruppe, ny tekst"})
    with pytest.raises(SammenError) as refused:
        services.approve_offer(offer=seen, by=coordinator_in_herning)
    assert str(refused.value) == changed_meanwhile()
    with pytest.raises(SammenError):
        services.reject_offer(
            offer=seen, by=coordinator_in_herning, note="Nej.", seen_version=services.offer_version(seen)
        )
    assert Offer.objects.get(pk=seen.pk).status == OfferStatus.SUBMITTED


def test_no_mail_goes_to_a_deactivated_submitter_or_reviewer(
    inge, coordinator_in_herning, django_capture_on_commit_callbacks
):
    staff("coordinator", "Herning", email="tidligere@herning.dk", is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        offer = submitted_offer(inge)
    assert [m.to for m in mail.outbox] == [["koordinator@herning.dk"]]
    mail.outbox.clear()
    inge.is_active = False
    inge.save(update_fields=["is_active"])
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_offer(offer=offer, by=coordinator_in_herning)
    assert mail.outbox == []


def test_unpublishing_takes_the_offer_out_of_the_catalogue_and_tells_the_submitter(
    client, inge, coordinator_in_herning, django_capture_on_commit_callbacks
):
    offer = services.approve_offer(offer=submitted_offer(inge), by=coordinator_in_herning)
    assert "Sorggruppe for efterladte" in catalogue(client, q="sorg")
    log_in_with_second_factor(client, coordinator_in_herning)
    with django_capture_on_commit_callbacks(execute=True):
        decide(client, offer, {"action": "unpublish", "unpublish-note": "Gruppen tager nu betaling for at deltage."})
    offer.refresh_from_db()
    assert offer.status == OfferStatus.UNPUBLISHED
    assert "Gruppen tager nu betaling" in mail.outbox[-1].body
    assert AuditEntry.objects.filter(action="offers.offer.unpublished").exists()
    client.logout()
    assert "Sorggruppe for efterladte" not in catalogue(client, q="sorg")
    assert client.get(f"/tilbud/{offer.pk}/").status_code == 404


def test_editing_a_published_offer_sends_it_back_to_review(
    client, inge, coordinator_in_herning, django_capture_on_commit_callbacks
):
    offer = services.approve_offer(offer=submitted_offer(inge), by=coordinator_in_herning)
    mail.outbox.clear()
    client.force_login(inge)
    page = client.get(f"/tilbud/{offer.pk}/rediger/").content.decode()
    assert "går det tilbage til kommunen og bliver godkendt igen" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/tilbud/{offer.pk}/rediger/", form_data(title="Sorggruppe for efterladte ægtefæller"))
    offer.refresh_from_db()
    assert offer.title == "Sorggruppe for efterladte ægtefæller"
    assert offer.status == OfferStatus.SUBMITTED
    assert [m.to for m in mail.outbox] == [["koordinator@herning.dk"]]
    client.logout()
    assert "Sorggruppe for efterladte" not in catalogue(client, q="sorg")
    assert client.get(f"/tilbud/{offer.pk}/").status_code == 404


def test_someone_else_cannot_edit_or_submit_the_offer(client, inge, coordinator_in_herning):
    offer = create_offer(inge)
    other = citizen("Herning")
    client.force_login(other)
    assert client.get(f"/tilbud/{offer.pk}/rediger/").status_code == 404
    assert client.post(f"/tilbud/{offer.pk}/indsend/", {"non_profit": "on"}).status_code == 404
    with pytest.raises(SammenError, match="Kun den forening eller enhed, der står bag tilbuddet"):
        services.update_offer(offer=offer, by=other, fields={"title": "Mit tilbud"})
    offer.refresh_from_db()
    assert offer.title == "Sorggruppe for efterladte"
    assert offer.status == OfferStatus.DRAFT and offer.guidelines_accepted_at is None
    assert mail.outbox == []


# --- Staff access ------------------------------------------------------------------------------------------


def test_a_moderator_without_the_community_permission_gets_404(client, inge, moderator_in_herning):
    offer = submitted_offer(inge)
    log_in_with_second_factor(client, moderator_in_herning)
    assert client.get(f"/personale/kommune/{HERNING}/tilbud/").status_code == 404
    assert client.get(f"/personale/kommune/{HERNING}/tilbud/{offer.pk}/").status_code == 404
    assert client.post(f"/personale/kommune/{HERNING}/tilbud/{offer.pk}/", {"action": "approve"}).status_code == 404
    offer.refresh_from_db()
    assert offer.status == OfferStatus.SUBMITTED and offer.reviewed_by is None
    assert not AuditEntry.objects.filter(action__startswith="offers.offer.", actor_id=moderator_in_herning.pk).exists()


def test_another_municipalitys_coordinator_gets_404_and_cannot_review(client, inge, coordinator_in_kolding):
    offer = submitted_offer(inge)
    log_in_with_second_factor(client, coordinator_in_kolding)
    assert client.get(f"/personale/kommune/{HERNING}/tilbud/").status_code == 404
    assert client.get(f"/personale/kommune/{HERNING}/tilbud/{offer.pk}/").status_code == 404
    assert client.get(f"/personale/kommune/{KOLDING}/tilbud/{offer.pk}/").status_code == 404
    assert client.post(f"/personale/kommune/{KOLDING}/tilbud/{offer.pk}/", {"action": "approve"}).status_code == 404
    with pytest.raises(SammenError, match="Kun personale i Herning Kommune"):
        services.approve_offer(offer=offer, by=coordinator_in_kolding)
    offer.refresh_from_db()
    assert offer.status == OfferStatus.SUBMITTED and offer.reviewed_by is None
    assert not AuditEntry.objects.filter(action="offers.offer.approved").exists()


def test_the_review_queue_shows_waiting_offers_first_and_filters_by_status(client, inge, coordinator_in_herning):
    services.approve_offer(offer=submitted_offer(inge, title="Aftenåbent for pårørende"), by=coordinator_in_herning)
    submitted_offer(inge, title="Åben rådgivning om stress")
    create_offer(inge, title="Kladde til nyt tilbud")
    log_in_with_second_factor(client, coordinator_in_herning)
    queue = client.get(f"/personale/kommune/{HERNING}/tilbud/").content.decode()
    assert queue.index("Åben rådgivning om stress") < queue.index("Aftenåbent for pårørende")
    assert "Kladde til nyt tilbud" not in queue
    published = client.get(f"/personale/kommune/{HERNING}/tilbud/", {"status": "published"}).content.decode()
    assert "Aftenåbent for pårørende" in published and "Åben rådgivning om stress" not in published


# --- Speed -------------------------------------------------------------------------------------------------


def test_repeating_a_search_in_the_catalogue_counts_it_once_per_session(client, inge):
    for _ in range(3):
        catalogue(client, q="sorg")
    catalogue(client, q="Sorg ")
    assert list(SearchTermCount.objects.values_list("term", "count")) == [("sorg", 1)]
    Client().get("/tilbud/", {"q": "sorg"})  # another visitor counts
    assert SearchTermCount.objects.get().count == 2


def test_bad_filters_and_chosen_terms_give_no_server_error(client, inge):
    assert (
        client.get("/tilbud/", {"side": "to", "problemomraade": "findes-ikke", "kommune": "9" * 30}).status_code
        == 200
    )
    client.force_login(inge)
    response = client.post("/tilbud/ny/", form_data(problem_areas=["9" * 30], price="9" * 30))
    assert response.status_code == 200
    assert not Offer.objects.exists()


def test_the_catalogue_costs_the_same_number_of_queries_at_3_and_30_offers(client, inge):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    association = inge.representing.get().association
    areas = terms(Vocabulary.PROBLEM_AREA, "sorg", "ensomhed", "stress")

    def queries(params) -> int:
        client.get("/tilbud/", params)
        with CaptureQueriesContext(connection) as context:
            response = client.get("/tilbud/", params)
        assert response.status_code == 200
        return len(context.captured_queries)

    def add(count: int) -> None:
        start = Offer.objects.count()
        for number in range(start + 1, start + count + 1):
            published_offer(association, title=f"Sorggruppe nr. {number}", problem_areas=areas)

    searches = [{}, {"problemomraade": "sorg", "kommune": "herning"}, {"q": "sorggruppe"}]
    # A search is counted once per session, which starts the session: from here on every page reads it.
    catalogue(client, q="sorggruppe")
    add(3)
    few = [queries(params) for params in searches]
    add(27)
    many = [queries(params) for params in searches]
    assert few == many
    assert "Næste side" in client.get("/tilbud/").content.decode()
    assert "Sorggruppe nr." in client.get("/tilbud/", {"side": 2}).content.decode()


def test_the_guidelines_page_of_an_offer_already_waiting_sends_the_provider_back_to_the_offer(client, inge):
    offer = submitted_offer(inge)
    client.force_login(inge)
    response = client.get(f"/tilbud/{offer.pk}/indsend/", follow=True)
    assert response.redirect_chain == [(f"/tilbud/{offer.pk}/", 302)]
    assert "Tilbuddet venter allerede på godkendelse." in response.content.decode()


def test_offers_of_an_association_that_staff_took_down_leave_the_catalogue(client, inge, coordinator_in_herning):
    from django.utils import timezone

    offer = services.approve_offer(offer=submitted_offer(inge), by=coordinator_in_herning)
    assert "Sorggruppe for efterladte" in catalogue(client, q="sorg")
    offer.association.hidden_at = timezone.now()
    offer.association.save()
    assert "Sorggruppe for efterladte" not in catalogue(client, q="sorg")
    assert client.get(f"/tilbud/{offer.pk}/").status_code == 404


def test_a_rejected_offer_can_be_corrected_and_sent_again(
    client, inge, coordinator_in_herning, django_capture_on_commit_callbacks
):
    offer = services.reject_offer(
        offer=submitted_offer(inge), by=coordinator_in_herning, note="Skriv, at det er gratis."
    )
    client.force_login(inge)
    response = client.post(f"/tilbud/{offer.pk}/rediger/", form_data(description="Gratis sorggruppe med kaffe."))
    assert response["Location"] == f"/tilbud/{offer.pk}/indsend/"
    offer.refresh_from_db()
    assert offer.status == OfferStatus.REJECTED
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/tilbud/{offer.pk}/indsend/", {"non_profit": "on", "no_referral": "on", "no_discrimination": "on"}
        )
    offer.refresh_from_db()
    assert offer.status == OfferStatus.SUBMITTED
    assert [m.to for m in mail.outbox] == [["koordinator@herning.dk"]]
