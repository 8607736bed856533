"""The vocabulary shared by every stage: what a parser produces and the store keeps."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Item:
    """One news item as an outlet served it, normalised to plain text and UTC.

    Parsers build it, matching and dedupe read it, the store archives it: no dicts with ad-hoc
    keys cross a module boundary.
    """

    source: str
    guid: str
    url: str | None
    title: str
    summary: str = ""
    text: str = ""
    published: datetime | None = None
    language: str | None = None
    fetched_at: datetime | None = None
    # The outlet a republishing feed names for the entry (RSS <source url="…">Outlet</source>,
    # as news-search feeds give it): the name and the outlet's address. Not archived: the
    # parser writes the name into the title as such feeds do ("Headline - Outlet").
    outlet: str | None = None
    outlet_url: str | None = None

    @property
    def body(self) -> str:
        """The best text we have: full text when the outlet gave it, else the summary."""
        return self.text or self.summary

    def __reduce__(self) -> tuple[type[Item], tuple[object, ...]]:
        # Items cross from the parse workers to the poll's loop by the tens of thousands; the
        # dataclass default (a per-object fields() walk) was half of unpickling a feed.
        return Item, (self.source, self.guid, self.url, self.title, self.summary, self.text,
                      self.published, self.language, self.fetched_at, self.outlet,
                      self.outlet_url)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Hit:
    """One rule that fired for a topic, with the terms that made it fire and where."""

    rule: str
    terms: tuple[str, ...]
    where: str  # "title" or "text"
    points: float
    alert: bool = False  # the rule is marked high priority


@dataclass(frozen=True, slots=True)
class TopicMatch:
    """The score of one item against one topic, with its explanation."""

    topic: str
    score: float
    threshold: float
    hits: tuple[Hit, ...] = ()

    @property
    def matched(self) -> bool:
        return self.score >= self.threshold

    @property
    def alert(self) -> bool:
        """Matched, with a high-priority rule among the reasons: worth an immediate alert."""
        return self.matched and any(h.alert for h in self.hits)

    def explain(self) -> list[dict[str, object]]:
        return [
            {"rule": h.rule, "terms": list(h.terms), "where": h.where, "points": h.points}
            | ({"alert": True} if h.alert else {})
            for h in self.hits
        ]


@dataclass(slots=True)
class FetchResult:
    """What the fetcher got back: the body (or nothing on 304) and the validators to store."""

    url: str
    status: int
    content: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None
    last_modified: str | None = None
    final_url: str | None = None
    permanent_redirect: bool = False

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass(frozen=True, slots=True)
class SourceSuccess:
    """A good poll of one source, as the archive records it (``Store.record_successes``, or
    ``store_batch`` in the same transaction as the source's items): the pipeline builds it,
    the store writes it into the source's state. Saved only after the items are stored, so a
    crash in between means a full re-fetch, never a 304 that hides unstored items."""

    name: str
    when: datetime
    etag: str | None = None
    last_modified: str | None = None
    items_seen: int = 0  # entries the feed served this time (added to the source's count)
    # The address in sources.toml when this poll ran; when set, ``url`` is recorded with it:
    # where the source lives now (after a permanent redirect), or None to forget a move.
    config_url: str | None = None
    url: str | None = None
    min_interval: int | None = None  # seconds, from Cache-Control max-age or the feed's ttl
    article_failures: int = 0  # article pages that failed this poll (added to the count)
