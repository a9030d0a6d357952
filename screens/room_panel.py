"""The runner's side of the room (`facilitator.room`): phones join the session the runner is on.

`RoomLink` opens the room's web server inside the app's own event loop, on the runner's open session
handle and store: one process, one writer. The room's writer and the runner's `RunnerContext.changed()`
both save that same handle synchronously, between two turns of the loop, so neither can overwrite the
other (each save writes the whole model, which already holds the other's changes).

`RoomDialog` is what the facilitator puts on the wall to let phones in: the QR code of the join address,
the address spelled out, the wall's address, the phones joined, what arrived last, and the moderation of
the current step ("review before showing", approve everything waiting). F6 in it closes the room.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from facilitator.i18n import N_, _, ngettext
from facilitator.model import Moderation
from facilitator.problems import Level, PlanError, Problem
from facilitator.room import moderation, network
from facilitator.room.core import Room
from facilitator.room.web import RoomServer

if TYPE_CHECKING:
    from collections.abc import Callable

    from facilitator.screens.step_base import RunnerContext

HOST: str | None = None
"""The address the room listens on; None: the likeliest LAN address (loopback when there is none)."""
PORT = 8765
"""The port tried first (the one `facilitator room` uses); when taken, any free port."""
RECENT = 6
"""Contributions from phones listed in the dialog, newest first."""


class RoomLink:
    """The room opened from the runner on its session, or none (``room`` is None)."""

    def __init__(self, ctx: RunnerContext, on_change: Callable[[], None]) -> None:
        self.ctx = ctx
        self.on_change = on_change
        self.room: Room | None = None
        self.server: RoomServer | None = None
        self.others: list[str] = []
        """The machine's other addresses (phones on another network reach one of them)."""
        self.addresses: list[str] = []
        """Every address of the machine the room may listen on, in `network.lan_addresses` order."""
        self._labels: dict[str, str] = {}

    @property
    def is_open(self) -> bool:
        return self.room is not None and self.room.is_open

    @property
    def phones(self) -> int:
        return len(self.room.devices) if self.room is not None else 0

    async def open(self, step_id: str) -> None:
        """Listen for phones on ``step_id`` of the runner's session. Refused (`PlanError`, with the reason) on
        a read-only plan, a closed session, or when no port can be had."""
        ctx = self.ctx
        store = ctx.state.store
        if store.read_only:
            raise PlanError(Problem("read-only", Level.error, ctx.handle.rel, store.read_only_reason()))
        if ctx.session.status == "closed":
            raise PlanError(Problem("session-closed", Level.error, ctx.handle.rel,
                                    _("this session is closed; a room opens on a planned or open session")))
        host = HOST
        if host is None:
            addresses = network.lan_addresses()
            host = addresses[0].ip if addresses else "127.0.0.1"
            self.others = [f"{a.ip} ({a.interface})" for a in addresses[1:]]
            self.addresses = [a.ip for a in addresses]
            self._labels = {a.ip: f"{a.ip} ({a.interface})" for a in addresses}
        room = Room(store, ctx.handle, ctx.kit, step_id)
        room.on_change.append(self.on_change)
        last: OSError | None = None
        for port in dict.fromkeys((PORT, 0)):  # the usual port, else any free one
            server = RoomServer(room, host, port)
            try:
                await server.start()
            except OSError as exc:
                last = exc
                continue
            self.room, self.server = room, server
            return
        raise PlanError(Problem("room-port", Level.error, f"{host}:{PORT}", _(
            "cannot listen there: {reason}").format(reason=(last.strerror if last else None) or last)))

    async def next_address(self) -> None:
        """Listen on the machine's next address instead (the phones are on another network: the venue's Wi-Fi
        rather than the laptop's hotspot). Same room, same token: a phone already joined by the other address
        reloads by the new one. Only one address listens at a time."""
        if self.room is None or self.server is None or len(self.addresses) < 2:
            return
        current = self.server.host
        i = self.addresses.index(current) if current in self.addresses else -1
        host = self.addresses[(i + 1) % len(self.addresses)]
        port = self.server.port
        await self.server.stop()
        server = RoomServer(self.room, host, port)
        try:
            await server.start()
        except OSError:
            server = RoomServer(self.room, host, 0)  # that port is taken there: any free one
            await server.start()
        self.server = server
        self.others = [self._labels.get(a, a) for a in self.addresses if a != host]

    async def close(self) -> None:
        """Stop listening: what phones sent and is queued is written first; the token then opens nothing."""
        server, self.server, self.room = self.server, None, None
        if server is not None:
            await server.stop()

    def follow(self, step_id: str) -> None:
        if self.room is not None and self.room.is_open and self.room.step_id != step_id:
            self.room.follow(step_id)

    def status(self) -> Text:
        """The runner's status-line part: phones joined and ideas waiting for approval on this step."""
        out = Text(end="")
        if self.room is None:
            return out
        out.append(" · ")
        out.append(ngettext("{n} phone", "{n} phones", self.phones).format(n=self.phones), style="bold")
        waiting = moderation.waiting(self.ctx.session, self.room.step_id)
        if waiting:
            out.append(" · " + ngettext("{n} waiting", "{n} waiting", waiting).format(n=waiting),
                       style="bold reverse")
        return out


