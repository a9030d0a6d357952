"""The results sections of the plan document: the four-level logframe (goal, purpose, outputs,
activities), the risk matrix with its 5×5 heat map, and the financing plan (by year × source, by
category, cash and in kind, and the co-financing shares against the program's rules).

The logframe is built from the plan, not typed twice (docs/decisions.md, "The results chain"): the goal is
the vision with the impact indicators and `strategy.assumptions`; each objective is a purpose with its
outcome indicators and assumptions; its output indicators are its outputs; its actions are its activities,
with their dates, their cost by source (the inputs) and their own assumptions.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from facilitator import financing, risks
from facilitator.export.formatting import Fmt, text
from facilitator.i18n import _
from facilitator.labels import EXPENSE_CATEGORIES, FUNDING_SOURCES, label
from facilitator.model import Action, Indicator, Plan

# --- the logframe ---------------------------------------------------------------------------------------------


def _indicator(ind: Indicator, f: Fmt) -> dict[str, str]:
    final = max(ind.targets, key=lambda t: t.year) if ind.targets else None
    return {"code": ind.code, "name": text(ind.name), "baseline": f.quantity(ind.baseline, ind.unit),
            "baseline_year": str(ind.baseline_year or ""),
            "target": f.quantity(final.value, ind.unit) if final else "", "year": str(final.year) if final else ""}


def _verification(indicators: Iterable[Indicator]) -> list[str]:
    """The means of verification: the indicators' sources, each once, in order."""
    out: list[str] = []
    for i in indicators:
        source = text(i.source)
        if source and source not in out:
            out.append(source)
    return out


def _activity(a: Action, f: Fmt) -> dict[str, Any]:
    by_source = financing.source_totals(a)
    dates = " – ".join(x for x in (f.month(a.start), f.month(a.end)) if x)
    return {"code": a.code, "title": text(a.title), "dates": dates, "lead": text(a.lead),
            "inputs": [{"source": label(FUNDING_SOURCES, s), "amount": f.money(v, a.currency)}
                       for s in FUNDING_SOURCES if (v := by_source.get(s))],
            "total": f.money(sum(by_source.values()), a.currency) if by_source else "",
            "assumptions": text(a.assumptions)}


def results_chain(plan: Plan, f: Fmt) -> dict[str, Any]:
    """The four levels of the logframe: the goal, then by strategic line each objective's purpose, outputs
    and activities, each with indicators (or inputs), means of verification and assumptions."""
    objective_ids = {o.id for o in plan.objectives}
    impact = [i for i in plan.indicators if i.level == "impact" and i.objective in objective_ids]
    goal = {"text": text(plan.strategy.vision), "horizon": str(plan.strategy.vision_horizon or ""),
            "indicators": [_indicator(i, f) for i in impact], "verification": _verification(impact),
            "assumptions": text(plan.strategy.assumptions)}
    known_lines = {line.id for line in plan.strategy.lines}
    groups: list[tuple[str, str, list[Any]]] = [
        (line.code, text(line.title), [o for o in plan.objectives if o.line == line.id])
        for line in plan.strategy.lines]
    loose = [o for o in plan.objectives if o.line not in known_lines]
    if loose:
        groups.append(("", _("Objectives not assigned to a strategic line"), loose))
    lines = []
    for code, title, objectives in groups:
        rows = []
        for o in objectives:
            own = plan.indicators_of(o.id)
            outcome = [i for i in own if i.level == "outcome"]
            output = [i for i in own if i.level == "output"]
            actions = [a for a in plan.actions_of(o.id) if a.status != "cancelled"]
            rows.append({
                "code": o.code, "title": text(o.title), "owner": text(o.owner),
                "indicators": [_indicator(i, f) for i in outcome], "verification": _verification(outcome),
                "assumptions": text(o.assumptions),
                "outputs": [_indicator(i, f) for i in output], "output_verification": _verification(output),
                "activities": [_activity(a, f) for a in actions],
            })
        lines.append({"code": code, "title": title, "objectives": rows})
    return {"goal": goal, "lines": [line for line in lines if line["objectives"] or line["code"]]}


# --- the risk matrix ------------------------------------------------------------------------------------------

def _impact_words() -> list[str]:
    return [_("negligible"), _("minor"), _("moderate"), _("major"), _("severe")]


def _likelihood_words() -> list[str]:
    return [_("rare"), _("unlikely"), _("possible"), _("likely"), _("almost certain")]


