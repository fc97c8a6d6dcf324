"""Every URL pattern, and how the browser suite visits it.

``test_every_page`` walks Django's URL resolver; each named pattern must appear here, so a new
page cannot be missed: either a ``Visit`` (who views it, and how to fill its URL parameters
from the test's data) or ``NotAPage`` with the reason (POST-only, a file download, ...).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

from tests.cast import Cast
from tests.ownterms.daily import behaviour_data, notes_data
from tests.ownterms.health import data as health_data
from tests.ownterms.leave import helpers as leave
from tests.ownterms.oncall import helpers as oncall
from tests.ownterms.plans.data import plans_url
from tests.ownterms.rota import build_data


@dataclass(frozen=True)
class Visit:
    as_user: str | None  # a member of the cast (tests/cast.py); None means signed out
    url: Callable[[Cast], str] | None = None  # default: reverse(name) with no arguments
    status: int = 200
    screenshot: str | None = None  # saved to docs/screenshots/<name>-<viewport>.png (README)


@dataclass(frozen=True)
class NotAPage:
    reason: str


@dataclass(frozen=True)
class PostOnly:
    """A POST-only URL: the suite checks that GET is refused (405) for the given user."""

    as_user: str
    url: Callable[[Cast], str] | None = None


_API = NotAPage("JSON API, not a page (tests/ownterms/api covers it)")


def _password_reset_link(cast: Cast) -> str:
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str

    user = cast.user("team_worker")
    return reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )


def _in_org(name: str, **kwargs: object) -> Callable[[Cast], str]:
    """A page inside the cast's organisation (``/o/<slug>/...``)."""

    def build(cast: Cast) -> str:
        values = {key: value(cast) if callable(value) else value for key, value in kwargs.items()}
        return reverse(name, kwargs={"org": cast.organisation.slug, **values})

    return build


def _a_call_id(cast: Cast) -> object:
    return oncall.a_call(cast).public_id


def _calls_page(cast: Cast) -> str:
    """The call log with one call about the cast's person (with an open follow-up)."""
    oncall.a_call(cast)
    return reverse("oncall:calls", kwargs={"org": cast.organisation.slug})


def _person(cast: Cast) -> object:
    return cast.person.public_id


def _with_health(cast: Cast) -> object:
    health_data.give_health(cast)
    return cast.person.public_id


def _with_package(cast: Cast) -> object:
    health_data.give_package(cast)
    return cast.person.public_id


def _worker(cast: Cast) -> object:
    return cast.staff["team_worker"].public_id


def _team(name: str, **kwargs: object) -> Callable[[Cast], str]:
    """A page of the person's team, with skills, training and skill needs in place."""

    def build(cast: Cast) -> str:
        from tests.ownterms.staff.data import team_health_data, team_worker_membership

        team_health_data(cast)
        values = {key: value(cast) if callable(value) else value for key, value in kwargs.items()}
        if values.pop("membership", False):
            values["membership_id"] = team_worker_membership(cast).public_id
        return reverse(
            name,
            kwargs={"org": cast.organisation.slug, "person_id": cast.person.public_id, **values},
        )

    return build


def _with_skills(name: str) -> Callable[[Cast], str]:
    """A page about the team worker's staff record, with skills and training in place."""

    def build(cast: Cast) -> str:
        from tests.ownterms.staff.data import team_health_data

        team_health_data(cast)
        return reverse(name, kwargs={"org": cast.organisation.slug, "staff_id": _worker(cast)})

    return build


def _pending_import(cast: Cast) -> str:
    """The preview of an upload with rows to add, unchanged and in error."""
    from tests.ownterms.imports.helpers import pending_people_import

    pending = pending_people_import(cast)
    return reverse(
        "imports:preview", kwargs={"org": cast.organisation.slug, "import_id": pending.public_id}
    )


def _delivered(name: str, **kwargs: object) -> Callable[[Cast], str]:
    """A delivered-support page, with worked shifts, a disturbance and an open offer."""

    def build(cast: Cast) -> str:
        from tests.ownterms.rota import delivered_data

        values = {key: value(cast) if callable(value) else value for key, value in kwargs.items()}
        if name in {"rota:open_shifts", "rota:delivered"}:
            delivered_data.open_offer(cast)
            delivered_data.future_shift(cast, days_ahead=5, headcount=2)
            delivered_data.worked_sleep_in_id(cast)
            delivered_data.past_shift(cast)
        if name == "rota:payroll":
            delivered_data.last_month_worked(cast)
        url = reverse(name, kwargs={"org": cast.organisation.slug, **values})
        if name == "rota:delivered":
            url += f"?week={cast.today - dt.timedelta(days=2):%Y-%m-%d}"
        return url

    return build


def _pattern(name: str, **kwargs: object) -> Callable[[Cast], str]:
    """A page of the person's support pattern or shifts, with a pattern, a package and this
    week's shifts (one changed, one cancelled, one one-off) in place."""

    def build(cast: Cast) -> str:
        from tests.ownterms.rota.patterns_data import browser_data

        data = browser_data(cast)
        values = {key: value(data) if callable(value) else value for key, value in kwargs.items()}
        if "shift_id" in values:
            return reverse(name, kwargs={"org": cast.organisation.slug, **values})
        return reverse(
            name,
            kwargs={"org": cast.organisation.slug, "person_id": cast.person.public_id, **values},
        )

    return build


def _funding(
    name: str, kwargs: Callable[[Cast], dict[str, object]] | None = None
) -> Callable[[Cast], str]:
    """A funding records page of the cast's person, with an arrangement (pooled funders, rates,
    the package, the week's pattern, an agreed and a draft plan) in place."""

    def build(cast: Cast) -> str:
        from tests.ownterms.funding import records_data

        records_data.funded(cast)
        values = (
            kwargs(cast)
            if kwargs
            else {"org": cast.organisation.slug, "person_id": cast.person.public_id}
        )
        return reverse(name, kwargs=values)

    return build


def _records(name: str) -> Callable[[Cast], dict[str, object]]:
    def kwargs(cast: Cast) -> dict[str, object]:
        from tests.ownterms.funding import records_data

        result: dict[str, object] = getattr(records_data, name)(cast)
        return result

    return kwargs


def _readers(name: str, **kwargs: object) -> Callable[[Cast], str]:
    """A rota reader's page, with the cast person's live shifts (and the worker's feed) in place."""

    def build(cast: Cast) -> str:
        from tests.ownterms.rota.readers_data import feed_token

        feed_token(cast)
        return _in_org(name, **kwargs)(cast)

    return build


def _worked_shift(cast: Cast) -> object:
    from tests.ownterms.rota.delivered_data import worked_shift_id

    return worked_shift_id(cast)


def _worked_sleep_in(cast: Cast) -> object:
    from tests.ownterms.rota.delivered_data import worked_sleep_in_id

    return worked_sleep_in_id(cast)


def _money(name: str, kind: str = "arrangement") -> Callable[[Cast], str]:
    """A page of a person's money (funding-ledger), with funding, spending with a receipt,
    delivered support and an issued statement in place."""

    def build(cast: Cast) -> str:
        from tests.ownterms.funding import money_data

        return reverse(name, kwargs=getattr(money_data, f"{kind}_kwargs")(cast))

    return build


def _invoice_page(name: str) -> Callable[[Cast], str]:
    """The invoices pages, with one invoice issued (and so one person's money in place)."""

    def build(cast: Cast) -> str:
        import datetime as dt

        from ownterms.funding.models import FundingInvoice
        from ownterms.funding.services.invoices import issue_ready_invoices
        from tests.ownterms.funding import factories

        invoice = FundingInvoice.objects.filter(organisation=cast.organisation).first()
        if invoice is None:
            started = cast.today - dt.timedelta(days=7)
            row = factories.arrangement(cast.person, starts_on=started, reference="ISF-INV")
            factories.source(row, 100_000)
            issued = issue_ready_invoices(actor=cast.finance, today=cast.today)
            invoice = next(i for i in issued if i.arrangement_id == row.pk)
        if name == "funding:invoice":
            return reverse(
                name, kwargs={"org": cast.organisation.slug, "invoice_id": invoice.public_id}
            )
        return reverse(name, kwargs={"org": cast.organisation.slug})

    return build


# -- Daily records: behaviour support plans, incidents, restrictive practices (behaviour) -------
def _with_plan(cast: Cast) -> object:
    behaviour_data.a_plan(cast)
    return cast.person.public_id


def _with_behaviour_records(cast: Cast) -> object:
    behaviour_data.an_event(cast)
    return cast.person.public_id


def _bsp(name: str, **ids: Callable[[Cast], object]) -> Callable[[Cast], str]:
    def build(cast: Cast) -> str:
        behaviour_data.an_event(cast)
        values = {key: value(cast) for key, value in ids.items()}
        return reverse(
            name,
            kwargs={"org": cast.organisation.slug, "person_id": cast.person.public_id, **values},
        )

    return build


def _bsp_incident(cast: Cast) -> object:
    return behaviour_data.an_incident(cast).public_id


def _bsp_event(cast: Cast) -> object:
    return behaviour_data.an_event(cast).public_id


def _bsp_practice(cast: Cast) -> object:
    return behaviour_data.the_practice(cast).public_id


