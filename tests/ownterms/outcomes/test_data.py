"""The outcome test data builds, and building it twice changes nothing (the browser suite
calls every area's builders into one cast)."""

from __future__ import annotations

import pytest

from ownterms.outcomes.models import Action, ReviewPoint, Theme
from tests.cast import Cast
from tests.ownterms.outcomes import data


@pytest.mark.django_db
def test_builders_are_idempotent(cast: Cast) -> None:
    builders = (data.a_review, data.a_health_event, data.a_connection, data.a_measure_record,
                data.a_round)  # fmt: skip
    first = [build(cast).pk for build in builders]
    assert [build(cast).pk for build in builders] == first
    action = Action.objects.get()
    assert action.goal is not None and action.goal.person == cast.person
    theme = Theme.objects.get()
    assert set(theme.points.values_list("kind", flat=True)) == {ReviewPoint.Kind.NOT_WORKING}
