"""Pictures people upload (profile photos, association logos): checked to be real pictures of a sane size and
re-encoded from their pixels alone, so that no EXIF, GPS, XMP or ICC data is ever stored or served."""

import io

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

ERRORS = {
    "too_large": _("The picture is too large. It may be at most %(megabytes)s MB."),
    "not_image": _("The file is not a picture. Choose a JPEG, PNG or WebP file."),
    "format": _("Choose a picture in JPEG, PNG or WebP format."),
}

ALLOWED_FORMATS = frozenset({"JPEG", "PNG", "WEBP"})


def clean_picture(upload, *, max_bytes: int, size: tuple[int, int], name: str) -> ContentFile:
    """Check an upload and return it as a JPEG of at most ``size`` pixels, without any metadata.

    Raises ValidationError (codes ``too_large``, ``not_image``, ``format``) with a message for the person.
    """
    if upload.size > max_bytes:
        raise ValidationError(ERRORS["too_large"], code="too_large", params={"megabytes": max_bytes // (1024 * 1024)})
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            image_format = probe.format
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            image.load()
            picture = _flatten(ImageOps.exif_transpose(image))
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
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
