"""Sticky notes: capture as fast as people speak, edit, delete with undo."""

from __future__ import annotations

import datetime as dt

from facilitator.engine.clock import now
from facilitator.i18n import _
from facilitator.model import Contribution, Kit, Session, new_id


class EngineError(ValueError):
    """An operation the session does not allow (the message says why, for the screen to show)."""


def _find(session: Session, contribution_id: str) -> Contribution:
    found = next((c for c in session.contributions if c.id == contribution_id), None)
    if found is None:
        raise EngineError(_("no note {contribution_id} in this session").format(contribution_id=contribution_id))
    return found


def add(session: Session, step: str, text: str, category: str | None = None, author: str | None = None,
        at: dt.datetime | None = None, *, device: str | None = None, submission: str | None = None) -> Contribution:
    """Capture one note on ``step``. Empty text is refused; the text is kept exactly as typed otherwise.

    ``device`` and ``submission``: the phone that sent it through the room and its form's key."""
    if not text.strip():
        raise EngineError(_("an empty note is not captured"))
    note = Contribution(id=new_id("ctb"), step=step, category=category or None, text=text, author=author or None,
                        created=at or now(), device=device, submission=submission)
    session.contributions = [*session.contributions, note]
    return note


def edit(session: Session, contribution_id: str, *, text: str | None = None, category: str | None = None,
         author: str | None = None) -> Contribution:
    note = _find(session, contribution_id)
    if text is not None:
        if not text.strip():
            raise EngineError(_("a note cannot be emptied; delete it instead"))
        note.text = text
    if category is not None:
        note.category = category or None
    if author is not None:
        note.author = author or None
    return note


def delete(session: Session, contribution_id: str) -> tuple[int, Contribution]:
    """Remove a note; returns (position, note) so `restore` can undo it exactly."""
    note = _find(session, contribution_id)
    position = session.contributions.index(note)
    session.contributions = [c for c in session.contributions if c.id != contribution_id]
    return position, note


def restore(session: Session, position: int, note: Contribution) -> None:
    """Undo a `delete`."""
    notes = list(session.contributions)
    notes.insert(min(position, len(notes)), note)
    session.contributions = notes


def notes_of(session: Session, steps: list[str] | str, include_merged: bool = False) -> list[Contribution]:
    """The notes of one or more steps, in capture order (duplicates merged into another left out)."""
    wanted = {steps} if isinstance(steps, str) else set(steps)
    return [c for c in session.contributions if c.step in wanted and (include_merged or c.merged_into is None)]


def category_key(kit: Kit, step: str, key: str) -> str | None:
    """The category a single key picks on a brainstorm step: 1-9 by position, or a category's first letter."""
    kit_step = kit.step(step)
    if kit_step is None or not kit_step.categories:
        return None
    if key.isdigit() and 1 <= int(key) <= len(kit_step.categories):
        return kit_step.categories[int(key) - 1]
    return next((c for c in kit_step.categories if c.startswith(key.lower())), None)
