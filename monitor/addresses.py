"""Which addresses the monitor may connect to: public ones, and those the operator allowed.

Feeds, pages and robots.txt are fetched from addresses strangers can steer (a feed's links, a
source's redirects, a DNS answer that changes between two look-ups), and a request to
http://169.254.169.254/ or to a service on the operator's network must not be made on their
behalf. So every connection is judged by the address it is actually made to:

* a host name is resolved once, by ``netguard.GuardedResolver`` (aiohttp's connector's), which
  refuses the whole answer if any address in it is not permitted; the connection is made to
  an address of that same answer, so what was checked is what is connected (no second look-up
  for a rebinding DNS server to answer differently);
* an address written in the URL (aiohttp does not resolve those) is judged by
  ``AddressPolicy.check_url`` at every hop, redirects included.

For the operator's own requests (sources, listing pages, their redirects and robots.txt) an
address is permitted when it is public (``is_public``: IPv6 forms that carry an IPv4 address
are judged by what they carry) or when the operator listed it in ``[fetch] allow_private`` (an
address or network, optionally with a port: ``"127.0.0.1:8080"``, ``"10.0.0.0/8"``,
``"[fd00::1]:443"``). A source on a private address is fetched only when allowed, and its
redirect to a private address only when that address is allowed too.

Links taken from outlet content (article pages, their redirects and robots.txt) get public
addresses only, except a hop at their source's own host AND port (as written in the source's
address), which is judged like the source itself. So a link to another port of the source's
private host, to another allowed service, or to a name that resolves to the source's address
(DNS rebinding) is refused; and a permanent move takes the exemption only where the guard let
the source go.
"""

from __future__ import annotations

import contextlib
import ipaddress
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from monitor.errors import FetchError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

ALLOW_KEY = "[fetch] allow_private"

# IPv6 ranges that carry an IPv4 address in their last 32 bits (RFC 6052 well-known NAT64
# prefix; RFC 4291's deprecated IPv4-compatible form): judged by that IPv4 address.
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
_COMPATIBLE = ipaddress.IPv6Network("::/96")
# Refused whatever they carry: local-use NAT64 (RFC 8215, the embedded address sits at a
# prefix-dependent offset), site-local (deprecated by RFC 3879, but routed by some stacks;
# Python does not count it as private), and Teredo (the client address is obfuscated and the
# relay decides where the packets go).
_REFUSED_V6 = (
    ipaddress.IPv6Network("64:ff9b:1::/48"),
    ipaddress.IPv6Network("fec0::/10"),
    ipaddress.IPv6Network("2001::/32"),
)


class AddressRefused(FetchError):
    """A connection to an address that is neither public nor allowed by the operator."""


def _address(text: str) -> IPAddress:
    return ipaddress.ip_address(text.split("%", 1)[0].strip("[]"))


def carried(ip: IPAddress) -> IPAddress | None:
    """The address a connection to ``ip`` really reaches, as far as we can judge it: the
    IPv4 address inside an IPv4-mapped, IPv4-compatible, NAT64 or 6to4 address; ``ip``
    itself otherwise; None for the forms refused whatever they carry."""
    if isinstance(ip, ipaddress.IPv4Address):
        return ip
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if any(ip in net for net in _REFUSED_V6):
        return None
    if ip.sixtofour is not None:  # 2002::/16
        return ip.sixtofour
    if ip in _NAT64 or (ip in _COMPATIBLE and int(ip) > 1):  # not :: nor ::1
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return ip


def is_public(address: str | IPAddress) -> bool:
    """Reachable by anyone on the internet: not private, loopback, link-local, unique-local,
    site-local, multicast, reserved or unspecified, nor an IPv6 form carrying such an IPv4."""
    ip = _address(address) if isinstance(address, str) else address
    inner = carried(ip)  # a transition form is judged by the address it carries
    return inner is not None and inner.is_global and not inner.is_multicast


@dataclass(frozen=True)
class Allowance:
    """One ``[fetch] allow_private`` entry: an address or network, and a port or any port."""

    network: IPNetwork
    port: int | None = None

    def covers(self, ip: IPAddress, port: int) -> bool:
        return ip in self.network and (self.port is None or self.port == port)

    def __str__(self) -> str:
        net = self.network
        host = str(net.network_address) if net.num_addresses == 1 else str(net)
        if self.port is None:
            return host
        return f"[{host}]:{self.port}" if net.version == 6 else f"{host}:{self.port}"


