"""The storage facade: open or create a plan folder, its sessions and kits; lock; save safely.

Every screen and CLI command reads and writes plan folders through `PlanStore`. It keeps one tomlkit
document per open file (parsed once), validates it into the model, and on save patches the document
from the model, checks that nobody changed the file since it was read, and writes atomically.
A second instance gets the plan read-only, with a message naming who holds it.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, Self, TypeVar

import tomlkit
from filelock import FileLock, Timeout
from pydantic import BaseModel, ValidationError

from facilitator import migrate, paths, tomlio
from facilitator.financing import lines_funding
from facilitator.i18n import _
from facilitator.model import PLAN_FORMAT, Action, Cluster, Plan, Revision, Session
from facilitator.problems import ChangedOnDiskError, Level, LockedError, PlanError, Problem

M = TypeVar("M", bound=BaseModel)


def _rel(folder: Path, path: Path) -> str:
    try:
        return str(path.relative_to(folder))
    except ValueError:
        return str(path)


# --- links out of the plan folder ------------------------------------------------------------------------------
#
# A plan folder travels (e-mail, sync, git, PDF): a symbolic link in it that leads outside, such as
# `history/plan-r98.toml -> /etc/passwd`, would make the tool read, show and embed in the PDF a file that is
# not the plan's. Such links are never followed: the listings below leave them out, the export refuses the
# plan, and `facilitator check` reports each one (check id `outside-link`). Links that stay inside the
# folder are fine.

LINKED_DIRS = (paths.SESSIONS_DIR, paths.HISTORY_DIR, paths.WORKSHOPS_DIR, paths.EXPORTS_DIR)
"""The sub-folders whose entries are checked for links out of the plan folder (with plan.toml)."""


def leads_outside(folder: Path, path: Path) -> bool:
    """Whether ``path`` (inside ``folder``) is reached through a link that leads out of ``folder``."""
    try:
        return not path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):  # a link loop
        return True


def data_files(folder: Path, sub: str) -> list[Path]:
    """The ``*.toml`` files of ``folder/sub`` that may be read, sorted: links out of the plan folder (and
    everything in a sub-folder that is one) left out."""
    where = folder / sub
    if not where.is_dir() or leads_outside(folder, where):
        return []
    return [p for p in sorted(where.glob("*.toml")) if not leads_outside(folder, p)]


def outside_links(folder: Path) -> list[tuple[str, str]]:
    """Every link of the plan folder that leads out of it, as (relative path, where it leads): plan.toml,
    the sub-folders of `LINKED_DIRS` themselves, and their entries."""
    found = []
    candidates = [folder / paths.PLAN_FILE]
    for sub in LINKED_DIRS:
        where = folder / sub
        if where.is_symlink() and leads_outside(folder, where):
            candidates.append(where)
        elif where.is_dir():
            candidates += sorted(where.iterdir())
    for path in candidates:
        if path.is_symlink() and leads_outside(folder, path):
            try:
                target = str(path.resolve())
            except (OSError, RuntimeError):
                target = os.readlink(path)
            found.append((path.relative_to(folder).as_posix(), target))
    return found


def load_model(path: Path, model: type[M], kind: str, rel: str) -> tuple[M, dict[str, Any], str]:
    """Read, parse (tomllib), check the format and validate one file; no editing document kept.

    Returns the model, the plain data and the text. Older formats are migrated in memory only.
    """
    text, _data = tomlio.read_text(path, rel)
    data = tomlio.parse_plain(text, rel)
    version = migrate.format_version(data, kind, rel)
    if version < migrate.CURRENT[kind]:
        doc = tomlio.parse_document(text, rel)
        migrate.migrate(doc, kind, version)
        data = doc.unwrap()
    try:
        return model.model_validate(data), data, text
    except ValidationError as exc:
        raise PlanError(tomlio.validation_problems(exc, data, text, rel)) from None


class TomlFile(Generic[M]):
    """One open, editable file: its validated model, its on-disk stamp and (parsed when first needed)
    its tomlkit document.

    Opening validates what the fast standard parser read; the slower tomlkit parse, needed only to write,
    waits for the first save, so showing a plan costs no tomlkit time.
    """

    def __init__(self, path: Path, rel: str, model: M, stamp: tomlio.Stamp, kind: str, text: str,
                 doc: tomlkit.TOMLDocument | None = None, migrated_from: int | None = None) -> None:
        self.path, self.rel, self.model, self.stamp, self.kind = path, rel, model, stamp, kind
        self.text: str | None = None if migrated_from is not None else text
        """The file's text as last read or written (what `stamp` describes); None after a migration."""
        self.migrated_from = migrated_from
        self.unwritten = migrated_from is not None
        """True while the document holds changes that did not reach the disk (a failed or refused write)."""
        self.synced: dict[str, Any] | None = model.model_dump()
        """The model as last written into the document (a `model_dump`), so a save patches only changes."""
        self._doc = doc
        self._source = text
        self._removed: dict[str, Any] = {}
        """The tables of records removed from the document, by id, so that putting one back (an undo)
        restores it as it was written."""

    @property
    def doc(self) -> tomlkit.TOMLDocument:
        if self._doc is None:
            self._doc = tomlio.parse_document(self._source, self.rel)
        return self._doc

    @classmethod
    def open(cls, path: Path, model: type[M], kind: str, rel: str) -> TomlFile[M]:
        text, raw = tomlio.read_text(path, rel)
        data = tomlio.parse_plain(text, rel)
        version = migrate.format_version(data, kind, rel)
        doc, migrated = None, None
        if version < migrate.CURRENT[kind]:
            doc = tomlio.parse_document(text, rel)
            migrate.migrate(doc, kind, version)
            data = doc.unwrap()
            migrated = version
        try:
            validated = model.model_validate(data)
        except ValidationError as exc:
            raise PlanError(tomlio.validation_problems(exc, data, text, rel)) from None
        return cls(path, rel, validated, tomlio.stamp_of(path, raw), kind, text, doc, migrated)

    def changed_on_disk(self) -> bool:
        return tomlio.changed_since(self.path, self.stamp)

    def save(self, before_write: Callable[[bytes], None] | None = None) -> bool:
        """Patch the document from the model and write it if anything changed. Returns True if written.

        Refuses (ChangedOnDiskError) when the file changed since it was read: the outside change wins
        until the user reloads. ``before_write`` is called with the bytes about to be written, once the
        file is known to be unchanged on disk (a revision writes its snapshot there, before plan.toml); if it
        raises, the file is not written.
        """
        now = self.model.model_dump()
        if now == self.synced and not self.unwritten:
            return False  # nothing changed since the last write: no render, no disk access
        text = None
        grown = tomlio.appended_only(self.synced, now)
        if grown and any(r.get("id") in self._removed for key, n in grown.items() for r in now[key][n:]
                         if isinstance(r, dict)):
            grown = None  # a removed record put back: patch the document, which still has its table
        if grown and self.text is not None:
            # Capture fast path: new notes appended to a list are spliced into the text as written,
            # instead of re-rendering (and re-reading) the whole file.
            text = tomlio.append_records(self.doc, self.text, self.model, grown, self.rel)
        if text is None:
            tomlio.patch(self.doc, self.model, self.synced, now, self._removed)
            text = tomlio.render(self.doc, self.rel)
        self.synced = now  # the document now holds the model, whether or not the write below succeeds
        self.unwritten = True
        data = text.encode("utf-8")
        if self.changed_on_disk():
            raise ChangedOnDiskError(Problem("changed-on-disk", Level.error, self.rel, _(
                "the file was changed outside the tool since it was opened; your change was not written — "
                "reload the plan to see the other change (your edit is kept on screen)")))
        if before_write is not None:
            before_write(data)
        if data == _current_bytes(self.path):
            self.unwritten = False
            return False
        if self.migrated_from is not None:
            backup = self.path.with_name(f"{self.path.name}.bak-v{self.migrated_from}")
            if not backup.exists():
                tomlio.atomic_write(backup, self.path.read_bytes(), backup.name)
            self.migrated_from = None
        tomlio.atomic_write(self.path, data, self.rel)
        self.stamp = tomlio.stamp_of(self.path, data)
        self.text = text
        self.unwritten = False
        return True


