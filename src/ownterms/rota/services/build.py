"""Building a rota with the engine: start a run, run it (the background task), edit its draft,
publish it, and change the live rota afterwards. Every write audited; every change to the live
rota notified to the workers, the person and the circle members who may see their rota."""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ownterms.accounts.models import User
from ownterms.audit.services import create_audited, record_change
from ownterms.lib.dates import monday_of
from ownterms.lib.versions import changed_since
from ownterms.notifications.services import notify
from ownterms.people.models import CircleMember, Consent, ConsentCategory, Person
from ownterms.people.selectors import current_consent
from ownterms.rota import engine_adapter as adapter
from ownterms.rota.models import Assignment, DraftAssignment, OpenShift, RotaRun, Shift
from ownterms.rota.selectors.time_words import when_words
from ownterms.staff.models import StaffMember, TeamMembership

logger = logging.getLogger(__name__)

MAX_DAYS = 42
MIN_TIME_LIMIT = 1
MAX_TIME_LIMIT = 120
#: How often the running task writes progress and looks for a cancel request.
PROGRESS_SECONDS = 0.5

Pair = tuple[str, str]
#: ``RotaRun.result["purpose"]`` of a sickness cover proposal (see services/cover.py).
COVER = "cover"


# Starting, cancelling, discarding ---------------------------------------------------------------


@transaction.atomic
def start_run(
    *,
    actor: User,
    first_day: dt.date,
    last_day: dt.date,
    people: Sequence[Person],
    time_limit_seconds: int,
    queue: bool = True,
) -> RotaRun:
    """Creates a run and queues the build (after the transaction commits); ``queue=False``
    leaves it for the caller to run with ``execute_run`` (the demo seed)."""
    errors: dict[str, list[str]] = {}
    if last_day < first_day:
        errors["last_day"] = [_("The last day must be on or after the first day.")]
    elif (last_day - first_day).days + 1 > MAX_DAYS:
        errors["last_day"] = [_("Build at most %(days)s days at a time.") % {"days": MAX_DAYS}]
    if not people:
        errors["people"] = [_("Choose at least one person.")]
    if not MIN_TIME_LIMIT <= time_limit_seconds <= MAX_TIME_LIMIT:
        errors["time_limit_seconds"] = [
            _("Choose between %(low)s and %(high)s seconds.")
            % {"low": MIN_TIME_LIMIT, "high": MAX_TIME_LIMIT}
        ]
    if any(p.organisation_id != actor.organisation_id for p in people):
        errors["people"] = [_("Choose people from your organisation.")]
    if errors:
        raise ValidationError(errors)
    run = RotaRun.objects.create(
        organisation_id=actor.organisation_id,
        first_day=first_day,
        last_day=last_day,
        time_limit_seconds=time_limit_seconds,
        created_by=actor,
    )
    run.people.set(people)
    record_change(
        actor=actor,
        organisation=run.organisation,
        action="rota_run.start",
        obj=run,
        person=None,
        changes={
            "first_day": first_day.isoformat(),
            "last_day": last_day.isoformat(),
            "people": len(people),
            "time_limit_seconds": time_limit_seconds,
        },
    )
    if queue:
        from ownterms.rota.tasks import build_rota  # the task module imports this one

        run_pk = run.pk
        transaction.on_commit(lambda: build_rota.enqueue(run_pk))
    return run


@transaction.atomic
def request_cancel(*, actor: User, run: RotaRun) -> RotaRun:
    """Asks a queued or running build to stop; a queued one stops at once."""
    if run.status not in (RotaRun.Status.QUEUED, RotaRun.Status.RUNNING):
        raise ValidationError(_("This build has already finished."))
    RotaRun.objects.filter(pk=run.pk).update(cancel_requested=True)
    RotaRun.objects.filter(pk=run.pk, status=RotaRun.Status.QUEUED).update(
        status=RotaRun.Status.CANCELLED, finished_at=timezone.now()
    )
    record_change(
        actor=actor,
        organisation=run.organisation,
        action="rota_run.cancel",
        obj=run,
        person=None,
        changes={"cancel_requested": True},
    )
    run.refresh_from_db()
    return run


