import pytest
from hypothesis import given
from hypothesis import strategies as st

from ownterms.lib.money import MAX_PENCE, parse_pounds, pounds


@pytest.mark.parametrize(
    ("text", "pence"),
    [
        ("1234.50", 123450),
        ("£1,234.50", 123450),
        ("1,234", 123400),
        (" £12 ", 1200),
        ("0.5", 50),
        ("0", 0),
        ("1,000,000", 100000000),
        ("£10,000,000.00", MAX_PENCE),
    ],
)
def test_amounts_people_type_are_read_as_pence(text: str, pence: int) -> None:
    assert parse_pounds(text) == pence


@pytest.mark.parametrize(
    "text",
    [
        "",
        "  ",
        "£",
        "£1,2,3",
        "12.345",
        "1e5",
        "1,23",
        "12,3456",
        "1.",
        ".5",
        "abc",
        "£ 5",
        "1 000",
        "--5",
        "5-",
        "$5",
        "1,234.5.6",
        "١٢٣",
        "12.3a",
    ],
)
def test_anything_else_is_refused_with_the_one_message(text: str) -> None:
    with pytest.raises(ValueError, match=r"Enter an amount in pounds, like 1,234\.50"):
        parse_pounds(text)


def test_negative_amounts_are_refused_unless_allowed() -> None:
    with pytest.raises(ValueError, match="£0 or more"):
        parse_pounds("-5")
    assert parse_pounds("-£1,234.50", negative=True) == -123450
    assert parse_pounds("£-3.05", negative=True) == -305


@pytest.mark.parametrize("text", ["10,000,000.01", "99999999999999999999999999"])
def test_huge_amounts_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match=r"£10,000,000\.00 or less"):
        parse_pounds(text)


def test_pounds_formats_uk_style() -> None:
    assert pounds(123450) == "£1,234.50"
    assert pounds(5) == "£0.05"
    assert pounds(0) == "£0.00"
    assert pounds(-305) == "-£3.05"


@given(st.integers(min_value=-MAX_PENCE, max_value=MAX_PENCE))
def test_formatting_then_parsing_gives_the_same_pence(pence: int) -> None:
    assert parse_pounds(pounds(pence), negative=True) == pence
    assert parse_pounds(pounds(pence).replace(",", ""), negative=True) == pence
