"""The `facilitator` command: open the TUI, create plans, check and export them, write session minutes.

User errors print one located line per problem and exit with a code (1: the plan has errors or could
not be processed, 2: the command was used wrongly); never a traceback. An unexpected internal error is
written to a log file in the user data folder and reported in one line pointing to it.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import traceback
from pathlib import Path

from facilitator import __version__, paths
from facilitator.i18n import _, ngettext, set_language
from facilitator.problems import PlanError, Problem

COMMANDS = ("open", "new", "example", "check", "export", "minutes", "import-pdf")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="facilitator",
        description=_("Guide cluster workshops and build a cluster competitiveness plan, offline."),
        epilog=_("With no command, opens PLAN in the terminal app (default: the last plan, or the example)."))
    parser.add_argument("--version", action="version", version=f"facilitator {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("open", help=_("open a plan folder in the terminal app"))
    p.add_argument("plan", nargs="?", metavar="PLAN", help=_("plan folder"))

    p = sub.add_parser("new", help=_("create a new, empty plan folder"))
    p.add_argument("plan", metavar="DIR")
    p.add_argument("--name", required=True, help=_("the cluster's name"))
    p.add_argument("--lang", choices=("en", "es", "pt"), default="en", help=_("language of the plan's content"))

    p = sub.add_parser("example", help=_("copy the illustrative example plan to a folder"))
    p.add_argument("plan", metavar="DIR")

    p = sub.add_parser("check", help=_("report the problems of a plan, one per line"))
    p.add_argument("plan", metavar="PLAN")
    p.add_argument("--format", choices=("text", "json"), default="text", dest="fmt")

    p = sub.add_parser("export", help=_("export the plan as PDF"))
    p.add_argument("plan", metavar="PLAN")
    p.add_argument("-o", "--output", metavar="FILE.pdf", type=Path)
    p.add_argument("--lang", choices=("en", "es", "pt"), help=_("document language (default: the plan's)"))
    p.add_argument("--sections", metavar="ID,ID,...", help=_(
        "only these sections, comma-separated: {ids} (default: all)").format(ids=",".join(_section_ids())))
    p.add_argument("--participants", action="store_true", help=_(
        "print the names of the participants in the annexes (left out by default, for privacy)"))
    p.add_argument("--draft", action="store_true", help=_("mark every page as a draft"))

    p = sub.add_parser("minutes", help=_("export the minutes of one workshop session as PDF"))
    p.add_argument("session", metavar="SESSION_FILE", help=_("a session file: PLAN/sessions/FILE.toml"))
    p.add_argument("-o", "--output", metavar="FILE.pdf", type=Path)
    p.add_argument("--lang", choices=("en", "es", "pt"), help=_("document language (default: the plan's)"))

    p = sub.add_parser("import-pdf", help=_("restore a plan folder from the files embedded in a plan PDF"))
    p.add_argument("pdf", metavar="FILE.pdf", type=Path)
    p.add_argument("folder", metavar="DIR", type=Path, help=_("a new or empty folder"))
    return parser


def _section_ids() -> list[str]:
    from facilitator.export import section_ids

    return section_ids()


def main(argv: list[str] | None = None) -> int:
    set_language("en")
    args_in = list(sys.argv[1:] if argv is None else argv)
    if args_in and args_in[0] not in COMMANDS and not args_in[0].startswith("-"):
        args_in.insert(0, "open")
    parser = _parser()
    args = parser.parse_args(args_in)  # exits 2 on usage errors, as argparse does
    try:
        if args.command in (None, "open"):
            return _open(getattr(args, "plan", None))
        if args.command == "new":
            return _new(args.plan, args.name, args.lang)
        if args.command == "example":
            return _example(args.plan)
        if args.command == "check":
            return _check(args.plan, args.fmt)
        if args.command == "export":
            return _export(args.plan, args.output, args.lang, args.sections, args.participants, args.draft)
        if args.command == "import-pdf":
            return _import_pdf(args.pdf, args.folder)
        if args.command == "minutes":
            args.plan = str(Path(args.session).parent.parent)  # problems are shown relative to the plan folder
            return _minutes(args.session, args.output, args.lang)
    except PlanError as err:
        for problem in err.problems:
            print(_shown(problem, getattr(args, "plan", None)), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(_("interrupted"), file=sys.stderr)
        return 130
    except Exception:  # the last line of defence: a located one-liner and a log, not a traceback
        log = paths.data_dir() / "error.log"
        try:
            log.parent.mkdir(parents=True, exist_ok=True)
            with open(log, "a", encoding="utf-8") as fh:
                fh.write(traceback.format_exc() + "\n")
            where = str(log)
        except OSError:
            where = _("(could not write the log)")
        print(_("internal error: {err}; details in {log} — please report it").format(
            err=sys.exc_info()[1], log=where), file=sys.stderr)
        return 3
    parser.print_usage(sys.stderr)
    return 2


def _shown(problem: Problem, plan: str | None) -> str:
    """The problem with its file as the user can find it: relative to the folder they named."""
    if plan and problem.file and not Path(problem.file).is_absolute():
        problem = dataclasses.replace(problem, file=str(Path(plan) / problem.file))
    return str(problem)


def _open(plan: str | None) -> int:
    from facilitator import recent
    from facilitator.example import personal_example

    notice = None
    if plan is not None:
        folder = Path(plan).expanduser().resolve()
    else:
        last = recent.recent_plans()
        if last:
            folder = last[0]
        else:
            folder, created = personal_example()
            notice = _("This is your own copy of the illustrative example plan, in {folder}. "
                       "Edit it freely; press p for the plan picker to start a plan of your own.").format(
                           folder=folder) if created else _("Opened your copy of the example plan ({folder}).").format(
                               folder=folder)
    from facilitator.app import run_app

    return run_app(folder, notice=notice)


def _new(plan: str, name: str, lang: str) -> int:
    from facilitator.store import PlanStore

    with PlanStore.create(plan, name, lang) as store:
        print(_("created {folder}").format(folder=store.folder))
    return 0


def _example(plan: str) -> int:
    from facilitator.example import copy_example

    folder = copy_example(plan)
    print(_("copied the example plan to {folder}").format(folder=folder))
    return 0


def _check(plan: str, fmt: str) -> int:
    from facilitator.checks import check_folder, has_errors

    problems = check_folder(plan)
    if fmt == "json":
        print(json.dumps([p.as_dict() for p in problems], ensure_ascii=False, indent=2))
    else:
        for p in problems:
            print(_shown(p, plan))
        if not problems:
            print(_("no problems found"), file=sys.stderr)
    return 1 if has_errors(problems) else 0


def _export(plan: str, output: Path | None, lang: str | None, sections: str | None = None,
            participants: bool = False, draft: bool = False) -> int:
    from facilitator.export import export_plan, parse_sections

    chosen = None
    if sections is not None:
        try:
            chosen = parse_sections(sections)
        except ValueError as exc:
            print(f"facilitator export: {exc}", file=sys.stderr)
            return 2
    out = export_plan(Path(plan), output, lang, progress=lambda msg: print(msg, file=sys.stderr),
                      sections=chosen, participants=participants, draft=draft)
    print(str(out))
    return 0


def _import_pdf(pdf: Path, folder: Path) -> int:
    from facilitator.export.restore import restore_plan

    restored = restore_plan(pdf, folder)
    if restored.files == [paths.PLAN_FILE]:
        print(_("this PDF carried only plan.toml (it was exported by an older version): the sessions and "
                "history snapshots were not in it"), file=sys.stderr)
    if restored.warnings:
        n = len(restored.warnings)
        print(ngettext("the restored plan has {n} warning; see it with: facilitator check {folder}",
                       "the restored plan has {n} warnings; see them with: facilitator check {folder}", n).format(
            n=n, folder=restored.folder), file=sys.stderr)
    n = len(restored.files)
    print(ngettext("restored {n} file into {folder}; open it with: facilitator {folder}",
                   "restored {n} files into {folder}; open it with: facilitator {folder}", n).format(
        n=n, folder=restored.folder))
    return 0


def _minutes(session: str, output: Path | None, lang: str | None) -> int:
    from facilitator.export import export_minutes

    out = export_minutes(Path(session), output, lang, progress=lambda msg: print(msg, file=sys.stderr))
    print(str(out))
    return 0
