"""The benchmark runs (at toy size): no timings are asserted here, only that it works."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ON_POSTGRES

ROOT = Path(__file__).parent.parent


@pytest.mark.skipif(ON_POSTGRES, reason="the benchmark uses its own SQLite archive: once is enough")
def test_bench_runs_at_toy_size(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--feeds", "4", "--items", "5",
         "--runs", "1", "--json", str(out)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    data = json.loads(out.read_text())
    assert set(data["monitor"]) == {"first", "steady", "trickle"}
    assert data["first_cycle"]["errors"]["max"] == 0
    assert data["served_feed"]["full_rps"] > 0 and data["served_feed"]["not_modified_rps"] > 0
    assert "first" in result.stdout and "served feed" in result.stdout
