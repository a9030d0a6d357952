"""An open room: its secret token, the phones that joined it, the step it follows, the limits it keeps, and
the one writer that records what phones send through the engine and the store.

No web code here: `facilitator.room.web` turns requests into calls of `Room.submit_idea`, `Room.cast_ballot`,
`Room.rate_drafts`, `Room.score_items`, `Room.check_in` and `Room.nominate`, and the same calls serve the
tests and the runner. Every call queues its engine operation for the writer, which applies the operations
that arrived together, saves the session once (`PlanStore.save_session`: atomic, refused when the file
changed behind the tool's back) and only then answers each of them: "received" means on disk. Each phone form carries a key of its own; a key seen before
is answered with what it recorded then, so a retry over a flaky Wi-Fi never records twice.
"""

from __future__ import annotations

import asyncio
import re
import secrets
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import ValidationError

from facilitator.engine import attendance, capture, matrix, nominations, statements, voting
from facilitator.engine.capture import EngineError
from facilitator.i18n import _
from facilitator.model import FirmSize, Gender, Kit, KitStep, Moderation, Session, StakeholderKind
from facilitator.problems import PlanError
from facilitator.store import PlanStore, TomlFile

T = TypeVar("T")

SUBMISSION = re.compile(r"[A-Za-z0-9_-]{8,64}")
"""A form's key, as the model takes it (`facilitator.model.Submission`)."""
DEVICE = re.compile(r"dev-[a-z2-7]{16}")
"""A phone's id as the room hands it out (`new_device`)."""
BATCH = 24
"""Contributions written together at most: each costs about a millisecond of tomlkit work in the save, and
the loop that runs the room also draws the TUI, which must not wait much over a frame."""
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
"""Control characters but tab and line feed (tabs become spaces): nothing a terminal or a PDF would act on."""


@dataclass(frozen=True)
class Limits:
    """What one room accepts. A workshop of 60 people sending an idea every few seconds is far inside."""

    body_bytes: int = 16 * 1024
    """The largest request body: a form with a long idea and its fields fits many times over."""
    text_chars: int = 1000
    """The longest idea (a sticky note holds a sentence; this is half a page)."""
    field_chars: int = 120
    """The longest name or organisation at check-in."""
    device_burst: int = 40
    """Requests a phone may make at once (a page, its assets, a post and its retries)."""
    device_per_minute: int = 120
    address_burst: int = 800
    """Requests from one address at once: many phones may share one behind a venue's router."""
    address_per_minute: int = 3000
    devices: int = 400
    """Phones that may join one room; beyond, a join is refused (a runaway script cannot fill memory)."""


class Refused(Exception):
    """A request the room does not take, with the message the phone shows next to ``field`` (if any)."""

    def __init__(self, message: str, status: int = 400, field: str | None = None) -> None:
        super().__init__(message)
        self.message, self.status, self.field = message, status, field


class Bucket:
    """A token bucket: ``burst`` requests at once, refilled at ``per_minute``."""

    __slots__ = ("burst", "rate", "stamp", "tokens")

    def __init__(self, burst: int, per_minute: int, at: float) -> None:
        self.burst, self.rate, self.tokens, self.stamp = float(burst), per_minute / 60.0, float(burst), at

    def take(self, at: float) -> bool:
        self.tokens = min(self.burst, self.tokens + (at - self.stamp) * self.rate)
        self.stamp = at
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


