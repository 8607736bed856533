"""The peer: rss2email (its `r2e run`, from PyPI) polling the same farm and mailing every new
entry to an SMTP sink on loopback.
"""

from __future__ import annotations

import resource
import sys
import tempfile
from pathlib import Path
from typing import Any

from farm import Farm, free_port
from measure import measure


class _Sink:
    """An SMTP server on loopback that counts what it is handed (aiosmtpd)."""

    def __init__(self) -> None:
        from aiosmtpd.controller import Controller

        self.count = 0
        sink = self

        class Handler:
            async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
                sink.count += 1
                return "250 OK"

        self.port = free_port()
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()


def r2e_command() -> list[str] | None:
    exe = Path(sys.executable).with_name("r2e")
    return [str(exe)] if exe.exists() else None


def peer_cycles(farm: Farm) -> dict[str, dict[str, float]]:
    """rss2email (r2e, from PyPI) polling the same feeds and mailing each new entry to a local
    SMTP sink: a real, widely used peer doing the same job the simple way."""
    import subprocess

    cmd = r2e_command()
    assert cmd is not None, "rss2email is not installed (pip install rss2email)"
    sink = _Sink()
    out: dict[str, dict[str, float]] = {}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            cfg, data = Path(tmp) / "r2e.cfg", Path(tmp) / "r2e.json"
            lines = ["[DEFAULT]", "to = bench@example.org", "from = r2e@example.org",
                     "email-protocol = smtp", "smtp-server = 127.0.0.1",
                     f"smtp-port = {sink.port}", "smtp-ssl = False", "smtp-auth = False", ""]  # fmt: skip
            for i in range(farm.feeds):
                lines += [f"[feed.F{i}]", f"url = {farm.url(i)}", ""]
            cfg.write_text("\n".join(lines), "utf-8")
            data.write_text('{"version": 2, "feeds": []}', "utf-8")

            def run() -> None:
                subprocess.run([*cmd, "-c", str(cfg), "-d", str(data), "run"], check=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip

            for cycle in ("first", "steady", "trickle"):
                if cycle == "trickle":
                    farm.bump()
                before_mail = sink.count
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                out[cycle] = measure(run)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                out[cycle]["cpu_s"] = (after.ru_utime + after.ru_stime) - (
                    before.ru_utime + before.ru_stime
                )
                out[cycle]["mails"] = sink.count - before_mail
    finally:
        sink.stop()
    return out