def _unfinished(snapshot: Path, number: int, plan_text: str | None) -> bool:
    """Whether ``snapshot`` is what a revision killed between its two writes left: exactly the plan as it is
    now, plus revision ``number``. Taking it over loses nothing; any other file there is kept."""
    if plan_text is None or snapshot.is_symlink():
        return False
    try:
        data = tomlio.parse_plain(tomlio.read_text(snapshot, snapshot.name)[0], snapshot.name)
        plan = tomlio.parse_plain(plan_text, paths.PLAN_FILE)
    except PlanError:
        return False
    revisions = data.get("revisions")
    if data.get("revision") != number or not isinstance(revisions, list) or not revisions or not isinstance(
            revisions[-1], dict) or revisions[-1].get("number") != number:
        return False
    data["revisions"] = revisions[:-1]
    if not data["revisions"] and "revisions" not in plan:
        del data["revisions"]
    data["revision"] = number - 1
    if number == 1 and "revision" not in plan:
        del data["revision"]
    return data == plan


def _current_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


@dataclass
class SessionSummary:
    """What the dashboard needs to know of a session file without opening it for editing."""

    path: Path
    rel: str
    session: Session | None
    problems: list[Problem] = field(default_factory=list)


def _follow_budget_lines(target: BaseModel, before: BaseModel, changes: dict[str, Any]) -> None:
    """Make the funding of each action whose budget lines an edit changed their total by source: an action
    with a financing plan is funded by its lines (docs/decisions.md, "The financing plan"). Actions the edit
    did not touch are left as they are, so a hand edit that made them differ is still reported by `check`."""
    if isinstance(target, Action):
        touched = [target] if {"budget_lines", "funding"} & changes.keys() else []
    elif isinstance(target, Plan) and isinstance(before, Plan) and "actions" in changes:
        lines_before = {a.id: a.budget_lines for a in before.actions}
        touched = [a for a in target.actions if a.budget_lines != lines_before.get(a.id, [])]
    else:
        touched = []
    for action in touched:
        if action.budget_lines:
            action.funding = lines_funding(action.budget_lines, action.funding)


