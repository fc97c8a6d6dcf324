"""The only door between the app and the rota engine (``rota_engine``, a pure package).

``build_problem`` turns the database into a ``rota_engine.model.Problem`` for a period and a set
of people; ``solve`` runs the engine part by part; ``check_draft`` checks a proposed rota with
the engine's independent checker; the ``*_words`` functions put the engine's codes into plain
words for people. Engine ids are public ids as strings: shifts ``Shift.public_id``, workers
``StaffMember.public_id``, people ``Person.public_id``.

Contract bands (docs/rota.md): a worker's weekly target is their contract; the weekly maximum is
the contract plus ``CONTRACT_MARGIN_MINUTES`` (overtime by agreement, never more than the 48 h
average allows); full-time workers have a soft weekly minimum of ``FULL_TIME_MIN_SHARE`` of
their contract. Bank staff have no target, minimum or maximum besides the working-time rules.
"""

from __future__ import annotations

import datetime as dt
import threading
import zoneinfo
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ownterms.core.models import Organisation
from ownterms.core.selectors import settings_on
from ownterms.leave.selectors import unavailable_intervals_of
from ownterms.people.models import Person
from ownterms.rota.models import Assignment, Shift
from ownterms.rota.selectors.time_words import when_words
from ownterms.staff.models import StaffMember, TeamMembership, TrainingRecord
from rota_engine import model as engine
from rota_engine.check import Violation, check
from rota_engine.decompose import solve_decomposed
from rota_engine.solve import Progress

CONTRACT_MARGIN_MINUTES = 8 * 60
FULL_TIME_MIN_SHARE = 0.75
#: A named favourite worker weighs more than a worker who shares an interest the block needs.
PREFERRED_STAFF_WEIGHT = 10
PREFERRED_TAG_WEIGHT = 3
#: Continuity in words: weeks where a person sees more than this many different workers.
CONTINUITY_FACES = 4
#: Live assignments this long either side of the period still block a worker (nights, rest).
AROUND = dt.timedelta(days=2)

__all__ = [
    "BuiltProblem",
    "Progress",
    "build_problem",
    "check_draft",
    "continuity_weeks",
    "penalty_words",
    "solve",
    "uncovered_words",
]


@dataclass(frozen=True)
class BuiltProblem:
    """The engine's problem and the rows behind its ids."""

    problem: engine.Problem
    shifts: Mapping[str, Shift]
    staff: Mapping[str, StaffMember]
    people: Mapping[str, Person]
    skill_names: Mapping[str, str] = field(default_factory=dict)

    def staff_name(self, staff_id: str) -> str:
        member = self.staff.get(staff_id)
        return member.first_name if member is not None else _("someone")

    def shift_words(self, shift_id: str) -> str:
        row = self.shifts.get(shift_id)
        if row is None:
            return _("a shift")
        return _("%(person)s's shift on %(when)s") % {
            "person": row.person.called,
            "when": when_words(row),
        }


_LONDON = zoneinfo.ZoneInfo("Europe/London")


