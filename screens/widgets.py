"""Small reusable widgets and helpers: literal text, the read-only banner and the record table.

Participant text may contain square brackets or anything else: it is always wrapped in `Text` (never
parsed as markup) before it reaches a widget.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from rich.cells import cell_len
from rich.segment import Segment
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.geometry import Region
from textual.message import Message
from textual.screen import Screen
from textual.strip import Strip
from textual.widgets import Checkbox, DataTable, OptionList, RadioButton, SelectionList, Static, TextArea
from textual.widgets import Footer as TextualFooter
from textual.widgets._footer import FooterKey, FooterLabel
from textual.widgets._toggle_button import ToggleButton
from textual.widgets.data_table import RowKey
from textual.widgets.option_list import Option, OptionDoesNotExist

from facilitator.engine.table import fold
from facilitator.i18n import N_, _
from facilitator.screens.commands import shown_description, shown_tooltip


def literal(value: object, style: str = "", *, justify: str | None = None, ellipsis: bool = True) -> Text:
    """``value`` as plain text (no markup), cut with an ellipsis when it does not fit its cell."""
    return Text(str(value) if value is not None else "", style=style, justify=justify,  # type: ignore[arg-type]
                overflow="ellipsis" if ellipsis else "fold", no_wrap=ellipsis, end="")


def right(value: object, style: str = "") -> Text:
    return literal(value, style, justify="right")


def lines(*parts: tuple[str, object] | str | Text | None) -> Text:
    """A detail text: ``(label, value)`` pairs as "label: value" lines (empty values left out), or text."""
    out = Text(end="")
    for part in parts:
        if part is None:
            continue
        if isinstance(part, tuple):
            label, value = part
            if value in (None, "", [], ()):
                continue
            piece = Text.assemble((f"{label}: ", "bold"), str(value))
        else:
            piece = part if isinstance(part, Text) else Text(part)
        if out.plain:
            out.append("\n")
        out.append_text(piece)
    return out


PALETTE_LABEL = N_("palette")
"""Textual's label of the ctrl+p key, marked here so that the footer can show it translated."""


class Footer(TextualFooter):
    """Textual's footer, with each key's label and tooltip translated as it is shown.

    The bindings keep their English msgids (they are built when the screens are imported, maybe before the
    language is chosen); this is where they meet the current language.
    """

    _composed_width: int | None = None
    _shown: tuple[object, ...] | None = None
    """The keys the footer last showed, to skip rebuilding it when a focus change leaves them alike."""

    def bindings_changed(self, screen: Screen[object]) -> None:
        """Rebuild only when the keys shown change: Textual rebuilds the footer on every focus change
        (a dozen widgets mounted and styled), most of them between two fields with the same keys."""
        if self._bindings_ready and screen.app.app_focus and self.is_attached and screen is self.screen:
            shown = tuple((key, active.binding, active.enabled, active.tooltip)
                          for key, active in screen.active_bindings.items() if active.binding.show)
            if shown == self._shown:
                return
            self._shown = shown
        super().bindings_changed(screen)

    DROPPED_FIRST = ("app.picker", "app.quit")
    """Keys of the whole app left out, after the palette key and the sections' label, when a screen's own
    keys would not fit: `?` lists them all, and ctrl+q quits from anywhere."""

    def compose(self) -> ComposeResult:
        active = self.screen.active_bindings if self._bindings_ready else {}
        dropped = self._dropped(active)
        for widget in super().compose():  # streamed: the sections' keys are yielded inside their group box
            if isinstance(widget, FooterKey) and widget.key in active:
                binding = active[widget.key].binding
                if (binding.id or binding.action) in dropped:
                    continue
                if widget.description:
                    widget.description = shown_description(binding) or _(widget.description)
                tooltip = shown_tooltip(binding) or shown_description(binding)
                if tooltip:
                    widget.tooltip = tooltip
            elif isinstance(widget, FooterLabel):  # the label of a group of keys (the sections)
                if "-label" in dropped:
                    continue
                widget = FooterLabel(_(str(widget.content)))
            if isinstance(widget, FooterKey) and widget.has_class("-command-palette") and "-palette" in dropped:
                continue
            yield widget

    def _dropped(self, active: Any) -> set[str]:
        """What is left out so that the rest fits whole, least needed first: the palette key, the sections'
        label, the app's own keys, then the screen's keys from the last (never Esc or ?): a key is shown
        whole or not at all (the sessions view at 80 columns lost "esc Back" at the edge)."""
        first: dict[str, Binding] = {}
        for _node, binding, _enabled, _tooltip in active.values():
            if binding.show:
                first.setdefault(binding.action, binding)
        width = 0
        grouped: dict[object, list[Binding]] = {}
        for binding in first.values():
            if binding.group is not None:
                grouped.setdefault(binding.group, []).append(binding)
        label = 0
        app_keys: list[tuple[str, int]] = []
        last_keys: list[tuple[str, int]] = []  # then the screen's last keys, whole (? lists them all)
        for binding in first.values():
            key = cell_len(self.app.get_key_display(binding))
            if binding.group is not None and len(grouped[binding.group]) > 1:
                width += key
                continue
            cost = key + 1 + (cell_len(shown_description(binding)) + 1 if binding.description else 0)
            width += cost
            if binding.id in self.DROPPED_FIRST:
                app_keys.append((binding.id or binding.action, cost))
            elif binding.key not in ("escape", "question_mark"):
                last_keys.insert(0, (binding.id or binding.action, cost))
        for group, members in grouped.items():
            if len(members) > 1:
                label = cell_len(_(getattr(group, "description", ""))) + 1
                width += 2 + label
        dropped: set[str] = set()
        palette = active.get(self.app.COMMAND_PALETTE_BINDING) if self.show_command_palette else None
        steps: list[tuple[str, int]] = []
        if palette is not None:
            width += cell_len(self.app.get_key_display(palette.binding)) + 2 + cell_len(palette.binding.description)
            steps.append(("-palette", cell_len(self.app.get_key_display(palette.binding)) + 2
                          + cell_len(palette.binding.description)))
        if label:
            steps.append(("-label", label))
        steps += app_keys + last_keys
        for name, cost in steps:
            if width <= self._width():
                break
            dropped.add(name)
            width -= cost
        return dropped

    def _width(self) -> int:
        return self.size.width or (self.app.size.width if self.is_attached else 80)

    def on_resize(self) -> None:
        if self._composed_width is not None and self.size.width != self._composed_width:
            self.refresh(recompose=True)  # the palette key may fit now, or no more
        self._composed_width = self.size.width


