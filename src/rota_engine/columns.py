"""Column generation: the rota as one whole rota per worker, chosen by a linear programme.

When only cover ties workers together (``subproblem.separable``), a rota is a choice of one
legal rota per worker, and its objective is what each worker's own rota costs (requests,
hours...) plus the cover slack they leave between them. The linear relaxation of that choice
over *every* legal worker rota is far tighter than CP-SAT's relaxation of the assignment
model: on Curtois Instance5 it is 1140.6 (optimum 1143), where CP-SAT's full model, 8 threads
for 300 s, proved 1083 and stopped at 1148 (docs/engine.md).

The linear programme (GLOP) starts from the current rota's worker rotas. Each round gives every
shift's cover a price (its dual value); a CP-SAT model of one worker alone (every rule of that
worker) finds the rota that costs that worker least against those prices, and it joins the
programme when it would lower it, with every rota that search passed on its way that would
too (the programme then needs half the rounds: Curtois Instance8 28 instead of 50). With no
such rota left the programme is at its optimum: the lower bound. A dive then fixes the worker
rotas the programme leans on (as many at a time as it takes to reach every worker in the time
left), prices again and repeats, until every worker has one: a rota for the neighbourhood
search to start from. When dive after dive ends no better, ``choose`` recombines every rota
found instead (CP-SAT over one rota per worker). On a small team with a gap left, ``branch``
searches below the best rota by branch-and-price, and proves it optimal when nothing is below.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence, Set
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from functools import cached_property
from itertools import repeat

from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

from rota_engine.build import Builder
from rota_engine.day_pricer import DayPricer, Priced
from rota_engine.model import Problem
from rota_engine.rules import build
from rota_engine.solver import make_solver, solve_fixed

# Prices are scaled to integers for CP-SAT: 1/SCALE of a penalty unit at most per shift.
SCALE = 10_000
# Deterministic effort of pricing one worker: quick rounds first, which find most rotas worth
# adding; a thorough round when they find none, which may also prove the programme's optimum.
QUICK_DETERMINISTIC = 0.02
THOROUGH_DETERMINISTIC = 0.5
# A dive fixes every worker rota the programme takes at least this much of (and the one it
# takes most of, when none), and more when at one a time it would not reach every worker in
# PACE of the time left.
FIX_AT = 0.9
PACE = 0.8
# The programme typically reaches its optimum in EXPECTED_ROUNDS rounds of pricing (Curtois
# Instance5: 14, Instance8: 28, Instance12: 23, Instance14: 38). After TRIAL_ROUNDS the dive
# gives up unless that many rounds would take at most ROOT_SHARE of its time, and whenever
# ROOT_SHARE is gone, or ROOT_ROUNDS have passed, before the programme's optimum (Instance18,
# 84 days: 175 rounds in 112 s on 2 cores and still short of it).
EXPECTED_ROUNDS, TRIAL_ROUNDS, ROOT_SHARE = 30, 5, 0.6
ROOT_ROUNDS = 4 * EXPECTED_ROUNDS
# Rounds of pricing between two dive fixes at most (the first fix waits for the optimum), and
# how close the programme's value must come to its lower bound to fix sooner.
DIVE_ROUNDS = 8
CLOSE_ENOUGH = 0.5
# Dives at most: while time allows another like the last, the programme dives again with
# the rotas the dives before it priced (Curtois Instance6: 20 dives in 50 s, their rotas
# from 1952 to 2159; Instance8: 1511, 1511, 1406...), until STALE_DIVES in a row end no
# better than the best: the rest of the time is then better spent choosing among every rota
# found (``choose``; Instance5: 1144 or 1143 where every dive ends at 1146).
DIVES = 20
STALE_DIVES = 3
# Deterministic effort of choosing among the rotas found for workers the dive did not reach.
FINISH_DETERMINISTIC = 1.0


@dataclass(frozen=True)
class Result:
    """The dive's rota (``None`` when time ran out first), its objective, the programme's
    lower bound on the objective (``None`` unless proved) and the deterministic time spent."""

    pairs: tuple[tuple[int, int], ...] | None
    objective: int | None
    bound: int | None
    deterministic_time: float
    # Every rota found for each worker, with what it costs the worker, and whether the dives
    # stopped because they no longer found better rotas.
    rotas: tuple[dict[frozenset[int], int], ...] = ()
    stale: bool = False


class _Pricer:
    """One worker alone: finds that worker's cheapest rota against the cover prices, by the
    walk through the days (``day_pricer``) when it follows the worker's rules, else (and to
    prove it when limits on shift types make the walk's answer uncertain) by CP-SAT."""

    def __init__(self, b: Builder, i: int) -> None:
        self.builder, self.i = b, i
        self.days = DayPricer.of(b, i)
        self.last: frozenset[int] = frozenset()

    @cached_property
    def _alone(self) -> _Alone:
        return _Alone(self.builder, self.i)

    def price(self, prices: list[float], seed: int, effort: float) -> Priced:
        """This worker's cheapest rota against ``prices`` (by shift index): the walk's when it
        is proved cheapest, else the cheaper of it and CP-SAT's in ``effort`` deterministic
        seconds, starting from the last one found."""
        if self.days is None:
            priced = self._alone.price(prices, seed, effort, self.last)
        else:
            walk = self.days.price(prices, thorough=effort >= THOROUGH_DETERMINISTIC)
            if walk.shifts is not None:
                self.last = walk.shifts
            if walk.exact:
                return walk
            priced = _cheaper(self._alone.price(prices, seed, effort, self.last), walk, prices)
        if priced.shifts is not None:
            self.last = priced.shifts
        return priced

    def cost(self, shifts: Set[int]) -> int | None:
        """What this worker's own rota ``shifts`` costs (``None``: it breaks a rule)."""
        if self.days is not None:
            return self.days.cost(shifts)
        return self._alone.cost(shifts)


