"""Load and validate sources.toml into typed, frozen settings.

Everything is checked before anything runs: a user who mistypes a key learns it at start-up
with the key's path and the problem, not a week later from a digest that never came. Unknown keys
are errors for the same reason. The key names are a contract other tools rely on: extend, never
rename.
"""

from __future__ import annotations

import email.policy
import os
import re
import string
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from email.utils import parseaddr
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from monitor.addresses import Allowance, parse_allowance
from monitor.errors import ConfigError

DEFAULT_CONFIG = "sources.toml"
DEFAULT_STORAGE_URL = "sqlite:///storage/archive.db"
DEFAULT_TIMEZONE = "Europe/Oslo"
DEFAULT_USER_AGENT = "HighNorthMonitor/0.1 (+https://github.com/high-north-monitor)"
SOURCE_KINDS = ("feed", "html")
# Term lists may be grouped by language for readability; every term is matched in every text.
TERM_LANGUAGES = ("en", "no", "nb", "nn", "ru", "se", "fi", "sv", "da", "de", "any")
_DURATION = re.compile(r"^\s*(\d+)\s*(ms|[smhd])\s*$")
_UNITS = {"ms": "milliseconds", "s": "seconds", "m": "minutes", "h": "hours", "d": "days"}
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._()&'’-]*$")


@dataclass(frozen=True)
class Selectors:
    """CSS selectors of an HTML listing page: one ``item`` block per article, and inside it the
    link, title and (optional) date and summary. Empty link/title mean the block itself."""

    item: str
    link: str = "a"
    title: str = ""
    date: str | None = None
    summary: str | None = None


@dataclass(frozen=True)
class SourceConfig:
    name: str
    url: str
    kind: str
    interval: timedelta
    language: str | None = None
    enabled: bool = True
    fetch_article: bool | None = None  # None: when the entries carry only summaries
    selectors: Selectors | None = None
    # A news-search feed (Google News…): its entries are other outlets' articles, recognised
    # as those (dedupe.headline_copy). None: known news-search hosts are.
    news_search: bool | None = None


@dataclass(frozen=True)
class FetchConfig:
    """Politeness and robustness limits for every request the monitor makes."""

    concurrency: int = 20
    per_host: int = 2
    host_delay: timedelta = timedelta(seconds=1)
    connect_timeout: timedelta = timedelta(seconds=10)
    read_timeout: timedelta = timedelta(seconds=20)
    total_timeout: timedelta = timedelta(seconds=60)
    max_size_mb: int = 10
    max_redirects: int = 5
    max_backoff: timedelta = timedelta(hours=6)
    robots: bool = True
    # Non-public addresses (network[:port]) the operator lets the monitor connect to: a source
    # on the intranet or the loopback. Everything else must be public (monitor.addresses).
    allow_private: tuple[Allowance, ...] = ()


@dataclass(frozen=True)
class RuleConfig:
    """One scoring rule: fires when an any-of term, every all-of group and no none-of term hit."""

    name: str
    any_of: tuple[str, ...] = ()
    all_of: tuple[tuple[str, ...], ...] = ()
    none_of: tuple[str, ...] = ()
    weight: float = 1.0
    alert: bool = False  # high priority: immediate subscribers and webhooks get it at once
    # Subjects that, named in the title, say the item is about them and not the beat ("Finland
    # closes its border with Russia"): the rule is cancelled wherever it fired. Not looked for
    # in the text, where a neighbour's name is often context (issue #28).
    title_none_of: tuple[str, ...] = ()


@dataclass(frozen=True)
class TopicConfig:
    name: str
    title: str
    rules: tuple[RuleConfig, ...]
    threshold: float = 1.0
    title_weight: float = 2.0


@dataclass(frozen=True)
class DigestConfig:
    recipients: tuple[str, ...] = ()
    sender: str = "High North monitor <monitor@localhost>"
    subject: str = "High North monitor: {count} new items, {date}"
    schedule: str = "0 7 * * *"


CADENCE_HELP = 'immediate, "daily at 07:00", "weekly on Monday 07:00" or a cron expression'
DATE_LANGUAGES = ("en", "no", "ru")
_DAYS = {
    "monday": "mon", "tuesday": "tue", "wednesday": "wed", "thursday": "thu", "friday": "fri",
    "saturday": "sat", "sunday": "sun",
}  # fmt: skip


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


@dataclass(frozen=True)
class SubscriberConfig:
    """One person: which topics, how often, in which time zone and date language."""

    address: str
    topics: tuple[str, ...] = ()  # empty: every topic
    cadence: str = "daily at 07:00"
    timezone: str = DEFAULT_TIMEZONE
    language: str = "en"
    nothing_new: str = "skip"  # or "send": a short "nothing new today" mail
    near_misses: bool = False  # a collapsed "Possibly relevant" section ends the digest

    @property
    def immediate(self) -> bool:
        return cadence_cron(self.cadence) is None


