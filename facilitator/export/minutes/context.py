"""Everything the minutes template prints, as plain localized data: `minutes_context`, with the session's
facts, attendance and representativeness, the agenda (planned and actual), and decisions, action items
and the parking lot. The contributions of each step are in `steps`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from facilitator.engine.kinds import step_label
from facilitator.export.formatting import Fmt, page_label, text
from facilitator.export.minutes.labels import (
    CONSENSUS,
    GENDERS,
    PERSON_KINDS,
    SIZES,
)
from facilitator.export.minutes.steps import session_steps
from facilitator.i18n import BABEL_LOCALES, _
from facilitator.labels import SESSION_STATUSES, STAKEHOLDER_KINDS, label
from facilitator.model import Kit, Plan, Session


def minutes_context(plan: Plan, session: Session, kit: Kit | None, lang: str, *,
                    earlier: list[Session] | None = None, today: dt.date | None = None) -> dict[str, Any]:
    """Everything the minutes template prints, as plain data localized for ``lang``.

    Call with the gettext language already set to ``lang``. ``earlier`` are the plan's other sessions (to
    say where a carried-over item came from).
    """
    from facilitator import __version__

    f = Fmt(lang, content=plan.language)
    today = today or dt.date.today()
    names = {s.id: s for s in plan.stakeholders}
    workshop = text(kit.title.get(lang)) if kit is not None else text(session.workshop)
    step_titles = _step_titles(kit, lang)
    return {
        "lang": lang,
        "title": _("Minutes") + " \u2014 " + text(session.title),
        "generator": f"Cluster Facilitator {__version__}",
        "footer": page_label(),
        "head": {
            "kind": _("Minutes of a workshop session"),
            "cluster": text(plan.cluster.name),
            "title": text(session.title),
            "running": workshop + " \u00b7 " + f.date(session.date),
            "purpose": text(kit.purpose.get(lang)) if kit is not None else "",
            "written": _("Minutes written on {date} with {tool}.").format(
                date=f.date(today), tool=f"Cluster Facilitator {__version__}"),
        },
        "facts": _facts(session, workshop, f),
        "attendance": _attendance(session, plan, f),
        "agenda": _agenda(session, kit, f, step_titles),
        "steps": session_steps(session, kit, f, names, step_titles),
        "items": _items(session, f, step_titles, earlier or []),
    }


def _step_titles(kit: Kit | None, lang: str) -> dict[str, str]:
    titles: dict[str, str] = {}
    if kit is not None:
        for step in kit.steps:
            titles[step.id] = text(step.title.get(lang)) if step.title is not None else text(step.id)
    return titles


def _time(value: dt.datetime | None, lang: str) -> str:
    if value is None:
        return ""
    from babel.dates import format_time

    # The wall-clock time in the room (the offset it was recorded with), not converted to UTC.
    return format_time(value.time(), format="short", locale=BABEL_LOCALES.get(lang, "en"))


def _facts(session: Session, workshop: str, f: Fmt) -> list[dict[str, str]]:
    starts = [r.started for r in session.steps if r.started is not None]
    ends = [r.ended for r in session.steps if r.ended is not None]
    facts = [{"label": _("Workshop"), "value": workshop}, {"label": _("Date"), "value": f.date(session.date)}]
    if starts:
        try:
            first, last = min(starts), max(ends) if ends else None
        except TypeError:  # naive and aware times mixed by a hand edit: show the recorded order
            first, last = starts[0], ends[-1] if ends else None
        span = _time(first, f.lang) + (" \u2013 " + _time(last, f.lang) if last else "")
        facts.append({"label": _("Time"), "value": span})
    if session.venue:
        facts.append({"label": _("Venue"), "value": text(session.venue)})
    if session.facilitator:
        facts.append({"label": _("Facilitator"), "value": text(session.facilitator)})
    facts.append({"label": _("Status"), "value": label(SESSION_STATUSES, session.status)})
    return facts



# --- attendance and representativeness -------------------------------------------------------------------------

def _attendance(session: Session, plan: Plan, f: Fmt) -> dict[str, Any]:
    from facilitator.engine.attendance import representativeness

    present = representativeness(session, plan)
    everyone = session.model_copy(update={"attendance": [a.model_copy(update={"present": True})
                                                         for a in session.attendance]})
    invited = representativeness(everyone, plan)

    def rows(table: Mapping[str, str], here: Mapping[str, int], asked: Mapping[str, int]) -> list[dict[str, str]]:
        return [{"label": _(table[k]), "present": str(here.get(k, 0)), "invited": str(asked.get(k, 0))}
                for k in table if asked.get(k, 0)]

    people: list[dict[str, Any]] = []
    for row in sorted(session.attendance, key=lambda a: (not a.present, _name(plan, a.stakeholder).casefold())):
        who = plan.stakeholder(row.stakeholder)
        people.append({
            "name": _name(plan, row.stakeholder),
            "organization": text(who.organization) if who else "",
            "kind": label(PERSON_KINDS, who.kind) if who else "",
            "present": row.present,
        })
    share = f.percent(present.present / invited.invited) if invited.invited else ""
    firms = present.by_kind.get("firm", 0)
    return {
        "present": str(present.present),
        "invited": str(invited.invited),
        "summary": _("{present} of {invited} invited people took part ({share}).").format(
            present=present.present, invited=invited.invited, share=share) if invited.invited else "",
        "private": _("People from firms: {n} of {present} present ({share}).").format(
            n=firms, present=present.present, share=f.percent(firms / present.present)) if present.present else "",
        "by_kind": rows(STAKEHOLDER_KINDS, present.by_kind, invited.by_kind),
        "by_size": rows(SIZES, present.by_size, invited.by_size),
        "by_gender": rows(GENDERS, present.by_gender, invited.by_gender),
        "people": people,
    }


def _name(plan: Plan, stakeholder_id: str) -> str:
    who = plan.stakeholder(stakeholder_id)
    return text(who.name) if who is not None else text(stakeholder_id)


# --- agenda: planned and actual ----------------------------------------------------------------------------------

def _agenda(session: Session, kit: Kit | None, f: Fmt, titles: dict[str, str]) -> dict[str, Any]:
    from facilitator.engine.agenda import agenda

    rows: list[dict[str, Any]] = []
    # The totals compare like with like: the planned minutes of the steps that were held (with a known
    # duration) against their actual minutes, and the difference is the net one (an overrun of one step
    # offset by a short one). Summing the plan of steps not held, or only the overruns, gave "205 planned
    # / 168 +21".
    planned_total = planned_all = actual_total = 0
    actual_known = False

    def add(title: str, kind: str, planned: int, planned_start: dt.datetime | None, started: dt.datetime | None,
            ended: dt.datetime | None, in_kit: bool) -> None:
        nonlocal planned_total, planned_all, actual_total, actual_known
        actual = None
        if started is not None and ended is not None:
            try:
                actual = max(0, round((ended - started).total_seconds() / 60))
            except TypeError:
                actual = None
        over = actual - planned if actual is not None and planned and actual > planned else 0
        planned_all += planned
        if actual is not None:
            planned_total += planned
            actual_total += actual
            actual_known = True
        rows.append({
            "n": str(len(rows) + 1), "title": title, "kind": kind, "planned": str(planned) if planned else "",
            "planned_start": _time(planned_start, f.lang),
            "actual_span": (_time(started, f.lang) + " \u2013 " + _time(ended, f.lang)) if started and ended
            else _time(started, f.lang),
            "actual": str(actual) if actual is not None else "",
            "over": f"+{over}" if over else "",
            "held": started is not None,
            "in_kit": in_kit,
        })

    known: set[str] = set()
    if kit is not None:
        for row in agenda(session, kit):
            known.add(row.step.id)
            add(titles.get(row.step.id, text(row.step.id)), step_label(row.step.kind), row.planned_minutes,
                row.planned_start, row.started, row.ended, True)
    for record in session.steps:
        if record.id not in known:
            add(text(record.id), "", record.planned_minutes, None, record.started, record.ended, False)
    net = actual_total - planned_total
    return {
        "rows": rows,
        "planned_total": str(planned_total) if actual_known else (str(planned_all) if planned_all else ""),
        "planned_all": str(planned_all) if actual_known and planned_all != planned_total else "",
        "actual_total": str(actual_total) if actual_known else "",
        "over_total": f.signed(net) if actual_known and net else "",
        "overruns": sum(1 for r in rows if r["over"]),
    }



# --- decisions, action items, parking lot --------------------------------------------------------------------------

def _items(session: Session, f: Fmt, titles: Mapping[str, str], earlier: list[Session]) -> dict[str, Any]:
    origin = {d.id: s for s in earlier for d in s.decisions}
    out: dict[str, list[dict[str, Any]]] = {"decision": [], "action_item": [], "parking_lot": []}
    for d in session.decisions:
        came = origin.get(d.carried_from or "")
        out[str(d.kind)].append({
            "text": text(d.text),
            "step": titles.get(d.step or "", text(d.step or "")),
            "consensus": (f"{d.consensus} \u2013 {_(CONSENSUS[d.consensus])}" if d.consensus is not None else ""),
            "owner": text(d.owner),
            "due": f.date(d.due, "medium") if d.due else "",
            "resolved": d.resolved,
            "carried": (_("carried over from the session of {date}").format(date=f.date(came.date))
                        if came is not None else _("carried over from an earlier session") if d.carried_from
                        else ""),
        })
    return {"decisions": out["decision"], "actions": out["action_item"], "parking": out["parking_lot"]}
