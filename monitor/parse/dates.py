"""Dates as outlets print them on pages: ISO 8601, RFC 822, and day-month-year in English,
Norwegian and Russian ("12. november 2026", "12 ноября 2026 г., 14:05", "Nov 12, 2026").

Times without a zone are taken in the outlet's zone (Europe/Oslo by default: this beat's
outlets are Norwegian or Russian); the result is always aware UTC, or None.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, tzinfo
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

_MONTHS = {
    # English
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "oct": 10, "nov": 11, "dec": 12,
    # Norwegian (bokmål and nynorsk)
    "januar": 1, "februar": 2, "mars": 3, "april": 4, "mai": 5, "juni": 6, "juli": 7,
    "august": 8, "september": 9, "oktober": 10, "november": 11, "desember": 12, "des": 12,
    "okt": 10,
    # Russian (genitive as in dates, nominative, and short forms)
    "января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6, "июля": 7,
    "августа": 8, "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
    "январь": 1, "февраль": 2, "март": 3, "апрель": 4, "май": 5, "июнь": 6, "июль": 7,
    "август": 8, "сентябрь": 9, "октябрь": 10, "ноябрь": 11, "декабрь": 12,
    "янв": 1, "фев": 2, "мар": 3, "апр": 4, "июн": 6, "июл": 7, "авг": 8, "сен": 9, "окт": 10,
    "ноя": 11, "дек": 12,
}  # fmt: skip
_WORD = r"([^\W\d_]+)\.?"
_DAY_MONTH_YEAR = re.compile(rf"(\d{{1,2}})\.?\s+{_WORD},?\s+(\d{{4}})", re.UNICODE)
_MONTH_DAY_YEAR = re.compile(rf"{_WORD}\s+(\d{{1,2}}),?\s+(\d{{4}})", re.UNICODE)
_NUMERIC = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b")
_TIME = re.compile(r"\b(\d{1,2})[:.](\d{2})\b(?!\.\d{4})")
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?")

OSLO = ZoneInfo("Europe/Oslo")


def _month(word: str) -> int | None:
    w = word.lower().rstrip(".")
    if w in _MONTHS:
        return _MONTHS[w]
    return _MONTHS.get(w[:3]) if len(w) >= 3 and w[:3].isascii() else None


def parse_date(text: str | None, tz: tzinfo = OSLO) -> datetime | None:
    """The date (and time, if given) in ``text``, as aware UTC; None if there is none."""
    if not text:
        return None
    text = " ".join(text.split())
    iso = _ISO.search(text)
    if iso:
        try:
            value = datetime.fromisoformat(iso.group(0).replace("Z", "+00:00").replace(" ", "T"))
        except ValueError:
            value = None
        if value is not None:
            return (value if value.tzinfo else value.replace(tzinfo=tz)).astimezone(UTC)
    try:
        value = parsedate_to_datetime(text)
        if value.tzinfo is not None:
            return value.astimezone(UTC)
    except (TypeError, ValueError, IndexError):
        pass
    found: tuple[int, int, int] | None = None
    m = _DAY_MONTH_YEAR.search(text)
    if m and _month(m.group(2)):
        found = (int(m.group(3)), _month(m.group(2)) or 0, int(m.group(1)))
    if found is None:
        m = _MONTH_DAY_YEAR.search(text)
        if m and _month(m.group(1)):
            found = (int(m.group(3)), _month(m.group(1)) or 0, int(m.group(2)))
    if found is None:
        m = _NUMERIC.search(text)
        if m:
            found = (int(m.group(3)), int(m.group(2)), int(m.group(1)))
    if found is None:
        return None
    hour = minute = 0
    rest = text[m.end() :] + " " + text[: m.start()] if m else text
    t = _TIME.search(rest)
    if t and int(t.group(1)) < 24 and int(t.group(2)) < 60:
        hour, minute = int(t.group(1)), int(t.group(2))
    try:
        return datetime(*found, hour, minute, tzinfo=tz).astimezone(UTC)
    except ValueError:
        return None
