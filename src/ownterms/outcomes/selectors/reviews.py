"""Reading a person's reviews and check-ins. Each function takes the ``Person`` an access
check gave and runs a fixed number of queries whatever the number of rows."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ownterms.funding.selectors.arrangements import arrangements_of, current_and_past
from ownterms.outcomes.models import (
    CHECK_IN_TOPICS,
    Action,
    CheckIn,
    Participant,
    Perspective,
    Review,
    ReviewPoint,
)
from ownterms.people.models import ConsentCategory, Person
from ownterms.people.selectors import package_on
from ownterms.plans.selectors import current_profile

#: The faces of the smiley scale: value → (symbol name, word).
FACES: dict[int, Promise] = {
    1: _("Very unhappy"),
    2: _("Unhappy"),
    3: _("OK"),
    4: _("Happy"),
    5: _("Very happy"),
}


@dataclass(frozen=True)
class ReviewDate:
    """A review date the system already holds, from which a review can be scheduled."""

    key: str
    label: Promise | str
    due_on: dt.date
    #: The consent category of the record it comes from (shown only to its readers).
    category: str


def review_dates(person: Person, today: dt.date) -> list[ReviewDate]:
    """The plan's (one-page profile), the package's and the current funding's review dates."""
    dates: list[ReviewDate] = []
    profile = current_profile(person)
    if profile is not None:
        dates.append(
            ReviewDate(
                "profile",
                _("The one-page profile's review date"),
                profile.review_on,
                ConsentCategory.PROFILE,
            )
        )
    package = package_on(person, today)
    if package is not None:
        dates.append(
            ReviewDate(
                "package",
                _("The commissioned package's review date"),
                package.review_on,
                ConsentCategory.PLANS,
            )
        )
    live, _ended = current_and_past(list(arrangements_of(person)), today)
    for arrangement in live:
        dates.append(
            ReviewDate(
                f"funding:{arrangement.public_id}",
                _("The funding's review date (%(kind)s)")
                % {"kind": arrangement.get_kind_display()},
                arrangement.review_on,
                ConsentCategory.MONEY,
            )
        )
    return sorted(dates, key=lambda entry: (entry.due_on, entry.key))


@dataclass
class Overview:
    overdue: list[Review]
    due: list[Review]
    held: list[Review]
    #: Review dates held elsewhere with no review planned for them yet.
    to_schedule: list[ReviewDate]


def overview(person: Person, today: dt.date, readable: set[str]) -> Overview:
    reviews = list(
        Review.objects.filter(person=person)
        .prefetch_related("participants")
        .order_by("due_on", "pk")
    )
    planned = [r for r in reviews if r.status == Review.Status.PLANNED]
    scheduled_dates = {r.due_on for r in reviews if r.kind == Review.Kind.SCHEDULED}
    return Overview(
        overdue=[r for r in planned if r.due_on < today],
        due=[r for r in planned if r.due_on >= today],
        held=sorted(
            (r for r in reviews if r.status == Review.Status.HELD),
            key=lambda r: (r.held_on or r.due_on, r.pk),
            reverse=True,
        ),
        to_schedule=[
            entry
            for entry in review_dates(person, today)
            if entry.category in readable and entry.due_on not in scheduled_dates
        ],
    )


def reviews_of(person: Person) -> QuerySet[Review]:
    return Review.objects.filter(person=person).order_by("-due_on", "-pk")


def review_of(person: Person, public_id: uuid.UUID | str) -> Review:
    """The review with everything on its page: participants, points, actions with their
    goals (and the goals' current status), linked check-ins."""
    found = (
        Review.objects.filter(person=person, public_id=public_id)
        .select_related("created_by")
        .prefetch_related(
            Prefetch("participants", queryset=Participant.objects.order_by("perspective", "name")),
            Prefetch(
                "points",
                queryset=ReviewPoint.objects.order_by("kind", "perspective", "order", "pk"),
            ),
            Prefetch(
                "actions", queryset=Action.objects.select_related("goal").order_by("due_on", "pk")
            ),
            Prefetch("check_ins", queryset=CheckIn.objects.order_by("-on", "-pk")),
        )
        .first()
    )
    if found is None:
        raise Http404
    return found


def participant_of(review: Review, public_id: uuid.UUID | str) -> Participant:
    found = Participant.objects.filter(review=review, public_id=public_id).first()
    if found is None:
        raise Http404
    return found


def point_of(review: Review, public_id: uuid.UUID | str) -> ReviewPoint:
    found = ReviewPoint.objects.filter(review=review, public_id=public_id).first()
    if found is None:
        raise Http404
    return found


def action_of(review: Review, public_id: uuid.UUID | str) -> Action:
    found = Action.objects.filter(review=review, public_id=public_id).first()
    if found is None:
        raise Http404
    return found


@dataclass(frozen=True)
class PerspectiveBlock:
    perspective: str
    label: Promise | str
    working: list[ReviewPoint]
    not_working: list[ReviewPoint]
    future: list[ReviewPoint]


def by_perspective(review: Review) -> list[PerspectiveBlock]:
    """The review's points grouped by perspective (from the prefetched points)."""
    points = list(review.points.all())
    blocks = []
    for value, label in Perspective.choices:
        mine = [p for p in points if p.perspective == value]
        blocks.append(
            PerspectiveBlock(
                perspective=value,
                label=label,
                working=[p for p in mine if p.kind == ReviewPoint.Kind.WORKING],
                not_working=[p for p in mine if p.kind == ReviewPoint.Kind.NOT_WORKING],
                future=[p for p in mine if p.kind == ReviewPoint.Kind.FUTURE],
            )
        )
    return blocks


def check_ins_of(person: Person) -> QuerySet[CheckIn]:
    return CheckIn.objects.filter(person=person).select_related("review").order_by("-on", "-pk")


@dataclass(frozen=True)
class Answer:
    topic: str
    label: Promise | str
    value: int | None
    word: Promise | str


def answers_of(check_in: CheckIn) -> list[Answer]:
    """Each topic with the face chosen (``None``: not answered), in the topics' order."""
    answers = check_in.answers if isinstance(check_in.answers, dict) else {}
    result = []
    for topic, label in CHECK_IN_TOPICS:
        value = answers.get(topic)
        number = value if isinstance(value, int) and value in FACES else None
        result.append(
            Answer(
                topic=topic,
                label=label,
                value=number,
                word=FACES[number] if number is not None else _("Not answered"),
            )
        )
    return result
