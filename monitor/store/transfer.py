"""Backups and moves (``monitor export``/``import``, SQLite ↔ PostgreSQL, merging a backup
into a live archive) and retention (forgetting old off-topic items)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import text as sql_text
from sqlalchemy.exc import DBAPIError, IntegrityError, StatementError

from monitor.errors import RecordError
from monitor.store.base import StoreBase
from monitor.store.coordination import OLD_SECRETS_SETTING, SECRET_SETTING
from monitor.store.tables import SHINGLE
from monitor.text import pack_hashes, unpack_hashes

if TYPE_CHECKING:  # imported by the methods that use them (models.py says why)
    from sqlmodel import Session, SQLModel

    from monitor.store.models import (
        SettingRow,
        SubscriberRow,
    )

# The records of each type that refer to an item (by its uid), and of those that do not, in
# the order exported: the table each is kept in (its row class: models.ROWS).
_OF_ITEMS: dict[str, str] = {
    "sighting": "sighting",
    "topic": "item_topic",
    "feedback": "feedback",
    "delivery": "delivery",
    "judgement": "judgement",
}
_ON_THEIR_OWN: dict[str, str] = {
    "subscriber": "subscriber",
    "source": "source_state",
    "setting": "setting",
}


class TransferMixin(StoreBase):
    """Export and import (backups, moves between databases, merges) and retention."""

    # -- backups, moves and retention -------------------------------------------------------

    def export_records(self) -> Iterator[dict[str, Any]]:
        """Every record as a plain dict with a "type"; items are referred to by uid, so the
        records can be imported into another archive (SQLite or PostgreSQL) with new ids."""
        from sqlmodel import col, select

        from monitor.store.models import ROWS, ItemRow, ShingleRow, ShingleSetRow

        def plain(row: SQLModel, drop: tuple[str, ...] = ()) -> dict[str, Any]:
            out = {}
            for k, v in row.model_dump().items():
                if k in drop:
                    continue
                out[k] = v.isoformat() if isinstance(v, datetime) else v
            return out

        with self.session() as s:
            uids = dict(s.exec(select(ItemRow.id, ItemRow.uid)).all())
            for row in s.exec(select(ItemRow).order_by(col(ItemRow.id))):
                rec = plain(row, ("id", "story_id"))
                rec["story_uid"] = uids.get(row.story_id) if row.story_id else None
                keys = list(
                    s.exec(select(ShingleRow.hash).where(ShingleRow.item_id == row.id)).all()
                )
                blob = s.get(ShingleSetRow, row.id)
                # "shingles": all the item's fingerprints; "shingle_keys": those indexed, when
                # not all of them. An item archived before 0002 (and an older monitor's
                # export) has no "shingle_keys": all its fingerprints are keys.
                if blob is None:
                    rec["shingles"] = keys
                else:
                    rec["shingles"] = sorted(unpack_hashes(blob.hashes))
                    rec["shingle_keys"] = keys
                yield {"type": "item", **rec}
            for kind, table in _OF_ITEMS.items():
                for linked in s.exec(select(ROWS[table])):
                    rec = plain(linked, ("id", "item_id"))
                    yield {"type": kind, "item_uid": uids[linked.item_id], **rec}  # type: ignore[attr-defined]
            for kind, table in _ON_THEIR_OWN.items():
                for state in s.exec(select(ROWS[table])):
                    yield {"type": kind, **plain(state)}

    def import_records(self, records: Iterable[dict[str, Any]]) -> dict[str, int]:
        """Add exported records; what the archive already has (same uid, same keys) is kept,
        so importing twice adds nothing. Into an archive that workers already started, state
        is merged, not dropped: an address unsubscribed in either stays unsubscribed, and both
        unsubscribe secrets stay valid (``_merge_setting``). All or nothing: a record that is
        not one raises RecordError (its place, why) and nothing is imported. Dates must carry
        a time zone (exports always do); an item's explicit "id" is kept."""
        from sqlmodel import select

        from monitor.store.models import ItemRow

        counts: dict[str, int] = {}
        ids: dict[str, int] = {}
        stories: list[tuple[int, str]] = []
        explicit_ids = False
        with self.session() as s:
            known = s.exec(select(ItemRow.id, ItemRow.uid)).all()
            ids.update({uid: i for i, uid in known})  # type: ignore[misc]  # stored: an id
            for index, rec in enumerate(records, 1):
                try:
                    kind, added = self._import_one(s, rec, ids, stories)
                    if kind == "item" and added and rec.get("id") is not None:
                        explicit_ids = True
                except RecordError:
                    raise
                except IntegrityError as exc:
                    s.rollback()
                    raise RecordError(index, _conflict(exc)) from None
                except Exception as exc:  # whatever a record's content makes fail: not one
                    s.rollback()
                    raise RecordError(index, _record_problem(exc)) from None
                if added:
                    counts[kind] = counts.get(kind, 0) + 1
            for item_id, story_uid in stories:
                row = s.get(ItemRow, item_id)
                if row is not None:
                    row.story_id = ids.get(story_uid)
                    s.add(row)
            if explicit_ids and self.engine.dialect.name == "postgresql":
                # Ids given explicitly did not advance the sequence: move it past them.
                s.execute(sql_text("SELECT setval(pg_get_serial_sequence('item', 'id'), "
                                   "(SELECT coalesce(max(id), 1) FROM item))"))  # fmt: skip
            s.commit()
        return counts

    def _import_one(
        self, s: Session, rec: Any, ids: dict[str, int], stories: list[tuple[int, str]]
    ) -> tuple[str, bool]:
        """Import one record; returns (its type, whether anything was added)."""
        from sqlmodel import select

        from monitor.store.models import (
            ROWS,
            ItemRow,
            SettingRow,
            ShingleSetRow,
            SightingRow,
            SubscriberRow,
        )

        if not isinstance(rec, dict):
            raise ValueError(f"a JSON object was expected, not {type(rec).__name__}")
        kind = rec.get("type")
        if kind == "item":
            if rec["uid"] in ids:
                return kind, False
            same_article = ItemRow.fingerprint == rec["fingerprint"]
            if rec["canonical_url"] is not None:  # no address: not the same as every other
                same_article = same_article | (ItemRow.canonical_url == rec["canonical_url"])
            same = s.exec(select(ItemRow.id).where(same_article)).first()
            if same is not None:  # the same article, archived here already (a seed)
                ids[rec["uid"]] = same
                return kind, False
            row = ItemRow(**_record_values(rec, ("story_uid", "shingles", "shingle_keys")))
            s.add(row)
            s.flush()
            assert row.id is not None
            ids[rec["uid"]] = row.id
            keys = rec.get("shingle_keys", rec["shingles"])
            if keys:
                s.execute(
                    SHINGLE.insert(),
                    [{"hash": int(h), "item_id": row.id} for h in keys],
                )
            if "shingle_keys" in rec and rec["shingles"]:
                s.add(ShingleSetRow(item_id=row.id, hashes=pack_hashes(set(rec["shingles"]))))
            if rec.get("story_uid"):
                stories.append((row.id, rec["story_uid"]))
            s.flush()
            return kind, True
        if kind in _OF_ITEMS:
            model = ROWS[_OF_ITEMS[kind]]
            item_id = ids.get(rec["item_uid"])
            if item_id is None:
                return kind, False
            linked = model(item_id=item_id, **_record_values(rec, ("item_uid",)))
            if kind == "sighting":
                seen = cast(SightingRow, linked)
                if s.exec(
                    select(SightingRow.id).where(
                        SightingRow.source == seen.source, SightingRow.guid == seen.guid
                    )
                ).first():
                    return kind, False
            elif s.get(model, _key_of(linked)) is not None:
                return kind, False
            s.add(linked)
            s.flush()
            return kind, True
        if kind in _ON_THEIR_OWN:
            model = ROWS[_ON_THEIR_OWN[kind]]
            state = model(**_record_values(rec, ()))
            have = s.get(model, _key_of(state))
            if have is None:
                s.add(state)
                s.flush()
                return kind, True
            if kind == "subscriber":
                mine, theirs = cast(SubscriberRow, have), cast(SubscriberRow, state)
                return kind, _merge_subscriber(s, mine, theirs)
            if kind == "setting":
                return kind, _merge_setting(s, cast(SettingRow, have), cast(SettingRow, state))
            return kind, False
        raise ValueError(f"unknown type {kind!r}" if kind is not None else 'no "type"')

    def prune_off_topic(self, before: datetime) -> int:
        """Forget off-topic items fetched before ``before`` (on-topic ones and seeds are kept
        for good, and so is everything that was delivered, and every item a user judged with
        ``monitor feedback`` or a click in a mail: judged examples teach the relevance signal,
        and an item marked irrelevant is off-topic by that very verdict)."""
        from sqlmodel import delete, select

        from monitor.store.models import (
            DeliveryRow,
            FeedbackRow,
            ItemRow,
            JudgementRow,
            ShingleRow,
            ShingleSetRow,
            SightingRow,
            TopicMatchRow,
        )

        with self.session() as s:
            old = select(ItemRow.id).where(
                ItemRow.on_topic == False,  # noqa: E712
                ItemRow.origin == "feed",
                ItemRow.fetched_at < before,
                ItemRow.id.not_in(select(DeliveryRow.item_id)),  # type: ignore[union-attr]
                ItemRow.id.not_in(select(FeedbackRow.item_id)),  # type: ignore[union-attr]
                ItemRow.id.not_in(select(JudgementRow.item_id)),  # type: ignore[union-attr]
            )
            ids = list(s.exec(old).all())
            for chunk in range(0, len(ids), 500):
                part = ids[chunk : chunk + 500]
                for model in (ShingleRow, ShingleSetRow, TopicMatchRow, SightingRow, FeedbackRow):
                    s.exec(delete(model).where(model.item_id.in_(part)))  # type: ignore[attr-defined]
                s.exec(delete(ItemRow).where(ItemRow.id.in_(part)))  # type: ignore[union-attr]
            s.commit()
            return len(ids)