def _cheaper(one: Priced, other: Priced, prices: list[float]) -> Priced:
    """The cheaper rota of two pricings of one worker, with everything both found."""

    def cost(p: Priced) -> float:
        return math.inf if p.shifts is None else _priced(p.shifts, p.own, prices)

    first, second = (one, other) if cost(one) <= cost(other) else (other, one)
    return replace(
        first,
        least=max(one.least, other.least),
        deterministic_time=one.deterministic_time + other.deterministic_time,
        found=(*first.found, *second.found)
        + (((second.shifts, second.own),) if second.shifts is not None else ()),
    )


def _priced(shifts: frozenset[int], own: int, prices: list[float]) -> float:
    """What a worker's rota costs against the cover prices: its own cost less its shifts'."""
    return own - sum(prices[j] for j in shifts)


class _Alone:
    """A CP-SAT model of one worker alone, their cover priced."""

    def __init__(self, b: Builder, i: int) -> None:
        p = b.problem
        sid = p.staff[i].id
        self.shifts = list(b.by_staff[i])
        alone = tuple(
            replace(
                p.shifts[j],
                eligible=(sid,),
                headcount=0,
                under_weight=0,
                over_weight=0,
                locked=tuple(s for s in p.shifts[j].locked if s == sid),
            )
            for j in self.shifts
        )
        part = build(Builder(replace(p, staff=(p.staff[i],), shifts=alone)), SCALE)
        self.model = part.model
        self.xs = [part.x[k, 0].index for k in range(len(self.shifts))]
        objective = self.model.proto.objective
        self.base = dict(zip(objective.vars, objective.coeffs, strict=True))
        # The rounding of prices moves the priced cost by at most half a unit per shift.
        self.rounding = len(self.shifts) * 0.5 / SCALE

    def price(self, prices: list[float], seed: int, effort: float, last: frozenset[int]) -> Priced:
        """The cheapest rota against ``prices`` in ``effort`` deterministic seconds, starting
        from ``last``."""
        coeffs = dict(self.base)
        for j, idx in zip(self.shifts, self.xs, strict=True):
            coeffs[idx] = coeffs.get(idx, 0) - round(SCALE * prices[j])
        objective = self.model.proto.objective
        objective.vars.clear()
        objective.coeffs.clear()
        objective.vars.extend(list(coeffs))
        objective.coeffs.extend(list(coeffs.values()))
        hint = self.model.proto.solution_hint
        hint.vars.clear()
        hint.values.clear()
        hint.vars.extend(self.xs)
        hint.values.extend([int(j in last) for j in self.shifts])
        solver = make_solver(seed=seed, workers=1, deterministic_time=effort)
        seen = _Seen()
        status = solver.solve(self.model, seen)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return Priced(None, 0, -math.inf, solver.deterministic_time)
        values = solver.response_proto.solution
        least = solver.best_objective_bound / SCALE - self.rounding
        found = tuple((self._shifts(v), self._own(v)) for v in seen.solutions[:-1])
        return Priced(
            self._shifts(values), self._own(values), least, solver.deterministic_time, found
        )

    def _shifts(self, values: Sequence[int]) -> frozenset[int]:
        return frozenset(j for j, idx in zip(self.shifts, self.xs, strict=True) if values[idx])

    def cost(self, shifts: Set[int]) -> int | None:
        """What the rota ``shifts`` costs the worker (``None``: it breaks a rule)."""
        fixed = {idx: int(j in shifts) for j, idx in zip(self.shifts, self.xs, strict=True)}
        solver = solve_fixed(self.model, fixed)
        if solver is None:
            return None
        return self._own(solver.response_proto.solution)

    def _own(self, values: Sequence[int]) -> int:
        offset = int(self.model.proto.objective.offset)
        total: int = sum(c * values[v] for v, c in self.base.items()) + offset
        return total // SCALE


