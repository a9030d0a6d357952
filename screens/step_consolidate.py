"""The consolidate step: exactly what closing the session adds to the plan, with the rows that cannot
become records listed (never dropped silently); F10 or Enter closes the session and applies it. ``g`` makes
a group of the group step one finding (its notes its sources) instead of one finding per note."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Static

from facilitator.engine import grouping, sessions, voting
from facilitator.engine.capture import EngineError, notes_of
from facilitator.engine.consolidate import Consolidation
from facilitator.i18n import N_, _, format_number, format_quantity, ngettext
from facilitator.model import Contribution, Group
from facilitator.screens.step_base import StepView
from facilitator.screens.step_parts import PickScreen


def _votes(n: int) -> str:
    return " (" + ngettext("{n} vote", "{n} votes", n).format(n=n) + ")" if n else ""


def _from_group(change: Consolidation, finding_id: str, sources: list[str]) -> str:
    if finding_id not in change.groups:
        return ""
    return " · " + ngettext("a group of {n} note", "a group of {n} notes", len(sources)).format(n=len(sources))


def preview_lines(change: Consolidation, lang: str) -> list[tuple[str, list[str]]]:
    """(heading, lines) for each part of the plan a consolidation fills (numbers in the plan's language
    ``lang``, as the plan's views show them)."""
    out: list[tuple[str, list[str]]] = []
    if change.findings:
        out.append((_("Findings"), [f"{f.code} [{_(str(f.kind))}] {f.text}" + _from_group(change, f.id, f.sources)
                                    + _votes(f.votes) for f in change.findings]))
    if change.benchmarks:
        out.append((_("Benchmarks"), [f"{b.metric}: {format_quantity(b.value, b.unit, lang)} / {b.reference} "
                                      f"{format_number(b.reference_value, lang)}"
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
    if change.summary:
        out.append((_("Executive summary"), [change.summary]))
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
    if change.risks:
        out.append((_("Risks"), [f"{r.code} {r.risk}" + (f" ({r.likelihood} × {r.impact})" if r.likelihood and r.impact
                                                          else "") for r in change.risks]))
    if change.governance:
        out.append((_("Governance"), [f"{key}: {value}" for key, value in change.governance.items()]))
    if change.ties:
        out.append((_("Network ties, wave {wave}").format(wave=change.ties[0].wave), list(change.tie_lines)))
    return out


def preview_text(change: Consolidation, lang: str) -> Text:
    out = Text(end="")
    parts = preview_lines(change, lang)
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
        Binding("g", "group_finding", N_("Group as finding"), id="consolidate.group",
                tooltip=N_("Make a group one finding (its notes its sources), or back to one finding per note")),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="consolidate", can_focus=True):
            yield Static(_("What goes into the plan when the session closes (F10 or Enter):"), classes="hint")
            yield Static(id="consolidate-groups", classes="hint")
            yield Static(id="consolidate-preview")

    def on_mount(self) -> None:
        self.refresh_view()

    def initial_focus(self) -> Widget | None:
        return self.query_one("#consolidate")

    def change(self) -> Consolidation:
        return sessions.close_preview(self.ctx.state.store, self.ctx.handle, self.ctx.kit)

    def room_lines(self) -> list[str]:
        return [row for _heading, rows in preview_lines(self.change(), self.ctx.lang) for row in rows]

    def refresh_view(self) -> None:
        if self.children:
            self.query_one("#consolidate-preview", Static).update(preview_text(self.change(), self.ctx.lang))
            groups = [] if self._voted_on_groups() else self.groups()  # a vote on groups made them findings
            hint = self.query_one("#consolidate-groups", Static)
            hint.display = bool(groups)
            hint.update(ngettext("g: make the group of the group step one finding ({n} group)",
                                 "g: make a group of the group step one finding ({n} groups)",
                                 len(groups)).format(n=len(groups)))

    def groups(self) -> list[Group]:
        """The groups with notes that a findings step of this kit consolidates (they can become findings)."""
        notes = self._finding_notes()
        return [g for g in self.ctx.session.groups if any(n.group == g.id for n in notes)]

    def _finding_notes(self) -> list[Contribution]:
        steps = [i for step in self.ctx.kit.steps if step.kind == "consolidate" and step.into == "findings"
                 for i in step.inputs()]
        return notes_of(self.ctx.session, steps)

    def _voted_on_groups(self) -> bool:
        steps = [i for step in self.ctx.kit.steps if step.kind == "consolidate" and step.into == "findings"
                 for i in step.inputs()]
        return voting.on_groups(self.ctx.session, steps)

    def action_group_finding(self) -> None:
        if self._voted_on_groups():
            self.notify(_("the vote was taken on groups: each voted group is already one finding"), markup=False)
            return
        groups = self.groups()
        if not groups:
            self.notify(_("no group of these notes yet: group them in the group step (PageUp)"),
                        severity="warning", markup=False)
            return
        notes = self._finding_notes()
        options = []
        for number, group in enumerate(groups, start=1):
            count = sum(1 for n in notes if n.group == group.id)
            label = Text("✓ " if group.finding else "  ", style="bold").append(f"{number}. ").append(group.label)
            label.append("  " + ngettext("({n} note)", "({n} notes)", count).format(n=count), style="italic")
            options.append((group.id, label))

        def picked(group_id: str | None) -> None:
            group = next((g for g in groups if g.id == group_id), None)
            if group is None:
                return
            try:
                grouping.set_finding(self.ctx.session, group.id, not group.finding)
            except EngineError as err:
                self.notify(str(err), severity="warning", markup=False)
                return
            self.ctx.changed()
            self.refresh_view()
            message = (_("“{label}” is one finding, its notes its sources.") if group.finding
                       else _("“{label}” is back to one finding per note."))
            self.notify(message.format(label=group.label), markup=False)

        title = _("Which group becomes one finding, its notes its sources? (✓: it is one; choose it again "
                  "for one finding per note)")
        self.app.push_screen(PickScreen(title, options), picked)
