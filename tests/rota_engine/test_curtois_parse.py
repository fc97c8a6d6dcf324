"""The Curtois importer reads every published instance and rejects malformed text clearly."""

from __future__ import annotations

from pathlib import Path

import pytest
from bench._common import CURTOIS_DIR

from rota_engine.io.curtois_parse import CurtoisFormatError, parse_curtois

CURTOIS = CURTOIS_DIR
FILES = sorted(CURTOIS.glob("Instance*.txt")) if CURTOIS.is_dir() else []

# Staff, days, shift types as published in the benchmark's table.
SIZES = {
    "Instance1": (8, 14, 1),
    "Instance2": (14, 14, 2),
    "Instance3": (20, 14, 3),
    "Instance4": (10, 28, 2),
    "Instance5": (16, 28, 2),
    "Instance6": (18, 28, 3),
    "Instance8": (30, 28, 4),
    "Instance9": (36, 28, 4),
    "Instance10": (40, 28, 5),
    "Instance12": (60, 28, 10),
    "Instance13": (120, 28, 18),
    "Instance14": (32, 42, 4),
    "Instance16": (20, 56, 3),
    "Instance18": (22, 84, 3),
    "Instance20": (50, 182, 6),
    "Instance21": (100, 182, 8),
    "Instance22": (50, 364, 10),
    "Instance24": (150, 364, 32),
}

SMALL = """\
# comment
SECTION_HORIZON
7

SECTION_SHIFTS
E,480,
L,480,E

SECTION_STAFF
A,E=5|L=5,2400,960,5,1,1,1
B,E=0|L=5,2400,0,5,1,1,1

SECTION_DAYS_OFF
A,0,3

SECTION_SHIFT_ON_REQUESTS
A,1,E,2

SECTION_SHIFT_OFF_REQUESTS
B,2,L,3

SECTION_COVER
0,E,1,100,1
0,L,1,100,1
"""


@pytest.mark.skipif(not FILES, reason="benchmark files not present")
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_every_published_instance_parses(path: Path) -> None:
    instance = parse_curtois(path.read_text())
    staff, days, shift_types = SIZES[path.stem]
    assert (len(instance.staff), instance.days, len(instance.shifts)) == (staff, days, shift_types)
    assert len(instance.cover) == days * shift_types
    for member in instance.staff:
        assert [s for s, _ in member.max_shifts] == [s.id for s in instance.shifts]


def test_instance1_details() -> None:
    path = CURTOIS / "Instance1.txt"
    if not path.exists():
        pytest.skip("benchmark files not present")
    instance = parse_curtois(path.read_text())
    a = instance.staff[0]
    assert (a.id, a.max_shifts, a.max_total_minutes, a.min_total_minutes) == (
        "A",
        (("D", 14),),
        4320,
        3360,
    )
    assert (a.max_consecutive_shifts, a.min_consecutive_shifts, a.min_consecutive_days_off) == (
        5,
        2,
        2,
    )
    assert a.max_weekends == 1
    assert instance.days_off_of("A") == (0,)
    assert len(instance.shift_on_requests) == 21
    assert instance.shift_off_requests[2].staff_id == "F"
    assert instance.cover[1].requirement == 7


def test_small_text() -> None:
    instance = parse_curtois(SMALL)
    assert instance.days == 7 and instance.weeks == 1
    assert instance.shifts[1].forbidden_next == ("E",)
    assert instance.shifts[0].forbidden_next == ()
    assert instance.staff[1].max_shifts_of("E") == 0
    assert instance.days_off_of("A") == (0, 3)
    assert instance.days_off_of("B") == ()
    assert instance.shift_on_requests[0].weight == 2


def _broken(old: str, new: str) -> str:
    assert old in SMALL
    return SMALL.replace(old, new, 1)


@pytest.mark.parametrize(
    ("text", "section", "line", "words"),
    [
        (_broken("SECTION_COVER\n", ""), "SECTION_COVER", None, "missing section"),
        (_broken("SECTION_HORIZON\n7", "SECTION_HORIZON\nseven"), "SECTION_HORIZON", 3, "integer"),
        (
            _broken("SECTION_HORIZON\n7", "SECTION_HORIZON\n10"),
            "SECTION_HORIZON",
            3,
            "multiple of 7",
        ),
        (_broken("L,480,E", "L,480,X"), "SECTION_SHIFTS", 7, "unknown shift id"),
        (_broken("L,480,E", "L,-5,E"), "SECTION_SHIFTS", 7, "at least 1"),
        (_broken("L,480,E", "L,480"), "SECTION_SHIFTS", 7, "expected 3 columns"),
        (_broken("A,E=5|L=5", "A,E=5|Q=5"), "SECTION_STAFF", 10, "unknown shift id"),
        (_broken("A,E=5|L=5", "A,E5|L=5"), "SECTION_STAFF", 10, "ShiftID=limit"),
        (_broken("2400,960,5", "2400,960"), "SECTION_STAFF", 10, "expected 8 columns"),
        (_broken("2400,960,5", "960,2400,5"), "SECTION_STAFF", 10, "exceeds"),
        (_broken("A,0,3", "Z,0,3"), "SECTION_DAYS_OFF", 14, "unknown employee"),
        (_broken("A,0,3", "A,0,9"), "SECTION_DAYS_OFF", 14, "outside the horizon"),
        (_broken("A,1,E,2", "A,1,X,2"), "SECTION_SHIFT_ON_REQUESTS", 17, "unknown shift id"),
        (_broken("A,1,E,2", "A,1,E,two"), "SECTION_SHIFT_ON_REQUESTS", 17, "integer"),
        (_broken("B,2,L,3", "Q,2,L,3"), "SECTION_SHIFT_OFF_REQUESTS", 20, "unknown employee"),
        (_broken("0,L,1,100,1", "0,L,1,100"), "SECTION_COVER", 24, "expected 5 columns"),
        (_broken("0,L,1,100,1", "0,E,1,100,1"), "SECTION_COVER", 24, "appears twice"),
        (_broken("SECTION_COVER", "SECTION_COVERS"), None, 22, "unknown section"),
        ("7\n" + SMALL, None, 1, "before the first section"),
    ],
)
def test_malformed_text_names_section_and_line(
    text: str, section: str | None, line: int | None, words: str
) -> None:
    with pytest.raises(CurtoisFormatError) as caught:
        parse_curtois(text)
    error = caught.value
    assert (error.section, error.line) == (section, line)
    assert words in str(error)
    if section:
        assert section in str(error)
    if line:
        assert f"line {line}" in str(error)
