"""What the record editors edit: the field specs of every kind of record, and the edits themselves.

Core, not UI: the record forms and lists of the screens, and any tests, call it; no widgets here. A
`RecordKind` names a list of the plan (findings, strategic lines, key figures, …), the model of its
records and the fields a form shows (`FieldSpec`); `write` sends a new value (a list after an add, an
edit, a delete or a move) through the store (`PlanState.update`, so plan.toml is patched in place and
comments survive), and remembers the old one so Ctrl+Z can put it back (`undo`). Fields are parsed from
what was typed (`parse_scalar`, `parse_rows`) and checked by the model's own rules (`check`).

The package, by what lives where:

- `fields`: the kinds of field, `FieldSpec` and `Column`, and the choices a field offers.
- `parsing`: typed text into values and records, and validation errors as sentences for the field.
- `record_kinds`: `RecordKind`, the fields of each kind (`KINDS`, `SINGLES`) and a new record's starting
  values (`new_values`, `suggest_code`).
- `edits`: `write` and `undo` (the undo history of an open plan), `find` and `locate` a record.

The names below are the package's interface; callers import them from `facilitator.editing`.
"""

from __future__ import annotations

from facilitator.editing.edits import PlanUpdater, Undo, UndoStack, find, locate, record_key, undo, undo_stack, write
from facilitator.editing.fields import (
    CHOICE,
    DATE,
    ENUM_VALUES,
    GENDER,
    GROUP,
    INT,
    LONGTEXT,
    MULTIPICK,
    NUMBER,
    PICK,
    ROWS,
    STRINGS,
    TEXT,
    YEAR,
    Column,
    FieldSpec,
    enum_choices,
    finding_choices,
    indicator_choices,
    labelled_choices,
    line_choices,
    objective_choices,
)
from facilitator.editing.parsing import (
    FieldError,
    cell_text,
    check,
    error_message,
    group_cells,
    number_text,
    parse_group,
    parse_rows,
    parse_scalar,
    rows_text,
)
from facilitator.editing.record_kinds import (
    ACTION_FIELDS,
    BENCHMARK_FIELDS,
    FIGURE_FIELDS,
    FINDING_FIELDS,
    GOVERNANCE_FIELDS,
    INDICATOR_FIELDS,
    KINDS,
    LINE_FIELDS,
    OBJECTIVE_FIELDS,
    SINGLES,
    STAKEHOLDER_FIELDS,
    STATEMENT_FIELDS,
    RecordKind,
    new_values,
    next_code,
    suggest_code,
    template,
)

__all__ = [
    "ACTION_FIELDS", "BENCHMARK_FIELDS", "CHOICE", "DATE", "ENUM_VALUES", "FIGURE_FIELDS", "FINDING_FIELDS",
    "GENDER", "GOVERNANCE_FIELDS", "GROUP", "INDICATOR_FIELDS", "INT", "KINDS", "LINE_FIELDS", "LONGTEXT", "MULTIPICK",
    "NUMBER", "OBJECTIVE_FIELDS", "PICK", "ROWS", "SINGLES", "STAKEHOLDER_FIELDS", "STATEMENT_FIELDS", "STRINGS",
    "TEXT", "YEAR", "Column", "FieldError", "FieldSpec", "PlanUpdater", "RecordKind", "Undo", "UndoStack", "cell_text",
    "check", "enum_choices", "error_message", "find", "finding_choices", "group_cells", "indicator_choices",
    "labelled_choices", "line_choices",
    "locate", "new_values", "next_code", "number_text", "objective_choices", "parse_group", "parse_rows", "parse_scalar",
    "record_key", "rows_text", "suggest_code", "template", "undo", "undo_stack", "write",
]
