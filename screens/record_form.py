"""One form for every kind of record: fields built from `FieldSpec`s, checked as typed, saved on Ctrl+S.

A field that does not pass the model's rules shows the problem under it and keeps the text; Ctrl+S
saves nothing until every field is right. Links to other records (an indicator's objective, an
action's objectives) are picked from lists of codes and titles, never typed. Escape with unsaved
changes asks first. A refused save (read-only) leaves everything typed in place. When plan.toml changed
on disk the save reads it again first: fields the user did not touch take the outside values, and a
field changed on both sides is offered with both values (`conflicts.ConflictScreen`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from pydantic import BaseModel, ValidationError
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Input, Label, Select, SelectionList, Static, TextArea
from textual.widgets.select import InvalidSelectValueError

from facilitator.editing import (
    CHOICE,
    DATE,
    GROUP,
    INT,
    LONGTEXT,
    MULTIPICK,
    NUMBER,
    PICK,
    ROWS,
    STRINGS,
    YEAR,
    FieldError,
    FieldSpec,
    cell_text,
    check,
    error_message,
    group_cells,
    number_text,
    parse_group,
    parse_rows,
    parse_scalar,
    rows_text,
)
from facilitator.i18n import N_, _
from facilitator.screens.base import unfollow
from facilitator.screens.conflicts import MINE, THEIRS, ConflictScreen, FieldConflict, in_conflict, reload_first
from facilitator.screens.saving import write_through_store
from facilitator.screens.state import PlanState
from facilitator.screens.unsaved import ask_before_dropping
from facilitator.screens.widgets import Footer, MarkedSelectionList, ReadOnlyBanner, SafeTextArea

SaveRecord = Callable[[BaseModel], None]
"""Writes the validated record through the store (raises what the store raises)."""

CurrentRecord = Callable[[], dict[str, Any] | None]
"""The record as the plan holds it now, as data (None for a new record, or one removed meanwhile)."""


class RecordForm(Screen[str | None]):
    """Edit one record (or a new one); returns the saved record's key, or None when left unsaved."""

    CSS_PATH = "record_form.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", N_("Save"), id="form.save", tooltip=N_("Check the fields and write the record"),
                priority=True),
        Binding("escape", "back", N_("Back"), id="nav.back", tooltip=N_("Back (asks before dropping changes)")),
        Binding("f1", "app.help", N_("Help"), id="app.help"),
    ]

    def __init__(self, state: PlanState, title: str, model: type[BaseModel], specs: tuple[FieldSpec, ...],
                 values: dict[str, Any], save: SaveRecord, *, key: Callable[[BaseModel], str] | None = None,
                 new: bool = False, current: CurrentRecord | None = None) -> None:
        """``values``: the record as data (an existing record's `model_dump()`, or a new one's start);
        ``current``: the record as the plan holds it after a reload (to merge outside changes)."""
        super().__init__()
        self.state = state
        self.form_title = title
        self.model = model
        self.specs = specs
        self.values = values
        self.save_record = save
        self.key_of = key or (lambda r: str(getattr(r, "code", None) or getattr(r, "id", "")))
        self.new = new
        self.current = current or (lambda: None)
        self.template = model.model_construct(**values)
        self._errors: dict[str, tuple[str | None, str]] = {}
        self._notes: dict[str, list[str]] = {}
        """What each number field's text was read as, when it could be read otherwise (shown, not an error)."""
        self._initial: dict[str, Any] = {}
        """What each widget held when the form opened (a field the user has not touched follows a reload)."""
        self._save_after_reload = False

    # --- layout ---------------------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header(icon="≡")
        yield ReadOnlyBanner(self.state.store.holder, self.state.read_only)
        yield Static(Text(self.form_title), id="form-title")
        with VerticalScroll(id="form"):
            for spec in self.specs:
                with Horizontal(classes=f"field-row -{spec.kind}"):
                    yield Label(_(spec.label), classes="field-label")
                    with Vertical(classes="field"):
                        yield self._widget(spec)
                        if spec.hint:
                            yield Static(Text(spec.shown_hint()), classes="field-hint")
                        yield Static(id=f"err-{spec.name}", classes="field-error")
        yield Footer(compact=True)

    def _widget(self, spec: FieldSpec) -> Any:
        value = self.values.get(spec.name)
        wid = f"field-{spec.name}"
        plan = self.state.plan
        if spec.kind in (CHOICE, PICK):
            options = list(spec.choices(plan)) if spec.choices else []
            if value is not None and str(value) not in {v for _label, v in options}:
                options.append((_("{value} (not in the plan)").format(value=value), str(value)))
            optional = not spec.required and check(self.template, spec.name, None) is None
            return Select(options, value=str(value) if value is not None else Select.NULL, allow_blank=optional,
                          prompt=_("(none)"), id=wid, compact=True)
        if spec.kind == MULTIPICK:
            chosen = set(value or [])
            return MarkedSelectionList(*[(label, v, v in chosen) for label, v in (spec.choices(plan) if spec.choices
                                                                                 else [])], id=wid)
        if spec.kind == GROUP:
            cells = group_cells(spec, value, self.state.plan.language)
            boxes = []
            for col in spec.columns:
                box = Vertical(Label(_(col.label), classes="group-label"),
                               Input(cells[col.name], id=f"field-{spec.name}--{col.name}", compact=True),
                               classes="group-box" + (" -wide" if col.kind not in (INT, NUMBER, YEAR) else ""))
                boxes.append(box)
            return Grid(*boxes, id=wid, classes="field-group")
        if spec.kind in (LONGTEXT, STRINGS, ROWS):
            return SafeTextArea(self._text(spec, value), id=wid, soft_wrap=True, show_line_numbers=False,
                            tab_behavior="focus")
        if spec.kind == DATE:
            return Input(self._text(spec, value), id=wid, compact=True, placeholder="YYYY-MM-DD")
        return Input(self._text(spec, value), id=wid, compact=True)

    def _text(self, spec: FieldSpec, value: Any) -> str:
        """``value`` as a text field shows it (numbers in the plan's convention, so they read back the same)."""
        lang = self.state.plan.language
        if spec.kind == STRINGS:
            return "\n".join(value or [])
        if spec.kind == ROWS:
            assert spec.row_model is not None
            return rows_text(spec, [spec.row_model.model_validate(v) for v in value or []], lang)
        if spec.kind in (NUMBER, INT, YEAR):
            return number_text(value, lang)
        if spec.kind == DATE:
            return cell_text(value)
        return str(value or "")

    def on_mount(self) -> None:
        self.sub_title = self.form_title
        self._initial = {spec.name: self._raw(spec) for spec in self.specs}
        for field in self.query(Input):
            field.cursor_position = 0  # long titles show their beginning, not their end
        first = next((s for s in self.specs if s.name != "code" or self.new), self.specs[0])
        self.query_one(f"#field-{first.name}").focus()
        self.state.changed.subscribe(self, self._plan_changed)

    def on_unmount(self) -> None:
        unfollow(self, self.state)

    # --- values -------------------------------------------------------------------------------------------------

    def _raw(self, spec: FieldSpec) -> Any:
        """What the field's widget holds, as typed (to tell whether anything changed)."""
        widget = self.query_one(f"#field-{spec.name}")
        if isinstance(widget, Select):
            return widget.value
        if isinstance(widget, SelectionList):
            return tuple(sorted(widget.selected))
        if isinstance(widget, TextArea):
            return widget.text
        if isinstance(widget, Grid):
            return tuple(self.query_one(f"#field-{spec.name}--{c.name}", Input).value for c in spec.columns)
        assert isinstance(widget, Input)
        return widget.value

    def _raw_of(self, spec: FieldSpec, value: Any) -> Any:
        """What the field's widget would hold for ``value`` (compared with `_raw`)."""
        widget = self.query_one(f"#field-{spec.name}")
        if isinstance(widget, Select):
            return Select.NULL if value is None else str(value)
        if isinstance(widget, SelectionList):
            known = {widget.get_option_at_index(i).value for i in range(widget.option_count)}
            return tuple(sorted(v for v in value or [] if v in known))
        if isinstance(widget, Grid):
            cells = group_cells(spec, value, self.state.plan.language)
            return tuple(cells[c.name] for c in spec.columns)
        return self._text(spec, value)

    def _set_raw(self, spec: FieldSpec, raw: Any) -> bool:
        """Put ``raw`` (as `_raw` gives it) into the field's widget; False when the widget cannot show it
        (a link to a record that was not in the plan when the form opened)."""
        widget = self.query_one(f"#field-{spec.name}")
        try:
            if isinstance(widget, Select):
                widget.value = raw
            elif isinstance(widget, SelectionList):
                widget.deselect_all()
                for v in raw:
                    widget.select(v)
            elif isinstance(widget, TextArea):
                widget.load_text(raw)
            elif isinstance(widget, Grid):
                for col, text in zip(spec.columns, raw):
                    self.query_one(f"#field-{spec.name}--{col.name}", Input).value = text
            else:
                assert isinstance(widget, Input)
                widget.value = raw
        except (InvalidSelectValueError, LookupError):
            return False
        return True

    def _shown(self, spec: FieldSpec, raw: Any) -> str:
        """``raw`` for the conflict dialog: a pick by its label, a list joined."""
        if raw is Select.NULL:
            return _("(none)")
        if spec.kind in (CHOICE, PICK, MULTIPICK):
            labels = {v: label for label, v in (spec.choices(self.state.plan) if spec.choices else [])}
            items = raw if isinstance(raw, tuple) else (raw,)
            return ", ".join(str(labels.get(v, v)) for v in items)
        if spec.kind == GROUP:
            return ", ".join(f"{_(c.label)} {text}" for c, text in zip(spec.columns, raw) if text) or _("(none)")
        return str(raw)

    def parse(self, spec: FieldSpec) -> Any:
        """The field's value (raises FieldError with the sentence to show)."""
        raw = self._raw(spec)
        if spec.kind in (CHOICE, PICK):
            return None if raw is Select.NULL else str(raw)
        if spec.kind == MULTIPICK:
            known = {v for _label, v in (spec.choices(self.state.plan) if spec.choices else [])}
            kept = [v for v in self.values.get(spec.name) or [] if v not in known]  # links to unknown records stay
            order = [v for v in self.values.get(spec.name) or [] if v in raw]
            return kept + order + [v for v in raw if v not in order]
        if spec.kind == STRINGS:
            return [line.strip() for line in raw.splitlines() if line.strip()]
        if spec.kind == ROWS:
            assert spec.row_model is not None
            old = [spec.row_model.model_validate(v) for v in self.values.get(spec.name) or []]
            return parse_rows(spec, raw, old, self.state.plan.language, self._notes.setdefault(spec.name, []))
        if spec.kind == GROUP:
            return parse_group(spec, dict(zip((c.name for c in spec.columns), raw)), self.state.plan.language,
                               self._notes.setdefault(spec.name, []))
        if spec.kind == LONGTEXT:
            return raw
        return parse_scalar(spec.kind, raw, self.state.plan.language, self._notes.setdefault(spec.name, []))

    def problem(self, spec: FieldSpec) -> tuple[Any, str | None]:
        """(value, the message for it or None)."""
        self._notes[spec.name] = []
        try:
            value = self.parse(spec)
        except FieldError as err:
            return None, str(err)
        if spec.required and (value is None or (isinstance(value, str) and not value.strip())):
            return value, _("This field cannot be empty.")
        return value, check(self.template, spec.name, value)

    def has_unsaved_changes(self) -> bool:
        """Any field differs from what the form opened with (`HoldsUnsavedChanges`)."""
        return any(self._raw(spec) != self._initial.get(spec.name) for spec in self.specs)

    # --- checking as typed ---------------------------------------------------------------------------------------

    def show_error(self, name: str, message: str | None) -> None:
        """Show the field's problem, or else what its number was read as (``“1.500” read as 1,5``)."""
        note = "\n".join(self._notes.get(name, []))
        if self._errors.get(name) == (message, note):
            return
        self._errors[name] = (message, note)
        err = self.query_one(f"#err-{name}", Static)
        err.update(Text(message or note))
        err.set_class(bool(message or note), "-shown")
        err.set_class(not message and bool(note), "-note")
        self.query_one(f"#field-{name}").set_class(bool(message), "-invalid")

    def _spec_of(self, widget_id: str | None) -> FieldSpec | None:
        """The field a widget belongs to (a group field's boxes are ``field-NAME--COLUMN``)."""
        return next((s for s in self.specs if f"field-{s.name}" == widget_id
                     or (s.kind == GROUP and (widget_id or "").startswith(f"field-{s.name}--"))), None)

    @on(Input.Changed)
    @on(TextArea.Changed)
    def _typed(self, event: Input.Changed | TextArea.Changed) -> None:
        widget = event.input if isinstance(event, Input.Changed) else event.text_area
        spec = self._spec_of(widget.id)
        if spec is not None:
            self.show_error(spec.name, self.problem(spec)[1])

    # --- saving ------------------------------------------------------------------------------------------------------

    def action_save(self) -> None:
        if self.state.read_only:
            self.notify(_("The plan is read-only here; nothing was written."), title=_("Not saved"),
                        severity="error", markup=False)
            return
        if not self.new and not self.has_unsaved_changes():
            self.notify(_("Nothing changed."), timeout=3)
            return
        values: dict[str, Any] = {}
        errors: dict[str, str] = {}
        for spec in self.specs:
            value, message = self.problem(spec)
            self.show_error(spec.name, message)
            if message:
                errors[spec.name] = message
            else:
                values[spec.name] = value
        record = None
        if not errors:
            try:
                record = self.model.model_validate({**self.values, **values})
            except ValidationError as exc:
                err = exc.errors(include_url=False)[0]
                name = next((p for p in err["loc"] if isinstance(p, str)), "")
                if name in {s.name for s in self.specs}:
                    errors[name] = error_message(exc)
                    self.show_error(name, errors[name])
                else:
                    self.notify(error_message(exc), title=_("Not saved"), severity="error", markup=False)
                    return
        if errors or record is None:
            first = next(s for s in self.specs if s.name in errors)
            widget = self.query_one(f"#field-{first.name}")
            (widget.query(Input).first() if isinstance(widget, Grid) else widget).focus()
            self.notify(_("Not saved: correct the marked field ({field}).").format(field=_(first.label)),
                        severity="error", markup=False)
            return
        if reload_first(self, self.state):
            self._save_after_reload = True  # plan.toml changed outside: merge it in, then save (_plan_changed)
            return
        conflicts = self.conflicts()
        if conflicts:
            self.app.push_screen(ConflictScreen(conflicts), lambda answer: self._resolved(answer, record))
            return
        self._write(record)

    def _write(self, record: BaseModel) -> None:
        if not write_through_store(self, lambda: self.save_record(record)):
            return
        self.notify(_("Saved to plan.toml."), timeout=3)
        self.dismiss(self.key_of(record))

    # --- changes made outside the tool meanwhile ------------------------------------------------------------------

    def conflicts(self) -> list[FieldConflict]:
        """The fields typed here that plan.toml now holds another value for than when the form opened."""
        current = self.current()
        if current is None:
            return []
        out = []
        for spec in self.specs:
            mine, theirs = self._raw(spec), self._raw_of(spec, current.get(spec.name))
            if in_conflict(self._initial.get(spec.name), mine, theirs):
                out.append(FieldConflict(spec.name, spec.label, self._shown(spec, mine), self._shown(spec, theirs)))
        return out

    def _resolved(self, answer: str | None, record: BaseModel) -> None:
        if answer == MINE:
            self._write(record)
        elif answer == THEIRS:
            current = self.current() or {}
            for c in self.conflicts():
                spec = next(s for s in self.specs if s.name == c.name)
                theirs = self._raw_of(spec, current.get(spec.name))
                if self._set_raw(spec, theirs):
                    self._initial[spec.name] = theirs
            self.notify(_("Their values are in the form; nothing was written."), timeout=5)

    def _plan_changed(self, reason: str) -> None:
        """After a reload: untouched fields take the plan's new values; typed ones keep what was typed."""
        if reason != "reloaded":
            return
        current = self.current()
        if current is not None:
            for spec in self.specs:
                theirs = self._raw_of(spec, current.get(spec.name))
                if self._raw(spec) == self._initial.get(spec.name) and self._set_raw(spec, theirs):
                    self._initial[spec.name] = theirs
            self.values = current
            self.template = self.model.model_construct(**current)
        if self._save_after_reload:
            self._save_after_reload = False
            self.call_later(self.action_save)

    def action_back(self) -> None:
        if not self.has_unsaved_changes():
            self.dismiss(None)
            return
        ask_before_dropping(self.app, _("Discard the changes you typed in this form?"), lambda: self.dismiss(None))
