"""[server]: the web page's address and the operator's admin token ($MONITOR_SERVER_HOST,
$MONITOR_SERVER_PORT and $MONITOR_ADMIN_TOKEN first)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from monitor.config.settings import ServerConfig

if TYPE_CHECKING:
    from monitor.config.check import Checker


def check(c: Checker, data: Any) -> ServerConfig:
    sec = c.table(data, "server", ("host", "port", "enabled", "admin_token"))
    d = ServerConfig()
    host = c.env.get("MONITOR_SERVER_HOST") or c.string(sec, "host", "server.host", d.host)
    port = sec.get("port", d.port)
    if c.env.get("MONITOR_SERVER_PORT"):
        raw = c.env["MONITOR_SERVER_PORT"]
        port = int(raw) if raw.isdigit() else raw
    if isinstance(port, bool) or not isinstance(port, int) or not 0 <= port <= 65535:
        c.fail("server.port", f"must be a port number, not {port!r}")
        port = d.port
    enabled = c.flag(sec, "enabled", "server.enabled", True)
    token = c.env.get("MONITOR_ADMIN_TOKEN") or c.string(sec, "admin_token", "server.admin_token")
    if token is not None and (len(token) < 16 or not token.isprintable() or " " in token):
        c.fail(
            "server.admin_token",
            "must be at least 16 characters, without spaces or control characters",
        )
        token = None
    return ServerConfig(host, port, enabled, token)
