"""Every page of volunteering and booked talks, opened and posted to by everyone who is not meant to use it:
nobody signed in, a citizen with nothing to do with it, the coordinator of another municipality, a moderator of
the right one, and a coordinator whose session has not passed the second factor. Each gets "not found" (or the
login page, when nobody is signed in) where the page is personal or for staff, never an error, and a post changes
nothing.

The URL list is read from the apps' own urls.py, so a page added later without a row here fails the test.
"""

import pytest
from django.contrib.auth import get_user_model
from django.urls import URLPattern, get_resolver

from sammen.audit.models import AuditEntry
from sammen.talks.models import Booking, Rating, Slot
from sammen.volunteering.models import Programme, Volunteer, VolunteerProfile, VolunteerStatus
from sammen.volunteering.services import create_programme
from tests.factories import citizen, with_mobile
from tests.factories.talks import a_booking, a_free_slot, next_week_at
from tests.factories.volunteering import volunteer
from tests.helpers import log_in_with_second_factor

pytestmark = pytest.mark.django_db

PUBLIC = {"talks:programmes", "talks:free_slots", "volunteering:programmes", "volunteering:programme"}
# Pages of one booking or one volunteer's slot: only its two people (or the volunteer) may open them.
PRIVATE = {"talks:talk", "talks:cancel", "talks:settle", "talks:rate", "talks:withdraw_slot"}
# The signed-in person's own pages: they show the outsider's own (empty) things, never someone else's.
OWN = {
    "talks:mine",
    "talks:volunteer_slots",
    "talks:book",
    "volunteering:profile",
    "volunteering:join",
    "volunteering:course",
    "volunteering:lesson",
    "volunteering:pause",
    "volunteering:leave",
}
STAFF = {
    "talks:figures",
    "volunteering:staff_volunteers",
    "volunteering:staff_volunteer",
    "volunteering:staff_programmes",
    "volunteering:staff_programme_create",
    "volunteering:staff_programme",
}


def _url_names() -> set[str]:
    names = set()
    for namespace in ("talks", "volunteering"):
        _, resolver = get_resolver().namespace_dict[namespace]
        names |= {f"{namespace}:{p.name}" for p in resolver.url_patterns if isinstance(p, URLPattern)}
    return names


def test_every_page_is_in_one_of_the_groups():
    assert _url_names() == PUBLIC | PRIVATE | OWN | STAFF


@pytest.fixture
def world(herning, kolding, coordinator_in_herning):
    """A volunteer in Herning with a free slot and a booked phone talk with a citizen in Kolding, and a programme
    Herning runs itself."""
    snak = Programme.objects.get(slug="snak-sammen")
    helper = volunteer(citizen("Herning"), snak)
    slot = a_free_slot(helper)
    later = a_free_slot(helper, starts_at=next_week_at(20))
    booking = a_booking(with_mobile(citizen("Kolding")), later, channel="phone")
    own = create_programme(
        by=coordinator_in_herning,
        municipality=herning,
        name="Herning snakker",
        description="Samtaler for borgere i Herning.",
        audience="Borgere i Herning",
        channels=["video"],
    )
    lesson = snak.course.lessons.first()
    return {
        "helper": helper,
        "booking": booking,
        "kwargs": {
            "talks:free_slots": {"programme": snak.slug},
            "talks:book": {"pk": slot.pk},
            "talks:withdraw_slot": {"pk": slot.pk},
            "talks:talk": {"pk": booking.pk},
            "talks:cancel": {"pk": booking.pk},
            "talks:settle": {"pk": booking.pk},
            "talks:rate": {"pk": booking.pk},
            "talks:figures": {"code": herning.code},
            "volunteering:programme": {"slug": snak.slug},
            "volunteering:join": {"slug": snak.slug},
            "volunteering:course": {"slug": snak.slug},
            "volunteering:lesson": {"slug": snak.slug, "lesson": lesson.pk},
            "volunteering:pause": {"slug": snak.slug},
            "volunteering:leave": {"slug": snak.slug},
            "volunteering:staff_volunteers": {"code": herning.code},
            "volunteering:staff_volunteer": {"code": herning.code, "pk": helper.pk},
            "volunteering:staff_programmes": {"code": herning.code},
            "volunteering:staff_programme_create": {"code": herning.code},
            "volunteering:staff_programme": {"code": herning.code, "pk": own.pk},
        },
    }


