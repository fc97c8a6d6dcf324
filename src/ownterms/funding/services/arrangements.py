"""Writes to a person's funding records: arrangements (with their contract terms), sources and
rates. Each write validates everything first, saves nothing when any of it is wrong, and audits
inside its transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ownterms.accounts.models import User
from ownterms.audit.services import create_audited, field_changes, record_change, snapshot
from ownterms.funding.models import (
    BankedCapKind,
    FeeKind,
    FundingArrangement,
    FundingSource,
    Rate,
)
from ownterms.funding.selectors.arrangements import day_text, period_text
from ownterms.lib.money import pounds
from ownterms.lib.versions import changed_since
from ownterms.people.models import Person
from ownterms.people.services import EditConflictError

ARRANGEMENT_FIELDS = (
    "kind",
    "reference",
    "starts_on",
    "review_on",
    "ends_on",
    "paid_every_weeks",
    "paid_in_advance",
    "surplus_cap_hundredths",
    "surplus_max_weeks",
    "banked_cap_kind",
    "banked_cap_hundredths",
    "banked_expiry_months",
    "notice_days",
    "management_fee_kind",
    "management_fee_value",
    "changes_need_funder_approval",
    "notes",
)
SOURCE_FIELDS = ("funder_kind", "funder_name", "reference", "weekly_pence", "starts_on", "ends_on")
RATE_FIELDS = ("kind", "pence", "starts_on", "ends_on")

#: A percentage fee is in basis points: at most 100 %.
MAX_FEE_BASIS_POINTS = 10_000
CAP_FIELDS = {
    "surplus_cap_hundredths": gettext_lazy(
        "A surplus cap can't be zero: leave it empty for no cap."
    ),
    "surplus_max_weeks": gettext_lazy("The longest a surplus may be held can't be zero weeks."),
    "banked_cap_hundredths": gettext_lazy(
        "A banked hours cap can't be zero: leave it empty for no cap."
    ),
    "banked_expiry_months": gettext_lazy("Banked hours can't expire after zero months."),
}


def _check_period(starts_on: dt.date, ends_on: dt.date | None) -> None:
    if ends_on is not None and ends_on <= starts_on:
        raise ValidationError({"ends_on": _("The end date must be after the start date.")})


def _check_terms(row: FundingArrangement) -> None:
    errors: dict[str, list[str]] = {}
    for name, message in CAP_FIELDS.items():
        if getattr(row, name) == 0:
            errors[name] = [str(message)]
    if row.ends_on is not None and row.ends_on <= row.starts_on:
        errors["ends_on"] = [_("The end date must be after the start date.")]
    if row.review_on < row.starts_on:
        errors["review_on"] = [_("The review date must be on or after the start date.")]
    if not 1 <= row.paid_every_weeks <= 52:
        errors["paid_every_weeks"] = [_("Enter a number of weeks from 1 to 52.")]
    fee = row.management_fee_value
    if row.management_fee_kind == FeeKind.NONE and fee:
        errors["management_fee_value"] = [_("There is no management fee: leave the amount at 0.")]
    if row.management_fee_kind == FeeKind.PERCENT and not 0 < fee <= MAX_FEE_BASIS_POINTS:
        errors["management_fee_value"] = [_("Enter a percentage above 0 and at most 100.")]
    if row.management_fee_kind == FeeKind.FIXED_WEEKLY and fee <= 0:
        errors["management_fee_value"] = [_("Enter a weekly fee above £0.")]
    if (
        row.banked_cap_kind == BankedCapKind.PERCENT_OF_YEAR
        and (row.banked_cap_hundredths or 0) > MAX_FEE_BASIS_POINTS
    ):
        errors["banked_cap_hundredths"] = [_("A percentage of the year can be at most 100.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_arrangement(
    *, actor: User, person: Person, basis: str = "", **fields: Any
) -> FundingArrangement:
    unknown = set(fields) - set(ARRANGEMENT_FIELDS)
    if unknown:
        raise ValueError(f"not an arrangement field: {sorted(unknown)}")
    row = FundingArrangement(
        organisation_id=person.organisation_id, person=person, created_by=actor, **fields
    )
    _check_terms(row)
    return create_audited(
        actor=actor,
        organisation=person.organisation,
        action="funding.arrangement.create",
        obj=row,
        person=person,
        fields=ARRANGEMENT_FIELDS,
        basis=basis,
    )


@transaction.atomic
def update_arrangement(
    *,
    actor: User,
    arrangement: FundingArrangement,
    expected_updated_at: dt.datetime | None = None,
    basis: str = "",
    **changes: Any,
) -> FundingArrangement:
    """Changes the terms; ``expected_updated_at`` (the version the editor saw) refuses
    overwriting someone else's change with ``EditConflictError``."""
    unknown = set(changes) - set(ARRANGEMENT_FIELDS)
    if unknown:
        raise ValueError(f"not an arrangement field: {sorted(unknown)}")
    locked = (
        FundingArrangement.objects.select_for_update(of=("self",))
        .select_related("person__organisation")
        .get(pk=arrangement.pk)
    )
    if changed_since(locked.updated_at, expected_updated_at):
        raise EditConflictError
    old = snapshot(locked, ARRANGEMENT_FIELDS)
    for name, value in changes.items():
        setattr(locked, name, value)
    _check_terms(locked)
    _check_rows_inside(locked)
    locked.full_clean()
    diff = field_changes(old, locked, fields=ARRANGEMENT_FIELDS)
    if not diff:
        return locked
    locked.save()
    record_change(
        actor=actor,
        organisation=locked.person.organisation,
        action="funding.arrangement.update",
        obj=locked,
        person=locked.person,
        changes=diff,
        basis=basis,
    )
    return locked


