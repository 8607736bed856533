"""Black-box quality: the labelled corpus served as outlets, polled by the `monitor` command.

bench/quality.py hands the pipeline each item's clean text with its language; a user's monitor
sees none of that. It reads an outlet's feed (a summary, often no language), fetches the page
behind a short entry and extracts its text from the page's chrome (menus, a cookie notice, a
"most read" list of the outlet's other headlines, a footer), and it gets items in polls, not
one by one. This is how the issues' outside figures are measured, so it is measured here too,
on the same labelled rows:

- one outlet per corpus ``outlet``: an RSS feed on loopback whose entries carry a summary (the
  first sentence or two, under the 40 words past which the page is not fetched) or, for a
  corpus summary or teaser, its whole text; the entry's link is the item's page;
- the item's page: its title and text inside a page layout with chrome, ``<html lang>`` set
  (``--no-language``: no language anywhere, neither feed nor page);
- the items published in rounds in date order (``--rounds``), one `monitor poll --once` a
  round, as a cron job would see the outlets over time;
- then the archive is read: an item is delivered when it is on topic and new; a copy is
  recorded as a sighting of the item it copies.

Figures: precision and recall per language (borderline apart), copies delivered twice, distinct
articles taken for copies, and story pairs (two delivered articles of one event in one story).

    .venv/bin/python bench/blackbox.py [--corpus FILE --held-out-only] [--part held-out]
"""

from __future__ import annotations

import argparse
import html
import json
import multiprocessing
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from itertools import combinations
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parent))

import quality
from farm import free_port, loopback_config
from measure import monitor_command

SUMMARY_WORDS = 30  # a feed's summary: under the 40 words past which the page is not fetched
_SENTENCE = re.compile(r"(?<=[.!?…])\s+")


def summary_of(text: str) -> str:
    """The feed's summary of an article: its first sentence or two, as outlets' feeds give."""
    out: list[str] = []
    for sentence in _SENTENCE.split(" ".join(text.split())):
        if out and len(" ".join([*out, sentence]).split()) > SUMMARY_WORDS:
            break
        out.append(sentence)
    words = " ".join(out).split()
    return " ".join(words[:SUMMARY_WORDS]) + (" …" if len(words) > SUMMARY_WORDS else "")


def page_html(row: dict[str, Any], others: list[dict[str, Any]], language: bool) -> bytes:
    """An article page as outlets write them: the article inside menus, a cookie notice, a
    "most read" list of the outlet's other headlines and a footer."""
    lang = f' lang="{row["lang"]}"' if language else ""
    paras = "".join(
        f"<p>{html.escape(p.strip())}</p>" for p in str(row["text"]).split("\n") if p.strip()
    )
    most_read = "".join(
        f'<li><a href="/p/{html.escape(str(o["id"]))}">{html.escape(str(o["title"]))}</a></li>'
        for o in others
    )
    outlet = html.escape(str(row["outlet"]))
    return (
        f"<!doctype html><html{lang}><head><meta charset='utf-8'>"
        f"<title>{html.escape(str(row['title']))} | {outlet}</title></head><body>"
        f"<header><a href='/'>{outlet}</a><nav><a href='/news'>News</a> <a href='/world'>World"
        "</a> <a href='/sport'>Sport</a> <a href='/culture'>Culture</a> <a href='/weather'>"
        "Weather</a></nav><div class='cookies'>We use cookies to improve your experience. "
        "<button>Accept all</button></div></header><main><article>"
        f"<h1>{html.escape(str(row['title']))}</h1>"
        f"<p class='byline'>{outlet} · {html.escape(str(row['published']))}</p>{paras}"
        "<div class='share'>Share on Facebook · Share on X · E-mail</div></article>"
        f"<aside><h2>Most read</h2><ul>{most_read}</ul></aside></main>"
        f"<footer><p>© {outlet}. All rights reserved.</p><a href='/about'>About us</a> "
        "<a href='/privacy'>Privacy policy</a> <a href='/contact'>Contact</a></footer>"
        "</body></html>"
    ).encode()


