"""A source's good poll crosses from the pipeline to the archive as a typed record
(``SourceSuccess``, issue #24), not a dict with ad-hoc keys: what each field writes into the
source's state, alone, in a group, and through the keyword form ``record_success`` keeps."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from monitor.config import load_config
from monitor.store import Store
from monitor.types import SourceSuccess
from tests.conftest import write_config

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    cfg = write_config(tmp_path / "sources.toml", [{"name": "A", "url": "https://a.example/rss"}])
    return Store(load_config(cfg, {}).storage_url)


def test_a_success_resets_failures_and_adds_its_counts(store: Store) -> None:
    store.record_failure("Wire", when=NOW - timedelta(hours=1), error="timed out")
    ok = SourceSuccess(name="Wire", when=NOW, etag='"e1"', last_modified="Sun, 01 Mar 2026",
                       items_seen=7, min_interval=900, article_failures=2)  # fmt: skip
    store.record_successes([ok])
    store.record_successes([SourceSuccess(name="Wire", when=NOW, items_seen=3)])
    row = store.source_state("Wire")
    assert (row.last_success, row.last_attempt) == (NOW, NOW)
    assert (row.consecutive_failures, row.failing_since, row.last_error) == (0, None, None)
    assert (row.items_seen, row.article_failures) == (10, 2)  # added up over both polls
    assert (row.etag, row.last_modified, row.min_interval) == (None, None, None)  # the latest


def test_the_address_is_recorded_only_with_the_configured_one(store: Store) -> None:
    moved = SourceSuccess(name="Wire", when=NOW, config_url="https://a.example/rss",
                          url="https://b.example/rss")  # fmt: skip
    store.record_successes([moved])
    store.record_successes([SourceSuccess(name="Wire", when=NOW, url="https://c.example/")])
    row = store.source_state("Wire")
    assert (row.config_url, row.url) == ("https://a.example/rss", "https://b.example/rss")


def test_in_a_group_successes_are_written_at_its_commit(store: Store) -> None:
    with store.grouped():
        store.record_successes([SourceSuccess(name="Wire", when=NOW, etag='"g"')])
        assert store.all_source_states() == {}  # deferred: one statement for the group
    assert store.source_state("Wire").etag == '"g"'


def test_record_success_keeps_its_keywords(store: Store) -> None:
    store.record_success("Wire", when=NOW, etag='"k"', items_seen=4)
    row = store.source_state("Wire")
    assert (row.etag, row.items_seen, row.last_success) == ('"k"', 4, NOW)
    with pytest.raises(TypeError):  # a misspelt field fails loudly, no longer ignored
        store.record_success("Wire", when=NOW, etgs='"x"')
