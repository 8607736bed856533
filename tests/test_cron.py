"""Issue #29.1: cron strings mean what crontab(5) says, daylight saving included."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from monitor.cli import main
from monitor.config import load_config
from monitor.cron import crontab_trigger
from monitor.schedule import Service
from monitor.store import Store
from tests.conftest import write_config

OSLO = ZoneInfo("Europe/Oslo")


def fires(expr: str, start: datetime, n: int) -> list[str]:
    """The next ``n`` fire times after ``start``, as the scheduler asks for them."""
    trigger = crontab_trigger(expr, OSLO)
    out, prev, now = [], None, start
    for _ in range(n):
        t = trigger.get_next_fire_time(prev, now)
        assert t is not None
        out.append(t.astimezone(OSLO).strftime("%a %d.%m %H:%M %Z"))
        prev = now = t
    return out


THU = datetime(2026, 12, 3, 12, tzinfo=OSLO)  # a Thursday


def test_weekdays_are_monday_to_friday() -> None:
    # APScheduler's from_crontab made this Tuesday to Saturday.
    assert fires("0 7 * * 1-5", THU, 6) == [
        "Fri 04.12 07:00 CET", "Mon 07.12 07:00 CET", "Tue 08.12 07:00 CET",
        "Wed 09.12 07:00 CET", "Thu 10.12 07:00 CET", "Fri 11.12 07:00 CET",
    ]  # fmt: skip
    assert fires("0 7 * * mon-fri", THU, 6) == fires("0 7 * * 1-5", THU, 6)


@pytest.mark.parametrize("dow", ["0", "7", "sun", "SUN"])
def test_sunday_is_0_and_7(dow: str) -> None:
    assert fires(f"30 8 * * {dow}", THU, 2) == ["Sun 06.12 08:30 CET", "Sun 13.12 08:30 CET"]


def test_lists_and_steps() -> None:
    # */2 over 0-7: Sunday, Tuesday, Thursday, Saturday.
    assert fires("0 7 * * */2", THU, 5) == [
        "Sat 05.12 07:00 CET", "Sun 06.12 07:00 CET", "Tue 08.12 07:00 CET",
        "Thu 10.12 07:00 CET", "Sat 12.12 07:00 CET",
    ]  # fmt: skip
    # 1-5/2: Monday, Wednesday, Friday.
    assert fires("0 7 * * 1-5/2", THU, 4) == [
        "Fri 04.12 07:00 CET", "Mon 07.12 07:00 CET", "Wed 09.12 07:00 CET",
        "Fri 11.12 07:00 CET",
    ]  # fmt: skip
    assert fires("15 9 * * 1,3,6", THU, 3) == [
        "Sat 05.12 09:15 CET", "Mon 07.12 09:15 CET", "Wed 09.12 09:15 CET",
    ]  # fmt: skip
    assert fires("@weekly", THU, 1) == ["Sun 06.12 00:00 CET"]
    assert fires("0 7 * * sat-sun", THU, 2) == fires("0 7 * * 6,0", THU, 2)
    assert fires("0 7 * * fri-sun", THU, 3) == fires("0 7 * * 5-7", THU, 3)


def test_a_month_and_day_of_month_or_day_of_week() -> None:
    assert fires("0 6 1,15 * *", THU, 3) == [
        "Tue 15.12 06:00 CET", "Fri 01.01 06:00 CET", "Fri 15.01 06:00 CET",
    ]  # fmt: skip
    # Both restricted: cron runs on the 1st AND on every Monday (OR), not on Mondays the 1st.
    assert fires("0 7 1 * 1", THU, 5) == [
        "Mon 07.12 07:00 CET", "Mon 14.12 07:00 CET", "Mon 21.12 07:00 CET",
        "Mon 28.12 07:00 CET", "Fri 01.01 07:00 CET",
    ]  # fmt: skip
    # A day-of-month starting with * keeps cron's AND: odd days that are Mondays.
    assert fires("0 7 */2 * 1", THU, 2) == ["Mon 07.12 07:00 CET", "Mon 21.12 07:00 CET"]


def test_autumn_change_fires_once() -> None:
    # 25 Oct 2026: 03:00 CEST becomes 02:00 CET, 02:30 happens twice; cron runs it once.
    assert fires("30 2 * * *", datetime(2026, 10, 24, 12, tzinfo=OSLO), 3) == [
        "Sun 25.10 02:30 CEST", "Mon 26.10 02:30 CET", "Tue 27.10 02:30 CET",
    ]  # fmt: skip
    # An every-30-minutes job runs in both passes of the repeated hour, as in cron.
    assert fires("*/30 * * * *", datetime(2026, 10, 25, 1, 50, tzinfo=OSLO), 5) == [
        "Sun 25.10 02:00 CEST", "Sun 25.10 02:30 CEST", "Sun 25.10 02:00 CET",
        "Sun 25.10 02:30 CET", "Sun 25.10 03:00 CET",
    ]  # fmt: skip


def test_spring_change_fires_once_right_after_the_jump() -> None:
    # 29 Mar 2026: 02:00 CET jumps to 03:00 CEST; 02:30 does not exist. Like cron(8), the job
    # runs once, at the jump, then at 02:30 again from the next day.
    assert fires("30 2 * * *", datetime(2026, 3, 28, 12, tzinfo=OSLO), 3) == [
        "Sun 29.03 03:00 CEST", "Mon 30.03 02:30 CEST", "Tue 31.03 02:30 CEST",
    ]  # fmt: skip
    assert fires("*/30 * * * *", datetime(2026, 3, 29, 1, 10, tzinfo=OSLO), 3) == [
        "Sun 29.03 01:30 CET", "Sun 29.03 03:00 CEST", "Sun 29.03 03:30 CEST",
    ]  # fmt: skip


@pytest.mark.parametrize(
    "expr", ["0 7 * * 8", "0 7 * * 5-1", "0 7 * * funday", "0 7 * *", "61 7 * * *", "@reboot",
             "0 7 * * */0"],
)  # fmt: skip
def test_invalid_expressions_say_why(expr: str) -> None:
    with pytest.raises(ValueError):
        crontab_trigger(expr, OSLO)


def test_check_config_and_the_service_use_the_same_meaning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    extra = """
[[subscribers]]
address = "weekdays@example.org"
cadence = "0 7 * * 1-5"
timezone = "Europe/Oslo"

