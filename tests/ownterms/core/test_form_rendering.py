"""Forms render as GOV.UK fields: label, hint, error next to the field, error summary."""

from __future__ import annotations

import datetime
import re

import pytest
from django import forms
from django.template import Context, Template
from django.test import RequestFactory

from ownterms.accounts.models import Role
from ownterms.core.rendering import GovUKDateWidget
from ownterms.core.templatetags import ui


class SampleForm(forms.Form):
    name = forms.CharField(label="Full name", help_text="As on their tenancy", max_length=10)
    email = forms.EmailField(required=False)
    notes = forms.CharField(widget=forms.Textarea, required=False)
    colour = forms.ChoiceField(choices=[("red", "Red"), ("blue", "Blue")])
    shift = forms.ChoiceField(
        choices=[("early", "Early"), ("late", "Late")], widget=forms.RadioSelect
    )
    skills = forms.MultipleChoiceField(
        choices=[("first_aid", "First aid"), ("driving", "Driving")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    agree = forms.BooleanField(label="I agree", help_text="You can change this later")
    starts_on = forms.DateField(widget=GovUKDateWidget, help_text="For example, 27 3 2026")
    photo = forms.FileField(required=False)
    secret = forms.CharField(widget=forms.HiddenInput, required=False)


def _render(form: forms.Form) -> str:
    return str(form)


def test_unbound_form_has_govuk_markup_and_no_errors() -> None:
    html = _render(SampleForm())
    assert 'class="govuk-label" for="id_name"' in html
    assert 'id="id_name_helptext"' in html and "govuk-hint" in html
    assert 'class="govuk-input"' in html
    assert 'class="govuk-textarea"' in html
    assert 'class="govuk-select"' in html
    assert 'class="govuk-radios__input"' in html and 'data-module="govuk-radios"' in html
    assert 'class="govuk-checkboxes__input"' in html
    assert re.search(
        r'data-module="govuk-checkboxes">\s*<div class="govuk-checkboxes__item">\s*'
        r'<input type="checkbox" name="skills"',
        html,
    )
    assert 'class="govuk-file-upload"' in html
    assert "govuk-date-input__input" in html and "Day" in html and "Year" in html
    assert "Email (optional)" in html
    assert "govuk-error-message" not in html
    assert "govuk-form-group--error" not in html


def test_errors_sit_next_to_their_fields_and_are_described() -> None:
    form = SampleForm(data={"name": "x" * 200, "colour": "green", "starts_on_day": "31"})
    assert not form.is_valid()
    html = _render(form)
    # Every invalid field: error message with an id, the input points to it, error classes.
    assert 'id="id_name_error"' in html
    assert re.search(r'<input[^>]*aria-describedby="id_name_helptext id_name_error"', html)
    assert "govuk-input govuk-input--error" in html
    assert "govuk-select govuk-select--error" in html
    assert 'id="id_shift_error"' in html
    assert re.search(
        r'<fieldset class="govuk-fieldset" aria-describedby="[^"]*id_shift_error', html
    )
    assert 'id="id_agree_error"' in html
    assert 'id="id_starts_on_error"' in html
    assert "govuk-date-input__input govuk-input--width-2 govuk-input--error" in html
    assert html.count("govuk-form-group--error") == 5
    assert '<span class="govuk-visually-hidden">Error:</span>' in html


def test_hostile_input_is_escaped() -> None:
    form = SampleForm(data={"name": '<script>alert("x")</script>'})
    html = _render(form)
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_date_widget_round_trips_and_rejects_nonsense() -> None:
    good = SampleForm(
        data={
            "name": "Sam",
            "colour": "red",
            "shift": "early",
            "agree": "on",
            "starts_on_day": " 7 ",
            "starts_on_month": "3",
            "starts_on_year": "2026",
        }
    )
    assert good.is_valid(), good.errors
    assert good.cleaned_data["starts_on"] == datetime.date(2026, 3, 7)
    for day, month, year in [("31", "2", "2026"), ("x", "y", "z"), ("1", "", "2026")]:
        data = {"starts_on_day": day, "starts_on_month": month, "starts_on_year": year}
        assert "starts_on" in SampleForm(data=data).errors
    widget = GovUKDateWidget()
    assert widget.decompress(datetime.date(2026, 1, 2)) == [2, 1, 2026]
    assert widget.decompress("2026-01-02") == ["02", "01", "2026"]
    assert widget.decompress(None) == [None, None, None]


ERROR_SUMMARY = Template('{% include "includes/error_summary.html" %}')


def test_error_summary_links_to_each_field_first_input() -> None:
    form = SampleForm(data={"name": "x" * 200})
    form.add_error(None, "These dates overlap")
    html = ERROR_SUMMARY.render(Context({"form": form}))
    assert 'data-module="govuk-error-summary"' in html
    assert "There is a problem" in html
    assert "<li>These dates overlap</li>" in html
    assert 'href="#id_name"' in html
    assert 'href="#id_shift_0"' in html  # radios link to the first option
    assert 'href="#id_starts_on_0"' in html  # a date links to its day box


def test_error_summary_is_empty_for_a_valid_or_unbound_form() -> None:
    assert ERROR_SUMMARY.render(Context({"form": SampleForm()})).strip() == ""


TITLE = Template("{% load ui %}{% page_has_errors as e %}{{ e }}")


def test_title_knows_when_any_form_on_the_page_has_errors() -> None:
    assert TITLE.render(Context({"form": SampleForm()})) == "False"
    assert TITLE.render(Context({"other": SampleForm(data={})})) == "True"
    formset = forms.formset_factory(SampleForm)(data={"form-TOTAL_FORMS": "x"})
    assert TITLE.render(Context({"items": formset})) == "True"


def test_navigation_roles_are_real_roles() -> None:
    for link in ui.NAVIGATION:
        assert link.roles is None or link.roles <= set(Role.values)


@pytest.mark.django_db
def test_navigation_hidden_when_signed_out() -> None:
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    assert ui.navigation(Context({"request": request})) == []
