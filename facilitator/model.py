"""The data model of a plan folder: plan, session and workshop kit (format version 1).

Pydantic v2 models that validate what the TOML files hold. They are the single shape the rest of the
core works with; `facilitator.tomlio` turns them back into in-place edits of the TOML documents.

Records that can be referenced carry a stable `id` (kind prefix + random base32, see `new_id`); humans
see an editable `code`. Unknown keys are *kept* (``extra="allow"``) so a hand edit is never lost; the
checks report them as warnings. Workshop kits are the exception: they are program text, so an unknown
key or step kind is refused.
"""

from __future__ import annotations

import datetime as dt
import secrets
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

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
    "device": "dev", "tie": "tie", "nomination": "nom", "risk": "rsk",
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


# --- base classes --------------------------------------------------------------------------------------

class Record(BaseModel):
    """A table of a plan or session file: unknown keys are kept and reported by the checks."""

    model_config = ConfigDict(extra="allow", use_enum_values=True, validate_assignment=True,
                              allow_inf_nan=False)


class KitRecord(BaseModel):
    """A table of a workshop kit: unknown keys are refused (kits are program text)."""

    model_config = ConfigDict(extra="forbid", use_enum_values=True, allow_inf_nan=False)


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

class Figure(Record):
    """A key figure of the cluster profile, with its year and source."""

    name: Name
    value: Number
    unit: Name = ""
    year: Year | None = None
    source: Title = ""


class Cluster(Record):
    """The cluster profile."""

    name: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    territory: Name = ""
    sector: Name = ""
    kind: ClusterKind = ClusterKind.vertical
    description: LongText = ""
    figures: list[Figure] = []


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


class Action(Record):
    """A project or activity of the action plan."""

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
    sources: list[Id] = []


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
    revisions: list[Revision] = []
    network: Network = Network()

    def stakeholder(self, id_: str) -> Stakeholder | None:
        return next((s for s in self.stakeholders if s.id == id_), None)

    def indicators_of(self, objective_id: str) -> list[Indicator]:
        return [i for i in self.indicators if i.objective == objective_id]

    def actions_of(self, objective_id: str) -> list[Action]:
        return [a for a in self.actions if objective_id in a.objectives]


# --- sessions/*.toml ---------------------------------------------------------------------------------------

class Attendance(Record):
    stakeholder: Id
    present: bool = True


class StepRecord(Record):
    """What happened to one agenda step."""

    id: Slug
    planned_minutes: Annotated[int, Field(ge=0, le=1440)] = 0
    started: dt.datetime | None = None
    ended: dt.datetime | None = None


class Contribution(Record):
    """A sticky note."""

    id: Id
    step: Slug
    category: Slug | None = None
    text: Text
    author: Id | None = None
    group: Id | None = None
    votes: Annotated[int, Field(ge=0)] = 0
    impact: Annotated[int, Field(ge=1, le=5)] | None = None
    feasibility: Annotated[int, Field(ge=1, le=5)] | None = None
    created: dt.datetime | None = None
    merged_into: Id | None = None
    scores: dict[Slug, Score] = {}
    """Weighted multi-criteria scores (1-5) by criterion id of the kit step."""
    fields: dict[Slug, FieldValue] = {}
    """The columns of a table row (a benchmark, an indicator sheet, a project card) by column id."""
    device: Id | None = None
    """The phone that sent the note through the room (`facilitator.room`): an anonymous random id, so the
    phone sees its own notes; None for a note typed at the laptop."""
    submission: Submission | None = None
    """The key of the phone's form that sent it: a retry with the same key finds this note."""
    moderation: Moderation | None = None
    """Kept off the room's wall and phones (waiting for approval, or hidden); None: shown."""


class Group(Record):
    id: Id
    step: Slug
    label: Title
    votes: Annotated[int, Field(ge=0)] = 0
    """Dots on the group as a whole, when the vote was taken on groups (`engine.voting.group_options`)."""
    finding: bool = False
    """Consolidated as one finding (its label the text, its notes the sources) instead of one per note."""


