"""/api/v1/imports: the spreadsheet import for scripts — the same checks, services and
all-or-nothing rule as the import pages, for administrators. The file travels as base64 in
the JSON body; without ``commit`` nothing is saved."""

from __future__ import annotations

import base64
import binascii

from django.http import HttpRequest, HttpResponse
from ninja import Field, Router

from ownterms.accounts.models import Role
from ownterms.api.auth import actor
from ownterms.api.errors import envelope
from ownterms.api.schemas import ErrorOut, Strict
from ownterms.imports.files import MAX_FILE_BYTES
from ownterms.imports.forms import KINDS
from ownterms.imports.services import ImportResult, run_import
from ownterms.people.selectors import roles_of

router = Router(tags=["imports"])
ERRORS: dict[int, type[ErrorOut]] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class ImportIn(Strict):
    file_name: str = Field(max_length=200, description="Ends in .csv or .xlsx.")
    content_base64: str = Field(max_length=MAX_FILE_BYTES * 4 // 3 + 8)
    commit: bool = False


class CellErrorOut(Strict):
    column: str
    message: str


class RowOut(Strict):
    number: int
    action: str
    summary: str
    changes: list[str]
    errors: list[CellErrorOut]


class ImportOut(Strict):
    kind: str
    file_name: str
    committed: bool
    counts: dict[str, int]
    rows: list[RowOut]


def _out(result: ImportResult) -> ImportOut:
    return ImportOut(
        kind=result.kind.key,
        file_name=result.file_name,
        committed=result.committed,
        counts=result.counts,
        rows=[
            RowOut(
                number=row.number,
                action=row.action,
                summary=row.summary,
                changes=row.changes,
                errors=[CellErrorOut(column=e.column, message=e.message) for e in row.errors],
            )
            for row in result.rows
        ],
    )


@router.post(
    "/{kind}",
    response={200: ImportOut, **ERRORS},
    summary="Check (or, with commit, import) a CSV or XLSX file of one kind",
)
def import_file(request: HttpRequest, kind: str, payload: ImportIn) -> ImportOut | HttpResponse:
    user = actor(request)
    if Role.ADMINISTRATOR not in roles_of(user):
        return envelope(403, message="Only administrators can import.")
    if kind not in KINDS:
        return envelope(404)
    try:
        content = base64.b64decode(payload.content_base64, validate=True)
    except (binascii.Error, ValueError):
        return envelope(422, fields={"body.content_base64": ["This is not valid base64."]})
    result = run_import(
        actor=user, kind=kind, file_name=payload.file_name, content=content, commit=payload.commit
    )
    if result.problem:
        return envelope(422, code="invalid_file", fields={"body.content_base64": [result.problem]})
    if payload.commit and not result.committed:
        fields: dict[str, list[str]] = {}
        for row in result.rows:
            for error in row.errors:
                key = f"rows.{row.number}.{error.column or 'row'}"
                fields.setdefault(key, []).append(error.message)
        return envelope(
            422,
            code="import_invalid",
            message="Nothing was saved: some rows have errors.",
            fields=fields,
        )
    return _out(result)
