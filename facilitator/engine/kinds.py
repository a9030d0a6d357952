"""The step kinds of a workshop, in one table: for each kind, the engine module that runs it and its label.

A kit step names one of these kinds (`facilitator.model.StepKind`). What the app does with a step is
found from its kind in exactly two tables: `STEP_KINDS` here (core: the engine, the label the minutes and
the agenda print) and `facilitator.screens.steps.STEP_VIEWS` (the screen that runs it). A test checks that
both cover every kind, so a new kind cannot be half added. How to add one: docs/decisions.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType

from facilitator.engine import (
    agenda,
    capture,
    consolidate,
    decisions,
    grouping,
    matrix,
    nominations,
    statements,
    voting,
)
from facilitator.i18n import N_, _
from facilitator.model import StepKind


@dataclass(frozen=True)
class StepKindSpec:
    """What the app knows of one kind of step."""

    kind: StepKind
    engine: ModuleType
    """The `facilitator.engine` module whose functions the step's view calls (and the tests exercise)."""
    label: str
    """Its name in the minutes' agenda and step headings, marked with ``N_`` and translated where shown."""


STEP_KINDS: dict[StepKind, StepKindSpec] = {spec.kind: spec for spec in (
    StepKindSpec(StepKind.briefing, agenda, N_("Briefing")),
    StepKindSpec(StepKind.brainstorm, capture, N_("Brainstorm")),
    StepKindSpec(StepKind.group, grouping, N_("Grouping")),
    StepKindSpec(StepKind.vote, voting, N_("Vote")),
    StepKindSpec(StepKind.matrix, matrix, N_("Prioritisation")),
    StepKindSpec(StepKind.statement, statements, N_("Statements")),
    StepKindSpec(StepKind.table, capture, N_("Table")),
    StepKindSpec(StepKind.decide, decisions, N_("Decisions")),
    StepKindSpec(StepKind.consolidate, consolidate, N_("Consolidation")),
    StepKindSpec(StepKind.network, nominations, N_("Collaboration network")),
)}
"""Every step kind → its engine and label (a test checks it names every `StepKind`)."""


def step_label(kind: str) -> str:
    """The translated label of a step kind (the kind itself for one this version does not know)."""
    spec = STEP_KINDS.get(kind)  # type: ignore[call-overload]  # a StrEnum key: its plain value finds it too
    return _(spec.label) if spec is not None else str(kind)
