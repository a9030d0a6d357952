"""Plan checks: everything `facilitator check` reports, each problem located and with advice.

Every check has a stable id and one level (the `CHECKS` table, documented in docs/checks.md).
Structural checks (ids unique, no dangling references, codes not duplicated, dates that contradict each
other) are errors: a plan with errors is not exported. Gaps in content (an objective with no indicator,
an incomplete indicator sheet, a target against the indicator's direction, a budget that does not add up)
and unknown keys kept from a hand edit are warnings; the rest (wording that is not SMART, an open session,
a currency other than the plan's) is info. Each problem says what is wrong (`message`) and what to do
(`advice`), with its file, line, key and the code of the record concerned.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from facilitator import evaluation, maps, paths, risks, tomlio
from facilitator.financing import BREACH_CHECKS, breaches, funding_differs
from facilitator.i18n import N_, _, format_number, language
from facilitator.kits import KitSet, load_kits
from facilitator.labels import FUNDING_SOURCES, label
from facilitator.model import Action, Direction, Indicator, Objective, Plan, Session
from facilitator.problems import Level, PlanError, Problem
from facilitator.store import PlanStore, SessionSummary, outside_links


@dataclass(frozen=True)
class Check:
    """One check: its id, its level and its usual advice (a problem may give a more precise one)."""

    id: str
    level: Level
    advice: str
    """What to do, marked with N_ and translated where shown."""


CHECKS: dict[str, Check] = {c.id: c for c in (
    # errors: the plan contradicts itself; it is not exported until they are fixed
    Check("duplicate-id", Level.error, N_("give this record a new id; ids are never shared")),
    Check("duplicate-code", Level.error, N_("give each record its own code")),
    Check("dangling-id", Level.error, N_("pick an existing record or remove the reference")),
    Check("dates-order", Level.error, N_("correct the start or the end date")),
    Check("revision-order", Level.error, N_("renumber the revisions so that they increase")),
    Check("revision-number", Level.error, N_("set revision to the last recorded revision")),
    Check("merge-conflict", Level.error, N_("keep the value you want, then delete the CONFLICT comment")),
    Check("outside-link", Level.error,
          N_("replace the link with a copy of the file (or a real folder), or remove it")),
    # warnings: gaps in the content and hand edits worth a look
    Check("unknown-key", Level.warning, N_("check its spelling, or remove it")),
    Check("objective-no-indicator", Level.warning, N_("add an indicator so progress can be measured")),
    Check("objective-no-action", Level.warning, N_("link an action of the plan to it")),
    Check("action-no-objective", Level.warning, N_("link it to the objective it serves")),
    Check("indicator-incomplete", Level.warning, N_("complete the indicator sheet")),
    Check("target-direction", Level.warning, N_("correct the target, or the indicator's direction")),
    Check("target-before-baseline", Level.warning, N_("targets come after the baseline year: correct the year")),
    Check("measurement-before-baseline", Level.warning,
          N_("correct the measurement's date or the baseline year")),
    Check("measurement-in-future", Level.warning,
          N_("correct the measurement's date: the PDF flags it and its status counts it as measured")),
    Check("budget-mismatch", Level.warning, N_("correct the declared budget or the funding amounts")),
    Check("budget-lines-funding", Level.warning,
          N_("edit the budget lines (the funding follows them), or set the funding to their totals by source")),
    Check("budget-line-year", Level.warning, N_("correct the line's year, or the action's dates")),
    Check("activity-dates", Level.warning, N_("correct the activity's dates, or the action's")),
    Check("project-incomplete", Level.warning,
          N_("complete the action's project profile: a program finances what it can see justified and whom it "
             "reaches")),
    *(Check(check, Level.warning, advice) for check, advice in BREACH_CHECKS.items()),
    Check("evaluation-date", Level.warning,
          N_("move it within the plan's period: from its start to a year after its last target year")),
    Check("endorsement-date", Level.warning,
          N_("correct the endorsement's date: the day of its session or later, and not after today")),
    Check("endorsement-unsigned", Level.warning,
          N_("add who signed it (name, role, organization): S in the governance view")),
    Check("figure-no-source", Level.warning, N_("say where the figure comes from (registry, statistics office, survey)")),
    Check("segment-unknown", Level.warning,
          N_("add the segment to the value chain (F3 in the profile), or correct the stakeholder's segment")),
    Check("risk-unmitigated", Level.warning, N_("write its mitigation and who watches it (its owner)")),
    Check("dangling-author", Level.warning, N_("add the stakeholder to plan.toml or correct the author")),
    Check("dangling-session", Level.warning, N_("restore the session file or correct the revision")),
    Check("dangling-source", Level.warning, N_("restore the session file or remove the source")),
    Check("tie-self", Level.warning, N_("correct one of the two actors, or delete the tie")),
    Check("network-stale", Level.warning, N_(
        "record them: facilitator network PLAN --record (or u in the network view, N)")),
    Check("unknown-workshop", Level.warning, N_("install the kit or copy it into the plan's workshops/ folder")),
    Check("unknown-step", Level.warning, N_("correct the step id, or use the kit the session was run with")),
    # notes: advice on wording and loose ends
    Check("objective-not-measurable", Level.info,
          N_("say how much (a number, a percentage) or give the objective an indicator with a target")),
    Check("objective-no-timeframe", Level.info, N_("say by when, such as \"by 2029\"")),
    Check("risk-unrated", Level.info, N_("rate its likelihood and impact from 1 to 5")),
    Check("currency-mismatch", Level.info,
          N_("if the amounts are in the plan's currency, correct the action's currency")),
    Check("session-open", Level.info, N_("close it to move its outputs into the plan")),
    Check("history-missing", Level.info, N_("restore the snapshot from a backup if you have one")),
)}
"""Every check of the plan, by id. docs/checks.md lists the same table (a test keeps them equal)."""


@dataclass
class _Located:
    """Finds the line of a key path in one file's text."""

    rel: str
    lines: dict[tuple[Any, ...], int]

    def problem(self, check: str, path: tuple[Any, ...], message: str, record: str | None = None,
                advice: str | None = None) -> Problem:
        return _problem(check, self.rel, message, line=tomlio.line_of(self.lines, path),
                        key=tomlio.key_label(path) or None, record=record, advice=advice)


