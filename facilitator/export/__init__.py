"""Export of the plan as a PDF document: `export_plan` (used by the CLI and by the export worker process).

The pipeline: open the plan read-only → refuse it if `check` finds errors → plain, localized context
(`context`) → HTML (`html`, Jinja2 with autoescape) → PDF bytes (`pdf`, WeasyPrint with a fetcher that
reads only the templates, tagged PDF/UA, the plan folder's TOML files attached) → atomic write. `restore`
turns such a PDF back into a plan folder (`facilitator import-pdf`). Importing this package is
cheap: Jinja2 and WeasyPrint load only when an export runs. The TUI runs exports in a separate process
through `facilitator.export.runner`. The minutes of one session (`export_minutes`, in `minutes`) take the
same path.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Collection
from pathlib import Path

from facilitator import paths

__all__ = ["default_minutes_output", "default_output", "export_minutes", "export_plan", "language_warning",
           "open_in_viewer", "parse_sections", "plan_files", "section_ids", "slugify"]

Progress = Callable[[str], None]


def slugify(name: str, fallback: str = "plan") -> str:
    """A file-name-safe, lowercase ASCII version of ``name`` (accents dropped, 60 characters at most)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:60].strip("-")
    return slug or fallback


def default_output(folder: Path, cluster_name: str, revision: int, lang: str) -> Path:
    """``<plan>/exports/<cluster-slug>-r<revision>-<lang>.pdf``."""
    from facilitator import paths

    return folder / paths.EXPORTS_DIR / f"{slugify(cluster_name)}-r{revision}-{lang}.pdf"


def section_ids() -> list[str]:
    """The ids of the plan document's main sections, in order (``summary``, ``profile``, ...)."""
    from facilitator.export.sections import SECTIONS

    return [sid for sid, _title in SECTIONS]


def parse_sections(value: str | Collection[str]) -> list[str]:
    """Section ids from ``summary,profile`` (or a list), in document order; ValueError with a one-line
    message naming the valid ids for an unknown id or an empty choice."""
    from facilitator.i18n import _

    items = value.split(",") if isinstance(value, str) else list(value)
    wanted = [x.strip() for x in items if x.strip()]
    valid = section_ids()
    unknown = [x for x in wanted if x not in valid]
    if unknown or not wanted:
        raise ValueError(_("unknown section {ids}; choose among {valid}").format(
            ids=", ".join(unknown) or '""', valid=",".join(valid)))
    return [x for x in valid if x in wanted]


PLAN_DATA_DIRS = (paths.SESSIONS_DIR, paths.HISTORY_DIR, paths.WORKSHOPS_DIR)
"""Sub-folders of a plan whose ``*.toml`` files are embedded in the plan PDF (with plan.toml)."""


def plan_files(folder: Path, plan_bytes: bytes | None = None) -> list[tuple[str, bytes]]:
    """The plan folder's data as (relative POSIX path, bytes): plan.toml, then the ``*.toml`` files of
    sessions/, history/ and workshops/ (exports, locks and backups are left out).

    Raises PlanError, reading nothing, when one of them is a link out of the plan folder: the PDF would
    carry (and `import-pdf` write back) a file that is not the plan's, such as /etc/passwd."""
    from facilitator.i18n import _
    from facilitator.problems import Level, PlanError, Problem
    from facilitator.store import data_files, outside_links

    folder = folder.resolve()
    linked = [(rel, target) for rel, target in outside_links(folder)
              if rel == paths.PLAN_FILE or rel.split("/")[0] in PLAN_DATA_DIRS]
    if linked:
        raise PlanError([Problem("outside-link", Level.error, rel, _(
            "{file} is a link to {target}, outside the plan folder; the plan is not exported while it is "
            "there — replace the link with a copy of the file, or remove it").format(file=rel, target=target))
            for rel, target in linked])
    out = [(paths.PLAN_FILE, plan_bytes if plan_bytes is not None else (folder / paths.PLAN_FILE).read_bytes())]
    for sub in PLAN_DATA_DIRS:
        out += [(f"{sub}/{p.name}", p.read_bytes()) for p in data_files(folder, sub)
                if p.is_file() and not p.name.startswith(".")]
    return out


