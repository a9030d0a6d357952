"""Reading and writing TOML: located parsing, in-place patching from models, atomic writes.

This is the only module that touches TOML text. Reads check syntax with the strict standard `tomllib`
(fast, and its errors carry a line), then keep a tomlkit document for editing. Writes never replace a
whole table: `patch` assigns only what changed and matches arrays of tables by `id`, so comments, key
order and untouched text survive. Every rendered document is re-read with `tomllib` and compared before
it reaches the disk, and the disk write is atomic (temp file, fsync, replace, folder fsync).
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import os
import re
import tempfile
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomlkit
from pydantic import BaseModel, ValidationError
from tomlkit.items import AoT, Array, Comment, InlineTable, Table, Whitespace

from facilitator.i18n import N_, _
from facilitator.problems import Level, PlanError, Problem

MAX_FILE_BYTES = 20 * 1024 * 1024
"""Files larger than this are refused: no plan file is anywhere near it, and parsing one would freeze."""

# Records short enough to read well as inline tables: `targets = [{ year = 2028, value = 100 }]`.
INLINE_RECORDS = {"Target", "Funding"}


# --- stamps: has the file changed since we read it? -------------------------------------------------

@dataclass(frozen=True)
class Stamp:
    mtime_ns: int
    size: int
    sha256: str


def stamp_of(path: Path, data: bytes | None = None) -> Stamp:
    st = path.stat()
    if data is None:
        data = path.read_bytes()
    return Stamp(st.st_mtime_ns, st.st_size, hashlib.sha256(data).hexdigest())


def changed_since(path: Path, stamp: Stamp) -> bool:
    """True when the file on disk is not the one described by ``stamp`` (edited, replaced or deleted)."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return True
    if st.st_size != stamp.size:
        return True
    # Same size: compare content, a sync tool may keep sizes and even mtimes.
    return hashlib.sha256(path.read_bytes()).hexdigest() != stamp.sha256


# --- reading ----------------------------------------------------------------------------------------------

