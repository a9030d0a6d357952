"""The Textual application: opens a plan through the store and wires the screens to it.

The only module of `facilitator` that imports Textual (the screens live in `facilitator.screens`).
It owns the open plan (`PlanState`), switches between screens, runs the plan checks in a worker,
notices when plan.toml changes on disk, and closes the plan (its lock) on exit. Each screen owns its
own behaviour; the actions that open them are `screens.plan_actions.PlanActions`, which this app
extends. Screens other than the dashboard, and the PDF
export, are imported when first used so that start-up stays fast; for the same reason the plan given at
start-up is opened in a worker after the dashboard's first frame (the store, pydantic and the model
load there), and the dashboard fills in when it arrives.
"""

from __future__ import annotations

import sys
from importlib.resources import files
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual import on, work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.signal import Signal

from facilitator.i18n import N_, _
from facilitator.problems import Level, PlanError, Problem
from facilitator.screens.commands import THEMES, ClusterCommands
from facilitator.screens.messages import OpenPlan, PlanSaved, PrepareExport, ReloadPlan
from facilitator.screens.plan_actions import PlanActions
from facilitator.screens.state import PlanState
from facilitator.screens.themes import HIGH_CONTRAST

if TYPE_CHECKING:  # the store (pydantic, the model) is imported by the start-up worker, not at start-up
    from facilitator.store import PlanStore, SessionSummary

PLAN_ACTIONS = frozenset({"section", "open_record", "problems", "monitoring", "network", "edit_profile", "export", "reload",
                          "new_session", "run_session", "minutes", "merge", "changes", "record_revision", "csv"})
"""Actions that need an open plan (hidden from the footer and the palette otherwise)."""

DISK_CHECK_SECONDS = 2.0
EXPORT_PREWARM_SECONDS = 4.0
"""After start-up, when the spare export process starts (WeasyPrint loading, off the app's process): late
enough that the plan and its checks are on screen first, early enough to be ready for a first export."""

STYLESHEETS = ("app.tcss", "dashboard.tcss", "picker.tcss")
"""The app's styles and those of the screens that can be the start-up screen (see CSS_PATH below);
the other screens load their own .tcss when first shown (the error screen too: it is pushed over the
dashboard drawn at start-up)."""


class _Opened(Message):
    """The start-up worker's result: the plan opened in ``folder`` (``store``, ``sessions``), or ``problems``."""

    def __init__(self, folder: Path, store: PlanStore | None = None, sessions: list[SessionSummary] | None = None,
                 problems: list[Problem] | None = None) -> None:
        super().__init__()
        self.folder = folder
        self.store = store
        self.sessions = sessions
        self.problems = problems


