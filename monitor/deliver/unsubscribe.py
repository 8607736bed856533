"""Signed unsubscribe links (RFC 8058 one-click, and a page for people).

The token is an HMAC of the subscriber's address under a secret ([delivery] secret,
$MONITOR_SECRET, or one generated on first use and kept in the archive), so a link unsubscribes
exactly one address and cannot be forged for another.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from urllib.parse import urlencode

from monitor.config import Config
from monitor.deliver.links import public_base, under
from monitor.store import OLD_SECRETS_SETTING, SECRET_SETTING, Store


def signing_key(config: Config, store: Store) -> bytes:
    secret = config.delivery.secret or store.setting(SECRET_SETTING, secrets.token_urlsafe(32))
    return secret.encode("utf-8")


def verification_keys(config: Config, store: Store) -> list[bytes]:
    """Every key a link still in people's mailboxes may be signed with: the current one, and
    the archive's earlier ones (an `archive import` into a live archive keeps both)."""
    keys = [signing_key(config, store)]
    stored = store.setting(SECRET_SETTING, secrets.token_urlsafe(32)).encode("utf-8")
    older = json.loads(store.setting(OLD_SECRETS_SETTING, "[]"))
    for k in [stored, *(o.encode("utf-8") for o in older)]:
        if k not in keys:
            keys.append(k)
    return keys


def token(key: bytes, address: str) -> str:
    return hmac.new(key, address.lower().encode("utf-8"), hashlib.sha256).hexdigest()[:32]


def valid(key: bytes, address: str, candidate: str) -> bool:
    return hmac.compare_digest(token(key, address), candidate or "")


def link(config: Config, key: bytes, address: str) -> str:
    """The page's unsubscribe address under [delivery] base_url (else [feeds] link), joined as a
    folder: "https://example.org/monitor" gives https://example.org/monitor/unsubscribe?…"""
    query = urlencode({"a": address.lower(), "t": token(key, address)})
    return under(public_base(config), "unsubscribe") + "?" + query
