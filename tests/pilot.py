"""Helpers shared by the Pilot-driven UI tests (imported as `from pilot import ...`)."""

from __future__ import annotations

import asyncio
import functools
import time
import unicodedata
from collections.abc import Awaitable, Callable
from typing import Any

from rich.text import Text
from textual import events
from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key
from textual.pilot import Pilot
from textual.widgets import Static


def pilot_test(test: Callable[..., Awaitable[None]]) -> Callable[..., None]:
    """Run an async Pilot test in its own event loop (no pytest async plugin needed)."""

    @functools.wraps(test)
    def run(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))  # type: ignore[arg-type]

    return run


async def settle(pilot: Pilot[Any]) -> None:
    """Let screens mount, the plan given at start-up open, its checks run, and workers finish (no fixed
    sleeps). The checks start after the first refresh of the opened plan (`call_after_refresh`), so no
    worker may be running yet when the plan is open: they are waited for by their result."""
    await pilot.pause()
    await until(pilot, lambda: getattr(pilot.app, "opening", None) is None)
    await until(pilot, lambda: getattr(getattr(pilot.app, "state", None), "problems", True) is not None)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def keys_together(pilot: Pilot[Any], *keys: str) -> None:
    """Press ``keys`` (Pilot's key names) as one quick burst at the focused widget, then wait until handled.

    `pilot.press` lets the app go idle after every key (two idle checks of at least 20 ms each, and a
    redraw between), which is most of a UI test's time. For keys that stay in one widget (characters in a
    field, digits and arrows in a table) that buys nothing: the app handles its queued key events in
    order, each at the widget focused then. So they are queued together, exactly as `pilot.press` builds
    them, and the test waits once (twice: the second wait also covers the keys the app forwarded to the
    widget). Keys that move the focus or open a screen (enter in a form, tab, a step's keys) go through
    `pilot.press`, one round trip each, since the next key must find the new focus.
    """
    app = pilot.app
    for key in keys:
        if len(key) == 1 and not key.isalnum():
            key = _character_to_key(key)
        try:
            char: str | None = unicodedata.lookup(_get_unicode_name_from_key(REPLACED_KEYS.get(key, key)))
        except KeyError:
            char = key if len(key) == 1 else None
        event = events.Key(key, char)
        event.set_sender(app)
        app.post_message(event)
    await pilot.pause()
    await pilot.pause()


async def type_text(pilot: Pilot[Any], text: str) -> None:
    """Type ``text`` into the focused field, as a burst of key presses (see `keys_together`)."""
    await keys_together(pilot, *text)


def plain(widget: Static) -> str:
    """The text a Static shows, without styles."""
    content = widget.content
    return content.plain if isinstance(content, Text) else str(content)


UNTIL_SECONDS = 60.0
"""How long `until` waits at most. Generous on purpose: on a loaded machine (CI, several suites on two
cores) a screen may take seconds to come up; only a hang should fail."""


async def until(pilot: Pilot[Any], condition: Callable[[], bool], seconds: float = UNTIL_SECONDS) -> None:
    """Wait for a condition, checked every 5 ms (it usually holds within a few frames)."""
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        await pilot.pause(0.005)
    assert condition()


async def open_row(pilot: Pilot[Any], view_key: str, row: str, opens: type[Any]) -> Any:
    """From the dashboard: the section view of ``view_key``, its row ``row`` selected, Enter; waits until
    the screen of type ``opens`` (a record form, a monitoring dialog) is up, and returns it."""
    from facilitator.screens.widgets import RecordTable

    app = pilot.app
    screen = app.screen
    await pilot.press(view_key)
    await until(pilot, lambda: app.screen is not screen and bool(app.screen.query(RecordTable)))
    table = app.screen.query_one(RecordTable)
    assert table.select_key(row)
    table.focus()
    await pilot.pause()
    await pilot.press("enter")
    await until(pilot, lambda: isinstance(app.screen, opens))
    await pilot.pause()
    return app.screen
