"""Who gets which items, when: digests, "nothing new" mails, immediate alerts, webhooks.

The guarantee (README, "Delivery"): an item is recorded as sent to an address only after the
mail server (or webhook) accepted the message, in one transaction with the whole message; the
record's key is (address, item), so nothing is recorded twice. A failed send marks nothing: a
temporary failure (4xx, a dropped connection, a timeout) is retried with back-off, a rejected
address is reported and retried only at its next scheduled digest, and other subscribers are
not held up. The one window for a duplicate is a crash after the server accepted and before the
commit: that one message may arrive twice; never more.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import httpx

from monitor import metrics
from monitor.config import Config, SubscriberConfig, WebhookConfig
from monitor.deliver import chat, unsubscribe
from monitor.deliver.mail import build_digest, send, writable
from monitor.deliver.writable import safe, skipped, web_link
from monitor.errors import DeliveryError, MonitorError
from monitor.health import failing_sources
from monitor.store import Store, StoredItem, subscriber_key, webhook_key
from monitor.text import one_line

log = logging.getLogger("monitor.digest")

RETRY_FIRST = timedelta(minutes=1)
RETRY_MAX = timedelta(hours=1)
NOTHING_NEW_GAP = timedelta(hours=20)  # one "nothing new" mail a day, however often run


@dataclass
class DigestOutcome:
    recipient: str
    items: int
    sent: bool = False
    error: str | None = None
    message: EmailMessage | None = None
    skipped: str | None = None

    def line(self) -> str:
        if self.skipped:
            return f"{self.recipient}: {self.skipped}"
        if self.error:
            kept = f"{self.items} items kept for the next run"
            return f"{self.recipient}: not sent ({kept}): {self.error}"
        if self.items == 0 and self.message is None:
            return f"{self.recipient}: nothing new"
        what = f"{self.items} items" if self.items else "a 'nothing new' note"
        return f"{self.recipient}: {'sent' if self.sent else 'would send'} {what}"


def backoff(attempts: int) -> timedelta:
    return min(RETRY_FIRST * (2 ** max(attempts - 1, 0)), RETRY_MAX)


def run_digest(
    config: Config,
    store: Store,
    now: datetime,
    *,
    dry_run: bool = False,
    subscriber: str | None = None,
    retry_only: bool = False,
    alerts: bool = False,
) -> list[DigestOutcome]:
    """Send what is due. ``alerts``: the immediate subscribers' alert mails (after a poll);
    ``retry_only``: only subscribers whose last send failed temporarily and whose back-off is
    over; ``subscriber``: one person (dry runs preview exactly their mail)."""
    if subscriber is not None:
        subs = [config.subscriber(subscriber)]
    else:
        subs = [s for s in config.all_subscribers() if s.immediate == alerts]
    failing = failing_sources(config, store, now)
    key = unsubscribe.signing_key(config, store) if subs else b""
    outcomes = []
    for sub in subs:
        try:
            outcomes.append(
                _one(config, store, sub, now, failing, key, dry_run=dry_run, retry_only=retry_only)
            )
        except MonitorError:
            raise  # the archive is unusable: the caller says so, once
        except Exception as exc:  # one subscriber's mail never holds up the others
            log.error("mail to %s not sent: %s: %s", sub.address, type(exc).__name__,
                      one_line(str(exc)))  # fmt: skip
            outcomes.append(
                DigestOutcome(sub.address, 0, error=f"internal error: {type(exc).__name__}")
            )
    return outcomes


def _one(
    config: Config,
    store: Store,
    sub: SubscriberConfig,
    now: datetime,
    failing: list,  # type: ignore[type-arg]
    signing: bytes,
    *,
    dry_run: bool,
    retry_only: bool,
) -> DigestOutcome:
    address = subscriber_key(sub.address)
    outcome = DigestOutcome(sub.address, 0)
    state = store.subscriber_state(address)
    if state is not None and state.unsubscribed_at is not None:
        outcome.skipped = "unsubscribed"
        return outcome
    if retry_only and not (
        state is not None
        and state.attempts
        and not state.rejected
        and (state.next_attempt is None or state.next_attempt <= now)
    ):
        outcome.skipped = "nothing to retry"
        return outcome
    since = (state.since if state else None) if dry_run else store.ensure_subscriber(address, now)
    items = store.undelivered(address, since or now, topics=sub.topics, alerts_only=sub.immediate)
    items = writable(items, "mail", ZoneInfo(sub.timezone))
    outcome.items = len(items)
    if not items:
        if retry_only and not dry_run:
            store.clear_retry(address)  # what failed was delivered meanwhile (another worker)
            return outcome
        last = state.last_sent if state else None
        wants_note = sub.nothing_new == "send" and not sub.immediate and not retry_only
        if not wants_note or (last is not None and now - last < NOTHING_NEW_GAP):
            return outcome
    link = unsubscribe.link(config, signing, address)
    copies = store.copies_of(i.id for i in items)
    msg = build_digest(config, sub, items, now, failing, copies, link, alert=sub.immediate)
    outcome.message = msg
    if dry_run:
        return outcome
    if config.smtp is None:
        outcome.error = "no [smtp] url configured (or MONITOR_SMTP_URL)"
        return outcome
    try:
        send(config.smtp, msg, sub.address)
    except DeliveryError as exc:
        outcome.error = str(exc)
        attempts = (state.attempts if state else 0) + 1
        retry = None if exc.permanent else now + backoff(attempts)
        store.record_send_failure(address, str(exc), permanent=exc.permanent, next_attempt=retry)
        metrics.MAILS.labels("failed").inc()
        log.warning("mail to %s not sent: %s", sub.address, exc)
        return outcome
    store.mark_delivered(address, [i.id for i in items], str(msg["Message-ID"]), now)
    outcome.sent = True
    metrics.MAILS.labels("sent").inc()
    log.info("mail with %d items sent to %s", len(items), sub.address)
    return outcome


def _webhook_parts(
    items: list[StoredItem], config: Config
) -> tuple[list[StoredItem], dict[str, object]]:
    """The items that could be written, and the JSON body: ``text`` for chat tools, escaped for
    them (monitor.deliver.chat: no mention, command or disguised link from an outlet's title);
    ``items`` as data for automation."""
    titles = {t.name: t.title for t in config.topics}
    sent, lines, entries = [], [], []
    for i in items:
        try:
            url = web_link(i.url)
            line = f"{chat.escape(i.title)} ({chat.escape(i.source)}) {chat.escape(url)}".strip()
            entry = {
                "title": safe(i.title),
                "url": url,
                "outlet": safe(i.source),
                "published": i.when.isoformat(),
                "topics": [{"name": t, "title": titles.get(t, t)} for t in i.topics],
                "story": f"story-{i.story_id or i.id}",
            }
            json.dumps(entry, ensure_ascii=False).encode("utf-8")
        except Exception as exc:  # one item never stops the post
            skipped("webhook", i, exc)
            continue
        sent.append(i)
        lines.append(line)
        entries.append(entry)
    return sent, {"text": "\n".join(lines), "items": entries}


def webhook_payload(items: list[StoredItem], config: Config) -> dict[str, object]:
    return _webhook_parts(items, config)[1]


def webhook_label(url: str) -> str:
    """How a webhook is named in logs and command output: scheme, host and port, and the start
    of the key (the path and query are where the secret is)."""
    parts = urlsplit(url)
    host = parts.hostname or "?"
    if ":" in host:
        host = f"[{host}]"
    try:
        port = f":{parts.port}" if parts.port else ""
    except ValueError:  # not a port number: the request will fail and say so
        port = ""
    return f"{parts.scheme}://{host}{port}/… ({webhook_key(url).rsplit(':', 1)[1][:8]})"


def run_webhooks(config: Config, store: Store, now: datetime) -> list[DigestOutcome]:
    """POST the new alert items to each webhook as JSON ("text" for chat tools, "items" for
    automation); recorded like mail, so a hook never gets the same item twice. One hook's
    failure, however unexpected, does not hold up the others."""
    outcomes = []
    for hook in config.webhooks:
        try:
            outcomes.append(_hook(config, store, hook, now))
        except Exception as exc:
            label = webhook_label(hook.url)
            log.error("webhook %s: not sent: %s: %s", label, type(exc).__name__, one_line(str(exc)))
            outcomes.append(DigestOutcome(label, 0, error=f"internal error: {type(exc).__name__}"))
    return outcomes


def _hook(config: Config, store: Store, hook: WebhookConfig, now: datetime) -> DigestOutcome:
    address = store.webhook_subscriber(hook.url)
    outcome = DigestOutcome(webhook_label(hook.url), 0)
    state = store.subscriber_state(address)
    if state is not None and state.next_attempt is not None and state.next_attempt > now:
        outcome.skipped = "waiting to retry"
        return outcome
    since = store.ensure_subscriber(address, now)
    items, payload = _webhook_parts(
        store.undelivered(address, since, topics=hook.topics, alerts_only=True), config
    )
    outcome.items = len(items)
    if not items:
        return outcome
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    try:
        response = httpx.post(
            hook.url,
            content=body,
            headers={"Content-Type": "application/json", "User-Agent": config.user_agent},
            timeout=15,
        )
        ok = 200 <= response.status_code < 300
        error = None if ok else f"HTTP {response.status_code}"
    except httpx.HTTPError as exc:
        # httpx names the URL in some messages: the hook's secret must not reach the log
        ok, error = False, type(exc).__name__ + ": " + str(exc).replace(hook.url, "…")
    if not ok:
        attempts = (state.attempts if state else 0) + 1
        store.record_send_failure(
            address, error or "", permanent=False, next_attempt=now + backoff(attempts)
        )
        outcome.error = error
        return outcome
    store.mark_delivered(address, [i.id for i in items], f"webhook {now.isoformat()}", now)
    outcome.sent = True
    return outcome
