"""The plan context rendered to HTML with Jinja2: autoescape always on, undefined names are errors.

Templates live in the `facilitator.templates` package. Participant text only ever reaches element
content (escaped by Jinja); it never goes into attributes, `style` or `url()`. The page footer's fixed
labels go into a small generated stylesheet through `css_string`, which escapes every character that
could end a CSS string.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from facilitator.i18n import _, ngettext

MAIN_TEMPLATE = "plan.html"
PAGE_CSS_TEMPLATE = "page.css.j2"
STYLESHEET = "plan.css"


def templates_dir() -> Path:
    """The folder of the `facilitator.templates` package (a real folder, installed or editable)."""
    return Path(str(files("facilitator.templates"))).resolve()


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The Jinja2 environment for the plan templates (built once per process)."""
    env = Environment(
        loader=FileSystemLoader(str(templates_dir())),
        autoescape=True,  # always, whatever the template's name (select_autoescape only covers .html)
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    # Looked up at call time, so the document's language applies (see facilitator.i18n).
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda message: _(message), ngettext=lambda s, p, n: ngettext(s, p, n), newstyle=True)
    env.filters["css_string"] = css_string
    return env


def css_string(value: str) -> Markup:
    """``value`` as a quoted CSS string: every character but ASCII letters, digits and spaces is escaped.

    The result cannot end the string or the declaration, so it is safe to put in a stylesheet.
    """
    out = []
    for ch in str(value):
        if ch.isalnum() and ord(ch) < 0x80 or ch == " ":
            out.append(ch)
        else:
            out.append(f"\\{ord(ch):06x}")
    return Markup('"' + "".join(out) + '"')


LONG_WORD = 16
"""Characters a word may have and still be kept whole in a table column's narrowest width (see below)."""

_SKIPPED_OR_TEXT = re.compile(r"<(title|style|script|svg)\b.*?</\1\s*>|>([^<]+)", re.DOTALL | re.IGNORECASE)
_LONG_RUN = re.compile(rf"(?:&#?\w+;|[^\s<&]){{{LONG_WORD + 1},}}")
"""More than LONG_WORD characters without a space, an escaped character (``&#39;``) counting as one."""
_TAG = re.compile(r"<(/?)([a-zA-Z][\w-]*)[^>]*>")
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"})
_CLASS = re.compile(r"""\sclass=(["'])""")


def breakable_long_words(html: str) -> str:
    """``html`` with the class ``lw`` (``overflow-wrap: anywhere`` in plan.css) added to every element
    whose own text has a run of more than `LONG_WORD` characters without a space.

    Why: a long word or URL must never make a table wider than the page. `overflow-wrap: anywhere` on all
    participant text guaranteed that, but it makes every character a break opportunity when WeasyPrint
    computes a table column's narrowest width, and that was half of the whole layout time. Ordinary text
    now has ``break-word``, so a column is at least as wide as its longest word (`LONG_WORD` characters at
    most); only the few elements holding a longer run break anywhere, as all did before. The class goes
    on the element itself, not on a span around the run: WeasyPrint 70 breaks a line early before an
    inline box that does not fit. ``<title>``, ``<style>``, ``<script>`` and inline SVG are left alone.
    """
    starts: set[int] = set()
    for match in _SKIPPED_OR_TEXT.finditer(html):
        if match.group(2) is not None and _LONG_RUN.search(match.group(2)):
            where = _enclosing_start_tag(html, match.start())
            if where is not None:
                starts.add(where)
    if not starts:
        return html
    out, last = [], 0
    for where in sorted(starts):
        tag = _TAG.match(html, where)
        assert tag is not None
        out.append(html[last:where])
        out.append(_with_class(tag.group(0), "lw"))
        last = tag.end()
    out.append(html[last:])
    return "".join(out)


def _enclosing_start_tag(html: str, end: int) -> int | None:
    """The offset of the start tag of the element open at ``end`` (the ``>`` that ends the tag before a
    text), skipping the complete elements before it; None if there is none."""
    depth = 0
    position = end + 1
    while True:
        opening = html.rfind("<", 0, position)
        if opening < 0:
            return None
        tag = _TAG.match(html, opening)
        position = opening
        if tag is None or tag.group(2).lower() in _VOID or tag.group(0).endswith("/>"):
            continue
        if tag.group(1):
            depth += 1
        elif depth:
            depth -= 1
        else:
            return opening


def _with_class(tag: str, name: str) -> str:
    found = _CLASS.search(tag)
    if found:
        return f"{tag[:found.end()]}{name} {tag[found.end():]}"
    return f'{tag[:-1]} class="{name}">'


def render_html(context: dict[str, Any]) -> str:
    """The whole plan document as one HTML string, its record codes linked to their records."""
    html = environment().get_template(MAIN_TEMPLATE).render(**context)
    return link_codes(html, context.get("anchors", {}))


_CODE_ELEMENT = re.compile(r'<(span|td) class="code">([A-Za-z0-9._-]{1,16})</\1>')
_CODE_LIST = re.compile(r'<span class="codes">([A-Za-z0-9._, -]*)</span>')
_ID = re.compile(r'\sid="([a-z]{2,8}-[a-z0-9-]+)"')


def link_codes(html: str, anchors: dict[str, str]) -> str:
    """``html`` with every record code printed as ``<span|td class="code">D4</span>`` and every list
    ``<span class="codes">O1, O2</span>`` made a link to the record's own entry (the element whose
    ``id`` is the record's id, see ``anchors``: code -> record id), where that entry is in the document.

    Only the tool's own markup is matched, never participant text: a code inside a finding's text stays
    text. The element that carries the id (the record's home) has more attributes than ``class`` and is
    not matched, so no record links to itself. Codes and record ids are validated by the model (letters,
    digits, ``._-``), so they are safe in an attribute.
    """
    present = set(_ID.findall(html))
    if not present:
        return html
    targets = {code: rid for code, rid in anchors.items() if rid in present}

    def one(code: str) -> str:
        rid = targets.get(code)
        return f'<a href="#{rid}">{code}</a>' if rid else code

    def element(match: re.Match[str]) -> str:
        tag, code = match.group(1), match.group(2)
        return f'<{tag} class="code">{one(code)}</{tag}>' if code in targets else match.group(0)

    def codes(match: re.Match[str]) -> str:
        return '<span class="codes">' + ", ".join(one(c.strip()) for c in match.group(1).split(",")) + "</span>"

    return _CODE_LIST.sub(codes, _CODE_ELEMENT.sub(element, html))


def render_page_css(context: dict[str, Any]) -> str:
    """The stylesheet part that carries translated labels (page footer)."""
    return environment().get_template(PAGE_CSS_TEMPLATE).render(**context)
