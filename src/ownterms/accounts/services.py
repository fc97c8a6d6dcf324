"""Writes about users: roles and sessions. Audit listens to the signals sent here."""

from __future__ import annotations

from importlib import import_module

from allauth.usersessions.models import UserSession
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from ownterms.accounts import selectors
from ownterms.accounts.models import MFA_REQUIRED_ROLES, Role, RoleGrant, User
from ownterms.accounts.signals import access_ended, role_granted, role_revoked


def _end_all_sessions(user: User) -> None:
    # Raising the epoch changes the user's session hash, so every session (tracked or not,
    # in any session store) stops verifying at its next request; tracked ones are also
    # deleted now so they disappear from the store and from "active sessions".
    User.objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)
    user.refresh_from_db(fields=["session_epoch"])
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    for tracked in UserSession.objects.filter(user=user):
        store_class().delete(tracked.session_key)
        tracked.delete()


def end_sessions_for(user: User, *, reason: str = "access_ended") -> None:
    """End every session of ``user`` at once and tell other apps to revoke the rest.

    Call it when a contract, team membership, grant or consent that let the user in ends.
    Receivers of ``access_ended`` revoke API tokens and calendar feeds in this transaction.
    """
    with transaction.atomic():
        _end_all_sessions(user)
        access_ended.send(sender=User, user=user, reason=reason)


def _check_actor(actor: User | None, user: User) -> None:
    if actor is None:  # the system: a command, a migration, the demo
        return
    if actor.organisation_id != user.organisation_id or not selectors.has_role(
        actor, Role.ADMINISTRATOR
    ):
        raise PermissionDenied(_("Only an administrator of the organisation can change roles."))


def _as_role(role: Role | str) -> Role:
    try:
        return Role(role)
    except ValueError:
        raise ValidationError(_("%(role)s is not a role."), params={"role": role}) from None


def grant_role(*, actor: User | None, user: User, role: Role | str) -> bool:
    """Give ``user`` the role; True if it is new.

    A user who now needs a second factor but has none is signed out, so the next sign-in
    takes them to set one up before anything else.
    """
    role = _as_role(role)
    _check_actor(actor, user)
    with transaction.atomic():
        _grant, created = RoleGrant.objects.get_or_create(user=user, role=role)
        if created:
            role_granted.send(sender=RoleGrant, actor=actor, user=user, role=role)
            if role in MFA_REQUIRED_ROLES and not selectors.has_mfa(user):
                _end_all_sessions(user)
    return created


def revoke_role(*, actor: User | None, user: User, role: Role | str) -> bool:
    """Take the role away and end the user's sessions, tokens and feeds; True if held."""
    role = _as_role(role)
    _check_actor(actor, user)
    with transaction.atomic():
        deleted, _rows = RoleGrant.objects.filter(user=user, role=role).delete()
        if deleted:
            role_revoked.send(sender=RoleGrant, actor=actor, user=user, role=role)
            end_sessions_for(user, reason="role_revoked")
    return bool(deleted)
