"""Near-duplicate fingerprints: the archive indexes a coarser winnowing of each text (the keys)
and judges the candidates on all of their fingerprints. The keys must keep the guarantee that
a long shared passage is found, and archives written before the keys existed must still work."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import text as sql_text

from monitor.store import NewItem, NewSighting, Store
from monitor.text import (
    INDEX_WINDOW,
    SHINGLE_SIZE,
    pack_hashes,
    shingle_sets,
    shingles,
    unpack_hashes,
)
from monitor.types import Item
from tests.conftest import _archive_url

VOCAB = [f"w{i}" for i in range(400)]
PASSAGE = SHINGLE_SIZE + INDEX_WINDOW - 1  # 16 words


def _text(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(VOCAB) for _ in range(n))


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10_000), st.integers(0, 300), st.integers(0, 300), st.integers(0, 40))
def test_a_shared_16_word_passage_always_shares_a_key(
    seed: int, before_a: int, before_b: int, extra: int
) -> None:
    rng = random.Random(seed)
    passage = _text(rng, PASSAGE + extra)
    a = f"{_text(rng, before_a)} {passage} {_text(rng, 50)}"
    b = f"{_text(rng, before_b)} {passage} {_text(rng, 7)}"
    fine_a, keys_a = shingle_sets(a)
    fine_b, keys_b = shingle_sets(b)
    assert keys_a & keys_b, "the passage left no common index key"
    assert keys_a <= fine_a and keys_b <= fine_b  # keys are some of the fingerprints
    assert fine_a == shingles(a)


def test_keys_are_fewer_than_fingerprints_and_short_texts_keep_all() -> None:
    rng = random.Random(3)
    fine, keys = shingle_sets(_text(rng, 500))
    assert len(keys) < 0.5 * len(fine)  # the point of the keys: fewer index rows
    short = _text(rng, 20)
    assert shingle_sets(short) == (shingles(short), shingles(short))


def test_packed_fingerprints_round_trip() -> None:
    values = {0, 1, -1, 2**63 - 1, -(2**63), 123456789}
    assert unpack_hashes(pack_hashes(values)) == values
    assert unpack_hashes(pack_hashes(set())) == set()


def _store(tmp_path: Path, name: str = "archive.db") -> Store:
    return Store(_archive_url.get("url", f"sqlite:///{tmp_path / name}"))


def _archive(store: Store, guid: str, body: str) -> int:
    fine, keys = shingle_sets(body)
    item = Item(source="S", guid=guid, url=f"https://x.example/{guid}", title=f"Title {guid}",
                text=body)  # fmt: skip
    new = NewItem(item, item.url, f"fp-{guid}", fine, [], keys=keys)
    store.store_batch([new], [], datetime.now(UTC))
    assert new.id is not None
    return new.id


def test_near_copies_are_found_in_new_and_in_older_archived_items(tmp_path: Path) -> None:
    rng = random.Random(11)
    store = _store(tmp_path)
    new_style = _text(rng, 400)
    old_style = _text(rng, 400)
    a = _archive(store, "a", new_style)
    b = store_old_style(store, "b", old_style)
    _archive(store, "noise", _text(rng, 400))
    for body, want in ((new_style, a), (old_style, b)):
        copy = body + " " + _text(rng, 30)  # a republished copy with a line added
        fine, keys = shingle_sets(copy)
        found = store.near_duplicate(fine, "Another headline", keys)
        assert found is not None and found.item_id == want
        assert found.similarity == 1.0  # all of the archived text is in the copy
    fine, keys = shingle_sets(_text(rng, 400))
    assert store.near_duplicate(fine, "Unrelated", keys) is None
    store.close()


def store_old_style(store: Store, guid: str, body: str) -> int:
    """An item as a monitor before schema 0002 stored it: every fingerprint an index row."""
    fine = shingles(body)
    item = Item(source="S", guid=guid, url=f"https://x.example/{guid}", title=f"Title {guid}",
                text=body)  # fmt: skip
    new = NewItem(item, item.url, f"fp-{guid}", fine, [])  # keys None: all are keys
    store.store_batch([new], [], datetime.now(UTC))
    with store.engine.begin() as conn:
        conn.execute(sql_text("DELETE FROM shingle_set WHERE item_id = :i"), {"i": new.id})
        rows = conn.execute(
            sql_text("SELECT count(*) FROM shingle WHERE item_id = :i"), {"i": new.id}
        ).scalar()
    assert rows == len(fine)
    assert new.id is not None
    return new.id


def test_export_and_import_keep_fingerprints_and_keys(tmp_path: Path) -> None:
    rng = random.Random(5)
    body_new, body_old = _text(rng, 300), _text(rng, 300)
    source = _store(tmp_path)
    _archive(source, "a", body_new)
    store_old_style(source, "b", body_old)
    records = list(source.export_records())
    source.close()
    items = {r["guid"]: r for r in records if r["type"] == "item"}
    assert set(items["a"]["shingles"]) == shingles(body_new)
    assert set(items["a"]["shingle_keys"]) == shingle_sets(body_new)[1]
    assert "shingle_keys" not in items["b"]  # as an older monitor exported it
    if "url" in _archive_url:  # PostgreSQL: import into a SQLite archive (a move)
        target = Store(f"sqlite:///{tmp_path / 'moved.db'}")
    else:
        target = _store(tmp_path, "moved.db")
    target.import_records(records)
    for body, guid in ((body_new, "a"), (body_old, "b")):
        fine, keys = shingle_sets(body + " " + _text(rng, 20))
        found = target.near_duplicate(fine, "x", keys)
        assert found is not None and found.similarity == 1.0
        assert target.item_detail(found.item_id)[0].guid == guid  # type: ignore[index]
    target.close()


def test_sqlite_keeps_statement_journals_in_memory(tmp_path: Path) -> None:
    """A grouped poll opens a savepoint per feed; its journal must not be a file per feed."""
    store = Store(f"sqlite:///{tmp_path / 'a.db'}")
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA temp_store").scalar() == 2  # MEMORY
    store.close()


def test_new_sqlite_archive_has_8k_pages_an_old_one_keeps_its_own(tmp_path: Path) -> None:
    """Item rows with a feed summary (~2.6 KB) fill 8 KiB pages, not 4 KiB ones; an archive made
    before keeps its page size and still opens (SQLite changes it only on VACUUM)."""
    import sqlite3

    from monitor.store import PAGE_SIZE

    store = Store(f"sqlite:///{tmp_path / 'new.db'}")
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA page_size").scalar() == PAGE_SIZE == 8192
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        # the WAL is checkpointed at 512 MiB, whatever the page size (below: 4 KiB)
        assert conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() * 8192 == 512 << 20
    store.close()
    old = tmp_path / "old.db"
    with sqlite3.connect(old) as db:  # an archive file made with SQLite's default, 4 KiB
        db.execute("PRAGMA page_size=4096")
        db.execute("PRAGMA journal_mode=WAL")
    store = Store(f"sqlite:///{old}")
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA page_size").scalar() == 4096
        assert conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() * 4096 == 512 << 20
    assert store.is_empty()
    store.close()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(-(2**63), 2**63 - 1), max_size=60))
def test_fingerprints_and_keys_are_the_minima_of_each_window(hashes: list[int]) -> None:
    """Against the definition: the minimum of every window of 4 (the fingerprints) and of
    12 (the keys, once the text is long enough), computed here the slow way."""
    from unittest import mock

    def naive(window: int) -> set[int]:
        if len(hashes) <= window:
            return {min(hashes)} if hashes else set()
        return {min(hashes[i : i + window]) for i in range(len(hashes) - window + 1)}

    with mock.patch("monitor.text._shingle_hashes", return_value=hashes):
        fine, keys = shingle_sets("(the hashes above)")
    assert fine == naive(4)
    assert keys == (naive(12) if len(hashes) >= 2 * INDEX_WINDOW else fine)


def test_exact_copy_look_ups_in_one_query_answer_as_the_two(tmp_path: Path) -> None:
    """known_copies (one UNION query a feed) gives what known_addresses and
    known_fingerprints give: a copy's address (a sighting) names the item it copies, an
    item's own address wins over a sighting of it, unknown keys are absent."""
    store = _store(tmp_path)
    a = _archive(store, "a", "First text.")
    b = _archive(store, "b", "Second text.")
    item = Item(source="T", guid="copy", url="https://y.example/copy", title="Title a")
    store.store_batch(
        [], [NewSighting(item, a, "fingerprint", "https://y.example/copy")], datetime.now(UTC)
    )
    # a sighting of b under a's address, listed before a's own: the item row must win
    with store.engine.begin() as conn:
        conn.execute(
            sql_text(
                "INSERT INTO sighting (id, item_id, source, guid, url, canonical_url, reason,"
                " seen_at) VALUES (0, :b, 'U', 'odd', :u, :u, 'url', :now)"
            ),
            {"b": b, "u": "https://x.example/a", "now": datetime.now(UTC).replace(tzinfo=None)},
        )
    urls = ["https://x.example/a", "https://y.example/copy", "https://z.example/none", None]
    fps = ["fp-a", "fp-b", "fp-none"]
    want = (store.known_addresses(urls), store.known_fingerprints(fps))
    assert want == (
        {"https://x.example/a": a, "https://y.example/copy": a},
        {"fp-a": a, "fp-b": b},
    )
    assert store.known_copies(urls, fps) == want
    assert store.known_copies([None], fps) == ({}, want[1])
    assert store.known_copies(urls, []) == (want[0], {})
    store.close()


