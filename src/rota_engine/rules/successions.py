"""Forbidden successions: type ``a`` on day d followed by type ``b`` on day d + 1."""

from __future__ import annotations

from collections import defaultdict

from rota_engine.build import Builder


def apply(b: Builder) -> None:
    pairs = b.problem.rules.forbidden_successions
    if not pairs:
        return
    before: dict[str | None, set[str]] = defaultdict(set)
    for first, then in pairs:
        before[then].add(first)
    # Frozen, so a day's work for one set is reused by every shift type with an equal set.
    forbidden = {then: frozenset(firsts) for then, firsts in before.items()}
    one_a_day = b.problem.rules.max_shifts_per_day == 1
    codes = [s.type_code for s in b.shifts]
    for i in range(len(b.problem.staff)):
        days = sorted({b.shifts[j].day for j in b.by_staff[i]})
        for d in days:
            today = b.staff_day_shifts(i, d)
            bad_after: dict[frozenset[str], tuple[int, ...]] = {}
            # Tomorrow's shifts grouped by the set of today's shifts they may not follow.
            groups: dict[tuple[int, ...], list[int]] = defaultdict(list)
            for c in b.staff_day_shifts(i, d + 1):
                firsts = forbidden.get(codes[c])
                if firsts is None:
                    continue
                bad = bad_after.get(firsts)
                if bad is None:
                    bad = bad_after[firsts] = tuple(a for a in today if codes[a] in firsts)
                if bad:
                    groups[bad].append(c)
            for bad, following in groups.items():
                if one_a_day:
                    # Each day's shifts exclude each other, so one clique covers the whole
                    # group: at most one of (a bad shift today, a following shift tomorrow).
                    b.model.add_at_most_one([b.x[a, i] for a in (*bad, *following)])
                else:
                    for a in bad:
                        for c in following:
                            b.model.add_bool_or([b.x[a, i].Not(), b.x[c, i].Not()])
