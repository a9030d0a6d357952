"""A session's life: started from a kit, run step by step, closed into the plan with a revision."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from pydantic import BaseModel

from facilitator.engine import agenda, attendance, decisions
from facilitator.engine.clock import now
from facilitator.engine.consolidate import Consolidation, apply, preview
from facilitator.i18n import _
from facilitator.model import Kit, Session, SessionStatus, Stakeholder, StepRecord, new_id
from facilitator.problems import PlanError
from facilitator.store import PlanStore, TomlFile


def start(store: PlanStore, kit: Kit, date: dt.date, *, title: str = "", venue: str = "", facilitator: str = "",
          present: list[str] | None = None, newcomers: Sequence[Stakeholder] = (),
          absent: Sequence[str] = ()) -> TomlFile[Session]:
    """Create the session file for a workshop from ``kit``: agenda from the kit, attendance, and the open
    parking-lot items and action items of earlier sessions carried over. Written before it returns.

    Attendance lists ``present`` first, then the invitees in ``absent`` with ``present = false``.

    ``newcomers`` (people met at the door, `attendance.newcomer`) join the plan's stakeholders only now,
    when the session starts, and are marked present: a start that is given up writes nothing."""
    if newcomers:
        before = store.plan.stakeholders
        store.plan.stakeholders = [*before, *newcomers]
        try:
            store.save_plan()
        except PlanError:
            store.plan.stakeholders = before
            raise
        present = [*(present or []), *(p.id for p in newcomers if p.id not in (present or []))]
    lang = store.plan.language
    session = Session(id=new_id("ses"), workshop=kit.id, title=title or kit.title.get(lang), date=date,
                      venue=venue, facilitator=facilitator, status="planned",
                      attendance=attendance.roll([*(present or []), *(a for a in absent if a not in (present or []))],
                                                 present or []),
                      steps=[StepRecord(id=step.id, planned_minutes=step.minutes) for step in kit.steps])
    earlier = [s.session for s in store.session_summaries() if s.session is not None]
    decisions.carry_over(earlier, session)
    return store.new_session(session)


def close_preview(store: PlanStore, handle: TomlFile[Session], kit: Kit) -> Consolidation:
    """Exactly what closing the session will add to the plan."""
    return preview(handle.model, kit, store.plan)


def close(store: PlanStore, handle: TomlFile[Session], kit: Kit, summary: str = "",
          at: dt.datetime | None = None) -> Consolidation:
    """Close the session: end the running step, move its adopted outputs into the plan, record a revision
    (with its history snapshot), then mark the session file closed.

    All or nothing: when the revision cannot be recorded (history/ not writable, disk full, plan.toml
    changed on disk) the plan and the session are put back as they were in memory and nothing on disk has
    changed, so closing again works once the cause is fixed. The session file is written last: its notes
    are on disk already, and a session left open by a failure after the revision is closed again without
    consolidating twice (notes already named in the plan's sources are skipped)."""
    session = handle.model
    if session.status == "closed":
        raise PlanError(_("this session is already closed"), handle.rel)
    at = at or now()
    session_before = session.model_copy(deep=True)
    plan_before = store.plan.model_copy(deep=True)
    if session.current_step:
        agenda.end_step(session, session.current_step, at)
    change = preview(session, kit, store.plan)
    session.status = SessionStatus.closed
    session.current_step = None
    try:
        apply(store.plan, change)
        store.record_revision(summary or _("{title} ({date})").format(title=session.title,
                                                                       date=session.date.isoformat()),
                              session_id=session.id, date=at.date())
    except BaseException:
        _put_back(session, session_before)
        _put_back(store.plan, plan_before)
        raise
    store.save_session(handle)
    return change


def _put_back(model: BaseModel, before: BaseModel) -> None:
    """Give ``model`` the field values of its copy ``before`` (without validating them again)."""
    for name in type(model).model_fields:
        object.__setattr__(model, name, getattr(before, name))
