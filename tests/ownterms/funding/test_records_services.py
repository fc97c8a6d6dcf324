"""Arrangements, sources, rates and budget plans: validation (nothing saved on bad input),
rate periods that never overlap, audit, optimistic locking, agreeing plans."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from ownterms.audit.models import AuditEvent
from ownterms.funding.models import BudgetPlan, FundingArrangement, Rate
from ownterms.funding.pricing import amount_for
from ownterms.funding.selectors import arrangements as selectors
from ownterms.funding.selectors.plans import comparison, plans_of
from ownterms.funding.services import arrangements as services
from ownterms.funding.services import plans as plan_services
from ownterms.people.services import EditConflictError
from tests.cast import Cast
from tests.ownterms.funding.factories import arrangement, rate, source

START = dt.date(2026, 4, 6)


def _terms(**overrides: object) -> dict[str, object]:
    return {
        "kind": "isf",
        "starts_on": START,
        "review_on": START + dt.timedelta(days=365),
        "surplus_cap_hundredths": 400,
        "surplus_max_weeks": 12,
        **overrides,
    }


def test_an_arrangement_is_created_and_audited(cast: Cast) -> None:
    row = services.create_arrangement(actor=cast.finance, person=cast.person, **_terms())
    assert row.created_by == cast.finance
    event = AuditEvent.objects.get(action="funding.arrangement.create")
    assert event.person_id == cast.person.pk
    assert event.changes["surplus_cap_hundredths"]["new"] == 400


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"surplus_cap_hundredths": 0}, "surplus_cap_hundredths"),
        ({"banked_cap_hundredths": 0}, "banked_cap_hundredths"),
        ({"surplus_max_weeks": 0}, "surplus_max_weeks"),
        ({"banked_expiry_months": 0}, "banked_expiry_months"),
        ({"review_on": START - dt.timedelta(days=1)}, "review_on"),
        ({"ends_on": START}, "ends_on"),
        ({"paid_every_weeks": 0}, "paid_every_weeks"),
        ({"management_fee_kind": "percent", "management_fee_value": 0}, "management_fee_value"),
        (
            {"management_fee_kind": "percent", "management_fee_value": 10_001},
            "management_fee_value",
        ),
        ({"management_fee_kind": "none", "management_fee_value": 5}, "management_fee_value"),
        (
            {"banked_cap_kind": "percent_of_year", "banked_cap_hundredths": 10_001},
            "banked_cap_hundredths",
        ),
    ],
)
def test_bad_terms_are_refused_and_nothing_is_saved(
    cast: Cast, overrides: dict[str, object], field: str
) -> None:
    with pytest.raises(ValidationError) as error:
        services.create_arrangement(actor=cast.finance, person=cast.person, **_terms(**overrides))
    assert field in error.value.message_dict
    assert not FundingArrangement.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="funding.").exists()


def test_an_edit_over_someone_elses_change_is_refused(cast: Cast) -> None:
    row = services.create_arrangement(actor=cast.finance, person=cast.person, **_terms())
    seen = row.updated_at
    services.update_arrangement(
        actor=cast.manager, arrangement=row, expected_updated_at=seen, reference="ISF-1"
    )
    with pytest.raises(EditConflictError):
        services.update_arrangement(
            actor=cast.finance, arrangement=row, expected_updated_at=seen, reference="ISF-2"
        )
    row.refresh_from_db()
    assert row.reference == "ISF-1"
    assert AuditEvent.objects.filter(action="funding.arrangement.update").count() == 1


def test_the_start_cant_move_past_a_source(cast: Cast) -> None:
    row = services.create_arrangement(actor=cast.finance, person=cast.person, **_terms())
    source(row, 100_000)
    with pytest.raises(ValidationError, match="before this date"):
        services.update_arrangement(
            actor=cast.finance, arrangement=row, starts_on=START + dt.timedelta(days=7)
        )


def test_sources_are_added_ended_and_refuse_bad_input(cast: Cast) -> None:
    row = arrangement(cast.person, starts_on=START)
    council = services.add_source(
        actor=cast.finance,
        arrangement=row,
        funder_kind="council",
        funder_name=" Northshire Council ",
        weekly_pence=150_000,
        starts_on=START,
    )
    assert council.funder_name == "Northshire Council"
    for bad in (
        {"weekly_pence": -1, "starts_on": START},
        {"weekly_pence": 1, "starts_on": START - dt.timedelta(days=1)},
        {"weekly_pence": 1, "starts_on": START, "ends_on": START},
    ):
        with pytest.raises(ValidationError):
            services.add_source(
                actor=cast.finance, arrangement=row, funder_kind="icb", funder_name="ICB", **bad
            )
    services.end_source(actor=cast.finance, source=council, ends_on=START + dt.timedelta(days=28))
    assert row.sources.count() == 1
    actions = list(AuditEvent.objects.values_list("action", flat=True).order_by("pk"))
    assert actions == ["funding.source.create", "funding.source.end"]


def _add_rate(
    cast: Cast, row: FundingArrangement, pence: int, starts: dt.date, ends: dt.date | None = None
) -> Rate:
    return services.add_rate(
        actor=cast.finance, arrangement=row, kind="day", pence=pence, starts_on=starts, ends_on=ends
    )


def test_a_new_rate_after_the_open_one_is_a_change_of_rate(cast: Cast) -> None:
    row = arrangement(cast.person, starts_on=START)
    first = _add_rate(cast, row, 2500, START)
    second = _add_rate(cast, row, 2650, dt.date(2026, 10, 1))
    first.refresh_from_db()
    assert first.ends_on == second.starts_on
    assert AuditEvent.objects.filter(action="funding.rate.end").count() == 1


@pytest.mark.parametrize(
    ("starts", "ends"),
    [
        (dt.date(2026, 5, 1), dt.date(2026, 6, 1)),  # inside the closed period
        (START, None),  # same start
        (dt.date(2026, 4, 1), dt.date(2026, 5, 1)),  # before the arrangement
    ],
)
def test_overlapping_rate_periods_are_refused_naming_the_clash(
    cast: Cast, starts: dt.date, ends: dt.date | None
) -> None:
    row = arrangement(cast.person, starts_on=dt.date(2026, 3, 2))
    _add_rate(cast, row, 2500, START, dt.date(2026, 7, 1))
    before = Rate.objects.count()
    with pytest.raises(ValidationError, match=r"overlaps the day support at 1:1 rate of £25\.00"):
        _add_rate(cast, row, 2600, starts, ends)
    assert Rate.objects.count() == before


def test_a_rate_ending_inside_a_later_one_is_refused_even_when_the_open_one_would_end(
    cast: Cast,
) -> None:
    row = arrangement(cast.person, starts_on=START)
    _add_rate(cast, row, 2500, START, dt.date(2026, 6, 1))
    _add_rate(cast, row, 2600, dt.date(2026, 7, 1))
    with pytest.raises(ValidationError, match="from 1 July 2026"):
        _add_rate(cast, row, 2700, dt.date(2026, 6, 1), dt.date(2026, 8, 1))
    with pytest.raises(ValidationError, match="£0 or more"):
        _add_rate(cast, row, -1, dt.date(2026, 6, 1), dt.date(2026, 7, 1))
    _add_rate(cast, row, 2550, dt.date(2026, 6, 1), dt.date(2026, 7, 1))


def test_terms_in_plain_words(cast: Cast) -> None:
    row = arrangement(
        cast.person,
        starts_on=START,
        surplus_cap_hundredths=400,
        surplus_max_weeks=12,
        banked_cap_hundredths=250,
        banked_expiry_months=3,
        management_fee_kind="percent",
        management_fee_value=750,
    )
    words = selectors.terms_text(row)
    assert "A surplus of up to 4 weeks' budget may be kept for up to 12 weeks." in words
    assert "Unused hours may be banked, up to 2.5 weeks of support." in words
    assert "Management fee: 7.5% of the funding received." in words
    assert "Paid every 4 weeks, in advance." in words


def test_pricing_rounds_half_up_once() -> None:
    assert amount_for("day", 90, 2550) == 3825
    assert amount_for("day", 1, 2530) == 42  # 42.17
    assert amount_for("day", 1, 2550) == 43  # 42.5 rounds up
    assert amount_for("day", Fraction(1, 2), 2550) == 21  # 21.25
    assert amount_for("sleep_in", 7, 9000) == 63000


def test_pooled_shares_and_weekly_budget(cast: Cast) -> None:
    row = arrangement(cast.person, starts_on=START, kind="pooled")
    source(row, 90_000)
    source(row, 30_000, funder_kind="icb", funder_name="Northshire ICB")
    budget = selectors.budget_on(selectors.arrangements_of(cast.person).get(), START)
    assert budget.weekly_pence == 120_000
    assert [s.percent for s in budget.shares] == ["75.0", "25.0"]


def _plan_with_rates(cast: Cast) -> BudgetPlan:
    row = arrangement(cast.person, starts_on=START)
    source(row, 100_000)
    rate(row, "day", 2500)
    rate(row, "sleep_in", 9000)
    return plan_services.create_plan(actor=cast.manager, arrangement=row, name="Plan A")


def test_plan_lines_are_priced_at_the_rates_and_compared_with_the_budget(cast: Cast) -> None:
    plan = _plan_with_rates(cast)
    plan_services.add_line(
        actor=cast.manager,
        plan=plan,
        kind="support",
        description="Day support",
        support_kind="day",
        quantity=30 * 60,
        on=START,
    )
    plan_services.add_line(
        actor=cast.manager,
        plan=plan,
        kind="support",
        description="Sleep-ins",
        support_kind="sleep_in",
        quantity=3,
        on=START,
    )
    plan_services.add_line(
        actor=cast.manager,
        plan=plan,
        kind="activity",
        description="Swimming",
        weekly_pence=1500,
        on=START,
    )
    [column] = comparison(plan.arrangement, list(plans_of(plan.arrangement)), START)
    assert column.total_pence == 75_000 + 27_000 + 1500
    assert column.difference_pence == -3_500
    assert column.over_budget


@pytest.mark.parametrize(
    "bad",
    [
        {"kind": "support", "support_kind": "day", "quantity": 0},
        {"kind": "support", "support_kind": "sleep_in", "quantity": 8},
        {"kind": "support", "support_kind": "waking_night", "quantity": 60},  # no rate
        {"kind": "support", "support_kind": "", "quantity": 60},
        {"kind": "equipment", "weekly_pence": 0},
    ],
)
def test_bad_plan_lines_are_refused(cast: Cast, bad: dict[str, object]) -> None:
    plan = _plan_with_rates(cast)
    with pytest.raises(ValidationError):
        plan_services.add_line(actor=cast.manager, plan=plan, description="x", on=START, **bad)  # type: ignore[arg-type]
    assert not plan.lines.exists()


def test_agreeing_a_plan_supersedes_the_previous_one(cast: Cast) -> None:
    first = _plan_with_rates(cast)
    second = plan_services.create_plan(actor=cast.manager, arrangement=first.arrangement, name="B")
    for plan in (first, second):
        plan_services.add_line(
            actor=cast.manager,
            plan=plan,
            kind="contingency",
            description="c",
            weekly_pence=100,
            on=START,
        )
    with pytest.raises(ValidationError, match="who agreed"):
        plan_services.agree_plan(actor=cast.manager, plan=first, agreed_on=START, agreed_with=" ")
    plan_services.agree_plan(
        actor=cast.manager, plan=first, agreed_on=START, agreed_with="Alex and her mum"
    )
    plan_services.agree_plan(actor=cast.manager, plan=second, agreed_on=START, agreed_with="Alex")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("superseded", "agreed")
    with pytest.raises(ValidationError, match="Only a draft"):
        plan_services.add_line(
            actor=cast.manager,
            plan=second,
            kind="activity",
            description="x",
            weekly_pence=1,
            on=START,
        )
    assert AuditEvent.objects.filter(action="funding.plan.superseded").count() == 1


def test_the_database_allows_one_agreed_plan(cast: Cast) -> None:
    plan = _plan_with_rates(cast)
    BudgetPlan.objects.filter(pk=plan.pk).update(status="agreed")
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetPlan.objects.create(
            organisation_id=plan.organisation_id,
            arrangement=plan.arrangement,
            name="Also agreed",
            status="agreed",
        )


def test_a_later_end_cant_reach_the_next_rate(cast: Cast) -> None:
    row = arrangement(cast.person, starts_on=START)
    first = _add_rate(cast, row, 2500, START, dt.date(2026, 6, 1))
    _add_rate(cast, row, 2600, dt.date(2026, 7, 1))
    with pytest.raises(ValidationError, match="from 1 July 2026"):
        services.end_rate(actor=cast.finance, rate=first, ends_on=dt.date(2026, 7, 2))
    services.end_rate(actor=cast.finance, rate=first, ends_on=dt.date(2026, 7, 1))
