"""Numbers as people type them: `parse_number(text, convention)` is the one parser of the app and the CLI.

Every place a person types a number goes through it: record forms and their lines (targets ``2029; 48``,
measurements, funding), table steps, vote counts, the monitoring dialogs, CSV import and the values that
consolidation takes from table rows. The convention comes from the plan's language (`convention`):
English writes ``1,500.5``, Spanish and Portuguese ``1.500,5``. CSV files follow their separator instead
(`csv_convention`), as the spreadsheet that wrote them did.

The rule, in full (docs/decisions.md, "Numbers people type"):

- Spaces (also no-break and thin spaces) may group thousands; ``+``/``-`` (and the typographic minus) lead.
- What reads as a number in the plan's convention is that number: ``1,500`` in English is 1500, ``1.500``
  in Spanish is 1500, ``1,5`` in Spanish is 1.5.
- What does not, but reads in the other convention, is taken that way: ``1,5`` in an English plan is 1.5,
  ``12.50`` in a Spanish plan is 12.5 (a comma typed out of habit, a figure pasted from elsewhere).
- Whenever the other convention would read the same text as a *different* number (``1,500``, ``1.500``),
  or was the one used, the result carries a `note` saying which number it was read as, for the screen or
  the import report to show. Plain numbers and unambiguous ones carry none.
- Anything else (letters, ``1,5,0``, ``inf``, a separator out of place) is refused with an example.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from facilitator.i18n import _

LIMIT = 1e15
"""Larger magnitudes are refused: beyond it a float no longer holds every whole number a plan may hold."""


@dataclass(frozen=True)
class Convention:
    """How numbers are written: the decimal mark and the thousands separator."""

    decimal: str
    group: str

    def other(self) -> Convention:
        return Convention(self.group, self.decimal)

    def show(self, value: float) -> str:
        """``value`` unambiguously: no grouping, this convention's decimal mark (``1500``, ``1,5``)."""
        text = str(int(value)) if value.is_integer() and abs(value) < 2**53 else repr(value)
        return text.replace(".", self.decimal)

    def describe(self) -> str:
        if self.decimal == ",":
            return _("decimals with a comma, thousands with a point")
        return _("decimals with a point, thousands with a comma")

    def example(self, whole: bool = False) -> str:
        """Examples for a refusal: ``85 or 1,500.5`` (English), ``85 or 1.500,5`` (Spanish, Portuguese)."""
        if whole:
            return _("such as 12 or 1{group}500").format(group=self.group)
        return _("such as 85, 85{decimal}5 or 1{group}500").format(decimal=self.decimal, group=self.group)


POINT = Convention(".", ",")
COMMA = Convention(",", ".")
CONVENTIONS = {"en": POINT, "es": COMMA, "pt": COMMA}
"""The plan's language → how its numbers are written."""


def convention(lang: str) -> Convention:
    """The convention of a plan's language (English's for a language we do not know)."""
    return CONVENTIONS.get(lang.split("_")[0].split("-")[0].lower(), POINT)


def csv_convention(sep: str) -> Convention:
    """A CSV file's numbers: decimal commas in ``;`` files (what spreadsheets with Spanish or Portuguese
    settings write), decimal points in ``,`` files."""
    return COMMA if sep == ";" else POINT


class NumberError(ValueError):
    """What is wrong with a typed number, as a sentence to show beside it."""


@dataclass(frozen=True)
class Parsed:
    """A typed number: its value and, when the text could be read otherwise, what it was read as."""

    value: float
    note: str = ""
    """``“1,500” read as 1500 (decimals with a point, thousands with a comma)``, or empty."""

    @property
    def whole(self) -> int:
        return int(self.value)


_SPACES = re.compile(r"[\s\u00a0\u2007\u2009\u202f]+")


def _read(text: str, conv: Convention) -> float | None:
    """``text`` (spaces already made plain) in ``conv``, or None when it is not written that way."""
    d, g = re.escape(conv.decimal), re.escape(conv.group)
    plain = rf"(?:\d+(?:{d}\d*)?|{d}\d+)"
    grouped = rf"\d{{1,3}}(?P<sep>[{g} ])\d{{3}}(?:(?P=sep)\d{{3}})*(?:{d}\d*)?"
    m = re.fullmatch(rf"(?P<sign>[+-]?)(?P<body>{plain}|{grouped})", text)
    if m is None:
        return None
    body = m["body"].replace(conv.group, "").replace(" ", "").replace(conv.decimal, ".")
    return float(m["sign"] + body)


def parse_number(text: str, conv: Convention | str, *, whole: bool = False) -> Parsed:
    """``text`` as a number by ``conv`` (a `Convention`, or a plan language such as ``es``).

    Raises `NumberError` with a sentence for the user when it is not a number (or, with ``whole``, not a
    whole number); an empty text is not a number either (callers decide what empty means).
    """
    conv = convention(conv) if isinstance(conv, str) else conv
    typed = text.strip()
    cleaned = _SPACES.sub(" ", typed).replace("\u2212", "-")
    cleaned = re.sub(r"^([+-]) ", r"\1", cleaned)
    own, other = _read(cleaned, conv), _read(cleaned, conv.other())
    value = own if own is not None else other
    if value is None:
        raise NumberError(_("“{text}” is not a number; write one {example}.").format(
            text=typed, example=conv.example(whole)))
    if abs(value) > LIMIT:
        raise NumberError(_("“{text}” is too large a number to keep exactly.").format(text=typed))
    if whole and not value.is_integer():
        raise NumberError(_("“{text}” is not a whole number; write one {example}.").format(
            text=typed, example=conv.example(whole=True)))
    note = ""
    if other is not None and (own is None or other != own):
        used = conv if own is not None else conv.other()  # the convention the text was read in
        note = _("“{text}” read as {value} ({convention})").format(
            text=typed, value=conv.show(value), convention=used.describe())
    return Parsed(value + 0.0, note)  # + 0.0 turns -0.0 into 0.0


def parse_optional(text: str, conv: Convention | str, *, whole: bool = False) -> Parsed | None:
    """As `parse_number`, with None for an empty text."""
    return parse_number(text, conv, whole=whole) if text.strip() else None
