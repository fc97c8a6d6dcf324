"""The daily notes pages: writing a note and a handover (prompts, the language warnings that
never block, bad input kept), one per worker per shift, amending with every version shown,
the start of a shift (which handovers, the plan, medicines due), "I have read this", the
person's day with a query ceiling, and the link from My shifts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ownterms.daily.models import (
    AuthorisedPractice,
    BehaviourSupportPlan,
    DailyNote,
    DoseSchedule,
    Handover,
    HandoverAcknowledgement,
    LegalBasis,
    PracticeKind,
)
from ownterms.daily.services.notes import write_handover, write_note
from ownterms.health.models import Medication
from ownterms.plans.models import Goal, RoutineActivity
from ownterms.rota.models import Shift
from tests.cast import Cast
from tests.ownterms.daily import notes_data
from tests.ownterms.rota.factories import assign, at, shift
from tests.queries import warm_up


def as_member(cast: Cast, name: str) -> Client:
    client = Client()
    user = cast.user(name)
    assert user is not None
    client.force_login(user)
    return client


def url(name: str, **kwargs: Any) -> str:
    return reverse(f"daily:{name}", kwargs=kwargs)


def person_kwargs(cast: Cast) -> dict[str, Any]:
    return {"org": cast.organisation.slug, "person_id": cast.person.public_id}


def note_form(**extra: str) -> dict[str, str]:
    return {"mood": "good", "activities": "Walked to the harbour.", **extra}


# -- writing a note -----------------------------------------------------------------------------


def test_the_note_form_prompts_from_the_plan_routine_and_goals(cast: Cast) -> None:
    row = notes_data.worked_shift(cast)
    Goal.objects.create(
        organisation=cast.organisation,
        person=cast.person,
        title="Make a cup of tea",
        owner="Alex",
        next_step="Fill the kettle",
        status=Goal.Status.IN_PROGRESS,
    )
    RoutineActivity.objects.create(
        organisation=cast.organisation,
        person=cast.person,
        name="Drama club",
        day=row.on.weekday(),
        starts_at=dt.time(10),
        ends_at=dt.time(12),
    )
    page = as_member(cast, "team_worker").get(url("note_new", **notes_data.shift_kwargs(cast)))
    assert page.status_code == 200
    text = page.content.decode()
    assert "The plan was: Swimming" in text
    assert "Drama club (10:00 to 12:00)" in text
    assert "Fill the kettle" in text
    assert 'name="goals"' in text
    assert "hx-post" in text and url("language_check", org=cast.organisation.slug) in text


def test_a_note_is_saved_and_shown(cast: Cast) -> None:
    client = as_member(cast, "team_worker")
    kwargs = notes_data.shift_kwargs(cast)
    response = client.post(
        url("note_new", **kwargs),
        note_form(how_they_were="Happy 😀 <script>alert(1)</script>"),
    )
    note = DailyNote.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("note_detail", **person_kwargs(cast), note_id=note.public_id)
    page = client.get(response["Location"]).content.decode()
    assert "Happy 😀 &lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page
    assert "Not changed since it was written." in page


def test_language_warnings_come_once_then_save_as_written(cast: Cast) -> None:
    client = as_member(cast, "team_worker")
    target = url("note_new", **notes_data.shift_kwargs(cast))
    words = "He kicked off at the bus stop and was non-compliant."
    first = client.post(target, note_form(how_they_were=words))
    assert first.status_code == 200
    page = first.content.decode()
    assert "Check your words" in page and "Save as written" in page
    assert "“kicked off”" in page and "“non-compliant”" in page
    assert words in page, "what was typed is kept"
    assert 'name="seen_warnings" value="kicked_off,non_compliant"' in page
    assert not DailyNote.objects.exists()

    # A new word not seen before gets its warning first.
    second = client.post(
        target,
        note_form(
            how_they_were=words + " Naughty.",
            seen_warnings="kicked_off,non_compliant",
            save_as_written="1",
        ),
    )
    assert second.status_code == 200 and "“Naughty”" in second.content.decode()
    assert not DailyNote.objects.exists()

    saved = client.post(
        target,
        note_form(
            how_they_were=words,
            seen_warnings="kicked_off,non_compliant",
            save_as_written="1",
        ),
    )
    assert saved.status_code == 302
    assert DailyNote.objects.get().how_they_were == words


def test_respectful_words_save_first_time(cast: Cast) -> None:
    client = as_member(cast, "team_worker")
    response = client.post(
        url("note_new", **notes_data.shift_kwargs(cast)),
        note_form(how_they_were="Upset when the bus was late; cried, then we walked home."),
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (note_form(activities="x" * 100_000), "This is too long: keep it under 20,000"),
        ({"activities": "Walked."}, "Choose how they were overall."),
        ({"mood": "furious", "activities": "Walked."}, "Choose how they were from the list."),
        ({"mood": "good"}, "Write what they did, how they were or what mattered to them."),
        (note_form(goals="not-a-goal"), "Choose goals from the list."),
    ],
    ids=["100kB", "no-mood", "bad-mood", "nothing-written", "bad-goal"],
)
def test_bad_input_is_explained_and_kept(cast: Cast, data: dict[str, str], message: str) -> None:
    Goal.objects.create(
        organisation=cast.organisation, person=cast.person, title="Bake bread", owner="Alex"
    )
    client = as_member(cast, "team_worker")
    response = client.post(url("note_new", **notes_data.shift_kwargs(cast)), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "There is a problem" in page
    if len(data.get("activities", "")) > 1000:
        assert data["activities"] in page, "the long text is kept to shorten"
    assert not DailyNote.objects.exists()


def test_a_second_note_goes_to_the_first(cast: Cast) -> None:
    note = notes_data.a_note(cast)
    client = as_member(cast, "team_worker")
    target = url("note_new", **notes_data.shift_kwargs(cast))
    page = client.get(target).content.decode()
    assert "You have already written a note for this shift." in page
    assert url("note_amend", **person_kwargs(cast), note_id=note.public_id) in page
    response = client.post(target, note_form())
    assert response.status_code == 302
    assert response["Location"] == url("note_detail", **person_kwargs(cast), note_id=note.public_id)
    assert DailyNote.objects.count() == 1


def test_a_cancelled_shift_cannot_be_written_up(cast: Cast) -> None:
    row = notes_data.worked_shift(cast)
    Shift.objects.filter(pk=row.pk).update(status=Shift.Status.CANCELLED)
    response = as_member(cast, "team_worker").post(
        url("note_new", **notes_data.shift_kwargs(cast)), note_form()
    )
    assert response.status_code == 400
    assert "That shift was cancelled." in response.content.decode()


def test_another_persons_shift_is_not_found(cast: Cast) -> None:
    other = shift(cast.other_person, timezone.localdate(), 9, 6)
    response = as_member(cast, "team_worker").get(
        url("note_new", **person_kwargs(cast), shift_id=other.public_id)
    )
    assert response.status_code == 404


# -- amending -----------------------------------------------------------------------------------


def test_amending_needs_a_reason_and_shows_every_version(cast: Cast) -> None:
    note = notes_data.a_note(cast)
    client = as_member(cast, "team_worker")
    target = url("note_amend", **person_kwargs(cast), note_id=note.public_id)
    form = client.get(target).content.decode()
    assert "Swam ten lengths" in form, "the form starts from the note as it is"
    refused = client.post(target, note_form(activities="Swam twelve lengths."))
    assert refused.status_code == 400
    assert "Say why you are changing this record." in refused.content.decode()
    unchanged = client.post(
        target,
        {
            "mood": note.mood,
            "activities": note.activities,
            "how_they_were": note.how_they_were,
            "reason": "No reason",
        },
    )
    assert unchanged.status_code == 400 and "Nothing was changed." in unchanged.content.decode()
    saved = client.post(
        target,
        {
            "mood": note.mood,
            "activities": "Swam twelve lengths.",
            "how_they_were": note.how_they_were,
            "reason": "Counted again",
        },
    )
    assert saved.status_code == 302
    page = client.get(saved["Location"]).content.decode()
    assert "Version 2" in page and "Counted again" in page
    assert "Swam ten lengths" in page, "the original stays visible"
    assert "Swam twelve lengths." in page


def test_only_the_author_or_a_manager_amends(cast: Cast) -> None:
    note = notes_data.a_note(cast)
    notes_data.worked_shift(cast)
    target = url("note_amend", **person_kwargs(cast), note_id=note.public_id)
    assert as_member(cast, "manager").get(target).status_code == 200
    assert as_member(cast, "on_call_manager").get(target).status_code == 403
    # A second team member who did not write it.
    from tests.ownterms.rota.factories import team_member

    colleague = cast.staff["outside_worker"]
    team_member(cast.person, colleague, since=timezone.localdate() - dt.timedelta(days=30))
    assert as_member(cast, "outside_worker").get(target).status_code == 403


# -- handovers and the start of a shift --------------------------------------------------------


def _incoming(cast: Cast) -> Shift:
    """Today's shift after the worked one, worked by the manager."""
    worked = notes_data.worked_shift(cast)
    row = shift(cast.person, worked.on + dt.timedelta(days=1), 9, 6)
    assign(row, cast.staff["manager"])
    return row


