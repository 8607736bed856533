"""[smtp]: the mail server, one URL ($MONITOR_SMTP_URL first) and a timeout."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from monitor.config.settings import SmtpConfig
from monitor.config.values import hide_password

if TYPE_CHECKING:
    from monitor.config.check import Checker


def check(c: Checker, data: Any) -> SmtpConfig | None:
    sec = c.table(data, "smtp", ("url", "timeout"))
    url = c.env.get("MONITOR_SMTP_URL") or c.string(sec, "url", "smtp.url")
    timeout = c.number(sec, "timeout", "smtp.timeout", 30.0)
    if url is None:
        return None
    try:
        return replace(parse_smtp_url(url), timeout=timeout)
    except ValueError as exc:
        c.fail("smtp.url", f'"{hide_password(url)}" {exc}')
        return None


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
