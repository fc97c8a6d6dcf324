"""Reads about users, their roles, MFA and sessions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.db.models import QuerySet

from ownterms.accounts.models import MFA_REQUIRED_ROLES, Role, RoleGrant, User


def roles_of(user: User) -> frozenset[Role]:
    return frozenset(
        Role(value) for value in RoleGrant.objects.filter(user=user).values_list("role", flat=True)
    )


def has_role(user: User, *roles: Role) -> bool:
    return bool(RoleGrant.objects.filter(user=user, role__in=roles).exists())


def mfa_required_for(user: User) -> bool:
    """True when the user holds a role that may only be used with a second factor."""
    return has_role(user, *MFA_REQUIRED_ROLES)


def has_mfa(user: User) -> bool:
    return bool(Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists())


def recovery_codes_left(user: User) -> int | None:
    """How many unused recovery codes the user has, or None if they have none set up."""
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    authenticator = Authenticator.objects.filter(
        user=user, type=Authenticator.Type.RECOVERY_CODES
    ).first()
    if authenticator is None:
        return None
    return len(RecoveryCodes(authenticator).get_unused_codes())


def users_in(organisation_id: int) -> QuerySet[User]:
    return User.objects.filter(organisation_id=organisation_id)


@dataclass(frozen=True)
class SessionRow:
    started_at: datetime
    last_seen_at: datetime
    ip: str
    user_agent: str
    is_current: bool


def active_sessions(user: User, *, current_session_key: str | None) -> list[SessionRow]:
    """The user's signed-in sessions that still exist, oldest first."""
    sessions = sorted(UserSession.objects.purge_and_list(user), key=lambda s: s.created_at)
    return [
        SessionRow(
            started_at=s.created_at,
            last_seen_at=s.last_seen_at,
            ip=s.ip,
            user_agent=s.user_agent,
            is_current=bool(current_session_key) and s.session_key == current_session_key,
        )
        for s in sessions
    ]


def session_limits(user: User) -> tuple[int, int]:
    """Seconds of idleness, and seconds since signing in, after which a session ends: the
    organisation's settings, never longer than the server's."""
    from ownterms.core.selectors import cached_settings_today

    values = cached_settings_today(user.organisation_id)
    idle_minutes = min(values["session.idle_minutes"], settings.OWNTERMS_SESSION_IDLE_MINUTES)
    absolute_hours = min(values["session.absolute_hours"], settings.OWNTERMS_SESSION_ABSOLUTE_HOURS)
    return idle_minutes * 60, absolute_hours * 3600
