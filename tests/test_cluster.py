"""Story clustering (issue #26): one event's write-ups in one story, across languages and days;
distinct events on one beat apart, the time between them weighing in."""

from __future__ import annotations

import itertools
import json
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from monitor import cluster
from monitor.cli import main
from monitor.cluster import (
    LINK_THRESHOLD,
    STORY_WINDOW,
    WHO_NOT_WHAT,
    Signature,
    StoryIndex,
    headline_events,
    link,
    name_key,
    names_in,
    numbers_in,
    one_event,
    pick_story_why,
    refusal,
    signature,
    story_reason,
)
from monitor.events import EVENT_WORDS, headline_sides
from monitor.parse.dates import parse_date
from monitor.types import Item
from tests.conftest import BENCH_DATA, ingest_labelled, labelled_rows, open_pipeline, write_config

DOMAIN = frozenset({"norway", "norg", "russia", "russland", "border", "nato"})

# One announcement told by three outlets in three languages (written for the test).
EN = (
    "Norway will expel 15 members of the Russian embassy in Oslo, the foreign ministry said. "
    "Foreign Minister Anniken Huitfeldt said the diplomats were intelligence officers. "
    "The embassy's spokesman Timur Tsjekmarev called the decision unfriendly."
)
NO = (
    "Norge utviser 15 ansatte ved den russiske ambassaden i Oslo. Utenriksminister Anniken "
    "Huitfeldt sier de 15 diplomatene er etterretningsoffiserer. Ambassadens talsmann Timur "
    "Tsjekmarev kaller beslutningen uvennlig."
)
RU = (
    "Норвегия высылает 15 сотрудников российского посольства в Осло. Министр иностранных дел "
    "Анникен Хуитфельдт заявила, что дипломаты работали на разведку."
)
# Another event on the same beat: the same country names and vocabulary, other people.
OTHER = (
    "A Russian national was arrested in Kirkenes after flying a drone near the border, the "
    "police attorney Anja Mikkelsen Indbjør said. He was released on bail after 3 days."
)


def test_a_name_is_one_key_in_any_script_and_inflection() -> None:
    assert name_key("Stoltenberg") == name_key("Stoltenbergs") == name_key("Столтенберга")
    assert name_key("Huitfeldt") == name_key("Хуитфельдт")  # transliterations differ in vowels
    assert name_key("Lavrov") == name_key("Лаврова") == name_key("Lawrow")
    # A compound or a derived form starts as its name does.
    assert name_key("Barentsrådet") == name_key("Баренцева") == name_key("Barentsregionen")
    assert name_key("Stoltenberg") != name_key("Solberg")
    # Titles, weekdays, agencies and names of three consonants (Berg, Oslo: too common).
    for word in ("Monday", "June", "Minister", "Reuters", "The", "Berg"):
        assert name_key(word) is None, word


def test_names_are_taken_mid_sentence_and_off_the_beat() -> None:
    text = "Officials said Anniken Huitfeldt met Sergei Lavrov in Norway. Then they left."
    names = names_in(text, frozenset({"norway", "norg"}))
    assert set(names.values()) == {"Huitfeldt", "Lavrov"}
    # An English headline capitalises every word: its capitals are not names.
    assert not signature("Norway Expels Fifteen Russian Spies", "", DOMAIN).names
    # A Norwegian one capitalises names only (its first word starts a sentence).
    title = "Huitfeldt møtte russiske diplomater om fisket i Murmansk"
    assert signature(title, "", DOMAIN).names == {name_key("Murmansk")}


def test_a_possessive_is_the_name_before_it_whatever_its_apostrophe() -> None:
    # Wires write the typographic apostrophe: "Norway’s" was a name off the beat, and
    # "Stoltenberg’s" another name than "Столтенберг" (round 18).
    text = "He said Norway’s army and Stoltenberg’s aide, Kirkenes’ mayor and O'Brien met."
    names = names_in(text, frozenset({"norway", "kirk", "kirkenes"}))
    assert set(names.values()) == {"Stoltenberg", "O'Brien"}
    assert set(names) == {name_key("Столтенберг"), name_key("O'Brien")}


def test_numbers_an_event_is_told_with() -> None:
    text = "About 1,000 Marines and 30 000 troops; 15 diplomats; 3.5 km; in 2023; 4 ships; MiG-31"
    assert numbers_in(text) == {"1000", "30000", "15", "31"}


def test_numbers_told_with_scale_words_or_in_words_are_digits() -> None:
    # Round 6: a translation writes its numbers its own way; each pair below shares a key.
    assert "15000" in numbers_in("15 000 soldiers") & numbers_in("أكثر من 15 ألف جندي")
    assert "1000000" in numbers_in("a quota of one million tonnes") & numbers_in("1 млн тонн")
    assert "1500000" in numbers_in("1,5 млн тонн") & numbers_in("1.5 million tonnes")
    assert "139000" in numbers_in("139 тысяч тонн") & numbers_in("139 000 tonnes")
    ten = numbers_in("ten submarines") & numbers_in("Десять подлодок") & numbers_in("10 ubåter")
    assert "10" in ten
    # Single digits say little in words as in digits; "thousands" alone is no number.
    assert numbers_in("three submarines, thousands of people, up to thousands") == frozenset()
    # A year is no number; "2.5 million" is not "2" and "5".
    assert numbers_in("in 2023, 2.5 million") == {"2500000"}


def test_numbers_in_each_language_own_words_and_scales() -> None:
    # Round 32: the number words and scales of a report's own language (the signature knows
    # it). AFP's Arabic report of the ten submarines of October 2019 writes "عشر غواصات".
    assert "10" in numbers_in("أن روسيا نشرت عشر غواصات في شمال المحيط الأطلسي", lang="ar")
    assert numbers_in("طرد خمسة عشر دبلوماسيا و خمسة وعشرين", lang="ar") == {"15", "25"}
    assert "15" in numbers_in("Rusia expulsa a quince diplomáticos", lang="es")
    assert "15" in numbers_in("Norwegia wydaliła piętnastu dyplomatów", lang="pl")
    thousands = numbers_in("15 bin asker", lang="tr") & numbers_in("15 mil soldados", lang="es")
    assert "15000" in thousands
    # A word that is a number in one language is something else in another: a Norwegian "mil"
    # is ten kilometres, an English "once" no eleven; without a language neither is read.
    assert numbers_in("5 mil fra grensen", lang="no") == frozenset()
    assert numbers_in("15 mil soldados") == {"15"}
    assert numbers_in("once again", lang="en") == numbers_in("once otra vez") == frozenset()


def test_a_signature_reads_numbers_in_its_own_language() -> None:
    # The signature passes the item's language on: a Spanish and an Arabic report of fifteen
    # expelled diplomats share the number with an English one that writes digits.
    es = signature(
        "Noruega expulsa", "Noruega expulsa a quince diplomáticos rusos.", DOMAIN, lang="es"
    )
    ar = signature("النرويج تطرد", "النرويج تطرد خمسة عشر دبلوماسيا روسيا", DOMAIN, lang="ar-SA")
    en = signature("Norway expels", "Norway expels 15 Russian diplomats.", DOMAIN, lang="en")
    assert "15" in es.numbers & ar.numbers & en.numbers
    assert "15" not in signature("Noruega", "a quince diplomáticos", DOMAIN).numbers


def test_numbers_with_a_chinese_japanese_or_korean_scale() -> None:
    # "3万人" and "3만 명" are 30,000 people: the scale follows the digits with no space.
    # Read as digits alone, "3" dropped out and "15万" keyed as 15.
    assert numbers_in("3万人が参加") & numbers_in("병력 3만 명") & numbers_in("30,000 troops") == {
        "30000"
    }
    assert numbers_in("约15万人") == {"150000"}
    assert numbers_in("2만5천 명의 병력") == {"25000"}
    assert numbers_in("1.5亿美元") == {"150000000"}
    assert numbers_in("5千米") == frozenset()  # 千米 is a kilometre: "5 km", a single digit
    assert numbers_in("驱逐15名外交官") == {"15"}


def test_reports_in_three_languages_link_by_names_numbers_and_cognates() -> None:
    en, no, ru = (signature("Expulsions", t, DOMAIN) for t in (EN, NO, RU))
    for a, b in ((en, no), (en, ru), (no, ru)):
        found = link(a, b, timedelta(hours=3))
        assert found.holds, found.why()
        assert "15" in found.numbers
    assert "Huitfeldt" in link(en, no).names
    other = signature("Drone arrest", OTHER, DOMAIN)
    for s in (en, no, ru):
        assert not link(s, other).holds, link(s, other).why()


def test_a_chinese_report_links_by_its_event_words_and_numbers() -> None:
    """Chinese writes no spaces and no capitals: its report of the expulsion shares no name with
    the English one, and linked by nothing until its words were cut into pairs of characters
    (their event words, "驱逐" and "外交官") and a number after a character was read ("驱逐15名").
    A destroyer ("驱逐舰") is a warship, not an expulsion. Written for the test."""
    zh = signature(
        "挪威驱逐15名俄罗斯外交官",
        "挪威外交部周四宣布，驱逐15名在俄罗斯驻奥斯陆大使馆工作的外交官，称他们是情报人员。",
        DOMAIN,
        lang="zh",
    )
    en = signature("Expulsions", EN, DOMAIN)
    found = link(en, zh, timedelta(hours=3))
    assert found.holds and "15" in found.numbers, found.why()
    assert {"expel", "diplomat"} <= set(found.events)
    assert not link(signature("Drone arrest", OTHER, DOMAIN), zh).holds
    ship = signature("俄罗斯驱逐舰驶入巴伦支海", "一艘俄罗斯驱逐舰周二驶入巴伦支海。", DOMAIN)
    assert ship.head_events == {"warship"}


def test_a_persian_and_a_portuguese_report_of_one_arrest_link_by_what_they_tell() -> None:
    """Persian had no event word and no content word (its yeh and kaf are not Arabic's): its
    report of a researcher arrested as a spy met a Portuguese one on "spy" alone (0.07). Round
    22's words give both the arrest and the spy, the researcher, the university and the police
    (written for the test); a Turkish report of an exercise stays apart from both."""
    fa = signature(
        "بازداشت پژوهشگر دانشگاه ترومسو به اتهام جاسوسی برای روسیه",
        "پلیس امنیتی نروژ یک پژوهشگر دانشگاه ترومسو را که خود را شهروند برزیلی معرفی کرده بود "
        "به اتهام جاسوسی برای روسیه بازداشت کرد.",
        DOMAIN,
        lang="fa",
    )
    pt = signature(
        "Pesquisador da Universidade de Tromsø é detido por espionagem para a Rússia",
        "A polícia de segurança da Noruega deteve um pesquisador da Universidade de Tromsø, que "
        "se apresentava como cidadão brasileiro, suspeito de espionagem a favor da Rússia.",
        DOMAIN,
        lang="pt",
    )
    found = link(fa, pt, timedelta(hours=5))
    assert found.holds and {"arrest", "spy"} <= set(found.events), found.why()
    tr = signature(
        "ABD deniz piyadeleri Norveç'te tatbikata katıldı",
        "Amerikan deniz piyadeleri Norveç'in kuzeyindeki NATO tatbikatına katıldı.",
        DOMAIN,
        lang="tr",
    )
    assert tr.head_events == {"exercise"}
    for report in (fa, pt):
        assert not link(report, tr, timedelta(hours=5)).holds


def test_the_time_between_two_articles_asks_for_more_evidence() -> None:
    a = signature("Expulsions", EN, DOMAIN)
    b = signature("Expulsions", NO, DOMAIN)
    found = link(a, b)
    assert found.evidence >= LINK_THRESHOLD[0]
    assert tuple(sorted(LINK_THRESHOLD)) == LINK_THRESHOLD  # never less evidence for a wider gap
    weak = Signature({"x": 1.0}, frozenset({"huitf"}), frozenset({"15"}))
    weak_too = Signature({"y": 1.0}, frozenset({"huitf"}), frozenset({"15"}))
    assert link(weak, weak_too, timedelta(hours=20)).holds  # 0.20 the same day
    assert not link(weak, weak_too, timedelta(days=3)).holds  # not three days apart
    # Beyond the window nothing links: the same text a month later is another event.
    assert not link(a, a, STORY_WINDOW + timedelta(days=1)).holds
    assert link(a, a, STORY_WINDOW + timedelta(days=1)).needed is None


def test_pick_story_takes_the_strongest_link_and_says_why() -> None:
    when = datetime(2023, 4, 13, 12, tzinfo=UTC)
    en, no, other = (signature("x", t, DOMAIN) for t in (EN, NO, OTHER))
    found = pick_story_why(no, [("drone", other, when), ("expulsion", en, when)], when)
    assert found is not None and found.story == "expulsion" and found.also == ()
    why = found.link.why()
    assert "shared names" in why and "Huitfeldt" in why and "shared numbers 15" in why
    # Linked to two stories: the weaker one is named, to be folded into the stronger.
    found = pick_story_why(no, [("a", en, when), ("b", signature("x", RU, DOMAIN), when)], when)
    assert found is not None and found.story == "a" and found.also == ("b",)
    # The same candidate beyond the window: no story.
    assert (
        pick_story_why(no, [("expulsion", en, when - STORY_WINDOW - timedelta(days=2))], when)
        is None
    )


