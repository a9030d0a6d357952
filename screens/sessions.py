"""The workshop sessions: per session the attendance, the agenda steps (planned and actual time) and the
contributions captured; broken session files are listed with their problem."""

from __future__ import annotations

from collections import Counter
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.binding import Binding, BindingType
from textual.widgets import DataTable

from facilitator.i18n import N_, _, ngettext
from facilitator.model import Session
from facilitator.screens.base import TableScreen
from facilitator.screens.widgets import Column, RecordTable, Row, lines, right
from facilitator.store import SessionSummary


def _minutes(session: Session) -> list[str]:
    out = []
    counts = Counter(c.step for c in session.contributions if c.merged_into is None)
    for st in session.steps:
        actual = ""
        if st.started and st.ended:
            actual = _("{n} min").format(n=round((st.ended - st.started).total_seconds() / 60))
        planned = _("{n} min").format(n=st.planned_minutes) if st.planned_minutes else ""
        timing = f"{planned} → {actual}" if actual else planned
        ideas = ngettext("{n} idea", "{n} ideas", counts[st.id]).format(n=counts[st.id]) if counts[st.id] else ""
        out.append("  • " + "  ".join(x for x in (st.id, timing, ideas) if x))
    return out


class SessionsScreen(TableScreen):
    """One row per session file, newest last (the files sort by date). Enter continues an open session;
    m exports the minutes of the selected one as PDF."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "app.new_session", N_("New session"), id="sessions.new",
                tooltip=N_("Start a workshop session from a kit")),
        Binding("m", "app.minutes", N_("Minutes"), id="sessions.minutes",
                tooltip=N_("Export the minutes of the selected session as PDF")),
    ]

    def selected_key(self) -> str | None:
        """The id of the session under the cursor (its file for an unreadable one)."""
        row = self.query_one(RecordTable).current()
        return str(row.key) if row is not None and row.key is not None else None

    def columns(self) -> list[Column]:
        return [Column(_("Date"), 10), Column(_("Session")), Column(_("Status"), 7, fit=True),
                Column(_("People"), 6, "right"), Column(_("Steps"), 5, "right"), Column(_("Ideas"), 5, "right")]

    def summary(self) -> Text:
        sessions = self.state.sessions
        ok = [s.session for s in sessions if s.session is not None]
        ideas = sum(len(s.contributions) for s in ok)
        text = ngettext("{n} session", "{n} sessions", len(sessions)).format(n=len(sessions))
        text += " · " + ngettext("{n} contribution", "{n} contributions", ideas).format(n=ideas)
        broken = len(sessions) - len(ok)
        if broken:
            text += " · " + ngettext("{n} file unreadable", "{n} files unreadable", broken).format(n=broken)
        return Text(text)

    def empty_text(self) -> str:
        return _("No sessions yet: each workshop held with the cluster is recorded here. Press n to start one.")

    def rows(self) -> list[Row]:
        return [self._row(summary) for summary in self.state.sessions]

    def _row(self, summary: SessionSummary) -> Row:
        s = summary.session
        if s is None:
            detail = lines(Text(summary.rel, style="bold"), _("This session file cannot be read:"),
                           *[str(p) for p in summary.problems])
            return Row(["?", summary.rel, _("broken"), "", "", ""], detail, key=summary.rel)
        plan = self.state.plan
        names = {st.id: st.name for st in plan.stakeholders}
        present = s.present()
        ideas = [c for c in s.contributions if c.merged_into is None]
        decisions = [d for d in s.decisions if d.kind == "decision"]
        parked = [d for d in s.decisions if d.kind == "parking_lot" and not d.resolved]
        adopted = [d for d in s.drafts if d.adopted]
        detail = lines(
            Text(f"{s.date.isoformat()}  {s.title}", style="bold"),
            (_("Workshop"), self.state.workshop_title(s.workshop)),
            (_("Status"), _(s.status)), (_("Venue"), s.venue), (_("Facilitator"), s.facilitator),
            (_("Attendance"), _("{present} present of {invited} invited").format(
                present=len(present), invited=len(s.attendance)) if s.attendance else ""),
            (_("Present"), ", ".join(names.get(p, p) for p in present)),
            (_("Contributions"), ", ".join([
                ngettext("{n} idea", "{n} ideas", len(ideas)).format(n=len(ideas)),
                ngettext("{n} group", "{n} groups", len(s.groups)).format(n=len(s.groups)),
                ngettext("{n} draft ({adopted} adopted)", "{n} drafts ({adopted} adopted)", len(s.drafts)).format(
                    n=len(s.drafts), adopted=len(adopted))])),
            (_("Decisions"), ", ".join([
                ngettext("{n} decision", "{n} decisions", len(decisions)).format(n=len(decisions)),
                ngettext("{n} open parking-lot item", "{n} open parking-lot items", len(parked)).format(
                    n=len(parked))])),
            (_("Steps"), "\n" + "\n".join(_minutes(s)) if s.steps else ""),
            (_("File"), summary.rel))
        return Row([s.date.isoformat(), s.title, _(s.status), right(len(present)), right(len(s.steps)),
                    right(len(ideas))], detail, key=s.id, data=s)

    @on(DataTable.RowSelected)
    async def _run_session(self, event: DataTable.RowSelected) -> None:
        """Enter on a planned or open session continues it in the runner."""
        row = self.query_one(RecordTable).current()
        session = row.data if row is not None else None
        if isinstance(session, Session) and session.status != "closed":
            await self.app.run_action(("app", "run_session", (session.id,)))
        elif isinstance(session, Session):
            self.notify(_("This session is closed: its record is shown here."), timeout=3)
