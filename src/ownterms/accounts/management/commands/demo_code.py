"""Print the current 6-digit code of a demo account."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ownterms.accounts import demo
from ownterms.accounts.models import User


class Command(BaseCommand):
    help = "Demo only: print the current sign-in code of a demo account enrolled by demo_sign_ins."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("email")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            demo.refuse_in_production()
        except demo.DemoRefusedError as exc:
            raise CommandError(str(exc)) from exc
        email = str(options["email"]).strip().lower()
        user = User.objects.filter(
            email__iexact=email, organisation__slug=demo.DEMO_ORGANISATION_SLUG
        ).first()
        if user is None:
            raise CommandError(f"No demo account with the email address {email!r}.")
        if not demo.has_demo_enrolment(user):
            raise CommandError(
                f"{email} has no demo authenticator (run `manage.py demo_sign_ins` first, "
                "or the account set up its own)."
            )
        self.stdout.write(demo.totp_code(demo.demo_totp_secret(user.email)))