class _Seen(cp_model.CpSolverSolutionCallback):
    """Every solution of a search, in the order found."""

    def __init__(self) -> None:
        super().__init__()
        self.solutions: list[list[int]] = []

    def on_solution_callback(self) -> None:
        self.solutions.append(list(self.response_proto.solution))


class _Master:
    """The linear programme over the worker rotas found so far."""

    def __init__(self, b: Builder) -> None:
        p = b.problem
        self.problem = p
        self.lp = pywraplp.Solver.CreateSolver("GLOP")
        self.objective = self.lp.Objective()
        self.cover = []
        for shift, (under, _) in zip(p.shifts, slack_costs(p), strict=True):
            h = shift.headcount
            # assigned + under - over = headcount; with no over-cover weight, no more than it.
            ct = self.lp.Constraint(h if h > 0 else -self.lp.infinity(), h)
            if h > 0:
                ct.SetCoefficient(self._var(under), 1)
            if shift.over_weight is not None:
                ct.SetCoefficient(self._var(shift.over_weight), -1)
            self.cover.append(ct)
        self.one = [self.lp.Constraint(1, 1) for _ in p.staff]
        self.columns: list[dict[frozenset[int], tuple[int, pywraplp.Variable]]] = [
            {} for _ in p.staff
        ]
        self.fixed: set[int] = set()
        self.objective.SetMinimization()

    def _var(self, cost: int) -> pywraplp.Variable:
        v = self.lp.NumVar(0, self.lp.infinity(), "")
        self.objective.SetCoefficient(v, cost)
        return v

    def add(self, i: int, shifts: frozenset[int], cost: int) -> bool:
        """Add worker ``i``'s rota ``shifts`` (unless known) to the programme."""
        if shifts in self.columns[i]:
            return False
        v = self._var(cost)
        self.one[i].SetCoefficient(v, 1)
        for j in shifts:
            self.cover[j].SetCoefficient(v, 1)
        self.columns[i][shifts] = cost, v
        return True

    def _optimal(self) -> bool:
        """Solve the programme. After many dives GLOP's presolve can end in numerical trouble
        (Curtois Instance5, the fifth dive); it then solves once more without it."""
        if self.lp.Solve() == pywraplp.Solver.OPTIMAL:
            return True
        self.lp.SetSolverSpecificParametersAsString("use_preprocessing: false")
        solved = self.lp.Solve() == pywraplp.Solver.OPTIMAL
        self.lp.SetSolverSpecificParametersAsString("")
        return bool(solved)

    def solve(self) -> tuple[float, list[float], list[float]] | None:
        """The programme's value, each shift's cover price and each worker's dual value."""
        if not self._optimal():
            return None
        return (
            self.objective.Value(),
            [ct.dual_value() for ct in self.cover],
            [ct.dual_value() for ct in self.one],
        )

    def fix_leaning(self, least: int) -> bool:
        """Fix every free worker's rota taken at least ``FIX_AT``, and at least ``least`` of
        them, those taken most; ``False`` when the programme has no optimum."""
        if not self._optimal():
            return False
        taken = [
            (v.solution_value(), i, v)
            for i, columns in enumerate(self.columns)
            if i not in self.fixed
            for _, v in columns.values()
        ]
        taken.sort(key=lambda t: -t[0])
        for x, i, v in taken:
            if least <= 0 and x < FIX_AT:
                break
            if i not in self.fixed:
                v.SetLb(1)
                self.fixed.add(i)
                least -= 1
        return True

    def release(self) -> None:
        """Free every fixed worker rota."""
        for i in self.fixed:
            for _, v in self.columns[i].values():
                v.SetLb(0)
        self.fixed.clear()

    def finish(self, seed: int, workers: int) -> list[frozenset[int]] | None:
        """One rota per worker: the fixed ones, and for the others the choice among their rotas
        so far that scores best (CP-SAT, ``FINISH_DETERMINISTIC``), starting from those the
        programme takes most; those when CP-SAT finds no choice in its budget (its presolve
        alone can take it, with thousands of rotas). ``None`` when no choice found keeps the
        cover's hard limits."""
        if len(self.fixed) == len(self.columns):
            return [next(s for s, (_, v) in c.items() if v.lb() >= 1) for c in self.columns]
        leaning = self._optimal()
        options = [
            {
                shifts: cost
                for shifts, (cost, v) in columns.items()
                if i not in self.fixed or v.lb() >= 1
            }
            for i, columns in enumerate(self.columns)
        ]
        mosts = [self._most(i, rotas) for i, rotas in enumerate(options)]
        solver = make_solver(seed=seed, workers=workers, deterministic_time=FINISH_DETERMINISTIC)
        choice = _choose(self.problem, options, mosts if leaning else None, solver)
        if choice is not None:
            return choice
        count = _on_shift(mosts, len(self.cover))
        capped = all(
            count[j] <= shift.headcount
            for j, shift in enumerate(self.problem.shifts)
            if shift.over_weight is None
        )
        return mosts if capped else None

    def _most(self, i: int, rotas: Iterable[frozenset[int]]) -> frozenset[int]:
        """Worker ``i``'s rota of ``rotas`` the programme takes most of."""
        taken = self.columns[i]
        return max(rotas, key=lambda shifts: taken[shifts][1].solution_value())

    def score(self, choice: list[frozenset[int]]) -> tuple[tuple[tuple[int, int], ...], int]:
        """The rota of one worker rota each, as (shift, worker) pairs, and its objective."""
        costs = [self.columns[i][shifts][0] for i, shifts in enumerate(choice)]
        return score_rotas(self.problem, choice, costs)


