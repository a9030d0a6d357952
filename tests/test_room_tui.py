"""The runner's side of the room, driven by real keys with the app's room listening on loopback: F6 opens it
on the current step, phones post over real HTTP, their ideas land in the brainstorm view and on disk once,
the room follows the runner's steps, ctrl+y hides a note from the wall (kept on disk), review holds phone
ideas for approval, and leaving the runner or quitting the app stops the room listening (the port refuses).

Assertions read the session file back with the independent `tomllib`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from pilot import pilot_test, plain, type_text, until
from test_runner import FrozenClock, goto_step, open_runner, read, start_session
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static

from facilitator import app as app_module
from facilitator.app import ClusterApp
from facilitator.engine import agenda, capture, clock, sessions
from facilitator.screens import room_panel
from facilitator.screens.attendance_list import AttendanceList
from facilitator.screens.confirm import ConfirmScreen
from facilitator.screens.dashboard import DashboardScreen
from facilitator.screens.new_session import AttendanceDialog
from facilitator.screens.room_panel import RoomDialog
from facilitator.screens.runner import RunnerScreen
from facilitator.screens.step_brainstorm import BrainstormView

JSON = {"Accept": "application/json"}


@pytest.fixture(autouse=True)
def loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    """The room on loopback and a free port: tests send no traffic beyond this machine, and run side by side."""
    monkeypatch.setattr(room_panel, "HOST", "127.0.0.1")
    monkeypatch.setattr(room_panel, "PORT", 0)
    monkeypatch.setattr(app_module, "DISK_CHECK_SECONDS", 3600.0)


@pytest.fixture
def frozen(monkeypatch: pytest.MonkeyPatch) -> FrozenClock:
    """The workshop's clock, fixed (as in tests/test_runner.py)."""
    fake = FrozenClock()
    for module in (clock, agenda, capture, sessions):
        monkeypatch.setattr(module, "now", fake)
    return fake


def decode_terminal_qr(text: str) -> list[str]:
    """What a phone's camera reads from the QR code as the dialog draws it: each character cell becomes
    4×8 pixels, a full block white, a half block white in its half, a blank black (the terminal's background)."""
    import zxingcpp
    from PIL import Image, ImageDraw

    lines = text.splitlines()
    image = Image.new("L", (4 * max(len(line) for line in lines) + 40, 8 * len(lines) + 40), 0)
    draw = ImageDraw.Draw(image)
    for y, line in enumerate(lines):
        for x, char in enumerate(line):
            left, top = 20 + 4 * x, 20 + 8 * y
            if char == "█":
                draw.rectangle((left, top, left + 3, top + 7), fill=255)
            elif char == "▀":
                draw.rectangle((left, top, left + 3, top + 3), fill=255)
            elif char == "▄":
                draw.rectangle((left, top + 4, left + 3, top + 7), fill=255)
    return [code.text for code in zxingcpp.read_barcodes(image)]


async def open_room(pilot: Pilot[Any], screen: RunnerScreen) -> str:
    """F6 on the runner: the room opens and its dialog shows the join address; back to the step."""
    await pilot.press("f6")
    await until(pilot, lambda: isinstance(pilot.app.screen, RoomDialog))
    server = screen.link.server
    assert server is not None and screen.link.is_open
    dialog = pilot.app.screen
    assert server.join_url in plain(dialog.query_one("#room-join", Static))
    assert server.wall_url in plain(dialog.query_one("#room-side", Static))
    # The QR code as drawn (small or large by the screen's size) leads to the join page, whole on the screen.
    assert decode_terminal_qr(plain(dialog.query_one("#room-qr", Static))) == [server.join_url]
    region, size = dialog.query_one("#room-qr").region, pilot.app.size
    assert region.bottom <= size.height and region.right <= size.width
    await pilot.press("escape")
    await until(pilot, lambda: pilot.app.screen is screen)
    return server.join_url


async def post_idea(http: aiohttp.ClientSession, join: str, step: str, text: str, key: str,
                    category: str | None = None) -> tuple[int, dict[str, Any]]:
    data = {"step": step, "text": text, "key": key}
    if category:
        data["category"] = category
    async with http.post(join + "idea", data=data, headers=JSON) as response:
        return response.status, json.loads(await response.text())


