"""The engine's contract: frozen dataclasses in (Problem) and out (Solution).

Conventions used throughout:

* Instants are timezone-aware ``datetime`` objects. Durations are *real elapsed* minutes,
  computed in UTC, so a night across the October clock change lasts 11 h and across the March
  change 9 h (see :func:`elapsed_minutes`).
* ``day`` indexes are 0-based days of the horizon; day 0 is ``Problem.start``.
* Weeks are consecutive 7-day blocks starting at day 0; a trailing partial block is not a week.
* Penalty weights are non-negative integers; the objective is their weighted sum (minimised).
* ``None`` for a limit means "no limit"; rule families are switched in :class:`RuleSettings`.

These classes hold data only. Validation lives in ``rota_engine.validate``; the model builder in
``rota_engine.rules`` and ``rota_engine.solve``; the independent checker in ``rota_engine.check``.
Mapping-typed fields make instances unhashable: compare them, don't put them in sets.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Literal
from zoneinfo import ZoneInfo

ShiftKind = Literal["day", "waking_night", "sleep_in", "on_call"]
SHIFT_KINDS: tuple[ShiftKind, ...] = ("day", "waking_night", "sleep_in", "on_call")

SkillMode = Literal["each", "at_least_one"]
RequestKind = Literal["on", "off"]
RestMode = Literal["strict", "compensatory"]
WeeklyRestMode = Literal["24h_per_7", "48h_per_14"]

SolveStatus = Literal["optimal", "feasible", "infeasible", "unknown", "model_invalid"]

# Reason codes for uncovered shifts (params documented in docs/engine.md).
UncoveredReason = Literal[
    "no_team",  # the shift lists no eligible staff
    "team_too_small",  # everyone eligible is already on it and it needs more (params team_size)
    "no_valid_skill",  # no eligible worker holds the skill(s) valid on the shift date
    "all_unavailable",  # every eligible skilled worker is on leave / day off / unavailable
    "rest_rule",  # every remaining candidate would break minimum rest / working period length
    "average_hours_limit",  # every remaining candidate would exceed the 48 h average
    "contract_max",  # every remaining candidate would exceed a contract maximum
    "max_shifts",  # every remaining candidate reached a per-type/per-kind shift limit
    "overlap",  # every remaining candidate already works an overlapping shift
    "succession",  # every remaining candidate would break a forbidden succession
    "consecutive_days",  # every remaining candidate would exceed max consecutive days
    "weekends",  # every remaining candidate would exceed max weekends
    "optimisation",  # candidates exist; leaving it uncovered was the best trade-off found
]


@lru_cache(maxsize=1 << 14)
def _day_date(start: date, day: int) -> date:
    return start + timedelta(days=day)


@lru_cache(maxsize=1 << 14)
def _day_start(start: date, tz: str, day: int) -> datetime:
    # Cached (the checker asks per candidate of the greedy rota): same value, same object.
    d = start + timedelta(days=day)
    return datetime(d.year, d.month, d.day, tzinfo=ZoneInfo(tz))


@lru_cache(maxsize=1 << 18)
def elapsed_minutes(start: datetime, end: datetime) -> int:
    """Real elapsed whole minutes from ``start`` to ``end`` (UTC arithmetic, DST-correct).

    Python subtracts two datetimes sharing one ``tzinfo`` as wall-clock times, which is wrong
    across a clock change; converting both to UTC first gives the true duration. Cached: the
    checker (run per candidate by the greedy rota) and the builder ask for the same pairs
    hundreds of thousands of times.
    """
    delta = end.astimezone(UTC) - start.astimezone(UTC)
    return int(delta.total_seconds() // 60)


@dataclass(frozen=True)
class SkillValidity:
    """A skill or training a worker holds, valid on the dates ``valid_from..valid_until``.

    Both ends are inclusive local dates; ``None`` means open-ended. A skill counts for a shift
    when the shift's *start date* (local, in the problem's time zone) lies in the range.
    """

    skill: str
    valid_from: date | None = None
    valid_until: date | None = None

    def valid_on(self, on: date) -> bool:
        """True when the skill is valid on the local date ``on``."""
        if self.valid_from is not None and on < self.valid_from:
            return False
        return not (self.valid_until is not None and on > self.valid_until)


@dataclass(frozen=True)
class Interval:
    """A half-open period ``[start, end)`` a worker cannot work (leave, sickness, other job).

    Any shift overlapping it by at least one minute is forbidden to that worker. ``reason`` is
    free text for people (``"leave"``, ``"sick"``, ``"unavailable"``) and is reported back in
    explanations.
    """

    start: datetime
    end: datetime
    reason: str = "unavailable"


@dataclass(frozen=True)
class ShiftRequest:
    """A worker's wish to work (``kind="on"``) or not to work (``kind="off"``) something.

    Match, in order of precedence:

    * ``shift_id`` set: that one shift;
    * otherwise ``day`` set: the shifts of that horizon day, restricted to ``type_code`` when set
      (a Curtois request is ``day`` + ``type_code``; ``day`` alone is "a day off / a day on").

    Penalty ``weight`` (times ``Weights.request``) is incurred once when an "on" request is not
    met (the worker works none of the matching shifts) or an "off" request is violated (the
    worker works at least one of them).
    """

    kind: RequestKind
    weight: int
    day: int | None = None
    type_code: str | None = None
    shift_id: str | None = None


@dataclass(frozen=True)
class Staff:
    """A worker who can be rostered.

    Minutes are real elapsed minutes. *Working time* (rest, 48 h, night rules) counts the kinds
    in ``RuleSettings.working_time_kinds`` (day, waking night and the whole sleep-in by default);
    *contract time* counts ``RuleSettings.contract_time_kinds`` (day and waking night).

    Contract bands:
      ``min/target/max_minutes_per_week`` apply to each full week of the horizon (max hard,
      min soft with ``Weights.contract_under``, target soft with ``Weights.contract_target``);
      ``min/max_minutes_horizon`` bound the total contract time over the whole horizon (hard).
    Limits on counts: ``max_shifts_per_type`` by ``Shift.type_code`` (0 = never works that
    type; a type absent from the mapping is unlimited), ``max_shifts_per_kind`` by kind over the
    horizon, ``max_sleep_ins_per_week`` per full week.
    Runs (days with at least one shift): ``max_consecutive_days``, ``min_consecutive_days``,
    ``min_consecutive_days_off``; ``worked_days_before`` is the length of the working run that
    ends on the day before the horizon (counts towards the max). ``max_weekends`` bounds weekends
    worked (a weekend is worked when a shift falls on its Saturday or Sunday).
    Working-time history: ``history_minutes`` worked in the ``history_days`` days just before the
    horizon (the part of the 48 h reference period already elapsed); ``last_shift_end`` is when
    the worker last finished before the horizon (for rest across the boundary).
    ``opted_out_48h`` lifts the 48 h average; ``night_worker`` applies the night-worker average.
    ``core_for`` lists the people (``Shift.person_id``) for whom this worker is *core* team; for
    other people they are relief (continuity prefers core staff).
    ``days_off`` are horizon days the worker must not work at all (hard).
    """

    id: str
    name: str = ""
    min_minutes_per_week: int | None = None
    target_minutes_per_week: int | None = None
    max_minutes_per_week: int | None = None
    min_minutes_horizon: int | None = None
    max_minutes_horizon: int | None = None
    max_shifts_per_type: Mapping[str, int] = field(default_factory=dict)
    max_shifts_per_kind: Mapping[str, int] = field(default_factory=dict)
    max_sleep_ins_per_week: int | None = None
    skills: tuple[SkillValidity, ...] = ()
    unavailable: tuple[Interval, ...] = ()
    days_off: tuple[int, ...] = ()
    requests: tuple[ShiftRequest, ...] = ()
    max_consecutive_days: int | None = None
    min_consecutive_days: int | None = None
    min_consecutive_days_off: int | None = None
    worked_days_before: int = 0
    max_weekends: int | None = None
    opted_out_48h: bool = False
    history_minutes: int = 0
    history_days: int = 0
    last_shift_end: datetime | None = None
    night_worker: bool = False
    core_for: tuple[str, ...] = ()

    def has_skill(self, skill: str, on: date) -> bool:
        """True when the worker holds ``skill`` valid on the local date ``on``."""
        return any(s.skill == skill and s.valid_on(on) for s in self.skills)


@dataclass(frozen=True)
class Preference:
    """The person's view of one worker for one shift.

    ``weight > 0``: a favourite — penalty ``weight`` (times ``Weights.preference``) when the
    worker is *not* assigned to the shift. ``weight < 0``: someone to avoid — penalty
    ``-weight`` when the worker *is* assigned.
    """

    staff_id: str
    weight: int


@dataclass(frozen=True)
class Shift:
    """One piece of demand: ``headcount`` workers needed from ``start`` to ``end``.

    ``day`` is the horizon day the shift belongs to (normally its local start date; used by
    per-day rules, runs, weekends, successions and requests). ``type_code`` names the shift type
    (Curtois ``"E"``, ``"L"``, ``"N"``; a care shift may use its kind) for successions and
    per-type limits. ``kind`` decides which time counts as working / contract time.

    Skills: with ``skill_mode="each"`` every assigned worker holds every ``required_skills``
    entry; with ``"at_least_one"`` (for 2:1) at least one assigned worker holds each of them.
    ``eligible`` lists the staff who may work it (the person's current approved team); empty
    means nobody, and the shift is reported uncovered with reason ``no_team``. ``locked`` staff
    must be assigned (hard). Each missing worker costs ``under_weight`` (default
    ``Weights.uncovered``). ``over_weight=None`` forbids more than ``headcount`` workers;
    an integer allows extra workers at that penalty each (Curtois over-cover).
    """

    id: str
    start: datetime
    end: datetime
    day: int
    kind: ShiftKind = "day"
    type_code: str = ""
    person_id: str | None = None
    headcount: int = 1
    required_skills: tuple[str, ...] = ()
    skill_mode: SkillMode = "each"
    eligible: tuple[str, ...] = ()
    preferences: tuple[Preference, ...] = ()
    locked: tuple[str, ...] = ()
    under_weight: int | None = None
    over_weight: int | None = None

    @property
    def minutes(self) -> int:
        """Real elapsed length in minutes (DST-correct)."""
        return elapsed_minutes(self.start, self.end)


@dataclass(frozen=True)
class RuleSettings:
    """Which rules apply and their parameters. Every family can be switched off.

    * ``no_overlap``: a worker never works two shifts that overlap in time.
    * ``max_shifts_per_day``: per worker per horizon day (Curtois: 1); ``None`` = no limit.
    * Rest: shifts of one worker separated by at most ``period_merge_gap_minutes`` merge into one
      *working period* (day → sleep-in → day) of at most ``max_working_period_minutes``;
      between periods at least ``min_rest_minutes`` (``None`` = rule off). In ``"compensatory"``
      mode a shorter rest (but at least ``min_compensatory_rest_minutes``) is allowed when the
      worker gets a rest of at least ``min_rest_minutes`` plus the shortfall within
      ``compensatory_within_days`` days (care special case).
    * ``weekly_rest``: ``"24h_per_7"`` (an uninterrupted 24 h in each week of the horizon) or
      ``"48h_per_14"`` (48 h in each fortnight), ``None`` = off.
    * 48 h average: working minutes (incl. ``Staff.history_minutes``) over the history days plus
      the horizon, averaged per week, at most ``max_average_weekly_minutes`` unless opted out.
    * Night workers average at most ``night_worker_max_minutes_per_24h`` per day of the horizon.
    * ``forbidden_successions``: (type_code today, type_code tomorrow) pairs a worker may not
      work on consecutive days; the days outside the horizon count as off.
    * ``consecutive_runs``/``runs_exempt_at_edges``: Staff run limits; a run touching either
      end of the horizon is exempt from the *minimum* lengths when ``runs_exempt_at_edges``.
    * ``weekend_days``: ISO weekday numbers (Mon=1) forming the weekend.
    * ``contract_min_hard``: horizon minimum is a hard rule (else soft, ``contract_under``).
    * ``lock_before_now``: in repair, shifts starting before ``Problem.now`` keep the previous
      assignment exactly.
    """

    no_overlap: bool = True
    max_shifts_per_day: int | None = None
    min_rest_minutes: int | None = 660
    rest_mode: RestMode = "strict"
    min_compensatory_rest_minutes: int = 480
    compensatory_within_days: int = 7
    period_merge_gap_minutes: int = 0
    max_working_period_minutes: int | None = 1440
    weekly_rest: WeeklyRestMode | None = "24h_per_7"
    average_48h: bool = True
    max_average_weekly_minutes: int = 2880
    night_worker_limit: bool = True
    night_worker_max_minutes_per_24h: int = 480
    forbidden_successions: tuple[tuple[str, str], ...] = ()
    consecutive_runs: bool = True
    runs_exempt_at_edges: bool = True
    weekends: bool = True
    weekend_days: tuple[int, ...] = (6, 7)
    skills: bool = True
    contract_bands: bool = True
    contract_min_hard: bool = True
    shift_limits: bool = True
    working_time_kinds: tuple[ShiftKind, ...] = ("day", "waking_night", "sleep_in")
    contract_time_kinds: tuple[ShiftKind, ...] = ("day", "waking_night")
    lock_before_now: bool = True


@dataclass(frozen=True)
class Weights:
    """Multipliers of the named penalty terms (all non-negative integers).

    * ``uncovered``: per missing worker on a shift whose ``under_weight`` is ``None``.
    * ``request``: multiplies ``ShiftRequest.weight``; ``preference``: ``Preference.weight``.
    * ``continuity``: per distinct worker beyond the first on one person's shifts in one week.
    * ``relief``: per assignment of a worker who is not core for the shift's person.
    * ``fairness_sleep_ins`` / ``fairness_weekends`` / ``fairness_nights``: per unit of spread
      (max - min count) across the staff eligible for such shifts.
    * ``contract_target``: per hour (rounded up) away from the weekly target, per week.
    * ``contract_under``: per hour (rounded up) below a weekly minimum (the soft part of the
      contract band), or below the horizon minimum when ``contract_min_hard`` is off.
    * ``changes``: repair mode, per assignment added or removed against the previous rota.
    """

    uncovered: int = 10_000
    request: int = 1
    preference: int = 1
    continuity: int = 20
    relief: int = 5
    fairness_sleep_ins: int = 10
    fairness_weekends: int = 10
    fairness_nights: int = 10
    contract_target: int = 1
    contract_under: int = 50
    changes: int = 100


@dataclass(frozen=True)
class Assignment:
    """Worker ``staff_id`` works shift ``shift_id``."""

    shift_id: str
    staff_id: str


@dataclass(frozen=True)
class Problem:
    """A whole rostering problem.

    ``start`` is the local date of day 0 and ``days`` the horizon length, in the IANA time zone
    ``tz``. Repair mode: ``previous`` is the earlier rota and ``now`` the instant before which
    it is history (locked when ``RuleSettings.lock_before_now``); changes against ``previous``
    cost ``Weights.changes`` each.
    """

    start: date
    days: int
    staff: tuple[Staff, ...]
    shifts: tuple[Shift, ...]
    tz: str = "Europe/London"
    rules: RuleSettings = field(default_factory=RuleSettings)
    weights: Weights = field(default_factory=Weights)
    previous: tuple[Assignment, ...] | None = None
    now: datetime | None = None
    name: str = ""

    @property
    def zone(self) -> ZoneInfo:
        """The problem's time zone."""
        return ZoneInfo(self.tz)

    def day_date(self, day: int) -> date:
        """Local date of horizon day ``day``."""
        return _day_date(self.start, day)

    def day_start(self, day: int) -> datetime:
        """Aware local midnight at the start of horizon day ``day``."""
        return _day_start(self.start, self.tz, day)

    def is_weekend_day(self, day: int) -> bool:
        """True when horizon day ``day`` falls on one of ``rules.weekend_days``."""
        return self.day_date(day).isoweekday() in self.rules.weekend_days

    @property
    def weeks(self) -> int:
        """Number of full 7-day weeks in the horizon."""
        return self.days // 7


@dataclass(frozen=True)
class UncoveredShift:
    """A shift left short of ``missing`` workers, with a reason code and its parameters.

    ``params`` holds plain JSON values (e.g. ``{"skill": "epilepsy"}``,
    ``{"limit_minutes": 2880}``, ``{"staff_ids": [...]}``) for the app to translate.
    """

    shift_id: str
    missing: int
    reason: UncoveredReason
    params: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class InputError:
    """A problem in the input that makes the hard rules unsatisfiable or the data invalid.

    ``code`` is machine-readable (``"min_hours_exceed_availability"``, ``"unknown_staff"``, ...),
    ``path`` the place in the input (``"staff[3].min_minutes_horizon"``), ``ids`` the offending
    staff / shift ids.
    """

    code: str
    message: str
    path: str = ""
    ids: tuple[str, ...] = ()


class ProblemInputError(ValueError):
    """Raised when a Problem cannot be solved as given; carries every :class:`InputError`."""

    def __init__(self, errors: tuple[InputError, ...] | list[InputError]) -> None:
        self.errors: tuple[InputError, ...] = tuple(errors)
        super().__init__(
            "; ".join(f"{e.path}: {e.message}" if e.path else e.message for e in errors)
        )


@dataclass(frozen=True)
class Solution:
    """The rota returned by ``solve``.

    ``assignments`` sorted by (shift id, staff id); ``uncovered`` shifts with reasons;
    ``penalties`` maps each named penalty term (``"uncovered"``, ``"over_cover"``,
    ``"requests"``, ``"preferences"``, ``"continuity"``, ``"relief"``, ``"fairness"``,
    ``"contract_target"``, ``"contract_under"``, ``"changes"``, ...) to its weighted value, and
    ``objective`` is their sum. ``bound`` is the solver's proven lower bound on the objective.
    ``status``: ``optimal`` (proven), ``feasible`` (time ran out / cancelled), ``infeasible``
    (hard rules contradict; see ``errors``), ``unknown`` (no rota found in time).
    Timings are wall-clock seconds from the start of ``solve``; ``deterministic_time`` is
    CP-SAT's deterministic work measure.
    """

    status: SolveStatus
    assignments: tuple[Assignment, ...] = ()
    uncovered: tuple[UncoveredShift, ...] = ()
    penalties: Mapping[str, int] = field(default_factory=dict)
    objective: int | None = None
    bound: float | None = None
    wall_seconds: float = 0.0
    first_solution_seconds: float | None = None
    best_solution_seconds: float | None = None
    deterministic_time: float = 0.0
    solutions_found: int = 0
    seed: int = 0
    workers: int = 1
    cancelled: bool = False
    errors: tuple[InputError, ...] = ()
