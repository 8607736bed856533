"""Whole-process figures: each cycle a fresh `monitor poll --once`, as cron runs it.

bench/run.py's monitor cycles run in one warm process (what `monitor run` sees); someone who
runs the monitor the way they run rss2email, from cron or a systemd timer, pays the start-up
(imports, opening the archive, starting workers) on every poll, and so does every command a
person types. Here each cycle is the installed `monitor` console script in its own process,
against the same farm and with the same configuration as the in-process cycles, beside
rss2email's `r2e run` (itself a fresh process per cycle in bench/run.py). Wall time and the
CPU time (user+sys) of the process and its children (the parse workers): on a shared machine
the CPU time is the steadier figure.

    .venv/bin/python bench/run.py ...      (runs these beside the in-process cycles)
    .venv/bin/python bench/whole.py [--feeds 1000] [--items 50] [--runs 3]   (these alone)
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from farm import Farm, farm_config
from measure import ROOT, monitor_command, write_result
from peer import peer_cycles, r2e_command
from run import farm_options

CYCLES = ("first", "steady", "trickle")
STARTUP_REPEAT = 5  # the short commands are timed this many times; the median is reported


def timed(args: list[str], cwd: Path | None = None) -> dict[str, float]:
    """One process to its end: wall seconds and the CPU seconds (user+sys) of it and every
    child it waited for (RUSAGE_CHILDREN counts a process's reaped descendants too)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(args, cwd=cwd, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} exited {proc.returncode}: {proc.stderr[-2000:]}")
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return {"wall_s": wall, "cpu_s": cpu, "lines": proc.stdout.count("\n")}


def poll_once(cfg: Path) -> dict[str, float]:
    return timed([*monitor_command(), "--config", str(cfg), "poll", "--once"], cfg.parent)


def process_cycles(farm: Farm) -> dict[str, dict[str, float]]:
    """First, steady (every feed answers 304) and trickle (a few new entries a feed) polls,
    each a fresh `monitor poll --once` against a fresh archive."""
    out: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        cfg = farm_config(farm, Path(tmp) / "sources.toml")
        for cycle in CYCLES:
            if cycle == "trickle":
                farm.bump()
            out[cycle] = poll_once(cfg)
    return out


def _median(runs: list[dict[str, float]]) -> dict[str, float]:
    return {k: statistics.median(r[k] for r in runs) for k in ("wall_s", "cpu_s")}


def startup_figures(
    items: int, sources: tuple[int, ...] = (1, 8), repeat: int = STARTUP_REPEAT
) -> dict[str, Any]:
    """What a command costs before it has work to do: `monitor --help`, and a steady poll
    (every outlet answers 304) of 1 and of 8 sources, median of ``repeat`` processes."""
    out: dict[str, Any] = {
        "help": _median([timed([*monitor_command(), "--help"]) for _ in range(repeat)]),
        "repeat": repeat,
    }
    farm = Farm(max(sources), items)
    try:
        for n in sources:
            with tempfile.TemporaryDirectory() as tmp:
                cfg = farm_config(farm, Path(tmp) / "sources.toml", feeds=n)
                poll_once(cfg)  # the first poll: the archive and the validators
                out[f"steady_{n}"] = _median([poll_once(cfg) for _ in range(repeat)])
    finally:
        farm.stop()
    return out


def summarize(runs: list[dict[str, dict[str, float]]]) -> dict[str, dict[str, float]]:
    """Per cycle: the median, min and max wall time, and the median CPU time."""
    out = {}
    for c in CYCLES:
        walls = [r[c]["wall_s"] for r in runs]
        out[c] = {"median": statistics.median(walls), "min": min(walls), "max": max(walls),
                  "cpu_s": statistics.median(r[c]["cpu_s"] for r in runs)}  # fmt: skip
    return out


def report(result: dict[str, Any]) -> list[str]:
    """The whole-process table: monitor beside rss2email, wall [min-max] and CPU time."""
    cycles = result["cycles"]
    peer = cycles.get("rss2email")
    lines = ["whole process (each cycle a fresh `monitor poll --once` / `r2e run`): "
             "wall median [min-max], CPU user+sys median"]  # fmt: skip
    lines.append(
        f"{'cycle':10}{'monitor':>40}" + (f"{'rss2email':>40}  rss2email/us" if peer else "")
    )

    def cell(f: dict[str, float]) -> str:
        return f"{f['median']:.2f} s [{f['min']:.2f}-{f['max']:.2f}] CPU {f['cpu_s']:.2f} s".rjust(
            40
        )

    for c in CYCLES:
        m = cycles["monitor"][c]
        line = f"{c:10}" + cell(m)
        if peer:
            p = peer[c]
            line += (
                cell(p)
                + f"{p['median'] / max(m['median'], 1e-9):8.1f}x wall, {p['cpu_s'] / max(m['cpu_s'], 1e-9):.1f}x CPU"
            )
        lines.append(line)
    for key, label in (("help", "monitor --help"), ("steady_1", "steady poll, 1 source"),
                       ("steady_8", "steady poll, 8 sources")):  # fmt: skip
        if key in result.get("startup", {}):
            f = result["startup"][key]
            lines.append(
                f"{label:24} {f['wall_s']:.2f} s wall, CPU {f['cpu_s']:.2f} s (median of {result['startup']['repeat']})"
            )
    return lines


def run_all(
    feeds: int,
    items: int,
    runs: int,
    peer: bool,
    peer_runs: list[dict[str, dict[str, float]]] | None = None,
    repeat: int = STARTUP_REPEAT,
) -> dict[str, Any]:
    """The whole-process cycles (and rss2email's, when ``peer``) and the start-up figures.
    ``peer_runs``: rss2email's cycles already measured in this run (bench/run.py's: r2e is
    a fresh process each cycle there too), reported here instead of being run again."""
    got: dict[str, list[dict[str, dict[str, float]]]] = {"monitor": [], "rss2email": []}
    if peer_runs:
        got["rss2email"], peer = list(peer_runs), False
    for n in range(runs):
        for name, fn in (("monitor", process_cycles), ("rss2email", peer_cycles)):
            if name == "rss2email" and not peer:
                continue
            print(f"whole process, run {n + 1}/{runs}: {name}", file=sys.stderr)
            farm = Farm(feeds, items)
            try:
                got[name].append(fn(farm))
            finally:
                farm.stop()
    return {
        "cycles": {name: summarize(r) for name, r in got.items() if r},
        "startup": startup_figures(items, repeat=repeat),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0], parents=[farm_options()])
    ap.add_argument("--startup-repeat", type=int, default=STARTUP_REPEAT)
    ap.add_argument("--json", default=str(ROOT / "bench" / "results" / "whole.json"))
    args = ap.parse_args()
    peer = not args.no_peer and r2e_command() is not None
    result = {"feeds": args.feeds, "items_per_feed": args.items, "runs": args.runs,
              **run_all(args.feeds, args.items, args.runs, peer,
                        repeat=args.startup_repeat)}  # fmt: skip
    print(f"{args.feeds} feeds x {args.items} items, {args.runs} runs")
    print("\n".join(report(result)))
    write_result(result, Path(args.json))
    return 0


if __name__ == "__main__":
    sys.exit(main())
