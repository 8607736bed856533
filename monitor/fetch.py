"""Retrieve a source's bytes over HTTP: conditional requests, timeouts, a size cap.

Every failure becomes a FetchError whose message says what happened in words a user can act on
("timed out after 20s", "HTTP 404 Not Found", "connection refused"), so the source's state and
the poll report explain themselves.
"""

from __future__ import annotations

import asyncio
import socket
from dataclasses import dataclass

import httpx

from monitor.errors import FetchError
from monitor.types import FetchResult

MAX_BYTES = 10 * 1024 * 1024  # decompressed: a gzip bomb stops here too
ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, "
    "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
)


@dataclass(frozen=True)
class FetchSettings:
    user_agent: str
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 60.0
    max_bytes: int = MAX_BYTES
    max_redirects: int = 5


def make_client(settings: FetchSettings) -> httpx.AsyncClient:
    """One client per poll cycle; connections are reused across sources on the same host."""
    return httpx.AsyncClient(
        headers={"User-Agent": settings.user_agent, "Accept": ACCEPT},
        timeout=httpx.Timeout(
            settings.read_timeout, connect=settings.connect_timeout, pool=settings.total_timeout
        ),
        follow_redirects=True,
        max_redirects=settings.max_redirects,
        limits=httpx.Limits(max_connections=50, max_keepalive_connections=20),
        trust_env=False,
    )


async def fetch(
    client: httpx.AsyncClient,
    url: str,
    settings: FetchSettings,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
) -> FetchResult:
    """GET ``url``; 304 comes back as a result with no content, every other failure raises."""
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    try:
        async with asyncio.timeout(settings.total_timeout):
            return await _get(client, url, headers, settings)
    except TimeoutError:
        raise FetchError(f"no complete answer within {settings.total_timeout:g}s") from None
    except httpx.TooManyRedirects:
        raise FetchError(f"more than {settings.max_redirects} redirects") from None
    except httpx.ConnectTimeout:
        raise FetchError(f"connection timed out after {settings.connect_timeout:g}s") from None
    except httpx.ReadTimeout:
        raise FetchError(f"the server stopped sending for {settings.read_timeout:g}s") from None
    except httpx.ConnectError as exc:
        raise FetchError(_connect_message(exc, url)) from None
    except httpx.RemoteProtocolError as exc:
        raise FetchError(f"the server broke the connection: {exc}") from None
    except httpx.DecodingError as exc:
        raise FetchError(f"the response could not be decompressed: {exc}") from None
    except httpx.HTTPError as exc:
        raise FetchError(f"{type(exc).__name__}: {exc}") from None


async def _get(
    client: httpx.AsyncClient, url: str, headers: dict[str, str], settings: FetchSettings
) -> FetchResult:
    async with client.stream("GET", url, headers=headers) as response:
        if response.status_code == 304:
            return FetchResult(url=url, status=304, final_url=str(response.url))
        if response.status_code >= 400:
            raise FetchError(_status_message(response))
        declared = response.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > settings.max_bytes:
            raise FetchError(_too_large(settings.max_bytes))
        chunks: list[bytes] = []
        size = 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > settings.max_bytes:
                raise FetchError(_too_large(settings.max_bytes))
            chunks.append(chunk)
        permanent = any(r.status_code in (301, 308) for r in response.history)
        return FetchResult(
            url=url,
            status=response.status_code,
            content=b"".join(chunks),
            headers={k.lower(): v for k, v in response.headers.items()},
            etag=response.headers.get("etag"),
            last_modified=response.headers.get("last-modified"),
            final_url=str(response.url),
            permanent_redirect=permanent,
        )


def _too_large(limit: int) -> str:
    return f"the response is larger than {limit // (1024 * 1024)} MiB"


def _status_message(response: httpx.Response) -> str:
    text = f"HTTP {response.status_code} {response.reason_phrase}".strip()
    retry = response.headers.get("retry-after")
    if response.status_code in (429, 503) and retry:
        text += f" (Retry-After: {retry})"
    return text


def _connect_message(exc: httpx.ConnectError, url: str) -> str:
    causes: list[BaseException] = []
    cause: BaseException | None = exc
    while cause is not None and len(causes) < 10:
        causes.append(cause)
        cause = cause.__cause__ or cause.__context__
    text = " ".join(str(c) for c in causes)
    host = httpx.URL(url).host
    if any(isinstance(c, socket.gaierror) for c in causes) or "Name or service" in text:
        return f"DNS lookup failed for {host}"
    if any(isinstance(c, ConnectionRefusedError) for c in causes) or "refused" in text:
        return f"connection refused by {host}"
    if "SSL" in str(exc) or "certificate" in str(exc).lower():
        return f"TLS error with {host}: {exc}"
    return f"cannot connect to {host}: {exc or type(exc).__name__}"
