"""Rest between working periods and the maximum length of one working period.

Shifts of one worker no more than ``period_merge_gap_minutes`` apart form one working period
(day -> sleep-in -> day). Between two *consecutive* worked shifts the gap is either a merge gap
or a rest of at least ``min_rest_minutes``. Two worked shifts with less than a full rest between
them can only be in one period, so their span is bounded by ``max_working_period_minutes``.
Only kinds in ``RuleSettings.working_time_kinds`` count. In ``compensatory`` mode the rest
threshold is ``min_compensatory_rest_minutes`` (the compensating rest itself is not modelled).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from ortools.sat.python import cp_model

from rota_engine.build import Builder


def apply(b: Builder) -> None:
    rules = b.problem.rules
    if rules.min_rest_minutes is None:
        return
    min_rest = rules.min_rest_minutes
    threshold = min_rest
    merge = rules.period_merge_gap_minutes
    max_period = rules.max_working_period_minutes
    kinds = set(rules.working_time_kinds)
    for i, all_js in enumerate(b.by_staff):
        # ``by_staff`` is sorted by start, so ``starts`` is too: ranges are found by bisection.
        js = [j for j in all_js if b.shifts[j].kind in kinds]
        starts = [b.starts[j] for j in js]
        off = {j: b.x[j, i].Not() for j in js}  # built once: thousands of clauses reuse them
        last = b.problem.staff[i].last_shift_end
        if last is not None:
            last_rel = b.origin_minutes(last)
            for j in js:
                if merge < b.starts[j] - last_rel < threshold:
                    b.model.add(b.x[j, i] == 0)
        if max_period is not None:
            _chains(b, i, js, starts, off, merge, max_period)
        for pos, a in enumerate(js):
            for c in js[pos + 1 :]:
                if b.starts[c] >= b.ends[a] + min_rest:
                    break
                gap = b.starts[c] - b.ends[a]
                if gap < 0:
                    continue  # overlapping: the overlap rule decides
                if max_period is not None and b.ends[c] - b.starts[a] > max_period:
                    b.model.add_bool_or([off[a], off[c]])
                    continue
                if merge < gap < threshold:
                    inside = js[bisect_left(starts, b.ends[a]) : bisect_right(starts, b.starts[c])]
                    between = [
                        b.x[k, i] for k in inside if b.ends[k] <= b.starts[c] and k not in (a, c)
                    ]
                    b.model.add_bool_or([off[a], off[c], *between])


def _chains(
    b: Builder,
    i: int,
    js: list[int],
    starts: list[int],
    off: dict[int, cp_model.BoolVarT],
    merge: int,
    max_period: int,
) -> None:
    """Forbid every minimal chain of back-to-back shifts longer than ``max_period``."""
    follows: dict[int, list[int]] = {
        j: js[bisect_left(starts, b.ends[j]) : bisect_right(starts, b.ends[j] + merge)] for j in js
    }
    # The latest end any chain from each shift can reach (follows only go forward in time):
    # a chain is extended only through shifts from which some chain can still be too long.
    reach: dict[int, int] = {}
    for j in reversed(js):
        reach[j] = max([b.ends[j], *(reach[k] for k in follows[j])])
    for first in js:
        limit = b.starts[first] + max_period
        if reach[first] <= limit:
            continue
        stack: list[list[int]] = [[first]]
        while stack:
            chain = stack.pop()
            span = b.ends[chain[-1]] - b.starts[first]
            if span > max_period:
                if len(chain) > 2:  # pairs are covered by the pairwise rule below
                    b.model.add_bool_or([off[j] for j in chain])
                elif len(chain) == 1:
                    b.model.add(b.x[first, i] == 0)
                continue
            stack.extend([*chain, k] for k in follows[chain[-1]] if reach[k] > limit)
