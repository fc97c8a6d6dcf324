"""UK postcodes for travel distances (issue 6): normalising, districts, great-circle distances,
the open postcode-centroid table (``PostcodeCentroid``) and filling applicants' coordinates.

The table is public open data (the ONS Postcode Directory, or a plain
``postcode,latitude,longitude`` CSV), imported with ``manage.py import_postcodes FILE.csv``.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO

from django.db import transaction
from django.db.models import Avg
from django.utils.translation import gettext as _

from ownterms.audit.services import field_changes, record_change
from ownterms.recruitment.matching import distance_km as _distance_km
from ownterms.recruitment.models import Applicant, PostcodeCentroid

#: A full UK postcode without spaces: outward code (A9, A99, A9A, AA9, AA99, AA9A) and inward
#: code (9AA).
FULL = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")
DISTRICT = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")

#: Latitude and longitude a UK (with the Channel Islands and the Isle of Man) centroid lies in.
LATITUDE_RANGE = (49.0, 61.0)
LONGITUDE_RANGE = (-8.7, 2.0)
#: The ONS Postcode Directory's "no grid reference" latitude: such rows are skipped, not bad.
ONS_NO_LOCATION = 99.999999

#: A line longer than this makes the file malformed (nothing is imported).
MAX_LINE_CHARS = 1000
BATCH_SIZE = 2000
#: Bad rows reported one by one, at most (then "and N more").
MAX_REPORTED = 50

HEADERS: tuple[tuple[str, str, str], ...] = (
    ("pcds", "lat", "long"),
    ("postcode", "latitude", "longitude"),
)


class InvalidPostcodeError(ValueError):
    pass


def normalise(value: str) -> str:
    """ "ls62ab" → "LS6 2AB"; raises ``InvalidPostcodeError`` for anything else."""
    compact = "".join(value.split()).upper()
    found = FULL.match(compact)
    if not found:
        raise InvalidPostcodeError(value)
    return f"{found.group(1)} {found.group(2)}"


def normalised_or_blank(value: str) -> str:
    try:
        return normalise(value)
    except InvalidPostcodeError:
        return ""


def district_of(value: str) -> str:
    """The district (outward code) of a full postcode or of a district: "ls6 2ab" → "LS6";
    "" when it is neither."""
    compact = "".join(value.split()).upper()
    found = FULL.match(compact)
    if found:
        return found.group(1)
    return compact if DISTRICT.match(compact) else ""


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    return _distance_km(lat1, lon1, lat2, lon2)


def centroid_of(postcode: str) -> tuple[float, float] | None:
    """(latitude, longitude) of the postcode's centre, when it is in the table."""
    found = centroids_of([postcode])
    return next(iter(found.values()), None)


def centroids_of(postcodes: Iterable[str]) -> dict[str, tuple[float, float]]:
    """Normalised postcode → (latitude, longitude), for those in the table (one query)."""
    wanted = {p for p in (normalised_or_blank(v) for v in postcodes) if p}
    if not wanted:
        return {}
    return {
        row.postcode: (row.latitude, row.longitude)
        for row in PostcodeCentroid.objects.filter(postcode__in=wanted)
    }


def district_centroids(districts: Iterable[str]) -> dict[str, tuple[float, float]]:
    """District → the mean (latitude, longitude) of its postcodes in the table (one query):
    the middle of a district, for someone whose postcode we do not hold (staff)."""
    wanted = {d for d in (district_of(v) for v in districts) if d}
    if not wanted:
        return {}
    return {
        row["district"]: (row["latitude"], row["longitude"])
        for row in PostcodeCentroid.objects.filter(district__in=wanted)
        .values("district")
        .annotate(latitude=Avg("latitude"), longitude=Avg("longitude"))
        .order_by()
    }


def locate(applicant: Applicant) -> bool:
    """Sets the applicant's coordinates (and home area, when blank) from their postcode, in
    memory; the caller saves it inside its own audited change. Returns whether they changed.
    Coordinates are cleared when the postcode is not in the table."""
    point = centroid_of(applicant.postcode) if applicant.postcode else None
    latitude, longitude = point if point is not None else (None, None)
    changed = (applicant.latitude, applicant.longitude) != (latitude, longitude)
    applicant.latitude, applicant.longitude = latitude, longitude
    district = district_of(applicant.postcode)
    if district and not applicant.home_area:
        applicant.home_area = district
        changed = True
    return changed


def locate_applicants(*, organisation_id: int | None = None) -> int:
    """Fills the coordinates of every applicant (of one organisation, or all) whose postcode is
    in the table and whose coordinates differ; each change audited. Returns how many changed."""
    found = Applicant.objects.exclude(postcode="")
    if organisation_id is not None:
        found = found.filter(organisation_id=organisation_id)
    applicants = list(found.select_related("organisation"))
    centroids = centroids_of(a.postcode for a in applicants)
    changed = 0
    with transaction.atomic():
        for applicant in applicants:
            point = centroids.get(normalised_or_blank(applicant.postcode))
            if point is None or (applicant.latitude, applicant.longitude) == point:
                continue
            before = {"latitude": applicant.latitude, "longitude": applicant.longitude}
            applicant.latitude, applicant.longitude = point
            applicant.save(update_fields=["latitude", "longitude"])
            record_change(
                actor=None,
                organisation=applicant.organisation,
                action="recruitment.applicant.located",
                obj=applicant,
                person=None,
                changes=field_changes(
                    before, {"latitude": applicant.latitude, "longitude": applicant.longitude}
                ),
            )
            changed += 1
    return changed