class Draft(Record):
    """A draft statement (vision, mission)."""

    id: Id
    step: Slug
    text: Text
    votes: Annotated[int, Field(ge=0)] = 0
    adopted: bool = False
    consensus: Annotated[int, Field(ge=1, le=5)] | None = None
    dissent: Text = ""


class Ballot(Record):
    """One phone's ballot on a step of the room: its dots on a vote step, its draft vote and consent levels on
    a statement step, its scores on a matrix step. What it says now, so it can change its mind; a change moves
    only the difference onto the counts (`engine.voting.cast`, `engine.statements.cast`, `engine.matrix.cast`)."""

    id: Id
    step: Slug
    device: Id
    dots: dict[Id, Annotated[int, Field(ge=1, le=50)]] = {}
    """Dots by option: a note's id or a group's; at a statement step, 1 on the draft the phone votes for."""
    consent: dict[Id, Annotated[int, Field(ge=1, le=5)]] = {}
    """A statement step: the consent level the phone gives each draft it rates (5 full support … 1 block)."""
    scores: dict[Id, dict[Slug, Annotated[int, Field(ge=1, le=5)]]] = {}
    """A matrix step: by note, the phone's 1-5 on each axis (impact and feasibility, or the step's criteria)."""
    updated: dt.datetime | None = None
    submission: Submission | None = None


class Checkin(Record):
    """Who a phone said it is, when it joined the room: self-reported, every field optional, for the
    facilitator to confirm into the attendance (nothing here counts as present by itself)."""

    id: Id
    device: Id
    name: Name = ""
    organization: Name = ""
    kind: StakeholderKind | None = None
    size: FirmSize | None = None
    gender: Gender | None = None
    created: dt.datetime | None = None
    submission: Submission | None = None
    stakeholder: Id | None = None
    """The stakeholder the facilitator confirmed it as (marked present in the attendance); None: not yet."""


class Nomination(Record):
    """One tick of a network step: the respondent says it worked with ``partner`` (kind ``kind``) in the last
    12 months. Moved into the plan as a tie of the session's wave when the session closes."""

    id: Id
    step: Slug
    respondent: Id
    """The stakeholder answering (present in the room)."""
    partner: Id
    """The stakeholder it names, from the plan's roster."""
    kind: Slug
    created: dt.datetime | None = None


class Decision(Record):
    id: Id
    kind: DecisionKind = DecisionKind.decision
    text: Text
    step: Slug | None = None
    consensus: Annotated[int, Field(ge=1, le=5)] | None = None
    owner: Name = ""
    due: dt.date | None = None
    resolved: bool = False
    carried_from: Id | None = None
    """The parking-lot item of an earlier session this one continues."""


class Session(Record):
    """sessions/DATE-WORKSHOP.toml: the participatory record of one workshop session."""

    format: str = SESSION_FORMAT
    id: Id
    workshop: Slug
    title: Title
    date: dt.date
    venue: Name = ""
    facilitator: Name = ""
    vision_horizon: Year | None = None
    """The horizon year the room agreed (a briefing that `asks` it); moved into the plan on close."""
    status: SessionStatus = SessionStatus.planned
    current_step: Slug | None = None
    attendance: list[Attendance] = []
    steps: list[StepRecord] = []
    contributions: list[Contribution] = []
    groups: list[Group] = []
    drafts: list[Draft] = []
    decisions: list[Decision] = []
    ballots: list[Ballot] = []
    """The dots phones spent through the room, one record per phone and vote step."""
    checkins: list[Checkin] = []
    """What phones said of themselves when they joined the room (self-reported)."""
    review: list[Slug] = []
    """Steps whose ideas from phones wait for the facilitator's approval before the room shows them."""
    nominations: list[Nomination] = []
    """The ticks of the network steps (who worked with whom); ties of the plan once the session closes."""

    def present(self) -> list[str]:
        return [a.stakeholder for a in self.attendance if a.present]


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


def dump(model: BaseModel) -> dict[str, Any]:
    """The model as plain data (no None values), for export contexts and comparisons."""
    return model.model_dump(mode="python", exclude_none=True)
