"""When is an article a copy of one already archived? The decision, apart from the SQL.

Exact copies are caught by address and by fingerprint. Near copies are judged on winnowed
shingle fingerprints by containment, the share of the smaller text found in the larger: a
feed summary is wholly contained in its article, a page with boilerplate and comments wholly
contains the clean text. Measured on bench/data (bench/quality.py): copies score 0.67–1.0;
distinct write-ups of one press release up to 0.52. So:

- containment >= 0.8: a copy;
- 0.6 <= containment < 0.8: a copy only if the headlines agree too (word-set Jaccard >= 0.8) —
  a republisher's light edits keep the headline, a rewrite of the same release does not;
- below 0.6: a different article (perhaps the same story: that is clustering's call).
"""

from __future__ import annotations

from monitor.text import folded, words

COPY_CONTAINMENT = 0.8
EDITED_COPY_CONTAINMENT = 0.6
EDITED_COPY_TITLE_JACCARD = 0.8
MIN_SHARED = 3  # fingerprints: fewer is chance, not copying


def title_jaccard(a: str, b: str) -> float:
    wa = {folded(w) for w in words(a)}
    wb = {folded(w) for w in words(b)}
    return len(wa & wb) / len(wa | wb) if wa and wb else 0.0


def containment(shared: int, ours: int, theirs: int) -> float:
    return shared / max(1, min(ours, theirs))


def is_copy(shared: int, ours: int, theirs: int, our_title: str, their_title: str) -> bool:
    if shared < MIN_SHARED:
        return False
    c = containment(shared, ours, theirs)
    if c >= COPY_CONTAINMENT:
        return True
    return c >= EDITED_COPY_CONTAINMENT and (
        title_jaccard(our_title, their_title) >= EDITED_COPY_TITLE_JACCARD
    )
