"""Plain values as the merge sees them: `MISSING` (absent from one version), an equality that tells a
date from a datetime and a string from a number (`equal`), tomlkit items built from plain data (`build`),
and a value shown in a conflict (`toml_value`, `short`)."""

from __future__ import annotations

import json
from typing import Any

import tomlkit

from facilitator.i18n import _


class _Missing:
    """A key or record absent from one version (distinct from any TOML value)."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


def equal(a: Any, b: Any) -> bool:
    if a is MISSING or b is MISSING:
        return a is b
    if isinstance(a, bool) != isinstance(b, bool):
        return False
    if type(a) is not type(b) and not (isinstance(a, (int, float)) and isinstance(b, (int, float))):
        return False  # a date is not a datetime, a string is not a number
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(equal(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(equal(x, y) for x, y in zip(a, b))
    return bool(a == b)


def unwrap(item: Any) -> Any:
    return item.unwrap() if hasattr(item, "unwrap") else item


def toml_value(value: Any) -> str:
    """The value as written in TOML (possibly several lines)."""
    if isinstance(value, dict):
        table = tomlkit.inline_table()
        table.update({k: build(v, inline=True) for k, v in value.items()})
        return table.as_string()
    text = tomlkit.item(build(value, inline=True)).as_string()
    if text.startswith('"""') and not text.startswith('"""\n'):
        text = '"""\n' + text[3:]  # as the tool writes text: a newline right after the quotes (TOML drops it)
    return text


def short(value: Any) -> str:
    if value is MISSING:
        return _("(removed)")
    text = json.dumps(value, ensure_ascii=False) if isinstance(value, str) else toml_value(value).replace(
        "\n", "\\n")
    return text if len(text) <= 60 else text[:59] + "…"


def build(value: Any, inline: bool = False) -> Any:
    """A tomlkit item for plain ``value`` (tables inline inside arrays and inline tables)."""
    if isinstance(value, dict):
        table = tomlkit.inline_table() if inline else tomlkit.table()
        for k, v in value.items():
            table[k] = build(v, inline=inline or isinstance(v, list))
        return table
    if isinstance(value, list):
        if value and all(isinstance(v, dict) for v in value) and not inline:
            aot = tomlkit.aot()
            for v in value:
                aot.append(build(v))
            return aot
        arr = tomlkit.array()
        for v in value:
            arr.append(build(v, inline=True))
        return arr
    if isinstance(value, str) and "\n" in value and "\r" not in value:
        return tomlkit.string(value, multiline=True)
    return value
