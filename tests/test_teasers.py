"""Short teasers and summaries (issue #28, class 4): judged on what they say, recognised as
the archived article they shorten (a seed included), in either order of arrival."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from monitor.config import load_config
from monitor.pipeline import Pipeline
from monitor.seed import load_seeds, seed_archive
from monitor.store import Store
from monitor.types import Item

ROOT = Path(__file__).parent.parent
NOW = datetime(2026, 11, 22, 12, tzinfo=UTC)
DW = next(s for s in load_seeds() if s.source == "DW")  # the 2018 Marines article


def pipeline(tmp_path: Path) -> Pipeline:
    store = Store(f"sqlite:///{tmp_path}/archive.db")
    p = Pipeline(load_config(ROOT / "sources.toml", {}), store)
    seed_archive(store, p.matcher)
    return p


def entry(guid: str, title: str, summary: str, source: str = "DW tag page") -> Item:
    return Item(source=source, guid=guid, url=f"https://www.dw.com/en/tag/{guid}", title=title,
                summary=summary, fetched_at=NOW, language="en")  # fmt: skip


def test_shortened_seed_teaser_with_a_byline_is_the_seed(tmp_path: Path) -> None:
    p = pipeline(tmp_path)
    first = DW.body.split(". ")[0]
    teaser = entry("t1", "Norway to ask US to double Marines near Russia",
                   f"{first}. …\nDW staff (AFP, Reuters) | 12 June 2018")  # fmt: skip
    (c,) = p.ingest([teaser], NOW)
    assert c.verdict.startswith("duplicate of #1"), c.verdict  # the seed, not a new item
    # The headline alone (a tag page's link text) is the seed too.
    (h,) = p.ingest([entry("t2", DW.title, "")], NOW)
    assert h.verdict == "duplicate of #1 (headline)", h.verdict


def test_a_teaser_first_and_its_article_later_are_one_item(tmp_path: Path) -> None:
    p = pipeline(tmp_path)
    title = "Russian border guards detain Norwegian fisherman near Storskog"
    text = (
        "The FSB border service says the man crossed the Norwegian-Russian border near Storskog "
        "in Sør-Varanger on Friday. Norway's foreign ministry has asked Moscow for an "
        "explanation, and the Norwegian police in Finnmark confirm the incident. The man, a "
        "fisherman from Kirkenes, was taken to Nikel for questioning, his family says; the "
        "Russian consulate in Kirkenes did not answer questions on Saturday."
    )
    (t,) = p.ingest([entry("a", title, text[:150] + " …", "Outlet A")], NOW)
    assert t.verdict == "new"  # judged on its sentence and headline: not dropped as short
    (full,) = p.ingest([entry("b", title + " for questioning", text, "Outlet B")], NOW)
    assert full.verdict.startswith(f"duplicate of #{t.item_id}"), full.verdict


def test_two_full_articles_with_one_headline_stay_two(tmp_path: Path) -> None:
    """Rewrites of one wire story: the headline rung never merges full articles."""
    p = pipeline(tmp_path)
    title = "Norway expels 15 Russian embassy staff over espionage"
    a = (
        "Norway's foreign ministry declared fifteen employees of the Russian embassy in Oslo "
        "persona non grata on Thursday, saying they were intelligence officers working under "
        "diplomatic cover; they have two weeks to leave the country, the ministry said."
    )
    b = (
        "Fifteen Russians working at Moscow's embassy in Oslo must leave Norway, the government "
        "announced, accusing them of spying; Russia's embassy called the step unfriendly and "
        "promised a response, while the Norwegian security service declined to comment."
    )
    (x,) = p.ingest([entry("x", title, a, "AFP")], NOW)
    (y,) = p.ingest([entry("y", title, b, "Reuters")], NOW)
    assert (x.verdict, y.verdict) == ("new", "new")


def test_a_teaser_whose_page_is_a_stub_is_judged_on_its_summary_too(tmp_path: Path) -> None:
    """The page of a one-sentence entry was fetched but says nothing (a paywall): the title
    and the feed's summary still decide."""
    p = pipeline(tmp_path)
    item = Item(
        source="Paywalled", guid="p1", url="https://paper.example/a/1",
        title="Stengt grense",
        summary="Russiske grensevakter stengte Storskog natt til fredag, melder Forsvaret.",
        text="Denne saken er for abonnenter. Logg inn for å lese videre.",
        fetched_at=NOW, language="no",
    )  # fmt: skip
    (c,) = p.ingest([item], NOW)
    assert c.verdict == "new", [m.explain() for m in c.scores]


def test_templated_briefs_that_differ_in_their_numbers_stay_apart() -> None:
    """The short-text tier needs five shared fingerprints: two briefs cut from one template
    share 3 of 4 and are different news."""
    from monitor.dedupe import is_copy

    assert not is_copy(3, 6, 4, "Storskog item 1", "Storskog item 4")
    assert is_copy(7, 9, 60, "Norway to ask US to double Marines", "Norway wants more troops")


def test_two_headline_only_entries_are_not_merged_on_their_headlines(tmp_path: Path) -> None:
    p = pipeline(tmp_path)
    title = "Grensen ved Storskog: Russland og Norge i Sør-Varanger"
    (a,) = p.ingest([entry("h1", title, "", "Outlet A")], NOW)
    (b,) = p.ingest([entry("h2", title + " (oppdatert)", "", "Outlet B")], NOW)
    assert (a.verdict, b.verdict) == ("new", "new")
