"""Subscribers and deliveries: who gets what from when, the (address, item) keys claimed
before a message goes out and marked sent after, retries, unsubscribes, and webhooks' keys."""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from email.utils import parseaddr
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from monitor.store.base import StoreBase, StoredItem, _chunks
from monitor.store.tables import DELIVERY, LEASE, SUBSCRIBER

if TYPE_CHECKING:  # imported by the methods that use them (models.py says why)
    from sqlmodel import Session

    from monitor.store.models import SubscriberRow

log = logging.getLogger("monitor.store")

# A claim this old is a sender that died between claiming and recording (one that kept no
# heartbeat, or one stuck retrying its record): given up.
STALE_CLAIM = timedelta(hours=6)
# The heartbeat lease of a process that sends: ``alive:<Store.holder>`` (leases.alive).
ALIVE_PREFIX = "alive:"


def subscriber_key(recipient: str) -> str:
    """What is sent is recorded against the bare address, so renaming a person in the config
    ("Åse" → "Åse Ørnes <ase@…>") does not re-send everything."""
    return (parseaddr(recipient)[1] or recipient).lower()


def webhook_key(url: str) -> str:
    """The archive's key for a webhook: a hash of its URL, never the URL itself, which usually
    holds a bearer secret (/hooks/T0/B0/XXXX). Archives written before kept ``webhook:<url>``;
    ``Store.webhook_subscriber`` moves such rows onto this key the first time the hook is used
    (a compatible look-up, no schema migration), so nothing is sent twice and the secret leaves
    the archive."""
    digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:32]
    return f"webhook:sha256:{digest}"


