"""[[notify]] channels: alert items, or a short digest text, to chat and push services through
Apprise (one URL per channel: Slack, Teams, Telegram, Matrix, Mattermost, ntfy, json://…).

Delivery is the webhooks' and the mail's (monitor.deliver.digest): each (channel, item) key is
claimed in the archive before the message goes out, Apprise's "sent" (the service's 2xx) is the
moment of truth, a failure gives the claim back and the channel waits 1 minute, 2, 4 … up to an
hour (``backoff``) while the minutely retry round keeps trying; what the channel was owed is
sent once, at the first attempt after it is back.

Outlet text is escaped for the channel it goes to (``escape``): the title of a hostile feed must
not mention everyone, run a command or hide a link in any of them. Apprise is imported here
only, when a channel is checked or sent to, so commands that never deliver do not load its 100+
service plugins.
"""

from __future__ import annotations

import functools
import html
import logging
import re
import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy.exc import SQLAlchemyError

from monitor import metrics
from monitor.config import Config, NotifyConfig
from monitor.deliver import chat
from monitor.deliver.digest import DigestOutcome, _reason, _record, backoff, record_pending, sync
from monitor.deliver.writable import safe, skipped, web_link
from monitor.redact import hide, redact
from monitor.store import Store, StoredItem
from monitor.text import one_line

if TYPE_CHECKING:
    from apprise import Apprise

log = logging.getLogger("monitor.notify")

ALERT_ITEMS = 20  # items per alert message; more wait for the next message of the same round
ALERT_MESSAGES = 5  # messages per channel and round: a backlog drains over a few minutes
DIGEST_LINES = 15  # a chat room's digest lists these, then counts the rest
# Generic receivers (automation, not people): the text is data and stays as written.
DATA_SCHEMES = frozenset({"json", "jsons", "form", "forms", "xml", "xmls"})
# Slack-compatible incoming webhooks that read <!channel>, <url|label> and &lt; in any text,
# whatever format Apprise declares for them: escaped as [[webhooks]] text is (monitor.deliver.chat).
SLACK_LIKE = frozenset({"mmost", "mmosts", "rocket", "rockets"})
_MARKDOWN = re.compile(r"([\\`*_~\[\]()<>#|!])")
_URL_UNSAFE = {ord("<"): "%3C", ord(">"): "%3E", ord('"'): "%22", ord("`"): "%60"}


def channel_label(channel: NotifyConfig) -> str:
    """How a channel is named in logs, command output and /metrics: its scheme and the start
    of its archive key (the rest of an Apprise URL is where its secret is)."""
    return f"{channel.scheme}://… ({channel.address.rsplit(':', 1)[1][:8]})"


# -- escaping: pure ----------------------------------------------------------------------------


def style_of(scheme: str, formats: tuple[str, ...]) -> str:
    """How outlet text is made inert for a channel: "data" (generic receivers: as written),
    "slack" (Slack-compatible webhooks: monitor.deliver.chat), "html", "markdown" (any service
    that renders Markdown, even when its first format is text: Discord, Matrix, Slack), or
    "text". ``formats``: the Apprise plugin's formats, its default first."""
    if scheme in DATA_SCHEMES:
        return "data"
    if scheme in SLACK_LIKE:
        return "slack"
    if formats and formats[0] == "html":
        return "html"
    if "markdown" in formats:
        return "markdown"
    return "text"


def body_format(style: str) -> str:
    """The Apprise body format of text escaped in ``style``: Apprise then sends it as it is
    (same format) or translates it faithfully (Slack's own escapes from Markdown's)."""
    return {"html": "html", "markdown": "markdown"}.get(style, "text")


def escape(style: str, text: str | None) -> str:
    """One line of outlet text that the channel shows as typed: no mention (a zero-width space
    follows every "@": Discord's plugin would otherwise allow @everyone it finds in the text),
    no markup, no command, no disguised link."""
    line = one_line(safe(text))
    if style == "data":
        return line
    if style == "slack":
        return chat.escape(line)
    line = line.replace("@", "@" + chat.ZWSP)
    if style == "html":
        return html.escape(line, quote=False)
    if style == "markdown":
        return _MARKDOWN.sub(r"\\\1", line)
    return line


def link(style: str, url: str) -> str:
    """The item's own address, shown in full (never behind a label)."""
    if style == "html":
        return html.escape(url)
    if style == "markdown":
        return f"<{url.translate(_URL_UNSAFE)}>"  # an autolink: no "_" or "*" read as markup
    if style == "slack":
        return chat.escape(url)
    return url


