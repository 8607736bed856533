"""One poll: fetch the due sources concurrently, then parse, match, dedupe and store each item.

Every source is its own task: fetch (politely), parse off the event loop (in worker processes
for a big poll), skip what is known by GUID, pre-filter on the entry's own text, fetch the
article pages of the candidates that may be on the beat, judge the feed's new entries together
and store them in one transaction. Database calls are synchronous and made from the event
loop's thread only, so SQLite has a single writer. A source that fails is recorded as failing,
with its reason and a back-off, and the others go on.
"""

from __future__ import annotations

import asyncio
import functools
import gc
import logging
import os
import threading
from collections.abc import Callable, Hashable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy.exc import IntegrityError, OperationalError

from monitor import dedupe
from monitor.canon import canonical_url
from monitor.config import Config, SourceConfig
from monitor.errors import FetchError, MonitorError, ParseError
from monitor.fetch import Fetcher, FetchSettings, RetryLater
from monitor.health import max_age
from monitor.redact import redact
from monitor.store import (
    Duplicate,
    NewItem,
    NewSighting,
    Original,
    SourceState,
    Store,
    StubReplacement,
)
from monitor.text import words
from monitor.types import Item, SourceSuccess, TopicMatch

# What judges and parses entries (the matcher, the examples, stories, the parsers'
# preparation, the parse workers) is imported by the first entry that needs it, in the
# function that uses it: a poll in which every outlet answers "not modified", cron's usual
# `monitor poll --once`, needs none of it (issue 27; tests/test_startup.py).
if TYPE_CHECKING:
    from monitor.cluster import Signature, StoryIndex
    from monitor.match import Matcher
    from monitor.prepare import Analysis, Prepared
    from monitor.workers import WorkerPool

log = logging.getLogger("monitor.poll")

# A poll of this many sources parses in worker processes (one per core); fewer, in a thread.
POOL_MIN_SOURCES = 8
T = TypeVar("T")

# An entry whose title and summary say this much, none of it a rule term, is not fetched in
# full: it is off the beat (most of any outlet's output), and its article would cost a request
# and ~2 ms of extraction for nothing. A teaser ("Read more.") says too little to judge: fetched.
TEASER_WORDS = 40
# The headline rung (dedupe.headline_copy) compares with on-topic items fetched this long
# before (or after: clocks and pollers differ) an entry: an aggregator lists an outlet's
# article within hours; a day's margin covers a feed that was down.
HEADLINE_WINDOW = timedelta(days=3)
# A poll commits what it stored this often (and when it ends), not once per feed: a commit
# was a fifth of a poll's time. The archive's write lock is held that long at most, plus the
# time to judge and store one feed.
GROUP_SECONDS = 0.25
# An entry or archived item whose text is shorter than this is a teaser for the headline rung
# (a sentence or two); a wire brief of three sentences (~270 characters) is an article.
SHORT_BODY_CHARS = 200
# An entry with this many times the fingerprints of the off-topic item it contains is judged
# on its own text (Pipeline._fuller_than_stub): a headline has ~8, a teaser ~20, an article 60+.
# Round 32: not only a stub's fuller article, any fuller copy (2 before). A mirror's cut of
# Gazeta.Ru's report (its last sentence, on Norway, left out) scored 3.5 of 4 and was archived
# off topic; the full report, 1.4 times its fingerprints, was then taken for its copy and lost.
STUB_RATIO = 1.25


@dataclass
class SourceReport:
    """What one source gave in one poll; printed by ``monitor poll``."""

    name: str
    new: int = 0
    duplicate: int = 0
    off_topic: int = 0
    unchanged: int = 0
    not_modified: bool = False
    error: str | None = None
    warning: str | None = None
    articles_fetched: int = 0
    article_failures: int = 0
    new_ids: list[int] = field(default_factory=list)

    def line(self) -> str:
        return redact(self._line())

    def _line(self) -> str:
        if self.error:
            return f"{self.name}: error: {self.error}"
        if self.not_modified:
            return f"{self.name}: not modified"
        text = (
            f"{self.name}: {self.new} new, {self.duplicate} duplicate, "
            f"{self.off_topic} off-topic, {self.unchanged} unchanged"
        )
        if self.article_failures:
            text += f" ({self.article_failures} article pages unreadable: summary used)"
        if self.warning:
            text += f" (warning: {self.warning})"
        return text


@dataclass
class Candidate:
    """An entry worth a closer look, and what the look found."""

    item: Item
    canonical: str | None
    verdict: str = "pending"  # new | off-topic | duplicate of #N (reason)
    scores: list[TopicMatch] = field(default_factory=list)
    item_id: int | None = None  # the archived item: this one, or the one it copies
    _tokens: list[str] | None = None
    _prep: Prepared | None = None

    @property
    def tokens(self) -> list[str]:
        """Words of title and body, split once for the pre-filter, teaser test and fingerprint."""
        if self._tokens is None:
            self._tokens = words(f"{self.item.title}\n{self.item.body}")
        return self._tokens

    @property
    def guessed(self) -> str | None:
        """The language guessed from the entry's text, when its feed gave none."""
        return self._prep.language if self._prep is not None else None

    def prepared(self, matcher: Matcher) -> Prepared:
        """What every entry needs to be judged, computed once per text (in a worker process
        for a big poll, see ``prepare``)."""
        if self._prep is None:
            from monitor.prepare import prepare_one

            self._prep = prepare_one(self.item, matcher, self.tokens)
            self.item = self._prep.tagged(self.item)
        return self._prep

    def analysis(self, matcher: Matcher, domain: frozenset[str]) -> Analysis:
        """The entry's Analysis: from the worker that parsed it, or made here (a small poll)."""
        prep = self.prepared(matcher)
        if prep.analysis is None:
            from monitor.prepare import analyse

            prep = self._prep = replace(prep, analysis=analyse(self.item, matcher, domain))
        assert prep.analysis is not None
        return prep.analysis

    def replace_item(self, item: Item, prep: Prepared | None = None) -> None:
        self.item = item
        self._tokens = None
        self._prep = prep


Clock = Callable[[], datetime]

