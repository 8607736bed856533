"""Opening the archive: the engine, SQLite's pragmas, and the schema's revision (Alembic).

A new archive is created at the current revision; an existing one must already be at it
(`monitor db upgrade` migrates it), and one newer than this monitor is refused.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy import text as sql_text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError

from monitor.errors import StoreError
from monitor.store.tables import metadata

SCHEMA_HEAD = "0008"
_MIGRATION_LOCK = threading.RLock()
_KNOWN_REVISIONS = ("0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008")


class SchemaOutdated(StoreError):
    """The archive needs `monitor db upgrade` before this version can use it."""


def create(url: str, busy_timeout: float) -> Engine:
    """The engine for ``url``; SQLite's connections get the pragmas (``_sqlite_pragmas``)."""
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        Path(url[len("sqlite:///") :]).parent.mkdir(parents=True, exist_ok=True)
    kwargs: dict[str, Any] = {}
    if url.startswith("sqlite"):
        kwargs["connect_args"] = {"timeout": busy_timeout}
    try:
        engine = create_engine(url, **kwargs)
    except Exception as exc:  # bad URL, missing driver
        raise StoreError(f"cannot open the archive at {_safe(url)}: {exc}") from None
    if url.startswith("sqlite"):
        ms = int(busy_timeout * 1000)
        event.listen(engine, "connect", lambda c, r: _sqlite_pragmas(c, r, ms))
    return engine


def check(engine: Engine, url: str) -> None:
    """``ensure_current``, again when another process is creating the archive right now."""
    for attempt in range(5):
        try:
            with _MIGRATION_LOCK:  # threads of one process: one creates, the others wait
                ensure_current(engine)
            break
        except SchemaOutdated:
            # Another process may be creating a new archive right now (SQLite creates
            # tables one by one): look again before concluding it is an old one.
            if attempt < 4:
                time.sleep(0.3 * (attempt + 1))
                continue
            raise
        except (OperationalError, IntegrityError, ProgrammingError) as exc:
            # Two processes opening a new archive at once race to create it; the loser
            # sees "already exists" and simply checks again.
            text = str(getattr(exc, "orig", exc))
            transient = (
                "already exists",
                "duplicate",
                "database is locked",
                "deadlock",
                "could not serialize",
                "concurrent",
            )
            if any(t in text for t in transient) and attempt < 4:
                time.sleep(0.2 * (attempt + 1))
                continue
            raise StoreError(f"cannot open the archive at {_safe(url)}: {text}") from None


def ensure_current(engine: Engine) -> None:
    """A new archive gets the current schema; an existing one must already have it."""
    state, revision = schema_state(engine)
    if state == "empty":
        upgrade(engine)
    elif state == "current":
        return
    elif state == "newer":
        raise StoreError(
            f"the archive's schema ({revision}) is newer than this monitor knows "
            f"({SCHEMA_HEAD}): upgrade the monitor"
        )
    else:
        was = revision or "from before migrations"
        raise SchemaOutdated(
            f"the archive's schema ({was}) is older than this monitor's ({SCHEMA_HEAD}): "
            "run `monitor db upgrade` first (back up the archive before)"
        )


def upgrade(engine: Engine) -> tuple[str | None, str]:
    """Bring the schema to the current revision (Alembic); returns (from, to)."""

    with _MIGRATION_LOCK:  # alembic's context is module-global: one migration at a time
        return _upgrade(engine)


def _upgrade(engine: Engine) -> tuple[str | None, str]:
    from alembic import command

    state, revision = schema_state(engine)
    if state == "newer":
        raise StoreError(f"the archive's schema ({revision}) is newer than this monitor's")
    with engine.begin() as conn:
        cfg = _alembic_config(conn)
        if state == "legacy":
            # An archive of the release before migrations: same tables, fewer columns.
            metadata.create_all(conn)
            _add_missing_columns(conn)
            command.stamp(cfg, "0001")
        command.upgrade(cfg, "head")
    return revision, SCHEMA_HEAD


def _alembic_config(connection: Any) -> Any:
    from alembic.config import Config as AlembicConfig

    import monitor.migrations

    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(Path(monitor.migrations.__file__).parent))
    cfg.attributes["connection"] = connection
    return cfg