def _check_rows_inside(row: FundingArrangement) -> None:
    """Moving the arrangement's start later than a source or rate would orphan it."""
    earliest = [
        day
        for day in (
            row.sources.order_by("starts_on").values_list("starts_on", flat=True).first(),
            row.rates.order_by("starts_on").values_list("starts_on", flat=True).first(),
        )
        if day is not None
    ]
    if earliest and min(earliest) < row.starts_on:
        raise ValidationError(
            {
                "starts_on": _(
                    "A funder or rate starts on %(day)s, before this date: change that first."
                )
                % {"day": day_text(min(earliest))}
            }
        )


def _check_inside(row: FundingArrangement, starts_on: dt.date) -> None:
    if starts_on < row.starts_on or (row.ends_on is not None and starts_on >= row.ends_on):
        raise ValidationError(
            {
                "starts_on": _("Choose a date within the arrangement (%(period)s).")
                % {"period": period_text(row.starts_on, row.ends_on)}
            }
        )


# Sources -------------------------------------------------------------------------------------


@transaction.atomic
def add_source(
    *,
    actor: User,
    arrangement: FundingArrangement,
    funder_kind: str,
    funder_name: str,
    weekly_pence: int,
    starts_on: dt.date,
    ends_on: dt.date | None = None,
    reference: str = "",
    basis: str = "",
) -> FundingSource:
    """A funder paying ``weekly_pence`` a week into the arrangement (several at once pool)."""
    if weekly_pence < 0:
        raise ValidationError({"weekly_pence": _("Enter an amount of £0 or more.")})
    _check_period(starts_on, ends_on)
    _check_inside(arrangement, starts_on)
    row = FundingSource(
        organisation_id=arrangement.organisation_id,
        arrangement=arrangement,
        funder_kind=funder_kind,
        funder_name=funder_name.strip(),
        reference=reference.strip(),
        weekly_pence=weekly_pence,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    return create_audited(
        actor=actor,
        organisation=arrangement.person.organisation,
        action="funding.source.create",
        obj=row,
        person=arrangement.person,
        fields=SOURCE_FIELDS,
        basis=basis,
    )


@transaction.atomic
def end_source(
    *, actor: User, source: FundingSource, ends_on: dt.date, basis: str = ""
) -> FundingSource:
    """The source pays until ``ends_on`` (not included)."""
    _check_period(source.starts_on, ends_on)
    return _set_end(actor, source, ends_on, "funding.source.end", basis)


_Dated = TypeVar("_Dated", FundingSource, Rate)


def _set_end(actor: User, row: _Dated, ends_on: dt.date, action: str, basis: str) -> _Dated:
    old = snapshot(row, ["ends_on"])
    row.ends_on = ends_on
    row.full_clean()
    row.save(update_fields=["ends_on"])
    person = row.arrangement.person
    record_change(
        actor=actor,
        organisation=person.organisation,
        action=action,
        obj=row,
        person=person,
        changes=field_changes(old, row, fields=["ends_on"]),
        basis=basis,
    )
    return row


# Rates ---------------------------------------------------------------------------------------


def clashing_rate(
    arrangement: FundingArrangement,
    kind: str,
    starts_on: dt.date,
    ends_on: dt.date | None,
    *,
    exclude: Rate | None = None,
) -> Rate | None:
    """The first rate of ``kind`` whose period overlaps ``starts_on``..``ends_on``."""
    rates = Rate.objects.filter(arrangement=arrangement, kind=kind).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gt=starts_on)
    )
    if ends_on is not None:
        rates = rates.filter(starts_on__lt=ends_on)
    if exclude is not None:
        rates = rates.exclude(pk=exclude.pk)
    return rates.order_by("starts_on").first()


