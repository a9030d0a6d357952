"""Word-level differences of two texts: `word_diff` (shortened, for the report), `plain_text` and `word_ops`.

Text is compared word by word (`difflib`) over words, numbers and single punctuation marks, so spacing
and re-wrapping are not changes. `word_diff` gives `Piece`s (deleted words ``del``, inserted ones ``ins``,
long unchanged runs cut to a few words) that the TUI colours and `plain_text` marks ``[-old-]`` and
``{+new+}``; `word_ops` gives the whole texts as runs for ``diff --format json``.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Piece:
    """A run of report text with a meaning the TUI turns into a colour.

    Styles: ``""`` plain, ``del`` deleted words, ``ins`` inserted words, ``heading``, ``count``,
    ``added``/``removed``/``changed`` (the mark of a record line), ``dim``.
    """

    text: str
    style: str = ""


CONTEXT_WORDS = 6
"""Unchanged words kept on each side of a change in a long text; the rest is shown as …"""


_TOKEN = re.compile(r"(\s*)(\d+(?:[.,]\d+)*|\w[\w'’-]*|[^\w\s])")


def _tokens(text: str) -> list[tuple[bool, str]]:
    """Words, numbers (``2.2``, ``1,240``) and single punctuation marks, each with whether a space came
    before it: punctuation is compared on its own, so ``next.`` → ``next;`` is one changed mark."""
    return [(bool(m.group(1)), m.group(2)) for m in _TOKEN.finditer(text)]


def _join(tokens: list[tuple[bool, str]]) -> str:
    return "".join((" " if space and i else "") + word for i, (space, word) in enumerate(tokens))


def word_diff(old: str, new: str, context: int = CONTEXT_WORDS) -> list[Piece]:
    """``old`` → ``new`` word by word: unchanged runs (shortened to ``context`` words around the changes),
    deleted words as ``del`` pieces and inserted ones as ``ins`` pieces. Spacing is not compared."""
    a, b = _tokens(old), _tokens(new)
    pieces: list[Piece] = []
    ops = difflib.SequenceMatcher(None, [w for _s, w in a], [w for _s, w in b], autojunk=False).get_opcodes()
    for n, (tag, i1, i2, j1, j2) in enumerate(ops):
        first, last = n == 0, n == len(ops) - 1
        if tag == "equal":
            run = a[i1:i2]
            space = " " if run[0][0] and not first else ""
            if len(run) > 2 * context + 1 or (first and len(run) > context) or (last and len(run) > context):
                head = "" if first else _join(run[:context])
                tail = "" if last else _join([(True, run[-context][1]), *run[-context + 1:]])
                shown = " ".join(part for part in (head, "…", tail) if part)
            else:
                shown = _join(run)
            pieces.append(Piece(space + shown))
            continue
        old_run, new_run = a[i1:i2], b[j1:j2]
        if old_run:
            if old_run[0][0] and not first:
                pieces.append(Piece(" "))
            pieces.append(Piece(_join(old_run), "del"))
        if new_run:
            if new_run[0][0] and not first and not (old_run and old_run[0][0]):
                pieces.append(Piece(" "))
            pieces.append(Piece(_join(new_run), "ins"))
    return pieces


def plain_text(pieces: Iterable[Piece]) -> str:
    """Pieces as plain text: deleted words in ``[-…-]``, inserted words in ``{+…+}``."""
    out = []
    for p in pieces:
        out.append(f"[-{p.text}-]" if p.style == "del" else f"{{+{p.text}+}}" if p.style == "ins" else p.text)
    return "".join(out)


def word_ops(old: str, new: str) -> list[dict[str, str]]:
    """``old`` → ``new`` word by word, whole (nothing shortened), as ``{"op": "equal"|"delete"|"insert",
    "text": …}`` runs: the equal and deleted runs joined give the old text, the equal and inserted ones the
    new text (with each run of spaces and line breaks read as one space)."""
    a, b = _tokens(old), _tokens(new)
    ops: list[dict[str, str]] = []

    def add(op: str, text: str) -> None:
        if ops and ops[-1]["op"] == op:
            ops[-1]["text"] += text
        elif text:
            ops.append({"op": op, "text": text})

    def side(tokens: list[tuple[bool, str]], start: int, op: str) -> None:
        for k, (space, word) in enumerate(tokens):
            add(op, (" " if space and start + k else "") + word)

    matcher = difflib.SequenceMatcher(None, [w for _s, w in a], [w for _s, w in b], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            side(a[i1:i2], i1, "delete")
            side(b[j1:j2], j1, "insert")
            continue
        for k in range(i2 - i1):
            # The same word, with a space before it on one side only: that space is deleted or inserted.
            before_old = a[i1 + k][0] and i1 + k > 0
            before_new = b[j1 + k][0] and j1 + k > 0
            if before_old or before_new:
                add("equal" if before_old and before_new else "delete" if before_old else "insert", " ")
            add("equal", a[i1 + k][1])
    return ops

