"""The archive: every SQL statement of the monitor lives here.

The rest of the code asks questions by name (``seen_guids``, ``near_duplicate``,
``undelivered``) and never builds queries. Uniqueness that dedupe relies on is enforced by the
database as well as checked in code, so a race or a bug cannot store an article twice:

- ``item.canonical_url`` and ``item.fingerprint`` are unique;
- ``sighting (source, guid)`` is unique: each entry an outlet served is looked at once;
- ``delivery (address, item_id)`` is the primary key: nothing is recorded as sent twice.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parseaddr
from pathlib import Path
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Index,
    LargeBinary,
    String,
    UniqueConstraint,
    bindparam,
    event,
    func,
    update,
)
from sqlalchemy import text as sql_text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import (
    DBAPIError,
    IntegrityError,
    OperationalError,
    ProgrammingError,
    StatementError,
)
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, Session, SQLModel, create_engine, delete, select

from monitor import dedupe
from monitor.errors import RecordError, StoreError
from monitor.text import pack_hashes, unpack_hashes
from monitor.types import Item, TopicMatch

log = logging.getLogger("monitor.store")


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in Python, whatever the database keeps (SQLite keeps naive ones)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the archive")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return value.replace(tzinfo=UTC) if value is not None else None


_UTC_DATETIME = UTCDateTime()


def _sqlite_datetime(value: datetime | None) -> str | None:
    """What UTCDateTime's bind processing sends SQLite (naive UTC, as SQLAlchemy's DATETIME
    formats it), in one C call: through SQLAlchemy's two processors it was ~3 us a value, and
    a first poll binds 150,000 of them."""
    naive = _UTC_DATETIME.process_bind_param(value, None)
    return None if naive is None else naive.isoformat(" ", "microseconds")


def _bind_processor(type_: Any, dialect: Any) -> Any:
    """The function that turns a column's Python value into what the driver is sent, as
    SQLAlchemy's bind processor would (tests/test_store_binds.py holds them equal)."""
    if dialect.name == "sqlite":
        if isinstance(type_, UTCDateTime):
            return _sqlite_datetime
        if isinstance(type_, Boolean):
            return None  # sqlite3 binds bool as the integer 1 or 0, as the processor does
    return type_.dialect_impl(dialect).bind_processor(dialect)


def _dt(nullable: bool = True, index: bool = False) -> Any:
    return Field(default=None, sa_column=Column(UTCDateTime(), nullable=nullable, index=index))


class ItemRow(SQLModel, table=True):
    __tablename__ = "item"
    __table_args__ = (Index("ix_item_delivery", "on_topic", "origin", "fetched_at"),)

    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(unique=True)  # stable entry id for feeds, survives export/import
    origin: str = "feed"  # "feed" or "seed"
    source: str = Field(index=True)
    guid: str
    url: str | None = None
    canonical_url: str | None = Field(default=None, unique=True)
    title: str
    summary: str = ""
    text: str = ""
    published: datetime | None = _dt()
    language: str | None = None
    fetched_at: datetime = _dt(nullable=False)
    fingerprint: str = Field(unique=True)
    on_topic: bool = False
    story_id: int | None = Field(default=None, index=True)  # the first item of its story
    signature: str | None = None  # JSON: event terms and names, for clustering


class SightingRow(SQLModel, table=True):
    """Each time an outlet served an entry: the first one stored it, later ones point to it."""

    __tablename__ = "sighting"
    __table_args__ = (UniqueConstraint("source", "guid", name="uq_sighting_source_guid"),)

    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(foreign_key="item.id", index=True)
    source: str
    guid: str
    url: str | None = None
    canonical_url: str | None = Field(default=None, index=True)
    reason: str  # new | url | fingerprint | near-duplicate | seed
    similarity: float | None = None
    seen_at: datetime = _dt(nullable=False)


class TopicMatchRow(SQLModel, table=True):
    __tablename__ = "item_topic"

    item_id: int = Field(foreign_key="item.id", primary_key=True)
    topic: str = Field(primary_key=True, index=True)
    score: float
    matched: bool
    explanation: str  # JSON list of {rule, terms, where, points}
    alert: bool = False  # matched through a high-priority rule


class ShingleRow(SQLModel, table=True):
    """An item's index keys (``text.shingle_sets``): a look-up by key finds the items that may
    be copies without a full scan. Items archived before schema 0002 have all their
    fingerprints here and no ShingleSetRow."""

    __tablename__ = "shingle"

    hash: int = Field(sa_column=Column(BigInteger, primary_key=True))
    item_id: int = Field(foreign_key="item.id", primary_key=True, index=True)


class ShingleSetRow(SQLModel, table=True):
    """All of an item's winnowed fingerprints (``text.pack_hashes``), for the containment of
    the few candidates the index found: one row an item, not one a fingerprint."""

    __tablename__ = "shingle_set"

    item_id: int = Field(foreign_key="item.id", primary_key=True)
    hashes: bytes = Field(sa_column=Column(LargeBinary, nullable=False))


class SourceStateRow(SQLModel, table=True):
    """Health and HTTP state of one source, kept across restarts."""

    __tablename__ = "source_state"

    name: str = Field(primary_key=True)
    etag: str | None = None
    last_modified: str | None = None
    last_attempt: datetime | None = _dt()
    last_success: datetime | None = _dt()
    last_error: str | None = None
    consecutive_failures: int = 0
    items_seen: int = 0
    config_url: str | None = None  # the address in sources.toml when `url` was learned
    url: str | None = None  # where the source lives now (after a permanent redirect)
    next_attempt: datetime | None = _dt()  # back-off or Retry-After: not before this
    min_interval: int | None = None  # seconds, from Cache-Control max-age or the feed's ttl
    failing_since: datetime | None = _dt()
    article_failures: int = 0


class SubscriberRow(SQLModel, table=True):
    """A digest recipient and since when: a new recipient gets what came after, not the past."""

    __tablename__ = "subscriber"

    address: str = Field(primary_key=True)
    since: datetime = _dt(nullable=False)
    attempts: int = 0  # failed sends in a row (the mail server was down or said "later")
    next_attempt: datetime | None = _dt()  # retry not before this
    last_error: str | None = None
    rejected: bool = False  # the server refused the address itself (5xx)
    unsubscribed_at: datetime | None = _dt()
    last_sent: datetime | None = _dt()
    profile: str | None = None  # what they asked for when last seen (see sync_subscribers)
    removed_at: datetime | None = _dt()  # found gone from the configuration


class LeaseRow(SQLModel, table=True):
    """Who is doing a piece of work (polling a source, sending someone's mail) until when.

    Several `monitor run` workers share one database; a worker acts only on what it holds a
    lease for, and a lease of a worker that died expires by itself."""

    __tablename__ = "lease"

    name: str = Field(primary_key=True)
    holder: str
    until: datetime = _dt(nullable=False)


class SettingRow(SQLModel, table=True):
    """Small values the monitor keeps for itself (the unsubscribe signing key)."""

    __tablename__ = "setting"

    name: str = Field(primary_key=True)
    value: str


class FeedbackRow(SQLModel, table=True):
    """A user's verdict on an item: it becomes an example for the relevance signal."""

    __tablename__ = "feedback"

    item_id: int = Field(foreign_key="item.id", primary_key=True)
    label: str  # relevant | irrelevant
    at: datetime = _dt(nullable=False)


class JudgementRow(SQLModel, table=True):
    """A subscriber's click in a mail ("not relevant", "more like this"): an example for the
    relevance signal like FeedbackRow, attributed to the subscriber; it never withdraws an
    item from anyone (monitor/judgements.py)."""

    __tablename__ = "judgement"

    address: str = Field(primary_key=True)
    item_id: int = Field(foreign_key="item.id", primary_key=True, index=True)
    label: str  # relevant | irrelevant
    at: datetime = _dt(nullable=False)


class DeliveryRow(SQLModel, table=True):
    """One item for one address. The key is claimed ("sending") before the message goes
    out, so a second sender (another worker, a lease that ran out) finds it taken; "sent"
    once the server accepted it; "skipped" for items the address was not owed ("from then
    on"). ``sent_at``: when claimed, then when sent."""

    __tablename__ = "delivery"

    address: str = Field(primary_key=True)
    item_id: int = Field(foreign_key="item.id", primary_key=True)
    sent_at: datetime = _dt(nullable=False)
    message_id: str
    status: str = Field(
        default="sent", sa_column=Column(String, nullable=False, server_default="sent")
    )


@dataclass(frozen=True)
class Duplicate:
    item_id: int
    reason: str
    similarity: float | None = None


@dataclass(eq=False)
class NewItem:
    """An item to archive in a batch, with what matching, dedupe and clustering found.

    ``story`` is the id of an archived item's story, another NewItem of the same batch (whose
    story it joins), or None: the item starts its own story. ``id`` is set when stored."""

    item: Item
    canonical_url: str | None
    fingerprint: str
    shingles: set[int]
    scores: Sequence[TopicMatch]
    signature: dict[str, Any] | None = None
    story: int | NewItem | None = None
    origin: str = "feed"
    id: int | None = None
    keys: set[int] | None = None  # the index keys of ``shingles``; None: all of them

    @property
    def on_topic(self) -> bool:
        return any(m.matched for m in self.scores)


@dataclass(frozen=True)
class NewSighting:
    """A copy to record: ``of`` is an archived item's id or a NewItem of the same batch."""

    item: Item
    of: int | NewItem
    reason: str
    canonical_url: str | None
    similarity: float | None = None


@dataclass(frozen=True)
class StoredItem:
    """An archived item as the delivery side sees it."""

    id: int
    uid: str
    source: str
    url: str | None
    title: str
    summary: str
    text: str
    published: datetime | None
    fetched_at: datetime
    language: str | None
    topics: tuple[str, ...]
    terms: tuple[str, ...]
    story_id: int | None = None

    @property
    def when(self) -> datetime:
        return self.published or self.fetched_at

    @property
    def body(self) -> str:
        return self.text or self.summary


def subscriber_key(recipient: str) -> str:
    """What is sent is recorded against the bare address, so renaming a person in the config
    ("Åse" → "Åse Ørnes <ase@…>") does not re-send everything."""
    return (parseaddr(recipient)[1] or recipient).lower()


