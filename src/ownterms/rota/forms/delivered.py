"""Forms for delivered support: confirming a shift as worked (times typed as on a phone, like
"07:45"), the pay period of the payroll page and the week of the delivered-hours page."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ownterms.leave.forms import DateField, parse_clock
from ownterms.rota.models import Shift, ShiftKind
from ownterms.rota.services.delivery import MAX_NOTE, MAX_REASON, DisturbanceInput, check_pay_period
from ownterms.staff.models import StaffMember

#: Empty rows offered for disturbances beyond those already recorded.
SPARE_DISTURBANCE_ROWS = 2
#: The hidden "seen" value of a form opened when the shift had no confirmation.
NEW = "new"


def _london() -> ZoneInfo:
    return ZoneInfo(timezone.get_current_timezone_name())


def _candidates(day: dt.date, minute: int) -> list[dt.datetime]:
    """Every real instant showing ``minute`` on the wall clock from the day before ``day`` to
    two days after (both occurrences of a time that happens twice; none for a skipped one)."""
    zone = _london()
    found: list[dt.datetime] = []
    for offset in (-1, 0, 1, 2):
        date = day + dt.timedelta(days=offset)
        for fold in (0, 1):
            wall = dt.datetime(
                date.year, date.month, date.day, minute // 60, minute % 60, fold=fold, tzinfo=zone
            )
            real = wall.astimezone(dt.UTC)
            back = real.astimezone(zone)
            if (back.hour, back.minute, back.date()) == (wall.hour, wall.minute, date):
                found.append(real)
    return sorted(set(found))


def nearest(day: dt.date, minute: int, anchor: dt.datetime) -> dt.datetime:
    """The instant showing ``minute`` on the clock that is nearest to ``anchor``."""
    return min(_candidates(day, minute), key=lambda when: abs(when - anchor))


def within(day: dt.date, minute: int, start: dt.datetime, end: dt.datetime) -> dt.datetime | None:
    """The first instant showing ``minute`` on the clock between ``start`` and ``end``."""
    for when in _candidates(day, minute):
        if start <= when <= end:
            return when
    return None


def clock_of(when: dt.datetime) -> str:
    return f"{timezone.localtime(when):%H:%M}"


def _time_field(label: Any, *, required: bool = True, hint: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=hint,
        required=required,
        max_length=5,
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-5", "inputmode": "numeric", "autocomplete": "off"}
        ),
        error_messages={"required": gettext_lazy("Enter a time, like 09:00.")},
    )


class ConfirmWorkedForm(forms.Form):
    """Actual start and end (times on the clock, read as the occurrence nearest the planned
    times), a note, and for a sleep-in rows of disturbances."""

    def __init__(
        self,
        *args: Any,
        shift: Shift,
        workers: list[StaffMember],
        disturbance_rows: int = 0,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.shift = shift
        self.workers = {str(m.public_id): m for m in workers}
        if len(workers) > 1:
            self.fields["worker"] = forms.ChoiceField(
                label=gettext_lazy("Who worked it"),
                choices=[(str(m.public_id), m.name) for m in workers],
                widget=forms.RadioSelect,
                error_messages={"required": gettext_lazy("Choose who worked the shift.")},
            )
        planned_start, planned_end = clock_of(shift.starts_at), clock_of(shift.ends_at)
        self.fields["started"] = _time_field(
            gettext_lazy("Actual start"), hint=_("Planned: %(t)s") % {"t": planned_start}
        )
        self.fields["ended"] = _time_field(
            gettext_lazy("Actual end"), hint=_("Planned: %(t)s") % {"t": planned_end}
        )
        self.fields["note"] = forms.CharField(
            label=gettext_lazy("Note"),
            required=False,
            max_length=MAX_NOTE,
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text=gettext_lazy("For the office, for example why the times changed."),
        )
        self.fields["seen"] = forms.CharField(required=False, widget=forms.HiddenInput)
        self.disturbance_numbers = (
            list(range(1, disturbance_rows + SPARE_DISTURBANCE_ROWS + 1))
            if shift.kind == ShiftKind.SLEEP_IN
            else []
        )
        for number in self.disturbance_numbers:
            self.fields[f"disturbance_{number}_woken"] = _time_field(
                gettext_lazy("Woken at"), required=False
            )
            self.fields[f"disturbance_{number}_back"] = _time_field(
                gettext_lazy("Back to sleep at"), required=False
            )
            self.fields[f"disturbance_{number}_reason"] = forms.CharField(
                label=gettext_lazy("Why"),
                required=False,
                max_length=MAX_REASON,
                help_text=gettext_lazy("Kept private: only the office sees it."),
            )

    def disturbance_rows(self) -> list[tuple[int, list[forms.BoundField]]]:
        return [
            (n, [self[f"disturbance_{n}_{part}"] for part in ("woken", "back", "reason")])
            for n in self.disturbance_numbers
        ]

    def main_fields(self) -> list[forms.BoundField]:
        names = [name for name in ("worker", "started", "ended", "note") if name in self.fields]
        return [self[name] for name in names]

    def _minute(self, name: str) -> int | None:
        text = (self.cleaned_data.get(name) or "").strip()
        if not text:
            return None
        try:
            return parse_clock(text) % (24 * 60)
        except ValidationError as error:
            self.add_error(name, error)
            return None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        shift = self.shift
        if len(self.workers) == 1:
            data["worker_member"] = next(iter(self.workers.values()))
        elif data.get("worker") in self.workers:
            data["worker_member"] = self.workers[data["worker"]]
        start = self._minute("started") if "started" not in self.errors else None
        end = self._minute("ended") if "ended" not in self.errors else None
        if start is None or end is None:
            return data
        data["started_at"] = nearest(shift.on, start, shift.starts_at)
        ended_at = nearest(shift.on, end, shift.ends_at)
        if ended_at <= data["started_at"]:
            later = [c for c in _candidates(shift.on, end) if c > data["started_at"]]
            ended_at = later[0] if later else ended_at
        data["ended_at"] = ended_at
        data["disturbances"] = self._disturbances(data["started_at"], ended_at)
        data["seen_at"] = self._seen()
        data["expect_new"] = (self.cleaned_data.get("seen") or "").strip() == NEW
        return data

    def _seen(self) -> dt.datetime | None:
        text = (self.cleaned_data.get("seen") or "").strip()
        if text == NEW:
            return None
        try:
            return dt.datetime.fromisoformat(text) if text else None
        except ValueError:
            return None

    def _disturbances(self, start: dt.datetime, end: dt.datetime) -> list[DisturbanceInput]:
        found: list[DisturbanceInput] = []
        for number in self.disturbance_numbers:
            woken_name, back_name = f"disturbance_{number}_woken", f"disturbance_{number}_back"
            reason = (self.cleaned_data.get(f"disturbance_{number}_reason") or "").strip()
            woken, back = self._minute(woken_name), self._minute(back_name)
            if woken is None and back is None and not reason:
                continue
            if woken is None or back is None:
                missing = woken_name if woken is None else back_name
                if missing not in self.errors:
                    self.add_error(missing, _("Enter both times of this disturbance."))
                continue
            woken_at = within(self.shift.on, woken, start, end)
            back_at = within(self.shift.on, back, woken_at or start, end)
            if woken_at is None or back_at is None or back_at <= woken_at:
                self.add_error(
                    woken_name if woken_at is None else back_name,
                    _("A disturbance must be inside the shift (%(start)s to %(end)s).")
                    % {"start": clock_of(start), "end": clock_of(end)},
                )
                continue
            found.append(DisturbanceInput(woken_at, back_at, reason))
        return found


def service_field(name: str) -> str:
    """The form field for a service error key (``disturbance_2`` → its "woken at" box)."""
    if name.startswith("disturbance_"):
        return f"{name}_woken"
    return {"started_at": "started", "ended_at": "ended", "disturbances": "__all__"}.get(name, name)


class PayPeriodForm(forms.Form):
    first = DateField(label=gettext_lazy("First day"))
    last = DateField(label=gettext_lazy("Last day"), help_text=gettext_lazy("At most 62 days."))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("first") and data.get("last"):
            try:
                check_pay_period(data["first"], data["last"])
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    self.add_error(field, messages)
        return data


class ClosePeriodForm(forms.Form):
    """The close button's hidden copy of the period shown (ISO dates)."""

    first = forms.DateField(widget=forms.HiddenInput)
    last = forms.DateField(widget=forms.HiddenInput)


def period_initial(today: dt.date) -> dict[str, dt.date]:
    """The last whole calendar month."""
    last = today.replace(day=1) - dt.timedelta(days=1)
    return {"first": last.replace(day=1), "last": last}
