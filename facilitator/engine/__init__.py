"""The facilitation engine: what happens in a workshop session, as plain functions on the model.

No UI and no files: every operation takes a `Session` (and the `Plan` or the `Kit` where it needs them),
changes it by assignment and returns what it made, so a screen, the CLI and a unit test call the same
thing. Saving is the caller's business (the store writes within a second of each change).

- `kinds`      the step kinds: each kind's engine module and label, in one table
- `agenda`     the clock: planned and actual minutes per step, computed start times, overrun
- `attendance` who is present, representativeness by stakeholder kind, firm size and gender; quorum
- `capture`    sticky notes: add, edit, delete (and undo), categories
- `grouping`   affinity groups, moving notes, merging duplicates
- `voting`     dot budgets, counts, tallies and ranking
- `matrix`     impact x feasibility quadrants and weighted multi-criteria scores
- `statements` drafts, votes, adoption with a consensus gradient and dissent
- `decisions`  decisions, action items, parking lot; carrying unresolved items to the next session
- `consolidate` what a session's adopted outputs add to the plan, previewed, then applied
- `table`      a table step's columns and each cell's check, by the rules of the step that adopts its rows
- `sessions`   start a session from a kit, close it (consolidate, record a revision)
"""
