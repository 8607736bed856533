"""Topic rules: inflection, diacritics, phrases, none-of, title weight, and the shipped beat."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from monitor.config import RuleConfig, TopicConfig, load_config
from monitor.match import Matcher
from tests.conftest import labelled_rows, seeds

ROOT = Path(__file__).parent.parent
BEAT = Matcher(load_config(ROOT / "sources.toml", {}).topics)
DEV = Path(__file__).parent / "data" / "dev_items.jsonl"


def topic(*rules: RuleConfig, threshold: float = 1.0) -> Matcher:
    return Matcher([TopicConfig("t", "T", rules, threshold=threshold, title_weight=2.0)])


@pytest.mark.parametrize(
    ("term", "text"),
    [
        ("Russland", "Russlands ambassadør ble kalt inn"),
        ("russisk", "to russiske fiskebåter"),
        ("Норвегия", "посол Норвегии в Москве"),
        ("Финнмарк", "учения в Финнмарке"),
        ("граница", "у границы с Норвегией"),
        ("Sør-Varanger", "the mayor of Sor-Varanger said"),
        ("Sør-Varanger", "SØR-VARANGER kommune"),
        ("Norwegian", "two Norwegians were detained"),
        ("Barents Sea", "patrols in the Barents Sea"),
    ],
)
def test_inflected_and_folded_forms_match(term: str, text: str) -> None:
    m = topic(RuleConfig("r", any_of=(term,)))
    assert m.matches("", text), (term, text)


@pytest.mark.parametrize(
    ("term", "text"),
    [
        ("Evenes", "even so, nothing happened"),  # stem "even" is not the place Evenes
        ("Barents Sea", "the sea near Barents"),  # a phrase must be consecutive
        ("Kola", "a can of cola"),
    ],
)
def test_near_misses_do_not_match(term: str, text: str) -> None:
    assert not topic(RuleConfig("r", any_of=(term,))).matches("", text)


def test_all_of_none_of_and_title_weight() -> None:
    rule = RuleConfig(
        "nor-rus", all_of=(("Norway",), ("Russia",)), none_of=("football",), weight=1.5
    )
    m = topic(rule, threshold=3)
    (hit,) = m.matches("Norway and Russia talk fish", "")
    assert hit.score == 3 and hit.hits[0].where == "title"
    assert hit.hits[0].terms == ("Norway", "Russia")
    assert not m.matches("Fish talks", "Norway and Russia met")  # text only: 1.5 < 3
    assert not m.matches("Norway and Russia", "a football friendly")  # none_of anywhere
    assert not m.matches("Norway talks fish", "")  # one all_of group missing


def test_every_seed_matches_the_default_topic() -> None:
    for seed in seeds():
        (match,) = BEAT.matches(seed["title"], seed["body"])
        assert match.topic == "high-north"
        assert match.hits, seed["id"]


@pytest.mark.parametrize(
    "title",
    [
        "Norway beat Russia 2–1 in World Cup qualifier",
        "Норвегия обыграла Россию в хоккей",
        "Carlsen vs Nepomniachtchi: Norway's chess king beats Russia's challenger",
        "Record salmon prices lift Norwegian seafood exports",
    ],
)
def test_hard_negatives_are_off_topic(title: str) -> None:
    assert not BEAT.matches(title, "")


@pytest.mark.parametrize(
    "title",
    [
        "挪威驱逐15名俄罗斯外交官",  # Norway expels 15 Russian diplomats
        "俄羅斯報復 驅逐10名挪威外交官",  # Russia retaliates, expels 10 Norwegian diplomats
        "北约在挪威举行大规模军演",  # NATO holds a large exercise in Norway
        "ノルウェー、ドローン飛行のロシア人を逮捕",  # Norway arrests a Russian for drone flights
        "러시아, 노르웨이 외교관 10명 추방",  # Russia expels 10 Norwegian diplomats
    ],
)
def test_chinese_japanese_and_korean_headlines_on_the_beat(title: str) -> None:
    """Chinese and Japanese cut into pairs of characters meet the gazetteer's forms; Korean
    words, whose folded syllables are longer than the word, meet its prefixes (written for
    the test)."""
    assert BEAT.matches(title, "")


@pytest.mark.parametrize(
    "title",
    [
        "挪威足球队2比1击败俄罗斯",  # football
        "挪威三文鱼对俄罗斯出口创新高",  # salmon exports
        "爱沙尼亚称俄罗斯移除边界浮标",  # Estonia's border
    ],
)
def test_chinese_hard_negatives_are_off_topic(title: str) -> None:
    assert not BEAT.matches(title, "")


@pytest.mark.parametrize("rid", ["A153", "O043"])
def test_finland_s_crossings_in_a_title_are_finland_s_news(rid: str) -> None:
    """Round 25: two labelled reports of Finland's crossings with Russia (Raja-Jooseppi,
    Salla; not relevant), whose titles name the crossing and not the country, were the
    beat's border news: `@finland` now holds its crossings and its Lapland."""
    row = labelled_rows()[rid]
    assert row["label"] == "not_relevant"
    assert not BEAT.matches(row["title"], row["text"], row["lang"])


