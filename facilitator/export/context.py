"""The plan as plain data for the PDF template: dicts, lists and localized strings, nothing else.

`build_context` turns the validated model (plan and sessions) into what `templates/plan.html` prints:
dates, numbers and money are formatted with Babel in the document's language, fixed labels go through
gettext, and every derived figure (gaps, budget totals, attendance counts, minutes per agenda step) is
computed here so that the template only lays out. No pydantic object reaches the template.

Participant text is passed on as typed, except for control characters, which cannot be printed and
are shown as their code (``[U+0007]``) instead of being dropped silently.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from facilitator import __version__
from facilitator.i18n import BABEL_LOCALES, N_, _, format_date, format_money, format_number
from facilitator.model import Action, Indicator, Kit, Objective, Plan, Session

# --- fixed labels (translated where they are shown) -----------------------------------------------------

SWOT = ("strength", "weakness", "opportunity", "threat")
TREE = ("problem", "cause", "effect")

FINDING_KINDS = {
    "strength": N_("Strengths"), "weakness": N_("Weaknesses"), "opportunity": N_("Opportunities"),
    "threat": N_("Threats"), "problem": N_("Core problems"), "cause": N_("Causes"), "effect": N_("Effects"),
}
DIAMOND = {
    "factor": N_("Factor conditions"), "demand": N_("Demand conditions"),
    "related": N_("Related and supporting industries"), "strategy": N_("Firm strategy and rivalry"),
    "government": N_("Government"), "chance": N_("Chance"),
}
STAKEHOLDER_KINDS = {
    "firm": N_("Firms"), "association": N_("Associations"), "university": N_("Universities"),
    "research": N_("Research centres"), "government": N_("Government"), "finance": N_("Finance"),
    "ngo": N_("NGOs"), "other": N_("Other"),
}
CLUSTER_KINDS = {"horizontal": N_("horizontal"), "vertical": N_("vertical"), "mixed": N_("mixed")}
LEVELS = {"impact": N_("impact"), "outcome": N_("outcome"), "output": N_("output")}
DIRECTIONS = {"increase": N_("higher is better"), "decrease": N_("lower is better"),
              "maintain": N_("keep the level")}
FREQUENCIES = {"monthly": N_("monthly"), "quarterly": N_("quarterly"), "semiannual": N_("every six months"),
               "annual": N_("annual"), "biennial": N_("every two years"), "once": N_("once")}
ACTION_KINDS = {"horizontal": N_("horizontal (public good)"), "vertical": N_("vertical (club good)")}
STATUSES = {"planned": N_("planned"), "ongoing": N_("ongoing"), "done": N_("done"), "delayed": N_("delayed"),
            "cancelled": N_("cancelled")}
PRIORITIES = {"high": N_("high"), "medium": N_("medium"), "low": N_("low")}
FUNDING_SOURCES = {"program": N_("Program"), "public": N_("Public counterpart"),
                   "private": N_("Private counterpart"), "other": N_("Other")}
SESSION_STATUSES = {"planned": N_("planned"), "open": N_("open"), "closed": N_("closed")}
DECISION_KINDS = {"decision": N_("Decision"), "parking_lot": N_("Parking lot"), "action_item": N_("Action item")}

SECTIONS = (
    ("summary", N_("Executive summary")),
    ("profile", N_("Cluster profile")),
    ("diagnosis", N_("Diagnosis")),
    ("benchmarking", N_("Benchmarking")),
    ("vision", N_("Vision, mission and values")),
    ("objectives", N_("Strategic lines and objectives")),
    ("indicators", N_("Indicators")),
    ("actions", N_("Action plan")),
    ("budget", N_("Budget")),
    ("governance", N_("Governance")),
    ("revisions", N_("Revisions of the plan")),
    ("sessions", N_("Annex: workshop sessions")),
)
"""The document's main sections, in order: (anchor id, heading). Each starts on a new page."""

TOP_FINDINGS = 5


def label(table: Mapping[str, str], key: str | None) -> str:
    """The translated label of an enum value (the raw value if the table does not know it)."""
    if key is None:
        return ""
    return _(table[key]) if key in table else str(key)


