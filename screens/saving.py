"""One way for a screen to write a change through the store and tell the user when it was refused.

Every editor (record forms, the profile, the monitoring dialogs, delete/undo/move in the section views)
saves through `write_through_store`: a plan held by another window, a plan.toml changed on disk (the
user is offered a reload; nothing is overwritten) and a change the plan refuses are each said in words,
and a save that went through makes the app redraw and re-run the checks.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.screen import Screen

from facilitator.i18n import _
from facilitator.problems import ChangedOnDiskError, LockedError, PlanError
from facilitator.screens.confirm import ConfirmScreen
from facilitator.screens.messages import PlanSaved, ReloadPlan


def write_through_store(screen: Screen[Any], change: Callable[[], Any], *, keeps_typing: bool = True) -> bool:
    """Run ``change`` (a write through the store); True when it was written.

    ``keeps_typing``: the screen keeps what the user typed when the write is refused (a form or a dialog),
    so the reload question tells them to save again afterwards.
    """
    try:
        change()
    except LockedError as err:
        screen.notify(err.problems[0].message, title=_("Not saved"), severity="error", timeout=10, markup=False)
        return False
    except ChangedOnDiskError:
        question = (_("plan.toml was changed outside the tool since it was read, so your change was not written.\n\n"
                      "Reload the plan now? What you typed stays in the form; press Ctrl+S again after the reload.")
                    if keeps_typing else
                    _("plan.toml was changed outside the tool since it was read, so this change was not written.\n\n"
                      "Reload the plan now?"))
        screen.app.push_screen(ConfirmScreen(question, yes=_("Reload"), no=_("Not now")),
                               lambda reload: _reload(screen, reload))
        return False
    except PlanError as err:
        screen.notify("\n".join(p.text() for p in err.problems), title=_("Not saved"), severity="error",
                      timeout=10, markup=False)
        return False
    screen.post_message(PlanSaved())
    return True


def _reload(screen: Screen[Any], reload: bool | None) -> None:
    if reload:
        screen.post_message(ReloadPlan())