def _zone(organisation: Organisation) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(organisation.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return _LONDON


def _midnight(day: dt.date, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=zone)


def rule_settings(organisation: Organisation, on: dt.date) -> tuple[engine.RuleSettings, int]:
    """The engine's rules from the organisation's working-time settings on ``on``, and the
    reference period in days (for the 48 h average's history)."""
    values = settings_on(organisation, on)
    rest_hours = values["working_time.min_daily_rest_hours"]
    weekly_hours = values["working_time.weekly_rest_hours"]
    weekly: engine.WeeklyRestMode | None = None
    if weekly_hours > 0:
        weekly = (
            "48h_per_14" if values["working_time.weekly_rest_period_days"] >= 14 else "24h_per_7"
        )
    rules = engine.RuleSettings(
        min_rest_minutes=rest_hours * 60 if rest_hours > 0 else None,
        weekly_rest=weekly,
        max_average_weekly_minutes=values["working_time.max_average_weekly_hours"] * 60,
        night_worker_max_minutes_per_24h=values["working_time.night_worker_max_average_hours"] * 60,
    )
    return rules, values["working_time.reference_weeks"] * 7


def _is_current(membership: TeamMembership, day: dt.date) -> bool:
    return membership.starts_on <= day and (membership.ends_on is None or membership.ends_on > day)


def _contract(member: StaffMember) -> dict[str, int | None]:
    minutes = member.contract_minutes_per_week
    if member.employment == StaffMember.Employment.BANK or minutes <= 0:
        return {"target": None, "max": None, "min": None}
    full_time = member.employment == StaffMember.Employment.FULL_TIME
    return {
        "target": minutes,
        "max": minutes + CONTRACT_MARGIN_MINUTES,
        "min": int(minutes * FULL_TIME_MIN_SHARE) if full_time else None,
    }


def _planned_shifts(
    organisation: Organisation, people: Sequence[Person], first: dt.date, last: dt.date
) -> list[Shift]:
    return list(
        Shift.objects.filter(
            organisation=organisation,
            person__in=people,
            on__gte=first,
            on__lte=last,
            status=Shift.Status.PLANNED,
        )
        .select_related("person")
        .order_by("starts_at", "pk")
    )


@dataclass
class _ShiftNeeds:
    """Each shift's required skills (key → name), preferred staff and preferred tags, read
    from the many-to-many tables directly (a prefetch builds a queryset per shift)."""

    skills: dict[int, dict[str, str]] = field(default_factory=lambda: defaultdict(dict))
    staff: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    tags: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))


def _needs_of(rows: Sequence[Shift]) -> _ShiftNeeds:
    pks = [row.pk for row in rows]
    needs = _ShiftNeeds()
    for shift_id, key, name in Shift.required_skills.through.objects.filter(
        shift_id__in=pks
    ).values_list("shift_id", "skill__key", "skill__name"):
        needs.skills[shift_id][key] = name
    for shift_id, staff_id in Shift.preferred_staff.through.objects.filter(
        shift_id__in=pks
    ).values_list("shift_id", "staffmember_id"):
        needs.staff[shift_id].add(staff_id)
    for shift_id, tag_id in Shift.preferred_tags.through.objects.filter(
        shift_id__in=pks
    ).values_list("shift_id", "tag_id"):
        needs.tags[shift_id].add(tag_id)
    return needs


