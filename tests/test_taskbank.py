"""The volunteer task bank: an association or a unit posts a short task, volunteers offer, the organiser accepts
(never more than needed, also when accepting at the same moment), confirms the hours after, and the volunteer
downloads a statement of their volunteering."""

import datetime
import re
import threading
import urllib.request
from decimal import Decimal

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.validators import ProhibitNullCharactersValidator
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.html import escape

from sammen.audit.models import AuditEntry
from sammen.core import locking
from sammen.core.errors import SammenError
from sammen.core.text_policy import MESSAGES as TEXT_MESSAGES
from sammen.taskbank import services
from sammen.taskbank.models import OfferStatus, Task, TaskOffer, TaskStatus
from sammen.taxonomy.models import Category
from tests.factories import AssociationFactory, UserFactory, citizen
from tests.factories.associations import a_representative_of
from tests.factories.municipalities import unit as municipal_unit
from tests.factories.taskbank import published_task, task_fields
from tests.helpers import log_in_with_second_factor

pytestmark = pytest.mark.django_db

NUL_MESSAGE = ProhibitNullCharactersValidator.message
TOO_LONG = "3000"


def shows(response, message, **params) -> bool:
    text = str(message) % params if params else str(message)
    return escape(text) in response.content.decode()


def form_data(**overrides) -> dict:
    """What the organiser's form sends for the task of ``task_fields``."""
    fields = task_fields()
    data = {
        "title": fields["title"],
        "description": fields["description"],
        "category": fields["category"].pk,
        "skills": fields["skills"],
        "volunteers_needed": "3",
        "minimum_age": "18",
        "starts_on": fields["starts_on"].isoformat(),
        "start_time": "10:00",
        "end_time": "13:00",
        "ends_on": "",
        "municipality": fields["municipality"].pk,
        "address": fields["address"],
        "postal_code": fields["postal_code"],
        "contact_name": fields["contact_name"],
        "contact_email": fields["contact_email"],
        "contact_phone": fields["contact_phone"],
    }
    return data | overrides


@pytest.fixture
def association(herning):
    return AssociationFactory(name="Idrætsforeningen Fremad")


@pytest.fixture
def representative(association):
    return a_representative_of(association)


@pytest.fixture
def task(association, representative):
    return published_task(association=association, by=representative)


def end_of(task: Task) -> datetime.datetime:
    return task.ends_at + datetime.timedelta(hours=1)


# --- Organising ---------------------------------------------------------------------------------------------


def test_a_representative_posts_and_publishes_a_task_that_the_list_and_its_filters_find(
    client, association, representative
):
    client.force_login(representative)
    response = client.post(
        "/frivilligopgaver/ny/", form_data(organiser=f"association-{association.pk}", skills="bagning, kørekort")
    )
    task = Task.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/frivilligopgaver/{task.pk}/"
    assert task.status == TaskStatus.DRAFT and task.association == association
    assert AuditEntry.objects.filter(action="taskbank.task.created", object_id=str(task.pk)).exists()
    # A draft is not public.
    assert Client().get(f"/frivilligopgaver/{task.pk}/").status_code == 404
    assert task.title not in Client().get("/frivilligopgaver/").content.decode()

    assert client.post(f"/frivilligopgaver/{task.pk}/offentliggoer/").status_code == 302
    task.refresh_from_db()
    assert task.status == TaskStatus.PUBLISHED and task.published_at is not None

    anyone = Client()
    day = task.starts_on.isoformat()
    other_category = Category.objects.exclude(slug="gaature").first()
    finds = {
        "": True,
        "?q=stole": True,
        "?q=sommerfesten": True,
        "?q=brandbil": False,
        "?kommune=herning": True,
        "?kommune=kolding": False,
        f"?dato={day}": True,
        f"?dato={(task.starts_on + datetime.timedelta(days=1)).isoformat()}": False,
        "?kompetencer=bagning": True,
        "?kompetencer=svejsning": False,
        "?kategori=gaature": True,
        f"?kategori={other_category.slug}": False,
    }
    for query, found in finds.items():
        page = anyone.get(f"/frivilligopgaver/{query}").content.decode()
        assert (task.title in page) is found, query
    page = anyone.get("/frivilligopgaver/").content.decode()
    assert "3 frivillige mere" in page or "3 more volunteers needed" in page


