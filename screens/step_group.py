"""The group step: affinity groups of the notes of earlier steps, moving notes and merging duplicates
(the pieces the step views share are in `screens/step_parts.py`)."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from difflib import SequenceMatcher
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widget import Widget
from textual.widgets import DataTable, Input, Static

from facilitator.engine import grouping
from facilitator.engine.capture import EngineError, notes_of
from facilitator.i18n import N_, _, format_number, ngettext
from facilitator.model import Contribution, Group
from facilitator.screens.confirm import ConfirmScreen
from facilitator.screens.room import Card, Cell, Wall, WallKind
from facilitator.screens.step_base import StepView
from facilitator.screens.step_brainstorm import category_label
from facilitator.screens.step_parts import (
    PickScreen,
    PromptBar,
    fill_table,
    flexible_width,
    nothing_yet,
    row_key,
    short,
    unsaved,
)

UNGROUPED = "ungrouped"

WIDE = 100
"""From this view width on, notes show their category's full label; narrower, an abbreviation."""


def abbreviation(label_text: str) -> str:
    """A category label in at most five characters: a long word cut with a dot (Fortaleza → Fort.), several
    words by their initials (Condiciones de la demanda → CD), short words skipped when others remain."""
    words = label_text.split()
    if len(words) > 1:
        significant = [w for w in words if len(w) > 3]
        return "".join(w[0] for w in (significant if len(significant) > 1 else words))[:5].upper()
    word = words[0] if words else ""
    return word if len(word) <= 5 else word[:4] + "."