BEHAVIOUR_PAGES: dict[str, Visit | tuple[Visit, ...] | NotAPage | PostOnly] = {
    "daily:behaviour_plan": (
        Visit(
            "team_worker",
            _in_org("daily:behaviour_plan", person_id=_with_plan),
            screenshot="behaviour-plan",
        ),
        Visit("manager", _in_org("daily:behaviour_plan", person_id=_person)),
    ),
    "daily:behaviour_plan_edit": (
        Visit("manager", _in_org("daily:behaviour_plan_edit", person_id=_person)),
        Visit("manager", _in_org("daily:behaviour_plan_edit", person_id=_with_plan)),
    ),
    "daily:authorised_practice_new": Visit(
        "manager", _in_org("daily:authorised_practice_new", person_id=_with_plan)
    ),
    "daily:authorised_practice_end": Visit(
        "manager", _bsp("daily:authorised_practice_end", practice_id=_bsp_practice)
    ),
    "daily:incidents": Visit(
        "team_worker", _in_org("daily:incidents", person_id=_with_behaviour_records)
    ),
    "daily:incident_new": Visit(
        "team_worker",
        _in_org("daily:incident_new", person_id=_with_plan),
        screenshot="incident-new",
    ),
    "daily:incident_detail": Visit(
        "team_worker", _bsp("daily:incident_detail", incident_id=_bsp_incident)
    ),
    "daily:incident_edit": Visit(
        "team_worker", _bsp("daily:incident_edit", incident_id=_bsp_incident)
    ),
    "daily:incident_close": Visit(
        "team_worker", _bsp("daily:incident_close", incident_id=_bsp_incident)
    ),
    "daily:restrictive_practices": Visit(
        "manager", _in_org("daily:restrictive_practices", person_id=_with_behaviour_records)
    ),
    "daily:restrictive_practice_new": Visit(
        "team_worker", _in_org("daily:restrictive_practice_new", person_id=_with_plan)
    ),
    "daily:restrictive_practice_detail": Visit(
        "on_call_manager", _bsp("daily:restrictive_practice_detail", event_id=_bsp_event)
    ),
    "daily:restrictive_practice_amend": Visit(
        "manager", _bsp("daily:restrictive_practice_amend", event_id=_bsp_event)
    ),
    "api-v1:behaviour_get_plan": _API,
    "api-v1:behaviour_list_incidents": _API,
    "api-v1:behaviour_create_incident": _API,
    "api-v1:behaviour_get_incident": _API,
    "api-v1:behaviour_update_incident": _API,
    "api-v1:behaviour_close_incident": _API,
    "api-v1:behaviour_list_practices": _API,
    "api-v1:behaviour_create_practice": _API,
    "api-v1:behaviour_get_practice": _API,
}

# -- Daily notes (issue 5, branch notes) -------------------------------------------------------
_daily_shift: dict[str, object] = {
    "person_id": _person,
    "shift_id": lambda cast: notes_data.worked_shift(cast).public_id,
}
_daily_note: dict[str, object] = {
    "person_id": _person,
    "note_id": lambda cast: notes_data.a_note(cast).public_id,
}
_daily_handover: dict[str, object] = {
    "person_id": _person,
    "handover_id": lambda cast: notes_data.a_handover(cast).public_id,
}


def _daily_day(cast: Cast) -> str:
    """The day of the worked shift, with its note and handover."""
    notes_data.a_note(cast)
    notes_data.a_handover(cast)
    url = reverse(
        "daily:person_daily",
        kwargs={"org": cast.organisation.slug, "person_id": cast.person.public_id},
    )
    return f"{url}?day={notes_data.worked_shift(cast).on.isoformat()}"


def _today_board(cast: Cast) -> str:
    """The today board with something in every section for the cast's person (issue 5)."""
    from django.utils import timezone

    from ownterms.staff.models import StaffMember
    from tests.ownterms.daily.today_data import person_with_a_day

    manager = cast.user("manager")
    assert manager is not None
    if not StaffMember.objects.filter(organisation=cast.organisation, first_name="AlexHere"):
        person_with_a_day(
            cast.organisation,
            now=timezone.now(),
            manager=cast.staff["manager"],
            name="Alex",
            creator=manager,
            person=cast.person,
        )
    return reverse("daily:today", kwargs={"org": cast.organisation.slug})


