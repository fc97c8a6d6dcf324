"""Matching (issue 6): a transparent score of a candidate against a vacancy, and the suggested
assignment of candidates to vacancies across the organisation.

Pure Python over frozen dataclasses: no Django here, so the benchmark and the unit tests score
thousands of pairs in memory. ``recruitment.selectors.matching`` loads the dataclasses from the
database; the words go through the ``Words`` given (Django's ``gettext``/``ngettext`` in the
app, plain English by default).

The score
---------
Six factors, each worth ``weight x 10`` points (weights 0 to 10, the organisation's settings
``recruitment.weight_<factor>``), each with points and plain words:

- **interests**: the share of the interests the person listed that the candidate shares;
  an interest the person would rather avoid that the candidate lists takes points away.
- **traits**: the same for traits ("calm, as Alex asked"), and traits the person would rather
  avoid count against ("Alex would rather not have someone talkative; Jo describes themself as
  talkative"), so the factor can be negative.
- **skills**: the share of the skills needed that the candidate has. Applicants: what they say
  ("to check at interview"), and a needed driving skill is met by "I drive and have a car".
  Staff: valid training records on the day.
- **hours**: the share of the vacancy's hours the candidate can work.
- **travel**: by distance when both places have coordinates (full points up to 3 km, none from
  25 km), else by postcode district (same district: 80%; same postcode area: 40%; other: 0).
  Staff have no postcode: their point is their hired applicant record's postcode centre, else
  the middle of their home district (``Place.district_centre``, said in the words).
- **preferences**: the person's stated preference for personal care against the candidate's
  gender (unknown: half, "ask").

A factor with nothing to compare (the person listed no interests; a relief vacancy with no set
hours; no postcode on either side; no preference stated) is **not counted**: it shows its words
and is left out of the total, so missing information neither helps nor hurts. The total is
``100 x points / maximum`` over the counted factors, rounded, never below 0.

A veto (the person or family said no), an ended application for this vacancy, or already being
in the person's team makes the pair **ineligible**; its score is still shown, with the reason.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from ownterms.recruitment import assignment


class Factor(StrEnum):
    INTERESTS = "interests"
    TRAITS = "traits"
    SKILLS = "skills"
    HOURS = "hours"
    TRAVEL = "travel"
    PREFERENCES = "preferences"


FACTORS: tuple[Factor, ...] = tuple(Factor)

#: The organisation's default weights (``core.setting_keys``), for callers without settings.
DEFAULT_WEIGHTS: Mapping[Factor, int] = {
    Factor.INTERESTS: 3,
    Factor.TRAITS: 4,
    Factor.SKILLS: 3,
    Factor.HOURS: 3,
    Factor.TRAVEL: 2,
    Factor.PREFERENCES: 4,
}

#: Points per unit of weight: a factor is worth ``weight x POINTS_PER_WEIGHT`` points.
POINTS_PER_WEIGHT = 10
#: The score below which cross-matching suggests no pair.
DEFAULT_MINIMUM = 40
#: Travel: full points up to this distance, none from ``FAR_KM``, linear between.
NEAR_KM = 3.0
FAR_KM = 25.0
#: Travel by postcode district: the share of points for the same district and the same area.
SAME_DISTRICT_SHARE = 0.8
SAME_AREA_SHARE = 0.4


class Kind(StrEnum):
    APPLICANT = "applicant"
    STAFF = "staff"


class PersonalCare(StrEnum):
    """``Vacancy.PersonalCare``'s values."""

    NONE = ""
    WOMAN = "woman"
    MAN = "man"
    NOT_NEEDED = "not_needed"


@dataclass(frozen=True)
class Term:
    """A tag or skill: ``key`` compares (normalised), ``label`` is shown."""

    key: str
    label: str


@dataclass(frozen=True)
class Place:
    """Where someone is: coordinates when known, and the postcode district ("LS6")."""

    district: str = ""
    latitude: float | None = None
    longitude: float | None = None
    #: The coordinates are the middle of ``district`` (staff without a postcode of their own),
    #: not the centre of the home's postcode; the words say so.
    district_centre: bool = False

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None


@dataclass(frozen=True)
class Applied:
    """One of an applicant's applications: for whose vacancy, and its stage."""

    vacancy_id: int
    person: str
    stage: str


#: Stages that end an application (``models.ENDED_STAGES``' values).
ENDED = frozenset({"started", "rejected", "withdrawn"})


