"""Recording the decision on a referral (services.decisions.decide)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from ownterms.audit.models import AuditEvent
from ownterms.referrals.models import Decision, Outcome, Status, StatusChange
from ownterms.referrals.services.decisions import decide
from tests.cast import Cast
from tests.ownterms.referrals import data

pytestmark = pytest.mark.django_db


def _manager(cast: Cast):  # type: ignore[no-untyped-def]
    user = cast.user("manager")
    assert user is not None
    return user


def test_accepting_records_the_decision_and_moves_to_transition(cast: Cast) -> None:
    referral = data.assessed(cast)
    decision = decide(
        actor=_manager(cast), referral=referral, outcome=Outcome.ACCEPT, reasons="All met."
    )
    referral.refresh_from_db()
    assert referral.status == Status.TRANSITION
    assert decision.recommended == Outcome.ACCEPT
    assert decision.decided_by_label == _manager(cast).display_name
    change = StatusChange.objects.filter(referral=referral).order_by("-at", "-pk").first()
    assert change is not None
    assert (change.from_status, change.to_status) == (Status.DECISION, Status.TRANSITION)
    event = AuditEvent.objects.get(action="referral.decide")
    # The reasons are private: the audit records only that they were written.
    assert event.changes["reasons"] == {"changed": True}
    assert event.changes["outcome"]["new"] == Outcome.ACCEPT
    assert AuditEvent.objects.filter(action="referral.status").exists()


def test_declining_needs_a_reason_from_the_list_and_moves_to_declined(cast: Cast) -> None:
    referral = data.assessed(cast, {"capacity": "not_met"})
    with pytest.raises(ValidationError) as error:
        decide(actor=_manager(cast), referral=referral, outcome=Outcome.DECLINE, reasons="Full.")
    assert "decline_reasons" in error.value.message_dict
    assert not Decision.objects.exists()
    decide(
        actor=_manager(cast),
        referral=referral,
        outcome=Outcome.DECLINE,
        reasons="We have started with five people this year.",
        decline_reasons=["capacity", "capacity"][:1],
    )
    referral.refresh_from_db()
    assert referral.status == Status.DECLINED
    assert Decision.objects.get().decline_reasons == ["capacity"]


def test_every_rule_is_said_at_once_next_to_its_field(cast: Cast) -> None:
    referral = data.assessed(cast)
    with pytest.raises(ValidationError) as error:
        decide(
            actor=_manager(cast),
            referral=referral,
            outcome=Outcome.ACCEPT_WITH_CONDITIONS,
            reasons="   ",
            conditions="",
            decline_reasons=["nonsense"],
        )
    errors = error.value.message_dict
    assert set(errors) == {"reasons", "conditions", "decline_reasons", "differs_because"}
    assert "Accept" in errors["differs_because"][0]
    referral.refresh_from_db()
    assert referral.status == Status.DECISION


def test_a_decision_against_the_recommendation_needs_a_reason(cast: Cast) -> None:
    referral = data.assessed(cast, {"hours": "not_met"})
    with pytest.raises(ValidationError) as error:
        decide(actor=_manager(cast), referral=referral, outcome=Outcome.ACCEPT, reasons="Yes.")
    assert "differs_because" in error.value.message_dict
    decision = decide(
        actor=_manager(cast),
        referral=referral,
        outcome=Outcome.ACCEPT,
        reasons="The council agreed two more hours a day in writing.",
        differs_because="The hours were raised after the rating.",
    )
    assert (decision.recommended, decision.outcome) == (Outcome.DECLINE, Outcome.ACCEPT)


def test_the_database_refuses_a_differing_decision_without_a_reason(cast: Cast) -> None:
    referral = data.assessed(cast)
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(
            referral=referral,
            recommended=Outcome.ACCEPT,
            outcome=Outcome.DECLINE,
            reasons="x",
            decided_by_label="x",
            decided_at=referral.received_at,
        )


def test_conditions_and_decline_reasons_go_with_their_outcome_only(cast: Cast) -> None:
    referral = data.assessed(cast)
    with pytest.raises(ValidationError) as error:
        decide(
            actor=_manager(cast),
            referral=referral,
            outcome=Outcome.ACCEPT,
            reasons="Yes.",
            conditions="Train a second worker.",
            decline_reasons=["hours"],
        )
    assert set(error.value.message_dict) == {"conditions", "decline_reasons"}


def test_one_decision_per_referral(cast: Cast) -> None:
    referral = data.assessed(cast)
    decide(actor=_manager(cast), referral=referral, outcome=Outcome.ACCEPT, reasons="Yes.")
    with pytest.raises(ValidationError, match="already recorded"):
        decide(actor=_manager(cast), referral=referral, outcome=Outcome.ACCEPT, reasons="Again.")
    assert Decision.objects.count() == 1


def test_only_a_referral_waiting_for_a_decision_with_every_rating(cast: Cast) -> None:
    referral = data.a_referral(cast)  # being assessed, nothing rated
    with pytest.raises(ValidationError, match="waiting for a decision"):
        decide(actor=_manager(cast), referral=referral, outcome=Outcome.ACCEPT, reasons="Yes.")
    referral = data.assessed(cast)
    referral.assessments.filter(component="family").delete()
    with pytest.raises(ValidationError, match="Rate every component"):
        decide(actor=_manager(cast), referral=referral, outcome=Outcome.ACCEPT, reasons="Yes.")


@pytest.mark.parametrize(
    ("field", "text", "message"),
    [
        ("reasons", "x" * 4001, "at most 4000"),
        ("reasons", "nul\x00byte", "control characters"),
        ("differs_because", "y" * 2001, "at most 2000"),
    ],
)
def test_huge_and_malformed_text_is_refused(
    cast: Cast, field: str, text: str, message: str
) -> None:
    referral = data.assessed(cast, {"family": "partly"})
    values = {
        "reasons": "Fine.",
        "conditions": "A shared plan with the family.",
        "differs_because": "",
    }
    values[field] = text
    with pytest.raises(ValidationError) as error:
        decide(
            actor=_manager(cast),
            referral=referral,
            outcome=Outcome.ACCEPT_WITH_CONDITIONS,
            **values,
        )
    assert message in error.value.message_dict[field][0]


def test_another_organisation_can_not_decide(cast: Cast) -> None:
    referral = data.assessed(cast)
    other = cast.user("other_org_admin")
    assert other is not None
    with pytest.raises(ValidationError):
        decide(actor=other, referral=referral, outcome=Outcome.ACCEPT, reasons="Yes.")
    assert not Decision.objects.exists()
