"""Real clients on the served output: newsboat reads the feed, Chromium renders the page.

Both are Debian packages (.ci/run installs them); without them these tests skip and say so.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from monitor.cli import main
from monitor.config import load_config
from monitor.store import Store
from monitor.web import BackgroundServer, WebApp
from tests.conftest import OFF_TOPIC, ON_TOPIC, rss, write_config
from tests.outlet import OutletServer

# README's screenshots are made by this test: MONITOR_SCREENSHOTS=docs/screenshots make test
SCREENSHOTS = os.environ.get("MONITOR_SCREENSHOTS")
SECOND = {
    "title": "NATO allies to train in Finnmark for the first time",
    "link": "",
    "guid": "calm-1",
    "description": "Norway lifts its restrictions on allied exercises in Finnmark, close to the "
    "Russian border, the defence minister said in Kirkenes.",
}


@pytest.fixture
def served(tmp_path: Path, outlet: OutletServer) -> Iterator[tuple[str, OutletServer]]:
    article = outlet.route("/articles/storskog", "<html><body><h1>Storskog</h1></body></html>",
                           content_type="text/html")  # fmt: skip
    items = [dict(ON_TOPIC, link=article), dict(SECOND, link=outlet.url("/articles/finnmark")),
             OFF_TOPIC]  # fmt: skip
    url = outlet.route("/feed.xml", rss(items))
    talks = dict(
        SECOND,
        guid="x",
        link=outlet.url("/x"),
        title="Kirkenes hosts border talks with Russia",
        description="Norwegian and Russian border commissioners met in Kirkenes.",
    )
    other = outlet.route("/other.xml", rss([talks]))
    cfg = write_config(tmp_path / "sources.toml", [
        {"name": "Barents Observer", "url": url}, {"name": "NRK", "url": other},
    ], recipients=["analyst@example.org"])  # fmt: skip
    assert main(["--config", str(cfg), "poll", "--once"]) == 0
    config = load_config(cfg, {})
    server = BackgroundServer(WebApp(config, Store(config.storage_url)), "127.0.0.1", 0)
    server.start()
    yield f"http://127.0.0.1:{server.bound_port}", outlet
    server.stop()


@pytest.mark.skipif(shutil.which("newsboat") is None, reason="newsboat is not installed")
def test_newsboat_subscribes_and_reads_the_entries(
    served: tuple[str, OutletServer], tmp_path: Path
) -> None:
    base, _ = served
    expected = sorted(
        [ON_TOPIC["title"], SECOND["title"], "Kirkenes hosts border talks with Russia"]
    )
    # One reader per feed: a reader keeps an entry once by its id, and both feeds use the same.
    for feed in ("all.atom", "high-north.rss"):  # newsboat 2.21 reads no JSON Feed
        home = tmp_path / feed
        home.mkdir()
        (home / "urls").write_text(f"{base}/feeds/{feed}\n")
        (home / "config").write_text("")
        result = subprocess.run(
            ["newsboat", "-u", "urls", "-c", "cache.db", "-C", "config", "-x", "reload"],
            cwd=home, env={**os.environ, "HOME": str(home)}, capture_output=True, text=True,
            timeout=60,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        with sqlite3.connect(home / "cache.db") as db:
            rows = db.execute("SELECT title, url FROM rss_item ORDER BY title").fetchall()
        assert [t for t, _ in rows] == expected, feed
        assert all(u.startswith("http://127.0.0.1:") for _, u in rows)


def _browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
    ):
        options.add_argument(flag)  # fmt: skip
    return webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)


@pytest.mark.skipif(
    shutil.which("chromium") is None or shutil.which("chromedriver") is None,
    reason="chromium and chromium-driver are not installed",
)
def test_page_in_headless_chromium(served: tuple[str, OutletServer], tmp_path: Path) -> None:
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    base, outlet = served
    shots = Path(SCREENSHOTS) if SCREENSHOTS else tmp_path
    shots.mkdir(parents=True, exist_ok=True)
    driver = _browser()
    try:
        driver.set_window_size(1200, 1400)
        driver.get(base + "/")
        titles = [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".story h3")]
        assert ON_TOPIC["title"] in titles and OFF_TOPIC["title"] not in titles
        assert driver.find_element(By.ID, "sources").is_displayed()
        driver.save_screenshot(str(shots / "page.png"))
        # Filter by outlet with the form, as a person would.
        Select(driver.find_element(By.ID, "outlet")).select_by_visible_text("NRK")
        driver.find_element(By.ID, "apply").click()

        def filtered(d: object) -> bool:  # the new page, fully loaded, showing NRK only
            return (
                "outlet=NRK" in driver.current_url
                and driver.execute_script("return document.readyState") == "complete"
                and [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".story h3")]
                == ["Kirkenes hosts border talks with Russia"]
            )

        # While the page is replaced, the driver may answer with errors about vanished nodes.
        WebDriverWait(driver, 20, ignored_exceptions=(WebDriverException,)).until(filtered)
        # Follow a story's link to the article.
        driver.get(base + "/")
        driver.find_element(By.LINK_TEXT, ON_TOPIC["title"]).click()
        WebDriverWait(driver, 20).until(lambda d: d.current_url.endswith("/articles/storskog"))
        assert outlet.requests_for("/articles/storskog")
        # On a phone.
        driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True},
        )
        driver.get(base + "/")
        width = driver.execute_script("return document.documentElement.scrollWidth")
        viewport = driver.execute_script("return window.innerWidth")
        assert viewport == 390 and width <= viewport  # no sideways scrolling on a phone
        driver.save_screenshot(str(shots / "page-phone.png"))
        assert (shots / "page.png").stat().st_size > 10_000
    finally:
        driver.quit()
