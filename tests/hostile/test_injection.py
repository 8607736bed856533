"""Text from strangers comes out inert everywhere it is shown: mail (both parts), the three
feed formats, and the web page. Templates never evaluate it; HTML never passes through."""

from __future__ import annotations

import json
import re
from pathlib import Path

import httpx

from monitor.cli import main
from monitor.config import load_config
from monitor.deliver.digest import run_digest
from monitor.pipeline import utcnow
from monitor.store import Store
from monitor.web import BackgroundServer, WebApp
from tests.conftest import SmtpServer, rss, write_config
from tests.outlet import OutletServer

PAYLOADS = [
    "<script>alert('x')</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">click</a>',
    "{{ 7*7 }} {% for x in range(3) %}loop{% endfor %} {{ config.__class__ }}",
    "${7*7} #{7*7} <%= 7*7 %>",
]
ACTIVE = re.compile(r"<script|<img|onerror\s*=|href=\"?javascript:|<iframe", re.IGNORECASE)


def hostile_items(outlet: OutletServer) -> list[dict[str, str]]:
    article = (
        "<html><body><article><h1>x</h1>"
        + "<p>Norwegian police at Storskog on the Russian border. "
        + " ".join(PAYLOADS).replace("<", "&lt;")
        + " More text about Kirkenes and Finnmark follows here. </p>" * 5
        + "<script>document.cookie</script></article></body></html>"
    )
    outlet.route("/article", article, content_type="text/html")
    return [
        {
            "title": f"Storskog border: {p}",
            "link": outlet.url("/article") if i == 0 else f"https://x.example/{i}",
            "guid": f"h{i}",
            # summaries carry real markup (CDATA-free, escaped once by the helper): as sent
            "description": f"Norway and Russia at the Storskog border crossing. {p} Finnmark {i}.",
        }
        for i, p in enumerate(PAYLOADS)
    ]


def test_payloads_are_inert_in_mail_feeds_and_page(
    tmp_path: Path, outlet: OutletServer, smtp: SmtpServer
) -> None:
    url = outlet.route("/feed.xml", rss(hostile_items(outlet)))
    cfg = write_config(
        tmp_path / "sources.toml",
        [{"name": "Evil <b>Outlet</b>", "url": url}],
        recipients=["analyst@example.org"],
        smtp_url=smtp.url,
    )
    cfg.write_text(cfg.read_text().replace('name = "Evil <b>Outlet</b>"', 'name = "Evil Outlet"'))
    assert main(["--config", str(cfg), "poll", "--once"]) == 0
    config = load_config(cfg, {})
    store = Store(config.storage_url)
    assert len(store.recent()) == len(PAYLOADS)
    # Mail, both parts.
    assert main(["--config", str(cfg), "digest"]) == 0
    (msg,) = smtp.messages
    html = msg.get_body(("html",)).get_content()
    plain = msg.get_body(("plain",)).get_content()
    assert not ACTIVE.search(html), ACTIVE.search(html)
    assert " 49 " not in plain and " 49 " not in html and "loop loop" not in plain
    # Markup in outlet text is dropped at parse time; what remains is text, escaped in HTML.
    assert "{{ 7*7 }}" in plain and "&lt;%= 7*7 %&gt;" in html and "<%= 7*7 %>" in plain
    for header in ("Subject", "From", "To"):
        assert "\n" not in str(msg[header]) and "\r" not in str(msg[header])
    # Feeds.
    for fmt in ("rss", "atom", "json"):
        out = tmp_path / f"f.{fmt}"
        assert main(["--config", str(cfg), "feed", "--format", fmt, "--output", str(out)]) == 0
        body = out.read_text("utf-8")
        if fmt == "json":
            doc = json.loads(body)
            assert all("<script" not in i["title"] or i["title"].startswith("Storskog")
                       for i in doc["items"])  # fmt: skip
        else:
            assert not ACTIVE.search(body), (fmt, ACTIVE.search(body))
    # The page.
    server = BackgroundServer(WebApp(config, store), "127.0.0.1", 0)
    server.start()
    try:
        page = httpx.get(f"http://127.0.0.1:{server.bound_port}/").text
    finally:
        server.stop()
    assert not ACTIVE.search(page.split("</style>", 1)[1]), ACTIVE.search(page)
    assert "{{ 7*7 }}" in page and " 49 " not in page
    # Dry-run previews (printed to a terminal) carry no raw control sequences either.
    (preview,) = run_digest(config, store, utcnow(), dry_run=True)
    assert preview.message is None or "\x1b" not in preview.message.as_string()
