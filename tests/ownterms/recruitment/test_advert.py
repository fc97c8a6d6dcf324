"""The advert and its self-selection questions, from plain values (no database)."""

from __future__ import annotations

from ownterms.recruitment.advert import (
    MAX_QUESTIONS,
    AdvertFacts,
    advert_html,
    advert_text,
    build_advert,
    hours_words,
    in_sentence,
    join_words,
    self_selection_questions,
)

FACTS = AdvertFacts(
    name="Alex",
    organisation="Brookside Support",
    voice="person",
    kind="core",
    minutes_per_week=20 * 60,
    pattern_text="Tuesdays 09:00\u201315:00, Thursdays 09:00\u201315:00",
    area="LS6",
    interests=["Swimming", "Baking"],
    traits=["Calm"],
    avoided=["Talkative"],
    skills=["Driving"],
    personal_care="woman",
    in_my_words="I like a slow morning.",
    questions=["Would you enjoy swimming with Alex?"],
)


def test_words() -> None:
    assert in_sentence("Swimming") == "swimming"
    assert in_sentence("BSL") == "BSL"
    assert join_words(["a"]) == "a"
    assert join_words(["a", "b", "c"]) == "a, b and c"
    assert hours_words(20 * 60) == "20 hours"
    assert hours_words(60) == "1 hour"
    assert hours_words(450) == "7.5 hours"
    assert hours_words(620) == "10 hours 20 minutes"


def test_in_the_persons_voice() -> None:
    advert = build_advert(FACTS)
    assert advert.title == "Support worker for Alex in LS6"
    assert advert.about[0] == (
        "I love swimming and baking, and I need someone calm who will enjoy it with me."
    )
    assert advert.about[1] == "Someone talkative would not suit me."
    assert "I would like a woman to help me" in advert.about[2]
    details = dict(advert.details)
    assert details["Hours"] == "20 hours a week"
    assert details["When"] == "Tuesdays 09:00\u201315:00, Thursdays 09:00\u201315:00"
    assert details["Where"] == "In and around LS6"
    assert details["Skills you need"] == "Driving"
    assert details["The role"].startswith("Core team")
    assert advert.in_my_words_heading == "In my words"


def test_in_the_third_person() -> None:
    advert = build_advert(AdvertFacts(**{**FACTS.__dict__, "voice": "third", "kind": "relief"}))
    assert advert.title == "Relief support worker for Alex in LS6"
    assert advert.about[0].startswith("Alex loves swimming and baking, and needs someone calm")
    assert advert.about[1] == "Someone talkative would not suit Alex."
    assert "Alex would like a woman to help" in advert.about[2]
    assert dict(advert.details)["The role"].startswith("Relief")
    assert advert.in_my_words_heading == "About Alex"
    assert not any(" I " in f" {line} " for line in advert.about)


def test_with_few_wishes() -> None:
    advert = build_advert(AdvertFacts(name="Sam", organisation="Org"))
    assert advert.about == ["I am looking for someone to join my support team."]
    assert dict(advert.details).keys() == {"The role"}
    assert advert.title == "Support worker for Sam"


def test_text_and_html_exports() -> None:
    advert = build_advert(FACTS)
    text = advert_text(advert, organisation="Brookside Support", apply_url="https://x/apply/")
    assert text.startswith("Support worker for Alex in LS6\n")
    assert "Hours: 20 hours a week" in text
    assert "- Would you enjoy swimming with Alex?" in text
    assert "Apply: https://x/apply/" in text
    html = advert_html(advert, organisation="Brookside Support", apply_url="https://x/apply/")
    assert html.startswith("<!DOCTYPE html>")
    assert "<h1>Support worker for Alex in LS6</h1>" in html
    assert '<a href="https://x/apply/">' in html


def test_html_is_escaped() -> None:
    script = '<script>alert("x")</script>'
    advert = build_advert(
        AdvertFacts(
            name=script,
            organisation=script,
            in_my_words=script,
            pattern_text=script,
            interests=[script],
            questions=[script],
        )
    )
    html = advert_html(advert, organisation=script, apply_url='"><script>')
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_questions_from_the_wishes() -> None:
    questions = self_selection_questions(
        name="Alex",
        interests=["Swimming"],
        traits=["Calm"],
        avoided=["Talkative"],
        skills=["Driving"],
        personal_care="woman",
    )
    assert questions == [
        "This role includes personal care; Alex would like a woman to help. Is that you?",
        "Would you enjoy swimming with Alex?",
        "Are you calm and unhurried?",
        "Are you happy to keep chat low and let Alex lead?",
        "Can you drive, with your own car?",
    ]


def test_questions_for_unknown_labels_and_the_limit() -> None:
    questions = self_selection_questions(
        name="Sam",
        interests=["Football", "Music", "Gardening", "Chess"],
        traits=["Cheerful", "Organised"],
        avoided=["Bossy"],
        skills=["Epilepsy rescue medication", "PEG feeding"],
        personal_care="not_needed",
    )
    assert len(questions) == MAX_QUESTIONS
    assert questions[0] == "Would you enjoy football with Sam?"
    assert "Are you cheerful?" in questions
    assert "Sam would like someone who is not bossy. Is that you?" in questions
    assert "Are you trained in epilepsy rescue medication, or happy to be trained?" in questions
    assert not any("personal care" in q for q in questions)
    assert self_selection_questions(name="Sam") == []
