"""The demo's referrals: a partner with a current grant, two years of decided referrals (the
accepted ones are demo people), a withdrawn one and three open ones at different stages."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from ownterms.accounts.demo import DEMO_SIGN_INS
from ownterms.accounts.models import Role, User
from ownterms.referrals.access import current_grant, referrals_visible_to
from ownterms.referrals.models import Decision, Outcome, Referral, Status
from ownterms.referrals.selectors.decisions import letter_of
from ownterms.referrals.selectors.reports import reports
from ownterms.referrals.services.decisions import decide, recommendation_for

pytestmark = [pytest.mark.django_db, pytest.mark.demo_data]


def test_the_demo_referrals(demo: Any) -> None:
    referrals = Referral.objects.filter(organisation=demo)
    statuses = Counter(referrals.values_list("status", flat=True))
    assert statuses == {
        Status.ACTIVE: 5,
        Status.DECLINED: 3,
        Status.WITHDRAWN: 1,
        Status.RECEIVED: 1,
        Status.ASSESSMENT: 1,
        Status.DECISION: 1,
    }
    assert len(set(referrals.values_list("source", flat=True))) >= 4

    # The partner follows their own referrals, with a current grant.
    partner = User.objects.get(email=DEMO_SIGN_INS[Role.PARTNER])
    assert current_grant(partner) is not None
    assert referrals_visible_to(partner).count() == 4

    # Accepted ones are the records of demo people, as referred.
    for referral in referrals.filter(status=Status.ACTIVE).select_related("person"):
        person = referral.person
        assert person is not None
        assert (person.first_name, person.last_name, person.date_of_birth) == (
            referral.first_name,
            referral.last_name,
            referral.date_of_birth,
        )
        assert referral.decision.accepted
    # One decision differs from the app's recommendation, with its reason.
    differs = Decision.objects.exclude(differs_because="")
    assert [(d.recommended, d.outcome) for d in differs] == [
        (Outcome.DECLINE, Outcome.ACCEPT_WITH_CONDITIONS)
    ]
    # Declines with their reasons, and a respectful letter for each.
    declined = Decision.objects.filter(outcome=Outcome.DECLINE)
    assert sorted(r for d in declined for r in d.decline_reasons) == [
        "capacity",
        "hours",
        "recruitability",
    ]
    for decision in declined:
        letter = letter_of(decision.referral)
        assert letter is not None
        assert "not the best provider" in decision.reasons

    found = reports(demo, 36)
    assert found.received == 12
    assert len(found.fared) == 5
    assert all(row.supported_at_12 for row in found.fared)
    assert [row.month for row in found.incidents] == list(range(1, 13))
    assert all(row.people == 5 for row in found.incidents)
    # Their first years have incidents (enrich_incident_history), settling as support goes on.
    assert sum(row.incidents for row in found.incidents[:3]) > sum(
        row.incidents for row in found.incidents[-3:]
    )
    assert found.trend.startswith("Fewer incidents as support settles"), found.trend

    # The one waiting for a decision can be decided as the app recommends.
    waiting = referrals.get(status=Status.DECISION)
    recommended = recommendation_for(waiting).outcome
    assert recommended == Outcome.ACCEPT_WITH_CONDITIONS
    manager = User.objects.get(email=DEMO_SIGN_INS[Role.MANAGER])
    decide(
        actor=manager,
        referral=waiting,
        outcome=recommended,
        reasons="A team can be built with one more weekend worker.",
        conditions="Recruit a weekend worker before the start.",
    )
    waiting.refresh_from_db()
    assert waiting.status == Status.TRANSITION
