"""The recommendation follows the ratings: any component not met declines, partly met ones
become conditions, and nothing is recommended until every component is rated."""

from __future__ import annotations

from ownterms.referrals.models import Component, Outcome, Rating
from ownterms.referrals.recommendation import recommend

ALL_MET: dict[str, str] = dict.fromkeys(Component, Rating.MET)


def test_all_met_accepts() -> None:
    assert recommend(ALL_MET).outcome is Outcome.ACCEPT


def test_partly_met_accepts_with_those_conditions() -> None:
    ratings: dict[str, str] = {**ALL_MET, Component.FAMILY: Rating.PARTLY}
    found = recommend(ratings)
    assert (found.outcome, found.partly) == (Outcome.ACCEPT_WITH_CONDITIONS, (Component.FAMILY,))


def test_one_component_not_met_declines_whatever_the_rest() -> None:
    ratings: dict[str, str] = {
        **ALL_MET,
        Component.FAMILY: Rating.PARTLY,
        Component.CAPACITY: Rating.NOT_MET,
    }
    found = recommend(ratings)
    assert (found.outcome, found.not_met) == (Outcome.DECLINE, (Component.CAPACITY,))


def test_nothing_until_every_component_is_rated() -> None:
    ratings: dict[str, str] = {Component.HOURS: Rating.NOT_MET}
    found = recommend(ratings)
    assert found.outcome is None
    assert found.missing == tuple(c for c in Component if c != Component.HOURS)
