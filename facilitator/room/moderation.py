"""Moderation of the room, for the facilitator only (never reachable from the network): hide a note from
the wall and the phones, and hold a step's phone ideas for approval ("review before showing").

Nothing here deletes: a hidden or waiting note stays in the session file, marked (`Contribution.moderation`),
and every other part of the tool (grouping, votes at the laptop, the findings) still sees it. Only what the
room shows leaves it out (`facilitator.room.views`). These functions change the session model; the caller
saves it through the store (the runner's `RunnerContext.changed`).
"""

from __future__ import annotations

from collections.abc import Iterable

from facilitator.engine.capture import EngineError
from facilitator.i18n import _
from facilitator.model import Contribution, Moderation, Session


def shown(notes: Iterable[Contribution]) -> list[Contribution]:
    """The notes the room may show (neither hidden nor waiting)."""
    return [n for n in notes if n.moderation is None]


def toggle(session: Session, note_id: str) -> Moderation | None:
    """One key for the selected note: a shown note is hidden; a hidden or waiting one is shown (approved).
    Returns the note's new state."""
    note = next((c for c in session.contributions if c.id == note_id), None)
    if note is None:
        raise EngineError(_("that note no longer exists"))
    note.moderation = Moderation.hidden if note.moderation is None else None
    return note.moderation


def reviewed(session: Session, step_id: str) -> bool:
    return step_id in session.review


def set_review(session: Session, step_id: str, on: bool) -> None:
    """Hold (``on``) or stop holding the phone ideas of ``step_id`` for approval. Turning it off does not
    show what is waiting: each waiting note is still the facilitator's to approve (`approve_all` at once)."""
    steps = [s for s in session.review if s != step_id]
    session.review = [*steps, step_id] if on else steps


def approve_all(session: Session, step_id: str) -> int:
    """Show every note of ``step_id`` that waits for approval; how many."""
    waiting = [c for c in session.contributions if c.step == step_id and c.moderation == Moderation.waiting]
    for note in waiting:
        note.moderation = None
    return len(waiting)


def waiting(session: Session, step_id: str) -> int:
    return sum(1 for c in session.contributions
               if c.step == step_id and c.moderation == Moderation.waiting and c.merged_into is None)
