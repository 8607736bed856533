"""The address guard, at every hop, against the address actually connected.

Every outlet here runs on 127.0.0.1 (the only address tests may use). The source under test is
allowed by its address and port, as an operator allows an intranet source (conftest's
write_config); a second outlet on another port stands for "a private service the operator did
not allow": no request may reach it, whatever path leads there.
"""

from __future__ import annotations

import asyncio
import errno
import ipaddress
import logging
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from monitor.addresses import AddressPolicy, Allowance, is_public, parse_allowance
from monitor.errors import FetchError
from monitor.netguard import GuardedResolver
from tests.conftest import ON_TOPIC, open_pipeline, rss, write_config
from tests.outlet import OutletServer

ARTICLE = "<html><body><article>" + "<p>Storskog border text. " * 40 + "</article></body></html>"
PUBLIC = "8.8.8.8"  # a public answer the stub DNS gives; never connected (see no_connect_out)


@pytest.fixture(autouse=True)
def no_connect_out(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A second safety net for this module (the stub DNS below hands out a public address):
    a connection to anything but the loopback is refused here, before a packet leaves."""
    real = socket.socket.connect
    attempts: list[str] = []

    def connect(self: socket.socket, address: Any) -> None:
        if isinstance(address, tuple):
            attempts.append(str(address[0]))
            if not ipaddress.ip_address(str(address[0]).split("%")[0]).is_loopback:
                raise ConnectionRefusedError(errno.ECONNREFUSED, "tests reach the loopback only")
        return real(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    return attempts


def stub_dns(monkeypatch: pytest.MonkeyPatch, answers: dict[str, list[str]]) -> dict[str, int]:
    """Names answered from ``answers``: the n-th query of a name gets the n-th address (the
    last one from then on). A stand-in for a DNS server an attacker controls (tests cannot
    query a real one: conftest's loopback_only fails every other name), patched where the
    system resolver is called, so the monitor's own look-ups are what is tested."""
    before = socket.getaddrinfo
    asked: dict[str, int] = {}

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> list[Any]:
        name = host.decode() if isinstance(host, bytes) else str(host)
        if name not in answers:
            return before(host, port, *args, **kwargs)
        n = asked[name] = asked.get(name, 0) + 1
        address = answers[name][min(n, len(answers[name])) - 1]
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, int(port or 0)))]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return asked


@pytest.fixture
def other() -> Iterator[OutletServer]:
    """A service on the loopback the operator did not allow (another port of the same host)."""
    server = OutletServer().start()
    server.route("/secret", "internal", content_type="text/plain")
    server.route("/robots.txt", "User-agent: *\nAllow: /\n", content_type="text/plain")
    yield server
    server.stop()


def poll(tmp_path: Path, sources: list[dict[str, Any]], fetch: str = 'host_delay = "0s"') -> Any:
    p = open_pipeline(write_config(tmp_path / "sources.toml", sources, fetch=fetch))
    return p, {r.name: r for r in p.poll(p.config.sources)}


def article_errors(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if "(summary kept)" in r.getMessage()]


# --- a source's own redirects -------------------------------------------------------------


@pytest.mark.parametrize("status", [301, 302, 308])
@pytest.mark.parametrize("target", ["127.0.0.1", "localhost", "[::ffff:127.0.0.1]"])
def test_a_source_redirecting_to_a_private_address_fails(
    tmp_path: Path, outlet: OutletServer, other: OutletServer, status: int, target: str
) -> None:
    """Followed, the redirect would reach a service the operator never allowed; remembered as a
    permanent move, every later poll would go there. Both are refused."""
    location = f"http://{target}:{other.port}/secret"
    url = outlet.route("/feed.xml", status=status, headers={"Location": location})
    p, r = poll(tmp_path, [{"name": "Moved", "url": url}])
    assert r["Moved"].error is not None and r["Moved"].error.startswith("refused to fetch")
    assert "not a public address" in r["Moved"].error
    assert other.requests == []
    state = p.store.source_state("Moved")
    assert state.url in (None, url)  # the move is not remembered
    assert state.consecutive_failures == 1


