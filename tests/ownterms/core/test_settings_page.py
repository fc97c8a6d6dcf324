"""The administrator's organisation settings pages."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ownterms.accounts.models import Role
from ownterms.core import selectors, services
from ownterms.core.models import OrganisationSetting
from tests.ownterms.accounts import helpers

pytestmark = pytest.mark.django_db

LIST = reverse("core:settings")
KEY = "pay.national_living_wage_21_plus"
CHANGE = reverse("core:setting_change", args=[KEY])


def today() -> dt.date:
    """Asked each time, not at import: a run that crosses midnight must not see yesterday."""
    return timezone.localdate()


@pytest.fixture
def admin(client: Client) -> Any:
    who = helpers.user(helpers.organisation(), Role.ADMINISTRATOR)
    helpers.enrol_totp(who)
    client.force_login(who)
    return who


def _form(value: str = "13.50", day: dt.date | None = None, note: str = "") -> dict[str, str]:
    when = day or today() + dt.timedelta(days=30)
    return {
        "value": value,
        "effective_from_day": str(when.day),
        "effective_from_month": str(when.month),
        "effective_from_year": str(when.year),
        "note": note,
    }


def test_list_shows_current_upcoming_and_history(client: Client, admin: Any) -> None:
    later = today() + dt.timedelta(days=40)
    services.change_setting(
        actor=admin,
        organisation=admin.organisation,
        key=KEY,
        value=1300,
        effective_from=today(),
        note="Board decision",
    )
    services.change_setting(
        actor=admin, organisation=admin.organisation, key=KEY, value=1400, effective_from=later
    )
    response = client.get(LIST)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Organisation settings" in text
    assert "£13.00 an hour" in text
    assert "£14.00 an hour" in text
    assert "Board decision" in text
    assert "48 hours" in text
    assert CHANGE in text


def test_scheduling_a_change(client: Client, admin: Any) -> None:
    day = today() + dt.timedelta(days=30)
    response = client.post(CHANGE, _form("£13.50", day, "New rates"))
    assert response.status_code == 302
    assert response["Location"] == LIST
    row = OrganisationSetting.objects.get()
    assert (row.key, row.value, row.effective_from, row.note) == (KEY, 1350, day, "New rates")
    assert row.created_by == admin
    assert selectors.setting(admin.organisation, KEY) == 1271
    assert selectors.setting(admin.organisation, KEY, on=day) == 1350
    shown = [str(m) for m in client.get(LIST).context["messages"]]
    assert any("will be £13.50 an hour from" in m for m in shown)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Enter the new value"),
        ("abc", "Enter an amount in pounds, like 12.71"),
        ("12.345", "Enter an amount in pounds, like 12.71"),
        ("-1", "Enter an amount in pounds, like 12.71"),
        ("1e3", "Enter an amount in pounds, like 12.71"),
        ("99999999", "Enter an amount in pounds, like 12.71"),
        ("<script>", "Enter an amount in pounds, like 12.71"),
        ("1001", "Enter a value from 0 to 100000"),
    ],
)
def test_bad_value_shows_field_error_and_summary(
    client: Client, admin: Any, value: str, message: str
) -> None:
    response = client.post(CHANGE, _form(value))
    assert response.status_code == 400
    text = response.content.decode()
    assert "There is a problem" in text
    assert 'href="#id_value"' in text
    assert text.count(message) >= 2  # in the summary and next to the field
    assert "govuk-input--error" in text
    assert "&lt;script&gt;" in text or "<script>" not in text
    assert not OrganisationSetting.objects.exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"effective_from_day": "", "effective_from_month": "", "effective_from_year": ""},
            "Enter the date the change applies from",
        ),
        ({"effective_from_month": ""}, "The date must be a real date"),
        ({"effective_from_day": "31", "effective_from_month": "2"}, "The date must be a real date"),
        ({"effective_from_day": "x"}, "The date must be a real date"),
        ({"effective_from_day": "-1"}, "The date must be a real date"),
        ({"effective_from_year": "99999"}, "The date must be a real date"),
        ({"effective_from_year": "27"}, "The date must be a real date"),
        ({"effective_from_year": "2001"}, "must be today or in the future"),
        ({"effective_from_year": "2999"}, "must be within five years"),
    ],
)
def test_bad_date_shows_field_error_and_summary(
    client: Client, admin: Any, fields: dict[str, str], message: str
) -> None:
    data = _form()
    data.update(fields)
    response = client.post(CHANGE, data)
    assert response.status_code == 400
    text = response.content.decode()
    assert 'href="#id_effective_from_0"' in text
    assert text.count(message) >= 2
    assert "<title>Error:" in text
    assert not OrganisationSetting.objects.exists()


def test_note_too_long(client: Client, admin: Any) -> None:
    response = client.post(CHANGE, _form(note="x" * 301))
    assert response.status_code == 400
    assert 'href="#id_note"' in response.content.decode()
    assert not OrganisationSetting.objects.exists()


def test_growth_warning_cannot_exceed_the_maximum(client: Client, admin: Any) -> None:
    url = reverse("core:setting_change", args=["growth.warn_new_people_per_year"])
    response = client.post(url, _form("6"))
    assert response.status_code == 400
    assert "cannot be more than" in response.content.decode()


def test_unknown_key_is_404(client: Client, admin: Any) -> None:
    url = reverse("core:setting_change", args=["nope"])
    assert client.get(url).status_code == 404
    assert client.post(url, _form()).status_code == 404


@pytest.mark.parametrize("role", [r for r in Role if r != Role.ADMINISTRATOR])
def test_only_administrators(client: Client, role: Role) -> None:
    who = helpers.user(helpers.organisation(), role)
    helpers.enrol_totp(who)
    client.force_login(who)
    assert client.get(LIST).status_code == 403
    assert client.post(CHANGE, _form()).status_code == 403
    assert not OrganisationSetting.objects.exists()


def test_anonymous_goes_to_sign_in(client: Client) -> None:
    for url in (LIST, CHANGE):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_administrator_sees_only_their_own_organisation(client: Client, admin: Any) -> None:
    other = helpers.organisation()
    services.change_setting(
        actor=None,
        organisation=other,
        key=KEY,
        value=9999,
        effective_from=today(),
        note="theirs",
    )
    text = client.get(LIST).content.decode()
    assert "theirs" not in text
    assert "£99.99" not in text


def test_list_page_query_count_does_not_grow_with_history(client: Client, admin: Any) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(LIST).status_code == 200
        return len(captured)

    services.change_setting(
        actor=admin, organisation=admin.organisation, key=KEY, value=1300, effective_from=today()
    )
    queries()  # the first request of a session also records sign-in checks
    few = queries()
    for n in range(1, 30):
        services.change_setting(
            actor=admin,
            organisation=admin.organisation,
            key=KEY,
            value=1300 + n,
            effective_from=today() + dt.timedelta(days=n),
        )
        services.change_setting(
            actor=helpers.user(admin.organisation, Role.ADMINISTRATOR),
            organisation=admin.organisation,
            key="pay.real_living_wage",
            value=1300 + n,
            effective_from=today() + dt.timedelta(days=n),
        )
    assert queries() == few


def test_change_page_labels_every_input(client: Client, admin: Any) -> None:
    text = client.get(CHANGE).content.decode()
    for field_id in (
        "id_value",
        "id_effective_from_0",
        "id_effective_from_1",
        "id_effective_from_2",
        "id_note",
    ):
        assert re.search(rf'<label[^>]+for="{field_id}"', text), field_id
