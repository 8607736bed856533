"""Storage faults: a locked archive, a full disk, a process killed mid-write. On the next run:
no partial item, no duplicate, nothing lost, no second mail."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from monitor.cli import main
from monitor.config import load_config
from monitor.store import Store
from tests.conftest import SmtpServer, open_pipeline, rss, sqlite_only, write_config
from tests.outlet import OutletServer


def items(n: int, start: int = 0) -> list[dict[str, str]]:
    return [
        {"title": f"Storskog border item {i} on Norway and Russia", "guid": f"s{i}",
         "link": f"https://x.example/{i}",
         "description": f"Norwegian and Russian border guards met at Storskog, report {i}. "
                        f"Kirkenes and Finnmark officials number {i * 7919} commented."}
        for i in range(start, start + n)
    ]  # fmt: skip


@sqlite_only
def test_archive_locked_longer_than_the_busy_timeout(tmp_path: Path, outlet: OutletServer) -> None:
    url = outlet.route("/f.xml", rss(items(5)))
    cfg = write_config(
        tmp_path / "sources.toml",
        [{"name": "S", "url": url}],
        extra='[storage]\nbusy_timeout = "1s"\n',
    )
    cfg.write_text(cfg.read_text().replace('[storage]\nurl = "sqlite:///archive.db"\n', "", 1)
                   .replace('[storage]\nbusy_timeout', '[storage]\nurl = "sqlite:///archive.db"\n'
                            'busy_timeout'))  # fmt: skip
    p = open_pipeline(cfg)
    db = sqlite3.connect(tmp_path / "archive.db", timeout=1)
    db.execute("BEGIN EXCLUSIVE")  # another writer holds the archive
    try:
        (r,) = p.poll(p.config.sources)
    finally:
        db.rollback()
        db.close()
    assert r.error is not None and r.error.startswith("archive unavailable, will retry")
    assert "locked" in r.error
    (again,) = p.poll(p.config.sources)  # the lock is gone: everything arrives
    assert (again.new, again.error) == (5, None)


def disk_full_on(statement_start: str) -> tuple[Callable[..., None], dict[str, int]]:
    """A before_cursor_execute listener failing statements that start so (a full disk
    cannot be made here without root filesystems), and its call count."""
    calls = {"n": 0}

    def full(conn, cursor, statement, params, context, executemany):
        if statement.lstrip().upper().startswith(statement_start):
            calls["n"] += 1
            # the driver's own error type, as SQLite (or PostgreSQL, for its pass) raises it
            raise conn.dialect.dbapi.OperationalError("database or disk is full")

    return full, calls


def test_disk_full_while_storing_loses_nothing(
    tmp_path: Path, outlet: OutletServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk cannot be made here without root filesystems; the error is injected where
    SQLite raises it, in the archive's write — after the items' rows went in and before their
    sightings did, so a half-written feed would show."""
    from sqlalchemy import event

    url = outlet.route("/f.xml", rss(items(6)), etag='"v1"')
    p = open_pipeline(write_config(tmp_path / "sources.toml", [{"name": "S", "url": url}]))
    full, calls = disk_full_on("INSERT INTO SIGHTING")
    event.listen(p.store.engine, "before_cursor_execute", full)
    (r,) = p.poll(p.config.sources)
    assert calls["n"] == 1
    assert r.error == "archive unavailable, will retry: database or disk is full"
    assert p.store.source_state("S").etag is None  # no 304 can hide the unstored items
    assert p.store.recent() == []  # the feed's write is one transaction: nothing half-stored
    event.remove(p.store.engine, "before_cursor_execute", full)
    (again,) = p.poll(p.config.sources)
    assert (again.new, again.unchanged, again.error) == (6, 0, None)
    assert len(p.store.recent()) == 6


