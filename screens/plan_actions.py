"""The app's actions that open the plan's screens and dialogs (a section, a record's form, the export,
merge, CSV and revision dialogs, a session to run, the picker, the help).

`PlanActions` is the base of `facilitator.app.ClusterApp`, which owns the open plan (`state`) and its
life (opening, checks, reloads, quitting); here is only where each key or palette entry leads. Every
screen is imported on first use, so that start-up stays light.
"""

from __future__ import annotations

import importlib
from typing import Any

from textual.app import App

from facilitator.i18n import _
from facilitator.problems import PlanError
from facilitator.screens.state import PlanState

SECTION_SCREENS: dict[str, tuple[str, str]] = {
    "stakeholders": ("stakeholders", "StakeholdersScreen"),
    "figures": ("figures", "FiguresScreen"),
    "segments": ("segments", "SegmentsScreen"),
    "findings": ("findings", "FindingsScreen"),
    "benchmarks": ("benchmarks", "BenchmarksScreen"),
    "strategy": ("strategy", "StrategyScreen"),
    "objectives": ("objectives", "ObjectivesScreen"),
    "indicators": ("objectives", "ObjectivesScreen"),
    "actions": ("actions", "ActionsScreen"),
    "governance": ("governance", "GovernanceScreen"),
    "sessions": ("sessions", "SessionsScreen"),
    "problems": ("problems", "ProblemsScreen"),
    "monitoring": ("monitoring", "MonitoringScreen"),
    "network": ("network", "NetworkScreen"),
    "risks": ("risks", "RisksScreen"),
}
"""Section id → (module in facilitator.screens, screen class); imported on first use."""



def _screen_class(module: str, name: str) -> Any:
    return getattr(importlib.import_module(f"facilitator.screens.{module}"), name)


