"""[delivery]: the secret that signs links ($MONITOR_SECRET first), the page's public address,
and whose mail a feedback click changes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from monitor.config.settings import DeliveryConfig

if TYPE_CHECKING:
    from monitor.config.check import Checker

JUDGEMENT_SCOPES = ("shared", "per-subscriber")


def check(c: Checker, data: Any) -> DeliveryConfig:
    sec = c.table(data, "delivery", ("secret", "base_url", "judgements"))
    secret = c.env.get("MONITOR_SECRET") or c.string(sec, "secret", "delivery.secret")
    if secret is not None and len(secret) < 16:
        c.fail("delivery.secret", "must be at least 16 characters")
    base = c.string(sec, "base_url", "delivery.base_url")
    if base is not None and not base.startswith(("http://", "https://")):
        c.fail("delivery.base_url", f'"{base}" is not an http:// or https:// address')
    scope = c.string(sec, "judgements", "delivery.judgements", "shared")
    if scope not in JUDGEMENT_SCOPES:
        c.fail("delivery.judgements", f'"{scope}" is not "shared" or "per-subscriber"')
        scope = "shared"
    return DeliveryConfig(secret, base.rstrip("/") + "/" if base else None, scope)
