"""Producing a person's subject access export: ``record.json`` and ``record.pdf`` in a ZIP.

The export is audited as a change (``person.export``) in the same transaction that reads the
record, so the audit in the export is exactly the audit at the time.
"""

from __future__ import annotations

import io
import json
import logging
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from ownterms.accounts.models import User
from ownterms.audit.services import field_changes, record_change
from ownterms.exports.selectors import Record, collect_record
from ownterms.people.models import Person

# WeasyPrint's font subsetting logs every glyph at INFO, and warns on every PDF that it uses
# fontTools rather than HarfBuzz to subset fonts: noise in a server log.
logging.getLogger("fontTools").setLevel(logging.WARNING)
logging.getLogger("weasyprint").setLevel(logging.ERROR)


PDF_STYLESHEET = Path(__file__).with_name("record_pdf.css")


@dataclass(frozen=True)
class Export:
    record_json: bytes
    record_pdf: bytes
    file_stem: str

    def zip_bytes(self) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("record.json", self.record_json)
            archive.writestr("record.pdf", self.record_pdf)
        return buffer.getvalue()


def render_html(record: Record) -> str:
    return render_to_string("exports/record_pdf.html", {"record": record})


def render_pdf(record: Record) -> bytes:
    from PIL import ImageFile

    # Importing WeasyPrint turns on Pillow's process-wide LOAD_TRUNCATED_IMAGES, which would
    # let truncated photo uploads through lib.photos' checks: turn it off again.
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # HarfBuzz-Subset, in future
            from weasyprint import CSS, HTML
            from weasyprint.urls import URLFetcher
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = False
    # Only the images embedded in the page (data: URIs): never a file or the network.
    fetcher = URLFetcher(allowed_protocols={"data"})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        # A tagged PDF: headings, lists and tables reach screen readers as such.
        pdf: bytes = HTML(string=render_html(record), url_fetcher=fetcher).write_pdf(
            stylesheets=[CSS(string=PDF_STYLESHEET.read_text(encoding="utf-8"))],
            pdf_tags=True,
        )
    return pdf


@transaction.atomic
def export_person(
    *, actor: User | None, person: Person, basis: str = "", with_pdf: bool = True
) -> Export:
    """The whole record of ``person`` (the PDF empty unless ``with_pdf``); raises
    ``ExportTooLargeError`` for an absurd size."""
    record = collect_record(person, generated_by=str(actor) if actor is not None else "System")
    record_json = json.dumps(record.as_json(), ensure_ascii=False, indent=2).encode("utf-8")
    record_pdf = render_pdf(record) if with_pdf else b""
    record_change(
        actor=actor,
        organisation=record.person.organisation,
        action="person.export",
        obj=record.person,
        person=record.person,
        changes=field_changes(None, {"rows": record.row_count, "sections": len(record.sections)}),
        basis=basis,
    )
    stem = f"record-{record.person.public_id}-{timezone.localdate():%Y-%m-%d}"
    return Export(record_json=record_json, record_pdf=record_pdf, file_stem=stem)
