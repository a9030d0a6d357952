"""The stakeholders: the people and organisations of the cluster, with their kind, segment and role."""

from __future__ import annotations

from collections import Counter

from rich.text import Text

from facilitator.i18n import _, ngettext
from facilitator.screens.editable import EditableTable
from facilitator.screens.widgets import Column, Row, lines, right


class StakeholdersScreen(EditableTable):
    """One row per stakeholder; the summary counts them by kind."""

    KIND = "stakeholder"

    def columns(self) -> list[Column]:
        return [Column(_("Name"), weight=2), Column(_("Organization"), weight=2), Column(_("Kind"), 11, fit=True),
                Column(_("Segment"), weight=1), Column(_("Infl./int."), 10, "right", fit=True)]

    def summary(self) -> Text:
        people = self.state.plan.stakeholders
        text = ngettext("{n} stakeholder", "{n} stakeholders", len(people)).format(n=len(people))
        counts = Counter(str(s.kind) for s in people)
        if counts:
            text += " (" + ", ".join(f"{_(k)} {v}" for k, v in counts.most_common()) + ")"
        return Text(text)

    def empty_text(self) -> str:
        return _("No stakeholders yet: press + to add the people and organisations of the cluster.")

    def rows(self) -> list[Row]:
        out = []
        for s in self.state.plan.stakeholders:
            detail = lines(Text(s.name, style="bold"), (_("Organization"), s.organization),
                           (_("Kind"), _(s.kind)), (_("Segment"), s.segment),
                           (_("Firm size"), _(s.size) if s.size else ""), (_("Role"), s.role),
                           (_("Email"), s.email), (_("Influence (1-5)"), s.influence),
                           (_("Interest (1-5)"), s.interest))
            scores = f"{s.influence or '–'}/{s.interest or '–'}" if s.influence or s.interest else ""
            out.append(Row([s.name, s.organization, _(s.kind), s.segment, right(scores)], detail, key=s.id,
                           data=s))
        return out