def webhook_key(url: str) -> str:
    """The archive's key for a webhook: a hash of its URL, never the URL itself, which usually
    holds a bearer secret (/hooks/T0/B0/XXXX). Archives written before kept ``webhook:<url>``;
    ``Store.webhook_subscriber`` moves such rows onto this key the first time the hook is used
    (a compatible look-up, no schema migration), so nothing is sent twice and the secret leaves
    the archive."""
    digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:32]
    return f"webhook:sha256:{digest}"


def _utcnow() -> datetime:
    return datetime.now(UTC)


class Store:
    """Opens the archive, creates its tables, and answers the pipeline's questions."""

    def __init__(self, url: str, *, busy_timeout: float = 30.0, check: bool = True) -> None:
        self.url = url
        self.busy_timeout = busy_timeout
        self._group = threading.local()  # see grouped()
        self._inserts: dict[tuple[str, tuple[str, ...]], tuple[str, list[Any]]] = {}
        if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
            Path(url[len("sqlite:///") :]).parent.mkdir(parents=True, exist_ok=True)
        kwargs: dict[str, Any] = {}
        if url.startswith("sqlite"):
            kwargs["connect_args"] = {"timeout": busy_timeout}
        try:
            self.engine: Engine = create_engine(url, **kwargs)
        except Exception as exc:  # bad URL, missing driver
            raise StoreError(f"cannot open the archive at {_safe(url)}: {exc}") from None
        # The driver's placeholder, for the plain SQL of the hot look-ups and inserts.
        self._mark = "?" if self.engine.dialect.paramstyle == "qmark" else "%s"
        if url.startswith("sqlite"):
            ms = int(busy_timeout * 1000)
            event.listen(self.engine, "connect", lambda c, r: _sqlite_pragmas(c, r, ms))
        for attempt in range(5 if check else 0):
            try:
                with _MIGRATION_LOCK:  # threads of one process: one creates, the others wait
                    self._open()
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

    def _open(self) -> None:
        """A new archive gets the current schema; an existing one must already have it."""
        state, revision = schema_state(self.engine)
        if state == "empty":
            self.upgrade()
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

    def upgrade(self) -> tuple[str | None, str]:
        """Bring the schema to the current revision (Alembic); returns (from, to)."""

        with _MIGRATION_LOCK:  # alembic's context is module-global: one migration at a time
            return self._upgrade()

    def _upgrade(self) -> tuple[str | None, str]:
        from alembic import command

        state, revision = schema_state(self.engine)
        if state == "newer":
            raise StoreError(f"the archive's schema ({revision}) is newer than this monitor's")
        with self.engine.begin() as conn:
            cfg = _alembic_config(conn)
            if state == "legacy":
                # An archive of the release before migrations: same tables, fewer columns.
                SQLModel.metadata.create_all(conn)
                _add_missing_columns(conn)
                command.stamp(cfg, "0001")
            command.upgrade(cfg, "head")
        return revision, SCHEMA_HEAD

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session for one question or one write; this thread's open group transaction if it
        has one (see ``grouped``), so a poll's look-ups see what it wrote but did not commit."""
        held = getattr(self._group, "session", None)
        if held is not None:
            yield held
            return
        with Session(self.engine, expire_on_commit=False) as s:
            yield s

    # -- grouped writes --------------------------------------------------------------------

    @contextmanager
    def grouped(self) -> Iterator[None]:
        """Within the block, this thread's poll writes (``store_batch``, ``record_failure``)
        go into one transaction, committed by ``commit_group`` and when the block ends: a
        commit per feed was a fifth of a poll's time. The transaction opens at the first
        write (BEGIN IMMEDIATE on SQLite: it takes the write lock at once, so no other writer
        can slip in between its reads and its writes) and holds the lock until committed:
        commit often (the pipeline commits every GROUP_SECONDS). A failed write or commit
        rolls the whole group back and raises; what the group held is then not stored."""
        self._group.on = True
        try:
            yield
            self.commit_group()
        finally:
            self._group.on = False
            self._drop_group()

    @property
    def grouping(self) -> bool:
        """Whether this thread is inside ``grouped``."""
        return bool(getattr(self._group, "on", False))

    def commit_group(self) -> None:
        s = getattr(self._group, "session", None)
        if s is None:
            return
        try:
            _apply_successes(s, self._group.successes)
            s.commit()
        finally:
            self._drop_group()

    def _drop_group(self) -> None:
        s = getattr(self._group, "session", None)
        self._group.session = None
        self._group.successes = []
        if s is not None:
            s.close()  # rolls back what was not committed

    @contextmanager
    def _write(self, *, core: bool = False) -> Iterator[Session]:
        """A write: committed at the end, or a savepoint in this thread's group (an
        IntegrityError then undoes this write alone and the group goes on).
        ``core``: the block writes through Core statements only (no ORM objects), so the
        savepoint is the driver's own — the ORM's nested transaction cost ~1 ms a feed,
        a third of the loop's time in a poll where each feed brings two new entries."""
        if not self.grouping:
            with Session(self.engine, expire_on_commit=False) as s:
                if self.engine.dialect.name == "sqlite":  # the write lock from the start, as
                    s.connection().exec_driver_sql("BEGIN IMMEDIATE")  # a group takes it
                yield s
                s.commit()
            return
        s = getattr(self._group, "session", None)
        if s is None:
            s = Session(self.engine, expire_on_commit=False)
            self._group.session, self._group.successes = s, []
            if self.engine.dialect.name == "sqlite":
                s.connection().exec_driver_sql("BEGIN IMMEDIATE")
        if core:
            with self._raw_savepoint(s):
                yield s
            return
        try:
            with s.begin_nested():
                yield s
        except IntegrityError:
            raise
        except BaseException:
            self._drop_group()
            raise

    @contextmanager
    def _raw_savepoint(self, s: Session) -> Iterator[None]:
        """On PostgreSQL the savepoint, the block's statements and the release go to the
        server in one pipeline (see ``_pipelined``); a unique-key conflict may then surface
        only when the pipeline is synced, at its end, and is undone here all the same."""
        try:
            try:
                with self._pipelined(s):
                    self._driver(s, "SAVEPOINT feed")
                    yield
                    self._driver(s, "RELEASE SAVEPOINT feed")
            except IntegrityError:
                self._driver(s, "ROLLBACK TO SAVEPOINT feed")
                self._driver(s, "RELEASE SAVEPOINT feed")
                raise
        except IntegrityError:
            raise
        except BaseException:
            self._drop_group()
            raise

    @contextmanager
    def _pipelined(self, s: Session) -> Iterator[None]:
        """PostgreSQL: the block's statements sent without waiting for each answer (psycopg's
        pipeline mode), answered together when it ends or when a result is read. A feed's
        writes were ~15 round trips (a wait on the server each, and several per executemany);
        in a pipeline they are two, so the database's latency does not multiply by the feeds'
        statements. SQLite, in the process, has no round trips to save."""
        if self.engine.dialect.name != "postgresql":
            yield
            return
        raw = s.connection().connection.driver_connection
        with self._driver_errors("(pipeline)"), raw.pipeline():  # type: ignore[union-attr]
            yield

    def _driver(
        self,
        s: Session,
        sql: str,
        many: list[tuple[Any, ...]] | None = None,
        *,
        params: tuple[Any, ...] | None = None,
        rows: bool = False,
    ) -> list[Any]:
        """``sql`` straight on the driver's cursor in ``s``'s transaction (``executemany`` with
        ``many``, one execution with ``params``): statements a poll makes for every feed, where
        SQLAlchemy's per-call cost was as much as the database's work. The engine's
        before_cursor_execute listeners still see them (tracing, fault injection).
        ``rows``: fetch the result even if its description is not known yet (in a pipeline it
        is known only once the server answered: the fetch waits for that)."""
        conn = s.connection()
        cur = conn.connection.cursor()
        try:
            with self._driver_errors(sql):
                for listener in conn.dispatch.before_cursor_execute:
                    listener(conn, cur, sql, many if many is not None else params, None,
                             many is not None)  # fmt: skip
                if many is not None:
                    cur.executemany(sql, many)
                    return []
                if params is None:
                    cur.execute(sql)
                else:
                    cur.execute(sql, params)
                return cur.fetchall() if rows or cur.description else []
        finally:
            cur.close()

    @contextmanager
    def _driver_errors(self, sql: str) -> Iterator[None]:
        """A driver error raised as SQLAlchemy's, as every other call raises it: the pipeline
        tells a locked or full archive from a unique-key conflict by those types."""
        dbapi = self.engine.dialect.dbapi
        try:
            yield
        except dbapi.Error as exc:  # type: ignore[union-attr]
            raise DBAPIError.instance(sql, None, exc, dbapi.Error) from exc  # type: ignore[union-attr]

    # -- seeding ---------------------------------------------------------------------------

    def is_empty(self) -> bool:
        with self.session() as s:
            return s.exec(select(func.count()).select_from(ItemRow)).one() == 0

    # -- dedupe questions ------------------------------------------------------------------

    @contextmanager
    def _cursor(self) -> Iterator[Any]:
        """A driver cursor for the look-ups a poll makes for every feed and entry: the
        session's per-call cost (~0.3 ms) was as much as SQLite's answer. In this thread's
        group transaction if one is open (its uncommitted rows count), else on a pooled
        connection. Driver errors are raised as SQLAlchemy's, as every other call raises."""
        held = getattr(self._group, "session", None)
        conn = held.connection().connection if held is not None else self.engine.raw_connection()
        try:
            with self._driver_errors("(look-up)"):
                cur = conn.cursor()
                try:
                    yield cur
                finally:
                    cur.close()
        finally:
            if held is None:
                conn.close()  # back to the pool, which rolls back (PostgreSQL began one)

    def _rows_in(
        self, cur: Any, sql: str, values: Sequence[Any], *args: Any, whole: bool = False
    ) -> Iterator[tuple[Any, ...]]:
        """Rows of ``sql``, whose ``{in}`` is an IN list of ``values`` (sent in slices): plain
        SQL to the driver, since the ORM's per-value binding cost more than SQLite's answer on
        the look-ups a poll makes for every feed. ``args`` fill the placeholders before it.
        ``whole``: one query however long the list (an aggregate over it must see it all; a
        text's shingles stay far below SQLite's 32,766 parameters)."""
        mark = self._mark
        for chunk in [values] if whole else _chunks(values):
            query = sql.replace("?", mark).format(inlist=", ".join([mark] * len(chunk)))
            cur.execute(query, (*args, *chunk))
            yield from cur.fetchall()

    def seen_guids(self, source: str, guids: Sequence[str]) -> set[str]:
        """The GUIDs of this source already looked at: one query for a whole feed."""
        with self._cursor() as cur:
            return {
                guid
                for (guid,) in self._rows_in(
                    cur,
                    "SELECT guid FROM sighting WHERE source = ? AND guid IN ({inlist})",
                    sorted(set(guids)),
                    source,
                )
            }

    def known_addresses(self, canonical_urls: Iterable[str | None]) -> dict[str, int]:
        """Archived item id by canonical address, for those of these addresses already seen."""
        urls = sorted({u for u in canonical_urls if u})
        if not urls:
            return {}
        with self._cursor() as cur:
            return _by_address(
                self._rows_in(
                    cur,
                    "SELECT canonical_url, item_id FROM sighting WHERE canonical_url IN ({inlist})",
                    urls,
                ),
                self._rows_in(
                    cur,
                    "SELECT canonical_url, id FROM item WHERE canonical_url IN ({inlist})",
                    urls,
                ),
            )

    def known_copies(
        self, canonical_urls: Iterable[str | None], fingerprints: Iterable[str]
    ) -> tuple[dict[str, int], dict[str, int]]:
        """``known_addresses`` and ``known_fingerprints`` in one query: a poll asks both of
        every feed's new entries, and in a poll that brings a few entries a feed the three
        statements cost more than SQLite's answers."""
        urls = sorted({u for u in canonical_urls if u})
        fps = sorted(set(fingerprints))
        if not urls or not fps or 2 * len(urls) + len(fps) > _CHUNK:
            return self.known_addresses(urls), self.known_fingerprints(fps)
        u, f = ", ".join([self._mark] * len(urls)), ", ".join([self._mark] * len(fps))
        sql = (
            f"SELECT 0, canonical_url, item_id FROM sighting WHERE canonical_url IN ({u}) "
            f"UNION ALL SELECT 1, canonical_url, id FROM item WHERE canonical_url IN ({u}) "
            f"UNION ALL SELECT 2, fingerprint, id FROM item WHERE fingerprint IN ({f})"
        )
        with self._cursor() as cur:
            cur.execute(sql, (*urls, *urls, *fps))
            rows = cur.fetchall()
        by_url = _by_address(
            ((key, item_id) for tag, key, item_id in rows if tag == 0),
            ((key, item_id) for tag, key, item_id in rows if tag == 1),
        )
        return by_url, {key: item_id for tag, key, item_id in rows if tag == 2}

    def known_fingerprints(self, fingerprints: Iterable[str]) -> dict[str, int]:
        fps = sorted(set(fingerprints))
        if not fps:
            return {}
        with self._cursor() as cur:
            return dict(
                self._rows_in(
                    cur, "SELECT fingerprint, id FROM item WHERE fingerprint IN ({inlist})", fps
                )
            )

    def near_duplicate(
        self, shingles: set[int], title: str, keys: set[int] | None = None
    ) -> Duplicate | None:
        """The archived item this text mostly copies (winnowed-shingle containment), or None.
        ``keys``: the text's index keys (``text.shingle_sets``), if not all of ``shingles``."""
        with self._cursor() as cur:
            return self._near_duplicate(cur, shingles, title, shingles if keys is None else keys)

    def store_batch(
        self,
        new: Sequence[NewItem],
        sightings: Sequence[NewSighting],
        now: datetime,
        *,
        success: dict[str, Any] | None = None,
    ) -> None:
        """Archive a source's new items and copies in one transaction: a poll writes once per
        feed, not once per entry (a commit costs a disk sync; 50 of them were most of a feed's
        time). All or nothing: on IntegrityError (another worker stored one of these first)
        nothing is written and the caller judges the entries again. Sets each NewItem's id.
        ``success``: one source's ``record_successes`` keywords, in the same transaction."""
        items = ItemRow.__table__  # type: ignore[attr-defined]
        with self._write(core=True) as s:
            if new:
                # Ids taken first, then one executemany: an INSERT … RETURNING that must give
                # ids in row order runs row by row on SQLite (15,000 statements in a first
                # poll of 300 feeds, most of its database time).
                for n, item_id in zip(new, self._new_item_ids(s, len(new)), strict=True):
                    n.id = item_id
                for n in new:
                    if n.signature is not None:
                        n.story = _story_id(n)
                rows = [
                    _item_values(n, now, uid)
                    for n, uid in zip(new, _new_uids(len(new)), strict=True)
                ]
                self._insert(s, items, rows)
                self._insert(
                    s,
                    SightingRow.__table__,  # type: ignore[attr-defined]
                    [
                        _sighting_values(n.item, n.id, "seed" if n.origin == "seed" else "new",
                                         n.canonical_url, None, now)
                        for n in new
                    ],
                )  # fmt: skip
                topics = [
                    {
                        "item_id": n.id,
                        "topic": m.topic,
                        "score": m.score,
                        "matched": m.matched,
                        "explanation": json.dumps(m.explain(), ensure_ascii=False),
                        "alert": m.alert,
                    }
                    for n in new
                    for m in n.scores
                    if m.hits or m.matched  # a demoted item keeps its explanation too
                ]
                if topics:
                    self._insert(s, TopicMatchRow.__table__, topics)  # type: ignore[attr-defined]
                shingled = [n for n in new if n.shingles]
                if shingled:  # ~75 key rows an article: tuples, not dicts
                    self._insert(
                        s,
                        ShingleSetRow.__table__,  # type: ignore[attr-defined]
                        [(n.id, pack_hashes(n.shingles)) for n in shingled],
                        ("item_id", "hashes"),
                    )
                    keys = [
                        (h, n.id)
                        for n in shingled
                        for h in (n.shingles if n.keys is None else n.keys)
                    ]
                    self._insert(s, ShingleRow.__table__, keys, ("hash", "item_id"))  # type: ignore[attr-defined]
            if sightings:
                self._insert(
                    s,
                    SightingRow.__table__,  # type: ignore[attr-defined]
                    [
                        _sighting_values(c.item, c.of.id if isinstance(c.of, NewItem) else c.of,
                                         c.reason, c.canonical_url, c.similarity, now)
                        for c in sightings
                    ],
                )  # fmt: skip
            if success is not None:
                self._succeeded(s, [success])

    def _new_item_ids(self, s: Session, n: int) -> list[int]:
        """``n`` ids for new items. PostgreSQL: from the column's sequence (other workers take
        theirs concurrently). SQLite: after the highest id, which is safe because a write
        transaction there holds the database's write lock from its start (see ``_write``)."""
        if self.engine.dialect.name == "postgresql":
            sql = "SELECT nextval(pg_get_serial_sequence('item', 'id')) FROM generate_series(1, %s)"
            return [i for (i,) in self._driver(s, sql, params=(n,), rows=True)]
        top = self._driver(s, "SELECT coalesce(max(id), 0) FROM item")[0][0]
        return list(range(top + 1, top + 1 + n))

    def _insert(
        self, s: Session, table: Any, rows: list[Any], cols: tuple[str, ...] | None = None
    ) -> None:
        """``rows`` (dicts with the same keys, or tuples in the order of ``cols``) in one
        executemany on the driver, each value through its column's bind processor as SQLAlchemy
        would send it (datetimes, booleans): a Core insert's per-row parameter handling was
        ~40 us a row, most of storing 50,000 items."""
        if cols is None:
            cols = tuple(rows[0])
            rows = [tuple(r.values()) for r in rows]
        postgres = self.engine.dialect.name == "postgresql"
        if (table.name, cols) not in self._inserts:
            dialect = self.engine.dialect
            procs = [(n, _bind_processor(table.c[c].type, dialect)) for n, c in enumerate(cols)]
            if postgres:
                sql = _unnest_insert(table, cols, dialect)
            else:
                marks = ", ".join([self._mark] * len(cols))
                sql = f"INSERT INTO {table.name} ({', '.join(cols)}) VALUES ({marks})"
            self._inserts[table.name, cols] = (sql, [(n, p) for n, p in procs if p is not None])
        sql, procs = self._inserts[table.name, cols]
        if procs or postgres:
            # A column at a time, each distinct value once (a batch's rows share their fetch
            # time): the per-value generator was a tenth of a first poll's main thread.
            columns = list(zip(*rows, strict=True))
            for n, p in procs:
                done = {v: p(v) for v in set(columns[n])}
                columns[n] = tuple(map(done.__getitem__, columns[n]))
            if postgres:  # one statement, an array a column, however many rows
                self._driver(s, sql, params=tuple(map(list, columns)))
                return
            rows = list(zip(*columns, strict=True))
        self._driver(s, sql, rows)

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

    # -- writing ---------------------------------------------------------------------------

    # -- backups, moves and retention -------------------------------------------------------

    def export_records(self) -> Iterator[dict[str, Any]]:
        """Every record as a plain dict with a "type"; items are referred to by uid, so the
        records can be imported into another archive (SQLite or PostgreSQL) with new ids."""

        def plain(row: SQLModel, drop: tuple[str, ...] = ()) -> dict[str, Any]:
            out = {}
            for k, v in row.model_dump().items():
                if k in drop:
                    continue
                out[k] = v.isoformat() if isinstance(v, datetime) else v
            return out

        with self.session() as s:
            uids = dict(s.exec(select(ItemRow.id, ItemRow.uid)).all())
            for row in s.exec(select(ItemRow).order_by(ItemRow.id)):
                rec = plain(row, ("id", "story_id"))
                rec["story_uid"] = uids.get(row.story_id) if row.story_id else None
                keys = list(
                    s.exec(select(ShingleRow.hash).where(ShingleRow.item_id == row.id)).all()
                )
                blob = s.get(ShingleSetRow, row.id)
                # "shingles": all the item's fingerprints; "shingle_keys": those indexed, when
                # not all of them. An item archived before 0002 (and an older monitor's
                # export) has no "shingle_keys": all its fingerprints are keys.
                if blob is None:
                    rec["shingles"] = keys
                else:
                    rec["shingles"] = sorted(unpack_hashes(blob.hashes))
                    rec["shingle_keys"] = keys
                yield {"type": "item", **rec}
            for model, kind in ((SightingRow, "sighting"), (TopicMatchRow, "topic"),
                                (FeedbackRow, "feedback"), (DeliveryRow, "delivery"),
                                (JudgementRow, "judgement")):  # fmt: skip
                for row in s.exec(select(model)):
                    rec = plain(row, ("id", "item_id"))
                    yield {"type": kind, "item_uid": uids[row.item_id], **rec}  # type: ignore[attr-defined]
            for model, kind in ((SubscriberRow, "subscriber"), (SourceStateRow, "source"),
                                (SettingRow, "setting")):  # fmt: skip
                for row in s.exec(select(model)):
                    yield {"type": kind, **plain(row)}

    def import_records(self, records: Iterable[dict[str, Any]]) -> dict[str, int]:
        """Add exported records; what the archive already has (same uid, same keys) is kept,
        so importing twice adds nothing. Into an archive that workers already started, state
        is merged, not dropped: an address unsubscribed in either stays unsubscribed, and both
        unsubscribe secrets stay valid (``_merge_setting``). All or nothing: a record that is
        not one raises RecordError (its place, why) and nothing is imported. Dates must carry
        a time zone (exports always do); an item's explicit "id" is kept."""
        counts: dict[str, int] = {}
        ids: dict[str, int] = {}
        stories: list[tuple[int, str]] = []
        explicit_ids = False
        with self.session() as s:
            ids.update({uid: i for i, uid in s.exec(select(ItemRow.id, ItemRow.uid)).all()})
            for index, rec in enumerate(records, 1):
                try:
                    kind, added = self._import_one(s, rec, ids, stories)
                    if kind == "item" and added and rec.get("id") is not None:
                        explicit_ids = True
                except RecordError:
                    raise
                except IntegrityError as exc:
                    s.rollback()
                    raise RecordError(index, _conflict(exc)) from None
                except Exception as exc:  # whatever a record's content makes fail: not one
                    s.rollback()
                    raise RecordError(index, _record_problem(exc)) from None
                if added:
                    counts[kind] = counts.get(kind, 0) + 1
            for item_id, story_uid in stories:
                row = s.get(ItemRow, item_id)
                if row is not None:
                    row.story_id = ids.get(story_uid)
                    s.add(row)
            if explicit_ids and self.engine.dialect.name == "postgresql":
                # Ids given explicitly did not advance the sequence: move it past them.
                s.execute(sql_text("SELECT setval(pg_get_serial_sequence('item', 'id'), "
                                   "(SELECT coalesce(max(id), 1) FROM item))"))  # fmt: skip
            s.commit()
        return counts

    def _import_one(
        self, s: Session, rec: Any, ids: dict[str, int], stories: list[tuple[int, str]]
    ) -> tuple[str, bool]:
        """Import one record; returns (its type, whether anything was added)."""
        if not isinstance(rec, dict):
            raise ValueError(f"a JSON object was expected, not {type(rec).__name__}")
        kind = rec.get("type")
        if kind == "item":
            if rec["uid"] in ids:
                return kind, False
            same_article = ItemRow.fingerprint == rec["fingerprint"]
            if rec["canonical_url"] is not None:  # no address: not the same as every other
                same_article = same_article | (ItemRow.canonical_url == rec["canonical_url"])
            same = s.exec(select(ItemRow.id).where(same_article)).first()
            if same is not None:  # the same article, archived here already (a seed)
                ids[rec["uid"]] = same
                return kind, False
            row = ItemRow(**_record_values(rec, ("story_uid", "shingles", "shingle_keys")))
            s.add(row)
            s.flush()
            assert row.id is not None
            ids[rec["uid"]] = row.id
            keys = rec.get("shingle_keys", rec["shingles"])
            if keys:
                s.execute(
                    ShingleRow.__table__.insert(),  # type: ignore[attr-defined]
                    [{"hash": int(h), "item_id": row.id} for h in keys],
                )
            if "shingle_keys" in rec and rec["shingles"]:
                s.add(ShingleSetRow(item_id=row.id, hashes=pack_hashes(set(rec["shingles"]))))
            if rec.get("story_uid"):
                stories.append((row.id, rec["story_uid"]))
            s.flush()
            return kind, True
        if kind in ("sighting", "topic", "feedback", "delivery", "judgement"):
            model = {"sighting": SightingRow, "topic": TopicMatchRow, "feedback": FeedbackRow,
                     "delivery": DeliveryRow, "judgement": JudgementRow}[kind]  # fmt: skip
            item_id = ids.get(rec["item_uid"])
            if item_id is None:
                return kind, False
            row = model(item_id=item_id, **_record_values(rec, ("item_uid",)))
            if kind == "sighting":
                if s.exec(
                    select(SightingRow.id).where(
                        SightingRow.source == row.source, SightingRow.guid == row.guid
                    )
                ).first():
                    return kind, False
            elif s.get(model, _key_of(row)) is not None:
                return kind, False
            s.add(row)
            s.flush()
            return kind, True
        if kind in ("subscriber", "source", "setting"):
            model = {"subscriber": SubscriberRow, "source": SourceStateRow,
                     "setting": SettingRow}[kind]  # fmt: skip
            row = model(**_record_values(rec, ()))
            have = s.get(model, _key_of(row))
            if have is None:
                s.add(row)
                s.flush()
                return kind, True
            if kind == "subscriber":
                return kind, _merge_subscriber(s, have, row)
            if kind == "setting":
                return kind, _merge_setting(s, have, row)
            return kind, False
        raise ValueError(f"unknown type {kind!r}" if kind is not None else 'no "type"')

    def prune_off_topic(self, before: datetime) -> int:
        """Forget off-topic items fetched before ``before`` (on-topic ones and seeds are kept
        for good, and so is everything that was delivered, and every item a user judged with
        ``monitor feedback`` or a click in a mail: judged examples teach the relevance signal,
        and an item marked irrelevant is off-topic by that very verdict)."""
        with self.session() as s:
            old = select(ItemRow.id).where(
                ItemRow.on_topic == False,  # noqa: E712
                ItemRow.origin == "feed",
                ItemRow.fetched_at < before,  # type: ignore[operator]
                ItemRow.id.not_in(select(DeliveryRow.item_id)),  # type: ignore[union-attr]
                ItemRow.id.not_in(select(FeedbackRow.item_id)),  # type: ignore[union-attr]
                ItemRow.id.not_in(select(JudgementRow.item_id)),  # type: ignore[union-attr]
            )
            ids = list(s.exec(old).all())
            for chunk in range(0, len(ids), 500):
                part = ids[chunk : chunk + 500]
                for model in (ShingleRow, ShingleSetRow, TopicMatchRow, SightingRow, FeedbackRow):
                    s.exec(delete(model).where(model.item_id.in_(part)))  # type: ignore[attr-defined,call-overload]
                s.exec(delete(ItemRow).where(ItemRow.id.in_(part)))  # type: ignore[union-attr,call-overload]
            s.commit()
            return len(ids)

    # -- leases: several workers, one archive -------------------------------------------------

    def try_lease(self, name: str, holder: str, now: datetime, ttl: timedelta) -> bool:
        """Take the lease ``name`` for ``holder`` if it is free, expired or already theirs.

        One atomic statement (INSERT … ON CONFLICT DO UPDATE … WHERE expired RETURNING), so two
        workers can never both get it; a worker killed while holding it loses it at ``until``.
        """
        insert = self._insert_dialect()
        table = LeaseRow.__table__  # type: ignore[attr-defined]
        with self.engine.begin() as conn:
            # Judged by the database's clock, not the worker's (``now`` is kept for callers):
            # workers whose clocks disagree still agree on whether a lease ran out.
            now = self._db_now(conn)
            until = now + ttl
            stmt = insert(table).values(name=name, holder=holder, until=until)
            stmt = stmt.on_conflict_do_update(
                index_elements=["name"],
                set_={"holder": holder, "until": until},
                where=(table.c.until < now) | (table.c.holder == holder),
            ).returning(table.c.holder)
            return conn.execute(stmt).first() is not None

    def _insert_dialect(self) -> Any:
        if self.engine.dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        return insert

    def _db_now(self, conn: Any) -> datetime:
        """The database server's clock (UTC), the one all workers share."""
        if self.engine.dialect.name == "sqlite":
            value = conn.execute(sql_text("SELECT strftime('%Y-%m-%d %H:%M:%f', 'now')")).scalar()
        else:
            value = conn.execute(sql_text("SELECT clock_timestamp()")).scalar()
        return _as_utc(value)

    def db_now(self) -> datetime:
        with self.engine.connect() as conn:
            return self._db_now(conn)

    def lease_holder(self, name: str) -> str | None:
        """Who holds the lease ``name`` now (None: nobody, or it ran out)."""
        with self.engine.connect() as conn:
            now = self._db_now(conn)
            table = LeaseRow.__table__  # type: ignore[attr-defined]
            row = conn.execute(
                select(table.c.holder, table.c.until).where(table.c.name == name)
            ).first()
        return row[0] if row is not None and _as_utc(row[1]) >= now else None

    def release_lease(self, name: str, holder: str) -> None:
        with self.session() as s:
            s.exec(delete(LeaseRow).where(LeaseRow.name == name, LeaseRow.holder == holder))  # type: ignore[call-overload]
            s.commit()

    # -- stories and examples --------------------------------------------------------------

    def story_signatures(
        self, start: datetime, end: datetime
    ) -> list[tuple[int, datetime, dict[str, Any]]]:
        """(story id, when, signature JSON) of on-topic items published in [start, end)."""
        when = func.coalesce(ItemRow.published, ItemRow.fetched_at)
        with self.session() as s:
            rows = s.exec(
                select(ItemRow.id, ItemRow.story_id, when, ItemRow.signature)
                .where(
                    ItemRow.on_topic == True,  # noqa: E712
                    ItemRow.signature != None,  # noqa: E711
                    when >= start,
                    when < end,
                )
                .order_by(when)
            ).all()
        return [
            (story or item_id, _as_utc(at), json.loads(sig))
            for item_id, story, at, sig in rows
            if sig
        ]

    def story_of(self, item_id: int) -> tuple[int, int, dict[str, Any]] | None:
        """(story id, length of title and text, signature JSON) of an on-topic archived item,
        or None: what clustering needs when a copy of it arrives (issue #26)."""
        with self.session() as s:
            row = s.exec(
                select(ItemRow.story_id, ItemRow.title, ItemRow.text, ItemRow.signature).where(
                    ItemRow.id == item_id,
                    ItemRow.on_topic == True,  # noqa: E712
                    ItemRow.signature != None,  # noqa: E711
                )
            ).first()
        if row is None or not row[3]:
            return None
        story, title, text, sig = row
        return story or item_id, len(title or "") + len(text or "") + 1, json.loads(sig)

    def set_signatures(self, signatures: Sequence[tuple[int, dict[str, Any]]]) -> None:
        """Replace items' story signatures: a fuller copy of an item arrived after it (a
        teaser first, its article later) and now speaks for it in clustering (issue #26)."""
        if not signatures:
            return
        items = ItemRow.__table__  # type: ignore[attr-defined]
        with self._write(core=True) as s:
            for item_id, sig in signatures:
                s.execute(
                    update(items)
                    .where(items.c.id == item_id)
                    .values(signature=json.dumps(sig, ensure_ascii=False))
                )

    def merge_stories(self, merges: Sequence[tuple[int, int]]) -> None:
        """Fold stories into others: (into, other) moves every item of story ``other`` into
        story ``into`` (clustering found an article that belongs to both, issue #26)."""
        if not merges:
            return
        items = ItemRow.__table__  # type: ignore[attr-defined]
        with self._write(core=True) as s:
            for into, other in merges:
                s.execute(update(items).where(items.c.story_id == other).values(story_id=into))

    def story_members(self, story_ids: Iterable[int]) -> dict[int, list[StoredItem]]:
        ids = sorted(set(story_ids))
        if not ids:
            return {}
        with self.session() as s:
            rows = s.exec(
                select(ItemRow).where(
                    (ItemRow.story_id.in_(ids)) | (ItemRow.id.in_(ids)),  # type: ignore[union-attr]
                    ItemRow.on_topic == True,  # noqa: E712
                )
            ).all()
            out: dict[int, list[StoredItem]] = {}
            for item in self._with_topics(s, rows):
                out.setdefault(item.story_id or item.id, []).append(item)
            return out

    def copies_of(self, item_ids: Iterable[int]) -> dict[int, list[tuple[str, str | None]]]:
        """Other outlets that served each item (duplicates): item id → [(outlet, url)]."""
        ids = sorted(set(item_ids))
        if not ids:
            return {}
        with self.session() as s:
            rows = s.exec(
                select(SightingRow)
                .where(
                    SightingRow.item_id.in_(ids),  # type: ignore[attr-defined]
                    SightingRow.reason.not_in(("new", "seed")),  # type: ignore[attr-defined]
                )
                .order_by(SightingRow.id)
            ).all()
            out: dict[int, list[tuple[str, str | None]]] = {}
            for r in rows:
                seen = out.setdefault(r.item_id, [])
                if all(r.source != o for o, _ in seen):
                    seen.append((r.source, r.url))
            return out

    def record_feedback(
        self, item_id: int, label: str, now: datetime, default_topic: str | None
    ) -> ItemRow | None:
        """Store the verdict and apply it: relevant items are delivered, irrelevant ones not."""
        with self.session() as s:
            row = s.get(ItemRow, item_id)
            if row is None:
                return None
            fb = s.get(FeedbackRow, item_id) or FeedbackRow(item_id=item_id, label=label, at=now)
            fb.label, fb.at = label, now
            s.add(fb)
            matches = s.exec(select(TopicMatchRow).where(TopicMatchRow.item_id == item_id)).all()
            if label == "irrelevant":
                for m in matches:
                    m.matched = False
                    s.add(m)
                row.on_topic = False
            else:
                if not any(m.matched for m in matches) and default_topic:
                    m = s.get(TopicMatchRow, (item_id, default_topic)) or TopicMatchRow(
                        item_id=item_id, topic=default_topic, score=0, matched=True,
                        explanation="[]",
                    )  # fmt: skip
                    m.matched = True
                    hits = json.loads(m.explanation)
                    hits.append({"rule": "marked relevant by a user", "terms": [],
                                 "where": "feedback", "points": 0})  # fmt: skip
                    m.explanation = json.dumps(hits, ensure_ascii=False)
                    s.add(m)
                row.on_topic = True
            s.add(row)
            s.commit()
            return row

    def exemplar_rows(
        self, *, judgements: bool = False, address: str | None = None
    ) -> list[tuple[ItemRow, str, list[str]]]:
        """(item, label, topics it scored in) for seeds (relevant) and every operator verdict;
        with ``judgements``, every subscriber's clicks too (shared judgements). ``address``:
        only that subscriber's clicks (their own examples, per-subscriber judgements)."""
        with self.session() as s:
            out: list[tuple[ItemRow, str, list[str]]] = []
            if address is not None:
                labels = {
                    j.item_id: j.label
                    for j in s.exec(select(JudgementRow).where(JudgementRow.address == address))
                }
                where: Any = ItemRow.id.in_(list(labels))  # type: ignore[union-attr]
            else:
                labels = {}
                if judgements:  # the later click wins when two subscribers disagree
                    q = select(JudgementRow).order_by(JudgementRow.at)  # type: ignore[arg-type]
                    labels = {j.item_id: j.label for j in s.exec(q)}
                labels.update({f.item_id: f.label for f in s.exec(select(FeedbackRow)).all()})
                where = (ItemRow.origin == "seed") | (ItemRow.id.in_(list(labels)))  # type: ignore[union-attr]
            for r in s.exec(select(ItemRow).where(where)).all():
                assert r.id is not None
                topics = s.exec(
                    select(TopicMatchRow.topic).where(
                        TopicMatchRow.item_id == r.id,
                        TopicMatchRow.score > 0,
                    )
                ).all()
                out.append((r, labels.get(r.id, "relevant"), list(topics)))
            return out

    def examples_version(self) -> tuple[int, int, datetime | None]:
        """Changes whenever the examples may have: a verdict or a click, new or changed."""
        with self.session() as s:
            verdicts = s.exec(select(func.count(), func.max(FeedbackRow.at))).one()
            clicks = s.exec(select(func.count(), func.max(JudgementRow.at))).one()
            latest = max((d for d in (verdicts[1], clicks[1]) if d is not None), default=None)
            return int(verdicts[0]), int(clicks[0]), latest

    def record_judgement(self, address: str, item_id: int, label: str, now: datetime) -> bool:
        """Keep a subscriber's click (the latest one per item wins); False: no such item."""
        with self.session() as s:
            if s.get(ItemRow, item_id) is None:
                return False
            row = s.get(JudgementRow, (address, item_id)) or JudgementRow(
                address=address, item_id=item_id, label=label, at=now
            )
            row.label, row.at = label, now
            s.add(row)
            try:
                s.commit()
            except IntegrityError:  # the same click twice at once: the other one is kept
                s.rollback()
            return True

    def judgements_of(self, item_id: int) -> list[JudgementRow]:
        with self.session() as s:
            q = select(JudgementRow).where(JudgementRow.item_id == item_id)
            return list(s.exec(q.order_by(JudgementRow.at)).all())  # type: ignore[arg-type]

    def promote(self, item_id: int, topics: Sequence[str], by: str) -> bool:
        """Deliver an item that stayed under the threshold, in ``topics``: a subscriber asked
        for more like it. Everyone whose topics it matches is owed it from then on (once, by
        the delivery keys); the hit says who. False when it was on topic already."""
        with self.session() as s:
            row = s.get(ItemRow, item_id)
            if row is None or row.on_topic or not topics:
                return False
            for topic in topics:
                m = s.get(TopicMatchRow, (item_id, topic)) or TopicMatchRow(
                    item_id=item_id, topic=topic, score=0, matched=True, explanation="[]"
                )
                hits = json.loads(m.explanation)
                hits.append({"rule": f"promoted by a subscriber ({by})", "terms": [],
                             "where": "feedback", "points": 0})  # fmt: skip
                m.matched, m.explanation = True, json.dumps(hits, ensure_ascii=False)
                s.add(m)
            row.on_topic = True
            s.add(row)
            s.commit()
            return True

    def topic_scores(self, item_id: int) -> dict[str, tuple[float, bool]]:
        """Each topic's (score, matched) for one item, as archived."""
        with self.session() as s:
            q = select(TopicMatchRow).where(TopicMatchRow.item_id == item_id)
            return {m.topic: (m.score, m.matched) for m in s.exec(q)}

    def near_misses(
        self,
        address: str,
        since: datetime,
        thresholds: dict[str, float],
        limit: int = 10,
    ) -> list[StoredItem]:
        """Off-topic items fetched since ``since`` that scored at least half a threshold of
        one of ``thresholds``' topics but stayed under it, not yet in a mail to ``address``
        (nor withdrawn by the operator), highest score first."""
        if not thresholds:
            return []
        low = min(thresholds.values()) / 2
        keyed = select(DeliveryRow.item_id).where(DeliveryRow.address == address)
        withdrawn = select(FeedbackRow.item_id).where(FeedbackRow.label == "irrelevant")
        with self.session() as s:
            q = (
                select(TopicMatchRow.item_id, TopicMatchRow.topic, TopicMatchRow.score)
                .join(ItemRow, ItemRow.id == TopicMatchRow.item_id)  # type: ignore[arg-type]
                .where(
                    ItemRow.on_topic == False,  # noqa: E712
                    ItemRow.origin == "feed",
                    ItemRow.fetched_at >= since,  # type: ignore[operator]
                    ItemRow.id.not_in(keyed),  # type: ignore[union-attr]
                    ItemRow.id.not_in(withdrawn),  # type: ignore[union-attr]
                    TopicMatchRow.matched == False,  # noqa: E712
                    TopicMatchRow.topic.in_(list(thresholds)),  # type: ignore[attr-defined]
                    TopicMatchRow.score >= low,
                )
            )
            best: dict[int, float] = {}
            for item_id, topic, score in s.exec(q):
                if score >= thresholds[topic] / 2:
                    share = score / thresholds[topic]
                    best[item_id] = max(best.get(item_id, 0.0), share)
            chosen = sorted(best, key=lambda i: (-best[i], -i))[:limit]
            rows = s.exec(select(ItemRow).where(ItemRow.id.in_(chosen))).all()  # type: ignore[union-attr]
            by_id = {r.id: r for r in self._with_topics(s, rows, near=True)}
            return [by_id[i] for i in chosen if i in by_id]

    # -- source state ----------------------------------------------------------------------

    def source_state(self, name: str) -> SourceStateRow:
        with self.session() as s:
            return s.get(SourceStateRow, name) or SourceStateRow(name=name)

    def all_source_states(self) -> dict[str, SourceStateRow]:
        with self.session() as s:
            return {r.name: r for r in s.exec(select(SourceStateRow)).all()}

    def record_success(self, name: str, **fields: Any) -> None:
        """Validators are saved only here, after the items are stored: a crash in between
        means a full re-fetch next time, never a 304 that hides unstored items. ``fields``:
        the keywords of ``_apply_successes`` (when, etag, last_modified, items_seen, …)."""
        self.record_successes([{"name": name, **fields}])

    def record_successes(self, successes: Sequence[dict[str, Any]]) -> None:
        """``record_success`` for many sources in one transaction."""
        with self._write() as s:
            self._succeeded(s, successes)

    def _succeeded(self, s: Session, successes: Sequence[dict[str, Any]]) -> None:
        """In a group, recorded at its commit, for all its sources in one statement."""
        if getattr(self._group, "session", None) is s:
            self._group.successes.extend(successes)
        else:
            _apply_successes(s, successes)

    def record_failure(
        self, name: str, *, when: datetime, error: str, next_attempt: datetime | None = None
    ) -> SourceStateRow:
        with self._write() as s:
            row = s.get(SourceStateRow, name) or SourceStateRow(name=name)
            row.last_attempt = when
            row.last_error = error[:1000]
            row.consecutive_failures += 1
            row.failing_since = row.failing_since or when
            row.next_attempt = next_attempt
            s.add(row)
        return row

    def new_items_since(self, since: datetime) -> dict[str, int]:
        """On-topic items stored per source since ``since`` (for the health table)."""
        with self.session() as s:
            rows = s.exec(
                select(ItemRow.source, func.count())
                .where(
                    ItemRow.fetched_at >= since,  # type: ignore[operator]
                    ItemRow.origin == "feed",
                    ItemRow.on_topic == True,  # noqa: E712
                )
                .group_by(ItemRow.source)
            ).all()
            return {name: n for name, n in rows}

    def failing_since(self, before: datetime) -> list[SourceStateRow]:
        """Sources failing without a success since ``before`` or earlier (digest footer)."""
        with self.session() as s:
            return list(
                s.exec(
                    select(SourceStateRow)
                    .where(SourceStateRow.failing_since <= before)  # type: ignore[operator]
                    .order_by(SourceStateRow.name)
                ).all()
            )

    # -- reading for delivery --------------------------------------------------------------

    def ensure_subscriber(self, address: str, now: datetime) -> datetime:
        with self.session() as s:
            row = s.get(SubscriberRow, address)
            if row is None:
                row = SubscriberRow(address=address, since=now)
                s.add(row)
                try:
                    s.commit()
                except IntegrityError:
                    s.rollback()
                    row = s.get(SubscriberRow, address)
                    assert row is not None
            return row.since

    def webhook_subscriber(self, url: str) -> str:
        """The webhook's key (``webhook_key``), after moving the rows an older archive kept
        under ``webhook:<url>`` onto it: its start date, retry state and every delivery."""
        key, old = webhook_key(url), f"webhook:{url}"
        with self.session() as s:
            if s.get(SubscriberRow, old) is None:
                return key
            if s.get(SubscriberRow, key) is None:
                renamed = update(SubscriberRow).where(SubscriberRow.address == old)  # type: ignore[arg-type]
                s.exec(renamed.values(address=key))  # type: ignore[call-overload]
            else:
                s.exec(delete(SubscriberRow).where(SubscriberRow.address == old))  # type: ignore[call-overload]
            done = select(DeliveryRow.item_id).where(DeliveryRow.address == key)
            moved = update(DeliveryRow).where(
                DeliveryRow.address == old,  # type: ignore[arg-type]
                DeliveryRow.item_id.not_in(done),  # type: ignore[attr-defined]
            )
            s.exec(moved.values(address=key))  # type: ignore[call-overload]
            s.exec(delete(DeliveryRow).where(DeliveryRow.address == old))  # type: ignore[call-overload]
            s.commit()
        log.info("webhook: archive rows moved from its URL to a hash of it")
        return key

    def subscriber_since(self, address: str) -> datetime | None:
        with self.session() as s:
            row = s.get(SubscriberRow, address)
            return row.since if row else None

    def subscriber_state(self, address: str) -> SubscriberRow | None:
        with self.session() as s:
            return s.get(SubscriberRow, address)

    def all_subscriber_states(self) -> dict[str, SubscriberRow]:
        with self.session() as s:
            return {r.address: r for r in s.exec(select(SubscriberRow)).all()}

    def record_send_failure(
        self, address: str, error: str, *, permanent: bool, next_attempt: datetime | None
    ) -> int:
        """Count a failed send; returns the failures in a row. Nothing is marked as sent."""
        with self.session() as s:
            row = s.get(SubscriberRow, address)
            if row is None:
                return 0
            row.attempts += 1
            row.last_error = error[:1000]
            row.rejected = permanent
            row.next_attempt = next_attempt
            s.add(row)
            s.commit()
            return row.attempts

    def clear_retry(self, address: str) -> None:
        with self.session() as s:
            row = s.get(SubscriberRow, address)
            if row is not None and row.attempts:
                row.attempts, row.next_attempt, row.last_error = 0, None, None
                s.add(row)
                s.commit()

    def resubscribe(self, address: str, now: datetime) -> bool | None:
        """Undo an unsubscribe: mail again from now on (what came meanwhile is not owed).
        None: the archive has no such subscriber; False: they were not unsubscribed."""
        with self.session() as s:
            row = s.get(SubscriberRow, address)
            if row is None:
                return None
            if row.unsubscribed_at is None:
                return False
            row.unsubscribed_at, row.since = None, now
            row.attempts, row.next_attempt, row.last_error, row.rejected = 0, None, None, False
            s.add(row)
            s.commit()
            return True

    def unsubscribe(self, address: str, now: datetime) -> bool:
        with self.session() as s:
            row = s.get(SubscriberRow, address) or SubscriberRow(address=address, since=now)
            already = row.unsubscribed_at is not None
            row.unsubscribed_at = row.unsubscribed_at or now
            s.add(row)
            s.commit()
            return not already

    def setting(self, name: str, default: str) -> str:
        """A stored value, created with ``default`` on first use (race-safe)."""
        with self.session() as s:
            row = s.get(SettingRow, name)
            if row is not None:
                return row.value
            s.add(SettingRow(name=name, value=default))
            try:
                s.commit()
            except IntegrityError:
                s.rollback()
            row = s.get(SettingRow, name)
            assert row is not None
            return row.value

    def undelivered(
        self,
        address: str,
        since: datetime,
        limit: int = 500,
        *,
        topics: Sequence[str] = (),
        alerts_only: bool = False,
    ) -> list[StoredItem]:
        """On-topic items fetched since the address subscribed and not yet sent to it (nor
        claimed, nor skipped), of the given topics (all when empty), or only those that
        matched a high-priority rule."""
        with self.session() as s:
            q = _owed(select(ItemRow), address, since, topics, alerts_only)
            rows = s.exec(
                q.order_by(ItemRow.fetched_at.desc(), ItemRow.id.desc()).limit(limit)  # type: ignore[attr-defined]
            ).all()
            return self._with_topics(s, rows)

    def sync_subscribers(
        self, profiles: dict[str, tuple[Sequence[str], bool]], now: datetime
    ) -> dict[str, int]:
        """Delivery "from then on", for every change of the configuration: ``profiles`` is
        every configured address (subscribers and webhooks) with its (topics, alerts only).

        An address gone from it is marked removed; one that comes back starts afresh (since
        now). One whose topics or cadence changed is not owed the items only the new choice
        would have given it (they are marked skipped); what it was owed before stays owed.
        Returns the items skipped by address."""
        skipped: dict[str, int] = {}
        with self.session() as s:
            rows = {r.address: r for r in s.exec(select(SubscriberRow)).all()}
            for address, (topics, alerts) in profiles.items():
                profile = json.dumps({"topics": sorted(topics), "alerts": alerts})
                row = rows.get(address)
                if row is None:
                    s.add(SubscriberRow(address=address, since=now, profile=profile))
                elif row.removed_at is not None:  # removed, and now back: from now on
                    row.since, row.removed_at, row.profile = now, None, profile
                    row.attempts, row.next_attempt, row.last_error = 0, None, None
                    s.add(row)
                elif row.profile != profile:
                    if row.profile is not None:
                        old = json.loads(row.profile)
                        was = self._owed_ids(s, address, row.since, old["topics"], old["alerts"])
                        now_owed = self._owed_ids(s, address, row.since, topics, alerts)
                        if now_owed - was:
                            skipped[address] = len(now_owed - was)
                            s.add_all(
                                DeliveryRow(address=address, item_id=i, sent_at=now,
                                            message_id="skipped", status="skipped")
                                for i in sorted(now_owed - was)
                            )  # fmt: skip
                    row.profile = profile
                    s.add(row)
            for address, row in rows.items():
                if address not in profiles and row.removed_at is None:
                    row.removed_at = now
                    s.add(row)
            try:
                s.commit()
            except IntegrityError:  # another worker did the same at the same time
                s.rollback()
        return skipped

    def _owed_ids(
        self, s: Session, address: str, since: datetime, topics: Sequence[str], alerts: bool
    ) -> set[int]:
        return set(s.exec(_owed(select(ItemRow.id), address, since, topics, alerts)).all())

    def recent(
        self, *, topic: str | None = None, limit: int = 100, on_topic_only: bool = True
    ) -> list[StoredItem]:
        with self.session() as s:
            q = select(ItemRow).where(ItemRow.origin == "feed")
            if on_topic_only:
                q = q.where(ItemRow.on_topic == True)  # noqa: E712
            if topic:
                q = q.where(
                    ItemRow.id.in_(  # type: ignore[union-attr]
                        select(TopicMatchRow.item_id).where(
                            TopicMatchRow.topic == topic,
                            TopicMatchRow.matched == True,  # noqa: E712
                        )
                    )
                )
            q = q.order_by(ItemRow.fetched_at.desc(), ItemRow.id.desc()).limit(limit)  # type: ignore[attr-defined]
            return self._with_topics(s, s.exec(q).all())

    def _with_topics(
        self, s: Session, rows: Sequence[ItemRow], *, near: bool = False
    ) -> list[StoredItem]:
        """``near``: the topics an item scored in (a near miss matched none)."""
        ids = [r.id for r in rows]
        topics: dict[int, list[str]] = {}
        terms: dict[int, list[str]] = {}
        if ids:
            which = TopicMatchRow.score > 0 if near else TopicMatchRow.matched == True  # noqa: E712
            for m in s.exec(
                select(TopicMatchRow).where(
                    TopicMatchRow.item_id.in_(ids),  # type: ignore[attr-defined]
                    which,
                )
            ).all():
                topics.setdefault(m.item_id, []).append(m.topic)
                for hit in json.loads(m.explanation):
                    terms.setdefault(m.item_id, []).extend(hit["terms"])
        out = []
        for r in rows:
            assert r.id is not None
            out.append(
                StoredItem(
                    id=r.id,
                    uid=r.uid,
                    source=r.source,
                    url=r.url,
                    title=r.title,
                    summary=r.summary,
                    text=r.text,
                    published=r.published,
                    fetched_at=r.fetched_at,
                    language=r.language,
                    topics=tuple(sorted(topics.get(r.id, []))),
                    terms=tuple(dict.fromkeys(terms.get(r.id, []))),
                    story_id=r.story_id or r.id,
                )
            )
        out.sort(key=lambda i: (i.when, i.id), reverse=True)
        return out

    def claim_delivery(self, address: str, item_ids: Sequence[int], message_id: str) -> list[int]:
        """Claim the (address, item) delivery keys before sending: returns the items this
        sender got; an item another sender claimed (or sent, or skipped) is left out. Claims
        older than STALE_CLAIM (a sender that died mid-send) are given up first: their items
        may then arrive twice, the one window left (docs/schedules.md)."""
        if not item_ids:
            return []
        insert = self._insert_dialect()
        table = DeliveryRow.__table__  # type: ignore[attr-defined]
        with self.engine.begin() as conn:
            now = self._db_now(conn)
            conn.execute(
                table.delete().where(
                    table.c.address == address,
                    table.c.status == "sending",
                    table.c.sent_at < now - STALE_CLAIM,
                )
            )
            got: list[int] = []
            for part in _chunks(list(item_ids)):
                stmt = (
                    insert(table)
                    .values([{"address": address, "item_id": i, "sent_at": now,
                              "message_id": message_id, "status": "sending"} for i in part])
                    .on_conflict_do_nothing(index_elements=["address", "item_id"])
                    .returning(table.c.item_id)
                )  # fmt: skip
                got += [r[0] for r in conn.execute(stmt)]
        return got

    def release_claim(self, address: str, item_ids: Sequence[int], message_id: str) -> None:
        """The send failed before the server accepted: the items are owed again."""
        table = DeliveryRow.__table__  # type: ignore[attr-defined]
        with self.engine.begin() as conn:
            for part in _chunks(list(item_ids)):
                conn.execute(
                    table.delete().where(
                        table.c.address == address,
                        table.c.message_id == message_id,
                        table.c.status == "sending",
                        table.c.item_id.in_(part),
                    )
                )

    def skip_items(self, address: str, item_ids: Iterable[int], now: datetime) -> int:
        """Mark items as not owed to ``address`` (it asked for them only from now on)."""
        ids = list(item_ids)
        if not ids:
            return 0
        insert = self._insert_dialect()
        table = DeliveryRow.__table__  # type: ignore[attr-defined]
        n = 0
        with self.engine.begin() as conn:
            for part in _chunks(ids):
                stmt = (
                    insert(table)
                    .values([{"address": address, "item_id": i, "sent_at": now,
                              "message_id": "skipped", "status": "skipped"} for i in part])
                    .on_conflict_do_nothing(index_elements=["address", "item_id"])
                    .returning(table.c.item_id)
                )  # fmt: skip
                n += len(conn.execute(stmt).all())
        return n

    def mark_delivered(
        self, address: str, item_ids: Iterable[int], message_id: str, now: datetime
    ) -> None:
        """Record what the server accepted (the claimed keys become "sent", keys claimed by
        nobody are added), and reset the retry state, in one transaction."""
        insert = self._insert_dialect()
        table = DeliveryRow.__table__  # type: ignore[attr-defined]
        with self.session() as s:
            for part in _chunks(list(item_ids)):
                stmt = insert(table).values(
                    [{"address": address, "item_id": i, "sent_at": now,
                      "message_id": message_id, "status": "sent"} for i in part]
                )  # fmt: skip
                s.execute(
                    stmt.on_conflict_do_update(
                        index_elements=["address", "item_id"],
                        set_={"status": "sent", "sent_at": now, "message_id": message_id},
                    )
                )
            row = s.get(SubscriberRow, address)
            if row is not None:
                row.attempts, row.next_attempt, row.last_error = 0, None, None
                row.rejected, row.last_sent = False, now
                s.add(row)
            s.commit()

    # -- looking into the archive ----------------------------------------------------------

    def list_items(self, limit: int = 50, *, include_off_topic: bool = False) -> list[ItemRow]:
        with self.session() as s:
            q = select(ItemRow)
            if not include_off_topic:
                q = q.where(ItemRow.on_topic == True)  # noqa: E712
            q = q.order_by(ItemRow.fetched_at.desc(), ItemRow.id.desc()).limit(limit)  # type: ignore[attr-defined]
            return list(s.exec(q).all())

    def headlines(
        self, since: datetime, until: datetime
    ) -> list[tuple[int, str, str, str | None, int]]:
        """(id, title, source, url, length of its text) of the on-topic items fetched in this
        window, and of the seeds: what a headline-only entry or an aggregator's entry may
        stand for (dedupe.headline_copy). A range of the delivery index."""
        with self.session() as s:
            body = func.length(ItemRow.text) + func.length(ItemRow.summary)
            q = select(ItemRow.id, ItemRow.title, ItemRow.source, ItemRow.url, body).where(
                ItemRow.on_topic == True,  # noqa: E712
                ((ItemRow.origin == "feed") & (ItemRow.fetched_at >= since)  # type: ignore[operator]
                 & (ItemRow.fetched_at <= until)) | (ItemRow.origin == "seed"),  # type: ignore[operator]
            )  # fmt: skip
            return [(int(i), t, src, u, int(n or 0)) for i, t, src, u, n in s.exec(q).all()]

    def item_detail(
        self, item_id: int
    ) -> tuple[ItemRow, list[TopicMatchRow], list[SightingRow], list[DeliveryRow]] | None:
        with self.session() as s:
            row = s.get(ItemRow, item_id)
            if row is None:
                return None
            matches = s.exec(select(TopicMatchRow).where(TopicMatchRow.item_id == item_id)).all()
            sightings = s.exec(
                select(SightingRow).where(SightingRow.item_id == item_id).order_by(SightingRow.id)
            ).all()
            deliveries = s.exec(
                select(DeliveryRow).where(
                    DeliveryRow.item_id == item_id, DeliveryRow.status == "sent"
                )
            ).all()
            return row, list(matches), list(sightings), list(deliveries)

    def ping(self) -> None:
        with self.engine.connect() as conn:
            conn.execute(sql_text("SELECT 1"))

    def feed_version(self) -> tuple[int, int, int]:
        """Changes whenever what the feeds show can change: new items, verdicts, stories."""
        with self.session() as s:
            newest, on = s.exec(
                select(func.coalesce(func.max(ItemRow.id), 0), func.count()).where(
                    ItemRow.on_topic == True  # noqa: E712
                )
            ).one()
            verdicts = s.exec(select(func.count()).select_from(FeedbackRow)).one()
            return int(newest), int(on), int(verdicts)

    def counts(self) -> dict[str, int]:
        with self.session() as s:
            total = s.exec(select(func.count()).select_from(ItemRow)).one()
            on = s.exec(
                select(func.count()).select_from(ItemRow).where(ItemRow.on_topic == True)  # noqa: E712
            ).one()
            return {"items": total, "on_topic": on}


