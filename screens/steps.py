"""Every step view, registered: importing this module fills `STEP_VIEWS`; `view_for` picks the view of
a step (a simple fallback view for a kind that has none yet)."""

from __future__ import annotations

import importlib

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from facilitator.i18n import _
from facilitator.model import KitStep
from facilitator.screens.step_base import STEP_VIEWS, RunnerContext, StepView

_MODULES = ("step_briefing", "step_brainstorm", "step_decide", "step_consolidate",
            "step_group", "step_vote", "step_matrix", "step_statement", "step_table")
"""The step modules; the views of group, vote, matrix, statement and table may not exist yet."""

for _name in _MODULES:
    try:
        importlib.import_module(f"facilitator.screens.{_name}")
    except ImportError as _err:  # a view not written yet: its kind gets the fallback view
        if _err.name != f"facilitator.screens.{_name}":
            raise


class FallbackView(StepView):
    """A step whose kind has no view: its prompt, and the keys that work on every step."""

    KIND = ""

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="fallback", can_focus=True):
            yield Static(Text(self.ctx.text(self.step) or self.step.id, style="bold"))
            yield Static(Text(_("This kind of step ({kind}) has no working screen yet: run it on the wall and "
                                "log its outcome with ctrl+d; PageDown goes on.").format(kind=self.step.kind)),
                         classes="hint")


def view_for(ctx: RunnerContext, step: KitStep) -> StepView:
    view = STEP_VIEWS.get(str(step.kind), FallbackView)
    return view(ctx, step, classes="step-view")
