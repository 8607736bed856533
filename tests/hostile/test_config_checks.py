"""Addresses and the subject template: what would smuggle a header, reach a second person or
run Python attribute access passes no longer. `check-config` names the key on one line and
exits 2, as for any other mistake."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from monitor.cli import main
from tests.conftest import write_config

BAD_ADDRESSES = [
    "analyst@example.org\r",
    "analyst@example.org\rBcc: everyone@example.net",
    "analyst@example.org\nBcc: everyone@example.net",
    "analyst@example.org\r\n",
    "analyst@example.org\t",
    "analyst@example.org\u2028",
    "analyst@example.org, other@example.net",
    "analyst@example.org; other@example.net",
    "analyst@example.org other@example.net",
    "analyst@example.org <other@example.net>",
    "<analyst@example.org> <other@example.net>",
    "A <analyst@example.org>, B <other@example.net>",
    "team: analyst@example.org, other@example.net;",
]
BAD_SUBJECTS = [
    "{count.__class__}",
    "{count.__class__.__mro__}",
    "{date.__len__}",
    "{date[0]}",
    "{count[0]}",
    "{count:{date}}",
    "{0}",
    "{}",
    "{items}",
    "{count!r:{date.__class__}}",
]


def check(tmp_path: Path, extra: str = "", **kw: object) -> int:
    cfg = write_config(tmp_path / "sources.toml", [], extra=extra, **kw)  # type: ignore[arg-type]
    return main(["--config", str(cfg), "check-config"])


def problems(capsys: pytest.CaptureFixture[str]) -> list[str]:
    err = capsys.readouterr().err
    assert "Traceback" not in err and "\r" not in err
    return [line.strip() for line in err.splitlines()[1:]]


@pytest.mark.parametrize("address", BAD_ADDRESSES)
def test_a_subscriber_address_is_one_address_on_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], address: str
) -> None:
    extra = f"[[subscribers]]\naddress = {json.dumps(address)}\n"
    assert check(tmp_path, extra) == 2
    (line,) = problems(capsys)
    assert line.startswith("subscribers[0].address: ") and "is not an e-mail address" in line


@pytest.mark.parametrize("address", BAD_ADDRESSES)
def test_a_digest_recipient_and_the_sender_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], address: str
) -> None:
    assert check(tmp_path, recipients=["ok@example.org", address]) == 2
    (line,) = problems(capsys)
    assert line.startswith("digest.recipients[1]: ")
    cfg = write_config(tmp_path / "sources.toml", [])
    cfg.write_text(cfg.read_text().replace('sender = "Monitor <monitor@example.org>"',
                                           f"sender = {json.dumps(address)}"))  # fmt: skip
    assert main(["--config", str(cfg), "check-config"]) == 2
    (line,) = problems(capsys)
    assert line.startswith("digest.sender: ")


@pytest.mark.parametrize("subject", BAD_SUBJECTS)
def test_the_subject_uses_count_and_date_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], subject: str
) -> None:
    cfg = write_config(tmp_path / "sources.toml", [])
    cfg.write_text(cfg.read_text().replace('subject = "High North: {count} new items, {date}"',
                                           f"subject = {json.dumps(subject)}"))  # fmt: skip
    assert main(["--config", str(cfg), "check-config"]) == 2
    (line,) = problems(capsys)
    assert line.startswith("digest.subject: may use only the fields {count} and {date}")


@pytest.mark.parametrize(
    "address",
    ["analyst@example.org", "Åse Ørnes <ase@example.no>", '"Doe, John" <j.doe@example.org>',
     "Дежурный <duty@example.ru>", "first.last+news@sub.example.org"],
)  # fmt: skip
def test_ordinary_addresses_and_subjects_still_pass(tmp_path: Path, address: str) -> None:
    extra = f"[[subscribers]]\naddress = {json.dumps(address)}\n"
    assert check(tmp_path, extra, recipients=["x@example.org"]) == 0
    cfg = write_config(tmp_path / "sources.toml", [])
    cfg.write_text(cfg.read_text().replace("{count} new items, {date}",
                                           "{count:>3} new, {date}, {{literal}}"))  # fmt: skip
    assert main(["--config", str(cfg), "check-config"]) == 0


def test_the_subject_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = write_config(tmp_path / "sources.toml", [])
    bad = 'subject = "News {count}\\r\\nBcc: x@example.net"'
    cfg.write_text(
        cfg.read_text().replace('subject = "High North: {count} new items, {date}"', bad)
    )
    assert main(["--config", str(cfg), "check-config"]) == 2
    (line,) = problems(capsys)
    assert line.startswith("digest.subject: must be one line")
