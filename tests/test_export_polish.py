"""The plan PDF's layout and content defects of issue 12, each checked where it could come back: bookmarks
and links of record codes, the summary's narrative and headline targets, shares that add up to 100%, one
percent style, charts' labels and sizes, measurements after the status date, abridged overlong words, the
agenda anchored on the first step held. PDF checks read the shared example render (`example_pdf`)."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from pathlib import Path

import pytest
from pdfs import Rendered, compact, label_sizes, page_texts

from facilitator import i18n
from facilitator.checks import check_folder
from facilitator.example import copy_example
from facilitator.export import charts
from facilitator.export.context import build_context, headline_targets
from facilitator.export.formatting import Fmt, text
from facilitator.export.html import link_codes, render_html
from facilitator.model import Measurement, Objective, Target
from facilitator.store import PlanStore

# --- the example's PDF --------------------------------------------------------------------------------------------


def _outline(reader: object) -> list[str]:
    titles: list[str] = []

    def walk(items: list[object]) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(str(item.title))  # type: ignore[attr-defined]

    walk(reader.outline)  # type: ignore[attr-defined]
    return titles


@pytest.mark.slow
def test_bookmarks_keep_a_space_between_code_and_title(example_pdf: Rendered) -> None:
    titles = _outline(example_pdf.reader)
    assert any(t.startswith("O1 Raise the average length of stay") for t in titles), titles
    assert any(t.startswith("I1.1 Average length of stay") for t in titles)
    assert any(t.startswith("L1 Stay longer") for t in titles)
    assert any(t.startswith("S1 ") for t in titles)
    run_in = [t for t in titles if re.match(r"^[A-Z]\d+(\.\d+)?[A-Za-z]", t)]
    assert run_in == []


@pytest.mark.slow
def test_record_codes_link_to_their_records(example_pdf: Rendered) -> None:
    plan = tomllib.loads((example_pdf.folder / "plan.toml").read_text(encoding="utf-8"))
    ids = {x["code"]: x["id"] for kind in ("findings", "objectives", "indicators", "actions") for x in plan[kind]}
    targets = set(example_pdf.reader.named_destinations)
    assert {ids["D4"], ids["O1"], ids["I1.1"], ids["A2"]} <= targets
    links = [str(a.get_object().get("/Dest")) for page in example_pdf.reader.pages
             for a in page.get("/Annots") or [] if a.get_object().get("/Subtype") == "/Link"]
    linked = set(links)
    assert {ids["D4"], ids["O1"], ids["I1.1"], ids["A2"]} <= linked
    # every code of the summary's findings and objectives, the objectives' indicator and action lists…
    assert sum(1 for d in links if d in set(ids.values())) > 100


@pytest.mark.slow
def test_the_summary_prints_the_authored_narrative_and_the_key_figures(example_pdf: Rendered) -> None:
    plan = tomllib.loads((example_pdf.folder / "plan.toml").read_text(encoding="utf-8"))
    narrative = plan["strategy"]["summary"].strip()
    assert len(narrative) > 400
    flat = compact(example_pdf.text)
    for paragraph in narrative.split("\n\n"):
        assert compact(paragraph) in flat
    assert compact("$1,287,000 total budget") in flat
    # the objective says "at least 8 … routes … by 2027": the headline is that target, then the final one
    assert compact("8 routes (2027)then 12 routes (2029)") in flat


@pytest.mark.slow
def test_budget_shares_add_up_to_100_with_one_decimal(example_pdf: Rendered) -> None:
    page = next(p for p in page_texts(example_pdf.path) if "Total budget by source" in p)
    section = page.split("Total budget by source", 1)[1]
    shares = re.findall(r"\$[\d,]+\s+(\d+\.\d)%", section)
    assert len(shares) == 4 and sum(float(s) for s in shares) == pytest.approx(100.0)


# --- numbers -----------------------------------------------------------------------------------------------------


def test_shares_are_rounded_together_to_exactly_100() -> None:
    assert Fmt("en").shares([1, 1, 1]) == ["33.4%", "33.3%", "33.3%"]
    assert Fmt("en").shares([500, 360, 227, 200]) == ["38.9%", "28.0%", "17.6%", "15.5%"]
    assert Fmt("es").shares([2, 1]) == ["66,7\u00a0%", "33,3\u00a0%"]
    assert Fmt("en").shares([0, 0]) == ["", ""] and Fmt("en").shares([]) == []
    odd = [7, 13, 29, 31, 1, 2, 3]
    assert sum(float(s[:-1]) for s in Fmt("en").shares(odd)) == pytest.approx(100.0)


@pytest.mark.parametrize(("lang", "zero", "share"), [("en", "0%", "25%"), ("es", "0\u00a0%", "25\u00a0%"),
                                                     ("pt", "0%", "25%")])
def test_a_value_in_percent_and_a_share_print_alike(lang: str, zero: str, share: str) -> None:
    assert Fmt(lang).quantity(0, "%") == zero and Fmt(lang).percent(0.25) == share
    assert Fmt(lang).percent(0.25, fixed=True) == share.replace("25", "25.0" if lang == "en" else "25,0")
    svg = charts.progress([charts.Progress("I1", 0.3, 0.4, "30%")], expected_label="expected",
                          percent_space=Fmt(lang).percent_space())
    assert f">25{Fmt(lang).percent_space()}%<" in svg


# --- links of codes ------------------------------------------------------------------------------------------------


def test_only_the_tools_code_markup_is_linked_never_participant_text() -> None:
    html = ('<h3><span class="code" id="obj-aaaa">O1</span> Title</h3>'
            '<p class="t">see O1 and D4 here</p><span class="code">O1</span><td class="code">D4</td>'
            '<span class="codes">O1, X9</span><span class="code">A7</span>')
    out = link_codes(html, {"O1": "obj-aaaa", "D4": "fnd-bbbb", "A7": "act-cccc"})
    assert '<span class="code" id="obj-aaaa">O1</span>' in out  # the record's home does not link to itself
    assert '<p class="t">see O1 and D4 here</p>' in out
    assert '<span class="code"><a href="#obj-aaaa">O1</a></span>' in out
    assert '<span class="codes"><a href="#obj-aaaa">O1</a>, X9</span>' in out
    # D4 and A7 have no entry in this document (their sections were left out): no dangling link
    assert '<td class="code">D4</td>' in out and '<span class="code">A7</span>' in out


# --- headline targets --------------------------------------------------------------------------------------------


def test_the_headline_target_is_the_one_the_objective_names() -> None:
    targets = [Target(year=2027, value=8), Target(year=2029, value=12)]
    named = Objective(id="obj-aaaa", code="O3", title="Launch at least 8 routes by 2027")
    assert [t.value for t in headline_targets(named, targets)] == [8, 12]
    silent = Objective(id="obj-aaaa", code="O3", title="Launch routes")
    assert [t.value for t in headline_targets(silent, targets)] == [12, 12]
    by_description = Objective(id="obj-aaaa", code="O3", title="Routes", description="From 2025 to 2029.")
    assert [t.value for t in headline_targets(by_description, targets)] == [12, 12]


# --- charts --------------------------------------------------------------------------------------------------------


def test_chart_labels_wrap_instead_of_being_cut_and_no_text_is_under_7_pt() -> None:
    label = "Actions without an objective that are funded by the departmental government"
    svg = str(charts.bars([charts.Bar(label, 3, "3"), charts.Bar("Short", 1, "1")], label_chars=30))
    assert "\u2026" not in svg
    printed = " ".join(re.findall(r">([^<>]*)</span>", svg))
    assert compact(label) in compact(printed)
    sizes = label_sizes(svg)
    svg2 = str(charts.indicator(charts.Point(2025.5, 1.6), [charts.Point(2029.5, 2.2)], [],
                                charts.IndicatorLabels("Baseline", "Target", "Measured"), unit="nights"))
    sizes += label_sizes(svg2)
    assert len(sizes) > 10 and min(sizes) * 72 / 25.4 >= 7.0
    assert ">nights</span>" in svg2  # the value axis says its unit
    assert charts.wrap("a " + "x" * 30, 20) == ["a", "x" * 20, "x" * 10]
    assert charts.wrap("word " * 30, 20, most=2)[-1].endswith("\u2026")


# --- overlong words ----------------------------------------------------------------------------------------------


def test_an_overlong_word_is_abridged_and_ordinary_text_kept() -> None:
    blob = "x" * 19_000
    out = text(f"before {blob} after")
    assert out.startswith("before " + "x" * 300 + "\u2026 ") and out.endswith(" after")
    assert "18700 more characters" in out and len(out) < 500
    url = "https://example.org/" + "a" * 900
    assert text(url) == url  # a long URL (under 1,000 characters) is printed whole


# --- measurements after the status date ------------------------------------------------------------------------


def test_a_measurement_after_the_status_date_is_flagged_and_checked(tmp_path: Path) -> None:
    folder = copy_example(tmp_path / "example")
    with PlanStore.open(folder, read_only=True) as store:
        plan = store.plan
    latest = max(m.date for i in plan.indicators for m in i.measurements)
    assert latest <= dt.date(2026, 11, 26)  # the example's data are not dated after its last revision
    plan.indicators[0].measurements.append(Measurement(date=dt.date(2026, 12, 31), value=1.8))
    with i18n.in_language("en"):
        html = render_html(build_context(plan, [], "en", today=dt.date(2026, 12, 6), sections=["indicators"]))
    assert html.count("dated after the status date, December 6, 2026") == 2  # the table and the sheet
    with i18n.in_language("en"):
        html = render_html(build_context(plan, [], "en", today=dt.date(2027, 1, 6), sections=["indicators"]))
    assert "dated after the status date" not in html

    from facilitator.checks import check_plan
    from facilitator.kits import load_kits

    with PlanStore.open(folder, read_only=True) as store:
        text_ = store.plan_path.read_text(encoding="utf-8")
        sessions = store.session_summaries()
    kits = load_kits(folder)
    found = check_plan(plan, text_, sessions, kits, folder, today=dt.date(2026, 12, 6))
    future = [p for p in found if p.check == "measurement-in-future"]
    assert len(future) == 1 and "2026-12-31" in future[0].message and "I1.1" in future[0].message
    assert not [p for p in check_folder(folder) if p.check == "measurement-in-future"]
