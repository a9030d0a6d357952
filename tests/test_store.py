"""The store: round trips, comments kept, atomic writes, failed writes, locks, outside changes, formats."""

from __future__ import annotations

import datetime as dt
import errno
import os
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilitator import migrate, tomlio
from facilitator.model import Figure, Measurement, Stakeholder, new_id
from facilitator.problems import ChangedOnDiskError, LockedError, PlanError
from facilitator.store import PlanStore

HAND_WRITTEN = '''\
# Our cluster plan — kept in git, edited by hand too.
format = "cluster-facilitator/plan/1"
language = "es"   # Spanish content
revision = 0

[cluster]
name = "Conglomerado de Prueba"
territory = "Colonia"  # the department
# Sector as the chamber names it
sector = "Turismo"

[[cluster.figures]]
name = "Empresas"
value = 180
unit = "firms"

# People we work with
[[stakeholders]]
id = "stk-aaaaaa"
name = "Ana"
kind = "firm"   # a hotel

[[stakeholders]]
id = "stk-bbbbbb"
name = "Bruno"
kind = "association"
favourite_colour = "green"   # a key the tool does not know
'''


@pytest.fixture
def hand_plan(tmp_path: Path) -> Path:
    folder = tmp_path / "hand"
    folder.mkdir()
    (folder / "plan.toml").write_text(HAND_WRITTEN, encoding="utf-8")
    return folder


def test_create_writes_a_plan_that_tomllib_reads(empty_plan: Path) -> None:
    data = tomllib.loads((empty_plan / "plan.toml").read_text(encoding="utf-8"))
    assert data["format"] == "cluster-facilitator/plan/1"
    assert data["cluster"]["name"] == "Test Cluster"
    assert (empty_plan / "sessions").is_dir() and (empty_plan / "history").is_dir()


def test_create_refuses_an_existing_plan(empty_plan: Path) -> None:
    before = (empty_plan / "plan.toml").read_bytes()
    with pytest.raises(PlanError, match="already exists"):
        PlanStore.create(empty_plan, "Other")
    assert (empty_plan / "plan.toml").read_bytes() == before


def test_editing_one_field_changes_only_that_line(hand_plan: Path) -> None:
    with PlanStore.open(hand_plan) as store:
        store.plan.cluster.territory = "Colonia del Sacramento"
        assert store.save_plan()
    after = (hand_plan / "plan.toml").read_text(encoding="utf-8")
    changed = [(a, b) for a, b in zip(HAND_WRITTEN.splitlines(), after.splitlines()) if a != b]
    assert changed == [('territory = "Colonia"  # the department',
                        'territory = "Colonia del Sacramento"  # the department')]
    assert len(after.splitlines()) == len(HAND_WRITTEN.splitlines())


def test_saving_an_unchanged_plan_writes_nothing(hand_plan: Path) -> None:
    stat = (hand_plan / "plan.toml").stat()
    with PlanStore.open(hand_plan) as store:
        assert not store.save_plan()
    assert (hand_plan / "plan.toml").read_text(encoding="utf-8") == HAND_WRITTEN
    assert (hand_plan / "plan.toml").stat().st_mtime_ns == stat.st_mtime_ns


