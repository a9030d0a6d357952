"""The message catalogs: complete, compiled, consistent; dates and numbers through Babel."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

from facilitator import i18n

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "facilitator" / "locale"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
PLACEHOLDER = re.compile(r"\{(\w*)[^{}]*\}")


def _catalog(lang: str):  # type: ignore[no-untyped-def]
    with open(LOCALE / lang / "LC_MESSAGES" / "facilitator.po", "rb") as fh:
        return read_po(fh, locale=lang)


def test_every_source_string_is_in_the_english_catalog() -> None:
    catalog = _catalog("en")
    missing = []
    for folder in ("facilitator", "screens", "templates"):
        for filename, _lineno, message, _comments, _context in extract_from_dir(
                str(ROOT / folder), keywords=KEYWORDS, method_map=[("**.py", "python"), ("**.html", "jinja2")],
                options_map={"**.html": {"extensions": "jinja2.ext.i18n"}}):
            msgid = message[0] if isinstance(message, tuple) else message
            if msgid and msgid not in catalog:
                missing.append(f"{folder}/{filename}: {msgid!r}")
    assert not missing, "run scripts/update-catalog; missing:\n" + "\n".join(missing[:20])


def test_catalogs_compile_without_fuzzy_entries_and_with_matching_placeholders() -> None:
    for po in LOCALE.glob("*/LC_MESSAGES/facilitator.po"):
        lang = po.parent.parent.name
        catalog = _catalog(lang)
        for message in catalog:
            if not message.id:
                continue
            assert not message.fuzzy, f"{lang}: fuzzy entry {message.id!r}"
            ids = message.id if isinstance(message.id, (list, tuple)) else [message.id]
            strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
            for i, s in enumerate(strings):  # plural forms after the first answer to msgid_plural
                source = ids[0] if i == 0 else ids[-1]
                if s:
                    assert set(PLACEHOLDER.findall(s)) <= set(PLACEHOLDER.findall(source)), (lang, message.id)
                    if i == 0:
                        assert set(PLACEHOLDER.findall(s)) == set(PLACEHOLDER.findall(source)), (lang, message.id)
        # Compared by messages, not bytes: the .mo header names the Babel version that compiled it.
        fresh = io.BytesIO()
        write_mo(fresh, catalog)
        fresh.seek(0)
        with open(po.with_suffix(".mo"), "rb") as fh:
            assert _messages(read_mo(fh)) == _messages(read_mo(fresh)), f"{po}: run scripts/update-catalog"


def _messages(catalog) -> dict[object, object]:  # type: ignore[no-untyped-def]
    """What a compiled catalog answers: each id with its strings (the header, which names the Babel
    version that compiled it, left out)."""
    return {m.id if isinstance(m.id, str) else tuple(m.id): m.string if isinstance(m.string, str) else tuple(m.string)
            for m in catalog if m.id}


def test_babel_formats_dates_and_numbers_in_the_plan_language() -> None:
    day = dt.date(2026, 11, 22)
    assert i18n.format_date(day, "es") == "22 de noviembre de 2026"
    assert i18n.format_date(day, "pt") == "22 de novembro de 2026"
    assert i18n.format_date(day, "en") == "November 22, 2026"
    assert i18n.format_number(1234567.5, "es") == "1.234.567,5"
    assert i18n.format_number(1234567, "en") == "1,234,567"
    assert "1.290.000" in i18n.format_money(1290000, "USD", "pt")


def test_spanish_and_portuguese_catalogs_translate_the_document_and_the_screens() -> None:
    for lang, heading in (("es", "Resumen ejecutivo"), ("pt", "Resumo executivo")):
        catalog = _catalog(lang)
        filled = [m for m in catalog if m.id and m.string and (m.string[0] if isinstance(m.string, tuple) else m.string)]
        assert len(filled) >= 0.95 * len([m for m in catalog if m.id]), f"{lang}: catalog mostly untranslated"
        with i18n.in_language(lang):
            assert i18n._("Executive summary").lower() == heading.lower()
            assert i18n._("file not found") != "file not found"
    assert i18n.language() == "en"


def test_messages_go_through_the_catalog() -> None:
    i18n.set_language("en")
    assert i18n._("file not found") == "file not found"
    assert "file not found" in _catalog("en")
