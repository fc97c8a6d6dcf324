"""The auto-fill task end to end with a real solve (deterministic budget, one worker, seed 0)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from ownterms.audit.models import AuditEvent
from ownterms.rota.models import DraftAssignment, RotaRun
from ownterms.rota.services import build as services
from ownterms.rota.tasks import build_rota
from tests.cast import Cast
from tests.ownterms.rota.build_data import Scenario, scenario

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _deterministic(settings: Any) -> None:
    settings.OWNTERMS_ROTA_DETERMINISTIC_TIME = 0.5


def _start(cast: Cast, data: Scenario, capture: Any, **kw: Any) -> RotaRun:
    actor = cast.user("manager")
    assert actor is not None
    with capture(execute=True):
        run = services.start_run(
            actor=actor,
            first_day=data.monday,
            last_day=data.monday + dt.timedelta(days=6),
            people=kw.get("people", [cast.person, cast.other_person, data.nell]),
            time_limit_seconds=10,
        )
    run.refresh_from_db()
    return run


def test_builds_a_draft_with_reasons(cast: Cast, django_capture_on_commit_callbacks: Any) -> None:
    data = scenario(cast)
    run = _start(cast, data, django_capture_on_commit_callbacks)
    assert run.status == RotaRun.Status.DONE, run.error
    draft = DraftAssignment.objects.filter(run=run)
    covered = {d.shift_id for d in draft}
    assert {s.pk for s in data.alex_shifts} <= covered
    assert data.bilal_shift.pk in covered
    assert data.nell_shift.pk not in covered
    for d in draft:
        if d.shift.person_id == cast.person.pk:
            assert d.staff_member_id in {data.tariq.pk, data.wren.pk, data.reece.pk}
    assert run.result["filled"] == 6
    assert run.result["wanted"] == 7
    (gap,) = run.result["uncovered"]
    assert gap["shift"] == str(data.nell_shift.public_id)
    assert gap["reason"] == "no_team"
    assert gap["words"] == "Nobody is in this person's approved team on the day."
    assert run.result["warnings"] == []
    assert "1 place on a shift is left empty." in run.result["penalty_words"]
    assert run.started_at is not None and run.finished_at is not None
    assert AuditEvent.objects.filter(action="rota_run.start", object_id=str(run.public_id)).exists()


def test_same_input_gives_the_same_draft(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    data = scenario(cast)
    first = _start(cast, data, django_capture_on_commit_callbacks)
    second = _start(cast, data, django_capture_on_commit_callbacks)

    def rows(run: RotaRun) -> set[tuple[int, int]]:
        return set(
            DraftAssignment.objects.filter(run=run).values_list("shift_id", "staff_member_id")
        )

    assert rows(first) == rows(second)


def test_cancel_requested_before_start_stops_it(cast: Cast) -> None:
    data = scenario(cast)
    actor = cast.user("manager")
    assert actor is not None
    run = services.start_run(
        actor=actor,
        first_day=data.monday,
        last_day=data.monday + dt.timedelta(days=6),
        people=[cast.person],
        time_limit_seconds=10,
    )
    services.request_cancel(actor=actor, run=run)
    run.refresh_from_db()
    assert run.status == RotaRun.Status.CANCELLED
    build_rota.call(run.pk)  # the queued task finds nothing to do
    run.refresh_from_db()
    assert run.status == RotaRun.Status.CANCELLED
    assert not DraftAssignment.objects.filter(run=run).exists()


def test_cancel_while_running_keeps_the_best_so_far(cast: Cast) -> None:
    data = scenario(cast)
    run = RotaRun.objects.create(
        organisation=cast.organisation,
        first_day=data.monday,
        last_day=data.monday + dt.timedelta(days=6),
        status=RotaRun.Status.QUEUED,
        cancel_requested=True,  # as if the button was pressed just as it started
    )
    run.people.set([cast.person])
    build_rota.call(run.pk)
    run.refresh_from_db()
    assert run.status == RotaRun.Status.CANCELLED
    assert run.result["cancelled"] is True


def test_progress_is_written_while_it_runs(cast: Cast, settings: Any) -> None:
    settings.OWNTERMS_ROTA_DETERMINISTIC_TIME = 3.0
    data = scenario(cast)
    run = RotaRun.objects.create(
        organisation=cast.organisation,
        first_day=data.monday,
        last_day=data.monday + dt.timedelta(days=6),
    )
    run.people.set([cast.person, cast.other_person])
    build_rota.call(run.pk)
    run.refresh_from_db()
    assert run.status == RotaRun.Status.DONE
    assert run.solutions_found >= 1
    assert run.objective is not None
    assert run.elapsed_seconds > 0


def test_a_crash_becomes_failed_not_running(cast: Cast, monkeypatch: Any) -> None:
    data = scenario(cast)
    run = RotaRun.objects.create(
        organisation=cast.organisation,
        first_day=data.monday,
        last_day=data.monday + dt.timedelta(days=6),
    )
    run.people.set([cast.person])

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("disk on fire")

    # The crash is inside the engine's thread: the task must still finish the row.
    monkeypatch.setattr(services.adapter, "solve", broken)
    build_rota.call(run.pk)
    run.refresh_from_db()
    assert run.status == RotaRun.Status.FAILED
    assert "Something went wrong" in run.error
    assert "disk" not in run.error


def test_runs_only_once(cast: Cast) -> None:
    data = scenario(cast)
    run = RotaRun.objects.create(
        organisation=cast.organisation,
        first_day=data.monday,
        last_day=data.monday + dt.timedelta(days=6),
        status=RotaRun.Status.DONE,
    )
    build_rota.call(run.pk)
    build_rota.call(10**9)
    run.refresh_from_db()
    assert run.status == RotaRun.Status.DONE


@pytest.mark.parametrize(
    ("days", "people", "limit", "field"),
    [
        (42, True, 10, "last_day"),
        (-1, True, 10, "last_day"),
        (3, False, 10, "people"),
        (3, True, 0, "time_limit_seconds"),
        (3, True, 121, "time_limit_seconds"),
    ],
)
def test_start_refuses_bad_input(
    cast: Cast, days: int, people: bool, limit: int, field: str
) -> None:
    from django.core.exceptions import ValidationError

    actor = cast.user("manager")
    assert actor is not None
    with pytest.raises(ValidationError) as error:
        services.start_run(
            actor=actor,
            first_day=cast.today,
            last_day=cast.today + dt.timedelta(days=days),
            people=[cast.person] if people else [],
            time_limit_seconds=limit,
        )
    assert field in error.value.message_dict
    assert not RotaRun.objects.exists()
