"""The collaboration network (issue 14): ties in plan.toml, the measures per wave against networkx, the
`network` command, the ties CSV (unknown names, --add-missing, round trip) and indicators fed by a measure."""

from __future__ import annotations

import csv
import io
import json
import tomllib
from pathlib import Path

import networkx as nx
import pytest

from facilitator import network
from facilitator.checks import check_folder
from facilitator.cli import main
from facilitator.model import Indicator, Objective, Stakeholder, Tie, Wave
from facilitator.problems import PlanError
from facilitator.store import PlanStore

# --- a published network, imported as two waves ----------------------------------------------------------------
#
# Zachary's karate club (1977; shipped with networkx) is the baseline; the follow-up drops every seventh tie and
# adds five between the two factions, as a program that bridges two groups would. Both waves go through the CSV
# import with names, and the results are compared with networkx run on the same edge lists.

KARATE = nx.karate_club_graph()
WAVE1 = sorted(tuple(sorted(e)) for e in KARATE.edges())
WAVE2 = [e for i, e in enumerate(WAVE1) if i % 7 != 3] + [(0, 33), (1, 32), (2, 30), (5, 23), (10, 26)]


def _name(v: int) -> str:
    return f"Actor {v:02d}"


def _karate_csv(path: Path) -> Path:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(["wave", "from", "to", "kind"])
    for wave, edges in (("2025-03", WAVE1), ("2027-03", WAVE2)):
        for a, b in edges:
            w.writerow([wave, _name(a), _name(b), "knowledge"])
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    folder = tmp_path / "plan"
    PlanStore.create(folder, "Clúster de prueba", language="es").close()
    return folder


