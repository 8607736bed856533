"""Who gets which items, when: digests, "nothing new" mails, immediate alerts, webhooks.

The guarantee (docs/architecture.md): each (address, item) key is claimed in the archive before
its message goes out, so a second sender (another worker, a CLI run, a worker whose lease ran
out) finds it taken and leaves the item out. The server's acceptance (250 to DATA, a 2xx from
a webhook) is the moment of truth: the claim then becomes "sent"; if recording that fails (a
locked archive, a full disk) the record is retried, never the sending. A send that fails
before acceptance gives the claim back: a temporary failure (4xx, a dropped connection, a
timeout) is retried with back-off, a rejected address is reported and retried only at its next
scheduled digest, and other subscribers are not held up. The one window for a duplicate is a
process that dies after the server accepted and never records it: its claim is given up once
its heartbeat has run out (within a minute; Store STALE_CLAIM, 6 hours, for a sender that kept
none) and that one message may arrive twice; never more.
"""

from __future__ import annotations

import json
import logging
import threading
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from sqlalchemy.exc import SQLAlchemyError

from monitor import judgements, metrics
from monitor.config import Config, SubscriberConfig, WebhookConfig
from monitor.deliver import chat, feedback_links, unsubscribe
from monitor.deliver.writable import safe, skipped, web_link
from monitor.errors import DeliveryError, MonitorError
from monitor.health import FailingSource, failing_sources
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
    respect_backoff: bool = False,
) -> list[DigestOutcome]:
    """Send what is due. ``alerts``: the immediate subscribers' alert mails (after a poll);
    ``retry_only``: only subscribers whose last send failed temporarily and whose back-off is
    over; ``respect_backoff``: leave out whoever failed and waits (the minutely round of
    alerts); ``subscriber``: one person (dry runs preview exactly their mail)."""
    if subscriber is not None:
        subs = [config.subscriber(subscriber)]
    else:
        subs = [s for s in config.all_subscribers() if s.immediate == alerts]
    if not dry_run:
        record_pending(store)
        sync(config, store, now)
    failing = failing_sources(config, store, now)
    key = unsubscribe.signing_key(config, store) if subs else b""
    outcomes = []
    for sub in subs:
        try:
            one = _one(config, store, sub, now, failing, key, dry_run=dry_run,
                       retry_only=retry_only, respect_backoff=respect_backoff)  # fmt: skip
            outcomes.append(one)
        except SQLAlchemyError as exc:  # nothing was sent: it stays owed
            outcome = DigestOutcome(sub.address, 0, error=f"archive unavailable: {_reason(exc)}")
            log.warning("mail to %s not sent: %s", sub.address, outcome.error)
            outcomes.append(outcome)
        except MonitorError:
            raise  # the archive is unusable: the caller says so, once
        except Exception as exc:  # one subscriber's mail never holds up the others
            log.error("mail to %s not sent: %s: %s", sub.address, type(exc).__name__,
                      one_line(str(exc)))  # fmt: skip
            outcomes.append(
                DigestOutcome(sub.address, 0, error=f"internal error: {type(exc).__name__}")
            )
    return outcomes


def sync(config: Config, store: Store, now: datetime) -> None:
    """ "From then on" for every change of who gets what (Store.sync_subscribers)."""
    profiles: dict[str, tuple[Sequence[str], bool]] = {
        subscriber_key(s.address): (s.topics, s.immediate) for s in config.all_subscribers()
    }
    for hook in config.webhooks:
        profiles[store.webhook_subscriber(hook.url)] = (hook.topics, True)
    for channel in config.notify:  # [[notify]]: monitor.deliver.notify
        profiles[channel.address] = (channel.topics, channel.kind == "alerts")
    for address, n in store.sync_subscribers(profiles, now).items():
        log.info("%s: %d earlier items not owed after the change of what it gets", address, n)


@dataclass
class _Pending:
    """A message the server accepted whose record failed: recorded again, never re-sent."""

    url: str
    address: str
    item_ids: list[int]
    message_id: str
    when: datetime


_PENDING: list[_Pending] = []
_PENDING_LOCK = threading.Lock()


def _record(store: Store, address: str, ids: list[int], message_id: str, now: datetime) -> bool:
    try:
        store.mark_delivered(address, ids, message_id, now)
        return True
    except SQLAlchemyError as exc:
        log.warning("%s: accepted by the server but not recorded yet (%s): the record is retried, "
                    "the message is not sent again", address, _reason(exc))  # fmt: skip
        with _PENDING_LOCK:
            _PENDING.append(_Pending(store.url, address, ids, message_id, now))
        return False


def record_pending(store: Store) -> int:
    """Record what was accepted but not recorded (in this process); returns how many are
    still waiting. Their claims keep the items from being sent again meanwhile. Every round
    starts here, so it also gives up the claims of senders that died mid-send."""
    with _PENDING_LOCK:
        waiting = [p for p in _PENDING if p.url == store.url]
        for p in waiting:
            try:
                store.mark_delivered(p.address, p.item_ids, p.message_id, p.when)
            except SQLAlchemyError:
                continue
            _PENDING.remove(p)
            log.info("%s: delivery of %s recorded", p.address, p.message_id)
        left = len([p for p in _PENDING if p.url == store.url])
    try:  # then the claims of senders that died mid-send: their items are owed again
        store.give_up_dead_claims()
    except SQLAlchemyError as exc:  # the round itself says what is wrong with the archive
        log.warning("dead senders' claims not looked at: %s", _reason(exc))
    return left


def _reason(exc: SQLAlchemyError) -> str:
    return " ".join(str(getattr(exc, "orig", None) or exc).split())[:300]


