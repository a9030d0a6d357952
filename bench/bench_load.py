"""Open a plan of 20 sessions and 5,000 contributions, against `tomllib` parsing the same files.

Goal (QUALITY.md): ≤ 3× tomllib and ≤ 1 s. "Open" is what the dashboard needs: plan.toml and every
session file read and validated (the editable tomlkit document is parsed on the first save; that cost is
printed separately). Also prints load time at 1×, 4× and 16×
the example plan's size, which should grow linearly. Run: python bench/bench_load.py
"""

from __future__ import annotations

import datetime as dt
import statistics
import tempfile
import time
import tomllib
from pathlib import Path

from facilitator.example import copy_example
from facilitator.model import Contribution, Session, new_id
from facilitator.store import PlanStore

RUNS = 5


def best(fn, runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def open_plan(folder: Path) -> None:
    store = PlanStore.open(folder, read_only=True)
    store.session_summaries()


def tomllib_only(folder: Path) -> None:
    for path in [folder / "plan.toml", *sorted((folder / "sessions").glob("*.toml"))]:
        tomllib.loads(path.read_text(encoding="utf-8"))


def grow_sessions(folder: Path, sessions: int, contributions: int) -> None:
    """Add session files until the folder holds ``sessions`` sessions and ``contributions`` notes in all."""
    with PlanStore.open(folder) as store:
        existing = store.session_summaries()
        have = sum(len(s.session.contributions) for s in existing if s.session)
        extra = sessions - len(existing)
        per = max(0, (contributions - have) // max(extra, 1))
        ids = [s.id for s in store.plan.stakeholders]
        tz = dt.timezone(dt.timedelta(hours=-3))
        for n in range(extra):
            day = dt.date(2027, 1, 1) + dt.timedelta(days=7 * n)
            session = Session(id=new_id("ses"), workshop="joint-diagnosis", title=f"Breakout {n + 1}", date=day,
                              status="closed")
            session.contributions = [
                Contribution(id=new_id("ctb"), step="swot", category=("strength", "weakness")[i % 2],
                             text=f"Note {i}: suppliers and hotels do not share booking data in the low season",
                             author=ids[i % len(ids)], votes=i % 7,
                             created=dt.datetime(day.year, day.month, day.day, 10, i % 60, tzinfo=tz))
                for i in range(per)]
            store.new_session(session)


def scale_plan(folder: Path, factor: int) -> None:
    """Multiply the plan's objectives, indicators and actions (fresh ids and codes) by ``factor``."""
    with PlanStore.open(folder) as store:
        plan = store.plan
        objectives, indicators, actions = list(plan.objectives), list(plan.indicators), list(plan.actions)
        for k in range(2, factor + 1):
            remap = {}
            for o in plan.objectives:
                new = o.model_copy(update={"id": new_id("obj"), "code": f"{o.code}x{k}"})
                remap[o.id] = new.id
                objectives.append(new)
            for i in plan.indicators:
                indicators.append(i.model_copy(update={"id": new_id("ind"), "code": f"{i.code}x{k}",
                                                       "objective": remap[i.objective]}))
            for a in plan.actions:
                actions.append(a.model_copy(update={"id": new_id("act"), "code": f"{a.code}x{k}",
                                                    "objectives": [remap[o] for o in a.objectives]}))
        plan.objectives, plan.indicators, plan.actions = objectives, indicators, actions
        store.save_plan()


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = copy_example(Path(tmp) / "big")
        grow_sessions(folder, 20, 5000)
        n_sessions = len(list((folder / "sessions").glob("*.toml")))
        size = sum(p.stat().st_size for p in folder.rglob("*.toml") if "history" not in p.parts)
        ours, ref = best(lambda: open_plan(folder)), best(lambda: tomllib_only(folder))
        print(f"plan of {n_sessions} sessions, ~5,000 contributions, {size / 1024:.0f} kB of TOML")
        print(f"open (read + validate every file):       {ours * 1000:7.1f} ms   (goal ≤ 1000 ms)")
        print(f"tomllib parsing the same files:          {ref * 1000:7.1f} ms")
        print(f"ratio: {ours / ref:.2f}×   (goal ≤ 3×)")

        def first_edit() -> None:
            with PlanStore.open(folder) as store:
                store.plan.cluster.sector = store.plan.cluster.sector + " "
                store.save_plan()
        print(f"first edit of plan.toml (tomlkit parse + patch + write): {best(first_edit) * 1000:.1f} ms")

        print("\nscaling (plan.toml with objectives, indicators, actions multiplied):")
        base = None
        for factor in (1, 4, 16):
            f = copy_example(Path(tmp) / f"x{factor}")
            if factor > 1:
                scale_plan(f, factor)
            t = best(lambda f=f: open_plan(f))
            base = base or t
            kb = (f / "plan.toml").stat().st_size / 1024
            print(f"  {factor:2d}×  plan.toml {kb:6.0f} kB   open {t * 1000:7.1f} ms   ({t / base:.1f}× the 1× time)")


if __name__ == "__main__":
    main()