@dataclass(frozen=True)
class WebhookConfig:
    """A chat or automation endpoint that gets alert items as JSON, once each."""

    url: str
    topics: tuple[str, ...] = ()


NOTIFY_KINDS = ("alerts", "digest")
# $MONITOR_NOTIFY_SLACK or ${MONITOR_NOTIFY_SLACK} in a [[notify]] url: a secret kept in the
# environment, not in the file. Only this prefix is read, so a "$" a URL needs stays as written.
_NOTIFY_VAR = re.compile(r"\$(?:\{(MONITOR_NOTIFY_[A-Z0-9_]+)\}|(MONITOR_NOTIFY_[A-Z0-9_]+))")


@dataclass(frozen=True)
class NotifyConfig:
    """One chat or push channel (an Apprise URL): alert items as they are found, or a short
    digest text at the digest's schedule. ``written`` is the URL as the file has it (secrets as
    $MONITOR_NOTIFY_… names): the channel's identity in the archive, so rotating a token in the
    environment keeps what the channel was owed. ``secrets`` are the values substituted into
    ``url``, which nothing may print (monitor.redact.hide)."""

    url: str = field(repr=False)  # "" when the URL is in an Apprise config file
    written: str
    key: str  # notify[i]: how check-config names it
    topics: tuple[str, ...] = ()
    kind: str = "alerts"
    secrets: tuple[str, ...] = field(default=(), repr=False)
    config_file: Path | None = None  # Apprise's own config file (text or YAML), one URL in it

    @property
    def scheme(self) -> str:
        """The URL's scheme; "config" for a channel whose URL is in its config file (the file
        is only read when the channel is checked or used)."""
        return self.url.split("://", 1)[0].lower() if self.url else "config"

    @property
    def address(self) -> str:
        """The archive's key for the channel (its deliveries and retry state): a hash of the
        URL as written and the kind, never the URL, which holds the secret or names it."""
        import hashlib

        digest = hashlib.sha256(f"{self.kind}\n{self.written}".encode()).hexdigest()[:32]
        return f"notify:sha256:{digest}"


@dataclass(frozen=True)
class DeliveryConfig:
    secret: str | None = None  # signs unsubscribe links; $MONITOR_SECRET overrides
    base_url: str | None = None  # where the web page is reachable (unsubscribe links)
    # Whose later mail a click ("not relevant", "more like this") changes: "shared" (it is an
    # example for every later score, like `monitor feedback`) or "per-subscriber" (only the
    # clicking subscriber's later digests; the archive's scores stay as they are).
    judgements: str = "shared"


JUDGEMENT_SCOPES = ("shared", "per-subscriber")


@dataclass(frozen=True)
class ServerConfig:
    host: str = "127.0.0.1"
    port: int = 8080
    enabled: bool = True  # inside `monitor run`
    # The operator's views of the page (subscribers, digest previews, source errors) need this
    # as a bearer token or a basic-auth password; without one they are off.
    admin_token: str | None = None


@dataclass(frozen=True)
class SmtpConfig:
    """Where mail goes. ``security`` is "none", "starttls" or "tls" (from the URL's scheme)."""

    url: str
    host: str
    port: int
    security: str
    username: str | None = None
    password: str | None = None
    timeout: float = 30.0

    @property
    def display(self) -> str:
        """The address without the password, safe for logs."""
        return f"{self.host}:{self.port}"


@dataclass(frozen=True)
class Config:
    path: Path
    timezone: str = DEFAULT_TIMEZONE
    user_agent: str = DEFAULT_USER_AGENT
    storage_url: str = DEFAULT_STORAGE_URL
    busy_timeout: float = 30.0  # seconds a writer waits for a locked SQLite archive
    keep_off_topic: timedelta | None = timedelta(days=180)  # on-topic items are kept for good
    sources: tuple[SourceConfig, ...] = ()
    topics: tuple[TopicConfig, ...] = ()
    digest: DigestConfig = field(default_factory=DigestConfig)
    smtp: SmtpConfig | None = None
    feed_title: str = "High North monitor"
    feed_link: str = "http://localhost:8080/"
    fetch: FetchConfig = field(default_factory=FetchConfig)
    subscribers: tuple[SubscriberConfig, ...] = ()
    webhooks: tuple[WebhookConfig, ...] = ()
    notify: tuple[NotifyConfig, ...] = ()
    delivery: DeliveryConfig = field(default_factory=DeliveryConfig)
    server: ServerConfig = field(default_factory=ServerConfig)

    def all_subscribers(self) -> tuple[SubscriberConfig, ...]:
        """[[subscribers]], plus [digest] recipients as daily-digest subscribers (shorthand)."""
        explicit = {bare_address(s.address) for s in self.subscribers}
        cron = self.digest.schedule
        short = tuple(
            SubscriberConfig(address=r, cadence=cron, timezone=self.timezone)
            for r in self.digest.recipients
            if bare_address(r) not in explicit
        )
        return self.subscribers + short

    def subscriber(self, address: str) -> SubscriberConfig:
        from email.utils import parseaddr

        key = (parseaddr(address)[1] or address).lower()
        for s in self.all_subscribers():
            if (parseaddr(s.address)[1] or s.address).lower() == key:
                return s
        raise KeyError(address)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def source(self, name: str) -> SourceConfig:
        for s in self.sources:
            if s.name == name:
                return s
        raise KeyError(name)


