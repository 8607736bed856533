"""One item can stop nothing, and archived text stays text, in every writer.

An archive holds on-topic items without a link, with only a javascript: link (the parser drops
it), with control characters an older version stored, and with literal markup an outlet escaped:
every feed format (command, served, files of `monitor run`), the page, the digest, the alert
mail and the webhook answer, and every item is in each of them, its text shown as text.
"""

from __future__ import annotations

import html
import json
import logging
import os
import re
import signal
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path

import feedparser
import httpx
import pytest
from lxml import etree
from sqlalchemy import text as sql

from monitor import metrics
from monitor.cli import main
from monitor.config import load_config
from monitor.deliver.feeds import render_feed
from monitor.schedule import write_feed_files
from monitor.store import Store, StoredItem
from monitor.web import BackgroundServer, WebApp
from tests.conftest import SmtpServer, rss, write_config
from tests.feedcheck import CHECKS
from tests.outlet import OutletServer
from tests.test_service import monitor_cmd

ATOM = "{http://www.w3.org/2005/Atom}"
BODY = "Norwegian police closed the Storskog border crossing to Russia after an incident."
NO_LINK = {"title": "Storskog border closed, first report", "guid": "w-1",
           "description": BODY + " No link."}  # fmt: skip
JS_LINK = {"title": "Storskog border closed, second report", "guid": "w-2",
           "link": "javascript:alert(1)", "description": BODY + " Script link."}  # fmt: skip
NORMAL = {"title": "Storskog border closed, third report", "guid": "w-3",
          "link": "https://outlet.example/w-3", "description": BODY + " Normal."}  # fmt: skip
MARKUP = {"title": "Storskog border closed, fourth report", "guid": "w-4",
          "link": "https://outlet.example/w-4", "description": BODY + " Markup."}  # fmt: skip
# What the archive holds for MARKUP and for NORMAL after the poll (set directly, as an older
# version or another parser may have stored it): literal markup and an escaped entity as text,
# and control characters no XML or mail header can carry.
MARKUP_TITLE = "Storskog <script>alert(1)</script> border closed &lt;b&gt; R&D"
MARKUP_TEXT = "Police at Storskog: <script>alert(2)</script> and &lt;i&gt;text&lt;/i&gt; stay text."
CONTROL_TITLE = "Storskog border\x0bclosed\x1b[31m, third report\x7f"
ACTIVE = re.compile(r"<script|<b>|<i>", re.IGNORECASE)
SUBSCRIBERS = """
[[subscribers]]
address = "duty@example.org"
cadence = "immediate"

[[webhooks]]
url = "{hook}"
"""


@pytest.fixture
def archive(tmp_path: Path, outlet: OutletServer, smtp: SmtpServer) -> tuple[Path, Store]:
    url = outlet.route("/feed.xml", rss([NO_LINK, JS_LINK, NORMAL, MARKUP]))
    cfg = write_config(
        tmp_path / "sources.toml",
        [{"name": "Barents Observer", "url": url}],
        recipients=["analyst@example.org"],
        smtp_url=smtp.url,
        extra=SUBSCRIBERS.replace("{hook}", outlet.url("/hook")),
    )
    config = load_config(cfg, {})
    store = Store(config.storage_url)
    # The first poll already sends the alerts: every item, the link-less ones too.
    assert main(["--config", str(cfg), "poll", "--once"]) == 0
    assert len(store.recent()) == 4
    (alert,) = smtp.messages
    plain = alert.get_body(("plain",)).get_content()
    assert all(i["title"] in plain for i in (NO_LINK, JS_LINK, NORMAL, MARKUP)), plain
    ((_, body),) = outlet.posts
    assert len(json.loads(body)["items"]) == 4
    with store.engine.begin() as db:
        db.execute(sql("UPDATE item SET title = :t, summary = :s, text = :s WHERE title = :old"),
                   {"t": MARKUP_TITLE, "s": MARKUP_TEXT, "old": MARKUP["title"]})  # fmt: skip
        db.execute(
            sql("UPDATE item SET title = :t, url = :u WHERE title = :old"),
            {"t": CONTROL_TITLE, "u": "javascript:alert(3)", "old": NORMAL["title"]},
        )
    return cfg, store


