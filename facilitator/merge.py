"""Three-way merge of plan and session files by stable ids, and of whole plan folders.

Two facilitators who worked on copies of one plan (two laptops, two git branches) get one plan back:
records in arrays of tables are matched by their identity (`id`; a revision by `number`, a target by
`year`, a measurement by `date`...), both sides' new records are kept (ours first, then theirs), a field
changed on one side is taken, a record deleted on one side and untouched on the other is deleted, and a
field changed differently on both sides is a conflict. The merge edits OURS' tomlkit document in place,
so its comments and layout survive; records and values taken from THEIRS are copied with their own
comments. An unresolved conflict keeps ours' value and is written as a `# CONFLICT` comment above it,
so the file still reads as TOML and `conflict_problems` (called by the checks) can point at it.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import tomlkit
from pydantic import ValidationError
from tomlkit.items import AoT, Array, Comment, InlineTable, Table, Whitespace

from facilitator import migrate, paths, tomlio
from facilitator.i18n import _
from facilitator.model import Plan, Session
from facilitator.problems import Level, PlanError, Problem
from facilitator.store import data_files

if TYPE_CHECKING:
    from facilitator.store import PlanStore


class _Missing:
    """A key or record absent from one version (distinct from any TOML value)."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()

MARKER = "# CONFLICT"
"""How every line of an unresolved conflict starts in a merged file (searched by `conflict_problems`)."""

# The identity of records that have no `id`, by the path of their list (record positions left out).
RECORD_KEYS: dict[tuple[str, ...], str] = {
    ("cluster", "figures"): "name",
    ("indicators", "targets"): "year",
    ("indicators", "measurements"): "date",
    ("actions", "funding"): "source",
    ("revisions",): "number",
    ("attendance",): "stakeholder",
}

MODELS: dict[str, type[Plan | Session]] = {"plan": Plan, "session": Session}

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
        return _("ours {ours}, theirs {theirs}").format(ours=_short(self.ours), theirs=_short(self.theirs))

    def __str__(self) -> str:
        return f"{self.file}: {self.label}: {self.detail()}"


@dataclass
class FileMerge:
    """The outcome of merging one file: the text to write (None: leave OURS as it is) and the conflicts."""

    file: str
    kind: str
    text: str | None
    conflicts: list[Conflict] = field(default_factory=list)
    added: int = 0
    """Records taken from theirs that ours did not have."""

    @property
    def unresolved(self) -> list[Conflict]:
        return [c for c in self.conflicts if c.resolved is None]


# --- comparing and showing values -------------------------------------------------------------------------

def _eq(a: Any, b: Any) -> bool:
    if a is MISSING or b is MISSING:
        return a is b
    if isinstance(a, bool) != isinstance(b, bool):
        return False
    if type(a) is not type(b) and not (isinstance(a, (int, float)) and isinstance(b, (int, float))):
        return False  # a date is not a datetime, a string is not a number
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_eq(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_eq(x, y) for x, y in zip(a, b))
    return bool(a == b)


def _unwrap(item: Any) -> Any:
    return item.unwrap() if hasattr(item, "unwrap") else item


def _toml_value(value: Any) -> str:
    """The value as written in TOML (possibly several lines)."""
    if isinstance(value, dict):
        table = tomlkit.inline_table()
        table.update({k: _build(v, inline=True) for k, v in value.items()})
        return table.as_string()
    text = tomlkit.item(_build(value, inline=True)).as_string()
    if text.startswith('"""') and not text.startswith('"""\n'):
        text = '"""\n' + text[3:]  # as the tool writes text: a newline right after the quotes (TOML drops it)
    return text


def _short(value: Any) -> str:
    if value is MISSING:
        return _("(removed)")
    text = json.dumps(value, ensure_ascii=False) if isinstance(value, str) else _toml_value(value).replace(
        "\n", "\\n")
    return text if len(text) <= 60 else text[:59] + "…"


