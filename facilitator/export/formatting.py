"""Text and numbers as the PDF documents print them: `text` for participant text, `Fmt` for dates,
numbers and money in the document's language, `page_label` for the footer. Shared by the plan and the
minutes.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from facilitator.i18n import BABEL_LOCALES, _, format_date, format_money, format_number

# --- text -------------------------------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _visible(match: re.Match[str]) -> str:
    # Written out in ASCII: the bundled font has no "control pictures", and a glyph missing from a font
    # makes WeasyPrint give that font a custom encoding that some PDF readers cannot extract text from.
    return f"[U+{ord(match.group()):04X}]"


def text(value: object) -> str:
    """Participant text ready to print literally: newlines kept, control characters made visible."""
    if value is None:
        return ""
    s = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub(_visible, s)


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
        plan's")."""
        if value is None:
            return ""
        n = format_number(value, self.content or self.lang)
        unit = text(unit).strip()
        if not unit:
            return n
        return f"{n}{unit}" if unit == "%" else f"{n}\u00a0{unit}"

    def percent(self, share: float) -> str:
        """A share (0.268) as a percentage with at most one decimal, in the locale's style (26.8%, 26,8 %)."""
        from babel import Locale
        from babel.numbers import format_percent

        locale = Locale.parse(BABEL_LOCALES.get(self.lang, "en"))
        pattern = locale.percent_formats[None].pattern.split(";")[0]
        last = pattern.rfind("0")
        return format_percent(share, format=pattern[:last + 1] + ".#" + pattern[last + 1:], locale=locale)

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
