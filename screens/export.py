"""The export dialog: choose the language, the sections, participant names and a draft mark, whether the
attached files carry personal data (off by default: a private archive copy only), see where the PDF goes,
follow the progress, cancel, and open the written PDF with the system viewer (``o``). A language other than
the plan's is warned about: the content stays in the plan's language.

The export runs in a separate process (`facilitator.export.runner.ExportJob`), watched from a thread
worker that hands each message to the UI with `call_from_thread`. The export module is imported only
when an export starts, so WeasyPrint never slows down start-up.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult, CSSPathType
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Select, SelectionList, Static

from facilitator.i18n import N_, _
from facilitator.screens.messages import PrepareExport
from facilitator.screens.state import PlanState
from facilitator.screens.widgets import MarkedCheckbox, MarkedSelectionList

LANGUAGES = (("English", "en"), ("Español", "es"), ("Português", "pt"))
EXPORT_TIMEOUT = 180


class ExportDialog(ModalScreen[Path | None]):
    """Returns the written PDF's path, or None if nothing was written.

    With ``session_file`` the dialog exports the minutes of that session (``kind="minutes"``) instead of
    the plan: same language choice, progress and cancel, a default output named after the session file."""

    CSS_PATH: ClassVar[CSSPathType | None] = ["dialogs.tcss", "export.tcss"]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", N_("Cancel"), id="export.cancel", tooltip=N_("Stop the export, or close")),
        Binding("ctrl+e", "start", N_("Export"), id="export.start", tooltip=N_("Start the export")),
        Binding("o", "open_pdf", N_("Open the PDF"), id="export.open",
                tooltip=N_("Open the written PDF with the system's viewer")),
    ]

    def __init__(self, state: PlanState, session_file: Path | None = None) -> None:
        super().__init__()
        self.state = state
        self.session_file = session_file
        self.kind = "minutes" if session_file is not None else "plan"
        self.job: Any = None
        self.running = False
        self.result: Path | None = None
        self._output_edited = False
        self._cancelled = False
        self._log: list[str] = []
        self._warned = False

    def compose(self) -> ComposeResult:
        lang = self.state.plan.language
        with Vertical(classes="dialog", id="export"):
            yield Static(_("Export the plan as PDF") if self.kind == "plan" else
                         _("Export the minutes of {session} as PDF").format(session=self.session_file.name
                                                                             if self.session_file else ""),
                         classes="title")
            with Horizontal(classes="export-row"):
                yield Label(_("Language"), classes="export-label")
                yield Select(LANGUAGES, value=lang, allow_blank=False, id="language", compact=True)
                if self.kind == "plan":
                    yield MarkedCheckbox(_("Participant names"), id="participants", compact=True,
                                   tooltip=_("Print who attended each session in the annexes (off: privacy)"))
                    yield MarkedCheckbox(_("Draft"), id="draft", compact=True, tooltip=_("Mark every page as a draft"))
            with Horizontal(classes="export-row"):
                yield Label(_("Attached"), classes="export-label")
                yield MarkedCheckbox(_("Personal data too (a private copy, not to publish)"), id="full-folder",
                               compact=True, tooltip=_(
                                   "Attach the complete plan folder, e-mails, genders and check-ins included; "
                                   "off: the attached files carry no personal data") if self.kind == "plan" else _(
                                   "Attach the session file as it is, check-ins and authors of notes included; "
                                   "off: the attached file carries no personal data"))
            with Horizontal(classes="export-row"):
                yield Label(_("Output"), classes="export-label")
                yield Input(str(self.default_output(lang)), id="output", compact=True)
            if self.kind == "plan":
                from facilitator.export.sections import SECTIONS

                with Horizontal(classes="export-row"):
                    yield Label(_("Sections"), classes="export-label")
                    yield MarkedSelectionList(*[(_(title), sid, True) for sid, title in SECTIONS], id="sections",
                                             compact=True)
            yield Static(id="progress")
            with Horizontal(classes="buttons"):
                yield Button(_("Export"), id="start", variant="primary", compact=True)
                yield Button(_("Cancel"), id="cancel", compact=True)

    def on_mount(self) -> None:
        self._show(self.hint())
        self.query_one("#start", Button).focus()
        self._prewarm()  # while the user chooses: the export key then pays only for the render

    @staticmethod
    def hint() -> str:
        return _("The PDF is written to the exports folder of the plan unless you change the path.")

    def _prewarm(self) -> None:
        self.post_message(PrepareExport())  # up to the app, which owns the spare process

    def has_unsaved_changes(self) -> bool:
        """An output path of the user's own is typed and no PDF was written yet (`HoldsUnsavedChanges`)."""
        return self._output_edited and self.result is None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open_pdf":
            return True if self.result is not None else None  # shown, greyed out, until a PDF exists
        return True

    def options(self) -> dict[str, Any]:
        """The options chosen in the form, only those that differ from the defaults (all sections, no
        participant names, no draft mark, no personal data attached), as `ExportJob.start` keywords."""
        out: dict[str, Any] = {}
        if self.query_one("#full-folder", Checkbox).value:
            out["full_folder"] = True
        if self.kind != "plan":
            return out
        chosen = list(self.query_one("#sections", SelectionList).selected)
        from facilitator.export.sections import SECTIONS

        if len(chosen) < len(SECTIONS):
            out["sections"] = [sid for sid, _title in SECTIONS if sid in chosen]
        if self.query_one("#participants", Checkbox).value:
            out["participants"] = True
        if self.query_one("#draft", Checkbox).value:
            out["draft"] = True
        return out

    def default_output(self, lang: str) -> Path:
        # The same name the CLI uses; facilitator.export imports WeasyPrint only when rendering.
        from facilitator.export import default_minutes_output, default_output

        if self.session_file is not None:
            return default_minutes_output(self.state.folder, self.session_file, lang)
        plan = self.state.plan
        return default_output(self.state.folder, plan.cluster.name, plan.revision, lang)

    # --- form --------------------------------------------------------------------------------------------

    @on(Select.Changed, "#language")
    def _language(self, event: Select.Changed) -> None:
        from facilitator.export import language_warning

        warning = language_warning(self.state.plan.language, str(event.value))
        if warning or self._warned:
            self._log = []
            self._show(warning or self.hint(), error=bool(warning))
        self._warned = bool(warning)
        if not self._output_edited:
            output = self.query_one("#output", Input)
            output.value = str(self.default_output(str(event.value)))
            self._output_edited = False

    @on(Input.Changed, "#output")
    def _output_changed(self, event: Input.Changed) -> None:
        lang = str(self.query_one("#language", Select).value)
        self._output_edited = event.value != str(self.default_output(lang))

    @on(Input.Submitted, "#output")
    @on(Button.Pressed, "#start")
    def action_start(self) -> None:
        if self.running:
            return
        if self.result is not None:
            self.dismiss(self.result)
            return
        text = self.query_one("#output", Input).value.strip()
        if not text:
            self._show(_("Type the path of the PDF to write."), error=True)
            return
        output = Path(text).expanduser()
        if output.suffix.lower() != ".pdf":
            output = output.with_suffix(".pdf")
        lang = str(self.query_one("#language", Select).value)
        options = self.options()
        if options.get("sections") == []:
            self._show(_("Choose at least one section (space ticks the one under the cursor)."), error=True)
            return
        self.running = True
        self._log = []
        self._set_controls()
        self._show(_("Starting the export ({lang})…").format(lang=lang))
        self.export(self.session_file if self.session_file is not None else self.state.folder, output, lang,
                    options)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        if self.running and self.job is not None:
            self._cancelled = True
            self.job.cancel()
            self.running = False
        self.dismiss(self.result)

    def action_open_pdf(self) -> None:
        """Open the written PDF with the system's viewer; say so if there is none."""
        if self.result is None:
            return
        from facilitator.export import open_in_viewer

        problem = open_in_viewer(self.result)
        self._log = self._log[:1]  # "Done: <path>" stays; the answer replaces the hint below it
        if problem:
            self._show(problem, error=True)
        else:
            self._show(_("Opening {path}…").format(path=self.result))

    def _set_controls(self) -> None:
        for selector in ("#language", "#output", "#sections", "#participants", "#draft", "#full-folder"):
            for widget in self.query(selector):
                widget.disabled = self.running or self.result is not None
        start = self.query_one("#start", Button)
        start.disabled = self.running
        start.label = _("Close") if self.result is not None else _("Export")
        self.query_one("#cancel", Button).display = self.result is None

    def _show(self, line: str, error: bool = False) -> None:
        self._log = (self._log + [line])[-4:]  # the box shows four lines
        text = Text("\n".join(self._log[:-1]) + ("\n" if len(self._log) > 1 else ""), style="dim")
        text.append(self._log[-1], style="bold" if error else "")
        self.query_one("#progress", Static).update(text)

    # --- the export worker -----------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def export(self, folder: Path, output: Path, lang: str, options: dict[str, Any] | None = None) -> None:
        """Run the export process and relay its messages to the dialog (``folder``: the session file when
        exporting minutes; ``options``: the plan's sections, participants, draft)."""
        try:
            from facilitator.export.runner import Done, ExportJob, Failed, Progress
        except ImportError as exc:
            self._relay(self._failed, [_("The PDF export is not available in this installation ({err}).").format(
                err=exc)])
            return
        try:
            if self.kind == "plan":
                job = ExportJob.start(folder, output, lang, timeout=EXPORT_TIMEOUT, **(options or {}))
            else:
                job = ExportJob.start(folder, output, lang, timeout=EXPORT_TIMEOUT, kind=self.kind,
                                      **(options or {}))
        except Exception as exc:  # noqa: BLE001 - shown in the dialog; the app must not fall over
            self._relay(self._failed, [_("The export could not start: {err}").format(err=exc)])
            return
        self.job = job
        finished = False
        try:
            for message in job.messages():
                if isinstance(message, Progress):
                    self._relay(self._progress, message.text)
                elif isinstance(message, Done):
                    finished = True
                    self._relay(self._done, Path(message.path))
                elif isinstance(message, Failed):
                    finished = True
                    self._relay(self._failed, list(message.lines))
        except Exception as exc:  # noqa: BLE001 - idem
            finished = True
            self._relay(self._failed, [_("The export stopped: {err}").format(err=exc)])
        if not finished:
            self._relay(self._failed, [_("The export was cancelled; nothing was written.")])

    def _relay(self, callback: Any, *args: Any) -> None:
        try:
            self.app.call_from_thread(callback, *args)
        except RuntimeError:
            pass  # the app is closing

    def _progress(self, text: str) -> None:
        if self.is_attached:
            self._show(text)

    def _done(self, path: Path) -> None:
        self.running = False
        self.result = path
        self._prewarm()  # the spare did this export: the next one gets a new spare
        self.app.notify(_("PDF written: {path}").format(path=path), timeout=10, markup=False)
        if self.is_attached:
            self._log = []  # the box shows the path whole, whatever the progress lines were
            self._show(_("Done: {path}").format(path=path))
            self._show(_("Press o to open it with the system's viewer."))
            self._set_controls()
            self.refresh_bindings()
            self.query_one("#start", Button).focus()

    def _failed(self, lines: list[str]) -> None:
        self.running = False
        self._prewarm()
        if self.is_attached:
            for line in lines[:5] or [_("The export failed.")]:
                self._show(line, error=True)
            self._set_controls()
        elif not self._cancelled:
            self.app.notify("\n".join(lines[:5]), title=_("Export failed"), severity="error", markup=False)

    def on_unmount(self) -> None:
        if self.running and self.job is not None:
            self._cancelled = True
            self.job.cancel()
