"""Matching pages (issue 6), for recruiters only (everyone else: 404): every candidate for a
vacancy, every open vacancy for an applicant, and the organisation's suggested assignment."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django import forms
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from ownterms.accounts.models import User
from ownterms.audit.services import record_access, record_applicant_access
from ownterms.core.scoping import org_slug, organisation_view
from ownterms.people.selectors import roles_of
from ownterms.people.views import actor_of
from ownterms.recruitment import matching
from ownterms.recruitment.access import (
    Basis,
    access_applicant,
    access_vacancy,
    require_recruiter,
)
from ownterms.recruitment.advert import in_sentence
from ownterms.recruitment.matching import Factor, FactorScore, Kind, Match
from ownterms.recruitment.models import Stage, Vacancy
from ownterms.recruitment.selectors import matching as selectors
from ownterms.recruitment.services.matching import record_cross_match_view
from ownterms.staff.selectors import STAFF_RECORD_ROLES

FACTOR_LABELS: dict[Factor, Promise] = {
    Factor.INTERESTS: _("Shared interests"),
    Factor.TRAITS: _("Traits"),
    Factor.SKILLS: _("Skills"),
    Factor.HOURS: _("Hours"),
    Factor.TRAVEL: _("Travel"),
    Factor.PREFERENCES: _("Stated preferences"),
}


def _choice_words(choices: type[models.TextChoices], value: str) -> str:
    """A choice's label as it reads mid-sentence ("Core team" → "core team"), or the value."""
    return in_sentence(str(choices(value).label)) if value in choices.values else value


#: A vacancy's candidates shown in full before "show every candidate" (a large organisation's
#: staff with spare hours can run to a hundred or more).
FIRST_SHOWN = 20


@dataclass(frozen=True)
class Row:
    label: Promise
    points: str
    words: tuple[str, ...]
    counted: bool
    negative: bool


@dataclass(frozen=True)
class Link:
    url: str
    text: str
    #: Read by screen readers after ``text`` (which link of many it is).
    hidden: str = ""


@dataclass(frozen=True)
class Card:
    match: Match
    rows: tuple[Row, ...]
    #: Where the candidate is in recruitment ("Alex: interview; Sam: not taken forward").
    applications: str
    title: str
    links: tuple[Link, ...] = ()


def _points(factor: FactorScore) -> str:
    if not factor.counted:
        return str(_("not counted"))
    return str(_("%(points)s of %(maximum)s points")) % {
        "points": str(factor.points).replace("-", "\N{MINUS SIGN}"),
        "maximum": factor.maximum,
    }


def _links(match: Match, org: str, *, to_vacancy: bool, sees_staff: bool) -> tuple[Link, ...]:
    found: list[Link] = []
    candidate = match.candidate
    if to_vacancy:
        found.append(
            Link(
                reverse(
                    "recruitment:vacancy_matches",
                    kwargs={"org": org, "vacancy_id": match.vacancy.public_id},
                ),
                str(_("Every candidate for %(name)s") % {"name": match.vacancy.person}),
            )
        )
    if candidate.kind is Kind.APPLICANT:
        found.append(
            Link(
                reverse(
                    "recruitment:applicant_matches",
                    kwargs={"org": org, "applicant_id": candidate.public_id},
                ),
                str(_("Every vacancy")),
                str(_("for %(name)s") % {"name": candidate.name}),
            )
        )
    elif sees_staff:
        found.append(
            Link(
                reverse("staff:detail", kwargs={"org": org, "staff_id": candidate.public_id}),
                str(_("Staff record")),
                str(_("of %(name)s") % {"name": candidate.name}),
            )
        )
    return tuple(found)


def card(
    match: Match,
    org: str = "",
    *,
    title: str = "candidate",
    to_vacancy: bool = False,
    sees_staff: bool = False,
) -> Card:
    rows = tuple(
        Row(FACTOR_LABELS[f.factor], _points(f), f.words, f.counted, f.points < 0)
        for f in match.factors
    )
    applications = "; ".join(
        f"{a.person}: {_choice_words(Stage, a.stage)}" for a in match.candidate.applications
    )
    links = _links(match, org, to_vacancy=to_vacancy, sees_staff=sees_staff) if org else ()
    return Card(match, rows, applications, _title(match, title), links)