def _plain(cell: object) -> str:
    if isinstance(cell, Fitting):
        return cell.forms[-1]  # what the cell needs at least: its shortest form
    return cell.plain if isinstance(cell, Text) else str(cell if cell is not None else "")


class ReadOnlyBanner(Static):
    """Says that the plan is read-only here and who holds it."""

    DEFAULT_CSS = """
    ReadOnlyBanner {
        height: auto;
        padding: 0 1;
        background: $warning;
        color: $text;
        text-style: bold;
    }
    """

    def __init__(self, holder: str | None, read_only: bool = True, unwritable: bool = False) -> None:
        super().__init__()
        self.show(holder, read_only, unwritable)

    def show(self, holder: str | None, read_only: bool, unwritable: bool = False) -> None:
        if unwritable:  # no one holds the plan: its folder cannot be written
            self.update(Text(_("READ-ONLY: the plan's folder is not writable; copy the plan to edit it.")))
        else:
            who = holder or _("another window")
            self.update(Text(_("READ-ONLY: open in {who}; close it there to edit here.").format(who=who)))
        self.display = read_only


@dataclass
class Column:
    label: str
    width: int | None = None
    """Fixed width; None for a column that shares the width left by the fixed ones."""
    justify: str = "left"
    weight: int = 1
    """The share of the left-over width a flexible column takes."""
    fit: bool = False
    """A fixed column that also widens to its longest cell (a translated word, such as a status)."""


@dataclass(frozen=True)
class Fitting:
    """A cell with shorter forms for a narrow column ("● missing: mission, values" → "◐ partial"): the
    table shows the first form that fits its column whole, so a cell never reads "missing: missi…"."""

    forms: tuple[str, ...]


@dataclass
class Row:
    cells: list[object]
    detail: Text | str = ""
    """Shown under the table when the row is highlighted."""
    key: str | None = None
    """The record's id or code, for tests and for finding the row again."""
    heading: bool = False
    """Shown in bold (an objective above its indicators, a group label)."""
    label_only: bool = False
    """A group label rather than a record (the cursor starts below it)."""
    data: object = field(default=None, repr=False)


