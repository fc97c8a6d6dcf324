"""Synthetic organisations built around a planted legal rota, for benchmarks and tests.

The construction works backwards from a rota known to be legal. Each person gets a package
of *lines* — early (08:00-15:00), late (15:00-22:00) and a night line (sleep-in or waking
night, 22:00-08:00) — with a headcount for every weekday (2 on some early shifts: 2:1).
Every layer of a line is cut into runs of consecutive weekdays, and each run is given to one
worker who works it every week; a worker only ever works one line type, at most 5 days a
week (4 on nights), so rest, weekly rest, runs, the 48 h and night averages hold by design.
Runs are then split (more part-time and bank staff) or merged (staff shared between people
of one locality) until the staff count is the one asked for. Each worker's contract maximum
is set so the planted rota uses 90-95% of the team's capacity; leave and requests are placed
around the planted rota, so it stays legal and complete.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from rota_engine.model import (
    Assignment,
    Interval,
    Preference,
    Problem,
    RuleSettings,
    Shift,
    ShiftKind,
    ShiftRequest,
    SkillValidity,
    Solution,
    Staff,
    elapsed_minutes,
)

# A Monday four weeks before the October clock change, so nights across it last 11 h.
DEFAULT_START = date(2026, 10, 5)
TZ = "Europe/London"

# Line type -> (kind, start hour, end hour on the next day when smaller, max days a week).
LINES: dict[str, tuple[ShiftKind, int, int, int]] = {
    "E": ("day", 8, 15, 5),
    "L": ("day", 15, 22, 5),
    "S": ("sleep_in", 22, 8, 4),
    "W": ("waking_night", 22, 8, 4),
}
PERSON_SKILLS = ("epilepsy_rescue", "medication", "peg_feeding", "moving_handling", "pbs")
PACKAGES = ("outreach", "days", "days_sleep_in", "waking_24_7")
PACKAGE_SHARES = (0.2, 0.25, 0.35, 0.2)
SMALLER = {"waking_24_7": "days", "days_sleep_in": "days", "days": "outreach"}


@dataclass(frozen=True)
class GeneratedOrg:
    """A generated problem with its planted rota (complete and legal by construction)."""

    problem: Problem
    planted: Solution
    demand_minutes: int  # contract minutes the planted rota uses per week, all staff
    capacity_minutes: int  # sum of weekly contract maxima of the staff who work day lines


@dataclass
class _Segment:
    person: int
    line: str
    days: list[int]  # weekdays (0 = Monday), consecutive in the weekly cycle


@dataclass
class _Worker:
    line: str
    segments: list[_Segment] = field(default_factory=list)

    @property
    def days(self) -> set[int]:
        return {d for s in self.segments for d in s.days}


@dataclass
class _Person:
    package: str
    cluster: int
    headcount: dict[str, list[int]]  # line -> headcount per weekday
    skills: tuple[str, ...]


def _package(rng: random.Random, package: str) -> dict[str, list[int]]:
    if package == "outreach":  # roughly 20-40 hours a week
        days = sorted(rng.sample(range(7), rng.randint(3, 5)))
        lines = {"E": [int(d in days) for d in range(7)]}
        if rng.random() < 0.4:
            lines["L"] = [int(d in days[:2]) for d in range(7)]
        return lines
    lines = {"E": [1] * 7, "L": [1] * 7}
    if package == "days_sleep_in":
        lines["S"] = [1] * 7
    elif package == "waking_24_7":
        lines["W"] = [1] * 7
    return lines


def _runs(days: list[int], longest: int, rng: random.Random) -> list[list[int]]:
    """Cut a set of weekdays into runs of consecutive days (cyclically) of at most ``longest``."""
    chosen = set(days)
    if len(chosen) == 7:
        offset = rng.randrange(7)
        order = [(offset + i) % 7 for i in range(7)]
        sizes = rng.choice([(5, 2), (4, 3), (3, 4)] if longest >= 5 else [(4, 3), (3, 4)])
        runs, i = [], 0
        for size in sizes:
            runs.append(order[i : i + size])
            i += size
        return runs
    starts = [d for d in sorted(chosen) if (d - 1) % 7 not in chosen]
    runs = []
    for start in starts:
        run = [start]
        while (run[-1] + 1) % 7 in chosen:
            run.append((run[-1] + 1) % 7)
        for i in range(0, len(run), longest):
            runs.append(run[i : i + longest])
    return runs


def _segments(people: list[_Person], rng: random.Random) -> list[_Segment]:
    segments = []
    for index, person in enumerate(people):
        for line, counts in person.headcount.items():
            for layer in range(1, max(counts) + 1):
                days = [d for d in range(7) if counts[d] >= layer]
                for run in _runs(days, LINES[line][3], rng):
                    segments.append(_Segment(index, line, run))
    return segments


def _fit_staff(
    workers: list[_Worker], people: list[_Person], staff: int, rng: random.Random
) -> list[_Worker]:
    """Split or merge workers until there are exactly ``staff`` of them (when possible)."""
    while len(workers) < staff:
        splittable = [w for w in workers if len(w.segments) == 1 and len(w.segments[0].days) > 1]
        if not splittable:
            break
        worker = max(splittable, key=lambda w: (len(w.segments[0].days), rng.random()))
        segment = worker.segments[0]
        cut = rng.randint(1, len(segment.days) - 1)
        worker.segments = [_Segment(segment.person, segment.line, segment.days[:cut])]
        workers.append(
            _Worker(worker.line, [_Segment(segment.person, worker.line, segment.days[cut:])])
        )
    while len(workers) > staff:
        # One pass merges pairs within each (locality, line) bucket, fewest days first.
        buckets: dict[tuple[frozenset[int], str], list[_Worker]] = {}
        for worker in workers:
            key = (frozenset(people[s.person].cluster for s in worker.segments), worker.line)
            buckets.setdefault(key, []).append(worker)
        gone: set[int] = set()
        for (_, line), group in sorted(
            buckets.items(), key=lambda kv: (sorted(kv[0][0]), kv[0][1])
        ):
            group.sort(key=lambda w: (len(w.days), rng.random()))
            for i, a in enumerate(group):
                if id(a) in gone or len(workers) - len(gone) <= staff:
                    continue
                for b in group[i + 1 :]:
                    if id(b) in gone or a.days & b.days:
                        continue
                    if len(a.days) + len(b.days) <= LINES[line][3]:
                        a.segments.extend(b.segments)
                        gone.add(id(b))
                        break
        if not gone:
            break
        workers = [w for w in workers if id(w) not in gone]
    return workers


def _shift_times(zone: ZoneInfo, day_date: date, line: str) -> tuple[datetime, datetime]:
    _, start_hour, end_hour, _ = LINES[line]
    start = datetime.combine(day_date, time(start_hour), tzinfo=zone)
    end_date = day_date if end_hour > start_hour else day_date + timedelta(days=1)
    # Built from the local wall clock, so a night across a clock change lasts 9 or 11 hours.
    return start, datetime.combine(end_date, time(end_hour), tzinfo=zone)


def _hours_up(minutes: float) -> int:
    return int(math.ceil(minutes / 30) * 30)


def generate_org(
    people: int = 32, staff: int = 150, weeks: int = 4, seed: int = 0, start: date = DEFAULT_START
) -> GeneratedOrg:
    """A synthetic organisation of ``people`` and (as near as the packages allow) ``staff``."""
    if people < 1 or staff < 1 or weeks < 1:
        raise ValueError("people, staff and weeks must be at least 1")
    if start.isoweekday() != 1:
        raise ValueError("the horizon must start on a Monday")
    rng = random.Random(seed)  # noqa: S311 - reproducible synthetic data, not security
    zone = ZoneInfo(TZ)
    days = 7 * weeks

    # Packages: draw, then shrink the biggest while even merging could not fit the staff count.
    # Packages in fixed shares (the largest remainder first), shuffled among people.
    shares = [math.floor(people * share) for share in PACKAGE_SHARES]
    for index in sorted(range(4), key=lambda i: -(people * PACKAGE_SHARES[i] % 1))[
        : people - sum(shares)
    ]:
        shares[index] += 1
    packages = [p for p, n in zip(PACKAGES, shares, strict=True) for _ in range(n)]
    rng.shuffle(packages)
    persons = [_Person(package, 0, {}, ()) for package in packages]
    clusters: list[int] = []
    cluster = 0
    while len(clusters) < people:
        size = rng.randint(1, 4)
        clusters.extend([cluster] * size)
        cluster += 1
    for person, cluster_id in zip(persons, clusters, strict=False):
        person.cluster = cluster_id
        person.headcount = _package(rng, person.package)
        if person.package != "outreach" and rng.random() < 0.3:  # some 2:1 periods
            for d in rng.sample(range(7), rng.randint(2, 3)):
                person.headcount["E"][d] = 2
        person.skills = tuple(sorted(rng.sample(PERSON_SKILLS, rng.randint(0, 2))))

    while True:
        workers = [_Worker(s.line, [s]) for s in _segments(persons, rng)]
        workers = _fit_staff(workers, persons, staff, rng)
        if len(workers) <= staff:
            break
        shrinkable = [p for p in persons if p.package in SMALLER]
        if not shrinkable:
            break  # cannot shrink further: fewer staff than the smallest packages need
        person = rng.choice(shrinkable)
        person.package = SMALLER[person.package]
        person.headcount = _package(rng, person.package)

    name = f"generated-{people}p-{staff}s-{weeks}w-seed{seed}"
    return _assemble(rng, zone, start, days, persons, workers, name)


def _assemble(
    rng: random.Random,
    zone: ZoneInfo,
    start: date,
    days: int,
    persons: list[_Person],
    workers: list[_Worker],
    name: str,
) -> GeneratedOrg:
    weeks = days // 7
    staff_ids = [f"s{i:04d}" for i in range(len(workers))]
    person_ids = [f"p{i:03d}" for i in range(len(persons))]
    planted: list[Assignment] = []
    # (person, line, day) -> planted staff ids
    cover: dict[tuple[int, str, int], list[str]] = {}
    for sid, worker in zip(staff_ids, workers, strict=True):
        for segment in worker.segments:
            for day in range(days):
                if day % 7 in segment.days:
                    cover.setdefault((segment.person, segment.line, day), []).append(sid)

    # Teams: the planted workers, plus relief from the same locality (up to 8 in all).
    team: dict[int, list[str]] = {}
    for (person, _, _), sids in cover.items():
        members = team.setdefault(person, [])
        members.extend(s for s in sids if s not in members)
    by_cluster: dict[int, list[str]] = {}
    for sid, worker in zip(staff_ids, workers, strict=True):
        for segment in worker.segments:
            by_cluster.setdefault(persons[segment.person].cluster, []).append(sid)
    core: dict[str, set[int]] = {sid: set() for sid in staff_ids}
    for person, members in team.items():
        for sid in members:
            core[sid].add(person)
        pool = sorted(set(by_cluster[persons[person].cluster]) - set(members))
        extra = min(max(3 - len(members), rng.randint(1, 2)), 8 - len(members))
        members.extend(rng.sample(pool, min(len(pool), max(0, extra))))

    skill_holders: dict[str, set[str]] = {sid: set() for sid in staff_ids}
    for person, members in team.items():
        for sid in members:
            if person in core[sid] or rng.random() < 0.7:
                skill_holders[sid].update(persons[person].skills)

    shifts: list[Shift] = []
    worked: dict[str, set[int]] = {sid: set() for sid in staff_ids}
    minutes_week: dict[tuple[str, int], int] = {}
    for (person, line, day), sids in sorted(cover.items()):
        kind = LINES[line][0]
        shift_start, shift_end = _shift_times(zone, start + timedelta(days=day), line)
        sid = f"{person_ids[person]}-{line}-d{day:02d}"
        two_to_one = len(sids) > 1
        required = persons[person].skills + (("driving",) if two_to_one else ())
        preferences: tuple[Preference, ...] = ()
        if rng.random() < 0.1:
            preferences = (Preference(rng.choice(sids), rng.randint(1, 3)),)
        shifts.append(
            Shift(
                id=sid,
                start=shift_start,
                end=shift_end,
                day=day,
                kind=kind,
                type_code=line,
                person_id=person_ids[person],
                headcount=len(sids),
                required_skills=required,
                skill_mode="at_least_one" if two_to_one else "each",
                eligible=tuple(sorted(team[person])),
                preferences=preferences,
            )
        )
        for index, staff_id in enumerate(sids):
            planted.append(Assignment(sid, staff_id))
            worked[staff_id].add(day)
            if two_to_one and index == 0:
                skill_holders[staff_id].add("driving")
            if kind != "sleep_in":
                key = (staff_id, day // 7)
                minutes_week[key] = minutes_week.get(key, 0) + elapsed_minutes(
                    shift_start, shift_end
                )

    horizon_end = datetime.combine(start + timedelta(days=days), time(0), tzinfo=zone)
    staff_list: list[Staff] = []
    demand = capacity = 0
    for sid, worker in zip(staff_ids, workers, strict=True):
        weekly = max((minutes_week.get((sid, w), 0) for w in range(weeks)), default=0)
        pattern = sorted(worker.days)
        bank = len(pattern) <= 2
        if weekly:
            maximum = math.ceil(weekly / rng.uniform(0.90, 0.95))
            demand += weekly
            capacity += maximum
        else:
            maximum = _hours_up(rng.uniform(20, 37.5) * 60)
        staff_list.append(
            _staff(
                rng,
                sid,
                worker,
                pattern,
                bank,
                weekly,
                maximum,
                worked[sid],
                days,
                start,
                zone,
                skill_holders[sid],
                {person_ids[p] for p in core[sid]},
                horizon_end,
            )
        )
    problem = Problem(
        start=start,
        days=days,
        staff=tuple(staff_list),
        shifts=tuple(shifts),
        tz=TZ,
        rules=RuleSettings(forbidden_successions=(("L", "E"), ("W", "E"), ("W", "L"))),
        name=name,
    )
    solution = Solution(
        status="feasible",
        assignments=tuple(sorted(planted, key=lambda a: (a.shift_id, a.staff_id))),
    )
    return GeneratedOrg(problem, solution, demand, capacity)


def _staff(
    rng: random.Random,
    sid: str,
    worker: _Worker,
    pattern: list[int],
    bank: bool,
    weekly: int,
    maximum: int,
    worked: set[int],
    days: int,
    start: date,
    zone: ZoneInfo,
    skills: set[str],
    core_for: set[str],
    horizon_end: datetime,
) -> Staff:
    weeks = days // 7
    line = worker.line
    # The pattern repeats before the horizon: the run ending on the last Sunday, and when it ended.
    before = 0
    while before < 7 and (6 - before) % 7 in pattern:
        before += 1
    last_end = None
    if 6 in pattern:
        _, last_end = _shift_times(zone, start - timedelta(days=1), line)
    validity = []
    for skill in sorted(skills):
        until = start + timedelta(days=days + rng.randint(30, 400))
        validity.append(SkillValidity(skill, start - timedelta(days=rng.randint(30, 700)), until))
    if rng.random() < 0.3:  # a lapsed or lapsing extra skill
        lapse = start + timedelta(days=rng.randint(-30, days))
        validity.append(SkillValidity(rng.choice(PERSON_SKILLS), None, lapse))

    off_days = [d for d in range(days) if d not in worked]
    unavailable: list[Interval] = []
    requests: list[ShiftRequest] = []
    if off_days and rng.random() < 0.12:  # leave on days the planted rota leaves free
        day = rng.choice(off_days)
        run = [day]
        while run[-1] + 1 in off_days and len(run) < 3:
            run.append(run[-1] + 1)
        first = datetime.combine(start + timedelta(days=run[0]), time(0), tzinfo=zone)
        last = datetime.combine(start + timedelta(days=run[-1] + 1), time(0), tzinfo=zone)
        if line in ("S", "W"):
            first += timedelta(hours=10)  # the night before ends at 08:00
        unavailable.append(Interval(first, min(last, horizon_end), "leave"))
    for _ in range(rng.choice((0, 0, 1, 2))):
        if off_days:
            requests.append(ShiftRequest("off", rng.randint(1, 3), day=rng.choice(off_days)))
    if worked and rng.random() < 0.3:
        day = rng.choice(sorted(worked))
        requests.append(ShiftRequest("on", rng.randint(1, 3), day=day, type_code=line))
    if rng.random() < 0.05:  # an unmeetable wish, as in life
        requests.append(
            ShiftRequest("on", 1, day=rng.randrange(days), type_code="E" if line != "E" else "L")
        )

    weekend_days = {d for d in worked if (start + timedelta(days=d)).isoweekday() >= 6}
    weekends = len({d // 7 for d in weekend_days})
    night = line == "W"
    return Staff(
        id=sid,
        name=f"Worker {sid[1:]}",
        min_minutes_per_week=None if bank or not weekly else _hours_up(weekly * 0.75),
        target_minutes_per_week=None if bank or not weekly else weekly,
        max_minutes_per_week=maximum,
        min_minutes_horizon=None if bank else _hours_up(weekly * weeks * 0.5),
        max_sleep_ins_per_week=len(pattern) + rng.choice((0, 1)) if line == "S" else 2,
        skills=tuple(validity),
        unavailable=tuple(unavailable),
        requests=tuple(requests),
        max_consecutive_days=6,
        worked_days_before=before,
        max_weekends=min(weeks, weekends + rng.choice((0, 1))),
        opted_out_48h=rng.random() < 0.15,
        history_minutes=_hours_up(rng.uniform(30, 44) * 60 * 13),
        history_days=91,
        last_shift_end=last_end,
        night_worker=night,
        core_for=tuple(sorted(core_for)),
    )


def generate(people: int = 32, staff: int = 150, weeks: int = 4, seed: int = 0) -> Problem:
    """The problem of :func:`generate_org` (deterministic per seed)."""
    return generate_org(people, staff, weeks, seed).problem
