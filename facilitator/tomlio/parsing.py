"""Parsing TOML text: strict and fast with `tomllib` for reading, with tomlkit for editing.

A syntax error, or arrays and tables nested deeper than `MAX_NESTING`, becomes a PlanError located at
its line, never an exception from the parser.
"""

from __future__ import annotations

import re
import tomllib
from typing import Any

import tomlkit

from facilitator.i18n import _
from facilitator.problems import Level, PlanError, Problem
from facilitator.tomlio.locating import key_label, key_lines, line_of

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