def build_problem(
    *,
    organisation: Organisation,
    people: Iterable[Person],
    first_day: dt.date,
    last_day: dt.date,
    previous: Sequence[tuple[Shift, StaffMember]] | None = None,
    now: dt.datetime | None = None,
    extra_unavailable: Mapping[int, Sequence[tuple[dt.datetime, dt.datetime, str]]] | None = None,
) -> BuiltProblem:
    """The engine problem for the planned shifts of ``people`` from ``first_day`` to
    ``last_day``. With ``previous`` (and ``now``) it is a repair problem against that rota.
    ``extra_unavailable`` adds intervals by ``StaffMember.pk`` (e.g. sickness being recorded).
    """
    people = list(people)
    zone = _zone(organisation)
    days = (last_day - first_day).days + 1
    horizon_start = _midnight(first_day, zone)
    horizon_end = _midnight(last_day + dt.timedelta(days=1), zone)
    rows = _planned_shifts(organisation, people, first_day, last_day)
    shift_pks = {row.pk for row in rows}

    memberships: dict[int, list[TeamMembership]] = defaultdict(list)
    for membership in TeamMembership.objects.filter(
        Q(ends_on__isnull=True) | Q(ends_on__gt=first_day),
        organisation=organisation,
        person__in=people,
        approved_by_person=True,
        starts_on__lte=last_day,
    ).select_related("staff_member"):
        memberships[membership.person_id].append(membership)
    members: dict[int, StaffMember] = {
        m.staff_member_id: m.staff_member for ms in memberships.values() for m in ms
    }
    staff_tags = _tags_of(members)
    skills = _skills_of(members)
    skill_names: dict[str, str] = {}

    needs = _needs_of(rows)
    engine_shifts = []
    for row in rows:
        eligible = sorted(
            str(m.staff_member.public_id)
            for m in memberships.get(row.person_id, ())
            if _is_current(m, row.on)
        )
        required = needs.skills.get(row.pk, {})
        skill_names.update(required)
        engine_shifts.append(
            engine.Shift(
                id=str(row.public_id),
                start=row.starts_at,
                end=row.ends_at,
                day=(row.on - first_day).days,
                kind=row.kind,  # type: ignore[arg-type]
                type_code=row.kind,
                person_id=str(row.person.public_id),
                headcount=row.headcount,
                required_skills=tuple(sorted(required)),
                skill_mode=row.skill_mode,  # type: ignore[arg-type]
                eligible=tuple(eligible),
                preferences=_preferences(
                    needs.staff.get(row.pk, set()),
                    needs.tags.get(row.pk, set()),
                    set(eligible),
                    members,
                    staff_tags,
                ),
            )
        )

    blocked = _other_assignments(members, shift_pks, horizon_start - AROUND, horizon_end + AROUND)
    rules, reference_days = rule_settings(organisation, first_day)
    history_days = max(0, reference_days - days)
    history = _history(members, horizon_start - dt.timedelta(days=history_days), horizon_start)
    extra = extra_unavailable or {}
    away = unavailable_intervals_of(members.values(), horizon_start - AROUND, horizon_end + AROUND)
    engine_staff = []
    for pk, member in sorted(members.items(), key=lambda item: str(item[1].public_id)):
        contract = _contract(member)
        unavailable = [engine.Interval(start, end, "unavailable") for start, end in away[pk]]
        unavailable += [engine.Interval(s, e, "other_shift") for s, e in blocked.get(pk, ())]
        unavailable += [engine.Interval(s, e, reason) for s, e, reason in extra.get(pk, ())]
        minutes, last_end = history.get(pk, (0, None))
        engine_staff.append(
            engine.Staff(
                id=str(member.public_id),
                name=member.first_name,
                min_minutes_per_week=contract["min"],
                target_minutes_per_week=contract["target"],
                max_minutes_per_week=contract["max"],
                skills=skills.get(pk, ()),
                unavailable=tuple(sorted(unavailable, key=lambda i: (i.start, i.end))),
                opted_out_48h=member.opt_out_in_force_on(first_day)
                and member.opt_out_in_force_on(last_day),
                night_worker=member.night_worker,
                history_minutes=minutes,
                history_days=history_days,
                last_shift_end=last_end,
                core_for=tuple(
                    sorted(
                        str(person.public_id)
                        for person in people
                        if any(
                            m.staff_member_id == pk and m.kind == TeamMembership.Kind.CORE
                            for m in memberships.get(person.pk, ())
                        )
                    )
                ),
            )
        )

    engine_previous = None
    if previous is not None:
        engine_previous = tuple(
            engine.Assignment(str(s.public_id), str(m.public_id)) for s, m in previous
        )
    problem = engine.Problem(
        start=first_day,
        days=days,
        staff=tuple(engine_staff),
        shifts=tuple(engine_shifts),
        tz=zone.key,
        rules=rules,
        previous=engine_previous,
        now=now,
        name=organisation.slug,
    )
    return BuiltProblem(
        problem=problem,
        shifts={str(row.public_id): row for row in rows},
        staff={str(m.public_id): m for m in members.values()},
        people={str(p.public_id): p for p in people},
        skill_names=skill_names,
    )


def _tags_of(members: Mapping[int, StaffMember]) -> dict[int, set[int]]:
    tags: dict[int, set[int]] = defaultdict(set)
    through = StaffMember.tags.through
    for staff_id, tag_id in through.objects.filter(staffmember_id__in=members).values_list(
        "staffmember_id", "tag_id"
    ):
        tags[staff_id].add(tag_id)
    return tags


