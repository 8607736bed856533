"""Who gets which items: the digest run.

The guarantee (README, "Delivery"): an item is recorded as sent to an address only after the
mail server accepted the message, in one transaction with the whole digest. A failed send marks
nothing, so the next run sends the same items again: nothing is lost. The one window for a
duplicate is a crash after the server accepted and before the commit: that one digest may
arrive twice; never more.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage

from monitor.config import Config
from monitor.deliver.mail import build_digest, send
from monitor.errors import DeliveryError
from monitor.health import failing_sources
from monitor.store import Store, subscriber_key

log = logging.getLogger("monitor.digest")


@dataclass
class DigestOutcome:
    recipient: str
    items: int
    sent: bool = False
    error: str | None = None
    message: EmailMessage | None = None

    def line(self) -> str:
        if self.error:
            kept = f"{self.items} items kept for the next run"
            return f"{self.recipient}: not sent ({kept}): {self.error}"
        if self.items == 0:
            return f"{self.recipient}: nothing new"
        return f"{self.recipient}: {'sent' if self.sent else 'would send'} {self.items} items"


def run_digest(
    config: Config, store: Store, now: datetime, *, dry_run: bool = False
) -> list[DigestOutcome]:
    outcomes = []
    failing = failing_sources(config, store, now)
    for recipient in config.digest.recipients:
        key = subscriber_key(recipient)
        if dry_run:  # a preview registers nobody
            since = store.subscriber_since(key) or now
        else:
            since = store.ensure_subscriber(key, now)
        items = store.undelivered(key, since)
        outcome = DigestOutcome(recipient, len(items))
        outcomes.append(outcome)
        if not items:
            continue
        copies = store.copies_of(i.id for i in items)
        msg = build_digest(config, recipient, items, now, failing, copies)
        outcome.message = msg
        if dry_run:
            continue
        if config.smtp is None:
            outcome.error = "no [smtp] url configured (or MONITOR_SMTP_URL)"
            continue
        try:
            send(config.smtp, msg, recipient)
        except DeliveryError as exc:
            outcome.error = str(exc)
            log.warning("digest to %s not sent: %s", recipient, exc)
            continue
        store.mark_delivered(key, [i.id for i in items], str(msg["Message-ID"]), now)
        outcome.sent = True
        log.info("digest with %d items sent to %s", len(items), recipient)
    return outcomes
