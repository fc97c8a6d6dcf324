"""Receipts for other spending: PDF, JPEG or PNG, at most 5 MB, checked by content.

The name and the browser's content type are ignored: a PDF must start with ``%PDF-`` and end
with ``%%EOF``; an image must be read fully by Pillow as JPEG or PNG. Stored under a random
name; served only after the funding access check, with the type found in the content.
"""

from __future__ import annotations

import io
import uuid
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404
from PIL import Image, ImageFile

MAX_RECEIPT_BYTES = 5 * 1024 * 1024
CONTENT_TYPES = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png"}
_IMAGE_EXTENSIONS = {"JPEG": "jpg", "PNG": "png"}


def _wrong_kind() -> ValidationError:
    return ValidationError("The receipt must be a PDF, JPG or PNG file.", code="invalid_type")


def kind_of_receipt(raw: bytes) -> str:
    """ "pdf", "jpg" or "png" from the content; ``ValidationError`` otherwise."""
    if raw.startswith(b"%PDF-"):
        if b"%%EOF" not in raw[-2048:]:
            raise ValidationError(
                "The PDF could not be read: it may be damaged or incomplete.", code="damaged"
            )
        return "pdf"
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(raw), formats=list(_IMAGE_EXTENSIONS)) as image:
                image.load()
                return _IMAGE_EXTENSIONS[image.format or ""]
        except Exception:  # Pillow raises many kinds of error on malformed data.
            raise _wrong_kind() from None


def prepare_receipt(upload: File) -> ContentFile:  # type: ignore[type-arg]
    """The checked upload as a file with a random name and the extension of its content."""
    size = upload.size or 0
    if size == 0:
        raise ValidationError("The selected file is empty.", code="empty")
    if size > MAX_RECEIPT_BYTES:
        raise ValidationError("The receipt must be smaller than 5 MB.", code="too_big")
    upload.seek(0)
    raw = upload.read(MAX_RECEIPT_BYTES + 1)
    if len(raw) > MAX_RECEIPT_BYTES:
        raise ValidationError("The receipt must be smaller than 5 MB.", code="too_big")
    extension = kind_of_receipt(raw)
    return ContentFile(raw, name=f"{uuid.uuid4().hex}.{extension}")


def receipt_response(receipt: FieldFile) -> FileResponse:
    """Streams a stored receipt for a reader the caller's access check has allowed."""
    if not receipt or not receipt.name:
        raise Http404
    try:
        with receipt.storage.open(receipt.name, "rb") as handle:
            raw = handle.read()
        extension = kind_of_receipt(raw)
    except (OSError, ValidationError):
        raise Http404 from None
    response = FileResponse(
        io.BytesIO(raw), content_type=CONTENT_TYPES[extension], filename=f"receipt.{extension}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
