"""Organising activities: creating a series in local time, the bad inputs, changing and cancelling dates with
e-mails to everyone signed up, messages, reminders, and who may manage what.

Texts are compared with the catalogue's current wording (``say``), which is Danish in these tests.
"""

import datetime
import html
import zoneinfo

import pytest
import time_machine
from dateutil.relativedelta import relativedelta
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.translation import gettext

from sammen.activities import services, tasks
from sammen.activities.models import Activity, Occurrence, OrganiserMessage, Recurrence, SignUp, SignUpStatus
from sammen.audit.models import AuditEntry
from sammen.core import text_policy
from sammen.notifications.tasks import deliver_due_notifications
from sammen.search.models import SearchDocument
from tests.factories import activity_with_dates, citizen, participating, staff
from tests.factories.activities import activity_fields, create_form_data, in_two_weeks, signed_up
from tests.factories.associations import association_represented_by
from tests.factories.municipalities import unit
from tests.helpers import log_in_with_second_factor, with_totp

pytestmark = pytest.mark.django_db
COPENHAGEN = zoneinfo.ZoneInfo("Europe/Copenhagen")


def say(message, **params) -> str:
    """What the person reads: the message in the active language (Danish here)."""
    return str(message) % params if params else str(message)


def page_text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture(autouse=True)
def _herning_participates():
    participating("Herning")


def next_year_with(month: int, day: int) -> int:
    today = timezone.localdate()
    return today.year if datetime.date(today.year, month, day) > today else today.year + 1


# --- Creating -----------------------------------------------------------------------------------------------------


def test_a_weekly_walk_stays_at_ten_after_the_clocks_change_in_october():
    year = next_year_with(10, 1)
    organiser = citizen()
    activity = services.create_activity(
        by=organiser,
        fields=activity_fields(),
        first_date=datetime.date(year, 10, 5),
        starts=datetime.time(10, 0),
        ends=datetime.time(11, 30),
        recurrence=Recurrence.WEEKLY,
        repeat_until=datetime.date(year, 11, 16),
    )
    dates = list(activity.occurrences.order_by("starts_at"))
    assert len(dates) == 7
    assert {timezone.localtime(d.starts_at, COPENHAGEN).strftime("%H:%M") for d in dates} == {"10:00"}
    assert {timezone.localtime(d.ends_at, COPENHAGEN).strftime("%H:%M") for d in dates} == {"11:30"}
    # Summer time (UTC+2) before the last Sunday of October, winter time (UTC+1) after: 08:00 then 09:00 UTC.
    utc_hours = [d.starts_at.astimezone(datetime.UTC).hour for d in dates]
    assert utc_hours[0] == 8 and utc_hours[-1] == 9
    assert all(d.municipality == activity.municipality for d in dates)


def test_a_monthly_activity_on_the_31st_falls_on_the_last_day_of_shorter_months():
    year = next_year_with(1, 31)
    activity = services.create_activity(
        by=citizen(),
        fields=activity_fields(),
        first_date=datetime.date(year, 1, 31),
        starts=datetime.time(14, 0),
        ends=datetime.time(16, 0),
        recurrence=Recurrence.MONTHLY,
        repeat_until=datetime.date(year, 6, 30),
    )
    days = [timezone.localtime(d.starts_at, COPENHAGEN).date() for d in activity.occurrences.order_by("starts_at")]
    february_end = (datetime.date(year, 3, 1) - datetime.timedelta(days=1)).day
    assert [(d.month, d.day) for d in days] == [(1, 31), (2, february_end), (3, 31), (4, 30), (5, 31), (6, 30)]


def test_each_date_closes_as_long_before_its_start_as_the_first():
    first = in_two_weeks()
    activity = services.create_activity(
        by=citizen(),
        fields=activity_fields(),
        first_date=first,
        starts=datetime.time(10, 0),
        ends=datetime.time(11, 0),
        recurrence=Recurrence.BIWEEKLY,
        repeat_until=first + datetime.timedelta(weeks=4),
        signup_deadline=services.local_datetime(first - datetime.timedelta(days=1), datetime.time(12, 0)),
    )
    dates = list(activity.occurrences.order_by("starts_at"))
    assert len(dates) == 3
    assert {d.starts_at - d.signup_deadline for d in dates} == {datetime.timedelta(hours=22)}


