"""Relevance that generalises (issue #28): bounded vetoes, negative topics, the beat without
the country's name, Nynorsk, Danish, Swedish and Russian forms, short teasers, false friends.

Written cases: each names the class of the issue it holds. The corpus figures are held by
tests/test_quality.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.cli import main
from monitor.config import RuleConfig, TopicConfig, load_config
from monitor.match import SCORE_LINE, Matcher, score_lines
from tests.conftest import FIRST_SETS, OFF_TOPIC, labelled_rows, rss, write_config
from tests.outlet import OutletServer

ROOT = Path(__file__).parent.parent
BEAT = Matcher(load_config(ROOT / "sources.toml", {}).topics)

NOR_RUS = RuleConfig(
    "nor-rus", all_of=(("Norway",), ("Russia", "Russian")), none_of=("football",), weight=2
)
KIRKENES = (
    "Kirkenes sits a few kilometres from the border with Russia. For decades the two sides "
    "met often: football and ice hockey teams played one another, and Norway and Russia ran "
    "a visa-free zone for border residents. Then Russia invaded Ukraine. The garrison on the "
    "Kola Peninsula emptied as Russian troops went south, Norway tightened the crossing at "
    "Storskog, and NATO exercises moved closer. Russian trawlers still call at the port, but "
    "Norway has barred most of them, and Russia calls the sanctions hostile."
)


def topic(*rules: RuleConfig, threshold: float = 4.0) -> Matcher:
    return Matcher([TopicConfig("t", "T", rules, threshold=threshold, title_weight=2.0)])


def test_one_incidental_word_demotes_but_does_not_cancel_a_page() -> None:
    """Class 1: none_of takes the negative subject's share of the rule's evidence."""
    (m,) = topic(NOR_RUS, threshold=1).score("A border town", KIRKENES)
    demoted = [h for h in m.hits if "demoted by none_of" in h.rule]
    assert m.matched and demoted and demoted[0].terms == ("football",)
    assert -2 < demoted[0].points < 0  # a share of the rule's 2 points, not all of them
    assert m.score == round(2 + demoted[0].points, 3)


def test_thin_evidence_is_still_cancelled_by_none_of() -> None:
    (m,) = topic(NOR_RUS, threshold=1).score("Norway and Russia", "a football friendly")
    assert m.score == 0 and not m.matched
    assert any("cancelled by none_of" in h.rule for h in m.hits)  # said in the explanation


def test_negative_topic_demotes_by_its_share_of_the_text() -> None:
    energy = RuleConfig("energy market", any_of=("gas", "Gazprom"), weight=-3)
    m = topic(NOR_RUS, energy, threshold=2)
    # In the title: the whole weight, twice (title_weight).
    (t,) = m.score("Norway overtakes Russia's Gazprom", "")
    assert not t.matched and t.score == 4 - 6
    # One incidental mention in a text about the border: a third of the weight.
    (one,) = m.score("Norway and Russia", "Talks on the border; gas was not discussed.")
    assert one.matched and one.score == 4 - 1
    # Three mentions or more: the whole weight.
    (many,) = m.score("Norway and Russia", "gas, gas and more gas: Gazprom's exports fell.")
    assert many.score == 4 - 3


def test_negative_rules_do_not_widen_the_pre_filter() -> None:
    energy = RuleConfig("energy market", any_of=("Gazprom",), weight=-3)
    m = topic(NOR_RUS, energy)
    assert not m.may_match("Gazprom results", "Gazprom's profit fell.")
    assert m.may_match("Norway", "")


def test_the_pre_filter_wants_all_of_a_rule_s_lists_but_one() -> None:
    """A feed's summary may lack one of a rule's lists (the article names Russia), not two:
    "airport" beside a drone and Norway's cities is in much of the news, and an entry naming
    it alone had its page fetched and analysed (round 24: bench/run.py's first cycle ran ten
    times slower, its farm's news naming airports)."""
    airports = RuleConfig(
        "drones at airports", all_of=(("drone",), ("airport",), ("Oslo", "Norway")), weight=2
    )
    m = topic(NOR_RUS, airports)
    assert not m.may_match("Airport strike", "Workers at the airport stopped work at noon.")
    assert m.may_match("Airport closed", "A drone was seen near the runway.")
    assert m.may_match("Drone over Oslo airport", "Flights were diverted.")
    assert m.may_match("Norway", "")  # NOR_RUS: one of two lists
    text = " ".join(["government airport budget harbour council weather"] * 50)
    assert not BEAT.may_match("Airport budget council", text, None, "en")


@pytest.mark.parametrize(
    ("term", "text", "lang"),
    [
        ("Rusland", "Ruslands ambassadør blev kaldt ind", "da"),
        ("grænse", "ved grænsen til Rusland", "da"),
        ("Ryssland", "Rysslands ambassadör kallades upp", "sv"),
        ("rysk", "ett ryskt fartyg", "sv"),
    ],
)
def test_danish_and_swedish_items_are_stemmed_in_their_language(
    term: str, text: str, lang: str
) -> None:
    m = topic(RuleConfig("r", any_of=(term,), weight=4))
    assert m.matches("", text, lang), (term, text)
    assert m.may_match("", text, None, lang)  # the pre-filter sees the same stems


def test_the_swedish_stem_is_what_finds_these_forms() -> None:
    m = topic(RuleConfig("r", any_of=("rysk", "gräns"), weight=4))
    assert not m.matches("", "ett ryskt fartyg vid gränsen")  # the Norwegian stem misses both
    (hit,) = m.matches("", "ett ryskt fartyg vid gränsen", "sv-SE")
    assert hit.hits[0].terms == ("rysk", "gräns")


EQUINOR = {
    "title": "Norwegian company Equinor overtakes Russia's Gazprom in gas supply to Europe",
    "link": "https://outlet.example/energy/equinor",
    "guid": "e-1",
    "description": "Norway's Equinor has become Europe's largest gas supplier, replacing "
    "Russia's Gazprom as pipeline flows from Russia fell; gas prices eased as Norwegian "
    "exports rose to a record, the company said.",
}
KIRKENES_ITEM = {
    "title": "Kirkenes, a border town between two worlds",
    "link": "https://outlet.example/features/kirkenes",
    "guid": "k-1",
    "description": KIRKENES,
}


def test_archive_show_says_why_in_words(
    tmp_path: Path, outlet: OutletServer, capsys: pytest.CaptureFixture[str]
) -> None:
    """Classes 1 and 6 through the CLI: the feature on Kirkenes is in despite "football";
    the gas-market item is out, and `monitor archive show` names what weighed most."""
    bakery = {"title": "Bakery wins prize", "link": "https://outlet.example/b", "guid": "b-1",
              "description": "The jury praised its cinnamon buns and rye bread."}  # fmt: skip
    url = outlet.route("/feed.xml", rss([KIRKENES_ITEM, EQUINOR, OFF_TOPIC, bakery]))
    cfg = write_config(tmp_path / "sources.toml", [{"name": "N", "url": url}])
    assert main(["--config", str(cfg), "poll", "--once"]) == 0
    capsys.readouterr()
    shown = {}
    for n in (5, 6, 7, 8):
        assert main(["--config", str(cfg), "archive", "show", str(n)]) == 0
        out = capsys.readouterr().out
        shown[out.splitlines()[0].split("  ", 1)[1]] = out
    kirkenes, equinor = shown[KIRKENES_ITEM["title"]], shown[EQUINOR["title"]]
    assert "on topic:   yes" in kirkenes
    assert "why: in: score" in kirkenes and "for: " in kirkenes
    assert "demoted by none_of" in kirkenes and "football" in kirkenes
    assert "on topic:   no" in equinor
    why = next(line for line in equinor.splitlines() if "why:" in line)
    assert why.strip().startswith("why: out: score")
    assert "against: energy markets (not the beat) (" in why and "Gazprom" in why
    assert "Norway with Russia" in why  # what spoke for it is named too
    assert "against: seafood trade (not the beat) (" in shown[OFF_TOPIC["title"]]
    off = shown[bakery["title"]]
    assert "why:        out: not one term of any topic's rules occurs in it" in off


def test_the_pre_filter_stays_exact_on_the_corpus() -> None:
    """may_match never drops an item the rules match, in any of the corpus's languages (with
    Danish and Swedish stems, negative topics and the gazetteer): 411 real items."""
    rows = list(labelled_rows("relevance_corpus.jsonl").values())
    fresh = Matcher(load_config(ROOT / "sources.toml", {}).topics)
    passed = 0
    for r in rows:
        may = fresh.may_match(r["title"], r["text"], None, r["lang"])
        assert may or not fresh.matches(r["title"], r["text"], r["lang"]), r["id"]
        passed += may
    assert 0 < passed < len(rows)


BORDER = RuleConfig(
    "border", all_of=(("border", "grensa"), ("Russia", "Russland")), none_of=("football",),
    title_none_of=("Finland",), weight=2,
)  # fmt: skip


def test_a_title_naming_another_subject_cancels_the_rule() -> None:
    """Whose border: a title that names another country (title_none_of) says the item is
    about that one; the rule is cancelled wherever it fired, however long the text."""
    m = topic(BORDER, threshold=4)
    page = "The border with Russia is closed. " * 6
    (finland,) = m.score("Finland closes its border with Russia", page)
    assert finland.score == 0 and not finland.matched
    (hit,) = [h for h in finland.hits if "the title names another subject" in h.rule]
    assert hit.terms == ("Finland",) and hit.where == "title" and hit.points == -4
    (text,) = m.score("Finland's new crossings", page)  # the rule fired in the text alone
    assert text.score == 0 and any("another subject" in h.rule for h in text.hits)
    # In the text a neighbour is context: no demotion by title_none_of; none_of's share stays.
    (norway,) = m.score("Norway closes its border with Russia", page + "As Finland did.")
    assert norway.matched and norway.score == 4 and len(norway.hits) == 1
    (sport,) = m.score("Norway closes its border with Russia", page + "No football.")
    assert 3 < sport.score < 4 and -1 < sport.hits[-1].points < 0  # none_of: a share, as before


@pytest.mark.parametrize(
    ("title", "text", "matched"),
    [
        # Written for this test, one per class (issue #28): another country's border or
        # expulsion without Norway is out, Norway's own is in.
        ("Finland stenger heile grensa mot Russland",
         "Regjeringa i Helsingfors stengjer alle grenseovergangane mot Russland frå fredag. "
         "Grensa mot Russland er 1340 kilometer lang.", False),
        ("Noreg stengjer grensa mot Russland for russiske bilar",
         "Regjeringa stengjer grenseovergangen på Storskog for russiskregistrerte bilar. "
         "Grensa mot Russland i Finnmark er 198 kilometer lang.", True),
        ("Sverige utviser tre russiske diplomater",
         "Regjeringen i Stockholm utviser tre russiske diplomater for spionasje, opplyser "
         "utenriksministeren. Russland kaller det uvennlig.", False),
        ("Norge utviser tre russiske diplomater",
         "Regjeringen utviser tre russiske diplomater for spionasje, opplyser "
         "Utenriksdepartementet. Russland kaller det uvennlig.", True),
        # Sanctions (the fifth set folded in, round 5 of #28): another country's dealings with
        # Russia under sanctions are its story, Norway's sanctions are the beat.
        ("Finland og Russland enige om grensesamarbeid tross sanksjoner",
         "Presidentene møttes i Moskva og ble enige om å begrense trafikken over to "
         "grenseoverganger i nord i 180 dager.", False),
        ("Norge slutter seg til nye sanksjoner mot Russland",
         "Regjeringen slutter seg til EUs nye sanksjonspakke, opplyser "
         "Utenriksdepartementet.", True),
    ],
)  # fmt: skip
def test_the_shipped_topic_on_neighbours_and_norway(title: str, text: str, matched: bool) -> None:
    (m,) = BEAT.score(title, text, "no")
    assert m.matched is matched, m


@pytest.mark.parametrize(
    ("lang", "title", "text", "matched"),
    [
        # Round 5c (the sixth set folded in): one rule's title hit passed on its own where the
        # negative's words were missing in the item's language. Written for the test.
        ("de", "Gold im Langlauf-Teamsprint für Norwegen und Russland",
         "Die Staffeln lagen im Ziel nur Sekunden auseinander.", False),
        ("es", "Letonia construirá una valla en su frontera con Rusia",
         "El Gobierno de Riga aprobó el proyecto el martes.", False),
        ("de", "Norwegen beschließt Militärhilfeprogramm für die Ukraine",
         "Das Parlament in Oslo stimmte dem Paket am Freitag zu.", False),
        ("de", "Norwegen verlegt mehr Soldaten an die Grenze zu Russland",
         "Das Militär verstärkt die Grenzwache in Finnmark.", True),
        # Round 5d (the seventh set folded in): the energy companies by name, culture days
        # across the border, and Norway's measures against the shadow fleet, which is
        # sanctions on Russian vessels, not the energy market. Written for the test.
        ("en", "Statoil and Rosneft to drill in the Barents Sea despite sanctions",
         "The Norwegian and Russian companies will go on with their joint ventures in the "
         "Barents Sea, Statoil said, in line with the sanctions on Russia.", False),
        ("no", "Pomorkulturprosjekt i Vardø",
         "Prosjektet samler kunstnere fra Vardø og Arkhangelsk. Samarbeidet med Russland om "
         "pomorkulturen har gått i tjue år, og det russiske konsulatet i Kirkenes støtter det.",
         False),
        ("no", "Norge skjerper kontrollen med den russiske skyggeflåten",
         "Regjeringen innfører nye sanksjoner mot russiske skip i norske farvann, opplyser "
         "Utenriksdepartementet.", True),
        # Round 5f (the eighth to tenth sets folded in): the king crab's prices, a metals
        # company on sanctions, air defence sent to Ukraine, chess in Bulgarian. Written for
        # the test.
        ("no", "Rekordpriser for kongekrabbe i Øst-Finnmark",
         "Fiskerne i Finnmark får over 400 kroner kiloen for kongekrabben, som kom fra "
         "Russland. Russiske fartøy fisker den på sin side av grensen.", False),
        ("en", "Norsk Hydro backs sanctions on Russian aluminium",
         "The Norwegian aluminium maker urged the EU and the US to sanction Rusal's metal, "
         "saying Russian aluminium undercuts Norway's producers.", False),
        ("en", "Norway sends NASAMS to Ukraine",
         "Norway's defence minister said the Norwegian Armed Forces will deliver air defence "
         "systems to Ukraine together with the United States, as Russian missile attacks go "
         "on.", False),
        ("bg", "Карлсен и Карякин завършиха реми в Ню Йорк",
         "Норвегия и Русия: шахматният мач за световната титла продължава.", False),
        ("no", "Russiske krabbefartøy bortvist fra Varangerfjorden",
         "Kystvakten bortviste to russiske fartøy som fisket ulovlig på norsk side av "
         "grensen i Varangerfjorden, opplyser Forsvaret.", True),
    ],
)  # fmt: skip
def test_the_negatives_in_the_item_s_language(
    lang: str, title: str, text: str, matched: bool
) -> None:
    (m,) = BEAT.score(title, text, lang)
    assert m.matched is matched, m


def test_archive_show_names_the_country_that_cancelled_a_rule(
    tmp_path: Path, outlet: OutletServer, capsys: pytest.CaptureFixture[str]
) -> None:
    """Through the CLI: a Nynorsk item on Finland's border (written for this test) is out, and
    `monitor archive show` says which title word cancelled which rule."""
    finland = {
        "title": "Finland stengjer heile grensa mot Russland",
        "link": "https://outlet.example/urix/finland",
        "guid": "f-1",
        "description": "Regjeringa i Helsingfors stengjer alle grenseovergangane mot Russland "
        "frå fredag. Grensa mot Russland er 1340 kilometer lang, og grensevakta har fått "
        "forsterkingar.",
    }
    url = outlet.route("/feed.xml", rss([finland]))
    cfg = write_config(tmp_path / "sources.toml", [{"name": "N", "url": url}])
    assert main(["--config", str(cfg), "poll", "--once"]) == 0
    capsys.readouterr()
    assert main(["--config", str(cfg), "archive", "list", "--all"]) == 0
    (line,) = [x for x in capsys.readouterr().out.splitlines() if "Finland" in x]
    assert main(["--config", str(cfg), "archive", "show", line.split()[0]]) == 0
    shown = capsys.readouterr().out
    assert "on topic:   no" in shown
    why = next(x for x in shown.splitlines() if "why:" in x)
    assert "against: " in why and "cancelled, the title names another subject (Finland" in why


# Issue #28, round 2, class 1: allied forces' presence in Norway is the beat by the labelling
# rules (bench/data/README.md) with no Russia in the text. Written for this test, one a
# language: bombers at Ørland and a submarine at Olavsvern/Tromsø.
ALLIED = [
    ("en", "US B-1 bombers land at Ørland",
     "Four American B-1B bombers arrived at Ørland air station on Tuesday for a month of "
     "training with Norwegian F-35 fighter jets, the Norwegian Armed Forces said."),
    ("no", "Amerikansk atomubåt til kai i Tromsø",
     "En amerikansk atomubåt la i dag til kai ved Olavsvern utenfor Tromsø for å ta om bord "
     "forsyninger, opplyser Forsvaret."),
    ("nn", "Amerikanske bombefly landa på Ørland",
     "Fire amerikanske bombefly skal øve saman med norske kampfly frå Ørland i tre veker, "
     "melder Forsvaret."),
    ("da", "Amerikanske bombefly lander i Norge",
     "Fire amerikanske B-1-bombefly er landet på flybasen Ørland i Norge, hvor de skal træne "
     "med norske kampfly."),
    ("sv", "Amerikanska bombplan landar i Norge",
     "Fyra amerikanska bombplan av typen B-1 har landat på flygbasen Ørland i Norge för att "
     "öva med norska stridsflygplan."),
    ("ru", "Американские бомбардировщики B-1 прибыли в Норвегию",
     "Четыре бомбардировщика B-1 ВВС США приземлились на авиабазе Эрланд в Норвегии для "
     "совместных учений с норвежскими истребителями."),
]  # fmt: skip


@pytest.mark.parametrize(("lang", "title", "text"), ALLIED, ids=[a[0] for a in ALLIED])
def test_allied_presence_at_norways_bases_without_russia_is_in(
    lang: str, title: str, text: str
) -> None:
    (m,) = BEAT.score(title, text, lang)
    assert m.matched, m
    # Explainable: the allied bases' rule names the base it fired on.
    (base,) = [h for h in m.hits if h.rule == "allied bases and training areas with the military"]
    assert {"Ørland", "Tromsø", "Olavsvern", "Эрланд"} & set(base.terms), base


def test_a_base_town_with_russia_alone_is_not_the_beat() -> None:
    """Tromsø is an allied base's town, but with "Russian" and no military it is a film
    festival as often as the beat (tuning item A135): the new rule does not fire."""
    (m,) = BEAT.score(
        "Tromsø film festival screens Russian films",
        "The Tromsø International Film Festival will screen three Russian films this year.",
        "en",
    )
    assert not m.matched, m
    assert not any(h.rule.startswith("allied bases") for h in m.hits)


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("Norge slo Russland 30-23 i VM-semi.", ["30-23"]),
        ("Russia won 3–1, then drew 1-1.", ["3–1", "1-1"]),
        # Ranges rise; years, versions and times are not score lines.
        ("10-15 asylum seekers a year, 14-23 November, 4-5 очков", []),
        ("the 2022-23 season, F-35 jets, version 1.2-1, at 10:30", []),
        ("etter straffeloven § 2-1 og utlendingsloven §7-1", []),
    ],
)
def test_score_lines(text: str, lines: list[str]) -> None:
    assert score_lines(text) == lines


