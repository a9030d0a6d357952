"""Starting a session: the kit, date, venue and facilitator (offered from the last session), and
attendance from the plan's stakeholders with newcomers met at the door (`NewSessionScreen`); attendance
taken again from the runner (`AttendanceDialog`). Both hold what was marked until the user starts or
saves: Escape asks before dropping it, and a cancel writes nothing."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Label, Select, Static

from facilitator.dates import DateError, parse_date
from facilitator.engine import attendance, clock, sessions
from facilitator.i18n import N_, _, ngettext
from facilitator.model import Kit
from facilitator.problems import PlanError
from facilitator.screens.attendance_list import AttendanceList, NewcomerForm
from facilitator.screens.state import PlanState
from facilitator.screens.step_base import RunnerContext
from facilitator.screens.step_table import missing_prerequisites
from facilitator.screens.unsaved import ask_before_dropping
from facilitator.screens.widgets import Footer

KIT_ORDER = ("joint-diagnosis", "benchmarking", "vision", "mission", "objectives", "indicators", "action-plan",
             "governance", "review")
"""The usual order of the workshop series: the first kit not held yet is offered first."""


def ensure_kits(state: PlanState) -> dict[str, Kit]:
    if state.kits is None:
        from facilitator.kits import load_kits

        state.kits = load_kits(state.folder)
    return state.kits.kits


class _TakesAttendance(Screen[None]):
    """What the new-session screen and the runner's attendance dialog share: the list of people, the
    newcomer form under it, and the error line (ids ``#{prefix}-people`` and ``#{prefix}-error``)."""

    PREFIX: ClassVar[str]

    def _show_error(self, message: str) -> None:
        error = self.query_one(f"#{self.PREFIX}-error", Static)
        error.update(Text(message))
        error.add_class("-shown")

    def _clear_error(self) -> None:
        self.query_one(f"#{self.PREFIX}-error", Static).remove_class("-shown")

    @on(NewcomerForm.Added)
    def _newcomer_added(self, event: NewcomerForm.Added) -> None:
        self._clear_error()
        self.query_one(f"#{self.PREFIX}-people", AttendanceList).add_newcomer(event.person)

    @on(NewcomerForm.Invalid)
    def _newcomer_invalid(self, event: NewcomerForm.Invalid) -> None:
        self._show_error(event.message)

    @on(NewcomerForm.Left)
    def _back_to_list(self) -> None:
        self.query_one(f"#{self.PREFIX}-people", AttendanceList).focus()


class NewSessionScreen(_TakesAttendance):
    """Start a workshop session from a kit; the runner opens on its first step.

    Focus starts in the attendance list (the work at the door): ctrl+a marks everyone present, letters
    find the few who did not come, space unmarks them, ctrl+n adds a newcomer, ctrl+s starts. The kit and
    the date above are usually right (the next kit not held, today): shift+tab reaches them."""

    CSS_PATH = "runner.tcss"
    PREFIX = "ns"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s,f10", "start", N_("Start"), id="new-session.start", priority=True,
                tooltip=N_("Create the session file and run its first step")),
        Binding("ctrl+n", "newcomer", N_("Newcomer"), id="new-session.newcomer", priority=True,
                tooltip=N_("Add a person met at the door (name, organisation)")),
        Binding("escape", "cancel", N_("Cancel"), id="new-session.cancel", tooltip=N_("Back without a session")),
    ]

    def __init__(self, state: PlanState) -> None:
        super().__init__()
        self.state = state
        earlier = [s.session for s in state.sessions if s.session is not None]
        self.prefill = attendance.last_details(earlier)
        """(venue, facilitator) of the last session, offered again: usually the same room and person."""

    def compose(self) -> ComposeResult:
        kits = ensure_kits(self.state)
        lang = self.state.plan.language
        held = {s.session.workshop for s in self.state.sessions if s.session is not None}
        ordered = sorted(kits.values(), key=lambda k: KIT_ORDER.index(k.id) if k.id in KIT_ORDER else 99)
        default = next((k.id for k in ordered if k.id not in held), ordered[0].id if ordered else Select.NULL)
        venue, facilitator = self.prefill
        with Vertical(id="new-session"):
            yield Static(Text.assemble((_("New workshop session"), "bold"), "  ", (_(
                "ctrl+s starts · shift+tab: kit, date, venue"), "dim")), classes="title")
            with Horizontal(classes="ns-row"):
                yield Select([(k.title.get(lang), k.id) for k in ordered], value=default, allow_blank=False,
                             id="ns-kit", compact=True)
                yield Input(clock.now().date().isoformat(), placeholder="YYYY-MM-DD", id="ns-date", compact=True)
            with Horizontal(classes="ns-row"):
                yield Label(_("Venue"))
                yield Input(venue, placeholder="—", id="ns-venue", compact=True)
                yield Label(_("Facilitator"))
                yield Input(facilitator, placeholder="—", id="ns-facilitator", compact=True)
            yield Static(id="ns-needs", classes="field-error -note")
            yield AttendanceList(self.state.plan.stakeholders, (), id="ns-people")
            yield NewcomerForm()
            yield Static(id="ns-status", classes="hint")
            yield Static(id="ns-error", classes="field-error")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = self.state.plan.cluster.name
        self._say_needs()
        people = self.query_one("#ns-people", AttendanceList)
        (people if self.state.plan.stakeholders else self.query_one("#ns-kit", Select)).focus()

    @on(Select.Changed, "#ns-kit")
    def _say_needs(self) -> None:
        """What the chosen kit builds on and the plan lacks, said before the start (the runner says it again
        when the session starts; the facilitator may go on)."""
        kit = ensure_kits(self.state).get(str(self.query_one("#ns-kit", Select).value))
        needs = missing_prerequisites(kit, self.state.plan) if kit is not None else ""
        note = self.query_one("#ns-needs", Static)
        note.update(Text(needs))
        note.set_class(bool(needs), "-shown")

    def has_unsaved_changes(self) -> bool:
        """A venue or facilitator changed, someone marked, a newcomer added or typed, but no session started
        (`HoldsUnsavedChanges`)."""
        typed = (self.query_one("#ns-venue", Input).value.strip(), self.query_one("#ns-facilitator", Input).value.strip())
        people = self.query_one("#ns-people", AttendanceList)
        return (typed != self.prefill or bool(people.present) or bool(people.new)
                or self.query_one(NewcomerForm).pending())

    @on(AttendanceList.Changed)
    def _status(self, event: AttendanceList.Changed) -> None:
        self.query_one("#ns-status", Static).update(event.attendance_list.status())

    def action_newcomer(self) -> None:
        self._clear_error()
        self.query_one(NewcomerForm).open()

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
        people = self.query_one("#ns-people", AttendanceList)
        form = self.query_one(NewcomerForm)
        if form.pending():  # typed at the door, then ctrl+s: the newcomer is meant, not dropped
            person = form.take()
            if person is None:
                return
            people.add_newcomer(person)
        marks = people.marks()
        invited = [p.id for p in self.state.plan.stakeholders]
        arrived = [p for p in people.newcomers if marks[p.id]]  # a newcomer unmarked is not written at all
        try:
            handle = sessions.start(self.state.store, kit, date,
                                    venue=self.query_one("#ns-venue", Input).value.strip(),
                                    facilitator=self.query_one("#ns-facilitator", Input).value.strip(),
                                    present=[p for p in invited if marks.get(p)], newcomers=arrived,
                                    absent=[p for p in invited if not marks.get(p)])
        except PlanError as err:
            self._show_error("; ".join(p.message for p in err.problems))
            return
        self.state.load_sessions()
        self.state.publish("saved")
        await self.app.switch_screen(RunnerScreen(RunnerContext(self.state, handle, kit)))

    def action_cancel(self) -> None:
        if self.has_unsaved_changes():  # marks, a newcomer or a venue typed: asked, never dropped silently
            ask_before_dropping(self.app, _("Leave without starting the session? What you entered here is dropped."),
                                self.dismiss, yes=_("Leave"))
        else:
            self.dismiss()


