"""Why this cluster, the stakeholder map and the value chain (issue 13): the data and its back-compat, the
checks, the diff and merge by id, the editors at 80×24 driven by key presses, and the PDF text of small
rendered plans (profile section only)."""

from __future__ import annotations

import io
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
from pdfs import compact, label_sizes, pdf_text
from pilot import pilot_test, settle, type_text, until
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Input, SelectionList, Static

from facilitator import app as app_module
from facilitator import maps
from facilitator.app import ClusterApp
from facilitator.checks import check_folder
from facilitator.diff import diff_plans, report_text
from facilitator.export import export_plan, mapcharts
from facilitator.merge import merge_texts
from facilitator.model import Plan
from facilitator.screens.figures import FiguresScreen
from facilitator.screens.record_form import RecordForm
from facilitator.screens.segments import SegmentsScreen
from facilitator.screens.stakeholders import StakeholdersScreen
from facilitator.screens.widgets import RecordTable

SIZE = (80, 24)

OLD_PLAN = '''format = "cluster-facilitator/plan/1"
language = "en"

[cluster]
name = "Rivera Furniture Cluster"

[[cluster.figures]]
name = "Furniture firms"
value = 42

[[stakeholders]]
id = "stk-aaaaaa"
name = "Ana"
organization = "Muebles Norte"
kind = "firm"
segment = "Sawmills"

[[stakeholders]]
id = "stk-bbbbbb"
name = "Beto"
organization = "Muebles Sur"
kind = "firm"
segment = "  sawmills "

[[stakeholders]]
id = "stk-cccccc"
name = "Carla"
organization = "Diseño Uno"
kind = "firm"
segment = "Design studios"
'''
"""A plan written before issue 13: no weight, no scores, segments only as free text on stakeholders."""


def write_plan(tmp_path: Path, text: str, name: str = "plan") -> Path:
    folder = tmp_path / name
    folder.mkdir()
    (folder / "plan.toml").write_text(text, encoding="utf-8")
    return folder


def plan_of(folder: Path) -> dict[str, Any]:
    return tomllib.loads((folder / "plan.toml").read_text(encoding="utf-8"))


def load(text: str) -> Plan:
    return Plan.model_validate(tomllib.loads(text))


@pytest.fixture(autouse=True)
def no_disk_watch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(app_module, "DISK_CHECK_SECONDS", 3600.0)


# --- the data: back-compat and the maps' rules -----------------------------------------------------------------

def test_an_old_plan_loads_and_its_chain_is_drawn_from_the_stakeholders_texts(tmp_path: Path) -> None:
    plan = load(OLD_PLAN)
    assert plan.cluster.segments == [] and plan.stakeholders[0].influence is None
    chain = maps.value_chain(plan)
    assert chain.derived
    assert [s.name for s in chain.segments] == ["Sawmills", "Design studios"]  # case and spacing aside
    assert [chain.counts[s.id] for s in chain.segments] == [2, 1]
    assert maps.actors(plan) == ([], 3)  # nobody rated: no map, three left off
    assert maps.weight_figures(plan) == []
    folder = write_plan(tmp_path, OLD_PLAN)
    assert check_folder(folder) == []  # none of the new checks fires on an old plan


def test_organizations_are_placed_by_the_mean_of_their_rated_stakeholders() -> None:
    plan = load(OLD_PLAN.replace('segment = "Sawmills"', 'segment = "Sawmills"\ninfluence = 4\ninterest = 2')
                .replace('segment = "  sawmills "', 'segment = "  sawmills "\norganization = "x"', 0)
                .replace('name = "Beto"\norganization = "Muebles Sur"', 'name = "Beto"\norganization = "Muebles Norte"')
                .replace('segment = "  sawmills "', 'segment = "  sawmills "\ninfluence = 1\ninterest = 5'))
    actors, unrated = maps.actors(plan)
    assert unrated == 1  # Carla
    assert len(actors) == 1
    (norte,) = actors
    assert (norte.organization, norte.influence, norte.interest) == ("Muebles Norte", 2.5, 3.5)
    assert norte.quadrant == "inform"  # influence under 3, interest 3 or more
    assert [maps.quadrant(3, 3), maps.quadrant(5, 1), maps.quadrant(2.9, 2.9)] == ["manage", "satisfy", "monitor"]


