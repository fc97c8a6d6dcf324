"""Shift-on / shift-off requests of workers and the person's preferences between workers."""

from __future__ import annotations

from rota_engine.build import Builder
from rota_engine.model import ShiftRequest


def matching(b: Builder, i: int, request: ShiftRequest) -> list[int]:
    """Indexes of the shifts a request is about that worker ``i`` could work."""
    if request.shift_id is not None:
        return [j for j in b.by_staff[i] if b.shifts[j].id == request.shift_id]
    if request.day is None:
        return []
    return [
        j
        for j in b.staff_day_shifts(i, request.day)
        if request.type_code is None or b.shifts[j].type_code == request.type_code
    ]


def apply(b: Builder) -> None:
    p = b.problem
    scale = p.weights.request
    for i, staff in enumerate(p.staff):
        for n, request in enumerate(staff.requests):
            if request.weight <= 0:
                continue
            xs = [b.x[j, i] for j in matching(b, i, request)]
            if request.kind == "on":
                if len(xs) <= 1:
                    # Exactly one candidate (or none): unmet is 1 - x, a constant when none.
                    b.penalise("requests", scale * request.weight, 1 - sum(xs))
                else:
                    met = b.new_or(xs, f"on_{i}_{n}")
                    b.penalise("requests", scale * request.weight, 1 - met)
            elif xs:
                hit = b.new_or(xs, f"off_{i}_{n}")
                b.penalise("requests", scale * request.weight, hit)
    index = {s.id: i for i, s in enumerate(p.staff)}
    for j, shift in enumerate(p.shifts):
        for pref in shift.preferences:
            i = index.get(pref.staff_id, -1)
            v = b.x.get((j, i))
            if pref.weight > 0:
                b.penalise(
                    "preferences",
                    p.weights.preference * pref.weight,
                    1 - (v if v is not None else 0),
                )
            elif pref.weight < 0 and v is not None:
                b.penalise("preferences", -p.weights.preference * pref.weight, v)
