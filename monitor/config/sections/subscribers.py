"""[[subscribers]]: each person's address, topics, cadence, time zone and date language."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from monitor.config.settings import SubscriberConfig
from monitor.config.values import (
    bare_address,
    cadence_cron,
    not_address,
    topic_list,
    valid_address,
)

if TYPE_CHECKING:
    from monitor.config.check import Checker

CADENCE_HELP = 'immediate, "daily at 07:00", "weekly on Monday 07:00" or a cron expression'
DATE_LANGUAGES = ("en", "no", "ru")
KEYS = ("address", "topics", "cadence", "timezone", "language", "nothing_new", "near_misses")


def check(
    c: Checker, data: Any, topics: tuple[str, ...], default_tz: str
) -> tuple[SubscriberConfig, ...]:
    """``topics``: the [[topics]] names; ``default_tz``: [monitor] timezone."""
    out = []
    seen = dict(c.recipient_keys)  # bare address -> the key that named it first
    for i, raw in enumerate(c.tables(data, "subscribers")):
        key = f"subscribers[{i}]"
        sec = c.table(raw, key, KEYS, ("address",))
        if not sec:
            continue
        address = c.string(sec, "address", f"{key}.address")
        if address is None:
            continue
        if not valid_address(address):
            c.fail(f"{key}.address", not_address(address))
        bare = bare_address(address)
        if bare in seen:
            c.fail(
                f"{key}.address",
                f'"{address}" is the same person as {seen[bare]} (one entry per address)',
            )
        seen.setdefault(bare, f"{key}.address")
        chosen = topic_list(c, sec.get("topics", []), f"{key}.topics", topics)
        cadence = c.string(sec, "cadence", f"{key}.cadence", "daily at 07:00")
        try:
            cadence_cron(cadence)
        except ValueError:
            c.fail(f"{key}.cadence", f'"{cadence}" is not a cadence ({CADENCE_HELP})')
        tz = c.string(sec, "timezone", f"{key}.timezone", default_tz)
        try:
            ZoneInfo(tz)
        except (ZoneInfoNotFoundError, ValueError):
            c.fail(f"{key}.timezone", f'"{tz}" is not a known time zone')
            tz = default_tz
        language = c.string(sec, "language", f"{key}.language", "en")
        if language not in DATE_LANGUAGES:
            c.fail(f"{key}.language", f'"{language}" is not one of {", ".join(DATE_LANGUAGES)}')
        nothing_new = c.string(sec, "nothing_new", f"{key}.nothing_new", "skip")
        if nothing_new not in ("skip", "send"):
            c.fail(f"{key}.nothing_new", f'"{nothing_new}" is not "skip" or "send"')
        near = c.flag(sec, "near_misses", f"{key}.near_misses", False)
        out.append(SubscriberConfig(address, chosen, cadence, tz, language, nothing_new, near))
    return tuple(out)
