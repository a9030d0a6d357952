"""The brainstorm step: one-line capture that always keeps the focus, a category by a single key, an
optional author, and a live list per category (counts, newest first) with edit, delete and undo.

Forty ideas in five minutes: type, Enter, type, Enter — the field clears and keeps the focus. The
category sticks (Tab / shift+Tab change it, as the room reads the wall quadrant by quadrant); a
one-letter or one-digit prefix such as ``w: text`` or ``2: text`` files a single note elsewhere.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from facilitator.engine import capture
from facilitator.i18n import N_, _, format_number
from facilitator.labels import CATEGORIES, CATEGORY_SHORT, FINDING_KINDS, label
from facilitator.model import Contribution, Moderation
from facilitator.room import moderation
from facilitator.screens.room import Card, Cell, Wall, WallKind
from facilitator.screens.step_base import StepView, engine_call

PREFIX = re.compile(r"^([1-9A-Za-z])\s*:\s*(.*)$", re.DOTALL)
"""``w: text`` or ``2: text``: a single note in another category (letter or position)."""


def category_label(category: str | None) -> str:
    """A category as the room reads it, in the user's language (short where the full label is long)."""
    if not category:
        return _("Notes")
    for table in (CATEGORY_SHORT, CATEGORIES):
        if category in table:
            return label(table, category)
    return _(category).capitalize()


class CaptureInput(Input):
    """The capture field: Enter takes the text and clears the field *at once*, in the field's own key
    order, so what is typed right after Enter starts a new note even before the previous one is saved
    (clearing it later, from the view, would wipe keys typed in between)."""

    class Captured(Message):
        def __init__(self, field: CaptureInput, text: str) -> None:
            super().__init__()
            self.field = field
            self.text = text

        @property
        def control(self) -> CaptureInput:
            return self.field

    class Category(Message):
        """Tab / shift+Tab in the field: the next or previous category, in key order with the notes."""

        def __init__(self, offset: int) -> None:
            super().__init__()
            self.offset = offset

    async def _on_key(self, event: events.Key) -> None:
        # Enter and Tab are handled here, in the field's own queue, not as bindings: a binding runs when
        # the key has bubbled up to the app, by which time keys typed after it may already be in the field.
        if event.key in ("enter", "tab", "shift+tab"):
            event.stop()
            event.prevent_default()
            if event.key == "enter":
                await self.action_submit()
            else:
                self.post_message(self.Category(1 if event.key == "tab" else -1))
            return
        await super()._on_key(event)

    def _on_paste(self, event: events.Paste) -> None:
        # A pasted list (ideas typed beforehand, one a line) becomes one note a line, not just its first line.
        # Pasted where the cursor is, as any paste: text already in the box joins the line it lands on, and
        # the box is left empty, every line captured (nothing half-typed stays behind, nothing is dropped).
        if len([line for line in event.text.splitlines() if line.strip()]) > 1:
            event.stop()
            event.prevent_default()  # else Input's own handler (next in the MRO) pastes the first line again
            combined = self.value[:self.cursor_position] + event.text + self.value[self.cursor_position:]
            self.value = ""
            for line in combined.splitlines():
                if line.strip():
                    self.post_message(self.Captured(self, line.strip()))
            return
        super()._on_paste(event)

    async def action_submit(self) -> None:
        text = self.value
        if not text.strip():
            return
        self.value = ""
        self.post_message(self.Captured(self, text))