def test_unit_staff_post_and_publish_a_task_for_their_unit(client, herning, coordinator_in_herning):
    library = municipal_unit("Herning Bibliotekerne")
    log_in_with_second_factor(client, coordinator_in_herning)
    response = client.post("/frivilligopgaver/ny/", form_data(organiser=f"unit-{library.pk}"))
    assert response.status_code == 302
    task = Task.objects.get(unit=library)
    client.post(f"/frivilligopgaver/{task.pk}/offentliggoer/")
    task.refresh_from_db()
    assert task.status == TaskStatus.PUBLISHED
    assert task.title in Client().get("/frivilligopgaver/").content.decode()


def test_an_outsider_cannot_post_for_an_association_and_nothing_is_created(client, association, herning):
    outsider = citizen("Herning")
    client.force_login(outsider)
    assert client.get("/frivilligopgaver/ny/").status_code == 404
    assert client.post("/frivilligopgaver/ny/", form_data(organiser=f"association-{association.pk}")).status_code == 404
    with pytest.raises(SammenError) as error:
        services.create_task(by=outsider, acting_for=association, fields=task_fields())
    assert str(error.value) == str(services.ERRORS["not_organiser"]) % {"name": association.name}
    assert not Task.objects.exists()


def test_staff_in_another_municipality_cannot_post_for_a_herning_unit(coordinator_in_kolding, herning, kolding):
    library = municipal_unit("Herning Bibliotekerne")
    with pytest.raises(SammenError):
        services.create_task(by=coordinator_in_kolding, acting_for=library, fields=task_fields())
    assert not Task.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "key", "field"),
    [
        ({"description": "Ring til Jens, cpr 010190-1234"}, None, "description"),
        ({"title": "Stole\x00op"}, None, "title"),
        ({"description": "x" * 100_000}, "too_long", "description"),
        ({"volunteers_needed": 0}, "volunteers_needed", "volunteers_needed"),
        ({"start_time": datetime.time(13), "end_time": datetime.time(10)}, "end_before_start", "end_time"),
        ({"start_time": None}, "no_times", "start_time"),
        ({"address": "", "online": False}, "no_place", "address"),
        ({"contact_email": "", "contact_phone": ""}, "no_contact", "contact_email"),
        ({"starts_on": datetime.date(2020, 1, 1)}, "in_past", "starts_on"),
    ],
)
def test_bad_tasks_are_refused_with_a_specific_message(association, representative, overrides, key, field):
    with pytest.raises(SammenError) as error:
        services.create_task(by=representative, acting_for=association, fields=task_fields(**overrides))
    assert error.value.field == field
    if key is not None:
        assert str(services.ERRORS[key]) in str(error.value) or key == "too_long"
    assert not Task.objects.exists()


def test_a_window_longer_than_a_month_is_refused(association, representative):
    first = timezone.localdate() + datetime.timedelta(days=3)
    with pytest.raises(SammenError) as error:
        services.create_task(
            by=representative,
            acting_for=association,
            fields=task_fields(starts_on=first, ends_on=first + datetime.timedelta(days=40)),
        )
    assert str(error.value) == str(services.ERRORS["window_too_long"]) % {"days": 31}


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("description", "Kontakt Jens på 010190-1234", TEXT_MESSAGES["cpr"]),
        ("title", "Stole og borde\x00", NUL_MESSAGE),
        ("description", "Stole\x1bog borde", TEXT_MESSAGES["control"]),
        ("description", "x" * 100_000, TOO_LONG),
    ],
)
def test_hostile_input_in_the_form_gets_a_message_keeps_the_text_and_stores_nothing(
    client, association, representative, field, value, message
):
    client.force_login(representative)
    response = client.post(
        "/frivilligopgaver/ny/", form_data(organiser=f"association-{association.pk}", **{field: value})
    )
    assert response.status_code == 200
    assert shows(response, message)
    if field == "description" and len(value) < 100:
        assert escape(value.replace("\x1b", "")) in response.content.decode().replace("\x1b", "")
    assert not Task.objects.exists()