def config_path(cli_value: str | None, env: Mapping[str, str] = os.environ) -> Path:
    """--config, else $MONITOR_CONFIG, else ./sources.toml (the contract's order)."""
    return Path(cli_value or env.get("MONITOR_CONFIG") or DEFAULT_CONFIG)


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


def load_config(path: Path | str, env: Mapping[str, str] = os.environ) -> Config:
    """Read, validate and return the configuration, or raise ConfigError listing every problem."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(str(path), ["file not found"]) from None
    except OSError as exc:
        raise ConfigError(str(path), [f"cannot read the file: {exc.strerror}"]) from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ConfigError(str(path), [f"not UTF-8 text (byte {exc.start})"]) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(str(path), [f"invalid TOML: {exc}"]) from None
    return _Validator(path, env).config(data)


def parse_smtp_url(url: str) -> SmtpConfig:
    """smtp://host:port, smtp+starttls://user:pass@host:587, smtps://user:pass@host:465."""
    parts = urlsplit(url)
    security = {"smtp": "none", "smtp+starttls": "starttls", "smtps": "tls"}.get(parts.scheme)
    if security is None:
        raise ValueError("scheme must be smtp://, smtp+starttls:// or smtps://")
    if not parts.hostname:
        raise ValueError("has no host")
    try:
        port = parts.port
    except ValueError:
        raise ValueError("has an invalid port") from None
    default_port = {"none": 25, "starttls": 587, "tls": 465}[security]
    return SmtpConfig(
        url=url,
        host=parts.hostname,
        port=port or default_port,
        security=security,
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
    )


def bare_address(value: str) -> str:
    """What identifies a person: the address without its display name, case folded (as the
    archive's subscriber key): "Åse <ase@x>" and "ase@X" are one person."""
    return (parseaddr(value)[1] or value).strip().lower()


def _valid_address(value: str) -> bool:
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
    groups = header.groups  # type: ignore[attr-defined]
    return (
        not header.defects
        and len(groups) == 1
        and groups[0].display_name is None
        and len(groups[0].addresses) == 1
        and groups[0].addresses[0].addr_spec == addr
    )


def _quoted(value: str) -> str:
    """A value in double quotes for a one-line message: a CR, LF, U+2028 or any other
    character that is not printable shows as an escape (\\r, \\u2028), never as a break."""
    shown = "".join(
        c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in value
    )
    return f'"{shown}"'


def _not_address(value: str) -> str:
    return f"{_quoted(value)} is not an e-mail address (one per entry)"


def _subject_problem(subject: str) -> str | None:
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


