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
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from monitor.config import RuleConfig, TopicConfig

# The word keys live in monitor.stems (similar.py and cluster.py use them too, and importing
# them from here made match <-> similar a cycle); still importable from here.
from monitor.gazetteer import expand
from monitor.stems import ITEM_STEMMERS as ITEM_STEMMERS
from monitor.stems import base_lang, item_lang, word_keys
from monitor.text import fold, folded, words
from monitor.types import Hit, TopicMatch

if TYPE_CHECKING:
    from monitor.similar import Exemplar

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


@dataclass(frozen=True)
class _Term:
    text: str
    keys: tuple[frozenset[str], ...]
    # Shortest text word each term word accepts: inflection adds letters and rarely removes more
    # than one, so "Evenes" (stem "even") must not match the English word "even".
    min_len: tuple[int, ...]
    # The item languages the term counts in (a "false friend", "Norra*@et"); empty: every one.
    langs: frozenset[str] = frozenset()
    # The item languages it does not count in ("Forsvaret@!da": Denmark's armed forces in a
    # Danish item, Norway's elsewhere); an item with no language tag counts it.
    not_langs: frozenset[str] = frozenset()


# A prefix term word ("Venäj*") is keyed by PREFIX_MARK + its folded prefix; a text word gets
# that key when it starts with the prefix (``_Text``).
PREFIX_MARK = "*"


def term_words(t: str) -> str:
    """A term's words without the gazetteer syntax ("Norra*@et" -> "Norra"): for callers that
    want the beat's vocabulary, not the matching."""
    return t.split("@")[0].replace(PREFIX_MARK, "") if not t.startswith("@") else ""


def _letters(folded: str) -> int:
    """How long a folded term word is in the letters a text's words are measured in (``_Text``,
    unfolded): folding splits a Hangul syllable into its two or three letters ("노르웨이" is
    four syllables, eight letters), which composed again are one."""
    return len(unicodedata.normalize("NFC", folded))


@lru_cache(maxsize=1 << 14)
def _compile_term(t: str) -> _Term | None:
    """One object per term text, shared by every rule that names it (see ``_Text.has``).
    Syntax (monitor.gazetteer): "prefix*" for any word that starts so, "term@fi,et" for a
    term that counts in those languages' items only, "term@!da,sv" for one that counts in
    every item but those languages'."""
    body, _, tail = t.partition("@")
    excluded = tail.startswith("!")  # "@!da,sv": none of these languages
    codes = frozenset(x.strip().lower() for x in tail.lstrip("!").split(",") if x.strip())
    langs, not_langs = (frozenset(), codes) if excluded else (codes, frozenset[str]())
    keys: list[frozenset[str]] = []
    lens: list[int] = []
    for part in body.split():
        # "U-Boot*", "GPS-stör*": a text's words are cut at the hyphen, so the term's are too,
        # and only the last one is a prefix.
        prefix = part.endswith(PREFIX_MARK)
        whole = words(part.rstrip(PREFIX_MARK))
        last = whole.pop() if prefix and whole else ""
        for w in whole:
            keys.append(word_keys(w))
            lens.append(_letters(fold(w)) - 1)
        stem = fold(last)
        if stem:
            keys.append(frozenset({PREFIX_MARK + stem}))
            lens.append(_letters(stem))
    if not keys:
        return None
    return _Term(t, tuple(keys), tuple(lens), langs, not_langs)