PAGES: dict[str, Visit | tuple[Visit, ...] | NotAPage | PostOnly] = {
    # Own Terms
    "core:home": Visit("manager"),
    "core:organisation_home": (
        Visit("manager", _in_org("core:organisation_home")),
        Visit("person_user", _in_org("core:organisation_home")),
    ),
    "people:list": (
        Visit("manager", _in_org("people:list"), screenshot="people-list"),
        Visit("team_worker", _in_org("people:list")),
        Visit("circle_with_consent", _in_org("people:list")),
    ),
    "people:detail": (
        Visit("manager", _in_org("people:detail", person_id=_person), screenshot="person"),
        Visit("team_worker", _in_org("people:detail", person_id=_person)),
        Visit("person_user", _in_org("people:detail", person_id=_person)),
        Visit("circle_with_consent", _in_org("people:detail", person_id=_person)),
        # Someone with no relationship to the person: the same "Page not found" as a typo.
        Visit("outside_worker", _in_org("people:detail", person_id=_person), status=404),
    ),
    "people:edit": Visit("manager", _in_org("people:edit", person_id=_person)),
    "people:photo": NotAPage("an image (tests/ownterms/people/test_photos.py covers it)"),
    "people:who_looked": (
        Visit("manager", _in_org("people:who_looked", person_id=_person)),
        Visit("person_user", _in_org("people:who_looked", person_id=_person)),
    ),
    "exports:person": PostOnly("manager", _in_org("exports:person", person_id=_person)),
    "imports:start": Visit("administrator", _in_org("imports:start")),
    "imports:preview": Visit("administrator", _pending_import),
    "imports:template": NotAPage("a CSV or XLSX file download"),
    # The person's plan (tests/ownterms/plans/data.py fills it in for the cast's person).
    "plans:profile": (
        Visit("manager", plans_url("plans:profile"), screenshot="one-page-profile"),
        Visit("circle_with_consent", plans_url("plans:profile")),
    ),
    "plans:profile_edit": Visit("manager", plans_url("plans:profile_edit")),
    "plans:profile_version": Visit("team_worker", plans_url("plans:profile_version", number=1)),
    "plans:strengths_edit": Visit("manager", plans_url("plans:strengths_edit")),
    "plans:goals": (
        Visit("manager", plans_url("plans:goals"), screenshot="plans-and-goals"),
        Visit("team_worker", plans_url("plans:goals")),
    ),
    "plans:aspirations_edit": Visit("manager", plans_url("plans:aspirations_edit")),
    "plans:goal_add": Visit("manager", plans_url("plans:goal_add")),
    "plans:goal_edit": Visit(
        "manager", plans_url("plans:goal_edit", goal_id=lambda data: data.goal.public_id)
    ),
    "plans:session_add": (
        Visit("manager", plans_url("plans:session_add")),
        Visit("administrator", lambda cast: plans_url("plans:session_add")(cast) + "?method=path"),
        Visit("administrator", lambda cast: plans_url("plans:session_add")(cast) + "?method=map"),
    ),
    "plans:session": Visit(
        "team_worker", plans_url("plans:session", session_id=lambda data: data.session.public_id)
    ),
    "plans:session_edit": Visit(
        "manager",
        plans_url("plans:session_edit", session_id=lambda data: data.session.public_id),
    ),
    "plans:session_graphic": NotAPage("an image (tests/ownterms/plans/test_views.py covers it)"),
    "plans:routine": (
        Visit("manager", plans_url("plans:routine"), screenshot="routine-week"),
        Visit("team_worker", plans_url("plans:routine")),
    ),
    "plans:activity_add": Visit("manager", plans_url("plans:activity_add")),
    "plans:activity_edit": Visit(
        "manager",
        plans_url("plans:activity_edit", activity_id=lambda data: data.activity.public_id),
    ),
    "plans:activity_remove": PostOnly(
        "manager",
        plans_url("plans:activity_remove", activity_id=lambda data: data.activity.public_id),
    ),
    "plans:policies": Visit("manager", plans_url("plans:policies")),
    "plans:policy_add": Visit("manager", plans_url("plans:policy_add")),
    "plans:policy": Visit(
        "team_worker", plans_url("plans:policy", policy_id=lambda data: data.policy.public_id)
    ),
    "plans:policy_edit": Visit(
        "manager", plans_url("plans:policy_edit", policy_id=lambda data: data.policy.public_id)
    ),
    "plans:policy_version": Visit(
        "manager",
        plans_url(
            "plans:policy_version",
            policy_id=lambda data: data.policy.public_id,
            number=1,
        ),
    ),
    "plans:easy_about": (
        Visit("person_user", plans_url("plans:easy_about"), screenshot="easy-read-about-me"),
        Visit("circle_with_consent", plans_url("plans:easy_about")),
    ),
    "plans:easy_people": (
        Visit("person_user", plans_url("plans:easy_people"), screenshot="easy-read-my-people"),
        Visit("circle_with_consent", plans_url("plans:easy_people")),
    ),
    "plans:team_photo": NotAPage("an image (tests/ownterms/plans/test_views.py covers it)"),
    "health:summary": (
        Visit("manager", _in_org("health:summary", person_id=_with_health), screenshot="health"),
        Visit("team_worker", _in_org("health:summary", person_id=_with_health)),
        Visit("partner_current", _in_org("health:summary", person_id=_with_health)),
        Visit("circle_with_consent", _in_org("health:summary", person_id=_person), status=404),
    ),
    "health:passport": Visit("team_worker", _in_org("health:passport", person_id=_with_health)),
    "health:item_add": (
        Visit("manager", _in_org("health:item_add", person_id=_person, kind="condition")),
        Visit("manager", _in_org("health:item_add", person_id=_person, kind="allergy")),
        Visit("manager", _in_org("health:item_add", person_id=_person, kind="contact")),
    ),
    "health:item_edit": Visit(
        "manager",
        _in_org(
            "health:item_edit",
            person_id=_person,
            kind="condition",
            item_id=health_data.condition_id,
        ),
    ),
    "health:item_remove": Visit(
        "manager",
        _in_org(
            "health:item_remove",
            person_id=_person,
            kind="condition",
            item_id=health_data.condition_id,
        ),
    ),
    "health:medication_add": Visit("manager", _in_org("health:medication_add", person_id=_person)),
    "health:medication_change": Visit(
        "manager",
        _in_org(
            "health:medication_change",
            person_id=_person,
            medication_id=health_data.medication_id,
        ),
    ),
    "health:medication_stop": Visit(
        "manager",
        _in_org(
            "health:medication_stop", person_id=_person, medication_id=health_data.medication_id
        ),
    ),
    "people:circle": (
        Visit("manager", _in_org("people:circle", person_id=_person)),
        Visit("circle_with_consent", _in_org("people:circle", person_id=_person)),
    ),
    "people:circle_add": Visit("manager", _in_org("people:circle_add", person_id=_person)),
    "people:circle_edit": Visit(
        "manager", _in_org("people:circle_edit", person_id=_person, member_id=health_data.member_id)
    ),
    "people:consent_give": Visit(
        "manager",
        _in_org("people:consent_give", person_id=_person, member_id=health_data.member_id),
    ),
    "people:consent_end": Visit(
        "manager",
        _in_org("people:consent_end", person_id=_person, consent_id=health_data.consent_id),
    ),
    "people:consent_withdraw": PostOnly(
        "manager",
        _in_org("people:consent_withdraw", person_id=_person, consent_id=health_data.consent_id),
    ),
    "people:package": (
        Visit("manager", _in_org("people:package", person_id=_with_package)),
        Visit("team_worker", _in_org("people:package", person_id=_with_package)),
    ),
    "people:package_add": Visit("manager", _in_org("people:package_add", person_id=_person)),
    "staff:list": Visit("manager", _in_org("staff:list"), screenshot="staff-list"),
    "staff:photo": NotAPage("an image (tests/ownterms/people/test_photos.py covers it)"),
    "staff:detail": Visit("manager", _with_skills("staff:detail")),
    "staff:edit": Visit("manager", _in_org("staff:edit", staff_id=_worker)),
    "staff:training_add": Visit("manager", _with_skills("staff:training_add")),
    "staff:skills": Visit("manager", _in_org("staff:skills")),
    "team:detail": (
        Visit("manager", _team("team:detail")),
        Visit("person_user", _team("team:detail")),
        Visit("team_worker", _team("team:detail")),
    ),
    "team:health": Visit("manager", _team("team:health"), screenshot="team-health"),
    "team:add_member": Visit("manager", _team("team:add_member")),
    "team:end_member": Visit("manager", _team("team:end_member", membership=True)),
    "team:approve": PostOnly("manager", _team("team:approve", membership=True)),
    "team:add_need": Visit("manager", _team("team:add_need")),
    "team:remove_need": PostOnly(
        "manager", _team("team:remove_need", need_id=lambda c: uuid.uuid4())
    ),
    "audit:list": Visit("administrator", _in_org("audit:list")),
    "rota:pattern": (
        Visit("manager", _pattern("rota:pattern"), screenshot="support-pattern"),
        Visit("team_worker", _pattern("rota:pattern")),
    ),
    "rota:pattern_settings": Visit("manager", _pattern("rota:pattern_settings")),
    "rota:block_new": Visit("coordinator", _pattern("rota:block_new")),
    "rota:block_edit": Visit(
        "manager", _pattern("rota:block_edit", block_id=lambda d: d.block.public_id)
    ),
    "rota:block_remove": PostOnly(
        "manager", _pattern("rota:block_remove", block_id=lambda d: d.block.public_id)
    ),
    "rota:person_shifts": (
        Visit("manager", _pattern("rota:person_shifts"), screenshot="person-shifts"),
        Visit("person_user", _pattern("rota:person_shifts")),
    ),
    "rota:generate_shifts": Visit("manager", _pattern("rota:generate_shifts")),
    "rota:shift_new": Visit("coordinator", _pattern("rota:shift_new")),
    "rota:shift_edit": (
        Visit("manager", _pattern("rota:shift_edit", shift_id=lambda d: d.changed.public_id)),
        Visit("manager", _pattern("rota:shift_edit", shift_id=lambda d: d.cancelled.public_id)),
    ),
    "rota:shift_cancel": PostOnly(
        "manager", _pattern("rota:shift_cancel", shift_id=lambda d: d.changed.public_id)
    ),
    "leave:availability": (
        Visit("manager", leave.page_url("leave:availability"), screenshot="availability"),
        Visit("team_worker", leave.page_url("leave:availability")),
        Visit("outside_worker", leave.page_url("leave:availability"), status=404),
    ),
    "leave:pattern_new": Visit("manager", leave.page_url("leave:pattern_new")),
    "leave:exception_new": Visit("manager", leave.page_url("leave:exception_new")),
    "leave:exception_remove": PostOnly(
        "manager", leave.page_url("leave:exception_remove", exception_id=leave.an_exception_id)
    ),
    "leave:staff_leave": (
        Visit("manager", leave.page_url("leave:staff_leave"), screenshot="staff-leave"),
        Visit("team_worker", leave.page_url("leave:staff_leave")),
    ),
    "leave:request_new": (
        Visit("team_worker", leave.page_url("leave:request_new")),
        Visit("manager", leave.page_url("leave:request_new")),
    ),
    "leave:terms": Visit("manager", leave.page_url("leave:terms")),
    "leave:worked_hours_new": Visit("manager", leave.page_url("leave:worked_hours_new")),
    "leave:decide": Visit(
        "manager", leave.page_url("leave:decide", leave_id=leave.waiting_leave_id)
    ),
    "leave:cancel": PostOnly(
        "team_worker", leave.page_url("leave:cancel", leave_id=leave.waiting_leave_id)
    ),
    "leave:organisation": Visit(
        "manager", leave.page_url("leave:organisation"), screenshot="leave-organisation"
    ),
    "oncall:rota": Visit("manager", _in_org("oncall:rota"), screenshot="on-call-rota"),
    "oncall:build": Visit("coordinator", _in_org("oncall:build")),
    "oncall:numbers": Visit("administrator", _in_org("oncall:numbers")),
    "oncall:swap": Visit(
        "on_call_manager",
        _in_org("oncall:swap", duty_id=lambda cast: oncall.on_call_duty(cast).public_id),
    ),
    "oncall:calls": (
        Visit("manager", _calls_page, screenshot="on-call-calls"),
        Visit("other_manager", _calls_page),
    ),
    "oncall:call_new": Visit("on_call_manager", _in_org("oncall:call_new")),
    "oncall:call_detail": (
        Visit("manager", _in_org("oncall:call_detail", call_id=_a_call_id)),
        Visit("other_manager", _in_org("oncall:call_detail", call_id=_a_call_id)),
    ),
    "oncall:follow_up_done": PostOnly(
        "manager", _in_org("oncall:follow_up_done", call_id=_a_call_id)
    ),
    "api-v1:get_now": _API,
    "api-v1:list_duties": _API,
    "api-v1:list_calls": _API,
    "api-v1:create_call": _API,
    "api-v1:follow_up_done": _API,
    "rota:build": Visit("manager", build_data.page("rota:build", build_data.org_kwargs)),
    "rota:runs": Visit("coordinator", build_data.page("rota:runs", build_data.runs_kwargs)),
    "rota:swap_new": Visit(
        "team_worker", build_data.page("rota:swap_new", build_data.swap_shift_kwargs)
    ),
    "rota:swap_decide": Visit(
        "manager", build_data.page("rota:swap_decide", build_data.swap_kwargs)
    ),
    "rota:sickness": Visit("manager", build_data.page("rota:sickness", build_data.org_kwargs)),
    "rota:run": Visit(
        "manager", build_data.page("rota:run", build_data.run_kwargs), screenshot="rota-run"
    ),
    "rota:run_progress": NotAPage("an htmx fragment of rota:run, polled while a build runs"),
    "rota:run_cancel": PostOnly(
        "manager", build_data.page("rota:run_cancel", build_data.run_kwargs)
    ),
    "rota:run_discard": PostOnly(
        "manager", build_data.page("rota:run_discard", build_data.run_kwargs)
    ),
    "rota:publish": PostOnly("manager", build_data.page("rota:publish", build_data.run_kwargs)),
    "rota:draft_person": Visit(
        "manager",
        build_data.page("rota:draft_person", build_data.run_person_kwargs),
        screenshot="rota-draft-person",
    ),
    "rota:draft_worker": Visit(
        "manager", build_data.page("rota:draft_worker", build_data.run_worker_kwargs)
    ),
    "rota:draft_shift": Visit(
        "manager", build_data.page("rota:draft_shift", build_data.run_shift_kwargs)
    ),
    "rota:shift_workers": Visit(
        "administrator", build_data.page("rota:shift_workers", build_data.live_shift_kwargs)
    ),
    "notifications:inbox": Visit("manager", _in_org("notifications:inbox")),
    "notifications:read_all": PostOnly("manager", _in_org("notifications:read_all")),
    "about": Visit(None),
    "core:settings": Visit("administrator"),
    "core:setting_change": Visit(
        "administrator",
        lambda cast: reverse("core:setting_change", args=["working_time.max_average_weekly_hours"]),
    ),
    "accounts:account": Visit("team_worker"),
    "accounts:sign_out_everywhere": PostOnly("team_worker"),
    "api_tokens:list": Visit("manager"),
    "api_tokens:revoke": PostOnly(
        "manager", lambda cast: reverse("api_tokens:revoke", args=[uuid.uuid4()])
    ),
    "api-v1:openapi-json": _API,
    "api-v1:list_people": _API,
    "api-v1:rota_run_start": _API,
    "api-v1:rota_run_get": _API,
    "api-v1:rota_run_draft": _API,
    "api-v1:rota_run_cancel": _API,
    "api-v1:rota_run_publish": _API,
    "api-v1:get_person": _API,
    "api-v1:update_person_endpoint": _API,
    "api-v1:list_staff": _API,
    "api-v1:export_person_record": _API,
    "api-v1:import_file": _API,
    "api-v1:get_staff_member": _API,
    "api-v1:get_availability": _API,
    "api-v1:set_pattern": _API,
    "api-v1:add_exception": _API,
    "api-v1:list_leave": _API,
    "api-v1:request_leave": _API,
    "api-v1:get_entitlement": _API,
    "api-v1:approve_leave": _API,
    "api-v1:decline_leave": _API,
    "api-v1:cancel_leave": _API,
    "api-v1:get_health_summary": _API,
    "api-v1:list_medications": _API,
    "api-v1:add_condition": _API,
    "api-v1:add_allergy": _API,
    "api-v1:add_health_contact": _API,
    "api-v1:add_medication_endpoint": _API,
    "api-v1:change_medication_endpoint": _API,
    "api-v1:stop_medication_endpoint": _API,
    "api-v1:list_packages": _API,
    "api-v1:add_package_endpoint": _API,
    "api-v1:list_circle": _API,
    "api-v1:add_circle_member_endpoint": _API,
    "api-v1:update_circle_member_endpoint": _API,
    "api-v1:give_consent_endpoint": _API,
    "api-v1:withdraw_consent_endpoint": _API,
    "api-v1:end_consent_endpoint": _API,
    "api-v1:update_staff_endpoint": _API,
    "api-v1:list_training": _API,
    "api-v1:add_training_endpoint": _API,
    "api-v1:list_skills": _API,
    "api-v1:add_skill_endpoint": _API,
    "api-v1:list_team": _API,
    "api-v1:add_member": _API,
    "api-v1:end_member": _API,
    "api-v1:approve_member": _API,
    "api-v1:list_skill_needs": _API,
    "api-v1:add_skill_need_endpoint": _API,
    "api-v1:remove_skill_need_endpoint": _API,
    "api-v1:get_team_health": _API,
    "api-v1:get_support_pattern": _API,
    "api-v1:put_support_pattern": _API,
    "api-v1:add_pattern_block": _API,
    "api-v1:change_pattern_block": _API,
    "api-v1:remove_pattern_block": _API,
    "api-v1:list_person_shifts": _API,
    "api-v1:add_one_off_shift": _API,
    "api-v1:generate_person_shifts": _API,
    "api-v1:change_one_shift": _API,
    "api-v1:cancel_one_shift": _API,
    "api-v1:restore_one_shift": _API,
    "api-v1:list_tokens": _API,
    "api-v1:get_token": _API,
    "api-v1:rename_token": _API,
    "api-v1:revoke_token": _API,
    "api-v1:get_profile": _API,
    "api-v1:save_profile_endpoint": _API,
    "api-v1:get_profile_version": _API,
    "api-v1:get_policy": _API,
    "api-v1:update_strengths_endpoint": _API,
    "api-v1:update_aspirations_endpoint": _API,
    "api-v1:update_activity_endpoint": _API,
    "api-v1:remove_activity_endpoint": _API,
    "api-v1:get_goals": _API,
    "api-v1:add_goal_endpoint": _API,
    "api-v1:update_goal_endpoint": _API,
    "api-v1:get_routine": _API,
    "api-v1:add_activity_endpoint": _API,
    "api-v1:get_policies": _API,
    "api-v1:add_policy_endpoint": _API,
    "api-v1:revise_policy_endpoint": _API,
    "api-v1:api-root": _API,
    "api-not-found": _API,
    # Delivered support, payroll and open shifts (issue 4)
    "rota:confirm_worked": (
        Visit("team_worker", _delivered("rota:confirm_worked", shift_id=_worked_shift)),
        Visit("manager", _delivered("rota:confirm_worked", shift_id=_worked_sleep_in)),
    ),
    "rota:offer_shift": PostOnly(
        "manager", _in_org("rota:offer_shift", shift_id=lambda c: uuid.uuid4())
    ),
    "rota:delivered": Visit("manager", _delivered("rota:delivered")),
    "rota:payroll": Visit("finance", _delivered("rota:payroll")),
    "rota:payroll_csv": NotAPage(
        "a CSV file download (tests/ownterms/rota/test_delivered_payroll.py covers it)"
    ),
    "rota:payroll_close": PostOnly("finance", _in_org("rota:payroll_close")),
    "rota:open_shifts": (
        Visit("manager", _delivered("rota:open_shifts")),
        Visit("team_worker", _delivered("rota:open_shifts")),
    ),
    "rota:offer_accept": PostOnly(
        "team_worker", _in_org("rota:offer_accept", offer_id=lambda c: uuid.uuid4())
    ),
    "api-v1:confirm_delivery": _API,
    "api-v1:get_delivered_hours": _API,
    "api-v1:list_open_shifts": _API,
    "api-v1:accept_open_shift": _API,
    # Sign-in and account (django-allauth)
    "account_login": Visit(None),
    "account_logout": Visit("team_worker"),
    "account_inactive": Visit(None),
    "account_signup": Visit(None),  # sign-up is closed: the page says so
    "account_reauthenticate": Visit("team_worker"),
    "account_email": Visit("team_worker"),
    "account_email_verification_sent": Visit(None),
    "account_change_password": Visit("team_worker"),
    "account_set_password": Visit("team_worker"),  # has a password: goes on to "change password"
    "account_reset_password": Visit(None),
    "account_reset_password_done": Visit(None),
    "account_reset_password_from_key": Visit(None, _password_reset_link),
    "account_reset_password_from_key_done": Visit(None),
    "account_confirm_email": Visit(
        None, lambda cast: reverse("account_confirm_email", args=["not-a-real-key"])
    ),
    "account_confirm_login_code": Visit(None),  # no sign-in code pending: back to sign-in
    "mfa_index": Visit("team_worker"),
    "mfa_authenticate": NotAPage("walked by test_sign_in.py::test_walks_sign_in_with_mfa"),
    "mfa_reauthenticate": Visit("team_worker"),
    "mfa_activate_totp": Visit("former_worker", screenshot="set-up-authenticator"),
    "mfa_deactivate_totp": Visit("team_worker"),
    "mfa_view_recovery_codes": Visit("team_worker"),
    "mfa_generate_recovery_codes": Visit("team_worker"),
    "mfa_download_recovery_codes": NotAPage("a plain-text file download"),
    "usersessions_list": Visit("team_worker"),
    # Rota: the readers' pages (tests/ownterms/rota/readers_data.py fills in live shifts)
    "rota:who_is_coming": (
        Visit(
            "person_user",
            _readers("rota:who_is_coming", person_id=_person),
            screenshot="who-is-coming",
        ),
        Visit("team_worker", _readers("rota:who_is_coming", person_id=_person)),
        Visit(
            "circle_without_consent", _readers("rota:who_is_coming", person_id=_person), status=404
        ),
    ),
    "rota:who_is_coming_pdf": NotAPage("a PDF download (test_readers_who_is_coming.py)"),
    "rota:team_rota_pdf": NotAPage("a PDF download (test_readers_who_is_coming.py)"),
    "rota:my_shifts": Visit("team_worker", _readers("rota:my_shifts"), screenshot="my-shifts"),
    "rota:my_calendar": (
        Visit("team_worker", _readers("rota:my_calendar")),
        Visit("outside_worker", _readers("rota:my_calendar")),
    ),
    "rota:my_calendar_new": PostOnly("team_worker", _readers("rota:my_calendar_new")),
    "rota:my_calendar_revoke": PostOnly("team_worker", _readers("rota:my_calendar_revoke")),
    "rota:week": (
        Visit("manager", _readers("rota:week"), screenshot="rota-week"),
        Visit("coordinator", _readers("rota:week")),
    ),
    "rota_feed:feed": NotAPage("an iCalendar feed (test_readers_feed.py)"),
    "api-v1:list_shifts": _API,
    "api-v1:list_my_shifts": _API,
    # -- Funding records (issue 9): arrangements, funders, rates, budget plans -----------------
    "funding:person_funding": (
        Visit("finance", _funding("funding:person_funding"), screenshot="funding-records"),
        Visit("person_user", _funding("funding:person_funding")),
    ),
    "funding:arrangement_new": Visit("manager", _funding("funding:arrangement_new")),
    "funding:arrangement_edit": Visit(
        "finance", _funding("funding:arrangement_edit", _records("arrangement_kwargs"))
    ),
    "funding:source_new": Visit(
        "finance", _funding("funding:source_new", _records("arrangement_kwargs"))
    ),
    "funding:source_end": Visit(
        "finance", _funding("funding:source_end", _records("source_kwargs"))
    ),
    "funding:rate_new": Visit(
        "manager", _funding("funding:rate_new", _records("arrangement_kwargs"))
    ),
    "funding:rate_end": Visit("manager", _funding("funding:rate_end", _records("rate_kwargs"))),
    "funding:plans": (
        Visit(
            "manager",
            _funding("funding:plans", _records("arrangement_kwargs")),
            screenshot="budget-plans",
        ),
        Visit("person_user", _funding("funding:plans", _records("arrangement_kwargs"))),
    ),
    "funding:plan_new": Visit(
        "manager", _funding("funding:plan_new", _records("arrangement_kwargs"))
    ),
    "funding:plan": (
        Visit("manager", _funding("funding:plan", _records("plan_kwargs"))),
        Visit("person_user", _funding("funding:plan", _records("plan_kwargs"))),
    ),
    "funding:plan_line_remove": PostOnly(
        "manager", _funding("funding:plan_line_remove", _records("plan_kwargs"))
    ),
    "funding:plan_agree": Visit("manager", _funding("funding:plan_agree", _records("plan_kwargs"))),
    "api-v1:funding_list_arrangements": _API,
    "api-v1:funding_create_arrangement": _API,
    "api-v1:funding_update_arrangement": _API,
    "api-v1:funding_add_source": _API,
    "api-v1:funding_add_rate": _API,
    "api-v1:funding_list_plans": _API,
    "api-v1:funding_create_plan": _API,
    "api-v1:funding_add_line": _API,
    "api-v1:funding_agree_plan": _API,
    # Funding: money and statements (issue 9, funding-ledger)
    "funding:money": (
        Visit("finance", _money("funding:money"), screenshot="funding-money"),
        Visit("person_user", _money("funding:money")),
    ),
    "funding:record_funding": Visit("finance", _money("funding:record_funding")),
    "funding:record_spending": Visit("manager", _money("funding:record_spending")),
    "funding:post_support": PostOnly("finance", _money("funding:post_support")),
    "funding:correct": Visit("finance", _money("funding:correct", "receipt")),
    "funding:receipt": NotAPage("a receipt file download (test_money_pages.py)"),
    "funding:statements": Visit("finance", _money("funding:statements")),
    "funding:statement_preview": Visit("manager", _money("funding:statement_preview")),
    "funding:statement": (
        Visit("finance", _money("funding:statement", "statement"), screenshot="funding-statement"),
        Visit("person_user", _money("funding:statement", "statement")),
    ),
    "funding:statement_pdf": NotAPage("a PDF download (test_money_pages.py)"),
    "funding:statement_easy_read": Visit(
        "person_user",
        _money("funding:statement_easy_read", "statement"),
        screenshot="funding-statement-easy-read",
    ),
    "funding:finance": Visit(
        "finance",
        lambda cast: (
            _money("funding:money")(cast)
            and reverse("funding:finance", kwargs={"org": cast.organisation.slug})
        ),
        screenshot="funding-finance",
    ),
    "funding:finance_csv": NotAPage("a CSV download (test_money_pages.py)"),
    "funding:invoices": Visit("finance", _invoice_page("funding:invoices")),
    "funding:invoice": Visit("finance", _invoice_page("funding:invoice")),
    "funding:invoices_csv": NotAPage("a CSV download (test_invoices.py)"),
    "funding:invoice_pdf": NotAPage("a PDF download (test_invoices.py)"),
    "api-v1:list_invoices": _API,
    "api-v1:list_ready_invoices": _API,
    "api-v1:issue_invoices": _API,
    "api-v1:get_invoice": _API,
    "api-v1:list_money_postings": _API,
    "api-v1:get_money_balance": _API,
    "api-v1:record_money_funding": _API,
    "api-v1:record_money_spending": _API,
    "api-v1:attach_money_receipt": _API,
    "api-v1:post_money_support": _API,
    "api-v1:list_money_statements": _API,
    "api-v1:issue_money_statement": _API,
    # Daily records: behaviour support plans, incidents, restrictive practices (behaviour).
    **BEHAVIOUR_PAGES,
    # -- Daily notes, handovers, the start of a shift (issue 5, branch notes) ------------------
    "daily:person_daily": (
        Visit("team_worker", _in_org("daily:person_daily", person_id=_person)),
        Visit("manager", _daily_day, screenshot="daily-day"),
    ),
    "daily:shift_start": Visit(
        "team_worker", _in_org("daily:shift_start", **_daily_shift), screenshot="daily-shift-start"
    ),
    "daily:note_new": Visit("manager", _in_org("daily:note_new", **_daily_shift)),
    "daily:note_detail": Visit("manager", _in_org("daily:note_detail", **_daily_note)),
    "daily:note_amend": Visit("team_worker", _in_org("daily:note_amend", **_daily_note)),
    "daily:handover_new": Visit("manager", _in_org("daily:handover_new", **_daily_shift)),
    "daily:handover_detail": Visit("manager", _in_org("daily:handover_detail", **_daily_handover)),
    "daily:handover_amend": Visit(
        "team_worker", _in_org("daily:handover_amend", **_daily_handover)
    ),
    "daily:handover_acknowledge": PostOnly(
        "manager", _in_org("daily:handover_acknowledge", **_daily_handover)
    ),
    "daily:language_check": PostOnly("team_worker", _in_org("daily:language_check")),
    "api-v1:list_daily_notes": _API,
    "api-v1:create_daily_note": _API,
    "api-v1:get_daily_note": _API,
    "api-v1:amend_daily_note": _API,
    "api-v1:list_handovers": _API,
    "api-v1:create_handover": _API,
    "api-v1:get_handover": _API,
    "api-v1:amend_handover": _API,
    "api-v1:acknowledge_handover": _API,
    # -- Daily records: the today board and trends (issue 5, branch `today`) -----------------
    "daily:today": (
        Visit("manager", _today_board, screenshot="daily-today"),
        Visit("administrator", _today_board),
        Visit("team_worker", _in_org("daily:today"), status=404),
    ),
    "daily:trends": Visit(
        "administrator",
        lambda cast: _today_board(cast) and reverse("daily:trends", kwargs={"org": "brookside"}),
        screenshot="daily-trends",
    ),
    "daily:person_trends": Visit(
        "team_worker",
        lambda cast: _today_board(cast) and _in_org("daily:person_trends", person_id=_person)(cast),
    ),
    "api-v1:get_today": _API,
    "api-v1:get_trends": _API,
    "api-v1:get_person_trends": _API,
}