def test_a_redirect_to_an_address_the_operator_allowed_is_followed(
    tmp_path: Path, outlet: OutletServer, other: OutletServer
) -> None:
    other.route("/feed.xml", rss([ON_TOPIC]))
    url = outlet.route(
        "/feed.xml", status=301, headers={"Location": f"http://127.0.0.1:{other.port}/feed.xml"}
    )
    fetch = (
        f'host_delay = "0s"\nallow_private = ["127.0.0.1:{outlet.port}", "127.0.0.1:{other.port}"]'
    )
    p, r = poll(tmp_path, [{"name": "Moved", "url": url}], fetch=fetch)
    assert r["Moved"].error is None and r["Moved"].new == 1
    assert p.store.source_state("Moved").url == f"http://127.0.0.1:{other.port}/feed.xml"


def test_a_source_on_a_private_address_needs_the_operators_allowance(
    tmp_path: Path, outlet: OutletServer
) -> None:
    url = outlet.route("/feed.xml", rss([ON_TOPIC]))
    _p, r = poll(tmp_path, [{"name": "Intranet", "url": url}],
                 fetch='host_delay = "0s"\nallow_private = []')  # fmt: skip
    assert r["Intranet"].error == (
        f"refused to fetch 127.0.0.1 port {outlet.port}: not a public address, "
        "and not in [fetch] allow_private"
    )
    assert outlet.requests == []


# --- links taken from outlet content ------------------------------------------------------


def test_the_sources_own_host_on_another_port_is_not_exempt(
    tmp_path: Path, outlet: OutletServer, other: OutletServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, "monitor.poll")
    outlet.route("/a", ARTICLE, content_type="text/html")
    feed = rss([
        dict(ON_TOPIC, guid="same", link=outlet.url("/a")),
        dict(ON_TOPIC, guid="port", link=f"http://127.0.0.1:{other.port}/secret",
             title="Kirkenes border crossing closed"),
    ])  # fmt: skip
    url = outlet.route("/feed.xml", feed)
    _p, r = poll(tmp_path, [{"name": "S", "url": url, "fetch_article": True}])
    assert r["S"].articles_fetched == 1 and r["S"].article_failures == 1
    assert other.requests == []
    assert any(f"port {other.port}: not a public address" in m for m in article_errors(caplog))


