"""Network faults: each source fails with its own reason, the others in the poll go on."""

from __future__ import annotations

import shutil
import ssl
import subprocess
import threading
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.conftest import ON_TOPIC, open_pipeline, rss, write_config
from tests.outlet import OutletServer


@pytest.fixture
def tls_port(tmp_path: Path) -> Iterator[int]:
    """An HTTPS server on 127.0.0.1 with a self-signed certificate nobody trusts."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip

    class H(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.end_headers()

        def log_message(self, *a: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), H)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    httpd.socket = ctx.wrap_socket(httpd.socket, server_side=True)
    t = threading.Thread(target=httpd.serve_forever, daemon=True)
    t.start()
    yield httpd.server_address[1]
    httpd.shutdown()


def test_every_network_fault_is_named_and_isolated(
    tmp_path: Path, outlet: OutletServer, tls_port: int
) -> None:
    good = outlet.route("/good.xml", rss([ON_TOPIC]))
    doc = rss([dict(ON_TOPIC, guid=f"g{i}", link=f"https://x.example/{i}") for i in range(50)])
    reset = outlet.route("/reset.xml", doc, reset_after=300)
    trickle = outlet.route("/trickle.xml", doc, trickle=0.5)
    outlet.route("/loop", status=302, headers={"Location": "/loop"})
    sources = [
        {"name": "Good", "url": good},
        {"name": "NoDNS", "url": "https://no-such-outlet.invalid/feed.xml"},
        {"name": "Refused", "url": "http://127.0.0.1:9/feed.xml"},
        {"name": "Reset", "url": reset},
        {"name": "TLS", "url": f"https://127.0.0.1:{tls_port}/feed.xml"},
        {"name": "Trickle", "url": trickle},
        {"name": "Loop", "url": outlet.url("/loop")},
    ]
    p = open_pipeline(write_config(
        tmp_path / "sources.toml", sources,
        fetch='host_delay = "0s"\ntotal_timeout = "2s"\nread_timeout = "5s"',
    ))  # fmt: skip
    r = {x.name: x for x in p.poll(p.config.sources)}
    assert r["Good"].new == 1 and r["Good"].error is None
    assert r["NoDNS"].error == "DNS lookup failed for no-such-outlet.invalid"
    assert r["Refused"].error == "connection refused by 127.0.0.1"
    assert r["Reset"].error is not None and (
        "broke the connection" in r["Reset"].error or "reset" in r["Reset"].error
    ), r["Reset"].error
    assert r["TLS"].error is not None and r["TLS"].error.startswith("TLS error with 127.0.0.1")
    assert r["Trickle"].error == "no complete answer within 2s"
    assert r["Loop"].error == "more than 5 redirects"
    for name in ("NoDNS", "Refused", "Reset", "TLS", "Trickle", "Loop"):
        state = p.store.source_state(name)
        assert state.consecutive_failures == 1 and state.last_error == r[name].error
        assert state.next_attempt is not None  # backing off


def test_500_on_every_second_request(tmp_path: Path, outlet: OutletServer) -> None:
    url = outlet.route("/flaky.xml", rss([ON_TOPIC]), fail_every=2)
    p = open_pipeline(write_config(tmp_path / "sources.toml", [{"name": "F", "url": url,
                                                                "interval": "10m"}]))  # fmt: skip
    outcomes = [p.poll(p.config.sources)[0] for _ in range(4)]
    assert [o.error for o in outcomes] == [None, "HTTP 500 Internal Server Error", None,
                                           "HTTP 500 Internal Server Error"]  # fmt: skip
    assert outcomes[0].new == 1 and outcomes[2].unchanged == 1  # nothing twice, nothing lost
    state = p.store.source_state("F")
    assert state.consecutive_failures == 1
    assert state.next_attempt - state.last_attempt == timedelta(minutes=10)
