"""Near-duplicate look-ups: the archived item a text mostly copies, found through the index
keys of its winnowed shingles (the policy, what counts as a copy, is monitor/dedupe.py)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from monitor import dedupe
from monitor.store.base import StoreBase
from monitor.text import unpack_hashes

# Items sharing the most index keys with a text that are judged on all their fingerprints
# (twice as many at most where some keys are a template's: dedupe.near_candidates).
NEAR_CANDIDATES = 8


@dataclass(frozen=True)
class Duplicate:
    """An archived item an entry copies, how it was found (url, fingerprint, near-duplicate)
    and, for a near-duplicate, the share of its fingerprints the entry has."""

    item_id: int
    reason: str
    similarity: float | None = None


class ShinglesMixin(StoreBase):
    """Near-duplicate look-ups: which archived item a text mostly copies."""

    def near_duplicate(
        self, shingles: set[int], title: str, keys: set[int] | None = None
    ) -> Duplicate | None:
        """The archived item this text mostly copies (winnowed-shingle containment), or None.
        ``keys``: the text's index keys (``text.shingle_sets``), if not all of ``shingles``."""
        with self._cursor() as cur:
            return self._near_duplicate(cur, shingles, title, shingles if keys is None else keys)

    def _postings(self, cur: Any, keys: Sequence[int]) -> list[tuple[int, int]]:
        """(key, item id) for each of ``keys``, at most COMMON_KEY_ITEMS + 1 items a key, the
        newest: each key's index range is read from the item found that many places from its
        end, so a key a template put in thousands of items costs what a rare one does. The
        keys go as one value (a JSON array; on PostgreSQL an array)."""
        if self.engine.dialect.name == "postgresql":
            cur.execute(_POSTINGS.format(keys="unnest(%s::bigint[]) AS k(value)"), (list(keys),))
        else:
            cur.execute(_POSTINGS.format(keys="json_each(?) AS k"), (json.dumps(list(keys)),))
        return cur.fetchall()

    def _near_duplicate(
        self, cur: Any, shingles: set[int], title: str, keys: set[int]
    ) -> Duplicate | None:
        if len(shingles) < dedupe.MIN_SHARED or not keys:
            return None
        # The hot query of every poll, as plain SQL on the driver: each key's items, the
        # newest COMMON_KEY_ITEMS + 1 at most, so a look-up reads a bounded number of index
        # entries whatever the archive holds; dedupe.near_candidates picks the few to judge
        # on all their fingerprints below.
        postings = self._postings(cur, sorted(keys))
        for ids in dedupe.near_candidates(postings, NEAR_CANDIDATES):
            found = self._best_copy(cur, shingles, title, ids)
            if found is not None:
                return found
        return None

    def _best_copy(
        self, cur: Any, shingles: set[int], title: str, ids: list[int]
    ) -> Duplicate | None:
        """The item of ``ids`` this text copies the most of (``dedupe.is_copy``), or None."""
        if not ids:
            return None
        theirs: dict[int, set[int]] = {}
        titles: dict[int, str] = {}
        for item_id, item_title, blob in self._rows_in(
            cur,
            "SELECT item.id, item.title, shingle_set.hashes FROM item LEFT JOIN shingle_set "
            "ON shingle_set.item_id = item.id WHERE item.id IN ({inlist})",
            ids,
        ):
            titles[item_id] = item_title
            if blob is not None:
                theirs[item_id] = unpack_hashes(blob)
        older = [i for i in ids if i not in theirs]  # archived before 0002: rows are all
        for item_id, h in self._rows_in(
            cur, "SELECT item_id, hash FROM shingle WHERE item_id IN ({inlist})", older
        ):
            theirs.setdefault(item_id, set()).add(h)
        best: Duplicate | None = None
        for item_id in ids:
            other = theirs.get(item_id, set())
            shared = len(shingles & other)
            if not dedupe.is_copy(shared, len(shingles), len(other), title, titles[item_id]):
                continue
            c = dedupe.containment(shared, len(shingles), len(other))
            if best is None or c > (best.similarity or 0):
                best = Duplicate(item_id, "near-duplicate", round(c, 3))
        return best


# Store._postings: a key's rows from the COMMON_KEY_ITEMS + 1-th newest on (all of them if
# it has fewer). A correlated look-up, not LATERAL (SQLite has none) nor a UNION ALL of a
# limited query a key (SQLite's compound statements cost ~2x as much for ordinary texts).
_POSTINGS = (
    "SELECT k.value, s.item_id FROM {keys} JOIN shingle AS s ON s.hash = k.value "
    "WHERE s.item_id >= coalesce((SELECT item_id FROM shingle WHERE hash = k.value "
    f"ORDER BY item_id DESC LIMIT 1 OFFSET {dedupe.COMMON_KEY_ITEMS}), 0)"
)
