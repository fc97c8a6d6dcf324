"""Organisation settings: defaults, effective dating, history, validation."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ownterms.accounts.models import Role
from ownterms.core import selectors, services, setting_keys
from ownterms.core.models import OrganisationSetting
from ownterms.core.signals import setting_changed
from tests.ownterms.accounts import helpers

pytestmark = pytest.mark.django_db


def today() -> dt.date:
    """Asked each time, not at import: a run that crosses midnight must not see yesterday."""
    return timezone.localdate()


def _next_month(day: dt.date) -> dt.date:
    return (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)


def test_defaults_are_the_2026_rules_and_rates() -> None:
    org = helpers.organisation()
    values = selectors.settings_on(org)
    assert values["working_time.max_average_weekly_hours"] == 48
    assert values["working_time.reference_weeks"] == 17
    assert values["working_time.min_daily_rest_hours"] == 11
    assert values["working_time.weekly_rest_hours"] == 24
    assert values["working_time.weekly_rest_period_days"] == 7
    assert values["working_time.break_after_hours"] == 6
    assert values["working_time.night_worker_max_average_hours"] == 8
    assert values["pay.national_living_wage_21_plus"] == 1271
    assert values["pay.minimum_wage_18_to_20"] == 1085
    assert values["pay.minimum_wage_16_to_17"] == 800
    assert values["pay.minimum_wage_apprentice"] == 800
    assert values["pay.real_living_wage"] == 1345
    assert values["pay.real_living_wage_london"] == 1480
    assert values["growth.warn_new_people_per_year"] == 3
    assert values["growth.max_new_people_per_year"] == 5
    assert values["session.idle_minutes"] == 30
    assert values["session.absolute_hours"] == 12
    for key in values:
        assert selectors.setting(org, key) == values[key]


def test_every_default_is_within_its_own_limits() -> None:
    for known in setting_keys.registry().values():
        assert known.minimum <= known.default <= known.maximum, known.key


def test_a_change_scheduled_for_next_month_does_not_apply_today() -> None:
    org = helpers.organisation()
    first = _next_month(today())
    services.change_setting(
        actor=None,
        organisation=org,
        key="pay.national_living_wage_21_plus",
        value=1350,
        effective_from=first,
        note="April rise",
    )
    assert selectors.setting(org, "pay.national_living_wage_21_plus") == 1271
    assert selectors.setting(org, "pay.national_living_wage_21_plus", on=first) == 1350
    assert (
        selectors.setting(org, "pay.national_living_wage_21_plus", on=first - dt.timedelta(1))
        == 1271
    )
    assert (
        selectors.setting(org, "pay.national_living_wage_21_plus", on=first + dt.timedelta(400))
        == 1350
    )


def test_changes_add_rows_and_keep_history() -> None:
    org = helpers.organisation()
    admin = helpers.user(org, Role.ADMINISTRATOR)
    key = "working_time.reference_weeks"
    services.change_setting(
        actor=admin, organisation=org, key=key, value=26, effective_from=today()
    )
    services.change_setting(
        actor=admin, organisation=org, key=key, value=20, effective_from=today() + dt.timedelta(10)
    )
    services.change_setting(
        actor=admin, organisation=org, key=key, value=18, effective_from=today()
    )
    rows = OrganisationSetting.objects.filter(organisation=org, key=key)
    assert rows.count() == 3
    # On one date the newer change wins; the older row is kept.
    assert selectors.setting(org, key) == 18
    assert selectors.setting(org, key, on=today() + dt.timedelta(10)) == 20
    overview = selectors.setting_overview(org, key)
    assert overview.value == 18
    assert overview.since == today()
    assert [r.value for r in overview.upcoming] == [20]
    assert [r.value for r in overview.history] == [20, 18, 26]
    assert all(r.created_by == admin for r in rows)


def test_settings_are_per_organisation() -> None:
    mine, theirs = helpers.organisation(), helpers.organisation()
    services.change_setting(
        actor=None,
        organisation=mine,
        key="growth.max_new_people_per_year",
        value=4,
        effective_from=today(),
    )
    assert selectors.setting(mine, "growth.max_new_people_per_year") == 4
    assert selectors.setting(theirs, "growth.max_new_people_per_year") == 5


def test_signal_carries_old_and_new_values() -> None:
    org = helpers.organisation()
    admin = helpers.user(org, Role.ADMINISTRATOR)
    got: list[dict[str, Any]] = []

    def receiver(sender: Any, **kwargs: Any) -> None:
        got.append(kwargs)

    setting_changed.connect(receiver)
    try:
        row = services.change_setting(
            actor=admin,
            organisation=org,
            key="pay.sleep_in_allowance",
            value=6000,
            effective_from=today(),
            note="New contract",
        )
    finally:
        setting_changed.disconnect(receiver)
    assert len(got) == 1
    event = got[0]
    assert event["actor"] == admin
    assert event["organisation"] == org
    assert event["row"] == row
    assert (event["key"], event["old_value"], event["new_value"]) == (
        "pay.sleep_in_allowance",
        5000,
        6000,
    )
    assert event["effective_from"] == today()
    assert event["note"] == "New contract"


def test_a_failing_receiver_leaves_nothing_half_saved() -> None:
    org = helpers.organisation()

    def broken(sender: Any, **kwargs: Any) -> None:
        raise RuntimeError("audit is down")

    setting_changed.connect(broken)
    try:
        with pytest.raises(RuntimeError):
            services.change_setting(
                actor=None,
                organisation=org,
                key="pay.real_living_wage",
                value=1400,
                effective_from=today(),
            )
    finally:
        setting_changed.disconnect(broken)
    assert not OrganisationSetting.objects.filter(organisation=org).exists()


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("no.such.setting", 1),
        ("working_time.max_average_weekly_hours", 0),
        ("working_time.max_average_weekly_hours", 169),
        ("working_time.max_average_weekly_hours", -48),
        ("working_time.max_average_weekly_hours", True),
        ("working_time.max_average_weekly_hours", 48.5),
        ("working_time.max_average_weekly_hours", "48"),
        ("working_time.max_average_weekly_hours", None),
        ("pay.national_living_wage_21_plus", 10**12),
        ("working_time.night_period_start_hour", 24),
        ("session.idle_minutes", 31),
        ("session.absolute_hours", 13),
        ("growth.warn_new_people_per_year", 6),
        ("growth.max_new_people_per_year", 2),
    ],
)
def test_bad_values_are_refused(key: str, value: Any) -> None:
    org = helpers.organisation()
    with pytest.raises(ValidationError):
        services.change_setting(
            actor=None, organisation=org, key=key, value=value, effective_from=today()
        )
    assert not OrganisationSetting.objects.exists()


def test_past_dates_only_for_the_system() -> None:
    org = helpers.organisation()
    admin = helpers.user(org, Role.ADMINISTRATOR)
    yesterday = today() - dt.timedelta(1)
    with pytest.raises(ValidationError):
        services.change_setting(
            actor=admin,
            organisation=org,
            key="pay.real_living_wage",
            value=1400,
            effective_from=yesterday,
        )
    with pytest.raises(PermissionDenied):
        services.change_setting(
            actor=admin,
            organisation=org,
            key="pay.real_living_wage",
            value=1400,
            effective_from=yesterday,
            allow_past=True,
        )
    services.change_setting(
        actor=None,
        organisation=org,
        key="pay.real_living_wage",
        value=1400,
        effective_from=yesterday,
        allow_past=True,
    )
    assert selectors.setting(org, "pay.real_living_wage") == 1400


def test_too_far_ahead_and_long_notes_are_refused() -> None:
    org = helpers.organisation()
    with pytest.raises(ValidationError):
        services.change_setting(
            actor=None,
            organisation=org,
            key="pay.real_living_wage",
            value=1400,
            effective_from=today() + dt.timedelta(days=6 * 366),
        )
    with pytest.raises(ValidationError):
        services.change_setting(
            actor=None,
            organisation=org,
            key="pay.real_living_wage",
            value=1400,
            effective_from=today(),
            note="x" * 301,
        )
    assert not OrganisationSetting.objects.exists()


def test_actor_from_another_organisation_is_refused() -> None:
    org = helpers.organisation()
    outsider = helpers.user(helpers.organisation(), Role.ADMINISTRATOR)
    with pytest.raises(PermissionDenied):
        services.change_setting(
            actor=outsider,
            organisation=org,
            key="pay.real_living_wage",
            value=1400,
            effective_from=today(),
        )


def test_cached_settings_see_a_change_at_once_in_this_process(
    django_capture_on_commit_callbacks: Any,
) -> None:
    org = helpers.organisation()
    assert selectors.cached_settings_today(org.pk)["session.idle_minutes"] == 30
    with django_capture_on_commit_callbacks(execute=True):
        services.change_setting(
            actor=None,
            organisation=org,
            key="session.idle_minutes",
            value=15,
            effective_from=today(),
        )
    assert selectors.cached_settings_today(org.pk)["session.idle_minutes"] == 15


def test_display_formats() -> None:
    get = setting_keys.get
    assert setting_keys.display(get("pay.national_living_wage_21_plus"), 1271) == "£12.71 an hour"
    assert setting_keys.display(get("pay.sleep_in_allowance"), 123456) == "£1,234.56 a night"
    assert setting_keys.display(get("working_time.reference_weeks"), 1) == "1 week"
    assert setting_keys.display(get("working_time.night_period_end_hour"), 6) == "06:00"


def test_dated_defaults_apply_from_their_date() -> None:
    import dataclasses

    known = setting_keys.get("pay.real_living_wage")
    rise = dt.date(2027, 11, 1)
    later = dataclasses.replace(known, default_changes=((rise, 1500), (dt.date(2028, 11, 1), 1600)))
    assert later.default_on(rise - dt.timedelta(days=1)) == 1345
    assert later.default_on(rise) == 1500
    assert later.default_on(dt.date(2030, 1, 1)) == 1600
    assert known.default_on(dt.date(2030, 1, 1)) == 1345
