"""Rows left open by their own sums settled by the identities across rows (一+二 = （七）+四 per
column …, ``resolve_with_identities``): each identity, column by column, removes the
placements of a row no choice in the other rows can balance; then the combinations left are
checked exactly — all of them where few (``_enumerate``), else by following the identities'
partial sums row by row (``_supported_by_sums``).  Cells every surviving placement agrees on
are placed; when nothing survives (the source's arithmetic is off) nothing changes.

It reads and narrows ``AlignedRow.options`` only, after every row is placed
(``alignment``); how a single row is placed is ``cell_placement``'s.
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import product

from .aligned_rows import AlignedRow, PlacedCell
from .cell_placement import _agreed, _ambiguity_note, _cell_name
from .templates import APPLICANT_TYPES, RowSpec, Template


_MAX_COMBINATIONS = 5000


def resolve_with_identities(rows: list[AlignedRow], tpl: Template) -> None:
    """Settle ambiguous rows with the identities across rows (一+二 = （七）+四 per column …).

    First each identity, column by column, removes the placements of a row that no choice in
    the other rows can balance (cheap, and sound); then, if few combinations are left, every
    combination is tried.  Cells that agree in all surviving placements are placed.  If the
    source's arithmetic is off so that nothing survives, nothing changes.
    """
    ambiguous = [r for r in rows if r.options]
    if not ambiguous or not tpl.identities:
        return
    before = {id(r): list(r.options) for r in ambiguous}
    if not _propagate(rows, tpl) or not _enumerate(rows, tpl):
        for r in ambiguous:
            r.options = before[id(r)]
        return
    for r in ambiguous:
        had = list(r.cells)
        r.cells = _agreed(r.options)
        if all(c is not None for c in r.cells):
            r.note, r.options = None, None
        else:
            r.note = _settled_note(r.spec, r.note, had, r.cells)


def _settled_note(spec: RowSpec, note: str | None, had: list[PlacedCell | None],
                  cells: list[PlacedCell | None]) -> str:
    """The row's sentence after the identities across rows placed some of its open cells: why
    the row was open (its own sentence, up to what it left out), what the totals placed, what
    is still left out."""
    settled = [_cell_name(spec, s) for s, (a, b) in enumerate(zip(had, cells)) if a is None and b is not None]
    if not settled:
        return note or _ambiguity_note(spec, cells)
    why = note.rsplit("; left out ", 1)[0] if note and "; left out " in note else \
        f"row {spec.id}: not all cells could be placed"
    names = ", ".join(_cell_name(spec, s) for s, c in enumerate(cells) if c is None)
    return f"{why}; the table's totals across rows placed {', '.join(settled)}; left out {names}"


_MAX_SUMS = 4096


def _possible_values(rows: list[AlignedRow]) -> dict[tuple[str, str | None], tuple[AlignedRow | None, set[float]]]:
    out: dict[tuple[str, str | None], tuple[AlignedRow | None, set[float]]] = {}
    for r in rows:
        for slot, spec in enumerate(r.spec.cells):
            key = (spec.code, spec.applicant_type)
            if r.options:
                out[key] = (r, {o[slot].value for o in r.options})  # NaN: unreadable (identities skip it)
            elif r.cells[slot] is not None:
                out[key] = (None, {r.cells[slot].value})
    return out


def _propagate(rows: list[AlignedRow], tpl: Template) -> bool:
    """Arc consistency over the identities; False if some row loses every placement."""
    changed = True
    while changed:
        changed = False
        for ident in tpl.identities:
            for at in APPLICANT_TYPES:
                terms = [((c, at), 1) for c in ident.left] + [((c, at), -1) for c in ident.right]
                values = _possible_values(rows)
                if not all(k in values for k, _ in terms):
                    continue
                for k, sign in terms:
                    row = values[k][0]
                    if row is None:
                        continue
                    if any(v != v for o, _ in terms if o != k for v in values[o][1]):
                        continue  # another cell may be unreadable: the sum says nothing about this one
                    others = _signed_sums([(values[o][1], s) for o, s in terms if o != k])
                    if others is None:
                        continue
                    slot = next(i for i, c in enumerate(row.spec.cells) if (c.code, c.applicant_type) == k)
                    # a placement putting an unreadable cell here cannot be checked: it stays
                    kept = [o for o in row.options if o[slot].value != o[slot].value
                            or any(abs(sign * o[slot].value + x) < 1e-6 for x in others)]
                    if not kept:
                        return False
                    if len(kept) < len(row.options):
                        row.options = kept
                        changed = True
    return True


def _signed_sums(parts: list[tuple[set[float], int]]) -> set[float] | None:
    sums = {0.0}
    for vals, sign in parts:
        sums = {s + sign * v for s in sums for v in vals}
        if len(sums) > _MAX_SUMS:
            return None
    return sums


def _enumerate(rows: list[AlignedRow], tpl: Template) -> bool:
    """Exact check of the remaining combinations when there are few; False if none holds.

    Bounded on purpose: past ``_MAX_COMBINATIONS`` the propagated placements stand (sound,
    possibly leaving out a cell an exhaustive search could place)."""
    ambiguous = [r for r in rows if r.options]
    size = 1
    for r in ambiguous:
        size *= len(r.options)
    if not ambiguous:
        return True
    if size > _MAX_COMBINATIONS:
        return _supported_by_sums(rows, tpl)
    known = {(s.code, s.applicant_type): c.value for r in rows if not r.options
             for s, c in zip(r.spec.cells, r.cells) if c is not None}
    survivors = []
    for combo in product(*(r.options for r in ambiguous)):
        cells = dict(known)
        for r, option in zip(ambiguous, combo):
            cells.update(((s.code, s.applicant_type), c.value) for s, c in zip(r.spec.cells, option))
        if _identities_hold(cells, tpl):
            survivors.append(combo)
    if not survivors:
        return False
    for i, r in enumerate(ambiguous):
        r.options = [combo[i] for combo in survivors]
    return True


_MAX_WORK = 30_000  # partial sums × placements followed, forward (the backward pass costs the same)


def _supported_by_sums(rows: list[AlignedRow], tpl: Template) -> bool:
    """Exact, without trying every combination: keep each ambiguous row's placements that
    some choice in all the other rows completes so that every identity holds, column by
    column.  The identities are linear, so a row's placement only adds its signed cells to
    each (identity, column) sum: a forward pass collects the reachable partial sums row by
    row, a backward pass keeps those that can still end at zero, and a placement survives
    when it links the two.

    Only the sums still open are followed: an (identity, column) sum enters with the first
    of its rows and leaves with its last, where it must be zero (partial sums that are not
    are dropped there), and the rows are taken in the order that keeps the fewest sums open
    (``_closing_order``: 一, 二, （七）总计 close the balance before the result rows open
    the results' sums).  Followed all at once in the document's order, every sum stayed
    open to the last row, the partial sums multiplied, and past the bound the identities
    placed nothing they fix (issue 9: a 2019 report, blanks dropped, 33,126 steps).  Past
    ``_MAX_WORK`` steps the placements stand as they are (sound: nothing removed).  False
    when no combination holds (the caller then keeps what it had: the source's arithmetic
    is off)."""
    values = _possible_values(rows)
    constraints: list[list[tuple[tuple[str, str | None], int]]] = []
    for ident in tpl.identities:
        for at in APPLICANT_TYPES:
            terms = [((c, at), 1) for c in ident.left] + [((c, at), -1) for c in ident.right]
            if all(k in values for k, _ in terms) and not any(v != v for k, _ in terms for v in values[k][1]):
                constraints.append(terms)
    if not constraints:
        return True
    base = [0.0] * len(constraints)
    members: list[set[int]] = [set() for _ in constraints]
    involved: dict[int, AlignedRow] = {}
    for j, terms in enumerate(constraints):
        for k, sign in terms:
            row, vals = values[k]
            if row is None:
                base[j] += sign * next(iter(vals))
            else:
                involved[id(row)] = row
                members[j].add(id(row))
    if any(not m and round(b, 6) != 0 for m, b in zip(members, base)):
        return False  # an identity of placed cells alone fails
    order = _closing_order([r for r in rows if id(r) in involved], members)
    steps = _sum_steps(order, constraints, members, base)
    contribs = [[s.contribution(o) for o in r.options] for r, s in zip(order, steps)]
    forward: list[set[tuple[float, ...]]] = [{()}]
    work = 0
    for step, cs in zip(steps, contribs):
        distinct = set(cs)
        work += len(forward[-1]) * len(distinct)
        if work > _MAX_WORK:
            return True  # too many partial sums to follow in time: nothing removed
        forward.append({t for s in forward[-1] for c in distinct if (t := step.add(s, c)) is not None})
    back = forward[-1]  # {()} when some combination holds, else empty
    if not back:
        return False
    kept: list[set[int]] = [set() for _ in order]
    for i in range(len(order) - 1, -1, -1):
        step, cs, here = steps[i], contribs[i], set()
        for s in forward[i]:
            links = {c for c in set(cs) if step.add(s, c) in back}
            if links:
                here.add(s)
                kept[i].update(n for n, c in enumerate(cs) if c in links)
        back = here
    for r, ns in zip(order, kept):
        r.options = [r.options[n] for n in sorted(ns)]
    return True


def _closing_order(rows: list[AlignedRow], members: list[set[int]]) -> list[AlignedRow]:
    """The rows in the order that keeps the fewest (identity, column) sums open at a time:
    each step takes the row after which the fewest sums have some of their rows in and some
    still out (ties: the document's order).  Any order gives the same answer; this one
    keeps the partial sums few."""
    done: set[int] = set()
    left = list(rows)
    out: list[AlignedRow] = []
    while left:
        def still_open(r: AlignedRow) -> int:
            seen = done | {id(r)}
            return sum(1 for m in members if m & seen and not m <= seen)
        best = min(left, key=still_open)  # min keeps the first of equals: the document's order
        left.remove(best)
        done.add(id(best))
        out.append(best)
    return out


@dataclass
class _SumStep:
    """One row's step in ``_supported_by_sums``: which sums are open before it and after it,
    which it opens (starting from the placed cells' part, ``base``) and which it closes."""

    before: tuple[int, ...]
    after: tuple[int, ...]
    opens: dict[int, float]
    closes: tuple[int, ...]
    terms: list[tuple[int, int, int]]  # (sum, the row's slot, sign)

    def contribution(self, option: list[PlacedCell]) -> tuple[tuple[int, float], ...]:
        acc: dict[int, float] = {}
        for j, slot, sign in self.terms:
            acc[j] = acc.get(j, 0.0) + sign * option[slot].value
        return tuple(sorted((j, round(v, 6)) for j, v in acc.items()))

    def add(self, state: tuple[float, ...], contribution: tuple[tuple[int, float], ...]) -> tuple[float, ...] | None:
        """The open sums after this row's placement; None where a sum it closes is not zero."""
        acc = dict(zip(self.before, state))
        acc.update(self.opens)
        for j, v in contribution:
            acc[j] = round(acc[j] + v, 6)
        if any(acc[j] != 0 for j in self.closes):
            return None
        return tuple(acc[j] for j in self.after)


def _sum_steps(order: list[AlignedRow], constraints: list[list[tuple[tuple[str, str | None], int]]],
               members: list[set[int]], base: list[float]) -> list[_SumStep]:
    first = {j: next(i for i, r in enumerate(order) if id(r) in m) for j, m in enumerate(members) if m}
    last = {j: max(i for i, r in enumerate(order) if id(r) in m) for j, m in enumerate(members) if m}
    steps = []
    for i, r in enumerate(order):
        slot = {(c.code, c.applicant_type): n for n, c in enumerate(r.spec.cells)}
        steps.append(_SumStep(
            before=tuple(j for j in sorted(first) if first[j] < i <= last[j]),
            after=tuple(j for j in sorted(first) if first[j] <= i < last[j]),
            opens={j: round(base[j], 6) for j in first if first[j] == i},
            closes=tuple(j for j in last if last[j] == i),
            terms=[(j, slot[k], sign) for j, terms in enumerate(constraints) if id(r) in members[j]
                   for k, sign in terms if k in slot]))
    return steps


def _identities_hold(cells: dict[tuple[str, str | None], float], tpl: Template) -> bool:
    for ident in tpl.identities:
        for at in APPLICANT_TYPES:
            left = [(c, at) for c in ident.left]
            right = [(c, at) for c in ident.right]
            if all(k in cells for k in left + right):
                if any(cells[k] != cells[k] for k in left + right):
                    continue  # an unreadable cell: this sum cannot be checked
                if abs(sum(cells[k] for k in left) - sum(cells[k] for k in right)) > 1e-6:
                    return False
    return True
