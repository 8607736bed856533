"""Issue #27: a poll's writes on PostgreSQL cost a fixed number of statements per feed, however
many entries it brings (so the database's latency does not multiply by the entries), and a
unique-key conflict inside a commit group still undoes that feed's writes alone."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.exc import IntegrityError

from monitor.store import NewItem, Store
from monitor.text import fingerprint, shingle_sets
from monitor.types import Item
from tests.conftest import ON_POSTGRES, open_pipeline, rss, write_config
from tests.outlet import OutletServer

WORDS = [
    "harbour", "quota", "trawler", "ministry", "council", "pipeline", "icebreaker", "garrison",
    "tundra", "reindeer", "herders", "pasture", "consulate", "radar", "frigate", "airbase",
    "cargo", "terminal", "mining", "nickel", "smelter", "railway", "bridge", "customs", "ferry",
    "glacier", "research", "station", "satellite", "treaty",
]  # fmt: skip


def entries(prefix: str, n: int) -> list[dict[str, str]]:
    """``n`` on-topic entries, each a different text (no near-copies among them)."""
    out = []
    for i in range(n):
        r = random.Random(f"{prefix}-{i}")
        body = " ".join(r.choice(WORDS) for _ in range(120))
        out.append({
            "title": f"Russian border guards at Storskog: {prefix} report {i}",
            "link": f"https://outlet.example/{prefix}/{i}",
            "guid": f"{prefix}-{i}",
            "description": "Norway and Russia: the border at Storskog in Finnmark. " + body,
        })  # fmt: skip
    return out


@contextmanager
def statements(store: Store) -> Iterator[Counter[str]]:
    """Statements the server executes, by their first words: an executemany of n rows is n
    executions (pipelined or not, the server runs the statement once a row)."""
    seen: Counter[str] = Counter()

    def count(conn: Any, cur: Any, sql: str, params: Any, ctx: Any, many: bool) -> None:
        seen[" ".join(sql.split()[:3])] += len(params) if many else 1

    event.listen(store.engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(store.engine, "before_cursor_execute", count)


@pytest.mark.skipif(not ON_POSTGRES, reason="round trips: SQLite runs inside the process")
def test_a_feeds_writes_do_not_grow_with_its_entries(tmp_path: Path, outlet: OutletServer) -> None:
    few = outlet.route("/few.xml", rss(entries("few", 3)))
    many = outlet.route("/many.xml", rss(entries("many", 30)))
    cfg = write_config(tmp_path / "sources.toml", [{"name": "Few", "url": few},
                                                   {"name": "Many", "url": many}])  # fmt: skip
    p = open_pipeline(cfg)
    # The matcher reads the examples once per process, at the first entry judged: made here,
    # so that both polls count what a poll does each time, not that one-off read.
    assert p.matcher is not None
    counts = []
    for source, n in zip(p.config.sources, (3, 30), strict=True):
        with statements(p.store) as seen:
            (report,) = p.poll([source])
        assert (report.new, report.error) == (n, None)  # all stored, each on the beat
        counts.append(seen)
    few_counts, many_counts = counts
    assert few_counts == many_counts, (few_counts, many_counts)
    # One statement a kind: the item rows, their sightings, topics, fingerprints, index keys.
    assert few_counts["INSERT INTO item"] == 1
    assert few_counts["INSERT INTO shingle"] == 1
    assert few_counts["INSERT INTO item_topic"] == 1
    assert few_counts["INSERT INTO sighting"] == 1
    assert len(p.store.recent(limit=100)) == 33
    p.close()


def _new(title: str, body: str, guid: str, url: str) -> NewItem:
    now = datetime.now(UTC)
    item = Item(source="Outlet", guid=guid, title=title, url=url, summary=body, fetched_at=now)
    fine, keys = shingle_sets(body)
    return NewItem(item, url, fingerprint(title, body), fine, [], keys=keys)


def test_a_conflict_in_a_group_undoes_that_feed_alone(tmp_path: Path) -> None:
    """Another worker stored one of a feed's articles first: that feed's batch (pipelined on
    PostgreSQL, its conflict known only when the pipeline is synced) is rolled back to its
    savepoint, and what the group stored before it is committed."""
    cfg = write_config(tmp_path / "sources.toml", [])
    url = open_pipeline(cfg).config.storage_url
    ours, theirs = Store(url), Store(url)
    body = " ".join(random.Random(1).choice(WORDS) for _ in range(150))
    theirs.store_batch([_new("Taken", body, "t-1", "https://a.example/taken")], [],
                       datetime.now(UTC))  # fmt: skip
    now = datetime.now(UTC)
    with ours.grouped():
        ours.store_batch([_new("First", "first feed " + body[::-1], "f-1",
                               "https://a.example/first")], [], now)  # fmt: skip
        clash = [_new("Fresh", "another text " + body[:50], "c-1", "https://a.example/fresh"),
                 _new("Taken again", body, "c-2", "https://a.example/taken")]  # fmt: skip
        with pytest.raises(IntegrityError):
            ours.store_batch(clash, [], now)
        ours.store_batch([_new("After", "after the clash", "a-1", "https://a.example/after")],
                         [], now)  # fmt: skip
    titles = sorted(r.title for r in ours.list_items(include_off_topic=True))
    assert "Fresh" not in titles and "Taken again" not in titles  # the whole batch undone
    assert [t for t in titles if t in ("After", "First", "Taken")] == ["After", "First", "Taken"]
    ours.close()
    theirs.close()