# Issue #28, round 2, class 2: sport with a Norway-Russia score line. Written for this test.
SPORT = [
    ("no", "Norge knuste Russland 30-23 i VM-semi",
     "Norge slo Russland 30-23 i semifinalen i kveld. Det ble målfest i Herning, og Norge "
     "møter Danmark i finalen søndag."),
    ("en", "Norway beat Russia 3-1 in Oslo",
     "Norway beat Russia 3-1 on Thursday night. Haaland scored twice, and Norway top the "
     "group before the quarter-final."),
    ("ru", "Норвегия обыграла Россию 3-1",
     "Норвегия обыграла Россию со счетом 3-1 в товарищеском матче в Осло."),
]  # fmt: skip


@pytest.mark.parametrize(("lang", "title", "text"), SPORT, ids=[s[0] for s in SPORT])
def test_a_norway_russia_score_line_is_sport(lang: str, title: str, text: str) -> None:
    (m,) = BEAT.score(title, text, lang)
    assert not m.matched, m
    (sport,) = [h for h in m.hits if h.rule == "sport (not the beat)"]
    assert SCORE_LINE in sport.terms and sport.points < 0, sport


def test_archive_show_names_the_base_and_the_score_line(
    tmp_path: Path, outlet: OutletServer, capsys: pytest.CaptureFixture[str]
) -> None:
    """Through the CLI (items written for this test): the bombers at Ørland are in and the
    handball result is out, and `monitor archive show` says so in the rules' words, naming
    the base and the score line."""
    items = [
        {"title": ALLIED[0][1], "link": "https://outlet.example/a/bombers", "guid": "a-1",
         "description": ALLIED[0][2]},
        {"title": SPORT[0][1], "link": "https://outlet.example/a/handball", "guid": "a-2",
         "description": SPORT[0][2]},
    ]  # fmt: skip
    url = outlet.route("/feed.xml", rss(items))
    cfg = write_config(tmp_path / "sources.toml", [{"name": "N", "url": url}])
    assert main(["--config", str(cfg), "poll", "--once"]) == 0
    capsys.readouterr()
    assert main(["--config", str(cfg), "archive", "list", "--all"]) == 0
    listed = capsys.readouterr().out.splitlines()
    shown = {}
    for word in ("Ørland", "Russland"):
        (line,) = [x for x in listed if word in x]
        assert main(["--config", str(cfg), "archive", "show", line.split()[0]]) == 0
        shown[word] = capsys.readouterr().out
    why = next(x for x in shown["Ørland"].splitlines() if "why:" in x)
    assert "on topic:   yes" in shown["Ørland"]
    assert "allied bases and training areas with the military (Ørland" in why
    why = next(x for x in shown["Russland"].splitlines() if "why:" in x)
    assert "on topic:   no" in shown["Russland"]
    assert "against: sport (not the beat) (" in why and "scoreline" in why