def test_a_series_reaches_at_most_a_year_ahead():
    first = in_two_weeks()
    with pytest.raises(services.SammenError) as error:
        services.create_activity(
            by=citizen(),
            fields=activity_fields(),
            first_date=first,
            starts=datetime.time(10, 0),
            ends=datetime.time(11, 0),
            recurrence=Recurrence.WEEKLY,
            repeat_until=first + datetime.timedelta(days=400),
        )
    last = (first + relativedelta(years=1)).strftime("%d-%m-%Y")
    assert str(error.value) == say(services.ERRORS["too_far"], limit=53, last=last)
    assert not Activity.objects.exists()


def test_a_representative_creates_a_weekly_walking_group_for_the_association(client):
    organiser = citizen()
    association = association_represented_by(organiser, name="Gå-klubben Herning")
    client.force_login(organiser)
    first = in_two_weeks()
    data = create_form_data(
        organiser=f"association-{association.pk}",
        recurrence="weekly",
        repeat_until=(first + datetime.timedelta(weeks=3)).isoformat(),
    )
    response = client.post("/aktiviteter/ny/", data)
    activity = Activity.objects.get()
    assert response.status_code == 302 and response.url == f"/aktiviteter/{activity.pk}/"
    assert activity.association == association and activity.created_by == organiser
    assert activity.occurrences.count() == 4
    assert set(activity.occurrences.values_list("capacity", flat=True)) == {10}
    assert SearchDocument.objects.filter(object_id=activity.pk, content_type__model="activity").exists()
    assert AuditEntry.objects.filter(action="activities.activity.created", actor_id=organiser.pk).exists()
    page = page_text(client.get(f"/aktiviteter/{activity.pk}/"))
    assert "Gå-klubben Herning" in page and f"/foreninger/{association.slug}/" in page
    assert "kl. 10.00" in page or "at 10.00" in page


def test_the_create_page_offers_myself_the_associations_and_the_units(client, coordinator_in_herning):
    association_represented_by(coordinator_in_herning, name="Strikkeklubben")
    unit("Sundhed og Ældre")
    # Acting for a unit needs two-factor login, like every staff page.
    log_in_with_second_factor(client, coordinator_in_herning)
    page = page_text(client.get("/aktiviteter/ny/"))
    for label in (gettext("Myself"), "Strikkeklubben", "Sundhed og Ældre, Herning"):
        assert f"{label}</label>" in page


def test_staff_create_for_their_unit_without_being_a_contributing_citizen(client, coordinator_in_kolding):
    # Kolding does not take part: only the permission counts.
    health = unit("Sundhed og Ældre", "Kolding")
    log_in_with_second_factor(client, coordinator_in_kolding)
    response = client.post(
        "/aktiviteter/ny/",
        create_form_data(organiser=f"unit-{health.pk}", municipality=health.municipality_id, postal_code="6000"),
    )
    assert response.status_code == 302
    assert Activity.objects.get().unit == health


def test_someone_else_cannot_choose_a_unit_they_do_not_manage(client):
    person = citizen()
    health = unit()
    client.force_login(person)
    response = client.post("/aktiviteter/ny/", create_form_data(organiser=f"unit-{health.pk}"))
    assert response.status_code == 200
    assert not Activity.objects.exists()


BAD_INPUT = [
    ("end_before_start", {"ends": "09:30"}, {}),
    ("capacity", {"capacity": "0"}, {}),
    ("capacity", {"capacity": "-3"}, {}),
    ("deadline_after_start", {"deadline_date": "FIRST", "deadline_time": "11:00"}, {}),
    ("repeat_until_before_start", {"recurrence": "weekly", "repeat_until": "WEEK_BEFORE"}, {}),
    ("no_repeat_until", {"recurrence": "monthly"}, {}),
    ("no_place", {"address": "", "online_url": ""}, {}),
    ("no_target_group", {"target_groups": []}, {}),
]  # A CPR number in each text field: tests/test_text_policy.py


