"""The beat's words in many languages: named groups a topic's rules refer to as ``@name``.

Wire copy about Norway and Russia is written in twenty-odd languages; a rule that knows
"Norway" in English, Norwegian and Russian only scores an Estonian, Finnish or Arabic report of
the same event as if it named neither country (issue #28, round 3). A rule term ``@norway``
stands for every form below, so ``sources.toml`` stays readable and each language is added in
one place.

Term syntax (``monitor.match`` compiles these):

- ``word`` — matched by stem, as every rule term (English and Norwegian Snowball stems for
  Latin script, Russian for Cyrillic);
- ``prefix*`` — any word that starts with ``prefix`` (case and diacritics folded): heavily
  inflected languages (Finnish "Venäjällä", Polish "Rosją", Ukrainian "Норвегії") and Arabic
  suffixes ("النرويجية");
- ``term@fi,et`` — a language-restricted term, a "false friend": it counts only in items of
  those languages (the item's language tag, "fi-FI" → "fi"). Estonian "Norra" (Norway) is
  Swedish "norra" (northern); Finnish "raja" (border) is a name in English; Estonian "vene"
  (Russian) is Finnish for boat.
- ``term@!da,sv`` — the other way round: a term that counts in every item but those languages'
  (an item with no language tag counts it). Norway's armed forces are "Forsvaret"; in a Danish
  item "Forsvaret" is Denmark's (issue #28 round 4: Danish reports of Russian warships in
  Danish straits scored as NATO in Norway).

Chinese and Japanese terms are matched as the words of an item are cut (``text.words``): in
overlapping pairs of characters, a longer term as consecutive pairs.

Arabic forms carry the proclitics news text attaches to a noun (و "and", ب "in", ل "for",
ال "the"), since Arabic writes them as one word with it.
"""

from __future__ import annotations

from monitor.errors import ConfigError
from monitor.text import HEBREW_PREFIXES


def _hebrew(*stems: str) -> tuple[str, ...]:
    """A country's stem alone and with each prefix Hebrew writes onto it (round 34)."""
    return tuple(p + stem for stem in stems for p in ("", *HEBREW_PREFIXES))


# fmt: off
NORWAY: tuple[str, ...] = (
    # en, no/da/nn/sv, is
    "Norway", "Norwegian", "Norwegians", "Norge", "Noreg", "norsk", "nordmenn", "nordmænd",
    "norrman", "norrmän", "norska", "Noregur", "Noregi", "Noregs", "Norðmenn", "norsk*",
    # northern Norway as one word ("Nordnorwegen", "Nordnorge", "nordnorsk"): the region
    # the beat is in, named without Norway
    "Nordnorweg*", "Nordnorge*", "nordnorsk*",
    # de, nl, fr, it, es, pt, ro, hu
    "Norwegen", "norwegisch*", "Noorwegen", "Noors", "Noorse", "Norvège", "norvégien*",
    "Norvegia", "norvegese", "norvegesi", "Noruega", "norueg*", "Norvegiei", "norvegian*",
    "Norvégia*", "norvég*",
    # pl, cs/sk, sl/hr/bs, lt, lv
    "Norwegi*", "norwesk*", "Norsko", "Norska", "Norsku", "norský", "norská", "norské",
    "Nórsko", "Norvešk*", "Norveška", "Norvegij*", "Norvēģij*",
    # fi, et (Estonian "Norra" is Swedish "norra", northern: Estonian items only)
    "Norja*", "norjala*", "Norra*@et",
    # Cyrillic: ru, uk, bg, sr
    "Норвеги*", "норвеж*", "Норвегії", "норвез*", "Норвешк*", "норвешк*",
    # uk (Ukrainian writes "Норвегія", "Норвегію" with its own і), be
    "Норвегі*", "Нарвегі*", "нарвежск*",
    # el, tr, ar
    "Νορβηγ*", "Norveç*", "النرويج*", "والنرويج*", "بالنرويج*", "للنرويج*", "النروج*",
    "والنروج*", "بالنروج*", "للنروج*", "نرويجي*",
    # zh, ja, ko ("挪俄": Norway and Russia, as Chinese writes a pair of countries; "ノルウエー",
    # an older Japanese spelling still in print)
    "挪威", "挪俄", "ノルウェー", "ノルウエー", "노르웨이*",
    # fa (its own yeh and kaf: the Arabic forms above do not find a Persian text)
    "نروژ*",
    # Round 34, languages no group held (written from the languages): hi, he (two spellings,
    # and the prefixes Hebrew writes onto a name: and, in, to, from, the, that), vi, az (as tr
    # above), ur, bn, ml, ka, hy, af
    "नॉर्वे*", "नार्वे*", *_hebrew("נורווג*", "נורבג*"),
    "Na Uy", "ناروے*", "নরওয়ে*", "നോർവേ*", "ნორვეგი*", "Նորվեգի*", "Noorweë", "Noorweeg*",
)

