"""Retrieve bytes over HTTP: conditional requests, timeouts, size caps, politeness, link safety.

Every failure becomes a FetchError whose message says what happened in words a user can act on
("timed out after 20s", "HTTP 404 Not Found", "connection refused"), so the source's state and
the poll report explain themselves.

The client is aiohttp. httpx's own connection pool slows badly as concurrency grows (1,000
loopback requests at concurrency 50: ~160 req/s); httpx over the httpx-aiohttp transport did
~1,900 req/s, but its request and response layers were still half of a steady poll (1,000
feeds answering 304). Redirects are followed here, one hop at a time, so every hop of every
request (feeds, pages, robots.txt, articles) is judged again by the address guard (netguard:
an address in the URL here, a resolved name in the connector's resolver) and a permanent move
is seen.
"""

from __future__ import annotations

import asyncio
import socket
import ssl
import threading
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

import aiohttp
from yarl import URL

from monitor.addresses import AddressPolicy, Allowance, endpoint
from monitor.config import FetchConfig
from monitor.errors import FetchError
from monitor.netguard import GuardedResolver, check_untrusted_url
from monitor.politeness import HostGate, RobotsCache, parse_retry_after
from monitor.types import FetchResult

ACCEPT_FEED = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, "
    "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
)
ACCEPT_PAGE = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"


@dataclass(frozen=True)
class FetchSettings:
    user_agent: str
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 60.0
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    concurrency: int = 20
    per_host: int = 2
    host_delay: float = 1.0
    robots: bool = True
    allow_private: tuple[Allowance, ...] = ()  # [fetch] allow_private: see netguard

    @classmethod
    def from_config(cls, user_agent: str, cfg: FetchConfig) -> FetchSettings:
        return cls(
            user_agent=user_agent,
            connect_timeout=cfg.connect_timeout.total_seconds(),
            read_timeout=cfg.read_timeout.total_seconds(),
            total_timeout=cfg.total_timeout.total_seconds(),
            max_bytes=cfg.max_size_mb * 1024 * 1024,
            max_redirects=cfg.max_redirects,
            concurrency=cfg.concurrency,
            per_host=cfg.per_host,
            host_delay=cfg.host_delay.total_seconds(),
            robots=cfg.robots,
            allow_private=cfg.allow_private,
        )


_tls_lock = threading.Lock()
_tls: ssl.SSLContext | None = None


def tls_context() -> ssl.SSLContext:
    """The process's one TLS client context (certifi's CA bundle), made at the first https
    request and shared by every Fetcher and both of its clients. Loading the bundle costs
    ~35 ms of CPU: each Fetcher built two (one a client) for every poll, which a cron poll of
    http sources, or a poll of one source, paid whether it used TLS or not (issue 27)."""
    global _tls
    with _tls_lock:
        if _tls is None:
            import certifi

            _tls = ssl.create_default_context(cafile=certifi.where())
        return _tls


class RetryLater(FetchError):
    """The server asked us to come back later (429/503, possibly with Retry-After)."""

    def __init__(self, message: str, seconds: float | None) -> None:
        super().__init__(message)
        self.seconds = seconds


def _origin(url: str) -> tuple[str, str]:
    """(the server's key for politeness: host[:port], the origin for robots.txt). Without the
    address's user:password: both appear in messages (and robots.txt is public)."""
    parts = urlsplit(url)
    netloc = parts.netloc.rpartition("@")[2].lower()
    return netloc, f"{parts.scheme}://{netloc}"


_REDIRECTS = frozenset({301, 302, 303, 307, 308})
# Whose request: None for the operator's (sources, pages); for a link from outlet content, the
# (host, port) of its source, where it is judged as the source is (False: no such address).
Home = tuple[str, int] | Literal[False] | None


class _TooManyRedirects(Exception):
    pass


