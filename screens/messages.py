"""Messages that screens send up to the app (imported at start-up, so kept free of screen code)."""

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
