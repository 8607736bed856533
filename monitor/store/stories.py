"""The story index: which archived items tell one story (clustering, monitor/cluster.py),
and the signature each on-topic item is clustered by."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import update

from monitor.store.base import StoreBase, StoredItem, _as_utc
from monitor.store.tables import ITEM

if TYPE_CHECKING:  # imported by the methods that use them (models.py says why)
    pass


@dataclass(frozen=True)
class Original:
    """An on-topic archived item that a newly arrived copy copies (``original_of``)."""

    story: int
    signature: dict[str, Any] | None  # None: stored before signatures were kept
    source: str
    url: str | None
    title: str
    text: str
    summary: str


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

    def original_of(self, item_id: int) -> Original | None:
        """An on-topic archived item as a copy of it arriving needs it, or None: one look-up for
        clustering (its story and signature) and for ``Pipeline._over_stub`` (its source, link
        and text)."""
        with self._cursor() as cur:
            cur.execute(
                "SELECT story_id, signature, source, url, title, text, summary FROM item "
                f"WHERE id = {self._mark} AND on_topic",
                (item_id,),
            )
            row = cur.fetchone()
        if row is None:
            return None
        story, sig, source, url, title, text, summary = row
        return Original(story or item_id, json.loads(sig) if sig else None, source, url,
                        title or "", text or "", summary or "")  # fmt: skip

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
