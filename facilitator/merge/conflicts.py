"""Conflicts: what changed differently on both sides (`Conflict`), the `# CONFLICT` comments a merge
writes above ours' value (`mark_conflicts`), and the problems `facilitator check` reports for those left
in a file or a plan folder (`conflict_problems`, `folder_conflicts`)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from facilitator import paths, tomlio
from facilitator.i18n import _
from facilitator.merge.values import MISSING, equal, short, toml_value
from facilitator.problems import Level, Problem
from facilitator.store import data_files

MARKER = "# CONFLICT"
"""How every line of an unresolved conflict starts in a merged file (searched by `conflict_problems`)."""


Step = str | tuple[str, Any, str]
"""A step of a conflict's path: a key, or a record as (identity key, identity value, shown label)."""


@dataclass
class Conflict:
    """A value changed differently on both sides (or a record deleted on one side and changed on the other)."""

    file: str
    path: tuple[Step, ...]
    base: Any
    ours: Any
    theirs: Any
    resolved: str | None = None
    """"ours" or "theirs" when a preference resolved it; None when the file marks it."""

    @property
    def label(self) -> str:
        out = ""
        for step in self.path:
            out += f"[{step[2]}]" if isinstance(step, tuple) else ("." if out else "") + step
        return out or "(file)"

    @property
    def key(self) -> tuple[str, str]:
        """Names the conflict across runs of the merge (for choices made one by one)."""
        return self.file, self.label

    @property
    def record_level(self) -> bool:
        """A whole record deleted on one side and changed on the other."""
        return bool(self.path) and isinstance(self.path[-1], tuple) and (
            self.ours is MISSING or self.theirs is MISSING)

    def detail(self) -> str:
        if self.record_level and self.ours is MISSING:
            return _("ours deleted the record, theirs changed it")
        if self.record_level:
            return _("theirs deleted the record, ours changed it")
        return _("ours {ours}, theirs {theirs}").format(ours=short(self.ours), theirs=short(self.theirs))

    def __str__(self) -> str:
        return f"{self.file}: {self.label}: {self.detail()}"


_HEADER_LINE = re.compile(r"^\s*\[")


def _index_path(data: Any, path: tuple[Step, ...]) -> tuple[tuple[Any, ...], bool]:
    """The conflict's path as keys and list positions in ``data``; False when only a prefix exists."""
    node: Any = data
    out: list[Any] = []
    for step in path:
        if isinstance(step, tuple):
            if not isinstance(node, list):
                return tuple(out), False
            found = next((i for i, r in enumerate(node) if isinstance(r, dict) and equal(r.get(step[0]), step[1])),
                         None)
            if found is None:
                return tuple(out), False
            out.append(found)
            node = node[found]
        else:
            if not isinstance(node, dict) or step not in node:
                return tuple(out), False
            out.append(step)
            node = node[step]
    return tuple(out), True


def _comment_lines(c: Conflict, exact: bool) -> list[str]:
    names = [s for s in c.path if isinstance(s, str)]
    if c.record_level:
        if c.ours is MISSING:
            return [f"{MARKER} " + _("ours deleted this record, theirs changed it: theirs' version is kept here; "
                                     "delete the record if it should go, then this line")]
        return [f"{MARKER} " + _("theirs deleted this record, ours changed it: ours is kept here; "
                                 "delete the record if it should go, then this line")]
    key = (names[-1] if names else "") if exact else c.label
    if c.theirs is MISSING:
        return [f"{MARKER} " + _("theirs removed {key}; ours changed it (kept below)").format(key=key)]
    snippet = f"{key} = {toml_value(c.theirs)}".split("\n")
    head = _("ours removed it; theirs:") if c.ours is MISSING else _("theirs:")
    return [f"{MARKER} {head} {snippet[0]}", *(f"#   {line}" for line in snippet[1:])]


def mark_conflicts(text: str, data: dict[str, Any], conflicts: Iterable[Conflict]) -> str:
    """Insert a `# CONFLICT` comment for each conflict: above ours' key, or just inside the record."""
    lines = text.split("\n")
    where = tomlio.key_lines(text)
    inserts: list[tuple[int, int, list[str]]] = []
    for n, c in enumerate(conflicts):
        path, exact = _index_path(data, c.path)
        if not exact and c.path and isinstance(c.path[-1], str) and len(path) == len(c.path) - 1:
            path, exact = (*path, c.path[-1]), True  # a key ours removed: its table is there
        at: int | None = None
        probe = path
        while probe:
            if probe in where:
                at = where[probe]
                break
            probe = probe[:-1]
        header = at is None  # a top-level key: under the format line
        if at is None:
            index = where.get(("format",), 0)
        else:
            header = bool(_HEADER_LINE.match(lines[at - 1]))
            index = at if header else at - 1  # just inside a table, or above a key
        indent = re.match(r"\s*", lines[index] if index < len(lines) else "").group(0)  # type: ignore[union-attr]
        # the key's own name where the comment sits in its own table; elsewhere (inline tables) the full label
        named = exact and (probe == path or (probe == path[:-1] and isinstance(path[-1], str) and header))
        inserts.append((index, n, [indent + line for line in _comment_lines(c, named)]))
    for index, _n, block in sorted(inserts, key=lambda x: (x[0], x[1]), reverse=True):
        lines[index:index] = block
    return "\n".join(lines)


_MARKER_LINE = re.compile(r"^\s*# CONFLICT\b")


def conflict_problems(text: str, rel: str) -> list[Problem]:
    """An error for each `# CONFLICT` line a merge left in a file (for `facilitator check`)."""
    problems = []
    in_multiline: str | None = None
    for n, raw in enumerate(text.splitlines(), start=1):
        if in_multiline:
            if raw.count(in_multiline) % 2 == 1:
                in_multiline = None
            continue
        if _MARKER_LINE.match(raw):
            problems.append(Problem("merge-conflict", Level.error, rel, _(
                "unresolved merge conflict: {what}").format(what=raw.strip()[len(MARKER):].strip()), line=n,
                advice=_("keep the value you want, then delete the CONFLICT comment")))
            continue
        rest = raw.split("=", 1)[1] if "=" in raw and not raw.lstrip().startswith("#") else ""
        for quote in ('"""', "'''"):
            if rest.count(quote) % 2 == 1:
                in_multiline = quote
                break
    return problems


def folder_conflicts(folder: str | Path) -> list[Problem]:
    """Every `# CONFLICT` line a merge left in plan.toml and the session files of a plan folder
    (for `facilitator check`: ``problems += folder_conflicts(store.folder)``)."""
    folder = Path(folder)
    files = [folder / paths.PLAN_FILE, *data_files(folder, paths.SESSIONS_DIR)]
    problems = []
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # unreadable files are reported by the checks that read them
        problems += conflict_problems(text, path.relative_to(folder).as_posix())
    return problems
