"""Plan checks: everything `facilitator check` reports, each problem located and with advice.

Structural checks (the file reads, the values are valid, ids unique, no dangling references, codes not
duplicated) are errors: a plan with errors is not exported. Gaps in content (an objective with no
indicator) are warnings, unknown keys kept from a hand edit are warnings, the rest is info.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from facilitator import paths, tomlio
from facilitator.i18n import _
from facilitator.kits import KitSet, load_kits
from facilitator.model import Plan, Session
from facilitator.problems import Level, PlanError, Problem
from facilitator.store import PlanStore, SessionSummary


@dataclass
class _Located:
    """Finds the line of a key path in one file's text."""

    rel: str
    lines: dict[tuple[Any, ...], int]

    def problem(self, check: str, level: Level, path: tuple[Any, ...], message: str,
                record: str | None = None) -> Problem:
        return Problem(check, level, self.rel, message, line=tomlio.line_of(self.lines, path),
                       key=tomlio.key_label(path) or None, record=record)


def check_folder(folder: str | Path) -> list[Problem]:
    """All problems of the plan folder, without taking its lock or writing anything."""
    folder = Path(folder).expanduser().resolve()
    try:
        store = PlanStore.open(folder, read_only=True)
    except PlanError as err:
        return err.problems
    return check_store(store)


def check_store(store: PlanStore) -> list[Problem]:
    """All problems of an open plan (as saved on disk for line numbers; the model as in memory)."""
    kits = load_kits(store.folder)
    sessions = store.session_summaries()
    try:
        text, _raw = tomlio.read_text(store.plan_path, paths.PLAN_FILE)
    except PlanError:
        text = ""
    return check_plan(store.plan, text, sessions, kits, store.folder)


def check_plan(plan: Plan, text: str, sessions: list[SessionSummary], kits: KitSet,
               folder: Path | None = None) -> list[Problem]:
    at = _Located(paths.PLAN_FILE, tomlio.key_lines(text))
    problems: list[Problem] = list(kits.problems)
    problems += _unknown_keys(plan, (), at)
    problems += _identity(plan, at)
    problems += _references(plan, at)
    problems += _content(plan, at)
    problems += _sessions(plan, sessions, kits)
    problems += _revisions(plan, at, folder)
    order = {Level.error: 0, Level.warning: 1, Level.info: 2}
    return sorted(problems, key=lambda p: (order[p.level], p.file != paths.PLAN_FILE, p.file, p.line or 0))


def has_errors(problems: Iterable[Problem]) -> bool:
    return any(p.level == Level.error for p in problems)


# --- individual checks ----------------------------------------------------------------------------------------

def _unknown_keys(model: BaseModel, path: tuple[Any, ...], at: _Located) -> list[Problem]:
    out = []
    for key in (model.model_extra or {}):
        out.append(at.problem("unknown-key", Level.warning, path + (key,), _(
            "unknown key `{key}` (kept as written); check its spelling, or remove it").format(key=key)))
    for name in type(model).model_fields:
        value = getattr(model, name)
        if isinstance(value, BaseModel):
            out += _unknown_keys(value, path + (name,), at)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, BaseModel):
                    out += _unknown_keys(item, path + (name, i), at)
    return out


_CODED = ("findings", "objectives", "indicators", "actions")


def _records(plan: Plan) -> Iterable[tuple[tuple[Any, ...], Any]]:
    """(path, record) for every record of the plan that has an id."""
    for name in ("stakeholders", "findings", "benchmarks", "objectives", "indicators", "actions"):
        for i, rec in enumerate(getattr(plan, name)):
            yield (name, i), rec
    for i, line in enumerate(plan.strategy.lines):
        yield ("strategy", "lines", i), line