def test_signature_keeps_its_spelling_and_reads_the_old_form() -> None:
    sig = signature("Expulsions", EN, DOMAIN)
    back = Signature.from_json(json.loads(json.dumps(sig.to_json())))
    assert back.names == sig.names and back.numbers == sig.numbers
    assert back.bones is not None and sig.bones is not None
    assert back.bones.keys() == sig.bones.keys()
    assert all(abs(back.bones[k] - v) < 1e-4 for k, v in sig.bones.items())
    assert "Huitfeldt" in link(back, signature("x", NO, DOMAIN)).names
    old = Signature.from_json({"t": {"marin": 1.0}, "n": ["stoltenberg"]})  # before #26
    assert old.names == {"stoltenberg"} and old.numbers == frozenset() and old.bones is None
    assert story_reason(json.dumps({"t": {}, "why": "shared names X"})) == "shared names X"
    assert story_reason(json.dumps({"t": {}})) is None and story_reason(None) is None


def test_story_index_keeps_a_story_s_odd_member_out() -> None:
    """Ten English rewrites of one story must not push out its one Russian report: a Russian
    follow-up can only join through it."""
    day = datetime(2023, 9, 18, 8, tzinfo=UTC)
    index = StoryIndex(lambda start, end: [])
    index.candidates(day)  # the days around are loaded (empty archive)
    ru = signature("x", RU, DOMAIN)
    index.add("s", day, ru)
    for i in range(cluster.MEMBERS_PER_DAY + 5):
        index.add("s", day + timedelta(minutes=i), signature("x", EN + f" Update {i}.", DOMAIN))
    members = [sig for story, sig, _ in index.candidates(day) if story == "s"]
    assert len(members) == cluster.MEMBERS_PER_DAY
    assert ru in members


def test_story_index_keeps_the_one_member_that_names_someone() -> None:
    """Round 14: a full day dropped the member most like the newcomer even when it alone
    carried a name (the Estonian summary of the spy's arrest joined only through the one
    German report naming his Brazilian cover): which one went hung on who came last, and a
    poll's sources arrive in the network's order. A member goes only if the others or the
    newcomer carry each of its names and numbers, when one does."""
    day = datetime(2023, 9, 18, 8, tzinfo=UTC)
    index = StoryIndex(lambda start, end: [])
    index.candidates(day)
    named = signature("x", EN + " The ministry named the officer Igor Petrenko.", DOMAIN)
    index.add("s", day, named)
    for i in range(cluster.MEMBERS_PER_DAY - 1):
        index.add("s", day + timedelta(minutes=i + 1), signature("x", EN + f" Update {i}.", DOMAIN))
    newcomer = signature("x", EN + " The ministry named the officer's superior Sergei Ivanov.",
                         DOMAIN)  # fmt: skip
    closest = max(
        (sig for story, sig, _ in index.candidates(day)),
        key=lambda sig: cluster._resemblance(newcomer, sig),
    )
    assert closest is named  # the member the old rule dropped
    index.add("s", day + timedelta(hours=1), newcomer)
    members = [sig for story, sig, _ in index.candidates(day) if story == "s"]
    assert len(members) == cluster.MEMBERS_PER_DAY
    assert named in members and newcomer in members


def _corpus(ids: list[str]) -> list[dict[str, object]]:
    rows = labelled_rows("relevance_corpus.jsonl")
    return [rows[i] for i in ids]


@pytest.mark.parametrize("order", ["by date", "reversed within the day"])
def test_pipeline_groups_one_event_across_languages_and_keeps_the_beat_s_others_apart(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], order: str
) -> None:
    """Real items of the corpus (bench/data), ingested at their dates as a poll would:
    Russia leaving the Barents Council, told in Russian, English, Norwegian and Danish on one
    day; Norway closing the border to Russian cars a week earlier; two border-crossing
    reports three days apart that are different events (Russian: traffic at the crossing;
    Norwegian: no Russians crossed on Sunday)."""
    barents = ["B119", "B124", "B129", "B133"]
    rows = _corpus(["B026", "B015", "B029", *barents])
    rows.sort(key=lambda r: str(r["published"]))
    if order != "by date":
        rows = rows[:3] + rows[3:][::-1]
    cfg = write_config(tmp_path / "sources.toml", [])
    p = open_pipeline(cfg)
    ids: dict[str, int] = {}
    for r in rows:
        ids[str(r["id"])] = ingest_labelled(p, r)
    story = {i.id: i.story_id for i in p.store.recent(limit=100)}
    of = {rid: story[item_id] for rid, item_id in ids.items()}
    assert len({of[i] for i in barents}) == 1, of  # four languages, one story
    assert of["B026"] not in {of["B119"], of["B015"], of["B029"]}
    assert of["B015"] != of["B029"]  # one beat, one crossing, two events
    # `monitor archive show` says why a member joined its story.
    joined = next(i for i in barents if story[ids[i]] != ids[i])
    assert main(["--config", str(cfg), "archive", "show", str(ids[joined])]) == 0
    out = capsys.readouterr().out
    assert f"story:      story-{of[joined]}" in out
    line = next(x for x in out.splitlines() if x.strip().startswith("joined:"))
    assert "similar terms" in line and "apart" in line and "evidence" in line


def test_folding_stories_follows_earlier_folds_and_batch_items() -> None:
    """Pipeline._fold: two archived stories become the older one (the updates run in order,
    an earlier fold following a later one); a batch's own story points at the other."""
    from monitor.pipeline import _fold, _Plan, _root
    from monitor.store import NewItem

    plan = _Plan()
    _fold(plan, 3, 7)
    _fold(plan, 7, 1)  # 7 is story 3 now: 3 and 1 become 1, and so does 7
    assert plan.merges == [(1, 7), (1, 3)]
    assert _root(plan, 7) == _root(plan, 3) == 1
    _fold(plan, 1, 3)  # one story already: nothing to do
    assert plan.merges == [(1, 7), (1, 3)]
    item = Item(source="s", guid="g", url=None, title="t", text="x")
    first, follower = NewItem(item, None, "f1", set(), []), NewItem(item, None, "f2", set(), [])
    follower.story = first
    _fold(plan, 7, follower)  # the batch's story joins archived story 7, that is 1
    assert _root(plan, follower) == _root(plan, first) == 1
    assert plan.merges == [(1, 7), (1, 3)]  # nothing to update in the archive for it


@pytest.mark.parametrize("batch", [False, True], ids=["one poll each", "one poll"])
@pytest.mark.parametrize("order", list(itertools.permutations(["A006", "A007", "A008"])))
def test_the_order_of_arrival_does_not_decide_the_story(
    tmp_path: Path, order: tuple[str, ...], batch: bool
) -> None:
    """Real items of the corpus's tuning part, one day: an article on the "bicycle refugees"
    at Storskog (A006), its teaser (A007, a copy of it: dedupe keeps one of the two) and
    another article on the same event (A008), which links to the article but not to the
    teaser (0.19 similar terms, 0.20 needed). Whichever of the three arrives first, in
    one poll or in three, the three are one story: the article's words count even when the
    teaser came first and is the item kept (before, the teaser spoke for both and A008 stayed
    alone in the three orders where the teaser came before the article)."""
    rows = _corpus(list(order))
    cfg = write_config(tmp_path / "sources.toml", [])
    p = open_pipeline(cfg)
    items = []
    for r in rows:
        day = parse_date(str(r["published"]), UTC)
        assert day is not None
        at = day + timedelta(hours=12)
        items.append(Item(source=str(r["outlet"]), guid=str(r["id"]), url=str(r["url"]),
                          title=str(r["title"]), text=str(r["text"]), published=day,
                          language=str(r["lang"]), fetched_at=at))  # fmt: skip
    when = items[0].fetched_at
    assert when is not None
    found = p.ingest(items, when) if batch else [c for i in items for c in p.ingest([i], when)]
    verdicts = {str(r["id"]): c for r, c in zip(rows, found, strict=True)}
    copies = [rid for rid in ("A006", "A007") if verdicts[rid].verdict.startswith("duplicate")]
    assert len(copies) == 1, {k: c.verdict for k, c in verdicts.items()}  # one of the two kept
    assert verdicts["A008"].verdict == "new"
    story = {i.id: i.story_id or i.id for i in p.store.recent(limit=100)}
    stories = {rid: story[c.item_id] for rid, c in verdicts.items() if c.item_id is not None}
    assert len(stories) == 3 and len(set(stories.values())) == 1, stories


# Round 3 (issue #26): what happened, in any language; countries weak; headlines.
EXPEL_EN = (
    "Russia expels 3 Norwegian diplomats, Norway says",
    "The foreign ministry said the three diplomats must leave within two weeks, a "
    "response to Oslo's decision last week. The ministry called the step a mirror measure.",
)
EXPEL_NO = (
    "Russland utviser tre norske diplomater",
    "Utenriksdepartementet bekrefter at tre ansatte ved ambassaden må forlate "
    "landet innen to uker. Det er et svar på den norske beslutningen forrige uke.",
)
EXPEL_RU = (
    "Россия объявила о высылке трех дипломатов посольства Норвегии",
    "МИД России сообщил, что трое сотрудников должны покинуть страну в течение двух недель. "
    "Это ответ на решение норвежской стороны.",
)
PORTS_EN = (
    "Norway shuts borders, ports to Russian goods, exempts fishing",
    "Trucks will be turned back at Storskog from Thursday and ships may no longer call at "
    "ports in the country, the foreign ministry said. Fishing vessels are exempt.",
)


def test_event_words_are_one_concept_across_languages_and_compounds() -> None:
    from monitor.events import events_in

    for title, _ in (EXPEL_EN, EXPEL_NO, EXPEL_RU):
        assert {"expel", "diplomat"} <= set(events_in(title)), title
    assert set(events_in("Rusland udviser diplomater; Norwegen weist Diplomaten aus")) == {
        "expel",
        "diplomat",
    }
    # Compounds and hyphenated words ("~" stems), whole words ("$" stems).
    assert {"gps", "jamming"} <= set(events_in("Nye GPS-forstyrrelser i Finnmark"))
    assert "jamming" in events_in("Forsvaret bekrefter støysending mot Finnmark")
    assert "fence" in events_in("Grensegjerdet ved Storskog") == events_in("забор на границе")
    assert "port" in events_in("Norway shuts ports") and "port" not in events_in("a portal")
    assert not events_in("Norway and Russia met in Oslo on Monday")


def test_nouns_that_drop_a_vowel_in_the_plural_are_found_in_every_form() -> None:
    """Round 18: Scandinavian nouns in -el lose the e in the plural ("sykkel", "sykler";
    "cykel", "cyklar"; "fengsel", "fengsler"): the stems of the singular missed them."""
    from monitor.concepts import concepts_in
    from monitor.events import events_in
    from monitor.text import words

    for text in ("Ryska flyktcyklar skrotas", "flyktningsyklene på Storskog", "cyklerne"):
        assert "bicycle" in events_in(text), text
    assert "cable" in events_in("kablene ble kuttet") == events_in("undersea cable")
    assert "prison" in concepts_in(words("russiske fengsler"))
    assert "bicycle" not in events_in("en syklon og et leksikon (encyklopedi)")


def test_event_words_in_dutch_and_czech_and_the_forms_that_were_missing() -> None:
    """Round 6: Dutch and Czech reports had no event words; Norwegian "fregatt", German
    "Rakete" and Norwegian "bil" (a car) were not found by the English-shaped stems."""
    from monitor.events import events_in

    assert {"expel", "diplomat"} <= set(events_in("Rusko vyhostilo tři diplomaty"))
    assert {"expel", "diplomat"} <= set(events_in("Nederland zet Russische diplomaten uit, "
                                                 "twee diplomaten uitgewezen"))  # fmt: skip
    assert {"close", "port"} <= set(events_in("Nederland sluit haven voor Russische schepen"))
    assert "submarine" in events_in("Ruská ponorka u Norska") == events_in("Russisk ubåt")
    assert "refugee" in events_in("uprchlíci na kolech") and "refugee" in events_in("vluchteling")
    assert "warship" in events_in("Fregatten KNM Thor Heyerdahl") == events_in("frigate")
    # Russian's past tense (found in round 7): "Россия выслала/выслали" told no expulsion.
    for said in ("Россия выслала трех норвежских дипломатов", "Москва выслал консула"):
        assert "expel" in events_in(said), said
    assert "missile" in events_in("Russland testet eine Rakete") == events_in("missile test")
    assert "vehicle" in events_in("Bilen ble stoppet på grensen")
    # A Norwegian word is not a Czech one: "rusen" (the high) is no jamming ("rušení").
    assert "jamming" in events_in("rušení GPS") and "jamming" not in events_in("rusen")


def test_event_words_in_italian_greek_and_finnish() -> None:
    """Round 10 (the seventh set folded in): a Greek and an Italian wire report of one
    expulsion told no event word; Finnish, Italian and Greek forms of the most told concepts.
    Headlines written for the test."""
    from monitor.events import events_in

    expulsion = {"expel", "diplomat"}
    assert expulsion <= set(events_in("Νορβηγία: Θα απελάσει Ρώσο διπλωμάτη"))
    assert expulsion <= set(events_in("Oslo contesta l'espulsione del diplomatico"))
    assert expulsion <= set(events_in("Norja karkottaa venäläisen diplomaatin"))
    assert "spy" in events_in("κατηγορίες για κατασκοπεία") == events_in("vakoilusta epäilty")
    assert "arrest" in events_in("Venäläinen pidätettiin") == events_in("συνελήφθη Ρώσος")
    assert "exercise" in events_in("Naton harjoitus Norjassa") == events_in("άσκηση του ΝΑΤΟ")
    assert "fish" in events_in("peschereccio norvegese") == events_in("bateau de pêche")
    assert "submarine" in events_in("sottomarino russo") == events_in("υποβρύχιο")
    # A ship is not a warship: Italian "nave" was left out (fishing boats are ships too).
    assert "warship" not in events_in("una nave da pesca")


