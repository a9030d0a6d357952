"""The one reader of the dates people type (forms, workshop tables, dialogs, CSV): ISO ``YYYY-MM-DD``,
with a sentence that says what is wrong, such as a day that does not exist (2027-02-30)."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from facilitator.i18n import _

ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


class DateError(ValueError):
    """What is wrong with a typed date, as a sentence to show beside it."""


def parse_date(text: str) -> dt.date:
    """``text`` (spaces around it ignored) as a date; raises `DateError` with the reason."""
    typed = text.strip()
    m = ISO_DATE.fullmatch(typed)
    if m is None:
        raise DateError(_("“{text}” is not a date; write it as YYYY-MM-DD, such as 2026-11-22.").format(text=typed))
    year, month, day = (int(g) for g in m.groups())
    if not 1 <= month <= 12:
        raise DateError(_("“{text}”: there is no month {month}; months go from 01 to 12.").format(
            text=typed, month=m.group(2)))
    days = calendar.monthrange(year, month)[1] if year >= 1 else 31
    if year < 1 or not 1 <= day <= days:
        raise DateError(_("“{text}”: that day does not exist ({year}-{month} has {days} days).").format(
            text=typed, year=m.group(1), month=m.group(2), days=days))
    return dt.date(year, month, day)