@pytest.mark.parametrize(
    ("title", "text", "lang"),
    [
        (
            "Norway allocates NOK 7 billion for Ukraine's air defence",
            "Norway will allocate seven billion kroner to air defence for Ukraine, the government "
            "in Oslo said. Norway shares a border with Russia and is a NATO member.",
            "en",
        ),
        (
            "Norsko daruje Ukrajině šest letounů F-16",
            "Norsko daruje Ukrajině šest stíhaček F-16, oznámila vláda v Oslu. Norsko sousedí s "
            "Ruskem a je členem NATO.",
            "cs",
        ),
        (
            "النرويج تتبرع بست طائرات F-16 لأوكرانيا",
            "قالت الحكومة النرويجية إن النرويج ستتبرع بست طائرات لأوكرانيا. النرويج عضو في حلف "
            "الناتو ولها حدود مع روسيا.",
            "ar",
        ),
        # Round 26: supplying and granting in the languages whose aid items the rule missed.
        (
            "Norveç Ukrayna'ya hava savunma sistemi hibe edecek",
            "Norveç hükümeti Ukrayna'ya hava savunma sistemi hibe edeceğini açıkladı. Norveç, "
            "Rusya ile sınırı olan bir NATO üyesi.",
            "tr",
        ),
        (
            "Noruega suministrará a Ucrania munición de artillería",
            "El Gobierno noruego suministrará a Ucrania munición, informó Oslo. Noruega comparte "
            "frontera con Rusia y es miembro de la OTAN.",
            "es",
        ),
        (
            "挪威向乌克兰提供防空系统",
            "挪威政府宣布向乌克兰提供防空系统。挪威与俄罗斯接壤,是北约成员国。",
            "zh",
        ),
        (
            "Norwegen schenkt der Ukraine Luftabwehrsysteme",
            "Die Regierung in Oslo schenkt der Ukraine Luftabwehrsysteme. Norwegen grenzt an "
            "Russland und ist Mitglied der NATO.",
            "de",
        ),
        # Round 36: Korean giving beside its short name for Ukraine ("우크라").
        (
            "노르웨이, 우크라에 방공 시스템 기증",
            "노르웨이 정부가 우크라에 방공 시스템을 기증한다. 노르웨이는 러시아와 국경을 맞댄 "
            "나토 회원국으로, 군사 훈련을 계속하고 있다.",
            "ko",
        ),
    ],
)
def test_norway_giving_to_ukraine_in_its_own_verbs_is_not_the_beat(
    title: str, text: str, lang: str
) -> None:
    """Round 25: aid to Ukraine told with a verb of giving ("allocates", "daruje", "تتبرع")
    rather than the aid phrases the negative rule listed was the outside sets' largest class
    of false positives: Norway, Russia's border and NATO in the text made it the beat (written
    for the test)."""
    assert not BEAT.matches(title, text, lang)


@pytest.mark.parametrize(
    ("title", "text", "lang"),
    [
        (
            "Литва усилит контроль над россиянами на границе с Калининградом",
            "Литва ужесточит проверки россиян, следующих транзитом в Калининград. На границе с "
            "Россией уже был инцидент, сообщила пограничная служба.",
            "ru",
        ),
        (
            "Lithuania tightens checks at its border on Russians bound for Kaliningrad",
            "The border guard reported an incident at the border with Russia last week.",
            "en",
        ),
    ],
)
def test_lithuania_s_border_with_russia_is_a_neighbour_s_news(
    title: str, text: str, lang: str
) -> None:
    """Round 25: Lithuania was the one Baltic neighbour the rules' neighbours lacked, so its
    border with Russia (the Kaliningrad transit) was the beat's border (written for the
    test)."""
    assert not BEAT.matches(title, text, lang)


