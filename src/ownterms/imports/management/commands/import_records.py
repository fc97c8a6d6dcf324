"""``manage.py import_records KIND FILE --actor EMAIL [--commit]``: the import page's checks
and outcome in a terminal. Without ``--commit`` it only checks (nothing is saved)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ownterms.accounts.models import Role, User
from ownterms.imports.files import MAX_FILE_BYTES
from ownterms.imports.forms import KINDS
from ownterms.imports.services import ImportResult, run_import
from ownterms.people.selectors import roles_of


def describe(result: ImportResult) -> list[str]:
    """The outcome in lines of text: one per row, then the totals."""
    lines: list[str] = []
    if result.problem:
        return [f"The file can't be imported: {result.problem}"]
    for row in result.rows:
        line = f"row {row.number}: {row.action}"
        if row.summary:
            line += f" — {row.summary}"
        if row.changes:
            line += f" (changes: {', '.join(row.changes)})"
        lines.append(line)
        lines.extend(
            f"    {error.column + ': ' if error.column else ''}{error.message}"
            for error in row.errors
        )
    counts = result.counts
    lines.append(
        f"{counts['create']} to add, {counts['update']} to change, "
        f"{counts['skip']} unchanged, {counts['error']} with errors"
    )
    return lines


class Command(BaseCommand):
    help = "Check (and with --commit, import) people, staff, teams, skills or training."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=sorted(KINDS))
        parser.add_argument("file", help="A .csv (UTF-8) or .xlsx file.")
        parser.add_argument(
            "--actor", required=True, help="Email of the administrator the import is done as."
        )
        parser.add_argument("--commit", action="store_true", help="Save if every row is valid.")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = User.objects.filter(email__iexact=options["actor"], is_active=True).first()
        if actor is None or Role.ADMINISTRATOR not in roles_of(actor):
            raise CommandError("--actor must be the email of an active administrator.")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No file at {path}.")
        if path.stat().st_size > MAX_FILE_BYTES:
            raise CommandError(
                f"The file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB; split it."
            )
        result = run_import(
            actor=actor,
            kind=options["kind"],
            file_name=path.name,
            content=path.read_bytes(),
            commit=options["commit"],
        )
        for line in describe(result):
            self.stdout.write(line)
        if result.has_errors:
            raise CommandError("Nothing was saved: correct the errors above and try again.")
        if result.committed:
            self.stdout.write(self.style.SUCCESS("Imported."))
        else:
            self.stdout.write("Checked only; nothing saved. Add --commit to import.")
