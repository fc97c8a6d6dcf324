"""Times in words for easy read, and the clock face's hands."""

from __future__ import annotations

import datetime as dt

import pytest

from ownterms.rota.selectors.time_words import clock_hands, span_in_words, time_in_words
from tests.ownterms.rota.factories import at


@pytest.mark.parametrize(
    ("hour", "minute", "words"),
    [
        (9, 0, "9 in the morning"),
        (9, 30, "Half past 9 in the morning"),
        (9, 15, "Quarter past 9 in the morning"),
        (9, 45, "Quarter to 10 in the morning"),
        (11, 45, "Quarter to 12 noon"),
        (12, 0, "12 noon"),
        (12, 30, "Half past 12 in the afternoon"),
        (15, 0, "3 in the afternoon"),
        (19, 10, "10 past 7 in the evening"),
        (19, 40, "20 to 8 in the evening"),
        (23, 0, "11 at night"),
        (23, 45, "Quarter to midnight"),
        (0, 0, "Midnight"),
        (0, 30, "Half past 12 at night"),
        (4, 5, "5 past 4 at night"),
    ],
)
def test_time_in_words(hour: int, minute: int, words: str) -> None:
    assert time_in_words(dt.time(hour, minute)) == words


def test_span_in_words() -> None:
    day = dt.date(2026, 11, 23)
    assert (
        span_in_words(at(day, 9, 30), at(day, 15), day=day)
        == "Half past 9 in the morning until 3 in the afternoon"
    )
    assert span_in_words(at(day, 18), at(day + dt.timedelta(days=1), 0), day=day) == (
        "6 in the evening until midnight"
    )
    assert span_in_words(at(day, 22), at(day + dt.timedelta(days=1), 8), day=day) == (
        "10 at night until 8 in the morning the next day"
    )


def test_clock_hands_point_at_the_time() -> None:
    noon = clock_hands(dt.time(12, 0))
    assert (noon.hour_x, noon.hour_y, noon.minute_x, noon.minute_y) == (32, 17, 32, 9)
    three = clock_hands(dt.time(15, 0))
    assert (three.hour_x, three.hour_y) == (47, 32)
    half_six = clock_hands(dt.time(6, 30))
    assert half_six.minute_y == 55 and half_six.minute_x == 32
