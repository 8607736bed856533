"""The archive's rows as objects (SQLModel classes), for the queries that want them.

Each class is mapped onto its ``Table`` in monitor/store/tables.py (the one schema definition):
its attributes name those columns (``sa_column``) and give the Python-side defaults a new
object starts with. Imported by the methods that use them, never at ``import monitor.store``:
SQLModel, pydantic and the ORM cost a third of a steady `monitor poll --once` (issue 27), which
works on Core alone. tests/test_tables.py holds each class's attributes equal to its columns.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Table
from sqlmodel import Field, SQLModel

from monitor.store import tables as t


def _col(table: Table, name: str, default: Any = None) -> Any:
    """The attribute for ``table``'s column ``name``; ``default``: a new object's value."""
    return Field(default=default, sa_column=table.c[name])


def _req(table: Table, name: str) -> Any:
    """The attribute for a column a new object must be given."""
    return Field(sa_column=table.c[name])


class ItemRow(SQLModel, table=True):
    __table__ = t.ITEM

    id: int | None = _col(t.ITEM, "id")
    uid: str = _req(t.ITEM, "uid")
    origin: str = _col(t.ITEM, "origin", "feed")
    source: str = _req(t.ITEM, "source")
    guid: str = _req(t.ITEM, "guid")
    url: str | None = _col(t.ITEM, "url")
    canonical_url: str | None = _col(t.ITEM, "canonical_url")
    title: str = _req(t.ITEM, "title")
    summary: str = _col(t.ITEM, "summary", "")
    text: str = _col(t.ITEM, "text", "")
    published: datetime | None = _col(t.ITEM, "published")
    language: str | None = _col(t.ITEM, "language")
    fetched_at: datetime = _col(t.ITEM, "fetched_at")
    fingerprint: str = _req(t.ITEM, "fingerprint")
    on_topic: bool = _col(t.ITEM, "on_topic", False)
    story_id: int | None = _col(t.ITEM, "story_id")
    signature: str | None = _col(t.ITEM, "signature")
    changed_at: datetime | None = _col(t.ITEM, "changed_at")


class SightingRow(SQLModel, table=True):
    __table__ = t.SIGHTING

    id: int | None = _col(t.SIGHTING, "id")
    item_id: int = _req(t.SIGHTING, "item_id")
    source: str = _req(t.SIGHTING, "source")
    guid: str = _req(t.SIGHTING, "guid")
    url: str | None = _col(t.SIGHTING, "url")
    canonical_url: str | None = _col(t.SIGHTING, "canonical_url")
    reason: str = _req(t.SIGHTING, "reason")
    similarity: float | None = _col(t.SIGHTING, "similarity")
    seen_at: datetime = _col(t.SIGHTING, "seen_at")
    title: str | None = _col(t.SIGHTING, "title")


class TopicMatchRow(SQLModel, table=True):
    __table__ = t.TOPIC_MATCH

    item_id: int = _req(t.TOPIC_MATCH, "item_id")
    topic: str = _req(t.TOPIC_MATCH, "topic")
    score: float = _req(t.TOPIC_MATCH, "score")
    matched: bool = _req(t.TOPIC_MATCH, "matched")
    explanation: str = _req(t.TOPIC_MATCH, "explanation")
    alert: bool = _col(t.TOPIC_MATCH, "alert", False)


class ShingleRow(SQLModel, table=True):
    __table__ = t.SHINGLE

    hash: int = _req(t.SHINGLE, "hash")
    item_id: int = _req(t.SHINGLE, "item_id")


class ShingleSetRow(SQLModel, table=True):
    __table__ = t.SHINGLE_SET

    item_id: int = _req(t.SHINGLE_SET, "item_id")
    hashes: bytes = _req(t.SHINGLE_SET, "hashes")


class SourceStateRow(SQLModel, table=True):
    __table__ = t.SOURCE_STATE

    name: str = _req(t.SOURCE_STATE, "name")
    etag: str | None = _col(t.SOURCE_STATE, "etag")
    last_modified: str | None = _col(t.SOURCE_STATE, "last_modified")
    last_attempt: datetime | None = _col(t.SOURCE_STATE, "last_attempt")
    last_success: datetime | None = _col(t.SOURCE_STATE, "last_success")
    last_error: str | None = _col(t.SOURCE_STATE, "last_error")
    consecutive_failures: int = _col(t.SOURCE_STATE, "consecutive_failures", 0)
    items_seen: int = _col(t.SOURCE_STATE, "items_seen", 0)
    config_url: str | None = _col(t.SOURCE_STATE, "config_url")
    url: str | None = _col(t.SOURCE_STATE, "url")
    next_attempt: datetime | None = _col(t.SOURCE_STATE, "next_attempt")
    min_interval: int | None = _col(t.SOURCE_STATE, "min_interval")
    failing_since: datetime | None = _col(t.SOURCE_STATE, "failing_since")
    article_failures: int = _col(t.SOURCE_STATE, "article_failures", 0)


class SubscriberRow(SQLModel, table=True):
    __table__ = t.SUBSCRIBER

    address: str = _req(t.SUBSCRIBER, "address")
    since: datetime = _col(t.SUBSCRIBER, "since")
    attempts: int = _col(t.SUBSCRIBER, "attempts", 0)
    next_attempt: datetime | None = _col(t.SUBSCRIBER, "next_attempt")
    last_error: str | None = _col(t.SUBSCRIBER, "last_error")
    rejected: bool = _col(t.SUBSCRIBER, "rejected", False)
    unsubscribed_at: datetime | None = _col(t.SUBSCRIBER, "unsubscribed_at")
    last_sent: datetime | None = _col(t.SUBSCRIBER, "last_sent")
    profile: str | None = _col(t.SUBSCRIBER, "profile")
    removed_at: datetime | None = _col(t.SUBSCRIBER, "removed_at")


class LeaseRow(SQLModel, table=True):
    __table__ = t.LEASE

    name: str = _req(t.LEASE, "name")
    holder: str = _req(t.LEASE, "holder")
    until: datetime = _col(t.LEASE, "until")


class SettingRow(SQLModel, table=True):
    __table__ = t.SETTING

    name: str = _req(t.SETTING, "name")
    value: str = _req(t.SETTING, "value")


class FeedbackRow(SQLModel, table=True):
    __table__ = t.FEEDBACK

    item_id: int = _req(t.FEEDBACK, "item_id")
    label: str = _req(t.FEEDBACK, "label")
    at: datetime = _col(t.FEEDBACK, "at")


class JudgementRow(SQLModel, table=True):
    __table__ = t.JUDGEMENT

    address: str = _req(t.JUDGEMENT, "address")
    item_id: int = _req(t.JUDGEMENT, "item_id")
    label: str = _req(t.JUDGEMENT, "label")
    at: datetime = _col(t.JUDGEMENT, "at")


class DeliveryRow(SQLModel, table=True):
    __table__ = t.DELIVERY

    address: str = _req(t.DELIVERY, "address")
    item_id: int = _req(t.DELIVERY, "item_id")
    sent_at: datetime = _col(t.DELIVERY, "sent_at")
    message_id: str = _req(t.DELIVERY, "message_id")
    status: str = _col(t.DELIVERY, "status", "sent")
    holder: str | None = _col(t.DELIVERY, "holder")


# The row class of each table, by the table's name (export and import walk them).
ROWS: dict[str, type[SQLModel]] = {
    cls.__table__.name: cls
    for cls in (ItemRow, SightingRow, TopicMatchRow, ShingleRow, ShingleSetRow, SourceStateRow,
                SubscriberRow, LeaseRow, SettingRow, FeedbackRow, JudgementRow, DeliveryRow)
}  # fmt: skip
