"""Reading an uploaded CSV or XLSX file into rows of text, and writing the templates.

Hostile files are refused with one clear message: too large, too many rows, not UTF-8, not a
real XLSX (or one that unpacks to something enormous), missing or unknown columns, no rows.
Formulas in an XLSX are read as the text of the formula and never evaluated (openpyxl is asked
for formulas, not cached values); the row forms then refuse text that starts like a formula.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from ownterms.imports.forms import ImportKind

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2_000
#: An XLSX is a ZIP: refuse one that unpacks to more than this (a "zip bomb").
MAX_UNPACKED_BYTES = 40 * 1024 * 1024
MAX_CELL_CHARS = 2_000
FORMATS = ("csv", "xlsx")


class FileProblemError(Exception):
    """The file as a whole can't be read; the message says why and what to do."""


@dataclass(frozen=True)
class SheetRow:
    #: The row's number in the spreadsheet (the header is row 1).
    number: int
    cells: dict[str, str]


def format_of(file_name: str) -> str:
    suffix = file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    if suffix not in FORMATS:
        raise FileProblemError(_("Upload a .csv or .xlsx file."))
    return suffix


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _csv_lines(content: bytes) -> list[list[str]]:
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileProblemError(
            _("The file is UTF-16 text. Save it as 'CSV UTF-8' and upload it again.")
        )
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileProblemError(
            _(
                "The file isn't UTF-8 text. In your spreadsheet choose 'Save as' → "
                "'CSV UTF-8' and upload it again."
            )
        ) from None
    try:
        return list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        raise FileProblemError(
            _("The CSV file can't be read: %(error)s") % {"error": error}
        ) from None


def _xlsx_lines(content: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
                raise FileProblemError(_("The spreadsheet is too large once unpacked."))
        # data_only=False: a formula is read as its text, never as a computed value.
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except FileProblemError:
        raise
    except Exception:  # openpyxl raises many kinds for a file that isn't a workbook
        raise FileProblemError(
            _("The file isn't a valid .xlsx workbook. Save it from your spreadsheet as .xlsx.")
        ) from None
    try:
        sheet = book.worksheets[0]
        lines: list[list[str]] = []
        for values in sheet.iter_rows(values_only=True):
            lines.append([_text(value) for value in values])
            if len(lines) > MAX_ROWS + 1:
                break
    finally:
        book.close()
    return lines


def read_rows(kind: ImportKind, file_name: str, content: bytes) -> list[SheetRow]:
    """The file's rows as text keyed by column, checked against ``kind``'s columns."""
    if not content:
        raise FileProblemError(_("The file is empty."))
    if len(content) > MAX_FILE_BYTES:
        raise FileProblemError(
            _("The file is larger than %(limit)s MB; split it into smaller files.")
            % {"limit": MAX_FILE_BYTES // (1024 * 1024)}
        )
    lines = _xlsx_lines(content) if format_of(file_name) == "xlsx" else _csv_lines(content)
    lines = [line for line in lines if any(cell.strip() for cell in line)]
    if not lines:
        raise FileProblemError(_("The file is empty."))
    header = [" ".join(cell.split()).lower().replace(" ", "_") for cell in lines[0]]
    while header and not header[-1]:
        header.pop()
    _check_header(kind, header)
    body = lines[1:]
    if not body:
        raise FileProblemError(_("The file has a header row but no rows below it."))
    if len(body) > MAX_ROWS:
        raise FileProblemError(
            _("The file has more than %(limit)s rows; split it into smaller files.")
            % {"limit": f"{MAX_ROWS:,}"}
        )
    rows = []
    for index, line in enumerate(body, start=2):
        extra = [cell for cell in line[len(header) :] if cell.strip()]
        if extra:
            raise FileProblemError(
                _("Row %(row)s has more cells than the header has columns.") % {"row": index}
            )
        cells = {name: (line[i].strip() if i < len(line) else "") for i, name in enumerate(header)}
        if any(len(value) > MAX_CELL_CHARS for value in cells.values()):
            raise FileProblemError(_("Row %(row)s has a cell that is too long.") % {"row": index})
        rows.append(SheetRow(number=index, cells=cells))
    return rows


def _check_header(kind: ImportKind, header: Sequence[str]) -> None:
    known = kind.column_names
    duplicates = sorted({name for name in header if header.count(name) > 1})
    if duplicates:
        raise FileProblemError(
            _("These columns appear twice: %(names)s.") % {"names": ", ".join(duplicates)}
        )
    if "" in header:
        raise FileProblemError(_("A column has no name in the first row."))
    unknown = [name for name in header if name not in known]
    if unknown:
        raise FileProblemError(
            _("Unknown columns: %(unknown)s. The columns are: %(known)s.")
            % {"unknown": ", ".join(unknown), "known": ", ".join(known)}
        )
    required = [column.name for column in kind.columns if column.required]
    missing = [name for name in required if name not in header]
    if missing:
        raise FileProblemError(_("Missing columns: %(missing)s.") % {"missing": ", ".join(missing)})


def template_csv(kind: ImportKind) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(kind.column_names)
    writer.writerow([column.example for column in kind.columns])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def template_xlsx(kind: ImportKind) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = str(kind.label)[:31]
    sheet.append(list(kind.column_names))
    sheet.append([column.example for column in kind.columns])
    for cells in _columns(sheet, len(kind.columns)):
        for cell in cells:
            cell.number_format = "@"  # type: ignore[attr-defined]  # text, no guessing
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _columns(sheet: object, count: int) -> Iterable[Sequence[object]]:
    return sheet.iter_cols(min_col=1, max_col=count, min_row=1, max_row=200)  # type: ignore[attr-defined, no-any-return]