async def refused(url: str) -> bool:
    """True when nothing listens at ``url`` any more."""
    try:
        async with aiohttp.ClientSession() as http, http.get(url, timeout=aiohttp.ClientTimeout(total=2)):
            return False
    except aiohttp.ClientConnectionError:
        return True


def phone() -> aiohttp.ClientSession:
    """A phone's browser: it keeps the room's cookie (its device id), on an IP address as phones do."""
    return aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))


def notes_in_view(view: BrainstormView) -> list[str]:
    options = view.query_one("#bs-notes", OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


@pilot_test
async def test_phones_send_ideas_into_the_runner_and_the_room_follows_and_closes(
        example_plan: Path, frozen: FrozenClock) -> None:
    path = start_session(example_plan)
    app = ClusterApp(example_plan)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_runner(pilot, path)
        await goto_step(pilot, screen, "swot")
        join = await open_room(pilot, screen)
        room = screen.link.room
        assert room is not None and room.step_id == "swot"
        view = screen.query_one(BrainstormView)
        async with phone() as http:
            async with http.get(join) as page:  # the phone's page: it joins
                assert page.status == 200
            status, answer = await post_idea(http, join, "swot", "Vendimia <b>tardía</b>", "key-aaaaaaaa",
                                             "strength")
            assert status == 200 and answer["ok"] and not answer["again"]
            again = await post_idea(http, join, "swot", "Vendimia <b>tardía</b>", "key-aaaaaaaa", "strength")
            assert again[1]["again"] and again[1]["id"] == answer["id"]  # a retry writes nothing twice
            await until(pilot, lambda: any("Vendimia" in n for n in notes_in_view(view)))
            on_disk = [c for c in read(path)["contributions"] if c["text"] == "Vendimia <b>tardía</b>"]
            assert len(on_disk) == 1 and on_disk[0]["category"] == "strength" and on_disk[0]["device"]
            assert "phone" in next(n for n in notes_in_view(view) if "Vendimia" in n)
            assert "1 phone" in plain(screen.query_one("#runner-status", Static))

            # The facilitator types meanwhile: the TUI keeps responding, and both writers' notes are on disk.
            await type_text(pilot, "Riego escaso")
            await pilot.press("enter")
            await until(pilot, lambda: "Riego escaso" in [c["text"] for c in read(path)["contributions"]])
            assert [c["text"] for c in read(path)["contributions"]].count("Vendimia <b>tardía</b>") == 1

            # A forged token opens nothing.
            forged = join.replace(room.token, "a" * len(room.token))
            async with http.get(forged) as page:
                assert page.status == 404 and "<form" not in await page.text()

            # The room follows the runner to the next step.
            await pilot.press("pagedown")
            await until(pilot, lambda: room.step_id == "diamond")
            async with http.get(join + "wall/board") as board:
                assert board.status == 200

        # Leaving the runner closes the room: the port refuses and the token is dead.
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(pilot.app.screen, RunnerScreen))
        assert not room.is_open
        assert await refused(join)


