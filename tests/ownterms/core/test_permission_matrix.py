"""The permission matrix (issue 2 §5): every URL pattern by the whole cast → expected outcome.

The list of URLs comes from the resolver, so a new URL without an entry here (or in EXEMPT,
with a reason) fails the suite. Outcomes: an HTTP status, or LOGIN (a redirect to sign-in) or
REDIRECT (any other redirect).
"""

from __future__ import annotations

import base64
import copy
import datetime as dt
import json
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.conf import settings
from django.db import transaction
from django.shortcuts import resolve_url
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from ownterms.api.services import create_token
from ownterms.funding.services.invoices import issue_ready_invoices
from tests.cast import CAST_MEMBERS, Cast, build_cast
from tests.conftest import IMMEDIATE_TASKS
from tests.ownterms.daily import behaviour_data, medicines_data, notes_data
from tests.ownterms.funding import factories as funding_factories
from tests.ownterms.funding import records_data
from tests.ownterms.health import data as health_data
from tests.ownterms.leave import helpers as leave_helpers
from tests.ownterms.oncall import helpers as oncall_helpers
from tests.ownterms.plans.data import plan_data
from tests.ownterms.rota import build_data

LOGIN = "login"
REDIRECT = "redirect"
Outcome = int | str


def url_names() -> Iterator[tuple[str, str]]:
    """(qualified name, route) of every pattern the project serves."""

    def walk(patterns: list[Any], prefix: str, namespace: str) -> Iterator[tuple[str, str]]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern):
                name = pattern.name or f"<unnamed {prefix}{pattern.pattern}>"
                qualified = f"{namespace}:{name}" if namespace and pattern.name else name
                yield qualified, prefix + str(pattern.pattern)

    yield from walk(get_resolver().url_patterns, "", "")


def expect(default: Outcome, **overrides: Outcome) -> dict[str, Outcome]:
    """``default`` for every member of the cast except those named; anonymous → LOGIN and the
    other organisation's administrator → 404 unless named."""
    unknown = set(overrides) - set(CAST_MEMBERS)
    assert not unknown, unknown
    outcomes = dict.fromkeys(CAST_MEMBERS, default)
    outcomes["anonymous"] = LOGIN
    outcomes["other_org_admin"] = 404
    outcomes.update(overrides)
    return outcomes


@dataclass(frozen=True)
class Case:
    kwargs: Callable[[Cast], dict[str, Any]]
    outcomes: dict[str, Outcome]
    method: str = "get"
    data: dict[str, str] = field(default_factory=dict)
    note: str = ""
    #: A literal path, for patterns that can't be reversed (catch-alls).
    path: str = ""
    #: "session" (signed in as in a browser) or "token" (an API bearer token of the member).
    auth: str = "session"


def everyone(outcome: Outcome) -> dict[str, Outcome]:
    """The same outcome for the whole cast, anonymous and the other organisation included."""
    return dict.fromkeys(CAST_MEMBERS, outcome)


def nothing(cast: Cast) -> dict[str, Any]:
    return {}


def random_id(cast: Cast) -> dict[str, Any]:
    return {"public_id": uuid.uuid4()}


def api_person(cast: Cast) -> dict[str, Any]:
    return {"public_id": cast.person.public_id}


def api_staff(cast: Cast) -> dict[str, Any]:
    return {"public_id": cast.staff["team_worker"].public_id}


def api(default: Outcome, **overrides: Outcome) -> dict[str, Outcome]:
    """Like ``expect`` for the API: anonymous (no token) → 401."""
    return {**expect(default, **overrides), "anonymous": 401, **overrides}


SESSION_IS_NOT_ENOUGH = "a browser session is not an API credential"


def org(cast: Cast) -> dict[str, Any]:
    return {"org": cast.organisation.slug}


def person(cast: Cast) -> dict[str, Any]:
    return {"org": cast.organisation.slug, "person_id": cast.person.public_id}


def staff(cast: Cast) -> dict[str, Any]:
    return {"org": cast.organisation.slug, "staff_id": cast.staff["team_worker"].public_id}


def pending_import(cast: Cast) -> dict[str, Any]:
    from tests.ownterms.imports.helpers import pending_people_import

    return {"org": cast.organisation.slug, "import_id": pending_people_import(cast).public_id}


def api_import(cast: Cast) -> dict[str, Any]:
    return {"kind": "people"}


API_IMPORT_BODY = {
    "file_name": "people.csv",
    "content_base64": base64.b64encode(
        b"first_name,last_name,date_of_birth,home\nDara,Okafor,1988-02-03,other\n"
    ).decode(),
}


READ_PROFILE = {
    "administrator": 200,
    "manager": 200,
    "on_call_manager": 200,
    "team_worker": 200,
    "person_user": 200,
    "circle_with_consent": 200,
    "partner_current": 200,
}
STAFF_RECORDS = {
    "administrator": 200,
    "manager": 200,
    "other_manager": 200,
    "on_call_manager": 200,
}


#: The on-call office roles (issue 4): the rota, building it, the call log.
ON_CALL_OFFICE = {
    "administrator": 200,
    "manager": 200,
    "other_manager": 200,
    "on_call_manager": 200,
    "coordinator": 200,
}
ON_CALL_DUTIES = "/api/v1/on-call/duties?from=2030-01-01&to=2030-01-31"


def api_call(cast: Cast) -> dict[str, Any]:
    return {"call_id": oncall_helpers.a_call(cast).public_id}


READ_HEALTH = {
    "administrator": 200,
    "manager": 200,
    "on_call_manager": 200,
    "team_worker": 200,
    "person_user": 200,
    "partner_current": 200,
}
READ_PLANS = {
    "administrator": 200,
    "manager": 200,
    "on_call_manager": 200,
    "team_worker": 200,
    "person_user": 200,
}
#: Who reads a person's daily records (no one in the cast's circle or partners has consent).
READ_DAILY = {
    "administrator": 200,
    "manager": 200,
    "on_call_manager": 200,
    "team_worker": 200,
    "person_user": 200,
}

#: Who writes daily records (the team, managers, administrators); other readers get 403.
DAILY_WRITERS = ("administrator", "manager", "team_worker")
WRITE_DAILY = {**dict.fromkeys(READ_DAILY, 403), **dict.fromkeys(DAILY_WRITERS, 200)}
WRITE_DAILY_INVALID = {**dict.fromkeys(READ_DAILY, 403), **dict.fromkeys(DAILY_WRITERS, 400)}
API_WRITE_DAILY_INVALID = {**dict.fromkeys(READ_DAILY, 403), **dict.fromkeys(DAILY_WRITERS, 422)}
#: Who has a today board (issue 5): administrators, managers, the on-call manager on duty.
TODAY_BOARD = dict.fromkeys(("administrator", "manager", "other_manager", "on_call_manager"), 200)
#: Who sees organisation trends: anyone who may read someone's daily records (the outside
#: worker is in other_person's team).
TODAY_TRENDS = {**READ_DAILY, "other_manager": 200, "outside_worker": 200}

#: Who reads a person's ROTA category (their team): see people.selectors.READ_CATEGORIES.
READ_ROTA = {
    "administrator": 200,
    "manager": 200,
    "on_call_manager": 200,
    "team_worker": 200,
    "coordinator": 200,
    "person_user": 200,
}

#: The rota office roles (build, runs): administrators, managers and coordinators.
ROTA_OFFICE = {
    "administrator": 200,
    "manager": 200,
    "other_manager": 200,
    "on_call_manager": 200,
    "coordinator": 200,
}
#: Changing who works one shift: writers of the person's rota; the on-call manager reads it
#: (403) and the other manager can't (404).
ROTA_SHIFT_WRITERS = ("administrator", "manager", "coordinator")
ROTA_SHIFT_WRITE = {**dict.fromkeys(ROTA_SHIFT_WRITERS, 200), "on_call_manager": 403}
#: Who may read "plans and goals" (the circle member consented to "about me" only).
READ_PLANS = {
    "administrator": 200,
    "manager": 200,
    "on_call_manager": 200,
    "team_worker": 200,
    "person_user": 200,
}


def _writers(readers: dict[str, Outcome], outcome: Outcome = 200) -> dict[str, Outcome]:
    """Readers who may not change the category get 403; administrators and managers change."""
    return {**dict.fromkeys(readers, 403), "administrator": outcome, "manager": outcome}


def api_write(readers: dict[str, Outcome], outcome: Outcome) -> dict[str, Outcome]:
    return _writers(readers, outcome)


WRITE_HEALTH = _writers(READ_HEALTH)
WRITE_HEALTH_INVALID = _writers(READ_HEALTH, 400)
WRITE_PROFILE = _writers(READ_PROFILE)
WRITE_PLANS = _writers(READ_PLANS)


def health_kind(kind: str) -> Callable[[Cast], dict[str, Any]]:
    def build(cast: Cast) -> dict[str, Any]:
        return {**person(cast), "kind": kind}

    return build


def health_item(cast: Cast) -> dict[str, Any]:
    return {**person(cast), "kind": "condition", "item_id": health_data.condition_id(cast)}


def health_medication(cast: Cast) -> dict[str, Any]:
    return {**person(cast), "medication_id": health_data.medication_id(cast)}


def circle_member(cast: Cast) -> dict[str, Any]:
    return {**person(cast), "member_id": health_data.member_id(cast)}


def partner_consent(cast: Cast) -> dict[str, Any]:
    return {**person(cast), "consent_id": health_data.partner_health_consent_id(cast)}


def package_person(cast: Cast) -> dict[str, Any]:
    health_data.give_package(cast)
    return person(cast)


def api_health(cast: Cast) -> dict[str, Any]:
    return {"person_id": cast.person.public_id}


def api_medication(cast: Cast) -> dict[str, Any]:
    return {**api_health(cast), "medication_id": health_data.medication_id(cast)}


def api_package(cast: Cast) -> dict[str, Any]:
    health_data.give_package(cast)
    return api_health(cast)


def api_member(cast: Cast) -> dict[str, Any]:
    return {**api_health(cast), "member_id": health_data.member_id(cast)}


def api_partner_consent(cast: Cast) -> dict[str, Any]:
    return {**api_health(cast), "consent_id": health_data.partner_health_consent_id(cast)}


def rota_write(ok: Outcome) -> dict[str, Outcome]:
    """Managers and administrators change the team; other ROTA readers get 403."""
    return expect(404, **{**dict.fromkeys(READ_ROTA, 403), "administrator": ok, "manager": ok})


def api_rota_write(ok: Outcome, **overrides: Outcome) -> dict[str, Outcome]:
    return api(
        404, **{**dict.fromkeys(READ_ROTA, 403), "administrator": ok, "manager": ok}, **overrides
    )


def staff_write(ok: Outcome) -> dict[str, Outcome]:
    return expect(404, **dict.fromkeys(STAFF_RECORDS, ok), team_worker=403)


def membership(cast: Cast) -> dict[str, Any]:
    from tests.ownterms.staff.data import team_worker_membership

    return {**person(cast), "membership_id": team_worker_membership(cast).public_id}


def random_membership(cast: Cast) -> dict[str, Any]:
    return {**person(cast), "membership_id": uuid.uuid4()}


def random_need(cast: Cast) -> dict[str, Any]:
    return {**person(cast), "need_id": uuid.uuid4()}


def api_team(cast: Cast) -> dict[str, Any]:
    return {"person_id": cast.person.public_id}


def api_team_membership(cast: Cast) -> dict[str, Any]:
    return {"person_id": cast.person.public_id, "membership_id": uuid.uuid4()}


def api_team_need(cast: Cast) -> dict[str, Any]:
    return {"person_id": cast.person.public_id, "need_id": uuid.uuid4()}


def writers(readers: dict[str, int], ok: Outcome = 200) -> dict[str, Outcome]:
    """Readers may not change it (403) except administrators and managers (``ok``)."""
    return expect(404, **{**dict.fromkeys(readers, 403), "administrator": ok, "manager": ok})


def api_writers(readers: dict[str, int], ok: Outcome) -> dict[str, Outcome]:
    return api(404, **{**dict.fromkeys(readers, 403), "administrator": ok, "manager": ok})


def plan(**extra: Callable[[Any], Any]) -> Callable[[Cast], dict[str, Any]]:
    """The cast's person with a filled-in plan (tests/ownterms/plans/data.py)."""

    def build(cast: Cast) -> dict[str, Any]:
        data = plan_data(cast)
        return {**person(cast), **{key: value(data) for key, value in extra.items()}}

    return build


def api_plan(**extra: Callable[[Any], Any]) -> Callable[[Cast], dict[str, Any]]:
    def build(cast: Cast) -> dict[str, Any]:
        data = plan_data(cast)
        return {
            "person_id": cast.person.public_id,
            **{key: value(data) for key, value in extra.items()},
        }

    return build


PAST = "2020-01-01"
PLANS_MATRIX: dict[str, list[Case]] = {
    "plans:profile": [Case(plan(), expect(404, **READ_PROFILE))],
    "plans:profile_edit": [
        Case(plan(), writers(READ_PROFILE)),
        Case(
            plan(),
            writers(READ_PROFILE, 400),
            method="post",
            data={"appreciated": ""},
            note="an invalid form is refused with its errors (nothing saved)",
        ),
    ],
    "plans:profile_version": [
        Case(plan(number=lambda data: 1), expect(404, **READ_PROFILE)),
        Case(
            plan(number=lambda data: 99),
            expect(404),
            note="no such version: the same 404 for everyone",
        ),
    ],
    "plans:strengths_edit": [Case(plan(), writers(READ_PROFILE))],
    "plans:goals": [Case(plan(), expect(404, **READ_PLANS))],
    "plans:aspirations_edit": [Case(plan(), writers(READ_PLANS))],
    "plans:goal_add": [Case(plan(), writers(READ_PLANS))],
    "plans:goal_edit": [
        Case(plan(goal_id=lambda data: data.goal.public_id), writers(READ_PLANS)),
    ],
    "plans:session_add": [Case(plan(), writers(READ_PLANS))],
    "plans:session": [
        Case(plan(session_id=lambda data: data.session.public_id), expect(404, **READ_PLANS))
    ],
    "plans:session_edit": [
        Case(plan(session_id=lambda data: data.session.public_id), writers(READ_PLANS)),
    ],
    "plans:session_graphic": [
        Case(
            plan(session_id=lambda data: data.session.public_id),
            expect(404),
            note="the session has no picture; test_views.py checks who sees one",
        )
    ],
    "plans:routine": [Case(plan(), expect(404, **READ_PROFILE))],
    "plans:activity_add": [Case(plan(), writers(READ_PROFILE))],
    "plans:activity_edit": [
        Case(plan(activity_id=lambda data: data.activity.public_id), writers(READ_PROFILE))
    ],
    "plans:activity_remove": [
        Case(plan(activity_id=lambda data: uuid.uuid4()), everyone(405), note="POST only"),
        Case(
            plan(activity_id=lambda data: uuid.uuid4()),
            writers(READ_PROFILE, 404),
            method="post",
            note="no such activity: 404 for those who may change the routine",
        ),
    ],
    "plans:policies": [Case(plan(), expect(404, **READ_PLANS))],
    "plans:policy_add": [Case(plan(), writers(READ_PLANS))],
    "plans:policy": [
        Case(plan(policy_id=lambda data: data.policy.public_id), expect(404, **READ_PLANS))
    ],
    "plans:policy_edit": [
        Case(plan(policy_id=lambda data: data.policy.public_id), writers(READ_PLANS))
    ],
    "plans:policy_version": [
        Case(
            plan(policy_id=lambda data: data.policy.public_id, number=lambda data: 1),
            expect(404, **READ_PLANS),
        )
    ],
    "plans:easy_about": [Case(plan(), expect(404, **READ_PROFILE))],
    "plans:easy_people": [Case(plan(), expect(404, **READ_PROFILE))],
    "plans:team_photo": [
        Case(
            plan(staff_id=lambda data: uuid.uuid4()),
            expect(404),
            note="the cast's staff have no photos; test_views.py checks who sees one",
        )
    ],
    "api-v1:get_profile": [
        Case(api_plan(), everyone(401), note=SESSION_IS_NOT_ENOUGH),
        Case(api_plan(), api(404, **READ_PROFILE), auth="token"),
    ],
    "api-v1:save_profile_endpoint": [
        Case(
            api_plan(),
            api_writers(READ_PROFILE, 422),
            method="post",
            data={"appreciated": "a", "important": "b", "support": "c", "review_on": PAST},
            auth="token",
            note="a review date in the past is refused (422) after the access check",
        )
    ],
    "api-v1:get_profile_version": [
        Case(api_plan(number=lambda data: 1), api(404, **READ_PROFILE), auth="token"),
    ],
    "api-v1:get_policy": [
        Case(
            api_plan(policy_id=lambda data: data.policy.public_id),
            api(404, **READ_PLANS),
            auth="token",
        ),
    ],
    "api-v1:update_strengths_endpoint": [
        Case(
            api_plan(),
            api_writers(READ_PROFILE, 200),
            method="patch",
            data={"strengths": "Kind and patient"},
            auth="token",
        )
    ],
    "api-v1:update_aspirations_endpoint": [
        Case(
            api_plan(),
            api_writers(READ_PLANS, 200),
            method="patch",
            data={"dreams": "Go to a festival"},
            auth="token",
        )
    ],
    "api-v1:update_activity_endpoint": [
        Case(
            api_plan(activity_id=lambda data: data.activity.public_id),
            api_writers(READ_PROFILE, 200),
            method="patch",
            data={"place": "Village hall"},
            auth="token",
        )
    ],
    "api-v1:remove_activity_endpoint": [
        Case(
            api_plan(activity_id=lambda data: uuid.uuid4()),
            api_writers(READ_PROFILE, 404),
            method="delete",
            auth="token",
            note="no such activity: 404 for those who may change the routine",
        )
    ],
    "api-v1:get_goals": [Case(api_plan(), api(404, **READ_PLANS), auth="token")],
    "api-v1:add_goal_endpoint": [
        Case(
            api_plan(),
            api_writers(READ_PLANS, 201),
            method="post",
            data={"title": "Learn to swim", "owner": "Alex"},
            auth="token",
        )
    ],
    "api-v1:update_goal_endpoint": [
        Case(
            api_plan(goal_id=lambda data: data.goal.public_id),
            api_writers(READ_PLANS, 200),
            method="patch",
            data={"next_step": "Ring the pool"},
            auth="token",
        )
    ],
    "api-v1:get_routine": [Case(api_plan(), api(404, **READ_PROFILE), auth="token")],
    "api-v1:add_activity_endpoint": [
        Case(
            api_plan(),
            api_writers(READ_PROFILE, 201),
            method="post",
            data={
                "name": "Bowling",
                "day": 4,
                "starts_at": "19:00",
                "ends_at": "20:30",
                "frequency": "occasional",
            },
            auth="token",
        )
    ],
    "api-v1:get_policies": [Case(api_plan(), api(404, **READ_PLANS), auth="token")],
    "api-v1:add_policy_endpoint": [
        Case(
            api_plan(),
            api_writers(READ_PLANS, 422),
            method="post",
            data={"kind": "risk", "title": "t", "text": "x", "owner": "o", "review_on": PAST},
            auth="token",
            note="a review date in the past is refused (422) after the access check",
        )
    ],
    "api-v1:revise_policy_endpoint": [
        Case(
            api_plan(policy_id=lambda data: data.policy.public_id),
            api_writers(READ_PLANS, 422),
            method="post",
            data={"title": "t", "text": "x", "owner": "o", "review_on": PAST},
            auth="token",
            note="a review date in the past is refused (422) after the access check",
        )
    ],
}

# Delivered support, payroll and open shifts (issue 4) -------------------------------------

