"""Cover: each shift wants ``headcount`` workers; shortfall and surplus are penalised slack.

Also enforces locked assignments and the "at least one of the pair" skill mode (mode "each"
is enforced by candidate filtering in ``rota_engine.eligibility``).
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from rota_engine.build import Builder


def apply(b: Builder) -> None:
    p = b.problem
    index = {s.id: i for i, s in enumerate(p.staff)}
    for j, shift in enumerate(p.shifts):
        xs = [b.x[j, i] for i in b.by_shift[j]]
        assigned = sum(xs)
        under_w = p.weights.uncovered if shift.under_weight is None else shift.under_weight
        # One equality (assigned + under - over = headcount) propagates better than bounds.
        terms: list[cp_model.IntVar] = list(xs)
        coeffs = [1] * len(xs)
        if shift.headcount > 0:
            under = b.model.new_int_var(0, shift.headcount, f"under_{j}")
            b.penalise("uncovered", under_w, under)
            b.slack.setdefault(j, []).append(under)
            b.uncovered.append(under)
            terms.append(under)
            coeffs.append(1)
        if shift.over_weight is not None and len(xs) > shift.headcount:
            over = b.model.new_int_var(0, len(xs) - shift.headcount, f"over_{j}")
            b.penalise("over_cover", shift.over_weight, over)
            b.slack.setdefault(j, []).append(over)
            terms.append(over)
            coeffs.append(-1)
        if terms:
            b.model.add(cp_model.LinearExpr.weighted_sum(terms, coeffs) == shift.headcount)
        for k, sid in enumerate(shift.locked):
            i = index.get(sid)
            if i is None or (j, i) not in b.x:
                continue  # reported by explain.input_errors before building
            ct = b.model.add(b.x[j, i] == 1)
            b.guard(
                ct,
                "locked_conflict",
                f"shift {shift.id!r} locks {sid!r}, which breaks another hard rule",
                f"shifts[{j}].locked[{k}]",
                (shift.id, sid),
            )
        if p.rules.skills and shift.skill_mode == "at_least_one" and xs:
            on = shift.start.astimezone(p.zone).date()
            for skill in shift.required_skills:
                skilled = [b.x[j, i] for i in b.by_shift[j] if p.staff[i].has_skill(skill, on)]
                # Nobody skilled assigned means nobody assigned at all.
                b.model.add(assigned <= len(xs) * sum(skilled))
