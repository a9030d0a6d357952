"""A pydantic ValidationError as located problems: the file's line and key, what is wrong, what to write."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from facilitator.i18n import N_, _
from facilitator.problems import Level, Problem
from facilitator.tomlio.locating import key_label, key_lines, line_of

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