def test_event_and_content_words_in_arabic_and_the_romance_languages() -> None:
    """Round 10b: an Arabic report of Russia's missile tests off Norway told no event word, and
    an Italian one of the border's closing no content word; Arabic attaches its proclitics
    ("and", "the", "in") to the word, so its stems match inside one. Written for the test."""
    from monitor.concepts import concept_vector
    from monitor.concepts import concepts_in as told
    from monitor.events import events_in
    from monitor.text import words

    def concepts_in(text: str) -> Counter[str]:
        return told(words(text))

    assert "missile" in events_in("روسيا تختبر صواريخ قبالة النرويج") == events_in("missiles")
    assert {"expel", "diplomat"} <= set(events_in("روسيا تطرد دبلوماسيين نرويجيين"))
    assert "arrest" in events_in("اعتقال مواطن روسي") == events_in("Russer pågrepet")
    assert "border" in concepts_in("chiudere il confine con la Russia")
    assert "border" in concepts_in("إغلاق الحدود مع روسيا") == concepts_in("border")
    assert concept_vector(concepts_in("il tribunale di Mosca")) == concept_vector(
        concepts_in("the court in Moscow")
    )
    # What Arabic and English share by accident is not counted: "limited" holds the letters
    # of "border" (محدود, حدود), Kabul those of "cable" (كابل), a balance those of fishing.
    assert "border" not in concepts_in("عدد محدود")
    assert not events_in("في كابل") and not events_in("رصيد الحساب")
    # Nor an English word that starts like a Romance one: "interdisciplinary" bans nothing.
    assert "ban" not in concepts_in("an interdisciplinary team")
    # Round 22: a verb carries its person in front ("she arrests", "she summons"), where the
    # noun's stem does not start; "she will support" holds the letters of "summon".
    assert "arrest" in events_in("روسيا تعتقل نرويجيا بتهمة التجسس")
    assert "protest" in events_in("الخارجية الروسية تستدعي السفير النرويجي")
    assert not events_in("ستدعم النرويج أوكرانيا")
    # The Arabic loan "درون" is a drone; in Persian the word is "inside".
    assert "drone" in events_in("هجوم بطائرة درون", lang="ar")
    assert not events_in("درون دولت نروژ", lang="fa")
    # Round 23: "مسيّرة" (its shadda written: one word now) is a drone, as "درون" is; "his
    # career" and "running a service" hold its letters.
    assert "drone" in events_in("النرويج توقف روسيا بحوزته طائرة مسيّرة") == events_in("drone")
    assert not events_in("مسيرته المهنية") and not events_in("تسيير الرحلات")


def test_banning_threatening_suspending_and_cancelling_in_more_languages() -> None:
    """Round 11: a Norwegian report that Russia "threatens to bar Norwegian vessels" told
    neither the ban nor the threat the Russian reports of it told ("запрет", "угрожает"), a
    Russian report that Norway "will suspend" military cooperation no suspension, an Arabic
    one that Norway "cancelled" its exercises no cancelling. Written for the test."""
    from monitor.concepts import concepts_in as told
    from monitor.events import events_in
    from monitor.text import words

    def concepts_in(text: str) -> Counter[str]:
        return told(words(text))

    assert {"ban", "threat"} <= set(concepts_in("Russland truer med å utestenge norske fartøy"))
    assert {"ban", "threat"} <= set(concepts_in("Москва угрожает запретом норвежским судам"))
    assert "threat" in concepts_in("Russland droht Norwegen") == concepts_in("threat")
    assert "suspend" in events_in("Норвегия приостановит военное сотрудничество с Россией")
    assert "suspend" in events_in("la Norvegia sospende la cooperazione militare")
    assert "cancel" in events_in("ألغت النرويج جميع أنشطة التعاون العسكري")
    assert "cooperation" in concepts_in("ألغت النرويج جميع أنشطة التعاون العسكري")
    assert "us" in concepts_in("قاذفات أمريكية في النرويج") == concepts_in("American bombers")
    assert {"border", "building"} <= set(concepts_in("Norra ehitab Vene piirile tara"))
    # "True" is English: the Norwegian "truer" (threatens) is a whole word, not a stem.
    assert "threat" not in concepts_in("a true story")


def test_the_event_concepts_in_the_languages_the_table_lacked() -> None:
    """Round 12: each concept completed in Finnish (whose compounds put the word inside:
    "sotaharjoitus", "ilmatilaloukkaus"), Estonian, Icelandic, Hungarian and the case forms of
    Polish and Ukrainian. Before, an Estonian or an Icelandic report of an exercise told no
    event at all. Written for the test."""
    from monitor.events import events_in

    assert "exercise" in events_in("Venäjän laivasto aloitti sotaharjoituksen Barentsinmerellä")
    assert {"airspace", "violation"} <= set(events_in("Venäläinen hävittäjä: ilmatilaloukkaus"))
    assert "intercept" in events_in("Suomen hävittäjät nousivat")
    assert "exercise" in events_in("NATO õppus algas Põhja-Norras")
    assert "exercise" in events_in("Heræfingin Trident Juncture hófst í Noregi")
    assert "drone" in events_in("Venäläinen drooni Huippuvuorilla")
    assert "warship" in events_in("Rosyjskie okręty wojenne u wybrzeży Norwegii")
    assert "journalist" in events_in("Росія заборонила в'їзд норвезькому журналісту")
    # English words that begin like a stem: "released" a report, an "over"-flight, a portrait.
    assert events_in("The ministry released its annual report on the portrait") == {}
    assert "exercise" not in events_in("over the Barents Sea")


# Round 25: Serbian, Croatian, Bulgarian, Macedonian and Slovenian reports told next to no event
# ("Rus pritvoren zbog sumnje da je špijun": nothing), and a readiness raised and a cyber attack
# were no concepts in any language: five reports of Norway's raised readiness shared no event
# word. Written for the test, as the words were written from the languages.
ROUND_25_TOLD = (
    ({"arrest", "spy"}, "Norveška: Rus pritvoren zbog sumnje da je špijun"),
    ({"arrest", "spy"}, "Норвешка: Рус притворен због сумње да је шпијун"),
    ({"arrest", "spy"}, "Norway arrests Russian on suspicion of being a spy"),
    ({"expel", "diplomat"}, "Norveška protjerala ruske diplomate"),
    ({"expel", "diplomat"}, "Норвегия изгони руски дипломати"),
    ({"arrest", "drone"}, "Норвегия задържа руснак с дронове"),
    ({"exercise"}, "Vojna vežba NATO u Norveškoj"),
    ({"submarine"}, "Ruska podmornica kod Norveške"),
    ({"intercept"}, "Руски изтребители прихванаха норвежки самолет"),
    ({"arrest"}, "Noruega detiene a un ciudadano ruso"),
    ({"arrest"}, "Norvège : un Russe arrêté avec des drones"),
    ({"withdraw"}, "Россия вышла из Совета Баренцева/Евроарктического региона"),
    ({"intercept"}, "МиГ-31 сопроводил самолет ВВС Норвегии"),
    ({"cyber"}, "Cyber attack on the Storting"),
    ({"cyber"}, "Dataangrep mot Stortinget"),
    ({"cyber"}, "Кибератака на норвежский парламент"),
    ({"cyber"}, "Hakerzy zaatakowali norweski parlament"),
    ({"readiness"}, "Forsvaret skjerper beredskapen"),
    ({"readiness"}, "Norway raises military readiness"),
    ({"readiness"}, "Военные Норвегии повысят уровень боевой готовности"),
    ({"readiness"}, "Norge hæver beredskab"),
    ({"readiness"}, "Norwegen erhöht die Alarmbereitschaft"),
    ({"readiness"}, "Noruega eleva la alerta"),
)
# Forms that mean something else: a minister's title, a willingness to talk, a prison, what
# France "holds", a hatch, the Russian for "carried", Siberia.
ROUND_25_NOT_TOLD = (
    ("readiness", "Justis- og beredskapsministerens innlegg"),
    ("readiness", "Россия выразила готовность к диалогу"),
    ("close", "osuđen na deset godina zatvora"),
    ("arrest", "la Russie détient des réserves"),
    ("port", "åpne en luke"),
    ("vehicle", "он возил туристов"),
    ("cyber", "Siberian airlines"),
)


def test_alike_headlines_in_scripts_without_capitals_need_no_shared_name() -> None:
    """Round 26: two headlines in two languages telling the same event concepts add
    ACROSS_WEIGHT only beside a shared name or number (round 5), and Arabic or Chinese text has
    no capitals to read a name from: an Arabic and a Chinese report of one expulsion shared
    nothing else and stayed apart. Between cased scripts the name is still asked for."""
    from monitor.cluster import ACROSS_WEIGHT

    ar = signature(
        "روسيا تطرد دبلوماسياً نرويجياً",
        "أعلنت وزارة الخارجية الروسية طرد دبلوماسي نرويجي واعتباره شخصاً غير مرغوب فيه.",
        DOMAIN,
        lang="ar",
    )
    zh = signature(
        "俄罗斯驱逐挪威一名高级外交官",
        "俄罗斯外交部宣布驱逐挪威驻莫斯科大使馆一名高级外交官。",
        DOMAIN,
        lang="zh",
    )
    found = link(ar, zh, timedelta(hours=5))
    assert found.across == ACROSS_WEIGHT and found.holds, found.why()
    de = signature(
        "Russland hat Diplomaten ausgewiesen",
        "Das Außenministerium teilte es mit.",
        DOMAIN,
        lang="de",
    )
    fr = signature(
        "La Russie expulse un diplomate", "Le ministère l'a annoncé vendredi.", DOMAIN, lang="fr"
    )
    assert de.head_events == fr.head_events == {"expel", "diplomat"}
    assert link(de, fr, timedelta(days=2)).across == 0.0
    # Round 28: within NAMELESS_DAYS the name is not asked for between cased scripts either.
    assert link(de, fr, timedelta(hours=20)).across == ACROSS_WEIGHT


# Round 26: the concepts in the forms other languages' news use, where the table told a concept
# in one language's form only: the Spanish "sanciones", the German "verhaftet", the Polish
# "aresztowany", a German compound ("Grenzzaun", "Militärübung"), leaving a council in Chinese
# and Arabic. Written for the test, as the forms were written from the languages.
ROUND_26_TOLD = (
    ({"sanction"}, "Nuevas sanciones de la UE contra Rusia"),
    ({"arrest"}, "Russe in Norwegen verhaftet"),
    ({"arrest"}, "Rosjanin aresztowany w Norwegii"),
    ({"arrest"}, "Rysk medborgare häktad för spioneri"),
    ({"arrest", "cable"}, "Norway seizes ship suspected of cable sabotage"),
    ({"arrest", "drone"}, "Росіянина з безпілотником затримали в Норвегії"),
    ({"convict"}, "Ryss dömd till fängelse för spioneri"),
    ({"protest"}, "Norwegens Botschafter in Moskau einbestellt"),
    ({"withdraw"}, "Rusia anuncia su retirada del Consejo Euroártico"),
    ({"withdraw"}, "俄罗斯宣布退出巴伦支海欧洲-北极理事会"),
    ({"withdraw"}, "روسيا تعلن انسحابها من مجلس بارنتس"),
    ({"exercise"}, "Maniobras de la OTAN en Noruega"),
    ({"exercise"}, "Große Militärübung in Nordnorwegen"),
    ({"fence"}, "Norwegen baut einen Grenzzaun zu Russland"),
    ({"crash"}, "Flugzeugabsturz in Nordnorwegen"),
    ({"troops"}, "Soldados estadounidenses llegan a Noruega"),
    ({"bomber"}, "Bombardiers russes au large de la Norvège"),
    ({"violation"}, "Violación del espacio aéreo noruego"),
    ({"helicopter"}, "Hubschrauber der Küstenwache im Einsatz"),
    ({"swap"}, "Échange de prisonniers entre la Russie et l'Occident"),
    ({"visa"}, "Норвегія обмежила видачу віз росіянам"),
    ({"spy"}, "Norwegens Geheimdienst: Russland bleibt größte Bedrohung"),
    ({"warship"}, "Російський крейсер біля берегів Норвегії"),
    ({"intercept"}, "Norweskie F-35 przechwyciły rosyjski samolot"),
    ({"suspend"}, "Zusammenarbeit mit Russland eingefroren"),
    ({"refugee", "bicycle"}, "Solicitantes de asilo cruzan la frontera en bicicleta"),
    ({"port", "close", "fish"}, "Noruega cierra sus puertos a los pesqueros rusos"),
    ({"nuclear", "port"}, "미국 핵잠수함, 노르웨이 항구에 입항"),
    ({"crash"}, "Elicottero militare cade nel nord della Norvegia"),
    ({"crash"}, "Avião militar caiu no norte da Noruega"),
)
# Forms left out, or kept from meeting what they are not: a Swedish "showed" beside the Spanish
# "visado", the security service named in every spy and drone story, a Norwegian language and
# a wreck beside the Dutch "raket", Arabic detention beside protest, the Chinese invasion and
# border crossing, the Polish "military", French fog, the Spanish "to carry out", the Italian
# budget law and "taken", the fall of a wall.
ROUND_26_NOT_TOLD = (
    ("visa", "Nordic Response 24 visade Natos förmåga att försvara Norden"),
    ("spy", "PST anker løslatelsen av dronesiktede Jakunin"),
    ("missile", "Fagspråket i vraket"),
    ("protest", "النرويج تحتجز روسيا"),
    ("violation", "俄罗斯入侵乌克兰"),
    ("port", "挪威关闭口岸"),
    ("troops", "Rosyjski samolot wojskowy nad Bałtykiem"),
    ("jamming", "Brouillard sur Kirkenes"),
    ("cable", "La policía quiere llevar a cabo una investigación"),
    ("exercise", "La manovra finanziaria del governo"),
    ("arrest", "Il governo ha preso una decisione"),
    ("crash", "Trent'anni dopo la caduta del muro"),
)