RUSSIA: tuple[str, ...] = (
    # en, no/da/nn/sv, is
    "Russia", "Russian", "Russians", "Moscow", "Kremlin", "Putin", "Russland", "russisk",
    "russer", "russere", "Moskva", "Rusland", "Ryssland", "rysk", "ryska", "ryssar", "Rússland*",
    "rússnesk*", "Rússar",
    # de, nl, fr, it, es, pt, ro, hu (short Romance forms stem like Norwegian "russ" and "rus",
    # a school-leaver and a high: only in their own languages' items)
    "russisch*", "Russen@de", "Moskau", "Russie", "russe@fr,it", "russes@fr", "Moscou",
    "russo@it,pt", "russa@it,pt", "russi@it", "Mosca@it", "Rusia", "ruso@es,pt", "rusa@es",
    "rusos@es", "rusas@es", "Moscú", "Rússia", "Rusiei", "Oroszorsz*", "orosz",
    # pl, cs/sk, sl/hr/bs, lt, lv
    "Rosj*", "rosyjsk*", "Moskwa", "Moskwie", "Rusko", "Ruska", "Rusku", "Ruskem", "ruský",
    "ruská", "ruské", "ruského", "ruských", "ruskou", "ruským", "Rusij*", "ruski", "ruske",
    "Krievij*", "krievu",
    # fi, et ("vene" is a Finnish boat: Estonian items only)
    "Venäj*", "venäläi*", "Venemaa*", "Vene@et",
    # Cyrillic: ru, uk, bg, sr
    "Росси*", "российск*", "русск*", "Москв*", "Кремл*", "Путин*", "РФ", "Росі*", "російськ*",
    "Русия", "руск*", "руснац*", "Русиј*",
    # be
    "Расі*", "расійск*", "Маскв*",
    # el, tr, ar
    "Ρωσ*", "Rusya*", "Rus@tr", "روسيا", "وروسيا", "لروسيا", "بروسيا", "الروس*", "والروس*", "روسي*",
    "موسكو", "الكرملين", "بوتين",
    # zh (simplified, traditional; "俄" stands for Russia in compounds: 俄军, 俄方, 中俄, and
    # begins Ohio's name, 俄亥俄, too rare on the beat to weigh), ja, ko
    # (the whole names too: their pairs are the beat's words, which clustering weighs down)
    "俄*", "俄罗斯", "俄羅斯", "俄国", "俄國", "普京", "普丁", "克里姆林", "莫斯科",
    "ロシア", "露軍", "プーチン", "モスクワ", "クレムリン", "러시아*", "푸틴*", "모스크바*",
    "USSR", "Soviet", "Sovjet",
    # fa
    "روسیه*", "روسی", "مسکو", "پوتین", "کرملین",
    # Round 34 (as in NORWAY): hi, he, vi ("Nga" is a given name too: Vietnamese items
    # only), az, ur (Urdu "روس": in Arabic a plural of "head"), bn, ml, ka, hy, kk, af
    "रूस", "रूसी", "मॉस्को", "मास्को", "पुतिन", "क्रेमलिन", *_hebrew("רוסי*"), "מוסקבה",
    "במוסקבה", "פוטין", "הקרמלין", "Nga@vi",
    "nước Nga", "Điện Kremlin", "Rusiya*", "rusiyalı*", "روس@ur", "রাশিয়া*", "রুশ", "റഷ്യ*",
    "რუსეთ*", "Ռուսաստան*", "ռուսական*", "Ресей*", "Russies*", "Rus@af",
)