def read_text(path: Path, rel: str) -> tuple[str, bytes]:
    """The file's text, or a located PlanError for a missing, huge, binary or non-UTF-8 file."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise PlanError(Problem("file-too-large", Level.error, rel, _(
                "the file is {size} MB, larger than the {limit} MB this tool reads; "
                "check that it is really a plan file").format(size=size // 2**20, limit=MAX_FILE_BYTES // 2**20)))
        data = path.read_bytes()
    except FileNotFoundError:
        raise PlanError(Problem("file-missing", Level.error, rel, _("file not found"))) from None
    except IsADirectoryError:
        raise PlanError(Problem("file-missing", Level.error, rel, _("is a folder, expected a TOML file"))) from None
    except PermissionError:
        raise PlanError(Problem("file-unreadable", Level.error, rel,
                                _("permission denied; check the file's permissions"))) from None
    except OSError as exc:
        raise PlanError(Problem("file-unreadable", Level.error, rel, _(
            "cannot read the file: {reason}").format(reason=exc.strerror or exc))) from None
    if b"\x00" in data:
        raise PlanError(Problem("not-text", Level.error, rel, _(
            "the file is binary, not TOML text; restore it from a copy or from history/")))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise PlanError(Problem("not-utf8", Level.error, rel, _(
            "the text is not UTF-8 (byte {byte} at column {col}); save the file as UTF-8 in your editor").format(
                byte=hex(data[exc.start]), col=exc.start - data.rfind(b"\n", 0, exc.start)), line=line)) from None
    text = text.removeprefix("\ufeff")
    return text, data


_TOMLLIB_AT = re.compile(r"\(at line (\d+), column (\d+)\)|\(at end of document\)")


MAX_NESTING = 50
"""Arrays and tables nested deeper than this are refused where files are parsed. A plan or session file
nests about 5 levels; without a limit, hostile nesting (`a = [[[[…]]]]` thousands deep) reaches
Python's recursion limit in tomllib, tomlkit, pydantic or the merge instead of giving a located error.
tomlkit itself refuses more than 100 levels, so every file read for display can also be edited."""


def _too_deep() -> str:
    return _("the file nests arrays or tables more than {n} levels deep, too deeply to read; it is not a plan "
             "file as written by this tool — remove that value, or restore the file from a copy or from "
             "history/").format(n=MAX_NESTING)


def _nesting_path(data: dict[str, Any]) -> tuple[Any, ...] | None:
    """The key path of the first value nested more than `MAX_NESTING` containers deep, else None.
    Iterative, so that it cannot itself run out of stack."""
    stack: list[tuple[tuple[Any, ...], Any]] = [((), data)]
    while stack:
        path, node = stack.pop()
        if len(path) > MAX_NESTING:
            return path
        if isinstance(node, dict):
            stack.extend((path + (k,), v) for k, v in node.items() if isinstance(v, (dict, list)))
        elif isinstance(node, list):
            stack.extend((path + (i,), v) for i, v in enumerate(node) if isinstance(v, (dict, list)))
    return None


def _deep_line(text: str) -> int | None:
    """The line where brackets and braces first open more than `MAX_NESTING` deep, by a rough scan that
    skips strings and comments (for the message when the parser itself ran out of stack)."""
    depth, line, i, n = 0, 1, 0, len(text)
    while i < n:
        c = text[i]
        if c == "\n":
            line += 1
        elif c == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        elif c in "\"'":
            quote = c * 3 if text.startswith(c * 3, i) else c
            i += len(quote)
            while i < n and not text.startswith(quote, i):
                if c == '"' and text[i] == "\\":
                    i += 1  # the escaped character cannot close the string
                if i < n and text[i] == "\n":
                    line += 1
                i += 1
            i += len(quote)
            continue
        elif c in "[{":
            depth += 1
            if depth > MAX_NESTING:
                return line
        elif c in "]}":
            depth = max(depth - 1, 0)
        i += 1
    return None


def parse_plain(text: str, rel: str) -> dict[str, Any]:
    """Parse with the standard library (fast, strict); a syntax error or hostile nesting becomes a located
    PlanError."""
    try:
        data = tomllib.loads(text)
    except RecursionError:
        raise PlanError(Problem("toml-too-deep", Level.error, rel, _too_deep(), line=_deep_line(text))) from None
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        m = _TOMLLIB_AT.search(msg)
        last = len(text.rstrip().splitlines()) or 1
        # "at end of document" (an unclosed array or string): point at the last line that has content.
        line = min(int(m.group(1)), last) if m and m.group(1) else last
        what = _TOMLLIB_AT.sub("", msg).strip()
        raise PlanError(Problem("toml-syntax", Level.error, rel, _(
            "TOML syntax error: {what}; fix this line (strings need quotes, each key once per table)").format(
                what=what), line=line)) from None
    deep = _nesting_path(data)
    if deep is not None:
        raise PlanError(Problem("toml-too-deep", Level.error, rel, _too_deep(),
                                line=line_of(key_lines(text), deep), key=key_label(deep[:2]) or None))
    return data


def parse_document(text: str, rel: str) -> tomlkit.TOMLDocument:
    """Parse for editing with tomlkit (after `parse_plain` accepted the text)."""
    try:
        return tomlkit.parse(text)
    except RecursionError:
        raise PlanError(Problem("toml-too-deep", Level.error, rel, _too_deep(), line=_deep_line(text))) from None
    except Exception as exc:  # noqa: BLE001 -- tomlkit.exceptions.ParseError, or an internal error on odd input
        raise PlanError(Problem("toml-syntax", Level.error, rel, _(
            "TOML syntax error: {what}; fix this line").format(what=exc), line=getattr(exc, "line", None))) from None


# --- locating keys in the text ------------------------------------------------------------------------------

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"""^\s*((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*=""")


def _split_key(dotted: str) -> list[str]:
    parts = re.findall(r"""[A-Za-z0-9_-]+|"[^"]*"|'[^']*'""", dotted)
    return [p[1:-1] if p[:1] in "\"'" else p for p in parts]


