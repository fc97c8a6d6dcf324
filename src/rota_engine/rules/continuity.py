"""Continuity: few different faces per person per week, and core team before relief."""

from __future__ import annotations

from collections import defaultdict

from rota_engine.build import Builder, Lit


def apply(b: Builder) -> None:
    p = b.problem
    w = p.weights
    by_person_week: dict[tuple[str, int], list[int]] = defaultdict(list)
    for j, shift in enumerate(p.shifts):
        if shift.person_id is None:
            continue
        if shift.day // 7 < p.weeks:  # full weeks only
            by_person_week[shift.person_id, shift.day // 7].append(j)
        if w.relief:
            for i in b.by_shift[j]:
                if shift.person_id not in p.staff[i].core_for:
                    b.penalise("relief", w.relief, b.x[j, i])
    if not w.continuity:
        return
    for (person, week), js in sorted(by_person_week.items()):
        used: list[Lit] = []
        staff_ids = sorted({i for j in js for i in b.by_shift[j]})
        for i in staff_ids:
            lits = [b.x[j, i] for j in js if (j, i) in b.x]
            lit = b.new_or(lits, f"face_{person}_{week}_{i}")
            if not isinstance(lit, int):
                used.append(lit)
        if len(used) > 1:
            extra = b.model.new_int_var(0, len(used) - 1, f"faces_{person}_{week}")
            b.model.add(extra >= sum(used) - 1)
            b.penalise("continuity", w.continuity, extra)
