from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from ownterms.core.jobs import run_due


class Command(BaseCommand):
    help = "Runs what is due now (briefings, alerts, postings); safe to run every minute."

    def handle(self, *args: Any, **options: Any) -> None:
        for name, count in run_due(timezone.now()).items():
            self.stdout.write(f"{name}: {count}")
