"""The plan picker: recent plans, open a folder by path, create a new plan, or open the example.

It calls the core to create plans and copy the example, then asks the app to open the folder
(`OpenPlan`); a failure is shown next to the field that caused it.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Header, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from facilitator import recent
from facilitator.i18n import N_, _
from facilitator.problems import PlanError, Problem
from facilitator.screens.messages import OpenPlan
from facilitator.screens.widgets import Footer

LANGUAGES = (("English", "en"), ("Español", "es"), ("Português", "pt"))


def _recent_label(folder: Path) -> Text:
    """A recent plan by its cluster's name, its folder beside it (dim); the folder alone when the name
    cannot be read."""
    name = recent.cluster_name(folder)
    if not name:
        return Text(str(folder))
    return Text.assemble(name, ("  " + str(folder), "dim"))


class PickerScreen(Screen[None]):
    """Choose the plan to work on."""

    CSS_PATH = "picker.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", N_("Back"), id="nav.back", tooltip=N_("Back to the open plan")),
        Binding("f1", "app.help", N_("Help"), id="app.help"),
        Binding("ctrl+q", "app.quit", N_("Quit"), id="app.quit", priority=True),
    ]

    def __init__(self, can_go_back: bool = False) -> None:
        super().__init__()
        self.can_go_back = can_go_back

    def compose(self) -> ComposeResult:
        yield Header(icon="≡")
        with Vertical(id="picker"):
            yield Label(_("Recent plans"), classes="picker-heading")
            yield OptionList(id="recent")
            yield Label(_("Open a plan folder"), classes="picker-heading")
            yield Input(placeholder=_("path of a plan folder, then Enter"), id="open-path", compact=True)
            yield Static(id="open-error", classes="field-error")
            yield Label(_("New plan"), classes="picker-heading")
            with Horizontal(classes="picker-row"):
                yield Input(placeholder=_("cluster name"), id="new-name", compact=True)
                yield Select(LANGUAGES, value="en", allow_blank=False, id="new-lang", compact=True)
            with Horizontal(classes="picker-row"):
                yield Input(placeholder=_("folder for the new plan, e.g. ~/plans/wine-cluster"), id="new-folder",
                            compact=True)
                yield Button(_("Create"), id="create", compact=True, variant="primary")
            yield Static(id="new-error", classes="field-error")
            with Horizontal(classes="picker-row"):
                yield Button(_("Open my copy of the example plan"), id="example", compact=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = _("Plans")
        options = [Option(_recent_label(p), id=str(p)) for p in recent.recent_plans()]
        recent_list = self.query_one("#recent", OptionList)
        if options:
            recent_list.add_options(options)
            recent_list.highlighted = 0
            recent_list.focus()
        else:
            recent_list.add_option(Option(Text(_("(no recent plans)")), id="", disabled=True))
            self.query_one("#open-path", Input).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":
            return self.can_go_back
        return True

    def action_back(self) -> None:
        if self.can_go_back:
            self.dismiss()

    def open_failed(self, problems: list[Problem]) -> None:
        """The app could not open the folder asked for: say why, next to the path field."""
        self._error("#open-error", problems)

    def _error(self, selector: str, problems: list[Problem] | str | None) -> None:
        err = self.query_one(selector, Static)
        if isinstance(problems, list):
            text = "\n".join(str(p) for p in problems[:3])
        else:
            text = problems or ""
        err.update(Text(text))
        err.set_class(bool(text), "-shown")

    # --- the four ways in ------------------------------------------------------------------------------------

    @on(OptionList.OptionSelected, "#recent")
    def _recent(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.post_message(OpenPlan(Path(event.option.id), origin=self))

    @on(Input.Submitted, "#open-path")
    def _open_path(self, event: Input.Submitted) -> None:
        path = event.value.strip()
        if not path:
            self._error("#open-error", _("Type the path of a plan folder (the folder that holds plan.toml)."))
            return
        self._error("#open-error", None)
        self.post_message(OpenPlan(Path(path).expanduser(), origin=self))

    @on(Input.Submitted, "#new-name")
    def _name_entered(self) -> None:
        self.query_one("#new-folder", Input).focus()

    @on(Input.Submitted, "#new-folder")
    @on(Button.Pressed, "#create")
    def _create(self) -> None:
        from facilitator.store import PlanStore

        name = self.query_one("#new-name", Input).value.strip()
        folder = self.query_one("#new-folder", Input).value.strip()
        lang = str(self.query_one("#new-lang", Select).value)
        if not name:
            self._error("#new-error", _("Give the cluster a name."))
            self.query_one("#new-name", Input).focus()
            return
        if not folder:
            self._error("#new-error", _("Choose a folder for the new plan."))
            self.query_one("#new-folder", Input).focus()
            return
        try:
            with PlanStore.create(Path(folder).expanduser(), name, lang) as store:
                created = store.folder
        except PlanError as err:
            self._error("#new-error", err.problems)
            return
        self._error("#new-error", None)
        self.post_message(OpenPlan(created, _("Created the plan {name} in {folder}.").format(
            name=name, folder=created)))

    @on(Button.Pressed, "#example")
    def _example(self) -> None:
        from facilitator.example import personal_example

        try:
            folder, created = personal_example()
        except PlanError as err:
            self._error("#new-error", err.problems)
            return
        notice = (_("This is your own copy of the illustrative example plan, in {folder}. Edit it freely.")
                  if created else _("Opened your copy of the example plan ({folder}).")).format(folder=folder)
        self.post_message(OpenPlan(folder, notice, origin=self))
