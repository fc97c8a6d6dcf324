"""Forms for applications: the public application form (with its spam checks) and the
recruiters' and the person's forms along the pipeline. Forms parse; the services check again."""

from __future__ import annotations

import decimal
import re
import time
from typing import Any

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ownterms.leave.forms import DateField
from ownterms.people.models import CircleMember
from ownterms.recruitment.forms.choices import (
    CircleChoices,
    NamedChoices,
    TagChoices,
    set_choices,
)
from ownterms.recruitment.models import Meeting, Question, Source, Vacancy
from ownterms.recruitment.services.applications import parse_postcode
from ownterms.recruitment.uploads import prepare_cv
from ownterms.staff.models import StaffMember
from ownterms.vocabulary.models import Skill, Tag

#: Sent sooner than this after the form was opened: a robot.
MIN_SECONDS = 3
#: Opened longer ago than this: ask them to send it again.
MAX_SECONDS = 24 * 60 * 60
TOKEN_SALT = "ownterms.recruitment.apply"  # noqa: S105 - a signing salt, not a secret
HONEYPOT = "company_website"
_PHONE = re.compile(r"^[0-9+()\-.\s]{6,40}$")

ANSWER_CHOICES = (
    ("yes", gettext_lazy("Yes")),
    ("no", gettext_lazy("No")),
    ("not_sure", gettext_lazy("Not sure")),
)


def form_token(vacancy_id: object, at: float | None = None) -> str:
    """A signed note of when the form was opened, for this vacancy."""
    return signing.dumps(
        {"v": str(vacancy_id), "t": time.time() if at is None else at}, salt=TOKEN_SALT
    )


def token_age(token: str, vacancy_id: object, now: float | None = None) -> float:
    """Seconds since the form was opened; ``ValidationError`` when the token is not ours."""
    try:
        data = signing.loads(token, salt=TOKEN_SALT)
    except signing.BadSignature:
        raise ValidationError(
            _("Open the form again and send it from there."), code="bad_token"
        ) from None
    if not isinstance(data, dict) or data.get("v") != str(vacancy_id):
        raise ValidationError(_("Open the form again and send it from there."), code="bad_token")
    try:
        opened = float(data["t"])
    except (KeyError, TypeError, ValueError):
        raise ValidationError(
            _("Open the form again and send it from there."), code="bad_token"
        ) from None
    return (time.time() if now is None else now) - opened


def _text(label: Any, max_length: int, *, required: bool = False, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        error_messages={
            "max_length": gettext_lazy("Keep this to %(limit_value)s characters or fewer."),
            **kwargs.pop("error_messages", {}),
        },
        **kwargs,
    )


