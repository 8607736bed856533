"""feedparser's own test documents as a differential corpus for our feed parsing.

The corpus (``$MONITOR_PEER_FEEDS``, default ``<repo>/../shared/peer-feeds``) is test data
nobody on this project wrote: each document opens with a comment saying what feedparser expects
of it (``Expect:``), and those whose path holds ``http`` are served by feedparser's harness with
the ``Header:`` lines of that comment as HTTP headers, at ``http://127.0.0.1:8097/tests/<path>``
(``text/xml`` unless a header says otherwise). This module reads a document as that harness
would, parses it three ways (feedparser alone, our entry point with and without the fast path)
and evaluates the ``Expect:`` clauses that speak of fields we keep, with a small evaluator of
its own (never ``eval``: the clauses are someone else's text).
"""

from __future__ import annotations

import ast
import calendar
import os
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import feedparser
from feedparser.urls import make_safe_absolute_uri

from monitor.errors import ParseError
from monitor.parse import ParsedFeed, parse_feed
from monitor.parse.fastfeed import read_fast
from monitor.parse.feed import _build, _entry_to_item, _language
from monitor.text import html_to_text, one_line
from monitor.types import Item

REPO = Path(__file__).resolve().parents[1]
NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
HARNESS = "http://127.0.0.1:8097/tests/"
_DESC = re.compile(r"Description:\s*(.*?)\s*Expect:\s*(.*)\s*-->")
_HEADER = re.compile(r"^Header:\s+([^:]+):(.*)$", re.MULTILINE)


def corpus_root() -> Path:
    """Where the peer corpora live: $MONITOR_PEER_FEEDS, else next to the repository."""
    return Path(os.environ.get("MONITOR_PEER_FEEDS") or REPO.parent / "shared" / "peer-feeds")


def corpus_files() -> list[Path]:
    tests = corpus_root() / "feedparser" / "tests"
    if not tests.is_dir():
        return []
    return sorted(p for p in tests.rglob("*") if p.is_file() and p.suffix in (".xml", ".json"))


def _as_text(data: bytes) -> str:
    """The document as feedparser's harness reads its comment: by byte order mark, else UTF-8."""
    for mark, codec in (
        (b"\x00\x00\xfe\xff", "utf-32be"), (b"\xff\xfe\x00\x00", "utf-32le"),
        (b"\x00\x00\x00\x3c", "utf-32be"), (b"\x3c\x00\x00\x00", "utf-32le"),
        (b"\x00\x3c\x00\x3f", "utf-16be"), (b"\x3c\x00\x3f\x00", "utf-16le"),
        (b"\xfe\xff", "utf-16be"), (b"\xff\xfe", "utf-16le"),
    ):  # fmt: skip
        if data.startswith(mark):
            return data.decode(codec, errors="ignore").lstrip("\ufeff")
    return data.decode("utf-8", errors="ignore")


@dataclass
class Doc:
    path: Path
    rel: str
    content: bytes
    url: str  # the harness's address for http documents, "" for the others
    headers: dict[str, str]  # lower-case names, as monitor.fetch gives them
    expect: str | None


def load(path: Path) -> Doc:
    data = path.read_bytes()
    text = _as_text(data)
    rel = path.relative_to(corpus_root() / "feedparser" / "tests").as_posix()
    m = _DESC.search(text)
    expect = m.group(2).strip() if m else None
    headers: dict[str, str] = {}
    url = ""
    if "http" in rel:
        url = HARNESS + rel
        headers = {"content-type": "text/xml"}
        headers.update({k.strip().lower(): v.strip() for k, v in _HEADER.findall(text)})
    return Doc(path, rel, data, url, headers, expect)


def feedparser_alone(doc: Doc) -> Any:
    """What feedparser gives when its harness serves the document (base from the address and
    Content-Location, as feedparser.api.parse computes it when it fetched the URL itself)."""
    if not doc.url:  # a local file: no headers at all (an empty set says "no content type")
        return feedparser.parse(doc.content, sanitize_html=True)
    headers = dict(doc.headers)
    location = headers.get("content-location", "")
    base = make_safe_absolute_uri(doc.url, location) or make_safe_absolute_uri(location) or doc.url
    headers["content-location"] = base
    return feedparser.parse(doc.content, response_headers=headers, sanitize_html=True)


