"""Stems to concepts, matched in any language: what the event words (``monitor.events``) and
the content words (``monitor.concepts``) of clustering share.

A table maps each concept to its stems, folded (ø → o, æ → ae, й → и; Han characters read in
their simplified form on both sides, ``text.han_form``) and marked by how they
match: a plain stem at the start of a word; ``~`` anywhere inside one (compounds:
"kystvakta", "grenseovergangen", "GPS-forstyrrelser"); ``$`` the whole word only ("fly" the
Norwegian aircraft, not "flyktning"). A word is looked up once (cached): an article costs a
dictionary look-up per distinct word, not a scan of the table.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from itertools import pairwise

from monitor.text import fold, han_form


def parse_stem(raw: str) -> tuple[str, str]:
    """How a table's stem matches ("$" a whole word, "~" inside a word, "^" a word's start) and
    the stem, folded and in simplified Han characters (``han_form``), as words are read."""
    kind = "$" if raw.endswith("$") else "~" if raw.startswith("~") else "^"
    return kind, han_form(fold(raw.strip("~$")))


def covers(by: tuple[str, str], stem: tuple[str, str]) -> bool:
    """Whether every word ``stem`` (``parse_stem``) matches is matched by ``by`` as well: such a
    stem beside ``by`` in one concept changes nothing (the tests keep the tables free of them)."""
    return (
        (by[0] == "~" and by[1] in stem[1])
        or (by[0] == "^" and stem[0] in "^$" and stem[1].startswith(by[1]))
        or by == stem
    )


def extend(table: dict[str, str], *more: Mapping[str, str]) -> None:
    """Add to ``table``'s concepts the stems ``more`` gives them: the languages a table was
    completed in later, kept apart where they were written (every concept is one of it)."""
    for extra in more:
        for concept, stems in extra.items():
            table[concept] = f"{table[concept]} {stems}"


def tally(
    of: Callable[[str], tuple[str, ...]], tokens: Iterable[str], skip: frozenset[str] = frozenset()
) -> Counter[str]:
    """How often each concept is told by ``tokens`` (``of``: a table's ``Lexicon.of``), but by
    the words in ``skip``: a language's false friends, compared in lower case."""
    found: Counter[str] = Counter()
    counts = Counter(tokens)
    # Most words tell no concept: the look-ups are mapped in C, the loop sees the few that do.
    for word, told in zip(counts, map(of, counts), strict=True):
        if told and not (skip and word.lower() in skip):
            for concept in told:
                found[concept] += counts[word]
    return found


# Languages written a syllable at a time: Vietnamese "tàu ngầm" (a submarine) is two words to
# ``text.words``, and either alone tells nothing ("tàu" a ship or a train, "ngầm" hidden) or
# another language's word once folded ("bàn", a table, is the English "ban"; "trên", on, a
# Romance train). Their table entries are two syllables joined by "_" and matched whole: an
# item in such a language is read as its pairs of neighbouring syllables (``Lexicon.told``),
# with the acronyms it writes as they are (NATO, GPS) read as in any language.
SYLLABIC = frozenset({"vi"})


class Lexicon:
    """One table's stems, indexed by how they match; ``of(word)`` gives the concepts a word
    tells (most tell none)."""

    def __init__(self, table: Mapping[str, str]) -> None:
        self.whole: dict[str, list[str]] = {}
        self.start: dict[str, list[tuple[str, str]]] = {}  # by the stem's first three letters
        self.inside: list[tuple[str, str]] = []
        for concept, stems in table.items():
            for raw in stems.split():
                kind, stem = parse_stem(raw)
                if kind == "$":
                    self.whole.setdefault(stem, []).append(concept)
                elif kind == "~":
                    self.inside.append((stem, concept))
                else:
                    self.start.setdefault(stem[:3], []).append((stem, concept))
        # Whether a word holds any compound part at all: one regex search in C, where scanning
        # 170 parts one by one cost a first sight of a word ~8 us (1 ms per new article).
        parts = sorted({re.escape(stem) for stem, _ in self.inside})
        self._any_inside = re.compile("|".join(parts)) if parts else None
        self.of: Callable[[str], tuple[str, ...]] = lru_cache(maxsize=1 << 16)(self._of)
        self._whole_of = lru_cache(maxsize=1 << 12)(self._of_whole)

    def told(
        self, tokens: list[str], lang: str = "", skip: frozenset[str] = frozenset()
    ) -> Counter[str]:
        """``tally`` over an item's words (``text.words``) in ``lang``, its base code: in a
        ``SYLLABIC`` language its pairs of syllables, matched whole, and its acronyms."""
        if lang not in SYLLABIC:
            return tally(self.of, tokens, skip)
        found = tally(self._whole_of, [f"{a}_{b}" for a, b in pairwise(tokens)], skip)
        found.update(tally(self.of, [t for t in tokens if len(t) > 1 and t.isupper()], skip))
        return found

    def _of_whole(self, word: str) -> tuple[str, ...]:
        return tuple(self.whole.get(han_form(fold(word)), ()))

    def _of(self, word: str) -> tuple[str, ...]:
        word = han_form(fold(word))
        out = dict.fromkeys(self.whole.get(word, ()))
        for stem, concept in self.start.get(word[:3], ()):
            if word.startswith(stem):
                out[concept] = None
        if self._any_inside is None or self._any_inside.search(word) is None:
            return tuple(out)
        for stem, concept in self.inside:
            if stem in word:
                out[concept] = None
        return tuple(out)
