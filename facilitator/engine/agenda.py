"""The agenda: the kit's timed steps against what happened (planned vs actual, start times, overrun)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from facilitator.engine.clock import now
from facilitator.model import Kit, KitStep, Session, SessionStatus, StepRecord


@dataclass(frozen=True)
class AgendaRow:
    """One step of the agenda as the runner and the minutes show it."""

    step: KitStep
    planned_minutes: int
    planned_start: dt.datetime | None
    """When the step should start if the session keeps to time from its first start."""
    started: dt.datetime | None
    ended: dt.datetime | None

    @property
    def actual_minutes(self) -> int | None:
        if self.started is None or self.ended is None:
            return None
        return max(0, round((self.ended - self.started).total_seconds() / 60))

    @property
    def overrun_minutes(self) -> int:
        actual = self.actual_minutes
        return max(0, actual - self.planned_minutes) if actual is not None else 0


def step_record(session: Session, step_id: str) -> StepRecord | None:
    return next((s for s in session.steps if s.id == step_id), None)


def agenda(session: Session, kit: Kit) -> list[AgendaRow]:
    """The kit's steps in order with the session's planned minutes (which may differ from the kit's)
    and actual times; planned start times are anchored on the first step of the kit that was held (its
    planned start is its actual start) and run back and forth from it by the planned minutes.

    Why the first held step of the kit, not the first start recorded: when the opening steps were
    skipped, anchoring the kit's first step on a later step's start put every planned time late by the
    skipped minutes (and a step outside the kit could anchor the whole agenda)."""
    planned = []
    for step in kit.steps:
        record = step_record(session, step.id)
        planned.append(record.planned_minutes if record and record.planned_minutes else step.minutes)
    anchor = next(((i, r.started) for i, step in enumerate(kit.steps)
                   if (r := step_record(session, step.id)) is not None and r.started is not None), None)
    clock = anchor[1] - dt.timedelta(minutes=sum(planned[:anchor[0]])) if anchor else None
    rows = []
    for step, minutes in zip(kit.steps, planned, strict=True):
        record = step_record(session, step.id)
        rows.append(AgendaRow(step, minutes, clock, record.started if record else None,
                              record.ended if record else None))
        if clock is not None:
            clock = clock + dt.timedelta(minutes=minutes)
    return rows


def start_step(session: Session, kit: Kit, step_id: str, at: dt.datetime | None = None) -> StepRecord:
    """Make ``step_id`` the current step: end the running one, start this one (once: a step returned to
    keeps its first start)."""
    if kit.step(step_id) is None:
        raise KeyError(step_id)
    at = at or now()
    if session.current_step and session.current_step != step_id:
        end_step(session, session.current_step, at)
    records = list(session.steps)
    record = step_record(session, step_id)
    if record is None:
        step = kit.step(step_id)
        assert step is not None
        record = StepRecord(id=step_id, planned_minutes=step.minutes)
        records.append(record)
    if record.started is None:
        record.started = at
    record.ended = None
    session.steps = records
    session.current_step = step_id
    if session.status == SessionStatus.planned:
        session.status = SessionStatus.open
    return record


def end_step(session: Session, step_id: str, at: dt.datetime | None = None) -> None:
    record = step_record(session, step_id)
    if record is not None and record.started is not None and record.ended is None:
        record.ended = at or now()


def move(session: Session, kit: Kit, offset: int, at: dt.datetime | None = None) -> StepRecord | None:
    """Go to the next (+1) or previous (-1) step of the kit; None at either end."""
    ids = [s.id for s in kit.steps]
    current = ids.index(session.current_step) if session.current_step in ids else -1
    target = current + offset
    if not 0 <= target < len(ids):
        return None
    return start_step(session, kit, ids[target], at)


def remaining_seconds(session: Session, kit: Kit, at: dt.datetime | None = None) -> int | None:
    """Seconds left in the current step's timebox (negative once it overruns); None when no step runs."""
    if session.current_step is None:
        return None
    record = step_record(session, session.current_step)
    step = kit.step(session.current_step)
    if record is None or record.started is None or step is None:
        return None
    planned = record.planned_minutes or step.minutes
    elapsed = ((at or now()) - record.started).total_seconds()
    return int(planned * 60 - elapsed)
