"""The edits and their undo: `write` sets a value of the plan through the store and remembers the old one
for Ctrl+Z (`undo`), per open plan; `find` and `locate` name a record by its id or code."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from pydantic import BaseModel

from facilitator.editing.record_kinds import KINDS, RecordKind
from facilitator.model import Plan


class PlanUpdater(Protocol):
    """What the edits need of an open plan (the screens' `PlanState` is one): its model, and a way to save
    changes through the store."""

    @property
    def plan(self) -> Plan: ...

    def update(self, changes: dict[str, Any], target: Any = None) -> None: ...


@dataclass
class Undo:
    """What Ctrl+Z puts back: the value an edit replaced."""

    owner: Callable[[Plan], BaseModel]
    attr: str
    old: Any
    message: str
    """Said after the undo (``finding D3 restored``)."""
    select: str | None = None
    """The record to put the cursor on after the undo."""


@dataclass
class UndoStack:
    entries: list[Undo] = field(default_factory=list)
    limit: int = 50

    def push(self, entry: Undo) -> None:
        self.entries.append(entry)
        del self.entries[: -self.limit]


_STACKS: dict[int, tuple[Any, Any, UndoStack]] = {}


def undo_stack(state: PlanUpdater) -> UndoStack:
    """The undo history of this open plan in this run of the app.

    Dropped when the plan is reloaded (a reload makes a new model): an old value put back over a file
    someone else changed would undo their change too.
    """
    found = _STACKS.get(id(state))
    if found is None or found[0] is not state or found[1] is not state.plan:
        found = (state, state.plan, UndoStack())
        _STACKS[id(state)] = found
    return found[2]


def write(state: PlanUpdater, owner: Callable[[Plan], BaseModel], attr: str, value: Any, message: str,
          select: str | None = None) -> None:
    """Set ``owner(plan).attr`` to ``value`` through the store, remembering the old value for Ctrl+Z.

    Raises what the store raises (LockedError, ChangedOnDiskError, PlanError); nothing is remembered then.
    """
    target = owner(state.plan)
    old = getattr(target, attr)
    old = [r.model_copy(deep=True) for r in old] if isinstance(old, list) and old and isinstance(
        old[0], BaseModel) else (old.model_copy(deep=True) if isinstance(old, BaseModel) else list(old)
                                 if isinstance(old, list) else old)
    state.update({attr: value}, target)
    undo_stack(state).push(Undo(owner, attr, old, message, select))


def undo(state: PlanUpdater) -> Undo | None:
    """Put back the value the last edit replaced (raises what the store raises; the entry is then kept)."""
    stack = undo_stack(state)
    if not stack.entries:
        return None
    entry = stack.entries[-1]
    state.update({entry.attr: entry.old}, entry.owner(state.plan))
    stack.entries.pop()
    return entry


def record_key(record: Any, index: int) -> str:
    """The key a table row of ``record`` carries: its code, else its id, else its position."""
    return str(getattr(record, "code", None) or getattr(record, "id", None) or f"#{index}")


def find(plan: Plan, kind: RecordKind, key: str) -> int | None:
    """The position of the record whose id or code is ``key`` (or ``#n``) in its list."""
    records = kind.records(plan)
    for i, r in enumerate(records):
        if key in (getattr(r, "id", None), getattr(r, "code", None)):
            return i
    if key.startswith("#") and key[1:].isdigit() and int(key[1:]) < len(records):
        return int(key[1:])
    return None


def locate(plan: Plan, key: str) -> tuple[str, RecordKind, int] | None:
    """(section to show, kind, position) of the record whose id or code is ``key``, for jumping to it."""
    section_of = {"stakeholder": "stakeholders", "finding": "findings", "benchmark": "benchmarks",
                  "line": "strategy", "objective": "objectives", "indicator": "indicators", "action": "actions",
                  "figure": "figures", "risk": "risks", "segment": "segments"}
    for kind in KINDS.values():
        if kind.key == "figure":
            continue
        i = find(plan, kind, key)
        if i is not None:
            return section_of[kind.key], kind, i
    return None
