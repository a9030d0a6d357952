"""The decision log: decisions, action items (owner, due date) and the parking lot.

`DecisionDialog` is one key away from any step (ctrl+d in the runner); `DecideView` is the decide step
itself, listing everything logged in the session, with resolve and the keys to add more.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, OptionList, RadioButton, RadioSet, Static
from textual.widgets.option_list import Option

from facilitator.dates import DateError, parse_date
from facilitator.engine import decisions
from facilitator.engine.capture import EngineError
from facilitator.i18n import N_, _
from facilitator.model import Decision, DecisionKind
from facilitator.screens.step_base import RunnerContext, StepView, engine_call
from facilitator.screens.widgets import MarkedRadioButton

KINDS: tuple[tuple[str, str], ...] = (
    (DecisionKind.decision.value, N_("Decision")),
    (DecisionKind.action_item.value, N_("Action item")),
    (DecisionKind.parking_lot.value, N_("Parking lot")),
)


def kind_label(kind: str) -> str:
    return _(dict(KINDS).get(kind, kind))


class DecisionDialog(ModalScreen[bool]):
    """Log one item; returns True when it was recorded and saved."""

    CSS_PATH = "runner.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", N_("Cancel"), id="decision.cancel"),
        Binding("f2", "kind(0)", N_("Decision"), id="decision.kind-decision", priority=True),
        Binding("f3", "kind(1)", N_("Action item"), id="decision.kind-action", priority=True),
        Binding("f4", "kind(2)", N_("Parking lot"), id="decision.kind-parking", priority=True),
    ]

    def __init__(self, ctx: RunnerContext, step: str | None, kind: str | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.step = step
        self.kind = kind or DecisionKind.decision.value  # what ctrl+d says in the footer

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="decision-dialog"):
            yield Static(_("Log an item (F2 decision · F3 action item · F4 parking lot)"), classes="title")
            with RadioSet(id="decision-kind"):
                for value, label in KINDS:
                    yield MarkedRadioButton(_(label), value=value == self.kind, name=value)
            yield Input(placeholder=_("What was decided, or parked"), id="decision-text")
            with Horizontal(classes="decision-row"):
                yield Input(placeholder=_("Owner (who)"), id="decision-owner")
                yield Input(placeholder=_("Due YYYY-MM-DD"), id="decision-due")
            yield Static(id="decision-error", classes="field-error")
            yield Static(_("Enter records it · Escape cancels"), classes="hint")

    def on_mount(self) -> None:
        self.query_one("#decision-text", Input).focus()

    def has_unsaved_changes(self) -> bool:
        """Text typed and not logged yet (`HoldsUnsavedChanges`: Ctrl+Q asks before dropping it)."""
        return any(w.value.strip() for w in self.query(Input))

    def action_kind(self, index: int) -> None:
        self.kind = KINDS[index][0]
        buttons = list(self.query(RadioButton))
        buttons[index].value = True

    @on(RadioSet.Changed, "#decision-kind")
    def _kind_changed(self, event: RadioSet.Changed) -> None:
        if event.pressed.name:
            self.kind = event.pressed.name

    @on(Input.Submitted)
    def _submit(self, event: Input.Submitted) -> None:
        event.stop()
        text = self.query_one("#decision-text", Input).value
        owner = self.query_one("#decision-owner", Input).value.strip()
        due_text = self.query_one("#decision-due", Input).value.strip()
        error = self.query_one("#decision-error", Static)
        due = None
        if due_text:
            try:
                due = parse_date(due_text)
            except DateError as err:
                error.update(str(err))
                error.add_class("-shown")
                self.query_one("#decision-due", Input).focus()
                return
        try:
            decisions.add(self.ctx.session, self.kind, text, step=self.step, owner=owner, due=due)
        except EngineError as err:
            error.update(Text(str(err)))
            error.add_class("-shown")
            return
        self.ctx.changed()
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)


class DecideView(StepView):
    """Everything logged in this session: decisions, action items, the parking lot."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("d", "add('decision')", N_("Decision"), id="decide.decision"),
        Binding("a", "add('action_item')", N_("Action item"), id="decide.action"),
        Binding("p", "add('parking_lot')", N_("Parking lot"), id="decide.parking"),
        Binding("space,r", "resolve", N_("Resolve"), id="decide.resolve",
                tooltip=N_("Mark the selected item resolved (or open again)")),
    ]

    def compose(self) -> ComposeResult:
        yield Static(_("d decision · a action item · p parking lot · space resolves the selected item"),
                     classes="hint")
        yield OptionList(id="decide-items")

    def on_mount(self) -> None:
        self.refresh_view()

    def initial_focus(self) -> Widget | None:
        return self.query_one("#decide-items", OptionList)

    def items(self) -> list[Decision]:
        return list(self.ctx.session.decisions)

    def room_lines(self) -> list[str]:
        return [f"{kind_label(d.kind)}: {d.text}" + (f" ({d.owner})" if d.owner else "")
                for d in self.items() if not d.resolved]

    def refresh_view(self) -> None:
        if not self.children:  # not composed yet (is_mounted turns True only after on_mount)
            return
        items = self.query_one("#decide-items", OptionList)
        highlighted = items.highlighted
        items.clear_options()
        names = {s.id: s.name for s in self.ctx.plan.stakeholders}
        for value, label in KINDS:
            group = [d for d in self.items() if d.kind == value]
            items.add_option(Option(Text(f"{_(label)} ({len(group)})", style="bold underline"), disabled=True))
            for d in group:
                line = Text("✓ " if d.resolved else "• ", style="bold")
                line.append(d.text, style="strike dim" if d.resolved else "")
                extra = [names.get(d.owner, d.owner) if d.owner else "", d.due.isoformat() if d.due else "",
                         _("carried over") if d.carried_from else ""]
                if any(extra):
                    line.append("  " + " · ".join(x for x in extra if x), style="dim")
                items.add_option(Option(line, id=d.id))
        if highlighted is not None and highlighted < items.option_count:
            items.highlighted = highlighted

    def action_add(self, kind: str) -> None:
        def done(_saved: bool | None) -> None:
            self.refresh_view()
            self.query_one("#decide-items", OptionList).focus()

        self.app.push_screen(DecisionDialog(self.ctx, self.step.id, kind), done)

    def action_resolve(self) -> None:
        items = self.query_one("#decide-items", OptionList)
        if items.highlighted is None:
            return
        item_id = items.get_option_at_index(items.highlighted).id
        item = next((d for d in self.items() if d.id == item_id), None)
        if item is None:
            return
        if engine_call(self, lambda: decisions.resolve(self.ctx.session, item.id, not item.resolved)):
            self.ctx.changed()
            self.refresh_view()
