"""The web side of the mail's judgement links: GET /judge confirms, POST /judge records.

A GET never changes anything: mail scanners and link previews open every link of a message,
and a prefetch must not mark an item for anyone. The confirmation page shows the item and a
form that POSTs the same signed fields; the POST checks the token again, so it is its own
CSRF guard (a page elsewhere cannot forge a token for an address, item and verdict). Every
value from the request or the archive is rendered by the autoescaping template.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from aiohttp import web

from monitor import judgements
from monitor.config import Config
from monitor.deliver import feedback_links, unsubscribe
from monitor.deliver.mail import environment
from monitor.deliver.writable import safe
from monitor.pipeline import utcnow
from monitor.store import Store, subscriber_key
from monitor.text import one_line

log = logging.getLogger("monitor.web")


class JudgeRoutes:
    """The two routes, for WebApp.app() to add."""

    def __init__(self, config: Config, store: Store) -> None:
        self.config = config
        self.store = store

    def routes(self) -> list[web.RouteDef]:
        return [web.get("/judge", self.confirm), web.post("/judge", self.record)]

    def _check(self, fields: dict[str, str]) -> tuple[str, int, str] | None:
        """(address, item id, verdict) when the fields carry a valid token, else None."""
        address, verdict, token = fields["a"], fields["v"], fields["t"]
        try:
            item_id = int(fields["i"])
        except ValueError:
            return None
        if not address or verdict not in feedback_links.VERDICTS:
            return None
        key = subscriber_key(address)
        for k in unsubscribe.verification_keys(self.config, self.store):
            if feedback_links.valid(k, key, item_id, verdict, token):
                return key, item_id, verdict
        return None

    def _title(self, item_id: int) -> str | None:
        detail = self.store.item_detail(item_id)
        return safe(one_line(detail[0].title)) if detail else None

    def _page(self, status: int = 200, **values: Any) -> web.Response:
        context = {"title": self.config.feed_title, "state": "invalid", "fields": {},
                   "item": "", "verdict": "", "promoted": False, **values}  # fmt: skip
        html = environment().get_template("judge.html.j2").render(context)
        return web.Response(text=html, content_type="text/html", status=status)

    async def confirm(self, request: web.Request) -> web.Response:
        fields = {k: request.query.get(k, "") for k in ("a", "i", "v", "t")}
        checked = await asyncio.to_thread(self._check, fields)
        if checked is None:
            return self._page(400)
        title = await asyncio.to_thread(self._title, checked[1])
        if title is None:
            return self._page(404, state="gone")
        return self._page(state="confirm", fields=fields, item=title,
                          verdict=feedback_links.WORDS[checked[2]])  # fmt: skip

    async def record(self, request: web.Request) -> web.Response:
        form = await request.post()
        fields = {k: str(form.get(k, "")) for k in ("a", "i", "v", "t")}
        checked = await asyncio.to_thread(self._check, fields)
        if checked is None:
            return self._page(400)
        address, item_id, verdict = checked
        done = await asyncio.to_thread(
            judgements.record, self.config, self.store, address, item_id, verdict, utcnow()
        )
        if done is None:
            return self._page(404, state="gone")
        log.info("item %d judged %s by %s%s", item_id, done.label, address,
                 " (promoted)" if done.promoted else "")  # fmt: skip
        title = await asyncio.to_thread(self._title, item_id)
        return self._page(state="done", item=title or "", promoted=done.promoted,
                          verdict=feedback_links.WORDS[verdict])  # fmt: skip
