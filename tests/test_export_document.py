"""The plan PDF as a published document: charts, indicator sheets, logframe, monitoring, options.

Most checks read the HTML that the template renders from `build_context` (fast); the PDF checks read the
example exported as a draft with participants, rendered once for the session (`example_pdf` in conftest.py).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from markupsafe import escape
from pdfs import Rendered, compact

from facilitator import i18n, monitoring
from facilitator.example import copy_example
from facilitator.export import charts
from facilitator.export.context import SECTIONS, build_context
from facilitator.export.context.monitoring import add_months
from facilitator.export.html import render_html, templates_dir
from facilitator.model import Plan, Session
from facilitator.store import PlanStore

TODAY = dt.date(2026, 11, 22)
HOSTILE = "<script>alert(1)</script> {{ 7*7 }} & \"q\""


def load(folder: Path) -> tuple[Plan, list[Session]]:
    store = PlanStore.open(folder, read_only=True)
    try:
        return store.plan, [s.session for s in store.session_summaries() if s.session is not None]
    finally:
        store.close()


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> tuple[Plan, list[Session]]:
    return load(copy_example(tmp_path_factory.mktemp("doc") / "example"))


def html_of(plan: Plan, sessions: list[Session], lang: str = "en", **options: Any) -> str:
    with i18n.in_language(lang):
        return render_html(build_context(plan, sessions, lang, today=TODAY, **options))


def section(html: str, sid: str) -> str:
    """The markup of one main section."""
    start = html.index(f'id="{sid}"')
    return html[start:html.index("</section>", start)]


def svgs(markup: str) -> list[str]:
    """The charts of ``markup``: each a box holding its SVG drawing and its labels as HTML (export/charts.py)."""
    return re.findall(r'<div class="chart".*?</div>', markup, flags=re.DOTALL)


# --- charts ----------------------------------------------------------------------------------------------------------

def test_chart_labels_are_escaped_text() -> None:
    out = str(charts.bars([charts.Bar(HOSTILE, 3, "3 <b>"), charts.Bar("line\nbreak", 1, "1")]))
    assert out.startswith('<div class="chart"') and out.endswith("</span></div>")
    assert "<text" not in out  # labels are HTML, laid out a word at a time, not an SVG letter at a time
    assert "<script>" not in out and "<b>" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }} &amp; &#34;q&#34;" in out
    assert "line break" in out  # one line per label
    long = str(charts.bars([charts.Bar("x" * 300, 1, "1")], label_chars=20))
    assert "x" * 19 + "\u2026" in long and "x" * 21 not in long


def test_chart_labels_are_html_placed_over_the_drawing_in_the_styles_plan_css_gives() -> None:
    out = str(charts.indicator(charts.Point(2025.5, 1.6), [charts.Point(2029.5, 2.2)], [],
                               charts.IndicatorLabels("Baseline", "Target", "Measured"), unit="nights"))
    drawing, labels = out.split("</svg>")
    assert "<span" not in drawing and labels.count('<span class="cl') >= 8  # legend, ticks, years, unit
    # a tick label ends at the axis (x = 10 mm): its box runs from the chart's left edge to there
    assert re.search(r'<span class="cl cs cm" style="left:0;width:10mm;text-align:right;top:[\d.]+mm">2</span>',
                     labels)
    css = (templates_dir() / "plan.css").read_text()
    base = re.search(r"\.cl \{[^}]*\}", css)
    small = re.search(r"\.cs \{ font-size: ([\d.]+)mm; \}", css)
    assert base and f"font-size: {charts.SIZE}mm" in base.group(0) and "position: absolute" in base.group(0)
    assert small and float(small.group(1)) == charts.SMALL


def test_every_column_width_class_of_the_templates_has_its_rule() -> None:
    css = (templates_dir() / "plan.css").read_text()
    used = {w for f in (templates_dir() / "plan").glob("*.html") for w in re.findall(r'<col class="w(\d+)">', f.read_text())}
    assert len(used) > 20
    for w in used:
        assert f"col.w{w} {{ width: {w}%; }}" in css, w
    assert not any("<col style" in f.read_text() for f in (templates_dir() / "plan").glob("*.html"))


def test_every_chart_is_inline_svg_in_the_document(example: tuple[Plan, list[Session]]) -> None:
    plan, sessions = example
    html = html_of(plan, sessions)
    assert "<img" not in html and "<script" not in html
    assert len(svgs(section(html, "profile"))) == 4            # by kind, by segment, the two maps
    assert len(svgs(section(html, "benchmarking"))) == 1
    assert len(svgs(section(html, "budget"))) == 2             # by source, by objective
    assert len(svgs(section(html, "monitoring"))) == 1         # progress of every indicator
    charted = [i for i in plan.indicators if i.baseline is not None and (i.targets or i.measurements)]
    assert len(svgs(section(html, "indicators"))) == len(charted) > 10
    timeline = svgs(section(html, "actions"))
    assert len(timeline) == 1
    for a in plan.actions:  # one row per action, labelled with its code
        assert f">{a.code}</span>" in timeline[0]
    for svg in svgs(html):
        assert "<text" not in svg and "url(#" not in svg.replace("url(#tl-", "")
        # a <title> that WeasyPrint writes as the figure's alternate text (PDF/UA), naming the data drawn
        title = re.search(r"<title>(.*?)</title>", svg, flags=re.DOTALL)
        assert title and ": " in title.group(1), svg[:200]
    assert "A1 " in re.search(r"<title>(.*?)</title>", timeline[0]).group(1)  # type: ignore[union-attr]


def test_participant_text_in_charts_prints_literally(example_plan: Path) -> None:
    plan, sessions = load(example_plan)
    plan.stakeholders[0].segment = HOSTILE
    plan.benchmarks[0].metric = HOSTILE
    plan.actions[0].title = HOSTILE
    html = html_of(plan, sessions)
    assert "<script>" not in html
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }}"
    for sid in ("profile", "benchmarking", "actions"):
        assert any(escaped in svg for svg in svgs(section(html, sid))), sid


def test_timeline_marks_status_by_fill_and_by_word() -> None:
    spans = [charts.Span("A1", "One", dt.date(2026, 1, 1), dt.date(2026, 12, 31), "done", "done"),
             charts.Span("A2", "Two", dt.date(2026, 6, 1), dt.date(2027, 6, 30), "delayed", "delayed 10%", 10),
             charts.Span("A3", "Three", None, None, "planned", "planned")]
    out = str(charts.timeline(spans, charts.TimelineLabels("today", "no dates", {"done": "done", "delayed": "delayed",
                                                                                "planned": "planned"}),
                              today=dt.date(2026, 11, 22)))
    assert ">2026</span>" in out and ">2027</span>" in out
    assert "url(#tl-cross)" in out  # delayed is cross-hatched, not only coloured
    assert ">delayed 10%</span>" in out and ">no dates</span>" in out and ">today</span>" in out


def test_indicator_chart_needs_two_points() -> None:
    labels = charts.IndicatorLabels("Baseline", "Target", "Measured")
    assert str(charts.indicator(charts.Point(2025.5, 1), [], [], labels)) == ""
    out = str(charts.indicator(charts.Point(2025.5, 1.6), [charts.Point(2029.5, 2.2)],
                               [charts.Point(2026.9, 1.7)], labels))
    assert out.count("<circle") == 2 and ">2029</span>" in out  # one measured dot + the legend's


# --- sections and options ----------------------------------------------------------------------------------------------

def test_sections_come_in_order_with_their_headings(example: tuple[Plan, list[Session]]) -> None:
    plan, sessions = example
    html = html_of(plan, sessions)
    positions = [html.index(f'<section class="main{extra}" id="{sid}">')
                 for sid, _t in SECTIONS for extra in ([""] if sid not in ("actions", "logframe") else [" landscape"])]
    assert positions == sorted(positions)
    for sid, title in SECTIONS:
        assert f"<h1>{title}</h1>" in section(html, sid)
        assert f'href="#{sid}"' in html


def test_each_section_has_its_own_template() -> None:
    """plan.html includes plan/<section id>.html for each chosen section: one file per section, none left over."""
    folder = templates_dir() / "plan"
    assert {p.stem for p in folder.glob("*.html")} == {sid for sid, _t in SECTIONS} | {"cover", "contents", "macros"}
    for sid, _t in SECTIONS:
        assert f'id="{sid}"' in (folder / f"{sid}.html").read_text(encoding="utf-8")


def test_chosen_sections_only(example: tuple[Plan, list[Session]]) -> None:
    plan, sessions = example
    html = html_of(plan, sessions, sections={"summary", "logframe", "monitoring"})
    ids = re.findall(r'<section class="main[^"]*" id="(\w+)">', html)
    assert ids == ["summary", "logframe", "monitoring"]
    toc = html[html.index('<nav class="toc"'):html.index("</nav>")]
    assert re.findall(r'href="#(\w+)"', toc) == ["summary", "logframe", "monitoring"]
    assert "Indicator sheets" not in toc and "session-1" not in toc


def test_draft_watermark_only_for_drafts(example: tuple[Plan, list[Session]]) -> None:
    plan, sessions = example
    final = html_of(plan, sessions)
    assert "watermark" not in final and "DRAFT" not in final and "draft-mark" not in final
    draft = html_of(plan, sessions, draft=True)
    assert '<div class="watermark" aria-hidden="true">DRAFT</div>' in draft
    assert '<div class="draft-mark">Draft</div>' in draft


def test_participant_names_only_when_asked(example_plan: Path) -> None:
    plan, sessions = load(example_plan)
    present = sessions[0].present()[0]
    who = plan.stakeholder(present)
    assert who is not None
    who.name = "Zuleica Qwertyuiop"
    quiet = html_of(plan, sessions)
    assert "Zuleica Qwertyuiop" not in quiet and "Participants" not in quiet
    annex = section(quiet, "sessions")
    assert "In the stakeholder map" in annex and "kinds of actor present" in annex
    named = html_of(plan, sessions, participants=True)
    assert "Zuleica Qwertyuiop" in section(named, "sessions")
    ctx = build_context(plan, sessions, "en", today=TODAY)
    assert all(s["participants"] == [] for s in ctx["sessions"])  # names do not even reach the template


def test_an_empty_plan_has_no_charts_and_no_broken_links(empty_plan: Path) -> None:
    plan, sessions = load(empty_plan)
    html = html_of(plan, sessions)
    assert "<svg" not in html
    ids = set(re.findall(r'id="([\w-]+)"', html))
    assert set(re.findall(r'href="#([\w-]+)"', html)) <= ids
    for sid, _t in SECTIONS:
        assert (sid in ids) == (sid not in ("network", "endorsement"))  # no ties, no endorsement: no such chapter


def test_links_of_the_example_all_have_targets(example: tuple[Plan, list[Session]]) -> None:
    plan, sessions = example
    html = html_of(plan, sessions)
    links = set(re.findall(r'href="#([\w-]+)"', html))
    assert "indicator-sheets" in links and links <= set(re.findall(r'id="([\w-]+)"', html))


# --- content ------------------------------------------------------------------------------------------------------------

def test_indicator_sheets_carry_progress_and_lights(example: tuple[Plan, list[Session]]) -> None:
    plan, sessions = example
    ctx = build_context(plan, sessions, "en", today=TODAY)
    rows = {i["code"]: i for g in ctx["indicator_groups"] for i in g["indicators"]}
    assert set(rows) == {i.code for i in plan.indicators}
    words = {"green": "on track", "amber": "behind", "red": "off track", "none": "no data"}
    for ind in plan.indicators:
        status = monitoring.indicator_status(ind)
        row = rows[ind.code]
        assert row["light"] == status.light and row["light_word"] == words[status.light]
        assert len(row["measurements"]) == len(ind.measurements)
        if status.progress is not None:
            assert float(row["progress"].rstrip("%").replace("\u2212", "-")) == pytest.approx(
                status.progress * 100, abs=0.06)
    html = section(html_of(plan, sessions), "indicators")
    assert html.count('<div class="sheet">') == len(plan.indicators)
    assert '<span class="dot green"></span>on track' in html or '<span class="dot amber"></span>behind' in html


def test_logframe_has_means_of_verification_and_assumptions(example: tuple[Plan, list[Session]]) -> None:
    plan, sessions = example
    assert sum(1 for o in plan.objectives if o.assumptions) >= 3
    html = section(html_of(plan, sessions), "logframe")
    for o in plan.objectives:
        assert o.code in html
        if o.assumptions:
            assert str(escape(o.assumptions)) in html
    for ind in plan.indicators:
        assert ind.code in html and str(escape(ind.source)) in html


def test_budget_by_objective_adds_up(example: tuple[Plan, list[Session]]) -> None:
    plan, sessions = example
    ctx = build_context(plan, sessions, "en", today=TODAY)
    cur = ctx["budget"]["by_currency"][0]
    amounts = [int(re.sub(r"\D", "", o["amount"])) for o in cur["objectives"]]
    assert sum(amounts) == int(re.sub(r"\D", "", cur["total"]))
    assert [o["code"] for o in cur["objectives"]] == [o.code for o in plan.objectives
                                                       if any(a.objectives and a.objectives[0] == o.id
                                                              for a in plan.actions)]


def test_monitoring_schedule_and_cadence(example: tuple[Plan, list[Session]]) -> None:
    plan, sessions = example
    ctx = build_context(plan, sessions, "en", today=TODAY)["monitoring"]
    assert ctx["cadence"] == plan.governance.meeting_cadence
    assert [x["code"] for x in ctx["schedule"]] == [i.code for i in plan.indicators]
    assert any(x["overdue"] for x in ctx["schedule"])
    assert [o["code"] for o in ctx["objectives"]] == [o.code for o in plan.objectives]


def test_months_are_added_calendar_wise() -> None:
    assert add_months(dt.date(2026, 11, 30), 1) == dt.date(2026, 12, 31)
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2026, 3, 15), 12) == dt.date(2027, 3, 15)
    assert add_months(dt.date(2026, 12, 31), 3) == dt.date(2027, 3, 31)


def test_the_document_comes_out_in_spanish(example: tuple[Plan, list[Session]]) -> None:
    plan, sessions = example
    html = html_of(plan, sessions, "es")
    assert 'lang="es"' in html and "Resumen ejecutivo" in html


# --- the PDF (the example rendered once for the session: `example_pdf` in conftest.py) ---------------------------

@pytest.mark.slow
def test_pdf_headings_pages_draft_and_participants(example_pdf: Rendered) -> None:
    reader = example_pdf.reader
    assert len(reader.pages) >= 15
    heads = [item.title for item in reader.outline if not isinstance(item, list)]
    titles = [title for _sid, title in SECTIONS]
    assert [h for h in heads if h in titles] == titles  # every main section, in order
    body = example_pdf.text
    flat = compact(body)
    assert flat.count("DRAFT") >= len(reader.pages) - 1  # the watermark on (nearly) every page
    # the contents give page numbers
    assert re.search(r"Logframe matrix[ .]*\d+", body)
    plan, sessions = load(example_pdf.folder)
    someone = plan.stakeholder(sessions[-1].present()[-1])
    assert someone is not None and compact(someone.name) in flat
    # every figure (the charts) carries alternate text, as PDF/UA asks
    figures: list[Any] = []

    def walk(node: Any) -> None:
        node = node.get_object()
        if node.get("/S") == "/Figure":
            figures.append(node)
        kids = node.get("/K")
        if kids is None:
            return
        for kid in (kids if isinstance(kids, list) else [kids]):
            if hasattr(kid, "get_object") and hasattr(kid.get_object(), "get"):
                walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    assert len(figures) > 10 and all(str(f.get("/Alt", "")).strip() for f in figures)