@pytest.mark.parametrize(
    ("title", "lang"),
    [
        ("美军陆战队在挪威的部署人数翻倍", "zh"),  # US Marines in Norway to double
        ("노르웨이서 미군 오스프리 추락", "ko"),  # a US Osprey crashes in Norway
        ("ノルウエー、ロシア外交官を追放", "ja"),  # Norway expels Russian diplomats (old spelling)
        ("نروژ دیپلمات‌های روسیه را اخراج کرد", "fa"),  # Norway expelled Russia's diplomats
        ("Norveç, Rus diplomatları sınır dışı etti", "tr"),  # Norway expelled Russian diplomats
    ],
)
def test_allied_forces_and_expulsions_in_more_languages_are_on_the_beat(
    title: str, lang: str
) -> None:
    """US forces in Norway had no word in Chinese, Japanese or Korean, and Persian writes
    Russia with its own yeh ("روسیه"), which the Arabic forms never found (round 22, written
    for the test)."""
    assert BEAT.matches(title, "", lang)


@pytest.mark.parametrize(
    ("title", "lang"),
    [
        ("नॉर्वे ने रूसी राजनयिकों को निष्कासित किया", "hi"),  # Norway expelled Russian diplomats
        ("רוסיה מאיימת על נורווגיה בגבול", "he"),  # Russia threatens Norway at the border
        ("מטוסי F-35 נורבגיים יירטו מטוסים רוסיים", "he"),  # (the other spelling of Norway)
        ("Na Uy trục xuất nhà ngoại giao Nga", "vi"),  # Norway expels a Russian diplomat
        ("Rusiya Norveçin hava məkanını pozub", "az"),  # Russia violated Norway's airspace
        ("Tentara NATO memulai latihan di perbatasan Norwegia", "id"),  # NATO troops, the border
        ("ناروے نے روس کے سفارت کاروں کو نکال دیا", "ur"),  # Norway expelled Russia's diplomats
        ("Tweede Rus in Noorweë gearresteer", "af"),  # a second Russian arrested in Norway
    ],
)
def test_norway_and_russia_in_the_languages_no_group_held_are_on_the_beat(
    title: str, lang: str
) -> None:
    """Round 34, written for the test as the forms were written from the languages: Hindi,
    Hebrew, Vietnamese, Azerbaijani's Russia, Urdu and Afrikaans named neither country for the
    rules, nor Indonesian the border or the troops."""
    assert BEAT.matches(title, "", lang)


def test_a_vietnamese_given_name_is_russia_only_in_vietnamese_items() -> None:
    """Vietnamese "Nga" is Russia and a given name besides: an English report of a
    Norwegian official named so is not Russia's news."""
    assert not BEAT.matches("Norway's new envoy Nga Tran visits Oslo", "", "en")
    assert BEAT.matches("Na Uy và Nga", "", "vi")


@pytest.mark.parametrize(
    ("title", "lang"),
    [
        # a drone over an airport in northern Norway, with the shadda of "مسيّرة" written
        ("طائرة مسيّرة فوق مطار في شمال النرويج", "ar"),
        ("مسيّرتان فوق قاعدة عسكرية في النرويج", "ar"),  # two drones (the dual) over a base
        ("Drohnen über norwegischem Flughafen gesichtet", "de"),  # drones seen over an airport
        ("Drony nad lotniskiem w Norwegii", "pl"),  # drones over an airport in Norway
        ("Mueren cuatro marines estadounidenses en un accidente aéreo en Noruega", "es"),
        ("US aircraft with four aboard crashes in Norway", "en"),
        ("Un cable submarino de Svalbard deja de funcionar", "es"),  # a cable to Svalbard cut
    ],
)
def test_drones_us_forces_and_cables_in_more_languages_are_on_the_beat(
    title: str, lang: str
) -> None:
    """Round 23, written for the test: drones had a word in English, Norwegian, Russian and
    the East Asian languages only, US forces none in the European languages, Arabic or
    Persian; a cable to Svalbard cut is the beat whether or not a report names Russia."""
    assert BEAT.matches(title, "", lang)


