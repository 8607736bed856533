"""Load and validate sources.toml into typed, frozen settings.

Everything is checked before anything runs: a user who mistypes a key learns it at start-up
with the key's path and the problem, not a week later from a digest that never came. Unknown keys
are errors for the same reason. The key names are a contract other tools rely on: extend, never
rename.

The package's parts:
- settings.py: what the file means, one frozen dataclass per table (``Config`` for the file);
- load.py: where the file is and reading it (``config_path``, ``load_config``);
- check.py: the validator core (``Checker``: fail, table, string, number, flag) and the order
  the tables are checked in;
- values.py: value checkers the tables share (durations, cadences, addresses, terms, CSS);
- sections/<table>.py: one checker per TOML table ([fetch] in sections/fetch.py, …).

Callers import from ``monitor.config``; the names below are its public interface.
"""

from monitor.config.load import DEFAULT_CONFIG, config_path, load_config
from monitor.config.sections.delivery import JUDGEMENT_SCOPES
from monitor.config.sections.notify import NOTIFY_KINDS
from monitor.config.sections.smtp import parse_smtp_url
from monitor.config.sections.sources import SOURCE_KINDS
from monitor.config.sections.subscribers import CADENCE_HELP, DATE_LANGUAGES
from monitor.config.settings import (
    DEFAULT_STORAGE_URL,
    DEFAULT_TIMEZONE,
    DEFAULT_USER_AGENT,
    Config,
    DeliveryConfig,
    DigestConfig,
    FetchConfig,
    NotifyConfig,
    RuleConfig,
    Selectors,
    ServerConfig,
    SmtpConfig,
    SourceConfig,
    SubscriberConfig,
    TopicConfig,
    WebhookConfig,
)
from monitor.config.values import (
    TERM_LANGUAGES,
    bare_address,
    cadence_cron,
    format_duration,
    parse_duration,
    resolve_sqlite_url,
)

__all__ = [
    "CADENCE_HELP",
    "DATE_LANGUAGES",
    "DEFAULT_CONFIG",
    "DEFAULT_STORAGE_URL",
    "DEFAULT_TIMEZONE",
    "DEFAULT_USER_AGENT",
    "JUDGEMENT_SCOPES",
    "NOTIFY_KINDS",
    "SOURCE_KINDS",
    "TERM_LANGUAGES",
    "Config",
    "DeliveryConfig",
    "DigestConfig",
    "FetchConfig",
    "NotifyConfig",
    "RuleConfig",
    "Selectors",
    "ServerConfig",
    "SmtpConfig",
    "SourceConfig",
    "SubscriberConfig",
    "TopicConfig",
    "WebhookConfig",
    "bare_address",
    "cadence_cron",
    "config_path",
    "format_duration",
    "load_config",
    "parse_duration",
    "parse_smtp_url",
    "resolve_sqlite_url",
]
