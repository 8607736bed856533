"""A small outlet server on 127.0.0.1 for the tests: feeds, pages, and misbehaviour on demand.

Each test registers the routes it needs (``server.route("/feed.xml", body, ...)``). Responses
can carry an ETag (answered with 304 when it matches), be slow, or fail; every request is logged
so a test can assert what the monitor asked for.
"""

from __future__ import annotations

import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class LoopbackServer(ThreadingHTTPServer):
    """A threading server that stays quiet when a client hangs up: the tests break
    connections on purpose (a reset mid-body, a client that times out on a trickle), and the
    standard server prints each one's traceback to stderr, where it reads like a failure."""

    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = "application/rss+xml; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None
    delay: float = 0.0
    trickle: float = 0.0  # seconds between body bytes: a server that never quite finishes
    reset_after: int | None = None  # send this many body bytes, then drop the connection
    fail_every: int = 0  # every n-th request to this route answers 500
    cookie: str | None = None  # a consent wall: without this cookie, a redirect that sets it
    hits: int = 0


@dataclass
class Request:
    path: str
    headers: dict[str, str]


class OutletServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[Request] = []
        self.posts: list[tuple[str, bytes]] = []
        self.active: dict[str, int] = {}  # requests in progress per first path segment
        self.max_active: dict[str, int] = {}
        self.lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                outer.posts.append((self.path, body))
                route = outer.routes.get(self.path)
                status = route.status if route else 200
                self._send(status, b"ok", "text/plain", {})

            def do_GET(self) -> None:
                prefix = self.path.split("/")[1] if "/" in self.path else ""
                with outer.lock:
                    outer.active[prefix] = outer.active.get(prefix, 0) + 1
                    outer.max_active[prefix] = max(
                        outer.max_active.get(prefix, 0), outer.active[prefix]
                    )
                try:
                    self._get()
                finally:
                    with outer.lock:
                        outer.active[prefix] -= 1

            def _get(self) -> None:
                outer.requests.append(
                    Request(self.path, {k.lower(): v for k, v in self.headers.items()})
                )
                route = outer.routes.get(self.path) or outer.routes.get(self.path.split("?")[0])
                if route is None:
                    self._send(404, b"not found", "text/plain", {})
                    return
                route.hits += 1
                if route.cookie and route.cookie not in self.headers.get("Cookie", ""):
                    wall = {"Location": self.path, "Set-Cookie": f"{route.cookie}; Path=/"}
                    self._send(302, b"", None, wall)
                    return
                if route.fail_every and route.hits % route.fail_every == 0:
                    self._send(500, b"every so often", "text/plain", {})
                    return
                if route.reset_after is not None:
                    self.send_response(200)
                    self.send_header("Content-Type", route.content_type)
                    self.send_header("Content-Length", str(len(route.body)))
                    self.end_headers()
                    self.wfile.write(route.body[: route.reset_after])
                    self.wfile.flush()
                    import socket as _socket

                    self.connection.setsockopt(
                        _socket.SOL_SOCKET, _socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00"
                    )
                    self.connection.close()  # RST: the body stops mid-way
                    self.close_connection = True
                    return
                if route.delay:
                    time.sleep(route.delay)
                headers = dict(route.headers)
                if route.etag:
                    headers["ETag"] = route.etag
                    if self.headers.get("If-None-Match") == route.etag:
                        self._send(304, b"", None, headers)
                        return
                self._send(route.status, route.body, route.content_type, headers, route.trickle)

            def _send(
                self,
                status: int,
                body: bytes,
                ctype: str | None,
                headers: dict[str, str],
                trickle: float = 0.0,
            ) -> None:
                self.send_response(status)
                if ctype:
                    self.send_header("Content-Type", ctype)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    if trickle:
                        for i in range(len(body)):
                            self.wfile.write(body[i : i + 1])
                            self.wfile.flush()
                            time.sleep(trickle)
                    elif body:
                        self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up, as it should

        self.httpd = LoopbackServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def route(self, path: str, body: bytes | str = b"", **kwargs: object) -> str:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = Route(body=data, **kwargs)  # type: ignore[arg-type]
        return self.url(path)

    def requests_for(self, path: str) -> list[Request]:
        return [r for r in self.requests if r.path == path]

    def start(self) -> OutletServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
