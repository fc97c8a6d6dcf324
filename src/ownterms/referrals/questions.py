"""The structured questions of the assessment's judgement components (clarity and
achievability; family vision and partnership), their answers, and the rating the answers
suggest (pure: no database). The answers are kept in ``ComponentAssessment.answers`` as
``{question key: answer value}``; the free-text evidence says why.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ownterms.referrals.models import Component, Rating

YES, PARTLY, NO, DONT_KNOW = "yes", "partly", "no", "dont_know"
VERY, SOMEWHAT, LITTLE = "very", "somewhat", "little"

AGREEMENT: tuple[tuple[str, Promise], ...] = (
    (YES, _("Yes")),
    (PARTLY, _("Partly")),
    (NO, _("No")),
    (DONT_KNOW, _("We don't know yet")),
)
SIGNIFICANCE: tuple[tuple[str, Promise], ...] = (
    (VERY, _("Very significant")),
    (SOMEWHAT, _("Somewhat significant")),
    (LITTLE, _("Of little significance")),
    (DONT_KNOW, _("We don't know yet")),
)


@dataclass(frozen=True)
class Question:
    key: str
    text: Promise
    choices: tuple[tuple[str, Promise], ...] = AGREEMENT
    hint: Promise | str = ""

    @property
    def values(self) -> frozenset[str]:
        return frozenset(value for value, _label in self.choices)

    def label_of(self, value: str) -> str:
        return str(dict(self.choices).get(value, ""))


QUESTIONS: dict[str, tuple[Question, ...]] = {
    Component.CLARITY: (
        Question(
            "knows_support",
            _("Does the person know what support they want?"),
            hint=_("In their own words or way of communicating, not only what others say."),
        ),
        Question(
            "achievable",
            _("Is what they want achievable with these hours?"),
        ),
        Question(
            "heard_from_person",
            _("Have we met the person and heard it from them?"),
        ),
    ),
    Component.FAMILY: (
        Question(
            "shares_vision",
            _("Does the family share the person's vision, and ours?"),
        ),
        Question(
            "partnership",
            _("Can we work in partnership with the family?"),
        ),
        Question(
            "significance",
            _("How significant is this relationship to the person?"),
            choices=SIGNIFICANCE,
        ),
    ),
}


def questions_for(component: str) -> tuple[Question, ...]:
    return QUESTIONS.get(component, ())


def check_answers(component: str, answers: Mapping[str, object]) -> dict[str, str]:
    """What is wrong with ``answers`` for ``component``, by question key (``__all__`` for
    questions that do not exist); empty when they are all there and valid."""
    errors: dict[str, str] = {}
    known = {q.key: q for q in questions_for(component)}
    unknown = sorted(set(answers) - set(known))
    if unknown:
        errors["__all__"] = str(_("These are not questions of this part: %(keys)s.")) % {
            "keys": ", ".join(key[:40] for key in unknown[:5])
        }
    for key, question in known.items():
        value = answers.get(key)
        if value in (None, ""):
            errors[key] = str(_("Answer this question (“We don't know yet” is an answer)."))
        elif value not in question.values:
            errors[key] = str(_("Choose one of the answers given."))
    return errors


def suggest(component: str, answers: Mapping[str, str]) -> Rating | None:
    """The rating the answers suggest, ``None`` until every question is answered.

    Any "no" suggests not met, any "partly" or "don't know" partly met, all "yes" met. For the
    family, a relationship of little significance to the person weighs less: a "no" there
    suggests partly met, not a missing piece.
    """
    questions = questions_for(component)
    if not questions or check_answers(component, answers):
        return None
    agreement = [answers[q.key] for q in questions if q.choices is AGREEMENT]
    rating = Rating.MET
    if any(value in (PARTLY, DONT_KNOW) for value in agreement):
        rating = Rating.PARTLY
    if NO in agreement:
        rating = Rating.NOT_MET
    if component == Component.FAMILY:
        significance = answers.get("significance")
        softened = rating == Rating.NOT_MET and significance == LITTLE
        unsure = rating == Rating.MET and significance == DONT_KNOW
        if softened or unsure:
            rating = Rating.PARTLY
    return rating
