"""Random paths, methods, headers and bodies: the answer is always JSON, never a 500."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.ownterms.api.conftest import ApiClient, assert_envelope

pytestmark = pytest.mark.django_db

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)
bodies = (
    json_values.map(json.dumps)
    | st.text(max_size=200)
    | st.dictionaries(st.sampled_from(["name", "extra", "id", ""]), json_values, max_size=3).map(
        json.dumps
    )
)
segments = st.sampled_from(
    [
        "people",
        "staff",
        "tokens",
        "openapi.json",
        "..",
        "%00",
        "00000000-0000-0000-0000-000000000000",
    ]
) | st.text(min_size=1, max_size=12).map(lambda s: quote(s, safe=""))
paths = st.lists(segments, min_size=0, max_size=3).map(lambda parts: "/api/v1/" + "/".join(parts))
methods = st.sampled_from(["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
content_types = st.sampled_from(
    ["application/json", "text/plain", "application/x-www-form-urlencoded"]
)

FUZZ = settings(
    derandomize=True,
    database=None,
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _check(response: Any) -> None:
    assert response.status_code != 500 and response.status_code < 500, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    if response.status_code >= 400:
        assert_envelope(response, response.status_code)


@FUZZ
@given(method=methods, path=paths, body=bodies, content_type=content_types)
def test_random_requests_with_a_valid_token(
    api: ApiClient, method: str, path: str, body: str, content_type: str
) -> None:
    _check(api.request(method, path, body, content_type=content_type))


@FUZZ
@given(method=methods, path=paths, token=st.text(max_size=80))
def test_random_requests_with_random_tokens(
    anon_api: ApiClient, method: str, path: str, token: str
) -> None:
    header = "Bearer " + "".join(c for c in token if c.isprintable() and c.isascii())
    _check(anon_api.request(method, path, headers={"Authorization": header}))


@FUZZ
@given(body=bodies)
def test_random_bodies_on_a_real_write(api: ApiClient, body: str) -> None:
    token_url = "/api/v1/tokens/" + api.get("/api/v1/tokens").json()["items"][0]["public_id"]
    _check(api.request("PATCH", token_url, body))
