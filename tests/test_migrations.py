"""Schema migrations: a new archive, an archive of the release before migrations, and one
from a newer monitor. Runs on SQLite and, in the PostgreSQL pass, on PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, inspect, text

from monitor.cli import main
from monitor.config import load_config
from monitor.store import SCHEMA_HEAD, Store
from tests.conftest import write_config

# The tables as the walking-skeleton release created them (no migrations yet).
PREVIOUS_RELEASE = [
    """CREATE TABLE item (id INTEGER PRIMARY KEY, uid VARCHAR NOT NULL UNIQUE,
       origin VARCHAR NOT NULL, source VARCHAR NOT NULL, guid VARCHAR NOT NULL, url VARCHAR,
       canonical_url VARCHAR UNIQUE, title VARCHAR NOT NULL, summary VARCHAR NOT NULL,
       text VARCHAR NOT NULL, published TIMESTAMP, language VARCHAR,
       fetched_at TIMESTAMP NOT NULL, fingerprint VARCHAR NOT NULL UNIQUE,
       on_topic BOOLEAN NOT NULL)""",
    """CREATE TABLE sighting (id INTEGER PRIMARY KEY,
       item_id INTEGER NOT NULL REFERENCES item(id), source VARCHAR NOT NULL,
       guid VARCHAR NOT NULL, url VARCHAR, canonical_url VARCHAR,
       reason VARCHAR NOT NULL, similarity FLOAT, seen_at TIMESTAMP NOT NULL,
       CONSTRAINT uq_sighting_source_guid UNIQUE (source, guid))""",
    """CREATE TABLE item_topic (item_id INTEGER NOT NULL REFERENCES item(id),
       topic VARCHAR NOT NULL, score FLOAT NOT NULL, matched BOOLEAN NOT NULL,
       explanation VARCHAR NOT NULL, PRIMARY KEY (item_id, topic))""",
    """CREATE TABLE shingle (hash BIGINT NOT NULL, item_id INTEGER NOT NULL REFERENCES item(id),
       PRIMARY KEY (hash, item_id))""",
    """CREATE TABLE source_state (name VARCHAR PRIMARY KEY, etag VARCHAR, last_modified VARCHAR,
       last_attempt TIMESTAMP, last_success TIMESTAMP, last_error VARCHAR,
       consecutive_failures INTEGER NOT NULL, items_seen INTEGER NOT NULL)""",
    "CREATE TABLE subscriber (address VARCHAR PRIMARY KEY, since TIMESTAMP NOT NULL)",
    """CREATE TABLE delivery (address VARCHAR NOT NULL,
       item_id INTEGER NOT NULL REFERENCES item(id), sent_at TIMESTAMP NOT NULL,
       message_id VARCHAR NOT NULL, PRIMARY KEY (address, item_id))""",
    """INSERT INTO item (id, uid, origin, source, guid, url, canonical_url, title, summary, text,
       fetched_at, fingerprint, on_topic) VALUES (1, 'u-1', 'feed', 'NRK', 'g1',
       'https://nrk.no/a', 'https://nrk.no/a', 'Storskog stengt for lastebiler', '', 'Tekst.',
       '2026-11-01 10:00:00', 'fp1', true)""",
    """INSERT INTO sighting (id, item_id, source, guid, reason, seen_at)
       VALUES (1, 1, 'NRK', 'g1', 'new', '2026-11-01 10:00:00')""",
    """INSERT INTO item_topic VALUES (1, 'high-north', 6, true, '[]')""",
]


def _columns(bind: Any, table: str) -> set[str]:
    """The names of ``table``'s columns as the database has them."""
    return {c["name"] for c in inspect(bind).get_columns(table)}


def _one_item_at(tmp_path: Path, revision: str) -> Store:
    """A new archive taken back to ``revision``, holding one item as the first release wrote
    it: what an upgrade from that revision meets."""
    from alembic import command

    from monitor.store import _alembic_config

    cfg = write_config(tmp_path / "sources.toml", [])
    store = Store(load_config(cfg, {}).storage_url)
    with store.engine.begin() as conn:
        command.downgrade(_alembic_config(conn), revision)
    with store.engine.begin() as conn:
        conn.execute(text(PREVIOUS_RELEASE[-3]))
    return store


