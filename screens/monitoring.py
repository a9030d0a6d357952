"""The monitoring dashboard: per objective its traffic light, its indicators' progress toward their final
targets and its actions' percent done, with quick entry of a measurement or of an action's status.

The figures come from `facilitator.monitoring` (progress, lights); this screen only draws them. A light is
a coloured dot *and* a word, so it reads in grey and on a washed-out projector. Enter (or +) on an indicator
records a measurement, on an action updates its status and percent done; both dialogs check each field as
it is typed (the text stays when it is wrong) and save through the store, so plan.toml keeps its comments.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, ClassVar

from pydantic import ValidationError
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Input, Label, Select, Static

from facilitator import dates
from facilitator.i18n import N_, _
from facilitator.model import Action, ActionStatus, Indicator, Measurement, Objective
from facilitator.monitoring import (
    LIGHT_WORDS,
    ActionStatusLight,
    IndicatorStatus,
    Light,
    action_status,
    indicator_status,
    objective_status,
)
from facilitator.numbers import NumberError, convention, parse_number
from facilitator.problems import ChangedOnDiskError, PlanError
from facilitator.screens.base import TableScreen
from facilitator.screens.confirm import ConfirmScreen
from facilitator.screens.me_plan import MonitoringPlanScreen
from facilitator.screens.overview import number, percent, period, quantity
from facilitator.screens.saving import write_through_store
from facilitator.screens.state import PlanState
from facilitator.screens.unsaved import ask_before_dropping
from facilitator.screens.widgets import Column, RecordTable, Row, lines, literal, right

LIGHT_LABEL = LIGHT_WORDS
LIGHT_STYLE = {Light.green: "bold #1a9641", Light.amber: "bold #e08a00", Light.red: "bold #d7191c",
               Light.none: "dim"}
LIGHT_DOT = {Light.green: "●", Light.amber: "●", Light.red: "●", Light.none: "○"}
STATUS_LABEL = {ActionStatus.planned: N_("planned"), ActionStatus.ongoing: N_("ongoing"),
                ActionStatus.done: N_("done"), ActionStatus.delayed: N_("delayed"),
                ActionStatus.cancelled: N_("cancelled")}


def light_text(light: Light | str) -> Text:
    """The light as a coloured dot and its name (``● amber``)."""
    light = Light(light)
    return Text.assemble((LIGHT_DOT[light], LIGHT_STYLE[light]), " ", (_(LIGHT_LABEL[light]), LIGHT_STYLE[light]),
                         end="")


def today() -> dt.date:
    return dt.date.today()


class MonitoringScreen(TableScreen):
    """Objectives with their light, indicators and actions; Enter or + records a measurement or an update."""

    DETAIL_MORE = N_("Enter or + records a measurement or an update")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("plus", "record", N_("Record"), id="monitoring.record",
                tooltip=N_("Record a measurement of the selected indicator, or update the selected action")),
        Binding("v", "me_plan", N_("M&E plan"), id="monitoring.plan",
                tooltip=N_("The calendar of measurements, reviews and evaluations, and the monitoring budget")),
    ]

    def columns(self) -> list[Column]:
        return [Column(_("Code"), 5), Column(_("Objective / indicator / action")), Column(_("Baseline"), 8),
                Column(_("Latest"), 8, "right"), Column(_("Target"), 8, "right"), Column("%", 5, "right"),
                Column(_("Light"), 10, fit=True)]

    def on_mount(self) -> None:
        super().on_mount()
        self.sub_title = _("Monitoring")

    def _plan_changed(self, reason: str) -> None:
        super()._plan_changed(reason)
        self.sub_title = _("Monitoring")

    # --- content -----------------------------------------------------------------------------------------

    def summary(self) -> Text:
        plan = self.state.plan
        on = today()
        groups = [
            (_("Objectives"), [objective_status(plan, o).light for o in plan.objectives]),
            (_("Indicators"), [indicator_status(i).light for i in plan.indicators]),
            (_("Actions"), [action_status(a, on).light for a in plan.actions if a.status != ActionStatus.cancelled]),
        ]
        out = Text(end="")
        for n, (label, lights) in enumerate(groups):
            if n:
                out.append("  │  ")
            out.append(f"{label}: ", style="bold")
            parts = [(light, lights.count(light)) for light in (Light.green, Light.amber, Light.red, Light.none)]
            shown = [(light, count) for light, count in parts if count or light != Light.none]
            for k, (light, count) in enumerate(shown):
                if k:
                    out.append(" · ")
                out.append(LIGHT_DOT[light] + " ", style=LIGHT_STYLE[light])
                out.append(f"{count} {_(LIGHT_LABEL[light])}")
        return out

    def empty_text(self) -> str:
        return _("No objectives yet: monitoring follows the objectives, indicators and actions of the plan.")

    def rows(self) -> list[Row]:
        plan = self.state.plan
        on = today()
        out: list[Row] = []
        for o in plan.objectives:
            status = objective_status(plan, o)
            out.append(self._objective_row(o, status.light, status.actions_done, status.actions_total,
                                           status.percent_done))
            out.extend(self._indicator_row(s) for s in status.indicators)
            out.extend(self._action_row(action_status(a, on), o) for a in plan.actions_of(o.id))
        known = {o.id for o in plan.objectives}
        orphans = [i for i in plan.indicators if i.objective not in known]
        loose = [a for a in plan.actions if not any(ref in known for ref in a.objectives)]
        if orphans or loose:
            out.append(Row(["", _("Of no known objective"), "", "", "", "", ""], "", heading=True, label_only=True,
                           key="orphans"))
            out.extend(self._indicator_row(indicator_status(i)) for i in orphans)
            out.extend(self._action_row(action_status(a, on), None) for a in loose)
        return out

    def _objective_row(self, o: Objective, light: Light, done: int, total: int, mean: float | None) -> Row:
        actions = _("{done} of {total} actions done, {percent}% on average").format(
            done=done, total=total, percent=round(mean)) if mean is not None else _("no actions")
        detail = lines(Text(f"{o.code} {o.title}", style="bold"),
                       Text.assemble((_("Light") + ": ", "bold"), light_text(light)),
                       _("The worst light of its indicators."), (_("Actions"), actions), (_("Owner"), o.owner))
        return Row([o.code, o.title, "", "", "", "", light_text(light)], detail, key=o.code, heading=True, data=o)

    def _indicator_row(self, s: IndicatorStatus) -> Row:
        ind = s.indicator
        lang = self.state.plan.language
        base = quantity(ind.baseline, ind.unit, lang) + (f" ({ind.baseline_year})" if ind.baseline_year else "")
        history = sorted(ind.measurements, key=lambda m: m.date)[-6:]
        where = ""
        if s.progress is not None:
            where = _("{done} of the way from the baseline to the final target").format(done=percent(s.progress, lang))
            if s.expected is not None:
                where += " " + _("(the straight line expects {due} on {date})").format(
                    due=percent(s.expected, lang), date=s.latest.date.isoformat() if s.latest else "")
        detail = lines(
            Text(f"{ind.code} {ind.name}", style="bold"),
            Text.assemble((_("Light") + ": ", "bold"), light_text(s.light)),
            (_("Progress"), where),
            (_("Direction"), _(ind.direction)),
            (_("Baseline"), base if ind.baseline is not None else ""),
            (_("Targets"), ", ".join(f"{number(t.value, lang)} ({t.year})"
                                     for t in sorted(ind.targets, key=lambda t: t.year))),
            (_("Measurements"), "; ".join(f"{m.date.isoformat()}: {quantity(m.value, ind.unit, lang)}"
                                          + (f" — {m.note}" if m.note else "") for m in history)),
            (_("Responsible"), ind.responsible),
            Text(_("Enter or + records a measurement."), style="italic"))
        return Row([f" {ind.code}", f" {ind.name}", number(ind.baseline, lang),
                    right(number(s.latest.value, lang) if s.latest else ""),
                    right(number(s.target.value, lang) if s.target else ""), right(percent(s.progress, lang)),
                    light_text(s.light)], detail, key=ind.code, data=ind)

    def _action_row(self, s: ActionStatusLight, o: Objective | None) -> Row:
        a = s.action
        lang = self.state.plan.language
        status = _(STATUS_LABEL.get(ActionStatus(a.status), a.status))
        expected = _("{due}% expected today").format(due=round(s.expected)) if s.expected is not None else ""
        detail = lines(
            Text(f"{a.code} {a.title}", style="bold"),
            Text.assemble((_("Light") + ": ", "bold"), light_text(s.light)),
            (_("Status"), f"{status}, {percent(a.progress / 100, lang)}" + (f" ({expected})" if expected else "")),
            (_("Dates"), period(a.start, a.end) + (" — " + _("past its end date") if s.late else "")),
            (_("Lead"), a.lead),
            Text(_("Enter or + updates its status and percent done."), style="italic"))
        key = f"{o.code}:{a.code}" if o is not None else f":{a.code}"
        return Row([f" {a.code}", f" {a.title}", literal(status, "italic"),
                    "", right(a.end.strftime("%Y-%m") if a.end else ""), right(percent(a.progress / 100, lang)),
                    light_text(s.light)], detail, key=key, data=a)

    def action_me_plan(self) -> None:
        self.app.push_screen(MonitoringPlanScreen(self.state, section="monitoring"))

    # --- quick entry -------------------------------------------------------------------------------------------

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_record()

    def action_record(self) -> None:
        row = self.query_one(RecordTable).current()
        record = row.data if row is not None else None
        if self.state.read_only:
            self.notify(self.state.held_notice(_("This plan is read-only here (held by {who}); close it there to edit.")),
                severity="warning", markup=False)
            return
        if isinstance(record, Indicator):
            self.app.push_screen(MeasurementDialog(self.state, record.id))
        elif isinstance(record, Action):
            self.app.push_screen(ActionDialog(self.state, record.id))
        else:
            self.notify(_("Select an indicator to record a measurement, or an action to update it."), timeout=3)


# --- the dialogs ----------------------------------------------------------------------------------------------

def parse_date(text: str) -> dt.date:
    value = dates.parse_date(text)  # a DateError (a ValueError) says what is wrong
    if value > today():
        raise ValueError(_("A measurement cannot be dated in the future."))
    return value


class QuickDialog(ModalScreen[bool]):
    """A small form over the monitoring view: fields checked as typed, Enter or Ctrl+S saves, Escape cancels.

    Returns True when the change was written to plan.toml. Nothing is written while a field is wrong, and
    what was typed stays in place after a refused save.
    """

    write: Callable[[], str]
    """Each dialog saves through the store and returns what to tell the user (raises PlanError and its kinds)."""

    CSS_PATH: ClassVar[list[str]] = ["dialogs.tcss", "monitoring.tcss"]  # type: ignore[assignment]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", N_("Save"), id="quick.save", tooltip=N_("Write it to plan.toml"), priority=True),
        Binding("escape", "cancel", N_("Cancel"), id="quick.cancel", tooltip=N_("Close without saving")),
    ]
    FIELDS: ClassVar[tuple[str, ...]] = ()

    def __init__(self, state: PlanState, record_id: str) -> None:
        super().__init__()
        self.state = state
        self.record_id = record_id
        self._errors: dict[str, tuple[str | None, str]] = {}
        self._notes: dict[str, str] = {}
        """What a number field's text was read as, when it could be read otherwise (shown, not an error)."""
        self._opened_with: dict[str, object] = {}

    def on_mount(self) -> None:
        self._opened_with = self._typed()

    def _typed(self) -> dict[str, object]:
        return {str(w.id): w.value for w in self.query("Input, Select").results() if isinstance(w, (Input, Select))}

    def has_unsaved_changes(self) -> bool:
        """A field differs from what the dialog opened with (`HoldsUnsavedChanges`)."""
        return self._typed() != self._opened_with

    def field_row(self, name: str, label: str, widget: Any) -> ComposeResult:
        with Horizontal(classes="quick-row"):
            yield Label(label, classes="quick-label")
            with Vertical(classes="quick-field"):
                yield widget
                yield Static(id=f"err-{name}", classes="field-error")

    def buttons(self) -> ComposeResult:
        with Horizontal(classes="buttons"):
            yield Button(_("Save") + " (^s)", id="save", variant="primary", compact=True)
            yield Button(_("Cancel") + " (esc)", id="cancel", compact=True)

    def check(self, name: str) -> str | None:
        """The message for the field ``name`` as typed now, or None when it is fine."""
        return None

    def show_error(self, name: str, message: str | None) -> None:
        """Show the field's problem, or else what its number was read as."""
        note = "" if message else self._notes.get(name, "")
        if self._errors.get(name) == (message, note):
            return
        self._errors[name] = (message, note)
        err = self.query_one(f"#err-{name}", Static)
        err.update(Text(message or note))
        err.set_class(bool(message or note), "-shown")
        err.set_class(bool(note), "-note")
        self.query_one(f"#{name}").set_class(bool(message), "-invalid")

    def number(self, name: str, *, whole: bool = False) -> float:
        """The number typed in field ``name``, read by the plan's language (raises NumberError); what an
        ambiguous one was read as is kept for `show_error`."""
        parsed = parse_number(self.query_one(f"#{name}", Input).value.strip().rstrip("%").strip(),
                              self.state.plan.language, whole=whole)
        self._notes[name] = parsed.note
        return parsed.value

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        if event.input.id in self.FIELDS:
            self.show_error(event.input.id, self.check(event.input.id))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def action_cancel(self) -> None:
        if self.has_unsaved_changes():  # a typed value is asked about, as in the record forms
            ask_before_dropping(self.app, _("Discard the value you typed?"), lambda: self.dismiss(False))
        else:
            self.dismiss(False)

    def valid(self) -> bool:
        """Check every field; on an error focus the first wrong one and say so."""
        errors = {name: self.check(name) for name in self.FIELDS}
        for name, message in errors.items():
            self.show_error(name, message)
        wrong = [name for name, message in errors.items() if message]
        if wrong:
            self.query_one(f"#{wrong[0]}").focus()
            self.notify(_("Not saved: correct the marked field."), severity="error", markup=False)
        return not wrong

    def action_save(self) -> None:
        if not self.valid():
            return
        said: list[str] = []
        if write_through_store(self, lambda: said.append(self.write())):
            self.notify(said[0], timeout=4, markup=False)
            self.dismiss(True)

    def save_to(self, record: Any, changes: dict[str, Any]) -> None:
        """Apply ``changes`` to ``record`` and save through the store. When plan.toml changed on disk
        nothing is written and the record is put back as it was: the typed text stays in the dialog, so the
        view never shows a value that is not in the file (the next save after a reload applies it once)."""
        before = {name: getattr(record, name) for name in changes}
        try:
            self.state.update(changes, target=record)
        except ChangedOnDiskError:
            for name, value in before.items():
                object.__setattr__(record, name, value)
            raise

    def gone(self) -> PlanError:
        return PlanError(_("this record is no longer in the plan (it was removed meanwhile)"), "plan.toml")


