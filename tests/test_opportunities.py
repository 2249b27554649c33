"""Opportunities for citizens outside the labour market (Kolding AKTIV): a job consultant's courses with
accommodation needs (skånehensyn), the opportunities, matching that never breaks a need and shows why, the
follow-up plan and outcomes, the figures of seed 004 — and who gets "not found"."""

import datetime
import threading

import pytest
from django.db import connection, connections
from django.urls import URLPattern, get_resolver
from django.utils import timezone

from sammen.audit.models import AuditEntry
from sammen.core import locking
from sammen.core.errors import SammenError
from sammen.opportunities import services
from sammen.opportunities.models import (
    AccommodationNeed,
    Course,
    CourseStatus,
    FollowUp,
    Opportunity,
    OpportunityStatus,
    Outcome,
    Proposal,
    ProposalStatus,
)
from sammen.taxonomy.models import Category
from tests.factories import citizen, municipality, participating, staff
from tests.factories.associations import AssociationFactory, a_representative_of
from tests.factories.opportunities import a_course, an_opportunity, course_fields, job_consultant
from tests.factories.taskbank import published_task
from tests.helpers import log_in_with_second_factor, with_totp

pytestmark = pytest.mark.django_db

NEEDS = [{"kind": "max_hours", "number": 10}, {"kind": "no_lifting"}]
TODAY = timezone.localdate


@pytest.fixture
def consultant(kolding):
    """Jonna, job consultant at Kolding AKTIV."""
    return job_consultant("Kolding", display_name="Jonna", email="jobkonsulent@kolding.dk")


@pytest.fixture
def signed_in(client, consultant):
    log_in_with_second_factor(client, consultant)
    return client


def _base(code: str = "621") -> str:
    return f"/personale/kommune/{code}/muligheder/"


def _page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def _shop_that_needs_lifting(by):
    return an_opportunity(by, title="Praktik på lager", employer_name="Lageret A/S", accommodations=[])


# --- Courses ---------------------------------------------------------------------------------------------------


def test_a_job_consultant_opens_a_course_on_the_page_and_adds_accommodation_needs(signed_in, consultant):
    data = {
        "name": "Lone Andersen",
        "phone": "20304050",
        "postal_code": "6000",
        "started_on": (TODAY() - datetime.timedelta(days=2)).isoformat(),
        "consent_way": "in_person",
        "consent_given_on": TODAY().isoformat(),
        "abilities": "God til at holde orden",
        "interests": [Category.objects.get(slug="natur").pk],
    }
    response = signed_in.post(_base() + "forloeb/ny/", data, follow=True)
    course = Course.objects.get()
    assert course.consultant == consultant and course.consent_recorded_by == consultant
    page = response.content.decode()
    assert "Forløb med Lone Andersen" in page and "Forløbet er startet" in page and "Natur" in page

    signed_in.post(
        _base() + f"forloeb/{course.pk}/", {"action": "add_need", "need-kind": "max_hours", "need-number": "10"}
    )
    page = signed_in.post(
        _base() + f"forloeb/{course.pk}/", {"action": "add_need", "need-kind": "no_lifting"}, follow=True
    ).content.decode()
    assert "Højst et antal timer om ugen: 10 timer om ugen" in page and "Ingen løft" in page
    assert AuditEntry.objects.filter(action="opportunities.need.added").count() == 2


def test_a_course_without_an_account_needs_a_name_and_a_way_to_reach_the_citizen(consultant):
    with pytest.raises(SammenError, match="Skriv borgerens telefonnummer eller e-mailadresse"):
        a_course(consultant, phone="", email="")
    with pytest.raises(SammenError, match="Skriv borgerens navn"):
        a_course(consultant, name="")
    assert not Course.objects.exists()
    ole = citizen("Kolding", display_name="Ole")
    course = a_course(consultant, citizen=ole, name="", phone="")
    assert course.display_name == "Ole"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("started_on", TODAY() + datetime.timedelta(days=1), "Datoen kan ikke ligge i fremtiden"),
        ("consent_given_on", TODAY() + datetime.timedelta(days=3), "Datoen kan ikke ligge i fremtiden"),
        ("consent_way", "telepathy", "Vælg, hvordan borgeren gav sit samtykke"),
        ("postal_code", "0000", "Skriv et dansk postnummer"),
    ],
)
def test_a_course_is_refused_with_a_bad_date_consent_or_postal_code_and_nothing_is_saved(
    consultant, field, value, message
):
    with pytest.raises(SammenError, match=message):
        a_course(consultant, **{field: value})
    assert not Course.objects.exists() and not AuditEntry.objects.filter(action__startswith="opportunities").exists()


