"""Issue #23.1: [[notify]] channels through Apprise, end to end against receivers on 127.0.0.1:
the generic json:// and form:// schemes and two service schemes (Mattermost, ntfy) pointed at a
loopback server; exactly once per (channel, item) through a channel that was down for an hour;
per-channel escaping of a hostile title; check-config naming the key, never the secret."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pytest

from monitor import metrics
from monitor.cli import main
from monitor.config import load_config
from monitor.deliver.chat import ZWSP
from monitor.deliver.notify import channel_label, escape, link, run_notify, style_of
from monitor.pipeline import Pipeline, utcnow
from monitor.schedule import Service
from monitor.store import Store
from tests.conftest import SmtpServer, rss, write_config
from tests.outlet import OutletServer
from tests.test_delivery import ALERT, CALM

HOSTILE = dict(
    ALERT,
    guid="hostile-1",
    description="Russian border guards detained two reindeer herders at the Pasvik river; the "
    "Norwegian border commissioner in Kirkenes calls the arrest a serious incident.",
    link="https://outlet.example/news/storskog-hostile",
    title="Storskog border closed @everyone <@123> "
    "[Ministry of Defence](https://evil.example/x) *now*",
)
# (the feed parser already drops "<!channel>" from a title as markup: the pure test has it)


class Receiver:
    """A chat service's inbound side on 127.0.0.1: records every POST (path, content type,
    body); ``down()`` closes the port (connection refused, as a service that is down), ``up()``
    opens it again on the same port."""

    def __init__(self) -> None:
        self.posts: list[tuple[str, str, bytes]] = []
        self.delay = 0.0  # seconds before answering: a slow service
        self.port = 0
        self.httpd: ThreadingHTTPServer | None = None
        self.up()

    def up(self) -> None:
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                outer.posts.append((self.path, self.headers.get("Content-Type", ""), body))
                time.sleep(outer.delay)
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"{}")

        self.httpd = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def down(self) -> None:
        assert self.httpd is not None
        self.httpd.shutdown()
        self.httpd.server_close()
        self.httpd = None

    def texts(self, path: str) -> list[str]:
        """The message text of each POST to ``path``, whatever the scheme's encoding."""
        out = []
        for p, ctype, body in self.posts:
            if p != path:
                continue
            if "form" in ctype:
                out.append(parse_qs(body.decode())["message"][0])
            else:
                doc = json.loads(body)
                out.append(doc.get("message") or doc.get("text") or "")
        return out


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    yield r
    if r.httpd is not None:
        r.down()


def channels(port: int, *, kind: str = "alerts") -> str:
    base = f"127.0.0.1:{port}"
    return "".join(
        f'\n[[notify]]\nurl = "{url}"\nkind = "{kind}"\n'
        for url in (
            f"json://{base}/json-in",
            f"form://{base}/form-in",
            f"mmost://{base}/$MONITOR_NOTIFY_MM_TOKEN",
            f"ntfy://{base}/high-north",
        )
    )


MM_TOKEN = "mmtoken4f9a8b7c6d5e4f3a2b1c"
PATHS = ("/json-in", "/form-in", f"/hooks/{MM_TOKEN}", "/")


def configure(tmp_path: Path, feed: str, extra: str, smtp: SmtpServer | None = None) -> Path:
    return write_config(tmp_path / "sources.toml", [{"name": "Barents Observer", "url": feed}],
                        smtp_url=smtp.url if smtp else None, extra=extra)  # fmt: skip


# -- escaping, per channel (pure) --------------------------------------------------------------


