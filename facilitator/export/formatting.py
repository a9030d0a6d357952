"""Text and numbers as the PDF documents print them: `text` for participant text, `Fmt` for dates,
numbers and money in the document's language, `page_label` for the footer. Shared by the plan and the
minutes.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from facilitator.i18n import BABEL_LOCALES, _, format_date, format_money, format_number, format_quantity, percent_space

# --- text -------------------------------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _visible(match: re.Match[str]) -> str:
    # Written out in ASCII: the bundled font has no "control pictures", and a glyph missing from a font
    # makes WeasyPrint give that font a custom encoding that some PDF readers cannot extract text from.
    return f"[U+{ord(match.group()):04X}]"


LONGEST_WORD = 1000
"""Characters a run without a space may have and still be printed whole (a long URL has a few hundred)."""
KEPT_OF_A_LONGER_WORD = 300
_OVERLONG = re.compile(rf"\S{{{LONGEST_WORD + 1},}}")


def _abridged(match: re.Match[str]) -> str:
    # A 19,000-character run (a pasted blob, a key held down) broken into lines filled 28 pages in every
    # place the text is printed and took 7 times as long to lay out. Its beginning is printed and the
    # rest counted; the plan file (attached to the PDF) keeps it whole, so nothing typed is lost.
    run = match.group()
    return run[:KEPT_OF_A_LONGER_WORD] + "\u2026 " + _("[{n} more characters without a space, not printed]").format(
        n=len(run) - KEPT_OF_A_LONGER_WORD)


def text(value: object) -> str:
    """Participant text ready to print literally: newlines kept, control characters made visible, and a
    run of more than `LONGEST_WORD` characters without a space abridged (see `_abridged`)."""
    if value is None:
        return ""
    s = str(value).replace("\r\n", "\n").replace("\r", "\n")
    s = _CONTROL.sub(_visible, s)
    return _OVERLONG.sub(_abridged, s) if len(s) > LONGEST_WORD else s


# --- formatting in the document's language ---------------------------------------------------------------

@dataclass(frozen=True)
class Fmt:
    """Formatting helpers bound to one document language; ``content`` is the plan's language (default: the
    document's), in which a number is written beside its unit (`quantity`)."""

    lang: str
    content: str = ""

    def date(self, value: dt.date | None, style: str = "long") -> str:
        return format_date(value, self.lang, style)

    def month(self, value: dt.date | None) -> str:
        return format_date(value, self.lang, "MMM y") if value else ""

    def num(self, value: float | None, digits: int = 2) -> str:
        return format_number(value, self.lang, digits)

    def money(self, value: float, currency: str) -> str:
        return format_money(value, currency, self.lang)

    def quantity(self, value: float | None, unit: str) -> str:
        """A number with its unit (percent signs stick to the number). The unit is content, typed in the
        plan's language, so the number is written as the plan writes numbers: an English plan exported in
        Spanish prints "1.6 nights", not "1,6 nights" (docs/decisions.md, "The user's language and the
        plan's"). The terminal app shows plan numbers with the same `format_quantity`."""
        return format_quantity(value, text(unit), self.content or self.lang, self.lang)

    def percent_space(self) -> str:
        """What the locale puts between a number and its percent sign (`i18n.percent_space`)."""
        return percent_space(self.lang)

    def percent(self, share: float, *, fixed: bool = False) -> str:
        """A share (0.268) as a percentage with at most one decimal (exactly one if ``fixed``), in the
        locale's style (26.8%, 26,8 %; a cap reads "80%", a column of shares "28.0%" under "38.9%")."""
        from babel.numbers import format_decimal

        number = format_decimal(round(share * 100, 1), format="#,##0.0" if fixed else "#,##0.#",
                                locale=BABEL_LOCALES.get(self.lang, "en"))
        return f"{number}{self.percent_space()}%"

    def shares(self, values: Sequence[float]) -> list[str]:
        """Each of ``values`` as its share of their sum, with exactly one decimal so a column reads alike,
        rounded so that they add up to exactly 100.0% (largest remainder: the tenths lost to rounding go to
        the values that lost the most)."""
        total = sum(values)
        if not values or total <= 0:
            return ["" for _v in values]
        exact = [v * 1000 / total for v in values]
        tenths = [math.floor(x) for x in exact]
        for i in sorted(range(len(values)), key=lambda i: tenths[i] - exact[i])[:1000 - sum(tenths)]:
            tenths[i] += 1
        return [self.percent(t / 1000, fixed=True) for t in tenths]

    def signed(self, value: float) -> str:
        s = self.num(abs(value))
        return ("+" if value > 0 else "\u2212" if value < 0 else "") + s



def page_label() -> dict[str, str]:
    """The footer's "Page X of Y" split around its two numbers (which CSS counters fill in)."""
    template = _("Page {page} of {pages}")
    if template.count("{page}") != 1 or template.count("{pages}") != 1 or \
            template.index("{page}") > template.index("{pages}"):
        template = "{page} / {pages}"
    before, rest = template.split("{page}", 1)
    middle, after = rest.split("{pages}", 1)
    return {"before": before, "middle": middle, "after": after}
