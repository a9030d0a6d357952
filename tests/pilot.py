"""Helpers shared by the Pilot-driven UI tests (imported as `from pilot import ...`)."""

from __future__ import annotations

import asyncio
import functools
import time
from collections.abc import Awaitable, Callable
from typing import Any

from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import Static


def pilot_test(test: Callable[..., Awaitable[None]]) -> Callable[..., None]:
    """Run an async Pilot test in its own event loop (no pytest async plugin needed)."""

    @functools.wraps(test)
    def run(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))  # type: ignore[arg-type]

    return run


async def settle(pilot: Pilot[Any]) -> None:
    """Let screens mount and workers finish (no fixed sleeps)."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def plain(widget: Static) -> str:
    """The text a Static shows, without styles."""
    content = widget.content
    return content.plain if isinstance(content, Text) else str(content)


UNTIL_SECONDS = 60.0
"""How long `until` waits at most. Generous on purpose: on a loaded machine (CI, several suites on two
cores) a screen may take seconds to come up; only a hang should fail."""


async def until(pilot: Pilot[Any], condition: Callable[[], bool], seconds: float = UNTIL_SECONDS) -> None:
    """Wait for a condition, checked after every frame (it usually holds within a few)."""
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        await pilot.pause(0.02)
    assert condition()
