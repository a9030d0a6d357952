"""Benchmark: exporting the example plan to PDF, against WeasyPrint alone rendering the same HTML.

Run by hand (not a test):  python bench/bench_export.py [--runs 3] [--sizes 1,4,16]

1. The example plan: `export_plan` (open, check, context, HTML, PDF, atomic write) against WeasyPrint
   alone laying out and writing the very same HTML with the same fetcher, stylesheets, PDF options and
   embedded files (every TOML file of the plan folder). Goal (docs/QUALITY.md): ratio <= 1.2.
2. Scaling: the example with its objectives, indicators and actions multiplied (fresh ids and codes)
   to 4x and 16x; time per export and per page should grow linearly.
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from facilitator.example import copy_example
from facilitator.export import export_plan, plan_files
from facilitator.model import new_id
from facilitator.store import PlanStore


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def weasyprint_alone(folder: Path) -> Callable[[], int]:
    """A function that renders the export's own HTML with WeasyPrint only (the reference)."""
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    from facilitator import i18n
    from facilitator.export.context import build_context
    from facilitator.export.html import STYLESHEET, render_html, render_page_css
    from facilitator.export.pdf import PDF_VARIANT, base_url, make_fetcher
    from facilitator.kits import load_kits

    store = PlanStore.open(folder, read_only=True)
    sessions = [s.session for s in store.session_summaries() if s.session is not None]
    i18n.set_language(store.plan.language)
    context = build_context(store.plan, sessions, store.plan.language, kits=load_kits(store.folder).kits)
    html, page_css = render_html(context), render_page_css(context)
    files = plan_files(store.folder, store.plan_path.read_bytes())
    store.close()
    base = base_url()

    def run() -> int:
        fetcher = make_fetcher()
        fonts = FontConfiguration()
        sheets = [weasyprint.CSS(url=base + STYLESHEET, url_fetcher=fetcher, font_config=fonts),
                  weasyprint.CSS(string=page_css, base_url=base, url_fetcher=fetcher, font_config=fonts)]
        document = weasyprint.HTML(string=html, base_url=base, url_fetcher=fetcher).render(
            font_config=fonts, stylesheets=sheets)
        document.write_pdf(pdf_variant=PDF_VARIANT, attachments=[
            weasyprint.Attachment(string=data, name=name, url_fetcher=fetcher) for name, data in files])
        return len(document.pages)

    return run


def multiply(folder: Path, factor: int) -> None:
    """Make the plan ``factor`` times larger: copies of every objective, with its indicators and actions."""
    store = PlanStore.open(folder)
    try:
        plan = store.plan
        objectives, indicators, actions = list(plan.objectives), list(plan.indicators), list(plan.actions)
        new_objectives, new_indicators, new_actions = list(objectives), list(indicators), list(actions)
        for k in range(2, factor + 1):
            ids = {o.id: new_id("obj") for o in objectives}
            new_objectives += [o.model_copy(update={"id": ids[o.id], "code": f"{o.code}-{k}"}) for o in objectives]
            new_indicators += [i.model_copy(update={"id": new_id("ind"), "code": f"{i.code}-{k}",
                                                    "objective": ids.get(i.objective, i.objective)})
                               for i in indicators]
            new_actions += [a.model_copy(update={"id": new_id("act"), "code": f"{a.code}-{k}",
                                                 "objectives": [ids.get(o, o) for o in a.objectives]})
                            for a in actions]
        plan.objectives, plan.indicators, plan.actions = new_objectives, new_indicators, new_actions
        store.save_plan()
    finally:
        store.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each side for the example (default 3)")
    parser.add_argument("--sizes", default="1,4,16", help="plan sizes for the scaling part (default 1,4,16)")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    logging.getLogger("weasyprint").setLevel(logging.ERROR)

    with tempfile.TemporaryDirectory(prefix="bench-export-") as tmp:
        root = Path(tmp)
        folder = copy_example(root / "example")
        out = root / "out.pdf"
        reference = weasyprint_alone(folder)
        print("warm-up (imports, font files) ...", flush=True)
        export_plan(folder, out)
        reference()

        ours, theirs, pages = [], [], 0
        for _ in range(args.runs):  # interleaved, so drift in machine load hits both sides alike
            seconds, _path = _timed(lambda: export_plan(folder, out))
            ours.append(seconds)
            seconds, pages = _timed(reference)
            theirs.append(seconds)
        a, b = statistics.median(ours), statistics.median(theirs)
        print(f"\nexample plan, {pages} pages, median of {args.runs} runs")
        print(f"  export_plan         {a:7.2f} s   ({', '.join(f'{x:.2f}' for x in ours)})")
        print(f"  WeasyPrint alone    {b:7.2f} s   ({', '.join(f'{x:.2f}' for x in theirs)})")
        print(f"  ratio               {a / b:7.2f}    (goal <= 1.20)")
        print(f"  PDF size            {out.stat().st_size / 1024:7.0f} kB, {len(plan_files(folder))} files embedded "
              f"({sum(len(d) for _n, d in plan_files(folder)) / 1024:.0f} kB of TOML)")

        print("\nscaling (objectives, indicators and actions multiplied; one export each)")
        print(f"  {'size':>5} {'objectives':>10} {'indicators':>10} {'actions':>8} {'pages':>6} {'seconds':>8} "
              f"{'s/page':>7}")
        for factor in sizes:
            big = copy_example(root / f"x{factor}")
            if factor > 1:
                multiply(big, factor)
            store = PlanStore.open(big, read_only=True)
            counts = (len(store.plan.objectives), len(store.plan.indicators), len(store.plan.actions))
            store.close()
            seen: list[str] = []
            seconds, _path = _timed(lambda big=big, factor=factor, seen=seen: export_plan(
                big, root / f"x{factor}.pdf", progress=seen.append))
            n = next((int(m.split()[1]) for m in seen if m.startswith("writing ")), 0)
            print(f"  {factor:>4}x {counts[0]:>10} {counts[1]:>10} {counts[2]:>8} {n:>6} {seconds:>8.2f} "
                  f"{seconds / max(n, 1):>7.3f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
