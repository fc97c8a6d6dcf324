"""The person's easy-read check-ins: a face from 1 to 5 per topic and their own words.

A check-in is recorded by the person themself, or with them by someone who supports them
(``outcomes.reviews_access``). Their own words are kept exactly as given (only spaces around
the whole text are dropped), and never shortened or corrected.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ownterms.accounts.models import User
from ownterms.audit.services import create_audited
from ownterms.core.tenancy import check_same_organisation
from ownterms.outcomes.models import CHECK_IN_TOPICS, SMILEY_MAX, SMILEY_MIN, CheckIn, Review
from ownterms.people.models import Person

TOPICS = frozenset(key for key, _label in CHECK_IN_TOPICS)
CHECK_IN_FIELDS = ("on", "answers", "own_words", "helped_by", "review")
#: The earliest date a check-in may have (older ones belong in the person's history notes).
OLDEST = dt.timedelta(days=366)


def clean_answers(answers: Mapping[str, object]) -> dict[str, int]:
    """``answers`` as topic → 1..5; a topic with no answer (``None`` or "") is left out.
    Raises field errors ``answers.<topic>`` for an unknown topic or a face outside 1 to 5."""
    errors: dict[str, str] = {}
    cleaned: dict[str, int] = {}
    for topic, value in answers.items():
        if topic not in TOPICS:
            errors[f"answers.{topic}"] = _("We don't ask about “%(topic)s”.") % {
                "topic": str(topic)[:40]
            }
            continue
        if value is None or value == "":
            continue
        if isinstance(value, bool) or not isinstance(value, int | str):
            errors[f"answers.{topic}"] = _("Choose a face from 1 to 5.")
            continue
        try:
            number = int(value)
        except ValueError:
            number = 0
        if not SMILEY_MIN <= number <= SMILEY_MAX:
            errors[f"answers.{topic}"] = _("Choose a face from 1 to 5.")
            continue
        cleaned[topic] = number
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def record_check_in(
    *,
    actor: User,
    person: Person,
    on: dt.date | None,
    answers: Mapping[str, object],
    own_words: str = "",
    helped_by: str = "",
    review: Review | None = None,
    basis: str = "",
) -> CheckIn:
    """Records a check-in (``review``: the review it is part of, if any)."""
    check_same_organisation(actor, person, review)
    errors: dict[str, str] = {}
    try:
        cleaned = clean_answers(answers)
    except ValidationError as error:
        errors.update({name: messages[0] for name, messages in error.message_dict.items()})
        cleaned = {}
    today = timezone.localdate()
    if on is None:
        errors["on"] = _("Enter the date.")
    elif on > today:
        errors["on"] = _("The date can't be in the future.")
    elif on < today - OLDEST:
        errors["on"] = _("The date can't be more than a year ago.")
    words = (own_words or "").strip()
    if len(words) > 4000:
        errors["own_words"] = _("Keep your own words under 4,000 characters.")
    helper = " ".join((helped_by or "").split())
    if len(helper) > 150:
        errors["helped_by"] = _("Keep who helped under 150 characters.")
    if review is not None and review.person_id != person.pk:
        errors["review"] = _("Choose one of this person's reviews.")
    if not errors and not cleaned and not words:
        errors["answers"] = _(
            "Choose a face for at least one thing, or say something in your own words."
        )
    if errors:
        raise ValidationError(errors)
    assert on is not None
    check_in = CheckIn(
        organisation_id=person.organisation_id,
        person=person,
        review=review,
        on=on,
        answers=cleaned,
        own_words=words,
        helped_by=helper,
        recorded_by=actor,
    )
    return create_audited(
        actor=actor,
        organisation=person.organisation,
        action="check_in.record",
        obj=check_in,
        person=person,
        fields=CHECK_IN_FIELDS,
        basis=basis,
    )