@transaction.atomic
def discard_run(*, actor: User, run: RotaRun) -> RotaRun:
    if run.status in (RotaRun.Status.PUBLISHED, RotaRun.Status.DISCARDED):
        raise ValidationError(
            _("This draft can't be discarded: it is %(status)s.")
            % {"status": run.get_status_display().lower()}
        )
    if run.status in (RotaRun.Status.QUEUED, RotaRun.Status.RUNNING):
        raise ValidationError(_("Cancel the build first."))
    DraftAssignment.objects.filter(run=run).delete()
    run.status = RotaRun.Status.DISCARDED
    run.save(update_fields=["status"])
    record_change(
        actor=actor,
        organisation=run.organisation,
        action="rota_run.discard",
        obj=run,
        person=None,
        changes={"status": run.status},
    )
    return run


# The task's work --------------------------------------------------------------------------------


def run_people(run: RotaRun) -> list[Person]:
    return list(run.people.order_by("first_name", "last_name", "pk"))


def build_for_run(run: RotaRun) -> adapter.BuiltProblem:
    return adapter.build_problem(
        organisation=run.organisation,
        people=run_people(run),
        first_day=run.first_day,
        last_day=run.last_day,
    )


def execute_run(run_id: int, *, deterministic_time: float | None = None) -> None:
    """Runs the build of ``run_id`` (the background task's body). Never leaves the row
    "running": any crash becomes "failed" with a readable error. ``deterministic_time`` (or
    the ``OWNTERMS_ROTA_DETERMINISTIC_TIME`` setting) makes the result reproducible."""
    started = timezone.now()
    claimed = RotaRun.objects.filter(pk=run_id, status=RotaRun.Status.QUEUED).update(
        status=RotaRun.Status.RUNNING, started_at=started
    )
    if not claimed:
        return
    run = RotaRun.objects.select_related("organisation").get(pk=run_id)
    try:
        built = build_for_run(run)
        solution = _solve_with_progress(
            run, built, deterministic_time or deterministic_time_setting()
        )
        store_solution(run, built, solution)
    except adapter.ProblemInputError as error:
        _fail(
            run,
            _("The rota can't be built from this data."),
            adapter.input_error_words(error.errors),
        )
    except Exception:  # a crash must never leave a stuck "running" row
        logger.exception("Rota run %s failed", run.public_id)
        _fail(
            run,
            _(
                "Something went wrong while building the rota. Try again; if it fails "
                "again, tell your administrator."
            ),
            [],
        )


def _fail(run: RotaRun, message: str, errors: list[str]) -> None:
    RotaRun.objects.filter(pk=run.pk).update(
        status=RotaRun.Status.FAILED,
        error=message,
        result={"errors": errors},
        finished_at=timezone.now(),
    )


def deterministic_time_setting() -> float | None:
    value = getattr(settings, "OWNTERMS_ROTA_DETERMINISTIC_TIME", None)
    return float(value) if value else None


