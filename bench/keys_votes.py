"""Key count: entering 13 dot totals already counted on paper, in wall order (issue 10, third speed target).

A Spanish joint-diagnosis session (UI in Spanish too) with 13 notes on the SWOT and diamond walls and ten
people present; the runner on the "vote on the walls" step, the cursor on the first note. The totals of
`TOTALS` are typed down the column as they are read from the paper: digits, then Enter. Target ≤ 30 keys.

Run on its own: `python bench/keys_votes.py` prints the figure before the change and now, at 80×24 and
160×45. `tests/test_votes.py` runs `scenario` and checks the counts on disk.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

sys.path.insert(0, str(Path(__file__).resolve().parent))
from keycount import Keys, Result, run, settle, until

from facilitator.app import ClusterApp
from facilitator.engine import attendance, capture, sessions
from facilitator.i18n import in_language
from facilitator.kits import load_kits
from facilitator.screens.runner import RunnerScreen
from facilitator.screens.step_vote import VoteView
from facilitator.store import PlanStore

TOTALS = [7, 12, 0, 3, 5, 9, 1, 0, 4, 11, 2, 6, 8]
"""The dots counted on paper, note by note in wall order: two zeros and two two-digit totals."""

NOTES = [("swot", "strength", "Vinos con premios internacionales"), ("swot", "strength", "Paisaje y patrimonio"),
         ("swot", "weakness", "Poca señalización turística"), ("swot", "weakness", "Baja ocupación en invierno"),
         ("swot", "opportunity", "Turismo brasileño en alza"), ("swot", "opportunity", "Ferias de enoturismo"),
         ("swot", "threat", "Competencia de Mendoza"), ("swot", "threat", "Precio del ferry"),
         ("diamond", "factor", "Faltan guías bilingües"), ("diamond", "demand", "Visitantes exigentes"),
         ("diamond", "related", "Pocos proveedores de transporte"), ("diamond", "strategy", "Bodegas no cooperan"),
         ("diamond", "government", "Programa de promoción departamental")]
"""Thirteen notes on the two walls the step votes on (`vote-swot`: the SWOT wall, then the diamond)."""

STEP = "vote-swot"
TARGET = 30

BEFORE = 28
"""Measured on main at 9bb04be (before this change) with this scenario: 15 digits + 13 Enter. Enter set
the typed count and moved down, but did nothing with nothing typed, so a 0 cost two keys ("0", Enter). The
issue's "~100 keys" predates that; the honest figure for these totals was already 28."""


def build(folder: Path) -> tuple[str, Path]:
    """A new Spanish plan in ``folder`` with a joint-diagnosis session: ten people present, `NOTES` on its
    walls. Returns the session's id and file."""
    with PlanStore.create(folder, "Conglomerado de Turismo de Colonia", language="es") as store:
        kit = load_kits(folder).get("joint-diagnosis")
        assert kit is not None
        people = [attendance.newcomer(f"Participante {i}", "Bodega") for i in range(1, 11)]
        handle = sessions.start(store, kit, dt.date(2026, 3, 12), facilitator="Ana", newcomers=people)
        for step, category, text in NOTES:
            capture.add(handle.model, step, text, category)
        store.save_session(handle)
        return handle.model.id, handle.path


async def open_step(app: ClusterApp, pilot: Pilot[Any], session_id: str) -> RunnerScreen:
    """The runner on the vote step (how the facilitator got there is not counted)."""
    await settle(pilot)
    await app.run_action(("app", "run_session", (session_id,)))
    await until(pilot, lambda: isinstance(app.screen, RunnerScreen))
    screen = app.screen
    assert isinstance(screen, RunnerScreen)
    for _ in range(len(screen.ctx.kit.steps)):
        if screen.ctx.session.current_step == STEP:
            break
        await pilot.press("pagedown")
    await until(pilot, lambda: screen.ctx.session.current_step == STEP
                and bool(screen.query(VoteView)) and screen.query_one(VoteView).step.id == STEP)
    return screen


async def type_totals(keys: Keys, totals: list[int]) -> None:
    """The column typed in one go: a total's digits then Enter; a zero (already 0) is Enter alone."""
    for total in totals:
        if total:
            await keys.burst(*str(total))
        await keys.press("enter")


async def enter_totals(folder: Path, size: tuple[int, int]) -> tuple[Result, Path]:
    """The scenario in ``folder`` (kept, so a test can read the session file back). Returns its figures
    and the session file."""
    with in_language("es"):
        session_id, path = build(folder)
        app = ClusterApp(folder)
        async with app.run_test(size=size) as pilot:
            await open_step(app, pilot, session_id)
            keys = Keys(pilot)
            await type_totals(keys, TOTALS)
            await pilot.pause()
    return Result("Dot totals: 13 counted on paper", keys.keys, keys.typed, TARGET, size,
                  notes=[f"before: {BEFORE} keys"]), path


async def scenario(size: tuple[int, int]) -> Result:
    with tempfile.TemporaryDirectory() as tmp:
        home = os.environ.get("CLUSTER_FACILITATOR_HOME")
        os.environ["CLUSTER_FACILITATOR_HOME"] = str(Path(tmp) / "home")  # keep the user's recent plans clean
        try:
            result, _path = await enter_totals(Path(tmp) / "plan", size)
        finally:
            if home is None:
                os.environ.pop("CLUSTER_FACILITATOR_HOME")
            else:
                os.environ["CLUSTER_FACILITATOR_HOME"] = home
        return result


if __name__ == "__main__":
    for size in ((80, 24), (160, 45)):
        result = run(scenario(size))
        print(result.line(), f"  before: {BEFORE} → after: {result.keys}")
