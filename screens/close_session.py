"""Closing a session: a summary (notes, attendance, time), exactly what goes into the plan, then confirm —
the outputs move into plan.toml, a plan revision is recorded with its history snapshot, and the open
parking-lot items wait for the next session (which carries them over when it starts)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from facilitator.engine import agenda, attendance, clock, sessions
from facilitator.i18n import N_, _, ngettext
from facilitator.problems import PlanError
from facilitator.screens.step_base import RunnerContext
from facilitator.screens.step_consolidate import preview_text


class CloseSessionScreen(ModalScreen[bool]):
    """Confirm the close of the running session; returns True once it is closed."""

    CSS_PATH = "runner.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,ctrl+s", "confirm", N_("Close the session"), id="close.confirm"),
        Binding("n,escape", "cancel", N_("Not yet"), id="close.cancel"),
    ]

    def __init__(self, ctx: RunnerContext) -> None:
        super().__init__()
        self.ctx = ctx

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="close-dialog"):
            yield Static(_("Close the session"), classes="title")
            with VerticalScroll(id="close-body"):
                yield Static(self.summary())
                yield Static(preview_text(sessions.close_preview(self.ctx.state.store, self.ctx.handle,
                                                                 self.ctx.kit), self.ctx.lang))
            yield Static(id="close-error", classes="field-error")
            with Horizontal(classes="buttons"):
                yield Button(_("Close and apply (y)"), id="close-yes", variant="primary", compact=True)
                yield Button(_("Not yet (n)"), id="close-no", compact=True)

    def on_mount(self) -> None:
        self.query_one("#close-body").focus()

    def summary(self) -> Text:
        session, kit, plan = self.ctx.session, self.ctx.kit, self.ctx.plan
        notes = sum(1 for c in session.contributions if c.merged_into is None)
        rep = attendance.representativeness(session, plan)
        rows = agenda.agenda(session, kit)
        done = sum(1 for r in rows if r.started is not None)
        first = min((r.started for r in rows if r.started), default=None)
        minutes = round((clock.now() - first).total_seconds() / 60) if first else 0
        parked = sum(1 for d in session.decisions if d.kind == "parking_lot" and not d.resolved)
        out = Text(end="")
        out.append(f"{session.title} — {session.date.isoformat()}\n", style="bold")
        out.append(ngettext("{n} note", "{n} notes", notes).format(n=notes) + " · ")
        out.append(_("{present} present of {invited} invited").format(present=rep.present, invited=rep.invited))
        if rep.by_kind:
            out.append(" (" + ", ".join(f"{_(k)} {n}" for k, n in sorted(rep.by_kind.items())) + ")")
        out.append("\n" + _("{done} of {steps} steps run in {minutes} min (planned {planned} min)").format(
            done=done, steps=len(rows), minutes=minutes, planned=sum(r.planned_minutes for r in rows)))
        if parked:
            out.append("\n" + ngettext("{n} parking-lot item goes to the next session",
                                       "{n} parking-lot items go to the next session", parked).format(n=parked))
        out.append("\n\n" + _("Goes into the plan as revision {n}:").format(n=plan.revision + 1) + "\n",
                   style="bold")
        return out

    @on(Button.Pressed, "#close-yes")
    def _yes(self) -> None:
        self.action_confirm()

    @on(Button.Pressed, "#close-no")
    def _no(self) -> None:
        self.dismiss(False)

    def action_confirm(self) -> None:
        try:
            sessions.close(self.ctx.state.store, self.ctx.handle, self.ctx.kit, at=clock.now())
        except PlanError as err:
            error = self.query_one("#close-error", Static)
            error.update(Text(_("Not closed: {reason}").format(reason="; ".join(p.message for p in err.problems))))
            error.add_class("-shown")
            return
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