class Fetcher:
    """One per poll cycle (it owns the connection pool, per-host gate and robots cache)."""

    def __init__(self, settings: FetchSettings) -> None:
        self.settings = settings
        # Two clients, each with its own connection pool and DNS cache, so that a connection
        # or an answer one policy accepted is never reused under the other: the operator's
        # (sources, pages; public or allowed addresses) and outlet content's (links; public
        # addresses only, but for hops at the link's source's own host and port).
        self.policy = AddressPolicy(settings.allow_private)
        self.public_only = AddressPolicy()
        jar = aiohttp.CookieJar(unsafe=True)  # one: a consent wall's cookie follows its hops
        self.session = self._client(self.policy, jar)
        self.links = self._client(self.public_only, jar)
        self.global_slots = asyncio.Semaphore(settings.concurrency)
        self.gate = HostGate(settings.per_host, settings.host_delay)
        self.robots = RobotsCache(settings.user_agent)

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.session.close()
        await self.links.close()

    def _client(self, policy: AddressPolicy, jar: aiohttp.CookieJar) -> aiohttp.ClientSession:
        s = self.settings
        return aiohttp.ClientSession(  # made inside the poll's event loop
            connector=aiohttp.TCPConnector(
                limit=max(s.concurrency, 10),  # TLS: per request, see _stream
                # every name is resolved here, and the answer checked, before a connection
                resolver=GuardedResolver(policy),
            ),
            headers={"User-Agent": s.user_agent},
            cookie_jar=jar,  # unsafe=True: hosts given as IPs keep their cookies too
            timeout=aiohttp.ClientTimeout(
                total=None, sock_connect=s.connect_timeout, sock_read=s.read_timeout
            ),
            trust_env=False,
        )

    async def feed(
        self, url: str, *, etag: str | None = None, last_modified: str | None = None
    ) -> FetchResult:
        """A source's address, as configured by the operator (or its permanent move): the
        address guard applies, so a private address must be in ``[fetch] allow_private``."""
        headers = {"Accept": ACCEPT_FEED}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return await self._polite(url, headers)

    async def page(self, url: str, *, robots: bool = True) -> FetchResult:
        """A listing page configured by the operator: address guard as for feeds, robots.txt
        honoured."""
        if robots:
            await self._check_robots(url)
        return await self._polite(url, {"Accept": ACCEPT_PAGE})

    async def article(self, url: str, source_url: str) -> FetchResult:
        """A link taken from outlet content: public addresses only, but for hops at the host
        and port of ``source_url`` (the source's address), judged as the source is; at every
        hop, robots.txt included (see monitor.addresses)."""
        home = endpoint(source_url)
        policy = self.policy if home is not None and endpoint(url) == home else self.public_only
        await check_untrusted_url(url, policy)  # early, before robots.txt is asked
        await self._check_robots(url, home or False)
        return await self._polite(url, {"Accept": ACCEPT_PAGE}, home=home or False)

    async def _check_robots(self, url: str, home: Home = None) -> None:
        if not self.settings.robots:
            return
        _, origin = _origin(url)

        async def get(robots_url: str) -> tuple[int, bytes]:
            r = await self._polite(robots_url, {"Accept": "text/plain"}, raw=True, home=home)
            return r.status, r.content

        if not await self.robots.allowed(origin, url, get):
            why = self.robots.unavailable.get(origin)
            if why is not None:
                raise FetchError(f"robots.txt of {origin} could not be read ({why}); not fetching")
            raise FetchError(f"robots.txt of {origin} forbids fetching {urlsplit(url).path}")

    async def _polite(
        self, url: str, headers: dict[str, str], *, raw: bool = False, home: Home = None
    ) -> FetchResult:
        host, _ = _origin(url)
        wait = self.gate.blocked_for(host)
        if wait > 0:
            raise RetryLater(f"{host} asked us to wait; {wait:.0f}s left", wait)
        async with self.global_slots, self.gate.slot(host):
            try:
                result = await self._get(url, headers, raw, home)
            except RetryLater as exc:
                if exc.seconds:
                    self.gate.block(host, exc.seconds)
                raise
            return result

    async def _get(self, url: str, headers: dict[str, str], raw: bool, home: Home) -> FetchResult:
        s = self.settings
        try:
            async with asyncio.timeout(s.total_timeout):
                return await self._stream(url, headers, raw, home)
        # aiohttp's timeouts are TimeoutErrors too: the specific ones first
        except aiohttp.ConnectionTimeoutError:
            raise FetchError(f"connection timed out after {s.connect_timeout:g}s") from None
        except aiohttp.ServerTimeoutError:
            raise FetchError(f"the server stopped sending for {s.read_timeout:g}s") from None
        except TimeoutError:
            raise FetchError(f"no complete answer within {s.total_timeout:g}s") from None
        except _TooManyRedirects:
            raise FetchError(f"more than {s.max_redirects} redirects") from None
        except aiohttp.ClientConnectorError as exc:
            raise FetchError(_connect_message(exc, url, s.connect_timeout)) from None
        except aiohttp.ClientPayloadError as exc:
            text = " ".join(str(c) for c in _causes(exc))
            if "compress" in text.lower() or "zlib" in text.lower():
                raise FetchError(f"the response could not be decompressed: {exc}") from None
            raise FetchError(f"the server broke the connection: {exc}") from None
        except (aiohttp.ServerDisconnectedError, aiohttp.ClientOSError) as exc:
            raise FetchError(
                f"the server broke the connection: {exc or type(exc).__name__}"
            ) from None
        except aiohttp.ClientResponseError as exc:  # an answer that is not HTTP
            first = str(exc.message).splitlines()[0] if exc.message else ""
            raise FetchError(f"the server sent an invalid HTTP response ({first})") from None
        except (aiohttp.InvalidURL, ValueError) as exc:
            raise FetchError(f"unsupported address: {exc}") from None
        except aiohttp.ClientError as exc:
            raise FetchError(f"HTTP client error: {type(exc).__name__}: {exc}") from None

    async def _stream(
        self, url: str, headers: dict[str, str], raw: bool, home: Home
    ) -> FetchResult:
        history: list[int] = []
        current = URL(url)
        while True:
            # Every hop: the operator's client for the operator's requests and for a link's
            # hop at its source's own host and port; the public-only client otherwise. An
            # address in the URL is judged here (aiohttp does not resolve it); a name by the
            # client's GuardedResolver, on the answer it connects to.
            if home is None or endpoint(str(current)) == home:
                policy, client = self.policy, self.session
            else:
                policy, client = self.public_only, self.links
            policy.check_url(str(current))
            # https: the process's context; the first TLS request makes it in a thread (it
            # reads the CA bundle from disk: not in the event loop, which serves the others)
            tls: ssl.SSLContext | bool = True
            if current.scheme == "https":
                tls = _tls if _tls is not None else await asyncio.to_thread(tls_context)
            async with client.get(current, headers=headers, allow_redirects=False, ssl=tls) as r:
                location = r.headers.get("Location")
                if r.status in _REDIRECTS and location:
                    if len(history) >= self.settings.max_redirects:
                        raise _TooManyRedirects
                    history.append(r.status)
                    current = current.join(URL(location))
                    if current.scheme not in ("http", "https"):
                        raise FetchError(f"unsupported address: a redirect to {current}")
                    continue
                return await self._read(url, r, history, raw)

    async def _read(
        self, url: str, response: aiohttp.ClientResponse, history: list[int], raw: bool
    ) -> FetchResult:
        s = self.settings
        final = str(response.url)
        if response.status == 304:
            return FetchResult(url=url, status=304, final_url=final)
        if response.status in (429, 503) and not raw:
            seconds = parse_retry_after(response.headers.get("Retry-After"))
            raise RetryLater(_status_message(response), seconds)
        if response.status >= 400 and not raw:
            raise FetchError(_status_message(response))
        declared = response.headers.get("Content-Length")
        encoded = response.headers.get("Content-Encoding", "identity") != "identity"
        if declared and declared.isdigit() and int(declared) > s.max_bytes and not encoded:
            raise FetchError(_too_large(s.max_bytes))
        chunks: list[bytes] = []
        size = 0
        async for chunk in response.content.iter_chunked(1 << 16):  # decoded: caps bombs too
            size += len(chunk)
            if size > s.max_bytes:
                raise FetchError(_too_large(s.max_bytes))
            chunks.append(chunk)
        permanent = [status for status in history if status in (301, 308)]
        return FetchResult(
            url=url,
            status=response.status,
            content=b"".join(chunks),
            headers={k.lower(): v for k, v in response.headers.items()},
            etag=response.headers.get("ETag"),
            last_modified=response.headers.get("Last-Modified"),
            final_url=final,
            permanent_redirect=bool(permanent) and len(permanent) == len(history),
        )


