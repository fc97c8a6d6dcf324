"""The intake's services: submitting (references, consent, hours and rates, dates, duplicates,
expired grants), the office's corrections, and who is told."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.utils import timezone

from ownterms.accounts.models import Role, RoleGrant, User
from ownterms.audit.models import AuditEvent
from ownterms.notifications.models import Notification
from ownterms.referrals.models import Referral, ReferralContact, Status, StatusChange
from ownterms.referrals.services import intake
from ownterms.referrals.services.intake import ContactDetails
from ownterms.vocabulary.models import Skill
from tests.cast import Cast
from tests.ownterms.referrals import data, intake_data

pytestmark = pytest.mark.django_db


def member(cast: Cast, name: str) -> User:
    user = cast.user(name)
    assert user is not None
    return user


def errors_of(call: object) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        call()  # type: ignore[operator]
    return caught.value.message_dict


def submit(cast: Cast, **changes: object) -> Referral:
    data.grant(cast)
    return intake.submit(
        actor=member(cast, "partner_current"), details=intake_data.details(**changes)
    )


def test_a_submitted_referral_has_everything(cast: Cast) -> None:
    skill = Skill.objects.create(organisation=cast.organisation, name="Autism", key="autism")
    referral = submit(cast, skills=[skill], what_they_want="Line one\nline two  ")
    year = timezone.localdate().year
    assert referral.reference == f"R-{year}-001"
    assert referral.status == Status.RECEIVED
    their_grant = data.grant(cast)
    partner = member(cast, "partner_current")
    assert (referral.grant, referral.submitted_by) == (their_grant, partner)
    assert referral.referrer_name == partner.display_name
    assert referral.referrer_email == partner.email
    assert referral.referrer_agency == their_grant.agency
    assert referral.source == their_grant.source
    assert referral.postcode == "ME14 2AB"
    assert referral.what_they_want == "Line one\nline two"
    assert list(referral.skills.all()) == [skill]
    assert [c.name for c in referral.contacts.all()] == ["Sara Khan"]
    change = StatusChange.objects.get(referral=referral)
    assert (change.from_status, change.to_status, change.by) == ("", Status.RECEIVED, partner)
    event = AuditEvent.objects.get(action="referral.submit")
    assert event.actor == partner and event.object_id == str(referral.public_id)
    assert event.changes["key_needs"] == {"changed": True}
    assert event.changes["first_name"] == {"old": None, "new": "Ali"}
    # Nobody is our named contact yet: the office hears of it, by reference only.
    told = Notification.objects.filter(topic="referrals")
    assert {n.user.email for n in told} == {
        member(cast, name).email
        for name in ("administrator", "manager", "other_manager", "on_call_manager")
    }
    assert all("Ali" not in n.subject + n.body for n in told)
    second = submit(cast, first_name="Bea")
    assert second.reference == f"R-{year}-002"


def test_references_are_numbered_per_organisation_and_year(cast: Cast) -> None:
    year = timezone.localdate().year
    data.a_referral(cast)  # R-TEST-001: not of the yearly pattern
    Referral.objects.create(
        **{
            **{f: getattr(data.a_referral(cast), f) for f in intake.DETAIL_FIELDS},
            "organisation": cast.other_organisation,
            "reference": f"R-{year}-041",
            "source": "council",
            "referrer_name": "X",
            "referrer_agency": "Y",
            "referrer_email": "x@example.org",
            "received_at": timezone.now(),
            "status_changed_at": timezone.now(),
        }
    )
    Referral.objects.filter(reference="R-TEST-001").update(reference=f"R-{year - 1}-099")
    assert submit(cast).reference == f"R-{year}-001"
    Referral.objects.filter(organisation=cast.organisation, reference=f"R-{year}-001").update(
        reference=f"R-{year}-999"
    )
    assert submit(cast, first_name="Bea").reference == f"R-{year}-1000"


def test_consent_to_share_is_required(cast: Cast) -> None:
    found = errors_of(lambda: submit(cast, consent_to_share=False))
    assert "consent" in found["consent_to_share"][0]
    found = errors_of(lambda: submit(cast, consent_given_by="best_interests"))
    assert "who made the decision" in found["consent_note"][0]
    found = errors_of(lambda: submit(cast, consent_given_by=""))
    assert found["consent_given_by"] == ["Say who gave consent to share this referral."]
    referral = submit(
        cast, consent_given_by="attorney", consent_note="Health and welfare LPA: his mother"
    )
    assert referral.consent_given_by == "attorney"
    assert not Referral.objects.filter(consent_to_share=False).exists()


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        (
            {"day_minutes": 0, "day_rate_pence": 0, "sleep_in_nights": 0, "sleep_in_rate_pence": 0},
            "day_minutes",
            "Enter the support being commissioned",
        ),
        ({"day_minutes": 100 * 60, "waking_night_minutes": 70 * 60}, "day_minutes", "168"),
        ({"day_rate_pence": 0}, "day_rate_pence", "Enter the day rate"),
        ({"waking_night_rate_pence": 2000}, "waking_night_rate_pence", "no waking night support"),
        ({"day_rate_pence": 245000}, "day_rate_pence", "£2,450.00 an hour"),
        ({"sleep_in_nights": 8}, "sleep_in_nights", "between 0 and 7"),
        ({"sleep_in_nights": 0}, "sleep_in_rate_pence", "no sleep-in support"),
        ({"two_to_one_minutes": 120, "two_to_one_rate_pence": 4900}, "two_to_one_when", "when"),
        ({"two_to_one_when": "Swimming"}, "two_to_one_minutes", "2:1 hours"),
        ({"day_minutes": -60}, "day_minutes", "negative"),
    ],
)
def test_hours_and_rates_must_add_up(
    cast: Cast, changes: dict[str, object], field: str, words: str
) -> None:
    found = errors_of(lambda: submit(cast, **changes))
    assert any(words in message for message in found[field]), found
    assert not Referral.objects.exists()


def test_dates_texts_and_lists(cast: Cast) -> None:
    today = timezone.localdate()
    found = errors_of(
        lambda: submit(
            cast,
            start_wanted=today - dt.timedelta(days=1),
            date_of_birth=today + dt.timedelta(days=1),
            first_name="A" * 101,
            key_needs="x" * 4001,
            postcode="NOT A POSTCODE",
            communication_formats=["telepathy"],
            home="castle",
            contacts=[ContactDetails(name="", kind="cousin", relationship="", email="nope")],
        )
    )
    assert found["start_wanted"] == ["The start date wanted can't be in the past."]
    assert found["date_of_birth"] == ["The date of birth can't be in the future."]
    assert "at most 100" in found["first_name"][0]
    assert "at most 4000" in found["key_needs"][0]
    assert "postcode" in found["postcode"][0]
    assert found["communication_formats"] == ["Choose format needs from the list."]
    assert "not a valid choice" in found["home"][0]
    assert found["contacts.0.name"] == ["Enter the contact's name."]
    assert found["contacts.0.kind"] == ["Choose what kind of contact they are."]
    assert found["contacts.0.relationship"] == ["Say who they are to the person."]
    assert "email" in found["contacts.0.email"][0].lower()
    found = errors_of(lambda: submit(cast, first_name="  ", what_they_want=""))
    assert found["first_name"] == ["Enter the person's first name."]
    assert found["what_they_want"] == ["Tell us what the person wants from life."]
    other = Skill.objects.create(organisation=cast.other_organisation, name="Driving", key="d")
    assert "skills" in errors_of(lambda: submit(cast, skills=[other]))
    too_many = [
        ContactDetails(name=f"P{i}", kind="friend", relationship="Friend") for i in range(21)
    ]
    assert "contacts" in errors_of(lambda: submit(cast, contacts=too_many))
    assert not Referral.objects.exists()


def test_hostile_text_is_kept_as_typed(cast: Cast) -> None:
    hostile = '<script>alert("x")</script> & <b>bold</b>'
    referral = submit(cast, key_needs=hostile, last_name="O'Brien <b>")
    assert referral.key_needs == hostile
    assert referral.last_name == "O'Brien <b>"


def test_a_duplicate_open_referral_is_refused(cast: Cast) -> None:
    first = submit(cast)
    found = errors_of(lambda: submit(cast, first_name="ali", last_name="KHAN"))
    assert first.reference in found[NON_FIELD_ERRORS][0]
    # Someone else's open referral of the same person: refused without naming it.
    Referral.objects.filter(pk=first.pk).update(grant=data.grant(cast, "partner_expired"))
    found = errors_of(lambda: submit(cast))
    assert first.reference not in found[NON_FIELD_ERRORS][0]
    assert "already have an open referral" in found[NON_FIELD_ERRORS][0]
    # Another person of the same name (another date of birth) is not a duplicate...
    assert submit(cast, date_of_birth=dt.date(1970, 1, 1)).pk != first.pk
    # ...and once the first one is closed, they may be referred again.
    Referral.objects.filter(pk=first.pk).update(status=Status.WITHDRAWN)
    Referral.objects.filter(date_of_birth=dt.date(1970, 1, 1)).update(status=Status.DECLINED)
    assert submit(cast).status == Status.RECEIVED


def test_only_a_partner_with_a_current_grant_submits(cast: Cast) -> None:
    data.grant(cast, "partner_expired")
    for name in ("partner_expired", "manager", "administrator", "team_worker"):
        with pytest.raises(PermissionDenied):
            intake.submit(actor=member(cast, name), details=intake_data.details())
    assert not Referral.objects.exists()


def test_the_office_corrects_the_details(cast: Cast) -> None:
    referral = submit(cast)
    manager = member(cast, "manager")
    sara = referral.contacts.get()
    changed = intake.details_of(referral)
    changed.key_needs = "A calm home, and help with money."
    changed.day_minutes = 25 * 60
    changed.contacts = [
        ContactDetails(
            name="Sara Khan",
            kind="family",
            relationship="Older sister",
            public_id=sara.public_id,
        ),
        ContactDetails(name="Dr Patel", kind="professional", relationship="GP"),
    ]
    intake.update_details(
        actor=manager,
        referral=referral,
        details=changed,
        referrer={"referrer_email": "new@council.example", "status": "active"},
    )
    referral.refresh_from_db()
    assert referral.key_needs.endswith("money.")
    assert referral.day_minutes == 1500
    assert referral.referrer_email == "new@council.example"
    assert referral.status == Status.RECEIVED
    assert sorted(referral.contacts.values_list("relationship", flat=True)) == [
        "GP",
        "Older sister",
    ]
    event = AuditEvent.objects.get(action="referral.update")
    assert event.changes["key_needs"] == {"changed": True}
    assert event.changes["day_minutes"] == {"old": 1200, "new": 1500}
    assert event.changes["contacts"] == {"added": ["Dr Patel"], "changed": ["Sara Khan"]}
    # Leaving a contact out removes it; a start date already past may stay as it was.
    Referral.objects.filter(pk=referral.pk).update(
        start_wanted=timezone.localdate() - dt.timedelta(days=3)
    )
    referral.refresh_from_db()
    again = intake.details_of(referral)
    again.contacts = [c for c in again.contacts if c.name == "Dr Patel"]
    intake.update_details(actor=manager, referral=referral, details=again)
    assert list(ReferralContact.objects.values_list("name", flat=True)) == ["Dr Patel"]
    again.first_name = ""
    assert "first_name" in errors_of(
        lambda: intake.update_details(actor=manager, referral=referral, details=again)
    )
    with pytest.raises(PermissionDenied):
        intake.update_details(
            actor=member(cast, "partner_current"), referral=referral, details=again
        )
    Referral.objects.filter(pk=referral.pk).update(status=Status.WITHDRAWN)
    referral.refresh_from_db()
    with pytest.raises(ValidationError):
        intake.update_details(actor=manager, referral=referral, details=intake.details_of(referral))


def test_a_correction_with_nothing_different_records_nothing(cast: Cast) -> None:
    referral = submit(cast)
    intake.update_details(
        actor=member(cast, "manager"), referral=referral, details=intake.details_of(referral)
    )
    assert not AuditEvent.objects.filter(action="referral.update").exists()


def test_the_partner_is_told_of_every_move_by_others(cast: Cast) -> None:
    from ownterms.referrals.services import pipeline

    referral = submit(cast)
    partner = member(cast, "partner_current")
    Notification.objects.all().delete()
    pipeline.move(referral, Status.ASSESSMENT, actor=member(cast, "manager"))
    told = Notification.objects.get(user=partner)
    assert told.subject == f"Referral {referral.reference}: Being assessed"
    assert told.link.endswith(f"/referrals/mine/{referral.public_id}/")


def test_a_partner_in_another_organisation_gets_their_own_numbers(cast: Cast) -> None:
    other = User.objects.create(
        email="partner@other.example",
        display_name="Olu Other",
        organisation=cast.other_organisation,
    )
    RoleGrant.objects.create(user=other, role=Role.PARTNER)
    from ownterms.referrals.models import ReferrerGrant

    ReferrerGrant.objects.create(
        organisation=cast.other_organisation,
        user=other,
        agency="Other council",
        source="council",
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + dt.timedelta(days=5),
    )
    year = timezone.localdate().year
    ours = submit(cast)
    theirs = intake.submit(actor=other, details=intake_data.details())
    assert ours.reference == theirs.reference == f"R-{year}-001"
    assert theirs.organisation == cast.other_organisation