PAYROLL = {"administrator": 200, "finance": 200, "coordinator": 200}
#: Everyone with a staff record (the cast's managers and workers).
STAFF_MEMBERS = ("manager", "other_manager", "on_call_manager", "team_worker", "outside_worker")
#: A fixed past shift for the API body, which cannot be built per test.
API_SHIFT_ID = "6f1b7c52-3c9e-4d8e-9a57-0d2f4b1e8a10"
API_SHIFT_BODY = {
    "shift": API_SHIFT_ID,
    "started_at": "2026-01-05T09:00:00+00:00",
    "ended_at": "2026-01-05T15:00:00+00:00",
}


def worked_shift(cast: Cast) -> dict[str, Any]:
    from tests.ownterms.rota.delivered_data import worked_shift_id

    return {**org(cast), "shift_id": worked_shift_id(cast)}


def offerable_shift(cast: Cast) -> dict[str, Any]:
    from tests.ownterms.rota.delivered_data import offerable_shift_id

    return {**org(cast), "shift_id": offerable_shift_id(cast)}


def open_offer(cast: Cast) -> dict[str, Any]:
    from tests.ownterms.rota.delivered_data import open_offer_id

    return {**org(cast), "offer_id": open_offer_id(cast)}


def api_open_offer(cast: Cast) -> dict[str, Any]:
    from tests.ownterms.rota.delivered_data import open_offer_id

    return {"offer_id": open_offer_id(cast)}


def api_worked_shift(cast: Cast) -> dict[str, Any]:
    import datetime as dt

    from ownterms.rota.models import Assignment, Shift

    row = Shift.objects.create(
        organisation=cast.organisation,
        person=cast.person,
        public_id=uuid.UUID(API_SHIFT_ID),
        on=dt.date(2026, 1, 5),
        starts_at=dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC),
        ends_at=dt.datetime(2026, 1, 5, 15, tzinfo=dt.UTC),
        kind="day",
    )
    Assignment.objects.create(shift=row, staff_member=cast.staff["team_worker"])
    return {}


CONFIRM_WRITERS = {"administrator": 200, "manager": 200, "coordinator": 200, "team_worker": 200}
CONFIRM_READERS = {"on_call_manager": 403, "person_user": 403}
ROTA_WRITERS_POST = {
    "administrator": REDIRECT,
    "manager": REDIRECT,
    "coordinator": REDIRECT,
    "on_call_manager": 403,
    "team_worker": 403,
    "person_user": 403,
}
PAST_PERIOD = {"first": "2026-01-01", "last": "2026-01-31"}

DELIVERED_MATRIX: dict[str, list[Case]] = {
    "rota:confirm_worked": [
        Case(worked_shift, expect(404, **CONFIRM_WRITERS, **CONFIRM_READERS)),
        Case(
            worked_shift,
            expect(404, **dict.fromkeys(CONFIRM_WRITERS, REDIRECT), **CONFIRM_READERS),
            method="post",
            data={"started": "09:00", "ended": "15:00"},
        ),
    ],
    "rota:offer_shift": [
        Case(offerable_shift, expect(404, **ROTA_WRITERS_POST), method="post"),
    ],
    "rota:delivered": [Case(org, expect(404, **ROTA_OFFICE))],
    "rota:payroll": [Case(org, expect(404, **PAYROLL))],
    "rota:payroll_csv": [Case(org, expect(404, **PAYROLL))],
    "rota:payroll_close": [
        Case(
            org,
            expect(404, **dict.fromkeys(PAYROLL, REDIRECT)),
            method="post",
            data=PAST_PERIOD,
        )
    ],
    "rota:open_shifts": [
        Case(
            org, expect(404, **ROTA_OFFICE, team_worker=200, outside_worker=200, former_worker=200)
        )
    ],
    "rota:offer_accept": [
        Case(
            open_offer,
            expect(404, **dict.fromkeys((*STAFF_MEMBERS, "former_worker"), REDIRECT)),
            method="post",
            note="the team worker takes it; the rest are refused with a message",
        )
    ],
    "api-v1:confirm_delivery": [
        Case(
            nothing, everyone(401), method="post", data=API_SHIFT_BODY, note=SESSION_IS_NOT_ENOUGH
        ),
        Case(
            api_worked_shift,
            api(404, **dict.fromkeys(CONFIRM_WRITERS, 201), **CONFIRM_READERS),
            method="post",
            data=API_SHIFT_BODY,
            auth="token",
        ),
    ],
    "api-v1:get_delivered_hours": [
        Case(nothing, everyone(401), note=SESSION_IS_NOT_ENOUGH),
        Case(
            nothing,
            api(404, **ROTA_OFFICE, other_org_admin=200),
            auth="token",
            note="the other organisation's administrator sees their own (none)",
        ),
    ],
    "api-v1:list_open_shifts": [
        Case(nothing, everyone(401), note=SESSION_IS_NOT_ENOUGH),
        Case(
            nothing,
            api(
                404,
                **ROTA_OFFICE,
                team_worker=200,
                outside_worker=200,
                former_worker=200,
                other_org_admin=200,
            ),
            auth="token",
            note="the other organisation's administrator sees their own (none)",
        ),
    ],
    "api-v1:accept_open_shift": [
        Case(api_open_offer, everyone(401), method="post", note=SESSION_IS_NOT_ENOUGH),
        Case(
            api_open_offer,
            api(
                404,
                manager=422,
                other_manager=422,
                on_call_manager=422,
                team_worker=200,
                outside_worker=409,
                former_worker=409,
            ),
            method="post",
            auth="token",
            note="not in the team: 422; the team worker wins; later: taken (409)",
        ),
    ],
}


# Support patterns and shifts (issue 4): read with the rota; changed by administrators, the
# person's managers and coordinators.
def pattern_write(ok: Outcome) -> dict[str, Outcome]:
    writers = {"administrator": ok, "manager": ok, "coordinator": ok}
    return expect(404, **{**dict.fromkeys(READ_ROTA, 403), **writers})


def api_pattern_write(ok: Outcome) -> dict[str, Outcome]:
    writers = {"administrator": ok, "manager": ok, "coordinator": ok}
    return api(404, **{**dict.fromkeys(READ_ROTA, 403), **writers})


def pattern_block(cast: Cast) -> dict[str, Any]:
    from tests.ownterms.rota.patterns_data import first_block

    return {**person(cast), "block_id": first_block(cast).public_id}


def pattern_shift(cast: Cast) -> dict[str, Any]:
    from tests.ownterms.rota.patterns_data import a_shift

    return {"org": cast.organisation.slug, "shift_id": a_shift(cast).public_id}


def api_with_pattern(cast: Cast) -> dict[str, Any]:
    from tests.ownterms.rota.patterns_data import week_pattern

    week_pattern(cast)
    return {"person_id": cast.person.public_id}


def api_pattern_block(cast: Cast) -> dict[str, Any]:
    return {"person_id": cast.person.public_id, "block_id": uuid.uuid4()}


def api_pattern_shift(cast: Cast) -> dict[str, Any]:
    from tests.ownterms.rota.patterns_data import a_shift

    return {"shift_id": a_shift(cast).public_id}


BAD_TIMES = {"weekday": 0, "start": "10:00", "end": "09:00", "kind": "day"}
PATTERNS_MATRIX: dict[str, list[Case]] = {
    "rota:pattern": [Case(person, expect(404, **READ_ROTA))],
    "rota:pattern_settings": [
        Case(person, pattern_write(200)),
        Case(person, pattern_write(400), method="post", data={"weeks": "9"}, note="invalid"),
    ],
    "rota:block_new": [
        Case(person, pattern_write(200)),
        Case(person, pattern_write(400), method="post", data={"start": "25:00"}, note="invalid"),
    ],
    "rota:block_edit": [Case(pattern_block, pattern_write(200))],
    "rota:block_remove": [
        Case(
            lambda cast: {**person(cast), "block_id": uuid.uuid4()},
            pattern_write(404),
            method="post",
            note="no such block",
        )
    ],
    "rota:person_shifts": [Case(person, expect(404, **READ_ROTA))],
    "rota:generate_shifts": [
        Case(person, pattern_write(200)),
        Case(person, pattern_write(400), method="post", data={"x": "y"}, note="invalid"),
    ],
    "rota:shift_new": [
        Case(person, pattern_write(200)),
        Case(person, pattern_write(400), method="post", data={"start": "x"}, note="invalid"),
    ],
    "rota:shift_edit": [Case(pattern_shift, pattern_write(200))],
    "rota:shift_cancel": [
        Case(
            pattern_shift,
            pattern_write(400),
            method="post",
            data={"reason": " "},
            note="a reason is needed",
        )
    ],
    "api-v1:get_support_pattern": [
        Case(api_with_pattern, everyone(401), note=SESSION_IS_NOT_ENOUGH),
        Case(api_with_pattern, api(404, **READ_ROTA), auth="token"),
    ],
    "api-v1:put_support_pattern": [
        Case(
            api_team,
            api_pattern_write(422),
            method="put",
            data={"weeks": 1, "anchor_monday": "2026-06-02"},
            auth="token",
            note="a Tuesday",
        )
    ],
    "api-v1:add_pattern_block": [
        Case(api_team, everyone(401), method="post", note=SESSION_IS_NOT_ENOUGH),
        Case(api_team, api_pattern_write(422), method="post", data=BAD_TIMES, auth="token"),
    ],
    "api-v1:change_pattern_block": [
        Case(
            api_pattern_block,
            api_pattern_write(404),
            method="patch",
            data={"notes": "x"},
            auth="token",
            note="no such block",
        )
    ],
    "api-v1:remove_pattern_block": [
        Case(
            api_pattern_block,
            api_pattern_write(404),
            method="delete",
            auth="token",
            note="no such block",
        )
    ],
    "api-v1:list_person_shifts": [
        Case(api_team, everyone(401), note=SESSION_IS_NOT_ENOUGH),
        Case(api_team, api(404, **READ_ROTA), auth="token", note="this week by default"),
    ],
    "api-v1:add_one_off_shift": [
        Case(
            api_team,
            api_pattern_write(422),
            method="post",
            data={"on": "2026-06-02", "start": "10:00", "end": "09:00", "kind": "day"},
            auth="token",
        )
    ],
    "api-v1:generate_person_shifts": [
        Case(
            api_team,
            api_pattern_write(422),
            method="post",
            data={"first_day": "2026-06-02", "last_day": "2026-06-01"},
            auth="token",
        )
    ],
    "api-v1:change_one_shift": [
        Case(
            api_pattern_shift,
            api_pattern_write(409),
            method="patch",
            data={"version": "2000-01-01T00:00:00Z"},
            auth="token",
            note="a stale version",
        )
    ],
    "api-v1:cancel_one_shift": [
        Case(
            api_pattern_shift,
            api_pattern_write(422),
            method="post",
            data={"reason": ""},
            auth="token",
        )
    ],
    "api-v1:restore_one_shift": [
        Case(
            api_pattern_shift,
            api_pattern_write(422),
            method="post",
            data={"version": None},
            auth="token",
            note="not cancelled",
        )
    ],
}


# -- Rota: the readers' pages (issue 4) ---------------------------------------------------------
#: Everyone with a staff record (my shifts and the calendar link are their own).
WITH_STAFF_RECORD = dict.fromkeys(
    (
        "manager",
        "other_manager",
        "on_call_manager",
        "team_worker",
        "outside_worker",
        "former_worker",
    ),
    200,
)


def readers_person(cast: Cast) -> dict[str, Any]:
    from tests.ownterms.rota.readers_data import person_kwargs

    return person_kwargs(cast)


def readers_org(cast: Cast) -> dict[str, Any]:
    from tests.ownterms.rota.readers_data import org_kwargs

    return org_kwargs(cast)


def readers_feed(cast: Cast) -> dict[str, Any]:
    from tests.ownterms.rota.readers_data import feed_token

    return {"token": feed_token(cast)}


READERS_MATRIX: dict[str, list[Case]] = {
    "rota:who_is_coming": [Case(readers_person, expect(404, **READ_ROTA))],
    "rota:who_is_coming_pdf": [Case(readers_person, expect(404, **READ_ROTA))],
    "rota:team_rota_pdf": [Case(readers_person, expect(404, **READ_ROTA))],
    "rota:my_shifts": [Case(readers_org, expect(404, **WITH_STAFF_RECORD))],
    "rota:my_calendar": [Case(readers_org, expect(404, **WITH_STAFF_RECORD))],
    "rota:my_calendar_new": [
        Case(
            readers_org,
            expect(404, **dict.fromkeys(WITH_STAFF_RECORD, REDIRECT)),
            method="post",
            note="makes the member's own link",
        )
    ],
    "rota:my_calendar_revoke": [
        Case(
            readers_org,
            expect(404, **dict.fromkeys(WITH_STAFF_RECORD, REDIRECT)),
            method="post",
            note="stops the member's own link",
        )
    ],
    "rota:week": [Case(readers_org, expect(404, **ROTA_OFFICE))],
    "rota_feed:feed": [
        Case(readers_feed, everyone(200), note="the token is the credential; no sign-in"),
        Case(lambda cast: {"token": "not-a-token"}, everyone(404), note="unknown token"),
    ],
    "api-v1:list_shifts": [
        Case(
            nothing,
            {**everyone(422), "anonymous": 401},
            auth="token",
            note="no person= (per person, the whole cast: tests/ownterms/rota/test_readers_api.py)",
        )
    ],
    "api-v1:list_my_shifts": [Case(nothing, api(404, **WITH_STAFF_RECORD), auth="token")],
}


#: Who reads a person's funding (the money category): administrators, the person's managers
#: (and the manager on call), finance and the person; circle members only with consent to money.
# Funding: money and statements (issue 9, funding-ledger) ---------------------------------


def _money(kind: str) -> Callable[[Cast], dict[str, Any]]:
    def kwargs(cast: Cast) -> dict[str, Any]:
        from tests.ownterms.funding import money_data

        return getattr(money_data, f"{kind}_kwargs")(cast)  # type: ignore[no-any-return]

    return kwargs


def _api_money(cast: Cast) -> dict[str, Any]:
    from tests.ownterms.funding import money_data

    kwargs = money_data.arrangement_kwargs(cast)
    return {"person_id": kwargs["person_id"], "arrangement_id": kwargs["arrangement_id"]}


def _api_money_receipt(cast: Cast) -> dict[str, Any]:
    from tests.ownterms.funding import money_data

    kwargs = money_data.receipt_kwargs(cast)
    return {key: kwargs[key] for key in ("person_id", "arrangement_id", "posting_id")}


READ_MONEY = {
    "administrator": 200,
    "manager": 200,
    "finance": 200,
    "person_user": 200,
}


def money_write(ok: Outcome) -> dict[str, Outcome]:
    writers = {"administrator": ok, "manager": ok, "finance": ok}
    return expect(404, **{**dict.fromkeys(READ_MONEY, 403), **writers})


def api_money_write(ok: Outcome) -> dict[str, Outcome]:
    writers = {"administrator": ok, "manager": ok, "finance": ok}
    return api(404, **{**dict.fromkeys(READ_MONEY, 403), **writers})


def api_person_funding(cast: Cast) -> dict[str, Any]:
    records_data.funded(cast)
    return {"person_id": cast.person.public_id}


def api_funding(cast: Cast) -> dict[str, Any]:
    kwargs = records_data.arrangement_kwargs(cast)
    del kwargs["org"]
    return kwargs


def api_funding_plan(cast: Cast) -> dict[str, Any]:
    kwargs = records_data.plan_kwargs(cast)
    del kwargs["org"]
    return kwargs


WRITE_MONEY = {
    **dict.fromkeys(READ_MONEY, 403),
    "administrator": 200,
    "manager": 200,
    "finance": 200,
}
FINANCE_OFFICE = {
    "administrator": 200,
    "manager": 200,
    "other_manager": 200,
    "on_call_manager": 200,
    "finance": 200,
}
MONEY_PERIOD = {"from": "2020-01-01", "to": "2020-01-31"}


OWN_ORG = "the other organisation's administrator gets their own organisation's invoices"


def _invoice(cast: Cast) -> dict[str, Any]:
    row = funding_factories.arrangement(
        cast.person, starts_on=cast.today - dt.timedelta(days=7), reference="ISF-INV"
    )
    funding_factories.source(row, 100_000)
    issued = issue_ready_invoices(actor=cast.finance, today=cast.today)
    invoice = next(i for i in issued if i.arrangement_id == row.pk)
    return {"org": cast.organisation.slug, "invoice_id": invoice.public_id}


def _ok(outcomes: dict[str, Outcome], ok: Outcome) -> dict[str, Outcome]:
    return {member: ok if got == 200 else got for member, got in outcomes.items()}


FUNDING_MONEY_MATRIX: dict[str, list[Case]] = {
    "funding:money": [Case(_money("arrangement"), expect(404, **READ_MONEY))],
    "funding:record_funding": [Case(_money("arrangement"), expect(404, **WRITE_MONEY))],
    "funding:record_spending": [Case(_money("arrangement"), expect(404, **WRITE_MONEY))],
    "funding:post_support": [
        Case(_money("arrangement"), expect(404, **_ok(WRITE_MONEY, REDIRECT)), method="post")
    ],
    "funding:correct": [Case(_money("receipt"), expect(404, **WRITE_MONEY))],
    "funding:receipt": [Case(_money("receipt"), expect(404, **READ_MONEY))],
    "funding:statements": [
        Case(_money("arrangement"), expect(404, **READ_MONEY)),
        Case(
            _money("arrangement"),
            expect(404, **_ok(WRITE_MONEY, 400)),
            method="post",
            note="no period given",
        ),
    ],
    "funding:statement_preview": [Case(_money("arrangement"), expect(404, **READ_MONEY))],
    "funding:statement": [Case(_money("statement"), expect(404, **READ_MONEY))],
    "funding:statement_pdf": [Case(_money("statement"), expect(404, **READ_MONEY))],
    "funding:statement_easy_read": [Case(_money("statement"), expect(404, **READ_MONEY))],
    "funding:finance": [Case(org, expect(404, **FINANCE_OFFICE))],
    "funding:finance_csv": [Case(org, expect(404, **FINANCE_OFFICE))],
    "funding:invoices": [
        Case(org, expect(404, **FINANCE_OFFICE)),
        Case(org, expect(404, **_ok(FINANCE_OFFICE, REDIRECT)), method="post"),
    ],
    "funding:invoices_csv": [Case(org, expect(404, **FINANCE_OFFICE))],
    "api-v1:list_invoices": [
        Case(nothing, everyone(401), note=SESSION_IS_NOT_ENOUGH),
        Case(nothing, api(404, **FINANCE_OFFICE, other_org_admin=200), auth="token", note=OWN_ORG),
    ],
    "api-v1:list_ready_invoices": [
        Case(nothing, api(404, **FINANCE_OFFICE, other_org_admin=200), auth="token", note=OWN_ORG)
    ],
    "api-v1:issue_invoices": [
        Case(
            nothing,
            api(404, **_ok(FINANCE_OFFICE, 201), other_org_admin=201),
            method="post",
            auth="token",
            note=OWN_ORG,
        )
    ],
    "api-v1:get_invoice": [
        Case(
            lambda cast: {"invoice_id": _invoice(cast)["invoice_id"]},
            api(404, administrator=200, manager=200, finance=200),
            auth="token",
        )
    ],
    # Finance office roles, and only for people whose money they may read.
    "funding:invoice": [
        Case(
            _invoice,
            expect(404, administrator=200, manager=200, finance=200),
        )
    ],
    "funding:invoice_pdf": [
        Case(
            _invoice,
            expect(404, administrator=200, manager=200, finance=200),
        )
    ],
    "api-v1:list_money_postings": [
        Case(_api_money, everyone(401), note=SESSION_IS_NOT_ENOUGH),
        Case(_api_money, api(404, **READ_MONEY), auth="token"),
    ],
    "api-v1:get_money_balance": [
        Case(_api_money, everyone(401), note=SESSION_IS_NOT_ENOUGH),
        Case(_api_money, api(404, **READ_MONEY), auth="token"),
    ],
    "api-v1:record_money_funding": [
        Case(
            _api_money,
            api(404, **_ok(WRITE_MONEY, 422)),
            method="post",
            auth="token",
            data={"source": str(uuid.UUID(int=9)), "amount_pence": "1", "on": "2020-01-01"},
            note="not one of the arrangement's funders",
        )
    ],
    "api-v1:record_money_spending": [
        Case(
            _api_money,
            api(404, **_ok(WRITE_MONEY, 422)),
            method="post",
            auth="token",
            data={"amount_pence": "0", "on": "2020-01-01", "category": "x", "description": "x"},
            note="nothing spent",
        )
    ],
    "api-v1:attach_money_receipt": [
        Case(
            _api_money_receipt,
            api(404, **_ok(WRITE_MONEY, 422)),
            method="post",
            auth="token",
            note="no file sent (uploads: test_money_api.py)",
        )
    ],
    "api-v1:post_money_support": [
        Case(_api_money, api(404, **WRITE_MONEY), method="post", auth="token")
    ],
    "api-v1:list_money_statements": [
        Case(_api_money, everyone(401), note=SESSION_IS_NOT_ENOUGH),
        Case(_api_money, api(404, **READ_MONEY), auth="token"),
    ],
    "api-v1:issue_money_statement": [
        Case(
            _api_money,
            api(404, **_ok(WRITE_MONEY, 422)),
            method="post",
            auth="token",
            data=MONEY_PERIOD,
            note="the period ends before the arrangement started",
        ),
    ],
}


