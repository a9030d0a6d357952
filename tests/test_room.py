"""The room over HTTP (aiohttp's test client, in-process, loopback): phones send ideas, dots and check-ins
that land in the session file once; forged tokens, big bodies, floods and facilitator operations are
refused; participant text is escaped and cleaned. Results are read back from disk with tomllib."""

from __future__ import annotations

import asyncio
import datetime as dt
import re
import tomllib
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from facilitator.engine import capture, grouping, sessions, voting
from facilitator.engine.capture import EngineError
from facilitator.kits import load_kits
from facilitator.model import Kit
from facilitator.room.core import Limits, Room
from facilitator.room.web import make_app
from facilitator.store import PlanStore, TomlFile

JSON = {"Accept": "application/json"}


@pytest.fixture
def plan(tmp_path: Path) -> PlanStore:
    store = PlanStore.create(tmp_path / "plan", "Cluster del Vino", language="es")
    yield store
    store.close()


def _session(store: PlanStore) -> tuple[TomlFile[Any], Kit]:
    kit = load_kits(store.folder).get("joint-diagnosis")
    assert kit is not None
    return sessions.start(store, kit, dt.date(2026, 3, 12)), kit


def on_disk(handle: TomlFile[Any]) -> dict[str, Any]:
    return tomllib.loads(handle.path.read_text(encoding="utf-8"))


def run(store: PlanStore, step: str, body: Callable[[TestClient, Room, str], Awaitable[None]],
        limits: Limits | None = None, setup: Callable[[Any, Kit], None] | None = None) -> TomlFile[Any]:
    """Open a room on ``step`` of a new joint-diagnosis session and run ``body(client, room, base)``."""
    handle, kit = _session(store)
    if setup is not None:
        setup(handle.model, kit)
        store.save_session(handle)

    async def main() -> None:
        room = Room(store, handle, kit, step, limits=limits or Limits())
        room.start()
        try:
            async with TestClient(TestServer(make_app(room))) as client:
                await body(client, room, f"/r/{room.token}/")
        finally:
            await room.close()

    asyncio.run(main())
    return handle


def form_key(html: str) -> str:
    found = re.search(r'name="key" value="([^"]+)"', html)
    assert found, html
    return found.group(1)


# --- ideas ---------------------------------------------------------------------------------------------------

def test_an_idea_is_on_disk_once_however_often_it_is_sent(plan: PlanStore) -> None:
    async def body(client: TestClient, room: Room, base: str) -> None:
        page = await client.get(base)
        html = await page.text()
        assert page.status == 200 and "<textarea" in html and 'name="text"' in html
        assert "Fortaleza" in html  # the categories, in the plan's language
        sent = {"key": form_key(html), "step": "swot", "text": "Bodegas centenarias", "category": "strength"}
        first = await client.post(base + "idea", data=sent, allow_redirects=False)
        assert first.status == 303 and first.headers["Location"].endswith("?sent=1")
        retry = await client.post(base + "idea", data=sent, headers=JSON)  # the connection dropped: again
        answer = await retry.json()
        assert retry.status == 200 and answer["ok"] and answer["again"]
        mine = await (await client.get(base + "?sent=1")).text()
        assert "Bodegas centenarias" in mine and "✔" in mine

    handle = run(plan, "swot", body)
    notes = on_disk(handle)["contributions"]
    assert [(n["text"], n["category"], n["step"]) for n in notes] == [("Bodegas centenarias", "strength", "swot")]
    assert notes[0]["device"].startswith("dev-") and notes[0]["submission"]


def test_ideas_sent_together_are_all_written_in_few_saves(plan: PlanStore) -> None:
    async def body(client: TestClient, room: Room, base: str) -> None:
        async def phone(n: int) -> None:
            answer = await client.post(base + "idea", headers=JSON, data={
                "key": f"phone{n:02d}-key", "step": "swot", "text": f"idea {n}", "category": "threat"})
            assert answer.status == 200
        await asyncio.gather(*(phone(n) for n in range(40)))
        assert room.saves < 40  # written together, not one save each

    handle = run(plan, "swot", body)
    texts = sorted(n["text"] for n in on_disk(handle)["contributions"])
    assert texts == sorted(f"idea {n}" for n in range(40))


