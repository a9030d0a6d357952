"""The action plan and budget sections: action rows with their funding, budget totals by source, line
and objective per currency, and the timeline chart.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from facilitator.export import charts
from facilitator.export.formatting import Fmt, text
from facilitator.i18n import _
from facilitator.labels import (
    ACTION_KINDS,
    FUNDING_SOURCES,
    PRIORITIES,
    STATUSES,
    label,
)
from facilitator.model import Action, Objective, Plan


def timeline_chart(plan: Plan, f: Fmt, today: dt.date) -> str:
    spans = []
    for a in plan.actions:
        shown = label(STATUSES, a.status)
        if a.progress and a.status not in ("done", "cancelled"):
            shown += " " + f.percent(a.progress / 100)
        spans.append(charts.Span(a.code, text(a.title), a.start, a.end, str(a.status), shown, a.progress))
    return charts.timeline(spans, charts.TimelineLabels(
        today=_("today ({date})").format(date=f.date(today, "medium")), no_dates=_("no dates"),
        statuses={k: label(STATUSES, k) for k in STATUSES}), today=today, title=_("Timeline of the actions"))


def action_budget(plan: Plan, f: Fmt, objectives: Mapping[str, Objective], lines: Mapping[str, Any]) -> dict[str, Any]:
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
        by_line: list[dict[str, Any]] = []
        for line in plan.strategy.lines:
            if per_line[cur].get(line.id):
                value = per_line[cur][line.id]
                by_line.append({"code": line.code, "title": text(line.title), "amount": f.money(value, cur),
                                "value": value})
        if per_line[cur].get(""):
            value = per_line[cur][""]
            by_line.append({"code": "", "title": _("Actions without a strategic line"),
                            "amount": f.money(value, cur), "value": value})
        by_objective: list[dict[str, Any]] = []
        for o in plan.objectives:
            if per_objective[cur].get(o.id):
                value = per_objective[cur][o.id]
                by_objective.append({"code": o.code, "title": text(o.title), "value": value,
                                     "amount": f.money(value, cur)})
        if per_objective[cur].get(""):
            value = per_objective[cur][""]
            by_objective.append({"code": "", "title": _("Actions without an objective"), "value": value,
                                 "amount": f.money(value, cur)})
        sources: list[dict[str, Any]] = [
            {"source": label(FUNDING_SOURCES, s), "amount": f.money(sums.get(s, 0.0), cur), "value": sums.get(s, 0.0)}
            for s in used if sums.get(s, 0.0)]
        # Each breakdown's shares add up to exactly 100% (rounded together, not one by one).
        for breakdown in (by_line, by_objective, sources):
            for row, share in zip(breakdown, f.shares([row["value"] for row in breakdown]), strict=True):
                row["share"] = share
        by_currency.append({
            "currency": cur,
            "sources": [{k: v for k, v in x.items() if k != "value"} for x in sources],
            "lines": [{k: v for k, v in x.items() if k != "value"} for x in by_line],
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
