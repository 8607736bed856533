"""British and American spellings are one word for copy detection (round 33): a republisher
re-spells what it carries, and its copy must still be found (monitor/spelling.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from monitor.dedupe import title_jaccard
from monitor.spelling import AMERICAN, american
from monitor.text import shingles
from monitor.types import Item
from tests.conftest import labelled_rows, open_pipeline, write_config

BRITISH = ("Norway's defence minister said the centre of the new brigade will be at "
           "Porsangermoen, where the army will modernise its air defences and organise "
           "the neighbouring units' manoeuvres next year.")  # fmt: skip
US = ("Norway's defense minister said the center of the new brigade will be at "
      "Porsangermoen, where the army will modernize its air defenses and organize "
      "the neighboring units' maneuvers next year.")  # fmt: skip


def test_one_text_in_either_spelling_has_the_same_fingerprints() -> None:
    assert shingles(BRITISH) == shingles(US)
    assert title_jaccard("Norway steps up defence", "Norway steps up defense") == 1.0


def test_words_without_a_second_spelling_are_left_alone() -> None:
    for word in ("exercise", "promise", "advise", "surprise", "hour", "four", "genre",
                 "emphasis", "rise", "wise", "defense", "center"):  # fmt: skip
        assert american(word) == word
    assert american("mobilisation") == "mobilization" and american("weaponised") == "weaponized"
    assert all(v != k for k, v in AMERICAN.items())
    assert not set(AMERICAN) & set(AMERICAN.values())  # one step: no form maps on again


def test_a_republished_report_in_american_spelling_is_a_copy(tmp_path: Path) -> None:
    """The thirty-eighth set: Arctic Today's copy (BW007) of The Barents Observer's report on
    the Finnmark brigade (BW006), re-spelt and a sentence shorter, three days later."""
    rows = labelled_rows("thirtyeighth_corpus.jsonl")
    day = datetime(2024, 4, 5, 12, tzinfo=UTC)

    def item(rid: str, source: str, hours: int) -> Item:
        r = rows[rid]
        url = f"https://{source}.example/{rid}"
        return Item(source=source, guid=url, url=url, title=str(r["title"]), text=str(r["text"]),
                    published=day, fetched_at=day + timedelta(hours=hours))  # fmt: skip

    p = open_pipeline(write_config(tmp_path / "sources.toml", []))
    (a,) = p.ingest([item("BW006", "barentsobserver", 0)], day)
    (b,) = p.ingest([item("BW007", "arctictoday", 72)], day + timedelta(hours=72))
    assert a.verdict == "new" and b.verdict == f"duplicate of #{a.item_id} (near-duplicate)", (
        b.verdict
    )
