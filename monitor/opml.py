"""OPML in and out: move a subscription list between the monitor and any feed reader.

Import appends ``[[sources]]`` to sources.toml through tomlkit, so the file's comments and layout
survive; addresses already configured are skipped. The OPML is parsed with entity expansion and
network access off (it comes from elsewhere, like any feed). A feed on a non-public address
(169.254.169.254, the loopback, the intranet) is refused unless ``[fetch] allow_private``
allows it, and the rewritten file keeps its permissions (it may hold the SMTP password).
"""

from __future__ import annotations

import os
import re
import socket
import stat
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import quoteattr

import tomlkit
from lxml import etree

from monitor.addresses import AddressPolicy, Allowance
from monitor.canon import canonical_url
from monitor.config import Config, format_duration, load_config
from monitor.errors import ConfigError, MonitorError, ParseError


@dataclass(frozen=True)
class Outline:
    title: str
    url: str


def read_opml(data: bytes) -> list[Outline]:
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, recover=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise ParseError(f"not a valid OPML file: {exc}") from None
    if root.tag != "opml":
        raise ParseError(f"not an OPML file (root element <{root.tag}>)")
    out = []
    for node in root.iter("outline"):
        url = (node.get("xmlUrl") or "").strip()
        if url.lower().startswith(("http://", "https://")):
            title = (node.get("title") or node.get("text") or url).strip()
            out.append(Outline(title, url))
    return out


def _unique_name(title: str, taken: set[str]) -> str:
    base = re.sub(r"[^\w .()&'’-]+", " ", title)
    base = re.sub(r"^[\W_]+", "", base).rstrip(" .-") or "Imported feed"  # a letter or digit first
    base = " ".join(base.split())[:60]
    name, n = base, 2
    while name in taken:
        name, n = f"{base} ({n})", n + 1
    taken.add(name)
    return name


@dataclass
class Imported:
    added: list[str] = field(default_factory=list)  # names
    refused: list[tuple[Outline, str]] = field(default_factory=list)  # and why


def _refusal(outline: Outline, policy: AddressPolicy) -> str | None:
    """Why the feed's address may not be fetched (see monitor.addresses), or None. A name is
    resolved now; one that does not resolve is left to the check made at every fetch."""
    try:
        host, port, literal = policy.check_url(outline.url)
    except MonitorError as exc:
        return str(exc)
    if literal:
        return None
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return None
    for info in infos:
        reason = policy.refusal(host, str(info[4][0]), port)
        if reason is not None:
            return reason
    return None


def import_opml(
    config_file: Path, data: bytes, interval: str = "30m", allow: tuple[Allowance, ...] = ()
) -> Imported:
    """Append the OPML's feeds to ``config_file`` (those on non-public addresses only when
    ``allow``, the config's ``[fetch] allow_private``, lets them). The edited file is validated
    before it replaces the old one, so an import cannot leave a broken config; it keeps the
    old file's mode (0600 stays 0600)."""
    outlines = read_opml(data)
    policy = AddressPolicy(allow)
    with ThreadPoolExecutor(max_workers=16) as pool:  # DNS look-ups, at once
        refusals = dict(zip(outlines, pool.map(lambda o: _refusal(o, policy), outlines),
                            strict=True))  # fmt: skip
    result = Imported()
    doc = tomlkit.parse(config_file.read_text("utf-8"))
    sources = doc.get("sources")
    if sources is None:
        sources = tomlkit.aot()
        doc["sources"] = sources
    taken = {str(s.get("name")) for s in sources}
    known = {canonical_url(str(s.get("url"))) for s in sources}
    for o in outlines:
        if canonical_url(o.url) in known:
            continue
        reason = refusals.get(o)
        if reason is not None:
            result.refused.append((o, reason))
            continue
        known.add(canonical_url(o.url))
        table = tomlkit.table()
        name = _unique_name(o.title, taken)
        table.add("name", name)
        table.add("url", o.url)
        table.add("kind", "feed")
        table.add("interval", interval)
        table.comment("imported from OPML")
        sources.append(table)
        result.added.append(name)
    if result.added:
        tmp = config_file.with_name(f".{config_file.name}.import")
        _write_private(tmp, tomlkit.dumps(doc), stat.S_IMODE(config_file.stat().st_mode))
        try:
            load_config(tmp, {})
        except ConfigError as exc:
            tmp.unlink()
            problems = ["the import would make it invalid:", *exc.problems]
            raise ConfigError(str(config_file), problems) from None
        tmp.replace(config_file)
    return result


def _write_private(path: Path, text: str, mode: int) -> None:
    """Write ``text`` to a new file created readable by the owner only, then given ``mode``:
    at no moment is the content readable by more than the original file allowed."""
    path.unlink(missing_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            fd = -1
            out.write(text)
    finally:
        if fd >= 0:
            os.close(fd)


def export_opml(config: Config) -> str:
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<opml version="2.0">',
        f"  <head><title>{_esc(config.feed_title)} sources</title></head>",
        "  <body>",
    ]
    for s in config.sources:
        if s.kind != "feed":
            continue
        lines.append(
            f'    <outline type="rss" text={quoteattr(s.name)} title={quoteattr(s.name)} '
            f"xmlUrl={quoteattr(s.url)} interval={quoteattr(format_duration(s.interval))}/>"
        )
    lines += ["  </body>", "</opml>", ""]
    return "\n".join(lines)


def _esc(text: str) -> str:
    return quoteattr(text)[1:-1]
