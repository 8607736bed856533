"""Numbers as a report tells them, in any of the beat's languages, as one key: digits.

Clustering compares the numbers two reports of one event tell (``cluster.numbers_in``): 15
diplomats, 30,000 troops. A translation writes them its own way: "15,000 soldiers" in English
is "15 ألف جندي" (15 thousand) in Arabic; "one million tonnes" of cod is "1 млн тонн" in
Russian; "ten submarines" is "10 подводных лодок" (round 6). This module reads a number
followed by a scale word (thousand, million, billion in each language and its abbreviations)
as the number it stands for, and the number words from ten upwards as digits, so each of those
pairs shares a key. Single digits say little (as in digits: ``cluster.numbers_in`` drops them),
so "three" is read only before a scale word ("three million").

Round 32: a report's own language adds its number words and scales ("quince", "عشر", "15
bin"), read only in that language because some are other words elsewhere; and Chinese,
Japanese and Korean scales that follow the digits with no space ("3万", "3만") are read.
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

# Words that are numbers or scales in one language and something else in another: Norwegian
# "mil" is a Scandinavian mile (10 km), Spanish "mil" a thousand; "once" is eleven in Spanish;
# Dutch "elf" is eleven; Turkish "on" is ten and "bin" a thousand. Read only in a report of
# that language (the signature knows it); a report of unknown language reads the table above
# alone. The forms are the ones news writes (Polish and Ukrainian in the cases a count takes).
_WORDS_OF_LANG = {
    "fr": "dix:10 onze:11 douze:12 treize:13 quatorze:14 quinze:15 seize:16 vingt:20 "
    "trente:30 quarante:40 cinquante:50 soixante:60",
    "es": "diez:10 once:11 doce:12 trece:13 catorce:14 quince:15 dieciséis:16 veinte:20 "
    "treinta:30 cuarenta:40 cincuenta:50 sesenta:60",
    "pt": "dez:10 onze:11 doze:12 treze:13 catorze:14 quatorze:14 quinze:15 vinte:20 trinta:30 "
    "quarenta:40 cinquenta:50 sessenta:60",
    "it": "dieci:10 undici:11 dodici:12 tredici:13 quattordici:14 quindici:15 sedici:16 "
    "venti:20 trenta:30 quaranta:40 cinquanta:50 sessanta:60",
    "nl": "tien:10 elf:11 twaalf:12 dertien:13 veertien:14 vijftien:15 zestien:16 twintig:20 "
    "dertig:30 veertig:40 vijftig:50 zestig:60",
    "pl": "dziesięć:10 dziesięciu:10 jedenaście:11 jedenastu:11 dwanaście:12 dwunastu:12 "
    "trzynaście:13 trzynastu:13 czternaście:14 czternastu:14 piętnaście:15 piętnastu:15 "
    "szesnaście:16 szesnastu:16 dwadzieścia:20 dwudziestu:20 trzydzieści:30 trzydziestu:30 "
    "czterdzieści:40 czterdziestu:40 pięćdziesiąt:50 pięćdziesięciu:50",
    "uk": "десять:10 десяти:10 одинадцять:11 дванадцять:12 тринадцять:13 чотирнадцять:14 "
    "п'ятнадцять:15 п’ятнадцять:15 шістнадцять:16 двадцять:20 двадцяти:20 тридцять:30 "
    "тридцяти:30 сорок:40 п'ятдесят:50 п’ятдесят:50",
    "fi": "kymmenen:10 kymmenentä:10 viisitoista:15 kaksikymmentä:20 kolmekymmentä:30 "
    "neljäkymmentä:40 viisikymmentä:50",
    "tr": "on:10 yirmi:20 otuz:30 kırk:40 elli:50 altmış:60",
    "ar": "عشرة:10 عشر:10 عشرين:20 عشرون:20 ثلاثين:30 ثلاثون:30 أربعين:40 أربعون:40 خمسين:50 "
    "خمسون:50 ستين:60 ستون:60",
}
_SCALES_OF_LANG = {
    "es": "mil:1000",
    "pt": "mil:1000 milhões:1000000 milhão:1000000",
    "tr": "bin:1000 milyon:1000000 milyar:1000000000",
    "fi": "tuhatta:1000 miljoonaa:1000000 miljardia:1000000000",
    "it": "miliardi:1000000000 miliardo:1000000000",
    "fr": "milliards:1000000000",
    "hu": "ezer:1000 millió:1000000 milliárd:1000000000",
}


def _lang_table(spec: dict[str, str]) -> dict[str, dict[str, int]]:
    """Each language's forms, lower case and capitalised (a sentence's first word), by value:
    a text's tokens are intersected with its keys at C speed."""
    return {
        lang: {f: int(v) for w, v in (pair.split(":") for pair in forms.split())
               for f in (w, w.capitalize())}
        for lang, forms in spec.items()
    }  # fmt: skip


