"""The decision log, action items and the parking lot: captured from any step, never dropped.

Unresolved parking-lot items (and open action items) are carried into the next session's record, each
pointing back to the item it continues.
"""

from __future__ import annotations

import datetime as dt

from facilitator.engine.capture import EngineError
from facilitator.i18n import _
from facilitator.model import Decision, DecisionKind, Session, new_id


def _check(kind: DecisionKind | str, text: str, owner: str) -> None:
    if not text.strip():
        raise EngineError(_("an empty item is not recorded"))
    if kind == DecisionKind.action_item and not owner.strip():
        raise EngineError(_("an action item needs an owner"))


def add(session: Session, kind: DecisionKind | str, text: str, *, step: str | None = None, owner: str = "",
        due: dt.date | None = None, consensus: int | None = None) -> Decision:
    _check(kind, text, owner)
    item = Decision(id=new_id("dec"), kind=kind, text=text, step=step, owner=owner, due=due, consensus=consensus)
    session.decisions = [*session.decisions, item]
    return item


def find(session: Session, decision_id: str) -> Decision:
    item = next((d for d in session.decisions if d.id == decision_id), None)
    if item is None:
        raise EngineError(_("no item {decision_id} in this session").format(decision_id=decision_id))
    return item


def edit(session: Session, decision_id: str, kind: DecisionKind | str, text: str, *, owner: str = "",
         due: dt.date | None = None) -> Decision:
    """Change an item's words, owner, due date or kind (a parked item that became a decision, say).

    The same rules as `add`; on refusal nothing changes. Its id, step and history stay, so a carried item
    still points back to the one it continues.
    """
    item = find(session, decision_id)
    _check(kind, text, owner)
    item.kind = DecisionKind(kind)
    item.text = text
    item.owner = owner
    item.due = due
    return item


def delete(session: Session, decision_id: str) -> tuple[int, Decision]:
    """Take an item out of the log; returns where it was and the item, for `restore` (undo)."""
    item = find(session, decision_id)
    index = session.decisions.index(item)
    session.decisions = [d for d in session.decisions if d is not item]
    return index, item


def restore(session: Session, index: int, item: Decision) -> None:
    """Put a deleted item back where it was."""
    items = list(session.decisions)
    items.insert(min(index, len(items)), item)
    session.decisions = items


def resolve(session: Session, decision_id: str, resolved: bool = True) -> Decision:
    item = find(session, decision_id)
    item.resolved = resolved
    return item


def carry_over(previous: list[Session], session: Session) -> list[Decision]:
    """Copy the open items of earlier sessions into ``session`` (once each), so they are on its agenda.

    An item already carried before is followed to its newest copy: resolved there, it is not carried again.
    """
    newest: dict[str, Decision] = {}
    for old in sorted((s for s in previous if s.id != session.id), key=lambda s: s.date):
        for item in old.decisions:
            if item.kind in (DecisionKind.parking_lot, DecisionKind.action_item):
                newest[item.carried_from or item.id] = item  # later sessions overwrite earlier copies
    already = {d.carried_from for d in session.decisions if d.carried_from}
    carried = [Decision(id=new_id("dec"), kind=item.kind, text=item.text, owner=item.owner, due=item.due,
                        carried_from=origin)
               for origin, item in newest.items() if not item.resolved and origin not in already]
    session.decisions = [*session.decisions, *carried]
    return carried
