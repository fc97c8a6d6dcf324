"""The regulator's evidence pack (administrators and managers): the page, its PDF and a CSV of
every table. Anonymised counts only, so viewing it records no access to anyone's record."""

from __future__ import annotations

import csv
import io

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from ownterms.core.scoping import org_slug, organisation_view
from ownterms.core.selectors import zone_of
from ownterms.outcomes.access import require_report_reader
from ownterms.outcomes.forms.evidence import EvidencePeriodForm, default_period
from ownterms.outcomes.selectors.evidence import Pack, Table, evidence_pack
from ownterms.people.views import actor_of
from ownterms.rota.pdf import render_pdf

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _safe(cell: object) -> object:
    """A cell a spreadsheet will not run as a formula (numbers stay numbers)."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return f"'{cell}"
    return cell


def _pack(request: HttpRequest) -> tuple[EvidencePeriodForm, Pack | None]:
    actor = actor_of(request)
    require_report_reader(actor)
    today = timezone.localtime(timezone.now(), zone_of(actor.organisation)).date()
    first, last = default_period(today)
    asked = any(key.startswith(("starts_on", "ends_on")) for key in request.GET)
    data = request.GET if asked else None
    form = EvidencePeriodForm(data, today=today, initial={"starts_on": first, "ends_on": last})
    if form.is_bound:
        if not form.is_valid():
            return form, None
        first, last = form.cleaned_data["starts_on"], form.cleaned_data["ends_on"]
    return form, evidence_pack(actor.organisation, first, last)


def _query(request: HttpRequest) -> str:
    """The period asked for, to carry to the PDF and CSV links."""
    query = request.GET.copy()
    query.pop("table", None)
    return query.urlencode()


def _page(request: HttpRequest, form: EvidencePeriodForm, pack: Pack | None) -> HttpResponse:
    return render(
        request,
        "outcomes/reports/evidence.html",
        {"org": org_slug(request), "form": form, "pack": pack, "query": _query(request)},
        status=400 if pack is None else 200,
    )


@require_GET
@organisation_view
def evidence(request: HttpRequest) -> HttpResponse:
    return _page(request, *_pack(request))


@require_GET
@organisation_view
def evidence_pdf(request: HttpRequest) -> HttpResponseBase:
    form, pack = _pack(request)
    if pack is None:
        return _page(request, form, pack)
    content = render_pdf(
        "outcomes/reports/evidence_pdf.html",
        {"pack": pack, "base_url": settings.OWNTERMS_BASE_URL.rstrip("/")},
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{_stem(pack)}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


def _stem(pack: Pack) -> str:
    return f"evidence-pack-{pack.starts_on.isoformat()}-to-{pack.ends_on.isoformat()}"


@require_GET
@organisation_view
def evidence_csv(request: HttpRequest) -> HttpResponseBase:
    try:
        key = Table(request.GET.get("table", Table.SUMMARY))
    except ValueError:
        raise Http404 from None
    form, pack = _pack(request)
    if pack is None:
        return _page(request, form, pack)
    rows = pack.table(key)
    buffer = io.StringIO()
    buffer.write("\ufeff")  # Excel reads UTF-8 with the byte-order mark
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(rows.header)
    writer.writerows([_safe(cell) for cell in row] for row in rows.rows)
    response = HttpResponse(
        buffer.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{_stem(pack)}-{key.value}.csv"'
    return response