# Issue #28, round 3. Tuning items of the development corpus (bench/data, ids given), cut to
# their title and first sentences: each class the round added, in the language it came in.
def corpus_item(item_id: str, chars: int = 400) -> tuple[str, str, str]:
    row = labelled_rows(*FIRST_SETS)[item_id]
    return str(row["title"]), str(row["text"])[:chars], str(row["lang"])


ROUND3_IN = [
    ("D066", "airspace: Norway's closed to or entered by Russia", "luftrom*"),
    ("D031", "fisheries talks and quotas with Russia", "kvoteavtale*"),
    ("C135", "fisheries talks and quotas with Russia", "kvoteavtale*"),
    ("D185", "Russians seeking asylum in Norway", "asilo"),
    ("D167", "Russian jamming, espionage and arrests", "spion*"),
    ("C074", "border with Russia", "piir*@et"),  # Estonian: Norra, Vene, piir
    ("C072", "border with Russia", "границ*"),  # Bulgarian: Норвегия, Русия
    ("D061", "NATO and allied forces in Norway", "النروج*"),  # Arabic
    ("D077", "Norway with Russia", "rosyjsk*"),  # Polish: Norwegii, rosyjskiej
]


@pytest.mark.parametrize(("item_id", "rule", "term"), ROUND3_IN, ids=[r[0] for r in ROUND3_IN])
def test_round3_classes_are_in_and_say_why(item_id: str, rule: str, term: str) -> None:
    title, text, lang = corpus_item(item_id)
    (m,) = BEAT.score(title, text, lang)
    assert m.matched, m
    (hit,) = [h for h in m.hits if h.rule.split(" (capped")[0] == rule]
    assert term in hit.terms and hit.points > 0, hit


