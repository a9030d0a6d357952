"""The checks of plan.toml's records: keys, ids and codes, references, content gaps, project profiles,
indicator sheets, the network and the maps of the profile."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel

from facilitator import maps, risks, tomlio
from facilitator.checks.registry import Located
from facilitator.checks.wording import has_timeframe, measurable
from facilitator.financing import breaches, funding_differs
from facilitator.i18n import _, format_number, language
from facilitator.labels import FUNDING_SOURCES, label
from facilitator.model import Action, Direction, Indicator, Objective, Plan
from facilitator.problems import Problem


def unknown_keys(model: BaseModel, path: tuple[Any, ...], at: Located) -> list[Problem]:
    out = []
    for key in (model.model_extra or {}):
        out.append(at.problem("unknown-key", path + (key,), _(
            "unknown key `{key}` (kept as written)").format(key=key)))
    for name in type(model).model_fields:
        value = getattr(model, name)
        if isinstance(value, BaseModel):
            out += unknown_keys(value, path + (name,), at)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, BaseModel):
                    out += unknown_keys(item, path + (name, i), at)
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


def identity(plan: Plan, at: Located) -> list[Problem]:
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


def references(plan: Plan, at: Located) -> list[Problem]:
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


def profile_maps(plan: Plan, at: Located) -> list[Problem]:
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


def network(plan: Plan, at: Located) -> list[Problem]:
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


def content(plan: Plan, at: Located, today: dt.date) -> list[Problem]:
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


def _profile(a: Action, path: tuple[Any, ...], at: Located) -> list[Problem]:
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


def _indicator(ind: Indicator, path: tuple[Any, ...], at: Located, today: dt.date) -> list[Problem]:
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


def _smart(o: Objective, lang: str, with_indicator: bool, path: tuple[Any, ...], at: Located) -> list[Problem]:
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
