"""The dashboard: the cluster profile, every plan section with its completeness, the sessions, the checks."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import DataTable, Static

from facilitator.i18n import _, ngettext
from facilitator.screens.base import PlanScreen
from facilitator.screens.overview import STATUS_LABEL, STATUS_MARK, Status, number, summarize
from facilitator.screens.widgets import Column, Footer, RecordTable, Row, literal


class DashboardScreen(PlanScreen):
    """The home screen of an open plan."""

    CSS_PATH = "dashboard.tcss"
    AUTO_FOCUS = "#sections"

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
        super().on_mount()
        self.query_one("#profile").border_title = _("Profile")
        self.query_one("#sections").border_title = _("Plan sections")
        self.query_one("#sessions").border_title = _("Sessions")

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
            out.append(f"{number(f.value)} {f.unit}{year} — {f.name}\n")
        out.rstrip()
        # One line per item, cut with an ellipsis: more of the profile fits in the box.
        out.no_wrap = True
        out.overflow = "ellipsis"
        return out

    def _section_rows(self) -> list[Row]:
        rows = []
        for s in summarize(self.state.plan, self.state.sessions):
            # A partial section says what is missing (short); the note line below has the full story.
            shown = s.note if s.status == Status.partial and s.note else _(STATUS_LABEL[s.status])
            status = f"{STATUS_MARK[s.status]} {shown}"
            detail = Text.assemble((f"{s.label}: ", "bold"), s.note or _(STATUS_LABEL[s.status]),
                                   "  ", (_("— press {key} or Enter to open").format(key=s.key), "dim"))
            rows.append(Row([literal(s.key, "bold"), s.label, s.count, status], detail, key=s.section))
        return rows

    def _session_rows(self) -> list[Row]:
        rows = []
        if not self.state.sessions:
            return [Row(["", _("No workshop held yet."), "", "", ""])]
        for summary in self.state.sessions:
            s = summary.session
            if s is None:
                problem = summary.problems[0].message if summary.problems else ""
                rows.append(Row(["?", summary.rel, _("broken"), "", ""], Text(problem), key=summary.rel))
                continue
            ideas = sum(1 for c in s.contributions if c.merged_into is None)
            rows.append(Row([s.date.isoformat(), f"{s.title}", _(str(s.status)), number(ideas),
                             number(len(s.present()))], key=s.id))
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
        row = self.query_one("#sections", RecordTable).current()
        if row is not None and row.key:
            await self.app.run_action(("app", "section", (row.key,)))

    @on(DataTable.RowSelected, "#sessions")
    async def _open_session(self, event: DataTable.RowSelected) -> None:
        row = self.query_one("#sessions", RecordTable).current()
        if row is not None and row.key:
            session = next((s.session for s in self.state.sessions if s.session and s.session.id == row.key), None)
            if session is not None and session.status != "closed":  # a running workshop: continue it
                await self.app.run_action(("app", "run_session", (row.key,)))
                return
            await self.app.run_action(("app", "section", ("sessions", row.key)))
