"""The step views, by kind: `STEP_VIEWS` is the one table of which screen runs each kind of workshop step,
and `view_for` makes the view of a step.

Its core twin is `facilitator.engine.kinds.STEP_KINDS` (each kind's engine and label); a test checks that
both name every `StepKind`. Adding a kind: docs/decisions.md, "Extension points".
"""

from __future__ import annotations

from facilitator.model import KitStep, StepKind
from facilitator.screens.step_base import RunnerContext, StepView
from facilitator.screens.step_brainstorm import BrainstormView
from facilitator.screens.step_briefing import BriefingView
from facilitator.screens.step_consolidate import ConsolidateView
from facilitator.screens.step_decide import DecideView
from facilitator.screens.step_group import GroupView
from facilitator.screens.step_matrix import MatrixView
from facilitator.screens.step_network import NetworkView
from facilitator.screens.step_statement import StatementView
from facilitator.screens.step_table import TableView
from facilitator.screens.step_vote import VoteView

STEP_VIEWS: dict[StepKind, type[StepView]] = {
    StepKind.briefing: BriefingView,
    StepKind.brainstorm: BrainstormView,
    StepKind.group: GroupView,
    StepKind.vote: VoteView,
    StepKind.matrix: MatrixView,
    StepKind.statement: StatementView,
    StepKind.table: TableView,
    StepKind.decide: DecideView,
    StepKind.consolidate: ConsolidateView,
    StepKind.network: NetworkView,
}
"""Step kind → the view that runs it (kits are validated, so every step's kind is one of these)."""


def view_for(ctx: RunnerContext, step: KitStep) -> StepView:
    return STEP_VIEWS[step.kind](ctx, step, classes="step-view")