# -- Daily records: medication record and seizures (branch medicines) -------------------------


def _medicines(cast: Cast) -> object:
    """The cast's person with a regular medicine (one dose given) and a rescue medicine."""
    from tests.ownterms.daily import medicines_data

    medicines_data.a_dose(cast)
    medicines_data.rescue(cast)
    return cast.person.public_id


def _regular_id(cast: Cast) -> object:
    from tests.ownterms.daily import medicines_data

    return medicines_data.regular(cast).public_id


def _dose_id(cast: Cast) -> object:
    from tests.ownterms.daily import medicines_data

    return medicines_data.a_dose(cast).public_id


def _seizure_id(cast: Cast) -> object:
    from tests.ownterms.daily import medicines_data

    return medicines_data.a_seizure(cast).public_id


def _dose_record_page(cast: Cast) -> str:
    from urllib.parse import quote

    from ownterms.daily.selectors.doses_due import due_at
    from ownterms.daily.selectors.medicines import local_zone

    due = due_at(cast.today - dt.timedelta(days=1), dt.time(8), local_zone())
    path = _in_org("daily:dose_record", person_id=_person, medication_id=_regular_id)(cast)
    return f"{path}?due={quote(due.isoformat())}"


PAGES.update(
    {
        "daily:mar": (
            Visit(
                "team_worker", _in_org("daily:mar", person_id=_medicines), screenshot="daily-mar"
            ),
            Visit("manager", _in_org("daily:mar", person_id=_medicines)),
            Visit("outside_worker", _in_org("daily:mar", person_id=_person), status=404),
        ),
        "daily:dose_times": Visit("manager", _in_org("daily:dose_times", person_id=_medicines)),
        "daily:dose_times_edit": Visit(
            "manager",
            _in_org("daily:dose_times_edit", person_id=_person, medication_id=_regular_id),
        ),
        "daily:dose_record": Visit("team_worker", _dose_record_page),
        "daily:dose_detail": Visit(
            "team_worker", _in_org("daily:dose_detail", person_id=_person, dose_id=_dose_id)
        ),
        "daily:dose_amend": Visit(
            "team_worker", _in_org("daily:dose_amend", person_id=_person, dose_id=_dose_id)
        ),
        "daily:prn_new": Visit("team_worker", _in_org("daily:prn_new", person_id=_medicines)),
        "daily:stock_count_new": Visit(
            "team_worker", _in_org("daily:stock_count_new", person_id=_medicines)
        ),
        "daily:seizures": Visit("team_worker", _in_org("daily:seizures", person_id=_medicines)),
        "daily:seizure_new": Visit(
            "team_worker", _in_org("daily:seizure_new", person_id=_medicines)
        ),
        "daily:seizure_detail": Visit(
            "team_worker",
            _in_org("daily:seizure_detail", person_id=_person, seizure_id=_seizure_id),
        ),
        "daily:seizure_amend": Visit(
            "team_worker",
            _in_org("daily:seizure_amend", person_id=_person, seizure_id=_seizure_id),
        ),
        **dict.fromkeys(
            (
                "api-v1:get_medication_chart",
                "api-v1:list_doses",
                "api-v1:create_dose",
                "api-v1:get_dose",
                "api-v1:amend_dose_endpoint",
                "api-v1:list_seizures",
                "api-v1:create_seizure",
                "api-v1:get_seizure",
                "api-v1:amend_seizure_endpoint",
                "api-v1:list_stock_counts",
                "api-v1:create_stock_count",
            ),
            _API,
        ),
    }
)