def when_of(row: dict[str, Any]) -> datetime:
    """The item's publication time: its day at noon UTC (the corpus gives days)."""
    day = str(row.get("published") or "2026-01-01")[:10]
    return datetime.fromisoformat(day).replace(hour=12, tzinfo=UTC)


def feed_xml(outlet: str, rows: list[dict[str, Any]], base: str, language: bool) -> bytes:
    entries = []
    for r in sorted(rows, key=when_of, reverse=True)[:100]:
        body = str(r["text"]) if r["kind"] != "article" else summary_of(str(r["text"]))
        entries.append(
            f"<item><title>{escape(str(r['title']))}</title><link>{base}/p/{r['id']}</link>"
            f"<guid isPermaLink='false'>bb-{r['id']}</guid>"
            f"<pubDate>{format_datetime(when_of(r), usegmt=True)}</pubDate>"
            f"<description>{escape(body)}</description></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{escape(outlet)}</title><link>{base}/</link><description>news</description>"
        f"{''.join(entries)}</channel></rss>"
    ).encode()


SEARCH_DELAY = timedelta(minutes=20)  # a news search lists an article this long after its outlet


def search_xml(rows: list[dict[str, Any]], base: str) -> bytes:
    """A news-search feed (as Google News writes one) over every outlet: "Headline - Outlet",
    a link to a redirect page with no article, the outlet named in <source>."""
    entries = []
    for r in sorted(rows, key=when_of, reverse=True)[:300]:
        title, outlet = str(r["title"]), str(r["outlet"])
        blurb = f'<a href="{base}/r/{r["id"]}">{html.escape(title)}</a> {html.escape(outlet)}'
        entries.append(
            f"<item><title>{escape(title)} - {escape(outlet)}</title>"
            f"<link>{base}/r/{r['id']}</link><guid isPermaLink='false'>search-{r['id']}</guid>"
            f"<pubDate>{format_datetime(when_of(r) + SEARCH_DELAY, usegmt=True)}</pubDate>"
            f"<description>{escape(blurb)}</description><source>{escape(outlet)}</source></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>News search</title><link>{base}/</link><description>search</description>"
        f"{''.join(entries)}</channel></rss>"
    ).encode()


def serve(port: int, rows: list[dict[str, Any]], rounds: list[int], language: bool,
          ready: Any, outlet_lag: int = 0) -> None:  # fmt: skip
    """The outlets: /o/<k>.xml lists outlet k's items of the rounds published so far (POST
    /round moves to the next), ``outlet_lag`` rounds behind the news search; /p/<id> is an
    item's page."""
    from aiohttp import web

    base = f"http://127.0.0.1:{port}"
    outlets = sorted({str(r["outlet"]) for r in rows})  # outlet k's feed is /o/<k>.xml
    by_outlet: dict[str, list[tuple[int, dict[str, Any]]]] = defaultdict(list)
    for r, n in zip(rows, rounds, strict=True):
        by_outlet[str(r["outlet"])].append((n, r))
    pages: dict[str, bytes] = {}
    for members in by_outlet.values():
        for k, (_, r) in enumerate(members):
            others = [m for _, m in members[k + 1 : k + 6]] or [m for _, m in members[:5]]
            pages[str(r["id"])] = page_html(r, [m for m in others if m is not r], language)
    state = {"round": -1}

    async def feed(request: web.Request) -> web.Response:
        o = outlets[int(request.match_info["k"])]
        live = [r for n, r in by_outlet[o] if n <= state["round"] - outlet_lag]
        return web.Response(body=feed_xml(o, live, base, language),
                            content_type="application/rss+xml")  # fmt: skip

    async def search(request: web.Request) -> web.Response:
        live = [r for r, n in zip(rows, rounds, strict=True) if n <= state["round"]]
        return web.Response(body=search_xml(live, base), content_type="application/rss+xml")

    async def redirect_page(request: web.Request) -> web.Response:
        # A news-search service's link: a page that sends the browser on by script, no article.
        target = f"{base}/p/{request.match_info['id']}"
        return web.Response(text=f"<!doctype html><html><head><script>window.location="
                            f"'{target}'</script></head><body>Opening…</body></html>",
                            content_type="text/html")  # fmt: skip

    async def page(request: web.Request) -> web.Response:
        body = pages.get(request.match_info["id"])
        if body is None:
            return web.Response(status=404)
        return web.Response(body=body, content_type="text/html", charset="utf-8")

    async def next_round(request: web.Request) -> web.Response:
        state["round"] += 1
        return web.Response(text=str(state["round"]))

    app = web.Application()
    app.add_routes([web.get("/o/{k}.xml", feed), web.get("/p/{id}", page),
                    web.get("/search.xml", search), web.get("/r/{id}", redirect_page),
                    web.post("/round", next_round)])  # fmt: skip
    ready.set()
    web.run_app(app, host="127.0.0.1", port=port, print=None, access_log=None)


