"""A source address with credentials (``http://user:password@host/…``): the password is used to
fetch and never shown — poll lines, logs, ``monitor sources``, stored errors, the page, the
digest footer, metrics."""

from __future__ import annotations

import logging
import sys
from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from monitor.cli import main
from monitor.config import load_config
from monitor.health import failing_sources, health_table
from monitor.pipeline import utcnow
from monitor.redact import RedactingFilter, redact
from monitor.store import Store
from monitor.web import BackgroundServer, WebApp
from tests.conftest import ON_TOPIC, rss, write_config
from tests.outlet import OutletServer

SECRET = "pw-S3cret"
USER = "reader"


def with_credentials(url: str) -> str:
    return url.replace("http://", f"http://{USER}:{SECRET}@", 1)


@pytest.fixture
def cfg(tmp_path: Path, outlet: OutletServer) -> Path:
    outlet.route("/locked.xml", status=404)
    outlet.route("/moved.xml", status=301, headers={"Location": "/new.xml"})
    outlet.route("/new.xml", rss([ON_TOPIC]))
    outlet.route("/odd.xml", status=302,
                 headers={"Location": f"ftp://{USER}:{SECRET}@127.0.0.1/x"})  # fmt: skip
    sources = [
        {"name": "Locked", "url": with_credentials(outlet.url("/locked.xml"))},
        {"name": "Moved", "url": with_credentials(outlet.url("/moved.xml"))},
        {"name": "Odd", "url": with_credentials(outlet.url("/odd.xml"))},
    ]
    return write_config(tmp_path / "sources.toml", sources)


def test_the_password_is_sent_but_never_shown(
    cfg: Path,
    outlet: OutletServer,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    assert main(["--config", str(cfg), "poll", "-v"]) == 0
    out, err = capsys.readouterr()
    # it was used: aiohttp sent it as basic auth
    auth = outlet.requests_for("/locked.xml")[0].headers.get("authorization", "")
    assert auth.startswith("Basic ")
    # poll lines and the CLI's log lines: the outcome is there, the credentials are not
    assert "Locked: error: HTTP 404 Not Found" in out
    assert "Odd: error: unsupported address: a redirect to ftp://127.0.0.1/x" in out
    assert "moved permanently to http://127.0.0.1" in out
    assert SECRET not in out + err and f"{USER}:" not in out + err
    assert "HTTP 404" in err  # the log line was written, redacted
    # the records themselves (any handler, not only the CLI's)
    assert all(SECRET not in r.getMessage() for r in caplog.records)

    config = load_config(cfg, {})
    store = Store(config.storage_url)
    odd = store.source_state("Odd")
    assert odd.last_error == "unsupported address: a redirect to ftp://127.0.0.1/x"

    assert main(["--config", str(cfg), "sources"]) == 0
    out, err = capsys.readouterr()
    assert "HTTP 404 Not Found" in out and SECRET not in out + err

    assert main(["--config", str(cfg), "sources", "check", "Odd"]) == 0
    out, err = capsys.readouterr()
    assert "== Odd (feed, http://127.0.0.1:" in out and SECRET not in out + err


def test_errors_stored_by_older_versions_are_redacted_where_shown(
    cfg: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = load_config(cfg, {})
    store = Store(config.storage_url)
    leaked = f"cannot connect: http://{USER}:{SECRET}@intranet.example/feed (timed out)"
    when = utcnow() - timedelta(days=3)
    store.record_failure("Locked", when=when - timedelta(days=1), error=leaked)
    store.record_failure("Locked", when=when, error=leaked)
    rows = {h.name: h for h in health_table(config, store, utcnow())}
    assert rows["Locked"].last_error == "cannot connect: http://intranet.example/feed (timed out)"
    footer = failing_sources(config, store, utcnow())
    assert [f.error for f in footer] == [rows["Locked"].last_error]
    assert main(["--config", str(cfg), "sources"]) == 0
    assert SECRET not in "".join(capsys.readouterr())

    server = BackgroundServer(WebApp(config, store, scheduler_alive=lambda: True), "127.0.0.1", 0)
    server.start()
    try:
        base = f"http://127.0.0.1:{server.bound_port}"
        for path in ("/", "/metrics", "/healthz"):
            r = httpx.get(base + path)
            assert SECRET not in r.text and f"{USER}:" not in r.text, path
    finally:
        server.stop()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("http://u:p@h/x", "http://h/x"),
        ("see https://user:p%40ss@host:8443/feed?q=1 and ftp://a@b/",
         "see https://host:8443/feed?q=1 and ftp://b/"),
        ("p@ss in http://u:p@ss@host/x", "p@ss in http://host/x"),  # "@" inside the password
        ("HTTPS://U:P@H/", "HTTPS://H/"),
        ("mail me@example.org, http://host/a@b", "mail me@example.org, http://host/a@b"),
        ("no address here", "no address here"),
    ],
)  # fmt: skip
def test_redact(text: str, expected: str) -> None:
    assert redact(text) == expected


def test_the_log_filter_redacts_messages_and_tracebacks() -> None:
    record = logging.LogRecord("x", logging.ERROR, __file__, 1, "GET %s failed", (
        f"http://{USER}:{SECRET}@h/",), None)  # fmt: skip
    try:
        raise ValueError(f"bad http://{USER}:{SECRET}@h/")
    except ValueError:
        record.exc_info = sys.exc_info()
    assert RedactingFilter().filter(record)
    assert record.getMessage() == "GET http://h/ failed"
    assert record.exc_text is not None and SECRET not in record.exc_text
    assert "bad http://h/" in record.exc_text
