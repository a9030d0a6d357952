"""Rows into field values: each cell parsed and checked by its column (`Rows`), a record changed and
validated, every problem noted at its line and column; and what an import changed (`ImportResult`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from facilitator.csvfiles.cells import Links, cell_text, parse_number, split_names, unprotect
from facilitator.csvfiles.columns import TARGET_COLUMN, CellError, Column, columns_of
from facilitator.dates import DateError, parse_date
from facilitator.i18n import _, ngettext
from facilitator.model import Plan
from facilitator.numbers import Convention
from facilitator.problems import Level, Problem

M = TypeVar("M", bound=BaseModel)

_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


@dataclass
class ImportResult:
    """What an import changed (or would change): labels of the changed and added records."""

    kind: str
    changed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    unchanged: int = 0
    absent: int = 0
    """Records of the plan that are not in the file (kept: an import never deletes)."""
    skipped: int = 0
    """Rows of new measurements with neither a value nor a note (figures not collected yet)."""
    records: list[Any] = field(default_factory=list)
    """The complete new list of records of ``kind``."""
    written: bool = False
    read_as: list[str] = field(default_factory=list)
    """Numbers that could be read otherwise and what they were read as (``row 3, baseline: “1.500” read as 1500 …``)."""

    def summary(self) -> str:
        line = _("{changed} changed, {added} added, {unchanged} unchanged").format(
            changed=len(self.changed), added=len(self.added), unchanged=self.unchanged)
        if self.absent:
            line += "; " + ngettext(
                "{n} record of the plan is not in the file and was kept (an import never deletes)",
                "{n} records of the plan are not in the file and were kept (an import never deletes)",
                self.absent).format(n=self.absent)
        if self.skipped:
            line += "; " + ngettext("{n} row without a value was skipped", "{n} rows without a value were skipped",
                                    self.skipped).format(n=self.skipped)
        return line

    def details(self) -> list[str]:
        """Which records changed and which were added, one line each (none when nothing did)."""
        out = []
        if self.changed:
            out.append(_("changed: {records}").format(records=_some(self.changed)))
        if self.added:
            out.append(_("added: {records}").format(records=_some(self.added)))
        out.extend(self.read_as)
        return out


SHOWN = 30
"""How many records a summary line names before it says how many more (a network import adds thousands)."""


def _some(labels: list[str]) -> str:
    if len(labels) <= SHOWN:
        return ", ".join(labels)
    return ", ".join(labels[:SHOWN]) + ", " + _("… +{n} more").format(n=len(labels) - SHOWN)


class Rows:
    def __init__(self, plan: Plan, kind: str, label: str, header: list[str], conv: Convention) -> None:
        self.plan, self.kind, self.label = plan, kind, label
        self.conv = conv
        self.read_as: list[str] = []
        self._line = 0
        self.problems: list[Problem] = []
        self.links = Links(plan)
        self.columns = {c.name: c for c in columns_of(kind)}
        self.header = header
        self.indicator_codes = {i.code for i in plan.indicators}
        self.action_codes = {a.code for a in plan.actions}

    def problem(self, line: int, column: str, message: str, record: str | None = None) -> None:
        self.problems.append(Problem("csv-cell", Level.error, self.label, f"{column}: {message}", line=line,
                                     key=column, record=record))

    def check_header(self) -> bool:
        unknown = [h for h in self.header if h not in self.columns and not (
            self.kind == "indicators" and TARGET_COLUMN.match(h))]
        seen: set[str] = set()
        doubled = [h for h in self.header if h in seen or seen.add(h)]  # type: ignore[func-returns-value]
        if unknown:
            known = ", ".join(self.columns) + (", target_YEAR (such as target_2029)" if self.kind == "indicators"
                                               else "")
            self.problem(1, _("header"), _("unknown column {names}; the known columns are: {known}").format(
                names=", ".join(repr(u) for u in unknown), known=known))
        if doubled:
            self.problem(1, _("header"), _("the column {names} appears twice; keep one").format(
                names=", ".join(repr(d) for d in doubled)))
        return not unknown and not doubled

    # --- one cell ---------------------------------------------------------------------------------------------

    def parse(self, col: Column, cell: str) -> Any:
        """The field value a cell holds (None: empty optional cell; `DEFAULT`: empty, use the default)."""
        kind = col.kind
        if kind in ("text", "required", "names", "segments"):
            cell = unprotect(cell)
        text = cell.strip()
        if kind == "text":
            return cell
        if kind == "required":
            if not text:
                raise CellError(_("cannot be empty"))
            return cell
        if kind == "code":
            if not _CODE.match(text) or len(text) > 16:
                raise CellError(_("{cell} is not a code; codes look like O1 or I1.2: letters, digits, dots and "
                                  "dashes").format(cell=repr(cell)))
            return text
        if kind == "id":
            return text or None
        if kind == "indicator":
            if not text:
                raise CellError(_("cannot be empty: write the code of the indicator, such as I1.1"))
            if text not in self.indicator_codes:
                known = ", ".join(i.code for i in self.plan.indicators) or _("none yet")
                raise CellError(_("no indicator {code} in the plan; known codes: {known}").format(
                    code=text, known=known))
            return text
        if kind == "action":
            if not text:
                raise CellError(_("cannot be empty: write the code of the action, such as A1"))
            if text not in self.action_codes:
                known = ", ".join(a.code for a in self.plan.actions) or _("none yet")
                raise CellError(_("no action {code} in the plan; known codes: {known}").format(code=text, known=known))
            return text
        if kind == "link":
            if not text:
                return None
            action_id = next((a.id for a in self.plan.actions if text in (a.code, a.id)), None)
            if action_id is None:
                known = ", ".join(a.code for a in self.plan.actions) or _("none yet")
                raise CellError(_("no action {code} in the plan; known codes: {known}").format(code=text, known=known))
            return action_id
        if not text:
            if kind in ("year", "enum") and self.kind == "budget":
                raise CellError(_("cannot be empty: a budget line needs its year, category, source and kind"))
            if kind == "date" and not col.optional:
                raise CellError(_("cannot be empty: write the date as YYYY-MM-DD, such as 2026-08-01"))
            if kind in ("names", "objectives", "segments"):
                return []
            if kind == "objective":
                raise CellError(_("cannot be empty: write the code of the objective, such as O1"))
            return None if col.optional or kind == "funding" else DEFAULT
        if kind == "boolean":
            if text.casefold() in TRUE:
                return True
            if text.casefold() in FALSE:
                return False
            raise CellError(_("{cell} is neither true nor false; write true or false (an empty cell is false)").format(
                cell=repr(cell)))
        if kind == "currency":
            if not re.fullmatch(r"[A-Za-z]{3}", text):
                raise CellError(_("{cell} is not a currency; use an ISO 4217 code such as USD, EUR, BRL, UYU").format(
                    cell=repr(cell)))
            return text.upper()
        if kind == "enum":
            assert col.enum is not None
            values = [e.value for e in col.enum]
            if text.lower() in values:
                return text.lower()
            raise CellError(_("{cell} is not one of {values}").format(cell=repr(cell), values=", ".join(values)))
        if kind in ("number", "funding", "target", "amount"):
            value = self.number(col, text)
            if kind in ("funding", "amount") and value < 0:
                raise CellError(_("an amount cannot be negative ({cell})").format(cell=repr(cell)))
            return value
        if kind in ("integer", "year"):
            value = self.number(col, text)
            if not value.is_integer():
                raise CellError(_("write a whole number ({cell})").format(cell=repr(cell)))
            number = int(value)
            if kind == "year" and not 1900 <= number <= 2200:
                raise CellError(_("{cell} is not a year; write it with four digits, such as 2029").format(
                    cell=repr(cell)))
            if col.name == "progress" and not 0 <= number <= 100:
                raise CellError(_("progress is a percentage from 0 to 100 (found {cell})").format(cell=repr(cell)))
            if col.name == "stage" and not 1 <= number <= 20:
                raise CellError(_("a stage is a whole number from 1 (first along the chain) to 20 (found {cell}); "
                                  "leave it empty for 1").format(cell=repr(cell)))
            return number
        if kind == "date":
            try:
                return parse_date(text)
            except DateError as err:
                raise CellError(str(err)) from None
        if kind == "objective":
            return self.links.resolve(text)
        if kind == "objectives":
            return [self.links.resolve(code) for code in split_names(cell)]
        if kind in ("names", "segments"):
            return split_names(cell)
        raise AssertionError(kind)

    def number(self, col: Column, text: str) -> float:
        notes: list[str] = []
        value = parse_number(text, self.conv, notes)
        self.read_as.extend(_("row {line}, {column}: {note}").format(line=self._line, column=col.name, note=note)
                            for note in notes)
        return value

    # --- one row ------------------------------------------------------------------------------------------------

    def values(self, line: int, cells: list[str], current: Any = None) -> dict[str, Any] | None:
        """Column name → parsed value for one row (None if a cell is wrong; its problems are recorded).

        A text or list cell exactly as export writes it for ``current`` (the record the row names) stands
        for that record's value, unparsed: reading it back would trim spaces and tabs around list items and
        refuse an empty required text, so a file exported and imported again would change the plan."""
        if len(cells) > len(self.header):
            extra = [c for c in cells[len(self.header):] if c.strip()]
            if extra:
                self.problem(line, _("row"), _("{n} cells, but the header has {m} columns; check the separators "
                                                "and quotes of this row").format(n=len(cells), m=len(self.header)))
                return None
        cells = cells + [""] * (len(self.header) - len(cells))
        self._line = line
        out: dict[str, Any] = {}
        ok = True
        for name, cell in zip(self.header, cells):
            col = self.columns.get(name) or Column(name, "targets", "target", optional=True)
            if current is not None and col.kind in _AS_EXPORTED and cell == cell_text(
                    current, col, self.links, self.conv.decimal == ","):
                out[name] = getattr(current, col.field)
                continue
            try:
                out[name] = self.parse(col, cell)
            except CellError as err:
                self.problem(line, name, str(err))
                ok = False
        return out if ok else None


TRUE = frozenset({"true", "yes", "1", "x", "sí", "si", "sim", "verdadero", "verdadeiro"})
FALSE = frozenset({"false", "no", "0", "não", "nao", "falso"})
"""What a yes/no cell may hold: what export writes, and what a spreadsheet in English, Spanish or Portuguese
writes back for its own booleans (Excel in Spanish saves TRUE as VERDADERO)."""

_AS_EXPORTED = ("text", "required", "names", "segments")
"""Kinds of cells whose exported form stands for the record's value on import (`Rows.values`)."""