def _solve_with_progress(
    run: RotaRun, built: adapter.BuiltProblem, deterministic_time: float | None
) -> adapter.Solution:
    """Solves in a helper thread while this thread (which owns the database connection) writes
    progress and watches for a cancel request: no database writes from the engine's threads,
    so SQLite never sees two writers from one process."""
    latest: list[adapter.Progress] = []
    lock = threading.Lock()
    cancel = threading.Event()
    outcome: dict[str, Any] = {}

    def on_progress(progress: adapter.Progress) -> None:
        with lock:
            latest[:] = [progress]

    def work() -> None:
        try:
            outcome["solution"] = adapter.solve(
                built,
                time_limit=run.time_limit_seconds,
                on_progress=on_progress,
                cancel=cancel,
                deterministic_time=deterministic_time,
            )
        except BaseException as error:  # re-raised in the task's thread below
            outcome["error"] = error

    thread = threading.Thread(target=work, name=f"rota-run-{run.pk}", daemon=True)
    thread.start()
    try:
        while thread.is_alive():
            thread.join(PROGRESS_SECONDS)
            with lock:
                progress = latest[0] if latest else None
            if progress is not None:
                RotaRun.objects.filter(pk=run.pk).update(
                    elapsed_seconds=round(progress.elapsed, 2),
                    solutions_found=progress.solutions,
                    objective=None if progress.objective is None else int(progress.objective),
                    bound=progress.bound,
                )
            if (
                not cancel.is_set()
                and RotaRun.objects.filter(pk=run.pk, cancel_requested=True).exists()
            ):
                cancel.set()
    finally:
        # A database error in this thread must not leave the engine running on its own.
        if thread.is_alive():
            cancel.set()
            thread.join()
    if "error" in outcome:
        raise outcome["error"]
    solution: adapter.Solution = outcome["solution"]
    return solution


def coverage(built: adapter.BuiltProblem, pairs: Iterable[Pair]) -> tuple[int, int]:
    """(places filled, places wanted) over the problem's shifts."""
    filled: dict[str, int] = defaultdict(int)
    for shift_id, _staff in set(pairs):
        filled[shift_id] += 1
    wanted = sum(s.headcount for s in built.problem.shifts)
    got = sum(min(filled.get(s.id, 0), s.headcount) for s in built.problem.shifts)
    return got, wanted


def store_solution(
    run: RotaRun,
    built: adapter.BuiltProblem,
    solution: adapter.Solution,
    extra: dict[str, Any] | None = None,
) -> None:
    pairs = [(a.shift_id, a.staff_id) for a in solution.assignments]
    warnings = [adapter.violation_words(built, v) for v in adapter.check_draft(built, pairs)]
    filled, wanted = coverage(built, pairs)
    cancelled = (
        solution.cancelled or RotaRun.objects.filter(pk=run.pk, cancel_requested=True).exists()
    )
    if solution.status in ("infeasible", "model_invalid"):
        status = RotaRun.Status.FAILED
    elif cancelled:
        status = RotaRun.Status.CANCELLED
    else:
        status = RotaRun.Status.DONE
    result = {
        "status": solution.status,
        "filled": filled,
        "wanted": wanted,
        "penalties": dict(solution.penalties),
        "penalty_words": adapter.penalty_words(built, solution.penalties, pairs),
        "uncovered": [
            {
                "shift": u.shift_id,
                "missing": u.missing,
                "reason": u.reason,
                "words": adapter.uncovered_words(built, u),
            }
            for u in solution.uncovered
        ],
        "warnings": warnings,
        "errors": adapter.input_error_words(solution.errors),
        "cancelled": cancelled,
        **(extra or {}),
    }
    with transaction.atomic():
        DraftAssignment.objects.filter(run=run).delete()
        DraftAssignment.objects.bulk_create(
            DraftAssignment(
                run=run,
                shift=built.shifts[shift_id],
                staff_member=built.staff[staff_id],
            )
            for shift_id, staff_id in pairs
        )
        RotaRun.objects.filter(pk=run.pk).update(
            status=status,
            result=result,
            error=_("The rules can't all be kept with this data.")
            if status == RotaRun.Status.FAILED
            else "",
            objective=solution.objective,
            bound=solution.bound,
            solutions_found=solution.solutions_found,
            elapsed_seconds=round(solution.wall_seconds, 2),
            finished_at=timezone.now(),
        )


# Checking a change ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ChangeCheck:
    """What a proposed change breaks, in plain words (only rules it newly breaks)."""

    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _key(v: Any) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    return (v.rule, tuple(sorted(v.staff_ids)), tuple(sorted(v.shift_ids)))


def check_change(
    built: adapter.BuiltProblem, before: Iterable[Pair], after: Iterable[Pair]
) -> ChangeCheck:
    old = {_key(v) for v in adapter.check_draft(built, before)}
    new = [v for v in adapter.check_draft(built, after) if _key(v) not in old]
    return ChangeCheck([adapter.violation_words(built, v) for v in new])


