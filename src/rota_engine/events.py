"""Repair events: turn a solved problem plus something that happened into a repair Problem.

Solve the result as usual: shifts starting before ``now`` keep their previous workers and
every other change costs ``Weights.changes``, so the new rota differs as little as possible.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from rota_engine.model import Interval, Problem, Shift, Solution


def repairing(problem: Problem, previous: Solution, now: datetime) -> Problem:
    """``problem`` in repair mode against ``previous``, with history before ``now`` locked."""
    return replace(problem, previous=previous.assignments, now=now)


def off_sick(
    problem: Problem, staff_id: str, start: datetime, end: datetime, reason: str = "sick"
) -> Problem:
    """The worker cannot work from ``start`` to ``end`` (added to their unavailability)."""
    staff = tuple(
        replace(s, unavailable=(*s.unavailable, Interval(start, end, reason)))
        if s.id == staff_id
        else s
        for s in problem.staff
    )
    if staff == problem.staff:
        raise KeyError(staff_id)
    return replace(problem, staff=staff)


def new_shift(problem: Problem, shift: Shift) -> Problem:
    """A shift added to the demand."""
    return replace(problem, shifts=(*problem.shifts, shift))


def shift_cancelled(problem: Problem, shift_id: str) -> Problem:
    """A shift removed from the demand (its previous assignments become changes)."""
    return replace(problem, shifts=tuple(s for s in problem.shifts if s.id != shift_id))
