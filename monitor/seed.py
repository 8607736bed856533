"""Seed the archive with the four articles that define the beat.

They are history the users have read: stored as archived (origin "seed"), so a later copy from
any outlet is recognised as a duplicate, but never delivered or listed in feeds themselves.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlalchemy.exc import IntegrityError

from monitor.canon import canonical_url
from monitor.resources import resource_dir
from monitor.store import NewItem, Store
from monitor.text import fingerprint, shingle_sets
from monitor.types import Item

if TYPE_CHECKING:  # imported when a seed is missing: a seeded archive's commands need none
    from monitor.match import Matcher


def load_seeds() -> list[Item]:
    data = json.loads((resource_dir("seeds") / "seeds.json").read_text(encoding="utf-8"))
    items = []
    for s in data["seeds"]:
        published = datetime.fromisoformat(s["published"])
        items.append(
            Item(
                source=s["outlet"],
                guid=s["guid"],
                url=s["url"],
                title=s["title"],
                text=s["body"],
                published=published,
                language=s["language"],
                fetched_at=published,
            )
        )
    return items


def seed_archive(store: Store, matcher: Matcher | Callable[[], Matcher]) -> int:
    """Add the seeds that are missing; returns how many were added (0 on every later call).
    ``matcher`` may be a function that makes one, called only when a seed is missing: every
    command seeds, and making a Matcher (stemming every rule) cost more than the rest of a
    `monitor archive show`."""
    missing = [item for item in load_seeds() if not store.seen_guids(item.source, [item.guid])]
    if not missing:
        return 0
    from monitor.match import Matcher

    if not isinstance(matcher, Matcher):
        matcher = matcher()
    added = 0
    for item in missing:
        fine, keys = shingle_sets(item.body)
        seed = NewItem(
            item,
            canonical_url(item.url),
            fingerprint(item.title, item.body),
            fine,
            matcher.score(item.title, item.body, item.language),
            origin="seed",
            keys=keys,
        )
        try:
            store.store_batch([seed], [], datetime.now(UTC))
        except IntegrityError:
            continue  # another process seeded it at the same moment
        added += 1
    return added
