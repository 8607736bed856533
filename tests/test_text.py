"""Text cleaning: the shortcuts for plain text give what the full cleaning gives."""

from __future__ import annotations

import hashlib
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from monitor.text import clean_text, fingerprint_tokens, fold, one_line, words


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

    from monitor.text import SHINGLE_SIZE, _shingle_hashes

    for text in (ascii_text, any_text, f"{ascii_text} {any_text}"):
        toks = [fold(w) for w in words(text)]
        grams = [" ".join(toks[i : i + SHINGLE_SIZE]) for i in range(len(toks) - SHINGLE_SIZE + 1)]
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