def test_a_published_network_gives_the_same_ties_density_and_brokers_as_networkx(
        plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = _karate_csv(tmp_path / "karate.csv")
    assert main(["csv", "import", str(plan), "ties", str(file), "--add-missing"]) == 0
    capsys.readouterr()
    assert main(["network", str(plan), "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [w["wave"] for w in out["waves"]] == ["2025-03", "2027-03"]
    names_by_id = {s["id"]: s["name"] for s in tomllib.loads((plan / "plan.toml").read_text())["stakeholders"]}
    for got, edges in zip(out["waves"], (WAVE1, WAVE2)):
        g = nx.Graph()
        g.add_nodes_from(KARATE)
        g.add_edges_from(edges)
        assert got["actors"] == g.number_of_nodes() == 34
        assert got["ties"] == g.number_of_edges()
        assert got["density"] == pytest.approx(nx.density(g), abs=1e-12)
        assert got["components"] == nx.number_connected_components(g)
        reference = nx.betweenness_centrality(g)
        expected = sorted(((b, _name(v)) for v, b in reference.items() if b > 0), key=lambda x: (-x[0], x[1]))
        assert [names_by_id[b["id"]] for b in got["brokers"]] == [n for _b, n in expected[:10]]
        assert [b["betweenness"] for b in got["brokers"]] == pytest.approx([b for b, _n in expected[:10]], abs=1e-12)
        assert got["brokers"] == sorted(got["brokers"], key=lambda b: -b["betweenness"])
    moved = out["change"]
    before, after = {frozenset(e) for e in WAVE1}, {frozenset(e) for e in WAVE2}
    assert (moved["new_ties"], moved["lost_ties"], moved["kept_ties"]) == (
        len(after - before), len(before - after), len(before & after))
    assert moved["ties"] == len(WAVE2) - len(WAVE1)
    # the text form: a table with both waves side by side and the change
    assert main(["network", str(plan)]) == 0
    text = capsys.readouterr().out
    header = text.splitlines()[0]
    assert "2025-03" in header and "2027-03" in header
    assert any(line.startswith("Density") and "0.139" in line for line in text.splitlines())
    assert "Brokers 2025-03: Actor 00 0.438" in text


def test_betweenness_equals_networkx_with_isolates_and_several_components() -> None:
    g = nx.gnm_random_graph(60, 90, seed=7)
    g.add_nodes_from(range(60, 64))  # isolates
    ours, theirs = network.betweenness(g), nx.betweenness_centrality(g)
    assert ours == pytest.approx(theirs, abs=1e-12)


def _small_plan(folder: Path) -> PlanStore:
    """Five actors: two firms of one segment, a firm of another, a university and a ministry."""
    store = PlanStore.create(folder, "Red", language="es")
    people = [Stakeholder(id=f"stk-{c * 6}", name=n, kind=k, segment=s) for c, n, k, s in (
        ("a", "Bodega A", "firm", "wine"), ("b", "Bodega B", "firm", "wine"), ("c", "Tonelería C", "firm", "barrels"),
        ("d", "Universidad D", "university", ""), ("e", "Ministerio E", "government", ""))]
    store.plan.stakeholders = people

    def tie(n: int, wave: str, a: str, b: str, kind: str = "knowledge", named_by: str | None = None) -> Tie:
        return Tie(id=f"tie-{n:06d}", wave=wave, actor=f"stk-{a * 6}", partner=f"stk-{b * 6}", kind=kind,
                   named_by=None if named_by is None else f"stk-{named_by * 6}")

    store.plan.network.ties = [
        tie(1, "2025-03", "a", "b", named_by="a"), tie(2, "2025-03", "b", "a", named_by="b"),
        tie(3, "2025-03", "a", "c", named_by="a"), tie(4, "2025-03", "c", "d", "business", named_by="c"),
        tie(5, "2027-03", "a", "b"), tie(6, "2027-03", "d", "e"), tie(7, "2027-03", "e", "a", "projects"),
        tie(8, "2027-03", "c", "b"),
    ]
    store.plan.network.waves = [Wave(id="2025-03", label="Línea de base", actors=["stk-eeeeee"])]
    store.save_plan()
    return store


def test_measures_of_a_small_network(tmp_path: Path) -> None:
    with _small_plan(tmp_path / "p") as store:
        rep = network.report(store.plan)
    base, follow = rep.waves
    # the two nominations of a-b are one tie; e is listed in the wave without a tie: an isolate
    assert (base.actors, base.ties, base.isolated) == (5, 3, ["stk-eeeeee"])
    assert base.density == pytest.approx(3 / 10)
    assert base.reciprocity == pytest.approx(1 / 3)  # a-b named by both, a-c and c-d by one side only
    assert base.pairs == {"horizontal": 1, "vertical": 1, "firm_institution": 1, "institution_institution": 0,
                          "public_private": 0}
    assert base.components == 2 and base.largest_component == pytest.approx(4 / 5)
    assert base.centralization == pytest.approx(sum(2 - d for d in (2, 1, 2, 1, 0)) / (4 * 3))
    assert follow.pairs["public_private"] == 1 and follow.isolated == [] and follow.reciprocity is None
    assert rep.change is not None
    assert (rep.change.new_ties, rep.change.lost_ties, rep.change.kept_ties) == (3, 2, 1)
    with PlanStore.open(tmp_path / "p", read_only=True) as store:
        knowledge = network.measure_wave(store.plan, "2025-03", "knowledge")
    assert (knowledge.actors, knowledge.ties) == (5, 2)  # same actors, only the knowledge ties


def test_ties_round_trip_through_plan_toml_and_an_unknown_wave_is_refused(tmp_path: Path,
                                                                            capsys: pytest.CaptureFixture[str]) -> None:
    _small_plan(tmp_path / "p").close()
    data = tomllib.loads((tmp_path / "p" / "plan.toml").read_text(encoding="utf-8"))
    assert data["network"]["ties"][0] == {"id": "tie-000001", "wave": "2025-03", "actor": "stk-aaaaaa",
                                          "partner": "stk-bbbbbb", "kind": "knowledge", "named_by": "stk-aaaaaa"}
    assert data["network"]["waves"] == [{"id": "2025-03", "label": "Línea de base", "actors": ["stk-eeeeee"]}]
    assert main(["network", str(tmp_path / "p"), "--wave", "2026-01"]) == 1
    assert "no wave 2026-01" in capsys.readouterr().err


def test_a_wrong_wave_in_plan_toml_is_located(tmp_path: Path) -> None:
    _small_plan(tmp_path / "p").close()
    path = tmp_path / "p" / "plan.toml"
    text = path.read_text(encoding="utf-8").replace('wave = "2027-03"', 'wave = "2027-13"', 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PlanError) as err:
        PlanStore.open(tmp_path / "p")
    problem = err.value.problems[0]
    assert problem.file == "plan.toml" and problem.line == text.splitlines().index('wave = "2027-13"') + 1
    assert "month must be in 1..12" in problem.message


def test_check_reports_dangling_and_self_ties(tmp_path: Path) -> None:
    store = _small_plan(tmp_path / "p")
    store.plan.network.ties = [*store.plan.network.ties,
                               Tie(id="tie-000009", wave="2027-03", actor="stk-zzzzzz", partner="stk-aaaaaa",
                                   kind="business"),
                               Tie(id="tie-000010", wave="2027-03", actor="stk-aaaaaa", partner="stk-aaaaaa",
                                   kind="business")]
    store.save_plan()
    store.close()
    found = {(p.check, p.record) for p in check_folder(tmp_path / "p")}
    assert ("dangling-id", "tie-000009") in found and ("tie-self", "tie-000010") in found


# --- the ties CSV ---------------------------------------------------------------------------------------------------

def test_unknown_names_are_reported_with_their_lines_and_nothing_is_written(
        plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = (plan / "plan.toml").read_bytes()
    file = tmp_path / "ties.csv"
    file.write_text("wave,from,to,kind\n2025-03,Bodega Ramos,Bodega Sur,business\n"
                    "2025-03,Bodega Ramos,INIA,knowledge\n2025-3,Bodega Sur,INIA,knowledge\n", encoding="utf-8")
    assert main(["csv", "import", str(plan), "ties", str(file)]) == 1
    err = capsys.readouterr().err
    assert f"{file}:2: error: from: no stakeholder called 'Bodega Ramos'" in err
    assert "(also on lines 3)" in err
    assert f"{file}:3: error: to: no stakeholder called 'INIA'" in err
    assert f"{file}:4: error: wave: '2025-3' is not a wave" in err
    assert (plan / "plan.toml").read_bytes() == before


def test_add_missing_adds_the_actors_and_export_gives_the_same_layout_back(
        plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = tmp_path / "ties.csv"
    file.write_text("wave,from,to,kind,strength\n2025-03,Bodega Ramos,Bodega Sur,business,3\n"
                    "2025-03,bodega  ramos,INIA,knowledge,\n2025-03,Cooperativa Norte,,,\n"
                    "2025-03,INIA,Bodega Ramos,knowledge,\n", encoding="utf-8")
    assert main(["csv", "import", str(plan), "ties", str(file), "--add-missing"]) == 0
    out = capsys.readouterr().out
    assert "0 changed, 3 added" in out and "1 row repeats a tie" in out
    data = tomllib.loads((plan / "plan.toml").read_text(encoding="utf-8"))
    names = {s["id"]: s["name"] for s in data["stakeholders"]}
    assert sorted(names.values()) == ["Bodega Ramos", "Bodega Sur", "Cooperativa Norte", "INIA"]
    ties = data["network"]["ties"]
    assert [(names[t["actor"]], names[t["partner"]], t["kind"], t.get("strength")) for t in ties] == [
        ("Bodega Ramos", "Bodega Sur", "business", 3), ("Bodega Ramos", "INIA", "knowledge", None)]
    assert [names[a] for a in data["network"]["waves"][0]["actors"]] == ["Cooperativa Norte"]
    exported = tmp_path / "out.csv"
    assert main(["csv", "export", str(plan), "ties", "-o", str(exported)]) == 0
    rows = list(csv.reader(io.StringIO(exported.read_text(encoding="utf-8-sig"))))
    assert rows == [["wave", "from", "to", "kind", "strength"],
                    ["2025-03", "Bodega Ramos", "Bodega Sur", "business", "3"],
                    ["2025-03", "Bodega Ramos", "INIA", "knowledge", ""],
                    ["2025-03", "Cooperativa Norte", "", "", ""]]
    before = (plan / "plan.toml").read_bytes()
    capsys.readouterr()
    assert main(["csv", "import", str(plan), "ties", str(exported)]) == 0
    assert "0 changed, 0 added, 3 unchanged" in capsys.readouterr().out
    assert (plan / "plan.toml").read_bytes() == before
    # a changed strength is the one change
    exported.write_text(exported.read_text(encoding="utf-8-sig").replace("business,3", "business,5"),
                        encoding="utf-8")
    assert main(["csv", "import", str(plan), "ties", str(exported)]) == 0
    assert tomllib.loads((plan / "plan.toml").read_text(encoding="utf-8"))["network"]["ties"][0]["strength"] == 5


# --- indicators fed by a network measure -------------------------------------------------------------------------------

def test_an_indicator_fed_by_the_density_gets_a_measurement_per_wave(tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    store = _small_plan(tmp_path / "p")
    store.plan.objectives = [Objective(id="obj-aaaaaa", code="O1", title="Más cooperación")]
    store.plan.indicators = [Indicator(id="ind-aaaaaa", code="I1.1", objective="obj-aaaaaa",
                                       name="Densidad de la red de conocimiento", network_measure="density",
                                       network_kind="knowledge")]
    store.save_plan()
    store.close()
    assert any(p.check == "network-stale" for p in check_folder(tmp_path / "p"))
    assert main(["network", str(tmp_path / "p"), "--record"]) == 0
    assert "recorded: I1.1 2025-03" in capsys.readouterr().err
    ind = tomllib.loads((tmp_path / "p" / "plan.toml").read_text(encoding="utf-8"))["indicators"][0]
    import datetime as dt
    assert ind["measurements"] == [{"date": dt.date(2025, 3, 1), "value": 0.2, "note": "Línea de base"},
                                   {"date": dt.date(2027, 3, 1), "value": 0.3, "note": "2027-03"}]
    assert (ind["baseline"], ind["baseline_year"]) == (0.2, 2025)
    assert not any(p.check == "network-stale" for p in check_folder(tmp_path / "p"))
    before = (tmp_path / "p" / "plan.toml").read_bytes()
    assert main(["network", str(tmp_path / "p"), "--record"]) == 0
    assert "already up to date" in capsys.readouterr().err
    assert (tmp_path / "p" / "plan.toml").read_bytes() == before


def test_the_indicator_fed_by_the_network_shows_its_light(example_plan: Path) -> None:
    """The example's network fed into a new indicator of the example: recorded per wave, and lit."""
    from facilitator.monitoring import Light, indicator_status

    with PlanStore.open(example_plan) as store:
        store.plan.indicators = [*store.plan.indicators, Indicator(
            id="ind-n3tw0k", code="I6.3", objective=store.plan.objectives[-1].id, name="Network density",
            network_measure="density", targets=[{"year": 2027, "value": 0.25}, {"year": 2029, "value": 0.3}])]
        store.save_plan()
        assert [c.split(":")[0] for c in network.record_measures(store)] == ["I6.3 2025-11", "I6.3 2026-11"]
        status = indicator_status(store.plan.indicators[-1])
    assert status.latest is not None and status.latest.note == "Follow-up survey"
    assert status.light == Light.green  # 0.103 → 0.21 is ahead of the line to 0.3 in 2029
    saved = tomllib.loads((example_plan / "plan.toml").read_text(encoding="utf-8"))["indicators"][-1]
    assert [m["value"] for m in saved["measurements"]] == [0.1028, 0.2101]


def test_the_example_network_is_two_plausible_waves(example_plan: Path) -> None:
    with PlanStore.open(example_plan, read_only=True) as store:
        rep = network.report(store.plan)
        association = next(s.id for s in store.plan.stakeholders if s.organization == "Asociación Turística de Colonia")
    base, follow = rep.waves
    assert (base.wave, follow.wave) == ("2025-11", "2026-11")
    assert 20 <= base.actors <= follow.actors <= 40
    assert follow.density > base.density and follow.components < base.components
    assert base.isolates == 2 and follow.isolates == 0
    assert base.brokers[0].id == follow.brokers[0].id == association  # the cluster association bridges
    assert rep.change is not None and rep.change.new_ties > rep.change.lost_ties > 0
    assert all(p.check not in ("dangling-id", "tie-self") for p in check_folder(example_plan))


# --- the network view ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("size", [(80, 24), (160, 45)])
def test_the_network_view_shows_the_waves_side_by_side_and_records_the_indicator(
        example_plan: Path, size: tuple[int, int]) -> None:
    import asyncio

    from pilot import plain, settle, until
    from textual.widgets import Static

    from facilitator.app import ClusterApp
    from facilitator.screens.network import NetworkScreen
    from facilitator.screens.widgets import RecordTable

    with PlanStore.open(example_plan) as store:  # a density indicator with no measurement yet
        store.plan.indicators = [*store.plan.indicators, Indicator(
            id="ind-n3tw0k", code="I6.3", objective=store.plan.objectives[-1].id, name="Network density",
            network_measure="density")]
        store.save_plan()

    async def run() -> None:
        app = ClusterApp(example_plan)
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await pilot.press("N")
            await until(pilot, lambda: isinstance(app.screen, NetworkScreen))
            table = app.screen.query_one(RecordTable)
            density = next(r for r in table.records if r.key == "density")
            assert [str(c) for c in density.cells] == ["Density", "0.103", "0.21", "+0.107"]
            broker = next(r for r in table.records if r.key == "broker-1")
            assert str(broker.cells[1]).startswith("Joaquín Ortiz") and str(broker.cells[2]).startswith("Joaquín")
            isolates = [str(r.cells[1]) for r in table.records if (r.key or "").startswith("isolate-")]
            assert isolates == ["Florencia Peña", "Beatriz Lemos"]
            joined = next(r for r in table.records if r.key == "joined")
            assert str(joined.cells[2]) == "Carolina Méndez"
            assert "2 waves · 2026-11: 24 actors, 58 ties · 35 new ties, 3 lost since 2025-11" in plain(
                app.screen.query_one("#summary", Static))
            screen = app.export_screenshot()
            assert "2025-11" in screen and "2026-11" in screen
            await pilot.press("u")
            await until(pilot, lambda: bool(tomllib.loads((example_plan / "plan.toml").read_text(
                encoding="utf-8"))["indicators"][-1].get("measurements")))
            saved = tomllib.loads((example_plan / "plan.toml").read_text(encoding="utf-8"))["indicators"][-1]
            assert [m["value"] for m in saved["measurements"]] == [0.1028, 0.2101]
            await pilot.press("escape")

    asyncio.run(run())