@pytest.mark.parametrize("cpr", ["010203-1234", "0102031234", "01 02 03 1234", "０１０２０３１２３４"])
def test_cpr_numbers_in_any_form_are_refused_on_the_page_and_nothing_is_saved(signed_in, cpr):
    data = {
        **{k: v for k, v in course_fields().items() if k != "interests"},
        "abilities": f"Borgerens cpr er {cpr}",
    }
    page = signed_in.post(_base() + "forloeb/ny/", data).content.decode()
    assert "CPR-nummer" in page and "Forløbet blev ikke gemt" in page
    assert not Course.objects.exists()


def test_nul_characters_and_100k_characters_are_refused_with_a_message(signed_in, consultant):
    fields = {k: v for k, v in course_fields().items() if k != "interests"}
    for abilities in ("god\x00til", "x" * 100_000):
        response = signed_in.post(_base() + "forloeb/ny/", {**fields, "abilities": abilities})
        assert response.status_code == 200 and "Forløbet blev ikke gemt" in response.content.decode()
    with pytest.raises(SammenError):
        a_course(consultant, potentials="x" * 100_000)
    with pytest.raises(SammenError):
        a_course(consultant, name="Lone\x00")
    assert not Course.objects.exists()


def test_huge_numbers_are_refused_and_huge_ids_are_not_found(signed_in, consultant):
    course = a_course(consultant)
    page = signed_in.post(
        _base() + f"forloeb/{course.pk}/", {"action": "add_need", "need-kind": "max_hours", "need-number": "9" * 30}
    ).content.decode()
    assert "Skånehensynet blev ikke tilføjet" in page and not course.needs.exists()
    with pytest.raises(SammenError, match="helt tal mellem 1 og 48"):
        services.add_need(by=consultant, course=course, kind="max_hours", number=10**30)
    with pytest.raises(SammenError, match="Timer om ugen skal være"):
        an_opportunity(consultant, hours_per_week=10**30)
    assert not Opportunity.objects.exists()
    assert signed_in.get(_base() + "forloeb/" + "9" * 30 + "/").status_code == 404
    response = signed_in.post(_base() + f"forloeb/{course.pk}/", {"action": "remove_need", "need": "9" * 30})
    assert response.status_code == 404


def test_a_need_of_the_same_kind_twice_is_refused(consultant):
    course = a_course(consultant, needs=NEEDS)
    with pytest.raises(SammenError, match="allerede dette skånehensyn"):
        services.add_need(by=consultant, course=course, kind="no_lifting")
    assert course.needs.count() == 2


# --- Matching --------------------------------------------------------------------------------------------------


def test_matching_proposes_only_the_opportunity_that_respects_the_needs_and_shows_why(signed_in, consultant):
    course = a_course(consultant, needs=NEEDS)
    good = an_opportunity(consultant)
    lifting = _shop_that_needs_lifting(consultant)
    page = signed_in.post(_base() + f"forloeb/{course.pk}/", {"action": "propose"}, follow=True).content.decode()
    assert list(course.proposals.values_list("opportunity", flat=True)) == [good.pk]
    assert "Praktik i butik" in page and lifting.title not in page
    assert "Derfor foreslås den:" in page and "Afstand: 0.0 km" in page and "Tidspunktet passer: Formiddag" in page
    assert "Tager hensyn til alle borgerens skånehensyn" in page and "Matchningen fandt 1 mulighed" in page


