"""The table step: structured rows (benchmarks, indicator sheets, project cards) with validation in place.

Each row is a note of this step whose `fields` hold the step's columns. A row is added or edited in a
form with one field per column; years, dates and amounts are checked as they are typed, and a row with
a problem is not written: the problem shows at its field and the text stays as typed. Numbers are kept
as numbers when they read as one. A deleted row can be brought back with `u`.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from pydantic import ValidationError
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widget import Widget
from textual.widgets import DataTable, Input, Label, Static

from facilitator.dates import DateError, parse_date
from facilitator.engine import capture
from facilitator.engine.capture import EngineError
from facilitator.i18n import N_, _, ngettext
from facilitator.model import Contribution
from facilitator.numbers import NumberError, parse_number
from facilitator.screens.step_base import StepView
from facilitator.screens.step_group import fill_table, row_key, unsaved

NUMBER_COLUMNS = {"value", "baseline", "target", "program", "public", "private", "reference_value"}
"""Columns that must hold a number (amounts and measurements)."""
DATE_COLUMNS = {"date", "start", "end", "due"}
CODE_COLUMNS = {"code", "objective", "objectives", "line", "findings", "indicator", "action"}
"""Columns that refer to other records by code: kept as typed even when they look like a number ("3")."""
YEAR = re.compile(r"^\d{4}$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
CELL_WIDTH = 24

FieldValue = str | float | int


def column_kind(column: str) -> str:
    """year, date, number, code or text: what a column's values are checked against."""
    if column == "year" or column.endswith("_year"):
        return "year"
    if column in DATE_COLUMNS or column.endswith("_date"):
        return "date"
    if column in NUMBER_COLUMNS:
        return "number"
    if column in CODE_COLUMNS:
        return "code"
    return "text"


def parse_field(column: str, raw: str, lang: str) -> tuple[FieldValue | None, str | None, str]:
    """(value, problem, note) for what was typed in ``column``; (None, None, "") when it is empty.

    Numbers are read by the plan's language (`facilitator.numbers`); the note says what an ambiguous one
    (``1,500``) was read as. A text column keeps a number as a number only when it reads plainly.
    """
    text = raw.strip()
    if not text:
        return None, None, ""
    kind = column_kind(column)
    if kind == "year":
        if not YEAR.match(text):
            return None, _("a year has 4 digits, like 2030"), ""
        return int(text), None, ""
    if kind == "date":
        try:
            parse_date(text)
        except DateError as err:
            return None, str(err), ""
        return text, None, ""
    if kind == "code":
        return text, None, ""
    try:
        parsed = parse_number(text, lang)
    except NumberError as err:
        return (None, str(err), "") if kind == "number" else (text, None, "")
    if kind != "number" and parsed.note:
        return text, None, ""
    number = parsed.value
    return (int(number) if number.is_integer() and abs(number) < 2**53 else number), None, parsed.note


