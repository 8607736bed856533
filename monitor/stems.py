"""Word keys: the folded Snowball stems a word is compared by, in English, Norwegian, Russian
(and Danish or Swedish for an item in those languages).

Topic matching (monitor.match), document similarity (monitor.similar) and story clustering
(monitor.cluster) all compare words by these keys; they live here, apart from all three, so
that none of them imports another for them.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any

from monitor.text import fold

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


@cache
def _stemmer(lang: str) -> Any:
    """Snowball's stemmer for ``lang``, made at its first word: importing snowballstemmer loads
    every language it has (~30 modules), which a command that stems nothing (a poll where
    every outlet answers 304, `archive show`) need not pay for."""
    import snowballstemmer

    return snowballstemmer.stemmer(lang)


# Languages whose text words also get their own Snowball stem (besides English and Norwegian,
# which every Latin word gets): Danish and Swedish wire copy inflects like Norwegian but not
# quite ("ryskt", "Ruslands"). Terms keep their English and Norwegian stems only: a Swedish
# stem of an English term would find common Swedish words ("border" -> "bord", "borde").
ITEM_STEMMERS = {"da": "danish", "sv": "swedish"}


@lru_cache(maxsize=1 << 17)
def word_keys(word: str, lang: str = "") -> frozenset[str]:
    """Every comparison key of one word: its folded stems in the languages its script allows
    (and, for a Danish or Swedish item's words, ``lang``'s own stem too)."""
    low = word.casefold()
    if _CYRILLIC.search(low):
        langs: tuple[str, ...] = ("russian",)
    elif lang in ITEM_STEMMERS:
        langs = ("english", "norwegian", ITEM_STEMMERS[lang])
    else:
        langs = ("english", "norwegian")
    keys = {fold(_stemmer(name).stemWord(low)) for name in langs}
    keys.add(fold(low))
    return frozenset(keys)


def base_lang(lang: str | None) -> str:
    """An item's language tag without its region ("fi-FI" -> "fi"; none: ""): what a
    language-restricted term ("raja*@fi") is checked against."""
    return (lang or "").split("-")[0].split("_")[0].lower()


def item_lang(lang: str | None) -> str:
    """The part of an item's language tag that stemming uses ("da-DK" -> "da"; others: "")."""
    base = base_lang(lang)
    return base if base in ITEM_STEMMERS else ""