# --- text -------------------------------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _visible(match: re.Match[str]) -> str:
    # Written out in ASCII: the bundled font has no "control pictures", and a glyph missing from a font
    # makes WeasyPrint give that font a custom encoding that some PDF readers cannot extract text from.
    return f"[U+{ord(match.group()):04X}]"


def text(value: object) -> str:
    """Participant text ready to print literally: newlines kept, control characters made visible."""
    if value is None:
        return ""
    s = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub(_visible, s)


# --- formatting in the document's language ---------------------------------------------------------------

@dataclass(frozen=True)
class Fmt:
    """Formatting helpers bound to one document language."""

    lang: str

    def date(self, value: dt.date | None, style: str = "long") -> str:
        return format_date(value, self.lang, style)

    def month(self, value: dt.date | None) -> str:
        return format_date(value, self.lang, "MMM y") if value else ""

    def num(self, value: float | None, digits: int = 2) -> str:
        return format_number(value, self.lang, digits)

    def money(self, value: float, currency: str) -> str:
        return format_money(value, currency, self.lang)

    def quantity(self, value: float | None, unit: str) -> str:
        """A number with its unit (percent signs stick to the number)."""
        if value is None:
            return ""
        n = self.num(value)
        unit = text(unit).strip()
        if not unit:
            return n
        return f"{n}{unit}" if unit == "%" else f"{n}\u00a0{unit}"

    def percent(self, share: float) -> str:
        """A share (0.268) as a percentage with at most one decimal, in the locale's style (26.8%, 26,8 %)."""
        from babel import Locale
        from babel.numbers import format_percent

        locale = Locale.parse(BABEL_LOCALES.get(self.lang, "en"))
        pattern = locale.percent_formats[None].pattern.split(";")[0]
        last = pattern.rfind("0")
        return format_percent(share, format=pattern[:last + 1] + ".#" + pattern[last + 1:], locale=locale)

    def signed(self, value: float) -> str:
        s = self.num(abs(value))
        return ("+" if value > 0 else "\u2212" if value < 0 else "") + s


# --- traceability: which session each contribution came from ------------------------------------------------

@dataclass
class _Trace:
    refs: dict[str, str]
    """Session id → its reference in the annex (S1, S2, …)."""
    by_contribution: dict[str, str]
    """Contribution id → session id."""

    def of(self, sources: Iterable[str]) -> dict[str, Any]:
        """The sessions a record came from (references in annex order) and how many notes."""
        sources = list(sources)
        sessions = {self.by_contribution[c] for c in sources if c in self.by_contribution}
        refs = sorted((self.refs[s] for s in sessions), key=lambda r: int(r[1:]))
        return {"sessions": ", ".join(refs), "notes": len(sources)}


def _order_sessions(sessions: Sequence[Session]) -> list[Session]:
    return sorted(sessions, key=lambda s: (s.date, s.title, s.id))


def _trace(sessions: list[Session]) -> _Trace:
    refs = {s.id: f"S{i}" for i, s in enumerate(sessions, start=1)}
    by_contribution = {c.id: s.id for s in sessions for c in s.contributions}
    return _Trace(refs, by_contribution)


# --- the context ---------------------------------------------------------------------------------------------

