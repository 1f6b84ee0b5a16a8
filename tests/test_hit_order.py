"""sequence.HitOrder: each hit's neighbours found once, as the scans they replace found them
(the row label before a hit in its table, the hit right after it), over random streams."""
from __future__ import annotations

import random

from parsers.alignment import _Hit
from parsers.sequence import HitOrder


def _scan_previous_row(h: _Hit, hits: list[_Hit]) -> _Hit | None:
    i = next((k for k, o in enumerate(hits) if o is h), None)
    return next((o for o in reversed(hits[:i]) if o.row_id and o.table == h.table), None) if i else None


def _scan_next(h: _Hit, hits: list[_Hit]) -> _Hit | None:
    i = next((k for k, o in enumerate(hits) if o is h), None)
    return hits[i + 1] if i is not None and i + 1 < len(hits) else None


def test_neighbours_are_the_scans():
    rng = random.Random(9)
    for _ in range(200):
        hits = [_Hit(rng.choice([None, "a", "b", "appeals"]), "", None, 0, table=rng.choice([None, "active", "requests"]))
                for _ in range(rng.randint(0, 12))]
        if hits and rng.random() < 0.3:
            hits.insert(rng.randrange(len(hits)), rng.choice(hits))  # the same hit twice: its first place
        order = HitOrder(hits)
        for h in hits + [_Hit("a", "", None, 0, table="requests")]:  # and one not in the stream
            assert order.previous_row(h) is _scan_previous_row(h, hits)
            assert order.next_hit(h) is _scan_next(h, hits)
