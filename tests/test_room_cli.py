"""`facilitator session new` and `facilitator room`: a session made headless, its room served on loopback
until ctrl+c, an idea sent to the printed join address landing in the session file."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import tomllib
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest

from facilitator.cli import main
from facilitator.store import PlanStore


@pytest.fixture
def spanish_plan(tmp_path: Path) -> Path:
    with PlanStore.create(tmp_path / "plan", "Cluster del Vino", language="es") as store:
        return store.folder


def test_session_new_prints_the_session_file(spanish_plan: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["session", "new", str(spanish_plan), "joint-diagnosis", "--date", "2026-03-12",
                 "--venue", "Colonia"]) == 0
    path = Path(capsys.readouterr().out.strip())
    assert path.parent == spanish_plan / "sessions" and path.name == "2026-03-12-joint-diagnosis.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["workshop"] == "joint-diagnosis" and data["venue"] == "Colonia"
    assert data["title"] == "Diagnóstico participativo"  # in the plan's language
    assert main(["session", "new", str(spanish_plan), "nope"]) == 1
    assert "joint-diagnosis" in capsys.readouterr().err  # the kits are listed
    assert main(["session", "new", str(spanish_plan), "vision", "--date", "2026-02-30"]) == 2
    assert "2026-02-30" in capsys.readouterr().err
    assert len(list((spanish_plan / "sessions").glob("*.toml"))) == 1


def test_room_refuses_what_it_cannot_serve(spanish_plan: Path, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    stray = tmp_path / "stray.toml"
    stray.write_text("", encoding="utf-8")
    assert main(["room", str(spanish_plan), "--session", str(stray), "--host", "127.0.0.1", "--port", "0"]) == 1
    assert "not a session file of this plan" in capsys.readouterr().err
    main(["session", "new", str(spanish_plan), "joint-diagnosis"])
    session = capsys.readouterr().out.strip()
    assert main(["room", str(spanish_plan), "--session", session, "--step", "nope", "--host", "127.0.0.1",
                 "--port", "0"]) == 1
    assert "swot" in capsys.readouterr().err  # the kit's steps are listed


def test_room_serves_until_ctrl_c_and_the_idea_is_on_disk(spanish_plan: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    main(["session", "new", str(spanish_plan), "joint-diagnosis", "--date", "2026-03-12"])
    session = Path(capsys.readouterr().out.strip())
    env = {**os.environ, "FACILITATOR_UI_LANG": "en"}
    proc = subprocess.Popen([sys.executable, "-m", "facilitator", "room", str(spanish_plan), "--session",
                             str(session), "--host", "127.0.0.1", "--port", "0"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert proc.stdout is not None
        join = proc.stdout.readline().strip()
        wall = proc.stdout.readline().strip()
        assert re.fullmatch(r"join: http://127\.0\.0\.1:\d+/r/[a-z2-7]{12}/", join), join
        assert wall == join.replace("join: ", "wall: ") + "wall"
        url = join.split(" ", 1)[1]
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        page = opener.open(url, timeout=10).read().decode()
        key = re.search(r'name="key" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
        sent = urllib.parse.urlencode({"key": key, "step": "swot", "text": "Rutas del vino", "category": "opportunity"})
        answer = opener.open(url + "idea", sent.encode(), timeout=10)
        assert answer.status == 200 and "Rutas del vino" in answer.read().decode()  # redirected to the page
    finally:
        proc.send_signal(signal.SIGINT)
        _out, err = proc.communicate(timeout=20)
    assert proc.returncode == 0, err
    assert "room closed" in err and "Traceback" not in err
    notes = tomllib.loads(session.read_text(encoding="utf-8"))["contributions"]
    assert [(n["text"], n["category"]) for n in notes] == [("Rutas del vino", "opportunity")]
    with PlanStore.open(spanish_plan) as store:  # the lock was released
        assert not store.read_only