def _problem(check: str, file: str, message: str, *, line: int | None = None, key: str | None = None,
             record: str | None = None, advice: str | None = None) -> Problem:
    spec = CHECKS[check]
    return Problem(check, spec.level, file, message, line=line, key=key, record=record,
                   advice=advice or _(spec.advice))


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
    from facilitator.merge import folder_conflicts

    return _ordered(check_plan(store.plan, text, sessions, kits, store.folder) + folder_conflicts(store.folder)
                    + _outside_links(store.folder))


def _outside_links(folder: Path) -> list[Problem]:
    """Links of the plan folder that lead out of it: never read, and the plan is not exported with them."""
    return [_problem("outside-link", rel, _(
        "{file} is a link to {target}, outside the plan folder; it is not read, and the plan is not exported "
        "while it is there").format(file=rel, target=target)) for rel, target in outside_links(folder)]


def check_plan(plan: Plan, text: str, sessions: list[SessionSummary], kits: KitSet,
               folder: Path | None = None, today: dt.date | None = None) -> list[Problem]:
    """Every problem of the plan; ``today`` (default: the machine's date) is the date a measurement may
    not be after."""
    at = _Located(paths.PLAN_FILE, tomlio.key_lines(text))
    problems: list[Problem] = list(kits.problems)
    problems += _unknown_keys(plan, (), at)
    problems += _identity(plan, at)
    problems += _references(plan, at)
    problems += _content(plan, at, today or dt.date.today())
    problems += _sessions(plan, sessions, kits, at)
    problems += _endorsement(plan, sessions, at, today or dt.date.today())
    problems += _evaluation(plan, at)
    problems += _network(plan, at)
    problems += _profile_maps(plan, at)
    problems += _revisions(plan, at, folder)
    return _ordered(problems)


def _ordered(problems: list[Problem]) -> list[Problem]:
    """Errors first, then warnings, then advice; plan.toml before the session files; by line."""
    order = {Level.error: 0, Level.warning: 1, Level.info: 2}
    return sorted(problems, key=lambda p: (order[p.level], p.file != paths.PLAN_FILE, p.file, p.line or 0))


