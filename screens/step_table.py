"""The table step: structured rows (benchmarks, indicator sheets, project cards) with validation in place.

Each row is a note of this step whose `fields` hold the step's columns. A row is added or edited in a
form with one field per column; every cell is checked as it is typed by the rules of the step that will
adopt the row (`facilitator.engine.table`), the problem shows at its field and a row with a problem is
not written (the text stays as typed). Enumerated fields (an indicator's level, direction, frequency; an
action's kind, priority) show their allowed values beside them in the plan's language, cycle with ↑/↓,
open as a list with F4 and store the plan's own value; codes of other records (an indicator's
objective) are picked from the plan, code and title. Ctrl+U clears a cell. A deleted row can be brought
back with `u`.
"""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import ValidationError
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import DataTable, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from facilitator import kits
from facilitator.engine import capture
from facilitator.engine import table as rules
from facilitator.engine.capture import EngineError
from facilitator.engine.consolidate import codes_in
from facilitator.engine.table import CHOICE, REFERENCE, Column, FieldValue, heading, show
from facilitator.i18n import N_, _, ngettext
from facilitator.model import Contribution, Kit, Plan
from facilitator.screens.overview import SECTIONS
from facilitator.screens.step_base import StepView
from facilitator.screens.step_parts import fill_table, row_key, unsaved
from facilitator.screens.widgets import FilteredOptionList

CELL_WIDTH = 24

SECTION_OF = {"objectives": "objectives", "lines": "strategy", "findings": "findings", "indicators": "indicators",
              "actions": "actions", "stakeholders": "stakeholders", "benchmarks": "benchmarks"}
"""Where on the dashboard each kind of record is added (a section id of `overview.SECTIONS`)."""


def where_to_add(records: str) -> str:
    """``Objectives (key o on the dashboard)``: where the plan's ``records`` are added by hand."""
    section = SECTION_OF.get(records, "")
    found = next(((key, label) for sid, key, label in SECTIONS if sid == section), None)
    if found is None:
        return ""
    return _("{section} (key {key} on the dashboard)").format(section=_(found[1]), key=found[0])


PREREQUISITE_WORDS = {"stakeholders": N_("stakeholders"), "findings": N_("findings"), "benchmarks": N_("benchmarks"),
                      "lines": N_("strategic lines"), "objectives": N_("objectives"), "indicators": N_("indicators"),
                      "actions": N_("actions")}


def missing_prerequisites(kit: Kit, plan: Plan) -> str:
    """What a workshop builds on and the plan lacks, and where to add it ('' when nothing is missing).
    Said when the session starts; the facilitator may go on (rows naming them wait for the adopt step)."""
    lines = []
    for need in kits.missing(kit, plan):
        lines.append(_("This workshop builds on the plan's {what}, and the plan has none yet: add them in "
                       "{where}, or run that workshop first. You can go on meanwhile.").format(
            what=_(PREREQUISITE_WORDS[need]), where=where_to_add(need)))
    return "\n".join(lines)


