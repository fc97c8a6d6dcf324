"""Split a Problem into independent parts: connected components of shared staff.

Two shifts belong together when some worker could work both (both list them in ``eligible``,
``locked``, a preference, or the previous rota), and all the shifts of one person belong
together (continuity counts per person and week). A worker belongs with every shift they could
work and every shift their requests name, so every staff-level rule (rest, 48 h average,
contract bands, runs, weekends, requests) sees the whole of that worker's possible rota inside
one part. Staff with no possible shift at all form one extra part together.

The only term of the objective that still spans parts is fairness: the model and the checker
take one group per term across the whole problem, while each part spreads its own staff's
sleep-ins, nights and weekends (fairness across each team, as the domain asks).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from rota_engine.model import Assignment, Problem


@dataclass(frozen=True)
class Part:
    """One independent sub-problem: ``problem`` holds only its staff and shifts (in the order
    of the whole problem). ``size`` is the number of (shift, listed worker) pairs, a proxy for
    the model's size."""

    index: int
    problem: Problem
    size: int

    @property
    def staff_ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.problem.staff)

    @property
    def shift_ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.problem.shifts)


class _Union:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, a: str) -> str:
        parent = self.parent
        parent.setdefault(a, a)
        root = a
        while parent[root] != root:
            root = parent[root]
        while parent[a] != root:
            parent[a], a = root, parent[a]
        return root

    def join(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # The smaller key becomes the root: the partition does not depend on input order.
            if rb < ra:
                ra, rb = rb, ra
            self.parent[rb] = ra


def _shift_staff(problem: Problem) -> dict[str, set[str]]:
    """Every worker each shift mentions (eligible, locked, preferences, previous rota)."""
    known = {s.id for s in problem.staff}
    mentioned: dict[str, set[str]] = {}
    for shift in problem.shifts:
        ids = {*shift.eligible, *shift.locked, *(p.staff_id for p in shift.preferences)}
        mentioned[shift.id] = {sid for sid in ids if sid in known}
    for a in problem.previous or ():
        if a.shift_id in mentioned and a.staff_id in known:
            mentioned[a.shift_id].add(a.staff_id)
    return mentioned


def partition(problem: Problem) -> list[Part]:
    """The independent parts of ``problem``, largest first (ties by first shift id).

    Nodes are ``"t:" + shift id`` and ``"s:" + staff id``; ids are assumed valid (run
    ``rota_engine.validate`` first).
    """
    union = _Union()
    mentioned = _shift_staff(problem)
    shift_ids = {s.id for s in problem.shifts}
    person_first: dict[str, str] = {}
    for shift in problem.shifts:
        node = "t:" + shift.id
        union.find(node)
        for sid in mentioned[shift.id]:
            union.join(node, "s:" + sid)
        if shift.person_id is not None:
            first = person_first.setdefault(shift.person_id, node)
            union.join(first, node)
    idle = "s:"  # one root for all staff with no possible shift
    for member in problem.staff:
        node = "s:" + member.id
        union.find(node)
        for request in member.requests:
            if request.shift_id is not None and request.shift_id in shift_ids:
                union.join(node, "t:" + request.shift_id)
    has_shift = {union.find("t:" + s.id) for s in problem.shifts}
    for member in problem.staff:
        node = "s:" + member.id
        if union.find(node) not in has_shift:
            union.join(idle, node)

    staff_groups: dict[str, list[int]] = {}
    for i, member in enumerate(problem.staff):
        staff_groups.setdefault(union.find("s:" + member.id), []).append(i)
    shift_groups: dict[str, list[int]] = {}
    for j, shift in enumerate(problem.shifts):
        shift_groups.setdefault(union.find("t:" + shift.id), []).append(j)

    roots = sorted(set(staff_groups) | set(shift_groups))
    previous = problem.previous
    group_of_shift = {problem.shifts[j].id: root for root, js in shift_groups.items() for j in js}
    group_of_staff = {problem.staff[i].id: root for root, idx in staff_groups.items() for i in idx}
    prev_by_root: dict[str, list[Assignment]] = {}
    if previous is not None:
        for a in previous:
            root = group_of_shift.get(a.shift_id) or group_of_staff.get(a.staff_id) or roots[0]
            prev_by_root.setdefault(root, []).append(a)

    parts: list[tuple[int, str, Problem]] = []
    for root in roots:
        js = shift_groups.get(root, [])
        idx = staff_groups.get(root, [])
        shifts = tuple(problem.shifts[j] for j in js)
        sub = replace(
            problem,
            staff=tuple(problem.staff[i] for i in idx),
            shifts=shifts,
            previous=None if previous is None else tuple(prev_by_root.get(root, ())),
            name=f"{problem.name}#{len(parts)}" if problem.name else f"part{len(parts)}",
        )
        size = sum(max(1, len(mentioned[s.id])) for s in shifts) + len(idx)
        parts.append((size, shifts[0].id if shifts else "", sub))
    parts.sort(key=lambda p: (-p[0], p[1]))
    return [
        Part(k, replace(sub, name=f"{problem.name or 'part'}#{k}"), size)
        for k, (size, _, sub) in enumerate(parts)
    ]


def merge_assignments(parts: list[tuple[Assignment, ...]]) -> tuple[Assignment, ...]:
    """All parts' assignments in the order ``solve`` uses: by (shift id, staff id)."""
    return tuple(
        sorted((a for part in parts for a in part), key=lambda a: (a.shift_id, a.staff_id))
    )
