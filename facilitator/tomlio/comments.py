"""The comments around the records of an array of tables, kept with the record they belong to.

tomlkit keeps the comment lines above a `[[header]]` at the end of the *previous* table. When records are
removed or reordered, those lines must move with the record below them, and the lines after the list's
last record (the next section's heading) must stay at the end of the list.
"""

from __future__ import annotations

from typing import Any

import tomlkit
from tomlkit.items import AoT, Comment, InlineTable, Table, Whitespace


def tail_body(table: Table) -> list[tuple[Any, Any]]:
    """The body that holds the lines written after ``table`` (the innermost last table, for nested lists)."""
    body = table.value.body
    while body and body[-1][0] is not None:
        last = body[-1][1]
        if isinstance(last, AoT) and last.body:
            body = last.body[-1].value.body
        elif isinstance(last, Table):
            body = last.value.body
        else:
            break
    return body


def pop_tail(table: Table) -> list[tuple[Any, Any]]:
    """Remove and return the comment and blank lines after ``table``'s keys, from its first blank line on
    (comments directly under the keys, with no blank line between, belong to the table itself)."""
    body = tail_body(table)
    i = len(body)
    while i and body[i - 1][0] is None and isinstance(body[i - 1][1], (Comment, Whitespace)):
        i -= 1
    while i < len(body) and not isinstance(body[i][1], Whitespace):
        i += 1
    run = body[i:]
    del body[i:]
    return run


def detach_leads(aot: AoT, order: list[Any]) -> tuple[dict[Any, str], list[tuple[Any, Any]]]:
    """Take the lines between records out of ``aot``: ({record id: the lines above its header}, the lines
    after the last record)."""
    leads: dict[Any, str] = {}
    tail: list[tuple[Any, Any]] = []
    for k, table in enumerate(aot.body):
        run = pop_tail(table)
        if k + 1 < len(aot.body):
            leads[order[k + 1]] = "".join(item.as_string() for _key, item in run)
        else:
            tail = run
    return leads, tail


def first_lead(parent: Any, aot: AoT) -> str:
    """Take out the comments right above the list's first header when a blank line parts them from the
    section's heading above (``# People``, blank, ``# Bruno joined in May``, ``[[stakeholders]]``)."""
    if parent is None or isinstance(parent, InlineTable):
        return ""
    body = parent.body if isinstance(parent, tomlkit.TOMLDocument) else parent.value.body
    at = next((i for i, (_key, item) in enumerate(body) if item is aot), None)
    if not at:
        return ""
    prev = body[at - 1][1]
    if isinstance(prev, AoT) and prev.body:
        prev = prev.body[-1]
    if not isinstance(prev, Table):
        return ""
    inner = tail_body(prev)
    i = len(inner)
    while i and inner[i - 1][0] is None and isinstance(inner[i - 1][1], Comment):
        i -= 1
    if i == len(inner) or not i or inner[i - 1][0] is not None or not isinstance(inner[i - 1][1], Whitespace):
        return ""  # no comment block of its own, or not parted by a blank line
    j = i - 1
    if not j or inner[j - 1][0] is not None or not isinstance(inner[j - 1][1], Comment):
        return ""  # a single block of comments: the section's heading, which stays
    run = inner[j:]
    del inner[j:]
    return "".join(item.as_string() for _key, item in run)


def append_table(aot: AoT, table: Table) -> None:
    """Append ``table`` to ``aot`` after its last record, before the lines that follow the list."""
    tail = pop_tail(aot.body[-1]) if aot.body else []
    if aot.body and "\n" not in table.trivia.indent:
        table.trivia.indent = "\n" + table.trivia.indent
    aot.append(table)
    tail_body(aot.body[-1]).extend(tail)


def delete_list(table: Any, name: str) -> None:
    """Delete the array of tables ``table[name]``, keeping the lines that followed it where it was."""
    aot = table[name]
    tail = pop_tail(aot.body[-1]) if aot.body else []
    body = table.body if isinstance(table, tomlkit.TOMLDocument) else table.value.body
    at = next((i for i, (_key, item) in enumerate(body) if item is aot), None)
    del table[name]
    text = "".join(item.as_string() for _key, item in tail)
    if text and at is not None and body[at][0] is None:
        body[at] = (None, Whitespace(text))  # rendered as written; the next read parses them as comments
