"""The collaboration network at 500 actors and 5,000 ties: measures ≤ 1 s, the PDF's figure ≤ 3 s (issue 14).

A plan of 500 stakeholders (firms, institutions, government) and two waves of 5,000 ties each (the follow-up
keeps four fifths of the baseline and adds new ones) is written through the store, reopened, and measured:
one wave alone (the goal), both waves with the change between them, and recording the indicators fed by a
network measure; then the plan PDF's network chapter is built (measures, layout and SVG of the figure,
the goal), and the figure alone laid out by WeasyPrint on a page (for information). Also prints the time to open the plan, since the ties live in plan.toml.
Run: python bench/bench_network.py
"""

from __future__ import annotations

import os
import random
import statistics
import tempfile
import time
from pathlib import Path

import weasyprint

from facilitator import network
from facilitator.export.context.network import network_section
from facilitator.export.formatting import Fmt
from facilitator.model import Indicator, Objective, Stakeholder, Tie, new_id
from facilitator.store import PlanStore

ACTORS, TIES, RUNS = 500, 5_000, 3
KINDS = ["firm"] * 7 + ["association", "university", "government", "finance", "research"]


def median_time(fn, runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def build(folder: Path) -> None:
    rng = random.Random(14)
    store = PlanStore.create(folder, "Benchmark network", language="es")
    people = [Stakeholder(id=new_id("stk"), name=f"Actor {i:03d}", kind=rng.choice(KINDS),
                          segment=rng.choice(["wine", "tourism", "crafts", ""])) for i in range(ACTORS)]
    ids = [p.id for p in people]

    def pairs(n: int, keep: set[frozenset[str]]) -> set[frozenset[str]]:
        out = set(keep)
        while len(out) < n:
            a, b = rng.sample(ids, 2)
            out.add(frozenset((a, b)))
        return out

    base = pairs(TIES, set())
    follow = pairs(TIES, set(rng.sample(sorted(base, key=sorted), TIES * 4 // 5)))
    kinds = ["knowledge", "business", "projects", "information"]
    store.plan.stakeholders = people
    store.plan.network.ties = [Tie(id=new_id("tie"), wave=wave, actor=min(p), partner=max(p), kind=rng.choice(kinds))
                               for wave, ps in (("2025-03", base), ("2027-03", follow))
                               for p in sorted(ps, key=sorted)]
    store.plan.objectives = [Objective(id="obj-aaaaaa", code="O1", title="More collaboration")]
    store.plan.indicators = [Indicator(id="ind-aaaaaa", code="I1", objective="obj-aaaaaa", name="Density",
                                       network_measure="density")]
    store.save_plan()
    store.close()


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "plan"
        build(folder)
        opening = median_time(lambda: PlanStore.open(folder, read_only=True).close())
        store = PlanStore.open(folder)
        one = median_time(lambda: network.report(store.plan, ["2025-03"]))
        both = median_time(lambda: network.report(store.plan))
        record = median_time(lambda: network.recorded(store.plan))
        section: dict = {}

        def chapter() -> None:
            section.update(network_section(store.plan, Fmt("es")) or {})

        drawn = median_time(chapter)
        svg = str(section["figure"])
        if os.environ.get("NETWORK_SVG"):
            Path(os.environ["NETWORK_SVG"]).write_text(svg, encoding="utf-8")
        html = f'<html><body style="margin:0">{svg}</body></html>'
        paged = median_time(lambda: weasyprint.HTML(string=html).write_pdf(), runs=1)
        store.close()
    print(f"{ACTORS} actors, {TIES} ties per wave, plan.toml of {2 * TIES} ties")
    print(f"measures of one wave          {one:6.2f} s   (goal ≤ 1 s) {'OK' if one <= 1 else 'SLOW'}")
    print(f"two waves and their change    {both:6.2f} s")
    print(f"indicator measurements         {record:6.2f} s")
    print(f"PDF chapter with its figure   {drawn:6.2f} s   (goal ≤ 3 s) {'OK' if drawn <= 3 else 'SLOW'}")
    print(f"  the figure: {svg.count('<line')} ties, {svg.count('<circle')} nodes, "
          f"{svg.count('<text')} labels; on a PDF page (WeasyPrint) {paged:.2f} s")
    print(f"open the plan (read-only)     {opening:6.2f} s")


if __name__ == "__main__":
    main()
