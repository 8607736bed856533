"""Content words across languages: one concept per meaning (issue #26, round 7).

A Russian and a German report of one Norwegian event often share no name, no number and no
cognate: "Норвегия до зимы отгородится от России забором" and "Norway to build border fence
with Russia" meet on *what they are about*: a fence, to be built, at a checkpoint, against
refugees. ``monitor.events`` gives what happened (expel, arrest, crash: +0.07 each, only when
headlined or told twice); this module maps the beat's content words (checkpoint, prison,
court, navy, coast guard, airport, tourist, sovereignty, Syria, the FSB...) in English,
Norwegian (both forms), Danish, Swedish, German, Russian and, where easy, Ukrainian, Polish,
Dutch, Icelandic, Finnish, and (round 10b) Italian, Spanish, French, Portuguese, Greek and
Arabic to one concept id each, so clustering can compare two articles' vocabularies in any
two languages: a third vector beside the terms and their skeletons (``concept_vector``),
compared only between two languages (in one, the terms meet already). Arabic stems match
inside a word (``~``): Arabic writes "and", "the" and "in" on the noun.

The table was written from the languages, its words chosen from what the tuning part of the
development corpus is about (bench/quality.py ``split_of``). The event concepts of
``monitor.events`` are not in the vector: they count on their own already, and counted twice
they joined an Osprey crash to the exercise it happened during (61 wrong merges, round 7).

Stems are matched as in ``monitor.events`` (folded: ø → o, æ → ae, й → и): at the start of
a word; ``~`` also inside one (compounds: "kystvakta", "grenseovergangen"); ``$`` a whole word
("fly" the Norwegian aircraft, not "flyktning"). A word is looked up once (cached).

Weights: the beat's own subjects (``BEAT``: the border, security, the war, the government)
are in many articles and say little of which event; they weigh ``BEAT_WEIGHT``, the others 1,
and two articles sharing only such concepts get nothing (``cluster._concepts``): "border,
security, war" alone never links two reports, "fence, checkpoint, build" does. Norway and
Russia are no concepts at all.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping

from monitor.lexicon import Lexicon, extend, tally

# concept → its stems, by subject. Country names with a form of their own in some language
# ("США", "Сирия", "Brasil", "Litauen") are here; those spelt alike everywhere meet as names.
CONCEPTS: dict[str, str] = {
    # -- the border and who crosses it
    "border": "border ~grense ~graense grans$ gransen$ ~granser ~gransomrad grenze границ "
    "граничн пограни кордон granic hranic landamaer raja$ rajal piir "
    "confine$ confini$ frontier frontera fronteira συνορ ~الحدود حدود$",
    "checkpoint": "checkpoint ~grenseovergang ~grenseoverga ~grensestasjon ~graenseovergang "
    "~gransovergang ~grenzubergang ~grenzpost кпп$ пропускн пропуска$ борисоглеб przejsc "
    "crossing valic",
    "cross": "cross$ crossed crosses krysse kryssa kryssar kryssed krydse krydsede korsa "
    "uberquer пересек пересеч перешл переходит перейти przekrocz",
    "illegal": "illegal ulovleg ulovlig olaglig незакон nielegal nelegal",
    "smuggle": "smuggl ~smugl schmuggel schmuggl контрабанд przemyt paser",
    "deport": "deport депорт ~utsend abschieb returnere",
    "tourist": "tourist ~turist турист turyst τουριστ ~سياح",
    "passenger": "passenger passasjer passager passagier пассажир pasazer",
    "traffic": "traffic ~trafikk ~trafik verkehr движени ruch$",
    "queue": "queue koen$ koene$ koer$ koa$ очереди$ очередях$ очередеи$ kolejk",
    "passport": "passport reisepass паспорт paszport",
    "citizen": "citizen ~statsborger ~medborgar staatsburger staatsangehor гражданин "
    "гражданина гражданином граждане граждан$ гражданам гражданами obywatel "
    "cittadin ciudadan citoyen cidada ~مواطن",
    "conscript": "conscript ~verneplikt ~vaernepligt ~varnplikt wehrpflicht einberuf "
    "призывник призывн poborow",
    # -- places and countries with a name of their own in some language
    "svalbard": "svalbard шпицберг spitsberg spitzberg spicberg",
    "kola": "kola$ ~kolahalv кольск",
    "us": "usa$ amerik american американ сша$ vereinigt stany ~امريك",
    "uk": "britain british ~britisk ~brittisk britisch британ великобритан",
    "syria": "syria syrer syrisk syrier сири сирий сириец syryj",
    "brazil": "brazil brasil бразил brazyl",
    "lithuania": "lithuan litau литв литов litwa litew",
    "iceland": "iceland islandsk isl$ исланд islandi",
    "germany": "germany german$ germans$ tysk deutsch немец немецк германи niemc niemiec",
    "china": "china$ chinese kina$ kines kinas$ chinesisch китай китаи chinski",
    "finland": "finland finnland finnish ~finsk finnisch финлянд финск finlandi finsk suomi",
    "sweden": "sweden swedish ~sverige ~svensk schwed швеци шведск szwecj",
    "ukraine": "ukrain украин україн ukrain",
    "poland": "poland polish$ polen$ polsk polnisch польш польск polsk",
    "afghan": "afghan afgan афган",
    "iran": "iran$ iranian iransk иран",
    "turkey": "turkey turkish tyrki tyrkisk turkei турци турецк",
    "india": "india$ indian$ indisk indien$ индии$ индия$ индийск",
    # -- the military
    "navy": "navy naval$ ~sjoforsvar ~sjovaern marinen$ flotte$ flotten$ флот вмс$ marynark "
    "fleet ~nordflat ~nordflad armada$ ναυτικ",
    "air-force": "~luftforsvar ~flyvevab ~flygvapn luftwaff ввс$ вкс$ airforce",
    "army": "army armies haeren$ haer$ armeen armen$ armee армия$ армии$ армию$ армией$ "
    "landstreitkr wojsk",
    "aircraft": "aircraft airplane plane$ planes$ jet$ jets$ fly$ flyet$ flyene$ flya$ "
    "~flygplan ~flugzeug самолет samolot vliegtuig letadl літак "
    "aereo$ aerei$ avion αεροσκαφ αεροπλαν lentokon ~طائرة",
    "airport": "airport ~flyplass ~lufthavn ~flygplats ~flughafen аэропорт lotnisk letist "
    "aeroport αεροδρομ lentoasem ~مطار",
    "airbase": "airbase авиабаз ~flystasjon ~flybase ~flygbas ~fliegerhorst",
    "vessel": "ship$ ships$ vessel skip$ skipet$ skipa$ skipene$ skib$ skibet$ skibe$ "
    "skibene$ ~fartoy ~fartyg schiff судно$ судна$ судну$ судне$ судном$ корабл statek "
    "statku statki schip$ schepen "
    "nave$ navi$ buque barco navire navio πλοιο πλοια alus$ aluksen ~سفينة ~سفن",
    "coastguard": "coastguard ~kystvakt ~kystvagt ~kustbevak ~kustenwach берегов przybrzez",
    "patrol": "patrol ~patrulj patrouill патрул",
    "surveillance": "surveil ~overvak ~overvag uberwach наблюден слежк nadzor",
    "weapon": "weapon ~vapen ~vaben waffe оруж zbroj",
    "tank": "tank$ tanks$ stridsvogn panzer танк$ танки$ танков czolg",
    "war": "war$ wars$ wartime krig krieg воина$ воины$ воину$ воине$ воинои$ wojn віин "
    "guerra guerre πολεμ sota$ sodan$ ~حرب",
    "invasion": "invasion invasjon invasion вторжен inwazj invaz",
    "attack": "attack angrep angreb angrepp angriff атак напад atak",
    "threat": "threat trussel trusl hotet$ bedroh угроз zagroz hrozb truer$ truet$ truede$ "
    "truar$ hotar$ hotade$ droht$ drohen$ drohte$ drohung угрож grozi$ grozil",
    "defence": "defence defense ~forsvar verteidig оборон obron difesa defensa αμυν puolustu ~دفاع",
    "security": "security sikkerhet sikkerhed sakerhet sicherheit безопасн bezpiecz "
    "sicurezza seguridad securite ασφαλει turvallisuu",
    "alliance": "ally$ allies allied alliance alliert allier alliiert союзн альянс sojusz",
    "deploy": "deploy stationed stationing ~utplasser stasjoner ~udstation stationier "
    "размещ развертыв разверну rozmieszcz",
    "officer": "officer offiser officer officier офицер oficer",
    "commander": "commander befal befehlshab командир командующ dowodc",
    "intelligence-service": "~efterretningstjen ~etterretningstjen ~sikkerhetstjenest "
    "~sikkerhedstjenest ~sakerhetspolis sapo$ verfassungsschutz geheimdienst "
    "~nachrichtendienst спецслужб фсб$ гру$ svr$ свр$ pst$ fsb$ gru$ пст$",
    "border-guard": "~grensevakt ~graensevagt ~gransbevak ~grenzschutz пограничник "
    "погранслужб погранвед straz$ strazy pogranicz",
    # -- law and order
    "police": "police$ policeman politi$ politiet$ politiets$ ~politimest ~politiadvok "
    "~politibetjent ~politidistrikt polis$ polisen$ ~polizei полиц policj polici "
    "policia$ polizia$ αστυνομ poliisi ~شرطة",
    "court": "court ~domstol ~tingrett ~lagmannsrett ~hoyesterett ~hojesteret ~byret "
    "~tingsratt ~hovratt gericht суд$ суда$ суде$ судом$ судеб судья судьи trial$ "
    "~rettssak ~retssag rettegang tribunal δικαστ oikeud ~محكمة",
    "prosecutor": "prosecut aktor$ aktoratet statsadvokat ~aklagar staatsanwalt прокур prokur",
    "lawyer": "lawyer attorney advokat адвокат adwokat rechtsanw",
    "prison": "prison jail ~fengsel ~faengsel ~fengsl ~faengsl fangelse gefangnis haft$ тюрьм "
    "тюрем колони wiezien carcer carcel prision φυλακ vankil ~سجن",
    "accuse": "accus charged$ indict beskyld anklag tiltal ~siktet$ sikta$ sigtet$ atalad "
    "обвин oskarz obvin acusad κατηγορ ~اتهام ~متهم",
    "suspect": "suspect mistenk mistaenk misstank verdacht verdacht подозр podejrz",
    "investigate": "investigat etterforsk efterforsk ~utredn ermittl расслед следств "
    "sledztw sledcz",
    "free": "freed$ liberat frigjor frigor befrei befriel освоб uwoln wyzwol ~loslat "
    "~losladt frigiv freilass freigelass",
    "researcher": "researcher scientist forsker$ forskere forskeren forskar forscher "
    "wissenschaftl исследовател ученыи$ ученого ученые naukowc",
    "university": "universit университет uniwersytet",
    "student": "student студент",
    "guilty": "guilty skyldig schuldig виновн",
    # -- diplomacy and politics
    "foreign-ministry": "foreign$ ~utenriks ~udenrigs ~utrikes aussenmin auswart мид$ "
    "иностранн zagraniczn zahranic esteri$ farnesina exteriores etrangeres εξωτερικ ~الخارجية",
    "prime-minister": "prime$ ~statsminist premier премьер",
    "president": "president президент prezydent prasident",
    "government": "government ~regjering ~regering regierung правительств rzad$ rzadu "
    "governo gobierno gouvernement κυβερν hallitu ~حكومة",
    "parliament": "parliament ~storting ~folketing riksdag bundestag дума$ думы$ госдум "
    "sejm$ parlament парламент",
    "mayor": "mayor ~ordforer borgmester borgmastar burgermeist мэр$ мэра$ мэром$ burmistrz",
    "governor": "governor ~fylkesmann statsforvalter губернатор gouverneur gubernator",
    "talks": "talks$ meeting negotiat mote$ motet$ moter$ motene$ modet$ "
    "samtal forhandl verhandl gesprach treffen переговор встреч rozmow spotkan",
    "summit": "summit ~toppmote ~topmode gipfel саммит szczyt",
    "conference": "conference konferanse konference konferens konferenz конференц konferencj",
    "agreement": "agreement treaty accord$ ~avtale ~aftale ~avtal abkommen vertrag "
    "соглашен договор umow porozumien dohod ~traktat accordo acuerdo συμφων sopimu ~اتفاق",
    "cooperation": "cooperat ~samarbeid ~samarbejd ~samarbet zusammenarb сотруднич "
    "wspolprac spoluprac ~تعاون",
    "council": "council rad$ radet$ ~sradet radets$ rat$ совет$ совета$ совете$ советом$ "
    "rada$ rady$",
    "sovereignty": "sovereign ~suveren souveran суверен suweren",
    "ban": "ban$ bans$ banned banning ~forbud forbyr forbys forby$ forbyd ~forbjud "
    "verbot verbiet запрет zakaz prohib interdit interdict interdiz divieto απαγορ ~حظر "
    "~utesteng ~utestang",
    "restrict": "restrict ~begrens ~begraens ~begrans beschrank огранич ogranicz omez",
    "rules": "rule$ rules$ regulation regel$ ~regler ~reglene ~reglerne ~reglerna regeln$ "
    "~regelverk правил$ правила$ правилам правилах przepis",
    "criticize": "critic kritikk kritik kritis критик krytyk",
    "warn": "warn advar varsl предупре ostrzeg",
    "deny": "deny denied denies avvis afvis dementi dementer bestreit отверг опроверг "
    "отрица zaprzecz",
    "demand": "demand krever krevde ~kraev krav$ kravet$ fordert forderung требова zada",
    "retaliate": "retaliat reciproc mottiltak modtraek ~gjengjeld ответн odwet",
    "election": "election valget$ valg$ valet$ wahl$ wahlen выбор wybor",
    # -- the sea, fish and energy
    "sea": "sea$ seas$ hav$ havet$ ~havet havs$ meer$ море$ моря$ морем$ морю$ морях$ morz "
    "mare$ θαλασσ meri$ meren$ ~بحر",
    "shipping": "shipping ~skipsfart ~skibsfart ~sjofart schifffahrt судоходств zeglug",
    "commission": "commission ~kommisjon ~kommission комисси komisj",
    "oil": "oil$ olje$ oljen$ ~oljeselsk olie$ olja$ erdol нефт ropa$",
    "gas": "gas$ gass$ gassen$ ~gassr gasrør газ$ газа$ газу$ газом$ газов газопровод gazu$ gazoc",
    "coal": "coal kull$ kullgruv kolgruv kohle уголь$ угля$ угольн wegiel",
    "icebreaker": "icebreak ~isbryt ~isbryd ~isbrytar eisbrech ледокол lodolam",
    "trade": "trade$ trading handel$ handelen$ handels torgov торгов import$ imports$ "
    "imported exports$ export$ exported eksport экспорт импорт",
    "goods": "cargo goods$ gods$ varer$ varene$ varor$ waren$ груз товар",
    # -- transport and travel
    "rail": "railway rail$ train$ trains$ jernban jarnvag bahn$ железнодорож поезд$ поезда$ "
    "поезде$ поездом$ kolej",
    "bus": "bus$ buses$ buss$ bussen$ bussar$ автобус autobus",
    "flight": "flight ~flyging ~flyvning ~flygning flug$ fluge$ рейс полет",
    "travel": "travel reise$ reiser$ reiste$ rejse$ rejser$ resa$ reser$ reisen$ поездк "
    "путешеств podroz",
    # -- accidents and rescue
    "rescue": "rescu ~redningsak ~redningstj redning raddning rettung спасат спасен ratown "
    "zachran search$ searched searching ~leteaksjon leting$ letingen$ letet$ eftersok поиск "
    "suche$ suchakt gesucht poszukiw soccors rescat sauvet διασωσ pelastu ~انقاذ",
    "missing": "missing savnet$ savnede sakna$ saknad saknade vermisst пропал пропавш "
    "zaginion zaginel disperso$ dispersi$ desaparecid disparu αγνοουμ kadoksi ~مفقود",
    "pilot": "pilot$ pilots$ piloten$ pilotene$ piloter$ пилот lotnik",
    "hospital": "hospital ~sykehus ~sjukehus ~sygehus ~sjukhus krankenhaus klinik больниц "
    "госпитал szpital",
    "shooting": "shot$ shots$ shooting fired$ ~skudd skyting skjot skud$ skudd skott$ "
    "skjuten schuss schusse выстрел стрельб strzal",
    "death": "kill$ killed killing dead$ death deaths died$ ~omkom dod$ dode$ doden$ "
    "~drept draebt dodad dodade getotet tot$ tote$ toten$ погиб убит убил смерт zgin zabit "
    "zmarl morti$ morto$ morte$ muerto muertos νεκρ ~مقتل",
    "injured": "injur wound skadd saret$ skadet$ skadad ранен пострадал ranny",
    "fire": "fire$ fires$ blaze brann$ brannen$ branden$ brand$ пожар pozar",
    "explosion": "explos ~eksplosj ~eksplosion взрыв wybuch",
    "storm": "storm$ storms$ stormen$ uvaer uvejr oväder unwetter шторм burz",
    "ice": "ice$ isen$ eis$ лед$ льда$ льду$ lod$",
    # -- land and nature by the border
    "river": "river$ rivers$ elv$ elva$ elven$ elvi$ alv$ alven$ река$ реки$ реке$ реку$ "
    "fluss$ rzek",
    "bridge": "bridge brua$ broen$ bron$ brucke мост$ моста$ мосту$ мосте$",
    "peninsula": "peninsula halvoy halvo$ ~halvoya полуостров halbinsel polwysep",
    "reindeer": "reindeer ~reinsdyr ~reindrift ~rensdyr ~renar rentier олен renifer poro$ porot$",
    "crab": "crab$ crabs$ ~krabbe ~krabba краб krab$ kraby$",
    "residents": "resident inhabitant ~innbygger ~innbyggjar ~beboer ~invanar einwohner "
    "жител мешканц mieszkan",
    "participant": "participant ~deltaker ~deltakar ~deltager ~deltagar teilnehm участник "
    "uczestnik",
    # -- society
    "cyber": "cyber kyber ~hacker hackers hacking хакер кибер",
    "building": "build$ builds$ building built construct bygge$ bygger$ bygget$ byggje "
    "~byggin bygga$ bygger$ baut$ bauen$ gebaut errichte строит строительств построит "
    "построен возвед сооруж budow будує ehita",
    "open": "open$ opened opening opens$ apne$ apner$ apnet$ apnes$ abne$ abner$ abnet$ "
    "oppna oppnar offnen eroffn откры otwar",
    "stop": "stop$ stops$ stopped ~stans$ stanset stansa stopp$ stoppet$ stoppa stoppt "
    "останов приостанов",
    "monument": "monument memorial ~minnesmerk ~mindesmaerk denkmal памятник pomnik",
    "anniversary": "anniversar jubile ~arsdag jahrestag годовщин rocznic",
    "minority": "indigenous ~samisk ~samene samer$ sami$ саам urfolk",
    "church": "church kirke$ kirken$ kyrka kirche церк cerkiew",
}

# Chinese (simplified and traditional) and Japanese, written as pairs of characters as
# ``monitor.events`` writes them (``text.words`` cuts their runs so).
_CJK_CONCEPTS: dict[str, str] = {
    "border": "边境 邊境 边界 邊界 国境 國境 边防 邊防",
    "checkpoint": "口岸 查站 検問",
    "tourist": "游客 遊客 旅客 観光",
    "citizen": "公民 国民 國民",
    "svalbard": "斯瓦 瓦尔 瓦爾 スバ",
    "kola": "科拉",
    "us": "美国 美國 米国 米軍 美军 美軍",
    "uk": "英国 英國",
    "germany": "德国 德國 ドイ",
    "china": "中国 中國",
    "finland": "芬兰 芬蘭",
    "sweden": "瑞典",
    "ukraine": "乌克 烏克 ウク",
    "poland": "波兰 波蘭",
    "navy": "海军 海軍",
    "air-force": "空军 空軍",
    "army": "陆军 陸軍",
    "aircraft": "飞机 飛機 战机 戰機 航空",
    "airport": "机场 機場 空港",
    "vessel": "船只 船隻 船舶",
    "coastguard": "海警 海岸",
    "patrol": "巡逻 巡邏 哨戒",
    "weapon": "武器",
    "war": "战争 戰爭 戦争",
    "invasion": "入侵",
    "attack": "袭击 襲擊 攻击 攻擊 攻撃",
    "threat": "威胁 威脅 脅威",
    "defence": "国防 國防 防衛",
    "security": "安全",
    "alliance": "北约 北約 同盟",
    "deploy": "部署 派遣 配備",
    "intelligence-service": "情报 情報",
    "police": "警方 警察",
    "court": "法院 法庭 裁判",
    "prosecutor": "检察 檢察 検察",
    "prison": "监狱 監獄 刑務",
    "accuse": "指控 指责 指責 非難",
    "suspect": "嫌疑 涉嫌",
    "investigate": "调查 調查 調査 捜査",
    "foreign-ministry": "交部 外務",
    "prime-minister": "首相 总理 總理",
    "president": "总统 總統 大統",
    "government": "政府",
    "parliament": "议会 議會 国会 國會 議会",
    "talks": "会谈 會談 谈判 談判 協議",
    "agreement": "协议 協議 协定 協定 合意",
    "cooperation": "合作 協力",
    "sovereignty": "主权 主權 主権",
    "ban": "禁止",
    "restrict": "限制",
    "warn": "警告",
    "retaliate": "报复 報復 反制",
    "sea": "海域",
    "oil": "石油",
    "gas": "天然",
    "trade": "贸易 貿易",
    "flight": "航班 飞行 飛行",
    "rescue": "救援",
    "death": "死亡 遇难 遇難",
    "cyber": "黑客 駭客",
}
# Round 22: Persian and Turkish (as ``monitor.events``), each concept's common word, written
# from the languages, and the Spanish, Portuguese, Italian and French forms three concepts
# missed ("universidade", "pesquisador", "suspeito"): a Persian report of a researcher's arrest
# as a spy met a Portuguese one on nothing but the event words.
_PERSIAN_TURKISH_CONCEPTS: dict[str, str] = {
    "border": "مرز sınır",
    "checkpoint": "گذرگاه",
    "tourist": "گردشگر turist",
    "citizen": "شهروند tabiiyet vatandaş",
    "us": "امریکا abd$ amerika",
    "uk": "انگلیس بریتانیا ingiltere britanya",
    "ukraine": "اوکراین ukrayna",
    "brazil": "برزیل brezilya",
    "finland": "فنلاند finlandiya",
    "sweden": "سوئد isveç",
    "china": "چین$ çin$",
    "navy": "دریایی donanma",
    "army": "ارتش ordu$ ordusu",
    "aircraft": "هواپیما جنگنده uçak uçağ",
    "airport": "فرودگاه havaliman",
    "vessel": "کشتی gemi$ gemisi gemiler",
    "war": "جنگ$ جنگی savaş",
    "attack": "حمله saldır",
    "threat": "تهدید tehdit",
    "security": "امنیت güvenlik",
    "defence": "savunma",
    "police": "پلیس polis",
    "court": "دادگاه mahkeme",
    "prison": "زندان hapis cezaevi",
    "researcher": "پژوهشگر araştırmacı investigador pesquisador ricercator chercheur",
    "university": "دانشگاه üniversite universidad",
    "suspect": "مظنون şüpheli suspeit sospett sospech soupçon",
    "intelligence-service": "istihbarat",
    "foreign-ministry": "خارجه dışişleri",
    "government": "دولت hükümet",
    "president": "cumhurbaşkan",
    "death": "کشته باختند öldü",
    "pilot": "خلبان",
    "sea": "دریای$ deniz",
}
extend(CONCEPTS, _CJK_CONCEPTS, _PERSIAN_TURKISH_CONCEPTS)

# The beat's own subjects: each in an eighth to a third of the tuning part's relevant articles
# (border 31%, the foreign ministry 24%, Ukraine 17%), or said of every story of the war
# (invasion, threat), so weak evidence of one event. At a half, not a fifth as the rules' terms
# in the term vectors: on the tuning part a fifth left a vector to its one rare concept and
# linked less (delivered recall 0.909 against 0.918) for more same-day stress (3.4% vs 3.2%).
_BEAT_TEXT = (
    "border defence security war government foreign-ministry us cooperation sea alliance "
    "ukraine invasion threat "
    # relations between the two states are a pillar of the beat (fisheries agreements, the
    # Barents Council, talks): the form a relation takes is said of many of its events
    "agreement talks council summit conference"
)
BEAT = frozenset(_BEAT_TEXT.split())
BEAT_WEIGHT = 0.5
# Words of one language's concepts that are another's function words: German "war" (was).
FALSE_FRIENDS: dict[str, frozenset[str]] = {"de": frozenset({"war"})}
VECTOR_CONCEPTS = 40


# The concepts one word tells (most tell none), cached: ``monitor.lexicon``.
concepts_of = Lexicon(CONCEPTS).of


def concepts_in(tokens: list[str], lang: str = "") -> Counter[str]:
    """How often each concept is told by ``tokens`` (``text.words`` of an article in ``lang``,
    its base code, when known)."""
    return tally(concepts_of, tokens, FALSE_FRIENDS.get(lang, frozenset()))


def concept_vector(*counts: Mapping[str, int]) -> dict[str, float]:
    """The L2-normalised log-tf vector of an article's concepts (``concepts_in``; several
    counts are added up), the beat's own subjects weighing ``BEAT_WEIGHT``."""
    total: Counter[str] = Counter()
    for c in counts:
        total.update(c)
    vec = {k: (1.0 + math.log(n)) * (BEAT_WEIGHT if k in BEAT else 1.0)
           for k, n in total.items() if n > 0}  # fmt: skip
    if len(vec) > VECTOR_CONCEPTS:
        vec = dict(sorted(vec.items(), key=lambda kv: (-kv[1], kv[0]))[:VECTOR_CONCEPTS])
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {k: round(v / norm, 4) for k, v in vec.items()}


# A link's evidence from the concept vectors of two articles in two languages: this much for
# each unit of cosine above CONCEPT_FLOOR. Below the floor, two articles on one beat share
# its subjects and little else (nine in ten of the tuning part's distinct-event pairs across
# languages stay under 0.25; half of its same-event pairs reach 0.55), so only the excess
# counts, and at a half: a translation telling the same things (cosine 0.9) adds 0.3, a
# same-day link on its own; two reports that agree on less need a name, a number or an event
# word besides. Tuning part: 0.7, or a floor of 0.2, made 2 wrong merges; 0.4, or a floor of
# 0.4, grouped fewer pairs.
CONCEPT_WEIGHT = 0.5
CONCEPT_FLOOR = 0.3


def concept_evidence(cos: float) -> float:
    """What a concept cosine adds to a link's evidence (``monitor.cluster``)."""
    return CONCEPT_WEIGHT * (cos - CONCEPT_FLOOR) if cos > CONCEPT_FLOOR else 0.0
