"""Hard rules about who may work which shift: cover limits, team, locks, skills, leave."""

from __future__ import annotations

from collections.abc import Iterator

from rota_engine.check._index import Index, Violation


def over_cover(ix: Index) -> Iterator[Violation]:
    """More workers than the headcount where over-cover is not allowed (``over_weight=None``)."""
    for shift in ix.problem.shifts:
        staff = ix.by_shift.get(shift.id, [])
        if shift.over_weight is None and len(staff) > shift.headcount:
            yield Violation(
                "over_cover",
                f"{shift.id} needs {shift.headcount} and has {len(staff)} workers",
                tuple(staff),
                (shift.id,),
            )


def eligibility(ix: Index) -> Iterator[Violation]:
    for shift in ix.problem.shifts:
        for staff_id in ix.by_shift.get(shift.id, []):
            if staff_id not in shift.eligible:
                yield Violation(
                    "eligibility",
                    f"{staff_id} is not in the team eligible for {shift.id}",
                    (staff_id,),
                    (shift.id,),
                )


def locked(ix: Index) -> Iterator[Violation]:
    for shift in ix.problem.shifts:
        for staff_id in shift.locked:
            if (shift.id, staff_id) not in ix.pairs:
                yield Violation(
                    "locked",
                    f"{staff_id} is locked to {shift.id} but not assigned",
                    (staff_id,),
                    (shift.id,),
                )


def locked_history(ix: Index) -> Iterator[Violation]:
    """Repair: shifts starting before ``now`` keep exactly the previous rota's workers."""
    problem = ix.problem
    if problem.previous is None or problem.now is None or not ix.rules.lock_before_now:
        return
    before: dict[str, set[str]] = {}
    for a in problem.previous:
        before.setdefault(a.shift_id, set()).add(a.staff_id)
    for shift in problem.shifts:
        if shift.start >= problem.now:
            continue
        was = before.get(shift.id, set())
        now = set(ix.by_shift.get(shift.id, []))
        if was != now:
            yield Violation(
                "locked_history",
                f"{shift.id} started before now and its workers changed "
                f"from {sorted(was)} to {sorted(now)}",
                tuple(sorted(was ^ now)),
                (shift.id,),
            )


def skills(ix: Index) -> Iterator[Violation]:
    """Skills valid on the shift's local start date.

    ``each``: every assigned worker holds every required skill. ``at_least_one``: when anyone
    is assigned, at least one of the assigned workers holds each required skill (an empty shift
    is reported as uncovered, not as a skill breach).
    """
    if not ix.rules.skills:
        return
    for shift in ix.problem.shifts:
        staff = ix.by_shift.get(shift.id, [])
        if not shift.required_skills or not staff:
            continue
        on = ix.local_date(shift.start)
        for skill in shift.required_skills:
            holders = [s for s in staff if ix.staff[s].has_skill(skill, on)]
            if shift.skill_mode == "each":
                for staff_id in sorted(set(staff) - set(holders)):
                    yield Violation(
                        "skill",
                        f"{staff_id} has no {skill} valid on {on} for {shift.id}",
                        (staff_id,),
                        (shift.id,),
                    )
            elif not holders:
                yield Violation(
                    "skill",
                    f"nobody assigned to {shift.id} has {skill} valid on {on}",
                    tuple(staff),
                    (shift.id,),
                )


def availability(ix: Index) -> Iterator[Violation]:
    """Leave and unavailability (overlap of at least a minute), and fixed days off."""
    for staff_id, shifts in ix.by_staff.items():
        member = ix.staff[staff_id]
        days_off = set(member.days_off)
        for shift in shifts:
            if shift.day in days_off:
                yield Violation(
                    "day_off",
                    f"{staff_id} works {shift.id} on day off {shift.day}",
                    (staff_id,),
                    (shift.id,),
                )
            for gap in member.unavailable:
                if shift.start < gap.end and gap.start < shift.end:
                    yield Violation(
                        "unavailable",
                        f"{staff_id} works {shift.id} during {gap.reason} "
                        f"({gap.start.isoformat()} to {gap.end.isoformat()})",
                        (staff_id,),
                        (shift.id,),
                    )