_ALONE_OF_LANG = _lang_table(_WORDS_OF_LANG)
_SCALE_OF_LANG = _lang_table(_SCALES_OF_LANG)
# Arabic tells eleven to nineteen as a unit before عشر ("خمسة عشر", fifteen) and 21 to 99 as
# a unit, "and", the tens ("خمسة وعشرين"): the word after a unit is read with it.
_AR_UNITS = {
    "أحد": 1, "إحدى": 1, "اثنا": 2, "اثني": 2, "اثنتا": 2, "اثنتي": 2, "ثلاثة": 3, "ثلاث": 3,
    "أربعة": 4, "أربع": 4, "خمسة": 5, "خمس": 5, "ستة": 6, "ست": 6, "سبعة": 7, "سبع": 7,
    "ثمانية": 8, "ثماني": 8, "تسعة": 9, "تسع": 9,
}  # fmt: skip
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


def scaled_numbers(text: str, tokens: list[str], lang: str | None = None) -> set[str]:
    """Numbers told with a scale word, as digits: "15 ألف" → "15000", "1,5 млн" → "1500000",
    "one million" → "1000000". ``tokens``: ``text.words(text)``; ``lang``: the report's
    language, whose own scale words are read too ("15 bin" in Turkish)."""
    own = _SCALE_OF_LANG.get(lang or "", {})
    found = _SCALE_SET.intersection(tokens)
    if own:
        found |= own.keys() & tokens  # a view's & takes any iterable: no set of the text
    out = set()
    for form in found:
        scale = _SCALE_OF.get(form.lower()) or own[form]
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


# Chinese, Japanese and Korean write a scale right after the digits, with no space and no word
# boundary: "3万人" and "3만 명" are 30,000 people, "2천" is 2,000, "1.5亿" 150 million. Read as
# digits alone, "3" would drop out as a single digit and "15万" would key as 15, a number the
# report never tells. Korean may add the thousands after the ten thousands ("2만5천", 25,000).
_CJK_SCALE = {"千": 1_000, "천": 1_000, "万": 10_000, "萬": 10_000, "만": 10_000,
              "亿": 100_000_000, "億": 100_000_000, "억": 100_000_000}  # fmt: skip
_CJK_SCALED = re.compile(
    r"(?<![\d.,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s?([千천万萬만亿億억])(?![米克瓦])"
    r"(?:\s?(\d+)\s?([千천]))?"
)


def cjk_scaled(text: str) -> tuple[set[str], list[tuple[int, int]]]:
    """Numbers told with a Chinese, Japanese or Korean scale, as digits ("3万" → "30000",
    "2만5천" → "25000"), and where each is in ``text``, so its digits are not read again."""
    out, spans = set(), []
    for m in _CJK_SCALED.finditer(text):
        value = float(m.group(1).replace(",", "")) * _CJK_SCALE[m.group(2)]
        if m.group(3) and _CJK_SCALE[m.group(4)] < _CJK_SCALE[m.group(2)]:
            value += int(m.group(3)) * _CJK_SCALE[m.group(4)]
        out.add(str(round(value)))
        spans.append((m.start(), m.end()))
    return out, spans


def _value(head: str) -> float | None:
    """The number a scale word multiplies: digits ("1,000", "1,5", "15") or a word ("one")."""
    if head[0].isdigit():
        if _GROUPED.fullmatch(head):
            return float(re.sub(r"\D", "", head))
        return float(head.replace(",", "."))
    found = _VALUE_OF.get(head.lower())
    return None if found is None else float(found)


def worded_numbers(tokens: list[str], lang: str | None = None) -> set[str]:
    """The number words from ten up among ``tokens`` (``text.words``), as digits: "ten
    submarines", "десять подлодок" → "10"; and those of the report's language ``lang``
    ("diez submarinos", "عشر غواصات")."""
    found = _ALONE_SET.intersection(tokens)
    out = {str(_ALONE_CASED[w]) for w in found}
    own = _ALONE_OF_LANG.get(lang or "")
    if own is None:
        return out
    if lang != "ar":
        return out | {str(own[w]) for w in own.keys() & tokens}
    for i, w in enumerate(tokens):  # Arabic: the word before may be a unit
        value = own.get(w)
        if value is None and w[:1] == "و":  # "وعشرين": "and twenty"
            value = own.get(w[1:])
        if value is None:
            continue
        before = tokens[i - 1] if i else ""
        unit = _AR_UNITS.get(before.removeprefix("و"))  # "وخمسة": "and five"
        out.add(str(value + (unit or 0)))  # "خمسة عشر" is 15, "خمسة وعشرين" 25
    return out