def export_plan(folder: Path, output: Path | None = None, lang: str | None = None,
                progress: Progress | None = None, *, sections: Collection[str] | None = None,
                participants: bool = False, draft: bool = False, full_folder: bool = False) -> Path:
    """Export the plan in ``folder`` to a PDF and return the path written.

    ``output`` defaults to `default_output` (its ``exports/`` folder is created if missing); an output
    that is an existing folder receives the default file name. ``lang`` defaults to the plan's language.
    ``sections``, ``participants`` and ``draft`` are passed on to `build_context`.
    Raises PlanError (nothing written) when the plan has errors, the language or a section is unknown or
    the output cannot be written. The PDF carries the TOML files of the plan folder (see `plan_files`)
    without personal data (`privacy`: names kept with ``participants``), or byte for byte with
    ``full_folder``. A language other than the plan's is said through ``progress`` (a warning: the
    content stays in the plan's language).
    """
    from facilitator import i18n, paths
    from facilitator.checks import check_store, has_errors
    from facilitator.export import privacy
    from facilitator.i18n import _
    from facilitator.kits import load_kits
    from facilitator.model import LANGUAGES
    from facilitator.problems import Level, PlanError, Problem
    from facilitator.store import PlanStore

    say = progress or (lambda _msg: None)
    if sections is not None:
        try:
            sections = parse_sections(sections)
        except ValueError as exc:
            raise PlanError(Problem("bad-section", Level.error, "", str(exc))) from None
    say(_("checking the plan"))
    store = PlanStore.open(folder, read_only=True)
    try:
        problems = check_store(store)
        if has_errors(problems):
            errors = [p for p in problems if p.level == Level.error]
            raise PlanError(errors + [Problem("export-refused", Level.error, paths.PLAN_FILE, _(
                "the plan has errors, so it was not exported; run `facilitator check {folder}` and fix them").format(
                    folder=store.folder))])
        plan = store.plan
        lang = lang or plan.language
        if lang not in LANGUAGES:
            raise PlanError(Problem("bad-language", Level.error, "", _(
                "unknown document language {lang}; use one of {langs}").format(lang=lang, langs=", ".join(LANGUAGES))))
        target = _target(store.folder, output, plan.cluster.name, plan.revision, lang)
        warning = language_warning(plan.language, lang)
        if warning:
            say(warning)
        sessions = [s.session for s in store.session_summaries() if s.session is not None]
        kits = load_kits(store.folder).kits
        try:
            files = plan_files(store.folder, store.plan_path.read_bytes())
            level = privacy.level_of(participants, full_folder)
            files = privacy.attached_files(files, level)
        except ValueError as exc:
            raise PlanError(Problem("scrub-failed", Level.error, paths.PLAN_FILE, _(
                "the plan's files could not be attached without personal data ({reason}); nothing was written"
            ).format(reason=exc))) from None
        except OSError as exc:
            raise PlanError(Problem("read-failed", Level.error, str(getattr(exc, "filename", "") or ""), _(
                "could not read a file of the plan: {reason}").format(reason=exc.strerror or exc))) from None
    finally:
        store.close()

    from facilitator.export.context import build_context
    from facilitator.export.html import render_html, render_page_css
    from facilitator.export.pdf import write_pdf

    say(_("preparing the document"))
    with i18n.in_language(lang):
        context = build_context(plan, sessions, lang, kits=kits, sections=sections, participants=participants,
                                draft=draft)
        context["attached"] = privacy.attached_line(level)
        html = render_html(context)
        page_css = render_page_css(context)
        description = _("Cluster competitiveness plan, revision {n}").format(n=plan.revision)
    authors = [a for a in (plan.program.executing_agency if plan.program else "",) if a]
    return write_pdf(target, html, say, page_css=page_css, attachments=files, attachment_name=paths.PLAN_FILE,
                     title=context["title"], authors=authors, description=description,
                     generator=context["generator"], lang=lang, custom={privacy.ATTACHED_KEY: level})