def titles_in(feed: bytes, fmt: str) -> list[str]:
    if fmt == "json":
        return [i["title"] for i in json.loads(feed)["items"]]
    return [e.title for e in feedparser.parse(feed).entries]


def check_feed(data: bytes, fmt: str) -> None:
    """All four items, valid structure, markup as text."""
    assert CHECKS[fmt](data) == [], fmt
    titles = titles_in(data, fmt)
    assert len(titles) == 4, (fmt, titles)
    assert NO_LINK["title"] in titles and JS_LINK["title"] in titles
    (third,) = [t for t in titles if "third report" in t]
    assert third == "Storskog border closed[31m, third report"  # controls dropped, text kept
    assert b"javascript:" not in data
    if fmt == "json":
        doc = json.loads(data)
        (markup,) = [i for i in doc["items"] if "alert(1)" in i["title"]]
        assert markup["title"] == MARKUP_TITLE and markup["content_text"] == MARKUP_TEXT
        (js,) = [i for i in doc["items"] if i["title"] == JS_LINK["title"]]
        assert "url" not in js and js["id"].startswith("urn:uuid:")
        return
    root = etree.fromstring(data)
    if fmt == "atom":
        entries = root.findall(f"{ATOM}entry")
        assert any(e.find(f"{ATOM}link") is None for e in entries)
        for e in entries:  # no link: still an entry, with its stable id and its text as content
            if e.find(f"{ATOM}link") is None:
                assert e.findtext(f"{ATOM}id").startswith("urn:uuid:")
                assert e.find(f"{ATOM}content").get("type") == "text"
        (markup,) = [e for e in entries if "alert(1)" in e.findtext(f"{ATOM}title")]
        # Atom text constructs: the element's text is what a reader shows, as is
        assert markup.findtext(f"{ATOM}title") == MARKUP_TITLE
        assert markup.find(f"{ATOM}summary").get("type") == "text"
        assert markup.findtext(f"{ATOM}summary") == MARKUP_TEXT
    else:
        (markup,) = [i for i in root.iter("item") if "alert(1)" in i.findtext("title")]
        assert markup.findtext("title") == MARKUP_TITLE  # RSS titles are plain text
        # RSS descriptions are HTML: the text arrives escaped, so it renders as the text
        desc = markup.findtext("description")
        assert not ACTIVE.search(desc), desc
        assert html.unescape(desc) == MARKUP_TEXT


def test_every_writer_answers_with_every_item(
    archive: tuple[Path, Store], tmp_path: Path, smtp: SmtpServer, outlet: OutletServer
) -> None:
    cfg, store = archive
    config = load_config(cfg, {})
    # `monitor feed`, each format.
    for fmt in ("atom", "rss", "json"):
        out = tmp_path / f"feed.{fmt}"
        assert main(["--config", str(cfg), "feed", "--format", fmt, "--output", str(out)]) == 0
        check_feed(out.read_bytes(), fmt)
    # The feed files `monitor run` writes at start and after each poll.
    folder = tmp_path / "files"
    write_feed_files(config, store, folder)
    for fmt in ("atom", "rss", "json"):
        check_feed((folder / f"all.{fmt}").read_bytes(), fmt)
    # Served: the feeds and the page.
    server = BackgroundServer(WebApp(config, store), "127.0.0.1", 0)
    server.start()
    try:
        base = f"http://127.0.0.1:{server.bound_port}"
        for fmt in ("atom", "rss", "json"):
            r = httpx.get(f"{base}/feeds/all.{fmt}")
            assert r.status_code == 200, (fmt, r.text)
            check_feed(r.content, fmt)
        page = httpx.get(f"{base}/")
        assert page.status_code == 200
        shown = page.text.split("</style>", 1)[1]
        assert NO_LINK["title"] in shown and JS_LINK["title"] in shown
        assert html.escape(MARKUP_TITLE, quote=False) in shown and not ACTIVE.search(shown)
        assert "javascript:" not in shown and "\x1b" not in shown and "\x0b" not in shown
    finally:
        server.stop()
    # The daily digest: every item, the markup as text in both parts, no control characters.
    assert main(["--config", str(cfg), "digest", "--subscriber", "analyst@example.org"]) == 0
    digest = smtp.messages[-1]
    plain = digest.get_body(("plain",)).get_content()
    html_part = digest.get_body(("html",)).get_content()
    assert all(t in plain for t in (NO_LINK["title"], JS_LINK["title"], MARKUP_TITLE)), plain
    assert "\x1b" not in plain and "\x0b" not in plain
    assert html.escape(MARKUP_TITLE, quote=False) in html_part
    assert not ACTIVE.search(html_part.split("</style>", 1)[-1])
    assert "javascript:" not in html_part