# -- Daily records: behaviour support plans, incidents, restrictive practices (behaviour) -------
def daily_write(ok: Outcome, plan: bool = False) -> dict[str, Outcome]:
    writers = ("administrator", "manager") if plan else ("administrator", "manager", "team_worker")
    return expect(404, **{**dict.fromkeys(READ_DAILY, 403), **dict.fromkeys(writers, ok)})


def api_daily_write(ok: Outcome) -> dict[str, Outcome]:
    writers = ("administrator", "manager", "team_worker")
    return api(404, **{**dict.fromkeys(READ_DAILY, 403), **dict.fromkeys(writers, ok)})


def bsp_plan(cast: Cast) -> dict[str, Any]:
    behaviour_data.a_plan(cast)
    return person(cast)


def bsp_practice(cast: Cast) -> dict[str, Any]:
    return {**person(cast), "practice_id": behaviour_data.the_practice(cast).public_id}


def bsp_incident(cast: Cast) -> dict[str, Any]:
    return {**person(cast), "incident_id": behaviour_data.an_incident(cast).public_id}


def bsp_event(cast: Cast) -> dict[str, Any]:
    return {**person(cast), "event_id": behaviour_data.an_event(cast).public_id}


def api_bsp_person(cast: Cast) -> dict[str, Any]:
    behaviour_data.a_plan(cast)
    return {"person_id": cast.person.public_id}


def bsp_records(cast: Cast) -> dict[str, Any]:
    """The person, with an incident and a restrictive practice in it (for the lists)."""
    behaviour_data.an_event(cast)
    return person(cast)


def api_bsp_records(cast: Cast) -> dict[str, Any]:
    behaviour_data.an_event(cast)
    return {"person_id": cast.person.public_id}


def api_bsp_incident(cast: Cast) -> dict[str, Any]:
    return {
        "person_id": cast.person.public_id,
        **{"incident_id": behaviour_data.an_incident(cast).public_id},
    }


def api_bsp_event(cast: Cast) -> dict[str, Any]:
    return {"person_id": cast.person.public_id, "event_id": behaviour_data.an_event(cast).public_id}


BSP_INCIDENT_POST = {
    "starts_on_day": "2",
    "starts_on_month": "3",
    "starts_on_year": "2026",
    "start_time": "14:00",
    "end_time": "13:00",
}
BEHAVIOUR_MATRIX: dict[str, list[Case]] = {
    "daily:behaviour_plan": [
        Case(person, expect(404, **READ_DAILY), note="no plan yet"),
        Case(bsp_plan, expect(404, **READ_DAILY)),
    ],
    "daily:behaviour_plan_edit": [
        Case(person, daily_write(200, plan=True), note="write the first plan"),
        Case(bsp_plan, daily_write(200, plan=True), note="amend it"),
        Case(
            bsp_plan,
            daily_write(400, plan=True),
            method="post",
            data={"hypotheses": "", "reason": ""},
            note="an invalid form is refused with its errors",
        ),
    ],
    "daily:authorised_practice_new": [
        Case(bsp_plan, daily_write(200, plan=True)),
        Case(
            bsp_plan,
            daily_write(400, plan=True),
            method="post",
            data={"kind": "seclusion"},
            note="seclusion is never authorised",
        ),
    ],
    "daily:authorised_practice_end": [Case(bsp_practice, daily_write(200, plan=True))],
    "daily:incidents": [Case(bsp_records, expect(404, **READ_DAILY))],
    "daily:incident_new": [
        Case(person, daily_write(200)),
        Case(
            person,
            daily_write(400),
            method="post",
            data=BSP_INCIDENT_POST,
            note="an incident ending before it starts is refused",
        ),
    ],
    "daily:incident_detail": [Case(bsp_incident, expect(404, **READ_DAILY))],
    "daily:incident_edit": [Case(bsp_incident, daily_write(200), note="the team worker wrote it")],
    "daily:incident_close": [
        Case(bsp_incident, daily_write(200)),
        Case(bsp_incident, daily_write(400), method="post", note="incomplete: refused"),
    ],
    "daily:restrictive_practices": [Case(bsp_records, expect(404, **READ_DAILY))],
    "daily:restrictive_practice_new": [
        Case(person, daily_write(200)),
        Case(person, daily_write(400), method="post", data={"kind": "prone"}, note="incomplete"),
    ],
    "daily:restrictive_practice_detail": [Case(bsp_event, expect(404, **READ_DAILY))],
    "daily:restrictive_practice_amend": [Case(bsp_event, daily_write(200))],
    "api-v1:behaviour_get_plan": [
        Case(api_bsp_person, api(404, **READ_DAILY), auth="token"),
    ],
    "api-v1:behaviour_list_incidents": [
        Case(api_bsp_records, api(404, **READ_DAILY), auth="token"),
    ],
    "api-v1:behaviour_create_incident": [
        Case(
            api_bsp_person,
            api_daily_write(422),
            method="post",
            data={"starts_at": "2026-03-02T14:00:00Z", "ends_at": "2026-03-02T13:00:00Z"},
            auth="token",
            note="ends before it starts",
        ),
    ],
    "api-v1:behaviour_get_incident": [
        Case(api_bsp_incident, api(404, **READ_DAILY), auth="token"),
    ],
    "api-v1:behaviour_update_incident": [
        Case(
            api_bsp_incident,
            api_daily_write(422),
            method="patch",
            data={"ends_at": "2000-01-01T00:00:00Z"},
            auth="token",
            note="ends before it starts",
        ),
    ],
    "api-v1:behaviour_close_incident": [
        Case(
            api_bsp_incident,
            api_daily_write(422),
            method="post",
            auth="token",
            note="incomplete: every missing part listed",
        ),
    ],
    "api-v1:behaviour_list_practices": [
        Case(api_bsp_records, api(404, **READ_DAILY), auth="token"),
    ],
    "api-v1:behaviour_create_practice": [
        Case(
            api_bsp_person,
            api_daily_write(422),
            method="post",
            data={
                "kind": "physical",
                "starts_at": "2026-03-02T14:00:00Z",
                "ends_at": "2026-03-02T14:05:00Z",
                "staff": ["6f1b7c52-3c9e-4d8e-9a57-0d2f4b1e8a11"],
                "technique": "Seated hold",
                "alternatives_tried": "Space",
                "injury_checks": "None",
            },
            auth="token",
            note="staff not in the team",
        ),
    ],
    "api-v1:behaviour_get_practice": [
        Case(api_bsp_event, api(404, **READ_DAILY), auth="token"),
    ],
}


# -- Daily notes, handovers, the start of a shift (issue 5, branch notes) ----------------------
#: Who writes daily records: the team, the person's manager and administrators; the on-call
#: manager and the person read them only.
WRITE_DAILY = {
    **dict.fromkeys(READ_DAILY, 403),
    "administrator": 200,
    "manager": 200,
    "team_worker": 200,
}
#: Amending a note or handover the team worker wrote: the author, managers, administrators.
AMEND_DAILY = WRITE_DAILY
NOTES_NOTHING_CHANGED = "a change that changes nothing (after access): 422 for amenders"


def _writers_outcome(outcome: Outcome) -> dict[str, Outcome]:
    """``WRITE_DAILY`` with ``outcome`` for those who may write."""
    return {name: (outcome if code == 200 else code) for name, code in WRITE_DAILY.items()}


NOTES_MATRIX: dict[str, list[Case]] = {
    "daily:shift_start": [Case(notes_data.shift_kwargs, expect(404, **READ_DAILY))],
    "daily:note_new": [
        Case(notes_data.shift_kwargs, expect(404, **WRITE_DAILY)),
        Case(
            notes_data.shift_kwargs,
            expect(404, **_writers_outcome(REDIRECT)),
            method="post",
            data={"mood": "good", "activities": "A walk to the harbour."},
        ),
        Case(
            notes_data.shift_kwargs,
            expect(404, **_writers_outcome(400)),
            method="post",
            data={"mood": "furious"},
        ),
    ],
    "daily:note_detail": [Case(notes_data.note_kwargs, expect(404, **READ_DAILY))],
    "daily:note_amend": [
        Case(notes_data.note_kwargs, expect(404, **AMEND_DAILY)),
        Case(
            notes_data.note_kwargs,
            expect(404, **_writers_outcome(400)),
            method="post",
            data={"mood": "good", "activities": "Changed"},
            note="no reason",
        ),
    ],
    "daily:handover_new": [
        Case(notes_data.shift_kwargs, expect(404, **WRITE_DAILY)),
        Case(
            notes_data.shift_kwargs,
            expect(404, **_writers_outcome(REDIRECT)),
            method="post",
            data={"text": "Tea at six."},
        ),
    ],
    "daily:handover_detail": [Case(notes_data.handover_kwargs, expect(404, **READ_DAILY))],
    "daily:handover_amend": [Case(notes_data.handover_kwargs, expect(404, **AMEND_DAILY))],
    "daily:handover_acknowledge": [
        Case(
            notes_data.handover_kwargs,
            expect(
                404,
                **{**_writers_outcome(REDIRECT), "administrator": 403},
            ),
            method="post",
            note="administrators have no staff record to acknowledge as",
        ),
        Case(notes_data.handover_kwargs, everyone(405), note="POST only"),
    ],
    "daily:language_check": [
        Case(org, expect(200), method="post", data={"field": "text", "text": "naughty"}),
        Case(org, everyone(405), note="POST only"),
    ],
    "api-v1:list_daily_notes": [
        Case(notes_data.api_person, everyone(401), note=SESSION_IS_NOT_ENOUGH),
        Case(notes_data.api_person, api(404, **READ_DAILY), auth="token"),
    ],
    "api-v1:create_daily_note": [
        Case(notes_data.api_person, everyone(401), method="post", note=SESSION_IS_NOT_ENOUGH),
        Case(
            notes_data.api_person,
            api(404, **_writers_outcome(201)),
            method="post",
            data={"shift": str(notes_data.SHIFT_ID), "mood": "good", "activities": "A walk."},
            auth="token",
        ),
    ],
    "api-v1:get_daily_note": [
        Case(notes_data.api_note, everyone(401), note=SESSION_IS_NOT_ENOUGH),
        Case(notes_data.api_note, api(404, **READ_DAILY), auth="token"),
    ],
    "api-v1:amend_daily_note": [
        Case(notes_data.api_note, everyone(401), method="patch", note=SESSION_IS_NOT_ENOUGH),
        Case(
            notes_data.api_note,
            api(404, **_writers_outcome(422)),
            method="patch",
            data={"reason": "Checking", "mood": "good"},
            auth="token",
            note=NOTES_NOTHING_CHANGED,
        ),
    ],
    "api-v1:list_handovers": [
        Case(notes_data.api_person, everyone(401), note=SESSION_IS_NOT_ENOUGH),
        Case(notes_data.api_person, api(404, **READ_DAILY), auth="token"),
    ],
    "api-v1:create_handover": [
        Case(notes_data.api_person, everyone(401), method="post", note=SESSION_IS_NOT_ENOUGH),
        Case(
            notes_data.api_person,
            api(404, **_writers_outcome(201)),
            method="post",
            data={"shift": str(notes_data.SHIFT_ID), "text": "Tea at six."},
            auth="token",
        ),
    ],
    "api-v1:get_handover": [
        Case(notes_data.api_handover, everyone(401), note=SESSION_IS_NOT_ENOUGH),
        Case(notes_data.api_handover, api(404, **READ_DAILY), auth="token"),
    ],
    "api-v1:amend_handover": [
        Case(notes_data.api_handover, everyone(401), method="patch", note=SESSION_IS_NOT_ENOUGH),
        Case(
            notes_data.api_handover,
            api(404, **_writers_outcome(422)),
            method="patch",
            data={
                "reason": "Checking",
                "text": "Alex is tired after swimming; tea at six. Paracetamol given at 14:00.",
            },
            auth="token",
            note=NOTES_NOTHING_CHANGED,
        ),
    ],
    "api-v1:acknowledge_handover": [
        Case(notes_data.api_handover, everyone(401), method="post", note=SESSION_IS_NOT_ENOUGH),
        Case(
            notes_data.api_handover,
            api(404, **{**_writers_outcome(201), "administrator": 403, "team_worker": 422}),
            method="post",
            data={"shift": None},
            auth="token",
            note="the writer can't acknowledge their own; administrators have no staff record",
        ),
    ],
}

