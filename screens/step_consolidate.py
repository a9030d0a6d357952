"""The consolidate step: exactly what closing the session adds to the plan, with the rows that cannot
become records listed (never dropped silently); F10 or Enter closes the session and applies it."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Static

from facilitator.engine import sessions
from facilitator.engine.consolidate import Consolidation
from facilitator.i18n import N_, _, ngettext
from facilitator.screens.step_base import StepView


def _votes(n: int) -> str:
    return " (" + ngettext("{n} vote", "{n} votes", n).format(n=n) + ")" if n else ""


def preview_lines(change: Consolidation) -> list[tuple[str, list[str]]]:
    """(heading, lines) for each part of the plan a consolidation fills."""
    out: list[tuple[str, list[str]]] = []
    if change.findings:
        out.append((_("Findings"), [f"{f.code} [{_(str(f.kind))}] {f.text}" + _votes(f.votes)
                                    for f in change.findings]))
    if change.benchmarks:
        out.append((_("Benchmarks"), [f"{b.metric}: {b.value} {b.unit} / {b.reference} {b.reference_value}"
                                      for b in change.benchmarks]))
    for name, heading in (("vision", _("Vision")), ("mission", _("Mission"))):
        text = getattr(change, name)
        if text:
            lines = [text]
            consensus, dissent = change.consensus.get(name, (None, ""))
            if consensus:
                lines.append(_("consensus {n} of 5").format(n=consensus) + (f" · {dissent}" if dissent else ""))
            out.append((heading, lines))
    if change.vision_horizon is not None:
        out.append((_("Vision horizon"), [str(change.vision_horizon)]))
    if change.values:
        out.append((_("Values"), list(change.values)))
    if change.lines:
        out.append((_("Strategic lines"), [f"{line.code} {line.title}" for line in change.lines]))
    if change.objectives:
        out.append((_("Objectives"), [f"{o.code} {o.title}" for o in change.objectives]))
    if change.indicators:
        out.append((_("Indicators"), [f"{i.code} {i.name}" for i in change.indicators]))
    if change.actions:
        out.append((_("Actions"), [f"{a.code} {a.title}" for a in change.actions]))
    if change.governance:
        out.append((_("Governance"), [f"{key}: {value}" for key, value in change.governance.items()]))
    return out


def preview_text(change: Consolidation) -> Text:
    out = Text(end="")
    parts = preview_lines(change)
    if not parts:
        out.append(_("Nothing to add to the plan from this session (yet)."), style="italic")
    for heading, rows in parts:
        out.append(f"{heading} ({len(rows)})\n", style="bold underline")
        for row in rows:
            out.append(f"  + {row}\n")
    if change.skipped:
        out.append(_("Not added (fix them in the session, or they stay only in the minutes):") + "\n",
                   style="bold")
        for row in change.skipped:
            out.append(f"  ! {row}\n")
    out.rstrip()
    return out


class ConsolidateView(StepView):
    """The consolidation preview of the session as it stands."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "screen.close_session", N_("Close and apply"), id="consolidate.apply",
                tooltip=N_("Close the session and move this into the plan (asks first)")),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="consolidate", can_focus=True):
            yield Static(_("What goes into the plan when the session closes (F10 or Enter):"), classes="hint")
            yield Static(id="consolidate-preview")

    def on_mount(self) -> None:
        self.refresh_view()

    def initial_focus(self) -> Widget | None:
        return self.query_one("#consolidate")

    def change(self) -> Consolidation:
        return sessions.close_preview(self.ctx.state.store, self.ctx.handle, self.ctx.kit)

    def room_lines(self) -> list[str]:
        return [row for _heading, rows in preview_lines(self.change()) for row in rows]

    def refresh_view(self) -> None:
        if self.children:
            self.query_one("#consolidate-preview", Static).update(preview_text(self.change()))
