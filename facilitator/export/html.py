"""The plan context rendered to HTML with Jinja2: autoescape always on, undefined names are errors.

Templates live in the `facilitator.templates` package. Participant text only ever reaches element
content (escaped by Jinja); it never goes into attributes, `style` or `url()`. The page footer's fixed
labels go into a small generated stylesheet through `css_string`, which escapes every character that
could end a CSS string.
"""

from __future__ import annotations

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


def render_html(context: dict[str, Any]) -> str:
    """The whole plan document as one HTML string."""
    return environment().get_template(MAIN_TEMPLATE).render(**context)


def render_page_css(context: dict[str, Any]) -> str:
    """The stylesheet part that carries translated labels (page footer)."""
    return environment().get_template(PAGE_CSS_TEMPLATE).render(**context)
