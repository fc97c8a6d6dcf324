from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from ownterms.core.home import home_sections
from ownterms.core.models import Organisation
from ownterms.core.scoping import organisation_view


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Sends a signed-in user to their organisation's home."""
    organisation_id: int | None = getattr(request.user, "organisation_id", None)
    organisation = Organisation.objects.filter(pk=organisation_id or 0).first()
    if organisation is None:
        raise Http404
    return redirect("core:organisation_home", org=organisation.slug)


@require_GET
@organisation_view
def organisation_home(request: HttpRequest) -> HttpResponse:
    organisation_id: int = getattr(request.user, "organisation_id", 0)
    organisation = Organisation.objects.get(pk=organisation_id)
    return render(
        request,
        "core/home.html",
        {
            "organisation": organisation,
            "sections": home_sections(request, organisation.slug),
        },
    )
