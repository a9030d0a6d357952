"""A corpus of broken plan folders through `check` and `export`: a located message, exit 1, no traceback,
and every file left byte-identical."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from facilitator.cli import main


def _append(text: str) -> Callable[[Path], None]:
    def apply(folder: Path) -> None:
        with open(folder / "plan.toml", "a", encoding="utf-8") as fh:
            fh.write("\n" + text)
    return apply


def _replace(old: str, new: str, file: str = "plan.toml") -> Callable[[Path], None]:
    def apply(folder: Path) -> None:
        path = folder / file
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return apply


def _write(data: bytes, file: str = "plan.toml") -> Callable[[Path], None]:
    def apply(folder: Path) -> None:
        (folder / file).write_bytes(data)
    return apply


def _huge(folder: Path) -> None:
    with open(folder / "plan.toml", "a", encoding="utf-8") as fh:
        fh.write("\n# padding\n" + ("#" * 1000 + "\n") * 21_000)


def _last_line(folder: Path) -> int:
    return len((folder / "plan.toml").read_text(encoding="utf-8").splitlines())


# name, how to break the folder, the file the message must name, expected line (callable: after breaking), words
CORPUS: list[tuple[str, Callable[[Path], None], str, Callable[[Path], int | None] | int | None, str]] = [
    ("syntax-unclosed-array", _append("oops = [\n"), "plan.toml", _last_line, "TOML syntax error"),
    ("syntax-unquoted-string", _append("[governance2]\nchair = Maria Pérez\n"), "plan.toml", _last_line,
     "TOML syntax error"),
    ("duplicate-table", _append("[cluster]\nname = \"again\"\n"), "plan.toml", None, "TOML syntax error"),
    ("wrong-type", _append('[[stakeholders]]\nid = "stk-zzzzzz"\nname = 5\n'), "plan.toml", _last_line,
     "valid string"),
    ("unknown-kind", _append('[[stakeholders]]\nid = "stk-zzzzzz"\nname = "X"\nkind = "alien"\n'), "plan.toml",
     _last_line, "check the spelling"),
    ("bad-date", _append('[[revisions]]\nnumber = 99\ndate = "yesterday"\n'), "plan.toml", _last_line,
     "TOML date"),
    ("dangling-id", _append('[[indicators]]\nid = "ind-zzzzzz"\ncode = "IX.1"\nobjective = "obj-nothere"\n'
                            'name = "Orphan"\n'), "plan.toml", lambda f: _last_line(f) - 1,
     "does not name any objective"),
    ("duplicate-code", _append('[[objectives]]\nid = "obj-zzzzzz"\ncode = "O1"\ntitle = "Twin"\n'), "plan.toml",
     lambda f: _last_line(f) - 1, "code O1 is used by 2"),
    ("bad-id", _append('[[stakeholders]]\nid = "Stakeholder One"\nname = "X"\n'), "plan.toml",
     lambda f: _last_line(f) - 1, "ids look like"),
    ("newer-format", _replace('format = "cluster-facilitator/plan/1"', 'format = "cluster-facilitator/plan/9"'),
     "plan.toml", None, "newer Cluster Facilitator"),
    ("session-as-plan", _replace('format = "cluster-facilitator/plan/1"',
                                 'format = "cluster-facilitator/session/1"'), "plan.toml", None, "session file"),
    ("no-format", _replace('format = "cluster-facilitator/plan/1"', '# format removed'), "plan.toml", 1,
     "no `format` key"),
    ("empty-file", _write(b""), "plan.toml", 1, "no `format` key"),
    ("binary-garbage", _write(bytes(range(256)) * 40), "plan.toml", None, "binary"),
    ("latin-1", _write('format = "cluster-facilitator/plan/1"\n[cluster]\nname = "Año"\n'.encode("latin-1")),
     "plan.toml", 3, "not UTF-8"),
    ("huge-file", _huge, "plan.toml", None, "larger than"),
    ("broken-session", _write(b'format = "cluster-facilitator/session/1"\nid = "ses-zzzzzz"\ntitle = \n',
                              "sessions/2026-12-01-joint-diagnosis.toml"),
     "sessions/2026-12-01-joint-diagnosis.toml", 3, "TOML syntax error"),
    ("session-unknown-stakeholder", _write(
        b'format = "cluster-facilitator/session/1"\nid = "ses-zzzzzz"\nworkshop = "vision"\ntitle = "T"\n'
        b'date = 2026-12-01\n\n[[attendance]]\nstakeholder = "stk-nobody"\n',
        "sessions/2026-12-01-vision.toml"), "sessions/2026-12-01-vision.toml", 8, "not a stakeholder"),
    ("kit-unknown-step-kind", _write(
        b'format = "cluster-facilitator/workshop/1"\nid = "mine"\ntitle = { en = "Mine" }\n'
        b'purpose = { en = "Ours" }\n\n[[steps]]\nid = "talk"\nkind = "chat"\nminutes = 10\n',
        "workshops/mine.toml"), "workshops/mine.toml", 8, "check the spelling"),
]


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != ".lock"}


@pytest.mark.parametrize("name,breaker,file,line,words", CORPUS, ids=[c[0] for c in CORPUS])
def test_broken_plan_gives_a_located_message_and_changes_nothing(
        example_plan: Path, capsys: pytest.CaptureFixture[str], name: str, breaker: Callable[[Path], None],
        file: str, line: Callable[[Path], int | None] | int | None, words: str) -> None:
    breaker(example_plan)
    expected_line = line(example_plan) if callable(line) else line
    before = _snapshot(example_plan)

    assert main(["check", str(example_plan)]) == 1
    out = capsys.readouterr()
    text = out.out + out.err
    assert "Traceback" not in text
    located = f"{example_plan / file}:{expected_line}: error:" if expected_line else f"{example_plan / file}"
    hits = [row for row in text.splitlines() if row.startswith(located) and words in row]
    assert hits, f"expected a line starting {located!r} mentioning {words!r}, got:\n{text}"

    assert main(["export", str(example_plan), "-o", str(example_plan.parent / "out.pdf")]) == 1
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err and out.err.strip()
    assert not (example_plan.parent / "out.pdf").exists()
    assert _snapshot(example_plan) == before, "a broken plan must be left byte-identical"


def test_real_process_prints_no_traceback(example_plan: Path) -> None:
    _append("oops = [\n")(example_plan)
    env = dict(os.environ)
    proc = subprocess.run([sys.executable, "-m", "facilitator", "check", str(example_plan)], capture_output=True,
                          text=True, env=env, timeout=60, check=False)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr + proc.stdout
    assert f"plan.toml:{_last_line(example_plan)}: error: TOML syntax error" in proc.stdout + proc.stderr


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["check"])
    assert exc.value.code == 2
    assert "PLAN" in capsys.readouterr().err


def test_missing_folder_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(tmp_path / "nowhere")]) == 1
    out = capsys.readouterr()
    assert "no such plan folder" in out.out + out.err


MUTATIONS = ["nan", "inf", "-inf", "1e400", '"x"', "[]", "{}", "[[1, 2], [3]]", "2026-13-01", "true", "-1",
             "99999999999999999999", '""', "{ a = 1 }", '[{ year = 1 }]', '"a\\u0000b"', "'lit'"]


def test_random_damage_never_crashes_check(example_plan: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Lines deleted, duplicated, cut, swapped or given odd values, in plan.toml and session files: `check`
    always answers 0 or 1 with located lines, never an internal error, and never writes."""
    rng = random.Random(20261122)
    files = [example_plan / "plan.toml", *sorted((example_plan / "sessions").glob("*.toml"))]
    originals = {p: p.read_text(encoding="utf-8") for p in files}
    for _case in range(80):
        target = files[0] if rng.random() < 0.7 else rng.choice(files[1:])
        lines = originals[target].split("\n")
        for _ in range(rng.randint(1, 4)):
            i, how = rng.randrange(len(lines)), rng.random()
            if how < 0.35 and "=" in lines[i]:
                lines[i] = lines[i].split("=")[0] + "= " + rng.choice(MUTATIONS)
            elif how < 0.5:
                del lines[i]
            elif how < 0.65:
                lines.insert(i, lines[rng.randrange(len(lines))])
            elif how < 0.8:
                lines[i] = lines[i][: rng.randrange(len(lines[i]) + 1)]
            else:
                j = rng.randrange(len(lines))
                lines[i], lines[j] = lines[j], lines[i]
        target.write_text("\n".join(lines), encoding="utf-8")
        before = _snapshot(example_plan)
        code = main(["check", str(example_plan)])
        out = capsys.readouterr()
        assert code in (0, 1), out.out + out.err
        assert "internal error" not in out.err and "Traceback" not in out.out + out.err
        assert _snapshot(example_plan) == before
        target.write_text(originals[target], encoding="utf-8")


def test_numbers_out_of_range_are_located_errors(example_plan: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (example_plan / "plan.toml").read_text(encoding="utf-8")
    (example_plan / "plan.toml").write_text(text.replace("baseline = 1.6", "baseline = nan", 1), encoding="utf-8")
    assert main(["check", str(example_plan)]) == 1
    assert "baseline" in capsys.readouterr().out
    (example_plan / "plan.toml").write_text(text.replace("baseline = 1.6", "baseline = 1e300", 1), encoding="utf-8")
    assert main(["check", str(example_plan)]) == 1
    assert "less than or equal" in capsys.readouterr().out


def test_deep_nesting_is_a_located_error(example_plan: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _append("x = " + "[" * 5000 + "]" * 5000 + "\n")(example_plan)
    assert main(["check", str(example_plan)]) == 1
    out = capsys.readouterr()
    assert "plan.toml" in out.out and "internal error" not in out.err
