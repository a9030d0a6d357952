"""Room mode: the projector's wall — the step's title, a large timer, its prompt, and what the room has
produced laid out the way a paper wall would be, in the plan's language, readable from the back of a room.

A step view describes its wall with `Wall` (what to show); `paint` lays it out for a given size (how):

- ``board``: titled cells in a grid (a SWOT in 2×2, the diamond's six areas in 3×2, the matrix quadrants);
- ``columns``: titled columns side by side (affinity groups, ungrouped notes last);
- ``bars``: one horizontal bar per option, longest first, with its number (a dot vote, weighted scores);
- ``drafts``: statement drafts side by side, each headed by its votes;
- ``list``: the items, in two columns on a wide screen.

Nothing is cut silently: a note too long for its lines ends in "…", and notes that do not fit leave a
"… and N more" line in their cell. Participant text is always literal `Text` (never markup) with control
characters dropped. `RoomPanel` is the widget the runner fills once a second (`show`); it repaints only
when something shown changed, and at its own size, so a resize or a projector's resolution re-lays it out.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import Digits, Static

from facilitator.i18n import _, format_number, in_language


class WallKind(StrEnum):
    list = "list"
    board = "board"
    columns = "columns"
    bars = "bars"
    drafts = "drafts"


@dataclass(frozen=True)
class Card:
    """One note, option or draft on the wall."""

    text: str
    value: float | None = None
    """The number behind a bar (votes, a weighted score): the bar's length."""
    badge: str = ""
    """That number as the room reads it, formatted for the plan's language."""


@dataclass(frozen=True)
class Cell:
    """A titled area of the wall: a SWOT quadrant, a group, a draft; the list's one untitled area."""

    title: str
    cards: tuple[Card, ...] = ()
    badge: str = ""
    """Shown at the right of the heading: the count of notes, a draft's votes."""
    highlight: bool = False
    """An adopted draft: its heading stands out."""


@dataclass(frozen=True)
class Wall:
    """What the wall shows for a step, built by the step view (`StepView.wall`) in the plan's language."""

    kind: WallKind
    cells: tuple[Cell, ...] = ()
    lang: str = "en"
    """The plan's language: the words the wall adds itself ("… and N more") and its numbers."""
    top: float | None = None
    """Bars: the value of a full bar (5 for scores out of 5); None: the largest value shown."""
    across: int | None = None
    """Board: cells in a row (2 keeps a quadrant grid whole); None: 2 up to four cells, 3 beyond."""

    @classmethod
    def listing(cls, lines: Sequence[str], lang: str = "en") -> Wall:
        return cls(WallKind.list, (Cell("", tuple(Card(line) for line in lines)),), lang)


# --- layout --------------------------------------------------------------------------------------------------

GAP = 2
"""Blank cells between two columns of the wall."""
MIN_COLUMN = 16
"""The narrowest column still readable (a group, a draft): more columns than fit go into a "… and N more" column."""
HEADINGS = ("bold black on yellow", "bold black on cyan", "bold black on bright_green", "bold black on magenta",
            "bold black on bright_blue", "bold black on white")
"""Heading bands, one colour per cell in turn: quadrants and columns are told apart from afar."""
DRAFT = "bold black on cyan"
"""Drafts are equals: one colour for all, but the adopted one's."""
ADOPTED = "bold black on bright_green"
BULLET = "• "
CARD_STYLE = "bold white"
MORE_STYLE = "bold italic yellow"
BAR_STYLE = "bold yellow"

_console = Console(file=io.StringIO(), width=200, color_system=None, legacy_windows=False)
"""Only for `Text.wrap`, which asks a console for its defaults; nothing is printed on it."""


CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")
"""Control characters but the line feed: an escape sequence in a note must not reach the terminal."""


def clean(text: str) -> str:
    """Participant text as the wall shows it: tabs as spaces, other control characters dropped."""
    return CONTROL.sub("", text.replace("\t", " "))


def fit(line: Text, width: int) -> Text:
    """``line`` exactly ``width`` cells wide (padded, or cropped: callers make lines that fit)."""
    out = line.copy()
    out.truncate(max(width, 0), overflow="crop", pad=True)
    return out


