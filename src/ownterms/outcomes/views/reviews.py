"""Pages of a person's reviews. Each view: access → form → service or selector → render.

Reading follows the person's "plans and goals" category (missing or not allowed: 404);
administrators and the person's managers change reviews (other readers: 403).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ownterms.core.scoping import org_slug, organisation_view
from ownterms.outcomes.forms.reviews import (
    SOMEONE_ELSE,
    ActionForm,
    DetailsForm,
    HoldForm,
    ParticipantForm,
    PlanReviewForm,
    PointForm,
    RemoveForm,
    TopForm,
)
from ownterms.outcomes.models import Review, ReviewPoint
from ownterms.outcomes.reviews_access import access_reviews, records_check_ins
from ownterms.outcomes.selectors import reviews as selectors
from ownterms.outcomes.services import reviews as services
from ownterms.people.access import PersonAccess
from ownterms.people.form_pages import add_service_errors
from ownterms.people.models import CircleMember
from ownterms.people.record_tabs import record_header
from ownterms.people.selectors import Basis, person_circle, person_team, readable_categories
from ownterms.people.services import EditConflictError
from ownterms.people.views import actor_of
from ownterms.plans.selectors import goals_of
from ownterms.staff.models import StaffMember

TAB = "reviews"


class Page:
    """The actor, their access to the person's reviews, and the record header."""

    def __init__(
        self, request: HttpRequest, person_id: uuid.UUID, *, page: str, write: bool = False
    ) -> None:
        self.request = request
        self.actor = actor_of(request)
        self.access: PersonAccess = access_reviews(self.actor, person_id, write=write, page=page)
        self.person = self.access.person
        self.org = org_slug(request)

    @property
    def basis(self) -> str:
        return self.access.basis.value

    @property
    def is_self(self) -> bool:
        """The person themself: their pages are in easy read."""
        return self.access.basis == Basis.SELF

    def render(self, template: str, status: int = 200, **extra: Any) -> HttpResponse:
        context = {
            **record_header(self.actor, self.access, self.org, current=TAB),
            "access": self.access,
            "can_edit": self.access.can_write(),
            "records_check_ins": records_check_ins(self.access),
            "today": timezone.localdate(),
            **extra,
        }
        return render(self.request, template, context, status=status)

    def form_page(self, template: str, form: forms.BaseForm, **extra: Any) -> HttpResponse:
        return self.render(
            template, status=400 if form.is_bound and form.errors else 200, form=form, **extra
        )

    def redirect(self, name: str, **kwargs: Any) -> HttpResponse:
        response: HttpResponse = redirect(
            f"outcomes:{name}", org=self.org, person_id=self.person.public_id, **kwargs
        )
        return response

    def review(self, review_id: uuid.UUID) -> Review:
        return selectors.review_of(self.person, review_id)


def save(form: forms.BaseForm, write: Callable[[], object], **kwargs: Any) -> bool:
    """Runs ``write``; puts a conflict or the service's errors on the form. True if saved."""
    try:
        with transaction.atomic():
            write()
    except EditConflictError:
        form.add_error(
            None,
            _(
                "Someone else saved a change while you were editing. Nothing you entered has "
                "been saved: check the latest version and try again."
            ),
        )
    except ValidationError as error:
        add_service_errors(form, error, **kwargs)
    else:
        return True
    return False


# -- the list, planning -----------------------------------------------------------------------


