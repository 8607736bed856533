"""A fuller copy of an off-topic item is judged on its own text (round 32, issue #26's
thirty-seventh set): two outlets carry one report, one of them cut short, and whichever arrives
first must not decide for the other."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from monitor.types import Item
from tests.conftest import labelled_rows, open_pipeline, write_config

DAY = datetime(2025, 8, 12, 12, tzinfo=UTC)


def _item(row: dict[str, Any], source: str, url: str, text: str | None = None) -> Item:
    return Item(source=source, guid=url, url=url, title=str(row["title"]),
                text=str(row["text"] if text is None else text), published=DAY,
                language="ru", fetched_at=DAY)  # fmt: skip


def _rows() -> tuple[dict[str, Any], dict[str, Any]]:
    """Gazeta.Ru's report of Barentsburg as "Russia's corner in NATO" (BV049), and a mirror's
    copy of it without its last sentence, the one on Norway and Svalbard (BV050): the cut
    scores 3.5 of the 4 the topic needs, the whole report more."""
    rows = labelled_rows("thirtyseventh_corpus.jsonl")
    full, cut = rows["BV049"], rows["BV050"]
    assert str(full["text"]).startswith(str(cut["text"])[:400]) and len(full["text"]) > len(
        cut["text"]
    )
    return full, cut


def test_the_whole_report_after_its_cut_is_delivered_and_its_later_copies_are_its(
    tmp_path: Path,
) -> None:
    full, cut = _rows()
    p = open_pipeline(write_config(tmp_path / "sources.toml", []))
    (a,) = p.ingest([_item(cut, "Mirror", "https://mirror.example/a")], DAY + timedelta(hours=1))
    assert a.verdict == "off-topic"
    (b,) = p.ingest([_item(full, "Gazeta", "https://gazeta.example/b")], DAY + timedelta(hours=2))
    assert b.verdict == "new" and b.item_id != a.item_id  # was: a copy of the cut, never shown
    # A later copy of both (one word changed) is the delivered report's, not a third item.
    edited = str(full["text"]).replace("В июне", "Ранее, в июне")
    (c,) = p.ingest(
        [_item(full, "Other", "https://other.example/c", edited)], DAY + timedelta(hours=3)
    )
    assert c.verdict == f"duplicate of #{b.item_id} (near-duplicate)", c.verdict
    delivered = p.store.recent(limit=10)  # on topic only: what the digest and feeds show
    assert [i.id for i in delivered if "Лениным" in i.title] == [b.item_id]


def test_in_one_batch_the_whole_report_is_judged_on_its_own_text(tmp_path: Path) -> None:
    full, cut = _rows()
    p = open_pipeline(write_config(tmp_path / "sources.toml", []))
    edited = str(full["text"]).replace("В июне", "Ранее, в июне")
    a, b, c = p.ingest(
        [
            _item(cut, "Mirror", "https://mirror.example/a"),
            _item(full, "Gazeta", "https://gazeta.example/b"),
            _item(full, "Other", "https://other.example/c", edited),
        ],
        DAY + timedelta(hours=1),
    )
    assert (a.verdict, b.verdict) == ("off-topic", "new")
    assert c.verdict.startswith("duplicate of") and c.item_id == b.item_id, c.verdict
