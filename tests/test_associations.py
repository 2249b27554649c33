"""Associations: a citizen registers one and becomes its representative, invites others by e-mail, staff in its
municipality verify it or take it down, and anyone finds it in the public directory."""

import datetime
import io
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from django.utils.translation import gettext
from PIL import Image

from sammen.access import eligibility
from sammen.activities.models import Occurrence
from sammen.associations import services
from sammen.associations.models import Association, Invitation, Representative
from sammen.audit.models import AuditEntry
from sammen.core.errors import SammenError
from tests.factories import UserFactory, activity_with_dates, citizen, municipality, participating
from tests.factories.associations import OTHER_VALID_CVR, VALID_CVR, association_fields, registered_association
from tests.helpers import log_in_with_second_factor

pytestmark = pytest.mark.django_db

HERNING = "657"
KOLDING = "621"


@pytest.fixture(autouse=True)
def _herning_and_kolding_take_part(herning, kolding):
    """Associations are registered in Herning, and one moves to Kolding."""


@pytest.fixture
def maske(karen_in_herning):
    """Strikkeklubben Maske, the knitting club Karen registers in Herning."""
    return registered_association(karen_in_herning)


def invitation_link(message) -> str:
    return re.search(r"https?://\S+(/foreninger/invitation/\S+/)", message.body).group(1)


# --- Registering ---------------------------------------------------------------------------------------------


def test_a_citizen_registers_an_association_and_becomes_its_representative(client, karen_in_herning):
    client.force_login(karen_in_herning)
    response = client.post("/foreninger/ny/", association_fields(cvr="DK 1234 5674"), follow=True)
    page = response.content.decode()
    association = Association.objects.get()
    assert association.slug == "strikkeklubben-maske"
    assert association.cvr == "12345674"
    assert response.redirect_chain[-1][0] == "/foreninger/strikkeklubben-maske/"
    assert "Foreningen er oprettet, og du er dens repræsentant." in page
    assert list(association.representatives.values_list("user", flat=True)) == [karen_in_herning.pk]
    assert AuditEntry.objects.filter(
        action="associations.association.registered", actor_id=karen_in_herning.pk
    ).exists()
    assert "Kommunen har endnu ikke verificeret foreningen." in page
    assert "Strikkeklubben Maske" in client.get("/foreninger/mine/").content.decode()


def test_the_slug_is_danish_readable_unique_and_never_a_page_name(karen_in_herning):
    first = registered_association(karen_in_herning, name="Ærø Æblelaug")
    second = registered_association(karen_in_herning, name="Ærø Æblelaug")
    mine = registered_association(karen_in_herning, name="Mine")
    assert (first.slug, second.slug, mine.slug) == ("aeroe-aeblelaug", "aeroe-aeblelaug-2", "mine-2")


@pytest.mark.parametrize(
    ("cvr", "message"),
    [
        ("1234", "Et CVR-nummer har præcis 8 cifre, for eksempel 12345674."),
        ("1234567A", "Et CVR-nummer har præcis 8 cifre, for eksempel 12345674."),
        # Characters that str.isdigit() takes for digits but int() refuses: these gave a server error.
        ("1234567²", "Et CVR-nummer har præcis 8 cifre, for eksempel 12345674."),
        ("١٢٣٤٥٦٧٤", "Et CVR-nummer har præcis 8 cifre, for eksempel 12345674."),
        ("12345678", "12345678 er ikke et gyldigt CVR-nummer. Tjek cifrene på virk.dk."),
    ],
)
def test_an_invalid_cvr_number_is_refused_with_what_was_typed_kept(client, karen_in_herning, cvr, message):
    client.force_login(karen_in_herning)
    page = client.post("/foreninger/ny/", association_fields(cvr=cvr)).content.decode()
    assert message in page
    assert "Foreningen blev ikke gemt" in page
    assert 'value="Strikkeklubben Maske"' in page
    assert not Association.objects.exists()


def test_a_cvr_number_already_on_sammen_is_refused_and_says_which_association(client, karen_in_herning, maske):
    services.update_association(association=maske, by=karen_in_herning, fields={"cvr": VALID_CVR})
    client.force_login(citizen("Herning"))
    page = client.post("/foreninger/ny/", association_fields(name="Maskerne", cvr="12 34 56 74")).content.decode()
    assert "Der er allerede en forening med CVR-nummer 12345674 på Sammen: Strikkeklubben Maske." in page
    assert Association.objects.count() == 1