def render(
    items: list[StoredItem], style: str, config: Config, *, limit: int | None = None
) -> tuple[list[StoredItem], str]:
    """The items that could be written, and the message body: one line per item, title and
    outlet escaped for the channel, then the link. ``limit``: list only so many and count the
    rest (a chat room's digest)."""
    sent: list[StoredItem] = []
    lines: list[str] = []
    bullet = "- " if style == "markdown" else "• "
    for i in items:
        try:
            url = web_link(i.url)
            line = f"{bullet}{escape(style, i.title)} ({escape(style, i.source)})"
            if url:
                line += " " + link(style, url)
            line.encode("utf-8")
        except Exception as exc:  # one item never stops the message
            skipped("notify", i, exc)
            continue
        sent.append(i)
        if limit is None or len(lines) < limit:
            lines.append(line)
    if limit is not None and len(sent) > limit:
        more = f"… and {len(sent) - limit} more: {config.feed_link}"
        lines.append(escape(style, more) if style != "data" else more)
    return sent, "\n".join(lines)


# -- Apprise, at the edge ----------------------------------------------------------------------


def _apprise(config: Config, channel: NotifyConfig) -> tuple[Apprise, Any, str]:
    """The channel's Apprise object, its one service and the service's scheme. A URL (or
    config file) Apprise cannot use raises ValueError naming no secret."""
    import apprise

    hide(*channel.secrets)
    asset = apprise.AppriseAsset(
        app_id=config.feed_title,
        app_desc="High North news monitor",
        app_url=config.feed_link,
        storage_mode="memory",  # nothing written under the service user's home
    )
    if channel.config_file is not None:
        return _from_file(asset, channel.config_file)
    service = apprise.Apprise.instantiate(channel.url, asset=asset)
    if service is None:
        raise ValueError(_unusable(channel))
    obj = apprise.Apprise(asset=asset)
    obj.add(service)
    return obj, service, channel.scheme


def _from_file(asset: Any, path: Any) -> tuple[Apprise, Any, str]:
    """Apprise's own config file (text or YAML: the secret stays in a file only the service
    user reads), read once per round; it must hold exactly one URL Apprise can use."""
    import apprise

    conf = apprise.AppriseConfig(asset=asset)
    conf.add(str(path))
    found = apprise.Apprise(asset=asset)
    found.add(conf)
    services = [found[i] for i in range(len(found))]
    if len(services) != 1:
        n = len(services)
        raise ValueError(f"{path} holds {n} URLs Apprise can use, not one (one channel "
                         "per [[notify]]; Apprise's log line above says why)")  # fmt: skip
    obj = apprise.Apprise(asset=asset)
    obj.add(services[0])
    return obj, services[0], services[0].url(privacy=True).split("://", 1)[0].lower()


def _formats(service: Any) -> tuple[str, ...]:
    declared = service.notify_format
    seq = declared if isinstance(declared, tuple | list) else (declared,)
    return tuple(str(getattr(f, "value", f)) for f in seq)


@functools.cache
def _known_schemes() -> dict[str, str]:
    """Scheme -> service name. Apprise's details() takes about a second (every plugin's
    template): asked only to explain a URL Apprise refused, and once per process."""
    import apprise

    out: dict[str, str] = {}
    for entry in apprise.Apprise().details()["schemas"]:
        for key in ("protocols", "secure_protocols"):
            found = entry.get(key) or ()
            for scheme in (found,) if isinstance(found, str) else found:
                out[str(scheme).lower()] = str(entry.get("service_name", scheme))
    return out


def _unusable(channel: NotifyConfig) -> str:
    known = _known_schemes()
    if channel.scheme not in known:
        return (f'unknown scheme "{channel.scheme}://" (Apprise knows {len(known)}, e.g. '
                "slack, msteams, tgram, matrix, mmost, ntfy, json; see README)")  # fmt: skip
    service = known[channel.scheme]
    return (f"not a usable {service} URL ({channel.scheme}://…): a part is missing or "
            "malformed, see the service's page in the Apprise documentation")  # fmt: skip


def problems(config: Config) -> list[str]:
    """One "notify[i].url: …" line per channel Apprise cannot use (``monitor check-config``
    and the service's start): an unknown scheme, or a known one with a part missing."""
    out = []
    for channel in config.notify:
        hide(*channel.secrets)
        try:
            _apprise(config, channel)
        except ValueError as exc:
            out.append(f"{channel.key}.{'config' if channel.config_file else 'url'}: {exc}")
    return out


# -- sending -----------------------------------------------------------------------------------