class ApplyForm(forms.Form):
    """The public application form (no account)."""

    first_name = _text(
        gettext_lazy("First name"),
        100,
        required=True,
        widget=forms.TextInput(attrs={"autocomplete": "given-name", "spellcheck": "false"}),
        error_messages={"required": gettext_lazy("Enter your first name.")},
    )
    last_name = _text(
        gettext_lazy("Last name"),
        100,
        required=True,
        widget=forms.TextInput(attrs={"autocomplete": "family-name", "spellcheck": "false"}),
        error_messages={"required": gettext_lazy("Enter your last name.")},
    )
    email = forms.EmailField(
        label=gettext_lazy("Email address"),
        help_text=gettext_lazy("We only use it about your application."),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": gettext_lazy("Enter your email address."),
            "invalid": gettext_lazy("Enter an email address like name@example.com."),
            "max_length": gettext_lazy("Keep this to %(limit_value)s characters or fewer."),
        },
    )
    phone = _text(
        gettext_lazy("Phone number (optional)"),
        40,
        widget=forms.TextInput(
            attrs={"type": "tel", "autocomplete": "tel", "class": "govuk-input--width-20"}
        ),
    )
    postcode = _text(
        gettext_lazy("Postcode"),
        10,
        required=True,
        help_text=gettext_lazy("So we know how far you would travel. For example, LS6 2AB."),
        widget=forms.TextInput(
            attrs={"autocomplete": "postal-code", "class": "govuk-input--width-10"}
        ),
        error_messages={
            "required": gettext_lazy("Enter your postcode."),
            "max_length": gettext_lazy("Enter a real UK postcode, like LS6 2AB."),
        },
    )
    about_me = _text(
        gettext_lazy("About you"),
        5000,
        help_text=gettext_lazy(
            "What you are like, what you enjoy, and why you would like this job. "
            "Up to 5,000 characters."
        ),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    traits = TagChoices(
        label=gettext_lazy("Which of these describe you?"),
        queryset=Tag.objects.none(),
        help_text=gettext_lazy("Choose any that fit."),
    )
    interests = TagChoices(
        label=gettext_lazy("What do you enjoy?"),
        queryset=Tag.objects.none(),
        help_text=gettext_lazy("Choose any that fit."),
    )
    skills = NamedChoices(
        label=gettext_lazy("Skills you have"),
        queryset=Skill.objects.none(),
        help_text=gettext_lazy("We check these with you at the interview."),
    )
    hours_per_week = forms.IntegerField(
        label=gettext_lazy("About how many hours a week could you work?"),
        min_value=0,
        max_value=70,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={
            "required": gettext_lazy("Enter about how many hours a week you could work."),
            "invalid": gettext_lazy("Enter a whole number of hours, like 20."),
            "min_value": gettext_lazy("Enter a whole number of hours, like 20."),
            "max_value": gettext_lazy("Enter at most 70 hours a week."),
        },
    )
    availability = _text(
        gettext_lazy("When can you work? (optional)"),
        500,
        help_text=gettext_lazy("For example: weekdays, some weekends, not evenings."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    drives = forms.BooleanField(label=gettext_lazy("I drive and have a car"), required=False)
    new_to_care = forms.BooleanField(
        label=gettext_lazy("I am new to care work"),
        required=False,
        help_text=gettext_lazy("That is fine: we train people who are new to care."),
    )
    gender = forms.ChoiceField(
        label=gettext_lazy("Your gender (optional)"),
        help_text=gettext_lazy(
            "Some people want a woman or a man to help them with personal care. "
            "You do not have to answer."
        ),
        choices=[("", gettext_lazy("I would rather not say")), *StaffMember.Gender.choices],
        required=False,
        widget=forms.RadioSelect,
    )
    source = forms.ChoiceField(
        label=gettext_lazy("Where did you hear about us? (optional)"),
        choices=[("", gettext_lazy("Choose one")), *Source.choices],
        required=False,
    )
    cv = forms.FileField(
        label=gettext_lazy("Your CV (optional)"),
        help_text=gettext_lazy("A PDF, Word, OpenDocument or text file, smaller than 2 MB."),
        required=False,
        widget=forms.FileInput(attrs={"accept": ".pdf,.docx,.odt,.txt"}),
        error_messages={"empty": gettext_lazy("The selected file is empty.")},
    )
    consent = forms.BooleanField(
        label=gettext_lazy("I agree to you keeping my application as described above"),
        error_messages={
            "required": gettext_lazy("Tick the box to agree, or we can't take your application.")
        },
    )
    started = forms.CharField(widget=forms.HiddenInput, required=False)
    company_website = forms.CharField(
        label=gettext_lazy("Leave this empty"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(
        self,
        *args: Any,
        vacancy: Vacancy,
        tags: QuerySet[Tag],
        skills: QuerySet[Skill],
        questions: list[Question],
        now: float | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.vacancy = vacancy
        self.now = now
        self.questions = questions
        set_choices(
            self,
            traits=tags.filter(kind=Tag.Kind.TRAIT),
            interests=tags.filter(kind=Tag.Kind.INTEREST),
            skills=skills,
        )
        asked: dict[str, forms.Field] = {}
        for question in questions:
            key = question.public_id.hex
            asked[f"answer_{key}"] = forms.ChoiceField(
                label=question.text,
                choices=ANSWER_CHOICES,
                widget=forms.RadioSelect,
                error_messages={"required": gettext_lazy("Answer yes, no or not sure.")},
            )
            asked[f"comment_{key}"] = _text(
                gettext_lazy("Anything to add about this? (optional)"),
                500,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        # The questions come after what they tell us about themselves, before the CV.
        ordered: dict[str, forms.Field] = {}
        for name, field in self.fields.items():
            if name == "cv":
                ordered.update(asked)
            ordered[name] = field
        self.fields = ordered
        if not self.is_bound:
            self.initial["started"] = form_token(vacancy.public_id, now)

    @property
    def question_fields(self) -> list[str]:
        return [n for n in self.fields if n.startswith(("answer_", "comment_"))]

    def clean_postcode(self) -> str:
        try:
            postcode, _district = parse_postcode(self.cleaned_data["postcode"])
        except ValidationError as error:
            raise ValidationError(error.message_dict["postcode"]) from None
        return postcode

    def clean_phone(self) -> str:
        phone = str(self.cleaned_data.get("phone", "")).strip()
        if phone and not _PHONE.match(phone):
            raise ValidationError(_("Enter a phone number, like 07700 900123."))
        return phone

    def clean_cv(self) -> Any:
        upload = self.cleaned_data.get("cv")
        if not upload:
            return None
        return prepare_cv(upload)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get(HONEYPOT):
            raise ValidationError(
                _("Your application could not be sent. Please try again."), code="honeypot"
            )
        age = token_age(str(cleaned.get("started") or ""), self.vacancy.public_id, self.now)
        if age < MIN_SECONDS:
            raise ValidationError(
                _("That was very quick. Check your answers, wait a few seconds and send it again."),
                code="too_fast",
            )
        if age > MAX_SECONDS:
            raise ValidationError(
                _(
                    "This form was opened more than a day ago. Check your answers and send it "
                    "again."
                ),
                code="too_old",
            )
        return cleaned

    def answers(self) -> dict[str, dict[str, str]]:
        return {
            str(q.public_id): {
                "answer": self.cleaned_data[f"answer_{q.public_id.hex}"],
                "comment": self.cleaned_data.get(f"comment_{q.public_id.hex}", "").strip(),
            }
            for q in self.questions
        }

    def refresh_token(self) -> None:
        """A new "opened at" for the form shown again, so fixing it can be sent."""
        data = self.data.copy()  # type: ignore[attr-defined]  # a QueryDict
        data["started"] = form_token(self.vacancy.public_id, self.now)
        self.data = data


# -- Recruiters --------------------------------------------------------------------------------


class NoteForm(forms.Form):
    note = _text(gettext_lazy("Note (optional)"), 2000, widget=forms.Textarea(attrs={"rows": 2}))


class RejectForm(forms.Form):
    reason = _text(
        gettext_lazy("Why is the application not taken forward?"),
        2000,
        required=True,
        help_text=gettext_lazy("Kept with the application. The applicant does not see it."),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": gettext_lazy("Say why the application is not taken forward.")},
    )


DECISION_CHOICES = Meeting.Decision.choices


class MeetingForm(forms.Form):
    held_on = DateField(label=gettext_lazy("Date of the meeting"))
    interviewers = NamedChoices(
        label=gettext_lazy("Interviewers"),
        queryset=StaffMember.objects.none(),
        to_field_name="public_id",
    )
    person_attended = forms.BooleanField(label=gettext_lazy("The person was there"), required=False)
    family = CircleChoices(
        label=gettext_lazy("Family there"),
        queryset=CircleMember.objects.none(),
        to_field_name="public_id",
    )
    decision = forms.ChoiceField(
        label=gettext_lazy("Decision"),
        choices=DECISION_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose yes, no or not sure yet.")},
    )
    decision_words = _text(
        gettext_lazy("Their decision, in their words"),
        3000,
        help_text=gettext_lazy("Write what they said, as they said it."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    notes = _text(gettext_lazy("Notes (optional)"), 5000, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(
        self,
        *args: Any,
        second_stage: bool,
        staff: QuerySet[StaffMember],
        circle: QuerySet[Any],
        suggested: list[StaffMember],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if second_stage:
            for name in ("interviewers",):
                del self.fields[name]
            set_choices(self, family=circle)
        else:
            for name in ("person_attended", "family", "decision_words"):
                del self.fields[name]
            set_choices(self, interviewers=staff)
            if suggested:
                names = ", ".join(member.name for member in suggested)
                self.fields["interviewers"].help_text = _(
                    "Managers who know the person: %(names)s."
                ) % {"names": names}
                if not self.is_bound:
                    self.initial["interviewers"] = [m.public_id for m in suggested]


class CheckForm(forms.Form):
    requested_on = DateField(label=gettext_lazy("Requested on"), required=False)
    cleared_on = DateField(label=gettext_lazy("Cleared on"), required=False)
    failed = forms.BooleanField(
        label=gettext_lazy("The check failed"),
        required=False,
        help_text=gettext_lazy("Then reject the application with the reason."),
    )
    note = _text(gettext_lazy("Note (optional)"), 300)


class OfferForm(forms.Form):
    hours = forms.DecimalField(
        label=gettext_lazy("Hours a week offered"),
        min_value=decimal.Decimal(0),
        max_value=decimal.Decimal(168),
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-5"}),
        error_messages={
            "required": gettext_lazy("Enter the hours a week offered."),
            "invalid": gettext_lazy("Enter hours like 20 or 22.5."),
            "max_value": gettext_lazy("A week has only 168 hours."),
            "min_value": gettext_lazy("Enter hours like 20 or 22.5."),
            "max_decimal_places": gettext_lazy("Enter hours like 20 or 22.5."),
        },
    )
    starts_on = DateField(label=gettext_lazy("Start date"))
    note = _text(gettext_lazy("Note (optional)"), 2000, widget=forms.Textarea(attrs={"rows": 2}))

    def minutes(self) -> int:
        return int((self.cleaned_data["hours"] * 60).to_integral_value(decimal.ROUND_HALF_UP))


class VacancyChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return _("%(name)s's team: %(kind)s, %(pattern)s") % {
            "name": obj.person.called,
            "kind": obj.get_kind_display(),
            "pattern": obj.pattern_text or _("hours to agree"),
        }


class ConsiderForm(forms.Form):
    vacancy = VacancyChoice(
        label=gettext_lazy("Which person's vacancy?"),
        queryset=Vacancy.objects.none(),
        to_field_name="public_id",
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": gettext_lazy("Choose an open vacancy."),
            "invalid_choice": gettext_lazy("Choose an open vacancy."),
        },
    )

    def __init__(self, *args: Any, vacancies: QuerySet[Vacancy], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, vacancy=vacancies)


# -- The person and family -------------------------------------------------------------------


class TheirViewForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("Do you want them in your team?"),
        choices=DECISION_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose yes, no or not sure yet.")},
    )
    words = _text(
        gettext_lazy("Say why, in your words"),
        3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class NotForMeForm(forms.Form):
    reason = _text(
        gettext_lazy("Why not? (you do not have to say)"),
        300,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