def test_unknown_keys_and_comments_survive_array_edits(hand_plan: Path) -> None:
    with PlanStore.open(hand_plan) as store:
        ana, bruno = store.plan.stakeholders
        bruno.name = "Bruno Souza"
        new = Stakeholder(id=new_id("stk"), name="Carla Núñez", kind="university")
        store.plan.stakeholders = [bruno, new, ana]  # reorder and add
        store.save_plan()
    text = (hand_plan / "plan.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    assert [s["name"] for s in data["stakeholders"]] == ["Bruno Souza", "Carla Núñez", "Ana"]
    assert data["stakeholders"][0]["favourite_colour"] == "green"
    for comment in ("# a hotel", "# a key the tool does not know", "# Our cluster plan", "# Spanish content",
                    "# Sector as the chamber names it"):
        assert comment in text


def test_removing_a_record_removes_only_its_table(hand_plan: Path) -> None:
    with PlanStore.open(hand_plan) as store:
        store.plan.stakeholders = [s for s in store.plan.stakeholders if s.id != "stk-aaaaaa"]
        store.save_plan()
    text = (hand_plan / "plan.toml").read_text(encoding="utf-8")
    assert "stk-aaaaaa" not in text and "stk-bbbbbb" in text
    assert "# Sector as the chamber names it" in text


def test_nested_arrays_and_multiline_text(empty_plan: Path) -> None:
    from facilitator.model import Indicator, Objective, Target

    with PlanStore.open(empty_plan) as store:
        obj = Objective(id=new_id("obj"), code="O1", title="Raise spending", description="line one\nline two")
        ind = Indicator(id=new_id("ind"), code="I1.1", objective=obj.id, name="Spending", baseline=85,
                        targets=[Target(year=2028, value=100)])
        store.plan.objectives = [obj]
        store.plan.indicators = [ind]
        store.save_plan()
        ind.measurements = [Measurement(date=dt.date(2026, 6, 30), value=92.5, note="survey")]
        store.save_plan()
    text = (empty_plan / "plan.toml").read_text(encoding="utf-8")
    assert '"""line one\nline two"""' in text
    assert "targets = [{year = 2028, value = 100}]" in text.replace("{ ", "{").replace(" }", "}")
    assert "[[indicators.measurements]]" in text
    with PlanStore.open(empty_plan, read_only=True) as again:
        assert again.plan.indicators[0].measurements[0].value == 92.5
        assert again.plan.objectives[0].description == "line one\nline two"


_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=st.lists(_text, min_size=1, max_size=6),
       figures=st.lists(st.tuples(_text, st.floats(min_value=-1e15, max_value=1e15, allow_nan=False)), max_size=4),
       description=_text)
def test_round_trip_any_text(empty_plan: Path, names: list[str], figures: list[tuple[str, float]],
                             description: str) -> None:
    """load(save(x)) == x for arbitrary participant text, and every written file reads with tomllib."""
    with PlanStore.open(empty_plan) as store:
        store.plan.stakeholders = [Stakeholder(id=new_id("stk"), name=n[:200]) for n in names]
        store.plan.cluster.figures = [Figure(name=n[:200], value=v) for n, v in figures]
        store.plan.cluster.description = description
        store.save_plan()
        expected = store.plan.model_dump()
    tomllib.loads((empty_plan / "plan.toml").read_text(encoding="utf-8"))
    with PlanStore.open(empty_plan, read_only=True) as again:
        assert again.plan.model_dump() == expected


# --- atomic writes and failures ---------------------------------------------------------------------------