# --- the merge of plain data --------------------------------------------------------------------------------

def _hashable_scalar(value: Any) -> bool:
    return isinstance(value, (str, int, float, dt.date, dt.time)) and not isinstance(value, bool)


def _record_key(names: tuple[str, ...], *lists: Any) -> str | None:
    """The identity key of a list of records, or None when the list must be merged as one value."""
    present = [lst for lst in lists if isinstance(lst, list)]
    records = [r for lst in present for r in lst]
    if not records or not all(isinstance(r, dict) for r in records):
        return None
    key = RECORD_KEYS.get(names, "id")
    for lst in present:
        values = [r.get(key, MISSING) for r in lst]
        if not all(_hashable_scalar(v) for v in values) or len(set(values)) != len(values):
            return None
    return key


def _unique_scalars(*lists: Any) -> bool:
    for lst in lists:
        if lst is MISSING:
            continue
        if not isinstance(lst, list) or not all(_hashable_scalar(v) for v in lst) or len(set(lst)) != len(lst):
            return False
    return True


def _shown(record: dict[str, Any], key: str) -> str:
    value = record.get("code") or record.get(key)
    return value.isoformat() if isinstance(value, dt.date) else str(value)


class _Merger:
    """Merges plain data (as `tomllib` reads it) and collects the conflicts."""

    def __init__(self, file: str, prefer: str | None, choices: dict[tuple[str, str], str] | None = None) -> None:
        self.file, self.prefer, self.choices = file, prefer, choices or {}
        self.conflicts: list[Conflict] = []

    def value(self, b: Any, o: Any, t: Any, path: tuple[Step, ...], names: tuple[str, ...]) -> Any:
        if _eq(o, t):
            return o
        if _eq(o, b):
            return t
        if _eq(t, b):
            return o
        if isinstance(o, dict) and isinstance(t, dict):
            base = b if isinstance(b, dict) else {}
            out = {}
            for k in [*o, *(k for k in t if k not in o)]:
                merged = self.value(base.get(k, MISSING), o.get(k, MISSING), t.get(k, MISSING),
                                    (*path, k), (*names, k))
                if merged is not MISSING:
                    out[k] = merged
            return out
        if isinstance(o, list) and isinstance(t, list) and (b is MISSING or isinstance(b, list)):
            key = _record_key(names, b, o, t)
            if key is not None:
                return self.records(b if isinstance(b, list) else [], o, t, key, path, names)
            if _unique_scalars(b, o, t):
                return _set_merge(b if isinstance(b, list) else [], o, t)
        return self.conflict(b, o, t, path)

    def records(self, b: list[Any], o: list[Any], t: list[Any], key: str, path: tuple[Step, ...],
                names: tuple[str, ...]) -> list[Any]:
        base = {r[key]: r for r in b}
        ours = {r[key]: r for r in o}
        theirs = {r[key]: r for r in t}
        out = []
        for ident in [*ours, *(i for i in theirs if i not in ours)]:
            some = ours.get(ident) or theirs[ident]
            step = (key, ident, _shown(some, key))
            merged = self.value(base.get(ident, MISSING), ours.get(ident, MISSING), theirs.get(ident, MISSING),
                                (*path, step), names)
            if merged is not MISSING:
                out.append(merged)
        return out

    def conflict(self, b: Any, o: Any, t: Any, path: tuple[Step, ...]) -> Any:
        c = Conflict(self.file, path, b, o, t)
        c.resolved = self.choices.get(c.key, self.prefer)
        self.conflicts.append(c)
        if c.resolved == "theirs":
            return t
        if c.resolved == "ours":
            return o
        # Unresolved: ours stays, with theirs shown beside it; a record ours deleted but theirs changed
        # comes back from theirs, so nothing anybody typed is lost.
        return t if o is MISSING and isinstance(t, dict) else o


