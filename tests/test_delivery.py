"""Subscribers, cadences, alerts, webhooks and retries, against aiosmtpd on 127.0.0.1."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from monitor.cli import main
from monitor.config import cadence_cron, load_config
from monitor.deliver.digest import backoff, run_digest
from monitor.pipeline import utcnow
from monitor.store import Store
from tests.conftest import OFF_TOPIC, ON_TOPIC, SmtpServer, rss, write_config
from tests.outlet import OutletServer

CALM = {
    "title": "NATO allies to train in Finnmark for the first time",
    "link": "https://outlet.example/news/finnmark-training",
    "guid": "calm-1",
    "description": "Norway lifts its restrictions on allied exercises in Finnmark, close to the "
    "Russian border, the defence minister said in Kirkenes.",
}
ALERT = dict(ON_TOPIC, title="Border crossing at Storskog closed after incident",
             description="Norwegian police closed the Storskog border crossing to Russia after "
             "an incident on Friday night, the Finnmark police district said.", guid="alert-1",
             link="https://outlet.example/news/storskog-closed")  # fmt: skip

SUBSCRIBERS = """
[[subscribers]]
address = "Åse Ørnes <ase@example.no>"
cadence = "weekly on Monday 07:00"
timezone = "Europe/Oslo"
language = "no"

[[subscribers]]
address = "Дежурный <duty@example.ru>"
cadence = "immediate"

[[subscribers]]
address = "quiet@example.org"
cadence = "daily at 06:30"
nothing_new = "send"