# --- checks --------------------------------------------------------------------------------------------------

def test_checks_report_unsourced_weight_links_to_nowhere_and_stakeholders_outside_the_chain(tmp_path: Path) -> None:
    text = OLD_PLAN.replace('value = 42\n', 'value = 42\nweight = "firms"\n') + '''
[[cluster.segments]]
id = "seg-saw001"
name = "Sawmills"
stage = 1
links = ["seg-nothere"]
'''
    text = text.replace("[[stakeholders]]", "[[cluster.segments]]\nid = \"seg-fac001\"\nname = \"Factories\"\nstage = 2\n\n"
                        "[[stakeholders]]", 1)
    folder = write_plan(tmp_path, text)
    problems = {(p.check, p.level.value, p.record) for p in check_folder(folder)}
    assert ("figure-no-source", "warning", "Furniture firms") in problems
    assert ("dangling-id", "error", "Sawmills") in problems  # the link names no segment
    assert ("segment-unknown", "warning", "stk-cccccc") in problems  # "Design studios" is no segment
    assert not any(p[0] == "segment-unknown" and p[2] in ("stk-aaaaaa", "stk-bbbbbb") for p in problems)
    located = next(p for p in check_folder(folder) if p.check == "dangling-id")
    assert located.line is not None and "links" in (located.key or "")
    fixed = text.replace('links = ["seg-nothere"]', 'links = ["seg-fac001"]').replace(
        'weight = "firms"', 'weight = "firms"\nsource = "Registry"').replace('"Design studios"', '"factories"')
    (folder / "plan.toml").write_text(fixed, encoding="utf-8")
    assert check_folder(folder) == []


def test_scores_outside_one_to_five_are_refused_with_the_key() -> None:
    with pytest.raises(ValueError, match="influence"):
        load(OLD_PLAN.replace('segment = "Sawmills"', 'segment = "Sawmills"\ninfluence = 6'))


# --- diff and merge by id -------------------------------------------------------------------------------------

def test_diff_names_segments_and_their_links_and_the_new_stakeholder_fields() -> None:
    base = OLD_PLAN + '''
[[cluster.segments]]
id = "seg-saw001"
name = "Sawmills"

[[cluster.segments]]
id = "seg-fac001"
name = "Factories"
stage = 2
'''
    new = base.replace('name = "Factories"\nstage = 2\n', 'name = "Furniture factories"\nstage = 2\n').replace(
        'id = "seg-saw001"\nname = "Sawmills"\n', 'id = "seg-saw001"\nname = "Sawmills"\nlinks = ["seg-fac001"]\n'
    ).replace('segment = "Sawmills"', 'segment = "Sawmills"\ninfluence = 4')
    diff = diff_plans(load(base), load(new))
    saw = diff.find("segments", "seg-saw001")
    assert saw is not None and saw.field_change("links").new == "Furniture factories"  # shown by name
    factories = diff.find("segments", "seg-fac001")
    assert factories is not None and factories.field_change("name").new == "Furniture factories"
    ana = diff.find("stakeholders", "stk-aaaaaa")
    assert ana is not None and ana.field_change("influence").new == 4
    report = report_text(diff)
    assert "Value chain" in report and "influence set to 4" in report.replace("“", "").replace("”", "")


def test_merge_keeps_segments_added_on_both_sides_and_scores_edited_on_one() -> None:
    base = OLD_PLAN
    ours = base + '\n[[cluster.segments]]\nid = "seg-saw001"\nname = "Sawmills"\n'
    theirs = base.replace('segment = "Design studios"', 'segment = "Design studios"\ninterest = 5') + (
        '\n[[cluster.segments]]\nid = "seg-des001"\nname = "Design studios"\nstage = 2\nsupport = true\n')
    result = merge_texts(base, ours, theirs, "plan.toml")
    assert result.conflicts == []
    data = tomllib.loads(result.text)
    assert [s["id"] for s in data["cluster"]["segments"]] == ["seg-saw001", "seg-des001"]
    assert data["stakeholders"][2]["interest"] == 5
    both = ours.replace('name = "Sawmills"\n', 'name = "Sawmills"\nstage = 1\n')
    other = ours.replace('name = "Sawmills"\n', 'name = "Sawmills"\nstage = 3\n')
    clash = merge_texts(ours, both, other, "plan.toml")
    assert [str(c) for c in clash.conflicts] and "seg-saw001" in str(clash.conflicts[0])


