"""One CSV cell: numbers written exactly, text no spreadsheet runs as a formula, lists of names,
objective codes for ids, and a record's field as export writes it (`cell_text`)."""

from __future__ import annotations

from typing import Any

from facilitator import numbers
from facilitator.csvfiles.columns import FUNDING_PREFIX, CellError, Column, columns_of
from facilitator.i18n import _
from facilitator.model import Plan
from facilitator.numbers import Convention


def format_number(value: float | None, decimal_comma: bool = False) -> str:
    """A number exactly, without a needless ``.0`` (``48``, ``1.6``), so it reads back the same."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        text = str(int(value))
    else:
        text = repr(value)
    return text.replace(".", ",") if decimal_comma else text


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""A cell starting with one of these is run as a formula by spreadsheets (OWASP "CSV injection")."""


def _needs_quote(text: str) -> bool:
    return text.startswith(FORMULA_START) or (text.startswith("'") and _needs_quote(text[1:]))


def protect(text: str) -> str:
    """Text for a CSV cell that no spreadsheet will run: ``=1+1`` → ``'=1+1``. Reversible by `unprotect`
    (a text that already starts with ``'=`` gets a second quote)."""
    return "'" + text if _needs_quote(text) else text


def unprotect(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and _needs_quote(cell[1:]) else cell


def join_names(items: list[str]) -> str:
    return "; ".join(item.replace(";", ";;") for item in items)


def split_names(cell: str) -> list[str]:
    """``a; b;; c`` → ``["a", "b; c"]``: single semicolons separate, doubled ones are literal."""
    items, current, i = [], "", 0
    while i < len(cell):
        if cell[i] == ";":
            if cell[i + 1:i + 2] == ";":
                current += ";"
                i += 2
                continue
            items.append(current)
            current = ""
        else:
            current += cell[i]
        i += 1
    items.append(current)
    return [item.strip() for item in items if item.strip()]


def parse_number(cell: str, conv: Convention, notes: list[str] | None = None) -> float:
    """A number cell by the file's convention (`facilitator.numbers`); its note, if any, goes to ``notes``."""
    try:
        parsed = numbers.parse_number(cell, conv)
    except numbers.NumberError as err:
        raise CellError(str(err)) from None
    if parsed.note and notes is not None:
        notes.append(parsed.note)
    return parsed.value


class Links:
    """Objective ids ↔ codes of a plan, the codes of its actions (a risk's threatened action) and the names of
    its value-chain segments (a segment's links)."""

    def __init__(self, plan: Plan) -> None:
        self.code_of = {o.id: o.code for o in plan.objectives}
        self.id_of = {o.code: o.id for o in plan.objectives}
        self.ids = set(self.code_of)
        self.action_code = {a.id: a.code for a in plan.actions}
        self.segment_name = {s.id: s.name for s in plan.cluster.segments}

    def code(self, id_: str) -> str:
        return self.code_of.get(id_, id_)  # a dangling link stays visible as the id it is

    def resolve(self, cell: str) -> str:
        text = cell.strip()
        if text in self.id_of:
            return self.id_of[text]
        if text in self.ids:
            return text
        known = ", ".join(self.id_of) or _("none yet")
        raise CellError(_("no objective with code {code}; the objectives are {known}").format(
            code=repr(text), known=known))


def cell_text(rec: Any, col: Column, links: Links, decimal_comma: bool) -> str:
    if col.kind == "funding":
        source = col.name.removeprefix(FUNDING_PREFIX)
        amounts = [f.amount for f in rec.funding if f.source == source]
        return format_number(sum(amounts), decimal_comma) if amounts else ""
    value = getattr(rec, col.field)
    if value is None:
        return ""
    if col.kind == "objective":
        return links.code(value)
    if col.kind == "link":
        return links.action_code.get(value, value)  # a dangling link stays visible as the id it is
    if col.kind == "objectives":
        return join_names([links.code(v) for v in value])
    if col.kind == "names":
        return protect(join_names(value))
    if col.kind == "segments":  # a dangling link stays visible as the id it is
        return protect(join_names([links.segment_name.get(v, v) for v in value]))
    if col.kind == "boolean":
        return "true" if value else "false"
    if col.kind in ("number", "amount"):
        return format_number(value, decimal_comma)
    if col.kind in ("integer", "year"):
        return str(int(value))
    if col.kind == "date":
        return value.isoformat()
    if col.kind in ("text", "required"):
        return protect(str(value))
    return str(value)


def action_rows(plan: Any, kind: str, field: str, decimal_comma: bool) -> tuple[list[str], list[list[str]]]:
    """The header and rows of a kind that lives inside the actions (``field``: budget_lines, activities):
    each record of each action in the plan's order, its ``action`` column the action's code."""
    columns = columns_of(kind)
    links = Links(plan)
    rows = [[action.code if col.name == "action" else cell_text(record, col, links, decimal_comma)
             for col in columns]
            for action in plan.actions for record in getattr(action, field)]
    return [c.name for c in columns], rows