# While a poll runs, the cyclic garbage collector's youngest generation is collected after
# this many net allocations, not CPython's 700. A poll allocates millions of short-lived,
# acyclic objects (entries, rows, responses); at 700 the collector ran ~700 times in a first
# poll of 1,000 feeds and its full collections walked the whole heap: 0.75 s of the loop
# process's 8.4 s, 0.07 s at this threshold (steady poll 0.24 -> 0.15 s).
POLL_GC_THRESHOLD = 50_000
_gc_lock = threading.Lock()
_gc_polls = 0
_gc_saved: tuple[int, int, int] = gc.get_threshold()


@contextmanager
def fewer_collections() -> Iterator[None]:
    """POLL_GC_THRESHOLD for as long as at least one poll runs in this process (the service
    polls from several threads at once); the previous thresholds after the last one ends."""
    global _gc_polls, _gc_saved
    with _gc_lock:
        if _gc_polls == 0:
            _gc_saved = gc.get_threshold()
            gc.set_threshold(max(POLL_GC_THRESHOLD, _gc_saved[0]), *_gc_saved[1:])
        _gc_polls += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_polls -= 1
            if _gc_polls == 0:
                gc.set_threshold(*_gc_saved)


def utcnow() -> datetime:
    return datetime.now(UTC)


