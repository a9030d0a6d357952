"""Consolidation: what a session's adopted outputs add to the plan, previewed, then applied.

Each consolidate step of a kit names what it fills (`into`) and the steps it reads (`source`, `sources`).
`preview` builds the new plan records (fresh ids, next free codes, `sources` pointing at the notes they
came from) without touching the plan, so the room sees exactly what goes in; `apply` adds them. Notes
already consolidated (their ids are in some record's `sources`) are not added twice.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import ValidationError

from facilitator.dates import DateError, parse_date
from facilitator.engine import nominations
from facilitator.engine.capture import notes_of
from facilitator.engine.grouping import sources_of
from facilitator.engine.statements import adopted
from facilitator.engine.voting import Option, ranking, tally
from facilitator.model import (
    Action,
    Benchmark,
    Contribution,
    DiamondFactor,
    Finding,
    FindingKind,
    Funding,
    Indicator,
    Kit,
    KitStep,
    Measurement,
    Objective,
    Plan,
    Risk,
    Session,
    StrategicLine,
    Target,
    Tie,
    new_id,
)
from facilitator.numbers import NumberError, parse_number

_PROBLEM_TREE = {"core": "problem", "core-problem": "problem", "problem": "problem", "causes": "cause",
                 "cause": "cause", "effects": "effect", "effect": "effect"}


@dataclass
class Consolidation:
    """What one session adds to the plan. Lists hold new records; strings replace the plan's text."""

    findings: list[Finding] = field(default_factory=list)
    benchmarks: list[Benchmark] = field(default_factory=list)
    vision: str | None = None
    vision_horizon: int | None = None
    """The horizon year the room agreed in the session (a briefing that asks it)."""
    mission: str | None = None
    summary: str | None = None
    """The executive summary's narrative adopted in the room (a statement step), for `strategy.summary`."""
    values: list[str] = field(default_factory=list)
    lines: list[StrategicLine] = field(default_factory=list)
    objectives: list[Objective] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    risks: list[Risk] = field(default_factory=list)
    governance: dict[str, Any] = field(default_factory=dict)
    measurements: list[tuple[str, Measurement]] = field(default_factory=list)
    """New measurements of existing indicators: (indicator id, measurement), from review rows."""
    action_updates: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    """Changes to existing actions (status, progress, end): (action id, changes), from review rows."""
    sources: dict[str, list[str]] = field(default_factory=dict)
    """The notes or drafts behind the strategy texts (`vision`, `mission`, `values`)."""
    consensus: dict[str, tuple[int | None, str]] = field(default_factory=dict)
    """For `vision` and `mission`: the consensus level and the dissent recorded at adoption."""
    groups: dict[str, str] = field(default_factory=dict)
    """Findings made from a group of notes (finding id → group id), so the preview can say so."""
    skipped: list[str] = field(default_factory=list)
    """Rows that could not become records, with the reason (shown in the preview, never silently lost)."""
    ties: list[Tie] = field(default_factory=list)
    """Ties of the plan's network from the ticks of the kit's network steps (`engine.nominations`)."""
    tie_lines: list[str] = field(default_factory=list)
    """The same ties in words, for the preview (``Ana → Beto · joint projects``)."""


def _used_sources(plan: Plan) -> set[str]:
    used: set[str] = set(plan.strategy.sources)
    for line in plan.strategy.lines:
        used.update(line.sources)
    for name in ("findings", "benchmarks", "objectives", "indicators", "actions", "risks"):
        for record in getattr(plan, name):
            used.update(record.sources)
    for indicator in plan.indicators:
        for measurement in indicator.measurements:
            used.update(measurement.sources)
    return used


def _next_code(prefix: str, codes: list[str]) -> str:
    numbers = [int(m.group(1)) for c in codes if (m := re.fullmatch(re.escape(prefix) + r"(\d+)", c))]
    return f"{prefix}{max(numbers, default=0) + 1}"


_V = TypeVar("_V", Contribution, Option)


def _top(notes: list[_V], step: KitStep) -> list[_V]:
    """The notes (or vote options) a consolidate step takes: when votes were cast, the voted ones by votes
    (a note nobody voted for is not a priority; it stays in the session's record); else all, in capture
    order. `top` caps."""
    voted = any(n.votes for n in notes)
    ordered = [n for _rank, n in ranking(notes) if n.votes] if voted else list(notes)
    return ordered[: step.top] if step.top else ordered


