"""Which addresses a link taken from outlet content may make us fetch.

A feed is written by strangers: a link to http://169.254.169.254/ or to a service on the
operator's network must not be fetched just because an entry points there. Links are fetched
only over http(s), and only when every address the host resolves to is public — or when the host
is the source's own host (the operator chose that one).
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from urllib.parse import urlsplit

from monitor.errors import FetchError


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


async def check_untrusted_url(url: str, allowed_host: str | None) -> None:
    """Raise FetchError unless ``url`` may be fetched on behalf of outlet content."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise FetchError(f"refused to fetch {parts.scheme or 'a relative'}: link (http/https only)")
    host = (parts.hostname or "").lower().rstrip(".")
    if not host:
        raise FetchError("refused to fetch a link without a host")
    if allowed_host is not None and host == allowed_host.lower().rstrip("."):
        return
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(
            host, parts.port or (443 if parts.scheme == "https" else 80), type=socket.SOCK_STREAM
        )
    except socket.gaierror:
        raise FetchError(f"DNS lookup failed for {host}") from None
    addresses = {info[4][0] for info in infos}
    blocked = sorted(a for a in addresses if not _public(a))
    if blocked:
        raise FetchError(
            f"refused to fetch {host}: it resolves to a non-public address ({blocked[0]})"
        )
