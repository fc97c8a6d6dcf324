"""Forms for behaviour support plans, incidents and restrictive practices. They check what was
typed (dates and times, lengths); the services check the rules again."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ownterms.daily.models import (
    BehaviourSupportPlan,
    Incident,
    LegalBasis,
    PracticeKind,
    RestrictivePracticeEvent,
)
from ownterms.daily.selectors.behaviour import NEVER_AUTHORISED
from ownterms.people.forms import date_field
from ownterms.staff.models import StaffMember

TEXT = 20000
TIME_FORMATS = ["%H:%M", "%H.%M", "%H:%M:%S"]
TIME_ERRORS = {
    "invalid": _("Enter a time on the 24-hour clock between 00:00 and 23:59, for example 14:30."),
}


def _too_long(limit: int) -> dict[str, Any]:
    return {
        "max_length": _("This is too long: keep it under %(limit)s characters.")
        % {"limit": f"{limit:,}"}
    }


def text(
    label: Any, *, required: bool = False, hint: Any = "", rows: int = 4, limit: int = TEXT
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=limit,
        help_text=hint,
        strip=True,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={**_too_long(limit), "required": _("Fill this in.")},
    )


def line(
    label: Any, *, required: bool = False, hint: Any = "", limit: int = 300
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=limit,
        help_text=hint,
        error_messages={**_too_long(limit), "required": _("Fill this in.")},
    )


def time_field(label: Any, *, required: bool, hint: Any = "") -> forms.TimeField:
    return forms.TimeField(
        label=label,
        required=required,
        input_formats=TIME_FORMATS,
        help_text=hint or _("On the 24-hour clock, for example 14:30."),
        widget=forms.TimeInput(format="%H:%M", attrs={"class": "govuk-input--width-5"}),
        error_messages={**TIME_ERRORS, "required": _("Enter the time.")},
    )


def reason_field(*, required: bool, hint: Any = "") -> forms.CharField:
    return forms.CharField(
        label=_("Why are you changing it?"),
        required=required,
        max_length=500,
        help_text=hint,
        error_messages={
            "required": _("Say why you are changing this record."),
            **_too_long(500),
        },
    )


class VersionedForm(forms.Form):
    """A change to a record already written: the version it was read at (so a change made
    meanwhile by someone else is not silently overwritten) and why."""

    use_required_attribute = False

    def add_amend_fields(self, *, reason_required: bool, reason_hint: Any = "") -> None:
        self.fields["reason"] = reason_field(required=reason_required, hint=reason_hint)
        self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput, required=False)


# Behaviour support plan --------------------------------------------------------------------


class PlanForm(VersionedForm):
    hypotheses = text(
        _("What we think the behaviour is for (hypotheses)"),
        required=True,
        hint=_("What the person may be telling us, or getting or avoiding, and when."),
    )
    green = text(
        _("Green: proactive strategies that keep things going well"),
        required=True,
        hint=_("One strategy a line, so workers can pick them when they write an incident."),
        rows=6,
    )
    amber = text(
        _("Amber: early warning signs, and how to help calm things down"),
        required=True,
        hint=_("One sign or strategy a line."),
        rows=6,
    )
    red = text(
        _("Red: what to do when the person is in crisis"),
        required=True,
        hint=_("One strategy a line. Only the restrictive practices authorised below."),
        rows=6,
    )
    reduction_plan = text(
        _("Plan to reduce restrictive practices"),
        hint=_("How and when the team will use them less, and how that is checked."),
    )
    review_on = date_field(_("Review date"), hint=_("For example, 27 3 2027"))

    def __init__(self, *args: Any, amending: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.amending = amending
        for name, error in (
            ("hypotheses", _("Say what you think the behaviour is for.")),
            ("green", _("Enter the proactive (green) strategies.")),
            ("amber", _("Enter the early warning signs and de-escalation (amber).")),
            ("red", _("Enter the reactive (red) strategies.")),
        ):
            self.fields[name].error_messages["required"] = error
        if amending:
            self.add_amend_fields(reason_required=True)

    def values(self) -> dict[str, Any]:
        return {
            name: self.cleaned_data[name]
            for name in ("hypotheses", "green", "amber", "red", "reduction_plan", "review_on")
        }


def plan_initial(plan: BehaviourSupportPlan) -> dict[str, Any]:
    return {
        "hypotheses": plan.hypotheses,
        "green": plan.green,
        "amber": plan.amber,
        "red": plan.red,
        "reduction_plan": plan.reduction_plan,
        "review_on": plan.review_on,
        "version": plan.version,
    }


class AuthorisedPracticeForm(forms.Form):
    use_required_attribute = False

    kind = forms.ChoiceField(
        label=_("Practice"),
        choices=[(k.value, k.label) for k in PracticeKind if k not in NEVER_AUTHORISED],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the practice."),
            "invalid_choice": _("Choose the practice from the list."),
        },
    )
    description = line(
        _("What is authorised, and when"),
        required=True,
        limit=1000,
        hint=_("For example: a two-person seated hold, only to stop a fall or a head injury."),
    )
    legal_basis = forms.ChoiceField(
        label=_("Legal basis"),
        choices=LegalBasis.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the legal basis."),
            "invalid_choice": _("Choose the legal basis from the list."),
        },
    )
    legal_basis_detail = line(
        _("Reference or details"),
        limit=500,
        hint=_("Who made the decision and when, or the order's reference."),
    )
    authorised_on = date_field(_("Authorised on"))
    review_on = date_field(_("Review date"))
    ends_on = date_field(
        _("Ends on"), required=False, hint=_("Leave empty if it has no end date yet.")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["description"].error_messages["required"] = _("Say what is authorised.")

    def values(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class EndPracticeForm(forms.Form):
    use_required_attribute = False

    ends_on = date_field(
        _("No longer authorised from"),
        hint=_("The first day it is no longer authorised, for example 27 3 2026"),
    )


# Dates and times ---------------------------------------------------------------------------


class TimedForm(VersionedForm):
    """A start (date and time) and an end (time, and a date when it is not the start day),
    read in the organisation's time zone."""

    zone: zoneinfo.ZoneInfo

    def _at(self, day: dt.date, time: dt.time) -> dt.datetime:
        return dt.datetime.combine(day, time, tzinfo=self.zone)

    def clean_times(self, *, end_required: bool) -> None:
        data = self.cleaned_data
        starts_on, start_time = data.get("starts_on"), data.get("start_time")
        ends_on, end_time = data.get("ends_on"), data.get("end_time")
        data["starts_at"] = None
        data["ends_at"] = None
        if starts_on is not None and start_time is not None:
            data["starts_at"] = self._at(starts_on, start_time)
        if end_time is None:
            if ends_on is not None or (end_required and "end_time" not in self.errors):
                self.add_error("end_time", _("Enter the time it ended."))
            return
        day = ends_on or starts_on
        if day is None:
            return
        data["ends_at"] = self._at(day, end_time)
        if data["starts_at"] is not None and data["ends_at"] < data["starts_at"]:
            self.add_error(
                "end_time",
                _(
                    "The end must be the same as or after the start. If it ended the next "
                    "day, enter that date."
                ),
            )


