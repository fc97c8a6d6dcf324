"""Demo-only MFA: every demo account's TOTP secret is derived from its email address.

Anyone who reads this file can compute the codes, which is the point: a tester can sign in
as any demo role. It is refused in production mode, and only demo enrolments are touched.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt, encrypt
from django.conf import settings
from django.db import transaction

from ownterms.accounts.models import Role, User

DEMO_ORGANISATION_SLUG = "harbour-lane"
DEMO_EMAIL_DOMAIN = "harbour-lane.example"
# The sign-in printed for each role (seed_demo creates these accounts).
DEMO_SIGN_INS: dict[Role, str] = {
    Role.ADMINISTRATOR: f"admin@{DEMO_EMAIL_DOMAIN}",
    Role.MANAGER: f"manager@{DEMO_EMAIL_DOMAIN}",
    Role.COORDINATOR: f"coordinator@{DEMO_EMAIL_DOMAIN}",
    Role.RECRUITER: f"recruiter@{DEMO_EMAIL_DOMAIN}",
    Role.FINANCE: f"finance@{DEMO_EMAIL_DOMAIN}",
    Role.SUPPORT_WORKER: f"support@{DEMO_EMAIL_DOMAIN}",
    Role.PERSON: f"person@{DEMO_EMAIL_DOMAIN}",
    Role.CIRCLE: f"family@{DEMO_EMAIL_DOMAIN}",
    Role.PARTNER: f"partner@{DEMO_EMAIL_DOMAIN}",
}
DEMO_PASSWORD = "own-terms-demo"  # noqa: S105 (published in the README on purpose)
# Not a secret: published so demo codes can be computed. Never used outside the demo.
DEMO_TOTP_KEY = b"own-terms-demo-totp-key:not-secret:do-not-use-in-production"
TOTP_PERIOD_SECONDS = 30


class DemoRefusedError(RuntimeError):
    """The demo helpers never run in production mode."""


def refuse_in_production() -> None:
    if getattr(settings, "PRODUCTION", False):
        raise DemoRefusedError(
            "Demo sign-ins are refused in production mode (OWNTERMS_ENV=production)."
        )


def demo_totp_secret(email: str) -> str:
    """The base32 TOTP secret of a demo account (20 bytes, as authenticator apps expect)."""
    digest = hmac.new(DEMO_TOTP_KEY, email.strip().lower().encode("utf-8"), hashlib.sha1)
    return base64.b32encode(digest.digest()).decode("ascii")


def totp_code(secret: str, at: float | None = None) -> str:
    moment = time.time() if at is None else at
    return str(format_hotp_value(hotp_value(secret, int(moment) // TOTP_PERIOD_SECONDS)))


def stored_totp_secret(user: User) -> str | None:
    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if authenticator is None:
        return None
    return str(decrypt(authenticator.data["secret"]))


def has_demo_enrolment(user: User) -> bool:
    return stored_totp_secret(user) == demo_totp_secret(user.email)


def enrol_demo_user(user: User) -> bool:
    """Give ``user`` the demo TOTP secret and recovery codes; True if newly enrolled.

    A user who already has an authenticator keeps it (they set up their own).
    """
    refuse_in_production()
    with transaction.atomic():
        if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            return False
        TOTP.activate(user, demo_totp_secret(user.email))
        RecoveryCodes.activate(user)
    return True


def enrol_demo_users(users: list[User]) -> int:
    """``enrol_demo_user`` for many users in a few queries (the demo at 10x scale has
    thousands); returns how many were newly enrolled. The rows are what allauth's own
    ``TOTP.activate`` and ``RecoveryCodes.activate`` write."""
    refuse_in_production()
    with transaction.atomic():
        have = set(
            Authenticator.objects.filter(user__in=users, type=Authenticator.Type.TOTP).values_list(
                "user_id", flat=True
            )
        )
        have_codes = set(
            Authenticator.objects.filter(
                user__in=users, type=Authenticator.Type.RECOVERY_CODES
            ).values_list("user_id", flat=True)
        )
        new = [user for user in users if user.pk not in have]
        rows = [
            Authenticator(
                user=user,
                type=Authenticator.Type.TOTP,
                data={"secret": encrypt(demo_totp_secret(user.email))},
            )
            for user in new
        ] + [
            Authenticator(
                user=user,
                type=Authenticator.Type.RECOVERY_CODES,
                data={"seed": encrypt(RecoveryCodes.generate_seed()), "used_mask": 0},
            )
            for user in new
            if user.pk not in have_codes
        ]
        Authenticator.objects.bulk_create(rows, batch_size=500)
    return len(new)
