"""Start-up proportional to the command: a fresh `monitor` process imports what its command
uses (issue 27). Each command runs as a real process (`python -X importtime -m monitor`) and
the modules it loaded are read from the interpreter's own import log on stderr."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from monitor.config import load_config
from monitor.match import Matcher
from monitor.seed import seed_archive
from monitor.store import Store
from tests.conftest import ON_TOPIC, rss, sqlite_only, write_config
from tests.outlet import OutletServer

# What no look-up command needs: article extraction, the fetcher and web server (aiohttp),
# the mail stack, webhook delivery, the feed parsers and writers, metrics, the parse workers,
# the scheduler.
HEAVY = (
    "trafilatura",
    "aiohttp",
    "jinja2",
    "smtplib",
    "css_inline",
    "httpx",
    "feedparser",
    "feedgen",
    "bs4",
    "prometheus_client",
    "monitor.web",
    "monitor.deliver.mail",
    "monitor.fetch",
    "monitor.pipeline",
    "monitor.workers",
    "monitor.schedule",
    "apscheduler",  # the service's scheduler (the default digest schedule is not parsed)
    "snowballstemmer",  # loaded by the first word stemmed
)
# What a poll in which every outlet answers "not modified" (cron's usual `monitor poll --once`)
# needs neither: besides the above but the fetcher, no metrics (the counters die with the
# process), and nothing that parses, judges or clusters an entry, since none arrived.
STEADY_POLL = tuple(m for m in HEAVY if m not in ("aiohttp", "monitor.fetch", "monitor.pipeline"))
STEADY_POLL += (
    "monitor.parse",
    "monitor.prepare",
    "monitor.match",
    "monitor.similar",
    "monitor.cluster",
    "stopwordsiso",
    "anyascii",
    "lxml",  # monitor.text reads HTML with lxml.etree, loaded by the first entry it reads
    "email.mime",
    # The archive's ORM: a steady poll reads and writes sources' state through SQLAlchemy
    # Core (monitor/store/tables.py); the row objects and all they bring are for the queries
    # that want objects (monitor/store/models.py).
    "sqlmodel",
    "pydantic",
    "sqlalchemy.orm",
    "monitor.store.models",
)
# What commands that never open the archive need not load either.
ARCHIVE = ("sqlalchemy", "sqlmodel", "alembic", "psycopg", "monitor.store")


def imported(args: list[str], cwd: Path) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    """Run ``monitor *args`` in a fresh interpreter; its result and every module it imported."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    env.pop("MONITOR_CONFIG", None)
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "monitor", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    modules = set()
    for line in proc.stderr.splitlines():
        if line.startswith("import time:") and line.count("|") == 2:
            name = line.rsplit("|", 1)[1].strip()
            if name != "package":  # the log's header line
                modules.add(name)
    return proc, modules


def leaked(modules: set[str], forbidden: tuple[str, ...]) -> list[str]:
    """The forbidden modules (or any of their submodules) that were imported."""
    return sorted(
        name for name in forbidden if any(m == name or m.startswith(name + ".") for m in modules)
    )


@pytest.fixture
def config(tmp_path: Path) -> Path:
    """A configuration and its archive, seeded as by an earlier command (the first command on
    a new archive seeds it, which stems: that one may load the stemmer)."""
    path = write_config(
        tmp_path / "sources.toml", [{"name": "Outlet", "url": "https://outlet.example/rss"}]
    )
    config = load_config(path, {})
    store = Store(config.storage_url)
    try:
        assert seed_archive(store, Matcher(config.topics)) > 0
    finally:
        store.close()
    return path


def test_the_import_log_is_read(config: Path) -> None:
    """The check below can fail: a command that does poll loads the fetcher and the parsers."""
    proc, modules = imported(
        ["--config", str(config), "poll", "--source", "Nowhere"], config.parent
    )
    assert proc.returncode == 2, proc.stderr[-2000:]
    assert "monitor.cli" in modules and "argparse" in modules
    assert leaked(modules, ("monitor.pipeline", "aiohttp")) == ["aiohttp", "monitor.pipeline"]


@pytest.mark.parametrize(
    ("args", "forbidden", "expect"),
    [
        (["--help"], HEAVY + ARCHIVE, "usage: monitor"),
        (["check-config"], HEAVY + ARCHIVE, "valid (1 sources"),
        (["sources"], HEAVY, "Outlet"),
        (["archive", "list", "--all"], HEAVY, "seed"),
    ],
    ids=["help", "check-config", "sources", "archive-list"],
)
def test_a_command_imports_what_it_uses(
    config: Path, args: list[str], forbidden: tuple[str, ...], expect: str
) -> None:
    argv = args if args == ["--help"] else ["--config", str(config), *args]
    proc, modules = imported(argv, config.parent)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert expect in proc.stdout
    assert leaked(modules, forbidden) == [], f"`monitor {' '.join(args)}` imported these"


def test_archive_show_imports_what_it_uses(config: Path) -> None:
    proc, _ = imported(["--config", str(config), "archive", "list", "--all"], config.parent)
    first = proc.stdout.split()[0]  # the id of an item the archive has (a seed)
    proc, modules = imported(["--config", str(config), "archive", "show", first], config.parent)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.startswith(f"#{first} ")
    assert leaked(modules, HEAVY) == [], "`monitor archive show` imported these"


def test_a_steady_poll_imports_what_it_uses(tmp_path: Path, outlet: OutletServer) -> None:
    """`monitor poll --once` of one source whose outlet answers 304: it fetches, and records
    the success; nothing in it parses, judges, mails, serves or counts for /metrics."""
    entry = dict(ON_TOPIC, link=outlet.url("/news/1"))
    feed = outlet.route("/feed.xml", rss([entry]), etag='"v1"')
    outlet.route("/news/1", "<html><body><p>Storskog.</p></body></html>",
                 content_type="text/html")  # fmt: skip
    config = write_config(tmp_path / "sources.toml", [{"name": "Outlet", "url": feed}])
    argv = ["--config", str(config), "poll", "--once"]
    proc, modules = imported(argv, tmp_path)  # the first poll: new, so it parses and judges
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip() == "Outlet: 1 new, 0 duplicate, 0 off-topic, 0 unchanged"
    assert leaked(modules, ("monitor.prepare", "monitor.match")) == ["monitor.match",
                                                                     "monitor.prepare"]  # fmt: skip
    proc, modules = imported(argv, tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip() == "Outlet: not modified"
    assert outlet.requests_for("/feed.xml")[-1].headers.get("if-none-match") == '"v1"'
    assert leaked(modules, STEADY_POLL) == [], "a steady `monitor poll --once` imported these"


@sqlite_only
def test_a_command_closes_the_archive_before_its_process_ends(config: Path) -> None:
    """The process's objects are frozen at its end (monitor.cli.main: its last collections
    would walk them all for nothing), so the archive is closed by the command, not left to the
    interpreter: SQLite writes the log back into the archive and removes it at the last close."""
    proc, _ = imported(["--config", str(config), "archive", "list", "--all"], config.parent)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert (config.parent / "archive.db").stat().st_size > 0
    assert not (config.parent / "archive.db-wal").exists()