# -- recruitment: vacancies --
def _vacancy_page(
    name: str, *, awaiting: bool = False, question: bool = False, public: bool = False
) -> Callable[[Cast], str]:
    """A page of Alex's open vacancy (with an application at the second stage), or of the
    relief one waiting for Alex's approval."""

    def build(cast: Cast) -> str:
        from tests.ownterms.recruitment import data as recruitment_data

        recruitment_data.an_application(cast)
        vacancy = (
            recruitment_data.awaiting_vacancy(cast)
            if awaiting
            else recruitment_data.a_vacancy(cast)
        )
        kwargs: dict[str, object] = {"org": cast.organisation.slug}
        if name not in ("recruitment:vacancies", "recruitment:vacancy_new", "jobs:list"):
            kwargs["vacancy_id"] = vacancy.public_id
        if question:
            kwargs["question_id"] = recruitment_data.first_question(cast).public_id
        return reverse(name, kwargs=kwargs)

    return build


def _new_vacancy_for_alex(cast: Cast) -> str:
    """The new vacancy form for Alex, prefilled from the support pattern."""
    from tests.ownterms.rota.patterns_data import week_pattern

    week_pattern(cast)
    path = reverse("recruitment:vacancy_new", kwargs={"org": cast.organisation.slug})
    return f"{path}?person={cast.person.public_id}"


