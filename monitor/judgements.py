"""What a subscriber's click in a mail does ("not relevant", "more like this").

A click is recorded as the same kind of example `monitor feedback` records (relevant or
irrelevant), attributed to the subscriber (``judgement`` rows). Unlike the operator's verdict it
never withdraws an item: one subscriber's "not relevant" leaves the item in everyone else's
feeds and mail. What it changes depends on ``[delivery] judgements``:

- "shared": the click is an example for every later score (the poll's matcher loads it), so
  similar items of the next poll are lifted or demoted in the archive, as `monitor archive show`
  explains. "More like this" on a near miss also promotes that item: everyone whose topics it
  scored in gets it at their next digest, once (the delivery keys).
- "per-subscriber": the archive's scores stay; the click is an example only when that
  subscriber's digest is put together (``personal_view``): an owed item their "not relevant"
  examples pull under the threshold is skipped for them, a near miss their "more like this"
  examples lift over it is delivered to them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from monitor.config import Config, SubscriberConfig
from monitor.deliver.feedback_links import VERDICTS
from monitor.store import Store, StoredItem

if TYPE_CHECKING:  # the matcher: imported where a subscriber's own examples are scored
    from monitor.match import Matcher
    from monitor.similar import Exemplar

NEAR_MISSES_SHOWN = 10  # at most this many in the "Possibly relevant" section
# Borderline items looked at for one subscriber's own examples (per-subscriber judgements).
PERSONAL_CANDIDATES = 100


@dataclass(frozen=True)
class Recorded:
    label: str  # relevant | irrelevant
    promoted: bool  # a near miss now delivered to everyone whose topics it scored in


def thresholds(config: Config, topics: Sequence[str] = ()) -> dict[str, float]:
    """Each topic's threshold, of ``topics`` (all when empty)."""
    return {t.name: t.threshold for t in config.topics if not topics or t.name in topics}


def record(
    config: Config, store: Store, address: str, item_id: int, verdict: str, now: datetime
) -> Recorded | None:
    """Keep one click; None when the archive has no such item (pruned since the mail)."""
    label = VERDICTS[verdict]
    if not store.record_judgement(address, item_id, label, now):
        return None
    promoted = False
    if label == "relevant" and config.delivery.judgements == "shared":
        limits = thresholds(config)
        scores = store.topic_scores(item_id)
        near = [t for t, (score, _) in scores.items() if t in limits and score >= limits[t] / 2]
        promoted = store.promote(item_id, near, address)
    return Recorded(label, promoted)


@dataclass(frozen=True)
class View:
    """One subscriber's digest after their own examples: what goes in, the near misses left
    for the "Possibly relevant" section, and owed items their examples ruled out."""

    items: list[StoredItem]
    near: list[StoredItem]
    dropped: list[int]


def personal_view(
    config: Config,
    store: Store,
    sub: SubscriberConfig,
    address: str,
    items: list[StoredItem],
    window: datetime,
) -> View:
    """``items`` (what the address is owed) adjusted for the subscriber: their own examples
    (per-subscriber judgements only) and the near misses fetched since ``window``."""
    personal = config.delivery.judgements == "per-subscriber"
    own = _own_examples(config, store, address) if personal else []
    if not sub.near_misses and not own:
        return View(items, [], [])
    limit = PERSONAL_CANDIDATES if own else NEAR_MISSES_SHOWN
    near = store.near_misses(address, window, thresholds(config, sub.topics), limit)
    if not own:
        return View(items, near, [])
    from monitor.exemplars import load_exemplars  # vectors: loaded only when there are examples
    from monitor.match import Matcher

    shared = Matcher(config.topics, load_exemplars(store, config))
    mine = Matcher(config.topics, [*shared.exemplars, *own])
    wanted = set(sub.topics) or {t.name for t in config.topics}

    def matched(matcher: Matcher, i: StoredItem) -> bool:
        scores = matcher.score(i.title, i.body, i.language)
        return any(m.matched for m in scores if m.topic in wanted)

    kept, dropped = [], []
    for i in items:  # only what their examples change: the rest is the archive's verdict
        if matched(shared, i) and not matched(mine, i):
            dropped.append(i.id)
        else:
            kept.append(i)
    lifted: list[StoredItem] = []
    still: list[StoredItem] = []
    for i in near:
        (lifted if matched(mine, i) and not matched(shared, i) else still).append(i)
    return View(kept + lifted, still, dropped)


def _own_examples(config: Config, store: Store, address: str) -> list[Exemplar]:
    from monitor.exemplars import load_exemplars

    return load_exemplars(store, config, address=address)
