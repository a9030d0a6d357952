"""The kinds of record the editors handle (`RecordKind`, `KINDS`, `SINGLES`), the fields each form shows,
and the starting values of a new record (a fresh id, a suggested code)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from facilitator.editing.fields import (
    CHOICE,
    DATE,
    GENDER,
    GROUP,
    INT,
    LONGTEXT,
    MULTIPICK,
    NUMBER,
    PICK,
    ROWS,
    SEGMENT_PLACES,
    STRINGS,
    YEAR,
    Column,
    FieldSpec,
    action_choices,
    enum_choices,
    finding_choices,
    indicator_choices,
    labelled_choices,
    line_choices,
    objective_choices,
    segment_choices,
)
from facilitator.i18n import N_, _
from facilitator.maps import WEIGHTS
from facilitator.model import (
    ID_PREFIX,
    Action,
    ActionKind,
    ActionStatus,
    Activity,
    Benchmark,
    Beneficiaries,
    BudgetLine,
    DiamondFactor,
    Direction,
    Endorsement,
    ExpenseCategory,
    Figure,
    Finding,
    FindingKind,
    FirmSize,
    Frequency,
    Funding,
    FundingKind,
    FundingSource,
    Governance,
    Indicator,
    IndicatorLevel,
    Measurement,
    MonitoringPlan,
    Objective,
    Plan,
    Priority,
    Risk,
    Segment,
    Signatory,
    Stakeholder,
    StakeholderKind,
    StrategicLine,
    Strategy,
    Target,
    new_id,
)


@dataclass(frozen=True)
class RecordKind:
    """A list of the plan whose records the editors add, edit, delete and move."""

    key: str
    label: str
    """The record's name in messages (``finding``)."""
    model: type[BaseModel]
    owner: Callable[[Plan], BaseModel]
    """The model that holds the list (the plan, its strategy, its cluster profile)."""
    attr: str
    fields: tuple[FieldSpec, ...]
    code_prefix: str = ""
    title_field: str = "title"

    def records(self, plan: Plan) -> list[Any]:
        return list(getattr(self.owner(plan), self.attr))

    @property
    def keyed(self) -> bool:
        return "id" in self.model.model_fields

    def name_of(self, record: Any) -> str:
        code = getattr(record, "code", None)
        title = str(getattr(record, self.title_field, "") or "")
        return f"{code} {title}".strip() if code else title


FINDING_FIELDS = (
    FieldSpec("code", N_("Code"), required=True),
    FieldSpec("kind", N_("Kind"), CHOICE, choices=enum_choices(FindingKind)),
    FieldSpec("text", N_("Finding"), LONGTEXT, required=True),
    FieldSpec("factor", N_("Diamond factor"), CHOICE, choices=enum_choices(DiamondFactor)),
    FieldSpec("votes", N_("Votes"), INT),
    FieldSpec("rank", N_("Rank"), INT),
)

BENCHMARK_FIELDS = (
    FieldSpec("code", N_("Code")),
    FieldSpec("metric", N_("Metric"), required=True),
    FieldSpec("unit", N_("Unit")),
    FieldSpec("value", N_("Cluster value"), NUMBER),
    FieldSpec("reference", N_("Reference"), required=True),
    FieldSpec("reference_value", N_("Reference value"), NUMBER),
    FieldSpec("year", N_("Year"), YEAR),
    FieldSpec("source", N_("Source")),
)

LINE_FIELDS = (
    FieldSpec("code", N_("Code"), required=True),
    FieldSpec("title", N_("Title"), required=True),
    FieldSpec("description", N_("Description"), LONGTEXT),
)

OBJECTIVE_FIELDS = (
    FieldSpec("code", N_("Code"), required=True),
    FieldSpec("title", N_("Title"), required=True),
    FieldSpec("line", N_("Strategic line"), PICK, choices=line_choices),
    FieldSpec("description", N_("Description"), LONGTEXT),
    FieldSpec("owner", N_("Owner")),
    FieldSpec("findings", N_("Answers findings"), MULTIPICK, choices=finding_choices),
    FieldSpec("assumptions", N_("Assumptions"), LONGTEXT),
)

