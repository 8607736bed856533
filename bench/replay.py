"""Clustering replayed alone, in several orders of arrival, in seconds (issue #26, round 17).

    .venv/bin/python bench/replay.py [--part tuning|held-out|all] [--corpus FILE --held-out-only]
                                     [--outside]
                                     [--polls N] [--seeds 0,1,2] [--wrong N] [--missed N]
                                     [--strays N] [--refused]

``bench/quality.py --stories`` takes about a minute and one order; ``bench/blackbox.py`` about
five and one poll order. A rule about *when* stories are joined (folds above all) moves with the
order articles arrive in, and round 17's first try looked right in publication order and lost
recall in every other. This replays ``cluster.pick_story_why`` and its folds on the relevant
articles of the development corpus in:

- publication order (each article at noon of its day, ids in order within a day), as the
  in-process bench ingests;
- later ids first within a day, the in-process bench's other order;
- a poll's order, as the black-box bench's outlets deliver: the days cut into ``--polls`` rounds,
  each round's articles by outlet, the outlets in an order shuffled by each of ``--seeds`` (a
  poll's lanes finish in the network's order), newest first within an outlet (its feed).

No relevance, no dedupe: every relevant article is clustered, a copy (same ``dup_group``) goes
to its original's story. Pairs are scored as ``quality.corpus_clusters`` scores them, over all
relevant pairs; on the corpus it stays within 0.01 of the bench's publication-order figures.
Only the tuning part is printed unless ``--part`` says otherwise: what is tuned is tuned there.
``--outside`` (round 26) replays the read outside sets instead (``quality.OUTSIDE``), each alone
and split by event, their pairs summed per part: their tuning halves are tuned on beside the
development corpus's, their held-out halves reported.
``--wrong N`` lists each order's N largest wrong merges by pair of event groups (round 19: a
merge that stays in some orders and not others is where a rule about folds is to be looked for);
``--missed N`` the N events with the most same-event pairs left apart (round 20: what a rule
costs, by event, is read from two runs' lists). ``--strays N`` (round 29) lists, in publication
order, the N articles left outside their event's largest story that came nearest to it: each
with its best direct link to that story's members, how far short of the threshold it fell and
what the link is made of (every rule's name counted: the most the link could hold). Rounds 27
and 28 found their classes of misses with throwaway scripts doing this; a stray just short of
its story is where a rule about evidence is to be looked for, one far short is a chain the
window or the vocabulary does not reach. ``--refused`` (round 30) counts, over all orders, the
folds ``cluster.one_event`` refused, by the concept asked for and not told, between one
event's two stories and two events' (``refusals_into``).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import blackbox  # noqa: E402
import quality  # noqa: E402

from monitor import cluster  # noqa: E402
from monitor.config import load_config  # noqa: E402
from monitor.pipeline import Pipeline  # noqa: E402
from monitor.store import Store  # noqa: E402

Row = dict[str, Any]
Order = Callable[[list[Row]], list[Row]]


def prepared(rows: Iterable[Row]) -> list[Row]:
    """The relevant rows with a date, each with ``when`` (noon of its day, as both benches
    publish it) and ``sig`` (its signature, as the pipeline makes it from title and text)."""
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{tmp}/replay.db")
        domain = Pipeline(load_config(ROOT / "sources.toml", {}), store).domain  # type: ignore[arg-type]
        store.close()
    out = []
    for r in rows:
        if r["label"] != "relevant" or not r.get("published"):
            continue
        text = str(r.get("text") or "")
        sig = cluster.signature(str(r["title"]), text, domain, lang=str(r.get("lang") or ""))
        out.append({**r, "when": blackbox.when_of(r), "sig": sig})
    return out


def by_publication(rows: list[Row]) -> list[Row]:
    return sorted(rows, key=lambda r: (r["when"], str(r["id"])))


def later_ids_first(rows: list[Row]) -> list[Row]:
    return sorted(sorted(rows, key=lambda r: str(r["id"]), reverse=True), key=lambda r: r["when"])


def poll_order(polls: int, seed: int) -> Order:
    """The black-box bench's arrival: its rounds (``blackbox.rounds_of``: the days in order cut
    into ``polls``, a day never split), each round's outlets in a shuffled order."""

    def order(rows: list[Row]) -> list[Row]:
        round_of = {id(r): n for r, n in zip(rows, blackbox.rounds_of(rows, polls), strict=True)}
        outlets = sorted({str(r["outlet"]) for r in rows})
        random.Random(seed).shuffle(outlets)
        rank = {o: i for i, o in enumerate(outlets)}
        return sorted(rows, key=lambda r: (round_of[id(r)], rank[str(r["outlet"])],
                                           -r["when"].timestamp(), str(r["id"])))  # fmt: skip

    return order