# Round 27: Norwegian headlines of the tuning parts that told no event concept before.
ROUND_27_TOLD = (
    ({"protest"}, "Norge kalt inn på teppet til det russiske utenriksdepartementet"),
    ({"convict"}, "Anker Yakunin-frikjennelsen"),
    ({"convict"}, "Russisk statsborger frifunnet for droneflyging"),
    ({"suspend"}, "Norge innstiller alle militære aktiviteter med Russland"),
)


# Round 30: round 26's writers' words the table lacked (``bench/lexicon_stems.py --events``), and
# forms it leaves out for another common sense ("I was", the Italian army), any accident, an
# agency's name, "of the military".
ROUND_30_TOLD = (
    ({"entry"}, "노르웨이, 러시아 관광객 입국 금지"),
    ({"radar"}, "노르웨이 레이더 기지"),
    ({"exercise"}, "미군 합동훈련 시작"),
    ({"jamming", "gps"}, "Ryssland störde GPS-signalerna"),
    ({"intercept"}, "Ryska stridsflygplan avvisades"),
    ({"cancel", "visit"}, "Venäjä perui vierailun"),
    ({"suspend"}, "Rusland bevriest samenwerking"),
    ({"troops"}, "Joukot saapuivat Norjaan"),
)
ROUND_30_NOT_TOLD = (
    ("desert", "Eu fui a Oslo ontem"),
    ("exercise", "L'esercito italiano in Norvegia"),
    ("crash", "Olycka på E6 vid gränsen"),
    ("troops", "Норвегия не видит российских военных"),
    ("spy", "AIVD waarschuwt voor Rusland"),
    ("close", "Rusiya ilə bağlantılı şirkət"),  # Turkish "bağlantılı" (connected), not closed
    ("visit", "Rusiyada səfərbərlik elan edildi"),  # a mobilisation, not a visit
    ("arrest", "Məlumatlar serverdə saxlanılır"),  # data "kept", not a person detained
)


# Round 34: Indonesian and Malay, which no table held (monitor/events.py, _INDONESIAN_MALAY_34).
# Written for the test, as the words were written from the languages; the headline of BU048 is
# a real one (the thirty-seventh set).
ROUND_34_TOLD = (
    ({"expel", "diplomat"}, "Rusia dan Norwegia Terlibat Aksi Saling Usir Diplomat"),
    ({"arrest", "spy"}, "Polisi Norwegia menangkap warga Rusia atas dugaan spionase"),
    ({"exercise", "troops"}, "Ribuan pasukan NATO memulai latihan di utara Norwegia"),
    ({"intercept", "bomber"}, "Jet Norwegia mencegat pesawat pengebom Rusia"),
    ({"submarine", "nuclear"}, "Kapal selam nuklir Rusia terlihat di lepas pantai Norwegia"),
    ({"violation"}, "Pesawat Rusia melanggar wilayah udara Norwegia"),
    ({"arrest", "spy"}, "Lelaki Norway ditahan kerana disyaki perisik Rusia"),
)
# Round 35: Azerbaijani (_AZERBAIJANI_35); AQ020's headline is the twenty-seventh set's.
ROUND_35_TOLD = (
    ({"expel"}, "Rusiya səfirliyinin 15 əməkdaşı “persona non qrata” elan edilib"),
    ({"arrest"}, "Norveçdə Rusiya üçün casusluqda şübhəli şəxs həbs edilib"),
    ({"exercise"}, "NATO Norveçdə hərbi təlimlərə başlayır"),
    ({"intercept", "bomber"}, "Norveç qırıcıları Rusiya bombardmançılarını müşayiət edib"),
    ({"close"}, "Norveç sərhədi bağlayıb"),
)
# Round 36: Icelandic headlines (written for the test) that told no event word, or not these:
# a bomber is a "bomb jet", marines "land-going troops", a compound's second half the event.
ROUND_36_TOLD = (
    ({"bomber"}, "Rússneskar sprengjuþotur við strendur Noregs"),
    ({"marines"}, "Bandarískir landgönguliðar fara frá Noregi"),
    ({"nuclear", "submarine"}, "Rússneskir kjarnorkukafbátar í Barentshafi"),
    ({"cyber"}, "Tölvuárás á norska þingið"),
    ({"refugee", "bicycle"}, "Flóttafólk hjólar yfir landamærin"),
    ({"warship"}, "Bandarískt flugmóðurskip komið til Oslóar"),
    ({"gps", "jamming"}, "GPS-truflanir í Finnmörku"),
    ({"close"}, "Landamærunum lokað"),
    ({"radar"}, "Ný ratsjárstöð í Vardø"),
    ({"diplomat", "spy"}, "Rússneskum erindreka vísað úr landi vegna njósna"),
    ({"fence"}, "Norðmenn reisa girðingu á landamærunum"),
    # and other languages' forms the tables lacked
    ({"intercept"}, "МиГ-31 отогнал норвежский самолёт от границы"),
    ({"intercept"}, "Руски самолет прехвана норвежки над Баренцово море"),
    ({"intercept"}, "Ruski lovci presreli norveški avion"),
    ({"crash"}, "Un avion militar s-a prăbușit în Norvegia"),
    ({"withdraw"}, "Venäjä irtisanoi Barentsin sopimuksen"),
    ({"suspend"}, "Норвегия прервала военное сотрудничество с Россией"),
    ({"arrest"}, "Суд оставил под стражей сына бывшего главы РЖД"),
    ({"close"}, "Норвегія закриє порти для російських суден"),
)


@pytest.mark.parametrize(
    ("concepts", "title"),
    ROUND_25_TOLD
    + ROUND_26_TOLD
    + ROUND_27_TOLD
    + ROUND_30_TOLD
    + ROUND_34_TOLD
    + ROUND_35_TOLD
    + ROUND_36_TOLD,
)
def test_event_words_in_each_languages_news_forms(concepts: set[str], title: str) -> None:
    """Rounds 25 to 27: the South Slavic languages, readiness and cyber; every concept in each
    language's news forms; Norwegian forms the tables lacked; round 34: Indonesian and Malay;
    round 35: Azerbaijani; round 36: Icelandic and forms of six languages."""
    from monitor.events import events_in

    assert concepts <= set(events_in(title))


def test_an_icelandic_expulsion_is_no_visa() -> None:
    """Round 36: Icelandic "vísa" sends away ("vísa úr landi", to expel): told as a visa, two
    Icelandic reports of expulsions shared a kind with the visa bans of other events."""
    from monitor.events import events_in

    told = events_in("Vísa rússneskum erindreka úr landi", lang="is")
    assert "visa" not in told and "diplomat" in told
    assert "visa" in events_in("Rússar neita þingmönnum um vegabréfsáritun", lang="is")
    assert "visa" in events_in("Russia bans visa for Norwegian MPs", lang="en")


@pytest.mark.parametrize(
    ("concept", "title"), ROUND_25_NOT_TOLD + ROUND_26_NOT_TOLD + ROUND_30_NOT_TOLD
)
def test_event_words_leave_their_false_friends(concept: str, title: str) -> None:
    from monitor.events import events_in

    assert concept not in events_in(title)


def test_an_article_folds_no_story_whose_headline_tells_another_kind_of_event() -> None:
    """Round 12: an article linked to two stories folds them into one (a split event that it
    bridges), but not when the other story's headline tells another kind of event: a report of
    Russia banning Norwegian fishing vessels, whose setting (the Barents Sea, Murmansk, the
    same official) a report of NATO hunting a submarine shares, joined the fisheries story and
    folded the submarine's into it (the twelfth set, black-box: 30 wrong pairs). Written for
    the test."""
    body = ("The Northern Fleet and the Norwegian coast guard were on alert in the Barents Sea "
            "on Wednesday as Moscow warned Oslo, Shestakov said in Murmansk, after a week of "
            "tension at sea between the two neighbours in the north.")  # fmt: skip
    fish = signature("Russia threatens to close its waters to Norwegian fishing vessels", body,
                     DOMAIN)  # fmt: skip
    boats = signature("Moscow warns it will shut its zone to Norway's fishermen", body, DOMAIN)
    sub = signature("NATO planes hunt a Russian submarine off Norway", body, DOMAIN)
    new = signature("Russia bans Norwegian fishing vessels from its zone", body, DOMAIN)
    assert link(new, sub).holds  # the link holds on the setting alone
    joined = pick_story_why(new, [("fish", fish), ("boats", boats), ("sub", sub)])
    assert joined is not None and joined.story == "fish"
    assert joined.also == ("boats",)  # one event split in two: folded; the submarine: not


def test_an_article_folds_no_story_that_tells_another_event() -> None:
    """Round 19: a report of an aircraft crash during an exercise retells the exercise, and
    links to the exercise's story as well as the crash's: folding them made one story of two
    events (38 reports, 480 wrong pairs on the tuning part). The exercise's reports never tell
    a crash, so the two stories do not tell one event; two halves of the crash's story, first
    told too differently to link, each tell what the other's headlines tell. Written for the
    test: every report shares one text, so every link holds on the setting alone."""
    body = ("Thousands of allied soldiers from many nations take part in the winter exercise "
            "in Nordland, which the armed forces say tests the defence of the north. The "
            "exercise runs for two weeks in the county and at sea.")  # fmt: skip
    drill = [
        signature("NATO exercise begins in Nordland with allies from many nations", body, DOMAIN),
        signature("Allied exercise in the north tests the defence of Nordland", body, DOMAIN),
    ]
    crash = [signature("US military aircraft crashes in Nordland", body, DOMAIN)]
    split = [signature("Osprey crash in Nordland: the aircraft went down at night", body, DOMAIN)]
    new = signature("Aircraft crash: four dead after the aircraft went down", body, DOMAIN)
    assert headline_events(drill) == {"exercise"} and headline_events(crash) == {"crash"}
    assert all(link(new, m).holds for m in (*drill, *crash, *split))
    assert not one_event([*crash, new], drill) and one_event([*crash, new], split)
    cands = [("crash", crash[0]), ("drill", drill[0]), ("drill", drill[1]), ("split", split[0])]
    joined = pick_story_why(new, cands)
    assert joined is not None and joined.story == "crash"
    assert joined.also == ("split",)  # the crash's other half folds; the exercise does not
    # A story whose members tell no event concept says nothing against a fold.
    quiet = [signature("What the week brought in the north", body.replace("exercise", "event"),
                       DOMAIN)]  # fmt: skip
    assert quiet[0].events == frozenset() and one_event(crash, quiet)


def test_a_fold_asks_what_happened_not_who_took_part() -> None:
    """Round 29: one event's two halves tell it differently: "Marines land at Værnes" and
    "Russia protests the rotation". A report telling both links to both; ``one_event`` refused
    the fold because each half's headlines told a concept the other never did. Marines (who
    took part) and a protest (the answer to it) are not what happened (``WHO_NOT_WHAT``), and
    are not asked of the other half. Written for the test; a crash beside an exercise is still
    refused (the test above)."""
    body = ("The first rotation arrived at Værnes near Trondheim on Monday and will stay for six "
            "months, the defence ministry in Oslo said. The embassy in Oslo called the decision "
            "unfriendly and said it would draw its conclusions.")  # fmt: skip
    landed = [signature("US Marines arrive in Norway for a six-month rotation", body, DOMAIN),
              signature("Marines land at Værnes", body, DOMAIN)]  # fmt: skip
    answer = [signature("Russia protests the rotation at Værnes", body, DOMAIN)]
    new = signature("Russia protests as US Marines land at Værnes", body, DOMAIN)
    assert headline_events(landed) == {"marines"} and headline_events(answer) == {"protest"}
    assert "marines" not in answer[0].events and "protest" not in landed[0].events
    assert {"marines", "protest"} <= WHO_NOT_WHAT <= set(EVENT_WORDS)  # each names a concept
    assert all(link(new, m).holds for m in (*landed, *answer))
    assert one_event([*landed, new], answer)
    joined = pick_story_why(new, [("landed", landed[0]), ("landed", landed[1]),
                                  ("answer", answer[0])])  # fmt: skip
    assert joined is not None and {joined.story, *joined.also} == {"landed", "answer"}


