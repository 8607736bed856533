"""Being a good guest on every outlet: per-host limits, delays, robots.txt, Retry-After.

Outlets block clients that hammer them; a blocked monitor misses news silently. So requests to
one host are capped (``per_host`` at once, ``host_delay`` apart), a host that said 429/503 with
Retry-After is left alone until then, and article and page fetches obey robots.txt.
"""

from __future__ import annotations

import asyncio
import logging
import time
import urllib.robotparser
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

log = logging.getLogger("monitor.fetch")

ROBOTS_TTL = 24 * 3600.0
MAX_RETRY_AFTER = 24 * 3600.0


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP date), capped at 24h."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return min(float(value), MAX_RETRY_AFTER)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    delta = (when - (now or datetime.now(UTC))).total_seconds()
    return min(max(delta, 0.0), MAX_RETRY_AFTER)


@dataclass
class _Host:
    semaphore: asyncio.Semaphore
    last_start: float = 0.0
    blocked_until: float = 0.0
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


class HostGate:
    """Per-host concurrency cap, minimum spacing between requests, and back-off windows."""

    def __init__(self, per_host: int, delay: float, clock: Callable[[], float] = time.monotonic):
        self.per_host = per_host
        self.delay = delay
        self.clock = clock
        self.hosts: dict[str, _Host] = {}

    def _host(self, host: str) -> _Host:
        h = self.hosts.get(host)
        if h is None:
            h = self.hosts[host] = _Host(asyncio.Semaphore(self.per_host))
        return h

    def blocked_for(self, host: str) -> float:
        h = self.hosts.get(host)
        return max(0.0, h.blocked_until - self.clock()) if h else 0.0

    def block(self, host: str, seconds: float) -> None:
        h = self._host(host)
        h.blocked_until = max(h.blocked_until, self.clock() + seconds)

    @asynccontextmanager
    async def slot(self, host: str) -> AsyncIterator[None]:
        h = self._host(host)
        async with h.semaphore:
            async with h.lock:  # spacing: one start at a time per host
                wait = h.last_start + self.delay - self.clock()
                if wait > 0:
                    await asyncio.sleep(wait)
                h.last_start = self.clock()
            yield


class RobotsCache:
    """robots.txt per host, fetched once a day. 4xx means no rules; 5xx or no answer means
    "not now" (RFC 9309), which only costs us the article text, never the item."""

    def __init__(self, user_agent: str) -> None:
        self.agent = user_agent.split("/", 1)[0].split()[0] if user_agent else "*"
        self.cache: dict[str, tuple[float, urllib.robotparser.RobotFileParser | None]] = {}
        self.unavailable: dict[str, str] = {}  # origin → why robots.txt could not be read
        self.locks: dict[str, asyncio.Lock] = {}

    async def allowed(
        self, origin: str, url: str, get: Callable[[str], Awaitable[tuple[int, bytes]]]
    ) -> bool:
        lock = self.locks.setdefault(origin, asyncio.Lock())
        async with lock:
            cached = self.cache.get(origin)
            if cached is None or time.monotonic() - cached[0] > ROBOTS_TTL:
                cached = (time.monotonic(), await self._load(origin, get))
                self.cache[origin] = cached
        parser = cached[1]
        if parser is None:
            return False
        ok = parser.can_fetch(self.agent, url)
        if not ok:
            log.info("robots.txt of %s forbids %s for %s", origin, url, self.agent)
        return ok

    async def _load(
        self, origin: str, get: Callable[[str], Awaitable[tuple[int, bytes]]]
    ) -> urllib.robotparser.RobotFileParser | None:
        parser = urllib.robotparser.RobotFileParser()
        try:
            status, body = await get(f"{origin}/robots.txt")
        except Exception as exc:  # any failure to get it: RFC 9309 says assume disallowed
            log.info("robots.txt of %s unavailable (%s): article fetches paused", origin, exc)
            self.unavailable[origin] = str(exc) or type(exc).__name__
            return None
        if 400 <= status < 500:
            parser.parse([])
            return parser
        if status >= 500:
            self.unavailable[origin] = f"HTTP {status}"
            return None
        parser.parse(body.decode("utf-8", "replace").splitlines())
        return parser
