"""The keys: the plan's sections and actions, those of the screen the help was opened from, and the
keys that work everywhere."""

from __future__ import annotations

from typing import Any, ClassVar

from facilitator.screens.commands import GENERAL_COMMANDS, PLAN_COMMANDS, SECTION_COMMANDS, title
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from facilitator.i18n import _


class HelpScreen(ModalScreen[None]):
    """A list of keys; Escape, ? or F1 closes it."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,f1,q", "close", _("Close"), id="help.close"),
    ]

    def __init__(self, below: Screen[Any]) -> None:
        super().__init__()
        groups = ((_("Sections of the plan"), SECTION_COMMANDS), (_("The plan"), PLAN_COMMANDS),
                  (_("The app"), GENERAL_COMMANDS))
        ids = {b.binding.id: b for b in below.active_bindings.values() if b.binding.id}
        self.groups: list[tuple[str, list[tuple[str, str]]]] = []
        known: set[str] = set()
        for heading, commands in groups:
            keys = []
            for cmd in commands:
                active = ids.get(cmd.id)
                if active is not None:
                    keys.append((self.app.get_key_display(active.binding), title(cmd)))
                    known.add(cmd.id)
            if keys:
                self.groups.append((heading, keys))
        own = []
        seen = set()
        for active in below.active_bindings.values():
            b = active.binding
            # Only the screen's own shown keys: the cursor keys of tables and inputs are left out.
            if b.id in known or not b.show or not b.description or (b.action, b.description) in seen:
                continue
            seen.add((b.action, b.description))
            own.append((self.app.get_key_display(b), b.tooltip or b.description))
        if own:
            self.groups.insert(0, (_("On this screen"), own))
        self.groups.append((_("Everywhere"), [
            ("^p", _("Command palette: search every action")),
            ("f1", _("This help")),
            ("tab", _("Next field, table or button")),
            ("esc", _("Back, or close a dialog")),
            ("^q", _("Quit")),
        ]))

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="help"):
            yield Static(_("Keys"), classes="title")
            yield Static(self._text())

    def _text(self) -> Text:
        out = Text(end="")
        width = max(len(k) for _heading, keys in self.groups for k, _d in keys) + 2
        for i, (heading, keys) in enumerate(self.groups):
            if i:
                out.append("\n")
            out.append(heading + "\n", style="bold underline")
            for key, description in keys:
                out.append(key.ljust(width), style="bold")
                out.append(description + "\n")
        out.append("\n" + _("Press Escape to close."), style="dim")
        return out

    def action_close(self) -> None:
        self.dismiss()
