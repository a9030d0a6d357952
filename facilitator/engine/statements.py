"""Statements (vision, mission): drafts side by side, votes, adoption with a consensus gradient.

The gradient runs 1-5: 5 full support, 4 agree, 3 can live with it, 2 serious reservations, 1 block.
A statement is adopted only with no block and with the quorum present; dissent is recorded.
Phones in the room vote for a draft and give each draft a consent level with `cast` (one `Ballot` per phone
and step): their votes add to the drafts' counts, their levels are a distribution (`consent_levels`) the
facilitator reads before recording the consensus the room adopts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from facilitator.engine.attendance import quorum_met
from facilitator.engine.capture import EngineError
from facilitator.engine.clock import now
from facilitator.engine.voting import ballot_of
from facilitator.i18n import _
from facilitator.model import Ballot, Draft, KitStep, Session, new_id

CONSENSUS = {5: "full support", 4: "agree", 3: "can live with it", 2: "serious reservations", 1: "block"}


def _draft(session: Session, draft_id: str) -> Draft:
    found = next((d for d in session.drafts if d.id == draft_id), None)
    if found is None:
        raise EngineError(_("no draft {draft_id} in this session").format(draft_id=draft_id))
    return found


def add_draft(session: Session, step: str, text: str) -> Draft:
    if not text.strip():
        raise EngineError(_("an empty draft is not recorded"))
    draft = Draft(id=new_id("drf"), step=step, text=text)
    session.drafts = [*session.drafts, draft]
    return draft


def edit_draft(session: Session, draft_id: str, text: str) -> Draft:
    draft = _draft(session, draft_id)
    if draft.adopted:
        raise EngineError(_("an adopted statement is changed by adopting a new draft"))
    if not text.strip():
        raise EngineError(_("a draft cannot be emptied"))
    draft.text = text
    return draft


def set_votes(session: Session, draft_id: str, votes: int) -> Draft:
    if votes < 0:
        raise EngineError(_("votes cannot be negative"))
    draft = _draft(session, draft_id)
    draft.votes = votes
    return draft


def adopt(session: Session, step: KitStep, draft_id: str, consensus: int, dissent: str = "") -> Draft:
    """Adopt one draft of ``step`` (the others of that step are no longer adopted)."""
    if consensus not in CONSENSUS:
        raise EngineError(_("consensus is recorded from 1 (block) to 5 (full support)"))
    if consensus == 1:
        raise EngineError(_("someone blocks: the statement cannot be adopted; rework it or park it"))
    if not quorum_met(session, step.quorum):
        raise EngineError(_("the quorum of {quorum} people present is not met").format(quorum=step.quorum))
    chosen = _draft(session, draft_id)
    for draft in session.drafts:
        if draft.step == chosen.step and draft.adopted and draft.id != chosen.id:
            draft.adopted = False
    chosen.adopted, chosen.consensus, chosen.dissent = True, consensus, dissent
    return chosen


def adopted(session: Session, steps: list[str]) -> Draft | None:
    """The adopted draft of the given steps, if any."""
    return next((d for d in session.drafts if d.step in steps and d.adopted), None)


def set_horizon(session: Session, text: str, today: dt.date) -> int:
    """The vision's horizon year as the room agreed it (a briefing that asks it); checked, then recorded.

    A year in the past or more than thirty years ahead is refused with the range to use: a vision is for
    the people in the room to see.
    """
    value = text.strip()
    first, last = today.year + 1, today.year + 30
    if not value.isdigit() or not first <= int(value) <= last:
        raise EngineError(_("the horizon is a year between {first} and {last}, such as {example}").format(
            first=first, last=last, example=today.year + 8))
    session.vision_horizon = int(value)
    return session.vision_horizon


# -- drafts from phones (the room) ----------------------------------------------------------------------------

def drafts_of(session: Session, step: KitStep) -> list[Draft]:
    """The drafts a statement step works on: its own and those of its source steps (an adoption step over
    the drafting step's drafts), in the order they were written."""
    steps = {step.id, *step.inputs()}
    return [d for d in session.drafts if d.step in steps]


def cast(session: Session, step: KitStep, device: str, vote: str | None, consent: Mapping[str, int],
         submission: str | None = None, at: dt.datetime | None = None) -> Ballot:
    """One phone's ballot at a statement step: the draft it votes for (one vote, or none) and the consent
    level it gives the drafts it rates, replacing what it said before.

    The vote moves onto the drafts' counts as a difference (votes typed from raised hands stay), as a vote
    step's dots do; consent levels move nothing: they are read as a distribution, and the facilitator records
    the consensus. All or nothing: a draft not of this step or a level outside 1-5 changes nothing."""
    drafts = {d.id: d for d in drafts_of(session, step)}
    if vote is not None and vote not in drafts:
        raise EngineError(_("that draft is no longer on the wall; reload the page"))
    levels = {key: int(level) for key, level in consent.items()}
    for key, level in levels.items():
        if key not in drafts:
            raise EngineError(_("that draft is no longer on the wall; reload the page"))
        if level not in CONSENSUS:
            raise EngineError(_("consensus is recorded from 1 (block) to 5 (full support)"))
    wanted = {vote: 1} if vote is not None else {}
    ballot = ballot_of(session, step.id, device)
    before = dict(ballot.dots) if ballot is not None else {}
    everywhere = {d.id: d for d in session.drafts}  # a draft gone from the step keeps the count it had
    for key in sorted(set(before) | set(wanted)):
        delta = wanted.get(key, 0) - before.get(key, 0)
        if delta and key in everywhere:
            everywhere[key].votes = max(0, everywhere[key].votes + delta)
    when = at or now()
    if ballot is None:
        ballot = Ballot(id=new_id("bal"), step=step.id, device=device, dots=wanted, consent=levels,
                        updated=when, submission=submission)
        session.ballots = [*session.ballots, ballot]
    else:
        ballot.dots, ballot.consent, ballot.updated, ballot.submission = wanted, levels, when, submission
    return ballot


def consent_levels(session: Session, step_id: str, draft_id: str) -> dict[int, int]:
    """How many phones gave ``draft_id`` each consent level at ``step_id``: {5: n, 4: n, 3: n, 2: n, 1: n}."""
    out = dict.fromkeys(sorted(CONSENSUS, reverse=True), 0)
    for ballot in session.ballots:
        if ballot.step == step_id and draft_id in ballot.consent:
            out[ballot.consent[draft_id]] += 1
    return out