class _Default:
    def __repr__(self) -> str:
        return "<default>"


DEFAULT: Any = _Default()


def _bad_date(cell: str) -> Any:
    raise CellError(_("{cell} is not a date; write it as YYYY-MM-DD, such as 2026-08-01").format(cell=repr(cell)))


def same_value(a: Any, b: Any) -> bool:
    a = a.model_dump() if isinstance(a, BaseModel) else [x.model_dump() if isinstance(x, BaseModel) else x
                                                         for x in a] if isinstance(a, list) else a
    b = b.model_dump() if isinstance(b, BaseModel) else [x.model_dump() if isinstance(x, BaseModel) else x
                                                         for x in b] if isinstance(b, list) else b
    return bool(a == b)


def with_changes(current: M, changes: dict[str, Any], reader: Rows, line: int) -> M | None:
    """A copy of ``current`` with ``changes`` applied and validated; None (the problem noted) if invalid."""
    updated = current.model_copy(deep=True)
    try:
        for key, value in changes.items():
            setattr(updated, key, value)
    except ValidationError as exc:
        note_invalid(reader, line, exc)
        return None
    return updated


def changed_record(current: M, wanted: dict[str, Any], reader: Rows, line: int, result: ImportResult) -> M | None:
    """``current`` with the values of ``wanted`` that differ from its own, validated. None when none differs
    (counted in ``result`` as unchanged) or when the result is invalid (the problem noted)."""
    changes = {k: v for k, v in wanted.items() if not same_value(getattr(current, k), v)}
    if not changes:
        result.unchanged += 1
        return None
    return with_changes(current, changes, reader, line)


def note_invalid(reader: Rows, line: int, exc: ValidationError) -> None:
    column_of = {c.field: c.name for c in reader.columns.values()}
    for err in exc.errors(include_url=False):
        field_name = str(err["loc"][0]) if err["loc"] else "?"
        reader.problem(line, column_of.get(field_name, field_name), err["msg"])
