"""The benchmark runs (at toy size): no timings are asserted here, only that it works."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ON_POSTGRES, PG_URL

ROOT = Path(__file__).parent.parent


@pytest.mark.skipif(ON_POSTGRES, reason="the benchmark uses its own SQLite archive: once is enough")
def test_bench_runs_at_toy_size(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--feeds", "4", "--items", "5",
         "--runs", "1", "--json", str(out), "--archive-sizes", "300", "--template-sizes", "300",
         "--cache", str(tmp_path / "cache"), "--startup-repeat", "1"],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    data = json.loads(out.read_text())
    assert set(data["cycles"]) == {"monitor", "floor", "rss2email"}  # the peer ran too…
    assert data["rss2email_mails"] == {"first": [20], "steady": [0], "trickle": [8]}  # …for real
    assert set(data["cycles"]["monitor"]) == {"first", "steady", "trickle"}
    assert data["first_cycle"]["errors"]["max"] == 0
    assert data["first_cycle"]["items_per_s"]["min"] > 0
    assert data["first_cycle"]["workers_cpu_s"]["min"] >= 0  # 4 feeds: parsed in a thread
    assert data["reference_loop_s"] > 0
    growth = data["archive_growth"]["300"]  # the look-ups ran (and found their planted copies)
    assert growth["near_median_ms"] > 0 and growth["db_mb"] > 0
    # The template-heavy archive's look-ups, beside them (its copies found, its new
    # releases under a known template not taken for copies: lookup_figures asserts both).
    templated = data["template_growth"]["300"]
    assert templated["near_median_ms"] > 0 and templated["near_cpu_mean_ms"] > 0
    assert "template-heavy" in result.stdout
    assert "first_cycle_pg" not in data  # PostgreSQL only when asked for
    assert data["served_feed"]["full_rps"] > 0 and data["served_feed"]["not_modified_rps"] > 0
    assert "first" in result.stdout and "served feed" in result.stdout
    # The whole-process mode: each cycle a fresh `monitor poll --once`, beside rss2email's.
    whole = data["whole_process"]
    assert set(whole["cycles"]) == {"monitor", "rss2email"}
    for cycle in ("first", "steady", "trickle"):
        assert whole["cycles"]["monitor"][cycle]["cpu_s"] > 0
        assert whole["cycles"]["monitor"][cycle]["median"] > 0
    assert whole["cycles"]["rss2email"] == {  # rss2email's cycles above, not run again
        c: {**v, "cpu_s": whole["cycles"]["rss2email"][c]["cpu_s"]}
        for c, v in data["cycles"]["rss2email"].items()
    }
    assert {"help", "steady_1", "steady_8"} <= set(whole["startup"])
    assert "whole process" in result.stdout and "monitor --help" in result.stdout


@pytest.mark.skipif(not ON_POSTGRES, reason="needs the PostgreSQL server of the PostgreSQL pass")
def test_bench_runs_on_postgresql_beside_sqlite(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--feeds", "4", "--items", "5",
         "--runs", "1", "--json", str(out), "--archive-sizes", "", "--template-sizes", "",
         "--no-peer", "--no-whole-process", "--database", "postgresql", "--pg-url", PG_URL],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    data = json.loads(out.read_text())
    assert set(data["cycles"]) == {"monitor", "monitor_pg", "floor"}
    assert data["first_cycle_pg"]["errors"]["max"] == 0
    assert data["first_pg_vs_sqlite"] > 0
    assert "first cycle on PostgreSQL" in result.stdout


def _toy_rows() -> list[str]:
    """Six labelled rows of the development corpus: four relevant English, one relevant
    Norwegian, one Danish not relevant (warships, "Forsvaret" as a false friend)."""
    wanted = {"A032", "F025", "C035", "C036", "A011", "A012"}
    return [
        line
        for name in ("relevance_corpus.jsonl", "fresh_corpus.jsonl", "unseen_corpus.jsonl")
        for line in (ROOT / "bench" / "data" / name).read_text("utf-8").splitlines()
        if json.loads(line)["id"] in wanted
    ]


@pytest.mark.skipif(ON_POSTGRES, reason="the black-box bench uses its own SQLite archive")
def test_blackbox_bench_serves_polls_and_scores(tmp_path: Path) -> None:
    """bench/blackbox.py at toy size: six labelled rows served as outlets and a news search,
    polled by the monitor command; the figures are the archive's, read back."""
    corpus = tmp_path / "toy.jsonl"
    corpus.write_text("\n".join(_toy_rows()) + "\n", "utf-8")
    out = tmp_path / "bb.json"
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "blackbox.py"), "--corpus", str(corpus),
         "--held-out-only", "--rounds", "2", "--no-language", "--json", str(out)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    data = json.loads(out.read_text())
    assert data["rows"] == 6
    # The Danish warships item stays out untagged; the five relevant rows are delivered.
    assert data["relevance"]["all"] == {"items": 6, "fp": 0, "fn": 0, "precision": 1.0,
                                        "recall": 1.0}  # fmt: skip
    assert data["copies"]["search_entries"] == 6
    assert "search_delivered_again" not in data["copies"]
    assert data["items_without_language"] == 0  # guessed from the text