def test_the_shift_start_shows_recent_handovers_the_plan_and_doses(cast: Cast) -> None:
    handover = notes_data.a_handover(cast)
    incoming = _incoming(cast)
    worked = notes_data.worked_shift(cast)
    # Older than the previous shift's start: not shown.
    old = Handover.objects.create(
        organisation=cast.organisation,
        person=cast.person,
        recorded_by=cast.user("team_worker"),
        text="From last week: the boiler man came.",
    )
    Handover.objects.filter(pk=old.pk).update(created_at=worked.starts_at - dt.timedelta(hours=1))
    plan = BehaviourSupportPlan.objects.create(
        organisation=cast.organisation,
        person=cast.person,
        hypotheses="Noise is hard.",
        green="Warn before changes; headphones in the bag.",
        amber="Pacing and humming: offer a walk.",
        red="Give space; keep others away; call the manager.",
        review_on=incoming.on + dt.timedelta(days=60),
    )
    AuthorisedPractice.objects.create(
        organisation=cast.organisation,
        plan=plan,
        kind=PracticeKind.ENVIRONMENTAL,
        description="Kitchen knives kept locked away",
        legal_basis=LegalBasis.BEST_INTERESTS,
        authorised_on=incoming.on - dt.timedelta(days=100),
        review_on=incoming.on + dt.timedelta(days=100),
    )
    medication = Medication.objects.create(
        organisation=cast.organisation,
        person=cast.person,
        name="Lamotrigine",
        dose="100 mg",
        route=Medication.Route.ORAL,
        kind=Medication.Kind.REGULAR,
        frequency="8am and 8pm... and 1pm",
        starts_on=incoming.on - dt.timedelta(days=10),
    )
    for hour in (8, 13, 20):
        DoseSchedule.objects.create(
            organisation=cast.organisation, medication=medication, time=dt.time(hour)
        )
    client = as_member(cast, "manager")
    page = client.get(
        url("shift_start", **person_kwargs(cast), shift_id=incoming.public_id)
    ).content.decode()
    assert handover.text in page
    assert "the boiler man" not in page
    assert "I have read this" in page
    assert "Headphones in the bag".lower() in page.lower()
    assert "Kitchen knives kept locked away" in page
    assert "Mental Capacity Act best-interests decision" in page
    assert "13:00" in page and "Lamotrigine" in page
    assert "08:00" not in page and "20:00" not in page, "only doses during the shift"
    assert url("note_new", **person_kwargs(cast), shift_id=incoming.public_id) in page


