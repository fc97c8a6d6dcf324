"""Import pages: upload → preview of every row → confirm. For administrators only."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ownterms.accounts.models import Role, User
from ownterms.core.scoping import org_slug, organisation_view
from ownterms.imports.files import (
    MAX_FILE_BYTES,
    MAX_ROWS,
    FileProblemError,
    format_of,
    template_csv,
    template_xlsx,
)
from ownterms.imports.forms import KINDS, UploadForm
from ownterms.imports.selectors import pending_import_of
from ownterms.imports.services import confirm_import, run_import, store_upload
from ownterms.people.selectors import roles_of
from ownterms.people.views import actor_of

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _administrator(request: HttpRequest) -> User:
    user = actor_of(request)
    if Role.ADMINISTRATOR not in roles_of(user):
        raise PermissionDenied
    return user


@require_http_methods(["GET", "POST"])
@organisation_view
def import_start(request: HttpRequest) -> HttpResponse:
    actor = _administrator(request)
    org = org_slug(request)
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    if form.is_bound and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            format_of(upload.name or "")
            if upload.size is not None and upload.size > MAX_FILE_BYTES:
                raise FileProblemError(
                    _("The file is larger than %(limit)s MB; split it into smaller files.")
                    % {"limit": MAX_FILE_BYTES // (1024 * 1024)}
                )
        except FileProblemError as error:
            form.add_error("file", str(error))
        else:
            pending = store_upload(
                actor=actor,
                kind=form.cleaned_data["kind"],
                file_name=upload.name or "upload",
                content=upload.read(),
            )
            return redirect("imports:preview", org=org, import_id=pending.public_id)
    return render(
        request,
        "imports/start.html",
        {
            "form": form,
            "kinds": KINDS.values(),
            "org": org,
            "max_rows": f"{MAX_ROWS:,}",
            "max_megabytes": MAX_FILE_BYTES // (1024 * 1024),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@organisation_view
def import_preview(request: HttpRequest, import_id: uuid.UUID) -> HttpResponse:
    actor = _administrator(request)
    org = org_slug(request)
    pending = pending_import_of(actor, import_id)
    if request.method == "POST":
        result = confirm_import(
            actor=actor, pending=pending, expected_digest=request.POST.get("digest", "")
        )
        if result.committed:
            counts = result.counts
            messages.success(
                request,
                _("Imported %(file)s: %(create)s added, %(update)s changed, %(skip)s unchanged.")
                % {"file": result.file_name, **counts},
            )
            return redirect("imports:start", org=org)
    else:
        result = run_import(
            actor=actor,
            kind=pending.kind,
            file_name=pending.file_name,
            content=bytes(pending.content),
        )
    return render(
        request,
        "imports/preview.html",
        {"result": result, "pending": pending, "org": org, "confirmed": request.method == "POST"},
        status=409 if request.method == "POST" else 200,
    )


@require_GET
@organisation_view
def import_template(request: HttpRequest, kind: str, file_format: str) -> HttpResponse:
    _administrator(request)
    import_kind = KINDS.get(kind)
    if import_kind is None or file_format not in CONTENT_TYPES:
        raise Http404
    content = template_csv(import_kind) if file_format == "csv" else template_xlsx(import_kind)
    response = HttpResponse(content, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="{kind}-template.{file_format}"'
    return response