@pilot_test
async def test_hide_and_review_keep_notes_off_the_wall_but_on_disk(example_plan: Path, frozen: FrozenClock) -> None:
    path = start_session(example_plan)
    app = ClusterApp(example_plan)
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await open_runner(pilot, path)
        await goto_step(pilot, screen, "swot")
        join = await open_room(pilot, screen)
        view = screen.query_one(BrainstormView)
        async with phone() as http:
            status, hidden = await post_idea(http, join, "swot", "Insulto al vecino", "key-bbbbbbbb", "threat")
            assert status == 200
            await until(pilot, lambda: any("Insulto" in n for n in notes_in_view(view)))
            # Select it (the newest note of its quadrant) and hide it: ctrl+y.
            view.selected = hidden["id"]
            await pilot.press("ctrl+y")
            await until(pilot, lambda: any(c.get("moderation") == "hidden" for c in read(path)["contributions"]))
            note = next(c for c in read(path)["contributions"] if c["id"] == hidden["id"])
            assert note["text"] == "Insulto al vecino"  # kept in the record, never deleted
            async with http.get(join + "wall") as wall:
                assert "Insulto" not in await wall.text()
            assert all("Insulto" not in line for line in view.room_lines())

            # Review before showing: r in the room dialog; a phone idea then waits for approval.
            await pilot.press("f6")
            await until(pilot, lambda: isinstance(pilot.app.screen, RoomDialog))
            await pilot.press("r")
            await until(pilot, lambda: read(path).get("review") == ["swot"])
            await pilot.press("escape")
            await until(pilot, lambda: pilot.app.screen is screen)
            status, held = await post_idea(http, join, "swot", "Falta de agua", "key-cccccccc", "weakness")
            assert status == 200
            note = next(c for c in read(path)["contributions"] if c["id"] == held["id"])
            assert note["moderation"] == "waiting"
            async with http.get(join + "wall") as wall:
                assert "Falta de agua" not in await wall.text()
            await until(pilot, lambda: "1 waiting" in plain(screen.query_one("#runner-status", Static)))
            # ctrl+y on the waiting note approves it: the wall shows it.
            view.selected = held["id"]
            await pilot.press("ctrl+y")
            await until(pilot, lambda: "moderation" not in next(
                c for c in read(path)["contributions"] if c["id"] == held["id"]))
            async with http.get(join + "wall") as wall:
                assert "Falta de agua" in await wall.text()

            # F6 twice closes the room; with a phone connected it asks first.
            await pilot.press("f6")
            await until(pilot, lambda: isinstance(pilot.app.screen, RoomDialog))
            await pilot.press("f6")
            await until(pilot, lambda: isinstance(pilot.app.screen, ConfirmScreen))
            await pilot.press("n")
            await until(pilot, lambda: pilot.app.screen is screen)
            assert screen.link.is_open
            await pilot.press("f6")
            await until(pilot, lambda: isinstance(pilot.app.screen, RoomDialog))
            await pilot.press("f6")
            await until(pilot, lambda: isinstance(pilot.app.screen, ConfirmScreen))
            await pilot.press("y")
            await until(pilot, lambda: not screen.link.is_open)
        assert await refused(join)
        assert screen.query_one("#capture", Input).has_focus


@pilot_test
async def test_quitting_the_app_closes_the_room(example_plan: Path, frozen: FrozenClock) -> None:
    path = start_session(example_plan)
    app = ClusterApp(example_plan)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_runner(pilot, path)
        await goto_step(pilot, screen, "swot")
        join = await open_room(pilot, screen)
        assert not await refused(join)
        await pilot.press("ctrl+q")
    assert await refused(join)



@pilot_test
async def test_closing_the_session_closes_the_room(example_plan: Path, frozen: FrozenClock) -> None:
    path = start_session(example_plan)
    app = ClusterApp(example_plan)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_runner(pilot, path)
        await goto_step(pilot, screen, "swot")
        join = await open_room(pilot, screen)
        async with phone() as http:
            assert (await post_idea(http, join, "swot", "Cooperativa fuerte", "key-dddddddd", "strength"))[0] == 200
        await pilot.press("f10")
        await pilot.pause()
        await pilot.press("y")
        await until(pilot, lambda: isinstance(app.screen, DashboardScreen))
        assert await refused(join)
    session = read(path)
    assert session["status"] == "closed"
    assert [c["text"] for c in session["contributions"]].count("Cooperativa fuerte") == 1


def test_a_hidden_note_is_no_vote_option_for_phones(tmp_path: Path) -> None:
    """Moderation in the room itself (no TUI): a hidden note leaves the phone's vote form and the wall, and
    dots sent on it (a page loaded before it was hidden) are refused; the note stays on disk."""
    from aiohttp.test_utils import TestClient
    from test_room import _notes, run

    from facilitator.room.core import Room
    from facilitator.room.moderation import toggle
    from facilitator.store import PlanStore

    async def body(client: TestClient, room: Room, base: str) -> None:
        notes = {n.text: n.id for n in room.session.contributions}
        toggle(room.session, notes["Caminos"])
        room.store.save_session(room.handle)
        html = await (await client.get(base)).text()
        assert f'name="dots-{notes["Clima"]}"' in html and f'name="dots-{notes["Caminos"]}"' not in html
        assert "Caminos" not in await (await client.get(base + "wall")).text()
        forged = await client.post(base + "vote", headers=JSON,
                                   data={"step": "vote-swot", f"dots-{notes['Caminos']}": "1"})
        assert forged.status == 409

    store = PlanStore.create(tmp_path / "plan", "Cluster del Vino", language="es")
    try:
        handle = run(store, "vote-swot", body, setup=_notes)
    finally:
        store.close()
    data = read(handle.path)
    caminos = next(c for c in data["contributions"] if c["text"] == "Caminos")
    assert caminos["moderation"] == "hidden" and caminos.get("votes", 0) == 0
    assert "ballots" not in data