def _skills_of(members: Mapping[int, StaffMember]) -> dict[int, tuple[engine.SkillValidity, ...]]:
    found: dict[int, list[engine.SkillValidity]] = defaultdict(list)
    for record in TrainingRecord.objects.filter(staff_member_id__in=members).select_related(
        "skill"
    ):
        until = None if record.expires_on is None else record.expires_on - dt.timedelta(days=1)
        found[record.staff_member_id].append(
            engine.SkillValidity(record.skill.key, record.completed_on, until)
        )
    return {pk: tuple(items) for pk, items in found.items()}


def _preferences(
    preferred_staff: set[int],
    wanted_tags: set[int],
    eligible: set[str],
    members: Mapping[int, StaffMember],
    staff_tags: Mapping[int, set[int]],
) -> tuple[engine.Preference, ...]:
    weights: dict[str, int] = {}
    if wanted_tags:
        for pk, member in members.items():
            if staff_tags.get(pk, set()) & wanted_tags:
                weights[str(member.public_id)] = PREFERRED_TAG_WEIGHT
    for pk in preferred_staff & set(members):
        weights[str(members[pk].public_id)] = PREFERRED_STAFF_WEIGHT
    return tuple(
        engine.Preference(staff_id, weight)
        for staff_id, weight in sorted(weights.items())
        if staff_id in eligible
    )


def _other_assignments(
    members: Mapping[int, StaffMember], shift_pks: set[int], start: dt.datetime, end: dt.datetime
) -> dict[int, list[tuple[dt.datetime, dt.datetime]]]:
    """Live shifts the workers have outside this problem, so two runs never double-book."""
    blocked: dict[int, list[tuple[dt.datetime, dt.datetime]]] = defaultdict(list)
    for staff_id, starts, ends in (
        Assignment.objects.filter(
            staff_member_id__in=members,
            shift__status=Shift.Status.PLANNED,
            shift__starts_at__lt=end,
            shift__ends_at__gt=start,
        )
        .exclude(shift_id__in=shift_pks)
        .values_list("staff_member_id", "shift__starts_at", "shift__ends_at")
    ):
        blocked[staff_id].append((starts, ends))
    return blocked


def _history(
    members: Mapping[int, StaffMember], since: dt.datetime, horizon_start: dt.datetime
) -> dict[int, tuple[int, dt.datetime | None]]:
    """Working minutes before the horizon in the reference period, and the last shift's end."""
    found: dict[int, tuple[int, dt.datetime | None]] = {}
    for staff_id, starts, ends in Assignment.objects.filter(
        staff_member_id__in=members,
        shift__status=Shift.Status.PLANNED,
        shift__starts_at__lt=horizon_start,
        shift__ends_at__gt=since,
    ).values_list("staff_member_id", "shift__starts_at", "shift__ends_at"):
        clipped_start = max(starts, since)
        clipped_end = min(ends, horizon_start)
        minutes, last = found.get(staff_id, (0, None))
        minutes += max(0, engine.elapsed_minutes(clipped_start, clipped_end))
        if ends <= horizon_start and (last is None or ends > last):
            last = ends
        found[staff_id] = (minutes, last)
    return found


# Solving ------------------------------------------------------------------------------------


def solve(
    built: BuiltProblem,
    *,
    time_limit: float,
    on_progress: Callable[[Progress], None] | None = None,
    cancel: threading.Event | None = None,
    deterministic_time: float | None = None,
) -> engine.Solution:
    """Solves part by part in this process (one process: the task's worker is the machine's
    share), seed 0, so the same data and budget give the same rota."""
    return solve_decomposed(
        built.problem,
        time_limit=time_limit,
        seed=0,
        workers=1 if deterministic_time is not None else None,
        on_progress=on_progress,
        cancel=cancel,
        deterministic_time=deterministic_time,
        processes=1,
    )


ProblemInputError = engine.ProblemInputError
Solution = engine.Solution


def check_draft(built: BuiltProblem, pairs: Iterable[tuple[str, str]]) -> list[Violation]:
    """Every hard rule the rota ``pairs`` ((shift id, staff id), engine ids) breaks."""
    solution = engine.Solution(
        status="feasible",
        assignments=tuple(engine.Assignment(s, m) for s, m in sorted(set(pairs))),
    )
    return list(check(built.problem, solution).violations)