def test_blackbox_bench_refuses_a_keep_directory_that_holds_an_archive(tmp_path: Path) -> None:
    """A second run with one --keep directory polled into the first run's archive, where every
    row was seen already, and scored it as fresh: it now stops before serving anything."""
    corpus = tmp_path / "toy.jsonl"
    corpus.write_text("\n".join(_toy_rows()) + "\n", "utf-8")
    keep = tmp_path / "kept"
    keep.mkdir()
    (keep / "archive.db").write_bytes(b"")
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "blackbox.py"), "--corpus", str(corpus),
         "--held-out-only", "--rounds", "2", "--keep", str(keep)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode != 0
    assert "holds an archive already" in result.stderr, result.stderr
    assert not (keep / "sources.toml").exists()  # nothing was polled


@pytest.mark.skipif(ON_POSTGRES, reason="the black-box bench uses its own SQLite archive")
def test_blackbox_bench_with_the_search_polled_first(tmp_path: Path) -> None:
    """--search-first: the news search lists each round's articles a poll before the outlets
    (as under `monitor run` when its schedule comes first). The same rows are delivered, each
    once, and under the outlet's own link: three of the six search entries were on topic on
    their headlines and stayed the delivered items, redirect links, before the outlet's
    article took their place (Pipeline._over_stub)."""
    corpus = tmp_path / "toy.jsonl"
    corpus.write_text("\n".join(_toy_rows()) + "\n", "utf-8")
    out = tmp_path / "bb.json"
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "blackbox.py"), "--corpus", str(corpus),
         "--held-out-only", "--rounds", "2", "--no-language", "--search-first", "--json", str(out)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    data = json.loads(out.read_text())
    assert data["relevance"]["all"] == {"items": 6, "fp": 0, "fn": 0, "precision": 1.0,
                                        "recall": 1.0}  # fmt: skip
    assert data["copies"]["search_entries"] == 6
    assert "search_delivered_again" not in data["copies"]
    assert data["copies"]["search_links_delivered"] == 0, data["copies"]