def _identity(plan: Plan, at: _Located) -> list[Problem]:
    out = []
    seen: dict[str, tuple[Any, ...]] = {}
    for path, rec in _records(plan):
        if rec.id in seen:
            out.append(at.problem("duplicate-id", Level.error, path + ("id",), _(
                "id {id} is used twice (also at {other}); give this record a new id, ids are never shared").format(
                    id=rec.id, other=tomlio.key_label(seen[rec.id])), record=rec.id))
        else:
            seen[rec.id] = path
    for name in _CODED:
        counts = Counter(r.code for r in getattr(plan, name))
        for i, rec in enumerate(getattr(plan, name)):
            if counts[rec.code] > 1:
                out.append(at.problem("duplicate-code", Level.error, (name, i, "code"), _(
                    "code {code} is used by {n} {kind}; give each its own code").format(
                        code=rec.code, n=counts[rec.code], kind=name), record=rec.code))
    counts = Counter(line.code for line in plan.strategy.lines)
    for i, line in enumerate(plan.strategy.lines):
        if counts[line.code] > 1:
            out.append(at.problem("duplicate-code", Level.error, ("strategy", "lines", i, "code"), _(
                "code {code} is used by {n} strategic lines; give each its own code").format(
                    code=line.code, n=counts[line.code]), record=line.code))
    return out


def _references(plan: Plan, at: _Located) -> list[Problem]:
    out = []
    lines = {line.id for line in plan.strategy.lines}
    findings = {f.id for f in plan.findings}
    objectives = {o.id for o in plan.objectives}

    def dangling(path: tuple[Any, ...], ref: str, what: str, record: str) -> None:
        out.append(at.problem("dangling-id", Level.error, path, _(
            "{ref} does not name any {what} of the plan; pick an existing one or remove the reference").format(
                ref=ref, what=what), record=record))

    for i, o in enumerate(plan.objectives):
        if o.line is not None and o.line not in lines:
            dangling(("objectives", i, "line"), o.line, _("strategic line"), o.code)
        for f in o.findings:
            if f not in findings:
                dangling(("objectives", i, "findings"), f, _("finding"), o.code)
    for i, ind in enumerate(plan.indicators):
        if ind.objective not in objectives:
            dangling(("indicators", i, "objective"), ind.objective, _("objective"), ind.code)
    for i, a in enumerate(plan.actions):
        for ref in a.objectives:
            if ref not in objectives:
                dangling(("actions", i, "objectives"), ref, _("objective"), a.code)
    return out


def _content(plan: Plan, at: _Located) -> list[Problem]:
    out = []
    with_indicator = {i.objective for i in plan.indicators}
    with_action = {o for a in plan.actions for o in a.objectives}
    for i, o in enumerate(plan.objectives):
        if o.id not in with_indicator:
            out.append(at.problem("objective-no-indicator", Level.warning, ("objectives", i), _(
                "objective {code} has no indicator; add one so progress can be measured").format(code=o.code),
                record=o.code))
        if o.id not in with_action:
            out.append(at.problem("objective-no-action", Level.warning, ("objectives", i), _(
                "objective {code} has no action; link an action of the plan to it").format(code=o.code),
                record=o.code))
    for i, a in enumerate(plan.actions):
        if not a.objectives:
            out.append(at.problem("action-no-objective", Level.warning, ("actions", i), _(
                "action {code} is linked to no objective; link it to the objective it serves").format(code=a.code),
                record=a.code))
        if a.start and a.end and a.end < a.start:
            out.append(at.problem("dates-order", Level.error, ("actions", i, "end"), _(
                "action {code} ends ({end}) before it starts ({start}); correct one of the dates").format(
                    code=a.code, end=a.end, start=a.start), record=a.code))
    for i, ind in enumerate(plan.indicators):
        missing = [k for k in ("baseline", "baseline_year") if getattr(ind, k) is None]
        if not ind.targets:
            missing.append("targets")
        if missing:
            out.append(at.problem("indicator-incomplete", Level.warning, ("indicators", i), _(
                "indicator {code} has no {keys}; complete its sheet").format(code=ind.code, keys=", ".join(missing)),
                record=ind.code))
    return out