def test_a_fold_does_not_ask_where_a_ship_came() -> None:
    """Round 30: a Korean report of a carrier "입항" (entering port) in Oslo tells "port"; the
    European reports of the same arrival say it "arrived", which tells no concept, and the
    fold of the Korean story into theirs was refused for "port" alone. A port is where a ship
    came or what was closed to ships, not what happened (``WHO_NOT_WHAT``). ``refusal`` says
    what a refused fold asked for; a crash beside an exercise still asks for the crash.
    Written for the test."""
    body = ("The aircraft carrier USS Gerald R. Ford arrived in Oslo on Wednesday, the first "
            "visit of a US carrier to Norway in 65 years. The Russian embassy called it "
            "unnecessary.")  # fmt: skip
    korean = [signature("미 항공모함 제럴드 포드호 노르웨이 입항", body, DOMAIN, lang="ko")]
    arrived = [signature("US aircraft carrier arrives in Oslo", body, DOMAIN)]
    assert headline_events(korean) == {"port", "warship"} and "port" not in arrived[0].events
    assert "port" in WHO_NOT_WHAT and refusal(korean, arrived) == frozenset()
    assert one_event(korean, arrived) and one_event(arrived, korean)
    drill = [signature("NATO exercise begins in Troms", body.replace("carrier", "exercise"),
                       DOMAIN)]  # fmt: skip
    crash = [signature("Marine aircraft crashed in Troms", "It crashed during the exercise; "
                       "the exercise goes on.", DOMAIN)]  # fmt: skip
    assert refusal(crash, drill) == {"crash"} and not one_event(crash, drill)
    # Chinese calls the carrier "航母": a warship, as "空母" and "항모" are.
    from monitor.events import events_in

    assert "warship" in events_in("美军最先进航母到了") == events_in("米空母")


def test_a_headline_tells_which_side_acts_on_which_in_any_language() -> None:
    """Round 19: the beat's two sides in a headline, as a country and as a nationality."""
    assert headline_sides("Norway expels Russian diplomat over spy case") == "no>ru"
    assert headline_sides("Norwegen weist russischen Diplomaten aus") == "no>ru"
    assert headline_sides("UD bekrefter: Russland utviser norsk diplomat") == "ru>no"
    assert headline_sides("МИД России объявил о высылке норвежского дипломата") == "ru>no"
    assert headline_sides("Rosja wydala norweskiego dyplomatę") == "ru>no"
    assert headline_sides("Ryssland utvisar norsk diplomat") == "ru>no"  # not "ryss-" the folk
    assert headline_sides("Norsko vyhostí ruského diplomata") == "no>ru"  # nor "norsk-"
    assert headline_sides("Norweger in Russland verurteilt") == "ru>no"
    # Both countries, both nationalities, or one side only: no direction.
    assert headline_sides("Norge og Russland enige om fiskekvoter") == ""
    assert headline_sides("Russia summons Norwegian envoy over expulsion of Russian diplomat") == ""
    assert headline_sides("Russian diplomat expelled") == ""


def test_an_event_and_its_answer_are_not_folded() -> None:
    """Round 19: Norway expelled a Russian diplomat (19 August 2020) and Russia answered nine
    days later; a Norwegian report of the answer retells the first expulsion, links to both
    stories, and folded them into one (416 wrong pairs on the tuning part). Their headlines
    tell the same event concepts and swap the sides. Written for the test."""
    body = ("The foreign ministry said the diplomat must leave within three days after a "
            "Norwegian man was charged with spying and met an intelligence officer at a "
            "restaurant in Oslo. The embassy called the decision groundless.")  # fmt: skip
    first = [signature("Norway expels Russian diplomat over spy case", body, DOMAIN),
             signature("Russischer Diplomat aus Norwegen ausgewiesen", body, DOMAIN)]  # fmt: skip
    answer = [signature("Russland utviser norsk diplomat som svar", body, DOMAIN)]
    new = signature("UD bekrefter: Russland utviser norsk diplomat", body, DOMAIN)
    assert all(link(new, m).holds for m in (*first, *answer))
    assert not one_event([*answer, new], first)
    joined = pick_story_why(new, [("answer", answer[0]), ("first", first[0]),
                                  ("first", first[1])])  # fmt: skip
    assert joined is not None and joined.story == "answer" and joined.also == ()
    # A story of the same side's reports folds: the first expulsion split in two.
    again = signature("Norge utviser russisk diplomat", body, DOMAIN)
    joined = pick_story_why(again, [("first", first[0]), ("split", first[1])])
    assert joined is not None and set((joined.story, *joined.also)) == {"first", "split"}
    # Kept in the archive's JSON with the rest of the signature.
    assert Signature.from_json(json.loads(json.dumps(new.to_json()))).sides == "ru>no"


def test_a_headline_alone_needs_more_than_shared_words() -> None:
    """Round 14: a news search's headline shares a word or two with many articles, and a
    cosine over a handful of words is chance (the twelfth set's "Russian threat" entry joined a
    submarine story five days earlier on "threat"). Besides its words it must share a name, a
    number, an event word or the headline."""
    title = "Due to the Russian threat, Norway has decided to strengthen its fleet"
    entry = signature(title, title, DOMAIN, lang="en")
    article = signature(
        "Norway strengthens its fleet against the Russian threat",
        "Norway strengthens its fleet against the Russian threat. The navy said so on Monday, "
        "in a statement about plans for the coming decade and its budget.",
        DOMAIN,
        lang="en",
    )
    assert entry.thin and not article.thin
    bare = link(entry, article, timedelta(days=5))
    assert bare.similarity > 0.8 and not bare.holds
    assert bare.evidence == cluster._evidence(entry, article, 5)
    assert link(replace(entry, thin=False), article, timedelta(days=5)).holds


def test_a_headline_alone_links_only_on_strong_evidence() -> None:
    """An entry that is its headline and nothing more (a news search's, a feed of titles) has a
    dozen words: their cosine with an article on the beat is chance as often as not. A French
    headline on an army brigade at the border and a German report of a soldier who crossed it
    share "army" and "border" and nothing that happened; the link held at 0.28 (the twelfth
    set, news search first: 0.68 pair precision). A headline alone needs THIN_MARGIN more;
    the same words with a text of their own link as before, and a headline still joins its own
    article. Written for the test."""
    head = "Depuis 1982, une brigade de l'armée norvégienne protégera la frontière russe"
    entry = signature(head, f"{head}  ", DOMAIN, lang="fr")
    soldier = signature(
        "Russischer Soldat überquert die Grenze nach Norwegen und bittet um Asyl",
        "Ein russischer Soldat der Armee hat die Grenze zu Norwegen bei Pasvik illegal "
        "überquert und um Asyl gebeten. Die Polizei in Finnmark nahm den Soldaten fest; sein "
        "Anwalt sagt, er wolle nicht mehr im Krieg kämpfen. Die Armee habe er verlassen.",
        DOMAIN, lang="de",
    )  # fmt: skip
    assert entry.thin and not soldier.thin
    chance = link(entry, soldier)
    assert not chance.holds, chance.why()  # since round 14 its words alone count nothing
    assert "a headline alone" in chance.why()
    assert chance.needed == pytest.approx(LINK_THRESHOLD[0] + cluster.THIN_MARGIN)
    assert link(replace(entry, thin=False), soldier).holds  # as a text would have linked
    assert pick_story_why(entry, [("soldier", soldier)]) is None
    # Through the JSON the archive keeps.
    assert Signature.from_json(json.loads(json.dumps(entry.to_json()))).thin

    headline = "Russia Threatens to Ban Norwegian Ships Over EU Fishing Sanctions"
    article = signature(
        headline,
        f"{headline}\nMoscow said on Wednesday it would close its economic zone to Norwegian "
        "fishing vessels after Oslo joined the sanctions. Ilya Shestakov of Rosrybolovstvo "
        "said the talks on quotas in Murmansk were off.",
        DOMAIN, lang="en",
    )  # fmt: skip
    assert link(signature(headline, f"{headline}  ", DOMAIN, lang="en"), article).holds


def test_a_headline_the_text_starts_with_gives_no_names() -> None:
    """An English headline capitalises every word; a page's text that starts with it, or a
    news search's entry that is the headline again, gave "Threatens", "Ships" and
    "Sanctions" as names, and two reports of other events by one outlet shared them. The
    names come from what follows it."""
    headline = "Russia Threatens to Ban Norwegian Ships Over EU Fishing Sanctions"
    entry = signature(headline, f"{headline}  ", DOMAIN, lang="en")
    assert not entry.names, entry.spelt
    page = signature(
        headline,
        f"  {headline}\n\nIlya Shestakov of Rosrybolovstvo spoke in Murmansk.",
        DOMAIN, lang="en",
    )  # fmt: skip
    spelt = set((page.spelt or {}).values())
    assert {"Shestakov", "Rosrybolovstvo", "Murmansk"} <= spelt, spelt
    assert not spelt & {"Threatens", "Ban", "Ships", "Over", "Fishing", "Sanctions"}, spelt
    assert not page.thin


def test_names_in_every_cased_script() -> None:
    """Round 10: capitals outside Latin-1 and Russian's alphabet start names too (Polish,
    Icelandic, Greek, Ukrainian). Before, "Łukasz" was read from its second letter and a
    Greek report named nothing."""
    found = cluster.names_in(
        "Στο Όσλο ο Στόλτενμπεργκ μίλησε. The mayor of Þórshöfn met Łukasz Kamiński.",
        frozenset(),
    )
    assert {"Στόλτενμπεργκ", "Þórshöfn", "Kamiński"} <= set(found.values()), found
    assert "Łukasz" not in found.values()  # a first name: the surname follows
    # One person, one key across scripts: the Greek spelling meets the Latin one.
    assert cluster.name_key("Στόλτενμπεργκ") == cluster.name_key("Stoltenberg")


def test_event_words_link_translations_that_share_no_word() -> None:
    """Three reports of one expulsion, in three languages, no name and no number in common:
    what happened (an expulsion of diplomats, told in each headline) links them the same day,
    and `archive show` says so."""
    en, no, ru = (signature(t, x, DOMAIN) for t, x in (EXPEL_EN, EXPEL_NO, EXPEL_RU))
    for a, b in ((en, no), (en, ru), (no, ru)):
        found = link(a, b, timedelta(hours=2))
        assert found.events == ("diplomat", "expel") and not found.names, found.why()
        assert found.holds, found.why()
        assert "same event words diplomat, expel" in found.why()
    # Two days apart, not a day: the same words must tell more than that.
    assert not link(no, ru, timedelta(days=2, hours=1)).holds


def test_headlines_that_tell_different_events_count_against() -> None:
    """Russia's expulsion and Norway's port closure, two days apart: the same ministry, the same
    words (0.3 similar terms), but the headlines tell two things of different kinds."""
    en, ports = signature(*EXPEL_EN, DOMAIN), signature(*PORTS_EN, DOMAIN)
    found = link(en, ports, timedelta(days=2))
    assert found.conflict and "headlines tell different events" in found.why()
    assert found.evidence == pytest.approx(
        found.similarity + cluster.EVENT_WEIGHT * len(found.events) - cluster.CONFLICT_PENALTY
    )
    assert not found.holds, found.why()
    # One kind (people crossing): a deserter who fled and one who seeks asylum may be one event.
    fled = signature("Deserter fled to Norway", "", DOMAIN)
    asylum = signature("Wagner commander seeks asylum in Norway", "", DOMAIN)
    assert not link(fled, asylum).conflict


def test_a_spy_case_is_a_persons_case_and_a_diplomatic_row() -> None:
    """A spy is of two kinds (round 33): the arrest of a spy suspect and the spy case told
    without the arrest are one event's reports; a spy case and a port closure are not."""
    spy = signature("Brazilian researcher was a Russian spy, police say", "", DOMAIN)
    arrest = signature("Man arrested at the university in Tromsø", "", DOMAIN)
    assert spy.head_events == {"spy"} and arrest.head_events == {"arrest"}
    assert not link(spy, arrest).conflict
    expel = signature(*EXPEL_EN, DOMAIN)
    assert not link(spy, expel).conflict  # a diplomatic row still
    ports = signature(*PORTS_EN, DOMAIN)
    assert link(spy, ports).conflict and link(arrest, ports).conflict


def test_country_names_are_weak_and_people_strong() -> None:
    text = "Officials from Finland and Sweden met Sergei Rogozin in Kirkenes on Monday."
    other = "Delegations from Finland and Sweden came, as did Rogozin, the minister said."
    a, b = signature("x", text, DOMAIN), signature("y", other, DOMAIN)
    found = link(a, b)
    assert found.countries == ("Finland", "Sweden") and found.names == ("Rogozin",)
    assert (
        "shared names Rogozin" in found.why() and "shared countries Finland, Sweden" in found.why()
    )
    names_part = found.evidence - found.similarity
    assert names_part == pytest.approx(cluster.NAME_WEIGHT + 2 * cluster.COUNTRY_WEIGHT)


def test_a_name_is_keyed_by_the_surname_and_short_stems_are_kept() -> None:
    # "Wagner" stems to "wagn" (three consonants, too short): the word itself keys it.
    assert name_key("Wagner") == name_key("Вагнера") is not None
    assert set(names_in("He left the Wagner-gruppen last year", DOMAIN).values()) == {"Wagner"}
    # A first name followed by the surname is left out: one person counts once.
    names = names_in("Minister Anniken Huitfeldt met Thomas Nilsen.", DOMAIN)
    assert set(names.values()) == {"Huitfeldt", "Nilsen"}


def test_similar_headlines_add_evidence_above_a_floor() -> None:
    a = signature("Wagner deserter arrested in Kirkenes", "He was held overnight.", DOMAIN)
    b = signature("Wagner deserter arrested, police say", "Police held the man.", DOMAIN)
    c = signature("Police seize drone near the airport", "Police held the man.", DOMAIN)
    found = link(a, b)
    assert found.headline >= cluster.HEADLINE_FLOOR and "similar headlines" in found.why()
    assert link(a, c).headline == 0.0  # below the floor: nothing
    back = Signature.from_json(json.loads(json.dumps(a.to_json())))
    assert back.headline == a.headline and back.events == a.events
    assert back.head_events == a.head_events == {"desert", "arrest"}


