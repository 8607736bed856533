"""Feedback and judgements: an operator's verdicts (``monitor feedback``) and subscribers'
clicks in mails, the examples the relevance signal learns from (monitor/judgements.py)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from monitor.store.base import StoreBase, StoredItem
from monitor.store.tables import FEEDBACK, JUDGEMENT

if TYPE_CHECKING:  # imported by the methods that use them (models.py says why)
    from monitor.store.models import ItemRow, JudgementRow


class FeedbackMixin(StoreBase):
    """Verdicts (``monitor feedback``) and subscribers' clicks: the relevance signal's
    examples, and what stayed just under a threshold."""

    def record_feedback(
        self, item_id: int, label: str, now: datetime, default_topic: str | None
    ) -> ItemRow | None:
        """Store the verdict and apply it: relevant items are delivered, irrelevant ones not."""
        from sqlmodel import select

        from monitor.store.models import FeedbackRow, ItemRow, TopicMatchRow

        with self.session() as s:
            row = s.get(ItemRow, item_id)
            if row is None:
                return None
            fb = s.get(FeedbackRow, item_id) or FeedbackRow(item_id=item_id, label=label, at=now)
            fb.label, fb.at = label, now
            s.add(fb)
            matches = s.exec(select(TopicMatchRow).where(TopicMatchRow.item_id == item_id)).all()
            if label == "irrelevant":
                for m in matches:
                    m.matched = False
                    s.add(m)
                row.on_topic = False
            else:
                if not any(m.matched for m in matches) and default_topic:
                    m = s.get(TopicMatchRow, (item_id, default_topic)) or TopicMatchRow(
                        item_id=item_id, topic=default_topic, score=0, matched=True,
                        explanation="[]",
                    )  # fmt: skip
                    m.matched = True
                    hits = json.loads(m.explanation)
                    hits.append({"rule": "marked relevant by a user", "terms": [],
                                 "where": "feedback", "points": 0})  # fmt: skip
                    m.explanation = json.dumps(hits, ensure_ascii=False)
                    s.add(m)
                row.on_topic = True
            s.add(row)
            s.commit()
            return row

    def exemplar_rows(
        self, *, judgements: bool = False, address: str | None = None
    ) -> list[tuple[ItemRow, str, list[str]]]:
        """(item, label, topics it scored in) for seeds (relevant) and every operator verdict;
        with ``judgements``, every subscriber's clicks too (shared judgements). ``address``:
        only that subscriber's clicks (their own examples, per-subscriber judgements)."""
        from sqlmodel import select

        from monitor.store.models import FeedbackRow, ItemRow, JudgementRow, TopicMatchRow

        with self.session() as s:
            out: list[tuple[ItemRow, str, list[str]]] = []
            if address is not None:
                labels = {
                    j.item_id: j.label
                    for j in s.exec(select(JudgementRow).where(JudgementRow.address == address))
                }
                where: Any = ItemRow.id.in_(list(labels))  # type: ignore[union-attr]
            else:
                labels = {}
                if judgements:  # the later click wins when two subscribers disagree
                    q = select(JudgementRow).order_by(JudgementRow.at)  # type: ignore[arg-type]
                    labels = {j.item_id: j.label for j in s.exec(q)}
                labels.update({f.item_id: f.label for f in s.exec(select(FeedbackRow)).all()})
                where = (ItemRow.origin == "seed") | (ItemRow.id.in_(list(labels)))  # type: ignore[union-attr]
            for r in s.exec(select(ItemRow).where(where)).all():
                assert r.id is not None
                topics = s.exec(
                    select(TopicMatchRow.topic).where(
                        TopicMatchRow.item_id == r.id,
                        TopicMatchRow.score > 0,
                    )
                ).all()
                out.append((r, labels.get(r.id, "relevant"), list(topics)))
            return out

    def examples_version(self) -> tuple[int, int, datetime | None]:
        """Changes whenever the examples may have: a verdict or a click, new or changed.
        Core, not the ORM: every poll asks it, a steady one too (issue 27)."""
        with self._reading() as conn:
            verdicts = conn.execute(select(func.count(), func.max(FEEDBACK.c.at))).one()
            clicks = conn.execute(select(func.count(), func.max(JUDGEMENT.c.at))).one()
        latest = max((d for d in (verdicts[1], clicks[1]) if d is not None), default=None)
        return int(verdicts[0]), int(clicks[0]), latest

    def record_judgement(self, address: str, item_id: int, label: str, now: datetime) -> bool:
        """Keep a subscriber's click (the latest one per item wins); False: no such item."""
        from monitor.store.models import ItemRow, JudgementRow

        with self.session() as s:
            if s.get(ItemRow, item_id) is None:
                return False
            row = s.get(JudgementRow, (address, item_id)) or JudgementRow(
                address=address, item_id=item_id, label=label, at=now
            )
            row.label, row.at = label, now
            s.add(row)
            try:
                s.commit()
            except IntegrityError:  # the same click twice at once: the other one is kept
                s.rollback()
            return True

    def judgements_of(self, item_id: int) -> list[JudgementRow]:
        from sqlmodel import select

        from monitor.store.models import JudgementRow

        with self.session() as s:
            q = select(JudgementRow).where(JudgementRow.item_id == item_id)
            return list(s.exec(q.order_by(JudgementRow.at)).all())  # type: ignore[arg-type]

    def promote(self, item_id: int, topics: Sequence[str], by: str) -> bool:
        """Deliver an item that stayed under the threshold, in ``topics``: a subscriber asked
        for more like it. Everyone whose topics it matches is owed it from then on (once, by
        the delivery keys); the hit says who. False when it was on topic already."""
        from monitor.store.models import ItemRow, TopicMatchRow

        with self.session() as s:
            row = s.get(ItemRow, item_id)
            if row is None or row.on_topic or not topics:
                return False
            for topic in topics:
                m = s.get(TopicMatchRow, (item_id, topic)) or TopicMatchRow(
                    item_id=item_id, topic=topic, score=0, matched=True, explanation="[]"
                )
                hits = json.loads(m.explanation)
                hits.append({"rule": f"promoted by a subscriber ({by})", "terms": [],
                             "where": "feedback", "points": 0})  # fmt: skip
                m.matched, m.explanation = True, json.dumps(hits, ensure_ascii=False)
                s.add(m)
            row.on_topic = True
            s.add(row)
            s.commit()
            return True

    def topic_scores(self, item_id: int) -> dict[str, tuple[float, bool]]:
        """Each topic's (score, matched) for one item, as archived."""
        from sqlmodel import select

        from monitor.store.models import TopicMatchRow

        with self.session() as s:
            q = select(TopicMatchRow).where(TopicMatchRow.item_id == item_id)
            return {m.topic: (m.score, m.matched) for m in s.exec(q)}

    def near_misses(
        self,
        address: str,
        since: datetime,
        thresholds: dict[str, float],
        limit: int = 10,
    ) -> list[StoredItem]:
        """Off-topic items fetched since ``since`` that scored at least half a threshold of
        one of ``thresholds``' topics but stayed under it, not yet in a mail to ``address``
        (nor withdrawn by the operator), highest score first."""
        from sqlmodel import select

        from monitor.store.models import DeliveryRow, FeedbackRow, ItemRow, TopicMatchRow

        if not thresholds:
            return []
        low = min(thresholds.values()) / 2
        keyed = select(DeliveryRow.item_id).where(DeliveryRow.address == address)
        withdrawn = select(FeedbackRow.item_id).where(FeedbackRow.label == "irrelevant")
        with self.session() as s:
            q = (
                select(TopicMatchRow.item_id, TopicMatchRow.topic, TopicMatchRow.score)
                .join(ItemRow, ItemRow.id == TopicMatchRow.item_id)  # type: ignore[arg-type]
                .where(
                    ItemRow.on_topic == False,  # noqa: E712
                    ItemRow.origin == "feed",
                    ItemRow.fetched_at >= since,
                    ItemRow.id.not_in(keyed),  # type: ignore[union-attr]
                    ItemRow.id.not_in(withdrawn),  # type: ignore[union-attr]
                    TopicMatchRow.matched == False,  # noqa: E712
                    TopicMatchRow.topic.in_(list(thresholds)),  # type: ignore[attr-defined]
                    TopicMatchRow.score >= low,
                )
            )
            best: dict[int, float] = {}
            for item_id, topic, score in s.exec(q):
                if score >= thresholds[topic] / 2:
                    share = score / thresholds[topic]
                    best[item_id] = max(best.get(item_id, 0.0), share)
            chosen = sorted(best, key=lambda i: (-best[i], -i))[:limit]
            rows = s.exec(select(ItemRow).where(ItemRow.id.in_(chosen))).all()  # type: ignore[union-attr]
            by_id = {r.id: r for r in self._with_topics(s, rows, near=True)}
            return [by_id[i] for i in chosen if i in by_id]
