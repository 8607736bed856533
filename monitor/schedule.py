"""``monitor run``: poll every source at its interval and send the digest on its schedule.

APScheduler 3 runs the jobs in a small thread pool: a slow outlet does not hold up the others,
``max_instances=1`` keeps a source from being polled twice at once, and ``coalesce`` turns a
backlog of missed runs (laptop asleep, long outage) into one run. SIGTERM or SIGINT stops the
scheduling and lets jobs in flight finish (each fetch is bounded by its total timeout).
"""

from __future__ import annotations

import logging
import os
import random
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.interval import IntervalTrigger

from monitor import leases
from monitor.config import Config, SourceConfig, cadence_cron, load_config
from monitor.cron import crontab_trigger
from monitor.deliver.digest import run_digest, run_webhooks
from monitor.deliver.feeds import FORMATS, render_feed
from monitor.errors import ConfigError, MonitorError
from monitor.pipeline import Pipeline, SourceReport, utcnow
from monitor.store import Store, subscriber_key
from monitor.text import one_line
from monitor.web import BackgroundServer, WebApp

log = logging.getLogger("monitor.run")


def _exc_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


FEED_EXTENSIONS = {"rss": "rss", "atom": "atom", "json": "json"}


def write_feed_files(config: Config, store: Store, folder: Path) -> None:
    """Write all.{rss,atom,json} and one set per topic, atomically (rename), for static serving.
    A file that cannot be rendered is logged and the others are still written (an unwritable
    item is already left out by render_feed; this is for anything else)."""
    folder.mkdir(parents=True, exist_ok=True)
    for topic in [None, *(t.name for t in config.topics)]:
        items = store.recent(topic=topic, limit=100)
        for fmt in FORMATS:
            name = f"{topic or 'all'}.{FEED_EXTENSIONS[fmt]}"
            try:
                data = render_feed(config, items, fmt, topic=topic)
            except Exception as exc:
                log.error("feed file %s not written: %s: %s", name, type(exc).__name__, exc)
                continue
            # A temporary name of its own: several workers may write the same folder at once.
            tmp = folder / f".{name}.{os.getpid()}.{threading.get_ident()}.tmp"
            tmp.write_bytes(data)
            tmp.replace(folder / name)


