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
from facilitator import monitoring as mon
from facilitator.export import charts
from facilitator.export.sections import SECTIONS
from facilitator.i18n import BABEL_LOCALES, _, format_date, format_money, format_number
from facilitator.labels import (
    ACTION_KINDS,
    CLUSTER_KINDS,
    DECISION_KINDS,
    DIAMOND,
    DIRECTIONS,
    FINDING_KIND,
    FINDING_KINDS,
    FREQUENCIES,
    FUNDING_SOURCES,
    LEVELS,
    PRIORITIES,
    SESSION_STATUSES,
    STAKEHOLDER_KINDS,
    STATUSES,
    label,
)
from facilitator.model import Action, Indicator, Kit, Objective, Plan, Session

# --- fixed labels (translated where they are shown) -----------------------------------------------------

SWOT = ("strength", "weakness", "opportunity", "threat")
TREE = ("problem", "cause", "effect")

LIGHTS = {str(k): v for k, v in mon.LIGHT_WORDS.items()}
"""The words printed beside each traffic light, so that it reads in grey and for screen readers."""
PERIOD_MONTHS = {"monthly": 1, "quarterly": 3, "semiannual": 6, "annual": 12, "biennial": 24}
TOP_FINDINGS = 5


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
    indicator_groups = _indicator_groups(plan, f)
    chosen = [sid for sid, _title in SECTIONS if sections is None or sid in sections]
    titles = {sid: _(title) for sid, title in SECTIONS}

    return {
        "lang": lang,
        "title": _("Cluster competitiveness plan") + " \u2014 " + cluster,
        "generator": f"Cluster Facilitator {__version__}",
        "sections": [{"id": sid, "title": titles[sid]} for sid in chosen],
        "titles": titles,
        "chosen": chosen,
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
        "benchmark_chart": _benchmark_chart(plan, f),
        "strategy": {
            "vision": text(plan.strategy.vision),
            "horizon": str(plan.strategy.vision_horizon or ""),
            "mission": text(plan.strategy.mission),
            "value_list": [text(v) for v in plan.strategy.values],
            "from": trace.of(plan.strategy.sources)["sessions"],
        },
        "lines": _lines(plan, objective_rows),
        "indicator_groups": indicator_groups,
        "logframe": _logframe(plan, f, objective_rows, indicator_groups),
        "actions": budget["actions"],
        "timeline": _timeline(plan, f, today),
        "budget": budget,
        "governance": _governance(plan),
        "monitoring": _monitoring(plan, f, today, indicator_groups),
        "revisions": [
            {"number": str(r.number), "date": f.date(r.date, "medium"),
             "session": trace.refs.get(r.session or "", ""), "summary": text(r.summary)}
            for r in sorted(plan.revisions, key=lambda r: r.number)],
        "sessions": [_session(s, trace, plan, f, kits.get(s.workshop), participants) for s in ordered],
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
    top = [{"code": x.code, "kind": label(FINDING_KIND, x.kind), "text": text(x.text), "votes": str(x.votes)}
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
    lights: Counter[str] = Counter(str(mon.indicator_status(i).light) for i in plan.indicators)
    return {
        "vision": text(plan.strategy.vision),
        "horizon": str(plan.strategy.vision_horizon or ""),
        "findings": top,
        "objectives": [{"code": o["code"], "title": o["title"]} for o in objective_rows],
        "targets": targets,
        "budget": budget["by_currency"],
        "lights": [{"light": k, "light_word": label(LIGHTS, k), "count": str(lights[k])}
                   for k in ("green", "amber", "red", "none") if lights[k]],
        "counts": {
            "findings": str(len(plan.findings)), "objectives": str(len(plan.objectives)),
            "indicators": str(len(plan.indicators)), "actions": str(len(plan.actions)),
            "stakeholders": str(len(plan.stakeholders)),
        },
    }


def _profile(plan: Plan, f: Fmt) -> dict[str, Any]:
    c = plan.cluster
    kinds: Counter[str] = Counter(str(s.kind) for s in plan.stakeholders)
    segments = _segments(plan)
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
        "segments": segments,
        "kind_chart": charts.bars([charts.Bar(label(STAKEHOLDER_KINDS, k), kinds[k], str(kinds[k]))
                                   for k in STAKEHOLDER_KINDS if kinds[k]], width=120, label_width=40,
                                   title=_("Stakeholders by kind of actor")),
        "segment_chart": charts.bars([charts.Bar(x["segment"], int(x["count"]), x["count"]) for x in segments],
                                     width=170, label_width=66, title=_("Stakeholders by segment")),
    }


TOP_SEGMENTS = 24


def _segments(plan: Plan) -> list[dict[str, str]]:
    """Stakeholders by segment, largest first; beyond TOP_SEGMENTS the rest are counted together."""
    counts: Counter[str] = Counter(" ".join(text(s.segment).split()) for s in plan.stakeholders)
    ranked = sorted(counts.items(), key=lambda kv: (kv[0] == "", -kv[1], kv[0].casefold()))
    rows = [{"segment": seg or _("Segment not stated"), "count": str(n)} for seg, n in ranked[:TOP_SEGMENTS]]
    rest = ranked[TOP_SEGMENTS:]
    if rest:
        rows.append({"segment": _("Other segments ({n})").format(n=len(rest)),
                     "count": str(sum(n for _seg, n in rest))})
    return rows


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

    ranked = sorted(plan.findings, key=lambda x: (x.rank if x.rank is not None else 10**9, -x.votes, x.code))
    factors: dict[str, list[Any]] = defaultdict(list)
    for x in ranked:
        if x.factor:
            factors[str(x.factor)].append(x)
    return {
        "swot": [block(k) for k in SWOT],
        "tree": [block(k) for k in TREE],
        "has_tree": any(groups[k] for k in TREE),
        "count": len(plan.findings),
        "diamond": [{"title": label(DIAMOND, k),
                     "findings": [dict(_finding(x, trace), kind=label(FINDING_KIND, x.kind)) for x in factors[k]]}
                    for k in DIAMOND if factors[k]],
        "ranked": [dict(_finding(x, trace), kind=label(FINDING_KIND, x.kind)) for x in ranked],
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


def _benchmark_chart(plan: Plan, f: Fmt) -> str:
    return charts.gaps(
        [charts.Gap(text(b.metric) + (f" ({text(b.unit)})" if b.unit.strip() else ""), b.value, b.reference_value,
                    f.num(b.value), f.num(b.reference_value), text(b.reference)) for b in plan.benchmarks],
        cluster_label=_("Cluster"), reference_label=_("Reference"),
        title=_("The cluster against its references"))


def _objective(o: Objective, plan: Plan, f: Fmt, findings: Mapping[str, Any], trace: _Trace) -> dict[str, Any]:
    answered = [findings[i] for i in o.findings if i in findings]
    return {
        "code": o.code, "title": text(o.title), "description": text(o.description), "owner": text(o.owner),
        "assumptions": text(o.assumptions),
        "findings": [{"code": x.code, "kind": label(FINDING_KIND, x.kind), "text": text(x.text)} for x in answered],
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


def _month_end(year: int, month: int) -> int:
    return (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day


def _add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole months; the last day of a month stays the last day (30 Nov → 31 Dec)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    last = _month_end(year, month)
    at_end = day.day == _month_end(day.year, day.month)
    return dt.date(year, month, last if at_end else min(day.day, last))


def _indicator_chart(ind: Indicator, f: Fmt, ident: str) -> str:
    baseline = (charts.Point(ind.baseline_year + 0.5, ind.baseline)
                if ind.baseline is not None and ind.baseline_year is not None else None)
    targets = [charts.Point(t.year + 0.5, t.value) for t in ind.targets]
    measured = [charts.Point(charts.year_fraction(m.date), m.value) for m in ind.measurements]
    values = [p.value for p in ([baseline] if baseline else []) + targets + measured]
    ticks = charts._ticks(min(values), max(values)) if values else []
    return charts.indicator(baseline, targets, measured,
                            charts.IndicatorLabels(_("Baseline"), _("Target"), _("Measured")),
                            {t: f.num(t) for t in ticks}, ident=ident,
                            title=_("Baseline, targets and measurements of {code} over the years").format(
                                code=ind.code))


def _indicator(ind: Indicator, f: Fmt, number: int) -> dict[str, Any]:
    status = mon.indicator_status(ind)
    latest = status.latest
    final = status.target
    done = status.progress
    return {
        "code": ind.code, "name": text(ind.name), "definition": text(ind.definition),
        "level": label(LEVELS, ind.level), "unit": text(ind.unit), "direction": label(DIRECTIONS, ind.direction),
        "baseline": f.num(ind.baseline), "baseline_year": str(ind.baseline_year or ""),
        "baseline_shown": f.quantity(ind.baseline, ind.unit),
        "targets": [{"year": str(t.year), "value": f.num(t.value), "shown": f.quantity(t.value, ind.unit)}
                    for t in sorted(ind.targets, key=lambda t: t.year)],
        "final": f.quantity(final.value, ind.unit) if final else "",
        "final_year": str(final.year) if final else "",
        "latest": f.num(latest.value) if latest else "",
        "latest_shown": f.quantity(latest.value, ind.unit) if latest else "",
        "latest_date": f.date(latest.date, "medium") if latest else "",
        "latest_note": text(latest.note) if latest else "",
        "measurements": [{"date": f.date(m.date, "medium"), "value": f.quantity(m.value, ind.unit),
                          "progress": _share(mon.progress(ind, m.value), f), "note": text(m.note)}
                         for m in sorted(ind.measurements, key=lambda m: m.date)],
        "progress": _share(done, f),
        "expected": _share(status.expected, f),
        "light": str(status.light),
        "light_word": label(LIGHTS, str(status.light)),
        "source": text(ind.source), "frequency": label(FREQUENCIES, ind.frequency),
        "responsible": text(ind.responsible),
        "chart": _indicator_chart(ind, f, f"ic{number}"),
        "number": number,
    }


def _share(value: float | None, f: Fmt) -> str:
    """A progress share as a percentage (negative when the indicator moved the wrong way)."""
    if value is None:
        return ""
    return ("\u2212" if value < 0 else "") + f.percent(abs(value))


def _indicator_groups(plan: Plan, f: Fmt) -> list[dict[str, Any]]:
    groups = []
    number = 0
    for o in plan.objectives:
        rows = []
        for i in plan.indicators_of(o.id):
            number += 1
            rows.append(_indicator(i, f, number))
        groups.append({"code": o.code, "title": text(o.title), "indicators": rows})
    return groups


def _logframe(plan: Plan, f: Fmt, objective_rows: list[dict[str, Any]],
              indicator_groups: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The logframe matrix by strategic line: each objective with its indicators (baseline → final
    target), their means of verification (the indicators' sources) and the objective's assumptions."""
    by_code = {g["code"]: g["indicators"] for g in indicator_groups}
    out = []
    for line in _lines(plan, objective_rows):
        rows = []
        for o in line["objectives"]:
            indicators = by_code.get(o["code"], [])
            sources: list[str] = []
            for i in indicators:
                if i["source"] and i["source"] not in sources:
                    sources.append(i["source"])
            rows.append({"code": o["code"], "title": o["title"], "owner": o["owner"], "actions": o["actions"],
                         "assumptions": o["assumptions"], "verification": sources,
                         "indicators": [{"code": i["code"], "name": i["name"], "baseline": i["baseline_shown"],
                                         "baseline_year": i["baseline_year"], "target": i["final"],
                                         "year": i["final_year"]} for i in indicators]})
        out.append({"code": line["code"], "title": line["title"], "objectives": rows})
    return out


def _monitoring(plan: Plan, f: Fmt, today: dt.date, indicator_groups: list[dict[str, Any]]) -> dict[str, Any]:
    """Review cadence, measurement schedule, progress of every indicator, lights of objectives and actions."""
    schedule = []
    bars = []
    for ind in plan.indicators:
        status = mon.indicator_status(ind)
        last = status.latest
        months = PERIOD_MONTHS.get(str(ind.frequency)) if ind.frequency else None
        due: dt.date | None = None
        if months and last is not None:
            due = _add_months(last.date, months)
        elif months and ind.baseline_year is not None:
            due = _add_months(dt.date(ind.baseline_year, 12, 31), months)
        schedule.append({"code": ind.code, "name": text(ind.name), "frequency": label(FREQUENCIES, ind.frequency),
                         "responsible": text(ind.responsible), "source": text(ind.source),
                         "last": f.date(last.date, "medium") if last else "",
                         "due": f.date(due, "medium") if due else "", "overdue": bool(due and due < today)})
        word = label(LIGHTS, str(status.light))
        shown = f"{_share(status.progress, f)} \u00b7 {word}" if status.progress is not None else word
        bars.append(charts.Progress(ind.code, status.progress, status.expected, shown))
    objectives = []
    for st in mon.plan_status(plan):
        objectives.append({
            "code": st.objective.code, "title": text(st.objective.title), "light": str(st.light),
            "light_word": label(LIGHTS, str(st.light)),
            "indicators": ", ".join(f"{s.indicator.code}" for s in st.indicators),
            "actions": _("{done} of {total}").format(done=st.actions_done, total=st.actions_total)
            if st.actions_total else "\u2013",
            "percent": f.percent(st.percent_done / 100) if st.percent_done is not None else "\u2013"})
    attention = []
    counts: Counter[str] = Counter()
    for a in plan.actions:
        st = mon.action_status(a, today)
        counts[str(st.light)] += 1
        if st.light in (mon.Light.red, mon.Light.amber):
            attention.append({"code": a.code, "title": text(a.title), "light": str(st.light),
                              "light_word": label(LIGHTS, str(st.light)), "status": label(STATUSES, a.status),
                              "end": f.month(a.end), "late": st.late,
                              "progress": f.percent(a.progress / 100),
                              "expected": f.percent(round(st.expected) / 100) if st.expected is not None else ""})
    cadence = text(plan.governance.meeting_cadence)
    frequencies: dict[str, list[str]] = defaultdict(list)
    for ind in plan.indicators:
        frequencies[str(ind.frequency or "")].append(ind.code)
    return {
        "cadence": cadence,
        "frequencies": [{"frequency": label(FREQUENCIES, k), "codes": ", ".join(frequencies[k])}
                        for k in FREQUENCIES if frequencies.get(k)]
        + ([{"frequency": _("not set"), "codes": ", ".join(frequencies[""])}] if frequencies.get("") else []),
        "schedule": schedule,
        "progress_chart": charts.progress(bars, expected_label=_("expected by the date of the latest measurement"),
                                          title=_("Progress of the indicators toward their final targets")),
        "objectives": objectives,
        "attention": attention,
        "action_lights": [{"light": k, "light_word": label(LIGHTS, k), "count": str(counts[k])}
                          for k in ("green", "amber", "red") if counts[k]],
        "measured": str(sum(1 for i in plan.indicators if i.measurements)),
        "indicators": str(len(plan.indicators)),
        "today": f.date(today),
    }


def _timeline(plan: Plan, f: Fmt, today: dt.date) -> str:
    spans = []
    for a in plan.actions:
        shown = label(STATUSES, a.status)
        if a.progress and a.status not in ("done", "cancelled"):
            shown += " " + f.percent(a.progress / 100)
        spans.append(charts.Span(a.code, text(a.title), a.start, a.end, str(a.status), shown, a.progress))
    return charts.timeline(spans, charts.TimelineLabels(
        today=_("today ({date})").format(date=f.date(today, "medium")), no_dates=_("no dates"),
        statuses={k: label(STATUSES, k) for k in STATUSES}), today=today, title=_("Timeline of the actions"))


def _budget(plan: Plan, f: Fmt, objectives: Mapping[str, Objective], lines: Mapping[str, Any]) -> dict[str, Any]:
    """The action rows with their funding, and the totals by source, by line and overall, per currency."""
    used = [s for s in FUNDING_SOURCES if any(x.source == s for a in plan.actions for x in a.funding)]
    currencies = sorted({a.currency for a in plan.actions}) or [plan.currency]
    single = len(currencies) == 1
    per_currency: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    per_line: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    per_objective: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))

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
        per_objective[a.currency][first.id if first is not None else ""] += total
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
        by_objective = []
        for o in plan.objectives:
            if per_objective[cur].get(o.id):
                value = per_objective[cur][o.id]
                by_objective.append({"code": o.code, "title": text(o.title), "value": value,
                                     "amount": f.money(value, cur), "share": f.percent(value / grand) if grand else ""})
        if per_objective[cur].get(""):
            value = per_objective[cur][""]
            by_objective.append({"code": "", "title": _("Actions without an objective"), "value": value,
                                 "amount": f.money(value, cur), "share": f.percent(value / grand) if grand else ""})
        sources = [{"source": label(FUNDING_SOURCES, s), "amount": f.money(sums.get(s, 0.0), cur),
                    "share": f.percent(sums.get(s, 0.0) / grand) if grand else "", "value": sums.get(s, 0.0)}
                   for s in used if sums.get(s, 0.0)]
        by_currency.append({
            "currency": cur,
            "sources": [{k: v for k, v in x.items() if k != "value"} for x in sources],
            "lines": by_line,
            "objectives": [{k: v for k, v in x.items() if k != "value"} for x in by_objective],
            "total": f.money(grand, cur),
            "source_chart": charts.bars([charts.Bar(x["source"], x["value"], f"{x['amount']} ({x['share']})")
                                         for x in sources], width=170, label_width=40,
                                        title=_("Budget by source of funds")),
            "objective_chart": charts.bars([charts.Bar(f"{x['code']} {x['title']}".strip(), x["value"],
                                                       f"{x['amount']} ({x['share']})") for x in by_objective],
                                           width=170, label_width=66, label_chars=42,
                                           title=_("Budget by objective")),
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
        "progress": f.percent(a.progress / 100) if a.progress else "",
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


def _outputs(s: Session, plan: Plan) -> list[dict[str, str]]:
    """What of the plan came from this session's notes: codes of findings, objectives, indicators, actions."""
    mine = {c.id for c in s.contributions}
    groups = (
        (_("Findings"), [x.code for x in plan.findings if mine.intersection(x.sources)]),
        (_("Benchmarks"), [b.code or text(b.metric) for b in plan.benchmarks if mine.intersection(b.sources)]),
        (_("Strategic lines"), [x.code for x in plan.strategy.lines if mine.intersection(x.sources)]),
        (_("Objectives"), [x.code for x in plan.objectives if mine.intersection(x.sources)]),
        (_("Indicators"), [x.code for x in plan.indicators if mine.intersection(x.sources)]),
        (_("Actions"), [x.code for x in plan.actions if mine.intersection(x.sources)]),
    )
    out = [{"what": what, "codes": "; ".join(codes) if any(" " in c for c in codes) else ", ".join(codes)}
           for what, codes in groups if codes]
    if mine.intersection(plan.strategy.sources):
        out.append({"what": _("Vision, mission and values"), "codes": "\u2713"})
    return out


def _session(s: Session, trace: _Trace, plan: Plan, f: Fmt, kit: Kit | None,
             participants: bool = False) -> dict[str, Any]:
    lang = f.lang
    present = s.present()
    kinds: Counter[str] = Counter()
    names = []
    for sid in present:
        who = plan.stakeholder(sid)
        kinds[who.kind if who is not None else "other"] += 1
        if participants:
            names.append({"name": text(who.name) if who is not None else sid,
                          "organization": text(who.organization) if who is not None else "",
                          "kind": label(STAKEHOLDER_KINDS, who.kind) if who is not None else ""})
    mapped: Counter[str] = Counter(str(x.kind) for x in plan.stakeholders)
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
        "attendance": [{"kind": label(STAKEHOLDER_KINDS, k), "count": str(kinds[k]), "mapped": str(mapped[k])}
                       for k in STAKEHOLDER_KINDS if kinds[k] or mapped[k]],
        "mapped": str(len(plan.stakeholders)),
        "kinds_present": _("{n} of {total} kinds of actor present").format(
            n=sum(1 for k in kinds if kinds[k]), total=sum(1 for k in mapped if mapped[k])) if mapped else "",
        "participants": sorted(names, key=lambda x: x["name"].casefold()),
        "outputs": _outputs(s, plan),
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
