"""[storage]: where the archive is ($MONITOR_DATABASE_URL first) and how long it keeps what."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any, NamedTuple

from monitor.config.settings import DEFAULT_STORAGE_URL
from monitor.config.values import duration, resolve_sqlite_url

if TYPE_CHECKING:
    from monitor.config.check import Checker


class Storage(NamedTuple):
    """The table's settings (flat fields of Config: storage_url, busy_timeout, keep_off_topic)."""

    url: str
    busy_timeout: float = 30.0  # seconds a writer waits for a locked SQLite archive
    keep_off_topic: timedelta | None = timedelta(days=180)


def check(c: Checker, data: Any) -> Storage:
    sec = c.table(data, "storage", ("url", "busy_timeout", "keep_off_topic"))
    busy_timeout = 30.0
    keep_off_topic: timedelta | None = timedelta(days=180)
    if "busy_timeout" in sec:
        value = duration(c, sec["busy_timeout"], "storage.busy_timeout")
        busy_timeout = value.total_seconds() if value else 30.0
    if "keep_off_topic" in sec:
        keep_off_topic = duration(c, sec["keep_off_topic"], "storage.keep_off_topic")
    url = c.env.get("MONITOR_DATABASE_URL") or c.string(
        sec, "url", "storage.url", DEFAULT_STORAGE_URL
    )
    if "://" not in url:
        c.fail("storage.url", f'"{url}" is not a database URL like {DEFAULT_STORAGE_URL}')
        url = DEFAULT_STORAGE_URL
    else:
        url = resolve_sqlite_url(url, c.path.parent)
    return Storage(url, busy_timeout, keep_off_topic)
