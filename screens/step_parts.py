"""What the step views share: the text typed in a view and not kept yet (kept across step changes), a
batched table refill that keeps the cursor on its row, column widths, a one-line prompt bar that keeps
what was typed when the engine refuses it, and a quick picker."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Label, OptionList, Static
from textual.widgets.data_table import CellDoesNotExist
from textual.widgets.option_list import Option

from facilitator.i18n import N_, _
from facilitator.screens.step_base import StepView
from facilitator.screens.widgets import FilteredOptionList

UNSAVED: dict[tuple[str, str], dict[str, Any]] = {}
"""What was typed in a step view and not kept yet, by (session id, step id). The runner replaces the view
when the facilitator moves to another step (PageDown, PageUp); coming back brings the text back."""


def unsaved(view: StepView) -> dict[str, Any]:
    """The unsaved typing of ``view``'s step in the running session (a dict the view fills)."""
    return UNSAVED.setdefault((view.ctx.session.id, view.step.id), {})



def fill_table(table: DataTable[Any], rows: Sequence[tuple[str, Sequence[object]]], keep: str | None = None) -> None:
    """Replace every row in one batch and put the cursor back on the row keyed ``keep`` (or where it was)."""
    old_row = table.cursor_row
    old_col = table.cursor_column
    table.clear()
    # add_rows cannot take keys; add_row in one synchronous loop is still a single repaint
    for key, cells in rows:
        table.add_row(*cells, key=key)
    if not rows:
        return
    index = next((i for i, (key, _cells) in enumerate(rows) if key == keep), None) if keep else None
    row = index if index is not None else min(max(old_row, 0), len(rows) - 1)
    table.move_cursor(row=row, column=old_col, animate=False, scroll=True)


def row_key(table: DataTable[Any]) -> str | None:
    """The key of the row under the cursor (None on an empty table)."""
    if table.row_count == 0:
        return None
    try:
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
    except CellDoesNotExist:  # an out-of-range cursor after a refill means "no row"
        return None
    return str(key.value) if key.value is not None else None


def flexible_width(view_width: int, fixed: Sequence[int], minimum: int = 16) -> int:
    """The width left for a table's one flexible column (each cell has 1 of padding either side, and
    2 are kept for the scrollbar), so long participant text is cut instead of scrolling sideways."""
    return max(minimum, view_width - sum(w + 2 for w in fixed) - 2 - 2)


def nothing_yet(view: StepView) -> str:
    """What an empty step view says: where its items come from."""
    titles = []
    for step_id in view.step.inputs():
        source = view.ctx.kit.step(step_id)
        titles.append((view.ctx.text(source, "title") if source is not None else "") or step_id)
    if not titles:
        return _("This step has no source step in its kit: nothing to work on here.")
    return _("Nothing yet from {steps}: capture the notes there first (PageUp).").format(steps=", ".join(titles))


def short(text: str, width: int = 60) -> str:
    """The first line of ``text``, cut to ``width`` characters."""
    first = text.strip().splitlines()[0] if text.strip() else ""
    return first if len(first) <= width else first[: width - 1] + "…"


class PromptBar(Horizontal):
    """A one-line question at the bottom of a step view. Enter hands the text to a callback; the bar
    closes only when the callback accepts it, so a refused name or number stays on screen to fix."""

    DEFAULT_CSS = """
    PromptBar { height: 1; display: none; dock: bottom; background: $boost; }
    PromptBar.-open { display: block; }
    PromptBar > Label { width: auto; padding: 0 1; text-style: bold; }
    PromptBar > Input { width: 1fr; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", N_("Cancel"), id="prompt.cancel"),
    ]

    def __init__(self, memory: dict[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._on_submit: Callable[[str], bool] | None = None
        self._on_change: Callable[[str], None] | None = None
        self._remember = True
        self._back: Any = None
        self._question = ""
        self._kept: dict[str, str] = memory if memory is not None else {}
        """Text typed and not accepted (Esc, or the step left), by question: asking again brings it back."""

    def compose(self) -> ComposeResult:
        yield Label("")
        yield Input(compact=True)

    def ask(self, question: str, on_submit: Callable[[str], bool], value: str = "", key: str = "",
            on_change: Callable[[str], None] | None = None, remember: bool = True) -> None:
        """Show ``question``; ``on_submit(text)`` returns True to close the bar, False to keep the text.
        ``key`` names what is asked (default: the question) for bringing back text left by Esc;
        ``remember=False`` brings nothing back (a search starts afresh). ``on_change(text)`` is called as
        the text changes (a search that moves as it is typed)."""
        self._on_submit = on_submit
        self._on_change = on_change
        self._remember = remember
        self._back = self.app.focused
        self._question = key or question
        self.query_one(Label).update(Text(question))
        field = self.query_one(Input)
        value = self._kept.pop(self._question, "") or value
        field.value = value
        field.cursor_position = len(value)
        self.add_class("-open")
        field.focus()

    @property
    def is_open(self) -> bool:
        return self.has_class("-open")

    def close(self) -> None:
        self.remove_class("-open")  # first: clearing the field below must not overwrite what is kept
        self.query_one(Input).value = ""
        self._on_submit = None
        self._on_change = None
        if self._back is not None and self._back.is_attached:
            self._back.focus()

    def action_cancel(self) -> None:
        self.close()

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        if not self.is_open:
            return
        if self._on_change is not None:
            self._on_change(event.value)
        if event.value.strip() and self._remember:
            self._kept[self._question] = event.value
        else:
            self._kept.pop(self._question, None)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self._on_submit is not None and self._on_submit(event.value):
            self._kept.pop(self._question, None)
            self.close()


class PickScreen(ModalScreen[str | None]):
    """A quick picker: arrows and Enter choose, Esc cancels. Returns the chosen option's id."""

    DEFAULT_CSS = """
    PickScreen { align: center middle; }
    PickScreen > Vertical { width: 70; max-width: 95%; height: auto; max-height: 80%;
                            border: thick $accent; background: $surface; padding: 0 1; }
    PickScreen Label { width: 100%; text-style: bold; }
    PickScreen OptionList { height: auto; max-height: 16; }
    PickScreen #filter { height: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", N_("Cancel"), id="pick.cancel")]

    def __init__(self, title: str, options: Sequence[tuple[str, Text | str]]) -> None:
        super().__init__()
        self.title_text = title
        self.options = options

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(self.title_text))
            note = Static(id="filter")
            yield note
            yield FilteredOptionList(*[Option(label if isinstance(label, Text) else Text(label), id=oid)
                                       for oid, label in self.options], note=note)

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


# --- the group view ---------------------------------------------------------------------------------------