_DATED = {
    "published", "fetched_at", "seen_at", "at", "sent_at", "since", "last_attempt",
    "last_success", "next_attempt", "failing_since", "unsubscribed_at", "last_sent",
    "removed_at", "changed_at",
}  # fmt: skip


def _record_values(rec: dict[str, Any], drop: tuple[str, ...]) -> dict[str, Any]:
    out = {k: v for k, v in rec.items() if k not in ("type", *drop)}
    for k in _DATED & out.keys():
        if out[k] is None:
            continue
        when = datetime.fromisoformat(out[k])
        if when.tzinfo is None:
            raise ValueError(f'"{k}" has no time zone ({out[k]}); write it as UTC, +00:00')
        out[k] = when
    return out


def _merge_subscriber(s: Session, have: SubscriberRow, backup: SubscriberRow) -> bool:
    """A subscriber in both: unsubscribed in either stays unsubscribed (the earlier date), the
    earlier start and the later send count; the rest (retries, profile) is the live archive's."""
    changed = False
    if backup.unsubscribed_at is not None and (
        have.unsubscribed_at is None or backup.unsubscribed_at < have.unsubscribed_at
    ):
        have.unsubscribed_at, changed = backup.unsubscribed_at, True
    if backup.since < have.since:
        have.since, changed = backup.since, True
    later = backup.last_sent
    if later is not None and (have.last_sent is None or later > have.last_sent):
        have.last_sent, changed = later, True
    if changed:
        s.add(have)
        s.flush()
    return changed