def show(value: object) -> str:
    """A field value as typed back: whole numbers without a trailing .0."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def heading(column: str) -> str:
    return column.replace("_", " ").replace("-", " ")


class TableView(StepView):
    """The rows of this step in a table; a form to add or edit one."""

    DEFAULT_CSS = """
    TableView { height: 1fr; }
    TableView > DataTable { height: 1fr; }
    TableView.-editing > DataTable { display: none; }
    TableView > #table-status { height: auto; padding: 0 1; background: $boost; }
    TableView > #row-form { display: none; height: 1fr; padding: 0 1; }
    TableView.-editing > #row-form { display: block; }
    TableView #form-title { text-style: bold; }
    TableView .field { height: 1; }
    TableView .field > Label { width: 18; }
    TableView .field > Input { width: 1fr; }
    TableView .field-error { display: none; color: $text-error; padding-left: 18; }
    TableView .field-error.-shown { display: block; }
    TableView .field-error.-note { color: $text-warning; }
    TableView .hint { color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add", N_("Add row"), id="table.add", tooltip=N_("Add a row")),
        Binding("e", "edit", N_("Edit"), id="table.edit", tooltip=N_("Edit the selected row")),
        Binding("x,delete", "delete", N_("Delete"), id="table.delete", tooltip=N_("Delete the selected row (u undoes)")),
        Binding("u", "undo", N_("Undo"), id="table.undo", tooltip=N_("Bring back the last deleted row")),
        Binding("ctrl+s", "keep_row", N_("Keep row"), id="table.keep", tooltip=N_("Check and keep the row")),
        Binding("escape", "close", N_("Close"), show=False, id="table.close",
                tooltip=N_("Close the form (what was typed is kept)")),
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.columns: list[str] = list(self.step.columns) or ["text"]
        self._target: str | None = None
        """The row being edited ("" for a new row, None when the form is closed)."""
        self._memory = unsaved(self)
        self._unsaved: dict[str, dict[str, str]] = self._memory.setdefault("rows", {})
        """What was typed in the form and not kept yet, by row id ("" for a new row); kept when the runner
        moves to another step, with the row that was open (``_memory["open"]``)."""
        self._deleted: list[tuple[int, Contribution]] = []

    def compose(self) -> ComposeResult:
        table: DataTable[Any] = DataTable(cursor_type="row", id="table-rows")
        for column in self.columns:
            table.add_column(heading(column), key=column)
        yield table
        yield Static(id="table-status")
        with VerticalScroll(id="row-form"):
            yield Label(id="form-title")
            for i, column in enumerate(self.columns):
                with Horizontal(classes="field"):
                    yield Label(Text(heading(column) + (" *" if i == 0 else "")))
                    yield Input(compact=True, id=f"f-{column}", placeholder=self._placeholder(column),
                                select_on_focus=False)
                yield Static(id=f"e-{column}", classes="field-error")
            yield Static(Text(_("Enter next field · Ctrl+S keep the row · Esc close (the text is kept)")),
                         classes="hint")

    def _placeholder(self, column: str) -> str:
        return {"year": _("year: YYYY"), "date": _("date: YYYY-MM-DD"),
                "number": _("a number")}.get(column_kind(column), "")

    def on_mount(self) -> None:
        self.refresh_view()
        self.query_one(DataTable).focus()
        target = self._memory.get("open")
        row = next((r for r in self.rows() if r.id == target), None)
        if target == "":
            self.action_add()
        elif row is not None:
            self._open_form(row.id, _("Edit row"), {c: self._value(row, c) for c in self.columns})

    def initial_focus(self) -> Widget | None:
        if self.has_class("-editing"):
            return self.query_one(f"#f-{self.columns[0]}", Input)
        return self.query_one(DataTable)

    # -- model

    def rows(self) -> list[Contribution]:
        return [c for c in self.ctx.session.contributions if c.step == self.step.id and c.merged_into is None]

    def _value(self, row: Contribution, column: str) -> str:
        value = row.fields.get(column)
        if value is None and column == self.columns[0]:
            return row.text
        return show(value)

    # -- drawing

    def refresh_view(self, keep: str | None = None) -> None:
        table = self.query_one(DataTable)
        keep = keep or row_key(table)
        out = []
        for row in self.rows():
            cells = []
            for column in self.columns:
                value = self._value(row, column).replace("\n", " ")
                cut = value if len(value) <= CELL_WIDTH else value[: CELL_WIDTH - 1] + "…"
                cells.append(Text(cut, justify="right" if isinstance(row.fields.get(column), float | int) else "left"))
            out.append((row.id, cells))
        fill_table(table, out, keep)
        self._status()

    def _status(self, extra: str = "") -> None:
        count = len(self.rows())
        line = Text(ngettext("{n} row", "{n} rows", count).format(n=count))
        line.append(" · " + _("a add · e/Enter edit · x delete"), style="dim")
        if self._deleted:
            line.append(" · " + _("u brings back the deleted row"), style="bold")
        if extra:
            line.append("\n" + extra, style="bold")
        self.query_one("#table-status", Static).update(line)

    def room_lines(self) -> list[str]:
        return [" · ".join(v for c in self.columns[:3] if (v := self._value(row, c))) for row in self.rows()]

    # -- the form

    def _inputs(self) -> dict[str, Input]:
        return {column: self.query_one(f"#f-{column}", Input) for column in self.columns}

    def _open_form(self, target: str, title: str, values: dict[str, str]) -> None:
        self._target = self._memory["open"] = target
        self.query_one("#form-title", Label).update(Text(title))
        typed = self._unsaved.get(target, values)
        for column, field in self._inputs().items():
            field.value = typed.get(column, "")
            self._check(column)
        self.add_class("-editing")
        first = self._inputs()[self.columns[0]]
        first.focus()
        first.cursor_position = len(first.value)

    def action_add(self) -> None:
        self._open_form("", _("New row"), {})

    def action_edit(self) -> None:
        row_id = row_key(self.query_one(DataTable))
        row = next((r for r in self.rows() if r.id == row_id), None)
        if row is None:
            self.notify(_("no row to edit: press a to add one"), severity="warning", markup=False)
            return
        self._open_form(row.id, _("Edit row"), {c: self._value(row, c) for c in self.columns})

    @on(DataTable.RowSelected)
    def _enter(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    def _check(self, column: str) -> bool:
        """Show the problem of one field under it; True when the field is fine."""
        _value, problem, note = parse_field(column, self.query_one(f"#f-{column}", Input).value, self.ctx.lang)
        self._show_problem(column, problem, note)
        return problem is None

    def _show_problem(self, column: str, problem: str | None, note: str = "") -> None:
        """The field's problem under it, or else what its number was read as."""
        box = self.query_one(f"#e-{column}", Static)
        box.update(Text("⚠ " + problem) if problem else Text(note))
        box.set_class(problem is not None or bool(note), "-shown")
        box.set_class(problem is None and bool(note), "-note")

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        if event.input.id and event.input.id.startswith("f-"):
            self._check(event.input.id[2:])
            if self._target is not None:
                self._unsaved[self._target] = {c: f.value for c, f in self._inputs().items()}

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        event.stop()
        fields = list(self._inputs().values())
        if event.input in fields and event.input is not fields[-1]:
            fields[fields.index(event.input) + 1].focus()
        else:
            self.action_keep_row()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("keep_row", "close"):
            return self.has_class("-editing")
        if action in ("add", "edit", "delete", "undo"):
            return not self.has_class("-editing")
        return True

    def action_close(self) -> None:
        if self._target is not None:
            self._unsaved[self._target] = {c: f.value for c, f in self._inputs().items()}
        self._target = self._memory["open"] = None
        self.remove_class("-editing")
        self.query_one(DataTable).focus()

    def action_keep_row(self) -> None:
        target = self._target
        if target is None:
            return
        inputs = self._inputs()
        values: dict[str, FieldValue] = {}
        problems: dict[str, str] = {}
        notes: dict[str, str] = {}
        for column, field in inputs.items():
            value, problem, notes[column] = parse_field(column, field.value, self.ctx.lang)
            if problem is not None:
                problems[column] = problem
            elif value is not None:
                values[column] = value
        first = self.columns[0]
        if first not in values and first not in problems:
            problems[first] = _("{column} is needed").format(column=heading(first))
        for column in self.columns:
            self._show_problem(column, problems.get(column), notes.get(column, ""))
        if problems:
            inputs[next(c for c in self.columns if c in problems)].focus()
            self.notify(_("fix the marked fields; nothing was written yet"), severity="warning", markup=False)
            return
        text = show(values[first])
        session = self.ctx.session
        try:
            if target == "":
                note = capture.add(session, self.step.id, text=text)
                try:
                    note.fields = values  # type: ignore[assignment]
                except ValidationError:
                    capture.delete(session, note.id)
                    raise
            else:
                note = capture.edit(session, target, text=text)
                note.fields = values  # type: ignore[assignment]
        except EngineError as err:
            self.notify(str(err), severity="warning", markup=False)
            return
        except ValidationError as err:
            self.notify(_("the row was not kept: {problem}").format(problem=err.errors()[0]["msg"]), severity="warning", markup=False)
            return
        # the row is in the session now; if the write is refused the runner says why and keeps retrying
        # with the next change, so the form closes either way (keeping it open would add the row twice)
        self.ctx.changed()
        self._unsaved.pop(target, None)
        self._target = self._memory["open"] = None
        for field in inputs.values():
            field.value = ""
        self.remove_class("-editing")
        self.refresh_view(note.id)
        self.query_one(DataTable).focus()

    # -- delete and undo

    def action_delete(self) -> None:
        row_id = row_key(self.query_one(DataTable))
        if row_id is None:
            return
        try:
            self._deleted.append(capture.delete(self.ctx.session, row_id))
        except EngineError as err:
            self.notify(str(err), severity="warning", markup=False)
            return
        self.ctx.changed()
        self.refresh_view()
        self._status(_("Row deleted: u brings it back."))

    def action_undo(self) -> None:
        if not self._deleted:
            self.notify(_("nothing to bring back"), severity="warning", markup=False)
            return
        position, note = self._deleted.pop()
        capture.restore(self.ctx.session, position, note)
        self.ctx.changed()
        self.refresh_view(note.id)
