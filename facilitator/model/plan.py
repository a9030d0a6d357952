"""plan.toml: the cluster, its stakeholders, diagnosis, strategy, indicators, actions and their financing,
risks, governance, the collaboration network and the revisions."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, StringConstraints

from facilitator.model.base import (
    PLAN_FORMAT,
    ActionKind,
    ActionStatus,
    ClusterKind,
    Code,
    Currency,
    DiamondFactor,
    Direction,
    FindingKind,
    FirmSize,
    Frequency,
    FundingSource,
    Gender,
    Id,
    IndicatorLevel,
    Language,
    LongText,
    Name,
    Number,
    Priority,
    Record,
    Score,
    Slug,
    StakeholderKind,
    Text,
    Title,
    Year,
)

# --- plan.toml: the collaboration network (issue 14) --------------------------------------------------------
#
# Kept in a section of its own (another change adds financing data elsewhere in this file). The nodes are
# the plan's stakeholders, by id; the ties of every survey round ("wave") live in plan.toml under
# `[network]`, so the merge, the history snapshots, the change report's revisions and the plan PDF carry
# them like any other record (docs/decisions.md, "The collaboration network").

def wave_date(wave: str) -> dt.date:
    """The first day a wave id names (``2025-03`` → 2025-03-01); ValueError when it names no day."""
    parts = [int(p) for p in wave.split("-")]
    return dt.date(parts[0], parts[1], parts[2] if len(parts) > 2 else 1)


def _real_wave(value: str) -> str:
    wave_date(value)  # 2025-13 matches the pattern but is no month: say so where it is written
    return value


WaveId = Annotated[str, StringConstraints(pattern=r"^[0-9]{4}-[0-9]{2}(-[0-9]{2})?$"), AfterValidator(_real_wave)]
"""A survey round, named by when it was taken: ``2025-03`` or ``2025-03-15`` (so names sort by time)."""

NetworkMeasure = Literal["actors", "ties", "density", "average_degree", "centralization", "components",
                         "largest_component", "isolates", "reciprocity", "firm_firm", "firm_institution",
                         "public_private"]
"""The measures of one wave an indicator can take its measurements from (`facilitator.network.MEASURES`)."""

TIE_KINDS = ("knowledge", "business", "projects", "information")
"""The kinds of tie the tool names (technical knowledge and advice; business: supply, subcontracting, joint
sales; joint projects; information). A tie's kind is any slug, so a plan can add its own."""


class Wave(Record):
    """A survey round of the network: optional, for its label, its date and the actors without a tie."""

    id: WaveId
    label: Name = ""
    date: dt.date | None = None
    """When the round was taken (the date of the measurements it feeds); default: the id's first day."""
    actors: list[Id] = []
    """Actors surveyed in this round (stakeholder ids) besides those its ties name: who named no one and
    was named by no one is an isolate of the wave only if listed here."""

    def day(self) -> dt.date:
        return self.date or wave_date(self.id)


class Tie(Record):
    """A relationship between two actors in one wave; undirected for the measures."""

    id: Id
    wave: WaveId
    actor: Id
    """One end (a stakeholder id): in a roster survey, the respondent who named the tie."""
    partner: Id
    """The other end (a stakeholder id)."""
    kind: Slug
    """`TIE_KINDS` or a kind of the plan's own."""
    strength: Annotated[int, Field(ge=1, le=5)] | None = None
    named_by: Id | None = None
    """Who named the tie, when nominations are directed (the actor or the partner); reciprocity counts the
    pairs named by both sides."""


class Network(Record):
    """The collaboration network of the cluster: its waves and ties."""

    waves: list[Wave] = []
    ties: list[Tie] = []

    def wave_ids(self) -> list[str]:
        """Every wave the network names (in a `[[network.waves]]` table or on a tie), in time order."""
        return sorted({w.id for w in self.waves} | {t.wave for t in self.ties})

    def wave(self, wave_id: str) -> Wave:
        return next((w for w in self.waves if w.id == wave_id), None) or Wave(id=wave_id)


# --- plan.toml ------------------------------------------------------------------------------------------

WeightKind = Literal["firms", "jobs", "sales", "exports", "share"]
"""What a key figure says about the cluster's weight in its region ("why this cluster", `facilitator.maps`):
its firms, its jobs, its sales, its exports, or its share of the region's economy (a percent)."""


class Figure(Record):
    """A key figure of the cluster profile, with its year and source."""

    name: Name
    value: Number
    unit: Name = ""
    year: Year | None = None
    source: Title = ""
    weight: WeightKind | None = None
    """The figure is one of the cluster's weight figures (the "why this cluster" block opens the profile)."""
    region_share: Annotated[float, Field(ge=0, le=100)] | None = None
    """The figure as a percent of the region's total of the same measure (the cluster's 3,450 jobs: 6%)."""


