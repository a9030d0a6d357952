"""The time of the room: one function the engine asks, so tests can freeze it."""

from __future__ import annotations

import datetime as dt


def now() -> dt.datetime:
    """The current local time with its UTC offset, to the second (offsets in whole minutes, see tomlio)."""
    return dt.datetime.now().astimezone().replace(microsecond=0)
