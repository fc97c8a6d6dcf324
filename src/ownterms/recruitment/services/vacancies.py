"""Writing vacancies: creating one from a person's wishes (with its self-selection questions),
changing the wishes, editing the questions, and the approval route:

    draft ──send──▶ awaiting_approval ──approve──▶ open ──close──▶ closed ──reopen──▶ open
      ▲                     │                                                (or draft if
      └──ask for changes────┘                                               never approved)

Changing what the advert says (wishes, hours, when, where, voice, words, questions) on an
approved vacancy clears the approval: an open one goes back to waiting for the person's
approval and leaves the public pages until they approve again. Choosing deciders does not.
A vacancy whose free text names the person's surname, address, full postcode, date of birth,
a health condition or their communication summary can be saved (nothing is lost or stripped)
but not sent for approval or opened. ``filled`` is set when someone starts (applications).
Every change is audited against the person.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ownterms.accounts.models import User
from ownterms.audit.services import field_changes, record_change, snapshot
from ownterms.people.models import CircleMember, Person
from ownterms.recruitment.access import is_recruiter
from ownterms.recruitment.advert import MAX_QUESTIONS, self_selection_questions
from ownterms.recruitment.models import Question, Vacancy, VacancyStatus
from ownterms.recruitment.selectors import vacancies as selectors
from ownterms.rota.models import PatternBlock
from ownterms.staff.models import normalise_district
from ownterms.vocabulary.models import Skill, Tag
from ownterms.vocabulary.services import resolve_tags

#: Fields the advert shows: changing any of them on an approved vacancy clears the approval.
ADVERT_FIELDS: tuple[str, ...] = (
    "kind",
    "minutes_per_week",
    "pattern_text",
    "area",
    "personal_care",
    "voice",
    "in_my_words",
    "wanted_tags",
    "avoided_tags",
    "skills",
)
SCALAR_FIELDS: tuple[str, ...] = (
    "kind",
    "minutes_per_week",
    "pattern_text",
    "area",
    "personal_care",
    "voice",
    "in_my_words",
)
MAX_QUESTION_COUNT = 12


@dataclass
class Wishes:
    """What a vacancy asks for. ``minutes_per_week`` and ``pattern_text`` left as ``None`` are
    worked out from the blocks."""

    kind: str
    blocks: Sequence[PatternBlock] = ()
    minutes_per_week: int | None = None
    pattern_text: str | None = None
    area: str = ""
    wanted_tags: Sequence[Tag] = ()
    avoided_tags: Sequence[Tag] = ()
    skills: Sequence[Skill] = ()
    personal_care: str = ""
    voice: str = Vacancy.Voice.PERSON
    in_my_words: str = ""
    deciders: Sequence[CircleMember] = field(default_factory=list)
    #: Labels typed in for interests, traits and avoided traits the vocabulary may lack.
    new_interests: Sequence[str] = ()
    new_traits: Sequence[str] = ()
    new_avoided: Sequence[str] = ()


def _resolve_new_labels(actor: User, person: Person, wishes: Wishes) -> None:
    """Adds the typed-in labels to the wishes, creating tags the vocabulary lacks."""
    if not (wishes.new_interests or wishes.new_traits or wishes.new_avoided):
        return

    def tags(kind: str, labels: Sequence[str]) -> list[Tag]:
        return resolve_tags(actor=actor, organisation=person.organisation, kind=kind, labels=labels)

    wanted = [*wishes.wanted_tags]
    for tag in [
        *tags(Tag.Kind.INTEREST, wishes.new_interests),
        *tags(Tag.Kind.TRAIT, wishes.new_traits),
    ]:
        if tag not in wanted:
            wanted.append(tag)
    avoided = [*wishes.avoided_tags]
    for tag in tags(Tag.Kind.TRAIT, wishes.new_avoided):
        if tag not in avoided:
            avoided.append(tag)
    wishes.wanted_tags, wishes.avoided_tags = wanted, avoided
    wishes.new_interests = wishes.new_traits = wishes.new_avoided = ()


# Checking the wishes -------------------------------------------------------------------------


def _check_wishes(person: Person, wishes: Wishes) -> None:
    errors: dict[str, list[str]] = {}
    _pattern, blocks = selectors.pattern_blocks(person)
    allowed = {block.pk for block in blocks}
    if any(block.pk not in allowed for block in wishes.blocks):
        errors["blocks"] = [_("Choose blocks from this person's support pattern.")]
    org = person.organisation_id
    for name, items in (
        ("wanted_tags", wishes.wanted_tags),
        ("avoided_tags", wishes.avoided_tags),
        ("skills", wishes.skills),
    ):
        if any(item.organisation_id != org for item in items):
            errors[name] = [_("Choose from this organisation's list.")]
    both = {tag.pk for tag in wishes.wanted_tags} & {tag.pk for tag in wishes.avoided_tags}
    if both:
        labels = ", ".join(sorted(t.label for t in wishes.avoided_tags if t.pk in both))
        errors["avoided_tags"] = [
            _("A trait can't be both wanted and avoided: %(labels)s.") % {"labels": labels}
        ]
    if any(tag.kind != Tag.Kind.TRAIT for tag in wishes.avoided_tags):
        errors.setdefault("avoided_tags", []).append(_("Only traits can be avoided."))
    family = set(selectors.family_of(person).values_list("pk", flat=True))
    if any(member.pk not in family for member in wishes.deciders):
        errors["deciders"] = [_("Choose family members from the person's circle.")]
    if errors:
        raise ValidationError(errors)


def _apply(vacancy: Vacancy, wishes: Wishes) -> None:
    pattern, _blocks = selectors.pattern_blocks(vacancy.person)
    weeks = pattern.weeks if pattern is not None else 1
    blocks = list(wishes.blocks)
    vacancy.kind = wishes.kind
    if wishes.minutes_per_week is None:
        vacancy.minutes_per_week = selectors.minutes_for(blocks, weeks)
    else:
        vacancy.minutes_per_week = wishes.minutes_per_week
    if wishes.pattern_text is None or not wishes.pattern_text.strip():
        vacancy.pattern_text = selectors.pattern_text_for(blocks, weeks)
    else:
        vacancy.pattern_text = wishes.pattern_text.strip()
    vacancy.area = normalise_district(wishes.area)
    vacancy.personal_care = wishes.personal_care
    vacancy.voice = wishes.voice
    vacancy.in_my_words = wishes.in_my_words.strip()


def _set_relations(vacancy: Vacancy, wishes: Wishes) -> None:
    vacancy.blocks.set(list(wishes.blocks))
    vacancy.wanted_tags.set(list(wishes.wanted_tags))
    vacancy.avoided_tags.set(list(wishes.avoided_tags))
    vacancy.skills.set(list(wishes.skills))
    vacancy.deciders.set(list(wishes.deciders))


def _relations(vacancy: Vacancy) -> dict[str, list[str]]:
    """The vacancy's many-to-many wishes as sorted labels (for the audit)."""
    return {
        "blocks": sorted(str(b.public_id) for b in vacancy.blocks.all()),
        "wanted_tags": sorted(t.label for t in vacancy.wanted_tags.all()),
        "avoided_tags": sorted(t.label for t in vacancy.avoided_tags.all()),
        "skills": sorted(s.name for s in vacancy.skills.all()),
        "deciders": sorted(str(m.public_id) for m in vacancy.deciders.all()),
    }


