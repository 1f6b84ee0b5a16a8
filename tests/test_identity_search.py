"""The exact search of the identities across rows (parsers/alignment.py, ``_supported_by_sums``)
keeps a row's placement exactly when some choice in the other open rows completes every
identity, column by column: checked against trying every combination, on random tables 三
(both templates) with blanks dropped in a few rows, small enough to try all.  It follows each
(identity, column) sum only while the sum is open and takes the rows in its own order; neither
may change the answer.  Some tables have their arithmetic spoiled (a printed cell off by one):
where no combination holds, the search says so (False), as trying them all does.
"""
from __future__ import annotations

import itertools
import math
import random

import pytest

from parsers.alignment import AlignedRow, PlacedCell, _identities_hold, _supported_by_sums
from parsers.templates import template

SEEDS = range(200)


def _consistent_columns(rng: random.Random, results: list[str]) -> dict[str, list[int]]:
    """Per applicant column: result rows (mostly 0), 总计 their sum, 四 and 二 small, 一 the
    balance; the 总计 column the sum of the six."""
    values: dict[str, list[int]] = {c: [] for c in results + ["requests.total", "requests.carried_forward",
                                                              "requests.carried_over", "requests.new"]}
    for _ in range(6):
        col = {c: (rng.randint(1, 9) if rng.random() < 0.15 else 0) for c in results}
        total = sum(col.values())
        forward = rng.randint(0, 3) if rng.random() < 0.3 else 0
        carried = rng.randint(0, total + forward) if rng.random() < 0.4 else 0
        col |= {"requests.total": total, "requests.carried_forward": forward,
                "requests.carried_over": carried, "requests.new": total + forward - carried}
        for c, v in col.items():
            values[c].append(v)
    for v in values.values():
        v.append(sum(v))
    return values


def _options(values: list[int], dropped: set[int]) -> list[list[PlacedCell]]:
    """Every order-preserving placement of the cells not dropped whose row sum holds (as
    parsers.alignment._place_fewer builds them)."""
    shown = [v for i, v in enumerate(values) if i not in dropped]
    out = []
    for pos in itertools.combinations(range(len(values)), len(shown)):
        row = [PlacedCell(0.0, "", None)] * len(values)
        for p, v in zip(pos, shown):
            row[p] = PlacedCell(float(v), str(v), None)
        if sum(c.value for c in row[:6]) == row[6].value:
            out.append(row)
    return out


def _table(seed: int, name: str) -> tuple[list[AlignedRow], object]:
    rng = random.Random(seed)
    tpl = template(name)
    results = list(next(i for i in tpl.identities if i.check == "requests.results_total").left)
    values = _consistent_columns(rng, results)
    if rng.random() < 0.2:  # the source's arithmetic off: one printed cell one too many
        code = rng.choice(sorted(values))
        values[code][rng.randrange(6)] += 1
        values[code][6] += 1
    rows = []
    open_rows = set(rng.sample(sorted(values), rng.randint(2, 8)))
    for spec in tpl.rows:
        if spec.id not in values:
            continue
        vals = values[spec.id]
        zeros = [i for i, v in enumerate(vals) if v == 0]
        dropped = set(rng.sample(zeros, min(len(zeros), rng.randint(1, 4)))) if spec.id in open_rows else set()
        options = _options(vals, dropped)
        if dropped and len(options) > 1:
            rows.append(AlignedRow(spec, spec.id, [None] * 7, "open", options))
        else:
            rows.append(AlignedRow(spec, spec.id, [PlacedCell(float(v), str(v), None) for v in vals]))
    return rows, tpl


def _distinct(row: AlignedRow) -> list[tuple[float, ...]]:
    """A row's placements by the values they give (placements that differ only in which of
    several equal printed values stands where give the same cells)."""
    return sorted({tuple(c.value for c in o) for o in row.options})


def _every_combination(rows: list[AlignedRow], tpl) -> list[set[int]] | None:
    """Per open row, the placements some combination keeps; None when none holds."""
    open_rows = [r for r in rows if r.options]
    known = {(s.code, s.applicant_type): c.value for r in rows if not r.options for s, c in zip(r.spec.cells, r.cells)}
    kept: list[set[tuple[float, ...]]] = [set() for _ in open_rows]
    for combo in itertools.product(*(_distinct(r) for r in open_rows)):
        cells = dict(known)
        for r, vals in zip(open_rows, combo):
            cells.update(((s.code, s.applicant_type), v) for s, v in zip(r.spec.cells, vals))
        if _identities_hold(cells, tpl):
            for k, vals in enumerate(combo):
                kept[k].add(vals)
    if not any(kept):
        return None
    return [{n for n, o in enumerate(r.options) if tuple(c.value for c in o) in ks} for r, ks in zip(open_rows, kept)]


@pytest.mark.parametrize("name", ["2021", "2019"])
def test_sum_search_keeps_what_every_combination_keeps(name):
    tried = spoiled = 0
    for seed in SEEDS:
        rows, tpl = _table(seed, name)
        open_rows = [r for r in rows if r.options]
        if len(open_rows) < 2 or math.prod(len(_distinct(r)) for r in open_rows) > 20_000:
            continue
        expected = _every_combination(rows, tpl)
        before = [list(r.options) for r in open_rows]
        held = _supported_by_sums(rows, tpl)
        tried += 1
        if expected is None:
            spoiled += 1
            assert held is False, seed
            continue
        assert held is True, seed
        got = [{next(n for n, o in enumerate(b) if o is kept) for kept in r.options}
               for r, b in zip(open_rows, before)]
        assert got == expected, (seed, [r.spec.id for r in open_rows])
    assert tried >= 60 and spoiled >= 3, (tried, spoiled)  # the draw reaches both answers
