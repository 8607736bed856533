"""Prometheus metrics: counters the pipeline and delivery update, and gauges read from the
archive at scrape time (so `monitor serve` alone still reports source health).

The registry and its counters are made when one is first used, not at import: prometheus_client
(and the HTTP server it imports) cost a `monitor poll` from cron, whose counters die with the
process, ~20 ms of its start-up (issue 27). ``metrics.MAILS`` and the others read as before.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from prometheus_client import CollectorRegistry, Counter, Gauge
    from prometheus_client.core import GaugeMetricFamily

    from monitor.pipeline import SourceReport
    from monitor.store import Store

    REGISTRY: CollectorRegistry
    FETCHES: Counter
    ITEMS: Counter
    MAILS: Counter
    NOTIFICATIONS: Counter
    SKIPPED: Counter
    LAST_POLL: Gauge

_lock = threading.Lock()
_made: dict[str, Any] = {}


def _make() -> dict[str, Any]:
    from prometheus_client import CollectorRegistry, Counter, Gauge

    registry = CollectorRegistry(auto_describe=True)
    return {
        "REGISTRY": registry,
        "FETCHES": Counter(
            "monitor_fetches", "Source fetches by outcome", ["source", "outcome"], registry=registry
        ),
        "ITEMS": Counter(
            "monitor_items", "Entries seen by verdict", ["source", "verdict"], registry=registry
        ),
        "MAILS": Counter(
            "monitor_mails", "Mails and webhook posts by outcome", ["outcome"], registry=registry
        ),
        # Per channel: a [[notify]] channel's label (scheme and a hash, never its secret) or a
        # webhook's; a chat room that stays down shows as its own rising "failed" line.
        "NOTIFICATIONS": Counter(
            "monitor_notifications",
            "Messages to chat and push channels ([[notify]], [[webhooks]]) by channel and outcome",
            ["channel", "outcome"],
            registry=registry,
        ),
        "SKIPPED": Counter(
            "monitor_items_skipped",
            "Items a writer (atom, rss, json, mail, page, webhook) left out because they cannot "
            "be written",
            ["writer"],
            registry=registry,
        ),
        "LAST_POLL": Gauge(
            "monitor_last_poll_timestamp_seconds",
            "When the last poll cycle finished",
            registry=registry,
        ),
    }


_NAMES = frozenset({"REGISTRY", "FETCHES", "ITEMS", "MAILS", "NOTIFICATIONS", "SKIPPED",
                    "LAST_POLL"})  # fmt: skip


def _get(name: str) -> Any:
    with _lock:
        if not _made:
            _made.update(_make())
    return _made[name]


def __getattr__(name: str) -> Any:
    """The registry and counters, made (once per process) by the first that is read."""
    if name not in _NAMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return _get(name)


def record_poll(reports: Iterable[SourceReport]) -> None:
    """Count a poll's fetches (ok, not_modified, error) and entries by verdict per source, and
    stamp the poll's end: the counters docs/subscribing.md documents for /metrics."""
    for r in reports:
        outcome = "error" if r.error else ("not_modified" if r.not_modified else "ok")
        _get("FETCHES").labels(r.name, outcome).inc()
        for verdict, n in (("new", r.new), ("duplicate", r.duplicate),
                           ("off_topic", r.off_topic), ("unchanged", r.unchanged)):  # fmt: skip
            _get("ITEMS").labels(r.name, verdict).inc(n)
    _get("LAST_POLL").set_to_current_time()


class ArchiveCollector:
    """Source health and archive counts, read from the archive at each scrape (a prometheus
    collector: anything with ``collect``)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def collect(self) -> Iterator[GaugeMetricFamily]:
        from prometheus_client.core import GaugeMetricFamily

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
    from prometheus_client import CollectorRegistry, generate_latest

    registry = CollectorRegistry()
    registry.register(ArchiveCollector(store))
    return generate_latest(_get("REGISTRY")) + generate_latest(registry)
