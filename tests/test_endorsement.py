"""The endorsement and the monitoring and evaluation plan (issue 13): `[endorsement]` and `[monitoring]` in
plan.toml, the calendar `facilitator.evaluation` computes from each indicator's frequency, their checks,
their editors (Pilot, 80×24), the change report and the merge, the attached files' privacy, and the PDF
(the endorsement page and the calendar, rendered from the example with only those sections).
"""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path
from typing import Any

import pytest
from pdfs import compact, pdf_text
from pilot import pilot_test, plain, settle, until
from textual.pilot import Pilot
from textual.widgets import Input, Static, TextArea

from facilitator import app as app_module
from facilitator import evaluation, i18n
from facilitator.app import ClusterApp
from facilitator.checks import check_folder
from facilitator.diff import diff_folder
from facilitator.export import export_plan
from facilitator.export.privacy import scrub_plan
from facilitator.merge.threeway import Merger
from facilitator.model import Indicator, MonitoringPlan, Plan, Revision, Target
from facilitator.screens.governance import GovernanceScreen
from facilitator.screens.me_plan import MonitoringPlanScreen
from facilitator.screens.monitoring import MonitoringScreen
from facilitator.screens.record_form import RecordForm
from facilitator.store import PlanStore

SIZE = (80, 24)
EXAMPLE_SESSION = "ses-f5npe2"  # Indicator sheets and targets, 2026-07-09


@pytest.fixture(autouse=True)
def no_disk_watch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(app_module, "DISK_CHECK_SECONDS", 3600.0)


def data_of(folder: Path) -> dict[str, Any]:
    return tomllib.loads((folder / "plan.toml").read_text(encoding="utf-8"))


def edit_toml(folder: Path, old: str, new: str) -> None:
    path = folder / "plan.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def checks_of(folder: Path, *ids: str) -> list[Any]:
    return [p for p in check_folder(folder) if p.check in ids]


# --- the format ------------------------------------------------------------------------------------------------

def test_a_plan_without_the_new_tables_loads_with_nothing_set(empty_plan: Path) -> None:
    data = data_of(empty_plan)
    assert "endorsement" not in data and "monitoring" not in data  # an older file
    plan = PlanStore.open(empty_plan, read_only=True).plan
    assert not plan.endorsement.recorded() and plan.endorsement.signatories == []
    assert plan.monitoring == MonitoringPlan()
    assert evaluation.calendar(plan) is None  # no period yet: nothing to draw


def test_the_example_is_endorsed_by_its_council_and_has_an_me_plan(example_plan: Path) -> None:
    plan = PlanStore.open(example_plan, read_only=True).plan
    e = plan.endorsement
    assert e.session == EXAMPLE_SESSION and e.date == dt.date(2026, 7, 23) and len(e.signatories) == 7
    assert all(s.name and s.role and s.organization for s in e.signatories)
    assert plan.monitoring.midterm == dt.date(2028, 3, 31) and plan.monitoring.budget_category == "studies"
    assert not [p for p in check_folder(example_plan) if p.level in ("error", "warning")]


# --- the calendar -----------------------------------------------------------------------------------------------

def small_plan(**monitoring: Any) -> Plan:
    """A plan started on 2026-03-12 (its first revision) whose targets end in 2028."""
    def ind(code: str, frequency: str | None, **more: Any) -> Indicator:
        return Indicator(id=f"ind-{code.lower().replace('.', '')}", code=code, objective="obj-a", name=code,
                         frequency=frequency, baseline_year=2025, targets=[Target(year=2028, value=1)], **more)

    return Plan.model_validate({
        "cluster": {"name": "C"}, "revisions": [Revision(number=1, date=dt.date(2026, 3, 12)).model_dump()],
        "indicators": [ind("I1", "quarterly").model_dump(), ind("I2", "annual").model_dump(),
                       ind("I3", "once").model_dump(), ind("I4", None).model_dump(),
                       ind("I5", "semiannual", measurements=[{"date": dt.date(2026, 5, 15), "value": 1}]).model_dump()],
        "monitoring": monitoring})


