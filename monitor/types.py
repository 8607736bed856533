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
