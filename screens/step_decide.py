"""The decision log: decisions, action items (owner, due date) and the parking lot.

`DecisionDialog` logs an item one key away from any step (ctrl+d in the runner) and edits one (its kind
included: a parked item that became a decision). `DecisionLog` lists everything logged in the session
with the keys to add, edit, reclassify, delete (undo brings it back) and resolve; it is the decide step's
view (`DecideView`) and, from any other step, the runner's log screen (`DecisionLogScreen`, ctrl+l).
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
from facilitator.screens.widgets import Footer, MarkedRadioButton

KINDS: tuple[tuple[str, str], ...] = (
    (DecisionKind.decision.value, N_("Decision")),
    (DecisionKind.action_item.value, N_("Action item")),
    (DecisionKind.parking_lot.value, N_("Parking lot")),
)


def kind_label(kind: str) -> str:
    return _(dict(KINDS).get(kind, kind))


class DecisionDialog(ModalScreen[bool]):
    """Log one item, or edit ``item`` (text, kind, owner, due); returns True when it was saved."""

    CSS_PATH = "runner.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", N_("Cancel"), id="decision.cancel"),
        Binding("f2", "kind(0)", N_("Decision"), id="decision.kind-decision", priority=True),
        Binding("f3", "kind(1)", N_("Action item"), id="decision.kind-action", priority=True),
        Binding("f4", "kind(2)", N_("Parking lot"), id="decision.kind-parking", priority=True),
    ]

    def __init__(self, ctx: RunnerContext, step: str | None, kind: str | None = None,
                 item: Decision | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.step = step
        self.item = item
        self.kind = item.kind if item else kind or DecisionKind.decision.value  # what ctrl+d says in the footer

    def compose(self) -> ComposeResult:
        item = self.item
        title = (_("Edit the item (F2 decision · F3 action item · F4 parking lot)") if item else
                 _("Log an item (F2 decision · F3 action item · F4 parking lot)"))
        with Vertical(classes="dialog", id="decision-dialog"):
            yield Static(title, classes="title")
            with RadioSet(id="decision-kind"):
                for value, label in KINDS:
                    yield MarkedRadioButton(_(label), value=value == self.kind, name=value)
            yield Input(item.text if item else "", placeholder=_("What was decided, or parked"), id="decision-text",
                        select_on_focus=False)  # an edit adds to the words; one key must not wipe them
            with Horizontal(classes="decision-row"):
                yield Input(item.owner if item else "", placeholder=_("Owner (who)"), id="decision-owner")
                yield Input(item.due.isoformat() if item and item.due else "", placeholder=_("Due YYYY-MM-DD"),
                            id="decision-due")
            yield Static(id="decision-error", classes="field-error")
            yield Static(_("Enter saves it · Escape cancels") if item else _("Enter records it · Escape cancels"),
                         classes="hint")

    def on_mount(self) -> None:
        self.query_one("#decision-text", Input).focus()
        self._start = self._values()

    def _values(self) -> tuple[str, ...]:
        return (self.kind, *(w.value.strip() for w in self.query(Input)))

    def has_unsaved_changes(self) -> bool:
        """Text typed and not saved yet (`HoldsUnsavedChanges`: Ctrl+Q asks before dropping it)."""
        if self.item is not None:
            return self._values() != getattr(self, "_start", self._values())
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
            if self.item is not None:
                decisions.edit(self.ctx.session, self.item.id, self.kind, text, owner=owner, due=due)
            else:
                decisions.add(self.ctx.session, self.kind, text, step=self.step, owner=owner, due=due)
        except EngineError as err:
            error.update(Text(str(err)))
            error.add_class("-shown")
            return
        self.ctx.changed()
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)


class DecisionLog(Vertical):
    """Everything logged in this session, by kind, with the keys to add, edit, delete and resolve."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("d", "add('decision')", N_("Decision"), id="decide.decision"),
        Binding("a", "add('action_item')", N_("Action item"), id="decide.action"),
        Binding("p", "add('parking_lot')", N_("Parking lot"), id="decide.parking"),
        Binding("e", "edit", N_("Edit"), id="decide.edit",
                tooltip=N_("Edit the selected item: its words, owner, due date or kind")),
        Binding("x,delete", "delete", N_("Delete"), id="decide.delete",
                tooltip=N_("Delete the selected item (u brings it back)")),
        Binding("u", "undo", N_("Undo"), id="decide.undo", tooltip=N_("Bring back the last deleted item")),
        Binding("space,r", "resolve", N_("Resolve"), id="decide.resolve",
                tooltip=N_("Mark the selected item resolved (or open again)")),
    ]

    def __init__(self, ctx: RunnerContext, step: str | None, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.ctx = ctx
        self.step = step
        """The step new items are logged at (None: the session as a whole)."""
        self.deleted: list[tuple[int, Decision]] = []

    def compose(self) -> ComposeResult:
        yield Static(_("d decision · a action item · p parking lot · e edit · x delete · space resolves"),
                     classes="hint")
        yield OptionList(id="decide-items")

    def on_mount(self) -> None:
        self.refresh_view()

    @property
    def options(self) -> OptionList:
        return self.query_one("#decide-items", OptionList)

    def items(self) -> list[Decision]:
        return list(self.ctx.session.decisions)

    def refresh_view(self) -> None:
        if not self.children:  # not composed yet (is_mounted turns True only after on_mount)
            return
        items = self.options
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
        if items.highlighted is None or items.get_option_at_index(items.highlighted).disabled:
            first = next((i for i in range(items.option_count) if not items.get_option_at_index(i).disabled), None)
            items.highlighted = first

    def selected(self) -> Decision | None:
        items = self.options
        if items.highlighted is None:
            return None
        item_id = items.get_option_at_index(items.highlighted).id
        return next((d for d in self.items() if d.id == item_id), None)

    def select(self, item_id: str) -> None:
        items = self.options
        for i in range(items.option_count):
            if items.get_option_at_index(i).id == item_id:
                items.highlighted = i

    def _open(self, dialog: DecisionDialog, item_id: str | None = None) -> None:
        def done(_saved: bool | None) -> None:
            self.refresh_view()
            if item_id:
                self.select(item_id)
            self.options.focus()

        self.app.push_screen(dialog, done)

    def action_add(self, kind: str) -> None:
        self._open(DecisionDialog(self.ctx, self.step, kind))

    @on(OptionList.OptionSelected, "#decide-items")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_edit()  # Enter on an item edits it, as in every list of the app

    def action_edit(self) -> None:
        item = self.selected()
        if item is not None:
            self._open(DecisionDialog(self.ctx, item.step, item=item), item.id)

    def action_delete(self) -> None:
        item = self.selected()
        if item is None:
            return
        deleted = decisions.delete(self.ctx.session, item.id)
        if not self.ctx.changed():
            decisions.restore(self.ctx.session, *deleted)  # not written: the log stays as on disk
            return
        self.deleted.append(deleted)
        self.refresh_view()
        self.notify(_("Deleted “{text}” (u brings it back)").format(text=item.text), timeout=4, markup=False)

    def action_undo(self) -> None:
        if not self.deleted:
            return
        index, item = self.deleted.pop()
        decisions.restore(self.ctx.session, index, item)
        if not self.ctx.changed():
            decisions.delete(self.ctx.session, item.id)
            self.deleted.append((index, item))
            return
        self.refresh_view()
        self.select(item.id)

    def action_resolve(self) -> None:
        item = self.selected()
        if item is None:
            return
        if engine_call(self, lambda: decisions.resolve(self.ctx.session, item.id, not item.resolved)):
            self.ctx.changed()
            self.refresh_view()


class DecisionLogScreen(ModalScreen[None]):
    """The session's log from any step (ctrl+l in the runner): the same list and keys as the decide step."""

    CSS_PATH = "runner.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", N_("Close"), id="decision-log.close")]

    def __init__(self, ctx: RunnerContext, step: str | None) -> None:
        super().__init__()
        self.ctx = ctx
        self.step = step

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="decision-log-dialog"):
            yield Static(_("Decisions, action items and parking lot of this session"), classes="title")
            yield DecisionLog(self.ctx, self.step)
            yield Footer()

    def on_mount(self) -> None:
        log = self.query_one(DecisionLog)
        if self.ctx.session.decisions:  # the item just logged, the one most likely to need a fix
            log.select(self.ctx.session.decisions[-1].id)
        log.options.focus()

    def action_close(self) -> None:
        self.dismiss(None)


class DecideView(StepView):
    """The decide step: everything logged in this session (`DecisionLog`)."""

    def compose(self) -> ComposeResult:
        yield DecisionLog(self.ctx, self.step.id)

    def initial_focus(self) -> Widget | None:
        return self.query_one(DecisionLog).options

    def items(self) -> list[Decision]:
        return list(self.ctx.session.decisions)

    def room_lines(self) -> list[str]:
        return [f"{kind_label(d.kind)}: {d.text}" + (f" ({d.owner})" if d.owner else "")
                for d in self.items() if not d.resolved]

    def refresh_view(self) -> None:
        for log in self.query(DecisionLog):
            log.refresh_view()
