"""Cron expressions as crontab(5) means them, turned into APScheduler triggers.

APScheduler 3's ``CronTrigger.from_crontab`` counts day-of-week 0 as Monday and rejects 7, so
``0 7 * * 1-5`` fired Tuesday to Saturday. Every cron string a user writes (a subscriber's
``cadence``, ``[digest] schedule``) goes through ``crontab_trigger`` instead, which follows
crontab(5) (Vixie cron, cronie):

- day of week 0 and 7 are Sunday, 1 is Monday; names (``sun`` … ``sat``), ranges, lists and
  steps (``*/2``, ``1-5/2``) work as in cron;
- when both day of month and day of week are restricted (neither starts with ``*``), the job
  runs on days matching EITHER (``0 7 1 * 1``: the 1st of the month and every Monday);
- ``@yearly``, ``@monthly``, ``@weekly``, ``@daily``/``@midnight`` and ``@hourly``;
- daylight saving time, as cron(8) documents it: a job whose time falls in the hour skipped in
  spring runs once, right after the jump (02:30 in Europe/Oslo runs at 03:00 CEST); a job at a
  fixed hour in the hour repeated in autumn runs once, at the first pass (02:30 CEST, not again
  at 02:30 CET). Jobs with ``*`` as hour run in both passes, as in cron: they are hourly.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.combining import OrTrigger
from apscheduler.triggers.cron import CronTrigger

MACROS = {
    "@yearly": "0 0 1 1 *",
    "@annually": "0 0 1 1 *",
    "@monthly": "0 0 1 * *",
    "@weekly": "0 0 * * 0",
    "@daily": "0 0 * * *",
    "@midnight": "0 0 * * *",
    "@hourly": "0 * * * *",
}
_DAY_NAMES = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
# APScheduler's own names, indexed by cron's day number (0 = Sunday).
_APS_DAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")


def _day(text: str) -> int:
    t = text.strip().lower()
    if t in _DAY_NAMES:
        return _DAY_NAMES.index(t)
    if t.isdigit() and 0 <= int(t) <= 7:
        return int(t)
    raise ValueError(f'"{text}" is not a day of the week (0-7 or sun-sat; 0 and 7 are Sunday)')


def cron_days(field: str) -> set[int]:
    """The days (0 = Sunday … 6 = Saturday) a crontab(5) day-of-week field names."""
    days: set[int] = set()
    for part in field.split(","):
        base, slash, step_text = part.partition("/")
        step = 1
        if slash:
            if not step_text.isdigit() or int(step_text) < 1:
                raise ValueError(f'"{part}": the step must be a whole number of at least 1')
            step = int(step_text)
        if base == "*":
            first, last = 0, 7
        elif "-" in base:
            a, b = base.split("-", 1)
            first, last = _day(a), _day(b)
            if last == 0 and first > 0:  # "mon-sun", "1-0": Sunday as the week's end (7)
                last = 7
            if first > last:
                raise ValueError(f'"{part}": a range must go forward (like 1-5)')
        else:
            first = _day(base)
            last = 7 if slash else first  # "1/2" is cron's "1-7/2"
        days.update(d % 7 for d in range(first, last + 1, step))
    return days


def _cron_fields(expr: str) -> list[str]:
    text = " ".join(expr.split())
    text = MACROS.get(text.lower(), text)
    if text.startswith("@"):
        raise ValueError(f'"{expr}": unknown macro (have: {", ".join(MACROS)})')
    fields = text.split(" ")
    if len(fields) != 5:
        raise ValueError(
            f'"{expr}" has {len(fields)} fields; a cron expression has 5: '
            "minute hour day-of-month month day-of-week"
        )
    return fields


def crontab_trigger(expr: str, timezone: str | tzinfo) -> BaseTrigger:
    """The trigger that fires when crontab(5) would run ``expr``; ValueError if it is not a
    valid cron expression (the message says why)."""
    tz = ZoneInfo(timezone) if isinstance(timezone, str) else timezone
    minute, hour, dom, month, dow = _cron_fields(expr)
    days = cron_days(dow)
    aps_dow = "*" if days == set(range(7)) else ",".join(_APS_DAYS[d] for d in sorted(days))

    def make(day: str, day_of_week: str) -> CronTrigger:
        return CronTrigger(minute=minute, hour=hour, day=day, month=month,
                           day_of_week=day_of_week, timezone=tz)  # fmt: skip

    try:
        if dom.startswith("*") or dow.startswith("*"):
            inner: BaseTrigger = make(dom, aps_dow)  # one of them is unrestricted: AND
        else:  # both restricted: cron runs on days matching either
            inner = OrTrigger([make(dom, "*"), make("*", aps_dow)])
    except ValueError as exc:
        raise ValueError(f'"{expr}": {exc}') from None
    return CrontabTrigger(inner, tz, fixed_hour=not hour.startswith("*"), expr=expr)


def validate_cron(expr: str) -> None:
    """Raise ValueError unless ``expr`` is a crontab(5) expression."""
    crontab_trigger(expr, UTC)


def _exists(local: datetime) -> bool:
    """Whether a wall time exists (not in the hour skipped in spring)."""
    back = local.astimezone(UTC).astimezone(local.tzinfo)
    return back.replace(tzinfo=None) == local.replace(tzinfo=None)


def _ambiguous(local: datetime) -> bool:
    """Whether a wall time happens twice (the hour repeated in autumn)."""
    return local.replace(fold=0).utcoffset() != local.replace(fold=1).utcoffset()


def _gap_end(local: datetime) -> datetime:
    """The first instant after the skipped hour that holds ``local``: the moment of the jump."""
    tz = local.tzinfo
    lo = local.replace(fold=1).astimezone(UTC)  # before the jump
    hi = local.replace(fold=0).astimezone(UTC)  # after it
    if lo > hi:
        lo, hi = hi, lo
    offset_after = hi.astimezone(tz).utcoffset()
    while hi - lo > timedelta(seconds=1):
        mid = lo + (hi - lo) / 2
        if mid.astimezone(tz).utcoffset() == offset_after:
            hi = mid
        else:
            lo = mid
    return hi.replace(microsecond=0).astimezone(tz)


def _later(moment: datetime) -> datetime:
    """A second after ``moment``, counted in real time: aware-datetime arithmetic is
    wall-clock arithmetic and drops ``fold``, which would land back in the first pass."""
    return (moment.astimezone(UTC) + timedelta(seconds=1)).astimezone(moment.tzinfo)


class CrontabTrigger(BaseTrigger):
    """APScheduler's cron arithmetic, with cron(8)'s daylight-saving rules (module doc)."""

    def __init__(self, inner: BaseTrigger, tz: tzinfo, *, fixed_hour: bool, expr: str) -> None:
        self.inner = inner
        self.tz = tz
        self.fixed_hour = fixed_hour
        self.expr = expr

    def get_next_fire_time(
        self, previous_fire_time: datetime | None, now: datetime
    ) -> datetime | None:
        prev, start = previous_fire_time, now
        for _ in range(100):  # each pass moves forward; a handful is the most ever needed
            n = self.inner.get_next_fire_time(prev, start)
            if n is None:
                return None
            local = n.astimezone(self.tz) if n.tzinfo is not None else n.replace(tzinfo=self.tz)
            wall = n.replace(tzinfo=self.tz, fold=getattr(n, "fold", 0))
            if not _exists(wall.replace(fold=0)):
                moved = _gap_end(wall)
                if previous_fire_time is not None and moved <= previous_fire_time:
                    prev, start = n, _later(n)
                    continue  # already fired at the jump for this skipped time
                return moved
            if self.fixed_hour and _ambiguous(local) and local.fold == 1:
                prev, start = n, _later(n)
                continue  # the repeated hour's second pass: it ran in the first
            return local
        return None

    def __getstate__(self) -> dict[str, Any]:
        return {"expr": self.expr, "tz": str(self.tz), "fixed_hour": self.fixed_hour}

    def __setstate__(self, state: dict[str, Any]) -> None:
        fresh = crontab_trigger(state["expr"], state["tz"])
        assert isinstance(fresh, CrontabTrigger)
        self.__dict__.update(fresh.__dict__)

    def __str__(self) -> str:
        return f"crontab[{self.expr}]"

    def __repr__(self) -> str:
        return f"<CrontabTrigger {self.expr!r} ({self.tz})>"