def test_matching_respects_hours_time_of_day_and_distance(consultant):
    course = a_course(
        consultant,
        needs=[
            {"kind": "max_hours", "number": 10},
            {"kind": "time_of_day", "time_of_day": "afternoon"},
            {"kind": "transport_km", "number": 15},
        ],
    )
    too_long = an_opportunity(consultant, title="20 timer", hours_per_week=20, time_of_day="afternoon")
    flexible = an_opportunity(
        consultant,
        title="Kan gå ned i tid",
        hours_per_week=20,
        time_of_day="afternoon",
        accommodations=[{"kind": "max_hours", "number": 8}],
    )
    morning = an_opportunity(consultant, title="Formiddag", time_of_day="morning")
    far = an_opportunity(consultant, title="Aarhus", postal_code="8000", time_of_day="afternoon")
    near = an_opportunity(consultant, title="Eftermiddag i Kolding", time_of_day="afternoon")
    proposed = {p.opportunity_id for p in services.propose_opportunities(by=consultant, course=course)}
    assert proposed == {flexible.pk, near.pk}
    assert not proposed & {too_long.pk, morning.pk, far.pk}


def test_matching_citizens_for_an_opportunity_leaves_out_those_whose_needs_it_breaks(signed_in, consultant):
    lifting = _shop_that_needs_lifting(consultant)
    fragile = a_course(consultant, name="Lone Andersen", needs=NEEDS)
    strong = a_course(consultant, name="Per Hansen", needs=[{"kind": "max_hours", "number": 12}])
    page = signed_in.post(_base() + f"{lifting.pk}/", {"action": "propose"}, follow=True).content.decode()
    assert list(lifting.proposals.values_list("course", flat=True)) == [strong.pk]
    assert "Per Hansen" in page and "Lone Andersen" not in page and "Matchningen fandt 1 borger" in page
    assert fragile.proposals.count() == 0


def test_choosing_an_opportunity_that_breaks_a_stated_need_is_refused_and_changes_nothing(signed_in, consultant):
    course = a_course(consultant, needs=NEEDS)
    lifting = _shop_that_needs_lifting(consultant)
    response = signed_in.post(
        _base() + f"forloeb/{course.pk}/", {"action": "choose", "opportunity": lifting.pk}, follow=True
    )
    assert "Muligheden bryder borgerens skånehensyn: ingen løft" in response.content.decode()
    assert not Proposal.objects.exists() and lifting.status == OpportunityStatus.OPEN
    assert not AuditEntry.objects.filter(action="opportunities.proposal.chosen").exists()


def test_the_consultant_chooses_a_proposal_and_a_one_place_opportunity_is_filled(signed_in, consultant):
    course = a_course(consultant, needs=NEEDS)
    other = a_course(consultant, name="Per Hansen")
    shop = an_opportunity(consultant)
    services.propose_citizens(by=consultant, opportunity=shop)
    assert shop.proposals.count() == 2
    page = signed_in.post(
        _base() + f"forloeb/{course.pk}/", {"action": "choose", "opportunity": shop.pk}, follow=True
    ).content.decode()
    assert "“Praktik i butik” er valgt til borgeren" in page
    assert Proposal.objects.get(course=course).status == ProposalStatus.CHOSEN
    shop.refresh_from_db()
    assert shop.status == OpportunityStatus.FILLED and not other.proposals.exists()
    with pytest.raises(SammenError, match="ikke længere åben"):
        services.choose_opportunity(by=consultant, course=other, opportunity=shop)


def test_a_rejected_proposal_is_not_proposed_again(consultant):
    course = a_course(consultant)
    shop = an_opportunity(consultant)
    (proposal,) = services.propose_opportunities(by=consultant, course=course)
    services.reject_proposal(by=consultant, proposal=proposal)
    assert services.propose_opportunities(by=consultant, course=course) == []
    assert Proposal.objects.get().status == ProposalStatus.REJECTED
    with pytest.raises(SammenError, match="Kun et forslag, der venter"):
        services.reject_proposal(by=consultant, proposal=Proposal.objects.get())
    assert shop.status == OpportunityStatus.OPEN


