"""The funding records pages: what each page shows, forms refusing bad input, and saving."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ownterms.audit.models import AuditEvent
from ownterms.funding.models import BudgetPlan, FundingArrangement, Rate
from ownterms.funding.selectors.arrangements import weekly_cost
from ownterms.funding.selectors.money import surplus, warnings_at_cost
from ownterms.funding.services import plans as plan_services
from ownterms.people.models import CommissionedPackage
from tests.cast import Cast
from tests.ownterms.funding.factories import arrangement, rate, source
from tests.ownterms.funding.records_data import funded


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def _date(name: str, day: dt.date, years: int = 0) -> dict[str, int]:
    return {f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year + years}


def _url(cast: Cast, name: str, **kwargs: object) -> str:
    return reverse(
        f"funding:{name}",
        kwargs={"org": cast.organisation.slug, "person_id": cast.person.public_id, **kwargs},
    )


def _setup(cast: Cast) -> FundingArrangement:
    row = arrangement(
        cast.person,
        starts_on=cast.today - dt.timedelta(days=30),
        surplus_cap_hundredths=400,
        surplus_max_weeks=12,
        reference="ISF-77",
    )
    source(row, 90_000)
    source(row, 30_000, funder_kind="icb", funder_name="Northshire ICB")
    rate(row, "day", 2500)
    rate(row, "sleep_in", 9000)
    CommissionedPackage.objects.create(
        organisation=cast.organisation,
        person=cast.person,
        starts_on=row.starts_on,
        review_on=row.starts_on + dt.timedelta(days=365),
        funder_name="Northshire Council",
        funder_kind="council",
        day_minutes=40 * 60,
        sleep_in_nights=7,
    )
    return row


def test_the_funding_page_shows_funders_terms_rates_and_the_package_priced(cast: Cast) -> None:
    _setup(cast)
    response = _client(cast.finance).get(_url(cast, "person_funding"))
    assert response.status_code == 200
    text = response.content.decode()
    for expected in (
        "ISF-77",
        "Northshire ICB",
        "75.0%",
        "£1,200.00",  # the weekly budget
        "A surplus of up to 4 weeks&#x27; budget may be kept for up to 12 weeks.",
        "£25.00",
        "£1,000.00",  # 40 h at £25
        "£630.00",  # 7 sleep-ins at £90
        "£1,630.00",
    ):
        assert expected in text, expected


def test_the_person_reads_their_funding_without_change_links(cast: Cast) -> None:
    _setup(cast)
    response = _client(cast.person_user).get(_url(cast, "person_funding"))
    assert response.status_code == 200
    assert b"Add a funder" not in response.content


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("£1,2,3", "Enter an amount in pounds, like 1,234.50"),
        ("12.345", "Enter an amount in pounds, like 1,234.50"),
        ("1e5", "Enter an amount in pounds, like 1,234.50"),
        ("", "Enter the rate."),
        ("-25", "Enter an amount of £0 or more"),
        ("99999999999", "Enter an amount of £10,000,000.00 or less"),
    ],
)
def test_a_rate_with_a_bad_amount_is_refused(cast: Cast, amount: str, message: str) -> None:
    row = _setup(cast)
    before = Rate.objects.count()
    day = cast.today
    response = _client(cast.finance).post(
        _url(cast, "rate_new", arrangement_id=row.public_id),
        {
            "kind": "day",
            "pence": amount,
            **_date("starts_on", day),
        },
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Rate.objects.count() == before


def test_an_overlapping_rate_is_refused_on_the_form(cast: Cast) -> None:
    row = _setup(cast)
    start = row.starts_on
    response = _client(cast.manager).post(
        _url(cast, "rate_new", arrangement_id=row.public_id),
        {
            "kind": "day",
            "pence": "£26.00",
            **_date("starts_on", start),
        },
    )
    assert response.status_code == 400
    assert "overlaps the day support at 1:1 rate of £25.00" in response.content.decode(), (
        response.context["form"].errors
    )


def _arrangement_post(day: dt.date, **overrides: str) -> dict[str, object]:
    return {
        "kind": "isf",
        **_date("starts_on", day),
        **_date("review_on", day, years=1),
        "paid_every_weeks": "4",
        "paid_in_advance": "on",
        "surplus_cap": "4",
        "surplus_max_weeks": "12",
        "banked_cap_kind": "weeks",
        "banked_cap": "2.5",
        "banked_expiry_months": "3",
        "notice_days": "28",
        "management_fee_kind": "percent",
        "management_fee": "7.5",
        **overrides,
    }


def test_an_arrangement_is_added_and_changed_from_the_forms(cast: Cast) -> None:
    client = _client(cast.manager)
    response = client.post(_url(cast, "arrangement_new"), _arrangement_post(cast.today))
    assert response.status_code == 302, response.content.decode()[:3000]
    row = FundingArrangement.objects.get()
    assert (row.surplus_cap_hundredths, row.banked_cap_hundredths) == (400, 250)
    assert row.management_fee_value == 750
    edit = _url(cast, "arrangement_edit", arrangement_id=row.public_id)
    page = client.get(edit)
    version = page.context["form"].initial["version"]
    data = _arrangement_post(
        cast.today, management_fee_kind="fixed_weekly", management_fee="£25", version=version
    )
    assert client.post(edit, data).status_code == 302
    row.refresh_from_db()
    assert (row.management_fee_kind, row.management_fee_value) == ("fixed_weekly", 2500)
    stale = client.post(edit, {**data, "reference": "late"})
    assert stale.status_code == 400
    assert "Someone else changed this" in stale.content.decode()


@pytest.mark.parametrize(
    ("field", "value"),
    [("surplus_cap", "0"), ("banked_cap", "0.00"), ("surplus_cap", "1,5"), ("management_fee", "")],
)
def test_a_cap_of_zero_or_nonsense_is_refused(cast: Cast, field: str, value: str) -> None:
    response = _client(cast.finance).post(
        _url(cast, "arrangement_new"), _arrangement_post(cast.today, **{field: value})
    )
    assert response.status_code == 400
    assert not FundingArrangement.objects.exists()


def test_plans_are_made_priced_compared_and_agreed_through_the_pages(cast: Cast) -> None:
    row = _setup(cast)
    client = _client(cast.manager)
    response = client.post(
        _url(cast, "plan_new", arrangement_id=row.public_id), {"name": "More evenings out"}
    )
    assert response.status_code == 302
    plan = BudgetPlan.objects.get()
    plan_url = _url(cast, "plan", arrangement_id=row.public_id, plan_id=plan.public_id)
    added = client.post(
        plan_url,
        {"kind": "support", "description": "Day support", "support_kind": "day", "hours": "45"},
    )
    assert added.status_code == 302
    assert plan.lines.get().weekly_pence == 112_500
    refused = client.post(
        plan_url, {"kind": "activity", "description": "Gym", "weekly_pence": "£1,2,3"}
    )
    assert refused.status_code == 400
    compare = client.get(_url(cast, "plans", arrangement_id=row.public_id))
    assert "£1,125.00" in compare.content.decode()
    agree = _url(cast, "plan_agree", arrangement_id=row.public_id, plan_id=plan.public_id)
    day = cast.today
    assert (
        client.post(
            agree,
            {
                "agreed_with": "Alex and her mum",
                **_date("agreed_on", day),
            },
        ).status_code
        == 302
    )
    plan.refresh_from_db()
    assert plan.status == "agreed"
    assert AuditEvent.objects.filter(action="funding.plan.agreed").exists()


def test_a_line_of_another_plan_cant_be_removed(cast: Cast) -> None:
    row = _setup(cast)
    mine = plan_services.create_plan(actor=cast.manager, arrangement=row, name="A")
    other = plan_services.create_plan(actor=cast.manager, arrangement=row, name="B")
    line = plan_services.add_line(
        actor=cast.manager,
        plan=other,
        kind="activity",
        description="x",
        weekly_pence=100,
        on=cast.today,
    )
    url = _url(cast, "plan_line_remove", arrangement_id=row.public_id, plan_id=mine.public_id)
    assert _client(cast.manager).post(url, {"line": line.pk}).status_code == 404
    assert _client(cast.manager).post(url, {"line": "1 OR 1=1"}).status_code == 404
    assert other.lines.exists()


def test_ended_arrangements_are_listed_below(cast: Cast) -> None:
    arrangement(
        cast.person,
        starts_on=cast.today - dt.timedelta(days=400),
        ends_on=cast.today - dt.timedelta(days=30),
        reference="OLD-1",
    )
    response = _client(cast.manager).get(_url(cast, "person_funding"))
    assert "Ended arrangements" in response.content.decode()
    assert "OLD-1" in response.content.decode()


def test_the_funding_page_has_a_query_ceiling(
    cast: Cast, django_assert_max_num_queries: Any
) -> None:
    _setup(cast)
    client = _client(cast.finance)
    client.get(_url(cast, "person_funding"))
    with django_assert_max_num_queries(40):
        assert client.get(_url(cast, "person_funding")).status_code == 200


def test_a_funder_and_a_rate_are_ended_from_their_pages(cast: Cast) -> None:
    row = _setup(cast)
    client = _client(cast.finance)
    council = row.sources.first()
    day_rate = row.rates.get(kind="day")
    assert council is not None
    end = cast.today + dt.timedelta(days=7)
    for name, key, target in (
        ("source_end", "source_id", council),
        ("rate_end", "rate_id", day_rate),
    ):
        url = _url(cast, name, arrangement_id=row.public_id, **{key: target.public_id})
        assert client.post(url, _date("ends_on", row.starts_on)).status_code == 400
        assert client.post(url, _date("ends_on", end)).status_code == 302
        target.refresh_from_db()
        assert target.ends_on == end


def test_the_plan_pages_warn_what_a_plan_would_do_to_the_money_held(cast: Cast) -> None:
    row = _setup(cast)  # £1,200 a week, surplus cap 4 weeks' budget (£4,800), nothing held
    client = _client(cast.manager)
    saver = plan_services.create_plan(actor=cast.manager, arrangement=row, name="Saver")
    spender = plan_services.create_plan(actor=cast.manager, arrangement=row, name="Spender")
    for plan, hours in ((saver, 45), (spender, 50)):
        plan_url = _url(cast, "plan", arrangement_id=row.public_id, plan_id=plan.public_id)
        line = {"kind": "support", "description": "Day", "support_kind": "day", "hours": hours}
        assert client.post(plan_url, line).status_code == 302

    compare = client.get(_url(cast, "plans", arrangement_id=row.public_id)).content.decode()
    assert "If “Saver” were used" in compare
    assert "At £1,125.00 a week the surplus would pass its cap of £4,800.00 in 65 weeks." in compare
    assert "At £1,250.00 a week the money held would run out in 0 weeks" in compare
    spender_page = client.get(
        _url(cast, "plan", arrangement_id=row.public_id, plan_id=spender.public_id)
    ).content.decode()
    assert "£50.00 a week more than the budget." in spender_page
    assert "surplus would pass its cap" not in spender_page


def test_the_funding_tab_warns_what_the_support_pattern_would_do_to_the_money_held(
    cast: Cast,
) -> None:
    row = funded(cast)
    day = timezone.localdate()
    cost = weekly_cost(row, day)
    [warning] = warnings_at_cost(surplus(row, day), cost.pattern_pence)
    page = _client(cast.manager).get(
        reverse(
            "funding:person_funding",
            kwargs={"org": cast.organisation.slug, "person_id": cast.person.public_id},
        )
    )
    assert warning.text in page.content.decode()
