"""Statement and matrix steps from phones (aiohttp's test client, in-process): a phone votes for a draft and
gives consent levels, or scores a matrix's notes 1-5; each phone's ballot lands in the session file once,
a change of mind replaces it, bad input is refused next to its field and writes nothing, a forged token
opens nothing, and the wall shows the distributions. Results are read back from disk with tomllib."""

from __future__ import annotations

import asyncio
import datetime as dt
import tomllib
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer
from pilot import pilot_test, plain
from test_steps import (
    KIT,
    StepApp,
    cell_text,
    running,  # noqa: F401  (a fixture, used by name)
)
from textual.widgets import DataTable, Static

from facilitator.engine import capture, matrix, sessions, statements
from facilitator.engine.capture import EngineError
from facilitator.kits import load_kits
from facilitator.model import Kit
from facilitator.room.core import Room
from facilitator.room.web import make_app
from facilitator.store import PlanStore, TomlFile

JSON = {"Accept": "application/json"}
PHONE_A, PHONE_B = "dev-aaaaaaaaaaaaaaaa", "dev-bbbbbbbbbbbbbbbb"
phones: list[str] = []


@pytest.fixture
def plan(tmp_path: Path) -> PlanStore:
    store = PlanStore.create(tmp_path / "plan", "Cluster del Vino", language="es")
    yield store
    store.close()


def on_disk(handle: TomlFile[Any]) -> dict[str, Any]:
    return tomllib.loads(handle.path.read_text(encoding="utf-8"))


def run(store: PlanStore, kit_id: str, step: str, setup: Callable[[Any, Kit], None],
        body: Callable[[TestClient, Room, str], Awaitable[None]]) -> TomlFile[Any]:
    """Open a room on ``step`` of a new session of ``kit_id`` prepared by ``setup``, run ``body``."""
    kit = load_kits(store.folder).get(kit_id)
    assert kit is not None
    handle = sessions.start(store, kit, dt.date(2026, 3, 12))
    setup(handle.model, kit)
    store.save_session(handle)

    async def main() -> None:
        room = Room(store, handle, kit, step)
        room.start()
        try:
            async with TestClient(TestServer(make_app(room))) as client:
                await body(client, room, f"/r/{room.token}/")
        finally:
            await room.close()

    asyncio.run(main())
    return handle


async def new_phone(client: TestClient, base: str) -> str:
    """Another phone joins (its cookie jar emptied, as on another device): its id, as the room gave it."""
    client.session.cookie_jar.clear()
    assert (await client.get(base)).status == 200
    [cookie] = [c for c in client.session.cookie_jar if c.key == "room_device"]
    return cookie.value


def _drafts(session: Any, kit: Kit) -> None:
    statements.add_draft(session, "drafts", "Ser el primer enoturismo del sur")
    statements.add_draft(session, "drafts", "Vinos <b>de altura</b> para el mundo")
    statements.set_votes(session, session.drafts[0].id, 3)  # raised hands typed by the facilitator


def _options(session: Any, kit: Kit) -> None:
    for text, category in (("Ruta del vino con hoteles", "so"), ("Compras conjuntas de botellas", "wo"),
                           ("Marca colectiva", "st")):
        capture.add(session, "tows", text, category)


# --- statements -----------------------------------------------------------------------------------------------