SCHEMA_HEAD = "0004"
_MIGRATION_LOCK = threading.RLock()
_KNOWN_REVISIONS = ("0001", "0002", "0003", "0004")
# A claim this old is a sender that died between claiming and recording: given up.
STALE_CLAIM = timedelta(hours=6)
# Items sharing the most index keys with a text that are judged on all their fingerprints
# (twice as many at most where some keys are a template's: dedupe.near_candidates).
NEAR_CANDIDATES = 8


def _apply_successes(s: Session, successes: Sequence[dict[str, Any]]) -> None:
    """Record good polls of many sources in two statements, not an ORM load and flush each
    (that was most of a steady poll: 0.7 ms a source). Each dict holds: name, when, etag,
    last_modified, items_seen, and optionally config_url, url, min_interval, article_failures."""
    if not successes:
        return
    table = SourceStateRow.__table__  # type: ignore[attr-defined]
    names = sorted({kw["name"] for kw in successes})
    known = set(s.execute(select(table.c.name).where(table.c.name.in_(names))).scalars())
    missing = [{"name": n} for n in names if n not in known]
    if missing:
        s.execute(table.insert(), missing)
    values = {
        "last_attempt": bindparam("b_when"),
        "last_success": bindparam("b_when"),
        "last_error": None,
        "consecutive_failures": 0,
        "failing_since": None,
        "next_attempt": None,
        "etag": bindparam("b_etag"),
        "last_modified": bindparam("b_lm"),
        "items_seen": table.c.items_seen + bindparam("b_seen"),
        "min_interval": bindparam("b_min"),
        "article_failures": table.c.article_failures + bindparam("b_af"),
    }
    moved = {"config_url": bindparam("b_config"), "url": bindparam("b_url")}
    rows: dict[bool, list[dict[str, Any]]] = {True: [], False: []}
    for kw in successes:
        rows[kw.get("config_url") is not None].append(
            {
                "b_name": kw["name"],
                "b_when": kw["when"],
                "b_etag": kw.get("etag"),
                "b_lm": kw.get("last_modified"),
                "b_seen": kw.get("items_seen", 0),
                "b_min": kw.get("min_interval"),
                "b_af": kw.get("article_failures", 0),
                "b_config": kw.get("config_url"),
                "b_url": kw.get("url"),
            }
        )
    for with_url, params in rows.items():
        if params:
            stmt = table.update().where(table.c.name == bindparam("b_name"))
            s.execute(stmt.values(**values, **(moved if with_url else {})), params)


