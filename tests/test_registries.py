"""The extension points are complete tables: every step kind, CLI command, PDF section and check is declared
once, with everything it needs (docs/decisions.md, "Extension points")."""

from __future__ import annotations

import datetime as dt
from types import ModuleType

import pytest

from facilitator import engine
from facilitator.engine.kinds import STEP_KINDS, step_label
from facilitator.export.minutes import minutes_context
from facilitator.i18n import in_language
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