class ClusterApp(PlanActions):
    """Cluster Facilitator in the terminal."""

    TITLE = "Cluster Facilitator"
    # The start-up screens' .tcss are listed here too: Textual 8.2 does not load the CSS_PATH of the
    # screen returned by get_default_screen(); the screens' rules are prefixed with their type anyway.
    CSS_PATH: ClassVar[list[str | PurePath]] = [str(files("facilitator.screens") / name) for name in STYLESHEETS]
    COMMANDS: ClassVar[set[Any]] = {ClusterCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", N_("Help"), show=False, id="app.help-f1", tooltip=N_("Show the keys")),
    ]

    def __init__(self, folder: Path | None = None, notice: str | None = None) -> None:
        super().__init__()
        self.register_theme(HIGH_CONTRAST)
        self.state: PlanState | None = None
        self.open_problems: list[Problem] | None = None
        """Why the plan given at start-up could not be opened (shown on the error screen)."""
        self.folder = folder
        self.opening: Path | None = folder
        """The plan given at start-up while a worker opens it (None once it is open or has failed)."""
        self._notice = notice
        self._reload_error: str | None = None
        self._closing = False
        self.prewarm_export: bool | None = None
        """Keep a spare export process ready (`export.runner.prewarm`); None: only outside headless runs,
        so the tests' apps do not each start one."""

    # --- opening and closing plans ---------------------------------------------------------------------------

    @staticmethod
    def _open_store(folder: Path) -> tuple[PlanStore, list[SessionSummary]]:
        """Open ``folder`` through the store: (store, session summaries); raises PlanError with located
        problems. Touches no Textual object, so the start-up worker runs it in its thread."""
        from facilitator.store import PlanStore

        try:
            store = PlanStore.open(folder)
        except PlanError:
            raise
        except Exception as exc:  # noqa: BLE001 - an unexpected failure still gets a screen, not a traceback
            raise PlanError(Problem("open-failed", Level.error, str(folder), _(
                "could not open the plan: {reason}").format(reason=exc))) from None
        sessions: list[SessionSummary]
        try:
            sessions = store.session_summaries()
        except Exception:  # noqa: BLE001 - broken session files are listed by the checks, never fatal
            sessions = []
        return store, sessions

    def _state_for(self, store: PlanStore, sessions: list[SessionSummary]) -> PlanState:
        return PlanState(store, Signal(self, "plan-changed"), sessions)

    def _open_state(self, folder: Path) -> PlanState:
        """Open ``folder`` through the store (raises PlanError with located problems)."""
        from facilitator import recent

        state = self._state_for(*self._open_store(folder))
        recent.remember(state.folder)
        return state

    def close_plan(self) -> None:
        """Release the open plan's lock (idempotent)."""
        if self.state is not None:
            self.state.store.close()

    def get_default_screen(self) -> Screen[Any]:
        if self.opening is not None:
            from facilitator.screens.dashboard import DashboardScreen

            return DashboardScreen(opening=self.opening)
        from facilitator.screens.picker import PickerScreen

        return PickerScreen()

    def on_mount(self) -> None:
        from facilitator import settings

        remembered = settings.theme()
        if remembered in dict(THEMES):
            self.theme = remembered
        if self._notice:
            self.notify(self._notice, title=_("Welcome"), timeout=12, markup=False)
        if self.opening is not None:
            # Started at once: the first frame (the dashboard's boxes) is composed on this thread meanwhile.
            # Measured on an idle machine, this shows the plan ~30 ms sooner than starting after the first
            # refresh, and the first frame no later (bench/bench_startup.py).
            self._open_at_start(self.opening)
        self.set_interval(DISK_CHECK_SECONDS, self._watch_disk)
        self.set_timer(EXPORT_PREWARM_SECONDS, self.prewarm_export_worker)

    def prewarm_export_worker(self) -> None:
        """Start the spare export process if a plan is open and none is waiting (see `prewarm_export`)."""
        wanted = self.prewarm_export if self.prewarm_export is not None else not self.is_headless
        if wanted and not self._closing and self.state is not None:
            from facilitator.export import runner

            runner.prewarm()

    def on_unmount(self) -> None:
        self._closing = True
        self.close_plan()
        if "facilitator.export.runner" in sys.modules:  # imported only if an export ran or was prepared
            sys.modules["facilitator.export.runner"].discard_spare()

    @work(thread=True, exclusive=True, group="open", exit_on_error=False)
    def _open_at_start(self, folder: Path) -> None:
        """Open the start-up plan off the UI thread (the first import of the store and the model is most of
        the time) and hand the result to `_opened` as a message: a message never blocks this thread, even
        when the app is closing."""
        try:
            store, sessions = self._open_store(folder)
        except PlanError as err:
            self.post_message(_Opened(folder, problems=err.problems))
            return
        if not self.post_message(_Opened(folder, store, sessions)):
            store.close()  # the app is gone: release the lock now
            return
        from facilitator import recent

        recent.remember(store.folder)  # after the plan is on its way to the screen: it writes a file

    @on(_Opened)
    async def _opened(self, message: _Opened) -> None:
        from facilitator.screens.dashboard import DashboardScreen

        if self._closing or message.folder != self.opening:
            if message.store is not None:  # quitting, or another plan was opened from the picker meanwhile
                message.store.close()
            return
        self.opening = None
        dashboard = next((s for s in self.screen_stack if isinstance(s, DashboardScreen)
                          and s.opening == message.folder), None)
        if message.problems is not None:
            from facilitator.screens.plan_error import PlanErrorScreen

            self.open_problems = message.problems
            if dashboard is not None:
                dashboard.opening_failed()
            # Pushed over the dashboard's frame: Textual 8.2 cannot switch the start-up screen away.
            await self.push_screen(PlanErrorScreen(message.folder, message.problems))
            return
        assert message.store is not None  # no problems: the worker opened the store
        self.state = self._state_for(message.store, message.sessions or [])
        self.folder = self.state.folder
        if dashboard is not None:
            dashboard.show_plan(self.state)
        self.refresh_bindings()  # the plan's keys come back to the footer
        # After the plan's frame: the checks' thread would otherwise compete with it for the GIL.
        self.call_after_refresh(self.run_checks)

    @on(OpenPlan)
    async def _open_requested(self, message: OpenPlan) -> None:
        folder = message.folder.expanduser().resolve()
        if self.state is not None and folder == self.state.folder:
            await self._reset_to_dashboard()
            return
        try:
            state = self._open_state(folder)
        except PlanError as err:
            from facilitator.screens.plan_error import PlanErrorScreen

            if isinstance(self.screen, PlanErrorScreen) and self.screen.folder == folder:
                self.screen.show(err.problems)
                self.notify(_("The plan still cannot be opened."), severity="warning", timeout=4)
            elif message.origin is not None and hasattr(message.origin, "open_failed") and not any(
                    p.line for p in err.problems):
                message.origin.open_failed(err.problems)  # a wrong path: say so next to the field
            else:
                await self.push_screen(PlanErrorScreen(folder, err.problems))
            return
        self.close_plan()
        self.opening = None  # a plan still being opened at start-up is dropped when it arrives
        self.state = state
        self.folder = state.folder
        self._reload_error = None
        await self._reset_to_dashboard()
        if message.notice:
            self.notify(message.notice, timeout=10, markup=False)
        self.run_checks()

    async def _reset_to_dashboard(self) -> None:
        """Drop the screens above the open plan's dashboard, or push a dashboard for a newly opened plan.

        Textual 8.2 cannot `switch_screen` the start-up screen (IndexError in `_pop_result_callback`),
        so a new plan's dashboard is pushed over it; that screen is never revealed again (a dashboard
        has no "back"), and it stops redrawing because each plan has its own `changed` signal. The start-up
        dashboard of a plan that could not be opened is filled in instead.
        """
        from facilitator.screens.dashboard import DashboardScreen

        state = self.state
        assert state is not None

        def current() -> bool:
            screen = self.screen
            return isinstance(screen, DashboardScreen) and screen.plan_is_open() and screen.state is state

        while len(self.screen_stack) > 1 and not current():
            await self.pop_screen()
        if isinstance(self.screen, DashboardScreen) and not self.screen.plan_is_open():
            self.screen.show_plan(state)  # the frame drawn at start-up for a plan that could not be opened
        elif not current():
            await self.push_screen(DashboardScreen(state))

    # --- background work ---------------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="checks", exit_on_error=False)
    def run_checks(self) -> None:
        """Run the plan checks off the UI thread and publish the result."""
        state = self.state
        if state is None:
            return
        from facilitator.checks import check_store
        from facilitator.kits import load_kits

        try:
            kits = load_kits(state.folder)
            problems = check_store(state.store)
        except Exception as exc:  # noqa: BLE001 - a bug in a check must not take the app down
            problems = [Problem("check-failed", Level.error, "plan.toml", _(
                "the checks could not run: {reason}").format(reason=exc))]
            kits = None
        self.call_from_thread(self._checked, state, kits, problems)

    def _checked(self, state: PlanState, kits: Any, problems: list[Problem]) -> None:
        current = self.state
        if current is None or current is not state:
            return  # another plan was opened meanwhile
        if kits is not None:
            current.kits = kits
        current.problems = problems
        current.publish("checked")

    def _watch_disk(self) -> None:
        state = self.state
        if state is None:
            return
        try:
            changed = state.store.changed_on_disk()
        except OSError:
            return
        if changed:
            self.reload_plan(auto=True)

    def reload_plan(self, auto: bool = False) -> bool:
        """Read the plan again from disk; a broken file keeps the last good version on screen."""
        state = self.state
        if state is None:
            return False
        if state.read_only and not auto and self._take_over(state):
            return True
        try:
            state.store.reload()
        except PlanError as err:
            message = "; ".join(str(p) for p in err.problems[:3])
            if message != self._reload_error:
                self._reload_error = message
                self.notify(_("plan.toml changed on disk but cannot be read; the screen shows the last good "
                              "version and nothing will be written until it is fixed.\n{problems}").format(
                                  problems=message), severity="error", timeout=15, markup=False)
            return False
        self._reload_error = None
        state.load_sessions()
        state.problems = None
        state.publish("reloaded")
        self.run_checks()
        self.notify(_("plan.toml changed on disk: reloaded.") if auto else _("Plan reloaded from disk."),
                    timeout=4)
        return True

    def _take_over(self, state: PlanState) -> bool:
        """A read-only plan whose holder has closed it: open it again, for editing this time."""
        from facilitator.store import PlanStore

        try:
            fresh = PlanStore.open(state.folder)
        except PlanError:
            return False
        if fresh.read_only:
            fresh.close()
            return False
        state.store.close()
        state.store = fresh
        state.load_sessions()
        state.problems = None
        state.publish("reloaded")
        self.run_checks()
        self.notify(_("The plan is now open for editing here."), timeout=4)
        return True

    def plan_saved(self) -> None:
        """After a screen saved a change: redraw everything and check again."""
        if self.state is not None:
            self.state.problems = None
            self.state.publish("saved")
            self.run_checks()

    @on(PlanSaved)
    def _saved_by_screen(self, _message: PlanSaved) -> None:
        self.plan_saved()

    @on(ReloadPlan)
    def _reload_requested(self, _message: ReloadPlan) -> None:
        self.reload_plan()

    @on(PrepareExport)
    def _prepare_export(self, _message: PrepareExport) -> None:
        self.prewarm_export_worker()

    # --- actions -----------------------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action in PLAN_ACTIONS and self.state is None)

    def action_command_palette(self) -> None:
        """Textual's command palette, with its prompt in the user's language."""
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(cast("App[object]", self)):
            self.push_screen(CommandPalette(id="--command-palette", placeholder=_("Search for commands…")))

    def action_reload(self) -> None:
        self.reload_plan()

    async def action_quit(self) -> None:
        """Quit; if any screen of the stack holds typed changes that are not saved, ask first."""
        from facilitator.screens.confirm import ConfirmScreen
        from facilitator.screens.unsaved import ask_before_dropping, unsaved

        if not unsaved(self.screen_stack):
            self.exit()
            return
        if isinstance(self.screen, ConfirmScreen):
            return  # a question is already open: answer it first
        ask_before_dropping(self, _("You have typed changes that are not saved. Quit and drop them?"), self.exit,
                            yes=_("Quit"))

    def action_cycle_theme(self) -> None:
        names = [name for name, _label in THEMES]
        current = names.index(self.theme) if self.theme in names else -1
        self.action_set_theme(names[(current + 1) % len(names)])

    def action_set_theme(self, name: str) -> None:
        labels = dict(THEMES)
        if name not in labels:
            return
        self.theme = name
        from facilitator import settings

        settings.remember_theme(name)
        self.notify(_("Theme: {name}").format(name=_(labels[name])), timeout=2)


def run_app(folder: Path | None, notice: str | None = None) -> int:
    """Run the terminal app on ``folder`` (None: start at the plan picker). Returns the exit code."""
    app = ClusterApp(folder, notice)
    try:
        result = app.run()
    finally:
        app.close_plan()
    return int(result or app.return_code or 0)
