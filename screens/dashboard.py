"""The dashboard: the cluster profile, every plan section with its completeness, the sessions, the checks.

At start-up the dashboard is drawn before its plan is open (`DashboardScreen(opening=folder)`): the boxes
and the list of sections at once, the plan's content when the app hands it over (`show_plan`).
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from facilitator.i18n import _, ngettext
from facilitator.screens.base import PlanScreen
from facilitator.screens.overview import SECTIONS, STATUS_LABEL, STATUS_MARK, Status, number, quantity, summarize
from facilitator.screens.state import PlanState
from facilitator.screens.widgets import Column, Fitting, Footer, ReadOnlyBanner, RecordTable, Row, literal


class DashboardScreen(PlanScreen):
    """The home screen of an open plan (or of the plan being opened at start-up)."""

    CSS_PATH = "dashboard.tcss"
    AUTO_FOCUS = "#sections"

    def __init__(self, state: PlanState | None = None, *, opening: Path | None = None) -> None:
        """``state``: the open plan; or None and ``opening``: the folder the app is opening in a worker."""
        if state is None:
            # No state yet: `state` is set by show_plan(); until then nothing here reads it (plan_is_open).
            Screen.__init__(self)
        else:
            super().__init__(state)
        self.opening = opening if state is None else None
        """The folder being opened, until the app calls show_plan() or opening_failed()."""
        self._open = state is not None

    def plan_is_open(self) -> bool:
        return self._open

    def show_plan(self, state: PlanState) -> None:
        """The plan this dashboard was drawn for is open: fill the boxes and follow its changes."""
        self.state = state
        self._open = True
        self.opening = None
        self.follow_plan()

    def opening_failed(self) -> None:
        """The plan could not be opened (the app shows why on the error screen above this one)."""
        self.sub_title = _("cannot open")
        self.query_one("#profile", Static).update(Text(_("This plan could not be opened.") + "\n", style="bold"))
        self.query_one("#section-note", Static).update(Text(_("Press p to pick or create another plan.")))

    def compose_top(self) -> ComposeResult:
        if self._open:
            yield from super().compose_top()
            return
        yield Header(icon="≡")
        yield ReadOnlyBanner(None, read_only=False)  # follow_plan() shows it if another window holds the plan

    def compose(self) -> ComposeResult:
        yield from self.compose_top()
        with Horizontal(id="top"):
            yield Static(id="profile")
            yield RecordTable([Column("", 1), Column(_("Section"), 12), Column(_("Holds"), 5),
                               Column(_("Status"))], id="sections")
        yield Static(id="section-note")
        yield Static(id="checks")
        yield RecordTable([Column(_("Date"), 10), Column(_("Workshop")), Column(_("Status"), 7, fit=True),
                           Column(_("Ideas"), 5, "right"), Column(_("People"), 6, "right")], id="sessions")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        # PlanScreen.on_mount runs after this one (Textual calls the handler of each class), so it is not
        # called here: calling it too drew everything twice and subscribed twice to the plan's changes.
        self.query_one("#profile").border_title = _("Profile")
        self.query_one("#sections").border_title = _("Plan sections")
        self.query_one("#sessions").border_title = _("Sessions")
        if not self._open:
            self._show_opening()

    def _show_opening(self) -> None:
        """The frame while the plan is read: which folder, and the sections it will list."""
        self.sub_title = _("opening…")
        where = Text(_("Opening the plan…") + "\n", style="bold", end="")
        where.append(str(self.opening or ""))
        where.no_wrap = True
        where.overflow = "ellipsis"
        self.query_one("#profile", Static).update(where)
        self.query_one("#sections", RecordTable).set_rows(
            [Row([literal(key, "bold"), _(label), "", "…"]) for _sid, key, label in SECTIONS])
        self.query_one("#sessions", RecordTable).set_rows([])  # its column headings

    def refresh_view(self) -> None:
        self.query_one("#profile", Static).update(self._profile())
        self.query_one("#sections", RecordTable).set_rows(self._section_rows())
        self.query_one("#sessions", RecordTable).set_rows(self._session_rows())
        self.query_one("#checks", Static).update(self._checks())

    # --- content -----------------------------------------------------------------------------------------

    def _profile(self) -> Text:
        plan = self.state.plan
        c = plan.cluster
        out = Text(end="")
        out.append(c.name + "\n", style="bold")
        for value in (c.territory, c.sector):
            if value:
                out.append(value + "\n")
        out.append(_("Kind: {kind}").format(kind=_(str(c.kind))) + "\n", style="italic")
        if plan.program is not None and plan.program.name:
            out.append(_("Program: {name}").format(name=plan.program.name) + "\n")
        for f in c.figures:
            year = f" ({f.year})" if f.year else ""
            out.append("• ", style="bold")
            out.append(f"{quantity(f.value, f.unit, plan.language)}{year} — {f.name}\n")
        out.rstrip()
        # One line per item, cut with an ellipsis: more of the profile fits in the box.
        out.no_wrap = True
        out.overflow = "ellipsis"
        return out

    def _section_rows(self) -> list[Row]:
        rows = []
        for s in summarize(self.state.plan, self.state.sessions):
            # A partial section says what is missing (short); the note line below has the full story.
            label = f"{STATUS_MARK[s.status]} {_(STATUS_LABEL[s.status])}"
            status = Fitting((f"{STATUS_MARK[s.status]} {s.note}", label)) if s.status == Status.partial \
                and s.note else label  # the note whole where it fits, else "partial" (the line below tells)
            detail = Text.assemble((f"{s.label}: ", "bold"), s.note or _(STATUS_LABEL[s.status]),
                                   "  ", (_("— press {key} or Enter to open").format(key=s.key), "dim"))
            rows.append(Row([literal(s.key, "bold"), s.label, s.count, status], detail, key=s.section))
        return rows

    def _session_rows(self) -> list[Row]:
        rows = []
        lang = self.state.plan.language
        if not self.state.sessions:
            return [Row(["", _("No workshop held yet."), "", "", ""])]
        for summary in self.state.sessions:
            s = summary.session
            if s is None:
                problem = summary.problems[0].message if summary.problems else ""
                rows.append(Row(["?", summary.rel, _("broken"), "", ""], Text(problem), key=summary.rel))
                continue
            ideas = sum(1 for c in s.contributions if c.merged_into is None)
            rows.append(Row([s.date.isoformat(), f"{s.title}", _(str(s.status)), number(ideas, lang),
                             number(len(s.present()), lang)], key=s.id))
        return rows

    def _checks(self) -> Text:
        counts = self.state.counts()
        out = Text(_("Checks: "), style="bold", end="")
        if counts is None:
            out.append(_("running…"))
            return out
        errors, warnings, infos = counts
        if not (errors or warnings or infos):
            out.append(_("no problems found ✓"))
            return out
        parts: list[tuple[str, str]] = []
        if errors:
            parts.append((ngettext("{n} error", "{n} errors", errors).format(n=errors), "bold reverse"))
        if warnings:
            parts.append((ngettext("{n} warning", "{n} warnings", warnings).format(n=warnings), ""))
        if infos:
            parts.append((ngettext("{n} note", "{n} notes", infos).format(n=infos), ""))
        for i, part in enumerate(parts):
            if i:
                out.append(" · ")
            out.append(part[0], style=part[1])
        out.append(_(" — press c to see them"), style="dim")
        return out

    # --- events ----------------------------------------------------------------------------------------------

    @on(RecordTable.Highlighted, "#sections")
    def _section_note(self, event: RecordTable.Highlighted) -> None:
        if event.row is not None:
            self.query_one("#section-note", Static).update(event.row.detail)

    @on(DataTable.RowSelected, "#sections")
    async def _open_section(self, event: DataTable.RowSelected) -> None:
        if not self._open:
            return  # Enter while the plan is being opened: the sections are not there yet
        row = self.query_one("#sections", RecordTable).current()
        if row is not None and row.key:
            await self.app.run_action(("app", "section", (row.key,)))

    @on(DataTable.RowSelected, "#sessions")
    async def _open_session(self, event: DataTable.RowSelected) -> None:
        if not self._open:
            return
        row = self.query_one("#sessions", RecordTable).current()
        if row is not None and row.key:
            session = next((s.session for s in self.state.sessions if s.session and s.session.id == row.key), None)
            if session is not None and session.status != "closed":  # a running workshop: continue it
                await self.app.run_action(("app", "run_session", (row.key,)))
                return
            await self.app.run_action(("app", "section", ("sessions", row.key)))
