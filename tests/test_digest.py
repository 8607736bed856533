"""The digest against a real SMTP server (aiosmtpd on 127.0.0.1): content, once, nothing lost."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

import pytest

from monitor.cli import main
from tests.conftest import OFF_TOPIC, ON_TOPIC, SmtpServer, free_port, rss, write_config
from tests.outlet import OutletServer

SECOND = {
    "title": "NATO allies to train in Finnmark for the first time",
    "link": "https://outlet.example/news/finnmark-training",
    "guid": "hn-1003",
    "description": "Norway lifts its restrictions on allied exercises in Finnmark, close to the "
    "Russian border, the defence minister said in Kirkenes.",
    "pubDate": "Sat, 21 Nov 2026 11:30:00 +0100",
}


def setup(tmp_path: Path, outlet: OutletServer, smtp_url: str, items: list[dict[str, str]]) -> Path:
    url = outlet.route("/feed.xml", rss(items))
    return write_config(
        tmp_path / "sources.toml",
        [{"name": "High North News", "url": url}],
        recipients=["analyst@example.org", "Åse Ørnes <ase@example.no>"],
        smtp_url=smtp_url,
    )


def parts(msg: EmailMessage) -> tuple[str, str]:
    plain = msg.get_body(("plain",))
    html = msg.get_body(("html",))
    assert plain is not None and html is not None
    return plain.get_content(), html.get_content()


def test_digest_arrives_once_with_content(
    tmp_path: Path, outlet: OutletServer, smtp: SmtpServer, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = setup(tmp_path, outlet, smtp.url, [ON_TOPIC, OFF_TOPIC])
    assert main(["--config", str(cfg), "poll", "--once"]) == 0
    assert main(["--config", str(cfg), "digest"]) == 0
    assert len(smtp.messages) == 2  # one mail per recipient, each addressed to that person only
    by_rcpt = {
        tuple(e.rcpt_tos): m for e, m in zip(smtp.handler.envelopes, smtp.messages, strict=True)
    }
    msg = by_rcpt[("analyst@example.org",)]
    assert msg["To"] == "analyst@example.org"
    assert msg["Subject"].startswith("High North: 1 new items, ")
    assert msg["Message-ID"] and msg["Date"]
    plain, html = parts(msg)
    assert ON_TOPIC["title"] in plain and ON_TOPIC["link"] in plain
    assert "High North News · 21 Nov 2026 09:15" in plain  # Europe/Oslo time
    assert "FSB border service" in plain  # the snippet
    assert OFF_TOPIC["title"] not in plain and OFF_TOPIC["title"] not in html
    assert f'href="{ON_TOPIC["link"]}"' in html
    assert "Norway–Russia border and relations" in html
    # The recipient with a Norwegian name gets a correctly encoded header.
    other = by_rcpt[("ase@example.no",)]
    assert str(other["To"]) == "Åse Ørnes <ase@example.no>"
    # A second run with nothing new sends nothing.
    capsys.readouterr()
    assert main(["--config", str(cfg), "digest"]) == 0
    assert len(smtp.messages) == 2
    assert "analyst@example.org: nothing new" in capsys.readouterr().out


def test_dry_run_prints_and_marks_nothing(
    tmp_path: Path, outlet: OutletServer, smtp: SmtpServer, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = setup(tmp_path, outlet, smtp.url, [ON_TOPIC])
    assert main(["--config", str(cfg), "poll", "--once"]) == 0
    capsys.readouterr()
    assert main(["--config", str(cfg), "digest", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "analyst@example.org: would send 1 items" in out
    assert "Subject: High North: 1 new items" in out
    assert smtp.messages == []
    assert main(["--config", str(cfg), "digest"]) == 0
    assert len(smtp.messages) == 2


def test_mail_server_down_loses_nothing(
    tmp_path: Path, outlet: OutletServer, smtp: SmtpServer, capsys: pytest.CaptureFixture[str]
) -> None:
    dead = f"smtp://127.0.0.1:{free_port()}"
    cfg = setup(tmp_path, outlet, dead, [ON_TOPIC])
    assert main(["--config", str(cfg), "poll", "--once"]) == 0
    capsys.readouterr()
    assert main(["--config", str(cfg), "digest"]) == 1
    out = capsys.readouterr().out
    assert "analyst@example.org: not sent (1 items kept for the next run): cannot reach" in out
    # The server comes back (same archive, the live server's address): everything arrives.
    cfg2 = setup(tmp_path, outlet, smtp.url, [ON_TOPIC, SECOND])
    assert main(["--config", str(cfg2), "poll", "--once"]) == 0
    assert main(["--config", str(cfg2), "digest"]) == 0
    plain, _ = parts(smtp.messages[0])
    assert ON_TOPIC["title"] in plain and SECOND["title"] in plain
    assert smtp.messages[0]["Subject"].startswith("High North: 2 new items")


def test_temporary_refusal_and_rejected_recipient(
    tmp_path: Path, outlet: OutletServer, smtp: SmtpServer, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = setup(tmp_path, outlet, smtp.url, [ON_TOPIC])
    assert main(["--config", str(cfg), "poll", "--once"]) == 0
    smtp.handler.data_reply = "451 4.3.0 Try again later"
    assert main(["--config", str(cfg), "digest"]) == 1
    assert "answered 451" in capsys.readouterr().out
    smtp.handler.data_reply = None
    smtp.handler.reject = {"ase@example.no"}
    assert main(["--config", str(cfg), "digest"]) == 1
    out = capsys.readouterr().out
    assert "analyst@example.org: sent 1 items" in out
    assert "<ase@example.no>: not sent" in out and "550" in out
    assert [e.rcpt_tos for e in smtp.handler.envelopes] == [["analyst@example.org"]]
    # Once the address is accepted again, that person still gets the item: nothing lost.
    smtp.handler.reject = set()
    assert main(["--config", str(cfg), "digest"]) == 0
    assert [e.rcpt_tos for e in smtp.handler.envelopes][1] == ["ase@example.no"]


def test_new_recipient_gets_only_what_came_after(
    tmp_path: Path, outlet: OutletServer, smtp: SmtpServer
) -> None:
    url = outlet.route("/feed.xml", rss([ON_TOPIC]))
    cfg = write_config(
        tmp_path / "sources.toml",
        [{"name": "HNN", "url": url}],
        recipients=["first@example.org"],
        smtp_url=smtp.url,
    )
    assert main(["--config", str(cfg), "poll", "--once"]) == 0
    outlet.route("/feed.xml", rss([ON_TOPIC, SECOND]))
    write_config(
        tmp_path / "sources.toml",
        [{"name": "HNN", "url": url}],
        recipients=["first@example.org", "late@example.org"],
        smtp_url=smtp.url,
    )
    assert main(["--config", str(cfg), "poll", "--once"]) == 0
    assert main(["--config", str(cfg), "digest"]) == 0
    got = {
        e.rcpt_tos[0]: parts(m)[0]
        for e, m in zip(smtp.handler.envelopes, smtp.messages, strict=True)
    }
    assert ON_TOPIC["title"] in got["first@example.org"]
    assert SECOND["title"] in got["first@example.org"]
    assert ON_TOPIC["title"] not in got["late@example.org"]
    assert SECOND["title"] in got["late@example.org"]


def test_hostile_text_is_inert_in_both_parts(
    tmp_path: Path, outlet: OutletServer, smtp: SmtpServer
) -> None:
    hostile = dict(
        ON_TOPIC,
        title="Storskog &lt;img src=x onerror=alert(1)&gt; {{ 7*7 }} {% raw %}",
        description="Russian border guards at Storskog: <script>steal()</script> {{ config }} "
        "Norway protested.\r\nBcc: everyone@example.org",
    )
    cfg = setup(tmp_path, outlet, smtp.url, [hostile])
    assert main(["--config", str(cfg), "poll", "--once"]) == 0
    assert main(["--config", str(cfg), "digest"]) == 0
    msg = smtp.messages[0]
    plain, html = parts(msg)
    assert "{{ 7*7 }} {% raw %}" in plain and " 49 " not in plain  # rendered as text, not run
    assert "{{ config }}" in html
    assert "<script" not in html and "<img" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html  # shown as text, escaped
    assert msg["Bcc"] is None
    assert next(e.rcpt_tos for e in smtp.handler.envelopes) in (
        ["analyst@example.org"],
        ["ase@example.no"],
    )
