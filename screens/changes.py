"""What changed since a revision (key ``d``), and recording a revision (key ``R``).

`ChangesScreen` shows the report of `facilitator.diff` between a history snapshot, chosen in a list
(the last revision by default), and the plan as it is now; deleted words are struck through in red and
inserted words underlined in green, and a change that wraps continues indented under its own text
(`HangingReport`). `RevisionDialog` asks for a one-line summary and records the
revision through the store, which writes the snapshot.
"""

from __future__ import annotations

from typing import ClassVar

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text
from textual import on
from textual.app import ComposeResult, CSSPathType
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from facilitator import diff as changes
from facilitator.i18n import N_, _, format_date
from facilitator.model import Plan
from facilitator.paths import history_file
from facilitator.problems import PlanError
from facilitator.screens.base import SectionScreen
from facilitator.screens.messages import PlanSaved
from facilitator.screens.state import PlanState
from facilitator.screens.widgets import Footer

STYLES = {
    "del": "red strike", "ins": "green underline", "heading": "bold underline", "count": "bold",
    changes.ADDED: "bold green", changes.REMOVED: "bold red", changes.CHANGED: "bold yellow", "dim": "dim",
}
"""Report piece style → Rich style; deletions and insertions differ by more than colour (strike, underline)."""


def report_text(lines: list[list[changes.Piece]]) -> Text:
    out = Text(end="")
    for i, line in enumerate(lines):
        if i:
            out.append("\n")
        for piece in line:
            out.append(piece.text, style=STYLES.get(piece.style, ""))
    return out


MARKS = (changes.ADDED, changes.REMOVED, changes.CHANGED)


def _split(line: list[changes.Piece]) -> tuple[Text, Text, int]:
    """(lead, body, indent of the wrapped lines) of a report line: a record's lead is its indent and mark
    (``  ~ ``) and a field's its indent, and its wrapped lines start under the text, past them; any other
    line (a revision, a count) continues two columns further in than it starts."""
    lead, body = Text(end=""), Text(end="")
    pieces = list(line)
    if pieces and (pieces[0].style in MARKS or not pieces[0].text.strip()):
        first = pieces.pop(0)
        lead.append(first.text, style=STYLES.get(first.style, ""))
        indent = lead.cell_len
    else:
        text = pieces[0].text if pieces else ""
        indent = len(text) - len(text.lstrip(" ")) + 2
    for piece in pieces:
        body.append(piece.text, style=STYLES.get(piece.style, ""))
    return lead, body, indent


