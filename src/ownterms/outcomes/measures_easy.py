"""The easy-read outcome report's lines: one idea per line, short sentences, a picture beside
the words ("You went to 6 new places this year."), and how it compares with when the person
started with us. Only measures with figures are said; nothing is said about a measure the
reader may not see (the caller passes only those)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy

from ownterms.daily.selectors.trends import add_months, first_of_month
from ownterms.outcomes.measures import Measure
from ownterms.outcomes.measures_charts import figure
from ownterms.outcomes.selectors.measures import Series, Trend


@dataclass(frozen=True)
class EasyLine:
    #: A symbol of ``outcomes/measures/_symbol.html``.
    symbol: str
    text: str
    #: How it compares with the start ("" when there is not enough to say).
    compared: str = ""


def _compared(series: Series) -> str:
    if series.trend == Trend.BETTER:
        return _("That is better than when you started with us.")
    if series.trend == Trend.WORSE:
        return _("That is not as good as when you started with us.")
    if series.trend == Trend.SAME:
        return _("That is about the same as when you started with us.")
    return ""


def _say(words: Any, n: int) -> str:
    return str(words % {"n": n})


WORDS: dict[str, Any] = {
    "goals": ngettext_lazy(
        "You reached %(n)s goal this year.", "You reached %(n)s goals this year.", "n"
    ),
    "new_places": ngettext_lazy(
        "You went to %(n)s new place this year.", "You went to %(n)s new places this year.", "n"
    ),
    "connections": ngettext_lazy(
        "You are part of %(n)s group, club, course or job.",
        "You are part of %(n)s groups, clubs, courses or jobs.",
        "n",
    ),
    "relationships": ngettext_lazy(
        "You have %(n)s friend or person close to you.",
        "You have %(n)s friends or people close to you.",
        "n",
    ),
    "activities": ngettext_lazy(
        "You went out and did %(n)s thing with your team this year.",
        "You went out and did %(n)s things with your team this year.",
        "n",
    ),
}

#: Health measures: (symbol, words, whether the words count this year or say the latest).
#: Said even when the count is 0 (that is good news).
EASY_COUNTS: dict[Measure, tuple[str, Any, bool]] = {
    Measure.INCIDENTS: (
        "alert",
        ngettext_lazy(
            "Things got very hard for you %(n)s time this year.",
            "Things got very hard for you %(n)s times this year.",
            "n",
        ),
        True,
    ),
    Measure.RESTRICTIVE_PRACTICES: (
        "alert",
        ngettext_lazy(
            "Staff had to stop or hold you to keep people safe %(n)s time this year.",
            "Staff had to stop or hold you to keep people safe %(n)s times this year.",
            "n",
        ),
        True,
    ),
    Measure.PRN_DOSES: (
        "pill",
        ngettext_lazy(
            "You needed a 'when needed' medicine %(n)s time this year.",
            "You needed a 'when needed' medicine %(n)s times this year.",
            "n",
        ),
        True,
    ),
    Measure.PSYCHOTROPIC_DOSES: (
        "pill",
        ngettext_lazy(
            "You took %(n)s dose of medicine for your mood or behaviour this year.",
            "You took %(n)s doses of medicine for your mood or behaviour this year.",
            "n",
        ),
        True,
    ),
    Measure.PSYCHOTROPIC_MEDICINES: (
        "pill",
        ngettext_lazy(
            "You take %(n)s medicine for your mood or behaviour.",
            "You take %(n)s medicines for your mood or behaviour.",
            "n",
        ),
        False,
    ),
    Measure.ADMISSIONS: (
        "hospital",
        ngettext_lazy(
            "You stayed in hospital %(n)s time this year.",
            "You stayed in hospital %(n)s times this year.",
            "n",
        ),
        True,
    ),
    Measure.AE_VISITS: (
        "hospital",
        ngettext_lazy(
            "You went to A&E %(n)s time this year.", "You went to A&E %(n)s times this year.", "n"
        ),
        True,
    ),
    Measure.NHS_CONTACTS: (
        "hospital",
        ngettext_lazy(
            "You saw a doctor, nurse or NHS team %(n)s time this year.",
            "You saw a doctor, nurse or NHS team %(n)s times this year.",
            "n",
        ),
        True,
    ),
}


def easy_lines(series: list[Series], today: dt.date, *, new_places: int) -> list[EasyLine]:
    """What the easy-read report says, in the order of ``series``."""
    since = add_months(first_of_month(today), -11)
    lines: list[EasyLine] = []
    for found in series:
        if not found.has_data:
            continue
        year = int(found.total_since(since))
        latest = found.latest
        now = int(latest or 0)
        compared = _compared(found)
        key = found.key
        if key == Measure.GOALS_ACHIEVED and year:
            lines.append(EasyLine("star", _say(WORDS["goals"], year), compared))
        elif key == Measure.CONNECTIONS:
            if new_places:
                lines.append(EasyLine("calendar", _say(WORDS["new_places"], new_places)))
            if now:
                lines.append(EasyLine("people", _say(WORDS["connections"], now), compared))
        elif key == Measure.RELATIONSHIPS and now:
            lines.append(EasyLine("heart", _say(WORDS["relationships"], now), compared))
        elif key == Measure.VOLUNTEERING_AND_WORK and latest:
            text = _("You work or volunteer %(hours)s hours a week.") % {"hours": figure(latest)}
            lines.append(EasyLine("worker", text, compared))
        elif key == Measure.ACTIVITIES and year:
            lines.append(EasyLine("calendar", _say(WORDS["activities"], year), compared))
        elif key == Measure.TENANCY and latest is not None:
            text = (
                _("You live in your own home.")
                if latest
                else _("You do not have your own home now.")
            )
            lines.append(EasyLine("home", text))
        elif key == Measure.LIFE_SAYS and latest is not None:
            text = _("You said your life is %(score)s out of 5.") % {"score": figure(latest)}
            lines.append(EasyLine("smile", text, compared))
        elif key in EASY_COUNTS:
            symbol, words, this_year = EASY_COUNTS[Measure(key)]
            lines.append(EasyLine(symbol, _say(words, year if this_year else now), compared))
    return lines
