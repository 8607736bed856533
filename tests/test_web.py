"""The served side: feeds with ETag/304, the page, unsubscribe, /healthz, /metrics."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import feedparser
import httpx
import pytest

from monitor.cli import main
from monitor.config import load_config
from monitor.deliver.digest import run_digest
from monitor.pipeline import utcnow
from monitor.store import Store
from monitor.web import BackgroundServer, WebApp
from tests.conftest import OFF_TOPIC, ON_TOPIC, SmtpServer, open_pipeline, rss, write_config
from tests.feedcheck import CHECKS
from tests.outlet import OutletServer

HOSTILE = dict(
    ON_TOPIC,
    guid="h1",
    link="https://outlet.example/h1",
    title="Storskog &lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }} border closed",
    description="Norwegian police closed the border crossing at Storskog to Russian lorries.",
)


ADMIN_TOKEN = "operator-token-0123456789"


@pytest.fixture
def site(
    tmp_path: Path, outlet: OutletServer, smtp: SmtpServer
) -> Iterator[tuple[str, Path, Store]]:
    url = outlet.route("/feed.xml", rss([ON_TOPIC, OFF_TOPIC, HOSTILE]))
    cfg = write_config(
        tmp_path / "sources.toml",
        [{"name": "High North News", "url": url}, {"name": "Gone", "url": outlet.url("/gone")}],
        recipients=["analyst@example.org"],
        smtp_url=smtp.url,
        extra=f'[feeds]\nlink = "http://127.0.0.1/"\n[server]\nadmin_token = "{ADMIN_TOKEN}"\n',
    )
    assert main(["--config", str(cfg), "poll", "--once"]) == 0
    config = load_config(cfg, {})
    store = Store(config.storage_url)
    server = BackgroundServer(WebApp(config, store, scheduler_alive=lambda: True), "127.0.0.1", 0)
    server.start()
    yield f"http://127.0.0.1:{server.bound_port}", cfg, store
    server.stop()


def test_feeds_validate_and_answer_304(site: tuple[str, Path, Store]) -> None:
    base, _, _ = site
    for ext, ctype in (
        ("atom", "application/atom+xml"),
        ("rss", "application/rss+xml"),
        ("json", "application/feed+json"),
    ):
        r = httpx.get(f"{base}/feeds/all.{ext}")
        assert r.status_code == 200 and r.headers["content-type"].startswith(ctype)
        assert r.headers["cache-control"] == "public, max-age=300"
        etag, modified = r.headers["etag"], r.headers["last-modified"]
        assert CHECKS[ext](r.content) == [], ext  # the specification's required structure
        if ext != "json":
            parsed = feedparser.parse(r.content)
            assert not parsed.bozo, parsed.get("bozo_exception")
            # the outlet escaped its markup, so it is text: carried as text, shown as text
            assert {e.title for e in parsed.entries} == {
                ON_TOPIC["title"],
                "Storskog <script>alert(1)</script> {{ 7*7 }} border closed",
            }
            assert b"<script>" not in r.content
        again = httpx.get(f"{base}/feeds/all.{ext}", headers={"If-None-Match": etag})
        assert again.status_code == 304 and again.content == b""
        since = httpx.get(f"{base}/feeds/all.{ext}", headers={"If-Modified-Since": modified})
        assert since.status_code == 304
    assert httpx.get(f"{base}/feeds/high-north.atom").status_code == 200
    assert httpx.get(f"{base}/feeds/sports.atom").status_code == 404
    assert httpx.get(f"{base}/feeds/all.xml").status_code == 404


def test_page_lists_stories_filters_and_escapes(site: tuple[str, Path, Store]) -> None:
    base, _, _ = site
    page = httpx.get(f"{base}/").text
    assert '<link rel="alternate" type="application/atom+xml"' in page
    assert 'href="feeds/all.atom"' in page  # relative: the page works behind a path prefix
    assert ON_TOPIC["title"] in page
    assert "<script>alert(1)</script>" not in page
    assert "{{ 7*7 }}" in page
    assert "High North News" in page and "Gone" in page
    # Who subscribes, and the sources' error messages, are the operator's only.
    assert "analyst@example.org" not in page and "HTTP 404 Not Found" not in page
    operator = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
    page = httpx.get(f"{base}/", headers=operator).text
    assert "HTTP 404 Not Found" in page
    assert "Next digest for analyst@example.org" in page
    assert OFF_TOPIC["title"] not in page
    none = httpx.get(f"{base}/", params={"outlet": "Nobody"}).text
    stories = none.split('<h2 id="preview">')[0]
    assert ON_TOPIC["title"] not in stories and "No on-topic articles yet." in stories


def test_unsubscribe_one_click_and_form(site: tuple[str, Path, Store], smtp: SmtpServer) -> None:
    base, cfg, store = site
    config = load_config(cfg, {})
    (outcome,) = run_digest(config, store, utcnow(), dry_run=True)
    assert outcome.message is not None
    header = outcome.message["List-Unsubscribe"]
    assert outcome.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = header.split("<", 1)[1].split(">", 1)[0]
    query = parse_qs(urlsplit(link).query)
    assert query["a"] == ["analyst@example.org"] and len(query["t"][0]) == 32
    local = f"{base}/unsubscribe?{urlsplit(link).query}"
    assert httpx.get(local).status_code == 200
    forged = f"{base}/unsubscribe?a=boss@example.org&t={query['t'][0]}"
    assert httpx.get(forged).status_code == 400
    assert httpx.post(forged, data={"List-Unsubscribe": "One-Click"}).status_code == 400
    done = httpx.post(local, data={"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200 and "You are unsubscribed" in done.text
    assert main(["--config", str(cfg), "digest"]) == 0
    assert smtp.messages == []  # nothing more goes to that address


def test_healthz_and_metrics(site: tuple[str, Path, Store]) -> None:
    base, _, _ = site
    h = httpx.get(f"{base}/healthz")
    assert h.status_code == 200
    assert h.json() == {"status": "ok", "database": "ok", "scheduler": "running"}
    m = httpx.get(f"{base}/metrics").text
    assert 'monitor_source_consecutive_failures{source="Gone"} 1.0' in m
    assert 'monitor_source_last_success_timestamp_seconds{source="High North News"}' in m
    assert 'monitor_archive_items{kind="on_topic"}' in m
    assert "monitor_fetches_total" in m


def test_the_structure_checks_catch_broken_feeds() -> None:
    assert "feed must have exactly one atom:id" in CHECKS["atom"](
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>'
    )
    assert "channel must have description" in CHECKS["rss"](
        b'<rss version="2.0"><channel><title>x</title><link>http://x/</link></channel></rss>'
    )
    assert "item 1 needs a unique string id" in CHECKS["json"](
        b'{"version": "https://jsonfeed.org/version/1.1", "title": "x", "items": '
        b'[{"id": "a", "content_text": ""}, {"id": "a", "content_text": ""}]}'
    )


def _samples(text: str) -> dict[str, list[tuple[str, float]]]:
    """Metric samples of an exposition: name -> [(labels, value)] (comments left out)."""
    out: dict[str, list[tuple[str, float]]] = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        head, _, value = line.rpartition(" ")
        name, _, labels = head.partition("{")
        out.setdefault(name, []).append((labels.rstrip("}"), float(value)))
    return out


def test_every_documented_metric_moves_after_a_poll(
    tmp_path: Path, outlet: OutletServer, smtp: SmtpServer
) -> None:
    """Issue #29.11: monitor_fetches, monitor_items and the last-poll stamp were documented
    but never set. A poll of a loopback outlet must move each of them."""
    url = outlet.route("/m.xml", rss([ON_TOPIC, OFF_TOPIC]))
    cfg = write_config(
        tmp_path / "sources.toml", [{"name": "Metric Outlet", "url": url}],
        recipients=["metrics@example.org"], smtp_url=smtp.url,
    )  # fmt: skip
    before = utcnow().timestamp()
    # Polled as `monitor run` polls, whose pipeline counts for /metrics (a `monitor poll`
    # process does not count: its counters would die with it, issue 27).
    polled = open_pipeline(cfg)
    assert [(r.new, r.off_topic) for r in polled.poll(polled.config.sources)] == [(1, 1)]
    polled.store.close()
    assert main(["--config", str(cfg), "digest"]) == 0 and len(smtp.messages) == 1
    config = load_config(cfg, {})
    store = Store(config.storage_url)
    server = BackgroundServer(WebApp(config, store, scheduler_alive=lambda: True), "127.0.0.1", 0)
    server.start()
    try:
        m = _samples(httpx.get(f"http://127.0.0.1:{server.bound_port}/metrics").text)
    finally:
        server.stop()
    mine = 'outcome="ok",source="Metric Outlet"'
    assert any(lab == mine and v >= 1 for lab, v in m["monitor_fetches_total"])
    items = {lab: v for lab, v in m["monitor_items_total"] if 'source="Metric Outlet"' in lab}
    assert items['source="Metric Outlet",verdict="new"'] >= 1
    assert items['source="Metric Outlet",verdict="off_topic"'] >= 1
    ((_, stamp),) = m["monitor_last_poll_timestamp_seconds"]
    assert stamp >= before - 1
    assert any('source="Metric Outlet"' in lab and v >= before - 1
               for lab, v in m["monitor_source_last_success_timestamp_seconds"])  # fmt: skip
    assert ('source="Metric Outlet"', 0.0) in m["monitor_source_consecutive_failures"]
    assert dict(m["monitor_archive_items"])['kind="on_topic"'] >= 1
    assert dict(m["monitor_mails_total"])['outcome="sent"'] >= 1