class PlanStore:
    """An open plan folder. Use `PlanStore.open` or `PlanStore.create`; call `close` when done."""

    def __init__(self, folder: Path, plan_file: TomlFile[Plan], read_only: bool, holder: str | None,
                 lock: FileLock | None) -> None:
        self.folder = folder
        self._plan_file = plan_file
        self.read_only = read_only
        self.holder = holder
        """Who holds the plan when this instance is read-only (``host pid since``)."""
        self._lock = lock
        self.unwritable = False
        """True when the plan is read-only because its folder is not writable (no one holds it)."""
        self._sessions: dict[Path, TomlFile[Session]] = {}

    # --- opening ----------------------------------------------------------------------------------------

    @classmethod
    def open(cls, folder: str | Path, *, read_only: bool = False) -> PlanStore:
        """Open an existing plan folder; raises PlanError with located problems if plan.toml is bad."""
        folder = Path(folder).expanduser().resolve()
        plan_path = folder / paths.PLAN_FILE
        if not folder.is_dir():
            raise PlanError(Problem("no-plan", Level.error, str(folder), _(
                "no such plan folder; create one with: facilitator new {folder} --name NAME").format(folder=folder)))
        if not plan_path.exists():
            raise PlanError(Problem("no-plan", Level.error, str(folder), _(
                "this folder has no plan.toml; create a plan with: facilitator new FOLDER --name NAME")))
        plan_file = TomlFile.open(plan_path, Plan, "plan", paths.PLAN_FILE)
        lock, holder = (None, None) if read_only else _acquire(folder)
        store = cls(folder, plan_file, read_only or lock is None, holder, lock)
        store.unwritable = not read_only and lock is None and holder is None
        if lock is not None:
            _remove_stale_temp_files(folder)
        return store

    @classmethod
    def create(cls, folder: str | Path, name: str, language: str = "en") -> PlanStore:
        """Create a new plan folder with a minimal plan.toml; refuses a folder that already holds a plan."""
        folder = Path(folder).expanduser().resolve()
        if (folder / paths.PLAN_FILE).exists():
            raise PlanError(Problem("plan-exists", Level.error, str(folder / paths.PLAN_FILE), _(
                "a plan already exists here; open it instead, or choose another folder")))
        try:
            plan = Plan(language=language, cluster=Cluster(name=name))
        except ValidationError as exc:
            raise PlanError(tomlio.validation_problems(exc, {"cluster": {"name": name}}, "", paths.PLAN_FILE)) \
                from None
        created: list[Path] = []  # what this call made, removed again if any step fails
        try:
            subs = [folder / sub for sub in (paths.SESSIONS_DIR, paths.HISTORY_DIR, paths.WORKSHOPS_DIR,
                                             paths.EXPORTS_DIR)]
            created += [d for d in (*reversed(folder.parents), folder, *subs) if not d.exists()]
            for sub in (folder, *subs):
                sub.mkdir(parents=True, exist_ok=True)
            doc = tomlkit.document()
            doc.add(tomlkit.comment("Cluster competitiveness plan, written by Cluster Facilitator."))
            doc.add(tomlkit.comment("You may edit this file by hand: comments and layout are kept."))
            doc["format"] = PLAN_FORMAT
            doc["language"] = plan.language
            doc["revision"] = 0
            doc["cluster"] = tomlkit.table()
            doc["cluster"]["name"] = name
            text = tomlio.render(doc, paths.PLAN_FILE)
            tomlio.atomic_write(folder / paths.PLAN_FILE, text.encode(), paths.PLAN_FILE)
            created.append(folder / paths.PLAN_FILE)
            gitignore = folder / ".gitignore"
            if not gitignore.exists():
                tomlio.atomic_write(gitignore, f"{paths.LOCK_FILE}\n*.tmp\n".encode(), ".gitignore")
                created.append(gitignore)
        except (OSError, PlanError) as exc:
            # A plan folder is created whole or not at all: a half one (folders and no plan.toml) would
            # be mistaken for a plan and refused by the next `new`.
            for path in reversed(created):
                try:
                    path.unlink() if path.is_file() else path.rmdir()
                except OSError:
                    pass
            if isinstance(exc, PlanError):
                raise PlanError([*exc.problems, Problem("write-failed", Level.error, str(folder), _(
                    "the plan was not created; nothing was created"))]) from None
            raise PlanError(Problem("write-failed", Level.error, str(folder), _(
                "could not create the folder: {reason}; nothing was created").format(
                    reason=exc.strerror or exc))) from None
        return cls.open(folder)

    def close(self) -> None:
        if self._lock is not None:
            try:
                (self.folder / paths.LOCK_FILE).write_text("")
            except OSError:
                pass
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- the plan -------------------------------------------------------------------------------------

    @property
    def plan(self) -> Plan:
        return self._plan_file.model

    @property
    def plan_path(self) -> Path:
        return self._plan_file.path

    def read_only_reason(self) -> str:
        """Why this plan cannot be edited here, in one sentence (empty when it can)."""
        if not self.read_only:
            return ""
        if self.unwritable:
            return _("the plan folder is not writable (read-only media, or no permission), so the plan is open "
                     "read-only; copy it to a folder of yours to edit it")
        who = self.holder or _("another window")
        return _("the plan is open read-only (held by {who}); close it there to edit here").format(who=who)

    def _writable(self) -> None:
        if self.read_only:
            raise LockedError(Problem("read-only", Level.error, paths.PLAN_FILE, self.read_only_reason()))

    def save_plan(self) -> bool:
        """Write the current plan model to plan.toml (only the changed lines). True if the file changed."""
        self._writable()
        return self._plan_file.save()

    def changed_on_disk(self) -> bool:
        return self._plan_file.changed_on_disk()

    def reload(self) -> None:
        """Re-read plan.toml from disk, dropping unsaved model changes."""
        self._plan_file = TomlFile.open(self._plan_file.path, Plan, "plan", paths.PLAN_FILE)

    def update_plan(self, changes: dict[str, Any], target: BaseModel | None = None) -> None:
        """Apply ``changes`` to ``target`` (default: the plan) all-or-nothing, validated, then save.

        Raises PlanError naming the first invalid field; the model is then left as it was.
        """
        self._writable()
        target = target if target is not None else self.plan
        before = target.model_copy(deep=True)
        try:
            for key, value in changes.items():
                setattr(target, key, value)
            _follow_budget_lines(target, before, changes)
        except ValidationError as exc:
            for key in type(target).model_fields:
                object.__setattr__(target, key, getattr(before, key))
            raise PlanError(tomlio.validation_problems(exc, changes, "", paths.PLAN_FILE)) from None
        self.save_plan()

    def record_revision(self, summary: str, session_id: str | None = None,
                        date: dt.date | None = None) -> Revision:
        """Record a new plan revision: its snapshot history/plan-rN.toml first, then plan.toml.

        All or nothing: if either write fails the snapshot is taken back and the revision leaves the model,
        so plan.toml never names a revision without its snapshot. A process killed between the two writes
        leaves only the snapshot, which the next revision recognises and takes over (`_unfinished`).
        """
        self._writable()
        number = self.plan.revision + 1
        snapshot = paths.history_file(self.folder, number)
        rel = _rel(self.folder, snapshot)
        on_disk = self._plan_file.text  # plan.toml as it is (the save below refuses if it changed)
        written = False

        def write_snapshot(data: bytes) -> None:
            nonlocal written
            if (snapshot.exists() or snapshot.is_symlink()) and not _unfinished(snapshot, number, on_disk):
                # a snapshot the plan does not know of: never write over it
                raise PlanError(Problem("snapshot-exists", Level.error, rel, _(
                    "a snapshot of revision {n} already exists, but plan.toml says the last revision is {last}; "
                    "move that file out of history/ or set `revision` in plan.toml — nothing was written").format(
                        n=number, last=number - 1)))
            try:
                snapshot.parent.mkdir(exist_ok=True)
            except OSError as exc:
                raise PlanError(Problem("write-failed", Level.error, rel, _(
                    "could not create the history/ folder: {reason}; nothing was written").format(
                        reason=exc.strerror or exc))) from None
            tomlio.atomic_write(snapshot, data, rel)
            written = True

        revision = Revision(number=number, date=date or dt.date.today(), session=session_id, summary=summary)
        before = (self.plan.revisions, self.plan.revision)
        self.plan.revisions = [*self.plan.revisions, revision]
        self.plan.revision = number
        try:
            self._plan_file.save(before_write=write_snapshot)
        except BaseException:  # not written (changed on disk, disk full): no half-recorded revision stays
            self.plan.revisions, self.plan.revision = before
            if written:
                try:
                    snapshot.unlink()
                except OSError:
                    pass
            raise
        return revision

    # --- sessions -------------------------------------------------------------------------------------

    def session_paths(self) -> list[Path]:
        """The session files (links out of the plan folder left out: `check` reports them)."""
        return data_files(self.folder, paths.SESSIONS_DIR)

    def session_summaries(self) -> list[SessionSummary]:
        """Every session file, read with the fast standard parser; broken files carry their problems."""
        out = []
        for path in self.session_paths():
            rel = _rel(self.folder, path)
            try:
                session, _data, _text = load_model(path, Session, "session", rel)
                out.append(SessionSummary(path, rel, session))
            except PlanError as err:
                out.append(SessionSummary(path, rel, None, err.problems))
        return out

    def open_session(self, path: Path) -> TomlFile[Session]:
        """Open a session file for editing (kept parsed; save with `save_session`)."""
        path = path.resolve()
        if path not in self._sessions or self._sessions[path].changed_on_disk():
            self._sessions[path] = TomlFile.open(path, Session, "session", _rel(self.folder, path))
        return self._sessions[path]

    def save_session(self, handle: TomlFile[Session]) -> bool:
        self._writable()
        return handle.save()

    def new_session(self, session: Session) -> TomlFile[Session]:
        """Write a new session file named DATE-WORKSHOP.toml (suffixed if taken) and open it."""
        self._writable()
        folder = self.folder / paths.SESSIONS_DIR
        folder.mkdir(exist_ok=True)
        base = f"{session.date.isoformat()}-{session.workshop}"
        path, n = folder / f"{base}.toml", 2
        while path.exists():
            path, n = folder / f"{base}-{n}.toml", n + 1
        doc = tomlkit.document()
        doc["format"] = session.format  # the first key, always (FORMAT.md rule 2)
        tomlio.patch(doc, session)
        text = tomlio.render(doc, _rel(self.folder, path))
        tomlio.atomic_write(path, text.encode(), _rel(self.folder, path))
        return self.open_session(path)


