"""The export process: ``python -m facilitator.export.worker PLAN [--output FILE] [--lang L]
[--sections ID,ID] [--participants] [--draft]`` (``--kind minutes`` with a session file instead of PLAN:
the minutes of that session).

Started by `facilitator.export.runner.ExportJob`. It speaks one JSON object per line on stdout:
``{"progress": "..."}`` while it works, then exactly one of ``{"done": "/path.pdf"}`` or
``{"error": ["problem line", ...]}``. It never prints a traceback: a PlanError gives its problem lines,
anything unexpected gives one line (details go to the error log in the user data folder).
Exit code: 0 done, 1 error.

``python -m facilitator.export.worker --warm`` is the spare process of `runner.prewarm`: it loads the
export code and WeasyPrint and lays out a small page with the plan's fonts, then reads its command line
as one JSON list on stdin and runs as above. It exits quietly if stdin closes first.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import sys
import traceback
from pathlib import Path
from typing import Any, TextIO


def _emit(stream: TextIO, **message: Any) -> None:
    stream.write(json.dumps(message) + "\n")  # ASCII only: safe whatever the pipe's encoding
    stream.flush()


def _log_unexpected() -> str:
    from facilitator import paths

    log = paths.data_dir() / "error.log"
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
        with open(log, "a", encoding="utf-8") as fh:
            fh.write(traceback.format_exc() + "\n")
        return str(log)
    except OSError:
        return ""


def main(argv: list[str] | None = None, stream: TextIO | None = None) -> int:
    out = stream or sys.stdout
    parser = argparse.ArgumentParser(prog="facilitator.export.worker")
    parser.add_argument("plan", type=Path)
    parser.add_argument("--output", type=Path)
    parser.add_argument("--lang", choices=("en", "es", "pt"))
    parser.add_argument("--ui-lang", default="en", help="language of the progress and error messages")
    parser.add_argument("--kind", choices=("plan", "minutes"), default="plan")
    parser.add_argument("--sections", help="comma-separated section ids (plan only)")
    parser.add_argument("--participants", action="store_true", help="participant names in the annexes (plan only)")
    parser.add_argument("--draft", action="store_true", help="a draft watermark (plan only)")
    parser.add_argument("--attach-full-folder", action="store_true",
                        help="attach the files with personal data (the plan's folder, or the session file)")
    try:
        args = parser.parse_args(argv)
    except SystemExit:
        _emit(out, error=["internal error: the export process was started with wrong arguments"])
        return 1
    # WeasyPrint reports missing glyphs or refused URLs through logging; they must not reach stdout.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)

    from facilitator.i18n import _, set_language
    from facilitator.problems import PlanError

    set_language(args.ui_lang)
    try:
        from facilitator.export import export_minutes, export_plan

        def say(text: str) -> None:
            _emit(out, progress=text)

        if args.kind == "minutes":
            path = export_minutes(args.plan, args.output, args.lang, progress=say,
                                  full_session=args.attach_full_folder)
        else:
            sections = args.sections.split(",") if args.sections is not None else None
            path = export_plan(args.plan, args.output, args.lang, progress=say, sections=sections,
                               participants=args.participants, draft=args.draft,
                               full_folder=args.attach_full_folder)
    except PlanError as err:
        _emit(out, error=[str(p) for p in err.problems])
        return 1
    except Exception as exc:  # noqa: BLE001 (the last line of defence: one line, details in the log)
        where = _log_unexpected()
        line = _("internal error: {err}").format(err=f"{type(exc).__name__}: {exc}")
        if where:
            line += " " + _("(details in {log})").format(log=where)
        _emit(out, error=[line])
        return 1
    _emit(out, done=str(path))
    return 0


WARM_UP_PAGE = ('<html lang="en"><head><title>warm-up</title></head><body><section class="main">'
                '<h1>Aa</h1><p class="t">Áé ñ ç “x” – <b>Bb</b> <i>Cc</i> <b><i>Dd</i></b> <strong>Ee</strong></p>'
                '<table><tr><th>Ff</th><td class="t">Gg</td></tr></table></section></body></html>')
"""Every face of the plan's font and a table: what the first layout of a process loads once."""


def is_document_template(name: str) -> bool:
    """A template of the plan or minutes PDF (the room's pages have their own environment)."""
    return name.endswith((".html", ".j2")) and not name.startswith("room/")


def warm_up() -> None:
    """Import what an export needs, compile the document templates and lay out `WARM_UP_PAGE`, so the
    first real export skips all three (the templates alone are 0.2 s of a plan export)."""
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    import facilitator.checks
    import facilitator.export.context
    import facilitator.kits
    import facilitator.store  # noqa: F401 (imported for the time it takes, once)
    from facilitator.export.html import environment
    from facilitator.export.pdf import lay_out

    templates = environment()
    for name in templates.list_templates(filter_func=is_document_template):
        templates.get_template(name)  # compiled and kept by the environment
    lay_out(WARM_UP_PAGE)


def serve_warm(stdin: TextIO | None = None, stream: TextIO | None = None) -> int:
    """The spare process: warm up, then run `main` with the JSON list of arguments read from ``stdin``."""
    source = stdin or sys.stdin
    # A warm-up that fails costs nothing more: the export itself then reports what is wrong, located.
    with contextlib.suppress(Exception):
        warm_up()
    line = source.readline()
    if not line.strip():
        return 0  # the app closed without an export
    try:
        argv = json.loads(line)
        if not isinstance(argv, list) or not all(isinstance(a, str) for a in argv):
            raise ValueError(line[:80])
    except ValueError:
        _emit(stream or sys.stdout, error=["internal error: the export process was started with wrong arguments"])
        return 1
    return main(argv, stream)


if __name__ == "__main__":
    sys.exit(serve_warm() if sys.argv[1:] == ["--warm"] else main())
