"""Text cleaning: the shortcuts for plain text give what the full cleaning gives."""

from __future__ import annotations

import hashlib
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from monitor.text import clean_text, fingerprint, fingerprint_tokens, fold, one_line, words


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Plain title", "Plain title"),
        ("  padded   title  ", "padded title"),
        ("tab\there", "tab here"),
        ("two\r\nlines\nin a header", "two lines in a header"),
        ("Injected\r\nBcc: x@example.org", "Injected Bcc: x@example.org"),
        ("bell\x07 and del\x7f", "bell and del"),
        ("no\u00a0break", "no break"),
        ("Мурманск\u2003и  Киркенес", "Мурманск и Киркенес"),
        ("e\u0301 composed", "\u00e9 composed"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_one_line_is_one_clean_line(raw: str, expected: str) -> None:
    got = one_line(raw)
    assert got == expected
    assert got == " ".join(clean_text(raw).split())  # the shortcut agrees with the long way
    assert "\n" not in got and "\r" not in got


_ASCII_WORD = re.compile(r"[A-Za-z0-9]+")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_ascii_words_are_the_unicode_words(text: str) -> None:
    """The ASCII shortcut splits exactly as the Unicode word pattern (archive keys depend on
    it: fingerprints and shingles are made of these words)."""
    assert words(text) == re.findall(r"[^\W_]+", text) == _ASCII_WORD.findall(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(min_size=1), max_size=8), st.booleans())
def test_fingerprint_shortcut_is_the_word_by_word_fold(parts: list[str], ascii_only: bool) -> None:
    text = " ".join(p.encode("ascii", "ignore").decode() if ascii_only else p for p in parts)
    tokens = words(text)
    slow = hashlib.sha256(" ".join(fold(t) for t in tokens).encode("utf-8")).hexdigest()
    assert fingerprint_tokens(tokens) == slow


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127)), st.text())
def test_shingle_hashes_shortcut_is_the_word_by_word_fold(ascii_text: str, any_text: str) -> None:
    """The shingles are archive keys: the ASCII shortcut (lower-case the text, then split)
    must hash the same 5-grams as folding word by word, and so must any other text."""
    import struct
    from hashlib import blake2b

    from monitor.text import SHINGLE_SIZE, _shingle_hashes, simplified

    for text in (ascii_text, any_text, f"{ascii_text} {any_text}", f"挪威驱逐 {any_text}"):
        # The runs of letters and digits; Chinese and Japanese text (round 21) as its pairs of
        # characters, every other one: a 5-gram spans ten characters; traditional characters
        # in simplified form (round 22).
        cjk = re.search("[\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]", text)
        step = 2 if cjk else 1
        # (words of each run: round 23's words go on through combining marks, the keys not)
        runs = re.findall(r"[^\W_]+", simplified(text) if cjk else text)
        runs = [piece for run in runs for piece in words(run)] if cjk else runs
        toks = [fold(w) for w in runs]
        span = (SHINGLE_SIZE - 1) * step
        grams = [" ".join(toks[i : i + span + 1 : step]) for i in range(len(toks) - span)]
        slow = [struct.unpack(">q", blake2b(g.encode(), digest_size=8).digest())[0] for g in grams]
        assert _shingle_hashes(text) == slow


@settings(max_examples=500, deadline=None)
@given(
    st.one_of(
        st.text(alphabet=st.characters(max_codepoint=127)),
        st.text(alphabet=st.sampled_from(list("ab \n\r\t\x00\x07\x0b\x1f\x7f\u00a0\u2003e\u0301"))),
        st.text(),
    )
)
def test_clean_text_shortcuts_are_the_full_cleaning(text: str) -> None:
    """The scans that let clean text skip the substitutions must not let anything through."""
    import unicodedata

    from monitor.text import _substituted

    assert clean_text(text) == _substituted(unicodedata.normalize("NFC", text))


