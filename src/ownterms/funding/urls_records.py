"""Routes for funding records (see urls.py): arrangements, funders, rates and budget plans."""

from django.urls import URLPattern, path

from ownterms.funding.views import plans, records

FUNDING = "people/<uuid:person_id>/funding/"
ARRANGEMENT = f"{FUNDING}<uuid:arrangement_id>/"
PLAN = f"{ARRANGEMENT}plans/<uuid:plan_id>/"

urlpatterns: list[URLPattern] = [
    path(FUNDING, records.person_funding, name="person_funding"),
    path(f"{FUNDING}new/", records.arrangement_new, name="arrangement_new"),
    path(f"{ARRANGEMENT}edit/", records.arrangement_edit, name="arrangement_edit"),
    path(f"{ARRANGEMENT}sources/new/", records.source_new, name="source_new"),
    path(f"{ARRANGEMENT}sources/<uuid:source_id>/end/", records.source_end, name="source_end"),
    path(f"{ARRANGEMENT}rates/new/", records.rate_new, name="rate_new"),
    path(f"{ARRANGEMENT}rates/<uuid:rate_id>/end/", records.rate_end, name="rate_end"),
    path(f"{ARRANGEMENT}plans/", plans.plans, name="plans"),
    path(f"{ARRANGEMENT}plans/new/", plans.plan_new, name="plan_new"),
    path(PLAN, plans.plan, name="plan"),
    path(f"{PLAN}lines/remove/", plans.plan_line_remove, name="plan_line_remove"),
    path(f"{PLAN}agree/", plans.plan_agree, name="plan_agree"),
]