def _number(value: Any, lang: str) -> float | None:
    """A row's value as a number: the table step stores numbers as numbers; text a column kept as typed is
    read by the plan's language (`facilitator.numbers`), and None when it is not a number."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    try:
        return parse_number(str(value), lang).value if value is not None else None
    except NumberError:
        return None


def codes_in(value: Any) -> list[str]:
    """The codes in a cell that names several records (``O1, O3`` or ``O1 O3``)."""
    return [c.strip() for c in re.split(r"[,;\s]+", str(value or "")) if c.strip()]


def preview(session: Session, kit: Kit, plan: Plan) -> Consolidation:
    """What closing ``session`` would add to ``plan`` (nothing is changed)."""
    out = Consolidation()
    if session.vision_horizon is not None and session.vision_horizon != plan.strategy.vision_horizon:
        out.vision_horizon = session.vision_horizon
    if session.nominations:
        out.ties = nominations.ties(session, kit, plan)
        out.tie_lines = nominations.tie_lines(out.ties, plan)
    used = _used_sources(plan)
    for step in kit.steps:
        if step.kind != "consolidate" or step.into is None:
            continue
        handler = _RULES.get(str(step.into))
        if handler is not None:
            handler(out, session, step, plan, used)
    return out


def _kind(category: str | None) -> tuple[str, str | None]:
    """The finding kind and diamond factor of a note's category."""
    category = category or ""
    kind = category if category in FindingKind.__members__ else _PROBLEM_TREE.get(category, "problem")
    return kind, category if category in DiamondFactor.__members__ else None


def _most_common(values: list[str | None]) -> str | None:
    """The value most notes share (ties: the first captured); None when none has one."""
    present = [v for v in values if v is not None]
    return max(present, key=present.count) if present else None


def _findings(out: Consolidation, session: Session, step: KitStep, plan: Plan, used: set[str]) -> None:
    """One finding per note. A group stands for its notes as one finding — its label the text, its notes and
    their merged duplicates the sources, its kind their most common category — when the vote was taken on
    groups (with the group's dots), or when the facilitator marked it `finding` (at its first note's place,
    its notes' votes summed). Votes, `top` and "nothing twice" work on these options as on single notes."""
    codes = [f.code for f in plan.findings] + [f.code for f in out.findings]
    options = tally(session, step.inputs())
    if not any(o.group is not None for o in options):  # the vote (if any) was on notes
        options = _chosen_groups(session, options)
    for rank, option in enumerate(_top(options, step), start=1):
        notes = [n for n in option.notes if n.id not in used]
        if not notes or (option.group is None and len(notes) < len(option.notes)):
            continue  # already in the plan (a note is consolidated once)
        kinds = [_kind(n.category) for n in notes]
        kind = _most_common([k for k, _factor in kinds]) or "problem"
        factors = [f for _kind_, f in kinds]
        factor = _most_common(factors)
        if factor is not None and factors.count(factor) * 2 <= len(factors):
            factor = None  # a diamond factor only when most of the notes name it (one diamond note of six: none)
        code = _next_code("D", codes)
        codes.append(code)
        finding = Finding(id=new_id("fnd"), code=code, kind=kind, factor=factor, text=option.text,
                          votes=option.votes, rank=rank if option.votes else None,
                          sources=[s for n in notes for s in sources_of(session, n.id)])
        out.findings.append(finding)
        if option.group is not None:
            out.groups[finding.id] = option.group.id


def _chosen_groups(session: Session, options: list[Option]) -> list[Option]:
    """Single-note options, with the notes of each group marked `finding` folded into one option for the
    group (at its first note's place, their votes summed)."""
    chosen = {g.id: g for g in session.groups if g.finding}
    out: list[Option] = []
    folded: dict[str, int] = {}
    for option in options:
        note = option.notes[0]
        group = chosen.get(note.group or "")
        if group is None:
            out.append(option)
        elif group.id not in folded:
            folded[group.id] = len(out)
            out.append(Option(group.id, group.label, note.votes, (note,), group))
        else:
            held = out[folded[group.id]]
            out[folded[group.id]] = Option(group.id, group.label, held.votes + note.votes, (*held.notes, note), group)
    return out


def _rows(session: Session, step: KitStep, used: set[str]) -> list[Contribution]:
    return [n for n in notes_of(session, step.inputs()) if n.id not in used and n.fields]