def test_a_cpr_number_in_the_description_is_refused(client, karen_in_herning):
    client.force_login(karen_in_herning)
    page = client.post(
        "/foreninger/ny/", association_fields(description="Ring til formanden, cpr 010170-1234")
    ).content.decode()
    assert "ligner et CPR-nummer" in page
    assert "Ring til formanden" in page
    assert not Association.objects.exists()


@pytest.mark.parametrize(
    "field", [{"contact_phone": "010190-1234"}, {"contact_email": "0101901234@maske.dk"}], ids=["phone", "email"]
)
def test_a_cpr_number_in_the_contact_details_is_refused_on_registering_and_editing(
    client, karen_in_herning, maske, field
):
    client.force_login(karen_in_herning)
    page = client.post("/foreninger/ny/", association_fields(name="Skakklubben", **field)).content.decode()
    assert "ligner et CPR-nummer" in page
    assert 'value="Skakklubben"' in page
    assert not Association.objects.filter(name="Skakklubben").exists()
    page = client.post("/foreninger/strikkeklubben-maske/rediger/", association_fields(**field)).content.decode()
    assert "ligner et CPR-nummer" in page
    maske.refresh_from_db()
    assert (maske.contact_phone, maske.contact_email) == ("", "kontakt@maske.dk")
    assert "010190" not in client.get("/foreninger/strikkeklubben-maske/").content.decode()


def test_a_chosen_category_that_is_not_a_number_the_database_holds_is_refused_without_a_server_error(
    client, karen_in_herning
):
    client.force_login(karen_in_herning)
    response = client.post("/foreninger/ny/", association_fields(categories=["9" * 30]))
    assert response.status_code == 200
    assert "er ikke en gyldig værdi" in response.content.decode()
    assert not Association.objects.exists()


def test_someone_who_may_not_contribute_is_told_why_instead_of_getting_the_form(client):
    participating("Herning")
    newcomer = UserFactory(municipality=municipality("Herning"))
    newcomer.emailaddress_set.update(verified=False)
    client.force_login(newcomer)
    page = client.get("/foreninger/ny/").content.decode()
    assert str(eligibility.ERRORS["unverified"]) in page
    assert 'name="name"' not in page
    with pytest.raises(SammenError):
        registered_association(newcomer)
    assert not Association.objects.exists()


def test_registering_needs_login(client):
    response = client.get("/foreninger/ny/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/")


# --- Editing -------------------------------------------------------------------------------------------------


def jpeg_with_gps(size=(800, 600)) -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (56.0, 8.0, 0.0)}
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def test_a_representative_edits_the_profile_and_uploads_a_logo_without_metadata(client, karen_in_herning, maske):
    client.force_login(karen_in_herning)
    logo = SimpleUploadedFile("logo.jpg", jpeg_with_gps(), content_type="image/jpeg")
    data = association_fields(description="Vi strikker nu også om torsdagen.", new_logo=logo)
    response = client.post("/foreninger/strikkeklubben-maske/rediger/", data, follow=True)
    assert "Foreningen er gemt." in response.content.decode()
    maske.refresh_from_db()
    assert maske.description == "Vi strikker nu også om torsdagen."
    with Image.open(maske.logo.path) as stored:
        assert max(stored.size) <= 512
        assert len(stored.getexif()) == 0
    assert f'src="{maske.logo.url}"' in client.get("/foreninger/strikkeklubben-maske/").content.decode()


def test_a_file_that_is_not_a_picture_is_refused_as_logo(client, karen_in_herning, maske):
    client.force_login(karen_in_herning)
    fake = SimpleUploadedFile("logo.png", b"not a picture", content_type="image/png")
    page = client.post(
        "/foreninger/strikkeklubben-maske/rediger/", association_fields(name="Nyt navn", new_logo=fake)
    ).content.decode()
    assert "Filen er ikke et billede. Vælg en JPEG-, PNG- eller WebP-fil." in page
    maske.refresh_from_db()
    assert maske.name == "Strikkeklubben Maske" and not maske.logo


