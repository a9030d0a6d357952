"""What every file of a plan folder shares: format names, text and identifier types, ids, enums, the
base record classes."""

from __future__ import annotations

import secrets
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

PLAN_FORMAT = "cluster-facilitator/plan/1"
SESSION_FORMAT = "cluster-facilitator/session/1"
KIT_FORMAT = "cluster-facilitator/workshop/1"
FORMAT_PREFIX = "cluster-facilitator/"
LANGUAGES = ("en", "es", "pt")

# --- text and identifier types ---------------------------------------------------------------------

_BASE32 = "abcdefghijklmnopqrstuvwxyz234567"

Id = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,8}-[a-z0-9][a-z0-9-]{0,40}$")]
"""A stable record id such as ``obj-4k7q2m``: kind prefix, dash, lowercase letters and digits."""
Code = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=16,
                                        pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")]
"""A human code such as ``O1`` or ``I1.2``, printed in the PDF."""
Name = Annotated[str, StringConstraints(max_length=200)]
Title = Annotated[str, StringConstraints(max_length=500)]
Text = Annotated[str, StringConstraints(max_length=20_000)]
LongText = Annotated[str, StringConstraints(max_length=200_000)]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")]
Currency = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
Year = Annotated[int, Field(ge=1900, le=2200)]
Number = Annotated[float, Field(ge=-1e15, le=1e15)]
Score = Annotated[int, Field(ge=1, le=5)]
FieldValue = (Annotated[str, StringConstraints(max_length=20_000)]
              | Annotated[int, Field(strict=True, ge=-10**15, le=10**15)] | Number)
"""A table cell: text, a whole number (kept whole: a year stays 2024) or a number."""
"""A measured or planned quantity: finite and within ±10^15 (larger values are typing mistakes)."""
Language = Annotated[str, StringConstraints(pattern=r"^(en|es|pt)$")]
Submission = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{8,64}$")]
"""The key a phone's form carries (made by the page): a retry with the same key is not recorded twice."""


def new_id(prefix: str) -> str:
    """A fresh stable id: ``prefix`` + six random base32 characters (about 10^9 values)."""
    return prefix + "-" + "".join(secrets.choice(_BASE32) for _ in range(6))


ID_PREFIX = {
    "stakeholder": "stk", "finding": "fnd", "benchmark": "bmk", "line": "lin", "objective": "obj",
    "indicator": "ind", "action": "act", "session": "ses", "contribution": "ctb", "group": "grp",
    "draft": "drf", "decision": "dec", "budget_line": "bud", "ballot": "bal", "checkin": "chk",
    "device": "dev", "tie": "tie", "nomination": "nom", "risk": "rsk", "segment": "seg", "activity": "acv",
}


# --- enums -------------------------------------------------------------------------------------------

class ClusterKind(StrEnum):
    horizontal = "horizontal"
    vertical = "vertical"
    mixed = "mixed"


class StakeholderKind(StrEnum):
    firm = "firm"
    association = "association"
    university = "university"
    research = "research"
    government = "government"
    finance = "finance"
    ngo = "ngo"
    other = "other"


class FirmSize(StrEnum):
    micro = "micro"
    small = "small"
    medium = "medium"
    large = "large"


class Gender(StrEnum):
    f = "f"
    m = "m"
    x = "x"


class FindingKind(StrEnum):
    strength = "strength"
    weakness = "weakness"
    opportunity = "opportunity"
    threat = "threat"
    problem = "problem"
    cause = "cause"
    effect = "effect"


class DiamondFactor(StrEnum):
    factor = "factor"
    demand = "demand"
    related = "related"
    strategy = "strategy"
    government = "government"
    chance = "chance"


class IndicatorLevel(StrEnum):
    impact = "impact"
    outcome = "outcome"
    output = "output"


class Direction(StrEnum):
    increase = "increase"
    decrease = "decrease"
    maintain = "maintain"


class Frequency(StrEnum):
    monthly = "monthly"
    quarterly = "quarterly"
    semiannual = "semiannual"
    annual = "annual"
    biennial = "biennial"
    once = "once"


class ActionKind(StrEnum):
    horizontal = "horizontal"
    vertical = "vertical"


class ActionStatus(StrEnum):
    planned = "planned"
    ongoing = "ongoing"
    done = "done"
    delayed = "delayed"
    cancelled = "cancelled"


class Priority(StrEnum):
    high = "high"
    medium = "medium"
    low = "low"


class FundingSource(StrEnum):
    program = "program"
    public = "public"
    private = "private"
    other = "other"


class SessionStatus(StrEnum):
    planned = "planned"
    open = "open"
    closed = "closed"


class Moderation(StrEnum):
    """Why a note is kept off the wall and the phones (it stays in the record: moderation never deletes)."""

    waiting = "waiting"
    """Sent by a phone on a step under review: shown once the facilitator approves it."""
    hidden = "hidden"
    """Hidden by the facilitator."""


class DecisionKind(StrEnum):
    decision = "decision"
    parking_lot = "parking_lot"
    action_item = "action_item"


class StepKind(StrEnum):
    briefing = "briefing"
    brainstorm = "brainstorm"
    group = "group"
    vote = "vote"
    matrix = "matrix"
    statement = "statement"
    table = "table"
    decide = "decide"
    consolidate = "consolidate"
    network = "network"


RecallKey = Literal["figures", "core_problem", "top_findings", "swot", "gaps", "vision", "objectives"]
"""What a kit step may put back in front of the room from the plan (`facilitator.recap`)."""

AskKey = Literal["vision_horizon"]
"""What a briefing step may ask the room to agree, recorded in the session and moved into the plan on close."""


class ConsolidateInto(StrEnum):
    findings = "findings"
    benchmarks = "benchmarks"
    vision = "vision"
    mission = "mission"
    values = "values"
    lines = "lines"
    objectives = "objectives"
    indicators = "indicators"
    actions = "actions"
    risks = "risks"
    governance = "governance"
    summary = "summary"


# --- base classes --------------------------------------------------------------------------------------

class Record(BaseModel):
    """A table of a plan or session file: unknown keys are kept and reported by the checks."""

    model_config = ConfigDict(extra="allow", use_enum_values=True, validate_assignment=True,
                              allow_inf_nan=False)


class KitRecord(BaseModel):
    """A table of a workshop kit: unknown keys are refused (kits are program text)."""

    model_config = ConfigDict(extra="forbid", use_enum_values=True, allow_inf_nan=False)



def dump(model: BaseModel) -> dict[str, Any]:
    """The model as plain data (no None values), for export contexts and comparisons."""
    return model.model_dump(mode="python", exclude_none=True)