ROUND3_OUT = [
    # Written for this test: another country's act, named in the title in its own language.
    ("fi", "Suomi sulkee koko itärajan Venäjän kanssa",
     "Suomen hallitus sulkee kaikki rajanylityspaikat Venäjän rajalla. Norja seuraa tilannetta."),
    ("de", "Finnland schließt die Grenze zu Russland",
     "Die Regierung in Helsinki schließt alle Übergänge an der Grenze zu Russland. Norwegen "
     "beobachtet die Lage."),
    ("pl", "Szwecja wydala rosyjskich dyplomatów",
     "Szwecja wydaliła trzech rosyjskich dyplomatów. Norwegia nie skomentowała decyzji."),
]  # fmt: skip


@pytest.mark.parametrize(("lang", "title", "text"), ROUND3_OUT, ids=[r[0] for r in ROUND3_OUT])
def test_another_countrys_act_is_out_in_its_own_language(lang: str, title: str, text: str) -> None:
    (m,) = BEAT.score(title, text, lang)
    assert not m.matched, m
    assert any("the title names another subject" in h.rule for h in m.hits), m


def test_a_nynorsk_report_of_denmarks_airspace_is_out() -> None:
    """Tuning item D068: Denmark closes its airspace; the text names Noreg in passing."""
    title, text, lang = corpus_item("D068", 2000)
    (m,) = BEAT.score(title, text, lang)
    assert not m.matched, m


