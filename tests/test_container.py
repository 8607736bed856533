"""What the container image runs, run here: no Docker engine exists on these machines, so the
image's install (the wheel, not the checkout), its configuration by environment, its command
and its HEALTHCHECK are exercised in a clean virtualenv instead."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
import sysconfig
import time
from pathlib import Path

import pytest

from tests.conftest import ON_POSTGRES, free_port

ROOT = Path(__file__).parent.parent


@pytest.mark.skipif(ON_POSTGRES, reason="the image test runs once, in the SQLite pass")
def test_image_commands_in_a_clean_virtualenv(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels),
                    str(ROOT)], check=True, capture_output=True)  # fmt: skip
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    site = next((venv / "lib").glob("python*/site-packages"))
    # Dependencies come from the test environment (no network needed); the project itself only
    # from its wheel, as in the image.
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "--no-deps", "--no-index",
                    *map(str, wheels.glob("*.whl"))], check=True, capture_output=True)  # fmt: skip
    app = tmp_path / "app"
    (app / "storage").mkdir(parents=True)
    (app / "sources.toml").write_text((ROOT / "sources.toml").read_text())
    port = free_port()
    dockerfile = (ROOT / "Dockerfile").read_text()
    env_block = re.search(r"^ENV (.+?)(?=^\S)", dockerfile, re.M | re.S)
    assert env_block
    env = {k: v for k, v in os.environ.items() if not k.startswith("MONITOR_")}
    env.update(dict(re.findall(r"(\w+)=(\S+)", env_block.group(1))))
    env["MONITOR_CONFIG"] = str(app / "sources.toml")  # /app/sources.toml in the image
    env["MONITOR_SERVER_PORT"] = str(port)
    env["PATH"] = f"{venv / 'bin'}:{env['PATH']}"
    run = [str(venv / "bin" / "monitor")]
    check = subprocess.run([*run, "check-config"], env=env, capture_output=True, text=True)
    assert check.returncode == 0 and "valid" in check.stdout
    upgrade = subprocess.run([*run, "db", "upgrade"], env=env, cwd=app, capture_output=True,
                             text=True)  # fmt: skip
    assert upgrade.returncode == 0, upgrade.stderr
    assert (app / "storage" / "archive.db").exists()
    # Sources are disabled for this run: the machine has no network, and the test needs none.
    text = (app / "sources.toml").read_text()
    text = re.sub(r'^(kind = "(feed|html)")$', r"\1\nenabled = false", text, flags=re.M)
    (app / "sources.toml").write_text(text)
    entrypoint = json.loads(re.search(r"^ENTRYPOINT (.+)$", dockerfile, re.M).group(1))
    cmd = json.loads(re.search(r"^CMD (.+)$", dockerfile, re.M).group(1))
    assert entrypoint == ["monitor"] and cmd == ["run"]
    proc = subprocess.Popen(
        [str(venv / "bin" / entrypoint[0]), *cmd],
        env=env, cwd=app, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        health = re.search(r"^HEALTHCHECK [^\n]*\\\n\s*CMD (\[.*\])$", dockerfile, re.M)
        assert health
        probe = json.loads(health.group(1))
        probe = [str(venv / "bin" / "python") if p == "python" else p for p in probe]
        probe = [p.replace("8080", str(port)) for p in probe]
        deadline, ok = time.monotonic() + 30, False
        while time.monotonic() < deadline and not ok:
            ok = subprocess.run(probe, capture_output=True).returncode == 0
            time.sleep(0.3)
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=30)
    assert ok, f"HEALTHCHECK failed: {shlex.join(probe)}\n{err}"
    assert proc.returncode == 0, err
    assert "Traceback" not in err
