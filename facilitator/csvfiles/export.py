"""CSV export: the header and rows of a kind (`export_table`), its text (`export_csv`), the file written
atomically (`write_csv`)."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from facilitator import paths, tomlio
from facilitator.csvfiles.activities import export_activities
from facilitator.csvfiles.budget import export_budget
from facilitator.csvfiles.cells import Links, cell_text, format_number
from facilitator.csvfiles.columns import TARGET_COLUMN, TARGET_PREFIX, check_kind, columns_of
from facilitator.csvfiles.measurements import export_measurements
from facilitator.csvfiles.ties import export_ties
from facilitator.i18n import _
from facilitator.model import Plan
from facilitator.problems import Level, PlanError, Problem

BOM = "\ufeff"
PERSONAL_COLUMNS = ("gender", "role", "email")
"""Stakeholder columns left out unless asked for (``personal``): a CSV leaves the machine, and importing a
file without them leaves those fields as they are (docs/decisions.md, "What a PDF carries about people")."""


def _target_years(records: list[Any]) -> list[int]:
    return sorted({t.year for rec in records for t in rec.targets})


def export_table(plan: Plan, kind: str, decimal_comma: bool = False,
                 personal: bool = False) -> tuple[list[str], list[list[str]]]:
    """(header, rows) of ``kind`` as the CSV holds them; stakeholders without `PERSONAL_COLUMNS` unless
    ``personal``."""
    check_kind(kind)
    if kind == "measurements":
        return export_measurements(plan, decimal_comma)
    if kind == "budget":
        return export_budget(plan, decimal_comma)
    if kind == "ties":
        return export_ties(plan)
    if kind == "activities":
        return export_activities(plan, decimal_comma)
    records = list(plan.cluster.segments if kind == "segments" else getattr(plan, kind))
    columns = columns_of(kind)
    header = [c.name for c in columns if personal or kind != "stakeholders" or c.name not in PERSONAL_COLUMNS]
    years = _target_years(records) if kind == "indicators" else []
    if kind == "indicators":
        at = header.index("baseline_year") + 1
        header[at:at] = [f"{TARGET_PREFIX}{y}" for y in years]
    links = Links(plan)
    by_name = {c.name: c for c in columns}
    rows = []
    for rec in records:
        row = []
        for name in header:
            year = TARGET_COLUMN.match(name)
            if year:
                value = next((t.value for t in rec.targets if t.year == int(year.group(1))), None)
                row.append(format_number(value, decimal_comma))
                continue
            col = by_name[name]
            row.append(cell_text(rec, col, links, decimal_comma))
        rows.append(row)
    return header, rows


def row_count(plan: Plan, kind: str) -> int:
    """How many rows the CSV of ``kind`` has (without the header)."""
    if kind == "measurements":
        return sum(len(ind.measurements) for ind in plan.indicators)
    if kind == "budget":
        return sum(len(a.budget_lines) for a in plan.actions)
    if kind == "ties":
        return len(export_ties(plan)[1])
    if kind == "activities":
        return sum(len(a.activities) for a in plan.actions)
    if kind == "segments":
        return len(plan.cluster.segments)
    return len(getattr(plan, check_kind(kind)))


def export_csv(plan: Plan, kind: str, delimiter: str = ",", personal: bool = False) -> str:
    """The CSV text of ``kind`` (no byte-order mark); ``personal``: stakeholders' e-mail, gender and role too."""
    header, rows = export_table(plan, kind, decimal_comma=delimiter == ";", personal=personal)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def default_path(folder: Path, kind: str) -> Path:
    """Where the TUI proposes to write (and read) the CSV of ``kind``: the plan's exports folder."""
    return folder / paths.EXPORTS_DIR / f"{kind}.csv"


def write_csv(plan: Plan, kind: str, output: Path, delimiter: str = ",", bom: bool = True,
              create_folder: bool = False, personal: bool = False) -> Path:
    """Write the CSV of ``kind`` to ``output`` atomically; an existing file that is not a .csv is refused
    (a typo such as ``-o plan.toml`` must not replace the user's data). ``create_folder``: make the
    output's folder if it is missing (the plan's exports folder). ``personal``: as for `export_csv`."""
    output = output.expanduser()
    if output.is_dir():
        output = output / f"{kind}.csv"
    if create_folder and not output.parent.exists() and output.parent.parent.is_dir():
        try:
            output.parent.mkdir()
        except OSError as exc:
            raise PlanError(Problem("write-failed", Level.error, str(output.parent), _(
                "could not create the folder: {reason}").format(reason=exc.strerror or exc))) from None
    if not output.parent.is_dir():
        raise PlanError(Problem("no-folder", Level.error, str(output), _(
            "the folder {parent} does not exist; create it first or choose another file").format(
                parent=output.parent)))
    if output.exists() and output.suffix.lower() != ".csv":
        raise PlanError(Problem("not-a-csv", Level.error, str(output), _(
            "this file exists and is not a .csv file; it was not overwritten — choose another file name")))
    text = (BOM if bom else "") + export_csv(plan, kind, delimiter, personal)
    tomlio.atomic_write(output, text.encode("utf-8"), str(output))
    return output
