"""The commissioner's outcome report as a PDF (WeasyPrint), made like the rota's and the funding
invoice's: the CSS in a file beside this module (pages allow no inline CSS), a tagged PDF, and a
fetcher that reaches nothing but data: URIs (no files, no network)."""

from __future__ import annotations

import logging
import warnings
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string

logging.getLogger("fontTools").setLevel(logging.WARNING)
logging.getLogger("weasyprint").setLevel(logging.ERROR)

STYLESHEET = Path(__file__).with_name("measures_pdf.css")


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
