"""The minutes of one workshop session as a PDF: `export_minutes` and the context its template prints.

Same safe path as the plan PDF (see `facilitator.export`): the plan folder is opened read-only, the session
and its plan are refused if `check` finds errors in them, the context is plain localized data, Jinja2 runs
with autoescape, WeasyPrint reads only the templates, the PDF is tagged, the session file is attached as
``session.toml`` and the result is written atomically. Participant text is passed on as typed (control
characters made visible) and only ever reaches element content.

Figures come from the workshop engine (`facilitator.engine`), so the minutes show the same agenda times,
representativeness, quadrants and weighted scores as the session runner.

The package, by what lives where: `labels` (the fixed labels of kinds of step, categories, columns…),
`context` (`minutes_context`: facts, attendance, agenda, decisions), `steps` (the contributions of each
step) and `export` (`export_minutes`, `default_minutes_output`).
"""

from __future__ import annotations

from facilitator.export.minutes.context import minutes_context
from facilitator.export.minutes.export import (
    ATTACHMENT,
    PAGE_CSS_TEMPLATE,
    STYLESHEET,
    TEMPLATE,
    default_minutes_output,
    export_minutes,
)

__all__ = ["ATTACHMENT", "PAGE_CSS_TEMPLATE", "STYLESHEET", "TEMPLATE", "default_minutes_output", "export_minutes",
           "minutes_context"]