class AttendanceDialog(_TakesAttendance, ModalScreen[None]):
    """Attendance taken again during the session: the same list and keys; ctrl+s saves the marks and any
    newcomer (who joins the plan then), Escape asks before dropping what changed and writes nothing."""

    CSS_PATH = "runner.tcss"
    PREFIX = "att"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", N_("Save"), id="attendance.save", priority=True,
                tooltip=N_("Save who is present and the newcomers")),
        Binding("ctrl+n", "newcomer", N_("Newcomer"), id="attendance.newcomer", priority=True,
                tooltip=N_("Add a person met at the door (name, organisation)")),
        Binding("ctrl+o", "checkin", N_("From phones"), id="attendance.checkin", priority=True,
                tooltip=N_("Confirm the next check-in from a phone: that person is marked present (self-reported)")),
        Binding("escape", "close", N_("Close"), id="attendance.close"),
    ]

    def __init__(self, ctx: RunnerContext) -> None:
        super().__init__()
        self.ctx = ctx
        present = set(ctx.session.present())
        self.before = {p.id: p.id in present for p in ctx.plan.stakeholders}
        """The marks as the session file has them: only what differs is written."""
        self.checkins = attendance.unconfirmed(ctx.session)
        """Check-ins from phones (`[[checkins]]`) not confirmed yet, offered one by one with ctrl+o."""
        self.confirmed: dict[str, str] = {}
        """Check-ins confirmed here (check-in id → person), recorded on save."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="attendance-dialog"):
            yield Static(_("Attendance — ctrl+s saves, Esc closes"), classes="title")
            yield AttendanceList(self.ctx.plan.stakeholders, (p for p, here in self.before.items() if here),
                                 id="att-people")
            yield NewcomerForm()
            yield Static(id="att-status", classes="hint")
            yield Static(self._phones_text(), id="att-phones", classes="hint")
            yield Static(id="att-error", classes="field-error")

    def on_mount(self) -> None:
        self.query_one("#att-people", AttendanceList).focus()
        self.query_one("#att-phones", Static).display = bool(self.checkins)

    def _phones_text(self, last: str = "") -> Text:
        """What the phones said and is still to confirm (self-reported), and what was confirmed last."""
        out = Text(end="")
        if last:
            out.append(_("Confirmed: {name}").format(name=last) + " · ", style="bold")
        left = len([c for c in self.checkins if c.id not in self.confirmed])
        if left:
            out.append(ngettext("{n} check-in from a phone (self-reported), ctrl+o confirms it",
                                "{n} check-ins from phones (self-reported), ctrl+o confirms the next", left)
                       .format(n=left))
            upcoming = next(c for c in self.checkins if c.id not in self.confirmed)
            out.append(": " + " — ".join(t for t in (upcoming.name, upcoming.organization) if t), style="dim")
        elif self.checkins:
            out.append(_("every check-in from phones confirmed; ctrl+s saves"), style="dim")
        return out

    def action_checkin(self) -> None:
        """The next check-in becomes a mark: the person of that name present, or a newcomer made of what the
        phone said (kind, size, gender), both shown as self-reported. Written with ctrl+s like any mark."""
        upcoming = next((c for c in self.checkins if c.id not in self.confirmed), None)
        if upcoming is None:
            self.notify(_("No check-in from phones is waiting."), timeout=3)
            return
        people = self.query_one("#att-people", AttendanceList)
        person, new = attendance.checkin_person(people.people, upcoming)
        people.reported.add(person.id)
        if new:
            people.add_newcomer(person)
        else:
            people.mark_present(person.id)
        self.confirmed[upcoming.id] = person.id
        self.query_one("#att-phones", Static).update(self._phones_text(person.name))
        self.call_after_refresh(people.scroll_to_highlight)  # the line above may have grown: keep them in view

    def _changes(self) -> tuple[dict[str, bool], list[str]]:
        """(marks that differ from the file, ids of newcomers kept present)."""
        people = self.query_one("#att-people", AttendanceList)
        marks = people.marks()
        changed = {p: here for p, here in marks.items() if p in self.before and self.before[p] != here}
        return changed, [p.id for p in people.newcomers if marks[p.id]]

    def has_unsaved_changes(self) -> bool:
        """Marks changed, a newcomer added or typed, not saved yet (`HoldsUnsavedChanges`)."""
        changed, arrived = self._changes()
        return bool(changed or arrived or self.confirmed or self.query_one(NewcomerForm).pending())

    @on(AttendanceList.Changed)
    def _status(self, event: AttendanceList.Changed) -> None:
        self.query_one("#att-status", Static).update(event.attendance_list.status())

    def action_newcomer(self) -> None:
        self.query_one(NewcomerForm).open()

    def action_save(self) -> None:
        people = self.query_one("#att-people", AttendanceList)
        form = self.query_one(NewcomerForm)
        if form.pending():
            person = form.take()
            if person is None:
                return
            people.add_newcomer(person)
        changed, arrived = self._changes()
        marks = people.marks()
        confirmed = {c: p for c, p in self.confirmed.items() if marks.get(p)}  # unmarked since: not confirmed
        if not changed and not arrived and not confirmed:
            self.dismiss()
            return
        session, plan = self.ctx.session, self.ctx.plan
        rows, stakeholders = [a.model_copy() for a in session.attendance], list(plan.stakeholders)
        checkins = [c.model_copy() for c in session.checkins]
        for person_id, here in changed.items():
            attendance.mark(session, person_id, here)
        for person in people.newcomers:
            if person.id in arrived:
                attendance.admit(plan, session, person)
        for checkin_id, person_id in confirmed.items():
            attendance.confirm_checkin(session, checkin_id, person_id)
        # The plan first: a session file never names a newcomer the plan does not have yet.
        try:
            if arrived:
                self.ctx.state.store.save_plan()
        except PlanError as err:
            saved = False
            self._show_error("; ".join(p.message for p in err.problems))
        else:
            saved = self.ctx.changed()
            if not saved:
                self._show_error(_("Not saved: the marks are kept here; try again or Esc to drop them."))
        if not saved:
            # nothing half-applied in memory
            session.attendance, plan.stakeholders, session.checkins = rows, stakeholders, checkins
            return
        self.dismiss()

    def action_close(self) -> None:
        if self.has_unsaved_changes():
            ask_before_dropping(self.app, _("Close without saving the attendance? The changed marks are dropped."),
                                self.dismiss, yes=_("Drop"))
        else:
            self.dismiss()
