"""Room mode's wall (`screens/room.py`): each step kind laid out as the room reads it, in the plan's language,
and nothing cut without saying so.

The layout (`paint`) is checked directly: at every size, every note on a wall is either shown (whole or
ending in "…") or counted in an "… and N more" line. The snapshots show the wall of a Spanish plan, whose
screens stay in English (the tests' UI language): a SWOT board, groups as columns, vote bars and vision
drafts, at 80×24 and at 160×45, with a frozen clock.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pilot import pilot_test, settle, type_text, until
from rich.cells import cell_len
from textual.pilot import Pilot
from textual.widgets import Input

from facilitator import app as app_module
from facilitator.app import ClusterApp
from facilitator.engine import agenda, capture, clock, decisions, grouping, matrix, sessions, statements, voting
from facilitator.kits import load_kits
from facilitator.model import Session
from facilitator.screens.room import Card, Cell, Wall, WallKind, WallView, paint
from facilitator.screens.runner import RunnerScreen
from facilitator.store import PlanStore

START = dt.datetime(2026, 11, 22, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=-3)))
SIZES = [(80, 24), (160, 45)]
MORE = re.compile(r"… (?:and|y) (\d+) (?:more|más)")


@pytest.fixture(autouse=True)
def no_disk_watch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(app_module, "DISK_CHECK_SECONDS", 3600.0)


@pytest.fixture
def frozen(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Seventeen minutes into the step, whatever the machine's clock says (the 15-minute vote overran)."""
    def now() -> dt.datetime:
        return START + dt.timedelta(minutes=17)

    for module in (clock, agenda, capture, sessions):
        monkeypatch.setattr(module, "now", now)
    yield


# --- the layout: nothing cut silently ------------------------------------------------------------------------

def lines_of(wall: Wall, width: int, height: int) -> list[str]:
    return paint(wall, width, height).plain.split("\n")


def accounted(text: str) -> int:
    """Notes a painted wall accounts for: each bullet shown, plus each "… and N more"."""
    return text.count("• ") + sum(int(n) for n in MORE.findall(text))


words = st.text(alphabet="abcdefgh ñáé漢", min_size=1, max_size=90).filter(lambda s: s.strip())


@settings(max_examples=60, deadline=None)
@given(cells=st.lists(st.lists(words, max_size=14), min_size=1, max_size=6),
       width=st.integers(60, 170), height=st.integers(8, 40), kind=st.sampled_from([WallKind.board, WallKind.list]))
def test_every_note_is_shown_or_counted(cells: list[list[str]], width: int, height: int, kind: WallKind) -> None:
    """From 60×8 on (the wall has 76×11 at 80×24); smaller, a crowded board keeps its headings and counts."""
    if kind == WallKind.list:
        cells = [[text for notes in cells for text in notes]]
    wall = Wall(kind, tuple(Cell(f"c{i}", tuple(Card(t.strip()) for t in notes), str(len(notes)))
                            for i, notes in enumerate(cells)))
    lines = lines_of(wall, width, height)
    assert len(lines) <= height
    assert all(cell_len(line) <= width for line in lines)
    assert accounted("\n".join(lines)) == sum(len(notes) for notes in cells)


def test_a_small_cell_cuts_notes_to_a_line_and_counts_the_rest() -> None:
    notes = [f"note {i} " + "with a long tail of words " * 3 for i in range(9)]
    wall = Wall(WallKind.board, (Cell("Strengths", tuple(Card(n) for n in notes), "9"),) +
                tuple(Cell(t, (), "0") for t in ("Weaknesses", "Opportunities", "Threats")))
    lines = lines_of(wall, 76, 11)
    top = [line[:37].rstrip() for line in lines[:5]]
    assert top[0].startswith(" STRENGTHS") and top[0].endswith("9")
    assert all(line.startswith("• note ") and line.endswith("…") for line in top[1:4])
    assert top[4] == "… and 6 more"  # 3 shown + 6 counted: the 9 notes
    big = lines_of(wall, 156, 38)  # on a big screen: fewer cut, none hidden
    assert accounted("\n".join(big)) == 9 and not MORE.search("\n".join(big))


def test_the_wall_words_follow_the_plan_language_not_the_screens() -> None:
    wall = Wall(WallKind.list, (Cell("", tuple(Card(f"idea {i}") for i in range(8))),), lang="es")
    assert lines_of(wall, 40, 4)[-1] == "… y 5 más"
    assert lines_of(Wall(WallKind.list, wall.cells, lang="pt"), 40, 4)[-1] == "… e mais 5"


