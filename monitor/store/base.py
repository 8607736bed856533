"""What every part of the archive shares: the engine, sessions, the grouped transaction of a
poll, the driver-level shortcuts of the hot paths, and items as the delivery side reads them.

Each domain's questions are a mixin over ``StoreBase`` in its own module (items, shingles,
stories, sources, delivery, feedback, coordination, transfer); ``monitor.store.Store``
composes them. Every SQL statement of the monitor lives in this package: the rest of the code
asks questions by name (``seen_guids``, ``near_duplicate``, ``undelivered``) and never builds
queries.
"""

from __future__ import annotations

import json
import os
import socket
import threading
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import text as sql_text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, IntegrityError

from monitor.store import schema
from monitor.types import SourceSuccess

if TYPE_CHECKING:  # imported by the methods that use them (models.py says why)
    from sqlmodel import Session

    from monitor.store.models import ItemRow


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
    changed_at: datetime | None = None  # rewritten in place (Store.replace_stubs)

    @property
    def when(self) -> datetime:
        return self.published or self.fetched_at

    @property
    def modified(self) -> datetime:
        """When the entry last changed, as the feeds tell readers ("updated",
        "date_modified"): a reader that keys on it fetches a rewritten entry again."""
        return self.changed_at or self.fetched_at

    @property
    def body(self) -> str:
        return self.text or self.summary


