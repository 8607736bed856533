"""Text cleaning: the shortcuts for plain text give what the full cleaning gives."""

from __future__ import annotations

import pytest

from monitor.text import clean_text, one_line


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
