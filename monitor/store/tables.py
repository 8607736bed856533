"""The archive's tables, as SQLAlchemy Core ``Table``s on one ``MetaData``: the one schema
definition (Alembic's and ``create_all``'s source). The ORM classes of the queries that want
objects (monitor/store/models.py) are mapped onto these same ``Table``s; a steady poll reads and
writes sources' state through Core alone and never imports SQLModel, pydantic or the ORM
(issue 27: those imports were a third of its start-up).

Uniqueness that dedupe relies on is enforced by the database as well as checked in code, so
a race or a bug cannot store an article twice:

- ``item.canonical_url`` and ``item.fingerprint`` are unique;
- ``sighting (source, guid)`` is unique: each entry an outlet served is looked at once;
- ``delivery (address, item_id)`` is the primary key: nothing is recorded as sent twice.

A column added here needs a migration (monitor/migrations/versions/), a new
``schema.SCHEMA_HEAD`` and its attribute on the model (tests/test_tables.py holds them equal).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    UniqueConstraint,
    text,
)
from sqlalchemy.types import TypeDecorator


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


metadata = MetaData()


def _dt(name: str, nullable: bool = True) -> Column[Any]:
    return Column(name, UTCDateTime(), nullable=nullable)


def _str(name: str, nullable: bool = False, **kw: Any) -> Column[Any]:
    return Column(name, String, nullable=nullable, **kw)


def _int(name: str, default: int | None = None, nullable: bool = False, **kw: Any) -> Column[Any]:
    return Column(name, Integer, nullable=nullable, default=default, **kw)


def _item_id(**kw: Any) -> Column[Any]:
    return Column("item_id", Integer, ForeignKey("item.id"), nullable=False, **kw)


ITEM = Table(
    "item",
    metadata,
    Column("id", Integer, primary_key=True),
    _str("uid", unique=True),  # stable entry id for feeds, survives export/import
    _str("origin", default="feed"),  # "feed" or "seed"
    _str("source"),
    _str("guid"),
    _str("url", nullable=True),
    _str("canonical_url", nullable=True, unique=True),
    _str("title"),
    _str("summary", default=""),
    _str("text", default=""),
    _dt("published"),
    _str("language", nullable=True),
    _dt("fetched_at", nullable=False),
    _str("fingerprint", unique=True),
    Column("on_topic", Boolean, nullable=False, default=False),
    _int("story_id", nullable=True),  # the first item of its story
    _str("signature", nullable=True),  # JSON: event terms and names, for clustering
    # When the item was rewritten in place (an outlet's article took a news search's entry's
    # place: Store.replace_stubs), for the feeds' "updated"; None: as fetched (schema 0006).
    _dt("changed_at"),
    # Indexes a poll pays for each of its many off-topic rows were cut in schema 0005: none
    # by source (no query used it), and the story index holds the items in a story alone;
    # on PostgreSQL 0005 also sets toast_tuple_target (rows stored uncompressed below 8 KB).
    Index("ix_item_delivery", "on_topic", "origin", "fetched_at"),
    Index("ix_item_story_id", "story_id", sqlite_where=text("story_id IS NOT NULL"),
          postgresql_where=text("story_id IS NOT NULL")),
)  # fmt: skip

# Each time an outlet served an entry: the first one stored it, later ones point to it.
SIGHTING = Table(
    "sighting",
    metadata,
    Column("id", Integer, primary_key=True),
    _item_id(index=True),
    _str("source"),
    _str("guid"),
    _str("url", nullable=True),
    _str("canonical_url", nullable=True, index=True),
    _str("reason"),  # new | url | fingerprint | near-duplicate | seed
    Column("similarity", Float, nullable=True),
    _dt("seen_at", nullable=False),
    # A copy's own headline, where it is not the item's (0008): a news search's entry for the
    # copy's outlet names the copy's headline, not the item's (``Store.headlines``).
    _str("title", nullable=True),
    UniqueConstraint("source", "guid", name="uq_sighting_source_guid"),
)

TOPIC_MATCH = Table(
    "item_topic",
    metadata,
    _item_id(primary_key=True),
    _str("topic", primary_key=True, index=True),
    Column("score", Float, nullable=False),
    Column("matched", Boolean, nullable=False),
    _str("explanation"),  # JSON list of {rule, terms, where, points}
    Column("alert", Boolean, nullable=False, default=False),  # through a high-priority rule
)

# An item's index keys (``text.shingle_sets``): a look-up by key finds the items that may be
# copies without a full scan. Items archived before schema 0002 have all their fingerprints
# here and no shingle_set row.
SHINGLE = Table(
    "shingle",
    metadata,
    Column("hash", BigInteger, primary_key=True),
    _item_id(primary_key=True, index=True),
)

# All of an item's winnowed fingerprints (``text.pack_hashes``), for the containment of the
# few candidates the index found: one row an item, not one a fingerprint.
SHINGLE_SET = Table(
    "shingle_set",
    metadata,
    _item_id(primary_key=True),
    Column("hashes", LargeBinary, nullable=False),
)

# Health and HTTP state of one source, kept across restarts.
SOURCE_STATE = Table(
    "source_state",
    metadata,
    _str("name", primary_key=True),
    _str("etag", nullable=True),
    _str("last_modified", nullable=True),
    _dt("last_attempt"),
    _dt("last_success"),
    _str("last_error", nullable=True),
    _int("consecutive_failures", default=0),
    _int("items_seen", default=0),
    _str("config_url", nullable=True),  # the address in sources.toml when `url` was learned
    _str("url", nullable=True),  # where the source lives now (after a permanent redirect)
    _dt("next_attempt"),  # back-off or Retry-After: not before this
    _int("min_interval", nullable=True),  # seconds, from Cache-Control max-age or the feed's ttl
    _dt("failing_since"),
    _int("article_failures", default=0),
)

# A digest recipient and since when: a new recipient gets what came after, not the past.
SUBSCRIBER = Table(
    "subscriber",
    metadata,
    _str("address", primary_key=True),
    _dt("since", nullable=False),
    _int("attempts", default=0),  # failed sends in a row (the mail server was down or "later")
    _dt("next_attempt"),  # retry not before this
    _str("last_error", nullable=True),
    Column("rejected", Boolean, nullable=False, default=False),  # the server refused it (5xx)
    _dt("unsubscribed_at"),
    _dt("last_sent"),
    _str("profile", nullable=True),  # what they asked for when last seen (sync_subscribers)
    _dt("removed_at"),  # found gone from the configuration
)

# Who is doing a piece of work (polling a source, sending someone's mail) until when. Several
# `monitor run` workers share one database; a worker acts only on what it holds a lease for,
# and a lease of a worker that died expires by itself.
LEASE = Table(
    "lease",
    metadata,
    _str("name", primary_key=True),
    _str("holder"),
    _dt("until", nullable=False),
)

# Small values the monitor keeps for itself (the unsubscribe signing key).
SETTING = Table("setting", metadata, _str("name", primary_key=True), _str("value"))

# A user's verdict on an item: it becomes an example for the relevance signal.
FEEDBACK = Table(
    "feedback",
    metadata,
    _item_id(primary_key=True),
    _str("label"),  # relevant | irrelevant
    _dt("at", nullable=False),
)

# A subscriber's click in a mail ("not relevant", "more like this"): an example for the
# relevance signal like feedback, attributed to the subscriber; it never withdraws an item
# from anyone (monitor/judgements.py).
JUDGEMENT = Table(
    "judgement",
    metadata,
    _str("address", primary_key=True),
    _item_id(primary_key=True, index=True),
    _str("label"),  # relevant | irrelevant
    _dt("at", nullable=False),
)

# One item for one address. The key is claimed ("sending") before the message goes out, so a
# second sender (another worker, a lease that ran out) finds it taken; "sent" once the server
# accepted it; "skipped" for items the address was not owed ("from then on"). ``sent_at``:
# when claimed, then when sent.
DELIVERY = Table(
    "delivery",
    metadata,
    _str("address", primary_key=True),
    _item_id(primary_key=True),
    _dt("sent_at", nullable=False),
    _str("message_id"),
    Column("status", String, nullable=False, server_default="sent"),
    # Who claimed a "sending" key (Store.holder): its claims are given up as soon as its
    # heartbeat lease has run out (leases.alive), not only after STALE_CLAIM.
    Column("holder", String, nullable=True),
)
