"""Pictures people upload (profile photos, association logos): checked to be real pictures of a sane size and
re-encoded from their pixels alone, so that no EXIF, GPS, XMP or ICC data is ever stored or served."""

import io

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

ERRORS = {
    "too_large": _("The picture is too large. It may be at most %(megabytes)s MB."),
    "too_many_pixels": _(
        "The picture has too many pixels. It may be at most %(megapixels)s megapixels, for example 8000 × 5000."
    ),
    "not_image": _("The file is not a picture. Choose a JPEG, PNG or WebP file."),
    "format": _("Choose a picture in JPEG, PNG or WebP format."),
}

ALLOWED_FORMATS = frozenset({"JPEG", "PNG", "WEBP"})
# A few kilobytes of PNG can claim 12,000 × 12,000 pixels, which take about a second and most of a gigabyte to
# decode. Refused from the header alone, well under Pillow's own decompression-bomb threshold (about 89 million).
MAX_PIXELS = 40_000_000


def clean_picture(upload, *, max_bytes: int, size: tuple[int, int], name: str) -> ContentFile:
    """Check an upload and return it as a JPEG of at most ``size`` pixels, without any metadata.

    Raises ValidationError (codes ``too_large``, ``too_many_pixels``, ``not_image``, ``format``) with a message for
    the person.
    """
    if upload.size > max_bytes:
        raise ValidationError(ERRORS["too_large"], code="too_large", params={"megabytes": max_bytes // (1024 * 1024)})
    try:
        upload.seek(0)
        with Image.open(upload) as probe:  # reads the header only
            image_format = probe.format
            width, height = probe.size
            if width * height > MAX_PIXELS:
                raise Image.DecompressionBombError(f"{width} × {height} pixels")
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            image.load()
            picture = _flatten(ImageOps.exif_transpose(image))
    except Image.DecompressionBombError as error:  # ours, or Pillow's own at twice its threshold
        raise ValidationError(
            ERRORS["too_many_pixels"], code="too_many_pixels", params={"megapixels": MAX_PIXELS // 1_000_000}
        ) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError(ERRORS["not_image"], code="not_image") from error
    if image_format not in ALLOWED_FORMATS:
        raise ValidationError(ERRORS["format"], code="format")
    picture.thumbnail(size)
    # A new image from the pixels alone: no EXIF, GPS, XMP or ICC data survives.
    clean = Image.new("RGB", picture.size)
    clean.paste(picture)
    buffer = io.BytesIO()
    clean.save(buffer, format="JPEG", quality=85)
    return ContentFile(buffer.getvalue(), name=name)


def _flatten(image: Image.Image) -> Image.Image:
    """RGB on a white background: a transparent logo would otherwise turn black in a JPEG."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")
