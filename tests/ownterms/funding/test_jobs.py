"""Delivered support is posted every night from 02:00 (organisation time), once a day."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from ownterms.funding.jobs import post_delivered_support_nightly
from ownterms.funding.models import Posting, PostingKind
from tests.cast import Cast
from tests.ownterms.funding.factories import arrangement, rate, source
from tests.ownterms.funding.money_data import worked
from tests.ownterms.rota.factories import shift

LONDON = zoneinfo.ZoneInfo("Europe/London")


def support(row: object) -> list[tuple[dt.date, int]]:
    return list(
        Posting.objects.filter(arrangement=row, kind=PostingKind.SUPPORT_DELIVERED)
        .order_by("on")
        .values_list("on", "quantity")
    )


def test_each_night_posts_the_support_confirmed_up_to_yesterday_once(cast: Cast) -> None:
    monday = dt.date(2030, 1, 7)
    row = arrangement(cast.person, starts_on=monday)
    source(row, 100_000)
    rate(row, "day", 2500)
    worked(cast, shift(cast.person, monday))
    worked(cast, shift(cast.person, monday + dt.timedelta(days=1)))

    tuesday_1am = dt.datetime(2030, 1, 8, 1, 59, tzinfo=LONDON)
    assert post_delivered_support_nightly(tuesday_1am) == 0, "before 02:00: not yet"
    assert support(row) == []

    tuesday_2am = tuesday_1am + dt.timedelta(minutes=1)
    assert post_delivered_support_nightly(tuesday_2am) == 1
    assert support(row) == [(monday, 360)], "Tuesday's shift is for Wednesday night's run"
    assert post_delivered_support_nightly(tuesday_2am + dt.timedelta(hours=3)) == 0

    assert post_delivered_support_nightly(tuesday_2am + dt.timedelta(days=1)) == 1
    assert support(row) == [(monday, 360), (monday + dt.timedelta(days=1), 360)]
