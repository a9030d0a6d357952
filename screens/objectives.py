"""Strategic objectives and, under each, its indicators: baseline, targets and the latest measurement."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType

from facilitator.editing import KINDS, RecordKind
from facilitator.i18n import N_, _, ngettext
from facilitator.model import Indicator, Objective
from facilitator.screens.editable import EditableTable
from facilitator.screens.overview import indicator_gaps, latest, number, quantity
from facilitator.screens.state import PlanState
from facilitator.screens.widgets import Column, Row, lines, right


class ObjectivesScreen(EditableTable):
    """Objective rows (bold) followed by their indicator rows; opened by ``i`` it starts on an indicator.

    + adds a record like the one under the cursor (an objective after an objective, an indicator of the
    same objective after an indicator); I adds an indicator to the objective under the cursor.
    """

    KIND = "objective"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("I", "add_indicator", N_("Add indicator"), show=False, id="edit.add-indicator",
                tooltip=N_("Add an indicator to the objective under the cursor")),
    ]

    def same_group(self, kind: RecordKind, a: Any, b: Any) -> bool:
        return kind.key != "indicator" or a.objective == b.objective

    def new_record(self, row: Row | None) -> tuple[RecordKind, dict[str, Any], int] | None:
        found = self.target(row)
        if found is not None and found[0].key == "indicator":
            kind, index = found
            objective = kind.records(self.state.plan)[index].objective
            return kind, {"objective": objective}, index + 1
        return super().new_record(row)

    def action_add_indicator(self) -> None:
        if not self.writable():
            return
        plan = self.state.plan
        row = self.current()
        found = self.target(row)
        if found is None:
            self.notify(_("Put the cursor on an objective to add an indicator to it."), timeout=4)
            return
        record = found[0].records(plan)[found[1]]
        objective = record.id if found[0].key == "objective" else record.objective
        kind = KINDS["indicator"]
        mine = [i for i, ind in enumerate(plan.indicators) if ind.objective == objective]
        self.open_form(kind, None, {"objective": objective}, (mine[-1] + 1) if mine else len(plan.indicators))

    def columns(self) -> list[Column]:
        return [Column(_("Code"), 6), Column(_("Objective / indicator")), Column(_("Baseline"), 11),
                Column(_("Final target"), 12), Column(_("Latest"), 8, "right")]

    def __init__(self, state: PlanState, *, section: str = "", start_at: str | None = None) -> None:
        if section == "indicators" and start_at is None and state.plan.indicators:
            start_at = state.plan.indicators[0].code
        super().__init__(state, section=section, start_at=start_at)

    def summary(self) -> Text:
        plan = self.state.plan
        o, i = len(plan.objectives), len(plan.indicators)
        incomplete = sum(1 for ind in plan.indicators if indicator_gaps(ind))
        text = ngettext("{n} objective", "{n} objectives", o).format(n=o) + " · " + ngettext(
            "{n} indicator", "{n} indicators", i).format(n=i)
        if incomplete:
            text += " · " + ngettext("{n} sheet incomplete", "{n} sheets incomplete", incomplete).format(
                n=incomplete)
        return Text(text)

    def empty_text(self) -> str:
        return _("No objectives yet: they come from the objectives workshop.")

    def rows(self) -> list[Row]:
        plan = self.state.plan
        lines_by_id = {line.id: line for line in plan.strategy.lines}
        out = []
        for o in plan.objectives:
            out.append(Row([o.code, o.title, "", "", ""], self._objective_detail(o, lines_by_id),
                           key=o.code, heading=True, data=o))
            for ind in plan.indicators_of(o.id):
                out.append(self._indicator_row(ind))
        known = {o.id for o in plan.objectives}
        orphans = [ind for ind in plan.indicators if ind.objective not in known]
        if orphans:
            out.append(Row(["", _("Indicators of no known objective"), "", "", ""], "", heading=True,
                           label_only=True, key="orphans"))
            out.extend(self._indicator_row(ind) for ind in orphans)
        return out

    def _objective_detail(self, o: Objective, lines_by_id: Mapping[str, object]) -> Text:
        plan = self.state.plan
        line = lines_by_id.get(o.line or "")
        findings = {f.id: f.code for f in plan.findings}
        return lines(Text(f"{o.code} {o.title}", style="bold"), o.description or None,
                     (_("Strategic line"), f"{line.code} {line.title}" if line else ""),  # type: ignore[attr-defined]
                     (_("Answers findings"), ", ".join(findings.get(f, f) for f in o.findings)),
                     (_("Actions"), ", ".join(a.code for a in plan.actions_of(o.id))),
                     (_("Owner"), o.owner))

    def _indicator_row(self, ind: Indicator) -> Row:
        lang = self.state.plan.language
        year = f" ({ind.baseline_year})" if ind.baseline_year else ""
        base = number(ind.baseline, lang) + year
        targets = ", ".join(f"{number(t.value, lang)} ({t.year})" for t in sorted(ind.targets, key=lambda t: t.year))
        last = latest(ind)
        gaps = indicator_gaps(ind)
        detail = lines(
            Text(f"{ind.code} {ind.name}", style="bold"), ind.definition or None,
            (_("Level"), _(ind.level)), (_("Unit"), ind.unit), (_("Direction"), _(ind.direction)),
            (_("Baseline"), quantity(ind.baseline, ind.unit, lang) + year if ind.baseline is not None else ""),
            (_("Targets"), targets),
            (_("Measurements"), "; ".join(f"{m.date.isoformat()}: {quantity(m.value, ind.unit, lang)}"
                                          + (f" — {m.note}" if m.note else "")
                                          for m in sorted(ind.measurements, key=lambda m: m.date))),
            (_("Source"), ind.source), (_("Frequency"), _(ind.frequency) if ind.frequency else ""),
            (_("Responsible"), ind.responsible),
            (_("Missing"), ", ".join(gaps)))
        final = max(ind.targets, key=lambda t: t.year) if ind.targets else None
        return Row([f" {ind.code}", f" {ind.name}", base, f"{number(final.value, lang)} ({final.year})" if final else "",
                    right(number(last.value, lang) if last else "")], detail, key=ind.code, data=ind)
