"""`facilitator room`: a session's room served without the terminal app, until ctrl+c (for preparing and
testing a workshop, or collecting ideas before it)."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys
from pathlib import Path

from facilitator import paths
from facilitator.i18n import _
from facilitator.kits import load_kits
from facilitator.model import Kit, Session
from facilitator.problems import Level, PlanError, Problem
from facilitator.room import network
from facilitator.room.core import Room
from facilitator.room.web import RoomServer
from facilitator.store import PlanStore


def default_step(session: Session, kit: Kit) -> str:
    """Where a room opens when no step is named: the runner's current step, else the first brainstorm."""
    if session.current_step and kit.step(session.current_step) is not None:
        return session.current_step
    return next((s.id for s in kit.steps if s.kind == "brainstorm"), kit.steps[0].id)


def open_room(store: PlanStore, session_file: Path, step: str | None) -> Room:
    """A room on ``session_file`` of the open plan (refused: a read-only plan, a file outside its sessions/
    folder, a closed session, a kit or step that does not exist)."""
    if store.read_only:
        raise PlanError(Problem("read-only", Level.error, paths.PLAN_FILE, store.read_only_reason()))
    path = session_file.expanduser().resolve()
    if path.parent != (store.folder / paths.SESSIONS_DIR).resolve() or not path.is_file():
        raise PlanError(Problem("no-session", Level.error, str(session_file), _(
            "not a session file of this plan; give one of {folder}").format(
                folder=store.folder / paths.SESSIONS_DIR)))
    handle = store.open_session(path)
    if handle.model.status == "closed":
        raise PlanError(Problem("session-closed", Level.error, handle.rel, _(
            "this session is closed; a room opens on a planned or open session")))
    kit = load_kits(store.folder).get(handle.model.workshop)
    if kit is None:
        raise PlanError(Problem("unknown-workshop", Level.error, handle.rel, _(
            "the session's workshop kit {kit} is not installed").format(kit=handle.model.workshop)))
    return Room(store, handle, kit, step or default_step(handle.model, kit))


async def serve(plan: Path, session_file: Path, step: str | None = None, host: str | None = None,
                port: int = 8765, stop: asyncio.Event | None = None) -> int:
    """Serve the room until ``stop`` is set or the process gets ctrl+c (SIGINT) or SIGTERM; print the join
    and wall addresses (and the QR code) first. Returns the exit code."""
    stop = stop or asyncio.Event()
    with PlanStore.open(plan) as store:
        room = open_room(store, session_file, step)
        others: list[str] = []
        if host is None:
            addresses = network.lan_addresses()
            host = addresses[0].ip if addresses else "127.0.0.1"
            others = [f"{a.ip} ({a.interface})" for a in addresses[1:]]
        server = RoomServer(room, host, port)
        try:
            await server.start()
        except OSError as exc:
            raise PlanError(Problem("room-port", Level.error, f"{host}:{port}", _(
                "cannot listen there: {reason}; choose another --port or --host").format(
                    reason=exc.strerror or exc))) from None
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):  # Windows: ctrl+c cancels
                loop.add_signal_handler(sig, stop.set)
        try:
            print(f"join: {server.join_url}")
            print(f"wall: {server.wall_url}")
            print(network.qr_text(server.join_url), end="")
            sys.stdout.flush()
            print(_("room open on step {step} of {file}; ctrl+c closes it").format(
                step=room.step_id, file=room.handle.rel), file=sys.stderr)
            if others:
                print(_("other addresses of this machine (choose with --host): {list}").format(
                    list=", ".join(others)), file=sys.stderr)
            await stop.wait()
        finally:
            for sig in (signal.SIGINT, signal.SIGTERM):
                with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                    loop.remove_signal_handler(sig)
            await server.stop()
        print(_("room closed: {n} writes of the session file").format(n=room.saves), file=sys.stderr)
    return 0
