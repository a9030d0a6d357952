"""Governance of the plan: executing agency, council, the cluster's own body, cadence; the program; who
endorsed the plan (S edits it); revisions."""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from facilitator.editing import SINGLES
from facilitator.i18n import N_, _
from facilitator.screens.base import SectionScreen
from facilitator.screens.editable import EditsMixin
from facilitator.screens.widgets import Footer


class GovernanceScreen(EditsMixin, SectionScreen):
    """Who runs the plan, and its recorded revisions (monitoring and evaluation); Enter edits it."""

    AUTO_FOCUS = "#page"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "edit_record", N_("Edit"), id="edit.record",
                tooltip=N_("Edit the executing agency, council, cluster body and cadence")),
        Binding("S", "edit_endorsement", N_("Endorsement"), id="edit.endorsement",
                tooltip=N_("Edit who endorsed the plan: the session, the date and the signatories")),
        Binding("ctrl+z", "undo", N_("Undo"), show=False, id="edit.undo",
                tooltip=N_("Undo the last edit, delete or move made in this run of the app")),
    ]

    def action_edit_record(self) -> None:
        self.edit_single("governance")

    def action_edit_endorsement(self) -> None:
        self.edit_single("endorsement", tuple(
            replace(spec, choices=lambda _plan: self.session_choices()) if spec.name == "session" else spec
            for spec in SINGLES["endorsement"][2]))

    def session_choices(self) -> list[tuple[str, str]]:
        """The plan's sessions, latest first, as the endorsement's session field offers them."""
        found = sorted((s.session for s in self.state.sessions if s.session is not None),
                       key=lambda s: s.date, reverse=True)
        return [(f"{s.date.isoformat()}  {s.title[:60]}", s.id) for s in found]

    def compose(self) -> ComposeResult:
        yield from self.compose_top()
        with VerticalScroll(id="page", classes="page"):
            yield Static(id="governance-text")
        yield Footer(compact=True)

    def refresh_view(self) -> None:
        self.query_one("#governance-text", Static).update(self.page())

    def page(self) -> Text:
        plan = self.state.plan
        g = plan.governance
        out = Text(end="")

        def heading(title: str) -> None:
            if out.plain:
                out.append("\n\n")
            out.append(title + "\n", style="bold underline")

        def field(label: str, value: str) -> None:
            out.append(f"{label}: ", style="bold")
            if value:
                out.append(value + "\n")
            else:
                out.append(_("(not set)") + "\n", style="dim")

        heading(_("Governance"))
        field(_("Executing agency"), g.executing_agency)
        field(_("Cluster body"), g.cluster_body)
        field(_("Meeting cadence"), g.meeting_cadence)
        out.append(_("Public-private council") + ":\n", style="bold")
        if g.council:
            out.append("\n".join(f"  • {member}" for member in g.council) + "\n")
        else:
            out.append("  " + _("(no members yet)") + "\n", style="dim")
        if g.description:
            out.append("\n" + g.description.strip() + "\n")
        heading(_("Program"))
        p = plan.program
        field(_("Program"), p.name if p else "")
        field(_("Executing agency"), p.executing_agency if p else "")
        field(_("Funder"), p.funder if p else "")
        heading(_("Endorsement"))
        e = plan.endorsement
        if not e.recorded():
            out.append(_("(not endorsed yet: S records who approved the plan)") + "\n", style="dim")
        else:
            session = next((s.session for s in self.state.sessions
                            if s.session is not None and s.session.id == e.session), None)
            field(_("Endorsed by"), e.body or g.cluster_body or plan.cluster.name)
            field(_("Session"), f"{session.date.isoformat()}  {session.title}" if session else (e.session or ""))
            field(_("Date"), e.date.isoformat() if e.date else "")
            if e.note:
                field(_("Note"), e.note)
            out.append(_("Signatories") + ":\n", style="bold")
            if e.signatories:
                out.append("\n".join("  • " + ", ".join(x for x in (s.name, s.role, s.organization) if x)
                                      for s in e.signatories) + "\n")
            else:
                out.append("  " + _("(nobody yet)") + "\n", style="dim")
        heading(_("Revisions of the plan"))
        if not plan.revisions:
            out.append(_("(no revision recorded yet)"), style="dim")
        for r in sorted(plan.revisions, key=lambda r: r.number, reverse=True):
            out.append(f"r{r.number}  {r.date.isoformat()}  ", style="bold")
            out.append((r.summary or "") + "\n")
        out.rstrip()
        return out