def test_the_calendar_runs_from_the_first_revision_to_the_last_target_year_by_quarter() -> None:
    cal = evaluation.calendar(small_plan(review_frequency="semiannual", midterm=dt.date(2027, 6, 30),
                                         final=dt.date(2029, 2, 28)))
    assert cal is not None
    assert (cal.start, cal.horizon) == (dt.date(2026, 3, 12), dt.date(2028, 12, 31))
    assert [(p.year, p.short) for p in cal.periods][:2] == [(2026, "Q1"), (2026, "Q2")]
    assert (cal.periods[-1].year, cal.periods[-1].short) == (2029, "Q1")  # stretched to the final evaluation
    rows = {r.indicator.code: r for r in cal.indicators if r.indicator is not None}
    assert rows["I1"].marks == frozenset(range(12))  # every quarter up to the horizon (2026 Q1 … 2028 Q4)
    assert rows["I2"].dates == (dt.date(2026, 12, 31), dt.date(2027, 12, 31), dt.date(2028, 12, 31))
    assert rows["I3"].dates == (dt.date(2028, 12, 31),)  # once: at the end of its last target year
    assert rows["I5"].dates[:3] == (dt.date(2026, 5, 15), dt.date(2026, 11, 15), dt.date(2027, 5, 15))
    assert [i.code for i in cal.unscheduled] == ["I4"]
    assert cal.reviews.dates[:2] == (dt.date(2026, 9, 12), dt.date(2027, 3, 12))
    assert cal.midterm.marks == {cal.position(dt.date(2027, 6, 30))} == {5}
    assert cal.final.marks == {12}


def test_review_dates_set_by_hand_replace_the_frequency_and_a_long_plan_goes_by_half_years() -> None:
    plan = small_plan(review_frequency="quarterly", reviews=[dt.date(2027, 2, 1), dt.date(2026, 10, 1)])
    cal = evaluation.calendar(plan)
    assert cal is not None and cal.reviews.dates == (dt.date(2026, 10, 1), dt.date(2027, 2, 1))
    plan.indicators[0].targets = [Target(year=2033, value=2)]
    cal = evaluation.calendar(plan, max_periods=20)
    assert cal is not None and {p.months for p in cal.periods} == {6} and len(cal.periods) <= 20


# --- checks -----------------------------------------------------------------------------------------------------

def test_evaluation_dates_out_of_order_or_out_of_the_period_are_reported(example_plan: Path) -> None:
    edit_toml(example_plan, "midterm = 2028-03-31", "midterm = 2030-06-30")
    found = checks_of(example_plan, "dates-order", "evaluation-date")
    order = [p for p in found if p.check == "dates-order"]
    assert len(order) == 1 and order[0].level == "error" and order[0].key == "monitoring.midterm"
    assert "2030-06-30" in order[0].message and "2030-03-31" in order[0].message
    outside = [p for p in found if p.check == "evaluation-date"]
    assert [p.key for p in outside] == ["monitoring.midterm"]  # after the horizon (2029-12-31)
    assert outside[0].line is not None and "2029-12-31" in outside[0].message
    edit_toml(example_plan, "midterm = 2030-06-30", "midterm = 2028-03-31\nreviews = [2031-06-01]")
    assert [p.key for p in checks_of(example_plan, "dates-order", "evaluation-date")] == ["monitoring.reviews[1]"]


def test_an_endorsement_misdated_unsigned_or_of_an_unknown_session_is_reported(example_plan: Path) -> None:
    edit_toml(example_plan, "date = 2026-07-23", "date = 2026-07-01")
    (before,) = checks_of(example_plan, "endorsement-date")
    assert "before its session (2026-07-09)" in before.message and before.key == "endorsement.date"
    edit_toml(example_plan, "date = 2026-07-01", "date = 2099-01-01")
    (late,) = checks_of(example_plan, "endorsement-date")
    assert "after today" in late.message
    edit_toml(example_plan, f'session = "{EXAMPLE_SESSION}"', 'session = "ses-nothere"')
    (gone,) = [p for p in check_folder(example_plan) if p.check == "dangling-session" and "endorsement" in p.message]
    assert "ses-nothere" in gone.message and gone.key == "endorsement.session"
    text = (example_plan / "plan.toml").read_text(encoding="utf-8")
    start = text.index("[[endorsement.signatories]]")
    (example_plan / "plan.toml").write_text(text[:start] + text[text.index("# Recorded revisions"):], encoding="utf-8")
    (unsigned,) = checks_of(example_plan, "endorsement-unsigned")
    assert unsigned.level == "warning" and unsigned.line is not None


# --- the change report and the merge ----------------------------------------------------------------------------