class Pipeline:
    """Holds what one configuration needs for polling: the store, the matcher, the settings."""

    def __init__(
        self, config: Config, store: Store, *, clock: Clock = utcnow, metrics: bool = True
    ) -> None:
        self.config = config
        self.store = store
        self.clock = clock
        # Count polls for /metrics: not for `monitor poll`, whose counters die with it.
        self.metrics = metrics
        # Sources that are news-search feeds: their entries are other outlets' articles.
        self.news_search = frozenset(
            src.name for src in config.sources if dedupe.lists_others(src.news_search, src.url)
        )
        self._pool: WorkerPool | None = None
        self._pool_lock = threading.Lock()  # two threads' polls must not both start one
        self._stored_guids: dict[str, frozenset[str]] = {}
        self.settings = FetchSettings.from_config(config.user_agent, config.fetch)

    # The matcher and the domain terms are made when an entry is first judged: stemming the
    # rules and the examples took a third of a second, which a poll where every outlet
    # answers 304 (cron's usual `monitor poll --once`) never needs.
    @functools.cached_property
    def matcher(self) -> Matcher:
        from monitor.exemplars import load_exemplars
        from monitor.match import Matcher

        self._examples_seen = self.store.examples_version()
        return Matcher(self.config.topics, load_exemplars(self.store, self.config))

    @functools.cached_property
    def domain(self) -> frozenset[str]:
        from monitor.match import rule_terms
        from monitor.similar import domain_terms

        return domain_terms(
            term
            for topic in self.config.topics
            for rule in topic.rules
            for term in rule_terms(rule)
        )

    def refresh_examples(self) -> bool:
        """Rebuild the matcher when a verdict or a subscriber's click came in since it was
        built: `monitor run` keeps one pipeline, and a click on the web page must move the
        scores of the next poll, not of the next restart. (Not built yet: it reads the
        examples when first needed.)"""
        if "matcher" not in self.__dict__:
            return False
        seen = self.store.examples_version()
        if seen == self._examples_seen:
            return False
        from monitor.exemplars import load_exemplars
        from monitor.match import Matcher

        self.matcher = Matcher(self.config.topics, load_exemplars(self.store, self.config))
        self._examples_seen = seen
        return True

    def close(self) -> None:
        """Stop the worker processes of big polls, if any were started."""
        if self._pool is not None:
            self._pool.close()
            self._pool = None

    async def _cpu(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run parsing or extraction where it does not hold up the event loop: in a worker
        process during a big poll (both cores work, and the loop's thread keeps the GIL for
        the archive), in a thread otherwise (starting processes would cost more than it saves).
        """
        pool = self._pool
        if pool is not None:
            from monitor.prepare import init_worker
            from monitor.workers import PoolBusy, WorkerLost

            try:
                return await pool.run(fn, *args, **kwargs)
            except WorkerLost as exc:  # a worker died (OOM killer, a crash): go on in threads
                if self._pool is pool:
                    log.warning("%s; parsing in threads for this poll", exc)
                    self._pool = None
                    pool.close(timeout=0.5)  # the loop waits: a busy survivor is killed
            except PoolBusy:  # another thread's poll has the workers: this one parses here
                pass
            # what was meant for the pool runs here now: it needs what a worker starts with
            init_worker(self.config.topics, self.domain)
        return await asyncio.to_thread(fn, *args, **kwargs)

    def _workers(self, run: _Run) -> WorkerPool | None:
        """The parse workers, started by the first document of a big poll that needs parsing,
        not when the poll starts: a poll in which every outlet answers "not modified" has
        nothing to parse, and starting the processes (each imports the parsers) cost such a
        poll from cron more than all its other work. Once started they serve later polls too.
        """
        if self._pool is None and run.pooled:
            run.pooled = False  # once a poll: a pool lost in it is not started again (_cpu)
            with self._pool_lock:
                if self._pool is None:
                    from monitor.prepare import init_worker
                    from monitor.workers import WorkerPool

                    initargs = (self.config.topics, self.domain)
                    self._pool = WorkerPool(os.cpu_count() or 2, init_worker, initargs)
        return self._pool

    def _run(self) -> _Run:
        return _Run(self._story_index)

    def _story_index(self) -> StoryIndex:
        from monitor.cluster import Signature, StoryIndex

        def load(start: datetime, end: datetime) -> list[tuple[int, datetime, Signature]]:
            return [
                (story, when, Signature.from_json(sig))
                for story, when, sig in self.store.story_signatures(start, end)
            ]

        return StoryIndex(load)

    def poll(self, sources: Sequence[SourceConfig], *, dry_run: bool = False) -> list[SourceReport]:
        return asyncio.run(self.poll_async(sources, dry_run=dry_run))

    async def poll_async(
        self, sources: Sequence[SourceConfig], *, dry_run: bool = False
    ) -> list[SourceReport]:
        with fewer_collections():
            reports = await self._poll_async(sources, dry_run)
        if not dry_run and self.metrics:
            from monitor import metrics

            metrics.record_poll(reports)
        return reports

    async def _poll_async(
        self, sources: Sequence[SourceConfig], dry_run: bool
    ) -> list[SourceReport]:
        if not dry_run:
            # Recipients count as subscribed from the first poll that knows them, so the first
            # digest carries what was found before it; and what each asked for is noted, so
            # a later change of it holds "from then on" (deliver.digest.sync).
            from monitor.deliver.digest import sync

            sync(self.config, self.store, self.clock())
            self.refresh_examples()
        # One query for every source's state, not one per source; and the sources that answer
        # "not modified" are recorded together at the end (a commit each was most of a steady
        # poll). Lost if the process dies first: then only their last-success time is older.
        run = self._run()
        run.pooled = len(sources) >= POOL_MIN_SOURCES
        if len(sources) > 1:  # the service polls one source a job: its own row is enough
            run.states = self.store.all_source_states()
        try:
            if dry_run:
                return await self._poll_all(sources, dry_run, run)
            with self.store.grouped():
                try:
                    return await self._poll_all(sources, dry_run, run)
                finally:
                    self._commit_group(run)
        finally:
            if self._pool is not None:
                self._pool.detach()
            if run.unchanged:
                self.store.record_successes(run.unchanged)

    def _commit_group(self, run: _Run) -> None:
        """Commit what the poll stored since the last commit (see Store.grouped). If the
        commit fails, those sources are reported as failed and fetched in full next time:
        their validators were in the same transaction, so no 304 hides what was lost."""
        if run.timer is not None:
            run.timer.cancel()
            run.timer = None
        try:
            self.store.commit_group()
        except OperationalError as exc:
            self._group_failed(run, exc)
        run.group.clear()

    def _group_failed(self, run: _Run, exc: OperationalError) -> None:
        error = f"archive unavailable, will retry: {exc.orig}"
        for report in run.group:
            log.warning("%s: %s", report.name, error)
            report.error = error
            report.new = report.duplicate = report.off_topic = 0
            report.new_ids.clear()
            self._stored_guids.pop(report.name, None)
        run.group.clear()
        run.forget_stories()  # it knew stories that were rolled back
        run.headlines = None  # likewise
        run.fresh_headlines.clear()
        run.off_headlines = None
        run.fresh_off.clear()

    async def _poll_all(
        self, sources: Sequence[SourceConfig], dry_run: bool, run: _Run
    ) -> list[SourceReport]:
        async with Fetcher(self.settings) as fetcher:
            # Sources between fetch and store at once: each holds its document and its parsed
            # entries, so a poll of thousands must not fetch them all before storing any
            # (peak RSS at 1,000 feeds: 420 MB unbounded). Twice the fetch concurrency keeps
            # the workers and the network busy.
            # That many lanes, each taking the next source: not a task per source queued on a
            # semaphore (asyncio's Semaphore.locked() walks its waiters on every acquire, so
            # 1,000 waiting tasks made a steady poll quadratic).
            reports: list[SourceReport | None] = [None] * len(sources)

            async def in_lanes(batch: list[tuple[int, SourceConfig]]) -> None:
                todo = iter(batch)

                async def lane() -> None:
                    for n, source in todo:
                        reports[n] = await self._poll_source(fetcher, source, run,
                                                             dry_run=dry_run)  # fmt: skip

                lanes = min(len(batch), 2 * self.config.fetch.concurrency)
                await asyncio.gather(*(lane() for _ in range(lanes)))

            # The outlets before the news searches that re-list their articles: an outlet's own
            # entry, judged and stored first, carries the article's text and address, and the
            # search's entry becomes its sighting; the other way round the search's headline
            # would stand for the article (its relevance, its story, its link in the digest).
            numbered = list(enumerate(sources))
            await in_lanes([(n, s) for n, s in numbered if s.name not in self.news_search])
            await in_lanes([(n, s) for n, s in numbered if s.name in self.news_search])
            return [r for r in reports if r is not None]

    async def check(self, source: SourceConfig) -> tuple[SourceReport, list[Candidate]]:
        """Fetch and parse now, and say what would happen to each entry; store nothing."""
        try:
            async with Fetcher(self.settings) as fetcher:
                report = SourceReport(source.name)
                run = self._run()
                candidates = await self._collect(fetcher, source, report, run, dry_run=True)
                return report, candidates
        finally:
            if self._pool is not None:
                self._pool.detach()

    def ingest(self, items: Sequence[Item], now: datetime | None = None) -> list[Candidate]:
        """Dedupe, match and store parsed items without fetching anything (benchmarks, imports).
        Entries already seen by GUID are skipped, as in a poll."""
        report = SourceReport("ingest")
        candidates = self._candidates(items, report)
        self._judge_all(candidates, report, now or self.clock(), self._run(), dry_run=False)
        return candidates

    async def _poll_source(
        self,
        fetcher: Fetcher,
        source: SourceConfig,
        run: _Run,
        *,
        dry_run: bool,
    ) -> SourceReport:
        report = SourceReport(source.name)
        try:
            await self._collect(fetcher, source, report, run, dry_run=dry_run)
        except MonitorError as exc:  # expected faults: recorded, never raised past here
            report.error = redact(str(exc))
        except OperationalError as exc:
            # The archive is locked past the busy timeout, or the disk is full. Nothing of this
            # source's state was saved (its validators are written last), so the next poll
            # fetches it in full and stores what is missing: nothing is lost.
            report.error = f"archive unavailable, will retry: {exc.orig}"
            log.warning("%s: %s", source.name, report.error)
        except Exception as exc:  # a bug must not stop the other sources either
            log.exception("%s: unexpected error", source.name)
            report.error = redact(f"internal error: {type(exc).__name__}: {exc}")
        return report

    async def _collect(
        self,
        fetcher: Fetcher,
        source: SourceConfig,
        report: SourceReport,
        run: _Run,
        *,
        dry_run: bool,
    ) -> list[Candidate]:
        if run.states is not None:  # loaded for the whole poll: a source not there has no row
            state = run.states.pop(source.name, None) or SourceState(name=source.name)
        else:
            state = self.store.source_state(source.name)
        moved = state.url if state.url and state.config_url == source.url else None
        url = moved or source.url
        same_validators = state.config_url in (None, source.url)
        now = self.clock()
        try:
            if source.kind == "html":
                result = await fetcher.page(url)
            else:
                result = await fetcher.feed(
                    url,
                    etag=state.etag if same_validators and not dry_run else None,
                    last_modified=state.last_modified if same_validators and not dry_run else None,
                )
        except RetryLater as exc:
            self._fail(source, report, now, str(exc), dry_run, retry_after=exc.seconds)
            return []
        except FetchError as exc:
            self._fail(source, report, now, str(exc), dry_run)
            return []
        if result.not_modified:
            report.not_modified = True
            if not dry_run:  # written for all such sources at once, when the poll ends
                run.unchanged.append(
                    SourceSuccess(
                        name=source.name,
                        when=now,
                        etag=state.etag,
                        last_modified=state.last_modified,
                        items_seen=0,
                        config_url=source.url,
                        url=moved,
                        min_interval=max_age(result.headers) or state.min_interval,
                    )
                )
            return []
        from monitor.prepare import parse_and_prepare, parse_document

        try:
            args = (source, result.content, result.headers.get("content-type"),
                    result.final_url or url, now)  # fmt: skip
            if self._workers(run) is not None:
                skip = self._stored_guids.get(source.name, frozenset())
                parsed, preps, guids = await self._cpu(
                    parse_and_prepare, *args, skip, headers=result.headers
                )
            else:
                parsed = await self._cpu(parse_document, *args, headers=result.headers)
                preps = None
                guids = tuple(i.guid for i in parsed.items)
        except ParseError as exc:
            self._fail(source, report, now, str(exc), dry_run)
            return []
        if parsed.warning:
            report.warning = parsed.warning
            log.warning("%s: %s", source.name, parsed.warning)
        new_url = moved
        if result.permanent_redirect and result.final_url and result.final_url != url:
            new_url = result.final_url
            report.warning = f"moved permanently to {redact(new_url)}; update sources.toml"
            log.warning("%s: %s moved permanently to %s", source.name, redact(url),
                        redact(new_url))  # fmt: skip

        candidates = self._candidates(parsed.items, report, preps)
        entries = len(guids)
        report.unchanged += entries - len(parsed.items)  # left out by the worker (see skip)
        await self._fetch_articles(fetcher, source, url, candidates, report)
        asked = max(max_age(result.headers) or 0, (parsed.ttl_minutes or 0) * 60) or None
        success = SourceSuccess(
            name=source.name,
            when=now,
            etag=result.etag,
            last_modified=result.last_modified,
            items_seen=entries,
            config_url=source.url,
            url=new_url,
            min_interval=asked,
            article_failures=report.article_failures,
        )
        # The source's new validators are written in the same transaction as its items.
        self._judge_all(candidates, report, now, run, dry_run=dry_run, success=success)
        if not dry_run:  # stored: the next poll's workers need not prepare these again
            self._stored_guids[source.name] = frozenset(guids)
        return candidates

    def _candidates(
        self,
        items: Sequence[Item],
        report: SourceReport,
        preps: Sequence[Prepared | None] | None = None,
    ) -> list[Candidate]:
        out: list[Candidate] = []
        seen_here: set[tuple[str, str]] = set()
        seen = self._seen(items)
        for n, item in enumerate(items):
            key = (item.source, item.guid)
            if key in seen_here or key in seen:
                report.unchanged += 1
                continue
            seen_here.add(key)
            prep = preps[n] if preps is not None else None
            if prep is not None:
                out.append(Candidate(prep.tagged(item), prep.canonical, _prep=prep))
            else:
                out.append(Candidate(item, canonical_url(item.url)))
        return out

    async def _fetch_articles(
        self,
        fetcher: Fetcher,
        source: SourceConfig,
        source_url: str,
        candidates: list[Candidate],
        report: SourceReport,
    ) -> None:
        """Full text for entries that need it and are not already archived by address."""
        from monitor.prepare import extract_and_prepare, wants_article, with_article

        async def one(c: Candidate) -> None:
            assert c.item.url is not None
            # A language guessed from the summary gives way to the page's own (and to a guess
            # from the whole text): the entry goes to the page as the feed gave it.
            entry = c.item if c.guessed is None else replace(c.item, language=None)
            try:
                page = await fetcher.article(c.item.url, source_url)
                metadata = not c.item.published
                if self._pool is not None:
                    item, prep = await self._cpu(
                        extract_and_prepare, page.content, entry, metadata=metadata
                    )
                else:
                    from monitor.parse.article import extract_article

                    article = await self._cpu(
                        extract_article, page.content, c.item.url, metadata=metadata
                    )
                    item, prep = with_article(entry, article), None
            except (FetchError, ParseError) as exc:
                report.article_failures += 1
                log.info("%s: article %s: %s (summary kept)", source.name, redact(c.item.url),
                         redact(str(exc)))  # fmt: skip
                return
            report.articles_fetched += 1
            final = page.final_url
            if final and final != c.item.url and self._aggregated(c.item):
                # An aggregator's redirect, followed: the outlet's address is the article's.
                c.canonical = canonical_url(final)
            c.replace_item(item, prep)

        wanted = [
            c
            for c in candidates
            if c.item.url
            and wants_article(source, c.item)
            and (
                c.prepared(self.matcher).words < TEASER_WORDS or c.prepared(self.matcher).promising
            )
        ]
        known = self.store.known_addresses(c.canonical for c in wanted)
        wanted = [c for c in wanted if c.canonical not in known]
        await asyncio.gather(*(one(c) for c in wanted))

    def _fail(
        self,
        source: SourceConfig,
        report: SourceReport,
        now: datetime,
        error: str,
        dry_run: bool,
        *,
        retry_after: float | None = None,
    ) -> None:
        error = redact(error)  # shown and stored: never a source address's user:password
        report.error = error
        log.warning("%s: %s", source.name, error)
        if dry_run:
            return
        state = self.store.source_state(source.name)
        failures = state.consecutive_failures + 1
        backoff = min(
            source.interval * (2 ** min(failures - 1, 16)),
            max(self.config.fetch.max_backoff, source.interval),
        )
        if retry_after:
            backoff = max(backoff, timedelta(seconds=retry_after))
        self.store.record_failure(source.name, when=now, error=error, next_attempt=now + backoff)

    def _judge_all(
        self,
        candidates: list[Candidate],
        report: SourceReport,
        now: datetime,
        run: _Run,
        *,
        dry_run: bool,
        success: SourceSuccess | None = None,
    ) -> None:
        """Judge a source's new entries together and store them in one transaction.

        Another worker may store one of the same articles between our look-ups and our write;
        the write then fails as a whole on a unique key, and the entries are judged again
        against what it stored (their copies become sightings)."""
        for attempt in range(4):
            if attempt:
                candidates = self._unseen(candidates, report)
            mark = len(run.fresh_headlines)
            plan = self._plan(candidates, now, run)
            if dry_run:
                break
            try:
                self.store.store_batch(plan.new, plan.sightings, now, success=success)
                self.store.merge_stories(plan.merges)
                self.store.set_signatures(plan.signatures)
                self.store.replace_stubs(plan.stub_replacements)
                self._keep_off_topic(plan, run)
            except OperationalError as exc:  # the group was rolled back with this write
                self._group_failed(run, exc)
                raise
            except IntegrityError:
                if attempt == 3:
                    raise
                log.info("%s: another worker stored some of these entries; judging again",
                         report.name)  # fmt: skip
                del run.fresh_headlines[mark:]  # this attempt's items were not stored
                run.headlines = None  # nor indexed: built again when next needed
                continue
            break
        for c in candidates:
            stored = plan.stored.get(id(c))
            if stored is not None:
                c.item_id = stored.id
            if c.verdict == "new":
                report.new += 1
                if c.item_id is not None:
                    report.new_ids.append(c.item_id)
            elif c.verdict == "off-topic":
                report.off_topic += 1
            else:
                report.duplicate += 1
        if not dry_run:
            for n, when, sig in plan.stories:
                run.stories.add(n.story, when, sig)
            for story, when, sig in plan.stories_of_copies:
                run.stories.add(story, when, sig)
            for into, other in plan.merges:
                run.stories.merge(into, other)
        if not dry_run and self.store.grouping:
            run.group.append(report)
            if run.timer is None:  # commit soon: the group holds the archive's write lock
                loop = asyncio.get_running_loop()
                run.timer = loop.call_later(GROUP_SECONDS, self._commit_group, run)

    def _seen(self, items: Sequence[Item]) -> set[tuple[str, str]]:
        """(source, guid) of the entries already looked at: a query per source, not per entry."""
        by_source: dict[str, list[str]] = {}
        for item in items:
            by_source.setdefault(item.source, []).append(item.guid)
        return {
            (src, guid)
            for src, guids in by_source.items()
            for guid in self.store.seen_guids(src, guids)
        }

    def _unseen(self, candidates: list[Candidate], report: SourceReport) -> list[Candidate]:
        seen = self._seen([c.item for c in candidates])
        out = [c for c in candidates if (c.item.source, c.item.guid) not in seen]
        report.unchanged += len(candidates) - len(out)
        return out

    def _plan(self, candidates: list[Candidate], now: datetime, run: _Run) -> _Plan:
        """Verdicts for a batch of new entries, and the rows that record them.

        Exact copies (address, fingerprint) are looked up for every entry, in two queries a
        batch. Near-copies (shingles) and story clustering only for entries that can match a
        topic (``Matcher.may_match``): off-topic entries are most of what outlets publish, are
        never delivered, and a near-copy of one is as harmless as the one itself. Those have
        a last rung: their headline (``dedupe.headline_copy``) against the on-topic items of
        the last days, for news-search entries, the outlets' entries that follow them, and
        teasers."""
        from monitor.cluster import pick_story_why

        stories = run.stories
        plan = _Plan()
        fps = [c.prepared(self.matcher).fingerprint for c in candidates]
        by_url, by_fp = self.store.known_copies((c.canonical for c in candidates), fps)
        near = self._archived_near_copies(candidates, fps, by_url, by_fp)
        here_url: dict[str, NewItem] = {}
        here_fp: dict[str, NewItem] = {}
        # The batch's texts a later entry may copy: its new items', and its near-copies' own
        # texts, each standing for the item it copies (round 33: a teaser of a mirror's copy).
        here_sh: list[_Text] = []
        for c, fp in zip(candidates, fps, strict=True):
            item = c.item
            promising = c.prepared(self.matcher).promising
            analysis = c.analysis(self.matcher, self.domain) if promising else None
            sh = analysis.shingles if analysis is not None else set()
            keys = analysis.keys if analysis is not None else set()
            dup: tuple[int | NewItem, str, float | None] | None = None
            if c.canonical and c.canonical in by_url:
                dup = (by_url[c.canonical], "url", None)
            elif c.canonical and c.canonical in here_url:
                dup = (here_url[c.canonical], "url", None)
            elif fp in by_fp:
                dup = (by_fp[fp], "fingerprint", None)
            elif fp in here_fp:
                dup = (here_fp[fp], "fingerprint", None)
            elif promising:
                assert analysis is not None
                dup = self._near_copy(near.get(id(c)), sh, item.title, here_sh)
                if dup is not None and self._fuller_than_stub(dup, near.get(id(c)), analysis):
                    dup = None
                if dup is None:
                    dup = self._headline_copy(c, run, now)
                if dup is None and self._aggregated(item):
                    dup = self._off_topic_copy(c, run, now)
            if dup is not None:
                of, reason, similarity = dup
                if analysis is not None:
                    original = self.store.original_of(of) if isinstance(of, int) else None
                    self._cluster_copy(item, analysis.signature, of, original, plan, stories,
                                       now)  # fmt: skip
                    if isinstance(of, int) and original is not None:
                        self._over_stub(c, analysis, original, of, plan)
                on = _copied_on_topic(of, near.get(id(c)), here_sh)
                if on is None and analysis is not None:  # an exact copy: judged as its text
                    scores = self.matcher.with_examples(analysis.scores, analysis.vector)
                    on = any(m.matched for m in scores)
                if on and analysis is not None:
                    # The copy's headline stands for the item too: a news search's entry for
                    # the copy's outlet names it (Store.headlines keeps it for later polls). As
                    # long as the item, never a teaser's: a teaser's headline stands for any
                    # article repeating it, and Aftenposten's teaser, a copy of its article, then
                    # took NRK's and VG's reports under the same headline for copies.
                    size = len(of.item.body) if isinstance(of, NewItem) else SHORT_BODY_CHARS
                    told = self._headline(of, item.title, item.source, item.url,
                                          max(len(item.body), size), item.outlet_url,
                                          item.outlet)  # fmt: skip
                    _remember(run, told)
                if reason == "near-duplicate" and sh:
                    # Its own text is the item's too: a later copy of it (a teaser of this cut,
                    # this rewrite's first sentences) is a copy of the item, in this batch and
                    # in later polls (the sighting adds its fingerprints to the item's).
                    here_sh.append(_Text(sh, item.title, on is not False, of))
                    plan.sightings.append(
                        NewSighting(item, of, reason, c.canonical, similarity, frozenset(sh),
                                    frozenset(keys))
                    )  # fmt: skip
                else:
                    plan.sightings.append(NewSighting(item, of, reason, c.canonical, similarity))
                c.item_id = of if isinstance(of, int) else None
                if isinstance(of, NewItem):
                    plan.stored[id(c)] = of
                c.verdict = f"duplicate of #{c.item_id or 'new'} ({reason})"
                log.info("%s: %r is a copy of %s (%s)", item.source, item.title,
                         f"archived item {of}" if isinstance(of, int) else repr(of.item.title),
                         reason)  # fmt: skip
                continue
            c.scores = (
                self.matcher.with_examples(analysis.scores, analysis.vector) if analysis else []
            )
            new = NewItem(item, c.canonical, fp, sh, c.scores, keys=keys)
            c.verdict = "new" if new.on_topic else "off-topic"
            if new.on_topic:
                assert analysis is not None  # on topic: it was promising
                sig = analysis.signature
                when = item.published or item.fetched_at or now
                joined = pick_story_why(sig, _nearby(stories, plan, when), when)
                new.story = joined.story if joined else None  # type: ignore[assignment]
                new.signature = sig.to_json()
                if joined:  # why it joined, for `monitor archive show`
                    new.signature["why"] = joined.link.why()
                    for other in joined.also:  # it bridges a split story: one event
                        _fold(plan, joined.story, other)  # type: ignore[arg-type]
                plan.stories.append((new, when, sig))
                fresh = self._headline(
                    new, item.title, item.source, item.url, len(item.body), item.outlet_url,
                    item.outlet,
                )  # fmt: skip
                _remember(run, fresh)
            else:
                plan.off_topic.append(new)  # for ``_off_topic_copy``, once stored
            plan.new.append(new)
            plan.stored[id(c)] = new
            if c.canonical:
                here_url[c.canonical] = new
            here_fp[fp] = new
            if sh:
                here_sh.append(_Text(sh, item.title, new.on_topic, new))
        return plan

    def _cluster_copy(
        self,
        item: Item,
        sig: Signature,
        of: int | NewItem,
        original: Original | None,
        plan: _Plan,
        stories: StoryIndex,
        now: datetime,
    ) -> None:
        """A copy's own words count for its original's story, so the stories do not depend on
        which of the two came first (issue #26): a teaser or a summary that arrives before its
        article would otherwise speak for both with a hundred characters, and the article's
        links (its names, numbers, terms) would be lost. The copy is linked like a new item
        (the stories it links to are folded into its original's), and when it is the fuller
        text its signature replaces the original's, for the articles that come after.
        ``original``: an archived ``of`` as the archive holds it (None: off topic)."""
        from monitor.cluster import pick_story_why

        if isinstance(of, NewItem):
            if of.signature is None:
                return  # a copy of an off-topic item: no story
            story: int | NewItem = of
            length = len(of.item.title) + len(of.item.body) + 1
            stored = of.signature
        else:
            if original is None or original.signature is None:
                return
            story, stored = original.story, original.signature
            length = len(original.title) + len(original.text) + 1
        when = item.published or item.fetched_at or now
        joined = pick_story_why(sig, _nearby(stories, plan, when), when)
        if joined:
            for other in (joined.story, *joined.also):
                _fold(plan, story, other)  # type: ignore[arg-type]
        if len(item.title) + len(item.body) + 1 <= length:
            return
        fuller = sig.to_json()
        if stored.get("why"):
            fuller["why"] = stored["why"]  # why the original joined its story still holds
        if isinstance(of, NewItem):
            of.signature = fuller
            plan.stories = [(n, w, sig if n is of else s) for n, w, s in plan.stories]
        else:
            plan.signatures.append((of, fuller))
            assert isinstance(story, int)  # an archived original's story is archived too
            plan.stories_of_copies.append((story, when, sig))

    def _over_stub(
        self, c: Candidate, analysis: Analysis, original: Original, of: int, plan: _Plan
    ) -> None:
        """An outlet's own article that copies an on-topic entry of a news search takes the
        entry's place in the archive (``Store.replace_stubs``). Under ``monitor run`` a search whose
        schedule comes first lists the article before the outlet's feed does: the item was then
        the search engine's redirect link, judged on a headline, and stayed so. An article judged
        off the beat on its own text withdraws an entry that was a headline and a line: the
        rules read more of it than the entry gave them (news search first, three outside sets
        lost 0.005 to 0.03 of precision to such entries); what was sent of it stays sent. An
        entry with an article's text of its own keeps its judgement. Its text replaces
        the entry's only when it says as much (a search link followed to the article may have
        brought more than the outlet's summary). A copy within one batch is never such a pair:
        a batch is one source's."""
        item = c.item
        if not item.url or self._aggregated(item):
            return
        if any(r.item_id == of for r in plan.stub_replacements):
            return  # the feed lists the article twice: the first speaks
        if original.source not in self.news_search and not dedupe.is_news_search(original.url):
            return
        length = len(original.title) + len(original.text or original.summary)
        scores = self.matcher.with_examples(analysis.scores, analysis.vector)
        withdrawn: tuple[TopicMatch, ...] = ()
        if not any(m.matched for m in scores):
            # Off the beat in full. A headline (and a line) was all the entry said: the
            # article's judgement is the better one, and the item is withdrawn. An entry that
            # said as much as an article was judged on its own words: it stays.
            stub = len(original.text or original.summary) < SHORT_BODY_CHARS
            if not stub or len(item.body) < SHORT_BODY_CHARS:
                return
            log.info("%s: %r, read in full, is off the beat: archived item %s withdrawn",
                     item.source, item.title, of)  # fmt: skip
            withdrawn = tuple(scores)
        fp = c.prepared(self.matcher).fingerprint
        says_less = not withdrawn and len(item.title) + len(item.body) < length
        if says_less or any(r.fingerprint == fp for r in plan.stub_replacements):
            # (or the batch has its text already: fingerprints are unique)
            plan.stub_replacements.append(
                StubReplacement(of, item, c.canonical, withdrawn=withdrawn)
            )
            return
        plan.stub_replacements.append(StubReplacement(
            of, item, c.canonical, fp, frozenset(analysis.shingles), frozenset(analysis.keys),
            withdrawn,
        ))  # fmt: skip

    def _aggregated(self, item: Item) -> bool:
        """Whether the entry is a news-search feed's: another outlet's article."""
        return item.source in self.news_search or dedupe.is_news_search(item.url)

    def _headline(
        self, ref: int | NewItem, title: str, source: str, url: str | None, length: int,
        outlet_url: str | None = None, outlet_name: str | None = None,
    ) -> dedupe.Headline:  # fmt: skip
        aggregated = source in self.news_search or dedupe.is_news_search(url)
        return dedupe.Headline(
            ref, title, source, url, length < SHORT_BODY_CHARS, aggregated, outlet_url,
            outlet_name,
        )  # fmt: skip

    def _headline_copy(
        self, c: Candidate, run: _Run, now: datetime
    ) -> tuple[int | NewItem, str, float | None] | None:
        """The headline rung of the ladder (see dedupe.headline_copy), or None."""
        item = c.item
        aggregated = self._aggregated(item)
        short = len(item.body) < SHORT_BODY_CHARS
        if not (aggregated or short or self.news_search):
            return None  # no aggregator polled, and a full article: nothing to compare
        if run.headlines is None:
            rows = self.store.headlines(now - HEADLINE_WINDOW, now + timedelta(days=1))
            # This poll's items too: its group may not be committed yet (Store.grouped).
            run.headlines = dedupe.HeadlineIndex(
                [self._headline(*row) for row in rows] + run.fresh_headlines
            )
        found = dedupe.headline_copy(item.title, item.source, item.url, aggregated=aggregated,
                                     short=short, archived=run.headlines,
                                     outlet_url=item.outlet_url,
                                     outlet_name=item.outlet)  # fmt: skip
        if found is None:
            return None
        other, reason = found
        return other.ref, reason, None  # type: ignore[return-value]

    def _keep_off_topic(self, plan: _Plan, run: _Run) -> None:
        """The outlets' off-topic items a batch stored, as rows ``_off_topic_copy`` may need
        later in the poll: their ids, not the items (a first poll stores tens of thousands,
        whose texts need not outlive their batch). A batch is one source's, so a search's entry
        never needs an item of its own batch."""
        for n in plan.off_topic:
            row = (n.id, n.item.title, n.item.source, n.item.url, len(n.item.body))
            if not self._stands(row):  # type: ignore[arg-type]  # stored: it has its id
                continue
            run.fresh_off.append(row)  # type: ignore[arg-type]
            if run.off_headlines is not None:
                run.off_headlines.add(self._headline(*row))  # type: ignore[arg-type]

    def _stands(self, row: tuple[int, str, str, str | None, int]) -> bool:
        """Whether an off-topic item (id, title, source, url, length) may stand against a
        news search's headline: an outlet's own article, read in full (as ``_over_stub``
        asks), not a search's entry nor one judged on a line or two. Asked only of what a
        batch stored and of what the archive gives when a search entry first needs it."""
        _, _, source, url, length = row
        return (
            length >= SHORT_BODY_CHARS
            and source not in self.news_search
            and not dedupe.is_news_search(url)
        )

    def _off_topic_copy(
        self, c: Candidate, run: _Run, now: datetime
    ) -> tuple[int | NewItem, str, float | None] | None:
        """The outlet's own article a news search's entry lists, when that article was judged
        off the beat on its full text: the entry is its sighting, not an item of its own.
        Judged on its headline alone, the entry would bring back what the article's text
        ruled out (bench/blackbox.py, tenth set: four sport and energy articles delivered by
        their search headlines, "Quadruple Russian victory shocks Norway"). The other order,
        the search's entry first, is ``_over_stub``'s."""
        item = c.item
        if run.off_headlines is None:
            rows = self.store.headlines(now - HEADLINE_WINDOW, now + timedelta(days=1),
                                        on_topic=False)  # fmt: skip
            run.off_headlines = dedupe.HeadlineIndex(
                self._headline(*row) for row in [*filter(self._stands, rows), *run.fresh_off]
            )
        found = dedupe.headline_copy(item.title, item.source, item.url, aggregated=True,
                                     short=len(item.body) < SHORT_BODY_CHARS,
                                     archived=run.off_headlines, outlet_url=item.outlet_url,
                                     outlet_name=item.outlet)  # fmt: skip
        if found is None:
            return None
        return found[0].ref, found[1], None  # type: ignore[return-value]

    def _archived_near_copies(
        self,
        candidates: list[Candidate],
        fps: list[str],
        by_url: dict[str, int],
        by_fp: dict[str, int],
    ) -> dict[int, Duplicate | None]:
        """The archived item each promising entry that copies no archived one exactly mostly
        copies, by id() of the candidate: asked for all of them at once (two queries a feed,
        not two or three an entry; on PostgreSQL each query is a wait on the server). The
        archive does not change while a batch is judged, so the answers are the ones asked
        one by one in ``_plan`` would get; an entry found to copy an earlier one of its batch
        does not use its answer."""
        asked = [
            c
            for c, fp in zip(candidates, fps, strict=True)
            if c.prepared(self.matcher).promising
            and not (c.canonical and c.canonical in by_url)
            and fp not in by_fp
        ]
        texts = []
        for c in asked:
            analysis = c.analysis(self.matcher, self.domain)
            texts.append((analysis.shingles, c.item.title, analysis.keys))
        found = self.store.near_duplicates(texts) if texts else []
        return {id(c): f for c, f in zip(asked, found, strict=True)}

    def _fuller_than_stub(
        self,
        dup: tuple[int | NewItem, str, float | None],
        found: Duplicate | None,
        analysis: Analysis,
    ) -> bool:
        """Whether an entry that contains an off-topic item is to be judged as an article of
        its own: the item was a stub (a news search's headline, a teaser, a summary) or a cut
        of the same text (a mirror's) judged off topic on what it said, and the entry, with
        STUB_RATIO times its fingerprints or more, is on topic. Taken for the stub's copy, the
        outlet's own article would never be judged on its text (issue #28, classes 4 and 5: a
        search entry polled first; round 32: the cut polled first). Later copies of both are
        the on-topic one's (``_near_copy``), so it is delivered once."""
        of = dup[0]
        if isinstance(of, NewItem):
            on_topic, size = of.on_topic, len(of.shingles)
        elif found is not None and found.item_id == of:
            on_topic, size = found.on_topic, found.size
        else:
            return False
        if on_topic or len(analysis.shingles) < STUB_RATIO * size:
            return False
        scores = self.matcher.with_examples(analysis.scores, analysis.vector)
        return any(m.matched for m in scores)

    def _near_copy(
        self, found: Duplicate | None, sh: set[int], title: str, here: list[_Text]
    ) -> tuple[int | NewItem, str, float | None] | None:
        """The best of ``found`` (the archive's, see ``_archived_near_copies``) and the
        earlier texts of the batch (``here``) that this text copies, ranked by
        ``dedupe.copy_rank`` (as the archive's are)."""
        best: tuple[int | NewItem, str, float | None] | None = None
        best_on = False
        if found is not None:
            best = (found.item_id, found.reason, found.similarity)
            best_on = found.on_topic
        for other in here:
            shared = len(sh & other.shingles)
            if not dedupe.is_copy(shared, len(sh), len(other.shingles), title, other.title):
                continue
            c = round(dedupe.containment(shared, len(sh), len(other.shingles)), 3)
            if best is None or dedupe.copy_rank(other.on_topic, c) > dedupe.copy_rank(
                best_on, best[2]
            ):
                best, best_on = (other.of, "near-duplicate", c), other.on_topic
        return best


@dataclass
class _Run:
    """What one poll (or one ingest) keeps while it runs. Passed along, never kept on the
    Pipeline: the service polls sources from several threads through one Pipeline."""

    # The stories' index: made when an on-topic entry is first judged (a poll of unchanged
    # feeds needs none); what other workers stored before is loaded as it is needed.
    story_index: Callable[[], StoryIndex]
    states: dict[str, SourceState] | None = None  # every source's, for a poll of many
    unchanged: list[SourceSuccess] = field(default_factory=list)  # 304s, written at the end
    group: list[SourceReport] = field(default_factory=list)  # stored, not yet committed
    timer: asyncio.TimerHandle | None = None  # the group's commit
    headlines: dedupe.HeadlineIndex | None = None  # loaded when an entry first needs them
    fresh_headlines: list[dedupe.Headline] = field(default_factory=list)  # stored this poll
    # The outlets' off-topic items, for news-search entries (Pipeline._off_topic_copy).
    off_headlines: dedupe.HeadlineIndex | None = None
    fresh_off: list[tuple[int, str, str, str | None, int]] = field(default_factory=list)
    pooled: bool = False  # a poll of many sources whose workers are not started yet
    _stories: StoryIndex | None = None

    @property
    def stories(self) -> StoryIndex:
        if self._stories is None:
            self._stories = self.story_index()
        return self._stories

    def forget_stories(self) -> None:
        """Load them again when next needed (a rolled-back group's stories are gone)."""
        self._stories = None


def _remember(run: _Run, told: dedupe.Headline) -> None:
    """A headline stored this poll, for the headline rung of the poll's later batches."""
    run.fresh_headlines.append(told)
    if run.headlines is not None:
        run.headlines.add(told)


@dataclass(frozen=True)
class _Text:
    """A text of the batch a later entry may copy (``Pipeline._near_copy``): a new item's, or
    a near-copy's own, standing for the item ``of`` it copies."""

    shingles: set[int]
    title: str
    on_topic: bool
    of: int | NewItem


def _copied_on_topic(of: int | NewItem, found: Duplicate | None, here: list[_Text]) -> bool | None:
    """Whether the item a copy copies is on topic, where the batch knows it (None: an archived
    item found by its address or fingerprint)."""
    if isinstance(of, NewItem):
        return of.on_topic
    if found is not None and found.item_id == of:
        return found.on_topic
    return next((t.on_topic for t in here if t.of == of), None)


@dataclass
class _Plan:
    new: list[NewItem] = field(default_factory=list)
    sightings: list[NewSighting] = field(default_factory=list)
    stored: dict[int, NewItem] = field(default_factory=dict)  # id(candidate) → its item's row
    stories: list[tuple[NewItem, datetime, Signature]] = field(default_factory=list)
    merges: list[tuple[int, int]] = field(default_factory=list)  # archived (into, other)
    folded: dict[int, int] = field(default_factory=dict)  # other → into, for this batch
    # archived items whose fuller copy speaks for them now: (item id, its signature)
    signatures: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    stories_of_copies: list[tuple[int, datetime, Signature]] = field(default_factory=list)
    # archived news-search entries an outlet's own article now speaks for (Pipeline._over_stub)
    stub_replacements: list[StubReplacement] = field(default_factory=list)
    # the outlets' new off-topic items (Pipeline._keep_off_topic)
    off_topic: list[NewItem] = field(default_factory=list)


def _nearby(
    stories: StoryIndex, plan: _Plan, when: datetime
) -> list[tuple[Hashable, Signature, datetime]]:
    """The stories an article published at ``when`` is compared with: the archive's recent
    ones (the index) and this batch's."""
    from monitor.cluster import STORY_WINDOW

    out: list[tuple[Hashable, Signature, datetime]] = list(stories.candidates(when))
    out += [
        (n.story if n.story is not None else n, s, w)
        for n, w, s in plan.stories
        if abs(w - when) <= STORY_WINDOW
    ]
    return out


def _root(plan: _Plan, story: int | NewItem) -> int | NewItem:
    """The story a reference stands for: an archived story's id (after this batch's folds),
    or the batch's item that begins it (a NewItem whose ``story`` is None)."""
    while True:
        if isinstance(story, NewItem):
            if story.story is None or story.story is story:
                return story
            story = story.story
        elif story in plan.folded:
            story = plan.folded[story]
        else:
            return story


def _fold(plan: _Plan, into: int | NewItem, other: int | NewItem) -> None:
    """Make two stories one: a batch's story points at the other (its items follow when
    stored); two archived stories are merged in the archive after the batch is stored, into
    the older (lower) id so a story keeps the id readers have seen."""
    a, b = _root(plan, into), _root(plan, other)
    if a is b or a == b:
        return
    if isinstance(b, NewItem):
        b.story = a
    elif isinstance(a, NewItem):
        a.story = b
    else:
        keep, gone = min(a, b), max(a, b)
        plan.folded[gone] = keep
        # Earlier merges into the one now folded follow it (the updates run in order).
        plan.merges = [(keep if i == gone else i, o) for i, o in plan.merges]
        plan.merges.append((keep, gone))
