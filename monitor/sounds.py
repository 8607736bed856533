"""Names heard across scripts: how a Korean, Japanese, Chinese, Arabic or Persian report (and
from round 35 a Hindi, Hebrew, Urdu or Georgian one) can share a name with a report in Latin or
Cyrillic letters.

Clustering keys names by their skeleton (``cluster.name_key``), found as capitalised words.
The scripts above have no capitals, so their reports carried no names at all: on the tuning
parts (round 31, publication order) a pair with such a report on one side was missed two and a
half times as often as the others (120 of 569 pairs, against 795 of 9,468).

Foreign names in those scripts are written as they sound: Korean and Japanese spell them
syllable by syllable (스톨텐베르그, ストルテンベルグ), Chinese in a fixed set of
syllable characters (斯托尔滕贝格), Arabic and Persian without short vowels (ستولتنبرغ). A
*sound* is what survives all of them: the word transliterated (anyascii), its vowels dropped,
and each consonant folded into a class the scripts cannot tell apart (l and r: Japanese and
Korean; p, b, f, v and w: Arabic has no p or v, Korean writes f as p), cut to five letters.
"Stoltenberg" in all five scripts is ``strtn``.

Sounds are coarser than name keys, so they are never compared with each other: a report's
sounds only hear the names another report carries (``heard``), which are off the beat's own
list already (Norway, Kirkenes and Storskog are never names). Chosen on the tuning parts
(docs/clustering.md, round 31).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

from anyascii import anyascii

from monitor.text import ARABIC_ARTICLE, HEBREW_PREFIXES, fold

SOUND_LETTERS = 5  # as many as a name's skeleton keeps (cluster.SKELETON_LETTERS)
SOUND_MIN = 4  # shorter ones are a syllable or two, any word's (five: 98 fewer pairs found)
# Digraphs first (one sound each), then each consonant into its class; h is dropped (Japanese
# and Chinese spell f and x with it, Arabic's kh and gh are k and g).
_DIGRAPHS = (("sh", "s"), ("ch", "s"), ("ts", "s"), ("tz", "s"), ("kh", "k"), ("gh", "k"),
             ("ph", "b"), ("th", "t"), ("ck", "k"))  # fmt: skip
_CLASSES = str.maketrans("pfvwlgcqxdzj", "bbbbrkkkktss")
_KATAKANA = re.compile(r"[\u30a1-\u30fa\u30fc]{3,}")  # a foreign word, split at its middle dot
_HANGUL = re.compile(r"[\uac00-\ud7a3]{3,}")
_ARABIC = re.compile(r"[\u0621-\u064a\u0671-\u06d3]{4,}")  # Persian's own letters included
_HAN = re.compile(r"[\u4e00-\u9fff]{2,}")
_HAN_SPAN = 8  # characters read from each start: a long name's five sounds and more
ARABIC_SCRIPT = frozenset({"ar", "fa", "ur"})
# Round 35: the other scripts without capitals that the gatherers find news in. Devanagari,
# Bengali and Malayalam spell a foreign name with its vowels (anyascii reads them), Georgian
# is an alphabet; Hebrew, like Arabic, writes the long vowels as letters (ו, י: anyascii's "v"
# and "y", which would be consonants) and puts its prefixes (and, the, in, to, from, that) on
# the word: a name is heard with and without its first letter when that is one.
_DEVANAGARI = re.compile(r"[\u0900-\u097f]{3,}")
_ALPHABETS = {
    "hi": _DEVANAGARI, "mr": _DEVANAGARI, "ne": _DEVANAGARI,
    "bn": re.compile(r"[\u0980-\u09ff]{3,}"), "ml": re.compile(r"[\u0d00-\u0d7f]{3,}"),
    "ka": re.compile(r"[\u10d0-\u10ff]{3,}"),
}  # fmt: skip
_HEBREW = re.compile(r"[\u05d0-\u05ea]{4,}")
_HEBREW_VOWELS = str.maketrans("", "", "וי")
_HEBREW_PREFIXES = HEBREW_PREFIXES + "כ"  # and "as", which comes before a name as well


@lru_cache(maxsize=1 << 16)
def sound(word: str, arabic: bool = False) -> str | None:
    """The word's sound, or None when it keeps fewer than SOUND_MIN letters. ``arabic``: its
    w and y are the long vowels (و, ي), dropped with the others."""
    plain = re.sub(r"[^a-z]", "", fold(anyascii(word)).lower())
    if arabic:
        plain = plain.replace("w", "").replace("y", "")
    for a, b in _DIGRAPHS:
        plain = plain.replace(a, b)
    plain = re.sub(r"(.)\1+", r"\1", plain.replace("h", "").translate(_CLASSES))
    if not plain:
        return None
    bones = re.sub(r"(.)\1+", r"\1", plain[0] + re.sub(r"[aeiouy]", "", plain[1:]))
    return bones[:SOUND_LETTERS] if len(bones) >= SOUND_MIN else None


@lru_cache(maxsize=1 << 14)
def _latin(char: str) -> str:
    return anyascii(char)


def sounds_in(text: str, lang: str) -> frozenset[str]:
    """The sounds of the words a report in ``lang`` may spell a foreign name with: Japanese
    katakana, Korean words of three syllables or more, Arabic and Persian words of four
    letters or more (the article off); Chinese, written without spaces, from every character
    of a run on (the name starts somewhere in it); Hindi, Marathi, Nepali, Bengali, Malayalam
    and Georgian words of three letters or more, Hebrew ones of four (round 35). Empty for
    other languages: their names are capitalised (``cluster.names_in``)."""
    if lang == "zh":
        out: set[str] = set()
        for run in _HAN.findall(text):
            # anyascii spells a run character by character: each spelt once, not at every start
            latin = [_latin(c) for c in run]
            out.update(
                s for i in range(len(run) - 1) if (s := sound("".join(latin[i : i + _HAN_SPAN])))
            )
        return frozenset(out)
    if lang == "ja":
        found = _KATAKANA.findall(text)
    elif lang == "ko":
        found = _HANGUL.findall(text)
    elif lang in ARABIC_SCRIPT:
        found = [ARABIC_ARTICLE.sub("", w) for w in _ARABIC.findall(text)]
    elif lang in _ALPHABETS:
        found = _ALPHABETS[lang].findall(text)
    elif lang == "he":
        words = _HEBREW.findall(text)
        found = [w.translate(_HEBREW_VOWELS) for w in words]
        found += [w[1:].translate(_HEBREW_VOWELS) for w in words if w[0] in _HEBREW_PREFIXES]
    else:
        return frozenset()
    arabic = lang in ARABIC_SCRIPT
    return frozenset(s for w in found if (s := sound(w, arabic)))


def heard(
    names: frozenset[str], spelt: Mapping[str, str] | None, sounds: frozenset[str]
) -> frozenset[str]:
    """The names (keys) whose spelling sounds as one of ``sounds``: one report's names heard in
    another's words."""
    if not sounds or not names:
        return frozenset()
    spelt = spelt or {}
    return frozenset(n for n in names if (s := sound(spelt.get(n, n))) and s in sounds)
