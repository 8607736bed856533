"""Values that cross between the parse workers and the poll's loop survive pickling whole."""

from __future__ import annotations

import dataclasses
import pickle
from datetime import UTC, datetime

from monitor.prepare import Prepared
from monitor.types import Item


def _distinct(cls: type) -> object:
    """An instance with a different, non-default value in every field (a field added later
    and forgotten in ``__reduce__`` would come back as its default, or fail here)."""
    values = {"published": datetime(2026, 1, 2, tzinfo=UTC),
              "fetched_at": datetime(2026, 3, 4, tzinfo=UTC), "promising": True, "words": 7,
              "analysis": None}  # fmt: skip
    return cls(**{f.name: values.get(f.name, f"{f.name}-value") for f in dataclasses.fields(cls)})


def test_items_and_preparations_pickle_with_every_field() -> None:
    for cls in (Item, Prepared):
        value = _distinct(cls)
        assert pickle.loads(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)) == value


def test_new_item_uids_are_distinct_version_4_uuids() -> None:
    import uuid

    from monitor.store import _new_uids

    uids = _new_uids(2000)
    assert len(set(uids)) == 2000
    for text in uids:
        parsed = uuid.UUID(text)
        assert str(parsed) == text  # canonical form, lower case
        assert parsed.version == 4 and parsed.variant == uuid.RFC_4122


def test_polls_collect_garbage_less_often_and_restore_the_thresholds() -> None:
    """Concurrent polls (the service's threads) share one setting: raised by the first, put
    back by the last, also when a poll fails."""
    import gc

    import pytest

    from monitor.pipeline import POLL_GC_THRESHOLD, fewer_collections

    before = gc.get_threshold()
    with fewer_collections():
        assert gc.get_threshold()[0] >= POLL_GC_THRESHOLD
        with pytest.raises(RuntimeError), fewer_collections():
            raise RuntimeError("a poll failed")
        assert gc.get_threshold()[0] >= POLL_GC_THRESHOLD  # the other poll still runs
    assert gc.get_threshold() == before
