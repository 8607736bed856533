"""The validator core: walk the TOML tree, collect every problem with its key path, and hand
each table to its own checker in monitor/config/sections/.

Everything is checked before anything runs: a user who mistypes a key learns it at start-up
with the key's path and the problem, not a week later from a digest that never came. Unknown
keys are errors for the same reason. The problems are reported in the order the sections are
checked below (fetch first), which messages and tests rely on.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from monitor.config.sections import (
    delivery,
    digest,
    feeds,
    fetch,
    notify,
    server,
    smtp,
    sources,
    storage,
    subscribers,
    topics,
    webhooks,
)
from monitor.config.sections import monitor as monitor_table
from monitor.config.settings import Config
from monitor.config.values import kind
from monitor.errors import ConfigError

# The top-level tables a file may have; each has its module in monitor/config/sections/.
TABLES = (
    "monitor", "storage", "sources", "topics", "digest", "smtp", "feeds", "fetch",
    "subscribers", "webhooks", "notify", "delivery", "server",
)  # fmt: skip


class Checker:
    """What every section's checker reports to: the problems found so far, the file's path
    (relative paths in it resolve against its folder) and the environment (the contract's
    MONITOR_* overrides). ``recipient_keys``: [digest] recipients by bare address, so that a
    [[subscribers]] entry for the same person is named as a duplicate of that key."""

    def __init__(self, path: Path, env: Mapping[str, str]) -> None:
        self.path = path
        self.env = env
        self.problems: list[str] = []
        self.recipient_keys: dict[str, str] = {}  # bare address -> its digest.recipients key

    def fail(self, key: str, message: str) -> None:
        self.problems.append(f"{key}: {message}")

    def table(
        self, data: Any, key: str, allowed: tuple[str, ...], required: tuple[str, ...] = ()
    ) -> dict[str, Any]:
        """``data`` as a table with only ``allowed`` keys and every ``required`` one ({} when
        it is not a table)."""
        if not isinstance(data, dict):
            self.fail(key, f"must be a table, not {kind(data)}")
            return {}
        for k in data:
            if k not in allowed:
                self.fail(
                    f"{key}.{k}" if key else k, f"unknown key (allowed: {', '.join(allowed)})"
                )
        for k in required:
            if k not in data:
                self.fail(f"{key}.{k}" if key else k, "is required")
        return data

    def tables(self, data: Any, key: str) -> list[Any]:
        """An array of tables ([[key]]), or [] when it is something else."""
        if not isinstance(data, list):
            self.fail(key, f"must be an array of tables ([[{key}]])")
            return []
        return data

    def string(self, data: dict[str, Any], key: str, path: str, default: str | None = None) -> Any:
        """A non-empty string, ``default`` when absent or wrong (the wrong one reported)."""
        value = data.get(key, default)
        if value is None:
            return None
        if not isinstance(value, str):
            self.fail(path, f"must be a string, not {kind(value)}")
            return default
        if not value.strip():
            self.fail(path, "must not be empty")
            return default
        return value

    def number(self, data: dict[str, Any], key: str, path: str, default: float) -> float:
        value = data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(path, f"must be a number, not {kind(value)}")
            return default
        return float(value)

    def flag(self, data: dict[str, Any], key: str, path: str, default: bool | None) -> Any:
        """true or false; ``default`` when absent (None: unset) or wrong (reported)."""
        value = data.get(key, default)
        if value is not None and not isinstance(value, bool):
            self.fail(path, f"must be true or false, not {kind(value)}")
            return default
        return value


def check(path: Path, env: Mapping[str, str], data: dict[str, Any]) -> Config:
    """The file's settings, or ConfigError listing every problem."""
    c = Checker(path, env)
    top = c.table(data, "", TABLES)
    fetch_config = fetch.check(c, top.get("fetch", {}))
    timezone, user_agent = monitor_table.check(c, top.get("monitor", {}))
    stored = storage.check(c, top.get("storage", {}))
    source_list = sources.check(c, top.get("sources", []))
    topic_list = topics.check(c, top.get("topics", []))
    digest_config = digest.check(c, top.get("digest", {}))
    smtp_config = smtp.check(c, top.get("smtp", {}))
    feed_title, feed_link = feeds.check(c, top.get("feeds", {}))
    names = tuple(t.name for t in topic_list)
    subscriber_list = subscribers.check(c, top.get("subscribers", []), names, timezone)
    webhook_list = webhooks.check(c, top.get("webhooks", []), names)
    channels = notify.check(c, top.get("notify", []), names)
    delivery_config = delivery.check(c, top.get("delivery", {}))
    server_config = server.check(c, top.get("server", {}))
    if c.problems:
        raise ConfigError(str(path), c.problems)
    return Config(
        path=path,
        timezone=timezone,
        user_agent=user_agent,
        storage_url=stored.url,
        busy_timeout=stored.busy_timeout,
        keep_off_topic=stored.keep_off_topic,
        sources=source_list,
        topics=topic_list,
        digest=digest_config,
        smtp=smtp_config,
        feed_title=feed_title,
        feed_link=feed_link,
        fetch=fetch_config,
        subscribers=subscriber_list,
        webhooks=webhook_list,
        notify=channels,
        delivery=delivery_config,
        server=server_config,
    )