class RoomDialog(ModalScreen[str | None]):
    """The open room, for the wall: QR code, addresses, phones joined, the last contributions, moderation.
    Returns "close" (F6: close the room) or None (Escape: back, the room stays open)."""

    CSS_PATH = "dialogs.tcss"
    DEFAULT_CSS = """
    RoomDialog { align: center middle; background: $background 60%; }
    RoomDialog .dialog { width: 100; max-width: 100%; }
    RoomDialog #room-join { padding: 0; text-style: bold; }
    RoomDialog #room-qr { width: auto; height: auto; }
    RoomDialog #room-side { width: 1fr; height: auto; padding-left: 1; }
    RoomDialog #room-body { height: auto; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", N_("Back"), id="room.back", tooltip=N_("Back to the step; the room stays open")),
        Binding("f6", "close_room", N_("Close the room"), id="room.close",
                tooltip=N_("Stop listening: phones can no longer send (what they sent is kept)")),
        Binding("r", "review", N_("Review"), id="room.review",
                tooltip=N_("Review before showing: this step's ideas from phones wait for your approval")),
        Binding("a", "approve", N_("Approve all"), id="room.approve",
                tooltip=N_("Show every idea of this step that waits for approval")),
        Binding("h", "next_address", N_("Other address"), id="room.address",
                tooltip=N_("Listen on this laptop's next network address (phones on another network)")),
    ]

    def __init__(self, link: RoomLink, on_moderate: Callable[[], bool]) -> None:
        super().__init__()
        self.link = link
        self.on_moderate = on_moderate
        """Saves the session after a moderation change (the runner's `RunnerContext.changed`)."""

    def compose(self) -> ComposeResult:
        server = self.link.server
        join = Text(end="")
        join.append(_("Phones join at") + "  ", style="dim")
        join.append(server.join_url if server else _("The room is closed."))
        with Vertical(classes="dialog"):
            yield Static(join, id="room-join", classes="title")
            with Horizontal(id="room-body"):
                # Light modules as white blocks on black: a QR code scans only dark-on-light, whatever the theme.
                yield Static(Text(self.qr(server.join_url) if server else "", style="#ffffff on #000000",
                                  no_wrap=True, end=""), id="room-qr")
                yield Static(self.side_text(), id="room-side")

    def qr(self, url: str) -> str:
        """The join address's QR code: two modules a line on a small screen, square blocks (easier to scan
        from the back of the room) where the screen has room for them beside the text."""
        size = self.app.size
        big = network.qr_blocks(url)
        lines = big.splitlines()
        if size.height >= len(lines) + 4 and size.width >= len(lines[0]) + 40:
            return big
        return network.qr_text(url).rstrip("\n")

    def on_mount(self) -> None:
        # Wider than the other dialogs (a `.dialog` rule of their stylesheet would otherwise win): the QR code
        # and the text beside it.
        self.query_one(".dialog").styles.width = 120 if self.app.size.width >= 140 else 100
        if self.link.room is not None:
            self.link.room.on_change.append(self.refresh_side)
        self.refresh_side()

    def on_unmount(self) -> None:
        if self.link.room is not None and self.refresh_side in self.link.room.on_change:
            self.link.room.on_change.remove(self.refresh_side)

    def side_text(self) -> Text:
        room, server = self.link.room, self.link.server
        out = Text(end="")
        if room is None or server is None:
            out.append(_("The room is closed."))
            return out
        out.append(_("Wall (a browser on the projector):") + "\n", style="dim")
        out.append(server.wall_url + "\n")
        if self.link.others:
            out.append(_("Other addresses of this laptop: {list}").format(list=", ".join(self.link.others)) + "\n",
                       style="dim")
        out.append("\n")
        out.append(ngettext("{n} phone joined", "{n} phones joined", self.link.phones).format(n=self.link.phones),
                   style="bold")
        session = self.link.ctx.session
        step = room.step_id
        if moderation.reviewed(session, step):
            out.append("\n" + _("Review before showing: on (r turns it off)"), style="bold")
        else:
            out.append("\n" + _("Review before showing: off (r turns it on)"), style="dim")
        waiting = moderation.waiting(session, step)
        if waiting:
            out.append("\n" + ngettext("{n} idea waits for approval (a shows all)",
                                       "{n} ideas wait for approval (a shows all)", waiting).format(n=waiting),
                       style="bold reverse")
        phoned = [c for c in session.contributions if c.device is not None and c.merged_into is None]
        if phoned:
            out.append("\n\n" + _("Last from phones:"), style="dim")
            for note in reversed(phoned[-RECENT:]):
                line = Text("\n• ", end="")
                line.append(note.text.splitlines()[0] if note.text else "")
                if note.moderation == Moderation.waiting:
                    line.append("  " + _("(waiting)"), style="bold")
                elif note.moderation == Moderation.hidden:
                    line.append("  " + _("(hidden)"), style="dim")
                line.truncate(self.side_width(), overflow="ellipsis")
                out.append_text(line)
            if len(phoned) > RECENT:
                out.append("\n" + _("+{n} more").format(n=len(phoned) - RECENT), style="dim")
        out.append("\n\n" + _("F6 closes the room · r review · a approve all · Esc back"), style="dim")
        if len(self.link.addresses) > 1:
            out.append("\n" + _("h: listen on the next address instead"), style="dim")
        return out

    def side_width(self) -> int:
        """Columns beside the QR code (one idea a line, cut with "…")."""
        width = self.query_one("#room-side").content_region.width if self.is_mounted else 0
        return width or max(20, min(100, self.app.size.width) - 46)

    def refresh_side(self) -> None:
        if self.is_mounted:
            self.query_one("#room-side", Static).update(self.side_text())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next_address":  # only where the laptop has another address to offer
            return len(self.link.addresses) > 1
        return True

    async def action_next_address(self) -> None:
        await self.link.next_address()
        await self.recompose()
        self.refresh_side()

    def action_back(self) -> None:
        self.dismiss(None)

    def action_close_room(self) -> None:
        self.dismiss("close")

    def action_review(self) -> None:
        room = self.link.room
        if room is None:
            return
        moderation.set_review(self.link.ctx.session, room.step_id, not moderation.reviewed(
            self.link.ctx.session, room.step_id))
        self.on_moderate()
        self.refresh_side()

    def action_approve(self) -> None:
        room = self.link.room
        if room is None:
            return
        if moderation.approve_all(self.link.ctx.session, room.step_id):
            self.on_moderate()
        self.refresh_side()
