"""CSV of the value-chain segments and of the actions' activities: round trip without change (both
separators), edits and new rows read back from plan.toml, links by segment name (old or new), and bad files
reported row by row with nothing written."""

from __future__ import annotations

import csv
import io
import tomllib
from pathlib import Path
from typing import Any

import pytest
from pilot import pilot_test, plain, settle
from textual.widgets import Select, Static

from facilitator.app import ClusterApp
from facilitator.cli import main


def _export(plan: Path, kind: str, tmp_path: Path, *extra: str) -> Path:
    out = tmp_path / f"{kind}.csv"
    assert main(["csv", "export", str(plan), kind, "-o", str(out), *extra]) == 0
    return out


def _rows(path: Path, delimiter: str = ",") -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline=""), delimiter=delimiter))


def _write(path: Path, rows: list[dict[str, str]], delimiter: str = ",") -> None:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), delimiter=delimiter, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text("\ufeff" + out.getvalue(), encoding="utf-8", newline="")


def _plan(folder: Path) -> dict[str, Any]:
    return tomllib.loads((folder / "plan.toml").read_text(encoding="utf-8"))


def _segments(folder: Path) -> dict[str, dict[str, Any]]:
    return {s["name"]: s for s in _plan(folder)["cluster"]["segments"]}


def _activities(folder: Path) -> dict[str, list[dict[str, Any]]]:
    return {a["code"]: a.get("activities", []) for a in _plan(folder)["actions"]}


