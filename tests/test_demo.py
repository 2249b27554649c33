"""`make demo` loads a platform one can walk through, and loading it twice changes nothing."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from sammen.accounts.models import TargetGroupAnswers, User
from sammen.activities.models import Activity, SignUp
from sammen.associations.models import Association
from sammen.bubbles.models import Bubble
from sammen.offers.models import Offer, OfferStatus
from sammen.talks.models import Booking, BookingStatus, Slot, SlotStatus
from sammen.taskbank.models import OfferStatus as TaskOfferStatus
from sammen.taskbank.models import Task, TaskOffer
from sammen.volunteering.models import Volunteer, VolunteerStatus
from sammen.wellbeing.models import Answer
from tests.helpers import log_in_with_second_factor


def _counts():
    return (
        Association.objects.count(),
        Activity.objects.count(),
        SignUp.objects.count(),
        Offer.objects.count(),
        Task.objects.count(),
        TaskOffer.objects.count(),
    )


@pytest.mark.django_db
def test_the_demo_data_covers_associations_activities_and_offers_and_loads_idempotently(client, settings):
    # Argon2 is slow on purpose; the demo's sixty people do not need it in a test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    first = _counts()
    call_command("demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert _counts() == first
    assert Bubble.objects.exists()
    # The status report's reach section and effect table have something to count in Herning.
    assert TargetGroupAnswers.objects.filter(user__municipality__name="Herning").count() == 8
    own = Answer.objects.filter(
        invitation__measurement__programme="own",
        invitation__measurement__citizen__email__in=[f"borger{n}.herning@demo.sammen.dk" for n in range(1, 7)],
    )
    assert own.count() == 12  # six citizens, before and after
    assert Association.objects.filter(verified_at__isnull=False).exists()
    assert Association.objects.filter(verified_at__isnull=True).exists()
    walk = Activity.objects.get(title="Bevæg dig for livet – gåtur")
    assert walk.association.name == "Gullestrup Gå-sammen" and walk.occurrences.count() > 10
    assert Activity.objects.filter(unit__isnull=False).exists() and Activity.objects.filter(signup_required=False)
    assert set(Offer.objects.values_list("status", flat=True)) == {OfferStatus.PUBLISHED, OfferStatus.SUBMITTED}

    page = client.get("/aktiviteter/", {"q": "gåtur"}).content.decode()
    assert "Bevæg dig for livet" in page
    assert "Sorggruppe for efterladte" in client.get("/tilbud/", {"q": "sorg"}).content.decode()
    assert "Strikkeklubben Maskeløs" in client.get("/foreninger/", {"q": "strik"}).content.decode()

    # The task bank: upcoming tasks of associations and a unit, one of them online, offers taken, past hours.
    tasks = client.get("/frivilligopgaver/").content.decode()
    assert "Pak julekurve til ældre, der bor alene" in tasks and "Ring til nye medlemmer" in tasks
    assert "Ryd blade på stien" not in tasks  # over
    kitchen = Task.objects.get(title="Hjælp i køkkenet til julefællesspisningen")
    assert kitchen.offers.filter(status=TaskOfferStatus.ACCEPTED).count() == kitchen.volunteers_needed == 2
    client.force_login(User.objects.get(email="frivillig10.herning@demo.sammen.dk"))
    statement = client.get("/frivilligopgaver/mine/erklaering/").content.decode()
    assert "Ryd blade på stien ved Gullestrup Kirke" in statement and "2,5" in statement


@pytest.mark.django_db
def test_demo_associations_publish_contact_addresses_of_their_own_not_their_representatives_logins(client, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    logins = set(User.objects.values_list("email", flat=True))
    for association in Association.objects.visible().prefetch_related("representatives__user"):
        assert association.contact_email == f"kontakt@{association.slug}.demo.sammen.dk"
        assert association.contact_email not in logins
        page = client.get(f"/foreninger/{association.slug}/").content.decode()
        assert association.contact_email in page
        for representative in association.representatives.all():
            assert representative.user.email not in page


def _talk_counts():
    return (Volunteer.objects.count(), Slot.objects.count(), Booking.objects.count())


@pytest.mark.django_db
def test_the_demo_has_volunteers_slots_and_past_and_future_talks_that_the_coordinators_figures_count(client, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    first = _talk_counts()
    call_command("demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert _talk_counts() == first

    now = timezone.now()
    # The talk programmes' volunteers (visiting friends have their own, in Holstebro).
    volunteers = Volunteer.objects.filter(user__email__endswith="@demo.sammen.dk", programme__kind="talks")
    assert {v.programme.slug for v in volunteers} == {"snak-sammen", "sprogven"}
    assert volunteers.filter(status=VolunteerStatus.ACTIVE).values("user").distinct().count() == 6
    assert volunteers.get(status=VolunteerStatus.AWAITING_APPROVAL).user.email == "frivillig10.herning@demo.sammen.dk"
    assert volunteers.get(status=VolunteerStatus.PAUSED).user.email == "frivillig10.holstebro@demo.sammen.dk"
    assert set(volunteers.values_list("user__municipality__name", flat=True)) == {
        "Herning",
        "Holstebro",
        "Skanderborg",
        "Kolding",
    }
    future = Slot.objects.filter(starts_at__gt=now)
    assert future.filter(status=SlotStatus.FREE).count() > 40
    assert {slot.local_hour for slot in future} <= {17, 19}  # evenings
    past = Booking.objects.filter(starts_at__lt=now)
    assert {BookingStatus.HELD, BookingStatus.NO_SHOW, BookingStatus.CANCELLED} <= set(
        past.values_list("status", flat=True)
    )
    mine = Booking.objects.get(citizen__email="borger1.herning@demo.sammen.dk", starts_at__gt=now)
    assert mine.status == BookingStatus.BOOKED and mine.volunteer_user.email == "frivillig9.kolding@demo.sammen.dk"
    assert Booking.objects.filter(starts_at__gt=now, programme__slug="sprogven").exists()

    # Herning's coordinator sees months with talks held by seven citizens.
    log_in_with_second_factor(client, User.objects.get(email="koordinator.herning@demo.sammen.dk"))
    page = client.get("/personale/kommune/657/snak/").content.decode()
    assert "Snak sammen" in page and "Sprogven" in page
    assert "<td>7</td>" in page