def test_each_style_makes_a_hostile_title_inert() -> None:
    title = HOSTILE["title"].replace("@everyone", "<!channel> @everyone")
    assert escape("data", title) == title  # json:// and form:// carry data, as written
    slack = escape("slack", title)  # Mattermost, Rocket.Chat: Slack-compatible text
    assert "<!channel>" not in slack and "&lt;!channel&gt;" in slack
    assert "@everyone" not in slack and f"@{ZWSP}everyone" in slack
    assert "](" not in slack
    md = escape("markdown", title)  # Slack, Discord, Matrix, Teams through Apprise
    assert r"\[Ministry of Defence\]\(https://evil.example/x\)" in md
    assert r"\<\!channel\>" in md and r"\*now\*" in md and f"\\<@{ZWSP}123\\>" in md
    html = escape("html", title)  # Telegram
    assert "&lt;!channel&gt;" in html and "<" not in html and f"@{ZWSP}everyone" in html
    text = escape("text", title)  # ntfy, Pushover, SMS: nothing to render, no mention either
    assert "@everyone" not in text and "[Ministry of Defence](https://evil" in text
    assert escape("text", "a\nb\x00c") == "a bc"  # one line, nothing a format cannot carry
    assert style_of("discord", ("text", "markdown")) == "markdown"  # Discord renders Markdown
    assert style_of("tgram", ("html", "markdown")) == "html"
    assert style_of("mmost", ("text",)) == "slack" and style_of("ntfy", ("text",)) == "text"
    assert style_of("json", ("text", "html", "markdown")) == "data"


def test_apprise_slack_and_discord_plugins_find_nothing_to_act_on() -> None:
    """Slack and Discord cannot be pointed at 127.0.0.1 (fixed hosts), so their Apprise
    plugins' own body handling is run directly (no network): what the monitor hands them
    leaves no command, mention or disguised link after the plugin's conversion."""
    import apprise
    from apprise.common import NotifyFormat

    title = HOSTILE["title"].replace("@everyone", "<!channel> @everyone")
    body = render_line("markdown", title)
    slack = apprise.Apprise.instantiate("slack://T0AAAAAAA/B0BBBBBBB/XXXXXXXXXXXXXXXXXXXXXXXX")
    sent = slack.dialect_convert(body, NotifyFormat.MARKDOWN)
    assert "<!channel>" not in sent and "&lt;!channel&gt;" in sent
    assert "|" not in sent  # no <url|label> link made from the title
    assert "@everyone" not in sent and "<@123>" not in sent
    assert "<https://outlet.example/news/storskog-hostile>" in sent  # the item's own link
    discord = apprise.Apprise.instantiate("discord://1234567/abcdefghijk")
    assert discord.ping_payload(title)["allow_mentions"]["parse"] == ["everyone"]  # raw: pings
    assert discord.ping_payload(body) == {}  # escaped: no mention allowed


def render_line(style: str, title: str) -> str:
    return f"- {escape(style, title)} {link(style, HOSTILE['link'])}"


# -- end to end: poll, alert, one message per channel ------------------------------------------


