"""The address guard inside the HTTP client: see monitor.addresses for what is permitted.

``GuardedResolver`` is the resolver of the fetcher's aiohttp connector: it checks the DNS answer
the connection is then made to, so a name cannot resolve to a public address when checked and
to a private one when connected. ``check_untrusted_url`` fails a link early (before its
robots.txt is asked for); it is not what makes the connection safe.
"""

from __future__ import annotations

import asyncio
import socket
from typing import Any

from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import ThreadedResolver

from monitor.addresses import AddressPolicy
from monitor.errors import FetchError


class GuardedResolver(AbstractResolver):
    """aiohttp resolver that checks the answer it hands to the connector. The connector
    connects only to addresses from this answer (or from its cache of answers that passed),
    so the check and the connection use the same DNS answer."""

    def __init__(self, policy: AddressPolicy, inner: AbstractResolver | None = None) -> None:
        self.policy = policy
        # The system resolver (getaddrinfo: /etc/hosts, nsswitch), as aiohttp's default.
        self.inner = inner if inner is not None else ThreadedResolver()

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        answer = await self.inner.resolve(host, port, family)
        self.policy.check_answer(host.rstrip("."), port, [r["host"] for r in answer])
        return answer

    async def close(self) -> None:
        await self.inner.close()


async def check_untrusted_url(url: str, policy: AddressPolicy) -> None:
    """Fail early, before robots.txt is asked, for a link whose host is not permitted. The
    connection itself is checked again (GuardedResolver): this look-up is not the one used."""
    host, port, literal = policy.check_url(url)
    if literal:
        return
    try:
        infos: list[Any] = await asyncio.get_running_loop().getaddrinfo(
            host, port, type=socket.SOCK_STREAM
        )
    except (socket.gaierror, UnicodeError):
        raise FetchError(f"DNS lookup failed for {host}") from None
    policy.check_answer(host, port, [info[4][0] for info in infos])
