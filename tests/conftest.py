"""Shared fixtures: the outlet server, a real SMTP server (aiosmtpd), and config files.

Everything listens on 127.0.0.1 only; no test reaches any other address.
"""

from __future__ import annotations

import ipaddress
import json
import os
import socket
import textwrap
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

import pytest
from aiosmtpd.controller import Controller

from monitor.config import load_config
from monitor.match import Matcher
from monitor.parse.dates import parse_date
from monitor.pipeline import Pipeline
from monitor.resources import resource_dir
from monitor.seed import seed_archive
from monitor.store import Store
from monitor.types import Item
from tests.outlet import OutletServer

DATA = Path(__file__).parent / "data"


_LOOPBACK = {"127.0.0.1", "::1", "localhost", "localhost.localdomain"}
_real_getaddrinfo = socket.getaddrinfo


def _loopback_only_getaddrinfo(host, *args, **kwargs):
    """No test may reach past this machine, not even a DNS query: any name other than the
    loopback's fails here as an unknown host (which is also how tests get a DNS failure)."""
    name = host.decode() if isinstance(host, bytes) else host
    if name is not None and name not in _LOOPBACK and not str(name).startswith("127."):
        try:
            import ipaddress

            ipaddress.ip_address(str(name).split("%")[0])
        except ValueError:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known") from None
    return _real_getaddrinfo(host, *args, **kwargs)


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socket, "getaddrinfo", _loopback_only_getaddrinfo)


