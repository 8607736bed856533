"""Issue #29.3-7: every sender takes the lease and claims each delivery key before sending;
acceptance by the server is the moment of truth; leases run on the database's clock and are
renewed; alerts wait at most a minute for another worker; "from then on" for every change."""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3
import subprocess
import threading
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from monitor import cli, leases
from monitor.cli import main
from monitor.config import load_config
from monitor.deliver import digest as digest_mod
from monitor.deliver.digest import run_digest, run_webhooks
from monitor.pipeline import utcnow
from monitor.schedule import Service
from monitor.store import Store, webhook_key
from tests.conftest import SmtpServer, rss, sqlite_only, write_config
from tests.outlet import OutletServer
from tests.test_delivery import ALERT, CALM
from tests.test_service import monitor_cmd

MORE = [
    {
        "title": "Kirkenes hospital gets new Russian-speaking staff",
        "link": "https://outlet.example/news/kirkenes-hospital",
        "guid": "more-1",
        "description": "The hospital in Kirkenes near the Russian border hires interpreters "
        "as Norway and Russia resume medical cooperation in Sør-Varanger.",
    },
    {
        "title": "Svalbard coal mine in Barentsburg changes Russian owner",
        "link": "https://outlet.example/news/barentsburg-owner",
        "guid": "more-2",
        "description": "Trust Arktikugol in Barentsburg on Svalbard is taken over by a new "
        "Russian state company, Norwegian authorities in Longyearbyen were told.",
    },
    {
        "title": "Murmansk shipyard repairs Northern Fleet submarines near Norway",
        "link": "https://outlet.example/news/murmansk-yard",
        "guid": "more-3",
        "description": "The shipyard at Severomorsk outside Murmansk works around the clock "
        "on Russian submarines, the Norwegian intelligence service says in its report.",
    },
]
SALMON_TOPIC = """
[[topics]]
name = "salmon"
title = "Salmon"
threshold = 1

  [[topics.rules]]
  name = "salmon"
  weight = 2
  any_of = ["salmon"]
"""
SALMON = {
    "title": "Record salmon prices in Asia",
    "link": "https://outlet.example/news/salmon-asia",
    "guid": "salmon-1",
    "description": "Salmon prices rose again, the seafood council said.",
}


def subscriber(address: str, cadence: str, topics: list[str] | None = None) -> str:
    out = f'\n[[subscribers]]\naddress = "{address}"\ncadence = "{cadence}"\n'
    return out + (f"topics = {json.dumps(topics)}\n" if topics is not None else "")


def configure(tmp_path: Path, feed: str, smtp: SmtpServer, extra: str = "", **kw: Any) -> Path:
    return write_config(tmp_path / "sources.toml", [{"name": "Barents Observer", "url": feed}],
                        smtp_url=smtp.url, extra=extra, **kw)  # fmt: skip


def titles(msg: Any) -> str:
    return str(msg.get_body(("plain",)).get_content())


def per_recipient(smtp: SmtpServer) -> Counter[tuple[str, str]]:
    """(recipient, item title) -> how many mails carried it."""
    out: Counter[tuple[str, str]] = Counter()
    for env, msg in zip(smtp.handler.envelopes, smtp.messages, strict=True):
        body = titles(msg)
        for item in (CALM, *MORE):
            if item["title"] in body:
                out[(env.rcpt_tos[0], item["title"])] += 1
    return out


# -- 3. every path that sends takes the lease; two senders at once send each item once --------