def eligible_team(shift: Shift) -> QuerySet[StaffMember]:
    """The person's approved team on the shift's day, core first."""
    return (
        StaffMember.objects.filter(
            team_memberships__in=TeamMembership.objects.filter(
                Q(ends_on__isnull=True) | Q(ends_on__gt=shift.on),
                person_id=shift.person_id,
                approved_by_person=True,
                starts_on__lte=shift.on,
            )
        )
        .distinct()
        .order_by("first_name", "last_name")
    )


def _check_choice(shift: Shift, workers: Sequence[StaffMember]) -> None:
    if len({w.pk for w in workers}) != len(workers):
        raise ValidationError({"workers": [_("Choose each worker once.")]})
    if len(workers) > shift.headcount:
        raise ValidationError(
            {
                "workers": [
                    ngettext(
                        "This shift needs %(n)s worker: choose no more.",
                        "This shift needs %(n)s workers: choose no more.",
                        shift.headcount,
                    )
                    % {"n": shift.headcount}
                ]
            }
        )
    allowed = set(eligible_team(shift).values_list("pk", flat=True))
    if any(w.pk not in allowed for w in workers):
        raise ValidationError({"workers": [_("Choose from the person's team on the day.")]})


def run_shift(run: RotaRun, shift: Shift) -> bool:
    """Whether ``shift`` is one of the run's shifts."""
    return (
        shift.status == Shift.Status.PLANNED
        and run.first_day <= shift.on <= run.last_day
        and run.people.filter(pk=shift.person_id).exists()
    )


def draft_pairs(run: RotaRun) -> list[Pair]:
    return [
        (str(s), str(m))
        for s, m in DraftAssignment.objects.filter(run=run).values_list(
            "shift__public_id", "staff_member__public_id"
        )
    ]


def _replace(pairs: Iterable[Pair], shift: Shift, workers: Sequence[StaffMember]) -> list[Pair]:
    key = str(shift.public_id)
    return [p for p in pairs if p[0] != key] + [(key, str(w.public_id)) for w in workers]


def check_draft_change(
    *, run: RotaRun, shift: Shift, workers: Sequence[StaffMember]
) -> ChangeCheck:
    """What giving ``shift`` to ``workers`` in the run's draft would break."""
    _check_choice(shift, workers)
    built = build_for_run(run)
    before = draft_pairs(run)
    return check_change(built, before, _replace(before, shift, workers))


def _confirm_or_refuse(found: ChangeCheck, confirmed: bool) -> None:
    if not found.ok and not confirmed:
        raise ValidationError(
            {"confirm": [_("This change breaks a working rule. Tick the box to save it anyway.")]}
        )


@transaction.atomic
def set_draft_workers(
    *,
    actor: User,
    run: RotaRun,
    shift: Shift,
    workers: Sequence[StaffMember],
    confirmed: bool = False,
) -> ChangeCheck:
    """Changes who works ``shift`` in the draft; a change that breaks a rule needs
    ``confirmed``."""
    if run.status != RotaRun.Status.DONE:
        raise ValidationError(_("Only a finished draft can be changed."))
    if not run_shift(run, shift):
        raise ValidationError(_("This shift is not in the draft."))
    found = check_draft_change(run=run, shift=shift, workers=workers)
    _confirm_or_refuse(found, confirmed)
    before = sorted(
        DraftAssignment.objects.filter(run=run, shift=shift).values_list(
            "staff_member__first_name", flat=True
        )
    )
    DraftAssignment.objects.filter(run=run, shift=shift).delete()
    DraftAssignment.objects.bulk_create(
        DraftAssignment(run=run, shift=shift, staff_member=w) for w in workers
    )
    record_change(
        actor=actor,
        organisation=run.organisation,
        action="rota_run.draft_change",
        obj=shift,
        person=shift.person,
        changes={
            "run": str(run.public_id),
            "workers": {"old": before, "new": sorted(w.first_name for w in workers)},
            "rules_broken": found.problems,
        },
    )
    return found


