"""[[sources]]: the outlets polled, each a feed or an HTML listing page with its selectors."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from monitor.config.settings import Selectors, SourceConfig
from monitor.config.values import css_problem, duration, http_url, kind

if TYPE_CHECKING:
    from monitor.config.check import Checker

SOURCE_KINDS = ("feed", "html")
KEYS = (
    "name", "url", "kind", "interval", "language", "enabled", "fetch_article", "selectors",
    "news_search",
)  # fmt: skip
SELECTOR_KEYS = ("item", "link", "title", "date", "summary")
# Letters of any script: outlets are called "Sunnmørsposten", "Børsen", "Известия", and an
# aggregator names them so (a name spelt without its letters is not recognised as the outlet's).
_NAME = re.compile(r"^[^\W_][\w .()&'’-]*$")


def check(c: Checker, data: Any) -> tuple[SourceConfig, ...]:
    out: list[SourceConfig] = []
    seen: set[str] = set()
    for i, raw in enumerate(c.tables(data, "sources")):
        key = f"sources[{i}]"
        sec = c.table(raw, key, KEYS, ("name", "url"))
        if not sec:
            continue
        name = c.string(sec, "name", f"{key}.name")
        if name is not None and not _NAME.match(name):
            c.fail(f"{key}.name", f'"{name}" may hold letters, digits, spaces and ._-()&')
        if name is not None and name in seen:
            c.fail(f"{key}.name", f'"{name}" is used by another source')
        seen.add(name or "")
        url = c.string(sec, "url", f"{key}.url")
        if url is not None and not http_url(url):
            c.fail(f"{key}.url", f'"{url}" is not an http:// or https:// address')
        source_kind = c.string(sec, "kind", f"{key}.kind", "feed")
        if source_kind not in SOURCE_KINDS:
            c.fail(f"{key}.kind", f'"{source_kind}" is not one of {", ".join(SOURCE_KINDS)}')
        found = None
        if source_kind == "html":
            if "selectors" not in sec:
                c.fail(f"{key}.selectors", 'is required for kind = "html" (item, link, title)')
            else:
                found = selectors(c, sec["selectors"], f"{key}.selectors")
        elif "selectors" in sec:
            c.fail(f"{key}.selectors", 'only applies to kind = "html"')
        fetch_article = c.flag(sec, "fetch_article", f"{key}.fetch_article", None)
        news_search = c.flag(sec, "news_search", f"{key}.news_search", None)
        interval = duration(c, sec.get("interval", "30m"), f"{key}.interval")
        language = c.string(sec, "language", f"{key}.language")
        enabled = c.flag(sec, "enabled", f"{key}.enabled", True)
        if name and url and source_kind and interval:
            out.append(
                SourceConfig(
                    name,
                    url,
                    source_kind,
                    interval,
                    language,
                    enabled,
                    fetch_article,
                    found,
                    news_search,
                )
            )
    return tuple(out)


def selectors(c: Checker, data: Any, key: str) -> Selectors | None:
    sec = c.table(data, key, SELECTOR_KEYS, ("item",))
    if not sec:
        return None
    found: dict[str, str] = {}
    for k in SELECTOR_KEYS:
        if k in sec:
            v = sec[k]
            if not isinstance(v, str):
                c.fail(f"{key}.{k}", f"must be a CSS selector string, not {kind(v)}")
                continue
            if v.strip():
                problem = css_problem(v)
                if problem:
                    c.fail(f"{key}.{k}", f'"{v}" is not a valid CSS selector ({problem})')
                    continue
            found[k] = v
    if "item" not in found:
        return None
    return Selectors(
        item=found["item"],
        link=found.get("link", "a"),
        title=found.get("title", ""),
        date=found.get("date"),
        summary=found.get("summary"),
    )
