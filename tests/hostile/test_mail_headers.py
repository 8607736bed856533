"""One-click unsubscribe that mail clients can use: List-Unsubscribe as RFC 2369 / 8058 want
it, on the raw bytes a real SMTP server received (no RFC 2047 encoded word, no fold inside the
URL), for a base address long enough that the old 78-column folding encoded it."""

from __future__ import annotations

import re
from pathlib import Path

import httpx

from monitor.cli import main
from monitor.config import load_config
from monitor.store import Store
from monitor.web import BackgroundServer, WebApp
from tests.conftest import ON_TOPIC, SmtpServer, rss, write_config
from tests.outlet import OutletServer

BASE = "https://monitor.barents-newsroom.example.org/high-north/news-monitor"  # no slash


def headers_of(raw: bytes) -> list[bytes]:
    """The header lines as sent, folded lines kept apart (a continuation starts with WSP)."""
    head = raw.split(b"\r\n\r\n", 1)[0] if b"\r\n\r\n" in raw else raw.split(b"\n\n", 1)[0]
    return re.split(rb"\r?\n", head)


def test_list_unsubscribe_is_a_bare_https_uri_on_the_wire(
    tmp_path: Path, outlet: OutletServer, smtp: SmtpServer
) -> None:
    url = outlet.route("/feed.xml", rss([ON_TOPIC]))
    cfg = write_config(
        tmp_path / "sources.toml",
        [{"name": "Barents Observer", "url": url}],
        recipients=["Åse Ørnes <ase.ornes@example.org>"],
        smtp_url=smtp.url,
        extra=f'[delivery]\nbase_url = "{BASE}"\n',
    )
    assert main(["--config", str(cfg), "poll", "--once"]) == 0
    assert main(["--config", str(cfg), "digest"]) == 0
    (raw,) = smtp.handler.raw
    lines = headers_of(raw)
    (i,) = [n for n, line in enumerate(lines) if line.lower().startswith(b"list-unsubscribe:")]
    value = lines[i].split(b":", 1)[1].strip()
    # One line (not folded), the https URI in angle brackets first, then the mailto: one.
    assert not lines[i + 1][:1].isspace(), lines[i : i + 2]
    assert b"=?" not in value, value
    m = re.fullmatch(
        rb"<(https://[^<>\s]+)>, <mailto:monitor@example\.org\?subject=unsubscribe>", value
    )
    assert m is not None, value
    link = m.group(1).decode("ascii")
    assert link.startswith(BASE + "/unsubscribe?a=ase.ornes%40example.org&t=")
    assert [line for line in lines if line.lower().startswith(b"list-unsubscribe-post:")] == [
        b"List-Unsubscribe-Post: List-Unsubscribe=One-Click"
    ]
    # The URI works: RFC 8058's POST, against our server (reached without the public prefix).
    config = load_config(cfg, {})
    store = Store(config.storage_url)
    server = BackgroundServer(WebApp(config, store), "127.0.0.1", 0)
    server.start()
    try:
        local = f"http://127.0.0.1:{server.bound_port}/" + link.removeprefix(BASE + "/")
        done = httpx.post(local, data={"List-Unsubscribe": "One-Click"})
        assert done.status_code == 200 and "You are unsubscribed" in done.text
    finally:
        server.stop()
    state = store.subscriber_state("ase.ornes@example.org")
    assert state is not None and state.unsubscribed_at is not None
