"""Merging copies of a plan: three-way merge of plan and session files by ids, the git merge driver,
and `facilitator merge` of whole plan folders."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facilitator import cli
from facilitator.example import copy_example
from facilitator.merge import conflict_problems, merge_texts
from facilitator.model import Plan, Session
from facilitator.store import PlanStore

EXAMPLE = Path(__file__).parent.parent / "facilitator" / "example"
BASE = (EXAMPLE / "plan.toml").read_text(encoding="utf-8")

STK_ONE = '\n[[stakeholders]]\nid = "stk-one111"\nname = "Ana One"\nkind = "firm"\n'
STK_TWO = '\n[[stakeholders]]\nid = "stk-two222"\nname = "Bruno Two"  # met at the fair\nkind = "ngo"\n'
LAST_STAKEHOLDER = '''[[stakeholders]]
id = "stk-srasje"
name = "Mônica Araújo"
organization = "Freelance travel writer"
kind = "other"
segment = "Media"
gender = "f"
role = "Travel writer and social media promoter"
'''


def sub(text: str, old: str, new: str) -> str:
    """Replace the one occurrence of ``old`` (the test is wrong if there is not exactly one)."""
    assert text.count(old) == 1, old
    return text.replace(old, new)


def read(text: str) -> dict:
    data = tomllib.loads(text)
    Plan.model_validate(data)
    return data


def by_id(records: list[dict], id_: str) -> dict | None:
    return next((r for r in records if r.get("id") == id_), None)


def indicator(data: dict, code: str) -> dict:
    return next(i for i in data["indicators"] if i["code"] == code)


# --- the three-way merge of one file --------------------------------------------------------------------

def test_both_sides_add_records_and_one_side_edits_a_field() -> None:
    ours = sub(BASE, LAST_STAKEHOLDER, LAST_STAKEHOLDER + STK_ONE)
    theirs = sub(BASE, 'sector = "Tourism: heritage, wine, river and rural tourism"', 'sector = "Tourism"')
    theirs = sub(theirs, LAST_STAKEHOLDER, LAST_STAKEHOLDER + STK_TWO)
    result = merge_texts(BASE, ours, theirs, "plan.toml")
    assert result.conflicts == [] and result.added == 1
    data = read(result.text)
    ids = [s["id"] for s in data["stakeholders"]]
    assert ids[-3:] == ["stk-srasje", "stk-one111", "stk-two222"]  # ours' addition first, then theirs'
    assert data["cluster"]["sector"] == "Tourism"
    assert "# met at the fair" in result.text  # theirs' record comes with its comment
    assert conflict_problems(result.text, "plan.toml") == []


def test_a_field_changed_differently_on_both_sides_is_a_marked_conflict() -> None:
    ours = sub(BASE, "baseline = 38\n", "baseline = 39\n")
    theirs = sub(BASE, "baseline = 38\n", "baseline = 40\n")
    theirs = sub(theirs, "vision_horizon = 2032", "vision_horizon = 2033")
    result = merge_texts(BASE, ours, theirs, "plan.toml")
    assert [str(c) for c in result.conflicts] == ["plan.toml: indicators[I2.1].baseline: ours 39, theirs 40"]
    data = read(result.text)  # still TOML, still a valid plan
    assert indicator(data, "I2.1")["baseline"] == 39  # ours kept until someone decides
    assert data["strategy"]["vision_horizon"] == 2033  # the clean change is merged all the same
    lines = result.text.splitlines()
    at = lines.index("# CONFLICT theirs: baseline = 40")
    assert lines[at + 1] == "baseline = 39"
    problems = conflict_problems(result.text, "plan.toml")
    assert [(p.level, p.line, p.check) for p in problems] == [("error", at + 1, "merge-conflict")]


def test_prefer_resolves_each_conflict_that_way() -> None:
    ours = sub(BASE, "baseline = 38\n", "baseline = 39\n")
    theirs = sub(BASE, "baseline = 38\n", "baseline = 40\n")
    result = merge_texts(BASE, ours, theirs, "plan.toml", prefer="theirs")
    assert [c.resolved for c in result.conflicts] == ["theirs"] and result.unresolved == []
    assert indicator(read(result.text), "I2.1")["baseline"] == 40
    assert "CONFLICT" not in result.text
    mine = merge_texts(BASE, ours, theirs, "plan.toml", prefer="ours")
    assert mine.text is None  # ours already holds the answer: nothing to write


def test_a_record_deleted_on_one_side_and_unchanged_on_the_other_is_deleted() -> None:
    theirs = sub(BASE, LAST_STAKEHOLDER, "")
    ours = sub(BASE, "baseline = 38\n", "baseline = 39\n")
    result = merge_texts(BASE, ours, theirs, "plan.toml")
    assert result.conflicts == []
    data = read(result.text)
    assert by_id(data["stakeholders"], "stk-srasje") is None
    assert indicator(data, "I2.1")["baseline"] == 39
    # the comments that introduce the next section stay above it when the record before them goes
    assert "# rank: order in the dot vote on critical problems\n[[findings]]" in result.text


def test_delete_versus_edit_is_a_conflict_and_nothing_is_lost() -> None:
    edited = sub(BASE, 'role = "Travel writer and social media promoter"',
                 'role = "Travel writer"\nemail = "monica@example.org"')
    deleted = sub(BASE, LAST_STAKEHOLDER, "")
    # theirs deleted, ours edited: ours' record stays, marked
    result = merge_texts(BASE, edited, deleted, "plan.toml")
    assert [str(c) for c in result.conflicts] == [
        "plan.toml: stakeholders[stk-srasje]: theirs deleted the record, ours changed it"]
    assert by_id(read(result.text)["stakeholders"], "stk-srasje")["email"] == "monica@example.org"
    assert len(conflict_problems(result.text, "plan.toml")) == 1
    # ours deleted, theirs edited: theirs' record comes back, marked
    result = merge_texts(BASE, deleted, edited, "plan.toml")
    assert [str(c) for c in result.conflicts] == [
        "plan.toml: stakeholders[stk-srasje]: ours deleted the record, theirs changed it"]
    back = by_id(read(result.text)["stakeholders"], "stk-srasje")
    assert back is not None and back["email"] == "monica@example.org"
    lines = result.text.splitlines()
    at = lines.index('id = "stk-srasje"')
    assert lines[at - 2:at] == ["[[stakeholders]]", ("# CONFLICT ours deleted this record, theirs changed it: "
                                "theirs' version is kept here; delete the record if it should go, then this line")]
    assert result.text.count("# Consolidated diagnosis") == 1


def test_comments_and_layout_of_ours_are_kept() -> None:
    ours = sub(BASE, 'revision = 6  # last recorded revision',
               'revision = 6  # last recorded revision\n# a note only ours has\n')
    ours = sub(ours, 'kind = "mixed"  # horizontal | vertical | mixed', 'kind = "mixed"  # ours: we argued about this')
    theirs = sub(BASE, 'name = "Inés Larrañaga"\norganization', 'name = "Inés Larrañaga Pérez"\norganization')
    result = merge_texts(BASE, ours, theirs, "plan.toml")
    assert result.conflicts == []
    assert "# a note only ours has" in result.text
    assert 'kind = "mixed"  # ours: we argued about this' in result.text
    assert 'role = "Owner-manager; chair of the cluster board"  # elected at the diagnosis workshop' in result.text
    # only the changed line differs from ours
    changed = [(a, b) for a, b in zip(ours.splitlines(), result.text.splitlines()) if a != b]
    assert changed == [('name = "Inés Larrañaga"', 'name = "Inés Larrañaga Pérez"')]


def test_targets_by_year_and_measurements_by_date() -> None:
    ours = sub(BASE, "targets = [{ year = 2027, value = 42 }, { year = 2029, value = 48 }]",
               "targets = [{ year = 2027, value = 42 }, { year = 2029, value = 48 }, { year = 2031, value = 50 }]")
    theirs = sub(BASE, "targets = [{ year = 2027, value = 42 }, { year = 2029, value = 48 }]",
                 "targets = [{ year = 2027, value = 43 }, { year = 2029, value = 48 }]")
    theirs = sub(theirs, 'note = "Spring quarter, first routes on sale."',
                 'note = "Spring quarter, first routes on sale."\n\n'
                 '[[indicators.measurements]]\ndate = 2027-03-31\nvalue = 1.8')
    result = merge_texts(BASE, ours, theirs, "plan.toml")
    assert result.conflicts == []
    data = read(result.text)
    assert indicator(data, "I2.1")["targets"] == [
        {"year": 2027, "value": 43}, {"year": 2029, "value": 48}, {"year": 2031, "value": 50}]
    assert "targets = [{year = 2027, value = 43}, {year = 2029, value = 48}, {year = 2031, value = 50}]" \
        in result.text  # still an inline list
    dates = [m["date"] for m in indicator(data, "I1.1")["measurements"]]
    assert dates[-1] == dt.date(2027, 3, 31) and len(dates) == len(set(dates))


def test_without_a_common_base_nothing_is_deleted() -> None:
    ours = sub(BASE, LAST_STAKEHOLDER, LAST_STAKEHOLDER + STK_ONE)
    theirs = sub(BASE, LAST_STAKEHOLDER, STK_TWO)
    result = merge_texts(None, ours, theirs, "plan.toml")
    ids = [s["id"] for s in read(result.text)["stakeholders"]]
    assert {"stk-srasje", "stk-one111", "stk-two222"} <= set(ids)


def test_sessions_merge_by_ids_too() -> None:
    base = (EXAMPLE / "sessions" / "2026-05-07-vision.toml").read_text(encoding="utf-8")
    note = '\n[[contributions]]\nid = "{id}"\nstep = "{step}"\ntext = "{text}"\n'
    step = tomllib.loads(base)["contributions"][0]["step"]
    ours = base + note.format(id="ctb-ours01", step=step, text="From the first laptop")
    theirs = sub(base, 'venue = "Posada del Río, Colonia del Sacramento – garden room"', 'venue = "Garden room"')
    theirs += note.format(id="ctb-their1", step=step, text="From the second laptop")
    result = merge_texts(base, ours, theirs, "sessions/2026-05-07-vision.toml")
    assert result.conflicts == []
    data = tomllib.loads(result.text)
    Session.model_validate(data)
    assert [c["id"] for c in data["contributions"]][-2:] == ["ctb-ours01", "ctb-their1"]
    assert data["venue"] == "Garden room"


# --- facilitator merge-file -------------------------------------------------------------------------------

def _files(tmp_path: Path, base: str, ours: str, theirs: str) -> tuple[Path, Path, Path]:
    paths = tmp_path / "base.toml", tmp_path / "ours.toml", tmp_path / "theirs.toml"
    for path, text in zip(paths, (base, ours, theirs)):
        path.write_text(text, encoding="utf-8")
    return paths


def test_merge_file_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ours = sub(BASE, "baseline = 38\n", "baseline = 39\n")
    base, ours_path, theirs = _files(tmp_path, BASE, ours, sub(BASE, "vision_horizon = 2032", "vision_horizon = 2033"))
    assert cli.main(["merge-file", str(base), str(ours_path), str(theirs), "plan.toml"]) == 0
    assert read(ours_path.read_text(encoding="utf-8"))["strategy"]["vision_horizon"] == 2033

    base, ours_path, theirs = _files(tmp_path, BASE, ours, sub(BASE, "baseline = 38\n", "baseline = 40\n"))
    capsys.readouterr()
    assert cli.main(["merge-file", str(base), str(ours_path), str(theirs), "plan.toml"]) == 1
    err = capsys.readouterr().err
    assert err.splitlines() == ["plan.toml: indicators[I2.1].baseline: ours 39, theirs 40"]
    assert "# CONFLICT theirs: baseline = 40" in ours_path.read_text(encoding="utf-8")
    assert len(conflict_problems(ours_path.read_text(encoding="utf-8"), "plan.toml")) == 1


@pytest.mark.parametrize("theirs", ["title = 'not a plan'\n", "format = \"cluster-facilitator/plan/1\"\n[cluster\n",
                                    sub(BASE, 'format = "cluster-facilitator/plan/1"',
                                        'format = "cluster-facilitator/plan/9"')])
def test_merge_file_refuses_what_it_cannot_merge_and_leaves_ours(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], theirs: str) -> None:
    ours = sub(BASE, "baseline = 38\n", "baseline = 39\n")
    base, ours_path, theirs_path = _files(tmp_path, BASE, ours, theirs)
    assert cli.main(["merge-file", str(base), str(ours_path), str(theirs_path), "plan.toml"]) == 2
    err = capsys.readouterr().err
    assert "plan.toml: not merged; the file was left as it was" in err and "Traceback" not in err
    assert ours_path.read_text(encoding="utf-8") == ours


# --- a real git repository with the merge driver --------------------------------------------------------------

def _git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env_args = ["-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false"]
    return subprocess.run(["git", *env_args, *args], cwd=repo, capture_output=True, text=True, check=check)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_git_merge_with_the_driver_keeps_both_stakeholders(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q", "-b", "main")
    copy_example(repo / "colonia")
    plan = repo / "colonia" / "plan.toml"
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "the example plan")
    _git(repo, "checkout", "-qb", "laptop-two")
    plan.write_text(plan.read_text(encoding="utf-8") + STK_TWO, encoding="utf-8")
    _git(repo, "commit", "-qam", "a stakeholder from laptop two")
    _git(repo, "checkout", "-q", "main")
    plan.write_text(plan.read_text(encoding="utf-8") + STK_ONE, encoding="utf-8")
    _git(repo, "commit", "-qam", "a stakeholder from laptop one")

    # git's own text merge: both added at the end of the file, a conflict
    plain = _git(repo, "merge", "laptop-two", check=False)
    assert plain.returncode != 0 and "CONFLICT" in plain.stdout
    _git(repo, "merge", "--abort")

    (repo / ".gitattributes").write_text("plan.toml merge=facilitator\nsessions/*.toml merge=facilitator\n")
    driver = f'"{sys.executable}" -m facilitator merge-file %O %A %B %P'
    _git(repo, "config", "merge.facilitator.name", "Cluster Facilitator plan merge")
    _git(repo, "config", "merge.facilitator.driver", driver)
    merged = _git(repo, "merge", "laptop-two", "-m", "merge laptop two", check=False)
    assert merged.returncode == 0, merged.stdout + merged.stderr
    data = read(plan.read_text(encoding="utf-8"))
    ids = [s["id"] for s in data["stakeholders"]]
    assert ids[-2:] == ["stk-one111", "stk-two222"]
    assert _git(repo, "status", "--porcelain").stdout.strip() == "?? .gitattributes"

    # the same value changed on both branches: git reports the conflict, the file keeps both values
    _git(repo, "checkout", "-qb", "other-baseline")
    _edit(plan.parent, "baseline = 38\n", "baseline = 40\n")
    _git(repo, "commit", "-qam", "baseline 40")
    _git(repo, "checkout", "-q", "main")
    _edit(plan.parent, "baseline = 38\n", "baseline = 39\n")
    _git(repo, "commit", "-qam", "baseline 39")
    conflicted = _git(repo, "merge", "other-baseline", "-m", "merge", check=False)
    assert conflicted.returncode != 0 and "CONFLICT" in conflicted.stdout
    assert "colonia/plan.toml: indicators[I2.1].baseline: ours 39, theirs 40" in conflicted.stdout + conflicted.stderr
    text = plan.read_text(encoding="utf-8")
    assert "# CONFLICT theirs: baseline = 40\nbaseline = 39\n" in text and "<<<<<<<" not in text
    assert indicator(read(text), "I2.1")["baseline"] == 39


# --- facilitator merge of whole folders ---------------------------------------------------------------------

def _new_session(folder: Path, title: str, ident: str) -> str:
    with PlanStore.open(folder) as store:
        handle = store.new_session(Session(id=ident, workshop="review", title=title, date=dt.date(2026, 12, 3)))
        return handle.path.name


def _contents(folder: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in folder.rglob("*") if p.is_file() and p.name != ".lock"}


def _edit(folder: Path, old: str, new: str) -> None:
    plan = folder / "plan.toml"
    plan.write_text(sub(plan.read_text(encoding="utf-8"), old, new), encoding="utf-8")


def test_merge_two_copies_that_each_added_a_session_and_edited_different_fields(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ours, theirs = copy_example(tmp_path / "ours"), copy_example(tmp_path / "theirs")
    mine = _new_session(ours, "Review on laptop one", "ses-lapone")
    other = _new_session(theirs, "Review on laptop two", "ses-laptwo")
    assert mine == other  # same date and kit: the same file name, different sessions
    _edit(ours, "baseline = 38\n", "baseline = 39\n")
    _edit(theirs, 'sector = "Tourism: heritage, wine, river and rural tourism"', 'sector = "Tourism"')
    _edit(theirs, LAST_STAKEHOLDER, LAST_STAKEHOLDER + STK_TWO)

    assert cli.main(["merge", str(ours), str(theirs)]) == 0
    out = capsys.readouterr().out
    assert "plan.toml: merged, 1 record added from the other copy" in out
    data = read((ours / "plan.toml").read_text(encoding="utf-8"))
    assert indicator(data, "I2.1")["baseline"] == 39 and data["cluster"]["sector"] == "Tourism"
    assert by_id(data["stakeholders"], "stk-two222") is not None
    sessions = {tomllib.loads(p.read_text(encoding="utf-8"))["id"] for p in (ours / "sessions").glob("*.toml")}
    assert {"ses-lapone", "ses-laptwo"} <= sessions  # nothing lost: theirs kept under a new name
    assert (ours / "sessions" / mine.replace(".toml", "-2.toml")).exists()
    assert cli.main(["check", str(ours)]) == 0
    # merging again changes nothing
    capsys.readouterr()
    assert cli.main(["merge", str(ours), str(theirs)]) == 0
    assert "nothing to merge" in capsys.readouterr().out


def test_merge_folders_with_conflicts_writes_nothing_unless_a_side_is_preferred(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ours, theirs = copy_example(tmp_path / "ours"), copy_example(tmp_path / "theirs")
    _edit(ours, "baseline = 38\n", "baseline = 39\n")
    _edit(theirs, "baseline = 38\n", "baseline = 40\n")
    _new_session(theirs, "Review", "ses-review")
    before = _contents(ours)
    assert cli.main(["merge", str(ours), str(theirs)]) == 1
    err = capsys.readouterr().err
    assert f"{ours / 'plan.toml'}: indicators[I2.1].baseline: ours 39, theirs 40" in err
    assert "1 conflict: nothing was written" in err
    assert _contents(ours) == before  # (the lock file aside)

    assert cli.main(["merge", str(ours), str(theirs), "--prefer", "theirs"]) == 0
    out = capsys.readouterr().out
    assert "1 conflict resolved with --prefer theirs" in out
    assert indicator(read((ours / "plan.toml").read_text(encoding="utf-8")), "I2.1")["baseline"] == 40
    assert any("ses-review" in p.read_text(encoding="utf-8") for p in (ours / "sessions").glob("*.toml"))


def test_merge_refuses_a_plan_open_elsewhere(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ours, theirs = copy_example(tmp_path / "ours"), copy_example(tmp_path / "theirs")
    _edit(theirs, "baseline = 38\n", "baseline = 40\n")
    before = (ours / "plan.toml").read_bytes()
    with PlanStore.open(ours):  # a running TUI holds the lock
        assert cli.main(["merge", str(ours), str(theirs)]) == 1
    assert "close it there, then merge" in capsys.readouterr().err
    assert (ours / "plan.toml").read_bytes() == before


# --- more shapes of conflict ----------------------------------------------------------------------------------

def test_a_multiline_conflict_and_a_key_ours_removed_stay_readable() -> None:
    ours = sub(BASE, 'email = "ines@posadadelrio.example"\n', "")
    theirs = sub(BASE, 'email = "ines@posadadelrio.example"', 'email = "ines@posada.example"')
    described = tomllib.loads(BASE)["cluster"]["description"]
    ours = sub(ours, described, "Our own description.\n")
    theirs = sub(theirs, described, "Their description,\non two lines.\n")
    result = merge_texts(BASE, ours, theirs, "plan.toml")
    assert sorted(str(c) for c in result.conflicts) == [
        'plan.toml: cluster.description: ours "Our own description.\\n", theirs "Their description,\\non two lines.\\n"',
        'plan.toml: stakeholders[stk-k53cre].email: ours (removed), theirs "ines@posada.example"',
    ]
    data = read(result.text)
    assert "email" not in by_id(data["stakeholders"], "stk-k53cre")  # ours stays until someone decides
    assert data["cluster"]["description"] == "Our own description.\n"
    lines = result.text.splitlines()
    at = lines.index('# CONFLICT theirs: description = """')
    assert lines[at + 1:at + 4] == ["#   Their description,", "#   on two lines.", '#   """']
    assert lines[at + 4] == 'description = """'
    header = lines.index('id = "stk-k53cre"') - 2
    assert lines[header:header + 2] == [
        "[[stakeholders]]", '# CONFLICT ours removed it; theirs: email = "ines@posada.example"']
    assert len(conflict_problems(result.text, "plan.toml")) == 2