def _too_large(limit: int) -> str:
    return f"the response is larger than {limit // (1024 * 1024)} MiB"


def _status_message(response: aiohttp.ClientResponse) -> str:
    text = f"HTTP {response.status} {response.reason or ''}".strip()
    retry = response.headers.get("Retry-After")
    if response.status in (429, 503) and retry:
        text += f" (Retry-After: {retry})"
    return text


def _causes(exc: BaseException) -> list[BaseException]:
    out: list[BaseException] = []
    cause: BaseException | None = exc
    while cause is not None and len(out) < 10:
        out.append(cause)
        cause = cause.__cause__ or cause.__context__
    return out


def _refused(exc: BaseException) -> bool:
    return any(isinstance(c, ConnectionRefusedError) for c in _causes(exc))


def _connect_message(exc: BaseException, url: str, timeout: float) -> str:
    causes = _causes(exc)
    text = " ".join(str(c) for c in causes)
    host = urlsplit(url).hostname
    if (
        any(isinstance(c, socket.gaierror | aiohttp.ClientConnectorDNSError) for c in causes)
        or "Name or service" in text
    ):
        return f"DNS lookup failed for {host}"
    if _refused(exc) or "refused" in text.lower():
        return f"connection refused by {host}"
    if any(isinstance(c, ssl.SSLError | aiohttp.ClientSSLError) for c in causes) or (
        "SSL" in text or "certificate" in text.lower()
    ):
        reason = next((c for c in causes if isinstance(c, ssl.SSLError)), causes[-1])
        return f"TLS error with {host}: {getattr(reason, 'reason', None) or reason}"
    if any(isinstance(c, ConnectionResetError) for c in causes):
        return f"the connection to {host} was reset"
    if any(isinstance(c, TimeoutError) for c in causes):
        return f"connection timed out after {timeout:g}s"
    return f"cannot connect to {host}: {causes[-1] or type(causes[-1]).__name__}"
