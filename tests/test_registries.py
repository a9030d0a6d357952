"""The extension points are complete tables: every step kind, CLI command, PDF section and check is declared
once, with everything it needs (docs/decisions.md, "Extension points")."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import re
from pathlib import Path
from types import ModuleType

import pytest

from facilitator import cli, engine
from facilitator.checks import CHECKS
from facilitator.engine.kinds import STEP_KINDS, step_label
from facilitator.export import section_ids
from facilitator.export.minutes import minutes_context
from facilitator.export.sections import SECTIONS
from facilitator.i18n import in_language, set_language
from facilitator.model import Kit, Plan, Session, StepKind, new_id
from facilitator.screens.step_base import StepView
from facilitator.screens.steps import STEP_VIEWS


def local(text: str) -> dict[str, str]:
    return {"en": text, "es": text, "pt": text}


KIT = Kit.model_validate({
    "id": "every-kind", "title": local("Every kind"), "purpose": local("One step of each kind"),
    "steps": [
        {"id": "intro", "kind": "briefing", "minutes": 10},
        {"id": "ideas", "kind": "brainstorm", "minutes": 20},
        {"id": "cluster", "kind": "group", "minutes": 10, "source": "ideas"},
        {"id": "dots", "kind": "vote", "minutes": 10, "source": "ideas"},
        {"id": "matrix", "kind": "matrix", "minutes": 10, "source": "ideas"},
        {"id": "drafts", "kind": "statement", "minutes": 10},
        {"id": "rows", "kind": "table", "minutes": 10, "columns": ["metric", "value"]},
        {"id": "log", "kind": "decide", "minutes": 5},
        {"id": "close", "kind": "consolidate", "minutes": 5, "source": "ideas", "into": "findings"},
        {"id": "ties", "kind": "network", "minutes": 15},
    ]})


def test_the_kit_above_has_a_step_of_every_kind() -> None:
    assert {s.kind for s in KIT.steps} == set(StepKind)


@pytest.mark.parametrize("kind", list(StepKind))
def test_every_step_kind_has_its_engine_view_and_label(kind: StepKind) -> None:
    spec = STEP_KINDS[kind]
    assert spec.kind == kind
    assert isinstance(spec.engine, ModuleType) and spec.engine.__name__.startswith(engine.__name__ + ".")
    assert issubclass(STEP_VIEWS[kind], StepView)
    assert spec.label and step_label(kind) == spec.label  # English: the msgid itself
    with in_language("es"):
        assert step_label(kind) != str(kind)  # a word, not the stored value


def test_no_table_names_a_kind_that_does_not_exist() -> None:
    assert set(STEP_KINDS) == set(StepKind) == set(STEP_VIEWS)
    assert len({v for v in STEP_VIEWS.values()}) == len(STEP_VIEWS)  # one view per kind


def test_the_minutes_print_a_label_for_every_step_kind() -> None:
    plan = Plan.model_validate({"cluster": {"name": "Test"}, "language": "en"})
    session = Session(id=new_id("ses"), workshop=KIT.id, title="All kinds", date=dt.date(2026, 11, 22))
    ctx = minutes_context(plan, session, KIT, "en", today=dt.date(2026, 11, 22))
    kinds = [row["kind"] for row in ctx["agenda"]["rows"]]
    assert kinds == [STEP_KINDS[s.kind].label for s in KIT.steps]
    assert set(kinds) == {spec.label for spec in STEP_KINDS.values()}


# --- CLI commands -----------------------------------------------------------------------------------------------

def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    found: dict[str, argparse.ArgumentParser] = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found[name] = sub
                found.update({f"{name} {k}": v for k, v in _subparsers(sub).items()})
    return found


def test_every_cli_command_is_declared_once_and_takes_the_ui_language() -> None:
    subs = _subparsers(cli._parser())
    assert [name for name in subs if " " not in name] == list(cli.COMMANDS)
    for name, sub in subs.items():  # csv export and csv import too: the option is added after every command
        assert "--ui-lang" in sub._option_string_actions, name


def test_main_runs_the_declared_handler(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[argparse.Namespace] = []
    command = cli.COMMANDS["merge-file"]
    monkeypatch.setitem(cli.COMMANDS, "merge-file", dataclasses.replace(command, run=lambda a: seen.append(a) or 0))
    try:  # --ui-lang after a late-declared command used to be refused as an unknown argument
        assert cli.main(["merge-file", "--ui-lang", "es", "base.toml", "ours.toml", "theirs.toml"]) == 0
    finally:
        set_language("en")
    assert [(a.base, a.ours, a.theirs, a.name) for a in seen] == [("base.toml", "ours.toml", "theirs.toml", None)]


# --- PDF sections and checks ----------------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent


def test_every_pdf_section_is_chosen_and_drawn_by_the_templates() -> None:
    for sid, _title in SECTIONS:
        html = (ROOT / "templates" / "plan" / f"{sid}.html").read_text(encoding="utf-8")
        assert re.search(rf'<section class="main[^"]*" id="{sid}">', html), sid
    assert section_ids() == [sid for sid, _title in SECTIONS]


def test_every_declared_check_is_raised_somewhere() -> None:
    source = "\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "facilitator").rglob("*.py"))
                       if p.parent.name != "screens")
    for check in CHECKS:  # once where it is declared, at least once where a problem of it is made
        assert source.count(f'"{check}"') >= 2, check
