"""Dot voting: a budget of dots per person, counts typed from paper dots or raised hands, the ranking.

A vote is taken on single notes, or on the named groups of an affinity step (`Option`): a group stands for
its notes and carries its own count (`Group.votes`); notes left in no group stay options of their own.
`tally` is what a vote over some steps decided on, for the steps that use its result (findings, minutes).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from facilitator.engine.attendance import representativeness
from facilitator.engine.capture import EngineError, _find, notes_of
from facilitator.i18n import _
from facilitator.model import Contribution, Group, Kit, KitStep, Plan, Session


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


class _Voted(Protocol):
    @property
    def votes(self) -> int: ...


V = TypeVar("V", bound=_Voted)


def ranking(items: Sequence[V]) -> list[tuple[int, V]]:
    """Notes, drafts or options by votes, most first, with competition ranks (1, 2, 2, 4); ties keep their
    order (capture order)."""
    ordered = sorted(items, key=lambda c: -c.votes)
    ranked: list[tuple[int, V]] = []
    previous, rank = None, 0
    for position, item in enumerate(ordered, start=1):
        if item.votes != previous:
            rank, previous = position, item.votes
        ranked.append((rank, item))
    return ranked


# -- voting on groups ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Option:
    """One thing the room votes on: a single note, or a named group that stands for its notes."""

    id: str
    """The note's id, or the group's."""
    text: str
    """The note's text, or the group's name."""
    votes: int
    notes: tuple[Contribution, ...]
    """The note itself, or the group's notes (merged duplicates left out), in capture order."""
    group: Group | None = None


def groups_of(session: Session, steps: list[str]) -> list[Group]:
    """The groups holding notes of ``steps`` (an affinity step over the same walls), in creation order;
    a group with none of these notes is not an option."""
    held = {c.group for c in notes_of(session, steps) if c.group is not None}
    return [g for g in session.groups if g.id in held]


def group_options(session: Session, steps: list[str]) -> list[Option]:
    """A vote on groups: each group of ``steps`` with its notes, then every note left in no group on its
    own (a lone note on the wall is an idea too), in capture order."""
    notes = notes_of(session, steps)
    groups = groups_of(session, steps)
    grouped = {g.id for g in groups}
    out = [Option(g.id, g.label, g.votes, tuple(c for c in notes if c.group == g.id), g) for g in groups]
    return out + [_note_option(c) for c in notes if c.group not in grouped]


def _note_option(note: Contribution) -> Option:
    return Option(note.id, note.text, note.votes, (note,))


def on_groups(session: Session, steps: list[str]) -> bool:
    """True when the vote over ``steps`` was taken on groups: one of their groups carries votes."""
    return any(g.votes for g in groups_of(session, steps))


def tally(session: Session, steps: list[str]) -> list[Option]:
    """What a vote over ``steps`` decided on, in wall order: the groups (and lone notes) when the vote was
    taken on groups, else the single notes. Rank it with `ranking`."""
    if on_groups(session, steps):
        return group_options(session, steps)
    return [_note_option(c) for c in notes_of(session, steps)]


def set_group_votes(session: Session, group_id: str, votes: int, cap: int | None = None) -> Group:
    """Record the count of dots (or hands) on a group. ``cap``: the most one option may get."""
    if votes < 0:
        raise EngineError(_("votes cannot be negative"))
    if cap is not None and votes > cap:
        raise EngineError(_("at most {cap} votes on one group").format(cap=cap))
    group = next((g for g in session.groups if g.id == group_id), None)
    if group is None:
        raise EngineError(_("no group {group_id}").format(group_id=group_id))
    group.votes = votes
    return group
