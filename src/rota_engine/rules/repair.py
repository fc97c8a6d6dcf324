"""Repair mode: keep history before ``now`` and change as few assignments as possible."""

from __future__ import annotations

from rota_engine.build import Builder


def apply(b: Builder) -> None:
    p = b.problem
    if p.previous is None:
        return
    previous = {(a.shift_id, a.staff_id) for a in p.previous}
    # Previous assignments that can no longer exist (worker now unavailable, shift removed)
    # are changes whatever the search does.
    kept = {(b.shifts[j].id, b.problem.staff[i].id) for j, i in b.x}
    b.penalise("changes", p.weights.changes, len(previous - kept))
    now = b.origin_minutes(p.now) if p.now is not None else None
    for (j, i), v in b.x.items():
        was = (p.shifts[j].id, p.staff[i].id) in previous
        if now is not None and p.rules.lock_before_now and b.starts[j] < now:
            b.model.add(v == int(was))
            continue
        b.penalise("changes", p.weights.changes, (1 - v) if was else v)
        b.model.add_hint(v, int(was))
