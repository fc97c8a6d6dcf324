"""Token issue, authentication and revocation, including hostile token strings."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from ownterms.accounts.models import User
from ownterms.accounts.signals import access_ended
from ownterms.api import services
from ownterms.api.models import ApiToken
from ownterms.audit.models import AuditEvent
from ownterms.core.models import Organisation
from tests.ownterms.api.conftest import ApiClient, assert_envelope, make_user

pytestmark = pytest.mark.django_db


def test_only_the_hash_is_stored_and_the_secret_works_once_shown(admin: User) -> None:
    issued = services.create_token(user=admin, name="Payroll export")
    token = ApiToken.objects.get(pk=issued.token.pk)
    assert issued.secret.startswith(f"ot_{token.prefix}_")
    assert issued.secret not in {token.secret_hash, token.prefix, token.name}
    assert token.secret_hash == services.hash_token(issued.secret)
    assert len(token.secret_hash) == 64
    assert ApiClient(issued.secret).get("/api/v1/tokens").status_code == 200


def test_creation_and_revocation_are_audited_without_the_secret(admin: User) -> None:
    issued = services.create_token(user=admin, name="Reports")
    services.revoke_token(actor=admin, token=issued.token)
    services.revoke_token(actor=admin, token=issued.token)  # a second revoke records nothing
    events = list(AuditEvent.objects.filter(kind="security").order_by("id"))
    assert [e.action for e in events] == ["api_token.create", "api_token.revoke"]
    assert all(e.changes["credential"] == str(issued.token.public_id) for e in events)
    assert all(e.changes["key_prefix"] == issued.token.prefix for e in events)
    assert all(e.organisation_id == admin.organisation_id for e in events)
    assert issued.secret.split("_", 2)[2] not in str([e.changes for e in events])


@pytest.mark.parametrize(
    ("name", "lifetime"),
    [
        ("", timedelta(days=1)),
        ("   ", timedelta(days=1)),
        ("x" * 101, timedelta(days=1)),
        ("ok", timedelta(0)),
        ("ok", timedelta(days=-3)),
        ("ok", timedelta(days=366)),
    ],
)
def test_bad_token_requests_are_refused(admin: User, name: str, lifetime: timedelta) -> None:
    with pytest.raises(services.TokenError):
        services.create_token(user=admin, name=name, lifetime=lifetime)
    assert not ApiToken.objects.exists()


def test_active_tokens_per_user_are_capped(admin: User) -> None:
    for i in range(services.MAX_ACTIVE_TOKENS_PER_USER):
        services.create_token(user=admin, name=f"t{i}")
    with pytest.raises(services.TokenError):
        services.create_token(user=admin, name="one too many")


def test_expired_token_is_401(admin: User) -> None:
    past = timezone.now() - timedelta(days=40)
    issued = services.create_token(user=admin, name="old", lifetime=timedelta(days=30), now=past)
    assert_envelope(ApiClient(issued.secret).get("/api/v1/tokens"), 401, "not_authenticated")


def test_revoked_token_is_401(admin: User, admin_token: str) -> None:
    token = ApiToken.objects.get(user=admin)
    services.revoke_token(actor=admin, token=token)
    response = ApiClient(admin_token).get("/api/v1/tokens")
    assert_envelope(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_inactive_user_token_is_401(admin: User, admin_token: str) -> None:
    User.objects.filter(pk=admin.pk).update(is_active=False)
    assert_envelope(ApiClient(admin_token).get("/api/v1/tokens"), 401)


@pytest.mark.parametrize(
    "header",
    [
        None,
        "",
        "Bearer",
        "Bearer ",
        "Basic dXNlcjpwYXNz",
        "Token ot_000000000000_" + "a" * 43,
        "Bearer ot_000000000000_" + "a" * 43,
        "Bearer ot_zzzzzzzzzzzz_" + "a" * 43,
        "Bearer xx_000000000000_" + "a" * 43,
        "Bearer ot_" + "0" * 500,
        "Bearer " + "\u00e9" * 60,
        "Bearer ot_000000000000_" + "\x00" * 30,
        "Bearer ' OR 1=1 --",
    ],
)
def test_missing_or_malformed_tokens_are_401(admin_token: str, header: str | None) -> None:
    headers = {} if header is None else {"Authorization": header}
    assert_envelope(ApiClient().get("/api/v1/tokens", headers=headers), 401, "not_authenticated")


def test_token_with_right_prefix_and_wrong_secret_is_401(admin: User, admin_token: str) -> None:
    prefix = ApiToken.objects.get(user=admin).prefix
    forged = f"ot_{prefix}_" + "b" * 43
    assert_envelope(ApiClient(forged).get("/api/v1/tokens"), 401)


def test_last_used_is_recorded_but_not_on_every_request(admin: User, admin_token: str) -> None:
    client = ApiClient(admin_token)
    client.get("/api/v1/tokens")
    first = ApiToken.objects.get(user=admin).last_used_at
    assert first is not None
    client.get("/api/v1/tokens")
    assert ApiToken.objects.get(user=admin).last_used_at == first


def test_tokens_endpoint_lists_only_own_tokens(
    admin: User, admin_token: str, org: Organisation, other_org: Organisation
) -> None:
    colleague = make_user(org, "colleague@test.example")
    outsider = make_user(other_org, "outsider@other.example")
    theirs = services.create_token(user=colleague, name="colleague's").token
    foreign = services.create_token(user=outsider, name="outsider's").token
    client = ApiClient(admin_token)
    listed = client.get("/api/v1/tokens").json()
    assert listed["count"] == 1
    assert {item["name"] for item in listed["items"]} == {"test"}
    assert "id" not in listed["items"][0]
    for token in (theirs, foreign):
        assert_envelope(client.get(f"/api/v1/tokens/{token.public_id}"), 404, "not_found")
        assert_envelope(client.request("DELETE", f"/api/v1/tokens/{token.public_id}"), 404)
        assert ApiToken.objects.get(pk=token.pk).revoked_at is None


def test_a_token_can_revoke_itself(admin: User, admin_token: str) -> None:
    client = ApiClient(admin_token)
    own = ApiToken.objects.get(user=admin)
    response = client.request("DELETE", f"/api/v1/tokens/{own.public_id}")
    assert response.status_code == 200
    assert response.json()["revoked_at"] is not None
    assert_envelope(client.get("/api/v1/tokens"), 401)


def test_rename_validates_and_audits(admin: User, admin_token: str) -> None:
    client = ApiClient(admin_token)
    own = ApiToken.objects.get(user=admin)
    url = f"/api/v1/tokens/{own.public_id}"
    fields = assert_envelope(client.request("PATCH", url, {"name": ""}), 422)["fields"]
    assert "body.name" in fields
    assert client.request("PATCH", url, {"name": "Renamed"}).json()["name"] == "Renamed"
    assert AuditEvent.objects.filter(action="api_token.rename").count() == 1


def test_access_ended_revokes_tokens(admin: User, admin_token: str) -> None:
    access_ended.send(sender=User, user=admin, reason="contract_ended")
    assert ApiToken.objects.get(user=admin).revoked_reason == "access_ended"
    assert_envelope(ApiClient(admin_token).get("/api/v1/tokens"), 401)


def test_revoke_all_tokens_for_a_user(admin: User) -> None:
    for i in range(3):
        services.create_token(user=admin, name=f"t{i}")
    assert services.revoke_all_tokens_for(user=admin, reason="access_ended") == 3
    assert services.revoke_all_tokens_for(user=admin, reason="access_ended") == 0
    assert not ApiToken.objects.filter(revoked_at__isnull=True).exists()


def test_ending_a_users_access_through_the_service_revokes_their_tokens(
    admin: User, admin_token: str
) -> None:
    from ownterms.accounts.services import end_sessions_for

    end_sessions_for(admin, reason="contract_ended")
    assert_envelope(ApiClient(admin_token).get("/api/v1/tokens"), 401)
