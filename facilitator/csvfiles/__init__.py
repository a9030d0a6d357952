"""CSV export and import of the plan's tables (stakeholders, indicators, actions, measurements, budget lines,
ties, risks, value-chain segments, activities), for work in a spreadsheet.

The layout (documented in docs/format.md):

- UTF-8 with a header row; columns are named after the model fields, in the order of the model.
- Export writes a byte-order mark to files (Excel reads UTF-8 correctly only with one; other tools skip
  it) and none to standard output; import accepts a file with or without it.
- The separator is ``,``; ``;`` (Excel with Spanish or Portuguese regional settings) is written on request
  and recognised on import from the header row (column names contain neither). In a ``;`` file numbers
  are written with a decimal comma and read as Spanish and Portuguese write them (``1.500,5``); in a ``,``
  file with a decimal point and read as English writes them (``"1,500.5"``), by the app's one number
  parser (`facilitator.numbers`); what an ambiguous number (``1.500``) was read as is listed in the result.
- Links to objectives are written as objective CODES (``O1; O3``), which is what people see; list cells
  (``objectives``, ``partners``) separate items with ``;`` (a ``;`` inside an item is doubled).
- Indicator targets are one column per year, ``target_2027``, ``target_2029``…; action funding one
  column per source, ``funding_program``, ``funding_public``, ``funding_private``, ``funding_other``
  (the amounts of one source are summed). An empty cell means "no target / no funding" for that year or
  source. Measurements are a kind of their own (below); contribution links (``sources``) are not in the
  CSV and never touched.
- Text that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a
  carriage return) is written with a leading ``'``, which import removes again. A text or list cell left
  as export wrote it stands for the record's value as it is, so exporting and importing again changes
  nothing whatever the text (list items are otherwise read with their surrounding spaces trimmed).

Import matches rows by ``id``, or by ``code`` when the id cell is empty; a row matching nothing is a new
record with a new id. Only the columns present in the file are compared, and only the fields that differ
are written, through `PlanStore.update_plan`, so the rest of plan.toml (comments included) is untouched and
importing a file just exported changes nothing. Records absent from the file are kept: an import never
deletes. Every problem of the file is reported at once, one located line each, and then nothing is written.

Measurements (kind ``measurements``) are one row per measurement of an indicator: ``indicator`` (its code),
``date``, ``value``, ``note``. A row is matched by indicator code and date: the same date updates the value
and note where they differ, a new date adds a measurement after the indicator's existing ones (the records
have no id, so existing ones are never moved), and an import never deletes one.

Value-chain segments (kind ``segments``: ``id,name,stage,links,support``) are matched by id or, without
one, by name (case and spacing aside); ``links`` holds segment NAMES, resolved on import against the names in
the file and in the plan. Activities (kind ``activities``: ``action,title,start,end,deliverable,id``) live
inside the actions and are matched by id or, without one, by action code and title, as budget lines are.

The package, by what lives where:

- `columns`: the kinds (`KINDS`, `MODELS`) and their columns (`Column`, `check_kind`).
- `cells`: one cell — `format_number`, `protect`/`unprotect`, `join_names`/`split_names`, `parse_number`.
- `export`: `export_table`, `export_csv`, `write_csv`, `row_count`, `default_path`.
- `reading`: a CSV file read for import (`read_rows`: text, separator, rows with their lines).
- `rows`: cells parsed and checked by their column, problems located (`ImportResult` says what changed).
- `importing`: `plan_import` and `import_csv` (stakeholders, indicators, actions).
- `measurements`: the measurements kind, exported and imported by indicator code and date.
- `budget`, `ties`, `segments`, `activities`: the kinds with a matching of their own.

The names below are the package's interface; callers import them from `facilitator.csvfiles`.
"""

from __future__ import annotations

from facilitator.csvfiles.cells import (
    FORMULA_START,
    format_number,
    join_names,
    parse_number,
    protect,
    split_names,
    unprotect,
)
from facilitator.csvfiles.columns import (
    FUNDING_PREFIX,
    KINDS,
    MODELS,
    PLAN_LIST,
    SINGULAR,
    TARGET_PREFIX,
    CellError,
    Column,
    check_kind,
)
from facilitator.csvfiles.export import BOM, default_path, export_csv, export_table, row_count, write_csv
from facilitator.csvfiles.importing import import_csv, plan_import
from facilitator.csvfiles.reading import read_rows
from facilitator.csvfiles.rows import ImportResult

__all__ = [
    "BOM", "FORMULA_START", "FUNDING_PREFIX", "KINDS", "MODELS", "PLAN_LIST", "SINGULAR", "TARGET_PREFIX",
    "CellError", "Column", "ImportResult", "check_kind", "default_path", "export_csv", "export_table",
    "format_number", "import_csv", "join_names", "parse_number", "plan_import", "protect", "read_rows",
    "row_count", "split_names", "unprotect", "write_csv",
]
