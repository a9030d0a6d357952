"""The network's ties in CSV: ``wave,from,to,kind`` (+ ``strength``, + ``named_by``), one row per tie, actors
by name, exported in the plan's order and imported by matching names to the plan's stakeholders.

A name cell holds a stakeholder's name (or its id, which export writes when two stakeholders share a name);
it matches case, accents' composition and repeated spaces aside. A row whose ``to`` is empty lists its
``from`` actor in the wave without a tie (a respondent who named no one: an isolate). An unknown name is an
error at its line unless the import is told to add missing actors, which adds each as a stakeholder of kind
``other``. A row matches a tie of the plan with the same wave, kind, pair of actors (either order) and
``named_by``: its strength is updated where it differs; otherwise the tie is added. A row repeating one
already read is counted once. An import never deletes a tie.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from pydantic import TypeAdapter, ValidationError

from facilitator.csvfiles.cells import protect, unprotect
from facilitator.csvfiles.rows import ImportResult, Rows
from facilitator.i18n import _, ngettext
from facilitator.model import TIE_KINDS, Plan, Stakeholder, Tie, Wave, WaveId, new_id

COLUMNS = ("wave", "from", "to", "kind", "strength", "named_by")
REQUIRED = ("wave", "from", "to", "kind")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
_WAVE: TypeAdapter[str] = TypeAdapter(WaveId)


def _key(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def _shown_names(plan: Plan) -> dict[str, str]:
    """What export writes for each stakeholder: its name, or its id when another has the same name."""
    count: dict[str, int] = {}
    for s in plan.stakeholders:
        count[_key(s.name)] = count.get(_key(s.name), 0) + 1
    return {s.id: s.name if count[_key(s.name)] == 1 and s.name.strip() else s.id for s in plan.stakeholders}


def export_ties(plan: Plan) -> tuple[list[str], list[list[str]]]:
    """Every tie in the plan's order, then the actors listed in a wave without a tie (``to`` empty)."""
    shown = _shown_names(plan)
    nominated = any(t.named_by for t in plan.network.ties)
    header = list(COLUMNS if nominated else COLUMNS[:-1])
    rows = []
    for t in plan.network.ties:
        row = [t.wave, protect(shown.get(t.actor, t.actor)), protect(shown.get(t.partner, t.partner)), t.kind,
               "" if t.strength is None else str(t.strength)]
        if nominated:
            row.append(protect(shown.get(t.named_by, t.named_by)) if t.named_by else "")
        rows.append(row)
    for w in plan.network.waves:
        for a in w.actors:
            rows.append([w.id, protect(shown.get(a, a)), "", "", ""] + ([""] if nominated else []))
    return header, rows


class _Unknown(ValueError):
    """A name no stakeholder has (reported once per name, at its first row, with how many more rows use it)."""


class _Actors:
    """Names to stakeholder ids, adding missing actors when asked to."""

    def __init__(self, plan: Plan, add_missing: bool) -> None:
        self.ids = {s.id for s in plan.stakeholders}
        self.by_name: dict[str, list[str]] = {}
        for s in plan.stakeholders:
            self.by_name.setdefault(_key(s.name), []).append(s.id)
        self.add_missing = add_missing
        self.added: list[Stakeholder] = []

    def resolve(self, cell: str) -> str:
        """The id a name cell names; ValueError with what to write when it names none or several."""
        text = unprotect(cell).strip()
        if text in self.ids:
            return text
        found = self.by_name.get(_key(text), [])
        if len(found) == 1:
            return found[0]
        if found:
            raise ValueError(_("{n} stakeholders are called {name}; write the id of the one meant ({ids})").format(
                n=len(found), name=repr(text), ids=", ".join(found)))
        if not self.add_missing:
            raise _Unknown(text)
        new = Stakeholder(id=new_id("stk"), name=text)
        self.added.append(new)
        self.ids.add(new.id)
        self.by_name[_key(text)] = [new.id]
        return new.id