class RateLimiter:
    """Buckets by key (a phone's id, an address), forgotten once full again so memory stays small."""

    def __init__(self, burst: int, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.burst, self.per_minute, self.clock = burst, per_minute, clock
        self._buckets: dict[str, Bucket] = {}

    def allow(self, key: str) -> bool:
        at = self.clock()
        bucket = self._buckets.get(key)
        if bucket is None:
            if len(self._buckets) > 10_000:
                self._forget(at)
            bucket = self._buckets[key] = Bucket(self.burst, self.per_minute, at)
        return bucket.take(at)

    def _forget(self, at: float) -> None:
        full = [k for k, b in self._buckets.items() if b.tokens + (at - b.stamp) * b.rate >= b.burst]
        for key in full:
            del self._buckets[key]


def clean_text(text: str, limit: int, field_name: str) -> str:
    """Text from a phone as the room records it: line ends as line feeds, tabs as spaces, other control
    characters dropped, outer blanks trimmed. Longer than ``limit`` characters: refused, not cut (the
    phone keeps what was typed and says how long it may be)."""
    text = CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")).strip()
    if len(text) > limit:
        raise Refused(_("at most {limit} characters, please ({n} now)").format(limit=limit, n=len(text)),
                      field=field_name)
    return text


BASE32 = "abcdefghijklmnopqrstuvwxyz234567"


def new_device() -> str:
    return "dev-" + "".join(secrets.choice(BASE32) for _ in range(16))


def new_token() -> str:
    return "".join(secrets.choice(BASE32) for _ in range(12))


@dataclass
class Received:
    """What a phone's contribution became, once on disk."""

    id: str
    again: bool = False
    """True when the key was seen before: nothing new was written."""


@dataclass
class _Job:
    key: str | None
    operation: Callable[[], Any]
    future: asyncio.Future[Any]


@dataclass
class Room:
    """A room open on one session, following one step of its kit.

    Create it, then `start()` inside the event loop that serves it; `close()` ends it (its token then opens
    nothing: a new room gets a new token)."""

    store: PlanStore
    handle: TomlFile[Session]
    kit: Kit
    step_id: str
    limits: Limits = field(default_factory=Limits)
    token: str = field(default_factory=lambda: new_token())
    """In every URL of the room: 12 random letters and digits (60 bits), never reused; short enough to type
    from the wall, and the rate limits make guessing it hopeless."""
    is_open: bool = False
    version: int = 0
    """Goes up with every change phones or the facilitator make; pages follow it over server-sent events."""
    devices: set[str] = field(default_factory=set)
    """The phones that joined this opening of the room."""
    on_change: list[Callable[[], None]] = field(default_factory=list)
    """Called after each change (the runner refreshes its counts)."""
    join_url: str = ""
    """The address phones join by (the QR code's), once the server listens."""
    answering: dict[str, str] = field(default_factory=dict)
    """On a network step: whom each phone said it answers as (its pick is kept while the room is open,
    never written: the ticks carry the respondent)."""

    def __post_init__(self) -> None:
        if self.kit.step(self.step_id) is None:
            raise PlanError(_("{kit} has no step {step}; its steps: {steps}").format(
                kit=self.kit.id, step=self.step_id, steps=", ".join(s.id for s in self.kit.steps)), self.handle.rel)
        self._seen: dict[str, str] = {}
        """Every form key recorded, on disk or in this opening, and the record it made."""
        for records in (self.session.contributions, self.session.ballots, self.session.checkins):
            for record in records:
                if record.submission:
                    self._seen[record.submission] = record.id
        self._jobs: list[_Job] = []
        self._wake: asyncio.Event | None = None
        self._changed: asyncio.Event | None = None
        self._writer: asyncio.Task[None] | None = None
        self.device_limiter = RateLimiter(self.limits.device_burst, self.limits.device_per_minute)
        self.address_limiter = RateLimiter(self.limits.address_burst, self.limits.address_per_minute)
        self.saves = 0
        """Writes of the session file made by the room (each may carry many contributions)."""

    # --- what the room is on ---------------------------------------------------------------------------

    @property
    def session(self) -> Session:
        return self.handle.model

    @property
    def lang(self) -> str:
        return self.store.plan.language

    @property
    def step(self) -> KitStep:
        step = self.kit.step(self.step_id)
        assert step is not None  # checked when the room opened and by `follow`
        return step

    def follow(self, step_id: str) -> None:
        """The room moves to another step of the kit (the runner's, or the command line's)."""
        if self.kit.step(step_id) is None:
            raise PlanError(_("{kit} has no step {step}").format(kit=self.kit.id, step=step_id), self.handle.rel)
        if step_id != self.step_id:
            self.step_id = step_id
            self.changed()

    # --- life --------------------------------------------------------------------------------------------

    def start(self) -> None:
        """Open the room: its writer runs in the current event loop."""
        self._wake, self._changed = asyncio.Event(), asyncio.Event()
        self._writer = asyncio.get_running_loop().create_task(self._write_loop(), name="room-writer")
        self.is_open = True

    async def close(self) -> None:
        """Close the room: what is queued is written and answered first, then the token opens nothing."""
        self.is_open = False
        if self._writer is not None:
            while self._jobs:
                await asyncio.sleep(0.005)
            self._writer.cancel()
            try:
                await self._writer
            except asyncio.CancelledError:
                pass
            self._writer = None
        self.changed()  # wakes the event streams, which end as the room is closed

    def changed(self) -> None:
        self.version += 1
        if self._changed is not None:
            self._changed.set()
            self._changed = asyncio.Event()
        for callback in self.on_change:
            callback()

    async def wait_change(self, version: int, timeout: float) -> int:
        """Wait until the room's version passes ``version`` (or ``timeout`` seconds); the version then."""
        if self.version == version and self._changed is not None and self.is_open:
            event = self._changed
            try:
                await asyncio.wait_for(event.wait(), timeout)
            except TimeoutError:
                pass
        return self.version

    # --- who may ask -------------------------------------------------------------------------------------

    def join(self, device: str | None) -> str:
        """The phone's id: the one it carries when the room knows it, else a new one (refused when full)."""
        if device is not None and DEVICE.fullmatch(device) and (
                device in self.devices or self._known_device(device)):
            self.devices.add(device)
            return device
        if len(self.devices) >= self.limits.devices:
            raise Refused(_("the room is full; ask the facilitator"), status=503)
        device = new_device()
        self.devices.add(device)
        self.changed()
        return device

    def _known_device(self, device: str) -> bool:
        s = self.session
        return any(r.device == device for records in (s.contributions, s.ballots, s.checkins) for r in records)

    def allow(self, device: str | None, address: str) -> bool:
        """Within the rate limits of this phone and of its address."""
        return self.address_limiter.allow(address) and (device is None or self.device_limiter.allow(device))

    # --- what phones do ------------------------------------------------------------------------------------

    def _open_for_phones(self) -> None:
        if not self.is_open:
            raise Refused(_("the room is closed"), status=404)
        if self.session.status == "closed":
            raise Refused(_("this session is closed; thank you"), status=409)

    def _key(self, key: str | None) -> str | None:
        if key is None or key == "":
            return None
        if not SUBMISSION.fullmatch(key):
            raise Refused(_("this form is damaged; reload the page"))
        return key

    async def submit_idea(self, device: str, step_id: str, text: str, category: str | None = None,
                          key: str | None = None) -> Received:
        """A phone's idea on a brainstorm step, captured as a typed one is (`engine.capture.add`).

        An idea for a brainstorm step the room has left is still taken: every idea is evidence."""
        self._open_for_phones()
        key = self._key(key)
        step = self.kit.step(step_id)
        if step is None or step.kind != "brainstorm":
            raise Refused(_("the room is not collecting ideas now"), status=409)
        text = clean_text(text, self.limits.text_chars, "text")
        if not text:
            raise Refused(_("write your idea first"), field="text")
        if step.categories:
            if category not in step.categories:
                raise Refused(_("choose where your idea goes"), field="category")
        else:
            category = None

        def record() -> str:
            note = capture.add(self.session, step_id, text, category, device=device, submission=key)
            if step_id in self.session.review:  # the facilitator approves it before the room shows it
                note.moderation = Moderation.waiting
            return note.id

        return await self._submit(key, record)

    async def cast_ballot(self, device: str, step_id: str, dots: Mapping[str, int],
                          key: str | None = None) -> Received:
        """A phone spends its dots on the vote the room is on (`engine.voting.cast`); again: it changes its mind."""
        self._open_for_phones()
        key = self._key(key)
        if step_id != self.step_id or self.step.kind != "vote":
            raise Refused(_("this vote is closed"), status=409)
        kept_off = {c.id for c in self.session.contributions if c.moderation is not None}
        if any(count and option in kept_off for option, count in dots.items()):
            # Hidden by the facilitator (or waiting) after the phone loaded its page: not an option any more.
            raise Refused(_("a note you chose is no longer on the wall; reload the page"), status=409)

        def record() -> str:
            return voting.cast(self.session, self.kit, step_id, device, dots, submission=key).id

        return await self._submit(key, record)

    async def rate_drafts(self, device: str, step_id: str, vote: str | None, consent: Mapping[str, int],
                          key: str | None = None) -> Received:
        """A phone's draft vote and consent levels on the statement step the room is on
        (`engine.statements.cast`); again: it changes its mind."""
        self._open_for_phones()
        key = self._key(key)
        if step_id != self.step_id or self.step.kind != "statement":
            raise Refused(_("the room has moved on from these drafts; reload the page"), status=409)
        step = self.step

        def record() -> str:
            return statements.cast(self.session, step, device, vote, consent, submission=key).id

        return await self._submit(key, record)

    async def score_items(self, device: str, step_id: str, scores: Mapping[str, Mapping[str, int]],
                          key: str | None = None) -> Received:
        """A phone's 1-5 scores on the matrix step the room is on (`engine.matrix.cast`); again: it changes
        its mind."""
        self._open_for_phones()
        key = self._key(key)
        if step_id != self.step_id or self.step.kind != "matrix":
            raise Refused(_("the room has moved on from this scoring; reload the page"), status=409)
        kept_off = {c.id for c in self.session.contributions if c.moderation is not None}
        if any(row and item in kept_off for item, row in scores.items()):
            raise Refused(_("a note you scored is no longer on the wall; reload the page"), status=409)
        step = self.step

        def record() -> str:
            return matrix.cast(self.session, step, device, scores, submission=key).id

        return await self._submit(key, record)

    async def check_in(self, device: str, fields: Mapping[str, str], key: str | None = None) -> Received:
        """What a phone says of itself (`engine.attendance.check_in`); every field optional, self-reported."""
        self._open_for_phones()
        key = self._key(key)
        name = clean_text(fields.get("name", ""), self.limits.field_chars, "name").replace("\n", " ")
        organization = clean_text(fields.get("organization", ""), self.limits.field_chars,
                                  "organization").replace("\n", " ")
        choices: dict[str, str | None] = {}
        for name_, allowed in (("kind", StakeholderKind), ("size", FirmSize), ("gender", Gender)):
            value = fields.get(name_, "") or None
            if value is not None and value not in {m.value for m in allowed}:
                raise Refused(_("choose one of the list"), field=name_)
            choices[name_] = value

        def record() -> str:
            return attendance.check_in(self.session, device, name=name, organization=organization,
                                       kind=choices["kind"], size=choices["size"], gender=choices["gender"],
                                       submission=key).id

        return await self._submit(key, record)

    # --- the network step ---------------------------------------------------------------------------------

    def confirmed_as(self, device: str) -> str | None:
        """The stakeholder the facilitator confirmed this phone's check-in as (None: not confirmed)."""
        return next((c.stakeholder for c in self.session.checkins if c.device == device and c.stakeholder), None)

    def may_answer(self, device: str, respondent: str) -> bool:
        """Whether a phone may tick for ``respondent``: someone present (as at the keyboard, the room trusts
        the name picked) or the stakeholder its check-in was confirmed as."""
        return (respondent in {s.id for s in nominations.respondents(self.session, self.store.plan)}
                or respondent == self.confirmed_as(device))

    async def nominate(self, device: str, step_id: str, respondent: str, kind: str, ticked: set[str],
                       shown: set[str], key: str | None = None) -> Received:
        """A phone's ticks for one kind of tie on the network step the room is on (`engine.nominations.toggle`,
        as the keyboard). ``shown``: the partners the page showed ticked; only what the phone changed against
        it is applied (ticked and not shown: tick; shown and not ticked: untick), each only when it is not so
        already. A retry of the same form changes nothing more, and ticks given meanwhile at the keyboard
        for the same respondent are kept."""
        self._open_for_phones()
        key = self._key(key)
        if step_id != self.step_id or self.step.kind != "network":
            raise Refused(_("the room has moved on; reload the page"), status=409)
        step = self.step
        if not self.may_answer(device, respondent):
            raise Refused(_("choose your name in the list"), field="who")
        if kind not in nominations.kinds_of(step):
            raise Refused(_("choose one of the list"), field="kind")
        known = {s.id for s in self.store.plan.stakeholders}
        if not (ticked | shown) <= known:
            raise Refused(_("an actor you ticked is no longer in the list; reload the page"), status=409)
        ticked.discard(respondent)

        def record() -> str:
            now_ticked = nominations.ticked(self.session, step.id, respondent, kind)
            for partner in sorted((ticked - shown) - now_ticked) + sorted((shown - ticked) & now_ticked):
                nominations.toggle(self.session, self.store.plan, step, respondent, partner, kind)
            return respondent

        return await self._submit(key, record)

    # --- the one writer ---------------------------------------------------------------------------------

    async def _submit(self, key: str | None, operation: Callable[[], str]) -> Received:
        if self._writer is None or self._wake is None:
            raise Refused(_("the room is closed"), status=404)
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._jobs.append(_Job(key, operation, future))
        self._wake.set()
        return await future  # type: ignore[no-any-return]

    async def _write_loop(self) -> None:
        assert self._wake is not None
        while True:
            await self._wake.wait()
            self._wake.clear()
            await asyncio.sleep(0)  # the requests that arrived together join this write
            jobs, self._jobs = self._jobs[:BATCH], self._jobs[BATCH:]
            if self._jobs:
                self._wake.set()  # the rest after the loop has drawn a frame and read more requests
            if jobs:
                self._write(jobs)

    def _write(self, jobs: list[_Job]) -> None:
        """Apply ``jobs`` in order, save once, then answer each: nothing is answered "received" before the
        save returns. No await in here: the runner cannot change the session half way through."""
        answers: list[tuple[_Job, Received | BaseException]] = []
        for job in jobs:
            if job.key is not None and job.key in self._seen:
                answers.append((job, Received(self._seen[job.key], again=True)))
                continue
            try:
                made = job.operation()
            except (EngineError, ValidationError, ValueError) as exc:
                answers.append((job, Refused(str(exc) if isinstance(exc, EngineError) else
                                             _("this was not recorded: {reason}").format(reason=exc))))
                continue
            if job.key is not None:
                self._seen[job.key] = made
            answers.append((job, Received(made)))
        try:
            self.store.save_session(self.handle)
        except (PlanError, OSError) as exc:
            # The changes stay in the session, unwritten: the phone's retry (same key) finds them and is
            # answered once a later save succeeds.
            reason = Refused(_("not saved yet, the laptop could not write the session; try again in a moment"),
                             status=503)
            reason.__cause__ = exc
            for job, _answer in answers:
                if not job.future.done():
                    job.future.set_exception(reason)
            return
        self.saves += 1
        for job, answer in answers:
            if job.future.done():  # the phone went away meanwhile
                continue
            if isinstance(answer, BaseException):
                job.future.set_exception(answer)
            else:
                job.future.set_result(answer)
        if any(isinstance(a, Received) and not a.again for _job, a in answers):
            self.changed()
