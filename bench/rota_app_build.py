"""Times building the demo organisation's 4-week rota through the app, end to end.

Run: .venv/bin/python bench/rota_app_build.py [--time-limit S] [--deterministic D]
Seeds the demo organisation without its rota (``seed_demo --without-rota``) in a fresh SQLite
database in a temporary directory (not timed), then times each stage: create the run for
everyone for the first 4 weeks of the demo's month of shifts, the task
(adapter + engine + storing the draft), reading the draft, and publishing (replacing live
assignments, audit, notifications). Prints a table; asserts nothing.

When the demo has no shifts in those weeks (a checkout without the patterns enricher), each
person gets a 08:00-15:00 and a 15:00-22:00 day shift every day, so the engine has work.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _manage(args: list[str], env: dict[str, str]) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=REPO, env=env, check=True, capture_output=True
    )


def _fallback_shifts(first: dt.date, days: int) -> int:
    from zoneinfo import ZoneInfo

    from ownterms.people.models import Person
    from ownterms.rota.models import Shift

    london = ZoneInfo("Europe/London")
    rows = []
    for person in Person.objects.all():
        for offset in range(days):
            day = first + dt.timedelta(days=offset)
            for start, end in ((8, 15), (15, 22)):
                rows.append(
                    Shift(
                        organisation_id=person.organisation_id,
                        person=person,
                        on=day,
                        starts_at=dt.datetime(day.year, day.month, day.day, start, tzinfo=london),
                        ends_at=dt.datetime(day.year, day.month, day.day, end, tzinfo=london),
                        kind="day",
                    )
                )
    Shift.objects.bulk_create(rows)
    return len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--time-limit", type=int, default=10)
    parser.add_argument("--deterministic", type=float, default=None)
    parser.add_argument("--profile", action="store_true", help="profile the adapter re-run")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as var:
        env = {**os.environ, "OWNTERMS_VAR_DIR": var}
        env.pop("DATABASE_URL", None)
        _manage(["migrate", "--no-input", "-v", "0"], env)
        _manage(["seed_demo", "--without-rota"], env)
        os.environ.update({"OWNTERMS_VAR_DIR": var, "DJANGO_SETTINGS_MODULE": "ownterms.settings"})
        os.environ.pop("DATABASE_URL", None)
        sys.path.insert(0, str(REPO / "src"))
        import django

        django.setup()
        from django.conf import settings

        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        settings.TASKS = {
            "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
        }
        from django.db.models import Q

        from ownterms.accounts.models import Role, User
        from ownterms.demo.enrich_rota import demo_rota_range
        from ownterms.people.models import Person
        from ownterms.rota.models import Assignment, DraftAssignment, RotaRun, Shift
        from ownterms.rota.services import build as services
        from ownterms.rota.tasks import build_rota

        # The first four weeks of the demo's month of shifts (seeded without its rota).
        first = demo_rota_range(dt.date.today())[0]
        last = first + dt.timedelta(days=27)
        existing = Shift.objects.filter(on__gte=first, on__lte=last).count()
        made = 0 if existing else _fallback_shifts(first, 28)
        actor = User.objects.filter(role_grants__role=Role.ADMINISTRATOR).order_by("pk").first()
        assert actor is not None
        people = list(Person.objects.filter(organisation_id=actor.organisation_id))
        if options.deterministic:
            settings.OWNTERMS_ROTA_DETERMINISTIC_TIME = options.deterministic

        stages: list[tuple[str, float]] = []
        started = time.perf_counter()
        run = services.start_run(
            actor=actor,
            first_day=first,
            last_day=last,
            people=people,
            time_limit_seconds=options.time_limit,
            queue=False,
        )
        stages.append(("create run", time.perf_counter() - started))
        mark = time.perf_counter()
        build_rota.call(run.pk)
        stages.append(("task (adapter + engine + draft)", time.perf_counter() - mark))
        mark = time.perf_counter()
        run.refresh_from_db()
        draft = list(DraftAssignment.objects.filter(run=run).values_list("shift_id", flat=True))
        stages.append(("read draft", time.perf_counter() - mark))
        mark = time.perf_counter()
        services.publish_run(actor=actor, run=run)
        stages.append(("publish", time.perf_counter() - mark))
        total = time.perf_counter() - started

        built_started = time.perf_counter()
        if options.profile:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            profiler.runcall(services.build_for_run, run)
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(18)
        else:
            services.build_for_run(run)
        adapter_seconds = time.perf_counter() - built_started

        shifts = Shift.objects.filter(Q(on__gte=first) & Q(on__lte=last)).count()
        result = run.result
        covered = 100 * result.get("filled", 0) / max(1, result.get("wanted", 0))
        print(
            f"people {len(people)}, shifts {shifts} ({'generated here' if made else 'demo'}), "
            f"time limit {options.time_limit}s, engine status {result.get('status')}, "
            f"run {run.status if run.status != RotaRun.Status.DONE else 'done'}"
        )
        print(f"{'stage':<34}{'seconds':>9}")
        for name, seconds in stages:
            print(f"{name:<34}{seconds:>9.2f}")
        print(f"{'end to end':<34}{total:>9.2f}")
        print(f"{'(adapter alone, re-run)':<34}{adapter_seconds:>9.2f}")
        print(
            f"covered {covered:.1f}% ({result.get('filled')} of {result.get('wanted')} places), "
            f"draft rows {len(draft)}, live rows {Assignment.objects.count()}, "
            f"rule warnings {len(result.get('warnings', []))}"
        )


if __name__ == "__main__":
    main()