BORDER: tuple[str, ...] = (
    # en, no/nn, da, sv, is
    "border", "frontier", "grense", "grensen", "grensa", "grenseovergang", "grensestasjon",
    "grensekontroll", "grensepassering", "grænse", "grænsen", "gräns", "gränsen", "landamær*",
    # de, nl, fr, it, es, pt, ro, hu
    "Grenze*", "grens", "grenzen", "frontière*", "confine", "frontiera", "frontera", "fronteira",
    "granița", "graniț*", "határ", "határon", "határán", "határt", "határátkel*",
    # pl, cs/sk, sl/hr/bs, lt, lv
    "granic*", "hranic*", "meja", "meji", "sien*@lt", "robež*",
    # fi, et ("raja" is a name in English)
    "raja*@fi", "piir*@et",
    # Cyrillic: ru, uk, bg, sr
    "границ*", "погранич*", "кордон*", "КПП",
    # el, tr, ar
    "σύνορ*", "sınır*", "الحدود", "حدود", "الحدودي*", "والحدود",
    # zh, ja, ko
    "边境", "邊境", "边界", "邊界", "边防", "邊防", "国境", "國境", "口岸", "국경*",
    # fa (not in Arabic items: the name Marzouq)
    "مرز*@!ar",
    # Round 34: hi, he, vi, az, id/ms, ur, bn, ml, ka, hy
    "सीमा", "גבול*", "הגבול*", "בגבול*", "לגבול*", "biên giới", "sərhəd*", "perbatasan*",
    "sempadan*", "سرحد*", "সীমান্ত*", "അതിർത്തി*", "საზღვ*", "սահման*",
)

MILITARY: tuple[str, ...] = (
    "NATO", "OTAN", "НАТО", "الناتو", "الأطلسي",
    # en, no, da/sv
    "military", "militær", "militär", "military exercise", "troops", "soldiers", "soldater",
    "Forsvaret", "armed forces", "navy", "naval", "submarine", "ubåt", "ubåd", "fighter jets",
    "kampfly", "exercise", "øvelse", "øving", "övning",
    # de, fr, it, es, pt, nl
    "Militär*", "Streitkräfte*", "Soldaten", "Truppen", "Manöver", "militaire*", "soldats",
    "troupes", "militar*", "truppe", "esercitazion*", "tropas", "ejercicio*", "exercício*",
    # pl, cs, fi, et, is
    "wojsk*", "żołnierz*", "ćwicze*", "armád*", "vojsk*", "cvičení", "sotila*", "armeij*",
    "puolustusvoim*", "sotaharjoitu*", "sõjavä*", "kaitseväe*", "õppus*", "heræfing*",
    # Cyrillic, ar
    "военн*", "войск*", "учения", "учений", "учениях", "військ*", "армі*", "арми*",
    "العسكري*", "تدريبات", "الجيش",
    # zh (simplified, traditional), ja, ko
    "北约", "北約", "军事", "軍事", "军队", "軍隊", "军方", "軍方", "部队", "部隊", "国防", "國防",
    "演习", "演習", "军演", "軍演", "士兵", "战机", "戰機", "军舰", "軍艦", "海军", "海軍", "空军",
    "空軍", "潜艇", "潛艇", "自衛隊", "防衛", "潜水艦", "戦闘機", "나토*", "군사*", "군대*",
    "훈련*",
    # fa, tr ("Asker" is a Norwegian town: Turkish items only), ko
    "ناتو", "نظامی*", "ارتش*", "رزمایش*", "askeri", "asker*@tr", "tatbikat*",
    "Silahlı Kuvvetler*", "미군*", "해군*", "공군*", "군함*", "잠수함*",
    # Round 34: hi, he, vi, az, id/ms, ur, bn, ml, ka, hy, af
    "सेना*", "सैन्य", "सैनिक*", "नौसेना*", "नाटो", "युद्धाभ्यास", "पनडुब्बी*", "צבא*", "הצבא*",
    "צבאי*", "חיילים", "חיילי*", "תרגיל*", "צוללת*", "quân sự", "quân đội", "binh sĩ",
    "tập trận", "tàu ngầm", "hərbi", "ordu*@az", "təlim*", "militer", "tentara", "tentera",
    "ketenteraan", "pasukan", "kapal selam", "فوج*", "সামরিক", "সেনা*", "ন্যাটো", "സൈനിക*",
    "നാറ്റോ", "სამხედრო*", "ნატო*", "ռազմական*", "ՆԱՏՕ*", "militêr*",
)

