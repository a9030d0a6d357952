"""The plan's files on disk: reading one as text, stamps that tell whether it changed, atomic writes.

`read_text` refuses a missing, huge, binary or non-UTF-8 file with a located PlanError; a `Stamp`
(mtime, size, SHA-256) says whether the file is still the one read; `atomic_write` replaces a file so
that a crash leaves the old file or the new one, never a mix.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from facilitator.i18n import _
from facilitator.problems import Level, PlanError, Problem

MAX_FILE_BYTES = 20 * 1024 * 1024
"""Files larger than this are refused: no plan file is anywhere near it, and parsing one would freeze."""


# --- stamps: has the file changed since we read it? -------------------------------------------------

@dataclass(frozen=True)
class Stamp:
    mtime_ns: int
    size: int
    sha256: str


def stamp_of(path: Path, data: bytes | None = None) -> Stamp:
    st = path.stat()
    if data is None:
        data = path.read_bytes()
    return Stamp(st.st_mtime_ns, st.st_size, hashlib.sha256(data).hexdigest())


def changed_since(path: Path, stamp: Stamp) -> bool:
    """True when the file on disk is not the one described by ``stamp`` (edited, replaced or deleted)."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return True
    if st.st_size != stamp.size:
        return True
    # Same size: compare content, a sync tool may keep sizes and even mtimes.
    return hashlib.sha256(path.read_bytes()).hexdigest() != stamp.sha256


# --- reading ----------------------------------------------------------------------------------------------

def read_text(path: Path, rel: str) -> tuple[str, bytes]:
    """The file's text, or a located PlanError for a missing, huge, binary or non-UTF-8 file."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise PlanError(Problem("file-too-large", Level.error, rel, _(
                "the file is {size} MB, larger than the {limit} MB this tool reads; "
                "check that it is really a plan file").format(size=size // 2**20, limit=MAX_FILE_BYTES // 2**20)))
        data = path.read_bytes()
    except FileNotFoundError:
        raise PlanError(Problem("file-missing", Level.error, rel, _("file not found"))) from None
    except IsADirectoryError:
        raise PlanError(Problem("file-missing", Level.error, rel, _("is a folder, expected a TOML file"))) from None
    except PermissionError:
        raise PlanError(Problem("file-unreadable", Level.error, rel,
                                _("permission denied; check the file's permissions"))) from None
    except OSError as exc:
        raise PlanError(Problem("file-unreadable", Level.error, rel, _(
            "cannot read the file: {reason}").format(reason=exc.strerror or exc))) from None
    if b"\x00" in data:
        raise PlanError(Problem("not-text", Level.error, rel, _(
            "the file is binary, not TOML text; restore it from a copy or from history/")))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise PlanError(Problem("not-utf8", Level.error, rel, _(
            "the text is not UTF-8 (byte {byte} at column {col}); save the file as UTF-8 in your editor").format(
                byte=hex(data[exc.start]), col=exc.start - data.rfind(b"\n", 0, exc.start)), line=line)) from None
    text = text.removeprefix("\ufeff")
    return text, data


# --- atomic writes ---------------------------------------------------------------------------------------------

def atomic_write(path: Path, data: bytes, rel: str = "") -> None:
    """Replace ``path`` with ``data`` so that a crash leaves the old file or the new one, never a mix.

    Temp file in the same folder, write, flush, fsync, keep the original's permission bits, replace,
    fsync the folder. On failure the temp file is removed, the original is untouched and a PlanError
    says why.
    """
    rel = rel or path.name
    folder = path.parent
    existed = True
    try:
        mode = path.stat().st_mode & 0o777
    except FileNotFoundError:
        existed = False
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        if existed:
            message = _("could not save: {reason}; the previous version of the file is intact")
        else:  # say nothing of a previous version that never existed
            message = _("could not save: {reason}; the file was not created, nothing was written")
        raise PlanError(Problem("write-failed", Level.error, rel, message.format(reason=exc.strerror or exc))) \
            from None
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
    # The new file is in place: from here on the write has happened, whatever follows. Syncing the folder
    # makes the rename durable; a file system that cannot sync folders (some network and FUSE mounts refuse
    # it) must not turn a completed save into a reported failure.
    try:
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError:
        pass
