"""The one number parser: every language and case in one table (facilitator.numbers)."""

from __future__ import annotations

import pytest

from facilitator.numbers import COMMA, POINT, NumberError, convention, csv_convention, parse_number

# (typed, language, value or None when refused, note expected)
CASES = [
    # plain numbers read the same everywhere, with no note
    ("85", "en", 85.0, False), ("85", "es", 85.0, False), ("85", "pt", 85.0, False),
    ("-3", "en", -3.0, False), ("+7", "es", 7.0, False), ("\u22124", "pt", -4.0, False), ("-0", "en", 0.0, False),
    ("  12  ", "en", 12.0, False),
    # the plan's own decimal mark
    ("85.5", "en", 85.5, False), (".5", "en", 0.5, False), ("5.", "en", 5.0, False),
    ("85,5", "es", 85.5, False), ("85,5", "pt", 85.5, False), (",5", "pt", 0.5, False),
    # grouping in the plan's convention; unambiguous ones (two groups, or with decimals) carry no note
    ("1,234,567", "en", 1234567.0, False), ("1,234,567.25", "en", 1234567.25, False),
    ("1.234.567", "es", 1234567.0, False), ("1.234.567,25", "pt", 1234567.25, False),
    ("1 500", "en", 1500.0, False), ("1\u00a0500,5", "es", 1500.5, False), ("1\u202f500", "pt", 1500.0, False),
    # one separator and three digits: the plan's language decides, and says what it read
    ("1,500", "en", 1500.0, True), ("1.500", "en", 1.5, True),
    ("1,500", "es", 1.5, True), ("1.500", "es", 1500.0, True),
    ("1,500", "pt", 1.5, True), ("1.500", "pt", 1500.0, True),
    ("-2,500", "en", -2500.0, True),
    # the other convention, when the plan's cannot read it: taken, and said
    ("1,5", "en", 1.5, True), ("12,50", "en", 12.5, True), ("1.500.000", "en", 1500000.0, True),
    ("1.234,5", "en", 1234.5, True),
    ("12.50", "es", 12.5, True), ("1.5", "pt", 1.5, True), ("1,234.5", "es", 1234.5, True),
    # not numbers
    ("", "en", None, False), ("abc", "es", None, False), ("1,5,0", "en", None, False), ("1..5", "en", None, False),
    ("1,5.0,0", "es", None, False), ("12a", "pt", None, False), ("inf", "en", None, False), ("nan", "es", None, False),
    ("1e5", "en", None, False), ("1 50", "en", None, False), ("1, 500", "en", None, False), ("--3", "en", None, False),
    ("1,500 000", "en", None, False), ("1e99", "en", None, False), ("9" * 17, "en", None, False),
]


@pytest.mark.parametrize(("typed", "lang", "value", "noted"), CASES)
def test_parse_number(typed: str, lang: str, value: float | None, noted: bool) -> None:
    if value is None:
        with pytest.raises(NumberError) as err:
            parse_number(typed, lang)
        assert "“" in str(err.value)  # the message quotes what was typed
        return
    parsed = parse_number(typed, lang)
    assert parsed.value == value
    assert bool(parsed.note) == noted, parsed.note
    if noted:  # the note shows the value unambiguously: no grouping, the plan's decimal mark
        shown = convention(lang).show(value)
        assert f"read as {shown} " in parsed.note and typed.strip() in parsed.note


@pytest.mark.parametrize(("typed", "lang", "value"), [("12", "en", 12), ("1.500", "es", 1500), ("1,500", "en", 1500),
                                                       ("2029", "pt", 2029)])
def test_whole_numbers(typed: str, lang: str, value: int) -> None:
    assert parse_number(typed, lang, whole=True).whole == value


@pytest.mark.parametrize(("typed", "lang"), [("1,5", "es"), ("1.5", "en"), ("1,500", "es")])
def test_whole_numbers_refuse_fractions(typed: str, lang: str) -> None:
    with pytest.raises(NumberError, match="not a whole number"):
        parse_number(typed, lang, whole=True)


def test_conventions_by_language_and_csv_separator() -> None:
    assert convention("en") is POINT and convention("es") is COMMA and convention("pt") is COMMA
    assert convention("pt_BR") is COMMA and convention("fr") is POINT
    assert csv_convention(";") is COMMA and csv_convention(",") is POINT
    assert COMMA.show(1500.0) == "1500" and COMMA.show(1.5) == "1,5" and POINT.show(-0.25) == "-0.25"


def test_refusal_gives_an_example_in_the_plan_convention() -> None:
    with pytest.raises(NumberError, match=r"85,5 or 1\.500"):
        parse_number("x", "es")
    with pytest.raises(NumberError, match=r"85\.5 or 1,500"):
        parse_number("x", "en")



@pytest.mark.parametrize(("typed", "lang", "described"), [
    ("1,500", "en", "decimals with a point"),   # the plan's own reading, the other one possible
    ("1,5", "en", "decimals with a comma"),     # only the other convention reads it: the note says so
    ("1.500", "es", "decimals with a comma"),
    ("12.50", "es", "decimals with a point"),
])
def test_the_note_names_the_convention_the_text_was_read_in(typed: str, lang: str, described: str) -> None:
    assert f"({described}, " in parse_number(typed, lang).note