def build_context(plan: Plan, sessions: Sequence[Session], lang: str, *, kits: Mapping[str, Kit] | None = None,
                  today: dt.date | None = None, sections: Collection[str] | None = None,
                  participants: bool = False, draft: bool = False) -> dict[str, Any]:
    """Everything the plan template prints, as plain data localized for ``lang``.

    Call with the gettext language already set to ``lang`` (the labels are translated here).
    ``sections`` chooses the main sections by id (see SECTIONS; default: all of them), ``participants``
    prints the names of who attended each session (left out by default, for privacy), ``draft`` marks
    every page as a draft.
    """
    f = Fmt(lang)
    kits = kits or {}
    today = today or dt.date.today()
    ordered = _order_sessions(sessions)
    trace = _trace(ordered)
    objectives = {o.id: o for o in plan.objectives}
    findings = {x.id: x for x in plan.findings}
    lines = {line.id: line for line in plan.strategy.lines}
    last_revision = max(plan.revisions, key=lambda r: r.number) if plan.revisions else None
    cluster = text(plan.cluster.name)
    revision_label = _("Revision {n}").format(n=plan.revision)

    budget = _budget(plan, f, objectives, lines)
    objective_rows = [_objective(o, plan, f, findings, trace) for o in plan.objectives]

    return {
        "lang": lang,
        "title": _("Cluster competitiveness plan") + " \u2014 " + cluster,
        "generator": f"Cluster Facilitator {__version__}",
        "sections": [{"id": sid, "title": _(title)} for sid, title in SECTIONS],
        "chosen": [sid for sid, _title in SECTIONS if sections is None or sid in sections],
        "options": {"participants": participants, "draft": draft},
        "cover": {
            "kind": _("Cluster competitiveness plan"),
            "cluster": cluster,
            "territory": text(plan.cluster.territory),
            "sector": text(plan.cluster.sector),
            "program": text(plan.program.name) if plan.program else "",
            "executing_agency": text(plan.program.executing_agency) if plan.program else "",
            "funder": text(plan.program.funder) if plan.program else "",
            "revision": revision_label,
            "revision_date": f.date(last_revision.date) if last_revision else "",
            "exported": f.date(today),
        },
        "footer": _page_label(),
        "summary": _summary(plan, f, objective_rows, budget),
        "profile": _profile(plan, f),
        "diagnosis": _diagnosis(plan, f, trace),
        "benchmarks": [_benchmark(b, f, trace) for b in plan.benchmarks],
        "strategy": {
            "vision": text(plan.strategy.vision),
            "horizon": str(plan.strategy.vision_horizon or ""),
            "mission": text(plan.strategy.mission),
            "value_list": [text(v) for v in plan.strategy.values],
            "from": trace.of(plan.strategy.sources)["sessions"],
        },
        "lines": _lines(plan, objective_rows),
        "indicator_groups": _indicator_groups(plan, f),
        "actions": budget["actions"],
        "budget": budget,
        "governance": _governance(plan),
        "revisions": [
            {"number": str(r.number), "date": f.date(r.date, "medium"),
             "session": trace.refs.get(r.session or "", ""), "summary": text(r.summary)}
            for r in sorted(plan.revisions, key=lambda r: r.number)],
        "sessions": [_session(s, trace, plan, f, kits.get(s.workshop)) for s in ordered],
    }


def _page_label() -> dict[str, str]:
    """The footer's "Page X of Y" split around its two numbers (which CSS counters fill in)."""
    template = _("Page {page} of {pages}")
    if template.count("{page}") != 1 or template.count("{pages}") != 1 or \
            template.index("{page}") > template.index("{pages}"):
        template = "{page} / {pages}"
    before, rest = template.split("{page}", 1)
    middle, after = rest.split("{pages}", 1)
    return {"before": before, "middle": middle, "after": after}


def _summary(plan: Plan, f: Fmt, objective_rows: list[dict[str, Any]], budget: dict[str, Any]) -> dict[str, Any]:
    ranked = sorted(plan.findings, key=lambda x: (x.rank if x.rank is not None else 10**9, -x.votes, x.code))
    top = [{"code": x.code, "kind": label(FINDING_KINDS, x.kind), "text": text(x.text), "votes": str(x.votes)}
           for x in ranked[:TOP_FINDINGS]]
    targets = []
    for o in plan.objectives:
        for ind in plan.indicators_of(o.id):
            if ind.targets:
                final = max(ind.targets, key=lambda t: t.year)
                targets.append({
                    "objective": o.code, "code": ind.code, "name": text(ind.name),
                    "baseline": f.quantity(ind.baseline, ind.unit),
                    "baseline_year": str(ind.baseline_year or ""),
                    "target": f.quantity(final.value, ind.unit), "year": str(final.year)})
                break  # one headline target per objective
    return {
        "vision": text(plan.strategy.vision),
        "horizon": str(plan.strategy.vision_horizon or ""),
        "findings": top,
        "objectives": [{"code": o["code"], "title": o["title"]} for o in objective_rows],
        "targets": targets,
        "budget": budget["by_currency"],
        "counts": {
            "findings": str(len(plan.findings)), "objectives": str(len(plan.objectives)),
            "indicators": str(len(plan.indicators)), "actions": str(len(plan.actions)),
            "stakeholders": str(len(plan.stakeholders)),
        },
    }