def run_notify(
    config: Config, store: Store, now: datetime, *, kind: str = "alerts", retry_only: bool = False
) -> list[DigestOutcome]:
    """Send what the channels of ``kind`` are owed: "alerts" after each poll and every minute,
    "digest" at the digest's schedule (``retry_only``: the ones whose last try failed and whose
    back-off is over). One channel's failure, however unexpected, does not hold up the others."""
    channels = [c for c in config.notify if c.kind == kind]
    if not channels:
        return []
    record_pending(store)
    sync(config, store, now)
    outcomes = []
    for channel in channels:
        label = channel_label(channel)
        try:
            outcomes.extend(_channel(config, store, channel, now, retry_only=retry_only))
        except SQLAlchemyError as exc:  # nothing was sent: it stays owed
            outcomes.append(DigestOutcome(label, 0, error=f"archive unavailable: {_reason(exc)}"))
        except Exception as exc:
            reason = redact(one_line(f"{type(exc).__name__}: {exc}"))
            log.error("notify %s: not sent: %s", label, reason)
            outcomes.append(DigestOutcome(label, 0, error=reason))
    return outcomes


def _channel(
    config: Config, store: Store, channel: NotifyConfig, now: datetime, *, retry_only: bool
) -> list[DigestOutcome]:
    address, label = channel.address, channel_label(channel)
    state = store.subscriber_state(address)
    if retry_only and not (state is not None and state.attempts):
        return [DigestOutcome(label, 0, skipped="nothing to retry")]
    if state is not None and state.next_attempt is not None and state.next_attempt > now:
        return [DigestOutcome(label, 0, skipped="waiting to retry")]
    obj, service, scheme = _apprise(config, channel)
    style = style_of(scheme, _formats(service))
    since = store.ensure_subscriber(address, now)
    alerts = channel.kind == "alerts"
    outcomes: list[DigestOutcome] = []
    for _ in range(ALERT_MESSAGES if alerts else 1):
        owed = store.undelivered(address, since, topics=channel.topics, alerts_only=alerts)
        if alerts:
            owed = owed[::-1][:ALERT_ITEMS]  # oldest first: a backlog goes out in order
        outcome = _send(config, store, channel, obj, style, owed, now, state)
        if outcome.items or not outcomes:  # not the empty look after the last message
            outcomes.append(outcome)
        if not outcome.sent or not alerts:
            break
        state = None  # sent: the retry state was reset with the record
    return outcomes


def _send(
    config: Config,
    store: Store,
    channel: NotifyConfig,
    obj: Apprise,
    style: str,
    owed: list[StoredItem],
    now: datetime,
    state: Any,
) -> DigestOutcome:
    address, label = channel.address, channel_label(channel)
    limit = None if channel.kind == "alerts" else DIGEST_LINES
    outcome = DigestOutcome(label, 0)
    items, _ = render(owed, style, config, limit=limit)
    if not items:
        return outcome
    message_id = f"notify {now.isoformat()} {uuid.uuid4().hex[:8]}"
    claimed = set(store.claim_delivery(address, [i.id for i in items], message_id))
    items, body = render([i for i in items if i.id in claimed], style, config, limit=limit)
    outcome.items = len(items)  # another sender has the others
    if not items:
        return outcome
    ids = [i.id for i in items]
    what = "alert" if channel.kind == "alerts" else "new item"
    title = f"{config.feed_title}: {len(items)} {what}{'s' if len(items) != 1 else ''}"
    error = _deliver(obj, title, body, style)
    if error is not None:
        store.release_claim(address, ids, message_id)  # not accepted: owed again
        attempts = (state.attempts if state else 0) + 1
        store.record_send_failure(
            address, error, permanent=False, next_attempt=now + backoff(attempts)
        )
        metrics.NOTIFICATIONS.labels(label, "failed").inc()
        log.warning("notify %s: not sent (%d items kept): %s", label, len(ids), error)
        outcome.error = error
        return outcome
    _record(store, address, ids, message_id, now)  # accepted: sent, whatever happens next
    metrics.NOTIFICATIONS.labels(label, "sent").inc()
    log.info("notify %s: %d items sent", label, len(ids))
    outcome.sent = True
    return outcome


def _deliver(obj: Apprise, title: str, body: str, style: str) -> str | None:
    """None when the service accepted the message, else why not (from Apprise's own warnings,
    with any secret removed)."""
    import apprise

    try:
        with apprise.LogCapture(level=logging.WARNING, fmt="%(message)s") as captured:
            ok = obj.notify(body=body, title=title, body_format=body_format(style))
    except Exception as exc:  # a plugin's bug: the claim must be given back all the same
        return redact(one_line(f"{type(exc).__name__}: {exc}"))[:300]
    if ok:
        return None
    said = [line.strip() for line in captured.getvalue().splitlines() if line.strip()]
    reason = said[-1] if said else "the service did not accept the message"
    return redact(one_line(reason))[:300]
