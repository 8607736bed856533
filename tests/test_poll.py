"""Polling end to end against the outlet server on 127.0.0.1: store, dedupe, seeds, faults."""

from __future__ import annotations

from pathlib import Path

import feedparser
import pytest

from monitor.cli import main
from tests.conftest import OFF_TOPIC, ON_POSTGRES, ON_TOPIC, open_pipeline, rss, seeds, write_config
from tests.outlet import OutletServer


def reserved_seeds() -> list[dict[str, str]]:
    """The four seed articles as other outlets re-serve them."""
    s = {x["id"][:3]: x for x in seeds()}
    raw = {
        k: (Path(__file__).parent.parent / "storage" / "seeds" / v["raw"]).read_text("utf-8")
        for k, v in s.items()
    }
    first_paragraphs = "\n\n".join(s["002"]["body"].split("\n\n")[:2])
    return [
        {  # same URL with tracking parameters, www and a fragment
            "title": s["000"]["title"],
            "link": s["000"]["url"].replace("https://www.", "http://WWW.")
            + "?maca=en-rss-en-all-1573-rdf&utm_source=rss&utm_campaign=x#top",
            "guid": "dw-44191886",
            "description": "Norway will ask the US to double the number of troops.",
        },
        {  # another URL, the whole page with its boilerplate as content
            "title": "Norway eases NATO training limits near Russia | Clash Report",
            "link": "https://aggregator.example/world/clash-norway-nato?id=991",
            "guid": "agg-991",
            "content": "<div>" + raw["001"].replace("\n", "<br>") + "</div>",
        },
        {  # a republisher's feed with a summary only, under its own URL
            "title": "Defence minister Enoksen wants better relations with Russia",
            "link": "https://republisher.example/2021/10/enoksen-russia",
            "guid": "rep-5",
            "description": first_paragraphs,
        },
        {  # the Izvestia page (no known URL) with Russian chrome and the translation note
            "title": s["003"]["title"],
            "link": "https://en.iz.ru/en/2013138/line-of-communication?utm_medium=telegram",
            "guid": "iz-2013138",
            "content": raw["003"].replace("\n\n", "</p><p>"),
        },
    ]


def test_poll_stores_new_skips_seeds_and_off_topic(tmp_path: Path, outlet: OutletServer) -> None:
    url = outlet.route("/feed.xml", rss([ON_TOPIC, OFF_TOPIC, *reserved_seeds()]))
    p = open_pipeline(write_config(tmp_path / "sources.toml", [{"name": "Outlet", "url": url}]))
    (report,) = p.poll(p.config.sources)
    assert (report.new, report.off_topic, report.duplicate, report.error) == (1, 1, 4, None)
    items = p.store.recent()
    assert [i.title for i in items] == [ON_TOPIC["title"]]
    assert items[0].topics == ("high-north",)
    assert {"Storskog", "border"} <= set(items[0].terms)
    # Each re-served seed is linked to its archived article.
    reasons = {}
    for item_id in range(1, 5):
        detail = p.store.item_detail(item_id)
        assert detail is not None
        row, _, sightings, _ = detail
        assert row.origin == "seed"
        reasons[row.source] = [s.reason for s in sightings]
    assert reasons == {
        "DW": ["seed", "url"],
        "Clash Report": ["seed", "near-duplicate"],
        "Norway Today": ["seed", "near-duplicate"],
        "Izvestia": ["seed", "near-duplicate"],
    }
    # A second poll finds nothing new: every entry is known by its GUID.
    (again,) = p.poll(p.config.sources)
    assert (again.new, again.duplicate, again.off_topic, again.unchanged) == (0, 0, 0, 6)


def test_distinct_articles_sharing_a_title_are_both_kept(
    tmp_path: Path, outlet: OutletServer
) -> None:
    """Two write-ups of one press release (same headline, different text) are not duplicates."""
    import json

    dev = [
        json.loads(x)
        for x in (Path(__file__).parent / "data" / "dev_items.jsonl")
        .read_text("utf-8")
        .splitlines()
    ]
    d01, d02 = dev[0], dev[1]
    assert d01["title"] == d02["title"]
    entries = [
        {"title": d["title"], "link": d["url"], "guid": d["id"], "description": d["text"]}
        for d in (d01, d02)
    ]
    url = outlet.route("/no.xml", rss(entries))
    p = open_pipeline(write_config(tmp_path / "sources.toml", [{"name": "NO", "url": url}]))
    (report,) = p.poll(p.config.sources)
    assert (report.new, report.duplicate) == (2, 0)