@dataclass(frozen=True)
class Candidate:
    """An applicant or a current staff member with spare hours."""

    kind: Kind
    #: The database id (ties are broken by kind, then id).
    id: int
    public_id: str
    first_name: str
    name: str
    interests: frozenset[Term] = frozenset()
    traits: frozenset[Term] = frozenset()
    #: Applicants: skills they say they have; staff: skills with a valid training record.
    skills: frozenset[Term] = frozenset()
    drives: bool = False
    #: Applicants: the minutes a week they say they can work; staff: their spare minutes.
    available_minutes: int = 0
    #: Staff: contracted minutes and the average planned minutes a week (for the words).
    contract_minutes: int | None = None
    planned_minutes: int | None = None
    #: "woman", "man" or another value (or "" when not recorded).
    gender: str = ""
    place: Place = field(default_factory=Place)
    #: Vacancy ids the person (or family) vetoed this candidate for, with the reason given.
    vetoes: Mapping[int, str] = field(default_factory=dict)
    #: The candidate's applications (applicants; staff who applied too).
    applications: tuple[Applied, ...] = ()
    #: Ids of the people whose team this candidate is in now (staff).
    teams: frozenset[int] = frozenset()

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.public_id}"

    @property
    def order(self) -> tuple[int, int]:
        return (0 if self.kind is Kind.APPLICANT else 1, self.id)


@dataclass(frozen=True)
class Wants:
    """A vacancy, described by what the person wants."""

    id: int
    public_id: str
    #: The person's id and the name they go by ("Alex").
    person_id: int
    person: str
    minutes_per_week: int = 0
    interests: frozenset[Term] = frozenset()
    traits: frozenset[Term] = frozenset()
    avoided_interests: frozenset[Term] = frozenset()
    avoided_traits: frozenset[Term] = frozenset()
    skills: frozenset[Term] = frozenset()
    personal_care: str = PersonalCare.NONE
    place: Place = field(default_factory=Place)
    #: "core" or "relief".
    kind: str = ""
    status: str = ""


@dataclass(frozen=True)
class Words:
    """The translation functions the words go through (Django's in the app)."""

    gettext: Callable[[str], str] = str
    ngettext: Callable[[str, str, int], str] = field(
        default=lambda singular, plural, n: singular if n == 1 else plural
    )


ENGLISH = Words()


@dataclass(frozen=True, slots=True)
class FactorScore:
    factor: Factor
    points: int
    maximum: int
    words: tuple[str, ...]
    #: False when there was nothing to compare (or the weight is 0): left out of the total.
    counted: bool = True


@dataclass(frozen=True, slots=True)
class Match:
    vacancy: Wants
    candidate: Candidate
    total: int
    factors: tuple[FactorScore, ...]
    #: Why the pair may not be suggested ("Alex said not for me"); empty when eligible.
    barred: tuple[str, ...] = ()

    @property
    def eligible(self) -> bool:
        return not self.barred

    @property
    def points(self) -> int:
        return sum(f.points for f in self.factors if f.counted)

    @property
    def maximum(self) -> int:
        return sum(f.maximum for f in self.factors if f.counted)


# -- Words helpers -------------------------------------------------------------------------------


def _lower_first(label: str) -> str:
    """ "Swimming" → "swimming", but "BBC Radio" stays (an acronym)."""
    if len(label) > 1 and label[0].isupper() and label[1].islower():
        return label[0].lower() + label[1:]
    return label


def _labels(terms: Iterable[Term]) -> list[str]:
    return [_lower_first(t.label) for t in sorted(terms, key=lambda t: t.key)]