def test_a_phone_votes_for_a_draft_and_gives_consent_and_can_change_its_mind(plan: PlanStore) -> None:
    async def body(client: TestClient, room: Room, base: str) -> None:
        first, second = (d.id for d in room.session.drafts)
        page = await client.get(base)
        html = await page.text()
        assert page.status == 200 and 'action="' + base + 'statement"' in html
        assert f'name="consent-{first}"' in html and "apoyo total" in html  # the gradient in Spanish
        assert "&lt;b&gt;de altura&lt;/b&gt;" in html and "<b>de altura" not in html  # escaped
        phones[:] = [await new_phone(client, base)]
        sent = {"key": "phone-a-first", "step": "drafts", "vote": first, f"consent-{first}": "5",
                f"consent-{second}": "2"}
        answer = await client.post(base + "statement", data=sent, allow_redirects=False)
        assert answer.status == 303
        retry = await (await client.post(base + "statement", data=sent, headers=JSON)).json()
        assert retry["ok"] and retry["again"]  # the same form again: nothing new
        mine = await (await client.get(base)).text()
        assert f'value="{first}" checked' in mine and '<option value="5" selected' in mine
        # phone A changes its mind: its vote moves to the second draft, its levels are replaced
        changed = {"key": "phone-a-second", "step": "drafts", "vote": second, f"consent-{second}": "4"}
        assert (await client.post(base + "statement", data=changed, headers=JSON)).status == 200
        phones.append(await new_phone(client, base))
        other = {"key": "phone-b-first", "step": "drafts", "vote": second, f"consent-{second}": "4",
                 f"consent-{first}": "1"}
        assert (await client.post(base + "statement", data=other, headers=JSON)).status == 200
        wall = await (await client.get(base + "wall/board")).text()
        assert "2 votos" in wall and "4 · de acuerdo: 2" in wall and "1 · bloqueo: 1" in wall

    handle = run(plan, "vision", "drafts", _drafts, body)
    data = on_disk(handle)
    votes = {d["text"][:4]: d.get("votes", 0) for d in data["drafts"]}
    assert votes == {"Ser ": 3, "Vino": 2}  # the 3 typed hands stay; A's vote moved; B's added
    ballots = {b["device"]: b for b in data["ballots"]}
    assert len(data["ballots"]) == 2 and set(ballots) == set(phones) and len(phones) == 2
    second = data["drafts"][1]["id"]
    assert ballots[phones[0]]["dots"] == {second: 1} and ballots[phones[0]]["consent"] == {second: 4}
    assert all(d.get("consensus") is None and not d.get("adopted") for d in data["drafts"])  # the facilitator's


def test_bad_consent_is_refused_next_to_its_field_and_writes_nothing(plan: PlanStore) -> None:
    async def body(client: TestClient, room: Room, base: str) -> None:
        first = room.session.drafts[0].id
        before = room.handle.path.read_bytes()
        answer = await client.post(base + "statement", data={"step": "drafts", f"consent-{first}": "9"})
        html = await answer.text()
        assert answer.status == 400 and f'id="consent-{first}-error"' in html and "1 to 5" in html
        forged = await client.post(base + "statement", headers=JSON, data={"step": "drafts", "vote": "drf-nope"})
        assert forged.status == 400 and "reload" in (await forged.json())["message"]
        moved = await client.post(base + "statement", headers=JSON, data={"step": "adopt", "vote": first})
        assert moved.status == 409  # the room is not on that step
        wrong = await client.post(f"/r/{'x' * 12}/statement", data={"step": "drafts", "vote": first})
        assert wrong.status == 404 and "<form" not in await wrong.text()
        assert room.handle.path.read_bytes() == before

    handle = run(plan, "vision", "drafts", _drafts, body)
    data = on_disk(handle)
    assert "ballots" not in data and [d.get("votes", 0) for d in data["drafts"]] == [3, 0]


def test_a_vote_step_over_drafts_offers_them_to_phones(plan: PlanStore) -> None:
    """The vision kit's vote step (source: the drafting step): phones spend their dots on the drafts."""
    async def body(client: TestClient, room: Room, base: str) -> None:
        first, second = (d.id for d in room.session.drafts)
        html = await (await client.get(base)).text()
        assert f'name="dots-{first}"' in html and f'name="dots-{second}"' in html
        sent = {"step": "vote", f"dots-{first}": "1", f"dots-{second}": "1"}
        assert (await client.post(base + "vote", headers=JSON, data=sent)).status == 200
        twice = {"step": "vote", f"dots-{first}": "2"}  # the kit: at most 1 on one draft
        assert (await client.post(base + "vote", headers=JSON, data=twice)).status == 400

    handle = run(plan, "vision", "vote", _drafts, body)
    data = on_disk(handle)
    assert [d.get("votes", 0) for d in data["drafts"]] == [4, 1]  # 3 typed hands + 1 dot; 1 dot
    [ballot] = data["ballots"]
    assert ballot["step"] == "vote" and sorted(ballot["dots"].values()) == [1, 1]


