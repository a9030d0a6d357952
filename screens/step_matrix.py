"""The matrix step: impact and feasibility 1-5 per item, the quadrants, optional weighted criteria.

The table has one column per score (impact, feasibility, then the step's other criteria). Typing 1-5
scores the cell under the cursor and moves to the next score (then to the next item), so a whole row is
scored with a few digits. `v` switches to the 2×2 quadrant view; `s` sorts by weighted score or quadrant.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid
from textual.widget import Widget
from textual.widgets import DataTable, Static

from facilitator.engine import matrix
from facilitator.engine.capture import EngineError, notes_of
from facilitator.engine.matrix import Quadrant
from facilitator.i18n import N_, _, format_number
from facilitator.model import Contribution
from facilitator.numbers import convention
from facilitator.screens.room import Card, Cell, Wall, WallKind
from facilitator.screens.step_base import StepView
from facilitator.screens.step_parts import fill_table, flexible_width, nothing_yet, row_key, short

QUADRANT_LABELS = {
    Quadrant.quick_win: N_("Quick wins"),
    Quadrant.major_project: N_("Major projects"),
    Quadrant.fill_in: N_("Fill-ins"),
    Quadrant.time_sink: N_("Time sinks"),
}
QUADRANT_ORDER = [Quadrant.quick_win, Quadrant.major_project, Quadrant.fill_in, Quadrant.time_sink]
AXES = ("impact", "feasibility")


def quadrant_label(q: Quadrant | None) -> str:
    return _(QUADRANT_LABELS[q]) if q is not None else ""


def proposal(median: float) -> str:
    """The phones' median in an unscored cell: "≈4", "≈3½" (three characters, the narrowest column)."""
    whole = int(median)
    return "≈" + str(whole) + ("½" if median != whole else "")



def _score(value: float, lang: str) -> str:
    """A weighted score with one decimal, so a column reads alike ("4.0" over "2.8"), with the decimal mark
    of the plan's language ("4,0")."""
    return f"{value:.1f}".replace(".", convention(lang).decimal)


