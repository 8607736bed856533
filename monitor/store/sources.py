"""Sources' state: validators (ETag, Last-Modified), successes and failures, back-off, where
a source moved, and the health figures read from them (monitor/health.py)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam
from sqlmodel import Session, func, select

from monitor.store.base import StoreBase
from monitor.store.tables import ItemRow, SourceStateRow
from monitor.types import SourceSuccess


class SourcesMixin(StoreBase):
    """Each source's health and HTTP state (validators, back-off, where it moved)."""

    def source_state(self, name: str) -> SourceStateRow:
        with self.session() as s:
            return s.get(SourceStateRow, name) or SourceStateRow(name=name)

    def all_source_states(self) -> dict[str, SourceStateRow]:
        with self.session() as s:
            return {r.name: r for r in s.exec(select(SourceStateRow)).all()}

    def record_success(self, name: str, **fields: Any) -> None:
        """Validators are saved only here, after the items are stored: a crash in between
        means a full re-fetch next time, never a 304 that hides unstored items. ``fields``:
        the fields of ``SourceSuccess`` (when, etag, last_modified, items_seen, …)."""
        self.record_successes([SourceSuccess(name=name, **fields)])

    def record_successes(self, successes: Sequence[SourceSuccess]) -> None:
        """``record_success`` for many sources in one transaction."""
        with self._write() as s:
            self._succeeded(s, successes)

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
                    ItemRow.fetched_at >= since,
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

    def _apply_successes(self, s: Session, successes: Sequence[SourceSuccess]) -> None:
        """Record good polls of many sources in two statements, not an ORM load and flush each
        (that was most of a steady poll: 0.7 ms a source). A ``config_url`` also records the
        address the source was configured with and ``url``, where it lives now."""
        if not successes:
            return
        table = SourceStateRow.__table__  # type: ignore[attr-defined]
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