def test_bad_ideas_are_refused_next_to_the_field_and_nothing_is_written(plan: PlanStore) -> None:
    async def body(client: TestClient, room: Room, base: str) -> None:
        long = "x" * 1001
        answer = await client.post(base + "idea", data={"key": "k" * 10, "step": "swot", "text": long,
                                                        "category": "strength"})
        html = await answer.text()
        assert answer.status == 400 and 'id="text-error"' in html and "1000" in html
        assert long in html  # what was typed is kept in the textarea
        for data in ({"step": "swot", "text": "   ", "category": "strength"},
                     {"step": "swot", "text": "sin categoría"},
                     {"step": "swot", "text": "otra", "category": "nope"},
                     {"step": "vote-swot", "text": "a vote step takes no ideas", "category": "strength"},
                     {"step": "swot", "text": "damaged key", "category": "strength", "key": "<x>"}):
            answer = await client.post(base + "idea", data=data, headers=JSON)
            assert answer.status in (400, 409) and not (await answer.json())["ok"], data

    handle = run(plan, "swot", body)
    assert "contributions" not in on_disk(handle)


def test_control_characters_are_dropped_and_text_is_escaped(plan: PlanStore) -> None:
    hostile = "<script>alert(1)</script>{{ 7*7 }}\x1b[31m\x00\u202e rojo"

    async def body(client: TestClient, room: Room, base: str) -> None:
        await client.post(base + "idea", headers=JSON, data={"step": "swot", "text": hostile, "category": "threat"})
        for path in ("", "wall", "wall/board"):
            answer = await client.get(base + path)
            html = await answer.text()
            assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;{{ 7*7 }}" in html, path
            assert "\x1b" not in html and "49" not in html
            assert "script-src 'self'" in answer.headers["Content-Security-Policy"]
            assert answer.headers["X-Content-Type-Options"] == "nosniff"

    handle = run(plan, "swot", body)
    assert on_disk(handle)["contributions"][0]["text"] == "<script>alert(1)</script>{{ 7*7 }}[31m\u202e rojo"


# --- security -----------------------------------------------------------------------------------------------

def test_a_forged_or_stale_token_gets_404_and_no_form(plan: PlanStore) -> None:
    handle, kit = _session(plan)

    async def main() -> None:
        room = Room(plan, handle, kit, "swot")
        room.start()
        async with TestClient(TestServer(make_app(room))) as client:
            forged = "a" * len(room.token)
            for method, path in (("GET", f"/r/{forged}/"), ("GET", f"/r/{forged}/wall"),
                                 ("POST", f"/r/{forged}/idea"), ("GET", "/"), ("GET", f"/r/{room.token[:-1]}/")):
                answer = await client.request(method, path, data={"step": "swot", "text": "x", "category": "threat"})
                assert answer.status == 404 and "<form" not in await answer.text(), path
            assert (await client.get(f"/r/{room.token}/")).status == 200
            await room.close()
            stale = await client.get(f"/r/{room.token}/")  # the room closed: its token opens nothing
            assert stale.status == 404 and "<form" not in await stale.text()
            answer = await client.post(f"/r/{room.token}/idea", data={"step": "swot", "text": "late",
                                                                       "category": "threat"})
            assert answer.status == 404

    asyncio.run(main())
    assert "contributions" not in on_disk(handle)
    assert Room(plan, handle, kit, "swot").token != Room(plan, handle, kit, "swot").token


def test_no_facilitator_operation_is_reachable(plan: PlanStore) -> None:
    async def body(client: TestClient, room: Room, base: str) -> None:
        routes = {(r.method, r.resource.canonical) for r in client.server.app.router.routes()  # type: ignore
                  if r.resource is not None}
        assert routes == {("GET", "/r/{token}/"), ("POST", "/r/{token}/idea"), ("POST", "/r/{token}/vote"),
                          ("POST", "/r/{token}/network"),
                          ("POST", "/r/{token}/statement"), ("POST", "/r/{token}/scores"),
                          ("GET", "/r/{token}/checkin"), ("POST", "/r/{token}/checkin"),
                          ("GET", "/r/{token}/events"), ("GET", "/r/{token}/wall"), ("GET", "/r/{token}/wall/board"),
                          ("GET", "/r/{token}/qr.svg"), ("GET", "/r/{token}/assets/{name}"),
                          ("HEAD", "/r/{token}/"), ("HEAD", "/r/{token}/checkin"), ("HEAD", "/r/{token}/events"),
                          ("HEAD", "/r/{token}/wall"), ("HEAD", "/r/{token}/wall/board"),
                          ("HEAD", "/r/{token}/qr.svg"), ("HEAD", "/r/{token}/assets/{name}")}
        for method, path in (("POST", "step"), ("POST", "close"), ("POST", "moderate"), ("POST", "wall"),
                             ("GET", "assets/../../plan.toml"), ("GET", "assets/%2e%2e%2fplan.toml"),
                             ("GET", "assets/phone.html"), ("GET", "assets/room.css"), ("DELETE", "idea")):
            answer = await client.request(method, base + path)
            assert answer.status in (404, 405), (method, path)
            assert "Cluster del Vino" not in await answer.text()
        assert room.step_id == "swot" and room.is_open

    run(plan, "swot", body)


