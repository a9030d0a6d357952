"""The financing plan: budget lines and co-financing rules in plan.toml, the co-financing checks, the
budget CSV (round trip, located errors with nothing written, never deletes, funding kept equal to the
lines), and diff and merge of budget lines by id."""

from __future__ import annotations

import csv
import io
import json
import tomllib
from pathlib import Path

import pytest
from pilot import pilot_test, plain, settle, until

from facilitator import financing
from facilitator.checks import check_folder
from facilitator.cli import main
from facilitator.diff import diff_plans
from facilitator.model import Action, BudgetLine, Cofinancing, Funding, Plan
from facilitator.store import PlanStore

A1_STUDIES = 'id = "bud-o73x3u"\nyear = 2027\ncategory = "studies"\nsource = "public"\nkind = "cash"\namount = 13000'


def _plan(folder: Path) -> dict:  # type: ignore[type-arg]
    return tomllib.loads((folder / "plan.toml").read_text(encoding="utf-8"))


def _action(data: dict, code: str) -> dict:  # type: ignore[type-arg]
    return next(a for a in data["actions"] if a["code"] == code)


def _replace(folder: Path, old: str, new: str) -> None:
    path = folder / "plan.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _cofinancing(folder: Path) -> list[dict]:  # type: ignore[type-arg]
    return [p.to_json() if hasattr(p, "to_json") else {"check": p.check, "line": p.line, "key": p.key,
                                                        "record": p.record, "message": p.message, "advice": p.advice}
            for p in check_folder(folder) if p.check.startswith("cofinancing")]


# --- the data -----------------------------------------------------------------------------------------------------

def test_the_example_has_a_financing_plan_within_its_rules(example_plan: Path) -> None:
    data = _plan(example_plan)
    rules = data["program"]["cofinancing"]
    assert (rules["max_program_share"], rules["min_counterpart_share"], rules["min_counterpart_cash"]) == (80, 20, 50)
    horizon = data["strategy"]["vision_horizon"]
    for a in data["actions"]:
        lines = a["budget_lines"]
        assert lines, f"{a['code']} has no budget lines"
        sums: dict[str, float] = {}
        for line in lines:
            assert a["start"].year <= line["year"] <= min(a["end"].year, horizon)
            assert line["kind"] in ("cash", "in_kind") and line["amount"] > 0
            sums[line["source"]] = sums.get(line["source"], 0) + line["amount"]
        assert {f["source"]: f["amount"] for f in a["funding"]} == sums, "funding is the lines' total by source"
    assert {line["kind"] for a in data["actions"] for line in a["budget_lines"]} == {"cash", "in_kind"}
    problems = check_folder(example_plan)
    assert problems == [], [str(p) for p in problems]


def test_old_plans_without_budget_lines_load_and_keep_their_funding(tmp_path: Path) -> None:
    store = PlanStore.create(tmp_path / "old", "Old plan")
    store.update_plan({"actions": [Action(id="act-aaaaaa", code="A1", title="Fair",
                                          funding=[Funding(source="program", amount=900),
                                                   Funding(source="private", amount=100)])]})
    text = (tmp_path / "old" / "plan.toml").read_text(encoding="utf-8")
    assert "budget_lines" not in text and "cofinancing" not in text
    reopened = PlanStore.open(tmp_path / "old", read_only=True)
    assert reopened.plan.actions[0].budget_lines == [] and reopened.plan.program is None
    assert financing.source_totals(reopened.plan.actions[0]) == {"program": 900, "private": 100}


@pytest.mark.parametrize("bad, message", [
    ('kind = "cash"\namount = 13000', "kind"),
])
def test_a_budget_line_with_a_wrong_value_is_a_located_error(example_plan: Path, bad: str, message: str) -> None:
    _replace(example_plan, A1_STUDIES, A1_STUDIES.replace('kind = "cash"', 'kind = "donation"'))
    problems = check_folder(example_plan)
    assert [p.check for p in problems] == ["invalid-value"]
    assert problems[0].line is not None and "kind" in (problems[0].key or problems[0].message)


# --- checks ---------------------------------------------------------------------------------------------------------