def test_new_archive_gets_the_current_schema(tmp_path: Path) -> None:
    cfg = write_config(tmp_path / "sources.toml", [])
    assert main(["--config", str(cfg), "db", "status"]) == 0
    assert main(["--config", str(cfg), "archive", "list"]) == 0
    engine = create_engine(load_config(cfg, {}).storage_url)
    with engine.connect() as con:
        assert con.execute(text("SELECT version_num FROM alembic_version")).scalar() == SCHEMA_HEAD
    assert {"item", "lease", "setting", "feedback", "delivery"} <= set(
        inspect(engine).get_table_names()
    )
    engine.dispose()


def test_upgrade_from_the_previous_release(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = write_config(tmp_path / "sources.toml", [])
    engine = create_engine(load_config(cfg, {}).storage_url)
    with engine.begin() as con:
        for statement in PREVIOUS_RELEASE:
            con.execute(text(statement))
    for command in (["archive", "list"], ["poll", "--once"], ["run"]):
        assert main(["--config", str(cfg), *command]) == 1
        err = capsys.readouterr().err
        assert "run `monitor db upgrade` first" in err, err
    assert main(["--config", str(cfg), "db", "upgrade"]) == 0
    assert f"schema upgraded: pre-migrations -> {SCHEMA_HEAD}" in capsys.readouterr().out
    assert main(["--config", str(cfg), "db", "upgrade"]) == 0
    assert f"schema already at {SCHEMA_HEAD}" in capsys.readouterr().out
    assert main(["--config", str(cfg), "archive", "show", "1"]) == 0
    shown = capsys.readouterr().out
    assert "Storskog stengt for lastebiler" in shown and "topic high-north: score 6" in shown
    columns = _columns(engine, "item")
    assert {"story_id", "signature"} <= columns
    engine.dispose()


def test_archive_from_a_newer_monitor_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = write_config(tmp_path / "sources.toml", [])
    assert main(["--config", str(cfg), "archive", "list"]) == 0
    engine = create_engine(load_config(cfg, {}).storage_url)
    with engine.begin() as con:
        con.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    capsys.readouterr()
    assert main(["--config", str(cfg), "archive", "list"]) == 1
    assert "is newer than this monitor knows" in capsys.readouterr().err


def test_upgrade_from_0001_keeps_older_fingerprints_and_downgrade_restores_them(
    tmp_path: Path,
) -> None:
    """0002 moved an item's fingerprints into one shingle_set row and left only the index
    keys in shingle. An archive at 0001 upgrades in place; a downgrade gives new items all
    their fingerprints back as rows, as 0001 expects."""
    import random
    from datetime import UTC, datetime

    from alembic import command

    from monitor.store import NewItem, Store, _alembic_config
    from monitor.text import shingle_sets
    from monitor.types import Item

    cfg = write_config(tmp_path / "sources.toml", [])
    store = Store(load_config(cfg, {}).storage_url)
    rng = random.Random(2)
    body = " ".join(f"w{rng.randrange(500)}" for _ in range(300))
    fine, keys = shingle_sets(body)
    item = Item(source="S", guid="g", url="https://x.example/g", title="T", text=body)
    new = NewItem(item, item.url, "fp", fine, [], keys=keys)
    store.store_batch([new], [], datetime.now(UTC))
    count = "SELECT count(*) FROM shingle WHERE item_id = :i"
    with store.engine.begin() as conn:
        assert conn.execute(text(count), {"i": new.id}).scalar() == len(keys) < len(fine)
        command.downgrade(_alembic_config(conn), "0001")
    with store.engine.begin() as conn:
        assert conn.execute(text(count), {"i": new.id}).scalar() == len(fine)
        assert "shingle_set" not in inspect(conn).get_table_names()
    store.close()
    assert main(["--config", str(cfg), "archive", "list"]) == 1  # older: refused
    assert main(["--config", str(cfg), "db", "upgrade"]) == 0
    store = Store(load_config(cfg, {}).storage_url)
    found = store.near_duplicate(fine, "T", keys)  # found through its 0001-style rows
    assert found is not None and found.item_id == new.id and found.similarity == 1.0
    store.close()


def test_0003_keeps_deliveries_sent_and_downgrade_forgets_claims(tmp_path: Path) -> None:
    """0003 adds delivery.status (claims before sending) and the subscriber's profile: every
    delivery recorded before it is "sent"; going back drops claims and skips, never sends."""
    from alembic import command

    from monitor.store import _alembic_config

    store = _one_item_at(tmp_path, "0002")
    with store.engine.begin() as conn:
        conn.execute(
            text("INSERT INTO delivery VALUES ('a@x.org', 1, '2026-11-02 07:00:00', 'm1')")
        )
        command.upgrade(_alembic_config(conn), "head")
    with store.engine.begin() as conn:
        assert conn.execute(text("SELECT status FROM delivery")).scalar() == "sent"
        conn.execute(
            text(
                "INSERT INTO delivery (address, item_id, sent_at, message_id, status) "
                "VALUES ('b@x.org', 1, '2026-11-02 07:00:00', 'm2', 'sending')"
            )
        )
        cols = _columns(conn, "subscriber")
        assert {"profile", "removed_at"} <= cols
        command.downgrade(_alembic_config(conn), "0002")
    with store.engine.begin() as conn:
        assert conn.execute(text("SELECT address FROM delivery")).scalars().all() == ["a@x.org"]
        command.upgrade(_alembic_config(conn), "head")
    store.close()


def test_0005_cuts_the_item_indexes_a_poll_pays_for_and_downgrade_restores_them(
    tmp_path: Path,
) -> None:
    """0005 drops the unused source index, keeps only items in a story in the story index
    (which still finds them) and, on PostgreSQL, stores ordinary rows uncompressed; a
    downgrade gives the 0004 indexes back."""
    from datetime import UTC, datetime

    from alembic import command

    from monitor.store import NewItem, Store, _alembic_config
    from monitor.types import Item

    cfg = write_config(tmp_path / "sources.toml", [])
    store = Store(load_config(cfg, {}).storage_url)
    postgres = store.engine.dialect.name == "postgresql"

    def indexes(conn: object) -> dict[str, str | None]:
        where = "postgresql_where" if postgres else "sqlite_where"
        found = inspect(conn).get_indexes("item")
        return {i["name"]: str(i.get("dialect_options", {}).get(where)) for i in found}

    def toast(conn: object) -> object:
        q = "SELECT reloptions FROM pg_class WHERE relname = 'item'"
        return conn.execute(text(q)).scalar() if postgres else None  # type: ignore[attr-defined]

    with store.engine.begin() as conn:
        now = indexes(conn)
        assert "ix_item_source" not in now and "story_id IS NOT NULL" in now["ix_item_story_id"]
        assert toast(conn) == (["toast_tuple_target=8160"] if postgres else None)
    first = Item(source="S", guid="g1", url="https://x.example/1", title="One", text="a b c")
    joins = Item(source="S", guid="g2", url="https://x.example/2", title="Two", text="d e f")
    a = NewItem(first, first.url, "fp1", set(), [], signature={"terms": []})
    b = NewItem(joins, joins.url, "fp2", set(), [], signature={"terms": []}, story=a)
    store.store_batch([a, b], [], datetime.now(UTC))
    assert a.id is not None
    with store.engine.begin() as conn:
        q = text("SELECT id FROM item WHERE story_id = :s ORDER BY id")
        assert conn.execute(q, {"s": a.id}).scalars().all() == sorted([a.id, b.id])
        command.downgrade(_alembic_config(conn), "0004")
    with store.engine.begin() as conn:
        was = indexes(conn)
        assert "ix_item_source" in was and was["ix_item_story_id"] in ("None", "")
        assert toast(conn) is None
        command.upgrade(_alembic_config(conn), "head")
    store.close()


def test_0006_adds_when_an_item_was_rewritten_and_downgrade_drops_it(tmp_path: Path) -> None:
    """0006 adds item.changed_at (the feeds' "updated" for an entry rewritten in place): an
    archive at 0005 keeps its items, which have none; going back drops the column only."""
    from alembic import command

    from monitor.store import _alembic_config

    store = _one_item_at(tmp_path, "0005")
    with store.engine.begin() as conn:
        assert "changed_at" not in _columns(conn, "item")
        command.upgrade(_alembic_config(conn), "head")
    with store.engine.begin() as conn:
        assert conn.execute(text("SELECT changed_at FROM item WHERE id = 1")).all() == [(None,)]
        command.downgrade(_alembic_config(conn), "0005")
        assert "changed_at" not in _columns(conn, "item")
        title = conn.execute(text("SELECT title FROM item")).scalar()
        assert title == "Storskog stengt for lastebiler"
        command.upgrade(_alembic_config(conn), "head")
    store.close()


def test_0007_names_who_claimed_a_delivery_and_older_claims_keep_six_hours(
    tmp_path: Path,
) -> None:
    """0007 adds delivery.holder: a claim written at 0006 has none, so it cannot be told dead
    by a heartbeat and is given up only after STALE_CLAIM; going back drops the column only."""
    from alembic import command

    from monitor.store import _alembic_config

    store = _one_item_at(tmp_path, "0006")
    with store.engine.begin() as conn:
        assert "holder" not in _columns(conn, "delivery")
        conn.execute(text(
            "INSERT INTO delivery (address, item_id, sent_at, message_id, status) VALUES "
            "('a@x.org', 1, CURRENT_TIMESTAMP, 'm1', 'sending')"
        ))  # fmt: skip
        command.upgrade(_alembic_config(conn), "head")
    with store.engine.begin() as conn:
        rows = conn.execute(text("SELECT holder, status FROM delivery")).all()
        assert rows == [(None, "sending")]
        # A dead heartbeat of someone else says nothing of a claim with no holder.
        conn.execute(text("INSERT INTO lease (name, holder, until) VALUES "
                          "('alive:gone', 'gone', '2000-01-01 00:00:00')"))  # fmt: skip
    assert store.give_up_dead_claims() == 0
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE delivery SET sent_at = :t"),
                     {"t": "2000-01-01 00:00:00"})  # fmt: skip
    assert store.give_up_dead_claims() == 1  # STALE_CLAIM: six hours
    with store.engine.begin() as conn:
        command.downgrade(_alembic_config(conn), "0006")
        assert "holder" not in _columns(conn, "delivery")
        command.upgrade(_alembic_config(conn), "head")
    store.close()


