from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ownterms.core.home import home_sections
from ownterms.core.models import Organisation
from ownterms.core.scoping import organisation_view


def _render_home(request: HttpRequest) -> HttpResponse:
    organisation_id: int | None = getattr(request.user, "organisation_id", None)
    organisation = Organisation.objects.filter(pk=organisation_id or 0).first()
    if organisation is None:
        raise Http404
    return render(
        request,
        "core/home.html",
        {
            "organisation": organisation,
            "sections": home_sections(request, organisation.slug),
        },
    )


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The signed-in user's organisation home (also at ``/o/<org>/``)."""
    return _render_home(request)


@require_GET
@organisation_view
def organisation_home(request: HttpRequest) -> HttpResponse:
    return _render_home(request)