def _owed(q: Any, address: str, since: datetime, topics: Sequence[str], alerts: bool) -> Any:
    """``q`` narrowed to the on-topic items ``address`` is owed: fetched since ``since``, of
    ``topics`` (all when empty), high-priority ones only if ``alerts``, no delivery key yet."""
    keyed = select(DeliveryRow.item_id).where(DeliveryRow.address == address)
    q = q.where(
        ItemRow.on_topic == True,  # noqa: E712
        ItemRow.origin == "feed",
        ItemRow.fetched_at >= since,  # type: ignore[operator]
        ItemRow.id.not_in(keyed),  # type: ignore[union-attr]
    )
    if topics or alerts:
        wanted = select(TopicMatchRow.item_id).where(TopicMatchRow.matched == True)  # noqa: E712
        if topics:
            wanted = wanted.where(TopicMatchRow.topic.in_(list(topics)))  # type: ignore[attr-defined]
        if alerts:
            wanted = wanted.where(TopicMatchRow.alert == True)  # noqa: E712
        q = q.where(ItemRow.id.in_(wanted))  # type: ignore[union-attr]
    return q


_DATED = {
    "published", "fetched_at", "seen_at", "at", "sent_at", "since", "last_attempt",
    "last_success", "next_attempt", "failing_since", "unsubscribed_at", "last_sent",
    "removed_at",
}  # fmt: skip
# The unsubscribe secret (deliver.unsubscribe) and the older ones links may still carry.
SECRET_SETTING = "unsubscribe_secret"
OLD_SECRETS_SETTING = "unsubscribe_secrets_before"


