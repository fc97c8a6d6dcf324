"""The assessment of a referral: rating its components with evidence, the draft support
pattern designed with the person, and moving it on for a decision. Every write is checked here
(pages and the API call the same functions), runs in one transaction with the referral's row
locked, and is audited inside it; the evidence text and the answers are private (the audit
records only that they changed).

Ratings and the draft pattern change only while the referral is being assessed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ownterms.accounts.models import User
from ownterms.audit.services import field_changes, record_change
from ownterms.core.tenancy import check_same_organisation
from ownterms.referrals import questions
from ownterms.referrals.draft import as_pattern_block, label_of
from ownterms.referrals.models import (
    MINUTES_PER_DAY,
    Component,
    ComponentAssessment,
    DraftBlock,
    Rating,
    Referral,
    Status,
    StatusChange,
)
from ownterms.referrals.recommendation import recommend
from ownterms.referrals.selectors.evidence import component_figures
from ownterms.referrals.services.pipeline import move
from ownterms.rota.models import ShiftKind
from ownterms.rota.services.patterns import BlockInput, overlapping

MAX_EVIDENCE = 6000
MAX_ACTIVITY = 120
RATED_FIELDS = ("rating", "evidence", "answers")
BLOCK_FIELDS = (
    "weekday",
    "start_minute",
    "end_minute",
    "kind",
    "headcount",
    "activity",
    "developmental",
)


def _locked(referral: Referral) -> Referral:
    """The referral's row, locked; refused unless it is being assessed."""
    locked = Referral.objects.select_for_update().get(pk=referral.pk)
    if locked.status != Status.ASSESSMENT:
        raise ValidationError(
            _(
                "This referral is “%(status)s”: the assessment can only change while it "
                "is being assessed."
            )
            % {"status": locked.get_status_display()}
        )
    return locked


def _label(actor: User) -> str:
    return actor.display_name or actor.email


# Rating ----------------------------------------------------------------------------------------


def _check_rating(component: str, rating: str, evidence: str, answers: Mapping[str, Any]) -> str:
    errors: dict[str, str] = {}
    if component not in Component.values:
        errors["component"] = _("There is no such part of the assessment.")
    if rating not in Rating.values:
        errors["rating"] = _("Choose met, partly met or not met.")
    text = evidence.strip()
    if not text:
        errors["evidence"] = _("Write the evidence for this rating: what you found and where.")
    elif len(text) > MAX_EVIDENCE:
        errors["evidence"] = _("Keep the evidence to %(n)s characters (it has %(has)s).") % {
            "n": MAX_EVIDENCE,
            "has": len(text),
        }
    if component in Component.values:
        for key, message in questions.check_answers(component, answers).items():
            errors[f"answers.{key}" if key != "__all__" else "answers"] = message
    if errors:
        raise ValidationError(errors)
    return text


@transaction.atomic
def rate_component(
    *,
    actor: User,
    referral: Referral,
    component: str,
    rating: str,
    evidence: str,
    answers: Mapping[str, Any] | None = None,
) -> ComponentAssessment:
    """Rates one component with its evidence (and, for clarity and family, the answers to the
    structured questions). Rating again replaces the rating, and the audit says what changed.
    The computed figures are kept with the rating, as they were when it was made."""
    check_same_organisation(actor, referral)
    given = dict(answers or {})
    text = _check_rating(component, rating, evidence, given)
    locked = _locked(referral)
    figures = component_figures(locked, component)
    existing = ComponentAssessment.objects.filter(referral=locked, component=component).first()
    before = {name: getattr(existing, name) for name in RATED_FIELDS} if existing else None
    found = existing or ComponentAssessment(referral=locked, component=component)
    found.rating, found.evidence, found.answers, found.figures = rating, text, given, figures
    found.assessed_by, found.assessed_by_label = actor, _label(actor)
    found.assessed_at = timezone.now()
    found.full_clean()
    found.save()
    changes = field_changes(
        before,
        {name: getattr(found, name) for name in RATED_FIELDS},
        private=(*ComponentAssessment.audit_private_fields, "answers"),
    )
    # Re-rating with the same words still records who confirmed it, and when.
    record_change(
        actor=actor,
        organisation=locked.organisation,
        action="referral.assessment.rate" if existing is None else "referral.assessment.rerate",
        obj=found,
        person=locked.person,
        changes={"component": {"old": None, "new": component}, **changes}
        if existing is None
        else changes,
    )
    return found


# The draft support pattern -------------------------------------------------------------------


@dataclass(frozen=True)
class DraftBlockInput:
    weekday: int
    start_minute: int
    end_minute: int
    kind: str
    headcount: int = 1
    activity: str = ""
    developmental: bool = False