def parse_allowance(text: str) -> Allowance:
    """``"127.0.0.1:8080"``, ``"10.0.0.0/8"``, ``"::1"``, ``"[fd00::/8]:443"`` → Allowance;
    ValueError with a one-line reason otherwise (host names are not accepted: what is allowed
    is the address connected to, whatever name led there)."""
    raw = text.strip()
    port: int | None = None
    host = raw
    if raw.startswith("["):
        end = raw.find("]")
        if end < 0:
            raise ValueError(f'"{text}": a "[" without "]"')
        host, rest = raw[1:end], raw[end + 1 :]
        if rest:
            if not rest.startswith(":"):
                raise ValueError(f'"{text}": expected ":PORT" after "]"')
            port = _port(rest[1:], text)
    elif raw.count(":") == 1:  # IPv4 (or an IPv4 network) with a port
        host, _, p = raw.partition(":")
        port = _port(p, text)
    try:
        network = ipaddress.ip_network(host, strict=False)
    except ValueError:
        raise ValueError(
            f'"{text}" is not an IP address or network, optionally with :PORT '
            '(like "127.0.0.1:8080", "10.0.0.0/8" or "[fd00::1]:443")'
        ) from None
    return Allowance(network, port)


def _port(value: str, text: str) -> int:
    if not value.isdigit() or not 0 < int(value) < 65536:
        raise ValueError(f'"{text}": the port must be a number from 1 to 65535')
    return int(value)


def default_port(scheme: str) -> int:
    return 443 if scheme == "https" else 80


def endpoint(url: str) -> tuple[str, int] | None:
    """(host, port) of an address, the host lower-cased and an IP address in its one written
    form; None when the address has none. What "the source's own host and port" compares."""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").rstrip(".")
        port = parts.port or default_port(parts.scheme)
    except ValueError:
        return None
    if not host:
        return None
    with contextlib.suppress(ValueError):  # a name stays as it is
        host = str(_address(host))
    return host, port


@dataclass(frozen=True)
class AddressPolicy:
    """Public addresses, and the ones the operator allowed (``[fetch] allow_private``)."""

    allowed: tuple[Allowance, ...] = ()

    @classmethod
    def from_entries(cls, entries: Iterable[str | Allowance]) -> AddressPolicy:
        return cls(tuple(e if isinstance(e, Allowance) else parse_allowance(e) for e in entries))

    def permits(self, address: str | IPAddress, port: int) -> bool:
        ip = _address(address) if isinstance(address, str) else address
        return is_public(ip) or any(a.covers(ip, port) for a in self.allowed)

    def refusal(self, host: str, address: str, port: int) -> str | None:
        """Why a connection to ``address``:``port`` (reached by the name ``host``) is refused,
        or None when it is permitted."""
        try:
            ip = _address(address)
        except ValueError:
            return f"refused to fetch {host}: {address!r} is not an IP address"
        if self.permits(ip, port):
            return None
        where = host if host == str(ip) else f"{host} ({ip})"
        return f"refused to fetch {where} port {port}: not a public address, and not in {ALLOW_KEY}"

    def check(self, host: str, address: str, port: int) -> None:
        reason = self.refusal(host, address, port)
        if reason is not None:
            raise AddressRefused(reason)

    def check_url(self, url: str) -> tuple[str, int, bool]:
        """Judge what can be judged without DNS: the scheme, and an address written in the URL.
        Returns (host, port, whether the host is an address). Raises FetchError."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            raise FetchError(
                f"refused to fetch {parts.scheme or 'a relative'}: address (http/https only)"
            )
        try:
            host = (parts.hostname or "").rstrip(".")
            port = parts.port or default_port(parts.scheme)
        except ValueError:
            raise FetchError("unsupported address: the port is not a number") from None
        if not host:
            raise FetchError("refused to fetch an address without a host")
        try:
            _address(host)
        except ValueError:
            return host, port, False
        self.check(host, host, port)
        return host, port, True

    def check_answer(self, host: str, port: int, addresses: Sequence[str]) -> None:
        """Every address a name resolved to must be permitted: a DNS answer mixing a public
        address with a private one is refused as a whole, not filtered."""
        for address in addresses:
            self.check(host, address, port)
