"""The room on the network: an aiohttp application with the phone page, the wall and nothing else.

Every URL starts with ``/r/TOKEN/``; a wrong or stale token gets 404 and a page with no form. Only what a
participant does exists here (join, check in, send an idea, spend dots, vote and consent on drafts, score a
matrix, tick whom it works with, follow the step): moving the step, moderating and closing are the
runner's, never reachable from the network. Pages are Jinja2 templates of the `facilitator.templates`
package with autoescape on, in the plan's language; their assets are served
from the same package by name from a fixed list. Bodies are limited in size, requests per phone and per
address in rate, and no access log is kept (an address and a phone's id are personal enough).

`RoomServer` runs the application inside the current event loop (the TUI's, or `facilitator room`'s).
"""

from __future__ import annotations

import json
import logging
import secrets
from collections.abc import Awaitable, Callable, Mapping
from functools import cache, lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from aiohttp import web
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from facilitator.i18n import N_, _, format_number, in_language, ngettext
from facilitator.labels import STAKEHOLDER_KINDS, label
from facilitator.room import network, views
from facilitator.room.core import Received, Refused, Room

log = logging.getLogger("facilitator.room")
ROOM = web.AppKey("room", Room)
COOKIE = "room_device"
ASSETS = {"phone.css": "text/css", "wall.css": "text/css", "phone.js": "text/javascript",
          "wall.js": "text/javascript"}
"""The only files the room serves, by name (no path from a request ever reaches the file system)."""
HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                               "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}
"""On every answer: no script or style from anywhere but the room, no framing, nothing cached on a shared phone."""
SIZES = {"micro": N_("Micro (up to 10 people)"), "small": N_("Small (11 to 50)"),
         "medium": N_("Medium (51 to 250)"), "large": N_("Large (over 250)")}
GENDERS = {"f": N_("Woman"), "m": N_("Man"), "x": N_("Other, or rather not say")}
EVENT_PING = 15.0
"""Seconds between keep-alive comments on an event stream (a Wi-Fi access point drops silent connections)."""


def templates_dir() -> Path:
    return Path(str(files("facilitator.templates"))).resolve()


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(templates_dir())), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, extensions=["jinja2.ext.i18n"])
    # Looked up at call time: pages are rendered inside `in_language(plan language)`.
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda message: _(message), ngettext=lambda s, p, n: ngettext(s, p, n), newstyle=True)
    return env


@cache
def asset(name: str) -> bytes:
    return (templates_dir() / "room" / name).read_bytes()


# --- helpers --------------------------------------------------------------------------------------------

def _room(request: web.Request) -> Room:
    """The room, when the request's token is its token and it is open; else 404 with no form."""
    room = request.app[ROOM]
    if not room.is_open or not secrets.compare_digest(request.match_info.get("token", ""), room.token):
        raise _gone(room)
    return room


def _gone(room: Room) -> web.HTTPNotFound:
    with in_language(room.lang):
        body = environment().get_template("room/gone.html").render(
            lang=room.lang, title=_("This room is not open"),
            message=_("The address is wrong, or the facilitator has closed this room. Scan the code on the wall "
                      "again."))
    return web.HTTPNotFound(text=body, content_type="text/html")


def _base(room: Room) -> str:
    return f"/r/{room.token}/"