@pytest.mark.parametrize(
    ("title", "lang"),
    [
        ("Massive GPS-Störungen in Nordnorwegen: Russland im Verdacht", "de"),
        ("Omfattande GPS-störningar i norra Norge", "sv"),
        ("Норвегія: глушіння GPS біля кордону", "uk"),  # Norway: jamming near the border
        ("Нарвегія высылае расійскіх дыпламатаў", "be"),  # Norway expels Russian diplomats
        ("Шпіцберген: Росія посилює присутність", "uk"),  # Svalbard: Russia steps up
        ("Huippuvuorten merikaapeli katkesi", "fi"),  # Svalbard's undersea cable cut
        ("Undervattenskabeln till Svalbard skadad", "sv"),  # the same, in Swedish
    ],
)
def test_jamming_svalbard_and_belarusian_are_on_the_beat(title: str, lang: str) -> None:
    """Round 24, written for the test: jamming had no word in the Nordic languages, German,
    Polish or Ukrainian; Svalbard was named in four spellings, not as Finnish, Ukrainian or
    Arabic write it; Belarusian had neither Norway nor Russia; and the Swedish and Danish
    cable words counted only when a report named Russia."""
    assert BEAT.matches(title, "", lang)


@pytest.mark.parametrize(
    ("title", "lang"),
    [
        ("Kvůli dronům bylo uzavřeno letiště v Oslu", "cs"),  # drones closed Oslo airport
        ("Drönare stängde flygplatsen i Oslo", "sv"),
        ("Беспилотники над аэропортом Осло: рейсы задержаны", "ru"),  # flights delayed
        ("Drones sighted near Bergen airport, flights diverted", "en"),
        ("Droni sopra l'aeroporto di Oslo, voli sospesi", "it"),
    ],
)
def test_drones_over_norway_s_airports_are_on_the_beat(title: str, lang: str) -> None:
    """Round 24, written for the test: drones closing an airport in Norway are the beat
    whoever flew them, and reports of them name the city, not Norway or Russia. A queen is
    not a drone: "dronning" and "drone" share the English stem "dron"."""
    assert BEAT.matches(title, "", lang)
    assert not BEAT.matches("Drone delivery service takes off in Oslo", "", "en")
    assert not BEAT.matches("Dronning Sonja møtte russiske veteraner", "", "no")
    assert not BEAT.matches("Dronningen landet på Oslo lufthavn", "", "no")


@pytest.mark.parametrize(
    ("title", "lang"),
    [
        ("La Norvège bat la Russie aux Mondiaux", "fr"),  # sport: world championships
        ("Norwegia i Rosja: narciarze walczą o złoto", "pl"),  # sport: skiers race for gold
        ("Noruega vence a Rusia en la final de balonmano", "es"),  # sport: handball
        ("Ukrainian drones hit Russian warship near Sevastopol", "en"),
        ("Drone attack on Russian air base: two bombers hit", "en"),
        ("Украинские беспилотники атаковали российский корабль", "ru"),  # a warship hit
    ],
)
def test_sport_and_ukraine_s_drone_strikes_are_not_the_beat(title: str, lang: str) -> None:
    """Round 24, written for the test: sport had few words outside the Nordic languages,
    German and Russian, and a Ukrainian drone striking Russia met the drone words meant for
    drones over Norway's airports."""
    assert not BEAT.matches(title, "", lang)
    assert BEAT.matches("Russian drone seen over Norwegian air base", "", "en")


@pytest.mark.parametrize(
    ("title", "text"),
    [
        ("Drone attack on Murmansk region: explosions near Severomorsk",
         "The Northern Fleet's base at Severomorsk, near Norway's border, was hit."),
        ("Ukrainian drones strike Olenya air base on the Kola Peninsula",
         "Russia's strategic bombers are based at Olenya, 150 km from Norway."),
    ],
)  # fmt: skip
def test_a_title_naming_ukraine_s_drone_strike_cancels_the_northern_bases(
    title: str, text: str
) -> None:
    """Round 24, written for the test: a strike on Olenya or Murmansk names the Kola bases,
    the Northern Fleet and Norway's border, which the place, bases and espionage rules count;
    a title that names the strike says whose war the bases' news is."""
    assert not BEAT.matches(title, text, "en")