def test_a_proposal_chosen_meanwhile_is_not_rejected_and_nothing_changes(consultant, kolding):
    """Two consultants have the proposal open; one chooses it, then the other, on the page read before, rejects."""
    colleague = job_consultant("Kolding", display_name="Mads", email="mads@kolding.dk")
    course = a_course(consultant)
    shop = an_opportunity(consultant)
    (seen_by_colleague,) = services.propose_opportunities(by=consultant, course=course)
    services.choose_opportunity(by=consultant, course=course, opportunity=shop)
    chosen = Proposal.objects.get()
    with pytest.raises(SammenError, match="Kun et forslag, der venter"):
        services.reject_proposal(by=colleague, proposal=seen_by_colleague)
    after = Proposal.objects.get()
    assert (after.status, after.decided_by, after.decided_at) == (ProposalStatus.CHOSEN, consultant, chosen.decided_at)
    assert not AuditEntry.objects.filter(action="opportunities.proposal.rejected").exists()


def test_a_new_need_removes_waiting_proposals_that_break_it(consultant):
    course = a_course(consultant)
    _shop_that_needs_lifting(consultant)
    assert len(services.propose_opportunities(by=consultant, course=course)) == 1
    services.add_need(by=consultant, course=course, kind="no_lifting")
    assert not course.proposals.exists()


def test_closed_opportunities_and_other_municipalities_are_never_proposed(consultant, herning):
    course = a_course(consultant)
    closed = an_opportunity(consultant)
    services.close_opportunity(by=consultant, opportunity=closed)
    herning_consultant = job_consultant("Herning")
    services.post_opportunity(
        by=herning_consultant,
        municipality=herning,
        kind="internship",
        title="Herning",
        description="x",
        employer_name="Herning A/S",
        hours_per_week=5,
        postal_code="6000",
    )
    assert services.propose_opportunities(by=consultant, course=course) == []
    with pytest.raises(SammenError, match="ikke længere åben"):
        services.close_opportunity(by=consultant, opportunity=closed)


# --- Opportunities ---------------------------------------------------------------------------------------------


def test_a_consultant_posts_an_internship_on_the_page_with_the_accommodations_it_offers(signed_in):
    data = {
        "kind": "internship",
        "title": "Praktik i køkken",
        "description": "Skrælle grøntsager",
        "employer_name": "Kantinen",
        "hours_per_week": "6",
        "time_of_day": "morning",
        "postal_code": "6000",
        "places": "1",
        "offers": ["no_lifting", "breaks"],
    }
    page = signed_in.post(_base() + "ny/", data, follow=True).content.decode()
    opportunity = Opportunity.objects.get()
    assert {a.kind for a in opportunity.accommodations.all()} == {"no_lifting", "breaks"}
    assert opportunity.point is not None
    assert "Muligheden er slået op" in page and "Ingen løft" in page and "Pauser efter behov" in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"employer_name": ""}, "Skriv arbejdsgiverens navn"),
        ({"postal_code": "9999"}, "Skriv et dansk postnummer"),
        ({"title": " "}, "Giv muligheden en titel"),
        ({"description": "CPR 010203-1234"}, "CPR-nummer"),
        ({"places": 0}, "Antal pladser"),
        ({"kind": "boss"}, "Vælg, hvilken slags mulighed"),
    ],
)
def test_an_opportunity_is_refused_with_a_specific_message_and_nothing_is_saved(consultant, overrides, message):
    with pytest.raises(SammenError, match=message):
        an_opportunity(consultant, **overrides)
    assert not Opportunity.objects.exists()


def test_a_task_bank_task_becomes_a_volunteering_opportunity_that_is_proposed(consultant, kolding, herning):
    task = published_task(
        association=AssociationFactory(municipality=kolding), municipality=kolding, postal_code="6000"
    )
    volunteering = services.post_opportunity(
        by=consultant,
        municipality=kolding,
        kind="internship",
        task=task,
        title="",
        description="",
        hours_per_week=3,
        postal_code="",
        accommodations=[{"kind": "no_lifting"}],
    )
    assert volunteering.kind == "volunteering" and volunteering.title == task.title
    assert volunteering.association == task.association
    course = a_course(consultant, needs=[{"kind": "no_lifting"}])
    assert [p.opportunity_id for p in services.propose_opportunities(by=consultant, course=course)] == [volunteering.pk]