def test_a_kirkenes_festival_is_culture_not_the_beat() -> None:
    """Tuning item D133 (a festival in Kirkenes, 'a stone's throw from the border with
    Russia'): the overlapping place, country and border rules share a capped sum, so the
    culture topic can answer them."""
    title, text, lang = corpus_item("D133", 5000)
    (m,) = BEAT.score(title, text, lang)
    assert not m.matched, m
    assert any("capped" in h.rule for h in m.hits)
    assert any(h.rule == "culture (not the beat)" and h.points < 0 for h in m.hits)


def test_archive_show_names_the_airspace_rule(
    tmp_path: Path, outlet: OutletServer, capsys: pytest.CaptureFixture[str]
) -> None:
    """Through the CLI: tuning item D066 (Norway closes its airspace to Russian aircraft) is
    in, and `monitor archive show` names the new rule and the word it fired on."""
    title, text, _ = corpus_item("D066")
    item = {"title": title, "link": "https://outlet.example/a/air", "guid": "d-66",
            "description": text}  # fmt: skip
    url = outlet.route("/feed.xml", rss([item]))
    cfg = write_config(tmp_path / "sources.toml", [{"name": "N", "url": url}])
    assert main(["--config", str(cfg), "poll", "--once"]) == 0
    capsys.readouterr()
    assert main(["--config", str(cfg), "archive", "list", "--all"]) == 0
    (line,) = [x for x in capsys.readouterr().out.splitlines() if "luftrommet" in x]
    assert main(["--config", str(cfg), "archive", "show", line.split()[0]]) == 0
    shown = capsys.readouterr().out
    assert "on topic:   yes" in shown
    why = next(x for x in shown.splitlines() if "why:" in x)
    assert "airspace: Norway's closed to or entered by Russia (luftrom*" in why, why


