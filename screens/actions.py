"""The action plan: projects and activities with dates, status, lead, budget and financing plan, and the
budget total."""

from __future__ import annotations

from rich.text import Text

from facilitator.i18n import _, ngettext
from facilitator.labels import FUNDING_KINDS, label
from facilitator.model import Action
from facilitator.screens.editable import EditableTable
from facilitator.screens.overview import budget, budget_totals, money, number, percent, period, status_counts
from facilitator.screens.widgets import Column, Row, lines, right


def _financing(action: Action, lang: str) -> str:
    """The action's budget lines in one line: the amount of each year, then cash and in kind (numbers in the
    plan's language ``lang``)."""
    if not action.budget_lines:
        return ""
    years: dict[int, float] = {}
    kinds: dict[str, float] = {}
    for line in action.budget_lines:
        years[line.year] = years.get(line.year, 0.0) + line.amount
        kinds[line.kind] = kinds.get(line.kind, 0.0) + line.amount
    by_year = ", ".join(f"{year} {number(amount, lang)}" for year, amount in sorted(years.items()))
    by_kind = ", ".join(f"{label(FUNDING_KINDS, kind)} {number(kinds[kind], lang)}" for kind in ("cash", "in_kind")
                        if kind in kinds)
    return ngettext("{n} line", "{n} lines", len(action.budget_lines)).format(n=len(action.budget_lines)) + \
        f": {by_year}; {by_kind}"


def _beneficiaries(action: Action) -> str:
    """Who the action reaches, in one line: firms by size, then women and men."""
    b = action.beneficiaries
    if b is None or b.empty():
        return ""
    firms = [f"{_(size)} {n}" for size in ("micro", "small", "medium", "large") if (n := getattr(b, size))]
    people = [f"{label} {n}" for label, n in ((_("women"), b.women), (_("men"), b.men)) if n]
    parts = []
    if firms:
        parts.append(ngettext("{n} firm", "{n} firms", b.firms()).format(n=b.firms()) + f" ({', '.join(firms)})")
    if people:
        parts.append(ngettext("{n} person", "{n} people", b.people()).format(n=b.people()) + f" ({', '.join(people)})")
    return "; ".join(parts) or b.description


class ActionsScreen(EditableTable):
    """One row per action; the summary gives the count per status and the total budget."""

    KIND = "action"

    def columns(self) -> list[Column]:
        return [Column(_("Code"), 5), Column(_("Action")), Column(_("Status"), 9, fit=True),
                Column(_("Dates"), 17), Column(_("Budget"), 10, "right")]

    def summary(self) -> Text:
        actions = self.state.plan.actions
        counts = status_counts(actions)
        text = ngettext("{n} action", "{n} actions", len(actions)).format(n=len(actions))
        if counts:
            text += " (" + ", ".join(f"{_(k)} {v}" for k, v in sorted(counts.items())) + ")"
        text += " · " + _("budget {total}").format(total=money(budget_totals(actions), self.state.plan.language))
        return Text(text)

    def empty_text(self) -> str:
        return _("No actions yet: they come from the action plan workshop.")

    def rows(self) -> list[Row]:
        plan = self.state.plan
        codes = {o.id: o.code for o in plan.objectives}
        lang = plan.language
        findings = {f.id: f.code for f in plan.findings}
        indicators = {i.id: i.code for i in plan.indicators}
        out = []
        for a in plan.actions:
            funding = ", ".join(f"{_(f.source)} {number(f.amount, lang)}" for f in a.funding)
            detail = lines(
                Text(f"{a.code} {a.title}", style="bold"), a.description or None,
                (_("Kind"), _(a.kind)), (_("Status"), f"{_(a.status)}, {percent(a.progress / 100, lang)}"),
                (_("Priority"), _(a.priority)), (_("Dates"), period(a.start, a.end)),
                (_("Lead"), a.lead), (_("Partners"), ", ".join(a.partners)),
                (_("Budget"), f"{number(budget(a), lang)} {a.currency}" + (f" ({funding})" if funding else "")),
                (_("Financing plan"), _financing(a, lang)),
                (_("Objectives"), ", ".join(codes.get(o, o) for o in a.objectives)),
                (_("Project objective"), a.purpose),
                (_("Justifying findings"), ", ".join(findings.get(f, f) for f in a.findings)),
                (_("Activities"), "; ".join(x.title for x in a.activities)),
                (_("Beneficiaries"), _beneficiaries(a)),
                (_("Indicators"), ", ".join(indicators.get(i, i) for i in a.indicators)))
            out.append(Row([a.code, a.title, _(a.status), period(a.start, a.end, months=True), right(number(budget(a), lang))],
                           detail, key=a.code, data=a))
        return out