def key_lines(text: str) -> dict[tuple[Any, ...], int]:
    """Map each key path (``("indicators", 2, "baseline")``) to the 1-based line where it is written.

    A line scanner rather than a parser: it understands table and array-of-tables headers, dotted keys
    and multi-line strings, which is what a located message needs. Inline tables map to their key's line.
    """
    lines: dict[tuple[Any, ...], int] = {}
    aot_count: dict[tuple[Any, ...], int] = {}
    current: tuple[Any, ...] = ()
    in_multiline: str | None = None
    for n, raw in enumerate(text.splitlines(), start=1):
        if in_multiline:
            if raw.count(in_multiline) % 2 == 1:
                in_multiline = None
            continue
        header = _HEADER.match(raw)
        if header:
            is_aot = header.group(1) == "[["
            path: tuple[Any, ...] = ()
            names = _split_key(header.group(2))
            for i, name in enumerate(names):
                path = path + (name,)
                last = i == len(names) - 1
                if last and is_aot:
                    idx = aot_count.get(path, 0)
                    aot_count[path] = idx + 1
                    lines.setdefault(path, n)
                    path = path + (idx,)
                elif path in aot_count:
                    path = path + (aot_count[path] - 1,)
            current = path
            lines.setdefault(current, n)
            continue
        key = _KEY.match(raw)
        if key:
            path = current + tuple(_split_key(key.group(1)))
            lines.setdefault(path, n)
            rest = raw[key.end():]
            for quote in ('"""', "'''"):
                if rest.count(quote) % 2 == 1:
                    in_multiline = quote
                    break
    return lines


def line_of(lines: dict[tuple[Any, ...], int], path: tuple[Any, ...]) -> int | None:
    """The line of ``path`` or of its nearest written ancestor."""
    path = tuple(p for p in path if isinstance(p, (str, int)))
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return None


def key_label(path: tuple[Any, ...]) -> str:
    out = ""
    for p in path:
        if isinstance(p, int):
            out += f"[{p + 1}]"
        elif isinstance(p, str):
            out += ("." if out else "") + p
    return out


# --- validation with located messages ----------------------------------------------------------------------

_FIX = {
    "missing": N_("add the key"),
    "finite_number": N_("write an ordinary number (nan and inf are not allowed)"),
    "float_parsing": N_("write a number without quotes, such as 85 or 85.5"),
    "float_type": N_("write a number without quotes, such as 85 or 85.5"),
    "int_parsing": N_("write a whole number without quotes"),
    "int_type": N_("write a whole number without quotes"),
    "int_from_float": N_("write a whole number"),
    "bool_type": N_("write true or false"),
    "bool_parsing": N_("write true or false"),
    "string_type": N_("put the text in double quotes"),
    "date_type": N_("write a TOML date such as 2026-11-22 (no quotes)"),
    "date_parsing": N_("write a TOML date such as 2026-11-22 (no quotes)"),
    "date_from_datetime_parsing": N_("write a TOML date such as 2026-11-22 (no quotes)"),
    "date_from_datetime_inexact": N_("write a TOML date such as 2026-11-22 (no quotes)"),
    "datetime_type": N_("write a TOML date-time such as 2026-11-22T09:30:00-03:00"),
    "datetime_parsing": N_("write a TOML date-time such as 2026-11-22T09:30:00-03:00"),
    "list_type": N_("write a list in brackets, such as [\"a\", \"b\"]"),
    "model_type": N_("this key must be a table"),
    "dict_type": N_("this key must be a table"),
    "model_attributes_type": N_("this key must be a table"),
    "string_too_long": N_("shorten the text"),
    "string_too_short": N_("this text cannot be empty"),
    "greater_than_equal": N_("use a larger value"),
    "less_than_equal": N_("use a smaller value"),
    "extra_forbidden": N_("remove this key or check its spelling"),
}


def _fix_for(err: Any) -> str:
    kind = err["type"]
    if kind in ("enum", "literal_error"):
        return _("check the spelling (the accepted values are listed)")
    if kind == "string_pattern_mismatch":
        last = next((p for p in reversed(err["loc"]) if isinstance(p, str)), "")
        if last in ("id", "stakeholder", "author", "group", "line", "objective", "session") or last.endswith("s"):
            return _("ids look like obj-4k7q2m: a short prefix, a dash, lowercase letters and digits")
        if last == "code":
            return _("codes look like O1 or I1.2: letters, digits, dots and dashes")
        if last == "currency":
            return _("use an ISO 4217 code such as USD, EUR, BRL, UYU")
        if last == "language":
            return _("use en, es or pt")
        return _("check the value's form")
    return _(_FIX.get(kind, "correct the value"))