# Issue #28, round 4: the classes the third set (unseen_corpus.jsonl, E and F ids) showed, each
# held by tuning items of that set, scored whole (title and text as in the corpus).
ROUND4_IN = [
    # an allied exercise's Osprey crash, the dotted "U.S. Marines" in the title
    ("E115", "allied forces at Norway's bases", "U.S. Marines"),
    # Nordic defence cooperation in Swedish, Norway named in the title
    ("F127", "NATO and allied forces in Norway", "försvarssamarbet*"),
    # a catch quota in Russian waters: "рыбы" (any fish) no longer sinks it as seafood trade
    ("F051", "fisheries talks and quotas with Russia", "квот*"),
    # a cable to Svalbard cut, a Russian trawler suspected
    ("D082", "undersea cables and sabotage", "undersea cable*"),
    # Norway summons Russia's envoy over Navalny's death: diplomacy, whatever Navalny weighs
    ("E094", "Russian diplomacy", "ambassador"),
]

ROUND4_OUT = [
    # sport through its people: a title naming them cancels the places and the countries
    ("E037", "Norway with Russia: cancelled, the title names another subject", "løpere"),
    ("F092", "Norway with Russia: cancelled, the title names another subject", "лыжн*"),
    # Norway's leaders on Navalny's death: Russia's domestic news
    ("E091", "Russia's domestic politics (not the beat)", "Navalnyj*"),
    ("E092", "Russia's domestic politics (not the beat)", "Navalnyj*"),
    # the pension fund selling Russian assets, in Russian
    ("F046", "finance and the wealth fund (not the beat)", "государственн* фонд*"),
    # a Russian frigate exercising with China and South Africa
    ("F045", "Russia's navy far from the north (not the beat)", "ЮАР"),
    # the shadow fleet's tankers in Danish waters
    ("F106", "energy markets (not the beat)", "tankskib*"),
]


