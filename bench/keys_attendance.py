"""Key count: attendance at the door of a joint diagnosis (issue 10, first speed target).

Twelve invitees in a Spanish plan, ten come, two do not, two newcomers give their name and organisation;
the session starts. Target: ≤ 20 keys plus the newcomers' names and organisations.

The keys (`take_attendance`, also run by tests/test_attendance.py against the files written): `n` opens
the new-session screen with the list focused, ctrl+a marks everyone present, a few letters find each
absent invitee and space unmarks them, ctrl+n opens the newcomer form, Enter goes from name to
organisation and adds, ctrl+s starts (a newcomer still typed in the form is added, not dropped).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from keycount import Keys, Result, run, settle, until

from facilitator import i18n
from facilitator.model import Stakeholder, StakeholderKind
from facilitator.store import PlanStore

INVITED = [
    ("Ana Pereira", "Bodega Pereira"), ("Bruno Castro", "INIA"), ("Carla Núñez", "Intendencia"),
    ("Diego Acosta", "Bodega Acosta"), ("Elena Ríos", "UTEC"), ("Fernando Silva", "Cooperativa Sur"),
    ("Gabriela Díaz", "Bodega Díaz"), ("Hugo Martínez", "MIEM"), ("Inés Fagúndez", "Bodega Fagúndez"),
    ("Jorge Olivera", "Udelar"), ("Lucía Benítez", "Bodega Benítez"), ("Martín Sosa", "ANII"),
]
ABSENT = {"Fernando Silva": "fer", "Jorge Olivera": "jor"}
"""Who does not come, and the letters the facilitator types to find them."""
NEWCOMERS = [("Sofía Rodríguez", "Bodega Las Piedras"), ("Tomás Ferreira", "Agencia de Desarrollo")]
TARGET = 20
BEFORE = 32
"""Keys on the new-session screen before this change, measured by this file's first commit ("bench:
attendance key count on today's new-session screen") on that commit's UI, 80×24 and 160×45 alike: n,
Tab ×4 from the kit to the list, space and down through the twelve (10 + 11), Tab to the newcomer's
name, Tab and Enter for each newcomer (4), ctrl+s. Absent invitees were not recorded at all."""


def make_plan(folder: Path) -> Path:
    """A fresh Spanish plan with the twelve invitees as stakeholders, no session yet."""
    with PlanStore.create(folder, "Clúster Vitivinícola", language="es") as store:
        store.plan.stakeholders = [
            Stakeholder(id=f"stk-{i:02d}", name=name, organization=org,
                        kind=StakeholderKind.firm if org.startswith("Bodega") else StakeholderKind.government)
            for i, (name, org) in enumerate(INVITED, 1)]
        store.save_plan()
        return store.folder


async def take_attendance(keys: Keys, app: Any) -> None:
    """From the dashboard to the runner: the facilitator's keys (and the newcomers' dictated details)."""
    from facilitator.screens.new_session import NewSessionScreen
    from facilitator.screens.runner import RunnerScreen

    await keys.press("n")
    await until(keys.pilot, lambda: isinstance(app.screen, NewSessionScreen))
    await keys.press("ctrl+a")  # everyone present
    for letters in ABSENT.values():
        await keys.search(letters)  # letters search, they never mark
        await keys.press("space")  # the one found: absent
    await keys.press("ctrl+n")
    for i, (name, org) in enumerate(NEWCOMERS):
        await keys.text(name)
        await keys.press("enter")  # on to the organisation
        await keys.text(org)
        if i < len(NEWCOMERS) - 1:
            await keys.press("enter")  # added; the name field again for the next one
    await keys.press("ctrl+s")  # starts, with the newcomer still in the form
    await until(keys.pilot, lambda: isinstance(app.screen, RunnerScreen))


async def scenario(size: tuple[int, int]) -> Result:
    from facilitator.app import ClusterApp

    i18n.set_language("es")
    try:
        with tempfile.TemporaryDirectory() as tmp:
            app = ClusterApp(make_plan(Path(tmp) / "plan"))
            async with app.run_test(size=size) as pilot:
                await settle(pilot)
                keys = Keys(pilot)
                await take_attendance(keys, app)
            return Result("Attendance: 12 invited, 2 absent, 2 newcomers", keys.keys, keys.typed, TARGET, size,
                          notes=[f"before: {BEFORE} keys"])
    finally:
        i18n.set_language("en")


if __name__ == "__main__":
    for size in ((80, 24), (160, 45)):
        result = run(scenario(size))
        print(f"{result.line()}  before → after: {BEFORE} → {result.keys}")
