"""The archive's tables (SQLModel rows) and the column type that keeps datetimes in UTC.

Uniqueness that dedupe relies on is enforced by the database as well as checked in code, so
a race or a bug cannot store an article twice:

- ``item.canonical_url`` and ``item.fingerprint`` are unique;
- ``sighting (source, guid)`` is unique: each entry an outlet served is looked at once;
- ``delivery (address, item_id)`` is the primary key: nothing is recorded as sent twice.

A column added here needs a migration (monitor/migrations/versions/) and a new
``schema.SCHEMA_HEAD``.
"""

from __future__ import annotations

from datetime import UTC, datetime
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
)
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel


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
