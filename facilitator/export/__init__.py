"""Export of the plan as a PDF document: `export_plan` (used by the CLI and by the export worker process).

The pipeline: open the plan read-only → refuse it if `check` finds errors → plain, localized context
(`context`) → HTML (`html`, Jinja2 with autoescape) → PDF bytes (`pdf`, WeasyPrint with a fetcher that
reads only the templates, tagged PDF/UA, plan.toml attached) → atomic write. Importing this package is
cheap: Jinja2 and WeasyPrint load only when an export runs. The TUI runs exports in a separate process
through `facilitator.export.runner`. The minutes of one session (`export_minutes`, in `minutes`) take the
same path.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Collection
from pathlib import Path

__all__ = ["default_minutes_output", "default_output", "export_minutes", "export_plan", "slugify"]

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


def export_plan(folder: Path, output: Path | None = None, lang: str | None = None,
                progress: Progress | None = None, *, sections: Collection[str] | None = None,
                participants: bool = False, draft: bool = False) -> Path:
    """Export the plan in ``folder`` to a PDF and return the path written.

    ``output`` defaults to `default_output` (its ``exports/`` folder is created if missing); an output
    that is an existing folder receives the default file name. ``lang`` defaults to the plan's language.
    ``sections``, ``participants`` and ``draft`` are passed on to `build_context`.
    Raises PlanError (nothing written) when the plan has errors, the language is unknown or the output
    cannot be written.
    """
    from facilitator import i18n, paths
    from facilitator.checks import check_store, has_errors
    from facilitator.i18n import _
    from facilitator.kits import load_kits
    from facilitator.model import LANGUAGES
    from facilitator.problems import Level, PlanError, Problem
    from facilitator.store import PlanStore

    say = progress or (lambda _msg: None)
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
        sessions = [s.session for s in store.session_summaries() if s.session is not None]
        kits = load_kits(store.folder).kits
        plan_bytes = store.plan_path.read_bytes()
    finally:
        store.close()

    from facilitator.export.context import build_context
    from facilitator.export.html import render_html, render_page_css
    from facilitator.export.pdf import write_pdf

    say(_("preparing the document"))
    with i18n.in_language(lang):
        context = build_context(plan, sessions, lang, kits=kits, sections=sections, participants=participants,
                                draft=draft)
        html = render_html(context)
        page_css = render_page_css(context)
        description = _("Cluster competitiveness plan, revision {n}").format(n=plan.revision)
    authors = [a for a in (plan.program.executing_agency if plan.program else "",) if a]
    return write_pdf(target, html, say, page_css=page_css, attachment=plan_bytes, attachment_name=paths.PLAN_FILE,
                     title=context["title"], authors=authors, description=description,
                     generator=context["generator"])


def default_minutes_output(folder: Path, session_file: Path, lang: str) -> Path:
    """``<plan>/exports/minutes-<session file stem>-<lang>.pdf``."""
    from facilitator.export.minutes import default_minutes_output as default

    return default(folder, session_file, lang)


def export_minutes(session_file: str | Path, output: str | Path | None = None, lang: str | None = None,
                   progress: Progress | None = None) -> Path:
    """Export the minutes of one session file (``<plan>/sessions/X.toml``) to a PDF; see
    `facilitator.export.minutes.export_minutes`. Raises PlanError, writing nothing, on any problem."""
    from facilitator.export.minutes import export_minutes as export

    return export(session_file, output, lang, progress)


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