def test_an_association_representative_posts_volunteering_from_the_public_page(client, kolding):
    association = AssociationFactory(municipality=kolding, name="Kolding Fællesspisning")
    representative = a_representative_of(association)
    client.force_login(representative)
    assert "Slå frivilligt arbejde op" in _page(client, "/muligheder/ny/")
    data = {
        "association": association.pk,
        "title": "Hjælp i køkkenet",
        "description": "Dæk bord og snak med gæsterne.",
        "hours_per_week": "3",
        "postal_code": "6000",
        "places": "2",
        "offers": ["quiet"],
    }
    page = client.post("/muligheder/ny/", data, follow=True).content.decode()
    opportunity = Opportunity.objects.get()
    assert "Det frivillige arbejde er slået op" in page
    assert opportunity.kind == "volunteering" and opportunity.association == association
    assert opportunity.municipality == kolding
    with pytest.raises(SammenError, match="kun slå frivilligt arbejde op"):
        services.post_opportunity(
            by=representative,
            municipality=kolding,
            kind="internship",
            association=association,
            title="x",
            description="x",
            hours_per_week=3,
            postal_code="6000",
        )
    with pytest.raises(SammenError, match="Du kan ikke slå muligheder op for"):
        services.post_opportunity(
            by=citizen("Kolding"),
            municipality=kolding,
            kind="volunteering",
            association=association,
            title="x",
            description="x",
            hours_per_week=3,
            postal_code="6000",
        )
    assert Opportunity.objects.count() == 1
    client.force_login(citizen("Kolding"))
    assert client.get("/muligheder/ny/").status_code == 404


# --- Follow-up and outcomes ------------------------------------------------------------------------------------


def test_a_follow_up_is_planned_and_recorded_but_never_in_the_future_or_twice(signed_in, consultant):
    course = a_course(consultant)
    url = _base() + f"forloeb/{course.pk}/"
    signed_in.post(url, {"action": "plan", "plan-due_on": TODAY().isoformat(), "plan-plan": "Ring til Lone"})
    follow_up = FollowUp.objects.get()
    tomorrow = (TODAY() + datetime.timedelta(days=1)).isoformat()
    page = signed_in.post(
        url, {"action": "record", "record-follow_up": follow_up.pk, "record-done_on": tomorrow, "record-notes": "Godt"}
    ).content.decode()
    assert "Datoen kan ikke ligge i fremtiden" in page
    follow_up.refresh_from_db()
    assert follow_up.done_at is None
    page = signed_in.post(
        url,
        {
            "action": "record",
            "record-follow_up": follow_up.pk,
            "record-done_on": TODAY().isoformat(),
            "record-notes": "Godt",
        },
        follow=True,
    ).content.decode()
    assert "Opfølgningen er skrevet ind" in page and "Godt" in page
    follow_up.refresh_from_db()
    with pytest.raises(SammenError, match="allerede skrevet ind"):
        services.record_follow_up(by=consultant, follow_up=follow_up, done_on=TODAY())


def test_an_outcome_changes_the_status_with_date_and_who(signed_in, consultant):
    course = a_course(consultant)
    url = _base() + f"forloeb/{course.pk}/"
    page = signed_in.post(
        url,
        {"action": "outcome", "outcome-status": "internship", "outcome-happened_on": TODAY().isoformat()},
        follow=True,
    ).content.decode()
    assert "Den nye status er skrevet ind" in page and "I praktik" in page
    outcome = Outcome.objects.get()
    assert outcome.recorded_by == consultant and outcome.happened_on == TODAY()
    course.refresh_from_db()
    assert course.status == CourseStatus.INTERNSHIP
    with pytest.raises(SammenError, match="allerede status “I praktik”"):
        services.record_outcome(by=consultant, course=course, status="internship", happened_on=TODAY())
    with pytest.raises(SammenError, match="fremtiden"):
        services.record_outcome(
            by=consultant, course=course, status="ended", happened_on=TODAY() + datetime.timedelta(days=1)
        )
    assert Outcome.objects.count() == 1


# --- Figures ---------------------------------------------------------------------------------------------------


