"""Key count: attendance at the door of a joint diagnosis (issue 10), 12 invitees, 2 absent, 2 newcomers.

BEFORE VERSION (today's UI): Tab four times from the kit to the list, space/down through the twelve,
Tab to the newcomer's name, Tab to the organisation, Enter, the second newcomer, ctrl+s.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from keycount import Keys, Result, run, settle, until  # noqa: E402

from facilitator import i18n  # noqa: E402
from facilitator.model import Stakeholder, StakeholderKind  # noqa: E402
from facilitator.store import PlanStore  # noqa: E402

INVITED = [
    ("Ana Pereira", "Bodega Pereira"), ("Bruno Castro", "INIA"), ("Carla Núñez", "Intendencia"),
    ("Diego Acosta", "Bodega Acosta"), ("Elena Ríos", "UTEC"), ("Fernando Silva", "Cooperativa Sur"),
    ("Gabriela Díaz", "Bodega Díaz"), ("Hugo Martínez", "MIEM"), ("Inés Fagúndez", "Bodega Fagúndez"),
    ("Jorge Olivera", "Udelar"), ("Lucía Benítez", "Bodega Benítez"), ("Martín Sosa", "ANII"),
]
ABSENT = ("Fernando Silva", "Jorge Olivera")
NEWCOMERS = [("Sofía Rodríguez", "Bodega Las Piedras"), ("Tomás Ferreira", "Agencia de Desarrollo")]
TARGET = 20


def make_plan(folder: Path) -> Path:
    """A fresh Spanish plan with the twelve invitees as stakeholders, no session yet."""
    with PlanStore.create(folder, "Clúster Vitivinícola", language="es") as store:
        store.plan.stakeholders = [
            Stakeholder(id=f"stk-{i:02d}", name=name, organization=org,
                        kind=StakeholderKind.firm if org.startswith("Bodega") else StakeholderKind.government)
            for i, (name, org) in enumerate(INVITED, 1)]
        store.save_plan()
        return store.folder


async def scenario(size: tuple[int, int]) -> Result:
    from facilitator.app import ClusterApp
    from facilitator.screens.runner import RunnerScreen

    i18n.set_language("es")
    try:
        with tempfile.TemporaryDirectory() as tmp:
            folder = make_plan(Path(tmp) / "plan")
            app = ClusterApp(folder)
            async with app.run_test(size=size) as pilot:
                await settle(pilot)
                keys = Keys(pilot)
                await keys.press("n")
                await until(pilot, lambda: app.screen.id != "_default" and bool(app.screen.query("#ns-people")))
                await keys.press("tab", "tab", "tab", "tab")  # date, venue, facilitator, the list
                for i, (name, _org) in enumerate(INVITED):
                    if name not in ABSENT:
                        await keys.press("space")
                    if i < len(INVITED) - 1:
                        await keys.press("down")
                await keys.press("tab")  # the newcomer's name
                for name, org in NEWCOMERS:
                    await keys.text(name)
                    await keys.press("tab")
                    await keys.text(org)
                    await keys.press("enter")
                await keys.press("ctrl+s")
                await until(pilot, lambda: isinstance(app.screen, RunnerScreen))
            return Result("Attendance: 12 invited, 2 absent, 2 newcomers", keys.keys, keys.typed, TARGET, size)
    finally:
        i18n.set_language("en")


if __name__ == "__main__":
    for size in ((80, 24), (160, 45)):
        print(run(scenario(size)).line())