def test_two_senders_at_once_send_each_item_once(
    tmp_path: Path, outlet: OutletServer, smtp: SmtpServer
) -> None:
    """Two Store handles (as two workers) send at the same moment, without any lease: the
    claim of each (address, item) key before sending is what keeps it to one mail."""
    feed = outlet.route("/f.xml", rss([CALM, *MORE]))
    cfg = configure(tmp_path, feed, smtp, recipients=["a@example.org", "b@example.org"])
    assert main(["--config", str(cfg), "poll", "--once"]) == 0
    config = load_config(cfg, {})
    slow = smtp.handler.handle_DATA

    async def slow_data(server: Any, session: Any, envelope: Any) -> str:
        await asyncio.sleep(0.3)  # both senders are mid-round at once
        return await slow(server, session, envelope)

    smtp.handler.handle_DATA = slow_data  # type: ignore[method-assign]
    stores = [Store(config.storage_url), Store(config.storage_url)]
    start = threading.Barrier(2)
    results: list[Any] = []

    def sender(store: Store) -> None:
        start.wait()
        results.extend(run_digest(config, store, utcnow()))

    threads = [threading.Thread(target=sender, args=(s,)) for s in stores]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not [o for o in results if o.error], [o.line() for o in results]
    counts = per_recipient(smtp)
    assert set(counts.values()) == {1}, counts  # nothing twice
    assert len(counts) == 2 * 4  # and nothing lost: 4 items to each of 2 people


