"""The statement step (vision, mission): drafts side by side, votes, adoption with a consensus gradient.

Up to three drafts show at once (fewer when the step area is narrow), the selected one kept in view as
you move with the arrows. A draft is written in a multi-line editor (Ctrl+S keeps it); closing the editor keeps what was
typed for the next time it opens. Adoption asks for the consensus (5 full support … 1 block) and a
dissent note; the engine refuses a block or a missing quorum, and the panel keeps what was entered.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Input, Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from facilitator.engine import statements
from facilitator.engine.capture import EngineError
from facilitator.i18n import N_, _, format_number, ngettext
from facilitator.model import Draft, Session
from facilitator.numbers import parse_number
from facilitator.screens.room import Card, Cell, Wall, WallKind
from facilitator.screens.step_base import StepView
from facilitator.screens.step_parts import unsaved
from facilitator.screens.widgets import SafeTextArea

CONSENSUS_LABELS = {5: N_("full support"), 4: N_("agree"), 3: N_("can live with it"),
                    2: N_("serious reservations"), 1: N_("block")}
"""The gradient's words as the room hears them (the engine's `CONSENSUS`, translatable)."""
CARDS = 3


def consensus_label(level: int | None) -> str:
    return f"{level} {_(CONSENSUS_LABELS[level])}" if level in CONSENSUS_LABELS else ""


def phone_consent(session: Session, step_id: str, draft_id: str) -> str:
    """The consent levels phones gave a draft through the room, 5 first ("phones 5:2 4:1 3:0 2:0 1:1"); empty
    while none did. A proposal for the facilitator, who still records the consensus the room adopts."""
    levels = statements.consent_levels(session, step_id, draft_id)
    if not any(levels.values()):
        return ""
    return _("phones") + " " + " ".join(f"{level}:{n}" for level, n in levels.items())


class ConsensusList(OptionList):
    """The five consensus levels, 5 first; a digit picks one at once."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(str(i), f"pick({i})", show=False, id=f"consensus.{i}") for i in range(1, 6)
    ]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(*[Option(Text(consensus_label(level)), id=str(level)) for level in range(5, 0, -1)],
                         **kwargs)

    def action_pick(self, level: int) -> None:
        self.highlighted = 5 - level
        self.action_select()