def _profile(plan: Plan, f: Fmt) -> dict[str, Any]:
    c = plan.cluster
    kinds: Counter[str] = Counter(str(s.kind) for s in plan.stakeholders)
    return {
        "name": text(c.name),
        "territory": text(c.territory),
        "sector": text(c.sector),
        "kind": label(CLUSTER_KINDS, c.kind),
        "description": text(c.description),
        "figures": [{"name": text(x.name), "value": f.quantity(x.value, x.unit), "year": str(x.year or ""),
                     "source": text(x.source)} for x in c.figures],
        "program": {
            "name": text(plan.program.name), "executing_agency": text(plan.program.executing_agency),
            "funder": text(plan.program.funder)} if plan.program else None,
        "stakeholders": [{"kind": label(STAKEHOLDER_KINDS, k), "count": str(kinds[k])}
                         for k in STAKEHOLDER_KINDS if kinds[k]],
        "stakeholder_total": str(len(plan.stakeholders)),
    }


def _finding(x: Any, trace: _Trace) -> dict[str, Any]:
    origin = trace.of(x.sources)
    return {"code": x.code, "text": text(x.text), "votes": str(x.votes),
            "rank": str(x.rank) if x.rank is not None else "",
            "factor": label(DIAMOND, x.factor), "sessions": origin["sessions"]}


def _diagnosis(plan: Plan, f: Fmt, trace: _Trace) -> dict[str, Any]:
    groups: dict[str, list[Any]] = defaultdict(list)
    for x in plan.findings:
        groups[x.kind].append(x)

    def block(kind: str) -> dict[str, Any]:
        items = sorted(groups[kind], key=lambda x: (x.rank if x.rank is not None else 10**9, -x.votes, x.code))
        return {"kind": kind, "title": label(FINDING_KINDS, kind), "findings": [_finding(x, trace) for x in items]}

    return {
        "swot": [block(k) for k in SWOT],
        "tree": [block(k) for k in TREE],
        "has_tree": any(groups[k] for k in TREE),
        "count": len(plan.findings),
    }


def _benchmark(b: Any, f: Fmt, trace: _Trace) -> dict[str, Any]:
    gap = b.value - b.reference_value
    relative = ""
    if b.reference_value:
        share = gap / abs(b.reference_value)
        relative = ("+" if share > 0 else "\u2212" if share < 0 else "") + f.percent(abs(share))
    return {
        "metric": text(b.metric), "unit": text(b.unit), "value": f.num(b.value),
        "reference": text(b.reference), "reference_value": f.num(b.reference_value),
        "gap": f.signed(gap), "gap_relative": relative, "year": str(b.year or ""), "source": text(b.source),
        "sessions": trace.of(b.sources)["sessions"],
    }


def _objective(o: Objective, plan: Plan, f: Fmt, findings: Mapping[str, Any], trace: _Trace) -> dict[str, Any]:
    answered = [findings[i] for i in o.findings if i in findings]
    return {
        "code": o.code, "title": text(o.title), "description": text(o.description), "owner": text(o.owner),
        "findings": [{"code": x.code, "kind": label(FINDING_KINDS, x.kind), "text": text(x.text)} for x in answered],
        "indicators": ", ".join(i.code for i in plan.indicators_of(o.id)),
        "actions": ", ".join(a.code for a in plan.actions_of(o.id)),
        "sessions": trace.of(o.sources)["sessions"],
        "line": o.line,
    }


