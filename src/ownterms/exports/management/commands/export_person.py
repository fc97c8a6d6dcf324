"""``manage.py export_person <public_id> --out DIR``: writes record.json and record.pdf."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ownterms.accounts.models import User
from ownterms.exports.selectors import ExportTooLargeError
from ownterms.exports.services import export_person
from ownterms.people.models import Person


class Command(BaseCommand):
    help = "Export everything held about one person (subject access): JSON and PDF."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("public_id", help="The person's public id (a UUID).")
        parser.add_argument("--out", required=True, help="The folder to write into.")
        parser.add_argument(
            "--actor",
            default="",
            help="Email of the user the export is recorded against (default: System).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            key = uuid.UUID(options["public_id"])
        except ValueError:
            raise CommandError("The public id must be a UUID.") from None
        person = Person.objects.filter(public_id=key).first()
        if person is None:
            raise CommandError("No person has that public id.")
        actor = None
        if options["actor"]:
            actor = User.objects.filter(email__iexact=options["actor"]).first()
            if actor is None or actor.organisation_id != person.organisation_id:
                raise CommandError("No user with that email in the person's organisation.")
        out = Path(options["out"])
        out.mkdir(parents=True, exist_ok=True)
        try:
            export = export_person(actor=actor, person=person, basis="command")
        except ExportTooLargeError as error:
            raise CommandError(str(error)) from None
        (out / "record.json").write_bytes(export.record_json)
        (out / "record.pdf").write_bytes(export.record_pdf)
        self.stdout.write(f"Wrote {out / 'record.json'} and {out / 'record.pdf'}")
