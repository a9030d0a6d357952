"""The one reader of typed dates (`facilitator.dates`), and the places that use it."""

from __future__ import annotations

import datetime as dt

import pytest

from facilitator.dates import DateError, parse_date
from facilitator.editing import DATE, FieldError, parse_scalar

# (typed, the date, or the words the refusal must say)
CASES = [
    ("2027-03-31", dt.date(2027, 3, 31)),
    ("  2028-02-29 ", dt.date(2028, 2, 29)),             # a leap day; spaces around are ignored
    ("2027-02-29", "that day does not exist (2027-02 has 28 days)"),
    ("2027-02-30", "that day does not exist (2027-02 has 28 days)"),
    ("2027-04-31", "that day does not exist (2027-04 has 30 days)"),
    ("2027-04-00", "that day does not exist"),
    ("2027-13-01", "there is no month 13"),
    ("0000-01-01", "that day does not exist"),
    ("31/03/2027", "is not a date; write it as YYYY-MM-DD"),
    ("2027-3-31", "is not a date"),                       # two digits for the month, as the example shows
    ("20270331", "is not a date"),
    ("", "is not a date"),
]


@pytest.mark.parametrize(("typed", "expected"), CASES)
def test_parse_date(typed: str, expected: dt.date | str) -> None:
    if isinstance(expected, dt.date):
        assert parse_date(typed) == expected
        return
    with pytest.raises(DateError) as err:
        parse_date(typed)
    assert expected in str(err.value) and f"“{typed.strip()}”" in str(err.value)


def test_a_record_form_date_says_the_day_does_not_exist() -> None:
    with pytest.raises(FieldError, match=r"that day does not exist \(2027-02 has 28 days\)"):
        parse_scalar(DATE, "2027-02-30")
