"""A citizen edits the profile; uploaded pictures are checked and stripped of metadata."""

import html
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from sammen.accounts import services
from sammen.audit.models import AuditEntry
from sammen.core.text_policy import TextRefused
from sammen.taxonomy.models import Category
from tests.factories import citizen, municipality

pytestmark = pytest.mark.django_db


def profile_data(person, **overrides) -> dict:
    data = {
        "display_name": person.display_name,
        "municipality": person.municipality_id,
        "postal_code": person.postal_code,
        "gender": "",
        "avatar_symbol": "",
        "language": "da",
        "notify_by_email": "on",
    }
    data.update(overrides)
    return data


def jpeg_with_gps(size=(1200, 900)) -> bytes:
    image = Image.new("RGB", size, (200, 120, 40))
    exif = Image.Exif()
    exif[0x010F] = "Kamerafabrikken"  # Make
    exif[0x8825] = {2: (56.0, 8.0, 0.0)}  # GPS latitude
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def test_citizen_edits_profile(client):
    person = citizen()
    client.force_login(person)
    walks = Category.objects.get(slug="gaature")
    response = client.post(
        "/konto/profil/",
        profile_data(
            person,
            display_name="Ingrid",
            postal_code="7430",
            municipality=municipality("Ikast-Brande").pk,
            interests=[walks.pk],
            languages=["da", "de"],
            easy_read="on",
        ),
        follow=True,
    )
    assert "Din profil er gemt." in response.content.decode()
    person.refresh_from_db()
    assert (person.display_name, person.postal_code, person.municipality.name) == ("Ingrid", "7430", "Ikast-Brande")
    assert list(person.interests.all()) == [walks]
    assert person.languages == ["da", "de"]
    assert person.easy_read
    assert 'class="easy-read"' in response.content.decode()
    entry = AuditEntry.objects.get(action="accounts.profile.changed")
    assert entry.data_subject_id == person.pk


def test_bad_postal_code_keeps_what_was_typed_and_changes_nothing(client):
    person = citizen(display_name="Ingrid")
    client.force_login(person)
    response = client.post("/konto/profil/", profile_data(person, display_name="Inge", postal_code="74a"))
    page = response.content.decode()
    assert "Et postnummer har præcis 4 cifre, fx 7400." in page
    assert 'value="74a"' in page and 'value="Inge"' in page
    person.refresh_from_db()
    assert person.display_name == "Ingrid"


def test_uploaded_photo_is_resized_and_stripped_of_location_data(client, settings):
    person = citizen()
    client.force_login(person)
    upload = SimpleUploadedFile("mig på stranden.jpg", jpeg_with_gps(), content_type="image/jpeg")
    client.post("/konto/profil/", profile_data(person, new_avatar=upload))
    person.refresh_from_db()
    assert person.avatar.name.startswith("avatars/") and "stranden" not in person.avatar.name
    with Image.open(person.avatar.path) as stored:
        assert max(stored.size) <= 512
        assert len(stored.getexif()) == 0
        assert "exif" not in stored.info


def test_a_file_that_is_not_a_picture_is_refused(client):
    person = citizen()
    client.force_login(person)
    fake = SimpleUploadedFile("billede.jpg", b"%PDF-1.4 not a picture", content_type="image/jpeg")
    response = client.post("/konto/profil/", profile_data(person, display_name="Ny", new_avatar=fake))
    assert "Filen er ikke et billede. Vælg en JPEG-, PNG- eller WebP-fil." in response.content.decode()
    person.refresh_from_db()
    assert not person.avatar and person.display_name != "Ny"


def test_an_oversized_picture_is_refused(client, settings):
    settings.SAMMEN_AVATAR_MAX_BYTES = 10_000
    person = citizen()
    client.force_login(person)
    big = SimpleUploadedFile("stor.jpg", jpeg_with_gps((2000, 2000)), content_type="image/jpeg")
    response = client.post("/konto/profil/", profile_data(person, new_avatar=big))
    assert "Billedet er for stort." in response.content.decode()
    person.refresh_from_db()
    assert not person.avatar


def test_a_gif_is_refused_with_the_formats_we_take(client):
    person = citizen()
    client.force_login(person)
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, format="GIF")
    gif = SimpleUploadedFile("animation.gif", buffer.getvalue(), content_type="image/gif")
    response = client.post("/konto/profil/", profile_data(person, new_avatar=gif))
    assert "Vælg et billede i JPEG-, PNG- eller WebP-format." in response.content.decode()


def test_profile_needs_login(client):
    response = client.get("/konto/profil/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/")


def test_language_switch_is_saved_on_the_profile(client):
    person = citizen()
    client.force_login(person)
    client.post("/sprog/", {"language": "en", "next": "/"})
    person.refresh_from_db()
    assert person.language == "en"
    client.cookies.clear()
    client.force_login(person)
    assert "Find company and community near you" in client.get("/").content.decode()


def test_danish_first_whatever_the_browser_asks_for(client):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Find selskab og fællesskab nær dig" in page
    assert '<html lang="da">' in page


def test_a_chosen_language_is_kept_for_anonymous_visitors(client):
    client.post("/sprog/", {"language": "en", "next": "/"})
    assert "Find company and community near you" in client.get("/").content.decode()


@pytest.mark.parametrize("display_name", ["010150-1234", "Inge 0101\u200b50 1234", "Inge\nBcc: alle@example.dk"])
def test_a_display_name_with_a_cpr_number_or_a_line_break_is_refused_and_changes_nothing(client, display_name):
    person = citizen(display_name="Ingrid")
    client.force_login(person)
    response = client.post("/konto/profil/", profile_data(person, display_name=display_name))
    assert response.status_code == 200
    assert response.context["form"].errors["display_name"]
    assert display_name in html.unescape(response.content.decode())
    person.refresh_from_db()
    assert person.display_name == "Ingrid"
    assert not AuditEntry.objects.filter(action="accounts.profile.changed").exists()
    with pytest.raises(TextRefused):
        services.update_profile(user=person, changes={"display_name": display_name})
    person.refresh_from_db()
    assert person.display_name == "Ingrid"
