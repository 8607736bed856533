"""Topic matching: readable term rules, inflection-tolerant in English, Norwegian and Russian.

A term and a text word match when they share a Snowball stem after case and diacritic folding:
Latin words are stemmed as English and as Norwegian (both stems count, since outlets on this
beat mix the two), and a Danish or Swedish item's words in its own language too; Cyrillic words
as Russian. So "Russland" matches "Russlands", "russisk"
matches "russiske", "Норвегия" matches "Норвегии", and "Sør-Varanger" matches "Sor-Varanger".
Multi-word terms ("Barents Sea") must appear as consecutive words.

A rule's points are bounded from below as well as above: ``none_of`` demotes by its share of
the rule's mentions (cancelling only thin evidence), and a rule with a negative weight is a
negative topic that demotes by how much of the item is about it (issue #28).

Pure functions over text: no I/O, so every rule feature is tested on small strings.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

from monitor.config import RuleConfig, TopicConfig
from monitor.text import fold, words
from monitor.types import Hit, TopicMatch

if TYPE_CHECKING:
    from monitor.similar import Exemplar

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# A result such as "30-23", "3–1" or "1-1": two numbers of at most two digits joined by a
# hyphen or dash, the first not smaller than the second. A range always rises ("10-15
# asylum seekers", "14-23 November", "4-5 points"), so a falling or level pair is a score
# line, a strong sport signal in an item that names Norway and Russia (issue #28, round 2);
# a law's section ("straffeloven § 2-1") is not.
# Each one is written into the text as the word SCORE_LINE, which rules can name as a term.
_SCORE = re.compile(r"(?<![\w.,/:–§-])(?<!§ )(\d{1,2}) ?[-–] ?(\d{1,2})(?![\w/%]|[.,]\d|[-–]\d)")
SCORE_LINE = "scoreline"


def score_lines(text: str) -> list[str]:
    """The score lines in ``text`` ("30-23", "3-1", "1-1"), in order; not rising ranges."""
    return [m.group(0) for m in _SCORE.finditer(text) if int(m.group(1)) >= int(m.group(2))]


@cache
def _stemmer(lang: str) -> Any:
    """Snowball's stemmer for ``lang``, made at its first word: importing snowballstemmer loads
    every language it has (~30 modules), which a command that stems nothing (a poll where
    every outlet answers 304, `archive show`) need not pay for."""
    import snowballstemmer

    return snowballstemmer.stemmer(lang)


# Languages whose text words also get their own Snowball stem (besides English and Norwegian,
# which every Latin word gets): Danish and Swedish wire copy inflects like Norwegian but not
# quite ("ryskt", "Ruslands"). Terms keep their English and Norwegian stems only: a Swedish
# stem of an English term would find common Swedish words ("border" -> "bord", "borde").
ITEM_STEMMERS = {"da": "danish", "sv": "swedish"}


@lru_cache(maxsize=1 << 17)
def word_keys(word: str, lang: str = "") -> frozenset[str]:
    """Every comparison key of one word: its folded stems in the languages its script allows
    (and, for a Danish or Swedish item's words, ``lang``'s own stem too)."""
    low = word.casefold()
    if _CYRILLIC.search(low):
        langs: tuple[str, ...] = ("russian",)
    elif lang in ITEM_STEMMERS:
        langs = ("english", "norwegian", ITEM_STEMMERS[lang])
    else:
        langs = ("english", "norwegian")
    keys = {fold(_stemmer(name).stemWord(low)) for name in langs}
    keys.add(fold(low))
    return frozenset(keys)


def item_lang(lang: str | None) -> str:
    """The part of an item's language tag that matching uses ("da-DK" -> "da"; others: "")."""
    base = (lang or "").split("-")[0].split("_")[0].lower()
    return base if base in ITEM_STEMMERS else ""


@dataclass(frozen=True)
class _Term:
    text: str
    keys: tuple[frozenset[str], ...]
    # Shortest text word each term word accepts: inflection adds letters and rarely removes more
    # than one, so "Evenes" (stem "even") must not match the English word "even".
    min_len: tuple[int, ...]


