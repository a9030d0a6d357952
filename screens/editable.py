"""Editing in the section views: Enter edits the record under the cursor, + adds one, Delete deletes it
(Ctrl+Z brings it back), Alt+↑/Alt+↓ (or [ and ]) move it within its list.

`EditableTable` is a `TableScreen` whose rows carry their record (`Row.data`); `EditsMixin` holds the
writes, their messages and the refused-write dialogs, and is shared with the page views (governance).
Every write goes through the store (`editing.write`), so plan.toml keeps its comments and unknown keys.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from pydantic import BaseModel
from textual import on
from textual.binding import BindingType
from textual.screen import Screen
from textual.widgets import DataTable

from facilitator.editing import (
    KINDS,
    SINGLES,
    FieldSpec,
    RecordKind,
    find,
    new_values,
    record_key,
    undo,
    write,
)
from facilitator.i18n import N_, _
from facilitator.screens.base import TableScreen
from facilitator.screens.commands import EDIT_COMMANDS, bindings
from facilitator.screens.record_form import RecordForm
from facilitator.screens.saving import write_through_store
from facilitator.screens.state import PlanState
from facilitator.screens.widgets import RecordTable, Row


class EditsMixin:
    """Writes through the store with the app's messages; needs ``self.state`` and a Textual screen."""

    state: PlanState

    def _screen(self) -> Screen[Any]:
        assert isinstance(self, Screen)
        return self

    def writable(self) -> bool:
        if self.state.read_only:
            self._screen().notify(self.state.held_notice(_("This plan is read-only here (held by {who}); close it there to edit.")),
                severity="warning", markup=False)
            return False
        return True

    def attempt(self, change: Callable[[], Any]) -> bool:
        """Run ``change`` (a write through the store); say why when it is refused. True if written."""
        return write_through_store(self._screen(), change, keeps_typing=False)

    def action_undo(self) -> None:
        """Put back what the last edit, delete or move of this run of the app changed."""
        if not self.writable():
            return
        done: list[Any] = []
        if not self.attempt(lambda: done.append(undo(self.state))):
            return
        entry = done[0] if done else None
        if entry is None:
            self._screen().notify(_("Nothing to undo."), timeout=3)
            return
        self._screen().notify(entry.message, timeout=4, markup=False)
        if entry.select:
            self.select(entry.select)

    def select(self, key: str) -> None:
        """Put the cursor on the record ``key`` (views with a table)."""

    def edit_single(self, attr: str, specs: tuple[FieldSpec, ...] | None = None) -> None:
        """Open the form of a part of the plan edited as a whole (``strategy`` statements, ``governance``);
        ``specs`` replaces its fields (a screen that knows the sessions gives their choices)."""
        if not self.writable():
            return
        label, model, default_specs = SINGLES[attr]
        specs = specs or default_specs
        values = getattr(self.state.plan, attr).model_dump()
        state = self.state

        def save(record: BaseModel) -> None:
            # Only the form's fields: the rest (strategic lines, sources) is taken as it is now.
            merged = getattr(state.plan, attr).model_copy(deep=True)
            for spec in specs:
                setattr(merged, spec.name, getattr(record, spec.name))
            write(state, lambda p: p, attr, merged, _("The edit of {what} was undone.").format(what=_(label)))

        self._screen().app.push_screen(RecordForm(
            state, _("Edit {what}").format(what=_(label)), model, specs, values, save, key=lambda _r: attr,
            current=lambda: getattr(state.plan, attr).model_dump()))