def risk_section(plan: Plan) -> dict[str, Any]:
    """The heat map (likelihood 5 at the top, impact 1 at the left; each cell its level and risk codes) and
    the risks from the highest score down."""
    actions = {a.id: a for a in plan.actions}
    likelihood = _likelihood_words()
    grid = [{"likelihood": str(row[0].likelihood), "word": likelihood[row[0].likelihood - 1],
             "cells": [{"level": c.level, "codes": ", ".join(c.codes), "count": len(c.codes)} for c in row]}
            for row in risks.heat_map(plan)]
    rows = []
    for r in risks.ranked(plan):
        level = risks.level(r)
        action = actions.get(r.action or "")
        rows.append({"code": r.code, "risk": text(r.risk), "likelihood": str(r.likelihood or "–"),
                     "impact": str(r.impact or "–"), "score": str(risks.score(r) or "–"),
                     "level": level or "none", "level_word": _(risks.LEVELS[level]) if level else _("not rated"),
                     "mitigation": text(r.mitigation), "owner": text(r.owner),
                     "action": f"{action.code} {text(action.title)}" if action else ""})
    unrated = sum(1 for r in plan.risks if risks.score(r) is None)
    return {"grid": grid, "impacts": _impact_words(), "rows": rows, "unrated": str(unrated) if unrated else ""}


# --- the financing plan ---------------------------------------------------------------------------------------


def _share(f: Fmt, part: float, whole: float) -> str:
    return f.percent(part / whole) if whole else ""


def financing_section(plan: Plan, f: Fmt) -> dict[str, Any]:
    """The financing plan of each currency: a years × sources table with totals, the categories, cash and
    in kind by source; and the co-financing shares of the whole plan against the program's rules, with the
    actions that breach them."""
    rules = plan.program.cofinancing if plan.program is not None else None
    out = []
    for t in financing.totals(plan):
        cur = t.currency
        sources = [s for s in FUNDING_SOURCES if any(src == s for _y, src in t.by_year_source)]
        total = t.total
        years = [{"year": str(y),
                  "amounts": [f.money(t.by_year_source.get((y, s), 0.0), cur) if t.by_year_source.get((y, s))
                              else "–" for s in sources],
                  "total": f.money(sum(v for (yy, _s), v in t.by_year_source.items() if yy == y), cur)}
                 for y in t.years]
        source_totals = {s: sum(v for (_y, src), v in t.by_year_source.items() if src == s) for s in sources}
        categories = [{"category": label(EXPENSE_CATEGORIES, c), "amount": f.money(v, cur),
                       "share": _share(f, v, total)}
                      for c, v in sorted(t.by_category.items(), key=lambda kv: -kv[1])]
        kinds = [{"source": label(FUNDING_SOURCES, s),
                  "cash": f.money(t.by_source_kind.get((s, "cash"), 0.0), cur),
                  "in_kind": f.money(t.by_source_kind.get((s, "in_kind"), 0.0), cur),
                  "total": f.money(source_totals[s], cur)} for s in sources]
        cash = sum(v for (_s, k), v in t.by_source_kind.items() if k == "cash")
        program = source_totals.get("program", 0.0)
        counterpart = sum(source_totals.get(s, 0.0) for s in financing.COUNTERPART)
        counterpart_cash = sum(t.by_source_kind.get((s, "cash"), 0.0) for s in financing.COUNTERPART)
        shares = [
            {"what": _("Program share of the cost"), "value": _share(f, program, total),
             "rule": _("at most {share}").format(share=f.percent(rules.max_program_share / 100))
             if rules and rules.max_program_share is not None else "–"},
            {"what": _("Counterpart share of the cost"), "value": _share(f, counterpart, total),
             "rule": _("at least {share}").format(share=f.percent(rules.min_counterpart_share / 100))
             if rules and rules.min_counterpart_share is not None else "–"},
            {"what": _("Cash share of the counterpart"), "value": _share(f, counterpart_cash, counterpart),
             "rule": _("at least {share}").format(share=f.percent(rules.min_counterpart_cash / 100))
             if rules and rules.min_counterpart_cash is not None else "–"},
        ]
        out.append({
            "currency": cur, "sources": [label(FUNDING_SOURCES, s) for s in sources], "years": years,
            "source_totals": [f.money(source_totals[s], cur) for s in sources],
            "source_shares": [_share(f, source_totals[s], total) for s in sources],
            "total": f.money(total, cur), "categories": categories, "kinds": kinds,
            "cash": f.money(cash, cur), "in_kind": f.money(total - cash, cur),
            "cash_share": _share(f, cash, total), "in_kind_share": _share(f, total - cash, total),
            "shares": shares,
        })
    breaches = [{"code": plan.actions[b.path[1]].code, "message": b.message} for b in financing.breaches(plan)]
    eligible = ", ".join(label(EXPENSE_CATEGORIES, c) for c in rules.eligible_categories) if rules else ""
    unlined = [a.code for a in plan.actions if a.funding and not a.budget_lines and a.status != "cancelled"]
    return {"currencies": out, "single_currency": len(out) <= 1, "rules": rules is not None,
            "eligible": eligible, "breaches": breaches, "unlined": ", ".join(unlined)}
