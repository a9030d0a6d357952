"""What a PDF's attached files carry about people (`facilitator.export.privacy`), without rendering: the
example's files scrubbed at each level, still a plan that checks clean and opens, and the TOML writer that
makes them. The real PDFs (text and attachments read back with pypdf) are in tests/test_export_options.py
and tests/test_minutes.py."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from facilitator.checks import check_folder, has_errors
from facilitator.export import plan_files
from facilitator.export.privacy import FULL, NAMES, PUBLIC, attached_files, dumps, level_of
from facilitator.store import PlanStore

CHECKIN = """
[[checkins]]
id = "chk-q4zt7m"
device = "dev-k2m9xa"
name = "Zoe Checkin-Private"
organization = "Bodega Privada"
gender = "f"
"""


def _with_room_data(example_plan: Path) -> Path:
    """The example with what the room adds: a phone's check-in and a note sent from a phone."""
    session = next((example_plan / "sessions").glob("*joint-diagnosis.toml"))
    text = session.read_text(encoding="utf-8")
    text = text.replace('[[contributions]]\n', '[[contributions]]\ndevice = "dev-k2m9xa"\n', 1) + CHECKIN
    session.write_text(text, encoding="utf-8")
    plan = example_plan / "plan.toml"
    plan.write_text(plan.read_text(encoding="utf-8").replace(
        'name = "Inés Larrañaga"\n', 'name = "Inés Larrañaga"\nphone = "+598 99 123 456"  # call after 6\n', 1),
        encoding="utf-8")
    assert not has_errors(check_folder(example_plan))
    return example_plan


def _restore(files: list[tuple[str, bytes]], folder: Path) -> Path:
    for name, data in files:
        path = folder.joinpath(*name.split("/"))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    for sub in ("sessions", "history", "workshops", "exports"):
        (folder / sub).mkdir(exist_ok=True)
    return folder


def test_levels_follow_the_options() -> None:
    assert level_of(False, False) == PUBLIC
    assert level_of(True, False) == NAMES
    assert level_of(True, True) == level_of(False, True) == FULL


def test_default_attachments_carry_no_personal_data_and_still_make_a_plan(example_plan: Path, tmp_path: Path) -> None:
    folder = _with_room_data(example_plan)
    original = plan_files(folder)
    with PlanStore.open(folder, read_only=True) as store:
        people = {s.id: s for s in store.plan.stakeholders}
        sessions = {s.path.name: s.session for s in store.session_summaries()}
    assert any(p.email for p in people.values()) and any(p.gender for p in people.values())
    scrubbed = attached_files(original, PUBLIC)
    assert [n for n, _d in scrubbed] == [n for n, _d in original]
    everything = b"\n".join(data for _name, data in scrubbed).decode("utf-8")
    for leaked in ("@", "gender", "email", "phone", "+598", "call after 6", "Zoe Checkin-Private", "dev-k2m9xa",
                   "checkins", "[[ballots]]", "author =", "Valeria Gonçalves"):
        assert leaked not in everything, leaked
    files = dict(scrubbed)
    plan = tomllib.loads(files["plan.toml"].decode("utf-8"))
    assert [s["name"] for s in plan["stakeholders"]] == [s["id"] for s in plan["stakeholders"]]
    assert all(set(s) <= {"id", "name", "organization", "kind", "segment", "size",
                                 "influence", "interest"} for s in plan["stakeholders"])
    assert plan["cluster"] == tomllib.loads(dict(original)["plan.toml"].decode("utf-8"))["cluster"]
    for name, data in scrubbed:  # kits are attached as they are
        if name.startswith("workshops/"):
            assert data == dict(original)[name]
    # still a plan: it checks without errors, opens, and keeps every note, vote and attendance
    restored = _restore(scrubbed, tmp_path / "restored")
    assert not has_errors(check_folder(restored))
    with PlanStore.open(restored, read_only=True) as store:
        assert {s.id for s in store.plan.stakeholders} == set(people)
        assert [(s.kind, s.size, s.segment) for s in store.plan.stakeholders] == \
            [(p.kind, p.size, p.segment) for p in people.values()]
        back = {s.path.name: s.session for s in store.session_summaries()}
    for name, session in sessions.items():
        assert session is not None and back[name] is not None
        assert [(c.id, c.text, c.votes) for c in back[name].contributions] == \
            [(c.id, c.text, c.votes) for c in session.contributions]
        assert back[name].attendance == session.attendance and back[name].checkins == []


def test_participants_keep_names_and_the_full_folder_keeps_everything(example_plan: Path) -> None:
    folder = _with_room_data(example_plan)
    original = plan_files(folder)
    named = dict(attached_files(original, NAMES))
    plan = tomllib.loads(named["plan.toml"].decode("utf-8"))
    assert "Inés Larrañaga" in [s["name"] for s in plan["stakeholders"]]
    assert b"@" not in named["plan.toml"] and b"Zoe Checkin-Private" not in b"".join(named.values())
    assert attached_files(original, FULL) == original


def test_history_snapshots_equal_to_the_plan_stay_equal(example_plan: Path) -> None:
    """`check` compares the last snapshot with plan.toml: the same bytes scrub to the same bytes."""
    data = (example_plan / "plan.toml").read_bytes()
    files = dict(attached_files([("plan.toml", data), ("history/plan-r9.toml", data)], PUBLIC))
    assert files["plan.toml"] == files["history/plan-r9.toml"]


_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
_SCALAR = st.one_of(_TEXT, st.integers(-10**12, 10**12), st.booleans(),
                    st.floats(allow_nan=False, allow_infinity=False), st.dates(),
                    st.datetimes(timezones=st.just(dt.timezone(dt.timedelta(hours=-3)))).map(
                        lambda d: d.replace(microsecond=0)))
_TABLE = st.dictionaries(_TEXT, st.one_of(_SCALAR, st.lists(_SCALAR, max_size=3)), max_size=4)


@settings(max_examples=80, deadline=None)
@given(top=st.dictionaries(_TEXT, _SCALAR, max_size=4), table=_TABLE,
       records=st.lists(st.fixed_dictionaries({"id": _TEXT}, optional={"sub": _TABLE, "list": st.lists(_TABLE, max_size=2),
                                                                       "text": _TEXT}), max_size=3))
def test_the_writer_reads_back_as_the_same_data_whatever_the_text(top: dict, table: dict, records: list) -> None:
    data = {**top, "table": table, "records": records}
    text = dumps(data)
    assert tomllib.loads(text) == data
