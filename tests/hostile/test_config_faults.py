"""A broken edit of sources.toml while the service runs: reported, the running one stays."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

from tests.conftest import ON_TOPIC, rss, write_config
from tests.outlet import OutletServer
from tests.test_service import monitor_cmd


def wait_for(predicate, timeout: float = 20) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def test_reload_keeps_running_config_on_a_broken_edit(tmp_path: Path, outlet: OutletServer) -> None:
    a = outlet.route("/a.xml", rss([ON_TOPIC]))
    b = outlet.route("/b.xml", rss([]))
    cfg = write_config(tmp_path / "sources.toml", [{"name": "A", "url": a, "interval": "1s"}],
                       extra="[server]\nenabled = false\n")  # fmt: skip
    good = cfg.read_text()
    env = {k: v for k, v in os.environ.items() if not k.startswith("MONITOR_")}
    log = tmp_path / "run.log"
    with log.open("w") as out:
        proc = subprocess.Popen([*monitor_cmd(), "--config", str(cfg), "run"], cwd=tmp_path,
                                env=env, stdout=out, stderr=subprocess.STDOUT)  # fmt: skip
    try:
        assert wait_for(lambda: len(outlet.requests_for("/a.xml")) >= 2)
        cfg.write_text(good.replace('interval = "1s"', 'interval = "1 second"'))
        proc.send_signal(signal.SIGHUP)
        assert wait_for(lambda: "configuration not reloaded" in log.read_text())
        assert 'sources[0].interval: "1 second" is not a duration like 15m or 2h' in log.read_text()
        polled = len(outlet.requests_for("/a.xml"))
        assert wait_for(lambda: len(outlet.requests_for("/a.xml")) > polled + 1)  # still running
        # A valid edit (noticed without a signal: the file changed) adds a source.
        cfg.write_text(
            good.replace(
                "[[sources]]",
                f'[[sources]]\nname = "B"\nurl = "{b}"\n'
                'interval = "1s"\nfetch_article = false\n\n[[sources]]',
                1,
            )
        )
        assert wait_for(lambda: "configuration reloaded: 2 sources" in log.read_text())
        assert wait_for(lambda: len(outlet.requests_for("/b.xml")) >= 1)
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
