"""The strategy: vision with its horizon, mission, values and the strategic lines with their objectives."""

from __future__ import annotations

from facilitator.screens.base import SectionScreen
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Footer, Static

from facilitator.i18n import _


class StrategyScreen(SectionScreen):
    """A readable page (scroll with the arrow keys), not a table: these are statements."""

    AUTO_FOCUS = "#page"

    def compose(self) -> ComposeResult:
        yield from self.compose_top()
        with VerticalScroll(id="page", classes="page"):
            yield Static(id="strategy-text")
        yield Footer(compact=True)

    def refresh_view(self) -> None:
        self.query_one("#strategy-text", Static).update(self.page())

    def page(self) -> Text:
        plan = self.state.plan
        s = plan.strategy
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
        heading(_("Strategic lines"))
        if not s.lines:
            out.append(_("(none yet)"), style="dim")
        for i, line in enumerate(s.lines):
            if i:
                out.append("\n")
            out.append(f"{line.code}  {line.title}\n", style="bold")
            if line.description:
                out.append(line.description.strip() + "\n")
            objectives = [o for o in plan.objectives if o.line == line.id]
            for o in objectives:
                out.append(f"   {o.code}  {o.title}\n")
            if not objectives:
                out.append("   " + _("no objective in this line yet") + "\n", style="dim")
        out.rstrip()
        return out