def _benchmarks(out: Consolidation, session: Session, step: KitStep, plan: Plan, used: set[str]) -> None:
    lang = plan.language
    for row in _rows(session, step, used):
        f = row.fields
        try:
            out.benchmarks.append(Benchmark(
                id=new_id("bmk"), metric=str(f.get("metric", row.text)), unit=str(f.get("unit", "")),
                value=_number(f.get("value"), lang), reference=str(f.get("reference", "")),
                reference_value=_number(f.get("reference_value"), lang),
                year=int(_number(f.get("year"), lang) or 0) or None, source=str(f.get("source", "")), sources=[row.id]))
        except (ValidationError, TypeError, ValueError):
            out.skipped.append(f"benchmark row {row.text[:60]!r}: needs a metric, a value, a reference and its value")


def _statement(name: str):  # type: ignore[no-untyped-def]
    def rule(out: Consolidation, session: Session, step: KitStep, plan: Plan, used: set[str]) -> None:
        draft = adopted(session, step.inputs())
        if draft is not None and draft.id not in used:
            setattr(out, name, draft.text)
            out.sources.setdefault(name, []).append(draft.id)
            out.consensus[name] = (draft.consensus, draft.dissent)
    return rule


def _values(out: Consolidation, session: Session, step: KitStep, plan: Plan, used: set[str]) -> None:
    for note in [n for n in _top(notes_of(session, step.inputs()), step) if n.id not in used]:
        if note.text not in plan.strategy.values and note.text not in out.values:
            out.values.append(note.text)
            out.sources.setdefault("values", []).extend(sources_of(session, note.id))


def _lines(out: Consolidation, session: Session, step: KitStep, plan: Plan, used: set[str]) -> None:
    codes = [line.code for line in plan.strategy.lines]
    groups = [g for g in session.groups if g.step in step.inputs() and g.id not in used]
    titles = [(g.label, [g.id]) for g in groups] or [
        (n.text, sources_of(session, n.id)) for n in _top(notes_of(session, step.inputs()), step) if n.id not in used]
    for title, sources in titles:
        code = _next_code("L", codes)
        codes.append(code)
        out.lines.append(StrategicLine(id=new_id("lin"), code=code, title=title[:500], sources=sources))


def _objectives(out: Consolidation, session: Session, step: KitStep, plan: Plan, used: set[str]) -> None:
    codes = [o.code for o in plan.objectives]
    lines = {line.code: line.id for line in [*plan.strategy.lines, *out.lines]}
    findings = {f.code: f.id for f in [*plan.findings, *out.findings]}
    rows = notes_of(session, step.inputs())
    chosen = [r for r in rows if r.fields] if any(r.fields for r in rows) else _top(rows, step)
    for row in [r for r in chosen if r.id not in used]:
        f = row.fields
        code = str(f.get("code") or _next_code("O", codes))
        codes.append(code)
        try:
            out.objectives.append(Objective(
                id=new_id("obj"), code=code, title=str(f.get("title", row.text)),
                line=lines.get(str(f.get("line", ""))),
                findings=[findings[c] for c in codes_in(f.get("findings")) if c in findings],
                owner=str(f.get("owner", "")), sources=sources_of(session, row.id)))
        except ValidationError:
            out.skipped.append(f"objective row {row.text[:60]!r}: needs a title")


def _indicators(out: Consolidation, session: Session, step: KitStep, plan: Plan, used: set[str]) -> None:
    lang = plan.language
    objectives = {o.code: o for o in [*plan.objectives, *out.objectives]}
    codes = [i.code for i in [*plan.indicators, *out.indicators]]
    existing = {i.code: i for i in plan.indicators}
    for row in _rows(session, step, used):
        f = row.fields
        if "indicator" in f:  # a review row: a new measurement of an indicator of the plan
            _measurement(out, session, row, existing, lang)
            continue
        objective = objectives.get(str(f.get("objective", "")).strip())
        if objective is None:
            out.skipped.append(f"indicator row {row.text[:60]!r}: its objective code is not in the plan")
            continue
        code = str(f.get("code") or _next_code(f"I{objective.code.lstrip('O')}.", codes))
        codes.append(code)
        target, target_year = _number(f.get("target"), lang), _number(f.get("target_year"), lang)
        baseline_year = _number(f.get("baseline_year"), lang)
        try:
            out.indicators.append(Indicator(
                id=new_id("ind"), code=code, objective=objective.id, name=str(f.get("name", row.text)),
                definition=str(f.get("definition", "")), level=str(f.get("level") or "outcome"),
                unit=str(f.get("unit", "")), direction=str(f.get("direction") or "increase"),
                baseline=_number(f.get("baseline"), lang), baseline_year=int(baseline_year) if baseline_year else None,
                targets=[Target(year=int(target_year), value=target)] if target is not None and target_year else [],
                source=str(f.get("source", "")), frequency=str(f.get("frequency") or "") or None,
                responsible=str(f.get("responsible", "")), sources=[row.id]))
        except ValidationError as exc:
            out.skipped.append(f"indicator row {row.text[:60]!r}: {exc.errors()[0]['loc'][0]} is not valid")