def language_warning(plan_lang: str, lang: str) -> str | None:
    """The warning for a document in another language than the plan's (None when they agree): the labels
    follow the document's language, the content stays as it was written, numbers inside it included."""
    from facilitator.i18n import _

    if not lang or lang == plan_lang:
        return None
    return _("warning: the plan is written in {plan}: the headings will be in {lang}, the content stays in "
             "{plan} as written (numbers and dates in it too)").format(plan=LANGUAGE_NAMES.get(plan_lang, plan_lang),
                                                       lang=LANGUAGE_NAMES.get(lang, lang))


LANGUAGE_NAMES = {"en": "English", "es": "español", "pt": "português"}
"""Each language by its own name, as the export dialog lists them (the reader knows at least that one)."""


def default_minutes_output(folder: Path, session_file: Path, lang: str) -> Path:
    """``<plan>/exports/minutes-<session file stem>-<lang>.pdf``."""
    from facilitator.export.minutes import default_minutes_output as default

    return default(folder, session_file, lang)


def export_minutes(session_file: str | Path, output: str | Path | None = None, lang: str | None = None,
                   progress: Progress | None = None, *, full_session: bool = False) -> Path:
    """Export the minutes of one session file (``<plan>/sessions/X.toml``) to a PDF; see
    `facilitator.export.minutes.export_minutes`. Raises PlanError, writing nothing, on any problem."""
    from facilitator.export.minutes import export_minutes as export

    return export(session_file, output, lang, progress, full_session=full_session)


def _target(folder: Path, output: Path | None, name: str, revision: int, lang: str) -> Path:
    return resolve_output(output, default_output(folder, name, revision, lang))


def resolve_output(output: str | Path | None, default: Path) -> Path:
    """Where a PDF goes: ``default`` (its exports folder created) when no output is given, the default
    name inside a given folder, else the given file — refused when its folder is missing or when it is an
    existing file that is not a PDF (a typo such as ``-o plan.toml`` must not replace the user's data)."""
    from facilitator.i18n import _
    from facilitator.problems import Level, PlanError, Problem

    if output is None:
        try:
            default.parent.mkdir(exist_ok=True)
        except OSError as exc:
            raise PlanError(Problem("write-failed", Level.error, str(default.parent), _(
                "could not create the exports folder: {reason}").format(reason=exc.strerror or exc))) from None
        return default
    target = Path(output).expanduser()
    if target.is_dir():
        return target / default.name
    if not target.parent.is_dir():
        raise PlanError(Problem("no-folder", Level.error, str(target), _(
            "the folder {parent} does not exist; create it first or choose another output file").format(
                parent=target.parent)))
    if target.exists() and not _is_pdf(target):
        raise PlanError(Problem("not-a-pdf", Level.error, str(target), _(
            "this file exists and is not a PDF; it was not overwritten — choose another output file")))
    return target


def _is_pdf(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(5) == b"%PDF-"
    except OSError:
        return False


def open_in_viewer(path: Path) -> str | None:
    """Open ``path`` with the system's viewer (``startfile`` on Windows, ``open`` on macOS, ``xdg-open``
    elsewhere), without waiting; returns None, or a one-line reason why it could not."""
    import os
    import shutil
    import subprocess
    import sys

    from facilitator.i18n import _

    if not Path(path).is_file():
        return _("{path} does not exist").format(path=path)
    try:
        if sys.platform == "win32":
            os.startfile(str(path))  # type: ignore[attr-defined]
            return None
        opener = "open" if sys.platform == "darwin" else "xdg-open"
        if shutil.which(opener) is None:
            return _("no program to open files was found ({opener}); open {path} yourself").format(
                opener=opener, path=path)
        subprocess.Popen([opener, str(path)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True)
    except OSError as exc:
        return _("could not open {path}: {reason}").format(path=path, reason=exc.strerror or exc)
    return None
