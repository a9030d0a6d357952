"""Measurements in CSV: one row per measurement of an indicator (``indicator``, ``date``, ``value``,
``note``), exported in the plan's order and imported by indicator code and date (see the package's
docstring)."""

from __future__ import annotations

import datetime as dt

from pydantic import ValidationError

from facilitator.csvfiles.cells import Links, cell_text
from facilitator.csvfiles.columns import columns_of
from facilitator.csvfiles.rows import DEFAULT, ImportResult, Rows, note_invalid, same_value, with_changes
from facilitator.i18n import _
from facilitator.model import Indicator, Measurement, Plan
from facilitator.problems import PlanError


def export_measurements(plan: Plan, decimal_comma: bool) -> tuple[list[str], list[list[str]]]:
    """Every measurement of every indicator, in the plan's order of indicators and then by date (two of
    the same date keep the plan's order, which is how import matches them)."""
    columns = columns_of("measurements")
    links = Links(plan)
    rows = []
    for ind in plan.indicators:
        for m in sorted(ind.measurements, key=lambda m: m.date):
            rows.append([ind.code, *(cell_text(m, col, links, decimal_comma) for col in columns[1:])])
    return [c.name for c in columns], rows


def import_measurements(reader: Rows, rows: list[tuple[int, list[str]]]) -> ImportResult:
    """The indicators once the measurement rows are applied (see the package's docstring)."""
    plan = reader.plan
    missing = [name for name in ("indicator", "date") if name not in reader.header]
    if missing:
        reader.problem(1, _("header"), _("the columns indicator and date are needed to match each row to a "
                                         "measurement; missing: {names}").format(names=", ".join(missing)))
        raise PlanError(reader.problems)
    indicators: list[Indicator] = list(plan.indicators)
    index_of = {ind.code: k for k, ind in enumerate(indicators)}
    # Measurements have no id: the n-th row of an indicator and date matches the n-th measurement of that
    # date in the plan (an exported file lists them in the plan's order), so a plan with two measurements
    # on one date still round-trips.
    plan_dates: dict[tuple[str, dt.date], list[int]] = {}
    for ind in indicators:
        for j, m in enumerate(ind.measurements):
            plan_dates.setdefault((ind.code, m.date), []).append(j)
    row_lines: dict[tuple[str, dt.date], list[int]] = {}
    new_lists: dict[int, list[Measurement]] = {}
    added: list[tuple[int, Measurement]] = []
    result = ImportResult("measurements")
    matched = 0
    for line, cells in rows:
        values = reader.values(line, cells)
        if values is None:
            continue
        code, date = values["indicator"], values["date"]
        key = (code, date)
        earlier = row_lines.setdefault(key, [])
        nth = len(earlier)
        earlier.append(line)
        k = index_of[code]
        value, note = values.get("value", DEFAULT), values.get("note", DEFAULT)
        label = f"{code} {date.isoformat()}"
        if nth < len(plan_dates.get(key, [])):
            matched += 1
            if value is DEFAULT and "value" in values:
                reader.problem(line, "value", _("cannot be empty: write the figure (an import never removes a "
                                                "measurement)"))
                continue
            current_list = new_lists.setdefault(k, list(indicators[k].measurements))
            j = plan_dates[key][nth]
            current = current_list[j]
            changes = {}
            if value is not DEFAULT and not same_value(current.value, value):
                changes["value"] = value
            if "note" in values and note is not DEFAULT and note != current.note:
                changes["note"] = note
            if not changes:
                result.unchanged += 1
                continue
            updated = with_changes(current, changes, reader, line)
            if updated is None:
                continue
            current_list[j] = updated
            result.changed.append(label)
            continue
        if earlier[:-1]:
            reader.problem(line, "date", _("this row and row {line} describe the same {kind}; keep one").format(
                line=earlier[0], kind=_("measurement")))
            continue
        if value is DEFAULT:
            if note is DEFAULT or not note.strip():
                result.skipped += 1  # a row prepared for a figure not collected yet
                continue
            reader.problem(line, "value", _("required for a new {kind}: add the column or fill the cell").format(
                kind=_("measurement")))
            continue
        try:
            rec = Measurement.model_validate({"date": date, "value": value,
                                              **({"note": note} if note not in (DEFAULT, "") else {})})
        except ValidationError as exc:
            note_invalid(reader, line, exc)
            continue
        added.append((k, rec))
        result.added.append(label)
    if reader.problems:
        raise PlanError(sorted(reader.problems, key=lambda p: p.line or 0))
    for k, rec in sorted(added, key=lambda a: (a[0], a[1].date)):
        new_lists.setdefault(k, list(indicators[k].measurements)).append(rec)
    for k, measurements in new_lists.items():
        if [m.model_dump() for m in measurements] != [m.model_dump() for m in indicators[k].measurements]:
            updated_ind = indicators[k].model_copy()
            updated_ind.measurements = measurements
            indicators[k] = updated_ind
    result.absent = sum(len(ind.measurements) for ind in plan.indicators) - matched
    result.records = indicators
    result.read_as = reader.read_as
    return result