def slack_costs(p: Problem) -> list[tuple[int, int]]:
    """What a shift's missing worker and each worker too many cost, shift by shift."""
    return [
        (
            (p.weights.uncovered if shift.under_weight is None else shift.under_weight)
            if shift.headcount > 0
            else 0,
            shift.over_weight or 0,
        )
        for shift in p.shifts
    ]


def _choose(
    p: Problem,
    options: Sequence[dict[frozenset[int], int]],
    hint: Sequence[frozenset[int]] | None,
    solver: cp_model.CpSolver,
) -> list[frozenset[int]] | None:
    """The choice of one rota per worker among ``options`` (each with its own cost) that
    scores best with the cover, by ``solver``, starting from ``hint``; ``None`` when it finds
    none."""
    model = cp_model.CpModel()
    picks: list[list[tuple[frozenset[int], cp_model.IntVar]]] = []
    costs = []
    on: list[list[cp_model.IntVar]] = [[] for _ in p.shifts]
    for i, rotas in enumerate(options):
        chosen = [(shifts, model.new_bool_var(f"c_{i}_{k}")) for k, shifts in enumerate(rotas)]
        model.add_exactly_one(lit for _, lit in chosen)
        for shifts, lit in chosen:
            if hint is not None:
                model.add_hint(lit, shifts == hint[i])
            costs.append(rotas[shifts] * lit)
            for j in shifts:
                on[j].append(lit)
        picks.append(chosen)
    count = None if hint is None else _on_shift(hint, len(p.shifts))
    for j, (shift, (under_w, over_w)) in enumerate(zip(p.shifts, slack_costs(p), strict=True)):
        h = shift.headcount
        under = model.new_int_var(0, h, f"under_{j}")
        over = model.new_int_var(0, len(on[j]) if shift.over_weight is not None else 0, "")
        model.add(sum(on[j]) + under - over == h)
        costs += [under_w * under, over_w * over]
        if count is not None:
            # A whole hint: CP-SAT need not complete it (with thousands of rotas it may not).
            model.add_hint(under, max(0, h - count[j]))
            model.add_hint(over, max(0, count[j] - h))
    model.minimize(sum(costs))
    if solver.solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return [next(s for s, lit in chosen if solver.value(lit)) for chosen in picks]