def join(items: Sequence[str], words: Words = ENGLISH) -> str:
    """ "a", "a and b", "a, b and c"."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return words.gettext("%(items)s and %(last)s") % {
        "items": ", ".join(items[:-1]),
        "last": items[-1],
    }


def hours_text(minutes: int, words: Words = ENGLISH) -> str:
    hours, rest = divmod(max(minutes, 0), 60)
    if not rest:
        return words.ngettext("%(n)s hour", "%(n)s hours", hours) % {"n": hours}
    if not hours:
        return words.ngettext("%(n)s minute", "%(n)s minutes", rest) % {"n": rest}
    return words.gettext("%(hours)s h %(minutes)s min") % {"hours": hours, "minutes": rest}


def km_text(km: float, words: Words = ENGLISH) -> str:
    if km < 1:
        return words.gettext("less than 1 km")
    return words.gettext("about %(km)s km") % {"km": round(km)}


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres (haversine, mean Earth radius)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi = phi2 - phi1
    d_lambda = math.radians(lon2 - lon1)
    h = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def postcode_area(district: str) -> str:
    """The letters of a district: "LS6" → "LS"."""
    letters = ""
    for char in district:
        if not char.isalpha():
            break
        letters += char
    return letters


# -- Factors -------------------------------------------------------------------------------------


def _share(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 0.0


def _points(maximum: int, share: float) -> int:
    return max(-maximum, min(maximum, round(maximum * share)))


def _not_counted(factor: Factor, maximum: int, words: Words | None, said: str) -> FactorScore:
    return FactorScore(factor, 0, maximum, (said,) if words is not None else (), counted=False)


def _keys(terms: Iterable[Term]) -> set[str]:
    return {t.key for t in terms}


def _only(terms: Iterable[Term], keys: set[str]) -> list[Term]:
    return [t for t in terms if t.key in keys]


def _w(words: Words | None) -> Callable[[str], str]:
    return words.gettext if words is not None else str


# Each scorer works out its points first and, unless ``words`` is None (numbers only, for
# scoring every pair of a cross-match quickly), then says why.


def score_interests(v: Wants, c: Candidate, maximum: int, words: Words | None) -> FactorScore:
    _ = _w(words)
    if not v.interests and not v.avoided_interests:
        return _not_counted(
            Factor.INTERESTS,
            maximum,
            words,
            _("%(person)s listed no interests") % {"person": v.person},
        )
    have = _keys(c.interests)
    shared = _only(v.interests, have)
    avoided = _only(v.avoided_interests, have)
    positive = _share(len(shared), len(v.interests)) if v.interests else 1.0
    negative = _share(len(avoided), len(v.avoided_interests))
    points = _points(maximum, positive - negative)
    if words is None:
        return FactorScore(Factor.INTERESTS, points, maximum, ())
    said: list[str] = []
    if shared:
        said.append(_("both love %(interests)s") % {"interests": join(_labels(shared), words)})
    elif v.interests:
        said.append(_("no shared interests listed"))
    for term in sorted(avoided, key=lambda t: t.key):
        label = _lower_first(term.label)
        said.append(
            _("%(person)s would rather not have someone into %(label)s; %(name)s lists it")
            % {"person": v.person, "label": label, "name": c.first_name}
        )
    if v.avoided_interests and not avoided:
        # Without this, a person who listed only interests to avoid would show no words.
        said.append(_("none of the interests %(person)s would rather avoid") % {"person": v.person})
    return FactorScore(Factor.INTERESTS, points, maximum, tuple(said))


def score_traits(v: Wants, c: Candidate, maximum: int, words: Words | None) -> FactorScore:
    _ = _w(words)
    if not v.traits and not v.avoided_traits:
        return _not_counted(
            Factor.TRAITS, maximum, words, _("%(person)s listed no traits") % {"person": v.person}
        )
    have = _keys(c.traits)
    matched = _only(v.traits, have)
    avoided = _only(v.avoided_traits, have)
    positive = _share(len(matched), len(v.traits)) if v.traits else 1.0
    negative = _share(len(avoided), len(v.avoided_traits))
    points = _points(maximum, positive - negative)
    if words is None:
        return FactorScore(Factor.TRAITS, points, maximum, ())
    missing = [t for t in v.traits if t.key not in have]
    said: list[str] = []
    if matched:
        said.append(
            _("%(traits)s, as %(person)s asked")
            % {"traits": join(_labels(matched), words), "person": v.person}
        )
    if missing:
        said.append(
            _("does not describe themself as %(traits)s")
            % {"traits": join(_labels(missing), words)}
        )
    for term in sorted(avoided, key=lambda t: t.key):
        label = _lower_first(term.label)
        said.append(
            _(
                "%(person)s would rather not have someone %(label)s; "
                "%(name)s describes themself as %(label)s"
            )
            % {"person": v.person, "label": label, "name": c.first_name}
        )
    if v.avoided_traits and not avoided:
        said.append(_("none of the traits %(person)s would rather avoid") % {"person": v.person})
    return FactorScore(Factor.TRAITS, points, maximum, tuple(said))


def _is_driving(term: Term) -> bool:
    return term.key.startswith("driv")


def score_skills(v: Wants, c: Candidate, maximum: int, words: Words | None) -> FactorScore:
    _ = _w(words)
    if not v.skills:
        return _not_counted(Factor.SKILLS, maximum, words, _("no particular skills needed"))
    have = _keys(c.skills)
    met = [t for t in v.skills if t.key in have or (c.drives and _is_driving(t))]
    points = _points(maximum, _share(len(met), len(v.skills)))
    if words is None:
        return FactorScore(Factor.SKILLS, points, maximum, ())
    missing = [t for t in v.skills if t not in met]
    said: list[str] = []
    if met:
        names = join(_labels(met), words)
        if c.kind is Kind.STAFF:
            said.append(_("trained: %(skills)s") % {"skills": names})
        else:
            said.append(_("says they can: %(skills)s (to check at interview)") % {"skills": names})
    if missing:
        names = join(_labels(missing), words)
        if c.kind is Kind.STAFF:
            said.append(_("no valid training yet: %(skills)s") % {"skills": names})
        else:
            said.append(_("does not list: %(skills)s") % {"skills": names})
    return FactorScore(Factor.SKILLS, points, maximum, tuple(said))


def score_hours(v: Wants, c: Candidate, maximum: int, words: Words | None) -> FactorScore:
    _ = _w(words)
    if v.minutes_per_week <= 0:
        return _not_counted(Factor.HOURS, maximum, words, _("no set hours (relief)"))
    points = _points(maximum, min(1.0, _share(c.available_minutes, v.minutes_per_week)))
    if words is None:
        return FactorScore(Factor.HOURS, points, maximum, ())
    wanted = hours_text(v.minutes_per_week, words)
    said: list[str] = []
    if c.available_minutes <= 0:
        said.append(_("has not said how many hours they can work"))
    elif c.available_minutes >= v.minutes_per_week:
        said.append(
            _("can work all %(wanted)s a week (has %(available)s)")
            % {"wanted": wanted, "available": hours_text(c.available_minutes, words)}
        )
    else:
        said.append(
            _("can work %(available)s of the %(wanted)s a week")
            % {"wanted": wanted, "available": hours_text(c.available_minutes, words)}
        )
    if c.kind is Kind.STAFF and c.contract_minutes is not None:
        said.append(
            _(
                "%(spare)s spare: contracted %(contract)s, planned %(planned)s a week "
                "on average over the next 4 weeks"
            )
            % {
                "spare": hours_text(c.available_minutes, words),
                "contract": hours_text(c.contract_minutes, words),
                "planned": hours_text(c.planned_minutes or 0, words),
            }
        )
    return FactorScore(Factor.HOURS, points, maximum, tuple(said))


def score_travel(v: Wants, c: Candidate, maximum: int, words: Words | None) -> FactorScore:
    _ = _w(words)
    here, there = c.place, v.place
    if (
        here.latitude is not None
        and here.longitude is not None
        and there.latitude is not None
        and there.longitude is not None
    ):
        km = distance_km(here.latitude, here.longitude, there.latitude, there.longitude)
        share = 1.0 if km <= NEAR_KM else max(0.0, (FAR_KM - km) / (FAR_KM - NEAR_KM))
        points = _points(maximum, share)
        if words is None:
            return FactorScore(Factor.TRAVEL, points, maximum, ())
        if here.district_centre:
            said = _("lives %(distance)s away (from the middle of %(district)s)") % {
                "distance": km_text(km, words),
                "district": here.district,
            }
        else:
            said = _("lives %(distance)s away") % {"distance": km_text(km, words)}
        return FactorScore(Factor.TRAVEL, points, maximum, (said,))
    if not here.district or not there.district:
        return _not_counted(Factor.TRAVEL, maximum, words, _("not known where they live"))
    if here.district == there.district:
        share = SAME_DISTRICT_SHARE
    elif postcode_area(here.district) == postcode_area(there.district):
        share = SAME_AREA_SHARE
    else:
        share = 0.0
    points = _points(maximum, share)
    if words is None:
        return FactorScore(Factor.TRAVEL, points, maximum, ())
    if share == SAME_DISTRICT_SHARE:
        template = _("lives in the same area (%(theirs)s)")
    elif share == SAME_AREA_SHARE:
        template = _("lives nearby (%(district)s, the same postcode area as %(theirs)s)")
    else:
        template = _("lives further away (%(district)s; the work is in %(theirs)s)")
    said = template % {"district": here.district, "theirs": there.district}
    return FactorScore(Factor.TRAVEL, points, maximum, (said,))


def _gender(value: str) -> str:
    value = value.strip().casefold()
    if value in {"woman", "female", "f"}:
        return "woman"
    if value in {"man", "male", "m"}:
        return "man"
    return value


def score_preferences(v: Wants, c: Candidate, maximum: int, words: Words | None) -> FactorScore:
    _ = _w(words)
    if v.personal_care == PersonalCare.NOT_NEEDED:
        return _not_counted(Factor.PREFERENCES, maximum, words, _("no personal care in this role"))
    if v.personal_care not in (PersonalCare.WOMAN, PersonalCare.MAN):
        return _not_counted(Factor.PREFERENCES, maximum, words, _("no preference stated"))
    gender = _gender(c.gender)
    share = 0.5 if not gender else 1.0 if gender == v.personal_care else 0.0
    points = _points(maximum, share)
    if words is None:
        return FactorScore(Factor.PREFERENCES, points, maximum, ())
    asked = (
        _("%(person)s would like a woman to help with personal care")
        if v.personal_care == PersonalCare.WOMAN
        else _("%(person)s would like a man to help with personal care")
    ) % {"person": v.person}
    if not gender:
        said = _("%(name)s's gender is not recorded: ask") % {"name": c.first_name}
    elif gender == v.personal_care:
        said = (_("%(name)s is a woman") if gender == "woman" else _("%(name)s is a man")) % {
            "name": c.first_name
        }
    else:
        said = (
            _("%(name)s is not a woman")
            if v.personal_care == "woman"
            else _("%(name)s is not a man")
        ) % {"name": c.first_name}
    return FactorScore(Factor.PREFERENCES, points, maximum, (asked, said))


SCORERS: tuple[tuple[Factor, Callable[[Wants, Candidate, int, Words | None], FactorScore]], ...] = (
    (Factor.INTERESTS, score_interests),
    (Factor.TRAITS, score_traits),
    (Factor.SKILLS, score_skills),
    (Factor.HOURS, score_hours),
    (Factor.TRAVEL, score_travel),
    (Factor.PREFERENCES, score_preferences),
)


def barred(v: Wants, c: Candidate, words: Words | None = ENGLISH) -> tuple[str, ...]:
    """Why the pair may not be suggested (empty when it may; untranslated with ``words``
    None)."""
    _ = _w(words)
    reasons: list[str] = []
    if v.id in c.vetoes:
        said = _("%(person)s said not for me") % {"person": v.person}
        reason = c.vetoes[v.id]
        reasons.append(f"{said}: {reason}" if reason else said)
    ended = next((a.stage for a in c.applications if a.vacancy_id == v.id), "")
    if ended == "rejected":
        reasons.append(_("not taken forward for this vacancy"))
    elif ended == "withdrawn":
        reasons.append(_("withdrew from this vacancy"))
    elif ended == "started":
        reasons.append(_("already started in this vacancy"))
    if v.person_id in c.teams:
        reasons.append(_("already in %(person)s's team") % {"person": v.person})
    return tuple(reasons)


def score(
    vacancy: Wants,
    candidate: Candidate,
    weights: Mapping[Factor, int] = DEFAULT_WEIGHTS,
    words: Words | None = ENGLISH,
) -> Match:
    """The candidate against the vacancy: every factor's points and words, and the total.
    With ``words`` None, the numbers only (no factor says anything)."""
    factors: list[FactorScore] = []
    points = maximum = 0
    for factor, scorer in SCORERS:
        weight = weights.get(factor, 0)
        weight = 0 if weight < 0 else 10 if weight > 10 else weight
        result = scorer(vacancy, candidate, weight * POINTS_PER_WEIGHT, words)
        if weight == 0 and result.counted:
            said = (*result.words, words.gettext("not counted (weight 0)")) if words else ()
            result = FactorScore(factor, 0, 0, said, False)
        if result.counted:
            points += result.points
            maximum += result.maximum
        factors.append(result)
    total = max(0, round(100 * points / maximum)) if maximum else 0
    return Match(vacancy, candidate, total, tuple(factors), barred(vacancy, candidate, words))


def rank(matches: Iterable[Match]) -> list[Match]:
    """Eligible first, then by total (highest first), then by the candidate's and vacancy's
    ids (deterministic)."""
    return sorted(
        matches,
        key=lambda m: (not m.eligible, -m.total, m.candidate.order, m.vacancy.id),
    )


def for_vacancy(
    vacancy: Wants,
    candidates: Iterable[Candidate],
    weights: Mapping[Factor, int] = DEFAULT_WEIGHTS,
    words: Words = ENGLISH,
) -> list[Match]:
    return rank(score(vacancy, c, weights, words) for c in candidates)


def for_candidate(
    candidate: Candidate,
    vacancies: Iterable[Wants],
    weights: Mapping[Factor, int] = DEFAULT_WEIGHTS,
    words: Words = ENGLISH,
) -> list[Match]:
    return rank(score(v, candidate, weights, words) for v in vacancies)


# -- Cross-matching ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Unfilled:
    vacancy: Wants
    why: str
    #: The best eligible match, when there is one (for the explanation).
    best: Match | None = None


@dataclass(frozen=True)
class CrossMatch:
    pairs: tuple[Match, ...]
    unfilled: tuple[Unfilled, ...]
    minimum: int
    total: int
    candidates: int
    #: Candidates not suggested anywhere.
    spare: int
    optimal: bool


def cross_match(
    vacancies: Sequence[Wants],
    candidates: Sequence[Candidate],
    weights: Mapping[Factor, int] = DEFAULT_WEIGHTS,
    words: Words = ENGLISH,
    *,
    minimum: int = DEFAULT_MINIMUM,
) -> CrossMatch:
    """One candidate per vacancy, each candidate at most once, maximising the sum of the
    totals over eligible pairs scoring ``minimum`` or more; and why each unfilled vacancy is."""
    vacancies = sorted(vacancies, key=lambda v: v.id)
    candidates = sorted(candidates, key=lambda c: c.order)
    # Numbers for every pair (fast: no words), then words for the pairs shown.
    totals: dict[tuple[int, str], tuple[bool, int]] = {}
    allowed: dict[tuple[int, str], int] = {}
    for v in vacancies:
        for c in candidates:
            found = score(v, c, weights, None)
            totals[v.id, c.key] = (found.eligible, found.total)
            if found.eligible and found.total >= minimum:
                allowed[v.id, c.key] = found.total
    solution = assignment.solve([v.id for v in vacancies], [c.key for c in candidates], allowed)
    chosen = dict(solution.pairs)
    by_key = {c.key: c for c in candidates}
    pairs = tuple(
        score(v, by_key[chosen[v.id]], weights, words) for v in vacancies if v.id in chosen
    )
    unfilled = tuple(
        _why_unfilled(v, candidates, totals, minimum, weights, words)
        for v in vacancies
        if v.id not in chosen
    )
    return CrossMatch(
        pairs=pairs,
        unfilled=unfilled,
        minimum=minimum,
        total=sum(m.total for m in pairs),
        candidates=len(candidates),
        spare=len(candidates) - len(chosen),
        optimal=solution.optimal,
    )


def _why_unfilled(
    v: Wants,
    candidates: Sequence[Candidate],
    totals: Mapping[tuple[int, str], tuple[bool, int]],
    minimum: int,
    weights: Mapping[Factor, int],
    words: Words,
) -> Unfilled:
    _ = words.gettext
    if not candidates:
        return Unfilled(v, _("there are no candidates"))
    # Candidates are in id order, so the first of equal totals is the lowest id.
    eligible = [(totals[v.id, c.key][1], c) for c in candidates if totals[v.id, c.key][0]]
    if not eligible:
        return Unfilled(v, _("every candidate has a veto or is not eligible"))
    top, first = max(eligible, key=lambda item: item[0])
    best = score(v, first, weights, words)
    if top < minimum:
        return Unfilled(
            v,
            _(
                "no candidate without a veto scores %(minimum)s or more "
                "(the best is %(name)s, with %(total)s)"
            )
            % {"minimum": minimum, "name": first.name, "total": top},
            best,
        )
    above = sum(1 for total, _c in eligible if total >= minimum)
    return Unfilled(
        v,
        words.ngettext(
            "the %(n)s candidate scoring %(minimum)s or more fits another vacancy better "
            "(the total is higher that way)",
            "the %(n)s candidates scoring %(minimum)s or more fit other vacancies better "
            "(the total is higher that way)",
            above,
        )
        % {"n": above, "minimum": minimum},
        best,
    )