def test_a_body_too_large_is_refused_before_it_is_read(plan: PlanStore) -> None:
    async def body(client: TestClient, room: Room, base: str) -> None:
        answer = await client.post(base + "idea", data={"step": "swot", "text": "x" * 20_000, "category": "threat"})
        assert answer.status == 413

    handle = run(plan, "swot", body)
    assert "contributions" not in on_disk(handle)


def test_a_flood_from_one_phone_is_slowed_down(plan: PlanStore) -> None:
    async def body(client: TestClient, room: Room, base: str) -> None:
        codes = [(await client.post(base + "idea", headers=JSON, data={
            "step": "swot", "text": f"spam {n}", "category": "threat"})).status for n in range(9)]
        # the first request joins (no phone id yet, only its address counts); then five at once, no more
        assert codes[:6] == [200] * 6 and set(codes[6:]) == {429}

    handle = run(plan, "swot", body, limits=Limits(device_burst=5, device_per_minute=1))
    assert len(on_disk(handle)["contributions"]) == 6


def test_a_failed_save_is_not_received_and_the_retry_writes_once(plan: PlanStore,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    async def body(client: TestClient, room: Room, base: str) -> None:
        real = room.store.save_session
        calls = {"n": 0}

        def failing(handle: Any) -> bool:
            calls["n"] += 1
            if calls["n"] == 1:
                raise OSError(28, "No space left on device")
            return real(handle)

        monkeypatch.setattr(room.store, "save_session", failing)
        sent = {"key": "retry-key-1", "step": "swot", "text": "no se pierde", "category": "threat"}
        first = await client.post(base + "idea", data=sent, headers=JSON)
        assert first.status == 503 and not (await first.json())["ok"]
        assert "contributions" not in on_disk(room.handle)
        again = await client.post(base + "idea", data=sent, headers=JSON)
        assert again.status == 200 and (await again.json())["ok"]

    handle = run(plan, "swot", body)
    assert [n["text"] for n in on_disk(handle)["contributions"]] == ["no se pierde"]


# --- votes ------------------------------------------------------------------------------------------------------

def _notes(session: Any, kit: Kit) -> None:
    for text in ("Clima", "Caminos", "Turismo"):
        capture.add(session, "swot", text, "strength")


def test_a_phone_spends_its_dots_and_changes_its_mind(plan: PlanStore) -> None:
    async def body(client: TestClient, room: Room, base: str) -> None:
        notes = {n.text: n.id for n in room.session.contributions}
        voting.set_votes(room.session, notes["Clima"], 4)  # counted from paper before the phones
        html = await (await client.get(base)).text()
        assert "7" in html and f'name="dots-{notes["Caminos"]}"' in html
        vote = {"key": form_key(html), "step": "vote-swot", f"dots-{notes['Clima']}": "2",
                f"dots-{notes['Caminos']}": "1"}
        assert (await client.post(base + "vote", data=vote, allow_redirects=False)).status == 303
        changed = {"key": "second-ballot", "step": "vote-swot", f"dots-{notes['Turismo']}": "2",
                   f"dots-{notes['Clima']}": "0"}
        assert (await client.post(base + "vote", data=changed, headers=JSON)).status == 200
        over = {"key": "third-ballot", "step": "vote-swot", f"dots-{notes['Turismo']}": "2",
                f"dots-{notes['Caminos']}": "2", f"dots-{notes['Clima']}": "2", "dots-ctb-nothing": "1"}
        refused = await client.post(base + "vote", data=over)
        assert refused.status == 400 and 'role="alert"' in await refused.text()
        too_many = {"key": "fourth-ballot", "step": "vote-swot", f"dots-{notes['Turismo']}": "3"}
        assert (await client.post(base + "vote", data=too_many, headers=JSON)).status == 400  # 2 at most
        assert (await client.post(base + "vote", data={**changed, "dots-x": "uno"}, headers=JSON)).status == 400

    handle = run(plan, "vote-swot", body, setup=_notes)
    data = on_disk(handle)
    votes = {n["text"]: n.get("votes", 0) for n in data["contributions"]}
    # the paper's 4 kept; the second ballot replaced the first: its dots moved from Clima and Caminos to Turismo
    assert votes == {"Clima": 4, "Caminos": 0, "Turismo": 2}
    [ballot] = data["ballots"]
    assert ballot["step"] == "vote-swot" and list(ballot["dots"].values()) == [2]


def test_a_phone_votes_on_the_groups_when_the_notes_were_grouped(plan: PlanStore) -> None:
    def setup(session: Any, kit: Kit) -> None:
        _notes(session, kit)
        group = grouping.add_group(session, "group", "Infraestructura")
        grouping.move(session, session.contributions[1].id, group.id)

    async def body(client: TestClient, room: Room, base: str) -> None:
        group = room.session.groups[0]
        html = await (await client.get(base)).text()
        assert "Infraestructura" in html and f"dots-{group.id}" in html
        assert f"dots-{room.session.contributions[1].id}" not in html  # the grouped note is in its group
        answer = await client.post(base + "vote", headers=JSON, data={"step": "vote-swot", f"dots-{group.id}": "2"})
        assert answer.status == 200
        wall = await (await client.get(base + "wall/board")).text()
        assert "Infraestructura" in wall and 'value="2"' in wall

    handle = run(plan, "vote-swot", body, setup=setup)
    assert on_disk(handle)["groups"][0]["votes"] == 2


def test_a_ballot_over_the_budget_changes_nothing(plan: PlanStore) -> None:
    handle, kit = _session(plan)
    _notes(handle.model, kit)
    ids = [n.id for n in handle.model.contributions]
    voting.cast(handle.model, kit, "vote-swot", "dev-aaaaaaaaaaaaaaaa", {ids[0]: 2})
    before = handle.model.model_dump()
    with pytest.raises(EngineError):
        voting.cast(handle.model, kit, "vote-swot", "dev-aaaaaaaaaaaaaaaa", {ids[0]: 2, ids[1]: 2, ids[2]: 2, "x": 1})
    with pytest.raises(EngineError):
        voting.cast(handle.model, kit, "swot", "dev-aaaaaaaaaaaaaaaa", {ids[0]: 1})  # not a vote step
    assert handle.model.model_dump() == before


# --- check-in, following the step, the wall ---------------------------------------------------------------------

def test_check_in_is_optional_self_reported_and_corrected_by_the_phone(plan: PlanStore) -> None:
    async def body(client: TestClient, room: Room, base: str) -> None:
        page = await (await client.get(base)).text()
        assert "checkin" in page
        form = await (await client.get(base + "checkin")).text()
        assert "autodeclarad" in form and 'name="gender"' in form
        assert (await client.post(base + "checkin", headers=JSON, data={"kind": "alien"})).status == 400
        sent = {"name": "Ana\x07 Pérez", "organization": "Bodega Sur", "kind": "firm", "size": "small", "gender": "f"}
        assert (await client.post(base + "checkin", data=sent, allow_redirects=False)).status == 303
        again = await (await client.get(base + "checkin")).text()
        assert 'value="Ana Pérez"' in again
        assert (await client.post(base + "checkin", headers=JSON, data={"name": "Ana Pérez", "kind": "university",
                                                                       "size": "small"})).status == 200

    handle = run(plan, "swot", body)
    data = on_disk(handle)
    [row] = data["checkins"]
    assert row["name"] == "Ana Pérez" and row["kind"] == "university" and "size" not in row
    assert "gender" not in row and row.get("organization", "") == ""  # the second check-in corrected the first
    assert all(a["stakeholder"] != row["device"] for a in data.get("attendance", []))  # not counted as present


def test_events_follow_the_step_and_new_ideas(plan: PlanStore) -> None:
    async def body(client: TestClient, room: Room, base: str) -> None:
        stream = await client.get(base + "events")
        assert stream.headers["Content-Type"].startswith("text/event-stream")
        first = await stream.content.readline()
        assert b'"step": "swot"' in first
        await stream.content.readline()
        room.follow("diamond")  # the runner moves on
        moved = await asyncio.wait_for(stream.content.readline(), 5)
        assert b'"step": "diamond"' in moved
        stream.close()
        wall = await (await client.get(base + "wall")).text()
        assert "Diamante" in wall or "diamond" in wall.lower()
        assert "<svg" in wall and room.join_url in wall

    run(plan, "swot", body)


def test_a_closed_session_takes_nothing(plan: PlanStore) -> None:
    def setup(session: Any, kit: Kit) -> None:
        session.status = "closed"

    async def body(client: TestClient, room: Room, base: str) -> None:
        answer = await client.post(base + "idea", headers=JSON, data={"step": "swot", "text": "tarde",
                                                                      "category": "threat"})
        assert answer.status == 409

    handle = run(plan, "swot", body, setup=setup)
    assert "contributions" not in on_disk(handle)