def test_chinese_and_japanese_are_cut_into_overlapping_pairs_of_characters() -> None:
    """They write no spaces: a run is a clause, and the beat's words are one or two characters
    ("挪威", Norway), a longer one consecutive pairs. Written for the test."""
    assert words("挪威驱逐15名俄罗斯外交官") == [
        "挪威", "威驱", "驱逐", "15", "名俄", "俄罗", "罗斯", "斯外", "外交", "交官",
    ]  # fmt: skip
    assert words("F-35战机") == ["F", "35", "战机"]
    assert words("ノルウェー、ロシア") == ["ノル", "ルウ", "ウェ", "ェー", "ロシ", "シア"]
    assert words("好") == ["好"]
    # A destroyer is not an expulsion: "驱逐舰" stays whole.
    assert words("俄罗斯驱逐舰") == ["俄罗", "罗斯", "驱逐舰"]
    # Korean separates its words with spaces; other scripts are as they were.
    assert words("노르웨이가 러시아") == ["노르웨이가", "러시아"]
    assert words("Норвегия выслала") == ["Норвегия", "выслала"]


def test_the_archive_keys_of_chinese_text_are_made_of_its_runs() -> None:
    """Fingerprints and shingles are the archive's keys: an item archived before Chinese was cut
    into pairs must still match its copies, so the keys are made of the runs as before."""
    title, body = "挪威驱逐俄罗斯外交官", "挪威外交部周四宣布。俄方表示将回应。"
    runs = re.findall(r"[^\W_]+", f"{title}\n{body}")
    assert fingerprint(title, body, words(f"{title}\n{body}")) == fingerprint_tokens(runs)
    assert fingerprint(title, body) == fingerprint_tokens(runs)


def test_a_republished_chinese_report_shares_its_shingles_and_another_report_does_not() -> None:
    """A short Chinese report was one 5-gram of clauses or none: its republication under a
    "[新聞]" tag went undetected. Ten-character spans find it, and a distinct report of the same
    event, sharing the event's phrases, shares none. Written for the test."""
    from monitor.text import shingles

    first = "英国与挪威签署防务合作协议，两国将组建联合舰队，在北大西洋监视俄罗斯潜艇和舰船活动。"
    again = "[新聞] " + first
    other = "挪威与英国签署防务合作协议。挪威国防大臣说，两国舰队将共同巡逻北大西洋海域。"
    a, b, c = shingles(first), shingles(again), shingles(other)
    assert len(a & b) >= 0.8 * len(a) >= 3
    assert not a & c


def test_one_report_in_traditional_and_simplified_characters_is_one_copy() -> None:
    """Outlets in Hong Kong and Taiwan, and the broadcasters' Chinese services, publish one
    report in both scripts: read apart, the two shared no shingle and were delivered twice.
    The traditional text is compared in simplified characters; a distinct report of the same
    event, in the other script, still shares none. Written for the test."""
    from monitor.text import shingles

    simplified_text = "挪威国防部长宣布，将扩大美国海军陆战队在挪威的部署规模，并把部队移近边境。"
    traditional = "挪威國防部長宣布，將擴大美國海軍陸戰隊在挪威的部署規模，並把部隊移近邊境。"
    other = "俄羅斯大使館表示，美軍在挪威增兵是不友好的舉動，俄方將採取回應措施。"
    a, b, c = shingles(simplified_text), shingles(traditional), shingles(other)
    assert a == b and len(a) >= 3
    assert not a & c


def test_a_word_goes_on_through_its_combining_marks_and_the_keys_do_not_move() -> None:
    """Arabic's shadda and vowels, the Indic vowel signs and a Russian stress accent are
    combining marks NFC leaves in place; a word stopped at each one ("مسيّرة", a drone, was
    "مسي" and "رة"), so no rule term met it (round 23). The fingerprint and the shingles,
    archive keys, are still made of the runs that stop there."""
    import hashlib

    from monitor.text import _shingle_hashes, fingerprint

    assert words("طائرة مسيّرة") == ["طائرة", "مسيّرة"]
    assert words("റഷ്യൻ നയതന്ത്രജ്ഞർ") == ["റഷ്യൻ", "നയതന്ത്രജ്ഞർ"]
    stressed = "Норве\u0301гия"  # a stress accent, as dictionaries and some outlets print
    assert words(stressed) == [stressed] and fold(words(stressed)[0]) == "норвегия"
    title, body = "النرويج تحتجز روسياً", "بحوزته طائرة مسيّرة ومعدات تصوير قرب المطار"
    runs = re.findall(r"[^\W_]+", f"{title}\n{body}")
    key = hashlib.sha256(" ".join(map(fold, runs)).encode()).hexdigest()
    assert fingerprint(title, body) == fingerprint(title, body, words(f"{title}\n{body}")) == key
    assert len(_shingle_hashes(body)) == len(re.findall(r"[^\W_]+", body)) - 4