def test_participant_text_is_literal() -> None:
    wall = Wall.listing(["[bold red]not markup[/] \x1b[2J", "x"])
    assert lines_of(wall, 60, 5)[0] == "• [bold red]not markup[/] [2J"


def test_bars_are_sorted_and_scaled_with_their_numbers() -> None:
    wall = Wall(WallKind.bars, (Cell("", (Card("Ferry", 2, "2"), Card("Port", 8, "8"), Card("Wine", 0, "0"))),))
    lines = lines_of(wall, 60, 10)
    assert [line.split()[0] for line in lines if line] == ["Port", "Ferry", "Wine"]
    full = lines[0].count("█")
    assert full > 40 and lines[2].count("█") == round(full / 4) and "█" not in lines[4]
    assert [line.split()[-1] for line in lines if line] == ["8", "2", "0"]


def test_more_columns_than_fit_are_named_in_the_last() -> None:
    cells = tuple(Cell(f"Group {i}", (Card("a note"),), "1") for i in range(1, 8))
    lines = lines_of(Wall(WallKind.columns, cells), 76, 10)
    assert "GROUP 3" in lines[0] and "GROUP 4" not in lines[0] and "… AND 4 MORE" in lines[0]
    assert "• Group 7 (1)" in "\n".join(lines)  # the groups left out, each with its count


# --- the wall in the runner ----------------------------------------------------------------------------------

def spanish_session(folder: Path, kit_id: str, step_id: str, fill: Callable[[Session], None]) -> Path:
    """A Spanish plan with one session running ``step_id``, its notes put in by ``fill``."""
    with PlanStore.create(folder, "Conglomerado del Vino de Colonia", language="es") as store:
        kit = load_kits(folder).get(kit_id)
        assert kit is not None
        handle = sessions.start(store, kit, START.date(), venue="Sala 2", facilitator="Ana")
        fill(handle.model)
        agenda.start_step(handle.model, kit, step_id, at=START)
        store.save_session(handle)
        return handle.path


LONG_NOTE = "Enólogos formados en la región, con experiencia en bodegas de Mendoza y de Burdeos"
SWOT = {
    "strength": ["Viñedos antiguos y una uva conocida", "Cooperativa local fuerte", LONG_NOTE,
                 "Paisaje y patrimonio", "Cercanía a Buenos Aires", "Ferias de vino con público fiel"],
    "weakness": ["Pocas empresas exportan", "Falta personal con idiomas", "Poca señalización vial",
                 "Alojamiento escaso en temporada alta"],
    "opportunity": ["Crece el turismo del vino", "Demanda de vinos naturales en Brasil", "Cruceros en el puerto"],
    "threat": ["Importaciones de Chile"],
}


def fill_swot(session: Session) -> None:
    for category, notes in SWOT.items():
        for text in notes:
            capture.add(session, "swot", text, category, at=START)


def fill_groups(session: Session) -> None:
    fill_swot(session)
    notes = {n.text: n.id for n in session.contributions}
    for label, members in (("Turismo", ["Crece el turismo del vino", "Paisaje y patrimonio", "Cruceros en el puerto"]),
                           ("Personas y capacidades", ["Falta personal con idiomas", LONG_NOTE]),
                           ("Mercados", ["Pocas empresas exportan", "Demanda de vinos naturales en Brasil",
                                         "Importaciones de Chile"]),
                           ("Infraestructura", ["Poca señalización vial", "Alojamiento escaso en temporada alta"]),
                           ("Cooperación", ["Cooperativa local fuerte"])):
        group = grouping.add_group(session, "group", label)
        for text in members:
            grouping.move(session, notes[text], group.id)


def fill_votes(session: Session) -> None:
    fill_swot(session)
    counts = [9, 7, 7, 5, 4, 3, 2, 2, 1, 1, 1]
    for note, votes in zip(session.contributions, counts, strict=False):
        voting.set_votes(session, note.id, votes)


DRAFTS = [
    (("Para 2035, Colonia es el destino de vino y patrimonio del Río de la Plata, reconocido por sus vinos de autor "
     "y por recibir al visitante todo el año."), 6),
    ("Un conglomerado que exporta vinos con identidad y forma a su gente.", 3),
    ("Colonia, tierra de vinos, puerto y patrimonio: una experiencia que se recomienda.", 9),
    (("Ser la región vitivinícola más visitada del Uruguay, con empresas que cooperan para crecer juntas en el "
     "mundo y cuidan su territorio."), 1),
]


def fill_drafts(session: Session) -> None:
    for text, votes in DRAFTS:
        draft = statements.add_draft(session, "drafts", text)
        statements.set_votes(session, draft.id, votes)
    session.drafts[2].adopted = True  # as `statements.adopt` leaves it (its quorum is beside the point here)