def test_a_breach_typed_into_the_budget_is_reported_by_check(example_plan: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    # A1's visitor survey moved from the public counterpart to the program, as "works".
    moved = A1_STUDIES.replace('"studies"', '"works"').replace('"public"', '"program"')
    _replace(example_plan, A1_STUDIES, moved)
    _replace(example_plan, '{ source = "program", amount = 60000 }, { source = "public", amount = 20000 }',
             '{ source = "program", amount = 73000 }, { source = "public", amount = 7000 }')
    assert main(["check", "--format", "json", str(example_plan)]) == 0  # warnings: the plan still exports
    found = [p for p in json.loads(capsys.readouterr().out) if p["check"].startswith("cofinancing")]
    by_check = {p["check"]: p for p in found}
    assert set(by_check) == {"cofinancing-program-share", "cofinancing-counterpart", "cofinancing-cash",
                             "cofinancing-category"}
    assert all(p["record"] == "A1" and p["file"] == "plan.toml" and p["level"] == "warning" for p in found)
    share = by_check["cofinancing-program-share"]
    assert "85.9%" in share["message"] and "80%" in share["message"]
    assert share["key"] == "actions[1].budget_lines"
    assert "$5,000" in share["advice"] and "$6,250" in share["advice"]  # 73,000 − 80% × 85,000; 73,000/0.8 − 85,000
    assert "$6,250" in by_check["cofinancing-counterpart"]["advice"]  # (20% × 85,000 − 12,000) / 80%
    assert "$6,000" in by_check["cofinancing-cash"]["advice"]  # 50% of the 12,000 counterpart, none of it cash
    category = by_check["cofinancing-category"]
    text = (example_plan / "plan.toml").read_text(encoding="utf-8").splitlines()
    assert category["key"] == "actions[1].budget_lines[5]" and "works" in category["message"]
    assert text[category["line"] - 1] == "[[actions.budget_lines]]" and text[category["line"]] == 'id = "bud-o73x3u"'


def test_rules_bind_only_what_the_program_pays_for() -> None:
    rules = Cofinancing(max_program_share=80, min_counterpart_share=20, min_counterpart_cash=50,
                        eligible_categories=["training"])

    def line(source: str, amount: float, kind: str = "cash", category: str = "training") -> BudgetLine:
        return BudgetLine(id="bud-aaaaaa", year=2027, category=category, source=source, kind=kind,  # type: ignore[arg-type]
                          amount=amount)

    def checks(*lines: BudgetLine, status: str = "planned") -> list[str]:
        action = Action(id="act-aaaaaa", code="A1", title="t", status=status, budget_lines=list(lines))  # type: ignore[arg-type]
        return [b.check for b in financing.action_breaches(action, 0, rules)]

    assert checks(line("public", 1000, category="works")) == [], "no program money: its rules do not apply"
    assert checks(line("program", 800), line("private", 100), line("public", 100, "in_kind")) == []  # exactly 80/20/50
    assert checks(line("program", 801), line("private", 199)) == ["cofinancing-program-share",
                                                                  "cofinancing-counterpart"]
    assert checks(line("program", 800), line("other", 200)) == ["cofinancing-counterpart"], \
        "other financiers are not counterpart"
    assert checks(line("program", 100), line("private", 900, "in_kind")) == ["cofinancing-cash"]
    assert checks(line("program", 801), line("private", 199), status="cancelled") == []
    # without budget lines, the shares come from the funding (cash and categories are not known)
    old = Action(id="act-aaaaaa", code="A1", title="t", funding=[Funding(source="program", amount=900),
                                                                  Funding(source="private", amount=100)])
    assert [b.check for b in financing.action_breaches(old, 0, rules)] == ["cofinancing-program-share",
                                                                             "cofinancing-counterpart"]


def test_funding_that_does_not_add_up_to_the_lines_and_lines_outside_the_dates(example_plan: Path) -> None:
    _replace(example_plan, '{ source = "program", amount = 45000 }, { source = "private", amount = 30000 }',
             '{ source = "program", amount = 45000 }, { source = "private", amount = 31000 }')
    _replace(example_plan, 'id = "bud-hwq4i4"\nyear = 2027', 'id = "bud-hwq4i4"\nyear = 2031')
    problems = {p.check: p for p in check_folder(example_plan)}
    assert set(problems) == {"budget-lines-funding", "budget-line-year"}
    assert problems["budget-lines-funding"].record == "A2" and "31,000" in problems["budget-lines-funding"].message
    assert problems["budget-line-year"].record == "A1" and problems["budget-line-year"].key == \
        "actions[1].budget_lines[6].year"


def test_a_budget_line_id_used_twice_is_an_error(example_plan: Path) -> None:
    _replace(example_plan, 'id = "bud-hwq4i4"', 'id = "bud-o73x3u"')
    assert [p.check for p in check_folder(example_plan)] == ["duplicate-id"]


# --- CSV ------------------------------------------------------------------------------------------------------------

def _export(plan: Path, tmp_path: Path, *extra: str) -> Path:
    out = tmp_path / "budget.csv"
    assert main(["csv", "export", str(plan), "budget", "-o", str(out), *extra]) == 0
    return out


def _rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))


