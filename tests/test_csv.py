"""CSV export and import: round trip without change, one edited cell = one changed line with comments kept,
bad rows all reported and nothing written, unknown columns, new rows, BOM, semicolons, no deletion."""

from __future__ import annotations

import csv
import difflib
import io
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pilot import pilot_test, plain, settle, until
from textual.pilot import Pilot
from textual.widgets import Static

from facilitator.app import ClusterApp
from facilitator.cli import main
from facilitator.csvfiles import export_csv, import_csv, join_names, plan_import, split_names
from facilitator.problems import PlanError
from facilitator.store import PlanStore


def _export(plan: Path, kind: str, tmp_path: Path, *extra: str) -> Path:
    out = tmp_path / f"{kind}.csv"
    assert main(["csv", "export", str(plan), kind, "-o", str(out), *extra]) == 0
    return out


def _rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))


def _write(path: Path, rows: list[dict[str, str]], delimiter: str = ",", bom: str = "") -> None:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), delimiter=delimiter, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(bom + out.getvalue(), encoding="utf-8", newline="")


def _changed_lines(before: str, after: str) -> list[str]:
    return [ln for ln in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
            if ln[:1] in "+-" and not ln.startswith(("+++", "---"))]


# --- round trips --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["stakeholders", "indicators", "actions"])
def test_export_then_import_changes_nothing(example_plan: Path, tmp_path: Path, kind: str,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    before = (example_plan / "plan.toml").read_bytes()
    out = _export(example_plan, kind, tmp_path)
    capsys.readouterr()
    assert main(["csv", "import", str(example_plan), kind, str(out)]) == 0
    count = len(tomllib.loads(before.decode())[kind])
    assert capsys.readouterr().out.strip() == f"0 changed, 0 added, {count} unchanged"
    assert (example_plan / "plan.toml").read_bytes() == before


def test_semicolon_export_round_trips_with_decimal_commas(example_plan: Path, tmp_path: Path) -> None:
    before = (example_plan / "plan.toml").read_bytes()
    out = _export(example_plan, "indicators", tmp_path, "--sep", ";")
    text = out.read_text(encoding="utf-8-sig")
    assert text.startswith("id;code;objective;name;")
    assert ";1,6;2025;1,8;;2,2;" in text  # I1.1: baseline 1.6, targets 1.8 and 2.2
    assert main(["csv", "import", str(example_plan), "indicators", str(out)]) == 0
    assert (example_plan / "plan.toml").read_bytes() == before


# --- the judged scenario: one edited cell -------------------------------------------------------------------------

def test_one_edited_cell_changes_exactly_that_value(example_plan: Path, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    before = (example_plan / "plan.toml").read_text(encoding="utf-8")
    out = _export(example_plan, "indicators", tmp_path)
    rows = _rows(out)
    row = next(r for r in rows if r["code"] == "I1.3")
    assert row["target_2029"] == "48" and row["objective"] == "O1"
    row["target_2029"] = "47"
    _write(out, rows)
    capsys.readouterr()
    assert main(["csv", "import", str(example_plan), "indicators", str(out)]) == 0
    assert capsys.readouterr().out.startswith("1 changed, 0 added, 15 unchanged")
    after = (example_plan / "plan.toml").read_text(encoding="utf-8")
    assert _changed_lines(before, after) == [
        ("-targets = [{ year = 2027, value = 54 }, { year = 2029, value = 48 }]  # 2029 target raised from 50 at the "
        "December board meeting"),
        ("+targets = [{ year = 2027, value = 54 }, { year = 2029, value = 47 }]  # 2029 target raised from 50 at the "
        "December board meeting"),
    ]
    assert after.count("#") == before.count("#"), "every comment of the file is kept"
    i13 = next(i for i in tomllib.loads(after)["indicators"] if i["code"] == "I1.3")
    assert i13["targets"] == [{"year": 2027, "value": 54}, {"year": 2029, "value": 47}]


def _without_budget_lines(plan: Path, code: str) -> None:
    """The action as a plan without a financing plan holds it: funding only (budget lines are the budget CSV's)."""
    path = plan / "plan.toml"
    text = path.read_text(encoding="utf-8")
    start = text.index(f'code = "{code}"')
    head, rest = text[:start], text[start:]
    end = rest.index("\n[[actions]]")
    block = re.sub(r"\n\[\[actions\.budget_lines\]\]\n(?:[a-z_]+ = .*\n)+", "", rest[:end + 1])
    path.write_text(head + block + rest[end + 1:], encoding="utf-8")


def test_one_edited_text_cell_of_an_action(example_plan: Path, tmp_path: Path) -> None:
    _without_budget_lines(example_plan, "A9")
    before = (example_plan / "plan.toml").read_text(encoding="utf-8")
    out = _export(example_plan, "actions", tmp_path)
    rows = _rows(out)
    row = next(r for r in rows if r["code"] == "A9")
    assert row["objectives"] == "O2; O1" and row["funding_program"] == "10000" and row["funding_public"] == ""
    row["status"] = "ongoing"
    row["funding_public"] = "5000"
    _write(out, rows)
    assert main(["csv", "import", str(example_plan), "actions", str(out)]) == 0
    after = (example_plan / "plan.toml").read_text(encoding="utf-8")
    changed = _changed_lines(before, after)
    assert changed[0] == "-status = \"delayed\"  # the municipality's permit is still pending"
    assert changed[1] == "+status = \"ongoing\"  # the municipality's permit is still pending"
    assert len(changed) == 4 and "public" in changed[3]
    a9 = next(a for a in tomllib.loads(after)["actions"] if a["code"] == "A9")
    assert a9["funding"] == [{"source": "program", "amount": 10000}, {"source": "private", "amount": 12000},
                             {"source": "public", "amount": 5000}]


# --- new rows, partial files, no deletion -------------------------------------------------------------------------

def test_new_rows_get_a_new_id_and_absent_rows_are_kept(example_plan: Path, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "few.csv"
    path.write_text("code,objective,name,unit,baseline,target_2029\r\n"
                    "I2.1,O2,Low-season hotel occupancy,%,39,48\r\n"
                    "I2.3,O2,Congress delegates,people,,900\r\n", encoding="utf-8")
    assert main(["csv", "import", str(example_plan), "indicators", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines() == [
        ("1 changed, 1 added, 0 unchanged; 15 records of the plan are not in the file and were kept (an import never "
        "deletes)"), "  changed: I2.1", "  added: I2.3"]
    plan = tomllib.loads((example_plan / "plan.toml").read_text(encoding="utf-8"))
    assert len(plan["indicators"]) == 17
    new = plan["indicators"][-1]
    assert new["id"].startswith("ind-") and new["code"] == "I2.3" and new["objective"] == "obj-75vfcx"
    assert new["targets"] == [{"year": 2029, "value": 900}] and "baseline" not in new
    i21 = next(i for i in plan["indicators"] if i["code"] == "I2.1")
    assert i21["baseline"] == 39 and i21["targets"] == [{"year": 2027, "value": 42}, {"year": 2029, "value": 48}], \
        "a target year absent from the file is kept"


def test_new_stakeholder_without_id(example_plan: Path, tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("id,name,organization,kind,size\n,Rosa Méndez,Bodega Nueva,FIRM,micro\n", encoding="utf-8")
    with PlanStore.open(example_plan) as store:
        result = import_csv(store, "stakeholders", path)
        assert result.added == ["Rosa Méndez"] and result.absent == 24
        rosa = store.plan.stakeholders[-1]
        assert rosa.id.startswith("stk-") and rosa.kind == "firm" and rosa.size == "micro"


# --- bad files: all problems at once, nothing written -------------------------------------------------------------

def test_bad_rows_are_all_reported_and_nothing_is_written(example_plan: Path, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    before = (example_plan / "plan.toml").read_bytes()
    out = _export(example_plan, "indicators", tmp_path)
    rows = _rows(out)
    rows[0]["baseline"] = "one and a half"
    rows[0]["frequency"] = "weekly"
    rows[2]["objective"] = "O9"
    rows[3]["target_2027"] = "1,5,0"
    rows[4]["baseline_year"] = "25"
    rows[5]["code"] = "I1.1"
    rows[6]["id"] = "ind-zzzzzz"
    rows[7]["name"] = ""
    rows[8]["target_2029"] = "60"  # a good change in a bad file: not written either
    _write(out, rows)
    capsys.readouterr()
    assert main(["csv", "import", str(example_plan), "indicators", str(out)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    name = str(out)
    assert err == [
        f"{name}:2: error: baseline: “one and a half” is not a number; write one such as 85, 85.5 or 1,500.",
        f"{name}:2: error: frequency: 'weekly' is not one of monthly, quarterly, semiannual, annual, biennial, once",
        f"{name}:4: error: objective: no objective with code 'O9'; the objectives are O1, O2, O3, O4, O5, O6",
        f"{name}:5: error: target_2027: “1,5,0” is not a number; write one such as 85, 85.5 or 1,500.",
        f"{name}:6: error: baseline_year: '25' is not a year; write it with four digits, such as 2029",
        f"{name}:7: error: code: the code I1.1 is used by two indicators; codes must be unique",
        f"{name}:8: error: id: no indicator with id 'ind-zzzzzz' in the plan; leave the id empty to add a new one",
        f"{name}:9: error: name: cannot be empty",
    ]
    assert (example_plan / "plan.toml").read_bytes() == before


def test_unknown_columns_list_the_known_ones(example_plan: Path, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    before = (example_plan / "plan.toml").read_bytes()
    path = tmp_path / "odd.csv"
    path.write_text("id,code,nombre,target2029\nind-prz2sl,I1.1,x,3\n", encoding="utf-8")
    assert main(["csv", "import", str(example_plan), "indicators", str(path)]) == 1
    err = capsys.readouterr().err.strip()
    assert err == (f"{path}:1: error: header: unknown column 'nombre', 'target2029'; the known columns are: id, code, "
                   "objective, name, definition, level, unit, direction, baseline, baseline_year, source, frequency, "
                   "responsible, target_YEAR (such as target_2029)")
    assert (example_plan / "plan.toml").read_bytes() == before


def test_rows_describing_the_same_record_twice(example_plan: Path, tmp_path: Path) -> None:
    path = tmp_path / "twice.csv"
    path.write_text("id,code,progress\nact-tzobyc,A1,50\n,A1,60\n", encoding="utf-8")
    with PlanStore.open(example_plan) as store, pytest.raises(PlanError) as err:
        import_csv(store, "actions", path)
    assert [str(p) for p in err.value.problems] == [
        f"{path}:3: error: code: this row and row 2 describe the same action; keep one"]


@pytest.mark.parametrize("content, expected", [
    (b"id,name\n,Ana\xe9\n", "not UTF-8"),
    (b"", "the file is empty"),
    (b'id,name\n,"unclosed\n', "cannot be read"),
    (b"id,name\nstk-k53cre,Ana,extra\n", "2 columns"),
])
def test_unreadable_files(example_plan: Path, tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with PlanStore.open(example_plan, read_only=True) as store, pytest.raises(PlanError, match=expected):
        plan_import(store.plan, "stakeholders", path)


def test_missing_file_and_wrong_kind(example_plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["csv", "import", str(example_plan), "actions", str(tmp_path / "none.csv")]) == 1
    assert "none.csv: error: file not found" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_:
        main(["csv", "export", str(example_plan), "findings"])
    assert exit_.value.code == 2


# --- personal data ---------------------------------------------------------------------------------------------------

def test_stakeholders_csv_leaves_personal_data_out_unless_asked(example_plan: Path, tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    """A CSV leaves the machine: e-mail, gender and role only with --personal-data; a file without them
    imports without touching them."""
    before = (example_plan / "plan.toml").read_bytes()
    assert b"@" in before and b"gender = " in before  # the example has what must be left out
    out = _export(example_plan, "stakeholders", tmp_path)
    rows = _rows(out)
    assert list(rows[0]) == ["id", "name", "organization", "kind", "segment", "size", "influence",
                            "interest"]
    assert "@" not in out.read_text(encoding="utf-8-sig")
    rows[0]["organization"] = "Posada del Río S.A."
    _write(out, rows, bom="\ufeff")
    assert main(["csv", "import", str(example_plan), "stakeholders", str(out)]) == 0
    after = (example_plan / "plan.toml").read_text(encoding="utf-8")
    assert 'organization = "Posada del Río S.A."' in after
    assert after.count("email = ") == before.decode("utf-8").count("email = ")
    capsys.readouterr()
    assert main(["csv", "export", str(example_plan), "stakeholders", "--personal-data"]) == 0
    full = capsys.readouterr().out
    assert full.startswith("id,name,organization,kind,segment,size,gender,role,email,influence,interest\r\n") and "@" in full


# --- encodings and separators -------------------------------------------------------------------------------------

def test_bom_on_files_not_on_stdout_and_accepted_on_import(example_plan: Path, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    out = _export(example_plan, "stakeholders", tmp_path, "--personal-data")
    assert out.read_bytes().startswith(b"\xef\xbb\xbfid,name,")
    assert "Inés Larrañaga" in out.read_text(encoding="utf-8-sig")
    plain = _export(example_plan, "stakeholders", tmp_path / "..", "--no-bom")
    assert plain.read_bytes().startswith(b"id,name,")
    capsys.readouterr()
    assert main(["csv", "export", str(example_plan), "stakeholders"]) == 0
    assert capsys.readouterr().out.startswith("id,name,organization,kind,")
    rows = _rows(out)
    rows[0]["role"] = "Chair of the cluster board"
    _write(out, rows, bom="\ufeff")
    assert main(["csv", "import", str(example_plan), "stakeholders", str(out)]) == 0
    assert 'role = "Chair of the cluster board"  # elected at the diagnosis workshop' in \
        (example_plan / "plan.toml").read_text(encoding="utf-8")


def test_excel_style_semicolons_and_decimal_commas(example_plan: Path, tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes("\ufeffcode;baseline;target_2027\r\nI1.1;1,5;1,9\r\nI2.1;38;43\r\n".encode())
    with PlanStore.open(example_plan) as store:
        result = import_csv(store, "indicators", path)
        assert sorted(result.changed) == ["I1.1", "I2.1"]
        i11 = next(i for i in store.plan.indicators if i.code == "I1.1")
        assert i11.baseline == 1.5 and i11.targets[0].value == 1.9


def test_csv_numbers_follow_the_file_separator_and_say_what_they_read(example_plan: Path, tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    """The shared parser (facilitator.numbers): a ``;`` file is written the Spanish way, so "1.500" is 1500;
    a ``,`` file the English way, so a quoted "1,500" is 1500 and "1.500" is 1.5. Each is reported."""
    semi = tmp_path / "es.csv"
    semi.write_text("code;baseline;target_2027\nI1.1;1.500;1.234,5\nI2.1;12,5;43\n", encoding="utf-8")
    assert main(["csv", "import", str(example_plan), "indicators", str(semi)]) == 0
    out = capsys.readouterr().out
    assert "row 2, baseline: “1.500” read as 1500 (decimals with a comma, thousands with a point)" in out
    assert "1.234,5" not in out and "12,5" not in out  # unambiguous: nothing to say
    with PlanStore.open(example_plan, read_only=True) as store:
        i11, i21 = (next(i for i in store.plan.indicators if i.code == c) for c in ("I1.1", "I2.1"))
        assert i11.baseline == 1500 and i11.targets[0].value == 1234.5 and i21.baseline == 12.5
    comma = tmp_path / "en.csv"
    comma.write_text('code,baseline,target_2027\nI1.1,"1,500",1.500\n', encoding="utf-8")
    assert main(["csv", "import", str(example_plan), "indicators", str(comma)]) == 0
    out = capsys.readouterr().out
    assert "row 2, baseline: “1,500” read as 1500 (decimals with a point, thousands with a comma)" in out
    assert "row 2, target_2027: “1.500” read as 1.5" in out
    with PlanStore.open(example_plan, read_only=True) as store:
        i11 = next(i for i in store.plan.indicators if i.code == "I1.1")
        assert i11.baseline == 1500 and i11.targets[0].value == 1.5


def test_list_cells_round_trip_semicolons_inside_items() -> None:
    items = ["Asociación; sección norte", "Hotel Bastión Real"]
    assert join_names(items) == "Asociación;; sección norte; Hotel Bastión Real"
    assert split_names(join_names(items)) == items
    assert split_names(" a ;b;; ") == ["a", "b;"]


def test_export_refuses_to_overwrite_a_file_that_is_not_csv(example_plan: Path, capsys: pytest.CaptureFixture[str]) \
        -> None:
    before = (example_plan / "plan.toml").read_bytes()
    assert main(["csv", "export", str(example_plan), "actions", "-o", str(example_plan / "plan.toml")]) == 1
    assert "not a .csv file; it was not overwritten" in capsys.readouterr().err
    assert (example_plan / "plan.toml").read_bytes() == before


def test_dry_run_writes_nothing(example_plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = (example_plan / "plan.toml").read_bytes()
    path = tmp_path / "p.csv"
    path.write_text("code,progress\nA1,50\n", encoding="utf-8")
    assert main(["csv", "import", str(example_plan), "actions", str(path), "--dry-run"]) == 0
    out = capsys.readouterr()
    assert out.out.startswith("1 changed, 0 added, 0 unchanged") and "nothing was written" in out.err
    assert (example_plan / "plan.toml").read_bytes() == before


def test_import_into_a_plan_held_elsewhere_is_refused(example_plan: Path, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    before = (example_plan / "plan.toml").read_bytes()
    path = tmp_path / "p.csv"
    path.write_text("code,progress\nA1,50\n", encoding="utf-8")
    with PlanStore.open(example_plan):
        assert main(["csv", "import", str(example_plan), "actions", str(path)]) == 1
    assert "read-only" in capsys.readouterr().err
    assert (example_plan / "plan.toml").read_bytes() == before


def test_export_csv_text_matches_the_model(example_plan: Path) -> None:
    with PlanStore.open(example_plan, read_only=True) as store:
        text = export_csv(store.plan, "actions")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert len(rows) == 14 and rows[0]["partners"].count(";") == 2
    assert rows[12]["funding_other"] == "200000" and rows[12]["start"] == "2026-07-15"


# --- the terminal app: the palette's "Export CSV…" and "Import CSV…" ----------------------------------------------

@pytest.fixture
def no_disk_watch(monkeypatch: pytest.MonkeyPatch) -> None:
    from facilitator import app as app_module

    monkeypatch.setattr(app_module, "DISK_CHECK_SECONDS", 3600.0)


async def _palette(pilot: Pilot[Any], words: str) -> None:
    await pilot.press("ctrl+p")
    await settle(pilot)
    for ch in words:
        await pilot.press("space" if ch == " " else ch)
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


@pilot_test
async def test_export_and_import_from_the_palette(example_plan: Path, no_disk_watch: None) -> None:
    from facilitator.screens.csv_dialog import CsvDialog

    app = ClusterApp(example_plan)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await _palette(pilot, "Export CSV")
        dialog = app.screen
        assert isinstance(dialog, CsvDialog) and dialog.mode == "export"
        await pilot.click("#go")
        await settle(pilot)
        out = example_plan / "exports" / "indicators.csv"
        assert "Wrote 16 rows to" in plain(dialog.query_one("#csv-text", Static)) and out.is_file()
        await pilot.press("escape")
        await settle(pilot)

        before = (example_plan / "plan.toml").read_text(encoding="utf-8")
        rows = _rows(out)
        next(r for r in rows if r["code"] == "I2.1")["target_2029"] = "50"
        _write(out, rows, bom="\ufeff")
        await _palette(pilot, "Import CSV")
        dialog = app.screen
        assert isinstance(dialog, CsvDialog) and dialog.mode == "import"
        await pilot.click("#go")
        await settle(pilot)
        assert plain(dialog.query_one("#csv-text", Static)).startswith("1 changed, 0 added, 15 unchanged")
        after = (example_plan / "plan.toml").read_text(encoding="utf-8")
        assert _changed_lines(before, after) == [
            "-targets = [{ year = 2027, value = 42 }, { year = 2029, value = 48 }]",
            "+targets = [{ year = 2027, value = 42 }, { year = 2029, value = 50 }]"]
        assert app.state is not None
        assert next(i for i in app.state.plan.indicators if i.code == "I2.1").targets[1].value == 50


@pilot_test
async def test_import_errors_are_shown_in_the_dialog(example_plan: Path, tmp_path: Path, no_disk_watch: None) -> None:
    from textual.widgets import Input, Select

    from facilitator.screens.csv_dialog import CsvDialog

    before = (example_plan / "plan.toml").read_bytes()
    bad = tmp_path / "bad.csv"
    bad.write_text("code,status,progress\nA1,finished,45\nA2,ongoing,140\n", encoding="utf-8")
    app = ClusterApp(example_plan)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.action_csv("import")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, CsvDialog)
        dialog.query_one("#kind", Select).value = "actions"
        await settle(pilot)
        assert dialog.query_one("#path", Input).value == str(example_plan / "exports" / "actions.csv")
        dialog.query_one("#path", Input).value = str(bad)
        await pilot.click("#go")
        await settle(pilot)
        shown = plain(dialog.query_one("#csv-text", Static))
        assert shown.splitlines() == [
            "Nothing was written; the file has problems:",
            f"{bad}:2: error: status: 'finished' is not one of planned, ongoing, done, delayed, cancelled",
            f"{bad}:3: error: progress: progress is a percentage from 0 to 100 (found '140')",
        ]
    assert (example_plan / "plan.toml").read_bytes() == before


def test_text_that_looks_like_a_formula_is_not_run_and_round_trips(example_plan: Path, tmp_path: Path) -> None:
    from facilitator.csvfiles import protect, unprotect

    for text in ("=HYPERLINK(\"http://x\")", "+54 9 11", "-3% vs 2025", "@team", "'=already quoted", "'plain", "ok"):
        assert unprotect(protect(text)) == text
    assert protect("=1+1") == "'=1+1" and protect("'=x") == "''=x" and protect("'plain") == "'plain"
    with PlanStore.open(example_plan) as store:
        store.plan.stakeholders[0].role = "=HYPERLINK(\"http://evil.example\",\"click\")"
        store.plan.actions[0].partners = ["-Municipality", "Ferry"]
        store.save_plan()
        text = export_csv(store.plan, "stakeholders", personal=True)
        assert ",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\"," in text
        assert "'-Municipality; Ferry" in export_csv(store.plan, "actions")
    before = (example_plan / "plan.toml").read_bytes()
    for kind in ("stakeholders", "actions"):
        out = _export(example_plan, kind, tmp_path)
        assert main(["csv", "import", str(example_plan), kind, str(out)]) == 0
    assert (example_plan / "plan.toml").read_bytes() == before


# --- measurements: figures collected in a spreadsheet between sessions --------------------------------------------

def _measurements(plan: Path) -> dict[str, list[tuple[str, float, str]]]:
    data = tomllib.loads((plan / "plan.toml").read_text(encoding="utf-8"))
    return {i["code"]: [(m["date"].isoformat(), m["value"], m.get("note", "")) for m in i.get("measurements", [])]
            for i in data["indicators"]}


@pytest.mark.parametrize("extra", [(), ("--sep", ";")])
def test_measurements_export_then_import_changes_nothing(example_plan: Path, tmp_path: Path, extra: tuple[str, ...],
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    before = (example_plan / "plan.toml").read_bytes()
    out = _export(example_plan, "measurements", tmp_path, *extra)
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"), newline=""), delimiter=(extra or ",")[-1]))
    assert rows[0] == ["indicator", "date", "value", "note"]
    assert rows[1] == ["I1.1", "2026-09-30", "1,6" if extra else "1.6", "Winter quarter; survey of 1,240 visitors."]
    assert len(rows) - 1 == sum(len(m) for m in _measurements(example_plan).values()) == 16
    codes = [r[0] for r in rows[1:]]
    assert codes == sorted(codes, key=lambda c: [float(x) for x in c[1:].split(".")])  # the plan's order
    capsys.readouterr()
    assert main(["csv", "import", str(example_plan), "measurements", str(out)]) == 0
    assert capsys.readouterr().out.strip() == "0 changed, 0 added, 16 unchanged"
    assert (example_plan / "plan.toml").read_bytes() == before


def test_measurements_update_by_date_add_new_dates_and_keep_comments(example_plan: Path, tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    plan_file = example_plan / "plan.toml"
    text = plan_file.read_text(encoding="utf-8")
    text = text.replace('value = 1.7\nnote = "Spring quarter, first routes on sale."',
                        'value = 1.7  # provisional until the December survey\nnote = "Spring quarter, first routes '
                        'on sale."\n# checked with the observatory in January')
    text = text.replace('[[indicators]]\nid = "ind-wlcbmo"',
                        '# the last indicator of O3\n[[indicators]]\nid = "ind-wlcbmo"')
    plan_file.write_text(text, encoding="utf-8")
    before = plan_file.read_text(encoding="utf-8")
    assert "I3.2" in _measurements(example_plan) and not _measurements(example_plan)["I3.2"]
    path = tmp_path / "figures.csv"
    path.write_text("indicator,date,value,note\r\n"
                    "I1.1,2026-10-31,1.8,\"Spring quarter, first routes on sale.\"\r\n"  # value corrected
                    "I1.1,2027-03-31,1.9,Summer quarter\r\n"  # a new quarter
                    "I1.2,2026-06-30,98,First semester 2026 (revised)\r\n"  # the note only
                    "I3.2,2027-01-15,4,\r\n"  # the first figure of an indicator
                    "I1.3,2026-10-31,56,Ferry data January–October 2026 (provisional).\r\n", encoding="utf-8")  # unchanged
    capsys.readouterr()
    assert main(["csv", "import", str(example_plan), "measurements", str(path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [("2 changed, 2 added, 1 unchanged; 13 records of the plan are not in the file and were kept (an "
                   "import never deletes)"),
                   "  changed: I1.1 2026-10-31, I1.2 2026-06-30", "  added: I1.1 2027-03-31, I3.2 2027-01-15"]
    after = plan_file.read_text(encoding="utf-8")
    assert _changed_lines(before, after) == [
        "-value = 1.7  # provisional until the December survey",
        "+value = 1.8  # provisional until the December survey",
        "+",
        "+[[indicators.measurements]]",
        "+date = 2027-03-31",
        "+value = 1.9",
        "+note = \"Summer quarter\"",
        "-note = \"First semester 2026.\"",
        "+note = \"First semester 2026 (revised)\"",
        "+",
        "+[[indicators.measurements]]",
        "+date = 2027-01-15",
        "+value = 4",
    ]
    assert 'date = 2027-01-15\nvalue = 4\n\n# the last indicator of O3\n[[indicators]]\nid = "ind-wlcbmo"' in after
    assert "# checked with the observatory in January\n\n[[indicators.measurements]]\ndate = 2027-03-31" in after
    figures = _measurements(example_plan)
    assert figures["I1.1"] == [("2026-09-30", 1.6, "Winter quarter; survey of 1,240 visitors."),
                               ("2026-10-31", 1.8, "Spring quarter, first routes on sale."),
                               ("2027-03-31", 1.9, "Summer quarter")]
    assert figures["I3.2"] == [("2027-01-15", 4, "")]
    # Importing the same file again changes nothing: the new dates now match.
    again = plan_file.read_bytes()
    assert main(["csv", "import", str(example_plan), "measurements", str(path)]) == 0
    assert plan_file.read_bytes() == again


def test_measurement_problems_are_all_reported_and_nothing_is_written(example_plan: Path, tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    before = (example_plan / "plan.toml").read_bytes()
    path = tmp_path / "figures.csv"
    path.write_text("indicator,date,value,note\n"
                    "I9.9,2027-03-31,2,\n"
                    "I1.1,31/03/2027,1.9,\n"
                    "I1.1,2027-06-30,1.9 nights,\n"
                    "I1.1,2026-10-31,,note kept\n"
                    "I1.2,2027-06-30,105,\n"
                    "I1.2,2027-06-30,106,\n"
                    ",2027-06-30,3,\n"
                    "I1.3,,50,\n"
                    "I2.1,2027-06-30,,no figure yet\n"
                    "I2.2,2027-06-30,12,a good row in a bad file: not written either\n", encoding="utf-8")
    assert main(["csv", "import", str(example_plan), "measurements", str(path)]) == 1
    codes = "I1.1, I1.2, I1.3, I2.1, I2.2, I3.1, I3.2, I3.3, I4.1, I4.2, I4.3, I5.1, I5.2, I6.1, I6.2, I6.3"
    assert capsys.readouterr().err.strip().splitlines() == [
        f"{path}:2: error: indicator: no indicator I9.9 in the plan; known codes: {codes}",
        f"{path}:3: error: date: “31/03/2027” is not a date; write it as YYYY-MM-DD, such as 2026-11-22.",
        f"{path}:4: error: value: “1.9 nights” is not a number; write one such as 85, 85.5 or 1,500.",
        f"{path}:5: error: value: cannot be empty: write the figure (an import never removes a measurement)",
        f"{path}:7: error: date: this row and row 6 describe the same measurement; keep one",
        f"{path}:8: error: indicator: cannot be empty: write the code of the indicator, such as I1.1",
        f"{path}:9: error: date: cannot be empty: write the date as YYYY-MM-DD, such as 2026-08-01",
        f"{path}:10: error: value: required for a new measurement: add the column or fill the cell",
    ]
    assert (example_plan / "plan.toml").read_bytes() == before


def test_measurements_from_excel_rows_without_figures_and_missing_columns(example_plan: Path, tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes("\ufeffindicator;date;value\r\nI1.1;2027-03-31;1,9\r\nI2.1;2027-03-31;\r\n".encode())
    with PlanStore.open(example_plan) as store:
        result = import_csv(store, "measurements", path)
        assert result.added == ["I1.1 2027-03-31"] and result.skipped == 1
        assert result.summary() == ("0 changed, 1 added, 0 unchanged; 16 records of the plan are not in the file "
                                    "and were kept (an import never deletes); 1 row without a value was skipped")
        i11 = next(i for i in store.plan.indicators if i.code == "I1.1")
        assert [(m.date.isoformat(), m.value) for m in i11.measurements][-1] == ("2027-03-31", 1.9)
    path.write_text("indicator,value\nI1.1,2\n", encoding="utf-8")
    with PlanStore.open(example_plan, read_only=True) as store, pytest.raises(PlanError) as err:
        plan_import(store.plan, "measurements", path)
    assert [str(p) for p in err.value.problems] == [
        (f"{path}:1: error: header: the columns indicator and date are needed to match each row to a measurement; "
        "missing: date")]


def test_measurements_on_the_same_date_match_in_order(example_plan: Path, tmp_path: Path) -> None:
    """A plan may hold two measurements of one date (two sources): each row matches one, in the plan's order."""
    with PlanStore.open(example_plan) as store:
        ind = store.plan.indicators[0]
        twin = ind.measurements[0].model_copy(update={"value": 1.5, "note": "hotel survey"})
        store.update_plan({"indicators": [ind.model_copy(update={"measurements": [*ind.measurements, twin]}),
                                          *store.plan.indicators[1:]]})
    before = (example_plan / "plan.toml").read_bytes()
    out = _export(example_plan, "measurements", tmp_path)
    rows = _rows(out)
    assert [(r["date"], r["value"]) for r in rows[:3]] == [("2026-09-30", "1.6"), ("2026-09-30", "1.5"),
                                                           ("2026-10-31", "1.7")]
    assert main(["csv", "import", str(example_plan), "measurements", str(out)]) == 0
    assert (example_plan / "plan.toml").read_bytes() == before
    rows[1]["value"] = "1.55"
    _write(out, rows)
    with PlanStore.open(example_plan) as store:
        assert import_csv(store, "measurements", out).changed == ["I1.1 2026-09-30"]
        assert [m.value for m in store.plan.indicators[0].measurements] == [1.6, 1.7, 1.55]


@pilot_test
async def test_measurements_in_the_csv_dialog(example_plan: Path, no_disk_watch: None) -> None:
    from textual.widgets import Input, Select

    from facilitator.screens.csv_dialog import CsvDialog

    app = ClusterApp(example_plan)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.action_csv("export")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, CsvDialog)
        dialog.query_one("#kind", Select).value = "measurements"
        await settle(pilot)
        out = example_plan / "exports" / "measurements.csv"
        assert dialog.query_one("#path", Input).value == str(out)
        await pilot.click("#go")
        await settle(pilot)
        assert plain(dialog.query_one("#csv-text", Static)).startswith(f"Wrote 16 rows to {out}")
        await pilot.press("escape")
        await settle(pilot)

        rows = _rows(out)
        rows[0]["value"] = "1.65"
        rows.append({"indicator": "I2.1", "date": "2027-01-31", "value": "44", "note": "January"})
        _write(out, rows, bom="\ufeff")
        app.action_csv("import")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, CsvDialog)
        dialog.query_one("#kind", Select).value = "measurements"
        await settle(pilot)
        assert "matched by indicator code and date" in plain(dialog.query_one("#csv-text", Static))
        await pilot.click("#go")
        await settle(pilot)
        assert plain(dialog.query_one("#csv-text", Static)).startswith("1 changed, 1 added, 15 unchanged")
        assert app.state is not None
        i21 = next(i for i in app.state.plan.indicators if i.code == "I2.1")
        assert (i21.measurements[-1].date.isoformat(), i21.measurements[-1].value) == ("2027-01-31", 44)
    assert _measurements(example_plan)["I1.1"][0] == ("2026-09-30", 1.65, "Winter quarter; survey of 1,240 visitors.")


# --- round trips whatever the text ------------------------------------------------------------------------------------

def test_a_partner_starting_with_a_tab_round_trips(example_plan: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """The fault-injection case: `"\\t=1+1"` came back as `"=1+1"` (the formula guard is kept)."""
    with PlanStore.open(example_plan) as store:
        store.plan.actions[0].partners = ["\t=1+1", " spaced ", ""]
        store.plan.stakeholders[0].name = "  "
        store.save_plan()
        assert "'\t=1+1; " in export_csv(store.plan, "actions")  # still not a formula for a spreadsheet
    before = (example_plan / "plan.toml").read_bytes()
    for kind in ("actions", "stakeholders"):
        out = _export(example_plan, kind, tmp_path)
        assert main(["csv", "import", str(example_plan), kind, str(out)]) == 0, capsys.readouterr().err
        assert capsys.readouterr().out.startswith("0 changed, 0 added")
    assert (example_plan / "plan.toml").read_bytes() == before


_EXAMPLE = None


def _example_plan() -> Any:
    global _EXAMPLE
    if _EXAMPLE is None:
        from facilitator.diff import load_revision

        _EXAMPLE = load_revision(Path(__file__).parent.parent / "facilitator" / "example", None)
    return _EXAMPLE.model_copy(deep=True)


_CELL_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)
"""Any text a participant may type (control characters, separators, quotes, leading spaces and formulas)."""


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(_CELL_TEXT, min_size=4, max_size=4), partners=st.lists(_CELL_TEXT, max_size=4),
       sep=st.sampled_from([",", ";"]))
def test_export_then_import_changes_nothing_whatever_the_text(tmp_path: Path, texts: list[str], partners: list[str],
                                                               sep: str) -> None:
    plan = _example_plan()
    person, action, indicator = plan.stakeholders[0], plan.actions[0], plan.indicators[0]
    person.name, person.role, person.organization, person.email = texts
    action.title, action.lead, action.partners = texts[0], texts[1], partners
    indicator.definition, indicator.responsible = texts[2], texts[3]
    if indicator.measurements:
        indicator.measurements[0].note = texts[3]
    path = tmp_path / "round.csv"
    for kind in ("stakeholders", "actions", "indicators", "measurements"):
        path.write_text(export_csv(plan, kind, sep, personal=True), encoding="utf-8", newline="")
        result = plan_import(plan, kind, path)
        assert (result.changed, result.added) == ([], []), (kind, texts, partners)


@pilot_test
async def test_csv_dialog_leaves_personal_data_out_unless_ticked(example_plan: Path, no_disk_watch: None) -> None:
    """At 80×24: the stakeholders CSV has no e-mail, gender or role by default; Tab to "Personal", Space,
    and it has them; the box is off again the next time the dialog opens, and is not offered for kinds
    without personal columns."""
    from textual.widgets import Checkbox, Select

    from facilitator.screens.csv_dialog import CsvDialog

    out = example_plan / "exports" / "stakeholders.csv"
    app = ClusterApp(example_plan)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.action_csv("export")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, CsvDialog)
        assert not dialog.query_one("#personal-row").display  # indicators: nothing personal to offer
        dialog.query_one("#kind", Select).value = "stakeholders"
        await settle(pilot)
        box = dialog.query_one("#personal", Checkbox)
        assert box.display and box.region.height == 1 and not box.value
        assert "Without e-mail, gender and role" in plain(dialog.query_one("#csv-text", Static))
        await pilot.click("#go")
        await settle(pilot)
        header = out.read_text(encoding="utf-8-sig").splitlines()[0].split(",")
        assert "name" in header and not {"email", "gender", "role"} & set(header)

        dialog.query_one("#kind", Select).focus()
        for key in ("tab", "tab", "tab"):  # path, separator, personal
            await pilot.press(key)
        assert app.focused is box
        await pilot.press("space")
        assert box.value
        go = dialog.query_one("#go")
        await until(pilot, lambda: not go.has_class("-active"))  # a button ignores a click while it shows the last
        await pilot.click("#go")
        await settle(pilot)
        assert "keep this file private" in plain(dialog.query_one("#csv-text", Static))
        rows = _rows(out)
        assert {"email", "gender", "role"} <= set(rows[0])
        with PlanStore.open(example_plan) as store:
            emails = {s.email for s in store.plan.stakeholders if s.email}
        assert emails and emails <= {r["email"] for r in rows}
        await pilot.press("escape")
        await settle(pilot)

        app.action_csv("export")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, CsvDialog)
        dialog.query_one("#kind", Select).value = "stakeholders"
        await settle(pilot)
        assert not dialog.query_one("#personal", Checkbox).value
        await pilot.press("escape")
        await settle(pilot)

        app.action_csv("import")  # no such box when importing: the file says which columns it has
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, CsvDialog) and dialog.mode == "import"
        assert not dialog.query(Checkbox)
