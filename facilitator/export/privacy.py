"""What the files attached to a PDF carry about people: `attached_files` scrubs a plan's (or a session's)
TOML files of participants' personal data before they are embedded, and `ATTACHED_KEY` marks the PDF with
what it carries, so `facilitator import-pdf` can say what was left out.

Three levels (docs/decisions.md, "What a PDF carries about people"):

- ``public`` (default): stakeholders keep only ``id``, ``organization``, ``kind``, ``segment``,
  ``size``, ``influence`` and ``interest``, their ``name`` replaced by their id; sessions lose the room's check-ins and ballots and the
  notes' ``author``, ``device`` and ``submission``; every comment is left out (the facilitator's comments
  often name people: ``author = "stk-…"  # Valeria``). The files stay valid plan files.
- ``names`` (``--participants``, whose document prints who attended): as ``public`` with the names kept.
- ``full`` (``--attach-full-folder``): every file byte for byte, for a private archive copy.

The scrubbed files are written from the parsed data by `dumps`, a small TOML writer for plain data (the
data tomllib gives), checked by reading its text back: tomlkit would take half a second on the example.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import tomllib
from collections.abc import Iterable
from typing import Any

from facilitator import paths

PUBLIC, NAMES, FULL = "public", "names", "full"
LEVELS = (PUBLIC, NAMES, FULL)
ATTACHED_KEY = "ClusterFacilitatorAttached"
"""The PDF's document-information key (custom metadata) that names the level of its attached files."""

STAKEHOLDER_KEYS = ("id", "name", "organization", "kind", "segment", "size", "influence", "interest")
"""What a scrubbed stakeholder keeps (``name`` only at the ``names`` level): no e-mail, gender, role, nor
any key the tool does not know (a phone, notes about the person). Influence and interest stay: they place
the organization on the stakeholder map the PDF prints, and say nothing about a person once the name is
gone."""
SIGNATORY_KEYS = ("name", "role", "organization")
"""What an endorsement's signatory keeps: what its page prints, signed on purpose (a hand-added e-mail or
gender of a signatory is left out like a stakeholder's)."""
SESSION_LISTS_DROPPED = ("checkins", "ballots")
CONTRIBUTION_KEYS_DROPPED = ("author", "device", "submission")


def level_of(participants: bool, full_folder: bool) -> str:
    """The level for the export options: ``full`` wins, then ``names`` with participant names."""
    return FULL if full_folder else NAMES if participants else PUBLIC


def attached_files(files: Iterable[tuple[str, bytes]], level: str) -> list[tuple[str, bytes]]:
    """``files`` (relative path, bytes) as they are attached at ``level``: unchanged for ``full``, else
    plan.toml and history/ snapshots without personal data of stakeholders, session files without check-ins,
    ballots and who wrote which note, and no comments; kits (workshops/) unchanged."""
    if level == FULL:
        return list(files)
    keep_names = level == NAMES
    out = []
    for name, data in files:
        folder = name.split("/", 1)[0] if "/" in name else ""
        if name in (paths.PLAN_FILE, "session.toml") or folder in (paths.HISTORY_DIR, paths.SESSIONS_DIR):
            parsed = tomllib.loads(data.decode("utf-8"))
            if folder == paths.SESSIONS_DIR or name == "session.toml":
                scrub_session(parsed)
            else:
                scrub_plan(parsed, keep_names)
            data = dumps(parsed).encode("utf-8")
        out.append((name, data))
    return out


def scrub_plan(plan: dict[str, Any], keep_names: bool) -> None:
    """Remove the stakeholders' personal data from plan data (in place), and what the endorsement's
    signatories carry beyond what their page prints."""
    endorsement = plan.get("endorsement")
    signatories = endorsement.get("signatories") if isinstance(endorsement, dict) else None
    if isinstance(signatories, list):
        signatories[:] = [{k: who[k] for k in SIGNATORY_KEYS if k in who} for who in signatories
                          if isinstance(who, dict)]
    people = plan.get("stakeholders")
    if not isinstance(people, list):
        return
    for i, who in enumerate(people):
        if not isinstance(who, dict):
            continue
        kept = {k: v for k, v in who.items() if k in STAKEHOLDER_KEYS}
        if not keep_names:
            kept["name"] = str(who.get("id", f"stakeholder {i + 1}"))
        people[i] = {k: kept[k] for k in STAKEHOLDER_KEYS if k in kept}


