"""Respectful language: words that describe people disrespectfully, each with a better way.

``language_warnings(text)`` finds them (whole words and phrases, any case, whatever punctuation
is around them) and says what was found, where, and what to write instead. It warns and never
blocks: the worker may save what they wrote. Daily notes and handovers use it; any other record
may (it takes plain text and needs nothing else).

Some words are only a problem as a label for the person ("challenging behaviour", "he was
difficult"), not in ordinary use ("a challenging walk", "difficult to find parking"); their
patterns look for the label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

#: "He was (very) …": a word used as a label for the person.
_LINK = (
    r"(?:was|is|were|are|has\s+been|have\s+been|had\s+been|became|becomes|got|gets|can\s+be|being)"
)
_VERY = r"(?:(?:very|really|so|quite|extremely|a\s+bit|a\s+little|more|less)\s+)?"
_PEOPLE = (
    r"(?:person|people|client|clients|service\s+users?|individuals?|man|woman|lad|girl|boy|"
    r"resident|tenant|patient)"
)
_APOSTROPHE = "['\u2019]"


@dataclass(frozen=True)
class Term:
    #: A stable key (for tests, the API and "already seen" on forms).
    key: str
    #: Regular expressions (matched case-insensitively, as whole words).
    patterns: tuple[str, ...]
    suggestion: str | Promise


@dataclass(frozen=True)
class LanguageWarning:
    key: str
    #: The words as written.
    found: str
    #: Where in the text: ``text[start:end] == found``.
    start: int
    end: int
    suggestion: str


TERMS: tuple[Term, ...] = (
    Term(
        "manipulative",
        (r"manipulative", r"manipulat(?:ing|ed|es|e)\s+(?:staff|us|me|people|others|everyone)"),
        _(
            "Describe what they did and what they might have needed, for example "
            "'asked three of us for a biscuit; she may have been hungry'."
        ),
    ),
    Term(
        "attention_seeking",
        (r"attention[\s-]*seek(?:ing|er|ers)",),
        _(
            "Say what they were asking for: company, reassurance, help. For example "
            "'wanted someone to sit with him'."
        ),
    ),
    Term(
        "non_compliant",
        (r"non[\s-]*complian(?:t|ce)", r"not\s+complian(?:t|ce)", r"uncooperative"),
        _(
            "Say what was offered and what they chose, for example "
            "'said no to a shower this morning; had one after lunch'."
        ),
    ),
    Term(
        "kicked_off",
        (r"kick(?:ed|s|ing)?\s+off",),
        _("Say what they did and what happened just before, for example 'shouted and left'."),
    ),
    Term(
        "challenging",
        (
            r"challenging\s+behaviours?",
            r"challenging\s+behaviors?",
            rf"(?:he|she|they)\s+{_LINK}\s+{_VERY}challenging",
            rf"being\s+{_VERY}challenging",
            rf"challenging\s+{_PEOPLE}",
        ),
        _(
            "Describe what happened instead of labelling the person, for example "
            "'was upset and threw his cup'."
        ),
    ),
    Term(
        "aggressive",
        (r"aggressive(?:ly)?", r"aggression"),
        _(
            "Describe what they did, what came before and how they seemed, for example "
            "'pushed the door hard twice and shouted; seemed frightened'."
        ),
    ),
    Term(
        "naughty",
        (r"naughty", r"misbehav(?:ed|ing|iour|ior|es|e)", r"bad\s+behaviou?r"),
        _("Adults are not naughty: say what they did and why it might have happened."),
    ),
    Term(
        "tantrum",
        (r"tantrums?", r"strops?", r"paddys?", r"meltdowns?"),
        _("Say they were upset or distressed, and describe what they did and what helped."),
    ),
    Term(
        "wandering",
        (r"wander(?:ed|ing|s|er|ers)?\s+off", r"wandering", r"abscond(?:ed|ing|s)?"),
        _(
            "Say where they went and why it matters, for example "
            "'went out without telling us; we found him at the bus stop'."
        ),
    ),
    Term(
        "obsessed",
        (r"obsess(?:ed|ion|ions|ive|ively)",),
        _("Say what they love or what matters to them, for example 'loves buses'."),
    ),
    Term(
        "feeding",
        (
            r"(?:feed|feeds|feeding|fed)\s+(?:him|her|them)",
            r"(?:was|were|been|being|got|get)\s+fed",
            r"feeding(?!\s+(?:the\s+)?(?:ducks?|birds?|cats?|dogs?|fish|animals|pets?|horses?|chickens?|geese|swans?))",
        ),
        _("Say 'supported with eating' or 'helped him to eat' (people eat; animals are fed)."),
    ),
    Term(
        "toileting",
        (r"toilet(?:ing|ed)", r"toilet\s+(?:him|her|them)"),
        _("Say 'supported to use the toilet' or 'personal care'."),
    ),
    Term(
        "placement",
        (r"placements?",),
        _("It is their home: say 'at home', 'their home' or 'their support'."),
    ),
    Term(
        "behaviours",
        (
            r"(?:his|her|their|had|has|have|having|with|displayed|displaying|showed|"
            r"showing|presented|presenting|some|any|no|lots\s+of|many)\s+behaviou?rs",
            r"behaviou?rs\s+(?:today|tonight|this\s+morning|this\s+afternoon|this\s+evening)",
        ),
        _(
            "'Behaviours' is not a thing a person has: describe what they did, for example "
            "'cried and went to her room'."
        ),
    ),
    Term(
        "refused_to_engage",
        (
            r"refus(?:ed|es|ing)\s+to\s+engage",
            rf"(?:did\s+not|didn{_APOSTROPHE}t|would\s+not|wouldn{_APOSTROPHE}t|won{_APOSTROPHE}t)"
            r"\s+engage",
            r"(?:dis)?engaged\s+poorly",
        ),
        _(
            "Say what was offered and what they chose, for example "
            "'didn't want to go to the café today; we stayed in and baked'."
        ),
    ),
    Term(
        "difficult",
        (
            rf"(?:he|she|they)\s+{_LINK}\s+{_VERY}difficult(?!\s+(?:to|for)\b)",
            rf"being\s+{_VERY}difficult",
            rf"difficult\s+{_PEOPLE}",
        ),
        _(
            "Describe what happened, and what they might have been telling us, instead of "
            "calling them difficult."
        ),
    ),
    Term(
        "sufferer",
        (r"sufferers?", r"suffer(?:s|ed|ing)?\s+(?:from|with)", r"afflicted\s+(?:by|with)"),
        _("Say 'has' or 'lives with', for example 'has epilepsy'."),
    ),
    Term(
        "functioning",
        (r"(?:high|low)[\s-]*functioning", r"mental\s+age"),
        _("Describe what they can do and the support they need, not a level."),
    ),
)


@cache
def _compiled() -> tuple[tuple[Term, re.Pattern[str]], ...]:
    # Whole words: no letter, digit or hyphen just before or after the phrase.
    return tuple(
        (
            term,
            re.compile(
                r"(?<![\w-])(?:" + "|".join(term.patterns) + r")(?![\w-])",
                re.IGNORECASE | re.UNICODE,
            ),
        )
        for term in TERMS
    )


def language_warnings(text: str) -> list[LanguageWarning]:
    """Every disrespectful word or phrase in ``text``, in the order written (overlaps once)."""
    if not text:
        return []
    found: list[tuple[int, int, Term]] = []
    for term, pattern in _compiled():
        for match in pattern.finditer(text):
            found.append((match.start(), match.end(), term))
    # Earliest first; of two starting together the longer; drop any that overlap one kept.
    found.sort(key=lambda item: (item[0], -item[1]))
    warnings: list[LanguageWarning] = []
    end_of_last = -1
    for start, end, term in found:
        if start < end_of_last:
            continue
        warnings.append(
            LanguageWarning(
                key=term.key,
                found=text[start:end],
                start=start,
                end=end,
                suggestion=str(term.suggestion),
            )
        )
        end_of_last = end
    return warnings


def warning_keys(texts: list[str]) -> frozenset[str]:
    """Which terms appear in any of ``texts`` (to tell warnings already seen from new ones)."""
    return frozenset(w.key for text in texts for w in language_warnings(text))