INDICATOR_FIELDS = (
    FieldSpec("code", N_("Code"), required=True),
    FieldSpec("objective", N_("Objective"), PICK, required=True, choices=objective_choices),
    FieldSpec("name", N_("Name"), required=True),
    FieldSpec("definition", N_("Definition"), LONGTEXT),
    FieldSpec("level", N_("Level"), CHOICE, choices=enum_choices(IndicatorLevel)),
    FieldSpec("unit", N_("Unit")),
    FieldSpec("direction", N_("Direction"), CHOICE, choices=enum_choices(Direction)),
    FieldSpec("baseline", N_("Baseline"), NUMBER),
    FieldSpec("baseline_year", N_("Baseline year"), YEAR),
    FieldSpec("targets", N_("Targets"), ROWS, columns=(Column("year", YEAR), Column("value", NUMBER)),
              row_model=Target, hint=N_("one a line: year; value")),
    FieldSpec("measurements", N_("Measurements"), ROWS,
              columns=(Column("date", DATE), Column("value", NUMBER), Column("note")), row_model=Measurement,
              hint=N_("one a line: date; value; note")),
    FieldSpec("source", N_("Source")),
    FieldSpec("frequency", N_("Frequency"), CHOICE, choices=enum_choices(Frequency)),
    FieldSpec("responsible", N_("Responsible")),
    FieldSpec("network_measure", N_("Network measure"), CHOICE, choices=lambda plan: network_choices("measure"),
              hint=N_("measured from the collaboration network, one measurement per survey round")),
    FieldSpec("network_kind", N_("Ties counted"), CHOICE, choices=lambda plan: network_choices("kind")),
)


def network_choices(what: str) -> list[tuple[str, str]]:
    """The measures an indicator can take from the network, or the kinds of tie it can count (labels in the
    current language). Imported here, not at start-up: the network module brings networkx."""
    from facilitator.network import MEASURES, TIE_KIND_LABELS

    return [(_(label), key) for key, label in (MEASURES if what == "measure" else TIE_KIND_LABELS).items()]


ACTION_FIELDS = (
    FieldSpec("code", N_("Code"), required=True),
    FieldSpec("title", N_("Title"), required=True),
    FieldSpec("description", N_("Description"), LONGTEXT),
    FieldSpec("objectives", N_("Objectives"), MULTIPICK, choices=objective_choices),
    FieldSpec("kind", N_("Kind"), CHOICE, choices=enum_choices(ActionKind)),
    FieldSpec("status", N_("Status"), CHOICE, choices=enum_choices(ActionStatus)),
    FieldSpec("progress", N_("Progress %"), INT),
    FieldSpec("priority", N_("Priority"), CHOICE, choices=enum_choices(Priority)),
    FieldSpec("start", N_("Start"), DATE),
    FieldSpec("end", N_("End"), DATE),
    FieldSpec("lead", N_("Lead")),
    FieldSpec("partners", N_("Partners"), STRINGS, hint=N_("one a line")),
    FieldSpec("funding", N_("Funding"), ROWS,
              columns=(Column("source", enum=FundingSource), Column("amount", NUMBER)),
              row_model=Funding, hint=N_("one a line: source; amount — sources: {sources}; with budget lines, "
                                         "their total by source"),
              hint_values=(("sources", FundingSource),)),
    FieldSpec("budget_lines", N_("Budget lines"), ROWS,
              columns=(Column("year", YEAR), Column("category", enum=ExpenseCategory),
                       Column("source", enum=FundingSource), Column("kind", enum=FundingKind),
                       Column("amount", NUMBER), Column("note")),
              row_model=BudgetLine, match=4, id_prefix=ID_PREFIX["budget_line"],
              hint=N_("one a line: year; category; source; cash or in_kind; amount; note — categories: "
                      "{categories}"),
              hint_values=(("categories", ExpenseCategory),)),
    FieldSpec("currency", N_("Currency")),
    FieldSpec("assumptions", N_("Assumptions"), LONGTEXT),
    # The project profile (docs/decisions.md, "Project profiles").
    FieldSpec("purpose", N_("Project objective"), LONGTEXT, hint=N_("what the project changes when it is done")),
    FieldSpec("justification", N_("Justification"), LONGTEXT, hint=N_("why it is needed; pick the findings below")),
    FieldSpec("findings", N_("Justifying findings"), MULTIPICK, choices=finding_choices),
    FieldSpec("activities", N_("Activities"), ROWS,
              columns=(Column("title"), Column("start", DATE), Column("end", DATE), Column("deliverable")),
              row_model=Activity, id_prefix=ID_PREFIX["activity"],
              hint=N_("one a line: activity; start; end; deliverable — dates within the action's")),
    FieldSpec("deliverables", N_("Deliverables"), STRINGS, hint=N_("one a line")),
    FieldSpec("beneficiaries", N_("Beneficiaries"), GROUP, row_model=Beneficiaries,
              columns=(Column("description", label=N_("Who they are")),
                       Column("micro", INT, N_("Micro firms")), Column("small", INT, N_("Small firms")),
                       Column("medium", INT, N_("Medium firms")), Column("large", INT, N_("Large firms")),
                       Column("women", INT, N_("Women")), Column("men", INT, N_("Men")))),
    FieldSpec("indicators", N_("Indicators"), MULTIPICK, choices=indicator_choices),
)