def _local(value: dt.datetime | None, zone: zoneinfo.ZoneInfo) -> dt.datetime | None:
    return value.astimezone(zone) if value is not None else None


def times_initial(
    starts_at: dt.datetime | None, ends_at: dt.datetime | None, zone: zoneinfo.ZoneInfo
) -> dict[str, Any]:
    start, end = _local(starts_at, zone), _local(ends_at, zone)
    initial: dict[str, Any] = {}
    if start is not None:
        initial.update(starts_on=start.date(), start_time=start.time().replace(second=0))
    if end is not None:
        initial["end_time"] = end.time().replace(second=0)
        if start is None or end.date() != start.date():
            initial["ends_on"] = end.date()
    return initial


# Incidents ---------------------------------------------------------------------------------

DECISION_CHOICES = [("yes", _("Yes")), ("no", _("No")), ("", _("Not decided yet"))]


def _decision(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


def decision_field(label: Any) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=DECISION_CHOICES,
        coerce=_decision,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose yes, no or not decided yet.")},
    )


def _decision_initial(value: bool | None) -> str:
    return {True: "yes", False: "no"}.get(value, "") if value is not None else ""


class IncidentForm(TimedForm):
    starts_on = date_field(_("Date it started"))
    start_time = time_field(_("Time it started"), required=True)
    end_time = time_field(_("Time it ended"), required=False)
    ends_on = date_field(
        _("Date it ended, if not the same day"),
        required=False,
        hint=_("Leave empty if it ended on the day it started."),
    )
    location = line(_("Where it happened"), hint=_("For example: the kitchen at home."))
    activity = line(_("What was happening"), hint=_("For example: getting ready to go out."))
    people_present = line(_("Who was there"), limit=500, hint=_("Roles are enough."))
    setting_events = text(
        _("Setting events"),
        hint=_(
            "Things earlier that may have made it more likely: poor sleep, pain, a change of "
            "routine. Write “none known” if there were none."
        ),
        rows=3,
    )
    antecedent = text(_("What happened just before (A)"), hint=_("What you saw and heard."))
    behaviour = text(
        _("What the person did (B)"),
        hint=_(
            "Describe what you saw, not what you think they meant: “threw a cup at the "
            "wall”, not “was angry”."
        ),
    )
    behaviour_minutes = forms.IntegerField(
        label=_("How long it lasted, in minutes"),
        required=False,
        min_value=0,
        max_value=24 * 60,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-4", "inputmode": "numeric"}),
        error_messages={
            "invalid": _("Enter the number of minutes, for example 15."),
            "min_value": _("Enter 0 minutes or more."),
            "max_value": _("Enter at most 1,440 minutes (a day)."),
        },
    )
    intensity = forms.TypedChoiceField(
        label=_("Intensity"),
        choices=[
            ("1", _("1 (low)")),
            ("2", _("2")),
            ("3", _("3 (moderate)")),
            ("4", _("4")),
            ("5", _("5 (high)")),
        ],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose an intensity from 1 to 5.")},
    )
    consequence = text(_("What happened after (C)"), hint=_("What people did, and how it ended."))
    strategies_used = text(
        _("Strategies used from the behaviour support plan"),
        hint=_("Which strategies you used, and how they went."),
    )
    injuries = text(_("Injuries (to anyone)"), hint=_("Write “none” if nobody was hurt."), rows=3)
    debrief = text(
        _("Debrief"),
        hint=_("How the person and the staff are now, and what the team will learn from it."),
    )
    safeguarding_needed = decision_field(_("Is a safeguarding referral needed?"))
    regulator_notification_needed = decision_field(_("Is a notification to the regulator needed?"))

    def __init__(
        self,
        *args: Any,
        zone: zoneinfo.ZoneInfo,
        amending: bool = False,
        closed: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.zone = zone
        self.fields["starts_on"].error_messages["required"] = _("Enter the date it started.")
        self.fields["start_time"].error_messages["required"] = _("Enter the time it started.")
        if amending:
            self.add_amend_fields(
                reason_required=closed,
                reason_hint=""
                if closed
                else _("Optional while the incident is open: “Draft updated” if you leave it."),
            )

    def clean(self) -> dict[str, Any]:
        super().clean()
        self.clean_times(end_required=False)
        return self.cleaned_data

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            name: data.get(name)
            for name in (
                "starts_at",
                "ends_at",
                "location",
                "activity",
                "people_present",
                "setting_events",
                "antecedent",
                "behaviour",
                "behaviour_minutes",
                "intensity",
                "consequence",
                "strategies_used",
                "injuries",
                "debrief",
                "safeguarding_needed",
                "regulator_notification_needed",
            )
        }


