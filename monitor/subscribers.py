"""`monitor subscribers`: who gets mail, how often, what, when they last got some, and why not.

The table joins the configuration (cadence, topics) with the archive's record of each address
(last mail, failures, unsubscribe); an address the archive knows but the configuration no
longer names is listed too, so an unsubscribe stays visible after the entry was removed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING

from monitor.config import Config
from monitor.store import subscriber_key

if TYPE_CHECKING:
    from monitor.store.models import SubscriberRow


@dataclass(frozen=True)
class Line:
    address: str
    cadence: str
    topics: str
    last_mail: str
    state: str


def state_of(row: SubscriberRow | None, configured: bool, tz: tzinfo) -> str:
    if row is not None and row.unsubscribed_at is not None:
        return f"unsubscribed {_when(row.unsubscribed_at, tz)}"
    if not configured or (row is not None and row.removed_at is not None):
        return "not in the configuration"
    if row is None:
        return "active (no mail yet)"
    if row.rejected:
        return f"address rejected: {row.last_error or '-'}"
    if row.attempts:
        return f"retrying ({row.attempts} failed): {row.last_error or '-'}"
    return "active"


def lines(config: Config, rows: Mapping[str, SubscriberRow]) -> list[Line]:
    tz = config.tz
    out = []
    seen = set()
    for sub in config.all_subscribers():
        key = subscriber_key(sub.address)
        seen.add(key)
        row = rows.get(key)
        topics = ", ".join(sub.topics) or "all"
        if sub.near_misses:
            topics += " (+ near misses)"
        last = _when(row.last_sent, tz) if row and row.last_sent else "-"
        out.append(Line(sub.address, sub.cadence, topics, last, state_of(row, True, tz)))
    for key, row in sorted(rows.items()):
        if key in seen or key.startswith("webhook:"):
            continue
        last = _when(row.last_sent, tz) if row.last_sent else "-"
        out.append(Line(key, "-", "-", last, state_of(row, False, tz)))
    return out


def table(found: list[Line]) -> str:
    rows = [Line("ADDRESS", "CADENCE", "TOPICS", "LAST MAIL", "STATE"), *found]
    cols = [[r.address, r.cadence, r.topics, r.last_mail, r.state] for r in rows]
    widths = [max(len(c[n]) for c in cols) for n in range(4)]
    return "\n".join(
        "  ".join([*(c[n].ljust(widths[n]) for n in range(4)), c[4]]).rstrip() for c in cols
    )


def _when(at: datetime, tz: tzinfo) -> str:
    return at.astimezone(tz).strftime("%Y-%m-%d %H:%M")