class _Validator:
    """Walks the TOML tree, collecting every problem with its key path."""

    def __init__(self, path: Path, env: Mapping[str, str]) -> None:
        self.path = path
        self.env = env
        self.problems: list[str] = []
        self.busy_timeout = 30.0
        self.keep_off_topic: timedelta | None = timedelta(days=180)
        self.recipient_keys: dict[str, str] = {}  # bare address -> its digest.recipients key

    def fail(self, key: str, message: str) -> None:
        self.problems.append(f"{key}: {message}")

    def table(
        self, data: Any, key: str, allowed: tuple[str, ...], required: tuple[str, ...] = ()
    ) -> dict[str, Any]:
        if not isinstance(data, dict):
            self.fail(key, f"must be a table, not {_kind(data)}")
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

    def string(self, data: dict[str, Any], key: str, path: str, default: str | None = None) -> Any:
        value = data.get(key, default)
        if value is None:
            return None
        if not isinstance(value, str):
            self.fail(path, f"must be a string, not {_kind(value)}")
            return default
        if not value.strip():
            self.fail(path, "must not be empty")
            return default
        return value

    def number(self, data: dict[str, Any], key: str, path: str, default: float) -> float:
        value = data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(path, f"must be a number, not {_kind(value)}")
            return default
        return float(value)

    def terms(self, value: Any, path: str) -> tuple[str, ...]:
        """A list of terms, or a table of lists by language: { en = [...], no = [...] }."""
        if isinstance(value, dict):
            out: list[str] = []
            for lang, terms in value.items():
                if lang not in TERM_LANGUAGES:
                    allowed = ", ".join(TERM_LANGUAGES)
                    self.fail(f"{path}.{lang}", f"unknown language (allowed: {allowed})")
                    continue
                out += self.terms(terms, f"{path}.{lang}")
            return tuple(out)
        if not isinstance(value, list) or not all(isinstance(t, str) and t.strip() for t in value):
            self.fail(path, "must be a list of non-empty strings (or a table of them by language)")
            return ()
        from monitor.gazetteer import GROUPS  # a rule term "@norway": the gazetteer's group

        for term in value:
            if term.startswith("@") and term[1:] not in GROUPS:
                known = ", ".join("@" + g for g in GROUPS)
                self.fail(path, f"unknown term group {term!r} (known: {known})")
        return tuple(value)

    def config(self, data: dict[str, Any]) -> Config:
        top = self.table(
            data,
            "",
            (
                "monitor", "storage", "sources", "topics", "digest", "smtp", "feeds", "fetch",
                "subscribers", "webhooks", "notify", "delivery", "server",
            ),
        )  # fmt: skip
        fetch = self.fetch_section(top.get("fetch", {}))
        timezone, user_agent = self.monitor_section(top.get("monitor", {}))
        storage_url = self.storage_section(top.get("storage", {}))
        sources = self.sources_section(top.get("sources", []))
        topics = self.topics_section(top.get("topics", []))
        digest = self.digest_section(top.get("digest", {}))
        smtp = self.smtp_section(top.get("smtp", {}))
        feeds = self.table(top.get("feeds", {}), "feeds", ("title", "link"))
        feed_title = self.string(feeds, "title", "feeds.title", "High North monitor")
        feed_link = self.string(feeds, "link", "feeds.link", "http://localhost:8080/")
        topic_names = tuple(t.name for t in topics)
        subscribers = self.subscribers_section(top.get("subscribers", []), topic_names, timezone)
        webhooks = self.webhooks_section(top.get("webhooks", []), topic_names)
        notify = self.notify_section(top.get("notify", []), topic_names)
        delivery = self.delivery_section(top.get("delivery", {}))
        server = self.server_section(top.get("server", {}))
        if self.problems:
            raise ConfigError(str(self.path), self.problems)
        return Config(
            path=self.path,
            timezone=timezone,
            user_agent=user_agent,
            storage_url=storage_url,
            busy_timeout=self.busy_timeout,
            keep_off_topic=self.keep_off_topic,
            sources=sources,
            topics=topics,
            digest=digest,
            smtp=smtp,
            feed_title=feed_title,
            feed_link=feed_link,
            fetch=fetch,
            subscribers=subscribers,
            webhooks=webhooks,
            notify=notify,
            delivery=delivery,
            server=server,
        )

    def topic_list(self, value: Any, key: str, known: tuple[str, ...]) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
            self.fail(key, "must be a list of topic names")
            return ()
        for j, t in enumerate(value):
            if t not in known:
                self.fail(f"{key}[{j}]", f'"{t}" is not a topic (have: {", ".join(known)})')
        return tuple(value)

    def subscribers_section(
        self, data: Any, topics: tuple[str, ...], default_tz: str
    ) -> tuple[SubscriberConfig, ...]:
        if not isinstance(data, list):
            self.fail("subscribers", "must be an array of tables ([[subscribers]])")
            return ()
        out = []
        seen = dict(self.recipient_keys)  # bare address -> the key that named it first
        keys = (
            "address", "topics", "cadence", "timezone", "language", "nothing_new", "near_misses",
        )  # fmt: skip
        for i, raw in enumerate(data):
            key = f"subscribers[{i}]"
            sec = self.table(raw, key, keys, ("address",))
            if not sec:
                continue
            address = self.string(sec, "address", f"{key}.address")
            if address is None:
                continue
            if not _valid_address(address):
                self.fail(
                    f"{key}.address", f"{_quoted(address)} is not an e-mail address (one per entry)"
                )
            bare = bare_address(address)
            if bare in seen:
                self.fail(
                    f"{key}.address",
                    f'"{address}" is the same person as {seen[bare]} (one entry per address)',
                )
            seen.setdefault(bare, f"{key}.address")
            chosen = self.topic_list(sec.get("topics", []), f"{key}.topics", topics)
            cadence = self.string(sec, "cadence", f"{key}.cadence", "daily at 07:00")
            try:
                cadence_cron(cadence)
            except ValueError:
                self.fail(f"{key}.cadence", f'"{cadence}" is not a cadence ({CADENCE_HELP})')
            tz = self.string(sec, "timezone", f"{key}.timezone", default_tz)
            try:
                ZoneInfo(tz)
            except (ZoneInfoNotFoundError, ValueError):
                self.fail(f"{key}.timezone", f'"{tz}" is not a known time zone')
                tz = default_tz
            language = self.string(sec, "language", f"{key}.language", "en")
            if language not in DATE_LANGUAGES:
                self.fail(
                    f"{key}.language", f'"{language}" is not one of {", ".join(DATE_LANGUAGES)}'
                )
            nothing_new = self.string(sec, "nothing_new", f"{key}.nothing_new", "skip")
            if nothing_new not in ("skip", "send"):
                self.fail(f"{key}.nothing_new", f'"{nothing_new}" is not "skip" or "send"')
            near = sec.get("near_misses", False)
            if not isinstance(near, bool):
                self.fail(f"{key}.near_misses", f"must be true or false, not {_kind(near)}")
                near = False
            out.append(SubscriberConfig(address, chosen, cadence, tz, language, nothing_new, near))
        return tuple(out)

    def webhooks_section(self, data: Any, topics: tuple[str, ...]) -> tuple[WebhookConfig, ...]:
        if not isinstance(data, list):
            self.fail("webhooks", "must be an array of tables ([[webhooks]])")
            return ()
        out = []
        for i, raw in enumerate(data):
            key = f"webhooks[{i}]"
            sec = self.table(raw, key, ("url", "topics"), ("url",))
            url = self.string(sec, "url", f"{key}.url") if sec else None
            if url is None:
                continue
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                self.fail(f"{key}.url", f'"{url}" is not an http:// or https:// address')
            chosen = self.topic_list(sec.get("topics", []), f"{key}.topics", topics)
            out.append(WebhookConfig(url, chosen))
        return tuple(out)

    def notify_section(self, data: Any, topics: tuple[str, ...]) -> tuple[NotifyConfig, ...]:
        """[[notify]]: the URL's form and its $MONITOR_NOTIFY_… variables are checked here;
        whether Apprise knows the scheme is checked by ``monitor check-config`` and before the
        first send (monitor.deliver.notify.problems), so other commands never import Apprise."""
        if not isinstance(data, list):
            self.fail("notify", "must be an array of tables ([[notify]])")
            return ()
        out: list[NotifyConfig] = []
        seen: dict[tuple[str, str], str] = {}
        for i, raw in enumerate(data):
            key = f"notify[{i}]"
            sec = self.table(raw, key, ("url", "config", "topics", "kind"))
            if not sec:
                continue
            kind = self.string(sec, "kind", f"{key}.kind", "alerts")
            if kind not in NOTIFY_KINDS:
                self.fail(f"{key}.kind", f'{_quoted(kind)} is not "alerts" or "digest"')
            chosen = self.topic_list(sec.get("topics", []), f"{key}.topics", topics)
            if ("url" in sec) == ("config" in sec):
                self.fail(key, "needs either url (an Apprise URL) or config (an Apprise "
                          "config file holding one URL), not both")  # fmt: skip
                continue
            if "config" in sec:
                file = self.string(sec, "config", f"{key}.config")
                if file is None:
                    continue
                where = (self.path.parent / file).resolve()
                if not where.is_file():
                    self.fail(f"{key}.config", f"{_quoted(file)}: no such file")
                    continue
                out.append(NotifyConfig("", f"config:{where}", key, chosen, kind,
                                        config_file=where))  # fmt: skip
                continue
            written = self.string(sec, "url", f"{key}.url")
            if written is None:
                continue
            missing: list[str] = []
            secrets: list[str] = []

            def substitute(m: re.Match[str], missing: list[str] = missing,
                           secrets: list[str] = secrets) -> str:  # fmt: skip
                name = m.group(1) or m.group(2)
                value = self.env.get(name)
                if not value:
                    missing.append(name)
                    return m.group(0)
                secrets.append(value)
                return value

            url = _NOTIFY_VAR.sub(substitute, written).strip()
            for name in dict.fromkeys(missing):
                self.fail(f"{key}.url", f"${name} is not set in the environment")
            scheme = url.split("://", 1)[0] if "://" in url else ""
            if not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.\-]*", scheme):
                self.fail(f"{key}.url", "is not an Apprise URL like slack://…, tgram://… or "
                          "json://host/path (see README, Chat and push channels)")  # fmt: skip
            if (written, kind) in seen:
                self.fail(f"{key}.url", f"is the same channel as {seen[written, kind]}")
            seen.setdefault((written, kind), f"{key}.url")
            if not missing:
                out.append(NotifyConfig(url, written, key, chosen, kind, tuple(secrets)))
        return tuple(out)

    def delivery_section(self, data: Any) -> DeliveryConfig:
        sec = self.table(data, "delivery", ("secret", "base_url", "judgements"))
        secret = self.env.get("MONITOR_SECRET") or self.string(sec, "secret", "delivery.secret")
        if secret is not None and len(secret) < 16:
            self.fail("delivery.secret", "must be at least 16 characters")
        base = self.string(sec, "base_url", "delivery.base_url")
        if base is not None and not base.startswith(("http://", "https://")):
            self.fail("delivery.base_url", f'"{base}" is not an http:// or https:// address')
        scope = self.string(sec, "judgements", "delivery.judgements", "shared")
        if scope not in JUDGEMENT_SCOPES:
            self.fail("delivery.judgements", f'"{scope}" is not "shared" or "per-subscriber"')
            scope = "shared"
        return DeliveryConfig(secret, base.rstrip("/") + "/" if base else None, scope)

    def server_section(self, data: Any) -> ServerConfig:
        sec = self.table(data, "server", ("host", "port", "enabled", "admin_token"))
        d = ServerConfig()
        host = self.env.get("MONITOR_SERVER_HOST") or self.string(
            sec, "host", "server.host", d.host
        )
        port = sec.get("port", d.port)
        if self.env.get("MONITOR_SERVER_PORT"):
            raw = self.env["MONITOR_SERVER_PORT"]
            port = int(raw) if raw.isdigit() else raw
        if isinstance(port, bool) or not isinstance(port, int) or not 0 <= port <= 65535:
            self.fail("server.port", f"must be a port number, not {port!r}")
            port = d.port
        enabled = sec.get("enabled", True)
        if not isinstance(enabled, bool):
            self.fail("server.enabled", f"must be true or false, not {_kind(enabled)}")
            enabled = True
        token = self.env.get("MONITOR_ADMIN_TOKEN") or self.string(
            sec, "admin_token", "server.admin_token"
        )
        if token is not None and (len(token) < 16 or not token.isprintable() or " " in token):
            self.fail(
                "server.admin_token",
                "must be at least 16 characters, without spaces or control characters",
            )
            token = None
        return ServerConfig(host, port, enabled, token)

    def fetch_section(self, data: Any) -> FetchConfig:
        d = FetchConfig()
        keys = (
            "concurrency", "per_host", "host_delay", "connect_timeout", "read_timeout",
            "total_timeout", "max_size_mb", "max_redirects", "max_backoff", "robots",
            "allow_private",
        )  # fmt: skip
        sec = self.table(data, "fetch", keys)
        values: dict[str, Any] = {}
        for k in ("concurrency", "per_host", "max_size_mb", "max_redirects"):
            v = sec.get(k, getattr(d, k))
            if (
                isinstance(v, bool)
                or not isinstance(v, int)
                or v < (0 if k == "max_redirects" else 1)
            ):
                self.fail(f"fetch.{k}", f"must be a whole number of at least 1, not {v!r}")
                v = getattr(d, k)
            values[k] = v
        for k in ("host_delay", "connect_timeout", "read_timeout", "total_timeout", "max_backoff"):
            if k in sec:
                value = self.duration(sec[k], f"fetch.{k}", allow_zero=k == "host_delay")
                values[k] = getattr(d, k) if value is None else value
        robots = sec.get("robots", True)
        if not isinstance(robots, bool):
            self.fail("fetch.robots", f"must be true or false, not {_kind(robots)}")
            robots = True
        values["robots"] = robots
        values["allow_private"] = self.allowances(sec.get("allow_private", []))
        return FetchConfig(**values)

    def allowances(self, raw: Any) -> tuple[Allowance, ...]:
        if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw):
            self.fail(
                "fetch.allow_private",
                f'must be a list of addresses like ["127.0.0.1:8080", "10.0.0.0/8"], '
                f"not {_kind(raw)}",
            )
            return ()
        out = []
        for entry in raw:
            try:
                out.append(parse_allowance(entry))
            except ValueError as exc:
                self.fail("fetch.allow_private", str(exc))
        return tuple(out)

    def selectors(self, data: Any, key: str) -> Selectors | None:
        sec = self.table(data, key, ("item", "link", "title", "date", "summary"), ("item",))
        if not sec:
            return None
        found: dict[str, str] = {}
        for k in ("item", "link", "title", "date", "summary"):
            if k in sec:
                v = sec[k]
                if not isinstance(v, str):
                    self.fail(f"{key}.{k}", f"must be a CSS selector string, not {_kind(v)}")
                    continue
                if v.strip():
                    problem = _css_problem(v)
                    if problem:
                        self.fail(f"{key}.{k}", f'"{v}" is not a valid CSS selector ({problem})')
                        continue
                found[k] = v
        if "item" not in found:
            return None
        return Selectors(
            item=found["item"],
            link=found.get("link", "a"),
            title=found.get("title", ""),
            date=found.get("date"),
            summary=found.get("summary"),
        )

    def monitor_section(self, data: Any) -> tuple[str, str]:
        sec = self.table(data, "monitor", ("timezone", "user_agent"))
        tz = self.string(sec, "timezone", "monitor.timezone", DEFAULT_TIMEZONE)
        try:
            ZoneInfo(tz)
        except (ZoneInfoNotFoundError, ValueError):
            self.fail("monitor.timezone", f'"{tz}" is not a known time zone (e.g. Europe/Oslo)')
            tz = DEFAULT_TIMEZONE
        ua = self.string(sec, "user_agent", "monitor.user_agent", DEFAULT_USER_AGENT)
        return tz, ua

    def storage_section(self, data: Any) -> str:
        sec = self.table(data, "storage", ("url", "busy_timeout", "keep_off_topic"))
        if "busy_timeout" in sec:
            value = self.duration(sec["busy_timeout"], "storage.busy_timeout")
            self.busy_timeout = value.total_seconds() if value else 30.0
        if "keep_off_topic" in sec:
            self.keep_off_topic = self.duration(sec["keep_off_topic"], "storage.keep_off_topic")
        url = self.env.get("MONITOR_DATABASE_URL") or self.string(
            sec, "url", "storage.url", DEFAULT_STORAGE_URL
        )
        if "://" not in url:
            self.fail("storage.url", f'"{url}" is not a database URL like {DEFAULT_STORAGE_URL}')
            return DEFAULT_STORAGE_URL
        return resolve_sqlite_url(url, self.path.parent)

    def sources_section(self, data: Any) -> tuple[SourceConfig, ...]:
        if not isinstance(data, list):
            self.fail("sources", "must be an array of tables ([[sources]])")
            return ()
        out: list[SourceConfig] = []
        seen: set[str] = set()
        for i, raw in enumerate(data):
            key = f"sources[{i}]"
            sec = self.table(
                raw,
                key,
                (
                    "name", "url", "kind", "interval", "language", "enabled", "fetch_article",
                    "selectors", "news_search",
                ),
                ("name", "url"),
            )  # fmt: skip
            if not sec:
                continue
            name = self.string(sec, "name", f"{key}.name")
            if name is not None and not _NAME.match(name):
                self.fail(f"{key}.name", f'"{name}" may hold letters, digits, spaces and ._-()&')
            if name is not None and name in seen:
                self.fail(f"{key}.name", f'"{name}" is used by another source')
            seen.add(name or "")
            url = self.string(sec, "url", f"{key}.url")
            if url is not None:
                parts = urlsplit(url)
                if parts.scheme not in ("http", "https") or not parts.hostname:
                    self.fail(f"{key}.url", f'"{url}" is not an http:// or https:// address')
            kind = self.string(sec, "kind", f"{key}.kind", "feed")
            if kind not in SOURCE_KINDS:
                self.fail(f"{key}.kind", f'"{kind}" is not one of {", ".join(SOURCE_KINDS)}')
            selectors = None
            if kind == "html":
                if "selectors" not in sec:
                    self.fail(
                        f"{key}.selectors", 'is required for kind = "html" (item, link, title)'
                    )
                else:
                    selectors = self.selectors(sec["selectors"], f"{key}.selectors")
            elif "selectors" in sec:
                self.fail(f"{key}.selectors", 'only applies to kind = "html"')
            fetch_article = sec.get("fetch_article")
            if fetch_article is not None and not isinstance(fetch_article, bool):
                self.fail(
                    f"{key}.fetch_article", f"must be true or false, not {_kind(fetch_article)}"
                )
                fetch_article = None
            news_search = sec.get("news_search")
            if news_search is not None and not isinstance(news_search, bool):
                self.fail(f"{key}.news_search", f"must be true or false, not {_kind(news_search)}")
                news_search = None
            interval = self.duration(sec.get("interval", "30m"), f"{key}.interval")
            language = self.string(sec, "language", f"{key}.language")
            enabled = sec.get("enabled", True)
            if not isinstance(enabled, bool):
                self.fail(f"{key}.enabled", f"must be true or false, not {_kind(enabled)}")
                enabled = True
            if name and url and kind and interval:
                out.append(
                    SourceConfig(
                        name,
                        url,
                        kind,
                        interval,
                        language,
                        enabled,
                        fetch_article,
                        selectors,
                        news_search,
                    )
                )
        return tuple(out)

    def duration(self, value: Any, key: str, allow_zero: bool = False) -> timedelta | None:
        if not isinstance(value, str):
            self.fail(key, f"must be a string like 15m or 2h, not {_kind(value)}")
            return None
        try:
            d = parse_duration(value, allow_zero=allow_zero)
        except ValueError:
            self.fail(key, f'"{value}" is not a duration like 15m or 2h')
            return None
        return d

    def topics_section(self, data: Any) -> tuple[TopicConfig, ...]:
        if not isinstance(data, list):
            self.fail("topics", "must be an array of tables ([[topics]])")
            return ()
        out: list[TopicConfig] = []
        seen: set[str] = set()
        for i, raw in enumerate(data):
            key = f"topics[{i}]"
            sec = self.table(
                raw,
                key,
                ("name", "title", "threshold", "title_weight", "rules"),
                ("name", "rules"),
            )
            if not sec:
                continue
            name = self.string(sec, "name", f"{key}.name")
            if name is not None and not re.match(r"^[a-z0-9][a-z0-9_-]*$", name):
                self.fail(f"{key}.name", f'"{name}" must be lower-case letters, digits, - or _')
            if name in seen:
                self.fail(f"{key}.name", f'"{name}" is used by another topic')
            seen.add(name or "")
            title = self.string(sec, "title", f"{key}.title", name or "")
            threshold = self.number(sec, "threshold", f"{key}.threshold", 1.0)
            title_weight = self.number(sec, "title_weight", f"{key}.title_weight", 2.0)
            rules = self.rules(sec.get("rules", []), f"{key}.rules")
            if name:
                out.append(TopicConfig(name, title or name, rules, threshold, title_weight))
        return tuple(out)

    def rules(self, data: Any, key: str) -> tuple[RuleConfig, ...]:
        if not isinstance(data, list) or not data:
            self.fail(key, "must be a non-empty array of tables ([[topics.rules]])")
            return ()
        out: list[RuleConfig] = []
        for i, raw in enumerate(data):
            rk = f"{key}[{i}]"
            sec = self.table(
                raw, rk, ("name", "any_of", "all_of", "none_of", "title_none_of", "weight", "alert")
            )
            if not sec:
                continue
            name = self.string(sec, "name", f"{rk}.name", f"rule {i}")
            any_of = self.terms(sec["any_of"], f"{rk}.any_of") if "any_of" in sec else ()
            none_of = self.terms(sec["none_of"], f"{rk}.none_of") if "none_of" in sec else ()
            title_none_of = (
                self.terms(sec["title_none_of"], f"{rk}.title_none_of")
                if "title_none_of" in sec
                else ()
            )
            all_of: tuple[tuple[str, ...], ...] = ()
            if "all_of" in sec:
                groups = sec["all_of"]
                if not isinstance(groups, list) or not all(
                    isinstance(g, list | dict) for g in groups
                ):
                    self.fail(f"{rk}.all_of", "must be a list of term lists, e.g. [[a, b], [c]]")
                else:
                    all_of = tuple(self.terms(g, f"{rk}.all_of[{j}]") for j, g in enumerate(groups))
            if not any_of and not all_of:
                self.fail(rk, "needs any_of or all_of terms")
            weight = self.number(sec, "weight", f"{rk}.weight", 1.0)
            alert = sec.get("alert", False)
            if not isinstance(alert, bool):
                self.fail(f"{rk}.alert", f"must be true or false, not {_kind(alert)}")
                alert = False
            out.append(RuleConfig(name, any_of, all_of, none_of, weight, alert, title_none_of))
        return tuple(out)

    def digest_section(self, data: Any) -> DigestConfig:
        sec = self.table(data, "digest", ("recipients", "sender", "subject", "schedule"))
        d = DigestConfig()
        recipients = sec.get("recipients", [])
        if not isinstance(recipients, list) or not all(isinstance(r, str) for r in recipients):
            self.fail("digest.recipients", "must be a list of e-mail addresses")
            recipients = []
        for j, r in enumerate(recipients):
            if not _valid_address(r):
                self.fail(
                    f"digest.recipients[{j}]",
                    f"{_quoted(r)} is not an e-mail address (one per entry)",
                )
                continue
            key = f"digest.recipients[{j}]"
            first = self.recipient_keys.setdefault(bare_address(r), key)
            if first != key:
                self.fail(key, f'"{r}" is the same person as {first} (one entry per address)')
        sender = self.string(sec, "sender", "digest.sender", d.sender)
        if not _valid_address(sender):
            self.fail(
                "digest.sender", f"{_quoted(sender)} is not an e-mail address (one per entry)"
            )
        subject = self.string(sec, "subject", "digest.subject", d.subject)
        problem = _subject_problem(subject)
        if problem:
            self.fail("digest.subject", problem)
        schedule = self.string(sec, "schedule", "digest.schedule", d.schedule)
        try:
            if schedule != d.schedule:  # the default is valid; checking loads APScheduler
                from monitor.cron import validate_cron

                validate_cron(schedule)
        except ValueError as exc:
            self.fail("digest.schedule", f'"{schedule}" is not a cron expression ({exc})')
        return DigestConfig(tuple(recipients), sender, subject, schedule)

    def smtp_section(self, data: Any) -> SmtpConfig | None:
        sec = self.table(data, "smtp", ("url", "timeout"))
        url = self.env.get("MONITOR_SMTP_URL") or self.string(sec, "url", "smtp.url")
        timeout = self.number(sec, "timeout", "smtp.timeout", 30.0)
        if url is None:
            return None
        try:
            return _replace_timeout(parse_smtp_url(url), timeout)
        except ValueError as exc:
            shown = _hide_password(url)
            self.fail("smtp.url", f'"{shown}" {exc}')
            return None


def _replace_timeout(smtp: SmtpConfig, timeout: float) -> SmtpConfig:
    from dataclasses import replace

    return replace(smtp, timeout=timeout)


def _hide_password(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        return url.replace(f":{parts.password}@", ":***@")
    return url


def resolve_sqlite_url(url: str, base: Path) -> str:
    """Relative SQLite paths resolve against the config file's folder, not the working dir."""
    prefix = "sqlite:///"
    if not url.startswith(prefix) or url == "sqlite:///:memory:":
        return url
    rest = url[len(prefix) :]
    if rest.startswith("/"):
        return url
    return prefix + str((base / rest).resolve())


def _css_problem(selector: str) -> str | None:
    import soupsieve

    try:
        soupsieve.compile(selector)
    except (soupsieve.SelectorSyntaxError, ValueError) as exc:
        return str(exc).splitlines()[0]
    return None


def _kind(value: Any) -> str:
    names: dict[type, str] = {
        str: "a string",
        int: "a number",
        float: "a number",
        bool: "a boolean",
        list: "an array",
        dict: "a table",
    }
    return names.get(type(value), type(value).__name__)