# --- the lock -------------------------------------------------------------------------------------------

def _acquire(folder: Path) -> tuple[FileLock | None, str | None]:
    """Take the plan's OS lock; if another process holds it, return (None, who holds it).

    The lock is released by the OS when a process dies, so a stale `.lock` file is simply taken over.
    """
    lock_path = folder / paths.LOCK_FILE
    lock = FileLock(str(lock_path), timeout=0, is_singleton=False, thread_local=False)
    try:
        lock.acquire()
    except Timeout:
        try:
            holder = lock_path.read_text(encoding="utf-8").strip() or _("another instance")
        except OSError:
            holder = _("another instance")
        return None, holder
    except OSError:  # the lock file cannot be created or opened: the folder is not writable
        return None, None
    since = dt.datetime.now().astimezone().replace(microsecond=0).isoformat()
    try:
        with open(lock_path, "w", encoding="utf-8") as fh:
            fh.write(f"{socket.gethostname()} pid {os.getpid()} since {since}\n")
    except OSError:
        pass
    return lock, None


_TEMP_FILE = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp")
"""The temp files of `tomlio.atomic_write`: a dot, the file name, eight random characters, `.tmp` (`tempfile.mkstemp`)."""
STALE_SECONDS = 600
"""A temp file older than this is a crash's leftover: no write of ours takes more than a few seconds."""


def _remove_stale_temp_files(folder: Path) -> None:
    """Remove the temp files a crash left in the plan folder (with the lock held: no instance of ours is
    writing into it). Only files of our own pattern, older than `STALE_SECONDS` (a command that writes
    without the lock, such as `csv export -o` into the folder, may be writing one right now)."""
    now = dt.datetime.now().timestamp()
    for where in (folder, *(folder / sub for sub in LINKED_DIRS)):
        if not where.is_dir() or leads_outside(folder, where):
            continue
        try:
            entries = list(where.iterdir())
        except OSError:
            continue
        for path in entries:
            if not _TEMP_FILE.fullmatch(path.name) or path.is_symlink():
                continue
            try:
                if path.is_file() and now - path.stat().st_mtime > STALE_SECONDS:
                    path.unlink()
            except OSError:
                pass  # not ours to insist on: it is harmless, and .gitignore'd
