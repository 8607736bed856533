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
    env = {k: v for k, v in os.environ.items() if not k.startswith("MONITOR_")}
    workers = [
        subprocess.Popen([*monitor_cmd(), "--config", str(cfg), "run"], cwd=tmp_path, env=env,
                         stdout=subprocess.DEVNULL, stderr=(tmp_path / f"w{i}.log").open("w"))
        for i in range(3)
    ]  # fmt: skip
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
        time.sleep(20)  # the dead worker's leases expire (10 s); the others carry on
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
    mailed = []
    for msg in smtp.messages:
        body = msg.get_body(("plain",)).get_content()
        for line in body.splitlines():  # a story's lead ("* ") and its other articles ("  + ")
            if line.startswith("* ") or line.startswith("  + "):
                mailed.append(line.split(" ", 1)[1] if line.startswith("* ") else line[4:])
    expected = [alert(i, n)["title"] for i in range(4) for n in range(8)]
    assert sorted(mailed) == sorted(expected), (len(mailed), len(expected))