def test_a_link_at_the_sources_own_host_redirecting_inward_is_refused(
    tmp_path: Path,
    outlet: OutletServer,
    other: OutletServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The source is news.example (a name for the allowed outlet); its links there are
    fetched, and their redirects elsewhere on the loopback are refused, whether the target is
    written as an address, a name, or the source's own address under another host name."""
    stub_dns(monkeypatch, {"news.example": ["127.0.0.1"], "intranet.example": ["127.0.0.1"]})
    outlet.route("/robots.txt", "User-agent: *\nAllow: /\n", content_type="text/plain")
    outlet.route("/secret", "internal", content_type="text/plain")
    targets = [f"http://127.0.0.1:{other.port}/secret", f"http://intranet.example:{other.port}/",
               f"http://[::1]:{other.port}/secret", outlet.url("/secret")]  # fmt: skip
    for i, target in enumerate(targets):
        outlet.route(f"/r{i}", status=302 if i % 2 else 307, headers={"Location": target})
    home = f"http://news.example:{outlet.port}"
    feed = rss([
        dict(ON_TOPIC, guid=f"r{i}", link=f"{home}/r{i}", title=f"Storskog story {i}",
             description=f"Text {i} about Storskog.")
        for i in range(len(targets))
    ])  # fmt: skip
    outlet.route("/feed.xml", feed)
    fetch = f'host_delay = "0s"\nallow_private = ["127.0.0.1:{outlet.port}"]'
    sources = [{"name": "S", "url": f"{home}/feed.xml", "fetch_article": True}]
    _p, r = poll(tmp_path, sources, fetch=fetch)
    assert other.requests == [] and outlet.requests_for("/secret") == []
    assert r["S"].error is None
    assert r["S"].article_failures == len(targets) and r["S"].articles_fetched == 0
    for i in range(len(targets)):  # the first hop was made: the source's own host and port
        assert len(outlet.requests_for(f"/r{i}")) == 1


def test_a_link_to_another_name_for_the_sources_address_is_refused(
    tmp_path: Path, outlet: OutletServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """alias.example resolves to the source's own (allowed) address and port, but it is not
    the source's host: a link from the feed reaches public addresses only."""
    stub_dns(monkeypatch, {"alias.example": ["127.0.0.1"]})
    outlet.route("/robots.txt", "User-agent: *\nAllow: /\n", content_type="text/plain")
    outlet.route("/a", ARTICLE, content_type="text/html")
    link = f"http://alias.example:{outlet.port}/a"
    url = outlet.route("/feed.xml", rss([dict(ON_TOPIC, link=link)]))
    _p, r = poll(tmp_path, [{"name": "S", "url": url, "fetch_article": True}])
    assert outlet.requests_for("/a") == [] and outlet.requests_for("/robots.txt") == []
    assert r["S"].article_failures == 1


def test_robots_txt_redirecting_to_the_loopback_is_refused(
    tmp_path: Path, outlet: OutletServer, other: OutletServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, "monitor.poll")
    outlet.route("/a", ARTICLE, content_type="text/html")
    outlet.route("/robots.txt", status=301,
                 headers={"Location": f"http://127.0.0.1:{other.port}/robots.txt"})  # fmt: skip
    url = outlet.route("/feed.xml", rss([dict(ON_TOPIC, link=outlet.url("/a"))]))
    _p, r = poll(tmp_path, [{"name": "S", "url": url, "fetch_article": True}])
    assert other.requests == []
    assert r["S"].article_failures == 1
    assert outlet.requests_for("/a") == []  # robots.txt unreadable: the article is not asked
    assert any("robots.txt" in m and "refused" in m for m in article_errors(caplog))


@pytest.mark.parametrize("robots", [True, False])
@pytest.mark.parametrize("where", ["other", "source"])
def test_dns_rebinding_between_check_and_connect(
    tmp_path: Path,
    outlet: OutletServer,
    other: OutletServer,
    monkeypatch: pytest.MonkeyPatch,
    no_connect_out: list[str],
    robots: bool,
    where: str,
) -> None:
    """rebind.example answers a public address to the first query and 127.0.0.1 after: the
    answer that is checked must be the answer that is connected to. Rebinding to the source's
    own (allowed) address and port is refused too: the link's host is not the source's."""
    target = other if where == "other" else outlet
    target.route("/a", ARTICLE, content_type="text/html")
    target.route("/robots.txt", "User-agent: *\nAllow: /\n", content_type="text/plain")
    asked = stub_dns(monkeypatch, {"rebind.example": [PUBLIC, "127.0.0.1"]})
    link = f"http://rebind.example:{target.port}/a"
    url = outlet.route("/feed.xml", rss([dict(ON_TOPIC, link=link)]))
    fetch = f'host_delay = "0s"\nrobots = {"true" if robots else "false"}'
    _p, r = poll(tmp_path, [{"name": "S", "url": url, "fetch_article": True}], fetch=fetch)
    assert other.requests == []
    assert outlet.requests_for("/a") == [] and outlet.requests_for("/robots.txt") == []
    assert asked["rebind.example"] >= 2  # the stub did answer differently
    assert r["S"].article_failures == 1
    assert "127.0.0.1" in no_connect_out  # the safety net saw the connections made
    assert PUBLIC not in no_connect_out  # and the public answer was not connected to


def test_guarded_resolver_checks_every_answer_it_returns() -> None:
    """The pure resolver: the answer of each call is judged, not one made earlier."""

    class Rebinding:
        calls = 0

        async def resolve(self, host: str, port: int = 0, family: int = 0) -> list[Any]:
            self.calls += 1
            address = PUBLIC if self.calls == 1 else "127.0.0.1"
            return [{"hostname": host, "host": address, "port": port, "family": socket.AF_INET,
                     "proto": 0, "flags": 0}]  # fmt: skip

        async def close(self) -> None:
            pass

    async def run() -> None:
        resolver = GuardedResolver(AddressPolicy(), Rebinding())  # type: ignore[arg-type]
        first = await resolver.resolve("rebind.example", 80)
        assert [a["host"] for a in first] == [PUBLIC]
        with pytest.raises(FetchError, match=r"rebind.example \(127.0.0.1\) port 80"):
            await resolver.resolve("rebind.example", 80)
        allowed = GuardedResolver(AddressPolicy.from_entries(["127.0.0.1:80"]), Rebinding())  # type: ignore[arg-type]
        await allowed.resolve("x", 80)
        assert [a["host"] for a in await allowed.resolve("x", 80)] == ["127.0.0.1"]
        with pytest.raises(FetchError):
            await allowed.resolve("x", 81)  # the port is part of what the operator allowed

    asyncio.run(run())


# --- the pure check -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1",
        "0.0.0.0", "224.0.0.1", "255.255.255.255", "198.18.0.1",
        "::1", "::", "fe80::1", "fe80::1%eth0", "fc00::1", "fd12:3456::1", "ff02::1", "ff0e::1",
        "fec0::1", "fec0::a00:1",  # site-local (deprecated, still routed by some stacks)
        "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254",  # IPv4-mapped
        "::127.0.0.1", "::10.0.0.1", "::169.254.169.254",  # IPv4-compatible
        "64:ff9b::7f00:1", "64:ff9b::a00:1", "64:ff9b::a9fe:a9fe",  # NAT64 carrying private
        "64:ff9b:1::808:808", "64:ff9b:1:ffff::1",  # local-use NAT64: refused whatever it holds
        "2002:7f00:1::", "2002:a00:1::1", "2002:a9fe:a9fe::",  # 6to4 carrying private
        "2001::1", "2001:0:4136:e378:8000:63bf:3fff:fdd2",  # Teredo
        "2001:db8::1", "100::1",  # documentation, discard
    ],
)  # fmt: skip
def test_non_public_addresses_and_the_ipv6_forms_carrying_them(address: str) -> None:
    assert not is_public(address)
    assert not AddressPolicy().permits(address, 80)