class HangingReport:
    """The change report with hanging indents: a change that wraps continues under its own text, so each
    record reads as one block under its mark (Rich wraps a plain `Text` back to the left edge)."""

    def __init__(self, lines: list[list[changes.Piece]]) -> None:
        self.lines = [_split(line) for line in lines]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        # Ends with a newline: Textual sizes a widget by the newlines of its render, so a report without
        # one was a line short and its last line (the last change) was cut off.
        out = Text(end="\n")
        for n, (lead, body, indent) in enumerate(self.lines):
            if n:
                out.append("\n")
            line = Text(end="")
            line.append_text(lead)
            line.append_text(body)
            line.plain = line.plain.replace("\n", " ")  # same length: the styles stay where they were
            indent = min(indent, width // 3)  # a narrow screen keeps room for the text
            wrapped = line.wrap(console, width, overflow="fold")
            if not wrapped:
                continue
            head = wrapped[0]
            rest = line[len(head.plain):]
            rest = rest[len(rest.plain) - len(rest.plain.lstrip(" ")):]
            head.rstrip()
            out.append_text(head)
            if not rest.plain:
                continue
            for part in rest.wrap(console, max(width - indent, 1), overflow="fold"):
                part.rstrip()
                out.append("\n" + " " * indent)
                out.append_text(part)
        yield from console.render(out, options.update(no_wrap=True, overflow="fold"))

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(1, options.max_width)


class ChangesScreen(SectionScreen):
    """The change report since a chosen revision; ``v`` chooses the revision, the arrows scroll."""

    CSS_PATH = "changes.tcss"
    AUTO_FOCUS = "#page"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("v", "choose_from", N_("From revision"), id="changes.from",
                tooltip=N_("Choose the revision to compare the plan with")),
    ]

    def __init__(self, state: PlanState, *, section: str = "changes", start_at: str | None = None) -> None:
        super().__init__(state, section=section, start_at=start_at)
        self.from_revision: int | None = None
        self._cached: tuple[tuple[int, int] | None, Plan] | None = None
        if start_at is not None and start_at.lstrip("rR").isdigit():
            self.from_revision = int(start_at.lstrip("rR"))

    def compose(self) -> ComposeResult:
        yield from self.compose_top()
        with Horizontal(id="changes-from"):
            yield Label(_("Changes since"), id="from-label")
            yield Select[int]([], id="from", allow_blank=True, compact=True, prompt=_("no revision yet"))
        with VerticalScroll(id="page", classes="page"):
            yield Static(id="report")
        yield Footer(compact=True)

    def _options(self) -> list[tuple[str, int]]:
        plan = self.state.plan
        by_number = {r.number: r for r in plan.revisions}
        options = []
        for n in reversed(changes.snapshots(self.state.folder)):
            rev = by_number.get(n)
            if rev is None:
                options.append((f"r{n}", n))
                continue
            label = f"r{n} · {format_date(rev.date, plan.language, 'medium')}"
            if rev.summary:
                label += " · " + (rev.summary if len(rev.summary) <= 60 else rev.summary[:59] + "…")
            options.append((label, n))
        return options

    def refresh_view(self) -> None:
        select = self.query_one("#from", Select)
        options = self._options()
        numbers = [n for _label, n in options]
        if self.from_revision not in numbers:
            last = self.state.plan.revision
            self.from_revision = last if last in numbers else (numbers[0] if numbers else None)
        with select.prevent(Select.Changed):
            select.set_options(options)
            if self.from_revision is not None:
                select.value = self.from_revision
        select.disabled = not options
        self.query_one("#report", Static).update(self.shown())

    def lines(self) -> list[list[changes.Piece]] | Text:
        """The report from the chosen revision to the plan as it is now (in memory, saved or not), or a
        message when there is nothing to compare with."""
        if self.from_revision is None:
            return Text(_("No revision recorded yet. Press R to record one: later changes are compared with "
                          "its snapshot in history/."), style="dim")
        folder = self.state.folder
        try:
            old = self._snapshot(self.from_revision)
        except PlanError as err:
            return Text("\n".join(str(p) for p in err.problems), style="bold")
        new = self.state.plan
        diff = changes.diff_versions(folder, self.from_revision, None, old, new)
        units, currencies = changes.plan_units(old, new)
        return changes.report(diff, units, currencies)

    def _snapshot(self, number: int) -> Plan:
        """The snapshot's plan, read again only when its file changed (the view redraws on every save)."""
        path = history_file(self.state.folder, number)
        try:
            stamp = (number, path.stat().st_mtime_ns)
        except OSError:
            stamp = None
        if stamp is None or self._cached is None or self._cached[0] != stamp:
            self._cached = (stamp, changes.load_revision(self.state.folder, number))
        return self._cached[1]

    def report(self) -> Text:
        """The report as one styled text (without the hanging indents of the view)."""
        lines = self.lines()
        return lines if isinstance(lines, Text) else report_text(lines)

    def shown(self) -> Text | HangingReport:
        """What the view shows: the report with its wrapped lines indented under each change."""
        lines = self.lines()
        return lines if isinstance(lines, Text) else HangingReport(lines)

    def text(self) -> str:
        """The report as plain text with the ``[-…-]``/``{+…+}`` marks (what the CLI prints)."""
        lines = self.lines()
        return lines.plain if isinstance(lines, Text) else "\n".join(changes.plain_text(ln) for ln in lines)

    @on(Select.Changed, "#from")
    def _from_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, int) and event.value != self.from_revision:
            self.from_revision = event.value
            self.query_one("#report", Static).update(self.shown())
            self.query_one("#page", VerticalScroll).scroll_home(animate=False)

    def action_choose_from(self) -> None:
        select = self.query_one("#from", Select)
        if not select.disabled:
            select.focus()
            select.expanded = True


class RevisionDialog(ModalScreen[int | None]):
    """Record a revision: a one-line summary, then the store writes plan.toml and its snapshot.

    Returns the new revision's number, or None when cancelled."""

    CSS_PATH: ClassVar[CSSPathType | None] = ["dialogs.tcss", "changes.tcss"]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", N_("Cancel"), id="revision.cancel", tooltip=N_("Close without recording")),
    ]

    def __init__(self, state: PlanState) -> None:
        super().__init__()
        self.state = state

    def compose(self) -> ComposeResult:
        number = self.state.plan.revision + 1
        with Vertical(classes="dialog", id="revision"):
            yield Static(_("Record revision {n}").format(n=number), classes="title")
            yield Static(_("The plan as it is now becomes revision {n}, dated today; a copy is kept in "
                           "history/plan-r{n}.toml, and later changes can be compared with it (key d).").format(
                               n=number), classes="question")
            yield Input(placeholder=_("What this revision holds, in one line"), id="summary", max_length=500)
            yield Static(id="revision-error", classes="field-error")
            with Horizontal(classes="buttons"):
                yield Button(_("Record"), id="record", variant="primary", compact=True)
                yield Button(_("Cancel"), id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#summary", Input).focus()

    def _error(self, message: str) -> None:
        error = self.query_one("#revision-error", Static)
        error.update(Text(message))
        error.add_class("-shown")

    def has_unsaved_changes(self) -> bool:
        """A summary is typed but the revision not recorded (`HoldsUnsavedChanges`)."""
        return bool(self.query_one("#summary", Input).value.strip())

    @on(Input.Submitted, "#summary")
    @on(Button.Pressed, "#record")
    def record(self) -> None:
        summary = " ".join(self.query_one("#summary", Input).value.split())
        if not summary:
            self._error(_("Type a one-line summary of what this revision holds."))
            self.query_one("#summary", Input).focus()
            return
        try:
            revision = self.state.store.record_revision(summary)
        except PlanError as err:
            self._error("\n".join(p.message for p in err.problems[:3]))
            return
        self.app.notify(_("Revision {n} recorded: history/plan-r{n}.toml").format(n=revision.number), timeout=6,
                        markup=False)
        self.post_message(PlanSaved())
        self.dismiss(revision.number)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
