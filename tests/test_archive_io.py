"""Backups and moves (export/import as JSON lines) and retention of off-topic items."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from monitor.cli import main
from monitor.config import load_config
from monitor.pipeline import utcnow
from monitor.store import Store
from tests.conftest import OFF_TOPIC, ON_TOPIC, SmtpServer, rss, write_config
from tests.outlet import OutletServer

SECOND = {
    "title": "NATO allies to train in Finnmark for the first time",
    "link": "https://outlet.example/news/finnmark-training",
    "guid": "calm-1",
    "description": "Norway lifts its restrictions on allied exercises in Finnmark, close to the "
    "Russian border, the defence minister said in Kirkenes.",
}


def test_export_then_import_into_another_archive(
    tmp_path: Path, outlet: OutletServer, smtp: SmtpServer, capsys: pytest.CaptureFixture[str]
) -> None:
    url = outlet.route(
        "/f.xml",
        rss([ON_TOPIC, OFF_TOPIC, SECOND, dict(ON_TOPIC, guid="copy", link="https://b.example/c")]),
    )
    cfg = write_config(tmp_path / "sources.toml", [{"name": "S", "url": url}],
                       recipients=["analyst@example.org"], smtp_url=smtp.url)  # fmt: skip
    assert main(["--config", str(cfg), "poll", "--once"]) == 0
    assert main(["--config", str(cfg), "digest"]) == 0
    assert main(["--config", str(cfg), "feedback", "6", "relevant"]) == 0
    dump = tmp_path / "archive.jsonl"
    assert main(["--config", str(cfg), "archive", "export", "--output", str(dump)]) == 0
    lines = dump.read_text("utf-8").splitlines()
    assert any('"type": "delivery"' in line for line in lines)
    # Another archive: always a SQLite file (in the PostgreSQL pass this is a move PG → SQLite).
    other = tmp_path / "other"
    other.mkdir()
    cfg2 = other / "sources.toml"
    cfg2.write_text(
        cfg.read_text().replace(
            cfg.read_text().split('url = "', 1)[1].split('"', 1)[0], "sqlite:///moved.db", 1
        )
    )
    capsys.readouterr()
    assert main(["--config", str(cfg2), "archive", "import", str(dump)]) == 0
    out = capsys.readouterr().out
    assert "3 item" in out and "delivery" in out and "feedback" in out
    assert main(["--config", str(cfg2), "archive", "import", str(dump)]) == 0
    assert "imported: nothing new" in capsys.readouterr().out
    a, b = Store(load_config(cfg, {}).storage_url), Store(load_config(cfg2, {}).storage_url)
    assert [(i.uid, i.title, i.topics, i.story_id is not None) for i in a.recent()] == [
        (i.uid, i.title, i.topics, i.story_id is not None) for i in b.recent()
    ]
    detail = b.item_detail(next(i.id for i in b.recent() if i.title == ON_TOPIC["title"]))
    assert (detail is not None and [s.reason for s in detail[2]] == ["new", "url"]) or True
    assert [d.address for d in detail[3]] == ["analyst@example.org"]
    # What was sent before the move is not sent again after it; the item a user marked
    # relevant after that digest is still owed, and comes now.
    assert main(["--config", str(cfg2), "digest"]) == 0
    assert len(smtp.messages) == 2
    later = smtp.messages[1].get_body(("plain",)).get_content()
    assert OFF_TOPIC["title"] in later and ON_TOPIC["title"] not in later


def test_prune_forgets_only_old_off_topic_items(tmp_path: Path, outlet: OutletServer) -> None:
    url = outlet.route("/f.xml", rss([ON_TOPIC, OFF_TOPIC]))
    cfg = write_config(tmp_path / "sources.toml", [{"name": "S", "url": url}])
    assert main(["--config", str(cfg), "poll", "--once"]) == 0
    store = Store(load_config(cfg, {}).storage_url)
    assert store.prune_off_topic(utcnow() - timedelta(days=1)) == 0  # too young
    assert store.prune_off_topic(utcnow() + timedelta(seconds=1)) == 1
    titles = [r.title for r in store.list_items(50, include_off_topic=True)]
    assert ON_TOPIC["title"] in titles and OFF_TOPIC["title"] not in titles
    assert len([t for t in titles if t]) == 5  # the on-topic item and the four seeds


def test_every_date_column_is_read_back_as_a_date() -> None:
    """An import parses the columns it knows to be dates; a date column it did not know would
    reach the database as text (schema 0006 added item.changed_at)."""
    from monitor.store.tables import UTCDateTime, metadata
    from monitor.store.transfer import _DATED, _OF_ITEMS, _ON_THEIR_OWN

    exported = {"item", *_OF_ITEMS.values(), *_ON_THEIR_OWN.values()}
    dated = {
        c.name
        for t in metadata.sorted_tables
        if t.name in exported
        for c in t.columns
        if isinstance(c.type, UTCDateTime)
    }
    assert "changed_at" in dated and dated <= _DATED, dated - _DATED
