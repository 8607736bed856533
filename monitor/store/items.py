"""Items and their copies (sightings): the exact look-ups of dedupe (GUIDs, addresses,
fingerprints), ``store_batch`` (a feed's new items, copies, topic scores and index keys in
one write), and reading the archive back (``recent``, ``item_detail``, ``counts``)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, delete, select, update

from monitor.store.base import _CHUNK, FEEDS_REVISION, StoreBase, StoredItem
from monitor.store.tables import (
    FEEDBACK,
    ITEM,
    SHINGLE,
    SHINGLE_SET,
    SIGHTING,
    TOPIC_MATCH,
    _bind_processor,
)
from monitor.text import pack_hashes, unpack_hashes
from monitor.types import Item, SourceSuccess, TopicMatch

if TYPE_CHECKING:  # imported by the methods that use them (models.py says why)
    from sqlmodel import Session

    from monitor.store.models import (
        DeliveryRow,
        ItemRow,
        SightingRow,
        TopicMatchRow,
    )


@dataclass(eq=False)
class NewItem:
    """An item to archive in a batch, with what matching, dedupe and clustering found.

    ``story`` is the id of an archived item's story, another NewItem of the same batch (whose
    story it joins), or None: the item starts its own story. ``id`` is set when stored."""

    item: Item
    canonical_url: str | None
    fingerprint: str
    shingles: set[int]
    scores: Sequence[TopicMatch]
    signature: dict[str, Any] | None = None
    story: int | NewItem | None = None
    origin: str = "feed"
    id: int | None = None
    keys: set[int] | None = None  # the index keys of ``shingles``; None: all of them

    @property
    def on_topic(self) -> bool:
        return any(m.matched for m in self.scores)


@dataclass(frozen=True)
class NewSighting:
    """A copy to record: ``of`` is an archived item's id or a NewItem of the same batch."""

    item: Item
    of: int | NewItem
    reason: str
    canonical_url: str | None
    similarity: float | None = None
    # A near-copy's own fingerprints and their index keys, added to the item's (round 33): a
    # later copy of this text (a teaser of a mirror's cut) is then found as the item's copy.
    shingles: frozenset[int] = frozenset()
    keys: frozenset[int] = frozenset()


@dataclass(frozen=True)
class StubReplacement:
    """An outlet's own article taking the place of the archived news-search entry it copies
    (``replace_stubs``). ``fingerprint``, ``shingles`` and ``keys`` are the article's when its
    text replaces the entry's, else None: the entry's stay with its text."""

    item_id: int
    item: Item
    canonical_url: str | None
    fingerprint: str | None = None
    shingles: frozenset[int] = frozenset()
    keys: frozenset[int] | None = None  # the index keys of ``shingles``; None: all of them
    # The article's judgement when, read in full, it is off the beat the entry's headline
    # seemed on: the item is withdrawn (``replace_stubs``). Empty: the judgement stands.
    withdrawn: tuple[TopicMatch, ...] = ()


# Why an item a news search's headline started left the feeds (``replace_stubs``), as
# ``monitor archive show`` prints it among the rules.
WITHDRAWN_RULE = (
    "withdrawn: the outlet's own article, read in full, is off the beat its headline seemed on"
)

# The most fingerprints an item's set grows to with its near-copies' (``_add_copies_texts``):
# twice the longest article's of the labelled sets' black-box archives (493; 51 on average).
COPIES_FINGERPRINTS = 1000

# Item ids a PostgreSQL store takes from the sequence beyond those a batch needs (see
# ``_new_item_ids``): one wait on the server for the ids of ~10 feeds of 50 new entries.
ID_SPARE = 500