def test_handovers_at_most_three_days_back(cast: Cast) -> None:
    worked = notes_data.worked_shift(cast)
    later = shift(cast.person, worked.on + dt.timedelta(days=6), 9, 6)
    assign(later, cast.staff["manager"])
    handover = notes_data.a_handover(cast)
    page = (
        as_member(cast, "manager")
        .get(url("shift_start", **person_kwargs(cast), shift_id=later.public_id))
        .content.decode()
    )
    assert handover.text not in page
    assert "No handovers since the last shift started." in page


def test_i_have_read_this_once(cast: Cast) -> None:
    handover = notes_data.a_handover(cast)
    incoming = _incoming(cast)
    client = as_member(cast, "manager")
    target = url("handover_acknowledge", **person_kwargs(cast), handover_id=handover.public_id)
    for _ in range(2):
        response = client.post(target, {"shift": str(incoming.public_id)})
        assert response.status_code == 302
        assert response["Location"].endswith(f"#handover-{handover.public_id}")
    ack = HandoverAcknowledgement.objects.get()
    assert ack.staff_member == cast.staff["manager"] and ack.shift == incoming
    page = client.get(
        url("shift_start", **person_kwargs(cast), shift_id=incoming.public_id)
    ).content.decode()
    assert "You have read this" in page
    detail = client.get(
        url("handover_detail", **person_kwargs(cast), handover_id=handover.public_id)
    ).content.decode()
    assert "Mo Manager" in detail