class DeliveryMixin(StoreBase):
    """Subscribers (mail and webhooks), what each is owed, and the delivery keys claimed,
    sent or skipped."""

    def ensure_subscriber(self, address: str, now: datetime) -> datetime:
        from monitor.store.models import SubscriberRow

        with self.session() as s:
            row = self._get_or_add(s, SubscriberRow, address,
                                   lambda: SubscriberRow(address=address, since=now))  # fmt: skip
            since: datetime = row.since
            return since

    def webhook_subscriber(self, url: str) -> str:
        """The webhook's key (``webhook_key``), after moving the rows an older archive kept
        under ``webhook:<url>`` onto it: its start date, retry state and every delivery."""
        key, old = webhook_key(url), f"webhook:{url}"
        with self._reading() as conn:  # Core: the usual case, nothing to move (issue 27)
            query = SUBSCRIBER.select().where(SUBSCRIBER.c.address == old)
            if conn.execute(query).first() is None:
                return key
        from sqlmodel import col, delete, select

        from monitor.store.models import DeliveryRow, SubscriberRow

        with self.session() as s:
            if s.get(SubscriberRow, old) is None:
                return key
            if s.get(SubscriberRow, key) is None:
                renamed = update(SubscriberRow).where(col(SubscriberRow.address) == old)
                s.exec(renamed.values(address=key))
            else:
                s.exec(delete(SubscriberRow).where(col(SubscriberRow.address) == old))
            done = select(DeliveryRow.item_id).where(DeliveryRow.address == key)
            moved = update(DeliveryRow).where(
                col(DeliveryRow.address) == old,
                DeliveryRow.item_id.not_in(done),  # type: ignore[attr-defined]
            )
            s.exec(moved.values(address=key))
            s.exec(delete(DeliveryRow).where(col(DeliveryRow.address) == old))
            s.commit()
        log.info("webhook: archive rows moved from its URL to a hash of it")
        return key

    def subscriber_since(self, address: str) -> datetime | None:
        from monitor.store.models import SubscriberRow

        with self.session() as s:
            row = s.get(SubscriberRow, address)
            return row.since if row else None

    def subscriber_state(self, address: str) -> SubscriberRow | None:
        from monitor.store.models import SubscriberRow

        with self.session() as s:
            return s.get(SubscriberRow, address)

    def all_subscriber_states(self) -> dict[str, SubscriberRow]:
        from sqlmodel import select

        from monitor.store.models import SubscriberRow

        with self.session() as s:
            return {r.address: r for r in s.exec(select(SubscriberRow)).all()}

    def record_send_failure(
        self, address: str, error: str, *, permanent: bool, next_attempt: datetime | None
    ) -> int:
        """Count a failed send; returns the failures in a row. Nothing is marked as sent."""
        from monitor.store.models import SubscriberRow

        with self.session() as s:
            row = s.get(SubscriberRow, address)
            if row is None:
                return 0
            row.attempts += 1
            row.last_error = error[:1000]
            row.rejected = permanent
            row.next_attempt = next_attempt
            s.add(row)
            s.commit()
            return row.attempts

    def clear_retry(self, address: str) -> None:
        from monitor.store.models import SubscriberRow

        with self.session() as s:
            row = s.get(SubscriberRow, address)
            if row is not None and row.attempts:
                row.attempts, row.next_attempt, row.last_error = 0, None, None
                s.add(row)
                s.commit()

    def resubscribe(self, address: str, now: datetime) -> bool | None:
        """Undo an unsubscribe: mail again from now on (what came meanwhile is not owed).
        None: the archive has no such subscriber; False: they were not unsubscribed."""
        from monitor.store.models import SubscriberRow

        with self.session() as s:
            row = s.get(SubscriberRow, address)
            if row is None:
                return None
            if row.unsubscribed_at is None:
                return False
            row.unsubscribed_at, row.since = None, now
            row.attempts, row.next_attempt, row.last_error, row.rejected = 0, None, None, False
            s.add(row)
            s.commit()
            return True

    def unsubscribe(self, address: str, now: datetime) -> bool:
        from monitor.store.models import SubscriberRow

        with self.session() as s:
            row = s.get(SubscriberRow, address) or SubscriberRow(address=address, since=now)
            already = row.unsubscribed_at is not None
            row.unsubscribed_at = row.unsubscribed_at or now
            s.add(row)
            s.commit()
            return not already

    def undelivered(
        self,
        address: str,
        since: datetime,
        limit: int = 500,
        *,
        topics: Sequence[str] = (),
        alerts_only: bool = False,
    ) -> list[StoredItem]:
        """On-topic items fetched since the address subscribed and not yet sent to it (nor
        claimed, nor skipped), of the given topics (all when empty), or only those that
        matched a high-priority rule."""
        from sqlmodel import col, select

        from monitor.store.models import ItemRow

        with self.session() as s:
            q = _owed(select(ItemRow), address, since, topics, alerts_only)
            rows = s.exec(
                q.order_by(col(ItemRow.fetched_at).desc(), col(ItemRow.id).desc()).limit(limit)
            ).all()
            return self._with_topics(s, rows)

    def sync_subscribers(
        self, profiles: dict[str, tuple[Sequence[str], bool]], now: datetime
    ) -> dict[str, int]:
        """Delivery "from then on", for every change of the configuration: ``profiles`` is
        every configured address (subscribers and webhooks) with its (topics, alerts only).

        An address gone from it is marked removed; one that comes back starts afresh (since
        now). One whose topics or cadence changed is not owed the items only the new choice
        would have given it (they are marked skipped); what it was owed before stays owed.
        Returns the items skipped by address."""
        if not self._subscribers_changed(profiles):
            return {}  # the usual poll: nothing changed, and no ORM loaded to find that out
        from sqlmodel import select

        from monitor.store.models import DeliveryRow, SubscriberRow

        skipped: dict[str, int] = {}
        with self.session() as s:
            rows = {r.address: r for r in s.exec(select(SubscriberRow)).all()}
            for address, (topics, alerts) in profiles.items():
                profile = json.dumps({"topics": sorted(topics), "alerts": alerts})
                row = rows.get(address)
                if row is None:
                    s.add(SubscriberRow(address=address, since=now, profile=profile))
                elif row.removed_at is not None:  # removed, and now back: from now on
                    row.since, row.removed_at, row.profile = now, None, profile
                    row.attempts, row.next_attempt, row.last_error = 0, None, None
                    s.add(row)
                elif row.profile != profile:
                    if row.profile is not None:
                        old = json.loads(row.profile)
                        was = self._owed_ids(s, address, row.since, old["topics"], old["alerts"])
                        now_owed = self._owed_ids(s, address, row.since, topics, alerts)
                        if now_owed - was:
                            skipped[address] = len(now_owed - was)
                            s.add_all(
                                DeliveryRow(address=address, item_id=i, sent_at=now,
                                            message_id="skipped", status="skipped")
                                for i in sorted(now_owed - was)
                            )  # fmt: skip
                    row.profile = profile
                    s.add(row)
            for address, row in rows.items():
                if address not in profiles and row.removed_at is None:
                    row.removed_at = now
                    s.add(row)
            try:
                s.commit()
            except IntegrityError:  # another worker did the same at the same time
                s.rollback()
        return skipped

    def _subscribers_changed(self, profiles: dict[str, tuple[Sequence[str], bool]]) -> bool:
        """Whether ``sync_subscribers`` has anything to write (the same tests as its loop), read
        through Core: every poll syncs, and in almost all of them nothing changed."""
        table = SUBSCRIBER
        query = select(table.c.address, table.c.profile, table.c.removed_at)
        with self._reading() as conn:
            rows = {r.address: r for r in conn.execute(query).all()}
        for address, (topics, alerts) in profiles.items():
            row = rows.get(address)
            profile = json.dumps({"topics": sorted(topics), "alerts": alerts})
            if row is None or row.removed_at is not None or row.profile != profile:
                return True
        return any(a not in profiles and r.removed_at is None for a, r in rows.items())

    def _owed_ids(
        self, s: Session, address: str, since: datetime, topics: Sequence[str], alerts: bool
    ) -> set[int]:
        from sqlmodel import select

        from monitor.store.models import ItemRow

        return set(s.exec(_owed(select(ItemRow.id), address, since, topics, alerts)).all())

    def claim_delivery(self, address: str, item_ids: Sequence[int], message_id: str) -> list[int]:
        """Claim the (address, item) delivery keys before sending: returns the items this
        sender got; an item another sender claimed (or sent, or skipped) is left out. The
        round that claims began by giving up the claims of senders that died mid-send
        (``give_up_dead_claims``, from ``record_pending``): their items may then arrive twice,
        the one window left (docs/schedules.md)."""

        if not item_ids:
            return []
        insert = self._insert_dialect()
        table = DELIVERY
        with self.engine.begin() as conn:
            now = self._db_now(conn)
            got: list[int] = []
            for part in _chunks(list(item_ids)):
                stmt = (
                    insert(table)
                    .values([{"address": address, "item_id": i, "sent_at": now,
                              "message_id": message_id, "status": "sending",
                              "holder": self.holder} for i in part])
                    .on_conflict_do_nothing(index_elements=["address", "item_id"])
                    .returning(table.c.item_id)
                )  # fmt: skip
                got += [r[0] for r in conn.execute(stmt)]
        return got

    def give_up_dead_claims(self) -> int:
        """Make the items of senders that died mid-send owed again, for every address (each
        round starts with it, so they go out even when nothing new comes for that address).
        Returns how many keys were given up.

        A claim is dead when its sender's heartbeat (the lease ``alive:<holder>``, renewed
        every ten seconds while the process lives) ran out, or, for a sender that kept none,
        after STALE_CLAIM. A heartbeat that ran out long ago is forgotten with its claims."""
        table = DELIVERY
        with self.engine.begin() as conn:
            now = self._db_now(conn)
            stopped = select(LEASE.c.holder).where(
                LEASE.c.name.startswith(ALIVE_PREFIX), LEASE.c.until < now
            )
            where = [
                table.c.status == "sending",
                (table.c.sent_at < now - STALE_CLAIM)
                | (
                    table.c.holder.is_not(None)
                    & (table.c.holder != self.holder)  # this process lives, whatever its lease
                    & table.c.holder.in_(stopped)
                ),
            ]
            conn.execute(  # heartbeats of processes killed long ago: their claims are gone
                LEASE.delete().where(
                    LEASE.c.name.startswith(ALIVE_PREFIX), LEASE.c.until < now - STALE_CLAIM
                )
            )
            gone = conn.execute(
                select(table.c.holder, func.count()).where(*where).group_by(table.c.holder)
            ).all()
            if not gone:
                return 0
            conn.execute(table.delete().where(*where))
        for holder, n in gone:
            log.warning(
                "%d delivery claims of %s given up: it stopped mid-send; if the server had "
                "accepted that message, it is sent again",
                n,
                holder or "a sender",
            )
        return sum(n for _, n in gone)

    def release_claim(self, address: str, item_ids: Sequence[int], message_id: str) -> None:
        """The send failed before the server accepted: the items are owed again."""

        table = DELIVERY
        with self.engine.begin() as conn:
            for part in _chunks(list(item_ids)):
                conn.execute(
                    table.delete().where(
                        table.c.address == address,
                        table.c.message_id == message_id,
                        table.c.status == "sending",
                        table.c.item_id.in_(part),
                    )
                )

    def skip_items(self, address: str, item_ids: Iterable[int], now: datetime) -> int:
        """Mark items as not owed to ``address`` (it asked for them only from now on)."""

        ids = list(item_ids)
        if not ids:
            return 0
        insert = self._insert_dialect()
        table = DELIVERY
        n = 0
        with self.engine.begin() as conn:
            for part in _chunks(ids):
                stmt = (
                    insert(table)
                    .values([{"address": address, "item_id": i, "sent_at": now,
                              "message_id": "skipped", "status": "skipped"} for i in part])
                    .on_conflict_do_nothing(index_elements=["address", "item_id"])
                    .returning(table.c.item_id)
                )  # fmt: skip
                n += len(conn.execute(stmt).all())
        return n

    def mark_delivered(
        self, address: str, item_ids: Iterable[int], message_id: str, now: datetime
    ) -> None:
        """Record what the server accepted (the claimed keys become "sent", keys claimed by
        nobody are added), and reset the retry state, in one transaction."""
        from monitor.store.models import SubscriberRow

        insert = self._insert_dialect()
        table = DELIVERY
        with self.session() as s:
            for part in _chunks(list(item_ids)):
                stmt = insert(table).values(
                    [{"address": address, "item_id": i, "sent_at": now,
                      "message_id": message_id, "status": "sent"} for i in part]
                )  # fmt: skip
                s.execute(
                    stmt.on_conflict_do_update(
                        index_elements=["address", "item_id"],
                        set_={"status": "sent", "sent_at": now, "message_id": message_id},
                    )
                )
            row = s.get(SubscriberRow, address)
            if row is not None:
                row.attempts, row.next_attempt, row.last_error = 0, None, None
                row.rejected, row.last_sent = False, now
                s.add(row)
            s.commit()


def _owed(q: Any, address: str, since: datetime, topics: Sequence[str], alerts: bool) -> Any:
    """``q`` narrowed to the on-topic items ``address`` is owed: fetched since ``since``, of
    ``topics`` (all when empty), high-priority ones only if ``alerts``, no delivery key yet."""
    from sqlmodel import select

    from monitor.store.models import DeliveryRow, ItemRow, TopicMatchRow

    keyed = select(DeliveryRow.item_id).where(DeliveryRow.address == address)
    q = q.where(
        ItemRow.on_topic == True,  # noqa: E712
        ItemRow.origin == "feed",
        ItemRow.fetched_at >= since,
        ItemRow.id.not_in(keyed),  # type: ignore[union-attr]
    )
    if topics or alerts:
        wanted = select(TopicMatchRow.item_id).where(TopicMatchRow.matched == True)  # noqa: E712
        if topics:
            wanted = wanted.where(TopicMatchRow.topic.in_(list(topics)))  # type: ignore[attr-defined]
        if alerts:
            wanted = wanted.where(TopicMatchRow.alert == True)  # noqa: E712
        q = q.where(ItemRow.id.in_(wanted))  # type: ignore[union-attr]
    return q