class ItemsMixin(StoreBase):
    """Items and their copies (sightings): the exact look-ups of dedupe, the batch a poll
    writes, and reading the archive back."""

    def is_empty(self) -> bool:
        from sqlmodel import func, select

        from monitor.store.models import ItemRow

        with self.session() as s:
            return s.exec(select(func.count()).select_from(ItemRow)).one() == 0

    def seen_guids(self, source: str, guids: Sequence[str]) -> set[str]:
        """The GUIDs of this source already looked at: one query for a whole feed."""
        with self._cursor() as cur:
            return {
                guid
                for (guid,) in self._rows_in(
                    cur,
                    "SELECT guid FROM sighting WHERE source = ? AND guid IN ({inlist})",
                    sorted(set(guids)),
                    source,
                )
            }

    def known_addresses(self, canonical_urls: Iterable[str | None]) -> dict[str, int]:
        """Archived item id by canonical address, for those of these addresses already seen."""
        urls = sorted({u for u in canonical_urls if u})
        if not urls:
            return {}
        if self.engine.dialect.name == "postgresql":  # one round trip, not two
            return self.known_copies(urls, [])[0]
        with self._cursor() as cur:
            return _by_address(
                self._rows_in(
                    cur,
                    "SELECT canonical_url, item_id FROM sighting WHERE canonical_url IN ({inlist})",
                    urls,
                ),
                self._rows_in(
                    cur,
                    "SELECT canonical_url, id FROM item WHERE canonical_url IN ({inlist})",
                    urls,
                ),
            )

    def known_copies(
        self, canonical_urls: Iterable[str | None], fingerprints: Iterable[str]
    ) -> tuple[dict[str, int], dict[str, int]]:
        """``known_addresses`` and ``known_fingerprints`` in one query: a poll asks both of
        every feed's new entries, and in a poll that brings a few entries a feed the three
        statements cost more than SQLite's answers."""
        urls = sorted({u for u in canonical_urls if u})
        fps = sorted(set(fingerprints))
        postgres = self.engine.dialect.name == "postgresql"
        if not postgres and (not urls or not fps or 2 * len(urls) + len(fps) > _CHUNK):
            return self.known_addresses(urls), self.known_fingerprints(fps)
        if postgres:  # arrays: one statement text, prepared once (see StoreBase._rows_in)
            u = f = "= ANY(%b)"
        else:
            u = "IN (" + ", ".join([self._mark] * len(urls)) + ")"
            f = "IN (" + ", ".join([self._mark] * len(fps)) + ")"
        sql = (
            f"SELECT 0, canonical_url, item_id FROM sighting WHERE canonical_url {u} "
            f"UNION ALL SELECT 1, canonical_url, id FROM item WHERE canonical_url {u} "
            f"UNION ALL SELECT 2, fingerprint, id FROM item WHERE fingerprint {f}"
        )
        with self._cursor() as cur:
            cur.execute(sql, (urls, urls, fps) if postgres else (*urls, *urls, *fps))
            rows = cur.fetchall()
        by_url = _by_address(
            ((key, item_id) for tag, key, item_id in rows if tag == 0),
            ((key, item_id) for tag, key, item_id in rows if tag == 1),
        )
        return by_url, {key: item_id for tag, key, item_id in rows if tag == 2}

    def known_fingerprints(self, fingerprints: Iterable[str]) -> dict[str, int]:
        fps = sorted(set(fingerprints))
        if not fps:
            return {}
        with self._cursor() as cur:
            return dict(
                self._rows_in(
                    cur, "SELECT fingerprint, id FROM item WHERE fingerprint IN ({inlist})", fps
                )
            )

    def store_batch(
        self,
        new: Sequence[NewItem],
        sightings: Sequence[NewSighting],
        now: datetime,
        *,
        success: SourceSuccess | None = None,
    ) -> None:
        """Archive a source's new items and copies in one transaction: a poll writes once per
        feed, not once per entry (a commit costs a disk sync; 50 of them were most of a feed's
        time). All or nothing: on IntegrityError (another worker stored one of these first)
        nothing is written and the caller judges the entries again. Sets each NewItem's id.
        ``success``: the source's good poll (``record_successes``), in the same transaction."""

        items = ITEM
        with self._write(core=True) as s:
            if new:
                # Ids taken first, then one executemany: an INSERT … RETURNING that must give
                # ids in row order runs row by row on SQLite (15,000 statements in a first
                # poll of 300 feeds, most of its database time).
                for n, item_id in zip(new, self._new_item_ids(s, len(new)), strict=True):
                    n.id = item_id
                for n in new:
                    if n.signature is not None:
                        n.story = _story_id(n)
                rows = [
                    _item_values(n, now, uid)
                    for n, uid in zip(new, _new_uids(len(new)), strict=True)
                ]
                self._insert(s, items, rows)
                self._insert(
                    s,
                    SIGHTING,
                    [
                        _sighting_values(n.item, n.id, "seed" if n.origin == "seed" else "new",
                                         n.canonical_url, None, now)
                        for n in new
                    ],
                )  # fmt: skip
                topics = [
                    {
                        "item_id": n.id,
                        "topic": m.topic,
                        "score": m.score,
                        "matched": m.matched,
                        "explanation": json.dumps(m.explain(), ensure_ascii=False),
                        "alert": m.alert,
                    }
                    for n in new
                    for m in n.scores
                    if m.hits or m.matched  # a demoted item keeps its explanation too
                ]
                if topics:
                    self._insert(s, TOPIC_MATCH, topics)
                shingled = [n for n in new if n.shingles]
                if shingled:  # ~75 key rows an article: tuples, not dicts
                    self._insert(
                        s,
                        SHINGLE_SET,
                        [(n.id, pack_hashes(n.shingles)) for n in shingled],
                        ("item_id", "hashes"),
                    )
                    keys = [
                        (h, n.id)
                        for n in shingled
                        for h in (n.shingles if n.keys is None else n.keys)
                    ]
                    self._insert(s, SHINGLE, keys, ("hash", "item_id"))
            if sightings:
                self._insert(
                    s,
                    SIGHTING,
                    [
                        _sighting_values(c.item, c.of.id if isinstance(c.of, NewItem) else c.of,
                                         c.reason, c.canonical_url, c.similarity, now)
                        for c in sightings
                    ],
                )  # fmt: skip
            if success is not None:
                self._succeeded(s, [success])
        if any(c.shingles for c in sightings):
            # A write of its own: it reads the items' sets, which PostgreSQL's pipelined core
            # write above cannot (a result is there only when the pipeline is synced).
            with self._write() as s:
                self._add_copies_texts(s, sightings)

    def _add_copies_texts(self, s: Session, sightings: Sequence[NewSighting]) -> None:
        """Each near-copy's fingerprints added to the item it copies, and their index keys:
        the item's text is each of its copies' too. A mirror's cut or a rewrite says some
        sentences the item does not ("wczoraj" for "w piątek"), and a teaser made of them
        shared too little with the item alone to be found its copy: it was delivered again
        (round 33). At most COPIES_FINGERPRINTS an item (a wire story rewritten fifty times
        keeps a bounded set); an item archived before the sets (migration 0002) is left as
        it is. On PostgreSQL the sets are read for update: two workers adding copies of one
        item do not lose each other's."""
        more: dict[int, tuple[set[int], set[int]]] = {}
        for c in sightings:
            if c.shingles:
                item_id = c.of.id if isinstance(c.of, NewItem) else c.of
                assert item_id is not None  # a batch's new items have their ids by now
                shingles, keys = more.setdefault(item_id, (set(), set()))
                shingles |= c.shingles
                keys |= c.keys
        if not more:
            return
        query = select(SHINGLE_SET.c.item_id, SHINGLE_SET.c.hashes).where(
            SHINGLE_SET.c.item_id.in_(sorted(more))
        )
        if self.engine.dialect.name == "postgresql":
            query = query.with_for_update()
        sets, rows = [], []
        for item_id, blob in s.execute(query).all():
            had = unpack_hashes(blob)
            shingles, keys = more[item_id]
            grown = had | shingles
            if len(grown) == len(had) or len(grown) > COPIES_FINGERPRINTS:
                continue
            sets.append({"id_": item_id, "hashes_": pack_hashes(grown)})
            rows += [{"hash": h, "item_id": item_id} for h in sorted(keys)]
        if not sets:
            return
        s.execute(
            update(SHINGLE_SET)
            .where(SHINGLE_SET.c.item_id == bindparam("id_"))
            .values(hashes=bindparam("hashes_")),
            sets,
        )
        insert = self._insert_dialect()
        s.execute(insert(SHINGLE).on_conflict_do_nothing(index_elements=["hash", "item_id"]), rows)

    def replace_stubs(self, replacements: Sequence[StubReplacement]) -> None:
        """Let an outlet's own article speak for the archived item a news search's entry
        started. The item keeps its id, its judgement, its story and its delivery records
        (what was sent is not sent again); it takes the article's outlet, link and headline,
        so readers follow the outlet's address rather than a search engine's redirect page;
        and, when the article says more, its text, fingerprint and shingles, so later copies
        are matched against the article rather than the headline. The search's entry stays
        the item's first sighting.

        ``withdrawn``: the article, read in full, is off the beat. The item takes its
        judgement and leaves the feeds, the page and the digests not yet sent, as an
        operator's "irrelevant" would take it out (what was sent stays sent); unless an
        operator has marked it relevant: a person's verdict outranks the rules'."""
        if not replacements:
            return
        with self._write(core=True) as s:
            for r in replacements:
                if r.withdrawn:
                    self._withdraw(s, r.item_id, r.withdrawn)
                item = r.item
                changed_at = item.fetched_at or datetime.now(UTC)  # when the article came
                values: dict[str, Any] = {
                    "source": item.source, "guid": item.guid, "url": item.url,
                    "canonical_url": r.canonical_url, "title": item.title,
                    "changed_at": changed_at,
                }  # fmt: skip
                for key in ("published", "language"):  # the entry's, unless the article says
                    if getattr(item, key) is not None:
                        values[key] = getattr(item, key)
                if r.fingerprint is not None:
                    values.update(summary=item.summary, text=item.text, fingerprint=r.fingerprint)
                s.execute(update(ITEM).where(ITEM.c.id == r.item_id).values(**values))
                if r.fingerprint is None:
                    continue
                s.execute(delete(SHINGLE).where(SHINGLE.c.item_id == r.item_id))
                s.execute(delete(SHINGLE_SET).where(SHINGLE_SET.c.item_id == r.item_id))
                if r.shingles:
                    self._insert(s, SHINGLE_SET, [(r.item_id, pack_hashes(set(r.shingles)))],
                                 ("item_id", "hashes"))  # fmt: skip
                    keys = r.shingles if r.keys is None else r.keys
                    self._insert(s, SHINGLE, [(h, r.item_id) for h in keys], ("hash", "item_id"))
            self._feeds_changed(s)

    def _withdraw(self, s: Session, item_id: int, scores: Sequence[TopicMatch]) -> None:
        """The item judged again on its outlet's article (``replace_stubs``): off topic, its
        topic rows the article's, each with why it was withdrawn."""
        from sqlalchemy import select

        kept = s.execute(
            select(FEEDBACK.c.item_id).where(
                FEEDBACK.c.item_id == item_id, FEEDBACK.c.label == "relevant"
            )
        ).first()
        if kept is not None:
            return
        why = {"rule": WITHDRAWN_RULE, "terms": [], "where": "text", "points": 0}
        s.execute(update(ITEM).where(ITEM.c.id == item_id).values(on_topic=False))
        s.execute(delete(TOPIC_MATCH).where(TOPIC_MATCH.c.item_id == item_id))
        rows = [
            {
                "item_id": item_id,
                "topic": m.topic,
                "score": m.score,
                "matched": False,
                "explanation": json.dumps([*m.explain(), why], ensure_ascii=False),
                "alert": False,
            }
            for m in scores
        ]
        if rows:
            self._insert(s, TOPIC_MATCH, rows)

    def _new_item_ids(self, s: Session, n: int) -> list[int]:
        """``n`` ids for new items. PostgreSQL: from the column's sequence (other workers take
        theirs concurrently). SQLite: after the highest id, which is safe because a write
        transaction there holds the database's write lock from its start (see ``_write``)."""
        if self.engine.dialect.name == "postgresql":
            # Taken ahead, ID_SPARE more than asked, and handed out from this store: asking the
            # sequence was a wait on the server of its own in every feed's write, the one the
            # pipeline could not hide (the inserts need the ids). Ids a crash leaves unused
            # are gaps, as a sequence leaves after a rollback.
            with self._ids_lock:
                if len(self._spare_ids) < n:
                    sql = (
                        "SELECT nextval(pg_get_serial_sequence('item', 'id')) "
                        "FROM generate_series(1, %s)"
                    )
                    more = n - len(self._spare_ids) + ID_SPARE
                    taken = self._driver(s, sql, params=(more,), rows=True)
                    self._spare_ids += [i for (i,) in taken]
                ids, self._spare_ids = self._spare_ids[:n], self._spare_ids[n:]
            return ids
        top = self._driver(s, "SELECT coalesce(max(id), 0) FROM item")[0][0]
        return list(range(top + 1, top + 1 + n))

    def _insert(
        self, s: Session, table: Any, rows: list[Any], cols: tuple[str, ...] | None = None
    ) -> None:
        """``rows`` (dicts with the same keys, or tuples in the order of ``cols``) in one
        executemany on the driver, each value through its column's bind processor as SQLAlchemy
        would send it (datetimes, booleans): a Core insert's per-row parameter handling was
        ~40 us a row, most of storing 50,000 items."""
        if cols is None:
            cols = tuple(rows[0])
            rows = [tuple(r.values()) for r in rows]
        postgres = self.engine.dialect.name == "postgresql"
        if (table.name, cols) not in self._inserts:
            dialect = self.engine.dialect
            procs = [(n, _bind_processor(table.c[c].type, dialect)) for n, c in enumerate(cols)]
            if postgres:
                sql = _unnest_insert(table, cols, dialect)
            else:
                marks = ", ".join([self._mark] * len(cols))
                sql = f"INSERT INTO {table.name} ({', '.join(cols)}) VALUES ({marks})"
            self._inserts[table.name, cols] = (sql, [(n, p) for n, p in procs if p is not None])
        sql, procs = self._inserts[table.name, cols]
        if procs or postgres:
            # A column at a time, each distinct value once (a batch's rows share their fetch
            # time): the per-value generator was a tenth of a first poll's main thread.
            columns = list(zip(*rows, strict=True))
            for n, p in procs:
                done = {v: p(v) for v in set(columns[n])}
                columns[n] = tuple(map(done.__getitem__, columns[n]))
            if postgres:  # one statement, an array a column, however many rows
                self._driver(s, sql, params=tuple(map(list, columns)))
                return
            rows = list(zip(*columns, strict=True))
        self._driver(s, sql, rows)

    def copies_of(self, item_ids: Iterable[int]) -> dict[int, list[tuple[str, str | None]]]:
        """Other outlets that served each item (duplicates): item id → [(outlet, url)]."""
        from sqlmodel import col, select

        from monitor.store.models import SightingRow

        ids = sorted(set(item_ids))
        if not ids:
            return {}
        with self.session() as s:
            rows = s.exec(
                select(SightingRow)
                .where(
                    SightingRow.item_id.in_(ids),  # type: ignore[attr-defined]
                    SightingRow.reason.not_in(("new", "seed")),  # type: ignore[attr-defined]
                )
                .order_by(col(SightingRow.id))
            ).all()
            out: dict[int, list[tuple[str, str | None]]] = {}
            for r in rows:
                seen = out.setdefault(r.item_id, [])
                if all(r.source != o for o, _ in seen):
                    seen.append((r.source, r.url))
            return out

    def recent(
        self, *, topic: str | None = None, limit: int = 100, on_topic_only: bool = True
    ) -> list[StoredItem]:
        from sqlmodel import col, select

        from monitor.store.models import ItemRow, TopicMatchRow

        with self.session() as s:
            q = select(ItemRow).where(ItemRow.origin == "feed")
            if on_topic_only:
                q = q.where(ItemRow.on_topic == True)  # noqa: E712
            if topic:
                q = q.where(
                    ItemRow.id.in_(  # type: ignore[union-attr]
                        select(TopicMatchRow.item_id).where(
                            TopicMatchRow.topic == topic,
                            TopicMatchRow.matched == True,  # noqa: E712
                        )
                    )
                )
            q = q.order_by(col(ItemRow.fetched_at).desc(), col(ItemRow.id).desc()).limit(limit)
            return self._with_topics(s, s.exec(q).all())

    def list_items(self, limit: int = 50, *, include_off_topic: bool = False) -> list[ItemRow]:
        from sqlmodel import col, select

        from monitor.store.models import ItemRow

        with self.session() as s:
            q = select(ItemRow)
            if not include_off_topic:
                q = q.where(ItemRow.on_topic == True)  # noqa: E712
            q = q.order_by(col(ItemRow.fetched_at).desc(), col(ItemRow.id).desc()).limit(limit)
            return list(s.exec(q).all())

    def headlines(
        self, since: datetime, until: datetime, on_topic: bool = True
    ) -> list[tuple[int, str, str, str | None, int]]:
        """(id, title, source, url, length of its text) of the on-topic items fetched in this
        window, and of the seeds: what a headline-only entry or an aggregator's entry may
        stand for (dedupe.headline_copy). A range of the delivery index. ``on_topic=False``:
        the off-topic items instead (no seeds): the outlets' articles judged off the beat in
        full, which a news search's headline must not bring back."""
        from sqlmodel import func, select

        from monitor.store.models import ItemRow, SightingRow

        with self.session() as s:
            body = func.length(ItemRow.text) + func.length(ItemRow.summary)
            q = select(  # type: ignore[call-overload]  # sqlmodel types 4 columns at most
                ItemRow.id, ItemRow.title, ItemRow.source, ItemRow.url, body
            )
            fetched = ((ItemRow.origin == "feed") & (ItemRow.fetched_at >= since)
                       & (ItemRow.fetched_at <= until))  # fmt: skip
            q = q.where(
                ItemRow.on_topic == on_topic,
                (fetched | (ItemRow.origin == "seed")) if on_topic else fetched,
            )
            rows = [(int(i), t, src, u, int(n or 0)) for i, t, src, u, n in s.exec(q).all()]
            if not on_topic:
                return rows
            # The outlets' copies of these items, each with its headline and outlet (round 33):
            # a news search's entry names the copy's outlet and headline. Found through the
            # items (the same index range) and their sightings (by item), as long as the item
            # (a copy is nearly its text).
            copies = (
                select(  # type: ignore[call-overload]  # sqlmodel types 4 columns at most
                    SightingRow.item_id,
                    SightingRow.title,
                    SightingRow.source,
                    SightingRow.url,
                    body,
                )
                .select_from(ItemRow)
                .join(SightingRow, SightingRow.item_id == ItemRow.id)
                .where(
                    ItemRow.on_topic == True,  # noqa: E712
                    fetched,
                    SightingRow.title.is_not(None),  # type: ignore[union-attr]  # a copy's
                )
            )
            rows += [(int(i), t, src, u, int(n or 0)) for i, t, src, u, n in s.exec(copies).all()]
            return rows

    def item_detail(
        self, item_id: int
    ) -> tuple[ItemRow, list[TopicMatchRow], list[SightingRow], list[DeliveryRow]] | None:
        from sqlmodel import col, select

        from monitor.store.models import DeliveryRow, ItemRow, SightingRow, TopicMatchRow

        with self.session() as s:
            row = s.get(ItemRow, item_id)
            if row is None:
                return None
            matches = s.exec(select(TopicMatchRow).where(TopicMatchRow.item_id == item_id)).all()
            sightings = s.exec(
                select(SightingRow)
                .where(SightingRow.item_id == item_id)
                .order_by(col(SightingRow.id))
            ).all()
            deliveries = s.exec(
                select(DeliveryRow).where(
                    DeliveryRow.item_id == item_id, DeliveryRow.status == "sent"
                )
            ).all()
            return row, list(matches), list(sightings), list(deliveries)

    def feed_version(self) -> tuple[int, int, int, str]:
        """Changes whenever what the feeds show can change: new items, verdicts, and archived
        items rewritten in place (stories merged, an outlet's article over a search's entry:
        ``FEEDS_REVISION``)."""
        from sqlmodel import col, func, select

        from monitor.store.models import FeedbackRow, ItemRow, SettingRow

        with self.session() as s:
            newest, on = s.exec(
                select(func.coalesce(func.max(col(ItemRow.id)), 0), func.count()).where(
                    ItemRow.on_topic == True  # noqa: E712
                )
            ).one()
            verdicts = s.exec(select(func.count()).select_from(FeedbackRow)).one()
            revision = s.exec(
                select(SettingRow.value).where(SettingRow.name == FEEDS_REVISION)
            ).first()
            return int(newest or 0), int(on), int(verdicts), revision or ""

    def counts(self) -> dict[str, int]:
        from sqlmodel import func, select

        from monitor.store.models import ItemRow

        with self.session() as s:
            total = s.exec(select(func.count()).select_from(ItemRow)).one()
            on = s.exec(
                select(func.count()).select_from(ItemRow).where(ItemRow.on_topic == True)  # noqa: E712
            ).one()
            return {"items": total, "on_topic": on}