[[webhooks]]
url = "{hook}"
"""


def setup(tmp_path: Path, outlet: OutletServer, smtp: SmtpServer, items: list[dict[str, str]]):
    url = outlet.route("/feed.xml", rss(items))
    hook = outlet.url("/hook")
    return write_config(
        tmp_path / "sources.toml",
        [{"name": "Barents Observer", "url": url}],
        smtp_url=smtp.url,
        extra=SUBSCRIBERS.replace("{hook}", hook),
    )


def by_rcpt(smtp: SmtpServer) -> dict[str, list]:
    out: dict[str, list] = {}
    for env, msg in zip(smtp.handler.envelopes, smtp.messages, strict=True):
        out.setdefault(env.rcpt_tos[0], []).append(msg)
    return out


def test_cadences() -> None:
    assert cadence_cron("immediate") is None
    assert cadence_cron("daily at 07:00") == "0 7 * * *"
    assert cadence_cron("Weekly on Monday 07:30") == "30 7 * * mon"
    assert cadence_cron("0 7 * * 1-5") == "0 7 * * 1-5"
    with pytest.raises(ValueError):
        cadence_cron("every morning")


def test_alert_goes_out_with_the_poll_and_webhook_once(
    tmp_path: Path, outlet: OutletServer, smtp: SmtpServer, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = setup(tmp_path, outlet, smtp, [CALM, ALERT, OFF_TOPIC])
    assert main(["--config", str(cfg), "poll", "--once"]) == 0
    out = capsys.readouterr().out
    assert "alert: Дежурный <duty@example.ru>: sent 1 items" in out
    mails = by_rcpt(smtp)
    assert list(mails) == ["duty@example.ru"]  # digest subscribers wait for their cadence
    (alert,) = mails["duty@example.ru"]
    assert str(alert["Subject"]) == f"Alert: {ALERT['title']}"
    text = alert.get_body(("plain",)).get_content()
    assert ALERT["title"] in text and CALM["title"] not in text
    (post,) = outlet.posts
    payload = json.loads(post[1])
    assert [i["title"] for i in payload["items"]] == [ALERT["title"]]
    assert ALERT["title"] in payload["text"]
    # A second poll (nothing new) sends nothing again.
    assert main(["--config", str(cfg), "poll", "--once"]) == 0
    assert len(smtp.messages) == 1 and len(outlet.posts) == 1


def test_subscriber_preview_headers_and_encodings(
    tmp_path: Path, outlet: OutletServer, smtp: SmtpServer, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = setup(tmp_path, outlet, smtp, [CALM, ALERT])
    assert main(["--config", str(cfg), "poll", "--once"]) == 0
    capsys.readouterr()
    assert main(["--config", str(cfg), "digest", "--subscriber", "ase@example.no",
                 "--dry-run"]) == 0  # fmt: skip
    preview = capsys.readouterr().out
    assert "ase@example.no>: would send 2 items" in preview
    assert smtp.handler.envelopes[1:] == []  # the alert only; the preview sent nothing
    assert main(["--config", str(cfg), "digest", "--subscriber", "nobody@x.org"]) == 2
    assert main(["--config", str(cfg), "digest", "--subscriber", "ase@example.no"]) == 0
    raw = smtp.handler.raw[-1]
    assert b"=?utf-8?" in raw.lower()  # RFC 2047: the Norwegian name in To is encoded
    assert "Åse Ørnes".encode() not in raw.split(b"\r\n\r\n", 1)[0]
    msg = smtp.messages[-1]
    assert str(msg["To"]) == "Åse Ørnes <ase@example.no>"
    assert msg["List-Unsubscribe"].startswith("<http://localhost:8080/unsubscribe?a=ase%40")
    assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    plain = msg.get_body(("plain",)).get_content()
    html = msg.get_body(("html",)).get_content()
    assert " nov. 2026" in plain  # Norwegian month names for a Norwegian reader
    assert "<strong>Finnmark</strong>" in html  # matched terms emphasised
    assert 'style="' in html and "prefers-color-scheme: dark" in html  # inlined + dark mode
    assert "<script" not in html and "<img" not in html


def test_nothing_new_mail_once_a_day(
    tmp_path: Path, outlet: OutletServer, smtp: SmtpServer
) -> None:
    cfg = setup(tmp_path, outlet, smtp, [OFF_TOPIC])
    assert main(["--config", str(cfg), "poll", "--once"]) == 0
    assert main(["--config", str(cfg), "digest"]) == 0
    mails = by_rcpt(smtp)
    assert list(mails) == ["quiet@example.org"]  # only the subscriber who asked for it
    assert (
        "Nothing new on your beat"
        in mails["quiet@example.org"][0].get_body(("plain",)).get_content()
    )
    assert main(["--config", str(cfg), "digest"]) == 0
    assert len(smtp.messages) == 1


def test_temporary_failures_back_off_and_retry_delivers_once(
    tmp_path: Path, outlet: OutletServer, smtp: SmtpServer
) -> None:
    cfg = setup(tmp_path, outlet, smtp, [CALM])
    assert main(["--config", str(cfg), "poll", "--once"]) == 0
    config = load_config(cfg, {})
    store = Store(config.storage_url)
    now = utcnow()
    smtp.handler.drop_in_data = True  # the server accepts DATA, then drops the connection
    (o,) = run_digest(config, store, now, subscriber="quiet@example.org")
    assert o.error and "closed the connection" in o.error and not o.sent
    state = store.subscriber_state("quiet@example.org")
    assert state is not None and state.attempts == 1 and not state.rejected
    assert state.next_attempt == now + backoff(1)
    smtp.handler.drop_in_data = False
    (early,) = run_digest(config, store, now + timedelta(seconds=30), retry_only=True,
                          subscriber="quiet@example.org")  # fmt: skip
    assert early.skipped == "nothing to retry" and smtp.messages == []
    (later,) = run_digest(config, store, now + timedelta(minutes=2), retry_only=True,
                          subscriber="quiet@example.org")  # fmt: skip
    assert later.sent and len(smtp.messages) == 1
    assert CALM["title"] in smtp.messages[0].get_body(("plain",)).get_content()
    (after,) = run_digest(config, store, now + timedelta(minutes=3), subscriber="quiet@example.org")
    assert not after.sent and len(smtp.messages) == 1  # delivered once; no note the same day
    assert backoff(1) == timedelta(minutes=1) and backoff(10) == timedelta(hours=1)