[[subscribers]]
address = "sunday@example.org"
cadence = "0 9 * * 7"
timezone = "Europe/Oslo"
"""
    cfg = write_config(tmp_path / "sources.toml", [], extra=extra)
    assert main(["--config", str(cfg), "check-config"]) == 0
    text = cfg.read_text("utf-8").replace("[digest]\n", '[digest]\nschedule = "0 7 * * 8"\n', 1)
    cfg.write_text(text, "utf-8")
    capsys.readouterr()
    assert main(["--config", str(cfg), "check-config"]) == 2
    assert "digest.schedule" in capsys.readouterr().err
    cfg = write_config(tmp_path / "sources.toml", [], extra=extra)
    config = load_config(cfg, {})
    service = Service(config, Store(config.storage_url), serve=False)
    service.schedule()
    jobs = {j.id: j for j in service.scheduler.get_jobs()}
    weekdays = jobs["digest:weekdays@example.org"].trigger
    sunday = jobs["digest:sunday@example.org"].trigger
    assert weekdays.get_next_fire_time(None, THU).strftime("%a %H:%M") == "Fri 07:00"
    sat = datetime(2026, 12, 5, 12, tzinfo=OSLO)
    assert weekdays.get_next_fire_time(None, sat).strftime("%a %H:%M") == "Mon 07:00"
    assert sunday.get_next_fire_time(None, THU).strftime("%a %d %H:%M") == "Sun 06 09:00"