# Russia's northern bases and waters in other languages than the rules' own.
NORTHERN_FLEET: tuple[str, ...] = (
    "Northern Fleet", "Nordflåten", "Северный флот", "Северного флота", "Nordflotte*",
    "flotte du Nord", "Flota Północna", "Floty Północnej", "Severní flotil*",
    "Pohjoisen laivast*", "Põhjalaevastik*", "Північн* флот*", "Nordflåde*", "Norra marinen",
    "北方舰队", "北方艦隊", "북방함대*",
)
BARENTS_SEA: tuple[str, ...] = (
    "Barents Sea", "Barentshavet", "Barentsee", "Barentszee", "Barentsinmer*", "Barentsi meri",
    "Barentsi mere", "mer de Barents", "mare di Barents", "mar de Barents",
    # Polish and Czech put "Barents" in the genitive after "sea": "Barentsa" alone would stem
    # to "barents" and find the Barents Observer and the Barents Spektakel festival.
    "Morze Barentsa", "Morza Barentsa", "Morzu Barentsa", "Barentsovo moře",
    "Баренцево море", "Баренцевом море", "Баренцева моря", "Баренцове море", "Баренцевого моря",
    "بحر بارنتس",
    "巴伦支海", "巴倫支海", "バレンツ海", "바렌츠해*",
)
KOLA: tuple[str, ...] = (
    "Kola", "Kola Peninsula", "Kolahalvøya", "Kola-Halbinsel", "Kolski*", "Kuolan", "Koola",
    "Кольск*", "Кольськ*",
    "科拉半岛", "科拉半島", "コラ半島", "콜라반도*",
)