class _WordKeys:
    """Every key of a text word, prefix keys included ("Venäjällä" -> its stems and "*venaj"),
    remembered per word and language: the gazetteer's prefixes are tried once per distinct
    word, not once per occurrence."""

    def __init__(self, prefixes: tuple[str, ...]) -> None:
        self.prefixes = prefixes
        # The prefixes by their first letter: a word is tried against its letter's few dozen,
        # not all of them (some three hundred since round 4, a few short and common in Russian).
        by_first: dict[str, list[str]] = {}
        for p in prefixes:
            by_first.setdefault(p[:1], []).append(p)
        self._by_first = {k: tuple(v) for k, v in by_first.items()}
        self._cache: dict[str, dict[str, frozenset[str]]] = {}  # lang → word → keys

    def of(self, toks: list[str], lang: str) -> list[frozenset[str]]:
        """The keys of each of ``toks``, a ``lang`` item's words."""
        cache = self._cache.setdefault(lang, {})
        get = cache.get
        return [get(t) or self._miss(cache, t, lang) for t in toks]

    def _miss(self, cache: dict[str, frozenset[str]], tok: str, lang: str) -> frozenset[str]:
        keys = word_keys(tok, lang) if lang else word_keys(tok)
        low = folded(tok)
        near = self._by_first.get(low[:1])
        if near and low.startswith(near):
            keys = keys | {PREFIX_MARK + p for p in near if low.startswith(p)}
        if len(cache) >= 1 << 17:  # a long-running poll: bounded, like word_keys
            cache.clear()
        cache[tok] = keys
        return keys


def term_prefixes(terms: Iterable[_Term]) -> tuple[str, ...]:
    """The folded prefixes of the prefix words of ``terms`` (for ``_Text``)."""
    return tuple(sorted({
        k[len(PREFIX_MARK):] for t in terms for ks in t.keys for k in ks
        if k.startswith(PREFIX_MARK)
    }))  # fmt: skip


def _compile_terms(terms: Iterable[str]) -> tuple[_Term, ...]:
    return tuple(term for term in map(_compile_term, terms) if term is not None)


class _Text:
    """A text prepared once for many term look-ups: keys per position, and an inverted index
    of the positions where some term can start (``starts``: the first keys of every term)."""

    def __init__(
        self,
        text: str,
        starts: frozenset[str],
        lang: str = "",
        base: str = "",
        keyer: _WordKeys | None = None,
    ) -> None:
        toks = words(text) + [SCORE_LINE] * len(score_lines(text))
        if keyer is not None:  # prefix keys too (the gazetteer's "Venäj*")
            self.keys = keyer.of(toks, lang)
        else:
            self.keys = [word_keys(t, lang) for t in toks] if lang else list(map(word_keys, toks))
        self.lens = list(map(len, toks))
        self.base = base  # the item's language, for language-restricted terms
        self.index: dict[str, list[int]] = {}
        # id(term) → where it starts (terms live as long as the matcher that made the text)
        self._where: dict[int, frozenset[int]] = {}
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
        # Remembered per term (``positions``): the beat's country and subject groups recur in
        # many rules, and a text is asked about them for the pre-filter, the title and the
        # whole text; where they occur is what the explanation and the evidence need too.
        return bool(self.positions(term))

    def count(self, term: _Term) -> int:
        """How many times ``term`` occurs: how much of the text is about what it names."""
        return len(self.positions(term))

    def positions(self, term: _Term) -> frozenset[int]:
        """Where ``term`` starts in the text (remembered per term, as ``has``)."""
        found = self._where.get(id(term))
        if found is None:
            found = self._where[id(term)] = self._positions(term)
        return found

    def _positions(self, term: _Term) -> frozenset[int]:
        if (term.langs and self.base not in term.langs) or self.base in term.not_langs:
            return frozenset()
        starts: set[int] = set()
        for k in term.keys[0]:
            starts.update(self.index.get(k, ()))
        n = len(term.keys)
        if n == 1:
            least = term.min_len[0]
            return frozenset(p for p in starts if self.lens[p] >= least)
        return frozenset(p for p in starts if all(self._at(p + j, term, j) for j in range(n)))

    def mentions(self, terms: Iterable[_Term]) -> int:
        """How many places of the text one of ``terms`` starts at: a word that two terms of a
        list name ("Russland" and "Rússland" fold alike; "Storskog" is a place and the border)
        is one mention, not two (issue #28, round 3)."""
        where: set[int] = set()
        for t in terms:
            where |= self.positions(t)
        return len(where)

    def hits(
        self, terms: Sequence[_Term], by_key: dict[str, tuple[int, ...]] | None = None
    ) -> list[str]:
        """The terms of ``terms`` that occur, in their order. ``by_key``: the list's term
        positions by first key, so a gazetteer group of a hundred terms costs a set
        intersection, not a hundred tests."""
        return [t.text for t in self.hit_terms(terms, by_key)]

    def hit_terms(
        self, terms: Sequence[_Term], by_key: dict[str, tuple[int, ...]] | None = None
    ) -> list[_Term]:
        present = self.index.keys()  # a C test first: most terms of a list are absent
        if by_key is None:
            return [t for t in terms if not present.isdisjoint(t.keys[0]) and self.has(t)]
        where = sorted({i for k in present & by_key.keys() for i in by_key[k]})
        return [terms[i] for i in where if self.has(terms[i])]

    def named(self, terms: Iterable[_Term]) -> list[str]:
        """The texts of ``terms`` that name a word no earlier one named: an explanation says
        "Norge, russisk", not "Norge, norsk, norsk*, Norska, russisk" for the same two words."""
        seen: set[int] = set()
        out: list[str] = []
        for t in terms:
            where = self.positions(t)
            if where - seen:
                out.append(t.text)
                seen |= where
        return out


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
# The positive rules overlap: "Kirkenes … Russia … border" fires the places, the beat's places,
# "Norway with Russia" and "border with Russia" at once, 7.5 points from three words, which no
# negative topic could answer (a festival in Kirkenes scored like a border incident). Rules that
# fire in the text only share this many points; the title's evidence is not capped (issue #28,
# round 3: on the tuning part 3 false positives fewer, no relevant item lost).
TEXT_POINTS_CAP = 6.0


