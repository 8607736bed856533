"""[[webhooks]]: endpoints that get alert items as JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from monitor.config.settings import WebhookConfig
from monitor.config.values import http_url, topic_list

if TYPE_CHECKING:
    from monitor.config.check import Checker


def check(c: Checker, data: Any, topics: tuple[str, ...]) -> tuple[WebhookConfig, ...]:
    out = []
    for i, raw in enumerate(c.tables(data, "webhooks")):
        key = f"webhooks[{i}]"
        sec = c.table(raw, key, ("url", "topics"), ("url",))
        url = c.string(sec, "url", f"{key}.url") if sec else None
        if url is None:
            continue
        if not http_url(url):
            c.fail(f"{key}.url", f'"{url}" is not an http:// or https:// address')
        chosen = topic_list(c, sec.get("topics", []), f"{key}.topics", topics)
        out.append(WebhookConfig(url, chosen))
    return tuple(out)