@pytest.mark.parametrize(("error", "typed", "params"), BAD_INPUT)
def test_bad_input_gets_its_own_message_keeps_what_was_typed_and_creates_nothing(client, error, typed, params):
    client.force_login(citizen())
    first = in_two_weeks()
    replace = {"FIRST": first.isoformat(), "WEEK_BEFORE": (first - datetime.timedelta(days=7)).isoformat()}
    typed = {key: replace.get(value, value) if isinstance(value, str) else value for key, value in typed.items()}
    data = create_form_data(title="Strikkecafé i biblioteket", **typed)
    response = client.post("/aktiviteter/ny/", data)
    page = page_text(response)
    assert response.status_code == 200
    assert say(services.ERRORS[error], **params) in page
    assert 'value="Strikkecafé i biblioteket"' in page
    for value in typed.values():
        if isinstance(value, str) and value:
            assert value in page
    assert not Activity.objects.exists() and not Occurrence.objects.exists()


# --- Taking part ---------------------------------------------------------------------------------------------------


def test_a_drop_in_activity_refuses_sign_up_and_says_just_come(client):
    activity = activity_with_dates(signup_required=False, capacity=None)
    occurrence = activity.occurrences.get()
    client.force_login(citizen())
    response = client.post(f"/aktiviteter/dato/{occurrence.pk}/tilmeld/", follow=True)
    assert say(services.ERRORS["drop_in"]) in page_text(response)
    assert not SignUp.objects.exists()


def test_a_full_date_says_so_before_you_press_and_puts_you_on_the_waiting_list(client):
    activity = activity_with_dates(capacity=1)
    occurrence = activity.occurrences.get()
    signed_up(occurrence, 1)
    client.force_login(citizen())
    before = page_text(client.get(f"/aktiviteter/{activity.pk}/"))
    assert gettext("Full – you go on the waiting list") in before
    assert gettext("Join the waiting list") in before
    response = client.post(f"/aktiviteter/dato/{occurrence.pk}/tilmeld/", follow=True)
    assert gettext("You are on the waiting list as number %(position)s.") % {"position": 1} in page_text(response)
    assert SignUp.objects.filter(status=SignUpStatus.WAITLISTED).count() == 1


def test_signing_up_and_cancelling_on_the_page(client, django_capture_on_commit_callbacks):
    activity = activity_with_dates(capacity=1)
    occurrence = activity.occurrences.get()
    first, second = citizen(), citizen()
    client.force_login(first)
    page = page_text(client.post(f"/aktiviteter/dato/{occurrence.pk}/tilmeld/", follow=True))
    assert gettext("You are signed up.") in page
    services.sign_up(occurrence=occurrence, user=second)
    with django_capture_on_commit_callbacks(execute=True):
        page = page_text(client.post(f"/aktiviteter/dato/{occurrence.pk}/afmeld/", follow=True))
    assert gettext("You are no longer signed up for this date.") in page
    assert SignUp.objects.get(user=second).status == SignUpStatus.CONFIRMED
    assert [message.to for message in mail.outbox] == [[second.email]]


# --- Changing, cancelling, messages ------------------------------------------------------------------------------