def has_errors(problems: Iterable[Problem]) -> bool:
    return any(p.level == Level.error for p in problems)


# --- individual checks ----------------------------------------------------------------------------------------

def _unknown_keys(model: BaseModel, path: tuple[Any, ...], at: _Located) -> list[Problem]:
    out = []
    for key in (model.model_extra or {}):
        out.append(at.problem("unknown-key", path + (key,), _(
            "unknown key `{key}` (kept as written)").format(key=key)))
    for name in type(model).model_fields:
        value = getattr(model, name)
        if isinstance(value, BaseModel):
            out += _unknown_keys(value, path + (name,), at)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, BaseModel):
                    out += _unknown_keys(item, path + (name, i), at)
    return out


_CODED = ("findings", "objectives", "indicators", "actions", "risks")


def _records(plan: Plan) -> Iterable[tuple[tuple[Any, ...], Any]]:
    """(path, record) for every record of the plan that has an id."""
    for name in ("stakeholders", "findings", "benchmarks", "objectives", "indicators", "actions", "risks"):
        for i, rec in enumerate(getattr(plan, name)):
            yield (name, i), rec
    for i, line in enumerate(plan.strategy.lines):
        yield ("strategy", "lines", i), line
    for i, action in enumerate(plan.actions):
        for j, budget_line in enumerate(action.budget_lines):
            yield ("actions", i, "budget_lines", j), budget_line
        for j, activity in enumerate(action.activities):
            yield ("actions", i, "activities", j), activity
    for i, tie in enumerate(plan.network.ties):
        yield ("network", "ties", i), tie
    for i, segment in enumerate(plan.cluster.segments):
        yield ("cluster", "segments", i), segment


def _identity(plan: Plan, at: _Located) -> list[Problem]:
    out = []
    seen: dict[str, tuple[Any, ...]] = {}
    for path, rec in _records(plan):
        if rec.id in seen:
            out.append(at.problem("duplicate-id", path + ("id",), _(
                "id {id} is used twice (also at {other})").format(id=rec.id, other=tomlio.key_label(seen[rec.id])),
                record=rec.id))
        else:
            seen[rec.id] = path
    for name in _CODED:
        counts = Counter(r.code for r in getattr(plan, name))
        for i, rec in enumerate(getattr(plan, name)):
            if counts[rec.code] > 1:
                out.append(at.problem("duplicate-code", (name, i, "code"), _(
                    "code {code} is used by {n} {kind}").format(code=rec.code, n=counts[rec.code], kind=_(name)),
                    record=rec.code))
    counts = Counter(line.code for line in plan.strategy.lines)
    for i, line in enumerate(plan.strategy.lines):
        if counts[line.code] > 1:
            out.append(at.problem("duplicate-code", ("strategy", "lines", i, "code"), _(
                "code {code} is used by {n} strategic lines").format(code=line.code, n=counts[line.code]),
                record=line.code))
    return out


def _references(plan: Plan, at: _Located) -> list[Problem]:
    out = []
    lines = {line.id for line in plan.strategy.lines}
    findings = {f.id for f in plan.findings}
    objectives = {o.id for o in plan.objectives}
    indicators = {i.id for i in plan.indicators}

    def dangling(path: tuple[Any, ...], ref: str, what: str, record: str) -> None:
        out.append(at.problem("dangling-id", path, _(
            "{ref} does not name any {what} of the plan").format(ref=ref, what=what), record=record))

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
        for ref in a.findings:
            if ref not in findings:
                dangling(("actions", i, "findings"), ref, _("finding"), a.code)
        for ref in a.indicators:
            if ref not in indicators:
                dangling(("actions", i, "indicators"), ref, _("indicator"), a.code)
    actions = {a.id for a in plan.actions}
    for i, r in enumerate(plan.risks):
        if r.action is not None and r.action not in actions:
            dangling(("risks", i, "action"), r.action, _("action"), r.code)
    return out


