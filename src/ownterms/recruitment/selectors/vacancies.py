"""Reading vacancies: the list with applications counted by stage, what the system already
knows about a person to start a vacancy from (pattern blocks, skills, interests and traits
from their routine and one-page profile), the advert's facts, and identifying details found
in the free text."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from ownterms.accounts.models import User
from ownterms.core.models import Organisation
from ownterms.core.selectors import today_for
from ownterms.health.models import Condition
from ownterms.people.models import CircleMember, Person
from ownterms.people.selectors import current
from ownterms.plans.models import ProfileVersion, RoutineActivity
from ownterms.recruitment.access import is_recruiter, vacancies_visible_to
from ownterms.recruitment.advert import Advert, AdvertFacts, build_advert, hours_words
from ownterms.recruitment.models import Application, Question, Stage, Vacancy, VacancyStatus
from ownterms.rota.models import WEEKDAYS, PatternBlock, Shift, ShiftKind, SupportPattern
from ownterms.rota.selectors.offers import MISSING_PLACES_DAYS
from ownterms.rota.selectors.patterns import DASH, clock
from ownterms.staff.models import OUTWARD_CODE, SkillNeed, TeamMembership
from ownterms.vocabulary.models import Skill, Tag

#: The order the list shows statuses in.
STATUS_ORDER: tuple[str, ...] = (
    VacancyStatus.AWAITING_APPROVAL,
    VacancyStatus.OPEN,
    VacancyStatus.DRAFT,
    VacancyStatus.FILLED,
    VacancyStatus.CLOSED,
)
#: How far ahead the live rota is read to see which pattern blocks the team covers (as far as
#: the office's list of shifts with a missing place looks).
COVER_DAYS = MISSING_PLACES_DAYS
#: Stages the list counts (in order, ended ones last).
COUNTED_STAGES: tuple[str, ...] = tuple(Stage.values)


# Places and times ----------------------------------------------------------------------------


def district_of(postcode: str) -> str:
    """The outward code of a UK postcode ("LS6 2AB" → "LS6", "ls62ab" → "LS6"), or ""."""
    text = "".join(postcode.split()).upper()
    if not text:
        return ""
    outward = postcode.split()[0].upper() if len(postcode.split()) > 1 else text[:-3]
    return outward if OUTWARD_CODE.match(outward) else ""


def _plural_day(weekday: int) -> str:
    names = {
        0: _("Mondays"),
        1: _("Tuesdays"),
        2: _("Wednesdays"),
        3: _("Thursdays"),
        4: _("Fridays"),
        5: _("Saturdays"),
        6: _("Sundays"),
    }
    return names[weekday]


def _every_other(weekday: int) -> str:
    names = {
        0: _("Every other Monday"),
        1: _("Every other Tuesday"),
        2: _("Every other Wednesday"),
        3: _("Every other Thursday"),
        4: _("Every other Friday"),
        5: _("Every other Saturday"),
        6: _("Every other Sunday"),
    }
    return names[weekday]


def block_words(block: PatternBlock, weeks: int = 1, *, in_week: bool = False) -> str:
    """One block in plain words: "Tuesdays 09:00-15:00", "Fridays 22:00-08:00 (sleep-in)"
    (with en dashes); in a pattern of several weeks "Every other Tuesday …", or with
    ``in_week`` the block of one week: "Week 2, Tuesday 09:00-15:00"."""
    if in_week:
        day = _("Week %(week)s, %(day)s") % {
            "week": block.week,
            "day": str(WEEKDAYS[block.weekday][1]),
        }
    else:
        day = _plural_day(block.weekday) if weeks == 1 else _every_other(block.weekday)
    text = f"{day} {clock(block.start_minute)}{DASH}{clock(block.end_minute)}"
    if block.kind == ShiftKind.SLEEP_IN:
        text += " " + _("(sleep-in)")
    elif block.kind == ShiftKind.WAKING_NIGHT:
        text += " " + _("(waking night)")
    return text


def pattern_words_for(blocks: Sequence[PatternBlock], weeks: int = 1) -> list[str]:
    """Each time slot of the blocks once, in day order: in a pattern of several weeks, a slot
    in every week is "Mondays …", in only some "Every other Monday …"."""
    in_weeks: dict[tuple[int, int, int, str], set[int]] = defaultdict(set)
    for block in blocks:
        in_weeks[block.weekday, block.start_minute, block.end_minute, block.kind].add(block.week)
    ordered = sorted(blocks, key=lambda b: (b.weekday, b.start_minute, b.week))
    words: list[str] = []
    for block in ordered:
        slot = in_weeks[block.weekday, block.start_minute, block.end_minute, block.kind]
        text = block_words(block, 1 if len(slot) >= weeks else weeks)
        if text not in words:
            words.append(text)
    return words


def pattern_text_for(blocks: Sequence[PatternBlock], weeks: int = 1) -> str:
    """The blocks as a plain line: "Tuesdays 09:00-15:00, Thursdays 09:00-15:00" (en dashes)."""
    return ", ".join(pattern_words_for(blocks, weeks))


def minutes_for(blocks: Sequence[PatternBlock], weeks: int = 1) -> int:
    """Minutes a week the blocks add up to (a fortnight's blocks averaged over its weeks)."""
    total = sum(block.end_minute - block.start_minute for block in blocks)
    return round(total / max(weeks, 1))


def pattern_blocks(person: Person) -> tuple[SupportPattern | None, list[PatternBlock]]:
    pattern = SupportPattern.objects.filter(person=person).first()
    if pattern is None:
        return None, []
    return pattern, list(PatternBlock.objects.filter(pattern=pattern))


def uncovered_blocks(
    person: Person, blocks: Sequence[PatternBlock], today: dt.date
) -> list[PatternBlock]:
    """The blocks the person's current team does not cover, read from the live rota as the
    rota reads cover (a shift's place is covered by an assignment): a block is uncovered when
    fewer than half of its planned shifts in the next ``COVER_DAYS`` days have every place
    filled by a current, approved member of the person's team, or when none is planned (nobody
    is on the rota for it). A week's gap (someone on leave) leaves the block covered; a place
    the team never fills, or fills only now and then, does not (one query)."""
    if not blocks:
        return []
    team = TeamMembership.objects.filter(
        current(today), person=person, approved_by_person=True
    ).values("staff_member")
    planned: dict[int, int] = defaultdict(int)
    covered: dict[int, int] = defaultdict(int)
    for block_id, headcount, workers in (
        Shift.objects.filter(
            block__in=[block.pk for block in blocks],
            status=Shift.Status.PLANNED,
            on__gte=today,
            on__lt=today + dt.timedelta(days=COVER_DAYS),
        )
        .annotate(
            workers=Count(
                "assignments", filter=Q(assignments__staff_member__in=team), distinct=True
            )
        )
        .values_list("block_id", "headcount", "workers")
    ):
        planned[block_id] += 1
        covered[block_id] += workers >= headcount
    return [
        block
        for block in blocks
        if 2 * covered[block.pk] < planned[block.pk] or not planned[block.pk]
    ]


# What the system knows about the person -----------------------------------------------------


def _word_pattern(label: str) -> re.Pattern[str]:
    words = r"\s+".join(re.escape(part) for part in label.split())
    return re.compile(rf"(?<!\w){words}(?!\w)", re.IGNORECASE)


def tags_in_text(text: str, tags: Iterable[Tag]) -> list[Tag]:
    """The tags whose label appears in ``text`` as whole words, any case."""
    return [tag for tag in tags if tag.label.strip() and _word_pattern(tag.label).search(text)]


@dataclass(frozen=True)
class Suggestions:
    """A starting point for a new vacancy; the manager and the person change any of it."""

    area: str = ""
    interests: list[Tag] = field(default_factory=list)
    traits: list[Tag] = field(default_factory=list)
    skills: list[Skill] = field(default_factory=list)
    #: The pattern's blocks the current team does not cover (``uncovered_blocks``), ticked.
    blocks: list[PatternBlock] = field(default_factory=list)
    #: Where each suggestion came from, for the page ("From the routine: Swimming").
    sources: dict[str, list[str]] = field(default_factory=dict)


def latest_profile(person: Person) -> ProfileVersion | None:
    return ProfileVersion.objects.filter(person=person).order_by("-number").first()


def suggestions_for(person: Person, today: dt.date | None = None) -> Suggestions:
    today = today or today_for(person.organisation)
    tags = list(Tag.objects.filter(organisation_id=person.organisation_id))
    routine = list(RoutineActivity.objects.filter(person=person).select_related("interest"))
    profile = latest_profile(person)
    routine_text = "\n".join(activity.name for activity in routine)
    profile_text = (
        "\n".join([profile.appreciated, profile.important, profile.support]) if profile else ""
    )
    found: dict[int, Tag] = {}
    sources: dict[str, list[str]] = defaultdict(list)
    for activity in routine:
        if activity.interest is not None:
            found[activity.interest.pk] = activity.interest
            sources[_("From the routine")].append(activity.interest.label)
    for tag in tags_in_text(routine_text, tags):
        if tag.pk not in found:
            sources[_("From the routine")].append(tag.label)
        found[tag.pk] = tag
    for tag in tags_in_text(profile_text, tags):
        if tag.pk not in found:
            sources[_("From the one-page profile")].append(tag.label)
        found[tag.pk] = tag
    skills: dict[int, Skill] = {}
    for need in SkillNeed.objects.filter(person=person).select_related("skill"):
        skills[need.skill.pk] = need.skill
        sources[_("Skills the support needs")].append(need.skill.name)
    for activity in RoutineActivity.objects.filter(
        person=person, skill__isnull=False
    ).select_related("skill"):
        assert activity.skill is not None
        if activity.skill.pk not in skills:
            sources[_("Skills the support needs")].append(activity.skill.name)
        skills[activity.skill.pk] = activity.skill
    pattern, blocks = pattern_blocks(person)
    uncovered = uncovered_blocks(person, blocks, today)
    weeks = pattern.weeks if pattern is not None else 1
    if uncovered:
        sources[_("Blocks the current team does not cover (the next 4 weeks of the rota)")] = (
            pattern_words_for(uncovered, weeks)
        )
    ordered = sorted(found.values(), key=lambda tag: tag.label.casefold())
    return Suggestions(
        area=district_of(person.postcode),
        interests=[tag for tag in ordered if tag.kind == Tag.Kind.INTEREST],
        traits=[tag for tag in ordered if tag.kind == Tag.Kind.TRAIT],
        skills=sorted(skills.values(), key=lambda skill: skill.name.casefold()),
        blocks=uncovered,
        sources=dict(sources),
    )


def family_of(person: Person) -> QuerySet[CircleMember]:
    """Who the person may choose to decide with: the family members of their circle."""
    return CircleMember.objects.filter(person=person, kind=CircleMember.Kind.FAMILY).order_by(
        "name", "pk"
    )


def people_to_recruit_for(organisation_id: int) -> QuerySet[Person]:
    return Person.objects.filter(organisation_id=organisation_id).exclude(
        status=Person.Status.ENDED
    )


# One vacancy ---------------------------------------------------------------------------------


def with_wishes(found: QuerySet[Vacancy]) -> QuerySet[Vacancy]:
    return found.select_related("person", "organisation").prefetch_related(
        "wanted_tags",
        "avoided_tags",
        "skills",
        "deciders",
        "blocks",
        Prefetch("questions", queryset=Question.objects.order_by("order", "pk")),
    )


def vacancy_with_wishes(vacancy: Vacancy) -> Vacancy:
    return with_wishes(Vacancy.objects.filter(pk=vacancy.pk)).get()


def _sorted(words: Iterable[str]) -> list[str]:
    return sorted(words, key=str.casefold)


def _labels(tags: Iterable[Tag], kind: str | None = None) -> list[str]:
    """The tags' labels (of one kind, or all), in alphabetical order."""
    return _sorted(tag.label for tag in tags if kind is None or tag.kind == kind)


def wanted_interests(vacancy: Vacancy) -> list[str]:
    return _labels(vacancy.wanted_tags.all(), Tag.Kind.INTEREST)


def wanted_traits(vacancy: Vacancy) -> list[str]:
    return _labels(vacancy.wanted_tags.all(), Tag.Kind.TRAIT)


def avoided_traits(vacancy: Vacancy) -> list[str]:
    return _labels(vacancy.avoided_tags.all())


def skill_names(vacancy: Vacancy) -> list[str]:
    return _sorted(skill.name for skill in vacancy.skills.all())


def question_texts(vacancy: Vacancy) -> list[str]:
    return [question.text for question in vacancy.questions.all()]


def facts_of(vacancy: Vacancy) -> AdvertFacts:
    """What the advert may say about the vacancy (the person's called name only)."""
    return AdvertFacts(
        name=vacancy.person.called,
        organisation=vacancy.organisation.name,
        voice=vacancy.voice,
        kind=vacancy.kind,
        minutes_per_week=vacancy.minutes_per_week,
        pattern_text=vacancy.pattern_text,
        area=vacancy.area,
        interests=wanted_interests(vacancy),
        traits=wanted_traits(vacancy),
        avoided=avoided_traits(vacancy),
        skills=skill_names(vacancy),
        personal_care=vacancy.personal_care,
        in_my_words=vacancy.in_my_words,
        questions=question_texts(vacancy),
    )


def advert_of(vacancy: Vacancy) -> Advert:
    return build_advert(facts_of(vacancy))


# Identifying details -------------------------------------------------------------------------


def _date_forms(day: dt.date) -> list[str]:
    return [
        f"{day:%d/%m/%Y}",
        f"{day.day}/{day.month}/{day.year}",
        f"{day:%d-%m-%Y}",
        day.isoformat(),
        f"{day.day} {day:%B} {day.year}",
        f"{day.day} {day:%b} {day.year}",
    ]


def identifying_details(person: Person, texts: Iterable[str]) -> list[str]:
    """What in ``texts`` could identify the person or tell their health: their surname, an
    address line, their full postcode, date of birth, a health condition or their
    communication summary. Each finding is a plain sentence for the manager."""
    text = "\n".join(t for t in texts if t)
    if not text.strip():
        return []
    found: list[str] = []

    def words_in(value: str) -> bool:
        return bool(value.strip()) and bool(_word_pattern(value.strip()).search(text))

    if words_in(person.last_name):
        found.append(_("It gives %(name)s's surname.") % {"name": person.called})
    for line in (person.address_line_1, person.address_line_2):
        if words_in(line):
            found.append(_("It gives part of %(name)s's address.") % {"name": person.called})
            break
    squashed = "".join(text.split()).upper()
    postcode = "".join(person.postcode.split()).upper()
    if postcode and postcode in squashed:
        found.append(_("It gives %(name)s's full postcode.") % {"name": person.called})
    if person.date_of_birth and any(
        form.casefold() in text.casefold() for form in _date_forms(person.date_of_birth)
    ):
        found.append(_("It gives %(name)s's date of birth.") % {"name": person.called})
    conditions = Condition.objects.filter(person=person, removed_at__isnull=True)
    if any(words_in(condition.name) for condition in conditions):
        found.append(_("It names a health condition of %(name)s's.") % {"name": person.called})
    if person.communication_summary.strip() and words_in(person.communication_summary):
        found.append(_("It repeats %(name)s's communication summary.") % {"name": person.called})
    return found


def identifying_details_of(vacancy: Vacancy) -> list[str]:
    """Identifying details in the vacancy's free text (in my words, pattern, questions)."""
    texts = [vacancy.in_my_words, vacancy.pattern_text, *question_texts(vacancy)]
    return identifying_details(vacancy.person, texts)


# Lists ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class VacancyRow:
    vacancy: Vacancy
    #: (stage label, count) for the stages with applications, in stage order.
    by_stage: list[tuple[str, int]]
    total: int
    #: Applications at the second stage (what the person and family see).
    to_meet: int
    #: "20 hours" ("" for none set).
    hours: str


@dataclass(frozen=True)
class StatusGroup:
    status: str
    label: str
    rows: list[VacancyRow]


def stage_counts(vacancy_ids: Sequence[int]) -> dict[int, dict[str, int]]:
    """Applications per vacancy and stage, in one query."""
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    rows = (
        Application.objects.filter(vacancy_id__in=vacancy_ids)
        .values("vacancy_id", "stage")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        counts[row["vacancy_id"]][row["stage"]] = row["n"]
    return counts


def vacancy_groups(actor: User) -> list[StatusGroup]:
    """The vacancies ``actor`` may see, grouped by status, with applications by stage."""
    vacancies = list(
        vacancies_visible_to(actor).select_related("person").order_by("-created_at", "pk")
    )
    counts = stage_counts([v.pk for v in vacancies])
    labels = dict(Stage.choices)
    statuses = dict(VacancyStatus.choices)
    grouped: dict[str, list[VacancyRow]] = defaultdict(list)
    for vacancy in vacancies:
        mine = counts.get(vacancy.pk, {})
        grouped[vacancy.status].append(
            VacancyRow(
                vacancy=vacancy,
                by_stage=[(str(labels[s]), mine[s]) for s in COUNTED_STAGES if mine.get(s)],
                total=sum(mine.values()),
                to_meet=mine.get(Stage.MEETING, 0),
                hours=hours_words(vacancy.minutes_per_week) if vacancy.minutes_per_week else "",
            )
        )
    return [
        StatusGroup(status, str(statuses[status]), grouped[status])
        for status in STATUS_ORDER
        if grouped.get(status)
    ]


def home_counts(actor: User) -> dict[str, int]:
    """Open and awaiting-approval vacancies of the organisation (for recruiters)."""
    rows = (
        Vacancy.objects.filter(
            organisation_id=actor.organisation_id,
            status__in=[VacancyStatus.OPEN, VacancyStatus.AWAITING_APPROVAL],
        )
        .values("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    found = {row["status"]: row["n"] for row in rows}
    return {
        "open": found.get(VacancyStatus.OPEN, 0),
        "awaiting": found.get(VacancyStatus.AWAITING_APPROVAL, 0),
    }


def awaiting_my_approval(actor: User) -> list[Vacancy]:
    """Vacancies waiting for ``actor`` (the person, or a family member they chose)."""
    if not actor.is_authenticated or is_recruiter(actor):
        return []
    return list(
        vacancies_visible_to(actor)
        .filter(status=VacancyStatus.AWAITING_APPROVAL)
        .select_related("person")
    )


def is_decider(actor: User, vacancy: Vacancy) -> bool:
    """The person themself, or a family member they chose to decide with."""
    if vacancy.person.user_id == actor.pk:
        return True
    return vacancy.deciders.filter(user=actor).exists()


# Public --------------------------------------------------------------------------------------


def public_organisation(slug: str) -> Organisation | None:
    return Organisation.objects.filter(slug=slug).first()


def open_vacancies(organisation: Organisation) -> QuerySet[Vacancy]:
    return with_wishes(
        Vacancy.objects.filter(organisation=organisation, status=VacancyStatus.OPEN)
    ).order_by("-opened_at", "pk")
