"""A plan folder restored from a plan PDF's embedded files (`facilitator import-pdf FILE.pdf DIR`).

The plan PDF carries every TOML file of its plan folder as an embedded file named by its relative path
(``plan.toml``, ``sessions/….toml``, ``history/….toml``, ``workshops/….toml``). Restoring writes those
bytes unchanged into a new folder, after refusing anything that could write outside it: every name must
be ``plan.toml`` or ``<sessions|history|workshops>/<file>.toml``, with no ``..``, no absolute path, no
backslash, no hidden file, whether it is the name-tree key, /F or /UF. A PDF with one bad name is refused
whole. The files are written into a
temporary folder next to the target and checked (`facilitator.checks`) before the folder is moved into
place, so a failure leaves nothing behind. pypdf is imported only here, when a restore runs.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from facilitator import paths
from facilitator.i18n import _
from facilitator.problems import Level, PlanError, Problem

DATA_DIRS = (paths.SESSIONS_DIR, paths.HISTORY_DIR, paths.WORKSHOPS_DIR)
MAX_FILE_BYTES = 20_000_000
"""No plan file is anywhere near this; a bigger attachment is refused rather than written."""

_FILE_NAME = re.compile(r"[^/\\:\x00-\x1f\x7f]+\.toml")


@dataclass
class Restored:
    """What `restore_plan` wrote: the folder, the relative names, the check's warnings, and what the PDF
    says its files carry (`privacy` level; None for a PDF from before the mark)."""

    folder: Path
    files: list[str]
    warnings: list[Problem] = field(default_factory=list)
    level: str | None = None


def safe_name(name: str) -> bool:
    """Whether ``name`` is a plan file's relative path that is safe to write inside the target folder."""
    if name == paths.PLAN_FILE:
        return True
    parts = name.split("/")
    if len(parts) != 2 or parts[0] not in DATA_DIRS:
        return False
    base = parts[1]
    return bool(_FILE_NAME.fullmatch(base)) and not base.startswith(".") and base not in (".toml",)


def _text(value: object) -> str | None:
    """A name from the PDF as text. WeasyPrint writes the name-tree key and /F as raw UTF-8 bytes, which
    pypdf decodes as PDFDocEncoding: read such bytes as UTF-8 when they are (the ASCII characters that make a
    path unsafe, such as / . and backslash, read the same in both)."""
    value = value.get_object() if hasattr(value, "get_object") else value
    if value is None or type(value).__name__ == "NullObject":  # an entry that is absent, or null
        return None
    raw = value if isinstance(value, bytes) else getattr(value, "original_bytes", None)
    if isinstance(raw, bytes) and not raw.startswith((b"\xfe\xff", b"\xff\xfe", b"\xef\xbb\xbf")):
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            pass
    return str(value)


def read_attachments(pdf: Path) -> dict[str, bytes]:
    """The embedded files of ``pdf`` by name; PlanError (one line) when it cannot be read or names a file
    that could not be restored safely."""
    return _read(pdf)[0]