def _bench(name: str) -> Any:
    """A bench script as a module (they are scripts, not a package)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(f"{name}_bench", ROOT / "bench" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_story_errors_are_summed_by_event_in_both_benches() -> None:
    """Round 16: a change to clustering moves whole events (a week of look-alike arrests, one
    exercise's coverage), so both benches sum their story errors by event: two runs' outputs
    then differ by the events a change joined or parted, not by hundreds of article pairs."""
    rows = [
        {"id": rid, "event_group": event, "lang": "en", "label": "relevant", "dup_group": None,
         "published": f"2022-10-{day}", "title": rid}
        for rid, event, day in (("A1", "E1", 13), ("A2", "E1", 14), ("B1", "E2", 15))
    ]  # fmt: skip
    fate = {"A1": {"kind": "item", "on_topic": True, "story": 1},
            "A2": {"kind": "item", "on_topic": True, "story": 2},
            "B1": {"kind": "item", "on_topic": True, "story": 1}}  # fmt: skip
    errors = _bench("blackbox").score(rows, fate)["story_errors"]
    assert errors == {"joined": [["E1", "E2", 1]], "apart": [["E1", 1]]}

    clusters = {"tuning": {
        "wrong_merges": [{"a": "A1", "b": "B1"}, {"a": "B1", "b": "A2"}],
        "missed": [{"a": "A1", "b": "A2", "why": "off topic (relevance)"},
                   {"a": "A2", "b": "A1", "why": "direct link: ...; needed never (gap)"},
                   {"a": "A1", "b": "A2", "why": "direct link: ... (evidence 0.1), needed 0.2"}],
    }}  # fmt: skip
    found = _bench("quality").by_events(rows, clusters, "tuning")
    assert found["wrong_merges"] == [("E1", "E2", 2)]
    assert sorted(found["missed"]) == [
        ("E1", "beyond the window", 1), ("E1", "off topic", 1), ("E1", "too little", 1)
    ]  # fmt: skip


def test_replay_clusters_in_each_order_and_scores_pairs() -> None:
    """Round 17: bench/replay.py replays clustering alone in several orders of arrival, so a
    rule about when stories are joined is seen in more than one order. Three real-sized texts
    written for the test: two reports of one expulsion (a day apart, one name and one number
    in common), one of an exercise five days on."""
    replay = _bench("replay")
    expel = ("Norway expels 15 Russian diplomats", "Foreign minister Anniken Huitfeldt said the 15 "
             "officers at the embassy in Oslo must leave the country within a week.")  # fmt: skip
    again = ("Russia protests as Norway orders 15 diplomats out", "Moscow called the decision "
             "announced by Huitfeldt on Thursday unfriendly and promised a response.")  # fmt: skip
    drill = ("Cold Response begins in Troms", "Some 30,000 soldiers from 27 countries train in "
             "Troms and Finnmark over two weeks, the defence staff in Bodø said.")  # fmt: skip
    rows = [
        {"id": rid, "title": t, "text": x, "lang": "en", "label": "relevant", "outlet": o,
         "dup_group": None, "event_group": e, "published": day, "split": "tuning"}
        for rid, (t, x), o, e, day in (
            ("R1", expel, "NRK", "E1", "2023-04-13"), ("R2", again, "TASS", "E1", "2023-04-14"),
            ("R3", drill, "NRK", "E2", "2023-04-19"),
        )
    ]  # fmt: skip
    rows = replay.prepared(rows)
    for name, order in replay.orders(polls=1, seeds=[0]).items():
        arrived = order(rows)
        if name.startswith("poll"):  # one round: by outlet, the newest first within one
            nrk = [r["id"] for r in arrived if r["outlet"] == "NRK"]
            assert nrk == ["R3", "R1"], name
        story = replay.replay(arrived)
        assert story["R1"] == story["R2"] != story["R3"], (name, story)
        f = replay.pair_figures(rows, story, "tuning")
        assert (f["precision"], f["recall"], f["wrong_pairs"], f["missed_pairs"]) == (1, 1, 0, 0)
    # An article linked to two stories folds them into its own (one event whose first reports
    # shared too little): the replay follows the folds as the pipeline does.
    from monitor.cluster import Signature

    when = rows[0]["when"]
    split = [
        {"id": rid, "dup_group": None, "when": when,
         "sig": Signature({term: 1.0}, frozenset(names))}
        for rid, term, names in (("S1", "alpha", {"mikus", "trmsø"}),
                                 ("S2", "beta", {"hmrfst", "svlbrd"}),
                                 ("S3", "gamma", {"mikus", "trmsø", "hmrfst", "svlbrd"}))
    ]  # fmt: skip
    story = replay.replay(split)
    assert story["S1"] == story["S2"] == story["S3"], story
    assert replay.replay(split[:2]) == {"S1": "S1", "S2": "S2"}  # without the bridge: apart
    # --refused (round 30): the fold of a crash's story and an exercise's, refused because the
    # exercise's story never tells the crash, is counted by that concept, between two events.
    from dataclasses import replace

    concepts = (
        ("E1", {"crash"}, {"crash"}),
        ("E2", {"exercise"}, {"exercise"}),
        ("E1", {"crash", "exercise"}, {"crash"}),
    )  # event, told, told by the headline
    told = [{**r, "event_group": e, "split": "tuning",
             "sig": replace(r["sig"], events=frozenset(ev), head_events=frozenset(head))}
            for r, (e, ev, head) in zip(split, concepts, strict=True)]  # fmt: skip
    table: dict[str, Any] = defaultdict(Counter)
    story = replay.replay(told, replay.refusals_into(told, table))
    assert story["S1"] == story["S3"] != story["S2"], story
    assert dict(table) == {"tuning": Counter({("crash", False): 1})}
    # --strays (round 29): an article outside its event's largest story, with its best link to
    # it and how far short it fell; none once the bridge has folded them.
    one = [{**r, "event_group": "E9", "split": "tuning", "title": r["id"], "lang": "en"}
           for r in split]  # fmt: skip
    found = replay.strays(one[:2], replay.replay(one[:2]), "tuning")
    assert [(r["id"], m["id"]) for _, r, m in found] == [("S2", "S1")]
    assert found[0][0] == pytest.approx(-0.2)  # nothing shared: the whole same-day threshold
    assert "nothing shared" in replay.stray_line(*found[0])
    assert replay.strays(one, replay.replay(one), "tuning") == []
    # A pair put in one story by mistake and one missed are counted as such.
    f = replay.pair_figures(rows, {"R1": 1, "R2": 2, "R3": 1}, "tuning")
    assert (f["precision"], f["recall"], f["wrong_pairs"], f["missed_pairs"]) == (0.0, 0.0, 1, 1)
    # --outside (round 26) sums several files' pairs: each call adds to the counts before it.
    summed: dict[str, Any] = {}
    replay.pair_figures(rows, {"R1": 1, "R2": 1, "R3": 2}, "tuning", summed)
    f = replay.pair_figures(rows, {"R1": 1, "R2": 2, "R3": 1}, "tuning", summed)
    assert (f["precision"], f["recall"], f["wrong_pairs"], f["missed_pairs"]) == (0.5, 0.5, 1, 1)
    assert f["wrong_events"] == [("E1", "E2", 1)] and f["missed_events"] == [("E1", 1)]
    # The outside sets it replays are in the project, so it runs from a fresh clone.
    assert len(_bench("quality").OUTSIDE) == 26
    assert all(path.exists() for path in _bench("quality").OUTSIDE)
    assert f["wrong_events"] == [("E1", "E2", 1)]  # listed by pair of events (--wrong)
    assert f["missed_events"] == [("E1", 1)]  # and the pairs left apart by event (--missed)


def test_lexicon_stems_cut_each_form_by_its_languages_rule() -> None:
    """bench/lexicon_stems.py (round 27): how a lexicon writer's form becomes a table stem."""
    stems_of = _bench("lexicon_stems").stems_of
    # Japanese: two-character words only (a longer compound's first pair is another word).
    assert stems_of("釈放", "ja") == ["釈放"] and stems_of("連邦保安庁", "ja") == []
    # Korean: the bare noun, matched at a word's start; Arabic: without the article, inside.
    assert stems_of("해안경비대", "ko") == ["해안경비대"]
    assert stems_of("المحكمة", "ar") == ["~محكمة"] and stems_of("حد", "ar") == []
    # Snowball's stem where it keeps seven letters, else the form: the Finnish call-up
    # "kutsunta" is not cut to "kutsu" (an invitation).
    assert stems_of("kutsunta", "fi") == ["kutsunta"]
    assert stems_of("rajavartiolaitoksen", "fi") == ["rajavartiolaitoks"]
    # Short forms are whole words; Turkish endings after an apostrophe are dropped.
    assert stems_of("voo", "pt") == ["voo$"] and stems_of("ABD'nin", "tr") == ["abd$"]
    # Without a Snowball stemmer: the form less two letters, when seven remain.
    assert stems_of("landhelgisgæslan", "is") == ["landhelgisgaesl"]
    # Round 30: a form text is read as two words is a multi-word form (a hyphen, Persian's
    # zero-width non-joiner): its stem would never match.
    assert stems_of("porte-avions", "fr") == [] and stems_of("ماشین\u200cها", "fa") == []
    # Round 26's writers' warnings follow "OTHER:", several forms may share one.
    warned = _bench("lexicon_stems").warned_26
    note = "Russiske turister nektes innreise || OTHER: 进入 = enter in general; a/b (c) = x"
    assert warned(note) == {"进入", "a", "b", "c"} and warned("no warning") == set()
