"""Forms for the intake: the referral (a partner's, or the office's correction), its contacts,
the messages and the office's actions, and the partners' grants.

The referral form takes amounts in pounds and pence and hours in hours and minutes, and gives
the service pence and minutes. Its ``clean`` runs the service's checks too, so one submit shows
every problem at once (the service checks again when it saves).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import QuerySet
from django.forms.utils import ErrorDict, ErrorList
from django.utils.translation import gettext_lazy as _

from ownterms.accounts.models import User
from ownterms.funding.models import ArrangementKind, FunderKind
from ownterms.lib.money import parse_pounds, pounds
from ownterms.people.forms import HoursField, date_field
from ownterms.people.models import CircleMember, CommunicationFormat, Consent, Person
from ownterms.referrals.models import DeclineReason, Referral, Source
from ownterms.referrals.services.intake import (
    CONTACT_FIELDS,
    DETAIL_FIELDS,
    MAX_CONTACTS,
    REFERRER_FIELDS,
    ContactDetails,
    ReferralDetails,
    check_details,
)
from ownterms.referrals.services.messages import MAX_MESSAGE
from ownterms.staff.models import StaffMember
from ownterms.vocabulary.models import Skill

TOO_LONG = _("This is too long: keep it to %(limit_value)d characters (it has %(show_value)d).")


def _text(
    label: Any,
    max_length: int,
    *,
    required: bool = False,
    missing: Any = "",
    hint: Any = "",
    rows: int = 0,
    width: str = "",
    **attrs: str,
) -> forms.CharField:
    widget: forms.Widget
    if rows:
        widget = forms.Textarea(attrs={"rows": rows, **attrs})
    else:
        widget = forms.TextInput(attrs={**({"class": width} if width else {}), **attrs})
    errors = {"max_length": TOO_LONG}
    if missing:
        errors["required"] = missing
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        help_text=hint,
        widget=widget,
        error_messages=errors,
    )


class PenceField(forms.CharField):
    """An amount in pounds and pence ("24.50", "£24.50"), cleaned to pence; empty is 0."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.attrs.update({"class": "govuk-input--width-5", "inputmode": "decimal"})

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, int):
            return pounds(value).removeprefix("£") if value else ""
        return value

    def to_python(self, value: Any) -> int:  # type: ignore[override]
        text = str(value or "").strip()
        if not text:
            return 0
        try:
            if len(text) > 20:
                raise ValueError(_("Enter an amount in pounds, like 24.50"))
            return parse_pounds(text)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error


class MinutesField(HoursField):
    """Hours a week ("35", "37.5", "37:30"), cleaned to minutes; shows minutes back as hours."""

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, int):
            if not value:
                return ""
            hours, minutes = divmod(value, 60)
            return f"{hours}:{minutes:02d}" if minutes else str(hours)
        return value


