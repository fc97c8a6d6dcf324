"""Working together for change (organisation pages; administrators and managers only, everyone
else gets the same 404 as for a round that doesn't exist). Points are anonymised: no names."""

from __future__ import annotations

import csv
import datetime as dt
import io
import uuid
from collections.abc import Iterable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ownterms.accounts.models import User
from ownterms.audit.services import record_overview_access
from ownterms.core.scoping import org_slug, organisation_view
from ownterms.outcomes.access import require_report_reader
from ownterms.outcomes.forms.wtfc import RoundForm, ThemeForm
from ownterms.outcomes.models import Theme, WtfcRound
from ownterms.outcomes.selectors import wtfc as selectors
from ownterms.outcomes.services import wtfc as services
from ownterms.outcomes.views.reviews import save
from ownterms.people.views import actor_of

BASIS = "report_reader"
#: A spreadsheet runs a cell starting with one of these as a formula; a leading ' keeps it text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv(filename: str, rows: Iterable[list[str]]) -> HttpResponse:
    buffer = io.StringIO()
    buffer.write("\ufeff")  # so spreadsheet programs read the file as UTF-8
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow([f"'{cell}" if cell.startswith(FORMULA_STARTS) else cell for cell in row])
    response = HttpResponse(buffer.getvalue().encode(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _reader(request: HttpRequest) -> User:
    actor = actor_of(request)
    require_report_reader(actor)
    return actor


def _round(actor: User, round_id: uuid.UUID, page: str) -> WtfcRound:
    found = selectors.round_of(actor.organisation_id, round_id)
    record_overview_access(actor=actor, action="wtfc_round.view", obj=found, page=page, basis=BASIS)
    return found


def _to_round(request: HttpRequest, round_: WtfcRound, name: str = "wtfc_round") -> HttpResponse:
    response: HttpResponse = redirect(
        f"outcomes:{name}", org=org_slug(request), round_id=round_.public_id
    )
    return response


@require_GET
@organisation_view
def wtfc_rounds(request: HttpRequest) -> HttpResponse:
    actor = _reader(request)
    return render(
        request,
        "outcomes/wtfc/rounds.html",
        {
            "org": org_slug(request),
            "rounds": [
                (round_, round_.ends_on - dt.timedelta(days=1))
                for round_ in selectors.rounds_of(actor.organisation_id)
            ],
        },
    )


@require_http_methods(["GET", "POST"])
@organisation_view
def wtfc_round_new(request: HttpRequest) -> HttpResponse:
    actor = _reader(request)
    form = RoundForm(request.POST if request.method == "POST" else None)
    created: list[WtfcRound] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def write() -> object:
            created.append(
                services.create_round(
                    actor=actor,
                    organisation=actor.organisation,
                    name=data["name"],
                    starts_on=data["starts_on"],
                    ends_on=form.ends_on(),
                    held_on=data["held_on"],
                )
            )
            return created[0]

        if save(form, write, rename=lambda n: "last_day" if n == "ends_on" else n):
            messages.success(request, _("The round has been started."))
            return _to_round(request, created[0])
    return render(
        request,
        "outcomes/wtfc/round_new.html",
        {"org": org_slug(request), "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


@require_GET
@organisation_view
def wtfc_round(request: HttpRequest, round_id: uuid.UUID) -> HttpResponse:
    actor = _reader(request)
    round_ = _round(actor, round_id, "outcomes.wtfc.round")
    return render(
        request,
        "outcomes/wtfc/round.html",
        {"org": org_slug(request), "view": selectors.round_view(round_)},
    )


def _theme_page(
    request: HttpRequest, actor: User, round_: WtfcRound, theme: Theme | None
) -> HttpResponse:
    view = selectors.round_view(round_)
    by_id = {str(entry.point.public_id): entry.point for entry in view.all_points}
    if request.method == "POST" and theme is not None and "remove" in request.POST:
        services.remove_theme(actor=actor, theme=theme)
        messages.success(request, _("The theme has been removed; its points are ungrouped."))
        return _to_round(request, round_)
    if request.method == "POST":
        form = ThemeForm(request.POST, points=view.all_points)
        if form.is_valid():
            chosen = [by_id[i] for i in form.cleaned_data["points"]]

            def write() -> object:
                if theme is None:
                    return services.add_theme(
                        actor=actor, round_=round_, points=chosen, **form.values()
                    )
                return services.update_theme(
                    actor=actor, theme=theme, points=chosen, **form.values()
                )

            if save(form, write):
                messages.success(request, _("The theme has been saved."))
                return _to_round(request, round_)
    elif theme is not None:
        form = ThemeForm(
            points=view.all_points,
            initial={
                "title": theme.title,
                "kind": theme.kind,
                "i_statement": theme.i_statement,
                "root_causes": theme.root_causes,
                "success_measures": theme.success_measures,
                "points": [str(p.public_id) for p in theme.points.all()],
            },
        )
    else:
        form = ThemeForm(points=view.all_points, initial={"kind": request.GET.get("kind", "")})
    return render(
        request,
        "outcomes/wtfc/theme_form.html",
        {"org": org_slug(request), "form": form, "round": round_, "theme": theme},
        status=400 if form.is_bound and form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@organisation_view
def wtfc_theme_new(request: HttpRequest, round_id: uuid.UUID) -> HttpResponse:
    actor = _reader(request)
    return _theme_page(request, actor, _round(actor, round_id, "outcomes.wtfc.theme"), None)


@require_http_methods(["GET", "POST"])
@organisation_view
def wtfc_theme_edit(request: HttpRequest, round_id: uuid.UUID, theme_id: uuid.UUID) -> HttpResponse:
    actor = _reader(request)
    round_ = _round(actor, round_id, "outcomes.wtfc.theme")
    return _theme_page(request, actor, round_, selectors.theme_of(round_, theme_id))


@require_GET
@organisation_view
def wtfc_summary(request: HttpRequest, round_id: uuid.UUID) -> HttpResponse:
    """A printable summary of the round: its themes and the points not yet grouped."""
    actor = _reader(request)
    round_ = _round(actor, round_id, "outcomes.wtfc.summary")
    return render(
        request,
        "outcomes/wtfc/summary.html",
        {"org": org_slug(request), "view": selectors.round_view(round_)},
    )


@require_GET
@organisation_view
def wtfc_csv(request: HttpRequest, round_id: uuid.UUID) -> HttpResponse:
    actor = _reader(request)
    round_ = _round(actor, round_id, "outcomes.wtfc.csv")
    rows = selectors.csv_rows(selectors.round_view(round_))
    return _csv(f"working-together-{round_.starts_on.isoformat()}.csv", rows)