def _state(vacancy: Vacancy) -> dict[str, Any]:
    return {**snapshot(vacancy), **_relations(vacancy)}


def _audit(
    actor: User | None,
    vacancy: Vacancy,
    action: str,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any],
    basis: str = "",
) -> None:
    record_change(
        actor=actor,
        organisation=vacancy.organisation,
        action=action,
        obj=vacancy,
        person=vacancy.person,
        changes=field_changes(before, after, private=Vacancy.audit_private_fields),
        basis=basis,
    )


def _require_recruiter(actor: User) -> None:
    if not is_recruiter(actor):
        raise PermissionDenied


# Creating and changing -----------------------------------------------------------------------


@transaction.atomic
def create_vacancy(*, actor: User, person: Person, wishes: Wishes) -> Vacancy:
    """A draft vacancy for ``person``'s team, with self-selection questions built from the
    wishes."""
    _require_recruiter(actor)
    if person.organisation_id != actor.organisation_id:
        raise PermissionDenied
    _resolve_new_labels(actor, person, wishes)
    _check_wishes(person, wishes)
    vacancy = Vacancy(
        organisation=person.organisation,
        person=person,
        status=VacancyStatus.DRAFT,
        created_by=actor,
    )
    _apply(vacancy, wishes)
    vacancy.full_clean()
    vacancy.save()
    _set_relations(vacancy, wishes)
    _write_questions(vacancy, _generated(vacancy))
    _audit(actor, vacancy, "recruitment.vacancy_create", None, _state(vacancy), "recruiter")
    return vacancy