# -- The importer --------------------------------------------------------------------------------


class MalformedFileError(ValueError):
    """The file as a whole cannot be read: nothing is imported."""


@dataclass
class ImportReport:
    rows: int = 0
    added: int = 0
    updated: int = 0
    #: Rows the ONS marks as having no location (skipped, not errors).
    no_location: int = 0
    #: Postcodes given more than once (the last row counts).
    repeated: int = 0
    #: (line number, what is wrong), in file order.
    bad: list[tuple[int, str]] = field(default_factory=list)
    refused: bool = False

    @property
    def imported(self) -> int:
        return self.added + self.updated


def _lines(handle: IO[str]) -> Iterator[str]:
    """The file's lines, refusing one longer than ``MAX_LINE_CHARS`` (without reading all of
    it)."""
    number = 0
    while True:
        line = handle.readline(MAX_LINE_CHARS + 2)
        if not line:
            return
        number += 1
        if len(line.rstrip("\r\n")) > MAX_LINE_CHARS:
            raise MalformedFileError(
                _("Line %(line)s is longer than %(limit)s characters: this is not a postcode file.")
                % {"line": number, "limit": MAX_LINE_CHARS}
            )
        yield line


def _columns(header: list[str]) -> tuple[int, int, int]:
    names = [h.strip().casefold() for h in header]
    for wanted in HEADERS:
        if all(name in names for name in wanted):
            postcode, lat, lon = (names.index(name) for name in wanted)
            return postcode, lat, lon
    raise MalformedFileError(
        _(
            "The first line must name the columns: pcds, lat and long (ONS Postcode Directory) "
            "or postcode, latitude and longitude. It has: %(found)s."
        )
        % {"found": ", ".join(h.strip() for h in header)[:200] or _("nothing")}
    )


def _coordinate(text: str, name: str, bounds: tuple[float, float]) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ValueError(
            _("%(name)s %(value)s is not a number") % {"name": name, "value": repr(text[:40])}
        ) from None
    if not bounds[0] <= value <= bounds[1]:
        raise ValueError(
            _("%(name)s %(value)s is outside the UK (%(low)s to %(high)s)")
            % {"name": name, "value": text[:40], "low": bounds[0], "high": bounds[1]}
        )
    return value


def parse(handle: IO[str]) -> tuple[dict[str, tuple[float, float]], ImportReport]:
    """Reads the whole file: the good rows (postcode → point) and the report. Raises
    ``MalformedFileError`` when the file as a whole is unreadable."""
    report = ImportReport()
    reader = csv.reader(_lines(handle), strict=True)
    try:
        header = next(reader, None)
        if header is None:
            raise MalformedFileError(_("The file is empty."))
        columns = _columns(header)
        width = max(columns) + 1
        points: dict[str, tuple[float, float]] = {}
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            report.rows += 1
            if len(row) < width:
                report.bad.append((line, _("too few columns")))
                continue
            raw_postcode, raw_lat, raw_lon = (row[i].strip() for i in columns)
            try:
                postcode = normalise(raw_postcode)
            except InvalidPostcodeError:
                report.bad.append(
                    (line, _("%(value)s is not a UK postcode") % {"value": repr(raw_postcode[:20])})
                )
                continue
            try:
                if raw_lat and float(raw_lat) == ONS_NO_LOCATION:
                    report.no_location += 1
                    continue
            except ValueError:
                pass
            try:
                lat = _coordinate(raw_lat, _("latitude"), LATITUDE_RANGE)
                lon = _coordinate(raw_lon, _("longitude"), LONGITUDE_RANGE)
            except ValueError as error:
                report.bad.append((line, f"{postcode}: {error}"))
                continue
            if postcode in points:
                report.repeated += 1
            points[postcode] = (lat, lon)
    except csv.Error as error:
        raise MalformedFileError(
            _("Line %(line)s cannot be read as CSV: %(error)s")
            % {"line": reader.line_num, "error": error}
        ) from None
    return points, report


def import_centroids(raw: IO[bytes], *, strict: bool = False) -> ImportReport:
    """Imports a postcode-centroid CSV, all or nothing: a malformed file raises
    ``MalformedFileError`` and nothing changes; bad rows are skipped and listed (with ``strict``,
    any bad row refuses the whole file). Upserts in batches inside one transaction."""
    try:
        handle = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        points, report = parse(handle)
    except UnicodeDecodeError:
        raise MalformedFileError(_("The file is not UTF-8 text: is it a CSV file?")) from None
    if strict and report.bad:
        report.refused = True
        return report
    ordered = sorted(points.items())
    with transaction.atomic():
        for start in range(0, len(ordered), BATCH_SIZE):
            batch = ordered[start : start + BATCH_SIZE]
            existing = set(
                PostcodeCentroid.objects.filter(
                    postcode__in=[postcode for postcode, _point in batch]
                ).values_list("postcode", flat=True)
            )
            PostcodeCentroid.objects.bulk_create(
                [
                    PostcodeCentroid(
                        postcode=postcode,
                        district=district_of(postcode),
                        latitude=lat,
                        longitude=lon,
                    )
                    for postcode, (lat, lon) in batch
                ],
                update_conflicts=True,
                unique_fields=["postcode"],
                update_fields=["district", "latitude", "longitude"],
            )
            report.updated += len(existing)
            report.added += len(batch) - len(existing)
    return report