def _write(path: Path, rows: list[dict[str, str]], delimiter: str = ",") -> None:
    out = io.StringIO()
    names = list(dict.fromkeys(name for row in rows for name in row))
    writer = csv.DictWriter(out, fieldnames=names, delimiter=delimiter, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8", newline="")


@pytest.mark.parametrize("extra", [(), ("--sep", ";")])
def test_budget_export_then_import_changes_nothing(example_plan: Path, tmp_path: Path, extra: tuple[str, ...],
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    before = (example_plan / "plan.toml").read_bytes()
    out = _export(example_plan, tmp_path, *extra)
    rows = _rows(out) if not extra else list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig")),
                                                            delimiter=";"))
    assert list(rows[0]) == ["action", "year", "category", "source", "kind", "amount", "note", "id"]
    assert rows[0] == {"action": "A1", "year": "2026", "category": "consultancy", "source": "program",
                       "kind": "cash", "amount": "25000",
                       "note": "Data agreement, monthly return form and dashboard design", "id": "bud-qslojo"}
    capsys.readouterr()
    assert main(["csv", "import", str(example_plan), "budget", str(out)]) == 0
    count = sum(len(a["budget_lines"]) for a in tomllib.loads(before.decode())["actions"])
    assert capsys.readouterr().out.strip() == f"0 changed, 0 added, {count} unchanged"
    assert (example_plan / "plan.toml").read_bytes() == before


def test_budget_import_changes_adds_and_keeps_funding_equal_to_the_lines(example_plan: Path, tmp_path: Path) -> None:
    before = (example_plan / "plan.toml").read_text(encoding="utf-8")
    out = tmp_path / "typed.csv"
    # typed in a spreadsheet without ids: matched by action, year, category, source and kind
    _write(out, [
        {"action": "A2", "year": "2027", "category": "travel", "source": "private", "kind": "cash", "amount": "20000"},
        {"action": "A2", "year": "2027", "category": "promotion", "source": "program", "kind": "cash",
         "amount": "5000"},
        {"action": "A12", "year": "2027", "category": "studies", "source": "private", "kind": "in_kind",
         "amount": ""},  # prepared, not agreed yet: skipped
    ])
    assert main(["csv", "import", str(example_plan), "budget", str(out)]) == 0
    data = _plan(example_plan)
    a2 = _action(data, "A2")
    assert [(x["year"], x["category"], x["source"], x["kind"], x["amount"]) for x in a2["budget_lines"]][-3:] == [
        (2027, "travel", "private", "cash", 20000), (2026, "staff", "private", "in_kind", 12000),
        (2027, "promotion", "program", "cash", 5000)]
    new = a2["budget_lines"][-1]
    assert new["id"].startswith("bud-") and new["id"] not in before
    assert a2["funding"] == [{"source": "program", "amount": 50000}, {"source": "private", "amount": 32000}]
    assert len(_action(data, "A12")["budget_lines"]) == 2
    assert len(data["actions"]) == 14 and sum(len(a["budget_lines"]) for a in data["actions"]) == 74
    after = (example_plan / "plan.toml").read_text(encoding="utf-8")
    assert "# The program's co-financing rules" in after, "comments survive the import"
    assert check_folder(example_plan) == []


