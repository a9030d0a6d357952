"""Dot voting: a budget of dots per person, counts typed from paper dots or raised hands, the ranking.

A vote is taken on single notes, or on the named groups of an affinity step (`Option`): a group stands for
its notes and carries its own count (`Group.votes`); notes left in no group stay options of their own.
`tally` is what a vote over some steps decided on, for the steps that use its result (findings, minutes).
Phones in the room spend their dots with `cast`: one `Ballot` per phone, its difference added to the counts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from facilitator.engine.attendance import representativeness
from facilitator.engine.capture import EngineError, _find, notes_of
from facilitator.engine.clock import now
from facilitator.i18n import _, ngettext
from facilitator.model import Ballot, Contribution, Group, Kit, KitStep, Plan, Session, new_id


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


# -- dots from phones (the room) ----------------------------------------------------------------------------

def phone_options(session: Session, kit: Kit, step_id: str) -> list[Option]:
    """What a phone votes on at a vote step: the groups of its source steps and the notes in no group when
    the notes were grouped (a room votes on what the wall shows), else the single notes and the drafts of
    source steps that are statements."""
    steps = _vote_step(kit, step_id).inputs()
    if groups_of(session, steps):
        return group_options(session, steps)
    return [_note_option(c) for c in notes_of(session, steps)] + draft_options(session, kit, steps)


def draft_options(session: Session, kit: Kit, steps: list[str]) -> list[Option]:
    """The drafts of those of ``steps`` that are statement steps (a vote on vision or mission drafts, as the
    runner's vote step offers them), in the order they were written."""
    statement_steps = {s.id for s in kit.steps if s.id in steps and s.kind == "statement"}
    return [Option(d.id, d.text, d.votes, ()) for d in session.drafts if d.step in statement_steps]


def dots_per_person(session: Session, kit: Kit, step_id: str) -> int:
    """The dots one person spends at a vote step: the kit's, else about a quarter of the options."""
    step = _vote_step(kit, step_id)
    return step.dots_per_person or suggested_dots(len(phone_options(session, kit, step_id)))


def ballot_of(session: Session, step_id: str, device: str) -> Ballot | None:
    return next((b for b in session.ballots if b.step == step_id and b.device == device), None)


def cast(session: Session, kit: Kit, step_id: str, device: str, dots: Mapping[str, int],
         submission: str | None = None, at: dt.datetime | None = None) -> Ballot:
    """One phone spends its dots (option id → dots) at a vote step, replacing what it spent before.

    Only the difference reaches the options' counts, so dots typed from paper for the same options stay
    and a phone can change its mind until the vote is closed. All or nothing: a ballot over the budget,
    over the most dots one person may put on one option, or naming something that is not an option,
    changes nothing."""
    step = _vote_step(kit, step_id)
    options = {o.id: o for o in phone_options(session, kit, step_id)}
    budget = step.dots_per_person or suggested_dots(len(options))
    wanted = {key: int(n) for key, n in dots.items() if n}
    for key, n in wanted.items():
        if key not in options:
            raise EngineError(_("that option is no longer on the wall; reload the page"))
        if n < 0:
            raise EngineError(_("votes cannot be negative"))
        if step.max_per_item is not None and n > step.max_per_item:
            raise EngineError(_("at most {cap} dots on one option").format(cap=step.max_per_item))
    spent = sum(wanted.values())
    if spent > budget:
        raise EngineError(ngettext("you have {n} dot to spend; you spent {spent}",
                                   "you have {n} dots to spend; you spent {spent}", budget).format(
            n=budget, spent=spent))
    ballot = ballot_of(session, step_id, device)
    before = dict(ballot.dots) if ballot is not None else {}
    groups = {g.id: g for g in session.groups}
    notes = {c.id: c for c in session.contributions}
    drafts = {d.id: d for d in session.drafts}
    for key in sorted(set(before) | set(wanted)):
        delta = wanted.get(key, 0) - before.get(key, 0)
        if not delta:
            continue
        if key in groups:
            groups[key].votes = max(0, groups[key].votes + delta)
        elif key in notes:  # a note merged away since keeps its count: it is not an option any more
            notes[key].votes = max(0, notes[key].votes + delta)
        elif key in drafts:
            drafts[key].votes = max(0, drafts[key].votes + delta)
    when = at or now()
    if ballot is None:
        ballot = Ballot(id=new_id("bal"), step=step_id, device=device, dots=wanted, updated=when,
                        submission=submission)
        session.ballots = [*session.ballots, ballot]
    else:
        ballot.dots, ballot.updated, ballot.submission = wanted, when, submission
    return ballot