@dataclass(frozen=True)
class Saved:
    vacancy: Vacancy
    #: The approval was cleared by this change (the person must approve the advert again).
    needs_approval_again: bool
    #: Identifying details found in the free text (warnings; see ``send_for_approval``).
    warnings: list[str]


@transaction.atomic
def update_vacancy(*, actor: User, vacancy: Vacancy, wishes: Wishes) -> Saved:
    _require_recruiter(actor)
    vacancy = (
        Vacancy.objects.select_for_update()
        .select_related("person", "organisation")
        .get(pk=vacancy.pk)
    )
    if vacancy.status == VacancyStatus.FILLED:
        raise ValidationError(_("This vacancy has been filled; it can't be changed."))
    _resolve_new_labels(actor, vacancy.person, wishes)
    _check_wishes(vacancy.person, wishes)
    before = _state(vacancy)
    _apply(vacancy, wishes)
    vacancy.full_clean()
    vacancy.save()
    _set_relations(vacancy, wishes)
    after = _state(vacancy)
    advert_changed = any(before.get(name) != after.get(name) for name in ADVERT_FIELDS)
    again = _clear_approval(vacancy) if advert_changed else False
    if again:
        after = _state(vacancy)
    if before != after:
        _audit(actor, vacancy, "recruitment.vacancy_change", before, after, "recruiter")
    return Saved(vacancy, again, selectors.identifying_details_of(vacancy))


def _clear_approval(vacancy: Vacancy) -> bool:
    """After a change to the advert: an approved vacancy needs approving again (an open one
    waits for approval, off the public pages). True when the approval was cleared."""
    if vacancy.approved_at is None:
        return False
    vacancy.approved_at = None
    vacancy.approved_by = None
    vacancy.approved_by_label = ""
    if vacancy.status == VacancyStatus.OPEN:
        vacancy.status = VacancyStatus.AWAITING_APPROVAL
    vacancy.save()
    return True


# Questions -----------------------------------------------------------------------------------


def _generated(vacancy: Vacancy) -> list[str]:
    vacancy = selectors.vacancy_with_wishes(vacancy)
    return self_selection_questions(
        name=vacancy.person.called,
        interests=selectors.wanted_interests(vacancy),
        traits=selectors.wanted_traits(vacancy),
        avoided=selectors.avoided_traits(vacancy),
        skills=selectors.skill_names(vacancy),
        personal_care=vacancy.personal_care,
        limit=MAX_QUESTIONS,
    )


def _write_questions(vacancy: Vacancy, texts: Sequence[str]) -> None:
    for order, text in enumerate(texts, start=1):
        question = Question(vacancy=vacancy, text=text, order=order)
        question.full_clean()
        question.save()


def _questions(vacancy: Vacancy) -> list[str]:
    return [q.text for q in Question.objects.filter(vacancy=vacancy).order_by("order", "pk")]


def _after_questions(actor: User, vacancy: Vacancy, before: list[str], action: str) -> bool:
    after = _questions(vacancy)
    if before == after:
        return False
    again = _clear_approval(vacancy)
    _audit(actor, vacancy, action, {"questions": before}, {"questions": after}, "recruiter")
    return again


def _locked(vacancy: Vacancy) -> Vacancy:
    locked = (
        Vacancy.objects.select_for_update()
        .select_related("person", "organisation")
        .get(pk=vacancy.pk)
    )
    if locked.status == VacancyStatus.FILLED:
        raise ValidationError(_("This vacancy has been filled; it can't be changed."))
    return locked


@transaction.atomic
def regenerate_questions(*, actor: User, vacancy: Vacancy) -> bool:
    """Replaces the questions with ones built from the current wishes. True when the
    approval was cleared by it."""
    _require_recruiter(actor)
    vacancy = _locked(vacancy)
    before = _questions(vacancy)
    Question.objects.filter(vacancy=vacancy).delete()
    _write_questions(vacancy, _generated(vacancy))
    return _after_questions(actor, vacancy, before, "recruitment.vacancy_questions_regenerate")