def _count_new(ours: Any, merged: Any, names: tuple[str, ...]) -> int:
    """How many records ``merged`` holds that ``ours`` did not (at any depth)."""
    if isinstance(ours, dict) and isinstance(merged, dict):
        return sum(_count_new(ours[k], merged[k], (*names, k)) for k in merged if k in ours)
    if isinstance(ours, list) and isinstance(merged, list):
        key = _record_key(names, ours, merged)
        if key is None:
            return 0
        mine = {r[key]: r for r in ours}
        return sum(_count_new(mine[r[key]], r, names) if r[key] in mine else 1 for r in merged)
    return 0


def _set_merge(b: list[Any], o: list[Any], t: list[Any]) -> list[Any]:
    """A list of distinct values (ids, names): ours' order, less what theirs removed, plus what theirs added."""
    removed = {x for x in b if x not in t}
    out = [x for x in o if x not in removed]
    out += [x for x in t if x not in b and x not in out]
    return out


# --- bringing OURS' document to the merged data ---------------------------------------------------------------

def _build(value: Any, inline: bool = False) -> Any:
    """A tomlkit item for plain ``value`` (tables inline inside arrays and inline tables)."""
    if isinstance(value, dict):
        table = tomlkit.inline_table() if inline else tomlkit.table()
        for k, v in value.items():
            table[k] = _build(v, inline=inline or isinstance(v, list))
        return table
    if isinstance(value, list):
        if value and all(isinstance(v, dict) for v in value) and not inline:
            aot = tomlkit.aot()
            for v in value:
                aot.append(_build(v))
            return aot
        arr = tomlkit.array()
        for v in value:
            arr.append(_build(v, inline=True))
        return arr
    if isinstance(value, str) and "\n" in value and "\r" not in value:
        return tomlkit.string(value, multiline=True)
    return value


def _ends_blank(table: Table) -> bool:
    return table.as_string().endswith("\n\n")


def _tidy(aot: AoT) -> None:
    """A blank line after each table of ``aot``, as tomlkit writes tables, so appended records read well."""
    for table in aot.body:
        if not _ends_blank(table):
            table.add(tomlkit.nl())


def _detach_intro(table: Table) -> list[Any]:
    """Remove and return the comments at the end of ``table`` that introduce what follows it (tomlkit keeps
    a comment written above the next section inside the table before it)."""
    body = table.value.body
    i = len(body)
    while i > 0 and body[i - 1][0] is None and isinstance(body[i - 1][1], (Whitespace, Comment)):
        i -= 1
    first = next((j for j in range(i, len(body)) if isinstance(body[j][1], Comment)), None)
    if first is None:
        return []
    moved = [item for _key, item in body[first:]]
    del body[first:]
    return moved


_TOP_HEADER = re.compile(r"^\s*\[(\[?)\s*([A-Za-z0-9_-]+)\s*([.\]])")


def _unsplit(doc: tomlkit.TOMLDocument, text: str) -> None:
    """tomlkit writes an array of tables split around other sections (records added at the end of the file
    by hand) as one block: move the comments that introduced the next section along, so they stay above it."""
    runs: dict[str, list[int]] = {}
    current = None
    for line in text.splitlines():
        m = _TOP_HEADER.match(line)
        if not m:
            continue
        name = m.group(2)
        if m.group(1) == "[" and m.group(3) == "]":  # [[name]]: one more record of a top-level list
            if current != name:
                runs.setdefault(name, []).append(0)
            runs[name][-1] += 1
        current = name
    for name, counts in runs.items():
        aot = doc.get(name)
        if len(counts) < 2 or not isinstance(aot, AoT) or len(aot.body) != sum(counts):
            continue
        at = 0
        for count in counts[:-1]:
            at += count
            moved = _detach_intro(aot.body[at - 1])
            if not _ends_blank(aot.body[at - 1]):
                aot.body[at - 1].add(tomlkit.nl())
            for item in moved:
                aot.body[-1].add(item)


