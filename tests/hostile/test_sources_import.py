"""`monitor sources import`: an OPML from elsewhere cannot point the monitor at the operator's
network, and rewriting sources.toml does not expose the secrets it holds."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from monitor.cli import main
from monitor.config import load_config
from tests.conftest import write_config


def opml(*urls: str) -> str:
    outlines = "".join(f'<outline text="Feed {i}" xmlUrl="{u}"/>' for i, u in enumerate(urls))
    return f'<?xml version="1.0"?><opml version="2.0"><body>{outlines}</body></opml>'


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o644])
def test_import_keeps_the_files_mode(tmp_path: Path, mode: int) -> None:
    cfg = write_config(tmp_path / "sources.toml", [])
    cfg.write_text(cfg.read_text() + '\n[smtp]\nurl = "smtps://me:s3cret@mail.example:465"\n')
    os.chmod(cfg, mode)
    src = tmp_path / "reader.opml"
    src.write_text(opml("https://www.arctictoday.com/feed/"))
    assert main(["--config", str(cfg), "sources", "import", str(src)]) == 0
    assert stat.S_IMODE(cfg.stat().st_mode) == mode
    assert [s.url for s in load_config(cfg, {}).sources] == ["https://www.arctictoday.com/feed/"]
    assert not list(tmp_path.glob(".sources.toml.import*"))  # no copy left behind


def test_import_refuses_non_public_addresses_unless_allowed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = write_config(tmp_path / "sources.toml", [], fetch='allow_private = ["127.0.0.1:8080"]')
    refused = [
        "http://169.254.169.254/latest/meta-data/",
        "http://127.0.0.1:9090/feed.xml",  # the allowed host, another port
        "http://127.0.0.1/feed.xml",
        "http://[::1]:8080/feed.xml",
        "http://10.0.0.1/rss",
        "http://[::ffff:169.254.169.254]/",
        "http://[64:ff9b::a9fe:a9fe]/",  # NAT64 carrying the metadata address
        "http://localhost:9090/feed.xml",  # a name: resolved at import
    ]
    allowed = ["http://127.0.0.1:8080/feed.xml", "https://www.arctictoday.com/feed/"]
    src = tmp_path / "reader.opml"
    src.write_text(opml(*refused, *allowed))
    before = cfg.read_text()
    assert main(["--config", str(cfg), "sources", "import", str(src)]) == 1
    out, err = capsys.readouterr()
    assert "2 sources added" in out and f"{len(refused)} sources refused" in out
    assert err.count("not imported:") == len(refused)
    assert "169.254.169.254" in err and "[fetch] allow_private" in err
    urls = [s.url for s in load_config(cfg, {}).sources]
    assert urls == allowed
    assert cfg.read_text().startswith(before)  # appended to; nothing else touched


def test_import_of_only_refused_addresses_leaves_the_file_alone(tmp_path: Path) -> None:
    cfg = write_config(tmp_path / "sources.toml", [])
    before = cfg.read_bytes()
    src = tmp_path / "reader.opml"
    src.write_text(opml("http://169.254.169.254/", "http://192.168.1.1/feed"))
    assert main(["--config", str(cfg), "sources", "import", str(src)]) == 1
    assert cfg.read_bytes() == before