# Other countries, for the title lists that say whose border, spy case or expulsion an item
# is about ("Finnland schliesst Grenze zu Russland"). Lithuania is not among them: Norway's
# spy exchange with Russia took place there.
FINLAND: tuple[str, ...] = (
    "Finland", "Finnish", "finsk*", "Suomi*", "Finnland*", "finnisch*", "Finlande",
    "finlandais*", "Finlandia", "Finlandii", "Finlandię", "fińsk*", "finlandés", "Finlândia",
    "Finnlandi", "Soome*@et", "Финлянди*", "финск*", "фински", "Фінлянді*", "фінськ*", "Финск*",
    "فنلندا", "芬兰", "芬蘭", "フィンランド", "핀란드*",
    # tr, fa, it, pt
    "Finlandiya*", "فنلاند", "finlandese", "finlandesi", "finlandês",
    # round 23: Arabic with its proclitics and the Finnish adjective, Persian's shorter
    # spelling ("فنلند"), the endings Nordic and Dutch put on "Finland" ("Finlands"), Czech,
    # Swedish "finska", Greek
    "فنلند*", "وفنلند*", "بفنلند*", "لفنلند*", "فنلاند*", "Finland*", "Finsko", "Finska",
    "Φινλανδ*",
    # round 25: Finland's crossings with Russia and its Lapland, which a title names instead
    # of the country ("Salla", "Raja-Jooseppi", "eastern Lapland")
    "Salla", "Салла", "Raja-Jooseppi", "Райя-Йоосеппи", "Vartius", "Вартиус", "Kuusamo",
    "Niirala", "Ниирала", "Vaalimaa", "Ваалимаа", "Nuijamaa", "Нуйямаа", "Imatra", "Иматра",
    "Торфяновка", "Lapland", "Lappi", "Laponia", "Lapponia",
)
ESTONIA: tuple[str, ...] = (
    "Estonia", "Estonian", "Estland", "estisk*", "Eesti*", "Estonie", "estonien*", "Estonii",
    "estońsk*", "Estonsk*", "Viro*@fi", "Эстони*", "эстонск*", "Естоні*", "إستونيا", "爱沙尼亚",
    "愛沙尼亞", "エストニア",
    # tr, fa, ko, pt
    "Estonya*", "استونی", "에스토니아*", "Estónia", "Estônia",
)
LATVIA: tuple[str, ...] = (
    "Latvia", "Latvian", "Latvija*", "Lettland", "latvisk*", "Lettonie", "Lettonia", "Łotw*",
    "Lotyšsk*", "Latvi*@fi", "Läti*@et", "Латви*", "латвийск*", "Латві*", "لاتفيا", "拉脱维亚",
    "拉脫維亞", "ラトビア",
    # Spanish, Portuguese and Romanian (round 5c: "Letonia construirá un cerco")
    "Letonia", "Letónia", "Letônia", "letón", "letona",
)
# Round 25: Lithuania, which the neighbours lacked (its Kaliningrad transit is Baltic news that
# names Russia and its border, as Latvia's and Estonia's fences are).
LITHUANIA: tuple[str, ...] = (
    "Lithuania", "Lithuanian", "Litauen", "litauisk*", "Lituanie", "lituanien*", "Lituania",
    "Lituânia", "Litw*@pl", "litewsk*", "Litv*@cs", "Liettua*", "Leedu*@et", "Lietuv*",
    "Litháen*", "Litván*", "Litvanya*", "Литв*", "литовск*", "литовськ*", "Λιθουαν*",
    "ليتوانيا", "لیتوانی", "立陶宛", "リトアニア", "리투아니아*",
)
# The three Baltic states, as the rules list another country's border in ``title_none_of``: one
# name for the three, so a rule cannot list two of them and miss the third (round 25 found
# Lithuania missing from four such lists).
BALTIC_STATES: tuple[str, ...] = ESTONIA + LATVIA + LITHUANIA
POLAND: tuple[str, ...] = (
    "Poland", "Polen", "polsk", "polske", "Pologne", "Polonia", "Polsk*@pl", "Puola*", "Poola*",
    "Pólland*", "Польш*", "Польщ*", "بولندا", "波兰", "波蘭", "ポーランド",
)
SWEDEN: tuple[str, ...] = (
    "Sweden", "Swedish", "Sverige", "svensk*", "Schweden", "schwedisch*", "Suède", "suédois*",
    "Svezia", "Suecia", "Szwecj*", "Švédsk*", "Ruotsi*", "Rootsi*@et", "Svíþjóð*", "Швеци*",
    "шведск*", "Швеці*", "السويد",
    "瑞典", "スウェーデン", "스웨덴*",
)
DENMARK: tuple[str, ...] = (
    "Denmark", "Danish", "Danmark", "dansk*", "Dänemark", "dänisch*", "Danemark", "danois*",
    "Danimarca", "Dinamarca", "Dania@pl", "Danii@pl", "Dánsk*", "Tanska*", "Taani*@et",
    "Danmörk*", "Дания", "Дании", "Данию", "датск*", "Данія", "Данії", "الدنمارك", "丹麦", "丹麥",
    "デンマーク",
)
GERMANY: tuple[str, ...] = (
    "Germany", "Tyskland", "Deutschland", "Allemagne", "Germania", "Alemania", "Niemc*",
    "Německ*", "Saksa*@fi", "Saksamaa*", "Þýskaland*", "Германи*", "Німеччин*", "ألمانيا", "德国",
    "德國", "ドイツ",
)
# Drones, as the beat's reports name them: the Russians flying them over Norway (October 2022)
# and the ones that closed Norway's airports (September 2025). "مسيرات" is also marches, but
# beside Norway or Russia it is drones. Norwegian "dronning" is a queen, and its English stem
# is "dron", the stem of "drone" too: the English and Norwegian forms are prefixes, and the
# short Slavic and Romance ones count in their own languages' items only.
DRONE: tuple[str, ...] = (
    # en, no/da, sv, fi, et, de, nl, es/it/fr/pt/pl/cs/ro
    "drone*", "dronar*", "drönare*", "drooni*", "droon*@et", "Drohne*", "drony", "dronów",
    "droni", "dron@es,pt,pl,cs,sk,sl,hr,sr,bs,ro,tr", "dronă@ro", "drona@ro",
    "drón*@hu,sk,is,cs", "dronov*", "dronu", "UAV",
    # ru, uk
    "дрон", "беспилотник", "беспилотн*", "БПЛА", "безпілотн*",
    # tr, ar, fa
    "insansız hava aracı*", "طائرة مسيرة", "طائرات مسيرة", "طائرة بدون طيار", "طائرات بدون طيار",
    "مسيرات", "مسيرتان", "مسيرتين", "پهپاد*",
    # zh (simplified, traditional), ja, ko
    "无人机", "無人機", "ドローン", "드론*",
    # Round 34: hi, he, vi, id/ms, af
    "ड्रोन", "רחפן*", "máy bay không người lái", "pesawat nirawak", "hommeltuig*",
)
# Ukraine's drones striking Russia (Olenya, Murmansk, a warship): the strike, as a report names
# it. Not the beat; in a title it says whose drones the Murmansk or "Russian" words are about.
DRONE_STRIKE: tuple[str, ...] = (
    # en, no/da, sv, fi, de, pl, es, fr, it, tr, ar, ru, uk, zh (simplified, traditional), ja
    "drone attack*", "drone strike*", "attacked by drones", "Ukrainian drone*", "Ukraine drone*",
    "naval drone*", "sea drone*", "droneangrep*", "ukrainske droner", "droneangreb*",
    "drönarattack*", "drooni-isku*", "droonihyökkäy*", "Drohnenangriff*", "ukrainische Drohne*",
    "atak* dron*", "ataque* con dron*", "ataque* de dron*", "attaque* de drone*",
    "attacc* di droni", "attacco con droni", "İHA saldırı*", "هجوم بطائرات مسيرة",
    "هجمات بطائرات مسيرة", "атак* беспилотник*", "атак* БПЛА", "атак* дрон*",
    "украинск* беспилотник*", "украинск* дрон*", "ВСУ", "атак* безпілотник*", "ЗСУ",
    "беспилотник* атак*", "дрон* атак*", "безпілотник* атак*", "无人机袭击", "無人機襲擊",
    "乌无人机", "烏無人機", "ドローン攻撃",
)
# Svalbard by its names in the beat's languages: Finnish, Estonian and Czech name it for its
# mountains ("Huippuvuoret", "Teravmäed", "Špicberky"), the others transcribe it.
SVALBARD: tuple[str, ...] = (
    "Svalbard*", "Spitsbergen", "Spitzbergen", "Spitzberg", "Spitsberg", "Longyearbyen",
    "Huippuvuor*", "Teravmäe*", "Špicberk*", "Špicbergy", "Svalbār*",
    "Шпицберген*", "Свальбард*", "Свалбард*", "Шпіцберген*", "Шпіцбэрген*", "Σβάλμπαρ*",
    "Σπιτσβέργη*", "سفالبارد", "وسفالبارد", "سوالبارد", "اسوالبارد", "斯瓦尔巴*", "斯瓦爾巴*",
    "スバールバル*", "スヴァールバル*", "스발바르*",
)
# Cables on the sea floor, named as cables (not a bare "cable", which is also a TV network or a
# wire transfer): both cable rules in sources.toml use them, one with Russia and Norway, one with
# a High North place.
UNDERSEA_CABLE: tuple[str, ...] = (
    # en
    "undersea cable*", "subsea cable*", "seabed cable*", "submarine cable*", "fiber cable*",
    "fibre cable*", "fiber optic cable*", "fiberoptic cable*",
    # no, da, sv, de
    "sjøkabel*", "søkabel*", "sjökabel*", "fiberkabel*", "kabelbrudd*", "fiberbrudd*",
    "fiberbrot*", "undervannskabel*", "undervandskabel*", "undervattenskabel*", "Svalbardkabel*",
    "Seekabel*", "Unterseekabel*",
    # ru
    "подводн* кабел*", "оптоволоконн* кабел*",
    # es, pt, fr, it, nl, pl, fi, et, tr
    "cable submarino", "cables submarinos", "cabo submarino", "cabos submarinos",
    "câble sous-marin", "câbles sous-marins", "cavo sottomarino", "cavi sottomarini",
    "onderzeese kabel*", "kabel* podmorsk*", "merikaapel*", "merenalai* kaapel*",
    "veealus* kaab*", "denizaltı kablo*",
    # ar, fa
    "الكابل البحري", "الكابلات البحرية", "كابل بحري", "كابلات بحرية", "کابل زیردریایی",
    "کابل‌های زیردریایی",
    # zh (simplified, traditional), ja, ko
    "海底电缆", "海底電纜", "海底光缆", "海底光纜", "海底ケーブル", "해저 케이블", "해저케이블*",
)
# Sport told through its people and bodies (issue #28 round 4: Russian skiers travelling home
# through Kirkenes, a ski federation's chief on banning Russians): a title naming them says the
# item is sport, whatever border town or country it names.
SPORT: tuple[str, ...] = (
    "football", "soccer", "ice hockey", "handball", "biathlon", "ski jumping", "cross-country",
    "skier", "skiers", "skiing", "ski federation", "athletes", "Olympics", "World Cup",
    "fotball*", "ishockey*", "håndball*", "skiskyt*", "hopprenn*", "langrenn*", "skiløper*",
    "løpere", "løperne", "skiforbund*", "landslag*", "idrett*", "utøvere", "utøvarar",
    "løparar", "løparane", "skiløpar*", "skiløber*", "løbere", "løberne", "skidåkar*",
    "längdåkar*", "löpare", "löparna", "fodbold*", "idræt*", "skidskytt*", "längdskid*",
    "idrott*", "Fußball*", "Skiverband*", "Langläufer*", "Skispringer*", "biathlet*",
    "Weltcup*", "футбол*", "хоккей*", "гандбол*", "биатлон*", "лыжн*", "спортсмен*",
    "олимпийск*", "Олимпиад*", "сборная", "сборной", "сборную", "чемпионат*",
    # round 5c: German skiing and national teams, youth sides, French, Spanish and Polish
    # football ("Gold in Langlauf-Teamsprints an Norwegen und Russland")
    "Langlauf*", "Skilanglauf*", "Teamsprint*", "Nationalmannschaft*", "Nationalspieler*",
    "Länderspiel*", "U21", "U-21", "footballeur*", "sélectionneur*", "fútbol*", "futbolist*",
    "piłkar*",
    # round 24, written from the languages: skiing, hockey, handball, championships and
    # athletes in es/pt/fr/it, nl, pl, fi, tr, ar, el, uk ("Los rusos ganan el oro en relevos
    # de esquí de fondo, delante de Noruega"; "les Mondiaux"). Not medals: Norway's medals
    # for the Soviet veterans who freed Finnmark are the beat.
    "esquí*", "esquiador*", "balonmano", "baloncesto", "biatlón", "deportista*", "futebol",
    "andebol", "esqui", "Mondiaux", "championnat*", "skieur*", "ski de fond", "sci di fondo",
    "sciator*", "pallamano", "Mondiali", "voetbal*", "ijshockey", "schaats*", "hokej*",
    "narciar*", "skoki narciarskie", "mistrzostw*", "jalkapallo*", "jääkiekko*", "hiihto*",
    "hiihtäj*", "ampumahiihto*", "urheil*", "futbol*", "milli takım*", "كرة القدم", "التزلج",
    "ποδόσφαιρ*", "χόκεϊ", "збірн*", "чемпіонат*",
    # zh (simplified, traditional), ja
    "足球", "冰球", "滑雪", "冬奥", "冬奧", "奥运", "奧運", "运动员", "運動員", "世界杯", "世界盃",
    "国家队", "國家隊", "サッカー", "スキー", "五輪", "オリンピック", "代表チーム",
)
# fmt: on

