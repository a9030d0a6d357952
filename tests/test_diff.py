"""Revisions and the change report: diff of known revisions of the example, word-level text changes,
indicator targets added/removed/changed, the `revision` and `diff` commands and their errors."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from pilot import pilot_test, plain, settle
from textual.widgets import Static

from facilitator.app import ClusterApp
from facilitator.cli import main
from facilitator.diff import (
    ADDED,
    CHANGED,
    REMOVED,
    Piece,
    diff_folder,
    diff_plans,
    load_revision,
    plain_text,
    report_text,
    word_diff,
    word_ops,
)
from facilitator.model import Target
from facilitator.problems import LockedError, PlanError
from facilitator.screens.dashboard import DashboardScreen
from facilitator.store import PlanStore


def _plan(folder: Path, number: int | None = None):  # type: ignore[no-untyped-def]
    return load_revision(folder, number)


# --- the structured change list -------------------------------------------------------------------------------

def test_revision_1_to_2_of_the_example(example_plan: Path) -> None:
    diff = diff_plans(_plan(example_plan, 1), _plan(example_plan, 2))
    assert diff.counts("stakeholders") == {ADDED: 2, REMOVED: 0, CHANGED: 0}
    assert diff.counts("benchmarks")[ADDED] == 6
    d11 = diff.find("findings", "D11")
    assert d11 is not None and d11.op == CHANGED and [f.field for f in d11.fields] == ["text"]
    assert {c.section for c in diff.changes} == {"stakeholders", "findings", "benchmarks"}, \
        "the revision counter, the revision list and unchanged records are not changes"


def test_revision_6_to_current_of_the_example(example_plan: Path) -> None:
    diff = diff_plans(_plan(example_plan, 6), _plan(example_plan))
    i13 = diff.find("indicators", "I1.3")
    assert i13 is not None
    target = i13.field_change("targets", 2029)
    assert target is not None and (target.op, target.old, target.new) == (CHANGED, 50, 48)
    assert i13.field_change("targets", 2027) is None, "an unchanged target is not reported"
    a7 = diff.find("actions", "A7")
    assert a7 is not None
    status = a7.field_change("status")
    assert status is not None and (status.old, status.new) == ("ongoing", "done")
    assert a7.field_change("progress").new == 100  # type: ignore[union-attr]
    assert diff.find("actions", "A14").op == ADDED  # type: ignore[union-attr]
    assert len(diff.find("indicators", "I5.1").fields) == 3  # type: ignore[union-attr]  # three measurements


def test_a_reformatted_file_has_no_changes(example_plan: Path) -> None:
    path = example_plan / "plan.toml"
    text = path.read_text(encoding="utf-8")
    # Reordered keys, a comment, re-wrapped text: the same plan.
    text = text.replace('revision = 6  # last recorded revision\ncurrency = "USD"',
                        'currency = "USD"   # reordered\nrevision = 6')
    text = text.replace("multi-day routes that join heritage", "multi-day routes  that   join heritage")
    path.write_text(text, encoding="utf-8")
    a = _plan(example_plan)
    assert diff_plans(a, a).changes == []
    copy = _plan(example_plan)
    assert diff_plans(_plan(example_plan, 6), copy).find("lines", "L1") is None


def test_targets_added_removed_and_changed(example_plan: Path) -> None:
    old = _plan(example_plan)
    new = old.model_copy(deep=True)
    ind = next(i for i in new.indicators if i.code == "I2.1")
    ind.targets = [Target(year=2027, value=42), Target(year=2029, value=50), Target(year=2031, value=55)]
    other = next(i for i in new.indicators if i.code == "I2.2")
    other.targets = [t for t in other.targets if t.year != 2027]
    diff = diff_plans(old, new)
    i21 = diff.find("indicators", "I2.1")
    assert i21 is not None
    assert [(f.op, f.item, f.old, f.new) for f in i21.fields] == [
        (CHANGED, 2029, 48, 50), (ADDED, 2031, None, 55)]
    i22 = diff.find("indicators", "I2.2")
    assert [(f.op, f.item, f.old) for f in i22.fields] == [(REMOVED, 2027, 12)]  # type: ignore[union-attr]
    text = report_text(diff, {i.id: i.unit for i in new.indicators})
    assert "Indicator I2.1 'Low-season hotel occupancy':" in text
    assert "target 2029 changed from 48% to 50%" in text
    assert "target 2031 added: 55%" in text
    assert "~ Indicator I2.2 'Events in the joint low-season calendar': target 2027 removed (was 12 events)" in text


def test_links_are_shown_by_code_and_records_removed(example_plan: Path) -> None:
    old = _plan(example_plan)
    new = old.model_copy(deep=True)
    a1 = next(a for a in new.actions if a.code == "A1")
    o2 = next(o for o in new.objectives if o.code == "O2")
    a1.objectives = [*a1.objectives, o2.id]
    new.stakeholders = new.stakeholders[1:]
    text = report_text(diff_plans(old, new))
    assert "objectives: added O2" in text
    assert "− Stakeholder 'Inés Larrañaga (Posada del Río)' removed" in text
    assert "In all: 1 removed, 1 changed" in text


# --- word-level text differences ------------------------------------------------------------------------------

def test_word_diff_marks_only_the_changed_words() -> None:
    pieces = word_diff("The cluster manager will be hired once the body is registered.",
                       "The cluster manager was hired in December once the body is registered.")
    assert plain_text(pieces) == ("The cluster manager [-will be-]{+was+} hired {+in December+} once the body is "
                                  "registered.")
    assert Piece("will be", "del") in pieces and Piece("in December", "ins") in pieces


def test_word_diff_separates_punctuation_and_keeps_numbers_whole() -> None:
    assert plain_text(word_diff("to the next.", "to the next; see benchmarks.")) == \
        "to the next{+; see benchmarks+}."
    assert plain_text(word_diff("Raise stays to 2.0 nights", "Raise stays to 2.2 nights")) == \
        "Raise stays to [-2.0-]{+2.2+} nights"
    assert word_diff("same  words\nre-wrapped", "same words re-wrapped") == [Piece("same words re-wrapped")]


def test_word_diff_shortens_long_unchanged_runs() -> None:
    words = " ".join(f"w{i}" for i in range(100))
    text = plain_text(word_diff(words, words.replace("w50", "fifty")))
    assert "w49 [-w50-]{+fifty+} w51" in text and "w10 " not in text and text.startswith("… w44")
    assert len(text) < 120


def test_text_changes_are_reported_word_by_word(example_plan: Path) -> None:
    _diff, text = diff_folder(example_plan, "r1", "r2")
    assert ("~ Finding D11 'Exchange-rate swings with Argentina can cut overnight…': text: … from one season to "
            "the next{+; Colonia is already priced above comparable destinations (see benchmarks)+}.") in text


# --- the report of the judged scenario ----------------------------------------------------------------------------

def test_report_from_r1_reads_as_a_change_report(example_plan: Path) -> None:
    _diff, text = diff_folder(example_plan, "r1")
    lines = text.splitlines()
    assert lines[0] == "Changes to the plan Colonia Tourism Cluster"
    assert lines[1].startswith("from revision 1 (") and lines[1].endswith("to the current plan.toml")
    # counts first (the network's 2 rounds and 84 ties, the 8 risks, 3 weight figures and the value chain's 21
    # segments added; 21 stakeholders rated on influence and interest; the M&E plan and the endorsement were set
    # after revision 6)
    assert lines[3] == "In all: 165 added, 28 changed"
    assert "  Indicators                  16 added" in lines
    headings = [ln.split(" — ")[0] for ln in lines if " — " in ln and not ln.startswith(" ")]
    assert headings == ["Cluster profile", "Stakeholders", "Value chain", "Findings", "Benchmarks", "Vision, mission and values",
                        "Strategic lines", "Objectives", "Indicators", "Actions", "Risks", "Governance",
                        "Monitoring and evaluation", "Endorsement", "Collaboration network"]
    assert "  ~ ties of 2025-11: 26 added" in lines and "  ~ ties of 2026-11: 58 added" in lines  # counted, not listed
    assert "  ~ territory changed from “Colonia del Sacramento, Uruguay” to “Department of Colonia, Uruguay”" \
        in lines
    assert "  + Indicator I2.1 'Low-season hotel occupancy' added" in lines
    assert "  r4 (May 28, 2026): Mission and five values adopted; territory extended to the whole Department of " \
           "Colonia." in lines
    assert "sources" not in text and "revision changed" not in text


def test_report_in_the_plans_language(example_plan: Path) -> None:
    path = example_plan / "plan.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('language = "en"', 'language = "es"'), "utf-8")
    _diff, text = diff_folder(example_plan)
    assert "Indicador I1.3" in text or "Indicator I1.3" in text  # the catalog may lag: the structure holds
    assert "language" not in text.splitlines()[0]
    assert "12 jul 2026" in text.lower() or "9 jul 2026" in text.lower(), "dates are in the plan's language"


# --- the commands ------------------------------------------------------------------------------------------------

def test_diff_command_defaults_to_the_last_revision(example_plan: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(example_plan)]) == 0
    out = capsys.readouterr().out
    assert "from revision 6 (" in out and "target 2029 changed from 50% to 48%" in out
    assert "status changed from ongoing to done" in out


def test_diff_command_as_json(example_plan: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(example_plan), "--format", "json"]) == 0
    changes = json.loads(capsys.readouterr().out)
    assert isinstance(changes, list) and changes
    keys = {"section", "change", "record", "id", "title", "field", "op", "item", "old", "new"}
    assert all(keys <= set(c) for c in changes)
    target = next(c for c in changes if c["record"] == "I1.3" and c["field"] == "targets")
    assert (target["section"], target["change"], target["op"], target["item"], target["old"], target["new"]) == (
        "indicators", "changed", "changed", 2029, 50, 48)
    assert target["id"] == "ind-ahkl5d" and target["title"] == "Share of day-trippers in total visitors"
    status = next(c for c in changes if c["record"] == "A7" and c["field"] == "status")
    assert (status["old"], status["new"]) == ("ongoing", "done"), "enumeration values as in plan.toml"
    added = next(c for c in changes if c["record"] == "A14")
    assert added["change"] == "added" and added["field"] is None and added["title"]
    measurement = next(c for c in changes if c["record"] == "I5.1" and c["field"] == "measurements")
    assert measurement["op"] == "added" and len(measurement["item"]) == 10  # an ISO date
    assert set(measurement["new"]) == {"value", "note"}
    # The default stays the readable text.
    assert main(["diff", str(example_plan)]) == 0
    assert capsys.readouterr().out.startswith("Changes to the plan ")


def test_diff_json_gives_text_changes_word_by_word(example_plan: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(example_plan), "--from", "r1", "--to", "r3", "--format", "json"]) == 0
    changes = json.loads(capsys.readouterr().out)
    worded = [c for c in changes if "words" in c]
    assert worded, "r1 → r3 changes texts"
    for c in worded:
        assert {w["op"] for w in c["words"]} <= {"equal", "delete", "insert"}
        old = "".join(w["text"] for w in c["words"] if w["op"] != "insert")
        new = "".join(w["text"] for w in c["words"] if w["op"] != "delete")
        assert (old, new) == (" ".join(c["old"].split()), " ".join(c["new"].split())) or c["field"] == "measurements"
    d11 = next(c for c in changes if c["record"] == "D11")
    assert d11["words"][-2:] == [
        {"op": "insert", "text": "; Colonia is already priced above comparable destinations (see benchmarks)"},
        {"op": "equal", "text": "."}]


def test_word_ops_keep_the_spaces_of_each_side() -> None:
    ops = word_ops("Colonia del Sacramento, Uruguay", "Department of Colonia, Uruguay")
    assert ops == [{"op": "insert", "text": "Department of "}, {"op": "equal", "text": "Colonia"},
                   {"op": "delete", "text": " del Sacramento"}, {"op": "equal", "text": ", Uruguay"}]
    assert word_ops("same  text", "same text") == [{"op": "equal", "text": "same text"}]


@pytest.mark.parametrize("width", [80, 100])
def test_wrapped_changes_hang_under_their_record(example_plan: Path, width: int) -> None:
    from rich.console import Console

    from facilitator.diff import diff_versions, plan_units, report
    from facilitator.screens.changes import HangingReport

    old, new = _plan(example_plan, 1), _plan(example_plan)
    lines = report(diff_versions(example_plan, 1, None, old, new), *plan_units(old, new))
    console = Console(width=width, color_system=None, legacy_windows=False)
    with console.capture() as capture:
        console.print(HangingReport(lines))
    rows = capture.get().splitlines()
    assert max(len(row) for row in rows) <= width
    plain_report = "\n".join(plain_text(line) for line in lines).replace("[-", "").replace("-]", "")
    plain_report = plain_report.replace("{+", "").replace("+}", "")
    assert " ".join(" ".join(rows).split()) == " ".join(plain_report.split()), "nothing is lost or reordered"
    vision = next(i for i, row in enumerate(rows) if row.startswith("  ~ vision set to "))
    assert rows[vision + 1].startswith("    ") and rows[vision + 1][4] != " "  # under "vision", past "~ "
    r6 = next(i for i, row in enumerate(rows) if row.startswith("  r6 ("))
    assert rows[r6 + 1].startswith("    ") and rows[r6 + 1][4] != " ", "a revision's summary hangs too"
    lines = report(diff_versions(example_plan, 6, None, _plan(example_plan, 6), new), *plan_units(old, new))
    with console.capture() as capture:
        console.print(HangingReport(lines))
    rows = capture.get().splitlines()
    aug = next(i for i, row in enumerate(rows) if row.startswith("      measurement of Aug 31, 2026 added: 36% — "))
    assert rows[aug + 1] == ("      (peso)." if width == 80 else "      measurement of Oct 31, 2026 added: 41% — "
                             "April–October 2026 average."), "a field's wrapped line hangs under it"


def test_diff_command_errors(example_plan: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(example_plan), "--from", "r9"]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "no snapshot of revision 9" in err and "r1, r2, r3, r4, r5, r6" in err
    assert main(["diff", str(example_plan), "--from", "yesterday"]) == 1
    assert "'yesterday' is not a revision" in capsys.readouterr().err
    (example_plan / "history" / "plan-r3.toml").unlink()
    assert main(["diff", str(example_plan), "--to", "r3"]) == 1
    err = capsys.readouterr().err
    assert "recorded in plan.toml but its snapshot history/plan-r3.toml is missing" in err
    assert "r1, r2, r4, r5, r6" in err
    assert main(["diff", str(example_plan / "nowhere")]) == 1
    assert "no plan.toml" in capsys.readouterr().err


def test_diff_between_two_revisions_and_reversed(example_plan: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(example_plan), "--from", "r2", "--to", "r3"]) == 0
    out = capsys.readouterr().out
    assert "from revision 2 (" in out and "to revision 3 (" in out and "~ vision set to" in out
    assert main(["diff", str(example_plan), "--from", "3", "--to", "R2"]) == 0
    assert "~ vision cleared (was" in capsys.readouterr().out


def test_a_broken_snapshot_is_reported_located(example_plan: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (example_plan / "history" / "plan-r2.toml").write_text('format = "cluster-facilitator/plan/1"\nrevision = [\n',
                                                           encoding="utf-8")
    assert main(["diff", str(example_plan), "--from", "r2"]) == 1
    err = capsys.readouterr().err
    assert "plan-r2.toml:" in err and "TOML syntax error" in err and "Traceback" not in err


def test_revision_command_records_a_snapshot(example_plan: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["revision", str(example_plan), "-m", "Targets reviewed by the board"]) == 0
    assert "recorded revision 7" in capsys.readouterr().out
    plan = tomllib.loads((example_plan / "plan.toml").read_text(encoding="utf-8"))
    assert plan["revision"] == 7 and plan["revisions"][-1]["summary"] == "Targets reviewed by the board"
    assert (example_plan / "history" / "plan-r7.toml").read_bytes() == (example_plan / "plan.toml").read_bytes()
    assert "# Colonia Tourism Cluster – competitiveness plan" in (example_plan / "plan.toml").read_text("utf-8")
    assert main(["diff", str(example_plan)]) == 0
    assert "No changes" in capsys.readouterr().out
    assert main(["diff", str(example_plan), "--from", "r6"]) == 0
    assert "r7 (" in capsys.readouterr().out


def test_revision_command_errors(example_plan: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = (example_plan / "plan.toml").read_bytes()
    assert main(["revision", str(example_plan), "-m", "   "]) == 2
    assert "summary is empty" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_:
        main(["revision", str(example_plan)])
    assert exit_.value.code == 2
    (example_plan / "history" / "plan-r7.toml").write_text("someone's file", encoding="utf-8")
    assert main(["revision", str(example_plan), "-m", "Next"]) == 1
    assert "a snapshot of revision 7 already exists" in capsys.readouterr().err
    assert (example_plan / "history" / "plan-r7.toml").read_text(encoding="utf-8") == "someone's file"
    assert (example_plan / "plan.toml").read_bytes() == before
    (example_plan / "history" / "plan-r7.toml").unlink()
    with PlanStore.open(example_plan):  # another window holds the plan
        assert main(["revision", str(example_plan), "-m", "Next"]) == 1
        assert "read-only" in capsys.readouterr().err
    assert (example_plan / "plan.toml").read_bytes() == before


def test_record_revision_is_refused_read_only(example_plan: Path) -> None:
    with PlanStore.open(example_plan) as holder, PlanStore.open(example_plan) as second:
        assert not holder.read_only and second.read_only
        with pytest.raises(LockedError):
            second.record_revision("x")
    with pytest.raises(PlanError):
        load_revision(example_plan, 99)


# --- the terminal app: d shows the changes, R records a revision ------------------------------------------------

@pytest.fixture
def no_disk_watch(monkeypatch: pytest.MonkeyPatch) -> None:
    from facilitator import app as app_module

    monkeypatch.setattr(app_module, "DISK_CHECK_SECONDS", 3600.0)


@pilot_test
async def test_changes_view_from_a_chosen_revision(example_plan: Path, no_disk_watch: None) -> None:
    from textual.widgets import Select

    from facilitator.screens.changes import ChangesScreen, HangingReport

    app = ClusterApp(example_plan)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ChangesScreen) and screen.from_revision == 6
        text = screen.text()
        assert "from revision 6 (" in text and "target 2029 changed from 50% to 48%" in text
        _cli_diff, cli_text = diff_folder(example_plan)
        assert text.rstrip() == cli_text.rstrip(), "the view shows what `facilitator diff` prints"
        shown = screen.query_one("#report", Static)
        assert isinstance(shown.content, HangingReport)
        rows = [shown.render_line(y).text.rstrip() for y in range(shown.size.height)]
        o1 = next(i for i, row in enumerate(rows) if row.lstrip().startswith("~ Objective O1 "))
        assert rows[o1].startswith("  ~ Objective O1 ") and rows[o1 + 1].startswith("    ") and \
            not rows[o1 + 1].startswith("     "), "a wrapped change continues under its record, past the mark"
        report = screen.report()
        struck = [span for span in report.spans if "strike" in str(span.style)]
        assert [report.plain[span.start:span.end] for span in struck] == [";", "will be", "once", "is"]
        await pilot.press("v")  # choose the revision: the list opens, r1 is the last entry
        await settle(pilot)
        await pilot.press("end", "enter")
        await settle(pilot)
        assert screen.from_revision == 1 and screen.query_one("#from", Select).value == 1
        assert "In all: 165 added, 28 changed" in screen.text()
        await pilot.press("escape", "escape")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)


@pilot_test
async def test_record_a_revision_with_R(example_plan: Path, no_disk_watch: None) -> None:
    from facilitator.screens.changes import ChangesScreen, RevisionDialog

    app = ClusterApp(example_plan)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("R")
        await settle(pilot)
        assert isinstance(app.screen, RevisionDialog)
        await pilot.press("enter")  # no summary: asked for one, nothing written
        await settle(pilot)
        assert "one-line summary" in plain(app.screen.query_one("#revision-error", Static))
        assert not (example_plan / "history" / "plan-r7.toml").exists()
        for key in ("B", "o", "a", "r", "d", "space", "r", "e", "v", "i", "e", "w"):
            await pilot.press(key)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert app.state is not None and app.state.plan.revision == 7
        snapshot = example_plan / "history" / "plan-r7.toml"
        assert snapshot.read_bytes() == (example_plan / "plan.toml").read_bytes()
        assert tomllib.loads(snapshot.read_text("utf-8"))["revisions"][-1]["summary"] == "Board review"
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ChangesScreen) and app.screen.from_revision == 7
        assert "No changes" in app.screen.text()


@pilot_test
async def test_R_on_a_read_only_plan_writes_nothing(example_plan: Path, no_disk_watch: None) -> None:
    from facilitator.screens.changes import RevisionDialog

    before = (example_plan / "plan.toml").read_bytes()
    with PlanStore.open(example_plan):
        app = ClusterApp(example_plan)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("R")
            await settle(pilot)
            assert not isinstance(app.screen, RevisionDialog)
    assert (example_plan / "plan.toml").read_bytes() == before
    assert not (example_plan / "history" / "plan-r7.toml").exists()


def test_a_refused_revision_leaves_nothing_half_recorded(example_plan: Path) -> None:
    from facilitator.problems import ChangedOnDiskError

    with PlanStore.open(example_plan) as store:
        path = example_plan / "plan.toml"
        path.write_text(path.read_text(encoding="utf-8") + "# edited in another editor\n", encoding="utf-8")
        with pytest.raises(ChangedOnDiskError):
            store.record_revision("Refused")
        assert store.plan.revision == 6 and len(store.plan.revisions) == 6
    assert not (example_plan / "history" / "plan-r7.toml").exists()
    assert tomllib.loads(path.read_text(encoding="utf-8"))["revision"] == 6


@pytest.mark.parametrize("size", [(80, 24), (160, 45)])
@pilot_test
async def test_changes_view_shows_the_last_change_at_any_size(example_plan: Path, no_disk_watch: None,
                                                              size: tuple[int, int]) -> None:
    """The view was sized one line short of its report, so the last change was cut off."""
    from facilitator.screens.changes import ChangesScreen

    app = ClusterApp(example_plan)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ChangesScreen)
        shown = screen.query_one("#report", Static)
        rows = [shown.render_line(y).text.rstrip() for y in range(shown.size.height)]
        last = screen.report().plain.rstrip().splitlines()[-1].split()
        assert " ".join(" ".join(rows).split()).endswith(" ".join(last[-4:])), rows[-3:]


def test_the_network_s_ties_and_waves_are_changes_by_id(example_plan: Path) -> None:
    old = _plan(example_plan)
    new = old.model_copy(deep=True)
    gone = new.network.ties[0]
    new.network.ties = new.network.ties[1:]
    new.network.waves = [*new.network.waves, type(new.network.waves[0])(id="2027-11", label="Mid-term")] \
        if new.network.waves else new.network.waves
    diff = diff_plans(old, new)
    removed = [c for c in diff.of("network") if c.op == REMOVED]
    assert [c.id for c in removed] == [gone.id] and removed[0].code == gone.wave
    names = {s.id: s.name for s in old.stakeholders}
    assert names[gone.actor] in removed[0].title and names[gone.partner] in removed[0].title
    text = report_text(diff)
    assert "Collaboration network" in text and names[gone.actor] in text
