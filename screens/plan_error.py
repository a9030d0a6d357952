"""Shown when a plan cannot be opened: the located problems, and the way on (retry, picker, quit)."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static

from facilitator.i18n import N_, _
from facilitator.problems import Problem
from facilitator.screens.messages import OpenPlan
from facilitator.screens.widgets import Footer


class PlanErrorScreen(Screen[None]):
    """Why ``folder`` could not be opened. Nothing was written; fix the file and press r."""

    CSS_PATH = "plan_error.tcss"
    AUTO_FOCUS = "#problems"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "retry", N_("Try again"), id="error.retry", tooltip=N_("Open the plan again after fixing it")),
        Binding("p", "app.picker", N_("Plans"), id="app.picker", tooltip=N_("Pick or create another plan")),
        Binding("escape", "back", N_("Back"), id="nav.back", show=False),
        Binding("q", "app.quit", N_("Quit"), id="app.quit"),
    ]

    def __init__(self, folder: Path, problems: list[Problem]) -> None:
        super().__init__()
        self.folder = folder
        self.problems = problems

    def compose(self) -> ComposeResult:
        yield Header(icon="≡")
        yield Static(_("This plan cannot be opened"), id="error-title")
        yield Static(Text(str(self.folder)), id="error-folder")
        with VerticalScroll(id="problems"):
            yield Static(id="problem-text")
        yield Static(_("Nothing was changed on disk. Fix the file in a text editor and press r to try again, "
                       "or press p to open another plan."), id="error-hint")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = _("cannot open")
        self.show(self.problems)

    def show(self, problems: list[Problem]) -> None:
        self.problems = problems
        out = Text(end="")
        for p in problems:
            where = p.file if p.line is None else f"{p.file}:{p.line}"
            out.append(f"{where}  ", style="bold")
            out.append(f"{p.level}\n", style="reverse" if p.level == "error" else "")
            out.append(f"  {p.message}\n\n")
        out.rstrip()
        self.query_one("#problem-text", Static).update(out)

    def action_retry(self) -> None:
        self.post_message(OpenPlan(self.folder))

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.dismiss()
