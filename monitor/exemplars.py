"""The examples the matcher's second signal compares items with, read from the archive: the
seed articles, the operator's verdicts (`monitor feedback`) and the subscribers' clicks.

Apart from monitor.pipeline (which loads them for a poll) and monitor.judgements (which loads one
subscriber's own for their digest), so neither imports the other for them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from monitor.similar import Exemplar, vector

if TYPE_CHECKING:
    from monitor.config import Config
    from monitor.store import Store


def load_exemplars(store: Store, config: Config, *, address: str | None = None) -> list[Exemplar]:
    """The seeds and the items users judged, as vectors for the second relevance signal:
    the operator's verdicts, and the subscribers' clicks when [delivery] judgements is
    "shared". ``address``: that subscriber's own clicks alone (monitor/judgements.py)."""
    default = config.topics[0].name if config.topics else ""
    everything = tuple(t.name for t in config.topics)
    out = []
    shared = config.delivery.judgements == "shared"
    for row, label, topics in store.exemplar_rows(judgements=shared, address=address):
        relevant = label == "relevant"
        scope = tuple(topics) or (default,) if relevant else everything
        out.append(Exemplar(row.title, vector(f"{row.title}\n{row.text or row.summary}"),
                            relevant, scope))  # fmt: skip
    return out