# Publishing and live changes -------------------------------------------------------------------


def _link(name: str, org: str) -> str:
    try:
        return reverse(name, kwargs={"org": org})
    except NoReverseMatch:
        return reverse("notifications:inbox", kwargs={"org": org})


def _circle_users(people: Iterable[Person]) -> dict[int, list[User]]:
    """For each person (pk): the circle members with a current rota consent who have users."""
    today = timezone.localdate()
    found: dict[int, list[User]] = defaultdict(list)
    for member in (
        CircleMember.objects.filter(person__in=list(people), user__isnull=False)
        .filter(consents__in=Consent.objects.filter(current_consent(today, ConsentCategory.ROTA)))
        .select_related("user")
        .distinct()
    ):
        if member.user is not None:
            found[member.person_id].append(member.user)
    return found


@dataclass
class _Changes:
    added: dict[int, list[Shift]] = field(default_factory=lambda: defaultdict(list))
    removed: dict[int, list[Shift]] = field(default_factory=lambda: defaultdict(list))
    members: dict[int, StaffMember] = field(default_factory=dict)
    people: dict[int, Person] = field(default_factory=dict)


def _apply(
    *,
    actor: User,
    shifts: Sequence[Shift],
    wanted: dict[int, set[int]],
    members: dict[int, StaffMember],
    action: str,
) -> _Changes:
    """Makes the live workers of ``shifts`` those in ``wanted`` (shift pk → staff pks),
    auditing each added or removed worker."""
    changes = _Changes()
    live: dict[int, set[int]] = defaultdict(set)
    for assignment in Assignment.objects.filter(shift__in=shifts).select_related("staff_member"):
        live[assignment.shift_id].add(assignment.staff_member_id)
        members.setdefault(assignment.staff_member_id, assignment.staff_member)
    to_delete: list[tuple[int, int]] = []
    to_add: list[Assignment] = []
    for row in shifts:
        old, new = live.get(row.pk, set()), wanted.get(row.pk, set())
        for staff_pk in sorted(old - new):
            to_delete.append((row.pk, staff_pk))
            changes.removed[staff_pk].append(row)
        for staff_pk in sorted(new - old):
            to_add.append(Assignment(shift=row, staff_member=members[staff_pk], created_by=actor))
            changes.added[staff_pk].append(row)
        for staff_pk in sorted(old ^ new):
            changes.members[staff_pk] = members[staff_pk]
            changes.people[row.person_id] = row.person
            record_change(
                actor=actor,
                organisation=row.organisation,
                action=action,
                obj=row,
                person=row.person,
                changes={
                    "worker": {
                        "old": members[staff_pk].name if staff_pk in old else None,
                        "new": members[staff_pk].name if staff_pk in new else None,
                    }
                },
            )
    if to_delete:
        condition = Q()
        for shift_pk, staff_pk in to_delete:
            condition |= Q(shift_id=shift_pk, staff_member_id=staff_pk)
        Assignment.objects.filter(condition).delete()
    Assignment.objects.bulk_create(to_add)
    return changes


def _shift_lines(rows: Iterable[Shift]) -> str:
    return "\n".join(
        f"- {when_words(r)} ({r.person.called})" for r in sorted(rows, key=lambda r: r.starts_at)
    )


def _notify(*, changes: _Changes, org: str, subject: str) -> None:
    """Workers hear what changed for them; people and their circle hear that their rota
    changed (no health details, only names, dates and times)."""
    link = _link("rota:my_shifts", org)
    for staff_pk, member in changes.members.items():
        parts = []
        if changes.added.get(staff_pk):
            parts.append(_("New shifts for you:") + "\n" + _shift_lines(changes.added[staff_pk]))
        if changes.removed.get(staff_pk):
            parts.append(
                _("Shifts you no longer work:") + "\n" + _shift_lines(changes.removed[staff_pk])
            )
        notify(
            users=[member.user],
            topic="rota",
            subject=subject,
            body="\n\n".join(parts),
            link=link,
        )
    circles = _circle_users(changes.people.values())
    who_link = _link("rota:who_is_coming", org)
    for person in changes.people.values():
        users = list(circles.get(person.pk, []))
        if person.user_id is not None and person.user is not None:
            users.append(person.user)
        if users:
            notify(
                users=users,
                topic="rota",
                subject=subject,
                body=_(
                    "Who is coming to support %(name)s has changed. See the rota for the "
                    "new times and names."
                )
                % {"name": person.called},
                link=who_link,
            )


