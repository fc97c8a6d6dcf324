"""Vacancy services and selectors: prefill from what we know, questions, the approval route,
identifying details, and the audit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ownterms.audit.models import AuditEvent
from ownterms.health.models import Condition
from ownterms.people.models import Person
from ownterms.plans.models import ProfileVersion, RoutineActivity
from ownterms.recruitment.advert import advert_html, advert_text
from ownterms.recruitment.models import Question, Vacancy, VacancyStatus
from ownterms.recruitment.selectors import vacancies as selectors
from ownterms.recruitment.services import vacancies as services
from ownterms.rota.models import PatternBlock, Shift, ShiftKind
from ownterms.staff.models import SkillNeed
from ownterms.vocabulary.models import Tag
from tests.cast import Cast
from tests.ownterms.recruitment import data
from tests.ownterms.rota.factories import assign, block, pattern, shift

pytestmark = pytest.mark.django_db


def _pattern(cast: Cast) -> list:
    support = pattern(cast.person, anchor=cast.today)
    return [
        block(support, 1, 9 * 60, 15 * 60, activity="Swimming"),
        block(support, 3, 9 * 60, 15 * 60),
        block(support, 4, 22 * 60, 32 * 60, kind=ShiftKind.SLEEP_IN),
    ]


def _wishes(cast: Cast, **overrides: object) -> services.Wishes:
    values: dict[str, object] = {
        "kind": Vacancy.Kind.CORE,
        "wanted_tags": [
            data.tag(cast, Tag.Kind.INTEREST, "Swimming"),
            data.tag(cast, Tag.Kind.TRAIT, "Calm"),
        ],
        "avoided_tags": [data.tag(cast, Tag.Kind.TRAIT, "Talkative")],
        "skills": [data.skill(cast, "Driving")],
        "personal_care": Vacancy.PersonalCare.WOMAN,
        "area": "ls6",
        "deciders": [cast.circle["circle_with_consent"]],
    }
    values.update(overrides)
    return services.Wishes(**values)  # type: ignore[arg-type]


def _draft(cast: Cast, **overrides: object) -> Vacancy:
    return services.create_vacancy(
        actor=cast.user("manager"), person=cast.person, wishes=_wishes(cast, **overrides)
    )


# Prefill -------------------------------------------------------------------------------------


def test_district_of() -> None:
    assert selectors.district_of("LS6 2AB") == "LS6"
    assert selectors.district_of("sw1a1aa") == "SW1A"
    assert selectors.district_of("") == ""
    assert selectors.district_of("nonsense") == ""


def test_hours_and_pattern_from_ticked_blocks(cast: Cast) -> None:
    tuesday, thursday, _night = _pattern(cast)
    assert selectors.minutes_for([tuesday, thursday]) == 12 * 60
    assert selectors.pattern_text_for([thursday, tuesday]) == (
        "Tuesdays 09:00\u201315:00, Thursdays 09:00\u201315:00"
    )
    assert selectors.pattern_text_for([_night]) == "Fridays 22:00\u201308:00 (sleep-in)"
    assert selectors.pattern_text_for([tuesday], weeks=2) == "Every other Tuesday 09:00\u201315:00"
    assert selectors.minutes_for([tuesday], weeks=2) == 3 * 60
    vacancy = _draft(cast, blocks=[tuesday, thursday])
    assert vacancy.minutes_per_week == 12 * 60
    assert vacancy.pattern_text == "Tuesdays 09:00\u201315:00, Thursdays 09:00\u201315:00"
    assert vacancy.area == "LS6"
    typed = _draft(cast, blocks=[tuesday], minutes_per_week=300, pattern_text="Tuesday mornings")
    assert (typed.minutes_per_week, typed.pattern_text) == (300, "Tuesday mornings")


def test_a_fortnight_says_every_week_or_every_other_week(cast: Cast) -> None:
    support = pattern(cast.person, anchor=cast.today, weeks=2)
    mondays = [block(support, 0, 9 * 60, 17 * 60, week=week) for week in (1, 2)]
    tuesday = block(support, 1, 9 * 60, 15 * 60, week=2)
    assert selectors.pattern_words_for([*mondays, tuesday], weeks=2) == [
        "Mondays 09:00\u201317:00",
        "Every other Tuesday 09:00\u201315:00",
    ]
    assert selectors.pattern_text_for([mondays[0]], weeks=2) == (
        "Every other Monday 09:00\u201317:00"
    )
    assert selectors.block_words(tuesday, 2, in_week=True) == "Week 2, Tuesday 09:00\u201315:00"


def test_suggestions_from_routine_profile_and_skill_needs(cast: Cast) -> None:
    org = cast.organisation
    Person.objects.filter(pk=cast.person.pk).update(postcode="LS6 2AB")
    cast.person.refresh_from_db()
    swimming = data.tag(cast, Tag.Kind.INTEREST, "Swimming")
    baking = data.tag(cast, Tag.Kind.INTEREST, "Baking")
    music = data.tag(cast, Tag.Kind.INTEREST, "Music")
    calm = data.tag(cast, Tag.Kind.TRAIT, "Calm")
    data.tag(cast, Tag.Kind.INTEREST, "Art")  # "heart" must not match it
    data.tag(cast, Tag.Kind.TRAIT, "Talkative")  # not mentioned anywhere
    walking = data.tag(cast, Tag.Kind.INTEREST, "Walking")
    RoutineActivity.objects.create(
        organisation=org,
        person=cast.person,
        name="Swimming at Kirkstall baths",
        day=1,
        starts_at=dt.time(10),
        ends_at=dt.time(12),
    )
    RoutineActivity.objects.create(
        organisation=org,
        person=cast.person,
        name="Saturday club",
        day=5,
        starts_at=dt.time(10),
        ends_at=dt.time(12),
        interest=walking,
        skill=data.skill(cast, "First aid"),
    )
    for number, text in ((1, "Old: I used to like music."), (2, "I love BAKING and my heart")):
        ProfileVersion.objects.create(
            organisation=org,
            person=cast.person,
            number=number,
            appreciated=text,
            important="People who are calm around me.",
            support="Go slowly.",
            review_on=cast.today,
        )
    SkillNeed.objects.create(
        organisation=org, person=cast.person, skill=data.skill(cast, "Driving")
    )
    found = selectors.suggestions_for(cast.person)
    assert found.area == "LS6"
    assert found.interests == [baking, swimming, walking]
    assert music not in found.interests  # only the latest profile counts
    assert found.traits == [calm]
    assert [s.name for s in found.skills] == ["Driving", "First aid"]
    assert "Swimming" in found.sources["From the routine"]


def _weekly(cast: Cast, support_block: PatternBlock, *, hours: int = 6) -> list[Shift]:
    """The block's planned shifts on each of its days in the next 4 weeks."""
    days = [cast.today + dt.timedelta(days=n) for n in range(selectors.COVER_DAYS)]
    made = []
    for day in (d for d in days if d.weekday() == support_block.weekday):
        row = shift(cast.person, day, support_block.start_minute // 60, hours)
        Shift.objects.filter(pk=row.pk).update(
            block=support_block, headcount=support_block.headcount
        )
        made.append(Shift.objects.get(pk=row.pk))
    return made


def test_uncovered_blocks_are_read_from_the_live_rota(cast: Cast) -> None:
    """Uncovered: fewer than half of the block's shifts in the next 4 weeks have every place
    filled by a current member of the person's team, or none is planned."""
    support = pattern(cast.person, anchor=cast.today)
    team, outsider, former = (
        cast.staff["team_worker"],
        cast.staff["outside_worker"],
        cast.staff["former_worker"],
    )
    # Monday: the team covers it, but for one week's leave.
    monday = block(support, 0, 9 * 60, 15 * 60)
    for row in _weekly(cast, monday)[1:]:
        assign(row, team)
    # Tuesday: someone outside Alex's team, or whose membership ended, works it.
    tuesday = block(support, 1, 9 * 60, 15 * 60)
    tuesdays = _weekly(cast, tuesday)
    for number, row in enumerate(tuesdays):
        assign(row, outsider if number % 2 else former)
    # Wednesday: two workers wanted; the team sends one.
    wednesday = block(support, 2, 9 * 60, 15 * 60, headcount=2)
    for row in _weekly(cast, wednesday):
        assign(row, team)
    # Thursday: covered once in four weeks; the team's shifts on cancelled days don't count.
    thursday = block(support, 3, 9 * 60, 15 * 60)
    rows = _weekly(cast, thursday)
    assign(rows[0], team)
    for row in rows[1:]:
        assign(row, team)
        Shift.objects.filter(pk=row.pk).update(status=Shift.Status.CANCELLED)
    # Friday night: not on the rota at all.
    friday = block(support, 4, 22 * 60, 32 * 60, kind=ShiftKind.SLEEP_IN)
    blocks = [monday, tuesday, wednesday, thursday, friday]
    assert selectors.uncovered_blocks(cast.person, blocks, cast.today) == [
        tuesday,
        wednesday,
        friday,
    ]
    found = selectors.suggestions_for(cast.person, cast.today)
    assert found.blocks == [tuesday, wednesday, friday]
    assert found.sources[
        "Blocks the current team does not cover (the next 4 weeks of the rota)"
    ] == [
        "Tuesdays 09:00\u201315:00",
        "Wednesdays 09:00\u201315:00",
        "Fridays 22:00\u201308:00 (sleep-in)",
    ]
    # Once the team covers Tuesday in most weeks, it is no longer suggested.
    for row in tuesdays:
        assign(row, team)
    assert tuesday not in selectors.uncovered_blocks(cast.person, blocks, cast.today)
    assert selectors.uncovered_blocks(cast.person, [], cast.today) == []


# Questions -----------------------------------------------------------------------------------


def test_questions_are_generated_when_created(cast: Cast) -> None:
    vacancy = _draft(cast)
    texts = list(vacancy.questions.order_by("order").values_list("text", flat=True))
    assert texts[0] == (
        "This role includes personal care; Alex would like a woman to help. Is that you?"
    )
    assert "Would you enjoy swimming with Alex?" in texts
    assert "Are you calm and unhurried?" in texts
    assert "Are you happy to keep chat low and let Alex lead?" in texts
    assert "Can you drive, with your own car?" in texts
    assert len(texts) <= 6


def test_questions_are_edited_moved_deleted_and_regenerated(cast: Cast) -> None:
    manager = cast.user("manager")
    vacancy = _draft(cast)
    services.add_question(actor=manager, vacancy=vacancy, text="  Do you like   dogs? ")
    last = vacancy.questions.order_by("-order").first()
    assert last is not None and last.text == "Do you like dogs?"
    services.move_question(actor=manager, question=last, up=True)
    ordered = list(vacancy.questions.order_by("order").values_list("text", flat=True))
    assert ordered[-2] == "Do you like dogs?"
    services.change_question(actor=manager, question=last, text="Do you like cats?")
    services.delete_question(actor=manager, question=vacancy.questions.order_by("order").first())
    orders = list(vacancy.questions.order_by("order").values_list("order", flat=True))
    assert orders == list(range(1, len(orders) + 1))
    with pytest.raises(ValidationError):
        services.add_question(actor=manager, vacancy=vacancy, text="   ")
    services.regenerate_questions(actor=manager, vacancy=vacancy)
    assert not vacancy.questions.filter(text="Do you like cats?").exists()
    actions = set(
        AuditEvent.objects.filter(object_id=str(vacancy.public_id)).values_list("action", flat=True)
    )
    assert {
        "recruitment.vacancy_create",
        "recruitment.vacancy_question_add",
        "recruitment.vacancy_question_move",
        "recruitment.vacancy_question_change",
        "recruitment.vacancy_question_delete",
        "recruitment.vacancy_questions_regenerate",
    } <= actions


# Refusals ------------------------------------------------------------------------------------


def test_wishes_are_checked(cast: Cast) -> None:
    calm = data.tag(cast, Tag.Kind.TRAIT, "Calm")
    with pytest.raises(ValidationError) as caught:
        _draft(cast, wanted_tags=[calm], avoided_tags=[calm])
    assert "avoided_tags" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        _draft(cast, deciders=[cast.circle["partner_current"]])
    assert "deciders" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        _draft(cast, area="LS6 2AB")
    assert "area" in caught.value.message_dict
    other = pattern(cast.other_person, anchor=cast.today)
    with pytest.raises(ValidationError) as caught:
        _draft(cast, blocks=[block(other, 0, 600, 700)])
    assert "blocks" in caught.value.message_dict
    with pytest.raises(PermissionDenied):
        services.create_vacancy(
            actor=cast.user("team_worker"), person=cast.person, wishes=_wishes(cast)
        )
    assert not Vacancy.objects.exists()


def test_new_labels_join_the_vocabulary(cast: Cast) -> None:
    vacancy = _draft(cast, new_interests=["Baking "], new_avoided=["Loud"])
    assert "Baking" in selectors.wanted_interests(vacancy)
    assert selectors.avoided_traits(vacancy) == ["Loud", "Talkative"]
    assert Tag.objects.filter(label="Loud", kind=Tag.Kind.TRAIT).exists()


# Approval ------------------------------------------------------------------------------------


def test_the_approval_route(cast: Cast) -> None:
    manager, alex = cast.user("manager"), cast.user("person_user")
    vacancy = _draft(cast)
    with pytest.raises(ValidationError):
        services.approve(actor=alex, vacancy=vacancy, words="Yes")  # still a draft
    services.send_for_approval(actor=manager, vacancy=vacancy)
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.AWAITING_APPROVAL
    with pytest.raises(ValidationError):
        services.send_for_approval(actor=manager, vacancy=vacancy)  # not a draft any more
    services.ask_for_changes(actor=alex, vacancy=vacancy, words="Say I like dogs.")
    vacancy.refresh_from_db()
    assert (vacancy.status, vacancy.approval_words) == (VacancyStatus.DRAFT, "Say I like dogs.")
    services.send_for_approval(actor=manager, vacancy=vacancy)
    services.approve(actor=alex, vacancy=vacancy, words="Yes, that's me.")
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.OPEN
    assert vacancy.approved_by == alex
    assert vacancy.approved_by_label == "Alex"
    assert vacancy.approval_words == "Yes, that's me."
    assert vacancy.opened_at is not None and vacancy.approved_at is not None
    services.close_vacancy(actor=manager, vacancy=vacancy)
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.CLOSED and vacancy.closed_at is not None
    services.reopen_vacancy(actor=manager, vacancy=vacancy)
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.OPEN and vacancy.closed_at is None
    events = AuditEvent.objects.filter(object_id=str(vacancy.public_id), person=cast.person)
    approval = events.get(action="recruitment.vacancy_approve")
    assert approval.changes["approval_words"] == {"changed": True}  # private words
    assert approval.basis == "person"


def test_only_deciders_approve(cast: Cast) -> None:
    vacancy = data.awaiting_vacancy(cast)
    for outsider in ("circle_without_consent", "team_worker", "partner_current"):
        with pytest.raises(PermissionDenied):
            services.approve(actor=cast.user(outsider), vacancy=vacancy, words="Yes")
    with pytest.raises(PermissionDenied):
        services.approve(actor=cast.user("manager"), vacancy=vacancy, words="Yes")
    services.approve(actor=cast.user("circle_with_consent"), vacancy=vacancy)
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.OPEN
    assert vacancy.approved_by_label == "Carol Fairweather (Mother)"


def test_a_manager_records_approval_on_the_persons_behalf(cast: Cast) -> None:
    manager = cast.user("manager")
    vacancy = data.awaiting_vacancy(cast)
    with pytest.raises(ValidationError) as caught:
        services.approve(actor=manager, vacancy=vacancy, words=" ", on_behalf=True)
    assert "words" in caught.value.message_dict
    services.approve(
        actor=manager, vacancy=vacancy, words="Alex said yes at our meeting.", on_behalf=True
    )
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.OPEN
    assert vacancy.approved_by_label == "Alex, recorded by Mo Manager"
    assert vacancy.approval_words == "Alex said yes at our meeting."


def test_changing_an_open_advert_needs_approval_again(cast: Cast) -> None:
    manager = cast.user("manager")
    vacancy = _draft(cast)
    services.send_for_approval(actor=manager, vacancy=vacancy)
    services.approve(actor=cast.user("person_user"), vacancy=vacancy)
    same = services.update_vacancy(
        actor=manager, vacancy=vacancy, wishes=_wishes(cast, deciders=[])
    )
    assert not same.needs_approval_again  # deciders are not in the advert
    assert Vacancy.objects.get(pk=vacancy.pk).status == VacancyStatus.OPEN
    changed = services.update_vacancy(
        actor=manager, vacancy=vacancy, wishes=_wishes(cast, in_my_words="I love the sea.")
    )
    assert changed.needs_approval_again
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.AWAITING_APPROVAL
    assert vacancy.approved_at is None
    services.approve(actor=cast.user("person_user"), vacancy=vacancy)
    services.add_question(actor=manager, vacancy=vacancy, text="Do you like the sea?")
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.AWAITING_APPROVAL


def test_closed_never_approved_reopens_as_draft_and_filled_is_final(cast: Cast) -> None:
    manager = cast.user("manager")
    vacancy = _draft(cast)
    services.close_vacancy(actor=manager, vacancy=vacancy)
    with pytest.raises(ValidationError):
        services.close_vacancy(actor=manager, vacancy=vacancy)
    services.reopen_vacancy(actor=manager, vacancy=vacancy)
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.DRAFT
    with pytest.raises(ValidationError):
        services.reopen_vacancy(actor=manager, vacancy=vacancy)
    Vacancy.objects.filter(pk=vacancy.pk).update(status=VacancyStatus.FILLED)
    with pytest.raises(ValidationError):
        services.close_vacancy(actor=manager, vacancy=vacancy)
    with pytest.raises(ValidationError):
        services.update_vacancy(actor=manager, vacancy=vacancy, wishes=_wishes(cast))


# Identifying details -------------------------------------------------------------------------


def _identifiable(cast: Cast) -> Person:
    Person.objects.filter(pk=cast.person.pk).update(
        address_line_1="14 Cardigan Road",
        address_line_2="Flat 2",
        town="Leeds",
        postcode="LS6 1LJ",
    )
    Condition.objects.create(organisation=cast.organisation, person=cast.person, name="Epilepsy")
    cast.person.refresh_from_db()
    return cast.person


def test_the_advert_never_gives_identifying_details(cast: Cast) -> None:
    person = _identifiable(cast)
    manager = cast.user("manager")
    vacancy = services.create_vacancy(
        actor=manager,
        person=person,
        wishes=_wishes(cast, area=selectors.district_of(person.postcode), in_my_words="Hello!"),
    )
    services.send_for_approval(actor=manager, vacancy=vacancy)
    services.approve(actor=cast.user("person_user"), vacancy=vacancy)
    advert = selectors.advert_of(selectors.vacancy_with_wishes(vacancy))
    html = advert_html(advert, organisation=cast.organisation.name)
    text = advert_text(advert, organisation=cast.organisation.name)
    assert "Alex" in text and "LS6" in text
    for output in (html, text):
        for secret in (
            "Fairweather",
            "Alexandra",
            "Cardigan",
            "Flat 2",
            "LS6 1LJ",
            "1994",
            "17/05",
            "Epilepsy",
            "Short sentences",
        ):
            assert secret not in output, secret


@pytest.mark.parametrize(
    "typed",
    [
        "My name is Alex Fairweather.",
        "Come to 14 Cardigan Road.",
        "I live at LS61LJ.",
        "Born 17/05/1994.",
        "I have epilepsy.",
        "Short sentences, one question at a time; pictures help.",
    ],
)
def test_identifying_words_warn_on_save_and_block_approval(cast: Cast, typed: str) -> None:
    person = _identifiable(cast)
    manager = cast.user("manager")
    vacancy = services.create_vacancy(
        actor=manager, person=person, wishes=_wishes(cast, in_my_words=typed)
    )
    vacancy.refresh_from_db()
    assert vacancy.in_my_words == typed  # nothing stripped
    assert selectors.identifying_details_of(vacancy)
    with pytest.raises(ValidationError) as caught:
        services.send_for_approval(actor=manager, vacancy=vacancy)
    assert "in_my_words" in caught.value.message_dict
    saved = services.update_vacancy(
        actor=manager, vacancy=vacancy, wishes=_wishes(cast, in_my_words="I like the sea.")
    )
    assert saved.warnings == []
    services.send_for_approval(actor=manager, vacancy=vacancy)


def test_a_surname_in_a_question_is_caught(cast: Cast) -> None:
    manager = cast.user("manager")
    vacancy = _draft(cast)
    services.add_question(actor=manager, vacancy=vacancy, text="Have you met the Fairweathers?")
    assert not selectors.identifying_details_of(vacancy)  # whole words only
    services.add_question(actor=manager, vacancy=vacancy, text="Do you know Mrs Fairweather?")
    assert selectors.identifying_details_of(vacancy)
    assert Question.objects.filter(vacancy=vacancy).count() == 7


# The list ------------------------------------------------------------------------------------


def test_groups_and_counts(cast: Cast) -> None:
    application = data.an_application(cast)
    groups = selectors.vacancy_groups(cast.user("manager"))
    assert [g.status for g in groups] == [VacancyStatus.OPEN]
    row = groups[0].rows[0]
    assert row.vacancy == application.vacancy
    assert row.total == 1 and row.to_meet == 1
    assert row.by_stage == [("Meeting with the person", 1)]
    assert selectors.home_counts(cast.user("manager")) == {"open": 1, "awaiting": 0}
    data.awaiting_vacancy(cast)
    assert [v.kind for v in selectors.awaiting_my_approval(cast.user("person_user"))] == [
        Vacancy.Kind.RELIEF
    ]
    assert selectors.awaiting_my_approval(cast.user("manager")) == []
