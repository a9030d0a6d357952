"""The `facilitator` command: open the TUI, create plans, check and export them, write session minutes.

User errors print one located line per problem and exit with a code (1: the plan has errors or could
not be processed, 2: the command was used wrongly); never a traceback. An unexpected internal error is
written to a log file in the user data folder and reported in one line pointing to it.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from facilitator import __version__, paths
from facilitator.i18n import N_, UI_LANG_VARIABLE, UI_LANGUAGES, _, ngettext, set_language, ui_language
from facilitator.problems import Level, PlanError, Problem

CSV_KINDS = ("stakeholders", "indicators", "actions", "measurements", "budget", "ties", "risks", "segments",
             "activities")
"""As `facilitator.csvfiles.KINDS` (not imported here: the help must not load the model)."""


@dataclass(frozen=True)
class Command:
    """One subcommand, declared once: its name, its help, its arguments and what runs it.

    ``setup`` adds the arguments to the command's parser (translated help is fine there: the parser is
    built after the UI language is set); ``run`` takes the parsed arguments and returns the exit code.
    User errors are raised as `PlanError` and printed by `main`, located, one per line.
    """

    name: str
    help: str
    """Marked with ``N_``; translated when the parser is built."""
    setup: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]
    description: str = ""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="facilitator",
        description=_("Guide cluster workshops and build a cluster competitiveness plan, offline."),
        epilog=_("With no command, opens PLAN in the terminal app (default: the last plan, or the example)."))
    parser.add_argument("--version", action="version", version=f"facilitator {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in COMMANDS.values():
        p = sub.add_parser(command.name, help=_(command.help),
                           description=_(command.description) if command.description else None)
        command.setup(p)
    _add_ui_lang(parser)  # after every command is declared, so each of them takes it
    return parser


def _add_ui_lang(parser: argparse.ArgumentParser) -> None:
    """``--ui-lang`` on the command and on every subcommand (before or after it: ``facilitator PLAN --ui-lang es``)."""
    parser.add_argument("--ui-lang", choices=UI_LANGUAGES, default=argparse.SUPPRESS, help=_(
        "language of the app's screens and messages (default: {variable}, else the user's locale); "
        "the plan's language is its own").format(variable=UI_LANG_VARIABLE))
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for subparser in dict.fromkeys(action.choices.values()):
                _add_ui_lang(subparser)


def _ui_lang_option(args: list[str]) -> str | None:
    """The value of the last ``--ui-lang`` in ``args`` (read before the parser is built: its help is translated)."""
    value = None
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--ui-lang" and i + 1 < len(args):
            value = args[i + 1]
        elif arg.startswith("--ui-lang="):
            value = arg.split("=", 1)[1]
    return value if value in UI_LANGUAGES else None  # a wrong value is reported by the parser


def _section_ids() -> list[str]:
    from facilitator.export import section_ids

    return section_ids()


def main(argv: list[str] | None = None) -> int:
    args_in = list(sys.argv[1:] if argv is None else argv)
    # The user's language for every screen and message, set before anything translates (the parser's help)
    # and before the app's screens are imported; the plan's language (content, PDF) is separate.
    lang, unusable = ui_language(_ui_lang_option(args_in), os.environ)
    set_language(lang)
    if unusable is not None:
        print(_("{variable}={value}: the app speaks en, es or pt; using {lang}").format(
            variable=UI_LANG_VARIABLE, value=unusable, lang=lang), file=sys.stderr)
    if args_in and args_in[0] not in COMMANDS and not args_in[0].startswith("-"):
        args_in.insert(0, "open")
    parser = _parser()
    args = parser.parse_args(args_in)  # exits 2 on usage errors, as argparse does
    try:
        return COMMANDS[args.command or "open"].run(args)
    except PlanError as err:
        for problem in err.problems:
            print(_shown(problem, getattr(args, "plan", None)), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(_("interrupted"), file=sys.stderr)
        return 130
    except Exception:  # noqa: BLE001 -- the last line of defence: a located one-liner and a log, not a traceback
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


def _example(plan: str, lang: str | None) -> int:
    from facilitator import i18n
    from facilitator.example import copy_example

    folder = copy_example(plan, lang or i18n.language())
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
            participants: bool = False, draft: bool = False, full_folder: bool = False) -> int:
    from facilitator.export import export_plan, parse_sections

    chosen = None
    if sections is not None:
        try:
            chosen = parse_sections(sections)
        except ValueError as exc:
            print(f"facilitator export: {exc}", file=sys.stderr)
            return 2
    out = export_plan(Path(plan), output, lang, progress=lambda msg: print(msg, file=sys.stderr),
                      sections=chosen, participants=participants, draft=draft, full_folder=full_folder)
    print(str(out))
    return 0


def _import_pdf(pdf: Path, folder: Path) -> int:
    from facilitator.export.privacy import left_out
    from facilitator.export.restore import restore_plan

    restored = restore_plan(pdf, folder)
    print(left_out(restored.level), file=sys.stderr)
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


def _minutes(session: str, output: Path | None, lang: str | None, full_session: bool = False) -> int:
    from facilitator.export import export_minutes

    out = export_minutes(Path(session), output, lang, progress=lambda msg: print(msg, file=sys.stderr),
                         full_session=full_session)
    print(str(out))
    return 0


def _merge_file(base: str, ours: str, theirs: str, name: str | None) -> int:
    from facilitator.merge import merge_file

    try:
        result = merge_file(Path(base), Path(ours), Path(theirs), name)
    except PlanError as err:
        for problem in err.problems:
            print(str(problem), file=sys.stderr)
        print(_("{file}: not merged; the file was left as it was").format(file=name or ours), file=sys.stderr)
        return 2
    for conflict in result.unresolved:
        print(str(conflict), file=sys.stderr)
    return 1 if result.unresolved else 0


def _merge(plan: str, other: str, prefer: str | None) -> int:
    from facilitator.i18n import ngettext
    from facilitator.merge import merge_folders

    result = merge_folders(plan, other, prefer)
    if result.unresolved:
        for conflict in result.unresolved:
            print(_shown_conflict(conflict, plan), file=sys.stderr)
        n = len(result.unresolved)
        print(ngettext("{n} conflict: nothing was written; choose a side with --prefer ours or --prefer theirs",
                       "{n} conflicts: nothing was written; choose a side with --prefer ours or --prefer theirs",
                       n).format(n=n), file=sys.stderr)
        return 1
    for rel in result.copied:
        print(_("{file}: copied from the other copy").format(file=Path(plan) / rel))
    for theirs, copy in result.renamed:
        print(_("{file}: differs in the other copy; theirs kept as {copy}").format(
            file=Path(plan) / theirs, copy=Path(plan) / copy))
    for merged in result.files:
        if merged.text is not None and not merged.added:
            print(_("{file}: merged").format(file=Path(plan) / merged.file))
        elif merged.text is not None:
            print(ngettext("{file}: merged, {n} record added from the other copy",
                           "{file}: merged, {n} records added from the other copy", merged.added).format(
                               file=Path(plan) / merged.file, n=merged.added))
    resolved = [c for c in result.conflicts if c.resolved]
    for conflict in resolved:
        print(_shown_conflict(conflict, plan) + " → " + (_("kept ours") if conflict.resolved == "ours"
                                                               else _("took theirs")))
    if resolved:
        print(ngettext("{n} conflict resolved with --prefer {side}", "{n} conflicts resolved with --prefer {side}",
                       len(resolved)).format(n=len(resolved), side=prefer))
    if not result.written:
        print(_("nothing to merge: the plan already holds everything of the other copy"))
    return 0


def _shown_conflict(conflict: object, plan: str) -> str:
    """The conflict with its file as the user can find it: inside the folder they named."""
    return str(dataclasses.replace(conflict, file=str(Path(plan) / conflict.file)))  # type: ignore


def _revision(plan: str, message: str) -> int:
    from facilitator.store import PlanStore

    summary = " ".join(message.split())
    if not summary:
        print(_("the summary is empty; say in a few words what this revision holds: -m \"Targets updated\""),
              file=sys.stderr)
        return 2
    with PlanStore.open(plan) as store:
        revision = store.record_revision(summary)  # a plan held elsewhere is refused (LockedError)
    print(_("recorded revision {n}: {file}").format(n=revision.number, file=paths.history_file(Path(plan),
                                                                                              revision.number)))
    return 0


def _diff(plan: str, from_spec: str | None, to_spec: str | None, fmt: str = "text") -> int:
    from facilitator.diff import changes_json, diff_folder

    changes, text = diff_folder(plan, from_spec, to_spec)
    if fmt == "json":
        print(json.dumps(changes_json(changes), ensure_ascii=False, indent=2))
        return 0
    sys.stdout.write(text)
    return 0


def _network(plan: str, wave: str | None, kind: str | None, fmt: str, record: bool) -> int:
    from facilitator import network
    from facilitator.problems import Level
    from facilitator.store import PlanStore

    with PlanStore.open(plan, read_only=not record) as store:
        known = store.plan.network.wave_ids()
        if wave is not None and wave not in known:
            raise PlanError(Problem("no-wave", Level.error, paths.PLAN_FILE, _(
                "the network has no wave {wave}; its waves are: {waves}").format(
                    wave=wave, waves=", ".join(known) or _("none"))))
        rep = network.report(store.plan, [wave] if wave else None, kind)
        changed = network.record_measures(store) if record else []
    if fmt == "json":
        print(json.dumps(network.as_json(rep), ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(network.as_text(rep))
    if record:
        print(_("recorded: {what}").format(what=", ".join(changed)) if changed else
              _("the indicators fed by the network were already up to date"), file=sys.stderr)
    return 0


def _csv_export(plan: str, kind: str, output: Path | None, sep: str, bom: bool, personal: bool = False) -> int:
    from facilitator.csvfiles import export_csv, write_csv
    from facilitator.store import PlanStore

    with PlanStore.open(plan, read_only=True) as store:
        if output is None:
            sys.stdout.write(export_csv(store.plan, kind, sep, personal))
            return 0
        written = write_csv(store.plan, kind, output, sep, bom, personal=personal)
    print(_("wrote {file}").format(file=written), file=sys.stderr)
    return 0


def _csv_import(plan: str, kind: str, file: Path, dry_run: bool, add_missing: bool = False) -> int:
    from facilitator.csvfiles import import_csv
    from facilitator.store import PlanStore

    with PlanStore.open(plan) as store:
        try:  # a plan held elsewhere is refused when it comes to writing (LockedError)
            result = import_csv(store, kind, file, label=str(file), dry_run=dry_run, add_missing=add_missing)
        except PlanError as err:  # CSV problems name the CSV file as the user typed it, not the plan
            for problem in err.problems:
                print(problem if problem.file == str(file) else _shown(problem, plan), file=sys.stderr)
            return 1
    print(result.summary())
    for line in result.details():
        print("  " + line)
    if dry_run:
        print(_("dry run: nothing was written"), file=sys.stderr)
    return 0


def _session_new(plan: str, kit_id: str, date: str | None, venue: str) -> int:
    import datetime as dt

    from facilitator.dates import DateError, parse_date
    from facilitator.engine import sessions
    from facilitator.kits import load_kits
    from facilitator.store import PlanStore

    try:
        day = parse_date(date) if date else dt.date.today()
    except DateError as exc:
        print(f"--date: {exc}", file=sys.stderr)
        return 2
    with PlanStore.open(plan) as store:
        if store.read_only:
            raise PlanError(Problem("read-only", Level.error, paths.PLAN_FILE, store.read_only_reason()))
        kits = load_kits(store.folder)
        kit = kits.get(kit_id)
        if kit is None:
            raise PlanError(Problem("unknown-workshop", Level.error, paths.WORKSHOPS_DIR, _(
                "no workshop kit {kit}; the kits: {kits}").format(kit=kit_id, kits=", ".join(sorted(kits.kits)))))
        handle = sessions.start(store, kit, day, venue=venue)
        print(handle.path)
    return 0


def _room(plan: str, session: Path, step: str | None, host: str | None, port: int) -> int:
    import asyncio

    from facilitator.room.serve import serve

    return asyncio.run(serve(Path(plan), session, step, host, port))


# --- the commands: each declared once, with its arguments and its handler ---------------------------------------

def _plan_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("plan", metavar="PLAN")


def _setup_open(p: argparse.ArgumentParser) -> None:
    p.add_argument("plan", nargs="?", metavar="PLAN", help=_("plan folder"))


def _setup_new(p: argparse.ArgumentParser) -> None:
    p.add_argument("plan", metavar="DIR")
    p.add_argument("--name", required=True, help=_("the cluster's name"))
    p.add_argument("--lang", choices=("en", "es", "pt"), default="en", help=_("language of the plan's content"))


def _setup_example(p: argparse.ArgumentParser) -> None:
    p.add_argument("plan", metavar="DIR")
    p.add_argument("--lang", choices=("en", "es", "pt"),
                   help=_("language the example plan is written in (default: the app's language)"))


def _setup_check(p: argparse.ArgumentParser) -> None:
    _plan_arg(p)
    p.add_argument("--format", choices=("text", "json"), default="text", dest="fmt")


def _setup_diff(p: argparse.ArgumentParser) -> None:
    _plan_arg(p)
    p.add_argument("--from", dest="from_", metavar="rN",
                   help=_("the older version: a revision such as r3 (default: the last recorded revision)"))
    p.add_argument("--to", metavar="rM", help=_("the newer version: a revision, or current (default: plan.toml)"))
    p.add_argument("--format", choices=("text", "json"), default="text", dest="fmt",
                   help=_("text: the readable report (default); json: the list of changes, for tools and scripts"))


def _setup_revision(p: argparse.ArgumentParser) -> None:
    _plan_arg(p)
    p.add_argument("-m", "--message", required=True, metavar="SUMMARY", help=_("what this revision holds, in one line"))


def _setup_export(p: argparse.ArgumentParser) -> None:
    _plan_arg(p)
    p.add_argument("-o", "--output", metavar="FILE.pdf", type=Path)
    p.add_argument("--lang", choices=("en", "es", "pt"), help=_("document language (default: the plan's)"))
    p.add_argument("--sections", metavar="ID,ID,...", help=_(
        "only these sections, comma-separated: {ids} (default: all)").format(ids=",".join(_section_ids())))
    p.add_argument("--participants", action="store_true", help=_(
        "print the names of the participants in the annexes (left out by default, for privacy)"))
    p.add_argument("--attach-full-folder", action="store_true", help=_(
        "attach the complete plan folder, personal data included, for a private archive copy (by default the "
        "attached files carry no personal data: no e-mail, gender, role, check-ins, names only with "
        "--participants)"))
    p.add_argument("--draft", action="store_true", help=_("mark every page as a draft"))


def _setup_minutes(p: argparse.ArgumentParser) -> None:
    p.add_argument("session", metavar="SESSION_FILE", help=_("a session file: PLAN/sessions/FILE.toml"))
    p.add_argument("-o", "--output", metavar="FILE.pdf", type=Path)
    p.add_argument("--lang", choices=("en", "es", "pt"), help=_("document language (default: the plan's)"))
    p.add_argument("--attach-full-session", action="store_true", help=_(
        "attach the session file as it is, personal data included (check-ins, ballots, authors of notes), for "
        "a private copy (by default they are left out)"))


def _setup_import_pdf(p: argparse.ArgumentParser) -> None:
    p.add_argument("pdf", metavar="FILE.pdf", type=Path)
    p.add_argument("folder", metavar="DIR", type=Path, help=_("a new or empty folder"))


def _setup_csv(p: argparse.ArgumentParser) -> None:
    csv_sub = p.add_subparsers(dest="csv_command", metavar="export|import", required=True)
    q = csv_sub.add_parser("export", help=_("write a CSV file (or standard output)"))
    q.add_argument("plan", metavar="PLAN")
    q.add_argument("kind", choices=CSV_KINDS, metavar="KIND", help=" | ".join(CSV_KINDS))
    q.add_argument("-o", "--output", metavar="FILE.csv", type=Path,
                   help=_("the file to write (default: standard output)"))
    q.add_argument("--sep", choices=(",", ";"), default=",",
                   help=_("separator: , (default) or ; for spreadsheets with Spanish or Portuguese settings"))
    q.add_argument("--no-bom", action="store_true", help=_("write the file without the UTF-8 mark Excel needs"))
    q.add_argument("--personal-data", action="store_true", help=_(
        "stakeholders: the e-mail, gender and role columns too (left out by default: the file may leave the "
        "machine; importing a file without them leaves them as they are)"))
    q = csv_sub.add_parser("import", help=_("update the plan from a CSV file (never deletes)"))
    q.add_argument("plan", metavar="PLAN")
    q.add_argument("kind", choices=CSV_KINDS, metavar="KIND", help=" | ".join(CSV_KINDS))
    q.add_argument("file", metavar="FILE.csv", type=Path)
    q.add_argument("--dry-run", action="store_true", help=_("check the file and say what would change; write nothing"))
    q.add_argument("--add-missing", action="store_true", help=_(
        "ties: add the actors the plan does not have as stakeholders (default: report their names and lines)"))


def _setup_network(p: argparse.ArgumentParser) -> None:
    _plan_arg(p)
    p.add_argument("--wave", metavar="W", help=_("only this wave (a survey round such as 2025-03)"))
    p.add_argument("--kind", metavar="KIND", help=_(
        "only ties of this kind: knowledge, business, projects, information, or the plan's own"))
    p.add_argument("--format", choices=("text", "json"), default="text", dest="fmt",
                   help=_("text: a readable table (default); json: the measures, for tools and scripts"))
    p.add_argument("--record", action="store_true", help=_(
        "write the measurements of the indicators that take them from the network, one per wave"))


def _setup_merge(p: argparse.ArgumentParser) -> None:
    p.add_argument("plan", metavar="PLAN", help=_("the plan folder to merge into"))
    p.add_argument("other", metavar="OTHER_PLAN", help=_("the other copy (read only)"))
    p.add_argument("--prefer", choices=("ours", "theirs"),
                   help=_("resolve each conflict with this side's value (default: report conflicts, write nothing)"))


def _setup_merge_file(p: argparse.ArgumentParser) -> None:
    p.add_argument("base", metavar="BASE")
    p.add_argument("ours", metavar="OURS")
    p.add_argument("theirs", metavar="THEIRS")
    p.add_argument("name", metavar="NAME", nargs="?", help=_("the file's name in messages (git's %%P)"))


def _setup_session(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="session_command", metavar="new", required=True)
    q = sub.add_parser("new", help=_("create a session of a workshop kit and print its file's path"))
    q.add_argument("plan", metavar="PLAN")
    q.add_argument("kit", metavar="KIT", help=_("the workshop kit's id, such as joint-diagnosis"))
    q.add_argument("--date", metavar="YYYY-MM-DD", help=_("the session's date (default: today)"))
    q.add_argument("--venue", default="", help=_("where it takes place"))


def _setup_room(p: argparse.ArgumentParser) -> None:
    _plan_arg(p)
    p.add_argument("--session", required=True, type=Path, metavar="FILE", help=_("the session file: PLAN/sessions/FILE.toml"))
    p.add_argument("--step", metavar="STEP", help=_("the kit step the room is on (default: the session's current "
                                                   "step, else its first brainstorm)"))
    p.add_argument("--host", metavar="ADDRESS", help=_(
        "the address to listen on (default: the likeliest address of this machine on its Wi-Fi or network; "
        "0.0.0.0: every interface)"))
    p.add_argument("--port", type=int, default=8765, metavar="PORT", help=_("the port (default: 8765; 0: any free port)"))


def _run_minutes(a: argparse.Namespace) -> int:
    a.plan = str(Path(a.session).parent.parent)  # problems are shown relative to the plan folder
    return _minutes(a.session, a.output, a.lang, a.attach_full_session)


def _run_csv(a: argparse.Namespace) -> int:
    if a.csv_command == "export":
        return _csv_export(a.plan, a.kind, a.output, a.sep, not a.no_bom, a.personal_data)
    return _csv_import(a.plan, a.kind, a.file, a.dry_run, a.add_missing)


COMMANDS: dict[str, Command] = {c.name: c for c in (
    Command("open", N_("open a plan folder in the terminal app"), _setup_open,
            lambda a: _open(getattr(a, "plan", None))),
    Command("new", N_("create a new, empty plan folder"), _setup_new, lambda a: _new(a.plan, a.name, a.lang)),
    Command("example", N_("copy the illustrative example plan to a folder"), _setup_example,
            lambda a: _example(a.plan, a.lang)),
    Command("check", N_("report the problems of a plan, one per line"), _setup_check,
            lambda a: _check(a.plan, a.fmt)),
    Command("diff", N_("report what changed between two revisions of the plan"), _setup_diff,
            lambda a: _diff(a.plan, a.from_, a.to, a.fmt)),
    Command("revision", N_("record a revision of the plan and its snapshot in history/"), _setup_revision,
            lambda a: _revision(a.plan, a.message)),
    Command("export", N_("export the plan as PDF"), _setup_export,
            lambda a: _export(a.plan, a.output, a.lang, a.sections, a.participants, a.draft,
                              a.attach_full_folder)),
    Command("minutes", N_("export the minutes of one workshop session as PDF"), _setup_minutes, _run_minutes),
    Command("import-pdf", N_("restore a plan folder from the files embedded in a plan PDF"), _setup_import_pdf,
            lambda a: _import_pdf(a.pdf, a.folder)),
    Command("csv", N_("export or import stakeholders, indicators, actions, measurements, budget lines, ties, "
                      "risks, value-chain segments or activities as CSV"), _setup_csv,
            _run_csv),
    Command("network", N_("measure the cluster's collaboration network, per wave and between waves"),
            _setup_network, lambda a: _network(a.plan, a.wave, a.kind, a.fmt, a.record)),
    Command("merge", N_("merge another copy of the plan folder into this one, by record ids"), _setup_merge,
            lambda a: _merge(a.plan, a.other, a.prefer)),
    Command("merge-file", N_("three-way merge of one plan or session file (a git merge driver)"), _setup_merge_file,
            lambda a: _merge_file(a.base, a.ours, a.theirs, a.name),
            description=N_("Merge THEIRS into OURS against their common ancestor BASE; OURS is rewritten. "
                           "Exit 0: merged; 1: conflicts, marked with # CONFLICT comments in OURS; "
                           "2: the files could not be merged (OURS left as it was).")),
    Command("session", N_("create a workshop session without the terminal app"), _setup_session,
            lambda a: _session_new(a.plan, a.kit, a.date, a.venue)),
    Command("room", N_("open the room on a session: phones join by a link, the wall is a web page"), _setup_room,
            lambda a: _room(a.plan, a.session, a.step, a.host, a.port),
            description=N_("Serve the room of a session on one step, without the terminal app: prints a line "
                           "'join: URL' for the phones and a line 'wall: URL' for the projector, with the QR code; "
                           "ctrl+c closes the room.")),
)}
"""Every subcommand, in the order of the help. Adding one: a `_setup_x`, a handler, and a line here."""