def test_budget_import_problems_are_all_reported_and_nothing_is_written(example_plan: Path, tmp_path: Path,
                                                                         capsys: pytest.CaptureFixture[str]) -> None:
    before = (example_plan / "plan.toml").read_bytes()
    out = tmp_path / "bad.csv"
    _write(out, [
        {"action": "A99", "year": "2027", "category": "travel", "source": "program", "kind": "cash", "amount": "1",
         "id": ""},
        {"action": "A1", "year": "27", "category": "travel", "source": "program", "kind": "cash", "amount": "1",
         "id": ""},
        {"action": "A1", "year": "2027", "category": "fun", "source": "bank", "kind": "loan", "amount": "-5",
         "id": ""},
        {"action": "A2", "year": "2027", "category": "travel", "source": "program", "kind": "cash", "amount": "1",
         "id": "bud-qslojo"},
        {"action": "A1", "year": "2027", "category": "travel", "source": "program", "kind": "cash", "amount": "",
         "id": "bud-qslojo"},
        {"action": "A1", "year": "", "category": "travel", "source": "program", "kind": "cash", "amount": "2",
         "id": "bud-zzzzzz"},
    ])
    capsys.readouterr()
    assert main(["csv", "import", str(example_plan), "budget", str(out)]) == 1
    err = capsys.readouterr().err
    for expected in ("bad.csv:2: error: action: no action A99 in the plan; known codes: A1, A2",
                     "bad.csv:3: error: year: '27' is not a year",
                     "bad.csv:4: error: category: 'fun' is not one of staff, consultancy",
                     "bad.csv:4: error: source: 'bank' is not one of program, public, private, other",
                     "bad.csv:4: error: kind: 'loan' is not one of cash, in_kind",
                     "bad.csv:4: error: amount: an amount cannot be negative",
                     "bad.csv:5: error: action: budget line bud-qslojo is a line of action A1, not A2",
                     "bad.csv:6: error: amount: cannot be empty",
                     "bad.csv:7: error: year: cannot be empty"):
        assert expected in err, err
    assert (example_plan / "plan.toml").read_bytes() == before