@transaction.atomic
def add_rate(
    *,
    actor: User,
    arrangement: FundingArrangement,
    kind: str,
    pence: int,
    starts_on: dt.date,
    ends_on: dt.date | None = None,
    basis: str = "",
) -> Rate:
    """A rate for ``kind`` over a period. A new rate starting after the current open-ended
    one is a change of rate: the current one ends the day the new one starts. Any other
    overlap is refused, naming the period it clashes with."""
    if pence < 0:
        raise ValidationError({"pence": _("Enter an amount of £0 or more.")})
    _check_period(starts_on, ends_on)
    _check_inside(arrangement, starts_on)
    locked = FundingArrangement.objects.select_for_update(of=("self",)).get(pk=arrangement.pk)
    clash = clashing_rate(locked, kind, starts_on, ends_on)
    if (
        clash is not None
        and clash.ends_on is None
        and clash.starts_on < starts_on
        and clashing_rate(locked, kind, starts_on, ends_on, exclude=clash) is None
    ):
        _set_end(actor, clash, starts_on, "funding.rate.end", basis)
        clash = None
    if clash is not None:
        raise ValidationError({"starts_on": _clash_message(clash)})
    row = Rate(
        organisation_id=arrangement.organisation_id,
        arrangement=arrangement,
        kind=kind,
        pence=pence,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    return create_audited(
        actor=actor,
        organisation=arrangement.person.organisation,
        action="funding.rate.create",
        obj=row,
        person=arrangement.person,
        fields=RATE_FIELDS,
        basis=basis,
    )


def _clash_message(clash: Rate) -> str:
    return _(
        "This overlaps the %(kind)s rate of %(rate)s %(period)s. "
        "End that rate first, or choose other dates."
    ) % {
        "kind": clash.get_kind_display().lower(),
        "rate": pounds(clash.pence),
        "period": period_text(clash.starts_on, clash.ends_on),
    }


@transaction.atomic
def end_rate(*, actor: User, rate: Rate, ends_on: dt.date, basis: str = "") -> Rate:
    """The rate applies until ``ends_on`` (not included); a later end must not reach the next
    rate of its kind."""
    _check_period(rate.starts_on, ends_on)
    clash = clashing_rate(rate.arrangement, rate.kind, rate.starts_on, ends_on, exclude=rate)
    if clash is not None:
        raise ValidationError({"ends_on": _clash_message(clash)})
    return _set_end(actor, rate, ends_on, "funding.rate.end", basis)
