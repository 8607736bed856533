"""Outlet text made inert for chat tools (Slack, Mattermost, Discord, Teams via Slack-style
incoming webhooks).

A webhook's ``text`` is not plain text to its receiver: Slack and Mattermost read ``<!channel>``
and ``<https://evil|Ministry of Defence>`` as a broadcast and a disguised link, ``@everyone`` /
``@here`` / ``@channel`` notify a whole team, and Mattermost and Discord turn ``[label](url)``
into a link whose address is hidden. A title is the outlet's (or an attacker's) text, so it is
escaped for all of them at once:

- ``&``, ``<``, ``>`` become ``&amp;`` ``&lt;`` ``&gt;`` (Slack's and Mattermost's own escaping:
  no ``<!…>`` command, no ``<url|label>`` link survives);
- a zero-width space follows every ``@``, so no mention of a person, a group or everyone can
  be formed (Discord finds ``@everyone`` even inside a word);
- a zero-width space follows a ``]`` that a ``(`` follows, so markdown link syntax shows as
  typed.

The invisible character keeps the text readable as it was written.
"""

from __future__ import annotations

import re

from monitor.deliver.writable import safe
from monitor.text import one_line

ZWSP = "\u200b"
_LINK = re.compile(r"\]\s*\(")


def escape(text: str | None) -> str:
    """One line of ``text`` that a chat tool shows as typed, never as a command or a link."""
    out = one_line(safe(text))
    out = out.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    out = out.replace("@", "@" + ZWSP)
    return _LINK.sub(lambda m: "]" + ZWSP + m.group(0)[1:], out)