def ours(doc: Doc, fast: bool) -> ParsedFeed | ParseError:
    try:
        return parse_feed(
            doc.content,
            source="S",
            url=doc.url,
            fetched_at=NOW,
            content_type=doc.headers.get("content-type"),
            headers=doc.headers,
            fast=fast,
        )
    except ParseError as exc:
        return exc


def fast_accepts(doc: Doc) -> bool:
    if doc.content.lstrip()[:1] == b"{":
        return False
    from monitor.parse.feed import document_base

    base = document_base(doc.url, doc.headers)
    return read_fast(doc.content, doc.headers.get("content-type"), base, None) is not None


# --- the Expect clauses, on our fields ------------------------------------------------------


@dataclass
class View:
    """Our result seen as feedparser's: the fields we keep, under feedparser's names."""

    title: str
    ttl: int | None
    language: str | None
    entries: list[Item | None]  # aligned with feedparser's entries; None where we kept none


def reference_view(parsed: Any) -> View:
    """feedparser alone, each field turned into ours by our own item builder."""
    feed = parsed.get("feed", {})
    typed = (parsed.get("version") or "").startswith("atom")
    built = _build(feed, [], None, "S", NOW, None, typed=typed)
    lang = _language(feed.get("language"))
    entries = [
        _entry_to_item(e, source="S", fetched_at=NOW, language=lang, typed=typed)
        for e in parsed.get("entries", [])
    ]
    return View(built.title, built.ttl_minutes, lang, entries)


def our_view(result: ParsedFeed, reference: View) -> View | None:
    """Our entry point's result, aligned on the reference's entries (None: the counts differ,
    so no entry can be matched to feedparser's index)."""
    kept = [i for i, e in enumerate(reference.entries) if e is not None]
    if len(kept) != len(result.items):
        return None
    entries: list[Item | None] = [None] * len(reference.entries)
    for index, item in zip(kept, result.items, strict=True):
        entries[index] = item
    return View(result.title, result.ttl_minutes, result.language, entries)


_ALIASES = {"channel": "feed", "items": "entries", "guid": "id", "description": "summary"}
_TEXT_FIELDS = {"title", "summary"}


class Unmapped(Exception):
    """The clause speaks of something we do not keep."""


def conjuncts(expect: str) -> list[ast.expr]:
    """The clauses joined by a top-level ``and``, each checked alone."""
    tree = ast.parse(expect.strip(), mode="eval").body
    out: list[ast.expr] = []

    def walk(node: ast.expr) -> None:
        if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.And):
            for value in node.values:
                walk(value)
        else:
            out.append(node)

    walk(tree)
    return out


class Refused(Exception):
    """The expression uses something the evaluator does not allow (a call, a dunder, …)."""


_COMPARE = {
    ast.Eq: lambda a, b: a == b, ast.NotEq: lambda a, b: a != b,
    ast.Lt: lambda a, b: a < b, ast.LtE: lambda a, b: a <= b,
    ast.Gt: lambda a, b: a > b, ast.GtE: lambda a, b: a >= b,
    ast.In: lambda a, b: a in b, ast.NotIn: lambda a, b: a not in b,
    ast.Is: lambda a, b: a is b, ast.IsNot: lambda a, b: a is not b,
}  # fmt: skip


def evaluate(expression: str, env: Mapping[str, Any]) -> Any:
    """A clause evaluated on a parsed result without ``eval``: literals, names of ``env``,
    subscripts and attribute access (a dict's key: no attribute of any Python object is
    reachable), comparisons, ``and``/``or``/``not``. Anything else raises Refused."""
    return _eval(ast.parse(expression.strip(), mode="eval").body, env)