def test_the_change_report_names_the_new_signatory_and_the_moved_evaluation(example_plan: Path) -> None:
    PlanStore.open(example_plan).record_revision("before the council", date=dt.date(2026, 12, 6))
    edit_toml(example_plan, "final = 2030-03-31", "final = 2029-12-15")
    edit_toml(example_plan, '[[endorsement.signatories]]\nname = "Inés Larrañaga"',
              '[[endorsement.signatories]]\nname = "Rosa Díaz"\nrole = "Treasurer"\norganization = "Cámara de Comercio"'
              '\n\n[[endorsement.signatories]]\nname = "Inés Larrañaga"')
    diff, report = diff_folder(example_plan)
    assert [c.section for c in diff.changes if c.section in ("monitoring", "endorsement")] == ["monitoring",
                                                                                                "endorsement"]
    assert "final evaluation changed from Mar 31, 2030 to Dec 15, 2029" in report
    assert "signatory Rosa Díaz added: “Treasurer, Cámara de Comercio”" in report


def test_signatories_added_on_two_copies_are_both_kept() -> None:
    base = {"endorsement": {"signatories": [{"name": "A", "role": "chair"}]}}
    ours = {"endorsement": {"signatories": [{"name": "A", "role": "chair"}, {"name": "B"}]}}
    theirs = {"endorsement": {"signatories": [{"name": "A", "role": "president"}, {"name": "C"}]}}
    merger = Merger("plan.toml", None)
    merged = merger.value(base, ours, theirs, (), ())
    assert merged["endorsement"]["signatories"] == [{"name": "A", "role": "president"}, {"name": "B"}, {"name": "C"}]
    assert not merger.conflicts


# --- privacy of the attached plan.toml ----------------------------------------------------------------------------

def test_attached_signatories_keep_only_what_their_page_prints() -> None:
    data = {"endorsement": {"signatories": [{"name": "A", "role": "chair", "organization": "O",
                                             "email": "a@example.org", "gender": "f"}]}}
    scrub_plan(data, keep_names=False)
    assert data["endorsement"]["signatories"] == [{"name": "A", "role": "chair", "organization": "O"}]


# --- the editors (80×24) -----------------------------------------------------------------------------------------

async def open_form(pilot: Pilot[Any], view: str, screen: type[Any], key: str) -> RecordForm:
    await settle(pilot)
    await pilot.press(view)
    await until(pilot, lambda: isinstance(pilot.app.screen, screen))
    await pilot.press(key)
    await until(pilot, lambda: isinstance(pilot.app.screen, RecordForm))
    await pilot.pause()
    form = pilot.app.screen
    assert isinstance(form, RecordForm)
    return form


@pilot_test
async def test_s_in_governance_adds_a_signatory_and_the_page_lists_it(example_plan: Path) -> None:
    app = ClusterApp(example_plan)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, "g", GovernanceScreen, "S")
        area = form.query_one("#field-signatories", TextArea)
        assert area.text.startswith("Inés Larrañaga; Chair of the cluster board; Posada del Río")
        area.focus()
        area.text += "\nRosa Díaz; Treasurer; Cámara de Comercio de Colonia"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, GovernanceScreen))
        await settle(pilot)
        signed = data_of(example_plan)["endorsement"]["signatories"]
        assert signed[-1] == {"name": "Rosa Díaz", "role": "Treasurer", "organization": "Cámara de Comercio de Colonia"}
        assert len(signed) == 8 and data_of(example_plan)["endorsement"]["session"] == EXAMPLE_SESSION
        assert "# Indicator sheets and targets, 9 July 2026" in (example_plan / "plan.toml").read_text(encoding="utf-8")
        page = plain(app.screen.query_one("#governance-text", Static))
        assert "Rosa Díaz, Treasurer, Cámara de Comercio de Colonia" in page
        assert "2026-07-09  Indicator sheets and targets" in page


@pilot_test
async def test_a_wrong_endorsement_date_is_refused_at_the_field_and_nothing_is_written(example_plan: Path) -> None:
    original = (example_plan / "plan.toml").read_bytes()
    app = ClusterApp(example_plan)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, "g", GovernanceScreen, "S")
        field = form.query_one("#field-date", Input)
        field.focus()
        field.value = "2026-02-30"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, RecordForm)
        assert plain(form.query_one("#err-date", Static)).strip()  # said next to the field
        assert field.value == "2026-02-30"  # the text stays as typed
        assert (example_plan / "plan.toml").read_bytes() == original


