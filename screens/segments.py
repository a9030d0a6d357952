"""The value chain: its segments by stage, the segments each supplies, and how many stakeholders each holds
(the value-chain map of the profile; F3 in the profile)."""

from __future__ import annotations

from rich.text import Text

from facilitator import maps
from facilitator.i18n import _, ngettext
from facilitator.screens.editable import EditableTable
from facilitator.screens.widgets import Column, Row, lines, right


class SegmentsScreen(EditableTable):
    """One row per segment in plan order; Enter edits one, + adds one, Alt+↑/↓ orders them."""

    KIND = "segment"

    def columns(self) -> list[Column]:
        return [Column(_("Stage"), 5, "right", fit=True), Column(_("Segment"), weight=2), Column(_("Supplies"), weight=2),
                Column(_("Stakeholders"), 12, "right", fit=True)]

    def summary(self) -> Text:
        plan = self.state.plan
        chain = maps.value_chain(plan)
        n = len(plan.cluster.segments)
        text = ngettext("{n} segment", "{n} segments", n).format(n=n)
        if chain.unmatched:
            text += " · " + ngettext("{n} stakeholder segment names none of them: {names}",
                                     "{n} stakeholder segments name none of them: {names}",
                                     len(chain.unmatched)).format(n=len(chain.unmatched),
                                                                  names=", ".join(chain.unmatched))
        return Text(text)

    def empty_text(self) -> str:
        return _("No value-chain segments yet: press + to add one (the PDF draws the stakeholders' segments "
                 "until then).")

    def rows(self) -> list[Row]:
        plan = self.state.plan
        chain = maps.value_chain(plan)
        name = maps.segment_names(plan)
        out = []
        for s in plan.cluster.segments:
            supplies = ", ".join(name(ref) for ref in s.links)
            stage = _("support") if s.support else str(s.stage)
            count = chain.counts.get(s.id, 0)
            detail = lines(Text(s.name, style="bold"), (_("Stage"), stage), (_("Supplies"), supplies),
                           (_("Stakeholders"), count))
            out.append(Row([right(stage), s.name, supplies, right(count)], detail, key=s.id, data=s))
        return out