# -- recruitment: applications --
def _rec_application(stage: str, name: str = "recruitment:application") -> Callable[[Cast], str]:
    """A page of an application to Alex's vacancy at ``stage`` (each stage its own applicant)."""

    def build(cast: Cast) -> str:
        from tests.ownterms.recruitment import data as recruitment_data

        if stage == "meeting":
            found = recruitment_data.an_application(cast)
        else:
            found = recruitment_data.application_at(cast, stage)
        kwargs: dict[str, object] = {
            "org": cast.organisation.slug,
            "application_id": found.public_id,
        }
        if name == "recruitment:application_check":
            kwargs["kind"] = "dbs"
        return reverse(name, kwargs=kwargs)

    return build


def _rec_vacancy_page(name: str) -> Callable[[Cast], str]:
    def build(cast: Cast) -> str:
        from tests.ownterms.recruitment import data as recruitment_data

        vacancy = recruitment_data.a_vacancy(cast)
        recruitment_data.an_application(cast)
        return reverse(
            name, kwargs={"org": cast.organisation.slug, "vacancy_id": vacancy.public_id}
        )

    return build


def _rec_applicant_page(cast: Cast) -> str:
    from tests.ownterms.recruitment import data as recruitment_data

    applicant = recruitment_data.an_application(cast).applicant
    return reverse(
        "recruitment:applicant",
        kwargs={"org": cast.organisation.slug, "applicant_id": applicant.public_id},
    )


PAGES.update(
    {
        "recruitment:vacancies": (
            Visit("manager", _vacancy_page("recruitment:vacancies")),
            Visit("person_user", _vacancy_page("recruitment:vacancies")),
        ),
        "recruitment:vacancy_new": (
            Visit("manager", _vacancy_page("recruitment:vacancy_new")),
            Visit("manager", _new_vacancy_for_alex),
        ),
        "recruitment:vacancy_detail": (
            Visit("manager", _vacancy_page("recruitment:vacancy_detail")),
            Visit("person_user", _vacancy_page("recruitment:vacancy_detail", awaiting=True)),
        ),
        "recruitment:vacancy_edit": Visit("manager", _vacancy_page("recruitment:vacancy_edit")),
        "recruitment:vacancy_status": PostOnly(
            "manager", _vacancy_page("recruitment:vacancy_status")
        ),
        "recruitment:vacancy_questions": Visit(
            "manager", _vacancy_page("recruitment:vacancy_questions")
        ),
        "recruitment:vacancy_question_edit": Visit(
            "manager", _vacancy_page("recruitment:vacancy_question_edit", question=True)
        ),
        "recruitment:vacancy_approval": (
            Visit(
                "person_user",
                _vacancy_page("recruitment:vacancy_approval", awaiting=True),
            ),
            Visit("manager", _vacancy_page("recruitment:vacancy_approval", awaiting=True)),
        ),
        "jobs:list": Visit(None, _vacancy_page("jobs:list")),
        "jobs:advert": Visit(None, _vacancy_page("jobs:advert"), screenshot="recruitment-advert"),
        "jobs:advert_html": NotAPage("a standalone HTML file download (test_vacancies_pages.py)"),
        "jobs:advert_text": NotAPage("a plain-text download (test_vacancies_pages.py)"),
        **dict.fromkeys(
            ("api-v1:list_vacancies", "api-v1:get_vacancy", "api-v1:create_vacancy"), _API
        ),
    }
)


PAGES.update(
    {
        "recruitment:applications": (
            Visit(
                "manager",
                _rec_vacancy_page("recruitment:applications"),
                screenshot="recruitment-pipeline",
            ),
            Visit("person_user", _rec_vacancy_page("recruitment:applications")),
            Visit("circle_with_consent", _rec_vacancy_page("recruitment:applications")),
        ),
        "recruitment:applicant": Visit("manager", _rec_applicant_page),
        "recruitment:applicant_cv": NotAPage(
            "a CV download for recruiters (tests/ownterms/recruitment/test_applications_pages)"
        ),
        "recruitment:application": (
            Visit("manager", _rec_application("meeting")),
            Visit("manager", _rec_application("checks")),
            Visit("manager", _rec_application("rejected")),
            Visit("person_user", _rec_application("meeting")),
        ),
        "recruitment:application_move": PostOnly(
            "manager", _rec_application("applied", "recruitment:application_move")
        ),
        "recruitment:application_reject": Visit(
            "manager", _rec_application("meeting", "recruitment:application_reject")
        ),
        "recruitment:application_withdraw": PostOnly(
            "manager", _rec_application("meeting", "recruitment:application_withdraw")
        ),
        "recruitment:application_meeting": (
            Visit("manager", _rec_application("meeting", "recruitment:application_meeting")),
            Visit("manager", _rec_application("interview", "recruitment:application_meeting")),
        ),
        "recruitment:application_check": Visit(
            "manager", _rec_application("checks", "recruitment:application_check")
        ),
        "recruitment:application_offer": Visit(
            "manager", _rec_application("checks", "recruitment:application_offer")
        ),
        "recruitment:application_start": Visit(
            "manager", _rec_application("offer", "recruitment:application_start")
        ),
        "recruitment:application_consider": Visit(
            "manager", _rec_application("meeting", "recruitment:application_consider")
        ),
        "recruitment:application_their_view": PostOnly(
            "person_user", _rec_application("meeting", "recruitment:application_their_view")
        ),
        "recruitment:application_not_for_me": Visit(
            "person_user", _rec_application("meeting", "recruitment:application_not_for_me")
        ),
        "jobs:apply": Visit(
            None, _rec_vacancy_page("jobs:apply"), screenshot="recruitment-application-form"
        ),
        "jobs:applied": Visit(None, _rec_vacancy_page("jobs:applied")),
        **dict.fromkeys(
            (
                "api-v1:recruitment_list_applicants",
                "api-v1:recruitment_get_applicant",
                "api-v1:recruitment_list_applications",
                "api-v1:recruitment_get_application",
                "api-v1:recruitment_move_application",
            ),
            _API,
        ),
    }
)


# -- recruitment: matching --
def _matching_vacancy(cast: Cast) -> object:
    from tests.ownterms.recruitment import data as recruitment_data

    recruitment_data.a_matching_pool(cast)
    return recruitment_data.a_vacancy(cast).public_id


def _matching_applicant(cast: Cast) -> object:
    from tests.ownterms.recruitment import data as recruitment_data

    recruitment_data.a_matching_pool(cast)
    return recruitment_data.an_applicant(cast).public_id


def _cross_match(cast: Cast) -> str:
    from tests.ownterms.recruitment import data as recruitment_data

    recruitment_data.a_matching_pool(cast)
    return reverse("recruitment:cross_match", kwargs={"org": cast.organisation.slug})


PAGES.update(
    {
        "recruitment:vacancy_matches": Visit(
            "manager",
            _in_org("recruitment:vacancy_matches", vacancy_id=_matching_vacancy),
            screenshot="recruitment-vacancy-matches",
        ),
        "recruitment:applicant_matches": Visit(
            "manager",
            _in_org("recruitment:applicant_matches", applicant_id=_matching_applicant),
            screenshot="recruitment-applicant-matches",
        ),
        "recruitment:cross_match": (
            Visit("manager", _cross_match, screenshot="recruitment-cross-match"),
            Visit("manager", lambda cast: _cross_match(cast) + "?minimum=abc"),
        ),
        **dict.fromkeys(
            (
                "api-v1:vacancy_matches_endpoint",
                "api-v1:applicant_matches_endpoint",
                "api-v1:cross_match_endpoint",
            ),
            _API,
        ),
    }
)


# -- recruitment: cohorts (the training route, its report, workforce figures; branch cohorts) --


def _cohort(name: str, **extra: Callable[[Cast], object]) -> Callable[[Cast], str]:
    """A page of the cast's running cohort (one enrolled trainee, a session held, one to come)."""

    def build(cast: Cast) -> str:
        from tests.ownterms.recruitment import data as recruitment_data

        cohort = recruitment_data.a_cohort(cast)
        kwargs: dict[str, object] = {key: value(cast) for key, value in extra.items()}
        if "trainee_id" not in kwargs:
            kwargs["cohort_id"] = cohort.public_id
        return reverse(f"recruitment:{name}", kwargs={"org": cast.organisation.slug, **kwargs})

    return build


def _held_session(cast: Cast) -> object:
    from tests.ownterms.recruitment import data as recruitment_data

    return recruitment_data.a_session(cast).public_id


def _trainee(cast: Cast) -> object:
    from tests.ownterms.recruitment import data as recruitment_data

    return recruitment_data.a_trainee(cast).public_id