@lru_cache(maxsize=1 << 14)
def _compile_term(t: str) -> _Term | None:
    """One object per term text, shared by every rule that names it (see ``_Text.has``)."""
    toks = words(t)
    if not toks:
        return None
    return _Term(t, tuple(word_keys(w) for w in toks), tuple(len(fold(w)) - 1 for w in toks))


def _compile_terms(terms: Iterable[str]) -> tuple[_Term, ...]:
    return tuple(term for term in map(_compile_term, terms) if term is not None)


class _Text:
    """A text prepared once for many term look-ups: keys per position, and an inverted index
    of the positions where some term can start (``starts``: the first keys of every term)."""

    def __init__(self, text: str, starts: frozenset[str], lang: str = "") -> None:
        toks = words(text) + [SCORE_LINE] * len(score_lines(text))
        self.keys = [word_keys(t, lang) for t in toks] if lang else list(map(word_keys, toks))
        self.lens = list(map(len, toks))
        self.index: dict[str, list[int]] = {}
        self._seen: dict[int, bool] = {}  # id(term) → whether it occurs (terms live as long)
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
        # Remembered per term: the beat's country and subject groups recur in many rules, and
        # a text is asked about them for the pre-filter, the title and the whole text.
        found = self._seen.get(id(term))
        if found is None:
            found = self._seen[id(term)] = self._find(term)
        return found

    def _find(self, term: _Term) -> bool:
        index, n = self.index, len(term.keys)
        for k in term.keys[0]:
            for start in index.get(k, ()):
                if all(self._at(start + j, term, j) for j in range(n)):
                    return True
        return False

    def count(self, term: _Term) -> int:
        """How many times ``term`` occurs: how much of the text is about what it names."""
        starts: set[int] = set()
        for k in term.keys[0]:
            starts.update(self.index.get(k, ()))
        return sum(
            all(self._at(start + j, term, j) for j in range(len(term.keys))) for start in starts
        )

    def hits(self, terms: Sequence[_Term]) -> list[str]:
        present = self.index.keys()  # a C test first: most terms of a list are absent
        return [t.text for t in terms if not present.isdisjoint(t.keys[0]) and self.has(t)]


# A none_of term demotes a rule, bounded by how much of the text is about it: the rule loses
# the share of its points that the negative subject's mentions are of its own evidence. It is
# cancelled outright only when its evidence is thin (at most VETO_MAX_EVIDENCE mentions of its
# terms: a title and a line) or the negative subject is mentioned as often. So "Norway beat
# Russia in a football friendly" stays out, and a page on Kirkenes as a border town that once
# says its teams played football is not cancelled by that one word (issue #28, class 1).
VETO_MAX_EVIDENCE = 2
# A rule with a negative weight is a negative topic (energy markets, seafood trade, sport…):
# it takes its weight (× title_weight in the title) when it fires in the title, and in the text
# a share growing with its mentions, the whole weight at NEGATIVE_FULL_MENTIONS: one incidental
# "gas" in a page on the border costs little, an article about gas prices costs all of it.
NEGATIVE_FULL_MENTIONS = 3


