"""Topic matching: readable term rules, inflection-tolerant in English, Norwegian and Russian.

A term and a text word match when they share a Snowball stem after case and diacritic folding:
Latin words are stemmed as English and as Norwegian (both stems count, since outlets on this
beat mix the two), Cyrillic words as Russian. So "Russland" matches "Russlands", "russisk"
matches "russiske", "Норвегия" matches "Норвегии", and "Sør-Varanger" matches "Sor-Varanger".
Multi-word terms ("Barents Sea") must appear as consecutive words.

Pure functions over text: no I/O, so every rule feature is tested on small strings.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import snowballstemmer

from monitor.config import RuleConfig, TopicConfig
from monitor.text import fold, words
from monitor.types import Hit, TopicMatch

if TYPE_CHECKING:
    from monitor.similar import Exemplar

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_STEMMERS = {lang: snowballstemmer.stemmer(lang) for lang in ("english", "norwegian", "russian")}


@lru_cache(maxsize=1 << 17)
def word_keys(word: str) -> frozenset[str]:
    """Every comparison key of one word: its folded stems in the languages its script allows."""
    low = word.casefold()
    langs = ("russian",) if _CYRILLIC.search(low) else ("english", "norwegian")
    keys = {fold(_STEMMERS[lang].stemWord(low)) for lang in langs}
    keys.add(fold(low))
    return frozenset(keys)


@dataclass(frozen=True)
class _Term:
    text: str
    keys: tuple[frozenset[str], ...]
    # Shortest text word each term word accepts: inflection adds letters and rarely removes more
    # than one, so "Evenes" (stem "even") must not match the English word "even".
    min_len: tuple[int, ...]


def _compile_terms(terms: Iterable[str]) -> tuple[_Term, ...]:
    out = []
    for t in terms:
        toks = words(t)
        if toks:
            keys = tuple(word_keys(w) for w in toks)
            out.append(_Term(t, keys, tuple(len(fold(w)) - 1 for w in toks)))
    return tuple(out)


class _Text:
    """A text prepared once for many term look-ups: keys per position, and an inverted index
    of the positions where some term can start (``starts``: the first keys of every term)."""

    def __init__(self, text: str, starts: frozenset[str]) -> None:
        toks = words(text)
        self.keys = list(map(word_keys, toks))
        self.lens = list(map(len, toks))
        self.index: dict[str, list[int]] = {}
        # Only positions where a term can start are indexed: most words of an article are in
        # no rule, and indexing every key of every word was most of the cost of matching.
        for pos, keys in enumerate(self.keys):
            if not starts.isdisjoint(keys):
                for k in keys & starts:
                    self.index.setdefault(k, []).append(pos)

    def _at(self, pos: int, term: _Term, j: int) -> bool:
        return (
            pos < len(self.keys)
            and bool(self.keys[pos] & term.keys[j])
            and self.lens[pos] >= term.min_len[j]
        )

    def has(self, term: _Term) -> bool:
        starts: set[int] = set()
        for k in term.keys[0]:
            starts.update(self.index.get(k, ()))
        return any(
            all(self._at(start + j, term, j) for j in range(len(term.keys))) for start in starts
        )

    def hits(self, terms: Sequence[_Term]) -> list[str]:
        return [t.text for t in terms if self.has(t)]


@dataclass(frozen=True)
class _Rule:
    name: str
    any_of: tuple[_Term, ...]
    all_of: tuple[tuple[_Term, ...], ...]
    none_of: tuple[_Term, ...]
    weight: float
    alert: bool

    def fire(self, text: _Text) -> tuple[str, ...] | None:
        """The terms that make the rule fire in ``text``, or None when it does not."""
        found: list[str] = []
        if self.any_of:
            hits = text.hits(self.any_of)
            if not hits:
                return None
            found += hits
        for group in self.all_of:
            hits = text.hits(group)
            if not hits:
                return None
            found += hits
        return tuple(dict.fromkeys(found))


class _Topic:
    def __init__(self, cfg: TopicConfig) -> None:
        self.cfg = cfg
        self.rules = tuple(
            _Rule(
                r.name,
                _compile_terms(r.any_of),
                tuple(_compile_terms(g) for g in r.all_of),
                _compile_terms(r.none_of),
                r.weight,
                r.alert,
            )
            for r in cfg.rules
        )

    def score(self, title: _Text, both: _Text) -> TopicMatch:
        hits: list[Hit] = []
        total = 0.0
        for rule in self.rules:
            if rule.none_of and both.hits(rule.none_of):
                continue
            in_title = rule.fire(title)
            if in_title is not None:
                points = rule.weight * self.cfg.title_weight
                hits.append(Hit(rule.name, in_title, "title", points, rule.alert))
                total += points
                continue
            in_text = rule.fire(both)
            if in_text is not None:
                hits.append(Hit(rule.name, in_text, "text", rule.weight, rule.alert))
                total += rule.weight
        return TopicMatch(self.cfg.name, round(total, 3), self.cfg.threshold, tuple(hits))


# The second signal: similarity to examples. A borderline item (at least half the threshold
# from its terms) close enough to a relevant example is lifted over the threshold; an item that
# matched on its body alone but resembles an example marked irrelevant more than any relevant
# one is pulled under it. Figures from the development set (README, "Topics").
LIFT_MIN_SIMILARITY = 0.15
DEMOTE_MIN_SIMILARITY = 0.30
DEMOTE_MARGIN = 0.05


class Matcher:
    """Scores items against every configured topic; build once per configuration (and again
    when the examples change: a user's feedback)."""

    def __init__(self, topics: Sequence[TopicConfig], exemplars: Sequence[Exemplar] = ()) -> None:
        self.topics = tuple(_Topic(t) for t in topics)
        self.exemplars = tuple(exemplars)
        terms = {
            term
            for topic in self.topics
            for rule in topic.rules
            for term in (*rule.any_of, *(t for g in rule.all_of for t in g))
        }
        self._terms = tuple(terms)
        self._first_keys = frozenset(k for t in terms for k in t.keys[0])
        self._starts = self._first_keys | frozenset(
            k for topic in self.topics for rule in topic.rules for t in rule.none_of
            for k in t.keys[0]
        )  # fmt: skip
        self._last: tuple[str, _Text] = ("", _Text("", self._starts))

    def _text(self, text: str) -> _Text:
        """``text`` prepared for look-ups; the last one is kept, since ``may_match`` and
        ``term_scores`` ask about the same title and body one after the other."""
        last = self._last  # one read: safe when several threads share the matcher
        if last[0] == text:
            return last[1]
        prepared = _Text(text, self._starts)
        self._last = (text, prepared)
        return prepared

    def may_match(self, title: str, text: str, tokens: list[str] | None = None) -> bool:
        """False only when no topic can match: not one rule term is in the text. Cheap (a set
        look-up a word), so a poll asks it of every new entry before the costly steps — the
        article fetch, near-duplicate signatures, clustering — which only candidates need.
        Exact: every way to match, the example lift included, needs a rule to fire.
        ``tokens``: ``words(title + "\\n" + text)``, when the caller has them already."""
        first = self._first_keys
        toks = set(tokens if tokens is not None else words(f"{title}\n{text}"))
        if first.isdisjoint(frozenset().union(*map(word_keys, toks))):  # C loops, no generator
            return False
        both = self._text(f"{title}\n{text}")
        return any(both.has(t) for t in self._terms)

    def score(self, title: str, text: str) -> list[TopicMatch]:
        """Every topic's score, matched or not (the explanation of a miss is useful too)."""
        scores = self.term_scores(title, text)
        if not self.exemplars:
            return scores
        from monitor.similar import vector

        return self.with_examples(scores, vector(f"{title}\n{text}"))

    def term_scores(self, title: str, text: str) -> list[TopicMatch]:
        """The rules' part of ``score``: a function of the text and the rules alone, so a
        worker process that knows the rules but not the examples can compute it."""
        t = _Text(title, self._starts)
        both = self._text(f"{title}\n{text}")
        return [topic.score(t, both) for topic in self.topics]

    def with_examples(
        self, scores: Sequence[TopicMatch], vec: dict[str, float] | None
    ) -> list[TopicMatch]:
        """``term_scores`` adjusted by the examples (the text's ``similar.vector``)."""
        if not self.exemplars or vec is None:
            return list(scores)
        return [self._second_signal(m, vec) for m in scores]

    def _second_signal(self, m: TopicMatch, vec: dict[str, float]) -> TopicMatch:
        from monitor.similar import closest

        near = closest(vec, self.exemplars, m.topic)
        if not m.matched and m.score >= m.threshold / 2:
            if near.relevant >= LIFT_MIN_SIMILARITY and near.relevant > near.irrelevant:
                lift = round(m.threshold - m.score, 3)
                hit = Hit("similar to a relevant example", (near.relevant_title,), "text", lift)
                return TopicMatch(m.topic, m.threshold, m.threshold, (*m.hits, hit))
        elif (
            m.matched
            and all(h.where == "text" for h in m.hits)
            and (
                near.irrelevant >= DEMOTE_MIN_SIMILARITY
                and near.irrelevant > near.relevant + DEMOTE_MARGIN
            )
        ):
            drop = round(m.score - m.threshold + 0.5, 3)
            hit = Hit("similar to an example marked irrelevant", (near.irrelevant_title,),
                      "text", -drop)  # fmt: skip
            return TopicMatch(m.topic, round(m.score - drop, 3), m.threshold, (*m.hits, hit))
        return m

    def matches(self, title: str, text: str) -> list[TopicMatch]:
        return [m for m in self.score(title, text) if m.matched]


def rule_terms(rule: RuleConfig) -> list[str]:
    return [*rule.any_of, *(t for g in rule.all_of for t in g)]
