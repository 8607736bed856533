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
    # For a near-duplicate: whether the archived item is on topic, and how many fingerprints
    # it has (a headline or a teaser has few): a fuller text of an off-topic stub is judged on
    # its own (Pipeline._fuller_than_stub).
    on_topic: bool = True
    size: int = 0


class ShinglesMixin(StoreBase):
    """Near-duplicate look-ups: which archived item a text mostly copies."""

    def near_duplicate(
        self, shingles: set[int], title: str, keys: set[int] | None = None
    ) -> Duplicate | None:
        """The archived item this text mostly copies (winnowed-shingle containment), or None.
        ``keys``: the text's index keys (``text.shingle_sets``), if not all of ``shingles``."""
        return self.near_duplicates([(shingles, title, keys)])[0]

    def near_duplicates(
        self, texts: Sequence[tuple[set[int], str, set[int] | None]]
    ) -> list[Duplicate | None]:
        """``near_duplicate`` of each of ``texts`` ((shingles, title, keys)), asked together: a
        feed's texts are looked up in two queries (the postings of all their keys, then the
        fingerprints of all their first-round candidates), not two or three each. On
        PostgreSQL each query is a wait on the server, and these were a fifth of a first
        poll's. The verdicts are those of one look-up a text."""
        out: list[Duplicate | None] = [None] * len(texts)
        todo = [
            (n, shingles, title, shingles if keys is None else keys)
            for n, (shingles, title, keys) in enumerate(texts)
            if len(shingles) >= dedupe.MIN_SHARED and (shingles if keys is None else keys)
        ]
        if not todo:
            return out
        with self._cursor() as cur:
            # The hot query of every poll, as plain SQL on the driver: each key's items, the
            # newest COMMON_KEY_ITEMS + 1 at most, so a look-up reads a bounded number of
            # index entries whatever the archive holds; a key's rows do not depend on the
            # other keys asked with it, so one query serves every text.
            items_of: dict[int, list[int]] = {}
            for key, item_id in self._postings(cur, sorted(set().union(*(t[3] for t in todo)))):
                items_of.setdefault(key, []).append(item_id)
            rounds = {
                n: dedupe.near_candidates(
                    ((k, i) for k in sorted(keys) for i in items_of.get(k, ())), NEAR_CANDIDATES
                )
                for n, _, _, keys in todo
            }
            theirs: dict[int, set[int]] = {}
            titles: dict[int, tuple[str, bool]] = {}
            step = 0
            while todo:
                wanted = {i for n, *_ in todo for i in rounds[n][step]}
                self._load_sets(cur, sorted(wanted - titles.keys()), theirs, titles)
                for n, shingles, title, _ in todo:
                    out[n] = _best_copy(shingles, title, rounds[n][step], theirs, titles)
                step += 1  # a text's next round is judged only if this one held no copy
                todo = [t for t in todo if out[t[0]] is None and step < len(rounds[t[0]])]
        return out

    def _postings(self, cur: Any, keys: Sequence[int]) -> list[tuple[int, int]]:
        """(key, item id) for each of ``keys``, at most COMMON_KEY_ITEMS + 1 items a key, the
        newest: each key's index range is read from the item found that many places from its
        end, so a key a template put in thousands of items costs what a rare one does. The
        keys go as one value (a JSON array; on PostgreSQL an array)."""
        if self.engine.dialect.name == "postgresql":
            cur.execute(_POSTINGS.format(keys="unnest(%b::bigint[]) AS k(value)"), (list(keys),))
        else:
            cur.execute(_POSTINGS.format(keys="json_each(?) AS k"), (json.dumps(list(keys)),))
        return cur.fetchall()

    def _load_sets(
        self,
        cur: Any,
        ids: list[int],
        theirs: dict[int, set[int]],
        titles: dict[int, tuple[str, bool]],
    ) -> None:
        """The titles (with whether each item is on topic) and all the fingerprints of the
        items ``ids``, into ``titles`` and ``theirs``."""
        if not ids:
            return
        have: set[int] = set()
        for item_id, item_title, on_topic, blob in self._rows_in(
            cur,
            "SELECT item.id, item.title, item.on_topic, shingle_set.hashes FROM item "
            "LEFT JOIN shingle_set ON shingle_set.item_id = item.id WHERE item.id IN ({inlist})",
            ids,
        ):
            titles[item_id] = (item_title, bool(on_topic))
            if blob is not None:
                theirs[item_id] = unpack_hashes(blob)
                have.add(item_id)
        older = [i for i in ids if i not in have]  # archived before 0002: rows are all
        for item_id, h in self._rows_in(
            cur, "SELECT item_id, hash FROM shingle WHERE item_id IN ({inlist})", older
        ):
            theirs.setdefault(item_id, set()).add(h)


def _best_copy(
    shingles: set[int],
    title: str,
    ids: list[int],
    theirs: dict[int, set[int]],
    titles: dict[int, tuple[str, bool]],
) -> Duplicate | None:
    """The item of ``ids`` this text copies (``dedupe.is_copy``), ranked by
    ``dedupe.copy_rank``, or None."""
    best: Duplicate | None = None
    for item_id in ids:
        other = theirs.get(item_id, set())
        shared = len(shingles & other)
        their_title, on_topic = titles[item_id]
        if not dedupe.is_copy(shared, len(shingles), len(other), title, their_title):
            continue
        c = dedupe.containment(shared, len(shingles), len(other))
        if best is None or dedupe.copy_rank(on_topic, c) > dedupe.copy_rank(
            best.on_topic, best.similarity
        ):
            best = Duplicate(item_id, "near-duplicate", round(c, 3), on_topic, len(other))
    return best


# Store._postings: a key's rows from the COMMON_KEY_ITEMS + 1-th newest on (all of them if
# it has fewer). A correlated look-up, not LATERAL (SQLite has none) nor a UNION ALL of a
# limited query a key (SQLite's compound statements cost ~2x as much for ordinary texts).
_POSTINGS = (
    "SELECT k.value, s.item_id FROM {keys} JOIN shingle AS s ON s.hash = k.value "
    "WHERE s.item_id >= coalesce((SELECT item_id FROM shingle WHERE hash = k.value "
    f"ORDER BY item_id DESC LIMIT 1 OFFSET {dedupe.COMMON_KEY_ITEMS}), 0)"
)