def _clean_text(text: str) -> str:
    tidy = " ".join(text.split())
    if not tidy:
        raise ValidationError({"text": _("Enter the question.")})
    if len(tidy) > 300:
        raise ValidationError({"text": _("A question can be at most 300 characters.")})
    return tidy


@transaction.atomic
def add_question(*, actor: User, vacancy: Vacancy, text: str) -> bool:
    _require_recruiter(actor)
    vacancy = _locked(vacancy)
    tidy = _clean_text(text)
    before = _questions(vacancy)
    if len(before) >= MAX_QUESTION_COUNT:
        raise ValidationError(
            {"text": _("A vacancy can have at most %(n)s questions.") % {"n": MAX_QUESTION_COUNT}}
        )
    Question.objects.create(vacancy=vacancy, text=tidy, order=len(before) + 1)
    return _after_questions(actor, vacancy, before, "recruitment.vacancy_question_add")


@transaction.atomic
def change_question(*, actor: User, question: Question, text: str) -> bool:
    _require_recruiter(actor)
    vacancy = _locked(question.vacancy)
    tidy = _clean_text(text)
    before = _questions(vacancy)
    Question.objects.filter(pk=question.pk).update(text=tidy)
    return _after_questions(actor, vacancy, before, "recruitment.vacancy_question_change")


@transaction.atomic
def delete_question(*, actor: User, question: Question) -> bool:
    _require_recruiter(actor)
    vacancy = _locked(question.vacancy)
    before = _questions(vacancy)
    Question.objects.filter(pk=question.pk).delete()
    _renumber(vacancy, list(Question.objects.filter(vacancy=vacancy).order_by("order", "pk")))
    return _after_questions(actor, vacancy, before, "recruitment.vacancy_question_delete")


