"""Reading and writing TOML: located parsing, in-place patching from models, atomic writes.

This is the only package that touches TOML text. Reads check syntax with the strict standard `tomllib`
(fast, and its errors carry a line), then keep a tomlkit document for editing. Writes never replace a
whole table: `patch` assigns only what changed and matches arrays of tables by `id`, so comments, key
order and untouched text survive. Every rendered document is re-read with `tomllib` and compared before
it reaches the disk, and the disk write is atomic (temp file, fsync, replace, folder fsync).

The package, by what lives where:

- `disk`: the files themselves — `read_text` (located refusals of missing, huge, binary, non-UTF-8
  files), `Stamp`/`stamp_of`/`changed_since` (has the file changed since it was read?), `atomic_write`.
- `parsing`: `parse_plain` (tomllib) and `parse_document` (tomlkit), syntax errors and hostile nesting
  as located PlanErrors.
- `locating`: the line of each key path (`key_lines`, `line_of`) and its label (`key_label`).
- `validation`: `validation_problems`, a pydantic error as located problems with what to write instead.
- `patching`: `patch` a document from a model in place, `plain` data of a new record, `render` verified.
- `comments`: the comment lines around records of an array of tables, moved with their record
  (`append_table`).
- `capture`: the fast path that splices appended records into the text (`appended_only`,
  `append_records`).

The names below are the package's interface; callers import them from `facilitator.tomlio` (and tests
replace `tomlio.render` or `tomlio.atomic_write` there, which is why callers call them through it).
"""

from __future__ import annotations

from facilitator.tomlio.capture import append_records, appended_only
from facilitator.tomlio.comments import append_table
from facilitator.tomlio.disk import MAX_FILE_BYTES, Stamp, atomic_write, changed_since, read_text, stamp_of
from facilitator.tomlio.locating import key_label, key_lines, line_of
from facilitator.tomlio.parsing import MAX_NESTING, parse_document, parse_plain
from facilitator.tomlio.patching import INLINE_RECORDS, patch, plain, render
from facilitator.tomlio.validation import validation_problems

__all__ = [
    "INLINE_RECORDS", "MAX_FILE_BYTES", "MAX_NESTING", "Stamp", "append_records", "append_table", "appended_only",
    "atomic_write", "changed_since", "key_label", "key_lines", "line_of", "parse_document", "parse_plain", "patch",
    "plain", "read_text", "render", "stamp_of", "validation_problems",
]