def replay(
    rows: list[Row], may_fold: Callable[[list[Any], list[Any]], bool] | None = None
) -> dict[str, Hashable]:
    """Each row's story (by id) after the rows arrive in this order: ``pick_story_why`` over the
    members within the story window, the stories it names beside its own folded into it.
    ``may_fold``: ``pick_story_why``'s stand-in for ``one_event`` (``refusals_into``)."""
    into: dict[Hashable, Hashable] = {}

    def root(story: Hashable) -> Hashable:
        while story in into:
            story = into[story]
        return story

    members: list[tuple[Hashable, cluster.Signature, datetime]] = []
    story_of: dict[str, Hashable] = {}
    original: dict[str, str] = {}  # copy group → its first row
    for r in rows:
        rid, group = str(r["id"]), r.get("dup_group")
        if group and group in original:
            story_of[rid] = story_of[original[group]]
            continue
        if group:
            original[group] = rid
        when = r["when"]
        nearby = [(root(s), sig, w) for s, sig, w in members
                  if abs(w - when) <= cluster.STORY_WINDOW]  # fmt: skip
        joined = cluster.pick_story_why(r["sig"], nearby, when, may_fold)
        story: Hashable = rid
        if joined:
            story = root(joined.story)
            for other in map(root, joined.also):
                if other != story:
                    into[other] = story
        story_of[rid] = story
        members.append((story, r["sig"], when))
    return {rid: root(s) for rid, s in story_of.items()}


def pair_figures(
    rows: list[Row],
    story: dict[str, Hashable],
    part: str,
    into: dict[str, Counter[Any]] | None = None,
) -> dict[str, Any]:
    """Pair precision and recall (all and across languages) over the part's relevant rows that
    are not copies of each other, as ``quality.corpus_clusters`` counts them; the wrong pairs by
    pair of event groups and the missed ones by event, the largest first. ``into``: the counts
    of files replayed before, added to (``--outside`` sums several files' pairs)."""
    rel = [r for r in rows if r["split"] == part]
    into = {} if into is None else into
    c: Counter[str] = into.setdefault("pairs", Counter())
    merged: Counter[tuple[str, str]] = into.setdefault("merged", Counter())
    missed: Counter[str] = into.setdefault("missed", Counter())
    for i, a in enumerate(rel):
        for b in rel[i + 1 :]:
            if a.get("dup_group") and a.get("dup_group") == b.get("dup_group"):
                continue
            same = bool(a["event_group"]) and a["event_group"] == b["event_group"]  # as quality.py
            grouped = story[str(a["id"])] == story[str(b["id"])]
            cross = "cross " if a["lang"] != b["lang"] else ""
            for k in ("", cross) if cross else ("",):
                c[k + "pos"] += same
                c[k + "tp"] += same and grouped
                c[k + "fp"] += grouped and not same
            if grouped and not same:
                merged[quality.event_pair(a, b)] += 1
            elif same and not grouped:
                missed[quality.event_of(a)] += 1
    return {
        "precision": quality.ratio(c["tp"], c["tp"] + c["fp"]),
        "recall": quality.ratio(c["tp"], c["pos"]),
        "cross_recall": quality.ratio(c["cross tp"], c["cross pos"]),
        "wrong_pairs": c["fp"],
        "missed_pairs": c["pos"] - c["tp"],
        "wrong_events": [(x, y, n) for (x, y), n in merged.most_common()],
        "missed_events": missed.most_common(),
    }


