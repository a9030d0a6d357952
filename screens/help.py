"""The keys: those of the current step (in the session runner) and of the screen the help was opened
from — the keys hidden from the footer included —, the plan's sections and actions, and the keys that work
everywhere. Grouped, one line a key (keys with the same action together, digit keys as a range), in a
dialog that scrolls at 80×24."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from rich.text import Text
from textual.actions import parse
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from facilitator.i18n import N_, _
from facilitator.screens.commands import (
    GENERAL_COMMANDS,
    PLAN_COMMANDS,
    SECTION_COMMANDS,
    shown_description,
    shown_tooltip,
    title,
)

KEY_WIDTH = 16
"""The key column is at most this wide (a longer key list wraps its description onto the next line)."""

Keys = list[tuple[str, str]]


def _unnamed(action: str) -> str:
    """What a binding without a description does (the digit keys of the step views)."""
    names = {
        "score": _("Score the cell (then the next)"),
        "digit": _("Type a number; Enter sets it"),
        "move_to": _("Move the selected note to that group"),
        "pick": _("Choose the consensus level"),
    }
    return names.get(action, action.replace("_", " "))


def node_bindings(node: DOMNode) -> list[Binding]:
    """Every binding ``node`` defines (its class and base classes), one per key, footer or not."""
    return [b for bindings in node._bindings.key_to_bindings.values() for b in bindings]  # Textual keeps them there


class HelpScreen(ModalScreen[None]):
    """A list of keys; Escape, ? or F1 closes it."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,f1,q", "close", N_("Close"), id="help.close"),
    ]

    def __init__(self, below: Screen[Any]) -> None:
        super().__init__()
        self.groups: list[tuple[str, Keys]] = []
        known: set[str] = set()
        active = list(below.active_bindings.values())
        ids = {a.binding.id: a for a in active if a.binding.id}
        for heading, commands in ((_("Sections of the plan"), SECTION_COMMANDS), (_("The plan"), PLAN_COMMANDS),
                                  (_("The app"), GENERAL_COMMANDS)):
            keys = []
            for cmd in commands:
                found = ids.get(cmd.id)
                if found is not None:
                    keys.append((self.app.get_key_display(found.binding), title(cmd)))
                    known.add(cmd.id)
            if keys:
                self.groups.append((heading, keys))

        own: list[tuple[str, Keys]] = []
        view = getattr(below, "view", None)
        step_view = view if isinstance(view, DOMNode) and view.is_attached else None
        if step_view is not None:
            step = getattr(step_view, "step", None)
            step_title = ""
            ctx = getattr(step_view, "ctx", None)
            if step is not None and ctx is not None:
                step_title = ctx.text(step, "title") or step.id
            # The widgets of the step with keys of their own (a prompt bar, the consensus list) count too.
            inner = [a.binding for a in active if a.binding.id and a.node is not step_view and a.node is not below
                     and a.node is not self.app and step_view in a.node.ancestors]
            own.append((_("This step: {title}").format(title=step_title) if step_title else _("This step"),
                        self._keys([*node_bindings(step_view), *inner], known)))
            own.append((_("The session runner"), self._keys(node_bindings(below), known)))
        else:
            widgets = [a.binding for a in active if a.binding.id and a.node is not below and a.node is not self.app]
            own.append((_("On this screen"), self._keys([*node_bindings(below), *widgets], known)))
        self.groups[:0] = [(heading, keys) for heading, keys in own if keys]
        self.groups.append((_("Everywhere"), [
            ("^p", _("Command palette: search every action")),
            ("f1", _("This help")),
            ("tab", _("Next field, table or button")),
            ("esc", _("Back, or close a dialog")),
            ("^q", _("Quit")),
        ]))

    def _keys(self, bindings: Iterable[Binding], known: set[str]) -> Keys:
        """(keys, what they do) for ``bindings``, those with the same action and description together."""
        merged: dict[tuple[str, str], list[str]] = {}
        for b in bindings:
            # Only the app's own keys (they all have an id): Textual's focus, copy and cursor keys are left out.
            if b.system or not b.id or b.id in known:
                continue
            name = parse(b.action)[1]
            description = shown_tooltip(b) or shown_description(b)
            if not description:
                description = _unnamed(name)
                group = (name, description)
            else:
                group = (b.action, description)
            keys = merged.setdefault(group, [])
            shown = self.app.get_key_display(b)
            if shown not in keys:
                keys.append(shown)
        return [(self._join(keys), description) for (_action, description), keys in merged.items()]

    @staticmethod
    def _join(keys: list[str]) -> str:
        if len(keys) > 2 and all(k.isdigit() and len(k) == 1 for k in keys):
            return f"{min(keys)}-{max(keys)}"
        return " ".join(keys)

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="help"):
            yield Static(_("Keys"), classes="title")
            yield Static(self._text(), id="help-keys")

    def text(self) -> str:
        """The whole list as plain text (what the dialog shows)."""
        return self._text().plain

    def _text(self) -> Text:
        out = Text(end="")
        width = min(KEY_WIDTH, max(len(k) for _heading, keys in self.groups for k, _d in keys)) + 2
        for i, (heading, keys) in enumerate(self.groups):
            if i:
                out.append("\n")
            out.append(heading + "\n", style="bold underline")
            for key, description in keys:
                if len(key) > width - 2:
                    out.append(key + "\n", style="bold")
                    out.append(" " * width)
                else:
                    out.append(key.ljust(width), style="bold")
                out.append(description + "\n")
        out.append("\n" + _("Press Escape to close."), style="dim")
        return out

    def on_mount(self) -> None:
        self.query_one("#help", VerticalScroll).focus()

    def action_close(self) -> None:
        self.dismiss()