def test_editing_and_cancelling_tells_the_volunteers(client, task, representative, django_capture_on_commit_callbacks):
    volunteer = citizen("Herning", display_name="Mads")
    services.offer(volunteer=volunteer, task=task)
    client.force_login(representative)
    response = client.post(f"/frivilligopgaver/{task.pk}/rediger/", form_data(volunteers_needed="5"))
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.volunteers_needed == 5
    response = client.post(f"/frivilligopgaver/{task.pk}/aflys/", {"reason": ""})
    assert response.status_code == 200
    task.refresh_from_db()
    assert task.status == TaskStatus.PUBLISHED
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/frivilligopgaver/{task.pk}/aflys/", {"reason": "Festen er aflyst pga. regn"})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == TaskStatus.CANCELLED
    assert [message.to for message in mail.outbox] == [[volunteer.email]]
    assert "Festen er aflyst pga. regn" in mail.outbox[0].body
    with pytest.raises(SammenError) as error:
        services.offer(volunteer=citizen("Herning"), task=task)
    assert str(error.value) == str(services.ERRORS["is_cancelled"])


# --- Offering and accepting ---------------------------------------------------------------------------------


def test_a_volunteer_offers_the_organiser_accepts_and_then_the_contact_details_are_shown(
    client, task, representative, django_capture_on_commit_callbacks
):
    volunteer = citizen("Herning", display_name="Mads")
    client.force_login(volunteer)
    page = client.get(f"/frivilligopgaver/{task.pk}/").content.decode()
    assert "inge@stolefest.dk" not in page and "20304050" not in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/frivilligopgaver/{task.pk}/tilbyd/", {"message": "Jeg har en trailer."})
    assert response.status_code == 302
    task_offer = TaskOffer.objects.get()
    assert task_offer.status == OfferStatus.OFFERED and task_offer.message == "Jeg har en trailer."
    assert mail.outbox[-1].to == [representative.email]
    assert "Jeg har en trailer." in mail.outbox[-1].body
    assert "inge@stolefest.dk" not in client.get(f"/frivilligopgaver/{task.pk}/").content.decode()

    organiser = Client()
    organiser.force_login(representative)
    assert "Mads" in organiser.get(f"/frivilligopgaver/{task.pk}/tilbud/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser.post(f"/frivilligopgaver/{task.pk}/tilbud/", {"offer": task_offer.pk, "action": "accept"})
    assert response.status_code == 302
    task_offer.refresh_from_db()
    assert task_offer.status == OfferStatus.ACCEPTED
    assert mail.outbox[-1].to == [volunteer.email]
    assert "inge@stolefest.dk" in mail.outbox[-1].body

    page = client.get(f"/frivilligopgaver/{task.pk}/").content.decode()
    assert "inge@stolefest.dk" in page and "20304050" in page
    # Someone who only offered, or nobody at all, still does not see them.
    bystander = Client()
    bystander.force_login(citizen("Herning"))
    assert "inge@stolefest.dk" not in bystander.get(f"/frivilligopgaver/{task.pk}/").content.decode()
    assert "inge@stolefest.dk" not in Client().get(f"/frivilligopgaver/{task.pk}/").content.decode()


def test_declining_tells_the_volunteer_kindly(client, task, representative, django_capture_on_commit_callbacks):
    task_offer = services.offer(volunteer=citizen("Herning"), task=task)
    client.force_login(representative)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/frivilligopgaver/{task.pk}/tilbud/",
            {"offer": task_offer.pk, "action": "decline", f"offer{task_offer.pk}-reason": "Vi er mange nok"},
        )
    task_offer.refresh_from_db()
    assert task_offer.status == OfferStatus.DECLINED
    assert "Vi er mange nok" in mail.outbox[-1].body


