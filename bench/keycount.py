"""Counting the facilitator's keys: a Pilot wrapper shared by the key-count scenarios in `bench/keys_*.py`.

A scenario drives the real app (`ClusterApp.run_test`) and sends every key through a `Keys` object, which
counts them in two tallies: **keys** (commands, arrows, Enter, digits, a letter typed to search) and
**typed** (characters of content the room dictates — a newcomer's name, an organisation — which paper
needs too). The issue's targets count keys, "plus the newcomers' names and organisations".

Run all scenarios with `python bench/bench_keys.py`; each `keys_*.py` also runs on its own.
"""

from __future__ import annotations

import asyncio
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from pilot import keys_together, settle, until  # (the tests' helpers, one source of truth)

__all__ = ["Keys", "Result", "settle", "until"]


@dataclass
class Result:
    """One scenario's figures: what was done, the keys it took, the characters of content typed."""

    task: str
    keys: int
    typed: int
    target: int
    size: tuple[int, int]
    notes: list[str] = field(default_factory=list)

    def line(self) -> str:
        verdict = "ok" if self.keys <= self.target else "OVER"
        extra = f" + {self.typed} characters of names" if self.typed else ""
        size = f"{self.size[0]}×{self.size[1]}"
        return (f"{self.task:<46} {size:<7} {self.keys:>3} keys{extra}"
                f"  (target ≤ {self.target}: {verdict})")


class Keys:
    """Sends keys to the app and counts them; `text` counts dictated content apart from keys."""

    def __init__(self, pilot: Pilot[Any]) -> None:
        self.pilot = pilot
        self.keys = 0
        self.typed = 0

    async def press(self, *keys: str) -> None:
        """Keys that may move focus or open a screen: one round trip each (Pilot's `press`)."""
        self.keys += len(keys)
        await self.pilot.press(*keys)

    async def burst(self, *keys: str) -> None:
        """Keys that stay in one widget (digits, arrows, letters of a search), sent as one burst."""
        self.keys += len(keys)
        await keys_together(self.pilot, *keys)

    async def search(self, text: str) -> None:
        """Letters typed to find something (they count as keys: they are the facilitator's, not content)."""
        await self.burst(*text)

    async def text(self, text: str) -> None:
        """Content the room dictates (a name, an organisation): counted as typed characters, not keys."""
        self.typed += len(text)
        await keys_together(self.pilot, *text)


def run(scenario: Any) -> Any:
    """Run an async scenario in its own event loop and return its result."""
    return asyncio.run(scenario)