def score_rotas(
    p: Problem, choice: Sequence[frozenset[int]], costs: Sequence[int]
) -> tuple[tuple[tuple[int, int], ...], int]:
    """The rota of one worker rota each (own ``costs``), as (shift, worker) pairs, and its
    objective."""
    pairs = [(j, i) for i, shifts in enumerate(choice) for j in shifts]
    count = _on_shift(choice, len(p.shifts))
    total = sum(costs)
    for j, (shift, (under, over)) in enumerate(zip(p.shifts, slack_costs(p), strict=True)):
        total += under * max(0, shift.headcount - count[j])
        total += over * max(0, count[j] - shift.headcount)
    return tuple(sorted(pairs)), total


def _worker_rotas(pairs: Iterable[tuple[int, int]], workers: int) -> list[frozenset[int]]:
    """Each worker's rota (their shifts) in the rota ``pairs`` ((shift, worker) pairs)."""
    own: list[set[int]] = [set() for _ in range(workers)]
    for j, i in pairs:
        own[i].add(j)
    return [frozenset(shifts) for shifts in own]


def _on_shift(choice: Sequence[frozenset[int]], shifts: int) -> list[int]:
    """How many workers each shift has when each worker works their rota in ``choice``."""
    count = [0] * shifts
    for rota in choice:
        for j in rota:
            count[j] += 1
    return count


def choose(
    b: Builder,
    rotas: Sequence[dict[frozenset[int], int]],
    start: Iterable[tuple[int, int]],
    solver: cp_model.CpSolver,
) -> tuple[tuple[tuple[int, int], ...], int] | None:
    """The best rota that gives each worker one of their ``rotas`` (as ``Result.rotas``),
    searched by ``solver`` from the rota ``start`` ((shift, worker) pairs, each worker's among
    their rotas), as (shift, worker) pairs with its objective; ``None`` when none found."""
    choice = _choose(b.problem, rotas, _worker_rotas(start, len(rotas)), solver)
    if choice is None:
        return None
    return score_rotas(b.problem, choice, [rotas[i][r] for i, r in enumerate(choice)])