def test_finland_in_persian_and_arabic_cancels_the_border_rule() -> None:
    """Persian writes Finland "فنلند" as often as "فنلاند", and Arabic puts its proclitics on
    "فنلندا": a Persian report of Finland's border with Russia named Norway in passing and
    was delivered (round 23)."""
    rule = RuleConfig("r", all_of=(("@norway",), ("@russia",)), title_none_of=("@finland",))
    m = topic(rule)
    assert m.matches("نروژ و روسیه", "", "fa")
    for title, lang in [("مرز فنلند و روسیه؛ نروژ", "fa"), ("وفنلندا وروسيا والنرويج", "ar")]:
        assert not m.matches(title, "", lang), title


@pytest.mark.parametrize(
    ("title", "lang"),
    [
        # Norway's sovereign wealth fund sells its Russian assets
        ("صندوق الثروة السيادية النرويجي يبيع أصوله الروسية", "ar"),
        ("El fondo soberano de Noruega vende sus activos rusos", "es"),
    ],
)
def test_the_wealth_fund_in_more_languages_is_off_topic(title: str, lang: str) -> None:
    assert not BEAT.matches(title, "", lang)


def test_development_set_labels() -> None:
    """The shared labelled dev set (copied into tests/data): every item as labelled."""
    for line in DEV.read_text("utf-8").splitlines():
        item = json.loads(line)
        matched = bool(BEAT.matches(item["title"], item["text"]))
        if item["label"] != "borderline":
            assert matched == (item["label"] == "relevant"), item["id"]


def test_explanation_names_rule_terms_and_place() -> None:
    (m,) = BEAT.matches("Russlands ambassadør kalt inn etter hendelse ved Storskog", "")
    explained = m.explain()
    assert {
        "rule": "border region and High North places",
        "terms": ["Storskog"],
        "where": "title",
        "points": 3.0,
    } in explained


def test_the_pre_filter_never_drops_a_match() -> None:
    """may_match is exact in one direction: every item of the development set (and the seeds)
    that the rules match passes it, asked once and again (its caches warm)."""
    fresh = Matcher(load_config(ROOT / "sources.toml", {}).topics)
    rows = [json.loads(line) for line in DEV.read_text("utf-8").splitlines() if line.strip()]
    texts = [(r["title"], r.get("text") or r.get("summary") or "") for r in rows]
    texts += [(s["title"], s["body"]) for s in seeds()]
    passed = 0
    for title, text in texts * 2:  # the second round from remembered words
        may = fresh.may_match(title, text)
        assert may or not fresh.matches(title, text), title
        passed += may
    assert 0 < passed < 2 * len(texts)  # it does filter: some pass, some do not


def test_a_workers_analysis_is_what_each_signal_computes_alone() -> None:
    """prepare.analyse counts an article's words once for its relevance vector and its story
    signature: both must be what similar.vector and cluster.signature give on their own."""
    from monitor.cluster import signature
    from monitor.prepare import analyse
    from monitor.similar import domain_terms, vector
    from monitor.types import Item

    domain = domain_terms(["Norway", "Russia", "border", "Barents Sea"])
    rows = [json.loads(line) for line in DEV.read_text("utf-8").splitlines() if line.strip()]
    for r in rows:
        item = Item(source="dev", guid=r["id"], url=r["url"], title=r["title"],
                    summary="", text=r.get("text") or "")  # fmt: skip
        got = analyse(item, BEAT, domain)
        assert got.vector == vector(f"{item.title}\n{item.body}"), r["id"]
        assert got.signature == signature(item.title, item.body, domain), r["id"]
        assert got.vector and got.signature.terms  # real texts: neither is empty


