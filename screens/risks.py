"""The risk matrix: one row per risk with its likelihood, impact, score and level, the action it threatens
and who watches it; the summary counts the risks by level and the high ones still without a mitigation."""

from __future__ import annotations

from collections import Counter

from rich.text import Text

from facilitator import risks as rk
from facilitator.i18n import _, ngettext
from facilitator.screens.editable import EditableTable
from facilitator.screens.widgets import Column, Row, lines, right

LEVEL_STYLE = {"high": "bold reverse", "medium": "bold", "low": ""}


class RisksScreen(EditableTable):
    """The plan's risks in plan order; Enter edits one, + adds one (R1, R2…)."""

    KIND = "risk"

    def columns(self) -> list[Column]:
        return [Column(_("Code"), 5), Column(_("Risk"), weight=3), Column(_("L"), 2, "right"),
                Column(_("I"), 2, "right"), Column(_("Level"), 7, fit=True), Column(_("Action"), 7),
                Column(_("Owner"), weight=1)]

    def summary(self) -> Text:
        plan_risks = self.state.plan.risks
        text = ngettext("{n} risk", "{n} risks", len(plan_risks)).format(n=len(plan_risks))
        counts = Counter(rk.level(r) for r in plan_risks)
        parts = [f"{_(rk.LEVELS[k])} {counts[k]}" for k in ("high", "medium", "low") if counts[k]]
        if counts[None]:
            parts.append(_("not rated {n}").format(n=counts[None]))
        if parts:
            text += " (" + ", ".join(parts) + ")"
        open_high = sum(1 for r in plan_risks if rk.level(r) == "high" and not r.mitigation.strip())
        if open_high:
            text += " · " + ngettext("{n} high risk without mitigation", "{n} high risks without mitigation",
                                     open_high).format(n=open_high)
        return Text(text)

    def empty_text(self) -> str:
        return _("No risks yet: press + to add what could go wrong, how likely and how bad (1 to 5).")

    def rows(self) -> list[Row]:
        actions = {a.id: a for a in self.state.plan.actions}
        out = []
        for r in self.state.plan.risks:
            level = rk.level(r)
            action = actions.get(r.action or "")
            score = rk.score(r)
            detail = lines(Text(r.risk, style="bold"),
                           (_("Likelihood × impact"), f"{r.likelihood} × {r.impact} = {score}" if score else ""),
                           (_("Mitigation"), r.mitigation), (_("Owner"), r.owner),
                           (_("Threatened action"), f"{action.code} {action.title}" if action else r.action or ""))
            level_cell = Text(_(rk.LEVELS[level]), style=LEVEL_STYLE[level]) if level else Text("–")
            out.append(Row([r.code, r.risk.replace("\n", " "), right(r.likelihood or "–"), right(r.impact or "–"),
                            level_cell, action.code if action else "", r.owner], detail, key=r.code, data=r))
        return out
