"""Benchmark: exporting the example plan to PDF, against WeasyPrint alone and against the template before
issue 15, and the time from the export key to the written file in the TUI.

Run by hand (not a test):  python bench/bench_export.py [--runs 3] [--sizes 1,4,16] [--tui-runs 2]

1. The example plan, interleaved runs in one process, medians:
   - `export_plan` (open, check, context, HTML, PDF/UA with the plan folder attached, atomic write);
   - a plain WeasyPrint document of the same page count: one page per section of headings, paragraphs
     and a small table, default fonts and styles, plain `write_pdf()`. Goal (issue 15): ratio <= 1.0.
     Its garbage collection runs over this process's heap (each run starts after a collection, out of
     the clock); the same document with the collector paused (as the export pauses it) is shown beside
     it, and a third with every page full (seven paragraphs and the table, 93% of the page) instead of
     half full;
   - WeasyPrint alone on the export's very HTML, fetcher, stylesheets, PDF options and embedded files.
     Goal (docs/QUALITY.md): ratio <= 1.2;
   - the same, with the templates of commit PREVIOUS (``overflow-wrap: anywhere`` on all participant
     text, WOFF2 fonts) and the garbage collector on: what an export cost before issue 15.
   Then where the time of a page goes, export against the full plain document, one render each with
   WeasyPrint's phases clocked (HTML parsing, cascade, boxes, layout, drawing, PDF/UA tags, PDF writing),
   and how many elements and boxes a page holds.
2. The TUI: the example opened in the app (Pilot, 160x45), the export dialog open, then ctrl+e until the
   dialog has the written PDF, with the warm spare process (`runner.prewarm`, waited for until idle) and
   without it (a process started at the key).
3. Scaling: the example with its objectives, indicators and actions multiplied (fresh ids and codes)
   to 4x and 16x; time per export and per page should grow linearly.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import functools
import gc
import io
import logging
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from facilitator.example import copy_example
from facilitator.export import export_plan, plan_files
from facilitator.model import new_id
from facilitator.store import PlanStore

PREVIOUS = "828f92b5172e080726e043a7679ca8dfcd11c985"
"""The last commit before issue 15 (the templates it is compared with)."""

ROOT = Path(__file__).resolve().parent.parent


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    """Seconds ``fn`` takes, and what it returns. The garbage of the run before is collected first, out of
    the clock: a render leaves about a million objects behind, and the next run with the collector on
    would otherwise pay for them (0.8 s for the export's own checks, 2 s for the plain document). A real
    export runs in a process of its own, which never has that garbage."""
    gc.collect()
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def previous_templates(into: Path) -> Path | None:
    """The templates folder of commit PREVIOUS, extracted under ``into``; None without git history."""
    try:
        data = subprocess.run(["git", "-C", str(ROOT), "archive", PREVIOUS, "templates"], capture_output=True,
                              check=True, timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:
        archive.extractall(into, filter="data")
    return into / "templates"


PLAIN_PAGE = """<section><h1>Section {n}</h1>
<p>{text}</p><h2>Details</h2><p>{text}</p><p>{text}</p>
<table><thead><tr><th>Item</th><th>Owner</th><th>Status</th><th>Amount</th></tr></thead><tbody>{rows}</tbody>
</table><p>{text}</p></section>"""
PLAIN_FULL_PAGE = """<section><h1>Section {n}</h1>
<p>{text}</p><p>{text}</p><h2>Details</h2><p>{text}</p><p>{text}</p>
<table><thead><tr><th>Item</th><th>Owner</th><th>Status</th><th>Amount</th></tr></thead><tbody>{rows}</tbody>
</table><p>{text}</p><p>{text}</p><p>{text}</p></section>"""
PLAIN_TEXT = ("The cluster brings together small firms, their suppliers and the public bodies that support them; "
              "this paragraph stands for the ordinary running text of a report, with words of every length, "
              "numbers such as 1,250 and 37 percent, and punctuation, so that line breaking has real work to do "
              "on every line of the page.")


def plain_document(pages: int, *, gc_paused: bool = False, full: bool = False) -> Callable[[], int]:
    """A function that renders a plain WeasyPrint document of ``pages`` pages (one section a page: two
    headings, four paragraphs, an eight-row table; default fonts) and returns its page count.
    ``gc_paused``: with the garbage collector paused during the render, as `export_plan` does; ``full``:
    seven paragraphs a page, which fill it (93%), where four leave it half empty."""
    import weasyprint

    rows = "".join(f"<tr><td>Activity {i} of the plan</td><td>Agency {i}</td><td>on time</td><td>{i * 1250:,}</td>"
                   "</tr>" for i in range(1, 9))
    page = PLAIN_FULL_PAGE if full else PLAIN_PAGE
    body = "".join(page.format(n=n, text=PLAIN_TEXT, rows=rows) for n in range(1, pages + 1))
    html = (f'<html lang="en"><head><title>Plain</title><style>@page {{ size: A4; margin: 20mm 17mm }} '
            f"body {{ font-size: 10pt }} section {{ break-before: page }} table {{ width: 100%; "
            f"border-collapse: collapse }} td, th {{ border-bottom: 0.5pt solid #999; padding: 1.5mm }}</style>"
            f"</head><body>{body}</body></html>")

    def run() -> int:
        if gc_paused:
            gc.disable()
        try:
            document = weasyprint.HTML(string=html).render()
            document.write_pdf()
        finally:
            gc.enable()
        return len(document.pages)

    return run


def weasyprint_alone(folder: Path, root: Path | None = None, *, previous: bool = False) -> Callable[[], int]:
    """A function that renders the export's own HTML with WeasyPrint only (the reference); ``root``: another
    templates folder; ``previous``: as the export did before issue 15 (no long-word pass, GC on)."""
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    from facilitator import i18n
    from facilitator.export.context import build_context
    from facilitator.export.html import STYLESHEET, breakable_long_words, render_html, render_page_css
    from facilitator.export.pdf import PDF_VARIANT, base_url, make_fetcher
    from facilitator.kits import load_kits

    store = PlanStore.open(folder, read_only=True)
    sessions = [s.session for s in store.session_summaries() if s.session is not None]
    i18n.set_language(store.plan.language)
    context = build_context(store.plan, sessions, store.plan.language, kits=load_kits(store.folder).kits)
    html, page_css = render_html(context), render_page_css(context)
    if not previous:
        html = breakable_long_words(html)
    files = plan_files(store.folder, store.plan_path.read_bytes())
    store.close()
    base = base_url(root)

    def run() -> int:
        if not previous:
            gc.disable()
        try:
            return render()
        finally:
            gc.enable()

    def render() -> int:
        fetcher = make_fetcher(root)
        fonts = FontConfiguration()
        sheets = [weasyprint.CSS(url=base + STYLESHEET, url_fetcher=fetcher, font_config=fonts),
                  weasyprint.CSS(string=page_css, base_url=base, url_fetcher=fetcher, font_config=fonts)]
        document = weasyprint.HTML(string=html, base_url=base, url_fetcher=fetcher).render(
            font_config=fonts, stylesheets=sheets)
        document.write_pdf(pdf_variant=PDF_VARIANT, attachments=[
            weasyprint.Attachment(string=data, name=name, url_fetcher=fetcher) for name, data in files])
        return len(document.pages)

    return run


PHASES = ("HTML parsing", "cascade", "box tree", "layout", "drawing", "PDF/UA tags", "PDF writing")


@contextlib.contextmanager
def clocked_phases() -> Iterator[dict[str, float]]:
    """While the block runs, the seconds WeasyPrint spends in each of `PHASES` (summed over renders),
    and "elements" and "boxes": how many the last rendered document held. Layout is what ``render()``
    takes beyond parsing, cascade and boxes."""
    import tinyhtml5  # type: ignore[import-untyped]
    import weasyprint
    from weasyprint import document, pdf

    seconds: dict[str, float] = dict.fromkeys(PHASES, 0.0)
    counts: dict[str, float] = {}
    patched: list[tuple[Any, str, Any]] = []

    def clock(owner: Any, name: str, phase: str) -> None:
        original = getattr(owner, name)

        @functools.wraps(original)
        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                seconds[phase] += time.perf_counter() - start
        patched.append((owner, name, original))
        setattr(owner, name, timed)

    clock(tinyhtml5, "parse", "HTML parsing")
    clock(document, "get_all_computed_styles", "cascade")
    clock(document, "build_formatting_structure", "box tree")
    clock(document.Page, "paint", "drawing")
    clock(pdf, "add_tags", "PDF/UA tags")
    render = weasyprint.HTML.render

    def counted_render(html: Any, *args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        result = render(html, *args, **kwargs)
        seconds["layout"] += time.perf_counter() - start
        counts["elements"] = sum(1 for _ in html.etree_element.iter())
        counts["boxes"] = sum(sum(1 for _ in page._page_box.descendants()) for page in result.pages)
        return result

    clock(weasyprint.Document, "write_pdf", "PDF writing")
    patched.append((weasyprint.HTML, "render", render))
    weasyprint.HTML.render = counted_render  # type: ignore[method-assign]
    result: dict[str, float] = {}
    try:
        yield result
    finally:
        for owner, name, original in reversed(patched):
            setattr(owner, name, original)
        seconds["layout"] -= seconds["cascade"] + seconds["box tree"]
        seconds["PDF writing"] -= seconds["drawing"] + seconds["PDF/UA tags"]
        result.update(seconds)
        result.update(counts)


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _wait_until_idle(pid: int, limit: float = 60.0) -> None:
    """Until process ``pid`` stops using CPU (the spare has warmed up and waits on its stdin)."""
    deadline = time.monotonic() + limit
    last = -1.0
    while time.monotonic() < deadline:
        used = _cpu_seconds(pid)
        if used == last and used > 0.3:
            return
        last = used
        time.sleep(0.5)


async def keypress_to_pdf(folder: Path, warm: bool) -> float:
    """Seconds from ctrl+e in the export dialog to the dialog holding the written PDF."""
    from facilitator.app import ClusterApp
    from facilitator.export import runner
    from facilitator.screens.export import ExportDialog

    app = ClusterApp(folder)
    app.prewarm_export = warm
    async with app.run_test(size=(160, 45)) as pilot:
        while app.state is None:
            await pilot.pause(0.05)
        await pilot.press("x")
        while not isinstance(app.screen, ExportDialog):
            await pilot.pause(0.05)
        dialog = app.screen
        pid = runner.spare_pid()
        assert (pid is not None) == warm
        if pid is not None:
            await asyncio.to_thread(_wait_until_idle, pid)
        start = time.perf_counter()
        await pilot.press("ctrl+e")
        while dialog.result is None:
            if not dialog.running and dialog.job is not None and dialog.result is None and not dialog.job.running:
                raise RuntimeError("the export failed")
            await asyncio.sleep(0.02)  # not pilot.pause: waiting for the app to be idle cost it 1.3 s of CPU
        seconds = time.perf_counter() - start
        assert dialog.result.is_file()
    runner.discard_spare()
    return seconds


def print_phases(export: Callable[[], Any], plain: Callable[[], Any], pages: int) -> None:
    """Where a page's time goes: one export and one full plain document, WeasyPrint's phases clocked."""
    with clocked_phases() as mine:
        mine_total = _timed(export)[0]
    with clocked_phases() as theirs:
        theirs_total = _timed(plain)[0]
    print("\nwhere a page's time goes, in ms a page (one render each): export | plain, full pages | ratio")
    for phase in PHASES:
        a, b = 1000 * mine[phase] / pages, 1000 * theirs[phase] / pages
        print(f"  {phase:<16}{a:7.1f} {b:7.1f}   {a / b if b else float('nan'):5.2f}")
    rest = [1000 * (total - sum(found[phase] for phase in PHASES)) / pages
            for total, found in ((mine_total, mine), (theirs_total, theirs))]
    print(f"  {'other':<16}{rest[0]:7.1f} {rest[1]:7.1f}           (plan, context, templates, fonts, file)")
    print(f"  {'all':<16}{1000 * mine_total / pages:7.1f} {1000 * theirs_total / pages:7.1f}   "
          f"{mine_total / theirs_total:5.2f}")
    for what in ("elements", "boxes"):
        a, b = mine.get(what, 0) / pages, theirs.get(what, 0) / pages
        print(f"  {what + ' a page':<16}{a:7.0f} {b:7.0f}   {a / b if b else float('nan'):5.2f}")


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
            new_actions += [a.model_copy(update={
                "id": new_id("act"), "code": f"{a.code}-{k}", "objectives": [ids.get(o, o) for o in a.objectives],
                "budget_lines": [b.model_copy(update={"id": new_id("bud")}) for b in a.budget_lines]})
                for a in actions]  # every record of a copy gets its own id: a plan never shares one
        plan.objectives, plan.indicators, plan.actions = new_objectives, new_indicators, new_actions
        store.save_plan()
    finally:
        store.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each side for the example (default 3)")
    parser.add_argument("--sizes", default="1,4,16", help="plan sizes for the scaling part (default 1,4,16)")
    parser.add_argument("--tui-runs", type=int, default=2, help="keypress-to-PDF runs of each kind (default 2)")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    logging.getLogger("weasyprint").setLevel(logging.ERROR)

    with tempfile.TemporaryDirectory(prefix="bench-export-") as tmp:
        root = Path(tmp)
        folder = copy_example(root / "example")
        out = root / "out.pdf"
        reference = weasyprint_alone(folder)
        old_root = previous_templates(root / "previous")
        before = weasyprint_alone(folder, old_root, previous=True) if old_root is not None else None
        print("warm-up (imports, font files) ...", flush=True)
        export_plan(folder, out)
        pages = reference()
        plain, full = plain_document(pages), plain_document(pages, gc_paused=True, full=True)
        if plain() != pages or full() != pages:
            print(f"  (a plain document does not have {pages} pages: the ratios below are not comparable)")
        if before is not None:
            before()

        sides: dict[str, Callable[[], Any]] = {"export_plan": lambda: export_plan(folder, out),
                                                "plain WeasyPrint": plain,
                                                "plain, GC paused": plain_document(pages, gc_paused=True),
                                                "plain, full pages": full,
                                                "WeasyPrint alone": reference}
        if before is not None:
            sides["before issue 15"] = before
        times: dict[str, list[float]] = {name: [] for name in sides}
        for _ in range(args.runs):  # interleaved, so drift in machine load hits every side alike
            for name, fn in sides.items():
                times[name].append(_timed(fn)[0])
        med = {name: statistics.median(values) for name, values in times.items()}
        print(f"\nexample plan, {pages} pages, median of {args.runs} runs")
        for name, values in times.items():
            print(f"  {name:<20}{med[name]:7.2f} s   ({', '.join(f'{x:.2f}' for x in values)})")
        a = med["export_plan"]
        print(f"  ratio to plain      {a / med['plain WeasyPrint']:7.2f}    (goal <= 1.00: a plain document of "
              "as many pages)")
        print(f"  ratio, GC paused    {a / med['plain, GC paused']:7.2f}    (the plain document with the collector "
              "paused too, as the export does: its cost in this process depends on the heap)")
        print(f"  ratio, full pages   {a / med['plain, full pages']:7.2f}    (GC paused, every plain page full "
              "where the first plain document's are half empty)")
        print(f"  ratio to alone      {a / med['WeasyPrint alone']:7.2f}    (goal <= 1.20: the same HTML)")
        if before is not None:
            print(f"  before / now        {med['before issue 15'] / med['WeasyPrint alone']:7.2f}    "
                  f"(WeasyPrint on the same HTML, templates of {PREVIOUS[:7]} against today's)")
        else:
            print(f"  (no git history: the templates of {PREVIOUS[:7]} were not compared)")
        print(f"  PDF size            {out.stat().st_size / 1024:7.0f} kB, {len(plan_files(folder))} files embedded "
              f"({sum(len(d) for _n, d in plan_files(folder)) / 1024:.0f} kB of TOML)")

        print_phases(lambda: export_plan(folder, out), full, pages)

        if args.tui_runs:
            print("\nTUI: ctrl+e in the export dialog until the PDF is written (160x45, headless)", flush=True)
            tui: dict[bool, list[float]] = {True: [], False: []}
            for _ in range(args.tui_runs):
                for warm in (True, False):
                    tui[warm].append(asyncio.run(keypress_to_pdf(folder, warm)))
            for warm in (True, False):
                label = "warm spare process" if warm else "process at the key"
                print(f"  {label:<20}{statistics.median(tui[warm]):7.2f} s   "
                      f"({', '.join(f'{x:.2f}' for x in tui[warm])})", flush=True)

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
