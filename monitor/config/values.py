"""Value checkers more than one section shares: durations, cadences, e-mail addresses, term
lists, CSS selectors, database URLs, and how a wrong value is named in a message.

The pure parsers (``parse_duration``, ``cadence_cron``, ``valid_address``…) raise or answer;
the ones that take a ``Checker`` report the problem under its key path and return a fallback,
so one pass over the file finds every problem.
"""

from __future__ import annotations

import email.policy
import re
import string
from datetime import timedelta
from email.utils import parseaddr
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from monitor.config.check import Checker

# Term lists may be grouped by language for readability; every term is matched in every text.
TERM_LANGUAGES = ("en", "no", "nb", "nn", "ru", "se", "fi", "sv", "da", "de", "any")
_DURATION = re.compile(r"^\s*(\d+)\s*(ms|[smhd])\s*$")
_UNITS = {"ms": "milliseconds", "s": "seconds", "m": "minutes", "h": "hours", "d": "days"}
_DAYS = {
    "monday": "mon", "tuesday": "tue", "wednesday": "wed", "thursday": "thu", "friday": "fri",
    "saturday": "sat", "sunday": "sun",
}  # fmt: skip


def parse_duration(text: str, allow_zero: bool = False) -> timedelta:
    """'15m' → 15 minutes. Raises ValueError for anything else, e.g. '15 minutes'."""
    m = _DURATION.match(text)
    if not m or (int(m.group(1)) == 0 and not allow_zero):
        raise ValueError(text)
    return timedelta(**{_UNITS[m.group(2)]: int(m.group(1))})


def format_duration(value: timedelta) -> str:
    seconds = int(value.total_seconds())
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def duration(c: Checker, value: Any, key: str, allow_zero: bool = False) -> timedelta | None:
    """A duration key's value, or None (reported) when it is not one."""
    if not isinstance(value, str):
        c.fail(key, f"must be a string like 15m or 2h, not {kind(value)}")
        return None
    try:
        d = parse_duration(value, allow_zero=allow_zero)
    except ValueError:
        c.fail(key, f'"{value}" is not a duration like 15m or 2h')
        return None
    return d


def cadence_cron(cadence: str) -> str | None:
    """The cron expression of a cadence; None for "immediate". Raises ValueError."""
    text = " ".join(cadence.strip().lower().split())
    if text == "immediate":
        return None
    m = re.fullmatch(r"daily at (\d{1,2}):(\d{2})", text)
    if m and int(m.group(1)) < 24 and int(m.group(2)) < 60:
        return f"{int(m.group(2))} {int(m.group(1))} * * *"
    m = re.fullmatch(r"weekly on (\w+)(?: at)? (\d{1,2}):(\d{2})", text)
    if m and m.group(1) in _DAYS and int(m.group(2)) < 24 and int(m.group(3)) < 60:
        return f"{int(m.group(3))} {int(m.group(2))} * * {_DAYS[m.group(1)]}"
    from monitor.cron import validate_cron

    validate_cron(cadence)  # crontab(5) meaning (Sunday is 0 and 7); raises ValueError
    return cadence


def bare_address(value: str) -> str:
    """What identifies a person: the address without its display name, case folded (as the
    archive's subscriber key): "Åse <ase@x>" and "ase@X" are one person."""
    return (parseaddr(value)[1] or value).strip().lower()


def valid_address(value: str) -> bool:
    """One mailbox, as a mail header would read it: no control character (a CR or LF would
    start a new header), exactly one address (not "a@x, b@y" nor "a@x <b@y>", which parseaddr
    reads as the first and a mail server as both), no group, and no parse defect."""
    if not value.isprintable():  # CR, LF, tab, NUL, U+2028 …; plain spaces are printable
        return False
    _name, addr = parseaddr(value)
    local, _, domain = addr.rpartition("@")
    if not (local and domain) or " " in addr:
        return False
    try:
        header = email.policy.default.header_factory("To", value)
    except Exception:  # the header parser's own errors: not an address we can send to
        return False
    groups = header.groups
    return (
        not header.defects
        and len(groups) == 1
        and groups[0].display_name is None
        and len(groups[0].addresses) == 1
        and groups[0].addresses[0].addr_spec == addr
    )