@transaction.atomic
def move_question(*, actor: User, question: Question, up: bool) -> bool:
    """Moves a question one place up (or down); at the top (or bottom) nothing changes."""
    _require_recruiter(actor)
    vacancy = _locked(question.vacancy)
    before = _questions(vacancy)
    ordered = list(Question.objects.filter(vacancy=vacancy).order_by("order", "pk"))
    index = next(i for i, q in enumerate(ordered) if q.pk == question.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(ordered):
        ordered[index], ordered[other] = ordered[other], ordered[index]
    _renumber(vacancy, ordered)
    return _after_questions(actor, vacancy, before, "recruitment.vacancy_question_move")


def _renumber(vacancy: Vacancy, ordered: list[Question]) -> None:
    for order, question in enumerate(ordered, start=1):
        if question.order != order:
            Question.objects.filter(pk=question.pk).update(order=order)


# Approval and status -------------------------------------------------------------------------


def _transition(
    actor: User,
    vacancy: Vacancy,
    action: str,
    before: Mapping[str, Any],
    basis: str,
) -> Vacancy:
    vacancy.full_clean()
    vacancy.save()
    _audit(actor, vacancy, action, before, snapshot(vacancy), basis)
    return vacancy


def _wrong_status(vacancy: Vacancy, message: str) -> ValidationError:
    return ValidationError(
        {"status": message % {"status": vacancy.get_status_display()}}, code="wrong_status"
    )


def _refuse_identifying(vacancy: Vacancy) -> None:
    found = selectors.identifying_details_of(vacancy)
    if found:
        raise ValidationError(
            {
                "in_my_words": [
                    _("The advert's words could identify %(name)s; change them first.")
                    % {"name": vacancy.person.called},
                    *found,
                ]
            },
            code="identifying",
        )


@transaction.atomic
def send_for_approval(*, actor: User, vacancy: Vacancy) -> Vacancy:
    """A manager sends the advert to the person (or the family they chose) to approve."""
    _require_recruiter(actor)
    vacancy = _locked(vacancy)
    if vacancy.status != VacancyStatus.DRAFT:
        raise _wrong_status(
            vacancy, _("Only a draft can be sent for approval (this is: %(status)s).")
        )
    _refuse_identifying(vacancy)
    before = snapshot(vacancy)
    vacancy.status = VacancyStatus.AWAITING_APPROVAL
    return _transition(actor, vacancy, "recruitment.vacancy_send_for_approval", before, "recruiter")


def _words(words: str, *, required: bool) -> str:
    tidy = words.strip()
    if required and not tidy:
        raise ValidationError({"words": _("Write what they said, in their words.")})
    if len(tidy) > 2000:
        raise ValidationError({"words": _("Their words can be at most 2,000 characters.")})
    return tidy


def _decider_label(actor: User, vacancy: Vacancy) -> tuple[str, str] | None:
    """(label, basis) when ``actor`` is the person or a family member they chose."""
    if vacancy.person.user_id == actor.pk:
        return vacancy.person.called, "person"
    member = vacancy.deciders.filter(user=actor).first()
    if member is not None:
        return f"{member.name} ({member.relationship})", "family"
    return None


@transaction.atomic
def approve(*, actor: User, vacancy: Vacancy, words: str = "", on_behalf: bool = False) -> Vacancy:
    """The person (or a family member they chose) approves the advert: the vacancy opens.
    A recruiter may record the person's approval on their behalf (``on_behalf``), with the
    words they said."""
    vacancy = _locked(vacancy)
    decider = _decider_label(actor, vacancy)
    if decider is not None and not on_behalf:
        label, basis = decider
    elif on_behalf and is_recruiter(actor):
        label = _("%(name)s, recorded by %(by)s") % {
            "name": vacancy.person.called,
            "by": actor.display_name or actor.email,
        }
        basis = "recruiter"
    else:
        raise PermissionDenied
    if vacancy.status != VacancyStatus.AWAITING_APPROVAL:
        raise _wrong_status(
            vacancy, _("Only an advert waiting for approval can be approved (this is: %(status)s).")
        )
    tidy = _words(words, required=on_behalf)
    _refuse_identifying(vacancy)
    before = snapshot(vacancy)
    now = timezone.now()
    vacancy.status = VacancyStatus.OPEN
    vacancy.approved_by = actor
    vacancy.approved_by_label = label[:200]
    vacancy.approved_at = now
    vacancy.approval_words = tidy
    vacancy.opened_at = now
    vacancy.closed_at = None
    return _transition(actor, vacancy, "recruitment.vacancy_approve", before, basis)


@transaction.atomic
def ask_for_changes(
    *, actor: User, vacancy: Vacancy, words: str, on_behalf: bool = False
) -> Vacancy:
    """The person (or family) asks for changes, in their words: back to draft."""
    vacancy = _locked(vacancy)
    decider = _decider_label(actor, vacancy)
    if decider is not None and not on_behalf:
        basis = decider[1]
    elif on_behalf and is_recruiter(actor):
        basis = "recruiter"
    else:
        raise PermissionDenied
    if vacancy.status != VacancyStatus.AWAITING_APPROVAL:
        raise _wrong_status(
            vacancy,
            _(
                "Changes can be asked for only while the advert waits for approval "
                "(this is: %(status)s)."
            ),
        )
    before = snapshot(vacancy)
    vacancy.status = VacancyStatus.DRAFT
    vacancy.approval_words = _words(words, required=True)
    return _transition(actor, vacancy, "recruitment.vacancy_ask_for_changes", before, basis)


@transaction.atomic
def close_vacancy(*, actor: User, vacancy: Vacancy) -> Vacancy:
    _require_recruiter(actor)
    vacancy = _locked(vacancy)
    if vacancy.status == VacancyStatus.CLOSED:
        raise _wrong_status(vacancy, _("This vacancy is already closed (%(status)s)."))
    before = snapshot(vacancy)
    vacancy.status = VacancyStatus.CLOSED
    vacancy.closed_at = timezone.now()
    return _transition(actor, vacancy, "recruitment.vacancy_close", before, "recruiter")


@transaction.atomic
def reopen_vacancy(*, actor: User, vacancy: Vacancy) -> Vacancy:
    """A closed vacancy opens again when its advert is still approved, else goes back to
    draft."""
    _require_recruiter(actor)
    vacancy = _locked(vacancy)
    if vacancy.status != VacancyStatus.CLOSED:
        raise _wrong_status(
            vacancy, _("Only a closed vacancy can be re-opened (this is: %(status)s).")
        )
    before = snapshot(vacancy)
    vacancy.closed_at = None
    if vacancy.approved_at is not None:
        _refuse_identifying(vacancy)
        vacancy.status = VacancyStatus.OPEN
        vacancy.opened_at = timezone.now()
    else:
        vacancy.status = VacancyStatus.DRAFT
    return _transition(actor, vacancy, "recruitment.vacancy_reopen", before, "recruiter")