def _wants_json(request: web.Request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _device(request: web.Request, room: Room) -> tuple[str, bool]:
    """The phone's id and whether it is new (then the answer sets the cookie)."""
    carried = request.cookies.get(COOKIE)
    device = room.join(carried)
    return device, device != carried


def _set_device(response: web.StreamResponse, room: Room, device: str) -> None:
    # Lax, not Strict: a phone arrives from its camera app's link, a navigation from outside the site.
    response.set_cookie(COOKIE, device, path=_base(room), httponly=True, samesite="Lax", max_age=7 * 24 * 3600)


def _render(room: Room, name: str, **context: Any) -> str:
    with in_language(room.lang):
        return environment().get_template(name).render(
            lang=room.lang, base=_base(room), plan_name=room.store.plan.cluster.name, limits=room.limits,
            **context)


def _fields(form: Mapping[str, Any]) -> dict[str, str]:
    """The text fields of a posted form (a file smuggled into a field is dropped)."""
    return {k: v for k, v in form.items() if isinstance(v, str)}


def _timer(view: views.StepView) -> str:
    if view.ends is None:
        return f"{view.minutes:02d}:00"
    from facilitator.engine.clock import now

    left = int((view.ends - now()).total_seconds())
    return ("-" if left < 0 else "") + f"{abs(left) // 60:02d}:{abs(left) % 60:02d}"


def _state(room: Room) -> str:
    with in_language(room.lang):
        joined = ngettext("{n} phone joined", "{n} phones joined", len(room.devices)).format(
            n=format_number(len(room.devices), room.lang))
    return json.dumps({"version": room.version, "step": room.step_id, "open": room.is_open, "joined": joined})


# --- the phone ------------------------------------------------------------------------------------------------

def _phone_page(room: Room, device: str, *, sent: bool = False, error: Refused | None = None,
                typed: Mapping[str, str] | None = None) -> str:
    with in_language(room.lang):
        view = views.build(room.session, room.kit, room.step_id, room.lang, device)
    return _render(room, "room/phone.html", view=view, key=secrets.token_urlsafe(12), sent=sent, error=error,
                   typed=dict(typed or {}), version=room.version,
                   checked_in=any(c.device == device for c in room.session.checkins))


async def phone(request: web.Request) -> web.Response:
    room = _room(request)
    device, new = _device(request, room)
    sent = request.query.get("sent") == "1"
    if room.step.kind == "network":
        text = _network_page(room, device, sent=sent, typed=request.query)
    else:
        text = _phone_page(room, device, sent=sent)
    response = web.Response(text=text, content_type="text/html")
    if new:
        _set_device(response, room, device)
    return response


async def _answer(request: web.Request, room: Room, device: str, new: bool, typed: dict[str, str],
                  attempt: Callable[[], Awaitable[Received]], page: Callable[..., str], back: str) -> web.Response:
    """Run a phone's submission; answer JSON to the page's script, else redirect (sent) or the page again
    with the error next to its field and what was typed kept."""
    try:
        received = await attempt()
    except Refused as refused:
        if _wants_json(request):
            response: web.Response = web.json_response(
                {"ok": False, "message": refused.message, "field": refused.field}, status=refused.status)
        else:
            response = web.Response(text=page(room, device, error=refused, typed=typed), status=refused.status,
                                    content_type="text/html")
    else:
        if _wants_json(request):
            with in_language(room.lang):
                message = _("Received")
            response = web.json_response({"ok": True, "id": received.id, "again": received.again,
                                          "message": message})
        else:
            response = web.Response(status=303, headers={"Location": back})
    if new:
        _set_device(response, room, device)
    return response


async def idea(request: web.Request) -> web.Response:
    room = _room(request)
    device, new = _device(request, room)
    form = _fields(await request.post())
    return await _answer(request, room, device, new, form, lambda: room.submit_idea(
        device, form.get("step", ""), form.get("text", ""), form.get("category") or None, form.get("key")),
        _phone_page, _base(room) + "?sent=1")


async def vote(request: web.Request) -> web.Response:
    room = _room(request)
    device, new = _device(request, room)
    form = _fields(await request.post())

    async def cast() -> Received:
        dots: dict[str, int] = {}
        for name, value in form.items():
            if not name.startswith("dots-"):
                continue
            value = value.strip()
            if value and not (value.isascii() and value.isdigit() and len(value) <= 3):
                raise Refused(_("dots are whole numbers, such as 0, 1 or 2"), field=name)
            dots[name.removeprefix("dots-")] = int(value or 0)
        return await room.cast_ballot(device, form.get("step", ""), dots, form.get("key"))

    return await _answer(request, room, device, new, form, cast, _phone_page, _base(room) + "?sent=1")


# --- the network step ---------------------------------------------------------------------------------------

def _network_page(room: Room, device: str, *, sent: bool = False, error: Refused | None = None,
                  typed: Mapping[str, str] | None = None) -> str:
    """The network step on a phone: pick who you are (or your confirmed check-in), then tick, kind by kind,
    whom you worked with. ``typed``: the phone's choice of ``who`` and ``kind`` (query or posted form)."""
    typed = typed or {}
    who = typed.get("who") or room.answering.get(device) or room.confirmed_as(device)
    if who and room.may_answer(device, who):
        room.answering[device] = who
    with in_language(room.lang):
        view = views.build(room.session, room.kit, room.step_id, room.lang, device)
        net = views.network_phone(room.session, room.store.plan, room.step, who, typed.get("kind"),
                                  room.confirmed_as(device))
    return _render(room, "room/network.html", view=view, net=net, key=secrets.token_urlsafe(12), sent=sent,
                   error=error, version=room.version)


async def nominate(request: web.Request) -> web.Response:
    room = _room(request)
    device, new = _device(request, room)
    posted = await request.post()
    form = _fields(posted)
    ids = {name: {v for v in posted.getall(name, []) if isinstance(v, str)} for name in ("tick", "shown")}
    who, kind = form.get("who", ""), form.get("kind", "")
    back = _base(room) + "?" + urlencode({"who": who, "kind": kind, "sent": "1"})
    return await _answer(request, room, device, new, form, lambda: room.nominate(
        device, form.get("step", ""), who, kind, ids["tick"], ids["shown"], form.get("key")),
        _network_page, back)


# --- statements and the matrix from phones ------------------------------------------------------------------

LEVELS = frozenset("12345")


def _level(form: Mapping[str, str], name: str) -> int | None:
    """A 1-5 chosen in a select of the form (blank: not given); anything else refused next to that field."""
    value = form.get(name, "").strip()
    if not value:
        return None
    if value not in LEVELS:
        raise Refused(_("choose from 1 to 5"), field=name)
    return int(value)


async def statement(request: web.Request) -> web.Response:
    """A phone's vote for a draft (``vote``: its id) and consent levels (``consent-DRAFT``: 1-5 or blank)."""
    room = _room(request)
    device, new = _device(request, room)
    form = _fields(await request.post())

    async def rate() -> Received:
        consent = {name.removeprefix("consent-"): level for name in form if name.startswith("consent-")
                   if (level := _level(form, name)) is not None}
        return await room.rate_drafts(device, form.get("step", ""), form.get("vote") or None, consent,
                                      form.get("key"))

    return await _answer(request, room, device, new, form, rate, _phone_page, _base(room) + "?sent=1")


async def scores(request: web.Request) -> web.Response:
    """A phone's scores on a matrix step: ``score.NOTE.AXIS`` = 1-5 or blank."""
    room = _room(request)
    device, new = _device(request, room)
    form = _fields(await request.post())

    async def score() -> Received:
        given: dict[str, dict[str, int]] = {}
        for name in form:
            parts = name.split(".")
            if len(parts) == 3 and parts[0] == "score" and (level := _level(form, name)) is not None:
                given.setdefault(parts[1], {})[parts[2]] = level
        return await room.score_items(device, form.get("step", ""), given, form.get("key"))

    return await _answer(request, room, device, new, form, score, _phone_page, _base(room) + "?sent=1")


# --- check-in ----------------------------------------------------------------------------------------------------

def _checkin_page(room: Room, device: str, *, error: Refused | None = None,
                  typed: Mapping[str, str] | None = None) -> str:
    if typed is None:
        row = next((c for c in room.session.checkins if c.device == device), None)
        typed = {k: str(v) for k, v in (row.model_dump() if row else {}).items()
                 if k in ("name", "organization", "kind", "size", "gender") and v}
    with in_language(room.lang):
        selects = [
            ("kind", _("You come from"), [(k, label(STAKEHOLDER_KINDS, k)) for k in STAKEHOLDER_KINDS]),
            ("size", _("Firm size (firms only)"), [(k, _(v)) for k, v in SIZES.items()]),
            ("gender", _("Gender"), [(k, _(v)) for k, v in GENDERS.items()]),
        ]
    return _render(room, "room/checkin.html", key=secrets.token_urlsafe(12), error=error, typed=dict(typed),
                   selects=selects)


async def checkin_form(request: web.Request) -> web.Response:
    room = _room(request)
    device, new = _device(request, room)
    response = web.Response(text=_checkin_page(room, device), content_type="text/html")
    if new:
        _set_device(response, room, device)
    return response


async def checkin(request: web.Request) -> web.Response:
    room = _room(request)
    device, new = _device(request, room)
    form = _fields(await request.post())
    return await _answer(request, room, device, new, form, lambda: room.check_in(device, form, form.get("key")),
                         _checkin_page, _base(room) + "?sent=1")


# --- the wall ----------------------------------------------------------------------------------------------------

def _board(room: Room) -> tuple[views.StepView, str]:
    with in_language(room.lang):
        view = views.build(room.session, room.kit, room.step_id, room.lang)
    return view, _timer(view)


async def wall(request: web.Request) -> web.Response:
    room = _room(request)
    view, timer = _board(room)
    join = room.join_url
    return web.Response(text=_render(room, "room/wall.html", view=view, timer=timer, join_url=join,
                                     qr=Markup(network.qr_svg(join)), devices=len(room.devices),
                                     version=room.version), content_type="text/html")


async def board(request: web.Request) -> web.Response:
    room = _room(request)
    view, timer = _board(room)
    return web.Response(text=_render(room, "room/board.html", view=view, timer=timer), content_type="text/html")


async def qr(request: web.Request) -> web.Response:
    room = _room(request)
    return web.Response(text=network.qr_svg(room.join_url), content_type="image/svg+xml")


async def events(request: web.Request) -> web.StreamResponse:
    """Server-sent events: the room's state (its version, step, phones) at once and after every change."""
    room = _room(request)
    response = web.StreamResponse(headers={"Content-Type": "text/event-stream", "X-Accel-Buffering": "no"})
    await response.prepare(request)
    version = -1
    try:
        while True:
            if version != room.version or not room.is_open:
                version = room.version
                await response.write(f"data: {_state(room)}\n\n".encode())
                if not room.is_open:
                    break
            else:
                await response.write(b": ping\n\n")
            await room.wait_change(version, EVENT_PING)
    except (ConnectionResetError, ConnectionError):
        pass
    return response


async def assets(request: web.Request) -> web.Response:
    _room(request)
    name = request.match_info["name"]
    if name not in ASSETS:
        raise web.HTTPNotFound()
    # cached by the phone for the room's life: a slow hotspot should not send them again with every page
    return web.Response(body=asset(name), content_type=ASSETS[name], charset="utf-8",
                        headers={"Cache-Control": "private, max-age=3600"})


# --- the application -----------------------------------------------------------------------------------------

@web.middleware
async def guard(request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
                ) -> web.StreamResponse:
    """Rate limits before anything else, security headers on every answer (errors too)."""
    room = request.app[ROOM]
    if not room.allow(request.cookies.get(COOKIE), request.remote or "?"):
        response: web.StreamResponse = web.Response(status=429, text=_("too many requests; wait a moment"),
                                                    headers={"Retry-After": "5"})
    else:
        try:
            response = await handler(request)
        except web.HTTPException as exc:  # a 404, a redirect, a 413: answered as a plain response
            response = web.Response(status=exc.status, body=exc.body, headers=exc.headers)
        except Exception:  # a bug: logged without the request (no address, no text), answered 500
            log.exception("room: internal error")
            response = web.Response(status=500, text=_("internal error; tell the facilitator"))
    if not response.prepared:
        for key, value in HEADERS.items():
            response.headers.setdefault(key, value)
    return response


def make_app(room: Room) -> web.Application:
    """The room's application: participant routes only."""
    app = web.Application(middlewares=[guard], client_max_size=room.limits.body_bytes)
    app[ROOM] = room
    app.add_routes([
        web.get("/r/{token}/", phone),
        web.post("/r/{token}/idea", idea),
        web.post("/r/{token}/vote", vote),
        web.post("/r/{token}/network", nominate),
        web.post("/r/{token}/statement", statement),
        web.post("/r/{token}/scores", scores),
        web.get("/r/{token}/checkin", checkin_form),
        web.post("/r/{token}/checkin", checkin),
        web.get("/r/{token}/events", events),
        web.get("/r/{token}/wall", wall),
        web.get("/r/{token}/wall/board", board),
        web.get("/r/{token}/qr.svg", qr),
        web.get("/r/{token}/assets/{name}", assets),
    ])
    return app


class RoomServer:
    """The room listening on ``host``:``port`` (0: a free port) inside the running event loop."""

    def __init__(self, room: Room, host: str = "127.0.0.1", port: int = 0) -> None:
        self.room, self.host, self.port = room, host, port
        self.app = make_app(room)
        self._runner: web.AppRunner | None = None

    @property
    def base_url(self) -> str:
        return f"http://{network.public_host(self.host)}:{self.port}/r/{self.room.token}/"

    @property
    def join_url(self) -> str:
        return self.base_url

    @property
    def wall_url(self) -> str:
        return self.base_url + "wall"

    async def start(self) -> None:
        # No access log: it would hold every phone's address and the room's token.
        self._runner = web.AppRunner(self.app, access_log=None, handle_signals=False, shutdown_timeout=2.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        self.room.start()
        try:
            await site.start()
        except OSError:
            await self.stop()
            raise
        sockets = getattr(site._server, "sockets", None)
        if self.port == 0 and sockets:
            self.port = sockets[0].getsockname()[1]
        self.room.join_url = self.join_url  # known once the port is

    async def stop(self) -> None:
        """Close the room (what is queued is written first), then stop listening."""
        await self.room.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
