"""The plan checks: every error, warning and note with its file and line, worst first, and what to do.

Live: the app re-runs the checks after every save and reload, and the list redraws when they finish
(the previous list stays on screen meanwhile, the cursor on the same problem). Enter on a problem opens
the view of the record concerned, positioned on it; Escape comes back to the list.
"""

from __future__ import annotations

import re

from rich.text import Text
from textual import on
from textual.widgets import DataTable

from facilitator import paths
from facilitator.i18n import N_, _, ngettext
from facilitator.problems import Level, Problem
from facilitator.screens.base import TableScreen
from facilitator.screens.state import PlanState
from facilitator.screens.widgets import Column, RecordTable, Row, lines, literal

LEVEL_STYLE = {Level.error: "bold reverse", Level.warning: "bold", Level.info: "italic"}
LEVEL_LABEL = {Level.error: N_("error"), Level.warning: N_("warning"), Level.info: N_("note")}

_TABLES = ("findings", "benchmarks", "objectives", "indicators", "actions", "risks")


def _identity(p: Problem) -> tuple[object, ...]:
    return (p.check, p.file, p.key, p.record)


def target_of(state: PlanState, p: Problem) -> tuple[str, str | None] | None:
    """The view that shows the record of ``p`` and the row to put the cursor on, or None when no view does.

    ``("profile", None)`` stands for the profile editor (the cluster and program tables).
    """
    if p.file.startswith(paths.SESSIONS_DIR + "/"):
        summary = next((s for s in state.sessions if s.rel == p.file), None)
        if summary is None:
            return None
        return "sessions", summary.session.id if summary.session is not None else summary.rel
    if p.file != paths.PLAN_FILE or not p.key:
        return None
    match = re.match(r"([a-z_]+)(?:\[(\d+)\])?", p.key)
    name, index = (match.group(1), match.group(2)) if match else ("", None)
    if name in _TABLES:
        records = getattr(state.plan, name)
        if index is not None and 0 < int(index) <= len(records):
            rec = records[int(index) - 1]
            return name, rec.id if name == "benchmarks" else rec.code
        return name, p.record
    if name == "strategy":
        return "strategy", None
    if name in ("governance", "revisions", "revision"):
        return "governance", None
    if name in ("cluster", "program"):
        return "profile", None
    return None


class ProblemsScreen(TableScreen):
    """Check results; the full message and advice of the highlighted one below. Updated when the checks re-run."""

    def __init__(self, state: PlanState, *, section: str = "", start_at: str | None = None) -> None:
        super().__init__(state, section=section, start_at=start_at)
        self._shown: list[Problem] = []

    def columns(self) -> list[Column]:
        return [Column(_("Level"), 7, fit=True), Column(_("Where"), 20), Column(_("Message"))]

    def summary(self) -> Text:
        counts = self.state.counts()
        if counts is None:
            return Text(_("Checking the plan…"))
        errors, warnings, infos = counts
        if not (errors or warnings or infos):
            return Text(_("No problems found ✓"))
        parts = [(errors, ngettext("{n} error", "{n} errors", errors)),
                 (warnings, ngettext("{n} warning", "{n} warnings", warnings)),
                 (infos, ngettext("{n} note", "{n} notes", infos))]
        text = " · ".join(text.format(n=n) for n, text in parts if n)
        return Text(text + "  —  " + _("Enter opens the record"))

    def empty_text(self) -> str:
        if self.state.problems is None:
            return _("The checks are running…")
        return _("The plan passes every check.")

    def refresh_view(self) -> None:
        table = self.query_one(RecordTable)
        current = table.current()
        keep = _identity(current.data) if current is not None and isinstance(current.data, Problem) else None
        if self.state.problems is not None:
            self._shown = list(self.state.problems)
        super().refresh_view()
        if keep is not None:
            for i, row in enumerate(table.records):
                if isinstance(row.data, Problem) and _identity(row.data) == keep:
                    table.move_cursor(row=i, animate=False)
                    break

    def rows(self) -> list[Row]:
        out = []
        for i, p in enumerate(self._shown):
            where = p.file if p.line is None else f"{p.file}:{p.line}"
            level = Level(p.level)
            detail = lines(Text(f"{_(LEVEL_LABEL[level])}: {where}", style="bold"), p.message,
                           (_("What to do"), p.advice), (_("Key"), p.key), (_("Concerns"), p.record),
                           (_("Check"), p.check))
            out.append(Row([literal(_(LEVEL_LABEL[level]), LEVEL_STYLE[level]), where, p.message], detail,
                           key=f"{i}:{p.check}", data=p))
        return out

    @on(DataTable.RowSelected)
    async def _open_record(self, event: DataTable.RowSelected) -> None:
        """Enter: the record concerned, in its form over its section view; Escape comes back here."""
        event.stop()
        row = self.query_one(RecordTable).current()
        problem = row.data if row is not None else None
        if not isinstance(problem, Problem):
            return
        target = target_of(self.state, problem)
        if target is None:
            where = problem.file if problem.line is None else f"{problem.file}:{problem.line}"
            self.notify(_("No view shows this record; open {where} in a text editor.").format(where=where),
                        timeout=5, markup=False)
            return
        section, key = target
        if section == "profile":
            await self.app.run_action("app.edit_profile")
            return
        await self.app.run_action(("app", "section", (section, key, True)))
        view = self.app.screen
        edit = getattr(view, "action_edit_record", None)
        tables = view.query(RecordTable)
        current = tables.first().current() if tables else None
        if edit is not None and current is not None and key in (current.key, getattr(current.data, "id", None)):
            edit()  # straight to the record's form; Escape goes back to its row, then to this list
