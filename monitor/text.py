"""Plain-text helpers shared by parsing, matching and dedupe.

One tokeniser and one folding rule for everything, so a term in sources.toml, a title in a feed
and an archived seed are compared on the same footing.
"""

from __future__ import annotations

import functools
import hashlib
import re
import struct
import unicodedata
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from functools import lru_cache
from hashlib import blake2b
from itertools import pairwise
from typing import TYPE_CHECKING, ParamSpec, TypeVar

from monitor.errors import ParseError
from monitor.spelling import AMERICAN

if TYPE_CHECKING:
    import opencc

# Characters XML 1.0 cannot carry (and that break mail headers); removed at the parse boundary.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_SPACE = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def _mark_ranges() -> str:
    """The combining marks (Unicode category M) from U+0300 to U+1FFF and the two later
    blocks of them, as a regex class body of ranges."""
    cps = [
        cp
        for cp in (*range(0x300, 0x2000), *range(0x20D0, 0x2100), *range(0xFE00, 0xFE30))
        if unicodedata.category(chr(cp)).startswith("M")
    ]
    spans: list[list[int]] = []
    for cp in cps:
        if spans and spans[-1][1] == cp - 1:
            spans[-1][1] = cp
        else:
            spans.append([cp, cp])
    return "".join(f"\\u{a:04x}-\\u{b:04x}" if a != b else f"\\u{a:04x}" for a, b in spans)


# A word goes on through the combining marks NFC leaves in it: Arabic's vowels and shadda
# ("مسيّرة", a drone, was the two words "مسي" and "رة"), Hebrew's points, the vowel signs
# of the Indic scripts and Thai. _WORD stops at them, and stays what the archive's keys (the
# fingerprint, the shingles) are made of: an item archived before still meets its copies.
_MARK_CLASS = _mark_ranges()
_MARK = re.compile(f"[{_MARK_CLASS}]")
_MARKED_WORD = re.compile(f"[^\\W_](?:[^\\W_]|[{_MARK_CLASS}])*")
# Chinese and Japanese write no spaces: a run of ideographs or kana is a clause, not a word.
# Such runs are cut into overlapping pairs of characters (``words``), as search engines index
# them: most words of either language are one or two characters, so every two-character word,
# and every longer one as consecutive pairs, is found wherever it stands. Hangul is left as it
# is: Korean separates its words with spaces.
# Arabic writes "the" (and "and the", "with the", "for the") on the noun: off, the word itself.
ARABIC_ARTICLE = re.compile(r"^(وال|بال|لل|ال)")
# Hebrew writes "and", "in", "to", "from", "the" and "that" onto a word, a name too (ונורווגיה,
# בנורווגיה): the gazetteer lists a country with each, names are heard without them.
HEBREW_PREFIXES = "ובלמהש"
_CJK = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_CJK_OR_MARK = re.compile(
    f"[\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff{_MARK_CLASS}]"
)
# What _WORD matches in ASCII text is what is left between the other ASCII characters.
_ASCII_SEPARATORS = str.maketrans({chr(c): " " for c in range(128) if not chr(c).isalnum()})
_FOLD = str.maketrans({"ø": "o", "æ": "ae", "đ": "d", "ß": "ss", "ł": "l", "œ": "oe", "ё": "е"})


# Anything clean_text would remove or collapse, bar double spaces (tested apart, faster).
_UNUSUAL = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\r\t\u00a0\u2000-\u200b\u202f\u205f\u3000]"
)

# The ASCII characters _UNUSUAL does not match (the printable ones and the line feed): a text
# made of these alone needs no substitution. Scanning by bytes.translate is a tenth of the
# regex's time on a feed summary (12.8 -> 1.2 us), and every entry's title and summary pass.
_ASCII_USUAL = bytes(range(0x20, 0x7F)) + b"\n"


def clean_text(text: str) -> str:
    """Remove control characters and collapse runs of spaces; keeps paragraph breaks."""
    if text.isascii():  # NFC leaves ASCII as it is; one C pass finds what _UNUSUAL would
        unusual = bool(text.encode("ascii").translate(None, _ASCII_USUAL))
    else:
        text = unicodedata.normalize("NFC", text)
        unusual = _UNUSUAL.search(text) is not None
    if "  " in text or unusual:  # else one scan, not a substitution per space
        return _substituted(text)
    return _paragraphs(line.strip() for line in text.split("\n"))