class Segment(Record):
    """A segment of the cluster's value chain (the value-chain map of the profile, `facilitator.maps`)."""

    id: Id
    name: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    """Matched with the stakeholders' `segment` (case and spacing aside)."""
    stage: Annotated[int, Field(ge=1, le=20)] = 1
    """Its place along the chain: stage 1 first (drawn left to right)."""
    links: list[Id] = []
    """The segments it supplies (segment ids): drawn as arrows."""
    support: bool = False
    """A supporting segment (institutions, finance, training): drawn in the band under the chain."""


class Cluster(Record):
    """The cluster profile."""

    name: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    territory: Name = ""
    sector: Name = ""
    kind: ClusterKind = ClusterKind.vertical
    description: LongText = ""
    figures: list[Figure] = []
    segments: list[Segment] = []
    """The value chain; none: the map is drawn from the stakeholders' segment texts."""


# --- financing plan: budget lines and co-financing rules ---------------------------------------------------

class ExpenseCategory(StrEnum):
    """What a budget line pays for (the expense categories of program budgets)."""

    staff = "staff"
    consultancy = "consultancy"
    training = "training"
    travel = "travel"
    events = "events"
    promotion = "promotion"
    equipment = "equipment"
    works = "works"
    materials = "materials"
    studies = "studies"
    overheads = "overheads"
    other = "other"


class FundingKind(StrEnum):
    """How a source contributes: money, or goods, premises and staff time valued in money."""

    cash = "cash"
    in_kind = "in_kind"


Amount = Annotated[float, Field(ge=0, le=1e15)]
Percent = Annotated[float, Field(ge=0, le=100)]


class BudgetLine(Record):
    """One line of an action's financing plan: what one source brings in one year for one expense category.

    An action's `funding` is the total of its budget lines by source whenever it has lines (the tools keep
    it so; `check` warns when a hand edit makes them differ). See docs/decisions.md, "The financing plan"."""

    id: Id
    year: Year
    category: ExpenseCategory
    source: FundingSource
    kind: FundingKind
    amount: Amount
    note: Title = ""


class Cofinancing(Record):
    """The program's co-financing rules, checked action by action (`facilitator.financing`)."""

    max_program_share: Percent | None = None
    """The most the program may pay of an action's cost, in percent (80: at most 80%)."""
    min_counterpart_share: Percent | None = None
    """The least the counterparts (public and private) must bring of an action's cost, in percent."""
    min_counterpart_cash: Percent | None = None
    """The least part of the counterpart that must be cash (not in kind), in percent of the counterpart."""
    eligible_categories: list[ExpenseCategory] = []
    """The expense categories the program may pay for; empty: all of them."""


class Program(Record):
    """The development program the cluster belongs to."""

    name: Name = ""
    executing_agency: Name = ""
    funder: Name = ""
    cofinancing: Cofinancing | None = None
    """The program's co-financing rules (the financing plan section)."""


class Stakeholder(Record):
    """A person or organisation of the cluster."""

    id: Id
    name: Name
    organization: Name = ""
    kind: StakeholderKind = StakeholderKind.other
    segment: Name = ""
    size: FirmSize | None = None
    gender: Gender | None = None
    role: Name = ""
    email: Name = ""
    influence: Score | None = None
    """1 (none) to 5 (decisive): how much it can shape the plan (the stakeholder map, `facilitator.maps`)."""
    interest: Score | None = None
    """1 (none) to 5 (very high): how much the plan matters to it."""


class Finding(Record):
    """A consolidated result of the joint diagnosis."""

    id: Id
    code: Code
    kind: FindingKind
    factor: DiamondFactor | None = None
    text: Text
    votes: Annotated[int, Field(ge=0)] = 0
    rank: Annotated[int, Field(ge=1)] | None = None
    sources: list[Id] = []


class Benchmark(Record):
    """A row of the benchmarking gap table."""

    id: Id
    code: Code | None = None
    metric: Title
    unit: Name = ""
    value: Number
    reference: Name
    reference_value: Number
    year: Year | None = None
    source: Title = ""
    sources: list[Id] = []


class StrategicLine(Record):
    """A strategic line grouping objectives."""

    id: Id
    code: Code
    title: Title
    description: LongText = ""
    sources: list[Id] = []


