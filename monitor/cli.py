"""The ``monitor`` command.

Exit codes: 0 done (a poll in which some sources failed is still done: their errors are
printed and recorded); 1 the command could not do its job (archive unreachable, a digest not
sent); 2 the configuration or the command line is wrong.
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from monitor import __version__
from monitor.config import (
    Config,
    SourceConfig,
    config_path,
    format_duration,
    load_config,
    parse_duration,
)
from monitor.deliver.links import FORMATS
from monitor.errors import ConfigError, MonitorError, RecordError
from monitor.redact import RedactingFilter, redact

# Each command imports what it uses, in its own function: a fresh process pays for every
# import (the whole tree took 1.3 s), and `--help`, `check-config`, `sources` or
# `archive show` need neither the archive's parsers, the fetcher, the web server nor the mail
# stack. tests/test_startup.py names what each command must not load.
if TYPE_CHECKING:
    from monitor.match import Matcher
    from monitor.store import Store

log = logging.getLogger("monitor")


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--config",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="configuration file (default: $MONITOR_CONFIG, else ./sources.toml)",
    )
    common.add_argument(
        "-v", "--verbose", action="store_true", default=argparse.SUPPRESS, help="log more"
    )
    common.add_argument(
        "--log-format",
        choices=("text", "json"),
        default=argparse.SUPPRESS,
        help="text (default) or json: one JSON object per line, for log collectors",
    )
    parser = argparse.ArgumentParser(
        prog="monitor",
        description="Watches news outlets for the Norway–Russia border and NATO in the High "
        "North, keeps what is on topic, recognises what it has seen, and delivers it by e-mail "
        "digest and feed.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"monitor {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser(
        "poll",
        parents=[common],
        help="poll sources now and store what is new",
        description="Fetch sources, keep on-topic items, skip what the archive already has. "
        "Prints one line per source. Without --once, only sources whose interval has passed.",
    )
    p.add_argument("--once", action="store_true", help="poll every enabled source now")
    p.add_argument("--source", metavar="NAME", help="poll only this source (even if disabled)")

    p = sub.add_parser(
        "feed",
        parents=[common],
        help="write the feed of on-topic items",
        description="Write the subscribers' feed of on-topic items, newest first.",
    )
    p.add_argument("--format", choices=FORMATS, default="atom", help="feed format (default atom)")
    p.add_argument("--output", metavar="PATH", help="write here instead of standard output")
    p.add_argument("--topic", metavar="NAME", help="only items of this topic")
    p.add_argument("--limit", type=int, default=100, help="at most this many entries (100)")

    p = sub.add_parser(
        "digest",
        parents=[common],
        help="send each recipient the on-topic items not yet sent to them",
        description="Build the digest of on-topic items not yet sent to each recipient and "
        "send it over SMTP. Items are marked sent only once the server accepted the mail.",
    )
    p.add_argument("--dry-run", action="store_true", help="print the mails; send and mark nothing")
    p.add_argument(
        "--subscriber",
        metavar="ADDR",
        help="only this subscriber (with --dry-run: preview exactly their next mail)",
    )
    p.add_argument(
        "--alerts",
        action="store_true",
        help="send the immediate subscribers' alerts, the webhooks and the [[notify]] alert "
        "channels now (as after a poll)",
    )

    sub.add_parser(
        "run",
        parents=[common],
        help="run the service: poll on schedule, send digests, until SIGTERM",
        description="The long-running service: polls each source at its interval, sends the "
        "digest on its schedule and writes feed files to storage/feeds/, until SIGTERM/SIGINT.",
    )

    p = sub.add_parser(
        "serve",
        parents=[common],
        help="serve the feeds, the web page, /healthz and /metrics (no polling)",
        description="Serve /feeds/{topic}.rss|atom|json (and /feeds/all.*), the web page at /, "
        "unsubscribe links, /healthz and /metrics. `monitor run` serves the same itself.",
    )
    p.add_argument("--host", help="address to listen on (default [server] host, 127.0.0.1)")
    p.add_argument("--port", type=int, help="port (default [server] port, 8080)")

    p = sub.add_parser("archive", parents=[common], help="look into the archive")
    asub = p.add_subparsers(dest="archive_command", metavar="ACTION", required=True)
    a = asub.add_parser("list", parents=[common], help="list recent on-topic items")
    a.add_argument("--all", action="store_true", help="include off-topic items and seeds")
    a.add_argument("--limit", type=int, default=50)
    a = asub.add_parser("show", parents=[common], help="show one item with its explanation")
    a.add_argument("id", type=int)
    a = asub.add_parser(
        "export",
        parents=[common],
        help="write the whole archive as JSON lines (backups; moves between SQLite and PostgreSQL)",
    )
    a.add_argument("--format", choices=("jsonl",), default="jsonl")
    a.add_argument("--output", metavar="PATH", help="write here instead of standard output")
    a = asub.add_parser(
        "import",
        parents=[common],
        help="add an export to this archive (what it already has is kept; safe to repeat)",
    )
    a.add_argument("file", help="a file written by `monitor archive export` (- for stdin)")
    a = asub.add_parser(
        "prune",
        parents=[common],
        help="forget off-topic items older than [storage] keep_off_topic (run does it daily)",
    )

    p = sub.add_parser(
        "feedback",
        parents=[common],
        help="mark an item relevant or irrelevant (it becomes an example for matching)",
        description="Mark an archived item relevant (it is delivered and lifts similar "
        "borderline items) or irrelevant (it is withdrawn from feeds and digests and demotes "
        "items that resemble it). Takes effect from the next poll.",
    )
    p.add_argument("id", type=int)
    p.add_argument("label", choices=("relevant", "irrelevant"))

    p = sub.add_parser(
        "subscribers",
        parents=[common],
        help="list subscribers (cadence, topics, last mail, state); undo an unsubscribe",
        description="Without an action: every subscriber with their cadence, topics, last mail "
        "and state (active, retrying, rejected, unsubscribed, not in the configuration).",
    )
    bsub = p.add_subparsers(dest="subscribers_command", metavar="ACTION")
    bsub.add_parser("list", parents=[common], help="the table (the default)")
    a = bsub.add_parser(
        "resubscribe",
        parents=[common],
        help="undo an unsubscribe: mail again from now on",
        description="Undo an unsubscribe (from the link in a mail): the address gets mail "
        "again from now on; what came meanwhile is not sent.",
    )
    a.add_argument("address")

    p = sub.add_parser(
        "sources",
        parents=[common],
        help="source health; try a source; OPML import and export",
        description="Without an action: a table of every source's health (last success, new "
        "on-topic items in 7 days, status, last error).",
    )
    ssub = p.add_subparsers(dest="sources_command", metavar="ACTION")
    ssub.add_parser("list", parents=[common], help="the health table (the default)")
    a = ssub.add_parser(
        "check",
        parents=[common],
        help="fetch and parse now; show what would be found and matched; store nothing",
        description="Fetch and parse a source now and show each entry with what would happen to "
        "it (new, off-topic, duplicate, unchanged) and which topics it would match. Stores "
        "nothing: use it to try a new source or selector before relying on it.",
    )
    a.add_argument("name", nargs="?", help="the source (default: every enabled source)")
    a = ssub.add_parser(
        "import",
        parents=[common],
        help="add the feeds of an OPML file to sources.toml (comments kept)",
    )
    a.add_argument("file", help="an OPML file")
    a.add_argument("--interval", default="30m", help="interval for the new sources (30m)")
    a = ssub.add_parser("export", parents=[common], help="write the feed sources as OPML")
    a.add_argument("--output", metavar="PATH", help="write here instead of standard output")

    p = sub.add_parser(
        "db",
        parents=[common],
        help="the archive's schema: upgrade it after installing a new version",
    )
    dsub = p.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    dsub.add_parser(
        "upgrade",
        parents=[common],
        help="migrate the archive to this version's schema (SQLite or PostgreSQL)",
        description="Apply the schema migrations this version needs. Back up the archive first "
        "(`monitor archive export`). Safe to run twice.",
    )
    dsub.add_parser("status", parents=[common], help="print the archive's schema revision")

    sub.add_parser(
        "check-config",
        parents=[common],
        help="validate the configuration and exit",
        description="Validate the configuration file; exit 0 if it is valid, 2 if not.",
    )
    return parser


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message (and the error, if any)."""

    def format(self, record: logging.LogRecord) -> str:
        doc = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:  # the text RedactingFilter left, if it ran
            doc["error"] = record.exc_text or self.formatException(record.exc_info)
        return json.dumps(doc, ensure_ascii=False)


