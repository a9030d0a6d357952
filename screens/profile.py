"""The profile editor: the cluster's name, territory, sector, kind and description, and its program.

The first edit path through the store. Each field is checked as it is typed (the message appears
under the field, the typed text stays); Ctrl+S saves only the fields that were changed, so a change
made meanwhile in another editor to another field is not overwritten. When plan.toml changed on disk
the save reads it again first and asks only about a field changed on both sides (keep mine / take
theirs, `conflicts.ConflictScreen`). A refused save leaves everything typed in place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from pydantic import BaseModel, ValidationError
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Input, Label, Select, Static, TextArea

from facilitator.i18n import N_, _, ngettext
from facilitator.model import ClusterKind, Program
from facilitator.screens.base import unfollow
from facilitator.screens.conflicts import MINE, THEIRS, ConflictScreen, FieldConflict, in_conflict, reload_first
from facilitator.screens.saving import write_through_store
from facilitator.screens.state import PlanState
from facilitator.screens.unsaved import ask_before_dropping
from facilitator.screens.widgets import Footer, ReadOnlyBanner, SafeTextArea


@dataclass(frozen=True)
class Field:
    part: str
    """``cluster`` or ``program``: the table of plan.toml the field belongs to."""
    name: str
    label: str
    widget: str = "input"

    @property
    def id(self) -> str:
        return f"{self.part}-{self.name}"


FIELDS: tuple[Field, ...] = (
    Field("cluster", "name", N_("Cluster name")),
    Field("cluster", "territory", N_("Territory")),
    Field("cluster", "sector", N_("Sector")),
    Field("cluster", "kind", N_("Kind"), "select"),
    Field("cluster", "description", N_("Description"), "textarea"),
    Field("program", "name", N_("Program")),
    Field("program", "executing_agency", N_("Executing agency")),
    Field("program", "funder", N_("Funder")),
)

KIND_LABELS = {ClusterKind.horizontal: N_("horizontal"), ClusterKind.vertical: N_("vertical"),
               ClusterKind.mixed: N_("mixed")}


def field_message(exc: ValidationError) -> str:
    """The first validation error as a sentence for the field."""
    err = exc.errors(include_url=False)[0]
    kind = err["type"]
    if kind == "string_too_short":
        return _("This field cannot be empty.")
    if kind == "string_too_long":
        return _("Too long: at most {n} characters.").format(n=err.get("ctx", {}).get("max_length", "?"))
    if kind in ("enum", "literal_error"):
        return _("Choose one of the listed values.")
    return str(err["msg"])


class ProfileScreen(Screen[None]):
    """Edit the cluster profile; Ctrl+S saves, Escape goes back (asking before dropping changes)."""

    CSS_PATH = "profile.tcss"
    AUTO_FOCUS = "#cluster-name"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", N_("Save"), id="profile.save", tooltip=N_("Write the changed fields to plan.toml"),
                priority=True),
        Binding("escape", "back", N_("Back"), id="nav.back", tooltip=N_("Back to the dashboard")),
        Binding("f2", "app.section('figures')", N_("Key figures"), id="profile.figures",
                tooltip=N_("Add, edit, delete and order the key figures of the profile")),
        Binding("f3", "app.section('segments')", N_("Value chain"), id="profile.segments",
                tooltip=N_("The segments of the value chain, their stages and links")),
        Binding("f1", "app.help", N_("Help"), id="app.help"),
    ]

    def __init__(self, state: PlanState) -> None:
        super().__init__()
        self.state = state
        self.original: dict[str, Any] = self._model_values()
        """Each field's value when the form opened (a field the user has not touched follows a reload)."""
        self._errors: dict[str, str | None] = {}
        self._save_after_reload = False

    # --- values -----------------------------------------------------------------------------------------

    def _model_values(self) -> dict[str, Any]:
        plan = self.state.plan
        program = plan.program or Program()
        return {f.id: getattr(plan.cluster if f.part == "cluster" else program, f.name) for f in FIELDS}

    def _value(self, f: Field) -> Any:
        if f.widget == "select":
            return self.query_one(f"#{f.id}", Select).value
        if f.widget == "textarea":
            return self.query_one(f"#{f.id}", TextArea).text
        return self.query_one(f"#{f.id}", Input).value.strip()

    def _set_value(self, f: Field, value: Any) -> None:
        if f.widget == "select":
            self.query_one(f"#{f.id}", Select).value = value
        elif f.widget == "textarea":
            self.query_one(f"#{f.id}", TextArea).text = value
        else:
            self.query_one(f"#{f.id}", Input).value = value

    def changes(self) -> dict[Field, Any]:
        """The fields whose value differs from the plan as loaded (or last reloaded)."""
        out = {}
        for f in FIELDS:
            value = self._value(f)
            if value != self.original[f.id]:
                out[f] = value
        return out

    def has_unsaved_changes(self) -> bool:
        """Some field differs from the plan (`HoldsUnsavedChanges`)."""
        return bool(self.changes())

    # --- layout -------------------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header(icon="≡")
        yield ReadOnlyBanner(self.state.store.holder, self.state.read_only)
        with VerticalScroll(id="form"):
            for f in FIELDS:
                if f.part == "program" and f.name == "name":
                    yield Static(_("Development program"), classes="form-heading")
                with Horizontal(classes=f"field-row -{f.widget}"):
                    yield Label(_(f.label), classes="field-label")
                    with Vertical(classes="field"):
                        value = self.original[f.id]
                        if f.widget == "select":
                            yield Select([(_(label), str(kind)) for kind, label in KIND_LABELS.items()],
                                         value=str(value), allow_blank=False, id=f.id, compact=True)
                        elif f.widget == "textarea":
                            yield SafeTextArea(value, id=f.id, soft_wrap=True, show_line_numbers=False,
                                           tab_behavior="focus")
                        else:
                            yield Input(value, id=f.id, compact=True)
                        yield Static(id=f"err-{f.id}", classes="field-error")
            yield Static(_("Key figures"), classes="form-heading")
            n = len(self.state.plan.cluster.figures)
            yield Static(Text(ngettext("{n} key figure", "{n} key figures", n).format(n=n) + " — " + _(
                "press F2 to add, edit or order them")), id="figures-hint", classes="hint")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = _("Edit profile")
        self.state.changed.subscribe(self, self._plan_changed)

    def on_unmount(self) -> None:
        unfollow(self, self.state)

    # --- validation ----------------------------------------------------------------------------------------

    def check(self, f: Field, value: Any) -> str | None:
        """The message for an invalid ``value`` of ``f`` (by the model's own rules), or None."""
        plan = self.state.plan
        model: BaseModel = plan.cluster if f.part == "cluster" else (plan.program or Program())
        trial = model.model_copy(deep=True)
        try:
            setattr(trial, f.name, value)
        except ValidationError as exc:
            return field_message(exc)
        return None

    def show_error(self, f: Field, message: str | None) -> None:
        if self._errors.get(f.id) == message:
            return  # unchanged: no relayout on every key press
        self._errors[f.id] = message
        err = self.query_one(f"#err-{f.id}", Static)
        err.update(Text(message or ""))
        err.set_class(bool(message), "-shown")
        self.query_one(f"#{f.id}").set_class(bool(message), "-invalid")

    def _field_of(self, widget_id: str | None) -> Field | None:
        return next((f for f in FIELDS if f.id == widget_id), None)

    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        f = self._field_of(event.input.id)
        if f is not None:
            self.show_error(f, self.check(f, event.value.strip()))

    @on(TextArea.Changed)
    def _text_changed(self, event: TextArea.Changed) -> None:
        f = self._field_of(event.text_area.id)
        if f is not None:
            self.show_error(f, self.check(f, event.text_area.text))

    # --- saving ------------------------------------------------------------------------------------------------

    def action_save(self) -> None:
        changes = self.changes()
        if not changes:
            self.notify(_("Nothing changed."), timeout=3)
            return
        errors = {f: msg for f, value in changes.items() if (msg := self.check(f, value))}
        for f in changes:
            self.show_error(f, errors.get(f))
        if errors:
            first = next(iter(errors))
            self.query_one(f"#{first.id}").focus()
            self.notify(_("Not saved: correct the marked field ({field}).").format(field=_(first.label)),
                        severity="error", markup=False)
            return
        if reload_first(self, self.state):
            self._save_after_reload = True  # plan.toml changed outside: merge it in, then save (_plan_changed)
            return
        conflicts = self.conflicts(changes)
        if conflicts:
            self.app.push_screen(ConflictScreen(conflicts), lambda answer: self._resolved(answer, changes))
            return
        self._write(changes)

    def conflicts(self, changes: dict[Field, Any]) -> list[FieldConflict]:
        """The changed fields that plan.toml now holds another value for than when the form opened."""
        now = self._model_values()
        return [FieldConflict(f.id, f.label, self._shown(f, value), self._shown(f, now[f.id]))
                for f, value in changes.items() if in_conflict(self.original[f.id], value, now[f.id])]

    def _shown(self, f: Field, value: Any) -> str:
        if f.widget == "select":
            return next((_(label) for kind, label in KIND_LABELS.items() if kind == value), str(value))
        return str(value or "")

    def _resolved(self, answer: str | None, changes: dict[Field, Any]) -> None:
        if answer == MINE:
            self._write(changes)
        elif answer == THEIRS:
            now = self._model_values()
            for c in self.conflicts(changes):
                f = next(f for f in FIELDS if f.id == c.name)
                self._set_value(f, now[f.id])
                self.original[f.id] = now[f.id]
            self.notify(_("Their values are in the form; nothing was written."), timeout=5)

    def _write(self, changes: dict[Field, Any]) -> None:
        plan = self.state.plan
        update: dict[str, Any] = {}
        for part in ("cluster", "program"):
            fields = {f.name: v for f, v in changes.items() if f.part == part}
            if fields:
                current = getattr(plan, part) or Program()
                model = current.model_copy(deep=True)
                for name, value in fields.items():
                    setattr(model, name, value)
                update[part] = model
        if not write_through_store(self, lambda: self.state.update(update)):
            return
        self.original = self._model_values()
        self.notify(_("Profile saved to plan.toml."), timeout=3)
        self.dismiss()

    def _plan_changed(self, reason: str) -> None:
        """After a reload, take the new values for the fields the user has not touched."""
        n = len(self.state.plan.cluster.figures)
        self.query_one("#figures-hint", Static).update(Text(ngettext(
            "{n} key figure", "{n} key figures", n).format(n=n) + " — " + _("press F2 to add, edit or order them")))
        if reason != "reloaded":
            return
        fresh = self._model_values()
        for f in FIELDS:
            if self._value(f) == self.original[f.id]:
                self._set_value(f, fresh[f.id])
                self.original[f.id] = fresh[f.id]
            # A field the user changed keeps what it opened with: the save compares it with the new value.
        if self._save_after_reload:
            self._save_after_reload = False
            self.call_later(self.action_save)

    def action_back(self) -> None:
        if not self.has_unsaved_changes():
            self.dismiss()
            return
        ask_before_dropping(self.app, _("Discard the changes you typed in the profile?"), self.dismiss)
