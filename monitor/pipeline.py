"""One poll: fetch the due sources concurrently, then parse, match, dedupe and store each item.

Fetching is concurrent (asyncio, one httpx client); the database work is done one source at a
time in this thread, so SQLite has a single writer. A source that fails is recorded as failing
with its reason and the others go on.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy.exc import IntegrityError

from monitor.canon import canonical_url
from monitor.config import Config, SourceConfig
from monitor.deliver.digest import subscriber_key
from monitor.errors import FetchError, MonitorError, ParseError
from monitor.fetch import FetchSettings, fetch, make_client
from monitor.match import Matcher
from monitor.parse import parse_feed
from monitor.store import Store
from monitor.text import fingerprint, shingles
from monitor.types import FetchResult, Item

log = logging.getLogger("monitor.poll")


@dataclass
class SourceReport:
    """What one source gave in one poll; printed by ``monitor poll``."""

    name: str
    new: int = 0
    duplicate: int = 0
    off_topic: int = 0
    unchanged: int = 0
    not_modified: bool = False
    error: str | None = None
    warning: str | None = None
    new_ids: list[int] = field(default_factory=list)

    def line(self) -> str:
        if self.error:
            return f"{self.name}: error: {self.error}"
        if self.not_modified:
            return f"{self.name}: not modified"
        text = (
            f"{self.name}: {self.new} new, {self.duplicate} duplicate, "
            f"{self.off_topic} off-topic, {self.unchanged} unchanged"
        )
        if self.warning:
            text += f" (warning: {self.warning})"
        return text


Clock = Callable[[], datetime]


def utcnow() -> datetime:
    return datetime.now(UTC)


class Pipeline:
    """Holds what one configuration needs for polling: the store, the matcher, the settings."""

    def __init__(self, config: Config, store: Store, *, clock: Clock = utcnow) -> None:
        self.config = config
        self.store = store
        self.matcher = Matcher(config.topics)
        self.clock = clock
        self.settings = FetchSettings(user_agent=config.user_agent)

    def poll(self, sources: Sequence[SourceConfig]) -> list[SourceReport]:
        return asyncio.run(self.poll_async(sources))

    async def poll_async(self, sources: Sequence[SourceConfig]) -> list[SourceReport]:
        # Recipients count as subscribed from the first poll that knows them, so the first
        # digest carries what was found before it.
        for recipient in self.config.digest.recipients:
            self.store.ensure_subscriber(subscriber_key(recipient), self.clock())
        async with make_client(self.settings) as client:
            tasks = {s.name: asyncio.create_task(self._fetch(client, s)) for s in sources}
            reports = []
            # Results are stored as they arrive, in this thread: one writer.
            for source in sources:
                outcome = await tasks[source.name]
                reports.append(self._ingest_result(source, outcome))
            return reports

    async def _fetch(self, client: object, source: SourceConfig) -> FetchResult | MonitorError:
        state = self.store.source_state(source.name)
        try:
            return await fetch(
                client,  # type: ignore[arg-type]
                source.url,
                self.settings,
                etag=state.etag,
                last_modified=state.last_modified,
            )
        except FetchError as exc:
            return exc

    def _ingest_result(
        self, source: SourceConfig, outcome: FetchResult | MonitorError
    ) -> SourceReport:
        report = SourceReport(source.name)
        now = self.clock()
        if isinstance(outcome, MonitorError):
            return self._fail(report, now, str(outcome))
        if outcome.not_modified:
            report.not_modified = True
            state = self.store.source_state(source.name)
            self.store.record_success(
                source.name,
                when=now,
                etag=state.etag,
                last_modified=state.last_modified,
                items_seen=0,
            )
            return report
        try:
            parsed = parse_feed(
                outcome.content,
                source=source.name,
                url=outcome.final_url or source.url,
                fetched_at=now,
                content_type=outcome.headers.get("content-type"),
                language=source.language,
            )
        except ParseError as exc:
            return self._fail(report, now, str(exc))
        if parsed.warning:
            report.warning = parsed.warning
            log.warning("%s: %s", source.name, parsed.warning)
        for item in parsed.items:
            try:
                self._ingest_item(item, report, now)
            except MonitorError as exc:  # pragma: no cover - defensive: keep the others
                log.error("%s: item %s not stored: %s", source.name, item.guid, exc)
        self.store.record_success(
            source.name,
            when=now,
            etag=outcome.etag,
            last_modified=outcome.last_modified,
            items_seen=len(parsed.items),
        )
        if outcome.permanent_redirect and outcome.final_url:
            log.warning(
                "%s: %s moved permanently to %s; update sources.toml",
                source.name,
                source.url,
                outcome.final_url,
            )
        return report

    def _fail(self, report: SourceReport, now: datetime, error: str) -> SourceReport:
        report.error = error
        self.store.record_failure(report.name, when=now, error=error)
        log.warning("%s: %s", report.name, error)
        return report

    def _ingest_item(self, item: Item, report: SourceReport, now: datetime) -> None:
        if self.store.seen_guid(item.source, item.guid):
            report.unchanged += 1
            return
        canon = canonical_url(item.url)
        fp = fingerprint(item.title, item.body)
        sh = shingles(item.body)
        dup = self.store.find_duplicate(canon, fp, sh)
        if dup is None:
            scores = self.matcher.score(item.title, item.body)
            try:
                item_id = self.store.add_item(
                    item, canonical_url=canon, fingerprint=fp, shingles=sh, scores=scores, now=now
                )
            except IntegrityError:
                # Another writer stored the same article between our check and insert.
                dup = self.store.find_duplicate(canon, fp, sh)
                if dup is None:
                    raise
            else:
                if any(m.matched for m in scores):
                    report.new += 1
                    report.new_ids.append(item_id)
                else:
                    report.off_topic += 1
                return
        self.store.add_sighting(item, dup, canon, now)
        report.duplicate += 1
        log.info(
            "%s: %r is a copy of archived item %d (%s)",
            item.source,
            item.title,
            dup.item_id,
            dup.reason,
        )


def due_sources(config: Config, store: Store, now: datetime) -> list[SourceConfig]:
    """Enabled sources whose interval has passed since their last attempt."""
    states = store.all_source_states()
    due = []
    for s in config.sources:
        if not s.enabled:
            continue
        state = states.get(s.name)
        if state is None or state.last_attempt is None or now - state.last_attempt >= s.interval:
            due.append(s)
    return due