def test_alike_headlines_count_within_two_days_only() -> None:
    """Round 4: two arrests of one kind four days apart were told with alike headlines ("Norsk
    politi anholder endnu en russer" / "Norsk politi anholder person"); alike headlines are one
    wire report retold, which comes within a day or two."""
    a = signature("Wagner deserter arrested in Kirkenes", "He was held overnight.", DOMAIN)
    b = signature("Wagner deserter arrested, police say", "Police held the man.", DOMAIN)
    near, far = link(a, b, timedelta(days=2)), link(a, b, timedelta(days=4))
    assert near.headline >= cluster.HEADLINE_FLOOR and far.headline == 0.0
    assert "similar headlines" not in far.why()
    assert near.evidence - far.evidence == pytest.approx(cluster.HEADLINE_WEIGHT * near.headline)
    # pick_story_why sums the same evidence as Link: the far candidate's margin has no headline.
    found = pick_story_why(b, [("s", a, datetime(2026, 1, 1, tzinfo=UTC))],
                           datetime(2026, 1, 5, tzinfo=UTC))  # fmt: skip
    assert found is None or found.link.headline == 0.0


# Two German reports of different events (written for the test): a carrier's visit and an air
# exercise. German capitalises its nouns and its function words were no stop words.
DE_VISIT = (
    "Das Kriegsschiff der USA ist in Oslo eingetroffen und gilt als das größte Kriegsschiff. "
    "Es hat Platz für Kampfflugzeuge und Hubschrauber, und die Besatzung ist auf dem Weg nach "
    "Norden, sagte der Kommandeur Gerald Tveitan."
)
DE_EXERCISE = (
    "Die Armeen der nordischen Länder üben und die Luftwaffe ist mit Kampfflugzeuge dabei, "
    "und das Kriegsschiff ist nicht weit. Die Übung dauert bis Juni, sagte der Oberst Tesli."
)


def test_german_function_words_and_nouns_do_not_make_two_events_one() -> None:
    a = signature("Besuch in Oslo", DE_VISIT, DOMAIN, lang="de")
    b = signature("Übung im Norden", DE_EXERCISE, DOMAIN, lang="de")
    assert a.nouns and b.nouns
    assert not {"und", "die", "ist", "das"} & set(a.terms)
    found = link(a, b)
    # "Kriegsschiff" and "Kampfflugzeuge" are nouns: they weigh as countries between two German
    # texts, and say "shared countries", not "shared names".
    assert not found.names and {"Kriegsschiff", "Kampfflugzeuge"} <= set(found.countries)
    assert not found.holds, found.why()
    # Without a language the function words tell German; English text is not taken for it.
    assert signature("Besuch in Oslo", DE_VISIT, DOMAIN).nouns
    assert not signature("x", EN, DOMAIN).nouns
    # Against an English report, a capitalised word they share is a name (English capitalises
    # names only), and the flag survives the archive.
    en = signature(
        "x", "The carrier's commander Gerald Tveitan arrived in Oslo.", DOMAIN, lang="en"
    )
    assert link(a, en).names == ("Tveitan",)
    assert Signature.from_json(json.loads(json.dumps(a.to_json()))).nouns


def test_story_index_keeps_the_informative_member_when_full() -> None:
    """Round 5: a full day used to drop the member most like the newcomer, whatever its size: a
    109-character teaser of a member pushed out the article it was cut from. The more
    informative of the two (names, numbers, event words; then terms) stays."""
    day = datetime(2023, 9, 18, 8, tzinfo=UTC)
    index = StoryIndex(lambda start, end: [])
    index.candidates(day)
    full = signature("x", EN, DOMAIN)
    index.add("s", day, full)
    for i in range(cluster.MEMBERS_PER_DAY - 1):  # a full day of other members
        index.add(
            "s", day + timedelta(minutes=i + 1), signature("x", f"{RU} Обновление {i}.", DOMAIN)
        )
    teaser = signature("x", "Norway will expel members of the Russian embassy.", DOMAIN)
    index.add("s", day + timedelta(hours=1), teaser)
    members = [sig for story, sig, _ in index.candidates(day) if story == "s"]
    assert len(members) == cluster.MEMBERS_PER_DAY
    assert full in members and teaser not in members
    # The other way round, the fuller newcomer replaces the teaser it resembles most.
    index = StoryIndex(lambda start, end: [])
    index.candidates(day)
    index.add("s", day, teaser)
    for i in range(cluster.MEMBERS_PER_DAY - 1):
        index.add(
            "s", day + timedelta(minutes=i + 1), signature("x", f"{RU} Обновление {i}.", DOMAIN)
        )
    index.add("s", day + timedelta(hours=1), full)
    members = [sig for story, sig, _ in index.candidates(day) if story == "s"]
    assert full in members and teaser not in members


# The beat's vocabulary as a topic's rules would make it: the gazetteer's words (Norway, NATO)
# and the rules' own names (an aircraft, a border station).
RULED = DOMAIN | {"osprey", "storskog"}
CRASH_EN = (
    "Four U.S. Marines died when their Osprey aircraft crashed south of Bodø during a NATO "
    "exercise, the Norwegian police said on Saturday. Among them was Captain Ross Reynolds."
)
CRASH_DE = (
    "Beim NATO-Manöver in Norwegen sind vier US-Soldaten beim Absturz ums Leben gekommen. Die "
    "Maschine vom Typ Osprey war am Freitag abend südlich von Bodø vom Radar verschwunden. "
    "Unter den Toten ist Hauptmann Ross Reynolds."
)


def test_a_name_the_rules_list_counts_when_one_story_of_the_window_carries_it() -> None:
    """Round 5: the rules' own names (Osprey, added to a relevance rule) were the beat's
    vocabulary and counted for nothing; a German report of the crash then shared nothing
    with the English ones. Such a name counts when it is one story's in the window, and not
    when several stories carry it (Storskog, where every border story happens); and between
    two languages only (in one, the terms meet already)."""
    en = signature("x", CRASH_EN, RULED, lang="en")
    de = signature("x", CRASH_DE, RULED, lang="de")
    assert name_key("Osprey") in en.rule_names & de.rule_names
    assert name_key("Osprey") not in en.names  # not a plain name: it is the rules'
    assert name_key("NATO") not in en.rule_names  # the gazetteer's: never a name
    when = datetime(2022, 3, 19, 12, tzinfo=UTC)
    alone = pick_story_why(de, [("crash", en, when)], when)
    assert alone is not None and "Osprey" in alone.link.names, alone
    # A second story in the window carries the name: it says nothing about which one.
    # In one language the rules' names meet in the terms already: they are not names there.
    en_too = signature("y", CRASH_EN.replace("Four", "4"), RULED, lang="en")
    assert "Osprey" not in link(en, en_too, usable=frozenset({"ospr"})).names
    other = signature("x", "An Osprey landed at Bardufoss for an exercise.", RULED)
    assert name_key("Osprey") in other.rule_names
    both = pick_story_why(de, [("crash", en, when), ("visit", other, when)], when)
    assert both is not None and both.story == "crash"  # through the pilot's name alone
    assert "Osprey" not in both.link.names and "Reynolds" in both.link.names
    assert alone.link.evidence - both.link.evidence == pytest.approx(cluster.NAME_WEIGHT)
    assert cluster.rare_rule_names(de, [("crash", en, when), ("visit", other, when)]) == set()
    back = Signature.from_json(json.loads(json.dumps(en.to_json())))
    assert back.rule_names == en.rule_names
    # Headlines telling other things share the setting, not the event: a crash during an
    # exercise and a minister's visit to it both name the exercise (and the aircraft).
    crash = signature("Osprey-Absturz bei NATO-Manöver", CRASH_DE, RULED, lang="de")
    visit = signature("Minister visits the NATO exercise", CRASH_EN, RULED, lang="en")
    assert crash.head_events == {"crash", "exercise"} and visit.head_events == {"visit", "exercise"}
    assert "Osprey" not in link(crash, visit, usable=frozenset({"ospr"})).names


def test_a_rule_name_is_rare_or_not_as_when_the_later_of_the_two_came() -> None:
    """Round 15: a poll lists a fortnight at once, so the stories published after the newcomer
    can be in the index before it. A rule name's rarity is counted as in publication order:
    for a link with an earlier member, over the stories that carried it by the newcomer's
    time; for a later member, by that member's. Before, a Russian report of the Marines'
    landing met "Joint Viking" on a story of the week after and founded a story of its own."""
    en = signature("x", CRASH_EN, RULED, lang="en")
    de = signature("x", CRASH_DE, RULED, lang="de")
    other = signature("x", "An Osprey landed at Bardufoss for an exercise.", RULED)
    when = datetime(2022, 3, 19, 12, tzinfo=UTC)
    later = when + timedelta(days=4)
    # The crash's English report the day before; a visit naming the Osprey four days on.
    joined = pick_story_why(de, [("crash", en, when - timedelta(days=1)), ("visit", other, later)],
                            when)  # fmt: skip
    assert joined is not None and joined.story == "crash" and "Osprey" in joined.link.names
    # Had the visit been published before the German report, two stories named it by then.
    before = pick_story_why(de, [("crash", en, when - timedelta(days=1)),
                                 ("visit", other, when - timedelta(hours=2))], when)  # fmt: skip
    assert before is not None and "Osprey" not in before.link.names


def test_event_words_of_round_5_crash_cancel_and_fence_in_more_languages() -> None:
    """Round 5: a German report of the Osprey crash ("Flugzeug stürzt ... ab") shared no event
    word with the English ones but the exercise it happened in; Norwegian compounds
    ("flystyrten", "flyulykken"), Italian, Estonian and Bulgarian fences and Arabic exercises."""
    from monitor.events import events_in

    for title in (
        "Norwegen: Flugzeug stürzt bei NATO-Manöver ab",
        "Statsministeren kondolerer etter flystyrten",
        "Politiet frigir bilde fra flyulykken i Beiarn",
        "Norvegia, aereo militare precipita durante esercitazione Nato",
        "Four U.S. Marines killed in Osprey crash",
    ):
        assert "crash" in events_in(title), title
    for title in ("Norra ehitab Vene piirile tara", "Норвегия започна изграждането на стена"):
        assert "fence" in events_in(title), title
    told = events_in("إلغاء تدريبات لحلف الأطلسي شمال النروج")
    assert {"cancel", "exercise"} <= set(told)
    assert {"cancel", "exercise"} <= set(events_in("Øvelsen Cold Response er avlyst"))
    # "cancel" has no kind: a headline telling only it does not conflict with another kind.
    a = signature("Øvelsen er avlyst", "x", DOMAIN)
    b = signature("Russia expels three diplomats", "x", DOMAIN)
    assert a.head_events == {"exercise", "cancel"} and link(a, b).conflict  # military/diplomacy
    only = signature("Alt er avlyst", "x", DOMAIN)
    assert only.head_events == {"cancel"} and not link(only, b).conflict


def test_headlines_telling_the_same_things_in_two_languages_add_evidence() -> None:
    """Round 5: two headlines in two languages that tell the same event concepts, of articles
    sharing a name or a number, within two days: the headline cosine cannot see it (no word in
    common), so it adds ACROSS_WEIGHT. Not in one language (the cosine does it), not when the
    headlines tell other concepts too, not without a shared name or number (round 28: beyond
    NAMELESS_DAYS), not days later."""
    en_text = EXPEL_EN[1] + " Ambassador Robert Kristiansen was summoned."
    ru_text = EXPEL_RU[1] + " Посол Роберт Кристиансен был вызван."
    en = signature(EXPEL_EN[0], en_text, DOMAIN, lang="en")
    ru = signature(EXPEL_RU[0], ru_text, DOMAIN, lang="ru")
    assert en.head_events == ru.head_events == {"expel", "diplomat"}
    found = link(en, ru, timedelta(days=2))
    assert found.across == cluster.ACROSS_WEIGHT and "Kristiansen" in found.names
    assert "two languages" in found.why()
    assert link(en, ru, timedelta(days=3)).across == 0.0  # beyond HEADLINE_DAYS
    # Without a shared name or number, what happened alone is not enough two days apart;
    # within NAMELESS_DAYS (round 28: the morning's wire in two languages) it is.
    en_alone = signature(*EXPEL_EN, DOMAIN, lang="en")
    ru_alone = signature(*EXPEL_RU, DOMAIN, lang="ru")
    assert not en_alone.names & ru_alone.names and not en_alone.numbers & ru_alone.numbers
    assert link(en_alone, ru_alone, timedelta(days=2)).across == 0.0
    assert cluster.NAMELESS_DAYS == 1
    assert link(en_alone, ru_alone, timedelta(hours=23)).across == cluster.ACROSS_WEIGHT
    assert link(en_alone, ru_alone, timedelta(hours=25)).across == 0.0  # two days, rounded up
    # One language (nb and nn are one), or no language known: nothing.
    nb = signature(EXPEL_NO[0], EXPEL_NO[1] + " Robert Kristiansen.", DOMAIN, lang="nb")
    nn = signature(EXPEL_NO[0], EXPEL_NO[1] + " Robert Kristiansen.", DOMAIN, lang="nn")
    assert nb.lang == nn.lang == "no" and link(nb, nn).across == 0.0
    assert link(signature(EXPEL_EN[0], en_text, DOMAIN), ru).across == 0.0
    # A headline telling more (a port closure besides) is another account.
    more = signature("Россия высылает дипломатов и закрывает порты", ru_text, DOMAIN, lang="ru")
    assert link(en, more).across == 0.0
    # Kept in the archive: the language is part of the stored signature.
    assert Signature.from_json(json.loads(json.dumps(ru.to_json()))).lang == "ru"
    # pick_story_why sums the same evidence as Link.
    when = datetime(2026, 1, 3, tzinfo=UTC)
    joined = pick_story_why(ru, [("s", en, when - timedelta(days=1))], when)
    assert joined is not None and joined.link.across == cluster.ACROSS_WEIGHT


