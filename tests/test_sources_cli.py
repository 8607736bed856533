"""`monitor sources`: health table, check (stores nothing), OPML import/export, digest footer."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from monitor.cli import main
from monitor.config import load_config
from monitor.deliver.digest import run_digest
from monitor.pipeline import utcnow
from monitor.store import Store
from tests.conftest import OFF_TOPIC, ON_TOPIC, SmtpServer, rss, write_config
from tests.outlet import OutletServer


def test_health_table(
    tmp_path: Path, outlet: OutletServer, capsys: pytest.CaptureFixture[str]
) -> None:
    good = outlet.route("/good.xml", rss([ON_TOPIC, OFF_TOPIC]))
    cfg = write_config(
        tmp_path / "sources.toml",
        [
            {"name": "Good", "url": good, "interval": "15m"},
            {"name": "Down", "url": outlet.url("/down.xml"), "interval": "2h"},
            {"name": "Later", "url": good, "enabled": False},
        ],
    )
    assert main(["--config", str(cfg), "poll", "--once"]) == 0
    capsys.readouterr()
    assert main(["--config", str(cfg), "sources"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == [
        "NAME",
        "KIND",
        "INTERVAL",
        "LAST",
        "SUCCESS",
        "NEW",
        "7D",
        "STATUS",
        "LAST",
        "ERROR",
    ]
    good_row, down_row, later_row = lines[1:]
    assert good_row.split()[:3] == ["Good", "feed", "15m"]
    assert good_row.split()[5:] == ["1", "ok"]
    assert "never" in down_row and "failing (1x, next try" in down_row
    assert down_row.endswith("HTTP 404 Not Found")
    assert "disabled" in later_row


def test_check_shows_verdicts_and_stores_nothing(
    tmp_path: Path, outlet: OutletServer, capsys: pytest.CaptureFixture[str]
) -> None:
    url = outlet.route("/feed.xml", rss([ON_TOPIC, OFF_TOPIC]))
    cfg = write_config(tmp_path / "sources.toml", [{"name": "Try", "url": url}])
    assert main(["--config", str(cfg), "sources", "check", "Try"]) == 0
    out = capsys.readouterr().out
    assert "== Try (feed, " in out
    assert "1 new, 0 duplicate, 1 off-topic, 0 unchanged" in out
    assert f"[new] {ON_TOPIC['title']}" in out
    assert f"[off-topic] {OFF_TOPIC['title']}" in out
    assert "high-north" in out and "Storskog" in out
    store = Store(load_config(cfg, {}).storage_url)
    assert store.counts()["items"] == 4  # the seeds only
    assert store.source_state("Try").last_attempt is None
    assert main(["--config", str(cfg), "sources", "check", "Nope"]) == 2


def test_opml_import_keeps_comments_and_skips_known(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = write_config(
        tmp_path / "sources.toml", [{"name": "HNN", "url": "https://hnn.example/rss"}]
    )
    cfg.write_text("# my precious comment\n" + cfg.read_text())
    opml = tmp_path / "reader.opml"
    opml.write_text(
        """<?xml version="1.0"?><opml version="2.0"><head><title>x</title></head><body>
        <outline text="Arctic"><outline text="High North News" xmlUrl="https://HNN.example/rss/"/>
        <outline text="Arctic Today" title="Arctic Today" xmlUrl="https://www.arctictoday.com/feed/"/>
        <outline text="«Sunnmørsposten» – Nyheter" xmlUrl="https://www.smp.no/rss"/>
        <outline text="Not a feed" htmlUrl="https://x.example/"/></outline></body></opml>"""
    )
    assert main(["--config", str(cfg), "sources", "import", str(opml)]) == 0
    assert "2 sources added" in capsys.readouterr().out
    text = cfg.read_text()
    assert text.startswith("# my precious comment\n")
    config = load_config(cfg, {})
    # An outlet's name keeps its letters ("Sunnm rsposten" is not the outlet a search names).
    assert [s.name for s in config.sources] == ["HNN", "Arctic Today", "Sunnmørsposten Nyheter"]
    assert config.sources[1].url == "https://www.arctictoday.com/feed/"
    assert main(["--config", str(cfg), "sources", "export"]) == 0
    exported = capsys.readouterr().out
    assert 'xmlUrl="https://www.arctictoday.com/feed/"' in exported
    bad = tmp_path / "bad.opml"
    bad.write_text("<html>not opml</html>")
    assert main(["--config", str(cfg), "sources", "import", str(bad)]) == 1


def test_digest_footer_names_sources_failing_for_a_day(
    tmp_path: Path, outlet: OutletServer, smtp: SmtpServer
) -> None:
    url = outlet.route("/feed.xml", rss([ON_TOPIC]))
    cfg = write_config(
        tmp_path / "sources.toml",
        [{"name": "Good", "url": url}, {"name": "Dead", "url": outlet.url("/dead.xml")}],
        recipients=["analyst@example.org"],
        smtp_url=smtp.url,
    )
    assert main(["--config", str(cfg), "poll", "--once"]) == 0
    config = load_config(cfg, {})
    store = Store(config.storage_url)
    outcomes = run_digest(config, store, utcnow(), dry_run=True)
    assert outcomes[0].message is not None
    assert "failing for more than a day" not in outcomes[0].message.as_string()
    outcomes = run_digest(config, store, utcnow() + timedelta(days=1, minutes=1), dry_run=True)
    msg = outcomes[0].message
    assert msg is not None
    plain = msg.get_body(("plain",)).get_content()
    assert "Sources failing for more than a day:" in plain
    assert "Dead (since" in plain and "HTTP 404 Not Found" in plain
    assert "Dead (since" in msg.get_body(("html",)).get_content()
