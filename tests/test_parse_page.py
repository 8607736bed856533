"""HTML listing pages on saved files: selectors, relative links, <base>, charsets, dates."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from monitor.config import Selectors, load_config
from monitor.errors import ParseError
from monitor.parse.dates import parse_date
from monitor.parse.page import parse_page

PAGES = Path(__file__).parent / "data" / "pages"
NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
SHIPPED = {
    s.name: s for s in load_config(Path(__file__).parent.parent / "sources.toml", {}).sources
}


def parse(name: str, url: str, selectors: Selectors, **kw: object):
    return parse_page(
        (PAGES / name).read_bytes(),
        source="S",
        url=url,
        selectors=selectors,
        fetched_at=NOW,
        **kw,  # type: ignore[arg-type]
    )


def test_shipped_izvestia_selectors_on_saved_page() -> None:
    src = SHIPPED["Izvestia (English)"]
    assert src.kind == "html" and src.selectors is not None
    items = parse("izvestia_en_news.html", "https://en.iz.ru/en/news", src.selectors).items
    assert [i.title for i in items] == [
        "Line of communication: Russia and Norway maintain cross-border cooperation",
        "Northern Fleet frigate completes Barents Sea drills",
        "Ruble strengthens against the dollar",
    ]
    assert items[0].url == (
        "https://en.iz.ru/en/2013138/2025-12-23/"
        "line-of-communication-russia-and-norway-maintain-cross-border-cooperation"
    )
    assert items[0].guid == items[0].url
    assert items[0].published == datetime(2025, 12, 23, 6, 0, tzinfo=UTC)
    assert items[0].language == "en"


def test_shipped_clash_report_selectors_on_saved_windows_1252_page() -> None:
    src = SHIPPED["Clash Report"]
    assert src.selectors is not None
    items = parse("clashreport_world.html", "https://clashreport.com/world", src.selectors).items
    assert len(items) == 2  # the javascript: card is skipped
    assert items[0].url == (
        "https://clashreport.com/world/articles/norway-eases-nato-training-limits-near-russia-pu7l0un9gur"
    )
    assert items[1].title == "Finnish border guards report drones near Salla – “unusual activity”"
    assert items[0].summary.startswith("Norway lifts Cold War-era restrictions")
    assert items[0].published is not None and items[0].published.date().isoformat() == "2025-05-22"


def test_norwegian_month_names_and_relative_links() -> None:
    sel = Selectors(item="li.sak", link="a", title=".tittel", date=".dato")
    items = parse("nrk_norwegian_dates.html", "https://www.nrk.no/tromsogfinnmark/", sel).items
    assert items[0].url == "https://www.nrk.no/tromsogfinnmark/storskog-stengt-1.17000002"
    assert items[0].published == datetime(2026, 11, 21, 6, 45, tzinfo=UTC)
    assert items[1].published == datetime(2026, 11, 19, 23, 0, tzinfo=UTC)
    assert items[0].language == "nb"


def test_russian_month_names() -> None:
    sel = Selectors(item="div.item", link="a", title="a", date=".date")
    items = parse("russian_dates.html", "https://murmansk.example/news", sel).items
    assert items[0].title == "Пограничники усилили охрану границы с Норвегией"
    assert items[0].published == datetime(2026, 11, 21, 13, 5, tzinfo=UTC)
    assert items[0].url == "https://murmansk.example/news/2026/11/21/granitsa"


def test_selector_matching_nothing_says_the_layout_changed() -> None:
    with pytest.raises(ParseError, match="no element matches the item selector"):
        parse("russian_dates.html", "https://x.example/", Selectors(item="div.gone"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12. november 2026 kl. 14:05", datetime(2026, 11, 12, 13, 5, tzinfo=UTC)),
        ("12 ноября 2026 г., 14:05", datetime(2026, 11, 12, 11, 5, tzinfo=UTC).replace(hour=13)),
        ("Thu, 12 Nov 2026 10:00:00 +0100", datetime(2026, 11, 12, 9, 0, tzinfo=UTC)),
        ("2026-11-12T10:00:00Z", datetime(2026, 11, 12, 10, 0, tzinfo=UTC)),
        ("12.11.2026 09:30", datetime(2026, 11, 12, 8, 30, tzinfo=UTC)),
        ("1. juni 2026", datetime(2026, 5, 31, 22, 0, tzinfo=UTC)),
        ("nothing here", None),
        ("31. februar 2026", None),
    ],
)
def test_date_formats(text: str, expected: datetime | None) -> None:
    assert parse_date(text) == expected