def _lines(plan: Plan, objective_rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for line in plan.strategy.lines:
        out.append({"code": line.code, "title": text(line.title), "description": text(line.description),
                    "objectives": [o for o in objective_rows if o["line"] == line.id]})
    known = {line.id for line in plan.strategy.lines}
    loose = [o for o in objective_rows if o["line"] not in known]
    if loose:
        out.append({"code": "", "title": _("Objectives not assigned to a strategic line"), "description": "",
                    "objectives": loose})
    return out


def _latest(ind: Indicator) -> Any:
    return max(ind.measurements, key=lambda m: m.date) if ind.measurements else None


def _indicator(ind: Indicator, f: Fmt) -> dict[str, Any]:
    latest = _latest(ind)
    return {
        "code": ind.code, "name": text(ind.name), "definition": text(ind.definition),
        "level": label(LEVELS, ind.level), "unit": text(ind.unit), "direction": label(DIRECTIONS, ind.direction),
        "baseline": f.num(ind.baseline), "baseline_year": str(ind.baseline_year or ""),
        "targets": [{"year": str(t.year), "value": f.num(t.value)} for t in sorted(ind.targets, key=lambda t: t.year)],
        "latest": f.num(latest.value) if latest else "",
        "latest_date": f.date(latest.date, "medium") if latest else "",
        "latest_note": text(latest.note) if latest else "",
        "source": text(ind.source), "frequency": label(FREQUENCIES, ind.frequency),
        "responsible": text(ind.responsible),
    }


def _indicator_groups(plan: Plan, f: Fmt) -> list[dict[str, Any]]:
    groups = []
    for o in plan.objectives:
        groups.append({"code": o.code, "title": text(o.title),
                       "indicators": [_indicator(i, f) for i in plan.indicators_of(o.id)]})
    return groups


def _budget(plan: Plan, f: Fmt, objectives: Mapping[str, Objective], lines: Mapping[str, Any]) -> dict[str, Any]:
    """The action rows with their funding, and the totals by source, by line and overall, per currency."""
    used = [s for s in FUNDING_SOURCES if any(x.source == s for a in plan.actions for x in a.funding)]
    currencies = sorted({a.currency for a in plan.actions}) or [plan.currency]
    single = len(currencies) == 1
    per_currency: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    per_line: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))

    def amount(value: float, currency: str) -> str:
        return f.num(value) if single else f.money(value, currency)

    rows = []
    for a in plan.actions:
        by_source: dict[str, float] = defaultdict(float)
        for x in a.funding:
            by_source[str(x.source)] += x.amount
        total = sum(by_source.values())
        for source, value in by_source.items():
            per_currency[a.currency][source] += value
        first = objectives.get(a.objectives[0]) if a.objectives else None
        line_id = first.line if first is not None and first.line is not None and first.line in lines else ""
        per_line[a.currency][line_id] += total
        rows.append(_action(a, f, objectives, [amount(by_source[s], a.currency) if by_source.get(s) else "\u2013"
                                               for s in used], amount(total, a.currency)))

    by_currency = []
    for cur in currencies:
        sums = dict(per_currency.get(cur, {}))
        grand = sum(sums.values())
        by_line = []
        for line in plan.strategy.lines:
            if per_line[cur].get(line.id):
                value = per_line[cur][line.id]
                by_line.append({"code": line.code, "title": text(line.title), "amount": f.money(value, cur),
                                "share": f.percent(value / grand) if grand else ""})
        if per_line[cur].get(""):
            value = per_line[cur][""]
            by_line.append({"code": "", "title": _("Actions without a strategic line"),
                            "amount": f.money(value, cur), "share": f.percent(value / grand) if grand else ""})
        by_currency.append({
            "currency": cur,
            "sources": [{"source": label(FUNDING_SOURCES, s), "amount": f.money(sums.get(s, 0.0), cur),
                         "share": f.percent(sums.get(s, 0.0) / grand) if grand else ""} for s in used if sums.get(s, 0.0)],
            "lines": by_line,
            "total": f.money(grand, cur),
        })
    totals: list[str] = []
    if single:
        sums = dict(per_currency.get(currencies[0], {}))
        totals = [f.num(sums.get(s, 0.0)) if sums.get(s, 0.0) else "\u2013" for s in used] + [f.num(sum(sums.values()))]
    return {
        "sources": [label(FUNDING_SOURCES, s) for s in used],
        "currency": currencies[0] if single else "",
        "single_currency": single,
        "actions": rows,
        "totals": totals,
        "by_currency": by_currency,
    }