def schema_state(engine: Engine) -> tuple[str, str | None]:
    """("empty" | "current" | "older" | "newer" | "legacy", the archive's revision)."""
    from sqlalchemy import inspect

    tables = set(inspect(engine).get_table_names())
    if not tables:
        return "empty", None
    if "alembic_version" not in tables:
        return ("legacy", None) if "item" in tables else ("empty", None)
    with engine.connect() as conn:
        revision = conn.execute(sql_text("SELECT version_num FROM alembic_version")).scalar()
    if revision == SCHEMA_HEAD:
        return "current", revision
    if revision in _KNOWN_REVISIONS or revision is None:
        return "older", revision
    return "newer", revision


def _add_missing_columns(conn: Any) -> None:
    """Columns added since an archive of the release before migrations was created (all
    nullable or defaulted); never drops or changes anything."""
    from sqlalchemy import inspect

    inspector = inspect(conn)
    for table in metadata.sorted_tables:
        have = {c["name"] for c in inspector.get_columns(table.name)}
        for column in table.columns:
            if column.name in have:
                continue
            ddl = column.type.compile(dialect=conn.dialect)
            default = ""
            if column.default is not None and getattr(column.default, "is_scalar", False):
                value = column.default.arg  # type: ignore[attr-defined]  # is_scalar: has .arg
                default = (
                    f" DEFAULT {value!r}"
                    if not isinstance(value, bool)
                    else (" DEFAULT " + ("true" if value else "false"))
                )
            conn.execute(
                sql_text(f'ALTER TABLE {table.name} ADD COLUMN "{column.name}" {ddl}{default}')
            )


PAGE_SIZE = 8192
WAL_CHECKPOINT_BYTES = 512 << 20


def _sqlite_pragmas(dbapi_connection: Any, _record: Any, busy_ms: int = 30000) -> None:
    """WAL lets readers (feed, archive list) run beside the poller; the busy timeout makes a
    second writer wait instead of failing at once."""
    cur = dbapi_connection.cursor()
    # 8 KiB pages for a new archive (an existing one keeps the size it was made with: SQLite
    # changes it only on VACUUM, and in WAL mode not even then). An item row with a feed
    # summary is ~2.6 KB: one fitted a 4 KiB page, with a third of it left empty, three fit in
    # 8 KiB. First poll of the 1,000-feed bench: the item table 215 -> ~150 MB, 690 -> 555 MB
    # written, wall -3.5 % in alternating runs; 16 KiB pages wrote as little but were slower.
    # Must come before journal_mode: a new database is created with the page size then set.
    cur.execute(f"PRAGMA page_size={PAGE_SIZE}")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute(f"PRAGMA busy_timeout={int(busy_ms)}")
    cur.execute("PRAGMA foreign_keys=ON")
    # Statement journals (one per feed's savepoint in a grouped poll) and sort b-trees in
    # memory, not in files under /var/tmp: a first poll of 1,000 feeds wrote 1.3 GB to such
    # files in 640,000 write calls, half of all it wrote. A feed's journal is a few pages.
    cur.execute("PRAGMA temp_store=MEMORY")
    # 16 MiB of pages per connection (SQLite's default is 2 MiB): a poll updates a dozen
    # indexes at random places (fingerprints, addresses, GUIDs), and with the default cache
    # each update read its pages back from the OS. First cycle of the 1,000-feed bench:
    # 24 -> 20 s. A handful of connections stay well inside the 300 MB budget.
    cur.execute("PRAGMA cache_size=-16384")
    # Checkpoint the WAL when it holds 512 MiB, not 4 MiB (SQLite's default): a page a poll
    # rewrites in many commits (an index leaf) is copied into the database once per
    # checkpoint, and the checkpoint's syncs are paid less often; and a checkpoint runs in the
    # commit that crosses the mark, on the poll's event loop, which then hands the parse
    # workers nothing (0.3-0.4 s each in a first poll). Commits of a 50,000-item first poll:
    # 90 -> 57 us an item at 64 MiB. At 128 MiB the bench's first poll checkpointed twice
    # (commits of 430 and 320 ms, 1.45 s of commits in all); at 512 MiB it does not (0.33 s,
    # none over 18 ms): first cycle -4 % in alternating runs (256 MiB: no gain). The WAL file
    # is cut back to 64 MiB after a checkpoint; up to 512 MiB of disk while it grows.
    page = cur.execute("PRAGMA page_size").fetchone()[0]
    cur.execute(f"PRAGMA wal_autocheckpoint={WAL_CHECKPOINT_BYTES // page}")
    cur.execute("PRAGMA journal_size_limit=67108864")
    cur.close()


def _safe(url: str) -> str:
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        return f"{scheme}://***@{rest.split('@', 1)[1]}"
    return url
