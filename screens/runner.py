"""The session runner: the agenda, the clock and the current step's view, with room mode for the projector.

The runner holds one open session (`RunnerContext`) and shows the view of its current step, chosen by
the step's kind from `screens.steps.STEP_VIEWS`. Every change goes through the engine and
`RunnerContext.changed()`, which writes the session file at once; a failed write is shown in the status
line and nothing typed is dropped. The keys that must work while a capture field has the focus are
priority bindings (page keys, ctrl combinations the text field does not need).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Digits, Input, Static

from facilitator.engine import agenda, clock
from facilitator.i18n import N_, _, in_language, ngettext
from facilitator.problems import PlanError
from facilitator.screens.messages import PlanSaved
from facilitator.screens.recall import RecallPanel
from facilitator.screens.room import RoomPanel, Wall, WallKind
from facilitator.screens.room_panel import RoomDialog, RoomLink
from facilitator.screens.step_base import RunnerContext, StepView
from facilitator.screens.step_table import missing_prerequisites
from facilitator.screens.steps import view_for
from facilitator.screens.widgets import Footer

if TYPE_CHECKING:
    from facilitator.model import KitStep


def clock_text(seconds: int | None) -> str:
    """mm:ss left, or +mm:ss over time (what the countdown shows)."""
    if seconds is None:
        return "--:--"
    sign = "+" if seconds < 0 else ""
    minutes, secs = divmod(abs(seconds), 60)
    return f"{sign}{minutes:02d}:{secs:02d}"


RUNNER_BINDINGS: list[BindingType] = [
    Binding("pagedown,ctrl+n", "next_step", N_("Next step"), id="runner.next", priority=True,
            tooltip=N_("End this step and start the next one (PageDown or ctrl+n)")),
    Binding("pageup", "previous_step", N_("Previous step"), id="runner.previous", priority=True, show=False,
            tooltip=N_("Go back to the previous step (PageUp)")),
    Binding("ctrl+d", "decisions", N_("Decision"), id="runner.decisions", priority=True,
            tooltip=N_("Log a decision, an action item or a parking-lot item, from any step")),
    Binding("ctrl+l", "decision_log", N_("Log"), id="runner.log", priority=True,
            tooltip=N_("The session's decisions, action items and parking lot: edit, reclassify, delete")),
    Binding("ctrl+g", "toggle_prompt", N_("Prompt"), id="runner.prompt", priority=True, show=False,
            tooltip=N_("The step's whole prompt, when it does not fit under the title (again: back)")),
    Binding("ctrl+k", "toggle_recall", N_("Recall"), id="runner.recall", priority=True,
            tooltip=N_("Show or hide what the step recalls from the plan (the SWOT, the top findings…)")),
    Binding("ctrl+r,f5", "room", N_("Room"), id="runner.room", priority=True,
            tooltip=N_("Room mode: large prompt, timer and captured items for the projector")),
    Binding("f10", "close_session", N_("Close"), id="runner.close", priority=True,
            tooltip=N_("Close the session: summary, what goes into the plan, confirm")),
    Binding("escape", "leave", N_("Leave"), id="runner.leave",
            tooltip=N_("Back to the dashboard; the session stays open and can be continued")),
    Binding("ctrl+t", "attendance", N_("People"), id="runner.attendance", priority=True,
            tooltip=N_("Attendance: who is present; add a newcomer")),
    Binding("f6", "phones", N_("Phones"), id="runner.phones", priority=True,
            tooltip=N_("Open the room to phones on this session (QR code and address); again: close it")),
]


class RunnerScreen(Screen[None]):
    """One session, run step by step against the clock."""

    CSS_PATH = "runner.tcss"
    BINDINGS: ClassVar[list[BindingType]] = RUNNER_BINDINGS

    def __init__(self, ctx: RunnerContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.room = False
        self.show_recall = True
        self.prompt = ""
        self.prompt_cut = False
        """The panel of what a step recalls from the plan is shown (ctrl+k hides it for every step)."""
        self._theme_before: str | None = None
        self.last_saved: str = ""
        self.error: str = ""
        self.view: StepView | None = None
        ctx.on_change.append(self._saved)
        ctx.on_error.append(self._save_failed)
        self.link = RoomLink(ctx, self._room_changed)
        """The room phones join (F6): open only while the runner is, and the session is."""
        self._echo = False
        """The runner is telling the room about its own change (no need to redraw the step for it)."""
        self._redraw_pending = False

    def has_unsaved_changes(self) -> bool:
        """Text typed in a box of the step (an idea, a row, a group name) and not captured yet
        (`HoldsUnsavedChanges`); every captured thing is written at once and its box emptied."""
        return any(box.value.strip() for box in self.query(Input))

    # --- layout ----------------------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="runner-top"):
            with Vertical(id="runner-heading"):
                yield Static(id="step-title")
                yield Static(id="step-prompt")
            yield Digits("--:--", id="countdown")
        yield RoomPanel(id="room")
        with Horizontal(id="runner-body"):
            with VerticalScroll(id="agenda-box", can_focus=False):
                yield Static(id="agenda")
            yield Vertical(id="step-area")
        yield Static(id="runner-status")
        yield Footer(compact=True)

    async def on_mount(self) -> None:
        self.sub_title = self.ctx.session.title
        self.query_one("#agenda-box").border_title = _("Agenda")
        self.query_one("#agenda-box").border_subtitle = _("PgUp ◂  ▸ PgDn")
        session, kit = self.ctx.session, self.ctx.kit
        not_running = session.current_step is None or kit.step(session.current_step) is None
        if not_running and session.status != "closed" and kit.steps:
            agenda.start_step(session, kit, kit.steps[0].id, at=clock.now())
            self.ctx.changed()
            self._say_missing_prerequisites()
        await self.show_step()
        self.set_interval(1.0, self.tick)

    def _say_missing_prerequisites(self) -> None:
        """When the session starts: what the kit builds on and the plan lacks (a warning, not a refusal:
        the room is there and the facilitator decides)."""
        message = missing_prerequisites(self.ctx.kit, self.ctx.plan)
        if message:
            self.notify(message, title=_("Missing in the plan"), severity="warning", timeout=20, markup=False)

    def current_step(self) -> KitStep | None:
        step_id = self.ctx.session.current_step
        return self.ctx.kit.step(step_id) if step_id else None

    async def show_step(self) -> None:
        """Mount the view of the current step (replacing the previous one)."""
        area = self.query_one("#step-area", Vertical)
        await area.remove_children()
        step = self.current_step()
        self.view = None
        if step is not None:
            self.view = view_for(self.ctx, step)
            if step.shows and not self.view.SHOWS_PROMPT:  # a briefing prints what it recalls itself
                recall = RecallPanel(self.ctx.plan, list(step.shows))
                recall.display = self.show_recall
                await area.mount(recall)
            await area.mount(self.view)
            self.link.follow(step.id)
        self.refresh_all()
        self.refresh_bindings()  # the recall key is shown only on a step that recalls something
        self.focus_step()

    def focus_step(self) -> None:
        if self.view is None:
            return
        target: Widget | None = self.view.initial_focus()
        if target is None:
            target = next((w for w in self.view.query("*") if w.focusable), None)
        if target is not None:
            target.focus()
        elif self.view.focusable:
            self.view.focus()

    # --- refreshing ------------------------------------------------------------------------------------------

    def refresh_all(self) -> None:
        step = self.current_step()
        kit = self.ctx.kit
        number = next((i for i, s in enumerate(kit.steps, start=1) if step and s.id == step.id), 0)
        title = self.ctx.text(step, "title") if step else _("No step running")
        heading = Text(end="")
        heading.append(f"{number}/{len(kit.steps)} ", style="dim")
        heading.append(title or (step.id if step else ""), style="bold")
        self.query_one("#step-title", Static).update(heading)
        self.prompt = self.ctx.text(step) if step and not (self.view and self.view.SHOWS_PROMPT) else ""
        self.query_one("#step-prompt", Static).display = bool(self.prompt)  # a briefing prints it large itself
        self.fit_prompt()
        self.query_one("#agenda", Static).update(self.agenda_text())
        self.tick()

    PROMPT_LINES = (3, 6)
    """Lines the step's prompt gets under its title: on a short screen, and on one of 40 rows or more."""

    def fit_prompt(self) -> None:
        """The prompt in the lines it gets, its last line ending in "…" when there is more; ctrl+g opens
        it whole (and closes it again)."""
        shown = self.query_one("#step-prompt", Static)
        width = shown.content_region.width or max(20, self.app.size.width - 24)
        most = self.PROMPT_LINES[1] if self.app.size.height >= 40 else self.PROMPT_LINES[0]
        lines = Text(self.prompt).wrap(self.app.console, width)
        self.prompt_cut = len(lines) > most
        open_ = self.has_class("-prompt-open")
        if self.prompt_cut and not open_:
            hint = _("ctrl+g: whole prompt")
            kept = lines[:most]
            kept[-1].truncate(max(1, width - cell_len(hint) - 3))
            kept[-1].rstrip()
            kept[-1].append("… ")
            kept[-1].append(hint, style="dim")
            text = Text("\n", end="").join(kept)
        else:
            text = Text(self.prompt)
        shown.update(text)
        height = len(lines) if open_ else min(len(lines), most)
        shown.styles.height = height
        self.query_one("#runner-top").styles.height = max(3, 1 + (height if self.prompt else 0))
        self.refresh_bindings()

    def action_toggle_prompt(self) -> None:
        self.toggle_class("-prompt-open")
        self.fit_prompt()

    def on_resize(self) -> None:
        self.call_after_refresh(self.fit_prompt)

    def agenda_text(self) -> Text:
        """One line per step: mark, planned start, minutes (planned→actual, overrun) and title."""
        out = Text(end="", no_wrap=True, overflow="ellipsis")
        current = self.ctx.session.current_step
        for row in agenda.agenda(self.ctx.session, self.ctx.kit):
            if row.step.id == current:
                mark, style = "▶", "bold reverse"
            elif row.ended is not None:
                mark, style = "✓", "dim"
            else:
                mark, style = " ", ""
            start = row.planned_start.strftime("%H:%M") if row.planned_start else "--:--"
            title = self.ctx.text(row.step, "title") or row.step.id
            out.append(f"{mark}{start} ", style=style)
            actual = row.actual_minutes
            timing = f"{row.planned_minutes}′" if actual is None else f"{row.planned_minutes}→{actual}′"
            out.append(f"{timing:>6} ", style="bold red" if row.overrun_minutes else "dim")
            out.append(title, style=style)
            out.append("\n")
        out.rstrip()
        return out

    def tick(self) -> None:
        """Once a second: the countdown, the status line and the room view."""
        seconds = agenda.remaining_seconds(self.ctx.session, self.ctx.kit, at=clock.now())
        countdown = self.query_one("#countdown", Digits)
        countdown.update(clock_text(seconds))
        countdown.set_class(seconds is not None and seconds < 0, "-over")
        self.query_one("#runner-status", Static).update(self.status_text())
        if self.room:
            step = self.current_step()
            with in_language(self.ctx.lang):  # the wall speaks the plan's language, whatever the screens speak
                wall = self.view.wall() if self.view else Wall(WallKind.list, lang=self.ctx.lang)
            self.query_one(RoomPanel).show(self._room_title(), self.ctx.text(step) if step else "", clock_text(seconds),
                                           seconds is not None and seconds < 0, wall)

    def _room_title(self) -> str:
        step = self.current_step()
        return (self.ctx.text(step, "title") or step.id) if step else ""

    def status_text(self) -> Text:
        session = self.ctx.session
        notes = sum(1 for c in session.contributions if c.merged_into is None)
        present = len(session.present())
        out = Text(end="")
        out.append(ngettext("{n} note", "{n} notes", notes).format(n=notes))
        out.append(" · " + ngettext("{n} present", "{n} present", present).format(n=present))
        parked = sum(1 for d in session.decisions if d.kind == "parking_lot" and not d.resolved)
        if parked:
            out.append(" · " + ngettext("{n} parked", "{n} parked", parked).format(n=parked))
        out.append_text(self.link.status())
        if self.error:
            out.append("  " + _("NOT SAVED: {reason}").format(reason=self.error), style="bold reverse red")
        elif self.last_saved:
            out.append("  " + _("saved {time}").format(time=self.last_saved), style="dim")
        if session.status == "closed":
            out.append("  " + _("closed"), style="bold")
        return out

    def _saved(self) -> None:
        if self.link.room is not None:  # the wall and the phones show what the facilitator typed too
            self._echo = True
            try:
                self.link.room.changed()
            finally:
                self._echo = False
        self.error = ""
        self.last_saved = clock.now().strftime("%H:%M:%S")
        if self.is_mounted:
            self.query_one("#agenda", Static).update(self.agenda_text())
            self.tick()

    def _save_failed(self, message: str) -> None:
        self.error = message
        self.notify(_("Not saved: {reason}. What you typed is kept here.").format(reason=message),
                    severity="error", timeout=8, markup=False)
        if self.is_mounted:
            self.tick()

    # --- actions ---------------------------------------------------------------------------------------------

    async def _move(self, offset: int) -> None:
        if self.ctx.session.status == "closed":
            return
        if self.view is not None and self.view.unsaved().strip():
            self.notify(_("The capture field still holds text: Enter captures it, ctrl+u clears it."),
                        severity="warning", timeout=4)
            return
        record = agenda.move(self.ctx.session, self.ctx.kit, offset, at=clock.now())
        if record is None:
            self.notify(_("This is the last step: F10 closes the session.") if offset > 0
                        else _("This is the first step."), timeout=3)
            return
        self.ctx.changed()
        await self.show_step()

    async def action_next_step(self) -> None:
        await self._move(1)

    async def action_previous_step(self) -> None:
        await self._move(-1)

    def action_decisions(self) -> None:
        from facilitator.screens.step_decide import DecisionDialog

        if isinstance(self.app.screen, DecisionDialog):
            return
        step = self.current_step()
        self.app.push_screen(DecisionDialog(self.ctx, step.id if step else None), self._after_dialog)

    def action_toggle_recall(self) -> None:
        self.show_recall = not self.show_recall
        for panel in self.query(RecallPanel):
            panel.display = self.show_recall

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "toggle_prompt":  # only where the prompt does not fit its lines
            return self.prompt_cut or self.has_class("-prompt-open")
        if action == "toggle_recall":  # the key is shown only where a step recalls something
            step = self.current_step()
            return bool(step and step.shows and not (self.view and self.view.SHOWS_PROMPT))
        return True

    def action_decision_log(self) -> None:
        from facilitator.screens.step_decide import DecisionLogScreen

        if isinstance(self.app.screen, DecisionLogScreen) or self.app.screen is not self:
            return
        step = self.current_step()
        self.app.push_screen(DecisionLogScreen(self.ctx, step.id if step else None), self._after_dialog)

    def _after_dialog(self, _result: object = None) -> None:
        if self.view is not None:
            self.view.refresh_view()
        self.refresh_all()
        self.focus_step()

    def action_attendance(self) -> None:
        from facilitator.screens.new_session import AttendanceDialog

        self.app.push_screen(AttendanceDialog(self.ctx), self._after_dialog)

    def action_room(self) -> None:
        self.room = not self.room
        self.set_class(self.room, "-room")
        if self.room:
            self._theme_before = self.app.theme
            self.app.theme = "facilitator-contrast"
        elif self._theme_before:
            self.app.theme = self._theme_before
        self.tick()
        self.focus_step()

    def action_close_session(self) -> None:
        from facilitator.screens.close_session import CloseSessionScreen

        if self.ctx.session.status == "closed":
            self.notify(_("This session is already closed."), timeout=3)
            return
        self.app.push_screen(CloseSessionScreen(self.ctx), self._after_close)

    def _after_close(self, closed: bool | None) -> None:
        if not closed:
            self.focus_step()
            return
        self.app.call_later(self._leave_after_close)

    async def _leave_after_close(self) -> None:
        await self._close_room()
        plan = self.ctx.plan
        self._refresh_plan_views()
        self.notify(_("Session closed: plan revision {n} recorded.").format(n=plan.revision), timeout=8)
        await self._restore_theme()
        self.dismiss()

    async def _restore_theme(self) -> None:
        if self.room and self._theme_before:
            self.app.theme = self._theme_before

    def _refresh_plan_views(self) -> None:
        state = self.ctx.state
        state.load_sessions()
        self.post_message(PlanSaved())

    async def action_leave(self) -> None:
        await self._close_room()
        self._refresh_plan_views()
        await self._restore_theme()
        self.dismiss()

    # --- the room: phones ------------------------------------------------------------------------------------

    async def action_phones(self) -> None:
        """F6: open the room on the current step and show how phones join; with the room open, show that
        again (F6 once more closes it)."""
        if isinstance(self.app.screen, RoomDialog) or self.app.screen is not self:
            return
        if not self.link.is_open:
            if self.ctx.session.status == "closed":
                self.notify(_("This session is closed: the room opens on a session that runs."), timeout=4)
                return
            step = self.current_step()
            if step is None:
                return
            try:
                await self.link.open(step.id)
            except PlanError as err:
                self.notify("; ".join(p.message for p in err.problems), title=_("The room did not open"),
                            severity="error", timeout=8, markup=False)
                return
            self.notify(_("Room open: phones can join."), timeout=3)
            self.tick()
        self.app.push_screen(RoomDialog(self.link, self.ctx.changed), self._after_room_dialog)

    def _after_room_dialog(self, answer: str | None) -> None:
        if answer != "close":
            self._after_dialog()
            return
        phones = self.link.phones
        if not phones:
            self.app.call_later(self._close_room, True)
            return
        from facilitator.screens.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self.app.call_later(self._close_room, True)
            else:
                self._after_dialog()

        self.app.push_screen(ConfirmScreen(ngettext(
            "{n} phone is connected: close the room? What phones sent is kept.",
            "{n} phones are connected: close the room? What phones sent is kept.", phones).format(n=phones),
            yes=_("Close the room")), answered)

    async def _close_room(self, say: bool = False, redraw: bool = True) -> None:
        if self.link.room is None:
            return
        await self.link.close()
        if say:
            self.notify(_("Room closed: phones can no longer send."), timeout=3)
        if redraw and self.is_mounted:
            self.tick()
            self.focus_step()

    def _room_changed(self) -> None:
        """A phone joined or sent something (or the room moved): redraw the step and the counts, once for
        changes that arrive together."""
        if self._echo or self._redraw_pending or not self.is_mounted:
            return
        self._redraw_pending = True
        self.call_later(self._redraw_for_room)

    def _redraw_for_room(self) -> None:
        self._redraw_pending = False
        if self.view is not None:
            self.view.refresh_view()
        self.query_one("#agenda", Static).update(self.agenda_text())
        self.tick()

    async def on_unmount(self) -> None:
        await self._close_room(redraw=False)  # quitting the app with the room open: it stops listening