def _keyed(terms: Sequence[_Term]) -> dict[str, tuple[int, ...]]:
    """Term positions in ``terms`` by first key (``_Text.hits``)."""
    index: dict[str, list[int]] = {}
    for i, t in enumerate(terms):
        for k in t.keys[0]:
            index.setdefault(k, []).append(i)
    return {k: tuple(v) for k, v in index.items()}


@dataclass(frozen=True)
class _Rule:
    name: str
    any_of: tuple[_Term, ...]
    all_of: tuple[tuple[_Term, ...], ...]
    none_of: tuple[_Term, ...]
    weight: float
    alert: bool
    title_none_of: tuple[_Term, ...] = ()
    # The term lists that must each hit: any_of (when it has terms), then each all_of list.
    _lists: tuple[tuple[_Term, ...], ...] = field(init=False, repr=False, compare=False)
    _groups: tuple[frozenset[str], ...] = field(init=False, repr=False, compare=False)
    # Per term list (any_of, then each all_of list): term positions by first key (``hits``).
    _by_key: tuple[dict[str, tuple[int, ...]], ...] = field(init=False, repr=False, compare=False)
    # The same for title_none_of and none_of: a title list such as @sport is some seventy terms,
    # asked of every title a rule fires in (round 4).
    _title_none_by_key: dict[str, tuple[int, ...]] = field(init=False, repr=False, compare=False)
    _none_by_key: dict[str, tuple[int, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_lists", ((self.any_of,) if self.any_of else ()) + self.all_of)
        object.__setattr__(self, "_groups", self.groups)
        object.__setattr__(self, "_by_key", tuple(map(_keyed, self._lists)))
        object.__setattr__(self, "_title_none_by_key", _keyed(self.title_none_of))
        object.__setattr__(self, "_none_by_key", _keyed(self.none_of))

    @property
    def terms(self) -> tuple[_Term, ...]:
        return (*self.any_of, *(t for g in self.all_of for t in g))

    @property
    def groups(self) -> tuple[frozenset[str], ...]:
        """The first keys of each term list that must hit: a rule whose list has none of them
        in a text's index cannot fire there, and most rules are ruled out so."""
        return tuple(frozenset(k for t in terms for k in t.keys[0]) for terms in self._lists)

    def fire(self, text: _Text) -> tuple[str, ...] | None:
        """The terms that make the rule fire in ``text``, or None when it does not."""
        index = text.index.keys()
        if any(index.isdisjoint(keys) for keys in self._groups):
            return None
        found: list[_Term] = []
        for terms, by_key in zip(self._lists, self._by_key, strict=True):
            hits = text.hit_terms(terms, by_key)
            if not hits:
                return None
            found += hits
        return tuple(dict.fromkeys(text.named(found)))

    def lists_keyed(self, keys: frozenset[str]) -> int:
        """How many of the rule's term lists have a first key among ``keys``: an upper bound
        of ``lists_found``, before a text is indexed."""
        return sum(not keys.isdisjoint(g) for g in self._groups)

    def lists_found(self, text: _Text) -> int:
        """How many of the rule's term lists (any_of, each all_of list) have a term in ``text``."""
        index = text.index.keys()
        return sum(
            1
            for keys, terms, by_key in zip(self._groups, self._lists, self._by_key, strict=True)
            if not index.isdisjoint(keys) and text.hit_terms(terms, by_key)
        )

    def title_none(self, title: _Text) -> list[str]:
        """The ``title_none_of`` terms ``title`` names."""
        return title.hits(self.title_none_of, self._title_none_by_key)

    def none(self, text: _Text) -> list[str]:
        """The ``none_of`` terms ``text`` names."""
        return text.hits(self.none_of, self._none_by_key)

    def evidence(self, text: _Text) -> int:
        """Mentions of the rule's terms in ``text``: how much the rule rests on (each word
        once, however many of the rule's terms name it)."""
        return text.mentions(self.terms)


class _Topic:
    def __init__(self, cfg: TopicConfig) -> None:
        self.cfg = cfg
        self.rules = tuple(
            _Rule(
                r.name,
                _compile_terms(expand(r.any_of)),
                tuple(_compile_terms(expand(g)) for g in r.all_of),
                _compile_terms(expand(r.none_of)),
                r.weight,
                r.alert,
                _compile_terms(expand(r.title_none_of)),
            )
            for r in cfg.rules
        )

    def score(self, title: _Text, both: _Text) -> TopicMatch:
        hits: list[Hit] = []
        total = 0.0
        text_points = 0.0
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
            name = rule.name
            # Counted against the cap even when the title or none_of then cancels the rule: the
            # words it fired on are the other rules' words too (a title naming Finland says
            # whose border the whole text is about; refunding the room let the other rules
            # carry a Finnish closure over the threshold: tuning item C105).
            if where == "text" and points > 0:
                room = max(0.0, TEXT_POINTS_CAP - text_points)
                if points > room:
                    points, name = (
                        room,
                        f"{name} (capped: the text's rules share {TEXT_POINTS_CAP:g})",
                    )
                text_points += points
            hits.append(Hit(name, found, where, round(points, 3), rule.alert))
            total += points
            if rule.title_none_of and points > 0:
                named = rule.title_none(title)
                if named:  # the title says whose it is: not the beat's
                    label = f"{rule.name}: cancelled, the title names another subject"
                    hits.append(Hit(label, tuple(named), "title", -round(points, 3)))
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
        negative = rule.none(both)
        if not negative:
            return None
        against = both.mentions(t for t in rule.none_of if t.text in negative)
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
# Lifting needs the similarity of one story told again, not of one beat's vocabulary: at 0.15
# the four seed articles lifted six not-relevant items of the corpus's tuning part over the
# threshold (a Kirkenes festival, the Nobel laureates on Ukraine, Sweden's NATO flag, Finland's
# migrant route, at 0.17-0.27: the words the rules had already counted) and no relevant one;
# nothing in the corpus under the threshold came closer than 0.28 (docs/relevance.md, round 5).
LIFT_MIN_SIMILARITY = 0.30
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
        # ... and wants all their term lists but one (``may_match``).
        self._positive = tuple(
            (rule, max(1, len(rule._groups) - 1))
            for topic in self.topics for rule in topic.rules if rule.weight > 0
        )  # fmt: skip
        self._first_keys = frozenset(k for t in terms for k in t.keys[0])
        self._starts = self._first_keys | frozenset(
            k for topic in self.topics for rule in topic.rules
            for t in (*rule.none_of, *rule.title_none_of, *rule.terms) for k in t.keys[0]
        )  # fmt: skip
        self._prefixes = term_prefixes(
            t for topic in self.topics for rule in topic.rules
            for t in (*rule.none_of, *rule.title_none_of, *rule.terms)
        )  # fmt: skip
        self._keyer = _WordKeys(self._prefixes) if self._prefixes else None
        self._last: tuple[str, str, _Text] = ("", "", _Text("", self._starts))

    def _text(self, text: str, lang: str | None = None) -> _Text:
        """``text`` prepared for look-ups; the last one is kept, since ``may_match`` and
        ``term_scores`` ask about the same title and body one after the other."""
        base = base_lang(lang)
        last = self._last  # one read: safe when several threads share the matcher
        if last[0] == text and last[1] == base:
            return last[2]
        prepared = self._prepare(text, base)
        self._last = (text, base, prepared)
        return prepared

    def _prepare(self, text: str, base: str) -> _Text:
        return _Text(text, self._starts, item_lang(base), base, self._keyer)

    def may_match(
        self, title: str, text: str, tokens: list[str] | None = None, lang: str | None = None
    ) -> bool:
        """False when no rule with a positive weight has all its term lists but one in the
        text (a rule of one list: that list). Cheap (a set look-up a word, then the rules
        whose lists' first keys are there), so a poll asks it of every new entry before the
        costly steps — the article fetch, near-duplicate signatures, clustering — which only
        candidates need.
        Exact for the text it is given: every way to match, the example lift included, needs
        a rule with a positive weight to fire, which needs all its lists. One list may be
        missing because a feed's summary stands for an article not yet fetched: "Norway
        expels a diplomat" names Russia only in the article. Not two: a rule's context lists
        ("airport", "Oslo" beside a drone) are in much of the news, and each entry that names
        one would have its page fetched and analysed (round 24: bench/run.py's first cycle ten
        times slower). ``tokens``: ``words(title + "\\n" + text)``, when the caller has them
        already; ``lang``: the item's language (Danish and Swedish words get their own stems,
        here as in ``term_scores``)."""
        first = self._first_keys
        code = item_lang(lang)
        toks = set(tokens if tokens is not None else words(f"{title}\n{text}"))
        if self._keyer is not None:  # prefix keys too, remembered per word
            keys = frozenset().union(*self._keyer.of(list(toks), code))
        elif code:
            keys = frozenset().union(*(word_keys(t, code) for t in toks))
        else:
            keys = frozenset().union(*map(word_keys, toks))  # C loops, no generator
        if first.isdisjoint(keys):
            return False
        # The lists' first keys, before the text is indexed: a news item that names an airport
        # and nothing else of the beat stops here.
        near = [
            (rule, need) for rule, need in self._positive
            if rule.lists_keyed(keys) >= need
        ]  # fmt: skip
        if not near:
            return False
        both = self._text(f"{title}\n{text}", lang)
        return any(rule.lists_found(both) >= need for rule, need in near)

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
        t = self._prepare(title, base_lang(lang))
        both = self._text(f"{title}\n{text}", lang)
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
    """The words of a rule's terms, its ``@groups`` expanded and the gazetteer's syntax taken
    off ("Venäj*" -> "Venäj"): the beat's vocabulary."""
    terms = expand([*rule.any_of, *(t for g in rule.all_of for t in g)])
    return [w for w in map(term_words, terms) if w.strip()]


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
