"""Webhook posts: an outlet's title reaches a chat tool as text, never as a command, a mention
or a disguised link; and the hook's URL (a bearer secret) is neither logged nor stored."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

import pytest
from sqlalchemy import text as sql

from monitor.cli import main
from monitor.config import load_config
from monitor.deliver.chat import ZWSP
from monitor.deliver.digest import run_webhooks
from monitor.pipeline import utcnow
from monitor.store import Store, webhook_key
from tests.conftest import ON_TOPIC, rss, write_config
from tests.outlet import OutletServer

# As the outlet sends them (escaped once in its RSS, so the archive holds the characters).
TITLES = [
    "&lt;!channel&gt; Storskog border closed after incident",
    "&lt;https://phish.example/login|Ministry of Defence&gt; Storskog border closed",
    "@everyone @here @channel Storskog border closed after incident, @all",
    "Storskog border closed after incident, [Ministry of Defence](https://phish.example/login)",
    "&lt;@U024BE7LH&gt; &lt;!subteam^SAZ94GDB8&gt; Storskog border closed [x]  (https://a.example)",
]
SECRET = "T0000/B0000/XXXXXXXXXXXXXXXXXXXXXXXX"


def items() -> list[dict[str, str]]:
    return [
        dict(ON_TOPIC, title=t, guid=f"chat-{n}", link=f"https://outlet.example/chat-{n}",
             description=f"Norwegian police closed the Storskog border crossing, report {n}.")
        for n, t in enumerate(TITLES)
    ]  # fmt: skip


def visible(text: str) -> str:
    """What a person reads in Slack or Mattermost: entities decoded, the zero-width space
    invisible."""
    return text.replace(ZWSP, "").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def test_webhook_text_is_inert_in_chat_tools(
    tmp_path: Path, outlet: OutletServer, caplog: pytest.LogCaptureFixture
) -> None:
    hook = outlet.url(f"/services/{SECRET}")
    url = outlet.route("/feed.xml", rss(items()))
    cfg = write_config(
        tmp_path / "sources.toml",
        [{"name": "Barents & Observer", "url": url}],
        extra=f'[[webhooks]]\nurl = "{hook}"\n',
    )
    with caplog.at_level(logging.DEBUG):
        assert main(["--config", str(cfg), "poll", "--once"]) == 0
    ((path, body),) = outlet.posts
    assert path == f"/services/{SECRET}"
    payload = json.loads(body)
    store = Store(load_config(cfg, {}).storage_url)
    stored = sorted(i["title"] for i in payload["items"])
    assert set(stored) <= {i.title for i in store.recent()}  # data: as archived
    for attack in ("<!channel>", "<https://phish", "@everyone", "](https://phish", "<@U0"):
        assert any(attack in t for t in stored), attack  # the raw text reached the hook
    text = payload["text"]
    # Slack / Mattermost commands and links: no "<" survives, so no <!…>, <@…>, <url|label>.
    assert "<" not in text and ">" not in text
    # No mention: every @ is followed by the invisible space.
    assert re.search(r"@(?!" + ZWSP + ")", text) is None
    for word in ("@everyone", "@here", "@channel", "@all"):
        assert word not in text
    # No markdown link: "](" never touches.
    assert re.search(r"\]\s*\(", text) is None
    # …and it still reads as the titles did.
    lines = visible(text).split("\n")
    for title in stored:
        assert any(line.startswith(" ".join(title.split())) for line in lines), title
    # The hook's secret is in no log line and not in the archive.
    assert SECRET not in caplog.text
    with store.engine.connect() as db:
        keys = [r[0] for r in db.execute(sql("SELECT address FROM subscriber"))]
        keys += [r[0] for r in db.execute(sql("SELECT address FROM delivery"))]
    assert keys and not any(SECRET in k for k in keys)
    assert webhook_key(hook) in keys


def test_an_older_archive_keyed_by_the_url_is_adopted_without_resending(
    tmp_path: Path, outlet: OutletServer, capsys: pytest.CaptureFixture[str]
) -> None:
    """Archives written before kept the URL as the key: its rows move to the hash the first
    time the hook is used; what was sent is not sent again, and the URL leaves the archive."""
    hook = outlet.url(f"/services/{SECRET}")
    url = outlet.route("/feed.xml", rss(items()[:2]))
    cfg = write_config(tmp_path / "sources.toml", [{"name": "A", "url": url}],
                       extra=f'[[webhooks]]\nurl = "{hook}"\n')  # fmt: skip
    assert main(["--config", str(cfg), "poll", "--once"]) == 0
    assert len(outlet.posts) == 1
    assert SECRET not in capsys.readouterr().out  # the command's own lines name it redacted
    config = load_config(cfg, {})
    store = Store(config.storage_url)
    with store.engine.begin() as db:  # as the previous version left it
        for table in ("subscriber", "delivery"):
            db.execute(sql(f"UPDATE {table} SET address = :old WHERE address = :new"),
                       {"old": f"webhook:{hook}", "new": webhook_key(hook)})  # fmt: skip
    outcomes = run_webhooks(config, store, utcnow())
    assert [o.items for o in outcomes] == [0] and len(outlet.posts) == 1  # nothing re-sent
    with store.engine.connect() as db:
        keys = {r[0] for r in db.execute(sql("SELECT address FROM subscriber"))}
        moved = db.execute(sql("SELECT count(*) FROM delivery WHERE address = :k"),
                           {"k": webhook_key(hook)}).scalar()  # fmt: skip
    assert f"webhook:{hook}" not in keys and webhook_key(hook) in keys and moved == 2
    assert SECRET not in outcomes[0].line()
