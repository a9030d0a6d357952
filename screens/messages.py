"""Messages that screens send up to the app (imported at start-up, so kept free of screen code).

"Attributes down, messages up": the app hands each screen the open plan (`PlanState`); a screen that
needs the app to act on the plan as a whole (redraw every view after a save, read plan.toml again,
open another plan) posts one of these. A message posted by a screen bubbles to the app, which handles
it with ``@on(...)``; a screen never calls the app's methods by name.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.message import Message


class OpenPlan(Message):
    """Open the plan in ``folder`` (chosen in the picker, or retried from the error screen)."""

    def __init__(self, folder: Path, notice: str | None = None, origin: Any = None) -> None:
        super().__init__()
        self.folder = folder
        self.notice = notice
        self.origin = origin
        """The screen that asked; if it has ``open_failed(problems)`` it shows a failure itself."""


class PlanSaved(Message):
    """A screen wrote a change through the store: every view redraws and the checks run again."""


class ReloadPlan(Message):
    """Read plan.toml again from disk (the user asked, or a save found it changed outside the tool).

    A view that holds typed text hears the result through the plan's ``changed`` signal (``reloaded``).
    """


class PrepareExport(Message):
    """The export dialog opened: have the spare export process ready (WeasyPrint and the fonts loaded) so
    that the export key pays only for the render."""
