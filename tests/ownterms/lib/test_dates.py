import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from ownterms.lib.dates import check_end_not_before_start, monday_of


def test_monday_of_every_day_of_a_week_and_across_a_year_end() -> None:
    for offset in range(7):
        assert monday_of(dt.date(2026, 11, 23) + dt.timedelta(days=offset)) == dt.date(2026, 11, 23)
    assert monday_of(dt.date(2027, 1, 1)) == dt.date(2026, 12, 28)


def test_end_before_start_is_refused() -> None:
    check_end_not_before_start(dt.date(2026, 1, 2), None)
    check_end_not_before_start(dt.date(2026, 1, 2), dt.date(2026, 1, 2))
    with pytest.raises(ValidationError):
        check_end_not_before_start(dt.date(2026, 1, 2), dt.date(2026, 1, 1))
