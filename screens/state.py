"""The open plan as the screens see it: the store, session summaries, kits and check results.

The app owns one `PlanState` per open plan and hands it down to every screen ("attributes down").
Screens read from it, call the core through it, and subscribe to `changed` to redraw after a save,
a reload or a finished check. Nothing here imports Textual except the `Signal` type it carries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from facilitator.i18n import _
from facilitator.problems import Level, Problem

if TYPE_CHECKING:
    from textual.signal import Signal

    from facilitator.kits import KitSet
    from facilitator.model import Plan
    from facilitator.store import PlanStore, SessionSummary


@dataclass
class PlanState:
    """One open plan folder and what the screens derive from it."""

    store: PlanStore
    changed: Signal[str]
    """Published with a reason (``saved``, ``reloaded``, ``checked``) whenever the data below changes."""
    sessions: list[SessionSummary] = field(default_factory=list)
    kits: KitSet | None = None
    problems: list[Problem] | None = None
    """Check results; None until the first check has finished (it runs in a worker after start-up)."""

    @property
    def plan(self) -> Plan:
        return self.store.plan

    @property
    def folder(self) -> Path:
        return self.store.folder

    @property
    def read_only(self) -> bool:
        return self.store.read_only

    def held_notice(self, held: str) -> str:
        """``held`` (a message naming who holds the plan as ``{who}``), or, when no one holds it but its
        folder is not writable, a message that says so."""
        if self.store.unwritable:
            return _("This plan's folder is not writable (read-only media, or no permission); copy the plan to a "
                     "folder of yours to edit it.")
        return held.format(who=self.store.holder or _("another window"))

    def load_sessions(self) -> None:
        self.sessions = self.store.session_summaries()

    def workshop_title(self, workshop: str) -> str:
        """The kit's title in the plan's language, or the workshop id when the kit is unknown."""
        kit = self.kits.get(workshop) if self.kits is not None else None
        return kit.title.get(self.plan.language) if kit is not None else workshop

    def counts(self) -> tuple[int, int, int] | None:
        """(errors, warnings, infos) of the last check, or None while checking."""
        if self.problems is None:
            return None
        levels = [p.level for p in self.problems]
        return levels.count(Level.error), levels.count(Level.warning), levels.count(Level.info)

    def publish(self, reason: str) -> None:
        self.changed.publish(reason)

    def update(self, changes: dict[str, Any], target: Any = None) -> None:
        """Apply and save ``changes`` through the store (raises PlanError, LockedError, ChangedOnDiskError)."""
        self.store.update_plan(changes, target)
