"""Sources' state: validators (ETag, Last-Modified), successes and failures, back-off, where
a source moved, and the health figures read from them (monitor/health.py)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, select

from monitor.store.base import StoreBase
from monitor.store.tables import SOURCE_STATE
from monitor.types import SourceSuccess

if TYPE_CHECKING:  # imported by the methods that use them (models.py says why)
    from sqlmodel import Session


@dataclass
class SourceState:
    """One source's row of ``source_state`` as the pipeline and the health table read it: a
    plain object read through Core, so a steady poll needs no ORM (tests/test_tables.py holds
    its fields equal to the table's columns, defaults included)."""

    name: str
    etag: str | None = None
    last_modified: str | None = None
    last_attempt: datetime | None = None
    last_success: datetime | None = None
    last_error: str | None = None
    consecutive_failures: int = 0
    items_seen: int = 0
    config_url: str | None = None
    url: str | None = None
    next_attempt: datetime | None = None
    min_interval: int | None = None
    failing_since: datetime | None = None
    article_failures: int = 0


class SourcesMixin(StoreBase):
    """Each source's health and HTTP state (validators, back-off, where it moved)."""

    def source_state(self, name: str) -> SourceState:
        with self._reading() as conn:
            row = conn.execute(select(SOURCE_STATE).where(SOURCE_STATE.c.name == name)).first()
        return SourceState(**row._mapping) if row is not None else SourceState(name=name)

    def all_source_states(self) -> dict[str, SourceState]:
        with self._reading() as conn:
            rows = conn.execute(select(SOURCE_STATE)).all()
        return {r.name: SourceState(**r._mapping) for r in rows}

    def record_success(self, name: str, **fields: Any) -> None:
        """Validators are saved only here, after the items are stored: a crash in between
        means a full re-fetch next time, never a 304 that hides unstored items. ``fields``:
        the fields of ``SourceSuccess`` (when, etag, last_modified, items_seen, …)."""
        self.record_successes([SourceSuccess(name=name, **fields)])

    def record_successes(self, successes: Sequence[SourceSuccess]) -> None:
        """``record_success`` for many sources in one transaction."""
        with self._core_write() as s:
            self._succeeded(s, successes)

    def record_failure(
        self, name: str, *, when: datetime, error: str, next_attempt: datetime | None = None
    ) -> SourceState:
        from monitor.store.models import SourceStateRow

        with self._write() as s:
            row = s.get(SourceStateRow, name) or SourceStateRow(name=name)
            row.last_attempt = when
            row.last_error = error[:1000]
            row.consecutive_failures += 1
            row.failing_since = row.failing_since or when
            row.next_attempt = next_attempt
            s.add(row)
        return SourceState(**{c.name: getattr(row, c.name) for c in SOURCE_STATE.columns})

    def new_items_since(self, since: datetime) -> dict[str, int]:
        """On-topic items stored per source since ``since`` (for the health table)."""
        from sqlmodel import func, select

        from monitor.store.models import ItemRow

        with self.session() as s:
            rows = s.exec(
                select(ItemRow.source, func.count())
                .where(
                    ItemRow.fetched_at >= since,
                    ItemRow.origin == "feed",
                    ItemRow.on_topic == True,  # noqa: E712
                )
                .group_by(ItemRow.source)
            ).all()
            return {name: n for name, n in rows}

    def failing_since(self, before: datetime) -> list[SourceState]:
        """Sources failing without a success since ``before`` or earlier (digest footer)."""
        table = SOURCE_STATE
        query = select(table).where(table.c.failing_since <= before).order_by(table.c.name)
        with self._reading() as conn:
            return [SourceState(**r._mapping) for r in conn.execute(query).all()]

    def _apply_successes(self, s: Session, successes: Sequence[SourceSuccess]) -> None:
        """Record good polls of many sources in two statements, not an ORM load and flush each
        (that was most of a steady poll: 0.7 ms a source). A ``config_url`` also records the
        address the source was configured with and ``url``, where it lives now."""
        if not successes:
            return
        table = SOURCE_STATE
        names = sorted({ok.name for ok in successes})
        known: set[str] = set(
            s.execute(select(table.c.name).where(table.c.name.in_(names))).scalars()
        )
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
        moved: dict[str, Any] = {"config_url": bindparam("b_config"), "url": bindparam("b_url")}
        rows: dict[bool, list[dict[str, Any]]] = {True: [], False: []}
        for ok in successes:
            rows[ok.config_url is not None].append(
                {
                    "b_name": ok.name,
                    "b_when": ok.when,
                    "b_etag": ok.etag,
                    "b_lm": ok.last_modified,
                    "b_seen": ok.items_seen,
                    "b_min": ok.min_interval,
                    "b_af": ok.article_failures,
                    "b_config": ok.config_url,
                    "b_url": ok.url,
                }
            )
        for with_url, params in rows.items():
            if params:
                stmt = table.update().where(table.c.name == bindparam("b_name"))
                s.execute(stmt.values(**values, **(moved if with_url else {})), params)
