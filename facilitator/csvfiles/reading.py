"""Reading a CSV file for import: its text (UTF-8, with or without a byte-order mark), its separator
(from the header row) and its rows with their line numbers; a file that cannot be read is a located
PlanError."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from facilitator.i18n import _
from facilitator.problems import Level, PlanError, Problem


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
