"""Issue #29.8 and #29.9: `archive import` into a live archive keeps what the archive knows
(unsubscribes, link secrets), malformed lines are named, and judged items survive pruning."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from monitor.cli import main
from monitor.config import load_config
from monitor.pipeline import utcnow
from monitor.store import FeedbackRow, Store
from monitor.web import WebApp
from tests.conftest import OFF_TOPIC, ON_TOPIC, SmtpServer, rss, write_config
from tests.outlet import OutletServer
from tests.test_archive_io import SECOND


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


def _archive(tmp_path: Path, name: str, outlet: OutletServer, smtp: SmtpServer) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    url = outlet.route(f"/{name}.xml", rss([ON_TOPIC, OFF_TOPIC]))
    return write_config(folder / "sources.toml", [{"name": "S", "url": url}],
                        recipients=["ase@example.no", "bo@example.no"],
                        smtp_url=smtp.url)  # fmt: skip


def test_import_into_a_live_archive_keeps_unsubscribes_and_both_link_secrets(
    tmp_path: Path, outlet: OutletServer, smtp: SmtpServer
) -> None:
    old_cfg = _archive(tmp_path, "old", outlet, smtp)
    assert main(["--config", str(old_cfg), "poll", "--once"]) == 0
    assert main(["--config", str(old_cfg), "digest"]) == 0  # signed with the old secret
    old_config = load_config(old_cfg, {})
    old = Store(old_config.storage_url)
    old_link = smtp.messages[0]["List-Unsubscribe"]
    assert old.unsubscribe("ase@example.no", utcnow())
    dump = tmp_path / "backup.jsonl"
    assert main(["--config", str(old_cfg), "archive", "export", "--output", str(dump)]) == 0
    # A new archive that workers already started: subscribers known, a secret generated and
    # mail signed with it.
    new_cfg = _archive(tmp_path, "new", outlet, smtp)
    # Always a SQLite file of its own (in the PostgreSQL pass: a move PG -> SQLite).
    text = new_cfg.read_text("utf-8")
    new_cfg.write_text(text.replace(text.split('url = "', 1)[1].split('"', 1)[0],
                                    "sqlite:///new.db", 1), "utf-8")  # fmt: skip
    assert main(["--config", str(new_cfg), "poll", "--once"]) == 0
    assert main(["--config", str(new_cfg), "digest"]) == 0
    new_link = smtp.messages[-1]["List-Unsubscribe"]
    assert main(["--config", str(new_cfg), "archive", "import", str(dump)]) == 0
    new_config = load_config(new_cfg, {})
    new = Store(new_config.storage_url)
    state = new.subscriber_state("ase@example.no")
    assert state is not None and state.unsubscribed_at is not None
    web = WebApp(new_config, new)
    for header in (old_link, new_link):
        query = parse_qs(urlsplit(header.split("<", 1)[1].split(">", 1)[0]).query)
        assert web._check(query["a"][0], query["t"][0]), header
    assert not web._check("ase@example.no", "0" * 32)
    # Unsubscribed in the backup: no more mail, whatever comes.
    outlet.route("/new.xml", rss([ON_TOPIC, OFF_TOPIC, SECOND]))
    sent = len(smtp.messages)
    assert main(["--config", str(new_cfg), "poll", "--once"]) == 0
    assert main(["--config", str(new_cfg), "digest"]) == 0
    rcpts = [e.rcpt_tos[0] for e in smtp.handler.envelopes[sent:]]
    assert rcpts == ["bo@example.no"]


def _import(cfg: Path, lines: list[str], tmp_path: Path) -> int:
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return main(["--config", str(cfg), "archive", "import", str(path)])


@pytest.mark.parametrize(
    ("bad", "why"),
    [
        ('{"type": "item", "title": "x"}', "missing 'uid'"),
        ("[1, 2]", "a JSON object was expected"),
        ("{not json", "not JSON"),
        ('{"type": "gadget"}', "unknown type 'gadget'"),
        ('{"type": "subscriber", "address": "z@example.org", "since": "2026-01-01T07:00:00"}',
         "no time zone"),
        ('{"type": "subscriber", "address": "z@example.org"}', "since"),
        ('{"type": "item", "uid": "u1", "fingerprint": "f", "canonical_url": null, "source": "s",'
         ' "guid": "g", "title": "t", "fetched_at": "2026-01-01T00:00:00+00:00", "shingles": [],'
         ' "on_topic": "yes"}', "boolean"),
        ('{"type": "item", "uid": "u1", "fingerprint": "f", "canonical_url": null, "source": "s",'
         ' "guid": "g", "title": null, "fetched_at": "2026-01-01T00:00:00+00:00",'
         ' "shingles": []}', "title"),
    ],
)  # fmt: skip
def test_a_malformed_line_is_named_and_nothing_is_imported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], bad: str, why: str
) -> None:
    cfg = write_config(tmp_path / "sources.toml", [])
    good = json.dumps({"type": "setting", "name": "probe", "value": "1"})
    capsys.readouterr()
    assert _import(cfg, [good, "", bad, good], tmp_path) == 1
    err = capsys.readouterr().err
    assert err.startswith("monitor: line 3: not an archive record (") and why in err, err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    store = Store(load_config(cfg, {}).storage_url)
    assert store.setting("probe", "absent") == "absent"  # all or nothing


def test_an_explicit_item_id_is_honoured(
    tmp_path: Path, outlet: OutletServer, capsys: pytest.CaptureFixture[str]
) -> None:
    url = outlet.route("/f.xml", rss([ON_TOPIC]))
    cfg = write_config(tmp_path / "sources.toml", [{"name": "S", "url": url}])
    assert main(["--config", str(cfg), "archive", "list"]) == 0  # seeds only
    record = {
        "type": "item", "id": 777, "uid": "u-777", "origin": "feed", "source": "Backup",
        "guid": "g-777", "url": "https://b.example/777", "canonical_url": "https://b.example/777",
        "title": "Kirkenes ferry to Murmansk resumes", "summary": "", "text": "Tekst.",
        "published": None, "language": "en", "fetched_at": "2026-11-01T10:00:00+00:00",
        "fingerprint": "fp-777", "on_topic": True, "signature": None, "story_uid": None,
        "shingles": [],
    }  # fmt: skip
    assert _import(cfg, [json.dumps(record)], tmp_path) == 0
    store = Store(load_config(cfg, {}).storage_url)
    detail = store.item_detail(777)
    assert detail is not None and detail[0].uid == "u-777"
    clash = dict(record, uid="u-other", fingerprint="fp-other", canonical_url=None)
    capsys.readouterr()
    assert _import(cfg, [json.dumps(clash)], tmp_path) == 1
    assert "line 1: not an archive record (it clashes" in capsys.readouterr().err
    # New items after it get new ids (PostgreSQL: the sequence moved past 777).
    assert main(["--config", str(cfg), "poll", "--once"]) == 0
    ids = [r.id for r in store.list_items(50) if r.title == ON_TOPIC["title"]]
    assert ids and ids[0] != 777
