"""What every writer (feeds, mail, page, webhook) does with text from the archive and with an
item it cannot write.

The rule (issue "Hostile world, second round", 1): no single item can stop a command or the
service. Text is made writable first (``safe``: characters XML, UTF-8 and mail headers cannot
carry are replaced, so a lone surrogate or a NUL stored by an older version does not make a whole
feed or digest fail); whatever still cannot be written is skipped, logged once and counted in
``monitor_items_skipped_total``, and the rest goes out.
"""

from __future__ import annotations

import logging
import re
import threading

from monitor import metrics

log = logging.getLogger("monitor.deliver")

# Not allowed in XML 1.0 (C0 controls bar tab, LF and CR; DEL is allowed but shows as noise):
# dropped, as the parser drops them (a vertical tab or form feed becomes a space). Not
# encodable as UTF-8 (lone surrogates) or not characters (U+FFFE/FFFF): U+FFFD, so the reader
# sees that something was there.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_BLANK = re.compile(r"[\x0b\x0c]")
_NOT_TEXT = re.compile(r"[\ud800-\udfff\ufffe\uffff]")
REPLACEMENT = "\ufffd"


def safe(text: str | None) -> str:
    """``text`` without what no output format can carry."""
    if not text:
        return ""
    if text.isascii() and text.isprintable():
        return text
    text = _CONTROL.sub("", _BLANK.sub(" ", text))
    return _NOT_TEXT.sub(REPLACEMENT, text)


def web_link(url: str | None) -> str | None:
    """``url`` if a reader can follow it safely (http or https), else None: an archive from an
    older parser may hold a javascript:, data: or relative link, which no output repeats."""
    link = safe(url).strip()
    return link if link.lower().startswith(("http://", "https://")) and " " not in link else None


_seen: set[tuple[str, str]] = set()
_seen_lock = threading.Lock()
_SEEN_MAX = 10_000  # a bound on memory; past it, a skip may be logged (and counted) again


def skipped(writer: str, item: object, exc: BaseException) -> None:
    """Record that ``writer`` left ``item`` out: one warning and one count per item and writer
    in this process, however often the feed is rebuilt."""
    ident = str(getattr(item, "uid", None) or getattr(item, "id", None) or id(item))
    key = (writer, ident)
    with _seen_lock:
        if key in _seen:
            return
        if len(_seen) >= _SEEN_MAX:
            _seen.clear()
        _seen.add(key)
    metrics.SKIPPED.labels(writer).inc()
    reason = " ".join(f"{type(exc).__name__}: {exc}".split())[:300]
    log.warning(
        "%s: item %s left out, it cannot be written (%s)",
        writer,
        getattr(item, "id", ident),
        reason,
    )
