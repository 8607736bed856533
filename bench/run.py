"""Speed benchmark on loopback: poll cycles against an outlet farm, the floor, digest, feeds.

    .venv/bin/python bench/run.py [--feeds 1000] [--items 50] [--runs 3]

Prints a table (median of the runs, with min and max) and writes bench/results/bench.json.
Everything runs on 127.0.0.1: a farm of RSS feeds (about 5% of items on the default topic,
answering 304 when unchanged, with an article page behind every entry) in its own process, the
monitor's real pipeline against a fresh archive, the "floor" (aiohttp fetching and lxml pulling
the fields out, nothing else), the digest renderer, and the served feeds under a load generator
in its own process.

Beside the monitor, in the same run: rss2email (from PyPI, its `r2e run`, mailing every new
entry to a local SMTP sink) and the floor. Then the archive-growth look-ups at 10k, 100k and
1M archived items (a synthetic archive, built once into bench/cache/, git-ignored).

And the whole-process mode (bench/whole.py): the same cycles, each a fresh `monitor poll
--once` process as cron runs it, beside rss2email's, and the start-up of `monitor --help` and
of a steady poll of 1 and 8 sources (--no-whole-process skips it).

This file is the command line and the report; the parts are modules beside it: farm.py (the
outlets), cycles.py (the monitor's and the floor's poll cycles), peer.py (rss2email),
serving.py (digest render, served feeds), growth.py (archive growth), measure.py (timing).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from cycles import (
    PG_URL,
    floor_cycles,
    monitor_cycles,
    monitor_pg_cycles,
    pg_first_cycle,
    print_pg_first_cycle,
)
from farm import Farm
from growth import (
    CACHE,
    archive_growth,
    print_archive_growth,
    print_template_growth,
    template_growth,
)
from measure import ROOT, reference_loop, summarize, write_result
from peer import peer_cycles, r2e_command
from serving import digest_render, served_feed


def farm_options() -> argparse.ArgumentParser:
    """The farm's and the runs' options, shared with bench/whole.py."""
    ap = argparse.ArgumentParser(add_help=False)
    ap.add_argument("--feeds", type=int, default=1000)
    ap.add_argument("--items", type=int, default=50)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--no-peer", action="store_true", help="skip rss2email")
    return ap


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0], parents=[farm_options()])
    ap.add_argument("--archive-sizes", default="10000,100000,1000000",
                    help="comma-separated; empty to skip the archive-growth look-ups")  # fmt: skip
    ap.add_argument("--template-sizes", default="10000,100000",
                    help="template-heavy archive look-ups (comma-separated; empty to skip)")  # fmt: skip
    ap.add_argument("--json", default=str(ROOT / "bench" / "results" / "bench.json"))
    ap.add_argument("--cache", default=str(CACHE), help="where synthetic archives are kept")
    ap.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite",
                    help="postgresql: the monitor also runs on PostgreSQL, beside SQLite")  # fmt: skip
    ap.add_argument("--pg-url", default=PG_URL, help="the PostgreSQL server (a database is "
                    "created on it for each run and dropped)")  # fmt: skip
    ap.add_argument(
        "--no-whole-process",
        action="store_true",
        help="skip the whole-process cycles (bench/whole.py: a fresh `monitor poll --once` each)",
    )
    ap.add_argument("--startup-repeat", type=int, default=5,
                    help="runs of each start-up figure of the whole-process mode (median)")  # fmt: skip
    args = ap.parse_args()
    peer = not args.no_peer and r2e_command() is not None
    runs: dict[str, list[dict[str, Any]]] = {"monitor": [], "floor": [], "rss2email": []}
    if args.database == "postgresql":
        runs["monitor_pg"] = []
    for n in range(args.runs):
        for name, fn in (("monitor", lambda f: monitor_cycles(f, args.items)),
                         ("monitor_pg", lambda f: monitor_pg_cycles(f, args.items, args.pg_url)),
                         ("floor", floor_cycles), ("rss2email", peer_cycles)):  # fmt: skip
            if (name == "rss2email" and not peer) or name not in runs:
                continue
            print(f"run {n + 1}/{args.runs}: {name}", file=sys.stderr)
            farm = Farm(args.feeds, args.items)
            try:
                runs[name].append(fn(farm))
            finally:
                farm.stop()
    cycles = ("first", "steady", "trickle")
    result: dict[str, Any] = {
        "feeds": args.feeds, "items_per_feed": args.items, "runs": args.runs,
        "cycles": {name: {c: summarize(r, (c, "wall_s")) for c in cycles}
                   for name, r in runs.items() if r},
        "first_cycle": {k: summarize(runs["monitor"], ("first", k))
                        for k in ("items_per_s", "cpu_s", "workers_cpu_s", "peak_rss_mb",
                                  "errors")},
        **pg_first_cycle(runs),
        "reference_loop_s": reference_loop(),
        "rss2email_mails": {c: [r[c]["mails"] for r in runs["rss2email"]] for c in cycles},
        "digest_render_500": digest_render(),
        "served_feed": served_feed(),
        "archive_growth": {},
    }  # fmt: skip
    if not args.no_whole_process:
        import whole  # the same farm, each cycle a fresh process; rss2email's cycles reused

        result["whole_process"] = whole.run_all(args.feeds, args.items, args.runs, peer,
                                                runs["rss2email"], args.startup_repeat)  # fmt: skip
    sizes = [int(x) for x in args.archive_sizes.split(",") if x.strip()]
    result["archive_growth"] = archive_growth(sizes, Path(args.cache))
    sizes = [int(x) for x in args.template_sizes.split(",") if x.strip()]
    result["template_growth"] = template_growth(sizes, Path(args.cache))
    print(
        f"{args.feeds} feeds x {args.items} items, {args.runs} runs: median [min-max]; "
        f"machine: reference loop {result['reference_loop_s']:.2f} s (lower is faster)"
    )
    names = [n for n in ("monitor", "monitor_pg", "floor", "rss2email") if n in result["cycles"]]
    print(f"{'cycle':10}" + "".join(f"{n:>24}" for n in names) + "  vs floor  rss2email/us")
    for c in cycles:
        line = f"{c:10}"
        for n in names:
            f = result["cycles"][n][c]
            line += f"{f['median']:9.2f} s [{f['min']:.2f}-{f['max']:.2f}]".rjust(24)
        ours = result["cycles"]["monitor"][c]["median"]
        line += f"{ours / max(result['cycles']['floor'][c]['median'], 1e-9):8.1f}x"
        if "rss2email" in result["cycles"]:
            line += f"{result['cycles']['rss2email'][c]['median'] / max(ours, 1e-9):12.1f}x"
        print(line)
    fc = result["first_cycle"]
    print(f"first cycle: {fc['items_per_s']['median']:.0f} items/s, CPU {fc['cpu_s']['median']:.1f} s"
          f" main + {fc['workers_cpu_s']['median']:.1f} s parse workers"
          f", peak RSS {fc['peak_rss_mb']['max']:.0f} MB, "
          f"errors {fc['errors']['max']:.0f}")  # fmt: skip
    print_pg_first_cycle(result)
    d = result["digest_render_500"]
    print(f"digest render, 500 items: {d['median_s'] * 1000:.0f} ms "
          f"[{d['min_s'] * 1000:.0f}-{d['max_s'] * 1000:.0f}]")  # fmt: skip
    s = result["served_feed"]
    print(f"served feed: {s['full_rps']:.0f} full responses/s, {s['not_modified_rps']:.0f} 304s/s")
    print_archive_growth(result)
    print_template_growth(result)
    if "whole_process" in result:
        import whole

        print("\n".join(whole.report(result["whole_process"])))
    write_result(result, Path(args.json))
    return 0


if __name__ == "__main__":
    sys.exit(main())