def test_a_full_task_refuses_more_acceptances_with_a_message_and_no_change(client, association, representative):
    task = published_task(association=association, by=representative, volunteers_needed=1)
    first, second = (services.offer(volunteer=citizen("Herning"), task=task) for _ in range(2))
    client.force_login(representative)
    client.post(f"/frivilligopgaver/{task.pk}/tilbud/", {"offer": first.pk, "action": "accept"})
    response = client.post(
        f"/frivilligopgaver/{task.pk}/tilbud/", {"offer": second.pk, "action": "accept"}, follow=True
    )
    assert shows(response, services.ERRORS["full"])
    second.refresh_from_db()
    assert second.status == OfferStatus.OFFERED
    assert TaskOffer.objects.filter(task=task, status=OfferStatus.ACCEPTED).count() == 1
    # And a new offer for the full task is refused too.
    late = Client()
    late.force_login(citizen("Herning"))
    response = late.post(f"/frivilligopgaver/{task.pk}/tilbyd/", {"message": ""})
    assert response.status_code == 400
    assert TaskOffer.objects.filter(task=task).count() == 2


@pytest.mark.parametrize("setup", ["over", "own_task", "too_young", "no_birth_date", "twice", "draft"])
def test_bad_offers_get_a_specific_message_and_change_nothing(association, representative, setup):
    task = published_task(association=association, by=representative)
    volunteer = citizen("Herning")
    key = setup
    if setup == "own_task":
        volunteer = representative
    elif setup == "too_young":
        volunteer = citizen("Herning", date_of_birth=timezone.localdate() - datetime.timedelta(days=16 * 365))
    elif setup == "no_birth_date":
        volunteer = citizen("Herning", date_of_birth=None)
    elif setup == "twice":
        services.offer(volunteer=volunteer, task=task)
    elif setup == "draft":
        Task.objects.filter(pk=task.pk).update(status=TaskStatus.DRAFT)
        key = "not_published"
    before = TaskOffer.objects.count()
    with pytest.raises(SammenError) as error:
        if setup == "over":
            with time_machine.travel(end_of(task)):
                services.offer(volunteer=volunteer, task=task)
        else:
            services.offer(volunteer=volunteer, task=task)
    expected = str(services.ERRORS[key]) % ({"age": 18} if key == "too_young" else {})
    assert str(error.value) == expected
    assert TaskOffer.objects.count() == before


def test_a_withdrawn_acceptance_frees_the_place(task, representative):
    volunteer = citizen("Herning")
    task_offer = services.accept(by=representative, offer=services.offer(volunteer=volunteer, task=task))
    services.withdraw(volunteer=volunteer, offer=task_offer)
    assert TaskOffer.objects.get().status == OfferStatus.WITHDRAWN
    again = services.offer(volunteer=volunteer, task=task)  # a new live offer is allowed after withdrawing
    assert again.status == OfferStatus.OFFERED


# --- Hours and the statement --------------------------------------------------------------------------------


@pytest.fixture
def accepted(task, representative):
    volunteer = citizen("Herning", display_name="Mads")
    return services.accept(by=representative, offer=services.offer(volunteer=volunteer, task=task))