def test_two_digest_commands_at_once_send_each_item_once(
    tmp_path: Path, outlet: OutletServer, smtp: SmtpServer
) -> None:
    feed = outlet.route("/f.xml", rss([CALM, *MORE]))
    cfg = configure(tmp_path, feed, smtp, recipients=["a@example.org", "b@example.org"])
    assert main(["--config", str(cfg), "poll", "--once"]) == 0
    env = {k: v for k, v in os.environ.items() if not k.startswith("MONITOR_")}
    procs = [
        subprocess.Popen([*monitor_cmd(), "digest"], cwd=tmp_path, text=True,
                         env={**env, "MONITOR_CONFIG": str(cfg)},
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(2)
    ]  # fmt: skip
    outs = [p.communicate(timeout=90) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    counts = per_recipient(smtp)
    assert set(counts.values()) == {1} and len(counts) == 8, counts
    assert "Traceback" not in "".join(o[1] for o in outs)


def test_digest_and_poll_commands_take_the_delivery_lease(
    tmp_path: Path, outlet: OutletServer, smtp: SmtpServer, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    feed = outlet.route("/f.xml", rss([CALM, ALERT]))
    cfg = configure(tmp_path, feed, smtp, subscriber("duty@example.org", "immediate"),
                    recipients=["a@example.org"])  # fmt: skip
    store = Store(load_config(cfg, {}).storage_url)
    for lease in (leases.DELIVERY_LEASE, leases.ALERTS_LEASE):
        assert store.try_lease(lease, "a running worker", utcnow(), timedelta(5))
    monkeypatch.setattr(cli, "LEASE_PATIENCE", 0.5)
    assert main(["--config", str(cfg), "poll", "--once"]) == 0
    assert "another worker holds the alerts lease" in capsys.readouterr().out
    for command in (["digest"], ["digest", "--alerts"]):
        assert main(["--config", str(cfg), *command]) == 1
        assert "another worker is sending" in capsys.readouterr().err
    assert smtp.messages == []
    for lease in (leases.DELIVERY_LEASE, leases.ALERTS_LEASE):
        store.release_lease(lease, "a running worker")
    assert main(["--config", str(cfg), "digest", "--alerts"]) == 0
    assert main(["--config", str(cfg), "digest"]) == 0
    assert sorted(e.rcpt_tos[0] for e in smtp.handler.envelopes) == [
        "a@example.org", "duty@example.org"
    ]  # fmt: skip


# -- 4. acceptance of DATA (or a 2xx) is the moment of truth -----------------------------------


def test_quit_answered_421_after_data_250_counts_as_sent(
    tmp_path: Path, outlet: OutletServer, smtp: SmtpServer
) -> None:
    feed = outlet.route("/f.xml", rss([CALM]))
    cfg = configure(tmp_path, feed, smtp, recipients=["a@example.org"])
    assert main(["--config", str(cfg), "poll", "--once"]) == 0
    config = load_config(cfg, {})
    store = Store(config.storage_url)

    async def quit_421(server: Any, session: Any) -> str:
        return "421 4.3.2 shutting down"

    smtp.handler.handle_QUIT = quit_421  # type: ignore[attr-defined]
    (first,) = run_digest(config, store, utcnow())
    assert first.sent and first.error is None
    state = store.subscriber_state("a@example.org")
    assert state is not None and state.attempts == 0
    for _ in range(3):
        run_digest(config, store, utcnow())
        run_digest(config, store, utcnow() + timedelta(minutes=5), retry_only=True)
    assert len(smtp.messages) == 1


def _statuses(store: Store, address: str) -> list[str]:
    with store.engine.connect() as conn:
        rows = conn.execute(
            text("SELECT status FROM delivery WHERE address = :a"), {"a": address}
        ).all()
    return sorted(r[0] for r in rows)


def _lock_archive_when_accepting(url: str, smtp: SmtpServer, hold: float) -> threading.Event:
    """The first time the server accepts DATA, another process takes the archive's write lock
    for ``hold`` seconds: recording the delivery right after fails ("database is locked")."""
    path = url.removeprefix("sqlite:///")
    accept = smtp.handler.handle_DATA
    released = threading.Event()

    async def lock_then_accept(server: Any, session: Any, envelope: Any) -> str:
        if not released.is_set():
            locker = sqlite3.connect(path, check_same_thread=False)
            locker.execute("BEGIN IMMEDIATE")

            def release() -> None:
                time.sleep(hold)
                locker.rollback()
                locker.close()
                released.set()

            threading.Thread(target=release, daemon=True).start()
        return await accept(server, session, envelope)

    smtp.handler.handle_DATA = lock_then_accept  # type: ignore[method-assign]
    return released


@sqlite_only
def test_mail_accepted_while_the_archive_is_locked_is_recorded_later_not_resent(
    tmp_path: Path, outlet: OutletServer, smtp: SmtpServer
) -> None:
    feed = outlet.route("/f.xml", rss([CALM, *MORE[:1]]))
    cfg = configure(tmp_path, feed, smtp, recipients=["a@example.org"])
    assert main(["--config", str(cfg), "poll", "--once"]) == 0
    config = load_config(cfg, {})
    store = Store(config.storage_url, busy_timeout=0.3)
    released = _lock_archive_when_accepting(config.storage_url, smtp, 1.5)
    (first,) = run_digest(config, store, utcnow())
    assert first.sent and len(smtp.messages) == 1
    assert released.wait(10)
    assert _statuses(store, "a@example.org") == ["sending", "sending"]  # claimed, not sent
    for _ in range(3):  # the minutely rounds: retried as recording, never as sending
        run_digest(config, store, utcnow())
        run_digest(config, store, utcnow() + timedelta(hours=1), retry_only=True)
    assert len(smtp.messages) == 1
    assert _statuses(store, "a@example.org") == ["sent", "sent"]


@sqlite_only
def test_digest_command_retries_the_record_and_does_not_resend(
    tmp_path: Path, outlet: OutletServer, smtp: SmtpServer, capsys: pytest.CaptureFixture[str]
) -> None:
    feed = outlet.route("/f.xml", rss([CALM]))
    cfg = configure(tmp_path, feed, smtp, recipients=["a@example.org"])
    text_ = cfg.read_text("utf-8").replace("[storage]\n", '[storage]\nbusy_timeout = "1s"\n', 1)
    cfg.write_text(text_, "utf-8")
    assert main(["--config", str(cfg), "poll", "--once"]) == 0
    config = load_config(cfg, {})
    released = _lock_archive_when_accepting(config.storage_url, smtp, 3.5)
    capsys.readouterr()
    assert main(["--config", str(cfg), "digest"]) == 0  # recorded on a later try
    assert "accepted by the server but not recorded yet" in capsys.readouterr().err
    assert released.is_set() and len(smtp.messages) == 1
    assert main(["--config", str(cfg), "digest"]) == 0
    assert len(smtp.messages) == 1
    assert _statuses(Store(config.storage_url), "a@example.org") == ["sent"]


def test_webhook_2xx_whose_record_fails_is_not_posted_again(
    tmp_path: Path, outlet: OutletServer, smtp: SmtpServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    feed = outlet.route("/f.xml", rss([ALERT]))
    hook = outlet.url("/hook")
    cfg = configure(tmp_path, feed, smtp, f'\n[[webhooks]]\nurl = "{hook}"\n')
    assert main(["--config", str(cfg), "poll", "--once"]) == 0
    assert len(outlet.posts) == 1  # the poll's own alert step
    outlet.posts.clear()
    with Store(load_config(cfg, {}).storage_url).engine.begin() as conn:
        conn.execute(text("DELETE FROM delivery"))  # as if that POST had never happened
    config = load_config(cfg, {})
    store = Store(config.storage_url)
    real = store.mark_delivered
    calls = {"n": 0}

    def full_disk(*args: Any, **kwargs: Any) -> None:
        # Failure injection: a full disk cannot be made here; the archive refuses the write
        # the way SQLite and PostgreSQL do (an OperationalError).
        calls["n"] += 1
        if calls["n"] <= 2:
            raise OperationalError("INSERT INTO delivery", {}, Exception("disk I/O error"))
        real(*args, **kwargs)

    monkeypatch.setattr(store, "mark_delivered", full_disk)
    for minute in range(3):
        (o,) = run_webhooks(config, store, utcnow() + timedelta(minutes=minute * 70))
        assert o.error is None
    assert len(outlet.posts) == 1  # 3 rounds, one POST
    assert calls["n"] == 3 and _statuses(store, webhook_key(hook)) == ["sent"]
    assert not digest_mod._PENDING


# -- 5. leases: the database's clock, renewed while working --------------------------------


def test_leases_use_the_database_clock(tmp_path: Path) -> None:
    cfg = write_config(tmp_path / "sources.toml", [])
    a, b = Store(load_config(cfg, {}).storage_url), Store(load_config(cfg, {}).storage_url)
    assert a.try_lease("deliver", "A", utcnow(), timedelta(minutes=1))
    # B's clock runs an hour ahead: by its own clock A's lease ran out long ago.
    assert not b.try_lease("deliver", "B", utcnow() + timedelta(hours=1), timedelta(minutes=1))
    assert b.lease_holder("deliver") == "A"
    # And a worker whose clock is behind cannot stretch its own lease into the past or future.
    assert a.try_lease("deliver", "A", utcnow() - timedelta(hours=5), timedelta(seconds=1))
    time.sleep(1.2)
    assert b.try_lease("deliver", "B", utcnow() - timedelta(hours=5), timedelta(minutes=1))


def test_a_lease_is_renewed_while_the_work_runs(tmp_path: Path) -> None:
    cfg = write_config(tmp_path / "sources.toml", [])
    a, b = Store(load_config(cfg, {}).storage_url), Store(load_config(cfg, {}).storage_url)
    with leases.held(a, "poll:slow", "A", timedelta(seconds=1.2)) as got:
        assert got
        for _ in range(4):  # 2.4 s of work: twice the time-to-live
            time.sleep(0.6)
            assert not b.try_lease("poll:slow", "B", utcnow(), timedelta(seconds=5))
    assert b.try_lease("poll:slow", "B", utcnow(), timedelta(seconds=5))  # released


def test_the_poll_lease_is_renewed_while_a_slow_poll_runs(
    tmp_path: Path, outlet: OutletServer, smtp: SmtpServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    feed = outlet.route("/slow.xml", rss([CALM]), delay=3.0)
    cfg = configure(tmp_path, feed, smtp)
    config = load_config(cfg, {})
    service = Service(config, Store(config.storage_url), serve=False)
    # A lease of 1.2 s instead of twice the fetch timeout: the poll outlasts it twice over.
    monkeypatch.setattr(service, "_lease_ttl", lambda: timedelta(seconds=1.2))
    poll = threading.Thread(target=service.poll_source, args=(config.sources[0],))
    poll.start()
    other = Store(config.storage_url)
    name = f"poll:{config.sources[0].name}"
    time.sleep(2.2)
    assert poll.is_alive()
    assert other.lease_holder(name) == service.worker
    assert not other.try_lease(name, "other worker", utcnow(), timedelta(seconds=5))
    poll.join(30)
    assert other.try_lease(name, "other worker", utcnow(), timedelta(seconds=5))  # released
    assert CALM["title"] in [i.title for i in other.recent()]


def _claim_as_another_process(config: Any, address: str, heartbeat: float | None) -> Store:
    """What a sender leaves behind when it is killed after claiming and before the server
    accepted: its claims, and its heartbeat (``heartbeat`` seconds long, never renewed; None:
    a sender that kept none)."""
    dead = Store(config.storage_url)
    if heartbeat is not None:
        assert dead.try_lease(f"alive:{dead.holder}", dead.holder, utcnow(),
                              timedelta(seconds=heartbeat))  # fmt: skip
    ids = [i.id for i in dead.undelivered(address, utcnow() - timedelta(days=1))]
    assert ids and dead.claim_delivery(address, ids, "<killed@mid.send>") == ids
    return dead


def test_a_sender_killed_mid_send_loses_its_claims_when_its_heartbeat_runs_out(
    tmp_path: Path, outlet: OutletServer, smtp: SmtpServer
) -> None:
    """Its items are owed again within a round of its heartbeat running out, not after
    STALE_CLAIM (six hours): an alert claimed by a worker that was then killed used to reach
    nobody for six hours, even after the container restarted at once."""
    feed = outlet.route("/f.xml", rss([ALERT, CALM]))
    cfg = configure(tmp_path, feed, smtp, recipients=["a@example.org"])
    assert main(["--config", str(cfg), "poll", "--once"]) == 0
    config = load_config(cfg, {})
    dead = _claim_as_another_process(config, "a@example.org", heartbeat=1.0)
    store = Store(config.storage_url)  # the worker that lives on (or the restarted one)
    (o,) = run_digest(config, store, utcnow())
    assert not o.sent and smtp.messages == []  # its heartbeat still runs: it may be sending
    assert _statuses(store, "a@example.org") == ["sending", "sending"]
    time.sleep(1.2)
    (o,) = run_digest(config, store, utcnow())  # the next round
    assert o.sent and len(smtp.messages) == 1
    body = titles(smtp.messages[0])
    assert ALERT["title"] in body and CALM["title"] in body
    assert _statuses(store, "a@example.org") == ["sent", "sent"]
    with store.engine.connect() as conn:
        holders = conn.execute(text("SELECT DISTINCT holder FROM delivery")).scalars().all()
    assert holders == [store.holder] and dead.holder != store.holder


def test_claims_of_a_living_sender_or_one_without_heartbeat_are_kept(
    tmp_path: Path, outlet: OutletServer, smtp: SmtpServer
) -> None:
    """A sender whose heartbeat is renewed may be mid-send right now, and one that kept none
    (an archive written before claims had holders) cannot be told dead: both keep their
    claims until STALE_CLAIM, so nothing goes out twice."""
    feed = outlet.route("/f.xml", rss([ALERT]))
    cfg = configure(tmp_path, feed, smtp, recipients=["a@example.org", "b@example.org"])
    assert main(["--config", str(cfg), "poll", "--once"]) == 0
    config = load_config(cfg, {})
    living = Store(config.storage_url)
    with leases.alive(living):
        ids = [i.id for i in living.undelivered("a@example.org", utcnow() - timedelta(days=1))]
        assert living.claim_delivery("a@example.org", ids, "<slow@send>") == ids
        _claim_as_another_process(config, "b@example.org", heartbeat=None)
        store = Store(config.storage_url)
        time.sleep(1.0)
        assert store.give_up_dead_claims() == 0
        run_digest(config, store, utcnow())
        assert smtp.messages == []
    with store.engine.begin() as conn:  # six hours later, by the database's clock
        conn.execute(text("UPDATE delivery SET sent_at = :t"),
                     {"t": utcnow().replace(tzinfo=None) - timedelta(hours=7)})  # fmt: skip
    assert store.give_up_dead_claims() == 2
    run_digest(config, store, utcnow())
    assert sorted(e.rcpt_tos[0] for e in smtp.handler.envelopes) == [
        "a@example.org", "b@example.org"
    ]  # fmt: skip


# -- 6. alerts wait at most a minute for another worker ------------------------------------


def test_alerts_found_while_another_worker_sends_go_out_within_a_minute(
    tmp_path: Path, outlet: OutletServer, smtp: SmtpServer
) -> None:
    feed = outlet.route("/f.xml", rss([ALERT]))
    cfg = configure(tmp_path, feed, smtp, subscriber("duty@example.org", "immediate"))
    config = load_config(cfg, {})
    store = Store(config.storage_url)
    service = Service(config, store, serve=False)
    # Another worker is in a long digest round, and sending alerts right now.
    for lease in (leases.DELIVERY_LEASE, leases.ALERTS_LEASE):
        assert store.try_lease(lease, "other worker", utcnow(), timedelta(minutes=5))
    service.poll_source(config.sources[0])  # finds the alert; the other worker holds the lease
    assert smtp.messages == []
    store.release_lease(leases.ALERTS_LEASE, "other worker")  # its alerts round ends
    # (its digest round goes on: alerts do not wait for it)
    service.schedule()
    retry = service.scheduler.get_job("retry")
    assert retry is not None and retry.trigger.interval == timedelta(seconds=60)
    retry.func()  # the next minutely run; no new poll has found anything
    assert [e.rcpt_tos[0] for e in smtp.handler.envelopes] == ["duty@example.org"]
    assert ALERT["title"] in titles(smtp.messages[0])


# -- 7. "from then on" for every change ----------------------------------------------------


def test_removed_then_readded_subscriber_gets_no_backlog(
    tmp_path: Path, outlet: OutletServer, smtp: SmtpServer
) -> None:
    route = "/f.xml"
    feed = outlet.route(route, rss([CALM]))
    cfg = configure(tmp_path, feed, smtp, recipients=["a@example.org", "b@example.org"])
    assert main(["--config", str(cfg), "poll", "--once"]) == 0
    assert main(["--config", str(cfg), "digest"]) == 0
    configure(tmp_path, feed, smtp, recipients=["b@example.org"])  # a@ removed
    assert main(["--config", str(cfg), "digest"]) == 0  # a worker sees the change
    outlet.route(route, rss([CALM, MORE[0]]))
    assert main(["--config", str(cfg), "poll", "--once"]) == 0
    configure(tmp_path, feed, smtp, recipients=["a@example.org", "b@example.org"])  # back
    assert main(["--config", str(cfg), "digest"]) == 0
    outlet.route(route, rss([CALM, MORE[0], MORE[1]]))
    assert main(["--config", str(cfg), "poll", "--once"]) == 0
    assert main(["--config", str(cfg), "digest"]) == 0
    counts = per_recipient(smtp)
    assert counts == Counter({
        ("a@example.org", CALM["title"]): 1, ("a@example.org", MORE[1]["title"]): 1,
        ("b@example.org", CALM["title"]): 1, ("b@example.org", MORE[0]["title"]): 1,
        ("b@example.org", MORE[1]["title"]): 1,
    })  # fmt: skip


def test_immediate_switched_to_daily_gets_no_backlog(
    tmp_path: Path, outlet: OutletServer, smtp: SmtpServer
) -> None:
    route = "/f.xml"
    feed = outlet.route(route, rss([CALM, ALERT]))
    cfg = configure(tmp_path, feed, smtp, subscriber("duty@example.org", "immediate"))
    assert main(["--config", str(cfg), "poll", "--once"]) == 0  # the alert goes out
    assert len(smtp.messages) == 1 and ALERT["title"] in titles(smtp.messages[0])
    configure(tmp_path, feed, smtp, subscriber("duty@example.org", "daily at 07:00"))
    assert main(["--config", str(cfg), "digest"]) == 0
    assert len(smtp.messages) == 1  # CALM came before the switch: not owed to an alert reader
    outlet.route(route, rss([CALM, ALERT, MORE[0]]))
    assert main(["--config", str(cfg), "poll", "--once"]) == 0
    assert main(["--config", str(cfg), "digest"]) == 0
    assert len(smtp.messages) == 2
    body = titles(smtp.messages[1])
    assert MORE[0]["title"] in body and CALM["title"] not in body and ALERT["title"] not in body


def test_new_topics_bring_no_backlog_but_what_was_owed_stays_owed(
    tmp_path: Path, outlet: OutletServer, smtp: SmtpServer
) -> None:
    route = "/f.xml"
    feed = outlet.route(route, rss([CALM, SALMON]))
    one = subscriber("a@example.org", "daily at 07:00", ["high-north"])
    cfg = configure(tmp_path, feed, smtp, SALMON_TOPIC + one)
    assert main(["--config", str(cfg), "poll", "--once"]) == 0  # CALM owed, SALMON not
    both = subscriber("a@example.org", "daily at 07:00", ["high-north", "salmon"])
    configure(tmp_path, feed, smtp, SALMON_TOPIC + both)
    assert main(["--config", str(cfg), "digest"]) == 0
    (mail,) = smtp.messages
    assert CALM["title"] in titles(mail) and SALMON["title"] not in titles(mail)
    newer = dict(SALMON, guid="salmon-2", link="https://outlet.example/news/salmon-2",
                 title="Salmon farmers expand in Finnmark fjords")  # fmt: skip
    outlet.route(route, rss([CALM, SALMON, newer]))
    assert main(["--config", str(cfg), "poll", "--once"]) == 0
    assert main(["--config", str(cfg), "digest"]) == 0
    assert len(smtp.messages) == 2 and newer["title"] in titles(smtp.messages[1])
    assert SALMON["title"] not in titles(smtp.messages[1])


def test_webhooks_get_no_backlog_after_a_change(
    tmp_path: Path, outlet: OutletServer, smtp: SmtpServer
) -> None:
    route = "/f.xml"
    feed = outlet.route(route, rss([ALERT]))
    hook = outlet.url("/hook")
    cfg = configure(tmp_path, feed, smtp, SALMON_TOPIC)  # no webhook yet
    assert main(["--config", str(cfg), "poll", "--once"]) == 0
    # A webhook for salmon only; the next poll finds nothing new.
    configure(tmp_path, feed, smtp, SALMON_TOPIC + f'[[webhooks]]\nurl = "{hook}"\n'
              'topics = ["salmon"]\n')  # fmt: skip
    assert main(["--config", str(cfg), "digest", "--alerts"]) == 0
    # Widened to every topic: the alert from before the change is not posted.
    configure(tmp_path, feed, smtp, SALMON_TOPIC + f'[[webhooks]]\nurl = "{hook}"\n')
    assert main(["--config", str(cfg), "digest", "--alerts"]) == 0
    assert outlet.posts == []
    # Removed, a new alert arrives, re-added: not posted either.
    configure(tmp_path, feed, smtp, SALMON_TOPIC)
    assert main(["--config", str(cfg), "digest", "--alerts"]) == 0
    second = {
        "title": "Russian helicopter violated Norwegian airspace over Pasvik",
        "link": "https://outlet.example/news/pasvik-airspace",
        "guid": "alert-2",
        "description": "A Russian military helicopter crossed into Norwegian airspace over "
        "the Pasvik valley on Tuesday; the border commissioner reports a violation.",
    }
    outlet.route(route, rss([ALERT, second]))
    assert main(["--config", str(cfg), "poll", "--once"]) == 0
    configure(tmp_path, feed, smtp, SALMON_TOPIC + f'[[webhooks]]\nurl = "{hook}"\n')
    assert main(["--config", str(cfg), "digest", "--alerts"]) == 0
    assert outlet.posts == []
    third = {
        "title": "Norwegian soldier detained at the Russian border in Finnmark",
        "link": "https://outlet.example/news/soldier-detained",
        "guid": "alert-3",
        "description": "Russian border guards detained a Norwegian conscript who walked "
        "across the border line near Grense Jakobselv, the garrison in Sør-Varanger said.",
    }
    outlet.route(route, rss([ALERT, second, third]))
    assert main(["--config", str(cfg), "poll", "--once"]) == 0
    ((_path, body),) = outlet.posts
    assert [i["title"] for i in json.loads(body)["items"]] == [third["title"]]
