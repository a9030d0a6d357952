"""A yes/no question as a modal dialog (`ConfirmScreen` returns True for yes)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from facilitator.i18n import N_, _


class ConfirmScreen(ModalScreen[bool | None]):
    """Ask one question; y answers yes, n answers no, and Escape answers no too, or, for a question whose
    two answers both act (``escape_cancels``), None: back to where the question came from, nothing done."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", N_("Yes"), id="confirm.yes"),
        Binding("n", "answer(False)", N_("No"), id="confirm.no"),
        Binding("escape", "back", N_("Back"), id="confirm.back"),
    ]

    def __init__(self, question: str, yes: str | None = None, no: str | None = None, *,
                 escape_cancels: bool = False) -> None:
        super().__init__()
        self.question = question
        self.yes_label = yes or _("Yes")
        self.no_label = no or _("No")
        self.escape_cancels = escape_cancels

    def action_back(self) -> None:
        self.dismiss(None if self.escape_cancels else False)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.question), classes="question")
            with Horizontal(classes="buttons"):
                yield Button(f"{self.yes_label} (y)", id="yes", variant="primary", compact=True)
                yield Button(f"{self.no_label} (n)", id="no", compact=True)

    @on(Button.Pressed, "#yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#no")
    def _no(self) -> None:
        self.dismiss(False)

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