def _check_block(referral: Referral, data: DraftBlockInput, exclude: int | None) -> None:
    errors: dict[str, str] = {}
    if not 0 <= data.weekday <= 6:
        errors["weekday"] = _("Choose a day of the week.")
    if not 0 <= data.start_minute < MINUTES_PER_DAY:
        errors["start_minute"] = _("Enter a start time between 00:00 and 23:59.")
    elif data.end_minute <= data.start_minute:
        errors["end_minute"] = _(
            "The end must be after the start. For a night, say that it ends the next day."
        )
    elif data.end_minute - data.start_minute > MINUTES_PER_DAY:
        errors["end_minute"] = _("A block can last at most 24 hours.")
    if data.kind not in ShiftKind.values:
        errors["kind"] = _("Choose the kind of support.")
    if data.headcount not in (1, 2):
        errors["headcount"] = _("Choose 1:1 or 2:1.")
    if len(data.activity) > MAX_ACTIVITY:
        errors["activity"] = _("What we're doing must be %(n)s characters or fewer.") % {
            "n": MAX_ACTIVITY
        }
    if errors:
        raise ValidationError(errors)
    others = DraftBlock.objects.filter(referral=referral)
    if exclude is not None:
        others = others.exclude(pk=exclude)
    drafts = list(others)
    pattern_blocks = [as_pattern_block(b) for b in drafts]
    clash = overlapping(
        1,
        BlockInput(
            week=1,
            weekday=data.weekday,
            start_minute=data.start_minute,
            end_minute=data.end_minute,
            kind=data.kind,
        ),
        pattern_blocks,
    )
    if clash is not None:
        other = drafts[pattern_blocks.index(clash)]
        raise ValidationError(
            {
                "start_minute": _("This overlaps another block: %(other)s.")
                % {"other": label_of(other)}
            }
        )


def _fill(block: DraftBlock, data: DraftBlockInput) -> None:
    for name in BLOCK_FIELDS:
        value = getattr(data, name)
        setattr(block, name, value.strip() if isinstance(value, str) else value)


def _state(block: DraftBlock) -> dict[str, Any]:
    return {name: getattr(block, name) for name in BLOCK_FIELDS}


@transaction.atomic
def add_draft_block(*, actor: User, referral: Referral, data: DraftBlockInput) -> DraftBlock:
    check_same_organisation(actor, referral)
    locked = _locked(referral)
    _check_block(locked, data, exclude=None)
    block = DraftBlock(referral=locked)
    _fill(block, data)
    block.full_clean()
    block.save()
    record_change(
        actor=actor,
        organisation=locked.organisation,
        action="referral.draft_block.add",
        obj=block,
        person=locked.person,
        changes=field_changes(None, _state(block)),
    )
    return block


@transaction.atomic
def change_draft_block(*, actor: User, block: DraftBlock, data: DraftBlockInput) -> DraftBlock:
    referral = block.referral
    check_same_organisation(actor, referral)
    locked = _locked(referral)
    _check_block(locked, data, exclude=block.pk)
    before = _state(block)
    _fill(block, data)
    block.full_clean()
    block.save()
    changes = field_changes(before, _state(block))
    if changes:
        record_change(
            actor=actor,
            organisation=locked.organisation,
            action="referral.draft_block.change",
            obj=block,
            person=locked.person,
            changes=changes,
        )
    return block


@transaction.atomic
def remove_draft_block(*, actor: User, block: DraftBlock) -> None:
    referral = block.referral
    check_same_organisation(actor, referral)
    locked = _locked(referral)
    before = _state(block)
    record_change(
        actor=actor,
        organisation=locked.organisation,
        action="referral.draft_block.remove",
        obj=block,
        person=locked.person,
        changes=field_changes(before, None),
    )
    block.delete()


# Ready for a decision --------------------------------------------------------------------------


@transaction.atomic
def ready_for_decision(*, actor: User, referral: Referral) -> StatusChange:
    """Moves a referral whose every component is rated on to the decision, noting the
    recommendation; refused while any component is missing."""
    check_same_organisation(actor, referral)
    locked = _locked(referral)
    ratings = dict(
        ComponentAssessment.objects.filter(referral=locked).values_list("component", "rating")
    )
    advice = recommend(ratings)
    if advice.outcome is None:
        raise ValidationError(
            _("Rate every part before it goes for a decision. Still to rate: %(missing)s.")
            % {"missing": ", ".join(str(c.label) for c in advice.missing)}
        )
    return move(
        referral,
        Status.DECISION,
        actor=actor,
        note=_("Every part is assessed; the app recommends: %(outcome)s.")
        % {"outcome": advice.outcome.label},
    )