def test_the_adoption_step_rates_the_drafting_steps_drafts(plan: PlanStore) -> None:
    handle, kit = _bare(plan, "vision")
    _drafts(handle.model, kit)
    adopt = kit.step("adopt")
    assert adopt is not None
    first = handle.model.drafts[0].id
    statements.cast(handle.model, adopt, PHONE_A, None, {first: 3})
    statements.cast(handle.model, adopt, PHONE_B, None, {first: 3})
    assert statements.consent_levels(handle.model, "adopt", first) == {5: 0, 4: 0, 3: 2, 2: 0, 1: 0}
    assert handle.model.drafts[0].votes == 3  # consent alone moves no vote


# --- the matrix ---------------------------------------------------------------------------------------------------

def test_phones_score_the_matrix_and_the_wall_shows_their_medians(plan: PlanStore) -> None:
    async def body(client: TestClient, room: Room, base: str) -> None:
        route, pooled, brand = (n.id for n in room.session.contributions)
        html = await client.get(base)
        page = await html.text()
        assert f'name="score.{route}.impact"' in page and f'name="score.{brand}.feasibility"' in page
        assert "Factibilidad" in page
        phones[:] = [await new_phone(client, base)]
        sent = {"key": "phone-a-scores", "step": "matrix", f"score.{route}.impact": "5",
                f"score.{route}.feasibility": "2", f"score.{pooled}.impact": "1"}
        assert (await client.post(base + "scores", data=sent, allow_redirects=False)).status == 303
        assert (await (await client.post(base + "scores", data=sent, headers=JSON)).json())["again"]
        mine = await (await client.get(base)).text()
        assert '<option value="5" selected' in mine and '<option value="2" selected' in mine
        changed = {"key": "phone-a-again", "step": "matrix", f"score.{route}.impact": "4",
                   f"score.{route}.feasibility": "2"}
        assert (await client.post(base + "scores", data=changed, headers=JSON)).status == 200
        phones.append(await new_phone(client, base))
        other = {"key": "phone-b-scores", "step": "matrix", f"score.{route}.impact": "5",
                 f"score.{route}.feasibility": "3"}
        assert (await client.post(base + "scores", data=other, headers=JSON)).status == 200
        wall = await (await client.get(base + "wall/board")).text()
        assert ": Impacto 4,5 · Factibilidad 2,5" in wall  # the medians, in the plan's number format

    handle = run(plan, "benchmarking", "matrix", _options, body)
    data = on_disk(handle)
    route = data["contributions"][0]
    ballots = {b["device"]: b["scores"] for b in data["ballots"]}
    assert len(data["ballots"]) == 2 and set(ballots) == set(phones) and len(phones) == 2
    assert ballots[phones[0]] == {route["id"]: {"impact": 4, "feasibility": 2}}  # replaced: pooled dropped
    assert "impact" not in route and "feasibility" not in route  # the facilitator records the scores


