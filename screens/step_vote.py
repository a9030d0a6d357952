"""The vote step: dot counts per option typed from paper dots or raised hands, the budget, the ranking.

Counts are entered in capture order (so the cursor walks down the wall as the facilitator reads the
dots) with a live rank column; `s` re-sorts by rank. A column of totals is typed in one go: digits, then
Enter or Tab set the count and move down; Enter with nothing typed moves down and leaves the count (a 0
costs one key). +/- adjust by one. `g` takes the vote on the groups of the affinity step instead of the
single notes (`engine.voting.group_options`).
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widget import Widget
from textual.widgets import DataTable, Static

from facilitator.engine import statements, voting
from facilitator.engine.attendance import representativeness
from facilitator.engine.capture import EngineError
from facilitator.i18n import N_, _, format_number
from facilitator.model import Contribution, Draft
from facilitator.numbers import parse_number
from facilitator.screens.room import Card, Cell, Wall, WallKind
from facilitator.screens.step_base import StepView
from facilitator.screens.step_parts import fill_table, flexible_width, nothing_yet, row_key, short

Option = Contribution | Draft | voting.Option


def ranking(options: list[Option]) -> list[tuple[int, Option]]:
    """`voting.ranking` for notes, drafts and groups alike: most votes first, competition ranks, ties in order."""
    return voting.ranking(options)


class VoteView(StepView):
    """Every option with its count and rank, and the dot budget of the people present."""

    DEFAULT_CSS = """
    VoteView { height: 1fr; }
    VoteView > DataTable { height: 1fr; }
    VoteView > #vote-budget { height: auto; padding: 0 1; background: $boost; }
    VoteView > #vote-budget.-over { background: $error; color: $text; text-style: bold; }
    VoteView > #vote-help { height: auto; color: $text-muted; padding: 0 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("plus,equals_sign", "add(1)", N_("+1"), id="vote.plus", tooltip=N_("One more vote")),
        Binding("minus", "add(-1)", N_("-1"), id="vote.minus", tooltip=N_("One vote less")),
        Binding("backspace", "erase", N_("Erase"), show=False, id="vote.erase",
                tooltip=N_("Erase the last typed digit")),
        Binding("escape", "clear_typed", N_("Clear"), show=False, id="vote.clear", tooltip=N_("Clear the typed count")),
        Binding("s", "toggle_sort", N_("Sort"), id="vote.sort", tooltip=N_("Sort by rank, or back to wall order")),
        Binding("g", "toggle_groups", N_("Groups"), id="vote.groups",
                tooltip=N_("Vote on the groups of the affinity step, or back to single notes")),
        Binding("tab", "next_row(1)", N_("Next"), show=False, id="vote.next",
                tooltip=N_("Set the typed count and go to the next option")),
        Binding("shift+tab", "next_row(-1)", N_("Previous"), show=False, id="vote.previous",
                tooltip=N_("Set the typed count and go to the previous option")),
        *[Binding(str(i), f"digit({i})", show=False, id=f"vote.digit{i}") for i in range(10)],
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.typed = ""
        """Digits typed for the selected row, set with Enter (never lost on a refusal)."""
        self.by_rank = False
        self.on_groups = voting.on_groups(self.ctx.session, self.step.inputs())
        """Voting on the groups (and lone notes) instead of single notes: where the votes already are."""
        self._was_over = False

    _text_width = 0

    def compose(self) -> ComposeResult:
        yield DataTable(cursor_type="row", id="vote-table")
        yield Static(id="vote-budget")
        yield Static(id="vote-help")

    def on_mount(self) -> None:
        self.refresh_view()
        self._was_over = self.budget().over
        self.query_one(DataTable).focus()

    def initial_focus(self) -> Widget | None:
        return self.query_one(DataTable)

    # -- model

    def options(self) -> list[Option]:
        """The notes of the source steps, and the drafts of source steps that are statements (a vote on
        vision or mission drafts); on groups, the groups of those notes and the notes in no group."""
        if self.on_groups:
            return list(voting.group_options(self.ctx.session, self.step.inputs()))
        try:
            notes: list[Option] = list(voting.options(self.ctx.session, self.ctx.kit, self.step.id))
        except EngineError:
            notes = []
        kinds = {s.id: s.kind for s in self.ctx.kit.steps}
        statement_steps = {s for s in self.step.inputs() if kinds.get(s) == "statement"}
        return notes + [d for d in self.ctx.session.drafts if d.step in statement_steps]

    def budget(self) -> voting.Budget:
        """As `voting.budget`, counting drafts too."""
        options = self.options()
        dots = self.step.dots_per_person or voting.suggested_dots(len(options))
        present = representativeness(self.ctx.session, self.ctx.plan).present
        return voting.Budget(dots, present, sum(o.votes for o in options))

    def cap(self) -> int | None:
        """The most votes one option may get: dots one person may put on it, times the people present."""
        if self.step.max_per_item is None:
            return None
        people = self.budget().people
        return self.step.max_per_item * people if people else None

    def _set(self, option_id: str, votes: int) -> None:
        """Record a count through the engine (a draft's cap is checked here: the engine has none)."""
        if any(g.id == option_id for g in self.ctx.session.groups):
            voting.set_group_votes(self.ctx.session, option_id, votes, self.cap())
            return
        if all(d.id != option_id for d in self.ctx.session.drafts):
            voting.set_votes(self.ctx.session, option_id, votes, self.cap())
            return
        cap = self.cap()
        if cap is not None and votes > cap:
            raise EngineError(_("at most {cap} votes on one note").format(cap=cap))
        statements.set_votes(self.ctx.session, option_id, votes)

    # -- drawing

    def refresh_view(self, keep: str | None = None) -> None:
        table = self.query_one(DataTable)
        keep = keep or row_key(table)
        width = flexible_width(self.size.width, [4, 5])
        if width != self._text_width:
            self._text_width = width
            table.clear(columns=True)
            table.add_column(_("Rank"), width=4, key="rank")
            table.add_column(_("Votes"), width=5, key="votes")
            # the header says what is voted on: single notes, or groups (and the notes in no group)
            table.add_column(_("Group or note") if self.on_groups else _("Option"), width=width, key="text")
        options = self.options()
        ranked = ranking(options)
        ranks = {note.id: rank for rank, note in ranked}
        ordered = [note for _rank, note in ranked] if self.by_rank else options
        rows = []
        for note in ordered:
            voted = note.votes > 0
            rows.append((note.id, [Text(str(ranks[note.id]) if voted else "–", justify="right"),
                                   Text(str(note.votes), justify="right", style="bold" if voted else "dim"),
                                   self._label(note, width)]))
        fill_table(table, rows, keep)
        help_text = _("count + Enter or Tab: set, next · Enter alone: next · +/- one more or less · s sort")
        if self.on_groups:
            help_text += " · " + _("g vote on single notes")
        elif self._groups():
            help_text += " · " + _("g vote on the groups")
        self.query_one("#vote-help", Static).update(Text(help_text if options else nothing_yet(self)))
        self._show_budget()

    @staticmethod
    def _label(option: Option, width: int) -> Text:
        """An option's cell: a note's first line; a group's name in bold, its number of notes, then the notes
        as far as they fit (cut with "…", the number says how many there are)."""
        if not isinstance(option, voting.Option) or option.group is None:
            return Text(short(option.text.replace("\n", " "), width))
        head = f"{option.text} ({len(option.notes)}): ".replace("\n", " ")
        line = short(head + "; ".join(c.text.replace("\n", " ") for c in option.notes), width)
        cell = Text(line, style="dim")
        cell.stylize("bold not dim", 0, min(len(option.text), len(line)))
        return cell

    def _groups(self) -> list[Any]:
        return voting.groups_of(self.ctx.session, self.step.inputs())

    def _show_budget(self) -> None:
        budget = self.budget()
        box = self.query_one("#vote-budget", Static)
        line = Text(_("Budget: {dots} dots × {people} present = {total} · used {used} · left {left}").format(
            dots=budget.dots_per_person, people=budget.people, total=budget.total, used=budget.used,
            left=max(budget.left, 0)))
        if self.step.max_per_item is not None:
            line.append(" · " + _("at most {n} per person on one option").format(n=self.step.max_per_item))
        if not budget.people:
            line.append("\n" + _("No one is marked present yet: take attendance (the budget counts the people "
                                 "present)."), style="italic")
        elif budget.over:
            line.append("\n" + _("OVER BUDGET by {n}: recount the dots").format(n=-budget.left))
        if self.typed:
            line.append("\n" + _("typed: {count} (Enter sets it)").format(count=self.typed), style="bold reverse")
        box.update(line)
        box.set_class(budget.over and budget.people > 0, "-over")

    def on_resize(self) -> None:
        self.refresh_view()

    def room_lines(self) -> list[str]:
        return [f"{note.votes} ● {note.text}" for _rank, note in ranking(self.options()) if note.votes]

    def wall(self) -> Wall:
        """A bar per option, most votes first, each with its count (options not voted yet at the end)."""
        lang = self.ctx.lang
        cards = tuple(Card(option.text.replace("\n", " "), option.votes, format_number(option.votes, lang))
                      for _rank, option in ranking(self.options()))
        return Wall(WallKind.bars, (Cell("", cards),), lang)

    # -- changes

    def _selected(self) -> str | None:
        return row_key(self.query_one(DataTable))

    def _save(self, change: Any, keep: str) -> bool:
        try:
            change()
        except EngineError as err:
            self.notify(str(err), severity="warning", markup=False)
            return False
        self.ctx.changed()
        self.refresh_view(keep)
        budget = self.budget()
        over = budget.over and budget.people > 0
        if over and not self._was_over:
            self.notify(_("more votes than dots in the room: recount"), severity="warning", markup=False)
        self._was_over = over
        return True

    def action_add(self, delta: int) -> None:
        note_id = self._selected()
        if note_id is None:
            return
        self.typed = ""
        current = next((o.votes for o in self.options() if o.id == note_id), 0)
        self._save(lambda: self._set(note_id, max(0, current + delta)), note_id)

    def action_digit(self, digit: int) -> None:
        if len(self.typed) < 4:
            self.typed += str(digit)
        self._show_budget()

    def action_erase(self) -> None:
        self.typed = self.typed[:-1]
        self._show_budget()

    def action_clear_typed(self) -> None:
        self.typed = ""
        self._show_budget()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("clear_typed", "erase"):  # leave Esc and Backspace to the runner when nothing is typed
            return bool(self.typed)
        if action == "toggle_groups":  # only where the notes voted on have groups (not on the problem tree)
            return self.on_groups or bool(self._groups())
        return True

    def action_toggle_sort(self) -> None:
        self.by_rank = not self.by_rank
        self.refresh_view()

    def action_toggle_groups(self) -> None:
        """Vote on the groups of the affinity step, or back on single notes. The counts of either stay in
        the file; the ranking is taken on groups whenever a group carries votes (`voting.tally`)."""
        self.on_groups = not self.on_groups
        self.typed = ""
        self._text_width = 0  # the columns are made again: the header names what is voted on
        self.query_one(DataTable).move_cursor(row=0)
        self.refresh_view()
        self._was_over = self.budget().over

    @on(DataTable.RowSelected)
    def _enter(self, event: DataTable.RowSelected) -> None:
        """Enter sets the typed count on the selected option, then moves down to the next one."""
        event.stop()
        self.action_next_row(1)

    def action_next_row(self, step: int) -> None:
        """Set the typed count (if any) on the selected option, then move ``step`` rows in wall order.
        Nothing typed: just move, the count stays (an already-zero total costs one key). Sorted by rank,
        the cursor stays with the option (the rows move under it)."""
        note_id = self._selected()
        if note_id is None:
            return
        if self.typed:
            count = parse_number(self.typed, self.ctx.lang, whole=True).whole  # the one number parser
            if not self._save(lambda: self._set(note_id, count), note_id):
                return  # refused: the typed digits stay on screen to fix
            self.typed = ""
            self._show_budget()
        table = self.query_one(DataTable)
        if not self.by_rank and 0 <= table.cursor_row + step < table.row_count:
            table.move_cursor(row=table.cursor_row + step)