def test_failed_group_commit_fails_every_source_in_it(
    tmp_path: Path, outlet: OutletServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A poll commits several feeds together (Store.grouped). When that commit fails, every
    feed in it is reported failed and keeps no validators, so the next poll stores them all;
    a feed committed earlier in the poll keeps what it stored."""
    from sqlalchemy import event

    import monitor.pipeline as pipeline_mod

    monkeypatch.setattr(pipeline_mod, "GROUP_SECONDS", 60.0)  # one group for the whole poll
    sources = [
        {"name": f"S{k}", "url": outlet.route(f"/f{k}.xml", rss(items(4, 10 * k)), etag='"v1"')}
        for k in range(3)
    ]
    p = open_pipeline(write_config(tmp_path / "sources.toml", sources))
    # the group's validators are written as part of its commit: fail there
    full, calls = disk_full_on("UPDATE SOURCE_STATE")
    event.listen(p.store.engine, "before_cursor_execute", full)
    reports = p.poll(p.config.sources)
    event.remove(p.store.engine, "before_cursor_execute", full)
    assert calls["n"] == 1
    assert [(r.name, r.new, r.error) for r in reports] == [
        (f"S{k}", 0, "archive unavailable, will retry: database or disk is full") for k in range(3)
    ]
    assert p.store.recent() == []
    assert all(p.store.source_state(f"S{k}").etag is None for k in range(3))
    again = p.poll(p.config.sources)
    assert [(r.new, r.unchanged, r.error) for r in again] == [(4, 0, None)] * 3
    assert len(p.store.recent()) == 12
    assert all(p.store.source_state(f"S{k}").etag == '"v1"' for k in range(3))


def test_killed_mid_poll_then_restarted(
    tmp_path: Path, outlet: OutletServer, smtp: SmtpServer
) -> None:
    # Ten feeds of 30, answering one after another: each feed is stored in one transaction,
    # so the kill lands between feeds or inside one's write, never with a feed half-stored.
    sources = [
        {"name": f"S{k}", "url": outlet.route(f"/f{k}.xml", rss(items(30, 30 * k)), delay=0.5 * k)}
        for k in range(10)
    ]
    cfg = write_config(
        tmp_path / "sources.toml",
        sources,
        recipients=["analyst@example.org"],
        smtp_url=smtp.url,
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("MONITOR_")}
    cmd = [sys.executable, "-m", "monitor.cli", "--config", str(cfg), "poll", "--once"]
    from sqlalchemy import create_engine, text

    engine = create_engine(load_config(cfg, {}).storage_url)

    def scalar(sql: str) -> int:
        with engine.connect() as con:
            return con.execute(text(sql)).scalar() or 0

    killed = False
    proc = subprocess.Popen(cmd, env=env, cwd=Path(__file__).parents[2],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            n = scalar("SELECT count(*) FROM item WHERE origin = 'feed'")
        except Exception:
            n = 0
        if n >= 20:  # items are being written: kill it now, mid-transaction or between
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            killed = True
            break
        time.sleep(0.01)
    assert killed, "the poll finished before it could be killed"
    stored = scalar("SELECT count(*) FROM item WHERE origin = 'feed'")
    orphans = scalar(
        "SELECT count(*) FROM item i WHERE NOT EXISTS "
        "(SELECT 1 FROM sighting s WHERE s.item_id = i.id)"
    )
    assert orphans == 0 and stored < 300  # no partial item; the kill landed mid-poll
    assert main(["--config", str(cfg), "poll", "--once"]) == 0
    assert main(["--config", str(cfg), "digest"]) == 0
    assert main(["--config", str(cfg), "digest"]) == 0
    total = scalar("SELECT count(*) FROM item WHERE origin = 'feed'")
    distinct = scalar("SELECT count(DISTINCT guid) FROM item WHERE origin = 'feed'")
    topics = scalar("SELECT count(DISTINCT item_id) FROM item_topic")
    engine.dispose()
    assert total == distinct == 300  # nothing lost, nothing twice
    assert topics == 300 + 4  # every item carries its match record (and the seeds theirs)
    (mail,) = smtp.messages
    assert mail["Subject"].startswith("High North: 300 new items")


def test_concurrent_writers_store_each_article_once(tmp_path: Path, outlet: OutletServer) -> None:
    url = outlet.route("/f.xml", rss(items(40)))
    cfg = write_config(tmp_path / "sources.toml", [{"name": "A", "url": url}])
    config = load_config(cfg, {})
    errors: list[BaseException] = []

    def poll() -> None:
        try:
            p = open_pipeline(cfg)
            p.poll(config.sources)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=poll) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    store = Store(config.storage_url)
    assert len(store.recent(limit=1000)) == 40


def test_a_conflicting_feed_in_a_group_is_undone_alone(tmp_path: Path) -> None:
    """Within a poll's group transaction, a feed whose rows hit a unique key (another worker
    stored the article first) is undone alone: the feeds before and after it are committed,
    nothing of it is, and the group goes on (the pipeline then judges that feed again)."""
    from datetime import UTC, datetime

    from sqlalchemy.exc import IntegrityError

    from monitor.store import NewItem
    from monitor.types import Item
    from tests.conftest import _archive_url

    store = Store(_archive_url.get("url", f"sqlite:///{tmp_path / 'archive.db'}"))
    now = datetime.now(UTC)

    def new(guid: str, fingerprint: str) -> NewItem:
        item = Item(source="S", guid=guid, url=f"https://x.example/{guid}", title=guid)
        return NewItem(item, f"https://x.example/{guid}", fingerprint, {1, 2, 3}, [])

    store.store_batch([new("a", "fp-a")], [], now)  # committed before the group
    with store.grouped():
        store.store_batch([new("b", "fp-b")], [], now)
        with pytest.raises(IntegrityError):  # "c" copies a's fingerprint: a unique key
            store.store_batch([new("c", "fp-c"), new("c2", "fp-a")], [], now)
        store.store_batch([new("d", "fp-d")], [], now)
    assert set(store.known_fingerprints(["fp-a", "fp-b", "fp-c", "fp-d"])) == {
        "fp-a",
        "fp-b",
        "fp-d",
    }
    assert store.seen_guids("S", ["a", "b", "c", "c2", "d"]) == {"a", "b", "d"}
    store.close()