@pytest.mark.parametrize(("item_id", "rule", "term"), ROUND4_IN, ids=[r[0] for r in ROUND4_IN])
def test_round4_classes_are_in_and_say_why(item_id: str, rule: str, term: str) -> None:
    title, text, lang = corpus_item(item_id, 100_000)
    (m,) = BEAT.score(title, text, lang)
    assert m.matched, m
    (hit,) = [h for h in m.hits if h.rule.split(" (capped")[0] == rule]
    assert term in hit.terms and hit.points > 0, hit


@pytest.mark.parametrize(("item_id", "rule", "term"), ROUND4_OUT, ids=[r[0] for r in ROUND4_OUT])
def test_round4_false_friends_are_out_and_say_why(item_id: str, rule: str, term: str) -> None:
    title, text, lang = corpus_item(item_id, 100_000)
    (m,) = BEAT.score(title, text, lang)
    assert not m.matched, m
    (hit,) = [h for h in m.hits if h.rule == rule]
    assert term in hit.terms and hit.points < 0, hit


def test_danish_forsvaret_is_denmarks_not_norways() -> None:
    """ "Forsvaret@!da": Norway's armed forces stand for Norway, except in a Danish item, where
    "Forsvaret" is Denmark's (round 4: Russian warships in Danish straits)."""
    title = "Forsvaret følger russiske krigsskibe"
    text = "Forsvaret holder øje med en russisk fregat og NATO-skibe under øvelsen."
    (da,) = BEAT.score(title, text, "da")
    (no,) = BEAT.score(title, text, "no")
    (untagged,) = BEAT.score(title, text)

    def nato_in_norway(m: object) -> list[object]:
        return [h for h in m.hits if h.rule.startswith("NATO and allied forces in Norway")]  # type: ignore[attr-defined]

    assert not nato_in_norway(da), da
    assert nato_in_norway(no) and nato_in_norway(untagged)