# Round 7 (written for the test): a Norwegian court sends a Russian to prison for flying over
# an airport, told in Russian and in German with no name, no number and no cognate in common.
COURT_RU = (
    "Норвежский суд приговорил россиянина к тюрьме",
    "Окружной суд на севере Норвегии приговорил гражданина России к тюремному заключению. "
    "Мужчина летал над аэропортом, где базируются самолеты береговой охраны. Прокурор "
    "требовал более строгого наказания, адвокат считает приговор слишком суровым. Полиция "
    "задержала мужчину осенью у аэропорта.",
)
COURT_DE = (
    "Norwegisches Gericht verurteilt Russen zu Gefängnis",
    "Ein Gericht in Nordnorwegen hat einen russischen Staatsbürger zu einer Haftstrafe "
    "verurteilt. Der Mann war über den Flughafen geflogen, auf dem Flugzeuge der "
    "Küstenwache stationiert sind. Die Staatsanwaltschaft hatte eine härtere Strafe "
    "gefordert, sein Anwalt hält das Urteil für zu hart. Die Polizei hatte ihn im Herbst am "
    "Flughafen festgenommen.",
)
# Another event on the beat, told in German: it shares the concepts of the airport and the
# police with the court case, and the border, the war and security with many stories.
QUEUE_DE = (
    "Lange Schlangen am Grenzübergang nach Norwegen",
    "Am einzigen Grenzübergang zwischen Russland und Norwegen warten Reisende stundenlang. "
    "Touristen, Busse und Lastwagen stehen in der Kälte; die Grenzpolizei kontrolliert jeden "
    "Wagen. Seit dem Krieg fliegen keine Flugzeuge mehr vom Flughafen Murmansk nach Westen, "
    "so bleibt nur die Straße. Die Sicherheit an der Grenze sei wichtiger als die Wartezeit.",
)


def test_content_words_are_one_concept_across_languages_and_compounds() -> None:
    from monitor.concepts import concepts_in, concepts_of

    for word in ("airport", "flyplassen", "lufthavn", "Flughafen", "аэропорту", "lotnisko"):
        assert "airport" in concepts_of(word), word
    for word in ("kystvakta", "Kystvagten", "Küstenwache", "береговой", "kystvaktfartøyet"):
        assert "coastguard" in concepts_of(word), word
    assert "checkpoint" in concepts_of("grenseovergangen") == concepts_of("grenseovergangen")
    assert {"svalbard"} == set(concepts_in(["Svalbard", "Шпицбергене", "Spitzbergen"]))
    # Whole words and starts of words only where a word means it: "fly" is the Norwegian
    # aircraft, "flyktning" is not; "most" is no bridge, "important" no trade, "Navalnyj" no
    # navy, "поездка" (a trip) no train.
    for word, concept in (("fly", "aircraft"), ("flyet", "aircraft"), ("мост", "bridge")):
        assert concept in concepts_of(word), word
    for word, concept in (("flyktning", "aircraft"), ("most", "bridge"),
                          ("important", "trade"), ("Navalnyjs", "navy"),
                          ("поездке", "rail")):  # fmt: skip
        assert concept not in concepts_of(word), word


def test_content_words_link_two_languages_that_share_no_word_name_or_number() -> None:
    """Round 7: a Russian and a German report of one court case share no name, no number and
    no cognate, and one event word (convict): 0.07 of the 0.20 needed the same day. Their
    content words (court, prison, citizen, airport, coast guard, prosecutor, lawyer, police)
    are one concept each: the concept vectors' cosine above CONCEPT_FLOOR adds the rest."""
    from monitor.concepts import CONCEPT_FLOOR

    ru = signature(*COURT_RU, DOMAIN, lang="ru")
    de = signature(*COURT_DE, DOMAIN, lang="de")
    found = link(ru, de, timedelta(hours=5))
    assert not found.names and not found.numbers and found.similarity < 0.1
    assert found.concepts > CONCEPT_FLOOR + 0.3 and found.holds, found.why()
    assert "same content words across languages" in found.why()
    # pick_story_why sums the same evidence as Link.
    when = datetime(2026, 1, 3, tzinfo=UTC)
    joined = pick_story_why(de, [("s", ru, when - timedelta(hours=5))], when)
    assert joined is not None and joined.link.concepts == found.concepts
    # Kept in the archive: the concepts are part of the stored signature.
    back = Signature.from_json(json.loads(json.dumps(ru.to_json())))
    assert back.concepts == ru.concepts and link(back, de).concepts == found.concepts
    # In one language the terms meet already: the concepts are not counted twice.
    assert link(de, signature(*COURT_DE, DOMAIN, lang="de")).concepts == 0.0
    assert link(signature(*COURT_RU, DOMAIN), de).concepts == 0.0  # a language unknown


def test_content_words_shared_by_two_events_on_one_beat_do_not_link_them() -> None:
    """Another event on the beat in another language (a queue at the border crossing) shares
    the airport and the police with the court case, and the beat's own subjects (the border,
    the war, security) with everything: not enough, the same day."""
    ru = signature(*COURT_RU, DOMAIN, lang="ru")
    queue = signature(*QUEUE_DE, DOMAIN, lang="de")
    assert ru.concepts and queue.concepts
    assert {"airport", "police"} <= ru.concepts.keys() & queue.concepts.keys()
    assert not link(ru, queue).holds, link(ru, queue).why()
    # The beat's subjects alone give nothing, however alike the two vectors are.
    beat_ru = signature(
        "Граница и безопасность", "Война, граница, безопасность.", DOMAIN, lang="ru"
    )
    beat_de = signature("Grenze und Sicherheit", "Krieg, Grenze, Sicherheit.", DOMAIN, lang="de")
    assert beat_ru.concepts and beat_de.concepts
    assert beat_ru.concepts.keys() == beat_de.concepts.keys() == {"war", "border", "security"}
    assert link(beat_ru, beat_de).concepts == 0.0


def test_content_words_days_apart_need_headlines_telling_the_same_things() -> None:
    """Beyond HEADLINE_DAYS the concepts count only between headlines telling the same event
    concepts (or one telling none): an Osprey crash "during the exercise" is told in the
    exercise's words, six days after the exercise began."""
    ru = signature(*COURT_RU, DOMAIN, lang="ru")
    de = signature(*COURT_DE, DOMAIN, lang="de")
    assert ru.head_events == de.head_events == {"convict"}
    assert link(ru, de, timedelta(days=4)).concepts > 0.0
    other = signature("Норвежский суд приговорил и высылает россиянина", COURT_RU[1], DOMAIN,
                      lang="ru")  # fmt: skip
    assert other.head_events == {"convict", "expel"}
    assert link(other, de, timedelta(days=2)).concepts > 0.0
    assert link(other, de, timedelta(days=3)).concepts == 0.0


def test_a_german_function_word_is_not_an_english_concept() -> None:
    from monitor.concepts import concepts_in

    assert "war" in concepts_in(["The", "war", "in", "Ukraine"], "en")
    assert "war" not in concepts_in(["Der", "Mann", "war", "in", "Haft"], "de")
    assert "war" in concepts_in(["Der", "Krieg"], "de")


# An exercise and an incident during it, written for the test: the crash report retells the
# exercise's setting (its troops, nations, ships and aircraft), as every report of it does.
SETTING_DE = (
    "Mit 30000 Soldaten aus 27 Nationen probt die NATO in Norwegen die Verteidigung des Nordens. "
    "Rund 200 Flugzeuge und 50 Schiffe sind an dem Manöver beteiligt, sagte ein Sprecher."
)
SETTING_CRASH_DE = (
    "Ein amerikanisches Kipprotorflugzeug ist bei Bodø abgestürzt, vier Besatzungsmitglieder "
    "werden vermisst. Die Suche im Gebirge wurde wegen Schneesturms unterbrochen, teilte die "
    "Rettungsleitstelle mit. An der Übung nehmen 30000 Soldaten aus 27 Nationen teil, mit 200 "
    "Flugzeugen und 50 Schiffen."
)


def test_numbers_days_apart_need_headlines_telling_the_same_things() -> None:
    """Round 8: an incident during an exercise retells the exercise's numbers ("30 000
    soldiers from 27 nations"), which joined an Osprey crash to Cold Response's coverage four
    to seven days after it began. Beyond SETTING_DAYS the numbers count only when neither
    headline tells an event concept the other article never tells (the exercise's reports
    never tell the crash); within a day, as before. Round 32: two days apart is beyond (the
    Osprey crash came two days after the exercise's Russian report)."""
    exercise = signature("NATO übt die Verteidigung Norwegens", SETTING_DE, DOMAIN, lang="de")
    crash = signature("Flugzeug stürzt bei NATO-Manöver ab", SETTING_CRASH_DE, DOMAIN, lang="de")
    assert crash.head_events == {"crash", "exercise"} and exercise.head_events != crash.head_events
    assert {"27", "30000"} <= exercise.numbers & crash.numbers
    assert set(link(exercise, crash, timedelta(days=1)).numbers) >= {"27", "30000"}
    assert link(exercise, crash, timedelta(days=2)).numbers == ()
    days_on = link(exercise, crash, timedelta(days=7))
    assert days_on.numbers == () and not days_on.holds
    # A later report of the exercise itself keeps them.
    later = signature("NATO übt die Verteidigung Norwegens", SETTING_CRASH_DE, DOMAIN, lang="de")
    kept = link(exercise, later, timedelta(days=7))
    assert set(kept.numbers) >= {"27", "30000"} and kept.holds


# Round 27: the content-word table in the news forms of languages it had few or none of
# (docs/lexicon-27/). Each word is a concept now and was none before (or, as "piirivalve", the
# border only); the helpers' own warnings are guarded below.
ROUND_27_CONCEPTS = (
    ("해안경비대", "coastguard"), ("석방", "free"), ("국경", "border"), ("釈放", "free"),
    ("容疑", "suspect"), ("会談", "talks"), ("vapautettiin", "free"), ("lennujaam", "airport"),
    ("landhelgisgæslan", "coastguard"), ("flugvöllinn", "airport"), ("kustwacht", "coastguard"),
    ("propuštěn", "free"), ("eliberat", "free"), ("liberado", "free"),
    ("guardacostas", "coastguard"), ("libéré", "free"), ("libertado", "free"),
    ("звільнено", "free"), ("аеропорт", "airport"), ("летище", "airport"),
    ("aerodrom", "airport"), ("أفرج", "free"),
)  # fmt: skip


@pytest.mark.parametrize(("word", "concept"), ROUND_27_CONCEPTS)
def test_content_words_in_the_languages_the_table_lacked(word: str, concept: str) -> None:
    from monitor.concepts import concepts_of

    assert concept in concepts_of(word)


# Forms the helpers warned of (another common sense in their language), left out: a market is
# no mayor (Korean 시장), "together" no Sami (Dutch "samen"), "years" no flight (Czech "let"),
# "came" no fire (Finnish "tuli"), "here" no army (Icelandic "her"), "now" no USA (Croatian
# "sad"), a theft no flight (French "vol"), "publish" no deployment (Arabic نشر), a structure
# no rescue (Korean 구조).
@pytest.mark.parametrize(
    ("word", "concept"),
    [("시장", "mayor"), ("samen", "minority"), ("let", "flight"), ("tuli", "fire"),
     ("her", "army"), ("sad", "us"), ("vol", "flight"), ("نشر", "deploy"), ("구조", "rescue")],
)  # fmt: skip
def test_content_words_leave_the_forms_their_writers_warned_of(word: str, concept: str) -> None:
    from monitor.concepts import concepts_of

    assert concept not in concepts_of(word)


# Round 35: Hindi, Hebrew, Greek, Hungarian and Azerbaijani content words (each none before),
# and the forms their stems were cut to leave: a decision is no border ("határozat"), exceeding
# no death ("meghaladja"), a submarine no sea ("tengeralattjáró"), an escort no summit
# ("συνοδεία"), the negative no denial, a territory no criticism, an annoyance no guilt, the
# residential (Hindi "रिहायशी") no release.
ROUND_35_CONCEPTS = (
    ("सीमा", "border"), ("पुलिस", "police"), ("गिरफ्तारी", None), ("अदालत", "court"),
    ("בגבול", "border"), ("המשטרה", "police"), ("החשוד", "suspect"), ("ממשלת", "government"),
    ("συμμαχία", "alliance"), ("απειλή", "threat"), ("πρωθυπουργός", "prime-minister"),
    ("határon", "border"), ("rendőrség", "police"), ("repülőtér", "airport"),
    ("sərhədi", "border"), ("hökuməti", "government"), ("ittiham", "accuse"),
)  # fmt: skip