def test_bad_scores_are_refused_next_to_the_field_and_write_nothing(plan: PlanStore) -> None:
    async def body(client: TestClient, room: Room, base: str) -> None:
        route = room.session.contributions[0].id
        before = room.handle.path.read_bytes()
        name = f"score.{route}.impact"
        answer = await client.post(base + "scores", data={"step": "matrix", name: "7"})
        html = await answer.text()
        assert answer.status == 400 and f'id="{name}-error"' in html
        for data in ({"step": "matrix", "score.ctb-nope.impact": "3"},
                     {"step": "matrix", f"score.{route}.beauty": "3"}):
            refused = await client.post(base + "scores", headers=JSON, data=data)
            assert refused.status == 400, data
        room.session.contributions[1].moderation = "hidden"  # hidden by the facilitator after the page loaded
        hidden = await client.post(base + "scores", headers=JSON,
                                   data={"step": "matrix", f"score.{room.session.contributions[1].id}.impact": "3"})
        assert hidden.status == 409
        assert (await client.post(f"/r/{'y' * 12}/scores", data={"step": "matrix", name: "3"})).status == 404
        assert room.handle.path.read_bytes() == before

    handle = run(plan, "benchmarking", "matrix", _options, body)
    assert "ballots" not in on_disk(handle)


def test_scores_from_phones_take_the_median_per_axis(plan: PlanStore) -> None:
    handle, kit = _bare(plan, "benchmarking")
    _options(handle.model, kit)
    step = kit.step("matrix")
    assert step is not None
    note = handle.model.contributions[0].id
    for n, (impact, feasibility) in enumerate(((5, 1), (3, 2), (4, 5))):
        matrix.cast(handle.model, step, f"dev-{'abc'[n] * 16}", {note: {"impact": impact, "feasibility": feasibility}})
    matrix.cast(handle.model, step, "dev-dddddddddddddddd", {note: {"impact": 1}})
    assert matrix.phone_medians(handle.model, step, note) == ({"impact": 3.5, "feasibility": 2.0}, 4)
    before = handle.model.model_dump()
    with pytest.raises(EngineError):
        matrix.cast(handle.model, step, "dev-aaaaaaaaaaaaaaaa", {note: {"impact": 0}})
    assert handle.model.model_dump() == before


def _bare(store: PlanStore, kit_id: str) -> tuple[TomlFile[Any], Kit]:
    kit = load_kits(store.folder).get(kit_id)
    assert kit is not None
    return sessions.start(store, kit, dt.date(2026, 3, 12)), kit


# --- what the facilitator sees in the runner --------------------------------------------------------------------

@pytest.mark.parametrize("size", [(80, 24), (160, 45)])
@pilot_test
async def test_the_runner_shows_the_phones_consent_and_medians_as_proposals(
        running: tuple[PlanStore, Any], size: tuple[int, int]) -> None:  # noqa: F811  (the fixture)
    store, handle = running
    drafts_step, matrix_step = KIT.step("drafts"), KIT.step("matrix")
    assert drafts_step is not None and matrix_step is not None
    draft = statements.add_draft(handle.model, "drafts", "Un puerto que trabaja con sus empresas")
    for device, level in ((PHONE_A, 5), (PHONE_B, 2)):
        statements.cast(handle.model, drafts_step, device, draft.id, {draft.id: level})
    welders = handle.model.contributions[0].id
    matrix.cast(handle.model, matrix_step, PHONE_A, {welders: {"impact": 4, "feasibility": 2}})
    matrix.cast(handle.model, matrix_step, PHONE_B, {welders: {"impact": 5}})
    store.save_session(handle)

    app = StepApp(store, handle, "drafts")
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        card = plain(app.query_one("#draft-0", Static))
        assert "phones 5:1 4:0 3:0 2:1 1:0" in card and "2 votes" in card
        assert "phones 5:1 4:0 3:0 2:1 1:0" in app.export_screenshot().replace("&#160;", " ")  # not cut
    app = StepApp(store, handle, "matrix")
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        table = app.query_one(DataTable)
        assert [cell_text(c) for c in table.get_row_at(0)[1:3]] == ["≈4½", "≈2"]
        await pilot.press("4")  # the room agrees on 4: recorded, the proposal gives way
        await pilot.pause()
        assert cell_text(table.get_row_at(0)[1]) == "4"
        assert "≈" in plain(app.query_one("#matrix-help", Static))
    row = on_disk(handle)["contributions"][0]
    assert row["impact"] == 4 and "feasibility" not in row