def _read(pdf: Path) -> tuple[dict[str, bytes], str | None]:
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    # pypdf logs what it skips (a name-tree key in raw UTF-8 bytes, as WeasyPrint writes non-ASCII names);
    # the restore reads every file by its Unicode name and reports problems itself, in one line.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    shown = str(pdf)
    if not pdf.is_file():
        raise PlanError(Problem("no-pdf", Level.error, shown, _("no such file; give the path of a plan PDF")))
    try:
        with open(pdf, "rb") as fh:
            if fh.read(5) != b"%PDF-":
                raise PlanError(Problem("not-a-pdf", Level.error, shown, _(
                    "this file is not a PDF; give a plan PDF exported by this tool")))
        reader = PdfReader(str(pdf))
        level = _level(reader)
        entries = list(reader.attachment_list)
        files: dict[str, bytes] = {}
        bad: list[str] = []
        for entry in entries:
            # A file has up to three names: the name-tree key, /F and /UF. The restore writes by the file's
            # own name as the spec says to read it (UF, else F, else the key), but another reader may pick
            # any of them, so every name present must be safe: one bad name refuses the PDF.
            spec = entry.pdf_object
            given = [t for t in (_text(n) for n in (entry.name, spec.get("/F"), spec.get("/UF"))) if t is not None]
            unsafe = [n for n in given if not safe_name(n)]
            if unsafe or not given:
                bad += unsafe or [repr(entry.name)]
                continue
            name = given[-1]  # /UF, else /F, else the key
            content = entry.content
            if len(content) > MAX_FILE_BYTES:
                bad.append(name)
                continue
            if name in files and files[name] != content:
                raise PlanError(Problem("bad-attachment", Level.error, shown, _(
                    "the PDF carries two different files named {name}; nothing was restored").format(name=name)))
            files[name] = content
    except PlanError:
        raise
    except (PyPdfError, OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise PlanError(Problem("bad-pdf", Level.error, shown, _(
            "this PDF could not be read ({reason}); nothing was restored").format(reason=exc))) from None
    if bad:
        listed = ", ".join(repr(b)[:80] for b in bad[:3]) + (" …" if len(bad) > 3 else "")
        raise PlanError(Problem("unsafe-attachment", Level.error, shown, _(
            "the PDF carries files that are not plan files ({names}); only plan.toml and "
            "sessions/, history/, workshops/ *.toml files are restored, so nothing was restored").format(names=listed)))
    if paths.PLAN_FILE not in files:
        raise PlanError(Problem("no-plan-attachment", Level.error, shown, _(
            "this PDF carries no plan (no embedded plan.toml); only plan PDFs exported by this tool can be "
            "restored")))
    return files, level


def _level(reader: object) -> str | None:
    """The privacy level the PDF's document information names, if it names a known one."""
    from facilitator.export.privacy import ATTACHED_KEY, LEVELS

    info = getattr(reader, "metadata", None) or {}
    value = info.get("/" + ATTACHED_KEY)
    return str(value) if value is not None and str(value) in LEVELS else None


def _target_ready(target: Path) -> None:
    shown = str(target)
    if target.exists() or target.is_symlink():
        if not target.is_dir() or target.is_symlink():
            raise PlanError(Problem("target-exists", Level.error, shown, _(
                "this path exists and is not a folder; choose a new folder to restore the plan into")))
        if any(target.iterdir()):
            raise PlanError(Problem("target-not-empty", Level.error, shown, _(
                "this folder is not empty; choose a new or empty folder, nothing was written")))
    if not target.parent.is_dir():
        raise PlanError(Problem("no-folder", Level.error, shown, _(
            "the folder {parent} does not exist; create it first or choose another place").format(
                parent=target.parent)))


def restore_plan(pdf: str | Path, target: str | Path) -> Restored:
    """Restore the plan folder carried by ``pdf`` into ``target`` (which must not exist, or be empty).

    Every file is written byte for byte; the restored plan is checked, and if it has errors nothing is
    left behind (PlanError with the check's problems, named relative to ``target``).
    """
    from facilitator.checks import check_folder, has_errors
    from facilitator.tomlio import atomic_write

    pdf = Path(pdf).expanduser()
    target = Path(target).expanduser().absolute()
    _target_ready(target)
    files, level = _read(pdf)
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.restore-", dir=target.parent))
    except OSError as exc:
        raise PlanError(Problem("write-failed", Level.error, str(target.parent), _(
            "could not create a folder here: {reason}").format(reason=exc.strerror or exc))) from None
    try:
        for name, content in sorted(files.items()):
            path = staging.joinpath(*name.split("/"))
            if not path.resolve().is_relative_to(staging.resolve()):  # safe_name makes this unreachable
                raise PlanError(Problem("unsafe-attachment", Level.error, name, _("refused: outside the folder")))
            path.parent.mkdir(exist_ok=True)
            atomic_write(path, content, name)
        for sub in (*DATA_DIRS, paths.EXPORTS_DIR):  # the folders of a new plan, as `PlanStore.create` makes
            (staging / sub).mkdir(exist_ok=True)
        problems = check_folder(staging)
        if has_errors(problems):
            raise PlanError([p for p in problems if p.level == Level.error] + [Problem(
                "restore-refused", Level.error, str(pdf), _(
                    "the plan carried by this PDF has errors, so it was not restored; nothing was written"))])
        os.chmod(staging, 0o777 & ~_umask())
        _move_into_place(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return Restored(target, sorted(files), [p for p in problems if p.level != Level.error], level)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _move_into_place(staging: Path, target: Path) -> None:
    try:
        os.rename(staging, target)  # POSIX replaces an empty folder in one step
        return
    except OSError:
        if not target.is_dir() or any(target.iterdir()):
            raise PlanError(Problem("write-failed", Level.error, str(target), _(
                "could not create the folder (it appeared or filled up meanwhile); nothing was written"))) from None
    try:  # an empty folder the platform will not replace (Windows): move the files into it
        for child in staging.iterdir():
            os.rename(child, target / child.name)
        staging.rmdir()
    except OSError as exc:
        raise PlanError(Problem("write-failed", Level.error, str(target), _(
            "could not move the restored files into place: {reason}").format(reason=exc.strerror or exc))) from None