def ellipsize(line: Text, width: int) -> Text:
    """``line`` with a "…" at its end, within ``width`` cells: the text goes on beyond what is shown."""
    out = line.copy()
    out.rstrip()
    if cell_len(out.plain) + 1 > width:
        out.truncate(max(width - 1, 0), overflow="crop")
        out.rstrip()
    out.append("…")
    return out


def wrap(text: str, width: int, style: str = "") -> list[Text]:
    """``text`` in lines of at most ``width`` cells (long words folded), blank lines dropped."""
    body = Text(clean(text), style=style, end="")
    lines = [line for line in body.wrap(_console, max(width, 1), overflow="fold") if line.plain.strip()]
    for line in lines:
        line.rstrip()
    return lines or [Text("", style=style)]


def capped(lines: list[Text], most: int, width: int) -> list[Text]:
    """At most ``most`` lines; the last one kept ends in "…" when some were left out."""
    if len(lines) <= most:
        return lines
    return [*lines[:most - 1], ellipsize(lines[most - 1], width)]


def more_line(hidden: int, lang: str) -> Text:
    with in_language(lang):
        words = _("… and {n} more").format(n=format_number(hidden, lang))
    return Text(words, style=MORE_STYLE, no_wrap=True, overflow="ellipsis")


def card_lines(card: Card, width: int) -> list[Text]:
    """A note as a bullet and its wrapped text, continuation lines indented under the text."""
    indent = cell_len(BULLET)
    lines = wrap(card.text, width - indent, CARD_STYLE)
    out = []
    for i, line in enumerate(lines):
        head = Text(BULLET if i == 0 else " " * indent, style="bold yellow", end="")
        out.append(head.append_text(line))
    return out


def stack(cards: Sequence[Card], width: int, height: int, lang: str) -> list[Text]:
    """The cards in one column of ``height`` lines: whole and spaced out when there is room; otherwise
    fewer lines per card (each cut with "…"), down to one; then the first that fit and "… and N more"."""
    if height <= 0 or not cards:
        return []
    full = [card_lines(card, width) for card in cards]
    longest = max(len(lines) for lines in full)
    if sum(len(lines) for lines in full) + len(full) - 1 <= height:
        out: list[Text] = []
        for i, lines in enumerate(full):
            if i:
                out.append(Text(""))
            out.extend(lines)
        return out
    for most in range(longest, 0, -1):
        if sum(min(len(lines), most) for lines in full) <= height:
            return [line for lines in full for line in capped(lines, most, width)]
    shown = max(height - 1, 0)
    out = [capped(lines, 1, width)[0] for lines in full[:shown]]
    out.append(more_line(len(full) - shown, lang))
    return out


def heading(cell: Cell, width: int, style: str) -> Text:
    """A cell's title in capitals on a coloured band, its count at the right, cut with "…" when long."""
    badge = f" {cell.badge} " if cell.badge else ""
    room = width - cell_len(badge) - 1
    title = Text(" " + clean(cell.title).replace("\n", " ").upper(), end="")
    if cell_len(title.plain) > room:
        title = ellipsize(title, room)
    line = fit(title, width - cell_len(badge))
    line.append(badge)
    line.stylize(ADOPTED if cell.highlight else style)
    return line


def column(cell: Cell, width: int, height: int, lang: str, style: str, whole: bool = False) -> list[Text]:
    """A titled cell: its heading band, then its cards stacked in what is left; ``whole``: one long text
    (a draft) read as a paragraph, in as many lines as fit, the last cut with "…"."""
    if not whole:
        return [heading(cell, width, style), *stack(cell.cards, width, height - 1, lang)]
    # a draft's votes open its text rather than share the heading with "Draft 3", which they would cut
    votes = [Text(cell.badge, style=BAR_STYLE)] if cell.badge else []
    lines = [*votes, *(line for card in cell.cards for line in wrap(card.text, width, CARD_STYLE))]
    title = Cell(cell.title, highlight=cell.highlight)
    return [heading(title, width, style), *(capped(lines, height - 1, width) if height > 1 else [])]


