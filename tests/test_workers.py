"""Several `monitor run` workers on one PostgreSQL: the work is shared, nothing twice, and a
worker killed with SIGKILL loses nothing. Runs in the PostgreSQL pass of `make test`."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from monitor.config import load_config
from tests.conftest import ON_POSTGRES, SmtpServer, rss, write_config
from tests.outlet import OutletServer
from tests.test_service import monitor_cmd

pytestmark = pytest.mark.skipif(
    not ON_POSTGRES, reason="needs PostgreSQL: runs in the PostgreSQL pass of make test"
)


VOCABULARY = [
    "fisker",
    "tråler",
    "kystvakt",
    "patrulje",
    "sjøgrense",
    "helikopter",
    "radar",
    "drone",
    "ubåt",
    "fregatt",
    "bombefly",
    "øvelse",
    "soldat",
    "kompani",
    "bataljon",
    "brigade",
    "garnison",
    "vaktpost",
    "tollvesen",
    "politimester",
    "statsråd",
    "ambassadør",
    "diplomat",
    "protest",
    "notat",
    "forhandling",
    "kvote",
    "havn",
    "kai",
    "fartøy",
    "mannskap",
    "lasteskip",
    "reinbeite",
    "elv",
    "bru",
    "vei",
    "tunnel",
    "snøskuter",
    "vinter",
    "mørketid",
    "nordlys",
    "fjell",
    "vidde",
]


def alert(source: int, n: int) -> dict[str, str]:
    import random

    rng = random.Random(source * 100 + n)
    words = " ".join(rng.choice(VOCABULARY) for _ in range(40))
    return {
        "title": f"Storskog stengt etter hendelse {source}-{n}: {' '.join(words.split()[:3])}",
        "guid": f"w{source}-{n}",
        "link": f"https://x.example/{source}/{n}",
        "description": f"Grensen mot Russland ved Storskog er stengt. {words}.",
    }


def start_workers(cfg: Path, n: int, log: str) -> list[subprocess.Popen[bytes]]:
    """``n`` `monitor run` processes on ``cfg``, each logging to ``<log><i>.log`` beside it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MONITOR_")}
    return [
        subprocess.Popen([*monitor_cmd(), "--config", str(cfg), "run"], cwd=cfg.parent, env=env,
                         stdout=subprocess.DEVNULL, stderr=(cfg.parent / f"{log}{i}.log").open("w"))
        for i in range(n)
    ]  # fmt: skip


def wait_until_mailed(smtp: SmtpServer, expected: list[str], patience: float = 120) -> None:
    """Until every title in ``expected`` was mailed (or ``patience`` seconds), then 3 s more:
    anything sent twice would arrive in them."""
    deadline = time.monotonic() + patience
    while time.monotonic() < deadline and sorted(mailed(smtp)) != sorted(expected):
        time.sleep(1)
    time.sleep(3)


def test_three_workers_share_the_work_and_survive_a_kill(
    tmp_path: Path, outlet: OutletServer, smtp: SmtpServer
) -> None:
    feeds = {i: [alert(i, n) for n in range(3)] for i in range(4)}
    sources = [
        {"name": f"S{i}", "url": outlet.route(f"/w{i}/feed.xml", rss(feeds[i]), delay=0.3),
         "interval": "1s"}
        for i in range(4)
    ]  # fmt: skip
    cfg = write_config(
        tmp_path / "sources.toml", sources, smtp_url=smtp.url,
        extra='[server]\nenabled = false\n[[subscribers]]\naddress = "duty@example.org"\n'
              'cadence = "immediate"\n',
        fetch='host_delay = "0s"\ntotal_timeout = "3s"',
    )  # fmt: skip
    workers = start_workers(cfg, 3, "w")
    try:
        time.sleep(5)
        for i in range(4):  # news arrives while they run
            feeds[i] += [alert(i, n) for n in range(3, 6)]
            outlet.route(f"/w{i}/feed.xml", rss(feeds[i]), delay=0.3)
        time.sleep(0.5)
        workers[0].send_signal(signal.SIGKILL)  # mid-poll, holding leases
        workers[0].wait()
        time.sleep(2)
        for i in range(4):
            feeds[i] += [alert(i, n) for n in range(6, 8)]
            outlet.route(f"/w{i}/feed.xml", rss(feeds[i]), delay=0.3)
        # The dead worker's leases run out (a poll's after 10 s, the alerts lease and its
        # heartbeat after 30 s); the others carry on. Killed mid-send, its claims are given
        # up at the next minutely round after its heartbeat ran out: at most ~90 s.
        expected = [alert(i, n)["title"] for i in range(4) for n in range(8)]
        wait_until_mailed(smtp, expected)
    finally:
        for w in workers[1:]:
            w.send_signal(signal.SIGTERM)
        codes = [w.wait(timeout=60) for w in workers[1:]]
    logs = "\n".join((tmp_path / f"w{i}.log").read_text()[-3000:] for i in range(3))
    assert codes == [0, 0], logs
    # No source was fetched by two workers at once.
    assert all(outlet.max_active[f"w{i}"] == 1 for i in range(4)), outlet.max_active
    # Every item stored once.
    engine = create_engine(load_config(cfg, {}).storage_url)
    with engine.connect() as con:
        rows = con.execute(text("SELECT guid FROM item WHERE origin = 'feed'")).scalars().all()
    engine.dispose()
    guids = sorted(r.rsplit("/", 1)[-1] for r in rows)  # relative guids come back resolved
    assert guids == sorted(f"w{i}-{n}" for i in range(4) for n in range(8))
    # Every alert mailed once.
    assert sorted(mailed(smtp)) == sorted(expected), (len(mailed(smtp)), len(expected))


