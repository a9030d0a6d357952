"""Room mode: the projector layout of the runner — the step's title and prompt, a large timer and the
items being captured, in the high-contrast theme, readable from the back of a room."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Digits, Static


class RoomPanel(Vertical):
    """What the room sees; the runner fills it once a second (`show`) while room mode is on."""

    def compose(self) -> ComposeResult:
        with Horizontal(id="room-top"):
            yield Static(id="room-title")
            yield Digits("--:--", id="room-timer")
        yield Static(id="room-prompt")
        yield Static(id="room-items")

    def show(self, title: str, prompt: str, timer: str, over: bool, items: list[str]) -> None:
        self.query_one("#room-title", Static).update(Text(title.upper(), style="bold"))
        timer_widget = self.query_one("#room-timer", Digits)
        timer_widget.update(timer)
        timer_widget.set_class(over, "-over")
        self.query_one("#room-prompt", Static).update(Text(prompt))
        self.query_one("#room-items", Static).update(self._items(items))

    def _items(self, items: list[str]) -> Text | Table:
        """The items, a blank line between them when few; in two columns on a wide screen when many."""
        rows = max(1, self.query_one("#room-items").size.height or self.size.height - 8)
        if self.size.width >= 120 and len(items) > rows:
            half = min(rows, (len(items) + 1) // 2)
            grid = Table.grid(expand=True, padding=(0, 2))
            grid.add_column(ratio=1)
            grid.add_column(ratio=1)
            left, right = items[:half], items[half:2 * half]
            for i, line in enumerate(left):
                grid.add_row(self._line(line), self._line(right[i]) if i < len(right) else Text(""))
            return grid
        body = Text(end="")
        spaced = len(items) <= rows // 2
        for i, line in enumerate(items):
            if i:
                body.append("\n\n" if spaced else "\n")
            body.append_text(self._line(line))
        return body

    @staticmethod
    def _line(line: str) -> Text:
        out = Text("• ", style="bold", no_wrap=True, overflow="ellipsis", end="")
        out.append(line)
        return out
