"""The minutes as a PDF: `export_minutes` checks the session and its plan, renders the template and writes
the PDF atomically with the session file attached.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from facilitator.export.formatting import text
from facilitator.export.minutes.context import minutes_context
from facilitator.i18n import _

Progress = Callable[[str], None]

TEMPLATE = "minutes.html"
PAGE_CSS_TEMPLATE = "minutes-page.css.j2"
STYLESHEET = "minutes.css"
ATTACHMENT = "session.toml"


def default_minutes_output(folder: Path, session_file: Path, lang: str) -> Path:
    """``<plan>/exports/minutes-<session file stem>-<lang>.pdf``."""
    from facilitator import paths

    return folder / paths.EXPORTS_DIR / f"minutes-{Path(session_file).stem}-{lang}.pdf"


def export_minutes(session_file: str | Path, output: str | Path | None = None, lang: str | None = None,
                   progress: Progress | None = None, today: dt.date | None = None, *,
                   full_session: bool = False) -> Path:
    """Write the minutes of ``session_file`` (``<plan>/sessions/X.toml``) as a PDF and return its path.

    ``output`` defaults to `default_minutes_output`; an existing folder receives the default name.
    ``lang`` defaults to the plan's language. Raises PlanError (nothing written) when the session or its
    plan has errors, the file is not in a plan's sessions/ folder, the language is unknown or the output
    cannot be written. The attached session file is without personal data (`privacy`), or byte for byte
    with ``full_session``; a language other than the plan's is warned about through ``progress``.
    """
    from facilitator import i18n, paths
    from facilitator.checks import check_store
    from facilitator.kits import load_kits
    from facilitator.model import LANGUAGES
    from facilitator.problems import Level, PlanError, Problem
    from facilitator.store import PlanStore

    say = progress or (lambda _msg: None)
    given = Path(session_file).expanduser()
    path = given.resolve()
    if not path.is_file():
        raise PlanError(Problem("no-session", Level.error, str(given), _(
            "no such session file; give the path of a file in a plan's sessions/ folder")))
    folder = path.parent.parent
    if path.parent.name != paths.SESSIONS_DIR or not (folder / paths.PLAN_FILE).is_file():
        raise PlanError(Problem("not-in-plan", Level.error, str(given), _(
            "this file is not in the sessions/ folder of a plan folder (PLAN/sessions/FILE.toml); "
            "minutes need the plan for names and the workshop kit")))
    if lang is not None and lang not in LANGUAGES:
        raise PlanError(Problem("bad-language", Level.error, "", _(
            "unknown document language {lang}; use one of {langs}").format(lang=lang, langs=", ".join(LANGUAGES))))
    rel = f"{paths.SESSIONS_DIR}/{path.name}"

    say(_("checking the session and its plan"))
    store = PlanStore.open(folder, read_only=True)
    try:
        problems = check_store(store)
        errors = [p for p in problems if p.level == Level.error and p.file in (paths.PLAN_FILE, rel)]
        if errors:
            raise PlanError(errors + [Problem("export-refused", Level.error, rel, _(
                "the session or its plan has errors, so no minutes were written; run `facilitator check {folder}` "
                "and fix them").format(folder=store.folder))])
        summaries = store.session_summaries()
        session = next((s.session for s in summaries if s.path.resolve() == path), None)
        if session is None:  # not reachable after a clean check, but never print a traceback for it
            raise PlanError(Problem("no-session", Level.error, rel, _("this session file could not be read")))
        earlier = [s.session for s in summaries if s.session is not None and s.session.id != session.id]
        plan = store.plan
        lang = lang or plan.language
        target = _target(store.folder, path, output, lang)
        from facilitator.export import language_warning

        warning = language_warning(plan.language, lang)
        if warning:
            say(warning)
        kit = load_kits(store.folder).get(session.workshop)
        session_bytes = path.read_bytes()
    finally:
        store.close()

    from facilitator.export import privacy
    from facilitator.export.html import environment
    from facilitator.export.pdf import write_pdf

    level = privacy.FULL if full_session else privacy.PUBLIC
    try:
        session_bytes = dict(privacy.attached_files([(ATTACHMENT, session_bytes)], level))[ATTACHMENT]
    except ValueError as exc:
        raise PlanError(Problem("scrub-failed", Level.error, rel, _(
            "the session file could not be attached without personal data ({reason}); nothing was written"
        ).format(reason=exc))) from None

    say(_("preparing the minutes"))
    with i18n.in_language(lang):
        context = minutes_context(plan, session, kit, lang, earlier=earlier, today=today)
        context["attached"] = privacy.attached_line(level, minutes=True)
        env = environment()
        html = env.get_template(TEMPLATE).render(**context)
        page_css = env.get_template(PAGE_CSS_TEMPLATE).render(**context) + "\n" + _stylesheet()
        description = _("Minutes of the workshop session {title}").format(title=text(session.title))
    authors = [a for a in (text(session.facilitator),) if a]
    return write_pdf(target, html, say, page_css=page_css, attachment=session_bytes, attachment_name=ATTACHMENT,
                     title=context["title"], authors=authors, description=description,
                     generator=context["generator"], custom={privacy.ATTACHED_KEY: level})


def _stylesheet() -> str:
    from facilitator.export.html import templates_dir

    return (templates_dir() / STYLESHEET).read_text(encoding="utf-8")


def _target(folder: Path, session_file: Path, output: str | Path | None, lang: str) -> Path:
    from facilitator.export import resolve_output

    return resolve_output(output, default_minutes_output(folder, session_file, lang))
