"""Documents built to make a parser work: each costs work in proportion to its size, and one
over the per-document budget fails its own source with a clear message, the others go on."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from monitor import text
from monitor.parse import feed as feed_module
from tests.conftest import OFF_TOPIC, ON_TOPIC, open_pipeline, rss, write_config
from tests.outlet import OutletServer

NESTED = 50_000  # the reported case: a 1.15 MB feed that took 154 s of CPU in one poll


@pytest.fixture(autouse=True)
def feedparser_calls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many documents feedparser read (the others took lxml's fast path)."""
    calls: list[int] = []
    real = feed_module.feedparser.parse

    def parse(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(feed_module.feedparser, "parse", parse)
    return calls


def encoded(doc: str, reader: str) -> bytes:
    """UTF-8 for lxml's fast path; Latin-1 (declared) for feedparser, which the fast path
    leaves to it."""
    if reader == "lxml":
        return doc.encode("utf-8")
    return doc.replace('encoding="utf-8"', 'encoding="iso-8859-1"').encode("latin-1")


def _nested(depth: int, inner: str) -> str:
    return "<div>" * depth + inner + "</div>" * depth


@pytest.mark.parametrize("reader", ["lxml", "feedparser"])
def test_deeply_nested_description_costs_linear_work(
    tmp_path: Path,
    outlet: OutletServer,
    monkeypatch: pytest.MonkeyPatch,
    reader: str,
    feedparser_calls: list[int],
) -> None:
    """50,000 nested escaped <div> in one description: each element is visited once (a count,
    not a clock), the entry keeps its text, and a good source next to it is unaffected. On
    lxml's fast path and through feedparser (a Latin-1 feed is not the fast path)."""
    visits = 0
    start = text._TextTarget.start

    def counted(self: text._TextTarget, tag: str, attrib: object) -> None:
        nonlocal visits
        visits += 1
        start(self, tag, attrib)

    monkeypatch.setattr(text._TextTarget, "start", counted)
    inner = ON_TOPIC["description"]
    doc = rss([dict(ON_TOPIC, description=_nested(NESTED, inner))])
    nested = outlet.route("/nested.xml", encoded(doc, reader))
    good = outlet.route("/good.xml", rss([OFF_TOPIC]))
    assert len(outlet.routes["/nested.xml"].body) > 1_000_000
    p = open_pipeline(write_config(tmp_path / "sources.toml", [
        {"name": "Nested", "url": nested}, {"name": "Good", "url": good},
    ]))  # fmt: skip
    cpu = time.process_time()
    r = {x.name: x for x in p.poll(p.config.sources)}
    cpu = time.process_time() - cpu
    assert r["Good"].error is None
    assert r["Nested"].error is None, r["Nested"].error
    # every element once (plus html/body and the other entries' few), not once per level
    assert NESTED <= visits < NESTED + 100
    items = {row.source: row for row in p.store.list_items(10, include_off_topic=True)}
    assert "Storskog" in items["Nested"].summary
    assert "<div>" not in items["Nested"].summary
    assert cpu < 30, cpu  # generous: the quadratic reader took 154 s here
    assert len(feedparser_calls) == (1 if reader == "feedparser" else 0)


@pytest.mark.parametrize("reader", ["lxml", "feedparser"])
def test_a_document_that_is_mostly_tags_fails_its_source_only(
    tmp_path: Path, outlet: OutletServer, reader: str, feedparser_calls: list[int]
) -> None:
    """More tags than the budget: on lxml's fast path html_to_text stops at MAX_HTML_ELEMENTS
    as it reads; before feedparser (a Latin-1 feed: not the fast path) the tags are counted in
    the bytes, as its sanitiser cannot be stopped half-way. Either way the source fails with a
    one-line reason, and the other source goes on."""
    tags = "&lt;b&gt;x&lt;/b&gt;" * (max(text.MAX_TAGS, text.MAX_HTML_ELEMENTS) + 10)
    doc = rss([dict(ON_TOPIC, description="")]).replace(
        "<description></description>", f"<description>{tags}</description>"
    )
    heavy = outlet.route("/heavy.xml", encoded(doc, reader))
    good = outlet.route("/good.xml", rss([OFF_TOPIC]))
    p = open_pipeline(write_config(tmp_path / "sources.toml", [
        {"name": "Heavy", "url": heavy}, {"name": "Good", "url": good},
    ]))  # fmt: skip
    cpu = time.process_time()
    r = {x.name: x for x in p.poll(p.config.sources)}
    cpu = time.process_time() - cpu
    assert r["Good"].error is None and r["Good"].off_topic == 1
    expected = {
        "lxml": f"the document holds more than {text.MAX_HTML_ELEMENTS:,} HTML elements "
        "in its entries; not read",
        "feedparser": f"the document holds more than {text.MAX_TAGS:,} tags (escaped or not); "
        "not read",
    }[reader]
    assert r["Heavy"].error == expected
    state = p.store.source_state("Heavy")
    assert state.consecutive_failures == 1 and state.last_error == r["Heavy"].error
    assert cpu < 30, cpu  # generous: feedparser alone would have taken minutes
    assert feedparser_calls == []  # refused before feedparser, or not its document


def test_html_element_budget_is_per_document(
    tmp_path: Path, outlet: OutletServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Markup the byte count cannot see (JSON's \\u003c escapes) is still counted as it is read:
    one document's entries share one budget, and the next document starts afresh."""
    monkeypatch.setattr(text, "MAX_HTML_ELEMENTS", 1_000)
    monkeypatch.setattr(text, "MAX_TAGS", 1_000)

    def feed(n: int) -> str:
        items = [
            {"id": f"j{i}", "url": f"https://j.example/{i}", "title": f"Storskog {i}",
             "content_html": "<p>Storskog border</p>" * n}
            for i in range(3)
        ]  # fmt: skip
        return json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "J",
                           "items": items})  # fmt: skip

    heavy = outlet.route("/heavy.json", feed(400).replace("<", "\\u003c"))
    light = outlet.route("/light.json", feed(100).replace("<", "\\u003c"))
    p = open_pipeline(write_config(tmp_path / "sources.toml", [
        {"name": "Heavy", "url": heavy}, {"name": "Light", "url": light},
    ]))  # fmt: skip
    r = {x.name: x for x in p.poll(p.config.sources)}
    assert r["Light"].error is None  # 300 elements: within its own budget
    assert r["Heavy"].error is not None
    assert "more than 1,000 HTML elements" in r["Heavy"].error
