"""The strategy: vision with its horizon, mission and values as text, and the strategic lines as a table.

V edits the vision, mission, values and the executive summary's narrative in one form; the lines are
records (Enter edits, + adds, Delete deletes, [ and ] move), each showing its objectives below the table.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from facilitator.i18n import N_, _, ngettext
from facilitator.screens.editable import EditableTable
from facilitator.screens.widgets import Column, Footer, RecordTable, Row, lines


class StrategyScreen(EditableTable):
    """The statements on top (they scroll), the strategic lines below."""

    KIND = "line"
    AUTO_FOCUS = "#records"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("v", "edit_statements", N_("Vision…"), id="edit.statements",
                tooltip=N_("Edit the vision, mission, values and executive summary")),
    ]

    def compose(self) -> ComposeResult:
        yield from self.compose_top()
        with VerticalScroll(id="page", classes="page strategy-page"):
            yield Static(id="strategy-text")
        yield Static(id="summary", classes="summary")
        yield RecordTable(self.columns(), id="records")
        yield Static(id="detail", classes="detail")
        yield Footer(compact=True)

    def columns(self) -> list[Column]:
        return [Column(_("Code"), 5), Column(_("Strategic line")), Column(_("Objectives"), 20)]

    def refresh_view(self) -> None:
        self.query_one("#strategy-text", Static).update(self.page())
        super().refresh_view()

    def summary(self) -> Text:
        n = len(self.state.plan.strategy.lines)
        return Text(ngettext("{n} strategic line", "{n} strategic lines", n).format(n=n) + " · " + _(
            "v edits the vision, mission and values"))

    def empty_text(self) -> str:
        return _("No strategic lines yet: press + to add one.")

    def rows(self) -> list[Row]:
        plan = self.state.plan
        out = []
        for line in plan.strategy.lines:
            objectives = [o for o in plan.objectives if o.line == line.id]
            detail = lines(Text(f"{line.code}  {line.title}", style="bold"), line.description.strip() or None,
                           *[Text(f"   {o.code}  {o.title}") for o in objectives])
            if not objectives:
                detail.append("\n   " + _("no objective in this line yet"), style="dim")
            out.append(Row([line.code, line.title, ", ".join(o.code for o in objectives)], detail, key=line.code,
                           data=line))
        return out

    def action_edit_statements(self) -> None:
        self.edit_single("strategy")

    def page(self) -> Text:
        s = self.state.plan.strategy
        out = Text(end="")

        def heading(title: str) -> None:
            if out.plain:
                out.append("\n\n")
            out.append(title + "\n", style="bold underline")

        def consensus(level: int | None, dissent: str) -> None:
            if level:
                out.append("\n" + _("Adopted with consensus {n} of 5").format(n=level), style="dim")
            if dissent:
                out.append("\n" + _("Dissent: {text}").format(text=dissent), style="dim")

        heading(_("Vision") + (f" {s.vision_horizon}" if s.vision_horizon else ""))
        out.append(s.vision or _("(not adopted yet)"), style="" if s.vision else "dim")
        consensus(s.vision_consensus, s.vision_dissent)
        heading(_("Mission"))
        out.append(s.mission or _("(not adopted yet)"), style="" if s.mission else "dim")
        consensus(s.mission_consensus, s.mission_dissent)
        heading(_("Values"))
        if s.values:
            out.append("\n".join(f"• {v}" for v in s.values))
        else:
            out.append(_("(none yet)"), style="dim")
        heading(_("Executive summary"))
        out.append(s.summary.strip() or _("(not written yet)"), style="" if s.summary.strip() else "dim")
        out.rstrip()
        return out
