"""The mail server down for a day (simulated clock): every subscriber gets every item once."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from monitor.config import load_config
from monitor.deliver.digest import RETRY_MAX, run_digest
from monitor.store import Store
from tests.conftest import SmtpServer, free_port, open_pipeline, rss, write_config
from tests.outlet import OutletServer


def test_smtp_down_for_a_day(tmp_path: Path, outlet: OutletServer, smtp: SmtpServer) -> None:
    subs = ["a@example.org", "b@example.org", "c@example.org"]
    dead = f"smtp://127.0.0.1:{free_port()}"
    feed = [{"title": f"Storskog border report {i} on Norway and Russia", "guid": f"d{i}",
             "link": f"https://x.example/{i}",
             "description": f"Border guards at Storskog near Kirkenes met Russian officials ({i}) "
                            f"about crossing number {i * 104729}."} for i in range(3)]  # fmt: skip
    url = outlet.route("/f.xml", rss(feed[:1]))
    cfg = write_config(tmp_path / "sources.toml", [{"name": "S", "url": url}], recipients=subs,
                       smtp_url=dead)  # fmt: skip
    p = open_pipeline(cfg)
    t0 = p.clock()
    p.clock = lambda: t0
    p.poll(p.config.sources)
    config, store = load_config(cfg, {}), Store(p.config.storage_url)
    # A day of retries against a dead server, news arriving meanwhile: nothing is marked.
    minutes, tries = 0, 0
    while minutes <= 24 * 60:
        now = t0 + timedelta(minutes=minutes)
        if minutes == 600:
            outlet.route("/f.xml", rss(feed[:3]))
            p.clock = lambda now=now: now
            p.poll(p.config.sources)
        for o in run_digest(config, store, now, retry_only=minutes > 0):
            tries += o.error is not None
        minutes += 1
    assert tries > 0
    state = store.subscriber_state("a@example.org")
    assert state is not None and state.attempts >= 20
    assert state.next_attempt is not None and state.next_attempt <= now + RETRY_MAX
    assert smtp.messages == []
    # The server is back: each subscriber gets all three items, once.
    back = load_config(cfg, {"MONITOR_SMTP_URL": smtp.url})
    later = now + RETRY_MAX
    outcomes = run_digest(back, store, later, retry_only=True)
    assert [o.sent for o in outcomes] == [True, True, True]
    assert len(smtp.messages) == 3
    for msg in smtp.messages:
        text = msg.get_body(("plain",)).get_content()
        assert all(f"report {i} " in text for i in range(3))
    assert all(not o.sent for o in run_digest(back, store, later + timedelta(hours=1)))
    assert len(smtp.messages) == 3