def penalties_of(built: BuiltProblem, pairs: Iterable[tuple[str, str]]) -> dict[str, int]:
    solution = engine.Solution(
        status="feasible",
        assignments=tuple(engine.Assignment(s, m) for s, m in sorted(set(pairs))),
    )
    return dict(check(built.problem, solution).penalties)


# Plain words ------------------------------------------------------------------------------


def _names(built: BuiltProblem, ids: Iterable[str]) -> str:
    names = sorted({built.staff_name(i) for i in ids})
    return ", ".join(names) if names else _("nobody")


def violation_words(built: BuiltProblem, violation: Violation) -> str:
    """One broken rule in plain words."""
    who = _names(built, violation.staff_ids)
    shifts = [built.shift_words(s) for s in violation.shift_ids[:2]]
    where = _(" and ").join(shifts) if shifts else _("this period")
    rules = built.problem.rules
    rest = (rules.min_rest_minutes or 0) // 60
    templates = {
        "rest": _("%(who)s would not get %(hours)s hours' rest between shifts (%(where)s)."),
        "working_period": _(
            "%(who)s would work more than %(period)s hours without a break of %(hours)s hours "
            "(%(where)s)."
        ),
        "weekly_rest": _("%(who)s would not get their weekly rest (%(where)s)."),
        "average_48h": _("%(who)s would work more than %(avg)s hours a week on average."),
        "night_worker": _("%(who)s would work more than the night-worker limit."),
        "overlap": _("%(who)s would work two shifts at the same time (%(where)s)."),
        "unavailable": _(
            "%(who)s is not available then: leave, availability or another shift (%(where)s)."
        ),
        "day_off": _("%(who)s has a day off then (%(where)s)."),
        "skill": _("Nobody on %(where)s holds a skill it needs, valid on the day."),
        "eligibility": _("%(who)s is not in the person's team on the day (%(where)s)."),
        "over_cover": _("Too many workers on %(where)s."),
        "contract_max_week": _("%(who)s would work more than their contract allows in a week."),
        "contract_max_horizon": _("%(who)s would work more than their contract allows."),
        "contract_min_horizon": _("%(who)s would work fewer hours than their contract needs."),
        "locked_history": _("%(where)s has already started: its workers can't change now."),
    }
    text = templates.get(violation.rule, _("%(who)s: a working rule is broken (%(where)s)."))
    return text % {
        "who": who,
        "where": where,
        "hours": rest,
        "period": (rules.max_working_period_minutes or 0) // 60,
        "avg": rules.max_average_weekly_minutes // 60,
    }


def uncovered_words(built: BuiltProblem, item: engine.UncoveredShift) -> str:
    """Why a shift is left short, in plain words."""
    params = item.params
    staff = params.get("staff_ids")
    who = _names(built, staff if isinstance(staff, list | tuple) else ())
    skill = str(params.get("skill", ""))
    texts = {
        "no_team": _("Nobody is in this person's approved team on the day."),
        "team_too_small": _("The whole team is already on this shift; it needs more workers."),
        "no_valid_skill": _("Nobody in the team holds %(skill)s, valid on the day.")
        % {"skill": built.skill_names.get(skill, skill) or _("a skill it needs")},
        "all_unavailable": _("Everyone who could work it is on leave or not available (%(who)s).")
        % {"who": who},
        "rest_rule": _("Everyone left would miss their rest between shifts (%(who)s).")
        % {"who": who},
        "average_hours_limit": _("Everyone left would go over the 48-hour average (%(who)s).")
        % {"who": who},
        "contract_max": _("Everyone left would go over their contract (%(who)s).") % {"who": who},
        "max_shifts": _("Everyone left has reached their limit of these shifts (%(who)s).")
        % {"who": who},
        "overlap": _("Everyone left is already working then (%(who)s).") % {"who": who},
        "succession": _(
            "Everyone left would break a rule about shifts on following days (%(who)s)."
        )
        % {"who": who},
        "consecutive_days": _("Everyone left would work too many days in a row (%(who)s).")
        % {"who": who},
        "weekends": _("Everyone left has worked their share of weekends (%(who)s).") % {"who": who},
        "optimisation": _(
            "Someone could take it (%(who)s), but leaving it was the best balance found."
        )
        % {"who": who},
    }
    text = texts.get(item.reason, _("The engine could not fill it."))
    if item.missing > 1:
        text = (
            ngettext("%(n)s worker missing. ", "%(n)s workers missing. ", item.missing)
            % {"n": item.missing}
            + text
        )
    return text


