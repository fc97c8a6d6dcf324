"""Spreadsheets for the import tests, and a pending import for the page suites."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from ownterms.imports.models import PendingImport
from ownterms.imports.services import store_upload
from tests.cast import Cast


def csv_bytes(rows: Sequence[Sequence[str]], *, bom: bool = False) -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(rows)
    return ("\ufeff" if bom else "").encode() + buffer.getvalue().encode("utf-8")


def xlsx_bytes(rows: Sequence[Sequence[object]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


PEOPLE_HEADER = ["first_name", "last_name", "date_of_birth", "home"]

#: A people file with rows of every outcome: add, unchanged (the cast's person), error.
MIXED_PEOPLE = [
    PEOPLE_HEADER,
    ["Dara", "Okafor", "1988-02-03", "own_tenancy"],
    ["Alexandra", "Fairweather", "1994-05-17", "own_tenancy"],
    ["Eve", "Lin", "31/02/1990", "with_family"],
]


def pending_people_import(
    cast: Cast, rows: Sequence[Sequence[str]] = MIXED_PEOPLE
) -> PendingImport:
    """A pending import of ``rows`` uploaded by the cast's administrator."""
    admin = cast.user("administrator")
    assert admin is not None
    return store_upload(actor=admin, kind="people", file_name="people.csv", content=csv_bytes(rows))