def _record_values(rec: dict[str, Any], drop: tuple[str, ...]) -> dict[str, Any]:
    out = {k: v for k, v in rec.items() if k not in ("type", *drop)}
    for k in _DATED & out.keys():
        if out[k] is None:
            continue
        when = datetime.fromisoformat(out[k])
        if when.tzinfo is None:
            raise ValueError(f'"{k}" has no time zone ({out[k]}); write it as UTC, +00:00')
        out[k] = when
    return out


def _merge_subscriber(s: Session, have: SubscriberRow, backup: SubscriberRow) -> bool:
    """A subscriber in both: unsubscribed in either stays unsubscribed (the earlier date), the
    earlier start and the later send count; the rest (retries, profile) is the live archive's."""
    changed = False
    if backup.unsubscribed_at is not None and (
        have.unsubscribed_at is None or backup.unsubscribed_at < have.unsubscribed_at
    ):
        have.unsubscribed_at, changed = backup.unsubscribed_at, True
    if backup.since < have.since:
        have.since, changed = backup.since, True
    later = backup.last_sent
    if later is not None and (have.last_sent is None or later > have.last_sent):
        have.last_sent, changed = later, True
    if changed:
        s.add(have)
        s.flush()
    return changed


def _merge_setting(s: Session, have: SettingRow, backup: SettingRow) -> bool:
    """The unsubscribe secret of a backup imported into a live archive: links signed with
    either must keep working (mail may have gone out under the archive's new one, and surely
    did under the backup's). The backup's signs from now on, it is the one most links carry;
    the archive's is kept for checking links (OLD_SECRETS_SETTING). Other settings: kept."""
    if have.name != SECRET_SETTING or have.value == backup.value:
        return False
    old_row = s.get(SettingRow, OLD_SECRETS_SETTING)
    old = json.loads(old_row.value) if old_row is not None else []
    if have.value not in old:
        old.append(have.value)
    if backup.value in old:
        old.remove(backup.value)
    if old_row is None:
        old_row = SettingRow(name=OLD_SECRETS_SETTING, value="[]")
    old_row.value = json.dumps(old)
    have.value = backup.value
    s.add(old_row)
    s.add(have)
    s.flush()
    return True