# --- round trips ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("sep", [",", ";"])
@pytest.mark.parametrize("kind", ["segments", "activities"])
def test_export_then_import_changes_nothing(example_plan: Path, tmp_path: Path, kind: str, sep: str,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    before = (example_plan / "plan.toml").read_bytes()
    out = _export(example_plan, kind, tmp_path, "--sep", sep)
    raw = out.read_bytes()
    assert raw.startswith("\ufeff".encode())  # Excel reads UTF-8 only with a byte-order mark
    capsys.readouterr()
    assert main(["csv", "import", str(example_plan), kind, str(out)]) == 0
    count = 21 if kind == "segments" else 40
    assert capsys.readouterr().out.startswith(f"0 changed, 0 added, {count} unchanged")
    assert (example_plan / "plan.toml").read_bytes() == before
    assert len(_rows(out, sep)) == count


def test_segment_links_are_written_as_names(example_plan: Path, tmp_path: Path) -> None:
    rows = {r["id"]: r for r in _rows(_export(example_plan, "segments", tmp_path))}
    assert rows["seg-tr4nsp"] == {"id": "seg-tr4nsp", "name": "Transport", "stage": "1",
                                  "links": "Accommodation; Inbound tour operation", "support": "false"}
    assert rows["seg-b4ssoc"]["support"] == "true"


def test_activities_carry_their_action_code(example_plan: Path, tmp_path: Path) -> None:
    rows = _rows(_export(example_plan, "activities", tmp_path, "--sep", ";"), ";")
    assert rows[0] == {"action": "A1", "title": "Confidentiality agreement signed with member firms",
                       "start": "2026-08-01", "end": "2026-10-31", "deliverable": "Signed data agreement",
                       "id": "acv-e54so3"}


# --- segments: edits, new rows, links by name ---------------------------------------------------------------------

def test_rename_add_and_link_segments_by_name(example_plan: Path, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    out = _export(example_plan, "segments", tmp_path)
    rows = _rows(out)
    by_name = {r["name"]: r for r in rows}
    by_name["Accommodation"]["name"] = "Lodging"  # renamed: the other rows still say "Accommodation"
    by_name["Crafts and retail"]["stage"] = "4"
    by_name["Guiding and tours"]["links"] = "crafts  AND retail; Nautical services"  # case and spacing aside
    rows.append({"id": "", "name": "Nautical services", "stage": "3", "links": "", "support": ""})
    rows.append({"id": "", "name": "Tourism board", "stage": "", "links": "", "support": "VERDADERO"})
    _write(out, rows)
    capsys.readouterr()
    assert main(["csv", "import", str(example_plan), "segments", str(out)]) == 0
    assert capsys.readouterr().out.startswith("3 changed, 2 added, 18 unchanged")
    segs = _segments(example_plan)
    assert "Accommodation" not in segs and segs["Lodging"]["id"] == "seg-acc0m2"
    assert segs["Transport"]["links"] == ["seg-acc0m2", "seg-in6ound"]  # the old name still found it
    assert segs["Crafts and retail"]["stage"] == 4
    nautical = segs["Nautical services"]
    assert nautical["id"].startswith("seg-") and nautical["stage"] == 3
    assert segs["Guiding and tours"]["links"] == ["seg-cr4fts", nautical["id"]]
    assert segs["Tourism board"]["support"] is True and segs["Tourism board"].get("stage", 1) == 1


def test_a_row_without_id_matches_the_segment_by_name(example_plan: Path, tmp_path: Path) -> None:
    out = tmp_path / "s.csv"
    out.write_text("name,stage\nwine TOURISM,2\n", encoding="utf-8")
    assert main(["csv", "import", str(example_plan), "segments", str(out)]) == 0
    segs = _segments(example_plan)
    assert segs["Wine tourism"]["stage"] == 2 and segs["Wine tourism"]["id"] == "seg-w1neto"
    assert len(segs) == 21


def test_bad_segments_file_writes_nothing_and_locates_each_problem(example_plan: Path, tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    before = (example_plan / "plan.toml").read_bytes()
    out = _export(example_plan, "segments", tmp_path)
    rows = _rows(out)
    rows[0]["links"] = "Accommodation; Cruise port"  # line 2
    rows[1]["stage"] = "early"                        # line 3
    rows[2]["stage"] = "40"                           # line 4: stages are 1 to 20
    rows[3]["support"] = "maybe"                      # line 5
    rows[4]["id"] = "seg-nothere"                     # line 6
    rows.append(dict(rows[5]))                        # line 23: the same segment twice
    _write(out, rows)
    capsys.readouterr()
    assert main(["csv", "import", str(example_plan), "segments", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"{out}:2: error: links: no segment 'Cruise port'; the segments are Transport, " in err
    assert f"{out}:3: error: stage: “early” is not a number" in err
    assert f"{out}:4: error: stage: a stage is a whole number from 1 (first along the chain) to 20 (found '40')" in err
    assert f"{out}:5: error: support: 'maybe' is neither true nor false" in err
    assert f"{out}:6: error: id: no segment with id 'seg-nothere'" in err
    assert f"{out}:23: error: id: this row and row 7 describe the same segment; keep one" in err
    assert (example_plan / "plan.toml").read_bytes() == before


# --- activities: edits and new rows -------------------------------------------------------------------------------

def test_edit_and_add_activities(example_plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = _export(example_plan, "activities", tmp_path, "--sep", ";")
    rows = _rows(out, ";")
    rows[0]["end"] = "2026-11-30"                                   # by id
    second = rows[1]
    second["id"] = ""                                               # by action code and title
    second["deliverable"] = "Form and 4 training sessions"
    rows.append({"action": "A2", "title": "Launch event with the press", "start": "2027-03-01",
                 "end": "2027-03-01", "deliverable": "=Press kit", "id": ""})
    _write(out, rows, ";")
    capsys.readouterr()
    assert main(["csv", "import", str(example_plan), "activities", str(out)]) == 0
    assert capsys.readouterr().out.startswith("2 changed, 1 added, 38 unchanged")
    acts = _activities(example_plan)
    a1 = {a["id"]: a for a in acts["A1"]}
    assert a1["acv-e54so3"]["end"].isoformat() == "2026-11-30"
    assert a1["acv-ymquvm"]["deliverable"] == "Form and 4 training sessions"
    new = acts["A2"][-1]
    assert new["id"].startswith("acv-") and new["title"] == "Launch event with the press"
    assert new["start"].isoformat() == "2027-03-01" and new["deliverable"] == "=Press kit"
    # the formula guard does not stick: exported again, the deliverable is quoted, and reads back the same
    again = tmp_path / "again.csv"
    assert main(["csv", "export", str(example_plan), "activities", "-o", str(again)]) == 0
    launch = next(r for r in _rows(again) if r["title"] == "Launch event with the press")
    assert launch["deliverable"] == "'=Press kit" and launch["action"] == "A2"


def test_bad_activities_file_writes_nothing_and_locates_each_problem(example_plan: Path, tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    before = (example_plan / "plan.toml").read_bytes()
    out = _export(example_plan, "activities", tmp_path)
    rows = _rows(out)
    rows[0]["action"] = "A99"                                       # line 2
    rows[1]["end"] = "2026-09-01"                                   # line 3: before its start, 2026-10-01
    rows[2]["start"] = "1/12/2026"                                  # line 4
    rows[3]["id"] = "acv-nothere"                                   # line 5
    rows[4]["action"] = "A1" if rows[4]["action"] != "A1" else "A2"  # line 6: an activity of another action
    rows.append({"action": "A1", "title": "", "start": "", "end": "", "deliverable": "x", "id": ""})  # line 42
    _write(out, rows)
    capsys.readouterr()
    assert main(["csv", "import", str(example_plan), "activities", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"{out}:2: error: action: no action A99 in the plan; known codes: A1, A2" in err
    assert f"{out}:3: error: end: 2026-09-01 is before the start, 2026-10-01" in err
    assert f"{out}:4: error: start: " in err
    assert f"{out}:5: error: id: no activity with id 'acv-nothere'" in err
    assert f"{out}:6: error: action: activity {rows[4]['id']} is an activity of action" in err
    assert f"{out}:42: error: title: cannot be empty" in err
    assert (example_plan / "plan.toml").read_bytes() == before


# --- the dialog -----------------------------------------------------------------------------------------------------

@pytest.fixture
def no_disk_watch(monkeypatch: pytest.MonkeyPatch) -> None:
    from facilitator import app as app_module

    monkeypatch.setattr(app_module, "DISK_CHECK_SECONDS", 3600.0)


@pilot_test
@pytest.mark.parametrize("size", [(80, 24), (160, 45)])
async def test_the_dialog_exports_and_imports_segments(example_plan: Path, no_disk_watch: None,
                                                      size: tuple[int, int]) -> None:
    from facilitator.screens.csv_dialog import CsvDialog

    app = ClusterApp(example_plan)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        app.action_csv("export")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, CsvDialog)
        dialog.query_one("#kind", Select).value = "segments"
        await settle(pilot)
        await pilot.click("#go")
        await settle(pilot)
        out = example_plan / "exports" / "segments.csv"
        assert plain(dialog.query_one("#csv-text", Static)).startswith("Wrote 21 rows to")
        await pilot.press("escape")
        await settle(pilot)

        rows = _rows(out)
        rows[0]["links"] = "Accommodation"
        _write(out, rows)
        app.action_csv("import")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, CsvDialog)
        dialog.query_one("#kind", Select).value = "segments"
        await settle(pilot)
        assert "matched by id, or by name" in plain(dialog.query_one("#csv-text", Static))
        await pilot.click("#go")
        await settle(pilot)
        assert plain(dialog.query_one("#csv-text", Static)).startswith("1 changed, 0 added, 20 unchanged")
    assert _segments(example_plan)["Transport"]["links"] == ["seg-acc0m2"]
