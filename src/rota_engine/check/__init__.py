"""The independent checker: recomputes every hard rule and every penalty of a solution.

It reads only the ``Problem`` and ``Solution`` dataclasses of ``rota_engine.model`` and shares
no code with the model builder (``rota_engine.rules``, ``rota_engine.solve``), so a bug in
one is caught by the other. Semantics decided here where the model leaves room (also in each
rule's docstring):

* A shift's skills are checked on its local start date; ``at_least_one`` needs one holder
  among the assigned workers of each skill, only when somebody is assigned.
* Runs and weekends count days with at least one shift of any kind (on-call included);
  working-time rules (rest, weekly rest, 48 h, night worker) count only
  ``working_time_kinds``; contract bands only ``contract_time_kinds``.
* Working periods chain: shifts each starting within ``period_merge_gap_minutes`` of the
  period's end so far form one period, however many (sleep-in -> early -> late -> sleep-in
  is one period of 34 h). A first shift within the merge gap of ``last_shift_end`` continues
  the pre-horizon period (no rest due; its length counts from the horizon's first shift).
* Compensatory rest: a short rest (at least ``min_compensatory_rest_minutes``) needs a later
  rest of at least ``min_rest_minutes`` plus the shortfall, starting within
  ``compensatory_within_days`` days; the rest from the last period to the horizon's end counts.
* Weekly rest is clipped to each full week (or fortnight) of the horizon, local midnight to
  midnight; ``48h_per_14`` accepts one 48 h rest or two separate 24 h rests (the Working Time
  Regulations' wording).
* Continuity and weekly contract terms count full weeks only (a trailing partial block is not
  a week). Fairness is one group per term: the staff eligible for at least one such shift.
* The night-worker limit applies to all working minutes of a night worker in the horizon.
* Unknown ids and duplicate assignments are hard violations and are left out of every
  other rule.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field

from rota_engine.check import _assignment_rules, _pattern_rules, _penalties, _working_time
from rota_engine.check._index import Index, Violation
from rota_engine.model import Problem, Solution

__all__ = [
    "HARD_RULES",
    "WORKER_RULES",
    "CheckReport",
    "Violation",
    "check",
    "first_violation",
    "hard_violations",
]

HARD_RULES: tuple[Callable[[Index], Iterable[Violation]], ...] = (
    _assignment_rules.over_cover,
    _assignment_rules.eligibility,
    _assignment_rules.locked,
    _assignment_rules.locked_history,
    _assignment_rules.skills,
    _assignment_rules.availability,
    _pattern_rules.overlap,
    _pattern_rules.per_day,
    _pattern_rules.successions,
    _pattern_rules.runs,
    _pattern_rules.weekends,
    _pattern_rules.shift_limits,
    _pattern_rules.contract_bands,
    _working_time.rest,
    _working_time.weekly_rest,
    _working_time.averages,
)

# The hard rules about one worker's own rota, for testing a candidate shift: the rules that
# refuse most often first (contract hours, weekends, successions on the generated 1x
# organisation), as testing stops at the first refusal. Skills, locks and over-cover are left
# out: they concern the pair on a shift, the input or other workers.
WORKER_RULES: tuple[Callable[[Index], Iterable[Violation]], ...] = (
    _pattern_rules.contract_bands,
    _pattern_rules.weekends,
    _pattern_rules.successions,
    _pattern_rules.shift_limits,
    _pattern_rules.per_day,
    _pattern_rules.overlap,
    _assignment_rules.availability,
    _assignment_rules.eligibility,
    _pattern_rules.runs,
    _working_time.rest,
    _working_time.weekly_rest,
    _working_time.averages,
)


@dataclass(frozen=True)
class CheckReport:
    """Hard violations, the recomputed penalty breakdown by name, and their sum."""

    violations: tuple[Violation, ...]
    penalties: Mapping[str, int] = field(default_factory=dict)
    objective: int = 0
    # Where the solution's own figures (objective, named penalties, uncovered places) differ
    # from the recomputed ones; not hard violations, but the engine should never disagree.
    discrepancies: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """True when no hard rule is broken."""
        return not self.violations

    def rules_broken(self) -> set[str]:
        return {v.rule for v in self.violations}

    def lines(self) -> list[str]:
        """Plain-text report: one line per violation, then the penalties and objective."""
        out = [f"VIOLATION {v.rule}: {v.message}" for v in self.violations]
        out += [f"DISAGREES {d}" for d in self.discrepancies]
        out += [f"{name}: {value}" for name, value in sorted(self.penalties.items())]
        out.append(f"objective: {self.objective}")
        return out


def penalties(ix: Index) -> dict[str, int]:
    result: dict[str, int] = {}
    result.update(_penalties.cover(ix))
    result["requests"] = _penalties.requests(ix)
    result["preferences"] = _penalties.preferences(ix)
    result["continuity"] = _penalties.continuity(ix)
    result["relief"] = _penalties.relief(ix)
    result["fairness"] = _penalties.fairness(ix)
    result.update(_penalties.contract(ix))
    result["changes"] = _penalties.changes(ix)
    return result


def hard_violations(problem: Problem, solution: Solution) -> list[Violation]:
    """Only the hard rules (no penalties): for callers that test many candidate rotas."""
    ix = Index(problem, solution)
    violations = list(ix.unknown)
    for rule in HARD_RULES:
        violations.extend(rule(ix))
    return violations


def first_violation(
    problem: Problem,
    solution: Solution,
    rules: Iterable[Callable[[Index], Iterable[Violation]]] = HARD_RULES,
    ignore: Collection[str] = (),
) -> Violation | None:
    """The first broken hard rule in the order of ``rules``, leaving out rule names in
    ``ignore``; stops there (for callers that test many candidates, most of them refused)."""
    ix = Index(problem, solution)
    if ix.unknown:
        return ix.unknown[0]
    for rule in rules:
        for violation in rule(ix):
            if violation.rule not in ignore:
                return violation
    return None


def check(problem: Problem, solution: Solution) -> CheckReport:
    """Recompute every hard rule and penalty of ``solution`` for ``problem``."""
    ix = Index(problem, solution)
    violations = list(ix.unknown)
    for rule in HARD_RULES:
        violations.extend(rule(ix))
    breakdown = penalties(ix)
    objective = sum(breakdown.values())
    return CheckReport(
        tuple(violations), breakdown, objective, _discrepancies(ix, solution, breakdown, objective)
    )


def _discrepancies(
    ix: Index, solution: Solution, breakdown: Mapping[str, int], objective: int
) -> tuple[str, ...]:
    """Compare the solution's claims with the recomputation (only what it claims)."""
    out = []
    if solution.objective is not None and solution.objective != objective:
        out.append(f"objective: solution says {solution.objective}, recomputed {objective}")
    for name, value in sorted(solution.penalties.items()):
        if value != breakdown.get(name, 0):
            out.append(f"{name}: solution says {value}, recomputed {breakdown.get(name, 0)}")
    claimed = {u.shift_id: u.missing for u in solution.uncovered}
    if solution.assignments or solution.uncovered:
        for shift in ix.problem.shifts:
            missing = max(0, shift.headcount - len(ix.by_shift.get(shift.id, [])))
            if claimed.get(shift.id, 0) != missing:
                out.append(
                    f"uncovered {shift.id}: solution says {claimed.get(shift.id, 0)} missing, "
                    f"recomputed {missing}"
                )
    return tuple(out)