def _measurement(out: Consolidation, session: Session, row: Contribution, existing: dict[str, Indicator],
                 lang: str) -> None:
    f = row.fields
    indicator = existing.get(str(f.get("indicator", "")).strip())
    value = _number(f.get("value"), lang)
    if indicator is None or value is None:
        out.skipped.append(f"measurement row {row.text[:60]!r}: needs an indicator code of the plan and a value")
        return
    try:
        out.measurements.append((indicator.id, Measurement(
            date=_date(f.get("date")) or session.date, value=value, note=str(f.get("note") or f.get("source") or ""),
            sources=[row.id])))
    except ValidationError:
        out.skipped.append(f"measurement row {row.text[:60]!r}: the value is out of range")


def _action_update(out: Consolidation, row: Contribution, action: Action, lang: str) -> None:
    f = row.fields
    changes: dict[str, Any] = {}
    if f.get("status"):
        changes["status"] = str(f["status"]).strip().lower()
    if (progress := _number(f.get("progress"), lang)) is not None:
        changes["progress"] = int(progress)
    if end := _date(f.get("end")):
        changes["end"] = end
    try:
        Action.model_validate({**action.model_dump(), **changes})
    except ValidationError as exc:
        out.skipped.append(f"action status row {row.text[:60]!r}: {exc.errors()[0]['loc'][0]} is not valid")
        return
    changes["sources"] = [*action.sources, row.id]
    out.action_updates.append((action.id, changes))


def _date(value: Any) -> dt.date | None:
    try:
        return parse_date(str(value)) if value else None
    except DateError:
        return None


def _actions(out: Consolidation, session: Session, step: KitStep, plan: Plan, used: set[str]) -> None:
    lang = plan.language
    objectives = {o.code: o.id for o in [*plan.objectives, *out.objectives]}
    codes = [a.code for a in plan.actions]
    existing = {a.code: a for a in plan.actions}
    for row in _rows(session, step, used):
        f = row.fields
        if "action" in f:  # a review row: the status of an action of the plan
            action = existing.get(str(f.get("action", "")).strip())
            if action is None:
                out.skipped.append(f"action status row {row.text[:60]!r}: its action code is not in the plan")
            else:
                _action_update(out, row, action, lang)
            continue
        code = _next_code("A", codes)
        codes.append(code)
        funding = [Funding(source=src, amount=amount) for src in ("program", "public", "private")
                   if (amount := _number(f.get(src), lang)) is not None and amount > 0]
        try:
            out.actions.append(Action(
                id=new_id("act"), code=code, title=str(f.get("title", row.text)),
                kind=str(f.get("kind") or "vertical"),
                objectives=[objectives[c] for c in codes_in(f.get("objective") or f.get("objectives"))
                            if c in objectives],
                lead=str(f.get("lead", "")),
                partners=[p.strip() for p in str(f.get("partners", "")).split(",") if p.strip()],
                start=_date(f.get("start")), end=_date(f.get("end")), priority=str(f.get("priority") or "medium"),
                funding=funding, currency=plan.currency, sources=[row.id]))
        except ValidationError as exc:
            out.skipped.append(f"project card {row.text[:60]!r}: {exc.errors()[0]['loc'][0]} is not valid")


def _score(value: Any, lang: str) -> int | None:
    """A likelihood or impact cell (1-5): None when empty or out of the scale (the table step refused it)."""
    number = _number(value, lang)
    return int(number) if number is not None and number == int(number) and 1 <= number <= 5 else None