def _figures(cast: Cast) -> str:
    """The figures with an open vacancy and an application in them."""
    from tests.ownterms.recruitment import data as recruitment_data

    recruitment_data.an_application(cast)
    return reverse("recruitment:figures", kwargs={"org": cast.organisation.slug})


def _route(name: str) -> Callable[[Cast], str]:
    def build(cast: Cast) -> str:
        from tests.ownterms.recruitment import data as recruitment_data

        recruitment_data.a_cohort(cast)
        return reverse(f"recruitment:{name}", kwargs={"org": cast.organisation.slug})

    return build


PAGES.update(
    {
        "recruitment:cohorts": Visit("manager", _route("cohorts")),
        "recruitment:cohort_new": Visit("manager", _route("cohort_new")),
        "recruitment:cohorts_report": Visit("administrator", _route("cohorts_report")),
        "recruitment:cohorts_report_csv": NotAPage("a CSV download (test_cohorts_report.py)"),
        "recruitment:cohort_detail": Visit("manager", _cohort("cohort_detail")),
        "recruitment:cohort_edit": Visit("manager", _cohort("cohort_edit")),
        "recruitment:cohort_session_new": Visit("manager", _cohort("cohort_session_new")),
        "recruitment:cohort_trainee_new": Visit("manager", _cohort("cohort_trainee_new")),
        "recruitment:cohort_attendance": Visit("manager", _cohort("cohort_attendance")),
        "recruitment:cohort_session_attendance": Visit(
            "manager", _cohort("cohort_session_attendance", session_id=_held_session)
        ),
        "recruitment:trainee_detail": Visit(
            "manager", _cohort("trainee_detail", trainee_id=_trainee)
        ),
        "recruitment:trainee_status": Visit(
            "manager", _cohort("trainee_status", trainee_id=_trainee)
        ),
        "recruitment:trainee_applicant": Visit(
            "manager", _cohort("trainee_applicant", trainee_id=_trainee)
        ),
        "recruitment:figures": Visit("administrator", _figures),
        "recruitment:figures_csv": NotAPage("a CSV download (test_figures.py)"),
        **dict.fromkeys(
            (
                "api-v1:list_cohorts",
                "api-v1:get_cohorts_report",
                "api-v1:get_cohort",
                "api-v1:get_recruitment_figures",
            ),
            _API,
        ),
    }
)
# -- end recruitment: cohorts --


# -- referrals: assessment --
def _jo_assessment(name: str, **extra: object) -> Callable[[Cast], str]:
    """A page of the assessment of Jo's referral (three draft blocks, a family rating)."""

    def build(cast: Cast) -> str:
        from django.utils import timezone

        from ownterms.referrals.models import ComponentAssessment
        from tests.ownterms.referrals import data as referral_data

        referral = referral_data.a_referral(cast)
        referral_data.places()
        manager = cast.user("manager")
        ComponentAssessment.objects.get_or_create(
            referral=referral,
            component="family",
            defaults={
                "rating": "partly",
                "evidence": "Mum wants to stay involved; we have met her once.",
                "answers": {
                    "shares_vision": "yes",
                    "partnership": "partly",
                    "significance": "very",
                },
                "assessed_by": manager,
                "assessed_by_label": manager.display_name if manager else "",
                "assessed_at": timezone.now(),
            },
        )
        kwargs: dict[str, object] = {
            "org": cast.organisation.slug,
            "referral_id": referral.public_id,
        }
        if extra.get("block"):
            block = referral.draft_blocks.order_by("pk").first()
            assert block is not None
            kwargs["block_id"] = block.public_id
        if "component" in extra:
            kwargs["component"] = extra["component"]
        return reverse(name, kwargs=kwargs)

    return build


PAGES.update(
    {
        "referrals:assessment": Visit("manager", _jo_assessment("referrals:assessment")),
        "referrals:assessment_rate": Visit(
            "manager", _jo_assessment("referrals:assessment_rate", component="family")
        ),
        "referrals:assessment_pattern": Visit(
            "manager", _jo_assessment("referrals:assessment_pattern")
        ),
        "referrals:assessment_block": Visit(
            "manager", _jo_assessment("referrals:assessment_block", block=True)
        ),
        "referrals:assessment_block_remove": PostOnly(
            "manager", _jo_assessment("referrals:assessment_block_remove", block=True)
        ),
        "referrals:assessment_ready": PostOnly(
            "manager", _jo_assessment("referrals:assessment_ready")
        ),
        **dict.fromkeys(
            (
                "api-v1:get_referral_assessment",
                "api-v1:put_referral_component",
                "api-v1:list_referral_draft_blocks",
                "api-v1:create_referral_draft_block",
                "api-v1:delete_referral_draft_block",
            ),
            _API,
        ),
    }
)
# -- end referrals: assessment --


# -- referrals: intake --
def _referral(name: str, member: str = "partner_current") -> Callable[[Cast], str]:
    """A page of Jo's referral (partner_current's, being assessed), with Ali Khan's just
    received and Sam's from the expired partner alongside."""

    def build(cast: Cast) -> str:
        from tests.ownterms.referrals import data as referral_data
        from tests.ownterms.referrals import intake_data

        jo = referral_data.a_referral(cast)
        referral_data.a_referral(cast, "partner_expired")
        intake_data.received(cast)
        return reverse(
            f"referrals:{name}", kwargs={"org": cast.organisation.slug, "referral_id": jo.public_id}
        )

    return build


def _referrals_page(name: str) -> Callable[[Cast], str]:
    def build(cast: Cast) -> str:
        from tests.ownterms.referrals import data as referral_data
        from tests.ownterms.referrals import intake_data

        referral_data.a_referral(cast)
        referral_data.a_referral(cast, "partner_expired")
        intake_data.received(cast)
        return reverse(f"referrals:{name}", kwargs={"org": cast.organisation.slug})

    return build


def _end_grant(cast: Cast) -> str:
    from tests.ownterms.referrals import data as referral_data

    grant = referral_data.grant(cast)
    return reverse(
        "referrals:grant_end", kwargs={"org": cast.organisation.slug, "grant_id": grant.public_id}
    )


PAGES.update(
    {
        "referrals:mine": Visit("partner_current", _referrals_page("mine")),
        "referrals:new": Visit("partner_current", _referrals_page("new")),
        "referrals:status": Visit("partner_current", _referral("status")),
        "referrals:status_message": PostOnly("partner_current", _referral("status_message")),
        "referrals:status_withdraw": PostOnly("partner_current", _referral("status_withdraw")),
        "referrals:list": Visit("manager", _referrals_page("list")),
        "referrals:record": Visit("manager", _referrals_page("record")),
        "referrals:detail": Visit("manager", _referral("detail")),
        "referrals:edit": Visit("manager", _referral("edit")),
        "referrals:message": PostOnly("manager", _referral("message")),
        "referrals:request_information": PostOnly("manager", _referral("request_information")),
        "referrals:start_assessment": PostOnly("manager", _referral("start_assessment")),
        "referrals:withdraw": PostOnly("manager", _referral("withdraw")),
        "referrals:decline": PostOnly("manager", _referral("decline")),
        "referrals:holders": PostOnly("manager", _referral("holders")),
        "referrals:grants": Visit("manager", _referrals_page("grants")),
        "referrals:grant_new": Visit("manager", _referrals_page("grant_new")),
        "referrals:grant_end": Visit("manager", _end_grant),
        **dict.fromkeys(
            (
                "api-v1:list_referrals",
                "api-v1:create_referral",
                "api-v1:get_referral",
                "api-v1:list_referral_messages",
                "api-v1:post_referral_message",
                "api-v1:move_referral",
            ),
            _API,
        ),
    }
)
# -- end referrals: intake --


# -- outcomes: reports --
def _fhir_page(cast: Cast) -> str:
    from tests.ownterms.outcomes.data import a_fhir_record

    a_fhir_record(cast)
    return reverse(
        "outcomes:fhir_export",
        kwargs={"org": cast.organisation.slug, "person_id": cast.person.public_id},
    )


def _evidence_page(cast: Cast) -> str:
    from tests.ownterms.outcomes.data import an_evidence_period

    an_evidence_period(cast)
    return reverse("outcomes:evidence_pack", kwargs={"org": cast.organisation.slug})


PAGES.update(
    {
        "outcomes:fhir_export": Visit("partner_current", _fhir_page),
        "outcomes:fhir_bundle": NotAPage("a FHIR JSON download (test_reports_fhir.py)"),
        "outcomes:evidence_pack": Visit("manager", _evidence_page),
        "outcomes:evidence_pack_pdf": NotAPage("a PDF (test_reports_evidence.py)"),
        "outcomes:evidence_pack_csv": NotAPage("a CSV download (test_reports_evidence.py)"),
        "api-v1:outcomes_fhir_bundle": _API,
        "api-v1:outcomes_evidence_pack": _API,
    }
)
# -- end outcomes: reports --


# -- outcomes: reviews --
def _outcomes_reviews(name: str, review: str = "") -> Callable[[Cast], str]:
    """A page of Alex's reviews: with review dates on the record, the held review (with its
    check-in and action-goal) and a planned one; ``review`` picks "held" or "planned"."""

    def build(cast: Cast) -> str:
        from tests.ownterms.outcomes import data as outcomes_data

        outcomes_data.review_dates(cast)
        held = outcomes_data.a_review(cast)
        planned = outcomes_data.a_planned_review(cast)
        kwargs: dict[str, object] = {
            "org": cast.organisation.slug,
            "person_id": cast.person.public_id,
        }
        if review:
            kwargs["review_id"] = (held if review == "held" else planned).public_id
        return reverse(f"outcomes:{name}", kwargs=kwargs)

    return build