class StatementView(StepView):
    """Drafts with their votes; the adopted one marked with its consensus and dissent."""

    can_focus = True
    DEFAULT_CSS = """
    StatementView { height: 1fr; }
    StatementView:focus { background-tint: $foreground 3%; }
    StatementView > #drafts { height: 1fr; min-height: 5; }
    StatementView .draft { width: 1fr; height: 1fr; border: round $panel-lighten-2; padding: 0 1;
                           overflow-y: auto; }
    StatementView .draft.-selected { border: heavy $accent; }
    StatementView .draft.-adopted { border: double $success; }
    StatementView .draft.-selected.-adopted { border: heavy $success; }
    StatementView > #statement-status { height: auto; padding: 0 1; background: $boost; }
    StatementView > #draft-editor, StatementView > #adopt-panel { display: none; height: auto;
                           border-top: solid $accent; }
    StatementView.-editing > #draft-editor { display: block; }
    StatementView.-editing > #statement-status { display: none; }
    StatementView.-adopting > #adopt-panel { display: block; }
    StatementView #draft-text { height: 6; }
    StatementView ConsensusList { height: 5; border: none; padding: 0; }
    StatementView ConsensusList:focus { border: none; background-tint: $foreground 5%; }
    StatementView .hint { color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add", N_("Add draft"), id="statement.add", tooltip=N_("Write a new draft")),
        Binding("e", "edit", N_("Edit"), id="statement.edit", tooltip=N_("Edit the selected draft")),
        Binding("left,h", "select(-1)", N_("Previous"), show=False, id="statement.prev"),
        Binding("right,l", "select(1)", N_("Next"), show=False, id="statement.next"),
        Binding("plus,equals_sign", "vote(1)", N_("+1"), id="statement.plus", tooltip=N_("One more vote")),
        Binding("minus", "vote(-1)", N_("-1"), id="statement.minus", tooltip=N_("One vote less")),
        Binding("enter", "set_votes", N_("Set votes"), show=False, id="statement.set",
                tooltip=N_("Set the typed number of votes")),
        Binding("backspace", "erase", N_("Erase"), show=False, id="statement.erase"),
        Binding("o", "adopt", N_("Adopt"), id="statement.adopt",
                tooltip=N_("Adopt the selected draft with a consensus level and a dissent note")),
        Binding("ctrl+s", "keep_draft", N_("Keep draft"), id="statement.keep", tooltip=N_("Keep the draft")),
        Binding("escape", "close", N_("Close"), show=False, id="statement.close",
                tooltip=N_("Close the editor or the adoption panel (what was typed is kept)")),
        *[Binding(str(i), f"digit({i})", show=False, id=f"statement.digit{i}") for i in range(10)],
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.selected = 0
        self.typed = ""
        self.consensus: int | None = None
        self._target: str | None = None
        """The draft being edited ("" for a new one, None when the editor is closed)."""
        self._back_to_adoption = False
        """The editor was opened from the adoption panel: keeping the draft asks the consensus again."""
        self._memory = unsaved(self)
        self._unsaved: dict[str, str] = self._memory.setdefault("drafts", {})
        """Text typed in the editor and not yet saved, by draft id ("" for a new draft); kept when the
        runner moves to another step, with the draft that was open (``_memory["open"]``)."""

    def compose(self) -> ComposeResult:
        with Horizontal(id="drafts"):
            for i in range(CARDS):
                yield Static(id=f"draft-{i}", classes="draft")
        yield Static(id="statement-status")
        with Vertical(id="draft-editor"):
            yield Label(id="editor-title")
            yield SafeTextArea(id="draft-text", soft_wrap=True)
            yield Static(Text(_("Ctrl+S keep the draft · Esc close (the text is kept)")), classes="hint")
        with Vertical(id="adopt-panel"):
            yield Label(id="adopt-title")
            yield ConsensusList(id="consensus")
            yield Input(placeholder=_("dissent: who has reservations, and why"), id="dissent", compact=True)
            yield Static(Text(_("1-5 consensus · e edit the draft first · Enter in the note adopts · Esc close")),
                         classes="hint")

    def on_mount(self) -> None:
        self.refresh_view()
        self.focus()
        target = self._memory.get("open")
        if target == "":
            self.action_add()
        elif target is not None:
            drafts = self.drafts()
            index = next((i for i, d in enumerate(drafts) if d.id == target), None)
            if index is not None:
                self.selected = index
                self.refresh_view()
                self.action_edit()

    def initial_focus(self) -> Widget | None:
        if self.has_class("-editing"):
            return self.query_one("#draft-text", TextArea)
        if self.has_class("-adopting"):
            return self.query_one("#dissent", Input) if self.consensus else self.query_one(ConsensusList)
        return self

    # -- model

    @property
    def draft_step(self) -> str:
        """Where drafts live: this step, or the statement step it continues (an adoption step names
        the drafting step as its `source`, so the drafts and the adopted one stay together)."""
        inputs = self.step.inputs()
        return inputs[0] if inputs else self.step.id

    def drafts(self) -> list[Draft]:
        return [d for d in self.ctx.session.drafts if d.step == self.draft_step]

    def current(self) -> Draft | None:
        drafts = self.drafts()
        if not drafts:
            return None
        self.selected = min(max(self.selected, 0), len(drafts) - 1)
        return drafts[self.selected]

    def _save(self, change: Any) -> bool:
        try:
            change()
        except EngineError as err:
            self.notify(str(err), severity="warning", markup=False)
            return False
        self.ctx.changed()
        self.refresh_view()
        return True

    # -- drawing

    def refresh_view(self) -> None:
        drafts = self.drafts()
        self.current()
        shown = max(1, min(CARDS, self.size.width // 22)) if self.size.width else CARDS
        start = min(max(self.selected - (shown - 1) // 2, 0), max(len(drafts) - shown, 0))
        for slot in range(CARDS):
            card = self.query_one(f"#draft-{slot}", Static)
            index = start + slot
            if slot >= shown or index >= len(drafts):
                card.display = False
                continue
            draft = drafts[index]
            card.display = True
            body = Text(_("Draft {n}").format(n=index + 1), style="bold")
            body.append(" · " + _("{n} votes").format(n=draft.votes))
            phones = phone_consent(self.ctx.session, self.step.id, draft.id)
            if phones:
                body.append("\n" + phones, style="italic")
            if draft.adopted:
                body.append("\n✔ " + _("ADOPTED") + f" · {consensus_label(draft.consensus)}", style="bold green")
                if draft.dissent:
                    body.append("\n" + _("Dissent: {note}").format(note=draft.dissent), style="italic")
            body.append("\n").append(draft.text)
            card.update(body)
            card.set_class(index == self.selected, "-selected")
            card.set_class(draft.adopted, "-adopted")
        self._show_status()

    def _show_status(self) -> None:
        drafts = self.drafts()
        if not drafts:
            line = Text(_("No draft yet: press a to write one."))
        else:
            line = Text(_("Draft {n} of {total}").format(n=self.selected + 1, total=len(drafts)))
            line.append(" · " + _("←/→ choose · +/- or a number + Enter: votes · e edit · o adopt"), style="dim")
        if self.step.quorum:
            line.append("\n" + _("Quorum for adoption: {n} present").format(n=self.step.quorum))
        if self.typed:
            line.append("\n" + _("typed: {count} (Enter sets it)").format(count=self.typed), style="bold reverse")
        self.query_one("#statement-status", Static).update(line)

    def on_resize(self) -> None:
        self.refresh_view()

    def room_lines(self) -> list[str]:
        drafts = sorted(self.drafts(), key=lambda d: (not d.adopted, -d.votes))
        return [("✔ " if d.adopted else "") + f"{d.votes} ● {d.text}" for d in drafts]

    def wall(self) -> Wall:
        """The drafts side by side, numbered as on the facilitator's screen, each headed by its votes; the
        adopted one marked."""
        lang, cells = self.ctx.lang, []
        for number, draft in enumerate(self.drafts(), start=1):
            title = ("✔ " if draft.adopted else "") + _("Draft {n}").format(n=number)
            votes = ngettext("{n} vote", "{n} votes", draft.votes).format(n=format_number(draft.votes, lang))
            cells.append(Cell(title, (Card(draft.text),), votes, highlight=draft.adopted))
        return Wall(WallKind.drafts, tuple(cells), lang)

    # -- choosing and voting

    def action_select(self, delta: int) -> None:
        self.selected += delta
        self.typed = ""
        self.refresh_view()

    def action_vote(self, delta: int) -> None:
        draft = self.current()
        if draft is not None:
            self.typed = ""
            draft_id, votes = draft.id, max(0, draft.votes + delta)
            self._save(lambda: statements.set_votes(self.ctx.session, draft_id, votes))

    def action_digit(self, digit: int) -> None:
        if len(self.typed) < 4:
            self.typed += str(digit)
        self._show_status()

    def action_erase(self) -> None:
        self.typed = self.typed[:-1]
        self._show_status()

    def action_set_votes(self) -> None:
        draft = self.current()
        if draft is None or not self.typed:
            return
        draft_id, votes = draft.id, parse_number(self.typed, self.ctx.lang, whole=True).whole
        if self._save(lambda: statements.set_votes(self.ctx.session, draft_id, votes)):
            self.typed = ""
            self._show_status()

    # -- the editor

    def _open_editor(self, target: str, title: str, text: str) -> None:
        # A word changed during adoption ("we improve the winning draft on screen"): once kept, the
        # consensus question comes back on the draft as it now reads.
        self._back_to_adoption = self.has_class("-adopting")
        self.remove_class("-adopting")
        self._target = self._memory["open"] = target
        self.query_one("#editor-title", Label).update(Text(title))
        area = self.query_one("#draft-text", TextArea)
        area.text = self._unsaved.get(target, text)
        area.move_cursor(area.document.end)
        self.add_class("-editing")
        area.focus()

    def action_add(self) -> None:
        self._open_editor("", _("New draft"), "")

    def action_edit(self) -> None:
        draft = self.current()
        if draft is None:
            self.notify(_("no draft to edit: press a to write one"), severity="warning", markup=False)
            return
        if draft.adopted:
            self.notify(_("an adopted statement is changed by adopting a new draft"), severity="warning", markup=False)
            return
        self._open_editor(draft.id, _("Edit draft {n}").format(n=self.selected + 1), draft.text)

    def _close_editor(self) -> None:
        if self._target is not None:
            self._unsaved[self._target] = self.query_one("#draft-text", TextArea).text
        self._target = self._memory["open"] = None
        self.remove_class("-editing")
        self.focus()

    def _keep_draft(self) -> None:
        target, text = self._target, self.query_one("#draft-text", TextArea).text
        if target is None:
            return
        if target == "":
            def change() -> None:
                statements.add_draft(self.ctx.session, self.draft_step, text)
                self.selected = len(self.drafts()) - 1
        else:
            def change() -> None:
                statements.edit_draft(self.ctx.session, target, text)
        if self._save(change):
            self._unsaved.pop(target, None)
            self._target = self._memory["open"] = None
            self.query_one("#draft-text", TextArea).text = ""
            self.remove_class("-editing")
            self.focus()
            if self._back_to_adoption:
                self._back_to_adoption = False
                self.action_adopt()

    @on(TextArea.Changed, "#draft-text")
    def _typed(self, event: TextArea.Changed) -> None:
        if self._target is not None:
            self._unsaved[self._target] = event.text_area.text

    # -- adoption

    def action_adopt(self) -> None:
        draft = self.current()
        if draft is None:
            self.notify(_("no draft to adopt yet"), severity="warning", markup=False)
            return
        if self.has_class("-editing"):
            self._close_editor()
        self.query_one("#adopt-title", Label).update(Text(
            _("Adopt draft {n}: how much does the room support it?").format(n=self.selected + 1), style="bold"))
        self.add_class("-adopting")
        self.query_one(ConsensusList).focus()

    @on(OptionList.OptionSelected, "#consensus")
    def _consensus_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.consensus = int(event.option.id or 0)
        self.query_one("#dissent", Input).focus()

    @on(Input.Submitted, "#dissent")
    def _adopt(self, event: Input.Submitted) -> None:
        event.stop()
        draft = self.current()
        if draft is None:
            return
        if self.consensus is None:
            self.notify(_("choose the consensus level first (1-5)"), severity="warning", markup=False)
            self.query_one(ConsensusList).focus()
            return
        draft_id, level, dissent = draft.id, self.consensus, event.value
        if self._save(lambda: statements.adopt(self.ctx.session, self.step, draft_id, level, dissent)):
            self.query_one("#dissent", Input).value = ""
            self.consensus = None
            self.remove_class("-adopting")
            self.notify(_("Draft {n} adopted ({level})").format(n=self.selected + 1, level=consensus_label(level)), markup=False)
            self.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Esc and Ctrl+S belong to the open panel; otherwise they are left to the runner
        if action == "close":
            return self.has_class("-editing") or self.has_class("-adopting")
        if action == "keep_draft":
            return self.has_class("-editing")
        return True

    def action_close(self) -> None:
        """Esc closes the editor or the adoption panel; what was typed stays for next time."""
        if self.has_class("-editing"):
            self._close_editor()
        elif self.has_class("-adopting"):
            self.remove_class("-adopting")
            self.focus()

    def action_keep_draft(self) -> None:
        self._keep_draft()
