"""Recording the decision on a referral: accept, accept with conditions, or decline.

One decision per referral, made while it waits for one (``Status.DECISION``) and every
component is rated. What the app recommended is kept beside what was decided; a decision that
differs says why (the database refuses it otherwise too). The referral then moves on through
``pipeline.move``: accepted → transition planning, declined → declined.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ownterms.accounts.models import User
from ownterms.audit.services import create_audited
from ownterms.core.tenancy import check_same_organisation
from ownterms.referrals.models import (
    ComponentAssessment,
    Decision,
    DeclineReason,
    Outcome,
    Referral,
    Status,
)
from ownterms.referrals.recommendation import Recommendation, recommend
from ownterms.referrals.services.pipeline import move

DECISION_FIELDS = (
    "recommended",
    "outcome",
    "differs_because",
    "conditions",
    "reasons",
    "decline_reasons",
    "decided_by_label",
    "decided_at",
)
#: The longest each text may be (the model's limits, said before saving).
LIMITS = {"reasons": 4000, "conditions": 4000, "differs_because": 2000}


def recommendation_for(referral: Referral) -> Recommendation:
    """What the app recommends from the referral's ratings as they stand."""
    ratings = dict(
        ComponentAssessment.objects.filter(referral=referral).values_list("component", "rating")
    )
    return recommend(ratings)


def _text_errors(texts: dict[str, str]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for name, text in texts.items():
        if "\x00" in text:
            errors[name] = [_("Remove the invisible control characters from this text.")]
        elif len(text) > LIMITS[name]:
            errors[name] = [
                _("Write at most %(limit)s characters (this is %(length)s).")
                % {"limit": LIMITS[name], "length": len(text)}
            ]
    return errors


def check_decision(
    *,
    recommended: str,
    outcome: str,
    reasons: str,
    conditions: str,
    decline_reasons: Sequence[str],
    differs_because: str,
) -> None:
    """Every rule of a decision, all errors at once, keyed by field (pages and API alike)."""
    errors = _text_errors(
        {"reasons": reasons, "conditions": conditions, "differs_because": differs_because}
    )
    if outcome not in Outcome.values:
        errors.setdefault("outcome", []).append(
            _("Choose accept, accept with conditions, or decline.")
        )
    if not reasons.strip():
        errors.setdefault("reasons", []).append(
            _("Write the reasons in words: they go in the letter to the referrer.")
        )
    if outcome == Outcome.ACCEPT_WITH_CONDITIONS and not conditions.strip():
        errors.setdefault("conditions", []).append(
            _("Write the conditions of the acceptance, one a line.")
        )
    if outcome in (Outcome.ACCEPT, Outcome.DECLINE) and conditions.strip():
        errors.setdefault("conditions", []).append(
            _("You wrote conditions: choose “Accept with conditions”, or clear them.")
        )
    unknown = [value for value in decline_reasons if value not in DeclineReason.values]
    if unknown:
        errors.setdefault("decline_reasons", []).append(_("Choose reasons from the list."))
    elif len(set(decline_reasons)) != len(decline_reasons):
        errors.setdefault("decline_reasons", []).append(_("Choose each reason once."))
    elif outcome == Outcome.DECLINE and not decline_reasons:
        errors.setdefault("decline_reasons", []).append(
            _("Choose at least one reason for declining.")
        )
    elif outcome in (Outcome.ACCEPT, Outcome.ACCEPT_WITH_CONDITIONS) and decline_reasons:
        errors.setdefault("decline_reasons", []).append(
            _("Reasons for declining go with a decline only: clear them, or choose “Decline”.")
        )
    if outcome in Outcome.values and outcome != recommended and not differs_because.strip():
        errors.setdefault("differs_because", []).append(
            _(
                "Your decision differs from the recommendation (%(recommended)s): "
                "say why you decided otherwise."
            )
            % {"recommended": Outcome(recommended).label}
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def decide(
    *,
    actor: User,
    referral: Referral,
    outcome: str,
    reasons: str,
    conditions: str = "",
    decline_reasons: Sequence[str] = (),
    differs_because: str = "",
) -> Decision:
    """Records the decision and moves the referral on (audited, one transaction). A second
    decision, a referral not waiting for one, or a component not yet rated is refused."""
    check_same_organisation(actor, referral)
    locked = Referral.objects.select_for_update().get(pk=referral.pk)
    existing = Decision.objects.filter(referral=locked).first()
    if existing is not None:
        raise ValidationError(
            _("A decision was already recorded on %(day)s by %(who)s: a referral has one.")
            % {
                "day": timezone.localtime(existing.decided_at).strftime("%-d %B %Y"),
                "who": existing.decided_by_label,
            }
        )
    if locked.status != Status.DECISION:
        raise ValidationError(
            _("Only a referral waiting for a decision can be decided (this one is “%(status)s”).")
            % {"status": locked.get_status_display()}
        )
    recommendation = recommendation_for(locked)
    if recommendation.outcome is None:
        raise ValidationError(
            _("Rate every component before deciding: %(missing)s not rated yet.")
            % {"missing": ", ".join(str(c.label) for c in recommendation.missing)}
        )
    reasons, conditions, differs_because = (
        reasons.strip(),
        conditions.strip(),
        differs_because.strip(),
    )
    chosen = [value for value in DeclineReason.values if value in decline_reasons]
    check_decision(
        recommended=recommendation.outcome,
        outcome=outcome,
        reasons=reasons,
        conditions=conditions,
        decline_reasons=list(decline_reasons),
        differs_because=differs_because,
    )
    decision = Decision(
        referral=locked,
        recommended=recommendation.outcome,
        outcome=outcome,
        differs_because=differs_because,
        conditions=conditions,
        reasons=reasons,
        decline_reasons=chosen,
        decided_by=actor,
        decided_by_label=actor.display_name,
        decided_at=timezone.now(),
    )
    try:
        with transaction.atomic():
            create_audited(
                actor=actor,
                organisation=locked.organisation,
                action="referral.decide",
                obj=decision,
                person=locked.person,
                fields=DECISION_FIELDS,
            )
    except IntegrityError:
        # Someone decided in between (the one-to-one refuses a second row).
        raise ValidationError(
            _("Someone else has just recorded a decision on this referral; reload it.")
        ) from None
    to_status = Status.DECLINED if outcome == Outcome.DECLINE else Status.TRANSITION
    move(locked, to_status, actor=actor, note=str(Outcome(outcome).label))
    referral.status = locked.status
    referral.status_changed_at = locked.status_changed_at
    return decision
