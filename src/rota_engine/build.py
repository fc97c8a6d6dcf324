"""The model builder every rule module writes into.

``Builder`` owns the CP-SAT model, one Boolean per (shift, candidate worker), a few derived
literals created on demand (works on day d, works weekend w), and the named penalty terms.
Rule modules in ``rota_engine.rules`` each add constraints and penalties through it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from ortools.sat.python import cp_model

from rota_engine.eligibility import candidates
from rota_engine.model import Problem, Shift, elapsed_minutes

Lit = cp_model.IntVar
LinearExprT = cp_model.LinearExprT


def penalties_of(objective: float, scale: int) -> int:
    """The penalties part of a value of an objective that is ``scale`` times the penalties
    plus tie-breakers (which add less than ``scale``)."""
    return round(objective) // scale


@dataclass
class Term:
    """``coef * expr`` added to the objective under penalty ``name``; ``expr`` may be constant."""

    name: str
    coef: int
    expr: LinearExprT


@dataclass
class Builder:
    """Indexes of the problem plus the CP-SAT model being built."""

    problem: Problem
    model: cp_model.CpModel = field(default_factory=cp_model.CpModel)
    x: dict[tuple[int, int], Lit] = field(default_factory=dict)
    by_shift: list[list[int]] = field(default_factory=list)
    by_staff: list[list[int]] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)
    minutes: list[int] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)
    slack: dict[int, list[Lit]] = field(default_factory=dict)
    #: The places left empty on each shift with demand (the "uncovered" penalty's variables).
    uncovered: list[Lit] = field(default_factory=list)
    diagnose: bool = False
    #: Add the search's tie-breakers (``tie_break``) to the objective.
    tie_breaks: bool = False
    #: Expressions the search minimises below every penalty, each with its largest value.
    ties: list[tuple[LinearExprT, int]] = field(default_factory=list)
    #: The objective is ``scale`` times the penalties plus the tie-breakers (set by ``build``).
    scale: int = 1
    guards: dict[int, tuple[str, str, str, tuple[str, ...]]] = field(default_factory=dict)
    guard_lits: list[Lit] = field(default_factory=list)
    _day_lits: dict[tuple[int, int], Lit | int] = field(default_factory=dict)
    _staff_day: dict[tuple[int, int], list[int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        p = self.problem
        origin = p.day_start(0)
        self.minutes = [s.minutes for s in p.shifts]
        self.starts = [elapsed_minutes(origin, s.start) for s in p.shifts]
        self.ends = [elapsed_minutes(origin, s.end) for s in p.shifts]
        self.by_shift = candidates(p)
        self.by_staff = [[] for _ in p.staff]
        for j, staff_list in enumerate(self.by_shift):
            for i in staff_list:
                self.x[j, i] = self.model.new_bool_var(f"x_{j}_{i}")
                self.by_staff[i].append(j)
        for i, shifts in enumerate(self.by_staff):
            shifts.sort(key=lambda j: (self.starts[j], self.ends[j], j))
            days: dict[int, list[int]] = defaultdict(list)
            for j in shifts:
                days[p.shifts[j].day].append(j)
            for d, js in days.items():
                self._staff_day[i, d] = js

    @property
    def shifts(self) -> tuple[Shift, ...]:
        return self.problem.shifts

    def origin_minutes(self, when: datetime) -> int:
        """Minutes from the start of day 0 to an aware datetime."""
        return elapsed_minutes(self.problem.day_start(0), when)

    def staff_day_shifts(self, i: int, day: int) -> list[int]:
        """Shift indexes worker ``i`` could work on horizon day ``day``."""
        return self._staff_day.get((i, day), [])

    def works_day(self, i: int, day: int) -> Lit | int:
        """A literal true iff worker ``i`` works some shift on ``day`` (0 when impossible)."""
        key = (i, day)
        if key in self._day_lits:
            return self._day_lits[key]
        js = self.staff_day_shifts(i, day)
        lit: Lit | int
        if not js:
            lit = 0
        elif len(js) == 1:
            lit = self.x[js[0], i]
        else:
            lit = self.model.new_bool_var(f"w_{i}_{day}")
            xs = [self.x[j, i] for j in js]
            if self.problem.rules.max_shifts_per_day == 1:
                # At most one shift a day: the sum is itself 0/1, and equality is stronger.
                self.model.add(lit == cp_model.LinearExpr.sum(xs))
            else:
                self.model.add_max_equality(lit, xs)
        self._day_lits[key] = lit
        return lit

    def guard(
        self,
        ct: cp_model.Constraint,
        code: str,
        message: str,
        path: str,
        ids: tuple[str, ...],
    ) -> None:
        """Mark a hard constraint that bad input can make impossible.

        When diagnosing an infeasible problem, the constraint gets an enforcement literal that
        is assumed true; CP-SAT then names a set of such literals that cannot hold together.
        """
        if not self.diagnose:
            return
        lit = self.model.new_bool_var(f"guard_{len(self.guard_lits)}")
        ct.only_enforce_if(lit)
        self.guards[lit.index] = (code, message, path, ids)
        self.guard_lits.append(lit)

    def penalise(self, name: str, coef: int, expr: LinearExprT) -> None:
        """Add ``coef * expr`` to the objective under the penalty ``name``."""
        if coef:
            self.terms.append(Term(name, coef, expr))

    def tie_break(self, expr: LinearExprT, most: int) -> None:
        """Prefer rotas with a smaller ``expr`` (at most ``most``) among rotas of equal
        penalties; only when ``tie_breaks`` is set."""
        if self.tie_breaks:
            self.ties.append((expr, most))

    def penalties(self, objective: float) -> int:
        """The penalties part of a value of this model's objective."""
        return penalties_of(objective, self.scale)

    def new_or(self, lits: list[Lit], name: str) -> Lit | int:
        """A literal equal to the OR of ``lits`` (0 for none)."""
        if not lits:
            return 0
        if len(lits) == 1:
            return lits[0]
        v = self.model.new_bool_var(name)
        self.model.add_max_equality(v, lits)
        return v