def _merge_setting(s: Session, have: SettingRow, backup: SettingRow) -> bool:
    """The unsubscribe secret of a backup imported into a live archive: links signed with
    either must keep working (mail may have gone out under the archive's new one, and surely
    did under the backup's). The backup's signs from now on, it is the one most links carry;
    the archive's is kept for checking links (OLD_SECRETS_SETTING). Other settings: kept."""
    from monitor.store.models import SettingRow

    if have.name != SECRET_SETTING or have.value == backup.value:
        return False
    old_row = s.get(SettingRow, OLD_SECRETS_SETTING)
    old = json.loads(old_row.value) if old_row is not None else []
    if have.value not in old:
        old.append(have.value)
    if backup.value in old:
        old.remove(backup.value)
    if old_row is None:
        old_row = SettingRow(name=OLD_SECRETS_SETTING, value="[]")
    old_row.value = json.dumps(old)
    have.value = backup.value
    s.add(old_row)
    s.add(have)
    s.flush()
    return True


def _conflict(exc: IntegrityError) -> str:
    text = " ".join(str(getattr(exc, "orig", exc)).split())[:200]
    if "not null" in text.lower() or "null value" in text.lower():
        return f"a required value is missing: {text}"
    if "mismatch" in text.lower():
        return f"a value of the wrong kind: {text}"
    return f"it clashes with a record the archive has: {text}"


def _record_problem(exc: Exception) -> str:
    if isinstance(exc, KeyError):
        return f"missing {exc.args[0]!r}"
    if isinstance(exc, DBAPIError):
        return " ".join(str(getattr(exc, "orig", exc)).split())[:200]
    if isinstance(exc, StatementError):  # a value of the wrong kind for its column
        return " ".join(str(exc.orig).split())[:200] if exc.orig else "a value of the wrong kind"
    text = " ".join(str(exc).split())[:200]
    known = (KeyError, TypeError, ValueError, AttributeError)
    return text if isinstance(exc, known) and text else f"{type(exc).__name__}: {text}"


def _key_of(row: SQLModel) -> Any:
    keys = [c.name for c in row.__table__.primary_key.columns]  # type: ignore[attr-defined]
    values = tuple(getattr(row, k) for k in keys)
    return values[0] if len(values) == 1 else values
