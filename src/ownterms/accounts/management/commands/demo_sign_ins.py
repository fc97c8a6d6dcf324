"""Print one sign-in per role for the demo organisation, enrolling demo accounts in MFA."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Prefetch

from ownterms.accounts import demo
from ownterms.accounts.models import MFA_REQUIRED_ROLES, Role, RoleGrant, User
from ownterms.core.models import Organisation


class Command(BaseCommand):
    help = (
        "Demo only: enrol the demo organisation's staff and partners in TOTP with secrets "
        "derived from their email addresses, and print one sign-in per role."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--url", default="http://127.0.0.1:8000", help="Where the demo is served."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            demo.refuse_in_production()
        except demo.DemoRefusedError as exc:
            raise CommandError(str(exc)) from exc
        organisation = Organisation.objects.filter(slug=demo.DEMO_ORGANISATION_SLUG).first()
        if organisation is None:
            self.stdout.write(
                f"No demo organisation ({demo.DEMO_ORGANISATION_SLUG!r}) yet: run "
                "`manage.py seed_demo` first. Nothing to print."
            )
            return
        users = list(
            User.objects.filter(organisation=organisation, is_active=True)
            .prefetch_related(Prefetch("role_grants", queryset=RoleGrant.objects.all()))
            .order_by("email")
        )
        roles_by_user = {u.pk: {Role(g.role) for g in u.role_grants.all()} for u in users}
        enrolled = demo.enrol_demo_users(
            [user for user in users if roles_by_user[user.pk] & MFA_REQUIRED_ROLES]
        )

        out = self.stdout.write
        out("")
        out(f"Demo sign-ins for {organisation.name}")
        out(f"  Sign in at {options['url'].rstrip('/')}/accounts/login/")
        out(f"  Password for every demo account: {demo.DEMO_PASSWORD}")
        out(
            "  Staff and partners also need a 6-digit code. Add the secret to an "
            "authenticator app, or use the code printed here (it changes every 30 seconds; "
            "`python manage.py demo_code EMAIL` prints a fresh one)."
        )
        if enrolled:
            out(f"  ({enrolled} demo accounts were just enrolled in MFA.)")
        out("")
        for role in Role:
            holders = [u for u in users if role in roles_by_user[u.pk]]
            if not holders:
                out(f"  {role.label}: no demo account")
                continue
            # The seeded sign-in for the role, else someone with only this role.
            chosen = next(
                (u for u in holders if u.email == demo.DEMO_SIGN_INS.get(role)),
                next((u for u in holders if roles_by_user[u.pk] == {role}), holders[0]),
            )
            out(f"  {role.label}: {chosen.email}")
            if role in MFA_REQUIRED_ROLES or demo.stored_totp_secret(chosen):
                if demo.has_demo_enrolment(chosen):
                    secret = demo.demo_totp_secret(chosen.email)
                    out(f"      code now: {demo.totp_code(secret)}    secret: {secret}")
                else:
                    out("      uses their own authenticator app (set up by hand)")
            else:
                out("      no code needed")
        out("")
