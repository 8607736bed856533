"""An item's language when neither its feed nor its page says: guessed from its own text.

Relevance depends on the language tag in two ways: Danish and Swedish words get their own
stems, and some rule terms are false friends counted only in (``Norra*@et``) or never in
(``Forsvaret@!da``: Denmark's armed forces in a Danish item) items of some languages
(monitor/gazetteer.py). An untagged Danish report of Russian warships in Danish straits then
reads as Norway's armed forces; untagged wire copy is common (feeds without <language>, pages
without ``lang``, a news-search feed's entries from outlets in other languages). Measured with
bench/blackbox.py on the held-out part, language withheld from feeds and pages: Danish
precision fell from 1.0 to 0.82 (docs/relevance.md).

The guess is py3langid's (langid.py's naive Bayes over byte n-grams, 97 languages; the same
author's trafilatura uses it when installed). On the 1,090 items of bench/data's development
corpus it names 1,089 right, Danish, Bokmål and Nynorsk apart (one Serbian item read as
Bosnian); the language labels were all it was checked on, not the relevance labels. It is
asked only for an untagged item that the pre-filter finds promising (about one entry in twenty
on a real poll): its model costs ~0.4 s and ~75 MB the first time a process asks, which a poll
of tagged feeds, a steady poll or a command never pays.
"""

from __future__ import annotations

from functools import cache
from typing import Any

# Below this share of the probability the guess is not taken: a headline of three words or a
# text that mixes languages says too little (the item then stays untagged, as before). On the
# corpus's texts cut to 30 words (a feed's summary), 0.7 leaves 51 of 1,090 unguessed and
# names none wrong; 0.5 names 7 wrong (Nynorsk and Bokmål); 0.9 leaves 235 unguessed.
MIN_CONFIDENCE = 0.7
MIN_CHARS = 40
# langid.py names Norwegian Bokmål "no" (as bench/data does); Nynorsk is "nn".
_CODES = {"nb": "no"}


@cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def guess_language(text: str) -> str | None:
    """The ISO 639-1 code of the language ``text`` is written in, or None when unsure."""
    sample = text.strip()[:4000]
    if len(sample) < MIN_CHARS:
        return None
    lang, confidence = _identifier().classify(sample)
    if confidence < MIN_CONFIDENCE:
        return None
    return _CODES.get(lang, lang)
