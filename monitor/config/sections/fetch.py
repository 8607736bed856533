"""[fetch]: politeness and robustness limits of every request, and the private addresses the
operator allows (allow_private)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from monitor.addresses import Allowance, parse_allowance
from monitor.config.settings import FetchConfig
from monitor.config.values import duration, kind

if TYPE_CHECKING:
    from monitor.config.check import Checker

KEYS = (
    "concurrency", "per_host", "host_delay", "connect_timeout", "read_timeout",
    "total_timeout", "max_size_mb", "max_redirects", "max_backoff", "robots",
    "allow_private",
)  # fmt: skip
COUNTS = ("concurrency", "per_host", "max_size_mb", "max_redirects")
DURATIONS = ("host_delay", "connect_timeout", "read_timeout", "total_timeout", "max_backoff")


def check(c: Checker, data: Any) -> FetchConfig:
    d = FetchConfig()
    sec = c.table(data, "fetch", KEYS)
    values: dict[str, Any] = {}
    for k in COUNTS:
        v = sec.get(k, getattr(d, k))
        if isinstance(v, bool) or not isinstance(v, int) or v < (0 if k == "max_redirects" else 1):
            c.fail(f"fetch.{k}", f"must be a whole number of at least 1, not {v!r}")
            v = getattr(d, k)
        values[k] = v
    for k in DURATIONS:
        if k in sec:
            value = duration(c, sec[k], f"fetch.{k}", allow_zero=k == "host_delay")
            values[k] = getattr(d, k) if value is None else value
    values["robots"] = c.flag(sec, "robots", "fetch.robots", True)
    values["allow_private"] = allowances(c, sec.get("allow_private", []))
    return FetchConfig(**values)


def allowances(c: Checker, raw: Any) -> tuple[Allowance, ...]:
    if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw):
        c.fail(
            "fetch.allow_private",
            f'must be a list of addresses like ["127.0.0.1:8080", "10.0.0.0/8"], not {kind(raw)}',
        )
        return ()
    out = []
    for entry in raw:
        try:
            out.append(parse_allowance(entry))
        except ValueError as exc:
            c.fail("fetch.allow_private", str(exc))
    return tuple(out)