def test_a_feeds_texts_asked_together_get_the_answers_asked_one_by_one(
    tmp_path: Path,
) -> None:
    """``near_duplicates`` (a feed's promising entries in two queries, not two or three each)
    gives each text the verdict ``near_duplicate`` gives it alone: copies of new- and
    old-style items, a text too short to judge, and one that copies nothing."""
    rng = random.Random(12)
    store = _store(tmp_path)
    bodies = [_text(rng, 400) for _ in range(3)]
    ids = [_archive(store, "a", bodies[0]), store_old_style(store, "b", bodies[1]),
           _archive(store, "c", bodies[2])]  # fmt: skip
    texts = []
    for body in (bodies[2], bodies[0], bodies[1]):
        fine, keys = shingle_sets(body + " " + _text(rng, 30))
        texts.append((fine, "Another headline", keys))
    texts.append((shingles("too short"), "Short", None))
    fine, keys = shingle_sets(_text(rng, 400))
    texts.append((fine, "Unrelated", keys))
    one_by_one = [store.near_duplicate(*t) for t in texts]
    assert [d.item_id if d else None for d in one_by_one] == [ids[2], ids[0], ids[1], None, None]
    calls: list[str] = []  # the look-ups of the candidates' fingerprints
    original = store._rows_in

    def rows_in(cur: object, sql: str, *a: object, **k: object) -> object:
        calls.append(sql)
        return original(cur, sql, *a, **k)  # type: ignore[arg-type]

    store._rows_in = rows_in  # type: ignore[method-assign]
    together = store.near_duplicates(texts)
    assert together == one_by_one
    # every text's candidates in one query (and one for the old-style rows), not one a text
    assert len(calls) == 2, calls
    store.close()