@dataclass(frozen=True)
class _Rule:
    name: str
    any_of: tuple[_Term, ...]
    all_of: tuple[tuple[_Term, ...], ...]
    none_of: tuple[_Term, ...]
    weight: float
    alert: bool
    title_none_of: tuple[_Term, ...] = ()
    _groups: tuple[frozenset[str], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_groups", self.groups)

    @property
    def terms(self) -> tuple[_Term, ...]:
        return (*self.any_of, *(t for g in self.all_of for t in g))

    @property
    def groups(self) -> tuple[frozenset[str], ...]:
        """The first keys of each term list that must hit: a rule whose list has none of them
        in a text's index cannot fire there, and most rules are ruled out so."""
        lists = ((self.any_of,) if self.any_of else ()) + self.all_of
        return tuple(frozenset(k for t in terms for k in t.keys[0]) for terms in lists)

    def fire(self, text: _Text) -> tuple[str, ...] | None:
        """The terms that make the rule fire in ``text``, or None when it does not."""
        index = text.index.keys()
        if any(index.isdisjoint(keys) for keys in self._groups):
            return None
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

    def evidence(self, text: _Text) -> int:
        """Mentions of the rule's terms in ``text``: how much the rule rests on."""
        return sum(text.count(t) for t in self.terms)


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
                _compile_terms(r.title_none_of),
            )
            for r in cfg.rules
        )

    def score(self, title: _Text, both: _Text) -> TopicMatch:
        hits: list[Hit] = []
        total = 0.0
        for rule in self.rules:
            in_title = rule.fire(title)
            if in_title is not None:
                where, found = "title", in_title
                points = rule.weight * self.cfg.title_weight
            else:
                in_text = rule.fire(both)
                if in_text is None:
                    continue
                where, found, points = "text", in_text, rule.weight
                if rule.weight < 0:
                    mentions = rule.evidence(both)
                    points = rule.weight * min(1.0, mentions / NEGATIVE_FULL_MENTIONS)
            hits.append(Hit(rule.name, found, where, round(points, 3), rule.alert))
            total += points
            if rule.title_none_of and points > 0:
                in_title = title.hits(rule.title_none_of)
                if in_title:  # the title says whose it is: not the beat's
                    label = f"{rule.name}: cancelled, the title names another subject"
                    hits.append(Hit(label, tuple(in_title), "title", -round(points, 3)))
                    total -= points
                    continue
            if rule.none_of and points > 0:
                penalty = self._none_of(rule, both, points)
                if penalty is not None:
                    hits.append(penalty)
                    total += penalty.points
        return TopicMatch(self.cfg.name, round(total, 3), self.cfg.threshold, tuple(hits))

    @staticmethod
    def _none_of(rule: _Rule, both: _Text, points: float) -> Hit | None:
        """The demotion of a fired rule by its none_of terms, or None when none occurs. (A
        title that names a title_none_of subject says whose the evidence is, "Finland closes
        its whole border with Russia": ``score`` cancels the rule then, however long the
        text; in the text, such a name is context and weighs nothing.)"""
        negative = both.hits(rule.none_of)
        if not negative:
            return None
        against = sum(both.count(t) for t in rule.none_of if t.text in negative)
        evidence = rule.evidence(both)
        if evidence <= VETO_MAX_EVIDENCE or against >= evidence:
            share, how = 1.0, "cancelled"
        else:
            share, how = against / evidence, "demoted"
        label = f"{rule.name}: {how} by none_of ({against} against {evidence} mentions)"
        return Hit(label, tuple(negative), "text", -round(points * share, 3))


# The second signal: similarity to examples. A borderline item (at least half the threshold
# from its terms) close enough to a relevant example is lifted over the threshold; an item that
# matched on its body alone but resembles an example marked irrelevant more than any relevant
# one is pulled under it. Figures from the development set (docs/architecture.md, "Relevance").
LIFT_MIN_SIMILARITY = 0.15
DEMOTE_MIN_SIMILARITY = 0.30
DEMOTE_MARGIN = 0.05


