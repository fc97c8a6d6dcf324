"""manage.py seed_demo: the fictional demo organisation, Harbour Lane Support."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.test.utils import override_settings
from django.utils import timezone

from ownterms.demo import builders


class Command(BaseCommand):
    help = (
        "Create the fictional demo organisation 'Harbour Lane Support' (slug harbour-lane): "
        "32 people and 150 staff by default, deterministic for a given --seed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--people", type=int, default=builders.DEFAULT_PEOPLE)
        parser.add_argument("--staff", type=int, default=builders.DEFAULT_STAFF)
        parser.add_argument("--seed", type=int, default=builders.DEFAULT_SEED)
        parser.add_argument(
            "--without-rota",
            action="store_true",
            help="Skip building and publishing the month's rota with the engine (faster).",
        )
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing if the demo organisation already exists.",
        )
        mode.add_argument(
            "--reset",
            action="store_true",
            help="Delete the demo organisation and build it again (SQLite demo database only).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if getattr(settings, "PRODUCTION", False):
            raise CommandError(
                "seed_demo creates accounts with a published password; "
                "it is refused in production mode (OWNTERMS_ENV=production)"
            )
        scale = builders.Scale(
            people=options["people"],
            staff=options["staff"],
            seed=options["seed"],
            rota=not options["without_rota"],
        )
        try:
            scale.check()
            if options["if_empty"] and builders.demo_organisation() is not None:
                self.stdout.write("The demo organisation already exists; nothing to do.")
                return
            if options["reset"] and builders.delete_demo():
                self.stdout.write("Deleted the demo organisation.")
            started = time.perf_counter()
            # The demo's people are fictional: publishing its rota notifies them in the app only.
            with override_settings(OWNTERMS_EMAIL_NOTIFICATIONS=False):
                summary = builders.build_demo(scale=scale, now=timezone.now())
        except builders.DemoError as exc:
            raise CommandError(str(exc)) from exc
        elapsed = time.perf_counter() - started
        counts = ", ".join(
            f"{value} {key.replace('_', ' ')}" for key, value in summary.counts.items()
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {summary.organisation.name} ({builders.SLUG}) with seed {scale.seed} "
                f"in {elapsed:.1f}s: {counts}."
            )
        )
        self.stdout.write("`manage.py demo_sign_ins` prints how to sign in as each role.")
