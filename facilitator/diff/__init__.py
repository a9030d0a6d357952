"""What changed between two versions of a plan: a structured change list and a readable report.

The package, by what lives where:

- `changes`: `diff_plans` compares two `Plan` models record by record (matched by id, so layout and
  order are not changes) into a `PlanDiff` of `RecordChange`s holding `FieldChange`s.
- `words`: texts compared word by word (`word_diff`, `plain_text`, `word_ops`).
- `text_report`: the `PlanDiff` as lines of `Piece`s in the plan's language (`report`, `report_text`).
- `as_json`: the change list for ``diff --format json`` (`changes_json`).
- `versions`: the versions of a plan folder (history snapshots, plan.toml) and `diff_folder`.

The names below are the package's interface; callers import them from `facilitator.diff`.
"""

from __future__ import annotations

from facilitator.diff.as_json import changes_json
from facilitator.diff.changes import (
    ADDED,
    CHANGED,
    IGNORED,
    RECORD_KINDS,
    REMOVED,
    SECTIONS,
    FieldChange,
    PlanDiff,
    RecordChange,
    diff_plans,
)
from facilitator.diff.text_report import FIELD_LABELS, LANGUAGE_NAMES, plan_units, report, report_text
from facilitator.diff.versions import (
    CURRENT,
    default_from,
    diff_folder,
    diff_versions,
    load_revision,
    parse_revision,
    snapshots,
    version_label,
)
from facilitator.diff.words import CONTEXT_WORDS, Piece, plain_text, word_diff, word_ops

__all__ = [
    "ADDED", "CHANGED", "CONTEXT_WORDS", "CURRENT", "FIELD_LABELS", "IGNORED", "LANGUAGE_NAMES", "RECORD_KINDS",
    "REMOVED", "SECTIONS", "FieldChange", "Piece", "PlanDiff", "RecordChange", "changes_json", "default_from",
    "diff_folder", "diff_plans", "diff_versions", "load_revision", "parse_revision", "plain_text", "plan_units",
    "report", "report_text", "snapshots", "version_label", "word_diff", "word_ops",
]