def _profile_maps(plan: Plan, at: _Located) -> list[Problem]:
    """The weight figures without a source, the value chain's links to no segment, and stakeholders whose
    segment names no segment of a defined chain."""
    out = []
    for i, f in enumerate(plan.cluster.figures):
        if f.weight is not None and not f.source.strip():
            out.append(at.problem("figure-no-source", ("cluster", "figures", i), _(
                "the weight figure '{name}' has no source").format(name=f.name), record=f.name))
    names = maps.segment_names(plan)
    for i, ref in maps.unknown_links(plan):
        segment = plan.cluster.segments[i]
        out.append(at.problem("dangling-id", ("cluster", "segments", i, "links"), _(
            "{ref} does not name any {what} of the plan").format(ref=ref, what=_("segment")),
            record=names(segment.id)))
    if plan.cluster.segments:
        known = {maps.segment_key(s.name) for s in plan.cluster.segments}
        for i, s in enumerate(plan.stakeholders):
            if maps.segment_key(s.segment) and maps.segment_key(s.segment) not in known:
                out.append(at.problem("segment-unknown", ("stakeholders", i, "segment"), _(
                    "the segment '{segment}' of {name} is no segment of the value chain").format(
                        segment=s.segment, name=s.name), record=s.id))
    return out


def _network(plan: Plan, at: _Located) -> list[Problem]:
    """The collaboration network: ties whose ends name no stakeholder, ties of an actor with itself, waves
    listed twice, and indicators fed by the network whose measurements the ties no longer give."""
    out = []
    stakeholders = {s.id for s in plan.stakeholders}
    for i, t in enumerate(plan.network.ties):
        for key in ("actor", "partner", "named_by"):
            ref = getattr(t, key)
            if ref is not None and ref not in stakeholders:
                out.append(at.problem("dangling-id", ("network", "ties", i, key), _(
                    "{ref} does not name any {what} of the plan").format(ref=ref, what=_("stakeholder")), record=t.id))
        if t.actor == t.partner:
            out.append(at.problem("tie-self", ("network", "ties", i, "partner"), _(
                "tie {id} joins {ref} with itself; the measures leave it out").format(id=t.id, ref=t.actor),
                record=t.id))
    seen: set[str] = set()
    for i, w in enumerate(plan.network.waves):
        if w.id in seen:
            out.append(at.problem("duplicate-id", ("network", "waves", i, "id"), _(
                "wave {id} is listed twice").format(id=w.id), record=w.id))
        seen.add(w.id)
        for j, ref in enumerate(w.actors):
            if ref not in stakeholders:
                out.append(at.problem("dangling-id", ("network", "waves", i, "actors"), _(
                    "{ref} does not name any {what} of the plan").format(ref=ref, what=_("stakeholder")), record=w.id))
    fed = [(i, ind) for i, ind in enumerate(plan.indicators) if ind.network_measure is not None]
    if fed and plan.network.ties:
        from facilitator.network import recorded

        indicators, _changed = recorded(plan)
        for (i, ind) in fed:
            if indicators[i].measurements != ind.measurements:
                out.append(at.problem("network-stale", ("indicators", i, "measurements"), _(
                    "indicator {code} takes its measurements from the network, and the ties give values it does not "
                    "hold yet").format(code=ind.code), record=ind.code))
    return out


