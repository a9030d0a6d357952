"""The facilitation engine, step kind by step kind, and the consolidation rules (no UI, no files)."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import pytest

from facilitator.engine import (
    agenda,
    attendance,
    capture,
    consolidate,
    decisions,
    grouping,
    matrix,
    sessions,
    statements,
    voting,
)
from facilitator.engine.capture import EngineError
from facilitator.model import Cluster, Kit, Objective, Plan, Session, Stakeholder, new_id
from facilitator.store import PlanStore

TZ = dt.timezone(dt.timedelta(hours=-3))
T0 = dt.datetime(2026, 11, 22, 9, 0, tzinfo=TZ)


def at(minutes: int) -> dt.datetime:
    return T0 + dt.timedelta(minutes=minutes)


def local(text: str) -> dict[str, str]:
    return {"en": text, "es": text, "pt": text}


KIT = Kit.model_validate({
    "id": "test-kit", "title": local("Test"), "purpose": local("Testing"),
    "steps": [
        {"id": "intro", "kind": "briefing", "minutes": 10},
        {"id": "swot", "kind": "brainstorm", "minutes": 30,
         "categories": ["strength", "weakness", "opportunity", "threat"]},
        {"id": "tree", "kind": "brainstorm", "minutes": 20, "categories": ["core", "causes", "effects"]},
        {"id": "cluster", "kind": "group", "minutes": 15, "source": "swot"},
        {"id": "vote", "kind": "vote", "minutes": 15, "source": "swot", "sources": ["tree"], "dots_per_person": 3},
        {"id": "matrix", "kind": "matrix", "minutes": 20, "source": "swot",
         "criteria": ["benefit", "cofinancing"], "weights": {"benefit": 3, "cofinancing": 1}},
        {"id": "drafts", "kind": "statement", "minutes": 20, "quorum": 3},
        {"id": "gaps", "kind": "table", "minutes": 20,
         "columns": ["metric", "unit", "value", "reference", "reference_value", "year", "source"]},
        {"id": "log", "kind": "decide", "minutes": 5},
        {"id": "findings", "kind": "consolidate", "minutes": 5, "source": "swot", "sources": ["tree"],
         "into": "findings", "top": 3},
        {"id": "vision", "kind": "consolidate", "minutes": 5, "source": "drafts", "into": "vision"},
        {"id": "bench", "kind": "consolidate", "minutes": 5, "source": "gaps", "into": "benchmarks"},
    ]})


@pytest.fixture
def plan() -> Plan:
    people = [Stakeholder(id=new_id("stk"), name=f"P{i}", kind=kind, size="small" if kind == "firm" else None,
                          gender="f" if i % 2 else "m")
              for i, kind in enumerate(["firm", "firm", "university", "government", "association"])]
    return Plan(cluster=Cluster(name="Test"), stakeholders=people)


@pytest.fixture
def session(plan: Plan) -> Session:
    s = Session(id=new_id("ses"), workshop=KIT.id, title="T", date=T0.date())
    for person in plan.stakeholders[:4]:
        attendance.mark(s, person.id)
    attendance.mark(s, plan.stakeholders[4].id, present=False)
    return s


def test_agenda_planned_vs_actual_and_start_times(session: Session) -> None:
    agenda.start_step(session, KIT, "intro", at(0))
    agenda.move(session, KIT, +1, at(14))  # intro ran 4 minutes over
    assert session.status == "open" and session.current_step == "swot"
    rows = agenda.agenda(session, KIT)
    assert rows[0].actual_minutes == 14 and rows[0].overrun_minutes == 4
    assert rows[1].planned_start == at(10) and rows[2].planned_start == at(40)
    assert agenda.remaining_seconds(session, KIT, at(44)) == 0
    assert agenda.remaining_seconds(session, KIT, at(50)) == -360
    agenda.move(session, KIT, -1, at(50))  # back to intro: it keeps its first start
    assert agenda.step_record(session, "intro").started == at(0)  # type: ignore[union-attr]
    assert agenda.step_record(session, "swot").ended == at(50)  # type: ignore[union-attr]
    assert agenda.move(session, KIT, -1, at(51)) is None


def test_planned_times_are_anchored_on_the_first_step_held(session: Session) -> None:
    """The intro (10 min) was skipped and the SWOT wall started at 9:30: its planned start is 9:30, the
    intro's 9:20 and the tree's 10:00 (not 9:30, 10:10 and 10:40, anchored on the skipped intro)."""
    agenda.start_step(session, KIT, "swot", at(30))
    rows = agenda.agenda(session, KIT)
    assert [r.planned_start for r in rows[:3]] == [at(20), at(30), at(60)]
    assert rows[0].started is None


def test_attendance_and_representativeness(plan: Plan, session: Session) -> None:
    r = attendance.representativeness(session, plan)
    assert (r.invited, r.present) == (5, 4)
    assert r.by_kind == {"firm": 2, "university": 1, "government": 1}
    assert r.by_size == {"small": 2} and sum(r.by_gender.values()) == 4
    assert r.private_share == 0.5
    newcomer = attendance.quick_add(plan, session, "Walk-in", "Bodega Nueva", "firm")
    assert newcomer in plan.stakeholders and attendance.representativeness(session, plan).present == 5
    assert attendance.quorum_met(session, 5) and not attendance.quorum_met(session, 6)


def test_capture_edit_delete_and_undo(session: Session) -> None:
    a = capture.add(session, "swot", "Weak <b>coordination</b> {{ 7*7 }}", "weakness", at=at(1))
    b = capture.add(session, "swot", "Great wines", capture.category_key(KIT, "swot", "s"))
    assert b.category == "strength" and capture.category_key(KIT, "swot", "4") == "threat"
    assert a.text == "Weak <b>coordination</b> {{ 7*7 }}"
    with pytest.raises(EngineError):
        capture.add(session, "swot", "   ")
    capture.edit(session, a.id, text="Weak coordination", category="threat")
    position, removed = capture.delete(session, a.id)
    assert [c.id for c in session.contributions] == [b.id]
    capture.restore(session, position, removed)
    assert [c.id for c in session.contributions] == [a.id, b.id] and session.contributions[0].category == "threat"


def test_groups_and_merging_duplicates_keep_both_sources(session: Session) -> None:
    a = capture.add(session, "swot", "No shared brand")
    b = capture.add(session, "swot", "No joint destination brand")
    g = grouping.add_group(session, "cluster", "Promotion")
    grouping.move(session, a.id, g.id)
    voting.set_votes(session, a.id, 2)
    voting.set_votes(session, b.id, 3)
    kept = grouping.merge(session, a.id, b.id)
    assert kept.votes == 5 and session.contributions[1].merged_into == a.id
    assert grouping.sources_of(session, a.id) == [a.id, b.id]
    assert grouping.members(session, g.id) == [kept]
    with pytest.raises(EngineError):
        voting.set_votes(session, b.id, 1)
    grouping.delete_group(session, g.id)
    assert kept.group is None and session.groups == []


def test_dot_budget_tally_and_ranking(plan: Plan, session: Session) -> None:
    notes = [capture.add(session, "swot", f"idea {i}") for i in range(4)] + [capture.add(session, "tree", "core")]
    assert len(voting.options(session, KIT, "vote")) == 5
    for note, votes in zip(notes, [4, 2, 4, 0, 1]):
        voting.set_votes(session, note.id, votes)
    budget = voting.budget(session, plan, KIT, "vote")
    assert (budget.total, budget.used, budget.left, budget.over) == (12, 11, 1, False)
    voting.add_votes(session, notes[3].id, +1)
    voting.add_votes(session, notes[4].id, -5)
    assert notes[3].votes == 1 and notes[4].votes == 0
    assert [(rank, n.text) for rank, n in voting.ranking(voting.options(session, KIT, "vote"))][:4] == [
        (1, "idea 0"), (1, "idea 2"), (3, "idea 1"), (4, "idea 3")]
    with pytest.raises(EngineError):
        voting.set_votes(session, notes[0].id, 4, cap=3)
    assert voting.suggested_dots(20) == 5


def test_matrix_quadrants_and_weighted_scores(session: Session) -> None:
    a, b, c, d = (capture.add(session, "swot", t) for t in ("quick", "major", "fill", "sink"))
    for note, (impact, feasible) in zip((a, b, c, d), ((5, 4), (4, 1), (2, 5), (1, 2))):
        matrix.score(session, note.id, impact=impact, feasibility=feasible)
    q = matrix.quadrants(session.contributions)
    assert [n.text for n in q[matrix.Quadrant.quick_win]] == ["quick"]
    assert [n.text for n in q[matrix.Quadrant.major_project]] == ["major"]
    assert [n.text for n in q[matrix.Quadrant.fill_in]] == ["fill"]
    assert [n.text for n in q[matrix.Quadrant.time_sink]] == ["sink"]
    step = KIT.step("matrix")
    assert step is not None
    matrix.set_criterion(session, step, a.id, "benefit", 5)
    assert matrix.weighted_score(a, step) is None  # half scored
    matrix.set_criterion(session, step, a.id, "cofinancing", 1)
    assert matrix.weighted_score(a, step) == pytest.approx(4.0)
    with pytest.raises(EngineError):
        matrix.set_criterion(session, step, a.id, "beauty", 3)
    with pytest.raises(EngineError):
        matrix.score(session, a.id, impact=6)


def test_statement_adoption_needs_quorum_and_no_block(session: Session) -> None:
    step = KIT.step("drafts")
    assert step is not None
    d1 = statements.add_draft(session, "drafts", "By 2032 Colonia is a destination of several days")
    d2 = statements.add_draft(session, "drafts", "By 2032 the cluster doubles stays")
    statements.set_votes(session, d2.id, 9)
    with pytest.raises(EngineError, match="block"):
        statements.adopt(session, step, d2.id, consensus=1)
    statements.adopt(session, step, d1.id, consensus=4)
    statements.adopt(session, step, d2.id, consensus=3, dissent="Two firms want a wine focus")
    assert (d1.adopted, d2.adopted, d2.consensus, d2.dissent) == (False, True, 3, "Two firms want a wine focus")
    assert statements.adopted(session, ["drafts"]) is d2
    for row in session.attendance[1:]:
        row.present = False
    with pytest.raises(EngineError, match="quorum"):
        statements.adopt(session, step, d1.id, consensus=5)


def test_decisions_and_parking_lot_carried_over_once(session: Session) -> None:
    with pytest.raises(EngineError, match="owner"):
        decisions.add(session, "action_item", "Send survey")
    decisions.add(session, "decision", "The board meets monthly", step="log", consensus=5)
    parked = decisions.add(session, "parking_lot", "Ferry timetable with the port authority")
    done = decisions.add(session, "action_item", "Send survey", owner="Inés", due=dt.date(2026, 12, 5))
    decisions.resolve(session, done.id)
    nxt = Session(id=new_id("ses"), workshop=KIT.id, title="Next", date=T0.date() + dt.timedelta(days=30))
    carried = decisions.carry_over([session], nxt)
    assert [(c.text, c.carried_from) for c in carried] == [(parked.text, parked.id)]
    assert decisions.carry_over([session], nxt) == []  # not twice
    decisions.resolve(nxt, carried[0].id)
    third = Session(id=new_id("ses"), workshop=KIT.id, title="Third", date=T0.date() + dt.timedelta(days=60))
    assert decisions.carry_over([session, nxt], third) == []  # resolved in its newest copy


def test_consolidation_preview_then_apply(plan: Plan, session: Session) -> None:
    plan.objectives = [Objective(id=new_id("obj"), code="O1", title="Existing")]
    notes = [capture.add(session, "swot", "Strong heritage", "strength"),
             capture.add(session, "swot", "Day trips dominate", "weakness"),
             capture.add(session, "swot", "Weak data", "weakness"),
             capture.add(session, "tree", "Visitors leave early", "core")]
    dup = capture.add(session, "swot", "Most visitors only come for the day", "weakness")
    grouping.merge(session, notes[1].id, dup.id)
    for note, votes in zip(notes, [3, 6, 0, 5]):
        voting.add_votes(session, note.id, votes)
    step = KIT.step("drafts")
    assert step is not None
    draft = statements.add_draft(session, "drafts", "A year-round destination")
    statements.adopt(session, step, draft.id, consensus=4)
    row = capture.add(session, "gaps", "Daily spend")
    row.fields = {"metric": "Daily spend", "unit": "USD", "value": 96, "reference": "Mendoza",
                  "reference_value": "140", "year": 2025, "source": "Survey"}
    bad = capture.add(session, "gaps", "No value")
    bad.fields = {"metric": "Occupancy"}

    change = consolidate.preview(session, KIT, plan)
    assert plan.findings == [] and plan.strategy.vision == ""  # a preview changes nothing
    assert [(f.code, f.kind, f.rank, f.votes) for f in change.findings] == [
        ("D1", "weakness", 1, 6), ("D2", "problem", 2, 5), ("D3", "strength", 3, 3)]
    assert change.findings[0].sources == [notes[1].id, dup.id]
    assert change.vision == "A year-round destination"
    assert [(b.metric, b.reference_value) for b in change.benchmarks] == [("Daily spend", 140.0)]
    assert len(change.skipped) == 1 and "Occupancy" not in change.skipped[0]

    consolidate.apply(plan, change)
    assert [f.code for f in plan.findings] == ["D1", "D2", "D3"] and plan.strategy.vision == change.vision
    assert draft.id in plan.strategy.sources
    assert (plan.strategy.vision_consensus, plan.strategy.vision_dissent) == (4, "")
    again = consolidate.preview(session, KIT, plan)  # nothing is consolidated twice
    assert again.findings == [] and again.benchmarks == [] and again.vision is None


def test_a_group_marked_as_finding_becomes_one_finding_with_its_notes_as_sources(plan: Plan,
                                                                                 session: Session) -> None:
    port = capture.add(session, "swot", "Deep-water port nearby", "strength")
    freight = capture.add(session, "swot", "Freight is expensive", "weakness")
    alone = capture.add(session, "swot", "Strong heritage", "strength")
    strikes = capture.add(session, "swot", "Port strikes", "weakness")
    dup = capture.add(session, "swot", "freight costs too much", "weakness")
    grouping.merge(session, freight.id, dup.id)
    logistics = grouping.add_group(session, "cluster", "Logistics costs hold exports back")
    for note in (port, freight, strikes):
        grouping.move(session, note.id, logistics.id)
    for note, votes in ((port, 1), (freight, 2), (alone, 2), (strikes, 1)):
        voting.add_votes(session, note.id, votes)

    # not marked: one finding per note, as before
    assert [f.text for f in consolidate.preview(session, KIT, plan).findings] == [
        "Freight is expensive", "Strong heritage", "Deep-water port nearby"]  # the top 3 by votes

    grouping.set_finding(session, logistics.id, True)
    change = consolidate.preview(session, KIT, plan)
    assert [(f.code, f.text, f.kind, f.votes, f.rank) for f in change.findings] == [
        ("D1", "Logistics costs hold exports back", "weakness", 4, 1), ("D2", "Strong heritage", "strength", 2, 2)]
    assert change.findings[0].sources == [port.id, freight.id, dup.id, strikes.id]
    assert change.groups == {change.findings[0].id: logistics.id}
    consolidate.apply(plan, change)
    assert consolidate.preview(session, KIT, plan).findings == []  # nothing twice, group or note

    with pytest.raises(EngineError, match="group 1"):
        grouping.add_group(session, "cluster", " logistics costs hold exports back ")
    with pytest.raises(EngineError):
        grouping.set_finding(session, "grp-nope", True)


@pytest.mark.parametrize(("lang", "typed", "value"), [("es", "1.500", 1500.0), ("en", "1.500", 1.5),
                                                      ("pt", "96,5", 96.5), ("en", "lots", None)])
def test_consolidation_reads_typed_numbers_by_the_plan_language(plan: Plan, session: Session, lang: str,
                                                                typed: str, value: float | None) -> None:
    """A value a table column kept as text goes through the shared parser (facilitator.numbers)."""
    plan.language = lang
    row = capture.add(session, "gaps", "Daily spend")
    row.fields = {"metric": "Daily spend", "value": 96, "reference": "Mendoza", "reference_value": typed}
    change = consolidate.preview(session, KIT, plan)
    assert [b.reference_value for b in change.benchmarks] == ([value] if value is not None else [])


def test_start_and_close_a_session_through_the_store(tmp_path: Path) -> None:
    with PlanStore.create(tmp_path / "plan", "Store Cluster") as store:
        ana = Stakeholder(id=new_id("stk"), name="Ana", kind="firm")
        store.plan.stakeholders = [ana]
        store.save_plan()
        handle = sessions.start(store, KIT, T0.date(), venue="Town hall", facilitator="Me", present=[ana.id])
        s = handle.model
        assert [st.id for st in s.steps] == [st.id for st in KIT.steps] and s.status == "planned"
        agenda.start_step(s, KIT, "swot", at(0))
        note = capture.add(s, "swot", "Ferry prices", "threat", author=ana.id, at=at(1))
        voting.set_votes(s, note.id, 3)
        store.save_session(handle)
        on_disk = tomllib.loads(handle.path.read_text(encoding="utf-8"))
        assert on_disk["contributions"][0]["text"] == "Ferry prices" and on_disk["status"] == "open"

        change = sessions.close(store, handle, KIT, at=at(30))
        assert [f.text for f in change.findings] == ["Ferry prices"]
        plan_data = tomllib.loads((store.folder / "plan.toml").read_text(encoding="utf-8"))
        assert plan_data["findings"][0]["sources"] == [note.id]
        assert plan_data["revision"] == 1 and plan_data["revisions"][0]["session"] == s.id
        assert (store.folder / "history" / "plan-r1.toml").exists()
        assert tomllib.loads(handle.path.read_text(encoding="utf-8"))["status"] == "closed"


STRATEGY_KIT = Kit.model_validate({
    "id": "strategy-kit", "title": local("Strategy"), "purpose": local("Lines to actions"),
    "steps": [
        {"id": "values", "kind": "brainstorm", "minutes": 10},
        {"id": "themes", "kind": "group", "minutes": 10, "source": "values"},
        {"id": "smart", "kind": "table", "minutes": 20, "columns": ["title", "line", "findings", "owner"]},
        {"id": "sheets", "kind": "table", "minutes": 20, "columns": ["objective", "name", "baseline", "target"]},
        {"id": "cards", "kind": "table", "minutes": 20, "columns": ["title", "objective", "program", "private"]},
        {"id": "gov", "kind": "table", "minutes": 10, "columns": ["field", "text"]},
        {"id": "c-values", "kind": "consolidate", "minutes": 2, "source": "values", "into": "values", "top": 2},
        {"id": "c-lines", "kind": "consolidate", "minutes": 2, "source": "themes", "into": "lines"},
        {"id": "c-obj", "kind": "consolidate", "minutes": 2, "source": "smart", "into": "objectives"},
        {"id": "c-ind", "kind": "consolidate", "minutes": 2, "source": "sheets", "into": "indicators"},
        {"id": "c-act", "kind": "consolidate", "minutes": 2, "source": "cards", "into": "actions"},
        {"id": "c-gov", "kind": "consolidate", "minutes": 2, "source": "gov", "into": "governance"},
    ]})


def test_consolidation_of_values_lines_objectives_indicators_actions_governance(plan: Plan,
                                                                                   session: Session) -> None:
    from facilitator.model import Finding

    plan.findings = [Finding(id=new_id("fnd"), code="D1", kind="problem", text="Day trips")]
    for text, votes in (("Trust", 5), ("Openness", 1), ("Quality", 3)):
        voting.set_votes(session, capture.add(session, "values", text).id, votes)
    grouping.add_group(session, "themes", "Stay longer")

    def row(step: str, **fields: object) -> None:
        capture.add(session, step, str(next(iter(fields.values())))).fields = fields  # type: ignore[assignment]

    row("smart", title="Raise stays to 2.2 nights by 2029", line="L1", findings="D1, D9", owner="Board")
    row("sheets", objective="O1", name="Average stay", baseline=1.6, baseline_year=2025, target=2.2, target_year=2029)
    row("sheets", objective="O7", name="Orphan indicator")
    row("cards", title="Joint events calendar", objective="O1", program=60000, private="5000", start="2026-08-01",
        end="2027-07-31")
    row("gov", field="executing_agency", text="Development Agency")
    row("gov", field="council", value="Ministry of Tourism")  # the older column name still reads

    change = consolidate.preview(session, STRATEGY_KIT, plan)
    consolidate.apply(plan, change)
    assert plan.strategy.values == ["Trust", "Quality"]
    assert [(line.code, line.title) for line in plan.strategy.lines] == [("L1", "Stay longer")]
    (objective,) = plan.objectives
    assert (objective.code, objective.line, objective.findings) == (
        "O1", plan.strategy.lines[0].id, [plan.findings[0].id])
    (indicator,) = plan.indicators
    assert (indicator.code, indicator.objective, indicator.baseline) == ("I1.1", objective.id, 1.6)
    assert [(t.year, t.value) for t in indicator.targets] == [(2029, 2.2)]
    assert any("objective code" in s for s in change.skipped)
    (action,) = plan.actions
    assert action.code == "A1" and action.objectives == [objective.id] and action.start == dt.date(2026, 8, 1)
    assert [(f.source, f.amount) for f in action.funding] == [("program", 60000), ("private", 5000)]
    assert plan.governance.executing_agency == "Development Agency"
    assert plan.governance.council == ["Ministry of Tourism"]


REVIEW_KIT = Kit.model_validate({
    "id": "review-kit", "title": local("Review"), "purpose": local("Measure"),
    "steps": [
        {"id": "measurements", "kind": "table", "minutes": 20, "columns": ["indicator", "date", "value", "note"]},
        {"id": "status", "kind": "table", "minutes": 20, "columns": ["action", "status", "progress", "end"]},
        {"id": "c-m", "kind": "consolidate", "minutes": 2, "source": "measurements", "into": "indicators"},
        {"id": "c-s", "kind": "consolidate", "minutes": 2, "source": "status", "into": "actions"},
    ]})


def test_review_rows_update_existing_indicators_and_actions(plan: Plan, session: Session) -> None:
    from facilitator.model import Action, Indicator

    objective = Objective(id=new_id("obj"), code="O1", title="Stays")
    plan.objectives = [objective]
    plan.indicators = [Indicator(id=new_id("ind"), code="I1.1", objective=objective.id, name="Stay")]
    plan.actions = [Action(id=new_id("act"), code="A1", title="Events", objectives=[objective.id])]

    def row(step: str, **fields: object) -> str:
        note = capture.add(session, step, str(next(iter(fields.values()))))
        note.fields = fields  # type: ignore[assignment]
        return note.id

    m = row("measurements", indicator="I1.1", date="2026-09-30", value=1.8, note="Survey Q3")
    row("measurements", indicator="I9.9", value=3)
    s = row("status", action="A1", status="Delayed", progress=40, end="2027-12-31")
    row("status", action="A1", status="lost")

    change = consolidate.preview(session, REVIEW_KIT, plan)
    assert len(change.skipped) == 2 and plan.actions[0].status == "planned"
    consolidate.apply(plan, change)
    (measurement,) = plan.indicators[0].measurements
    assert (measurement.date, measurement.value, measurement.sources) == (dt.date(2026, 9, 30), 1.8, [m])
    action = plan.actions[0]
    assert (action.status, action.progress, action.end, action.sources) == ("delayed", 40, dt.date(2027, 12, 31), [s])
    assert plan.indicators[0].code == "I1.1" and len(plan.actions) == 1  # updated, not added
    again = consolidate.preview(session, REVIEW_KIT, plan)
    assert again.measurements == [] and again.action_updates == []


def test_a_logged_item_is_edited_reclassified_and_deleted_with_undo() -> None:
    session = Session(id="ses-1", workshop="w", title="T", date=dt.date(2026, 12, 6), status="open")
    parked = decisions.add(session, "parking_lot", "Water tariffs", step="swot")
    kept = decisions.add(session, "decision", "Meet monthly")
    with pytest.raises(EngineError):  # an action item needs its owner, on edit as on add
        decisions.edit(session, parked.id, "action_item", "Ask the utility")
    assert (parked.kind, parked.text) == ("parking_lot", "Water tariffs")  # a refused edit changes nothing
    decisions.edit(session, parked.id, "action_item", "Ask the utility", owner="Inés", due=dt.date(2027, 1, 15))
    assert (parked.kind, parked.text, parked.owner, parked.step) == ("action_item", "Ask the utility", "Inés", "swot")
    where = decisions.delete(session, parked.id)
    assert session.decisions == [kept]
    decisions.restore(session, *where)
    assert [d.id for d in session.decisions] == [parked.id, kept.id]
