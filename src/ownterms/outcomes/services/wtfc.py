"""Working together for change: a round over the reviews held in a period, and its themes.

A round collects, from every review held in its period, the points chosen as the top two
working, top two not working and the hopes for the future (``ReviewPoint.top_two``). Themes
group some of those points and say what the organisation will change. Audited as changes to
the organisation (no one person).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ownterms.accounts.models import User
from ownterms.audit.services import field_changes, record_change, snapshot
from ownterms.core.models import Organisation
from ownterms.outcomes.models import ReviewPoint, Theme, WtfcRound
from ownterms.outcomes.selectors.wtfc import round_points

ROUND_FIELDS = ("name", "starts_on", "ends_on", "held_on")
THEME_FIELDS = ("title", "kind", "i_statement", "root_causes", "success_measures")
#: The longest period a round may cover.
MAX_PERIOD = dt.timedelta(days=2 * 366)


def _check_round(
    name: str, starts_on: dt.date | None, ends_on: dt.date | None, held_on: dt.date | None
) -> dict[str, Any]:
    errors: dict[str, str] = {}
    name = " ".join((name or "").split())
    if not name:
        errors["name"] = _("Give the round a name, for example “Spring 2026”.")
    elif len(name) > 150:
        errors["name"] = _("Keep the name under 150 characters.")
    if starts_on is None:
        errors["starts_on"] = _("Enter the first day of the period.")
    if ends_on is None:
        errors["ends_on"] = _("Enter the day after the period ends.")
    if starts_on and ends_on:
        if ends_on <= starts_on:
            errors["ends_on"] = _("The period must end after it starts.")
        elif ends_on - starts_on > MAX_PERIOD:
            errors["ends_on"] = _("A round covers at most two years.")
    if held_on is not None and held_on > timezone.localdate() + dt.timedelta(days=366):
        errors["held_on"] = _("The workshop date must be within the next year.")
    if errors:
        raise ValidationError(errors)
    return {"name": name, "starts_on": starts_on, "ends_on": ends_on, "held_on": held_on}


@transaction.atomic
def create_round(
    *,
    actor: User,
    organisation: Organisation,
    name: str,
    starts_on: dt.date | None,
    ends_on: dt.date | None,
    held_on: dt.date | None = None,
) -> WtfcRound:
    if actor.organisation_id != organisation.pk:
        raise ValidationError(_("These records belong to different organisations."))
    fields = _check_round(name, starts_on, ends_on, held_on)
    round_ = WtfcRound(organisation=organisation, created_by=actor, **fields)
    round_.full_clean()
    round_.save()
    record_change(
        actor=actor,
        organisation=organisation,
        action="wtfc.round.create",
        obj=round_,
        person=None,
        changes=field_changes(None, round_, fields=ROUND_FIELDS),
    )
    return round_


def _check_theme(
    round_: WtfcRound, values: dict[str, Any], points: Sequence[ReviewPoint]
) -> dict[str, Any]:
    errors: dict[str, str] = {}
    cleaned = {name: (values.get(name) or "").strip() for name in THEME_FIELDS}
    cleaned["title"] = " ".join(cleaned["title"].split())
    if not cleaned["title"]:
        errors["title"] = _("Give the theme a short title.")
    elif len(cleaned["title"]) > 150:
        errors["title"] = _("Keep the title under 150 characters.")
    if cleaned["kind"] not in ReviewPoint.Kind.values:
        errors["kind"] = _("Choose working, not working or hopes for the future.")
    if not cleaned["i_statement"]:
        errors["i_statement"] = _(
            "Write the “I statement”, in the words of the people it is "
            "about, for example “I want to know who is coming”."
        )
    elif len(cleaned["i_statement"]) > 500:
        errors["i_statement"] = _("Keep the I statement under 500 characters.")
    for name in ("root_causes", "success_measures"):
        if len(cleaned[name]) > 4000:
            errors[name] = _("Keep this under 4,000 characters.")
    eligible = {point.pk: point for point in round_points(round_)}
    if any(point.pk not in eligible for point in points):
        errors["points"] = _("Choose from the points collected in this round.")
    elif "kind" not in errors and any(point.kind != cleaned["kind"] for point in points):
        errors["points"] = _("Choose points of the theme's kind only.")
    if errors:
        raise ValidationError(errors)
    return cleaned


def _point_ids(points: Sequence[ReviewPoint]) -> list[str]:
    return sorted(str(point.public_id) for point in points)


@transaction.atomic
def add_theme(
    *,
    actor: User,
    round_: WtfcRound,
    points: Sequence[ReviewPoint] = (),
    **values: Any,
) -> Theme:
    """Adds a theme (title, kind, I statement, root causes, success measures) grouping some
    of the round's ``points`` (all of the theme's kind)."""
    if actor.organisation_id != round_.organisation_id:
        raise ValidationError(_("These records belong to different organisations."))
    locked = WtfcRound.objects.select_for_update().get(pk=round_.pk)
    cleaned = _check_theme(locked, values, points)
    theme = Theme(round=locked, order=locked.themes.count(), **cleaned)
    theme.full_clean()
    theme.save()
    theme.points.set(points)
    record_change(
        actor=actor,
        organisation=locked.organisation,
        action="wtfc.theme.add",
        obj=theme,
        person=None,
        changes={
            **field_changes(None, theme, fields=THEME_FIELDS),
            "points": {"new": _point_ids(points)},
            "round": {"new": str(locked.public_id)},
        },
    )
    return theme


@transaction.atomic
def update_theme(
    *, actor: User, theme: Theme, points: Sequence[ReviewPoint], **values: Any
) -> Theme:
    locked = (
        Theme.objects.select_for_update().select_related("round__organisation").get(pk=theme.pk)
    )
    if actor.organisation_id != locked.round.organisation_id:
        raise ValidationError(_("These records belong to different organisations."))
    cleaned = _check_theme(locked.round, values, points)
    old = snapshot(locked, THEME_FIELDS)
    old_points = _point_ids(list(locked.points.all()))
    for name, value in cleaned.items():
        setattr(locked, name, value)
    diff = field_changes(old, locked, fields=THEME_FIELDS)
    if _point_ids(points) != old_points:
        diff["points"] = {"old": old_points, "new": _point_ids(points)}
    if not diff:
        return locked
    locked.full_clean()
    locked.save()
    locked.points.set(points)
    record_change(
        actor=actor,
        organisation=locked.round.organisation,
        action="wtfc.theme.update",
        obj=locked,
        person=None,
        changes=diff,
    )
    return locked


@transaction.atomic
def remove_theme(*, actor: User, theme: Theme) -> None:
    """Removes a theme; its points go back to the ungrouped ones."""
    locked = (
        Theme.objects.select_for_update().select_related("round__organisation").get(pk=theme.pk)
    )
    if actor.organisation_id != locked.round.organisation_id:
        raise ValidationError(_("These records belong to different organisations."))
    record_change(
        actor=actor,
        organisation=locked.round.organisation,
        action="wtfc.theme.remove",
        obj=locked,
        person=None,
        changes={
            **field_changes(locked, None, fields=THEME_FIELDS),
            "points": {"old": _point_ids(list(locked.points.all()))},
        },
    )
    locked.delete()