# --- the charts ---------------------------------------------------------------------------------------------

def _labels() -> mapcharts.GridLabels:
    return mapcharts.GridLabels(quadrants={k: str(v) for k, v in maps.QUADRANTS.items()},
                             captions={k: k for k in maps.QUADRANTS}, influence="Influence", interest="Interest",
                             high="high", low="low", empty="none")


def test_the_grid_wraps_long_names_whole_and_escapes_them() -> None:
    long = "Departmental Government of Colonia – Tourism Directorate and its <b>regional</b> offices"
    svg = str(mapcharts.stakeholder_grid([mapcharts.Placed(long, "5 · 5", "manage"),
                                        mapcharts.Placed("Ferry", "5 · 2", "satisfy")], _labels(), title="Map"))
    assert "\u2026" not in svg  # wrapped, not cut
    assert "&lt;b&gt;regional&lt;/b&gt;" in svg and "<b>" not in svg
    assert svg.count("Manage closely") >= 1 and "Keep informed" in svg and "Monitor" in svg
    sizes = label_sizes(svg)
    assert sizes
    assert min(sizes) >= 2.45  # 2.5 mm is 7.1 pt: nothing under 7 pt


def test_the_grid_shows_fewer_long_names_so_that_it_stays_on_one_page() -> None:
    long = "Departmental Government of Colonia – Tourism Directorate"  # two lines in a quadrant
    items = [mapcharts.Placed(f"{long} {i}", "5 · 5", key) for key in maps.QUADRANTS for i in range(22)]
    shown = mapcharts.grid_shown(items)
    assert 0 < shown["manage"] < 22 and len(set(shown.values())) == 1
    svg = str(mapcharts.stakeholder_grid(items, _labels()))
    height = re.search(r"height:([\d.]+)mm", svg)
    assert height and float(height.group(1)) <= mapcharts.CHART_MOST_HEIGHT  # it was 365 mm, off the page
    assert svg.count(f">+{22 - shown['manage']}<") == 4  # each quadrant says how many more (listed below)
    short = [mapcharts.Placed(f"Hotel {i}", "4 · 4", "manage") for i in range(25)]
    assert mapcharts.grid_shown(short)["manage"] == mapcharts.GRID_MOST  # one-line names: as many as before


def test_the_chain_draws_a_box_per_segment_an_arrow_per_link_and_the_band() -> None:
    svg = str(mapcharts.value_chain([mapcharts.Box("a", "Sawmills", "2 stakeholders", 1),
                                  mapcharts.Box("b", "Factories", "1 stakeholder", 2)], [("a", "b"), ("a", "zzz")],
                                 [mapcharts.Box("c", "Banks", "0 stakeholders")], stage_label="Stage {n}",
                                 support_label="Supporting segments", title="Value chain"))
    assert "Stage 1" in svg and "Stage 2" in svg and "Supporting segments" in svg
    assert "2 stakeholders" in svg and "0 stakeholders" in svg
    assert svg.count("<path") == 1  # one arrowhead: the link to an unknown segment is not drawn
    assert svg.index("<path") < svg.index(">Sawmills<")  # arrows first, so they pass behind the boxes
    assert "Sawmills → Factories" in svg  # the alternate text says the links


def test_a_chain_too_large_for_one_page_is_not_drawn() -> None:
    def chain(n: int, stage: Any) -> list[mapcharts.Box]:
        return [mapcharts.Box(f"s{k}", f"Segment {k}", "1 stakeholder", stage(k)) for k in range(n)]

    def drawn(boxes: list[mapcharts.Box], band: list[mapcharts.Box] | None = None) -> bool:
        return mapcharts.value_chain(boxes, [], band or [], stage_label="Stage {n}",
                                     support_label="Supporting segments") is not None

    assert drawn(chain(6, lambda k: k + 1))
    assert not drawn(chain(7, lambda k: k + 1))  # a seventh stage: a column would be too narrow for a name
    assert drawn(chain(10, lambda k: 1))
    assert not drawn(chain(18, lambda k: 1))  # it ran off the page's foot
    assert not drawn([], [mapcharts.Box(f"b{k}", f"Body {k}", "0 stakeholders") for k in range(70)])