def _by_address(
    sightings: Iterable[tuple[str, int]], items: Iterable[tuple[str, int]]
) -> dict[str, int]:
    """Item id by canonical address: the first sighting under it, unless an item has it as
    its own address (the item itself wins). ``sightings`` is read to the end first."""
    out: dict[str, int] = {}
    for url, item_id in sightings:
        out.setdefault(url, item_id)
    for url, item_id in items:
        out[url] = item_id
    return out


def _unnest_insert(table: Any, cols: tuple[str, ...], dialect: Any) -> str:
    """PostgreSQL: an INSERT of any number of rows as one statement, each column sent as one
    array. An executemany, even pipelined, has the server run the statement once a row (a
    feed's ~200 index keys); this is planned and run once, and unlike COPY it can run inside
    the pipeline (``Store._pipelined``). The arrays go in the binary format (``%b``): in
    text, psycopg escapes every element with a regular expression, a third of the poll's
    main-process CPU in store_batch on PostgreSQL (docs/performance.md, round 4)."""
    arrays = ", ".join(f"%b::{table.c[c].type.compile(dialect=dialect)}[]" for c in cols)
    return f"INSERT INTO {table.name} ({', '.join(cols)}) SELECT * FROM unnest({arrays})"


def _story_id(n: NewItem) -> int:
    story = n.story
    while isinstance(story, NewItem):  # joined a story begun earlier in the same batch
        if story.story is None or story.story is story:
            story = story.id
            break
        story = story.story
    assert isinstance(story, int) or story is None
    return story if story is not None else n.id  # type: ignore[return-value]