def _team_of(vacancy: matching.Wants) -> str:
    kind = _choice_words(Vacancy.Kind, vacancy.kind)
    if vacancy.minutes_per_week:
        return str(_("%(name)s's team (%(kind)s, %(hours)s a week)")) % {
            "name": vacancy.person,
            "kind": kind,
            "hours": matching.hours_text(vacancy.minutes_per_week, selectors.WORDS),
        }
    return str(_("%(name)s's team (%(kind)s)")) % {"name": vacancy.person, "kind": kind}


def _title(match: Match, title: str) -> str:
    if title == "vacancy":
        return _team_of(match.vacancy)
    if title == "pair":
        return str(_("%(team)s: %(name)s")) % {
            "team": _team_of(match.vacancy),
            "name": match.candidate.name,
        }
    return match.candidate.name


def _weights_text(weights: dict[Factor, int]) -> str:
    return ", ".join(
        str(_("%(factor)s %(weight)s")) % {"factor": FACTOR_LABELS[f], "weight": weights[f]}
        for f in matching.FACTORS
    )


def _sees_staff(actor: User) -> bool:
    return bool(roles_of(actor) & STAFF_RECORD_ROLES)


def _common(request: HttpRequest, actor: User) -> dict[str, object]:
    weights = selectors.weights_of(actor.organisation)
    return {
        "org": org_slug(request),
        "weights": _weights_text(weights),
        "sees_staff": _sees_staff(actor),
        "staff_kind": Kind.STAFF,
    }


@require_GET
@organisation_view
def vacancy_matches(request: HttpRequest, vacancy_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    require_recruiter(actor)
    vacancy = access_vacancy(actor, vacancy_id).vacancy
    record_access(
        actor=actor,
        person=vacancy.person,
        page="recruitment.vacancy_matches",
        basis=Basis.RECRUITER,
    )
    matches = selectors.vacancy_matches(actor.organisation, vacancy)
    every = request.GET.get("all") == "1"
    shown = matches if every else matches[:FIRST_SHOWN]
    return render(
        request,
        "recruitment/matching/vacancy.html",
        {
            **_common(request, actor),
            "vacancy": vacancy,
            "cards": [card(m, org_slug(request), sees_staff=_sees_staff(actor)) for m in shown],
            "total": len(matches),
            "eligible": sum(1 for m in matches if m.eligible),
            "more": len(matches) - len(shown),
        },
    )


@require_GET
@organisation_view
def applicant_matches(request: HttpRequest, applicant_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    applicant = access_applicant(actor, applicant_id)
    record_applicant_access(
        actor=actor,
        applicant=applicant,
        page="recruitment.applicant_matches",
        basis=Basis.RECRUITER,
    )
    matches = selectors.applicant_matches(actor.organisation, applicant)
    return render(
        request,
        "recruitment/matching/applicant.html",
        {
            **_common(request, actor),
            "applicant": applicant,
            "cards": [
                card(m, org_slug(request), title="vacancy", to_vacancy=True) for m in matches
            ],
            "eligible": sum(1 for m in matches if m.eligible),
        },
    )


class MinimumForm(forms.Form):
    minimum = forms.IntegerField(
        label=_("Lowest score to suggest"),
        help_text=_("From 0 to 100. No pair scoring less is suggested."),
        min_value=0,
        max_value=100,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={
            "invalid": _("Enter the lowest score as a whole number from 0 to 100"),
            "min_value": _("The lowest score must be 0 or more"),
            "max_value": _("The lowest score must be 100 or less"),
        },
    )


@require_GET
@organisation_view
def cross_match(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    require_recruiter(actor)
    record_cross_match_view(actor)
    form = MinimumForm(request.GET or None, initial={"minimum": matching.DEFAULT_MINIMUM})
    minimum = matching.DEFAULT_MINIMUM
    if form.is_bound and form.is_valid() and form.cleaned_data["minimum"] is not None:
        minimum = form.cleaned_data["minimum"]
    found = selectors.cross_match(actor.organisation, minimum=minimum)
    unfilled = [(_team_of(u.vacancy), u) for u in found.unfilled]
    return render(
        request,
        "recruitment/matching/cross_match.html",
        {
            **_common(request, actor),
            "form": form,
            "found": found,
            "minimum": minimum,
            "unfilled": unfilled,
            "cards": [
                card(
                    m,
                    org_slug(request),
                    title="pair",
                    to_vacancy=True,
                    sees_staff=_sees_staff(actor),
                )
                for m in found.pairs
            ],
        },
    )