def test_the_figures_of_seed_004_hide_groups_under_five(signed_in, consultant):
    for n in range(6):
        course = a_course(consultant, name=f"Praktikant {n}")
        services.record_outcome(by=consultant, course=course, status="internship", happened_on=TODAY())
    for n in range(6):
        a_course(consultant, name=f"Dialog {n}")
    referred = a_course(consultant, name="Henvist")
    services.record_outcome(by=consultant, course=referred, status="referred_on", happened_on=TODAY())
    page = _page(signed_in, _base())
    assert "Borgere i kontakt i alt</th><td>13</td>" in page
    assert "I praktik eller job</td><td>6</td>" in page  # shown: 6 people
    assert "Henvist videre til borger til borger-fællesskaber</td><td>under 5</td>" in page
    # 1 hidden would be given away by the total: the smallest other group is hidden too.
    assert page.count("<td>under 5</td>") == 2


# --- Who sees what ---------------------------------------------------------------------------------------------


# Every page of the app by its URL name; a page added later without a row here fails the test below.
PAGES = {
    "opportunities:overview": lambda course, opportunity: _base(),
    "opportunities:course_create": lambda course, opportunity: _base() + "forloeb/ny/",
    "opportunities:course": lambda course, opportunity: _base() + f"forloeb/{course.pk}/",
    "opportunities:course_edit": lambda course, opportunity: _base() + f"forloeb/{course.pk}/rediger/",
    "opportunities:opportunity_create": lambda course, opportunity: _base() + "ny/",
    "opportunities:opportunity": lambda course, opportunity: _base() + f"{opportunity.pk}/",
}


def test_every_page_of_the_app_is_in_the_sweep():
    _, resolver = get_resolver().namespace_dict["opportunities"]
    names = {f"opportunities:{p.name}" for p in resolver.url_patterns if isinstance(p, URLPattern)}
    assert names == set(PAGES) | {"opportunities:volunteering_create"}  # the last: tested with representatives


def _all_pages(course, opportunity) -> list[str]:
    return [page(course, opportunity) for page in PAGES.values()]


def test_anonymous_visitors_are_sent_to_the_login_page(client, consultant):
    course, opportunity = a_course(consultant), an_opportunity(consultant)
    for path in [*_all_pages(course, opportunity), "/muligheder/ny/"]:
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/konto/login/"), path


@pytest.mark.parametrize("who", ["citizen", "herning_consultant", "moderator", "analyst", "coordinator", "referrer"])
def test_everyone_but_the_municipality_s_job_consultants_gets_not_found_on_every_page(client, consultant, who, herning):
    course, opportunity = a_course(consultant, needs=NEEDS), an_opportunity(consultant)
    people = {
        "citizen": lambda: citizen("Kolding"),
        "herning_consultant": lambda: job_consultant("Herning"),
        "moderator": lambda: staff("moderator", "Kolding"),
        "analyst": lambda: staff("analyst", "Kolding"),
        "coordinator": lambda: staff("coordinator", "Kolding"),
        "referrer": lambda: staff("referrer", "Kolding"),
    }
    person = people[who]()
    with_totp(person)
    log_in_with_second_factor(client, person)
    for path in _all_pages(course, opportunity):
        assert client.get(path).status_code == 404, path
        assert client.post(path, {"action": "propose"}).status_code == 404, path
    assert not AuditEntry.objects.filter(action="personal_data.viewed").exists()
    assert not Proposal.objects.exists()


def test_a_job_consultant_whose_session_has_not_passed_the_second_factor_is_asked_for_it_first(client, consultant):
    course, opportunity = a_course(consultant, needs=NEEDS), an_opportunity(consultant)
    client.force_login(consultant)
    for path in _all_pages(course, opportunity):
        for response in (client.get(path), client.post(path, {"action": "propose"})):
            assert response.status_code == 302 and response["Location"].startswith("/konto/2fa/"), path
    assert not AuditEntry.objects.filter(action="personal_data.viewed").exists()
    assert not Proposal.objects.exists()


def test_another_municipality_s_consultant_cannot_act_on_a_course_through_the_services(consultant):
    course, opportunity = a_course(consultant), an_opportunity(consultant)
    other = job_consultant("Herning")
    for call in (
        lambda: services.add_need(by=other, course=course, kind="no_lifting"),
        lambda: services.propose_opportunities(by=other, course=course),
        lambda: services.choose_opportunity(by=other, course=course, opportunity=opportunity),
        lambda: services.record_outcome(by=other, course=course, status="ended", happened_on=TODAY()),
    ):
        with pytest.raises(SammenError, match="Kun en jobkonsulent i Kolding Kommune"):
            call()
    assert not course.needs.exists() and not Proposal.objects.exists() and course.outcomes.count() == 0