def rounds_of(rows: list[dict[str, Any]], n: int) -> list[int]:
    """Each row's round: the rows in date order cut into ``n`` rounds, a day never split."""
    days = sorted({when_of(r) for r in rows})
    per = max(1, -(-len(days) // n))
    round_of = {d: i // per for i, d in enumerate(days)}
    return [round_of[when_of(r)] for r in rows]


def config_text(port: int, outlets: list[str], db: Path, search: bool) -> str:
    """sources.toml for the outlets (and the news search), as farm.loopback_config writes one;
    each outlet named as it names itself, its letters kept."""
    sources = []
    if search:
        sources.append(("News search", f"http://127.0.0.1:{port}/search.xml", "news_search = true"))
    for k, o in enumerate(outlets):
        name = " ".join(re.sub(r"[^\w .()&'’-]", " ", o).split())[:60] or "outlet"
        sources.append((f"{k:03d} {name}", f"http://127.0.0.1:{port}/o/{k}.xml", ""))
    return loopback_config(port, sources, f"sqlite:///{db}", concurrency=20)


def poll(rows: list[dict[str, Any]], rounds: int, language: bool, search: bool, work: Path,
         search_first: bool = False) -> Path:  # fmt: skip
    """Serve the rows, poll them round by round; the archive's path. ``search_first``: the
    outlets' feeds list a round's items one poll after the news search does, as under
    `monitor run` when the search's schedule comes first (one more poll at the end)."""
    import httpx

    if (work / "archive.db").exists():
        # A second run into one --keep directory would poll into an archive that has seen
        # every row already, and score it as if it were fresh.
        raise SystemExit(f"{work} holds an archive already: give --keep a new directory")
    port = free_port()
    per_round = rounds_of(rows, rounds)
    ready = multiprocessing.Event()
    lag = int(search_first)
    proc = multiprocessing.Process(target=serve, args=(port, rows, per_round, language, ready, lag),
                                   daemon=True)  # fmt: skip
    proc.start()
    ready.wait(60)
    time.sleep(0.3)
    db = work / "archive.db"
    cfg = work / "sources.toml"
    outlets = sorted({str(r["outlet"]) for r in rows})
    # The polls run this checkout's monitor, whatever the console script's environment would
    # import: a relative PYTHONPATH (".") means the archive's directory there, and a virtualenv
    # shared by two checkouts imports the other's package (the ninth and tenth sets' first
    # black-box runs measured main so).
    path = os.pathsep.join(p for p in (str(quality.ROOT), os.environ.get("PYTHONPATH")) if p)
    env = {**os.environ, "PYTHONPATH": path}
    cfg.write_text(config_text(port, outlets, db, search), "utf-8")
    try:
        for n in range(max(per_round) + 1 + lag):
            httpx.post(f"http://127.0.0.1:{port}/round", timeout=30)
            done = subprocess.run(
                [*monitor_command(), "--config", str(cfg), "poll", "--once"],
                cwd=work, capture_output=True, text=True, env=env,
            )  # fmt: skip
            if done.returncode not in (0, 1):  # 1: some source failed; reported below
                raise SystemExit(f"poll {n} exited {done.returncode}: {done.stderr[-2000:]}")
            print(f"  round {n + 1}/{max(per_round) + 1 + lag}: polled", file=sys.stderr)
    finally:
        proc.terminate()
        proc.join(10)
    return db


def read_archive(db: Path) -> dict[str, dict[str, Any]]:
    """What became of each corpus row's page (by the row's id) and of its news-search entry
    (by "search:" and the id): a new item (on topic or not, its story) or a sighting of another
    (a copy), and of which."""
    con = sqlite3.connect(db)
    out: dict[str, dict[str, Any]] = {}
    items = {}
    for iid, url, on_topic, story, language in con.execute(
        "select id, url, on_topic, story_id, language from item where origin = 'feed'"
    ):
        if key := row_key(url):
            items[iid] = key
            out[key] = {"kind": "item", "on_topic": bool(on_topic), "story": story or iid,
                        "language": language}  # fmt: skip
    seeds = {iid for (iid,) in con.execute("select id from item where origin = 'seed'")}
    for item_id, url, reason in con.execute("select item_id, url, reason from sighting"):
        key = row_key(url)
        if key and reason == "new" and key not in out and key.startswith("search:"):
            # a search's entry whose item the outlet's own article took over (its address)
            out[key] = {"kind": "replaced", "by": items.get(item_id)}
            continue
        if not key or reason == "new" or key in out:
            continue
        of = "seed" if item_id in seeds else items.get(item_id)
        out[key] = {"kind": "copy", "of": of, "reason": reason}
    con.close()
    return out


def row_key(url: str | None) -> str | None:
    m = re.search(r"/([pr])/([^/?#]+)$", url or "")
    if m is None:
        return None
    return m[2] if m[1] == "p" else f"search:{m[2]}"


def score(rows: list[dict[str, Any]], fate: dict[str, dict[str, Any]]) -> dict[str, Any]:
    by_id = {str(r["id"]): r for r in rows}
    per: dict[str, Counter[str]] = defaultdict(Counter)
    wrong: list[str] = []
    copies = Counter[str]()

    def delivered_item(r: dict[str, Any]) -> dict[str, Any] | None:
        """The on-topic item a row was delivered as: itself, or the item (a corpus row's, or
        a row's news-search entry) it was recorded as a copy of; None when not delivered."""
        f = fate.get(str(r["id"]), {})
        if f.get("kind") == "copy":
            f = fate.get(str(f["of"]), {})
        return f if f.get("kind") == "item" and f.get("on_topic") else None

    for r in rows:
        f = fate.get(str(r["id"]), {"kind": "missing"})
        if f["kind"] == "copy":
            # the original: a corpus row, or a row's news-search entry that came first
            of = str(f["of"]).removeprefix("search:")
            original = by_id.get(of) if f["of"] != "seed" else None
            same = original is not None and (
                original is r or (bool(r.get("dup_group"))
                                  and original.get("dup_group") == r["dup_group"])
            )  # fmt: skip
            if f["of"] == "seed" or same:
                copies["caught" if original is not r else "after_its_search_entry"] += 1
            else:
                copies["distinct_merged"] += 1
                wrong.append(f"merged {r['id']} into {f['of']} ({f['reason']})")
            # a copy is delivered as its original was: once
            delivered = bool(fate.get(str(f["of"]), {}).get("on_topic"))
        else:
            delivered = bool(f.get("on_topic"))
        hit = fate.get(f"search:{r['id']}")
        if hit is not None:
            copies["search_entries"] += 1
            if hit["kind"] == "item" and hit["on_topic"] and delivered and f["kind"] == "item":
                copies["search_delivered_again"] += 1
                wrong.append(f"news-search entry delivered again: {r['id']}")
        mine = delivered_item(r)
        if mine is not None and r.get("dup_group"):
            # counted once per copy: against the group's same-language rows delivered before,
            # each as the item it was delivered as (itself, or the search entry or copy it was
            # recorded as a copy of): two items for one text is a copy delivered again
            group = [o for o in rows if o.get("dup_group") == r["dup_group"] and o is not r
                     and o["lang"] == r["lang"]
                     and (when_of(o), str(o["id"])) < (when_of(r), str(r["id"]))]  # fmt: skip
            if any((d := delivered_item(o)) is not None and d is not mine for o in group):
                copies["delivered_twice"] += 1
                wrong.append(f"copy delivered again: {r['id']} ({r['dup_group']})")
        if r["label"] == "borderline":
            continue
        rel = r["label"] == "relevant"
        for lang in ("all", str(r["lang"])):
            c = per[lang]
            c["items"] += 1
            c["tp"] += rel and delivered
            c["fp"] += (not rel) and delivered
            c["fn"] += rel and not delivered
        if rel != delivered:
            wrong.append(f"{'fn' if rel else 'fp'} {r['id']} [{r['lang']}] {str(r['title'])[:70]}")
    relevance = {
        lang: {"items": c["items"], "fp": c["fp"], "fn": c["fn"],
               "precision": quality.ratio(c["tp"], c["tp"] + c["fp"]),
               "recall": quality.ratio(c["tp"], c["tp"] + c["fn"])}
        for lang, c in sorted(per.items(), key=lambda kv: (kv[0] != "all", kv[0]))
    }  # fmt: skip

    # Story pairs: two relevant articles of one event, each delivered (as itself, or as the
    # item it was recorded as a copy of: its news-search entry or an earlier copy) and not
    # delivered as one item; grouped when their items are in one story.
    live = [(r, d) for r in rows if r["label"] == "relevant" and (d := delivered_item(r))]
    pairs: Counter[str] = Counter()
    # The errors by event, as quality.by_events sums them: two events joined, an event apart.
    joined: Counter[tuple[str, str]] = Counter()
    apart: Counter[str] = Counter()
    for (a, da), (b, db) in combinations(live, 2):
        if da is db or (a.get("dup_group") and a.get("dup_group") == b.get("dup_group")):
            continue
        same_event = bool(a.get("event_group")) and a.get("event_group") == b.get("event_group")
        together = da["story"] == db["story"]
        kind = "cross" if a["lang"] != b["lang"] else "same"
        # Published at most the story window apart (quality.py's "window" recall).
        near = abs(when_of(a) - when_of(b)) <= quality.cluster.STORY_WINDOW
        if together and not same_event:
            joined[quality.event_pair(a, b)] += 1
        elif same_event and not together:
            apart[quality.event_of(a)] += 1
        for k in ("all", kind):
            pairs[f"{k}_pos"] += same_event
            pairs[f"{k}_grouped"] += same_event and together
            pairs[f"{k}_merged"] += together and not same_event
            pairs[f"{k}_window"] += same_event and near
            pairs[f"{k}_window_grouped"] += same_event and near and together
    stories = {
        k: {"pairs": pairs[f"{k}_pos"],
            "recall": quality.ratio(pairs[f"{k}_grouped"], pairs[f"{k}_pos"]),
            "precision": quality.ratio(pairs[f"{k}_grouped"],
                                       pairs[f"{k}_grouped"] + pairs[f"{k}_merged"]),
            "window_pairs": pairs[f"{k}_window"],
            "recall_in_window": quality.ratio(pairs[f"{k}_window_grouped"],
                                              pairs[f"{k}_window"])}
        for k in ("all", "cross", "same")
    }  # fmt: skip
    untagged = sum(1 for f in fate.values() if f["kind"] == "item" and not f.get("language"))
    # Delivered items whose link is still the news search's redirect page, not the outlet's.
    copies["search_links_delivered"] = sum(
        1 for k, f in fate.items() if k.startswith("search:") and f["kind"] == "item"
        and f["on_topic"]
    )  # fmt: skip
    story_errors = {"joined": [[a, b, n] for (a, b), n in joined.most_common()],
                    "apart": [[e, n] for e, n in apart.most_common()]}  # fmt: skip
    return {"relevance": relevance, "copies": dict(copies), "stories": stories,
            "story_errors": story_errors, "items_without_language": untagged,
            "wrong": wrong}  # fmt: skip


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", help="score this labelled file instead of the development corpus")
    ap.add_argument("--held-out-only", action="store_true",
                    help="every row of --corpus is held out (a set nothing was tuned on)")  # fmt: skip
    ap.add_argument("--part", choices=("held-out", "tuning", "all"), default="held-out")
    ap.add_argument("--rounds", type=int, default=24, help="polls over the corpus's dates (24)")
    ap.add_argument("--no-language", action="store_true",
                    help="no language in feeds or pages (the monitor must do without)")  # fmt: skip
    ap.add_argument("--no-search", action="store_true",
                    help="no news-search feed re-listing the outlets' articles")  # fmt: skip
    ap.add_argument(
        "--search-first",
        action="store_true",
        help="the news search lists each round's articles a poll before the "
        "outlets do (as under `monitor run` when its schedule comes first)",
    )
    ap.add_argument("--json", help="write the figures here")
    ap.add_argument(
        "--keep",
        metavar="DIR",
        help="poll in DIR (a new one: it must hold no archive) and keep its archive and config "
        "(`monitor --config DIR/sources.toml archive show ID` explains an item)",
    )
    args = ap.parse_args()
    quality.CORPUS = Path(args.corpus) if args.corpus else None
    quality.FRESH_ONLY = args.held_out_only
    rows = [r for r in quality.load_corpus() if args.part == "all" or r["split"] == args.part]
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(args.keep or tmp)
        work.mkdir(parents=True, exist_ok=True)
        db = poll(
            rows, args.rounds, not args.no_language, not args.no_search, work, args.search_first
        )
        fate = read_archive(db)
    result = score(rows, fate)
    result["rows"] = len(rows)
    result["seconds"] = round(time.perf_counter() - start, 1)
    print(f"Black-box ({len(rows)} rows, part {args.part}, {args.rounds} polls, "
          f"language {'withheld' if args.no_language else 'in pages'}; "
          f"{result['seconds']} s)")  # fmt: skip
    print(f"  {'lang':5} {'items':>5} {'precision':>9} {'recall':>7} {'fp':>3} {'fn':>3}")
    for lang, f in result["relevance"].items():
        print(f"  {lang:5} {f['items']:>5} {f['precision']!s:>9} {f['recall']!s:>7} "
              f"{f['fp']:>3} {f['fn']:>3}")  # fmt: skip
    print(f"  copies: {result['copies']}; items stored without a language: "
          f"{result['items_without_language']}")  # fmt: skip
    for k, s in result["stories"].items():
        print(f"  story pairs {k}: {s['pairs']} pairs, recall {s['recall']}, "
              f"precision {s['precision']}; {s['window_pairs']} within the story window, "
              f"recall {s['recall_in_window']}")  # fmt: skip
    errors = result["story_errors"]
    print("  two events in one story (pairs of articles): "
          + ", ".join(f"{a} + {b} {n}" for a, b, n in errors["joined"][:15]))  # fmt: skip
    print("  one event's pairs apart: "
          + ", ".join(f"{e} {n}" for e, n in errors["apart"][:15]))  # fmt: skip
    for w in result["wrong"]:
        print(f"    {w}")
    if args.json:
        Path(args.json).write_text(json.dumps(result, ensure_ascii=False, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