def continuity_weeks(built: BuiltProblem, pairs: Iterable[tuple[str, str]]) -> dict[str, int]:
    """For each person (engine id): the full weeks in which they see more than
    ``CONTINUITY_FACES`` different workers."""
    faces: dict[tuple[str, int], set[str]] = defaultdict(set)
    shifts = {s.id: s for s in built.problem.shifts}
    full_weeks = built.problem.weeks
    for shift_id, staff_id in pairs:
        shift = shifts.get(shift_id)
        if shift is None or shift.person_id is None or shift.day // 7 >= full_weeks:
            continue
        faces[(shift.person_id, shift.day // 7)].add(staff_id)
    weeks: dict[str, int] = defaultdict(int)
    for (person_id, _week), seen in faces.items():
        if len(seen) > CONTINUITY_FACES:
            weeks[person_id] += 1
    return dict(weeks)


def penalty_words(
    built: BuiltProblem, penalties: Mapping[str, int], pairs: Sequence[tuple[str, str]]
) -> list[str]:
    """The penalty breakdown in plain words, most important first."""
    weights = built.problem.weights
    out: list[str] = []
    missing = penalties.get("uncovered", 0) // max(1, weights.uncovered)
    if missing:
        out.append(
            ngettext(
                "%(n)s place on a shift is left empty.",
                "%(n)s places on shifts are left empty.",
                missing,
            )
            % {"n": missing}
        )
    for person_id, weeks in sorted(continuity_weeks(built, pairs).items()):
        person = built.people.get(person_id)
        name = person.called if person else _("someone")
        out.append(
            ngettext(
                "%(n)s week where %(name)s sees more than %(faces)s different workers.",
                "%(n)s weeks where %(name)s sees more than %(faces)s different workers.",
                weeks,
            )
            % {"n": weeks, "name": name, "faces": CONTINUITY_FACES}
        )
    relief = penalties.get("relief", 0) // max(1, weights.relief)
    if relief:
        out.append(
            ngettext(
                "%(n)s shift goes to a relief worker rather than the core team.",
                "%(n)s shifts go to relief workers rather than the core team.",
                relief,
            )
            % {"n": relief}
        )
    if penalties.get("preferences", 0):
        out.append(
            _(
                "Some shifts don't go to the worker the person prefers, or to someone who "
                "shares the interest the activity needs."
            )
        )
    if penalties.get("fairness", 0):
        out.append(_("Sleep-ins, waking nights or weekends are not shared quite evenly."))
    target_hours = penalties.get("contract_target", 0) // max(1, weights.contract_target)
    if target_hours:
        out.append(
            ngettext(
                "Contracted hours are missed or passed by %(n)s hour in all.",
                "Contracted hours are missed or passed by %(n)s hours in all.",
                target_hours,
            )
            % {"n": target_hours}
        )
    under = penalties.get("contract_under", 0) // max(1, weights.contract_under)
    if under:
        out.append(
            ngettext(
                "Full-time workers are %(n)s hour below their minimum in all.",
                "Full-time workers are %(n)s hours below their minimum in all.",
                under,
            )
            % {"n": under}
        )
    changes = penalties.get("changes", 0) // max(1, weights.changes)
    if changes:
        out.append(
            ngettext(
                "%(n)s change to the published rota.",
                "%(n)s changes to the published rota.",
                changes,
            )
            % {"n": changes}
        )
    return out


def input_error_words(errors: Iterable[engine.InputError]) -> list[str]:
    return [
        _("The data can't be used as it is: %(message)s") % {"message": e.message} for e in errors
    ]
