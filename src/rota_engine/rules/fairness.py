"""Fairness: sleep-ins, weekends worked and waking nights spread evenly.

One group per term: the staff eligible (``Shift.eligible``) for at least one such shift; the
penalty is the spread (max - min) of their counts.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from rota_engine.build import Builder
from rota_engine.model import ShiftKind
from rota_engine.rules.weekends import weekend_lits


def _spread(
    b: Builder, name: str, weight: int, counts: list[cp_model.LinearExprT], top: int
) -> None:
    if len(counts) < 2:
        return
    hi = b.model.new_int_var(0, top, f"{name}_hi")
    lo = b.model.new_int_var(0, top, f"{name}_lo")
    for count in counts:
        b.model.add(hi >= count)
        b.model.add(lo <= count)
    b.penalise("fairness", weight, hi - lo)


def _staff_for(b: Builder, pick: list[int]) -> list[int]:
    index = {s.id: i for i, s in enumerate(b.problem.staff)}
    return sorted({index[e] for j in pick for e in b.shifts[j].eligible if e in index})


def _kind(b: Builder, name: str, weight: int, kind: ShiftKind) -> None:
    js = [j for j, s in enumerate(b.shifts) if s.kind == kind]
    counts: list[cp_model.LinearExprT] = [
        sum(b.x[j, i] for j in js if (j, i) in b.x) for i in _staff_for(b, js)
    ]
    _spread(b, name, weight, counts, len(js))


def apply(b: Builder) -> None:
    w = b.problem.weights
    if w.fairness_sleep_ins:
        _kind(b, "fair_sleep", w.fairness_sleep_ins, "sleep_in")
    if w.fairness_nights:
        _kind(b, "fair_night", w.fairness_nights, "waking_night")
    if w.fairness_weekends:
        js = [j for j, s in enumerate(b.shifts) if b.problem.is_weekend_day(s.day)]
        counts: list[cp_model.LinearExprT] = [sum(weekend_lits(b, i)) for i in _staff_for(b, js)]
        _spread(b, "fair_weekend", w.fairness_weekends, counts, b.problem.days // 7 + 1)