def _state() -> tuple:
    """What a refused request must leave as it was."""
    return (
        list(Booking.objects.order_by("pk").values_list("pk", "status", "cancel_reason", "settled_at")),
        list(Slot.objects.order_by("pk").values_list("pk", "status")),
        list(Volunteer.objects.order_by("pk").values_list("pk", "status", "approved_at", "record_check_seen_on")),
        list(Programme.objects.order_by("pk").values_list("pk", "name", "active", "talk_minutes")),
        Rating.objects.count(),
        VolunteerProfile.objects.count(),
    )


def _sign_in(client, who, request):
    if who == "nobody":
        return
    if who == "outsider":
        client.force_login(citizen("Herning", display_name="Udenforstående"))
    elif who == "coordinator_elsewhere":
        log_in_with_second_factor(client, request.getfixturevalue("coordinator_in_kolding"))
    elif who == "moderator":
        log_in_with_second_factor(client, request.getfixturevalue("moderator_in_herning"))
    elif who == "coordinator_without_second_factor":
        client.force_login(request.getfixturevalue("coordinator_in_herning"))


@pytest.mark.parametrize(
    "who", ["nobody", "outsider", "coordinator_elsewhere", "moderator", "coordinator_without_second_factor"]
)
def test_nobody_reaches_a_page_that_is_not_theirs_and_a_post_changes_nothing(client, world, who, request):
    from django.urls import reverse

    _sign_in(client, who, request)
    before = _state()
    reads_before = AuditEntry.objects.filter(action__in=["personal_data.viewed", "talks.phone_number.viewed"]).count()
    hostile = {
        "reason": "010150-1234",
        "outcome": "held",
        "stars": "5",
        "comment": "\x00",
        "channel": "phone",
        "note": "x" * 100_000,
        "action": "approve",
        "seen_on": "2026-01-01",
        "name": "Overtaget",
        "talk_minutes": "999999999999999999999",
    }
    for name in sorted(_url_names()):
        url = reverse(name, kwargs=world["kwargs"].get(name, {}))
        for method in ("get", "post"):
            response = getattr(client, method)(url, hostile if method == "post" else {})
            status = response.status_code
            assert status < 500, (name, method, status)
            if method == "get" and status == 405:
                continue  # a form's target, which answers only posts (whatever the id, so it tells nothing)
            if name in PRIVATE | STAFF:
                if who == "nobody":
                    assert status in (302, 404), (name, method, status)
                    if status == 302:
                        assert response["Location"].startswith("/konto/login/"), (name, method)
                elif who == "coordinator_without_second_factor" and name in STAFF:
                    # Asked for the code first (the staff middleware), and holding no staff power meanwhile.
                    assert status == 302 and response["Location"].startswith("/konto/2fa/reauthenticate/"), name
                else:
                    assert status == 404, (who, name, method, status)
            elif name in OWN and who == "nobody":
                assert status in (302, 404, 405), (name, method, status)
    # The outsider may have started their own volunteer profile or course through the OWN pages: hostile input
    # was refused there too, so nobody's state changed.
    assert _state() == before
    reads_after = AuditEntry.objects.filter(action__in=["personal_data.viewed", "talks.phone_number.viewed"]).count()
    assert reads_after == reads_before  # nobody read anyone's personal data


def test_the_two_people_of_a_talk_and_the_right_coordinator_do_reach_their_pages(
    client, world, coordinator_in_herning
):
    from django.urls import reverse

    booking = world["booking"]
    for person in (booking.citizen, booking.volunteer_user):
        client.force_login(person)
        assert client.get(reverse("talks:talk", args=[booking.pk])).status_code == 200
    log_in_with_second_factor(client, coordinator_in_herning)
    for name in ("talks:figures", "volunteering:staff_volunteers", "volunteering:staff_volunteer"):
        assert client.get(reverse(name, kwargs=world["kwargs"][name])).status_code == 200, name
    assert world["helper"].status == VolunteerStatus.ACTIVE
    assert get_user_model().objects.filter(pk=world["helper"].user_id).exists()