def test_same_article_from_two_outlets_is_stored_once(tmp_path: Path, outlet: OutletServer) -> None:
    copy = dict(ON_TOPIC, guid="other-77", link="https://other.example/a?utm_source=x")
    a = outlet.route("/a.xml", rss([ON_TOPIC]))
    b = outlet.route("/b.xml", rss([copy]))
    p = open_pipeline(
        write_config(tmp_path / "sources.toml", [{"name": "A", "url": a}, {"name": "B", "url": b}])
    )
    ra, rb = p.poll(p.config.sources)
    # Both are fetched at once; whichever is stored first, the other is its duplicate.
    assert (ra.new + rb.new, ra.duplicate + rb.duplicate) == (1, 1)
    assert len(p.store.recent()) == 1


def test_one_failing_source_does_not_stop_the_others(tmp_path: Path, outlet: OutletServer) -> None:
    good = outlet.route("/good.xml", rss([ON_TOPIC]))
    html = outlet.route(
        "/page.html", "<!DOCTYPE html><html><body>hi</body></html>", content_type="text/html"
    )
    broken = outlet.route("/500.xml", "oops", status=500)
    slow = outlet.route("/slow.xml", rss([OFF_TOPIC]), delay=3)
    sources = [
        {"name": "Missing", "url": outlet.url("/missing.xml")},
        {"name": "Page", "url": html},
        {"name": "Broken", "url": broken},
        {"name": "Refused", "url": "http://127.0.0.1:9/feed.xml"},
        {"name": "Good", "url": good},
        {"name": "Slow", "url": slow},
    ]
    p = open_pipeline(write_config(tmp_path / "sources.toml", sources))
    p.settings = type(p.settings)(user_agent="t", read_timeout=1, total_timeout=2,
                                  allow_private=p.settings.allow_private)  # fmt: skip
    reports = {r.name: r for r in p.poll(p.config.sources)}
    assert reports["Good"].new == 1 and reports["Good"].error is None
    assert reports["Missing"].error == "HTTP 404 Not Found"
    assert reports["Page"].error == "the address serves an HTML page, not a feed"
    assert reports["Broken"].error == "HTTP 500 Internal Server Error"
    assert reports["Refused"].error == "connection refused by 127.0.0.1"
    assert reports["Slow"].error == "the server stopped sending for 1s"
    state = p.store.source_state("Missing")
    assert state.consecutive_failures == 1 and state.last_error == "HTTP 404 Not Found"
    assert state.last_success is None
    assert p.store.source_state("Good").last_success is not None


def test_conditional_requests_and_304(tmp_path: Path, outlet: OutletServer) -> None:
    url = outlet.route(
        "/feed.xml",
        rss([ON_TOPIC]),
        etag='"v1"',
        headers={"Last-Modified": "Sat, 21 Nov 2026 10:00:00 GMT"},
    )
    p = open_pipeline(write_config(tmp_path / "sources.toml", [{"name": "E", "url": url}]))
    p.poll(p.config.sources)
    (second,) = p.poll(p.config.sources)
    assert second.not_modified and second.line() == "E: not modified"
    sent = outlet.requests_for("/feed.xml")[1].headers
    assert sent["if-none-match"] == '"v1"'
    assert sent["if-modified-since"] == "Sat, 21 Nov 2026 10:00:00 GMT"


def test_oversized_response_is_refused(tmp_path: Path, outlet: OutletServer) -> None:
    url = outlet.route("/huge.xml", b"<rss>" + b" " * (11 * 1024 * 1024) + b"</rss>")
    p = open_pipeline(write_config(tmp_path / "sources.toml", [{"name": "Huge", "url": url}]))
    (report,) = p.poll(p.config.sources)
    assert report.error == "the response is larger than 10 MiB"


