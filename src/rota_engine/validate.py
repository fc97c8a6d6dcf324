"""Structural validation of a Problem: every error names the place in the input."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from rota_engine.model import SHIFT_KINDS, InputError, Problem, Shift, Staff


def _aware(value: datetime) -> bool:
    return value.tzinfo is not None and value.utcoffset() is not None


def _nonneg(errors: list[InputError], path: str, value: int | None, ids: tuple[str, ...]) -> None:
    if value is not None and value < 0:
        errors.append(InputError("negative", f"must not be negative, found {value}", path, ids))


def validate(problem: Problem) -> list[InputError]:
    """All structural errors (empty when the problem is well formed)."""
    errors: list[InputError] = []
    if problem.days < 1:
        errors.append(InputError("bad_horizon", "the horizon needs at least one day", "days"))
    try:
        ZoneInfo(problem.tz)
    except (ZoneInfoNotFoundError, ValueError):
        errors.append(InputError("bad_timezone", f"unknown time zone {problem.tz!r}", "tz"))
        return errors
    staff_ids: set[str] = set()
    for i, staff in enumerate(problem.staff):
        if staff.id in staff_ids or not staff.id:
            errors.append(
                InputError(
                    "duplicate_id",
                    f"staff id {staff.id!r} is empty or repeated",
                    f"staff[{i}].id",
                    (staff.id,),
                )
            )
        staff_ids.add(staff.id)
        _staff(errors, problem, i, staff)
    shift_ids: set[str] = set()
    for j, shift in enumerate(problem.shifts):
        if shift.id in shift_ids or not shift.id:
            errors.append(
                InputError(
                    "duplicate_id",
                    f"shift id {shift.id!r} is empty or repeated",
                    f"shifts[{j}].id",
                    (shift.id,),
                )
            )
        shift_ids.add(shift.id)
        _shift(errors, problem, j, shift, staff_ids)
    for i, staff in enumerate(problem.staff):
        for k, req in enumerate(staff.requests):
            if req.shift_id is not None and req.shift_id not in shift_ids:
                errors.append(
                    InputError(
                        "unknown_shift",
                        f"unknown shift {req.shift_id!r}",
                        f"staff[{i}].requests[{k}].shift_id",
                        (staff.id, req.shift_id),
                    )
                )
    for k, (first, then) in enumerate(problem.rules.forbidden_successions):
        if not first or not then:
            errors.append(
                InputError(
                    "bad_succession",
                    "a forbidden succession needs two type codes",
                    f"rules.forbidden_successions[{k}]",
                )
            )
    for name, value in vars(problem.weights).items():
        _nonneg(errors, f"weights.{name}", value, ())
    if problem.now is not None and not _aware(problem.now):
        errors.append(InputError("naive_datetime", "needs a time zone offset", "now"))
    return errors


def _staff(errors: list[InputError], problem: Problem, i: int, staff: Staff) -> None:
    ids = (staff.id,)
    base = f"staff[{i}]"
    for name in (
        "min_minutes_per_week", "target_minutes_per_week", "max_minutes_per_week",
        "min_minutes_horizon", "max_minutes_horizon", "max_sleep_ins_per_week",
        "max_consecutive_days", "min_consecutive_days", "min_consecutive_days_off",
        "worked_days_before", "max_weekends", "history_minutes", "history_days",
    ):  # fmt: skip
        _nonneg(errors, f"{base}.{name}", getattr(staff, name), ids)
    for lo, hi in (
        ("min_minutes_per_week", "max_minutes_per_week"),
        ("min_minutes_horizon", "max_minutes_horizon"),
    ):
        low, high = getattr(staff, lo), getattr(staff, hi)
        if low is not None and high is not None and low > high:
            errors.append(
                InputError("min_above_max", f"{lo} {low} exceeds {hi} {high}", f"{base}.{lo}", ids)
            )
    for field_name in ("max_shifts_per_type", "max_shifts_per_kind"):
        for key, value in getattr(staff, field_name).items():
            _nonneg(errors, f"{base}.{field_name}.{key}", value, ids)
    for k, day in enumerate(staff.days_off):
        if not 0 <= day < problem.days:
            errors.append(
                InputError(
                    "day_out_of_range",
                    f"day {day} is outside the horizon",
                    f"{base}.days_off[{k}]",
                    ids,
                )
            )
    for k, interval in enumerate(staff.unavailable):
        path = f"{base}.unavailable[{k}]"
        if not (_aware(interval.start) and _aware(interval.end)):
            errors.append(InputError("naive_datetime", "needs a time zone offset", path, ids))
        elif interval.end <= interval.start:
            errors.append(InputError("end_before_start", "ends before it starts", path, ids))
    for k, req in enumerate(staff.requests):
        path = f"{base}.requests[{k}]"
        if req.kind not in ("on", "off"):
            errors.append(
                InputError(
                    "bad_value", f"kind must be on or off, found {req.kind!r}", f"{path}.kind", ids
                )
            )
        _nonneg(errors, f"{path}.weight", req.weight, ids)
        if req.shift_id is None and req.day is None:
            errors.append(InputError("bad_request", "needs a shift_id or a day", path, ids))
        if req.day is not None and not 0 <= req.day < problem.days:
            errors.append(
                InputError(
                    "day_out_of_range", f"day {req.day} is outside the horizon", f"{path}.day", ids
                )
            )
    if staff.last_shift_end is not None and not _aware(staff.last_shift_end):
        errors.append(
            InputError("naive_datetime", "needs a time zone offset", f"{base}.last_shift_end", ids)
        )


def _shift(
    errors: list[InputError], problem: Problem, j: int, shift: Shift, staff_ids: set[str]
) -> None:
    ids = (shift.id,)
    base = f"shifts[{j}]"
    if not (_aware(shift.start) and _aware(shift.end)):
        errors.append(
            InputError("naive_datetime", "start and end need a time zone offset", base, ids)
        )
    elif shift.end <= shift.start:
        errors.append(
            InputError("end_before_start", "the shift ends before it starts", f"{base}.end", ids)
        )
    if not 0 <= shift.day < problem.days:
        errors.append(
            InputError(
                "day_out_of_range", f"day {shift.day} is outside the horizon", f"{base}.day", ids
            )
        )
    if shift.kind not in SHIFT_KINDS:
        errors.append(InputError("bad_value", f"unknown kind {shift.kind!r}", f"{base}.kind", ids))
    if shift.skill_mode not in ("each", "at_least_one"):
        errors.append(
            InputError(
                "bad_value", f"unknown skill mode {shift.skill_mode!r}", f"{base}.skill_mode", ids
            )
        )
    _nonneg(errors, f"{base}.headcount", shift.headcount, ids)
    _nonneg(errors, f"{base}.under_weight", shift.under_weight, ids)
    _nonneg(errors, f"{base}.over_weight", shift.over_weight, ids)
    for field_name in ("eligible", "locked"):
        for k, sid in enumerate(getattr(shift, field_name)):
            if sid not in staff_ids:
                errors.append(
                    InputError(
                        "unknown_staff",
                        f"unknown staff {sid!r}",
                        f"{base}.{field_name}[{k}]",
                        (shift.id, sid),
                    )
                )
    for k, pref in enumerate(shift.preferences):
        if pref.staff_id not in staff_ids:
            errors.append(
                InputError(
                    "unknown_staff",
                    f"unknown staff {pref.staff_id!r}",
                    f"{base}.preferences[{k}].staff_id",
                    (shift.id,),
                )
            )
    if len(shift.locked) > shift.headcount and shift.over_weight is None:
        errors.append(
            InputError(
                "too_many_locked", "more locked workers than the headcount", f"{base}.locked", ids
            )
        )
