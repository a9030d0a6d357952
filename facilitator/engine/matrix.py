"""Prioritisation: impact x feasibility quadrants and weighted multi-criteria scores.

Phones in the room score the step's notes 1-5 on its axes with `cast` (one `Ballot` per phone and step);
`phone_medians` is what the room thinks, shown to the facilitator, who records the scores (`score`,
`set_criterion`): a median is a proposal, the room's discussion decides.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Mapping
from enum import StrEnum

from facilitator.engine.capture import EngineError, _find, notes_of
from facilitator.engine.clock import now
from facilitator.engine.voting import ballot_of
from facilitator.i18n import _
from facilitator.model import Ballot, Contribution, KitStep, Session, new_id

MIDPOINT = 3
"""Scores run 1-5; 3 and above count as high (a 3 is "can live with it", not low)."""


class Quadrant(StrEnum):
    quick_win = "quick_win"  # high impact, high feasibility
    major_project = "major_project"  # high impact, low feasibility
    fill_in = "fill_in"  # low impact, high feasibility
    time_sink = "time_sink"  # low impact, low feasibility


def score(session: Session, contribution_id: str, *, impact: int | None = None,
          feasibility: int | None = None) -> Contribution:
    note = _find(session, contribution_id)
    for name, value in (("impact", impact), ("feasibility", feasibility)):
        if value is not None and not 1 <= value <= 5:
            raise EngineError(_("{name} is scored from 1 to 5").format(name=name))
    if impact is not None:
        note.impact = impact
    if feasibility is not None:
        note.feasibility = feasibility
    return note


def quadrant(note: Contribution) -> Quadrant | None:
    if note.impact is None or note.feasibility is None:
        return None
    high_impact, feasible = note.impact >= MIDPOINT, note.feasibility >= MIDPOINT
    if high_impact:
        return Quadrant.quick_win if feasible else Quadrant.major_project
    return Quadrant.fill_in if feasible else Quadrant.time_sink


def quadrants(notes: list[Contribution]) -> dict[Quadrant, list[Contribution]]:
    out: dict[Quadrant, list[Contribution]] = {q: [] for q in Quadrant}
    for note in notes:
        q = quadrant(note)
        if q is not None:
            out[q].append(note)
    return out


def set_criterion(session: Session, step: KitStep, contribution_id: str, criterion: str, value: int) -> Contribution:
    if criterion not in step.criteria:
        raise EngineError(_("{criterion} is not a criterion of step {id}").format(criterion=criterion, id=step.id))
    if not 1 <= value <= 5:
        raise EngineError(_("criteria are scored from 1 to 5"))
    note = _find(session, contribution_id)
    note.scores = {**note.scores, criterion: value}
    return note


def weighted_score(note: Contribution, step: KitStep) -> float | None:
    """The weighted mean of the note's criteria scores (weights from the kit, default 1); None until every
    criterion is scored, so a half-scored project does not look weak."""
    if not step.criteria or any(c not in note.scores for c in step.criteria):
        return None
    weights = {c: step.weights.get(c, 1.0) for c in step.criteria}
    total = sum(weights.values())
    if total == 0:
        return None
    return sum(note.scores[c] * w for c, w in weights.items()) / total


# -- scores from phones (the room) ----------------------------------------------------------------------------

AXES = ("impact", "feasibility")


def axes(step: KitStep) -> list[str]:
    """What a phone scores each note on: impact and feasibility, then the step's other criteria (the columns
    the facilitator types in the runner)."""
    return [*AXES, *(c for c in step.criteria if c not in AXES)]


def items(session: Session, step: KitStep) -> list[Contribution]:
    """The notes a matrix step scores: those of its source steps (or its own), merged duplicates left out."""
    return notes_of(session, step.inputs() or [step.id])


def cast(session: Session, step: KitStep, device: str, scores: Mapping[str, Mapping[str, int]],
         submission: str | None = None, at: dt.datetime | None = None) -> Ballot:
    """One phone's scores at a matrix step (note id → axis → 1-5), replacing what it scored before. A note
    or an axis may be left unscored. The notes' own scores are not touched: they are the facilitator's.
    All or nothing: a note not of the step, an unknown axis or a score outside 1-5 changes nothing."""
    known, names = {n.id for n in items(session, step)}, set(axes(step))
    wanted: dict[str, dict[str, int]] = {}
    for key, given in scores.items():
        if key not in known:
            raise EngineError(_("that item is no longer on the wall; reload the page"))
        row = {}
        for name, value in given.items():
            if name not in names:
                raise EngineError(_("{criterion} is not a criterion of step {id}").format(criterion=name, id=step.id))
            if not 1 <= int(value) <= 5:
                raise EngineError(_("{name} is scored from 1 to 5").format(name=name))
            row[name] = int(value)
        if row:
            wanted[key] = row
    ballot = ballot_of(session, step.id, device)
    when = at or now()
    if ballot is None:
        ballot = Ballot(id=new_id("bal"), step=step.id, device=device, scores=wanted, updated=when,
                        submission=submission)
        session.ballots = [*session.ballots, ballot]
    else:
        ballot.scores, ballot.updated, ballot.submission = wanted, when, submission
    return ballot


def phone_medians(session: Session, step: KitStep, note_id: str) -> tuple[dict[str, float], int]:
    """The phones' median on each axis for one note (axes nobody scored left out), and how many phones
    scored it at all."""
    rows = [b.scores[note_id] for b in session.ballots if b.step == step.id and note_id in b.scores]
    medians = {name: float(statistics.median(values)) for name in axes(step)
               if (values := [row[name] for row in rows if name in row])}
    return medians, len(rows)
