"""A session's life: started from a kit, run step by step, closed into the plan with a revision."""

from __future__ import annotations

import datetime as dt

from facilitator.engine import agenda, decisions
from facilitator.engine.clock import now
from facilitator.engine.consolidate import Consolidation, apply, preview
from facilitator.i18n import _
from facilitator.model import Attendance, Kit, Session, SessionStatus, StepRecord, new_id
from facilitator.problems import PlanError
from facilitator.store import PlanStore, TomlFile


def start(store: PlanStore, kit: Kit, date: dt.date, *, title: str = "", venue: str = "", facilitator: str = "",
          present: list[str] | None = None) -> TomlFile[Session]:
    """Create the session file for a workshop from ``kit``: agenda from the kit, attendance, and the open
    parking-lot items and action items of earlier sessions carried over. Written before it returns."""
    lang = store.plan.language
    session = Session(id=new_id("ses"), workshop=kit.id, title=title or kit.title.get(lang), date=date,
                      venue=venue, facilitator=facilitator, status="planned",
                      attendance=[Attendance(stakeholder=s) for s in present or []],
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
    (with its history snapshot). The session file is saved first, so the record is safe whatever follows."""
    session = handle.model
    if session.status == "closed":
        raise PlanError(_("this session is already closed"), handle.rel)
    at = at or now()
    if session.current_step:
        agenda.end_step(session, session.current_step, at)
    change = preview(session, kit, store.plan)
    session.status = SessionStatus.closed
    session.current_step = None
    store.save_session(handle)
    apply(store.plan, change)
    store.record_revision(summary or _("{title} ({date})").format(title=session.title, date=session.date.isoformat()),
                          session_id=session.id, date=at.date())
    return change