def _eval(node: ast.expr, env: Mapping[str, Any]) -> Any:
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Tuple | ast.List):
        return tuple(_eval(e, env) for e in node.elts)
    if isinstance(node, ast.Name):
        if node.id not in env:
            raise Refused(node.id)
        return env[node.id]
    if isinstance(node, ast.BoolOp):
        if isinstance(node.op, ast.And):
            result: Any = True
            for value in node.values:
                result = _eval(value, env)
                if not result:
                    return result
            return result
        for value in node.values:
            result = _eval(value, env)
            if result:
                return result
        return result
    if isinstance(node, ast.UnaryOp):
        operand = _eval(node.operand, env)
        if isinstance(node.op, ast.Not):
            return not operand
        if isinstance(node.op, ast.USub) and isinstance(operand, int | float):
            return -operand
        raise Refused(type(node.op).__name__)
    if isinstance(node, ast.Compare):
        left = _eval(node.left, env)
        for op, right_node in zip(node.ops, node.comparators, strict=True):
            right = _eval(right_node, env)
            if not _COMPARE[type(op)](left, right):
                return False
            left = right
        return True
    if isinstance(node, ast.Subscript):
        container = _eval(node.value, env)
        key = _eval(node.slice, env)
        if not isinstance(container, dict | list | tuple | str) or isinstance(key, slice):
            raise Refused("subscript")
        return container[key]
    if isinstance(node, ast.Attribute):
        container = _eval(node.value, env)
        if not isinstance(container, dict) or node.attr.startswith("_"):
            raise Refused(node.attr)
        return container[node.attr]  # FeedParserDict: attribute access is key access
    raise Refused(type(node).__name__)


def expect_holds_on_feedparser(doc: Doc) -> bool | None:
    """The whole Expect expression on feedparser alone (None: it uses what the evaluator
    refuses, such as a call): how faithfully the harness is emulated here."""
    if not doc.expect:
        return None
    try:
        return bool(evaluate(doc.expect, feedparser_alone(doc)))
    except Refused:
        return None
    except (KeyError, IndexError, TypeError, AttributeError, SyntaxError):
        return False


def _literal(node: ast.expr) -> Any:
    """A constant, tuple, list or negative number; anything else is refused."""
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Tuple | ast.List):
        return tuple(_literal(e) for e in node.elts)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        value = _literal(node.operand)
        if isinstance(value, int | float):
            return -value
    raise Unmapped


def _path(node: ast.expr) -> list[str | int]:
    """``entries[0]['title_detail'].value`` → ["entries", 0, "title_detail", "value"]."""
    if isinstance(node, ast.Name):
        return [node.id]
    if isinstance(node, ast.Attribute):
        return [*_path(node.value), node.attr]
    if isinstance(node, ast.Subscript):
        key = _literal(node.slice)
        if not isinstance(key, str | int):
            raise Unmapped
        return [*_path(node.value), key]
    raise Unmapped


def _field(path: list[str | int]) -> tuple[str, int | None]:
    """Which of our fields a path names: ("feed.title", None), ("title", 0), …"""
    parts = [_ALIASES.get(p, p) if isinstance(p, str) else p for p in path]
    if parts[:1] == ["feed"] and len(parts) >= 2:
        name = parts[1]
        rest = parts[2:]
        if name == "title_detail" and rest == ["value"]:
            name, rest = "title", []
        if name in ("title", "ttl", "language") and not rest:
            return f"feed.{name}", None
        raise Unmapped
    if parts[:1] == ["entries"] and len(parts) >= 3 and isinstance(parts[1], int):
        index, name, rest = parts[1], parts[2], parts[3:]
        if isinstance(name, str) and name.endswith("_detail") and rest == ["value"]:
            name, rest = _ALIASES.get(name[:-7], name[:-7]), []
        if name == "content" and rest in ([0, "value"], [0, "value"]):
            return "text", index
        if name in ("id", "link", "title", "summary", "language", "published_parsed") and not rest:
            return str(name), index
    raise Unmapped


def _ours(view: View, name: str, index: int | None) -> Any:
    if index is None:
        return {"feed.title": view.title, "feed.ttl": view.ttl,
                "feed.language": view.language}[name]  # fmt: skip
    item = view.entries[index]
    if item is None:
        raise Unmapped
    if name == "summary":
        return item.summary or item.text
    if name == "published_parsed":
        return item.published.utctimetuple()[:6] if item.published else None
    return {"id": item.guid, "link": item.url, "title": item.title, "text": item.text,
            "language": item.language}[name]  # fmt: skip