def dive(
    b: Builder,
    start: Iterable[tuple[int, int]],
    *,
    seed: int,
    workers: int,
    used: Callable[[float], float],
    cancelled: Callable[[], bool],
) -> Result:
    """Column generation from the rota ``start`` ((shift, worker) pairs), then dives to a
    rota, the best of up to ``DIVES``, each while time allows another as long as the last.
    ``used(spent)`` is the share of the time given that is gone when ``spent`` deterministic
    seconds have gone on pricing: at 1 the dives stop, and the workers the last has not
    reached choose among the rotas found. When the first rounds show that the programme will
    not reach its optimum within ``ROOT_SHARE`` of the time, no rota is returned; when
    ``cancelled()`` (checked between rounds), the best rota of the dives that ended."""
    master = _Master(b)
    pricers = [_Pricer(b, i) for i in range(len(b.problem.staff))]
    for i, shifts in enumerate(_worker_rotas(start, len(pricers))):
        cost = pricers[i].cost(shifts)
        if cost is None:
            return Result(None, None, None, 0.0)
        master.add(i, shifts, cost)
        pricers[i].last = shifts
    spent = 0.0
    effort = QUICK_DETERMINISTIC
    bound = -math.inf
    best: tuple[tuple[tuple[int, int], ...], int] | None = None
    dives = stale = 0  # dives made, and how many in a row ended no better than the best
    rounds = dive_rounds = stages = 0
    began = root = 0.0  # shares of the time gone when this dive began and first fixed
    stopped = False  # cancelled, given up or the programme failed: no finish
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        while used(spent) < 1:
            if len(master.fixed) == len(pricers):
                before = best
                best = _better(best, master, seed, workers)
                stale = stale + 1 if before is not None and before == best else 0
                dives += 1
                now = used(spent)
                if stale == STALE_DIVES or dives == DIVES or now + (now - began) > 1:
                    break
                # Dive again: the programme has gained the rotas the dive priced.
                master.release()
                rounds = dive_rounds = stages = 0
                began = now
            solved = master.solve()
            if solved is None or cancelled():
                stopped = True
                break
            value, prices, own_duals = solved
            free = [i for i in range(len(pricers)) if i not in master.fixed]
            found = list(
                pool.map(_Pricer.price, [pricers[i] for i in free], repeat(prices),
                         [seed + i for i in free], repeat(effort))
            )  # fmt: skip
            spent += sum(f.deterministic_time for f in found)
            rounds += 1
            dive_rounds += 1
            added = 0
            for i, f in zip(free, found, strict=True):
                if f.shifts is None:
                    continue
                for rota, cost in (*f.found, (f.shifts, f.own)):
                    if _priced(rota, cost, prices) < own_duals[i] - 1e-6:
                        added += master.add(i, rota, cost)
            # Lagrangian: no rota of the free workers lowers the programme by more than the
            # sum of their least reduced costs; with none fixed, a lower bound on the objective.
            lagrangian = value + sum(
                min(0.0, f.least - own_duals[i]) for i, f in zip(free, found, strict=True)
            )
            if not master.fixed:
                bound = max(bound, lagrangian)
            if added == 0 and not master.fixed and effort == QUICK_DETERMINISTIC:
                effort = THOROUGH_DETERMINISTIC
                continue
            effort = QUICK_DETERMINISTIC
            # A dive from an unfinished programme is poor: leave the time to the steps.
            slow = used(spent) * EXPECTED_ROUNDS / TRIAL_ROUNDS > ROOT_SHARE
            late = used(spent) > ROOT_SHARE or dive_rounds >= ROOT_ROUNDS
            if (
                best is None
                and not master.fixed
                and ((dive_rounds == TRIAL_ROUNDS and slow) or late)
            ):
                stopped = True
                break
            if (
                added == 0
                or (master.fixed and rounds >= DIVE_ROUNDS)
                or value - lagrangian < CLOSE_ENOUGH
            ):
                rounds = 0
                now = used(spent)
                if not master.fixed:
                    root = now
                # Each fix takes as long as those before it, or DIVE_ROUNDS rounds at first.
                stage = (now - root + DIVE_ROUNDS * (root - began) / dive_rounds) / (stages + 1)
                stages += 1
                affordable = max(1.0, PACE * (1 - now) / max(stage, 1e-9))
                if not master.fix_leaning(math.ceil(len(free) / affordable)):
                    stopped = True
                    break
    if not stopped:
        # The last dive, when time ran out at its end or during it (then its unreached
        # workers choose among their rotas).
        if len(master.fixed) < len(pricers):
            spent += FINISH_DETERMINISTIC
        best = _better(best, master, seed, workers)
    pairs, objective = best if best is not None else (None, None)
    rotas = tuple({shifts: cost for shifts, (cost, _) in c.items()} for c in master.columns)
    return Result(pairs, objective, _proved(bound), spent, rotas, stale == STALE_DIVES)


