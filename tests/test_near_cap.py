"""Issue #27: the near-duplicate look-up reads a bounded number of index entries a key, and an
archive full of one template (press-release boilerplate shared by every item) neither hides a
copy of one of its items nor makes a copy of the template alone go unnoticed."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from pathlib import Path

from monitor import dedupe
from monitor.store import NewItem, Store
from monitor.text import fingerprint, shingle_sets
from monitor.types import Item
from tests.conftest import open_pipeline, write_config

VOCAB = [f"{a}{b}{c}" for a in "bdfgklmnprstv" for b in "aeiou" for c in "lnrstk"]
TEMPLATE = (
    "About the ministry: the Ministry of Trade, Industry and Fisheries is responsible for "
    "the seafood industry, the mineral industry and maritime affairs. For further "
    "information please contact the press office of the ministry by telephone or e-mail; "
    "press releases are published on the government website and distributed by the national "
    "news agency to all subscribers. Journalists may request interviews with the minister "
    "through the duty press officer, available around the clock on weekdays and weekends. "
    "The ministry does not comment on individual cases before a decision has been made, and "
    "all figures are preliminary until the annual report is published in the spring."
)


def own_text(i: int, n: int = 70) -> str:
    r = random.Random(f"own-{i}")
    return " ".join(r.choice(VOCAB) for _ in range(n))


def new_item(i: int, title: str, body: str) -> NewItem:
    item = Item(source="Wire", guid=f"g{i}", title=title, url=f"https://w.example/{i}",
                summary=body, fetched_at=datetime.now(UTC))  # fmt: skip
    fine, keys = shingle_sets(body)
    return NewItem(item, item.url, fingerprint(title, body), fine, [], keys=keys)


def templated_archive(tmp_path: Path, items: int) -> tuple[Store, list[int]]:
    """``items`` press releases, each its own 70 words and the same 110-word template, and
    their ids: the first is the oldest, which the newest-first cap never reaches through the
    template's keys."""
    url = open_pipeline(write_config(tmp_path / "sources.toml", [])).config.storage_url
    store = Store(url)
    batch = [new_item(i, f"Release {i}", own_text(i) + " " + TEMPLATE) for i in range(items)]
    store.store_batch(batch, [], datetime.now(UTC))
    return store, [n.id for n in batch if n.id is not None]


def test_a_copy_of_a_templated_item_is_found_past_the_templates_keys(tmp_path: Path) -> None:
    store, ids = templated_archive(tmp_path, 3 * dedupe.COMMON_KEY_ITEMS)
    # A republisher's copy of the oldest release, a few words changed at its end.
    body = own_text(0) + " " + TEMPLATE.replace("in the spring", "next spring, it said")
    fine, keys = shingle_sets(body)
    found = store.near_duplicate(fine, "Release 0 (republished)", keys)
    assert found is not None and found.item_id == ids[0], found
    assert found.similarity is not None and found.similarity >= dedupe.COPY_CONTAINMENT
    # A different release under the same template is not a copy of any of them.
    other = own_text(999) + " " + TEMPLATE
    fine, keys = shingle_sets(other)
    assert store.near_duplicate(fine, "Release 999", keys) is None
    store.close()


def test_the_template_alone_is_still_a_copy(tmp_path: Path) -> None:
    """Every key of the text is common: the candidates come from the capped lists."""
    store, ids = templated_archive(tmp_path, 2 * dedupe.COMMON_KEY_ITEMS)
    fine, keys = shingle_sets(TEMPLATE)
    found = store.near_duplicate(fine, "About the ministry", keys)
    assert found is not None and found.item_id in ids and found.similarity == 1.0
    store.close()


def test_index_entries_read_are_capped_a_key(tmp_path: Path) -> None:
    items = 3 * dedupe.COMMON_KEY_ITEMS
    store, _ = templated_archive(tmp_path, items)
    _, keys = shingle_sets(TEMPLATE)
    with store._cursor() as cur:
        rows = list(store._postings(cur, sorted(keys)))
    per_key: dict[int, int] = {}
    for key, _ in rows:
        per_key[key] = per_key.get(key, 0) + 1
    assert per_key and max(per_key.values()) == dedupe.COMMON_KEY_ITEMS + 1  # not all 48
    store.close()


def test_near_candidates_rank_rare_keys_then_all_as_read() -> None:
    # Keys 1-3 are one text's own (item 5 has them); keys 10-19 a template's (items 20-36).
    template = [(k, i) for k in range(10, 20) for i in range(36, 36 - 17, -1)]
    own = [(k, 5) for k in (1, 2, 3)]
    rounds = dedupe.near_candidates(template + own, limit=2, common=16)
    assert rounds == [[5], [36, 35]]  # its own keys first; then the newest sharing the most
    # No common key: one round, the items sharing the most keys (an uncapped count's choice).
    plain = [(1, 7), (2, 7), (3, 7), (1, 8), (2, 8), (4, 9)]
    assert dedupe.near_candidates(plain, limit=2) == [[7, 8]]
    assert dedupe.near_candidates([], limit=8) == [[]]