def _new_uids(n: int) -> list[str]:
    """``n`` random (version 4) UUIDs as text, from one read of the system's random source:
    ``str(uuid.uuid4())`` per item was 3% of the loop's CPU in a first poll of 50,000."""
    raw = os.urandom(16 * n).hex()
    out = []
    for i in range(0, 32 * n, 32):
        h = raw[i : i + 32]
        variant = "89ab"[int(h[16], 16) & 3]
        out.append(f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{variant}{h[17:20]}-{h[20:]}")
    return out


def _item_values(n: NewItem, now: datetime, uid: str) -> dict[str, Any]:
    item = n.item
    return {
        "id": n.id,
        "uid": uid,
        "origin": n.origin,
        "source": item.source,
        "guid": item.guid,
        "url": item.url,
        "canonical_url": n.canonical_url,
        "title": item.title,
        "summary": item.summary,
        "text": item.text,
        "published": item.published,
        "language": item.language,
        "fetched_at": item.fetched_at or now,
        "fingerprint": n.fingerprint,
        "on_topic": n.on_topic,
        "story_id": n.story if n.signature is not None else None,
        "signature": json.dumps(n.signature, ensure_ascii=False) if n.signature is not None
        else None,
    }  # fmt: skip


def _sighting_values(
    item: Item, item_id: int | None, reason: str, canonical_url: str | None,
    similarity: float | None, now: datetime,
) -> dict[str, Any]:  # fmt: skip
    return {
        "item_id": item_id,
        "source": item.source,
        "guid": item.guid,
        "url": item.url,
        "canonical_url": canonical_url,
        "reason": reason,
        "similarity": similarity,
        "seen_at": now,
        # A copy's headline (an item's own sighting is its title already): ``headlines``.
        "title": None if reason in ("new", "seed") else item.title,
    }