# --- the PDF -------------------------------------------------------------------------------------------------

def test_profile_pdf_lists_a_chain_too_large_to_draw_every_segment_with_its_place(tmp_path: Path) -> None:
    segments = "".join(f'[[cluster.segments]]\nid = "seg-st{k:04d}"\nname = "Maker group {k}"\nstage = {k}\n'
                       + (f'links = ["seg-st{k + 1:04d}"]\n' if k < 9 else "") + "\n" for k in range(1, 10))
    folder = write_plan(tmp_path, OLD_PLAN.replace("[[cluster.figures]]", segments + "[[cluster.figures]]"))
    text = compact(pdf_text(export_plan(folder, sections=["profile"])))
    assert compact("Too many stages or segments to draw on one page: the value chain is listed.") in text
    for k in range(1, 10):
        assert compact(f"Stage {k}Maker group {k}0") in text, k  # its place, its name, its stakeholders
    assert text.count(compact("Maker group 2")) == 2  # its own row, and what group 1 supplies

def test_profile_pdf_of_an_old_plan_draws_the_chain_from_the_texts(tmp_path: Path) -> None:
    folder = write_plan(tmp_path, OLD_PLAN)
    text = compact(pdf_text(export_plan(folder, sections=["profile"])))
    assert compact("Segments named by the stakeholders") in text
    assert compact("Sawmills") in text and compact("2 stakeholders") in text
    assert compact("Why this cluster") not in text and compact("Manage closely") not in text  # nothing to show


def test_profile_pdf_opens_with_the_weight_and_plots_organizations_not_people(tmp_path: Path) -> None:
    text = OLD_PLAN.replace('value = 42\n', 'value = 42\nunit = "firms"\nyear = 2025\nweight = "firms"\n'
                            'region_share = 3.5\nsource = "Rivera business registry"\n')
    text = text.replace('segment = "Sawmills"', 'segment = "Sawmills"\ninfluence = 5\ninterest = 4').replace(
        'segment = "Design studios"', 'segment = "Design studios"\ninfluence = 1\ninterest = 1').replace(
        'organization = "Diseño Uno"\n', '')
    folder = write_plan(tmp_path, text)
    pdf = compact(pdf_text(export_plan(folder, sections=["profile"])))
    assert pdf.index(compact("Why this cluster")) < pdf.index(compact("Key figures"))
    for shown in ("Furniture firms", "42 firms", "3.5% of the region", "Rivera business registry",
                  "Manage closely", "Keep satisfied", "Keep informed", "Monitor", "Muebles Norte", "5 · 4",
                  "Actor 3", "1 stakeholder without an influence or interest score is not on the map."):
        assert compact(shown) in pdf, shown
    assert compact("Carla") not in pdf and compact("Ana") not in pdf  # people are not named by default


def test_example_pdf_has_why_this_cluster_both_maps_in_that_order(example_pdf: Any) -> None:
    text = compact(example_pdf.text)
    start = text.index(compact("Why this cluster"))
    for shown in ("Spending by international visitors", "Ministry of Tourism of Uruguay", "Share of the region",
                  "Departmental Government of Colonia", "Manage closely", "Stage 3", "Supporting segments",
                  "Wine tourism", "3 stakeholders"):
        assert compact(shown) in text[start:], shown
    assert text.index(compact("Stakeholder map: influence and interest"), start) < text.index(
        compact("Segments by stage"), start)


# --- the editors, at 80×24 -----------------------------------------------------------------------------------

async def _form(pilot: Pilot[Any]) -> RecordForm:
    await until(pilot, lambda: isinstance(pilot.app.screen, RecordForm))
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, RecordForm)
    return screen


async def _type_into(pilot: Pilot[Any], name: str, text: str) -> None:
    field = pilot.app.screen.query_one(f"#field-{name}", Input)
    field.focus()
    field.value = ""
    await pilot.pause()
    await type_text(pilot, text)
    await pilot.pause()


