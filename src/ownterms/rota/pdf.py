"""Printable rota PDFs (WeasyPrint), made like the subject access export: the CSS in a file
beside this module (pages allow no inline CSS), photos embedded as data URIs, and a fetcher that
reaches nothing else (no files, no network)."""

from __future__ import annotations

import base64
import io
import logging
import warnings
from pathlib import Path
from typing import Any

from django.db.models.fields.files import FieldFile
from django.template.loader import render_to_string

logging.getLogger("fontTools").setLevel(logging.WARNING)
logging.getLogger("weasyprint").setLevel(logging.ERROR)

STYLESHEET = Path(__file__).with_name("rota_pdf.css")
#: Larger photos are left out of the PDF (the page shows a symbol instead).
MAX_EMBEDDED_PHOTO_BYTES = 2 * 1024 * 1024


def photo_data_uri(photo: FieldFile | None) -> str:
    """The photo as a ``data:`` URI, or "" when there is none, it is too large or unreadable."""
    if not photo:
        return ""
    from PIL import Image, UnidentifiedImageError

    try:
        if photo.size > MAX_EMBEDDED_PHOTO_BYTES:
            return ""
        with photo.open("rb") as handle:
            content = handle.read()
        with Image.open(io.BytesIO(content)) as image:
            kind = (image.format or "").lower()
    except (OSError, ValueError, UnidentifiedImageError):
        return ""
    if kind not in {"jpeg", "png", "webp"}:
        return ""
    return f"data:image/{kind};base64,{base64.b64encode(content).decode('ascii')}"


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    from PIL import ImageFile

    # Importing WeasyPrint turns on Pillow's process-wide LOAD_TRUNCATED_IMAGES, which would
    # let truncated photo uploads through lib.photos' checks: turn it off again.
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            from weasyprint import CSS, HTML
            from weasyprint.urls import URLFetcher
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = False
    fetcher = URLFetcher(allowed_protocols={"data"})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        pdf: bytes = HTML(
            string=render_to_string(template, context), url_fetcher=fetcher
        ).write_pdf(stylesheets=[CSS(string=STYLESHEET.read_text(encoding="utf-8"))], pdf_tags=True)
    return pdf