def _sessions(plan: Plan, sessions: list[SessionSummary], kits: KitSet) -> list[Problem]:
    out: list[Problem] = []
    stakeholders = {s.id for s in plan.stakeholders}
    contributions: set[str] = set()
    session_ids: dict[str, str] = {}
    for summary in sessions:
        out += summary.problems
        s = summary.session
        if s is None:
            continue
        at = _Located(summary.rel, tomlio.key_lines(_text(summary.path)))
        out += _unknown_keys(s, (), at)
        if s.id in session_ids:
            out.append(at.problem("duplicate-id", Level.error, ("id",), _(
                "session id {id} is also used by {other}; give one of them a new id").format(
                    id=s.id, other=session_ids[s.id]), record=s.id))
        session_ids[s.id] = summary.rel
        out += _session_refs(s, at, stakeholders, kits)
        contributions |= {c.id for c in s.contributions} | {g.id for g in s.groups} | {d.id for d in s.drafts}
    traced = [(name, getattr(plan, name)) for name in ("findings", "benchmarks", "objectives", "indicators", "actions")]
    traced.append(("strategy.lines", plan.strategy.lines))
    for name, records in traced:
        for i, rec in enumerate(records):
            missing = [c for c in getattr(rec, "sources", []) if c not in contributions]
            if missing:
                out.append(Problem("dangling-source", Level.warning, paths.PLAN_FILE, _(
                    "{code}: source {ids} is not a note, group or draft of any session file; the trace to the room is "
                    "lost — restore the session file or remove the source").format(
                        code=getattr(rec, "code", rec.id), ids=", ".join(missing)),
                    key=f"{name}[{i + 1}].sources", record=getattr(rec, "code", rec.id)))
    for i, rev in enumerate(plan.revisions):
        if rev.session is not None and rev.session not in session_ids:
            out.append(Problem("dangling-id", Level.warning, paths.PLAN_FILE, _(
                "revision {n} names session {id}, which is in no session file").format(n=rev.number, id=rev.session),
                key=f"revisions[{i + 1}].session", record=str(rev.number)))
    return out


def _session_refs(s: Session, at: _Located, stakeholders: set[str], kits: KitSet) -> list[Problem]:
    out = []
    for i, a in enumerate(s.attendance):
        if a.stakeholder not in stakeholders:
            out.append(at.problem("dangling-id", Level.error, ("attendance", i, "stakeholder"), _(
                "{id} is not a stakeholder of the plan; add the stakeholder to plan.toml or fix the id").format(
                    id=a.stakeholder), record=a.stakeholder))
    groups = {g.id for g in s.groups}
    ids = Counter([c.id for c in s.contributions] + list(groups) + [d.id for d in s.drafts]
                  + [d.id for d in s.decisions])
    for i, c in enumerate(s.contributions):
        if ids[c.id] > 1:
            out.append(at.problem("duplicate-id", Level.error, ("contributions", i, "id"), _(
                "id {id} is used twice in this session; give one of them a new id").format(id=c.id), record=c.id))
        if c.author is not None and c.author not in stakeholders:
            out.append(at.problem("dangling-id", Level.warning, ("contributions", i, "author"), _(
                "author {id} is not a stakeholder of the plan").format(id=c.author), record=c.id))
        if c.group is not None and c.group not in groups:
            out.append(at.problem("dangling-id", Level.error, ("contributions", i, "group"), _(
                "group {id} is not a group of this session").format(id=c.group), record=c.id))
    kit = kits.get(s.workshop)
    if kit is None:
        out.append(at.problem("unknown-workshop", Level.warning, ("workshop",), _(
            "workshop kit {kit} is not installed nor in the plan's workshops/ folder").format(kit=s.workshop)))
    else:
        step_ids = {st.id for st in kit.steps}
        for i, st in enumerate(s.steps):
            if st.id not in step_ids:
                out.append(at.problem("unknown-step", Level.warning, ("steps", i, "id"), _(
                    "step {step} is not a step of the {kit} kit").format(step=st.id, kit=s.workshop)))
    if s.status == "open":
        out.append(at.problem("session-open", Level.info, ("status",), _(
            "this session is still open; close it to move its outputs into the plan")))
    return out


def _revisions(plan: Plan, at: _Located, folder: Path | None) -> list[Problem]:
    out = []
    numbers = [r.number for r in plan.revisions]
    if numbers != sorted(set(numbers)):
        out.append(at.problem("revision-order", Level.error, ("revisions",), _(
            "revision numbers must increase without repeats ({numbers}); renumber them").format(
                numbers=", ".join(map(str, numbers)))))
    if numbers and plan.revision < max(numbers):
        out.append(at.problem("revision-number", Level.error, ("revision",), _(
            "revision = {rev} but revision {last} is recorded; set revision = {last}").format(
                rev=plan.revision, last=max(numbers))))
    if folder is not None:
        for i, r in enumerate(plan.revisions):
            if not paths.history_file(folder, r.number).exists():
                out.append(at.problem("history-missing", Level.info, ("revisions", i), _(
                    "history/plan-r{n}.toml is missing, so changes since revision {n} cannot be shown").format(
                        n=r.number), record=str(r.number)))
    return out


def _text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""
