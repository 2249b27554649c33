"""The one picture cleaner refuses a picture by its pixel count before decoding it (a "decompression bomb")."""

import io
import resource
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from sammen.core.images import MAX_PIXELS, clean_picture
from tests.factories import citizen

TOO_MANY_PIXELS = "Billedet har for mange pixels. Det må højst være 40 megapixel, for eksempel 8000 × 5000."


def png_bomb(width: int, height: int) -> bytes:
    """A valid black-and-white PNG of width × height pixels that is a few kilobytes on disk, built row by row."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    compressor = zlib.compressobj(9)
    row = b"\x00" * (1 + (width + 7) // 8)  # filter byte, then 1 bit per pixel
    data = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")


def peak_memory_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def test_a_small_png_of_twelve_thousand_by_twelve_thousand_pixels_is_refused_without_decoding_it():
    bomb = png_bomb(12_000, 12_000)
    assert len(bomb) < 50_000
    with Image.open(io.BytesIO(bomb)) as probe:
        assert probe.size == (12_000, 12_000)  # a real PNG, that Pillow would decode
    upload = SimpleUploadedFile("bombe.png", bomb, content_type="image/png")
    before = peak_memory_mb()
    with pytest.raises(ValidationError) as refused:
        clean_picture(upload, max_bytes=5 * 1024 * 1024, size=(400, 400), name="avatar.jpg")
    # Decoding it would take 144 MB for the pixels and 432 MB more as RGB.
    assert peak_memory_mb() - before < 50
    assert refused.value.code == "too_many_pixels"
    assert refused.value.messages == [TOO_MANY_PIXELS]


def test_a_picture_just_under_the_limit_is_taken():
    width = 8_000
    bomb = png_bomb(width, MAX_PIXELS // width)
    upload = SimpleUploadedFile("stor.png", bomb, content_type="image/png")
    cleaned = clean_picture(upload, max_bytes=5 * 1024 * 1024, size=(400, 400), name="avatar.jpg")
    with Image.open(cleaned) as picture:
        assert picture.size == (400, 250)


def test_pillows_own_bomb_limit_gets_the_same_message():
    upload = SimpleUploadedFile("bombe.png", png_bomb(20_000, 20_000), content_type="image/png")
    with pytest.raises(ValidationError) as refused:
        clean_picture(upload, max_bytes=5 * 1024 * 1024, size=(400, 400), name="avatar.jpg")
    assert refused.value.code == "too_many_pixels"


@pytest.mark.django_db
def test_a_citizen_is_told_in_danish_when_the_avatar_has_too_many_pixels(client):
    person = citizen()
    client.force_login(person)
    bomb = SimpleUploadedFile("bombe.png", png_bomb(12_000, 12_000), content_type="image/png")
    data = {
        "display_name": person.display_name,
        "municipality": person.municipality_id,
        "postal_code": person.postal_code,
        "language": "da",
        "new_avatar": bomb,
    }
    page = client.post("/konto/profil/", data).content.decode()
    assert TOO_MANY_PIXELS in page
    person.refresh_from_db()
    assert not person.avatar