def test_the_organiser_writes_to_everyone_signed_up_and_waiting(client, django_capture_on_commit_callbacks):
    organiser = citizen()
    activity = activity_with_dates(organiser=organiser, capacity=2)
    occurrence = activity.occurrences.get()
    people = signed_up(occurrence, 3)
    client.force_login(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/aktiviteter/dato/{occurrence.pk}/besked/", {"body": "Husk regntøj i morgen!"})
    assert response.status_code == 302
    assert sorted(message.to[0] for message in mail.outbox) == sorted(person.email for person in people)
    assert {message.subject for message in mail.outbox} == {
        say(services.SUBJECTS["message"], title=activity.title, when="")
    }
    assert all("Husk regntøj i morgen!" in message.body for message in mail.outbox)
    assert OrganiserMessage.objects.get().recipients == 3


def test_a_message_with_a_cpr_number_is_not_sent(client, django_capture_on_commit_callbacks):
    organiser = citizen()
    occurrence = activity_with_dates(organiser=organiser).occurrences.get()
    signed_up(occurrence, 2)
    client.force_login(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/aktiviteter/dato/{occurrence.pk}/besked/", {"body": "Mit cpr: 010203-1234"})
    page = page_text(response)
    assert say(text_policy.MESSAGES["cpr"]) in page and "Mit cpr: 010203-1234" in page
    assert mail.outbox == [] and not OrganiserMessage.objects.exists()


def test_cancelling_a_date_tells_everyone_and_keeps_the_sign_ups(client, django_capture_on_commit_callbacks):
    organiser = citizen()
    activity = activity_with_dates(organiser=organiser, capacity=1, dates=2)
    occurrence, other = activity.occurrences.order_by("starts_at")
    people = signed_up(occurrence, 2)  # one seat, one waiting
    client.force_login(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/aktiviteter/dato/{occurrence.pk}/aflys/", {"reason": "Lederen er syg."})
    occurrence.refresh_from_db()
    assert occurrence.cancelled_at is not None and occurrence.cancel_reason == "Lederen er syg."
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)
    expected = say(services.SUBJECTS["cancelled"], title=activity.title, when=services.local_when(occurrence.starts_at))
    assert {m.subject for m in mail.outbox} == {expected}
    assert "Lederen er syg." in mail.outbox[0].body
    assert SignUp.objects.filter(occurrence=occurrence).exclude(status=SignUpStatus.CANCELLED).count() == 2
    other.refresh_from_db()
    assert other.cancelled_at is None
    assert AuditEntry.objects.filter(action="activities.occurrence.cancelled", actor_id=organiser.pk).exists()


def test_cancelling_a_date_without_a_reason_changes_nothing(client, django_capture_on_commit_callbacks):
    organiser = citizen()
    occurrence = activity_with_dates(organiser=organiser).occurrences.get()
    signed_up(occurrence, 1)
    client.force_login(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/aktiviteter/dato/{occurrence.pk}/aflys/", {"reason": "   "})
    assert response.status_code == 200
    occurrence.refresh_from_db()
    assert occurrence.cancelled_at is None and mail.outbox == []


def test_moving_a_date_tells_everyone_and_keeps_ten_local(client, django_capture_on_commit_callbacks):
    organiser = citizen()
    occurrence = activity_with_dates(organiser=organiser, capacity=5).occurrences.get()
    people = signed_up(occurrence, 2)
    new_day = in_two_weeks() + datetime.timedelta(days=1)
    client.force_login(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/aktiviteter/dato/{occurrence.pk}/ret/",
            {"day": new_day.isoformat(), "starts": "10:00", "ends": "11:00", "capacity": "5"},
        )
    assert response.status_code == 302
    occurrence.refresh_from_db()
    assert timezone.localtime(occurrence.starts_at, COPENHAGEN) == datetime.datetime(
        new_day.year, new_day.month, new_day.day, 10, tzinfo=COPENHAGEN
    )
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)


def test_a_date_cannot_get_fewer_seats_than_people_signed_up(client):
    organiser = citizen()
    starts = services.local_datetime(in_two_weeks(), datetime.time(10, 0))
    occurrence = activity_with_dates(organiser=organiser, capacity=5, starts=starts).occurrences.get()
    signed_up(occurrence, 3)
    client.force_login(organiser)
    response = client.post(
        f"/aktiviteter/dato/{occurrence.pk}/ret/",
        {"day": in_two_weeks().isoformat(), "starts": "10:00", "ends": "11:00", "capacity": "2"},
    )
    expected = say(
        services.ERRORS["capacity_below_confirmed"],
        capacity=2,
        confirmed=3,
        date=services.local_when(occurrence.starts_at),
    )
    assert expected in page_text(response)
    occurrence.refresh_from_db()
    assert occurrence.capacity == 5


def test_lowering_the_seats_below_those_signed_up_on_a_future_date_is_refused(client):
    organiser = citizen()
    activity = activity_with_dates(organiser=organiser, capacity=5, dates=3)
    later = activity.occurrences.order_by("starts_at")[2]
    signed_up(later, 4)
    client.force_login(organiser)
    data = create_form_data(capacity="3", title=activity.title)
    response = client.post(f"/aktiviteter/{activity.pk}/rediger/", data)
    expected = say(
        services.ERRORS["capacity_below_confirmed"],
        capacity=3,
        confirmed=4,
        date=services.local_when(later.starts_at),
    )
    assert expected in page_text(response)
    assert 'value="3"' in page_text(response)
    activity.refresh_from_db()
    assert activity.capacity == 5
    assert set(activity.occurrences.values_list("capacity", flat=True)) == {5}


def test_more_seats_move_people_up_from_the_waiting_list(client, django_capture_on_commit_callbacks):
    organiser = citizen()
    activity = activity_with_dates(organiser=organiser, capacity=1)
    occurrence = activity.occurrences.get()
    first, waiting = signed_up(occurrence, 2)
    client.force_login(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/aktiviteter/{activity.pk}/rediger/", create_form_data(capacity="2"))
    assert response.status_code == 302
    assert SignUp.objects.get(user=waiting).status == SignUpStatus.CONFIRMED
    assert [m.to for m in mail.outbox] == [[waiting.email]]


def test_cancelling_the_activity_cancels_its_coming_dates_and_tells_each_person_once(
    client, django_capture_on_commit_callbacks
):
    organiser = citizen()
    activity = activity_with_dates(organiser=organiser, capacity=5, dates=3)
    dates = list(activity.occurrences.order_by("starts_at"))
    person = citizen()
    for occurrence in dates:
        services.sign_up(occurrence=occurrence, user=person)
    client.force_login(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/aktiviteter/{activity.pk}/aflys/", {"reason": "Vi mangler en leder."})
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.cancelled_at is not None
    assert not activity.occurrences.filter(cancelled_at__isnull=True).exists()
    assert [m.to for m in mail.outbox] == [[person.email]]
    assert mail.outbox[0].subject == say(services.SUBJECTS["activity_cancelled"], title=activity.title)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/aktiviteter/{a}/rediger/"),
        ("get", "/aktiviteter/{a}/aflys/"),
        ("get", "/aktiviteter/dato/{o}/"),
        ("post", "/aktiviteter/dato/{o}/besked/"),
        ("post", "/aktiviteter/dato/{o}/ret/"),
        ("post", "/aktiviteter/dato/{o}/aflys/"),
    ],
)
def test_only_the_organiser_reaches_the_organiser_pages(client, method, path):
    activity = activity_with_dates()
    occurrence = activity.occurrences.get()
    signed_up(occurrence, 1)
    before = Occurrence.objects.values().get(pk=occurrence.pk)
    audit_rows = AuditEntry.objects.count()
    client.force_login(citizen())
    data = {"body": "x", "reason": "x", "day": in_two_weeks().isoformat(), "starts": "12:00", "ends": "13:00"}
    response = getattr(client, method)(path.format(a=activity.pk, o=occurrence.pk), data)
    assert response.status_code == 404
    assert not OrganiserMessage.objects.exists()
    assert Occurrence.objects.values().get(pk=occurrence.pk) == before
    activity.refresh_from_db()
    assert activity.cancelled_at is None
    assert mail.outbox == []
    assert AuditEntry.objects.count() == audit_rows


def test_another_representative_of_the_association_may_manage_it(client):
    creator, colleague = citizen(), citizen()
    association = association_represented_by(creator)
    from sammen.associations.models import Representative

    Representative.objects.create(association=association, user=colleague)
    activity = activity_with_dates(organiser=creator, association=association)
    client.force_login(colleague)
    assert client.get(f"/aktiviteter/{activity.pk}/rediger/").status_code == 200


def test_the_organiser_date_page_lists_participants_and_the_waiting_list_in_order(client):
    organiser = citizen()
    occurrence = activity_with_dates(organiser=organiser, capacity=1).occurrences.get()
    seated, waiting_one, waiting_two = signed_up(occurrence, 3)
    client.force_login(organiser)
    page = page_text(client.get(f"/aktiviteter/dato/{occurrence.pk}/"))
    assert seated.display_name in page
    assert page.index(waiting_one.display_name) < page.index(waiting_two.display_name)
    assert gettext("number %(position)s on the waiting list") % {"position": 2} in page


def test_staff_without_two_factor_login_cannot_act_for_a_unit(client):
    coordinator = staff("coordinator")
    herning_unit = unit()
    activity = activity_with_dates(organiser=coordinator, unit=herning_unit)
    client.force_login(coordinator)
    assert client.get(f"/aktiviteter/dato/{activity.occurrences.get().pk}/").status_code == 404
    assert herning_unit.name not in client.get("/aktiviteter/ny/").content.decode()
    with_totp(coordinator)  # set up, but this session has not passed it
    assert client.get(f"/aktiviteter/dato/{activity.occurrences.get().pk}/").status_code == 404
    log_in_with_second_factor(client, coordinator)
    assert client.get(f"/aktiviteter/dato/{activity.occurrences.get().pk}/").status_code == 200


# --- Reminders ---------------------------------------------------------------------------------------------------


def test_a_reminder_goes_once_to_the_confirmed_even_if_the_job_runs_twice(django_capture_on_commit_callbacks):
    soon = activity_with_dates(capacity=2, starts=timezone.now() + datetime.timedelta(hours=20)).occurrences.get()
    later = activity_with_dates(capacity=2, starts=timezone.now() + datetime.timedelta(days=3)).occurrences.get()
    seated = signed_up(soon, 3)[:2]
    signed_up(later, 1)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.remind_participants() == 2
        assert tasks.remind_participants() == 0
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in seated)
    assert mail.outbox[0].subject == say(
        services.SUBJECTS["reminder"], title=soon.activity.title, when=services.local_when(soon.starts_at)
    )
    soon.refresh_from_db()
    assert soon.reminder_sent_at is not None


def test_no_reminder_for_a_cancelled_date():
    occurrence = activity_with_dates(starts=timezone.now() + datetime.timedelta(hours=5)).occurrences.get()
    signed_up(occurrence, 1)
    Occurrence.objects.filter(pk=occurrence.pk).update(cancelled_at=timezone.now())
    assert services.send_reminders() == 0 and mail.outbox == []


# --- Pages ------------------------------------------------------------------------------------------------------


def test_my_activities_shows_my_sign_ups_and_what_i_organise(client):
    person = citizen()
    walk = activity_with_dates(title="Morgengåtur", capacity=5)
    services.sign_up(occurrence=walk.occurrences.get(), user=person)
    mine = activity_with_dates(title="Min strikkeklub", organiser=person)
    client.force_login(person)
    page = page_text(client.get("/aktiviteter/mine/"))
    assert "Morgengåtur" in page and "Min strikkeklub" in page
    assert f"/aktiviteter/{mine.pk}/" in page


def _detail_queries(client, path) -> int:
    client.get(path)
    with CaptureQueriesContext(connection) as context:
        response = client.get(path)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_the_activity_page_costs_the_same_with_2_and_20_dates_and_sign_ups(client):
    viewer = citizen()
    client.force_login(viewer)
    costs = []
    for count in (2, 20):
        activity = activity_with_dates(capacity=30, dates=count)
        for occurrence in activity.occurrences.all():
            signed_up(occurrence, 1)
        services.sign_up(occurrence=activity.occurrences.first(), user=viewer)
        costs.append(_detail_queries(client, f"/aktiviteter/{activity.pk}/"))
    assert costs[0] == costs[1]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no row locks; CI runs this on PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_an_overlapping_reminder_run_skips_the_date_another_run_is_working_on():
    import threading

    from django.db import connections, transaction

    participating("Herning")
    occurrence = activity_with_dates(starts=timezone.now() + datetime.timedelta(hours=3)).occurrences.get()
    signed_up(occurrence, 2)
    locked, release = threading.Event(), threading.Event()

    def other_run_holding_the_date():
        try:
            with transaction.atomic():
                Occurrence.objects.select_for_update().get(pk=occurrence.pk)
                locked.set()
                release.wait(timeout=30)
        finally:
            connections.close_all()

    other = threading.Thread(target=other_run_holding_the_date)
    other.start()
    assert locked.wait(timeout=30)
    try:
        assert services.send_reminders() == 0  # the date is the other run's; this run neither waits nor sends
    finally:
        release.set()
        other.join()
    assert services.send_reminders() == 2
    assert len(mail.outbox) == 2


def test_staff_reading_the_participants_of_a_unit_activity_is_logged(
    client, coordinator_in_herning, coordinator_in_kolding
):
    health = unit()
    activity = activity_with_dates(organiser=coordinator_in_herning, unit=health)
    occurrence = activity.occurrences.get()
    signed_up(occurrence, 1)
    # Acting for a unit needs two-factor login, like every staff page.
    log_in_with_second_factor(client, coordinator_in_herning)
    assert client.get(f"/aktiviteter/dato/{occurrence.pk}/").status_code == 200
    assert AuditEntry.objects.filter(action="personal_data.viewed", actor_id=coordinator_in_herning.pk).count() == 1
    log_in_with_second_factor(client, coordinator_in_kolding)  # a coordinator elsewhere does not manage Herning's unit
    assert client.get(f"/aktiviteter/dato/{occurrence.pk}/").status_code == 404
    assert AuditEntry.objects.filter(action="personal_data.viewed").count() == 1  # the refused read shows no one


def test_the_organiser_date_page_and_my_activities_cost_the_same_with_2_and_20_people(client):
    organiser = citizen()
    client.force_login(organiser)
    date_costs, mine_costs = [], []
    for count in (2, 20):
        occurrence = activity_with_dates(organiser=organiser, capacity=count // 2).occurrences.get()
        signed_up(occurrence, count)
        date_costs.append(_detail_queries(client, f"/aktiviteter/dato/{occurrence.pk}/"))
        for _ in range(count):
            services.sign_up(occurrence=activity_with_dates(capacity=5).occurrences.get(), user=organiser)
        mine_costs.append(_detail_queries(client, "/aktiviteter/mine/"))
    assert date_costs[0] == date_costs[1]
    assert mine_costs[0] == mine_costs[1]


# --- Found in review ------------------------------------------------------------------------------------------


def test_nobody_moves_up_on_a_cancelled_date(django_capture_on_commit_callbacks):
    organiser = citizen()
    occurrence = activity_with_dates(organiser=organiser, capacity=1).occurrences.get()
    seated, waiting = signed_up(occurrence, 2)
    services.cancel_occurrence(occurrence=occurrence, by=organiser, reason="Regnvejr")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.cancel_signup(occurrence=occurrence, user=seated) is None
    assert SignUp.objects.get(user=waiting).status == SignUpStatus.WAITLISTED
    assert mail.outbox == []


def test_turning_an_activity_into_drop_in_promises_nobody_a_seat(django_capture_on_commit_callbacks):
    organiser = citizen()
    activity = activity_with_dates(organiser=organiser, capacity=1, address="Torvet 1")
    signed_up(activity.occurrences.get(), 3)
    with django_capture_on_commit_callbacks(execute=True):
        services.update_activity(activity=activity, by=organiser, fields={"signup_required": False})
    assert mail.outbox == []
    assert SignUp.objects.filter(status=SignUpStatus.WAITLISTED).count() == 2


def test_no_message_to_the_people_of_a_cancelled_date(client):
    organiser = citizen()
    occurrence = activity_with_dates(organiser=organiser).occurrences.get()
    signed_up(occurrence, 2)
    services.cancel_occurrence(occurrence=occurrence, by=organiser, reason="Regnvejr")
    mail.outbox.clear()
    client.force_login(organiser)
    client.post(f"/aktiviteter/dato/{occurrence.pk}/besked/", {"body": "Hej alle"})
    assert not OrganiserMessage.objects.exists() and mail.outbox == []


class RefusesOneAddress:
    """An e-mail backend whose server refuses one address (as an SMTP server can) and delivers the rest."""

    refused: set = set()

    def __init__(self, *args, **kwargs):
        from django.core.mail.backends.locmem import EmailBackend

        self.delivering = EmailBackend(*args, **kwargs)

    def send_messages(self, messages):
        if any(address in self.refused for message in messages for address in message.to):
            raise ConnectionRefusedError("mail server said no")
        return self.delivering.send_messages(messages)


def test_one_failed_reminder_does_not_stop_the_others_and_is_tried_again(settings, django_capture_on_commit_callbacks):
    occurrence = activity_with_dates(starts=timezone.now() + datetime.timedelta(hours=5)).occurrences.get()
    first, second, third = signed_up(occurrence, 3)
    RefusesOneAddress.refused = {second.email}
    settings.EMAIL_BACKEND = "tests.test_activity_organising.RefusesOneAddress"
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_reminders() == 3
    assert sorted(m.to[0] for m in mail.outbox) == sorted([first.email, third.email])

    # The outbox tries the refused one again after a pause; the others are not sent again.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=2)):
        assert deliver_due_notifications() == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted([first.email, third.email, second.email])


def test_no_mail_to_deactivated_people(django_capture_on_commit_callbacks):
    organiser = citizen()
    occurrence = activity_with_dates(organiser=organiser).occurrences.get()
    gone, staying = signed_up(occurrence, 2)
    gone.is_active = False
    gone.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.message_participants(occurrence=occurrence, by=organiser, body="Husk kaffe")
    assert {m.to[0] for m in mail.outbox} == {staying.email}


def test_activities_of_a_taken_down_association_or_an_inactive_unit_are_not_shown(client, coordinator_in_herning):
    from sammen.associations.models import Association

    herning_unit = unit()
    unit_walk = activity_with_dates(title="Enhedens gåtur", organiser=coordinator_in_herning, unit=herning_unit)
    representative = citizen()
    walkers = association_represented_by(representative)
    club_walk = activity_with_dates(title="Foreningens gåtur", organiser=representative, association=walkers)
    own_walk = activity_with_dates(title="Borgerens gåtur")
    Association.objects.filter(pk=walkers.pk).update(hidden_at=timezone.now())
    herning_unit.active = False
    herning_unit.save()

    listed = client.get("/aktiviteter/").content.decode()
    assert "Borgerens gåtur" in listed
    assert "Foreningens gåtur" not in listed and "Enhedens gåtur" not in listed
    for walk in (unit_walk, club_walk):
        assert client.get(f"/aktiviteter/{walk.pk}/").status_code == 404
    client.force_login(citizen())
    client.post(f"/aktiviteter/dato/{club_walk.occurrences.get().pk}/tilmeld/")
    assert not SignUp.objects.filter(occurrence__activity=club_walk).exists()
    assert client.get(f"/aktiviteter/{own_walk.pk}/").status_code == 200


def _last_sunday_of_march(year: int) -> datetime.date:
    day = datetime.date(year, 3, 31)
    return day - datetime.timedelta(days=(day.weekday() + 1) % 7)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ({"first_date": "9999-12-31", "recurrence": "weekly", "repeat_until": "9999-12-31"}, "mellem 01-01-2000"),
        ({"first_date": "0001-01-01", "starts": "00:30"}, "mellem 01-01-2000"),
        ({"capacity": "99999999999999999999"}, "højst 10000 pladser"),
    ],
)
def test_impossible_dates_and_numbers_get_a_message_not_an_error(client, typed, message):
    participating("Herning")
    client.force_login(citizen())
    response = client.post("/aktiviteter/ny/", create_form_data(**typed))
    assert response.status_code == 200
    assert message in html.unescape(response.content.decode())
    assert not Activity.objects.exists()


def test_a_time_skipped_when_summer_time_begins_is_refused():
    year = timezone.localdate().year + 1
    with pytest.raises(services.InvalidActivity) as refused:
        services.create_activity(
            by=citizen(),
            fields=activity_fields(),
            first_date=_last_sunday_of_march(year),
            starts=datetime.time(2, 30),
            ends=datetime.time(3, 15),
        )
    assert "klokkeslættet 02.30 findes ikke den dag" in str(refused.value)
    assert not Activity.objects.exists()


def test_bad_dates_in_the_address_bar_are_ignored_not_an_error(client):
    for query in ("til=9999-12-31", "fra=0001-01-01", "fra=2026-13-45", "side=abc", "maaned=abc"):
        assert client.get(f"/aktiviteter/?{query}").status_code == 200
        assert client.get(f"/aktiviteter/kalender/?{query}").status_code == 200
        assert client.get(f"/aktiviteter/kommune/herning.json?{query}").status_code == 200
        assert client.get(f"/aktiviteter/indlejr/herning/?{query}").status_code == 200