WALLS = {
    "swot-board": ("joint-diagnosis", "swot", fill_swot),
    "group-columns": ("joint-diagnosis", "group", fill_groups),
    "vote-bars": ("joint-diagnosis", "vote-swot", fill_votes),
    "vision-drafts": ("vision", "drafts", fill_drafts),
}


async def open_room(pilot: Pilot[Any], path: Path) -> RunnerScreen:
    await settle(pilot)
    session_id = tomllib.loads(path.read_text(encoding="utf-8"))["id"]
    await pilot.app.run_action(("app", "run_session", (session_id,)))
    await until(pilot, lambda: isinstance(pilot.app.screen, RunnerScreen))
    await pilot.press("ctrl+r")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, RunnerScreen)
    return screen


@pytest.mark.parametrize("wall", list(WALLS))
@pytest.mark.parametrize("size", SIZES, ids=["80x24", "160x45"])
def test_snapshot_wall(snap_compare: Any, tmp_path: Path, frozen: None, wall: str, size: tuple[int, int]) -> None:
    kit, step, fill = WALLS[wall]
    path = spanish_session(tmp_path / "plan", kit, step, fill)

    async def run_before(pilot: Pilot[Any]) -> None:
        await open_room(pilot, path)

    assert snap_compare(ClusterApp(tmp_path / "plan"), terminal_size=size, run_before=run_before)


@pilot_test
async def test_the_wall_follows_the_notes_as_they_are_typed(tmp_path: Path, frozen: None) -> None:
    path = spanish_session(tmp_path / "plan", "joint-diagnosis", "swot", fill_swot)
    app = ClusterApp(tmp_path / "plan")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_room(pilot, path)
        wall = screen.query_one(WallView)
        shown = wall.painted.plain
        assert "FORTALEZAS" in shown and "AMENAZAS" in shown and "… y 3 más" in shown  # 6 strengths, 3 fit
        field = screen.query_one("#capture", Input)
        assert field.placeholder == "Type an idea, Enter to capture"  # the screens keep the user's language
        await pilot.press("tab", "tab", "tab")  # to the threats
        await type_text(pilot, "Sequía")
        await pilot.press("enter")
        await pilot.pause()
        assert "• Sequía" in wall.painted.plain
        assert "Sequía" in [c["text"] for c in tomllib.loads(path.read_text(encoding="utf-8"))["contributions"]]


@pilot_test
async def test_the_impact_feasibility_matrix_is_a_board_drawn_as_on_the_wall(tmp_path: Path, frozen: None) -> None:
    def fill(session: Session) -> None:
        for text, impact, feasibility in (("Ruta del vino", 5, 5), ("Puerto de cruceros", 5, 2),
                                          ("Folleto", 2, 5), ("Aeropuerto", 1, 1), ("Marca sectorial", None, None)):
            note = capture.add(session, "tows", text, "so", at=START)
            if impact is not None:
                matrix.score(session, note.id, impact=impact, feasibility=feasibility)

    path = spanish_session(tmp_path / "plan", "benchmarking", "matrix", fill)
    async with ClusterApp(tmp_path / "plan").run_test(size=(80, 24)) as pilot:
        screen = await open_room(pilot, path)
        lines = screen.query_one(WallView).painted.plain.split("\n")
    top = next(line for line in lines if "GRANDES PROYECTOS" in line)
    assert top.index("GRANDES PROYECTOS") < top.index("VICTORIAS TEMPRANAS")  # impact up, feasibility →
    shown = "\n".join(lines)
    assert "• Puerto de cruceros" in shown and "• Ruta del vino" in shown and "• Aeropuerto" in shown
    assert "• Marca sectorial" in shown  # not scored yet: on the wall all the same


@pilot_test
async def test_a_step_without_a_layout_of_its_own_shows_its_list(tmp_path: Path, frozen: None) -> None:
    def fill(session: Session) -> None:
        session.decisions = []  # nothing carried over: only what is logged here
        for i in range(12):
            decisions.add(session, "decision", f"Acuerdo {i + 1}", step="close")

    path = spanish_session(tmp_path / "plan", "joint-diagnosis", "close", fill)
    async with ClusterApp(tmp_path / "plan").run_test(size=(80, 24)) as pilot:
        screen = await open_room(pilot, path)
        shown = screen.query_one(WallView).painted.plain
    assert "• Decisión: Acuerdo 1" in shown
    assert accounted(shown) == 12 and MORE.search(shown)  # 12 decisions do not fit in 11 lines: counted