@pytest.mark.parametrize(
    ("hours", "key", "shown"),
    [
        ("0", "hours_positive", None),
        ("-2", "hours_positive", None),
        ("24.5", "hours_too_many", "24.50"),
        ("9" * 40, "hours_too_many", "1.000E+40"),
        ("1e400", "hours_too_many", "1.000E+400"),
        ("mange", "hours_not_number", None),
        ("NaN", "hours_not_number", None),
    ],
)
def test_bad_hours_are_refused_with_a_specific_message(client, accepted, representative, hours, key, shown):
    client.force_login(representative)
    with time_machine.travel(end_of(accepted.task)):
        response = client.post(
            f"/frivilligopgaver/{accepted.task_id}/tilbud/",
            {"offer": accepted.pk, "action": "hours", f"offer{accepted.pk}-hours": hours},
        )
    assert response.status_code == 400
    params = {"hours": shown, "limit": 24} if shown else {}
    assert shows(response, services.ERRORS[key], **params)
    assert escape(hours) in response.content.decode()  # what the organiser typed is kept
    accepted.refresh_from_db()
    assert accepted.hours is None and accepted.confirmed_at is None


def test_hours_for_a_task_in_the_future_are_refused(accepted, representative):
    with pytest.raises(SammenError) as error:
        services.confirm_hours(by=representative, offer=accepted, hours="3")
    assert str(services.ERRORS["future_task"]).split("%")[0] in str(error.value)
    accepted.refresh_from_db()
    assert accepted.hours is None


def test_a_window_of_days_allows_24_hours_for_each_day(association, representative):
    first = timezone.localdate() + datetime.timedelta(days=2)
    task = published_task(
        association=association, by=representative, starts_on=first, ends_on=first + datetime.timedelta(days=2)
    )
    task_offer = services.accept(by=representative, offer=services.offer(volunteer=citizen("Herning"), task=task))
    with time_machine.travel(end_of(task)):
        with pytest.raises(SammenError):
            services.confirm_hours(by=representative, offer=task_offer, hours="72.25")
        assert services.confirm_hours(by=representative, offer=task_offer, hours="72").hours == Decimal("72.00")


def test_the_organiser_confirms_hours_and_the_statement_lists_them(
    client, accepted, representative, association, django_capture_on_commit_callbacks
):
    organiser = Client()
    organiser.force_login(representative)
    with time_machine.travel(end_of(accepted.task)), django_capture_on_commit_callbacks(execute=True):
        response = organiser.post(
            f"/frivilligopgaver/{accepted.task_id}/tilbud/",
            {"offer": accepted.pk, "action": "hours", f"offer{accepted.pk}-hours": "2,5"},
        )
    assert response.status_code == 302
    accepted.refresh_from_db()
    assert accepted.hours == Decimal("2.50") and accepted.confirmed_by == representative
    assert mail.outbox[-1].to == [accepted.volunteer.email]
    with pytest.raises(SammenError):
        services.confirm_hours(by=representative, offer=accepted, hours="3")

    client.force_login(accepted.volunteer)
    mine = client.get("/frivilligopgaver/mine/").content.decode()
    assert accepted.task.title in mine and "2,5" in mine
    statement = client.get("/frivilligopgaver/mine/erklaering/").content.decode()
    assert accepted.task.title in statement and "Idrætsforeningen Fremad" in statement and "2,5" in statement
    assert f"{accepted.task.starts_on:%d-%m-%Y}" in statement
    download = client.get("/frivilligopgaver/mine/erklaering.csv")
    assert download["Content-Type"].startswith("text/csv")
    text = download.content.decode("utf-8-sig")
    assert "Idrætsforeningen Fremad" in text and ";2,50" in text
    assert text.strip().splitlines()[-1].endswith(";2,50")


# --- Who may see what ---------------------------------------------------------------------------------------