def incident_initial(incident: Incident, zone: zoneinfo.ZoneInfo) -> dict[str, Any]:
    initial = times_initial(incident.starts_at, incident.ends_at, zone)
    for name in (
        "location",
        "activity",
        "people_present",
        "setting_events",
        "antecedent",
        "behaviour",
        "behaviour_minutes",
        "intensity",
        "consequence",
        "strategies_used",
        "injuries",
        "debrief",
    ):
        initial[name] = getattr(incident, name)
    initial["safeguarding_needed"] = _decision_initial(incident.safeguarding_needed)
    initial["regulator_notification_needed"] = _decision_initial(
        incident.regulator_notification_needed
    )
    initial["version"] = incident.version
    return initial


class CloseIncidentForm(forms.Form):
    """Confirms closing the incident (the service checks it is complete)."""


# Restrictive practice events ---------------------------------------------------------------


class StaffChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: StaffMember) -> str:
        return f"{obj.first_name} {obj.last_name}".strip()


class RestrictivePracticeForm(TimedForm):
    kind = forms.ChoiceField(
        label=_("Practice used"),
        choices=PracticeKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the practice used."),
            "invalid_choice": _("Choose the practice from the list."),
        },
    )
    starts_on = date_field(_("Date it started"))
    start_time = time_field(_("Time it started"), required=True)
    end_time = time_field(_("Time it ended"), required=True)
    ends_on = date_field(
        _("Date it ended, if not the same day"),
        required=False,
        hint=_("Leave empty if it ended on the day it started."),
    )
    staff = StaffChoiceField(
        label=_("Staff involved"),
        queryset=StaffMember.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("From the person's team."),
        error_messages={
            "required": _("Choose the staff involved."),
            "invalid_choice": _("Choose staff from the person's team."),
            "invalid_pk_value": _("Choose staff from the person's team."),
        },
    )
    technique = text(
        _("Technique used"),
        required=True,
        hint=_("Exactly what was done, by whom, and for how long."),
    )
    alternatives_tried = text(
        _("What was tried first"), required=True, hint=_("Strategies from the plan you used.")
    )
    injury_checks = text(
        _("Injury checks"),
        required=True,
        hint=_("Who was checked, when, and what was found. Write “no injuries” if none."),
        rows=3,
    )
    person_account = text(
        _("The person's account"),
        hint=_("What the person said or showed about it, in their own words where you can."),
    )
    debrief = text(_("Debrief"), hint=_("How the person and the staff are now."))

    def __init__(
        self,
        *args: Any,
        zone: zoneinfo.ZoneInfo,
        staff_choices: Any = None,
        amending: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.zone = zone
        self.fields["starts_on"].error_messages["required"] = _("Enter the date it started.")
        self.fields["start_time"].error_messages["required"] = _("Enter the time it started.")
        self.fields["end_time"].error_messages["required"] = _("Enter the time it ended.")
        self.fields["technique"].error_messages["required"] = _("Describe the technique used.")
        self.fields["alternatives_tried"].error_messages["required"] = _(
            "Say what was tried first."
        )
        self.fields["injury_checks"].error_messages["required"] = _(
            "Record the injury checks (or that there were no injuries)."
        )
        if amending:
            del self.fields["staff"]
            self.add_amend_fields(reason_required=True)
        else:
            staff = self.fields["staff"]
            assert isinstance(staff, StaffChoiceField)
            staff.queryset = (
                staff_choices if staff_choices is not None else StaffMember.objects.none()
            )

    def clean(self) -> dict[str, Any]:
        super().clean()
        self.clean_times(end_required=True)
        return self.cleaned_data

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            name: data.get(name)
            for name in (
                "kind",
                "starts_at",
                "ends_at",
                "technique",
                "alternatives_tried",
                "injury_checks",
                "person_account",
                "debrief",
            )
        }


def event_initial(event: RestrictivePracticeEvent, zone: zoneinfo.ZoneInfo) -> dict[str, Any]:
    initial = times_initial(event.starts_at, event.ends_at, zone)
    for name in (
        "kind",
        "technique",
        "alternatives_tried",
        "injury_checks",
        "person_account",
        "debrief",
    ):
        initial[name] = getattr(event, name)
    initial["version"] = event.version
    return initial
