"""OPML in and out: move a subscription list between the monitor and any feed reader.

Import appends ``[[sources]]`` to sources.toml through tomlkit, so the file's comments and layout
survive; addresses already configured are skipped. The OPML is parsed with entity expansion and
network access off (it comes from elsewhere, like any feed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import quoteattr

import tomlkit
from lxml import etree

from monitor.canon import canonical_url
from monitor.config import Config, format_duration, load_config
from monitor.errors import ConfigError, ParseError


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
    base = re.sub(r"[^A-Za-z0-9 ._()&'’-]+", " ", title).strip(" .-") or "Imported feed"
    base = " ".join(base.split())[:60]
    name, n = base, 2
    while name in taken:
        name, n = f"{base} ({n})", n + 1
    taken.add(name)
    return name


def import_opml(config_file: Path, data: bytes, interval: str = "30m") -> list[str]:
    """Append the OPML's feeds to ``config_file``; returns the names added. The edited file is
    validated before it replaces the old one, so an import cannot leave a broken config."""
    outlines = read_opml(data)
    doc = tomlkit.parse(config_file.read_text("utf-8"))
    sources = doc.get("sources")
    if sources is None:
        sources = tomlkit.aot()
        doc["sources"] = sources
    taken = {str(s.get("name")) for s in sources}
    known = {canonical_url(str(s.get("url"))) for s in sources}
    added = []
    for o in outlines:
        if canonical_url(o.url) in known:
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
        added.append(name)
    if added:
        tmp = config_file.with_name(f".{config_file.name}.import")
        tmp.write_text(tomlkit.dumps(doc), "utf-8")
        try:
            load_config(tmp, {})
        except ConfigError as exc:
            tmp.unlink()
            problems = ["the import would make it invalid:", *exc.problems]
            raise ConfigError(str(config_file), problems) from None
        tmp.replace(config_file)
    return added


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
