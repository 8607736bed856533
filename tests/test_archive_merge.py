"""Issue #29.8 and #29.9: `archive import` into a live archive keeps what the archive knows
(unsubscribes, link secrets), malformed lines are named, and judged items survive pruning."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from monitor.cli import main
from monitor.config import load_config
from monitor.pipeline import utcnow
from monitor.store import FeedbackRow, Store
from tests.conftest import OFF_TOPIC, ON_TOPIC, rss, write_config
from tests.outlet import OutletServer


def test_prune_keeps_items_judged_irrelevant(tmp_path: Path, outlet: OutletServer) -> None:
    url = outlet.route("/f.xml", rss([ON_TOPIC, OFF_TOPIC]))
    cfg = write_config(tmp_path / "sources.toml", [{"name": "S", "url": url}])
    assert main(["--config", str(cfg), "poll", "--once"]) == 0
    store = Store(load_config(cfg, {}).storage_url)
    judged = next(r for r in store.list_items(50) if r.title == ON_TOPIC["title"])
    assert judged.id is not None
    assert main(["--config", str(cfg), "feedback", str(judged.id), "irrelevant"]) == 0
    # Both are off-topic now; only the one nobody judged may go.
    assert store.prune_off_topic(utcnow() + timedelta(seconds=1)) == 1
    titles = [r.title for r in store.list_items(50, include_off_topic=True)]
    assert ON_TOPIC["title"] in titles and OFF_TOPIC["title"] not in titles
    with store.session() as s:
        fb = s.get(FeedbackRow, judged.id)
        assert fb is not None and fb.label == "irrelevant"
    assert main(["--config", str(cfg), "archive", "prune"]) == 0
    assert judged.id in [r.id for r in store.list_items(50, include_off_topic=True)]
