"""The project profiles section (`projects`): one profile per action, as a program officer reads it —
objective and justification with the findings behind them, activities with dates, deliverables,
beneficiaries, who executes it, its duration, links to objectives and indicators, its risks, status, and
its budget by source × year with cash and in kind (`facilitator.financing`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from facilitator import financing, risks
from facilitator.export.formatting import Fmt, text
from facilitator.i18n import _, ngettext
from facilitator.labels import ACTION_KINDS, FINDING_KIND, FUNDING_SOURCES, STATUSES, label
from facilitator.model import Action, Plan

SHORT_FINDING = 160
"""A justifying finding is quoted up to this many characters (its whole text is in the diagnosis)."""
SHORT_MITIGATION = 110
"""A risk's mitigation is quoted up to this many characters (its whole text is in the risk matrix)."""


def _short(value: str, limit: int) -> str:
    value = " ".join(value.split())
    if len(value) <= limit:
        return value
    return value[:limit].rsplit(" ", 1)[0].rstrip(",;:.") + "…"


def projects_section(plan: Plan, f: Fmt) -> list[dict[str, Any]]:
    """One profile per action, in plan order (cancelled ones too: the status says so)."""
    return [project_profile(a, plan, f) for a in plan.actions]


def project_profile(a: Action, plan: Plan, f: Fmt) -> dict[str, Any]:
    findings = {x.id: x for x in plan.findings}
    objectives = {o.id: o for o in plan.objectives}
    indicators = {i.id: i for i in plan.indicators}
    months = a.months()
    return {
        "code": a.code, "title": text(a.title), "description": text(a.description),
        "purpose": text(a.purpose), "justification": text(a.justification),
        "findings": [{"code": x.code, "kind": label(FINDING_KIND, x.kind), "text": text(_short(x.text, SHORT_FINDING))}
                     for x in (findings.get(i) for i in a.findings) if x is not None],
        "objectives": [{"code": o.code, "title": text(o.title)} for o in (objectives.get(i) for i in a.objectives)
                       if o is not None],
        "indicators": [{"code": x.code, "name": text(x.name)} for x in (indicators.get(i) for i in a.indicators)
                       if x is not None],
        "activities": [{"title": text(x.title), "period": _period(f, x.start, x.end), "deliverable": text(x.deliverable)}
                       for x in a.activities],
        "deliverables": [text(d) for d in a.deliverables],
        "beneficiaries": _beneficiaries(a, f),
        "lead": text(a.lead), "partners": [text(p) for p in a.partners],
        "kind": label(ACTION_KINDS, a.kind),
        "start": f.date(a.start, "medium") if a.start else "", "end": f.date(a.end, "medium") if a.end else "",
        "duration": ngettext("{n} month", "{n} months", months).format(n=months) if months else "",
        "status": label(STATUSES, a.status), "status_key": str(a.status),
        "progress": f.percent(a.progress / 100) if a.progress else "",
        "risks": [{"code": r.code, "risk": text(_short(r.risk, SHORT_FINDING)),
                   "level": risks.level(r) or "none",
                   "level_word": _(risks.LEVELS[lv]) if (lv := risks.level(r)) else _("not rated"),
                   "mitigation": text(_short(r.mitigation, SHORT_MITIGATION))}
                  for r in plan.risks if r.action == a.id],
        "budget": _budget(a, f),
    }


def _period(f: Fmt, start: dt.date | None, end: dt.date | None) -> str:
    """An activity's months (``Aug 2026 – Oct 2026``, one month once): a work plan reads by month, and day
    dates in three languages would not fit the column (they are in plan.toml and the TUI)."""
    first, last = f.month(start) if start else "", f.month(end) if end else ""
    if first and first == last:
        return first
    return f"{first} – {last}".strip(" –") if first or last else ""


def _beneficiaries(a: Action, f: Fmt) -> dict[str, Any] | None:
    b = a.beneficiaries
    if b is None or b.empty():
        return None

    def count(value: int | None) -> str:
        return f.num(value) if value else "–"

    return {
        "firms": [count(b.micro), count(b.small), count(b.medium), count(b.large)],
        "firms_total": f.num(b.firms()) if b.firms() else "–",
        "people": [count(b.women), count(b.men)],
        "people_total": f.num(b.people()) if b.people() else "–",
        "women_share": f.percent(b.women / b.people()) if b.people() and b.women is not None else "",
        "description": text(b.description),
    }


def _budget(a: Action, f: Fmt) -> dict[str, Any] | None:
    """Sources × years from the budget lines, with each source's cash and in kind; or, for an action with
    funding alone, its total by source (no years: funding names none)."""
    cur = a.currency
    t = financing.action_totals(a)
    if t.by_year_source:
        years = t.years
        sources = [s for s in FUNDING_SOURCES if any(src == s for _y, src in t.by_year_source)]
        total = t.total
        rows = []
        for s in sources:
            amounts = [t.by_year_source.get((y, s), 0.0) for y in years]
            cash, in_kind = t.by_source_kind.get((s, "cash"), 0.0), t.by_source_kind.get((s, "in_kind"), 0.0)
            rows.append({"source": label(FUNDING_SOURCES, s),
                         "amounts": [f.num(v) if v else "–" for v in amounts], "total": f.num(sum(amounts)),
                         "share": f.percent(sum(amounts) / total) if total else "",
                         "cash": f.num(cash) if cash else "–", "in_kind": f.num(in_kind) if in_kind else "–"})
        cash = sum(v for (_s, k), v in t.by_source_kind.items() if k == "cash")
        in_kind = sum(v for (_s, k), v in t.by_source_kind.items() if k == "in_kind")
        return {"currency": cur, "years": [str(y) for y in years], "rows": rows,
                "year_totals": [f.num(sum(v for (yy, _s), v in t.by_year_source.items() if yy == y)) for y in years],
                "total": f.money(total, cur), "total_num": f.num(total),
                "cash": f.num(cash) if cash else "–", "in_kind": f.num(in_kind) if in_kind else "–",
                "cash_share": f.percent(cash / total) if total else ""}
    if a.funding:
        total = sum(x.amount for x in a.funding)
        by_source: dict[str, float] = {}
        for x in a.funding:
            by_source[str(x.source)] = by_source.get(str(x.source), 0.0) + x.amount
        return {"currency": cur, "years": [], "total": f.money(total, cur), "total_num": f.num(total),
                "rows": [{"source": label(FUNDING_SOURCES, s), "amounts": [], "total": f.num(v),
                          "share": f.percent(v / total) if total else "", "cash": "", "in_kind": ""}
                         for s, v in by_source.items()]}
    return None
