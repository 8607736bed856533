"""Issue #29.2: a valid-looking edit must not stop the service. Duplicate people are a config
error (exit 2, one line naming both keys); a reload applies completely or not at all."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest

from monitor.cli import main
from monitor.config import load_config
from monitor.schedule import Service
from monitor.store import Store
from tests.conftest import write_config

SUB = """
[[subscribers]]
address = "{address}"
cadence = "daily at 06:00"
"""


def errors(capsys: pytest.CaptureFixture[str]) -> list[str]:
    return [ln.strip() for ln in capsys.readouterr().err.splitlines() if ln.startswith("  ")]


def test_duplicate_recipients_are_one_config_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = write_config(tmp_path / "sources.toml", [],
                       recipients=["ase@example.no", "Åse Ørnes <ASE@Example.NO>"])  # fmt: skip
    for command in (["check-config"], ["run"], ["digest"]):
        assert main(["--config", str(cfg), *command]) == 2
        (line,) = errors(capsys)
        assert line.startswith("digest.recipients[1]:") and "digest.recipients[0]" in line


def test_a_subscriber_who_is_also_a_recipient_is_a_config_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = write_config(tmp_path / "sources.toml", [], recipients=["ase@example.no"],
                       extra=SUB.format(address="Åse <ase@example.no>"))  # fmt: skip
    assert main(["--config", str(cfg), "check-config"]) == 2
    (line,) = errors(capsys)
    assert line.startswith("subscribers[0].address:") and "digest.recipients[0]" in line
    cfg = write_config(tmp_path / "sources.toml", [],
                       extra=SUB.format(address="a@example.org")
                       + SUB.format(address="A <A@EXAMPLE.ORG>"))  # fmt: skip
    assert main(["--config", str(cfg), "check-config"]) == 2
    (line,) = errors(capsys)
    assert line.startswith("subscribers[1].address:") and "subscribers[0].address" in line


def jobs(service: Service) -> dict[str, str]:
    return {j.id: str(j.trigger) for j in service.scheduler.get_jobs()}


def next_runs(service: Service) -> dict[str, object]:
    return {j.id: j.next_run_time for j in service.scheduler.get_jobs()}


@pytest.fixture
def service(tmp_path: Path) -> Any:
    cfg = write_config(tmp_path / "sources.toml", [], recipients=["one@example.org"])
    config = load_config(cfg, {})
    svc = Service(config, Store(config.storage_url), serve=False)
    svc.schedule()
    svc.scheduler.start(paused=True)  # the jobs are looked at, never run
    yield svc, cfg
    svc.scheduler.shutdown(wait=False)


def test_reload_with_duplicates_keeps_the_running_jobs(
    service: Any, caplog: pytest.LogCaptureFixture
) -> None:
    svc, cfg = service
    before = jobs(svc)
    assert "digest:one@example.org" in before
    write_config(cfg, [], recipients=["one@example.org", "One <one@example.org>"])
    with caplog.at_level(logging.ERROR, "monitor.run"):
        assert svc.reload() is False
    assert jobs(svc) == before
    assert svc.config.digest.recipients == ("one@example.org",)
    (record,) = [r for r in caplog.records if r.name == "monitor.run"]
    assert "not reloaded" in record.message and "digest.recipients[1]" in record.message


def test_reload_that_fails_midway_leaves_everything_as_it_was(
    service: Any, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    svc, cfg = service
    before, runs = jobs(svc), next_runs(svc)
    write_config(cfg, [], recipients=["one@example.org", "two@example.org"])
    real_add = svc.scheduler.add_job
    calls = {"n": 0}

    def failing_add(*args: Any, **kwargs: Any) -> Any:
        # Failure injection: nothing in a valid config makes add_job fail any more, but any
        # exception in the swap (a scheduler bug, memory) must leave the old jobs in place.
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("injected failure")
        return real_add(*args, **kwargs)

    monkeypatch.setattr(svc.scheduler, "add_job", failing_add)
    with caplog.at_level(logging.ERROR, "monitor.run"):
        assert svc.reload() is False
    assert jobs(svc) == before and next_runs(svc) == runs  # as they were, not rescheduled
    assert svc.config.digest.recipients == ("one@example.org",)
    assert len([r for r in caplog.records if r.name == "monitor.run"]) == 1
    monkeypatch.setattr(svc.scheduler, "add_job", real_add)
    assert svc.reload() is True
    assert set(jobs(svc)) == set(before) | {"digest:two@example.org"}


def test_news_searches_start_after_the_outlets_they_re_list(tmp_path: Path) -> None:
    """At start the outlets are polled first, whatever the order in sources.toml: their own
    entries, with text and address, are then the articles, and the searches' entries their
    sightings (as in one `monitor poll --once`)."""
    cfg = write_config(tmp_path / "sources.toml", [
        {"name": "Google News", "url": "https://news.google.com/rss/search?q=Kirkenes"},
        {"name": "Search", "url": "https://search.example/rss", "news_search": True},
        {"name": "Outlet A", "url": "https://a.example/rss"},
        {"name": "Outlet B", "url": "https://b.example/rss"},
    ])  # fmt: skip
    config = load_config(cfg, {})
    svc = Service(config, Store(config.storage_url), serve=False)
    starts = {j["id"]: j["next_run_time"] for j in svc._jobs(config) if "next_run_time" in j}
    outlets = [starts["poll:Outlet A"], starts["poll:Outlet B"]]
    searches = [starts["poll:Google News"], starts["poll:Search"]]
    assert max(outlets) < min(searches)