def test_acknowledging_needs_a_staff_record_and_a_get_is_refused(cast: Cast) -> None:
    handover = notes_data.a_handover(cast)
    target = url("handover_acknowledge", **person_kwargs(cast), handover_id=handover.public_id)
    assert as_member(cast, "administrator").post(target).status_code == 403
    assert as_member(cast, "manager").get(target).status_code == 405
    assert not HandoverAcknowledgement.objects.exists()


def test_the_writer_is_told_they_wrote_it(cast: Cast) -> None:
    handover = notes_data.a_handover(cast)
    client = as_member(cast, "team_worker")
    response = client.post(
        url("handover_acknowledge", **person_kwargs(cast), handover_id=handover.public_id),
        follow=True,
    )
    assert "You wrote this handover" in response.content.decode()
    assert not HandoverAcknowledgement.objects.exists()


def test_a_handover_with_warnings_then_as_written(cast: Cast) -> None:
    client = as_member(cast, "team_worker")
    target = url("handover_new", **notes_data.shift_kwargs(cast))
    first = client.post(target, {"text": "Had a tantrum at tea."})
    assert first.status_code == 200 and "“tantrum”" in first.content.decode()
    saved = client.post(
        target,
        {"text": "Had a tantrum at tea.", "seen_warnings": "tantrum", "save_as_written": "1"},
    )
    assert saved.status_code == 302
    assert Handover.objects.get().text == "Had a tantrum at tea."
    empty = client.post(url("handover_new", **notes_data.shift_kwargs(cast)), {"text": ""})
    assert empty.status_code == 302, "a second handover goes to the first"


# -- the live check ------------------------------------------------------------------------------


def test_the_live_check_answers_warnings_for_one_field(cast: Cast) -> None:
    client = as_member(cast, "team_worker")
    target = url("language_check", org=cast.organisation.slug)
    found = client.post(target, {"field": "activities", "activities": "An epilepsy sufferer."})
    assert found.status_code == 200 and "“sufferer”" in found.content.decode()
    clean = client.post(target, {"field": "activities", "activities": "A lovely walk."})
    assert clean.status_code == 200 and clean.content.decode().strip() == ""
    assert client.post(target, {"field": "<bad>"}).status_code == 400
    assert client.get(target).status_code == 405


# -- the person's day --------------------------------------------------------------------------


def test_the_day_shows_shifts_notes_and_handovers_newest_first(cast: Cast) -> None:
    note = notes_data.a_note(cast)
    handover = notes_data.a_handover(cast)
    worked = notes_data.worked_shift(cast)
    evening = shift(cast.person, worked.on, 17, 4)
    assign(evening, cast.staff["manager"])
    client = as_member(cast, "team_worker")
    base = url("person_daily", **person_kwargs(cast))
    page = client.get(f"{base}?day={worked.on.isoformat()}").content.decode()
    assert note.activities in page and "Tea at" not in page
    assert handover.text[:30] in page
    assert page.index("Shift 17:00 to 21:00") < page.index("Shift 09:00 to 15:00")
    assert f"?day={(worked.on - dt.timedelta(days=1)).isoformat()}" in page
    assert f"?day={(worked.on + dt.timedelta(days=1)).isoformat()}" in page
    today = client.get(base).content.decode()
    assert "Today," in today
    assert note.activities not in today
    assert client.get(f"{base}?day=not-a-day").status_code == 200


