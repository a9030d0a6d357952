"""Translation and locale formatting: gettext for the tool's own strings, Babel for dates and numbers.

`_` looks the message up at call time in the current catalog, so a language switch applies everywhere
at once. Messages defined at import time (tables of texts) are marked with `N_` and translated where they
are shown. Dates, numbers and money are formatted for the plan's language with Babel.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gettext
import re
from collections.abc import Iterator, Mapping
from importlib.resources import files

DOMAIN = "facilitator"
BABEL_LOCALES = {"en": "en", "es": "es", "pt": "pt_BR"}
"""Babel locale used for each content language (the product's programs are Latin American)."""

UI_LANGUAGES = ("en", "es", "pt")
"""Languages of the app's own screens and messages."""
UI_LANG_VARIABLE = "FACILITATOR_UI_LANG"
LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
"""Where gettext looks for the user's language, in this order."""

_translation: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def locale_dir() -> str:
    return str(files("facilitator") / "locale")


def set_language(lang: str) -> None:
    """Use the catalog of ``lang`` (en, es, pt) for every later `_` call; unknown languages fall back to en."""
    global _translation, _language
    _language = lang if lang in BABEL_LOCALES else "en"
    _translation = gettext.translation(DOMAIN, locale_dir(), languages=[_language], fallback=True)


def language() -> str:
    return _language


def language_part(value: str) -> str | None:
    """The language of a locale name when the app speaks it: ``es_UY.UTF-8`` → es, ``pt-BR`` → pt, else None."""
    lang = re.split(r"[_.@-]", value.strip(), maxsplit=1)[0].lower()
    return lang if lang in UI_LANGUAGES else None


def locale_language(environ: Mapping[str, str]) -> str:
    """The user's language from the locale variables, the gettext way.

    LANGUAGE, LC_ALL, LC_MESSAGES and LANG are read in that order (LANGUAGE may list several, ``fr:es``);
    the first entry in Spanish, Portuguese or English decides. ``C`` or ``POSIX`` (also ``C.UTF-8``) asks
    for the untranslated messages: English. Nothing usable: English.
    """
    for variable in LOCALE_VARIABLES:
        for entry in environ.get(variable, "").split(":"):
            entry = entry.strip()
            if not entry:
                continue
            if entry.split(".")[0].upper() in ("C", "POSIX"):
                return "en"
            lang = language_part(entry)
            if lang:
                return lang
    return "en"


def ui_language(option: str | None, environ: Mapping[str, str]) -> tuple[str, str | None]:
    """The language of the app's screens and messages, and the value of FACILITATOR_UI_LANG when it was not usable.

    ``--ui-lang`` first, then FACILITATOR_UI_LANG (``es`` or a locale name such as ``es_UY.UTF-8``), then the
    locale variables. The plan's own language (its content, the PDF's default) is a separate thing.
    """
    if option:
        return language_part(option) or "en", None
    value = environ.get(UI_LANG_VARIABLE, "").strip()
    if value:
        lang = language_part(value)
        if lang:
            return lang, None
        return locale_language(environ), value
    return locale_language(environ), None


@contextlib.contextmanager
def in_language(lang: str) -> Iterator[None]:
    """Translate in ``lang`` inside the block (a document in another language than the screen's)."""
    previous = _language
    set_language(lang)
    try:
        yield
    finally:
        set_language(previous)


def _(message: str) -> str:
    """The message in the current language."""
    return _translation.gettext(message)


def translated(message: str, lang: str) -> str:
    """``message`` in ``lang``, leaving the current language alone (safe beside a worker thread that is
    translating in it)."""
    return _catalog(lang).gettext(message)


@functools.lru_cache(maxsize=8)
def _catalog(lang: str) -> gettext.NullTranslations:
    return gettext.translation(DOMAIN, locale_dir(), languages=[lang if lang in BABEL_LOCALES else "en"],
                               fallback=True)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translation.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a message for extraction without translating it yet (translate with `_` where it is shown)."""
    return message


def format_date(value: dt.date | None, lang: str, style: str = "long") -> str:
    if value is None:
        return ""
    from babel.dates import format_date as babel_format_date

    return babel_format_date(value, format=style, locale=BABEL_LOCALES.get(lang, "en"))


def format_number(value: float | None, lang: str, digits: int = 2) -> str:
    if value is None:
        return ""
    from babel.numbers import format_decimal

    if isinstance(value, float) and value.is_integer():
        value = int(value)
    pattern = None if isinstance(value, int) else f"#,##0.{'#' * digits}"
    try:
        return format_decimal(value, format=pattern, locale=BABEL_LOCALES.get(lang, "en"))
    except (ArithmeticError, ValueError):  # a magnitude Babel cannot quantize: show it plainly
        return f"{value:g}"


def percent_space(lang: str) -> str:
    """What the locale of ``lang`` puts between a number and its percent sign ("" in en and pt, a no-break
    space in es), so a value in % and a share print alike: never "25 %" next to "0%"."""
    from babel import Locale

    pattern = Locale.parse(BABEL_LOCALES.get(lang, "en")).percent_formats[None].pattern.split(";")[0]
    between = pattern[pattern.rfind("0") + 1:pattern.find("%")] if "%" in pattern else ""
    return "\u00a0" if between.strip(" \u00a0\u202f") == "" and between else ""


def format_quantity(value: float | None, unit: str, lang: str, percent_lang: str | None = None) -> str:
    """A number with its unit, the number in ``lang`` (the plan's: the unit is content typed in it), a
    percent sign stuck to the number as ``percent_lang``'s locale does (default ``lang``), any other unit
    after a no-break space: ``1,6 noches``, ``58 %`` in Spanish, ``1.6 nights``, ``58%`` in English."""
    if value is None:
        return ""
    n = format_number(value, lang)
    unit = unit.strip()
    if not unit:
        return n
    return f"{n}{percent_space(percent_lang or lang)}%" if unit == "%" else f"{n}\u00a0{unit}"


def format_money(value: float, currency: str, lang: str) -> str:
    """Money in the locale's currency pattern; whole amounts without decimals (budgets are round)."""
    from babel import Locale
    from babel.numbers import format_currency

    locale = Locale.parse(BABEL_LOCALES.get(lang, "en"))
    try:
        if float(value).is_integer():
            pattern = re.sub(r"\.0+", "", locale.currency_formats["standard"].pattern)
            return format_currency(int(value), currency, format=pattern, locale=locale, currency_digits=False)
        return format_currency(value, currency, locale=locale, format_type="standard", currency_digits=False,
                               decimal_quantization=False)
    except (ArithmeticError, ValueError):  # a magnitude Babel cannot quantize: show it plainly
        return f"{currency} {value:g}"