def test_0008_keeps_a_copys_headline_and_older_sightings_have_none(tmp_path: Path) -> None:
    """0008 adds sighting.title: a sighting written at 0007 has none, and the headlines a news
    search's entry is compared with are the items' as before; going back drops the column."""
    from alembic import command

    from monitor.store import _alembic_config

    store = _one_item_at(tmp_path, "0007")
    with store.engine.begin() as conn:
        assert "title" not in _columns(conn, "sighting")
        conn.execute(text(PREVIOUS_RELEASE[-2]))  # the item's own sighting
        conn.execute(text(
            "INSERT INTO sighting (id, item_id, source, guid, reason, similarity, seen_at) "
            "VALUES (2, 1, 'Mirror', 'g2', 'near-duplicate', 0.9, '2026-11-01 10:05:00')"
        ))  # fmt: skip
        command.upgrade(_alembic_config(conn), "head")
    with store.engine.begin() as conn:
        rows = conn.execute(text("SELECT id, title FROM sighting ORDER BY id")).all()
        assert rows == [(1, None), (2, None)]
    from datetime import UTC, datetime

    found = store.headlines(datetime(2026, 10, 1, tzinfo=UTC), datetime(2026, 12, 1, tzinfo=UTC))
    assert [(i, t) for i, t, *_ in found] == [(1, "Storskog stengt for lastebiler")]
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE sighting SET title = 'Grensa stengt' WHERE id = 2"))
    found = store.headlines(datetime(2026, 10, 1, tzinfo=UTC), datetime(2026, 12, 1, tzinfo=UTC))
    assert sorted((i, t, src) for i, t, src, *_ in found) == [
        (1, "Grensa stengt", "Mirror"), (1, "Storskog stengt for lastebiler", "NRK")
    ]  # fmt: skip
    with store.engine.begin() as conn:
        command.downgrade(_alembic_config(conn), "0007")
        assert "title" not in _columns(conn, "sighting")
        command.upgrade(_alembic_config(conn), "head")
    store.close()