class BrainstormView(StepView):
    """Capture sticky notes as fast as people speak."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab", "category(1)", N_("Category"), id="brainstorm.next-category",
                tooltip=N_("Next category (the one new notes go into)")),
        Binding("shift+tab", "category(-1)", N_("Previous category"), show=False,
                id="brainstorm.previous-category", tooltip=N_("Previous category")),
        Binding("up", "select(-1)", N_("Select note above"), show=False, id="brainstorm.up"),
        Binding("down", "select(1)", N_("Select note below"), show=False, id="brainstorm.down"),
        Binding("ctrl+e", "edit", N_("Edit"), id="brainstorm.edit", priority=True, show=False,
                tooltip=N_("Edit the selected note in the capture field (Enter saves, Escape cancels)")),
        Binding("ctrl+x", "delete", N_("Delete"), id="brainstorm.delete", priority=True, show=False,
                tooltip=N_("Delete the selected note (ctrl+z brings it back)")),
        Binding("ctrl+z", "undo", N_("Undo"), id="brainstorm.undo", priority=True, show=False,
                tooltip=N_("Undo the last delete or edit")),
        Binding("ctrl+o", "author", N_("Author"), id="brainstorm.author", priority=True, show=False,
                tooltip=N_("Who said it: pick the author of the next note from the people present")),
        Binding("ctrl+y", "moderate", N_("Show/hide"), id="brainstorm.moderate", priority=True, show=False,
                tooltip=N_("Hide the selected note from the wall and the phones, or show it again (approve it "
                           "when it waits for review); it stays in the record")),
        Binding("escape", "escape", N_("Cancel edit"), show=False, id="brainstorm.escape"),
    ]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.categories: list[str] = list(self.step.categories)
        self.category = 0
        self.author: str | None = None
        """The author of the next note (cleared after it is captured)."""
        self.editing: str | None = None
        """The id of the note being edited in the capture field."""
        self.selected: str | None = None
        self.undo_stack: list[tuple[Callable[[], object], str]] = []
        """(undo operation, the note it brings back) — deletes and edits of this step."""

    def compose(self) -> ComposeResult:
        yield Static(id="bs-categories")
        yield CaptureInput(placeholder=_("Type an idea, Enter to capture"), id="capture", select_on_focus=False)
        yield Static(id="bs-hint", classes="hint")
        yield OptionList(id="bs-notes")

    def on_mount(self) -> None:
        self.query_one("#bs-notes", OptionList).can_focus = False
        self.refresh_view()

    def initial_focus(self) -> Widget | None:
        return self.query_one("#capture", Input)

    # --- data ------------------------------------------------------------------------------------------------

    def notes(self) -> list[Contribution]:
        return capture.notes_of(self.ctx.session, self.step.id)

    def current_category(self) -> str | None:
        return self.categories[self.category] if self.categories else None

    def people(self) -> dict[str, str]:
        return {s.id: s.name for s in self.ctx.plan.stakeholders}

    def ordered(self) -> list[tuple[str | None, list[Contribution]]]:
        """The notes by category (kit order, then any other), newest first within each."""
        notes = self.notes()
        keys: list[str | None] = [*self.categories]
        for note in notes:
            if note.category not in keys:
                keys.append(note.category)
        if not keys:
            keys = [None]
        return [(key, [n for n in reversed(notes) if n.category == key]) for key in keys]

    def unsaved(self) -> str:
        """Text typed in the capture field and not captured yet (the runner will not leave it behind)."""
        return self.query_one("#capture", Input).value if self.children else ""

    def room_lines(self) -> list[str]:
        notes = list(reversed(moderation.shown(self.notes())))
        return [f"{category_label(n.category)} · {n.text}" if n.category else n.text for n in notes]

    def wall(self) -> Wall:
        """A board with a cell per category, newest notes first (a SWOT in 2×2, the diamond in 3×2, headed
        by the plural names: "Fortalezas"); without categories, the notes as a list."""
        if not self.categories:
            return Wall.listing([n.text for n in reversed(moderation.shown(self.notes()))], self.ctx.lang)
        cells = []
        for key, all_notes in self.ordered():
            notes = moderation.shown(all_notes)  # hidden or waiting: kept off the wall
            title = label(FINDING_KINDS, key) if key in FINDING_KINDS else category_label(key)
            cells.append(Cell(title, tuple(Card(n.text) for n in notes), format_number(len(notes), self.ctx.lang)))
        return Wall(WallKind.board, tuple(cells), self.ctx.lang)

    # --- drawing ---------------------------------------------------------------------------------------------

    def refresh_view(self) -> None:
        if not self.children:  # not composed yet (is_mounted turns True only after on_mount)
            return
        counts = {key: len(group) for key, group in self.ordered()}
        bar = Text(end="")
        for i, cat in enumerate(self.categories):
            style = "bold reverse" if i == self.category else ""
            bar.append(f" {i + 1} {category_label(cat)} {counts.get(cat, 0)} ", style=style)
        if self.categories:
            bar.append(_("Tab: category"), style="dim")
        self.query_one("#bs-categories", Static).update(bar)
        self.query_one("#bs-categories", Static).display = bool(self.categories)
        self._hint()
        options: list[Option] = []
        names = self.people()
        for key, group in self.ordered():
            if not group and key not in self.categories:
                continue
            options.append(Option(Text(f"{category_label(key)} ({len(group)})", style="bold underline"),
                                  disabled=True))
            for note in group:
                label = Text(note.text, style="dim strike" if note.moderation == Moderation.hidden else "")
                if note.author:
                    label.append(f"  — {names.get(note.author, note.author)}", style="dim")
                if note.device:  # sent from a phone through the room
                    label.append("  · " + _("phone"), style="dim")
                if note.moderation == Moderation.waiting:
                    label.append("  " + _("waiting: ^y shows it"), style="bold reverse")
                elif note.moderation == Moderation.hidden:
                    label.append("  " + _("hidden"), style="dim")
                options.append(Option(label, id=note.id))
        notes = self.query_one("#bs-notes", OptionList)
        notes.clear_options()
        notes.add_options(options)
        self._highlight()

    def _hint(self) -> None:
        parts = []
        if self.editing:
            parts.append(_("Editing a note: Enter saves, Escape cancels."))
        else:
            parts.append(_("Into: {category}").format(category=category_label(self.current_category()))
                         if self.categories else "")
        if self.author:
            parts.append(_("Author: {name}").format(name=self.people().get(self.author, self.author)))
        parts.append(_("↑↓ select · ^e edit · ^x delete · ^z undo · ^o author · ^y hide"))
        self.query_one("#bs-hint", Static).update(Text("  ".join(p for p in parts if p)))

    def _highlight(self) -> None:
        notes = self.query_one("#bs-notes", OptionList)
        if self.selected is None:
            return
        try:
            notes.highlighted = notes.get_option_index(self.selected)
        except Exception:  # noqa: BLE001 - the note is gone (deleted): keep no selection
            self.selected = None

    # --- capturing -------------------------------------------------------------------------------------------

    @on(CaptureInput.Category)
    def _category_key(self, event: CaptureInput.Category) -> None:
        event.stop()
        self.action_category(event.offset)

    @on(CaptureInput.Captured, "#capture")
    def _captured(self, event: CaptureInput.Captured) -> None:
        event.stop()
        text = event.text
        if self.editing:
            note_id = self.editing
            before = next((n.text for n in self.notes() if n.id == note_id), None)
            if self._engine(lambda: capture.edit(self.ctx.session, note_id, text=text), text):
                if before is not None:
                    self.undo_stack.append((lambda: capture.edit(self.ctx.session, note_id, text=before), note_id))
                self.editing = None
                self.ctx.changed()
                self.refresh_view()
            return
        category = self.current_category()
        match = PREFIX.match(text)
        if match and self.categories:
            chosen = capture.category_key(self.ctx.kit, self.step.id, match.group(1))
            if chosen is not None:
                category, text = chosen, match.group(2)
        made: list[Contribution] = []
        author, self.author = self.author, None
        if self._engine(lambda: made.append(capture.add(self.ctx.session, self.step.id, text, category, author)),
                        event.text):
            self.selected = made[0].id
            self.ctx.changed()
            self.refresh_view()

    def _engine(self, call: Callable[[], object], typed: str) -> bool:
        """An engine call; when refused, what was typed goes back into the field (if it is still empty)."""
        try:
            ok = engine_call(self, call)
        except ValueError as err:  # a text the model refuses (too long): say so, keep the text
            self.notify(str(err).splitlines()[0], severity="warning", markup=False)
            ok = False
        if not ok:
            field = self.query_one("#capture", Input)
            if not field.value:
                field.value = typed
        return ok

    # --- actions ---------------------------------------------------------------------------------------------

    def action_category(self, offset: int) -> None:
        if self.categories:
            self.category = (self.category + offset) % len(self.categories)
            self.refresh_view()

    def action_select(self, offset: int) -> None:
        notes = self.query_one("#bs-notes", OptionList)
        if notes.option_count == 0:
            return
        if offset > 0:
            notes.action_cursor_down()
        else:
            notes.action_cursor_up()
        index = notes.highlighted
        if index is not None:
            self.selected = notes.get_option_at_index(index).id

    def _selected_note(self) -> Contribution | None:
        note = next((n for n in self.notes() if n.id == self.selected), None)
        if note is None:
            self.notify(_("Select a note first with ↑ and ↓."), timeout=3)
        return note

    def action_edit(self) -> None:
        note = self._selected_note()
        if note is None:
            return
        self.editing = note.id
        field = self.query_one("#capture", Input)
        field.value = note.text
        field.cursor_position = len(note.text)
        field.focus()
        self._hint()

    def action_delete(self) -> None:
        note = self._selected_note()
        if note is None:
            return
        position, removed = capture.delete(self.ctx.session, note.id)
        self.undo_stack.append((lambda: capture.restore(self.ctx.session, position, removed), removed.id))
        if self.editing == note.id:
            self.editing = None
            self.query_one("#capture", Input).value = ""
        self.ctx.changed()
        self.refresh_view()
        self.notify(_("Note deleted: ctrl+z brings it back."), timeout=3)

    def action_moderate(self) -> None:
        """Hide the selected note from the room's wall and phones, or show it (approve it) again."""
        note = self._selected_note()
        if note is None:
            return
        if not engine_call(self, lambda: moderation.toggle(self.ctx.session, note.id)):
            return
        self.ctx.changed()
        self.refresh_view()
        self.notify(_("Hidden from the wall and the phones (kept in the record): ^y shows it again.")
                    if note.moderation == Moderation.hidden else _("Shown on the wall and the phones."), timeout=3)

    def action_undo(self) -> None:
        if not self.undo_stack:
            self.notify(_("Nothing to undo."), timeout=2)
            return
        undo, note_id = self.undo_stack.pop()
        undo()
        self.selected = note_id
        self.ctx.changed()
        self.refresh_view()

    def action_escape(self) -> None:
        if self.editing:
            self.editing = None
            self.query_one("#capture", Input).value = ""
            self._hint()
            return
        self.call_later(self.screen.run_action, "leave")

    def action_author(self) -> None:
        present = [(s, self.people().get(s, s)) for s in self.ctx.session.present()]
        if not present:
            self.notify(_("Nobody is marked present: ctrl+t takes attendance."), timeout=4)
            return

        def chosen(author: str | None) -> None:
            if author is not None:
                self.author = author or None
            self._hint()
            self.query_one("#capture", Input).focus()

        self.app.push_screen(AuthorDialog(present), chosen)


NOBODY = "nobody"


class AuthorDialog(ModalScreen[str | None]):
    """Pick who said it from the people present ("" for nobody; None when cancelled)."""

    CSS_PATH = "runner.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", N_("Cancel"), id="author.cancel"),
    ]

    def __init__(self, people: list[tuple[str, str]]) -> None:
        super().__init__()
        self.people = people

    def compose(self) -> ComposeResult:
        options = [Option(Text(_("(nobody)")), id=NOBODY)] + [Option(Text(name), id=sid) for sid, name in self.people]
        with Vertical(classes="dialog"):
            yield Static(_("Author of the next note"), classes="title")
            yield OptionList(*options, id="authors")

    def on_mount(self) -> None:
        self.query_one("#authors", OptionList).focus()

    @on(OptionList.OptionSelected, "#authors")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss("" if event.option.id == NOBODY else event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