def _busy_day(cast: Cast, day: dt.date, count: int) -> None:
    for n in range(count):
        row = shift(cast.person, day, 6 + n % 12, 1)
        assign(row, cast.staff["team_worker"], cast.staff["manager"])
        note = write_note(
            actor=cast.user("team_worker"),  # type: ignore[arg-type]
            person=cast.person,
            shift=row,
            staff_member=cast.staff["team_worker"],
            mood="good",
            activities=f"Walk {n}",
            now=at(day, 23),
        )
        goal = Goal.objects.create(
            organisation=cast.organisation, person=cast.person, title=f"G{n}", owner="A"
        )
        note.goals.add(goal)
        handover = write_handover(
            actor=cast.user("team_worker"),  # type: ignore[arg-type]
            person=cast.person,
            shift=row,
            staff_member=cast.staff["team_worker"],
            text=f"Handover {n}",
            now=at(day, 23),
        )
        HandoverAcknowledgement.objects.create(
            organisation=cast.organisation,
            handover=handover,
            staff_member=cast.staff["manager"],
            shift=row,
            acknowledged_at=at(day, 23),
        )


DAY_CEILING = 24


@pytest.mark.parametrize("page", ["person_daily", "shift_start"])
def test_pages_have_a_query_ceiling(
    cast: Cast, page: str, django_assert_max_num_queries: Any
) -> None:
    day = timezone.localdate() - dt.timedelta(days=2)
    client = as_member(cast, "manager")
    counts = []
    for more in (2, 10):
        _busy_day(cast, day, more)
        if page == "person_daily":
            target = url("person_daily", **person_kwargs(cast)) + f"?day={day.isoformat()}"
        else:
            last = Shift.objects.filter(person=cast.person).order_by("-starts_at").first()
            assert last is not None
            nxt = shift(cast.person, day + dt.timedelta(days=1), 9, 6)
            assign(nxt, cast.staff["team_worker"])
            target = url("shift_start", **person_kwargs(cast), shift_id=nxt.public_id)
        warm_up(client, target)
        with (
            django_assert_max_num_queries(DAY_CEILING),
            CaptureQueriesContext(connection) as queries,
        ):
            assert client.get(target).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], "the number of queries grows with the data"


# -- My shifts -----------------------------------------------------------------------------------


def test_my_shifts_links_each_coming_shift_to_its_start(cast: Cast) -> None:
    from tests.ownterms.rota.readers_data import live_rota

    shifts = live_rota(cast)
    worked = notes_data.worked_shift(cast)
    page = (
        as_member(cast, "team_worker")
        .get(reverse("rota:my_shifts", kwargs={"org": cast.organisation.slug}))
        .content.decode()
    )
    assert url("shift_start", **person_kwargs(cast), shift_id=shifts[1].public_id) in page
    assert url("shift_start", **person_kwargs(cast), shift_id=worked.public_id) not in page


def test_the_amend_form_shows_warnings_in_the_words_as_written(cast: Cast) -> None:
    note = notes_data.a_note(cast)
    DailyNote.objects.filter(pk=note.pk).update(how_they_were="Had a tantrum at the pool.")
    client = as_member(cast, "team_worker")
    target = url("note_amend", **person_kwargs(cast), note_id=note.public_id)
    page = client.get(target).content.decode()
    assert "“tantrum”" in page
    assert 'name="seen_warnings" value="tantrum"' in page
    saved = client.post(
        target,
        {
            "mood": note.mood,
            "activities": "Swam twelve lengths.",
            "how_they_were": "Had a tantrum at the pool.",
            "seen_warnings": "tantrum",
            "reason": "Counted again",
        },
    )
    assert saved.status_code == 302, "warnings already shown don't stop the change"


def test_i_have_read_this_swaps_the_card_in_place_with_htmx(cast: Cast) -> None:
    handover = notes_data.a_handover(cast)
    incoming = _incoming(cast)
    client = as_member(cast, "manager")
    target = url("handover_acknowledge", **person_kwargs(cast), handover_id=handover.public_id)
    response = client.post(
        target, {"shift": str(incoming.public_id)}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    card = response.content.decode()
    assert card.lstrip().startswith(
        f'<div class="govuk-summary-card" id="handover-{handover.public_id}"'
    )
    assert "You have read this" in card and "Thank you: you have read this handover." in card
    assert "Mo Manager" in card and "<html" not in card
    again = client.post(target, {"shift": str(incoming.public_id)}, headers={"HX-Request": "true"})
    assert "Thank you" not in again.content.decode()
    assert HandoverAcknowledgement.objects.count() == 1
    writer = as_member(cast, "team_worker").post(
        target, {"shift": str(incoming.public_id)}, headers={"HX-Request": "true"}
    )
    assert "You wrote this handover" in writer.content.decode()