# The gazetteer's term syntax (monitor/gazetteer.py; issue #28 round 3).
@pytest.mark.parametrize(
    ("term", "text", "lang", "hit"),
    [
        ("Venäj*", "Norja sulkee rajan Venäjällä", "fi", True),  # a prefix: Finnish cases
        ("Venäj*", "Venä", "fi", False),  # shorter than the prefix
        ("Норвеги*", "посол Норвегії у Києві", "uk", False),  # Ukrainian і is not и
        ("Норвегії", "посол Норвегії у Києві", "uk", True),
        ("Norra*@et", "Norra ehitab Vene piirile tara", "et", True),  # Estonian: Norway
        ("Norra*@et", "snö i norra Sverige", "sv", False),  # Swedish: northern
        ("Norra*@et", "Norrasse tuli 5500 pagulast", "et-EE", True),  # a region tag
        ("Norra*@et", "Norrasse tuli 5500 pagulast", None, False),  # no language: not counted
        ("przestrze* powietrzn*", "zamknięcie przestrzeni powietrznej", "pl", True),
        # round 4: every language but those named ("Forsvaret" is Denmark's in Danish)
        ("Forsvaret@!da", "Forsvaret følger russiske krigsskibe", "da", False),
        ("Forsvaret@!da", "Forsvaret følger russiske krigsskip", "no", True),
        ("Forsvaret@!da", "Forsvaret følger russiske krigsskip", None, True),  # no tag: counts
        ("Forsvaret@!da,sv", "Forsvaret och Försvarsmakten", "sv-SE", False),
        # round 24: a prefix after a hyphen; a text's words are cut there, so the term's are
        ("U-Boot*", "zwei russische U-Booten vor Norwegen", "de", True),
        ("sous-marin*", "des sous-marins russes au large de la Norvège", "fr", True),
        ("GPS-stör*", "omfattande GPS-störningar i Finnmark", "sv", True),
        ("U-Boot*", "ein Boot vor Norwegen", "de", False),  # the whole word before the prefix
    ],
)
def test_prefix_and_language_restricted_terms(
    term: str, text: str, lang: str | None, hit: bool
) -> None:
    m = topic(RuleConfig("r", any_of=(term,)))
    assert bool(m.matches("", text, lang)) is hit, (term, text, lang)
    # The pre-filter agrees: a prefix term's item is not dropped before scoring.
    assert m.may_match("", text, None, lang) or not hit


def test_a_group_stands_for_the_gazetteer_terms_and_a_typo_is_an_error() -> None:
    from monitor.errors import ConfigError
    from monitor.gazetteer import expand

    rule = RuleConfig("nor-rus", all_of=(("@norway",), ("@russia",)), weight=2)
    m = topic(rule, threshold=2)
    for title, lang in [
        ("Norra ehitab Vene piirile tara", "et"),  # tuning item C074
        ("Norwegia stawia ogrodzenie na granicy z Rosją", "pl"),  # tuning item C071
        ("Норвегия започна изграждането на стена на границата с Русия", "bg"),  # C072
        ("Norja rakentaa aidan Venäjän rajalle", "fi"),  # written for this test
    ]:
        (hit,) = m.matches(title, "", lang)
        assert hit.hits[0].where == "title", title
    assert expand(["@norway", "Oslo"])[-1] == "Oslo" and "Noreg" in expand(["@norway"])
    with pytest.raises(ConfigError):
        expand(["@norwey"])


def test_unknown_group_in_sources_toml_is_reported(tmp_path: Path) -> None:
    from monitor.errors import ConfigError

    cfg = tmp_path / "sources.toml"
    cfg.write_text(
        '[[topics]]\nname = "t"\ntitle = "T"\n'
        '[[topics.rules]]\nname = "r"\nall_of = [["@norwey"], ["Russia"]]\n',
        "utf-8",
    )
    with pytest.raises(ConfigError, match="@norwey"):
        load_config(cfg, {})


def test_a_word_two_terms_name_is_one_mention() -> None:
    """'Russland' and 'Rússland' fold alike: a rule's evidence counts the word once, so one
    'football' against it weighs a half, not a third."""
    rule = RuleConfig(
        "r", all_of=(("Norge",), ("Russland", "Rússland")), none_of=("fotball",), weight=2
    )
    (m,) = topic(rule).score("", "Norge og Russland. Norge og Russland. Fotball.")
    (penalty,) = [h for h in m.hits if "none_of" in h.rule]
    assert "(1 against 4 mentions)" in penalty.rule and penalty.points == -0.5


def test_rules_firing_in_the_text_share_a_capped_sum() -> None:
    """Overlapping rules on the same few words add up to at most TEXT_POINTS_CAP; the one
    that was cut says so; the title is not capped."""
    from monitor.match import TEXT_POINTS_CAP

    rules = [RuleConfig(f"r{i}", all_of=(("Kirkenes",), ("Russia",)), weight=2.5) for i in range(4)]
    (m,) = topic(*rules).score("", "Kirkenes is close to Russia.")
    assert m.score == TEXT_POINTS_CAP == 6
    assert [h.points for h in m.hits] == [2.5, 2.5, 1.0, 0.0]
    assert "capped" in m.hits[2].rule and "capped" not in m.hits[1].rule
    (t,) = topic(*rules).score("Kirkenes is close to Russia", "")
    assert t.score == 4 * 2.5 * 2