def test_conflict_comments_inside_multiline_text_are_not_markers() -> None:
    text = 'format = "cluster-facilitator/plan/1"\n[cluster]\nname = "X"\ndescription = """\n# CONFLICT typed\n"""\n'
    assert conflict_problems(text, "plan.toml") == []


def test_merge_file_with_an_empty_base_is_a_union(tmp_path: Path) -> None:
    ours = sub(BASE, LAST_STAKEHOLDER, LAST_STAKEHOLDER + STK_ONE)
    theirs = sub(BASE, LAST_STAKEHOLDER, LAST_STAKEHOLDER + STK_TWO)
    base, ours_path, theirs_path = _files(tmp_path, "", ours, theirs)  # git's add/add: an empty ancestor
    assert cli.main(["merge-file", str(base), str(ours_path), str(theirs_path)]) == 0
    ids = [s["id"] for s in read(ours_path.read_text(encoding="utf-8"))["stakeholders"]]
    assert ids[-2:] == ["stk-one111", "stk-two222"]


def test_folder_merge_uses_the_shared_snapshot_as_base_and_merges_the_same_session(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from facilitator.merge import folder_conflicts, shared_base

    ours, theirs = copy_example(tmp_path / "ours"), copy_example(tmp_path / "theirs")
    assert shared_base(ours, theirs)[1] == 6
    _edit(theirs, LAST_STAKEHOLDER, "")  # deleted there, untouched here: gone after the merge
    session = "sessions/2026-07-09-indicators.toml"
    note = '\n[[contributions]]\nid = "{id}"\nstep = "{step}"\ntext = "{text}"\n'
    step = tomllib.loads((ours / session).read_text(encoding="utf-8"))["contributions"][0]["step"]
    for folder, ident in ((ours, "ctb-laptop1"), (theirs, "ctb-laptop2")):
        with open(folder / session, "a", encoding="utf-8") as fh:
            fh.write(note.format(id=ident, step=step, text=f"Noted on {ident}"))
    with PlanStore.open(theirs) as store:
        store.record_revision("Reviewed on laptop two")
    assert cli.main(["merge", str(ours), str(theirs)]) == 0
    out = capsys.readouterr().out
    assert f"{ours / 'history/plan-r7.toml'}: copied from the other copy" in out
    data = read((ours / "plan.toml").read_text(encoding="utf-8"))
    assert by_id(data["stakeholders"], "stk-srasje") is None
    assert data["revision"] == 7 and data["revisions"][-1]["summary"] == "Reviewed on laptop two"
    notes = [c["id"] for c in tomllib.loads((ours / session).read_text(encoding="utf-8"))["contributions"]]
    assert notes[-2:] == ["ctb-laptop1", "ctb-laptop2"]
    assert sorted(p.name for p in (ours / "sessions").glob("*.toml")) == sorted(
        p.name for p in (theirs / "sessions").glob("*.toml"))
    assert folder_conflicts(ours) == []


def test_folder_conflicts_finds_markers_in_plan_and_sessions(example_plan: Path) -> None:
    from facilitator.merge import folder_conflicts

    _edit(example_plan, "baseline = 38\n", "# CONFLICT theirs: baseline = 40\nbaseline = 38\n")
    session = example_plan / "sessions" / "2026-05-07-vision.toml"
    session.write_text(session.read_text(encoding="utf-8").replace(
        'venue = ', '# CONFLICT theirs: venue = "Garden"\nvenue = ', 1), encoding="utf-8")
    found = folder_conflicts(example_plan)
    assert [(p.file, p.check, p.level) for p in found] == [
        ("plan.toml", "merge-conflict", "error"), ("sessions/2026-05-07-vision.toml", "merge-conflict", "error")]
    assert all(p.line for p in found)


def test_choices_resolve_single_conflicts_by_key() -> None:
    ours = sub(sub(BASE, "baseline = 38\n", "baseline = 39\n"), "vision_horizon = 2032", "vision_horizon = 2034")
    theirs = sub(sub(BASE, "baseline = 38\n", "baseline = 40\n"), "vision_horizon = 2032", "vision_horizon = 2033")
    first = merge_texts(BASE, ours, theirs, "plan.toml")
    keys = sorted(c.key for c in first.conflicts)
    assert keys == [("plan.toml", "indicators[I2.1].baseline"), ("plan.toml", "strategy.vision_horizon")]
    result = merge_texts(BASE, ours, theirs, "plan.toml",
                         choices={("plan.toml", "indicators[I2.1].baseline"): "theirs"})
    assert [c.key for c in result.unresolved] == [("plan.toml", "strategy.vision_horizon")]
    data = read(result.text)
    assert indicator(data, "I2.1")["baseline"] == 40 and data["strategy"]["vision_horizon"] == 2034


# --- the merge screen ---------------------------------------------------------------------------------------

def test_merge_screen_lists_conflicts_and_merges_the_chosen_sides(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pilot import pilot_test, plain, settle, until
    from textual.widgets import Input, Static

    from facilitator import app as app_module
    from facilitator.app import ClusterApp
    from facilitator.screens.merge import MergeScreen
    from facilitator.screens.widgets import RecordTable

    monkeypatch.setattr(app_module, "DISK_CHECK_SECONDS", 3600.0)  # tests reload themselves

    ours, theirs = copy_example(tmp_path / "ours"), copy_example(tmp_path / "theirs")
    _edit(ours, "baseline = 38\n", "baseline = 39\n")
    _edit(ours, "vision_horizon = 2032", "vision_horizon = 2034")
    _edit(theirs, "baseline = 38\n", "baseline = 40\n")
    _edit(theirs, "vision_horizon = 2032", "vision_horizon = 2033")
    _edit(theirs, LAST_STAKEHOLDER, LAST_STAKEHOLDER + STK_TWO)

    @pilot_test
    async def run() -> None:
        app = ClusterApp(ours)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("M")
            await until(pilot, lambda: isinstance(app.screen, MergeScreen))
            screen = app.screen
            assert isinstance(app.focused, Input)
            await pilot.press("o")  # a letter typed in the path box is text, not a choice
            assert app.focused.value == "o" and not screen.choices
            app.focused.value = str(theirs)
            await pilot.press("enter")
            table = screen.query_one(RecordTable)
            await until(pilot, lambda: len(table.records) == 2)
            assert [r.cells[1] for r in table.records] == ["strategy.vision_horizon", "indicators[I2.1].baseline"]
            summary = plain(screen.query_one("#summary", Static))
            assert "1 record to add" in summary and "2 still to choose" in summary
            await pilot.press("ctrl+s")  # refused: a conflict has no side yet
            assert "2 conflicts still to choose" in plain(screen.query_one("#summary", Static))
            assert read((ours / "plan.toml").read_text(encoding="utf-8"))["strategy"]["vision_horizon"] == 2034
            await pilot.press("o")  # vision_horizon: ours; the cursor moves on
            await pilot.press("t")  # baseline: theirs
            assert "ctrl+s merges" in plain(screen.query_one("#summary", Static))
            await pilot.press("ctrl+s")
            await until(pilot, lambda: not isinstance(app.screen, MergeScreen))
            data = read((ours / "plan.toml").read_text(encoding="utf-8"))
            assert data["strategy"]["vision_horizon"] == 2034 and indicator(data, "I2.1")["baseline"] == 40
            # the app shows the merged plan (reloaded after the write: on a loaded machine, a moment later)
            await until(pilot, lambda: app.state is not None and app.state.plan.stakeholder("stk-two222") is not None)

    run()


# --- a property: what each side did to records survives the merge --------------------------------------------

SIDE = st.fixed_dictionaries({
    "edit": st.dictionaries(st.integers(0, 5), st.sampled_from(["chair", "treasurer", "member"]), max_size=4),
    "delete": st.sets(st.integers(0, 5), max_size=3),
    "add": st.integers(0, 2),
})


def _small_plan(roles: dict[int, str], deleted: set[int], added: list[str]) -> str:
    import tomlkit

    doc = tomlkit.document()
    doc["format"] = "cluster-facilitator/plan/1"
    doc["cluster"] = {"name": "Test"}
    aot = tomlkit.aot()
    for i in range(6):
        if i not in deleted:
            aot.append({"id": f"stk-base{i}", "name": f"Person {i}", "role": roles.get(i, "member")})
    for ident in added:
        aot.append({"id": ident, "name": ident})
    doc["stakeholders"] = aot
    return tomlkit.dumps(doc)


@settings(max_examples=60, deadline=None)
@given(ours=SIDE, theirs=SIDE)
def test_each_sides_record_changes_survive_the_merge(ours: dict, theirs: dict) -> None:
    base_text = _small_plan({}, set(), [])
    mine = [f"stk-ours{i}" for i in range(ours["add"])]
    their = [f"stk-their{i}" for i in range(theirs["add"])]
    result = merge_texts(base_text, _small_plan(ours["edit"], ours["delete"], mine),
                         _small_plan(theirs["edit"], theirs["delete"], their), "plan.toml")
    text = result.text if result.text is not None else _small_plan(ours["edit"], ours["delete"], mine)
    records = {s["id"]: s for s in read(text)["stakeholders"]}
    conflicts = {str(c.path[1][1]) + ("" if c.record_level else "." + str(c.path[-1])) for c in result.conflicts}
    expected_conflicts = set()
    for i in range(6):
        ident = f"stk-base{i}"
        o_role, t_role = ours["edit"].get(i, "member"), theirs["edit"].get(i, "member")
        o_gone, t_gone = i in ours["delete"], i in theirs["delete"]
        if o_gone and t_gone:
            assert ident not in records
        elif o_gone or t_gone:
            other_changed = (t_role if o_gone else o_role) != "member"
            assert (ident in records) == other_changed  # deleted unless the other side changed it
            if other_changed:
                expected_conflicts.add(ident)
        elif o_role != t_role and "member" not in (o_role, t_role):
            expected_conflicts.add(ident + ".role")
            assert records[ident]["role"] == o_role  # ours kept, theirs in the comment
        else:
            assert records[ident]["role"] == (o_role if o_role != "member" else t_role)
    assert conflicts == expected_conflicts
    assert [r for r in records if r in mine + their] == mine + their  # both sides' additions, ours first
    assert len(conflict_problems(text, "plan.toml")) == len(expected_conflicts)