class Strategy(Record):
    """Vision, mission, values and strategic lines."""

    vision: Text = ""
    vision_horizon: Year | None = None
    vision_consensus: Annotated[int, Field(ge=1, le=5)] | None = None
    """The consensus gradient (1-5) the room gave the vision when it was adopted."""
    vision_dissent: Text = ""
    mission: Text = ""
    mission_consensus: Annotated[int, Field(ge=1, le=5)] | None = None
    mission_dissent: Text = ""
    values: list[Title] = []
    summary: LongText = ""
    """The executive summary's narrative, as the consultant writes it (printed literally, first page of the
    summary, beside the key figures the export computes)."""
    lines: list[StrategicLine] = []
    assumptions: LongText = ""
    """External conditions the goal (the vision) depends on: the logframe's assumptions at the goal level."""
    sources: list[Id] = []


class Objective(Record):
    """A strategic objective."""

    id: Id
    code: Code
    line: Id | None = None
    title: Title
    description: LongText = ""
    findings: list[Id] = []
    owner: Name = ""
    assumptions: LongText = ""
    """External conditions the objective depends on (the logframe's assumptions column)."""
    sources: list[Id] = []


class Target(Record):
    year: Year
    value: Number


class Measurement(Record):
    date: dt.date
    value: Number
    note: Text = ""
    sources: list[Id] = []


class Indicator(Record):
    """An indicator sheet."""

    id: Id
    code: Code
    objective: Id
    name: Title
    definition: LongText = ""
    level: IndicatorLevel = IndicatorLevel.outcome
    unit: Name = ""
    direction: Direction = Direction.increase
    baseline: Number | None = None
    baseline_year: Year | None = None
    targets: list[Target] = []
    source: Title = ""
    frequency: Frequency | None = None
    responsible: Name = ""
    measurements: list[Measurement] = []
    sources: list[Id] = []
    network_measure: NetworkMeasure | None = None
    """A measure of the collaboration network that feeds this indicator: one measurement per wave, recorded
    by `facilitator.network.record_measures` (see the network section below)."""
    network_kind: Slug | None = None
    """The kind of tie the measure counts (``knowledge``…); absent: every kind."""


class Funding(Record):
    source: FundingSource
    amount: Amount


class Activity(Record):
    """A step of an action's work plan (the project profile): what is done, when, and what it delivers."""

    id: Id
    title: Title
    start: dt.date | None = None
    end: dt.date | None = None
    deliverable: Title = ""


Count = Annotated[int, Field(ge=0, le=10**9)]


class Beneficiaries(Record):
    """Who an action reaches (the project profile): firms by size and people by gender, each optional."""

    micro: Count | None = None
    small: Count | None = None
    medium: Count | None = None
    large: Count | None = None
    women: Count | None = None
    men: Count | None = None
    description: Text = ""
    """Who they are (``wineries of the Colonia coast``), in a sentence."""

    def firms(self) -> int:
        return sum(n or 0 for n in (self.micro, self.small, self.medium, self.large))

    def people(self) -> int:
        return sum(n or 0 for n in (self.women, self.men))

    def empty(self) -> bool:
        return not (self.firms() or self.people() or self.description.strip())


class Action(Record):
    """A project or activity of the action plan; the fundable unit, with its project profile (purpose,
    justification, activities, deliverables, beneficiaries, linked findings and indicators)."""

    id: Id
    code: Code
    title: Title
    description: LongText = ""
    kind: ActionKind = ActionKind.vertical
    objectives: list[Id] = []
    lead: Name = ""
    partners: list[Name] = []
    start: dt.date | None = None
    end: dt.date | None = None
    status: ActionStatus = ActionStatus.planned
    progress: Annotated[int, Field(ge=0, le=100)] = 0
    priority: Priority = Priority.medium
    funding: list[Funding] = []
    """The action's financing by source; the total of its `budget_lines` by source when it has any."""
    budget_lines: list[BudgetLine] = []
    """The financing plan of the action: amounts by year, expense category, source, cash or in kind."""
    budget: Number | None = None
    """The declared total budget, when one was agreed; the checks compare it with the sum of the funding."""
    currency: Currency = "USD"
    assumptions: LongText = ""
    """External conditions the action's activities depend on (the logframe's activity level)."""
    purpose: Text = ""
    """The project's own objective: what it changes for the cluster when it is done (profile)."""
    justification: LongText = ""
    """Why it is needed, with the findings it answers in `findings` (profile)."""
    findings: list[Id] = []
    """The diagnosis findings that justify it (finding ids)."""
    indicators: list[Id] = []
    """The indicators it contributes to (indicator ids)."""
    activities: list[Activity] = []
    """Its work plan: activities with dates and deliverables, within the action's dates."""
    deliverables: list[Title] = []
    """What it delivers besides the activities' own deliverables (a report, a platform…)."""
    beneficiaries: Beneficiaries | None = None
    sources: list[Id] = []

    def months(self) -> int | None:
        """The duration in whole months, counting started months (Aug 1 – Jul 31: 12), or None without dates."""
        if self.start is None or self.end is None or self.end < self.start:
            return None
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1


