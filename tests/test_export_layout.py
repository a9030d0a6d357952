"""The plan stylesheet's promise that a long word or URL never overflows the page, checked on WeasyPrint's
laid-out boxes (`facilitator.export.pdf.lay_out`, the layout `render_pdf` writes): in a paragraph, in
the cells of an automatic-layout table, in a fixed table, in the plan's own templates (portrait and
landscape pages). Also the HTML pass that makes long words breakable (`breakable_long_words`) and the
garbage collector paused during a render."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import pytest

from facilitator import i18n
from facilitator.example import copy_example
from facilitator.export.context import build_context
from facilitator.export.html import LONG_WORD, breakable_long_words, render_html
from facilitator.store import PlanStore

WORD = "Pneumonoultramicroscopicsilicovolcanoconiosis" * 6  # 270 letters, no break opportunity
URL = "https://example.org/" + "/".join(f"segment-{i:03d}" for i in range(12)) + "?q=1&x=2"  # 171 characters


# --- the HTML pass -----------------------------------------------------------------------------------------------------

def test_only_elements_with_a_long_run_get_the_class() -> None:
    run = "a" * (LONG_WORD + 1)
    html = (f'<p class="t">short words only</p><p class="t">see {run} now</p>'
            f"<p>{'b' * LONG_WORD}</p><td><span class=\"code\">A1</span> {run}<br>more</td>"
            f'<li><span class="code">X</span><span class="t">{run}</span></li>')
    assert breakable_long_words(html) == (
        f'<p class="t">short words only</p><p class="lw t">see {run} now</p>'
        f"<p>{'b' * LONG_WORD}</p><td class=\"lw\"><span class=\"code\">A1</span> {run}<br>more</td>"
        f'<li><span class="code">X</span><span class="lw t">{run}</span></li>')


def test_an_escaped_character_counts_as_one() -> None:
    # "observatory's" is 13 characters, 17 with its apostrophe escaped as &#39;
    assert breakable_long_words("<p>observatory&#39;s</p>") == "<p>observatory&#39;s</p>"
    assert breakable_long_words("<p>a&amp;b&amp;c&amp;d&amp;e&amp;f&amp;g&amp;h&amp;i</p>") == (
        '<p class="lw">a&amp;b&amp;c&amp;d&amp;e&amp;f&amp;g&amp;h&amp;i</p>')


def test_title_svg_style_and_attributes_are_left_alone() -> None:
    run = "z" * 40
    html = (f"<html><head><title>{run}</title><style>.x{{content:'{run}'}}</style></head>"
            f'<body><a href="#{run}">x</a><svg><text>{run}</text></svg></body></html>')
    assert breakable_long_words(html) == html


# --- the layout -------------------------------------------------------------------------------------------------------

def overflow(document: Any) -> list[str]:
    """Every box that reaches past the right edge of its page's content area (margin boxes, the running
    header and footer, excepted), as "page N: Type 'text…' ends at X > Y"."""
    from weasyprint.formatting_structure import boxes

    found: list[str] = []

    def walk(box: Any, right: float, page: int) -> None:
        if isinstance(box, boxes.MarginBox):
            return
        end = box.position_x + box.margin_width()
        if end > right + 0.01:
            text = getattr(box, "text", "")[:30]
            found.append(f"page {page}: {type(box).__name__} {text!r} ends at {end:.1f} > {right:.1f}")
        for child in getattr(box, "children", ()):
            walk(child, right, page)

    for number, page in enumerate(document.pages, 1):
        page_box = page._page_box
        right = page_box.content_box_x() + page_box.width
        for child in page_box.children:
            walk(child, right, number)
    return found


def laid_out_text(document: Any) -> str:
    """The text of every text box, in order, without the line breaks the layout made."""
    parts: list[str] = []

    def walk(box: Any) -> None:
        if hasattr(box, "text"):
            parts.append(box.text)
        for child in getattr(box, "children", ()):
            walk(child)

    for page in document.pages:
        walk(page._page_box)
    return "".join(parts)


def small_document(body: str) -> str:
    return f'<html lang="en"><head><title>t</title></head><body><section class="main">{body}</section></body></html>'


LONG_WORDS = small_document(f"""
<p class="t">A paragraph with {WORD} in it, and {URL} too.</p>
<table><thead><tr><th>Code</th><th>Action</th><th>Lead</th><th>Partners</th><th class="num">Budget</th>
<th>Dates</th></tr></thead><tbody>
<tr><td class="code">A1</td><td class="t">{WORD}</td><td class="t">Ministry of Tourism</td>
<td class="t">{URL}</td><td class="num">1,000 USD</td><td>jun 2026 – dic 2026</td></tr>
<tr><td class="code">A2</td><td class="t">Ordinary words here</td><td class="t">{WORD}</td>
<td class="t">x</td><td class="num">2 USD</td><td>jun 2026</td></tr>
</tbody></table>
<table class="swot"><tr><td class="t">{WORD}</td><td class="t">short</td></tr></table>
<ul class="plain"><li><span class="code">S1</span><span class="t">{WORD}</span></li></ul>
""")


@pytest.mark.slow
def test_a_long_word_or_url_never_overflows_in_a_paragraph_or_a_table() -> None:
    from facilitator.export.pdf import lay_out

    document = lay_out(LONG_WORDS)
    assert overflow(document) == []
    # every long word and URL is printed whole, only cut into lines
    joined = "".join(laid_out_text(document).split())
    assert joined.count(WORD) == 5 and joined.count(URL) == 2


@pytest.mark.slow
def test_without_the_long_word_class_the_table_would_overflow() -> None:
    """The check above can fail: the same document laid out with the plan stylesheet but without the
    ``lw`` class (ordinary words' ``break-word`` only) makes the table wider than the page."""
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    from facilitator.export.html import STYLESHEET
    from facilitator.export.pdf import base_url, make_fetcher

    fetcher, base, fonts = make_fetcher(), base_url(), FontConfiguration()
    document = weasyprint.HTML(string=LONG_WORDS, base_url=base, url_fetcher=fetcher).render(
        font_config=fonts, stylesheets=[weasyprint.CSS(url=base + STYLESHEET, url_fetcher=fetcher, font_config=fonts)])
    assert any("TableBox" in line or "TableCellBox" in line for line in overflow(document))


@pytest.mark.slow
def test_long_words_in_the_plan_templates_stay_on_the_page(tmp_path: Path) -> None:
    """Long words typed into the fields of the plan's big tables (actions, indicators, the landscape
    logframe, stakeholders), laid out with the real templates."""
    from facilitator.export.pdf import lay_out

    store = PlanStore.open(copy_example(tmp_path / "example"), read_only=True)
    try:
        plan = store.plan
        sessions = [s.session for s in store.session_summaries() if s.session is not None]
    finally:
        store.close()
    action, indicator = plan.actions[0], plan.indicators[0]
    action.title, action.lead, action.partners = WORD, WORD[:190], [URL]
    indicator.name, indicator.source, indicator.responsible = URL, WORD, WORD[:190]
    plan.objectives[0].title = WORD
    with i18n.in_language("en"):
        html = render_html(build_context(plan, sessions, "en", sections=["indicators", "logframe", "actions"]))
    document = lay_out(html)
    assert overflow(document) == []
    assert WORD in "".join(laid_out_text(document).split())


# --- the collector --------------------------------------------------------------------------------------------------

def test_the_garbage_collector_is_paused_during_a_render_and_restored_after() -> None:
    from facilitator.export.pdf import render_pdf

    seen: list[bool] = []
    assert gc.isenabled()
    render_pdf(small_document("<p>tiny</p>"), laid_out=lambda _n: seen.append(gc.isenabled()))
    assert seen == [False] and gc.isenabled()
    gc.disable()
    try:
        render_pdf(small_document("<p>tiny</p>"))
        assert not gc.isenabled()  # a caller that had it off keeps it off
    finally:
        gc.enable()
    with pytest.raises(ValueError):
        render_pdf(small_document("<p>tiny</p>"), laid_out=lambda _n: (_ for _ in ()).throw(ValueError("x")))
    assert gc.isenabled()
