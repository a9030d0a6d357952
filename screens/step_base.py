"""What every step view of the session runner shares: the running session and one way to save it.

The runner screen (`screens/runner.py`) shows the agenda, the clock and one `StepView` for the current
step; which view depends on the step's kind (`facilitator.screens.steps.STEP_VIEWS`). A step view changes the session only through
`facilitator.engine` functions, then calls `RunnerContext.changed()`, which writes the session file at
once (the store's capture fast path keeps that to a few milliseconds) and tells the runner to refresh
the agenda, counts and room view.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

from textual.widget import Widget

from facilitator.i18n import _
from facilitator.problems import PlanError
from facilitator.screens.room import Wall

if TYPE_CHECKING:
    from facilitator.model import Kit, KitStep, Plan, Session
    from facilitator.screens.state import PlanState
    from facilitator.store import TomlFile


@dataclass
class RunnerContext:
    """The session being run, handed down to every step view ("attributes down")."""

    state: PlanState
    handle: TomlFile[Session]
    kit: Kit
    on_change: list[Callable[[], None]] = field(default_factory=list)
    """Called after every successful save (the runner refreshes its sidebar and room view)."""
    on_error: list[Callable[[str], None]] = field(default_factory=list)
    """Called with a message when a save fails; what was typed stays in the model and on screen."""

    @property
    def session(self) -> Session:
        return self.handle.model

    @property
    def plan(self) -> Plan:
        return self.state.plan

    @property
    def lang(self) -> str:
        return self.state.plan.language

    def text(self, step: KitStep, attribute: str = "prompt") -> str:
        """A step's localized title or prompt ('' when the kit has none)."""
        value = getattr(step, attribute)
        return value.get(self.lang) if value is not None else ""

    def changed(self, plan_too: bool = False) -> bool:
        """Write the session (and the plan when ``plan_too``) now. Returns False, after telling the
        runner why, when the write was refused (read-only, changed on disk, disk full)."""
        try:
            self.state.store.save_session(self.handle)
            if plan_too:
                self.state.store.save_plan()
        except PlanError as err:
            message = "; ".join(p.message for p in err.problems) or _("could not save")
            for callback in self.on_error:
                callback(message)
            return False
        for changed in self.on_change:
            changed()
        return True


class StepView(Widget):
    """The working area of one agenda step; each kind's view is listed in `screens.steps.STEP_VIEWS`."""

    SHOWS_PROMPT: ClassVar[bool] = False
    """The view prints the step's prompt itself (large, for the room), so the runner's heading leaves it out."""

    def __init__(self, ctx: RunnerContext, step: KitStep, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.ctx = ctx
        self.step = step

    def room_lines(self) -> list[str]:
        """This step's items as plain lines (most recent or highest ranked first): the wall of a step
        without a layout of its own is their list."""
        return []

    def wall(self) -> Wall:
        """What room mode's wall shows under the prompt (`screens.room`); called in the plan's language."""
        return Wall.listing(self.room_lines(), self.ctx.lang)

    def refresh_view(self) -> None:
        """Redraw from the session model (after an undo, a reload or a change made elsewhere)."""

    def initial_focus(self) -> Widget | None:
        """The widget to focus when the step opens or a dialog closes (None: the first focusable one)."""
        return None

    def unsaved(self) -> str:
        """Text typed in the view and not recorded yet: the runner does not change step under it."""
        return ""


def engine_call(widget: Widget, call: Callable[[], object]) -> bool:
    """Run one engine operation for a step view: an `EngineError` (an empty note, a missing owner…) is
    shown to the user as a warning instead of raised. Returns True when the operation went through."""
    from facilitator.engine.capture import EngineError

    try:
        call()
    except EngineError as err:
        widget.notify(str(err), severity="warning", timeout=4, markup=False)
        return False
    return True
