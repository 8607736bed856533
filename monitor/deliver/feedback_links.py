"""Signed one-click judgement links in the mail: "not relevant" and "more like this".

Each link carries an HMAC of (subscriber, item, verdict) under the unsubscribe links' key
(``unsubscribe.signing_key``), so it records exactly that verdict for that person and item and
cannot be forged for another. Opening it (GET) only shows a confirmation page: mail scanners
that prefetch every link change nothing; the page's form POSTs the same signed fields, and only
the POST records (monitor/judge_web.py), which also makes the token the form's CSRF guard.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from monitor.config import Config
from monitor.deliver.links import public_base, under

# The verdicts a link can carry, as written in its URL, and the example label each records
# (the labels `monitor feedback` records).
VERDICTS = {"not-relevant": "irrelevant", "more-like-this": "relevant"}
WORDS = {"not-relevant": "Not relevant", "more-like-this": "More like this"}


def token(key: bytes, address: str, item_id: int, verdict: str) -> str:
    # "judge" and the NUL separators keep it from ever equalling an unsubscribe token (an
    # HMAC of the bare address) or another (address, item, verdict) joined differently.
    message = f"judge\0{address.lower()}\0{item_id}\0{verdict}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:32]


def valid(key: bytes, address: str, item_id: int, verdict: str, candidate: str) -> bool:
    return verdict in VERDICTS and hmac.compare_digest(
        token(key, address, item_id, verdict), candidate or ""
    )


@dataclass(frozen=True)
class JudgeLinks:
    not_relevant: str
    more_like_this: str


def link(config: Config, key: bytes, address: str, item_id: int, verdict: str) -> str:
    query = urlencode(
        {"a": address.lower(), "i": item_id, "v": verdict,
         "t": token(key, address, item_id, verdict)}
    )  # fmt: skip
    return under(public_base(config), "judge") + "?" + query


def linker(config: Config, key: bytes, address: str) -> Callable[[int], JudgeLinks]:
    """The two links of each item in one subscriber's mail."""

    def links(item_id: int) -> JudgeLinks:
        return JudgeLinks(
            link(config, key, address, item_id, "not-relevant"),
            link(config, key, address, item_id, "more-like-this"),
        )

    return links
