"""The value chain: its segments by stage, the segments each supplies, and how many stakeholders each holds
(the value-chain map of the profile; F3 in the profile)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType

from facilitator import maps
from facilitator.editing import write
from facilitator.i18n import N_, _, ngettext
from facilitator.screens.editable import EditableTable
from facilitator.screens.widgets import Column, Row, lines, right


class SegmentsScreen(EditableTable):
    """One row per segment in plan order; Enter edits one, + adds one, Alt+↑/↓ orders them."""

    KIND = "segment"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("u", "from_stakeholders", N_("From stakeholders"), id="segments.from-stakeholders",
                tooltip=N_("Add a segment for each stakeholder segment the chain does not have yet")),
    ]

    def action_from_stakeholders(self) -> None:
        """One segment per stakeholder segment text the chain lacks (stage 1, institutions as supporting);
        Ctrl+Z takes them away again."""
        if not self.writable():
            return
        added = maps.segments_from_stakeholders(self.state.plan)
        if not added:
            self.notify(_("Every stakeholder segment is already in the value chain."), timeout=4)
            return
        records = [*self.state.plan.cluster.segments, *added]
        message = _("The segments taken from the stakeholders were removed again.")
        if self.attempt(lambda: write(self.state, lambda p: p.cluster, "segments", records, message, added[0].id)):
            self.notify(ngettext("{n} segment added from the stakeholders: give each its stage and links.",
                                 "{n} segments added from the stakeholders: give each its stage and links.",
                                 len(added)).format(n=len(added)), timeout=5)
            self.select(added[0].id)

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
        return _("No value-chain segments yet: press u to take them from the stakeholders' segments, or + to "
                 "add one (the PDF draws the stakeholders' segments until then).")

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
