"""Dot voting: a budget of dots per person, counts typed from paper dots or raised hands, the ranking."""

from __future__ import annotations

from dataclasses import dataclass

from facilitator.engine.attendance import representativeness
from facilitator.engine.capture import EngineError, _find, notes_of
from facilitator.i18n import _
from facilitator.model import Contribution, Kit, KitStep, Plan, Session


@dataclass(frozen=True)
class Budget:
    dots_per_person: int
    people: int
    used: int

    @property
    def total(self) -> int:
        return self.dots_per_person * self.people

    @property
    def left(self) -> int:
        return self.total - self.used

    @property
    def over(self) -> bool:
        return self.used > self.total


def suggested_dots(options: int) -> int:
    """About a quarter of the options (the 20-30% rule of thumb), at least 1."""
    return max(1, round(options * 0.25))


def _vote_step(kit: Kit, step_id: str) -> KitStep:
    step = kit.step(step_id)
    if step is None or step.kind != "vote":
        raise EngineError(_("{step_id} is not a vote step of {id}").format(step_id=step_id, id=kit.id))
    return step


def options(session: Session, kit: Kit, step_id: str) -> list[Contribution]:
    """What a vote step votes on: the notes of its source steps (merged duplicates left out)."""
    return notes_of(session, _vote_step(kit, step_id).inputs())


def budget(session: Session, plan: Plan, kit: Kit, step_id: str) -> Budget:
    step = _vote_step(kit, step_id)
    items = options(session, kit, step_id)
    dots = step.dots_per_person or suggested_dots(len(items))
    return Budget(dots, representativeness(session, plan).present, sum(c.votes for c in items))


def set_votes(session: Session, contribution_id: str, votes: int, cap: int | None = None) -> Contribution:
    """Record the count of dots (or hands) on a note. ``cap``: the most one note may get."""
    if votes < 0:
        raise EngineError(_("votes cannot be negative"))
    if cap is not None and votes > cap:
        raise EngineError(_("at most {cap} votes on one note").format(cap=cap))
    note = _find(session, contribution_id)
    if note.merged_into is not None:
        raise EngineError(_("this note was merged into another: vote on the one kept"))
    note.votes = votes
    return note


def add_votes(session: Session, contribution_id: str, delta: int, cap: int | None = None) -> Contribution:
    """+1 / -1 from the keyboard; never below zero."""
    note = _find(session, contribution_id)
    return set_votes(session, contribution_id, max(0, note.votes + delta), cap)


def ranking(notes: list[Contribution]) -> list[tuple[int, Contribution]]:
    """Notes by votes, most first, with competition ranks (1, 2, 2, 4); ties keep capture order."""
    ordered = sorted(notes, key=lambda c: -c.votes)
    ranked, previous, rank = [], None, 0
    for position, note in enumerate(ordered, start=1):
        if note.votes != previous:
            rank, previous = position, note.votes
        ranked.append((rank, note))
    return ranked