@require_GET
@organisation_view
def reviews(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    page = Page(request, person_id, page="outcomes.reviews")
    readable = readable_categories(page.actor, page.person.public_id, {"profile", "plans", "money"})
    template = "outcomes/reviews/easy_list.html" if page.is_self else "outcomes/reviews/list.html"
    return page.render(
        template,
        overview=selectors.overview(page.person, timezone.localdate(), readable),
        check_ins=list(selectors.check_ins_of(page.person)[:3]),
    )


@require_POST
@organisation_view
def review_schedule(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    """Schedules a review from one of the review dates the system holds (``source``)."""
    page = Page(request, person_id, page="outcomes.reviews.schedule", write=True)
    source = request.POST.get("source", "")
    dates = {
        entry.key: entry for entry in selectors.review_dates(page.person, timezone.localdate())
    }
    entry = dates.get(source)
    if entry is None:
        messages.error(request, _("That review date is no longer on the record."))
        return page.redirect("reviews")
    try:
        with transaction.atomic():
            review = services.plan_review(
                actor=page.actor,
                person=page.person,
                kind=Review.Kind.SCHEDULED,
                due_on=entry.due_on,
                reason=str(entry.label),
                basis=page.basis,
            )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return page.redirect("reviews")
    messages.success(request, _("The review has been scheduled."))
    return page.redirect("review", review_id=review.public_id)


@require_http_methods(["GET", "POST"])
@organisation_view
def review_new(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    """Plans an unplanned review (scheduled ones come from review dates: ``review_schedule``)."""
    page = Page(request, person_id, page="outcomes.reviews.new", write=True)
    form = PlanReviewForm(request.POST if request.method == "POST" else None)
    created: list[Review] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def write() -> object:
            created.append(
                services.plan_review(
                    actor=page.actor,
                    person=page.person,
                    kind=Review.Kind.UNPLANNED,
                    due_on=data["due_on"],
                    reason=data["reason"],
                    basis=page.basis,
                )
            )
            return created[0]

        if save(form, write):
            messages.success(request, _("The review has been planned."))
            return page.redirect("review", review_id=created[0].public_id)
    return page.form_page("outcomes/reviews/new.html", form)


# -- one review -------------------------------------------------------------------------------


@require_GET
@organisation_view
def review(request: HttpRequest, person_id: uuid.UUID, review_id: uuid.UUID) -> HttpResponse:
    page = Page(request, person_id, page="outcomes.review")
    record = page.review(review_id)
    points = list(record.points.all())
    return page.render(
        "outcomes/reviews/easy_detail.html" if page.is_self else "outcomes/reviews/detail.html",
        review=record,
        working=[p for p in points if p.kind == ReviewPoint.Kind.WORKING],
        not_working=[p for p in points if p.kind == ReviewPoint.Kind.NOT_WORKING],
        future=[p for p in points if p.kind == ReviewPoint.Kind.FUTURE],
        perspectives=selectors.by_perspective(record),
        top=[p for p in record.points.all() if p.top_two],
        check_ins=[(c, selectors.answers_of(c)) for c in record.check_ins.all()],
    )


@require_http_methods(["GET", "POST"])
@organisation_view
def review_edit(request: HttpRequest, person_id: uuid.UUID, review_id: uuid.UUID) -> HttpResponse:
    page = Page(request, person_id, page="outcomes.review.edit", write=True)
    record = page.review(review_id)
    held = record.status == Review.Status.HELD
    if request.method == "POST":
        form = DetailsForm(request.POST, held=held)
        if form.is_valid():
            data = form.cleaned_data

            def write() -> object:
                return services.update_review(
                    actor=page.actor,
                    review=record,
                    amend_reason=form.reason(),
                    expected_updated_at=form.expected_updated_at(),
                    basis=page.basis,
                    **{
                        name: data[name]
                        for name in ("what_matters", "questions", "budget_working", "budget_note")
                    },
                )

            if save(form, write):
                messages.success(request, _("The review has been saved."))
                return page.redirect("review", review_id=record.public_id)
    else:
        form = DetailsForm(
            held=held,
            initial={
                "what_matters": record.what_matters,
                "questions": record.questions,
                "budget_working": record.budget_working,
                "budget_note": record.budget_note,
                "version": record.updated_at.isoformat(),
            },
        )
    return page.form_page("outcomes/reviews/edit.html", form, review=record)


def _remove(
    request: HttpRequest,
    page: Page,
    record: Review,
    remove: Callable[[str], None],
    redirect_to: str,
) -> HttpResponse:
    """Handles a "remove" POST (with the amendment reason on a held review)."""
    form = RemoveForm(request.POST, held=record.status == Review.Status.HELD)
    if form.is_valid() and save(form, lambda: remove(form.reason())):
        messages.success(request, _("Removed."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return page.redirect(redirect_to, review_id=record.public_id)


def _participant_options(page: Page, record: Review) -> list[tuple[str, str]]:
    listed_circle = {p.circle_member_id for p in record.participants.all() if p.circle_member_id}
    listed_staff = {p.staff_member_id for p in record.participants.all() if p.staff_member_id}
    options = [("person", _("%(name)s (the person)") % {"name": page.person.called})]
    for member in person_circle(page.person):
        if member.pk not in listed_circle:
            options.append((f"circle:{member.public_id}", f"{member.name} ({member.relationship})"))
    for membership in person_team(page.person):
        staff = membership.staff_member
        if staff.pk not in listed_staff:
            options.append(
                (
                    f"staff:{staff.public_id}",
                    f"{staff.first_name} {staff.last_name} ({staff.job_title})",
                )
            )
    return options


def _chosen(page: Page, who: str) -> dict[str, Any]:
    kind, _sep, key = who.partition(":")
    if kind == "person":
        return {"is_person": True}
    try:
        public_id = uuid.UUID(key)
    except ValueError:
        return {}
    if kind == "circle":
        member = CircleMember.objects.filter(person=page.person, public_id=public_id).first()
        return {"circle_member": member} if member else {}
    if kind == "staff":
        staff = StaffMember.objects.filter(
            organisation_id=page.person.organisation_id,
            public_id=public_id,
            pk__in=person_team(page.person).values("staff_member"),
        ).first()
        return {"staff_member": staff} if staff else {}
    return {}


@require_http_methods(["GET", "POST"])
@organisation_view
def review_participants(
    request: HttpRequest, person_id: uuid.UUID, review_id: uuid.UUID
) -> HttpResponse:
    page = Page(request, person_id, page="outcomes.review.participants", write=True)
    record = page.review(review_id)
    held = record.status == Review.Status.HELD
    form = ParticipantForm(held=held, options=_participant_options(page, record))
    if request.method == "POST" and "remove" in request.POST:
        participant = selectors.participant_of(record, request.POST["remove"])
        return _remove(
            request,
            page,
            record,
            lambda reason: services.remove_participant(
                actor=page.actor, participant=participant, amend_reason=reason, basis=page.basis
            ),
            "review_participants",
        )
    if request.method == "POST":
        form = ParticipantForm(request.POST, held=held, options=_participant_options(page, record))
        if form.is_valid():
            data = form.cleaned_data
            who = data["who"]
            chosen = {} if who == SOMEONE_ELSE else _chosen(page, who)
            if who != SOMEONE_ELSE and not chosen:
                form.add_error("who", _("Choose who took part."))
            else:

                def write() -> object:
                    return services.add_participant(
                        actor=page.actor,
                        review=record,
                        name=data["name"] if who == SOMEONE_ELSE else "",
                        perspective=data["perspective"] if who == SOMEONE_ELSE else "",
                        role=data["role"],
                        amend_reason=form.reason(),
                        basis=page.basis,
                        **chosen,
                    )

                if save(form, write, rename=lambda n: "who" if n == "circle_member" else n):
                    messages.success(request, _("Added to who took part."))
                    return page.redirect("review_participants", review_id=record.public_id)
    record = page.review(review_id)
    return page.form_page("outcomes/reviews/participants.html", form, review=record)


@require_http_methods(["GET", "POST"])
@organisation_view
def review_points(request: HttpRequest, person_id: uuid.UUID, review_id: uuid.UUID) -> HttpResponse:
    """What is working and not working from each perspective, the hopes, and the top two."""
    page = Page(request, person_id, page="outcomes.review.points", write=True)
    record = page.review(review_id)
    held = record.status == Review.Status.HELD
    points = list(record.points.all())
    form = PointForm(held=held, initial={"perspective": "person"})
    top_form = TopForm(held=held, points=points, prefix="top")
    if request.method == "POST" and "remove" in request.POST:
        point = selectors.point_of(record, request.POST["remove"])
        return _remove(
            request,
            page,
            record,
            lambda reason: services.remove_point(
                actor=page.actor, point=point, amend_reason=reason, basis=page.basis
            ),
            "review_points",
        )
    if request.method == "POST" and request.POST.get("form") == "top":
        top_form = TopForm(request.POST, held=held, points=points, prefix="top")
        if top_form.is_valid():
            by_id = {str(p.public_id): p for p in points}

            def write() -> object:
                for kind in ReviewPoint.Kind.values:
                    name = f"top_{kind}"
                    if name in top_form.fields:
                        services.choose_top(
                            actor=page.actor,
                            review=record,
                            kind=kind,
                            points=[by_id[i] for i in top_form.cleaned_data[name]],
                            amend_reason=top_form.reason(),
                            basis=page.basis,
                        )
                return None

            if save(top_form, write):
                messages.success(request, _("The top two have been saved."))
                return page.redirect("review_points", review_id=record.public_id)
    elif request.method == "POST":
        form = PointForm(request.POST, held=held)
        if form.is_valid():
            data = form.cleaned_data

            def write() -> object:
                return services.add_point(
                    actor=page.actor,
                    review=record,
                    perspective=data["perspective"],
                    kind=data["kind"],
                    text=data["text"],
                    verbatim=data["verbatim"],
                    amend_reason=form.reason(),
                    basis=page.basis,
                )

            if save(form, write):
                messages.success(request, _("The point has been added."))
                return page.redirect("review_points", review_id=record.public_id)
    bound = [f for f in (form, top_form) if f.is_bound and f.errors]
    return page.render(
        "outcomes/reviews/points.html",
        status=400 if bound else 200,
        form=form,
        top_form=top_form,
        review=record,
        perspectives=selectors.by_perspective(record),
    )


@require_http_methods(["GET", "POST"])
@organisation_view
def review_actions(
    request: HttpRequest, person_id: uuid.UUID, review_id: uuid.UUID
) -> HttpResponse:
    page = Page(request, person_id, page="outcomes.review.actions", write=True)
    record = page.review(review_id)
    held = record.status == Review.Status.HELD
    goals = list(goals_of(page.person).filter(action__isnull=True))
    choices = [(str(g.public_id), g.title) for g in goals]
    form = ActionForm(held=held, goals=choices)
    if request.method == "POST" and "remove" in request.POST:
        action = selectors.action_of(record, request.POST["remove"])
        return _remove(
            request,
            page,
            record,
            lambda reason: services.remove_action(
                actor=page.actor, action=action, amend_reason=reason, basis=page.basis
            ),
            "review_actions",
        )
    if request.method == "POST":
        form = ActionForm(request.POST, held=held, goals=choices)
        if form.is_valid():
            data = form.cleaned_data
            by_id = {str(g.public_id): g for g in goals}

            def write() -> object:
                return services.add_action(
                    actor=page.actor,
                    review=record,
                    text=data["text"],
                    owner=data["owner"],
                    due_on=data["due_on"],
                    goal=by_id.get(data["goal"] or ""),
                    amend_reason=form.reason(),
                    basis=page.basis,
                )

            if save(form, write):
                messages.success(request, _("The action has been added."))
                return page.redirect("review_actions", review_id=record.public_id)
    return page.form_page("outcomes/reviews/actions.html", form, review=record)


@require_http_methods(["GET", "POST"])
@organisation_view
def review_hold(request: HttpRequest, person_id: uuid.UUID, review_id: uuid.UUID) -> HttpResponse:
    """Marks a planned review as held (at least one participant; its actions become goals)."""
    page = Page(request, person_id, page="outcomes.review.hold", write=True)
    record = page.review(review_id)
    if record.status == Review.Status.HELD:
        return page.redirect("review", review_id=record.public_id)
    form = HoldForm(
        request.POST if request.method == "POST" else None,
        initial={"held_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():

        def write() -> object:
            return services.hold_review(
                actor=page.actor,
                review=record,
                held_on=form.cleaned_data["held_on"],
                basis=page.basis,
            )

        if save(form, write):
            messages.success(request, _("The review has been recorded as held."))
            return page.redirect("review", review_id=record.public_id)
    return page.form_page("outcomes/reviews/hold.html", form, review=record)