def _substituted(text: str) -> str:
    """clean_text of an NFC text the long way, every substitution made: what the shortcuts
    must give (tests/test_text.py)."""
    text = _CONTROL.sub("", text).replace("\r", "\n")
    return _paragraphs(_SPACE.sub(" ", line).strip() for line in text.split("\n"))


def _paragraphs(lines: Iterable[str]) -> str:
    """Stripped lines → text with at most one blank line between paragraphs."""
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


def one_line(text: str) -> str:
    """Titles and header-bound text: a single line, no CR/LF smuggled into a mail header."""
    if text.isascii() and text.isprintable():  # nothing for clean_text to do but spaces
        return " ".join(text.split())
    return " ".join(clean_text(text).split())


_BLOCKS = [
    "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
    "blockquote", "section", "article", "header", "footer", "figure", "figcaption", "pre", "dd",
    "dt", "aside", "main", "nav",
]  # fmt: skip


# Elements whose text is not the visible text of an entry (code, styles, embedded objects).
_HIDDEN = frozenset(["script", "style", "noscript", "template", "iframe", "object", "svg"])
_BLOCK_SET = frozenset(_BLOCKS)

# The HTML elements one document's entries may hold in all, read by ``html_to_text``, and the
# tags (escaped or not) a feed document may hold before feedparser reads it (see
# ``check_markup``). A feed of 2,000 entries of a hundred elements each stays under both; a
# document built to make a parser work (50,000 nested elements in a 1 MB description) is read
# in a fifth of a second by lxml, ~4 s by feedparser; one that is mostly markup is refused.
MAX_HTML_ELEMENTS = 250_000
MAX_TAGS = 250_000
_budget: ContextVar[list[int] | None] = ContextVar("html_budget", default=None)
P = ParamSpec("P")
R = TypeVar("R")


class HtmlBudgetExceeded(ParseError):
    """One document held more HTML than ``MAX_HTML_ELEMENTS``: the source fails, not the poll."""