def validation_problems(exc: ValidationError, data: dict[str, Any], text: str, rel: str) -> list[Problem]:
    """Turn a pydantic ValidationError into located problems, one per error."""
    lines = key_lines(text)
    problems = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        path = tuple(p for p in loc if isinstance(p, (str, int)))
        # pydantic appends a tag (e.g. "function-after[...]") for constrained unions: keep the data path only.
        clean: list[Any] = []
        node: Any = data
        for p in path:
            present = (isinstance(node, dict) and p in node) or (
                isinstance(node, list) and isinstance(p, int) and p < len(node))
            if present:
                node = node[p]
            elif err["type"] not in ("missing", "extra_forbidden"):
                break
            clean.append(p)
        record = _record_label(data, clean)
        label = key_label(tuple(clean))
        msg = err["msg"]
        if err["type"] not in ("missing", "extra_forbidden") and "input" in err and not isinstance(
                err["input"], (dict, list)):
            shown = repr(err["input"])
            msg += f" (found {shown[:60]}{'…' if len(shown) > 60 else ''})"
        problems.append(Problem(
            "invalid-value", Level.error, rel,
            _("{key}: {msg}; {fix}").format(key=label or "(file)", msg=msg, fix=_fix_for(err)),
            line=line_of(lines, tuple(clean)), key=label or None, record=record))
    return problems


def _record_label(data: Any, path: list[Any]) -> str | None:
    """The code (or id) of the innermost record on ``path``, for messages and JSON output."""
    node, found = data, None
    for p in path:
        try:
            node = node[p]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict) and (node.get("code") or node.get("id")):
            found = str(node.get("code") or node.get("id"))
    return found


# --- patching a document from a model -----------------------------------------------------------------------

def _fields(model: BaseModel) -> Iterator[tuple[str, Any, bool]]:
    """(key, value, is_default) for every field and kept extra key of ``model``."""
    for name, field in type(model).model_fields.items():
        value = getattr(model, name)
        default = field.get_default(call_default_factory=True)
        yield name, value, value == default
    for name, value in (model.model_extra or {}).items():
        yield name, value, False


