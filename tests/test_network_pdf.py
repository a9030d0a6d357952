"""The collaboration network chapter of the plan PDF: its measures in the example's PDF, a figure that is the
same for the same plan, labels that stay few and escaped, and no chapter for a plan without ties.

The PDF checks read the example rendered once for the session (`example_pdf` in conftest.py); the others
read the context and the HTML (fast).
"""

from __future__ import annotations

import datetime as dt
import random
import re

import pytest
from markupsafe import escape
from pdfs import Rendered, compact

from facilitator import i18n, network
from facilitator.example import copy_example
from facilitator.export import charts, netfigure
from facilitator.export.context import build_context
from facilitator.export.context.network import actor_names, network_section
from facilitator.export.formatting import Fmt
from facilitator.export.html import render_html
from facilitator.model import Plan, Stakeholder, Tie
from facilitator.store import PlanStore

TODAY = dt.date(2026, 11, 22)
HOSTILE = "<script>alert(1)</script> & \"q\""


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Plan:
    store = PlanStore.open(copy_example(tmp_path_factory.mktemp("net") / "example"), read_only=True)
    try:
        return store.plan
    finally:
        store.close()


def chapter(html: str) -> str:
    start = html.index('id="network"')
    return html[start:html.index("</section>", start)]


def test_the_example_pdf_has_the_network_chapter_with_its_measures(example_pdf: Rendered) -> None:
    flat = compact(example_pdf.text)
    start = flat.index(compact("Collaboration network") + compact("A roster survey"))
    body = flat[start:]
    # The example: 26 ties and density 0.103 at baseline (2025-11), 58 and 0.21 a year on; 35 new ties, 3 lost.
    for expected in ("Measuresbywave", "Density0.1030.21+0.107", "Ties2658+32", "Components31−2",
                     "Isolates20−2", "Whatchangedfrom2025-11to2026-11", "Newties35", "Lostties3",
                     "ActorswhojoinedIndependentconsultant", "Brokers2025-11AsociaciónTurísticadeColonia(0.527)",
                     "Isolates2025-11TallerdeCerámicaBarrioSur,EstanciaLaCalera"):
        assert expected in body, expected
    assert "Collaborationnetwork" in flat[:start]  # and in the contents


def test_the_chapter_is_in_the_plan_language(example: Plan) -> None:
    with i18n.in_language("es"):
        html = render_html(build_context(example, [], "es", today=TODAY))
    part = chapter(html)
    assert "Densidad" in part and "0,103" in part and "0,21" in part and "+0,107" in part
    assert "Aislados" in part


def test_a_plan_without_ties_has_no_network_chapter(example: Plan) -> None:
    bare = example.model_copy(update={"network": example.network.model_copy(update={"ties": [], "waves": []})})
    with i18n.in_language("en"):
        context = build_context(bare, [], "en", today=TODAY)
        html = render_html(context)
    assert "network" not in context["chosen"] and 'id="network"' not in html and 'href="#network"' not in html
    with i18n.in_language("en"):
        assert "network" in build_context(example, [], "en", today=TODAY)["chosen"]
        assert "network" not in build_context(example, [], "en", today=TODAY, sections=["summary"])["chosen"]


def test_the_figure_is_the_same_for_the_same_plan_whatever_the_order_of_its_ties(example: Plan) -> None:
    with i18n.in_language("en"):
        first = str(network_section(example, Fmt("en"))["figure"])  # type: ignore[index]
        again = str(network_section(example, Fmt("en"))["figure"])  # type: ignore[index]
        shuffled_ties = list(example.network.ties)
        random.Random(3).shuffle(shuffled_ties)
        shuffled = example.model_copy(update={"network": example.network.model_copy(update={"ties": shuffled_ties})})
        reordered = str(network_section(shuffled, Fmt("en"))["figure"])  # type: ignore[index]
        fewer = example.model_copy(update={"network": example.network.model_copy(
            update={"ties": example.network.ties[1:]})})
        other = str(network_section(fewer, Fmt("en"))["figure"])  # type: ignore[index]
    assert first == again == reordered
    assert other != first
    # One node per actor of either wave, one line per pair with a tie in either wave, coloured by kind.
    rep = network.report(example)
    nodes = set().union(*(w.nodes for w in rep.waves))
    ties = set().union(*(w.edges for w in rep.waves))
    assert first.count("<circle") == len(nodes) + len({str(s.kind) for s in example.stakeholders if s.id in nodes})
    assert first.count("<line") == len(ties) + 3  # + the legend's kept, new and lost
    assert netfigure.KIND_COLOURS["association"] in first and netfigure.KIND_COLOURS["firm"] in first
    assert first.count(f'stroke="{netfigure.NEW}" ') >= rep.change.new_ties  # type: ignore[union-attr]
    # Every actor of a small network is labelled, by its organisation.
    names = actor_names(example, participants=False)
    for s in example.stakeholders:
        if s.id in nodes:
            assert f">{escape(charts.short(names[s.id], 24))}</span>" in first
            assert s.name not in first