def _one(
    config: Config,
    store: Store,
    sub: SubscriberConfig,
    now: datetime,
    failing: list[FailingSource],
    signing: bytes,
    *,
    dry_run: bool,
    retry_only: bool,
    respect_backoff: bool = False,
) -> DigestOutcome:
    # The mail stack (jinja2, smtplib) is loaded when a digest is built, not by every poll
    # that imports this module for sync(): a poll from cron pays for each import.
    from monitor.deliver.mail import build_digest, send, writable

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
    if (
        respect_backoff
        and state is not None
        and state.attempts
        and (state.rejected or (state.next_attempt is not None and state.next_attempt > now))
    ):
        outcome.skipped = "waiting to retry"
        return outcome
    since = (state.since if state else None) if dry_run else store.ensure_subscriber(address, now)
    items = store.undelivered(address, since or now, topics=sub.topics, alerts_only=sub.immediate)
    near: list[StoredItem] = []
    if not sub.immediate:  # the subscriber's own examples, and the near misses since last time
        window = (state.last_sent if state else None) or since or now
        view = judgements.personal_view(config, store, sub, address, items, window)
        items, near = view.items, view.near[: judgements.NEAR_MISSES_SHOWN]
        if view.dropped and not dry_run:
            store.skip_items(address, view.dropped, now)
        near = writable(near, "mail", ZoneInfo(sub.timezone)) if sub.near_misses else []
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
    judge = feedback_links.linker(config, signing, address)
    copies = store.copies_of(i.id for i in items)
    msg = build_digest(config, sub, items, now, failing, copies, link, alert=sub.immediate,
                       judge=judge, near=near)  # fmt: skip
    outcome.message = msg
    if dry_run:
        return outcome
    if config.smtp is None:
        outcome.error = "no [smtp] url configured (or MONITOR_SMTP_URL)"
        return outcome
    message_id = str(msg["Message-ID"])
    # Near misses shown are keyed like the items: never shown twice, and one promoted from
    # this mail ("more like this") is not sent to this subscriber again.
    ids = [i.id for i in (*items, *near)]
    if ids:
        claimed = set(store.claim_delivery(address, ids, message_id))
        if len(claimed) < len(ids):  # another sender has some: this mail leaves them out
            items = [i for i in items if i.id in claimed]
            near = [i for i in near if i.id in claimed]
            ids = [i.id for i in (*items, *near)]
            outcome.items = len(items)
            if not items:
                store.release_claim(address, ids, message_id)
                outcome.skipped = "nothing left: another sender has these items"
                outcome.message = None
                return outcome
            msg = build_digest(config, sub, items, now, failing, copies, link,
                               alert=sub.immediate, judge=judge, near=near)  # fmt: skip
            msg.replace_header("Message-ID", message_id)
            outcome.message = msg
    try:
        send(config.smtp, msg, sub.address)
    except Exception as exc:
        store.release_claim(address, ids, message_id)  # not accepted: owed again
        if not isinstance(exc, DeliveryError):
            raise
        outcome.error = str(exc)
        attempts = (state.attempts if state else 0) + 1
        retry = None if exc.permanent else now + backoff(attempts)
        store.record_send_failure(address, str(exc), permanent=exc.permanent, next_attempt=retry)
        metrics.MAILS.labels("failed").inc()
        log.warning("mail to %s not sent: %s", sub.address, exc)
        return outcome
    _record(store, address, ids, message_id, now)
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
    if config.webhooks:
        record_pending(store)
        sync(config, store, now)
    for hook in config.webhooks:
        try:
            outcomes.append(_hook(config, store, hook, now))
        except SQLAlchemyError as exc:  # nothing was posted: it stays owed
            error = f"archive unavailable: {_reason(exc)}"
            outcomes.append(DigestOutcome(webhook_label(hook.url), 0, error=error))
        except Exception as exc:
            label = webhook_label(hook.url)
            log.error("webhook %s: not sent: %s: %s", label, type(exc).__name__, one_line(str(exc)))
            outcomes.append(DigestOutcome(label, 0, error=f"internal error: {type(exc).__name__}"))
    return outcomes


def _hook(config: Config, store: Store, hook: WebhookConfig, now: datetime) -> DigestOutcome:
    import httpx  # loaded by a webhook's delivery only (see _one)

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
    message_id = f"webhook {now.isoformat()} {uuid.uuid4().hex[:8]}"
    claimed = set(store.claim_delivery(address, [i.id for i in items], message_id))
    items, payload = _webhook_parts([i for i in items if i.id in claimed], config)
    outcome.items = len(items)  # another sender has the others
    if len(items) < len(claimed):  # claimed but not writable after all: give those back
        store.release_claim(address, sorted(claimed - {i.id for i in items}), message_id)
    if not items:
        return outcome
    ids = [i.id for i in items]
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
    except (httpx.HTTPError, httpx.InvalidURL, ValueError, OSError) as exc:
        # httpx names the URL in some messages: the hook's secret must not reach the log
        ok, error = False, type(exc).__name__ + ": " + str(exc).replace(hook.url, "…")
    if not ok:
        store.release_claim(address, ids, message_id)  # not accepted: owed again
        attempts = (state.attempts if state else 0) + 1
        store.record_send_failure(
            address, error or "", permanent=False, next_attempt=now + backoff(attempts)
        )
        metrics.MAILS.labels("failed").inc()
        metrics.NOTIFICATIONS.labels(outcome.recipient, "failed").inc()
        outcome.error = error
        return outcome
    _record(store, address, ids, message_id, now)  # 2xx: sent, whatever happens next
    metrics.MAILS.labels("sent").inc()
    metrics.NOTIFICATIONS.labels(outcome.recipient, "sent").inc()
    outcome.sent = True
    return outcome
