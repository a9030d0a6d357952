"""The "has unsaved changes" protocol every editing screen implements, and the one question it leads to.

A screen that holds something the user typed or chose and that is not written yet (a record form, the
profile, a monitoring dialog, a path typed in the CSV dialog, an idea typed in the runner's capture box
but not captured, …) says so through `HoldsUnsavedChanges.has_unsaved_changes()`. Escape in a form and
Ctrl+Q in the app then ask the same question (`ask_before_dropping`) instead of losing the text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Protocol, runtime_checkable

from textual.app import App

from facilitator.i18n import _
from facilitator.screens.confirm import ConfirmScreen


@runtime_checkable
class HoldsUnsavedChanges(Protocol):
    """A screen that can hold typed or chosen input that is not saved yet."""

    def has_unsaved_changes(self) -> bool:
        """True while leaving the screen would lose something the user typed or chose."""
        ...


def unsaved(screens: Iterable[object]) -> list[HoldsUnsavedChanges]:
    """The screens of ``screens`` (a screen stack) that hold unsaved changes."""
    return [s for s in screens if isinstance(s, HoldsUnsavedChanges) and s.has_unsaved_changes()]


def ask_before_dropping(app: App[Any], question: str, drop: Callable[[], object], *, yes: str | None = None) -> None:
    """Ask ``question``; ``drop`` runs only on yes. No (the default, also Escape) keeps everything typed."""

    def answer(confirmed: bool | None) -> None:
        if confirmed:
            drop()

    app.push_screen(ConfirmScreen(question, yes=yes or _("Discard"), no=_("Keep editing")), answer)