def _apply(container: Any, merged: dict[str, Any], theirs: Any, names: tuple[str, ...]) -> None:
    """Edit the tomlkit ``container`` in place until it holds ``merged``; take items from ``theirs`` (the
    same place in their document) when they hold the value wanted, so their comments come along."""
    for key in [k for k in container if k not in merged]:
        del container[key]
    for key, value in merged.items():
        t_item = theirs[key] if theirs is not None and key in theirs else None
        cur = container.get(key)
        if cur is not None:
            if _eq(_unwrap(cur), value):
                continue
            if isinstance(cur, (Table, InlineTable)) and isinstance(value, dict):
                _apply(cur, value, t_item if isinstance(t_item, (Table, InlineTable)) else None, (*names, key))
                continue
            if isinstance(cur, AoT) and isinstance(value, list):
                ident = _record_key((*names, key), _unwrap(cur), value)
                if ident is not None:
                    _apply_aot(cur, value, t_item if isinstance(t_item, AoT) else None, ident, (*names, key))
                    continue
        if t_item is not None and _eq(_unwrap(t_item), value):
            new = copy.deepcopy(t_item)
        else:
            inline = isinstance(container, InlineTable) or isinstance(cur, (Array, InlineTable)) or (
                cur is None and isinstance(t_item, (Array, InlineTable)))
            new = _build(value, inline=inline)
        if isinstance(new, AoT):
            _tidy(new)
        container[key] = new


def _apply_aot(aot: AoT, merged: list[dict[str, Any]], theirs: AoT | None, ident: str,
               names: tuple[str, ...]) -> None:
    wanted = [r[ident] for r in merged]
    for i in reversed(range(len(aot.body))):
        if aot.body[i].get(ident) is None or _unwrap(aot.body[i][ident]) not in wanted:
            moved = _detach_intro(aot.body[i])
            del aot[i]
            for item in moved if i > 0 else ():  # the comments above the next section stay above it
                aot.body[i - 1].add(item)
    ours = {_unwrap(t[ident]): t for t in aot.body}
    their_tables = {_unwrap(t[ident]): t for t in theirs.body if ident in t} if theirs is not None else {}
    intro: list[Any] = []
    appended = False
    for record in merged:
        key = record[ident]
        if key in ours:
            _apply(ours[key], record, their_tables.get(key), names)
            continue
        source = their_tables.get(key)
        table = copy.deepcopy(source) if source is not None else _build(record)
        if source is not None and theirs is not None and source is theirs.body[-1]:
            _detach_intro(table)  # theirs' heading of the next section: ours has its own
        if source is not None and not _eq(_unwrap(source), record):
            _apply(table, record, None, names)
        if not appended:
            intro = _detach_intro(aot.body[-1]) if aot.body else []
            _tidy(aot)
            appended = True
        if not _ends_blank(table):
            table.add(tomlkit.nl())
        aot.append(table)
    if intro:
        for item in intro:  # the next section's heading comments follow the appended records again
            aot.body[-1].add(item)
    order = [_unwrap(t[ident]) for t in aot.body]
    if order != wanted:  # a record of theirs sits before ours' later ones only if the lists were reordered
        tables = dict(zip(order, list(aot.body)))
        while len(aot.body):
            del aot[0]
        for key in wanted:
            aot.append(tables[key])


# --- conflict comments --------------------------------------------------------------------------------------

_HEADER_LINE = re.compile(r"^\s*\[")


