"""The CSV dialog (command palette: "Export CSV…", "Import CSV…"): which records, which file, the result.

Export writes stakeholders, indicators, actions, measurements, risks, value-chain segments or the actions'
activities to a CSV file (the plan's exports folder by default); stakeholders leave out e-mail, gender and
role unless "Personal data" is ticked (off each time the dialog opens: a CSV leaves the machine,
docs/decisions.md "What a PDF carries about people"). Import reads one back through `facilitator.csvfiles`,
which writes only the changed fields or, when the file has problems, nothing at all: the problems are listed
here, one located line each.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult, CSSPathType
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from facilitator import csvfiles
from facilitator.i18n import N_, _
from facilitator.problems import PlanError
from facilitator.screens.messages import PlanSaved
from facilitator.screens.state import PlanState
from facilitator.screens.widgets import MarkedCheckbox

KIND_LABELS = (("stakeholders", N_("Stakeholders")), ("indicators", N_("Indicators")), ("actions", N_("Actions")),
               ("measurements", N_("Measurements")), ("risks", N_("Risks")),
               ("segments", N_("Value-chain segments")), ("activities", N_("Activities of the actions")))
SEPARATORS = ((N_(", comma"), ","), (N_("; semicolon (Excel in Spanish or Portuguese)"), ";"))
PERSONAL_KINDS = frozenset({"stakeholders"})
"""The kinds whose CSV can carry personal data (`csvfiles.export.PERSONAL_COLUMNS`); the ties CSV names actors,
which its import needs, and has no such columns."""


class CsvDialog(ModalScreen[None]):
    """Export (``mode="export"``) or import (``mode="import"``) one kind of records as CSV."""

    CSS_PATH: ClassVar[CSSPathType | None] = ["dialogs.tcss", "csv_dialog.tcss"]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", N_("Close"), id="csv.close", tooltip=N_("Close the dialog")),
    ]

    def __init__(self, state: PlanState, mode: str = "export") -> None:
        super().__init__()
        self.state = state
        self.mode = mode
        self.done = False
        """True once a file was written (export) or the plan was updated (import)."""

    def compose(self) -> ComposeResult:
        export = self.mode == "export"
        with Vertical(classes="dialog", id="csv"):
            yield Static(_("Export CSV") if export else _("Import CSV"), classes="title")
            with Horizontal(classes="csv-row"):
                yield Label(_("Records"), classes="csv-label")
                yield Select([(_(label), kind) for kind, label in KIND_LABELS], value="indicators",
                             allow_blank=False, id="kind", compact=True)
            with Horizontal(classes="csv-row"):
                yield Label(_("File"), classes="csv-label")
                yield Input(str(self.default_path("indicators")), id="path", compact=True)
            if export:
                with Horizontal(classes="csv-row"):
                    yield Label(_("Separator"), classes="csv-label")
                    yield Select([(_(label), sep) for label, sep in SEPARATORS], value=",", allow_blank=False,
                                 id="sep", compact=True)
                with Horizontal(classes="csv-row", id="personal-row"):
                    yield Label(_("Personal"), classes="csv-label")
                    yield MarkedCheckbox(_("E-mail, gender and role too (a private file)"), id="personal", compact=True,
                                   tooltip=_("Add the stakeholders' e-mail, gender and role columns; off: the file "
                                             "carries no personal data and can be shared"))
            with VerticalScroll(id="csv-messages"):
                yield Static(id="csv-text")
            with Horizontal(classes="buttons"):
                yield Button(_("Export") if export else _("Import"), id="go", variant="primary", compact=True)
                yield Button(_("Close"), id="close", compact=True)

    def on_mount(self) -> None:
        self.show_hint("indicators")
        self.query_one("#kind", Select).focus()

    def show_hint(self, kind: str) -> None:
        if self.mode == "export":
            self.query_one("#personal-row").display = kind in PERSONAL_KINDS
            hint = _("UTF-8 with a header row; a relative path is inside the plan folder.")
            if kind in PERSONAL_KINDS:
                hint += "\n" + _("Without e-mail, gender and role unless Personal is ticked (Tab, then Space): "
                                  "the file may leave this computer.")
            self.show(hint)
        elif kind == "measurements":
            self.show(_("Rows are matched by indicator code and date: the same date updates the value and note, a "
                        "new date adds a measurement, and none is deleted. Nothing is written if the file has a "
                        "problem."))
        elif kind == "segments":
            self.show(_("Rows are matched by id, or by name when the id is empty; links name the segments each one "
                        "supplies, separated by ;. New rows are added and none is deleted. Nothing is written if the "
                        "file has a problem."))
        elif kind == "activities":
            self.show(_("Rows are matched by id, or by action code and title when the id is empty; a new row adds an "
                        "activity to its action and none is deleted. Nothing is written if the file has a problem."))
        else:
            self.show(_("Rows are matched by id, or by code when the id is empty; new rows are added and records "
                        "missing from the file are kept. Nothing is written if the file has a problem."))

    def has_unsaved_changes(self) -> bool:
        """A path of the user's own is typed and nothing was exported or imported yet (`HoldsUnsavedChanges`)."""
        typed = self.query_one("#path", Input).value.strip()
        return not self.done and typed not in {"", *(str(self.default_path(kind)) for kind, _label in KIND_LABELS)}

    def default_path(self, kind: str) -> Path:
        return csvfiles.default_path(self.state.folder, kind)

    def path(self) -> Path | None:
        text = self.query_one("#path", Input).value.strip()
        if not text:
            return None
        path = Path(text).expanduser()
        return path if path.is_absolute() else self.state.folder / path

    def show(self, message: str, lines: list[str] | None = None, error: bool = False) -> None:
        text = Text(end="")
        text.append(message, style="bold" if error else "")
        for line in lines or []:
            text.append("\n" + line)
        self.query_one("#csv-text", Static).update(text)

    @on(Select.Changed, "#kind")
    def _kind(self, event: Select.Changed) -> None:
        """Follow the kind with the default file name, unless a path of the user's own is typed."""
        path = self.query_one("#path", Input)
        defaults = {str(self.default_path(kind)) for kind, _label in KIND_LABELS}
        if not path.value.strip() or path.value in defaults:
            path.value = str(self.default_path(str(event.value)))
        self.show_hint(str(event.value))

    @on(Input.Submitted, "#path")
    @on(Button.Pressed, "#go")
    def go(self) -> None:
        kind = str(self.query_one("#kind", Select).value)
        path = self.path()
        if path is None:
            self.show(_("Type the path of the CSV file."), error=True)
            return
        if self.mode == "export":
            self.export(kind, path)
        else:
            self.import_(kind, path)

    def export(self, kind: str, path: Path) -> None:
        sep = str(self.query_one("#sep", Select).value)
        personal = kind in PERSONAL_KINDS and self.query_one("#personal", Checkbox).value
        try:
            written = csvfiles.write_csv(self.state.plan, kind, path, sep, personal=personal,
                                         create_folder=path.parent == self.default_path(kind).parent)
        except PlanError as err:
            self.show(_("Nothing was written:"), [str(p) for p in err.problems], error=True)
            return
        self.done = True
        count = csvfiles.row_count(self.state.plan, kind)
        self.show(_("Wrote {n} rows to {file}").format(n=count, file=written), [_(
            "With e-mail, gender and role: keep this file private.")] if personal else None)
        self.app.notify(_("CSV written: {file}").format(file=written), timeout=6, markup=False)

    def import_(self, kind: str, path: Path) -> None:
        try:
            result = csvfiles.import_csv(self.state.store, kind, path, label=str(path))
        except PlanError as err:
            problems = [str(p) for p in err.problems]
            self.show(_("Nothing was written; the file has problems:"), problems[:30] + (
                [_("… and {n} more").format(n=len(problems) - 30)] if len(problems) > 30 else []), error=True)
            return
        self.show(result.summary(), result.details())
        if result.written:
            self.done = True
            self.post_message(PlanSaved())
            self.app.notify(_("CSV imported: {summary}").format(summary=result.summary()), timeout=8, markup=False)

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(None)