def strays(rows: list[Row], story: dict[str, Hashable], part: str) -> list[tuple[float, Row, Row]]:
    """The part's articles not in their event's largest story, each with the member of that
    story it links to best and the link's margin (evidence less the threshold at their gap),
    the nearest first. Members beyond the link's reach (LINK_THRESHOLD's days) are not
    compared; an article with no member within reach is left out. Every rule's name counts
    here (``cluster.link`` without ``usable``: the most the link could hold, as the same-day
    stress reads it); the clusterer counts a name several stories of the window carry as weak,
    so a stray shown at a small positive margin may have fallen short when it arrived."""
    by_event: dict[str, list[Row]] = defaultdict(list)
    for r in rows:
        if r["split"] == part and r.get("event_group"):
            by_event[str(r["event_group"])].append(r)
    out = []
    for members in by_event.values():
        main, _ = Counter(story[str(r["id"])] for r in members).most_common(1)[0]
        inside = [m for m in members if story[str(m["id"])] == main]
        for r in members:
            if story[str(r["id"])] == main:
                continue
            links = [(lk.evidence - lk.needed, m) for m in inside
                     for lk in [cluster.link(r["sig"], m["sig"], r["when"] - m["when"])]
                     if lk.needed is not None]  # fmt: skip
            if links:
                margin, best = max(links, key=lambda x: x[0])
                out.append((margin, r, best))
    return sorted(out, key=lambda x: (-x[0], str(x[1]["id"])))


def refusals_into(
    rows: list[Row], into: dict[str, Counter[tuple[str, bool]]]
) -> Callable[[list[Any], list[Any]], bool]:
    """A stand-in for ``cluster.one_event`` (``replay``'s ``may_fold``) that decides as it does
    and counts each fold ``cluster.refusal`` refuses into ``into[part]``, by the concept asked
    for and not told (or "sides") and by whether the two stories were one event. Each side's
    event is the one most of its members belong to; a refusal counts in a part when both
    sides' events are in it. A concept refused mostly between one event's two halves is one a
    fold should not ask for (round 29's WHO_NOT_WHAT was chosen from this table, made then by
    a throwaway script); folds ``cluster._conflict`` stops before the question are not
    counted."""
    row_of = {id(r["sig"]): r for r in rows}
    split = {str(r["event_group"]): str(r["split"]) for r in rows if r.get("event_group")}

    def event(side: list[Any]) -> str:
        found = Counter(
            str(row_of[id(s)].get("event_group") or "") for s in side if id(s) in row_of
        )
        return found.most_common(1)[0][0] if found else ""

    def record(a: list[Any], b: list[Any]) -> bool:
        why = cluster.refusal(a, b)
        ea, eb = event(a), event(b)
        if why and ea and eb and split.get(ea) == split.get(eb):
            for concept in why:
                into[split[ea]][concept, ea == eb] += 1
        return not why

    return record


def stray_line(margin: float, r: Row, m: Row) -> str:
    """One stray as ``--strays`` prints it: what the best link had and what it lacked."""
    lk = cluster.link(r["sig"], m["sig"], r["when"] - m["when"])
    parts = [f"{k}={v}" for k, v in (("names", ",".join(lk.names)), ("numbers", ",".join(lk.numbers)),
             ("events", ",".join(lk.events)), ("countries", ",".join(lk.countries)),
             ("similarity", lk.similarity), ("headline", lk.headline), ("across", lk.across),
             ("concepts", lk.concepts)) if v]  # fmt: skip
    days = abs(r["when"] - m["when"]).days
    return (f"  {margin:+.2f} {r['id']} ({r['lang']}) to {m['id']} ({m['lang']}), {days} d, "
            f"{r['event_group']}: {' '.join(parts) or 'nothing shared'}\n"
            f"        {str(r['title'])[:70]} | {str(m['title'])[:70]}")  # fmt: skip


