"""The monitoring and evaluation plan (v in the monitoring view): who runs it, the reviews, the mid-term and
final evaluations, the budget, and the calendar of measurements by quarter that `facilitator.evaluation`
computes from each indicator's frequency. Enter edits the settings; the calendar follows."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from facilitator import evaluation
from facilitator.evaluation import Calendar, CalendarRow
from facilitator.i18n import N_, _
from facilitator.labels import EXPENSE_CATEGORIES, FREQUENCIES, label
from facilitator.screens.base import SectionScreen
from facilitator.screens.editable import EditsMixin
from facilitator.screens.overview import number
from facilitator.screens.widgets import Footer

CALENDAR_COLUMNS = 20
"""At most this many periods across (quarters for up to five years, else half-years or years): with the
code column it fits an 80-column terminal."""
CELL = 3
CODE = 11
MARK = "●"


class MonitoringPlanScreen(EditsMixin, SectionScreen):
    """The M&E settings above the calendar; Enter edits the settings."""

    AUTO_FOCUS = "#page"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "edit_record", N_("Edit"), id="edit.record",
                tooltip=N_("Edit the reviews, the evaluations and the monitoring budget")),
        Binding("ctrl+z", "undo", N_("Undo"), show=False, id="edit.undo",
                tooltip=N_("Undo the last edit, delete or move made in this run of the app")),
    ]

    def action_edit_record(self) -> None:
        self.edit_single("monitoring")

    def compose(self) -> ComposeResult:
        yield from self.compose_top()
        with VerticalScroll(id="page", classes="page"):
            yield Static(id="me-plan-text")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        super().on_mount()
        self.sub_title = _("Monitoring and evaluation plan")

    def _plan_changed(self, reason: str) -> None:
        super()._plan_changed(reason)
        self.sub_title = _("Monitoring and evaluation plan")

    def refresh_view(self) -> None:
        self.query_one("#me-plan-text", Static).update(self.page())

    def page(self) -> Text:
        plan = self.state.plan
        me = plan.monitoring
        out = Text(end="")

        def field(name: str, value: str) -> None:
            out.append(f"{name}: ", style="bold")
            out.append((value or _("(not set)")) + "\n", style="" if value else "dim")

        out.append(_("Monitoring and evaluation plan") + "\n", style="bold underline")
        field(_("Responsible"), me.responsible)
        reviews = ", ".join(d.isoformat() for d in sorted(me.reviews))
        field(_("Plan reviews"), reviews or (label(FREQUENCIES, me.review_frequency) if me.review_frequency else ""))
        field(_("Mid-term evaluation"), me.midterm.isoformat() if me.midterm else "")
        field(_("Final evaluation"), me.final.isoformat() if me.final else "")
        budget = f"{number(me.budget, plan.language)} {plan.currency}" if me.budget is not None else ""
        if me.budget_category is not None:
            spent = evaluation.budget_lines_total(plan)
            lines = ", ".join(f"{number(v, plan.language)} {cur}" for cur, v in spent.items()) or "0"
            budget += ("; " if budget else "") + _("budget lines of “{category}”: {amount}").format(
                category=label(EXPENSE_CATEGORIES, me.budget_category), amount=lines)
        field(_("M&E budget"), budget)
        out.append(Text(_("Enter edits these settings."), style="italic"))
        out.append("\n\n")
        out.append(_("Calendar of monitoring and evaluation") + "\n", style="bold underline")
        cal = evaluation.calendar(plan, CALENDAR_COLUMNS)
        if cal is None:
            out.append(_("The calendar needs the plan's period: a recorded revision (or an indicator's baseline "
                         "year) for its start, and a target year (or the vision's horizon) for its end."),
                       style="dim")
            return out
        out.append_text(calendar_text(cal))
        return out


def calendar_text(cal: Calendar) -> Text:
    """The calendar as rows of marks under a year and quarter heading (``●``: measured, reviewed or evaluated
    in that period); a year of a single column is written ’30."""
    out = Text(end="")
    heads = Text(" " * CODE)
    for year, span in cal.years:
        width = span * CELL
        name = str(year) if width > 4 else f"’{str(year)[-2:]}"  # a year of one column: ’30, as people write it
        heads.append(name.ljust(width)[:width], style="bold")
    out.append_text(heads)
    out.append("\n")
    if cal.periods and cal.periods[0].short:
        out.append(" " * CODE)
        out.append("".join(p.short.ljust(CELL) for p in cal.periods), style="dim")
        out.append("\n")

    def line(name: str, row: CalendarRow, style: str) -> None:
        shown = name if len(name) < CODE else name[: CODE - 2] + "…"
        out.append(shown.ljust(CODE), style="bold")
        for n in range(len(cal.periods)):
            out.append(MARK.ljust(CELL) if n in row.marks else "·".ljust(CELL), style=style if n in row.marks
                       else "dim")
        out.append("\n")

    for row in cal.indicators:
        assert row.indicator is not None
        line(row.indicator.code, row, "bold #1f6fb2")
    for name, row in ((_("Reviews"), cal.reviews), (_("Mid-term"), cal.midterm), (_("Final"), cal.final)):
        if row.marks:
            line(name, row, "bold #e08a00")
    out.append(_("Plan period: {start} to {end}.").format(start=cal.start.isoformat(), end=cal.horizon.isoformat()),
               style="dim")
    if cal.unscheduled:
        out.append("\n" + _("No frequency set, not in the calendar: {codes}.").format(
            codes=", ".join(i.code for i in cal.unscheduled)), style="dim")
    return out
