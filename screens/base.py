"""Base screens: `PlanScreen` (any screen of an open plan) and `TableScreen` (a section shown as a table).

A plan screen carries the section keys and the plan actions in its bindings (so they show in the
footer), the read-only banner, and redraws itself when the plan changes (`PlanState.changed`).
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Header, Static

from facilitator.i18n import N_, _
from facilitator.screens.commands import GENERAL_COMMANDS, PLAN_COMMANDS, SECTION_COMMANDS, bindings
from facilitator.screens.state import PlanState
from facilitator.screens.widgets import Column, Footer, ReadOnlyBanner, RecordTable, Row


def unfollow(screen: Screen[Any], state: PlanState | None) -> None:
    """Stop redrawing ``screen`` on plan changes, as it goes away. Textual's Signal drops a subscriber only at
    its next publish, and until then keeps it whole: every form closed without a save stayed in memory,
    15,000 objects each, for the collector to scan again and again."""
    if state is not None:
        state.changed.unsubscribe(screen)
    drop_closed_watchers(screen.app)


def drop_closed_watchers(app: object) -> None:
    """Forget the watchers of widgets that have closed. Textual keeps a widget that watches one of the app's
    reactives (every Header watches the title, every TextArea the theme) until that reactive next changes,
    which in this app is never: each form opened and closed left its header and text areas behind, about
    1,400 objects. Textual 8.2 keeps them in the app's ``__watchers``; if a later version does not, this
    does nothing."""
    for watchers in getattr(app, "__watchers", {}).values():
        watchers[:] = [(node, callback) for node, callback in watchers if not getattr(node, "_closing", False)]


class PlanScreen(Screen[None]):
    """A screen that shows the open plan."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(SECTION_COMMANDS, PLAN_COMMANDS, GENERAL_COMMANDS)

    def __init__(self, state: PlanState) -> None:
        super().__init__()
        self.state = state

    def compose_top(self) -> ComposeResult:
        yield Header(icon="≡")
        yield ReadOnlyBanner(self.state.store.holder, self.state.read_only, self.state.store.unwritable)

    def on_mount(self) -> None:
        if self.plan_is_open():
            self.follow_plan()

    def plan_is_open(self) -> bool:
        """Whether `state` is there; only the dashboard drawn at start-up waits for it (see DashboardScreen)."""
        return True

    def follow_plan(self) -> None:
        """Show `state`, and redraw whenever it changes."""
        self.sub_title = self.state.plan.cluster.name
        self.state.changed.subscribe(self, self._plan_changed)
        self._show_banner()
        self.refresh_view()

    def on_unmount(self) -> None:
        unfollow(self, getattr(self, "state", None))

    def _plan_changed(self, reason: str) -> None:
        self.sub_title = self.state.plan.cluster.name
        self._show_banner()
        self.refresh_view()

    def _show_banner(self) -> None:
        for banner in self.query(ReadOnlyBanner):
            banner.show(self.state.store.holder, self.state.read_only, self.state.store.unwritable)

    def refresh_view(self) -> None:
        """Fill the widgets from `self.state` (called on mount and after every change of the plan)."""


class SectionScreen(PlanScreen):
    """A view of one section of the plan; Escape goes back to the dashboard."""

    # The footer of a section view has room for Back but not for every plan action: edit and export stay
    # on their keys (and in the palette and help) without a footer entry.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", N_("Back"), id="nav.back", tooltip=N_("Back to the dashboard")),
        *bindings(PLAN_COMMANDS, hide=("plan.profile", "plan.export")),
    ]
    start_at: str | None
    """The record to put the cursor on when the view opens (id, code or file)."""

    def __init__(self, state: PlanState, *, section: str = "", start_at: str | None = None) -> None:
        super().__init__(state)
        self.section = section
        self.start_at = start_at

    def action_back(self) -> None:
        self.dismiss()


class TableScreen(SectionScreen):
    """A section shown as a table of records, a summary line above and the highlighted record below."""

    COLUMNS: ClassVar[list[Column]] = []
    DEFAULT_CLASSES = "table-screen"

    def compose(self) -> ComposeResult:
        yield from self.compose_top()
        yield Static(id="summary", classes="summary")
        yield RecordTable(self.columns(), id="records")
        yield Static(id="detail", classes="detail")
        yield Footer(compact=True)

    def columns(self) -> list[Column]:
        return self.COLUMNS

    def rows(self) -> list[Row]:
        return []

    def summary(self) -> Text:
        return Text("")

    def empty_text(self) -> str:
        return _("Nothing recorded in this section yet.")

    def refresh_view(self) -> None:
        rows = self.rows()
        self.query_one("#summary", Static).update(self.summary())
        table = self.query_one(RecordTable)
        table.set_rows(rows)
        if self.start_at is not None:
            table.select_key(self.start_at)
            self.start_at = None
        elif table.cursor_row == 0 and len(rows) > 1 and rows[0].label_only:
            table.move_cursor(row=1, animate=False)  # start on the first record, not on a group heading
        if not rows:
            self.query_one("#detail", Static).update(Text(self.empty_text()))

    @on(RecordTable.Highlighted)
    def _show_detail(self, event: RecordTable.Highlighted) -> None:
        if event.row is not None:
            detail = event.row.detail
            self.detail = detail if isinstance(detail, Text) else Text(detail)
            self._fit_detail()

    detail: Text | None = None
    """The highlighted record's whole detail (the pane shows what fits)."""
    DETAIL_MORE: ClassVar[str] = N_("the window is too short for the rest")
    """What the detail pane's last line says when the record does not fit (a screen whose Enter opens the
    record says that)."""

    def _fit_detail(self) -> None:
        """The highlighted record's detail in the lines the pane has; when it needs more, its last line says
        so (the pane does not take the keys: a cut there would be silent)."""
        if self.detail is None:
            return
        pane = self.query_one("#detail", Static)
        width, height = pane.content_region.width, pane.content_region.height
        if not width or not height:
            pane.update(self.detail)
            self.call_after_refresh(self._fit_detail)  # once the pane has its size
            return
        lines = self.detail.wrap(self.app.console, width)
        if len(lines) <= height:
            pane.update(self.detail)
            return
        kept = list(lines[: height - 1])
        more = Text("… " + _(self.DETAIL_MORE), style="dim italic", no_wrap=True, overflow="ellipsis")
        pane.update(Text("\n", end="").join([*kept, more]))

    def on_resize(self) -> None:
        self.call_after_refresh(self._fit_detail)