def test_the_layout_is_in_the_unit_square_and_pulls_tied_actors_together() -> None:
    nodes = [f"a{i}" for i in range(12)]
    edges = [(f"a{i}", f"a{i + 1}") for i in range(5)] + [(f"a{i}", f"a{i + 1}") for i in range(6, 11)]
    pos = netfigure.layout(nodes, edges)
    assert set(pos) == set(nodes)
    assert all(0 <= x <= 1 and 0 <= y <= 1 for x, y in pos.values())

    def dist(a: str, b: str) -> float:
        return ((pos[a][0] - pos[b][0]) ** 2 + (pos[a][1] - pos[b][1]) ** 2) ** 0.5

    tied = sum(dist(a, b) for a, b in edges) / len(edges)
    apart = sum(dist(f"a{i}", f"a{j}") for i in range(6) for j in range(6, 12)) / 36
    assert tied < apart / 2
    assert netfigure.layout(list(reversed(nodes)), list(reversed(edges))) == pos


def _large_plan(n: int, m: int) -> Plan:
    rng = random.Random(7)
    people = [Stakeholder(id=f"stk-{i:04d}", name=f"Person {i:03d}", organization=HOSTILE if i == 0 else "",
                          kind=rng.choice(["firm", "firm", "university", "government"])) for i in range(n)]
    pairs: set[tuple[int, int]] = {(0, j) for j in range(1, 40)}  # actor 0: the main actor, with a hostile name
    while len(pairs) < m:
        a, b = sorted(rng.sample(range(n), 2))
        pairs.add((a, b))
    ties = [Tie(id=f"tie-{k:05d}", wave="2026-03", actor=f"stk-{a:04d}", partner=f"stk-{b:04d}", kind="business")
            for k, (a, b) in enumerate(sorted(pairs))]
    return Plan.model_validate({"cluster": {"name": "Large"}, "language": "en", "stakeholders": people,
                                "network": {"ties": ties}})


def test_a_large_network_labels_only_its_main_actors_and_escapes_names() -> None:
    plan = _large_plan(300, 1500)
    with i18n.in_language("en"):
        section = network_section(plan, Fmt("en"))
    assert section is not None and section["change"] is None
    svg = str(section["figure"])
    labels = re.findall(r'<span class="cl[^>]*>([^<]*)</span>', svg)
    names = [x for x in labels if x.startswith(("Actor ", "&lt;script"))]
    assert not any(x.startswith("Person") for x in labels)  # no person's name without --participants
    assert 0 < len(names) <= netfigure.MAIN_LABELS
    assert any(x.startswith("&lt;script&gt;alert(1)") for x in names)  # the hub, escaped (and cut with …)
    assert "<script>" not in svg
    assert svg.count("<circle") == 300 + 3  # every actor, and the legend's three kinds



def test_a_person_without_an_organisation_is_named_only_with_participant_names(example: Plan) -> None:
    people = [s.model_copy(update={"organization": ""}) if s.name == "Joaquín Ortiz" else s
              for s in example.stakeholders]
    plan = example.model_copy(update={"stakeholders": people})
    with i18n.in_language("en"):
        quiet = render_html(build_context(plan, [], "en", today=TODAY, sections=["network"]))
        named = render_html(build_context(plan, [], "en", today=TODAY, sections=["network"], participants=True))
    place = 1 + [s.name for s in plan.stakeholders].index("Joaquín Ortiz")
    assert "Joaquín Ortiz" not in quiet and f"Actor {place} (0.527)" in chapter(quiet)
    assert "Joaquín Ortiz (0.527)" in chapter(named)
