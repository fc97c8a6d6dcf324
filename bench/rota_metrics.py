"""Quality measures of a rota for the benchmark tables: cover and continuity."""

from __future__ import annotations

from rota_engine.model import Problem, Solution


def covered_fraction(problem: Problem, solution: Solution) -> float:
    """Filled places over required places (headcount), counting no place twice."""
    need = {s.id: s.headcount for s in problem.shifts}
    have: dict[str, int] = {}
    for a in solution.assignments:
        have[a.shift_id] = have.get(a.shift_id, 0) + 1
    slots = sum(need.values())
    filled = sum(min(n, have.get(s, 0)) for s, n in need.items())
    return filled / slots if slots else 1.0


def continuity(problem: Problem, solution: Solution) -> float:
    """Mean number of different workers a person sees in a week (lower is better)."""
    shifts = {s.id: s for s in problem.shifts}
    faces: dict[tuple[str, int], set[str]] = {}
    for s in problem.shifts:
        if s.person_id is not None:
            faces.setdefault((s.person_id, s.day // 7), set())
    for a in solution.assignments:
        s = shifts[a.shift_id]
        if s.person_id is not None:
            faces[s.person_id, s.day // 7].add(a.staff_id)
    return sum(len(f) for f in faces.values()) / len(faces) if faces else 0.0
