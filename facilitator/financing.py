"""The financing plan: an action's amounts by source, its funding kept equal to its budget lines, the
program's co-financing rules applied action by action, and the plan's totals by year × source and by
expense category.

An action's cost is the sum of every source (program, public and private counterparts, others), cash and
in kind. The counterpart is what the public and private counterparts bring; "other" financiers (a bank's
credit line, another donor) count in the cost but are neither the program nor the counterpart. The rules
bind only actions the program pays for, and not cancelled ones. See docs/decisions.md, "The financing plan".
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from facilitator.i18n import N_, _, format_money, language
from facilitator.labels import EXPENSE_CATEGORIES, FUNDING_KINDS, FUNDING_SOURCES, label
from facilitator.model import Action, BudgetLine, Cofinancing, Funding, FundingSource, Plan

COUNTERPART = ("public", "private")
"""The sources that make up the counterpart of the program's money."""

_CENT = 0.005  # amounts are compared to the cent, so 80.000001% of a rounded budget is not a breach


def source_totals(action: Action) -> dict[str, float]:
    """The action's amounts by source: from its budget lines when it has any, else from its funding."""
    out: dict[str, float] = {}
    items: Iterable[BudgetLine | Funding] = action.budget_lines or action.funding
    for item in items:
        out[item.source] = out.get(item.source, 0.0) + item.amount
    return out


def lines_funding(lines: list[BudgetLine], current: list[Funding] | None = None) -> list[Funding]:
    """The funding by source that ``lines`` add up to, in the order of the sources; ``current`` is kept as
    it is (its order, its split of one source) when it already adds up to the same."""
    sums: dict[str, float] = {}
    for line in lines:
        sums[line.source] = sums.get(line.source, 0.0) + line.amount
    if current is not None and _same_totals(_funding_totals(current), sums):
        return current
    return [Funding(source=s.value, amount=sums[s.value]) for s in FundingSource if sums.get(s.value)]


def _funding_totals(funding: list[Funding]) -> dict[str, float]:
    out: dict[str, float] = {}
    for f in funding:
        out[f.source] = out.get(f.source, 0.0) + f.amount
    return out


def _same_totals(a: dict[str, float], b: dict[str, float]) -> bool:
    return all(abs(a.get(k, 0.0) - b.get(k, 0.0)) < _CENT for k in a.keys() | b.keys())


def funding_differs(action: Action) -> bool:
    """The action has budget lines and its funding does not add up to them by source (a hand edit)."""
    if not action.budget_lines:
        return False
    sums: dict[str, float] = {}
    for line in action.budget_lines:
        sums[line.source] = sums.get(line.source, 0.0) + line.amount
    return not _same_totals(_funding_totals(action.funding), sums)


def with_lines(action: Action, lines: list[BudgetLine]) -> Action:
    """A copy of ``action`` with these budget lines and its funding made their totals by source."""
    updated = action.model_copy(deep=True)
    updated.budget_lines = lines
    updated.funding = lines_funding(lines, action.funding)
    return updated


# --- co-financing rules ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Breach:
    """One co-financing rule an action breaks: which check, where in plan.toml, what and what to do."""

    check: str
    path: tuple[Any, ...]
    """The key path in plan.toml (``("actions", 2, "budget_lines", 1)``)."""
    message: str
    advice: str


BREACH_CHECKS = {
    "cofinancing-program-share": N_("lower the program's amounts or add counterpart"),
    "cofinancing-counterpart": N_("add counterpart (public or private) to the action"),
    "cofinancing-cash": N_("bring part of the counterpart in cash instead of in kind"),
    "cofinancing-category": N_("pay this line from a counterpart, or put it in an eligible category"),
}
"""The co-financing checks and their usual advice (each breach gives a precise one)."""


def _pct(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".") + "%"