class MeasurementDialog(QuickDialog):
    """Record a measurement of an indicator: date (today by default), value and an optional note."""

    AUTO_FOCUS = "#value"
    FIELDS = ("date", "value", "note")
    replace = False
    """Replace the measurement already recorded on the same date (asked on save), rather than add one."""

    def indicator(self) -> Indicator | None:
        return next((i for i in self.state.plan.indicators if i.id == self.record_id), None)

    def action_save(self) -> None:
        """A second measurement on a date asks first: replace the one there, keep both, or go back."""
        ind = self.indicator()
        if not self.valid() or ind is None:
            super().action_save()
            return
        date = parse_date(self._text("date"))
        there = [m for m in ind.measurements if m.date == date]
        if not there:
            super().action_save()
            return

        def answer(replace: bool | None) -> None:
            if replace is not None:  # None: Escape, back to the dialog with everything typed
                self.replace = replace
                super(MeasurementDialog, self).action_save()

        self.app.push_screen(ConfirmScreen(_(
            "{code} already has a measurement on {date}: {value}. Replace it, or keep both?").format(
                code=ind.code, date=date.isoformat(), value=number(there[-1].value, self.state.plan.language)),
            yes=_("Replace"), no=_("Keep both"), escape_cancels=True), answer)

    def compose(self) -> ComposeResult:
        ind = self.indicator()
        with Vertical(classes="dialog", id="measurement"):
            if ind is not None:
                unit = f" ({ind.unit})" if ind.unit else ""
                yield Static(Text(_("Record a measurement of {code} {name}").format(code=ind.code, name=ind.name)
                                  + unit), classes="title")
                s = indicator_status(ind)
                lang = self.state.plan.language
                context = [_("baseline {value}").format(value=number(ind.baseline, lang))
                           + (f" ({ind.baseline_year})" if ind.baseline_year else "")]
                if s.latest is not None:
                    context.append(_("latest {value} on {date}").format(value=number(s.latest.value, lang),
                                                                         date=s.latest.date.isoformat()))
                if s.target is not None:
                    context.append(_("final target {value} ({year})").format(value=number(s.target.value, lang),
                                                                            year=s.target.year))
                yield Static(Text(" · ".join(context)), classes="hint")
            yield from self.field_row("date", _("Date"), Input(today().isoformat(), id="date", compact=True,
                                                                 placeholder="YYYY-MM-DD"))
            yield from self.field_row("value", _("Value"), Input("", id="value", compact=True,
                                                                   placeholder=_("a number, {example}").format(
                                                                       example=convention(
                                                                           self.state.plan.language).example())))
            yield from self.field_row("note", _("Note"), Input("", id="note", compact=True,
                                                                 placeholder=_("optional: source, period, remark")))
            yield from self.buttons()

    def _text(self, name: str) -> str:
        return self.query_one(f"#{name}", Input).value

    def check(self, name: str) -> str | None:
        try:
            if name == "date":
                parse_date(self._text("date"))
            elif name == "value":
                if not self._text("value").strip():
                    return _("Type the measured value.")
                Measurement(date=today(), value=self.number("value"))
            elif name == "note":
                Measurement(date=today(), value=0, note=self._text("note").strip())
        except ValueError as exc:  # ValidationError is a ValueError: give its first message
            return _validation_message(exc)
        return None

    def write(self) -> str:
        ind = self.indicator()
        if ind is None:
            raise self.gone()
        m = Measurement(date=parse_date(self._text("date")), value=self.number("value"),
                        note=self._text("note").strip())
        kept = [x for x in ind.measurements if not (self.replace and x.date == m.date)]
        self.save_to(ind, {"measurements": [*kept, m]})
        return _("Measurement of {code} saved: {value} on {date}.").format(
            code=ind.code, value=number(m.value, self.state.plan.language), date=m.date.isoformat())