class PickList(ModalScreen[str | None]):
    """The allowed values of one cell: Enter picks (the value goes into the cell), Esc changes nothing."""

    DEFAULT_CSS = """
    PickList { align: center middle; }
    PickList > Vertical { width: 72; max-width: 100%; height: auto; max-height: 100%; border: round $accent;
                          background: $panel; padding: 0 1; }
    PickList OptionList { height: auto; max-height: 20; }
    PickList .hint { color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", N_("Cancel"), id="pick.cancel", tooltip=N_("Close the list; the cell is unchanged")),
    ]

    def __init__(self, title: str, choices: list[tuple[str, str]], current: str | None) -> None:
        super().__init__()
        self.title_text = title
        self.choices = choices
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.title_text, style="bold"))
            note = Static(id="filter")
            yield note
            yield FilteredOptionList(*[Option(Text(label), id=value) for label, value in self.choices], note=note)
            yield Static(Text(_("↑↓ move · Enter pick · Esc back (nothing changes)")), classes="hint")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        index = next((i for i, (_label, value) in enumerate(self.choices) if value == self.current), 0)
        options.highlighted = index
        options.focus()

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class CellInput(Input):
    """One cell of the row form: Ctrl+U clears it; a cell with allowed values cycles them with ↑/↓ and
    lists them with F4."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+u", "clear_cell", N_("Clear cell"), id="table.clear", tooltip=N_("Empty this cell")),
        Binding("f4", "pick", N_("List"), id="table.pick", tooltip=N_("Pick the value from a list")),
        Binding("down", "cycle(1)", N_("Next value"), show=False, id="table.next-value"),
        Binding("up", "cycle(-1)", N_("Previous value"), show=False, id="table.previous-value"),
    ]

    def __init__(self, column: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.column = column

    def _view(self) -> TableView | None:
        return next((a for a in self.ancestors if isinstance(a, TableView)), None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        view = self._view()
        if action == "pick":
            return view is not None and bool(view.column(self.column).choices)
        if action == "cycle":
            return view is not None and view.cycles(self.column)
        return super().check_action(action, parameters)

    def action_clear_cell(self) -> None:
        self.value = ""

    def action_pick(self) -> None:
        view = self._view()
        if view is not None:
            view.pick(self)

    def action_cycle(self, step: int) -> None:
        view = self._view()
        if view is not None:
            view.cycle(self, step)


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
    TableView .field { height: auto; }
    TableView .field > Label { width: 18; padding-right: 1; }
    TableView .field > Input { width: 1fr; }
    TableView .field-hint { display: none; color: $text-muted; padding-left: 18; }
    TableView .field-hint.-shown { display: block; }
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
        self._rules: dict[str, Column] = {}
        self._read_rules()
        self._target: str | None = None
        """The row being edited ("" for a new row, None when the form is closed)."""
        self._memory = unsaved(self)
        self._unsaved: dict[str, dict[str, str]] = self._memory.setdefault("rows", {})
        """What was typed in the form and not kept yet, by row id ("" for a new row); kept when the runner
        moves to another step, with the row that was open (``_memory["open"]``)."""
        self._deleted: list[tuple[int, Contribution]] = []

    def _read_rules(self) -> None:
        """The columns' rules and choices from the kit and the plan as they are now (objectives added
        meanwhile are offered at the next form)."""
        typed: dict[str, list[str]] = {}
        for row in self.rows():
            for name, value in row.fields.items():
                typed.setdefault(name, []).append(show(value))
        self._rules = {c.name: c for c in rules.columns(self.ctx.kit, self.step, self.ctx.plan, typed)}

    def column(self, name: str) -> Column:
        return self._rules.get(name) or Column(name)

    def cycles(self, name: str) -> bool:
        """↑/↓ step through the column's values (a pick of one value, not a free text or a list of codes)."""
        rule = self.column(name)
        return rule.kind in (CHOICE, REFERENCE) and not rule.multiple and bool(rule.choices)

    def compose(self) -> ComposeResult:
        table: DataTable[Any] = DataTable(cursor_type="row", id="table-rows")
        for column in self.columns:
            table.add_column(heading(column), key=column)
        yield table
        yield Static(id="table-status")
        with VerticalScroll(id="row-form"):
            yield Label(id="form-title")
            for column in self.columns:
                with Horizontal(classes="field"):
                    yield Label(Text(heading(column) + (" *" if self.column(column).required else "")))
                    yield CellInput(column, compact=True, id=f"f-{column}", placeholder=self._placeholder(column),
                                    select_on_focus=False)
                yield Static(id=f"h-{column}", classes="field-hint")
                yield Static(id=f"e-{column}", classes="field-error")
            yield Static(Text(_("Enter next field · ↑↓ or F4 pick a value · Ctrl+U clear · Ctrl+S keep the row · "
                                "Esc close (the text is kept)")), classes="hint")

    def _placeholder(self, column: str) -> str:
        rule = self.column(column)
        if rule.kind in (CHOICE, REFERENCE) and rule.choices:
            return _("↓ or F4 to pick")
        return {"year": _("year: YYYY"), "date": _("date: YYYY-MM-DD"),
                "number": _("a number")}.get(rule.kind, "")

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
        """A cell as shown and typed back: an enumerated value by its label in the plan's language."""
        value = row.fields.get(column)
        if value is None and column == self.columns[0]:
            return row.text
        return rules.label_of(self.column(column), value) if value is not None else ""

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
        for rule in self._rules.values():
            if rule.kind == REFERENCE and not rule.choices:
                records = next((r.into for n, r in rules.REFERENCES.items() if n == rule.name), "")
                line.append("\n⚠ " + _("The plan has no {what} yet: add them in {where}; rows are kept meanwhile "
                                        "and adopted once they exist.").format(what=_(rule.what),
                                                                               where=where_to_add(records)),
                            style="bold")
        if extra:
            line.append("\n" + extra, style="bold")
        self.query_one("#table-status", Static).update(line)

    def room_lines(self) -> list[str]:
        return [" · ".join(v for c in self.columns[:3] if (v := self._value(row, c))) for row in self.rows()]

    # -- the form

    def _inputs(self) -> dict[str, Input]:
        return {column: self.query_one(f"#f-{column}", Input) for column in self.columns}

    def _open_form(self, target: str, title: str, values: dict[str, str]) -> None:
        self._read_rules()
        self._target = self._memory["open"] = target
        self.query_one("#form-title", Label).update(Text(title))
        typed = self._unsaved.get(target, values)
        for column, field in self._inputs().items():
            rule = self.column(column)
            labels = [c.label if rule.kind == CHOICE else c.value for c in rule.choices]
            field.suggester = SuggestFromList(labels, case_sensitive=False) if labels and not rule.multiple else None
            field.placeholder = self._placeholder(column)
            hint = self.query_one(f"#h-{column}", Static)
            hint.update(Text(rules.allowed(rule)))
            hint.set_class(bool(rule.choices), "-shown")
            field.value = typed.get(column, "")
            self._check(column)
        self.add_class("-editing")
        self._status()
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
        raw = self.query_one(f"#f-{column}", Input).value
        cell = rules.check_cell(self.column(column), raw, self.ctx.lang)
        if not raw.strip() and cell.problem is not None:  # an empty needed cell is said at Ctrl+S, not before
            cell = rules.Cell(None)
        self._show_problem(column, cell.problem, cell.note)
        return cell.problem is None

    def _show_problem(self, column: str, problem: str | None, note: str = "") -> None:
        """The field's problem under it, or else what its text was read as."""
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

    @on(Input.Blurred)
    def _tidy(self, event: Input.Blurred) -> None:
        """Leaving a pick field written short ("imp"): it shows the full label it was read as."""
        if not isinstance(event.input, CellInput) or self.column(event.input.column).kind != CHOICE:
            return
        rule = self.column(event.input.column)
        cell = rules.check_cell(rule, event.input.value, self.ctx.lang)
        if cell.problem is None and cell.value is not None:
            event.input.value = rules.label_of(rule, cell.value)

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        event.stop()
        fields = list(self._inputs().values())
        if event.input in fields and event.input is not fields[-1]:
            fields[fields.index(event.input) + 1].focus()
        else:
            self.action_keep_row()

    # -- picking a value

    def _choices(self, rule: Column) -> list[tuple[str, str]]:
        return [(c.label, c.value) for c in rule.choices]

    def _current(self, field: CellInput) -> str | None:
        value = rules.check_cell(self.column(field.column), field.value, self.ctx.lang).value
        return None if value is None else str(value)

    def _put(self, field: CellInput, value: str) -> None:
        rule = self.column(field.column)
        if rule.multiple:  # one more code in a list of codes
            codes = codes_in(field.value)
            text = ", ".join([*codes, value] if value not in codes else codes)
        else:
            text = rules.label_of(rule, value) if rule.kind == CHOICE else value
        field.value = text
        field.cursor_position = len(text)

    def cycle(self, field: CellInput, step: int) -> None:
        choices = self._choices(self.column(field.column))
        values = [v for _label, v in choices]
        current = self._current(field)
        index = (values.index(current) + step) % len(values) if current in values else (0 if step > 0 else -1)
        self._put(field, values[index])

    def pick(self, field: CellInput) -> None:
        rule = self.column(field.column)

        def picked(value: str | None) -> None:
            if value is not None:
                self._put(field, value)
            field.focus()

        self.app.push_screen(PickList(heading(field.column), self._choices(rule), self._current(field)), picked)

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
        self._read_rules()
        cells = rules.check_row([self.column(c) for c in self.columns], {c: f.value for c, f in inputs.items()},
                                self.ctx.lang)
        values: dict[str, FieldValue] = {c: cell.value for c, cell in cells.items() if cell.value is not None}
        for column, cell in cells.items():
            self._show_problem(column, cell.problem, cell.note)
        problems = [c for c in self.columns if cells[c].problem is not None]
        if problems:
            inputs[problems[0]].focus()
            self.notify(_("fix the marked fields; nothing was written yet"), severity="warning", markup=False)
            return
        first = self.columns[0]
        text = rules.label_of(self.column(first), values[first])
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