RISK_FIELDS = (
    FieldSpec("code", N_("Code"), required=True),
    FieldSpec("risk", N_("Risk"), LONGTEXT, required=True),
    FieldSpec("likelihood", N_("Likelihood"), INT, hint=N_("1 rare, 2 unlikely, 3 possible, 4 likely, 5 almost certain")),
    FieldSpec("impact", N_("Impact"), INT, hint=N_("1 negligible, 2 minor, 3 moderate, 4 major, 5 severe")),
    FieldSpec("mitigation", N_("Mitigation"), LONGTEXT),
    FieldSpec("owner", N_("Owner")),
    FieldSpec("action", N_("Threatened action"), PICK, choices=action_choices),
)

STAKEHOLDER_FIELDS = (
    FieldSpec("name", N_("Name"), required=True),
    FieldSpec("organization", N_("Organization")),
    FieldSpec("kind", N_("Kind"), CHOICE, choices=enum_choices(StakeholderKind)),
    FieldSpec("segment", N_("Segment")),
    FieldSpec("size", N_("Firm size"), CHOICE, choices=enum_choices(FirmSize)),
    FieldSpec("gender", N_("Gender"), CHOICE, choices=labelled_choices(GENDER)),
    FieldSpec("role", N_("Role")),
    FieldSpec("email", N_("Email")),
    FieldSpec("influence", N_("Influence (1-5)"), INT,
              hint=N_("how much it can shape the plan: 1 none … 5 decisive (the stakeholder map)")),
    FieldSpec("interest", N_("Interest (1-5)"), INT, hint=N_("how much the plan matters to it: 1 none … 5 very high")),
)

SEGMENT_FIELDS = (
    FieldSpec("name", N_("Name"), required=True,
              hint=N_("stakeholders whose segment is written the same way are counted in it")),
    FieldSpec("stage", N_("Stage"), INT, hint=N_("its place along the chain: 1 first")),
    FieldSpec("links", N_("Supplies"), MULTIPICK, choices=segment_choices),
    FieldSpec("support", N_("Place"), CHOICE, choices=labelled_choices(SEGMENT_PLACES)),
)