@pilot_test
async def test_phone_check_ins_are_confirmed_into_the_attendance(example_plan: Path, frozen: FrozenClock) -> None:
    path = start_session(example_plan)  # the first five stakeholders present; Valeria Gonçalves is not
    app = ClusterApp(example_plan)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_runner(pilot, path)
        await goto_step(pilot, screen, "swot")
        join = await open_room(pilot, screen)
        for fields in ({"name": "valeria goncalves", "key": "chk-key-1"},
                       {"name": "Tomás Rivero", "organization": "Cooperativa Agrícola", "kind": "firm",
                        "size": "small", "gender": "m", "key": "chk-key-2"}):
            async with phone() as http, http.post(join + "checkin", data=fields, headers=JSON) as answer:
                assert answer.status == 200
        before = path.read_bytes()

        # Escape drops the confirmations (asked first): nothing written.
        await pilot.press("ctrl+t")
        await until(pilot, lambda: isinstance(app.screen, AttendanceDialog))
        assert "2 check-ins from phones" in plain(app.screen.query_one("#att-phones", Static))
        await pilot.press("ctrl+o")
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await until(pilot, lambda: app.screen is screen)
        assert path.read_bytes() == before

        await pilot.press("ctrl+t")
        await until(pilot, lambda: isinstance(app.screen, AttendanceDialog))
        await pilot.press("ctrl+o")
        await pilot.press("ctrl+o")
        listed = app.screen.query_one("#att-people", AttendanceList)
        assert any("self-reported" in str(o.prompt) and "Rivero" in str(o.prompt)
                   for o in (listed.get_option_at_index(i) for i in range(listed.option_count)))
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is screen)
    plan, session = read(example_plan / "plan.toml"), read(path)
    people = {s["name"]: s for s in plan["stakeholders"]}
    tomas = people["Tomás Rivero"]
    assert (tomas["organization"], tomas["kind"], tomas["size"], tomas["gender"]) == (
        "Cooperativa Agrícola", "firm", "small", "m")
    present = {a["stakeholder"] for a in session["attendance"] if a.get("present", True)}
    assert people["Valeria Gonçalves"]["id"] in present and tomas["id"] in present
    assert {c["name"]: c["stakeholder"] for c in session["checkins"]} == {
        "valeria goncalves": people["Valeria Gonçalves"]["id"], "Tomás Rivero": tomas["id"]}


@pilot_test
async def test_h_moves_the_room_to_the_laptops_other_address_with_the_same_token(
        example_plan: Path, frozen: FrozenClock, monkeypatch: pytest.MonkeyPatch) -> None:
    from facilitator.room import network

    monkeypatch.setattr(room_panel, "HOST", None)  # chosen from the interfaces: here two loopback addresses
    monkeypatch.setattr(network, "lan_addresses", lambda: [network.Address("127.0.0.1", "wlan0"),
                                                          network.Address("127.0.0.2", "eth0")])
    path = start_session(example_plan)
    app = ClusterApp(example_plan)
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await open_runner(pilot, path)
        await goto_step(pilot, screen, "swot")
        await pilot.press("f6")
        await until(pilot, lambda: isinstance(app.screen, RoomDialog))
        first = screen.link.server
        assert first is not None and first.host == "127.0.0.1" and "127.0.0.2 (eth0)" in plain(
            app.screen.query_one("#room-side", Static))
        token = screen.link.room.token
        await pilot.press("h")
        await until(pilot, lambda: screen.link.server is not first and screen.link.server is not None)
        moved = screen.link.server
        assert moved.host == "127.0.0.2" and screen.link.room.token == token
        assert "127.0.0.2" in plain(app.screen.query_one("#room-join", Static))  # the QR and address follow
        async with aiohttp.ClientSession() as http:
            async with http.get(moved.join_url) as answer:
                assert answer.status == 200
            with pytest.raises(aiohttp.ClientConnectionError):  # only one address listens at a time
                async with http.get(f"http://127.0.0.1:{first.port}/r/{token}/"):
                    pass
        await pilot.press("escape")