def action_breaches(action: Action, index: int, rules: Cofinancing) -> list[Breach]:
    """Every co-financing rule the action at ``index`` of the plan's actions breaks."""
    if action.status == "cancelled":
        return []
    totals = source_totals(action)
    program = totals.get("program", 0.0)
    if program < _CENT:
        return []  # the program does not pay for it: its rules do not bind it
    cost = sum(totals.values())
    counterpart = sum(totals.get(s, 0.0) for s in COUNTERPART)
    path: tuple[Any, ...] = ("actions", index, "budget_lines" if action.budget_lines else "funding")

    def money(value: float) -> str:
        return format_money(max(value, 0.0), action.currency, language())

    def at_least(value: float) -> str:
        """An amount to add or move, rounded up to a whole unit so that doing it meets the rule."""
        return money(math.ceil(value - _CENT))

    out: list[Breach] = []
    code = action.code
    if rules.max_program_share is not None and program - cost * rules.max_program_share / 100 > _CENT:
        share = rules.max_program_share / 100
        move = program - share * cost
        add = program / share - cost if share > 0 else None
        advice = _("move at least {move} from the program to a counterpart, or add {add} of counterpart").format(
            move=at_least(move), add=at_least(add)) if add is not None else _(
            "the program pays for no action under these rules: remove its amounts")
        out.append(Breach("cofinancing-program-share", path, _(
            "co-financing: the program pays {share} of action {code} ({program} of {cost}); its rules allow at "
            "most {max}").format(share=_pct(100 * program / cost), code=code, program=money(program),
                                 cost=money(cost), max=_pct(rules.max_program_share)), advice))
    if rules.min_counterpart_share is not None and cost * rules.min_counterpart_share / 100 - counterpart > _CENT:
        share = rules.min_counterpart_share / 100
        add = (share * cost - counterpart) / (1 - share) if share < 1 else None
        advice = _("add at least {add} of public or private counterpart").format(add=at_least(add)) \
            if add is not None else _("the counterpart must pay the whole action: remove the other sources")
        out.append(Breach("cofinancing-counterpart", path, _(
            "co-financing: the counterparts bring {share} of action {code} ({counterpart} of {cost}); the "
            "program's rules ask for at least {min}").format(
                share=_pct(100 * counterpart / cost), code=code, counterpart=money(counterpart), cost=money(cost),
                min=_pct(rules.min_counterpart_share)), advice))
    if rules.min_counterpart_cash is not None and action.budget_lines and counterpart > _CENT:
        cash = sum(b.amount for b in action.budget_lines if b.source in COUNTERPART and b.kind == "cash")
        need = counterpart * rules.min_counterpart_cash / 100
        if need - cash > _CENT:
            out.append(Breach("cofinancing-cash", path, _(
                "co-financing: {share} of the counterpart of action {code} is cash ({cash} of {counterpart}); the "
                "program's rules ask for at least {min}").format(
                    share=_pct(100 * cash / counterpart), code=code, cash=money(cash), counterpart=money(counterpart),
                    min=_pct(rules.min_counterpart_cash)),
                _("bring at least {more} more of the counterpart in cash instead of in kind").format(
                    more=at_least(need - cash))))
    if rules.eligible_categories:
        eligible = set(rules.eligible_categories)
        names = ", ".join(label(EXPENSE_CATEGORIES, c).lower() for c in rules.eligible_categories)
        for j, line in enumerate(action.budget_lines):
            if line.source == "program" and line.category not in eligible and line.amount > 0:
                out.append(Breach("cofinancing-category", ("actions", index, "budget_lines", j), _(
                    "co-financing: the program pays {amount} for {category} in {year} in action {code}, which the "
                    "program does not finance (eligible: {eligible})").format(
                        amount=money(line.amount), category=label(EXPENSE_CATEGORIES, line.category).lower(),
                        year=line.year, code=code, eligible=names),
                    _(BREACH_CHECKS["cofinancing-category"])))
    return out


def breaches(plan: Plan) -> list[Breach]:
    """Every co-financing breach of the plan, action by action (none without rules)."""
    rules = plan.program.cofinancing if plan.program is not None else None
    if rules is None:
        return []
    return [b for i, a in enumerate(plan.actions) for b in action_breaches(a, i, rules)]


# --- totals --------------------------------------------------------------------------------------------------

@dataclass
class Totals:
    """The financing plan of one currency: amounts by (year, source), by category, by source and kind."""

    currency: str
    by_year_source: dict[tuple[int, str], float] = field(default_factory=dict)
    by_category: dict[str, float] = field(default_factory=dict)
    by_source_kind: dict[tuple[str, str], float] = field(default_factory=dict)

    @property
    def years(self) -> list[int]:
        return sorted({y for y, _s in self.by_year_source})

    @property
    def total(self) -> float:
        return sum(self.by_year_source.values())


def totals(plan: Plan) -> list[Totals]:
    """The plan's financing plan totalled from the budget lines, one `Totals` per currency (the plan's first)."""
    out: dict[str, Totals] = {}
    for action in plan.actions:
        _add_lines(out.setdefault(action.currency, Totals(action.currency)), action)
    ordered = sorted(out.values(), key=lambda t: (t.currency != plan.currency, t.currency))
    return [t for t in ordered if t.by_year_source]


def action_totals(action: Action) -> Totals:
    """One action's financing plan totalled from its budget lines (its project profile's budget)."""
    return _add_lines(Totals(action.currency), action)


def _add_lines(t: Totals, action: Action) -> Totals:
    for line in action.budget_lines:
        key = (line.year, line.source)
        t.by_year_source[key] = t.by_year_source.get(key, 0.0) + line.amount
        t.by_category[line.category] = t.by_category.get(line.category, 0.0) + line.amount
        sk = (line.source, line.kind)
        t.by_source_kind[sk] = t.by_source_kind.get(sk, 0.0) + line.amount
    return t


def line_label(line: BudgetLine) -> str:
    """A budget line as people name it: ``2027 · Training · Program · cash``."""
    return " · ".join((str(line.year), label(EXPENSE_CATEGORIES, line.category), label(FUNDING_SOURCES, line.source),
                       label(FUNDING_KINDS, line.kind)))