@pytest.mark.parametrize(
    ("lang", "title", "text"),
    [
        # Round 36, written for the test: the Barents Euro-Arctic Council in the languages that
        # named it otherwise, and Russia's strategic bombers by their model off Norway.
        ("es", "Rusia abandona el Consejo Euroártico de Barents",
         "Moscú acusa a los miembros occidentales de paralizar el trabajo del consejo."),
        ("de", "Moskau tritt aus dem Barentssee-Rat aus",
         "Das Außenministerium spricht von einer Blockade durch die westlichen Mitglieder."),
        ("ja", "ロシアがバレンツ海評議会から脱退", "ロシア外務省が発表した。"),
        ("ru", "Два Ту-160 пролетели над Норвежским морем",
         "Полёт ракетоносцев проходил над нейтральными водами, сообщили в Минобороны России."),
        # and the US Navy's carriers and Marines as Polish and Korean headlines name them
        ("pl", "Kolejni amerykańscy marines w Norwegii", "Żołnierze będą ćwiczyć przez pół roku."),
        ("ko", "美항모 노르웨이 도착", "양국 해군이 함께 훈련한다."),
    ],
)  # fmt: skip
def test_the_barents_council_bombers_and_us_forces_in_other_words(
    lang: str, title: str, text: str
) -> None:
    (m,) = BEAT.score(title, text, lang)
    assert m.matched, m
