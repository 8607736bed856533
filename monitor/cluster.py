"""Story clustering: different articles about the same event, grouped.

Dedupe asks "is this the same article?"; clustering asks "is this the same event?" and never
merges two articles into one item. Two on-topic articles published within three days of each
other belong to one story when their event vectors are close (the beat's vocabulary counts a
fifth, so "Norway, Russia, border" alone does not make two stories one), or when they share at
least three names (capitalised words mid-sentence: people, ships, places off the beat's list),
which also links a translation to its original.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from monitor.similar import Vector, cosine, term_key, vector

STORY_WINDOW = timedelta(days=3)
STORY_SIMILARITY = 0.30
STORY_SHARED_NAMES = 3
SIGNATURE_TERMS = 40
_SENTENCE_WORD = re.compile(r"(^|[.!?:;«»\"“”]\s+|\n)\s*$")
_CAPITALISED = re.compile(r"\b[A-ZÆØÅА-ЯЁ][\w’'-]+", re.UNICODE)


@dataclass(frozen=True)
class Signature:
    terms: Vector
    names: frozenset[str]

    def to_json(self) -> dict[str, object]:
        return {"t": {k: round(v, 4) for k, v in self.terms.items()}, "n": sorted(self.names)}

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Signature:
        terms = data.get("t") or {}
        names = data.get("n") or []
        return cls(dict(terms), frozenset(names))  # type: ignore[arg-type]


def names_in(text: str, domain: frozenset[str]) -> frozenset[str]:
    out = set()
    for m in _CAPITALISED.finditer(text):
        if _SENTENCE_WORD.search(text[max(0, m.start() - 3) : m.start()]) or m.start() == 0:
            continue  # a capital at the start of a sentence says nothing
        key = term_key(m.group(0))
        if key and key not in domain:
            out.add(key)
    return frozenset(out)


def signature(
    title: str, text: str, domain: frozenset[str], counts: Counter[str] | None = None
) -> Signature:
    """Names come from the text only: English headlines capitalise every word.
    ``counts``: ``similar.term_counts`` of title + "\\n" + text, when the caller has them."""
    body = f"{title}\n{text}"
    terms = vector(body, domain, limit=SIGNATURE_TERMS, counts=counts)
    return Signature(terms, names_in(text, domain))


def relatedness(a: Signature, b: Signature) -> tuple[float, int]:
    return cosine(a.terms, b.terms), len(a.names & b.names)


def same_story(a: Signature, b: Signature) -> bool:
    sim, shared = relatedness(a, b)
    return sim >= STORY_SIMILARITY or shared >= STORY_SHARED_NAMES


def pick_story(sig: Signature, candidates: Iterable[tuple[int, Signature]]) -> int | None:
    """The story of the closest related candidate (story id, signature), or None."""
    best: tuple[float, int] | None = None
    for story_id, other in candidates:
        if not same_story(sig, other):
            continue
        sim, shared = relatedness(sig, other)
        rank = sim + 0.1 * shared
        if best is None or rank > best[0]:
            best = (rank, story_id)
    return best[1] if best else None


# Members of one story kept per day for comparison: single-link over the latest few is as good
# as over all (a story's new articles resemble its recent ones), and it keeps the cost of one
# look-up bounded by the number of stories in the window, not the number of articles.
MEMBERS_PER_DAY = 5

Loader = Callable[[datetime, datetime], Iterable[tuple[Hashable, datetime, Signature]]]


class StoryIndex:
    """The recent stories' signatures, in memory for one poll: a poll that finds thousands of
    on-topic items must not read every neighbour's signature back from the archive for each.

    ``load(start, end)`` gives (story, when, signature) of archived on-topic items; it is asked
    once per day of the windows looked at. Stories found during the poll are added with
    ``add`` once stored. Items another worker stores meanwhile are seen from the next poll."""

    def __init__(self, load: Loader) -> None:
        self._load = load
        self._days: dict[date, dict[Hashable, list[tuple[datetime, Signature]]]] = {}

    def _ensure(self, start: datetime, end: datetime) -> None:
        day = start.date()
        while day <= end.date():
            if day not in self._days:
                first = day
                while day <= end.date() and day not in self._days:
                    self._days[day] = {}
                    day += timedelta(days=1)
                lo = datetime.combine(first, datetime.min.time(), start.tzinfo)
                hi = datetime.combine(day, datetime.min.time(), start.tzinfo)
                for story, when, sig in self._load(lo, hi):
                    self._put(story, when, sig)
            day += timedelta(days=1)

    def _put(self, story: Hashable, when: datetime, sig: Signature) -> None:
        bucket = self._days.get(when.date())
        if bucket is None:
            return  # a day nobody asked for: loaded from the archive when it is
        members = bucket.setdefault(story, [])
        members.append((when, sig))
        if len(members) > MEMBERS_PER_DAY:
            del members[0]

    def candidates(self, when: datetime) -> list[tuple[Hashable, Signature]]:
        self._ensure(when - STORY_WINDOW, when + STORY_WINDOW)
        out = []
        day = (when - STORY_WINDOW).date()
        while day <= (when + STORY_WINDOW).date():
            for story, members in self._days.get(day, {}).items():
                out += [(story, sig) for w, sig in members if abs(w - when) <= STORY_WINDOW]
            day += timedelta(days=1)
        return out

    def add(self, story: Hashable, when: datetime, sig: Signature) -> None:
        self._put(story, when, sig)
