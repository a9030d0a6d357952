"""What was typed into a form, parsed and checked: scalars by their field's kind (numbers by the plan's
language), the lines of a rows field into records, and a validation error as a sentence for the field."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ValidationError

from facilitator.dates import DateError, parse_date
from facilitator.editing.fields import CHOICE, DATE, INT, LONGTEXT, NUMBER, PICK, TEXT, YEAR, Column, FieldSpec
from facilitator.i18n import _, translated
from facilitator.model import LANGUAGES, new_id
from facilitator.numbers import NumberError, convention, parse_number


class FieldError(ValueError):
    """What is wrong with a typed value, as a sentence for the field."""


def number_text(value: Any, lang: str = "en") -> str:
    """A number as a field shows it for editing: whole, ungrouped, with the decimal mark of the plan's
    language ``lang`` (``1,234`` in Spanish), so that saving the form unchanged reads the same number back;
    a point there would read as a thousands separator (0.125 became 125)."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return str(int(value))
    # Positional, never "1e-07" (which no field reads back), with the shortest digits that round-trip.
    text = format(Decimal(repr(value)), "f") if isinstance(value, float) else str(value)
    return text.replace(".", convention(lang).decimal)


def cell_text(value: Any, lang: str = "en") -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return number_text(value, lang)
    return "" if value is None else str(value)


def column_text(col: Column, value: Any, lang: str = "en") -> str:
    """A cell of a rows field as the form shows it: an enum value in the screen's language."""
    if col.enum is not None and value is not None and value != "":
        return _(str(value))
    return cell_text(value, lang)


def parse_member(col: Column, text: str) -> str | None:
    """The stored value a typed enum cell names: the value itself or its label in any of the three
    languages, whatever the case; None for an empty cell."""
    assert col.enum is not None
    wanted = text.strip().casefold()
    if not wanted:
        return None
    for member in col.enum:
        if wanted in {member.value.casefold(), member.value.replace("_", " ").casefold()} | _labels(member.value):
            return member.value
    raise FieldError(_("{value} is not one of: {choices}").format(
        value=text.strip(), choices=", ".join(_(m.value) for m in col.enum)))


def _labels(value: str) -> set[str]:
    return {translated(value, lang).casefold() for lang in LANGUAGES}


def _number(text: str, lang: str, notes: list[str] | None, whole: bool = False) -> float | int:
    try:
        parsed = parse_number(text, lang, whole=whole)
    except NumberError as err:
        raise FieldError(str(err)) from None
    if parsed.note and notes is not None:
        notes.append(parsed.note)
    return parsed.whole if whole else parsed.value


def _date(text: str) -> dt.date:
    try:
        return parse_date(text)
    except DateError as err:
        raise FieldError(str(err)) from None


def parse_scalar(kind: str, text: str, lang: str = "en", notes: list[str] | None = None) -> Any:
    """The value of a typed scalar (None for an empty field). Numbers are read by the plan's language
    ``lang`` (`facilitator.numbers`); what a number was read as, when it could be read otherwise, is
    appended to ``notes`` for the form to show."""
    text = text.strip()
    if kind in (TEXT, LONGTEXT, CHOICE, PICK):
        return text if kind in (TEXT, LONGTEXT) else (text or None)
    if not text:
        return None
    if kind == NUMBER:
        return _number(text, lang, notes)
    if kind in (INT, YEAR):
        return _number(text, lang, notes, whole=True)
    if kind == DATE:
        return _date(text)
    return text


def error_message(exc: ValidationError) -> str:
    """The first validation error as a sentence for the field."""
    err = exc.errors(include_url=False)[0]
    kind = err["type"]
    ctx = err.get("ctx", {})
    if err.get("input", "") is None or kind == "missing":
        return _("This field is required.")
    if kind == "string_too_short":
        return _("This field cannot be empty.")
    if kind == "string_too_long":
        return _("Too long: at most {n} characters.").format(n=ctx.get("max_length", "?"))
    if kind in ("enum", "literal_error"):
        return _("Choose one of the listed values.")
    if kind == "greater_than_equal":
        return _("Too small: at least {n}.").format(n=ctx.get("ge", "?"))
    if kind == "less_than_equal":
        return _("Too large: at most {n}.").format(n=ctx.get("le", "?"))
    if kind == "string_pattern_mismatch":
        last = next((p for p in reversed(err["loc"]) if isinstance(p, str)), "")
        if last == "code":
            return _("Codes look like O1 or I1.2: letters, digits, dots and dashes.")
        if last == "currency":
            return _("Use an ISO 4217 code such as USD, EUR, BRL, UYU.")
    return str(err["msg"])


