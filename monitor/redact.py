"""Credentials in addresses never leave the process: one function for every place text is shown.

A source may be configured as ``https://user:secret@host/feed`` (HTTP basic auth). The address
is needed to fetch, but the user name and password must not appear in what people or other
tools read: poll lines, ``monitor sources``, the page's "Last error" cell, the digest's footer,
errors stored in the archive, log lines (the CLI's log handler filters every record), metrics.
``redact`` removes the userinfo of every URL in a text; the rest of the text is unchanged.

A [[notify]] channel's secret is part of the URL's path or host (slack://T0/B0/XXXX), which no
pattern finds: its values, substituted from $MONITOR_NOTIFY_… variables, are registered with
``hide`` when the channel is used, and ``redact`` replaces them wherever they appear (Apprise's
own log lines included, since the CLI's handler filters every record).
"""

from __future__ import annotations

import logging
import re

# scheme://  then the userinfo: anything up to the last "@" before the host (a password may
# hold "@"), stopping at what ends an authority ("/", "?", "#") or a text's white space.
_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.\-]*://)[^/?#\s]*@")
_HIDDEN: set[str] = set()
MIN_HIDDEN = 6  # shorter values ("1", "yes") would blank out ordinary words


def hide(*secrets: str) -> None:
    """Never show these values again in anything ``redact`` passes (they become "…")."""
    _HIDDEN.update(s for s in secrets if len(s) >= MIN_HIDDEN)


def redact(text: str) -> str:
    """``text`` with the ``user:password@`` of every URL in it, and every value given to
    ``hide``, removed."""
    for secret in _HIDDEN:
        if secret in text:
            text = text.replace(secret, "…")
    if "@" not in text:  # the common case: nothing to look for
        return text
    return _USERINFO.sub(r"\1", text)


class RedactingFilter(logging.Filter):
    """A handler filter: the record's message (and its traceback's text) with ``redact``
    applied, whatever logger or library wrote it."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = redact(message)
        if clean != message:
            record.msg, record.args = clean, None
        if record.exc_info and not record.exc_text:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        elif record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True
