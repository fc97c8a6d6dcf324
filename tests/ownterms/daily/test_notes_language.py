"""The respectful-language check: every listed word is found as a whole word or phrase, in any
case and among any punctuation, with where it is and a suggestion; ordinary uses of words that
are only a problem as a label are left alone; it never fails on odd text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ownterms.daily.language import TERMS, language_warnings, warning_keys

FLAGGED = [
    ("manipulative", "She was being manipulative at lunch."),
    ("attention_seeking", "Attention-seeking again this morning"),
    ("attention_seeking", "attention seeking behaviour"),
    ("non_compliant", "He was non-compliant with his meds."),
    ("non_compliant", "non compliant"),
    ("non_compliant", "Noncompliant today"),
    ("kicked_off", "He kicked off in the shop."),
    ("kicked_off", "Started kicking off after tea"),
    ("challenging", "Lots of challenging behaviour today"),
    ("challenging", "She was very challenging this afternoon"),
    ("challenging", "a challenging client"),
    ("aggressive", "He became aggressive."),
    ("aggressive", "Aggressive towards staff"),
    ("naughty", "He was naughty at the café"),
    ("tantrum", "Had a tantrum in Tesco"),
    ("tantrum", "two tantrums"),
    ("wandering", "He wandered off at the park"),
    ("wandering", "absconded from the house at 3pm"),
    ("wandering", "Wandering around the town"),
    ("obsessed", "She is obsessed with buses"),
    ("obsessed", "His obsession with trains"),
    ("feeding", "Feeding him lunch took an hour"),
    ("feeding", "He was fed at 12"),
    ("feeding", "Support with feeding."),
    ("toileting", "Toileting at 2pm"),
    ("toileting", "toileted before bed"),
    ("placement", "His placement is going well"),
    ("behaviours", "She had behaviours this morning"),
    ("behaviours", "displayed behaviours"),
    ("behaviours", "Behaviours today: none"),
    ("refused_to_engage", "He refused to engage with staff"),
    ("refused_to_engage", "didn't engage"),
    ("refused_to_engage", "didn\u2019t engage"),
    ("difficult", "He was difficult all day"),
    ("difficult", "She is being difficult"),
    ("difficult", "a difficult service user"),
    ("sufferer", "An epilepsy sufferer"),
    ("sufferer", "She suffers from autism"),
    ("functioning", "He is high-functioning"),
]


@pytest.mark.parametrize(
    ("key", "text"), FLAGGED, ids=[f"{key}-{n}" for n, (key, _t) in enumerate(FLAGGED)]
)
def test_each_word_is_found_with_where_and_a_suggestion(key: str, text: str) -> None:
    warnings = language_warnings(text)
    assert [w.key for w in warnings] == [key]
    warning = warnings[0]
    assert text[warning.start : warning.end] == warning.found
    assert warning.suggestion


NOT_FLAGGED = [
    "A challenging walk up the hill, but she loved it.",
    "It was difficult to find parking.",
    "She found it difficult to choose.",
    "We went feeding the ducks by the harbour.",
    "He fed the cat and watered the plants.",
    "Fed up with the rain, so we baked.",
    "The displacement of the tiles in the bathroom needs reporting.",
    "He engaged with everyone at the club.",
    "She kicked the ball off the wall.",
    "He enjoys challenging himself at the climbing wall.",
    "",
    "Swam 10 lengths 🏊 and had chips 🍟.",
]


@pytest.mark.parametrize("text", NOT_FLAGGED, ids=[f"ok-{n}" for n in range(len(NOT_FLAGGED))])
def test_ordinary_words_are_left_alone(text: str) -> None:
    assert language_warnings(text) == []


@pytest.mark.parametrize(
    "text",
    ["MANIPULATIVE", "(manipulative)", '"manipulative!"', "manipulative,", "…manipulative…"],
    ids=["upper", "brackets", "quotes", "comma", "ellipsis"],
)
def test_any_case_and_punctuation(text: str) -> None:
    assert [w.key for w in language_warnings(text)] == ["manipulative"]


@pytest.mark.parametrize(
    "text",
    ["unmanipulative", "manipulatives", "pre-tantrum", "placementary", "naughtyish"],
    ids=["prefix", "plural-suffix", "hyphen-prefix", "suffix", "suffix-2"],
)
def test_whole_words_only(text: str) -> None:
    assert language_warnings(text) == []


def test_several_in_order_with_positions() -> None:
    text = "He kicked off 😠, was aggressive and then <b>non-compliant</b>."
    warnings = language_warnings(text)
    assert [w.key for w in warnings] == ["kicked_off", "aggressive", "non_compliant"]
    assert [text[w.start : w.end] for w in warnings] == [
        "kicked off",
        "aggressive",
        "non-compliant",
    ]
    assert warnings == sorted(warnings, key=lambda w: w.start)


def test_overlapping_patterns_warn_once() -> None:
    # "challenging behaviours" is one label, not "challenging" plus "behaviours".
    assert [w.key for w in language_warnings("his challenging behaviours")] == ["challenging"]


def test_every_term_has_a_suggestion_and_a_unique_key() -> None:
    keys = [term.key for term in TERMS]
    assert len(keys) == len(set(keys))
    assert all(str(term.suggestion) for term in TERMS)


def test_warning_keys_collects_across_texts() -> None:
    assert warning_keys(["naughty", "fine", "a tantrum"]) == {"naughty", "tantrum"}


@given(st.text(max_size=400))
def test_never_fails_and_positions_are_true(text: str) -> None:
    for warning in language_warnings(text):
        assert text[warning.start : warning.end] == warning.found


def test_a_long_text_is_checked_quickly_enough_to_finish() -> None:
    text = ("We had a lovely day at the beach. " * 3000) + "He kicked off."
    assert [w.key for w in language_warnings(text)] == ["kicked_off"]