GROUPS: dict[str, tuple[str, ...]] = {
    "norway": NORWAY,
    "russia": RUSSIA,
    "border": BORDER,
    "military": MILITARY,
    "northern-fleet": NORTHERN_FLEET,
    "barents-sea": BARENTS_SEA,
    "svalbard": SVALBARD,
    "drone": DRONE,
    "drone-strike": DRONE_STRIKE,
    "kola": KOLA,
    "finland": FINLAND,
    "estonia": ESTONIA,
    "latvia": LATVIA,
    "lithuania": LITHUANIA,
    "baltic-states": BALTIC_STATES,
    "poland": POLAND,
    "sweden": SWEDEN,
    "denmark": DENMARK,
    "germany": GERMANY,
    "sport": SPORT,
    "undersea-cable": UNDERSEA_CABLE,
}


def expand(terms: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """``terms`` with every ``@group`` replaced by the group's terms, in order, without repeats.

    Raises ConfigError for a group that does not exist (a typo must not silently empty a rule).
    """
    out: dict[str, None] = {}
    for term in terms:
        if term.startswith("@"):
            group = GROUPS.get(term[1:])
            if group is None:
                known = ", ".join("@" + g for g in GROUPS)
                raise ConfigError("topics", [f"unknown term group {term!r} (known: {known})"])
            out.update(dict.fromkeys(group))
        else:
            out[term] = None
    return tuple(out)