def test_a_new_item_without_a_link_reaches_alerts_and_webhooks_in_the_service(
    tmp_path: Path, outlet: OutletServer, smtp: SmtpServer
) -> None:
    """`monitor run` with an archive holding link-less items: it starts, writes its feed
    files, and a poll that finds another such item sends its alert and webhook post."""
    url = outlet.route("/feed.xml", rss([NO_LINK, JS_LINK]))
    cfg = write_config(
        tmp_path / "sources.toml",
        [{"name": "Barents Observer", "url": url, "interval": "1s"}],
        smtp_url=smtp.url,
        extra="[server]\nenabled = false\n" + SUBSCRIBERS.replace("{hook}", outlet.url("/hook")),
    )
    assert main(["--config", str(cfg), "poll", "--once"]) == 0
    assert len(outlet.posts) == 1 and len(smtp.messages) == 1
    env = {k: v for k, v in os.environ.items() if not k.startswith("MONITOR_")}
    log = tmp_path / "run.log"
    with log.open("w") as out:
        proc = subprocess.Popen([*monitor_cmd(), "--config", str(cfg), "run"], cwd=tmp_path,
                                env=env, stdout=out, stderr=subprocess.STDOUT)  # fmt: skip
    try:
        files = tmp_path / "storage" / "feeds"
        deadline = time.monotonic() + 30
        while not (files / "all.atom").exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert proc.poll() is None, log.read_text()
        assert len(feedparser.parse((files / "all.atom").read_bytes()).entries) == 2
        third = dict(NO_LINK, guid="w-5", title="Storskog border closed, fifth report",
                     description="Finnmark police say the Storskog border crossing stays "
                     "closed after Friday's incident; no link to this one either.")  # fmt: skip
        outlet.route("/feed.xml", rss([NO_LINK, JS_LINK, third]))
        while len(outlet.posts) < 2 and time.monotonic() < deadline + 15:
            time.sleep(0.1)
        assert len(outlet.posts) == 2, log.read_text()
        assert [i["title"] for i in json.loads(outlet.posts[1][1])["items"]] == [third["title"]]
        assert any(third["title"] in str(m["Subject"]) for m in smtp.messages)
        assert "Traceback" not in log.read_text()
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()


def test_an_item_that_cannot_be_written_is_left_out_logged_once_and_counted(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The last line of defence: an item no format can take (here a date without a time zone,
    which no archive returns today) is skipped; the rest of the feed goes out."""
    now = datetime.now(UTC)
    good = StoredItem(1, "good-uid", "NRK", "https://nrk.example/1", "Storskog border closed",
                      BODY, "", now, now, "en", ("high-north",), ())  # fmt: skip
    bad = StoredItem(2, "bad-uid", "NRK", None, "Storskog border closed again", BODY, "",
                     now.replace(tzinfo=None), now, "en", ("high-north",), ())  # fmt: skip
    cfg = write_config(tmp_path / "sources.toml", [])
    config = load_config(cfg, {})
    counted = metrics.SKIPPED.labels("atom")._value.get()
    with caplog.at_level(logging.WARNING, logger="monitor.deliver"):
        for _ in range(3):  # rebuilt three times: said once
            feed = feedparser.parse(render_feed(config, [bad, good], "atom"))
            assert [e.id for e in feed.entries] == ["urn:uuid:good-uid"]
    assert metrics.SKIPPED.labels("atom")._value.get() == counted + 1
    said = [r for r in caplog.records if "left out" in r.getMessage()]
    assert len(said) == 1 and "item 2" in said[0].getMessage()