class RecordTable(DataTable[Text]):
    """A row-cursor DataTable of records; one flexible column takes the width left by the others.

    Rows are added in one batch; the columns are rebuilt when the width changes so long text is cut
    with an ellipsis instead of scrolling sideways. The full text of the highlighted row is sent up
    in `RecordTable.Highlighted`.
    """

    DEFAULT_CSS = """
    RecordTable {
        height: 1fr;
        scrollbar-size-vertical: 1;
    }
    RecordTable > .datatable--cursor { text-style: bold; }
    """

    class Highlighted(Message):
        def __init__(self, table: RecordTable, row: Row | None) -> None:
            super().__init__()
            self.table = table
            self.row = row

        @property
        def control(self) -> RecordTable:
            return self.table

    def __init__(self, columns: list[Column], *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes, cursor_type="row", zebra_stripes=True)
        self.spec = columns
        self.records: list[Row] = []
        self._by_key: dict[RowKey, Row] = {}
        self._built_width = 0

    def _available(self) -> int:
        return self.size.width or (self.screen.size.width if self.is_attached else 80)

    def set_rows(self, rows: Iterable[Row]) -> None:
        self.records = list(rows)
        self._build()

    def _build(self) -> None:
        keep = self.cursor_row
        width = self._available()
        self._built_width = width
        self.clear(columns=True)
        widths = self._fixed_widths(width)
        fixed = sum(w or 0 for w in widths)
        padding = 2 * self.cell_padding * len(self.spec) + 1  # cell padding + the vertical scrollbar
        weights = sum(c.weight for c in self.spec if c.width is None) or 1
        left = width - fixed - padding
        final = []
        for col, fixed_width in zip(self.spec, widths):
            label = Text(col.label, justify=col.justify)  # type: ignore[arg-type]
            flex = max(8, left * col.weight // weights)
            final.append(fixed_width if fixed_width is not None else flex)
            self.add_column(label, width=final[-1])
        row_keys: list[RowKey] = []
        batch: list[list[Text]] = []
        for record in self.records:
            cells = self._cells(record, final)
            height = self._heading_height(record, cells, final) if record.heading else 1
            if height == 1:
                batch.append(cells)
                continue
            row_keys += self.add_rows(batch)
            batch = []
            row_keys.append(self.add_row(*cells, height=height))
        row_keys += self.add_rows(batch)
        self._by_key = dict(zip(row_keys, self.records))
        if self.records:
            self.move_cursor(row=min(max(keep, 0), len(self.records) - 1), animate=False)
        self._announce()

    HEADING_LINES = 3
    """A heading row (an objective above its indicators) wraps onto up to this many lines, not cut at one
    (two on a short screen, where the rows under it need the room)."""

    def _heading_height(self, row: Row, cells: list[Text], widths: list[int]) -> int:
        """Lines a heading row needs; its long cells are set to wrap (and cut with "…" past the last line)."""
        height = 1
        for i, (cell, width) in enumerate(zip(cells, widths)):
            if cell_len(cell.plain) <= width:
                continue
            wrapped = cell.copy()
            wrapped.no_wrap, wrapped.overflow = False, "fold"
            lines = wrapped.wrap(self.app.console, width)
            most = self.HEADING_LINES if self.app.size.height >= 40 else 2
            if len(lines) > most:
                kept = lines[:most]
                last = kept[-1]
                last.truncate(width - 1)
                last.append("…")
                wrapped = Text("\n", style=cell.style, end="").join(kept)
            cells[i] = wrapped
            height = max(height, min(len(lines), most))
        return height

    def _fixed_widths(self, width: int) -> list[int | None]:
        """The fixed columns' widths: wide enough for their heading (a longer word in Spanish or Portuguese)
        and then, for ``fit`` columns, for their cells, one column at a time while the flexible columns keep
        12 cells each (a column that cannot get all it needs keeps its width)."""
        widths: list[int | None] = [c.width for c in self.spec]
        flexible = sum(1 for c in self.spec if c.width is None)
        padding = 2 * self.cell_padding * len(self.spec) + 1
        room = width - sum(w or 0 for w in widths) - padding - 12 * flexible if flexible else 10**6
        for wants_cells in (False, True):
            for i, col in enumerate(self.spec):
                current = widths[i]
                if current is None or (wants_cells and not col.fit):
                    continue
                need = cell_len(col.label)
                if wants_cells:
                    need = max([need, *(cell_len(_plain(r.cells[i])) for r in self.records if i < len(r.cells))])
                if current < need <= current + room:
                    room -= need - current
                    widths[i] = need
        return widths

    def _cells(self, row: Row, widths: list[int]) -> list[Text]:
        style = "bold" if row.heading else ""
        out = []
        for col, width, cell in zip(self.spec, widths, row.cells):
            if isinstance(cell, Fitting):
                cell = next((form for form in cell.forms if cell_len(form) <= width), cell.forms[-1])
            if isinstance(cell, Text):
                out.append(cell)
            else:
                out.append(literal(cell, style, justify=col.justify))
        return out

    def on_resize(self) -> None:
        if self.records and self.size.width and self.size.width != self._built_width:
            self._build()

    def current(self) -> Row | None:
        if not self.records or self.cursor_row < 0 or self.cursor_row >= len(self.records):
            return None
        return self.records[self.cursor_row]

    def select_key(self, key: str) -> bool:
        """Put the cursor on the row of ``key``; False if there is none."""
        for i, row in enumerate(self.records):
            if row.key == key:
                self.move_cursor(row=i, animate=False)
                return True
        for i, row in enumerate(self.records):  # a record named by its id or code when the row uses the other
            if row.data is not None and key in (getattr(row.data, "id", None), getattr(row.data, "code", None)):
                self.move_cursor(row=i, animate=False)
                return True
        return False

    def _announce(self) -> None:
        self.post_message(self.Highlighted(self, self.current()))

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table is self:
            event.stop()
            self.post_message(self.Highlighted(self, self._by_key.get(event.row_key)))


class MarkedRadioButton(RadioButton):
    """A radio button whose choice shows without colour: a dot in the chosen one, the others empty
    (Textual draws the same mark in every button and tells them apart by colour only, which a projector
    or a colour-blind reader loses)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.BUTTON_INNER = "●" if self.value else " "

    def watch_value(self) -> None:
        self.BUTTON_INNER = "●" if self.value else " "
        super().watch_value()


class MarkedCheckbox(Checkbox):
    """A checkbox whose state shows without colour: a tick when on, empty when off (Textual draws the same
    X either way and tells them apart by colour only)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.BUTTON_INNER = "✓" if self.value else " "

    def watch_value(self) -> None:
        self.BUTTON_INNER = "✓" if self.value else " "
        super().watch_value()


class MarkedSelectionList(SelectionList[str]):
    """A selection list whose chosen items show a tick and the others none, for the same reason as
    `MarkedCheckbox` (on a projector the colour of Textual's X is lost)."""

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        segments = list(strip)
        if len(segments) < 4 or segments[1].text != ToggleButton.BUTTON_INNER:
            return strip
        try:
            option = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return strip
        segments[1] = Segment("✓" if option.value in self._selected else " ", segments[1].style)
        return Strip(segments, strip.cell_length)


class FilteredOptionList(OptionList):
    """An option list that narrows as you type: letters, digits and spaces filter the options (case and
    accents ignored: "gestion" finds "Gestión"), Backspace widens again; arrows, Enter and Esc as before.
    `note` (a Static above the list, see `filter_note`) says what is typed and what it keeps."""

    def __init__(self, *options: Option, note: Static) -> None:
        super().__init__(*options)
        self._every = [(option.prompt, option.id) for option in options]
        self.typed = ""
        self.note = note
        note.update(filter_note("", len(options), len(options)))

    def on_key(self, event: events.Key) -> None:
        if event.key == "backspace" and self.typed:
            typed = self.typed[:-1]
        elif event.is_printable and event.character:
            typed = self.typed + event.character
        else:
            return
        event.stop()
        event.prevent_default()
        self.narrow(typed)

    def narrow(self, typed: str) -> None:
        """Show the options whose text holds ``typed``, the first one highlighted."""
        self.typed = typed
        wanted = fold(typed)
        kept = [(prompt, oid) for prompt, oid in self._every
                if wanted in fold(prompt.plain if isinstance(prompt, Text) else str(prompt))]
        self.clear_options()
        self.add_options([Option(prompt, id=oid) for prompt, oid in kept])
        if kept:
            self.highlighted = 0
        self.note.update(filter_note(typed, len(kept), len(self._every)))


def filter_note(typed: str, shown: int, total: int) -> Text:
    """What the note above a `FilteredOptionList` says: how to filter, or what is typed and what it keeps."""
    if not typed:
        return Text(_("Type to filter"), style="dim")
    return Text(_("Filter: {typed} — {shown} of {total}").format(typed=typed, shown=shown, total=total))


class SafeTextArea(TextArea):
    """Textual's TextArea, safe to remove from a screen that stays up. Textual 8.2 can draw a removed widget
    once more from the layout it had, after clearing its component styles; TextArea then raised
    ``KeyError: 'text-area--gutter'``, which ended the app. Leaving a workshop step with its draft editor
    open did it about one time in ten (tests/test_steps.py). Removed, it draws blank."""

    def render_lines(self, crop: Region) -> list[Strip]:
        if not self.is_attached:
            return [Strip.blank(crop.width)] * crop.height
        return super().render_lines(crop)

