"""CVs: PDF, Word (DOCX), OpenDocument text (ODT) or plain text, at most 2 MB, checked by content.

The browser's content type is never trusted, and the name's extension is only a claim: the
content must be what it says (a PDF starts with ``%PDF-`` and ends with ``%%EOF``; a DOCX is a
zip with ``[Content_Types].xml`` and ``word/document.xml``; an ODT is a zip whose ``mimetype``
entry says OpenDocument text; a text file is UTF-8 with no control characters). Stored under a
random name with the extension of its content; downloaded (never shown inline) by recruiters
only, after the access check.
"""

from __future__ import annotations

import io
import uuid
import zipfile

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

MAX_CV_BYTES = 2 * 1024 * 1024
#: A zip whose parts would unpack to more than this is refused (a "zip bomb").
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
    "txt": "text/plain; charset=utf-8",
}
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
#: Control characters a text CV may contain: tab, new line, form feed, carriage return.
_ALLOWED_CONTROLS = {"\t", "\n", "\f", "\r"}


def _wrong_kind() -> ValidationError:
    return ValidationError(
        _("The CV must be a PDF, Word (.docx), OpenDocument (.odt) or text (.txt) file."),
        code="invalid_type",
    )


def _not_what_it_says(extension: str) -> ValidationError:
    return ValidationError(
        _(
            "The file is not really a .%(extension)s file. Save your CV again as a PDF, "
            "Word, OpenDocument or text file and choose it again."
        )
        % {"extension": extension},
        code="content_mismatch",
    )


def _zip_names(raw: bytes) -> zipfile.ZipFile | None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if sum(info.file_size for info in infos) > MAX_UNPACKED_BYTES:
        return None
    return archive


def _is_pdf(raw: bytes) -> bool:
    return raw.startswith(b"%PDF-") and b"%%EOF" in raw[-2048:]


def _is_docx(raw: bytes) -> bool:
    if not raw.startswith(b"PK\x03\x04"):
        return False
    archive = _zip_names(raw)
    if archive is None:
        return False
    names = set(archive.namelist())
    return "[Content_Types].xml" in names and "word/document.xml" in names


def _is_odt(raw: bytes) -> bool:
    if not raw.startswith(b"PK\x03\x04"):
        return False
    archive = _zip_names(raw)
    if archive is None:
        return False
    try:
        info = archive.getinfo("mimetype")
    except KeyError:
        return False
    if info.file_size > 200:
        return False
    try:
        return archive.read(info).strip() == ODT_MIMETYPE and "content.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError):
        return False


def _is_text(raw: bytes) -> bool:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return not any(ord(ch) < 32 and ch not in _ALLOWED_CONTROLS for ch in text)


CHECKS = {"pdf": _is_pdf, "docx": _is_docx, "odt": _is_odt, "txt": _is_text}


def extension_of(name: str) -> str:
    """The lower-cased extension the file's name claims ("" when none)."""
    base = name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    return base.rsplit(".", 1)[-1].lower() if "." in base else ""


def check_cv(raw: bytes, extension: str) -> str:
    """``extension`` when ``raw`` really is that kind of file; ``ValidationError`` otherwise."""
    if extension not in CHECKS:
        raise _wrong_kind()
    if not CHECKS[extension](raw):
        raise _not_what_it_says(extension)
    return extension


def prepare_cv(upload: File) -> ContentFile:  # type: ignore[type-arg]
    """The checked upload as a file with a random name and the extension of its content."""
    extension = extension_of(upload.name or "")
    if extension not in CHECKS:
        raise _wrong_kind()
    size = upload.size or 0
    if size == 0:
        raise ValidationError(_("The selected file is empty."), code="empty")
    if size > MAX_CV_BYTES:
        raise ValidationError(_("The CV must be smaller than 2 MB."), code="too_big")
    upload.seek(0)
    raw = upload.read(MAX_CV_BYTES + 1)
    if len(raw) > MAX_CV_BYTES:
        raise ValidationError(_("The CV must be smaller than 2 MB."), code="too_big")
    check_cv(raw, extension)
    return ContentFile(raw, name=f"{uuid.uuid4().hex}.{extension}")


def cv_response(cv: FieldFile, download_name: str = "cv") -> FileResponse:
    """A stored CV as a download (never inline), for a reader the caller has allowed."""
    if not cv or not cv.name:
        raise Http404
    extension = extension_of(cv.name)
    try:
        with cv.storage.open(cv.name, "rb") as handle:
            raw = handle.read(MAX_CV_BYTES + 1)
        check_cv(raw, extension)
    except (OSError, ValidationError):
        raise Http404 from None
    response = FileResponse(
        io.BytesIO(raw),
        content_type=CONTENT_TYPES[extension],
        as_attachment=True,
        filename=f"{download_name}.{extension}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
