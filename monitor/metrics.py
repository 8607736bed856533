"""Prometheus metrics: counters the pipeline and delivery update, and gauges read from the
archive at scrape time (so `monitor serve` alone still reports source health)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from prometheus_client import CollectorRegistry, Counter, Gauge, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from monitor.store import Store

if TYPE_CHECKING:
    from monitor.pipeline import SourceReport

REGISTRY = CollectorRegistry(auto_describe=True)
FETCHES = Counter(
    "monitor_fetches", "Source fetches by outcome", ["source", "outcome"], registry=REGISTRY
)
ITEMS = Counter(
    "monitor_items", "Entries seen by verdict", ["source", "verdict"], registry=REGISTRY
)
MAILS = Counter("monitor_mails", "Mails and webhook posts by outcome", ["outcome"],
                registry=REGISTRY)  # fmt: skip
# Per channel: a [[notify]] channel's label (scheme and a hash, never its secret) or a
# webhook's; a chat room that stays down shows as its own rising "failed" line.
NOTIFICATIONS = Counter(
    "monitor_notifications",
    "Messages to chat and push channels ([[notify]], [[webhooks]]) by channel and outcome",
    ["channel", "outcome"],
    registry=REGISTRY,
)
SKIPPED = Counter(
    "monitor_items_skipped",
    "Items a writer (atom, rss, json, mail, page, webhook) left out because they cannot be written",
    ["writer"],
    registry=REGISTRY,
)
LAST_POLL = Gauge(
    "monitor_last_poll_timestamp_seconds", "When the last poll cycle finished", registry=REGISTRY
)


def record_poll(reports: Iterable[SourceReport]) -> None:
    """Count a poll's fetches (ok, not_modified, error) and entries by verdict per source, and
    stamp the poll's end: the counters docs/subscribing.md documents for /metrics."""
    for r in reports:
        outcome = "error" if r.error else ("not_modified" if r.not_modified else "ok")
        FETCHES.labels(r.name, outcome).inc()
        for verdict, n in (("new", r.new), ("duplicate", r.duplicate),
                           ("off_topic", r.off_topic), ("unchanged", r.unchanged)):  # fmt: skip
            ITEMS.labels(r.name, verdict).inc(n)
    LAST_POLL.set_to_current_time()


class ArchiveCollector(Collector):
    def __init__(self, store: Store) -> None:
        self.store = store

    def collect(self) -> Iterator[GaugeMetricFamily]:
        success = GaugeMetricFamily(
            "monitor_source_last_success_timestamp_seconds",
            "Last successful fetch per source",
            labels=["source"],
        )
        failures = GaugeMetricFamily(
            "monitor_source_consecutive_failures", "Failures in a row per source", labels=["source"]
        )
        for name, st in sorted(self.store.all_source_states().items()):
            if st.last_success is not None:
                success.add_metric([name], st.last_success.timestamp())
            failures.add_metric([name], st.consecutive_failures)
        counts = self.store.counts()
        items = GaugeMetricFamily("monitor_archive_items", "Items in the archive", labels=["kind"])
        items.add_metric(["all"], counts["items"])
        items.add_metric(["on_topic"], counts["on_topic"])
        yield success
        yield failures
        yield items


def exposition(store: Store) -> bytes:
    registry = CollectorRegistry()
    registry.register(ArchiveCollector(store))
    return generate_latest(REGISTRY) + generate_latest(registry)
