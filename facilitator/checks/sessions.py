"""The checks of the session files and of what the plan says about its sessions: authors, kits and steps,
sources, revisions and their history, the endorsement and the M&E plan's dates."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Any

from facilitator import evaluation, paths, tomlio
from facilitator.checks.records import unknown_keys
from facilitator.checks.registry import Located
from facilitator.i18n import _
from facilitator.kits import KitSet
from facilitator.model import Plan, Session
from facilitator.problems import Problem
from facilitator.store import SessionSummary


def session_checks(plan: Plan, sessions: list[SessionSummary], kits: KitSet, plan_at: Located) -> list[Problem]:
    out: list[Problem] = []
    stakeholders = {s.id for s in plan.stakeholders}
    contributions: set[str] = set()
    session_ids: dict[str, str] = {}
    for summary in sessions:
        out += summary.problems
        s = summary.session
        if s is None:
            continue
        at = Located(summary.rel, tomlio.key_lines(_text(summary.path)))
        out += unknown_keys(s, (), at)
        if s.id in session_ids:
            out.append(at.problem("duplicate-id", ("id",), _(
                "session id {id} is also used by {other}").format(id=s.id, other=session_ids[s.id]), record=s.id,
                advice=_("give one of the sessions a new id")))
        session_ids[s.id] = summary.rel
        out += _session_refs(s, at, stakeholders, kits)
        contributions |= {c.id for c in s.contributions} | {g.id for g in s.groups} | {d.id for d in s.drafts}
    traced: list[tuple[tuple[Any, ...], list[Any]]] = [
        ((name,), getattr(plan, name)) for name in ("findings", "benchmarks", "objectives", "indicators", "actions")]
    traced.append((("strategy", "lines"), plan.strategy.lines))
    for prefix, records in traced:
        for i, rec in enumerate(records):
            missing = [c for c in getattr(rec, "sources", []) if c not in contributions]
            if missing:
                label = getattr(rec, "code", None) or rec.id
                out.append(plan_at.problem("dangling-source", prefix + (i, "sources"), _(
                    "{code}: source {ids} is not a note, group or draft of any session file; the trace to the room "
                    "is lost").format(code=label, ids=", ".join(missing)), record=label))
    for i, rev in enumerate(plan.revisions):
        if rev.session is not None and rev.session not in session_ids:
            out.append(plan_at.problem("dangling-session", ("revisions", i, "session"), _(
                "revision {n} names session {id}, which is in no session file").format(n=rev.number, id=rev.session),
                record=str(rev.number)))
    return out


def endorsement(plan: Plan, sessions: list[SessionSummary], at: Located, today: dt.date) -> list[Problem]:
    """The endorsement: its session must exist, its date fall between that session and today, and someone
    must have signed it."""
    e = plan.endorsement
    if not e.recorded():
        return []
    out = []
    dates = {s.session.id: s.session.date for s in sessions if s.session is not None}
    if e.session is not None and e.session not in dates:
        out.append(at.problem("dangling-session", ("endorsement", "session"), _(
            "the endorsement names session {id}, which is in no session file").format(id=e.session),
            advice=_("pick the session where the plan was approved, or restore its file")))
    held = dates.get(e.session) if e.session is not None else None
    if e.date is not None and held is not None and e.date < held:
        out.append(at.problem("endorsement-date", ("endorsement", "date"), _(
            "the endorsement is dated {date}, before its session ({session})").format(
                date=e.date.isoformat(), session=held.isoformat())))
    if e.date is not None and e.date > today:
        out.append(at.problem("endorsement-date", ("endorsement", "date"), _(
            "the endorsement is dated {date}, after today").format(date=e.date.isoformat())))
    if not e.signatories:
        out.append(at.problem("endorsement-unsigned", ("endorsement",), _(
            "the endorsement names no signatory: its page would have no signature line")))
    return out


def evaluation_dates(plan: Plan, at: Located) -> list[Problem]:
    """The M&E plan's dates: the mid-term evaluation before the final one, both within the plan's period."""
    out = []
    names = {"midterm": _("the mid-term evaluation"), "final": _("the final evaluation"),
             "reviews": _("a review meeting")}
    period = evaluation.plan_period(plan)
    for p in evaluation.date_problems(plan):
        what = names[str(p.key[1])]
        if p.kind == "order":
            out.append(at.problem("dates-order", p.key, _(
                "the mid-term evaluation ({midterm}) is not before the final one ({final})").format(
                    midterm=p.day.isoformat(), final=plan.monitoring.final.isoformat() if plan.monitoring.final
                    else ""), advice=_("correct the mid-term or the final evaluation's date")))
        elif period is not None:
            out.append(at.problem("evaluation-date", p.key, _(
                "{what} ({date}) falls outside the plan's period ({start} to {end})").format(
                    what=what, date=p.day.isoformat(), start=period[0].isoformat(), end=period[1].isoformat())))
    return out


def _session_refs(s: Session, at: Located, stakeholders: set[str], kits: KitSet) -> list[Problem]:
    out = []
    for i, a in enumerate(s.attendance):
        if a.stakeholder not in stakeholders:
            out.append(at.problem("dangling-id", ("attendance", i, "stakeholder"), _(
                "{id} is not a stakeholder of the plan").format(id=a.stakeholder), record=a.stakeholder,
                advice=_("add the stakeholder to plan.toml or correct the id")))
    groups = {g.id for g in s.groups}
    ids = Counter([c.id for c in s.contributions] + list(groups) + [d.id for d in s.drafts]
                  + [d.id for d in s.decisions])
    for i, c in enumerate(s.contributions):
        if ids[c.id] > 1:
            out.append(at.problem("duplicate-id", ("contributions", i, "id"), _(
                "id {id} is used twice in this session").format(id=c.id), record=c.id))
        if c.author is not None and c.author not in stakeholders:
            out.append(at.problem("dangling-author", ("contributions", i, "author"), _(
                "author {id} is not a stakeholder of the plan").format(id=c.author), record=c.id))
        if c.group is not None and c.group not in groups:
            out.append(at.problem("dangling-id", ("contributions", i, "group"), _(
                "group {id} is not a group of this session").format(id=c.group), record=c.id))
    kit = kits.get(s.workshop)
    if kit is None:
        out.append(at.problem("unknown-workshop", ("workshop",), _(
            "workshop kit {kit} is not installed nor in the plan's workshops/ folder").format(kit=s.workshop)))
    else:
        step_ids = {st.id for st in kit.steps}
        for i, st in enumerate(s.steps):
            if st.id not in step_ids:
                out.append(at.problem("unknown-step", ("steps", i, "id"), _(
                    "step {step} is not a step of the {kit} kit").format(step=st.id, kit=s.workshop)))
    if s.status == "open":
        out.append(at.problem("session-open", ("status",), _("this session is still open"), record=s.id))
    return out


def revisions(plan: Plan, at: Located, folder: Path | None) -> list[Problem]:
    out = []
    numbers = [r.number for r in plan.revisions]
    if numbers != sorted(set(numbers)):
        out.append(at.problem("revision-order", ("revisions",), _(
            "revision numbers must increase without repeats ({numbers})").format(
                numbers=", ".join(map(str, numbers)))))
    if numbers and plan.revision < max(numbers):
        out.append(at.problem("revision-number", ("revision",), _(
            "revision = {rev} but revision {last} is recorded").format(rev=plan.revision, last=max(numbers)),
            advice=_("set revision = {last}").format(last=max(numbers))))
    if folder is not None:
        for i, r in enumerate(plan.revisions):
            if not paths.history_file(folder, r.number).exists():
                out.append(at.problem("history-missing", ("revisions", i), _(
                    "history/plan-r{n}.toml is missing, so changes since revision {n} cannot be shown").format(
                        n=r.number), record=str(r.number)))
    return out


def _text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""
