"""Capture one idea and have it on disk, in a session of 1,000 ideas, against one atomic write of the file.

Goal (QUALITY.md): p50 ≤ 10 ms. Run: python bench/bench_capture.py
"""

from __future__ import annotations

import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path

from facilitator import tomlio
from facilitator.model import Contribution, Session, new_id
from facilitator.store import PlanStore

IDEAS = 1000
SAMPLES = 200


def contribution(n: int) -> Contribution:
    return Contribution(id=new_id("ctb"), step="swot", category="weakness",
                        text=f"Idea {n}: weak coordination between hotels and tour operators in the low season",
                        created=dt.datetime(2026, 11, 22, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=-3))))


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = PlanStore.create(Path(tmp) / "plan", "Bench Cluster")
        handle = store.new_session(Session(id=new_id("ses"), workshop="joint-diagnosis", title="Bench",
                                           date=dt.date(2026, 11, 22), status="open"))
        handle.model.contributions = [contribution(n) for n in range(IDEAS)]
        store.save_session(handle)
        size = handle.path.stat().st_size

        capture = []
        for n in range(SAMPLES):
            t0 = time.perf_counter()
            handle.model.contributions = [*handle.model.contributions, contribution(IDEAS + n)]
            store.save_session(handle)
            capture.append(time.perf_counter() - t0)

        data = handle.path.read_bytes()
        reference = []
        for _ in range(SAMPLES):
            t0 = time.perf_counter()
            tomlio.atomic_write(handle.path.with_name("reference.toml"), data)
            reference.append(time.perf_counter() - t0)
        store.close()

    p50, p95 = statistics.median(capture) * 1000, sorted(capture)[int(SAMPLES * 0.95)] * 1000
    r50 = statistics.median(reference) * 1000
    print(f"session file: {size / 1024:.0f} kB, {IDEAS}+ ideas")
    print(f"capture to disk:   p50 {p50:.1f} ms  p95 {p95:.1f} ms   (goal p50 ≤ 10 ms)")
    print(f"one atomic write:  p50 {r50:.1f} ms")
    print(f"ratio p50 capture / atomic write: {p50 / r50:.1f}×")


if __name__ == "__main__":
    main()