MATRIX: dict[str, list[Case]] = {
    "core:home": [Case(lambda cast: {}, expect(200, other_org_admin=200))],
    "core:organisation_home": [
        Case(org, expect(200)),
        Case(
            lambda cast: {"org": "no-such-organisation"},
            expect(404),
            note="an unknown organisation looks like a foreign one",
        ),
    ],
    "people:list": [Case(org, expect(200))],
    "people:detail": [
        Case(person, expect(404, **READ_PROFILE)),
        Case(
            lambda cast: {"org": "elsewhere", "person_id": cast.person.public_id},
            expect(404),
            note="another organisation's slug, even for its own administrator",
        ),
    ],
    "people:edit": [
        Case(
            person,
            expect(
                404,
                **{**dict.fromkeys(READ_PROFILE, 403), "administrator": 200, "manager": 200},
            ),
        ),
        Case(
            person,
            expect(
                404,
                **{**dict.fromkeys(READ_PROFILE, 403), "administrator": 400, "manager": 400},
            ),
            method="post",
            data={"first_name": ""},
            note="an invalid form is refused with its errors (nothing saved)",
        ),
    ],
    "people:photo": [
        Case(
            person,
            expect(404),
            note="the cast's person has no photo; test_photos.py checks who sees one",
        )
    ],
    "people:who_looked": [
        Case(person, expect(404, administrator=200, manager=200, person_user=200)),
    ],
    "exports:person": [
        Case(person, everyone(405), note="POST only"),
        Case(
            person,
            expect(
                404,
                **{**dict.fromkeys(READ_PROFILE, 403), "administrator": 200, "manager": 200},
            ),
            method="post",
            note="the subject access export: those who may change the profile",
        ),
    ],
    "imports:start": [
        Case(org, expect(403, administrator=200)),
        Case(
            org,
            expect(403, administrator=400),
            method="post",
            note="no file: the form's errors (nothing stored)",
        ),
    ],
    "imports:preview": [
        Case(pending_import, expect(403, administrator=200), note="the uploader's own file"),
        Case(
            pending_import,
            expect(403, administrator=409),
            method="post",
            note="the file has an error row: nothing is saved",
        ),
        Case(
            lambda cast: {"org": cast.organisation.slug, "import_id": uuid.uuid4()},
            expect(403, administrator=404),
            note="no such upload (or someone else's)",
        ),
    ],
    "imports:template": [
        Case(
            lambda cast: {"org": cast.organisation.slug, "kind": "staff", "file_format": "xlsx"},
            expect(403, administrator=200),
        ),
        Case(
            lambda cast: {"org": cast.organisation.slug, "kind": "pets", "file_format": "csv"},
            expect(403, administrator=404),
            note="no such kind",
        ),
    ],
    "staff:list": [
        Case(
            org,
            expect(
                404,
                **STAFF_RECORDS,
                team_worker=200,
                outside_worker=200,
                former_worker=200,
            ),
        )
    ],
    "staff:detail": [Case(staff, expect(404, **STAFF_RECORDS, team_worker=200))],
    "staff:photo": [
        Case(
            staff,
            expect(404),
            note="the cast's staff have no photos; test_photos.py checks who sees one",
        )
    ],
    "staff:edit": [
        Case(staff, staff_write(200)),
        Case(
            staff,
            staff_write(400),
            method="post",
            data={"job_title": ""},
            note="an invalid form is refused with its errors (nothing saved)",
        ),
    ],
    "staff:training_add": [
        Case(staff, staff_write(200)),
        Case(staff, staff_write(400), method="post", data={"skill": ""}, note="invalid"),
    ],
    "staff:skills": [
        Case(org, expect(404, **STAFF_RECORDS)),
        Case(
            org,
            expect(404, **dict.fromkeys(STAFF_RECORDS, 400)),
            method="post",
            data={"name": ""},
            note="invalid",
        ),
    ],
    "team:detail": [Case(person, expect(404, **READ_ROTA))],
    "team:health": [
        Case(
            person,
            expect(404, administrator=200, manager=200, on_call_manager=200),
            note="managers and administrators who may read the person's rota (staff training)",
        )
    ],
    "team:add_member": [
        Case(person, rota_write(200)),
        Case(person, rota_write(400), method="post", data={"kind": "core"}, note="invalid"),
    ],
    "team:end_member": [
        Case(membership, rota_write(200)),
        Case(membership, rota_write(400), method="post", data={"ends_on_day": "x"}, note="invalid"),
    ],
    "team:approve": [
        Case(random_membership, everyone(405), note="POST only"),
        Case(
            membership,
            rota_write(REDIRECT),
            method="post",
            data={"approved": "yes"},
            note="records the person's yes, then back to the team page",
        ),
    ],
    "team:add_need": [
        Case(person, rota_write(200)),
        Case(person, rota_write(400), method="post", data={"coverage": "x"}, note="invalid"),
    ],
    "team:remove_need": [
        Case(random_need, everyone(405), note="POST only"),
        Case(random_need, rota_write(404), method="post", data={"x": "y"}, note="no such need"),
    ],
    "audit:list": [Case(org, expect(404, **STAFF_RECORDS))],
    # Availability and leave: the staff record's rules (a worker sees their own; managers all).
    "leave:availability": [Case(staff, expect(404, **STAFF_RECORDS, team_worker=200))],
    "leave:pattern_new": [
        Case(staff, expect(404, **STAFF_RECORDS, team_worker=403)),
        Case(
            staff,
            expect(404, **dict.fromkeys(STAFF_RECORDS, 400), team_worker=403),
            method="post",
            data={"monday": "17:00-09:00"},
            note="a range ending before it starts is refused (nothing saved)",
        ),
    ],
    "leave:exception_new": [
        Case(staff, expect(404, **STAFF_RECORDS, team_worker=403)),
        Case(
            staff,
            expect(404, **dict.fromkeys(STAFF_RECORDS, 400), team_worker=403),
            method="post",
            data={"start": "09:00"},
            note="missing date and end time",
        ),
    ],
    "leave:exception_remove": [
        Case(leave_helpers.random_exception_kwargs, everyone(405), note="POST only"),
        Case(
            leave_helpers.random_exception_kwargs,
            expect(404, team_worker=403),
            method="post",
            note="no such exception; the worker may not change availability",
        ),
    ],
    "leave:staff_leave": [Case(staff, expect(404, **STAFF_RECORDS, team_worker=200))],
    "leave:request_new": [
        Case(staff, expect(404, **STAFF_RECORDS, team_worker=200)),
        Case(
            staff,
            expect(404, **dict.fromkeys(STAFF_RECORDS, 400), team_worker=400),
            method="post",
            data={"kind": "annual"},
            note="no dates: refused with errors (the worker asks for their own leave)",
        ),
    ],
    "leave:terms": [Case(staff, expect(404, **STAFF_RECORDS, team_worker=403))],
    "leave:worked_hours_new": [Case(staff, expect(404, **STAFF_RECORDS, team_worker=403))],
    "leave:decide": [
        Case(leave_helpers.request_kwargs, expect(404, **STAFF_RECORDS, team_worker=403)),
        Case(
            leave_helpers.request_kwargs,
            expect(404, **dict.fromkeys(STAFF_RECORDS, 400), team_worker=403),
            method="post",
            note="no decision chosen",
        ),
    ],
    "leave:cancel": [
        Case(leave_helpers.request_kwargs, everyone(405), note="POST only"),
        Case(
            leave_helpers.request_kwargs,
            expect(404, **dict.fromkeys(STAFF_RECORDS, REDIRECT), team_worker=403),
            method="post",
            note="the administrator cancels it first; managers are then told it is cancelled "
            "already, the worker may no longer change it (test_views covers a worker cancelling)",
        ),
    ],
    "leave:organisation": [Case(org, expect(404, **STAFF_RECORDS))],
    # Everyone signed in has their own messages (issue 4).
    # Building the rota (issue 4): the rota office roles; people only as far as they may read.
    "rota:build": [
        Case(org, expect(404, **ROTA_OFFICE)),
        Case(org, expect(404, **dict.fromkeys(ROTA_OFFICE, 400)), method="post", note="empty"),
    ],
    "rota:runs": [Case(org, expect(404, **ROTA_OFFICE))],
    "rota:swap_new": [
        Case(build_data.swap_shift_kwargs, expect(404, team_worker=200), note="their own shift"),
        Case(
            build_data.swap_shift_kwargs,
            expect(404, team_worker=400),
            method="post",
            note="no colleague chosen",
        ),
    ],
    "rota:swap_decide": [
        Case(build_data.swap_kwargs, expect(404, **ROTA_SHIFT_WRITE)),
        Case(
            build_data.swap_kwargs,
            expect(404, **{**ROTA_SHIFT_WRITE, **dict.fromkeys(ROTA_SHIFT_WRITERS, 400)}),
            method="post",
            note="no decision chosen",
        ),
    ],
    "rota:sickness": [
        Case(org, expect(404, **ROTA_OFFICE)),
        Case(org, expect(404, **dict.fromkeys(ROTA_OFFICE, 400)), method="post", note="empty"),
    ],
    "rota:run": [Case(build_data.run_kwargs, expect(404, **ROTA_OFFICE))],
    "rota:run_progress": [Case(build_data.run_kwargs, expect(404, **ROTA_OFFICE))],
    "rota:run_cancel": [
        Case(build_data.run_kwargs, everyone(405), note="POST only"),
        Case(
            build_data.run_kwargs,
            expect(404, **dict.fromkeys(ROTA_OFFICE, REDIRECT)),
            method="post",
            note="finished run: refused with a message",
        ),
    ],
    "rota:run_discard": [
        Case(build_data.run_kwargs, everyone(405), note="POST only"),
        Case(
            build_data.run_kwargs,
            expect(404, **dict.fromkeys(ROTA_OFFICE, REDIRECT)),
            method="post",
        ),
    ],
    "rota:publish": [
        Case(build_data.run_kwargs, everyone(405), note="POST only"),
        Case(
            build_data.run_kwargs,
            expect(404, **dict.fromkeys(ROTA_OFFICE, REDIRECT)),
            method="post",
            note="the first publishes; the rest are told it is already published",
        ),
    ],
    "rota:draft_person": [
        Case(build_data.run_person_kwargs, expect(404, **{**ROTA_OFFICE, "other_manager": 404}))
    ],
    "rota:draft_worker": [Case(build_data.run_worker_kwargs, expect(404, **ROTA_OFFICE))],
    "rota:draft_shift": [
        Case(build_data.run_shift_kwargs, expect(404, **ROTA_SHIFT_WRITE)),
        Case(
            build_data.run_shift_kwargs,
            expect(404, **{**ROTA_SHIFT_WRITE, **dict.fromkeys(ROTA_SHIFT_WRITERS, 400)}),
            method="post",
            data={"workers": "not-a-worker"},
            note="invalid",
        ),
    ],
    "rota:shift_workers": [
        Case(build_data.live_shift_kwargs, expect(404, **ROTA_SHIFT_WRITE)),
        Case(
            build_data.live_shift_kwargs,
            expect(404, **{**ROTA_SHIFT_WRITE, **dict.fromkeys(ROTA_SHIFT_WRITERS, 400)}),
            method="post",
            data={"workers": "not-a-worker"},
            note="invalid",
        ),
    ],
    "api-v1:rota_run_start": [
        Case(nothing, everyone(401), method="post", note=SESSION_IS_NOT_ENOUGH),
        Case(
            nothing,
            api(404, **dict.fromkeys(ROTA_OFFICE, 422), other_org_admin=422),
            method="post",
            data={"first_day": "2026-01-05", "last_day": "2026-01-11", "people": []},
            auth="token",
            note="no people chosen (in their own organisation, for the other administrator)",
        ),
    ],
    "api-v1:rota_run_get": [
        Case(build_data.api_run_kwargs, everyone(401), note=SESSION_IS_NOT_ENOUGH),
        Case(build_data.api_run_kwargs, api(404, **ROTA_OFFICE), auth="token"),
    ],
    "api-v1:rota_run_draft": [
        Case(build_data.api_run_kwargs, api(404, **ROTA_OFFICE), auth="token"),
    ],
    "api-v1:rota_run_cancel": [
        Case(
            build_data.api_run_kwargs,
            api(404, **dict.fromkeys(ROTA_OFFICE, 422)),
            method="post",
            auth="token",
            note="a finished run can't be cancelled",
        ),
    ],
    "api-v1:rota_run_publish": [
        Case(
            build_data.api_run_kwargs,
            api(404, **{**dict.fromkeys(ROTA_OFFICE, 422), "administrator": 200}),
            method="post",
            auth="token",
            note="the administrator publishes first; the rest are refused",
        ),
    ],
    "notifications:inbox": [Case(org, expect(200))],
    "notifications:read_all": [
        Case(org, expect(405, anonymous=405, other_org_admin=405)),
        Case(org, expect(REDIRECT), method="post"),
    ],
    # On call (issue 4): the office roles; the call log also for whoever is on call now.
    "oncall:rota": [Case(org, expect(404, **ON_CALL_OFFICE))],
    "oncall:build": [
        Case(org, expect(404, **ON_CALL_OFFICE)),
        Case(
            org,
            expect(404, **dict.fromkeys(ON_CALL_OFFICE, 400)),
            method="post",
            data={"weeks": "many", "action": "confirm"},
            note="no start date, weeks not a number: refused, nothing built",
        ),
    ],
    "oncall:numbers": [
        Case(org, expect(404, **ON_CALL_OFFICE)),
        Case(
            org,
            expect(404, **dict.fromkeys(ON_CALL_OFFICE, 400)),
            method="post",
            data={"on_call_phone": "call me"},
            note="not a phone number",
        ),
    ],
    "oncall:swap": [
        Case(oncall_helpers.duty_kwargs, expect(404, **ON_CALL_OFFICE)),
        Case(
            oncall_helpers.duty_kwargs,
            expect(404, **dict.fromkeys(ON_CALL_OFFICE, 400)),
            method="post",
            data={"seen": "x"},
            note="nobody chosen: refused, the duty unchanged",
        ),
    ],
    "oncall:calls": [Case(org, expect(404, **ON_CALL_OFFICE))],
    "oncall:call_new": [
        Case(org, expect(404, **ON_CALL_OFFICE)),
        Case(
            org,
            expect(404, **dict.fromkeys(ON_CALL_OFFICE, 400)),
            method="post",
            data={"caller": "Sam"},
            note="no time, nothing about what happened",
        ),
    ],
    "oncall:call_detail": [Case(oncall_helpers.call_kwargs, expect(404, **ON_CALL_OFFICE))],
    "oncall:follow_up_done": [
        Case(oncall_helpers.call_kwargs, everyone(405), note="POST only"),
        Case(
            oncall_helpers.call_kwargs,
            expect(404, **dict.fromkeys(ON_CALL_OFFICE, 400)),
            method="post",
            data={"follow_up_outcome": ""},
            note="no outcome: refused (the owner and the office roles may close it)",
        ),
    ],
    "api-v1:get_now": [
        Case(nothing, everyone(401), note=SESSION_IS_NOT_ENOUGH),
        Case(
            nothing,
            api(
                200,
                person_user=404,
                circle_with_consent=404,
                circle_without_consent=404,
                partner_current=404,
                partner_expired=404,
                other_org_admin=200,
            ),
            auth="token",
            note="staff only; the other organisation's administrator sees their own (nobody)",
        ),
    ],
    "api-v1:list_duties": [
        Case(nothing, everyone(401), path=ON_CALL_DUTIES, note=SESSION_IS_NOT_ENOUGH),
        Case(
            nothing,
            api(404, **ON_CALL_OFFICE, other_org_admin=200),
            path=ON_CALL_DUTIES,
            auth="token",
        ),
    ],
    "api-v1:list_calls": [
        Case(nothing, everyone(401), note=SESSION_IS_NOT_ENOUGH),
        Case(nothing, api(404, **ON_CALL_OFFICE, other_org_admin=200), auth="token"),
    ],
    "api-v1:create_call": [
        Case(nothing, everyone(401), method="post", note=SESSION_IS_NOT_ENOUGH),
        Case(
            nothing,
            api(404, **dict.fromkeys(ON_CALL_OFFICE, 422), other_org_admin=422),
            method="post",
            data={"received_at": "2999-01-01T00:00:00+00:00", "caller": "x", "what_happened": "y"},
            auth="token",
            note="a call in the future is refused",
        ),
    ],
    "api-v1:follow_up_done": [
        Case(api_call, everyone(401), method="post", note=SESSION_IS_NOT_ENOUGH),
        Case(
            api_call,
            api(404, **dict.fromkeys(ON_CALL_OFFICE, 422)),
            method="post",
            data={"outcome": ""},
            auth="token",
            note="no outcome: refused",
        ),
    ],
    # Health summary, circle of support and commissioned package (issue 3).
    "health:summary": [Case(person, expect(404, **READ_HEALTH))],
    "health:passport": [Case(person, expect(404, **READ_HEALTH))],
    "health:item_add": [
        Case(health_kind("condition"), expect(404, **WRITE_HEALTH)),
        Case(
            health_kind("condition"),
            expect(404, **WRITE_HEALTH_INVALID),
            method="post",
            data={"name": ""},
            note="an invalid form is refused with its errors (nothing saved)",
        ),
        Case(health_kind("no-such-kind"), expect(404), note="only condition, allergy, contact"),
    ],
    "health:item_edit": [Case(health_item, expect(404, **WRITE_HEALTH))],
    "health:item_remove": [Case(health_item, expect(404, **WRITE_HEALTH))],
    "health:medication_add": [
        Case(person, expect(404, **WRITE_HEALTH)),
        Case(
            person,
            expect(404, **WRITE_HEALTH_INVALID),
            method="post",
            data={"name": "Midazolam", "kind": "prn"},
            note="an invalid form is refused with its errors (nothing saved)",
        ),
    ],
    "health:medication_change": [Case(health_medication, expect(404, **WRITE_HEALTH))],
    "health:medication_stop": [Case(health_medication, expect(404, **WRITE_HEALTH))],
    "people:circle": [Case(person, expect(404, **READ_PROFILE))],
    "people:circle_add": [
        Case(person, expect(404, **WRITE_PROFILE)),
        Case(
            person,
            expect(404, **{**WRITE_PROFILE, "administrator": 400, "manager": 400}),
            method="post",
            data={"name": ""},
            note="an invalid form is refused with its errors (nothing saved)",
        ),
    ],
    "people:circle_edit": [Case(circle_member, expect(404, **WRITE_PROFILE))],
    "people:consent_give": [
        Case(circle_member, expect(404, **WRITE_PROFILE)),
        Case(
            circle_member,
            expect(404, **{**WRITE_PROFILE, "administrator": 400, "manager": 400}),
            method="post",
            data={
                "category": "health",
                "given_by": "person",
                "starts_on_day": "2",
                "starts_on_month": "3",
                "starts_on_year": "2026",
                "ends_on_day": "1",
                "ends_on_month": "3",
                "ends_on_year": "2026",
            },
            note="a consent ending before it starts is refused",
        ),
    ],
    "people:consent_end": [Case(partner_consent, expect(404, **WRITE_PROFILE))],
    "people:consent_withdraw": [
        Case(partner_consent, everyone(405), note="POST only"),
        Case(
            partner_consent,
            expect(
                404,
                **{
                    **WRITE_PROFILE,
                    "administrator": REDIRECT,
                    "manager": REDIRECT,
                    "partner_current": LOGIN,
                },
            ),
            method="post",
            note="withdraws the partner's health consent, which signs the partner out",
        ),
    ],
    "people:package": [Case(package_person, expect(404, **READ_PLANS))],
    "people:package_add": [
        Case(person, expect(404, **WRITE_PLANS)),
        Case(
            person,
            expect(404, **{**WRITE_PLANS, "administrator": 400, "manager": 400}),
            method="post",
            data={"funder_name": "", "day_minutes": "many"},
            note="an invalid form is refused with its errors (nothing saved)",
        ),
    ],
    "api-v1:get_health_summary": [
        Case(api_health, everyone(401), note=SESSION_IS_NOT_ENOUGH),
        Case(api_health, api(404, **READ_HEALTH), auth="token"),
    ],
    "api-v1:list_medications": [
        Case(api_health, everyone(401), note=SESSION_IS_NOT_ENOUGH),
        Case(api_health, api(404, **READ_HEALTH), auth="token"),
    ],
    "api-v1:add_condition": [
        Case(api_health, everyone(401), method="post", note=SESSION_IS_NOT_ENOUGH),
        Case(
            api_health,
            api(404, **api_write(READ_HEALTH, 201)),
            method="post",
            data={"name": "Asthma"},
            auth="token",
        ),
    ],
    "api-v1:add_allergy": [
        Case(
            api_health,
            api(404, **api_write(READ_HEALTH, 201)),
            method="post",
            data={"substance": "Latex", "severity": "mild"},
            auth="token",
        ),
    ],
    "api-v1:add_health_contact": [
        Case(
            api_health,
            api(404, **api_write(READ_HEALTH, 201)),
            method="post",
            data={"role": "dentist", "name": "Dr Dee"},
            auth="token",
        ),
    ],
    "api-v1:add_medication_endpoint": [
        Case(
            api_health,
            api(404, **api_write(READ_HEALTH, 422)),
            method="post",
            data={
                "name": "Midazolam",
                "dose": "10 mg",
                "route": "buccal",
                "kind": "prn",
                "frequency": "At most once a day",
                "starts_on": "2026-01-01",
            },
            auth="token",
            note="a when-needed medicine without its protocol is refused by the service",
        ),
    ],
    "api-v1:change_medication_endpoint": [
        Case(
            api_medication,
            api(404, **api_write(READ_HEALTH, 422)),
            method="post",
            data={"changes_on": "2000-01-01", "dose": "20 mg"},
            auth="token",
            note="a change before the medicine started is refused",
        ),
    ],
    "api-v1:stop_medication_endpoint": [
        Case(
            api_medication,
            api(404, **api_write(READ_HEALTH, 422)),
            method="post",
            data={"stops_on": "2000-01-01", "reason": "Stopped by the GP"},
            auth="token",
            note="a stop before the medicine started is refused",
        ),
    ],
    "api-v1:list_packages": [
        Case(api_package, everyone(401), note=SESSION_IS_NOT_ENOUGH),
        Case(api_package, api(404, **READ_PLANS), auth="token"),
    ],
    "api-v1:add_package_endpoint": [
        Case(
            api_health,
            api(404, **api_write(READ_PLANS, 422)),
            method="post",
            data={
                "starts_on": "2020-01-01",
                "review_on": "2020-06-01",
                "funder_name": "Harbourside Council",
                "funder_kind": "council",
            },
            auth="token",
            note="a review date in the past is refused by the service",
        ),
    ],
    "api-v1:list_circle": [
        Case(api_health, everyone(401), note=SESSION_IS_NOT_ENOUGH),
        Case(api_health, api(404, **READ_PROFILE), auth="token"),
    ],
    "api-v1:add_circle_member_endpoint": [
        Case(
            api_health,
            api(404, **api_write(READ_PROFILE, 201)),
            method="post",
            data={"name": "Sam Neighbour", "kind": "neighbour", "relationship": "Neighbour"},
            auth="token",
        ),
    ],
    "api-v1:update_circle_member_endpoint": [
        Case(
            api_member,
            api(404, **api_write(READ_PROFILE, 200)),
            method="patch",
            data={"role": "Comes to reviews"},
            auth="token",
        ),
    ],
    "api-v1:give_consent_endpoint": [
        Case(
            api_member,
            api(404, **api_write(READ_PROFILE, 422)),
            method="post",
            data={
                "category": "health",
                "given_by": "person",
                "starts_on": "2026-03-02",
                "ends_on": "2026-03-01",
            },
            auth="token",
            note="a consent ending before it starts is refused",
        ),
    ],
    "api-v1:withdraw_consent_endpoint": [
        Case(
            api_partner_consent,
            api(404, **api_write(READ_PROFILE, 200)),
            method="post",
            auth="token",
            note="withdraws the partner's health consent (their profile consent remains)",
        ),
    ],
    "api-v1:end_consent_endpoint": [
        Case(
            api_partner_consent,
            api(404, **api_write(READ_PROFILE, 422)),
            method="post",
            data={"ends_on": "2000-01-01"},
            auth="token",
            note="an end before the consent started is refused",
        ),
    ],
    # Pages of the other engineers' apps (accounts, core settings, API tokens, about).
    "about": [Case(nothing, everyone(200))],
    "accounts:account": [Case(nothing, expect(200, other_org_admin=200))],
    "accounts:sign_out_everywhere": [
        Case(nothing, everyone(405), note="POST only"),
        Case(nothing, everyone(LOGIN), method="post", note="signs out, then asks to sign in"),
    ],
    "core:settings": [Case(nothing, expect(403, administrator=200, other_org_admin=200))],
    "core:setting_change": [
        Case(
            lambda cast: {"key": "working_time.max_average_weekly_hours"},
            expect(403, administrator=200, other_org_admin=200),
        )
    ],
    "api_tokens:list": [Case(nothing, expect(200, other_org_admin=200))],
    "api_tokens:revoke": [
        Case(random_id, expect(405, other_org_admin=405), note="POST only"),
        Case(random_id, expect(404), method="post", note="someone else's or no token"),
    ],
    "usersessions_list": [Case(nothing, expect(200, other_org_admin=200))],
    # The JSON API authenticates by token only: a signed-in browser session is not enough.
    "api-v1:openapi-json": [Case(nothing, everyone(200), note="public, no personal data")],
    "api-v1:api-root": [Case(nothing, everyone(404), note="nothing at the root")],
    "api-not-found": [Case(nothing, everyone(404), path="/api/v1/no-such-thing")],
    "api-v1:list_tokens": [Case(nothing, everyone(401))],
    "api-v1:get_token": [Case(random_id, everyone(401))],
    "api-v1:rename_token": [Case(random_id, everyone(401), method="patch")],
    "api-v1:revoke_token": [Case(random_id, everyone(401), method="delete")],
    "api-v1:list_people": [
        Case(nothing, everyone(401), note=SESSION_IS_NOT_ENOUGH),
        Case(nothing, api(200, other_org_admin=200), auth="token", note="a filtered list"),
    ],
    "api-v1:get_person": [
        Case(api_person, everyone(401), note=SESSION_IS_NOT_ENOUGH),
        Case(api_person, api(404, **READ_PROFILE), auth="token"),
    ],
    "api-v1:update_person_endpoint": [
        Case(api_person, everyone(401), method="patch", note=SESSION_IS_NOT_ENOUGH),
        Case(
            api_person,
            api(404, **{**dict.fromkeys(READ_PROFILE, 403), "administrator": 200, "manager": 200}),
            method="patch",
            data={"preferred_name": "Alex"},
            auth="token",
        ),
    ],
    "api-v1:export_person_record": [
        Case(api_person, everyone(401), method="post", note=SESSION_IS_NOT_ENOUGH),
        Case(
            api_person,
            api(404, **{**dict.fromkeys(READ_PROFILE, 403), "administrator": 200, "manager": 200}),
            method="post",
            auth="token",
            note="the subject access export: those who may change the profile",
        ),
    ],
    "api-v1:import_file": [
        Case(api_import, everyone(401), method="post", note=SESSION_IS_NOT_ENOUGH),
        Case(
            api_import,
            api(403, administrator=200, other_org_admin=200),
            method="post",
            data=API_IMPORT_BODY,
            auth="token",
            note="a check only (no commit), in the administrator's own organisation",
        ),
    ],
    "api-v1:list_staff": [
        Case(nothing, everyone(401), note=SESSION_IS_NOT_ENOUGH),
        Case(nothing, api(200, other_org_admin=200), auth="token", note="a filtered list"),
    ],
    "api-v1:get_staff_member": [
        Case(api_staff, everyone(401), note=SESSION_IS_NOT_ENOUGH),
        Case(api_staff, api(404, **STAFF_RECORDS, team_worker=200), auth="token"),
    ],
    "api-v1:get_availability": [
        Case(leave_helpers.api_staff_kwargs, everyone(401), note=SESSION_IS_NOT_ENOUGH),
        Case(
            leave_helpers.api_staff_kwargs,
            api(404, **STAFF_RECORDS, team_worker=200),
            auth="token",
        ),
    ],
    "api-v1:set_pattern": [
        Case(
            leave_helpers.api_staff_kwargs, everyone(401), method="post", note=SESSION_IS_NOT_ENOUGH
        ),
        Case(
            leave_helpers.api_staff_kwargs,
            api(404, **dict.fromkeys(STAFF_RECORDS, 201), team_worker=403),
            method="post",
            data={"effective_from": "2026-01-05", "days": {}},  # type: ignore[dict-item]
            auth="token",
        ),
    ],
    "api-v1:add_exception": [
        Case(
            leave_helpers.api_staff_kwargs, everyone(401), method="post", note=SESSION_IS_NOT_ENOUGH
        ),
        Case(
            leave_helpers.api_staff_kwargs,
            api(404, **dict.fromkeys(STAFF_RECORDS, 422), team_worker=403),
            method="post",
            data={"on": "2026-01-05", "available": "no", "start": "10:00"},
            auth="token",
            note="a start time without an end is refused",
        ),
    ],
    "api-v1:list_leave": [
        Case(leave_helpers.api_staff_kwargs, everyone(401), note=SESSION_IS_NOT_ENOUGH),
        Case(
            leave_helpers.api_staff_kwargs,
            api(404, **STAFF_RECORDS, team_worker=200),
            auth="token",
        ),
    ],
    "api-v1:request_leave": [
        Case(
            leave_helpers.api_staff_kwargs, everyone(401), method="post", note=SESSION_IS_NOT_ENOUGH
        ),
        Case(
            leave_helpers.api_staff_kwargs,
            api(404, **dict.fromkeys(STAFF_RECORDS, 422), team_worker=422),
            method="post",
            data={"kind": "annual", "starts_on": "2030-06-02", "ends_on": "2030-06-01"},
            auth="token",
            note="dates in the wrong order; the worker may ask for their own leave",
        ),
    ],
    "api-v1:get_entitlement": [
        Case(leave_helpers.api_staff_kwargs, everyone(401), note=SESSION_IS_NOT_ENOUGH),
        Case(
            leave_helpers.api_staff_kwargs,
            api(404, **STAFF_RECORDS, team_worker=200),
            auth="token",
        ),
    ],
    "api-v1:approve_leave": [
        Case(
            leave_helpers.api_cancelled_kwargs,
            everyone(401),
            method="post",
            note=SESSION_IS_NOT_ENOUGH,
        ),
        Case(
            leave_helpers.api_cancelled_kwargs,
            api(404, **dict.fromkeys(STAFF_RECORDS, 422), team_worker=403),
            method="post",
            auth="token",
            note="cancelled leave can't be approved; the worker can't approve",
        ),
    ],
    "api-v1:decline_leave": [
        Case(
            leave_helpers.api_cancelled_kwargs,
            everyone(401),
            method="post",
            note=SESSION_IS_NOT_ENOUGH,
        ),
        Case(
            leave_helpers.api_cancelled_kwargs,
            api(404, **dict.fromkeys(STAFF_RECORDS, 422), team_worker=403),
            method="post",
            data={"reason": "Busy"},
            auth="token",
        ),
    ],
    "api-v1:cancel_leave": [
        Case(
            leave_helpers.api_cancelled_kwargs,
            everyone(401),
            method="post",
            note=SESSION_IS_NOT_ENOUGH,
        ),
        Case(
            leave_helpers.api_cancelled_kwargs,
            api(404, **dict.fromkeys(STAFF_RECORDS, 422), team_worker=403),
            method="post",
            auth="token",
            note="already cancelled",
        ),
    ],
    "api-v1:update_staff_endpoint": [
        Case(api_staff, everyone(401), method="patch", note=SESSION_IS_NOT_ENOUGH),
        Case(
            api_staff,
            api(404, **dict.fromkeys(STAFF_RECORDS, 200), team_worker=403),
            method="patch",
            data={"pay_band": "Band 2"},
            auth="token",
        ),
    ],
    "api-v1:list_training": [
        Case(api_staff, everyone(401), note=SESSION_IS_NOT_ENOUGH),
        Case(api_staff, api(404, **STAFF_RECORDS, team_worker=200), auth="token"),
    ],
    "api-v1:add_training_endpoint": [
        Case(api_staff, everyone(401), method="post", note=SESSION_IS_NOT_ENOUGH),
        Case(
            api_staff,
            api(404, **dict.fromkeys(STAFF_RECORDS, 422), team_worker=403),
            method="post",
            data={"skill": str(uuid.UUID(int=1)), "completed_on": "2025-01-01"},
            auth="token",
            note="no such skill: 422 for those who may write",
        ),
    ],
    "api-v1:list_skills": [
        Case(nothing, everyone(401), note=SESSION_IS_NOT_ENOUGH),
        Case(nothing, api(404, **STAFF_RECORDS, other_org_admin=200), auth="token"),
    ],
    "api-v1:add_skill_endpoint": [
        Case(nothing, everyone(401), method="post", note=SESSION_IS_NOT_ENOUGH),
        Case(
            nothing,
            api(
                404,
                administrator=201,
                manager=422,
                other_manager=422,
                on_call_manager=422,
                other_org_admin=201,
            ),
            method="post",
            data={"name": "Matrix skill"},
            auth="token",
            note="the first in each organisation adds it; then it is a duplicate (422)",
        ),
    ],
    "api-v1:list_team": [
        Case(api_team, everyone(401), note=SESSION_IS_NOT_ENOUGH),
        Case(api_team, api(404, **READ_ROTA), auth="token"),
    ],
    "api-v1:add_member": [
        Case(api_team, everyone(401), method="post", note=SESSION_IS_NOT_ENOUGH),
        Case(
            api_team,
            api_rota_write(422),
            method="post",
            data={"staff_member": str(uuid.UUID(int=1)), "starts_on": "2025-01-01"},
            auth="token",
            note="no such member of staff: 422 for those who may write",
        ),
    ],
    "api-v1:end_member": [
        Case(api_team_membership, everyone(401), method="post", note=SESSION_IS_NOT_ENOUGH),
        Case(
            api_team_membership,
            api_rota_write(404),
            method="post",
            data={"ends_on": "2030-01-01"},
            auth="token",
            note="no such membership",
        ),
    ],
    "api-v1:approve_member": [
        Case(api_team_membership, everyone(401), method="post", note=SESSION_IS_NOT_ENOUGH),
        Case(
            api_team_membership,
            api_rota_write(404),
            method="post",
            data={"approved": True},
            auth="token",
            note="no such membership",
        ),
    ],
    "api-v1:list_skill_needs": [
        Case(api_team, everyone(401), note=SESSION_IS_NOT_ENOUGH),
        Case(api_team, api(404, **READ_ROTA), auth="token"),
    ],
    "api-v1:add_skill_need_endpoint": [
        Case(api_team, everyone(401), method="post", note=SESSION_IS_NOT_ENOUGH),
        Case(
            api_team,
            api_rota_write(422),
            method="post",
            data={"skill": str(uuid.UUID(int=1))},
            auth="token",
            note="no such skill",
        ),
    ],
    "api-v1:remove_skill_need_endpoint": [
        Case(api_team_need, everyone(401), method="delete", note=SESSION_IS_NOT_ENOUGH),
        Case(
            api_team_need, api_rota_write(404), method="delete", auth="token", note="no such need"
        ),
    ],
    "api-v1:get_team_health": [
        Case(api_team, everyone(401), note=SESSION_IS_NOT_ENOUGH),
        Case(
            api_team,
            api(404, administrator=200, manager=200, on_call_manager=200),
            auth="token",
        ),
    ],
    # Sign-in pages from django-allauth: declared where the behaviour is ours to rely on.
    "account_login": [
        Case(lambda cast: {}, expect(REDIRECT, anonymous=200, other_org_admin=REDIRECT))
    ],
    "account_logout": [
        Case(lambda cast: {}, expect(200, anonymous=REDIRECT, other_org_admin=200)),
    ],
    "mfa_index": [Case(lambda cast: {}, expect(200, other_org_admin=200))],
    **PLANS_MATRIX,
    # -- Daily records (issue 5) ---------------------------------------------------------------
    "daily:person_daily": [Case(person, expect(404, **READ_DAILY))],
    # -- Daily records: behaviour support plans, incidents, restrictive practices (behaviour) ---
    **BEHAVIOUR_MATRIX,
    # -- Daily notes, handovers, the start of a shift (issue 5, branch notes) ----------------
    **NOTES_MATRIX,
    # -- Daily records: medication record and seizures (branch medicines) --------------------
    **{
        name: [Case(kwargs, outcomes, **extra) for kwargs, outcomes, extra in cases]
        for name, cases in {
            "daily:mar": [(person, expect(404, **READ_DAILY), {})],
            "daily:dose_times": [(person, writers(READ_DAILY), {})],
            "daily:dose_times_edit": [
                (
                    lambda cast: {
                        **person(cast),
                        "medication_id": medicines_data.regular(cast).public_id,
                    },
                    writers(READ_DAILY, expected),
                    extra,
                )
                for expected, extra in ((200, {}), (400, {"method": "post", "data": {}}))
            ],
            "daily:dose_record": [
                (
                    lambda cast: {
                        **person(cast),
                        "medication_id": medicines_data.regular(cast).public_id,
                    },
                    expect(404, on_call_manager=403, person_user=403),
                    {"note": "no due time given"},
                ),
                (
                    lambda cast: {
                        **person(cast),
                        "medication_id": medicines_data.regular(cast).public_id,
                    },
                    expect(
                        404,
                        **{
                            **dict.fromkeys(READ_DAILY, 403),
                            **dict.fromkeys(DAILY_WRITERS, REDIRECT),
                        },
                    ),
                    {
                        "method": "post",
                        "data": {
                            "due": "2030-01-01T08:00:00+00:00",
                            "quick": "1",
                            "outcome": "given",
                        },
                    },
                ),
            ],
            "daily:dose_detail": [
                (
                    lambda cast: {**person(cast), "dose_id": medicines_data.a_dose(cast).public_id},
                    expect(404, **READ_DAILY),
                    {},
                )
            ],
            "daily:dose_amend": [
                (
                    lambda cast: {**person(cast), "dose_id": medicines_data.a_dose(cast).public_id},
                    expect(404, **WRITE_DAILY),
                    {},
                )
            ],
            "daily:prn_new": [
                (person, expect(404, **WRITE_DAILY), {}),
                (
                    person,
                    expect(404, **WRITE_DAILY_INVALID),
                    {"method": "post", "data": {"reason": ""}},
                ),
            ],
            "daily:stock_count_new": [
                (person, expect(404, **WRITE_DAILY), {}),
                (
                    person,
                    expect(404, **WRITE_DAILY_INVALID),
                    {"method": "post", "data": {"quantity": "-1"}},
                ),
            ],
            "daily:seizures": [(person, expect(404, **READ_DAILY), {})],
            "daily:seizure_new": [
                (person, expect(404, **WRITE_DAILY), {}),
                (
                    person,
                    expect(404, **WRITE_DAILY_INVALID),
                    {"method": "post", "data": {"seizure_type": "nonsense"}},
                ),
            ],
            "daily:seizure_detail": [
                (
                    lambda cast: {
                        **person(cast),
                        "seizure_id": medicines_data.a_seizure(cast).public_id,
                    },
                    expect(404, **READ_DAILY),
                    {},
                )
            ],
            "api-v1:get_medication_chart": [
                (api_health, api(404, **READ_DAILY), {"auth": "token"})
            ],
            "api-v1:list_doses": [(api_health, api(404, **READ_DAILY), {"auth": "token"})],
            "api-v1:create_dose": [
                (
                    api_health,
                    api(404, **API_WRITE_DAILY_INVALID),
                    {
                        "auth": "token",
                        "method": "post",
                        "data": {"medication_id": "6f1b7c52-3c9e-4d8e-9a57-0d2f4b1e8a11"},
                    },
                )
            ],
            "api-v1:get_dose": [
                (
                    lambda cast: {
                        **api_health(cast),
                        "dose_id": medicines_data.a_dose(cast).public_id,
                    },
                    api(404, **READ_DAILY),
                    {"auth": "token"},
                )
            ],
            "api-v1:amend_dose_endpoint": [
                (
                    lambda cast: {
                        **api_health(cast),
                        "dose_id": medicines_data.a_dose(cast).public_id,
                    },
                    api(404, **API_WRITE_DAILY_INVALID),
                    {
                        "auth": "token",
                        "method": "patch",
                        "data": {"reason_for_change": "no change"},
                    },
                )
            ],
            "api-v1:list_seizures": [(api_health, api(404, **READ_DAILY), {"auth": "token"})],
            "api-v1:create_seizure": [
                (
                    api_health,
                    api(404, **API_WRITE_DAILY_INVALID),
                    {
                        "auth": "token",
                        "method": "post",
                        "data": {
                            "starts_at": "2030-01-01T10:00:00Z",
                            "ends_at": "2030-01-01T09:00:00Z",
                            "seizure_type": "tonic_clonic",
                        },
                    },
                )
            ],
            "api-v1:get_seizure": [
                (
                    lambda cast: {
                        **api_health(cast),
                        "seizure_id": medicines_data.a_seizure(cast).public_id,
                    },
                    api(404, **READ_DAILY),
                    {"auth": "token"},
                )
            ],
            "api-v1:amend_seizure_endpoint": [
                (
                    lambda cast: {
                        **api_health(cast),
                        "seizure_id": medicines_data.a_seizure(cast).public_id,
                    },
                    api(404, **API_WRITE_DAILY_INVALID),
                    {
                        "auth": "token",
                        "method": "patch",
                        "data": {"reason_for_change": "no change"},
                    },
                )
            ],
            "api-v1:list_stock_counts": [(api_health, api(404, **READ_DAILY), {"auth": "token"})],
            "api-v1:create_stock_count": [
                (
                    api_health,
                    api(404, **API_WRITE_DAILY_INVALID),
                    {
                        "auth": "token",
                        "method": "post",
                        "data": {
                            "medication_id": "6f1b7c52-3c9e-4d8e-9a57-0d2f4b1e8a11",
                            "quantity": 1,
                        },
                    },
                )
            ],
            "daily:seizure_amend": [
                (
                    lambda cast: {
                        **person(cast),
                        "seizure_id": medicines_data.a_seizure(cast).public_id,
                    },
                    expect(404, **WRITE_DAILY),
                    {},
                )
            ],
        }.items()
    },
    # -- Daily records: the today board, trends, their API (issue 5, branch `today`) ---------
    # The board: administrators and the on-call manager on duty (everyone), managers (their
    # people; other_manager manages other_person). Trends: anyone who reads someone's daily
    # records (organisation-wide across them; per person as the person's daily records).
    "daily:today": [Case(org, expect(404, **TODAY_BOARD))],
    "daily:trends": [Case(org, expect(404, **TODAY_TRENDS))],
    "daily:person_trends": [Case(person, expect(404, **READ_DAILY))],
    "api-v1:get_today": [
        Case(nothing, everyone(401), note=SESSION_IS_NOT_ENOUGH),
        # The other organisation's administrator gets their own organisation's board.
        Case(nothing, api(404, **TODAY_BOARD, other_org_admin=200), auth="token"),
    ],
    "api-v1:get_trends": [
        Case(nothing, everyone(401), note=SESSION_IS_NOT_ENOUGH),
        Case(nothing, api(404, **TODAY_TRENDS, other_org_admin=200), auth="token"),
    ],
    "api-v1:get_person_trends": [
        Case(api_health, everyone(401), note=SESSION_IS_NOT_ENOUGH),
        Case(api_health, api(404, **READ_DAILY), auth="token"),
    ],
    **DELIVERED_MATRIX,
    **READERS_MATRIX,
    **PATTERNS_MATRIX,
    # -- Funding records (issue 9): arrangements, funders, rates, budget plans, their API ----
    **{
        name: [Case(kwargs, outcomes, **extra) for kwargs, outcomes, extra in cases]
        for name, cases in {
            "funding:person_funding": [(person, expect(404, **READ_MONEY), {})],
            "funding:arrangement_new": [
                (person, money_write(200), {}),
                (person, money_write(400), {"method": "post", "data": {"surplus_cap": "0"}}),
            ],
            "funding:arrangement_edit": [
                (records_data.arrangement_kwargs, money_write(200), {}),
                (
                    records_data.arrangement_kwargs,
                    money_write(400),
                    {"method": "post", "data": {"banked_cap": "£1,2,3"}},
                ),
                (
                    lambda cast: {**person(cast), "arrangement_id": uuid.UUID(int=9)},
                    money_write(404),
                    {"note": "unknown arrangement"},
                ),
            ],
            "funding:source_new": [
                (records_data.arrangement_kwargs, money_write(200), {}),
                (
                    records_data.arrangement_kwargs,
                    money_write(400),
                    {"method": "post", "data": {"weekly_pence": "1e5"}},
                ),
            ],
            "funding:source_end": [(records_data.source_kwargs, money_write(200), {})],
            "funding:rate_new": [
                (records_data.arrangement_kwargs, money_write(200), {}),
                (
                    records_data.arrangement_kwargs,
                    money_write(400),
                    {"method": "post", "data": {"kind": "day", "pence": "12.345"}},
                ),
            ],
            "funding:rate_end": [(records_data.rate_kwargs, money_write(200), {})],
            "funding:plans": [(records_data.arrangement_kwargs, expect(404, **READ_MONEY), {})],
            "funding:plan_new": [
                (records_data.arrangement_kwargs, money_write(200), {}),
                (records_data.arrangement_kwargs, money_write(400), {"method": "post"}),
            ],
            "funding:plan": [
                (records_data.plan_kwargs, expect(404, **READ_MONEY), {}),
                (
                    records_data.plan_kwargs,
                    money_write(400),
                    {"method": "post", "data": {"kind": "activity", "weekly_pence": "-5"}},
                ),
            ],
            "funding:plan_line_remove": [
                (
                    records_data.plan_kwargs,
                    money_write(404),
                    {"method": "post", "data": {"line": "0"}, "note": "not a line of the plan"},
                ),
            ],
            "funding:plan_agree": [
                (records_data.plan_kwargs, money_write(200), {}),
                (records_data.plan_kwargs, money_write(400), {"method": "post"}),
            ],
            # Bodies the schema accepts and the service refuses: a schema error would be 422
            # before access is checked (ninja validates first), so it tells nothing.
            "api-v1:funding_list_arrangements": [
                (api_person_funding, api(404, **READ_MONEY), {"auth": "token"}),
            ],
            "api-v1:funding_create_arrangement": [
                (
                    api_person_funding,
                    api_money_write(422),
                    {
                        "auth": "token",
                        "method": "post",
                        "data": {
                            "kind": "isf",
                            "starts_on": "2026-01-02",
                            "review_on": "2026-01-01",
                        },
                        "note": "review before the start",
                    },
                ),
            ],
            "api-v1:funding_update_arrangement": [
                (
                    api_funding,
                    api_money_write(422),
                    {
                        "auth": "token",
                        "method": "patch",
                        "data": {"surplus_max_weeks": None, "review_on": "2000-01-01"},
                    },
                ),
            ],
            "api-v1:funding_add_source": [
                (
                    api_funding,
                    api_money_write(422),
                    {
                        "auth": "token",
                        "method": "post",
                        "data": {
                            "funder_kind": "council",
                            "funder_name": "Harbourside Council",
                            "weekly_pence": 100,
                            "starts_on": "2000-01-01",
                        },
                        "note": "before the arrangement",
                    },
                ),
            ],
            "api-v1:funding_add_rate": [
                (
                    api_funding,
                    api_money_write(422),
                    {
                        "auth": "token",
                        "method": "post",
                        "data": {"kind": "day", "pence": 2500, "starts_on": "2000-01-01"},
                        "note": "before the arrangement",
                    },
                ),
            ],
            "api-v1:funding_list_plans": [
                (api_funding, api(404, **READ_MONEY), {"auth": "token"}),
            ],
            "api-v1:funding_create_plan": [
                (
                    api_funding,
                    api_money_write(422),
                    {"auth": "token", "method": "post", "data": {"name": " "}},
                ),
            ],
            "api-v1:funding_add_line": [
                (
                    api_funding_plan,
                    api_money_write(422),
                    {
                        "auth": "token",
                        "method": "post",
                        "data": {"kind": "equipment", "description": "Bike"},
                        "note": "no amount",
                    },
                ),
            ],
            "api-v1:funding_agree_plan": [
                (
                    api_funding_plan,
                    api_money_write(422),
                    {
                        "auth": "token",
                        "method": "post",
                        "data": {"agreed_with": " ", "agreed_on": "2026-01-01"},
                    },
                ),
            ],
        }.items()
    },
    # Funding: money and statements (issue 9, funding-ledger). The money category: finance and
    # administrators read and change everyone's, managers their people's (the on-call manager
    # reads), the person reads their own, circle members only with consent to money (the cast's
    # consented member has not consented to money), team workers 404.
    **FUNDING_MONEY_MATRIX,
}