def _scalar(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        # tomlkit mis-renders offsets with seconds; whole minutes only.
        off = value.utcoffset()
        if off is not None and off.seconds % 60:
            value = value.replace(tzinfo=dt.timezone(dt.timedelta(minutes=round(off.total_seconds() / 60))))
    if isinstance(value, str) and "\n" in value and "\r" not in value:
        # TOML turns a raw CR LF inside a multi-line string into LF: text with CR stays escaped on one line.
        return tomlkit.string(value, multiline=True)
    if isinstance(value, list):
        return [_scalar(v) for v in value]
    if isinstance(value, dict):  # small maps (scores, table fields) read best inline
        table = tomlkit.inline_table()
        table.update({k: _scalar(v) for k, v in value.items()})
        return table
    return value


def plain(model: BaseModel) -> dict[str, Any]:
    """A new record as data for a fresh table: no None, no default values."""
    out: dict[str, Any] = {}
    for name, value, is_default in _fields(model):
        if value is None or is_default:
            continue
        if isinstance(value, BaseModel):
            out[name] = plain(value)
        elif isinstance(value, list) and value and isinstance(value[0], BaseModel):
            out[name] = [plain(v) for v in value]
        else:
            out[name] = value
    return out


def _record_table(model: BaseModel) -> Table:
    """A new record of an array of tables (never inline)."""
    table = _new_table(model)
    assert isinstance(table, Table)
    return table


def _new_table(model: BaseModel, inline: bool = False) -> Table | InlineTable:
    table = tomlkit.inline_table() if inline else tomlkit.table()
    for name, value, is_default in _fields(model):
        if value is None or is_default:
            continue
        _set(table, name, value)
    return table


def _unwrap(item: Any) -> Any:
    return item.unwrap() if hasattr(item, "unwrap") else item


def _same(existing: Any, value: Any) -> bool:
    old = _unwrap(existing)
    if isinstance(value, BaseModel) or (isinstance(value, list) and value and isinstance(value[0], BaseModel)):
        return False  # records are patched field by field
    return type(old) is type(value) and old == value or (
        isinstance(old, (int, float)) and isinstance(value, (int, float)) and not isinstance(old, bool)
        and not isinstance(value, bool) and old == value)


def _set(table: Any, name: str, value: Any, before: Any = None, now: Any = None,
         removed: dict[str, Any] | None = None) -> None:
    """Set ``table[name]`` to ``value``, patching in place where a table or array of tables exists."""
    existing = table.get(name) if name in table else None
    if isinstance(value, BaseModel):
        if isinstance(existing, (Table, InlineTable)):
            patch(existing, value, before if isinstance(before, dict) else None, now, removed)
        else:
            table[name] = _new_table(value, inline=isinstance(table, InlineTable))
        return
    if isinstance(value, list) and value and isinstance(value[0], BaseModel):
        if isinstance(existing, AoT):
            _patch_aot(existing, value, before if isinstance(before, list) else None, now, table, removed)
        elif isinstance(existing, Array) or type(value[0]).__name__ in INLINE_RECORDS or isinstance(
                table, InlineTable):
            if isinstance(existing, Array) and len(existing) == len(value) and all(
                    isinstance(item, InlineTable) for item in existing):
                # Same number of small records (a target's value changed): patch each in place, so the
                # line keeps its spacing — `{ year = 2029, value = 50 }` — and changes only where it must.
                for item, v in zip(existing, value):
                    patch(item, v)
                return
            if existing is None or _unwrap(existing) != [plain(v) for v in value]:
                arr = tomlkit.array()
                for v in value:
                    arr.append(_new_table(v, inline=True))
                table[name] = arr
        else:
            aot = tomlkit.aot()
            for v in value:
                aot.append(_new_table(v))
            # The blank line and comments that end this table (they belong above the next header) stay
            # after the new list, not between this table's keys and the list.
            tail = _pop_tail(table) if isinstance(table, Table) else []
            table[name] = aot
            _tail_body(aot.body[-1]).extend(tail)
        return
    if existing is not None and _same(existing, value):
        return
    table[name] = _scalar(value)


def _patch_aot(aot: AoT, models: list[BaseModel], before: list[Any] | None, now: list[Any] | None,
               parent: Any = None, removed: dict[str, Any] | None = None) -> None:
    """Patch an array of tables: by ``id`` where records have one, else by position.

    ``before`` (the records as last written into this document) lets unchanged records be skipped without
    touching tomlkit, which keeps a capture in a session of a thousand notes fast.
    """
    now = now if now is not None else [m.model_dump() for m in models]
    keyed = all("id" in type(m).model_fields for m in models)
    if not keyed:
        for i, m in enumerate(models):
            if i < len(aot.body):
                old = before[i] if before is not None and i < len(before) else None
                if old is None or old != now[i]:
                    patch(aot.body[i], m, old, now[i], removed)
            else:
                append_table(aot, _record_table(m))
        if len(aot.body) > len(models):
            tail = _pop_tail(aot.body[-1])  # what follows the list belongs after its new last record
            while len(aot.body) > len(models):
                del aot[len(aot.body) - 1]
            _tail_body(aot.body[-1]).extend(tail)
        return
    wanted = [m.id for m in models]  # type: ignore[attr-defined]
    if before is not None and len(before) == len(aot.body):
        order = [d.get("id") for d in before]  # the document's order, known without asking tomlkit
    else:
        order = [str(t.get("id")) for t in aot.body]
    old_by_id = {d.get("id"): d for d in before} if before is not None else {}
    if order == wanted:
        for found, (m, data) in enumerate(zip(models, now)):
            if old_by_id.get(m.id) != data:  # type: ignore[attr-defined]
                patch(aot.body[found], m, old_by_id.get(m.id), data, removed)  # type: ignore[attr-defined]
        return
    # Records added, removed or moved: the comments above each record's header travel with it, and
    # what follows the list (the next section's heading comments) stays after its last record.
    leads, tail = _detach_leads(aot, order)
    first = order[0] if order else None
    if first is not None and wanted[:1] != [first]:
        above = _first_lead(parent, aot)  # the first record's own comments, below the section's heading
        if above:
            leads[first] = above
    tables = dict(zip(order, list(aot.body)))
    if removed is not None:
        # A removed record's table is kept for this file's life: put back (an undo), it comes back as written,
        # with its comments and the keys it had at their default values.
        for id_ in set(order) - set(wanted):
            removed[str(id_)] = (tables[id_], leads.get(id_, ""))
    for m, data in zip(models, now):
        table = tables.get(m.id)  # type: ignore[attr-defined]
        if table is None:
            kept = removed.pop(m.id, None) if removed is not None else None  # type: ignore[attr-defined]
            if kept is not None:
                table, lead = kept
                patch(table, m, None, data, removed)
                leads.setdefault(m.id, lead)  # type: ignore[attr-defined]
                tables[m.id] = table  # type: ignore[attr-defined]
            else:
                tables[m.id] = _new_table(m)  # type: ignore[attr-defined]
        elif old_by_id.get(m.id) != data:  # type: ignore[attr-defined]
            patch(table, m, old_by_id.get(m.id), data, removed)  # type: ignore[attr-defined]
    while len(aot.body):
        del aot[len(aot.body) - 1]
    for i, id_ in enumerate(wanted):
        table = tables[id_]
        indent = leads.get(id_, "") + table.trivia.indent
        if i == 0 and id_ != first and not indent.strip():
            indent = ""  # no blank line under the section's heading
        elif i > 0 and "\n" not in indent:
            indent = "\n" + indent  # a blank line between records, as tomlkit writes them
        table.trivia.indent = indent
        aot.append(table)
    if aot.body:
        _tail_body(aot.body[-1]).extend(tail)


# --- the comments around records of an array of tables ------------------------------------------------------
#
# tomlkit keeps the comment lines above a `[[header]]` at the end of the *previous* table. When records are
# removed or reordered, those lines must move with the record below them, and the lines after the list's
# last record (the next section's heading) must stay at the end of the list.

def _tail_body(table: Table) -> list[tuple[Any, Any]]:
    """The body that holds the lines written after ``table`` (the innermost last table, for nested lists)."""
    body = table.value.body
    while body and body[-1][0] is not None:
        last = body[-1][1]
        if isinstance(last, AoT) and last.body:
            body = last.body[-1].value.body
        elif isinstance(last, Table):
            body = last.value.body
        else:
            break
    return body


def _pop_tail(table: Table) -> list[tuple[Any, Any]]:
    """Remove and return the comment and blank lines after ``table``'s keys, from its first blank line on
    (comments directly under the keys, with no blank line between, belong to the table itself)."""
    body = _tail_body(table)
    i = len(body)
    while i and body[i - 1][0] is None and isinstance(body[i - 1][1], (Comment, Whitespace)):
        i -= 1
    while i < len(body) and not isinstance(body[i][1], Whitespace):
        i += 1
    run = body[i:]
    del body[i:]
    return run


def _detach_leads(aot: AoT, order: list[Any]) -> tuple[dict[Any, str], list[tuple[Any, Any]]]:
    """Take the lines between records out of ``aot``: ({record id: the lines above its header}, the lines
    after the last record)."""
    leads: dict[Any, str] = {}
    tail: list[tuple[Any, Any]] = []
    for k, table in enumerate(aot.body):
        run = _pop_tail(table)
        if k + 1 < len(aot.body):
            leads[order[k + 1]] = "".join(item.as_string() for _key, item in run)
        else:
            tail = run
    return leads, tail


def _first_lead(parent: Any, aot: AoT) -> str:
    """Take out the comments right above the list's first header when a blank line parts them from the
    section's heading above (``# People``, blank, ``# Bruno joined in May``, ``[[stakeholders]]``)."""
    if parent is None or isinstance(parent, InlineTable):
        return ""
    body = parent.body if isinstance(parent, tomlkit.TOMLDocument) else parent.value.body
    at = next((i for i, (_key, item) in enumerate(body) if item is aot), None)
    if not at:
        return ""
    prev = body[at - 1][1]
    if isinstance(prev, AoT) and prev.body:
        prev = prev.body[-1]
    if not isinstance(prev, Table):
        return ""
    inner = _tail_body(prev)
    i = len(inner)
    while i and inner[i - 1][0] is None and isinstance(inner[i - 1][1], Comment):
        i -= 1
    if i == len(inner) or not i or inner[i - 1][0] is not None or not isinstance(inner[i - 1][1], Whitespace):
        return ""  # no comment block of its own, or not parted by a blank line
    j = i - 1
    if not j or inner[j - 1][0] is not None or not isinstance(inner[j - 1][1], Comment):
        return ""  # a single block of comments: the section's heading, which stays
    run = inner[j:]
    del inner[j:]
    return "".join(item.as_string() for _key, item in run)


def append_table(aot: AoT, table: Table) -> None:
    """Append ``table`` to ``aot`` after its last record, before the lines that follow the list."""
    tail = _pop_tail(aot.body[-1]) if aot.body else []
    if aot.body and "\n" not in table.trivia.indent:
        table.trivia.indent = "\n" + table.trivia.indent
    aot.append(table)
    _tail_body(aot.body[-1]).extend(tail)


def _delete_list(table: Any, name: str) -> None:
    """Delete the array of tables ``table[name]``, keeping the lines that followed it where it was."""
    aot = table[name]
    tail = _pop_tail(aot.body[-1]) if aot.body else []
    body = table.body if isinstance(table, tomlkit.TOMLDocument) else table.value.body
    at = next((i for i, (_key, item) in enumerate(body) if item is aot), None)
    del table[name]
    text = "".join(item.as_string() for _key, item in tail)
    if text and at is not None and body[at][0] is None:
        body[at] = (None, Whitespace(text))  # rendered as written; the next read parses them as comments


def patch(table: Any, model: BaseModel, before: dict[str, Any] | None = None,
          now: dict[str, Any] | None = None, removed: dict[str, Any] | None = None) -> None:
    """Write ``model`` into the tomlkit ``table`` in place, touching only what differs.

    A key absent from the file and at its default stays absent; a field that became None is removed;
    arrays of tables are matched by ``id`` (or by position for records without one). ``before`` is the
    model's `model_dump()` as last written into this table, if known: fields equal to it are skipped.
    ``removed`` (by record id) keeps the tables of removed records, to put them back as they were.
    """
    if now is None:
        now = model.model_dump()
    for name, value, is_default in _fields(model):
        if before is not None and name in before and name in now and before[name] == now[name]:
            continue
        if value is None or (isinstance(value, list) and not value and is_default):
            if name in table:
                if isinstance(table.get(name), AoT):
                    _delete_list(table, name)
                else:
                    del table[name]
            continue
        if name not in table and is_default:
            continue
        _set(table, name, value, before.get(name) if before is not None else None, now.get(name), removed)


def render(doc: tomlkit.TOMLDocument, rel: str) -> str:
    """The document as text, verified by re-reading it with `tomllib`."""
    text = tomlkit.dumps(doc)
    try:
        again = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PlanError(Problem("render-failed", Level.error, rel, _(
            "internal error: the file to write would not be valid TOML ({err}); nothing was written").format(
                err=exc))) from None
    if again != doc.unwrap():
        raise PlanError(Problem("render-failed", Level.error, rel, _(
            "internal error: the file to write would not read back the same; nothing was written")))
    return text


# --- the capture fast path: appending records without re-rendering the file ----------------------------------

def appended_only(before: dict[str, Any] | None, now: dict[str, Any]) -> dict[str, int] | None:
    """If ``now`` differs from ``before`` only by records appended to top-level lists, return for each such
    list how many records it had; else None."""
    if before is None or before.keys() != now.keys():
        return None
    grown = {}
    for key, value in now.items():
        old = before[key]
        if value == old:
            continue
        if (isinstance(value, list) and isinstance(old, list) and old and len(value) > len(old)
                and value[: len(old)] == old):
            grown[key] = len(old)
        else:
            return None
    return grown or None


_HEADER_LINE = re.compile(r"^[ \t]*\[\[?[ \t]*([A-Za-z0-9_\"\'-]+)", re.MULTILINE)
_TRIPLE = re.compile(r'"""|\'\'\'')


def _header_lines(text: str) -> list[tuple[int, str]]:
    """(offset, first key) of every table header outside multi-line strings, in order.

    On the capture path for every note, so it works on the whole text with regular expressions rather
    than line by line: find the multi-line strings' spans, then the header lines outside them. A quoted
    table name keeps its quote, so callers can tell it apart. Offsets, not line numbers: counting lines
    is left to the few headers a caller needs.
    """
    spans: list[tuple[int, int]] = []
    opened: tuple[str, int] | None = None
    for m in _TRIPLE.finditer(text):
        if opened is None:
            opened = (m.group(), m.start())
        elif m.group() == opened[0]:
            spans.append((opened[1], m.end()))
            opened = None
    if opened is not None:
        spans.append((opened[1], len(text)))
    if not spans:
        return [(m.start(), m.group(1)) for m in _HEADER_LINE.finditer(text)]
    starts = [a for a, _b in spans]
    out = []
    for m in _HEADER_LINE.finditer(text):
        at = m.start()
        i = bisect.bisect_right(starts, at) - 1
        if i >= 0 and spans[i][0] <= at < spans[i][1]:
            continue
        out.append((at, m.group(1)))
    return out


def append_records(doc: tomlkit.TOMLDocument, text: str, model: BaseModel, grown: dict[str, int],
                   rel: str) -> str | None:
    """Append the new records of ``grown`` lists to ``doc`` and return the new file text, spliced into
    ``text`` after each list's last table; None when the layout does not allow it (use a full render).

    The spliced fragment is verified by re-reading it with `tomllib`.
    """
    if '\\"""' in text or "\\\'\'\'" in text:
        return None  # escaped quotes near a multi-line string: the span scan could be fooled
    lines = text.split("\n")
    headers = _header_lines(text)
    if any(first[:1] in "\"'" for _n, first in headers):
        return None  # quoted table names: let tomlkit place the records
    inserts: list[tuple[int, str]] = []
    for key, old_len in grown.items():
        if not isinstance(doc.get(key), AoT) or len(doc[key].body) != old_len:
            return None
        mine = [off for off, first in headers if first == key]
        if not mine:
            return None
        later = [off for off, first in headers if off > mine[-1] and first != key]
        if any(first == key for off, first in headers if later and off > later[0]):
            return None  # the list is split around other tables: let tomlkit place it
        last_mine = text.count("\n", 0, mine[-1])
        at = text.count("\n", 0, later[0]) if later else len(lines)
        while at > last_mine + 1 and (not lines[at - 1].strip() or lines[at - 1].lstrip().startswith("#")):
            at -= 1  # before the comments and blank lines that introduce the next table
        records = getattr(model, key)[old_len:]
        tables = [_new_table(r) for r in records]
        expected = [t.unwrap() for t in tables]
        fragment_doc = tomlkit.document()
        fragment_doc[key] = tomlkit.aot()
        for table in tables:
            fragment_doc[key].append(table)
        fragment = tomlkit.dumps(fragment_doc)
        try:
            if tomllib.loads(fragment).get(key) != expected:
                return None
        except tomllib.TOMLDecodeError:
            return None
        for record in records:
            append_table(doc[key], _record_table(record))
        inserts.append((at, fragment))
    for at, fragment in sorted(inserts, reverse=True):
        head, tail = lines[:at], lines[at:]
        block = fragment.rstrip("\n").split("\n")
        if head and head[-1].strip():
            block.insert(0, "")  # a blank line between tables, as tomlkit writes them
        if tail and tail[0].strip():
            block.append("")
        lines = head + block + tail
    return "\n".join(lines)


# --- atomic writes ---------------------------------------------------------------------------------------------

def atomic_write(path: Path, data: bytes, rel: str = "") -> None:
    """Replace ``path`` with ``data`` so that a crash leaves the old file or the new one, never a mix.

    Temp file in the same folder, write, flush, fsync, keep the original's permission bits, replace,
    fsync the folder. On failure the temp file is removed, the original is untouched and a PlanError
    says why.
    """
    rel = rel or path.name
    folder = path.parent
    existed = True
    try:
        mode = path.stat().st_mode & 0o777
    except FileNotFoundError:
        existed = False
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        if existed:
            message = _("could not save: {reason}; the previous version of the file is intact")
        else:  # say nothing of a previous version that never existed
            message = _("could not save: {reason}; the file was not created, nothing was written")
        raise PlanError(Problem("write-failed", Level.error, rel, message.format(reason=exc.strerror or exc))) \
            from None
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
    # The new file is in place: from here on the write has happened, whatever follows. Syncing the folder
    # makes the rename durable; a file system that cannot sync folders (some network and FUSE mounts refuse
    # it) must not turn a completed save into a reported failure.
    try:
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError:
        pass