def test_budget_import_never_deletes_and_refuses_rows_it_cannot_tell_apart(example_plan: Path, tmp_path: Path,
                                                                            capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "one.csv"
    _write(out, [{"action": "A3", "year": "2027", "category": "events", "source": "program", "kind": "cash",
                  "amount": "31000", "note": "Shared stands at two trade fairs"}])
    assert main(["csv", "import", str(example_plan), "budget", str(out)]) == 0
    assert "72 records of the plan are not in the file and were kept" in capsys.readouterr().out
    a3 = _action(_plan(example_plan), "A3")
    assert len(a3["budget_lines"]) == 8 and a3["budget_lines"][0]["amount"] == 31000
    assert a3["funding"][0] == {"source": "program", "amount": 81000}
    # two lines with the same year, category, source and kind: a row without an id cannot say which
    twin = tmp_path / "twin.csv"
    _write(twin, [{"action": "A1", "year": "2026", "category": "consultancy", "source": "program", "kind": "cash",
                   "amount": "1"}])
    _replace(example_plan, 'id = "bud-liensb"\nyear = 2027', 'id = "bud-liensb"\nyear = 2026')
    before = (example_plan / "plan.toml").read_bytes()
    assert main(["csv", "import", str(example_plan), "budget", str(twin)]) == 1
    assert "twin.csv:2: error: id: action A1 has 2 lines of 2026" in capsys.readouterr().err
    assert (example_plan / "plan.toml").read_bytes() == before


def test_a_breach_imported_by_csv_is_reported_by_check(example_plan: Path, tmp_path: Path) -> None:
    out = tmp_path / "raise.csv"
    _write(out, [{"action": "A7", "year": "2026", "category": "staff", "source": "program", "kind": "cash",
                  "amount": "30000"}])
    assert main(["csv", "import", str(example_plan), "budget", str(out)]) == 0
    problems = [p for p in check_folder(example_plan)]
    assert [(p.check, p.record) for p in problems] == [("cofinancing-program-share", "A7"),
                                                        ("cofinancing-counterpart", "A7")]
    assert "81.8%" in problems[0].message  # 45,000 of 55,000


def test_the_actions_csv_cannot_change_the_funding_of_an_action_with_lines(example_plan: Path, tmp_path: Path,
                                                                          capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "actions.csv"
    assert main(["csv", "export", str(example_plan), "actions", "-o", str(out)]) == 0
    rows = _rows(out)
    rows[0]["funding_program"] = "1"
    _write(out, rows)
    before = (example_plan / "plan.toml").read_bytes()
    capsys.readouterr()
    assert main(["csv", "import", str(example_plan), "actions", str(out)]) == 1
    assert "action A1 has budget lines, and its funding is their total by source" in capsys.readouterr().err
    assert (example_plan / "plan.toml").read_bytes() == before


# --- diff and merge -------------------------------------------------------------------------------------------------

def _load(folder: Path) -> Plan:
    return PlanStore.open(folder, read_only=True).plan


def test_diff_reports_budget_lines_by_id_and_the_rules(example_plan: Path, tmp_path: Path) -> None:
    old = _load(example_plan)
    out = tmp_path / "edit.csv"
    _write(out, [{"action": "A1", "year": "2027", "category": "consultancy", "source": "program", "kind": "cash",
                  "amount": "22000", "note": "Monthly dashboard and bulletin", "id": "bud-liensb"},
                 {"action": "A1", "year": "2027", "category": "travel", "source": "program", "kind": "cash",
                  "amount": "1500", "note": "", "id": ""}])
    assert main(["csv", "import", str(example_plan), "budget", str(out)]) == 0
    _replace(example_plan, "max_program_share = 80", "max_program_share = 70")
    new = _load(example_plan)
    diff = diff_plans(old, new)
    a1 = diff.find("actions", "A1")
    assert a1 is not None
    changed = a1.field_change("budget_lines", "bud-liensb")
    assert changed is not None and changed.old["amount"] == 20000 and changed.new["amount"] == 22000
    added = [f for f in a1.fields if f.field == "budget_lines" and f.op == "added"]
    assert len(added) == 1 and added[0].new["category"] == "travel"
    profile = diff.find("profile", "") or diff.of("profile")[0]
    rule = next(f for f in profile.fields if f.field == "max_program_share")
    assert (rule.old, rule.new) == (80, 70)
    from facilitator.diff.text_report import report_text

    text = report_text(diff)
    assert "budget line 2027 · Consultancy and technical assistance · Program · cash changed from $20,000 to " \
           "$22,000" in text, text
    assert "budget line added: 2027 · Travel · Program · cash: $1,500" in text
    assert "maximum program share changed from 80% to 70%" in text


def test_merge_keeps_budget_lines_changed_on_both_sides(example_plan: Path, tmp_path: Path) -> None:
    import shutil

    # the copies part at a recorded revision (the merge's common base)
    assert main(["revision", str(example_plan), "-m", "Financing plan drafted"]) == 0
    theirs = tmp_path / "theirs"
    shutil.copytree(example_plan, theirs)
    ours_csv, theirs_csv = tmp_path / "ours.csv", tmp_path / "theirs.csv"
    _write(ours_csv, [{"action": "A1", "year": "2027", "category": "consultancy", "source": "program",
                       "kind": "cash", "amount": "21000", "id": "bud-liensb"}])
    _write(theirs_csv, [{"action": "A1", "year": "2026", "category": "training", "source": "program",
                         "kind": "cash", "amount": "14000", "id": "bud-3iarjf",
                         "note": "Training for the firms that report"},
                        {"action": "A4", "year": "2029", "category": "events", "source": "private",
                         "kind": "in_kind", "amount": "3000", "note": "Members' venues"}])
    assert main(["csv", "import", str(example_plan), "budget", str(ours_csv)]) == 0
    assert main(["csv", "import", str(theirs), "budget", str(theirs_csv)]) == 0
    assert main(["merge", str(example_plan), str(theirs)]) == 0
    data = _plan(example_plan)
    a1 = {x["id"]: x["amount"] for x in _action(data, "A1")["budget_lines"]}
    assert a1["bud-liensb"] == 21000 and a1["bud-3iarjf"] == 14000
    a4 = _action(data, "A4")["budget_lines"]
    assert a4[-1]["note"] == "Members' venues" and a4[-1]["kind"] == "in_kind"
    assert "CONFLICT" not in (example_plan / "plan.toml").read_text(encoding="utf-8")
    # each side moved A1's program total (61,000 and 59,000); the merged funding follows the merged lines
    assert _action(data, "A1")["funding"][0] == {"source": "program", "amount": 60000}
    assert _action(data, "A4")["funding"][2] == {"source": "private", "amount": 33000}
    assert check_folder(example_plan) == []


# --- the action form ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("size", [(80, 24), (160, 45)])
@pilot_test
async def test_budget_lines_edited_in_the_action_form(example_plan: Path, size: tuple[int, int]) -> None:
    from textual.widgets import Static, TextArea

    from facilitator import app as app_module
    from facilitator.app import ClusterApp
    from facilitator.screens.actions import ActionsScreen
    from facilitator.screens.record_form import RecordForm
    from facilitator.screens.widgets import RecordTable

    app_module.DISK_CHECK_SECONDS = 3600.0
    before = _action(_plan(example_plan), "A9")
    app = ClusterApp(example_plan)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await pilot.pause()
        table = pilot.app.screen.query_one(RecordTable)
        assert table.select_key("A9")
        await pilot.pause()
        detail = pilot.app.screen.detail.plain.replace("\u202f", " ")  # the whole detail (the pane shows what fits)
        assert "Financing plan: 4 lines: 2026 14,000, 2027 8,000; cash 18,000, in kind 4,000" in detail, detail  # an English plan
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, RecordForm))
        form = app.screen
        area = form.query_one("#field-budget_lines", TextArea)
        assert area.text.splitlines()[0] == "2026; promotion; program; cash; 6000; Communication of the pilot"
        # one amount changed, one line typed wrong, then right: a new line of an ineligible category
        lines = area.text.splitlines()
        lines[2] = "2026; staff; private; cash; 9000; Extra opening hours"
        area.load_text("\n".join([*lines, "2027; building; program; cash; 3000"]))
        area.focus()
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form, "a wrong category keeps the form open"
        message = plain(form.query_one("#err-budget_lines", Static))
        assert "Line 5" in message and "category" in message
        assert _action(_plan(example_plan), "A9") == before, "nothing written"
        area.load_text("\n".join([*lines, "2027; works; program; cash; 3000; Shop fronts"]))
        await pilot.pause()
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ActionsScreen))
    after = _action(_plan(example_plan), "A9")
    assert [x["id"] for x in after["budget_lines"][:4]] == [x["id"] for x in before["budget_lines"]], \
        "typed lines keep the ids of the lines they were"
    assert after["budget_lines"][2]["amount"] == 9000
    new = after["budget_lines"][4]
    assert new["id"].startswith("bud-") and (new["category"], new["amount"], new["note"]) == ("works", 3000,
                                                                                              "Shop fronts")
    assert after["funding"] == [{"source": "program", "amount": 13000}, {"source": "private", "amount": 13000}]
    problems = [(p.check, p.record) for p in check_folder(example_plan)]
    assert problems == [("cofinancing-category", "A9")]


