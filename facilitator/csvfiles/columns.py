"""The kinds of CSV and their columns: which model field each column holds and how its cells read.

A column's ``kind`` (text, code, enum, number, objectives, funding…) decides how `cells` writes a value
and how `rows` reads a cell back. Indicator targets (``target_2029``…) are columns of their own, made
from the years a plan uses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from pydantic import BaseModel

from facilitator.i18n import _
from facilitator.model import (
    Action,
    ActionKind,
    ActionStatus,
    Activity,
    BudgetLine,
    Direction,
    ExpenseCategory,
    FirmSize,
    Frequency,
    FundingKind,
    FundingSource,
    Gender,
    Indicator,
    IndicatorLevel,
    Measurement,
    Priority,
    Risk,
    Segment,
    Stakeholder,
    StakeholderKind,
    Tie,
)
from facilitator.problems import Level, PlanError, Problem

KINDS = ("stakeholders", "indicators", "actions", "measurements", "budget", "ties", "risks", "segments",
         "activities")
MODELS: dict[str, type[BaseModel]] = {"stakeholders": Stakeholder, "indicators": Indicator, "actions": Action,
                                      "measurements": Measurement, "budget": BudgetLine, "ties": Tie, "risks": Risk,
                                      "segments": Segment, "activities": Activity}
SINGULAR = {"stakeholders": "stakeholder", "indicators": "indicator", "actions": "action",
            "measurements": "measurement", "budget": "budget line", "ties": "tie", "risks": "risk",
            "segments": "segment", "activities": "activity"}
PLAN_LIST = {"measurements": "indicators", "budget": "actions", "ties": "network", "activities": "actions",
             "segments": "cluster.segments"}
"""The list of the plan an import of a kind rewrites, when it is not the kind itself (measurements live
inside the indicators, budget lines and activities inside the actions, segments inside the cluster)."""

TARGET_PREFIX = "target_"
FUNDING_PREFIX = "funding_"
TARGET_COLUMN = re.compile(r"^target_(\d{4})$")


class CellError(ValueError):
    """A cell that cannot be read; the message says what to write instead."""


@dataclass(frozen=True)
class Column:
    """A column of the CSV and the model field it holds."""

    name: str
    field: str
    kind: str
    """text, required, code, id, enum, number, integer, year, date, names, objective, objectives, funding,
    currency, indicator, action (a code of the plan), link (an action's code for a record linking to it, or
    empty), amount (a number, not negative), segments (segment names, resolved by `csvfiles.segments`),
    boolean."""
    enum: type[StrEnum] | None = None
    optional: bool = False
    """An empty cell means None (else it means the field's default, or is refused for required fields)."""


def columns_of(kind: str) -> list[Column]:
    check_kind(kind)
    if kind == "stakeholders":
        return [Column("id", "id", "id"), Column("name", "name", "required"),
                Column("organization", "organization", "text"),
                Column("kind", "kind", "enum", StakeholderKind), Column("segment", "segment", "text"),
                Column("size", "size", "enum", FirmSize, optional=True),
                Column("gender", "gender", "enum", Gender, optional=True), Column("role", "role", "text"),
                Column("email", "email", "text"), Column("influence", "influence", "integer", optional=True),
                Column("interest", "interest", "integer", optional=True)]
    if kind == "indicators":
        return [Column("id", "id", "id"), Column("code", "code", "code"),
                Column("objective", "objective", "objective"), Column("name", "name", "required"),
                Column("definition", "definition", "text"), Column("level", "level", "enum", IndicatorLevel),
                Column("unit", "unit", "text"), Column("direction", "direction", "enum", Direction),
                Column("baseline", "baseline", "number", optional=True),
                Column("baseline_year", "baseline_year", "year", optional=True),
                # target_YYYY columns go here (see `export_table`)
                Column("source", "source", "text"),
                Column("frequency", "frequency", "enum", Frequency, optional=True),
                Column("responsible", "responsible", "text")]
    if kind == "actions":
        return [Column("id", "id", "id"), Column("code", "code", "code"), Column("title", "title", "required"),
                Column("description", "description", "text"), Column("kind", "kind", "enum", ActionKind),
                Column("objectives", "objectives", "objectives"), Column("lead", "lead", "text"),
                Column("partners", "partners", "names"), Column("start", "start", "date", optional=True),
                Column("end", "end", "date", optional=True), Column("status", "status", "enum", ActionStatus),
                Column("progress", "progress", "integer"), Column("priority", "priority", "enum", Priority),
                *[Column(FUNDING_PREFIX + s.value, "funding", "funding") for s in FundingSource],
                Column("currency", "currency", "currency")]
    if kind == "measurements":
        return [Column("indicator", "indicator", "indicator"), Column("date", "date", "date"),
                Column("value", "value", "number"), Column("note", "note", "text")]
    if kind == "budget":
        return [Column("action", "action", "action"), Column("year", "year", "year"),
                Column("category", "category", "enum", ExpenseCategory),
                Column("source", "source", "enum", FundingSource), Column("kind", "kind", "enum", FundingKind),
                Column("amount", "amount", "amount", optional=True), Column("note", "note", "text"),
                Column("id", "id", "id")]
    if kind == "risks":
        return [Column("id", "id", "id"), Column("code", "code", "code"), Column("risk", "risk", "required"),
                Column("likelihood", "likelihood", "integer", optional=True),
                Column("impact", "impact", "integer", optional=True), Column("mitigation", "mitigation", "text"),
                Column("owner", "owner", "text"), Column("action", "action", "link", optional=True)]
    if kind == "segments":
        return [Column("id", "id", "id"), Column("name", "name", "required"), Column("stage", "stage", "integer"),
                Column("links", "links", "segments"), Column("support", "support", "boolean")]
    if kind == "activities":
        return [Column("action", "action", "action"), Column("title", "title", "required"),
                Column("start", "start", "date", optional=True), Column("end", "end", "date", optional=True),
                Column("deliverable", "deliverable", "text"), Column("id", "id", "id")]
    if kind == "ties":  # read by `ties.import_ties` itself: names are matched to actors there
        return [Column("wave", "wave", "text"), Column("from", "actor", "text"), Column("to", "partner", "text"),
                Column("kind", "kind", "text"), Column("strength", "strength", "text"),
                Column("named_by", "named_by", "text")]
    raise AssertionError(kind)


def check_kind(kind: str) -> str:
    if kind not in KINDS:
        raise PlanError(Problem("csv-kind", Level.error, "", _("unknown kind '{kind}'; use one of: {kinds}").format(
            kind=kind, kinds=", ".join(KINDS))))
    return kind