def test_cli_poll_prints_a_line_per_source_and_exits_0(
    tmp_path: Path, outlet: OutletServer, capsys: pytest.CaptureFixture[str]
) -> None:
    good = outlet.route("/good.xml", rss([ON_TOPIC, OFF_TOPIC]))
    cfg = write_config(
        tmp_path / "sources.toml",
        [{"name": "Good", "url": good}, {"name": "Gone", "url": outlet.url("/gone.xml")}],
    )
    assert main(["--config", str(cfg), "poll", "--once"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "Good: 1 new, 0 duplicate, 1 off-topic, 0 unchanged",
        "Gone: error: HTTP 404 Not Found",
    ]
    assert main(["--config", str(cfg), "poll", "--once", "--source", "Good"]) == 0
    assert capsys.readouterr().out.strip() == "Good: 0 new, 0 duplicate, 0 off-topic, 2 unchanged"
    # Without --once only due sources are polled: both were just attempted.
    assert main(["--config", str(cfg), "poll"]) == 0
    assert capsys.readouterr().out.strip() == "no source is due"


def test_feed_command_output_parses_in_feedparser(
    tmp_path: Path, outlet: OutletServer, capsys: pytest.CaptureFixture[str]
) -> None:
    hostile = dict(
        ON_TOPIC,
        guid="x2",
        link="https://outlet.example/x2",
        title="Storskog <script>alert(1)</script> {{ 7*7 }} closed to Russian trucks",
        description="Norwegian customs at Storskog turned back Russian lorries on "
        "Friday after new sanctions took effect, the police in Finnmark said.",
    )
    clean_hostile = "Storskog {{ 7*7 }} closed to Russian trucks"
    url = outlet.route("/feed.xml", rss([ON_TOPIC, hostile, OFF_TOPIC, *reserved_seeds()]))
    cfg = write_config(tmp_path / "sources.toml", [{"name": "Outlet", "url": url}])
    assert main(["--config", str(cfg), "poll", "--once"]) == 0
    capsys.readouterr()
    for fmt in ("rss", "atom", "json"):
        out = tmp_path / f"feed.{fmt}"
        assert main(["--config", str(cfg), "feed", "--format", fmt, "--output", str(out)]) == 0
        parsed = feedparser.parse(out.read_bytes()) if fmt != "json" else None
        if parsed is not None:
            assert not parsed.bozo, parsed.get("bozo_exception")
            # Markup in an outlet's title is dropped at parse time; template syntax stays text.
            titles = sorted(e.title for e in parsed.entries)
            assert titles == sorted([clean_hostile, ON_TOPIC["title"]])
            entry = parsed.entries[0]
            assert entry.link.startswith("https://outlet.example/")
            assert entry.id.startswith("urn:uuid:")
            assert [t.term for t in entry.tags if not t.get("scheme")] == ["high-north"]
            assert any(t.term.startswith("story-") for t in entry.tags)
            assert entry.get("published_parsed") is not None
    import json as _json

    doc = _json.loads((tmp_path / "feed.json").read_text("utf-8"))
    assert doc["version"] == "https://jsonfeed.org/version/1.1"
    assert {i["title"] for i in doc["items"]} == {ON_TOPIC["title"], clean_hostile}
    assert all(i["authors"] == [{"name": "Outlet"}] for i in doc["items"])
    assert "{{ 7*7 }}" in (tmp_path / "feed.rss").read_text("utf-8")
    assert "<script>" not in (tmp_path / "feed.rss").read_text("utf-8")
    # --topic filters; an unknown topic is a usage error.
    assert main(["--config", str(cfg), "feed", "--topic", "high-north", "--format", "rss"]) == 0
    assert main(["--config", str(cfg), "feed", "--topic", "sports"]) == 2


def test_big_poll_in_worker_processes_judges_as_a_small_one(
    tmp_path: Path, outlet: OutletServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A poll of many sources parses and pre-filters in worker processes; the verdicts must be
    those of the in-thread path, entry for entry (copies across feeds included)."""
    import monitor.pipeline as pipeline_mod

    feeds = []
    for k in range(pipeline_mod.POOL_MIN_SOURCES + 1):
        on = {**ON_TOPIC, "guid": f"on-{k}", "link": f"https://x.example/{k % 3}"}  # copies
        text = f"Match {k} of the season ended {k}-{k + 1}, {k * 7} fans said."
        off = {"guid": f"off-{k}", "title": f"Cup match {k} in Bergen",
               "link": f"https://y.example/{k}", "description": text}  # fmt: skip
        feeds.append({"name": f"S{k}", "url": outlet.route(f"/f{k}.xml", rss([on, off]))})

    def run(where: Path, min_sources: int) -> list[tuple[str, int, int, int]]:
        monkeypatch.setattr(pipeline_mod, "POOL_MIN_SOURCES", min_sources)
        p = open_pipeline(write_config(where / "sources.toml", feeds))
        try:
            reports = p.poll(p.config.sources)
            assert (p._pool is not None) == (min_sources <= len(feeds))
        finally:
            p.close()
        return [(r.name, r.new, r.duplicate, r.off_topic) for r in reports]

    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    pooled = run(tmp_path / "a", 2)
    if not ON_POSTGRES:  # there both runs would share the test's one database
        threaded = run(tmp_path / "b", 10_000)
        # Which feed's copy is stored first depends on arrival order; the counts may not.
        assert sorted(r[1:] for r in pooled) == sorted(r[1:] for r in threaded)
    totals = [sum(r[i] for r in pooled) for i in (1, 2, 3)]
    assert totals == [1, len(feeds) - 1, len(feeds)]  # one story, its copies, the matches


def test_a_steady_big_poll_starts_no_parsing_workers(tmp_path: Path, outlet: OutletServer) -> None:
    """The workers start when the first document needs parsing: in a poll of many sources
    where every outlet answers 304 (cron's `monitor poll --once` most of the time) none do."""
    import monitor.pipeline as pipeline_mod

    feeds = []
    for k in range(pipeline_mod.POOL_MIN_SOURCES + 1):
        body = rss([{**OFF_TOPIC, "guid": f"g{k}", "link": f"https://y.example/{k}"}])
        feeds.append({"name": f"S{k}", "url": outlet.route(f"/f{k}.xml", body, etag=f'"v{k}"')})
    cfg = write_config(tmp_path / "sources.toml", feeds)
    first = open_pipeline(cfg)  # one process's first poll: documents to parse, so workers
    try:
        reports = first.poll(first.config.sources)
        assert first._pool is not None
    finally:
        first.close()
    assert [(r.error, r.off_topic + r.duplicate) for r in reports] == [(None, 1)] * len(feeds)
    asked = len(outlet.requests)
    steady = open_pipeline(cfg)  # the next process: every outlet answers "not modified"
    try:
        reports = steady.poll(steady.config.sources)
        assert steady._pool is None, "a poll with nothing to parse started the workers"
    finally:
        steady.close()
    assert [(r.error, r.not_modified) for r in reports] == [(None, True)] * len(feeds)
    steady_requests = outlet.requests[asked:]
    assert len(steady_requests) == len(feeds)
    assert all(r.headers.get("if-none-match") for r in steady_requests)
    # One changed feed is enough to start them (and its entry is parsed and stored there).
    outlet.route("/f0.xml", rss([{**OFF_TOPIC, "guid": "new", "link": "https://y.example/n"}]))
    again = open_pipeline(cfg)
    try:
        reports = again.poll(again.config.sources)
        assert again._pool is not None
    finally:
        again.close()
    assert [r.off_topic + r.duplicate for r in reports] == [1] + [0] * (len(feeds) - 1)


def test_a_dead_parsing_worker_does_not_stop_the_poll(
    tmp_path: Path, outlet: OutletServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The OOM killer (or a crash) takes a worker process: the poll goes on parsing in
    threads, with the same verdicts, and says so in the log rather than failing sources."""
    import monitor.pipeline as pipeline_mod

    monkeypatch.setattr(pipeline_mod, "POOL_MIN_SOURCES", 2)
    feeds = [
        {"name": f"S{k}", "url": outlet.route(f"/f{k}.xml", rss([{**OFF_TOPIC, "guid": f"g{k}"}]))}
        for k in range(3)
    ]
    p = open_pipeline(write_config(tmp_path / "sources.toml", feeds))
    try:
        assert [r.error for r in p.poll(p.config.sources)] == [None] * 3
        assert p._pool is not None
        for proc in p._pool.processes:
            proc.kill()
            proc.join(10)
        for k in range(3):
            on = {**ON_TOPIC, "guid": f"on{k}", "link": f"https://x.example/on{k}",
                  "title": f"{ON_TOPIC['title']} ({k})"}  # fmt: skip
            outlet.route(f"/f{k}.xml", rss([{**OFF_TOPIC, "guid": f"g{k}"}, on]))
        reports = p.poll(p.config.sources)
    finally:
        p.close()
    assert [(r.error, r.unchanged) for r in reports] == [(None, 1)] * 3
    assert sum(r.new + r.duplicate for r in reports) == 3
