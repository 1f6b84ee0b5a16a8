"""Which rows and cells a report's sentence names: exact names, never a substring.

The parser's sentences name what they leave out by the template's dotted names: a row's id
("row requests.granted: …", table 四's one row is "appeals"), a code ("active.regulations.issued"),
a family of codes ("appeals.review"), a cell ("requests.granted[natural_person]"), or a code with
several of its applicant columns ("requests.granted[natural_person, total]", pipeline/ocr_cells.py).
A name counts only whole: "requests.partially_granted" does not name requests.granted, nor
"requests.denied.state_secret" requests.denied.admin_query (every code lies beneath its own row's
id and no other's: tests/test_roundtrip.py's test_row_ids_own_their_codes).
"""
from __future__ import annotations

import re

from parsers.templates import template

# a dotted name (lower-case ASCII words joined by dots) not inside a longer name, and the
# applicant columns in brackets after it, if any (a full stop ends a name)
_NAME = re.compile(r"(?<![A-Za-z0-9_.\[])([a-z_]+(?:\.[a-z_]+)*)(?:\[([a-z_]+(?:, [a-z_]+)*)\])?")


def names(sentence: str) -> list[tuple[str, frozenset[str] | None]]:
    """Each dotted name of the sentence, with the applicant columns given in brackets after it
    (None where it has none)."""
    return [(m[1], frozenset(m[2].split(", ")) if m[2] else None) for m in _NAME.finditer(sentence)]


def row_of(code: str, template_name: str) -> str:
    """The id of the row whose cells the code names."""
    return next(r.id for r in template(template_name).rows for c in r.cells if c.code == code)


def row_named(sentence: str, code: str, template_name: str) -> bool:
    """The sentence names the code's row: by its id or by a name beneath it (a code of the row,
    with or without applicant columns, or a family of its codes)."""
    row = row_of(code, template_name)
    return any(name == row or name.startswith(row + ".") for name, _ in names(sentence))


def cell_named(sentence: str, code: str, applicant: str | None) -> bool:
    """The sentence names the cell itself: its code with its applicant column among those in
    brackets after it, or, for a cell without applicant columns, its code alone."""
    return any(name == code and (applicant in columns if columns is not None else applicant is None)
               for name, columns in names(sentence))


def cell_or_row_named(sentence: str, code: str, applicant: str | None, template_name: str) -> bool:
    """The sentence names the cell (:func:`cell_named`) or, without brackets, what holds all of
    it: its row's id ("row requests.granted: …"; a row left out whole), a family of codes
    holding it ("appeals.review"), or its code."""
    if cell_named(sentence, code, applicant):
        return True
    row = row_of(code, template_name)
    return any(columns is None and (name == row or name.startswith(row + "."))
               and (code == name or code.startswith(name + ".")) for name, columns in names(sentence))