def _better(
    best: tuple[tuple[tuple[int, int], ...], int] | None, master: _Master, seed: int, workers: int
) -> tuple[tuple[tuple[int, int], ...], int] | None:
    """The better of ``best`` and the rota that finishes the programme's dive."""
    choice = master.finish(seed, workers)
    if choice is None:
        return best
    scored = master.score(choice)
    return scored if best is None or scored[1] < best[1] else best


def _proved(bound: float) -> int | None:
    return math.ceil(bound - 1e-6) if bound >= 0 else None


# Branch-and-price ---------------------------------------------------------------------------

# A pair the branching forces (or forbids) changes that worker's price of its shift by this
# much, so the walk takes (or leaves) it whenever the worker's rules allow.
BRANCH_PRICE = 1e6
# Deterministic seconds charged for each solve of the programme (GLOP reports none).
BRANCH_LP_DETERMINISTIC = 0.002
# Deeper than this the search leaves a branch unexplored (and proves nothing); each level is
# a frame of recursion (Python allows 1 000).
BRANCH_MAX_DEPTH = 200


@dataclass(frozen=True)
class Branched:
    """A rota better than the best given (``None``: none found) as (shift, worker) pairs, its
    objective, whether the search proved that no rota is better than the best it ends with,
    and the deterministic time spent."""

    pairs: tuple[tuple[int, int], ...] | None
    objective: int | None
    proved: bool
    deterministic_time: float


def branch(
    b: Builder,
    start: Iterable[tuple[int, int]],
    best: int,
    *,
    seed: int,
    used: Callable[[float], float],
    cancelled: Callable[[], bool],
) -> Branched:
    """Branch-and-price below ``best``, from the programme over the worker rotas of the rota
    ``start`` ((shift, worker) pairs) alone: at each node the programme is priced to its
    optimum; a node whose optimum is not below ``best - 1`` (objectives are whole numbers) is
    cut, a whole-number optimum is a rota, and otherwise the node branches on the worker-shift
    pair the programme takes closest to half: the worker works that shift, or not (the
    likelier first), depth first. ``used`` and ``cancelled`` as in ``dive``. (Started from
    every rota the dives found, 1 603 on Curtois Instance6, each node's programme was slower:
    25 s to 1951 instead of 2 s to the optimum, 1950.)"""
    return _Tree(b, start, best, seed, used, cancelled).search()


