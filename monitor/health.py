"""Source health in words: what `monitor sources` prints and the digest's footer says.

A source that fails silently for a week is the failure users fear most, so every state has a
short status a person can read at a glance.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from monitor.config import Config, SourceConfig, format_duration
from monitor.redact import redact
from monitor.store import SourceState, Store

FAILING_NOTICE_AFTER = timedelta(days=1)
# A feed's ttl or Cache-Control max-age may lengthen the interval, but not beyond this.
MAX_MIN_INTERVAL = 24 * 3600
_MAX_AGE = re.compile(r"max-age\s*=\s*(\d+)")


def max_age(headers: dict[str, str]) -> int | None:
    m = _MAX_AGE.search(headers.get("cache-control", ""))
    return int(m.group(1)) if m else None


def effective_interval(source: SourceConfig, state: SourceState | None) -> timedelta:
    """The configured interval, lengthened by what the outlet asked (ttl, max-age)."""
    asked = min(state.min_interval or 0, MAX_MIN_INTERVAL) if state else 0
    return max(source.interval, timedelta(seconds=asked))


def is_due(source: SourceConfig, state: SourceState | None, now: datetime) -> bool:
    if state is None or state.last_attempt is None:
        return True
    if state.next_attempt is not None:
        return now >= state.next_attempt
    return now - state.last_attempt >= effective_interval(source, state)


def due_sources(config: Config, store: Store, now: datetime) -> list[SourceConfig]:
    """Enabled sources whose interval (or back-off) has passed since their last attempt."""
    states = store.all_source_states()
    return [s for s in config.sources if s.enabled and is_due(s, states.get(s.name), now)]


@dataclass(frozen=True)
class SourceHealth:
    name: str
    kind: str
    interval: str
    last_success: str
    new_7d: int
    status: str
    last_error: str


def status_of(source: SourceConfig, state: SourceState | None, now: datetime, tz: tzinfo) -> str:
    if not source.enabled:
        return "disabled"
    if state is None or state.last_attempt is None:
        return "never polled"
    if state.consecutive_failures:
        retry = (
            f", next try {state.next_attempt.astimezone(tz):%d %b %H:%M}"
            if state.next_attempt and state.next_attempt > now
            else ""
        )
        return f"failing ({state.consecutive_failures}x{retry})"
    return "ok"


def health_table(config: Config, store: Store, now: datetime) -> list[SourceHealth]:
    states = store.all_source_states()
    new = store.new_items_since(now - timedelta(days=7))
    tz = config.tz
    rows = []
    for s in config.sources:
        st = states.get(s.name)
        interval = format_duration(effective_interval(s, st))
        rows.append(
            SourceHealth(
                name=s.name,
                kind=s.kind,
                interval=interval,
                last_success=(
                    f"{st.last_success.astimezone(tz):%Y-%m-%d %H:%M}"
                    if st and st.last_success
                    else "never"
                ),
                new_7d=new.get(s.name, 0),
                status=status_of(s, st, now, tz),
                # stored before redaction existed, or by another version: redacted here too
                last_error=redact(st.last_error or "") if st and st.consecutive_failures else "",
            )
        )
    return rows


def format_table(rows: list[SourceHealth]) -> str:
    head = ("NAME", "KIND", "INTERVAL", "LAST SUCCESS", "NEW 7D", "STATUS", "LAST ERROR")
    cells = [head] + [
        (r.name, r.kind, r.interval, r.last_success, str(r.new_7d), r.status, r.last_error)
        for r in rows
    ]
    widths = [max(len(c[i]) for c in cells) for i in range(len(head) - 1)]
    lines = []
    for c in cells:
        lines.append(
            "  ".join(v.ljust(w) for v, w in zip(c[:-1], widths, strict=True)) + "  " + c[-1]
        )
    return "\n".join(line.rstrip() for line in lines)


@dataclass(frozen=True)
class FailingSource:
    name: str
    since: datetime
    error: str


def failing_sources(config: Config, store: Store, now: datetime) -> list[FailingSource]:
    """Enabled sources failing for more than a day: the digest's footer."""
    enabled = {s.name for s in config.sources if s.enabled}
    return [
        FailingSource(r.name, r.failing_since, redact(r.last_error or "unknown error"))
        for r in store.failing_since(now - FAILING_NOTICE_AFTER)
        if r.name in enabled and r.failing_since is not None
    ]