def _outcomes_wtfc(name: str, theme: bool = False) -> Callable[[Cast], str]:
    """A page of the cast's working together for change round (one theme)."""

    def build(cast: Cast) -> str:
        from tests.ownterms.outcomes import data as outcomes_data

        round_ = outcomes_data.a_round(cast)
        kwargs: dict[str, object] = {"org": cast.organisation.slug}
        if name != "wtfc_rounds" and name != "wtfc_round_new":
            kwargs["round_id"] = round_.public_id
        if theme:
            kwargs["theme_id"] = round_.themes.get().public_id
        return reverse(f"outcomes:{name}", kwargs=kwargs)

    return build


PAGES.update(
    {
        "outcomes:reviews": (
            Visit("manager", _outcomes_reviews("reviews")),
            Visit("person_user", _outcomes_reviews("reviews")),
        ),
        "outcomes:review_new": Visit("manager", _outcomes_reviews("review_new")),
        "outcomes:review_schedule": PostOnly("manager", _outcomes_reviews("review_schedule")),
        "outcomes:review": (
            Visit("manager", _outcomes_reviews("review", "held")),
            Visit("person_user", _outcomes_reviews("review", "planned")),
            Visit("person_user", _outcomes_reviews("review", "held")),
        ),
        "outcomes:review_edit": Visit("manager", _outcomes_reviews("review_edit", "held")),
        "outcomes:review_participants": Visit(
            "manager", _outcomes_reviews("review_participants", "planned")
        ),
        "outcomes:review_points": (
            Visit("manager", _outcomes_reviews("review_points", "planned")),
            Visit("manager", _outcomes_reviews("review_points", "held")),
        ),
        "outcomes:review_actions": Visit("manager", _outcomes_reviews("review_actions", "held")),
        "outcomes:review_hold": Visit("manager", _outcomes_reviews("review_hold", "planned")),
        "outcomes:check_ins": (
            Visit("person_user", _outcomes_reviews("check_ins")),
            Visit("team_worker", _outcomes_reviews("check_ins")),
        ),
        "outcomes:check_in_new": (
            Visit("person_user", _outcomes_reviews("check_in_new")),
            Visit("team_worker", _outcomes_reviews("check_in_new")),
        ),
        "outcomes:wtfc_rounds": Visit("manager", _outcomes_wtfc("wtfc_rounds")),
        "outcomes:wtfc_round_new": Visit("manager", _outcomes_wtfc("wtfc_round_new")),
        "outcomes:wtfc_round": Visit("manager", _outcomes_wtfc("wtfc_round")),
        "outcomes:wtfc_theme_new": Visit("manager", _outcomes_wtfc("wtfc_theme_new")),
        "outcomes:wtfc_theme_edit": Visit("manager", _outcomes_wtfc("wtfc_theme_edit", True)),
        "outcomes:wtfc_summary": Visit("administrator", _outcomes_wtfc("wtfc_summary")),
        "outcomes:wtfc_csv": NotAPage("a CSV download (test_reviews_pages.py)"),
        **dict.fromkeys(
            (
                "api-v1:outcomes_list_reviews",
                "api-v1:outcomes_plan_review",
                "api-v1:outcomes_get_review",
                "api-v1:outcomes_hold_review",
                "api-v1:outcomes_add_review_action",
                "api-v1:outcomes_list_check_ins",
                "api-v1:outcomes_record_check_in",
                "api-v1:outcomes_list_wtfc_rounds",
                "api-v1:outcomes_create_wtfc_round",
                "api-v1:outcomes_get_wtfc_round",
                "api-v1:outcomes_add_wtfc_theme",
            ),
            _API,
        ),
    }
)
# -- end outcomes: reviews --


# -- referrals: decisions --
def _referral_page(name: str, which: str) -> Callable[[Cast], str]:
    """A page of one of the decisions area's copies of Jo's referral (``which``: waiting,
    accept, accept_with_conditions, decline or converted)."""

    def build(cast: Cast) -> str:
        from tests.ownterms.referrals import data as referral_data

        if which == "waiting":
            referral = referral_data.waiting_copy(cast)
        elif which == "converted":
            referral = referral_data.converted_copy(cast)
        else:
            referral = referral_data.decided_copy(cast, which)
        return reverse(
            f"referrals:{name}",
            kwargs={"org": cast.organisation.slug, "referral_id": referral.public_id},
        )

    return build


def _referral_reports(cast: Cast) -> str:
    from tests.ownterms.referrals import data as referral_data

    referral_data.decided_copy(cast, "decline")
    referral_data.converted_copy(cast)
    return reverse("referrals:reports", kwargs={"org": cast.organisation.slug})


PAGES.update(
    {
        "referrals:decision": (
            Visit("manager", _referral_page("decision", "waiting")),
            Visit("administrator", _referral_page("decision", "decline")),
        ),
        "referrals:letter": (
            Visit("partner_current", _referral_page("letter", "decline")),
            Visit("manager", _referral_page("letter", "accept_with_conditions")),
        ),
        "referrals:easy_read_letter": (
            Visit("manager", _referral_page("easy_read_letter", "decline")),
            Visit("partner_current", _referral_page("easy_read_letter", "accept_with_conditions")),
        ),
        "referrals:letter_pdf": NotAPage("a PDF download (test_decisions_pages.py)"),
        "referrals:easy_read_letter_pdf": NotAPage("a PDF download (test_decisions_pages.py)"),
        "referrals:transition": (
            Visit("manager", _referral_page("transition", "accept")),
            Visit("manager", _referral_page("transition", "converted")),
        ),
        "referrals:support_started": PostOnly(
            "manager", _referral_page("support_started", "converted")
        ),
        "referrals:reports": Visit("administrator", _referral_reports),
        "referrals:reports_csv": NotAPage("a CSV download (test_decisions_reports.py)"),
        **dict.fromkeys(
            (
                "api-v1:get_referral_decision",
                "api-v1:post_referral_decision",
                "api-v1:get_referral_reports",
            ),
            _API,
        ),
    }
)
# -- end referrals: decisions --


# -- outcomes: measures --
def _outcomes(name: str, **ids: Callable[[Cast], object]) -> Callable[[Cast], str]:
    def build(cast: Cast) -> str:
        from tests.ownterms.outcomes import data as outcomes_data

        outcomes_data.measures_for_pages(cast)
        kwargs = {key: value(cast) for key, value in ids.items()}
        return reverse(
            f"outcomes:{name}",
            kwargs={"org": cast.organisation.slug, "person_id": cast.person.public_id, **kwargs},
        )

    return build


def _outcomes_event(cast: Cast) -> object:
    from tests.ownterms.outcomes import data as outcomes_data

    return outcomes_data.a_health_event(cast).public_id


def _outcomes_connection(cast: Cast) -> object:
    from tests.ownterms.outcomes import data as outcomes_data

    return outcomes_data.a_connection(cast).public_id


def _outcomes_record(cast: Cast) -> object:
    from tests.ownterms.outcomes import data as outcomes_data

    return outcomes_data.a_measure_record(cast).public_id


def _organisation_outcomes(cast: Cast) -> str:
    from tests.ownterms.outcomes import data as outcomes_data

    outcomes_data.measures_for_pages(cast)
    return reverse("outcomes:organisation_outcomes", kwargs={"org": cast.organisation.slug})


PAGES.update(
    {
        "outcomes:person_outcomes": (
            Visit("manager", _outcomes("person_outcomes"), screenshot="outcomes"),
            Visit("partner_current", _outcomes("person_outcomes")),
        ),
        "outcomes:person_outcomes_easy_read": Visit(
            "person_user", _outcomes("person_outcomes_easy_read"), screenshot="outcomes-easy-read"
        ),
        "outcomes:person_outcomes_csv": NotAPage("a CSV download (test_measures_pages.py)"),
        "outcomes:person_outcomes_pdf": NotAPage("a PDF download (test_measures_pages.py)"),
        "outcomes:nhs_use": Visit("manager", _outcomes("nhs_use")),
        "outcomes:nhs_use_add": Visit("manager", _outcomes("nhs_use_add")),
        "outcomes:nhs_use_edit": Visit(
            "manager", _outcomes("nhs_use_edit", event_id=_outcomes_event)
        ),
        "outcomes:connections": Visit("manager", _outcomes("connections")),
        "outcomes:connection_add": Visit("manager", _outcomes("connection_add")),
        "outcomes:connection_edit": Visit(
            "manager", _outcomes("connection_edit", connection_id=_outcomes_connection)
        ),
        "outcomes:connection_end": Visit(
            "manager", _outcomes("connection_end", connection_id=_outcomes_connection)
        ),
        "outcomes:recorded_measures": Visit("manager", _outcomes("recorded_measures")),
        "outcomes:recorded_measure_add": Visit("manager", _outcomes("recorded_measure_add")),
        "outcomes:recorded_measure_edit": Visit(
            "manager", _outcomes("recorded_measure_edit", record_id=_outcomes_record)
        ),
        "outcomes:organisation_outcomes": Visit("manager", _organisation_outcomes),
        "outcomes:organisation_outcomes_csv": NotAPage("a CSV download (test_measures_pages.py)"),
        **dict.fromkeys(
            (
                "api-v1:outcomes_person_measures",
                "api-v1:outcomes_list_nhs_use",
                "api-v1:outcomes_add_nhs_use",
                "api-v1:outcomes_list_connections",
                "api-v1:outcomes_add_connection",
                "api-v1:outcomes_list_recorded",
                "api-v1:outcomes_add_recorded",
                "api-v1:outcomes_organisation_report",
            ),
            _API,
        ),
    }
)
# -- end outcomes: measures --