class _Tree:
    """The search: the programme, the branches on the way to the current node (pairs forced
    and forbidden, by worker) and the best rota found."""

    def __init__(
        self,
        b: Builder,
        start: Iterable[tuple[int, int]],
        best: int,
        seed: int,
        used: Callable[[float], float],
        cancelled: Callable[[], bool],
    ) -> None:
        self.best = best
        self.master = _Master(b)
        self.pricers = [_Pricer(b, i) for i in range(len(b.problem.staff))]
        for i, shifts in enumerate(_worker_rotas(start, len(self.pricers))):
            cost = self.pricers[i].cost(shifts)
            if cost is not None:
                self.master.add(i, shifts, cost)
        self.forced: list[set[int]] = [set() for _ in self.pricers]
        self.forbidden: list[set[int]] = [set() for _ in self.pricers]
        self.seed, self.used, self.cancelled = seed, used, cancelled
        self.spent = 0.0
        self.exact = True  # every pricing proved cheapest and no branch left unexplored
        self.found: tuple[tuple[tuple[int, int], ...], int] | None = None

    def search(self) -> Branched:
        stopped = self._node(0)
        pairs, objective = self.found if self.found is not None else (None, None)
        proved = not stopped and self.exact
        return Branched(pairs, objective, proved, self.spent)

    def _out_of_time(self) -> bool:
        return self.used(self.spent) >= 1 or self.cancelled()

    def _valid(self, i: int, shifts: frozenset[int]) -> bool:
        return self.forced[i] <= shifts and not self.forbidden[i] & shifts

    def _price(self, i: int, prices: list[float]) -> Priced:
        branched = list(prices)
        for j in self.forced[i]:
            branched[j] += BRANCH_PRICE
        for j in self.forbidden[i]:
            branched[j] -= BRANCH_PRICE
        priced = self.pricers[i].price(branched, self.seed + i, THOROUGH_DETERMINISTIC)
        self.spent += priced.deterministic_time
        self.exact = self.exact and priced.exact
        return priced

    def _node(self, depth: int) -> bool:
        """Search the node; ``True`` when time ran out (or cancelled) in it."""
        if self._out_of_time():
            return True
        if depth > BRANCH_MAX_DEPTH:
            self.exact = False
            return False
        if not self._restrict():
            return False
        value = self._optimum()
        if value is None:
            self.exact = False
            return self._out_of_time()
        if value > self.best - 1 + 1e-6:
            return False
        taken: dict[tuple[int, int], float] = {}
        whole = True
        choice: list[frozenset[int]] = []
        for i, columns in enumerate(self.master.columns):
            for shifts, (_, v) in columns.items():
                x = v.solution_value()
                if 1e-6 < x < 1 - 1e-6:
                    whole = False
                if x > 1 - 1e-6:
                    choice.append(shifts)
                for j in shifts if x > 1e-6 else ():
                    taken[i, j] = taken.get((i, j), 0.0) + x
        if whole:
            scored = self.master.score(choice)
            if scored[1] < self.best:
                self.found, self.best = scored, scored[1]
            return False
        (i, j), x = min(
            ((k, x) for k, x in taken.items() if 1e-6 < x < 1 - 1e-6),
            key=lambda kx: (abs(kx[1] - 0.5), kx[0]),
        )
        for side in (self.forced, self.forbidden) if x >= 0.5 else (self.forbidden, self.forced):
            side[i].add(j)
            stopped = self._node(depth + 1)
            side[i].discard(j)
            if stopped:
                return True
        return False

    def _restrict(self) -> bool:
        """Only rotas that keep the node's branches in the programme, each worker with one at
        least; ``False`` when a worker has none."""
        master = self.master
        for i, columns in enumerate(master.columns):
            for shifts, (_, v) in columns.items():
                v.SetUb(master.lp.infinity() if self._valid(i, shifts) else 0.0)
        nothing = [0.0] * len(master.cover)
        for i, columns in enumerate(master.columns):
            if not any(self._valid(i, shifts) for shifts in columns):
                priced = self._price(i, nothing)
                if priced.shifts is None or not self._valid(i, priced.shifts):
                    return False
                master.add(i, priced.shifts, priced.own)
        return True

    def _optimum(self) -> float | None:
        """The node's programme priced to its optimum (``None``: out of time or no optimum)."""
        while not self._out_of_time():
            self.spent += BRANCH_LP_DETERMINISTIC
            solved = self.master.solve()
            if solved is None:
                return None
            value, prices, own_duals = solved
            added = 0
            for i in range(len(self.pricers)):
                priced = self._price(i, prices)
                for shifts, cost in (*priced.found, (priced.shifts, priced.own)):
                    if shifts is None or not self._valid(i, shifts):
                        continue
                    if _priced(shifts, cost, prices) < own_duals[i] - 1e-6:
                        added += self.master.add(i, shifts, cost)
            if added == 0:
                return value
        return None