class Service:
    def __init__(
        self,
        config: Config,
        store: Store,
        feed_dir: Path | None = None,
        *,
        serve: bool = True,
    ) -> None:
        self.config = config
        self.store = store
        self.pipeline = Pipeline(config, store)
        self.feed_dir = feed_dir
        self.web: BackgroundServer | None = None
        if serve and config.server.enabled:
            webapp = WebApp(config, store, scheduler_alive=lambda: self.scheduler.running)
            self.web = BackgroundServer(webapp, config.server.host, config.server.port)
        self.stop = threading.Event()
        self._wake = threading.Event()
        self._reload_requested = threading.Event()
        self._feed_lock = threading.Lock()
        self._delivery_lock = threading.Lock()  # one digest sender at a time in this process
        self._alerts_lock = threading.Lock()  # and one alerts sender
        self.worker = store.holder  # in leases and delivery claims
        self.scheduler = BackgroundScheduler(
            timezone=config.tz,
            executors={"default": ThreadPoolExecutor(4)},
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 600},
        )

    def _lease_ttl(self) -> timedelta:
        """Long enough for a whole poll (feed and article pages), short enough that the work
        of a worker killed mid-poll is taken over soon."""
        return max(
            timedelta(seconds=10), self.config.fetch.total_timeout * 2 + timedelta(seconds=5)
        )

    def poll_source(self, source: SourceConfig) -> None:
        if self.stop.is_set():
            return  # queued before SIGTERM: stopping means no new polls, only those in flight
        with leases.held(self.store, f"poll:{source.name}", self.worker, self._lease_ttl()) as held:
            if not held:
                return  # another worker is polling it right now
            report = self._poll_held(source)
        if report is None:
            return
        if report.error is None:  # failures were logged as warnings where they happened
            log.info("%s", report.line())
        if report.new:
            if self.feed_dir is not None:
                with self._feed_lock:
                    try:
                        write_feed_files(self.config, self.store, self.feed_dir)
                    except Exception as exc:  # the feed files never stop the alerts
                        log.warning("feed files not written to %s: %s", self.feed_dir, exc)
            self.send_alerts()

    def _poll_held(self, source: SourceConfig) -> SourceReport | None:
        """Poll one source under its lease (renewed while the poll runs, however long)."""
        state = self.store.source_state(source.name)
        now = utcnow()
        if state.next_attempt is not None and now < state.next_attempt:
            return None  # backing off after failures, or the outlet asked us to wait
        if state.last_attempt is not None and now - state.last_attempt < source.interval / 2:
            return None  # another worker polled it moments ago
        try:
            (report,) = self.pipeline.poll([source])
        except MonitorError as exc:
            log.error("%s: poll failed: %s", source.name, exc)
            return None
        return report

    @contextmanager
    def _delivering(self, alerts: bool = False) -> Iterator[bool]:
        """One sender at a time, in this process and across workers sharing the archive.
        Alerts have a lease of their own, so a long digest round never holds them up."""
        lock = self._alerts_lock if alerts else self._delivery_lock
        name = leases.ALERTS_LEASE if alerts else leases.DELIVERY_LEASE
        with lock, leases.held(self.store, name, self.worker, leases.DELIVERY_TTL) as held:
            yield held

    def send_alerts(self, *, respect_backoff: bool = False) -> None:
        """Immediate subscribers and webhooks get high-priority items within one poll cycle.
        If another worker is sending alerts, the retry job (every minute) sends these."""
        with self._delivering(alerts=True) as held:
            if not held:
                return  # another worker is sending; this worker's retry job comes back
            self._alerts(respect_backoff=respect_backoff)

    def _alerts(self, *, respect_backoff: bool) -> None:
        try:
            now = utcnow()
            for outcome in run_digest(
                self.config, self.store, now, alerts=True, respect_backoff=respect_backoff
            ):
                if outcome.sent or outcome.error:
                    log.info("alert: %s", outcome.line())
            for outcome in run_webhooks(self.config, self.store, now):
                if outcome.sent or outcome.error:
                    log.info("webhook: %s", outcome.line())
            if self.config.notify:
                from monitor.deliver.notify import run_notify  # Apprise: only when used

                for outcome in run_notify(self.config, self.store, now):
                    if outcome.sent or outcome.error:
                        log.info("notify: %s", outcome.line())
        except Exception as exc:  # logged, never raised into the scheduler
            log.error("alerts failed: %s", one_line(f"{type(exc).__name__}: {exc}"))

    def send_digest(self, address: str) -> None:
        with self._delivering() as held:
            if not held:  # another worker is sending: this digest goes out with the retries
                self.store.record_send_failure(
                    subscriber_key(address), "another worker was sending", permanent=False,
                    next_attempt=utcnow() + timedelta(minutes=1),
                )  # fmt: skip
                return
            try:
                for outcome in run_digest(self.config, self.store, utcnow(), subscriber=address):
                    log.info("digest: %s", outcome.line())
            except MonitorError as exc:
                log.error("digest to %s failed: %s", address, exc)

    def send_chat_digest(self, *, retry_only: bool = False) -> None:
        """[[notify]] kind = "digest": a short digest text for chat rooms at [digest] schedule
        (``retry_only``: the minutely retry of a channel that was down)."""
        from monitor.deliver.notify import run_notify  # Apprise: only when used

        with self._delivering() as held:
            if not held:
                return  # another worker sends it; a failed round is retried every minute
            try:
                for outcome in run_notify(self.config, self.store, utcnow(), kind="digest",
                                          retry_only=retry_only):  # fmt: skip
                    if outcome.sent or outcome.error:
                        log.info("notify digest: %s", outcome.line())
            except MonitorError as exc:
                log.error("chat digest failed: %s", exc)

    def prune(self) -> None:
        """Daily: forget off-topic items past [storage] keep_off_topic."""
        if self.config.keep_off_topic is None:
            return
        try:
            n = self.store.prune_off_topic(utcnow() - self.config.keep_off_topic)
        except Exception as exc:
            log.warning("pruning failed: %s", exc)
            return
        if n:
            log.info("pruned %d off-topic items", n)

    def retry_deliveries(self) -> None:
        """Every minute: the alerts round first, so alerts a poll found while another worker
        was sending go out within a minute, not at the next poll that finds something; then
        subscribers whose last send failed temporarily, once their back-off is over (1 min,
        2, 4 … up to an hour)."""
        self.send_alerts(respect_backoff=True)
        with self._delivering() as held:
            if not held:
                return
            try:
                now = utcnow()
                for outcome in run_digest(self.config, self.store, now, retry_only=True):
                    if outcome.sent or outcome.error:
                        log.info("retry: %s", outcome.line())
            except MonitorError as exc:
                log.error("retry failed: %s", exc)
        if any(c.kind == "digest" for c in self.config.notify):
            self.send_chat_digest(retry_only=True)

    def _jobs(self, config: Config) -> list[dict[str, Any]]:
        """The jobs ``config`` asks for, as add_job arguments, built (triggers and all) before
        anything is changed: a bad one raises here, while the running jobs are untouched."""
        now = utcnow()
        jobs: list[dict[str, Any]] = []
        # The news searches after the outlets they re-list (as in one `poll --once`): at start
        # the outlets' own entries, with text and address, are stored first and the searches'
        # entries become their sightings.
        enabled = sorted((s for s in config.sources if s.enabled), key=_is_news_search)
        for i, source in enumerate(enabled):
            every = source.interval.total_seconds()
            jitter = min(60.0, every / 10)
            # Workers started together (compose's `--scale`) would otherwise fire each source's
            # job in lockstep, and the first to take the lease would take every poll while the
            # other only ever found it "polled moments ago": a random phase per worker shares
            # the polls between them (the lease still keeps each poll to one worker).
            phase = random.uniform(0, min(1.0, every))
            jobs.append(dict(
                func=self.poll_source,
                trigger=IntervalTrigger(seconds=every, jitter=jitter),
                args=[source], id=f"poll:{source.name}", name=f"poll {source.name}",
                next_run_time=now + timedelta(seconds=2 * i + phase),  # at start, staggered
            ))  # fmt: skip
        for sub in config.all_subscribers():
            cron = cadence_cron(sub.cadence)
            if cron is None:
                continue  # immediate: sent after each poll, and by the retry job
            key = subscriber_key(sub.address)
            jobs.append(dict(
                func=self.send_digest, trigger=crontab_trigger(cron, sub.timezone),
                args=[sub.address], id=f"digest:{key}", name=f"digest {key}",
                misfire_grace_time=3600,
            ))  # fmt: skip
        if any(c.kind == "digest" for c in config.notify):
            jobs.append(dict(
                func=self.send_chat_digest,
                trigger=crontab_trigger(config.digest.schedule, config.timezone),
                id="notify-digest", name="chat digest", misfire_grace_time=3600,
            ))  # fmt: skip
        jobs.append(dict(func=self.retry_deliveries, trigger=IntervalTrigger(seconds=60),
                         id="retry", name="retry"))  # fmt: skip
        jobs.append(dict(func=self.prune, trigger=IntervalTrigger(hours=24), id="prune",
                         name="prune", next_run_time=now + timedelta(minutes=5)))  # fmt: skip
        ids = [j["id"] for j in jobs]
        if len(set(ids)) != len(ids):
            twice = sorted({i for i in ids if ids.count(i) > 1})
            raise ConfigError(str(config.path), [f"jobs defined twice: {', '.join(twice)}"])
        return jobs

    def _install(self, jobs: list[dict[str, Any]]) -> None:
        for job in jobs:
            self.scheduler.add_job(**job)

    def _running_jobs(self) -> list[dict[str, Any]]:
        """The jobs as they run now, next run times included: what a failed swap restores
        (not a fresh schedule, which would poll every source at once)."""
        out = []
        for j in self.scheduler.get_jobs():
            job = dict(func=j.func, trigger=j.trigger, args=list(j.args), kwargs=dict(j.kwargs),
                       id=j.id, name=j.name, misfire_grace_time=j.misfire_grace_time,
                       coalesce=j.coalesce, max_instances=j.max_instances)  # fmt: skip
            when = getattr(j, "next_run_time", None)  # a job not yet started has none
            if when is not None:
                job["next_run_time"] = when
            out.append(job)
        return out

    def schedule(self) -> None:
        self._install(self._jobs(self.config))

    def reload(self) -> bool:
        """Read sources.toml again and apply it completely, or not at all: the new job set is
        built first and swapped in; if anything fails, the running jobs and configuration
        stay as they were (one log line says why)."""
        try:
            config = load_config(self.config.path)
            jobs = self._jobs(config)
        except ConfigError as exc:
            log.error(
                "configuration not reloaded, the running one stays: %s",
                "; ".join(exc.problems),
            )
            return False
        except Exception as exc:
            log.error("configuration not reloaded, the running one stays: %s", _exc_line(exc))
            return False
        with self._delivery_lock, self._alerts_lock:
            old_jobs = self._running_jobs()
            try:
                self.scheduler.remove_all_jobs()
                self._install(jobs)
            except Exception as exc:
                self.scheduler.remove_all_jobs()
                self._install(old_jobs)
                log.error("configuration not reloaded, the running one stays: %s", _exc_line(exc))
                return False
            self.config = config
            self.pipeline.close()
            self.pipeline = Pipeline(config, self.store)
            if self.web is not None:
                self.web.webapp.config = config
        log.info("configuration reloaded: %d sources", len(config.sources))
        return True

    def _config_mtime(self) -> float | None:
        try:
            return self.config.path.stat().st_mtime
        except OSError:
            return None

    def run(self) -> None:
        """Block until SIGTERM/SIGINT, then stop cleanly. SIGHUP (or an edit of the file)
        reloads the configuration. A heartbeat runs all along: killed, this worker stops
        renewing it, and the others give up its delivery claims (leases.alive)."""
        with leases.alive(self.store):
            self._run()

    def _run(self) -> None:

        def _stop(signum: int, _frame: object) -> None:
            if self.stop.is_set():  # a second signal: no more waiting
                log.warning("received %s again, exiting now", signal.Signals(signum).name)
                os._exit(0)
            log.info("received %s, stopping", signal.Signals(signum).name)
            self.stop.set()
            self._wake.set()

        def _hup(_signum: int, _frame: object) -> None:
            self._reload_requested.set()
            self._wake.set()

        previous = {s: signal.signal(s, _stop) for s in (signal.SIGTERM, signal.SIGINT)}
        previous[signal.SIGHUP] = signal.signal(signal.SIGHUP, _hup)
        try:
            if self.feed_dir is not None:
                try:
                    write_feed_files(self.config, self.store, self.feed_dir)
                except Exception as exc:  # a read-only or full disk must not stop the service
                    log.warning("feed files not written to %s: %s", self.feed_dir, exc)
            self.schedule()
            self.scheduler.start()
            if self.web is not None:
                self.web.start()
            log.info(
                "monitoring %d sources; %d subscribers, %d webhooks",
                len([s for s in self.config.sources if s.enabled]),
                len(self.config.all_subscribers()),
                len(self.config.webhooks),
            )
            if self.web is not None:
                log.info("web page and feeds at http://%s:%s/", self.config.server.host,
                         self.web.bound_port)  # fmt: skip
            mtime = self._config_mtime()
            while not self.stop.is_set():
                self._wake.wait(timeout=2.0)
                self._wake.clear()
                if self.stop.is_set():
                    break
                now_mtime = self._config_mtime()
                if self._reload_requested.is_set() or (
                    now_mtime is not None and mtime is not None and now_mtime != mtime
                ):
                    self._reload_requested.clear()
                    mtime = now_mtime
                    self.reload()
        finally:
            if self.scheduler.running:
                self.scheduler.shutdown(wait=True)
            if self.web is not None:
                self.web.stop()
            for s, handler in previous.items():
                signal.signal(s, handler)
            log.info("stopped")


def _is_news_search(source: SourceConfig) -> bool:
    from monitor.dedupe import lists_others

    return lists_others(source.news_search, source.url)