def _content(plan: Plan, at: _Located, today: dt.date) -> list[Problem]:
    out = []
    with_indicator = {i.objective for i in plan.indicators}
    with_action = {o for a in plan.actions for o in a.objectives}
    for i, o in enumerate(plan.objectives):
        if o.id not in with_indicator:
            out.append(at.problem("objective-no-indicator", ("objectives", i), _(
                "objective {code} has no indicator").format(code=o.code), record=o.code))
        if o.id not in with_action:
            out.append(at.problem("objective-no-action", ("objectives", i), _(
                "objective {code} has no action").format(code=o.code), record=o.code))
        out += _smart(o, plan.language, o.id in with_indicator, ("objectives", i), at)
    for i, ind in enumerate(plan.indicators):
        out += _indicator(ind, ("indicators", i), at, today)
    for i, a in enumerate(plan.actions):
        path = ("actions", i)
        if not a.objectives:
            out.append(at.problem("action-no-objective", path, _(
                "action {code} is linked to no objective").format(code=a.code), record=a.code))
        if a.start and a.end and a.end < a.start:
            out.append(at.problem("dates-order", path + ("end",), _(
                "action {code} ends ({end}) before it starts ({start})").format(code=a.code, end=a.end, start=a.start),
                record=a.code))
        funded = sum(f.amount for f in a.funding)
        if a.budget is not None and round(a.budget, 2) != round(funded, 2):
            out.append(at.problem("budget-mismatch", path + ("budget",), _(
                "action {code} declares a budget of {budget} {currency} but its funding adds up to {funded}").format(
                    code=a.code, budget=_num(a.budget), currency=a.currency, funded=_num(funded)), record=a.code))
        if funding_differs(a):
            out.append(at.problem("budget-lines-funding", path + ("funding",), _(
                "action {code}: its funding ({funding}) does not add up to its budget lines by source ({lines})").format(
                    code=a.code, funding=_by_source(a.funding), lines=_by_source(a.budget_lines)), record=a.code))
        first, last = (a.start.year if a.start else None), (a.end.year if a.end else None)
        for j, line in enumerate(a.budget_lines):
            if (first is not None and line.year < first) or (last is not None and line.year > last):
                out.append(at.problem("budget-line-year", path + ("budget_lines", j, "year"), _(
                    "action {code} has a budget line in {year}, outside its dates ({start} to {end})").format(
                        code=a.code, year=line.year, start=a.start or "…", end=a.end or "…"), record=a.code))
        out += _profile(a, path, at)
        if a.currency != plan.currency and (a.funding or a.budget is not None):
            out.append(at.problem("currency-mismatch", path + ("currency",), _(
                "action {code} is funded in {currency}, the plan's budget in {plan}; the totals are kept apart "
                "by currency").format(code=a.code, currency=a.currency, plan=plan.currency), record=a.code))
    for i, r in enumerate(plan.risks):
        rated = risks.score(r)
        if rated is None:
            missing = [_("likelihood") if r.likelihood is None else "", _("impact") if r.impact is None else ""]
            out.append(at.problem("risk-unrated", ("risks", i), _(
                "risk {code} is not rated yet: no {missing}").format(
                    code=r.code, missing=_(" nor ").join(m for m in missing if m)), record=r.code))
        elif rated >= risks.HIGH and not (r.mitigation.strip() and r.owner.strip()):
            what = _("mitigation") if not r.mitigation.strip() else _("owner")
            out.append(at.problem("risk-unmitigated", ("risks", i), _(
                "risk {code} is high (likelihood {likelihood} × impact {impact} = {score}) and has no {what}").format(
                    code=r.code, likelihood=r.likelihood, impact=r.impact, score=rated, what=what), record=r.code))
    for breach in breaches(plan):
        out.append(at.problem(breach.check, breach.path, breach.message, record=plan.actions[breach.path[1]].code,
                              advice=breach.advice))
    return out


def _profile(a: Action, path: tuple[Any, ...], at: _Located) -> list[Problem]:
    """The project profile of one action: its activities' dates, and what a funded action must show."""
    out = []
    for j, act in enumerate(a.activities):
        where = path + ("activities", j)
        if act.start and act.end and act.end < act.start:
            out.append(at.problem("dates-order", where + ("end",), _(
                "action {code}: activity “{title}” ends ({end}) before it starts ({start})").format(
                    code=a.code, title=act.title, end=act.end, start=act.start), record=a.code))
            continue
        early = next((d for d in (act.start, act.end) if d and a.start and d < a.start), None)
        late = next((d for d in (act.end, act.start) if d and a.end and d > a.end), None)
        if early or late:
            out.append(at.problem("activity-dates", where + ("start" if early else "end",), _(
                "action {code}: activity “{title}” falls outside the action's dates ({start} to {end})").format(
                    code=a.code, title=act.title, start=a.start or "…", end=a.end or "…"), record=a.code))
    funded = any(f.amount > 0 for f in a.funding) or any(line.amount > 0 for line in a.budget_lines)
    if funded and a.status != "cancelled":
        missing = [what for what, gap in ((_("justification"), not a.justification.strip()),
                                          (_("beneficiaries"), a.beneficiaries is None or a.beneficiaries.empty()))
                   if gap]
        if missing:
            out.append(at.problem("project-incomplete", path, _(
                "action {code} is funded but its project profile has no {missing}").format(
                    code=a.code, missing=_(" nor ").join(missing)), record=a.code))
    return out


