"""manage.py demo_sign_ins: how to sign in to the demo organisation, one account per role."""

from __future__ import annotations

from typing import Any

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from ownterms.accounts.models import User
from ownterms.demo import builders

TOTP_PERIOD = 30


class Command(BaseCommand):
    help = "Print the demo sign-ins (emails, password, and the demo authenticator secret)."

    def handle(self, *args: Any, **options: Any) -> None:
        org = builders.demo_organisation()
        if org is None:
            self.stdout.write("There is no demo organisation yet: run `manage.py seed_demo`.")
            return
        users = {
            u.email: u
            for u in User.objects.filter(organisation=org, email__in=builders.SIGN_INS.values())
        }
        enrolled = set(
            Authenticator.objects.filter(
                user__in=users.values(), type=Authenticator.Type.TOTP
            ).values_list("user__email", flat=True)
        )
        self.stdout.write(
            f"Demo sign-ins for {org.name} (every password: {builders.DEMO_PASSWORD})"
        )
        for role, email in builders.SIGN_INS.items():
            if email not in users:
                continue
            mfa = "authenticator code" if email in enrolled else "no second step"
            self.stdout.write(f"  {role.replace('_', ' '):<17} {email:<36} {mfa}")
        if getattr(settings, "OWNTERMS_DEMO_RELAX_MFA", False):
            self.stdout.write("MFA is relaxed for this demo (OWNTERMS_DEMO_RELAX_MFA=1).")
        if enrolled:
            now = int(timezone.now().timestamp())
            code = format_hotp_value(hotp_value(builders.DEMO_TOTP_SECRET, now // TOTP_PERIOD))
            left = TOTP_PERIOD - now % TOTP_PERIOD
            self.stdout.write(
                f"Authenticator secret for the accounts above that need a code: "
                f"{builders.DEMO_TOTP_SECRET}\n"
                f"  (add it to any authenticator app; the current code is {code}, "
                f"valid for {left} more seconds; run `manage.py demo_sign_ins` again for a new one)"
            )