def scrub_session(session: dict[str, Any]) -> None:
    """Remove what a session records about individual people (in place): the phones' check-ins (a name,
    gender… each phone typed), their ballots, and who wrote or sent each note. Counts stay: the notes' votes
    already hold the ballots' dots, and the attendance is by stakeholder id."""
    for key in SESSION_LISTS_DROPPED:
        session.pop(key, None)
    for note in session.get("contributions") or []:
        if isinstance(note, dict):
            for key in CONTRIBUTION_KEYS_DROPPED:
                note.pop(key, None)


# --- a TOML writer for plain data ------------------------------------------------------------------------

_BARE = re.compile(r"[A-Za-z0-9_-]+")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}
_NEEDS_ESCAPE = re.compile(r'[\\"\x00-\x1f\x7f]')
_INLINE_WIDTH = 110


def _esc(match: re.Match[str]) -> str:
    ch = match.group()
    return _ESCAPES.get(ch) or f"\\u{ord(ch):04X}"


def _key(key: str) -> str:
    return key if _BARE.fullmatch(key) else '"' + _NEEDS_ESCAPE.sub(_esc, key) + '"'


def _string(value: str) -> str:
    if "\n" in value and "\r" not in value:
        # A multi-line basic string, so long texts stay readable; the newline after the opening quotes is
        # not part of the value. Newlines stay as they are, everything else that needs it is escaped.
        body = _NEEDS_ESCAPE.sub(lambda m: "\n" if m.group() == "\n" else _esc(m), value)
        return '"""\n' + body + '"""'
    return '"' + _NEEDS_ESCAPE.sub(_esc, value) + '"'


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items()) + " }" if value else "{}"
    raise TypeError(f"not TOML data: {type(value).__name__}")


def _is_table_list(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _inline(value: Any) -> str | None:
    """``value`` written on one line if it is short and holds no texts of several lines, else None."""
    try:
        written = _value(value)
    except TypeError:
        return None
    return written if "\n" not in written and len(written) <= _INLINE_WIDTH else None


def _table(path: list[str], table: dict[str, Any], lines: list[str]) -> None:
    later: list[tuple[str, Any]] = []
    for key, value in table.items():
        if ((isinstance(value, dict) and value) or _is_table_list(value)) and _inline(value) is None:
            later.append((key, value))
        else:
            lines.append(f"{_key(key)} = {_value(value)}")
    for key, value in later:
        header = ".".join(_key(k) for k in (*path, key))
        if isinstance(value, dict):
            lines += ["", f"[{header}]"]
            _table([*path, key], value, lines)
        else:
            for item in value:
                lines += ["", f"[[{header}]]"]
                _table([*path, key], item, lines)


def dumps(data: dict[str, Any]) -> str:
    """``data`` (as tomllib gives it) as TOML text that tomllib reads back as the same data; ValueError if
    it would not (a NaN, say), so nothing unreadable is ever attached."""
    lines: list[str] = []
    _table([], data, lines)
    written = "\n".join(lines).lstrip("\n") + "\n"
    if tomllib.loads(written) != data:
        raise ValueError("the scrubbed file does not read back as the same data")
    return written


def attached_line(level: str, minutes: bool = False) -> str:
    """The document's own line on what its attached files carry (the plan's cover, the minutes' head)."""
    from facilitator.i18n import _

    if level == FULL:
        return _("Attached: the session file, complete with the participants' personal data. A private copy: "
                 "do not publish it.") if minutes else _(
            "Attached: the complete plan folder, with the participants' personal data. A private archive copy: "
            "do not publish it.")
    if minutes:
        return _("Attached: the session file without personal data (no check-ins, ballots or authors of notes, "
                 "no comments).")
    if level == NAMES:
        return _("Attached: the plan's files with the participants' names but no other personal data (no e-mail, "
                 "gender, role, check-ins or authors of notes, no comments); facilitator import-pdf restores them.")
    return _("Attached: the plan's files without personal data (names replaced by ids; no e-mail, gender, role, "
             "check-ins or authors of notes, no comments); facilitator import-pdf restores them.")


def left_out(level: str | None) -> str:
    """What `import-pdf` says a restored plan lacks, for the level its PDF names (None: an older PDF)."""
    from facilitator.i18n import _

    if level == FULL:
        return _("this PDF carried the complete plan folder: nothing was left out")
    if level == NAMES:
        return _("this PDF carried the plan without personal data: e-mail, gender and role of stakeholders, the "
                 "room's check-ins and ballots, the authors of notes and all comments were left out "
                 "(names were kept)")
    if level == PUBLIC:
        return _("this PDF carried the plan without personal data: stakeholders' names (replaced by their ids), "
                 "e-mail, gender and role, the room's check-ins and ballots, the authors of notes and all "
                 "comments were left out")
    return _("this PDF does not say what it carries (exported by an older version): its files were restored "
             "as they were attached")
