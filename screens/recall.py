"""What a step recalls from the plan, on screen: the blocks of `facilitator.recap` as one Static.

A briefing prints them large under its prompt; any other step that `shows` something (the SWOT next to
the SWOT update, the top findings next to the objectives) gets them in a panel above its view, which
ctrl+k hides and shows again when the room needs the space.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from facilitator.model import Plan
from facilitator.recap import recall


def recall_text(plan: Plan, shows: list[str]) -> Text:
    """The blocks as text: a heading each, a line per item (participant text as plain text, never markup)."""
    out = Text(end="")
    for i, block in enumerate(recall(plan, shows)):
        if i:
            out.append("\n")
        out.append(block.heading + "\n", style="bold underline")
        for line in block.lines:
            out.append(("  " if line.startswith("  ") else "• ") + line.strip() + "\n")
    out.rstrip()
    return out


class RecallPanel(Static):
    """The plan's content a non-briefing step recalls (its kit step's `shows`), above the step's view."""

    def __init__(self, plan: Plan, shows: list[str]) -> None:
        super().__init__(recall_text(plan, shows), id="recall")
