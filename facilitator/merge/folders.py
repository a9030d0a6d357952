"""Merging a whole plan folder (`facilitator merge`, the merge screen): plan.toml against the newest
history snapshot both copies share, sessions copied or merged by id, history unioned; `prepare` works
it out without writing, `merge_into` writes it under the plan's lock."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from facilitator import paths, tomlio
from facilitator.i18n import _
from facilitator.merge.conflicts import Conflict
from facilitator.merge.one_file import FileMerge, merge_texts
from facilitator.problems import Level, PlanError, Problem
from facilitator.store import data_files

if TYPE_CHECKING:
    from facilitator.store import PlanStore


@dataclass
class FolderMerge:
    """What `merge_folders` did (or, with unresolved conflicts, would have done)."""

    files: list[FileMerge] = field(default_factory=list)
    copied: list[str] = field(default_factory=list)
    """Files of OTHER that PLAN did not have, copied in (relative paths)."""
    renamed: list[tuple[str, str]] = field(default_factory=list)
    """(other's file, the name it was copied to) for files that could not be merged."""
    written: bool = False
    writes: list[tuple[Path, bytes, str]] = field(default_factory=list, repr=False)
    """(path, content, relative name) of every file to write."""

    @property
    def conflicts(self) -> list[Conflict]:
        return [c for f in self.files for c in f.conflicts]

    @property
    def unresolved(self) -> list[Conflict]:
        return [c for f in self.files for c in f.unresolved]


def shared_base(plan: Path, other: Path) -> tuple[str | None, int | None]:
    """The newest history snapshot both folders hold with the same content: their common ancestor."""
    def numbers(folder: Path) -> dict[int, Path]:
        found = {}
        for p in data_files(folder, paths.HISTORY_DIR):  # links out of either folder are not read
            m = re.fullmatch(r"plan-r(\d+)\.toml", p.name)
            if m:
                found[int(m.group(1))] = p
        return found

    mine, theirs = numbers(plan), numbers(other)
    for n in sorted(set(mine) & set(theirs), reverse=True):
        try:
            a, b = mine[n].read_bytes(), theirs[n].read_bytes()
        except OSError:
            continue
        if a == b:
            try:
                return a.decode("utf-8").removeprefix("\ufeff"), n
            except UnicodeDecodeError:
                continue
    return None, None


def _free_name(folder: Path, name: str, taken: set[str]) -> str:
    stem, suffix = name.rsplit(".", 1)
    n = 2
    while (folder / f"{stem}-{n}.{suffix}").exists() or f"{stem}-{n}.{suffix}" in taken:
        n += 1
    return f"{stem}-{n}.{suffix}"


def merge_folders(plan: str | Path, other: str | Path, prefer: str | None = None) -> FolderMerge:
    """Merge the plan folder OTHER into PLAN, holding PLAN's lock (`facilitator merge`).

    plan.toml is merged against the newest history snapshot both share; sessions of OTHER are copied in
    when absent, merged by ids when the same session (same `id`) differs, kept as a renamed copy
    otherwise; history snapshots are unioned. With unresolved conflicts nothing is written.
    """
    from facilitator.store import PlanStore

    store = PlanStore.open(plan)
    try:
        return merge_into(store, other, prefer)
    finally:
        store.close()


def merge_into(store: PlanStore, other: str | Path, prefer: str | None = None,
               choices: dict[tuple[str, str], str] | None = None) -> FolderMerge:
    """Merge OTHER into the open plan ``store`` (whose lock this process holds): `merge_folders` for a
    store already open, as in the app. ``choices`` resolves single conflicts by `Conflict.key`.

    The caller reloads the store after a write (`FolderMerge.written`)."""
    if store.read_only:
        raise PlanError(Problem("read-only", Level.error, paths.PLAN_FILE, _(
            "the plan is open elsewhere (held by {who}); close it there, then merge").format(
                who=store.holder or _("another window"))))
    out = prepare(store.folder, other, prefer, choices)
    if out.unresolved:
        return out
    if store.changed_on_disk():
        raise PlanError(Problem("changed-on-disk", Level.error, paths.PLAN_FILE, _(
            "plan.toml changed on disk since the plan was opened; reload it, then merge again "
            "(nothing was written)")))
    # The plan last: if a write fails midway, the copied sessions are simply new files.
    for path, data, rel in sorted(out.writes, key=lambda w: w[0] == store.plan_path):
        path.parent.mkdir(parents=True, exist_ok=True)
        tomlio.atomic_write(path, data, rel)
    out.written = bool(out.writes)
    return out


def prepare(folder: Path, other: str | Path, prefer: str | None = None,
            choices: dict[tuple[str, str], str] | None = None) -> FolderMerge:
    """Work out the merge of OTHER into the plan ``folder`` without writing anything (a preview)."""
    folder = Path(folder).expanduser().resolve()
    other = Path(other).expanduser().resolve()
    if not (other / paths.PLAN_FILE).is_file():
        raise PlanError(Problem("no-plan", Level.error, str(other), _(
            "this folder has no plan.toml; give the folder of the other copy of the plan")))
    if folder == other:
        raise PlanError(Problem("merge-same", Level.error, str(other), _("this is the same plan folder")))
    out = FolderMerge()
    ours_text, _raw = tomlio.read_text(folder / paths.PLAN_FILE, paths.PLAN_FILE)
    theirs_text, _raw = tomlio.read_text(other / paths.PLAN_FILE, str(other / paths.PLAN_FILE))
    base_text, _n = shared_base(folder, other)
    result = merge_texts(base_text, ours_text, theirs_text, paths.PLAN_FILE, prefer, choices,
                         theirs_name=str(other / paths.PLAN_FILE))
    out.files.append(result)
    if result.text is not None and result.text != ours_text:
        out.writes.append((folder / paths.PLAN_FILE, result.text.encode("utf-8"), paths.PLAN_FILE))

    taken: set[str] = set()
    for sub in (paths.SESSIONS_DIR, paths.HISTORY_DIR):
        mine = data_files(folder, sub)  # links out of either folder are neither read nor copied
        contents = {p.read_bytes() for p in mine}
        ids = _session_ids(mine) if sub == paths.SESSIONS_DIR else {}
        for source in data_files(other, sub):
            data = source.read_bytes()
            if data in contents:
                continue  # already here, under this name or another
            rel = f"{sub}/{source.name}"
            ident = _session_id(source) if sub == paths.SESSIONS_DIR else None
            same = ids.get(ident) if ident is not None else None
            if same is not None:  # the same session, edited in both copies: merged by ids
                same_rel = f"{sub}/{same.name}"
                merged = _merge_session(same, source, same_rel, prefer, choices)
                if merged is not None:
                    out.files.append(merged)
                    if merged.text is not None:
                        out.writes.append((same, merged.text.encode("utf-8"), same_rel))
                    continue
            name = source.name
            if (folder / sub / name).exists() or name in taken:
                name = _free_name(folder / sub, name, taken)
                out.renamed.append((rel, f"{sub}/{name}"))
            else:
                out.copied.append(rel)
            taken.add(name)
            out.writes.append((folder / sub / name, data, f"{sub}/{name}"))
    return out


def _session_id(path: Path) -> str | None:
    try:
        value = tomllib.loads(path.read_text(encoding="utf-8")).get("id")
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    return value if isinstance(value, str) else None


def _session_ids(files: list[Path]) -> dict[str, Path]:
    out: dict[str, Path] = {}
    for path in files:
        ident = _session_id(path)
        if ident is not None:
            out.setdefault(ident, path)
    return out


def _merge_session(ours: Path, theirs: Path, rel: str, prefer: str | None,
                   choices: dict[tuple[str, str], str] | None) -> FileMerge | None:
    """The same session (same id) edited in both copies: merged by ids with no base, so nothing is
    deleted; None when either file cannot be merged (the caller keeps both)."""
    ours_text, _raw = tomlio.read_text(ours, rel)
    theirs_text, _raw = tomlio.read_text(theirs, rel + " (theirs)")
    try:
        return merge_texts(None, ours_text, theirs_text, rel, prefer, choices)
    except PlanError:
        return None