@pilot_test
async def test_v_in_monitoring_shows_the_calendar_and_enter_moves_the_final_evaluation(example_plan: Path) -> None:
    app = ClusterApp(example_plan)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await until(pilot, lambda: isinstance(app.screen, MonitoringScreen))
        await pilot.press("v")
        await until(pilot, lambda: isinstance(app.screen, MonitoringPlanScreen))
        await settle(pilot)
        page = plain(app.screen.query_one("#me-plan-text", Static))
        lines = page.splitlines()
        assert any(line.startswith("I1.1") and line.count("●") > 10 for line in lines)
        final = next(line for line in lines if line.startswith("Final ") and "·" in line)
        assert final.rstrip().endswith("●") and final.count("●") == 1  # 2030 Q1, the last column
        assert "’30" in page  # a year of one column
        assert all(len(line) <= SIZE[0] - 2 for line in lines if line.startswith(("I", "Reviews", "Q")))
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, RecordForm))
        field = app.screen.query_one("#field-final", Input)
        field.focus()
        field.value = "2029-12-15"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, MonitoringPlanScreen))
        await settle(pilot)
        assert data_of(example_plan)["monitoring"]["final"] == dt.date(2029, 12, 15)
        page = plain(app.screen.query_one("#me-plan-text", Static))
        final = next(line for line in page.splitlines() if line.startswith("Final ") and "·" in line)
        assert final.count("●") == 1 and final.rstrip().endswith("●")  # now 2029 Q4: the calendar ends there
        assert "’30" not in page and "2029-12-15" in page


# --- the PDF ----------------------------------------------------------------------------------------------------

def test_the_pdf_prints_the_endorsement_page_and_the_calendar_in_the_document_language(example_plan: Path) -> None:
    out = export_plan(example_plan, example_plan / "me.pdf", "es", sections=["monitoring", "endorsement"])
    text = pdf_text(out)
    flat = compact(text)
    with i18n.in_language("es"):
        heading = i18n._("Endorsement")
    assert compact(heading) in flat
    with i18n.in_language("es"):
        assert compact(i18n._("Endorsed by")) in flat
    assert compact("Public-private council of the Colonia Tourism Cluster") in flat
    for name in ("Inés Larrañaga", "Tomás Acuña", "Nicolás Bentancur"):
        assert compact(name) in flat
    assert "@" not in text  # no e-mail of anyone
    assert compact("T1T2T3T4") in flat and compact("2027") in flat  # the calendar's heading, in Spanish
    assert "S6" in text  # the session of the approval, by its annex reference
    assert text.index("Inés Larrañaga") > text.index("T1")  # the endorsement page comes after the M&E section


def test_a_plan_without_an_endorsement_has_no_endorsement_page(example_plan: Path) -> None:
    from facilitator.export.context import build_context

    plan = PlanStore.open(example_plan, read_only=True).plan
    plan.endorsement = plan.endorsement.model_copy(update={"session": None, "date": None, "signatories": [],
                                                           "body": "", "note": ""})
    with i18n.in_language("en"):
        context = build_context(plan, [], "en", today=dt.date(2026, 12, 6))
    assert "endorsement" not in context["chosen"] and context["endorsement"] is None
    with i18n.in_language("en"):
        context = build_context(PlanStore.open(example_plan, read_only=True).plan, [], "en")
    ids = context["chosen"]
    # the order issue 13 asks for: governance, M&E, the endorsement, then the annexes (revisions, sessions)
    assert ids.index("monitoring") < ids.index("endorsement") < ids.index("revisions") < ids.index("sessions")


# --- the summary step of the review kit ---------------------------------------------------------------------------

def test_the_summary_adopted_in_a_review_becomes_the_plans_executive_summary() -> None:
    from facilitator.engine import attendance, consolidate, statements
    from facilitator.kits import load_kits
    from facilitator.model import Cluster, Session, Stakeholder, new_id

    kit = load_kits().get("review")
    assert kit is not None
    step = kit.step("summary")
    assert step is not None and step.kind == "statement"
    assert [s.id for s in kit.steps if s.kind == "consolidate" and s.into == "summary"] == ["record-summary"]
    people = [Stakeholder(id=new_id("stk"), name=f"P{i}") for i in range(5)]
    plan = Plan(cluster=Cluster(name="C"), stakeholders=people)
    plan.strategy.summary = "The old summary."
    session = Session(id=new_id("ses"), workshop="review", title="Review", date=dt.date(2027, 3, 10))
    for person in people:
        attendance.mark(session, person.id)
    statements.add_draft(session, "summary", "A first try.")
    chosen = statements.add_draft(session, "summary", "Colonia turns day trips into stays.\n\nThe program pays 62%.")
    statements.adopt(session, step, chosen.id, consensus=4)
    change = consolidate.preview(session, kit, plan)
    assert change.summary == chosen.text and plan.strategy.summary == "The old summary."  # a preview changes nothing
    consolidate.apply(plan, change)
    assert plan.strategy.summary == chosen.text and chosen.id in plan.strategy.sources
    assert consolidate.preview(session, kit, plan).summary is None  # not twice
