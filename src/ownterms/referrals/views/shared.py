"""What the partner's status page and the office's detail page both show: what was
submitted (in words, hours and pounds), the timeline, the messages and the decision."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from ownterms.lib.money import pounds
from ownterms.people.models import CommunicationFormat
from ownterms.referrals.models import DeclineReason, Referral, Status
from ownterms.referrals.selectors import intake as selectors


@dataclass(frozen=True)
class Row:
    label: str
    value: str
    #: Free text: shown with its line breaks.
    multiline: bool = False


def hours(minutes: int) -> str:
    whole, rest = divmod(minutes, 60)
    if not rest:
        return _("%(h)s hours a week") % {"h": whole}
    return _("%(h)s hours %(m)s minutes a week") % {"h": whole, "m": rest}


def _support(referral: Referral) -> list[Row]:
    rows: list[Row] = []
    per_hour = _("%(amount)s an hour")
    for minutes, rate, label in (
        (referral.day_minutes, referral.day_rate_pence, _("Day support at 1:1")),
        (referral.two_to_one_minutes, referral.two_to_one_rate_pence, _("Support at 2:1")),
        (referral.waking_night_minutes, referral.waking_night_rate_pence, _("Waking nights")),
    ):
        if minutes:
            rows.append(Row(label, f"{hours(minutes)}, {per_hour % {'amount': pounds(rate)}}"))
    if referral.two_to_one_when:
        rows.append(Row(_("When 2:1 is needed"), referral.two_to_one_when))
    if referral.sleep_in_nights:
        rows.append(
            Row(
                _("Sleep-ins"),
                _("%(n)s nights a week, %(amount)s a night")
                % {"n": referral.sleep_in_nights, "amount": pounds(referral.sleep_in_rate_pence)},
            )
        )
    rows += [
        Row(_("Funder"), f"{referral.funder_name} ({referral.get_funder_kind_display()})"),
        Row(_("Kind of funding"), str(referral.get_funding_kind_display())),
        Row(
            _("Start date wanted"),
            f"{referral.start_wanted:%d/%m/%Y}" if referral.start_wanted else _("Not known yet"),
        ),
    ]
    return rows


def submitted(referral: Referral) -> list[tuple[str, list[Row]]]:
    """The referral as sections of rows, leaving out what was not given."""
    formats = [str(CommunicationFormat(value).label) for value in referral.communication_formats]
    person = [
        Row(_("Name"), f"{referral.first_name} {referral.last_name}"),
        Row(_("Likes to be called"), referral.preferred_name),
        Row(
            _("Date of birth"),
            f"{referral.date_of_birth:%d/%m/%Y}" if referral.date_of_birth else "",
        ),
        Row(_("How to communicate with them"), referral.communication_summary, True),
        Row(_("Format needs"), ", ".join(formats)),
        Row(
            _("Consent to share"),
            _("Given by: %(who)s") % {"who": referral.get_consent_given_by_display()}
            if referral.consent_to_share
            else _("Not recorded"),
        ),
        Row(_("Consent record"), referral.consent_note, True),
    ]
    home = [
        Row(_("Where they would live"), str(referral.get_home_display())),
        Row(_("Town or city"), referral.town),
        Row(_("Postcode"), referral.postcode),
        Row(_("About the home"), referral.housing_note, True),
    ]
    needs = [
        Row(_("What the person wants from life"), referral.what_they_want, True),
        Row(_("Key needs"), referral.key_needs, True),
        Row(_("Risks"), referral.risks, True),
        Row(_("Family and circle"), referral.family_and_circle, True),
    ]
    referrer = [
        Row(_("Name"), referral.referrer_name),
        Row(_("Role"), referral.referrer_role),
        Row(_("Team or organisation"), referral.referrer_agency),
        Row(_("Kind of referrer"), str(referral.get_source_display())),
        Row(_("Email"), referral.referrer_email),
        Row(_("Phone"), referral.referrer_phone),
    ]
    sections = [
        (_("The person"), person),
        (_("Where they would live"), home),
        (_("Support commissioned"), _support(referral)),
        (_("What matters, needs and risks"), needs),
        (_("Who referred"), referrer),
    ]
    return [(heading, [row for row in rows if row.value]) for heading, rows in sections]


@dataclass(frozen=True)
class Moment:
    at: Any
    words: str
    status: str
    note: str
    by: str


def timeline(referral: Referral, *, office: bool) -> list[Moment]:
    moments = []
    for change in referral.changes.all():
        words = (
            str(Status(change.to_status).label)
            if office
            else str(selectors.PLAIN_STATUS[change.to_status])
        )
        who = ""
        if change.by is not None and office:
            who = change.by.display_name or change.by.email
        moments.append(Moment(change.at, words, change.to_status, change.note, who))
    return moments


def referral_context(referral: Referral, *, office: bool) -> dict[str, Any]:
    full = selectors.with_everything(referral)
    decision = selectors.decision_of(full)
    return {
        "referral": full,
        "plain_status": selectors.PLAIN_STATUS[full.status],
        "sections": submitted(full),
        "contacts": list(full.contacts.all()),
        "skills": [skill.name for skill in full.skills.all()],
        "timeline": timeline(full, office=office),
        "thread": list(full.messages.all()),
        "decision": decision,
        "decline_reasons": [
            str(label)
            for value, label in DeclineReason.choices
            if decision is not None and value in (decision.decline_reasons or [])
        ],
    }
