"""The story index: which archived items tell one story (clustering, monitor/cluster.py),
and the signature each on-topic item is clustered by."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import update

from monitor.store.base import StoreBase, StoredItem, _as_utc
from monitor.store.tables import ITEM

if TYPE_CHECKING:  # imported by the methods that use them (models.py says why)
    pass


class StoriesMixin(StoreBase):
    """The story index: which items tell one story, and each story's signature."""

    def story_signatures(
        self, start: datetime, end: datetime
    ) -> list[tuple[int, datetime, dict[str, Any]]]:
        """(story id, when, signature JSON) of on-topic items published in [start, end)."""
        from sqlmodel import func, select

        from monitor.store.models import ItemRow

        when = func.coalesce(ItemRow.published, ItemRow.fetched_at)
        with self.session() as s:
            rows = s.exec(
                select(ItemRow.id, ItemRow.story_id, when, ItemRow.signature)
                .where(
                    ItemRow.on_topic == True,  # noqa: E712
                    ItemRow.signature != None,  # noqa: E711
                    when >= start,
                    when < end,
                )
                .order_by(when)
            ).all()
        return [
            (cast(int, story or item_id), _as_utc(at), json.loads(sig))
            for item_id, story, at, sig in rows
            if sig
        ]

    def story_of(self, item_id: int) -> tuple[int, int, dict[str, Any]] | None:
        """(story id, length of title and text, signature JSON) of an on-topic archived item,
        or None: what clustering needs when a copy of it arrives (issue #26)."""
        from sqlmodel import select

        from monitor.store.models import ItemRow

        with self.session() as s:
            row = s.exec(
                select(ItemRow.story_id, ItemRow.title, ItemRow.text, ItemRow.signature).where(
                    ItemRow.id == item_id,
                    ItemRow.on_topic == True,  # noqa: E712
                    ItemRow.signature != None,  # noqa: E711
                )
            ).first()
        if row is None or not row[3]:
            return None
        story, title, text, sig = row
        return story or item_id, len(title or "") + len(text or "") + 1, json.loads(sig)

    def set_signatures(self, signatures: Sequence[tuple[int, dict[str, Any]]]) -> None:
        """Replace items' story signatures: a fuller copy of an item arrived after it (a
        teaser first, its article later) and now speaks for it in clustering (issue #26)."""

        if not signatures:
            return
        items = ITEM
        with self._write(core=True) as s:
            for item_id, sig in signatures:
                s.execute(
                    update(items)
                    .where(items.c.id == item_id)
                    .values(signature=json.dumps(sig, ensure_ascii=False))
                )

    def merge_stories(self, merges: Sequence[tuple[int, int]]) -> None:
        """Fold stories into others: (into, other) moves every item of story ``other`` into
        story ``into`` (clustering found an article that belongs to both, issue #26)."""

        if not merges:
            return
        items = ITEM
        with self._write(core=True) as s:
            for into, other in merges:
                s.execute(update(items).where(items.c.story_id == other).values(story_id=into))
            self._feeds_changed(s)

    def story_members(self, story_ids: Iterable[int]) -> dict[int, list[StoredItem]]:
        from sqlmodel import select

        from monitor.store.models import ItemRow

        ids = sorted(set(story_ids))
        if not ids:
            return {}
        with self.session() as s:
            rows = s.exec(
                select(ItemRow).where(
                    (ItemRow.story_id.in_(ids)) | (ItemRow.id.in_(ids)),  # type: ignore[union-attr]
                    ItemRow.on_topic == True,  # noqa: E712
                )
            ).all()
            out: dict[int, list[StoredItem]] = {}
            for item in self._with_topics(s, rows):
                out.setdefault(item.story_id or item.id, []).append(item)
            return out