class SkillChoices(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


#: The form's sections, in order: (heading, hint, fields).
SECTIONS: tuple[tuple[Any, Any, tuple[str, ...]], ...] = (
    (
        _("The person"),
        _("Only what we need to decide. We ask for more if we can support them."),
        (
            "first_name",
            "last_name",
            "preferred_name",
            "date_of_birth",
            "communication_summary",
            "communication_formats",
        ),
    ),
    (
        _("Consent to share"),
        _("We can only take a referral shared with the person's consent or a recorded decision."),
        ("consent_to_share", "consent_given_by", "consent_note"),
    ),
    (
        _("Where they would live"),
        "",
        ("home", "town", "postcode", "housing_note"),
    ),
    (
        _("Support commissioned"),
        _("Hours a week, like 35 or 37:30. Rates in pounds, like 24.50."),
        (
            "day_minutes",
            "day_rate_pence",
            "two_to_one_minutes",
            "two_to_one_rate_pence",
            "two_to_one_when",
            "waking_night_minutes",
            "waking_night_rate_pence",
            "sleep_in_nights",
            "sleep_in_rate_pence",
            "funder_name",
            "funder_kind",
            "funding_kind",
            "start_wanted",
        ),
    ),
    (
        _("What matters, needs and risks"),
        "",
        ("what_they_want", "key_needs", "risks"),
    ),
    (_("Family and circle"), "", ("family_and_circle",)),
)
SKILLS_SECTION = (_("Skills the team would need"), "", ("skills",))
#: For the office's corrections only.
REFERRER_SECTION = (
    _("Who referred"),
    "",
    (
        "source",
        "referrer_name",
        "referrer_role",
        "referrer_agency",
        "referrer_email",
        "referrer_phone",
    ),
)
ABOUT_YOU_SECTION = (
    _("About you"),
    _("We know your name, team and email from your account."),
    ("referrer_role", "referrer_phone"),
)


class ReferralForm(forms.Form):
    use_required_attribute = False

    first_name = _text(
        _("First name"), 100, required=True, missing=_("Enter the person's first name.")
    )
    last_name = _text(
        _("Last name"), 100, required=True, missing=_("Enter the person's last name.")
    )
    preferred_name = _text(_("Name they like to be called"), 100)
    date_of_birth = date_field(_("Date of birth"), required=False)
    communication_summary = _text(
        _("How to communicate with them"),
        500,
        rows=3,
        hint=_("For example: uses some Makaton and needs time to answer."),
    )
    communication_formats = forms.MultipleChoiceField(
        label=_("Format needs"),
        choices=CommunicationFormat.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    consent_to_share = forms.BooleanField(
        label=_("Consent to share this referral with us has been given and recorded"),
        required=False,
    )
    consent_given_by = forms.ChoiceField(
        label=_("Who gave consent?"),
        choices=Consent.GivenBy.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Say who gave consent to share this referral.")},
    )
    consent_note = _text(
        _("The consent record"),
        500,
        rows=2,
        hint=_("Needed for an attorney's or a best-interests decision: who decided, and when."),
    )
    home = forms.ChoiceField(
        label=_("Where would they live?"),
        choices=Person.Home.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose where they would live.")},
    )
    town = _text(_("Town or city"), 100)
    postcode = _text(
        _("Postcode"),
        10,
        width="govuk-input--width-10",
        hint=_("The full postcode, or its first part (like ME14) if the home is not known yet."),
        autocomplete="off",
    )
    housing_note = _text(_("About the home"), 500, rows=2)
    day_minutes = MinutesField(label=_("Day support at 1:1 (hours a week)"), help_text="")
    day_rate_pence = PenceField(label=_("Day rate (£ an hour)"))
    two_to_one_minutes = MinutesField(label=_("Support at 2:1 (hours a week)"), help_text="")
    two_to_one_rate_pence = PenceField(label=_("2:1 rate (£ an hour, for the pair)"))
    two_to_one_when = _text(
        _("When 2:1 is needed"), 300, hint=_("For example: swimming on Saturdays.")
    )
    waking_night_minutes = MinutesField(label=_("Waking nights (hours a week)"), help_text="")
    waking_night_rate_pence = PenceField(label=_("Waking night rate (£ an hour)"))
    sleep_in_nights = forms.IntegerField(
        label=_("Sleep-in nights a week"),
        required=False,
        min_value=0,
        max_value=7,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-2"}),
        error_messages={
            "invalid": _("Enter the number of nights, from 0 to 7."),
            "min_value": _("Enter the number of nights, from 0 to 7."),
            "max_value": _("A week has 7 nights: enter 7 or fewer."),
        },
    )
    sleep_in_rate_pence = PenceField(label=_("Sleep-in rate (£ a night)"))
    funder_name = _text(
        _("Funder"),
        150,
        required=True,
        missing=_("Enter who is funding the support."),
        hint=_("For example: Brookside County Council adult social care."),
    )
    funder_kind = forms.ChoiceField(
        label=_("Kind of funder"),
        choices=FunderKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the kind of funder.")},
    )
    funding_kind = forms.ChoiceField(
        label=_("Kind of funding"),
        choices=ArrangementKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the kind of funding.")},
    )
    start_wanted = date_field(
        _("Start date wanted"),
        required=False,
        hint=_("For example, 27 3 2027. Leave it empty if it is not known yet."),
    )
    what_they_want = _text(
        _("What the person wants from life"),
        4000,
        required=True,
        rows=5,
        missing=_("Tell us what the person wants from life."),
        hint=_("In their words where you can: home, people, work, things they love doing."),
    )
    key_needs = _text(
        _("Key needs"),
        4000,
        required=True,
        rows=5,
        missing=_("Tell us the person's key needs."),
    )
    risks = _text(_("Risks"), 4000, rows=4, hint=_("And what keeps them safe."))
    family_and_circle = _text(
        _("Family and circle"),
        4000,
        rows=4,
        hint=_("Who matters to them, how involved they are, and what they hope for."),
    )
    skills = SkillChoices(
        label=_("Skills the team would need"),
        queryset=Skill.objects.none(),
        to_field_name="public_id",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    referrer_role = _text(_("Your role"), 150, hint=_("For example: social worker."))
    referrer_phone = _text(
        _("Your phone number"),
        40,
        width="govuk-input--width-20",
        autocomplete="tel",
        inputmode="tel",
    )

    def __init__(
        self,
        *args: Any,
        organisation_id: int,
        skills: QuerySet[Skill],
        office: bool = False,
        before: Referral | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.organisation_id = organisation_id
        self.office = office
        self.before = before
        skill_field = self.fields["skills"]
        assert isinstance(skill_field, forms.ModelMultipleChoiceField)
        skill_field.queryset = skills
        if not skills.exists():
            del self.fields["skills"]
        if office:
            self.fields["referrer_role"].label = _("Their role")
            self.fields["referrer_role"].help_text = ""
            self.fields["referrer_phone"].label = _("Their phone number")
            self.fields["source"] = forms.ChoiceField(
                label=_("Kind of referrer"),
                choices=Source.choices,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose the kind of referrer.")},
            )
            self.fields["referrer_name"] = _text(
                _("Their name"), 150, required=True, missing=_("Enter the referrer's name.")
            )
            self.fields["referrer_agency"] = _text(
                _("Their team or organisation"),
                150,
                required=True,
                missing=_("Enter the referrer's team or organisation."),
            )
            self.fields["referrer_email"] = forms.EmailField(
                label=_("Their email"),
                max_length=254,
                error_messages={
                    "required": _("Enter the referrer's email."),
                    "invalid": _("Enter an email address like name@example.org."),
                },
            )

    def sections(self) -> list[tuple[Any, Any, list[forms.BoundField]]]:
        """(heading, hint, bound fields) in the order the page shows them."""
        chosen = [*SECTIONS]
        if "skills" in self.fields:
            chosen.append(SKILLS_SECTION)
        chosen.append(REFERRER_SECTION if self.office else ABOUT_YOU_SECTION)
        return [(heading, hint, [self[name] for name in names]) for heading, hint, names in chosen]

    def details(self, contacts: Sequence[ContactDetails] = ()) -> ReferralDetails:
        data = self.cleaned_data
        values: dict[str, Any] = {
            name: data.get(name) for name in DETAIL_FIELDS if data.get(name) is not None
        }
        values["sleep_in_nights"] = data.get("sleep_in_nights") or 0
        values["communication_formats"] = list(data.get("communication_formats") or [])
        values.setdefault("consent_to_share", False)
        for name in (
            "first_name",
            "last_name",
            "consent_given_by",
            "home",
            "funder_name",
            "funder_kind",
            "funding_kind",
            "what_they_want",
            "key_needs",
        ):
            values.setdefault(name, "")
        return ReferralDetails(
            **values, contacts=list(contacts), skills=list(data.get("skills") or [])
        )

    def referrer(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name, "") for name in REFERRER_FIELDS}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            check_details(
                self.details(),
                organisation_id=self.organisation_id,
                before=self.before,
                referrer=self.referrer() if self.office else None,
            )
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                if name == NON_FIELD_ERRORS:
                    self.add_error(None, messages)
                elif (
                    name in self.fields
                    and name not in self.errors
                    and not any(other in self.errors for other in _DEPENDS_ON.get(name, ()))
                ):
                    self.add_error(name, messages)
        return data


_HOURS = ("day_minutes", "two_to_one_minutes", "waking_night_minutes", "sleep_in_nights")
#: A check of one field that reads others: skipped when those could not be read, so a typo in
#: the hours does not also say "a rate but no support".
_DEPENDS_ON: dict[str, tuple[str, ...]] = {
    "day_minutes": _HOURS,
    "day_rate_pence": ("day_minutes",),
    "two_to_one_rate_pence": ("two_to_one_minutes",),
    "two_to_one_when": ("two_to_one_minutes",),
    "two_to_one_minutes": ("two_to_one_when",),
    "waking_night_rate_pence": ("waking_night_minutes",),
    "sleep_in_rate_pence": ("sleep_in_nights",),
    "consent_note": ("consent_given_by",),
}


class ContactForm(forms.Form):
    use_required_attribute = False

    public_id = forms.UUIDField(required=False, widget=forms.HiddenInput)
    name = _text(_("Name"), 150, required=True, missing=_("Enter the contact's name."))
    relationship = _text(
        _("Who they are to the person"),
        100,
        required=True,
        missing=_("Say who they are to the person."),
        hint=_("For example: mum, GP, advocate."),
    )
    kind = forms.ChoiceField(
        label=_("Kind of contact"),
        choices=[("", _("Choose")), *CircleMember.Kind.choices],
        error_messages={"required": _("Choose what kind of contact they are.")},
    )
    email = forms.EmailField(
        label=_("Email"),
        required=False,
        max_length=254,
        error_messages={"invalid": _("Enter an email address like name@example.org.")},
    )
    phone = _text(_("Phone"), 40, width="govuk-input--width-20", inputmode="tel")

    def contact(self) -> ContactDetails:
        data = self.cleaned_data
        return ContactDetails(
            **{name: data.get(name) or "" for name in CONTACT_FIELDS},
            public_id=data.get("public_id"),
        )


def removed(formset: forms.BaseFormSet, form: forms.BaseForm) -> bool:  # type: ignore[type-arg]
    """Whether a validated contact row was marked to remove."""
    return bool(formset.can_delete and getattr(form, "cleaned_data", {}).get("DELETE"))


class BaseContactFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    def contacts(self) -> list[ContactDetails]:
        """The rows filled in (and not marked to remove)."""
        rows = []
        for form in self.forms:
            if not form.has_changed() and not form.initial:
                continue
            if removed(self, form):
                continue
            rows.append(form.contact())
        return rows


def contact_formset(
    data: Any = None, *, initial: list[dict[str, Any]] | None = None, removable: bool = False
) -> BaseContactFormSet:
    factory = forms.formset_factory(
        ContactForm,
        formset=BaseContactFormSet,
        extra=0 if initial else 2,
        max_num=MAX_CONTACTS,
        validate_max=True,
        absolute_max=MAX_CONTACTS + 5,
        can_delete=removable,
    )
    formset = cast(BaseContactFormSet, factory(data, initial=initial, prefix="contacts"))
    if removable:
        for form in formset.forms:
            if "DELETE" in form.fields:
                form.fields["DELETE"].label = _("Remove this contact")
    return formset


def with_another_row(data: Any) -> Any:
    """The POST data with one more (empty) contact row."""
    copied = data.copy()
    total = int(copied.get("contacts-TOTAL_FORMS") or 0)
    copied["contacts-TOTAL_FORMS"] = str(min(total + 1, MAX_CONTACTS))
    return copied


def quiet(*forms_: forms.BaseForm) -> None:
    """Keeps what was typed without showing errors (the page only added a contact row)."""
    for form in forms_:
        form._errors = ErrorDict()  # type: ignore[attr-defined]
        form.cleaned_data = {}


def quiet_formset(formset: forms.BaseFormSet) -> None:  # type: ignore[type-arg]
    quiet(*formset.forms)
    formset._errors = [ErrorDict() for _form in formset.forms]  # type: ignore[attr-defined]
    formset._non_form_errors = ErrorList()  # type: ignore[attr-defined]


def put_service_errors(
    error: ValidationError, form: forms.BaseForm, formset: BaseContactFormSet
) -> None:
    """A service's errors on the form's fields or the contact rows (``contacts.<i>.<field>``)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    rows = [
        row
        for row in formset.forms
        if (row.has_changed() or row.initial) and not removed(formset, row)
    ]
    for name, messages in error.message_dict.items():
        parts = name.split(".")
        if len(parts) == 3 and parts[0] == "contacts" and parts[1].isdigit():
            index = int(parts[1])
            if index < len(rows) and parts[2] in rows[index].fields:
                rows[index].add_error(parts[2], messages)
                continue
        form.add_error(name if name in form.fields else None, messages)


# The conversation and the office's actions --------------------------------------------------


class MessageForm(forms.Form):
    use_required_attribute = False

    text = forms.CharField(
        label=_("Your message"),
        max_length=MAX_MESSAGE,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write your message."), "max_length": TOO_LONG},
    )


class RequestInformationForm(forms.Form):
    use_required_attribute = False

    text = forms.CharField(
        label=_("What do you need to know?"),
        max_length=MAX_MESSAGE,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The referrer sees this as a message and the referral waits for them."),
        error_messages={
            "required": _("Say what information you need."),
            "max_length": TOO_LONG,
        },
    )


class WithdrawForm(forms.Form):
    use_required_attribute = False

    reason = forms.CharField(
        label=_("Why is it withdrawn?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": _("Say why the referral is withdrawn."),
            "max_length": TOO_LONG,
        },
    )


class DeclineForm(forms.Form):
    use_required_attribute = False

    decline_reason = forms.ChoiceField(
        label=_("The main reason"),
        choices=DeclineReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the main reason.")},
    )
    reasons = forms.CharField(
        label=_("Why we are not the best provider for them"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "The referrer reads this. Say what we can't offer, never a judgement of the person."
        ),
        error_messages={
            "required": _("Say why we are not the best provider for them."),
            "max_length": TOO_LONG,
        },
    )


class UserChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name or obj.email)


class StaffChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.first_name} {obj.last_name}"


class HoldersForm(forms.Form):
    use_required_attribute = False

    contact = UserChoice(
        label=_("Our named contact for the referrer"),
        queryset=User.objects.none(),
        to_field_name="public_id",
        required=False,
        empty_label=_("Nobody yet"),
    )
    proposed_manager = StaffChoice(
        label=_("The manager who would hold it"),
        queryset=StaffMember.objects.none(),
        to_field_name="public_id",
        required=False,
        empty_label=_("Nobody yet"),
    )

    def __init__(
        self, *args: Any, office: QuerySet[User], managers: QuerySet[StaffMember], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        contact = self.fields["contact"]
        manager = self.fields["proposed_manager"]
        assert isinstance(contact, forms.ModelChoiceField)
        assert isinstance(manager, forms.ModelChoiceField)
        contact.queryset = office
        manager.queryset = managers


class ListFilterForm(forms.Form):
    """The office list's filters (sent with GET)."""

    use_required_attribute = False

    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("Any status"))])
    source = forms.ChoiceField(
        label=_("Referred by"), required=False, choices=[("", _("Anyone")), *Source.choices]
    )

    def __init__(self, *args: Any, statuses: Sequence[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["status"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Any status")), *statuses]


# Grants --------------------------------------------------------------------------------------


class GrantForm(forms.Form):
    use_required_attribute = False

    user = UserChoice(
        label=_("Partner"),
        queryset=User.objects.none(),
        to_field_name="public_id",
        empty_label=_("Choose"),
        help_text=_("People with the partner role. An administrator gives the role."),
        error_messages={
            "required": _("Choose the partner."),
            "invalid_choice": _("Choose the partner."),
        },
    )
    agency = _text(
        _("Their team or organisation"),
        150,
        required=True,
        missing=_("Enter the team or organisation they work for."),
        hint=_("For example: Brookside County Council adult social care."),
    )
    source = forms.ChoiceField(
        label=_("Kind of referrer"),
        choices=Source.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what kind of referrer they are.")},
    )
    starts_on = date_field(_("From"))
    ends_on = date_field(
        _("Until"), hint=_("The first day they can no longer refer or follow referrals.")
    )

    def __init__(self, *args: Any, partners: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["user"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = partners

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends <= starts:
            self.add_error("ends_on", _("The end date must be after the start date."))
        return data


class EndGrantForm(forms.Form):
    use_required_attribute = False

    ends_on = date_field(
        _("End on"),
        required=False,
        hint=_("The first day without access. Leave it empty to end access now."),
    )
