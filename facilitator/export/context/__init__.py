"""The plan as plain data for the PDF template: dicts, lists and localized strings, nothing else.

`build_context` turns the validated model (plan and sessions) into what `templates/plan.html` prints:
dates, numbers and money are formatted with Babel in the document's language, fixed labels go through
gettext, and every derived figure (gaps, budget totals, attendance counts, minutes per agenda step) is
computed here so that the template only lays out. No pydantic object reaches the template.

Participant text is passed on as typed, except for control characters, which cannot be printed and
are shown as their code (``[U+0007]``) instead of being dropped silently (`facilitator.export.formatting`).

Each part of the document is built in the module named for it: `profile`, `diagnosis` (with benchmarking),
`strategy` (lines, objectives), `results` (the four-level logframe, the risk matrix, the financing plan),
`indicators`, `actions` (action plan, budget, timeline), `projects` (one profile per action),
`monitoring`, and `annex` (the sessions, whose references S1, S2… every record cites). This module
assembles them, with the cover, the executive summary and governance.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from typing import Any

from facilitator import __version__
from facilitator import monitoring as mon
from facilitator.export.context.actions import action_budget, timeline_chart
from facilitator.export.context.annex import build_trace, order_sessions, session_annex
from facilitator.export.context.diagnosis import benchmark_chart, benchmark_row, diagnosis_section
from facilitator.export.context.endorsement import endorsement_section
from facilitator.export.context.indicators import LIGHTS, indicators_by_objective
from facilitator.export.context.monitoring import monitoring_section
from facilitator.export.context.network import network_section
from facilitator.export.context.profile import profile_section
from facilitator.export.context.projects import projects_section
from facilitator.export.context.results import financing_section, results_chain, risk_section
from facilitator.export.context.strategy import objective_row, strategic_lines
from facilitator.export.formatting import Fmt, page_label, text
from facilitator.export.sections import SECTIONS
from facilitator.i18n import _
from facilitator.labels import FINDING_KIND, label
from facilitator.model import Kit, Objective, Plan, Session, Target
from facilitator.recap import ranked_findings

__all__ = ["SECTIONS", "Fmt", "build_context", "text"]

TOP_FINDINGS = 5


def build_context(plan: Plan, sessions: Sequence[Session], lang: str, *, kits: Mapping[str, Kit] | None = None,
                  today: dt.date | None = None, sections: Collection[str] | None = None,
                  participants: bool = False, draft: bool = False) -> dict[str, Any]:
    """Everything the plan template prints, as plain data localized for ``lang``.

    Call with the gettext language already set to ``lang`` (the labels are translated here).
    ``sections`` chooses the main sections by id (see SECTIONS; default: all of them), ``participants``
    prints the names of who attended each session (left out by default, for privacy), ``draft`` marks
    every page as a draft.
    """
    f = Fmt(lang, content=plan.language)
    kits = kits or {}
    today = today or dt.date.today()
    ordered = order_sessions(sessions)
    trace = build_trace(ordered)
    objectives = {o.id: o for o in plan.objectives}
    findings = {x.id: x for x in plan.findings}
    lines = {line.id: line for line in plan.strategy.lines}
    last_revision = max(plan.revisions, key=lambda r: r.number) if plan.revisions else None
    cluster = text(plan.cluster.name)
    revision_label = _("Revision {n}").format(n=plan.revision)

    budget = action_budget(plan, f, objectives, lines)
    objective_rows = [objective_row(o, plan, f, findings, trace) for o in plan.objectives]
    indicator_groups = indicators_by_objective(plan, f, today)
    networked = network_section(plan, f, participants) if sections is None or "network" in sections else None
    endorsed = endorsement_section(plan, f, ordered, trace)
    chosen = [sid for sid, _title in SECTIONS if (sections is None or sid in sections)
              and (sid != "network" or networked is not None) and (sid != "endorsement" or endorsed is not None)]
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
        "footer": page_label(),
        "anchors": _anchors(plan),
        "summary": _summary(plan, f, objective_rows, budget),
        "profile": profile_section(plan, f, participants),
        "diagnosis": diagnosis_section(plan, f, trace),
        "benchmarks": [benchmark_row(b, f, trace) for b in plan.benchmarks],
        "benchmark_chart": benchmark_chart(plan, f),
        "strategy": {
            "vision": text(plan.strategy.vision),
            "horizon": str(plan.strategy.vision_horizon or ""),
            "mission": text(plan.strategy.mission),
            "value_list": [text(v) for v in plan.strategy.values],
            "from": trace.of(plan.strategy.sources)["sessions"],
        },
        "lines": strategic_lines(plan, objective_rows),
        "indicator_groups": indicator_groups,
        "logframe": results_chain(plan, f),
        "actions": budget["actions"],
        "timeline": timeline_chart(plan, f, today),
        "projects": projects_section(plan, f) if "projects" in chosen else [],
        "budget": budget,
        "financing": financing_section(plan, f),
        "risks": risk_section(plan),
        "governance": _governance(plan),
        "monitoring": monitoring_section(plan, f, today, indicator_groups),
        "network": networked,
        "endorsement": endorsed,
        "revisions": [
            {"number": str(r.number), "date": f.date(r.date, "medium"),
             "session": trace.refs.get(r.session or "", ""), "summary": text(r.summary)}
            for r in sorted(plan.revisions, key=lambda r: r.number)],
        "sessions": [session_annex(s, trace, plan, f, kits.get(s.workshop), participants) for s in ordered],
    }



def _summary(plan: Plan, f: Fmt, objective_rows: list[dict[str, Any]], budget: dict[str, Any]) -> dict[str, Any]:
    ranked = ranked_findings(plan)
    top = [{"code": x.code, "kind": label(FINDING_KIND, x.kind), "text": text(x.text), "votes": str(x.votes)}
           for x in ranked[:TOP_FINDINGS]]
    targets = []
    for o in plan.objectives:
        for ind in plan.indicators_of(o.id):
            if ind.targets:
                named, final = headline_targets(o, ind.targets)
                targets.append({
                    "objective": o.code, "code": ind.code, "name": text(ind.name),
                    "baseline": f.quantity(ind.baseline, ind.unit),
                    "baseline_year": str(ind.baseline_year or ""),
                    "target": f.quantity(named.value, ind.unit), "year": str(named.year),
                    "final": f.quantity(final.value, ind.unit) if final is not named else "",
                    "final_year": str(final.year) if final is not named else ""})
                break  # one headline target per objective
    lights: Counter[str] = Counter(str(mon.indicator_status(i).light) for i in plan.indicators)
    on_track = lights["green"]
    measured = sum(n for k, n in lights.items() if k != "none")
    totals = [cur["total"] for cur in budget["by_currency"] if cur["sources"]]
    figures = [
        {"big": str(len(plan.findings)), "what": _("findings from the diagnosis")},
        {"big": str(len(plan.objectives)), "what": _("strategic objectives")},
        {"big": str(len(plan.indicators)), "what": _("indicators")},
        {"big": str(len(plan.actions)), "what": _("actions")},
        *[{"big": total, "what": _("total budget")} for total in totals],
        {"big": f"{on_track}/{measured}" if measured else "\u2013",
         "what": _("measured indicators on track")},
        {"big": str(len(plan.stakeholders)), "what": _("stakeholders")},
    ]
    return {
        "narrative": text(plan.strategy.summary).strip(),
        "figures": figures,
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


_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def headline_targets(objective: Objective, targets: Sequence[Target]) -> tuple[Target, Target]:
    """(the target the objective's own wording names, the final target) of one of its indicators.

    The objective "Launch 8 routes by 2027" names the 2027 target even when the indicator goes on to 12
    routes in 2029: the summary shows both, so its headline agrees with the objective. The named target
    is the one for the last year the objective's title mentions (its description if the title names none);
    without any, the final target is the headline.
    """
    final = max(targets, key=lambda t: t.year)
    by_year = {t.year: t for t in targets}
    for wording in (objective.title, objective.description):
        named = [int(y) for y in _YEAR.findall(wording or "") if int(y) in by_year]
        if named:
            return by_year[max(named)], final
    return final, final


def _anchors(plan: Plan) -> dict[str, str]:
    """Record code -> record id, for the records whose codes the document links to their own entry
    (findings, strategic lines, objectives, indicators, actions, risks). A code used by two records is left out:
    it could not say which one it means."""
    seen: Counter[str] = Counter()
    anchors: dict[str, str] = {}
    records: list[Any] = [*plan.findings, *plan.strategy.lines, *plan.objectives, *plan.indicators, *plan.actions,
                          *plan.risks]
    for record in records:
        seen[record.code] += 1
        anchors[record.code] = record.id
    return {code: rid for code, rid in anchors.items() if seen[code] == 1}


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

