"""Granting and revoking roles."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from ownterms.accounts import selectors, services
from ownterms.accounts.models import Role, RoleGrant
from ownterms.accounts.signals import access_ended, role_granted, role_revoked
from tests.ownterms.accounts import helpers

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin() -> Any:
    who = helpers.user(helpers.organisation(), Role.ADMINISTRATOR)
    helpers.enrol_totp(who)
    return who


@contextmanager
def _collect(*signals: Any) -> Iterator[list[list[dict[str, Any]]]]:
    got: list[list[dict[str, Any]]] = [[] for _ in signals]
    receivers = []
    for signal, bucket in zip(signals, got, strict=True):

        def receiver(sender: Any, bucket: list[dict[str, Any]] = bucket, **kwargs: Any) -> None:
            bucket.append(kwargs)

        signal.connect(receiver, weak=False)
        receivers.append((signal, receiver))
    try:
        yield got
    finally:
        for signal, receiver in receivers:
            signal.disconnect(receiver)


def test_administrator_grants_and_revokes(admin: Any) -> None:
    worker = helpers.user(admin.organisation)
    with _collect(role_granted, role_revoked) as (granted, revoked):
        assert services.grant_role(actor=admin, user=worker, role=Role.COORDINATOR)
        assert not services.grant_role(actor=admin, user=worker, role="coordinator")
        assert selectors.roles_of(worker) == {Role.COORDINATOR}
        assert services.revoke_role(actor=admin, user=worker, role=Role.COORDINATOR)
        assert not services.revoke_role(actor=admin, user=worker, role=Role.COORDINATOR)
    assert [(g["actor"], g["user"], g["role"]) for g in granted] == [
        (admin, worker, Role.COORDINATOR)
    ]
    assert len(revoked) == 1
    assert selectors.roles_of(worker) == frozenset()


@pytest.mark.parametrize("role", [r for r in Role if r != Role.ADMINISTRATOR])
def test_only_administrators_change_roles(admin: Any, role: Role) -> None:
    actor = helpers.user(admin.organisation, role)
    target = helpers.user(admin.organisation)
    with pytest.raises(PermissionDenied):
        services.grant_role(actor=actor, user=target, role=Role.MANAGER)
    assert not RoleGrant.objects.filter(user=target).exists()


def test_administrator_of_another_organisation_cannot(admin: Any) -> None:
    outsider = helpers.user(helpers.organisation())
    with pytest.raises(PermissionDenied):
        services.grant_role(actor=admin, user=outsider, role=Role.MANAGER)
    helpers.user(outsider.organisation, Role.MANAGER)
    with pytest.raises(PermissionDenied):
        services.revoke_role(actor=admin, user=outsider, role=Role.MANAGER)


@pytest.mark.parametrize("bad", ["", "superuser", "ADMINISTRATOR", "x" * 500])
def test_unknown_role_is_refused(admin: Any, bad: str) -> None:
    with pytest.raises(ValidationError):
        services.grant_role(actor=admin, user=helpers.user(admin.organisation), role=bad)


def test_revoking_ends_sessions_tokens_and_feeds(admin: Any) -> None:
    worker = helpers.user(admin.organisation, Role.SUPPORT_WORKER)
    helpers.enrol_totp(worker)
    client = Client()
    client.force_login(worker)
    assert client.get(reverse("core:home")).status_code == 200
    with _collect(access_ended) as (ended,):
        services.revoke_role(actor=admin, user=worker, role=Role.SUPPORT_WORKER)
    assert [(e["user"], e["reason"]) for e in ended] == [(worker, "role_revoked")]
    assert client.get(reverse("core:home")).status_code == 302


def test_granting_a_role_that_needs_mfa_signs_the_user_out_to_enrol(admin: Any) -> None:
    relative = helpers.user(admin.organisation, Role.CIRCLE)
    client = Client()
    client.force_login(relative)
    assert client.get(reverse("core:home")).status_code == 200
    services.grant_role(actor=admin, user=relative, role=Role.SUPPORT_WORKER)
    assert client.get(reverse("core:home"))["Location"].startswith(reverse("account_login"))
    client.force_login(relative)
    assert client.get(reverse("core:home"))["Location"] == reverse("mfa_activate_totp")


def test_system_may_grant_without_an_actor() -> None:
    who = helpers.user(helpers.organisation())
    assert services.grant_role(actor=None, user=who, role=Role.PERSON)
    assert selectors.has_role(who, Role.PERSON)