def _by_source(items: Iterable[Any]) -> str:
    sums: dict[str, float] = {}
    for item in items:
        sums[item.source] = sums.get(item.source, 0.0) + item.amount
    return ", ".join(f"{label(FUNDING_SOURCES, source)} {_num(amount)}" for source, amount in sums.items()) \
        or _("none")


INDICATOR_SHEET = ("baseline", "baseline_year", "targets", "source", "frequency", "responsible")
"""The keys of a complete indicator sheet besides its name (the `indicator-incomplete` check)."""


def _indicator(ind: Indicator, path: tuple[Any, ...], at: _Located, today: dt.date) -> list[Problem]:
    out = []
    # A measurement dated after today (a typo in the year, a planned figure typed as measured) would be
    # printed as the indicator's status "as of" the export date; the PDF flags it too.
    for j, m in enumerate(ind.measurements):
        if m.date > today:
            out.append(at.problem("measurement-in-future", path + ("measurements", j), _(
                "indicator {code} has a measurement dated {date}, after today ({today})").format(
                    code=ind.code, date=m.date.isoformat(), today=today.isoformat()), record=ind.code))
    missing = [k for k in INDICATOR_SHEET if getattr(ind, k) in (None, "", [])]
    if missing:
        out.append(at.problem("indicator-incomplete", path, _(
            "indicator {code} has no {keys}").format(code=ind.code, keys=", ".join(missing)), record=ind.code,
            advice=_("add {keys} to its sheet in plan.toml").format(keys=", ".join(missing))))
    targets = sorted(ind.targets, key=lambda t: t.year)
    up = {Direction.increase: 1, Direction.decrease: -1}.get(Direction(ind.direction))
    if up is not None:
        previous = None
        for t in targets:
            if ind.baseline is not None and (t.value - ind.baseline) * up < 0:
                out.append(at.problem("target-direction", path + ("targets",), (_(
                    "indicator {code} should increase, but its {year} target ({value}) is below the baseline "
                    "({baseline})") if up > 0 else _(
                    "indicator {code} should decrease, but its {year} target ({value}) is above the baseline "
                    "({baseline})")).format(code=ind.code, year=t.year, value=_num(t.value),
                                             baseline=_num(ind.baseline)), record=ind.code))
            elif previous is not None and (t.value - previous.value) * up < 0:
                out.append(at.problem("target-direction", path + ("targets",), (_(
                    "indicator {code} should increase, but its {year} target ({value}) is below the {before} "
                    "target ({previous})") if up > 0 else _(
                    "indicator {code} should decrease, but its {year} target ({value}) is above the {before} "
                    "target ({previous})")).format(code=ind.code, year=t.year, value=_num(t.value),
                                                    before=previous.year, previous=_num(previous.value)),
                    record=ind.code))
            previous = t
    if ind.baseline_year is not None:
        for t in targets:
            if t.year < ind.baseline_year:
                out.append(at.problem("target-before-baseline", path + ("targets",), _(
                    "indicator {code} has a target for {year}, before its baseline year {base}").format(
                        code=ind.code, year=t.year, base=ind.baseline_year), record=ind.code))
        for j, m in enumerate(ind.measurements):
            if m.date.year < ind.baseline_year:
                out.append(at.problem("measurement-before-baseline", path + ("measurements", j), _(
                    "indicator {code} has a measurement dated {date}, before its baseline year {base}").format(
                        code=ind.code, date=m.date.isoformat(), base=ind.baseline_year), record=ind.code))
    return out