# -- recruitment: vacancies --
# Recruiters (administrators and every manager: the role, org-wide) see and run every vacancy;
# the person and the family member they chose (the mother) see their own vacancy and approve
# its advert; everyone else in the organisation gets 404. The public job pages answer everyone,
# and 404 for an advert that is not open.
VACANCY_RECRUITERS = ("administrator", "manager", "other_manager", "on_call_manager")
VACANCY_DECIDERS = ("person_user", "circle_with_consent")


def _vacancy_outcomes(recruiters: Outcome, deciders: Outcome | None = None) -> dict[str, Outcome]:
    outcomes: dict[str, Outcome] = dict.fromkeys(VACANCY_RECRUITERS, recruiters)
    if deciders is not None:
        outcomes.update(dict.fromkeys(VACANCY_DECIDERS, deciders))
    return expect(404, **outcomes)


def _open_vacancy(cast: Cast) -> dict[str, Any]:
    from tests.ownterms.recruitment import data as recruitment_data

    return {**org(cast), "vacancy_id": recruitment_data.a_vacancy(cast).public_id}


def _awaiting_vacancy(cast: Cast) -> dict[str, Any]:
    from tests.ownterms.recruitment import data as recruitment_data

    return {**org(cast), "vacancy_id": recruitment_data.awaiting_vacancy(cast).public_id}


