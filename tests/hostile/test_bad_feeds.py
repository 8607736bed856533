"""Documents written to break parsers: each stays contained to its own source."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.store import ItemRow
from tests.conftest import DATA, OFF_TOPIC, ON_TOPIC, open_pipeline, rss, write_config
from tests.outlet import OutletServer

FEEDS = DATA / "feeds"


def item(i: int, **kw: str) -> dict[str, str]:
    return {"title": f"Item {i} about Storskog", "link": f"https://x.example/{i}",
            "guid": f"g{i}", "description": f"Text {i}.", **kw}  # fmt: skip


HOSTILE: dict[str, bytes] = {
    "garbage": b"\x00\x01\x02 not xml at all \xff\xfe",
    "truncated": rss([item(1), item(2)]).encode()[:-120],
    "billion_laughs": (FEEDS / "billion_laughs.xml").read_bytes(),
    "external_entity": (FEEDS / "external_entity.xml").read_bytes(),
    "ten_thousand_items": rss([item(i) for i in range(10_000)]).encode(),
    "megabyte_title": rss([item(1, title="Storskog " + "x" * 1_000_000)]).encode(),
    "control_chars_bad_utf8": rss([item(1, title="Storskog\x07\x1b[31m closed")])
    .encode()
    .replace(b"closed", b"clo\xffsed"),
    "odd_dates": rss(
        [
            item(1, pubDate="Fri, 31 Dec 9999 23:59:59 GMT"),
            item(2, pubDate="Thu, 01 Jan 1970 00:00:00 GMT"),
            item(3, pubDate="yesterday-ish"),
            item(4),
        ]
    ).encode(),
    "duplicate_guids": rss([item(1), item(1, title="Same guid, other title")]).encode(),
    "links": rss(
        [
            item(1, link="/relative/path"),
            item(2, link="javascript:alert(1)"),
            item(3, link="data:text/html,<script>alert(1)</script>"),
        ]
    ).encode(),
    "html_titles": rss(
        [item(1, title="&lt;b&gt;Bold&lt;/b&gt; <![CDATA[<i>x</i>]]> Storskog")]
    ).encode(),
    # #21.10: a reference to a lone surrogate made the whole source fail on every poll
    "lone_surrogate_rss": rss([item(1, title="Storskog SURROGATE closed"), item(2)])
    .encode()
    .replace(b"SURROGATE", b"&#55296;"),
    "lone_surrogate_json": (
        b'{"version": "https://jsonfeed.org/version/1.1", "title": "J \\udfff", "items": ['
        b'{"id": "g1\\ud800", "title": "Storskog \\ud800 closed", "url": "https://x.example/1",'
        b' "content_text": "Text \\ud800."}, {"id": "g2", "title": "Item 2 about Storskog",'
        b' "url": "https://x.example/2", "content_text": "Text 2."}]}'
    ),
    # #21.3: the outlet's escaped text "<script>" inside its HTML description
    "escaped_script": rss(
        [item(1, description="<p>Use &lt;script&gt;alert(1)&lt;/script&gt; to test</p>")]
    ).encode(),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_document_is_contained(name: str, tmp_path: Path, outlet: OutletServer) -> None:
    good = outlet.route("/good.xml", rss([ON_TOPIC, OFF_TOPIC]))
    bad = outlet.route(f"/{name}.xml", HOSTILE[name])
    p = open_pipeline(
        write_config(
            tmp_path / "sources.toml", [{"name": "Good", "url": good}, {"name": "Bad", "url": bad}]
        )
    )
    reports = {r.name: r for r in p.poll(p.config.sources)}
    assert (reports["Good"].new, reports["Good"].off_topic, reports["Good"].error) == (1, 1, None)
    bad_report = reports["Bad"]
    with p.store.session() as s:
        from sqlmodel import select

        rows = s.exec(select(ItemRow).where(ItemRow.source == "Bad")).all()
    for row in rows:
        assert len(row.title) <= 1000
        assert not any(ord(c) < 32 for c in row.title)
        assert "lollol" not in row.title + row.summary and "root:" not in row.summary
        assert row.url is None or row.url.startswith(("http://", "https://"))
        assert row.published is None or 1990 <= row.published.year <= 2100
        assert "<" not in row.title or name == "html_titles"
    if name == "garbage":
        assert bad_report.error and bad_report.error.startswith("not a feed")
    elif name == "ten_thousand_items":
        assert len(rows) == 2000 and "10000 entries" in (bad_report.warning or "")
    elif name == "duplicate_guids":
        assert len(rows) == 1
    elif name == "links":
        assert sorted(r.url or "" for r in rows) == ["", "", outlet.url("/relative/path")]
    elif name == "odd_dates":
        assert [r.published is None for r in sorted(rows, key=lambda r: r.guid)] == [
            True, True, True, True]  # fmt: skip
    elif name == "html_titles":
        # The outlet escaped its tags, so they are text here (and escaped wherever shown).
        assert rows[0].title == "<b>Bold</b> Storskog"
    elif name.startswith("lone_surrogate"):
        assert bad_report.error is None
        assert sorted(r.title for r in rows) == ["Item 2 about Storskog", "Storskog \ufffd closed"]
    elif name == "escaped_script":
        # text, decoded once: the stored summary says what the outlet's readers saw
        assert rows[0].summary == "Use <script>alert(1)</script> to test"
    elif name == "truncated":
        assert len(rows) == 1 and (bad_report.warning or "").startswith("malformed feed")
    else:
        assert bad_report.error is None or "not a feed" in bad_report.error


def test_guid_that_changes_every_fetch_is_not_new_again(
    tmp_path: Path, outlet: OutletServer
) -> None:
    url = outlet.route("/g.xml", rss([dict(ON_TOPIC, guid="rotating-1")]))
    p = open_pipeline(write_config(tmp_path / "sources.toml", [{"name": "R", "url": url}]))
    (first,) = p.poll(p.config.sources)
    outlet.route("/g.xml", rss([dict(ON_TOPIC, guid="rotating-2")]))
    (second,) = p.poll(p.config.sources)
    outlet.route("/g.xml", rss([dict(ON_TOPIC, guid="rotating-3", link=ON_TOPIC["link"] + "?x=1")]))
    (third,) = p.poll(p.config.sources)
    assert (first.new, second.new, second.duplicate, third.new, third.duplicate) == (1, 0, 1, 0, 1)
    assert len(p.store.recent()) == 1