# SMART wording, in the three languages of the product (the plan's language picks the words: Spanish
# "dos" is two, Portuguese "dos" is "of the"). A year alone is a time frame, not a quantity.
_YEAR = re.compile(r"\b(?:19|20|21)\d\d\b")
_QUANTITY_WORDS = {
    "en": r"percent|per cent|percentage|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|thirty|fifty"
          r"|hundred|thousand|million|double|triple|twice|half|halve",
    "es": r"por ciento|porcentaje|porcentual|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|doce|veinte|treinta"
          r"|cincuenta|cien|ciento|cientos|doscient[oa]s|trescient[oa]s|quinient[oa]s|mil|millón|millones|doble"
          r"|duplicar|triplicar|mitad",
    "pt": r"por cento|porcentagem|percentual|dois|duas|três|quatro|cinco|seis|sete|oito|nove|dez|doze|vinte|trinta"
          r"|cinquenta|cem|cento|duzent[oa]s|trezent[oa]s|quinhent[oa]s|mil|milhão|milhões|dobro|dobrar|duplicar"
          r"|triplicar|metade",
}
_TIMEFRAME_WORDS = {
    "en": r"within|deadline|horizon|by the end of|end of the program(?:me)?",
    "es": r"en un plazo|plazo|horizonte|a fines de|al final de|al cierre de|fin del programa|final del programa",
    "pt": r"prazo|horizonte|até o final|até o fim|ao final d[oa]|fim do programa|final do programa",
}
_DURATION = {
    "en": (r"one|two|three|four|five|ten", r"years?|months?|quarters?"),
    "es": (r"un|una|dos|tres|cuatro|cinco|diez", r"años?|meses|mes|trimestres?|semestres?"),
    "pt": (r"um|uma|dois|duas|três|quatro|cinco|dez", r"anos?|meses|mês|trimestres?|semestres?"),
}


@functools.cache
def _words(lang: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    lang = lang if lang in _QUANTITY_WORDS else "en"
    langs = ["en"] if lang == "en" else ["en", lang]
    quantity = re.compile(r"\d|%|\b(?:" + "|".join(_QUANTITY_WORDS[x] for x in langs) + r")\b", re.IGNORECASE)
    counts, units = "|".join(_DURATION[x][0] for x in langs), "|".join(_DURATION[x][1] for x in langs)
    timeframe = re.compile(r"\b(?:" + "|".join(_TIMEFRAME_WORDS[x] for x in langs) + r")\b"
                           r"|(?:\b|(?<=\d))(?:\d+|" + counts + r")\s+(?:" + units + r")\b", re.IGNORECASE)
    return quantity, timeframe


def measurable(text: str, lang: str = "en") -> bool:
    """The wording says how much: a number (a year aside), a percentage or a quantity word of ``lang``."""
    return bool(_words(lang)[0].search(_YEAR.sub(" ", text)))


def has_timeframe(text: str, lang: str = "en") -> bool:
    """The wording says by when: a year (``by 2029``, ``para 2029``), a duration or a horizon, in ``lang``."""
    return bool(_YEAR.search(text) or _words(lang)[1].search(text))


def _smart(o: Objective, lang: str, with_indicator: bool, path: tuple[Any, ...], at: _Located) -> list[Problem]:
    out = []
    if not with_indicator and not measurable(o.title, lang):
        out.append(at.problem("objective-not-measurable", path + ("title",), _(
            "objective {code} is not measurable: its wording has no figure and it has no indicator").format(
                code=o.code), record=o.code))
    if not has_timeframe(o.title, lang):
        out.append(at.problem("objective-no-timeframe", path + ("title",), _(
            "objective {code} has no time frame: its wording says no year, date or horizon").format(code=o.code),
            record=o.code))
    return out


def _num(value: float) -> str:
    return format_number(value, language())


def _sessions(plan: Plan, sessions: list[SessionSummary], kits: KitSet, plan_at: _Located) -> list[Problem]:
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


def _endorsement(plan: Plan, sessions: list[SessionSummary], at: _Located, today: dt.date) -> list[Problem]:
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


def _evaluation(plan: Plan, at: _Located) -> list[Problem]:
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


def _session_refs(s: Session, at: _Located, stakeholders: set[str], kits: KitSet) -> list[Problem]:
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


def _revisions(plan: Plan, at: _Located, folder: Path | None) -> list[Problem]:
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
