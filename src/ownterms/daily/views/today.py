"""The today board (live with htmx polling) and the trends pages.

The board's body is rendered by the same view for the page and for each poll (``HX-Request``):
a poll whose body is unchanged answers 204 (htmx swaps nothing, so focus and reading place
are kept); a changed body is swapped and a visually hidden polite live region says what
changed ("2 incidents now, 1 more than before"). The poll URL carries the fingerprint and the
counts it last showed, so the server keeps no state.
"""

from __future__ import annotations

import hashlib
import uuid
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from ownterms.core.scoping import org_slug, organisation_view
from ownterms.core.selectors import zone_of
from ownterms.daily.access import access_person_daily
from ownterms.daily.selectors.today import Board, Counts, board, board_scope
from ownterms.daily.selectors.trends import trends
from ownterms.people.models import ConsentCategory
from ownterms.people.record_tabs import record_header
from ownterms.people.selectors import people_visible_to
from ownterms.people.views import actor_of

TAB = "daily"
POLL_SECONDS = 30

#: What the live summary names when a count changes, in board order.
CHANGE_WORDS = {
    "gaps": gettext_lazy("places not covered"),
    "sick": gettext_lazy("workers off sick"),
    "incidents": gettext_lazy("incidents"),
    "practices": gettext_lazy("restrictive practices"),
    "seizures": gettext_lazy("seizures"),
    "missed_doses": gettext_lazy("missed doses"),
    "late_doses": gettext_lazy("late doses"),
    "training": gettext_lazy("training warnings"),
    "follow_ups": gettext_lazy("open follow-ups"),
}
COUNT_FIELDS = tuple(Counts.__dataclass_fields__)


def encode_counts(counts: Counts) -> str:
    return ".".join(str(getattr(counts, name)) for name in COUNT_FIELDS)


def decode_counts(text: str) -> dict[str, int] | None:
    """The counts a poll last showed; None when missing or not what we wrote."""
    parts = text.split(".") if text else []
    if len(parts) != len(COUNT_FIELDS) or not all(p.isdigit() and len(p) < 7 for p in parts):
        return None
    return dict(zip(COUNT_FIELDS, (int(p) for p in parts), strict=True))


def describe_changes(before: dict[str, int] | None, after: Counts) -> str:
    """A short sentence of what changed, for the live region ("" when nothing we name did)."""
    if before is None:
        return ""
    said = []
    for name, words in CHANGE_WORDS.items():
        old, new = before.get(name, 0), getattr(after, name)
        if old != new:
            said.append(
                _("%(words)s: %(new)s (was %(old)s)") % {"words": words, "new": new, "old": old}
            )
    return "; ".join(said)


def _board_body(request: HttpRequest, found: Board, org: str) -> str:
    return render_to_string(
        "daily/today/_board.html",
        {"board": found, "org": org, "counts": found.counts, "zone": zone_of(found.organisation)},
        request=request,
    )


@require_GET
@organisation_view
def today(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    now = timezone.now()
    scope = board_scope(actor, actor.organisation, now)
    if scope is None:
        raise Http404
    org = org_slug(request)
    found = board(scope, now)
    body = _board_body(request, found, org)
    version = hashlib.sha256(body.encode()).hexdigest()[:16]
    counts = found.counts
    poll = (
        reverse("daily:today", kwargs={"org": org})
        + "?"
        + urlencode({"v": version, "seen": encode_counts(counts)})
    )
    local_now = timezone.localtime(now, zone_of(scope.organisation))
    context = {
        "board": found,
        "org": org,
        "body": body,
        "poll": poll,
        "poll_every": POLL_SECONDS,
        "counts": counts,
        "checked_at": time_format(local_now, "H:i"),
    }
    if request.headers.get("HX-Request"):
        if request.GET.get("v") == version:
            return HttpResponse(status=204)
        context["changes"] = describe_changes(decode_counts(request.GET.get("seen", "")), counts)
        return render(request, "daily/today/_poll.html", context)
    return render(request, "daily/today/board.html", context)


@require_GET
@organisation_view
def trends_page(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    people = people_visible_to(actor, ConsentCategory.DAILY)
    count = people.count()
    if not count:
        raise Http404
    organisation = actor.organisation
    zone = zone_of(organisation)
    found = trends(people.values("pk"), timezone.localdate(timezone=zone), zone)
    return render(
        request,
        "daily/today/trends.html",
        {"org": org_slug(request), "trends": found, "people_count": count},
    )


@require_GET
@organisation_view
def person_trends(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    access = access_person_daily(actor, person_id, page="daily.trends")
    zone = zone_of(actor.organisation)
    found = trends([access.person.pk], timezone.localdate(timezone=zone), zone)
    return render(
        request,
        "daily/today/person_trends.html",
        {**record_header(actor, access, org_slug(request), current=TAB), "trends": found},
    )
