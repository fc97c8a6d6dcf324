"""Security events from Django's auth, django-axes and allauth's MFA, into the audit trail."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db import models
from django.http import HttpRequest

from ownterms.accounts.models import User
from ownterms.audit.services import SecurityAction, record_change, record_security
from ownterms.core.models import Organisation


def _user_by_login(login: object) -> User | None:
    if not isinstance(login, str) or not login or len(login) > 254:
        return None
    return User.objects.filter(email__iexact=login.strip()).first()


def signed_in(sender: object, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    record_security(action=SecurityAction.SIGNED_IN, user=user, request=request)


def signed_out(
    sender: object, request: HttpRequest | None, user: User | None, **kwargs: Any
) -> None:
    if user is not None:
        record_security(action=SecurityAction.SIGNED_OUT, user=user, request=request)


def sign_in_failed(
    sender: object,
    credentials: Mapping[str, Any],
    request: HttpRequest | None = None,
    **kwargs: Any,
) -> None:
    login = credentials.get("email") or credentials.get("username") or credentials.get("login")
    user = _user_by_login(login)
    if user is not None:
        record_security(action=SecurityAction.SIGN_IN_FAILED, user=user, request=request)


def locked_out(
    sender: object, request: HttpRequest | None, username: object, **kwargs: Any
) -> None:
    user = _user_by_login(username)
    if user is not None:
        record_security(action=SecurityAction.LOCKED_OUT, user=user, request=request)


def _mfa(action: str) -> Any:
    def handler(
        sender: object, request: HttpRequest | None, user: User, authenticator: Any, **kw: Any
    ) -> None:
        kind = str(getattr(authenticator, "type", ""))
        record_security(action=action, user=user, request=request, details={"method": kind})

    return handler


mfa_added = _mfa(SecurityAction.MFA_ADDED)
mfa_removed = _mfa(SecurityAction.MFA_REMOVED)
mfa_reset = _mfa(SecurityAction.MFA_RESET)
mfa_failed = _mfa(SecurityAction.MFA_FAILED)


def access_ended(sender: object, user: User, reason: str = "", **kwargs: Any) -> None:
    record_security(
        action=SecurityAction.SESSIONS_ENDED, user=user, details={"reason": str(reason)}
    )


def _role_change(action: str) -> Any:
    def handler(
        sender: object, actor: User | None, user: User, role: object, **kwargs: Any
    ) -> None:
        was, now = (None, str(role)) if action == "role.grant" else (str(role), None)
        record_change(
            actor=actor,
            organisation=user.organisation,
            action=action,
            obj=user,
            person=None,
            changes={"role": {"old": was, "new": now}},
        )

    return handler


role_granted = _role_change("role.grant")
role_revoked = _role_change("role.revoke")


def setting_changed(
    sender: object,
    actor: User | None,
    organisation: Organisation,
    row: models.Model,
    key: str,
    old_value: object,
    new_value: object,
    effective_from: date,
    **kwargs: Any,
) -> None:
    record_change(
        actor=actor,
        organisation=organisation,
        action="setting.change",
        obj=row,
        person=None,
        changes={
            key: {"old": old_value, "new": new_value},
            "effective_from": {"old": None, "new": effective_from.isoformat()},
        },
    )


def connect() -> None:
    from allauth.mfa import signals as mfa_signals
    from axes.signals import user_locked_out
    from django.contrib.auth import signals as auth_signals

    from ownterms.accounts import signals as account_signals
    from ownterms.core import signals as core_signals

    auth_signals.user_logged_in.connect(signed_in, dispatch_uid="audit.signed_in")
    auth_signals.user_logged_out.connect(signed_out, dispatch_uid="audit.signed_out")
    auth_signals.user_login_failed.connect(sign_in_failed, dispatch_uid="audit.sign_in_failed")
    user_locked_out.connect(locked_out, dispatch_uid="audit.locked_out")
    mfa_signals.authenticator_added.connect(mfa_added, dispatch_uid="audit.mfa_added")
    mfa_signals.authenticator_removed.connect(mfa_removed, dispatch_uid="audit.mfa_removed")
    mfa_signals.authenticator_reset.connect(mfa_reset, dispatch_uid="audit.mfa_reset")
    mfa_signals.authentication_failed.connect(mfa_failed, dispatch_uid="audit.mfa_failed")
    account_signals.access_ended.connect(access_ended, dispatch_uid="audit.access_ended")
    account_signals.role_granted.connect(role_granted, dispatch_uid="audit.role_granted")
    account_signals.role_revoked.connect(role_revoked, dispatch_uid="audit.role_revoked")
    core_signals.setting_changed.connect(setting_changed, dispatch_uid="audit.setting_changed")
