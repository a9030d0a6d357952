"""sessions/DATE-WORKSHOP.toml: the participatory record of one workshop session."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import Field

from facilitator.model.base import (
    SESSION_FORMAT,
    DecisionKind,
    FieldValue,
    FirmSize,
    Gender,
    Id,
    Moderation,
    Name,
    Record,
    Score,
    SessionStatus,
    Slug,
    StakeholderKind,
    Submission,
    Text,
    Title,
    Year,
)

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