def _index_path(data: Any, path: tuple[Step, ...]) -> tuple[tuple[Any, ...], bool]:
    """The conflict's path as keys and list positions in ``data``; False when only a prefix exists."""
    node: Any = data
    out: list[Any] = []
    for step in path:
        if isinstance(step, tuple):
            if not isinstance(node, list):
                return tuple(out), False
            found = next((i for i, r in enumerate(node) if isinstance(r, dict) and _eq(r.get(step[0]), step[1])),
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
    snippet = f"{key} = {_toml_value(c.theirs)}".split("\n")
    head = _("ours removed it; theirs:") if c.ours is MISSING else _("theirs:")
    return [f"{MARKER} {head} {snippet[0]}", *(f"#   {line}" for line in snippet[1:])]


def _mark(text: str, data: dict[str, Any], conflicts: Iterable[Conflict]) -> str:
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


# --- merging one file ---------------------------------------------------------------------------------------

def _kind(data: dict[str, Any], rel: str) -> str:
    value = data.get("format")
    kind = value.split("/")[1] if isinstance(value, str) and value.count("/") == 2 else ""
    if kind not in MODELS:
        raise PlanError(Problem("merge-not-plan", Level.error, rel, _(
            "not a plan or session file of Cluster Facilitator (format = {value}); merge it by hand").format(
                value=_short(value) if value is not None else _("(none)")), line=1, key="format"))
    migrate.format_version(data, kind, rel)
    return kind


def _validate(kind: str, data: dict[str, Any], text: str, rel: str) -> None:
    try:
        MODELS[kind].model_validate(data)
    except ValidationError as exc:
        raise PlanError(tomlio.validation_problems(exc, data, text, rel)) from None


def merge_texts(base: str | None, ours: str, theirs: str, rel: str, prefer: str | None = None,
                choices: dict[tuple[str, str], str] | None = None, theirs_name: str | None = None) -> FileMerge:
    """Merge THEIRS into OURS against BASE (None or empty: no common ancestor, so nothing is deleted).

    Returns the merged text (None when OURS needs no change) and the conflicts; raises PlanError when an
    input is not a valid plan or session file of the same kind, or the result would not be valid.
    """
    their_rel = theirs_name or rel + " (theirs)"
    o = tomlio.parse_plain(ours, rel)
    t = tomlio.parse_plain(theirs, their_rel)
    b = tomlio.parse_plain(base, rel + " (base)") if base and base.strip() else {}
    kind = _kind(o, rel)
    if _kind(t, their_rel) != kind or (b and _kind(b, rel + " (base)") != kind):
        raise PlanError(Problem("merge-kinds", Level.error, rel, _(
            "the versions to merge are not the same kind of file (plan and session); merge it by hand")))
    _validate(kind, o, ours, rel)
    _validate(kind, t, theirs, their_rel)
    merger = _Merger(rel, prefer, choices)
    merged = merger.value(b, o, t, (), ())
    result = FileMerge(rel, kind, None, merger.conflicts, _count_new(o, merged, ()))
    if _eq(merged, o) and not result.unresolved:
        return result
    doc = tomlio.parse_document(ours, rel)
    _unsplit(doc, ours)
    _apply(doc, merged, tomlio.parse_document(theirs, their_rel), ())
    text = tomlkit.dumps(doc)
    if result.unresolved:
        text = _mark(text, merged, result.unresolved)
    try:
        again = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PlanError(Problem("merge-failed", Level.error, rel, _(
            "internal error: the merged file would not be valid TOML ({err}); nothing was written").format(
                err=exc))) from None
    if not _eq(again, merged):
        raise PlanError(Problem("merge-failed", Level.error, rel, _(
            "internal error: the merged file would not read back as merged; nothing was written")))
    _validate(kind, again, text, rel)
    result.text = text
    return result


def merge_file(base: Path, ours: Path, theirs: Path, name: str | None = None) -> FileMerge:
    """`facilitator merge-file`: merge into OURS, write it atomically (also when conflicts are marked)."""
    rel = name or ours.name
    ours_text, _raw = tomlio.read_text(ours, rel)
    theirs_text, _raw = tomlio.read_text(theirs, rel + " (theirs)")
    base_text = tomlio.read_text(base, rel + " (base)")[0] if base.exists() else None
    result = merge_texts(base_text, ours_text, theirs_text, rel)
    if result.text is not None and result.text != ours_text:
        tomlio.atomic_write(ours, result.text.encode("utf-8"), rel)
    return result


# --- merging a whole plan folder ------------------------------------------------------------------------------

@dataclass
class FolderMerge:
    """What `merge_folders` did (or, with unresolved conflicts, would have done)."""

    files: list[FileMerge] = field(default_factory=list)
    copied: list[str] = field(default_factory=list)
    """Files of OTHER that PLAN did not have, copied in (relative paths)."""
    renamed: list[tuple[str, str]] = field(default_factory=list)
    """(other's file, the name it was copied to) for files that could not be merged."""
    written: bool = False
    writes: list[tuple[Path, bytes, str]] = field(default_factory=list, repr=False)
    """(path, content, relative name) of every file to write."""

    @property
    def conflicts(self) -> list[Conflict]:
        return [c for f in self.files for c in f.conflicts]

    @property
    def unresolved(self) -> list[Conflict]:
        return [c for f in self.files for c in f.unresolved]


def shared_base(plan: Path, other: Path) -> tuple[str | None, int | None]:
    """The newest history snapshot both folders hold with the same content: their common ancestor."""
    def numbers(folder: Path) -> dict[int, Path]:
        found = {}
        for p in data_files(folder, paths.HISTORY_DIR):  # links out of either folder are not read
            m = re.fullmatch(r"plan-r(\d+)\.toml", p.name)
            if m:
                found[int(m.group(1))] = p
        return found

    mine, theirs = numbers(plan), numbers(other)
    for n in sorted(set(mine) & set(theirs), reverse=True):
        try:
            a, b = mine[n].read_bytes(), theirs[n].read_bytes()
        except OSError:
            continue
        if a == b:
            try:
                return a.decode("utf-8").removeprefix("\ufeff"), n
            except UnicodeDecodeError:
                continue
    return None, None


def _free_name(folder: Path, name: str, taken: set[str]) -> str:
    stem, suffix = name.rsplit(".", 1)
    n = 2
    while (folder / f"{stem}-{n}.{suffix}").exists() or f"{stem}-{n}.{suffix}" in taken:
        n += 1
    return f"{stem}-{n}.{suffix}"


def merge_folders(plan: str | Path, other: str | Path, prefer: str | None = None) -> FolderMerge:
    """Merge the plan folder OTHER into PLAN, holding PLAN's lock (`facilitator merge`).

    plan.toml is merged against the newest history snapshot both share; sessions of OTHER are copied in
    when absent, merged by ids when the same session (same `id`) differs, kept as a renamed copy
    otherwise; history snapshots are unioned. With unresolved conflicts nothing is written.
    """
    from facilitator.store import PlanStore

    store = PlanStore.open(plan)
    try:
        return merge_into(store, other, prefer)
    finally:
        store.close()


def merge_into(store: PlanStore, other: str | Path, prefer: str | None = None,
               choices: dict[tuple[str, str], str] | None = None) -> FolderMerge:
    """Merge OTHER into the open plan ``store`` (whose lock this process holds): `merge_folders` for a
    store already open, as in the app. ``choices`` resolves single conflicts by `Conflict.key`.

    The caller reloads the store after a write (`FolderMerge.written`)."""
    if store.read_only:
        raise PlanError(Problem("read-only", Level.error, paths.PLAN_FILE, _(
            "the plan is open elsewhere (held by {who}); close it there, then merge").format(
                who=store.holder or _("another window"))))
    out = prepare(store.folder, other, prefer, choices)
    if out.unresolved:
        return out
    if store.changed_on_disk():
        raise PlanError(Problem("changed-on-disk", Level.error, paths.PLAN_FILE, _(
            "plan.toml changed on disk since the plan was opened; reload it, then merge again "
            "(nothing was written)")))
    # The plan last: if a write fails midway, the copied sessions are simply new files.
    for path, data, rel in sorted(out.writes, key=lambda w: w[0] == store.plan_path):
        path.parent.mkdir(parents=True, exist_ok=True)
        tomlio.atomic_write(path, data, rel)
    out.written = bool(out.writes)
    return out


def prepare(folder: Path, other: str | Path, prefer: str | None = None,
            choices: dict[tuple[str, str], str] | None = None) -> FolderMerge:
    """Work out the merge of OTHER into the plan ``folder`` without writing anything (a preview)."""
    folder = Path(folder).expanduser().resolve()
    other = Path(other).expanduser().resolve()
    if not (other / paths.PLAN_FILE).is_file():
        raise PlanError(Problem("no-plan", Level.error, str(other), _(
            "this folder has no plan.toml; give the folder of the other copy of the plan")))
    if folder == other:
        raise PlanError(Problem("merge-same", Level.error, str(other), _("this is the same plan folder")))
    out = FolderMerge()
    ours_text, _raw = tomlio.read_text(folder / paths.PLAN_FILE, paths.PLAN_FILE)
    theirs_text, _raw = tomlio.read_text(other / paths.PLAN_FILE, str(other / paths.PLAN_FILE))
    base_text, _n = shared_base(folder, other)
    result = merge_texts(base_text, ours_text, theirs_text, paths.PLAN_FILE, prefer, choices,
                         theirs_name=str(other / paths.PLAN_FILE))
    out.files.append(result)
    if result.text is not None and result.text != ours_text:
        out.writes.append((folder / paths.PLAN_FILE, result.text.encode("utf-8"), paths.PLAN_FILE))

    taken: set[str] = set()
    for sub in (paths.SESSIONS_DIR, paths.HISTORY_DIR):
        mine = data_files(folder, sub)  # links out of either folder are neither read nor copied
        contents = {p.read_bytes() for p in mine}
        ids = _session_ids(mine) if sub == paths.SESSIONS_DIR else {}
        for source in data_files(other, sub):
            data = source.read_bytes()
            if data in contents:
                continue  # already here, under this name or another
            rel = f"{sub}/{source.name}"
            ident = _session_id(source) if sub == paths.SESSIONS_DIR else None
            same = ids.get(ident) if ident is not None else None
            if same is not None:  # the same session, edited in both copies: merged by ids
                same_rel = f"{sub}/{same.name}"
                merged = _merge_session(same, source, same_rel, prefer, choices)
                if merged is not None:
                    out.files.append(merged)
                    if merged.text is not None:
                        out.writes.append((same, merged.text.encode("utf-8"), same_rel))
                    continue
            name = source.name
            if (folder / sub / name).exists() or name in taken:
                name = _free_name(folder / sub, name, taken)
                out.renamed.append((rel, f"{sub}/{name}"))
            else:
                out.copied.append(rel)
            taken.add(name)
            out.writes.append((folder / sub / name, data, f"{sub}/{name}"))
    return out


def _session_id(path: Path) -> str | None:
    try:
        value = tomllib.loads(path.read_text(encoding="utf-8")).get("id")
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    return value if isinstance(value, str) else None


def _session_ids(files: list[Path]) -> dict[str, Path]:
    out: dict[str, Path] = {}
    for path in files:
        ident = _session_id(path)
        if ident is not None:
            out.setdefault(ident, path)
    return out


def _merge_session(ours: Path, theirs: Path, rel: str, prefer: str | None,
                   choices: dict[tuple[str, str], str] | None) -> FileMerge | None:
    """The same session (same id) edited in both copies: merged by ids with no base, so nothing is
    deleted; None when either file cannot be merged (the caller keeps both)."""
    ours_text, _raw = tomlio.read_text(ours, rel)
    theirs_text, _raw = tomlio.read_text(theirs, rel + " (theirs)")
    try:
        return merge_texts(None, ours_text, theirs_text, rel, prefer, choices)
    except PlanError:
        return None