def test_every_page_that_shows_a_course_writes_an_access_log_row(signed_in, consultant):
    ole = citizen("Kolding", display_name="Ole")
    course = a_course(consultant, citizen=ole, name="", needs=NEEDS)
    opportunity = an_opportunity(consultant)
    services.propose_citizens(by=consultant, opportunity=opportunity)
    for path in (
        _base(),
        _base() + f"forloeb/{course.pk}/",
        _base() + f"forloeb/{course.pk}/rediger/",
        _base() + f"{opportunity.pk}/",
    ):
        before = AuditEntry.objects.filter(action="personal_data.viewed").count()
        _page(signed_in, path)
        row = AuditEntry.objects.filter(action="personal_data.viewed").latest("id")
        assert AuditEntry.objects.filter(action="personal_data.viewed").count() == before + 1, path
        assert row.actor_id == consultant.pk and row.data_subject_id == ole.pk
        assert row.object_type == "opportunities.course" and row.object_id == str(course.pk)
        assert row.municipality_id == municipality("Kolding").pk


def test_the_staff_dashboard_links_job_consultants_to_their_pages(client, consultant):
    log_in_with_second_factor(client, consultant)
    assert '<a href="/personale/kommune/621/muligheder/">Muligheder og forløb</a>' in _page(client, "/personale/")
    moderator = staff("moderator", "Kolding")
    log_in_with_second_factor(client, moderator)
    assert "/personale/kommune/621/muligheder/" not in _page(client, "/personale/")


def test_nothing_of_a_course_reaches_a_public_page(client, consultant, kolding):
    participating("Kolding")
    a_course(consultant, name="Hemmelige Hanne", needs=NEEDS)
    for path in ("/", "/frivilligopgaver/", "/aktiviteter/", "/tilbud/"):
        assert "Hemmelige Hanne" not in client.get(path, {"q": "Hemmelige"}).content.decode()
    assert AccommodationNeed.objects.count() == 2


# --- Simultaneous choices (PostgreSQL) -------------------------------------------------------------------------

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises writers, so the race cannot happen there; CI runs this on PostgreSQL",
)


def _choose_at_the_same_moment(consultant, opportunity, courses) -> list[str]:
    """Each course gets the opportunity chosen in its own thread (its own database connection) at one moment."""
    barrier = threading.Barrier(len(courses))
    results: list[str] = []

    def choose(course):
        barrier.wait()
        try:
            services.choose_opportunity(by=consultant, course=course, opportunity=opportunity)
            results.append("chosen")
        except SammenError:
            results.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=choose, args=(course,)) for course in courses]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_citizens_chosen_at_the_same_moment_for_one_place_get_exactly_one(kolding):
    consultant = job_consultant("Kolding")
    courses = [a_course(consultant, name=f"Borger {n}") for n in range(3)]
    shop = an_opportunity(consultant, places=1)
    assert sorted(_choose_at_the_same_moment(consultant, shop, courses)) == ["chosen", "refused", "refused"]
    assert Proposal.objects.filter(opportunity=shop, status=ProposalStatus.CHOSEN).count() == 1


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_control_without_the_lock_simultaneous_choices_overfill_the_place(kolding, monkeypatch):
    """The same with the lock switched off fills one place twice: proof that the test above tests something."""
    monkeypatch.setattr(locking, "LOCKING_ENABLED", False)
    consultant = job_consultant("Kolding")
    overfilled = 0
    for round_ in range(8):  # the race is a matter of timing; a few rounds make it certain in practice
        courses = [a_course(consultant, name=f"Borger {round_}-{n}") for n in range(3)]
        shop = an_opportunity(consultant, places=1)
        _choose_at_the_same_moment(consultant, shop, courses)
        overfilled = Proposal.objects.filter(opportunity=shop, status=ProposalStatus.CHOSEN).count() - 1
        if overfilled > 0:
            break
    assert overfilled > 0, "without the lock, simultaneous choices should have filled the place more than once"
