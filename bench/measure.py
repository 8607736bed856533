"""What every bench part measures with: wall and CPU time (the parse workers' too), the
machine's speed, medians of runs, and where results are written.

Also puts the checkout's root first on sys.path, so the bench measures this checkout's monitor
package (every bench module imports this one before the monitor).
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _children_cpu(exclude: int | None = None) -> float:
    """CPU seconds of this process's live children (the parse workers), not ``exclude`` (the
    farm): os.times() counts children only once they have been waited for."""
    me, total = os.getpid(), 0.0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(stat[1]) == me and int(pid) != exclude:
            total += (int(stat[11]) + int(stat[12])) / os.sysconf("SC_CLK_TCK")
    return total


def measure(fn: Callable[[], Any], exclude: int | None = None) -> dict[str, float]:
    cpu, wall, kids = time.process_time(), time.perf_counter(), _children_cpu(exclude)
    fn()
    return {"wall_s": time.perf_counter() - wall, "cpu_s": time.process_time() - cpu,
            "workers_cpu_s": _children_cpu(exclude) - kids}  # fmt: skip


def reference_loop() -> float:
    """Seconds for a fixed pure-Python loop, median of 3: how fast this machine runs Python,
    so figures from different machines (or from a busy one) can be compared."""

    def once() -> float:
        t, total = time.perf_counter(), 0
        for i in range(10_000_000):
            total += i
        return time.perf_counter() - t

    return statistics.median(once() for _ in range(3))


def peak_rss_mb() -> float:
    """This process's own peak RSS. ru_maxrss would not do: a spawned child inherits the high
    water mark of the parent it was forked from."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def summarize(runs: list[dict[str, Any]], path: tuple[str, ...]) -> dict[str, float]:
    values = []
    for r in runs:
        v: Any = r
        for k in path:
            v = v[k]
        values.append(v)
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def write_result(result: dict[str, Any], out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=1), "utf-8")
    print(f"written: {out}")


def monitor_command() -> list[str]:
    """The console script pip installed beside this interpreter (what a user runs)."""
    exe = Path(sys.executable).with_name("monitor")
    if not exe.exists():
        raise SystemExit(f"{exe} not found: install the monitor first (make venv)")
    return [str(exe)]
