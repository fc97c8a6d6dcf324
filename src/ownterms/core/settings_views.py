"""The administrator's organisation settings pages: what applies now, what is scheduled,
what applied before, and a form to schedule a change."""

from __future__ import annotations

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ownterms.core import selectors, services, setting_keys
from ownterms.core.forms import SettingChangeForm
from ownterms.core.models import Organisation

PERMISSION = "core.manage_organisation_settings"


def _organisation_of_administrator(request: HttpRequest) -> Organisation:
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    organisation_id = getattr(request.user, "organisation_id", None)
    if organisation_id is None:
        raise PermissionDenied
    return Organisation.objects.get(pk=organisation_id)


@login_required
def settings_list(request: HttpRequest) -> HttpResponse:
    organisation = _organisation_of_administrator(request)
    overview = selectors.settings_overview(organisation)
    groups = [
        (setting_keys.GROUP_LABELS[group], list(items))
        for group, items in groupby(overview, key=lambda item: item.known.group)
    ]
    history = sorted(
        ((item.known, row) for item in overview for row in item.history),
        key=lambda pair: (pair[1].created_at, pair[1].pk),
        reverse=True,
    )
    return render(
        request,
        "core/settings/list.html",
        {
            "organisation": organisation,
            "groups": groups,
            "history": history,
            "today": selectors.today_for(organisation),
        },
    )


@login_required
def setting_change(request: HttpRequest, key: str) -> HttpResponse:
    organisation = _organisation_of_administrator(request)
    try:
        known = setting_keys.get(key)
    except setting_keys.UnknownSettingError:
        raise Http404 from None
    form = SettingChangeForm(
        request.POST if request.method == "POST" else None,
        known=known,
        organisation=organisation,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.change_setting(
                actor=request.user,  # type: ignore[arg-type]
                organisation=organisation,
                key=known.key,
                value=form.cleaned_data["value"],
                effective_from=form.cleaned_data["effective_from"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("%(setting)s will be %(value)s from %(date)s.")
                % {
                    "setting": known.label,
                    "value": setting_keys.display(known, form.cleaned_data["value"]),
                    "date": date_format(form.cleaned_data["effective_from"], "j F Y"),
                },
            )
            return redirect("core:settings")
    return render(
        request,
        "core/settings/change.html",
        {
            "organisation": organisation,
            "item": selectors.setting_overview(organisation, known.key),
            "form": form,
        },
        status=400 if form.is_bound and form.errors else 200,
    )