def _folded(text: str) -> str:
    """Text for searching: no accents, no case (``logistica`` finds «Logística»)."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold()


class GroupView(StepView):
    """Groups of this step with their notes (merged duplicates under the note kept), then ungrouped notes.

    Every note carries a number (its place in capture order, merged duplicates included, so it does not
    change as notes move) and its category. A digit puts the highlighted note into that group and moves on
    to the next ungrouped note, so the room's answers "3, 1, 4, 2…" group the wall one key per note; ``f``
    jumps to a note by number or by words of its text."""

    DEFAULT_CSS = """
    GroupView { height: 1fr; }
    GroupView > DataTable { height: 1fr; }
    GroupView > #group-detail { height: 1; padding: 0 1; text-style: bold; }
    GroupView > #group-help { height: auto; color: $text-muted; padding: 0 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new_group", N_("New group"), id="group.new",
                tooltip=N_("Create a group (no note moves: press the group's number on a note to put it in)")),
        Binding("e", "rename", N_("Rename"), id="group.rename", tooltip=N_("Rename the selected group")),
        Binding("g", "pick_group", N_("Move to…"), id="group.move", tooltip=N_("Move the selected note to a group")),
        Binding("0,u", "ungroup", N_("Take out"), id="group.out", tooltip=N_("Take the selected note out of its group")),
        Binding("m", "merge", N_("Merge into…"), id="group.merge",
                tooltip=N_("Merge the selected note into another (a duplicate; both stay as sources)")),
        Binding("x", "delete_group", N_("Delete group"), id="group.delete",
                tooltip=N_("Delete the selected group; its notes become ungrouped")),
        Binding("f,slash", "find", N_("Find"), id="group.find",
                tooltip=N_("Go to a note by its number or by words of its text")),
        *[Binding(str(i), f"move_to({i})", show=False, id=f"group.to{i}") for i in range(1, 10)],
    ]

    _layout: tuple[int, int] = (0, 0)
    """(category column width, text column width) the table's columns were made for."""

    def compose(self) -> ComposeResult:
        yield DataTable(cursor_type="row", id="group-table")
        yield Static(id="group-detail")
        yield Static(id="group-help")
        yield PromptBar(memory=unsaved(self).setdefault("prompt", {}))

    def on_mount(self) -> None:
        loose = self._loose()
        self.refresh_view(f"note:{loose[0]}" if loose else None)
        self.query_one(DataTable).focus()

    def initial_focus(self) -> Widget | None:
        bar = self.query_one(PromptBar)
        return bar.query_one(Input) if bar.is_open else self.query_one(DataTable)

    # -- model helpers

    def groups(self) -> list[Group]:
        return [g for g in self.ctx.session.groups if g.step == self.step.id]

    def notes(self) -> list[Contribution]:
        return notes_of(self.ctx.session, self.step.inputs())

    def numbers(self) -> dict[str, int]:
        """Each note's number on screen: its place in capture order, merged duplicates included."""
        every = notes_of(self.ctx.session, self.step.inputs(), include_merged=True)
        return {c.id: i for i, c in enumerate(every, start=1)}

    def _loose(self) -> list[str]:
        """The ids of the ungrouped notes, in capture order."""
        group_ids = {g.id for g in self.groups()}
        return [n.id for n in self.notes() if n.group not in group_ids]

    def _selected(self) -> tuple[str, str] | None:
        key = row_key(self.query_one(DataTable))
        if key is None:
            return None
        kind, _sep, ident = key.partition(":")
        return kind, ident

    def _note(self, note_id: str) -> Contribution | None:
        return next((c for c in self.ctx.session.contributions if c.id == note_id), None)

    def _selected_note(self) -> Contribution | None:
        selected = self._selected()
        if selected is None:
            return None
        kind, ident = selected
        if kind == "dup":
            self.notify(_("this note was merged into the one above it: select that one"), severity="warning", markup=False)
            return None
        if kind != "note":
            self.notify(_("select a note first"), severity="warning", markup=False)
            return None
        return self._note(ident)

    def _selected_group(self) -> Group | None:
        selected = self._selected()
        if selected is None:
            return None
        kind, ident = selected
        gid = ident if kind == "group" else None
        if kind in ("note", "dup"):
            note = self._note(ident)
            gid = note.group if note is not None else None
        return next((g for g in self.groups() if g.id == gid), None)

    def _apply(self, change: Callable[[], object], keep: str | None = None) -> bool:
        """Run one engine change; save; redraw. EngineError messages go to the user."""
        try:
            change()
        except EngineError as err:
            self.notify(str(err), severity="warning", markup=False)
            return False
        self.ctx.changed()
        self.refresh_view(keep)
        return True

    # -- drawing

    def _category_cells(self, notes: Sequence[Contribution], space: int) -> tuple[dict[str, str], int]:
        """The category shown for each category of ``notes``, and the column's width (0: no categories).
        Full labels when the view is wide; else abbreviations, or the labels cut with "…" if two would
        read the same."""
        labels = {c: category_label(c) for c in dict.fromkeys(n.category for n in notes if n.category)}
        if not labels:
            return {}, 0
        if space < WIDE:
            short_labels = {c: abbreviation(text) for c, text in labels.items()}
            if len(set(short_labels.values())) == len(short_labels):
                return short_labels, max(len(v) for v in short_labels.values())
            width = 8
        else:
            width = min(max(len(v) for v in labels.values()), 22)
        return {c: short(text, width) for c, text in labels.items()}, width

    def refresh_view(self, keep: str | None = None) -> None:
        table = self.query_one(DataTable)
        keep = keep or row_key(table)
        session = self.ctx.session
        notes = self.notes()
        numbers = self.numbers()
        categories, cat_width = self._category_cells(notes_of(session, self.step.inputs(), include_merged=True),
                                                     self.size.width)
        width = flexible_width(self.size.width, [3, cat_width] if cat_width else [3])
        if (cat_width, width) != self._layout:
            self._layout = (cat_width, width)
            table.clear(columns=True)
            table.add_column("#", width=3, key="n")
            if cat_width:
                heading = _("Category")  # abbreviated as its cells are (Cate.), never cut mid-word
                heading = heading if len(heading) <= cat_width else abbreviation(heading)
                table.add_column(heading if len(heading) <= cat_width else "", width=cat_width, key="category")
            table.add_column(_("Groups and notes"), width=width, key="text")
        ids = {n.id for n in notes}
        duplicates: dict[str, list[Contribution]] = {}
        for c in notes_of(session, self.step.inputs(), include_merged=True):
            if c.merged_into is not None and c.merged_into in ids:
                duplicates.setdefault(c.merged_into, []).append(c)
        rows: list[tuple[str, Sequence[object]]] = []

        def cells(number: Text, category: Text, text: Text) -> list[object]:
            return [number, category, text] if cat_width else [number, text]

        def note_rows(note: Contribution) -> None:
            dups = duplicates.get(note.id, [])
            label = Text("  ").append(short(note.text.replace("\n", " "), width - 16 if dups else width - 2))
            if dups:
                label.append(" " + _("(+{n} merged)").format(n=len(dups)), style="italic")
            number = Text(str(numbers.get(note.id, "")), justify="right")
            rows.append((f"note:{note.id}", cells(number, Text(categories.get(note.category or "", "")), label)))
            for dup in dups:
                rows.append((f"dup:{dup.id}", cells(
                    Text(str(numbers.get(dup.id, "")), style="dim", justify="right"),
                    Text(categories.get(dup.category or "", ""), style="dim"),
                    Text("     ≡ ", style="dim").append(short(dup.text.replace("\n", " "), width - 5),
                                                       style="dim italic"))))

        grouped: set[str] = set()
        for number, group in enumerate(self.groups(), start=1):
            members = [n for n in notes if n.group == group.id]
            grouped.update(n.id for n in members)
            head = Text(short(group.label, width - 8), style="bold").append(f"  ({len(members)})", style="bold")
            key = Text(f" {number} ", style="bold reverse") if number < 10 else Text("")
            rows.append((f"group:{group.id}", cells(key, Text(""), head)))
            for note in members:
                note_rows(note)
        loose = [n for n in notes if n.id not in grouped]
        rows.append((f"{UNGROUPED}:", cells(Text(""), Text(""),
                                           Text(_("Ungrouped") + f"  ({len(loose)})", style="bold italic"))))
        for note in loose:
            note_rows(note)
        fill_table(table, rows, keep)
        help_text = _("1-9 into group · f find a note · n new group · e rename · m merge · 0 take out")
        self.query_one("#group-help", Static).update(Text(help_text if notes else nothing_yet(self)))
        self._show_detail()

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        """The highlighted note on one line with its full category (the table abbreviates it) and as much
        of its text as fits, cut with "…"."""
        detail = Text()
        selected = self._selected()
        note = self._note(selected[1]) if selected and selected[0] in ("note", "dup") else None
        if note is not None:
            number = self.numbers().get(note.id)
            detail.append(f"{number} · ")
            if note.category:
                detail.append(category_label(note.category) + " · ", style="italic")
            detail.append(note.text.replace("\n", " "))
        elif selected and selected[0] == "group":
            group = next((g for g in self.groups() if g.id == selected[1]), None)
            if group is not None:
                detail.append(group.label)
        room = max(self.size.width - 2, 8)
        if len(detail) > room:
            detail = detail[: room - 1].append("…")
        self.query_one("#group-detail", Static).update(detail)

    def on_resize(self) -> None:
        self.refresh_view()

    def room_lines(self) -> list[str]:
        notes = self.notes()
        out = [f"{g.label} ({sum(1 for n in notes if n.group == g.id)})" for g in self.groups()]
        group_ids = {g.id for g in self.groups()}
        loose = sum(1 for n in notes if n.group not in group_ids)
        if loose:
            out.append(_("Ungrouped") + f" ({loose})")
        return out

    def wall(self) -> Wall:
        """The groups as columns (number, name and count over their notes), the ungrouped notes last."""
        notes, lang = self.notes(), self.ctx.lang
        cells: list[Cell] = []
        grouped: set[str] = set()
        for number, group in enumerate(self.groups(), start=1):
            members = [n for n in notes if n.group == group.id]
            grouped.update(n.id for n in members)
            title = f"{number} {group.label}" if number < 10 else group.label  # the key that moves a note there
            cells.append(Cell(title, tuple(Card(n.text) for n in members), format_number(len(members), lang)))
        loose = [n for n in notes if n.id not in grouped]
        if loose or not cells:
            cells.append(Cell(_("Ungrouped"), tuple(Card(n.text) for n in loose), format_number(len(loose), lang)))
        return Wall(WallKind.columns, tuple(cells), lang)

    # -- actions

    def action_new_group(self) -> None:
        # No note moves into the new group: creating the groups the room names first, then placing the
        # notes with their digits, must never carry the highlighted note along unseen.
        def create(label: str) -> bool:
            if not self._apply(lambda: grouping.add_group(self.ctx.session, self.step.id, label)):
                return False
            number = len(self.groups())
            message = (_("Group {n} “{label}” created: press {n} on a note to put it in.") if number < 10
                       else _("Group {n} “{label}” created: press g on a note to put it in."))
            # short: a room names its groups one after another, and the toasts must not pile up on the notes
            self.notify(message.format(n=number, label=label.strip()), markup=False, timeout=2.5)
            return True

        self.query_one(PromptBar).ask(_("New group name:"), create)

    def action_rename(self) -> None:
        group = self._selected_group()
        if group is None:
            self.notify(_("select a group (or a note in it) first"), severity="warning", markup=False)
            return
        gid = group.id
        self.query_one(PromptBar).ask(_("Rename group:"),
                                      lambda label: self._apply(
                                          lambda: grouping.rename_group(self.ctx.session, gid, label)),
                                      value=group.label, key=f"rename:{gid}")

    def action_move_to(self, number: int) -> None:
        note = self._selected_note()
        if note is None:
            return
        groups = self.groups()
        if not 1 <= number <= len(groups):
            self.notify(_("there is no group {n}: press n to create one").format(n=number), severity="warning", markup=False)
            return
        self._move(note.id, groups[number - 1].id)

    def _move(self, note_id: str, group_id: str | None) -> None:
        keep = self._next_loose(note_id) if group_id is not None else None
        self._apply(lambda: grouping.move(self.ctx.session, note_id, group_id), keep=keep or self._next_after(note_id))

    def _next_loose(self, note_id: str) -> str | None:
        """The next ungrouped note after ``note_id`` in capture order (wrapping round), the one to place
        next; None when no other note is ungrouped."""
        loose = [n for n in self._loose() if n != note_id]
        if not loose:
            return None
        order = self.numbers()
        mine = order.get(note_id, 0)
        after = [n for n in loose if order.get(n, 0) > mine]
        return f"note:{(after or loose)[0]}"

    def _next_after(self, note_id: str) -> str:
        """The row to select once ``note_id`` leaves its list: the next note of the same list (else the one
        before), so the facilitator can sweep a list pressing only keys."""
        keys = [str(k.value) for k in self.query_one(DataTable).rows]
        me = f"note:{note_id}"
        if me not in keys:
            return me
        start = end = keys.index(me)
        while start > 0 and keys[start - 1].startswith(("note:", "dup:")):
            start -= 1
        while end + 1 < len(keys) and keys[end + 1].startswith(("note:", "dup:")):
            end += 1
        section = [k for k in keys[start:end + 1] if k.startswith("note:")]
        at = section.index(me)
        others = section[at + 1:] + section[:at][::-1]
        return others[0] if others else me

    def find(self, typed: str) -> str | None:
        """The row of the first note (from the top of the list) that ``typed`` names: a number is the
        note's number; words must all appear in its text (any case, accents or not)."""
        typed = typed.strip()
        if not typed:
            return None
        numbers = self.numbers()
        notes = {c.id: c for c in notes_of(self.ctx.session, self.step.inputs(), include_merged=True)}
        words = _folded(typed).split()
        for key in (str(k.value) for k in self.query_one(DataTable).rows):
            kind, _sep, ident = key.partition(":")
            note = notes.get(ident) if kind in ("note", "dup") else None
            if note is None:
                continue
            if typed.isdigit():
                if numbers.get(ident) == int(typed):
                    return key
            elif all(word in _folded(note.text) for word in words):
                return key
        return None

    def action_find(self) -> None:
        table = self.query_one(DataTable)

        def jump(typed: str) -> None:
            key = self.find(typed)
            if key is not None:
                table.move_cursor(row=table.get_row_index(key), animate=False, scroll=True)

        def done(typed: str) -> bool:
            if not typed.strip():
                return True
            if self.find(typed) is None:
                self.notify(_("no note matches “{text}”").format(text=typed.strip()), severity="warning",
                            markup=False)
                return False
            jump(typed)
            return True

        self.query_one(PromptBar).ask(_("Go to note (number or words):"), done, on_change=jump, remember=False)

    def action_ungroup(self) -> None:
        note = self._selected_note()
        if note is not None:
            self._move(note.id, None)

    def action_pick_group(self) -> None:
        note = self._selected_note()
        if note is None:
            return
        groups = self.groups()
        if not groups:
            self.notify(_("no group yet: press n to create one"), severity="warning", markup=False)
            return
        options = [(g.id, Text(f"{i}. ").append(g.label)) for i, g in enumerate(groups, start=1)]
        note_id = note.id

        def picked(group_id: str | None) -> None:
            if group_id:
                self._move(note_id, group_id)

        title = _("Move “{note}” to which group?").format(note=short(note.text.replace("\n", " "), 40))
        self.app.push_screen(PickScreen(title, options), picked)

    def action_merge(self) -> None:
        note = self._selected_note()
        if note is None:
            return
        others = [n for n in self.notes() if n.id != note.id]
        if not others:
            self.notify(_("there is no other note to merge into"), severity="warning", markup=False)
            return
        # the most similar wording first: that is usually the duplicate's twin
        wording = note.text.casefold()
        others.sort(key=lambda n: -SequenceMatcher(None, wording, n.text.casefold()).ratio())
        numbers = self.numbers()
        options = [(n.id, Text(f"{numbers.get(n.id, '')}. ").append(short(n.text.replace("\n", " "), 60)))
                   for n in others]
        duplicate = note.id

        def picked(keep_id: str | None) -> None:
            if keep_id:
                self._apply(lambda: grouping.merge(self.ctx.session, keep_id, duplicate), keep=f"note:{keep_id}")

        title = _("Merge “{note}” (note {n}) into which note?").format(
            note=short(note.text.replace("\n", " "), 40), n=numbers.get(note.id, ""))
        self.app.push_screen(PickScreen(title, options), picked)

    def action_delete_group(self) -> None:
        group = self._selected_group()
        if group is None:
            self.notify(_("select a group (or a note in it) first"), severity="warning", markup=False)
            return
        gid, count = group.id, len(grouping.members(self.ctx.session, group.id))

        def answered(yes: bool | None) -> None:
            if yes and self._apply(lambda: grouping.delete_group(self.ctx.session, gid)):
                self.notify(_("group deleted; its notes are ungrouped"), markup=False)

        # a deleted group cannot be brought back (its notes would have to be regrouped by hand): ask first
        question = ngettext("Delete the group “{label}”? Its note stays, ungrouped.",
                            "Delete the group “{label}”? Its {n} notes stay, ungrouped.", count)
        self.app.push_screen(ConfirmScreen(question.format(label=group.label, n=count)), answered)