def _risks(out: Consolidation, session: Session, step: KitStep, plan: Plan, used: set[str]) -> None:
    """The risk rows: what could go wrong, the action it threatens (by code), likelihood and impact (1-5),
    mitigation and owner. A row naming an action code the plan does not have is kept, without the link."""
    lang = plan.language
    actions = {a.code: a.id for a in [*plan.actions, *out.actions]}
    codes = [r.code for r in plan.risks]
    for row in _rows(session, step, used):
        f = row.fields
        code = _next_code("R", codes)
        codes.append(code)
        named = str(f.get("action") or "").strip()
        if named and named not in actions:
            out.skipped.append(f"risk row {row.text[:60]!r}: action {named} is not in the plan; adopted without it")
        try:
            out.risks.append(Risk(
                id=new_id("rsk"), code=code, risk=str(f.get("risk") or row.text),
                likelihood=_score(f.get("likelihood"), lang), impact=_score(f.get("impact"), lang),
                mitigation=str(f.get("mitigation") or ""), owner=str(f.get("owner") or ""),
                action=actions.get(named), sources=[row.id]))
        except ValidationError as exc:
            out.skipped.append(f"risk row {row.text[:60]!r}: {exc.errors()[0]['loc'][0]} is not valid")


GOVERNANCE_KEYS = ("executing_agency", "council", "cluster_body", "meeting_cadence", "description")
"""What a governance row's `field` (or its note's category) may name; other rows are not adopted."""


def _governance(out: Consolidation, session: Session, step: KitStep, plan: Plan, used: set[str]) -> None:
    for note in notes_of(session, step.inputs()):
        if note.id in used:
            continue
        key = note.category or str(note.fields.get("field", "")).strip()
        value = str(note.fields.get("text") or note.fields.get("value") or note.text)
        if key == "council":
            out.governance.setdefault("council", list(plan.governance.council))
            if value not in out.governance["council"]:
                out.governance["council"].append(value)
        elif key in GOVERNANCE_KEYS:
            out.governance[key] = value


_RULES = {
    "findings": _findings, "benchmarks": _benchmarks, "vision": _statement("vision"),
    "mission": _statement("mission"), "summary": _statement("summary"), "values": _values, "lines": _lines, "objectives": _objectives,
    "indicators": _indicators, "actions": _actions, "governance": _governance, "risks": _risks,
}


def apply(plan: Plan, change: Consolidation) -> None:
    """Add a previewed consolidation to the plan."""
    if change.findings:
        plan.findings = [*plan.findings, *change.findings]
    if change.benchmarks:
        plan.benchmarks = [*plan.benchmarks, *change.benchmarks]
    strategy = plan.strategy
    for name in ("vision", "mission"):
        text = getattr(change, name)
        if text is not None:
            consensus, dissent = change.consensus.get(name, (None, ""))
            setattr(strategy, name, text)
            setattr(strategy, f"{name}_consensus", consensus)
            setattr(strategy, f"{name}_dissent", dissent)
    if change.vision_horizon is not None:
        strategy.vision_horizon = change.vision_horizon
    if change.summary is not None:
        strategy.summary = change.summary
    if change.values:
        strategy.values = [*strategy.values, *change.values]
    if change.lines:
        strategy.lines = [*strategy.lines, *change.lines]
    extra = [s for key in ("vision", "mission", "summary", "values") for s in change.sources.get(key, [])]
    if extra:
        strategy.sources = [*strategy.sources, *[s for s in extra if s not in strategy.sources]]
    plan.strategy = strategy
    if change.objectives:
        plan.objectives = [*plan.objectives, *change.objectives]
    if change.indicators:
        plan.indicators = [*plan.indicators, *change.indicators]
    if change.actions:
        plan.actions = [*plan.actions, *change.actions]
    if change.risks:
        plan.risks = [*plan.risks, *change.risks]
    for key, value in change.governance.items():
        setattr(plan.governance, key, value)
    indicators = {i.id: i for i in plan.indicators}
    for indicator_id, measurement in change.measurements:
        indicator = indicators[indicator_id]
        indicator.measurements = sorted([*indicator.measurements, measurement], key=lambda m: m.date)
    actions = {a.id: a for a in plan.actions}
    for action_id, changes in change.action_updates:
        for key, value in changes.items():
            setattr(actions[action_id], key, value)
    if change.ties:
        from facilitator.network import recorded  # networkx: only when a session brings ties

        plan.network.ties = [*plan.network.ties, *change.ties]
        plan.indicators = recorded(plan)[0]  # the indicators fed by the network take the new wave's values
