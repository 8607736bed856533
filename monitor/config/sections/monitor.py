"""[monitor]: the time zone dates are shown in and the User-Agent requests carry."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from monitor.config.settings import DEFAULT_TIMEZONE, DEFAULT_USER_AGENT

if TYPE_CHECKING:
    from monitor.config.check import Checker


def check(c: Checker, data: Any) -> tuple[str, str]:
    """(timezone, user_agent)."""
    sec = c.table(data, "monitor", ("timezone", "user_agent"))
    tz = c.string(sec, "timezone", "monitor.timezone", DEFAULT_TIMEZONE)
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        c.fail("monitor.timezone", f'"{tz}" is not a known time zone (e.g. Europe/Oslo)')
        tz = DEFAULT_TIMEZONE
    ua = c.string(sec, "user_agent", "monitor.user_agent", DEFAULT_USER_AGENT)
    return tz, ua