# The suite runs twice in `make test`: on SQLite files, then (MONITOR_TEST_DATABASE=postgresql)
# on a fresh PostgreSQL database per test, created and dropped here.
ON_POSTGRES = os.environ.get("MONITOR_TEST_DATABASE") == "postgresql"
PG_URL = os.environ.get(
    "MONITOR_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
_archive_url: dict[str, str] = {}
sqlite_only = pytest.mark.skipif(ON_POSTGRES, reason="exercises SQLite itself")


def _pg_dsn(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


@pytest.fixture(autouse=True)
def archive_database() -> Iterator[None]:
    if not ON_POSTGRES:
        _archive_url.pop("url", None)
        yield
        return
    import psycopg

    name = f"monitor_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(_pg_dsn(PG_URL), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    _archive_url["url"] = PG_URL.rsplit("/", 1)[0] + f"/{name}"
    try:
        yield
    finally:
        _archive_url.pop("url", None)
        with psycopg.connect(_pg_dsn(PG_URL), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def outlet() -> Iterator[OutletServer]:
    server = OutletServer().start()
    yield server
    server.stop()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class SmtpHandler:
    """Accepts mail and keeps it; can be told to refuse (451/550) like a real server."""

    messages: list[EmailMessage] = field(default_factory=list)
    envelopes: list[Any] = field(default_factory=list)
    data_reply: str | None = None  # e.g. "451 4.3.0 try again later"
    reject: set[str] = field(default_factory=set)
    drop_in_data: bool = False  # close the connection before the final reply to DATA
    raw: list[bytes] = field(default_factory=list)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.reject:
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.drop_in_data:
            server.transport.close()
            return "421 closing"
        if self.data_reply:
            return self.data_reply
        self.raw.append(envelope.original_content or envelope.content)
        self.envelopes.append(envelope)
        msg = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append(msg)  # type: ignore[arg-type]
        return "250 Message accepted for delivery"


@dataclass
class SmtpServer:
    handler: SmtpHandler
    port: int

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    @property
    def messages(self) -> list[EmailMessage]:
        return self.handler.messages


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    handler = SmtpHandler()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    yield SmtpServer(handler, port)
    controller.stop()


def seeds() -> list[dict[str, Any]]:
    return json.loads((resource_dir("seeds") / "seeds.json").read_text("utf-8"))["seeds"]


BENCH_DATA = Path(__file__).resolve().parent.parent / "bench" / "data"
# The development corpus's first three files: the tests written before the later sets read these.
FIRST_SETS = ("relevance_corpus.jsonl", "fresh_corpus.jsonl", "unseen_corpus.jsonl")


def labelled_rows(*names: str) -> dict[str, dict[str, Any]]:
    """The labelled rows of bench/data by id, in file order: of the files ``names``, or of every
    set (``*_corpus.jsonl``). Tests on real items read them here, not each its own way."""
    paths = [BENCH_DATA / n for n in names] if names else sorted(BENCH_DATA.glob("*_corpus.jsonl"))
    rows: dict[str, dict[str, Any]] = {}
    for path in paths:
        for line in path.read_text("utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                rows[str(row["id"])] = row
    return rows


def rss(items: list[dict[str, str]], title: str = "Test outlet") -> str:
    """An RSS 2.0 document; item keys: title, link, guid, description, content, pubDate."""
    parts = []
    for it in items:
        fields = []
        for key in ("title", "link", "guid", "description", "pubDate"):
            if key in it:
                fields.append(f"<{key}>{escape(it[key])}</{key}>")
        if "content" in it:
            fields.append(f"<content:encoded><![CDATA[{it['content']}]]></content:encoded>")
        parts.append("<item>" + "".join(fields) + "</item>")
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>{escape(title)}</title><link>http://127.0.0.1/</link>"
        f"<description>test</description>{''.join(parts)}</channel></rss>"
    )


def loopback_sources(sources: list[dict[str, Any]]) -> list[str]:
    """``[fetch] allow_private`` entries for the sources written as a non-public address:
    the test outlets run on 127.0.0.1, and an operator allows an intranet source the same way,
    by its address and port. Nothing else on the loopback is allowed (another outlet's port,
    ::1, localhost's other addresses): tests of the address guard rely on that."""
    out: list[str] = []
    for source in sources:
        parts = urlsplit(str(source.get("url", "")))
        try:
            ip = ipaddress.ip_address(parts.hostname or "")
        except ValueError:
            continue
        if ip.is_global:
            continue
        port = parts.port or (443 if parts.scheme == "https" else 80)
        entry = f"[{ip}]:{port}" if ip.version == 6 else f"{ip}:{port}"
        if entry not in out:
            out.append(entry)
    return out


def write_config(
    path: Path,
    sources: list[dict[str, Any]],
    *,
    recipients: list[str] | None = None,
    smtp_url: str | None = None,
    extra: str = "",
    fetch: str = 'host_delay = "0s"',
) -> Path:
    """sources.toml with the shipped topic rules and the given sources."""
    shipped = (Path(__file__).parent.parent / "sources.toml").read_text("utf-8")
    topics = shipped[shipped.index("[[topics]]") :]
    lines = [
        "[storage]",
        f'url = "{_archive_url.get("url", "sqlite:///archive.db")}"',
        "[digest]",
        f"recipients = {json.dumps(recipients or [])}",
        'sender = "Monitor <monitor@example.org>"',
        'subject = "High North: {count} new items, {date}"',
    ]
    if smtp_url:
        lines += ["[smtp]", f'url = "{smtp_url}"', "timeout = 5"]
    allow = [] if "allow_private" in fetch else loopback_sources(sources)
    if fetch or allow:
        lines.append("[fetch]")
    if fetch:
        lines.append(fetch)
    if allow:
        lines.append(f"allow_private = {json.dumps(allow)}")
    for s in sources:
        lines.append("[[sources]]")
        s = {"fetch_article": False, **s}  # test links point nowhere unless a test routes them
        for k, v in s.items():
            lines.append(f"{k} = {json.dumps(v, ensure_ascii=False)}")
    path.write_text("\n".join(lines) + "\n" + textwrap.dedent(extra) + "\n" + topics, "utf-8")
    return path


ON_TOPIC = {
    "title": "Russian border guards detain Norwegian fisherman near Storskog",
    "link": "https://outlet.example/news/storskog-fisherman",
    "guid": "hn-1001",
    "description": "The FSB border service says the man crossed the Norwegian-Russian border "
    "near Storskog in Sør-Varanger. Norway's foreign ministry has asked Moscow for an "
    "explanation, and the Norwegian police in Finnmark confirm the incident.",
    "pubDate": "Sat, 21 Nov 2026 09:15:00 +0100",
}
OFF_TOPIC = {
    "title": "Record salmon prices lift seafood exports",
    "link": "https://outlet.example/news/salmon",
    "guid": "hn-1002",
    "description": "Norwegian seafood exports rose eight percent in the first nine months, "
    "the seafood council said, driven by strong salmon and cod prices in Asia and the EU.",
    "pubDate": "Sat, 21 Nov 2026 08:00:00 +0100",
}


def open_pipeline(path: Path) -> Pipeline:
    config = load_config(path, {})
    store = Store(config.storage_url)
    seed_archive(store, Matcher(config.topics))
    return Pipeline(config, store)


def ingest_labelled(p: Pipeline, row: dict[str, Any]) -> int:
    """One labelled row (bench/data) ingested as a poll finds it, fetched half a day after its
    date; its archive id. The row must be stored as new."""
    day = parse_date(str(row["published"]), UTC)
    assert day is not None
    item = Item(source=str(row["outlet"]), guid=str(row["id"]), url=str(row["url"]),
                title=str(row["title"]), text=str(row["text"]), published=day,
                language=str(row["lang"]), fetched_at=day + timedelta(hours=12))  # fmt: skip
    (c,) = p.ingest([item], day + timedelta(hours=12))
    assert c.verdict == "new", (row["id"], c.verdict)
    assert c.item_id is not None
    return c.item_id