@pytest.mark.parametrize(
    "address",
    ["8.8.8.8", "2606:4700::1111", "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1"],
)
def test_public_addresses_and_forms_carrying_a_public_one(address: str) -> None:
    assert is_public(address)


def test_allowances_match_address_and_port() -> None:
    policy = AddressPolicy.from_entries(["127.0.0.1:8080", "10.0.0.0/8", "[fd00::1]:443"])
    assert policy.permits("127.0.0.1", 8080)
    assert not policy.permits("127.0.0.1", 8081)  # the same host, another port
    assert not policy.permits("127.0.0.2", 8080)
    assert policy.permits("10.200.0.1", 1) and policy.permits("10.0.0.1", 65535)
    assert policy.permits("fd00::1", 443) and not policy.permits("fd00::1", 80)
    assert not policy.permits("::ffff:127.0.0.1", 8080)  # what is connected, as written
    assert str(parse_allowance(" [::1]:8080 ")) == "[::1]:8080"
    assert parse_allowance("10.0.0.0/8") == Allowance(ipaddress.ip_network("10.0.0.0/8"))
    for bad in ["localhost", "intranet.example:80", "127.0.0.1:0", "127.0.0.1:http", "[::1",
                "10.0.0.0/33", ""]:  # fmt: skip
        with pytest.raises(ValueError):
            parse_allowance(bad)


def test_check_url_judges_addresses_written_in_the_url() -> None:
    policy = AddressPolicy.from_entries(["127.0.0.1:8080"])
    assert policy.check_url("http://127.0.0.1:8080/x") == ("127.0.0.1", 8080, True)
    assert policy.check_url("https://news.example/x") == ("news.example", 443, False)
    for url in ["http://127.0.0.1/x", "http://[::1]:8080/", "http://[::ffff:7f00:1]:8080/",
                "http://169.254.169.254/latest", "ftp://8.8.8.8/", "http:///x"]:  # fmt: skip
        with pytest.raises(FetchError):
            policy.check_url(url)
