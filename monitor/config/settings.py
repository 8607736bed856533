"""The typed settings sources.toml means: one frozen dataclass per table, ``Config`` for the file.

Everything here is already checked (monitor.config.check and its sections made it), so the rest
of the monitor reads plain attributes and never a raw TOML value. Adding a key: its field here,
its check in monitor/config/sections/<table>.py, its test in tests/test_config.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from monitor.addresses import Allowance
from monitor.config.values import bare_address, cadence_cron

DEFAULT_STORAGE_URL = "sqlite:///storage/archive.db"
DEFAULT_TIMEZONE = "Europe/Oslo"
DEFAULT_USER_AGENT = "HighNorthMonitor/0.1 (+https://github.com/high-north-monitor)"


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
