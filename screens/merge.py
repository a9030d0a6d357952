"""The merge screen: bring another copy of the plan folder into this one, choosing each conflict.

Type the other copy's folder and Enter: the merge is worked out without writing (a preview in a thread
worker) and each conflict is listed with our value and theirs. `o` keeps ours, `t` takes theirs (the
cursor then moves to the next conflict); `ctrl+s` merges once every conflict has a side. The merge goes
through `facilitator.merge.merge_into` on the open store, so the plan's lock is the app's own; the plan
is reloaded afterwards.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Input, Label, Static

from facilitator.i18n import N_, _, ngettext
from facilitator.merge import MISSING, Conflict, FolderMerge, prepare
from facilitator.problems import PlanError
from facilitator.screens.base import PlanScreen
from facilitator.screens.commands import PLAN_COMMANDS, SECTION_COMMANDS, bindings
from facilitator.screens.messages import ReloadPlan
from facilitator.screens.widgets import Column, Footer, RecordTable, Row, lines, literal

SIDE_STYLE = {"ours": "bold", "theirs": "bold italic"}


class MergeScreen(PlanScreen):
    """Merge another copy into the open plan; Escape goes back without writing anything."""

    CSS_PATH = "merge.tcss"
    # The footer has room for this screen's keys: the section and plan keys work but leave it.
    BINDINGS: ClassVar[list[BindingType]] = [
        *bindings(tuple(c for c in SECTION_COMMANDS + PLAN_COMMANDS if c.key not in ("o", "t")),
                  hide=tuple(c.id for c in SECTION_COMMANDS + PLAN_COMMANDS)),
        Binding("escape", "back", N_("Back"), id="merge.back", tooltip=N_("Back, without merging")),
        Binding("o", "choose('ours')", N_("Keep ours"), id="merge.ours",
                tooltip=N_("Keep this plan's value for the selected conflict")),
        Binding("t", "choose('theirs')", N_("Take theirs"), id="merge.theirs",
                tooltip=N_("Take the other copy's value for the selected conflict")),
        Binding("O", "choose_all('ours')", N_("All ours"), id="merge.all-ours", show=False,
                tooltip=N_("Keep this plan's value for every conflict not chosen yet")),
        Binding("T", "choose_all('theirs')", N_("All theirs"), id="merge.all-theirs", show=False,
                tooltip=N_("Take the other copy's value for every conflict not chosen yet")),
        Binding("ctrl+s", "merge", N_("Merge"), id="merge.apply", tooltip=N_("Write the merged plan")),
    ]

    def __init__(self, state: Any, other: Path | None = None) -> None:
        super().__init__(state)
        self.other = other
        self.preview: FolderMerge | None = None
        self.choices: dict[tuple[str, str], str] = {}
        self.busy = False

    def compose(self) -> ComposeResult:
        yield from self.compose_top()
        with Horizontal(classes="merge-row"):
            yield Label(_("Other copy"), classes="merge-label")
            yield Input(str(self.other or ""), placeholder=_("folder of the other copy of this plan, then Enter"),
                        id="other", compact=True)
        yield Static(id="summary", classes="summary")
        yield RecordTable([Column(_("File"), 12), Column(_("Where"), weight=2), Column(_("Ours")),
                           Column(_("Theirs")), Column(_("Keep"), 7)], id="conflicts")
        yield Static(id="detail", classes="detail")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        super().on_mount()
        self._say(_("Records are matched by their ids: both copies' new records are kept; a value changed "
                    "differently in both is a conflict for you to choose."))
        if self.other is not None:
            self._start_preview(self.other)
        else:
            self.query_one("#other", Input).focus()

    # --- preview ---------------------------------------------------------------------------------------

    @on(Input.Submitted, "#other")
    def _submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text:
            self._say(_("Type the folder of the other copy of this plan."), error=True)
            return
        self.choices = {}
        self._start_preview(Path(text).expanduser())

    def _start_preview(self, other: Path) -> None:
        self.other = other
        self.busy = True
        self._say(_("Comparing with {folder}…").format(folder=other))
        self.work_out(other, dict(self.choices), write=False)

    @work(thread=True, exclusive=True, group="merge", exit_on_error=False)
    def work_out(self, other: Path, choices: dict[tuple[str, str], str], write: bool) -> None:
        """Work the merge out (and write it when ``write``), off the UI thread."""
        from facilitator.merge import merge_into

        try:
            if write:
                result = merge_into(self.state.store, other, choices=choices)
            else:
                result = prepare(self.state.folder, other, choices=choices)
        except PlanError as err:
            self._relay(self._failed, "; ".join(str(p) for p in err.problems[:3]))
            return
        except Exception as exc:  # noqa: BLE001 - shown on the screen; the app must not fall over
            self._relay(self._failed, _("The merge could not be worked out: {err}").format(err=exc))
            return
        self._relay(self._worked_out, result, write)

    def _relay(self, callback: Any, *args: Any) -> None:
        try:
            self.app.call_from_thread(callback, *args)
        except RuntimeError:
            pass  # the app is closing

    def _failed(self, message: str) -> None:
        self.busy = False
        if self.is_attached:
            self._say(message, error=True)

    def _worked_out(self, result: FolderMerge, written: bool) -> None:
        self.busy = False
        if written and result.written:
            self.post_message(ReloadPlan())
            self.app.notify(_("Merged {folder} into this plan.").format(folder=self.other), timeout=6,
                            markup=False)
            self.dismiss()
            return
        if written and result.unresolved:
            self._say(_("The other copy changed meanwhile: new conflicts to choose."), error=True)
        self.preview = result
        if not self.is_attached:
            return
        self._show_rows()
        if result.conflicts:
            self.query_one(RecordTable).focus()
        self._say(self._summary())

    def _summary(self) -> str:
        result = self.preview
        if result is None:
            return ""
        added = sum(f.added for f in result.files)
        files = len(result.copied) + len(result.renamed)
        if not result.writes and not result.conflicts:
            return _("Nothing to merge: this plan already holds everything of the other copy.")
        parts = [ngettext("{n} record to add", "{n} records to add", added).format(n=added),
                 ngettext("{n} file to copy", "{n} files to copy", files).format(n=files)]
        left = len(self._open())
        if result.conflicts:
            parts.append(ngettext("{n} conflict", "{n} conflicts", len(result.conflicts)).format(
                n=len(result.conflicts)))
        text = " · ".join(parts) + ". "
        if left:
            return text + ngettext("{n} still to choose: o keeps ours, t takes theirs.",
                                   "{n} still to choose: o keeps ours, t takes theirs.", left).format(n=left)
        return text + _("ctrl+s merges.")

    def _open(self) -> list[Conflict]:
        result = self.preview
        return [c for c in (result.conflicts if result else []) if self.choices.get(c.key) is None]

    def _show_rows(self) -> None:
        result = self.preview
        rows = []
        for c in result.conflicts if result else []:
            side = self.choices.get(c.key)
            keep = literal(_("ours") if side == "ours" else _("theirs") if side == "theirs" else "?",
                           SIDE_STYLE.get(side or "", "reverse"))
            detail = lines(Text(f"{c.file}: {c.label}", style="bold"), c.detail(),
                           (_("Ours"), _value(c.ours)), (_("Theirs"), _value(c.theirs)),
                           (_("Before both"), _value(c.base)))
            rows.append(Row([c.file, c.label, _value(c.ours), _value(c.theirs), keep], detail,
                            key="|".join(c.key), data=c))
        self.query_one(RecordTable).set_rows(rows)
        if not rows:
            self.query_one("#detail", Static).update(Text(""))

    @on(RecordTable.Highlighted)
    def _detail(self, event: RecordTable.Highlighted) -> None:
        if event.row is not None:
            detail = event.row.detail
            self.query_one("#detail", Static).update(detail if isinstance(detail, Text) else Text(detail))

    def _say(self, message: str, error: bool = False) -> None:
        summary = self.query_one("#summary", Static)
        summary.update(Text(message))
        summary.set_class(error, "-error")

    # --- actions -----------------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("choose", "choose_all"):
            return not isinstance(self.focused, Input)  # letters typed in the path box are text
        return True

    def action_choose(self, side: str) -> None:
        table = self.query_one(RecordTable)
        row = table.current()
        if row is None or not isinstance(row.data, Conflict):
            return
        self.choices[row.data.key] = side
        at = table.cursor_row
        self._show_rows()
        table.move_cursor(row=min(at + 1, len(table.records) - 1), animate=False)
        self._say(self._summary())

    def action_choose_all(self, side: str) -> None:
        for c in self._open():
            self.choices[c.key] = side
        self._show_rows()
        self._say(self._summary())

    def action_merge(self) -> None:
        if self.busy:
            return
        if self.preview is None or self.other is None:
            self._say(_("Type the folder of the other copy of this plan, then Enter."), error=True)
            return
        if self.state.read_only:
            self._say(_("This plan is read-only here; close it in the other window to merge."), error=True)
            return
        left = self._open()
        if left:
            self._say(ngettext("{n} conflict still to choose: o keeps ours, t takes theirs.",
                               "{n} conflicts still to choose: o keeps ours, t takes theirs.", len(left)).format(
                                   n=len(left)), error=True)
            return
        if not self.preview.writes:
            self._say(_("Nothing to merge: this plan already holds everything of the other copy."))
            return
        self.busy = True
        self._say(_("Merging…"))
        self.work_out(self.other, dict(self.choices), write=True)

    def has_unsaved_changes(self) -> bool:
        """Conflicts were chosen but not merged yet (`HoldsUnsavedChanges`)."""
        return bool(self.choices)

    def action_back(self) -> None:
        self.dismiss()


def _value(value: Any) -> str:
    if value is MISSING:
        return _("(removed)")
    if isinstance(value, dict):
        return _("(a record)") if "id" in value else str(value)
    return str(value)
