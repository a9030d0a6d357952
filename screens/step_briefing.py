"""The briefing step: the prompt in large type and what the room needs to see while it is read — what
the kit step recalls from the plan (the key figures, the core problem, the top findings, the largest
gaps…), the items carried over from earlier sessions, and, where the step asks it, the one thing the
room agrees here (the vision's horizon year)."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widget import Widget
from textual.widgets import Input, Static

from facilitator.engine import clock, statements
from facilitator.engine.capture import EngineError
from facilitator.i18n import _
from facilitator.recap import recall
from facilitator.screens.recall import recall_text
from facilitator.screens.step_base import StepView

FIGURE_KITS = frozenset({"joint-diagnosis", "benchmarking", "review"})
"""Kits whose briefing presents the profile's key figures when its step names nothing to recall (kits
written before `shows` existed)."""


class BriefingView(StepView):
    """Read the prompt to the room; show what it talks about; record what it asks."""

    SHOWS_PROMPT = True

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="briefing", can_focus=True):
            yield Static(id="briefing-prompt")
            if self.step.asks == "vision_horizon":
                with Horizontal(id="briefing-ask"):
                    yield Static(_("Horizon year:"), classes="label")
                    yield Input(self._horizon_shown(), placeholder=_("e.g. {year}").format(year=clock.now().year + 8),
                                id="briefing-horizon", max_length=4, select_on_focus=False)
                yield Static(id="briefing-ask-note", classes="hint")
            yield Static(id="briefing-figures")
            yield Static(id="briefing-carried")

    def on_mount(self) -> None:
        self.refresh_view()

    def initial_focus(self) -> Widget | None:
        if self.step.asks == "vision_horizon" and not self.ctx.session.vision_horizon:
            return self.query_one("#briefing-horizon", Input)  # the one thing the room settles here
        return self.query_one("#briefing")

    def shows(self) -> list[str]:
        if self.step.shows:
            return list(self.step.shows)
        return ["figures"] if self.ctx.kit.id in FIGURE_KITS else []

    def figures(self) -> list[str]:
        """What the step recalls from the plan, one line each (room mode lists them)."""
        return [line.strip() for block in recall(self.ctx.plan, self.shows()) for line in block.lines]

    def carried(self) -> list[str]:
        return [d.text for d in self.ctx.session.decisions if d.carried_from and not d.resolved]

    def room_lines(self) -> list[str]:
        return self.figures() or self.carried()

    def _horizon_shown(self) -> str:
        """The horizon the field starts with: the session's, else the plan's (untouched, it is not typing)."""
        return str(self.ctx.session.vision_horizon or self.ctx.plan.strategy.vision_horizon or "")

    def unsaved(self) -> str:
        for box in self.query("#briefing-horizon").results(Input):
            if box.value.strip() and box.value.strip() != self._horizon_shown():
                return box.value
        return ""

    @on(Input.Submitted, "#briefing-horizon")
    def _horizon(self, event: Input.Submitted) -> None:
        event.stop()
        note = self.query_one("#briefing-ask-note", Static)
        try:
            year = statements.set_horizon(self.ctx.session, event.value, clock.now().date())
        except EngineError as err:
            note.update(Text(str(err)))
            note.add_class("-error")
            return
        if self.ctx.changed():
            note.remove_class("-error")
            note.update(_("Recorded: {year}. It goes into the plan with the vision when the session closes.").format(
                year=year))
            self.query_one("#briefing").focus()

    def refresh_view(self) -> None:
        if not self.children:  # not composed yet (is_mounted turns True only after on_mount)
            return
        self.query_one("#briefing-prompt", Static).update(Text(self.ctx.text(self.step), style="bold"))
        shows = self.shows()
        self.query_one("#briefing-figures", Static).update(recall_text(self.ctx.plan, shows) if shows else "")
        carried = Text(end="")
        items = self.carried()
        if items:
            carried.append(_("Carried over from earlier sessions") + "\n", style="bold underline")
            for item in items:
                carried.append("• " + item + "\n")
        self.query_one("#briefing-carried", Static).update(carried)