class ActionDialog(QuickDialog):
    """Update an action's status and percent done."""

    AUTO_FOCUS = "#progress"
    FIELDS = ("progress",)

    def action(self) -> Action | None:
        return next((a for a in self.state.plan.actions if a.id == self.record_id), None)

    def compose(self) -> ComposeResult:
        a = self.action()
        with Vertical(classes="dialog", id="action-update"):
            if a is not None:
                yield Static(Text(_("Update {code} {title}").format(code=a.code, title=a.title)), classes="title")
                if a.start or a.end:
                    yield Static(Text(period(a.start, a.end)), classes="hint")
            status = str(a.status) if a is not None else str(ActionStatus.planned)
            yield from self.field_row("status", _("Status"), Select(
                [(_(label), str(value)) for value, label in STATUS_LABEL.items()], value=status, allow_blank=False,
                id="status", compact=True))
            yield from self.field_row("progress", _("Percent done"), Input(
                str(a.progress) if a is not None else "0", id="progress", compact=True, placeholder="0-100"))
            yield from self.buttons()

    def _status(self) -> str:
        return str(self.query_one("#status", Select).value)

    def _progress(self) -> int:
        try:
            done = self.number("progress", whole=True)
        except NumberError:
            done = -1
        if not 0 <= done <= 100:
            raise ValueError(_("Write a whole number from 0 to 100."))
        return int(done)

    @on(Select.Changed, "#status")
    def _status_changed(self, event: Select.Changed) -> None:
        if str(event.value) == ActionStatus.done:
            self.query_one("#progress", Input).value = "100"
        self.show_error("progress", self.check("progress"))

    def check(self, name: str) -> str | None:
        try:
            done = self._progress()
        except ValueError as exc:
            return str(exc)
        if self._status() == ActionStatus.done and done < 100:
            return _("A done action is 100% done: write 100, or choose another status.")
        return None

    def write(self) -> str:
        a = self.action()
        if a is None:
            raise self.gone()
        self.save_to(a, {"status": self._status(), "progress": self._progress()})
        return _("{code} saved: {status}, {percent}% done.").format(
            code=a.code, status=_(STATUS_LABEL[ActionStatus(a.status)]), percent=a.progress)


def _validation_message(exc: ValueError) -> str:
    if isinstance(exc, ValidationError):
        err = exc.errors(include_url=False)[0]
        if err["type"] == "less_than_equal":
            return _("Too large: at most {n}.").format(n="10^15")
        if err["type"] == "greater_than_equal":
            return _("Too small: at least {n}.").format(n="-10^15")
        if err["type"] == "string_too_long":
            return _("Too long: at most {n} characters.").format(n=err.get("ctx", {}).get("max_length", "?"))
        return str(err["msg"])
    return str(exc)
