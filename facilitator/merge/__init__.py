"""Three-way merge of plan and session files by stable ids, and of whole plan folders.

Two facilitators who worked on copies of one plan (two laptops, two git branches) get one plan back:
records in arrays of tables are matched by their identity (`id`; a revision by `number`, a target by
`year`, a measurement by `date`...), both sides' new records are kept (ours first, then theirs), a field
changed on one side is taken, a record deleted on one side and untouched on the other is deleted, and a
field changed differently on both sides is a conflict. The merge edits OURS' tomlkit document in place,
so its comments and layout survive; records and values taken from THEIRS are copied with their own
comments. An unresolved conflict keeps ours' value and is written as a `# CONFLICT` comment above it,
so the file still reads as TOML and `conflict_problems` (called by the checks) can point at it.

The package, by what lives where:

- `values`: `MISSING`, the equality the merge uses, plain values as tomlkit items and as shown.
- `threeway`: the merge of plain data, record by record (`RECORD_KEYS`), collecting the conflicts.
- `document`: OURS' tomlkit document edited in place until it holds the merged data.
- `conflicts`: `Conflict`, the `# CONFLICT` comments written into a file, and the problems reported for
  those left (`conflict_problems`, `folder_conflicts`).
- `one_file`: `merge_texts` and `merge_file` (`facilitator merge-file`, the git merge driver).
- `folders`: `merge_folders`, `merge_into`, `prepare` and `shared_base` (`facilitator merge`, the merge
  screen).

The names below are the package's interface; callers import them from `facilitator.merge`.
"""

from __future__ import annotations

from facilitator.merge.conflicts import MARKER, Conflict, Step, conflict_problems, folder_conflicts
from facilitator.merge.folders import FolderMerge, merge_folders, merge_into, prepare, shared_base
from facilitator.merge.one_file import MODELS, FileMerge, merge_file, merge_texts
from facilitator.merge.threeway import RECORD_KEYS
from facilitator.merge.values import MISSING

__all__ = [
    "MARKER", "MISSING", "MODELS", "RECORD_KEYS", "Conflict", "FileMerge", "FolderMerge", "Step",
    "conflict_problems", "folder_conflicts", "merge_file", "merge_folders", "merge_into", "merge_texts", "prepare",
    "shared_base",
]
