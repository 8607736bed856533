"""An untagged item's language, guessed from its text (monitor.language), and what it decides:
the false friends of the gazetteer ("Forsvaret" is Denmark's armed forces in Danish)."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from monitor.language import guess_language
from tests.conftest import FIRST_SETS, labelled_rows, open_pipeline, rss, write_config
from tests.outlet import OutletServer


def corpus() -> dict[str, dict[str, Any]]:
    return labelled_rows(*FIRST_SETS)


def test_guesses_the_beat_s_languages_apart() -> None:
    """Danish, Bokmål and Nynorsk, Swedish, English, Russian, German: ten real items of each."""
    by_lang: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in corpus().values():
        if row["lang"] in ("da", "no", "nn", "sv", "en", "ru", "de"):
            by_lang[row["lang"]].append(row)
    wrong = [
        (row["id"], row["lang"], guess)
        for lang, rows in by_lang.items()
        for row in rows[:10]
        if (guess := guess_language(f"{row['title']}\n{row['text']}")) != lang
    ]
    assert wrong == []


def test_too_little_text_is_not_guessed() -> None:
    assert guess_language("Forsvaret følger dem") is None
    assert guess_language("") is None


def item(row: dict[str, Any], link: str) -> dict[str, str]:
    return {"title": row["title"], "link": link, "guid": row["id"], "description": row["text"]}


def test_an_untagged_danish_item_is_judged_as_danish(tmp_path: Path, outlet: OutletServer) -> None:
    """A feed without <language>: the Danish report of Russian warships followed by Denmark's
    "Forsvaret" stays out (it scored as NATO in Norway when untagged), and a Bokmål report on
    the beat is still delivered; both are stored with the language of their text."""
    rows = corpus()
    danish, norwegian = rows["F025"], rows["A032"]
    assert danish["label"] == "not_relevant" and "Forsvaret" in danish["title"]
    assert (norwegian["lang"], norwegian["label"]) == ("no", "relevant")
    entries = [item(danish, "https://dk.example/a"), item(norwegian, "https://no.example/b")]
    url = outlet.route("/feed.xml", rss(entries))
    p = open_pipeline(write_config(tmp_path / "sources.toml", [{"name": "Wire", "url": url}]))
    (report,) = p.poll(p.config.sources)
    assert (report.error, report.new, report.off_topic) == (None, 1, 1)
    stored = {}
    for listed in p.store.recent(on_topic_only=False):  # ids are the archive's to choose
        detail = p.store.item_detail(listed.id)
        assert detail is not None
        if detail[0].origin == "seed":
            continue
        stored[detail[0].url] = (detail[0].language, detail[0].on_topic)
    assert stored["https://dk.example/a"] == ("da", False)
    assert stored["https://no.example/b"] == ("no", True)


def test_the_page_s_language_wins_over_a_guess_from_the_summary(
    tmp_path: Path, outlet: OutletServer
) -> None:
    """A summary-only entry is guessed ("no") before its page is fetched; the page says "nb"."""
    row = corpus()["A032"]
    summary = " ".join(row["text"].split()[:30])
    assert guess_language(f"{row['title']}\n{summary}") == "no"
    page = (
        f"<!doctype html><html lang='nb'><head><title>{row['title']}</title></head><body>"
        f"<article><h1>{row['title']}</h1><p>{row['text']}</p></article></body></html>"
    )
    link = outlet.route("/article", page, content_type="text/html; charset=utf-8")
    url = outlet.route("/feed.xml", rss([{"title": row["title"], "link": link,
                                          "guid": "g1", "description": summary}]))  # fmt: skip
    cfg = [{"name": "Wire", "url": url, "fetch_article": True}]
    p = open_pipeline(write_config(tmp_path / "sources.toml", cfg))
    (report,) = p.poll(p.config.sources)
    assert (report.error, report.articles_fetched, report.new) == (None, 1, 1)
    (listed,) = [i for i in p.store.recent(on_topic_only=False) if i.url == link]
    detail = p.store.item_detail(listed.id)
    assert detail is not None
    assert (detail[0].url, detail[0].language) == (link, "nb")