def test_only_representatives_can_edit(client, karen_in_herning, maske):
    client.force_login(citizen("Herning"))
    assert client.get("/foreninger/strikkeklubben-maske/rediger/").status_code == 404
    assert (
        client.post("/foreninger/strikkeklubben-maske/rediger/", association_fields(name="Kapret")).status_code == 404
    )
    assert client.get("/foreninger/strikkeklubben-maske/repraesentanter/").status_code == 404
    invite = {"email": "ven@example.dk"}
    assert client.post("/foreninger/strikkeklubben-maske/repraesentanter/", invite).status_code == 404
    maske.refresh_from_db()
    assert maske.name == "Strikkeklubben Maske"
    assert not Invitation.objects.exists() and mail.outbox == []
    with pytest.raises(SammenError, match="Only the association's representatives|Kun foreningens"):
        services.update_association(association=maske, by=citizen("Herning"), fields={"name": "Kapret"})
    maske.refresh_from_db()
    assert maske.name == "Strikkeklubben Maske"
    assert list(maske.representatives.values_list("user", flat=True)) == [karen_in_herning.pk]


def test_a_representative_may_keep_or_change_the_cvr_number_but_not_take_another_associations(
    client, karen_in_herning, maske
):
    other = registered_association(karen_in_herning, name="Skakklubben", cvr=OTHER_VALID_CVR)
    client.force_login(karen_in_herning)
    client.post("/foreninger/strikkeklubben-maske/rediger/", association_fields(cvr=VALID_CVR))
    client.post("/foreninger/strikkeklubben-maske/rediger/", association_fields(cvr=VALID_CVR, name="Maske"))
    maske.refresh_from_db()
    assert (maske.cvr, maske.name) == (VALID_CVR, "Maske")
    page = client.post(
        "/foreninger/strikkeklubben-maske/rediger/", association_fields(cvr=OTHER_VALID_CVR, name="Maskerne")
    ).content.decode()
    assert f"Der er allerede en forening med CVR-nummer {OTHER_VALID_CVR} på Sammen: Skakklubben." in page
    maske.refresh_from_db()
    assert (maske.cvr, maske.name) == (VALID_CVR, "Maske")
    assert other.cvr == OTHER_VALID_CVR


def test_changing_the_name_of_a_verified_association_removes_the_mark(
    client, karen_in_herning, maske, coordinator_in_herning
):
    services.verify_association(association=maske, by=coordinator_in_herning)
    client.force_login(karen_in_herning)
    response = client.post("/foreninger/strikkeklubben-maske/rediger/", association_fields(name="Maske"), follow=True)
    assert "kommunen skal verificere foreningen igen" in response.content.decode()
    maske.refresh_from_db()
    assert maske.name == "Maske" and maske.verified_at is None
    assert maske.slug == "strikkeklubben-maske"  # links to the profile keep working


def test_moving_a_verified_association_to_another_municipality_removes_the_mark(
    client, karen_in_herning, maske, coordinator_in_herning, coordinator_in_kolding
):
    """Herning's staff verified it; Kolding's staff must decide for themselves."""
    services.verify_association(association=maske, by=coordinator_in_herning)
    client.force_login(karen_in_herning)
    response = client.post(
        "/foreninger/strikkeklubben-maske/rediger/",
        association_fields(municipality=municipality("Kolding").pk),
        follow=True,
    )
    with translation.override("da"):
        told = gettext("You moved the association to %(municipality)s Municipality, which must verify it again.")
    assert told % {"municipality": "Kolding"} in response.content.decode()
    maske.refresh_from_db()
    assert maske.municipality == municipality("Kolding")
    assert maske.verified_at is None and maske.verified_by is None
    log_in_with_second_factor(client, coordinator_in_kolding)
    assert "Strikkeklubben Maske" in client.get(f"/personale/kommune/{KOLDING}/foreninger/").content.decode()


# --- Invitations ---------------------------------------------------------------------------------------------


def test_an_invited_person_accepts_and_becomes_a_representative(
    client, karen_in_herning, ole_in_kolding, maske, django_capture_on_commit_callbacks
):
    client.force_login(karen_in_herning)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/foreninger/strikkeklubben-maske/repraesentanter/", {"email": "Ole@Example.dk"}, follow=True
        )
    assert "Invitationen er sendt til Ole@Example.dk." in response.content.decode()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["Ole@Example.dk"]
    assert "Strikkeklubben Maske" in mail.outbox[0].subject
    link = invitation_link(mail.outbox[0])
    token = link.rstrip("/").rsplit("/", 1)[1]
    invitation = Invitation.objects.get()
    assert invitation.token_hash != token and token not in invitation.token_hash
    assert invitation.expires_at - invitation.created_at == datetime.timedelta(days=14)

    client.force_login(ole_in_kolding)
    page = client.get(link).content.decode()
    assert "Bliv repræsentant for Strikkeklubben Maske" in page
    response = client.post(link, follow=True)
    assert "Du er nu repræsentant for Strikkeklubben Maske." in response.content.decode()
    assert Representative.objects.filter(association=maske, user=ole_in_kolding).exists()
    # A second click changes nothing and is not an error.
    assert client.post(link).status_code == 302
    assert Representative.objects.filter(association=maske).count() == 2
    names = client.get("/foreninger/strikkeklubben-maske/repraesentanter/").content.decode()
    assert "Karen" in names and "Ole" in names and "ole@example.dk" not in names


