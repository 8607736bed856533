"""The installed ``monitor`` command, run as a user runs it: end to end and as a service."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import feedparser

from tests.conftest import OFF_TOPIC, ON_TOPIC, SmtpServer, rss, write_config
from tests.outlet import OutletServer


def monitor_cmd() -> list[str]:
    exe = shutil.which("monitor", path=str(Path(sys.executable).parent))
    return [exe] if exe else [sys.executable, "-m", "monitor.cli"]


def run(args: list[str], cfg: Path, **kw: object) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MONITOR_")}
    return subprocess.run(
        [*monitor_cmd(), *args],
        cwd=cfg.parent,
        env={**env, "MONITOR_CONFIG": str(cfg)},
        capture_output=True,
        text=True,
        timeout=60,
        **kw,  # type: ignore[call-overload]
    )


def test_end_to_end_config_poll_feed_digest(
    tmp_path: Path, outlet: OutletServer, smtp: SmtpServer
) -> None:
    url = outlet.route("/feed.xml", rss([ON_TOPIC, OFF_TOPIC]))
    cfg = write_config(
        tmp_path / "sources.toml",
        [{"name": "HNN", "url": url}],
        recipients=["analyst@example.org"],
        smtp_url=smtp.url,
    )
    poll = run(["poll", "--once"], cfg)
    assert poll.returncode == 0, poll.stderr
    assert poll.stdout.strip() == "HNN: 1 new, 0 duplicate, 1 off-topic, 0 unchanged"
    feed = run(["feed", "--format", "atom"], cfg)
    parsed = feedparser.parse(feed.stdout.encode())
    assert [e.title for e in parsed.entries] == [ON_TOPIC["title"]]
    assert run(["digest"], cfg).returncode == 0
    assert run(["digest"], cfg).returncode == 0
    assert len(smtp.messages) == 1
    assert ON_TOPIC["title"] in smtp.messages[0].get_body(("plain",)).get_content()
    listing = run(["archive", "list"], cfg).stdout
    assert ON_TOPIC["title"] in listing and "Norway wants to double US troops" in listing
    shown = run(["archive", "show", "5"], cfg)
    assert (
        "topic high-north: score" in shown.stdout and "sent to analyst@example.org" in shown.stdout
    )
    helptext = run(["--help"], cfg).stdout
    for command in ("poll", "feed", "digest", "run", "archive"):
        assert command in helptext


def test_run_polls_on_schedule_and_stops_cleanly_on_sigterm(
    tmp_path: Path, outlet: OutletServer
) -> None:
    url = outlet.route("/feed.xml", rss([ON_TOPIC]))
    cfg = write_config(tmp_path / "sources.toml", [{"name": "Fast", "url": url, "interval": "1s"}])
    env = {k: v for k, v in os.environ.items() if not k.startswith("MONITOR_")}
    proc = subprocess.Popen(
        [*monitor_cmd(), "--config", str(cfg), "run"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while len(outlet.requests_for("/feed.xml")) < 3 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert len(outlet.requests_for("/feed.xml")) >= 3  # polled again and again
        feed = tmp_path / "storage" / "feeds" / "all.atom"
        assert feed.exists()
        assert [e.title for e in feedparser.parse(feed.read_bytes()).entries] == [ON_TOPIC["title"]]
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert "received SIGTERM, stopping" in err and "stopped" in err
    assert "Traceback" not in err


def test_slow_source_never_overlaps_itself_nor_delays_others(
    tmp_path: Path, outlet: OutletServer
) -> None:
    slow = outlet.route("/slow/feed.xml", rss([ON_TOPIC]), delay=2.5)
    fast = outlet.route("/fast/feed.xml", rss([OFF_TOPIC]))
    cfg = write_config(
        tmp_path / "sources.toml",
        [{"name": "Slow", "url": slow, "interval": "1s"},
         {"name": "Fast", "url": fast, "interval": "1s"}],
        extra="[server]\nenabled = false\n",
    )  # fmt: skip
    env = {k: v for k, v in os.environ.items() if not k.startswith("MONITOR_")}
    proc = subprocess.Popen(
        [*monitor_cmd(), "--config", str(cfg), "--log-format", "json", "run"], cwd=tmp_path,
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30  # the fast source keeps its pace while the slow one works
        while len(outlet.requests_for("/fast/feed.xml")) < 4 and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(1)
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert outlet.max_active["slow"] == 1  # polled again and again, never twice at once
    slow_polls = len(outlet.requests_for("/slow/feed.xml"))
    fast_polls = len(outlet.requests_for("/fast/feed.xml"))
    assert fast_polls >= 4 and fast_polls > slow_polls  # not held up by the slow one
    records = [json.loads(line) for line in err.splitlines() if line.startswith("{")]
    assert records and all({"time", "level", "logger", "message"} <= r.keys() for r in records)
    assert any(r["message"] == "received SIGTERM, stopping" for r in records)