@pilot_test
async def test_scores_are_typed_as_digits_and_a_wrong_one_is_refused_at_its_field(example_plan: Path) -> None:
    before = (example_plan / "plan.toml").read_bytes()
    app = ClusterApp(example_plan)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("k")
        await until(pilot, lambda: isinstance(app.screen, StakeholdersScreen))
        table = app.screen.query_one(RecordTable)
        assert table.select_key("stk-33hwh2")  # the facilitator: not rated in the example
        await pilot.press("enter")
        form = await _form(pilot)
        await _type_into(pilot, "influence", "7")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, RecordForm)
        assert "at most 5" in str(form.query_one("#err-influence", Static).render())
        assert (example_plan / "plan.toml").read_bytes() == before  # nothing written
        await _type_into(pilot, "influence", "2")
        await _type_into(pilot, "interest", "4")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, StakeholdersScreen))
        shown = app.screen.query_one(RecordTable)
        assert shown.current() is not None and shown.current().key == "stk-33hwh2"
        assert "2/4" in str(shown.current().cells[-1])
    person = next(s for s in plan_of(example_plan)["stakeholders"] if s["id"] == "stk-33hwh2")
    assert (person["influence"], person["interest"]) == (2, 4)


@pilot_test
async def test_add_a_segment_with_its_links_from_the_profile(example_plan: Path) -> None:
    app = ClusterApp(example_plan)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")  # the profile
        await pilot.pause()
        await pilot.press("f3")
        await until(pilot, lambda: isinstance(app.screen, SegmentsScreen))
        table = app.screen.query_one(RecordTable)
        assert table.select_key("seg-cr4fts")  # Crafts and retail
        await pilot.press("plus")
        form = await _form(pilot)
        await _type_into(pilot, "name", "Souvenir makers")
        await _type_into(pilot, "stage", "4")
        links = form.query_one("#field-links", SelectionList)
        links.focus()
        await pilot.pause()
        options = [links.get_option_at_index(i) for i in range(links.option_count)]
        at = next(i for i, o in enumerate(options) if o.value == "seg-cr4fts")
        links.highlighted = at
        await pilot.press("space")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, SegmentsScreen))
        assert "Souvenir makers" in _screen_text(app)
    data = plan_of(example_plan)["cluster"]["segments"]
    names = [s["name"] for s in data]
    added = data[names.index("Souvenir makers")]
    assert names.index("Souvenir makers") == names.index("Crafts and retail") + 1
    assert added["id"].startswith("seg-") and added["stage"] == 4 and added["links"] == ["seg-cr4fts"]
    assert "support" not in added  # left at its default: not written


@pilot_test
async def test_a_figure_becomes_a_weight_figure_by_picking_its_kind(example_plan: Path) -> None:
    app = ClusterApp(example_plan)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("f2")
        await until(pilot, lambda: isinstance(app.screen, FiguresScreen))
        table = app.screen.query_one(RecordTable)
        assert table.select_key("#6")  # Hotel bed places
        await pilot.press("enter")
        form = await _form(pilot)
        from textual.widgets import Select

        weight = form.query_one("#field-weight", Select)
        weight.value = "firms"
        await _type_into(pilot, "region_share", "12,5")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, FiguresScreen))
    figure = plan_of(example_plan)["cluster"]["figures"][6]
    assert (figure["name"], figure["weight"], figure["region_share"]) == ("Hotel bed places", "firms", 12.5)


@pilot_test
async def test_a_cancelled_segment_form_writes_nothing(example_plan: Path) -> None:
    before = (example_plan / "plan.toml").read_bytes()
    app = ClusterApp(example_plan)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.run_action("section('segments')")
        await until(pilot, lambda: isinstance(app.screen, SegmentsScreen))
        await pilot.press("plus")
        await _form(pilot)
        await _type_into(pilot, "name", "Never saved")
        await pilot.press("escape")
        await pilot.pause()
        for _ in range(3):  # the "discard?" question, if asked, is answered yes
            if isinstance(app.screen, SegmentsScreen):
                break
            await pilot.press("y")
            await pilot.pause()
        await until(pilot, lambda: isinstance(app.screen, SegmentsScreen))
    assert (example_plan / "plan.toml").read_bytes() == before