def _vacancy_question(cast: Cast) -> dict[str, Any]:
    from tests.ownterms.recruitment import data as recruitment_data

    return {**_open_vacancy(cast), "question_id": recruitment_data.first_question(cast).public_id}


def _vacancy_list(cast: Cast) -> dict[str, Any]:
    _open_vacancy(cast)
    return org(cast)


def _api_vacancies(cast: Cast) -> dict[str, Any]:
    _open_vacancy(cast)
    return {}


def _api_vacancy(cast: Cast) -> dict[str, Any]:
    return {"vacancy_id": _open_vacancy(cast)["vacancy_id"]}


VACANCIES_MATRIX: dict[str, list[Case]] = {
    "recruitment:vacancies": [Case(_vacancy_list, _vacancy_outcomes(200, 200))],
    "recruitment:vacancy_new": [
        Case(org, _vacancy_outcomes(200), note="choose the person"),
        Case(org, _vacancy_outcomes(400), data={"choose": "1"}, note="nobody chosen"),
    ],
    "recruitment:vacancy_detail": [Case(_open_vacancy, _vacancy_outcomes(200, 200))],
    "recruitment:vacancy_edit": [
        Case(_open_vacancy, _vacancy_outcomes(200)),
        Case(
            _open_vacancy,
            _vacancy_outcomes(400),
            method="post",
            data={"kind": "sometimes"},
            note="invalid: nothing saved",
        ),
    ],
    "recruitment:vacancy_status": [
        Case(
            _open_vacancy,
            _vacancy_outcomes(REDIRECT),
            method="post",
            data={"action": "nothing"},
            note="an unknown action changes nothing",
        ),
    ],
    "recruitment:vacancy_questions": [
        Case(_open_vacancy, _vacancy_outcomes(200)),
        Case(
            _open_vacancy,
            _vacancy_outcomes(400),
            method="post",
            data={"action": "add", "text": ""},
            note="an empty question",
        ),
    ],
    "recruitment:vacancy_question_edit": [Case(_vacancy_question, _vacancy_outcomes(200))],
    "recruitment:vacancy_approval": [
        Case(_awaiting_vacancy, _vacancy_outcomes(200, 200)),
        Case(
            _awaiting_vacancy,
            _vacancy_outcomes(400, 400),
            method="post",
            data={"decision": "changes", "words": ""},
            note="changes asked for without saying what",
        ),
    ],
    "jobs:list": [Case(_vacancy_list, everyone(200))],
    "jobs:advert": [
        Case(_open_vacancy, everyone(200)),
        Case(_awaiting_vacancy, everyone(404), note="not open: not public"),
    ],
    "jobs:advert_html": [
        Case(_open_vacancy, everyone(200)),
        Case(_awaiting_vacancy, everyone(404), note="not open: not public"),
    ],
    "jobs:advert_text": [
        Case(_open_vacancy, everyone(200)),
        Case(_awaiting_vacancy, everyone(404), note="not open: not public"),
    ],
    "api-v1:list_vacancies": [
        Case(
            _api_vacancies,
            api(200, other_org_admin=200),
            auth="token",
            note="each sees the vacancies they may (others: none)",
        )
    ],
    "api-v1:get_vacancy": [
        Case(
            _api_vacancy,
            api(404, **dict.fromkeys(VACANCY_RECRUITERS + VACANCY_DECIDERS, 200)),
            auth="token",
        )
    ],
    "api-v1:create_vacancy": [
        Case(
            nothing,
            api(404, **dict.fromkeys(VACANCY_RECRUITERS, 422), other_org_admin=422),
            method="post",
            auth="token",
            data={"person": "6f1b7c52-3c9e-4d8e-9a57-0d2f4b1e8a11", "kind": "core"},
            note="no such person (in the recruiter's own organisation)",
        ),
    ],
}
MATRIX.update(VACANCIES_MATRIX)


# -- recruitment: applications --
# Recruiters (administrators and managers) see every applicant and application; the person and
# the family member they chose see the vacancy's second stage only (easy-read); the public form
# and its thank-you are for anyone (no account). POSTs here are refused ones, so the cast's data
# stays the same for every member.
def _rec_app(stage: str) -> Callable[[Cast], dict[str, Any]]:
    def build(cast: Cast) -> dict[str, Any]:
        from tests.ownterms.recruitment import data as recruitment_data

        if stage == "meeting":
            found = recruitment_data.an_application(cast)
        else:
            found = recruitment_data.application_at(cast, stage)
        return {"org": cast.organisation.slug, "application_id": found.public_id}

    return build


def _rec_check(cast: Cast) -> dict[str, Any]:
    return {**_rec_app("checks")(cast), "kind": "dbs"}


def _rec_vacancy(cast: Cast) -> dict[str, Any]:
    from tests.ownterms.recruitment import data as recruitment_data

    return {"org": cast.organisation.slug, "vacancy_id": recruitment_data.a_vacancy(cast).public_id}


def _rec_applicant(cast: Cast) -> dict[str, Any]:
    from tests.ownterms.recruitment import data as recruitment_data

    applicant = recruitment_data.an_applicant(cast)
    return {"org": cast.organisation.slug, "applicant_id": applicant.public_id}


def _rec_public(cast: Cast) -> dict[str, Any]:
    return {"org": cast.organisation.slug, "vacancy_id": _rec_vacancy(cast)["vacancy_id"]}


def _rec_api_applicant(cast: Cast) -> dict[str, Any]:
    return {"public_id": _rec_applicant(cast)["applicant_id"]}


def _rec_api_application(cast: Cast) -> dict[str, Any]:
    return {"public_id": _rec_app("meeting")(cast)["application_id"]}


_RECRUITERS = ("administrator", "manager", "other_manager", "on_call_manager")
_DECIDERS = ("person_user", "circle_with_consent")


def _recruiters(ok: Outcome) -> dict[str, Outcome]:
    return expect(404, **dict.fromkeys(_RECRUITERS, ok))


def _deciders(ok: Outcome) -> dict[str, Outcome]:
    return expect(404, **dict.fromkeys(_DECIDERS, ok))


MATRIX.update(
    {
        "recruitment:applications": [
            Case(_rec_vacancy, expect(404, **dict.fromkeys((*_RECRUITERS, *_DECIDERS), 200)))
        ],
        "recruitment:applicant": [Case(_rec_applicant, _recruiters(200))],
        "recruitment:applicant_cv": [
            Case(
                _rec_applicant,
                expect(404),
                note="no CV sent; test_applications_pages downloads one",
            )
        ],
        "recruitment:application": [
            Case(
                _rec_app("meeting"), expect(404, **dict.fromkeys((*_RECRUITERS, *_DECIDERS), 200))
            ),
            Case(_rec_app("interview"), _recruiters(200), note="before the second stage"),
        ],
        "recruitment:application_move": [
            Case(_rec_app("applied"), everyone(405), note="POST only"),
            Case(
                _rec_app("applied"),
                _recruiters(400),
                method="post",
                data={"to_stage": "checks"},
                note="a skipped stage is refused",
            ),
        ],
        "recruitment:application_reject": [
            Case(_rec_app("meeting"), _recruiters(200)),
            Case(_rec_app("meeting"), _recruiters(400), method="post", note="no reason"),
        ],
        "recruitment:application_withdraw": [
            Case(_rec_app("meeting"), everyone(405), note="POST only"),
            Case(
                _rec_app("meeting"),
                _recruiters(400),
                method="post",
                data={"note": "x" * 2001},
                note="too long",
            ),
        ],
        "recruitment:application_meeting": [
            Case(_rec_app("meeting"), _recruiters(200)),
            Case(_rec_app("meeting"), _recruiters(400), method="post", note="nothing filled in"),
        ],
        "recruitment:application_check": [
            Case(_rec_check, _recruiters(200)),
            Case(
                _rec_check,
                _recruiters(400),
                method="post",
                data={"cleared_on_day": "40", "cleared_on_month": "1", "cleared_on_year": "2026"},
                note="not a real date",
            ),
        ],
        "recruitment:application_offer": [
            Case(_rec_app("checks"), _recruiters(200)),
            Case(_rec_app("checks"), _recruiters(400), method="post", note="no hours or date"),
        ],
        "recruitment:application_start": [Case(_rec_app("offer"), _recruiters(200))],
        "recruitment:application_consider": [
            Case(_rec_app("meeting"), _recruiters(200)),
            Case(
                _rec_app("meeting"),
                _recruiters(400),
                method="post",
                data={"vacancy": "00000000-0000-0000-0000-000000000000"},
                note="not an open vacancy",
            ),
        ],
        "recruitment:application_their_view": [
            Case(_rec_app("meeting"), everyone(405), note="POST only"),
            Case(
                _rec_app("meeting"),
                _deciders(400),
                method="post",
                data={"decision": "perhaps"},
                note="the person and family only; not a decision",
            ),
        ],
        "recruitment:application_not_for_me": [
            Case(_rec_app("meeting"), _deciders(200)),
            Case(
                _rec_app("meeting"),
                _deciders(400),
                method="post",
                data={"reason": "x" * 301},
                note="too long",
            ),
        ],
        "jobs:apply": [
            Case(_rec_public, everyone(200), note="public: no account needed"),
            Case(_rec_public, everyone(400), method="post", note="empty: every field refused"),
        ],
        "jobs:applied": [Case(_rec_public, everyone(200))],
        "api-v1:recruitment_list_applicants": [
            Case(
                nothing,
                api(404, **dict.fromkeys(_RECRUITERS, 200), other_org_admin=200),
                auth="token",
                note="the other organisation's administrator lists their own (none)",
            )
        ],
        "api-v1:recruitment_get_applicant": [
            Case(_rec_api_applicant, api(404, **dict.fromkeys(_RECRUITERS, 200)), auth="token")
        ],
        "api-v1:recruitment_list_applications": [
            Case(
                nothing,
                {**api(422), "other_org_admin": 422},
                auth="token",
                note="the vacancy is required",
            ),
            Case(
                nothing,
                api(404),
                path=f"/api/v1/applications?vacancy={uuid.UUID(int=7)}",
                auth="token",
                note="an unknown vacancy",
            ),
        ],
        "api-v1:recruitment_get_application": [
            Case(
                _rec_api_application,
                api(404, **dict.fromkeys((*_RECRUITERS, *_DECIDERS), 200)),
                auth="token",
            )
        ],
        "api-v1:recruitment_move_application": [
            Case(
                _rec_api_application,
                api(404, **dict.fromkeys(_RECRUITERS, 422), **dict.fromkeys(_DECIDERS, 403)),
                method="post",
                data={"to_stage": "offer"},
                auth="token",
                note="a skipped stage; the person and family may not move",
            )
        ],
    }
)


# -- referrals: intake --
# The office (administrators and every manager) lists, reads and works every referral; a
# partner with a current grant (partner_current, who referred Jo) refers people and follows
# their own; the expired partner and everyone else get 404. POSTs here are refused ones
# (empty or stale), so the cast's data stays the same for every member.
REFERRAL_OFFICE = ("administrator", "manager", "other_manager", "on_call_manager")


def _referral_office(ok: Outcome) -> dict[str, Outcome]:
    return expect(404, **dict.fromkeys(REFERRAL_OFFICE, ok))


def _referral_partner(ok: Outcome, office: Outcome = 404) -> dict[str, Outcome]:
    return expect(404, partner_current=ok, **dict.fromkeys(REFERRAL_OFFICE, office))


def _jo(cast: Cast) -> dict[str, Any]:
    from tests.ownterms.referrals import data as referral_data

    referral_data.a_referral(cast, "partner_expired")
    return {**org(cast), "referral_id": referral_data.a_referral(cast).public_id}


def _api_jo(cast: Cast) -> dict[str, Any]:
    return {"referral_id": _jo(cast)["referral_id"]}


def _api_referrals(cast: Cast) -> dict[str, Any]:
    _jo(cast)
    return {}


def _referral_grants(cast: Cast) -> dict[str, Any]:
    _jo(cast)
    return org(cast)


def _current_grant(cast: Cast) -> dict[str, Any]:
    from tests.ownterms.referrals import data as referral_data

    return {**org(cast), "grant_id": referral_data.grant(cast).public_id}


def _no_consent_body() -> dict[str, Any]:
    from tests.ownterms.referrals import intake_data

    return intake_data.api_body(consent_to_share=False)


MATRIX.update(
    {
        "referrals:mine": [Case(_referral_grants, _referral_partner(200))],
        "referrals:new": [
            Case(_referral_grants, _referral_partner(200)),
            Case(
                _referral_grants,
                _referral_partner(400),
                method="post",
                data={"first_name": ""},
                note="an empty referral: nothing saved",
            ),
        ],
        "referrals:status": [
            Case(_jo, _referral_partner(200, office=REDIRECT), note="the office: its own page")
        ],
        "referrals:status_message": [
            Case(_jo, _referral_partner(400), method="post", data={"text": ""}, note="empty")
        ],
        "referrals:status_withdraw": [
            Case(_jo, _referral_partner(400), method="post", data={"reason": ""}, note="no reason")
        ],
        "referrals:list": [Case(_referral_grants, _referral_office(200))],
        "referrals:record": [
            Case(_referral_grants, _referral_office(200)),
            Case(
                _referral_grants,
                _referral_office(400),
                method="post",
                data={"first_name": ""},
                note="an empty form is refused with its errors (nothing saved)",
            ),
        ],
        "referrals:detail": [Case(_jo, _referral_office(200))],
        "referrals:edit": [
            Case(_jo, _referral_office(200)),
            Case(
                _jo,
                _referral_office(400),
                method="post",
                data={"first_name": ""},
                note="invalid: nothing saved",
            ),
        ],
        "referrals:message": [
            Case(_jo, _referral_office(400), method="post", data={"text": ""}, note="empty")
        ],
        "referrals:request_information": [
            Case(_jo, _referral_office(400), method="post", data={"text": ""}, note="empty")
        ],
        "referrals:start_assessment": [
            Case(
                _jo,
                _referral_office(REDIRECT),
                method="post",
                data={"seen": "received"},
                note="stale: someone changed it, nothing moves",
            )
        ],
        "referrals:withdraw": [
            Case(_jo, _referral_office(400), method="post", data={"reason": ""}, note="no reason")
        ],
        "referrals:decline": [
            Case(_jo, _referral_office(400), method="post", data={"reasons": ""}, note="empty")
        ],
        "referrals:holders": [
            Case(
                _jo,
                _referral_office(400),
                method="post",
                data={"contact": "nobody"},
                note="no such contact",
            )
        ],
        "referrals:grants": [Case(_referral_grants, _referral_office(200))],
        "referrals:grant_new": [
            Case(_referral_grants, _referral_office(200)),
            Case(_referral_grants, _referral_office(400), method="post", data={}, note="empty"),
        ],
        "referrals:grant_end": [
            Case(_current_grant, _referral_office(200)),
            Case(
                _current_grant,
                _referral_office(400),
                method="post",
                data={"ends_on_day": "99", "ends_on_month": "1", "ends_on_year": "2020"},
                note="not a date: nothing ends",
            ),
        ],
        "api-v1:list_referrals": [
            Case(
                _api_referrals,
                api(200, other_org_admin=200),
                auth="token",
                note="each sees the referrals they may (others: none)",
            )
        ],
        "api-v1:get_referral": [
            Case(
                _api_jo,
                api(404, partner_current=200, **dict.fromkeys(REFERRAL_OFFICE, 200)),
                auth="token",
            )
        ],
        "api-v1:create_referral": [
            Case(
                _api_referrals,
                api(404, partner_current=422),
                method="post",
                auth="token",
                data=_no_consent_body(),
                note="no consent to share: refused",
            )
        ],
        "api-v1:list_referral_messages": [
            Case(
                _api_jo,
                api(404, partner_current=200, **dict.fromkeys(REFERRAL_OFFICE, 200)),
                auth="token",
            )
        ],
        "api-v1:post_referral_message": [
            Case(
                _api_jo,
                api(404, partner_current=422, **dict.fromkeys(REFERRAL_OFFICE, 422)),
                method="post",
                auth="token",
                data={"text": " "},
                note="empty",
            )
        ],
        "api-v1:move_referral": [
            Case(
                _api_jo,
                api(404, partner_current=403, **dict.fromkeys(REFERRAL_OFFICE, 422)),
                method="post",
                auth="token",
                data={"status": "active"},
                note="not a move the intake makes; the partner may read, not move",
            )
        ],
    }
)
# -- end referrals: intake --


