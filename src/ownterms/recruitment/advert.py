"""The advert and the self-selection questions of a vacancy, as plain English built from plain
values (no database): the selectors hand in ``AdvertFacts`` and get text back.

The facts carry only what an advert may say: the name the person goes by (never a surname),
the postcode district (never an address or full postcode), the wishes, hours, pattern and the
person's own words. Health, communication needs and dates of birth never reach this module.
Free text the manager types ("in my words", the questions) is shown as typed; the vacancy
selectors warn about identifying details in it, and a vacancy that has them cannot be sent for
approval or opened (``docs/recruitment-vacancies.md``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.html import escape, linebreaks
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

#: The most self-selection questions built from the wishes.
MAX_QUESTIONS = 6


@dataclass(frozen=True)
class AdvertFacts:
    #: The name the person goes by (preferred or first name), never a surname.
    name: str
    organisation: str
    voice: str = "person"  # "person" (I, me) or "third" (Alex, they)
    kind: str = "core"  # "core" or "relief"
    minutes_per_week: int = 0
    pattern_text: str = ""
    area: str = ""
    interests: Sequence[str] = ()
    traits: Sequence[str] = ()
    avoided: Sequence[str] = ()
    skills: Sequence[str] = ()
    personal_care: str = ""  # "", "woman", "man" or "not_needed"
    in_my_words: str = ""
    questions: Sequence[str] = ()


@dataclass(frozen=True)
class Advert:
    title: str
    #: The opening sentences, about the person and who they are looking for.
    about: list[str]
    #: (label, value) pairs: hours, when, where, the kind of role, skills.
    details: list[tuple[str, str]]
    in_my_words: str
    in_my_words_heading: str
    questions: list[str] = field(default_factory=list)


# Words ---------------------------------------------------------------------------------------


def in_sentence(label: str) -> str:
    """A tag label as it reads mid-sentence: "Swimming" → "swimming"; "BSL" stays."""
    label = " ".join(label.split())
    if len(label) > 1 and label[0].isupper() and not label[1].isupper():
        return label[0].lower() + label[1:]
    return label


def join_words(items: Sequence[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    words = [item for item in items if item]
    if not words:
        return ""
    if len(words) == 1:
        return words[0]
    return _("%(first)s and %(last)s") % {"first": ", ".join(words[:-1]), "last": words[-1]}


def hours_words(minutes: int) -> str:
    """ "20 hours", "7.5 hours", "1 hour", "10 hours 20 minutes"."""
    hours, rest = divmod(minutes, 60)
    if rest == 0:
        return ngettext("%(n)s hour", "%(n)s hours", hours) % {"n": hours}
    if rest == 30:
        return _("%(n)s hours") % {"n": f"{hours}.5"}
    return _("%(h)s hours %(m)s minutes") % {"h": hours, "m": rest}


# The advert ----------------------------------------------------------------------------------


def _about(facts: AdvertFacts) -> list[str]:
    first = facts.voice != "third"
    name = facts.name
    interests = join_words([in_sentence(label) for label in facts.interests])
    traits = join_words([in_sentence(label) for label in facts.traits])
    avoided = join_words([in_sentence(label) for label in facts.avoided])
    lines: list[str] = []
    if interests and traits:
        lines.append(
            (
                _("I love %(interests)s, and I need someone %(traits)s who will enjoy it with me.")
                if first
                else _(
                    "%(name)s loves %(interests)s, and needs someone %(traits)s who will "
                    "enjoy it with them."
                )
            )
            % {"name": name, "interests": interests, "traits": traits}
        )
    elif interests:
        lines.append(
            (
                _("I love %(interests)s, and I need someone who will enjoy it with me.")
                if first
                else _("%(name)s loves %(interests)s, and needs someone who will enjoy it too.")
            )
            % {"name": name, "interests": interests}
        )
    elif traits:
        lines.append(
            (_("I need someone %(traits)s.") if first else _("%(name)s needs someone %(traits)s."))
            % {"name": name, "traits": traits}
        )
    else:
        lines.append(
            (
                _("I am looking for someone to join my support team.")
                if first
                else _("%(name)s is looking for someone to join their support team.")
            )
            % {"name": name}
        )
    if avoided:
        lines.append(
            (
                _("Someone %(avoided)s would not suit me.")
                if first
                else _("Someone %(avoided)s would not suit %(name)s.")
            )
            % {"name": name, "avoided": avoided}
        )
    if facts.personal_care in ("woman", "man"):
        who = _("a woman") if facts.personal_care == "woman" else _("a man")
        lines.append(
            (
                _("The role includes personal care, and I would like %(who)s to help me.")
                if first
                else _("The role includes personal care, and %(name)s would like %(who)s to help.")
            )
            % {"name": name, "who": who}
        )
    return lines


def _details(facts: AdvertFacts) -> list[tuple[str, str]]:
    details: list[tuple[str, str]] = []
    if facts.kind == "relief":
        role = _("Relief: covering when the core team is away")
    else:
        role = _("Core team: regular hours every week")
    details.append((_("The role"), role))
    if facts.minutes_per_week:
        details.append(
            (_("Hours"), _("%(hours)s a week") % {"hours": hours_words(facts.minutes_per_week)})
        )
    if facts.pattern_text.strip():
        details.append((_("When"), facts.pattern_text.strip()))
    if facts.area:
        details.append((_("Where"), _("In and around %(area)s") % {"area": facts.area}))
    if facts.skills:
        details.append((_("Skills you need"), join_words(list(facts.skills))))
    if facts.personal_care == "not_needed":
        details.append((_("Personal care"), _("This role has no personal care.")))
    return details


def build_advert(facts: AdvertFacts) -> Advert:
    if facts.kind == "relief":
        title = _("Relief support worker for %(name)s") % {"name": facts.name}
    else:
        title = _("Support worker for %(name)s") % {"name": facts.name}
    if facts.area:
        title = _("%(title)s in %(area)s") % {"title": title, "area": facts.area}
    return Advert(
        title=title,
        about=_about(facts),
        details=_details(facts),
        in_my_words=facts.in_my_words.strip(),
        in_my_words_heading=(
            _("In my words")
            if facts.voice != "third"
            else _("About %(name)s") % {"name": facts.name}
        ),
        questions=[q for q in facts.questions if q.strip()],
    )


def advert_text(advert: Advert, *, organisation: str = "", apply_url: str = "") -> str:
    """The advert as plain text (for job boards that take text)."""
    lines = [advert.title, "=" * len(advert.title), ""]
    lines += [" ".join(advert.about), ""]
    lines += [f"{label}: {value}" for label, value in advert.details]
    if advert.in_my_words:
        lines += ["", advert.in_my_words_heading, "", advert.in_my_words]
    if advert.questions:
        lines += ["", _("Before you apply, ask yourself:"), ""]
        lines += [f"- {question}" for question in advert.questions]
    if organisation:
        lines += ["", _("Employer: %(organisation)s") % {"organisation": organisation}]
    if apply_url:
        lines += [_("Apply: %(url)s") % {"url": apply_url}]
    return "\n".join(lines).strip() + "\n"


def advert_html(advert: Advert, *, organisation: str = "", apply_url: str = "") -> str:
    """The advert as a standalone HTML document (for job boards that take HTML); every value
    is escaped."""
    e = escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en-GB">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{e(advert.title)}</title>",
        "</head>",
        "<body>",
        f"<h1>{e(advert.title)}</h1>",
    ]
    parts += [f"<p>{e(line)}</p>" for line in advert.about]
    if advert.details:
        parts.append("<dl>")
        for label, value in advert.details:
            parts.append(f"<dt>{e(label)}</dt><dd>{e(value)}</dd>")
        parts.append("</dl>")
    if advert.in_my_words:
        parts.append(f"<h2>{e(advert.in_my_words_heading)}</h2>")
        parts.append(linebreaks(advert.in_my_words, autoescape=True))
    if advert.questions:
        parts.append(f"<h2>{e(_('Before you apply, ask yourself'))}</h2>")
        parts.append("<ul>")
        parts += [f"<li>{e(question)}</li>" for question in advert.questions]
        parts.append("</ul>")
    if organisation:
        parts.append(
            f"<p>{e(_('Employer: %(organisation)s') % {'organisation': organisation})}</p>"
        )
    if apply_url:
        parts.append(f'<p><a href="{e(apply_url)}">{e(_("Apply for this job"))}</a></p>')
    parts += ["</body>", "</html>", ""]
    return "\n".join(parts)


# Self-selection questions --------------------------------------------------------------------


def _trait_question(label: str) -> str:
    key = label.casefold()
    known = {
        "calm": _("Are you calm and unhurried?"),
        "patient": _("Are you patient, happy to wait and go at someone else's pace?"),
        "lively": _("Are you lively and full of energy?"),
        "softly spoken": _("Are you softly spoken?"),
        "quiet": _("Are you happy with quiet time together?"),
        "funny": _("Do you like to have a laugh?"),
        "active": _("Are you active and happy to be on the go?"),
    }
    return known.get(key) or _("Are you %(trait)s?") % {"trait": in_sentence(label)}


def _avoided_question(label: str, name: str) -> str:
    key = label.casefold()
    known = {
        "talkative": _("Are you happy to keep chat low and let %(name)s lead?"),
        "very talkative": _("Are you happy to keep chat low and let %(name)s lead?"),
        "loud": _("Are you happy to keep your voice soft and the room quiet?"),
        "lively": _("Are you happy to go at %(name)s's pace, calmly?"),
        "very active": _("Are you happy to go at %(name)s's pace, calmly?"),
    }
    if key in known:
        return known[key] % {"name": name}
    return _("%(name)s would like someone who is not %(trait)s. Is that you?") % {
        "name": name,
        "trait": in_sentence(label),
    }


def _skill_question(label: str) -> str:
    key = label.casefold()
    if key.startswith("driving") or key == "driver":
        return _("Can you drive, with your own car?")
    return _("Are you trained in %(skill)s, or happy to be trained?") % {
        "skill": in_sentence(label)
    }


def self_selection_questions(
    *,
    name: str,
    interests: Sequence[str] = (),
    traits: Sequence[str] = (),
    avoided: Sequence[str] = (),
    skills: Sequence[str] = (),
    personal_care: str = "",
    limit: int = MAX_QUESTIONS,
) -> list[str]:
    """Questions applicants ask themselves, built from the wishes: a personal care preference
    first, then one of each kind in turn (interest, trait, avoided trait, skill), at most
    ``limit``."""
    questions: list[str] = []
    if personal_care in ("woman", "man"):
        who = _("a woman") if personal_care == "woman" else _("a man")
        questions.append(
            _("This role includes personal care; %(name)s would like %(who)s to help. Is that you?")
            % {"name": name, "who": who}
        )
    queues = [
        [
            _("Would you enjoy %(interest)s with %(name)s?")
            % {"interest": in_sentence(label), "name": name}
            for label in interests
        ],
        [_trait_question(label) for label in traits],
        [_avoided_question(label, name) for label in avoided],
        [_skill_question(label) for label in skills],
    ]
    while len(questions) < limit and any(queues):
        for queue in queues:
            if queue and len(questions) < limit:
                question = queue.pop(0)
                if question not in questions:
                    questions.append(question)
    return questions