def test_an_alert_reaches_every_channel_once_and_webhooks_still_work(
    tmp_path: Path, outlet: OutletServer, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MONITOR_NOTIFY_MM_TOKEN", MM_TOKEN)
    feed = outlet.route("/f.xml", rss([ALERT, CALM, HOSTILE]))
    hook = outlet.url("/hook")
    cfg = configure(tmp_path, feed, channels(receiver.port) + f'\n[[webhooks]]\nurl = "{hook}"\n')
    assert main(["--config", str(cfg), "check-config"]) == 0
    assert main(["--config", str(cfg), "poll", "--once"]) == 0
    for path in PATHS:
        (text,) = receiver.texts(path)  # one message per channel
        assert ALERT["title"] in text and "Storskog border closed" in text
        assert CALM["title"] not in text  # alerts only: CALM matched no alert rule
        assert "https://outlet.example/news/storskog-closed" in text
    json_in = json.loads(next(b for p, _, b in receiver.posts if p == "/json-in"))
    assert json_in["title"] == "High North monitor: 2 alerts"
    assert HOSTILE["title"] in json_in["message"]  # data: as written
    (mm,) = receiver.texts(f"/hooks/{MM_TOKEN}")
    assert "@everyone" not in mm and "<@123>" not in mm and "](" not in mm
    (ntfy,) = receiver.texts("/")
    assert "@everyone" not in ntfy
    # [[webhooks]] is one more channel, its JSON as before (text escaped, items as data)
    ((path, body),) = outlet.posts
    posted = json.loads(body)
    assert path == "/hook" and set(posted) == {"text", "items"}
    assert {i["title"] for i in posted["items"]} == {ALERT["title"], HOSTILE["title"]}
    # later rounds (the CLI's and the service's) send nothing again
    assert main(["--config", str(cfg), "digest", "--alerts"]) == 0
    config = load_config(cfg)
    Service(config, Store(config.storage_url), serve=False).send_alerts()
    assert len(receiver.posts) == 4 and len(outlet.posts) == 1


def test_a_channel_down_for_an_hour_gets_the_alert_once_when_back(
    tmp_path: Path, outlet: OutletServer, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MONITOR_NOTIFY_MM_TOKEN", MM_TOKEN)
    feed = outlet.route("/f.xml", rss([ALERT]))
    cfg = configure(tmp_path, feed, channels(receiver.port))
    config = load_config(cfg)
    store = Store(config.storage_url)
    labels = [channel_label(c) for c in config.notify]
    failed_before = [metrics.NOTIFICATIONS.labels(x, "failed")._value.get() for x in labels]
    receiver.down()
    assert main(["--config", str(cfg), "poll", "--once"]) == 0  # found; every channel down
    start = utcnow()
    tries = 0
    for minute in range(1, 61):  # the service's minutely round, for an hour
        for o in run_notify(config, store, start + timedelta(minutes=minute)):
            assert not o.sent
            tries += o.error is not None
    assert tries == 4 * 5  # back-off: tried at +1, +3, +7, +15, +31 minutes, not every minute
    assert receiver.posts == []
    state = store.subscriber_state(config.notify[0].address)
    assert state is not None and state.attempts == 6 and state.next_attempt is not None
    receiver.up()
    back = state.next_attempt + timedelta(seconds=1)  # the first round after the back-off
    outcomes = run_notify(config, store, back)
    assert [o.sent for o in outcomes] == [True] * 4
    for later in (1, 2, 90):
        assert not any(o.sent for o in run_notify(config, store, back + timedelta(minutes=later)))
    for path in PATHS:
        (text,) = receiver.texts(path)  # once, after an hour down
        assert ALERT["title"] in text
    for label, before in zip(labels, failed_before, strict=True):
        assert metrics.NOTIFICATIONS.labels(label, "failed")._value.get() - before == 6
        assert metrics.NOTIFICATIONS.labels(label, "sent")._value.get() == 1
    exposition = metrics.exposition(store).decode()
    assert f'monitor_notifications_total{{channel="{labels[0]}",outcome="sent"}} 1.0' in exposition
    assert MM_TOKEN not in exposition


def test_two_senders_at_once_send_each_alert_once_per_channel(
    tmp_path: Path, outlet: OutletServer, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two workers (two Store handles, no lease) in the same round: the claim of each
    (channel, item) key before sending keeps it to one message per channel."""
    monkeypatch.setenv("MONITOR_NOTIFY_MM_TOKEN", MM_TOKEN)
    feed = outlet.route("/f.xml", rss([ALERT, HOSTILE]))
    cfg = configure(tmp_path, feed, channels(receiver.port))
    config = load_config(cfg)
    pipeline = Pipeline(config, Store(config.storage_url))
    try:
        pipeline.poll(list(config.sources))  # found, nothing sent yet
    finally:
        pipeline.close()
    receiver.delay = 0.3  # both senders are mid-round at once
    stores = [Store(config.storage_url), Store(config.storage_url)]
    start = threading.Barrier(2)
    results: list[Any] = []

    def sender(store: Store) -> None:
        start.wait()
        results.extend(run_notify(config, store, utcnow()))

    threads = [threading.Thread(target=sender, args=(s,)) for s in stores]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sum(o.items for o in results if o.sent) == 2 * 4
    for path in PATHS:
        texts = receiver.texts(path)
        assert sum(ALERT["title"] in t for t in texts) == 1
        assert sum("Storskog border closed" in t for t in texts) == 1


def test_a_plugin_that_raises_gives_the_claim_back(
    tmp_path: Path, outlet: OutletServer, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    import apprise

    feed = outlet.route("/f.xml", rss([ALERT]))
    cfg = configure(tmp_path, feed, f'\n[[notify]]\nurl = "json://127.0.0.1:{receiver.port}/in"\n')
    config = load_config(cfg)
    store = Store(config.storage_url)
    pipeline = Pipeline(config, store)
    try:
        pipeline.poll(list(config.sources))
    finally:
        pipeline.close()

    def broken(*args: Any, **kwargs: Any) -> bool:
        # Failure injection: a bug inside an Apprise plugin cannot be provoked from outside.
        raise RuntimeError("plugin bug")

    monkeypatch.setattr(apprise.Apprise, "notify", broken)
    (o,) = run_notify(config, store, utcnow())
    assert o.error == "RuntimeError: plugin bug" and not o.sent
    monkeypatch.undo()
    assert receiver.posts == []
    (o,) = run_notify(config, store, utcnow() + timedelta(minutes=2))  # after the back-off
    assert o.sent and o.items == 1  # owed again at once, not after a 6-hour stale claim
    assert ALERT["title"] in receiver.texts("/in")[0]


def test_a_chat_digest_lists_the_new_items_once_at_the_digest_schedule(
    tmp_path: Path, outlet: OutletServer, receiver: Receiver
) -> None:
    feed = outlet.route("/f.xml", rss([ALERT, CALM]))
    extra = f'\n[[notify]]\nurl = "json://127.0.0.1:{receiver.port}/room"\nkind = "digest"\n'
    cfg = configure(tmp_path, feed, extra)
    assert main(["--config", str(cfg), "poll", "--once"]) == 0
    assert receiver.posts == []  # a digest channel gets no alerts
    config = load_config(cfg)
    service = Service(config, Store(config.storage_url), serve=False)
    jobs = {j["id"]: j for j in service._jobs(config)}
    assert str(jobs["notify-digest"]["trigger"]) == "crontab[0 7 * * *]"  # [digest] schedule
    jobs["notify-digest"]["func"]()  # the digest's schedule comes
    (text,) = receiver.texts("/room")
    assert ALERT["title"] in text and CALM["title"] in text
    service.send_chat_digest()
    assert main(["--config", str(cfg), "digest"]) == 0
    assert len(receiver.posts) == 1


# -- configuration -----------------------------------------------------------------------------


def test_check_config_names_the_key_and_never_the_secret(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = "SECRET7f3a9cXYZ"  # not a Slack token: one part of three
    monkeypatch.setenv("MONITOR_NOTIFY_SLACK", secret)
    extra = """
[[notify]]
url = "json://127.0.0.1:9/in"
[[notify]]
url = "slack://$MONITOR_NOTIFY_SLACK"
[[notify]]
url = "slakc://T0/B0/${MONITOR_NOTIFY_SLACK}"
"""
    cfg = write_config(tmp_path / "sources.toml", [], extra=extra)
    assert main(["--config", str(cfg), "check-config"]) == 2
    err = capsys.readouterr().err
    assert "notify[1].url: not a usable Slack URL (slack://…)" in err
    assert 'notify[2].url: unknown scheme "slakc://"' in err
    assert "notify[0]" not in err and secret not in err
    assert main(["--config", str(cfg), "run"]) == 2  # the service does not start either
    assert 'notify[2].url: unknown scheme "slakc://"' in capsys.readouterr().err
    cfg.write_text(cfg.read_text("utf-8").replace("MONITOR_NOTIFY_SLACK}", "MONITOR_NOTIFY_GONE}"))
    assert main(["--config", str(cfg), "check-config"]) == 2
    err = capsys.readouterr().err
    assert "notify[2].url: $MONITOR_NOTIFY_GONE is not set in the environment" in err
    bad = write_config(tmp_path / "bad.toml", [], extra='[[notify]]\nurl = "slack"\nkind = "x"\n')
    assert main(["--config", str(bad), "check-config"]) == 2
    err = capsys.readouterr().err
    assert "notify[0].url: is not an Apprise URL" in err
    assert 'notify[0].kind: "x" is not "alerts" or "digest"' in err


def test_a_channel_from_an_apprise_config_file(
    tmp_path: Path, outlet: OutletServer, receiver: Receiver, capsys: pytest.CaptureFixture[str]
) -> None:
    """The secret may live in Apprise's own config file instead of the environment."""
    (tmp_path / "apprise.yml").write_text(
        f"urls:\n  - json://127.0.0.1:{receiver.port}/from-file\n", "utf-8"
    )
    feed = outlet.route("/f.xml", rss([ALERT]))
    cfg = configure(tmp_path, feed, '\n[[notify]]\nconfig = "apprise.yml"\n')
    assert main(["--config", str(cfg), "check-config"]) == 0
    assert main(["--config", str(cfg), "poll", "--once"]) == 0
    assert main(["--config", str(cfg), "digest", "--alerts"]) == 0
    (text,) = receiver.texts("/from-file")
    assert ALERT["title"] in text
    two = "urls:\n  - json://127.0.0.1:9/x\n  - form://127.0.0.1:9/y\n"
    (tmp_path / "apprise.yml").write_text(two, "utf-8")
    capsys.readouterr()
    assert main(["--config", str(cfg), "check-config"]) == 2
    assert "apprise.yml holds 2 URLs Apprise can use, not one" in capsys.readouterr().err
    (tmp_path / "apprise.yml").write_text("urls: [not yaml", "utf-8")
    assert main(["--config", str(cfg), "check-config"]) == 2
    assert "notify[0].config: " in capsys.readouterr().err
    both = cfg.read_text("utf-8").replace('config = "apprise.yml"', 'config = "gone.yml"')
    cfg.write_text(both, "utf-8")
    assert main(["--config", str(cfg), "check-config"]) == 2
    assert 'notify[0].config: "gone.yml": no such file' in capsys.readouterr().err


def test_the_readme_example_is_a_valid_configuration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text("utf-8")
    section = readme[readme.index("### Chat rooms") :]
    start = section.index("```toml") + 7
    block = section[start : section.index("```", start)]
    assert block.count("[[notify]]") == 3
    (tmp_path / "telegram.yml").write_text('urls: [ "tgram://123456789:abcdefg_hijk/-1001/" ]\n')
    block = block.replace("/etc/monitor/telegram.yml", str(tmp_path / "telegram.yml"))
    monkeypatch.setenv("MONITOR_NOTIFY_SLACK", "T0AAAAAAA/B0BBBBBBB/XXXXXXXXXXXXXXXXXXXXXXXX")
    teams = "prod-01.westeurope.logic.azure.com:443/abcdef1234567890/SIGNATURE1234567890abc"
    monkeypatch.setenv("MONITOR_NOTIFY_TEAMS", teams)
    cfg = write_config(tmp_path / "sources.toml", [], extra=block)
    assert main(["--config", str(cfg), "check-config"]) == 0, capsys.readouterr().err
    config = load_config(cfg)
    assert [(c.scheme, c.kind) for c in config.notify] == [
        ("slack", "alerts"),
        ("workflows", "digest"),
        ("config", "alerts"),
    ]


def test_commands_without_a_channel_to_send_do_not_import_apprise(tmp_path: Path) -> None:
    extra = '\n[[notify]]\nurl = "json://127.0.0.1:9/in"\n'
    cfg = write_config(tmp_path / "sources.toml", [], extra=extra)
    code = (
        "import sys\nfrom monitor.cli import main\n"
        f"main(['--config', {str(cfg)!r}, 'feed'])\n"
        "sys.stderr.write('apprise' + str('apprise' in sys.modules))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "appriseFalse" in run.stderr, run.stderr