def _conflict(exc: IntegrityError) -> str:
    text = " ".join(str(getattr(exc, "orig", exc)).split())[:200]
    if "not null" in text.lower() or "null value" in text.lower():
        return f"a required value is missing: {text}"
    if "mismatch" in text.lower():
        return f"a value of the wrong kind: {text}"
    return f"it clashes with a record the archive has: {text}"


def _record_problem(exc: Exception) -> str:
    if isinstance(exc, KeyError):
        return f"missing {exc.args[0]!r}"
    if isinstance(exc, DBAPIError):
        return " ".join(str(getattr(exc, "orig", exc)).split())[:200]
    if isinstance(exc, StatementError):  # a value of the wrong kind for its column
        return " ".join(str(exc.orig).split())[:200] if exc.orig else "a value of the wrong kind"
    text = " ".join(str(exc).split())[:200]
    known = (KeyError, TypeError, ValueError, AttributeError)
    return text if isinstance(exc, known) and text else f"{type(exc).__name__}: {text}"


def _as_utc(value: Any) -> datetime:
    """coalesce() loses the column type: SQLite gives text, PostgreSQL a datetime."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


_CHUNK = 500


def _by_address(
    sightings: Iterable[tuple[str, int]], items: Iterable[tuple[str, int]]
) -> dict[str, int]:
    """Item id by canonical address: the first sighting under it, unless an item has it as
    its own address (the item itself wins). ``sightings`` is read to the end first."""
    out: dict[str, int] = {}
    for url, item_id in sightings:
        out.setdefault(url, item_id)
    for url, item_id in items:
        out[url] = item_id
    return out


def _chunks(values: Sequence[Any], size: int = _CHUNK) -> Iterator[Sequence[Any]]:
    """IN lists in slices: SQLite caps bound parameters (32,766 since 3.32, 999 before)."""
    for i in range(0, len(values), size):
        yield values[i : i + size]


# Store._postings: a key's rows from the COMMON_KEY_ITEMS + 1-th newest on (all of them if
# it has fewer). A correlated look-up, not LATERAL (SQLite has none) nor a UNION ALL of a
# limited query a key (SQLite's compound statements cost ~2x as much for ordinary texts).
_POSTINGS = (
    "SELECT k.value, s.item_id FROM {keys} JOIN shingle AS s ON s.hash = k.value "
    "WHERE s.item_id >= coalesce((SELECT item_id FROM shingle WHERE hash = k.value "
    f"ORDER BY item_id DESC LIMIT 1 OFFSET {dedupe.COMMON_KEY_ITEMS}), 0)"
)


def _unnest_insert(table: Any, cols: tuple[str, ...], dialect: Any) -> str:
    """PostgreSQL: an INSERT of any number of rows as one statement, each column sent as one
    array. An executemany, even pipelined, has the server run the statement once a row (a
    feed's ~200 index keys); this is planned and run once, and unlike COPY it can run inside
    the pipeline (``Store._pipelined``)."""
    arrays = ", ".join(f"%s::{table.c[c].type.compile(dialect=dialect)}[]" for c in cols)
    return f"INSERT INTO {table.name} ({', '.join(cols)}) SELECT * FROM unnest({arrays})"


def _story_id(n: NewItem) -> int:
    story = n.story
    while isinstance(story, NewItem):  # joined a story begun earlier in the same batch
        if story.story is None or story.story is story:
            story = story.id
            break
        story = story.story
    assert isinstance(story, int) or story is None
    return story if story is not None else n.id  # type: ignore[return-value]


def _new_uids(n: int) -> list[str]:
    """``n`` random (version 4) UUIDs as text, from one read of the system's random source:
    ``str(uuid.uuid4())`` per item was 3% of the loop's CPU in a first poll of 50,000."""
    raw = os.urandom(16 * n).hex()
    out = []
    for i in range(0, 32 * n, 32):
        h = raw[i : i + 32]
        variant = "89ab"[int(h[16], 16) & 3]
        out.append(f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{variant}{h[17:20]}-{h[20:]}")
    return out


def _item_values(n: NewItem, now: datetime, uid: str) -> dict[str, Any]:
    item = n.item
    return {
        "id": n.id,
        "uid": uid,
        "origin": n.origin,
        "source": item.source,
        "guid": item.guid,
        "url": item.url,
        "canonical_url": n.canonical_url,
        "title": item.title,
        "summary": item.summary,
        "text": item.text,
        "published": item.published,
        "language": item.language,
        "fetched_at": item.fetched_at or now,
        "fingerprint": n.fingerprint,
        "on_topic": n.on_topic,
        "story_id": n.story if n.signature is not None else None,
        "signature": json.dumps(n.signature, ensure_ascii=False) if n.signature is not None
        else None,
    }  # fmt: skip


def _sighting_values(
    item: Item, item_id: int | None, reason: str, canonical_url: str | None,
    similarity: float | None, now: datetime,
) -> dict[str, Any]:  # fmt: skip
    return {
        "item_id": item_id,
        "source": item.source,
        "guid": item.guid,
        "url": item.url,
        "canonical_url": canonical_url,
        "reason": reason,
        "similarity": similarity,
        "seen_at": now,
    }


class SchemaOutdated(StoreError):
    """The archive needs `monitor db upgrade` before this version can use it."""


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
    for table in SQLModel.metadata.sorted_tables:
        have = {c["name"] for c in inspector.get_columns(table.name)}
        for column in table.columns:
            if column.name in have:
                continue
            ddl = column.type.compile(dialect=conn.dialect)
            default = ""
            if column.default is not None and getattr(column.default, "is_scalar", False):
                value = column.default.arg
                default = (
                    f" DEFAULT {value!r}"
                    if not isinstance(value, bool)
                    else (" DEFAULT " + ("true" if value else "false"))
                )
            conn.execute(
                sql_text(f'ALTER TABLE {table.name} ADD COLUMN "{column.name}" {ddl}{default}')
            )


def _key_of(row: SQLModel) -> Any:
    keys = [c.name for c in row.__table__.primary_key.columns]  # type: ignore[attr-defined]
    values = tuple(getattr(row, k) for k in keys)
    return values[0] if len(values) == 1 else values


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