def side_by_side(columns: Sequence[list[Text]], widths: Sequence[int], height: int) -> list[Text]:
    """Columns of lines joined into full rows, ``GAP`` cells apart."""
    rows = []
    for y in range(height):
        row = Text(end="")
        for i, (lines, width) in enumerate(zip(columns, widths, strict=True)):
            if i:
                row.append(" " * GAP)
            row.append_text(fit(lines[y] if y < len(lines) else Text(""), width))
        rows.append(row)
    return rows


def split(width: int, count: int) -> list[int]:
    """``count`` column widths filling ``width`` with ``GAP`` between them (the first ones a cell wider)."""
    usable = width - GAP * (count - 1)
    base, extra = divmod(max(usable, count), count)
    return [base + (1 if i < extra else 0) for i in range(count)]


def paint_board(wall: Wall, width: int, height: int) -> list[Text]:
    """Cells in a grid: two across up to four cells (a SWOT reads as its 2×2), three across beyond (the
    diamond's six), or as many as the wall asks."""
    cells = wall.cells
    across = wall.across or (2 if len(cells) <= 4 else 3)
    while across > 1 and width < across * MIN_COLUMN + (across - 1) * GAP:
        across -= 1
    rows = math.ceil(len(cells) / across)
    widths = split(width, across)
    spaced = height >= 3 * rows + rows - 1  # a blank line between rows when each cell still gets 3 lines
    cell_height = max((height - (rows - 1 if spaced else 0)) // rows, 1)  # 1: headings and their counts only
    out: list[Text] = []
    for r in range(rows):
        if out and spaced:
            out.append(Text(""))
        row_cells = cells[r * across:(r + 1) * across]
        columns = [column(cell, widths[i], cell_height, wall.lang, HEADINGS[(r * across + i) % len(HEADINGS)])
                   for i, cell in enumerate(row_cells)]
        out.extend(side_by_side(columns, widths[:len(columns)], cell_height))
    return out[:height]


def paint_columns(wall: Wall, width: int, height: int, whole: bool = False) -> list[Text]:
    """Cells side by side; when more than fit, the last column names the ones left out with their counts."""
    cells = list(wall.cells)
    fits = max(1, (width + GAP) // (MIN_COLUMN + GAP))
    if len(cells) > fits:
        hidden = cells[fits - 1:]
        with in_language(wall.lang):
            title = _("… and {n} more").format(n=format_number(len(hidden), wall.lang))
        cells = [*cells[:fits - 1],
                 Cell(title, tuple(Card(f"{c.title} ({c.badge})" if c.badge else c.title) for c in hidden))]
    widths = split(width, len(cells))
    columns = []
    for i, cell in enumerate(cells):
        listed = len(cells) < len(wall.cells) and i == len(cells) - 1  # the "… and N more" column lists, one a line
        style = DRAFT if whole else HEADINGS[i % len(HEADINGS)]
        columns.append(column(cell, widths[i], height, wall.lang, style, whole and not listed))
    return side_by_side(columns, widths, height)


def paint_bars(wall: Wall, width: int, height: int) -> list[Text]:
    """One line per option: its text, a bar as long as its share of the largest, and the number."""
    cards = sorted((c for cell in wall.cells for c in cell.cards), key=lambda c: -(c.value or 0))
    if not cards or height <= 0:
        return []
    top = wall.top or max((c.value or 0) for c in cards) or 1
    number = max(cell_len(c.badge) for c in cards)
    label = min(max(cell_len(clean(c.text)) for c in cards) + 1, max(width * 2 // 5, 12))
    bar = max(width - label - number - 2, 4)
    spaced = 2 * len(cards) - 1 <= height
    shown = cards if len(cards) <= height else cards[:max(height - 1, 0)]
    out: list[Text] = []
    for card in shown:
        if spaced and out:
            out.append(Text(""))
        text = wrap(card.text.replace("\n", " "), label - 1, CARD_STYLE)
        line = fit(capped(text, 1, label - 1)[0], label)
        length = round(bar * (card.value or 0) / top)
        if card.value and not length:
            length = 1
        line.append("█" * length, style=BAR_STYLE)
        line.append(" " * (bar - length + 1))
        line.append(card.badge.rjust(number), style="bold white")
        out.append(line)
    if len(shown) < len(cards):
        out.append(more_line(len(cards) - len(shown), wall.lang))
    return out


def paint_list(wall: Wall, width: int, height: int) -> list[Text]:
    """The items in one column, or two on a wide screen when they do not fit in one."""
    cards = [c for cell in wall.cells for c in cell.cards]
    whole = sum(len(card_lines(card, width)) for card in cards) <= height
    if whole or width < 2 * 50 + GAP:
        return stack(cards, width, height, wall.lang)
    widths = split(width, 2)
    half = math.ceil(len(cards) / 2)
    if half <= height:
        left = stack(cards[:half], widths[0], height, wall.lang)
    else:  # the left column full of one-line notes, the "… and N more" at the end of the right one, in order
        half = height
        left = [capped(card_lines(card, widths[0]), 1, widths[0])[0] for card in cards[:half]]
    right = stack(cards[half:], widths[1], height, wall.lang)
    return side_by_side([left, right], widths, height)


def paint(wall: Wall, width: int, height: int) -> Text:
    """The wall laid out in ``width`` × ``height`` cells, as one text of at most ``height`` lines."""
    if width <= 0 or height <= 0 or not wall.cells:
        return Text("")
    if wall.kind == WallKind.board:
        lines = paint_board(wall, width, height)
    elif wall.kind == WallKind.columns:
        lines = paint_columns(wall, width, height)
    elif wall.kind == WallKind.drafts:
        lines = paint_columns(wall, width, height, whole=True)
    elif wall.kind == WallKind.bars:
        lines = paint_bars(wall, width, height)
    else:
        lines = paint_list(wall, width, height)
    out = Text(end="", no_wrap=True, overflow="crop")
    for i, line in enumerate(lines[:height]):
        if i:
            out.append("\n")
        out.append_text(line)
    return out


# --- widgets -------------------------------------------------------------------------------------------------

class WallView(Widget):
    """The wall, painted at the widget's own size (`paint`)."""

    DEFAULT_CSS = "WallView { height: 1fr; }"

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.wall = Wall(WallKind.list)
        self.painted = Text("")
        """What was painted last (the tests read it)."""

    def set_wall(self, wall: Wall) -> None:
        if wall != self.wall:
            self.wall = wall
            self.refresh()

    def render(self) -> Text:
        self.painted = paint(self.wall, self.size.width, self.size.height)
        return self.painted


class RoomPrompt(Widget):
    """The step's prompt in bold, in as many lines as the screen spares for it (fewer on a small screen,
    the last then ending in "…"): the wall under it matters more."""

    DEFAULT_CSS = "RoomPrompt { height: auto; }"

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.text = ""

    def set_text(self, text: str) -> None:
        if text != self.text:
            self.text = text
            self.refresh(layout=True)

    def most_lines(self) -> int:
        """2 lines on a 24-line terminal, 7 on 45: a fifth of what the screen has beyond the fixed rows."""
        return max(2, (self.app.size.height - 10) // 5)

    def lines(self, width: int) -> list[Text]:
        if not self.text.strip():
            return []
        return capped(wrap(self.text, width, "bold white"), self.most_lines(), width)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines(width))

    def render(self) -> Text:
        return Text("\n").join(self.lines(self.size.width))


class RoomPanel(Vertical):
    """What the room sees; the runner fills it once a second (`show`) while room mode is on."""

    def compose(self) -> ComposeResult:
        with Horizontal(id="room-top"):
            yield Static(id="room-title")
            yield Digits("--:--", id="room-timer")
        yield RoomPrompt(id="room-prompt")
        yield WallView(id="room-wall")

    def show(self, title: str, prompt: str, timer: str, over: bool, wall: Wall) -> None:
        self.query_one("#room-title", Static).update(
            Text(clean(title).upper(), style="bold", no_wrap=True, overflow="ellipsis"))
        timer_widget = self.query_one("#room-timer", Digits)
        timer_widget.update(timer)
        timer_widget.set_class(over, "-over")
        self.query_one(RoomPrompt).set_text(prompt)
        self.query_one(WallView).set_wall(wall)