FIGURE_FIELDS = (
    FieldSpec("name", N_("Name"), required=True),
    FieldSpec("value", N_("Value"), NUMBER),
    FieldSpec("unit", N_("Unit")),
    FieldSpec("year", N_("Year"), YEAR),
    FieldSpec("source", N_("Source")),
    FieldSpec("weight", N_("Weight of the cluster"), CHOICE, choices=labelled_choices(WEIGHTS),
              hint=N_("a weight figure opens the profile under \"Why this cluster\"")),
    FieldSpec("region_share", N_("Share of the region %"), NUMBER,
              hint=N_("the figure as a percent of the region's total of the same measure")),
)

STATEMENT_FIELDS = (
    FieldSpec("vision", N_("Vision"), LONGTEXT),
    FieldSpec("vision_horizon", N_("Vision horizon"), YEAR),
    FieldSpec("vision_consensus", N_("Vision consensus (1-5)"), INT),
    FieldSpec("vision_dissent", N_("Vision dissent"), LONGTEXT),
    FieldSpec("mission", N_("Mission"), LONGTEXT),
    FieldSpec("mission_consensus", N_("Mission consensus (1-5)"), INT),
    FieldSpec("mission_dissent", N_("Mission dissent"), LONGTEXT),
    FieldSpec("values", N_("Values"), STRINGS, hint=N_("one a line")),
    FieldSpec("assumptions", N_("Assumptions of the goal"), LONGTEXT),
    FieldSpec("summary", N_("Executive summary"), LONGTEXT,
              hint=N_("a few sentences for the first page of the plan; the key figures are added beside it")),
)

GOVERNANCE_FIELDS = (
    FieldSpec("executing_agency", N_("Executing agency")),
    FieldSpec("council", N_("Public-private council"), STRINGS, hint=N_("one member a line")),
    FieldSpec("cluster_body", N_("Cluster body")),
    FieldSpec("meeting_cadence", N_("Meeting cadence")),
    FieldSpec("description", N_("Description"), LONGTEXT),
)

ENDORSEMENT_FIELDS = (
    FieldSpec("body", N_("Endorsed by"),
              hint=N_("the body that approved the plan, e.g. Public-private council of …; empty: the cluster body")),
    FieldSpec("session", N_("Session"), PICK, hint=N_("the session where the plan was approved")),
    FieldSpec("date", N_("Date"), DATE, hint=N_("the day it was approved or signed")),
    FieldSpec("note", N_("Note"), hint=N_("minutes number, conditions of the approval")),
    FieldSpec("signatories", N_("Signatories"), ROWS,
              columns=(Column("name"), Column("role"), Column("organization")), row_model=Signatory,
              hint=N_("one a line: name; role; organization — each gets a signature line in the PDF")),
)
"""The endorsement form; the session's choices are the plan's sessions (`session_choices`, given by the
screen, which knows them)."""

MONITORING_FIELDS = (
    FieldSpec("responsible", N_("Responsible")),
    FieldSpec("review_frequency", N_("Plan reviews"), CHOICE, choices=enum_choices(Frequency),
              hint=N_("how often the plan is reviewed, from its start")),
    FieldSpec("reviews", N_("Review dates"), STRINGS,
              hint=N_("one date a line (YYYY-MM-DD), when they are set; they replace the frequency")),
    FieldSpec("midterm", N_("Mid-term evaluation"), DATE),
    FieldSpec("final", N_("Final evaluation"), DATE),
    FieldSpec("budget", N_("M&E budget"), NUMBER, hint=N_("in the plan's currency")),
    FieldSpec("budget_category", N_("Budget lines of"), CHOICE, choices=enum_choices(ExpenseCategory),
              hint=N_("the expense category of the actions' budget lines that pay for monitoring and evaluation")),
)

