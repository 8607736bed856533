"""Story clustering: different articles about the same event, grouped.

Dedupe asks "is this the same article?"; clustering asks "is this the same event?" and never
merges two articles into one item. An on-topic article joins the story of the archived (or
same-batch) article it is most strongly linked to, if any link holds (single link over each
story's recent members, ``StoryIndex``). A link's evidence (``Link``) adds up:

- the cosine of the two articles' event vectors (stemmed terms, the beat's vocabulary a fifth,
  so "Norway, Russia, border" alone does not make two stories one), or of their *skeletons*
  (each stem transliterated to Latin, its vowels dropped, cut to five consonants) when that is
  higher: the cognates an English, a Norwegian, a Danish and a Russian report share
  ("diplomats", "diplomater", "дипломаты"; "Barents", "Barentsrådet", "Баренцева");
- a tenth for each name both carry (capitalised words off the beat's list, keyed by their
  skeleton, so "Frode Berg" and "Фруде Берг" are one name) and each number (15 diplomats,
  330 Marines), up to four of each;

and must reach a threshold that grows with the time between them (``LINK_THRESHOLD``): wire
rewrites and translations come within a day, follow-ups within days; two incidents on one beat
a week apart share most of their words and names, so the gap asks for more, and beyond
``STORY_WINDOW`` nothing links. Figures: docs/clustering.md.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

import stopwordsiso
from anyascii import anyascii

from monitor.concepts import BEAT, concept_evidence, concept_vector, concepts_in
from monitor.events import COUNTRY_NAMES, KIND_OF, events_in, headline_sides
from monitor.numbers import cjk_scaled, scaled_numbers, worded_numbers
from monitor.similar import DOMAIN_WEIGHT, Vector, cosine, term_counts, term_key, vector
from monitor.sounds import heard, sounds_in
from monitor.stems import base_lang, word_keys
from monitor.text import fold, is_cjk, words

# How far apart in time two articles of one story may be published (the story index looks at
# this much either side of an item, so the cost of one look-up is bounded by the stories of
# two weeks, however large the archive).
STORY_WINDOW = timedelta(days=10)
SIGNATURE_TERMS = 40
# A link's evidence: the term vectors' cosine (the beat's own vocabulary a fifth), plus this
# much for each name and each number both articles carry (language-independent: a Russian
# report of a Norwegian announcement names the same people and counts the same troops).
NAME_WEIGHT = 0.10
NUMBER_WEIGHT = 0.10
MAX_SHARED = 4  # more shared names add nothing: a long article names many
SKELETON_LETTERS = 5
NAME_MIN = 4
# Round 3: what happened, in any language (``monitor.events``): each event concept both
# articles tell (in the headline, or twice in the text) adds this, up to MAX_EVENTS.
EVENT_WEIGHT = 0.07
MAX_EVENTS = 3
# A shared country name (Finland, Sweden, USA...) is weak evidence: articles on the beat name
# many in passing. A person, a place or a unit is strong (NAME_WEIGHT).
COUNTRY_WEIGHT = 0.03
# Headlines: the cosine of their keys (skeletons of the words off the beat's vocabulary) adds
# this times the cosine when at least HEADLINE_FLOOR: two headlines that say the same thing.
HEADLINE_WEIGHT = 0.2
HEADLINE_FLOOR = 0.3
# ... only when they are at most this many days apart (round 4): alike headlines are one wire
# report retold, which comes within a day or two; days later they are two incidents of one kind
# told alike ("Norsk politi anholder endnu en russer" / "Norsk politi anholder person").
HEADLINE_DAYS = 2
# Two headlines that each tell what happened and share no event concept ("expels diplomats",
# "shuts ports") tell two events: this much is taken off.
CONFLICT_PENALTY = 0.2
# Round 5: two headlines in two languages that tell the same event concepts (and no other)
# within HEADLINE_DAYS, of articles sharing a name or a number, add this: the headline cosine
# across languages, where the words cannot meet ("Russia expels 3 Norwegian diplomats",
# "Россия высылает трех норвежских дипломатов").
ACROSS_WEIGHT = 0.1
# Round 26: languages whose script has no capitals, so no name can be read from them
# (``names_in``): there the shared name or number ACROSS_WEIGHT asks for is not required, for an
# Arabic and a Chinese report of one expulsion can share nothing else ("روسيا تطرد دبلوماسياً
# نرويجياً", "俄罗斯驱逐挪威一名高级外交官").
CASELESS = frozenset({"ar", "fa", "ur", "he", "zh", "ja", "ko", "th", "ka", "hi"})
# Round 28: nor within this many days, whatever the scripts: the morning's wire told in two
# languages names no one but the country ("Norway raises military readiness", "Военные Норвегии
# повысят уровень боевой готовности"), and a name or a number is then all it lacked. Two
# incidents of one kind in two languages on one day are rare; days apart they are the beat.
# Chosen on the tuning parts (docs/clustering.md, round 28): one day gained 116 pairs for 19
# wrong (summed over five orders); the same day only 100 for 16; two days 141 for 25.
NAMELESS_DAYS = 1
# Round 8: an incident during an exercise retells the exercise's setting ("30 000 soldiers from
# 27 nations"), so numbers shared days apart count only between reports whose headlines tell
# nothing the other report does not tell (``_numbers``). Round 32: from two days on, not three:
# the Osprey crash in Cold Response was told two days after the exercise's Russian report, and
# shared its number of nations. Tuning parts, five orders: 204 wrong pairs fewer for 19 missed
# more (from one day on: 150 wrong and 248 missed more).
SETTING_DAYS = 1
# A name the topic rules list (``Signature.rule_names``) counts as a name when at most this many
# stories of the window carry it (round 5): then it is one event's, not the beat's. Counted as when
# the later of a link's two articles came (round 15, ``_rare_until``).
RULE_NAME_STORIES = 1
# Round 13: a headline alone (a news search's entry, a feed of titles: fewer than THIN_WORDS
# words besides the headline) links only with THIN_MARGIN more evidence. A dozen words give a
# cosine by chance ("brigade ... forces armées ... frontière ... russe" and a Russian soldier who
# crossed the border); the outlet's article, when it comes, links on its own words. Tuned on
# the tuning part black-box with the news search polled first (docs/clustering.md).
THIN_WORDS = 5
THIN_MARGIN = 0.2
# Evidence needed by the gap in whole days between the two (rounded up). Tuned on the tuning
# part of bench/data/relevance_corpus.jsonl (docs/clustering.md).
LINK_THRESHOLD = (0.20, 0.20, 0.30, 0.35, 0.40, 0.45, 0.50, 0.55, 0.60, 0.65, 0.70)

_SENTENCE_WORD = re.compile(r"(^|[.!?:;«»\"“”]\s+|\n)\s*$")
# A capital in any cased script (Latin with its Polish, Czech and Icelandic letters, Greek,
# Cyrillic with Ukrainian's): "Łukasz", "Þórður", "Ґрунт", "Όσλο" start names too (round 10).
_UPPER = "".join(c for c in map(chr, range(0x41, 0x2000)) if c.isupper())
_CAPITALISED = re.compile(rf"\b[{re.escape(_UPPER)}][\w’'-]+", re.UNICODE)
# A possessive's ending, with a straight or a typographic apostrophe ("Norway’s", "Støre's",
# "Kirkenes’"): the name is the word before it. Wires write the typographic one, and a name
# kept with it was another name ("Norway’s" not the beat's Norway, "Stoltenberg’s" not
# "Столтенберг"). An apostrophe inside a word stays (O'Brien, Ukrainian "Об’єднаних").
_POSSESSIVE = re.compile(r"['’]s?$")
# A number as written: digits, perhaps in groups of three ("1,000", "30 000", "1.000").
_NUMBER = re.compile(r"\d+(?:[ ,.\u00a0\u202f]\d{3}(?!\d))*")
# Where ``numbers.cjk_scaled`` looks: a report of unknown language may be in one of them.
_CJK_LANGS = frozenset({"zh", "ja", "ko", "", None})
# Capitalised words that are not names of anything an event is about: English and German
# write weekdays and months with a capital, and agencies' names sign every wire copy.
_NOT_NAMES_TEXT = (
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April "
    "May June July August September October November December Montag Dienstag Mittwoch "
    "Donnerstag Freitag Samstag Sonntag Januar Februar März Juni Juli Oktober Dezember "
    "Reuters AFP NTB TASS RIA Interfax AP DPA Ritzau TT Getty Photo Foto Фото РИА ТАСС "
    "Mr Mrs Ms Dr "
    # titles and institutions: capitalised before a name in English, in every story
    "Minister Ministry Foreign Defence Defense Prime President Presidential Governor "
    "Secretary General Commander Chief Deputy Ambassador Embassy Council Government "
    "Parliament Committee Office Department Agency Service Police Army Navy Forces Force "
    "Coast Guard Air Armed Joint Command Headquarters European Union State States United "
    "National International Northern Southern Western Eastern Arctic North South West East "
    "Minister Statsminister Utenriksminister Forsvarsminister Forsvarssjef Министр МИД "
    "Президент Губернатор Правительство"
)
_NOT_NAMES = frozenset(fold(w) for w in _NOT_NAMES_TEXT.split())
# Round 4: the shared stop lists (``similar``: en, no, ru) let German, Swedish and Danish
# function words through ("und", "die", "ist", "och", "att"): two German articles on any
# subject then shared a cosine of 0.4. Clustering drops them from its own terms; relevance and
# dedupe keep their vectors as they are.
_MORE_STOP = frozenset(
    k
    for lang in ("de", "sv", "da")
    for w in stopwordsiso.stopwords(lang)
    if (k := term_key(w)) is not None
)
# German capitalises every noun: its capitalised words are nouns as often as names
# ("Kampfflugzeuge", "Flugzeugträgern"). Two German articles sharing them share a subject,
# not a person or a place: such shared "names" weigh what a country does. Told by the item's
# language, or when it has none, by these function words making NOUN_TEXT of its words.
_GERMAN = frozenset(
    [
        "und",
        "der",
        "die",
        "das",
        "nicht",
        "ist",
        "mit",
        "den",
        "von",
        "auf",
        "sich",
        "dem",
        "des",
        "eine",
        "einen",
    ]
)
NOUN_TEXT = 0.06
_LANGS = {"nb": "no", "nn": "no"}
_SKELETON = (("kh", "h"), ("ck", "k"), ("ph", "f"), ("j", "i"), ("y", "i"), ("w", "v"),
             ("c", "k"), ("q", "k"), ("x", "ks"))  # fmt: skip


@lru_cache(maxsize=1 << 17)
def skeleton(key: str, shortest: int = 4) -> str | None:
    """A script-independent spelling of a stem: transliterated to Latin, spelt plainly
    (kh → h, j and y → i, doubled letters once), its vowels dropped (they are where
    transliterations differ: "Frode", "Фруде" → "Frude") and cut to its first consonants (a
    compound or a derived form starts as its word does: "Barentsrådet", "Баренцева",
    "Barents"; "diplomater", "diplomats", "дипломаты"). None when too short to say anything."""
    plain = re.sub(r"[^a-z]", "", fold(anyascii(key)).lower())
    for a, b in _SKELETON:
        plain = plain.replace(a, b)
    plain = re.sub(r"(.)\1+", r"\1", plain)
    if not plain:
        return None
    bones = plain[0] + re.sub(r"[aeiou]", "", plain[1:])
    return bones[:SKELETON_LETTERS] if len(bones) >= shortest else None


@lru_cache(maxsize=1 << 16)
def name_key(word: str) -> str | None:
    """One key per name in any script: the skeleton of the word's shortest stem (stemmed in
    its own script, so "Столтенберга" loses its case ending): "Stoltenbergs", "Столтенберга"
    and "Stoltenberg" are one key. None for stop words and words that name no event."""
    if fold(word) in _NOT_NAMES or term_key(word) is None:
        return None
    # The shortest stem long enough to say something: "Wagner" stems to "wagn", too short,
    # but "wagner" is as long as the Russian "Вагнера" stemmed.
    for key in sorted(word_keys(word), key=lambda k: (len(k), k)):
        found = skeleton(key, NAME_MIN)
        if found is not None:
            return found
    return None


@dataclass(frozen=True)
class Signature:
    """What clustering compares: the event's terms (one language's words), and its names and
    numbers (any language's). ``why`` is not part of it: see ``Link``."""

    terms: Vector
    names: frozenset[str]
    numbers: frozenset[str] = frozenset()
    bones: Vector | None = None  # the terms' skeletons: cognates across languages
    spelt: Mapping[str, str] | None = None  # a name's key → how this article spells it
    events: frozenset[str] = frozenset()  # event concepts told (``monitor.events``)
    head_events: frozenset[str] = frozenset()  # those the headline tells
    headline: frozenset[str] = frozenset()  # the headline's keys off the beat (skeletons)
    nouns: bool = False  # capitalised words are nouns as much as names (German)
    # Names the topic rules list (Osprey, Storskog, Navalny): the beat's vocabulary, so not
    # in ``names``; they count only where the window's stories do not share them (round 5).
    rule_names: frozenset[str] = frozenset()
    lang: str = ""  # the item's language ("no" for nb and nn), when known
    concepts: Vector | None = None  # its content words' concepts, any language (round 7)
    thin: bool = False  # a headline and nothing more (THIN_WORDS)
    sides: str = ""  # which side acts on which in the headline ("no>ru": ``headline_sides``)
    # How its words may spell foreign names, where names have no capitals (``monitor.sounds``;
    # round 31): another report's names heard in them count as shared.
    sounds: frozenset[str] = frozenset()

    def to_json(self) -> dict[str, object]:
        spelt = self.spelt or {}
        return {
            "t": {k: round(v, 4) for k, v in self.terms.items()},
            "n": {k: spelt.get(k, k) for k in sorted(self.names)},
            "d": sorted(self.numbers),
            "s": {k: round(v, 4) for k, v in (self.bones or {}).items()},
            "e": sorted(self.events),
            "he": sorted(self.head_events),
            "h": sorted(self.headline),
            **({"c": 1} if self.nouns else {}),
            **(
                {"r": {k: spelt.get(k, k) for k in sorted(self.rule_names)}}
                if self.rule_names
                else {}
            ),
            **({"l": self.lang} if self.lang else {}),
            **({"k": self.concepts} if self.concepts else {}),
            **({"th": 1} if self.thin else {}),
            **({"sd": self.sides} if self.sides else {}),
            **({"o": sorted(self.sounds)} if self.sounds else {}),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Signature:
        terms = data.get("t") or {}
        names = data.get("n") or []  # a list before names were spelt (#26)
        numbers = data.get("d") or []
        bones = data.get("s")
        return cls(
            dict(terms),
            frozenset(names),
            frozenset(numbers),
            dict(bones) if bones else None,
            dict(names) if isinstance(names, dict) else None,
            frozenset(data.get("e") or ()),
            frozenset(data.get("he") or ()),
            frozenset(data.get("h") or ()),
            bool(data.get("c")),
            frozenset(data.get("r") or ()),
            str(data.get("l") or ""),
            dict(data["k"]) if data.get("k") else None,
            bool(data.get("th")),
            str(data.get("sd") or ""),
            frozenset(data.get("o") or ()),
        )


def names_in(
    text: str, domain: frozenset[str], ruled: dict[str, str] | None = None
) -> dict[str, str]:
    """Keys (``name_key``) of the capitalised words not at the start of a sentence, the beat's
    own vocabulary (Norway, Kirkenes, NATO: in every article) left out; each with the word.
    A person is keyed by the surname: a first name followed by a name is left out, so one
    person shared counts once ("Anniken Huitfeldt", "Анникен Хуитфельдт"). The beat's words
    that are not the gazetteer's (the rules' own names: Osprey, Storskog) go to ``ruled``."""
    found: list[tuple[int, int, str, str]] = []  # start, end, key, word
    for m in _CAPITALISED.finditer(text):
        if m.start() == 0 or _SENTENCE_WORD.search(text[max(0, m.start() - 3) : m.start()]):
            continue  # a capital at the start of a sentence says nothing
        word = m.group(0).split("-")[0]  # "Wagner-gruppen", "Wagner-Söldner": Wagner
        if "'" in word or "’" in word:  # most names have none: no regex call for them
            word = _POSSESSIVE.sub("", word)
        key = name_key(word)
        if term_key(word) in domain:
            if ruled is not None and key and term_key(word) not in _beat_wide():
                ruled.setdefault(key, word)
            continue
        if key:
            found.append((m.start(), m.end(), key, word))
    out: dict[str, str] = {}
    for i, (_, end, key, word) in enumerate(found):
        if i + 1 < len(found) and found[i + 1][0] == end + 1 and text[end] == " ":
            continue  # a first name: its surname follows
        out.setdefault(key, word)
    return out


def numbers_in(
    text: str, tokens: list[str] | None = None, lang: str | None = None
) -> frozenset[str]:
    """The numbers an event is told with (15 diplomats, 1,000 Marines, 3.5 km), as digits.
    Single digits say little, and years are in every article of a season. Numbers told with a
    scale word ("15 thousand", "1 млн") or in words from ten up ("ten submarines") are read as
    digits too (``monitor.numbers``, round 6): a translation writes them its own way.
    ``tokens``: ``text.words(text)``, when the caller has them; ``lang``: the report's language
    (its own number words and scales are read too)."""
    if tokens is None:
        tokens = words(text)
    out = scaled_numbers(text, tokens, lang) | worded_numbers(tokens, lang)
    spans: list[tuple[int, int]] = []
    if lang in _CJK_LANGS:
        scaled, spans = cjk_scaled(text)
        out |= scaled
    for m in _NUMBER.finditer(text):
        start, found = m.start(), m.group(0)
        if spans and any(a <= start < b for a, b in spans):
            continue  # "3万": read above as 30000
        before = text[start - 1] if start else ""
        if before and (before in ".," or (before.isalnum() and not is_cjk(before))):
            continue  # the end of "3.5", or a word's digits ("MiG-31" is kept, "F35" not;
            # Chinese and Japanese write no space before a number: "驱逐15名" is 15)
        digits = found if found.isdigit() else re.sub(r"\D", "", found)
        if len(digits) < 2 or (len(digits) == 4 and digits[:2] in ("19", "20")):
            continue
        out.add(digits.lstrip("0") or "0")
    return frozenset(out)


def signature(
    title: str,
    text: str,
    domain: frozenset[str],
    counts: Counter[str] | None = None,
    tokens: list[str] | None = None,
    lang: str | None = None,
) -> Signature:
    """Names come from the text only: English headlines capitalise every word.
    ``counts``: ``similar.term_counts`` of title + "\\n" + text, and ``tokens`` its
    ``text.words``, when the caller has them; ``lang``: the item's language, if known."""
    body = f"{title}\n{text}"
    if tokens is None:
        tokens = words(body)
    if counts is None:
        counts = term_counts(body, tokens)
    if not _MORE_STOP.isdisjoint(counts):
        counts = Counter({k: n for k, n in counts.items() if k not in _MORE_STOP})
    terms = vector(body, domain, limit=SIGNATURE_TERMS, counts=counts)
    ruled: dict[str, str] = {}
    beyond = _after_headline(title, text)
    names = names_in(beyond, domain, ruled)
    if not _title_case(title):
        names = names_in(". " + title, domain, ruled) | names
    bones = bones_of({k: counts[k] for k in terms}, domain)
    head_words = words(title)  # once, for the event words and the sides
    base = base_lang(lang)
    head_events = events_in(title, head_words, base)
    # Told twice in headline and text together: once in the headline is in head_events anyway.
    told = events_in(body, tokens, base)
    events = frozenset(head_events) | {e for e, n in told.items() if n >= 2}
    return Signature(
        terms,
        frozenset(names),
        numbers_in(body, tokens, base),
        bones,
        {**ruled, **names},
        events,
        frozenset(head_events),
        headline_keys(title, domain),
        _capitalises_nouns(tokens, lang),
        frozenset(ruled) - frozenset(names),
        _LANGS.get(base, base),
        concept_vector(concepts_in(tokens, base)),
        len(words(beyond[:200])) < THIN_WORDS,  # (five words come well within 200 letters)
        headline_sides(title, head_words),
        sounds_in(body, _LANGS.get(base, base)),
    )


def _capitalises_nouns(tokens: list[str], lang: str | None) -> bool:
    """Whether the text is German (its nouns capitalised): by its language when given, else
    by how many of its words are German function words."""
    if lang:
        return lang.lower().startswith("de")
    return bool(tokens) and sum(t.lower() in _GERMAN for t in tokens) >= NOUN_TEXT * len(tokens)


def headline_keys(title: str, domain: frozenset[str]) -> frozenset[str]:
    """The skeletons of a headline's words off the beat's vocabulary: what two headlines of
    one event say alike, in languages that share cognates ("diplomats", "diplomater")."""
    out = set()
    for word in re.findall(r"\w+", title):
        key = term_key(word)
        if key is None or key in domain or key in _MORE_STOP:
            continue
        bones = skeleton(key, 3)
        if bones is not None:
            out.add(bones)
    return frozenset(out)


@lru_cache(maxsize=1)
def _beat_wide() -> frozenset[str]:
    """The keys of the gazetteer's words (``monitor.gazetteer``, its sport names aside): the
    countries, capitals, seas, the border and the military in twenty languages, in every
    article on the beat. Names among them never say which event an article tells."""
    from monitor.gazetteer import GROUPS

    return frozenset(
        k
        for group, terms in GROUPS.items()
        if group != "sport"
        for t in terms
        for w in words(t.split("@")[0].replace("*", ""))
        if (k := term_key(w)) is not None
    )


def _shared_names(
    a: Signature, b: Signature, usable: frozenset[str] | None = None
) -> frozenset[str]:
    """The names both carry, and the rule names both carry that are ``usable`` (all of them
    when None: the most a link could hold, for the bench's same-day stress), between two
    languages whose headlines do not tell other things. In one language the rules' names
    meet in the terms' cosine already (there "Storskog" and "Finnmark" joined two
    border-traffic events three days apart, round 5); headlines telling other things share
    the setting, not the event (an Osprey crash "during the NATO exercise" and the defence
    minister's visit to it, both naming Cold Response). A name one report carries and the
    other's words spell without capitals (``monitor.sounds``) is shared too."""
    shared = a.names & b.names
    if a.sounds or b.sounds:
        shared |= heard(a.names, a.spelt, b.sounds) | heard(b.names, b.spelt, a.sounds)
    if not a.rule_names or not b.rule_names or not a.lang or not b.lang or a.lang == b.lang:
        return shared
    told_a, told_b = a.head_events, b.head_events
    if told_a and told_b and not (told_a <= told_b or told_b <= told_a):
        return shared
    ruled = a.rule_names & b.rule_names
    return shared | (ruled if usable is None else ruled & usable)


def rare_rule_names(sig: Signature, candidates: Iterable[Candidate]) -> frozenset[str]:
    """The rule names of ``sig`` (``Signature.rule_names``) that at most
    ``RULE_NAME_STORIES`` of the candidates' stories carry: in this window such a name is one
    event's (the Osprey that crashed), not the beat's (Storskog, where every border story
    happens; Cold Response, named by the exercise and by whatever happened during it)."""
    return _rare_until(sig, list(candidates), None)(None)


def _rare_until(
    sig: Signature, candidates: list[Candidate], when: datetime | None
) -> Callable[[datetime | None], frozenset[str]]:
    """``rare_rule_names`` for each link, counted as when the later of its two articles came:
    over the stories that carried the name by then (all of them when ``when`` is unknown).

    In publication order that is when a pair is judged. A poll is not in that order: a feed
    lists a fortnight at once, and the stories published after the newcomer that arrived before
    it carry the name too ("Joint Viking", named by the Marines' landing and by much of the
    fortnight after), so one pair linked or not by where the poll's lanes put it (round 15).
    Counting only the stories published up to the newcomer, whatever the member, was measured and
    not kept (round 14): a later story, uncounted, then linked by the name it shares."""
    if not sig.rule_names:
        return lambda _at: frozenset()
    # name → story → its first member naming it (None: no times, every story counts; then no
    # candidate has one, as ``at`` is None exactly when ``when`` is)
    first: dict[str, dict[Hashable, datetime | None]] = {}
    for cand in candidates:
        at = None if when is None else (cand[2] if len(cand) > 2 else when)
        for n in sig.rule_names & (cand[1].rule_names | cand[1].names):
            by_story = first.setdefault(n, {})
            prior = by_story.get(cand[0]) or at
            by_story[cand[0]] = None if at is None or prior is None else min(at, prior)
    known: dict[datetime | None, frozenset[str]] = {}

    def until(at: datetime | None) -> frozenset[str]:
        cut = None if when is None else max(when, at or when)
        if cut not in known:
            known[cut] = frozenset(
                n for n in sig.rule_names
                if sum(cut is None or t is None or t <= cut
                       for t in first.get(n, {}).values()) <= RULE_NAME_STORIES
            )  # fmt: skip
        return known[cut]

    return until


@lru_cache(maxsize=1)
def _country_keys() -> frozenset[str]:
    return frozenset(k for k in map(name_key, COUNTRY_NAMES.split()) if k is not None)


def bones_of(counts: Mapping[str, int], domain: frozenset[str]) -> Vector:
    """The L2-normalised log-tf vector of the terms' skeletons (the beat's own a fifth): what
    an English and a Danish report, or a Russian one, have in common besides names. Made of
    the signature's terms only (an article's most frequent words): all it needs, and cheap."""
    bones: Counter[str] = Counter()
    for key, n in counts.items():
        b = skeleton(key)
        if b is not None:
            bones[b] += n
    beat = _domain_bones(domain)
    vec = {b: (1.0 + math.log(n)) * (DOMAIN_WEIGHT if b in beat else 1.0)
           for b, n in bones.items()}  # fmt: skip
    if len(vec) > SIGNATURE_TERMS:
        vec = dict(sorted(vec.items(), key=lambda kv: (-kv[1], kv[0]))[:SIGNATURE_TERMS])
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {b: v / norm for b, v in vec.items()}


@lru_cache(maxsize=8)
def _domain_bones(domain: frozenset[str]) -> frozenset[str]:
    return frozenset(b for b in map(skeleton, domain) if b is not None)


def _threshold(days: int, thin: bool = False) -> float:
    """The evidence a link needs at a gap of ``days`` (whole days, within LINK_THRESHOLD),
    ``thin`` when one side is a headline alone."""
    return LINK_THRESHOLD[days] + (THIN_MARGIN if thin else 0.0)


def _after_headline(title: str, text: str) -> str:
    """The text without the headline it may start with: a page's text often repeats it, and a
    news search's entry is its headline again ("Headline Outlet", the outlet taken out). An
    English headline written again in the text is still title case: read as names, its
    capitalised words ("Threatens", "Ships", "Sanctions") linked two reports of other events
    by one outlet (bench/blackbox.py, news search first)."""
    head = title.split()
    if not head:
        return text
    found = re.match(r"\s*" + r"\s+".join(map(re.escape, head)), text, re.IGNORECASE)
    return text[found.end() :] if found else text


def _title_case(title: str) -> bool:
    """Whether a headline capitalises most of its words (English style): then its capitals
    say nothing. Norwegian, Russian and Danish headlines capitalise names only."""
    ws = [w for w in title.split() if w[:1].isalpha() and len(w) > 3]
    return bool(ws) and sum(w[0].isupper() for w in ws) * 2 > len(ws)


@dataclass(frozen=True)
class Link:
    """Why two articles are (or are not) one story: the evidence and what it is made of."""

    similarity: float  # the terms' cosine, or the skeletons' when higher (other languages)
    names: tuple[str, ...]  # people, places, units (strong)
    numbers: tuple[str, ...]
    gap: timedelta
    events: tuple[str, ...] = ()  # event concepts both tell
    countries: tuple[str, ...] = ()  # country names both carry (weak)
    headline: float = 0.0  # the headlines' cosine, when above HEADLINE_FLOOR
    conflict: bool = False  # the headlines tell two different things that happened
    across: float = 0.0  # two languages telling the same things (round 5)
    concepts: float = 0.0  # the concept vectors' cosine, two languages (round 7)
    thin: bool = False  # one of the two is a headline alone: THIN_MARGIN more is needed

    @property
    def evidence(self) -> float:
        return (
            self.across
            + concept_evidence(self.concepts)
            + _sum(
                self.similarity,
                len(self.names),
                len(self.countries),
                len(self.numbers),
                len(self.events),
                self.headline,
                self.conflict,
                self.thin,
            )
        )

    @property
    def needed(self) -> float | None:
        """The evidence needed at this gap, or None when the gap is too wide for one story."""
        days = -(-abs(self.gap) // timedelta(days=1))  # whole days, rounded up
        return _threshold(days, self.thin) if days < len(LINK_THRESHOLD) else None

    @property
    def holds(self) -> bool:
        needed = self.needed
        return needed is not None and self.evidence >= needed

    def why(self) -> str:
        """The link in words, for ``monitor archive show``."""
        parts = [f"similar terms {self.similarity:.2f}"]
        if self.headline:
            parts.append(f"similar headlines {self.headline:.2f}")
        if self.events:
            parts.append("same event words " + ", ".join(self.events))
        if self.names:
            parts.append("shared names " + ", ".join(self.names[:6]))
        if self.countries:
            parts.append("shared countries " + ", ".join(self.countries[:6]))
        if self.numbers:
            parts.append("shared numbers " + ", ".join(self.numbers[:6]))
        if self.conflict:
            parts.append("headlines tell different events")
        if self.across:
            parts.append(f"two languages, the same things told {self.across:+.2f}")
        if concept_evidence(self.concepts):
            parts.append(f"same content words across languages {self.concepts:.2f}")
        if self.thin:
            parts.append("a headline alone")
        hours = abs(self.gap) / timedelta(hours=1)
        when = f"{hours:.0f} h apart" if hours < 48 else f"{hours / 24:.0f} days apart"
        return f"{'; '.join(parts)}; {when} (evidence {self.evidence:.2f})"


def _sum(
    similarity: float,
    names: int,
    countries: int,
    numbers: int,
    events: int,
    headline: float,
    conflict: bool,
    thin: bool = False,
) -> float:
    """A link's evidence from its parts: one formula for ``Link`` and ``pick_story_why``.
    ``thin``: one side is a headline alone, which shares a word or two with many articles: its
    words count only beside something it tells, a name, a number, an event word or the
    headline (round 14)."""
    if thin and not (names or numbers or events or headline):
        similarity = 0.0
    return (
        similarity
        + NAME_WEIGHT * min(names, MAX_SHARED)
        + COUNTRY_WEIGHT * min(countries, MAX_SHARED)
        + NUMBER_WEIGHT * min(numbers, MAX_SHARED)
        + EVENT_WEIGHT * min(events, MAX_EVENTS)
        + HEADLINE_WEIGHT * headline
        - (CONFLICT_PENALTY if conflict else 0.0)
    )


def _headline(a: Signature, b: Signature) -> float:
    """The headlines' cosine (sets of keys), or 0 below HEADLINE_FLOOR."""
    if not a.headline or not b.headline:
        return 0.0
    cos = len(a.headline & b.headline) / math.sqrt(len(a.headline) * len(b.headline))
    return cos if cos >= HEADLINE_FLOOR else 0.0


def _conflict(a: Signature, b: Signature) -> bool:
    """Whether the two headlines tell what happened in concepts of different kinds only."""
    kinds = {k for e in a.head_events for k in KIND_OF.get(e, ())}
    other = {k for e in b.head_events for k in KIND_OF.get(e, ())}
    return bool(kinds) and bool(other) and not kinds & other


def _weak(a: Signature, b: Signature, shared: frozenset[str]) -> frozenset[str]:
    """The shared names that weigh as countries: countries, and all of them between two
    German texts (their capitalised nouns)."""
    return shared if a.nouns and b.nouns else shared & _country_keys()


def _across(a: Signature, b: Signature, strong: int, days: int) -> float:
    """ACROSS_WEIGHT when two headlines in two languages tell the same things (the same event
    concepts, and no other) within HEADLINE_DAYS and the articles share a name or a number
    (``strong``), or one is written without capitals (CASELESS), or they came within
    NAMELESS_DAYS: what alike headlines say in one language, where the words cannot meet."""
    if days > HEADLINE_DAYS or not a.head_events:
        return 0.0
    if strong < 1 and not (a.lang in CASELESS or b.lang in CASELESS) and days > NAMELESS_DAYS:
        return 0.0
    if not a.lang or not b.lang or a.lang == b.lang or a.head_events != b.head_events:
        return 0.0
    return ACROSS_WEIGHT


def _concepts(a: Signature, b: Signature, days: int = 0) -> float:
    """The cosine of the two articles' concept vectors (``monitor.concepts``), when they are in
    two languages (both known): in one language their words meet in the terms already. More
    than HEADLINE_DAYS apart, only between headlines telling the same event concepts (or one
    telling none): an incident during an exercise is told in the exercise's words ("Flugzeug
    stürzt bei NATO-Manöver ab", six days after "Nato-øvinga Cold Response er i gang")."""
    if not a.concepts or not b.concepts or not a.lang or not b.lang or a.lang == b.lang:
        return 0.0
    if days > HEADLINE_DAYS and a.head_events and b.head_events and a.head_events != b.head_events:
        return 0.0
    if BEAT.issuperset(a.concepts.keys() & b.concepts.keys()):
        return 0.0  # the beat's own subjects alone (border, security, war) tell no event
    return cosine(a.concepts, b.concepts)


def _numbers(a: Signature, b: Signature, days: int = 0) -> frozenset[str]:
    """The numbers both tell. More than SETTING_DAYS apart, only when neither headline tells
    an event concept the other article does not tell at all: an incident during an exercise
    retells the exercise's setting ("30 000 soldiers from 27 nations"), which every report of
    the exercise tells too, but those reports never tell the crash (round 8)."""
    if days > SETTING_DAYS and (a.head_events - b.events or b.head_events - a.events):
        return frozenset()
    return a.numbers & b.numbers


def _evidence(
    a: Signature, b: Signature, days: int = 0, usable: frozenset[str] | None = None
) -> float:
    shared = _shared_names(a, b, usable)
    countries = len(_weak(a, b, shared))
    numbers = _numbers(a, b, days)
    strong = len(shared) - countries + len(numbers)
    return (
        _across(a, b, strong, days)
        + concept_evidence(_concepts(a, b, days))
        + _sum(
            _resemblance(a, b),
            len(shared) - countries,
            countries,
            len(numbers),
            len(a.events & b.events),
            _headline(a, b) if days <= HEADLINE_DAYS else 0.0,
            _conflict(a, b),
            a.thin or b.thin,
        )
    )


def link(
    a: Signature, b: Signature, gap: timedelta = timedelta(0), usable: frozenset[str] | None = None
) -> Link:
    sim = _resemblance(a, b)
    spelt = {**(b.spelt or {}), **(a.spelt or {})}  # a heard name is spelt by the other side
    days = -(-abs(gap) // _DAY)
    shared = _shared_names(a, b, usable)
    countries = _weak(a, b, shared)
    numbers = _numbers(a, b, days)
    return Link(
        round(sim, 4),
        tuple(sorted(spelt.get(k, k) for k in shared - countries)),
        tuple(sorted(numbers, key=lambda d: (len(d), d))),
        gap,
        tuple(sorted(a.events & b.events)),
        tuple(sorted(spelt.get(k, k) for k in countries)),
        round(_headline(a, b), 4) if days <= HEADLINE_DAYS else 0.0,
        _conflict(a, b),
        _across(a, b, len(shared) - len(countries) + len(numbers), days),
        round(_concepts(a, b, days), 4),
        a.thin or b.thin,
    )


def same_story(a: Signature, b: Signature, gap: timedelta = timedelta(0)) -> bool:
    return link(a, b, gap).holds


Candidate = tuple[Hashable, Signature] | tuple[Hashable, Signature, datetime]


def pick_story(
    sig: Signature, candidates: Iterable[Candidate], when: datetime | None = None
) -> Hashable | None:
    """The story of the most strongly linked candidate (story, signature[, published]), or
    None. Without times (or ``when``) the candidates count as published together."""
    found = pick_story_why(sig, candidates, when)
    return found.story if found else None


@dataclass(frozen=True)
class Joined:
    """The story an article joins, the link that decided it, and the other stories it is
    linked to as well: one event that was split (its first reports shared too little, a
    later one bridges them), to be folded into ``story``; never one whose linked member's
    headline tells another kind of event (``_conflict``)."""

    story: Hashable
    link: Link
    also: tuple[Hashable, ...] = ()


def pick_story_why(
    sig: Signature,
    candidates: Iterable[Candidate],
    when: datetime | None = None,
    may_fold: Callable[[list[Signature], list[Signature]], bool] | None = None,
) -> Joined | None:
    """``pick_story`` with the link that decided it and the other stories linked. A poll
    compares each on-topic item with every recent story's members: the evidence is added up
    here without building a ``Link`` (the same sum as ``Link.evidence``), and the winner's is
    built once. ``may_fold`` stands in for ``one_event`` where a bench records the folds it
    refuses (``bench/replay.py --refused``)."""
    best: dict[Hashable, tuple[float, Signature, timedelta, frozenset[str]]] = {}
    candidates = list(candidates)
    rare = _rare_until(sig, candidates, when)
    for cand in candidates:
        story, other = cand[0], cand[1]
        at = cand[2] if len(cand) > 2 else None
        gap = (when - at) if (when is not None and at is not None) else timedelta(0)
        days = -(-abs(gap) // _DAY)
        if days >= len(LINK_THRESHOLD):
            continue
        usable = rare(at)
        evidence = _evidence(sig, other, days, usable)
        margin = evidence - _threshold(days, sig.thin or other.thin)
        if margin >= 0 and (story not in best or margin > best[story][0]):
            best[story] = (margin, other, gap, usable)
    if not best:
        return None
    ranked = sorted(best, key=lambda k: -best[k][0])
    _, other, gap, usable = best[ranked[0]]
    # Folding merges two whole stories on one article's word: not with a story whose headline
    # tells another kind of event than this one's (round 12), where the link held on the
    # setting alone (the Barents Sea, Murmansk, one official) and not on what happened; nor
    # with a story that tells another event than the one joined (round 19, ``one_event``).
    also = tuple(k for k in ranked[1:] if not _conflict(sig, best[k][1]))
    if also:
        members: dict[Hashable, list[Signature]] = {}
        for cand in candidates:
            members.setdefault(cand[0], []).append(cand[1])
        joining = [*members[ranked[0]], sig]
        check = may_fold or one_event
        also = tuple(k for k in also if check(joining, members[k]))
    return Joined(ranked[0], link(sig, other, gap, usable), also)


# Round 19: a story's event, as its headlines tell it: the event concepts told by at least this
# share of its headlines that tell any (``headline_events``).
HEADLINE_SHARE = 0.5
# Round 29: event concepts that tell who took part or the occasion, not what happened: the
# forces and people present (troops, marines, journalists), the arms (nuclear), a visit, a
# protest (a reaction, one event with what it answers). Two halves of one story say them
# differently ("Marines land at Værnes", "Russia protests the rotation"); ``one_event`` asks
# each side to tell only what the other's headlines say happened. Chosen one by one on the
# tuning parts: each lets through folds that gain right pairs and add no wrong one in the five
# replay orders; the next candidates (arrest, close, exercise, spy, warship, intercept) added
# wrong ones. Not diplomats: "diplomat" is also told by "embassy", where a happening took place
# (a guard at the US embassy arrested for spying, beside a spy plane intercepted the same day),
# and it gained 15 tuning pairs only (docs/clustering.md, round 29). Round 30: nor a port,
# where a ship came or what was closed to ships; what happened there is told by other concepts
# (a warship, a visit, a closure). A Korean report of a carrier "입항" (entering port) in Oslo
# tells "port", the European reports of it "arrived", which tells none, and its fold was
# refused (read from ``bench/replay.py --refused``: port's refusals on the tuning parts were
# all one event's).
WHO_NOT_WHAT = frozenset({"troops", "marines", "journalist", "nuclear", "visit", "protest", "port"})


def headline_events(members: Iterable[Signature]) -> frozenset[str]:
    """What a story is about, in event concepts (``monitor.events``): those at least
    HEADLINE_SHARE of its members' headlines tell, among the headlines that tell any. One
    article's text retells the setting (the exercise a plane crashed during, the arrest before
    a trial); what most headlines tell is the event the story follows."""
    headed = [m.head_events for m in members if m.head_events]
    counts = Counter(e for told in headed for e in told)
    return frozenset(e for e, n in counts.items() if n >= HEADLINE_SHARE * len(headed))


def one_event(a: Iterable[Signature], b: Iterable[Signature]) -> bool:
    """Whether two stories (their members in the window) may tell one event: ``refusal`` is
    empty."""
    return not refusal(a, b)


def refusal(a: Iterable[Signature], b: Iterable[Signature]) -> frozenset[str]:
    """Why two stories (their members in the window) may not tell one event: the event
    concepts one side's headlines tell and the other never tells, or ``{"sides"}``; empty when
    they may. ``bench/replay.py --refused`` tabulates it by concept.

    They may when each tells, in some member's headline or text (``Signature.events``), every
    event concept the other's headlines tell (``headline_events``), a side that tells no event
    concept saying nothing against it; and their headlines do not swap the beat's two sides
    (``_sides``).

    A fold joins two stories because one newcomer links to both, and a newcomer retells
    the setting: the German report of an Osprey crash "during the NATO exercise Cold
    Response" linked to the exercise's reports on it, and folded 38 reports of two events into
    one (round 18's largest wrong merge). The exercise's reports never tell a crash, and one
    story split in two (the same event, first told too differently to link) tells the same
    things on both sides. Norway expelling a Russian diplomat and Russia answering nine days
    later tell the same things but for who acts on whom, and a Norwegian report of the answer,
    retelling the first, folded them (416 pairs; docs/clustering.md, round 19). Concepts that
    tell who took part or where rather than what happened (WHO_NOT_WHAT) are not asked for."""
    a, b = list(a), list(b)
    sides_a, sides_b = _sides(a), _sides(b)
    if sides_a and sides_b and sides_a.split(">")[::-1] == sides_b.split(">"):
        return frozenset({"sides"})  # an event and its answer: an expulsion, the counter-expulsion
    told_a = frozenset().union(*(m.events for m in a))
    told_b = frozenset().union(*(m.events for m in b))
    if not told_a or not told_b:
        return frozenset()
    happened_a, happened_b = headline_events(a) - WHO_NOT_WHAT, headline_events(b) - WHO_NOT_WHAT
    return (happened_a - told_b) | (happened_b - told_a)


def _sides(members: list[Signature]) -> str:
    """Which side acts on which, as at least HEADLINE_SHARE of the members' headlines that
    tell it tell it (``Signature.sides``), or ""."""
    counts = Counter(m.sides for m in members if m.sides)
    if not counts:
        return ""
    sides, n = counts.most_common(1)[0]
    return sides if n >= HEADLINE_SHARE * sum(counts.values()) else ""


_DAY = timedelta(days=1)


# Members of one story kept per day for comparison: it keeps the cost of one look-up bounded by the
# number of stories in the window, not the number of articles. The cap binds only on a big event's
# busiest days; then which member goes hangs on who came last, and a poll's sources arrive in the
# network's order: at 10 the spy posing as a Brazilian researcher (22 reports on 25 October 2022)
# was grouped differently from one black-box run to the next (held-out pair recall 0.817 to 0.829;
# round 14). 50 is twice the development corpus's busiest event-day (26 reports of the exchange that
# brought Frode Berg home, 15 November 2019). When a day's members are too many, one goes that says
# nothing the others do not: each of its names and numbers is carried by another member or by the
# newcomer (``_spare``); of those, the one the newcomer resembles most, so a story told by wire
# rewrites keeps its one Russian report, and its one report naming the spy's cover, through which a
# follow-up links. A newcomer that names nothing the members do not, and says less than the member
# it resembles most (fewer names, numbers, event words; then fewer terms), is not kept: a
# 109-character teaser of a member (round 5).
MEMBERS_PER_DAY = 50


def _resemblance(a: Signature, b: Signature) -> float:
    """How much of ``b`` ``a`` says again: the cosine of their terms, or of their skeletons."""
    sim = cosine(a.terms, b.terms)
    if a.bones and b.bones:
        sim = max(sim, cosine(a.bones, b.bones))
    return sim


Loader = Callable[[datetime, datetime], Iterable[tuple[Hashable, datetime, Signature]]]


def _informative(sig: Signature) -> tuple[int, int]:
    """How much a member can link by: its names, numbers and event words, then its terms."""
    strong = len(sig.names) + len(sig.rule_names) + len(sig.numbers) + len(sig.events)
    return strong, len(sig.terms)


def _features(sig: Signature) -> set[str]:
    """What a member can link by that no other member may carry: its names and numbers."""
    return {f"n:{n}" for n in sig.names | sig.rule_names} | {f"#:{n}" for n in sig.numbers}


def _spare(members: list[Signature], sig: Signature) -> int | None:
    """Which of a full day's ``members`` goes for ``sig`` (an index), or None when ``sig`` is
    not kept (see MEMBERS_PER_DAY)."""
    features = [_features(m) for m in members]
    new = _features(sig)
    carried = Counter(f for fs in (*features, new) for f in fs)
    spare = [i for i, fs in enumerate(features) if all(carried[f] > 1 for f in fs)]
    closest = max(spare or range(len(members)), key=lambda i: _resemblance(sig, members[i]))
    told = all(carried[f] > 1 for f in new)
    if (told or not spare) and _informative(members[closest]) > _informative(sig):
        return None
    return closest


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
        if len(members) >= MEMBERS_PER_DAY:
            drop = _spare([m for _, m in members], sig)
            if drop is None:
                return  # a teaser of a member: the members say all it says and more
            del members[drop]
        members.append((when, sig))

    def candidates(self, when: datetime) -> list[tuple[Hashable, Signature, datetime]]:
        self._ensure(when - STORY_WINDOW, when + STORY_WINDOW)
        out = []
        day = (when - STORY_WINDOW).date()
        while day <= (when + STORY_WINDOW).date():
            for story, members in self._days.get(day, {}).items():
                out += [(story, sig, w) for w, sig in members if abs(w - when) <= STORY_WINDOW]
            day += timedelta(days=1)
        return out

    def add(self, story: Hashable, when: datetime, sig: Signature) -> None:
        self._put(story, when, sig)

    def merge(self, into: Hashable, other: Hashable) -> None:
        """Story ``other`` was folded into ``into`` (``Store.merge_stories``)."""
        for bucket in self._days.values():
            members = bucket.pop(other, None)
            if members:
                for when, sig in members:
                    self._put(into, when, sig)


def story_reason(stored: str | None) -> str | None:
    """Why an archived item joined its story, from its stored signature (JSON), or None when
    it began its story or was stored before reasons were kept."""
    if not stored:
        return None
    try:
        why = json.loads(stored).get("why")
    except (ValueError, AttributeError):
        return None
    return str(why) if why else None