class _AlembicChatter(logging.Filter):
    """Drops the lines Alembic logs on every start that say nothing to an operator; the lines
    naming a migration that ran stay."""

    CHATTER = ("Context impl ", "Will assume ")

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(self.CHATTER)


def quiet_alembic() -> None:
    """Alembic 1.17+ logs one INFO line per built-in plugin it sets up (eight at every start of
    ``monitor run``): library chatter in every operator's log, so only its warnings show."""
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
    migration = logging.getLogger("alembic.runtime.migration")
    if not any(isinstance(f, _AlembicChatter) for f in migration.filters):
        migration.addFilter(_AlembicChatter())


def main(argv: Sequence[str] | None = None) -> int:
    """The ``monitor`` command; ``argv`` None: this process's own command line."""
    try:
        return _main(argv)
    finally:
        if argv is None:
            # The process ends when this returns. CPython's last collections at exit walked
            # every object the imports made (SQLAlchemy, SQLModel, aiohttp: ~0.1 s of CPU of a
            # steady `monitor poll --once`, issue 27); frozen, they are skipped. Exit handlers
            # and module teardown still run, and the archive was closed by then.
            gc.freeze()


def _main(argv: Sequence[str] | None) -> int:
    args = build_parser().parse_args(argv)
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(RedactingFilter())  # no user:password of an address in any log line
    if getattr(args, "log_format", "text") == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    verbose = getattr(args, "verbose", False) or args.command in ("run", "serve")
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING, handlers=[handler], force=True
    )
    for noisy in ("httpx", "httpcore", "apscheduler.executors", "apscheduler.scheduler"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    quiet_alembic()
    try:
        config = load_config(config_path(getattr(args, "config", None)))
    except ConfigError as exc:
        print(f"monitor: invalid configuration {exc.path}:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {redact(problem)}", file=sys.stderr)
        return 2
    if args.command in ("check-config", "run") and config.notify:
        from monitor.deliver.notify import problems  # Apprise's schemes: only here and to send

        found = problems(config)
        if found:
            print(f"monitor: invalid configuration {config.path}:", file=sys.stderr)
            for problem in found:
                print(f"  {redact(problem)}", file=sys.stderr)
            return 2
    if args.command == "check-config":
        print(f"{config.path}: valid ({len(config.sources)} sources, {len(config.topics)} topics)")
        return 0
    if args.command == "db":
        return cmd_db(args, config)
    from monitor.seed import seed_archive
    from monitor.store import Store

    def matcher() -> Matcher:  # only if a seed is missing: stemming the rules is not free
        from monitor.match import Matcher

        return Matcher(config.topics)

    store = None
    try:
        store = Store(config.storage_url, busy_timeout=config.busy_timeout)
        seed_archive(store, matcher)
        return COMMANDS[args.command](args, config, store)
    except MonitorError as exc:
        print(f"monitor: {redact(str(exc))}", file=sys.stderr)
        return 1
    finally:
        if store is not None:  # closed here, not left to the interpreter's exit
            store.close()


def _named_sources(config: Config, name: str | None) -> list[SourceConfig] | None:
    """The named source (even if disabled), or every enabled one; None (and a message) for an
    unknown name."""
    if not name:
        return [s for s in config.sources if s.enabled]
    try:
        return [config.source(name)]
    except KeyError:
        names = ", ".join(s.name for s in config.sources)
        print(f"monitor: no source named {name!r} (have: {names})", file=sys.stderr)
        return None


def cmd_poll(args: argparse.Namespace, config: Config, store: Store) -> int:
    from monitor.health import due_sources
    from monitor.pipeline import Pipeline, utcnow

    if args.source or args.once:
        sources = _named_sources(config, args.source)
        if sources is None:
            return 2
    else:
        sources = due_sources(config, store, utcnow())
    if not sources:
        print("no source is due")
        return 0
    pipeline = Pipeline(config, store, metrics=False)  # no /metrics in a one-off process
    try:
        reports = pipeline.poll(sources)
    finally:
        pipeline.close()
    for report in reports:
        print(report.line())
    if any(r.new for r in reports) and (
        any(s.immediate for s in config.all_subscribers()) or config.webhooks or config.notify
    ):
        # High-priority items reach immediate subscribers within this poll, under the
        # delivery lease like every sender (next to a running `monitor run`).
        from monitor.deliver.digest import run_digest, run_webhooks

        with _delivery_lease(store, alerts=True) as held:
            if not held:
                print("alert: another worker holds the alerts lease; it sends these")
                return 0
            now = utcnow()
            for outcome in (
                run_digest(config, store, now, alerts=True)
                + run_webhooks(config, store, now)
                + _notify(config, store, now, "alerts")
            ):
                if outcome.sent or outcome.error:
                    print(f"alert: {outcome.line()}")
            _unrecorded(store)
    return 0


LEASE_PATIENCE = 60.0  # seconds a command waits for another sender to finish its round


@contextmanager
def _delivery_lease(store: Store, *, alerts: bool = False) -> Iterator[bool]:
    """The lease every sender holds: digests, or alerts and webhooks (monitor/leases.py),
    with the heartbeat that lets another worker give up this command's claims if it dies
    mid-send."""
    from monitor import leases

    name = leases.ALERTS_LEASE if alerts else leases.DELIVERY_LEASE
    with (
        leases.alive(store),
        leases.waiting(
            store, name, f"cli:{store.holder}", leases.DELIVERY_TTL, patience=LEASE_PATIENCE
        ) as held,
    ):
        yield held


RECORD_PATIENCE = 60.0  # seconds a command keeps retrying the record of an accepted message


def _unrecorded(store: Store) -> bool:
    """Deliveries the server accepted but the archive did not record yet: a command has no
    later round, so it retries for a while, then says so (exit 1). Their claims keep the
    items from being sent again (for 6 hours: Store STALE_CLAIM)."""
    import time

    from monitor.deliver.digest import record_pending

    deadline = time.monotonic() + RECORD_PATIENCE
    left = record_pending(store)
    while left and time.monotonic() < deadline:
        time.sleep(2)
        left = record_pending(store)
    if left:
        what = f"{left} deliveries were accepted by the server but could not be recorded"
        print(f"monitor: {what} (archive unavailable); they are not sent again", file=sys.stderr)
    return bool(left)


def _notify(config: Config, store: Store, now: datetime, kind: str) -> list[Any]:
    """The [[notify]] channels' round (Apprise is imported only when there is one)."""
    if not any(c.kind == kind for c in config.notify):
        return []
    from monitor.deliver.notify import run_notify

    return run_notify(config, store, now, kind=kind)


def cmd_feed(args: argparse.Namespace, config: Config, store: Store) -> int:
    from monitor.deliver.feeds import render_feed

    if args.topic and args.topic not in {t.name for t in config.topics}:
        names = ", ".join(t.name for t in config.topics)
        print(f"monitor: no topic named {args.topic!r} (have: {names})", file=sys.stderr)
        return 2
    items = store.recent(topic=args.topic, limit=args.limit)
    data = render_feed(config, items, args.format, topic=args.topic)
    if args.output:
        out = Path(args.output)
        tmp = out.with_name(f".{out.name}.tmp")
        tmp.write_bytes(data)
        tmp.replace(out)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return 0


def cmd_digest(args: argparse.Namespace, config: Config, store: Store) -> int:
    from monitor.deliver.digest import run_digest, run_webhooks

    if not config.all_subscribers() and not config.webhooks and not config.notify:
        print("no subscribers configured ([[subscribers]] or [digest] recipients): nothing to send")
        return 0
    if args.subscriber:
        try:
            config.subscriber(args.subscriber)
        except KeyError:
            print(f"monitor: {args.subscriber!r} is not a subscriber", file=sys.stderr)
            return 2
    if args.dry_run:
        outcomes = run_digest(config, store, datetime.now(UTC), dry_run=True,
                              subscriber=args.subscriber, alerts=args.alerts)  # fmt: skip
    else:
        with _delivery_lease(store, alerts=args.alerts) as held:
            if not held:
                print("monitor: another worker is sending (it holds the delivery lease); "
                      "nothing sent, try again later", file=sys.stderr)  # fmt: skip
                return 1
            now = datetime.now(UTC)
            outcomes = run_digest(config, store, now, subscriber=args.subscriber,
                                  alerts=args.alerts)  # fmt: skip
            if args.alerts:
                outcomes += run_webhooks(config, store, now)
            if not args.subscriber:  # [[notify]] channels of the round's kind
                outcomes += _notify(config, store, now, "alerts" if args.alerts else "digest")
            if _unrecorded(store):
                return 1
    failed = False
    for outcome in outcomes:
        print(outcome.line())
        if args.dry_run and outcome.message is not None:
            print(outcome.message.as_string())
        failed = failed or outcome.error is not None
    return 1 if failed else 0


def cmd_serve(args: argparse.Namespace, config: Config, store: Store) -> int:
    from monitor.web import WebApp, serve

    host = args.host or config.server.host
    port = config.server.port if args.port is None else args.port
    print(f"serving http://{host}:{port}/ (Ctrl-C to stop)", flush=True)
    serve(WebApp(config, store), host, port)
    return 0


def cmd_run(args: argparse.Namespace, config: Config, store: Store) -> int:
    from monitor.schedule import Service

    log.info(
        "started high-north-monitor %s, archive %s, %d sources",
        __version__,
        redact(config.storage_url),
        len([s for s in config.sources if s.enabled]),
    )
    feed_dir = config.path.parent.resolve() / "storage" / "feeds"
    Service(config, store, feed_dir=feed_dir).run()
    return 0


def cmd_archive(args: argparse.Namespace, config: Config, store: Store) -> int:
    from monitor.match import in_words

    if args.archive_command == "export":
        out = Path(args.output).open("w", encoding="utf-8") if args.output else sys.stdout  # noqa: SIM115
        n = 0
        try:
            for record in store.export_records():
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
                n += 1
        finally:
            if args.output:
                out.close()
        print(f"exported {n} records", file=sys.stderr)
        return 0
    if args.archive_command == "import":
        try:
            source = sys.stdin if args.file == "-" else Path(args.file).open(encoding="utf-8")  # noqa: SIM115
        except OSError as exc:
            print(f"monitor: cannot read {args.file}: {exc.strerror}", file=sys.stderr)
            return 1
        lines: list[int] = []  # the line number of each record handed to the archive

        def records() -> Iterator[Any]:
            for n, line in enumerate(source, 1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise RecordError(len(lines) + 1, f"not JSON: {exc.msg}") from None
                finally:
                    lines.append(n)
                yield record

        try:
            counts = store.import_records(records())
        except RecordError as exc:  # nothing was imported: the import is all or nothing
            line = lines[exc.index - 1] if 0 < exc.index <= len(lines) else exc.index
            print(f"monitor: line {line}: not an archive record ({exc.reason}); nothing "
                  "imported", file=sys.stderr)  # fmt: skip
            return 1
        except UnicodeDecodeError as exc:
            print(f"monitor: line {len(lines) + 1}: not UTF-8 text ({exc.reason}); nothing "
                  "imported", file=sys.stderr)  # fmt: skip
            return 1
        finally:
            if source is not sys.stdin:
                source.close()
        added = ", ".join(f"{n} {k}" for k, n in sorted(counts.items())) or "nothing new"
        print(f"imported: {added}")
        return 0
    if args.archive_command == "prune":
        if config.keep_off_topic is None:
            print("[storage] keep_off_topic is not set: nothing pruned")
            return 0
        n = store.prune_off_topic(datetime.now(UTC) - config.keep_off_topic)
        print(f"pruned {n} off-topic items older than {format_duration(config.keep_off_topic)}")
        return 0
    if args.archive_command == "list":
        rows = store.list_items(args.limit, include_off_topic=args.all)
        for r in rows:
            flag = "seed" if r.origin == "seed" else ("on " if r.on_topic else "off")
            when = (r.published or r.fetched_at).strftime("%Y-%m-%d %H:%M")
            print(f"{r.id:>6}  {flag:4}  {when}  {r.source[:20]:20}  {r.title[:80]}")
        if not rows:
            print("the archive has no items yet")
        return 0
    detail = store.item_detail(args.id)
    if detail is None:
        print(f"monitor: no item {args.id} in the archive", file=sys.stderr)
        return 1
    row, matches, sightings, deliveries = detail
    print(f"#{row.id}  {row.title}")
    print(f"outlet:     {row.source} ({row.origin})")
    print(f"url:        {row.url or '-'}")
    print(f"published:  {row.published.isoformat() if row.published else '-'}")
    print(f"fetched:    {row.fetched_at.isoformat()}")
    print(f"language:   {row.language or '-'}")
    print(f"on topic:   {'yes' if row.on_topic else 'no'}")
    if row.story_id:
        from monitor.cluster import story_reason

        print(f"story:      story-{row.story_id}")
        joined = story_reason(row.signature)
        if row.story_id != row.id and joined:
            print(f"  joined:   {joined}")
    for m in matches:
        verdict = "matched" if m.matched else "below threshold"
        print(f"topic {m.topic}: score {m.score:g} ({verdict})")
        hits = json.loads(m.explanation)
        threshold = next((t.threshold for t in config.topics if t.name == m.topic), None)
        if threshold is not None and m.matched and m.score < threshold:  # a person's verdict
            print(f"  why: in: a person's verdict (see below); the rules gave {m.score:g} < "
                  f"threshold {threshold:g}")  # fmt: skip
        elif threshold is not None:
            print(f"  why: {in_words(m.score, threshold, hits)}")
        for hit in hits:
            terms = ", ".join(hit["terms"])
            print(f"  {hit['rule']} in {hit['where']} ({hit['points']:+g}): {terms}")
    if not matches and row.origin != "seed":
        print("why:        out: not one term of any topic's rules occurs in it")
    print("seen:")
    for s in sightings:
        sim = f", similarity {s.similarity:g}" if s.similarity is not None else ""
        print(f"  {s.seen_at:%Y-%m-%d %H:%M} {s.source}: {s.reason}{sim}  {s.url or s.guid}")
    for d in deliveries:
        print(f"sent to {d.address} at {d.sent_at:%Y-%m-%d %H:%M} ({d.message_id})")
    scope = "shared" if config.delivery.judgements == "shared" else "for that subscriber only"
    assert row.id is not None  # read from the archive
    for j in store.judgements_of(row.id):
        said = "more like this" if j.label == "relevant" else "not relevant"
        print(f"judged {said} ({j.label} example, {scope}) by {j.address} at "
              f"{j.at:%Y-%m-%d %H:%M}")  # fmt: skip
    body = row.text or row.summary
    if body:
        print()
        print(body[:2000] + (" …" if len(body) > 2000 else ""))
    return 0


def cmd_sources(args: argparse.Namespace, config: Config, store: Store) -> int:
    from monitor.health import format_table, health_table

    action = args.sources_command or "list"
    if action == "list":
        print(format_table(health_table(config, store, datetime.now(UTC))))
        return 0
    if action == "export":
        from monitor.opml import export_opml

        text = export_opml(config)
        if args.output:
            Path(args.output).write_text(text, "utf-8")
        else:
            sys.stdout.write(text)
        return 0
    if action == "import":
        try:
            data = Path(args.file).read_bytes()
        except OSError as exc:
            print(f"monitor: cannot read {args.file}: {exc.strerror}", file=sys.stderr)
            return 2
        try:
            parse_duration(args.interval)
        except ValueError:
            print(f"monitor: --interval {args.interval!r} is not like 15m or 2h", file=sys.stderr)
            return 2
        from monitor.opml import import_opml

        result = import_opml(config.path, data, args.interval, config.fetch.allow_private)
        for name in result.added:
            print(f"added: {name}")
        for outline, reason in result.refused:
            print(f"monitor: not imported: {outline.title}: {reason}", file=sys.stderr)
        print(f"{len(result.added)} sources added to {config.path}")
        if result.refused:  # the file was only partly imported: say so to scripts too
            print(f"{len(result.refused)} sources refused (non-public addresses)")
            return 1
        return 0
    return _check_sources(args, config, store)


def _check_sources(args: argparse.Namespace, config: Config, store: Store) -> int:
    import asyncio

    from monitor.pipeline import Pipeline

    sources = _named_sources(config, args.name)
    if sources is None:
        return 2
    pipeline = Pipeline(config, store)
    tz = config.tz
    for source in sources:
        report, candidates = asyncio.run(pipeline.check(source))
        print(f"== {source.name} ({source.kind}, {redact(source.url)})")
        if report.error:
            print(f"   error: {redact(report.error)}")
            continue
        print(f"   {report.line().split(': ', 1)[1]}")
        for c in candidates:
            when = (
                c.item.published.astimezone(tz).strftime("%Y-%m-%d %H:%M")
                if c.item.published
                else "no date"
            )
            print(f"   [{c.verdict}] {c.item.title}")
            print(f"      {c.item.url or c.item.guid}  {when}")
            for m in c.scores:
                if not m.hits:
                    continue
                why = "; ".join(f"{h.rule}: {', '.join(h.terms)} ({h.where})" for h in m.hits)
                print(f"      {m.topic} {m.score:g}/{m.threshold:g}: {why}")
    return 0


def cmd_db(args: argparse.Namespace, config: Config) -> int:
    from monitor.match import Matcher
    from monitor.seed import seed_archive
    from monitor.store import SCHEMA_HEAD, Store, schema_state

    store = None
    try:
        store = Store(config.storage_url, busy_timeout=config.busy_timeout, check=False)
        state, revision = schema_state(store.engine)
        if args.db_command == "status":
            print(f"schema: {revision or '-'} ({state}); this monitor: {SCHEMA_HEAD}")
            return 0 if state in ("current", "empty") else 1
        before, after = store.upgrade()
        seed_archive(store, Matcher(config.topics))
    except MonitorError as exc:
        print(f"monitor: {exc}", file=sys.stderr)
        return 1
    finally:
        if store is not None:  # closed here, not left to the interpreter's exit (see main)
            store.close()
    if before == after:
        print(f"schema already at {after}")
    else:
        was = before or ("none" if state == "empty" else "pre-migrations")
        print(f"schema upgraded: {was} -> {after}")
    return 0


def cmd_feedback(args: argparse.Namespace, config: Config, store: Store) -> int:

    default = config.topics[0].name if config.topics else None
    row = store.record_feedback(args.id, args.label, datetime.now(UTC), default)
    if row is None:
        print(f"monitor: no item {args.id} in the archive", file=sys.stderr)
        return 1
    print(f"#{row.id} {row.title}: marked {args.label}")
    return 0


def cmd_subscribers(args: argparse.Namespace, config: Config, store: Store) -> int:
    from monitor import subscribers
    from monitor.store import subscriber_key

    if (args.subscribers_command or "list") == "list":
        found = subscribers.lines(config, store.all_subscriber_states())
        print(subscribers.table(found) if found else "no subscribers configured or known")
        return 0
    key = subscriber_key(args.address)
    configured = {subscriber_key(s.address) for s in config.all_subscribers()}
    done = store.resubscribe(key, datetime.now(UTC))
    if done is None:
        have = ", ".join(sorted(configured)) or "none configured"
        print(f"monitor: {args.address!r} is not a subscriber (have: {have})", file=sys.stderr)
        return 2
    if not done:
        print(f"{key} is not unsubscribed: nothing to undo")
        return 0
    print(f"{key} resubscribed: mail again from now on")
    if key not in configured:
        print(f"note: {key} is not in {config.path}: add it to [[subscribers]] to send it mail")
    return 0


COMMANDS = {
    "poll": cmd_poll,
    "feed": cmd_feed,
    "digest": cmd_digest,
    "run": cmd_run,
    "archive": cmd_archive,
    "sources": cmd_sources,
    "feedback": cmd_feedback,
    "serve": cmd_serve,
    "subscribers": cmd_subscribers,
}

if __name__ == "__main__":
    sys.exit(main())