KINDS: dict[str, RecordKind] = {k.key: k for k in (
    RecordKind("stakeholder", N_("stakeholder"), Stakeholder, lambda p: p, "stakeholders", STAKEHOLDER_FIELDS,
               title_field="name"),
    RecordKind("finding", N_("finding"), Finding, lambda p: p, "findings", FINDING_FIELDS, "F", title_field="text"),
    RecordKind("benchmark", N_("benchmark"), Benchmark, lambda p: p, "benchmarks", BENCHMARK_FIELDS, "B",
               title_field="metric"),
    RecordKind("line", N_("strategic line"), StrategicLine, lambda p: p.strategy, "lines", LINE_FIELDS, "L"),
    RecordKind("objective", N_("objective"), Objective, lambda p: p, "objectives", OBJECTIVE_FIELDS, "O"),
    RecordKind("indicator", N_("indicator"), Indicator, lambda p: p, "indicators", INDICATOR_FIELDS, "I",
               title_field="name"),
    RecordKind("action", N_("action"), Action, lambda p: p, "actions", ACTION_FIELDS, "A"),
    RecordKind("risk", N_("risk"), Risk, lambda p: p, "risks", RISK_FIELDS, "R", title_field="risk"),
    RecordKind("figure", N_("key figure"), Figure, lambda p: p.cluster, "figures", FIGURE_FIELDS,
               title_field="name"),
    RecordKind("segment", N_("segment"), Segment, lambda p: p.cluster, "segments", SEGMENT_FIELDS,
               title_field="name"),
)}
"""Every list of the plan the editors handle, by key."""

SINGLES: dict[str, tuple[str, type[BaseModel], tuple[FieldSpec, ...]]] = {
    "strategy": (N_("vision, mission and values"), Strategy, STATEMENT_FIELDS),
    "governance": (N_("governance"), Governance, GOVERNANCE_FIELDS),
    "endorsement": (N_("endorsement"), Endorsement, ENDORSEMENT_FIELDS),
    "monitoring": (N_("monitoring and evaluation plan"), MonitoringPlan, MONITORING_FIELDS),
}
"""The parts of the plan edited as one form (plan attribute → label, model, fields)."""


# --- new records ------------------------------------------------------------------------------------------------

def next_code(codes: list[str], prefix: str) -> str:
    """The next free code after the highest ``prefix`` + number (``O7`` after O6, ``I3.3`` after I3.2)."""
    best = 0
    pattern = re.compile(re.escape(prefix) + r"(\d+)$")
    for code in codes:
        m = pattern.match(code)
        if m:
            best = max(best, int(m.group(1)))
    taken = set(codes)
    n = best + 1
    while f"{prefix}{n}" in taken:
        n += 1
    return f"{prefix}{n}"


def suggest_code(plan: Plan, kind: RecordKind, objective: Objective | None = None) -> str:
    """A code for a new record: the prefix the list already uses (D1… for findings written D) and the next
    number; an indicator of O3 gets I3.n."""
    codes = [c for c in (getattr(r, "code", None) for r in kind.records(plan)) if c]
    if kind.key == "indicator" and objective is not None:
        m = re.search(r"(\d+)$", objective.code)
        if m:
            return next_code(codes, f"{kind.code_prefix}{m.group(1)}.")
    prefixes = [m.group(1) for c in codes if (m := re.match(r"^([A-Za-z]+)\d+$", c))]
    prefix = max(set(prefixes), key=prefixes.count) if prefixes else kind.code_prefix
    return next_code(codes, prefix)


def new_values(plan: Plan, kind: RecordKind, **preset: Any) -> dict[str, Any]:
    """The starting values of a new record: a fresh id, a suggested code, and ``preset`` (its objective…)."""
    values: dict[str, Any] = {}
    if kind.keyed:
        values["id"] = new_id(ID_PREFIX.get(kind.key, kind.key[:3]))
    if "code" in kind.model.model_fields:
        objective = None
        if kind.key == "indicator":
            objective = next((o for o in plan.objectives if o.id == preset.get("objective")), None)
        values["code"] = suggest_code(plan, kind, objective)
    if kind.key == "action":
        values["currency"] = plan.currency
    values.update(preset)
    return values


def template(model: type[BaseModel], values: dict[str, Any]) -> BaseModel:
    """A record to check fields against, built without validation (a new record is not complete yet)."""
    return model.model_construct(**values)
