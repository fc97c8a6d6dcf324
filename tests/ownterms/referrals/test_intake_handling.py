"""The office working a referral at intake (more information, the assessment, an early
decline, who holds it), the partner withdrawing it, messages both ways and who is told."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction

from ownterms.accounts.models import User
from ownterms.audit.models import AuditEvent
from ownterms.notifications.models import Notification
from ownterms.referrals.models import Decision, Message, Referral, Status
from ownterms.referrals.services import handling, intake
from ownterms.referrals.services import messages as conversation
from tests.cast import Cast
from tests.ownterms.referrals import data, intake_data

pytestmark = pytest.mark.django_db


def member(cast: Cast, name: str) -> User:
    user = cast.user(name)
    assert user is not None
    return user


def test_asking_for_more_information(cast: Cast) -> None:
    referral = intake_data.received(cast)
    manager, partner = member(cast, "manager"), member(cast, "partner_current")
    Notification.objects.all().delete()
    handling.request_information(actor=manager, referral=referral, text="Is there a care plan?")
    referral.refresh_from_db()
    assert referral.status == Status.INFORMATION_REQUESTED
    message = Message.objects.get(referral=referral)
    assert (message.author, message.from_referrer) == (manager, False)
    # One notification for the partner: the move (it names the reference only).
    told = Notification.objects.get(user=partner)
    assert "More information requested" in told.subject
    assert "care plan" not in told.body
    event = AuditEvent.objects.get(action="referral.message")
    assert event.changes["text"] == {"changed": True}
    # Asking again while it waits is a message, which tells them itself.
    handling.request_information(actor=manager, referral=referral, text="And the GP's name?")
    assert Message.objects.filter(referral=referral).count() == 2
    assert Notification.objects.filter(user=partner).count() == 2
    with pytest.raises(ValidationError) as caught:
        handling.request_information(actor=manager, referral=referral, text="   ")
    assert caught.value.message_dict == {"text": ["Write your message."]}


def test_the_partner_answers_and_our_contact_hears(cast: Cast) -> None:
    referral = intake_data.received(cast)
    manager, partner = member(cast, "manager"), member(cast, "partner_current")
    handling.set_holders(
        actor=manager, referral=referral, contact=manager, manager=cast.staff["manager"]
    )
    Notification.objects.all().delete()
    referral.refresh_from_db()
    conversation.post_message(actor=partner, referral=referral, text="The plan is attached.")
    told = Notification.objects.get()
    assert told.user == manager
    assert told.link.endswith(f"/referrals/{referral.public_id}/")
    with pytest.raises(ValidationError):
        conversation.post_message(actor=partner, referral=referral, text="x" * 4001)
    for name in ("partner_expired", "team_worker", "other_org_admin"):
        with pytest.raises(PermissionDenied):
            conversation.post_message(actor=member(cast, name), referral=referral, text="Hi")


def test_the_assessment_starts_and_the_pipeline_is_kept(cast: Cast) -> None:
    referral = intake_data.received(cast)
    manager = member(cast, "manager")
    handling.start_assessment(actor=manager, referral=referral)
    referral.refresh_from_db()
    assert referral.status == Status.ASSESSMENT
    with pytest.raises(ValidationError) as caught:
        handling.start_assessment(actor=manager, referral=referral)
    assert "can't become" in caught.value.message_dict["status"][0]
    with pytest.raises(ValidationError) as caught:
        handling.move_as_office(actor=manager, referral=referral, to_status=Status.TRANSITION)
    assert "Only these moves" in caught.value.message_dict["status"][0]
    with pytest.raises(PermissionDenied):
        handling.start_assessment(actor=member(cast, "partner_current"), referral=referral)


def test_a_stale_page_is_a_conflict(cast: Cast) -> None:
    referral = intake_data.received(cast)
    manager = member(cast, "manager")
    stale = Referral.objects.get(pk=referral.pk)
    handling.start_assessment(actor=manager, referral=referral)
    with pytest.raises(handling.Conflict) as caught:
        handling.withdraw(actor=manager, referral=stale, reason="Found elsewhere")
    assert "Being assessed" in caught.value.message
    with pytest.raises(handling.Conflict):
        handling.withdraw(
            actor=manager, referral=referral, reason="Found elsewhere", seen=Status.RECEIVED
        )


def test_the_partner_withdraws_with_a_reason(cast: Cast) -> None:
    referral = intake_data.received(cast)
    partner = member(cast, "partner_current")
    with pytest.raises(ValidationError) as caught:
        handling.withdraw(actor=partner, referral=referral, reason=" ")
    assert caught.value.message_dict == {"reason": ["Say why the referral is withdrawn."]}
    with pytest.raises(ValidationError):
        handling.withdraw(actor=partner, referral=referral, reason="x" * 501)
    Notification.objects.all().delete()
    handling.withdraw(actor=partner, referral=referral, reason="Moved to another county")
    referral.refresh_from_db()
    assert (referral.status, referral.closed_note) == (Status.WITHDRAWN, "Moved to another county")
    assert referral.changes.last().note == "Moved to another county"  # type: ignore[union-attr]
    # The office hears of it; the partner is not told of their own move.
    assert not Notification.objects.filter(user=partner).exists()
    assert Notification.objects.filter(subject__contains="withdrawn").count() == 4
    with pytest.raises(ValidationError):
        conversation.post_message(actor=partner, referral=referral, text="Sorry, one more thing")
    other = data.a_referral(cast, "partner_expired")
    with pytest.raises(PermissionDenied):
        handling.withdraw(actor=partner, referral=other, reason="Not mine")
    with pytest.raises(PermissionDenied):
        handling.withdraw(
            actor=member(cast, "partner_expired"), referral=other, reason="Grant ended"
        )


def test_an_early_decline_is_a_decision(cast: Cast) -> None:
    assessed = data.a_referral(cast)  # being assessed: the decision's to decline
    referral = intake_data.received(cast)
    manager = member(cast, "manager")
    with pytest.raises(ValidationError) as caught:
        handling.decline_early(actor=manager, referral=referral, reasons="", decline_reason="hours")
    assert "reasons" in caught.value.message_dict
    decision = handling.decline_early(
        actor=manager,
        referral=referral,
        reasons="Twenty hours can't give Ali safe support and time to build new skills.",
        decline_reason="hours",
    )
    referral.refresh_from_db()
    assert referral.status == Status.DECLINED
    assert (decision.recommended, decision.outcome, decision.decline_reasons) == (
        "decline",
        "decline",
        ["hours"],
    )
    assert AuditEvent.objects.get(action="referral.decline_early").changes["reasons"] == {
        "changed": True
    }
    assessed = data.a_referral(cast)  # being assessed: the decision's to decline
    with pytest.raises(ValidationError) as caught:
        handling.decline_early(
            actor=manager, referral=assessed, reasons="No", decline_reason="other"
        )
    assert "assessment has started" in caught.value.message_dict["status"][0]
    assert Decision.objects.count() == 1


def test_who_holds_it(cast: Cast) -> None:
    referral = intake_data.received(cast)
    manager = member(cast, "manager")
    with pytest.raises(ValidationError) as caught:
        handling.set_holders(
            actor=manager,
            referral=referral,
            contact=member(cast, "team_worker"),
            manager=cast.staff["team_worker"],
        )
    assert set(caught.value.message_dict) == {"contact", "proposed_manager"}
    handling.set_holders(
        actor=manager,
        referral=referral,
        contact=member(cast, "administrator"),
        manager=cast.staff["other_manager"],
    )
    referral.refresh_from_db()
    assert referral.contact == member(cast, "administrator")
    assert referral.proposed_manager == cast.staff["other_manager"]
    assert AuditEvent.objects.filter(action="referral.holders").count() == 1
    handling.set_holders(
        actor=manager,
        referral=referral,
        contact=member(cast, "administrator"),
        manager=cast.staff["other_manager"],
    )
    assert AuditEvent.objects.filter(action="referral.holders").count() == 1


def _at_once(calls: list[Callable[[], object]]) -> list[str]:
    outcomes: list[str] = []
    start = threading.Barrier(len(calls))

    def attempt(call: Callable[[], object]) -> None:
        try:
            start.wait(timeout=10)
            with transaction.atomic():
                call()
            outcomes.append("saved")
        except ValidationError:
            outcomes.append("refused")
        except Exception as error:
            outcomes.append(f"error: {error!r}")
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return sorted(outcomes)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_double_submit_at_once_makes_one_referral(cast: Cast) -> None:
    data.grant(cast)
    partner = member(cast, "partner_current")

    def send(first_name: str) -> Callable[[], object]:
        return lambda: intake.submit(
            actor=partner, details=intake_data.details(first_name=first_name)
        )

    assert _at_once([send("Ali"), send("Ali")]) == ["refused", "saved"]
    assert Referral.objects.count() == 1
    # Two different people at once: both saved, each with its own number.
    assert _at_once([send("Bea"), send("Cal"), send("Dev")]) == ["saved"] * 3
    references = sorted(Referral.objects.values_list("reference", flat=True))
    assert len(set(references)) == 4
    assert [int(ref.rsplit("-", 1)[1]) for ref in references] == [1, 2, 3, 4]
