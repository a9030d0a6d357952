"""The vote step at speed and on groups, in the real app, asserting on the session file read with tomllib.

A column of 13 paper totals typed in one go (the key-count scenario of `bench/keys_votes.py`, same keys);
typing over a count, Tab and Shift+Tab, a zero set over a count; the vote taken on the groups of the
affinity step, ranked, carried to the findings and the minutes, and still there after a reload. The view
is checked at 80×24 and 160×45.
"""

from __future__ import annotations

import io
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
from pilot import keys_together, pilot_test
from rich.console import Console
from textual.widgets import DataTable

from facilitator import app as app_module
from facilitator.app import ClusterApp
from facilitator.engine import consolidate, grouping, voting
from facilitator.engine.capture import EngineError
from facilitator.export.minutes.steps import _ranking
from facilitator.kits import load_kits
from facilitator.model import Session
from facilitator.screens.step_vote import VoteView
from facilitator.store import PlanStore

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
import keys_votes  # the bench scenario: one workflow, one set of keys


@pytest.fixture(autouse=True)
def no_disk_watch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(app_module, "DISK_CHECK_SECONDS", 3600.0)


def read(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def votes_by_text(path: Path) -> dict[str, int]:
    return {c["text"]: c.get("votes", 0) for c in read(path)["contributions"]}


def screen_text(app: ClusterApp) -> str:
    """What the terminal shows, as plain text (the SVG screenshot's console, exported as text)."""
    console = Console(width=app.size.width, height=app.size.height, file=io.StringIO(), record=True,
                      force_terminal=True, legacy_windows=False, safe_box=False)
    console.print(app.screen._compositor.render_update(full=True))
    return console.export_text()


def column(view: VoteView, index: int) -> list[str]:
    table = view.query_one(DataTable)
    return [str(getattr(c, "plain", c)) for c in (table.get_row_at(i)[index] for i in range(table.row_count))]


# --- a column of totals ---------------------------------------------------------------------------------------

@pilot_test
async def test_thirteen_totals_typed_in_one_go(tmp_path: Path) -> None:
    """The bench's keys: 13 digits-then-Enter (a zero is Enter alone) give the 13 counts on disk in ≤ 30 keys."""
    result, path = await keys_votes.enter_totals(tmp_path / "plan", (80, 24))
    assert votes_by_text(path) == {text: total for (_s, _c, text), total in zip(keys_votes.NOTES, keys_votes.TOTALS)}
    assert result.keys == 26 <= keys_votes.TARGET and result.keys < keys_votes.BEFORE
    assert result.typed == 0


@pilot_test
async def test_typing_over_tab_zero_and_plus_minus(tmp_path: Path) -> None:
    folder = tmp_path / "plan"
    session_id, path = keys_votes.build(folder)
    app = ClusterApp(folder)
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await keys_votes.open_step(app, pilot, session_id)
        view = screen.query_one(VoteView)
        texts = [text for _s, _c, text in keys_votes.NOTES]
        await keys_together(pilot, "7")
        await pilot.press("tab")  # Tab sets it and moves down, like Enter
        await keys_together(pilot, "1", "2")
        await pilot.press("tab")
        assert view.query_one(DataTable).cursor_row == 2
        await pilot.press("shift+tab", "shift+tab")  # back up, nothing typed: the counts stay
        assert votes_by_text(path)[texts[0]] == 7
        await keys_together(pilot, "4")
        await pilot.press("enter")  # typing over a count replaces it (7 → 4), not adds to it
        assert votes_by_text(path)[texts[0]] == 4
        assert column(view, 0)[:2] == ["2", "1"]  # the rank column follows at once: 12 is first, 4 second
        await keys_together(pilot, "0")
        await pilot.press("enter")  # a real zero over a count
        assert votes_by_text(path)[texts[1]] == 0
        await pilot.press("enter")  # Enter alone moves on and writes nothing
        await keys_together(pilot, "plus", "plus", "minus")
        data = votes_by_text(path)
        assert data[texts[0]] == 4 and data[texts[1]] == 0 and data[texts[2]] == 0 and data[texts[3]] == 1
        assert column(view, 0)[:4] == ["1", "–", "–", "2"]


@pilot_test
async def test_a_refused_count_stays_typed_and_the_cursor_stays(tmp_path: Path) -> None:
    """Two dots per person on one note × 10 present = 20: a 25 is refused, nothing is written, no move.
    Without groups there is no vote on groups to switch to."""
    folder = tmp_path / "plan"
    session_id, path = keys_votes.build(folder)
    app = ClusterApp(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await keys_votes.open_step(app, pilot, session_id)
        view = screen.query_one(VoteView)
        await keys_together(pilot, "2", "5")
        await pilot.press("enter")
        assert view.typed == "25" and view.query_one(DataTable).cursor_row == 0
        assert all(v == 0 for v in votes_by_text(path).values())
        # no groups on these walls: no g in the footer, and g leaves the vote on single notes
        assert "g Groups" not in screen_text(app)
        await pilot.press("escape", "g")  # (Escape clears the typed count first)
        assert not view.on_groups and view.typed == ""


# --- voting on groups -----------------------------------------------------------------------------------------

GROUPS = {"Logística y transporte": ["Precio del ferry", "Pocos proveedores de transporte", "Poca señalización turística"],
          "Calidad del destino": ["Vinos con premios internacionales", "Faltan guías bilingües"]}


def make_groups(folder: Path) -> dict[str, str]:
    """The affinity step's groups, made through the engine as the group step would. Returns name → id."""
    with PlanStore.open(folder) as store:
        handle = store.open_session(store.session_paths()[0])
        notes = {c.text: c.id for c in handle.model.contributions}
        ids = {}
        for label, members in GROUPS.items():
            group = grouping.add_group(handle.model, "group", label)
            ids[label] = group.id
            for text in members:
                grouping.move(handle.model, notes[text], group.id)
        grouping.add_group(handle.model, "group", "Vacío")  # an empty group is not an option
        store.save_session(handle)
    return ids


@pilot_test
async def test_vote_on_groups_ranks_groups_and_survives_reload(tmp_path: Path) -> None:
    folder = tmp_path / "plan"
    session_id, path = keys_votes.build(folder)
    ids = make_groups(folder)
    lone = [t for _s, _c, t in keys_votes.NOTES if all(t not in m for m in GROUPS.values())]
    app = ClusterApp(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await keys_votes.open_step(app, pilot, session_id)
        view = screen.query_one(VoteView)
        assert not view.on_groups and "g vote on the groups" in str(view.query_one("#vote-help").render())
        await pilot.press("g")
        assert view.on_groups
        assert view.query_one(DataTable).row_count == 2 + len(lone)  # two groups (not the empty one), 8 lone notes
        for keys in (["5"], ["1", "2"], [], ["3"]):  # Logística 5, Calidad 12, first lone note left at 0, next 3
            await keys_together(pilot, *keys)
            await pilot.press("enter")
        data = read(path)
        assert {g["label"]: g.get("votes", 0) for g in data["groups"]} == {
            "Logística y transporte": 5, "Calidad del destino": 12, "Vacío": 0}
        assert votes_by_text(path)[lone[1]] == 3 and votes_by_text(path)["Precio del ferry"] == 0
        assert column(view, 0)[:4] == ["2", "1", "–", "3"]
        screen_80 = screen_text(app)
        assert "Group or note" in screen_80  # the header says what is voted on
        assert "Calidad del destino (2): Vinos…" in screen_80  # its notes cut visibly at 80 wide

    # reloaded from disk: the step opens on the groups, ranked; the findings and the minutes use the groups
    app = ClusterApp(folder)
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await keys_votes.open_step(app, pilot, session_id)
        view = screen.query_one(VoteView)
        assert view.on_groups
        assert view.room_lines()[:3] == ["12 ● Calidad del destino", "5 ● Logística y transporte",
                                         f"3 ● {lone[1]}"]
        screen_160 = screen_text(app)
        assert "Calidad del destino (2): Vinos con premios internacionales; Faltan guías bilingües" in screen_160
        assert "Logística y transporte (3): Poca señalización turística; Precio del ferry; Pocos proveedores" in screen_160

    with PlanStore.open(folder) as store:
        session = store.open_session(path).model
        kit = load_kits(folder).get("joint-diagnosis")
        assert kit is not None
        findings = consolidate.preview(session, kit, store.plan).findings
        notes = {c.text: c.id for c in session.contributions}
        assert [(f.text, f.votes, f.rank) for f in findings] == [
            ("Calidad del destino", 12, 1), ("Logística y transporte", 5, 2), (lone[1], 3, 3)]
        assert findings[0].sources == [notes[t] for t in GROUPS["Calidad del destino"]]
        assert findings[1].kind == "weakness"  # a weakness, a threat, a diamond note: the first one on a tie
        step = kit.step("vote-swot")
        assert step is not None
        rows = _ranking(session, step, 10, {"group": "Agrupar"})["rows"]
        assert rows[0]["text"].startswith("Calidad del destino: Vinos con premios") and rows[0]["from"] == "Agrupar"
    assert ids


def session_with_groups() -> tuple[Session, dict[str, str]]:
    kit = load_kits(None).get("joint-diagnosis")
    assert kit is not None
    session = Session.model_validate({"id": "ses-1", "workshop": "joint-diagnosis", "title": "t", "date": "2026-03-12"})
    from facilitator.engine import capture

    notes = {t: capture.add(session, s, t, c).id for s, c, t in keys_votes.NOTES}
    group = grouping.add_group(session, "group", "Logística")
    for text in ("Precio del ferry", "Pocos proveedores de transporte"):
        grouping.move(session, notes[text], group.id)
    return session, {**notes, "group": group.id}


def test_engine_group_votes_tally_and_refusals() -> None:
    session, ids = session_with_groups()
    steps = ["swot", "diamond"]
    assert [o.text for o in voting.tally(session, steps)][:2] == ["Vinos con premios internacionales",
                                                                  "Paisaje y patrimonio"]  # no group votes yet
    voting.set_votes(session, ids["Precio del ferry"], 4)
    grouping.merge(session, ids["Pocos proveedores de transporte"], ids["Faltan guías bilingües"])
    options = voting.group_options(session, steps)
    assert options[0].text == "Logística" and [n.text for n in options[0].notes] == [
        "Precio del ferry", "Pocos proveedores de transporte"]  # the merged duplicate is not listed twice
    assert len(options) == 1 + 13 - 2 - 1
    with pytest.raises(EngineError, match="at most 6"):
        voting.set_group_votes(session, ids["group"], 7, cap=6)
    with pytest.raises(EngineError, match="negative"):
        voting.set_group_votes(session, ids["group"], -1)
    with pytest.raises(EngineError, match="no group"):
        voting.set_group_votes(session, "grp-nope", 1)
    assert not voting.on_groups(session, steps)
    voting.set_group_votes(session, ids["group"], 6, cap=6)
    assert voting.on_groups(session, steps) and not voting.on_groups(session, ["problem-tree"])
    ranked = voting.ranking(voting.tally(session, steps))
    assert [(r, o.text, o.votes) for r, o in ranked[:2]] == [(1, "Logística", 6),
                                                             (2, "Vinos con premios internacionales", 0)]
    # a session file written before groups had votes still loads: the count defaults to 0
    assert Session.model_validate({**session.model_dump(), "groups": [{"id": ids["group"], "step": "group",
                                                                       "label": "L"}]}).groups[0].votes == 0
