"""A save that meets an outside edit of the very field being typed: both values offered, nothing lost.

The forms (record form, profile) remember what each field held when they opened. When plan.toml
changed underneath them (an editor, a sync tool), the save first has the plan read again
(`reload_first`), takes the outside value of every field the user did not touch, and writes at once
unless a field the user changed was also changed outside to something else. Those fields are then
shown with both values (`ConflictScreen`): keep mine (written over theirs), take theirs (put into
the form, nothing written), or go back to the form with everything typed still in place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Static

from facilitator.i18n import N_, _
from facilitator.screens.messages import ReloadPlan
from facilitator.screens.state import PlanState

MINE, THEIRS = "mine", "theirs"
SHOWN_CHARACTERS = 300
"""A long text is cut in the dialog (the form keeps all of it)."""


@dataclass(frozen=True)
class FieldConflict:
    """A field changed both in the form and, differently, in plan.toml since the form opened."""

    name: str
    label: str
    mine: str
    """What the form holds, as shown."""
    theirs: str
    """What plan.toml holds now, as shown."""


def in_conflict(base: Any, mine: Any, theirs: Any) -> bool:
    """Changed on both sides, to different values (a change made on one side only is no conflict)."""
    return mine != base and theirs != base and mine != theirs


def shown(value: str) -> str:
    value = value if value.strip() else _("(empty)")
    return value if len(value) <= SHOWN_CHARACTERS else value[:SHOWN_CHARACTERS] + "…"


def reload_first(screen: Screen[Any], state: PlanState) -> bool:
    """True (and the plan is being read again) when plan.toml changed on disk since it was read.

    The form then saves once it hears ``reloaded``: the outside change is merged, not refused, so a
    save does not depend on whether the app's 2-second disk watcher has already noticed the change.
    """
    try:
        changed = state.store.changed_on_disk()
    except OSError:
        return False  # the write will say what is wrong with the file
    if changed:
        screen.post_message(ReloadPlan())
    return changed


class ConflictScreen(ModalScreen[str | None]):
    """Both values of each conflicting field; returns ``mine``, ``theirs`` or None (back to the form)."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("m", "answer('mine')", N_("Keep mine"), id="conflict.mine"),
        Binding("t", "answer('theirs')", N_("Take theirs"), id="conflict.theirs"),
        Binding("escape", "answer(None)", N_("Back"), id="conflict.back"),
    ]

    def __init__(self, conflicts: list[FieldConflict]) -> None:
        super().__init__()
        self.conflicts = conflicts

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="conflicts"):
            yield Static(_("plan.toml was changed outside the tool in the fields you edited"), classes="title")
            with VerticalScroll(id="conflict-list"):
                for c in self.conflicts:
                    yield Static(Text.assemble(
                        (_(c.label), "bold"), "\n",
                        (_("Yours") + ": ", "bold"), shown(c.mine), "\n",
                        (_("In plan.toml now") + ": ", "bold"), shown(c.theirs)), classes="question")
            yield Static(_("Keep mine writes your values over theirs; take theirs puts their values into the "
                           "form and writes nothing."), classes="hint")
            with Horizontal(classes="buttons"):
                yield Button(_("Keep mine") + " (m)", id="mine", variant="primary", compact=True)
                yield Button(_("Take theirs") + " (t)", id="theirs", compact=True)
                yield Button(_("Back") + " (esc)", id="back", compact=True)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.action_answer(event.button.id if event.button.id in (MINE, THEIRS) else None)

    def action_answer(self, answer: str | None) -> None:
        self.dismiss(answer)
