"""Uploaded photos (issue 2 §3): checked by Pillow, re-encoded, served only after access checks.

An upload is accepted only when Pillow reads it fully as JPEG, PNG or WebP (the name and the
browser's content type are ignored). It is re-encoded from its pixels, so nothing else in the
file survives: no EXIF (camera location!), no comments, no trailing payload. The stored name is
random. Files are never served from a public media URL: views call ``photo_response`` after
their ``access_*`` function has allowed the reader.
"""

from __future__ import annotations

import io
import uuid
import warnings
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

MAX_PHOTO_BYTES = 5 * 1024 * 1024
MAX_PHOTO_SIDE = 4000
#: Pillow format → (content type, file extension).
PHOTO_FORMATS: dict[str, tuple[str, str]] = {
    "JPEG": ("image/jpeg", "jpg"),
    "PNG": ("image/png", "png"),
    "WEBP": ("image/webp", "webp"),
}
PHOTO_CACHE_SECONDS = 300


@dataclass(frozen=True)
class PreparedPhoto:
    """A checked, re-encoded photo ready to store under a random name."""

    content: bytes
    format: str

    @property
    def file_name(self) -> str:
        return f"{uuid.uuid4().hex}.{PHOTO_FORMATS[self.format][1]}"


def _not_an_image() -> ValidationError:
    return ValidationError(_("The photo must be a JPG, PNG or WebP image."), code="invalid_type")


def _too_large() -> ValidationError:
    return ValidationError(
        _("The photo must be at most %(side)s by %(side)s pixels.") % {"side": MAX_PHOTO_SIDE},
        code="too_many_pixels",
    )


def prepare_photo(upload: File) -> PreparedPhoto:  # type: ignore[type-arg]
    """The upload re-encoded without metadata; ``ValidationError`` with a message for the
    person uploading when it is too big, not a JPEG/PNG/WebP image, or damaged."""
    size = upload.size or 0
    if size == 0:
        raise ValidationError(_("The selected file is empty."), code="empty")
    if size > MAX_PHOTO_BYTES:
        raise ValidationError(_("The photo must be smaller than 5 MB."), code="too_big")
    upload.seek(0)
    raw = upload.read(MAX_PHOTO_BYTES + 1)
    if len(raw) > MAX_PHOTO_BYTES:
        raise ValidationError(_("The photo must be smaller than 5 MB."), code="too_big")
    # A library may have switched this process-wide (WeasyPrint does on import); a truncated
    # upload must be refused, not padded out.
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(raw), formats=list(PHOTO_FORMATS))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _too_large() from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            raise _not_an_image() from None
        with image:
            image_format = image.format or ""
            if image_format not in PHOTO_FORMATS:
                raise _not_an_image()
            # Checked before decoding, so a small file claiming huge dimensions is not expanded.
            width, height = image.size
            if width > MAX_PHOTO_SIDE or height > MAX_PHOTO_SIDE or width < 1 or height < 1:
                raise _too_large()
            try:
                image.load()
                upright = ImageOps.exif_transpose(image)
            except (Image.DecompressionBombError, Image.DecompressionBombWarning):
                raise _too_large() from None
            except Exception:  # Pillow raises many kinds of error on malformed data.
                raise ValidationError(
                    _(
                        "The photo could not be read: the file may be damaged or incomplete. "
                        "Try another file."
                    ),
                    code="damaged",
                ) from None
            try:
                content = _reencode(upright, image_format)
            except (OSError, ValueError):
                raise ValidationError(
                    _("The photo could not be read. Try another file, or save it as a JPG first."),
                    code="unsupported",
                ) from None
    return PreparedPhoto(content=content, format=image_format)


def _reencode(image: Image.Image, image_format: str) -> bytes:
    has_alpha = "A" in image.getbands() or "transparency" in image.info
    if image_format == "JPEG" or not has_alpha:
        pixels = image.convert("RGB")
    else:
        pixels = image.convert("RGBA")
    # A fresh image from the pixels alone: no EXIF, XMP, ICC, comments or text chunks.
    clean = Image.frombytes(pixels.mode, pixels.size, pixels.tobytes())
    out = io.BytesIO()
    if image_format == "JPEG":
        clean.save(out, format="JPEG", quality=88, optimize=True)
    elif image_format == "PNG":
        clean.save(out, format="PNG", optimize=True)
    else:
        clean.save(out, format="WEBP", quality=88)
    return out.getvalue()


def photo_response(photo: FieldFile) -> FileResponse:
    """Streams a stored photo, for a reader the caller's access check has allowed.

    The content type comes from the stored file's format as Pillow reads it; anything else
    (no photo, a missing or unreadable file) is the same 404 as a forbidden record."""
    if not photo or not photo.name:
        raise Http404
    try:
        handle = photo.storage.open(photo.name, "rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    try:
        with Image.open(handle, formats=list(PHOTO_FORMATS)) as image:
            image_format = image.format or ""
        handle.seek(0)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        handle.close()
        raise Http404 from None
    if image_format not in PHOTO_FORMATS:
        handle.close()
        raise Http404
    response = FileResponse(handle, content_type=PHOTO_FORMATS[image_format][0])
    response["Content-Disposition"] = "inline"
    response["Cache-Control"] = f"private, max-age={PHOTO_CACHE_SECONDS}"
    response["X-Content-Type-Options"] = "nosniff"
    return response
