"""CSV export and import of stakeholders, indicators, actions and measurements, for work in a spreadsheet.

The layout (documented in docs/format.md):

- UTF-8 with a header row; columns are named after the model fields, in the order of the model.
- Export writes a byte-order mark to files (Excel reads UTF-8 correctly only with one; other tools skip
  it) and none to standard output; import accepts a file with or without it.
- The separator is ``,``; ``;`` (Excel with Spanish or Portuguese regional settings) is written on request
  and recognised on import from the header row (column names contain neither). In a ``;`` file numbers
  are written with a decimal comma and read as Spanish and Portuguese write them (``1.500,5``); in a ``,``
  file with a decimal point and read as English writes them (``"1,500.5"``), by the app's one number
  parser (`facilitator.numbers`); what an ambiguous number (``1.500``) was read as is listed in the result.
- Links to objectives are written as objective CODES (``O1; O3``), which is what people see; list cells
  (``objectives``, ``partners``) separate items with ``;`` (a ``;`` inside an item is doubled).
- Indicator targets are one column per year, ``target_2027``, ``target_2029``…; action funding one
  column per source, ``funding_program``, ``funding_public``, ``funding_private``, ``funding_other``
  (the amounts of one source are summed). An empty cell means "no target / no funding" for that year or
  source. Measurements are a kind of their own (below); contribution links (``sources``) are not in the
  CSV and never touched.
- Text that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a
  carriage return) is written with a leading ``'``, which import removes again. A text or list cell left
  as export wrote it stands for the record's value as it is, so exporting and importing again changes
  nothing whatever the text (list items are otherwise read with their surrounding spaces trimmed).

Import matches rows by ``id``, or by ``code`` when the id cell is empty; a row matching nothing is a new
record with a new id. Only the columns present in the file are compared, and only the fields that differ
are written, through `PlanStore.update_plan`, so the rest of plan.toml (comments included) is untouched and
importing a file just exported changes nothing. Records absent from the file are kept: an import never
deletes. Every problem of the file is reported at once, one located line each, and then nothing is written.

Measurements (kind ``measurements``) are one row per measurement of an indicator: ``indicator`` (its code),
``date``, ``value``, ``note``. A row is matched by indicator code and date: the same date updates the value
and note where they differ, a new date adds a measurement after the indicator's existing ones (the records
have no id, so existing ones are never moved), and an import never deletes one.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from facilitator import numbers, paths, tomlio
from facilitator.i18n import _, ngettext
from facilitator.model import (
    ID_PREFIX,
    Action,
    ActionKind,
    ActionStatus,
    Direction,
    FirmSize,
    Frequency,
    Funding,
    FundingSource,
    Gender,
    Indicator,
    IndicatorLevel,
    Measurement,
    Plan,
    Priority,
    Stakeholder,
    StakeholderKind,
    Target,
    new_id,
)
from facilitator.numbers import Convention, csv_convention
from facilitator.problems import Level, PlanError, Problem

M = TypeVar("M", bound=BaseModel)

KINDS = ("stakeholders", "indicators", "actions", "measurements")
MODELS: dict[str, type[BaseModel]] = {"stakeholders": Stakeholder, "indicators": Indicator, "actions": Action,
                                      "measurements": Measurement}
SINGULAR = {"stakeholders": "stakeholder", "indicators": "indicator", "actions": "action",
            "measurements": "measurement"}
PLAN_LIST = {"measurements": "indicators"}
"""The list of the plan an import of a kind rewrites, when it is not the kind itself (measurements live
inside the indicators)."""

TARGET_PREFIX = "target_"
FUNDING_PREFIX = "funding_"
_TARGET_COLUMN = re.compile(r"^target_(\d{4})$")
_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
BOM = "\ufeff"


class CellError(ValueError):
    """A cell that cannot be read; the message says what to write instead."""


@dataclass(frozen=True)
class Column:
    """A column of the CSV and the model field it holds."""

    name: str
    field: str
    kind: str
    """text, required, code, id, enum, number, integer, year, date, names, objective, objectives, funding,
    currency."""
    enum: type[StrEnum] | None = None
    optional: bool = False
    """An empty cell means None (else it means the field's default, or is refused for required fields)."""


def _columns(kind: str) -> list[Column]:
    check_kind(kind)
    if kind == "stakeholders":
        return [Column("id", "id", "id"), Column("name", "name", "required"),
                Column("organization", "organization", "text"),
                Column("kind", "kind", "enum", StakeholderKind), Column("segment", "segment", "text"),
                Column("size", "size", "enum", FirmSize, optional=True),
                Column("gender", "gender", "enum", Gender, optional=True), Column("role", "role", "text"),
                Column("email", "email", "text")]
    if kind == "indicators":
        return [Column("id", "id", "id"), Column("code", "code", "code"),
                Column("objective", "objective", "objective"), Column("name", "name", "required"),
                Column("definition", "definition", "text"), Column("level", "level", "enum", IndicatorLevel),
                Column("unit", "unit", "text"), Column("direction", "direction", "enum", Direction),
                Column("baseline", "baseline", "number", optional=True),
                Column("baseline_year", "baseline_year", "year", optional=True),
                # target_YYYY columns go here (see `export_table`)
                Column("source", "source", "text"),
                Column("frequency", "frequency", "enum", Frequency, optional=True),
                Column("responsible", "responsible", "text")]
    if kind == "actions":
        return [Column("id", "id", "id"), Column("code", "code", "code"), Column("title", "title", "required"),
                Column("description", "description", "text"), Column("kind", "kind", "enum", ActionKind),
                Column("objectives", "objectives", "objectives"), Column("lead", "lead", "text"),
                Column("partners", "partners", "names"), Column("start", "start", "date", optional=True),
                Column("end", "end", "date", optional=True), Column("status", "status", "enum", ActionStatus),
                Column("progress", "progress", "integer"), Column("priority", "priority", "enum", Priority),
                *[Column(FUNDING_PREFIX + s.value, "funding", "funding") for s in FundingSource],
                Column("currency", "currency", "currency")]
    if kind == "measurements":
        return [Column("indicator", "indicator", "indicator"), Column("date", "date", "date"),
                Column("value", "value", "number"), Column("note", "note", "text")]
    raise AssertionError(kind)


def check_kind(kind: str) -> str:
    if kind not in KINDS:
        raise PlanError(Problem("csv-kind", Level.error, "", _(
            "unknown kind '{kind}'; use stakeholders, indicators, actions or measurements").format(kind=kind)))
    return kind


# --- cells ------------------------------------------------------------------------------------------------------

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


# --- export -------------------------------------------------------------------------------------------------------

class _Links:
    """Objective ids ↔ codes of a plan."""

    def __init__(self, plan: Plan) -> None:
        self.code_of = {o.id: o.code for o in plan.objectives}
        self.id_of = {o.code: o.id for o in plan.objectives}
        self.ids = set(self.code_of)

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


def _target_years(records: list[Any]) -> list[int]:
    return sorted({t.year for rec in records for t in rec.targets})


def export_table(plan: Plan, kind: str, decimal_comma: bool = False) -> tuple[list[str], list[list[str]]]:
    """(header, rows) of ``kind`` as the CSV holds them."""
    check_kind(kind)
    if kind == "measurements":
        return _export_measurements(plan, decimal_comma)
    records = list(getattr(plan, kind))
    columns = _columns(kind)
    header = [c.name for c in columns]
    years = _target_years(records) if kind == "indicators" else []
    if kind == "indicators":
        at = header.index("baseline_year") + 1
        header[at:at] = [f"{TARGET_PREFIX}{y}" for y in years]
    links = _Links(plan)
    by_name = {c.name: c for c in columns}
    rows = []
    for rec in records:
        row = []
        for name in header:
            year = _TARGET_COLUMN.match(name)
            if year:
                value = next((t.value for t in rec.targets if t.year == int(year.group(1))), None)
                row.append(format_number(value, decimal_comma))
                continue
            col = by_name[name]
            row.append(_cell(rec, col, links, decimal_comma))
        rows.append(row)
    return header, rows


def _export_measurements(plan: Plan, decimal_comma: bool) -> tuple[list[str], list[list[str]]]:
    """Every measurement of every indicator, in the plan's order of indicators and then by date (two of
    the same date keep the plan's order, which is how import matches them)."""
    columns = _columns("measurements")
    links = _Links(plan)
    rows = []
    for ind in plan.indicators:
        for m in sorted(ind.measurements, key=lambda m: m.date):
            rows.append([ind.code, *(_cell(m, col, links, decimal_comma) for col in columns[1:])])
    return [c.name for c in columns], rows


def row_count(plan: Plan, kind: str) -> int:
    """How many rows the CSV of ``kind`` has (without the header)."""
    if kind == "measurements":
        return sum(len(ind.measurements) for ind in plan.indicators)
    return len(getattr(plan, check_kind(kind)))


def _cell(rec: Any, col: Column, links: _Links, decimal_comma: bool) -> str:
    if col.kind == "funding":
        source = col.name.removeprefix(FUNDING_PREFIX)
        amounts = [f.amount for f in rec.funding if f.source == source]
        return format_number(sum(amounts), decimal_comma) if amounts else ""
    value = getattr(rec, col.field)
    if value is None:
        return ""
    if col.kind == "objective":
        return links.code(value)
    if col.kind == "objectives":
        return join_names([links.code(v) for v in value])
    if col.kind == "names":
        return protect(join_names(value))
    if col.kind in ("number",):
        return format_number(value, decimal_comma)
    if col.kind in ("integer", "year"):
        return str(int(value))
    if col.kind == "date":
        return value.isoformat()
    if col.kind in ("text", "required"):
        return protect(str(value))
    return str(value)


def export_csv(plan: Plan, kind: str, delimiter: str = ",") -> str:
    """The CSV text of ``kind`` (no byte-order mark)."""
    header, rows = export_table(plan, kind, decimal_comma=delimiter == ";")
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def default_path(folder: Path, kind: str) -> Path:
    """Where the TUI proposes to write (and read) the CSV of ``kind``: the plan's exports folder."""
    return folder / paths.EXPORTS_DIR / f"{kind}.csv"


def write_csv(plan: Plan, kind: str, output: Path, delimiter: str = ",", bom: bool = True,
              create_folder: bool = False) -> Path:
    """Write the CSV of ``kind`` to ``output`` atomically; an existing file that is not a .csv is refused
    (a typo such as ``-o plan.toml`` must not replace the user's data). ``create_folder``: make the
    output's folder if it is missing (the plan's exports folder)."""
    output = output.expanduser()
    if output.is_dir():
        output = output / f"{kind}.csv"
    if create_folder and not output.parent.exists() and output.parent.parent.is_dir():
        try:
            output.parent.mkdir()
        except OSError as exc:
            raise PlanError(Problem("write-failed", Level.error, str(output.parent), _(
                "could not create the folder: {reason}").format(reason=exc.strerror or exc))) from None
    if not output.parent.is_dir():
        raise PlanError(Problem("no-folder", Level.error, str(output), _(
            "the folder {parent} does not exist; create it first or choose another file").format(
                parent=output.parent)))
    if output.exists() and output.suffix.lower() != ".csv":
        raise PlanError(Problem("not-a-csv", Level.error, str(output), _(
            "this file exists and is not a .csv file; it was not overwritten — choose another file name")))
    text = (BOM if bom else "") + export_csv(plan, kind, delimiter)
    tomlio.atomic_write(output, text.encode("utf-8"), str(output))
    return output


# --- import: reading the file ----------------------------------------------------------------------------------------

def _delimiter(first_line: str) -> str:
    """The separator of the header row: column names contain none of , ; or tab, so the most frequent wins."""
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_rows(path: Path, label: str) -> tuple[list[str], list[tuple[int, list[str]]], str]:
    """(header, [(line, cells)], delimiter) of a CSV file; raises a located PlanError if it cannot be read."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise PlanError(Problem("file-missing", Level.error, label, _("file not found"))) from None
    except IsADirectoryError:
        raise PlanError(Problem("file-missing", Level.error, label, _("is a folder, expected a CSV file"))) from None
    except OSError as exc:
        raise PlanError(Problem("file-unreadable", Level.error, label, _(
            "cannot read the file: {reason}").format(reason=exc.strerror or exc))) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise PlanError(Problem("not-utf8", Level.error, label, _(
            "the text is not UTF-8; in your spreadsheet save it as \"CSV UTF-8\" and import it again"),
            line=line)) from None
    if not text.strip():
        raise PlanError(Problem("csv-empty", Level.error, label, _(
            "the file is empty; export a CSV first to see the columns"), line=1))
    delimiter = _delimiter(text.splitlines()[0])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[tuple[int, list[str]]] = []
    header: list[str] | None = None
    line = 1
    try:
        for cells in reader:
            if header is None:
                header = [c.strip() for c in cells]
            elif any(c.strip() for c in cells):
                rows.append((line, cells))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise PlanError(Problem("csv-syntax", Level.error, label, _(
            "the CSV cannot be read here ({err}); check the quotes on this line").format(err=exc),
            line=reader.line_num)) from None
    header = header or []
    while header and not header[-1]:  # a spreadsheet's trailing empty column: ignored if it holds nothing
        header.pop()
    return header, rows, delimiter


# --- import: rows into records --------------------------------------------------------------------------------------

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
            out.append(_("changed: {records}").format(records=", ".join(self.changed)))
        if self.added:
            out.append(_("added: {records}").format(records=", ".join(self.added)))
        out.extend(self.read_as)
        return out


class _Rows:
    def __init__(self, plan: Plan, kind: str, label: str, header: list[str], conv: Convention) -> None:
        self.plan, self.kind, self.label = plan, kind, label
        self.conv = conv
        self.read_as: list[str] = []
        self._line = 0
        self.problems: list[Problem] = []
        self.links = _Links(plan)
        self.columns = {c.name: c for c in _columns(kind)}
        self.header = header
        self.indicator_codes = {i.code for i in plan.indicators}

    def problem(self, line: int, column: str, message: str, record: str | None = None) -> None:
        self.problems.append(Problem("csv-cell", Level.error, self.label, f"{column}: {message}", line=line,
                                     key=column, record=record))

    def check_header(self) -> bool:
        unknown = [h for h in self.header if h not in self.columns and not (
            self.kind == "indicators" and _TARGET_COLUMN.match(h))]
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
        """The field value a cell holds (None: empty optional cell; `_DEFAULT`: empty, use the default)."""
        kind = col.kind
        if kind in ("text", "required", "names"):
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
        if not text:
            if kind == "date" and not col.optional:
                raise CellError(_("cannot be empty: write the date as YYYY-MM-DD, such as 2026-08-01"))
            if kind in ("names", "objectives"):
                return []
            if kind == "objective":
                raise CellError(_("cannot be empty: write the code of the objective, such as O1"))
            return None if col.optional or kind == "funding" else _DEFAULT
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
        if kind in ("number", "funding", "target"):
            value = self.number(col, text)
            if kind == "funding" and value < 0:
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
            return number
        if kind == "date":
            try:
                return dt.date.fromisoformat(text) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else _bad_date(cell)
            except ValueError:
                return _bad_date(cell)
        if kind == "objective":
            return self.links.resolve(text)
        if kind == "objectives":
            return [self.links.resolve(code) for code in split_names(cell)]
        if kind == "names":
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
            if current is not None and col.kind in _AS_EXPORTED and cell == _cell(
                    current, col, self.links, self.conv.decimal == ","):
                out[name] = getattr(current, col.field)
                continue
            try:
                out[name] = self.parse(col, cell)
            except CellError as err:
                self.problem(line, name, str(err))
                ok = False
        return out if ok else None


_AS_EXPORTED = ("text", "required", "names")
"""Kinds of cells whose exported form stands for the record's value on import (`_Rows.values`)."""


class _Default:
    def __repr__(self) -> str:
        return "<default>"


_DEFAULT: Any = _Default()


def _bad_date(cell: str) -> Any:
    raise CellError(_("{cell} is not a date; write it as YYYY-MM-DD, such as 2026-08-01").format(cell=repr(cell)))


def _same(a: Any, b: Any) -> bool:
    a = a.model_dump() if isinstance(a, BaseModel) else [x.model_dump() if isinstance(x, BaseModel) else x
                                                         for x in a] if isinstance(a, list) else a
    b = b.model_dump() if isinstance(b, BaseModel) else [x.model_dump() if isinstance(x, BaseModel) else x
                                                         for x in b] if isinstance(b, list) else b
    return bool(a == b)


def _new_targets(current: list[Target], given: dict[int, float | None]) -> list[Target]:
    """The targets once the given years are set (None: removed); years not given are kept as they are."""
    out = [t if t.year not in given else Target(year=t.year, value=given[t.year])  # type: ignore[arg-type]
           for t in current if given.get(t.year, 0) is not None]
    have = {t.year for t in current}
    added = [Target(year=y, value=v) for y, v in sorted(given.items()) if y not in have and v is not None]
    if added:
        out = sorted(out + added, key=lambda t: t.year)
    return out if [t.model_dump() for t in out] != [t.model_dump() for t in current] else current


def _new_funding(current: list[Funding], given: dict[str, float | None]) -> list[Funding]:
    """The funding once the given sources are set (None: removed); a source whose total is unchanged keeps
    its entries as they are."""
    totals: dict[str, float] = {}
    for f in current:
        totals[f.source] = totals.get(f.source, 0.0) + f.amount
    out: list[Funding] = []
    placed: set[str] = set()
    for f in current:
        source = f.source
        if source not in given or given[source] == totals[source]:
            out.append(f)
        elif given[source] is not None and source not in placed:
            out.append(Funding(source=source, amount=given[source]))  # type: ignore[arg-type]
            placed.add(source)
    for source in FundingSource:
        value = given.get(source.value)
        if value is not None and source.value not in totals:
            out.append(Funding(source=source.value, amount=value))
    return out if [f.model_dump() for f in out] != [f.model_dump() for f in current] else current


def plan_import(plan: Plan, kind: str, path: Path, label: str | None = None) -> ImportResult:
    """Read ``path`` and work out the new records of ``kind``; raises PlanError listing every problem.

    Nothing is written here (see `import_csv`)."""
    check_kind(kind)
    label = label or str(path)
    header, rows, delimiter = read_rows(path, label)
    reader = _Rows(plan, kind, label, header, csv_convention(delimiter))
    if not reader.check_header():
        raise PlanError(reader.problems)
    if kind == "measurements":
        return _import_measurements(reader, rows)
    model = MODELS[kind]
    records: list[Any] = list(getattr(plan, kind))
    by_id = {r.id: i for i, r in enumerate(records)}
    by_code = {getattr(r, "code", None): i for i, r in enumerate(records) if getattr(r, "code", None)}
    result = ImportResult(kind)
    seen: dict[int, int] = {}
    """Index of a plan record → the line of the row that described it."""
    new_rows: list[tuple[int, Any]] = []
    singular = SINGULAR[kind]
    for line, cells in rows:
        values = reader.values(line, cells, _named(reader, cells, records, by_id, by_code))
        if values is None:
            continue
        id_ = values.get("id")
        code = values.get("code")
        index: int | None = None
        if id_ not in (None, _DEFAULT):
            id_ = str(id_).strip()
            if id_ not in by_id:
                reader.problem(line, "id", _("no {kind} with id {id} in the plan; leave the id empty to add a new "
                                             "one").format(kind=_(singular), id=repr(id_)))
                continue
            index = by_id[id_]
        elif code and code in by_code:
            index = by_code[code]
        if index is not None and index in seen:
            reader.problem(line, "id" if id_ else "code", _("this row and row {line} describe the same {kind}; "
                                                            "keep one").format(line=seen[index], kind=_(singular)))
            continue
        fields = _fields(values, records[index] if index is not None else None, reader)
        if index is None:
            missing = [c.name for c in reader.columns.values() if c.kind in ("required", "code", "objective")
                       and c.field not in fields]
            if missing:
                for name in missing:
                    reader.problem(line, name, _("required for a new {kind}: add the column or fill the cell").format(
                        kind=_(singular)))
                continue
            try:
                rec = model.model_validate({"id": new_id(ID_PREFIX[singular]), **fields})
            except ValidationError as exc:
                _validation(reader, line, exc)
                continue
            new_rows.append((line, rec))
            continue
        seen[index] = line
        current = records[index]
        changes = {k: v for k, v in fields.items() if not _same(getattr(current, k), v)}
        if not changes:
            result.unchanged += 1
            continue
        updated = _changed(current, changes, reader, line)
        if updated is None:
            continue
        records[index] = updated
        result.changed.append(_label(updated))
    for _line, rec in new_rows:
        records.append(rec)
        result.added.append(_label(rec))
    if "code" in model.model_fields:
        owner: dict[str, int] = {}
        lines = dict(seen)
        lines.update({len(records) - len(new_rows) + i: ln for i, (ln, _r) in enumerate(new_rows)})
        for i, rec in enumerate(records):
            if rec.code in owner:
                j = owner[rec.code]
                line = lines.get(i) or lines.get(j) or 1
                reader.problem(line, "code", _("the code {code} is used by two {kinds}; codes must be unique").format(
                    code=rec.code, kinds=_(kind)), record=rec.code)
            else:
                owner[rec.code] = i
    if reader.problems:
        raise PlanError(sorted(reader.problems, key=lambda p: p.line or 0))
    result.absent = len(getattr(plan, kind)) - len(seen)
    result.records = records
    result.read_as = reader.read_as
    return result


def _named(reader: _Rows, cells: list[str], records: list[Any], by_id: dict[str, int],
           by_code: dict[Any, int]) -> Any:
    """The record a row names by its id cell (or, without one, its code cell), before the row is parsed."""
    row = dict(zip(reader.header, cells))
    id_ = row.get("id", "").strip()
    index = by_id.get(id_) if id_ else by_code.get(row.get("code", "").strip() or None)
    return records[index] if index is not None else None


def _import_measurements(reader: _Rows, rows: list[tuple[int, list[str]]]) -> ImportResult:
    """The indicators once the measurement rows are applied (see the module's docstring)."""
    plan = reader.plan
    missing = [name for name in ("indicator", "date") if name not in reader.header]
    if missing:
        reader.problem(1, _("header"), _("the columns indicator and date are needed to match each row to a "
                                         "measurement; missing: {names}").format(names=", ".join(missing)))
        raise PlanError(reader.problems)
    indicators: list[Indicator] = list(plan.indicators)
    index_of = {ind.code: k for k, ind in enumerate(indicators)}
    # Measurements have no id: the n-th row of an indicator and date matches the n-th measurement of that
    # date in the plan (an exported file lists them in the plan's order), so a plan with two measurements
    # on one date still round-trips.
    plan_dates: dict[tuple[str, dt.date], list[int]] = {}
    for ind in indicators:
        for j, m in enumerate(ind.measurements):
            plan_dates.setdefault((ind.code, m.date), []).append(j)
    row_lines: dict[tuple[str, dt.date], list[int]] = {}
    new_lists: dict[int, list[Measurement]] = {}
    added: list[tuple[int, Measurement]] = []
    result = ImportResult("measurements")
    matched = 0
    for line, cells in rows:
        values = reader.values(line, cells)
        if values is None:
            continue
        code, date = values["indicator"], values["date"]
        key = (code, date)
        earlier = row_lines.setdefault(key, [])
        nth = len(earlier)
        earlier.append(line)
        k = index_of[code]
        value, note = values.get("value", _DEFAULT), values.get("note", _DEFAULT)
        label = f"{code} {date.isoformat()}"
        if nth < len(plan_dates.get(key, [])):
            matched += 1
            if value is _DEFAULT and "value" in values:
                reader.problem(line, "value", _("cannot be empty: write the figure (an import never removes a "
                                                "measurement)"))
                continue
            current_list = new_lists.setdefault(k, list(indicators[k].measurements))
            j = plan_dates[key][nth]
            current = current_list[j]
            changes = {}
            if value is not _DEFAULT and not _same(current.value, value):
                changes["value"] = value
            if "note" in values and note is not _DEFAULT and note != current.note:
                changes["note"] = note
            if not changes:
                result.unchanged += 1
                continue
            updated = _changed(current, changes, reader, line)
            if updated is None:
                continue
            current_list[j] = updated
            result.changed.append(label)
            continue
        if earlier[:-1]:
            reader.problem(line, "date", _("this row and row {line} describe the same {kind}; keep one").format(
                line=earlier[0], kind=_("measurement")))
            continue
        if value is _DEFAULT:
            if note is _DEFAULT or not note.strip():
                result.skipped += 1  # a row prepared for a figure not collected yet
                continue
            reader.problem(line, "value", _("required for a new {kind}: add the column or fill the cell").format(
                kind=_("measurement")))
            continue
        try:
            rec = Measurement.model_validate({"date": date, "value": value,
                                              **({"note": note} if note not in (_DEFAULT, "") else {})})
        except ValidationError as exc:
            _validation(reader, line, exc)
            continue
        added.append((k, rec))
        result.added.append(label)
    if reader.problems:
        raise PlanError(sorted(reader.problems, key=lambda p: p.line or 0))
    for k, rec in sorted(added, key=lambda a: (a[0], a[1].date)):
        new_lists.setdefault(k, list(indicators[k].measurements)).append(rec)
    for k, measurements in new_lists.items():
        if [m.model_dump() for m in measurements] != [m.model_dump() for m in indicators[k].measurements]:
            updated_ind = indicators[k].model_copy()
            updated_ind.measurements = measurements
            indicators[k] = updated_ind
    result.absent = sum(len(ind.measurements) for ind in plan.indicators) - matched
    result.records = indicators
    result.read_as = reader.read_as
    return result


def _fields(values: dict[str, Any], current: Any, reader: _Rows) -> dict[str, Any]:
    """The model fields a row sets (only for the columns present): empty cells of fields with a default mean
    the default (the plan's currency for a new action's currency), and keep an existing record's currency."""
    out: dict[str, Any] = {}
    targets: dict[int, float | None] = {}
    funding: dict[str, float | None] = {}
    for name, value in values.items():
        year = _TARGET_COLUMN.match(name)
        if year:
            targets[int(year.group(1))] = value
            continue
        col = reader.columns[name]
        if col.field == "id":
            continue
        if col.kind == "funding":
            funding[name.removeprefix(FUNDING_PREFIX)] = value
            continue
        if value is _DEFAULT and col.kind == "currency":
            if current is not None:
                continue
            value = reader.plan.currency
        elif value is _DEFAULT:
            value = MODELS[reader.kind].model_fields[col.field].get_default(call_default_factory=True)
        if value is None and current is None:
            continue
        out[col.field] = value
    if targets:
        out["targets"] = _new_targets(current.targets if current is not None else [], targets)
    if funding:
        out["funding"] = _new_funding(current.funding if current is not None else [], funding)
    return out


def _changed(current: M, changes: dict[str, Any], reader: _Rows, line: int) -> M | None:
    """A copy of ``current`` with ``changes`` applied and validated; None (the problem noted) if invalid."""
    updated = current.model_copy(deep=True)
    try:
        for key, value in changes.items():
            setattr(updated, key, value)
    except ValidationError as exc:
        _validation(reader, line, exc)
        return None
    return updated


def _validation(reader: _Rows, line: int, exc: ValidationError) -> None:
    column_of = {c.field: c.name for c in reader.columns.values()}
    for err in exc.errors(include_url=False):
        field_name = str(err["loc"][0]) if err["loc"] else "?"
        reader.problem(line, column_of.get(field_name, field_name), err["msg"])


def _label(rec: Any) -> str:
    return getattr(rec, "code", None) or getattr(rec, "name", None) or rec.id


def import_csv(store: Any, kind: str, path: Path, label: str | None = None, dry_run: bool = False) -> ImportResult:
    """Import ``path`` into the plan of ``store`` (a PlanStore): all or nothing, only changed fields written."""
    result = plan_import(store.plan, kind, path, label)
    if not dry_run and (result.changed or result.added):
        store.update_plan({PLAN_LIST.get(kind, kind): result.records})
        result.written = True
    return result