def import_ties(reader: Rows, rows: list[tuple[int, list[str]]], add_missing: bool) -> ImportResult:
    """The network (and the stakeholders, when actors were added) once the rows are applied; every problem
    noted at its line, raised by the caller."""
    plan = reader.plan
    result = ImportResult("ties")
    missing = [c for c in REQUIRED if c not in reader.header]
    if missing:
        reader.problem(1, _("header"), _("the columns wave, from, to and kind are needed; missing: {names}").format(
            names=", ".join(missing)))
        return result
    actors = _Actors(plan, add_missing)
    ties = list(plan.network.ties)
    match = {(t.wave, t.kind, frozenset((t.actor, t.partner)), t.named_by): k for k, t in enumerate(ties)}
    waves = {w.id: w for w in plan.network.waves}
    listed: dict[str, list[str]] = {w.id: list(w.actors) for w in plan.network.waves}
    read: dict[Any, int] = {}
    matched: set[int] = set()
    repeats = 0
    unknown: dict[str, tuple[str, list[int]]] = {}
    """Unknown name (as matched) → (the column of its first use, the lines using it)."""
    new_kinds: set[str] = set()
    known_kinds = set(TIE_KINDS) | {t.kind for t in ties}
    for line, cells in rows:
        if len(cells) > len(reader.header) and any(c.strip() for c in cells[len(reader.header):]):
            reader.problem(line, _("row"), _("{n} cells, but the header has {m} columns; check the separators "
                                            "and quotes of this row").format(n=len(cells), m=len(reader.header)))
            continue
        row = dict(zip(reader.header, cells + [""] * (len(reader.header) - len(cells))))
        errors: list[tuple[str, str]] = []

        def bad(column: str, message: str, errors: list[tuple[str, str]] = errors) -> None:
            errors.append((column, message))

        wave = row["wave"].strip()
        try:
            wave = _WAVE.validate_python(wave)
        except ValidationError:
            bad("wave", _("{cell} is not a wave; name a survey round by its month, such as 2025-03 (or its day, "
                          "2025-03-15)").format(cell=repr(row["wave"])))
        ends: list[str] = []
        for column in ("from", "to"):
            if not row[column].strip():
                if column == "from":
                    bad(column, _("cannot be empty: write the name of the actor who named the tie"))
                continue
            try:
                ends.append(actors.resolve(row[column]))
            except _Unknown as err:
                unknown.setdefault(_key(str(err)), (column, []))[1].append(line)
                errors.append(("", ""))  # reported below, once per name
            except ValueError as err:
                bad(column, str(err))
        kind = row["kind"].strip().lower()
        to_empty = not row["to"].strip()
        if not to_empty and not _SLUG.match(kind):
            bad("kind", _("{cell} is not a kind of tie; use knowledge, business, projects, information, or a word "
                          "of your own in lowercase letters").format(cell=repr(row["kind"])))
        strength = None
        if row.get("strength", "").strip() and not to_empty:
            text = row["strength"].strip()
            if text.isdigit() and 1 <= int(text) <= 5:
                strength = int(text)
            else:
                bad("strength", _("{cell} is not a strength; write a whole number from 1 to 5, or leave it "
                                  "empty").format(cell=repr(row["strength"])))
        named_by = None
        if row.get("named_by", "").strip() and not to_empty:
            try:
                named_by = actors.resolve(row["named_by"])
            except ValueError as err:
                bad("named_by", str(err))
            else:
                if named_by not in ends:
                    bad("named_by", _("who named a tie is one of its two actors (from or to)"))
        if len(ends) == 2 and ends[0] == ends[1]:
            bad("to", _("a tie joins two different actors; from and to name the same one"))
        for column, message in errors:
            if column:
                reader.problem(line, column, message)
        if errors:
            continue
        if to_empty:
            have = listed.setdefault(wave, [])
            if ends[0] not in have:
                have.append(ends[0])
                result.added.append(f"{wave} {row['from'].strip()}")
            else:
                result.unchanged += 1
            continue
        key = (wave, kind, frozenset(ends), named_by)
        if key in read:
            repeats += 1
            continue
        read[key] = line
        label = f"{wave} {row['from'].strip()}–{row['to'].strip()} ({kind})"
        if kind not in known_kinds:
            new_kinds.add(kind)
        if key in match:
            k = match[key]
            matched.add(k)
            if ties[k].strength == strength:
                result.unchanged += 1
            else:
                ties[k] = ties[k].model_copy(update={"strength": strength})
                result.changed.append(label)
            continue
        ties.append(Tie(id=new_id("tie"), wave=wave, actor=ends[0], partner=ends[1], kind=kind, strength=strength,
                        named_by=named_by))
        result.added.append(label)
    for name, (column, lines) in unknown.items():
        others = sorted(set(lines) - {lines[0]})
        also = ""
        if others:
            shown = ", ".join(str(n) for n in others[:10]) + (
                " " + _("… +{n} more").format(n=len(others) - 10) if len(others) > 10 else "")
            also = " " + _("(also on lines {lines})").format(lines=shown)
        original = next(unprotect(r[1][reader.header.index(c)]).strip() for r in rows if r[0] == lines[0]
                        for c in ("from", "to", "named_by") if c in reader.header
                        and len(r[1]) > reader.header.index(c) and _key(unprotect(r[1][reader.header.index(c)])) == name)
        reader.problem(lines[0], column, _("no stakeholder called {name} in the plan; correct the name, add the "
                                           "stakeholder, or import with --add-missing to add every unknown name").format(
            name=repr(original)) + also)
    if reader.problems:
        return result
    new_waves = [w if listed.get(w.id, []) == list(w.actors) else w.model_copy(update={"actors": listed[w.id]})
                 for w in plan.network.waves]
    new_waves += [Wave(id=w, actors=a) for w, a in sorted(listed.items()) if w not in waves and a]
    network = plan.network.model_copy(update={"ties": ties, "waves": new_waves})
    result.absent = len(plan.network.ties) - len(matched)
    result.records = [network, actors.added]
    if actors.added:
        result.read_as.append(ngettext("{n} actor added as a stakeholder: {names}",
                                       "{n} actors added as stakeholders: {names}", len(actors.added)).format(
            n=len(actors.added), names=", ".join(s.name for s in actors.added)))
    if repeats:
        result.read_as.append(ngettext("{n} row repeats a tie of an earlier row and was counted once",
                                       "{n} rows repeat a tie of an earlier row and were counted once",
                                       repeats).format(n=repeats))
    if new_kinds:
        result.read_as.append(_("kinds of tie new to the plan (check their spelling): {kinds}").format(
            kinds=", ".join(sorted(new_kinds))))
    return result