# -- recruitment: matching --
# Recruiters only (administrators, managers, the recruiter role); everyone else 404, as for a
# missing vacancy. The API's cross-match has no organisation in its path: the other
# organisation's administrator gets their own (empty) one.
def _matching_pool(cast: Cast) -> None:
    from tests.ownterms.recruitment import data as recruitment_data

    recruitment_data.a_matching_pool(cast)


def _matching_vacancy_id(cast: Cast) -> Any:
    from tests.ownterms.recruitment import data as recruitment_data

    _matching_pool(cast)
    return recruitment_data.a_vacancy(cast).public_id


def _matching_applicant_id(cast: Cast) -> Any:
    from tests.ownterms.recruitment import data as recruitment_data

    _matching_pool(cast)
    return recruitment_data.an_applicant(cast).public_id


MATCHING_RECRUITERS = dict.fromkeys(
    ("administrator", "manager", "other_manager", "on_call_manager"), 200
)
MATRIX.update(
    {
        "recruitment:vacancy_matches": [
            Case(
                lambda cast: {**org(cast), "vacancy_id": _matching_vacancy_id(cast)},
                expect(404, **MATCHING_RECRUITERS),
            ),
            Case(lambda cast: {**org(cast), "vacancy_id": uuid.uuid4()}, expect(404)),
        ],
        "recruitment:applicant_matches": [
            Case(
                lambda cast: {**org(cast), "applicant_id": _matching_applicant_id(cast)},
                expect(404, **MATCHING_RECRUITERS),
            ),
        ],
        "recruitment:cross_match": [
            Case(
                lambda cast: (_matching_pool(cast), org(cast))[1],
                expect(404, **MATCHING_RECRUITERS),
            ),
            Case(
                org,
                expect(404, **MATCHING_RECRUITERS),
                data={"minimum": "abc"},
                note="a bad minimum: the error beside the field",
            ),
        ],
        "api-v1:vacancy_matches_endpoint": [
            Case(
                lambda cast: {"vacancy_id": _matching_vacancy_id(cast)},
                api(404, **MATCHING_RECRUITERS),
                auth="token",
            ),
        ],
        "api-v1:applicant_matches_endpoint": [
            Case(
                lambda cast: {"applicant_id": _matching_applicant_id(cast)},
                api(404, **MATCHING_RECRUITERS),
                auth="token",
            ),
        ],
        "api-v1:cross_match_endpoint": [
            Case(
                lambda cast: (_matching_pool(cast), {})[1],
                api(404, **MATCHING_RECRUITERS, other_org_admin=200),
                auth="token",
            ),
        ],
    }
)


# -- recruitment: cohorts (the training route, its report, workforce figures; branch cohorts) --
# Recruiters only (administrators, managers, the recruiter role); everyone else 404.
def _cohort_kwargs(cast: Cast) -> dict[str, Any]:
    from tests.ownterms.recruitment import data as recruitment_data

    return {"org": cast.organisation.slug, "cohort_id": recruitment_data.a_cohort(cast).public_id}


def _cohort_session_kwargs(cast: Cast) -> dict[str, Any]:
    from tests.ownterms.recruitment import data as recruitment_data

    return {**_cohort_kwargs(cast), "session_id": recruitment_data.a_session(cast).public_id}


def _trainee_kwargs(cast: Cast) -> dict[str, Any]:
    from tests.ownterms.recruitment import data as recruitment_data

    return {"org": cast.organisation.slug, "trainee_id": recruitment_data.a_trainee(cast).public_id}


def _with_cohort(cast: Cast) -> dict[str, Any]:
    _cohort_kwargs(cast)
    return org(cast)


def _api_with_cohort(cast: Cast) -> dict[str, Any]:
    _cohort_kwargs(cast)
    return {}


def _api_cohort(cast: Cast) -> dict[str, Any]:
    return {"cohort_id": _cohort_kwargs(cast)["cohort_id"]}


COHORT_RECRUITERS = dict.fromkeys(
    ("administrator", "manager", "other_manager", "on_call_manager"), 200
)


def _recruiters(ok: Outcome) -> dict[str, Outcome]:
    return expect(404, **dict.fromkeys(COHORT_RECRUITERS, ok))


MATRIX.update(
    {
        "recruitment:cohorts": [Case(_with_cohort, _recruiters(200))],
        "recruitment:cohort_new": [
            Case(org, _recruiters(200)),
            Case(org, _recruiters(400), method="post", data={"name": ""}, note="no dates"),
        ],
        "recruitment:cohorts_report": [Case(_with_cohort, _recruiters(200))],
        "recruitment:cohorts_report_csv": [Case(_with_cohort, _recruiters(200))],
        "recruitment:cohort_detail": [Case(_cohort_kwargs, _recruiters(200))],
        "recruitment:cohort_edit": [
            Case(_cohort_kwargs, _recruiters(200)),
            Case(_cohort_kwargs, _recruiters(400), method="post", data={"name": " "}),
        ],
        "recruitment:cohort_session_new": [
            Case(_cohort_kwargs, _recruiters(200)),
            Case(_cohort_kwargs, _recruiters(400), method="post", data={"topic": "No date"}),
        ],
        "recruitment:cohort_trainee_new": [
            Case(_cohort_kwargs, _recruiters(200)),
            Case(_cohort_kwargs, _recruiters(400), method="post", data={"first_name": "Kit"}),
        ],
        "recruitment:cohort_attendance": [
            Case(_cohort_kwargs, _recruiters(200)),
            Case(
                _cohort_kwargs,
                _recruiters(400),
                method="post",
                data={"present": "not-a-pair"},
                note="a tick box the grid never had",
            ),
        ],
        "recruitment:cohort_session_attendance": [
            Case(_cohort_session_kwargs, _recruiters(200)),
            Case(
                _cohort_session_kwargs,
                _recruiters(400),
                method="post",
                data={"present": "00000000-0000-0000-0000-000000000000"},
                note="someone not on the register",
            ),
        ],
        "recruitment:trainee_detail": [Case(_trainee_kwargs, _recruiters(200))],
        "recruitment:trainee_status": [
            Case(_trainee_kwargs, _recruiters(200)),
            Case(
                _trainee_kwargs,
                _recruiters(400),
                method="post",
                data={"status": "informed"},
                note="enrolled can't go back to informed",
            ),
        ],
        "recruitment:trainee_applicant": [
            Case(_trainee_kwargs, _recruiters(200)),
            Case(
                _trainee_kwargs,
                _recruiters(400),
                method="post",
                data={"email": "nobody@example.org"},
                note="nobody applied with it",
            ),
        ],
        "recruitment:figures": [Case(org, _recruiters(200))],
        "recruitment:figures_csv": [
            Case(
                nothing,
                _recruiters(200),
                path="/o/brookside/recruitment/figures/csv/?table=stages",
            ),
            Case(
                nothing,
                _recruiters(404),
                path="/o/brookside/recruitment/figures/csv/?table=nonsense",
                note="no such table",
            ),
        ],
        # The other organisation's administrator recruits for their own organisation.
        "api-v1:list_cohorts": [
            Case(
                _api_with_cohort,
                api(404, **COHORT_RECRUITERS, other_org_admin=200),
                auth="token",
            ),
        ],
        "api-v1:get_cohorts_report": [
            Case(
                _api_with_cohort,
                api(404, **COHORT_RECRUITERS, other_org_admin=200),
                auth="token",
            ),
        ],
        "api-v1:get_cohort": [Case(_api_cohort, api(404, **COHORT_RECRUITERS), auth="token")],
        "api-v1:get_recruitment_figures": [
            Case(nothing, api(404, **COHORT_RECRUITERS, other_org_admin=200), auth="token"),
            Case(
                nothing,
                api(404, **dict.fromkeys(COHORT_RECRUITERS, 422), other_org_admin=422),
                path="/api/v1/recruitment-figures?months=5",
                auth="token",
                note="a period we don't offer",
            ),
        ],
    }
)
# -- end recruitment: cohorts --

# -- referrals: assessment --
# The office only (administrators and managers, the on-call manager included); partners, even
# the one who referred Jo, and everyone else get 404. POSTs here are refused ones (bad input),
# so the cast's data stays the same for every member.
REFERRAL_OFFICE = ("administrator", "manager", "other_manager", "on_call_manager")


def _office(outcome: Outcome) -> dict[str, Outcome]:
    return expect(404, **dict.fromkeys(REFERRAL_OFFICE, outcome))


def _jo(cast: Cast) -> dict[str, Any]:
    from tests.ownterms.referrals import data as referral_data

    return {**org(cast), "referral_id": referral_data.a_referral(cast).public_id}


def _jo_block(cast: Cast) -> dict[str, Any]:
    from tests.ownterms.referrals import data as referral_data

    referral = referral_data.a_referral(cast)
    block = referral.draft_blocks.order_by("pk").first()
    assert block is not None
    return {**_jo(cast), "block_id": block.public_id}


def _jo_component(cast: Cast) -> dict[str, Any]:
    return {**_jo(cast), "component": "family"}


def _api_jo(cast: Cast) -> dict[str, Any]:
    return {"referral_id": _jo(cast)["referral_id"]}


def _api_jo_block(cast: Cast) -> dict[str, Any]:
    return {"referral_id": _jo(cast)["referral_id"], "block_id": _jo_block(cast)["block_id"]}


def _api_decided_block(cast: Cast) -> dict[str, Any]:
    from tests.ownterms.referrals import data as referral_data

    referral_data.assessed(cast)
    return _api_jo_block(cast)


def _api_jo_component(cast: Cast) -> dict[str, Any]:
    return {**_api_jo(cast), "component": "family"}


API_REFERRAL_OFFICE = dict.fromkeys(REFERRAL_OFFICE, 200)
REFERRAL_BAD_BLOCK = {"weekday": "2", "start": "15:00", "end": "09:00", "kind": "day"}

MATRIX.update(
    {
        "referrals:assessment": [Case(_jo, _office(200))],
        "referrals:assessment_rate": [
            Case(_jo_component, _office(200)),
            Case(
                _jo_component,
                _office(400),
                method="post",
                data={"rating": "met", "evidence": ""},
                note="no evidence and no answers: nothing saved",
            ),
        ],
        "referrals:assessment_pattern": [
            Case(_jo, _office(200)),
            Case(
                _jo,
                _office(400),
                method="post",
                data=REFERRAL_BAD_BLOCK,
                note="a block ending before it starts",
            ),
        ],
        "referrals:assessment_block": [
            Case(_jo_block, _office(200)),
            Case(
                _jo_block,
                _office(400),
                method="post",
                data=REFERRAL_BAD_BLOCK,
                note="a block ending before it starts",
            ),
        ],
        "referrals:assessment_block_remove": [
            Case(_jo_block, everyone(405), note="POST only: a GET removes nothing")
        ],
        "referrals:assessment_ready": [
            Case(
                _jo,
                _office(REDIRECT),
                method="post",
                data={"go": "1"},
                note="components still to rate: refused with a message, nothing moves",
            )
        ],
        "api-v1:get_referral_assessment": [
            Case(_api_jo, api(404, **API_REFERRAL_OFFICE), auth="token"),
        ],
        "api-v1:put_referral_component": [
            Case(
                _api_jo_component,
                api(404, **dict.fromkeys(REFERRAL_OFFICE, 422)),
                method="put",
                auth="token",
                data={"rating": "met", "evidence": ""},
                note="empty evidence, no answers",
            ),
        ],
        "api-v1:list_referral_draft_blocks": [
            Case(_api_jo, api(404, **API_REFERRAL_OFFICE), auth="token"),
        ],
        "api-v1:create_referral_draft_block": [
            Case(
                _api_jo,
                api(404, **dict.fromkeys(REFERRAL_OFFICE, 422)),
                method="post",
                auth="token",
                data={"weekday": 2, "start": "15:00", "end": "09:00", "kind": "day"},
                note="a block ending before it starts",
            ),
        ],
        "api-v1:delete_referral_draft_block": [
            Case(
                _api_decided_block,
                api(404, **dict.fromkeys(REFERRAL_OFFICE, 422)),
                method="delete",
                auth="token",
                note="gone for a decision: the draft pattern no longer changes",
            ),
        ],
    }
)
# -- end referrals: assessment --


# -- outcomes: reports --
# The FHIR export: whoever reads the profile on a basis that may pass the record on (the office,
# the person, circle and partners with consent); staff who only support the person get 403.
# The evidence pack: administrators and managers (any manager), everyone else 404.
def _fhir_person(cast: Cast) -> dict[str, Any]:
    from tests.ownterms.outcomes.data import a_fhir_record

    a_fhir_record(cast)
    return person(cast)


def _api_fhir_person(cast: Cast) -> dict[str, Any]:
    from tests.ownterms.outcomes.data import a_fhir_record

    a_fhir_record(cast)
    return {"public_id": cast.person.public_id}


FHIR_EXPORTERS = {**READ_PROFILE, "team_worker": 403, "on_call_manager": 403}
REPORT_READERS = dict.fromkeys(
    ("administrator", "manager", "other_manager", "on_call_manager"), 200
)
EVIDENCE = "/o/brookside/outcomes/evidence/"
BAD_PERIOD = (
    "starts_on_day=1&starts_on_month=2&starts_on_year=2025"
    "&ends_on_day=1&ends_on_month=1&ends_on_year=2025"
)

MATRIX.update(
    {
        "outcomes:fhir_export": [Case(_fhir_person, expect(404, **FHIR_EXPORTERS))],
        "outcomes:fhir_bundle": [Case(_fhir_person, expect(404, **FHIR_EXPORTERS))],
        "outcomes:evidence_pack": [
            Case(org, expect(404, **REPORT_READERS)),
            Case(
                nothing,
                expect(404, **dict.fromkeys(REPORT_READERS, 400)),
                path=f"{EVIDENCE}?{BAD_PERIOD}",
                note="the period ends before it starts",
            ),
        ],
        "outcomes:evidence_pack_pdf": [Case(org, expect(404, **REPORT_READERS))],
        "outcomes:evidence_pack_csv": [
            Case(nothing, expect(404, **REPORT_READERS), path=f"{EVIDENCE}csv/?table=incidents"),
            Case(nothing, expect(404), path=f"{EVIDENCE}csv/?table=names", note="no such table"),
        ],
        "api-v1:outcomes_fhir_bundle": [
            Case(_api_fhir_person, api(404, **FHIR_EXPORTERS), auth="token"),
        ],
        "api-v1:outcomes_evidence_pack": [
            Case(nothing, api(404, **REPORT_READERS, other_org_admin=200), auth="token"),
            Case(
                nothing,
                api(404, **dict.fromkeys(REPORT_READERS, 422), other_org_admin=422),
                path="/api/v1/outcomes/evidence?starts_on=2025-02-01&ends_on=2025-01-01",
                auth="token",
                note="the period ends before it starts",
            ),
        ],
    }
)
# -- end outcomes: reports --


# -- outcomes: reviews --
# A person's reviews and check-ins follow their "plans and goals" (READ_PLANS; Mum and the
# partner have no plans consent in the cast: 404); administrators and the person's manager
# change reviews (other readers 403). Check-ins are recorded by the person, their team and
# their managers (the on-call manager reads only: 403). Working together for change is for
# administrators and every manager; everyone else 404 (the other organisation's administrator
# lists their own, empty, rounds through the API).
_REVIEW_WRITE = writers(READ_PLANS)
_REVIEW_WRITE_INVALID = writers(READ_PLANS, 400)
_CHECK_IN_WRITERS = ("administrator", "manager", "team_worker", "person_user")
_CHECK_IN_WRITE = expect(
    404, **{**dict.fromkeys(READ_PLANS, 403), **dict.fromkeys(_CHECK_IN_WRITERS, 200)}
)
_CHECK_IN_INVALID = {**_CHECK_IN_WRITE, **dict.fromkeys(_CHECK_IN_WRITERS, 400)}
_WTFC = ("administrator", "manager", "other_manager", "on_call_manager")


def _held_review(cast: Cast) -> dict[str, Any]:
    from tests.ownterms.outcomes import data as outcomes_data

    return {**person(cast), "review_id": outcomes_data.a_review(cast).public_id}


def _planned_review(cast: Cast) -> dict[str, Any]:
    from tests.ownterms.outcomes import data as outcomes_data

    return {**person(cast), "review_id": outcomes_data.a_planned_review(cast).public_id}


def _reviews_page(cast: Cast) -> dict[str, Any]:
    from tests.ownterms.outcomes import data as outcomes_data

    outcomes_data.review_dates(cast)
    outcomes_data.a_review(cast)
    return person(cast)


def _wtfc_round(cast: Cast) -> dict[str, Any]:
    from tests.ownterms.outcomes import data as outcomes_data

    return {**org(cast), "round_id": outcomes_data.a_round(cast).public_id}


def _wtfc_theme(cast: Cast) -> dict[str, Any]:
    from tests.ownterms.outcomes import data as outcomes_data

    round_ = outcomes_data.a_round(cast)
    theme = round_.themes.get()
    return {**org(cast), "round_id": round_.public_id, "theme_id": theme.public_id}


def _api_reviews(cast: Cast) -> dict[str, Any]:
    _reviews_page(cast)
    return {"person_id": cast.person.public_id}


def _api_held(cast: Cast) -> dict[str, Any]:
    return {key: value for key, value in _held_review(cast).items() if key != "org"}


def _api_planned(cast: Cast) -> dict[str, Any]:
    return {key: value for key, value in _planned_review(cast).items() if key != "org"}


def _api_round(cast: Cast) -> dict[str, Any]:
    return {"round_id": _wtfc_round(cast)["round_id"]}


def _wtfc(outcome: Outcome, **overrides: Outcome) -> dict[str, Outcome]:
    return expect(404, **dict.fromkeys(_WTFC, outcome), **overrides)