def test_every_page_answers_404_or_login_to_those_it_is_not_for(
    task, accepted, coordinator_in_kolding, kolding, herning, coordinator_in_herning
):
    unit_task = published_task(
        unit=municipal_unit("Herning Bibliotekerne"), by=coordinator_in_herning, title="Læs højt for børn"
    )
    managing = [
        f"/frivilligopgaver/{task.pk}/rediger/",
        f"/frivilligopgaver/{task.pk}/aflys/",
        f"/frivilligopgaver/{task.pk}/tilbud/",
        f"/frivilligopgaver/{unit_task.pk}/rediger/",
        f"/frivilligopgaver/{unit_task.pk}/aflys/",
        f"/frivilligopgaver/{unit_task.pk}/tilbud/",
    ]
    posting = [f"/frivilligopgaver/{t.pk}/offentliggoer/" for t in (task, unit_task)]
    personal = [
        "/frivilligopgaver/mine/",
        "/frivilligopgaver/mine/erklaering/",
        "/frivilligopgaver/mine/erklaering.csv",
        "/frivilligopgaver/ny/",
        "/frivilligopgaver/arrangoer/",
    ]

    anonymous = Client()
    for path in [*managing, *personal]:
        response = anonymous.get(path)
        assert response.status_code == 302 and "/konto/" in response["Location"], path
    for path in [
        *posting,
        f"/frivilligopgaver/{task.pk}/tilbyd/",
        f"/frivilligopgaver/tilbud/{accepted.pk}/traek-tilbage/",
    ]:
        response = anonymous.post(path)
        assert response.status_code == 302 and "/konto/" in response["Location"], path

    outsider = Client()
    outsider.force_login(citizen("Herning"))
    kolding_staff = Client()
    log_in_with_second_factor(kolding_staff, coordinator_in_kolding)
    for client in (outsider, kolding_staff):
        for path in managing:
            assert client.get(path).status_code == 404, path
            assert client.post(path, {"offer": accepted.pk, "action": "accept"}).status_code == 404, path
        for path in posting:
            assert client.post(path).status_code == 404, path
        assert client.get("/frivilligopgaver/ny/").status_code == 404
        assert client.post(f"/frivilligopgaver/tilbud/{accepted.pk}/traek-tilbage/").status_code == 404
        # The volunteer's own pages show only their own offers.
        assert task.title not in client.get("/frivilligopgaver/mine/").content.decode()
    accepted.refresh_from_db()
    assert accepted.status == OfferStatus.ACCEPTED
    draft = services.create_task(
        by=a_representative_of(task.association), acting_for=task.association, fields=task_fields(title="Kladde")
    )
    for client in (anonymous, outsider, kolding_staff):
        assert client.get(f"/frivilligopgaver/{draft.pk}/").status_code == 404
        assert client.get("/frivilligopgaver/99999999/").status_code == 404


def test_unit_staff_reading_the_volunteers_is_logged(client, coordinator_in_herning, herning):
    unit_task = published_task(unit=municipal_unit("Herning Bibliotekerne"), by=coordinator_in_herning)
    volunteer = citizen("Herning")
    services.accept(by=coordinator_in_herning, offer=services.offer(volunteer=volunteer, task=unit_task))
    log_in_with_second_factor(client, coordinator_in_herning)
    page = client.get(f"/frivilligopgaver/{unit_task.pk}/tilbud/").content.decode()
    assert volunteer.email in page
    assert AuditEntry.objects.filter(
        action="personal_data.viewed", actor_id=coordinator_in_herning.pk, data_subject_id=volunteer.pk
    ).exists()


def test_the_list_costs_the_same_at_3_and_30_tasks(client, association, representative):
    def count() -> int:
        client.get("/frivilligopgaver/")
        with CaptureQueriesContext(connection) as context:
            response = client.get("/frivilligopgaver/?kommune=herning")
        assert response.status_code == 200
        return len(context.captured_queries)

    for _ in range(3):
        published_task(association=association, by=representative)
    few = count()
    for index in range(27):
        published_task(association=AssociationFactory(), volunteers_needed=1 + index % 4)
    assert count() == few


# --- Simultaneous acceptances (PostgreSQL) ------------------------------------------------------------------


needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises writers (IMMEDIATE transactions), so the race cannot happen there; CI runs this on "
    "PostgreSQL",
)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _accept_at_the_same_moment(live_server, task, organiser, offers) -> list[int]:
    """The organiser's accept button for each offer, pressed in as many tabs at the same moment."""
    client = Client()
    client.force_login(organiser)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    barrier = threading.Barrier(len(offers))
    statuses: list[int] = []
    requests = []
    for task_offer in offers:
        token = get_random_string(32)
        requests.append(
            urllib.request.Request(
                f"{live_server.url}/frivilligopgaver/{task.pk}/tilbud/",
                data=f"offer={task_offer.pk}&action=accept".encode(),
                method="POST",
                headers={
                    "Cookie": f"{settings.SESSION_COOKIE_NAME}={session}; {settings.CSRF_COOKIE_NAME}={token}",
                    "X-CSRFToken": token,
                    "Content-Type": "application/x-www-form-urlencoded",
                },
            )
        )

    def fire(request):
        barrier.wait()
        try:
            with urllib.request.build_opener(_NoRedirects).open(request, timeout=60) as response:
                statuses.append(response.status)
        except urllib.error.HTTPError as error:
            statuses.append(error.code)

    threads = [threading.Thread(target=fire, args=(request,)) for request in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def _task_with_four_offers(association, representative):
    task = published_task(association=association, by=representative, volunteers_needed=3)
    offers = [services.offer(volunteer=UserFactory(), task=task) for _ in range(4)]
    return task, offers


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_four_offers_accepted_at_the_same_moment_for_three_places_accept_exactly_three(live_server, herning):
    association = AssociationFactory()
    representative = a_representative_of(association)
    task, offers = _task_with_four_offers(association, representative)
    statuses = _accept_at_the_same_moment(live_server, task, representative, offers)
    # Three are accepted (a redirect to the offers page); the fourth gets the page again with the "full" message.
    assert sorted(statuses) == [200, 302, 302, 302]
    assert TaskOffer.objects.filter(task=task, status=OfferStatus.ACCEPTED).count() == 3
    assert TaskOffer.objects.filter(task=task, status=OfferStatus.OFFERED).count() == 1


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_control_without_the_lock_simultaneous_acceptances_overfill_the_task(live_server, herning, monkeypatch):
    """The same load with the lock switched off accepts more than needed: proof that the test above tests something."""
    monkeypatch.setattr(locking, "LOCKING_ENABLED", False)  # sammen.core.locking
    association = AssociationFactory()
    representative = a_representative_of(association)
    overfilled = 0
    for _ in range(8):  # the race is a matter of timing; a few rounds make it certain in practice
        task, offers = _task_with_four_offers(association, representative)
        _accept_at_the_same_moment(live_server, task, representative, offers)
        overfilled = max(overfilled, TaskOffer.objects.filter(task=task, status=OfferStatus.ACCEPTED).count() - 3)
        if overfilled:
            break
    assert overfilled > 0, "without the lock, simultaneous acceptances should have accepted all four"


def test_every_page_has_one_heading_and_no_inline_styles_or_scripts(client, accepted, representative):
    task = accepted.task
    organiser = Client()
    organiser.force_login(representative)
    client.force_login(accepted.volunteer)
    pages = [
        (Client(), "/frivilligopgaver/"),
        (Client(), f"/frivilligopgaver/{task.pk}/"),
        (client, f"/frivilligopgaver/{task.pk}/"),
        (client, "/frivilligopgaver/mine/"),
        (client, "/frivilligopgaver/mine/erklaering/"),
        (organiser, "/frivilligopgaver/ny/"),
        (organiser, "/frivilligopgaver/arrangoer/"),
        (organiser, f"/frivilligopgaver/{task.pk}/rediger/"),
        (organiser, f"/frivilligopgaver/{task.pk}/aflys/"),
        (organiser, f"/frivilligopgaver/{task.pk}/tilbud/"),
    ]
    for person, path in pages:
        response = person.get(path)
        assert response.status_code == 200, path
        page = response.content.decode()
        assert page.count("<h1") == 1, path
        assert " style=" not in page, path
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>\s*\S", page), path
    assert task.title in organiser.get("/frivilligopgaver/arrangoer/").content.decode()
