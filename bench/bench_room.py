"""A crowd of phones on the room, on loopback: 60 phones send 5 ideas each at once (and each resends one,
as a phone does when its Wi-Fi drops), against the room served in this process's event loop, which stands
for the TUI's.

Goals (issue 11): every idea on disk exactly once; p95 time to "received" ≤ 150 ms; the loop serving the
room never held over 100 ms (the TUI keeps drawing). The phones run in a child process, so their own work
does not count against the room's loop. Run: python bench/bench_room.py
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import statistics
import sys
import tempfile
import time
import tomllib
from pathlib import Path

PHONES = 60
IDEAS = 5
CATEGORIES = ("strength", "weakness", "opportunity", "threat")


async def phones(url: str) -> None:
    """The child process: the phones, each with its own cookies; prints the latencies (ms) as JSON."""
    import aiohttp

    headers = {"Accept": "application/json"}
    latencies: list[float] = []
    failures: list[int] = []

    async def phone(n: int, session: aiohttp.ClientSession, go: asyncio.Event) -> None:
        async with session.get(url) as page:  # joins: gets its id
            await page.read()
        await go.wait()
        for i in range(IDEAS + 1):
            k = min(i, IDEAS - 1) if i < IDEAS else 0  # the last send repeats the first: a retry
            data = {"key": f"bench-{n:03d}-{k}", "step": "swot", "category": CATEGORIES[k % 4],
                    "text": f"Phone {n} idea {k}: more direct flights and a shared booking calendar"}
            t0 = time.perf_counter()
            async with session.post(url + "idea", data=data, headers=headers) as answer:
                body = await answer.json()
            latencies.append((time.perf_counter() - t0) * 1000)
            if answer.status != 200 or not body.get("ok"):
                failures.append(answer.status)

    connector = aiohttp.TCPConnector(limit=0)
    sessions = [aiohttp.ClientSession(connector=connector, connector_owner=False,
                                      cookie_jar=aiohttp.CookieJar(unsafe=True)) for _ in range(PHONES)]
    go = asyncio.Event()
    tasks = [asyncio.create_task(phone(n, s, go)) for n, s in enumerate(sessions)]
    await asyncio.sleep(1.0)  # every phone has joined
    t0 = time.perf_counter()
    go.set()
    await asyncio.gather(*tasks)
    wall = time.perf_counter() - t0
    for s in sessions:
        await s.close()
    await connector.close()
    print(json.dumps({"latencies": latencies, "failures": failures, "seconds": wall}))


async def room() -> None:
    from facilitator.engine import sessions
    from facilitator.kits import load_kits
    from facilitator.room.core import Room
    from facilitator.room.web import RoomServer
    from facilitator.store import PlanStore

    with tempfile.TemporaryDirectory() as tmp:
        store = PlanStore.create(Path(tmp) / "plan", "Cluster de Turismo", language="es")
        kit = load_kits(store.folder).get("joint-diagnosis")
        assert kit is not None
        handle = sessions.start(store, kit, dt.date(2026, 3, 12))
        server = RoomServer(Room(store, handle, kit, "swot"), "127.0.0.1", 0)
        await server.start()

        held = [0.0]

        async def watch() -> None:  # how late a 5 ms timer fires: what the TUI's frames would wait
            while True:
                t0 = time.perf_counter()
                await asyncio.sleep(0.005)
                held[0] = max(held[0], (time.perf_counter() - t0) * 1000 - 5)

        watcher = asyncio.create_task(watch())
        child = await asyncio.create_subprocess_exec(sys.executable, __file__, "--phones", server.join_url,
                                                     stdout=asyncio.subprocess.PIPE)
        out, _err = await child.communicate()
        watcher.cancel()
        await server.stop()
        result = json.loads(out)
        notes = tomllib.loads(handle.path.read_text(encoding="utf-8")).get("contributions", [])
        store.close()

    texts = [n["text"] for n in notes]
    expected = {f"Phone {n} idea {k}: more direct flights and a shared booking calendar"
                for n in range(PHONES) for k in range(IDEAS)}
    lat = sorted(result["latencies"])
    p95 = lat[int(len(lat) * 0.95) - 1]
    print(f"phones {PHONES} x ideas {IDEAS} (+1 retry each): {len(lat)} posts in {result['seconds']:.2f} s, "
          f"{len(result['failures'])} refused")
    print(f"on disk: {len(texts)} notes, {len(set(texts) & expected)} of {len(expected)} ideas, "
          f"{len(texts) - len(set(texts))} duplicates; {server.room.saves} writes of the session file")
    print(f"time to 'received': p50 {statistics.median(lat):.0f} ms, p95 {p95:.0f} ms (goal ≤ 150), "
          f"max {lat[-1]:.0f} ms")
    print(f"room's event loop held at most {held[0]:.0f} ms (goal ≤ 100: the TUI keeps drawing)")
    ok = (set(texts) == expected and len(texts) == len(expected) and not result["failures"] and p95 <= 150
          and held[0] <= 100)
    print("OK" if ok else "GOAL MISSED")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--phones":
        asyncio.run(phones(sys.argv[2]))
    else:
        asyncio.run(room())