def _action(a: Action, f: Fmt, objectives: Mapping[str, Objective], amounts: list[str], total: str) -> dict[str, Any]:
    return {
        "code": a.code, "title": text(a.title), "description": text(a.description),
        "kind": label(ACTION_KINDS, a.kind), "lead": text(a.lead), "partners": ", ".join(text(p) for p in a.partners),
        "start": f.month(a.start), "end": f.month(a.end), "status": label(STATUSES, a.status),
        "status_key": str(a.status), "priority": label(PRIORITIES, a.priority),
        "progress": f"{a.progress}\u00a0%" if a.progress else "",
        "objectives": ", ".join(objectives[o].code for o in a.objectives if o in objectives),
        "amounts": amounts, "total": total,
    }


def _governance(plan: Plan) -> dict[str, Any]:
    g = plan.governance
    program = plan.program
    return {
        "executing_agency": text(g.executing_agency or (program.executing_agency if program else "")),
        "council": [text(c) for c in g.council],
        "cluster_body": text(g.cluster_body),
        "meeting_cadence": text(g.meeting_cadence),
        "description": text(g.description),
        "program": text(program.name) if program else "",
        "funder": text(program.funder) if program else "",
    }


def _minutes(start: dt.datetime | None, end: dt.datetime | None) -> int | None:
    if start is None or end is None:
        return None
    try:
        return max(0, round((end - start).total_seconds() / 60))
    except TypeError:  # one naive, one aware: not comparable
        return None


def _session(s: Session, trace: _Trace, plan: Plan, f: Fmt, kit: Kit | None) -> dict[str, Any]:
    lang = f.lang
    present = s.present()
    kinds: Counter[str] = Counter()
    for sid in present:
        who = plan.stakeholder(sid)
        kinds[who.kind if who is not None else "other"] += 1
    steps = []
    planned_total = actual_total = 0
    actual_known = False
    for st in s.steps:
        kit_step = kit.step(st.id) if kit is not None else None
        title = kit_step.title.get(lang) if kit_step is not None and kit_step.title is not None else st.id
        actual = _minutes(st.started, st.ended)
        planned_total += st.planned_minutes
        if actual is not None:
            actual_total += actual
            actual_known = True
        steps.append({"title": text(title), "planned": str(st.planned_minutes) if st.planned_minutes else "",
                      "actual": str(actual) if actual is not None else "",
                      "over": f"+{actual - st.planned_minutes}" if actual is not None and st.planned_minutes > 0
                      and actual > st.planned_minutes else ""})
    active = [c for c in s.contributions if c.merged_into is None]
    return {
        "ref": trace.refs[s.id],
        "title": text(s.title),
        "date": f.date(s.date),
        "workshop": text(kit.title.get(lang)) if kit is not None else text(s.workshop),
        "venue": text(s.venue),
        "facilitator": text(s.facilitator),
        "status": label(SESSION_STATUSES, s.status),
        "present": str(len(present)),
        "attendance": [{"kind": label(STAKEHOLDER_KINDS, k), "count": str(kinds[k])}
                       for k in STAKEHOLDER_KINDS if kinds[k]],
        "steps": steps,
        "planned_total": str(planned_total) if planned_total else "",
        "actual_total": str(actual_total) if actual_known else "",
        "contributions": str(len(active)),
        "merged": str(len(s.contributions) - len(active)),
        "votes": str(sum(c.votes for c in active)),
        "drafts": [{"text": text(d.text), "votes": str(d.votes),
                    "consensus": str(d.consensus) if d.consensus is not None else "", "dissent": text(d.dissent)}
                   for d in s.drafts if d.adopted],
        "decisions": [{"kind": label(DECISION_KINDS, d.kind), "text": text(d.text), "owner": text(d.owner),
                       "due": f.date(d.due, "medium") if d.due else "",
                       "resolved": d.resolved} for d in s.decisions],
    }
