"""The configuration contract: every mistake fails before anything runs, naming key and problem."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from monitor.cli import main
from monitor.config import config_path, load_config, parse_duration, parse_smtp_url
from monitor.errors import ConfigError

ROOT = Path(__file__).parent.parent


def problems(tmp_path: Path, text: str, env: dict[str, str] | None = None) -> list[str]:
    path = tmp_path / "sources.toml"
    path.write_text(text, "utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path, env or {})
    return info.value.problems


GOOD_SOURCE = """
[[sources]]
name = "A"
url = "https://a.example/feed"
interval = "15m"
"""


def test_shipped_config_is_valid_and_watches_the_beat() -> None:
    cfg = load_config(ROOT / "sources.toml", {})
    names = " ".join(s.name for s in cfg.sources)
    for outlet in (
        "Barents Observer",
        "High North News",
        "NRK",
        "DW",
        "TASS",
        "Moscow Times",
        "Norway Today",
        "Regjeringen",
        "NATO",
        "Google News (ru)",
    ):
        assert outlet in names
    assert all(s.url.startswith("https://") for s in cfg.sources)
    assert cfg.topics[0].name == "high-north"
    assert cfg.timezone == "Europe/Oslo"
    assert cfg.storage_url == f"sqlite:///{(ROOT / 'storage' / 'archive.db').resolve()}"


def test_duration_message_names_the_key(tmp_path: Path) -> None:
    text = GOOD_SOURCE * 3 + GOOD_SOURCE.replace('"15m"', '"15 minutes"').replace('"A"', '"D"')
    text = text.replace('name = "A"', 'name = "A"', 1)
    text = "\n".join(
        line.replace('"A"', f'"S{i}"') if line.startswith("name") else line
        for i, line in enumerate(text.splitlines())
    )
    assert problems(tmp_path, text) == [
        'sources[3].interval: "15 minutes" is not a duration like 15m or 2h'
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (GOOD_SOURCE + 'colour = "red"\n', "sources[0].colour: unknown key"),
        ("[storage]\npath = 'x.db'\n", "storage.path: unknown key"),
        ("[mystery]\n", "mystery: unknown key"),
        ('[[sources]]\nname = "A"\n', "sources[0].url: is required"),
        (
            GOOD_SOURCE.replace("https://a.example/feed", "ftp://a.example/feed"),
            'sources[0].url: "ftp://a.example/feed" is not an http:// or https:// address',
        ),
        (GOOD_SOURCE + 'kind = "podcast"\n', 'sources[0].kind: "podcast" is not one of feed, html'),
        (GOOD_SOURCE + "enabled = 'yes'\n", "sources[0].enabled: must be true or false"),
        (GOOD_SOURCE + GOOD_SOURCE, 'sources[1].name: "A" is used by another source'),
        (
            "[digest]\nrecipients = ['not an address']\n",
            'digest.recipients[0]: "not an address" is not an e-mail address',
        ),
        (
            "[digest]\nschedule = 'every morning'\n",
            'digest.schedule: "every morning" is not a cron expression',
        ),
        (
            "[digest]\nsubject = 'Items: {items}'\n",
            "digest.subject: may use only the fields {count} and {date}",
        ),
        (
            "[smtp]\nurl = 'http://mail.example'\n",
            'smtp.url: "http://mail.example" scheme must be smtp://, smtp+starttls:// or smtps://',
        ),
        (
            "[monitor]\ntimezone = 'Europe/Kirkenes'\n",
            'monitor.timezone: "Europe/Kirkenes" is not a known time zone',
        ),
        (
            "[[topics]]\nname = 'x'\nrules = [{ weight = 2 }]\n",
            "topics[0].rules[0]: needs any_of or all_of terms",
        ),
        (
            "[[topics]]\nname = 'x'\n[[topics.rules]]\nany_of = 'Kirkenes'\n",
            "topics[0].rules[0].any_of: must be a list of non-empty strings",
        ),
        ("sources = 'none'\n", "sources: must be an array of tables"),
        ("[digest\n", "invalid TOML"),
    ],
)
def test_each_mistake_has_its_message(tmp_path: Path, text: str, expected: str) -> None:
    found = problems(tmp_path, text)
    assert any(p.startswith(expected) for p in found), found


def test_all_problems_reported_at_once(tmp_path: Path) -> None:
    text = GOOD_SOURCE.replace('"15m"', '"soon"') + "[digest]\nrecipients = ['x']\n"
    found = problems(tmp_path, text)
    assert len(found) == 2


def test_smtp_password_never_shown(tmp_path: Path) -> None:
    found = problems(tmp_path, "[smtp]\nurl = 'smtpx://user:s3cret@mail.example'\n")
    assert "s3cret" not in found[0] and "***" in found[0]


def test_env_overrides_and_relative_sqlite_path(tmp_path: Path) -> None:
    path = tmp_path / "conf" / "sources.toml"
    path.parent.mkdir()
    path.write_text("[storage]\nurl = 'sqlite:///data/a.db'\n[smtp]\nurl = 'smtp://a:25'\n")
    cfg = load_config(path, {})
    assert cfg.storage_url == f"sqlite:///{(tmp_path / 'conf' / 'data' / 'a.db').resolve()}"
    cfg = load_config(
        path,
        {
            "MONITOR_DATABASE_URL": "sqlite:////tmp/other.db",
            "MONITOR_SMTP_URL": "smtp+starttls://u:p%40ss@mail.example:587",
        },
    )
    assert cfg.storage_url == "sqlite:////tmp/other.db"
    assert cfg.smtp is not None
    assert (cfg.smtp.host, cfg.smtp.port, cfg.smtp.security) == ("mail.example", 587, "starttls")
    assert (cfg.smtp.username, cfg.smtp.password) == ("u", "p@ss")


def test_config_path_order() -> None:
    assert config_path("a.toml", {"MONITOR_CONFIG": "b.toml"}) == Path("a.toml")
    assert config_path(None, {"MONITOR_CONFIG": "b.toml"}) == Path("b.toml")
    assert config_path(None, {}) == Path("sources.toml")


def test_durations_and_smtp_urls() -> None:
    assert parse_duration("15m") == timedelta(minutes=15)
    assert parse_duration("2h") == timedelta(hours=2)
    assert parse_duration("1s") == timedelta(seconds=1)
    for bad in ("15 minutes", "0m", "m", "1.5h", ""):
        with pytest.raises(ValueError):
            parse_duration(bad)
    assert parse_smtp_url("smtps://u:p@mail.example").port == 465
    assert parse_smtp_url("smtp://localhost").port == 25


def test_cli_exits_2_with_the_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "sources.toml"
    path.write_text(GOOD_SOURCE.replace('"15m"', '"15 minutes"'))
    assert main(["--config", str(path), "poll", "--once"]) == 2
    err = capsys.readouterr().err
    assert 'sources[0].interval: "15 minutes" is not a duration like 15m or 2h' in err
    assert "Traceback" not in err
    assert not (tmp_path / "storage").exists()  # nothing ran


def test_missing_file_is_a_config_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--config", str(tmp_path / "nope.toml"), "check-config"]) == 2
    assert "file not found" in capsys.readouterr().err


def test_terms_by_language(tmp_path: Path) -> None:
    path = tmp_path / "sources.toml"
    path.write_text(
        "[[topics]]\nname = 't'\n[[topics.rules]]\nany_of.en = ['Barents Sea']\n"
        "any_of.ru = ['Баренцево море']\nall_of = [{ no = ['Norge'], en = ['Norway'] }, ['x']]\n",
        "utf-8",
    )
    (rule,) = load_config(path, {}).topics[0].rules
    assert rule.any_of == ("Barents Sea", "Баренцево море")
    assert rule.all_of == (("Norge", "Norway"), ("x",))
    assert problems(tmp_path, "[[topics]]\nname = 't'\n[[topics.rules]]\nany_of.xx = ['a']\n") == [
        "topics[0].rules[0].any_of.xx: unknown language "
        "(allowed: en, no, nb, nn, ru, se, fi, sv, da, de, any)",
        "topics[0].rules[0]: needs any_of or all_of terms",
    ]


def test_title_none_of_is_read_and_checked(tmp_path: Path) -> None:
    """A rule's title_none_of (issue #28) is a term list like none_of; a wrong type is named."""
    rule_text = "[[topics]]\nname = 't'\n[[topics.rules]]\nany_of = ['border']\ntitle_none_of = "
    (tmp_path / "ok.toml").write_text(rule_text + "['Finland', 'Estonia']\n", "utf-8")
    (rule,) = load_config(tmp_path / "ok.toml", {}).topics[0].rules
    assert rule.title_none_of == ("Finland", "Estonia") and rule.none_of == ()
    assert problems(tmp_path, rule_text + "3\n") == [
        "topics[0].rules[0].title_none_of: must be a list of non-empty strings "
        "(or a table of them by language)"
    ]


def test_source_names_may_be_written_in_any_script(tmp_path: Path) -> None:
    """Outlets are called "Sunnmørsposten" or "Известия"; a news search names them so."""
    names = ["Sunnmørsposten", "Известия", "Børsvärlden (Finwire)", "NRK Troms og Finnmark"]
    text = "".join(f'[[sources]]\nname = "{n}"\nurl = "https://x{i}.example/feed"\n'
                   for i, n in enumerate(names))  # fmt: skip
    (tmp_path / "ok.toml").write_text(text, "utf-8")
    assert [s.name for s in load_config(tmp_path / "ok.toml", {}).sources] == names
    found = problems(tmp_path, '[[sources]]\nname = "*Nyheter"\nurl = "https://x.example/f"\n')
    assert any(p.startswith('sources[0].name: "*Nyheter" may hold letters') for p in found), found
