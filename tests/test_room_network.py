"""The network step from phones (aiohttp's test client, in-process): a participant picks its name from the
people present (or answers as its confirmed check-in), ticks whom it worked with kind by kind as a plain
form, and unticks; every tick lands in the session file once, through `engine.nominations` and the room's
one writer. Results are read back from disk with tomllib."""

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

from facilitator.engine import attendance, sessions
from facilitator.model import Kit
from facilitator.room.core import Room
from facilitator.room.web import make_app
from facilitator.store import PlanStore, TomlFile

JSON = {"Accept": "application/json"}


def local(text: str) -> dict[str, str]:
    return {"en": text, "es": text, "pt": text}


KIT = Kit.model_validate({
    "id": "test-network", "title": local("Test"), "purpose": local("Testing"),
    "steps": [{"id": "ideas", "kind": "brainstorm", "minutes": 5, "prompt": local("Ideas?")},
              {"id": "who", "kind": "network", "minutes": 20, "prompt": local("Whom did you work with?"),
               "categories": ["knowledge", "business"]}]})


@pytest.fixture
def store(example_plan: Path) -> PlanStore:
    opened = PlanStore.open(example_plan)
    yield opened
    opened.close()


def run(store: PlanStore, body: Callable[[TestClient, Room, str, list[Any]], Awaitable[None]],
        setup: Callable[[Any], None] | None = None) -> TomlFile[Any]:
    """Open a room on the network step of a session where the plan's first four actors are present."""
    present = [s.id for s in store.plan.stakeholders[:4]]
    handle = sessions.start(store, KIT, dt.date(2026, 12, 3), facilitator="Me", present=present)
    if setup is not None:
        setup(handle.model)
        store.save_session(handle)

    async def main() -> None:
        room = Room(store, handle, KIT, "who")
        room.start()
        try:
            async with TestClient(TestServer(make_app(room))) as client:
                await body(client, room, f"/r/{room.token}/", store.plan.stakeholders)
        finally:
            await room.close()

    asyncio.run(main())
    return handle


def on_disk(handle: TomlFile[Any]) -> list[dict[str, Any]]:
    return list(tomllib.loads(handle.path.read_text(encoding="utf-8")).get("nominations", []))


def form(html: str, action: str) -> dict[str, Any]:
    """The hidden fields of the form posting to ``action`` (the `shown` ones as a list)."""
    found = re.search(r'<form method="post" action="[^"]*' + action + r'".*?</form>', html, re.DOTALL)
    assert found, html
    fields: dict[str, Any] = {"shown": []}
    for name, value in re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', found.group(0)):
        if name == "shown":
            fields["shown"].append(value)
        else:
            fields[name] = value
    return fields


def post_data(fields: dict[str, Any], ticks: list[str]) -> list[tuple[str, str]]:
    data = [(k, v) for k, v in fields.items() if k != "shown"]
    return data + [("shown", v) for v in fields["shown"]] + [("tick", t) for t in ticks]


def test_a_phone_picks_its_name_ticks_once_and_unticks(store: PlanStore) -> None:
    async def body(client: TestClient, room: Room, base: str, actors: list[Any]) -> None:
        me, a, b, c = actors[0], actors[1], actors[2], actors[5]
        first = await (await client.get(base)).text()
        assert 'name="who"' in first and me.name in first and 'action="' + base + 'network"' not in first
        assert actors[6].name not in first  # only the people present are offered as "who are you"
        page = await (await client.get(base, params={"who": me.id})).text()
        assert "You answer as" in page and c.name in page  # the whole roster to tick, by name
        fields = form(page, "network")
        assert fields["who"] == me.id and fields["kind"] == "knowledge" and fields["shown"] == []
        sent = await client.post(base + "network", data=post_data(fields, [a.id, c.id]), allow_redirects=False)
        assert sent.status == 303 and "sent=1" in sent.headers["Location"]
        # the same form again (a retry over a flaky Wi-Fi), then with a new key: nothing twice
        assert (await client.post(base + "network", data=post_data(fields, [a.id, c.id]), headers=JSON)).status == 200
        fields["key"] = "another-key-123"
        assert (await client.post(base + "network", data=post_data(fields, [a.id, c.id]), headers=JSON)).status == 200
        rows = on_disk(room.handle)
        assert sorted((r["respondent"], r["partner"], r["kind"]) for r in rows) == sorted(
            [(me.id, a.id, "knowledge"), (me.id, c.id, "knowledge")])
        # the page remembers who the phone is, shows its ticks, and another kind is asked apart
        again = await (await client.get(base)).text()
        assert re.search(r'value="' + a.id + r'" checked', again) and "You answer as" in again
        other = form(await (await client.get(base, params={"kind": "business"})).text(), "network")
        assert other["kind"] == "business" and other["shown"] == []
        assert (await client.post(base + "network", data=post_data(other, [b.id]), headers=JSON)).status == 200
        # untick c (keep a): only what the phone changed against its page is applied
        fields = form(again, "network")
        assert sorted(fields["shown"]) == sorted([a.id, c.id])
        assert (await client.post(base + "network", data=post_data(fields, [a.id]), headers=JSON)).status == 200
        rows = on_disk(room.handle)
        assert sorted((r["partner"], r["kind"]) for r in rows) == sorted(
            [(a.id, "knowledge"), (b.id, "business")])
        assert all(r["step"] == "who" and r["respondent"] == me.id for r in rows)

    run(store, body)


def test_forged_token_someone_absent_and_a_moved_room_are_refused_and_write_nothing(store: PlanStore) -> None:
    async def body(client: TestClient, room: Room, base: str, actors: list[Any]) -> None:
        me, a = actors[0], actors[1]
        fields = form(await (await client.get(base, params={"who": me.id})).text(), "network")
        forged = "/r/" + "a" * 12 + "/"
        assert (await client.post(forged + "network", data=post_data(fields, [a.id]))).status == 404
        assert (await client.get(forged)).status == 404
        absent = dict(fields, who=actors[6].id)  # not present, not this phone's check-in
        answer = await client.post(base + "network", data=post_data(absent, [a.id]))
        assert answer.status == 400 and "choose your name" in (await answer.text()).lower()
        bad_kind = dict(fields, kind="gossip")
        assert (await client.post(base + "network", data=post_data(bad_kind, [a.id]), headers=JSON)).status == 400
        unknown = await client.post(base + "network", data=post_data(fields, ["stk-nobody"]), headers=JSON)
        assert unknown.status == 409
        room.follow("ideas")
        moved = await client.post(base + "network", data=post_data(fields, [a.id]), headers=JSON)
        assert moved.status == 409
        assert on_disk(room.handle) == []

    run(store, body)


def test_a_confirmed_check_in_answers_without_picking(store: PlanStore) -> None:
    absent: dict[str, str] = {}

    async def body(client: TestClient, room: Room, base: str, actors: list[Any]) -> None:
        await client.get(base)  # the phone joins: its cookie
        device = next(iter(room.devices))
        checkin = attendance.check_in(room.session, device, name="Someone")
        attendance.confirm_checkin(room.session, checkin.id, actors[6].id)
        absent["id"] = actors[6].id
        page = await (await client.get(base)).text()
        fields = form(page, "network")
        assert fields["who"] == actors[6].id
        assert (await client.post(base + "network", data=post_data(fields, [actors[0].id]),
                                  headers=JSON)).status == 200

    handle = run(store, body)
    assert [(r["respondent"], r["partner"]) for r in on_disk(handle)] == [(absent["id"], store.plan.stakeholders[0].id)]