def test_sources_categories_and_kinds_are_shown_and_read_in_the_screens_language(example_plan: Path) -> None:
    """A Spanish or Portuguese form shows "programa; 60000", not the stored slug, and reads it back as the
    same line (the same budget line id); the slug itself, or the label in another language, is read too."""
    from facilitator import i18n
    from facilitator.editing import KINDS, FieldError, parse_rows, rows_text

    fields = {f.name: f for f in KINDS["action"].fields}
    budget, funding = fields["budget_lines"], fields["funding"]
    with PlanStore.open(example_plan, read_only=True) as store:
        action = next(a for a in store.plan.actions if a.budget_lines)
    old = action.budget_lines
    for lang, words in (("es", ("programa", "efectivo")), ("pt", ("programa", "em dinheiro"))):
        with i18n.in_language(lang):
            text = rows_text(budget, old, lang)
            assert all(word in text for word in words) and "program;" not in text and "; cash;" not in text
            assert parse_rows(budget, text, old, lang) == old  # same ids, same values
            read = parse_rows(funding, "program; 10\nPÚBLICA; 5\nprivate; 1\nPrivada; 2", [], lang)
            assert [f.source for f in read] == ["program", "public", "private", "private"]
            with pytest.raises(FieldError, match="banco"):
                parse_rows(funding, "banco; 5", [], lang)
    with i18n.in_language("es"):
        assert "fuentes: programa, pública, privada, otro" in funding.shown_hint()
        assert "programa, pública" in str(pytest.raises(FieldError, parse_rows, funding, "banco; 5", [], "es").value)