def mailed(smtp: SmtpServer) -> list[str]:
    """The titles of the items in every mail so far, once per mail that carried them."""
    out = []
    for msg in list(smtp.messages):
        body = msg.get_body(("plain",)).get_content()
        for line in body.splitlines():  # a story's lead ("* ") and its other articles ("  + ")
            if line.startswith("* ") or line.startswith("  + "):
                out.append(line.split(" ", 1)[1] if line.startswith("* ") else line[4:])
    return out


def test_a_worker_killed_while_sending_an_alert_loses_nothing(
    tmp_path: Path, outlet: OutletServer, smtp: SmtpServer
) -> None:
    """The worker that is mid-send (it claimed the alert, the server has not answered DATA)
    is the one killed: the other gives up its claims once its heartbeat has run out and
    sends the alert, once, within about a minute and a half, not six hours later."""
    import asyncio
    import threading

    news = [alert(9, n) for n in range(2)]
    url = outlet.route("/k/feed.xml", rss(news))
    cfg = write_config(
        tmp_path / "sources.toml", [{"name": "K", "url": url, "interval": "1s"}],
        smtp_url=smtp.url,
        extra='[server]\nenabled = false\n[[subscribers]]\naddress = "duty@example.org"\n'
              'cadence = "immediate"\n',
        fetch='host_delay = "0s"\ntotal_timeout = "3s"',
    )  # fmt: skip
    sending = threading.Event()
    accept = smtp.handler.handle_DATA

    async def slow_first(server: object, session: object, envelope: object) -> str:
        if not sending.is_set():  # the first message: the server takes its time answering
            sending.set()
            for _ in range(40):
                await asyncio.sleep(0.1)
                if server.transport.is_closing():  # type: ignore[attr-defined]
                    return "421 the sender went away"  # never accepted
        return await accept(server, session, envelope)

    smtp.handler.handle_DATA = slow_first  # type: ignore[method-assign]
    workers = start_workers(cfg, 2, "k")
    engine = create_engine(load_config(cfg, {}).storage_url)
    killed = None
    try:
        assert sending.wait(30), "no alert was sent"
        with engine.connect() as con:
            holders = con.execute(
                text("SELECT DISTINCT holder FROM delivery WHERE status = 'sending'")
            ).scalars().all()  # fmt: skip
        assert len(holders) == 1, holders
        pid = int(holders[0].split(":")[-2])  # Store.holder: host:pid:random
        (killed,) = [w for w in workers if w.pid == pid]
        killed.send_signal(signal.SIGKILL)
        killed.wait()
        expected = [a["title"] for a in news]
        wait_until_mailed(smtp, expected)
    finally:
        for w in workers:
            if w is not killed:
                w.send_signal(signal.SIGTERM)
                assert w.wait(timeout=60) == 0
        engine.dispose()
    assert sorted(mailed(smtp)) == sorted(expected)
    assert [e.rcpt_tos for e in smtp.handler.envelopes] == [["duty@example.org"]]