def quoted(value: str) -> str:
    """A value in double quotes for a one-line message: a CR, LF, U+2028 or any other
    character that is not printable shows as an escape (\\r, \\u2028), never as a break."""
    shown = "".join(
        c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in value
    )
    return f'"{shown}"'


def not_address(value: str) -> str:
    """The message for a value that is not one e-mail address."""
    return f"{quoted(value)} is not an e-mail address (one per entry)"


def http_url(value: str) -> bool:
    """An http:// or https:// address with a host (sources, webhooks)."""
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def subject_problem(subject: str) -> str | None:
    """Why ``subject`` is not a template of {count} and {date} alone, or None. str.format would
    also run {count.__class__}, {date[0]} or nested fields: only the plain names pass."""
    if not subject.isprintable():
        return "must be one line without control characters"
    try:
        for _text, name, spec, _conversion in string.Formatter().parse(subject):
            if name is None:
                continue
            if name not in ("count", "date"):
                return f"may use only the fields {{count}} and {{date}}, not {{{name}}}"
            if spec and ("{" in spec or "}" in spec):
                return "may use only the fields {count} and {date}, not nested fields"
        subject.format(count=0, date="")
    except (KeyError, IndexError, ValueError, TypeError, AttributeError):
        return "may use only the fields {count} and {date}"
    return None


def terms(c: Checker, value: Any, path: str) -> tuple[str, ...]:
    """A list of terms, or a table of lists by language: { en = [...], no = [...] }."""
    if isinstance(value, dict):
        out: list[str] = []
        for lang, found in value.items():
            if lang not in TERM_LANGUAGES:
                allowed = ", ".join(TERM_LANGUAGES)
                c.fail(f"{path}.{lang}", f"unknown language (allowed: {allowed})")
                continue
            out += terms(c, found, f"{path}.{lang}")
        return tuple(out)
    if not isinstance(value, list) or not all(isinstance(t, str) and t.strip() for t in value):
        c.fail(path, "must be a list of non-empty strings (or a table of them by language)")
        return ()
    from monitor.gazetteer import GROUPS  # a rule term "@norway": the gazetteer's group

    for term in value:
        if term.startswith("@") and term[1:] not in GROUPS:
            known = ", ".join("@" + g for g in GROUPS)
            c.fail(path, f"unknown term group {term!r} (known: {known})")
    return tuple(value)


def topic_list(c: Checker, value: Any, key: str, known: tuple[str, ...]) -> tuple[str, ...]:
    """The topics a subscriber, webhook or channel chose, each one a [[topics]] name."""
    if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
        c.fail(key, "must be a list of topic names")
        return ()
    for j, t in enumerate(value):
        if t not in known:
            c.fail(f"{key}[{j}]", f'"{t}" is not a topic (have: {", ".join(known)})')
    return tuple(value)


def css_problem(selector: str) -> str | None:
    """Why ``selector`` is not CSS soupsieve can run, or None (soupsieve imported only here)."""
    import soupsieve

    try:
        soupsieve.compile(selector)
    except (soupsieve.SelectorSyntaxError, ValueError) as exc:
        return str(exc).splitlines()[0]
    return None


def resolve_sqlite_url(url: str, base: Path) -> str:
    """Relative SQLite paths resolve against the config file's folder, not the working dir."""
    prefix = "sqlite:///"
    if not url.startswith(prefix) or url == "sqlite:///:memory:":
        return url
    rest = url[len(prefix) :]
    if rest.startswith("/"):
        return url
    return prefix + str((base / rest).resolve())


def hide_password(url: str) -> str:
    """``url`` with its password (if any) as ***, for a message."""
    parts = urlsplit(url)
    if parts.password:
        return url.replace(f":{parts.password}@", ":***@")
    return url


def kind(value: Any) -> str:
    """How a message names a TOML value's type ("a string", "an array")."""
    names: dict[type, str] = {
        str: "a string",
        int: "a number",
        float: "a number",
        bool: "a boolean",
        list: "an array",
        dict: "a table",
    }
    return names.get(type(value), type(value).__name__)
