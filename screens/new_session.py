"""Starting a session: the kit, date, venue and facilitator, and attendance from the plan's stakeholders
with a quick add for a newcomer at the door (`NewSessionScreen`); attendance again from the runner
(`AttendanceDialog`)."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Select, SelectionList, Static
from textual.widgets.selection_list import Selection

from facilitator.dates import DateError, parse_date
from facilitator.engine import attendance, clock, sessions
from facilitator.engine.capture import EngineError
from facilitator.i18n import N_, _
from facilitator.model import Kit, Stakeholder, StakeholderKind
from facilitator.problems import PlanError
from facilitator.screens.state import PlanState
from facilitator.screens.step_base import RunnerContext
from facilitator.screens.unsaved import ask_before_dropping
from facilitator.screens.widgets import Footer

KIT_ORDER = ("joint-diagnosis", "benchmarking", "vision", "mission", "objectives", "indicators", "action-plan",
             "governance", "review")
"""The usual order of the workshop series: the first kit not held yet is offered first."""


def person_label(person: Stakeholder) -> Text:
    out = Text(person.name, style="bold")
    extra = " · ".join(x for x in (person.organization, _(str(person.kind))) if x)
    if extra:
        out.append(f"  {extra}", style="dim")
    return out


def ensure_kits(state: PlanState) -> dict[str, Kit]:
    if state.kits is None:
        from facilitator.kits import load_kits

        state.kits = load_kits(state.folder)
    return state.kits.kits


def _quick_add_row() -> ComposeResult:
    with Horizontal(classes="quick-add"):
        yield Input(placeholder=_("Newcomer: name"), id="qa-name")
        yield Input(placeholder=_("Organisation"), id="qa-org")
        yield Select([(_(k.value), k.value) for k in StakeholderKind], value=StakeholderKind.firm.value,
                     allow_blank=False, id="qa-kind", compact=True)


def _quick_add_values(screen: Screen[Any]) -> tuple[str, str, str]:
    name = screen.query_one("#qa-name", Input).value.strip()
    org = screen.query_one("#qa-org", Input).value.strip()
    kind = screen.query_one("#qa-kind", Select).value
    return name, org, str(kind) if kind is not Select.NULL else StakeholderKind.other.value


def _clear_quick_add(screen: Screen[Any]) -> None:
    screen.query_one("#qa-name", Input).value = ""
    screen.query_one("#qa-org", Input).value = ""
    screen.query_one("#qa-name", Input).focus()


class NewSessionScreen(Screen[None]):
    """Start a workshop session from a kit; the runner opens on its first step."""

    CSS_PATH = "runner.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s,f10", "start", N_("Start"), id="new-session.start", priority=True,
                tooltip=N_("Create the session file and run its first step")),
        Binding("escape", "cancel", N_("Cancel"), id="new-session.cancel", tooltip=N_("Back without a session")),
    ]

    def __init__(self, state: PlanState) -> None:
        super().__init__()
        self.state = state
        self.newcomers: list[Stakeholder] = []
        """People added at the door: they join the plan when the session starts, not before."""

    def compose(self) -> ComposeResult:
        kits = ensure_kits(self.state)
        lang = self.state.plan.language
        held = {s.session.workshop for s in self.state.sessions if s.session is not None}
        ordered = sorted(kits.values(), key=lambda k: KIT_ORDER.index(k.id) if k.id in KIT_ORDER else 99)
        default = next((k.id for k in ordered if k.id not in held), ordered[0].id if ordered else Select.NULL)
        with Vertical(id="new-session"):
            yield Static(Text.assemble((_("New workshop session"), "bold"), "  ", (_(
                "kit · date YYYY-MM-DD · venue · facilitator · who is present — ctrl+s starts"), "dim")),
                classes="title")
            with Horizontal(classes="ns-row"):
                yield Select([(k.title.get(lang), k.id) for k in ordered], value=default, allow_blank=False,
                             id="ns-kit", compact=True)
                yield Input(clock.now().date().isoformat(), placeholder="YYYY-MM-DD", id="ns-date")
            with Horizontal(classes="ns-row"):
                yield Input(placeholder=_("Venue"), id="ns-venue")
                yield Input(placeholder=_("Facilitator"), id="ns-facilitator")
            yield Static(_("Attendance: space marks who is present"), classes="hint")
            yield SelectionList[str](*[Selection(person_label(p), p.id, False) for p in self.state.plan.stakeholders],
                                     id="ns-people")
            yield from _quick_add_row()
            yield Static(id="ns-error", classes="field-error")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = self.state.plan.cluster.name
        self.query_one("#ns-kit", Select).focus()

    def has_unsaved_changes(self) -> bool:
        """A venue, a facilitator, a newcomer or who is present was given, but no session started
        (`HoldsUnsavedChanges`)."""
        typed = [self.query_one(f"#{name}", Input).value for name in ("ns-venue", "ns-facilitator")]
        return (any(v.strip() for v in typed + list(_quick_add_values(self)[:2]))
                or bool(self.query_one("#ns-people", SelectionList).selected))

    def _show_error(self, message: str) -> None:
        error = self.query_one("#ns-error", Static)
        error.update(Text(message))
        error.add_class("-shown")

    @on(Input.Submitted, "#qa-name, #qa-org")
    def _quick_add(self, event: Input.Submitted) -> None:
        event.stop()
        name, org, kind = _quick_add_values(self)
        if not name:
            self._show_error(_("A newcomer needs a name."))
            return
        person = attendance.newcomer(name, org, kind)
        self.newcomers.append(person)
        people = self.query_one("#ns-people", SelectionList)
        people.add_option(Selection(person_label(person), person.id, True))
        _clear_quick_add(self)

    @on(Input.Submitted, "#ns-date, #ns-venue, #ns-facilitator")
    def _next_field(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    async def action_start(self) -> None:
        from facilitator.screens.runner import RunnerScreen

        if self.state.read_only:
            self._show_error(_("This plan is read-only here: a session cannot be started."))
            return
        kit_id = self.query_one("#ns-kit", Select).value
        kit = ensure_kits(self.state).get(str(kit_id))
        if kit is None:
            self._show_error(_("Choose a workshop kit."))
            return
        try:
            date = parse_date(self.query_one("#ns-date", Input).value)
        except DateError as err:
            self._show_error(str(err))
            self.query_one("#ns-date", Input).focus()
            return
        present = list(self.query_one("#ns-people", SelectionList).selected)
        arrived = [p for p in self.newcomers if p.id in present]  # a newcomer unticked was a mistake
        invited = [p for p in present if p not in {n.id for n in arrived}]
        try:
            handle = sessions.start(self.state.store, kit, date,
                                    venue=self.query_one("#ns-venue", Input).value.strip(),
                                    facilitator=self.query_one("#ns-facilitator", Input).value.strip(),
                                    present=invited, newcomers=arrived)
        except PlanError as err:
            self._show_error("; ".join(p.message for p in err.problems))
            return
        self.state.load_sessions()
        self.state.publish("saved")
        await self.app.switch_screen(RunnerScreen(RunnerContext(self.state, handle, kit)))

    def action_cancel(self) -> None:
        if self.has_unsaved_changes():  # ticks, a newcomer or a venue typed: asked, never dropped silently
            ask_before_dropping(self.app, _("Leave without starting the session? What you entered here is dropped."),
                                self.dismiss, yes=_("Leave"))
        else:
            self.dismiss()


class AttendanceDialog(ModalScreen[None]):
    """Who is present, changed during the session (each change saved at once), and a newcomer's quick add."""

    CSS_PATH = "runner.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", N_("Close"), id="attendance.close"),
    ]

    def __init__(self, ctx: RunnerContext) -> None:
        super().__init__()
        self.ctx = ctx

    def compose(self) -> ComposeResult:
        present = set(self.ctx.session.present())
        with Vertical(classes="dialog", id="attendance-dialog"):
            yield Static(_("Attendance: space marks present · Enter in the name field adds a newcomer"),
                         classes="title")
            yield SelectionList[str](*[Selection(person_label(p), p.id, p.id in present)
                                       for p in self.ctx.plan.stakeholders], id="att-people")
            yield from _quick_add_row()

    def on_mount(self) -> None:
        self.query_one("#att-people", SelectionList).focus()

    @on(SelectionList.SelectionToggled, "#att-people")
    def _toggled(self, event: SelectionList.SelectionToggled[str]) -> None:
        person = event.selection.value
        attendance.mark(self.ctx.session, person, person in event.selection_list.selected)
        self.ctx.changed()

    @on(Input.Submitted, "#qa-name, #qa-org")
    def _quick_add(self, event: Input.Submitted) -> None:
        event.stop()
        name, org, kind = _quick_add_values(self)
        if not name:
            return
        try:
            person = attendance.quick_add(self.ctx.plan, self.ctx.session, name, org, kind)
        except (EngineError, ValueError) as err:
            self.notify(str(err), severity="warning", markup=False)
            return
        self.ctx.changed(plan_too=True)
        self.query_one("#att-people", SelectionList).add_option(Selection(person_label(person), person.id, True))
        _clear_quick_add(self)

    def has_unsaved_changes(self) -> bool:
        """A newcomer's name or organisation is typed but not added (`HoldsUnsavedChanges`); ticks are
        saved at once."""
        return any(v.strip() for v in _quick_add_values(self)[:2])

    def action_close(self) -> None:
        self.dismiss()