def test_views_fit_at_both_sizes(example_plan: Path) -> None:
    """The segments and stakeholders views at 80×24 and 160×45: nothing cut without an ellipsis."""
    import asyncio

    async def run(size: tuple[int, int]) -> tuple[str, str]:
        app = ClusterApp(example_plan)
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await app.run_action("section('segments')")
            await until(pilot, lambda: isinstance(app.screen, SegmentsScreen))
            await pilot.pause()
            segments = _screen_text(app)
            await app.run_action("section('stakeholders')")
            await until(pilot, lambda: isinstance(app.screen, StakeholdersScreen))
            await pilot.pause()
            return segments, _screen_text(app)

    for size in ((80, 24), (160, 45)):
        segments, people = asyncio.run(run(size))
        assert "Inbound tour operation" in segments or "Inbound tour operat…" in segments
        assert "Transport" in segments and "21 segments" in segments
        assert "Infl./int." in people or "Infl./in…" in people
        if size == (160, 45):
            assert "Accommodation, Inbound tour operation" in segments  # Transport supplies both, by name


def _screen_text(app: ClusterApp) -> str:
    """What the terminal shows, as plain text."""
    console = Console(width=app.size.width, height=app.size.height, file=io.StringIO(), record=True,
                      force_terminal=True, legacy_windows=False, safe_box=False)
    console.print(app.screen._compositor.render_update(full=True))
    return console.export_text()


@pilot_test
async def test_an_old_plan_takes_its_segments_from_the_stakeholders_with_one_key(tmp_path: Path) -> None:
    folder = write_plan(tmp_path, OLD_PLAN.replace('kind = "firm"\nsegment = "Design studios"',
                                                   'kind = "university"\nsegment = "Design studios"'))
    app = ClusterApp(folder)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("V")
        await until(pilot, lambda: isinstance(app.screen, SegmentsScreen))
        assert "press u" in _screen_text(app)
        await pilot.press("u")
        await until(pilot, lambda: bool(plan_of(folder)["cluster"].get("segments")))
        await pilot.pause()
        assert "Sawmills" in _screen_text(app)
        await pilot.press("u")  # again: nothing left to take, nothing written
        await pilot.pause()
    segments = plan_of(folder)["cluster"]["segments"]
    assert [(s["name"], s.get("support", False)) for s in segments] == [("Sawmills", False), ("Design studios", True)]
    assert all(s["id"].startswith("seg-") and "links" not in s for s in segments)
    assert check_folder(folder) == []  # every stakeholder now in a segment of the chain


def test_scores_travel_by_csv_and_a_wrong_one_is_refused_at_its_line(example_plan: Path, tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    from facilitator.cli import main

    out = tmp_path / "people.csv"
    assert main(["csv", "export", str(example_plan), "stakeholders", "-o", str(out)]) == 0
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].endswith(",influence,interest") and lines[1].endswith(",2,5")  # Posada del Río
    before = (example_plan / "plan.toml").read_bytes()
    out.write_text("\n".join([lines[0], lines[1][:-len(",2,5")] + ",7,5", *lines[2:]]) + "\n", encoding="utf-8")
    assert main(["csv", "import", str(example_plan), "stakeholders", str(out)]) == 1
    assert "people.csv:2" in capsys.readouterr().err and (example_plan / "plan.toml").read_bytes() == before
    out.write_text("\n".join([lines[0], lines[1][:-len(",2,5")] + ",4,", *lines[2:]]) + "\n", encoding="utf-8")
    assert main(["csv", "import", str(example_plan), "stakeholders", str(out)]) == 0
    ines = plan_of(example_plan)["stakeholders"][0]
    assert ines["influence"] == 4 and "interest" not in ines  # an empty optional cell clears the score


def test_a_crowded_quadrant_keeps_the_map_on_one_page_and_names_the_rest_below(tmp_path: Path) -> None:
    people = "".join(f'''
[[stakeholders]]
id = "stk-p{n:04d}"
name = "Person {n}"
organization = "Hotel number {n:02d} of the old town"
kind = "firm"
influence = 4
interest = 4
''' for n in range(1, mapcharts.GRID_MOST + 4))
    folder = write_plan(tmp_path, 'format = "cluster-facilitator/plan/1"\n[cluster]\nname = "Crowded"\n' + people)
    path = export_plan(folder, sections=["profile"])
    text = compact(pdf_text(path))
    assert compact("+3 more, listed below the map") in text
    for n in range(1, mapcharts.GRID_MOST + 4):  # every organization is named: in the map or under it
        assert compact(f"Hotel number {n:02d} of the old town") in text, n
    assert compact("Manage closely (continued)") in text