def orders(polls: int, seeds: list[int]) -> dict[str, Order]:
    return {
        "publication": by_publication,
        "later ids first": later_ids_first,
        **{f"poll, seed {s}": poll_order(polls, s) for s in seeds},
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--part", choices=("tuning", "held-out", "all"), default="tuning")
    ap.add_argument("--corpus", help="replay this labelled file instead of the development corpus")
    ap.add_argument("--held-out-only", action="store_true",
                    help="every row of --corpus is held out (a set nothing was tuned on)")  # fmt: skip
    ap.add_argument("--outside", action="store_true",
                    help="replay the read outside sets (quality.OUTSIDE) instead, each split by "
                    "event and alone, their pairs summed per part")  # fmt: skip
    ap.add_argument("--polls", type=int, default=24, help="rounds of the poll orders (24)")
    ap.add_argument("--seeds", default="0,1,2", help="the poll orders' outlet shuffles")
    ap.add_argument("--wrong", type=int, default=0,
                    help="list each order's N largest wrong merges by pair of events")  # fmt: skip
    ap.add_argument("--missed", type=int, default=0,
                    help="list each order's N events with the most missed pairs")  # fmt: skip
    ap.add_argument("--refused", action="store_true",
                    help="count the folds refused, by the concept asked for and not told, "
                    "between one event's stories and two events' (all orders summed)")  # fmt: skip
    ap.add_argument("--strays", type=int, default=0,
                    help="list the N articles nearest to their event's largest story without "
                    "being in it (publication order), with their best link to it")  # fmt: skip
    args = ap.parse_args()
    files = list(quality.OUTSIDE) if args.outside else [Path(args.corpus) if args.corpus else None]
    parts = ("tuning", "held-out") if args.part == "all" else (args.part,)
    seeds = [int(s) for s in args.seeds.split(",") if s.strip()]
    results: dict[str, dict[str, Any]] = defaultdict(dict)
    sums: dict[tuple[str, str], dict[str, Counter[Any]]] = defaultdict(dict)
    stray: dict[str, list[tuple[float, Row, Row]]] = defaultdict(list)
    refusals: dict[str, Counter[tuple[str, bool]]] = defaultdict(Counter)
    for path in files:
        quality.CORPUS, quality.FRESH_ONLY = path, bool(path and args.held_out_only)
        rows = prepared(quality.load_corpus())
        for name, order in orders(args.polls, seeds).items():
            story = replay(order(rows), refusals_into(rows, refusals) if args.refused else None)
            for part in parts:
                results[part][name] = pair_figures(rows, story, part, sums[part, name])
                if args.strays and name == "publication":
                    stray[part] += strays(rows, story, part)
    for part in parts:
        print(f"Clustering replayed, {part} part (pairs of relevant articles, not copies)")
        print(f"  {'order':18} {'P':>6} {'R':>6} {'cross R':>7} {'wrong':>6} {'missed':>6}")
        for name, f in results[part].items():
            print(f"  {name:18} {f['precision']!s:>6} {f['recall']!s:>6} {f['cross_recall']!s:>7} "
                  f"{f['wrong_pairs']:>6} {f['missed_pairs']:>6}")  # fmt: skip
        # --wrong and --missed: each order's largest errors by event, one line per order.
        for label, key, most in (("wrong merges", "wrong_events", args.wrong),
                                 ("missed pairs", "missed_events", args.missed)):  # fmt: skip
            for name, f in results[part].items() if most else ():
                listed = ", ".join(
                    " + ".join(map(str, e[:-1])) + f" {e[-1]}" for e in f[key][:most]
                )
                print(f"  {label}, {name}: {listed or 'none'}")
        if args.refused:
            table = refusals[part]
            concepts = sorted(
                {c for c, _ in table}, key=lambda c: -(table[c, True] + table[c, False])
            )
            print("  folds refused, all orders: concept asked for and not told, "
                  "one event's stories / two events'")  # fmt: skip
            for c in concepts:
                print(f"    {c:16} {table[c, True]:>5} {table[c, False]:>5}")
        if args.strays:
            found = sorted(stray[part], key=lambda x: (-x[0], str(x[1]["id"])))
            print(
                f"  strays, publication: {len(found)} articles outside their event's largest "
                f"story with a member in reach; the {min(args.strays, len(found))} nearest:"
            )
            for margin, r, m in found[: args.strays]:
                print(stray_line(margin, r, m))
    return 0


if __name__ == "__main__":
    sys.exit(main())
