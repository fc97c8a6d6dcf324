"""Checks on dates shared by services."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def check_end_not_before_start(starts_on: dt.date, ends_on: dt.date | None) -> None:
    """An open end (``None``) or one on or after the start; else an error on ``ends_on``."""
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": _("The end date must be on or after the start date.")})


def monday_of(day: dt.date) -> dt.date:
    """The Monday of ``day``'s week (weeks run Monday to Sunday)."""
    return day - dt.timedelta(days=day.weekday())
