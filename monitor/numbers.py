"""Numbers as a report tells them, in any of the beat's languages, as one key: digits.

Clustering compares the numbers two reports of one event tell (``cluster.numbers_in``): 15
diplomats, 30,000 troops. A translation writes them its own way: "15,000 soldiers" in English
is "15 ألف جندي" (15 thousand) in Arabic; "one million tonnes" of cod is "1 млн тонн" in
Russian; "ten submarines" is "10 подводных лодок" (round 6). This module reads a number
followed by a scale word (thousand, million, billion in each language and its abbreviations)
as the number it stands for, and the number words from ten upwards as digits, so each of those
pairs shares a key. Single digits say little (as in digits: ``cluster.numbers_in`` drops them),
so "three" is read only before a scale word ("three million").
"""

from __future__ import annotations

import re

# Scale words, each form as written (lower case; a capitalised one counts too): their value
# multiplies the number before them. Whole forms, not stems: a text is first asked whether it
# has any (a set intersection with its words), the pattern below runs only then.
_SCALES = {
    1_000: "thousand thousands tusen tusind tusinde tausend tausende тысяча тысячи тысяч тысячу "
    "тысячами тыс тисяча тисячі тисяч тис tysiąc tysiące tysięcy tisíc tisíce mille mila "
    "duizend ألف آلاف الف",
    1_000_000: "million millions millioner millionen miljon miljoner miljoen mio mln млн "
    "миллион миллиона миллионов мільйон мільйона мільйонів milion miliony milionů milionu "
    "milioni millones millón مليون ملايين",
    1_000_000_000: "billion billions milliard milliarder milliarde milliarden miljard miljarder "
    "mrd млрд миллиард миллиарда миллиардов мільярд miliard miliardy mld",
}
_SCALE_OF = {w: v for v, ws in _SCALES.items() for w in ws.split()}
_SCALE_RE = "|".join(sorted(map(re.escape, _SCALE_OF), key=len, reverse=True))

# Number words, by value: from ten up they are numbers on their own ("ten submarines"); below
# ten only before a scale word ("one million", "två miljoner").
_WORDS = {
    1: "one en ett ein eine один одна одно",
    2: "two två zwei два две",
    3: "three tre drei три",
    4: "four fire fyra vier четыре",
    5: "five fem fünf пять",
    6: "six seks sex sechs шесть",
    7: "seven sju syv sieben семь",
    8: "eight åtte otte åtta acht восемь",
    9: "nine ni nio neun девять",
    10: "ten tio zehn десять десяти десятью",
    11: "eleven elleve elva одиннадцать одиннадцати",
    12: "twelve tolv zwölf двенадцать двенадцати",
    13: "thirteen tretten tretton dreizehn тринадцать тринадцати",
    14: "fourteen fjorten fjorton vierzehn четырнадцать четырнадцати",
    15: "fifteen femten femton fünfzehn пятнадцать пятнадцати",
    16: "sixteen seksten sexton sechzehn шестнадцать шестнадцати",
    17: "seventeen sytten sjutton siebzehn семнадцать семнадцати",
    18: "eighteen atten arton achtzehn восемнадцать восемнадцати",
    19: "nineteen nitten nitton neunzehn девятнадцать девятнадцати",
    20: "twenty tjue tyve tjugo zwanzig двадцать двадцати",
    30: "thirty tretti tredive trettio dreißig тридцать тридцати",
    40: "forty førti fyrre fyrtio vierzig сорок сорока",
    50: "fifty femti halvtreds femtio fünfzig пятьдесят пятидесяти",
    60: "sixty seksti sextio sechzig шестьдесят шестидесяти",
    70: "seventy sytti halvfjerds sjuttio siebzig семьдесят семидесяти",
    80: "eighty åtti firs åttio achtzig восемьдесят восьмидесяти",
    90: "ninety nitti halvfems nittio neunzig девяносто",
    100: "hundred hundre hundrede hundra hundert сто",
}
_VALUE_OF = {w: v for v, ws in _WORDS.items() for w in ws.split()}
# The words that are numbers on their own, as a text may write them (lower case or capitalised
# at the start of a sentence): a set to intersect with the text's tokens at C speed.
_ALONE = {w: v for w, v in _VALUE_OF.items() if v >= 10}
_ALONE_CASED = {**_ALONE, **{w.capitalize(): v for w, v in _ALONE.items()}}
_ALONE_SET = frozenset(_ALONE_CASED)
_SCALE_SET = frozenset([*_SCALE_OF, *(w.capitalize() for w in _SCALE_OF)])

# A number (digits, perhaps grouped by three, perhaps with one or two decimals) or a word,
# right before a scale word: looked for backwards from each scale word the text has.
_HEAD = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:[ ,.\u00a0\u202f]\d{3})+|\d+(?:[.,]\d{1,2})?|[^\W\d]+)"
    r"[\s\u00a0\u202f-]+$"
)
_GROUPED = re.compile(r"\d{1,3}(?:[ ,.\u00a0\u202f]\d{3})+")


def scaled_numbers(text: str, tokens: list[str]) -> set[str]:
    """Numbers told with a scale word, as digits: "15 ألف" → "15000", "1,5 млн" → "1500000",
    "one million" → "1000000". ``tokens``: ``text.words(text)``."""
    found = _SCALE_SET.intersection(tokens)
    out = set()
    for form in found:
        scale = _SCALE_OF[form.lower()]
        at = text.find(form)
        while at >= 0:
            end = at + len(form)
            if not (end < len(text) and text[end].isalnum()):  # a whole word
                m = _HEAD.search(text, max(0, at - 40), at)
                if m is not None:
                    value = _value(m.group(1))
                    if value is not None:
                        out.add(str(round(value * scale)))
            at = text.find(form, end)
    return out


def _value(head: str) -> float | None:
    """The number a scale word multiplies: digits ("1,000", "1,5", "15") or a word ("one")."""
    if head[0].isdigit():
        if _GROUPED.fullmatch(head):
            return float(re.sub(r"\D", "", head))
        return float(head.replace(",", "."))
    found = _VALUE_OF.get(head.lower())
    return None if found is None else float(found)


def worded_numbers(tokens: list[str]) -> set[str]:
    """The number words from ten up among ``tokens`` (``text.words``), as digits: "ten
    submarines", "десять подлодок" → "10"."""
    found = _ALONE_SET.intersection(tokens)
    return {str(_ALONE_CASED[w]) for w in found}
