"""Budget plan pages (brokerage): the plans of an arrangement side by side against the weekly
budget, one plan with its lines, and agreeing a plan. Same access as the funding records."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ownterms.core.scoping import org_slug, organisation_view
from ownterms.funding.access import access_arrangement
from ownterms.funding.forms.records import LINE_FORM_NAMES, AgreeForm, PlanForm, PlanLineForm
from ownterms.funding.models import BudgetPlan, FundingArrangement
from ownterms.funding.selectors import plans as selectors
from ownterms.funding.selectors.arrangements import budget_on
from ownterms.funding.selectors.money import surplus, warnings_at_cost
from ownterms.funding.services import plans as services
from ownterms.funding.views.records import form_step, header, save
from ownterms.people.views import actor_of

PAGE = "funding.plans"


def _plans_url(org: str, row: FundingArrangement) -> str:
    return reverse(
        "funding:plans",
        kwargs={"org": org, "person_id": row.person.public_id, "arrangement_id": row.public_id},
    )


def _plan_url(org: str, plan: BudgetPlan) -> str:
    row = plan.arrangement
    return reverse(
        "funding:plan",
        kwargs={
            "org": org,
            "person_id": row.person.public_id,
            "arrangement_id": row.public_id,
            "plan_id": plan.public_id,
        },
    )


def _plan_or_404(row: FundingArrangement, plan_id: uuid.UUID) -> BudgetPlan:
    plan = selectors.plans_of(row).filter(public_id=plan_id).first()
    if plan is None:
        raise Http404
    return plan


@require_GET
@organisation_view
def plans(request: HttpRequest, person_id: uuid.UUID, arrangement_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    row, access = access_arrangement(actor, person_id, arrangement_id, page=PAGE)
    org = org_slug(request)
    day = max(timezone.localdate(), row.starts_on)
    all_plans = list(selectors.plans_of(row))
    shown = [p for p in all_plans if p.status != BudgetPlan.Status.SUPERSEDED]
    columns = selectors.comparison(row, shown, day)
    money = surplus(row, day)
    return render(
        request,
        "funding/records/plans.html",
        {
            **header(actor, access, org),
            "arrangement": row,
            "day": day,
            "budget": budget_on(row, day),
            "columns": columns,
            # What each plan would do to the money held, before anyone agrees it.
            "plan_warnings": [
                (column.plan, warnings_at_cost(money, column.total_pence)) for column in columns
            ],
            "superseded": [p for p in all_plans if p.status == BudgetPlan.Status.SUPERSEDED],
            "line_kinds": selectors.LINE_KINDS.choices,
            "can_edit": access.can_write(),
        },
    )


@require_http_methods(["GET", "POST"])
@organisation_view
def plan_new(request: HttpRequest, person_id: uuid.UUID, arrangement_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    row, access = access_arrangement(actor, person_id, arrangement_id, write=True, page=PAGE)
    org = org_slug(request)
    created: list[BudgetPlan] = []
    return form_step(
        request,
        access,
        PlanForm(request.POST if request.method == "POST" else None),
        lambda data: created.append(
            services.create_plan(actor=actor, arrangement=row, basis=access.basis.value, **data)
        ),
        done=_("The draft plan has been made: add its lines."),
        title=_("Make a draft budget plan"),
        intro=_("Design, with the person and their circle, how the budget will be used."),
        submit=_("Make the draft"),
        cancel_url=_plans_url(org, row),
        next_url=lambda: _plan_url(org, created[0]),
    )


@require_http_methods(["GET", "POST"])
@organisation_view
def plan(
    request: HttpRequest, person_id: uuid.UUID, arrangement_id: uuid.UUID, plan_id: uuid.UUID
) -> HttpResponse:
    """One plan with its lines; POST adds a line (drafts only)."""
    write = request.method == "POST"
    actor = actor_of(request)
    row, access = access_arrangement(actor, person_id, arrangement_id, write=write, page=PAGE)
    org = org_slug(request)
    budget_plan = _plan_or_404(row, plan_id)
    today = timezone.localdate()
    form = PlanLineForm(request.POST if write else None)
    if write and form.is_valid():
        fields = form.service_fields()
        if save(
            form,
            lambda: services.add_line(
                actor=actor,
                plan=budget_plan,
                on=max(today, row.starts_on),
                basis=access.basis.value,
                **fields,
            ),
            lambda name: LINE_FORM_NAMES.get(name, name),
        ):
            messages.success(request, _("The line has been added."))
            return redirect(_plan_url(org, budget_plan))
    day = max(today, row.starts_on)
    [column] = selectors.comparison(row, [budget_plan], day)
    warnings = warnings_at_cost(surplus(row, day), column.total_pence)
    return render(
        request,
        "funding/records/plan.html",
        {
            **header(actor, access, org),
            "arrangement": row,
            "column": column,
            "warnings": warnings,
            "form": form,
            "can_edit": access.can_write() and budget_plan.status == BudgetPlan.Status.DRAFT,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@require_POST
@organisation_view
def plan_line_remove(
    request: HttpRequest, person_id: uuid.UUID, arrangement_id: uuid.UUID, plan_id: uuid.UUID
) -> HttpResponse:
    actor = actor_of(request)
    row, access = access_arrangement(actor, person_id, arrangement_id, write=True, page=PAGE)
    budget_plan = _plan_or_404(row, plan_id)
    # Lines have no public id: the posted key is only looked up among this plan's lines.
    key = request.POST.get("line", "")
    line = (
        budget_plan.lines.filter(pk=int(key)).first() if key.isdigit() and len(key) < 12 else None
    )
    if line is None:
        raise Http404
    if budget_plan.status != BudgetPlan.Status.DRAFT:
        messages.error(request, _("Only a draft plan can be changed: make a new draft instead."))
    else:
        services.remove_line(actor=actor, line=line, basis=access.basis.value)
        messages.success(request, _("The line has been removed."))
    return redirect(_plan_url(org_slug(request), budget_plan))


@require_http_methods(["GET", "POST"])
@organisation_view
def plan_agree(
    request: HttpRequest, person_id: uuid.UUID, arrangement_id: uuid.UUID, plan_id: uuid.UUID
) -> HttpResponse:
    actor = actor_of(request)
    row, access = access_arrangement(actor, person_id, arrangement_id, write=True, page=PAGE)
    org = org_slug(request)
    budget_plan = _plan_or_404(row, plan_id)
    form = AgreeForm(
        request.POST if request.method == "POST" else None,
        initial={"agreed_on": timezone.localdate()},
    )
    return form_step(
        request,
        access,
        form,
        lambda data: services.agree_plan(
            actor=actor, plan=budget_plan, basis=access.basis.value, **data
        ),
        done=_("The plan is agreed: it is now the baseline."),
        title=_("Agree “%(name)s”") % {"name": budget_plan.name},
        intro=_(
            "The agreed plan becomes the baseline the spending is measured against. The plan "
            "agreed before it, if any, is kept as superseded."
        ),
        submit=_("Agree the plan"),
        cancel_url=_plan_url(org, budget_plan),
        next_url=lambda: _plans_url(org, row),
    )