def parse_rows(spec: FieldSpec, text: str, old: list[BaseModel], lang: str = "en",
               notes: list[str] | None = None) -> list[BaseModel]:
    """The records of a rows field: one a line, cells separated by ``;``. A line whose first cell matches
    an old record updates that record (its other keys, such as sources, are kept). Numbers as in
    `parse_scalar`; each note names its line."""
    assert spec.row_model is not None
    keys = spec.columns[:spec.match]
    by_key: dict[tuple[str, ...], list[BaseModel]] = {}
    for r in old:
        by_key.setdefault(tuple(_key(c, getattr(r, c.name), lang) for c in keys), []).append(r)
    out = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        cells = [c.strip() for c in line.split(";")]
        if len(cells) > len(spec.columns):
            # The last column (a note, a source) may itself contain semicolons.
            cells = cells[: len(spec.columns) - 1] + ["; ".join(cells[len(spec.columns) - 1:])]
        data: dict[str, Any] = {}
        read: list[str] = []
        try:
            for col, cell in zip(spec.columns, cells):
                value = _cell_value(col, cell, lang, read)
                if value is not None and value != "":
                    data[col.name] = value
        except FieldError as err:
            raise FieldError(_("Line {n}: {problem}").format(n=n, problem=err)) from None
        if notes is not None:
            notes.extend(_("Line {n}: {problem}").format(n=n, problem=note) for note in read)
        typed = tuple(_key(c, data.get(c.name), lang) if c.enum is not None else cell
                      for c, cell in zip(keys, cells + [""] * len(keys)))
        same = by_key.get(typed, [])
        base = same.pop(0) if same else None  # two lines with the same cells match two old records in order
        try:
            if base is not None:
                merged = {k: v for k, v in base.model_dump().items() if k not in {c.name for c in spec.columns}}
                out.append(spec.row_model.model_validate({**merged, **data}))
            else:
                fresh = {"id": new_id(spec.id_prefix)} if spec.id_prefix else {}
                out.append(spec.row_model.model_validate({**fresh, **data}))
        except ValidationError as exc:
            first = exc.errors(include_url=False)[0]
            where = next((p for p in first["loc"] if isinstance(p, str)), "")
            raise FieldError(_("Line {n}: {field}: {problem}").format(
                n=n, field=where, problem=error_message(exc))) from None
    return out


def parse_group(spec: FieldSpec, cells: dict[str, str], lang: str = "en",
                notes: list[str] | None = None) -> BaseModel | None:
    """The sub-record of a group field from the text of each of its boxes; None when every box is empty."""
    assert spec.row_model is not None
    data: dict[str, Any] = {}
    for col in spec.columns:
        try:
            value = parse_scalar(col.kind, cells.get(col.name, ""), lang, notes)
        except FieldError as err:
            raise FieldError(f"{_(col.label)}: {err}") from None
        if value is not None and value != "":
            data[col.name] = value
    if not data:
        return None
    try:
        return spec.row_model.model_validate(data)
    except ValidationError as exc:
        where = next((p for p in exc.errors(include_url=False)[0]["loc"] if isinstance(p, str)), "")
        label = next((_(c.label) for c in spec.columns if c.name == where), where)
        raise FieldError(f"{label}: {error_message(exc)}") from None


def group_cells(spec: FieldSpec, value: Any, lang: str = "en") -> dict[str, str]:
    """The text of each box of a group field for ``value`` (a sub-record, its dump, or None)."""
    data = value.model_dump() if isinstance(value, BaseModel) else (value or {})
    return {c.name: cell_text(data.get(c.name), lang) for c in spec.columns}


def rows_text(spec: FieldSpec, records: list[BaseModel], lang: str = "en") -> str:
    """The records as a rows field shows them (numbers as `number_text` writes them in ``lang``, enum values
    in the screen's language)."""
    return "\n".join("; ".join(column_text(c, getattr(r, c.name, None), lang) for c in spec.columns).rstrip("; ")
                     for r in records)


def _cell_value(col: Column, cell: str, lang: str, notes: list[str]) -> Any:
    """One cell of a rows field's line; an enum cell's error names its column, as the model's errors do."""
    if col.enum is None:
        return parse_scalar(col.kind, cell, lang, notes)
    try:
        return parse_member(col, cell)
    except FieldError as err:
        raise FieldError(f"{col.name}: {err}") from None


def _key(col: Column, value: Any, lang: str) -> str:
    """A cell as a line's key compares it: an enum by its stored value, anything else as the form shows it."""
    if col.enum is not None:
        return "" if value is None else str(value)
    return cell_text(value, lang)


def check(template: BaseModel, name: str, value: Any) -> str | None:
    """The message for ``value`` of field ``name`` by the model's own rules, or None if it is valid."""
    trial = template.model_copy()
    try:
        setattr(trial, name, value)
    except ValidationError as exc:
        return error_message(exc)
    return None