# Round 36: the militarisation (of Svalbard) and the unfriendly in each language's word,
# Icelandic content words in their news forms and Serbian ones; the German "militärisch"
# (military) is none, the Faroese "løgmaður" (the prime minister) no lawyer.
ROUND_36_CONCEPTS = (
    ("militarisation", "militarise"), ("militarizing", "militarise"),
    ("Militarisierung", "militarise"), ("militariseringen", "militarise"),
    ("милитаризации", "militarise"), ("militarización", "militarise"),
    ("hervæðingu", "militarise"), ("demilitarised", "militarise"), ("militärische", None),
    ("þotur", "aircraft"), ("samningi", "agreement"), ("lögsögu", "sovereignty"),
    ("Bretar", "uk"), ("lögmaður", "lawyer"),
    ("недружественных", "unfriendly"), ("unfriendly", "unfriendly"), ("비우호국", "unfriendly"),
    ("odbrane", "defence"), ("američki", "us"), ("zapretila", "threat"),
)  # fmt: skip


@pytest.mark.parametrize(("word", "concept"), ROUND_35_CONCEPTS + ROUND_36_CONCEPTS)
def test_content_words_of_each_rounds_languages(word: str, concept: str | None) -> None:
    from monitor.concepts import concepts_of

    assert (concept in concepts_of(word)) if concept else not concepts_of(word)


@pytest.mark.parametrize(
    ("word", "concept"),
    [
        ("határozat", "border"),
        ("meghaladja", "death"),
        ("tengeralattjáró", "sea"),
        ("συνοδεία", "summit"),
        ("αρνητικός", "deny"),
        ("επικράτεια", "criticize"),
        ("ενόχληση", "guilty"),
        ("रिहायशी", "free"),
        # Round 36: the Turkish "güvenlik" (security) holds the Norwegian "uvennlig"; the
        # Swedish "ovanlig" is unusual; hostilities are a war, not a hostile act.
        ("güvenliğine", "unfriendly"),
        ("ovanligt", "unfriendly"),
        ("hostilities", "unfriendly"),
    ],
)
def test_content_stems_leave_their_languages_other_words(word: str, concept: str) -> None:
    from monitor.concepts import concepts_of

    assert concept not in concepts_of(word)


def test_the_faroese_prime_minister_is_no_lawyer() -> None:
    from monitor.concepts import concepts_in

    assert "lawyer" not in concepts_in(["Løgmaður", "Føroya"], "fo")
    assert "lawyer" in concepts_in(["lögmaður", "hans"], "is")


def test_a_hebrew_report_shares_content_words_with_an_english_one() -> None:
    """Round 35: a Hebrew report of an arrest on the border shared no content word with the
    English one (the event words it had): its concept vector was empty."""
    he = signature("נעצר חשוד בריגול", "המשטרה הנורבגית עצרה חשוד ליד הגבול עם רוסיה.", DOMAIN,
                   lang="he")  # fmt: skip
    en = signature("Spy suspect arrested", "Norwegian police arrested a suspect near the border "
                   "with Russia.", DOMAIN, lang="en")  # fmt: skip
    assert {"police", "suspect", "border"} <= set(he.concepts or {})
    assert cluster._concepts(he, en) > 0.5


def test_round_27_content_stems_match_no_word_of_another_languages_items() -> None:
    """Each round-27 stem was kept only where it starts (or, in Arabic, is inside) no word of a
    labelled item in another language: the Turkish "silah" is an Azerbaijani word too, the
    Icelandic "konse" a Norwegian one. Checked on the sets there were when the table was
    written (up to the twenty-seventh); a later set's words are for the next round to read."""
    from monitor import concepts
    from monitor.lexicon import Lexicon
    from monitor.text import fold, words

    families = {
        "_KOREAN_TURKISH_JAPANESE_ARABIC_27": {"ko", "tr", "ja", "ar"},
        "_FINNISH_ESTONIAN_ICELANDIC_27": {"fi", "et", "is"},
        "_DUTCH_CZECH_ROMANIAN_27": {"nl", "cs", "ro"},
        "_ITALIAN_SPANISH_FRENCH_27": {"it", "es", "fr"},
        "_PORTUGUESE_UKRAINIAN_BULGARIAN_CROATIAN_27": {
            "pt",
            "uk",
            "bg",
            "mk",
            "hr",
            "sr",
            "bs",
            "sl",
            "me",
        },
    }
    # The files there were (3f5c66f): a set gathered since (the twenty-eighth to the thirtieth
    # so far) would make this a check of words nobody had read when the stems were chosen.
    names = [f"{n}_corpus.jsonl" for n in (
        "relevance", "fresh", "unseen", "fourth", "fifth", "sixth", "seventh", "eighth",
        "ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth",
        "sixteenth", "seventeenth", "eighteenth", "nineteenth", "twentieth", "twentyfirst",
        "twentysecond", "twentythird", "twentyfourth", "twentyfifth", "twentysixth",
        "twentyseventh")]  # fmt: skip
    assert all((BENCH_DATA / n).exists() for n in names)
    langs_of: dict[str, set[str]] = {}
    for row in labelled_rows(*names).values():
        lang = str(row.get("lang") or "").split("-")[0].lower()
        for word in words(f"{row.get('title', '')}\n{row.get('text', '')}"):
            langs_of.setdefault(fold(word), set()).add(lang)
    found = []
    for name, family in families.items():
        of = Lexicon(getattr(concepts, name)).of
        found += [(name, w, sorted(ls)) for w, ls in langs_of.items()
                  if of(w) and ls - family - {""} and w not in SAME_IN_CHINESE]  # fmt: skip
    assert not found, found[:10]


# Round 28: Han characters are read in simplified form (``text.han_form``), and three Japanese
# stems of round 27 then meet Chinese words (four spellings), read one by one: talks (会談), a
# treaty (条約), a route opened (開通) mean the same in both languages. Any other meeting still
# fails the test.
SAME_IN_CHINESE = frozenset({"會談", "会谈", "条约", "开通"})


@pytest.mark.parametrize("table", ["events", "concepts"])
def test_no_stem_is_covered_by_another_of_its_concept(table: str) -> None:
    """A stem another stem of its concept already finds ("посольств" beside "посол", "ubung"
    beside "~ubung", a word listed twice) changes nothing but the table's length: rounds 25-27
    added shorter or compound stems beside older ones, and the older ones were dropped (round
    27, every labelled set's words told the same concepts after as before)."""
    from monitor.concepts import CONCEPTS
    from monitor.events import EVENT_WORDS
    from monitor.lexicon import covers, parse_stem

    found = []
    for concept, stems in (EVENT_WORDS if table == "events" else CONCEPTS).items():
        listed = [parse_stem(raw) for raw in stems.split()]
        for i, stem in enumerate(listed):
            if any(covers(other, stem) for j, other in enumerate(listed) if j != i):
                found.append((concept, stem[1]))
    assert not found, found[:10]


def test_one_report_in_traditional_and_simplified_characters_tells_the_same_terms() -> None:
    """Round 28: Hong Kong and Taiwanese outlets and the broadcasters' Chinese services write
    the mainland's wire in traditional characters, and a term differing in one character is
    another pair ("漁業協議", "渔业协议"): two reports of one fisheries agreement shared 1% of
    their terms. Han characters are compared in simplified form (``text.han_form``), in the
    terms and in the tables' look-ups alike, so a Japanese kanji stem ("防衛") still meets
    Japanese text. Written for the test."""
    from monitor.similar import term_key
    from monitor.text import han_form

    simple = ("挪威与俄罗斯达成2026年渔业协议", "两国代表在莫斯科签署协议，确定鳕鱼配额。")
    classic = ("挪威與俄羅斯達成2026年漁業協議", "兩國代表在莫斯科簽署協議，確定鱈魚配額。")
    a = signature(*simple, DOMAIN, lang="zh")
    b = signature(*classic, DOMAIN, lang="zh-TW")
    assert a.terms == b.terms and a.events == b.events and a.concepts == b.concepts
    assert "fish" in a.events
    found = link(a, b, timedelta(days=4))
    assert found.similarity > 0.99 and found.holds, found.why()
    assert term_key("漁業") == term_key("渔业") == "渔业"
    assert han_form("Norway") == "Norway" and han_form("ノルウ") == "ノルウ"
    # A Japanese stem in kanji the simplified table writes otherwise still tells its concept.
    ja = signature("ロシア軍艦がノルウェー沖を航行", "防衛省が発表した。", DOMAIN, lang="ja")
    assert "warship" in ja.head_events and "defence" in (ja.concepts or {})


def test_indonesian_forms_that_are_other_languages_words_are_left_out() -> None:
    """Folded, "pagar" (a fence) is the Norwegian "pågår", "laut" (the sea) the German
    "according to", and "batal" (cancelled) is inside the Nordic "bataljon"."""
    from monitor.concepts import concepts_of
    from monitor.events import events_in

    assert events_in("Øvelsen pågår i Finnmark med en bataljon fra Porsanger") == {"exercise": 1}
    assert "sea" not in concepts_of("laut")
    # The Arabic bicycle's root was inside a listing too (the thirty-second set, BK014).
    assert "bicycle" not in events_in("النرويج ترد على إدراج روسيا لها ضمن الدول غير الصديقة")
    assert "bicycle" in events_in("لاجئون يعبرون الحدود بالدراجات إلى النرويج")
    assert {"threat", "deploy"} <= set(concepts_of("mengancam")) | set(concepts_of("dikerahkan"))


def test_an_indonesian_report_of_an_expulsion_joins_the_norwegian_one() -> None:
    """The thirty-seventh set: Russia expelling a Norwegian diplomat in answer to Norway, told
    the same day by VG (BU004) and in Indonesian by Republika (BU048). Before round 34 the
    Indonesian headline told the diplomat only and the link failed (0.17)."""
    rows = labelled_rows("thirtyseventh_corpus.jsonl")

    def sig(rid: str) -> cluster.Signature:
        r = rows[rid]
        return cluster.signature(str(r["title"]), str(r["text"]), DOMAIN, lang=str(r["lang"]))

    found = cluster.link(sig("BU048"), sig("BU004"))
    assert {"expel", "diplomat"} <= set(found.events) and found.holds, found


def test_vietnamese_is_read_two_syllables_at_a_time() -> None:
    """Round 34 (``lexicon.SYLLABIC``): a Vietnamese word is two syllables ("tàu ngầm", a
    submarine), and a syllable alone is often another language's word once folded ("bàn", a
    table, was the English "ban"; "trên", on, a Romance train). Written for the test; BS010's
    headline is the thirty-sixth set's."""
    from monitor.concepts import concepts_in
    from monitor.events import events_in
    from monitor.text import words

    assert {"expel", "diplomat"} <= set(events_in("Na Uy trục xuất nhà ngoại giao Nga", lang="vi"))
    assert {"submarine", "nuclear"} <= set(events_in("Tàu ngầm hạt nhân Nga gần Na Uy", lang="vi"))
    told = events_in("NATO tập trận gần biên giới Nga, GPS bị gây nhiễu", lang="vi")
    assert {"exercise", "jamming", "gps"} <= set(told) and told["gps"] == 1
    assert concepts_in(words("Bàn tròn trên tàu"), "vi") == {}
    assert "ban" in concepts_in(words("bàn"), "en")  # the same word, read as English
    # In other languages nothing changes: the words are read one at a time.
    assert "submarine" in events_in("Russian submarine off Norway", lang="en")


@pytest.mark.parametrize("table", ["events", "concepts"])
def test_every_syllable_pair_entry_is_a_whole_word(table: str) -> None:
    """A syllabic language's items are looked up as pairs, whole (``Lexicon.told``): an entry
    joined by "_" and not marked "$" is filed as a word's start or a compound part and never
    matches anything (round 35: a guard for the next language added)."""
    from monitor.concepts import CONCEPTS
    from monitor.events import EVENT_WORDS

    table_of = EVENT_WORDS if table == "events" else CONCEPTS
    paired = [s for v in table_of.values() for s in v.split() if "_" in s]
    assert paired  # the Vietnamese entries are there
    assert not [s for s in paired if not s.endswith("$")], paired[:10]


@pytest.mark.parametrize(
    ("told", "headline", "lang"),
    [
        ({"spy", "arrest"}, "रूस के जासूस को नॉर्वे में गिरफ़्तार किया गया", "hi"),
        ({"drone"}, "डेनमार्क के बाद नॉर्वे के एयरपोर्ट पर देखे गए ड्रोन", "hi"),  # BA047's headline
        ({"expel", "diplomat", "spy"}, "נורווגיה גירשה דיפלומטים רוסים בחשד לריגול", "he"),
        ({"intercept"}, "מטוסי F-35 נורבגיים יירטו מטוסי ביון רוסיים", "he"),
        (set(), "הוא נמלט מהנמל למרגלות ההר; מידע בסיסי", "he"),  # fled, foot of a hill, basic
    ],
)
def test_hindi_and_hebrew_headlines_tell_their_events(
    told: set[str], headline: str, lang: str
) -> None:
    """Round 34: the event table in Hindi and Hebrew, written from the languages (Hebrew
    stems inside a word for its prefixes, whole words where a stem is inside another word)."""
    from monitor.events import events_in

    found = set(events_in(headline, lang=lang))
    assert told <= found and (told or not found - {"port"}), found


def test_ukrainian_troops_led_out_are_withdrawn_marines() -> None:
    """Round 34: the thirty-sixth set's Ukrainian report of the US Marines leaving Norway (BT015)
    told no event beside the Korean and Russian reports of it; the Russian "вывод" (also a
    conclusion) is left out."""
    from monitor.events import events_in

    told = events_in("Сполучені Штати виводять морських піхотинців з Норвегії", lang="uk")
    assert {"withdraw", "marines"} <= set(told), told
    assert "withdraw" not in events_in("Эксперты сделали вывод о переговорах", lang="ru")
