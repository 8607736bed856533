"""Text similarity for the second relevance signal (exemplars) and story clustering.

Documents become L2-normalised log-tf vectors over stemmed, folded words, stop words removed
(stopwords-iso lists for English, Norwegian and Russian), computed locally with nothing
downloaded. Two uses:

- relevance: how close an item is to articles known to be on the beat (the seeds and items a
  user marked relevant) or off it (items marked irrelevant);
- clustering: how close two articles are in what makes an event distinct. The beat's own
  vocabulary (the topic rules' terms: Norway, Russia, border, NATO…) is in every article and
  says nothing about which event, so it weighs a fifth there.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

import stopwordsiso

from monitor.stems import word_keys
from monitor.text import fold, han_form, is_cjk, words

Vector = dict[str, float]
_DIGITS = re.compile(r"\d")
_STOP = frozenset(fold(w) for lang in ("en", "no", "ru") for w in stopwordsiso.stopwords(lang))
# Chinese and Japanese function words of two characters: what a pair of characters
# (``text.words``) can be that says nothing ("一个", "这个", "から", "です").
_STOP_CJK = frozenset(
    fold(w) for lang in ("zh", "ja") for w in stopwordsiso.stopwords(lang) if len(w) == 2
)
DOMAIN_WEIGHT = 0.2


@lru_cache(maxsize=1 << 17)
def term_key(word: str) -> str | None:
    """One comparison key per word (its shortest stem), or None for stop words and noise.
    A Chinese or Japanese pair is its simplified form (``han_form``, round 28): a report written
    in traditional characters tells the mainland wire's terms."""
    low = fold(word)
    if not low.isascii() and is_cjk(low):
        # Two characters are a word in Chinese and Japanese ("挪威", Norway; "驱逐", to expel).
        low = han_form(low)
        return low if len(low) >= 2 and low not in _STOP_CJK else None
    if len(low) < 3 or low in _STOP or _DIGITS.search(low):
        return None
    return min(sorted(word_keys(word)), key=len)


def term_counts(text: str, tokens: list[str] | None = None) -> Counter[str]:
    """How often each key occurs in ``text``: what ``vector`` is made of, counted once for an
    article whose relevance vector and story signature are both wanted (``prepare.analyse``).
    ``tokens``: ``text.words(text)``, when the caller has them (the signature's event words
    are looked up in the same words)."""
    if tokens is None:
        tokens = words(text)
    counts: Counter[str | None] = Counter(map(term_key, tokens))  # C loops: no generator
    counts.pop(None, None)
    return counts  # type: ignore[return-value]


def vector(
    text: str,
    downweight: frozenset[str] = frozenset(),
    limit: int | None = None,
    *,
    counts: Counter[str] | None = None,
) -> Vector:
    """``counts``: ``term_counts(text)``, when the caller has them already."""
    if counts is None:
        counts = term_counts(text)
    vec = {k: (1.0 + math.log(n)) * (DOMAIN_WEIGHT if k in downweight else 1.0)
           for k, n in counts.items()}  # fmt: skip
    if limit is not None and len(vec) > limit:
        vec = dict(sorted(vec.items(), key=lambda kv: (-kv[1], kv[0]))[:limit])
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {k: v / norm for k, v in vec.items()}


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(k, 0.0) for k, v in a.items())


def domain_terms(terms: Iterable[str]) -> frozenset[str]:
    """The keys of the topic rules' terms: the beat's vocabulary."""
    out = set()
    for term in terms:
        for w in words(term):
            k = term_key(w)
            if k:
                out.add(k)
    return frozenset(out)


@dataclass(frozen=True)
class Exemplar:
    title: str
    vector: Vector
    relevant: bool
    topics: tuple[str, ...]


@dataclass(frozen=True)
class Closest:
    relevant: float
    relevant_title: str
    irrelevant: float
    irrelevant_title: str


def closest(vec: Vector, exemplars: Iterable[Exemplar], topic: str) -> Closest:
    best = {True: (0.0, ""), False: (0.0, "")}
    for e in exemplars:
        if topic not in e.topics:
            continue
        sim = cosine(vec, e.vector)
        if sim > best[e.relevant][0]:
            best[e.relevant] = (sim, e.title)
    return Closest(best[True][0], best[True][1], best[False][0], best[False][1])