REVIEWS_MATRIX: dict[str, list[Case]] = {
    "outcomes:reviews": [Case(_reviews_page, expect(404, **READ_PLANS))],
    "outcomes:review_new": [
        Case(person, _REVIEW_WRITE),
        Case(
            person,
            _REVIEW_WRITE_INVALID,
            method="post",
            data={"reason": ""},
            note="no date, no reason: nothing saved",
        ),
    ],
    "outcomes:review_schedule": [
        Case(
            _reviews_page,
            writers(READ_PLANS, REDIRECT),
            method="post",
            data={"source": "nonsense"},
            note="an unknown review date schedules nothing",
        ),
    ],
    "outcomes:review": [Case(_held_review, expect(404, **READ_PLANS))],
    "outcomes:review_edit": [
        Case(_held_review, _REVIEW_WRITE),
        Case(
            _held_review,
            _REVIEW_WRITE_INVALID,
            method="post",
            data={"what_matters": "x"},
            note="a held review changed without a reason",
        ),
    ],
    "outcomes:review_participants": [
        Case(_planned_review, _REVIEW_WRITE),
        Case(
            _planned_review,
            _REVIEW_WRITE_INVALID,
            method="post",
            data={"who": "other"},
            note="someone else, with no name",
        ),
    ],
    "outcomes:review_points": [
        Case(_planned_review, _REVIEW_WRITE),
        Case(
            _planned_review,
            _REVIEW_WRITE_INVALID,
            method="post",
            data={"form": "add"},
            note="nothing said",
        ),
    ],
    "outcomes:review_actions": [
        Case(_planned_review, _REVIEW_WRITE),
        Case(
            _planned_review,
            _REVIEW_WRITE_INVALID,
            method="post",
            data={"text": "Phone the college", "owner": ""},
            note="an action with no owner",
        ),
    ],
    "outcomes:review_hold": [
        Case(_planned_review, _REVIEW_WRITE),
        Case(_planned_review, _REVIEW_WRITE_INVALID, method="post", data={}, note="no date held"),
    ],
    "outcomes:check_ins": [Case(_reviews_page, expect(404, **READ_PLANS))],
    "outcomes:check_in_new": [
        Case(person, _CHECK_IN_WRITE),
        Case(
            person,
            _CHECK_IN_INVALID,
            method="post",
            data={"topic_home": "9"},
            note="a face outside 1 to 5, no date",
        ),
    ],
    "outcomes:wtfc_rounds": [Case(lambda cast: (_wtfc_round(cast), org(cast))[1], _wtfc(200))],
    "outcomes:wtfc_round_new": [
        Case(org, _wtfc(200)),
        Case(org, _wtfc(400), method="post", data={"name": ""}, note="no name, no period"),
    ],
    "outcomes:wtfc_round": [Case(_wtfc_round, _wtfc(200))],
    "outcomes:wtfc_theme_new": [
        Case(_wtfc_round, _wtfc(200)),
        Case(_wtfc_round, _wtfc(400), method="post", data={"title": ""}, note="an empty theme"),
    ],
    "outcomes:wtfc_theme_edit": [Case(_wtfc_theme, _wtfc(200))],
    "outcomes:wtfc_summary": [Case(_wtfc_round, _wtfc(200))],
    "outcomes:wtfc_csv": [Case(_wtfc_round, _wtfc(200))],
    "api-v1:outcomes_list_reviews": [
        Case(_api_reviews, api(404, **READ_PLANS), auth="token"),
    ],
    "api-v1:outcomes_plan_review": [
        Case(
            lambda cast: {"person_id": cast.person.public_id},
            api_writers(READ_PLANS, 422),
            method="post",
            data={"kind": "unplanned", "due_on": PAST},
            auth="token",
            note="no reason, and too long ago",
        ),
    ],
    "api-v1:outcomes_get_review": [Case(_api_held, api(404, **READ_PLANS), auth="token")],
    "api-v1:outcomes_hold_review": [
        Case(
            _api_planned,
            api_writers(READ_PLANS, 422),
            method="post",
            data={"held_on": PAST},
            auth="token",
            note="held too long ago",
        ),
    ],
    "api-v1:outcomes_add_review_action": [
        Case(
            _api_held,
            api_writers(READ_PLANS, 422),
            method="post",
            data={"text": "Phone the college", "owner": "", "due_on": "2030-01-01"},
            auth="token",
            note="no owner, no amendment reason on a held review",
        ),
    ],
    "api-v1:outcomes_list_check_ins": [
        Case(_api_reviews, api(404, **READ_PLANS), auth="token"),
    ],
    "api-v1:outcomes_record_check_in": [
        Case(
            lambda cast: {"person_id": cast.person.public_id},
            {**api(404, **dict.fromkeys(READ_PLANS, 403)), **dict.fromkeys(_CHECK_IN_WRITERS, 422)},
            method="post",
            data={"on": PAST, "answers": {"home": 9}},
            auth="token",
            note="a face outside 1 to 5",
        ),
    ],
    "api-v1:outcomes_list_wtfc_rounds": [
        Case(
            lambda cast: (_wtfc_round(cast), {})[1],
            api(404, **dict.fromkeys(_WTFC, 200), other_org_admin=200),
            auth="token",
        ),
    ],
    "api-v1:outcomes_create_wtfc_round": [
        Case(
            nothing,
            api(404, **dict.fromkeys(_WTFC, 422), other_org_admin=422),
            method="post",
            data={"name": "", "starts_on": PAST, "ends_on": PAST},
            auth="token",
            note="no name, an empty period",
        ),
    ],
    "api-v1:outcomes_get_wtfc_round": [
        Case(_api_round, api(404, **dict.fromkeys(_WTFC, 200)), auth="token"),
    ],
    "api-v1:outcomes_add_wtfc_theme": [
        Case(
            _api_round,
            api(404, **dict.fromkeys(_WTFC, 422)),
            method="post",
            data={"title": "", "kind": "working", "i_statement": ""},
            auth="token",
            note="an empty theme",
        ),
    ],
}
MATRIX.update(REVIEWS_MATRIX)
# -- end outcomes: reviews --


# -- referrals: decisions --
# The decision, the move to a person and the reports: the office (administrators, managers)
# only; everyone else 404, as for a missing referral. The letters: the office, and the referrer
# (partner_current) for their own referral while the grant lasts. The API's decision: the
# referrer may GET it once made (without the recommendation).
REFERRAL_OFFICE = dict.fromkeys(
    ("administrator", "manager", "other_manager", "on_call_manager"), 200
)


def _referral_office(ok: Outcome) -> dict[str, Outcome]:
    return expect(404, **dict.fromkeys(REFERRAL_OFFICE, ok))


def _waiting_referral(cast: Cast) -> dict[str, Any]:
    from tests.ownterms.referrals import data as referral_data

    return {"org": cast.organisation.slug, "referral_id": referral_data.assessed(cast).public_id}


def _decided_referral(cast: Cast) -> dict[str, Any]:
    from tests.ownterms.referrals import data as referral_data

    referral = referral_data.decided_copy(cast, "accept")
    return {"org": cast.organisation.slug, "referral_id": referral.public_id}


def _converted_referral(cast: Cast) -> dict[str, Any]:
    from tests.ownterms.referrals import data as referral_data

    referral = referral_data.converted_copy(cast)
    return {"org": cast.organisation.slug, "referral_id": referral.public_id}


def _api_waiting_referral(cast: Cast) -> dict[str, Any]:
    return {"public_id": _waiting_referral(cast)["referral_id"]}


def _api_decided_referral(cast: Cast) -> dict[str, Any]:
    return {"public_id": _decided_referral(cast)["referral_id"]}


def _with_decided_referral(cast: Cast) -> dict[str, Any]:
    _decided_referral(cast)
    return org(cast)


_LETTER_READERS = expect(404, **REFERRAL_OFFICE, partner_current=200)

MATRIX.update(
    {
        "referrals:decision": [
            Case(_waiting_referral, _referral_office(200)),
            Case(
                _waiting_referral,
                _referral_office(400),
                method="post",
                data={"outcome": "accept"},
                note="no reasons",
            ),
        ],
        "referrals:letter": [Case(_decided_referral, _LETTER_READERS)],
        "referrals:letter_pdf": [Case(_decided_referral, _LETTER_READERS)],
        "referrals:easy_read_letter": [Case(_decided_referral, _LETTER_READERS)],
        "referrals:easy_read_letter_pdf": [Case(_decided_referral, _LETTER_READERS)],
        "referrals:transition": [
            Case(_decided_referral, _referral_office(200)),
            Case(
                _decided_referral,
                _referral_office(400),
                method="post",
                data={"manager": "nobody"},
                note="no start date, no such manager",
            ),
        ],
        "referrals:support_started": [
            Case(_converted_referral, everyone(405), note="POST only"),
            Case(
                _converted_referral,
                _referral_office(REDIRECT),
                method="post",
                note="the first starts it; again changes nothing",
            ),
        ],
        "referrals:reports": [Case(_with_decided_referral, _referral_office(200))],
        "referrals:reports_csv": [
            Case(
                _with_decided_referral,
                _referral_office(200),
                path="/o/brookside/referrals/reports/csv/?table=reasons&months=12",
            ),
            Case(
                nothing,
                _referral_office(404),
                path="/o/brookside/referrals/reports/csv/?table=nonsense",
                note="no such table",
            ),
        ],
        "api-v1:get_referral_decision": [
            Case(
                _api_decided_referral,
                api(404, **REFERRAL_OFFICE, partner_current=200),
                auth="token",
            ),
            Case(
                _api_waiting_referral,
                api(404, **REFERRAL_OFFICE),
                auth="token",
                note="the referrer sees it once decided",
            ),
        ],
        "api-v1:post_referral_decision": [
            Case(
                _api_waiting_referral,
                api(404, **dict.fromkeys(REFERRAL_OFFICE, 422)),
                method="post",
                data={"outcome": "accept", "reasons": ""},
                auth="token",
                note="no reasons",
            ),
        ],
        "api-v1:get_referral_reports": [
            Case(nothing, api(404, **REFERRAL_OFFICE, other_org_admin=200), auth="token"),
        ],
    }
)
# -- end referrals: decisions --


# -- outcomes: measures --
# A person's outcomes show plans and/or health measures: readers of either (the partner reads
# health only; Mum, with "about me" only, gets 404). NHS use is health, connections and own
# measures are plans; administrators and managers change them. The organisation report is
# for administrators and managers.
def _outcomes_event(cast: Cast) -> dict[str, Any]:
    from tests.ownterms.outcomes import data as outcomes_data

    return {**person(cast), "event_id": outcomes_data.a_health_event(cast).public_id}


def _with_outcomes_event(cast: Cast) -> dict[str, Any]:
    _outcomes_event(cast)
    return person(cast)


def _outcomes_connection(cast: Cast) -> dict[str, Any]:
    from tests.ownterms.outcomes import data as outcomes_data

    return {**person(cast), "connection_id": outcomes_data.a_connection(cast).public_id}


def _outcomes_record(cast: Cast) -> dict[str, Any]:
    from tests.ownterms.outcomes import data as outcomes_data

    return {**person(cast), "record_id": outcomes_data.a_measure_record(cast).public_id}


def _outcomes_api_person(cast: Cast) -> dict[str, Any]:
    return {"person_id": cast.person.public_id}


OUTCOME_READERS = {**READ_PLANS, **READ_HEALTH}
OUTCOME_REPORT_READERS = dict.fromkeys(
    ("administrator", "manager", "other_manager", "on_call_manager"), 200
)

MATRIX.update(
    {
        "outcomes:person_outcomes": [Case(person, expect(404, **OUTCOME_READERS))],
        "outcomes:person_outcomes_csv": [Case(person, expect(404, **OUTCOME_READERS))],
        "outcomes:person_outcomes_easy_read": [Case(person, expect(404, **OUTCOME_READERS))],
        "outcomes:person_outcomes_pdf": [Case(person, expect(404, **OUTCOME_READERS))],
        "outcomes:nhs_use": [Case(_with_outcomes_event, expect(404, **READ_HEALTH))],
        "outcomes:nhs_use_add": [
            Case(person, expect(404, **WRITE_HEALTH)),
            Case(
                person,
                expect(404, **WRITE_HEALTH_INVALID),
                method="post",
                data={"kind": "gp", "note": "No date"},
            ),
        ],
        "outcomes:nhs_use_edit": [
            Case(_outcomes_event, expect(404, **WRITE_HEALTH)),
            Case(
                _outcomes_event,
                expect(404, **WRITE_HEALTH_INVALID),
                method="post",
                data={"kind": "ae", "on_day": "31", "on_month": "2", "on_year": "2026"},
                note="no 31 February",
            ),
        ],
        "outcomes:connections": [Case(person, expect(404, **READ_PLANS))],
        "outcomes:connection_add": [
            Case(person, expect(404, **WRITE_PLANS)),
            Case(
                person,
                expect(404, **_writers(READ_PLANS, 400)),
                method="post",
                data={"kind": "community", "name": " "},
            ),
        ],
        "outcomes:connection_edit": [Case(_outcomes_connection, expect(404, **WRITE_PLANS))],
        "outcomes:connection_end": [
            Case(_outcomes_connection, expect(404, **WRITE_PLANS)),
            Case(
                _outcomes_connection,
                expect(404, **_writers(READ_PLANS, 400)),
                method="post",
                data={"ended_on_day": "1", "ended_on_month": "1", "ended_on_year": "1990"},
                note="before it started",
            ),
        ],
        "outcomes:recorded_measures": [Case(person, expect(404, **READ_PLANS))],
        "outcomes:recorded_measure_add": [
            Case(person, expect(404, **WRITE_PLANS)),
            Case(
                person,
                expect(404, **_writers(READ_PLANS, 400)),
                method="post",
                data={"measure": "Incidents", "value": "2"},
                note="computed from records; no date",
            ),
        ],
        "outcomes:recorded_measure_edit": [Case(_outcomes_record, expect(404, **WRITE_PLANS))],
        "outcomes:organisation_outcomes": [Case(org, expect(404, **OUTCOME_REPORT_READERS))],
        "outcomes:organisation_outcomes_csv": [Case(org, expect(404, **OUTCOME_REPORT_READERS))],
        "api-v1:outcomes_person_measures": [
            Case(_outcomes_api_person, everyone(401), note=SESSION_IS_NOT_ENOUGH),
            Case(_outcomes_api_person, api(404, **OUTCOME_READERS), auth="token"),
        ],
        "api-v1:outcomes_list_nhs_use": [
            Case(_outcomes_api_person, api(404, **READ_HEALTH), auth="token"),
        ],
        "api-v1:outcomes_add_nhs_use": [
            Case(
                _outcomes_api_person,
                api(404, **api_write(READ_HEALTH, 422)),
                method="post",
                data={"kind": "admission", "on": "2026-01-10", "until": "2026-01-01"},
                auth="token",
                note="home before going in",
            ),
        ],
        "api-v1:outcomes_list_connections": [
            Case(_outcomes_api_person, api(404, **READ_PLANS), auth="token"),
        ],
        "api-v1:outcomes_add_connection": [
            Case(
                _outcomes_api_person,
                api(404, **api_write(READ_PLANS, 422)),
                method="post",
                data={
                    "kind": "community",
                    "name": "Choir",
                    "started_on": "2025-01-01",
                    "minutes_per_week": 60,
                },
                auth="token",
                note="hours a week are for volunteering and work",
            ),
        ],
        "api-v1:outcomes_list_recorded": [
            Case(_outcomes_api_person, api(404, **READ_PLANS), auth="token"),
        ],
        "api-v1:outcomes_add_recorded": [
            Case(
                _outcomes_api_person,
                api(404, **api_write(READ_PLANS, 422)),
                method="post",
                data={"measure": "incidents", "on": "2026-01-01", "value": 1},
                auth="token",
                note="computed from records",
            ),
        ],
        # The other organisation's administrator reads their own organisation's report.
        "api-v1:outcomes_organisation_report": [
            Case(nothing, api(404, **OUTCOME_REPORT_READERS, other_org_admin=200), auth="token"),
        ],
    }
)
# -- end outcomes: measures --


#: URLs the matrix does not request, each with the reason.
ALLAUTH_FLOW = "django-allauth flow step that needs state (a key, a pending sign-in or a code)"
EXEMPT: dict[str, str] = {
    "account_inactive": "django-allauth's static 'account inactive' page; no data",
    "account_signup": "public sign-up is closed by the account adapter (accounts suite)",
    "account_reauthenticate": ALLAUTH_FLOW,
    "account_email": "django-allauth's own e-mail management for the signed-in user only",
    "account_email_verification_sent": "django-allauth's static confirmation page; no data",
    "account_change_password": "the signed-in user's own password (accounts suite)",
    "account_set_password": "the signed-in user's own password (accounts suite)",
    "account_reset_password": "public password reset request; reveals nothing (accounts suite)",
    "account_confirm_login_code": ALLAUTH_FLOW,
    "account_confirm_email": ALLAUTH_FLOW,
    "account_reset_password_from_key_done": "django-allauth's static page; no data",
    "account_reset_password_from_key": ALLAUTH_FLOW,
    "account_reset_password_done": "django-allauth's static page; no data",
    "mfa_authenticate": ALLAUTH_FLOW,
    "mfa_reauthenticate": ALLAUTH_FLOW,
    "mfa_activate_totp": "the signed-in user's own authenticator (accounts suite)",
    "mfa_deactivate_totp": "the signed-in user's own authenticator (accounts suite)",
    "mfa_view_recovery_codes": "the signed-in user's own recovery codes (accounts suite)",
    "mfa_generate_recovery_codes": "the signed-in user's own recovery codes (accounts suite)",
    "mfa_download_recovery_codes": "the signed-in user's own recovery codes (accounts suite)",
}


def test_every_url_has_an_entry() -> None:
    served = {name for name, _ in url_names()}
    missing = served - set(MATRIX) - set(EXEMPT)
    assert not missing, (
        f"add these URLs to the permission matrix (or EXEMPT, with a reason): {sorted(missing)}"
    )
    stale = (set(MATRIX) | set(EXEMPT)) - served
    assert not stale, f"these matrix entries name no URL: {sorted(stale)}"
    assert not set(MATRIX) & set(EXEMPT)
    for name, cases in MATRIX.items():
        for case in cases:
            assert set(case.outcomes) == set(CAST_MEMBERS), name


def _outcome(response: Any) -> Outcome:
    if response.status_code in (301, 302, 303):
        login = resolve_url(settings.LOGIN_URL)
        return LOGIN if response["Location"].startswith(login) else REDIRECT
    return int(response.status_code)


CASES = [(name, index) for name, cases in MATRIX.items() for index in range(len(cases))]


@dataclass(frozen=True)
class SignedIn:
    """The cast, with the session key of each member but anonymous."""

    cast: Cast
    sessions: dict[str, str]


@pytest.fixture(scope="module")
def signed_in(django_db_setup: None, django_db_blocker: Any) -> Iterator[SignedIn]:
    """Built and signed in once for the module (signing in costs as much as a request); each
    case runs in its own transaction inside this one, so it starts from the same rows."""
    with (
        django_db_blocker.unblock(),
        override_settings(TASKS=IMMEDIATE_TASKS),
        transaction.atomic(),
    ):
        cast = build_cast()
        sessions: dict[str, str] = {}
        for member in CAST_MEMBERS:
            user = cast.user(member)
            if user is not None:
                client = Client()
                client.force_login(user)
                sessions[member] = client.cookies[settings.SESSION_COOKIE_NAME].value
        yield SignedIn(cast, sessions)
        transaction.set_rollback(True)


@pytest.mark.parametrize(("name", "index"), CASES, ids=[f"{n}[{i}]" for n, i in CASES])
def test_matrix(signed_in: SignedIn, db: None, name: str, index: int) -> None:
    case = MATRIX[name][index]
    # A copy, so that objects a case's data builders change do not carry over to the next case.
    cast = copy.deepcopy(signed_in.cast)
    path = case.path or reverse(name, kwargs=case.kwargs(cast) or None)
    wrong: list[str] = []
    for member in CAST_MEMBERS:
        # A new client on the member's session: whatever a request did to the session (even
        # signing out) was rolled back with the previous case.
        client = Client()
        user = cast.user(member)
        headers: dict[str, str] = {}
        if user is not None and case.auth == "token":
            # Issued now, as a member would after what the previous members did (withdrawing
            # a partner's consent revokes their tokens).
            issued = create_token(user=user, name="matrix")
            headers["Authorization"] = f"Bearer {issued.secret}"
        elif user is not None:
            client.cookies[settings.SESSION_COOKIE_NAME] = signed_in.sessions[member]
        send = getattr(client, case.method)
        if case.data and case.auth == "token":
            response = send(
                path, json.dumps(case.data), content_type="application/json", headers=headers
            )
        elif case.data:
            response = send(path, case.data, headers=headers)
        else:
            response = send(path, headers=headers)
        got = _outcome(response)
        if got != case.outcomes[member]:
            wrong.append(f"{member}: expected {case.outcomes[member]}, got {got}")
    assert not wrong, f"{case.method.upper()} {path} ({case.note}):\n" + "\n".join(wrong)
