"""Statements (vision, mission): drafts side by side, votes, adoption with a consensus gradient.

The gradient runs 1-5: 5 full support, 4 agree, 3 can live with it, 2 serious reservations, 1 block.
A statement is adopted only with no block and with the quorum present; dissent is recorded.
"""

from __future__ import annotations

import datetime as dt

from facilitator.engine.attendance import quorum_met
from facilitator.engine.capture import EngineError
from facilitator.i18n import _
from facilitator.model import Draft, KitStep, Session, new_id

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