class EditableTable(EditsMixin, TableScreen):
    """A section table whose records can be added, edited, deleted and moved."""

    DETAIL_MORE = N_("Enter opens the whole record")

    BINDINGS: ClassVar[list[BindingType]] = bindings(EDIT_COMMANDS)
    KIND: ClassVar[str] = ""
    """The kind of record a new row is (``finding``), when the view shows one kind."""

    # --- what a row is ---------------------------------------------------------------------------------------

    def target(self, row: Row | None) -> tuple[RecordKind, int] | None:
        """The kind of the row's record and its position in its list, or None for a heading."""
        if row is None or row.data is None:
            return None
        kind = next((k for k in KINDS.values() if type(row.data) is k.model), None)
        if kind is None:
            return None
        if kind.keyed:
            index = find(self.state.plan, kind, row.data.id)  # type: ignore[attr-defined]
        else:
            index = next((i for i, r in enumerate(kind.records(self.state.plan)) if r is row.data), None)
        return None if index is None else (kind, index)

    def new_record(self, row: Row | None) -> tuple[RecordKind, dict[str, Any], int] | None:
        """(kind, preset values, position in its list) of a record added at the cursor."""
        found = self.target(row)
        if found is not None:
            kind, index = found
            return kind, {}, index + 1
        kind = KINDS[self.KIND]
        return kind, {}, len(kind.records(self.state.plan))

    def same_group(self, kind: RecordKind, a: Any, b: Any) -> bool:
        """Whether ``b`` is a neighbour ``a`` can swap places with (an indicator of the same objective)."""
        return True

    def current(self) -> Row | None:
        return self.query_one(RecordTable).current()

    def select(self, key: str) -> None:
        self.start_at = key
        self.refresh_view()

    # --- the actions ---------------------------------------------------------------------------------------------

    @on(DataTable.RowSelected)
    def _row_chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit_record()

    def action_edit_record(self) -> None:
        found = self.target(self.current())
        if found is None:
            self.notify(_("Put the cursor on a record to edit it, or press + to add one."), timeout=4)
            return
        if self.writable():
            self.open_form(*found)

    def action_add_record(self) -> None:
        if not self.writable():
            return
        added = self.new_record(self.current())
        if added is not None:
            kind, preset, position = added
            self.open_form(kind, None, preset, position)

    def open_form(self, kind: RecordKind, index: int | None, preset: dict[str, Any] | None = None,
                  position: int = 0) -> None:
        """Edit the record at ``index`` of ``kind``'s list, or (``index`` None) a new one put at ``position``."""
        plan = self.state.plan
        state = self.state
        if index is None:
            values = new_values(plan, kind, **(preset or {}))
            title = _("New {kind}").format(kind=_(kind.label))
            ident = values.get("id")
        else:
            record = kind.records(plan)[index]
            values = record.model_dump()
            title = _("Edit {kind} {name}").format(kind=_(kind.label), name=kind.name_of(record)[:60])
            ident = getattr(record, "id", None)
        specs = kind.fields
        last = index

        def save(record: BaseModel) -> None:
            records = kind.records(state.plan)
            at = find(state.plan, kind, ident) if ident else last
            name = kind.name_of(record)
            if index is None:
                records.insert(min(position, len(records)), record)
                message = _("The new {kind} {name} was removed again.").format(kind=_(kind.label), name=name)
            elif at is None or at >= len(records):
                records.append(record)  # deleted meanwhile (a reload): nothing typed is lost
                message = _("{kind} {name} removed again.").format(kind=_(kind.label), name=name)
            else:
                merged = records[at].model_copy(deep=True)  # keys the form does not show are kept as they are now
                for spec in specs:
                    setattr(merged, spec.name, getattr(record, spec.name))
                records[at] = merged
                message = _("The edit of {kind} {name} was undone.").format(kind=_(kind.label), name=name)
            write(state, kind.owner, kind.attr, records, message, record_key(record, at or 0))

        def current() -> dict[str, Any] | None:
            if index is None:
                return None
            records = kind.records(state.plan)
            at = find(state.plan, kind, ident) if ident else last
            return records[at].model_dump() if at is not None and at < len(records) else None

        self.app.push_screen(RecordForm(state, title, kind.model, specs, values, save, new=index is None,
                                        key=lambda r: record_key(r, 0), current=current), self._form_closed)

    def _form_closed(self, key: str | None) -> None:
        if key:
            self.select(key)

    def action_delete_record(self) -> None:
        found = self.target(self.current())
        if found is None:
            self.notify(_("Put the cursor on a record to delete it."), timeout=4)
            return
        if not self.writable():
            return
        kind, index = found
        records = kind.records(self.state.plan)
        removed = records.pop(index)
        name = kind.name_of(removed)
        if self.attempt(lambda: write(self.state, kind.owner, kind.attr, records, _(
                "{kind} {name} restored.").format(kind=_(kind.label), name=name), record_key(removed, index))):
            self.notify(_("{kind} {name} deleted — ctrl+z to undo").format(kind=_(kind.label), name=name[:60]),
                        timeout=6, markup=False)

    def action_move_record(self, delta: int) -> None:
        found = self.target(self.current())
        if found is None or not self.writable():
            return
        kind, index = found
        records = kind.records(self.state.plan)
        j = index + delta
        while 0 <= j < len(records) and not self.same_group(kind, records[index], records[j]):
            j += delta
        if not 0 <= j < len(records):
            self.notify(_("Already first.") if delta < 0 else _("Already last."), timeout=2)
            return
        moved = records[index]
        records[index], records[j] = records[j], records[index]
        key = record_key(moved, j)
        if self.attempt(lambda: write(self.state, kind.owner, kind.attr, records, _(
                "{kind} {name} moved back.").format(kind=_(kind.label), name=kind.name_of(moved)), key)):
            self.select(key)