class PlanActions(App[int]):
    """Where the plan's keys lead; a plan action with no plan open does nothing."""

    state: PlanState | None = None
    """The open plan (set by the app once it is open)."""

    def writable(self, refusal: str) -> bool:
        """True when the open plan can be changed here; otherwise says ``refusal`` (with ``{who}``, the
        holder) and returns False."""
        if self.state is None:
            return False
        if self.state.read_only:
            self.notify(self.state.held_notice(refusal), severity="warning", markup=False)
            return False
        return True

    async def action_section(self, section: str, select: str | None = None, stack: bool = False) -> None:
        """Show a section of the plan (``select``: the record to put the cursor on; ``stack``: over the
        current view, so that Escape comes back to it, as from the problems list)."""
        from facilitator.screens.base import SectionScreen

        if self.state is None or section not in SECTION_SCREENS:
            return
        screen_class = _screen_class(*SECTION_SCREENS[section])
        screen = screen_class(self.state, section=section, start_at=select)
        if isinstance(self.screen, SectionScreen) and not stack:
            await self.switch_screen(screen)
        else:
            await self.push_screen(screen)

    async def action_open_record(self, key: str, edit: bool = False) -> None:
        """Show the section holding the record whose code or id is ``key``, the cursor on it, and with
        ``edit`` open its form (for the problems view: ``app.open_record('I3.2', True)``)."""
        from facilitator.editing import locate

        if self.state is None:
            return
        found = locate(self.state.plan, key)
        if found is None:
            self.notify(_("No record {key} in the plan.").format(key=key), severity="warning", markup=False)
            return
        await self.action_section(found[0], key)
        edit_record = getattr(self.screen, "action_edit_record", None)
        if edit and edit_record is not None:
            edit_record()

    async def action_problems(self) -> None:
        await self.action_section("problems")

    async def action_monitoring(self) -> None:
        await self.action_section("monitoring")

    async def action_network(self) -> None:
        await self.action_section("network")

    async def action_risks(self) -> None:
        await self.action_section("risks")

    def action_edit_profile(self) -> None:
        if self.state is None or not self.writable(_(
                "This plan is read-only here (held by {who}); close it there to edit.")):
            return
        from facilitator.screens.profile import ProfileScreen

        if not isinstance(self.screen, ProfileScreen):
            self.push_screen(ProfileScreen(self.state))

    def action_export(self) -> None:
        if self.state is None:
            return
        from facilitator.screens.export import ExportDialog

        if not isinstance(self.screen, ExportDialog):
            self.push_screen(ExportDialog(self.state))

    def action_minutes(self, key: str | None = None) -> None:
        """Export the minutes of a session as PDF (``key``: its id or file; by default the session selected
        in the sessions view, else the latest one)."""
        from facilitator.screens.export import ExportDialog

        state = self.state
        if state is None or isinstance(self.screen, ExportDialog):
            return
        readable = [s for s in state.sessions if s.session is not None]
        if key is None:
            from facilitator.screens.sessions import SessionsScreen

            if isinstance(self.screen, SessionsScreen):
                key = self.screen.selected_key()
        summary = next((s for s in readable if key is not None and (s.rel == key or (s.session and s.session.id == key))),
                       None)
        if summary is None and key is None and readable:
            summary = readable[-1]
        if summary is None:
            self.notify(_("No readable session to write minutes for."), severity="warning", markup=False)
            return
        self.push_screen(ExportDialog(state, summary.path))

    def action_merge(self) -> None:
        """Merge another copy of the plan folder into this one (the merge screen)."""
        from facilitator.screens.merge import MergeScreen

        if self.state is None or isinstance(self.screen, MergeScreen) or not self.writable(_(
                "This plan is read-only here (held by {who}); close it there to merge.")):
            return
        self.push_screen(MergeScreen(self.state))

    async def action_changes(self) -> None:
        """What changed since a revision (the last one by default), as a report."""
        from facilitator.screens.base import SectionScreen
        from facilitator.screens.changes import ChangesScreen

        if self.state is None or isinstance(self.screen, ChangesScreen):
            return
        screen = ChangesScreen(self.state, section="changes")
        if isinstance(self.screen, SectionScreen):
            await self.switch_screen(screen)
        else:
            await self.push_screen(screen)

    def action_record_revision(self) -> None:
        """Ask for a one-line summary and record a revision with its snapshot."""
        from facilitator.screens.changes import RevisionDialog

        if self.state is None or isinstance(self.screen, RevisionDialog) or not self.writable(_(
                "This plan is read-only here (held by {who}); close it there to edit.")):
            return
        self.push_screen(RevisionDialog(self.state))

    def action_csv(self, mode: str) -> None:
        """Export or import stakeholders, indicators or actions as CSV (``mode``: export or import)."""
        from facilitator.screens.csv_dialog import CsvDialog

        if self.state is None or isinstance(self.screen, CsvDialog):
            return
        self.push_screen(CsvDialog(self.state, "import" if mode == "import" else "export"))

    def action_new_session(self) -> None:
        """Start a workshop session from a kit (the runner opens on its first step)."""
        from facilitator.screens.new_session import NewSessionScreen

        if self.state is None or isinstance(self.screen, NewSessionScreen) or not self.writable(_(
                "This plan is read-only here (held by {who}); close it there to run a session.")):
            return
        self.push_screen(NewSessionScreen(self.state))

    def action_run_session(self, key: str) -> None:
        """Continue a planned or open session (``key``: its id or its file relative to the plan)."""
        from facilitator.screens.new_session import ensure_kits
        from facilitator.screens.runner import RunnerScreen
        from facilitator.screens.step_base import RunnerContext

        state = self.state
        if state is None:
            return
        summary = next((s for s in state.sessions if s.rel == key or (s.session and s.session.id == key)), None)
        if summary is None or summary.session is None:
            return
        if summary.session.status == "closed":  # a closed session is a record: show it, do not run it
            self.call_later(self.action_section, "sessions", summary.session.id)
            return
        kit = ensure_kits(state).get(summary.session.workshop)
        if kit is None:
            self.notify(_("No workshop kit {kit} for this session.").format(kit=summary.session.workshop),
                        severity="error", markup=False)
            return
        try:
            handle = state.store.open_session(summary.path)
        except PlanError as err:
            self.notify("; ".join(p.message for p in err.problems), severity="error", markup=False)
            return
        self.push_screen(RunnerScreen(RunnerContext(state, handle, kit)))

    async def action_picker(self) -> None:
        from facilitator.screens.picker import PickerScreen

        if isinstance(self.screen, PickerScreen):
            return
        if any(isinstance(s, PickerScreen) for s in self.screen_stack):
            while not isinstance(self.screen, PickerScreen):
                await self.pop_screen()
            return
        await self.push_screen(PickerScreen(can_go_back=True))

    def action_help(self) -> None:
        from facilitator.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))