class MatrixView(StepView):
    """Items with their scores, quadrant and (with criteria) weighted score; or the four quadrants."""

    can_focus = True  # keeps the keys working while the quadrant view hides the table
    DEFAULT_CSS = """
    MatrixView { height: 1fr; }
    MatrixView > DataTable { height: 1fr; }
    MatrixView > #matrix-grid { display: none; height: 1fr; grid-size: 2 2; grid-gutter: 0 1; }
    MatrixView.-quadrants > DataTable { display: none; }
    MatrixView.-quadrants > #matrix-grid { display: block; }
    MatrixView .quadrant { border: round $primary; padding: 0 1; height: 1fr; overflow-y: auto; }
    MatrixView #q-quick_win { border: round $success; }
    MatrixView #q-time_sink { border: round $error; }
    MatrixView > #matrix-help { height: auto; color: $text-muted; padding: 0 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        *[Binding(str(i), f"score({i})", show=False, id=f"matrix.score{i}") for i in range(1, 6)],
        Binding("v", "toggle_quadrants", N_("Quadrants"), id="matrix.quadrants",
                tooltip=N_("Switch between the score table and the 2×2 quadrant view")),
        Binding("s", "toggle_sort", N_("Sort"), id="matrix.sort",
                tooltip=N_("Sort by weighted score or quadrant, or back to wall order")),
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sorted = False
        extra = [c for c in self.step.criteria if c not in AXES]
        self.score_columns: list[str] = [*AXES, *extra]
        """The columns typed digits go to: impact, feasibility, then the other criteria of the step."""
        self.show_quadrant = not extra
        """With criteria of its own the table shows the weighted score instead (quadrants stay under `v`)."""

    _text_width = 0

    def _score_headings(self) -> list[tuple[str, str, int]]:
        """(key, heading, width) of the score columns, then the result columns."""
        out = []
        for column in self.score_columns:
            label = self._score_name(column)[:3 if self.compact else 11].strip()
            out.append((column, label, max(3 if self.compact else 5, len(label))))
        if self.show_quadrant:
            out.append(("quadrant", _("Quadrant"), 14))
        if self.step.criteria:
            out.append(("weighted", _("Score"), 5))
        return out

    def _score_name(self, column: str) -> str:
        names = {"impact": _("Impact"), "feasibility": _("Feasibility")}
        return names.get(column) or column.replace("_", " ").replace("-", " ").capitalize()

    @property
    def compact(self) -> bool:
        """Narrow (the runner's step area at 80 columns): 3-letter score headings, explained under the table."""
        return self.size.width < 72

    def compose(self) -> ComposeResult:
        yield DataTable(cursor_type="cell", id="matrix-table")
        with Grid(id="matrix-grid"):
            # laid out as drawn on the wall: impact up, feasibility to the right
            for q in (Quadrant.major_project, Quadrant.quick_win, Quadrant.time_sink, Quadrant.fill_in):
                yield Static(id=f"q-{q.value}", classes="quadrant")
        yield Static(id="matrix-help")

    def _help(self) -> str:
        if not self.items():
            return nothing_yet(self)
        if self.has_class("-quadrants"):
            return _("impact ↑ · feasibility → · v back to the scores")
        text = _("type 1-5 to score the cell (then the next) · v quadrants · s sort")
        if any(b.step == self.step.id and b.scores for b in self.ctx.session.ballots):
            text += "\n" + _("≈ the phones' median: type the score the room agrees")
        if self.compact:
            text += "\n" + " · ".join(f"{self._score_name(c)[:3]} {self._score_name(c).lower()}" for c in self.score_columns)
        return text

    def on_mount(self) -> None:
        self.refresh_view()
        table = self.query_one(DataTable)
        table.move_cursor(column=1)
        table.focus()

    def initial_focus(self) -> Widget | None:
        return self if self.has_class("-quadrants") else self.query_one(DataTable)

    # -- model

    def items(self) -> list[Contribution]:
        return notes_of(self.ctx.session, self.step.inputs())

    def value(self, note: Contribution, column: str) -> int | None:
        if column == "impact":
            return note.impact
        if column == "feasibility":
            return note.feasibility
        return note.scores.get(column)

    def weighted(self, note: Contribution) -> float | None:
        return matrix.weighted_score(note, self.step) if self.step.criteria else None

    def ordered(self) -> list[Contribution]:
        items = self.items()
        if not self.sorted:
            return items
        if self.step.criteria:
            return sorted(items, key=lambda n: -(self.weighted(n) or 0.0))
        rank = {q: i for i, q in enumerate(QUADRANT_ORDER)}
        return sorted(items, key=lambda n: (rank.get(matrix.quadrant(n), 9),  # type: ignore[arg-type]
                                            -((n.impact or 0) + (n.feasibility or 0))))

    # -- drawing

    def refresh_view(self, keep: str | None = None) -> None:
        table = self.query_one(DataTable)
        keep = keep or row_key(table)
        headings = self._score_headings()
        width = flexible_width(self.size.width, [w for _key, _label, w in headings], minimum=14)
        if width != self._text_width:
            self._text_width = width
            table.clear(columns=True)
            table.add_column(_("Item"), width=width, key="text")
            for key, label, w in headings:
                table.add_column(Text(label), width=w, key=key)
        rows = []
        for note in self.ordered():
            cells: list[object] = [Text(short(note.text.replace("\n", " "), width))]
            phones, _n = matrix.phone_medians(self.ctx.session, self.step, note.id)
            for column in self.score_columns:
                value = self.value(note, column)
                if value is None and column in phones:  # the phones' median, a proposal until a digit records
                    cells.append(Text(proposal(phones[column]), justify="center", style="italic"))
                    continue
                cells.append(Text(str(value) if value is not None else "·", justify="center",
                                  style="bold" if value is not None else "dim"))
            if self.show_quadrant:
                q = matrix.quadrant(note)
                cells.append(Text(quadrant_label(q), style="bold green" if q == Quadrant.quick_win else ""))
            if self.step.criteria:
                score = self.weighted(note)
                cells.append(Text(_score(score, self.ctx.lang) if score is not None else "", justify="right",
                                  style="bold"))
            rows.append((note.id, cells))
        fill_table(table, rows, keep)
        self._draw_quadrants()
        self.query_one("#matrix-help", Static).update(Text(self._help()))

    def _draw_quadrants(self) -> None:
        groups = matrix.quadrants(self.items())
        for q, notes in groups.items():
            body = Text(f"{quadrant_label(q)} ({len(notes)})", style="bold")
            for note in notes:
                body.append("\n• ").append(short(note.text, 60))
            self.query_one(f"#q-{q.value}", Static).update(body)

    def on_resize(self) -> None:
        self.refresh_view()

    def room_lines(self) -> list[str]:
        items = self.items()
        if self.step.criteria:
            scored = [(w, n) for n in items if (w := self.weighted(n)) is not None]
            return [f"{_score(w, self.ctx.lang)} ● {n.text}" for w, n in sorted(scored, key=lambda p: -p[0])]
        groups = matrix.quadrants(items)
        out = []
        for q in QUADRANT_ORDER:
            if groups[q]:
                out.append(f"{quadrant_label(q)}: " + "; ".join(short(n.text, 40) for n in groups[q]))
        return out

    def wall(self) -> Wall:
        """Impact × feasibility: the four quadrants as a board laid out as drawn on the wall (impact up,
        feasibility to the right; best first in each), the items not scored yet in a cell of their own. With
        criteria of its own: a bar per fully scored item, its weighted score out of 5."""
        items, lang = self.items(), self.ctx.lang
        if not self.show_quadrant:
            scored = sorted(((w, n) for n in items if (w := self.weighted(n)) is not None), key=lambda p: -p[0])
            cards = tuple(Card(n.text.replace("\n", " "), w, format_number(round(w, 1), lang, digits=1))
                          for w, n in scored)
            return Wall(WallKind.bars, (Cell("", cards),), lang, top=5)
        groups = matrix.quadrants(items)
        cells = [Cell(quadrant_label(q), tuple(Card(n.text) for n in sorted(
            groups[q], key=lambda n: -((n.impact or 0) + (n.feasibility or 0)))), format_number(len(groups[q]), lang))
            for q in (Quadrant.major_project, Quadrant.quick_win, Quadrant.time_sink, Quadrant.fill_in)]
        waiting = [n for n in items if matrix.quadrant(n) is None]
        if waiting:
            cells.append(Cell(_("Not scored yet"), tuple(Card(n.text) for n in waiting), format_number(len(waiting), lang)))
        return Wall(WallKind.board, tuple(cells), lang, across=2)

    # -- changes

    def action_score(self, value: int) -> None:
        table = self.query_one(DataTable)
        note_id = row_key(table)
        if note_id is None or self.has_class("-quadrants"):
            return
        index = table.cursor_column - 1
        if not 0 <= index < len(self.score_columns):
            index = 0  # on the item or result columns: start with impact
        column = self.score_columns[index]
        try:
            if column in AXES:
                matrix.score(self.ctx.session, note_id, **{column: value})
                if column in self.step.criteria:  # a kit that weighs impact and feasibility as criteria
                    matrix.set_criterion(self.ctx.session, self.step, note_id, column, value)
            else:
                matrix.set_criterion(self.ctx.session, self.step, note_id, column, value)
        except EngineError as err:
            self.notify(str(err), severity="warning", markup=False)
            return
        self.ctx.changed()
        self.refresh_view(note_id)
        # next score of this item, or the first score of the next item
        row = table.get_row_index(note_id)
        if index + 1 < len(self.score_columns):
            table.move_cursor(row=row, column=index + 2)
        else:
            table.move_cursor(row=min(row + 1, table.row_count - 1), column=1)

    def action_toggle_quadrants(self) -> None:
        self.toggle_class("-quadrants")
        self.query_one("#matrix-help", Static).update(Text(self._help()))
        if self.has_class("-quadrants"):
            self.focus()
        else:
            self.query_one(DataTable).focus()

    def action_toggle_sort(self) -> None:
        self.sorted = not self.sorted
        self.refresh_view()