def bounded_html(fn: Callable[P, R]) -> Callable[P, R]:
    """Give every call of ``fn`` (the parse of one document) its own budget of HTML elements,
    shared by the ``html_to_text`` calls made inside it."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        token = _budget.set([MAX_HTML_ELEMENTS])
        try:
            return fn(*args, **kwargs)
        finally:
            _budget.reset(token)

    return wrapper


def check_markup(document: bytes) -> None:
    """Refuse a document with more tags than MAX_TAGS, counted over the bytes (C-speed, ~1 ms
    a MB) before feedparser reads it: its sanitiser costs ~40 us a tag, and nothing can stop it
    half-way. Escaped tags (``&lt;``, ``&#60;``) count too: they become markup. (lxml's fast
    path and JSON Feed need no such count: html_to_text's budget stops them as they read.)"""
    if document.count(b"<") + document.count(b"&") <= MAX_TAGS:  # every form starts so
        return
    lower = document.lower()
    tags = lower.count(b"<") + lower.count(b"&lt;") + lower.count(b"&#60;")
    tags += lower.count(b"&#x3c;")
    if tags > MAX_TAGS:
        raise HtmlBudgetExceeded(
            f"the document holds more than {MAX_TAGS:,} tags (escaped or not); not read"
        )


class _TextTarget:
    """lxml parser target collecting visible text as the parser reads: work in proportion to
    the input, whatever the nesting. (A BeautifulSoup tree with line breaks inserted around
    each block was quadratic in the depth: 8,000 nested <div> took 3 s, 50,000 took 154 s.)"""

    def __init__(self, budget: list[int] | None) -> None:
        self.parts: list[str] = []
        self.hidden = 0  # depth inside script/style/...: their text is not shown
        self.budget = budget

    def start(self, tag: str, attrib: object) -> None:
        if self.budget is not None:
            self.budget[0] -= 1
            if self.budget[0] < 0:
                raise HtmlBudgetExceeded(
                    f"the document holds more than {MAX_HTML_ELEMENTS:,} HTML elements "
                    "in its entries; not read"
                )
        if tag in _HIDDEN:
            self.hidden += 1
        elif not self.hidden and (tag in _BLOCK_SET or tag == "br"):
            self.parts.append("\n")

    def end(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif not self.hidden and tag in _BLOCK_SET:
            self.parts.append("\n")

    def data(self, text: str) -> None:
        if not self.hidden:
            self.parts.append(text)

    def comment(self, text: str) -> None:  # comments are not visible text
        pass

    def close(self) -> str:
        return "".join(self.parts)


def html_to_text(html: str) -> str:
    """Visible text of an HTML fragment: block elements become line breaks, inline ones don't.
    Linear in the input (see _TextTarget); counts its elements against the document's budget
    (see ``bounded_html``)."""
    if "<" not in html and "&" not in html:
        return clean_text(html)
    from lxml import etree  # here: a steady poll, with no entry to read, never loads it (16 ms)

    target = _TextTarget(_budget.get())
    parser = etree.HTMLParser(target=target, recover=True, no_network=True)
    try:
        parser.feed(html)
        text = parser.close()
    except HtmlBudgetExceeded:
        raise
    except etree.LxmlError:  # nothing lxml could read (an empty fragment): what was read
        text = target.close()
    # the exception raised inside the target may reach us wrapped by lxml: re-raise it as is
    if target.budget is not None and target.budget[0] < 0:
        raise HtmlBudgetExceeded(
            f"the document holds more than {MAX_HTML_ELEMENTS:,} HTML elements "
            "in its entries; not read"
        )
    return clean_text(text)


# What news-search feeds put between a headline and the outlet they name ("Headline - Outlet").
OUTLET_SEPARATORS = ("-", "–", "—", "|")


def headline_before(title: str, outlet: str | None) -> str | None:
    """The headline of "Headline - Outlet" when ``title`` ends with ``outlet`` (case aside)
    after a separator, whatever the name's length; None when it does not. One test for the
    parser (does a title name its <source> already?), relevance (judged without the name) and
    the headline rung (where the headline ends)."""
    if not outlet or title[-len(outlet) :].casefold() != outlet.casefold():
        return None
    head = title[: -len(outlet)].rstrip()
    if head[-1:] in OUTLET_SEPARATORS and head[:-1].strip():
        return head[:-1].rstrip()
    return None


def fold(word: str) -> str:
    """Case- and diacritic-insensitive form: 'Sør' → 'sor', 'Ё' → 'е', 'Æ' → 'ae'."""
    word = word.casefold().translate(_FOLD)
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """Word tokens in reading order; hyphens and apostrophes split words, combining marks do
    not (``_MARKED_WORD``); Chinese and Japanese runs as overlapping pairs of characters
    ("挪威驱逐" -> "挪威", "威驱", "驱逐")."""
    if text.isascii():
        return _runs(text)
    if _CJK_OR_MARK.search(text) is None:  # one scan for both, as most text has neither
        return _WORD.findall(text)
    tokens = _MARKED_WORD.findall(text) if _MARK.search(text) else _WORD.findall(text)
    if _CJK.search(text) is None:
        return tokens
    return [piece for tok in tokens for piece in _cjk_pairs(tok)]


def _runs(text: str) -> list[str]:
    """Runs of letters and digits: ``words`` as it was before Chinese and Japanese were cut
    into pairs, and still what the fingerprint (an archive key) is made of, so that an item
    archived before matches its exact copies; and the shingles of other scripts' text."""
    if text.isascii():  # the same tokens, twice as fast as the regex: one translate, one split
        return text.translate(_ASCII_SEPARATORS).split()
    return _WORD.findall(text)


# Words kept whole, not paired: a pair of their characters is another word on the beat. A
# destroyer, "驱逐舰", is a ship that "驱逐" (expels).
_CJK_WHOLE = re.compile("驱逐舰|驅逐艦")


def _cjk_pairs(token: str) -> list[str]:
    """``token`` with its Chinese or Japanese runs cut into overlapping pairs of characters (a
    lone character stays one); the rest of it ("F", "35" of "F-35战机") as it is."""
    out: list[str] = []
    pos = 0
    for m in _CJK.finditer(token):
        if m.start() > pos:
            out.append(token[pos : m.start()])
        run, at = m.group(0), 0
        for whole in _CJK_WHOLE.finditer(run):
            out.extend(_pairs(run[at : whole.start()]))
            out.append(whole.group(0))
            at = whole.end()
        out.extend(_pairs(run[at:]))
        pos = m.end()
    if pos < len(token):
        out.append(token[pos:])
    return out


def _pairs(run: str) -> list[str]:
    if len(run) < 3:
        return [run] if run else []
    return [run[i : i + 2] for i in range(len(run) - 1)]


def is_cjk(word: str) -> bool:
    """Whether ``word`` is Chinese or Japanese (a pair of characters from ``words``)."""
    return _CJK.fullmatch(word) is not None


@lru_cache(maxsize=1 << 16)
def folded(word: str) -> str:
    return fold(word)


def fingerprint(title: str, body: str, tokens: list[str] | None = None) -> str:
    """Exact-copy fingerprint of normalised title + text (case, accents, spacing, punctuation).
    ``tokens``: ``words`` of title + "\\n" + body, when the caller has them (they are the runs
    the fingerprint is made of unless the text is Chinese or Japanese or holds a combining
    mark)."""
    if tokens is None or _has_cjk_or_mark(title) or _has_cjk_or_mark(body):
        tokens = _runs(f"{title}\n{body}")
    return fingerprint_tokens(tokens)


def _has_cjk_or_mark(text: str) -> bool:
    return not text.isascii() and _CJK_OR_MARK.search(text) is not None


def fingerprint_tokens(tokens: list[str]) -> str:
    """``fingerprint`` from the runs of title + "\\n" + body (``_runs``)."""
    norm = " ".join(tokens)
    # ASCII words fold to their lower case, so the joined text folds at once (a third of
    # the cost of preparing an entry went to folding word by word).
    norm = norm.lower() if norm.isascii() else " ".join(map(folded, tokens))
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


SHINGLE_SIZE = 5
# Winnowing (Schleimer, Wilkerson, Aiken 2003): the smallest hash of every window of this many
# consecutive shingles is kept. Any passage two texts share that is at least
# SHINGLE_SIZE + WINNOW_WINDOW - 1 words long is then guaranteed a common fingerprint, however
# short the texts (a one-sentence feed summary still matches its article), at about
# 2 / (WINNOW_WINDOW + 1) of the shingles stored.
WINNOW_WINDOW = 4
# The archive's index holds a coarser winnowing of the same hashes (``shingle_sets``): a
# window of 12 keeps 2 / 13 of the shingles, not 2 / 5 — the index rows were the biggest write
# of a first poll. Every window-12 minimum is also a window-4 minimum of the same text, so the
# keys are a subset of the fingerprints, and any shared passage of
# SHINGLE_SIZE + INDEX_WINDOW - 1 = 16 words still shares a key.
INDEX_WINDOW = 12


def _shingle_hashes(text: str) -> list[int]:
    """blake2b-64 of each folded word 5-gram, as signed big-endian integers (archive keys: what
    a text's keys are must not change). Written as C-level loops: it was a fifth of an
    article's cost.

    Chinese and Japanese text is the one exception, made once (round 21): its runs are
    clauses, so a short report had no 5-gram at all and its republications were delivered
    again. Its 5-grams are of every other pair of characters (``words``): ten characters,
    anchored at each one, long enough that distinct reports of one event do not share them as
    a copy does. An item in those scripts archived before then meets its copies by address and
    fingerprint only; every other text keeps its keys.

    Their Han characters are read in simplified form (``simplified``, round 22): one report
    published in both scripts, as mainland, Hong Kong and Taiwanese outlets and the
    international broadcasters' Chinese services do, was two items delivered twice. This
    changed the keys of traditional-script text once, as above.

    English words are read in their American spelling (``monitor.spelling``, round 33): a
    republisher's house style re-spells a report it carries ("defence", "defense"). This
    changed the keys of text holding such words once: an item archived before meets a copy
    by the rest of its text, and by address and fingerprint, which did not change."""
    step = 1
    if text.isascii():  # ASCII words fold to their lower case (see fingerprint_tokens)
        toks = _runs(text.lower())
        toks = list(map(AMERICAN.get, toks, toks))  # one English spelling (monitor.spelling)
    elif _CJK.search(text) is None:
        toks = list(map(folded, _runs(text)))
        toks = list(map(AMERICAN.get, toks, toks))
    else:
        cut = [piece for tok in _runs(simplified(text)) for piece in _cjk_pairs(tok)]
        toks, step = list(map(folded, cut)), 2
    n = len(toks) - (SHINGLE_SIZE - 1) * step
    if n <= 0:
        return []
    grams = map(" ".join, zip(*(toks[i * step :] for i in range(SHINGLE_SIZE)), strict=False))
    digests = b"".join([blake2b(g.encode(), digest_size=8).digest() for g in grams])
    return list(struct.unpack(f">{n}q", digests))


@functools.cache
def _t2s() -> opencc.OpenCC:
    # Imported by the first Chinese or Japanese text: a command or a poll without any pays
    # nothing for it (14 ms to import, 4 ms for the table).
    import opencc

    return opencc.OpenCC("t2s")


def simplified(text: str) -> str:
    """``text`` with traditional Chinese characters and phrases in their simplified form
    (OpenCC's table): the same report in either script, for comparing copies. Japanese kanji it
    maps too, the same way in every text, so Japanese copies still meet each other. Only the
    runs of those scripts are converted: the rest passes as it is, whatever it holds."""
    convert = _t2s().convert
    return _CJK.sub(lambda m: convert(m.group(0)), text)


@lru_cache(maxsize=1 << 16)
def han_form(word: str) -> str:
    """A Chinese or Japanese word (a pair of characters from ``words``) in the simplified
    form of its Han characters (``simplified``); any other word as it is."""
    return simplified(word) if is_cjk(word) else word


def _minima_of_4(hashes: list[int]) -> list[int]:
    """The minimum of every 4 consecutive hashes, in order: the minima of 2 taken two at a
    time, so each step compares two values. A comparison in a comprehension, not map(min):
    a call of min() costs three times the comparison, and winnowing was half of an article's
    shingling."""
    m2 = [a if a < b else b for a, b in pairwise(hashes)]
    return [a if a < b else b for a, b in zip(m2, m2[2:], strict=False)]


def _winnow(hashes: list[int]) -> set[int]:
    if len(hashes) <= WINNOW_WINDOW:
        return {min(hashes)} if hashes else set()
    return set(_minima_of_4(hashes))


def shingles(text: str) -> set[int]:
    """Winnowed fingerprints (signed 64-bit) of the word 5-grams of ``text``, folded."""
    return _winnow(_shingle_hashes(text))


def shingle_sets(text: str) -> tuple[set[int], set[int]]:
    """``shingles(text)``, and the ones the archive indexes and a look-up asks for (the keys):
    the minima of every 12 hashes, or every fingerprint of a text too short for a 16-word
    passage to be likely, so that a short text keeps the 8-word guarantee against texts
    indexed the same way. One pass over the words for both; a window of 12 is three of 4."""
    hashes = _shingle_hashes(text)
    if len(hashes) < 2 * INDEX_WINDOW:
        fine = _winnow(hashes)
        return fine, fine
    m4 = _minima_of_4(hashes)
    m8 = [a if a < b else b for a, b in zip(m4, m4[4:], strict=False)]
    return set(m4), {a if a < b else b for a, b in zip(m8, m4[8:], strict=False)}


def pack_hashes(hashes: set[int]) -> bytes:
    """Fingerprints as stored with an item: signed 64-bit big-endian, sorted."""
    return struct.pack(f">{len(hashes)}q", *sorted(hashes))


def unpack_hashes(blob: bytes) -> set[int]:
    return set(struct.unpack(f">{len(blob) // 8}q", blob))


def snippet(text: str, limit: int = 280) -> str:
    """The first ``limit`` characters of the text, cut at a word boundary."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:.–-") + " …"