class Risk(Record):
    """A risk of the plan: what could go wrong, how likely and how bad (1-5 each), what is done about it,
    who watches it and the action it threatens (`facilitator.risks`)."""

    id: Id
    code: Code
    risk: Text
    likelihood: Score | None = None
    """1 (rare) to 5 (almost certain); None: not rated yet."""
    impact: Score | None = None
    """1 (negligible) to 5 (severe); None: not rated yet."""
    mitigation: Text = ""
    owner: Name = ""
    action: Id | None = None
    """The action the risk threatens (an action id); None: the plan as a whole."""
    sources: list[Id] = []


class Governance(Record):
    """Who runs the plan."""

    executing_agency: Name = ""
    council: list[Name] = []
    cluster_body: Name = ""
    meeting_cadence: Name = ""
    description: LongText = ""


class Signatory(Record):
    """Who signs the endorsement page: a name, a role and an organization (printed on purpose: no e-mail,
    no gender, no link to the stakeholder list, so nothing else of the person reaches the PDF)."""

    name: Name
    role: Name = ""
    organization: Name = ""


class Endorsement(Record):
    """Who approved the plan, in which session and when (the endorsement page of the PDF)."""

    body: Name = ""
    """Who endorses ("the public-private council"); empty: the governance's cluster body, else the cluster."""
    session: Id | None = None
    """The session (its id) where the plan was approved."""
    date: dt.date | None = None
    """When it was approved (the day of the session or later, when the signatures were collected)."""
    note: Text = ""
    """A line for the record (minutes number, conditions of the approval), printed under the statement."""
    signatories: list[Signatory] = []

    def recorded(self) -> bool:
        """Whether an endorsement is recorded at all (the PDF prints its page only then)."""
        return bool(self.session or self.date or self.signatories or self.body.strip() or self.note.strip())


class MonitoringPlan(Record):
    """The monitoring and evaluation plan: reviews, evaluations, budget (`facilitator.monitoring.calendar`
    adds the measurements of the indicators by their frequency)."""

    responsible: Name = ""
    """Who runs monitoring and evaluation (the cluster manager)."""
    review_frequency: Frequency | None = None
    """How often the plan is reviewed (review meetings), counted from the calendar's start."""
    reviews: list[dt.date] = []
    """Review meetings on set dates; when any is listed, they replace the ones `review_frequency` gives."""
    midterm: dt.date | None = None
    """The mid-term evaluation."""
    final: dt.date | None = None
    """The final evaluation."""
    budget: Amount | None = None
    """The monitoring and evaluation budget, in the plan's currency."""
    budget_category: ExpenseCategory | None = None
    """The expense category of the actions' budget lines that pay for monitoring and evaluation (their
    total is printed beside the declared budget)."""


class Revision(Record):
    """A recorded revision of the plan (its snapshot is history/plan-rN.toml)."""

    number: Annotated[int, Field(ge=1)]
    date: dt.date
    session: Id | None = None
    summary: Text = ""


class Plan(Record):
    """plan.toml: the consolidated cluster competitiveness plan."""

    format: str = PLAN_FORMAT
    language: Language = "en"
    revision: Annotated[int, Field(ge=0)] = 0
    currency: Currency = "USD"
    cluster: Cluster
    program: Program | None = None
    stakeholders: list[Stakeholder] = []
    findings: list[Finding] = []
    benchmarks: list[Benchmark] = []
    strategy: Strategy = Strategy()
    objectives: list[Objective] = []
    indicators: list[Indicator] = []
    actions: list[Action] = []
    risks: list[Risk] = []
    governance: Governance = Governance()
    monitoring: MonitoringPlan = MonitoringPlan()
    """The monitoring and evaluation plan (`[monitoring]`); absent in older files: nothing set."""
    endorsement: Endorsement = Endorsement()
    """Who approved the plan (`[endorsement]`); absent in older files: not endorsed yet."""
    revisions: list[Revision] = []
    network: Network = Network()

    def stakeholder(self, id_: str) -> Stakeholder | None:
        return next((s for s in self.stakeholders if s.id == id_), None)

    def indicators_of(self, objective_id: str) -> list[Indicator]:
        return [i for i in self.indicators if i.objective == objective_id]

    def actions_of(self, objective_id: str) -> list[Action]:
        return [a for a in self.actions if objective_id in a.objectives]