class StoreBase:
    """Opens the archive (checking its schema) and holds what the mixins share."""

    def __init__(self, url: str, *, busy_timeout: float = 30.0, check: bool = True) -> None:
        self.url = url
        self.busy_timeout = busy_timeout
        # This process's name in leases and delivery claims: unique even across machines
        # and restarts, so a restarted worker never mistakes a dead one's claims for its own.
        self.holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self._group = threading.local()  # see grouped()
        self._inserts: dict[tuple[str, tuple[str, ...]], tuple[str, list[Any]]] = {}
        self._ids_lock = threading.Lock()  # PostgreSQL: item ids taken ahead (items.py)
        self._spare_ids: list[int] = []
        self.engine: Engine = schema.create(url, busy_timeout)
        # The driver's placeholder, for the plain SQL of the hot look-ups and inserts.
        self._mark = "?" if self.engine.dialect.paramstyle == "qmark" else "%s"
        if check:
            schema.check(self.engine, url)

    def upgrade(self) -> tuple[str | None, str]:
        """Bring the schema to the current revision (Alembic); returns (from, to)."""
        return schema.upgrade(self.engine)

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session for one question or one write; this thread's open group transaction if it
        has one (see ``grouped``), so a poll's look-ups see what it wrote but did not commit."""
        from sqlmodel import Session

        held = getattr(self._group, "session", None)
        if held is not None:
            yield held
            return
        with Session(self.engine, expire_on_commit=False) as s:
            yield s

    @contextmanager
    def _reading(self) -> Iterator[Any]:
        """Where to run Core statements that read: this thread's group transaction if one is
        open (what it wrote but did not commit counts), else a pooled connection. No ORM
        session: a steady poll's questions (sources' state, the examples' version, the
        subscribers) go through here and never import SQLModel or the ORM (issue 27)."""
        held = getattr(self._group, "session", None)
        if held is not None:
            yield held
            return
        with self.engine.connect() as conn:
            yield conn

    @contextmanager
    def _core_write(self) -> Iterator[Any]:
        """A write of Core statements, committed at the end: in this thread's group as
        ``_write`` does (a savepoint in the group's session); outside a group on a connection
        of its own, write-locked from the start on SQLite as ``_write`` does, with no ORM
        session (a steady poll records its sources' successes here)."""
        if self.grouping:
            with self._write() as s:
                yield s
            return
        with self.engine.connect() as conn:
            if self.engine.dialect.name == "sqlite":
                conn.exec_driver_sql("BEGIN IMMEDIATE")
            yield conn
            conn.commit()

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
            self._apply_successes(s, self._group.successes)
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
        from sqlmodel import Session

        if not self.grouping:
            with Session(self.engine, expire_on_commit=False) as own:
                if self.engine.dialect.name == "sqlite":  # the write lock from the start, as
                    own.connection().exec_driver_sql("BEGIN IMMEDIATE")  # a group takes it
                yield own
                own.commit()
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
        with self._group_dropped_on_failure(), s.begin_nested():
            yield s

    def _feeds_changed(self, s: Session) -> None:
        """Mark, in this write, that archived items changed in place: the web server's
        rendered feeds are keyed by ``feed_version``, which new items and verdicts move but an
        update of existing rows would not."""
        s.connection().exec_driver_sql(
            f"INSERT INTO setting (name, value) VALUES ({self._mark}, {self._mark}) "
            "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
            (FEEDS_REVISION, os.urandom(8).hex()),
        )

    @contextmanager
    def _raw_savepoint(self, s: Session) -> Iterator[None]:
        """On PostgreSQL the savepoint, the block's statements and the release go to the
        server in one pipeline (see ``_pipelined``); a unique-key conflict may then surface
        only when the pipeline is synced, at its end, and is undone here all the same."""
        with self._group_dropped_on_failure():
            try:
                with self._pipelined(s):
                    self._driver(s, "SAVEPOINT feed")
                    yield
                    self._driver(s, "RELEASE SAVEPOINT feed")
            except IntegrityError:
                self._driver(s, "ROLLBACK TO SAVEPOINT feed")
                self._driver(s, "RELEASE SAVEPOINT feed")
                raise

    @contextmanager
    def _group_dropped_on_failure(self) -> Iterator[None]:
        """A write in a commit group that fails: a unique-key conflict was undone by its own
        savepoint and the group goes on; anything else leaves the group's transaction in an
        unknown state, so the whole group is dropped (its sources are fetched again)."""
        try:
            yield
        except IntegrityError:
            raise
        except BaseException:
            self._drop_group()
            raise

    def _get_or_add(self, s: Session, model: Any, key: object, make: Any) -> Any:
        """The row of ``model`` at ``key``, added as ``make()`` when there is none. Race-safe:
        when another writer adds it first, the commit fails on the key and theirs is read."""
        row = s.get(model, key)
        if row is not None:
            return row
        s.add(make())
        try:
            s.commit()
        except IntegrityError:
            s.rollback()
        row = s.get(model, key)
        assert row is not None
        return row

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
    ) -> Sequence[Any]:
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

    # -- the driver's cursor, for the look-ups a poll makes for every feed -------------------

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
        if self.engine.dialect.name == "postgresql":
            # The list as one array (``= ANY``), in the binary format: the statement's text is
            # then the same whatever the list's length, so psycopg prepares it after a few
            # calls and the server stops planning it again for every feed (an IN list of 50
            # was planned each time: known_copies 1.9 -> 0.6 ms a call).
            if values:
                cur.execute(sql.replace("?", mark).replace("IN ({inlist})", "= ANY(%b)"),
                            (*args, list(values)))  # fmt: skip
                yield from cur.fetchall()
            return
        for chunk in [values] if whole else _chunks(values):
            query = sql.replace("?", mark).format(inlist=", ".join([mark] * len(chunk)))
            cur.execute(query, (*args, *chunk))
            yield from cur.fetchall()

    # -- the database's dialect and clock -----------------------------------------------------

    def _insert_dialect(self) -> Any:
        if self.engine.dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import insert as pg_insert

            return pg_insert
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        return sqlite_insert

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

    def ping(self) -> None:
        with self.engine.connect() as conn:
            conn.execute(sql_text("SELECT 1"))

    # -- items as the delivery side reads them (items, stories, feedback, delivery) ----------

    def _with_topics(
        self, s: Session, rows: Sequence[ItemRow], *, near: bool = False
    ) -> list[StoredItem]:
        """``rows`` as StoredItems, newest first, with their topics and terms. ``near``: the
        topics an item scored in (a near miss matched none)."""
        from sqlmodel import select

        from monitor.store.models import TopicMatchRow

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
                    changed_at=r.changed_at,
                )
            )
        out.sort(key=lambda i: (i.when, i.id), reverse=True)
        return out

    # -- sources' good polls, deferred to the group's commit ----------------------------------

    def _succeeded(self, s: Session, successes: Sequence[SourceSuccess]) -> None:
        """In a group, recorded at its commit, for all its sources in one statement."""
        if getattr(self._group, "session", None) is s:
            self._group.successes.extend(successes)
        else:
            self._apply_successes(s, successes)

    def _apply_successes(self, s: Session, successes: Sequence[SourceSuccess]) -> None:
        """Writes sources' good polls: ``SourcesMixin._apply_successes`` (sources.py). Here
        because the group's commit and ``store_batch`` write them too."""
        raise NotImplementedError


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _as_utc(value: Any) -> datetime:
    """coalesce() loses the column type: SQLite gives text, PostgreSQL a datetime."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


_CHUNK = 500
# The setting that changes whenever archived items change in place (StoreBase._feeds_changed).
FEEDS_REVISION = "feeds_revision"


def _chunks(values: Sequence[Any], size: int = _CHUNK) -> Iterator[Sequence[Any]]:
    """IN lists in slices: SQLite caps bound parameters (32,766 since 3.32, 999 before)."""
    for i in range(0, len(values), size):
        yield values[i : i + size]