class Matcher:
    """Scores items against every configured topic; build once per configuration (and again
    when the examples change: a user's feedback)."""

    def __init__(self, topics: Sequence[TopicConfig], exemplars: Sequence[Exemplar] = ()) -> None:
        self.topics = tuple(_Topic(t) for t in topics)
        self.exemplars = tuple(exemplars)
        # Only rules that add points can make an item match: the pre-filter looks for their
        # terms; negative topics' and none_of terms are indexed for scoring alone.
        terms = {
            term for topic in self.topics for rule in topic.rules if rule.weight > 0
            for term in rule.terms
        }  # fmt: skip
        self._terms = tuple(terms)
        self._first_keys = frozenset(k for t in terms for k in t.keys[0])
        self._starts = self._first_keys | frozenset(
            k for topic in self.topics for rule in topic.rules
            for t in (*rule.none_of, *rule.title_none_of, *rule.terms) for k in t.keys[0]
        )  # fmt: skip
        self._last: tuple[str, str, _Text] = ("", "", _Text("", self._starts))

    def _text(self, text: str, lang: str = "") -> _Text:
        """``text`` prepared for look-ups; the last one is kept, since ``may_match`` and
        ``term_scores`` ask about the same title and body one after the other."""
        last = self._last  # one read: safe when several threads share the matcher
        if last[0] == text and last[1] == lang:
            return last[2]
        prepared = _Text(text, self._starts, lang)
        self._last = (text, lang, prepared)
        return prepared

    def may_match(
        self, title: str, text: str, tokens: list[str] | None = None, lang: str | None = None
    ) -> bool:
        """False only when no topic can match: not one rule term is in the text. Cheap (a set
        look-up a word), so a poll asks it of every new entry before the costly steps — the
        article fetch, near-duplicate signatures, clustering — which only candidates need.
        Exact: every way to match, the example lift included, needs a rule with a positive
        weight to fire. ``tokens``: ``words(title + "\\n" + text)``, when the caller has them
        already; ``lang``: the item's language (Danish and Swedish words get their own stems,
        here as in ``term_scores``)."""
        first = self._first_keys
        code = item_lang(lang)
        toks = set(tokens if tokens is not None else words(f"{title}\n{text}"))
        if code:
            keys = frozenset().union(*(word_keys(t, code) for t in toks))
        else:
            keys = frozenset().union(*map(word_keys, toks))  # C loops, no generator
        if first.isdisjoint(keys):
            return False
        both = self._text(f"{title}\n{text}", code)
        present = both.index.keys()
        return any(not present.isdisjoint(t.keys[0]) and both.has(t) for t in self._terms)

    def score(self, title: str, text: str, lang: str | None = None) -> list[TopicMatch]:
        """Every topic's score, matched or not (the explanation of a miss is useful too)."""
        scores = self.term_scores(title, text, lang)
        if not self.exemplars:
            return scores
        from monitor.similar import vector

        return self.with_examples(scores, vector(f"{title}\n{text}"))

    def term_scores(self, title: str, text: str, lang: str | None = None) -> list[TopicMatch]:
        """The rules' part of ``score``: a function of the text and the rules alone, so a
        worker process that knows the rules but not the examples can compute it."""
        code = item_lang(lang)
        t = _Text(title, self._starts, code)
        both = self._text(f"{title}\n{text}", code)
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

    def matches(self, title: str, text: str, lang: str | None = None) -> list[TopicMatch]:
        return [m for m in self.score(title, text, lang) if m.matched]


def rule_terms(rule: RuleConfig) -> list[str]:
    return [*rule.any_of, *(t for g in rule.all_of for t in g)]


def in_words(score: float, threshold: float, hits: Sequence[dict[str, object]]) -> str:
    """Why an item is in or out of a topic, in one sentence naming what weighed most: the
    rules (and their terms, or the example) with the largest points either way."""
    verdict = "in" if score >= threshold else "out"
    head = f"{verdict}: score {score:g} {'≥' if verdict == 'in' else '<'} threshold {threshold:g}"
    if not hits:
        return f"{head}; not one term of its rules occurs"

    def said(h: dict[str, object]) -> str:
        terms = ", ".join(str(t) for t in h["terms"])  # type: ignore[attr-defined]
        return f"{h['rule']} ({terms}; {h['where']} {float(h['points']):+g})"  # type: ignore[arg-type]

    ordered = sorted(hits, key=lambda h: -abs(float(h["points"])))  # type: ignore[arg-type]
    up = [said(h) for h in ordered if float(h["points"]) > 0][:2]  # type: ignore[arg-type]
    down = [said(h) for h in ordered if float(h["points"]) < 0][:2]  # type: ignore[arg-type]
    parts = [head]
    if up:
        parts.append("for: " + "; ".join(up))
    if down:
        parts.append("against: " + "; ".join(down))
    return " — ".join(parts)
