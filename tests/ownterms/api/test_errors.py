"""Every failure under /api/ is the JSON envelope with the right status, never HTML or a 500."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path
from ninja import NinjaAPI

from ownterms import urls as project_urls
from ownterms.api import errors
from ownterms.api.models import ApiToken
from tests.ownterms.api.conftest import ApiClient, assert_envelope

pytestmark = pytest.mark.django_db


def _boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("secret detail that must not leak")


crash_api = NinjaAPI(urls_namespace="crash-test", docs_url=None, openapi_url=None)
errors.install_handlers(crash_api)


@crash_api.get("/boom")
def _ninja_boom(request: HttpRequest) -> None:
    raise RuntimeError("secret detail that must not leak")


# A URLconf for these tests: views under /api/ that crash, inside and outside ninja.
urlpatterns = [
    path("api/crash", _boom),
    path("api/ninja/", crash_api.urls),
    *project_urls.urlpatterns,
]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/nothing-here",
        "/api/v1/people/../../etc/passwd",
        "/api/v1/tokens/not-a-uuid",
        "/api/v1/tokens/00000000-0000-0000-0000-000000000000",
        "/api/v1/tokens/%00",
        "/api/v1/%E2%80%AE",
        "/api/v2/tokens",
        "/api/",
    ],
)
def test_unknown_paths_are_404_envelopes(api: ApiClient, path: str) -> None:
    assert_envelope(api.get(path), 404, "not_found")


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_wrong_method_is_405_envelope(api: ApiClient, method: str) -> None:
    response = api.request(method, "/api/v1/tokens", {})
    assert_envelope(response, 405, "method_not_allowed")
    assert "GET" in response["Allow"]


def _own_token_url(api: ApiClient) -> str:
    token = ApiToken.objects.get()
    return f"/api/v1/tokens/{token.public_id}"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ("{bad json", "body"),
        ('{"name": "unterminated', "body"),
        ("", None),
        ("[]", "body"),
        ('"just a string"', "body"),
        ("null", "body"),
        ("1e999999", "body"),
        ("[" * 100_000 + "]" * 100_000, "body"),
        ('{"name": 5}', "body.name"),
        ('{"name": null}', "body.name"),
        ('{"name": ["a"]}', "body.name"),
        ('{"name": {"$gt": ""}}', "body.name"),
        ('{"name": true}', "body.name"),
        ('{"name": "ok", "admin": true}', "body.admin"),
        ('{"name": "ok", "user_id": 1}', "body.user_id"),
        ('{"name": "' + "x" * 101 + '"}', "body.name"),
        ("{}", "body.name"),
    ],
)
def test_bad_bodies_are_422_with_field_errors(api: ApiClient, body: str, field: str | None) -> None:
    response = api.request("PATCH", _own_token_url(api), body)
    error = assert_envelope(response, 422)
    if field is not None:
        assert field in error["fields"], error


def test_invalid_utf8_body_is_422(api: ApiClient) -> None:
    response = api.client.generic(
        "PATCH",
        _own_token_url(api),
        b'{"name": "\xff\xfe"}',
        content_type="application/json",
        headers={"Authorization": f"Bearer {api.token}"},
    )
    assert_envelope(response, 422, "invalid_json")


@pytest.mark.parametrize(
    "content_type",
    [
        "application/x-www-form-urlencoded",
        "text/plain",
        "multipart/form-data; boundary=x",
        "application/xml",
    ],
)
def test_wrong_content_type_is_415(api: ApiClient, content_type: str) -> None:
    response = api.request("PATCH", _own_token_url(api), '{"name": "x"}', content_type=content_type)
    assert_envelope(response, 415, "unsupported_media_type")


def test_huge_body_is_413(api: ApiClient, settings: Any) -> None:
    body = json.dumps({"name": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10)})
    assert_envelope(api.request("PATCH", _own_token_url(api), body), 413, "too_large")


@pytest.mark.parametrize(
    "query",
    ["limit=abc", "limit=0", "limit=-1", "limit=100000", "offset=-5", "offset=1.5", "limit=1e3"],
)
def test_bad_query_parameters_are_422(api: ApiClient, query: str) -> None:
    error = assert_envelope(api.get(f"/api/v1/tokens?{query}"), 422, "invalid")
    assert any(key.startswith("query.") for key in error["fields"])


def test_unauthenticated_errors_come_before_validation(anon_api: ApiClient) -> None:
    assert_envelope(anon_api.request("PATCH", "/api/v1/tokens/x", "{bad"), 404)
    url = "/api/v1/tokens/00000000-0000-0000-0000-000000000000"
    assert_envelope(anon_api.request("PATCH", url, "{bad"), 401)


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("debug", [False, True])
def test_unhandled_error_in_an_api_view_is_a_500_envelope_without_detail(
    settings: Any, debug: bool
) -> None:
    settings.DEBUG = debug
    response = Client().get("/api/ninja/boom")
    assert_envelope(response, 500, "server_error")
    assert b"secret detail" not in response.content


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("debug", [False, True])
def test_crash_outside_ninja_under_api_is_a_500_envelope(settings: Any, debug: bool) -> None:
    settings.DEBUG = debug
    client = Client(raise_request_exception=False)
    response = client.get("/api/crash")
    assert_envelope(response, 500, "server_error")
    assert b"secret detail" not in response.content


def test_csrf_failures_under_api_are_envelopes(admin_token: str) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.patch(
        "/api/v1/tokens/00000000-0000-0000-0000-000000000000",
        '{"name": "x"}',
        content_type="application/json",
        headers={"Authorization": f"Bearer {admin_token}"},
    )
    # Token-authenticated requests need no CSRF token; the object simply does not exist.
    assert_envelope(response, 404)


def test_pages_outside_api_are_untouched(client: Client) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert not response["Content-Type"].startswith("application/json")


def test_openapi_is_public_and_lists_the_api(anon_api: ApiClient) -> None:
    response = anon_api.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert "/api/v1/tokens" in schema["paths"]
    assert schema["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"


def test_openapi_contains_no_personal_data(api: ApiClient, admin_token: str) -> None:
    text = api.get("/api/v1/openapi.json").content.decode()
    for secret in ("admin@test.example", admin_token, "Test Provider"):
        assert secret not in text


def test_no_docs_page_that_would_load_a_cdn(anon_api: ApiClient) -> None:
    assert_envelope(anon_api.get("/api/v1/docs"), 404)
