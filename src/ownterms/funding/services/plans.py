"""Budget plans (brokerage): drafts with lines, compared against the weekly budget, and one
agreed at a time (agreeing another supersedes it). Only drafts change."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ownterms.accounts.models import User
from ownterms.audit.services import create_audited, field_changes, record_change, snapshot
from ownterms.funding.models import BudgetPlan, BudgetPlanLine, FundingArrangement
from ownterms.funding.pricing import amount_for
from ownterms.funding.selectors.arrangements import arrangements_of, rate_on

PLAN_FIELDS = ("name", "notes", "status", "agreed_on", "agreed_with")
LINE_FIELDS = ("kind", "description", "support_kind", "quantity", "weekly_pence")
#: A week has 10,080 minutes; 2:1 support counts the pair's hour once, so this is the most.
MAX_MINUTES_A_WEEK = 7 * 24 * 60
MAX_NIGHTS_A_WEEK = 7


def _check_draft(plan: BudgetPlan) -> None:
    if plan.status != BudgetPlan.Status.DRAFT:
        raise ValidationError(_("Only a draft plan can be changed: make a new draft instead."))


@transaction.atomic
def create_plan(
    *, actor: User, arrangement: FundingArrangement, name: str, notes: str = "", basis: str = ""
) -> BudgetPlan:
    if not name.strip():
        raise ValidationError({"name": _("Give the plan a name.")})
    return create_audited(
        actor=actor,
        organisation=arrangement.person.organisation,
        action="funding.plan.create",
        obj=BudgetPlan(
            organisation_id=arrangement.organisation_id,
            arrangement=arrangement,
            name=name.strip(),
            notes=notes,
            created_by=actor,
        ),
        person=arrangement.person,
        fields=PLAN_FIELDS,
        basis=basis,
    )


@transaction.atomic
def add_line(
    *,
    actor: User,
    plan: BudgetPlan,
    kind: str,
    description: str,
    on: dt.date,
    support_kind: str = "",
    quantity: int = 0,
    weekly_pence: int = 0,
    basis: str = "",
) -> BudgetPlanLine:
    """A use of the budget a week. Support from our team is priced from ``support_kind`` and
    ``quantity`` (minutes, or nights for sleep-ins, a week) at the arrangement's rate on
    ``on``; any other kind is an amount a week."""
    _check_draft(plan)
    if kind == BudgetPlanLine.Kind.SUPPORT:
        weekly_pence = _support_cost(plan, support_kind, quantity, on)
    else:
        support_kind, quantity = "", 0
        if weekly_pence <= 0:
            raise ValidationError({"weekly_pence": _("Enter an amount a week above £0.")})
    line = BudgetPlanLine(
        plan=plan,
        kind=kind,
        description=description.strip(),
        support_kind=support_kind,
        quantity=quantity,
        weekly_pence=weekly_pence,
    )
    return create_audited(
        actor=actor,
        organisation=plan.arrangement.person.organisation,
        action="funding.plan_line.create",
        obj=line,
        person=plan.arrangement.person,
        fields=LINE_FIELDS,
        basis=basis,
    )


def _support_cost(plan: BudgetPlan, support_kind: str, quantity: int, on: dt.date) -> int:
    if not support_kind:
        raise ValidationError({"support_kind": _("Choose the kind of support.")})
    limit = MAX_NIGHTS_A_WEEK if support_kind == "sleep_in" else MAX_MINUTES_A_WEEK
    if not 0 < quantity <= limit:
        message = (
            _("Enter from 1 to 7 nights a week.")
            if support_kind == "sleep_in"
            else _("Enter more than 0 and at most 168 hours a week.")
        )
        raise ValidationError({"quantity": message})
    arrangement = arrangements_of(plan.arrangement.person).get(pk=plan.arrangement_id)
    rate = rate_on(arrangement, support_kind, on)
    if rate is None:
        raise ValidationError(
            {"support_kind": _("There is no rate for this kind of support: add one first.")}
        )
    return amount_for(support_kind, quantity, rate.pence)


@transaction.atomic
def remove_line(*, actor: User, line: BudgetPlanLine, basis: str = "") -> None:
    plan = line.plan
    _check_draft(plan)
    record_change(
        actor=actor,
        organisation=plan.arrangement.person.organisation,
        action="funding.plan_line.remove",
        obj=line,
        person=plan.arrangement.person,
        changes=field_changes(line, None, fields=LINE_FIELDS),
        basis=basis,
    )
    line.delete()


@transaction.atomic
def agree_plan(
    *, actor: User, plan: BudgetPlan, agreed_on: dt.date, agreed_with: str, basis: str = ""
) -> BudgetPlan:
    """``plan`` becomes the agreed baseline; the one agreed before it is superseded."""
    locked_arrangement = FundingArrangement.objects.select_for_update(of=("self",)).get(
        pk=plan.arrangement_id
    )
    plan = BudgetPlan.objects.select_for_update(of=("self",)).get(pk=plan.pk)
    _check_draft(plan)
    if not agreed_with.strip():
        raise ValidationError({"agreed_with": _("Say who agreed the plan.")})
    if not plan.lines.exists():
        raise ValidationError(_("Add at least one line to the plan before agreeing it."))
    for previous in BudgetPlan.objects.filter(
        arrangement=locked_arrangement, status=BudgetPlan.Status.AGREED
    ):
        _set_status(actor, previous, {"status": BudgetPlan.Status.SUPERSEDED}, basis)
    _set_status(
        actor,
        plan,
        {
            "status": BudgetPlan.Status.AGREED,
            "agreed_on": agreed_on,
            "agreed_with": agreed_with.strip(),
        },
        basis,
    )
    return plan


def _set_status(actor: User, plan: BudgetPlan, values: dict[str, object], basis: str) -> None:
    old = snapshot(plan, PLAN_FIELDS)
    for name, value in values.items():
        setattr(plan, name, value)
    plan.full_clean()
    plan.save(update_fields=list(values))
    record_change(
        actor=actor,
        organisation=plan.arrangement.person.organisation,
        action=f"funding.plan.{plan.status}",
        obj=plan,
        person=plan.arrangement.person,
        changes=field_changes(old, plan, fields=PLAN_FIELDS),
        basis=basis,
    )
