"""Forms for the training route's pages. They parse what people type; the services check the
rules again and write. Choices name staff and trainees by their public ids."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ownterms.leave.forms import DateField
from ownterms.recruitment.forms.choices import NamedChoice, NamedChoices, set_choices
from ownterms.recruitment.models import CohortSession, Trainee
from ownterms.recruitment.services.cohorts import TRANSITIONS
from ownterms.staff.models import StaffMember


class CohortForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        help_text=gettext_lazy("Like “Spring 2026” or “Porthaven library, autumn”."),
        max_length=120,
        error_messages={"required": gettext_lazy("Enter a name for the cohort.")},
    )
    starts_on = DateField(
        label=gettext_lazy("First day"), help_text=gettext_lazy("For example 14 4 2026.")
    )
    ends_on = DateField(
        label=gettext_lazy("Last day"), help_text=gettext_lazy("For example 23 6 2026.")
    )
    place = forms.CharField(
        label=gettext_lazy("Where (optional)"),
        help_text=gettext_lazy("Where the sessions are held."),
        max_length=200,
        required=False,
    )
    mentor = NamedChoice(
        label=gettext_lazy("Mentor (optional)"),
        help_text=gettext_lazy("The member of staff who mentors the trainees."),
        queryset=StaffMember.objects.none(),
        to_field_name="public_id",
        required=False,
        empty_label=gettext_lazy("No mentor yet"),
        error_messages={"invalid_choice": gettext_lazy("Choose a current member of staff.")},
    )

    def __init__(self, *args: Any, mentors: QuerySet[StaffMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, mentor=mentors)


class SessionForm(forms.Form):
    on = DateField(label=gettext_lazy("Date"), help_text=gettext_lazy("For example 21 4 2026."))
    topic = forms.CharField(
        label=gettext_lazy("Topic"),
        help_text=gettext_lazy("Like “What good support looks like” or “First aid”."),
        max_length=200,
        error_messages={"required": gettext_lazy("Enter what the session is about.")},
    )


class TraineeForm(forms.Form):
    first_name = forms.CharField(
        label=gettext_lazy("First name"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": gettext_lazy("Enter their first name.")},
    )
    last_name = forms.CharField(
        label=gettext_lazy("Last name"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": gettext_lazy("Enter their last name.")},
    )
    email = forms.EmailField(
        label=gettext_lazy("Email address (optional)"),
        help_text=gettext_lazy(
            "When they apply for a job with this address, their application is linked to them."
        ),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={
            "invalid": gettext_lazy("Enter an email address like name@example.org."),
        },
    )
    informed_on = DateField(
        label=gettext_lazy("The day they were told about the route"),
        help_text=gettext_lazy("For example 2 3 2026."),
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Where they are now"),
        choices=[
            (Trainee.Status.INFORMED, gettext_lazy("Told about the route")),
            (Trainee.Status.ENROLLED, gettext_lazy("Enrolled on this cohort")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose where they are now.")},
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Change to"),
        choices=[],
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Choose what to change it to."),
            "invalid_choice": gettext_lazy("Choose one of the moves shown."),
        },
    )

    def __init__(self, *args: Any, current: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["status"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            (status, Trainee.Status(status).label)
            for status in Trainee.Status.values
            if status in TRANSITIONS.get(current, frozenset())
        ]


class LinkForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("The applicant's email address"),
        help_text=gettext_lazy("The address they applied with."),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={
            "required": gettext_lazy("Enter the email address they applied with."),
            "invalid": gettext_lazy("Enter an email address like name@example.org."),
        },
    )


class SessionAttendanceForm(forms.Form):
    present = NamedChoices(
        label=gettext_lazy("Who was there"),
        help_text=gettext_lazy("Tick everyone who came. Everyone not ticked is marked absent."),
        queryset=Trainee.objects.none(),
        to_field_name="public_id",
        error_messages={"invalid_choice": gettext_lazy("Choose trainees on this register.")},
    )

    def __init__(
        self, *args: Any, register: QuerySet[Trainee], session: CohortSession, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.session = session
        set_choices(self, present=register)


def grid_value(session: CohortSession, trainee: Trainee) -> str:
    """The value of one tick box of the attendance grid."""
    return f"{session.public_id}:{trainee.public_id}"


def parse_grid(
    ticked: list[str], sessions: list[CohortSession], register: list[Trainee]
) -> dict[int, list[Trainee]]:
    """Who was at each of ``sessions`` from the grid's ticked boxes (``session:trainee`` public
    ids). Every session in ``sessions`` is in the answer, so an unticked row means absent."""
    by_session = {str(s.public_id): s for s in sessions}
    by_trainee = {str(t.public_id): t for t in register}
    present: dict[int, list[Trainee]] = {s.pk: [] for s in sessions}
    for value in ticked:
        session_id, _sep, trainee_id = value.partition(":")
        try:
            session_key, trainee_key = str(uuid.UUID(session_id)), str(uuid.UUID(trainee_id))
        except ValueError:
            raise ValidationError(_("The register could not be read: reload the page.")) from None
        if session_key not in by_session or trainee_key not in by_trainee:
            raise ValidationError(
                _("Someone ticked is not on this register any more: reload the page.")
            )
        present[by_session[session_key].pk].append(by_trainee[trainee_key])
    return present
