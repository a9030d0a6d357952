"""Prioritisation: impact x feasibility quadrants and weighted multi-criteria scores."""

from __future__ import annotations

from enum import StrEnum

from facilitator.engine.capture import EngineError, _find
from facilitator.i18n import _
from facilitator.model import Contribution, KitStep, Session

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
