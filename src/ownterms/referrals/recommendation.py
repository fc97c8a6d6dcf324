"""What the app recommends from the components' ratings (pure: no database).

A component not met is a missing piece: decline ("not that the person doesn't deserve
support, but that we aren't the best provider for them"). Partly met components become the
conditions of an acceptance. Every component must be rated before there is a recommendation.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ownterms.referrals.models import Component, Outcome, Rating


@dataclass(frozen=True)
class Recommendation:
    #: ``None`` until every component is rated.
    outcome: Outcome | None
    #: Components not yet rated, in ``Component`` order.
    missing: tuple[Component, ...]
    not_met: tuple[Component, ...]
    partly: tuple[Component, ...]


def recommend(ratings: Mapping[str, str]) -> Recommendation:
    """``ratings``: component → rating (``Component`` and ``Rating`` values)."""
    missing = tuple(component for component in Component if component not in ratings)
    not_met = tuple(c for c in Component if ratings.get(c) == Rating.NOT_MET)
    partly = tuple(c for c in Component if ratings.get(c) == Rating.PARTLY)
    if missing:
        outcome = None
    elif not_met:
        outcome = Outcome.DECLINE
    elif partly:
        outcome = Outcome.ACCEPT_WITH_CONDITIONS
    else:
        outcome = Outcome.ACCEPT
    return Recommendation(outcome=outcome, missing=missing, not_met=not_met, partly=partly)
