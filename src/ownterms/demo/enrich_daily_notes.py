"""Demo daily notes and handovers: for the last two months of delivered support (shifts of the
published demo rota that ended before today, with workers), a daily note per worker per shift
and a handover at the end of each shift, read by the next shift's workers. Words come from the
person's interests and routine, in respectful language; most days are good, some are low.

With no published rota (no assignments) it does nothing.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NamedTuple
from zoneinfo import ZoneInfo

from ownterms.core.models import Organisation
from ownterms.daily.models import DailyNote, DailyRecord, Handover, HandoverAcknowledgement
from ownterms.daily.services.amendments import amend
from ownterms.people.models import Person
from ownterms.plans.models import Goal, PersonPlan, RoutineActivity
from ownterms.rota.models import Assignment, Shift, ShiftKind

LONDON = ZoneInfo("Europe/London")
DAYS = 61
#: The chance a note ticks each goal in progress, and that a handover is left unread.
GOAL_TICKED = 0.3
UNREAD = 0.05
#: How often each mood is chosen (mostly good days, some low ones).
MOODS = (
    (DailyNote.Mood.GREAT, 24),
    (DailyNote.Mood.GOOD, 44),
    (DailyNote.Mood.OKAY, 20),
    (DailyNote.Mood.LOW, 8),
    (DailyNote.Mood.UPSET, 4),
)
GENERIC_INTERESTS = ("a walk by the harbour", "music", "cooking", "a film", "the garden")

DID = (
    "{name} chose {interest} this morning; we took our time and stopped for a drink on the way.",
    "We went for {interest}. {name} decided when we left and led the way home.",
    "{routine} as usual, then {interest} in the afternoon.",
    "A quiet day at home: {interest}, tidying the kitchen together and a phone call to family.",
    "{routine}, then shopping for the week. {name} used the list we made on Sunday.",
    "{name} planned the day: {interest} first, then lunch out at the café on the quay.",
)
WERE = {
    DailyNote.Mood.GREAT: (
        "Laughing and chatty all day; {name} told everyone about {interest}.",
        "Full of energy and proud of what they did. Lots of smiles.",
    ),
    DailyNote.Mood.GOOD: (
        "Relaxed and happy. {name} chose lunch and ate well.",
        "Settled and cheerful; a little tired by the evening.",
        "Calm and content. Enjoyed the company and the routine.",
    ),
    DailyNote.Mood.OKAY: (
        "Quieter than usual, but happy to join in with {interest}.",
        "Tired after a poor night; took a rest after lunch and felt better.",
    ),
    DailyNote.Mood.LOW: (
        "{name} was quiet and said they felt sad. Talked about missing family; "
        "we looked at photos together, which helped a little.",
        "Low in the morning and wanted to stay in. We stayed home, put music on, "
        "and {name} came to the kitchen to bake later.",
    ),
    DailyNote.Mood.UPSET: (
        "{name} was upset when the bus did not come and cried at the stop. We walked home "
        "slowly, talked about what had happened, and had a drink in the garden. Calmer by tea.",
        "Anxious after a loud noise outside; covered their ears and went to their room. "
        "We gave space, then quiet music. Settled within the hour.",
    ),
}
MATTERED = (
    "Choosing what to do and when. {name} likes to be asked, not told.",
    "Seeing friends at {routine}.",
    "{interest}: {name} talks about it all the time and wants to do more.",
    "Getting the shopping right: the brands {name} likes matter to them.",
    "A phone call to Mum; {name} wants to do it every Sunday.",
    "",
)
HANDOVER = (
    "{name} has had a good shift. {detail} Tea is planned for six; the menu is on the fridge.",
    "{detail} {name} is tired and may want an early night. Medicines given as charted.",
    "{detail} Nothing outstanding. The shopping list for tomorrow is on the table.",
    "{detail} {name} asked about the trip on Saturday; please talk it through with them.",
    "{detail} Keys and money tin checked and correct. The bins go out tonight.",
)
LOW_HANDOVER = (
    "{name} has been low today (see the daily note). Please check in gently and offer "
    "music or a walk; they may want to phone family.",
    "{name} was upset this afternoon but is calmer now. Keep things quiet this evening "
    "and give a heads-up before any visitors.",
)
NIGHT_HANDOVER = (
    "{name} slept through; up once for the bathroom at around 3am and settled quickly.",
    "A settled night. {name} woke early and had a cup of tea in the kitchen.",
    "Restless until midnight, then slept. {name} may be tired this morning.",
)
AMENDMENTS = (
    ("what_mattered", "Also: the new bus timetable; {name} wants a copy.", "I missed this out."),
    ("activities", "We went swimming, then lunch at the café on the quay.", "Wrong place."),
    ("how_they_were", "Relaxed and happy; chose lunch and ate well.", "Added what they ate."),
)


@contextmanager
def _own_times(*models: type[DailyRecord]) -> Iterator[None]:
    """Lets ``bulk_create`` keep the ``created_at``/``updated_at`` set on each row (a demo
    writes the past; ``bulk_update`` of thousands of times is far slower on SQLite)."""
    fields = [m._meta.get_field(name) for m in models for name in ("created_at", "updated_at")]
    saved = [(f.auto_now, f.auto_now_add) for f in fields]  # type: ignore[union-attr]
    for f in fields:
        f.auto_now = f.auto_now_add = False  # type: ignore[union-attr]
    try:
        yield
    finally:
        for f, (now, add) in zip(fields, saved, strict=True):
            f.auto_now, f.auto_now_add = now, add  # type: ignore[union-attr]


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=LONDON)


def _fill(text: str, *, name: str, interest: str, routine: str, detail: str = "") -> str:
    return text.format(name=name, interest=interest, routine=routine, detail=detail)


def _interests(org: Organisation) -> dict[int, list[str]]:
    found: dict[int, list[str]] = defaultdict(list)
    through = PersonPlan.interests.through
    rows = through.objects.filter(personplan__organisation=org).values_list(
        "personplan__person_id", "tag__label"
    )
    for person_id, label in rows:
        found[person_id].append(label.lower())
    return found


def _routine(org: Organisation) -> dict[tuple[int, int], list[str]]:
    found: dict[tuple[int, int], list[str]] = defaultdict(list)
    for person_id, day, name in RoutineActivity.objects.filter(organisation=org).values_list(
        "person_id", "day", "name"
    ):
        found[(person_id, day)].append(name)
    return found


def _goals(org: Organisation) -> dict[int, list[int]]:
    found: dict[int, list[int]] = defaultdict(list)
    for pk, person_id in Goal.objects.filter(
        organisation=org, status=Goal.Status.IN_PROGRESS
    ).values_list("pk", "person_id"):
        found[person_id].append(pk)
    return found


class _Shift(NamedTuple):
    pk: int
    person_id: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    kind: str


class _Worker(NamedTuple):
    staff_id: int
    user_id: int | None


def enrich_daily_notes(org: Organisation, rng: random.Random, today: dt.date) -> dict[str, int]:
    cutoff = _midnight(today)
    shifts = [
        _Shift(*row)
        for row in Shift.objects.filter(
            organisation=org,
            status=Shift.Status.PLANNED,
            ends_at__lte=cutoff,
            starts_at__gte=_midnight(today - dt.timedelta(days=DAYS)),
        )
        .order_by("person_id", "starts_at", "pk")
        .values_list("pk", "person_id", "starts_at", "ends_at", "kind")
    ]
    if not shifts:
        return {}
    workers: dict[int, list[_Worker]] = defaultdict(list)
    for shift_id, staff_id, user_id in (
        Assignment.objects.filter(
            shift__organisation=org,
            shift__status=Shift.Status.PLANNED,
            shift__ends_at__lte=cutoff,
            shift__starts_at__gte=_midnight(today - dt.timedelta(days=DAYS)),
        )
        .order_by("shift_id", "staff_member__first_name", "pk")
        .values_list("shift_id", "staff_member_id", "staff_member__user_id")
    ):
        workers[shift_id].append(_Worker(staff_id, user_id))
    shifts = [shift for shift in shifts if workers.get(shift.pk)]
    if not shifts:
        return {}
    names = {
        pk: preferred or first
        for pk, preferred, first in Person.objects.filter(organisation=org).values_list(
            "pk", "preferred_name", "first_name"
        )
    }
    interests = _interests(org)
    routine = _routine(org)
    goals = _goals(org)
    moods = [mood for mood, _weight in MOODS]
    weights = [weight for _mood, weight in MOODS]
    night_kinds = {ShiftKind.SLEEP_IN, ShiftKind.WAKING_NIGHT}
    low_moods = {DailyNote.Mood.LOW, DailyNote.Mood.UPSET}

    notes: list[DailyNote] = []
    note_goals: list[list[int]] = []
    handovers: list[Handover] = []
    handover_shifts: list[_Shift] = []
    for shift in shifts:
        name = names[shift.person_id]
        local = shift.starts_at.astimezone(LONDON)
        liked = interests.get(shift.person_id) or list(GENERIC_INTERESTS)
        usual = routine.get((shift.person_id, local.weekday())) or ["Breakfast and a walk"]
        night = shift.kind in night_kinds
        mood = rng.choices(moods, weights)[0]
        person_goals = goals.get(shift.person_id, [])
        for worker in workers[shift.pk]:
            words = {"name": name, "interest": rng.choice(liked), "routine": usual[0]}
            moment = shift.ends_at - dt.timedelta(minutes=rng.randint(10, 40))
            notes.append(
                DailyNote(
                    organisation_id=org.pk,
                    person_id=shift.person_id,
                    shift_id=shift.pk,
                    recorded_by_id=worker.user_id,
                    recorded_by_staff_id=worker.staff_id,
                    created_at=moment,
                    updated_at=moment,
                    mood=mood,
                    activities=_fill(rng.choice(NIGHT_HANDOVER if night else DID), **words),
                    how_they_were=_fill(rng.choice(WERE[mood]), **words),
                    what_mattered=_fill(rng.choice(MATTERED), **words),
                )
            )
            note_goals.append(
                [] if night else [g for g in person_goals if rng.random() < GOAL_TICKED]
            )
        writer = workers[shift.pk][0]
        words = {"name": name, "interest": rng.choice(liked), "routine": usual[0]}
        if night:
            text = _fill(rng.choice(NIGHT_HANDOVER), **words)
        elif mood in low_moods:
            text = _fill(rng.choice(LOW_HANDOVER), **words)
        else:
            detail = _fill(rng.choice(DID), **words)
            text = _fill(rng.choice(HANDOVER), **words, detail=detail)
        moment = shift.ends_at - dt.timedelta(minutes=rng.randint(5, 15))
        handovers.append(
            Handover(
                organisation_id=org.pk,
                person_id=shift.person_id,
                shift_id=shift.pk,
                recorded_by_id=writer.user_id,
                recorded_by_staff_id=writer.staff_id,
                created_at=moment,
                updated_at=moment,
                text=text,
            )
        )
        handover_shifts.append(shift)

    with _own_times(DailyNote, Handover):
        DailyNote.objects.bulk_create(notes, batch_size=1000)
        Handover.objects.bulk_create(handovers, batch_size=1000)
    through = DailyNote.goals.through
    through.objects.bulk_create(
        [
            through(dailynote_id=note.pk, goal_id=goal_id)
            for note, ticked in zip(notes, note_goals, strict=True)
            for goal_id in ticked
        ],
        batch_size=1000,
    )

    # The next shift's workers read each handover at the start of their shift.
    following: dict[int, _Shift] = {}
    for earlier, later in itertools.pairwise(shifts):
        if earlier.person_id == later.person_id:
            following[earlier.pk] = later
    acknowledgements: list[HandoverAcknowledgement] = []
    for handover, shift in zip(handovers, handover_shifts, strict=True):
        nxt = following.get(shift.pk)
        if nxt is None or nxt.starts_at - shift.ends_at > dt.timedelta(days=3):
            continue
        for worker in workers[nxt.pk]:
            if worker.staff_id == handover.recorded_by_staff_id or rng.random() < UNREAD:
                continue
            acknowledgements.append(
                HandoverAcknowledgement(
                    organisation_id=org.pk,
                    handover_id=handover.pk,
                    shift_id=nxt.pk,
                    staff_member_id=worker.staff_id,
                    acknowledged_at=max(nxt.starts_at, handover.created_at)
                    + dt.timedelta(minutes=rng.randint(0, 10)),
                )
            )
    HandoverAcknowledgement.objects.bulk_create(acknowledgements, batch_size=1000)

    # A few notes amended by their writers, so versions show.
    amended = 0
    for index, note in enumerate(notes[:: max(1, len(notes) // 3)][: len(AMENDMENTS)]):
        field, value, reason = AMENDMENTS[index]
        if note.recorded_by is None:
            continue
        amend(
            actor=note.recorded_by,
            record=note,
            changes={field: value.format(name=names[note.person_id])},
            reason=reason,
        )
        amended += 1
    return {
        "daily_notes": len(notes),
        "handovers": len(handovers),
        "handover_acknowledgements": len(acknowledgements),
        "daily_notes_amended": amended,
    }
