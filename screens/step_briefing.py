"""The briefing step: the prompt in large type and what the room needs to see while it is read — the
cluster's key figures for a diagnosis, and the items carried over from earlier sessions."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Static

from facilitator.i18n import _
from facilitator.screens.overview import number
from facilitator.screens.step_base import StepView

FIGURE_KITS = frozenset({"joint-diagnosis", "benchmarking", "review"})
"""Kits whose briefing presents the profile's key figures."""


class BriefingView(StepView):
    """Read the prompt to the room; show the figures it talks about."""

    SHOWS_PROMPT = True


    def compose(self) -> ComposeResult:
        with VerticalScroll(id="briefing", can_focus=True):
            yield Static(id="briefing-prompt")
            yield Static(id="briefing-figures")
            yield Static(id="briefing-carried")

    def on_mount(self) -> None:
        self.refresh_view()

    def initial_focus(self) -> Widget | None:
        return self.query_one("#briefing")

    def figures(self) -> list[str]:
        if self.ctx.kit.id not in FIGURE_KITS:
            return []
        out = []
        for f in self.ctx.plan.cluster.figures:
            year = f" ({f.year})" if f.year else ""
            source = f" — {f.source}" if f.source else ""
            out.append(f"{number(f.value)} {f.unit}{year}: {f.name}{source}".replace("  ", " "))
        return out

    def carried(self) -> list[str]:
        return [d.text for d in self.ctx.session.decisions if d.carried_from and not d.resolved]

    def room_lines(self) -> list[str]:
        return self.figures() or self.carried()

    def refresh_view(self) -> None:
        if not self.children:  # not composed yet (is_mounted turns True only after on_mount)
            return
        self.query_one("#briefing-prompt", Static).update(Text(self.ctx.text(self.step), style="bold"))
        figures = Text(end="")
        rows = self.figures()
        if rows:
            figures.append(_("Key figures of the cluster") + "\n", style="bold underline")
            for row in rows:
                figures.append("• " + row + "\n")
        self.query_one("#briefing-figures", Static).update(figures)
        carried = Text(end="")
        items = self.carried()
        if items:
            carried.append(_("Carried over from earlier sessions") + "\n", style="bold underline")
            for item in items:
                carried.append("• " + item + "\n")
        self.query_one("#briefing-carried", Static).update(carried)
