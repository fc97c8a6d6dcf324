"""Parse the Curtois & Qu (2014) staff-rostering text format into frozen dataclasses.

The format (see ``bench/curtois/README.md`` in the shared folder) is a sequence of sections,
each introduced by a ``SECTION_*`` line; ``#`` starts a comment; rows are comma-separated.
This module only reads and validates the text; turning an instance into the engine's own
``Problem`` is a separate step.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

SECTIONS: tuple[str, ...] = (
    "SECTION_HORIZON",
    "SECTION_SHIFTS",
    "SECTION_STAFF",
    "SECTION_DAYS_OFF",
    "SECTION_SHIFT_ON_REQUESTS",
    "SECTION_SHIFT_OFF_REQUESTS",
    "SECTION_COVER",
)


class CurtoisFormatError(ValueError):
    """A Curtois instance file that cannot be read; the message names the section and line."""

    def __init__(self, message: str, *, section: str | None = None, line: int | None = None):
        place = []
        if section is not None:
            place.append(section)
        if line is not None:
            place.append(f"line {line}")
        prefix = ", ".join(place)
        super().__init__(f"{prefix}: {message}" if prefix else message)
        self.section = section
        self.line = line


@dataclass(frozen=True)
class CurtoisShift:
    id: str
    minutes: int
    forbidden_next: tuple[str, ...]


@dataclass(frozen=True)
class CurtoisStaff:
    id: str
    max_shifts: tuple[tuple[str, int], ...]  # (shift id, limit) for every shift type, file order
    max_total_minutes: int
    min_total_minutes: int
    max_consecutive_shifts: int
    min_consecutive_shifts: int
    min_consecutive_days_off: int
    max_weekends: int

    def max_shifts_of(self, shift_id: str) -> int:
        return dict(self.max_shifts)[shift_id]


@dataclass(frozen=True)
class CurtoisRequest:
    staff_id: str
    day: int
    shift_id: str
    weight: int


@dataclass(frozen=True)
class CurtoisCover:
    day: int
    shift_id: str
    requirement: int
    weight_under: int
    weight_over: int


@dataclass(frozen=True)
class CurtoisInstance:
    days: int
    shifts: tuple[CurtoisShift, ...]
    staff: tuple[CurtoisStaff, ...]
    days_off: tuple[tuple[str, tuple[int, ...]], ...]  # (staff id, fixed days off)
    shift_on_requests: tuple[CurtoisRequest, ...]
    shift_off_requests: tuple[CurtoisRequest, ...]
    cover: tuple[CurtoisCover, ...]

    @property
    def weeks(self) -> int:
        return self.days // 7

    def days_off_of(self, staff_id: str) -> tuple[int, ...]:
        return dict(self.days_off).get(staff_id, ())


@dataclass(frozen=True)
class _Row:
    line: int
    fields: tuple[str, ...]


def _split_sections(text: str) -> dict[str, list[_Row]]:
    sections: dict[str, list[_Row]] = {}
    current: str | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("SECTION_"):
            if line not in SECTIONS:
                raise CurtoisFormatError(f"unknown section {line!r}", line=number)
            if line in sections:
                raise CurtoisFormatError("section appears twice", section=line, line=number)
            current = line
            sections[current] = []
            continue
        if current is None:
            raise CurtoisFormatError(
                f"data before the first section: {line!r}", section=None, line=number
            )
        sections[current].append(_Row(number, tuple(f.strip() for f in line.split(","))))
    for name in SECTIONS:
        if name not in sections:
            raise CurtoisFormatError("missing section", section=name)
    return sections


class _Reader:
    """Field conversion with the section and line in every error."""

    def __init__(self, section: str) -> None:
        self.section = section

    def fail(self, row: _Row, message: str) -> CurtoisFormatError:
        return CurtoisFormatError(message, section=self.section, line=row.line)

    def columns(self, row: _Row, count: int, name: str) -> None:
        if len(row.fields) != count:
            raise self.fail(row, f"expected {count} columns ({name}), found {len(row.fields)}")

    def integer(self, row: _Row, value: str, what: str, *, minimum: int = 0) -> int:
        try:
            number = int(value)
        except ValueError:
            raise self.fail(row, f"{what} must be an integer, found {value!r}") from None
        if number < minimum:
            raise self.fail(row, f"{what} must be at least {minimum}, found {number}")
        return number

    def day(self, row: _Row, value: str, days: int) -> int:
        day = self.integer(row, value, "day")
        if day >= days:
            raise self.fail(row, f"day {day} is outside the horizon of {days} days")
        return day

    def known(self, row: _Row, value: str, known: set[str] | dict[str, object], what: str) -> str:
        if value not in known:
            raise self.fail(row, f"unknown {what} {value!r}")
        return value


def _horizon(rows: list[_Row]) -> int:
    reader = _Reader("SECTION_HORIZON")
    if len(rows) != 1:
        line = rows[1].line if len(rows) > 1 else None
        raise CurtoisFormatError(
            f"expected one row (days in the horizon), found {len(rows)}",
            section=reader.section,
            line=line,
        )
    row = rows[0]
    reader.columns(row, 1, "days")
    days = reader.integer(row, row.fields[0], "horizon", minimum=1)
    if days % 7:
        raise reader.fail(row, f"horizon must be a multiple of 7 days, found {days}")
    return days


def _ids(text: str) -> Iterator[str]:
    return (part.strip() for part in text.split("|") if part.strip())


def _shifts(rows: list[_Row]) -> tuple[CurtoisShift, ...]:
    reader = _Reader("SECTION_SHIFTS")
    if not rows:
        raise CurtoisFormatError("no shift types", section=reader.section)
    raw: list[tuple[_Row, str, int, tuple[str, ...]]] = []
    seen: set[str] = set()
    for row in rows:
        reader.columns(row, 3, "ShiftID, LengthMinutes, ForbiddenNext")
        shift_id = row.fields[0]
        if not shift_id:
            raise reader.fail(row, "empty shift id")
        if shift_id in seen:
            raise reader.fail(row, f"shift id {shift_id!r} appears twice")
        seen.add(shift_id)
        minutes = reader.integer(row, row.fields[1], "shift length", minimum=1)
        raw.append((row, shift_id, minutes, tuple(_ids(row.fields[2]))))
    shifts = []
    for row, shift_id, minutes, forbidden in raw:
        for other in forbidden:
            reader.known(row, other, seen, "shift id in ForbiddenNext")
        shifts.append(CurtoisShift(shift_id, minutes, forbidden))
    return tuple(shifts)


def _staff(rows: list[_Row], shift_order: list[str]) -> tuple[CurtoisStaff, ...]:
    shift_ids = set(shift_order)
    reader = _Reader("SECTION_STAFF")
    staff: list[CurtoisStaff] = []
    seen: set[str] = set()
    for row in rows:
        reader.columns(
            row,
            8,
            "ID, MaxShifts, MaxTotalMinutes, MinTotalMinutes, MaxConsecutiveShifts, "
            "MinConsecutiveShifts, MinConsecutiveDaysOff, MaxWeekends",
        )
        staff_id = row.fields[0]
        if not staff_id:
            raise reader.fail(row, "empty employee id")
        if staff_id in seen:
            raise reader.fail(row, f"employee {staff_id!r} appears twice")
        seen.add(staff_id)
        limits: dict[str, int] = {}
        for part in _ids(row.fields[1]):
            shift_id, sep, limit = part.partition("=")
            if not sep:
                raise reader.fail(row, f"MaxShifts entry {part!r} is not ShiftID=limit")
            reader.known(row, shift_id.strip(), shift_ids, "shift id in MaxShifts")
            if shift_id.strip() in limits:
                raise reader.fail(row, f"MaxShifts lists shift {shift_id.strip()!r} twice")
            limits[shift_id.strip()] = reader.integer(row, limit.strip(), "MaxShifts limit")
        # Shift types the file leaves out are treated as forbidden (limit 0).
        max_shifts = tuple((s, limits.get(s, 0)) for s in shift_order)
        values = [
            reader.integer(row, v, name)
            for v, name in zip(row.fields[2:], _STAFF_INTS, strict=True)
        ]
        if values[1] > values[0]:
            raise reader.fail(
                row, f"MinTotalMinutes {values[1]} exceeds MaxTotalMinutes {values[0]}"
            )
        staff.append(CurtoisStaff(staff_id, max_shifts, *values))
    if not staff:
        raise CurtoisFormatError("no employees", section=reader.section)
    return tuple(staff)


_STAFF_INTS = (
    "MaxTotalMinutes",
    "MinTotalMinutes",
    "MaxConsecutiveShifts",
    "MinConsecutiveShifts",
    "MinConsecutiveDaysOff",
    "MaxWeekends",
)


def _days_off(
    rows: list[_Row], staff_ids: set[str], days: int
) -> tuple[tuple[str, tuple[int, ...]], ...]:
    reader = _Reader("SECTION_DAYS_OFF")
    result: dict[str, set[int]] = {}
    for row in rows:
        if len(row.fields) < 1 or not row.fields[0]:
            raise reader.fail(row, "expected EmployeeID, day, day, ...")
        staff_id = reader.known(row, row.fields[0], staff_ids, "employee")
        result.setdefault(staff_id, set()).update(
            reader.day(row, v, days) for v in row.fields[1:] if v
        )
    return tuple((s, tuple(sorted(d))) for s, d in result.items())


def _requests(
    section: str, rows: list[_Row], staff_ids: set[str], shift_ids: set[str], days: int
) -> tuple[CurtoisRequest, ...]:
    reader = _Reader(section)
    requests = []
    for row in rows:
        reader.columns(row, 4, "EmployeeID, Day, ShiftID, Weight")
        requests.append(
            CurtoisRequest(
                reader.known(row, row.fields[0], staff_ids, "employee"),
                reader.day(row, row.fields[1], days),
                reader.known(row, row.fields[2], shift_ids, "shift id"),
                reader.integer(row, row.fields[3], "weight"),
            )
        )
    return tuple(requests)


def _cover(rows: list[_Row], shift_ids: set[str], days: int) -> tuple[CurtoisCover, ...]:
    reader = _Reader("SECTION_COVER")
    cover = []
    seen: set[tuple[int, str]] = set()
    for row in rows:
        reader.columns(row, 5, "Day, ShiftID, Requirement, WeightUnder, WeightOver")
        day = reader.day(row, row.fields[0], days)
        shift_id = reader.known(row, row.fields[1], shift_ids, "shift id")
        if (day, shift_id) in seen:
            raise reader.fail(row, f"cover for day {day} shift {shift_id!r} appears twice")
        seen.add((day, shift_id))
        cover.append(
            CurtoisCover(
                day,
                shift_id,
                reader.integer(row, row.fields[2], "requirement"),
                reader.integer(row, row.fields[3], "weight for under"),
                reader.integer(row, row.fields[4], "weight for over"),
            )
        )
    return tuple(cover)


def parse_curtois(text: str) -> CurtoisInstance:
    """Read one instance; raise ``CurtoisFormatError`` naming the section and line on bad input."""
    sections = _split_sections(text)
    days = _horizon(sections["SECTION_HORIZON"])
    shifts = _shifts(sections["SECTION_SHIFTS"])
    shift_ids = {s.id for s in shifts}
    staff = _staff(sections["SECTION_STAFF"], [s.id for s in shifts])
    staff_ids = {s.id for s in staff}
    return CurtoisInstance(
        days=days,
        shifts=shifts,
        staff=staff,
        days_off=_days_off(sections["SECTION_DAYS_OFF"], staff_ids, days),
        shift_on_requests=_requests(
            "SECTION_SHIFT_ON_REQUESTS",
            sections["SECTION_SHIFT_ON_REQUESTS"],
            staff_ids,
            shift_ids,
            days,
        ),
        shift_off_requests=_requests(
            "SECTION_SHIFT_OFF_REQUESTS",
            sections["SECTION_SHIFT_OFF_REQUESTS"],
            staff_ids,
            shift_ids,
            days,
        ),
        cover=_cover(sections["SECTION_COVER"], shift_ids, days),
    )