def _run_shifts(run: RotaRun) -> list[Shift]:
    return list(
        Shift.objects.filter(
            organisation_id=run.organisation_id,
            person__in=run.people.all(),
            on__gte=run.first_day,
            on__lte=run.last_day,
        ).select_related("person", "person__user", "organisation")
    )


@transaction.atomic
def publish_run(*, actor: User, run: RotaRun) -> RotaRun:
    """Makes the draft the live rota of the run's shifts, audits every change and notifies
    everyone affected. Refused when the run is not a finished draft, when its shifts changed
    after it was built, or when a draft worker has since been given another shift then."""
    run = RotaRun.objects.select_for_update().select_related("organisation").get(pk=run.pk)
    if run.status != RotaRun.Status.DONE:
        raise ValidationError(
            _("Only a finished draft can be published; this one is %(status)s.")
            % {"status": run.get_status_display().lower()}
        )
    shifts = _run_shifts(run)
    changed = [s for s in shifts if s.updated_at > run.created_at]
    if changed:
        raise ValidationError(
            ngettext(
                "%(n)s shift changed after this draft was built (%(first)s). Build the rota "
                "again so that nothing is lost.",
                "%(n)s shifts changed after this draft was built (first: %(first)s). Build the "
                "rota again so that nothing is lost.",
                len(changed),
            )
            % {"n": len(changed), "first": when_words(changed[0])}
        )
    planned = [s for s in shifts if s.status == Shift.Status.PLANNED]
    wanted: dict[int, set[int]] = defaultdict(set)
    members: dict[int, StaffMember] = {}
    for draft in DraftAssignment.objects.filter(run=run).select_related("staff_member__user"):
        wanted[draft.shift_id].add(draft.staff_member_id)
        members[draft.staff_member_id] = draft.staff_member
    _refuse_double_booking(planned, wanted, members)
    changes = _apply(
        actor=actor, shifts=planned, wanted=wanted, members=members, action="rota.publish"
    )
    if (run.result or {}).get("purpose") == COVER:
        _open_gaps(actor=actor, run=run, shifts=planned)
    run.status = RotaRun.Status.PUBLISHED
    run.published_at = timezone.now()
    run.published_by = actor
    run.save(update_fields=["status", "published_at", "published_by"])
    record_change(
        actor=actor,
        organisation=run.organisation,
        action="rota_run.publish",
        obj=run,
        person=None,
        changes={
            "added": sum(map(len, changes.added.values())),
            "removed": sum(map(len, changes.removed.values())),
        },
    )
    _notify(
        changes=changes,
        org=run.organisation.slug,
        subject=_("The rota from %(first)s to %(last)s is published")
        % {"first": run.first_day.strftime("%d/%m/%Y"), "last": run.last_day.strftime("%d/%m/%Y")},
    )
    return run


def _open_gaps(*, actor: User, run: RotaRun, shifts: Sequence[Shift]) -> None:
    """Offers each place the cover left empty as an open shift."""
    by_id = {str(s.public_id): s for s in shifts}
    for gap in (run.result or {}).get("uncovered", []):
        row = by_id.get(gap["shift"])
        if row is None:
            continue
        for _place in range(int(gap.get("missing", 1))):
            create_audited(
                actor=actor,
                organisation=run.organisation,
                action="rota.open_shift",
                obj=OpenShift(organisation=run.organisation, shift=row, created_by=actor),
                person=row.person,
                fields=("shift", "status"),
            )