def test_failed_write_keeps_the_old_file_and_says_so(hand_plan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    with PlanStore.open(hand_plan) as store:
        store.plan.cluster.name = "Changed"
        monkeypatch.setattr(os, "fsync", disk_full)
        with pytest.raises(PlanError, match="No space left on device.*previous version of the file is intact"):
            store.save_plan()
    assert (hand_plan / "plan.toml").read_text(encoding="utf-8") == HAND_WRITTEN
    assert [p.name for p in hand_plan.iterdir() if p.name.endswith(".tmp")] == []


def test_failed_replace_keeps_the_old_file(hand_plan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def denied(src: str, dst: str) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    with PlanStore.open(hand_plan) as store:
        store.plan.cluster.name = "Changed"
        monkeypatch.setattr(os, "replace", denied)
        with pytest.raises(PlanError, match="Permission denied"):
            store.save_plan()
    assert (hand_plan / "plan.toml").read_text(encoding="utf-8") == HAND_WRITTEN
    assert [p.name for p in hand_plan.iterdir() if p.name.endswith(".tmp")] == []


def test_permissions_are_kept(hand_plan: Path) -> None:
    os.chmod(hand_plan / "plan.toml", 0o640)
    with PlanStore.open(hand_plan) as store:
        store.plan.cluster.name = "Changed"
        store.save_plan()
    assert (hand_plan / "plan.toml").stat().st_mode & 0o777 == 0o640


# --- one writer, no silent overwrite -------------------------------------------------------------------------

def test_second_instance_is_read_only_and_names_the_holder(hand_plan: Path) -> None:
    with PlanStore.open(hand_plan) as first:
        assert not first.read_only
        with PlanStore.open(hand_plan) as second:
            assert second.read_only
            assert f"pid {os.getpid()}" in (second.holder or "")
            second.plan.cluster.name = "Not allowed"
            with pytest.raises(LockedError, match="read-only"):
                second.save_plan()
    assert (hand_plan / "plan.toml").read_text(encoding="utf-8") == HAND_WRITTEN
    with PlanStore.open(hand_plan) as third:
        assert not third.read_only


def test_a_stale_lock_file_is_taken_over(hand_plan: Path) -> None:
    (hand_plan / ".lock").write_text("otherhost pid 99999 since 2026-01-01T00:00:00+00:00\n")
    with PlanStore.open(hand_plan) as store:
        assert not store.read_only


def test_outside_change_is_never_overwritten(hand_plan: Path) -> None:
    with PlanStore.open(hand_plan) as store:
        outside = HAND_WRITTEN.replace('name = "Ana"', 'name = "Ana (edited in vim)"')
        (hand_plan / "plan.toml").write_text(outside, encoding="utf-8")
        assert store.changed_on_disk()
        store.plan.cluster.name = "Mine"
        with pytest.raises(ChangedOnDiskError, match="changed outside the tool"):
            store.save_plan()
        assert (hand_plan / "plan.toml").read_text(encoding="utf-8") == outside
        store.reload()
        assert store.plan.stakeholders[0].name == "Ana (edited in vim)"
        store.plan.cluster.name = "Mine"
        store.save_plan()
    assert 'name = "Ana (edited in vim)"' in (hand_plan / "plan.toml").read_text(encoding="utf-8")


def test_update_plan_is_all_or_nothing(hand_plan: Path) -> None:
    with PlanStore.open(hand_plan) as store:
        with pytest.raises(PlanError, match="language"):
            store.update_plan({"revision": 2, "language": "fr"})
        assert store.plan.revision == 0 and store.plan.language == "es"
    assert (hand_plan / "plan.toml").read_text(encoding="utf-8") == HAND_WRITTEN


def test_record_revision_writes_a_snapshot(hand_plan: Path) -> None:
    with PlanStore.open(hand_plan) as store:
        rev = store.record_revision("Profile agreed", date=dt.date(2026, 11, 22))
    assert rev.number == 1
    snapshot = hand_plan / "history" / "plan-r1.toml"
    assert snapshot.read_bytes() == (hand_plan / "plan.toml").read_bytes()
    data = tomllib.loads(snapshot.read_text(encoding="utf-8"))
    assert data["revision"] == 1 and data["revisions"][0]["summary"] == "Profile agreed"


# --- format versions ----------------------------------------------------------------------------------------

def test_newer_format_is_refused_and_left_alone(hand_plan: Path) -> None:
    newer = HAND_WRITTEN.replace("plan/1", "plan/7")
    (hand_plan / "plan.toml").write_text(newer, encoding="utf-8")
    with pytest.raises(PlanError, match=r"newer Cluster Facilitator.*update the tool") as err:
        PlanStore.open(hand_plan)
    assert err.value.problems[0].line == 1
    assert (hand_plan / "plan.toml").read_text(encoding="utf-8") == newer


def test_older_format_is_migrated_with_a_backup(hand_plan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def v1_to_v2(doc: object) -> None:
        doc["cluster"]["sector"] = "Tourism (migrated)"  # type: ignore[index]

    monkeypatch.setitem(migrate.CURRENT, "plan", 2)
    monkeypatch.setitem(migrate.MIGRATIONS, "plan", {1: v1_to_v2})
    with PlanStore.open(hand_plan) as store:
        assert store.plan.cluster.sector == "Tourism (migrated)"
        store.save_plan()
    assert (hand_plan / "plan.toml.bak-v1").read_text(encoding="utf-8") == HAND_WRITTEN
    text = (hand_plan / "plan.toml").read_text(encoding="utf-8")
    assert 'format = "cluster-facilitator/plan/2"' in text and "# a hotel" in text


def test_validation_error_is_located(hand_plan: Path) -> None:
    (hand_plan / "plan.toml").write_text(HAND_WRITTEN.replace("value = 180", 'value = "many"'), encoding="utf-8")
    with pytest.raises(PlanError) as err:
        PlanStore.open(hand_plan)
    problem = err.value.problems[0]
    assert (problem.file, problem.line, problem.key) == ("plan.toml", 14, "cluster.figures[1].value")
    assert "write a number" in problem.message


def test_key_lines_understands_tables_arrays_and_multiline_strings() -> None:
    text = 'a = 1\ns = """\nfake = 2\n"""\n[t]\nb = 2\n[[r]]\nid = "x"\n[[r]]\nid = "y"\n[[r.sub]]\nv = 1\n'
    lines = tomlio.key_lines(text)
    assert lines[("a",)] == 1 and lines[("t", "b")] == 6
    assert ("fake",) not in lines
    assert lines[("r", 1, "id")] == 10 and lines[("r", 1, "sub", 0, "v")] == 12


def test_appended_notes_are_spliced_after_their_list(empty_plan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The capture fast path: new contributions land after the last one, before the next table, and the
    file reads back exactly as the model — also when a note's text looks like a table header."""
    from facilitator.model import Contribution, Group, Session

    with PlanStore.open(empty_plan) as store:
        handle = store.new_session(Session(id=new_id("ses"), workshop="vision", title="Vision",
                                           date=dt.date(2026, 11, 22), status="open"))
        handle.model.contributions = [Contribution(id=new_id("ctb"), step="drafts", text="first")]
        handle.model.groups = [Group(id=new_id("grp"), step="group", label="Tourism")]
        store.save_session(handle)
        full_renders: list[str] = []
        real_render = tomlio.render
        monkeypatch.setattr(tomlio, "render", lambda doc, rel: full_renders.append(rel) or real_render(doc, rel))
        texts = ["second", 'multi\n[[groups]]\nid = "grp-fake"', "third — “quoted” <b>", "fourth\r\nwith CR",
                 'five """ quotes\n[[groups]]\nid = "grp-fake2"\nends with a quote"', "six \'\'\' \n[x]\n", "seven"]
        for text in texts:
            handle.model.contributions = [*handle.model.contributions,
                                          Contribution(id=new_id("ctb"), step="drafts", text=text)]
            store.save_session(handle)
            on_disk = Session.model_validate(tomllib.loads(handle.path.read_text(encoding="utf-8")))
            assert on_disk == handle.model
        assert full_renders == [], "appending notes must take the fast path"
        written = handle.path.read_text(encoding="utf-8")
        group_id = handle.model.groups[0].id
    assert written.index("third") < written.index(f'[[groups]]\nid = "{group_id}"')
    assert written.count("\n[[contributions]]") == 8


def test_a_refused_write_is_retried_by_the_next_save(hand_plan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """After a failed write the model is unchanged since the last patch, yet the next save must still write."""
    with PlanStore.open(hand_plan) as store:
        store.plan.cluster.name = "Retried"
        real_fsync = os.fsync

        def disk_full(fd: int) -> None:
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(os, "fsync", disk_full)
        with pytest.raises(PlanError):
            store.save_plan()
        monkeypatch.setattr(os, "fsync", real_fsync)
        assert store.save_plan()
        assert not store.save_plan()  # and then nothing more to write
    assert 'name = "Retried"' in (hand_plan / "plan.toml").read_text(encoding="utf-8")


SECTIONS = '''\
format = "cluster-facilitator/plan/1"

[cluster]
name = "C"

# People
[[stakeholders]]
id = "stk-aaaaaa"
name = "Ana"  # first

# Bruno joined in May
[[stakeholders]]
id = "stk-bbbbbb"
name = "Bruno"
mood = "calm"  # a key the tool does not know

# Indicator sheets
[[indicators]]
id = "ind-aaaaaa"
code = "I1"
objective = "obj-aaaaaa"
name = "Visitors"

[[indicators.measurements]]
date = 2026-01-01
value = 1

[[indicators.measurements]]
date = 2026-06-01
value = 2

# Governance, agreed in June
[governance]
executing_agency = "Agency"
'''


@pytest.fixture
def sections_plan(tmp_path: Path) -> Path:
    folder = tmp_path / "sections"
    folder.mkdir()
    (folder / "plan.toml").write_text(SECTIONS, encoding="utf-8")
    return folder


def _text(folder: Path) -> str:
    text = (folder / "plan.toml").read_text(encoding="utf-8")
    tomllib.loads(text)
    return text


def _before(text: str, first: str, second: str) -> bool:
    return text.index(first) < text.index(second)


def test_deleting_the_last_record_keeps_the_next_sections_heading(sections_plan: Path) -> None:
    with PlanStore.open(sections_plan) as store:
        store.plan.stakeholders = store.plan.stakeholders[:1]
        store.save_plan()
    text = _text(sections_plan)
    assert "Bruno" not in text and "# Bruno joined in May" not in text
    assert _before(text, "Ana", "# Indicator sheets") and _before(text, "# Indicator sheets", "[[indicators]]")
    assert "# People" in text and "# first" in text


def test_a_comment_above_a_record_moves_with_it(sections_plan: Path) -> None:
    with PlanStore.open(sections_plan) as store:
        ana, bruno = store.plan.stakeholders
        store.plan.stakeholders = [bruno, ana]
        store.save_plan()
    text = _text(sections_plan)
    assert _before(text, "# People", "# Bruno joined in May")
    assert _before(text, "# Bruno joined in May", 'name = "Bruno"') and _before(text, "Bruno", "Ana")
    assert _before(text, "Ana", "# Indicator sheets") and 'mood = "calm"  # a key the tool does not know' in text
    with PlanStore.open(sections_plan) as store:  # and back: the file is as it was
        bruno, ana = store.plan.stakeholders
        store.plan.stakeholders = [ana, bruno]
        store.save_plan()
    assert _text(sections_plan) == SECTIONS


def test_deleting_every_record_of_a_list_keeps_the_comments_after_it(sections_plan: Path) -> None:
    with PlanStore.open(sections_plan) as store:
        store.plan.stakeholders = []
        store.save_plan()
    text = _text(sections_plan)
    assert "stakeholders" not in text
    assert _before(text, "# Indicator sheets", "[[indicators]]")


def test_deleting_the_last_measurement_keeps_the_next_sections_heading(sections_plan: Path) -> None:
    with PlanStore.open(sections_plan) as store:
        ind = store.plan.indicators[0]
        ind.measurements = ind.measurements[:1]
        store.save_plan()
    text = _text(sections_plan)
    assert "2026-06-01" not in text
    assert _before(text, "2026-01-01", "# Governance, agreed in June")
    assert _before(text, "# Governance, agreed in June", "[governance]")


def test_an_added_record_goes_above_the_next_sections_heading(sections_plan: Path) -> None:
    with PlanStore.open(sections_plan) as store:
        # Appended alone (the fast path), then another edit renders the whole document.
        store.plan.stakeholders = [*store.plan.stakeholders, Stakeholder(id="stk-cccccc", name="Carla")]
        store.save_plan()
        assert _before(_text(sections_plan), "Carla", "# Indicator sheets")
        store.plan.governance.executing_agency = "Other agency"
        ana, bruno, carla = store.plan.stakeholders
        store.plan.stakeholders = [ana, carla, bruno, Stakeholder(id="stk-dddddd", name="Dora")]
        store.save_plan()
    text = _text(sections_plan)
    assert _before(text, "Ana", "Carla") and _before(text, "Carla", "# Bruno joined")
    assert _before(text, "# Bruno joined", "Bruno\"") and _before(text, "Bruno\"", "Dora")
    assert _before(text, "Dora", "# Indicator sheets")
    assert "\n\n[[stakeholders]]\nid = \"stk-dddddd\"" in text


def test_a_removed_record_put_back_is_written_as_it_was(sections_plan: Path) -> None:
    with PlanStore.open(sections_plan) as store:
        old = [s.model_copy(deep=True) for s in store.plan.stakeholders]
        store.plan.stakeholders = old[1:]
        store.save_plan()
        store.plan.stakeholders = [s.model_copy(deep=True) for s in old]  # an undo
        store.save_plan()
        assert _text(sections_plan) == SECTIONS
        store.plan.stakeholders = old[:1]  # the last one, whose table holds the next section's heading
        store.save_plan()
        store.plan.stakeholders = [s.model_copy(deep=True) for s in old]
        store.save_plan()
    assert _text(sections_plan) == SECTIONS


def test_a_key_added_to_the_last_record_stays_above_the_next_sections_heading(sections_plan: Path) -> None:
    with PlanStore.open(sections_plan) as store:
        store.plan.stakeholders[-1].role = "Treasurer"  # a key the file does not have yet, on the last record
        store.save_plan()
    text = _text(sections_plan)
    assert _before(text, 'role = "Treasurer"', "# Indicator sheets")  # with its record's keys, not after the
    assert _before(text, "# Indicator sheets", "[[indicators]]")  # comment that opens the next section
