"""workshops/KIT.toml: a workshop kit, the agenda and prompts of one kind of workshop."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import Field

from facilitator.model.base import (
    KIT_FORMAT,
    AskKey,
    ConsolidateInto,
    KitRecord,
    RecallKey,
    Slug,
    StepKind,
    Text,
)

# --- workshops/*.toml --------------------------------------------------------------------------------------

class LocalText(KitRecord):
    """A text in the three languages of the product; English is required."""

    en: Text
    es: Text = ""
    pt: Text = ""

    def get(self, lang: str) -> str:
        return getattr(self, lang, "") or self.en


class KitStep(KitRecord):
    id: Slug
    kind: StepKind
    minutes: Annotated[int, Field(ge=1, le=480)]
    title: LocalText | None = None
    prompt: LocalText | None = None
    categories: list[Slug] = []
    source: Slug | None = None
    dots_per_person: Annotated[int, Field(ge=1, le=50)] | None = None
    into: ConsolidateInto | None = None
    top: Annotated[int, Field(ge=1, le=100)] | None = None
    columns: list[Slug] = []
    criteria: list[Slug] = []
    weights: dict[Slug, Annotated[float, Field(ge=0, le=100)]] = {}
    """Weights of the criteria of a matrix step (default 1 each)."""
    sources: list[Slug] = []
    """Further source steps, after `source` (a vote over two walls, a consolidation of both)."""
    max_per_item: Annotated[int, Field(ge=1, le=50)] | None = None
    """The most dots one person may put on one item."""
    quorum: Annotated[int, Field(ge=1, le=1000)] | None = None
    """People present needed before a statement can be adopted."""
    shows: list[RecallKey] = []
    """What the step puts back in front of the room from the plan (the SWOT, the top findings…)."""
    asks: AskKey | None = None
    """What a briefing asks the room to agree (the vision's horizon year)."""

    def inputs(self) -> list[str]:
        """The steps this step works on: `source` then `sources`."""
        return ([self.source] if self.source else []) + [s for s in self.sources if s != self.source]


class Prerequisite(StrEnum):
    """A list of the plan a workshop kit builds on (a kit's `requires`)."""

    stakeholders = "stakeholders"
    findings = "findings"
    benchmarks = "benchmarks"
    lines = "lines"
    objectives = "objectives"
    indicators = "indicators"
    actions = "actions"


class Kit(KitRecord):
    """A workshop kit: the agenda and prompts of one kind of workshop."""

    format: str = KIT_FORMAT
    id: Slug
    title: LocalText
    purpose: LocalText
    requires: list[Prerequisite] = []
    """What the plan must already hold for this workshop to work (`facilitator.kits.missing`): the
    indicators workshop writes sheets for the plan's objectives. Missing ones are said when it starts."""
    steps: list[KitStep]

    def step(self, step_id: str) -> KitStep | None:
        return next((s for s in self.steps if s.id == step_id), None)