def _refuse_double_booking(
    shifts: Sequence[Shift], wanted: dict[int, set[int]], members: dict[int, StaffMember]
) -> None:
    if not shifts or not members:
        return
    pks = {s.pk for s in shifts}
    others: dict[int, list[tuple[dt.datetime, dt.datetime]]] = defaultdict(list)
    for staff_pk, starts, ends in (
        Assignment.objects.filter(
            staff_member_id__in=members,
            shift__status=Shift.Status.PLANNED,
            shift__starts_at__lt=max(s.ends_at for s in shifts),
            shift__ends_at__gt=min(s.starts_at for s in shifts),
        )
        .exclude(shift_id__in=pks)
        .values_list("staff_member_id", "shift__starts_at", "shift__ends_at")
    ):
        others[staff_pk].append((starts, ends))
    for row in shifts:
        for staff_pk in wanted.get(row.pk, ()):
            if any(s < row.ends_at and e > row.starts_at for s, e in others.get(staff_pk, ())):
                raise ValidationError(
                    _(
                        "%(name)s now has another shift at the same time as %(when)s. Build the "
                        "rota again."
                    )
                    % {"name": members[staff_pk].first_name, "when": when_words(row)}
                )


def live_problem(shift: Shift, workers: Sequence[StaffMember] = ()) -> adapter.BuiltProblem:
    """The shifts in the weeks around ``shift`` of its person and of everyone ``workers``
    support then: enough for every rule near it, rest and hours across people included."""
    monday = monday_of(shift.on)
    first_day, last_day = monday - dt.timedelta(days=7), monday + dt.timedelta(days=13)
    others = Person.objects.filter(
        shifts__assignments__staff_member__in=list(workers),
        shifts__status=Shift.Status.PLANNED,
        shifts__on__gte=first_day,
        shifts__on__lte=last_day,
    ).exclude(pk=shift.person_id)
    return adapter.build_problem(
        organisation=shift.organisation,
        people=[shift.person, *others.distinct().order_by("pk")],
        first_day=first_day,
        last_day=last_day,
    )


def live_pairs(built: adapter.BuiltProblem) -> list[Pair]:
    rows = [row.pk for row in built.shifts.values()]
    return [
        (str(s), str(m))
        for s, m in Assignment.objects.filter(shift_id__in=rows).values_list(
            "shift__public_id", "staff_member__public_id"
        )
    ]


def check_live_change(*, shift: Shift, workers: Sequence[StaffMember]) -> ChangeCheck:
    _check_choice(shift, workers)
    built = live_problem(shift, workers)
    before = live_pairs(built)
    return check_change(built, before, _replace(before, shift, workers))


@transaction.atomic
def set_shift_workers(
    *,
    actor: User,
    shift: Shift,
    workers: Sequence[StaffMember],
    seen: dt.datetime | None,
    confirmed: bool = False,
) -> ChangeCheck:
    """Changes who works a published shift: checked with the rules, audited, notified."""
    shift = (
        Shift.objects.select_for_update(of=("self",))
        .select_related("person", "person__user", "organisation")
        .get(pk=shift.pk)
    )
    if changed_since(shift.updated_at, seen):
        raise ValidationError(
            _(
                "Someone else changed this shift while you were editing. Check who works it now "
                "and try again."
            )
        )
    if shift.status != Shift.Status.PLANNED:
        raise ValidationError(_("This shift is cancelled: nobody works it."))
    found = check_live_change(shift=shift, workers=workers)
    _confirm_or_refuse(found, confirmed)
    members = {w.pk: w for w in workers}
    changes = _apply(
        actor=actor,
        shifts=[shift],
        wanted={shift.pk: set(members)},
        members=members,
        action="rota.change",
    )
    if changes.members:
        shift.save(update_fields=["updated_at"])
        _notify(
            changes=changes,
            org=shift.organisation.slug,
            subject=_("A change to the rota: %(when)s") % {"when": when_words(shift)},
        )
    return found
