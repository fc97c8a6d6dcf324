"""Import the open UK postcode-centroid CSV for matching's travel distances.

    manage.py import_postcodes FILE.csv [--strict] [--no-locate]

Accepts the ONS Postcode Directory's columns (``pcds,lat,long``, other columns ignored) or a
plain ``postcode,latitude,longitude``. A malformed file (no such columns, not UTF-8, a line over
1,000 characters, broken CSV) imports nothing. Bad rows (not a postcode, a coordinate outside
the UK) are skipped and listed with their line numbers; ``--strict`` refuses the whole file
when any row is bad. Then applicants whose postcodes are now known get their coordinates
(audited), unless ``--no-locate``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ownterms.recruitment import postcodes


class Command(BaseCommand):
    help = "Import UK postcode centroids (ONS Postcode Directory or postcode,latitude,longitude)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="the CSV file")
        parser.add_argument(
            "--strict", action="store_true", help="refuse the whole file if any row is bad"
        )
        parser.add_argument(
            "--no-locate",
            action="store_true",
            help="do not fill applicants' coordinates afterwards",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file.")
        try:
            with path.open("rb") as raw:
                report = postcodes.import_centroids(raw, strict=options["strict"])
        except postcodes.MalformedFileError as error:
            raise CommandError(f"{path}: nothing imported. {error}") from None
        for line, problem in report.bad[: postcodes.MAX_REPORTED]:
            self.stderr.write(f"line {line}: {problem}")
        if len(report.bad) > postcodes.MAX_REPORTED:
            self.stderr.write(f"... and {len(report.bad) - postcodes.MAX_REPORTED} more bad rows")
        if report.refused:
            raise CommandError(f"{path}: nothing imported: {len(report.bad)} bad rows (--strict).")
        self.stdout.write(
            f"{path}: {report.rows} rows read; {report.added} postcodes added, "
            f"{report.updated} updated; {len(report.bad)} bad rows skipped; "
            f"{report.no_location} without a location skipped; "
            f"{report.repeated} repeated (the last row counts)."
        )
        if not options["no_locate"]:
            located = postcodes.locate_applicants()
            self.stdout.write(f"{located} applicants' locations filled from their postcodes.")