def _invite(by, maske, capture_on_commit, email="ole@example.dk") -> str:
    mail.outbox.clear()
    with capture_on_commit(execute=True):
        services.invite_representative(association=maske, by=by, email=email)
    return invitation_link(mail.outbox[-1])


@pytest.fixture
def invited(karen_in_herning, maske, django_capture_on_commit_callbacks):
    return _invite(karen_in_herning, maske, django_capture_on_commit_callbacks)


def test_no_invitation_is_mailed_to_the_address_of_a_deactivated_account(
    karen_in_herning, maske, django_capture_on_commit_callbacks
):
    citizen("Kolding", email="ole@example.dk", is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        services.invite_representative(association=maske, by=karen_in_herning, email="OLE@example.dk")
    assert mail.outbox == []


def test_an_invitation_for_another_address_is_refused(client, maske, invited):
    client.force_login(citizen("Herning", email="someone.else@example.dk"))
    page = client.post(invited).content.decode()
    assert "Invitationen blev sendt til en anden e-mailadresse end den, du er logget ind med." in page
    assert Representative.objects.filter(association=maske).count() == 1
    assert Invitation.objects.get().accepted_at is None


def test_an_expired_invitation_is_refused(client, maske, invited, ole_in_kolding):
    Invitation.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    client.force_login(ole_in_kolding)
    page = client.post(invited).content.decode()
    assert "Invitationen er udløbet. Bed foreningen om at sende dig en ny." in page
    assert Representative.objects.filter(association=maske).count() == 1
    assert Invitation.objects.get().accepted_at is None


def test_a_used_invitation_cannot_be_used_by_someone_else(client, maske, invited, ole_in_kolding):
    services.accept_invitation(token=invited.rstrip("/").rsplit("/", 1)[1], user=ole_in_kolding)
    other = citizen("Kolding", email="ole2@example.dk")
    other.emailaddress_set.create(email="OLE@example.dk", verified=True)
    client.force_login(other)
    page = client.post(invited).content.decode()
    assert "Invitationen er allerede brugt. Bed foreningen om at sende dig en ny." in page
    assert not Representative.objects.filter(association=maske, user=other).exists()
    assert Invitation.objects.get().accepted_by == ole_in_kolding


def test_an_unknown_invitation_link_is_not_found_and_the_page_needs_login(client, invited):
    assert client.get(invited)["Location"].startswith("/konto/login/")
    client.force_login(citizen("Kolding"))
    assert client.get("/foreninger/invitation/ikke-en-rigtig-kode/").status_code == 404


def test_a_new_invitation_to_the_same_address_replaces_the_old_link(
    client, karen_in_herning, ole_in_kolding, maske, invited, django_capture_on_commit_callbacks
):
    newer = _invite(karen_in_herning, maske, django_capture_on_commit_callbacks)
    client.force_login(ole_in_kolding)
    assert "Invitationen er udløbet" in client.post(invited).content.decode()
    client.post(newer)
    assert Representative.objects.filter(association=maske).count() == 2


def test_inviting_someone_who_already_represents_is_refused(client, karen_in_herning, maske):
    client.force_login(karen_in_herning)
    page = client.post(
        "/foreninger/strikkeklubben-maske/repraesentanter/", {"email": "KAREN@example.dk"}
    ).content.decode()
    assert "Personen med e-mailadressen KAREN@example.dk er allerede repræsentant." in page
    assert not Invitation.objects.exists()


# --- Stepping down -----------------------------------------------------------------------------------------


def test_the_last_representative_cannot_step_down_but_one_of_two_can(client, karen_in_herning, maske):
    client.force_login(karen_in_herning)
    response = client.post("/foreninger/strikkeklubben-maske/repraesentanter/traed-ud/", follow=True)
    assert "Du er den eneste repræsentant, så du kan ikke træde ud." in response.content.decode()
    assert Representative.objects.filter(association=maske).count() == 1

    Representative.objects.create(association=maske, user=citizen("Herning"))
    response = client.post("/foreninger/strikkeklubben-maske/repraesentanter/traed-ud/", follow=True)
    assert "Du er ikke længere repræsentant for Strikkeklubben Maske." in response.content.decode()
    assert not Representative.objects.filter(association=maske, user=karen_in_herning).exists()
    assert client.get("/foreninger/strikkeklubben-maske/rediger/").status_code == 404


# --- Staff: verify and take down -----------------------------------------------------------------------------


def test_a_coordinator_verifies_and_the_mark_shows_on_the_profile_and_in_the_directory(
    client, maske, coordinator_in_herning
):
    log_in_with_second_factor(client, coordinator_in_herning)
    page = client.get(f"/personale/kommune/{HERNING}/foreninger/").content.decode()
    assert "Strikkeklubben Maske" in page and "Ikke verificeret" in page
    client.post(f"/personale/kommune/{HERNING}/foreninger/{maske.pk}/", {"action": "verify"})
    maske.refresh_from_db()
    assert maske.verified_by == coordinator_in_herning and maske.verified_at is not None
    assert AuditEntry.objects.filter(
        action="associations.association.verified", actor_id=coordinator_in_herning.pk
    ).exists()
    client.logout()
    assert "Verificeret af Herning Kommune" in client.get("/foreninger/strikkeklubben-maske/").content.decode()
    assert "Verificeret af Herning Kommune" in client.get("/foreninger/").content.decode()


def test_unverified_associations_have_no_mark_and_come_first_for_staff(
    client, karen_in_herning, maske, coordinator_in_herning
):
    other = registered_association(karen_in_herning, name="Aalborg-vennerne")
    services.verify_association(association=other, by=coordinator_in_herning)
    assert "Verificeret af" not in client.get("/foreninger/strikkeklubben-maske/").content.decode()
    log_in_with_second_factor(client, coordinator_in_herning)
    page = client.get(f"/personale/kommune/{HERNING}/foreninger/").content.decode()
    assert page.index("Strikkeklubben Maske") < page.index("Aalborg-vennerne")


def test_staff_of_another_municipality_cannot_verify(client, maske, coordinator_in_kolding):
    log_in_with_second_factor(client, coordinator_in_kolding)
    assert client.get(f"/personale/kommune/{HERNING}/foreninger/").status_code == 404
    response = client.post(f"/personale/kommune/{HERNING}/foreninger/{maske.pk}/", {"action": "verify"})
    assert response.status_code == 404
    response = client.post(f"/personale/kommune/{KOLDING}/foreninger/{maske.pk}/", {"action": "verify"})
    assert response.status_code == 404
    maske.refresh_from_db()
    assert maske.verified_at is None and maske.verified_by is None
    assert not AuditEntry.objects.filter(action="associations.association.verified").exists()


def test_a_moderator_cannot_verify_or_take_down(client, maske, moderator_in_herning):
    log_in_with_second_factor(client, moderator_in_herning)
    assert client.post(f"/personale/kommune/{HERNING}/foreninger/{maske.pk}/", {"action": "verify"}).status_code == 404
    assert client.post(f"/personale/kommune/{HERNING}/foreninger/{maske.pk}/", {"action": "hide"}).status_code == 404
    maske.refresh_from_db()
    assert maske.verified_at is None and maske.hidden_at is None
    assert not AuditEntry.objects.filter(actor_id=moderator_in_herning.pk).exists()


def test_staff_take_down_a_profile_which_disappears_and_comes_back(client, maske, coordinator_in_herning):
    log_in_with_second_factor(client, coordinator_in_herning)
    client.post(f"/personale/kommune/{HERNING}/foreninger/{maske.pk}/", {"action": "hide"})
    maske.refresh_from_db()
    assert maske.hidden_at is not None
    assert AuditEntry.objects.filter(
        action="associations.association.hidden", actor_id=coordinator_in_herning.pk
    ).exists()
    assert "Taget ned" in client.get(f"/personale/kommune/{HERNING}/foreninger/").content.decode()
    client.logout()
    assert client.get("/foreninger/strikkeklubben-maske/").status_code == 404
    assert "Strikkeklubben Maske" not in client.get("/foreninger/").content.decode()
    assert "Strikkeklubben Maske" not in client.get("/foreninger/", {"q": "strik"}).content.decode()
    services.unhide_association(association=maske, by=coordinator_in_herning)
    assert client.get("/foreninger/strikkeklubben-maske/").status_code == 200


def test_staff_actions_are_post_only(client, maske, coordinator_in_herning):
    log_in_with_second_factor(client, coordinator_in_herning)
    assert client.get(f"/personale/kommune/{HERNING}/foreninger/{maske.pk}/?action=verify").status_code == 405
    maske.refresh_from_db()
    assert maske.verified_at is None


# --- Directory and profile ---------------------------------------------------------------------------------


def test_the_directory_finds_the_knitting_club_by_part_of_a_word(client, karen_in_herning, maske):
    registered_association(karen_in_herning, name="Herning Skakklub", description="Vi spiller skak.")
    registered_association(karen_in_herning, name="Kolding Løbeklub", description="Vi løber.", where="Kolding")
    page = client.get("/foreninger/", {"q": "strik"}).content.decode()
    assert "Strikkeklubben Maske" in page and "Herning Skakklub" not in page
    in_kolding = client.get("/foreninger/", {"kommune": "kolding"}).content.decode()
    assert "Kolding Løbeklub" in in_kolding and "Strikkeklubben Maske" not in in_kolding
    assert "Ingen foreninger passer" in client.get("/foreninger/", {"q": "fodbold"}).content.decode()


def test_the_directory_filters_by_category(client, karen_in_herning):
    from sammen.taxonomy.models import Category

    first, second = Category.objects.all()[:2]
    registered_association(karen_in_herning, name="Første Forening").categories.set([first])
    registered_association(karen_in_herning, name="Anden Forening").categories.set([second])
    page = client.get("/foreninger/", {"kategori": second.slug}).content.decode()
    assert "Anden Forening" in page and "Første Forening" not in page


def test_the_profile_shows_the_next_dates_of_its_visible_activities(client, karen_in_herning, maske):
    soon = timezone.now() + datetime.timedelta(days=2)
    walk = activity_with_dates(
        title="Gåtur med strikketøj", organiser=karen_in_herning, association=maske, starts=soon, dates=12
    )
    Occurrence.objects.filter(pk=walk.occurrences.order_by("starts_at").first().pk).update(cancelled_at=timezone.now())
    activity_with_dates(
        title="Skjult aktivitet", organiser=karen_in_herning, association=maske, hidden_at=timezone.now()
    )
    activity_with_dates(title="Andres aktivitet", starts=soon)
    page = client.get("/foreninger/strikkeklubben-maske/").content.decode()
    assert page.count(f'href="/aktiviteter/{walk.pk}/"') == 10
    assert "Skjult aktivitet" not in page and "Andres aktivitet" not in page
    assert "kl." in page


def test_the_directory_costs_the_same_number_of_queries_at_3_and_30_associations(
    client, karen_in_herning, coordinator_in_herning
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sammen.taxonomy.models import Category

    categories = list(Category.objects.all()[:3])

    def add(count: int, start: int) -> None:
        for number in range(start, start + count):
            association = registered_association(karen_in_herning, name=f"Strikkeklub nummer {number}")
            association.categories.set(categories)
            if number % 2:
                services.verify_association(association=association, by=coordinator_in_herning)

    def queries(path: str, params: dict) -> int:
        client.get(path, params)
        with CaptureQueriesContext(connection) as context:
            assert client.get(path, params).status_code == 200
        return len(context.captured_queries)

    add(3, 0)
    few = [queries("/foreninger/", {}), queries("/foreninger/", {"q": "strik"})]
    add(27, 3)
    many = [queries("/foreninger/", {}), queries("/foreninger/", {"q": "strik"})]
    assert few == many


def test_an_association_cannot_be_placed_in_a_municipality_that_does_not_take_part(client, karen_in_herning):
    client.force_login(karen_in_herning)
    page = client.post("/foreninger/ny/", association_fields(municipality=municipality("Aarhus").pk)).content.decode()
    assert "Aarhus Kommune er ikke med i Sammen lige nu, så der kan ikke oprettes foreninger dér." in page
    assert not Association.objects.exists()


def test_the_profile_costs_the_same_number_of_queries_with_1_and_10_dates(client, karen_in_herning, maske):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get("/foreninger/strikkeklubben-maske/").status_code == 200
        return len(context.captured_queries)

    client.force_login(karen_in_herning)
    activity_with_dates(title="Strikkecafé", organiser=karen_in_herning, association=maske, dates=1)
    one = queries()
    activity_with_dates(title="Gåtur", organiser=karen_in_herning, association=maske, dates=9)
    assert queries() == one