def _as_ours(name: str, value: Any) -> Any:
    """feedparser's expected value put through the transformation we apply to that field."""
    if not isinstance(value, str) and name != "published_parsed" and name != "feed.ttl":
        raise Unmapped
    if name in ("title", "feed.title"):
        return one_line(html_to_text(value)) if name == "title" else one_line(value)
    if name in ("summary", "text"):
        return html_to_text(value)
    if name in ("language", "feed.language"):
        return _language(value)
    if name == "id":
        return one_line(value)
    if name == "feed.ttl":
        return int(value) if isinstance(value, str) and value.strip().isdigit() else None
    if name == "published_parsed":
        if isinstance(value, tuple) and len(value) >= 6:
            stamp = calendar.timegm(time.struct_time(value[:9] + (0,) * (9 - len(value))))
            return datetime.fromtimestamp(stamp, tz=UTC).utctimetuple()[:6]
        raise Unmapped
    return value


def check(clause: ast.expr, view: View) -> bool:
    """One clause on our fields: ``path == literal`` or ``!=``; Unmapped for anything else."""
    negate = False
    if isinstance(clause, ast.UnaryOp) and isinstance(clause.op, ast.Not):
        negate, clause = True, clause.operand
    if not isinstance(clause, ast.Compare) or len(clause.ops) != 1:
        raise Unmapped
    op, left, right = clause.ops[0], clause.left, clause.comparators[0]
    if not isinstance(op, ast.Eq | ast.NotEq):
        raise Unmapped
    try:
        expected = _literal(right)
        name, index = _field(_path(left))
    except Unmapped:
        expected = _literal(left)
        name, index = _field(_path(right))
    want = _as_ours(name, expected)
    try:
        got = _ours(view, name, index)
    except IndexError:
        raise Unmapped from None
    holds = (got == want) if isinstance(op, ast.Eq) else (got != want)
    return holds != negate


@dataclass
class Figures:
    documents: int = 0
    crashes: list[str] = field(default_factory=list)
    fast_accepted: int = 0
    disagreements: list[str] = field(default_factory=list)
    clauses_mapped: int = 0
    clauses_passing: int = 0
    clause_failures: list[str] = field(default_factory=list)


def same(a: ParsedFeed | ParseError, b: ParsedFeed | ParseError) -> str | None:
    """The first field on which two results differ, or None."""
    if isinstance(a, ParseError) or isinstance(b, ParseError):
        return None if str(a) == str(b) and type(a) is type(b) else f"{a!r} vs {b!r}"
    for name in ("title", "ttl_minutes", "language", "warning"):
        if getattr(a, name) != getattr(b, name):
            return f"feed {name}: {getattr(a, name)!r} vs {getattr(b, name)!r}"
    if len(a.items) != len(b.items):
        return f"{len(a.items)} vs {len(b.items)} items"
    for n, (x, y) in enumerate(zip(a.items, b.items, strict=True)):
        for name in ("guid", "url", "title", "summary", "text", "published", "language"):
            if getattr(x, name) != getattr(y, name):
                return f"item {n} {name}: {getattr(x, name)!r} vs {getattr(y, name)!r}"
    return None


def run(docs: list[Doc]) -> Figures:
    out = Figures()
    for doc in docs:
        out.documents += 1
        try:
            slow, fast = ours(doc, fast=False), ours(doc, fast=True)
            accepted = fast_accepts(doc)
        except Exception as exc:  # the figure to report is the crash itself
            out.crashes.append(f"{doc.rel}: {type(exc).__name__}: {exc}")
            continue
        if accepted:
            out.fast_accepted += 1
            why = same(slow, fast)
            if why is not None:
                out.disagreements.append(f"{doc.rel}: {why}")
        if not doc.expect:
            continue
        try:
            clauses = conjuncts(doc.expect)
        except SyntaxError:
            continue
        if isinstance(slow, ParseError):
            continue  # not a feed to us (a CDF channel with no items): no field to compare
        reference = reference_view(feedparser_alone(doc))
        for clause in clauses:
            try:
                if not check(clause, reference):
                    continue  # not expressible in our fields (feedparser alone fails it)
            except Unmapped:
                continue
            out.clauses_mapped += 1
            view = our_view(fast, reference) if isinstance(fast, ParsedFeed) else None
            ok = False
            if view is not None:
                try:
                    ok = check(clause, view)
                except Unmapped:
                    ok = False
            if ok:
                out.clauses_passing += 1
            else:
                out.clause_failures.append(f"{doc.rel}: {ast.unparse(clause)}")
    return out
