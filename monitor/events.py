"""Event words: what happened, one concept across languages (issue #26, round 3).

Two reports of one event in two languages often share no word and no cognate: "Russia expels
3 Norwegian diplomats", "Russland utviser tre norske diplomater", "Россия объявила о высылке
трех дипломатов". What they share is *what happened*: an expulsion, of diplomats. This module
maps the beat's event words (expel, jamming, drone, exercise, fence, arrest, quota...) in
English, Norwegian (both forms), Danish, Swedish, German, Russian and partly Ukrainian, Polish,
Dutch, Czech, French, Spanish, Italian, Portuguese, Greek, Finnish, (round 25) the South
Slavic languages, (round 26) each language's news forms of every concept, (round 34)
Indonesian, Malay, Vietnamese, Hindi and Hebrew, (round 35) Azerbaijani and (round 36)
Icelandic's compounds and news forms to one concept each, so clustering can compare what two
articles tell whatever their language (``monitor.cluster``).
Round 10 gave the most told concepts (expel, diplomat, spy, arrest, exercise, fish...) their
Italian, Greek and Finnish words, and round 10b their Arabic ones: a Greek or Italian wire
report of an expulsion, an Arabic one of a missile test, shared no event word with the English
one. Arabic writes its proclitics ("and", "the", "in") as one word with the noun, so its
stems match inside a word (``~``), each checked against the common words that hold it
("محدود", limited, holds "حدود", border; Kabul is "كابل", a cable). Country names are not
here: every story on the beat names Norway and Russia, and other countries are weak evidence
(``COUNTRY_NAMES``).

Stems are written folded (``text.fold``: lower case, no diacritics, ø → o, æ → ae, й → и).
A stem matches at the start of a word; a stem marked ``~`` also inside one, for compounds
("støysending", "diplomatutvisning"); one marked ``$`` is a whole word ("port", not
"portal"). Words are looked up once each (``_concepts_of`` is cached): an article costs a
dictionary look-up per word, not a scan of the lexicon.
"""

from __future__ import annotations

from collections import Counter

from monitor.lexicon import Lexicon, extend
from monitor.text import words

# concept → its stems. Kept to words that tell what happened; the beat's setting (Norway,
# Russia, border, NATO) is in every article and says nothing about which event.
EVENT_WORDS: dict[str, str] = {
    "expel": "expel expuls ~utvis ~udvis ausweis ausgewiesen высыл выслат выслан выслал висил "
    "вислал вислан wydal протер grata$ грата$ nongrata uonsk unwanted нежелател uitgewezen "
    "uitwijz uitzett vyhos espuls απελα karkot ~طرد",
    "diplomat": "diplomat дипломат ambassad embass посол botschaft ambasad konsul consul консул "
    "velvyslan konzul διπλωματ πρεσβ diplomaat ambasciat embajad ~دبلوماس ~سفارة ~سفير",
    "spy": "spy$ spies$ spying ~spion шпион шпигун ~etterretning intelligence разведк розвідк "
    "agent агент inlichtingen rozvedk zpravodajsk spia$ spie$ espia$ espias$ κατασκοπ vakoil "
    "~تجسس ~جاسوس ~استخبار",
    "jamming": "jam$ jams$ ~forstyrr ~storsend ~stoysend ~jamm глуш помех storning storung "
    "interferen radiostoy ~verstoring ruseni rusic ~تشويش",
    "gps": "gps гпс",
    "drone": "~dron дрон беспилот drohne bezzalog ντρον lennok ~درون",
    "exercise": "exercis drill ~ovels ~oving ~ovning учени навчан manoeuv maneuv cwiczen wargame "
    "esercitazion ejercicio exercicio تدريب التدريب ~oefening cvicen manevr exercice ασκησ "
    "~مناورات ~مناورة ~تدريبات",
    "close": "close$ closed closes closing closur shut ~steng stang lukk закры закрив zamkn "
    "schliess geschloss fermet ferme$ fermer cierr sluit gesloten uzavr zavr chius cerra κλεισ "
    "suljet sulke ~اغلاق",
    "port": "port$ ports$ ~havn ~hamn порт hafen haven$ havens pristav",
    "fence": "fence ~gjerd забор огражд паркан ogrodzen clotur стена$ стену$ стената$ преграда "
    "aed$ tara$ taraga$ hekwerk ~grenshek omheining oploc",
    "refugee": "refuge ~asyl migrant flyktning flygtning flykting беженц мигрант бiженц біженц "
    "fluchtling uchodzc vluchteling asiel azyl uprchl rifugiat refugiad refugie προσφυγ μεταναστ "
    "pakolai ~لاجئ",
    "bicycle": "bicyc bike ~sykkel ~cykel ~sykle ~cykla ~cykle велосипед fahrrad rower fiets jizdn",
    "arrest": "arrest ~pagrep ~pagrip anhold gripen festnahm festgenommen задерж арест заарешт "
    "zatrzym detain varetekt fengsl gearresteerd aangehouden zatc zadrz συνελ συλληψ pidat "
    "detenid detenu ~اعتقال ~القبض ~احتجاز",
    "convict": "~dømt sentenc convict осужд осуд приговор вирок verurteil skazan odsouz condann "
    "condena condamn καταδικ tuomit",
    "desert": "desert дезертир avhopp defect overlop перебежч flee$ fled$ flees$ fleeing escape "
    "~flykte ~flygte fluchtet fuit$ fuir huyo сбежал бежал втек overgelopen dezert",
    "marines": "~marines морпех пехот marinak",
    "submarine": "submarin ~ubat ~ubad подлодк подводн podwodn uboot ponork sottomarin υποβρυχ",
    "warship": "warship frigat фрегат krigsskip destroyer эсминец carrier авианос hangarskip "
    "oorlogsschip fregat vliegdekschip torpedoborec sotalaiv buque ~فرقاطة ~مدمرة",
    "intercept": "intercept перехват avskjaer avskjer scrambl ~kampfly истребител fighter "
    "jagerfly onderschep gevechtsvliegtuig stihac αναχαιτ torjuntahav ~اعتراض",
    "bomber": "бомбардир ~bombefly bombplan bombarder ~قاذفات ~قاذفة",
    "airspace": "airspace ~luftrom ~luftrum воздушн luftraum luchtruim vzdusn",
    "violation": "violat ~krenk brudd verletz geschonden narusen porusen",
    "sanction": "sanction ~sanksjon sanktion санкц sanctie sankc sanzion κυρωσ pakot ~عقوبات",
    "entry": "entry innreis indrejs inresa einreis въезд wjazd inreis vjezd",
    "vehicle": "car$ cars$ vehicle ~bilar ~biler автомоб машин kjoretoy fahrzeug samochod auto$ "
    "autos$ voertuig vozidl automobil bil$ bilen$ bilene$",
    "quota": "quota ~kvot квот",
    "fish": "fisher fishing ~fisk рыбол рыбак рыбн треск cod$ torsk trawler ~traler траулер "
    "visserij vissers rybar rybolov pesc pesquer pesqueir pecheur peche$ αλιε kalastu صيد$ ~لصيد "
    "~اسماك",
    "withdraw": "withdraw secede quit$ quits$ quitting leave$ leaves$ leaving выход выиде выити "
    "austritt uttrad trekk træk wystap terugtrek uittred odstoup vystoup",
    "journalist": "journalist журналист редактор editor ~redaktor reporter novinar giornalist "
    "periodist δημοσιογραφ",
    "nuclear": "nuclear ~atom ядерн kjernefys nukle nucleair kernwapen jadern πυρηνικ ydinase "
    "~نووي",
    "missile": "missil ~rakett ракет rocket rakiet raket misil πυραυλ ohjus ~صاروخ ~صواريخ",
    "radar": "radar радар",
    "cable": "cable ~kabel ~kabl кабел sabota саботаж",
    "visit": "visit визит wizyt navstev ~زيارة",
    "satellite": "satellit спутник satelit",
    "protest": "protest протест summon ~innkall innkalt вызв demarche демарш διαμαρτυρ ~احتجاج",
    "mobilise": "mobilis mobiliz мобилиз",
    "helicopter": "helicopt vrtuln elicott ελικοπτ ~مروحية",
    "crash": "styrt krasj авари катастроф ulykk ~flystyrt ~helikopterstyrt ~flygolyck ~flyulyk "
    "~abgesturz sturzt$ sturzte$ katastrof precipita$ precipitato$ precipitata$ разбил "
    "neergestort havari zritil zricen ~تحطم",
    "visa": "visa$ visum виза визы визу vizum viza$",
    "swap": "swap exchang ~utveksl обмен uitwissel vymen",
    "suspend": "suspend ~frys заморож opgeschort pozastav приостанов призупин sospes sospend "
    "zawies keskeyt αναστολ",
    # no kind (``KINDS``): what is cancelled (an exercise, a visit) tells the kind
    "cancel": "cancel ~avlys ~aflys installd installt abgesagt absag отмен annul odwol الغاء "
    "الغيت الغت$ afgelast geannul zrusen zrusil",
    "base": "base$ bases$ ~basen базы базу basis$ zakladn",
    "air-defence": "~luftvern ~luftvarn пво противовоздуш flugabwehr luchtverdediging protivzdusn",
    "troops": "troop ~tropp войск вiйськ військ soldier ~soldat военнослужащ troepen vojac trupp "
    "tropa$ tropas$ troupe στρατιωτ sotilai sotilas$ ~جنود ~قوات",
    # Round 25: a raised readiness (an alert level, "beredskap", "боевая готовность"), which
    # the table lacked: five reports of Norway's raised readiness in five languages (the
    # fifteenth set) shared no event word. Written from the languages; "alert" is also the
    # Romance "alerta", "alerte". Whole words where a compound or case means something else:
    # the Norwegian "justis- og beredskapsminister" is a minister, the German
    # "Gesprächsbereitschaft" and the Russian, Ukrainian and Polish nominatives ("выразил
    # готовность") a willingness to talk.
    "readiness": "readiness alert allert beredskap$ beredskapen$ beredskapet$ beredskab$ "
    "beredskabet$ beredskapsniva ~hoyberedskap ~krigsberedskap bereitschaft$ alarmbereit "
    "einsatzbereit gefechtsbereit kampfbereit alarmstuf paraat готовности$ боеготов "
    "готовності$ боєготов gotowosci$ pohotovost ~valmiustil puolustusvalmiu taisteluvalmiu "
    "valmiuden$ valmiutta$ valmiuttaan$ valmidus prontidao ετοιμοτητ ~تاهب امادگی teyakkuz "
    "viðbunað keszults приправност pripravnost 战备 警戒",
    # Round 25: a cyber attack (on the Storting in 2020 and 2021), which the table lacked
    # too. Not the Greek "κυβερν" alone (a government), nor the Japanese katakana (pairs of
    # which start other loans), nor the Turkish "siber" inside "Siberia".
    "cyber": "cyber ciber kyber kiber kuber siber$ кибер кібер hacker hacked hacking haker "
    "hakker хакер ~dataangrep ~datainnbrudd ~dataintrang ~tietomurto κυβερνοεπ ~سيبران "
    "سایبر 黑客 络攻 사이버 해킹",
}

# Round 12: the concepts above in the languages the table lacked or told only in part
# (Finnish compounds, Estonian, Icelandic, Hungarian, Romanian, and Polish, Ukrainian, Swedish,
# Danish, Dutch case forms), each concept completed word by word from the languages' own
# vocabulary, not from the corpus's items. Icelandic keeps its þ and ð (``text.fold`` leaves
# them). A prison is a content word (``monitor.concepts``), never "convict": told in one
# headline and not the other, it made a sentence and a spy case two kinds of event.
_MORE_WORDS: dict[str, str] = {
    "expel": "valjasaad brottvis выдвор видвор expulz kiutasit",
    "diplomat": "saatkon suursaadik suurlahetyst suurlahettil sendira sendiherr nagykovet",
    "spy": "spioon luure tiedustel njosn kemked szpieg",
    "jamming": "~hairin zakloc ~truflun ~truflan",
    "drone": "droon",
    "exercise": "~harjoitu ~oppus ~aefing ~gyakorlat exercitii exercitiu",
    "close": "sulge sulet закрит lezar",
    "port": "sadam hofn$ hafnar$ portu$ porty$ portow$ porcie$ kikot",
    "fence": "aita$ aidan$ aidat$ aitaa$ ~girðing kerites",
    "refugee": "turvapaik pagula pogenik flottam haelisleit menekult",
    "bicycle": "polkupyor jalgrat ~reiðhjol kerekpar bicikl",
    "arrest": "vahista handtek letartozt orizet arestat затрим",
    "convict": "daemd elitel засудж",
    "submarine": "allveelaev ~kafbat tengeralattjar підвод",
    "warship": "sojalaev ~herskip okret ~kriegsschiff zerstorer orlogs krigsskib",
    "intercept": "havittaj havitaja mysliwc винищув ~abfangjag ~kampfjet ~jaktplan orrustuþot "
    "vadaszgep",
    "bomber": "bombowc бомбардув ~pommikon pommitaja",
    "airspace": "~ilmatil ohuruum powietrzn повітрян lofthelg legter",
    "violation": "~loukkau loukkas rikkum megsert ~krankning ~kraenk",
    "sanction": "sanktsio refsiaðger þvingun szankci sanctiun",
    "entry": "maahantul sissesoi",
    "quota": "kwot kvoot ~fangquot",
    "fish": "kalandus kalur rybolow rybac рибал рибн halasz",
    "journalist": "ajakirjanik blaðama dziennikar ujsagir журналіст jurnalist",
    "nuclear": "tuumar kjarnorku jadrow ydinvoim ydinsuk",
    "missile": "eldflaug",
    "radar": "tutka$ tutkan$ tutkat$ tutkaa$ ρανταρ ~رادار",
    "cable": "kaabel",
    "visit": "vierail visiit heimsok latogat візит vizit",
    "satellite": "satelliit супутник",
    "protest": "vastalau виклик",
    "mobilise": "мобіліз liikekann",
    "helicopter": "вертол þyrl",
    "crash": "maahansyo onnettomuu allakuk rozbil розбив brotlend lezuhan",
    "visa": "viisum viisa$ viisad$ wizow wizy$",
    "swap": "wymian обмін ~vankienvaih ~austausch ~utvaxl ~udveksl ~fogolycser",
    "cancel": "peruut perutt tuhist скасув",
    "base": "baza$ bazy$ bazie$ база$ базе$ baas$ baasi$ bazis",
    "air-defence": "ilmatorjun ппо$ ohukaits",
    "troops": "joukko$ joukkoja$ joukot$ joukkojen$ vaeosa sodur hermenn katona zolnierz trupe$",
}
# Chinese (simplified and traditional) and Japanese: ``text.words`` cuts their runs into pairs
# of characters, so each word is written here as a pair that tells it ("驱逐", expel; "交官" of
# "外交官", a diplomat, not "外交" of "外交部", the foreign ministry; "无人" of "无人机", a
# drone; a longer word by a pair only it holds). The destroyer, "驱逐舰", is kept whole
# (``text``) and is a warship, not an expulsion.
_CJK_WORDS: dict[str, str] = {
    "expel": "驱逐 追放",
    "diplomat": "交官 使馆 大使 领事",
    "spy": "间谍 スパ 谍活",
    "jamming": "干扰 妨害",
    "drone": "无人",
    "exercise": "演习 军演 训练",
    "close": "关闭 封锁 閉鎖",
    "port": "港口 港湾",
    "fence": "围栏 栅栏 围墙",
    "refugee": "难民 庇护",
    "bicycle": "自行 单车 自転",
    "arrest": "逮捕 拘留 拘捕 被捕 拘束 扣押",
    "convict": "判刑 定罪 有罪 徒刑",
    "desert": "逃兵",
    "marines": "陆战 海兵",
    "submarine": "潜艇 潜水",
    "warship": "军舰 战舰 驱逐舰 护卫",
    "intercept": "拦截 伴飞 迎撃",
    "bomber": "轰炸 爆撃",
    "airspace": "领空 空域",
    "violation": "侵犯 违反 侵入",
    "sanction": "制裁",
    "entry": "入境 入国",
    "quota": "配额 限额",
    "fish": "渔业 捕鱼 鳕鱼 渔船",
    "journalist": "记者",
    "nuclear": "核武 核潜 核动 核弹 核兵",
    "missile": "导弹 飞弹 ミサ",
    "radar": "雷达",
    "cable": "电缆 海缆",
    "visit": "访问 出访",
    "satellite": "卫星",
    "protest": "抗议",
    "mobilise": "动员",
    "helicopter": "直升 ヘリ",
    "crash": "坠毁 坠机 失事 墜落",
    "visa": "签证 ビザ",
    "suspend": "暂停 中止",
    "cancel": "取消",
    "base": "基地",
    "air-defence": "防空",
    "troops": "部队 士兵",
}
# Korean separates its words with spaces and ends them with particles ("러시아도", "노르웨이서"):
# its stems match at the start of a word, as Latin ones do, each at least two syllables (a
# folded syllable is its letters, and one would start other syllables).
_KOREAN_WORDS: dict[str, str] = {
    "expel": "추방",
    "diplomat": "외교관 대사관",
    "spy": "간첩 스파이",
    "drone": "드론 무인기",
    "exercise": "훈련 군사훈련 연합훈련",
    "close": "폐쇄 봉쇄",
    "arrest": "체포 구금",
    "convict": "유죄 징역",
    "submarine": "잠수함",
    "warship": "군함 구축함 호위함",
    "intercept": "요격 긴급발진",
    "bomber": "폭격기",
    "airspace": "영공",
    "violation": "침범",
    "sanction": "제재",
    "crash": "추락",
    "missile": "미사일",
    "jamming": "전파방해 교란",
    "fish": "어업 어선 조업",
    "quota": "할당량 쿼터",
    "visit": "방문",
    "troops": "병력 장병",
}
# Round 22: Persian and Turkish, which the table lacked, and the Portuguese, Spanish, Italian
# and French forms it missed (a Portuguese spy, "espião"; a Spanish aircraft that "se
# estrelló"), written from the languages. Persian writes its own yeh and kaf ("ی", "ک"), so
# the Arabic stems above find a Persian word only where both scripts spell it alike ("جاسوس").
# Persian "اعتراض" (protest) is left out: in Arabic it is an interception.
_PERSIAN_TURKISH_WORDS: dict[str, str] = {
    "expel": "اخراج istenmeyen",
    "diplomat": "دیپلمات سفارت سفیر کاردار büyükelç elçilik elçiliğ maslahatgüzar",
    "spy": "casus espião espiões",
    "jamming": "اختلال پارازیت",
    "drone": "پهپاد",
    "exercise": "رزمایش tatbikat",
    "close": "kapat kapand kapalı",
    "refugee": "پناهجو پناهنده mülteci sığınmacı",
    "arrest": "بازداشت دستگیر gözaltı tutukla yakaland detido$ detida$ detidos$",
    "convict": "محکوم mahkum",
    "marines": "تفنگدار",
    "submarine": "زیردریایی denizalt",
    "warship": "ناوشکن ناوچه fırkateyn muhrip",
    "bomber": "بمبافکن افکن$ bombardıman",
    "sanction": "تحریم yaptırım",
    "quota": "سهمیه kota$ kotas",
    "fish": "ماهیگیر balıkç",
    "journalist": "خبرنگار gazeteci",
    "nuclear": "هسته$ اتمی",
    "missile": "موشک füze",
    "visit": "بازدید ziyaret",
    "mobilise": "بسیج seferber",
    "helicopter": "بالگرد هلیکوپتر",
    "crash": "سقوط kaza$ kazas düştü estrelló estrellaron estrellado$ estrellada$ estrellarse "
    "schiant écrasé$ écrasée$",
    "visa": "ویزا روادید vize$ vizes",
    "swap": "تبادل takas",
    "suspend": "تعلیق askıya",
    "cancel": "لغو iptal",
    "base": "پایگاه",
    "air-defence": "پدافند",
    "satellite": "ماهواره uydu",
    "troops": "سرباز asker",
}
# Round 22: Arabic verbs carry their person in front ("تعتقل", she arrests; "يحتجز", he
# detains; "تغلق", she closes), which the stems of the nouns above ("اعتقال", "احتجاز",
# "اغلاق") do not start; their roots do, inside any form. Summoning an envoy, in Arabic and
# Persian ("تستدعي", "احضار"), is a protest ("ستدعم", she will support, holds "ستدع").
_ARABIC_VERBS: dict[str, str] = {
    "arrest": "~عتقل ~حتجز",
    "close": "~غلق",
    "protest": "~ستدعي ~ستدعت ~ستدعاء ~استدعى احضار",
}
# Round 23: Arabic news writes a drone "طائرة مسيّرة" (a guided aircraft) or "مسيّرة" alone,
# more than the loan "درون"; whole words only, for "مسيرته" (his career) and "تسيير"
# (running a service) hold the letters too. A march is also "مسيرة": with Norway and Russia
# in every story, the drone is the word's sense here.
_ARABIC_DRONES: dict[str, str] = {
    "drone": "مسيرة$ المسيرة$ مسيرات$ المسيرات$ مسيرتان$ مسيرتين$ بمسيرة$ بمسيرات$",
}
# Round 25: the South Slavic languages (Serbian and Croatian in both scripts, Bosnian,
# Bulgarian, Macedonian, Slovenian) and a Slovak form, which the table told only where a word
# is spelt as in Russian or Czech: "Norveška: Rus pritvoren zbog sumnje da je špijun" told
# nothing, nor "Russia expels" in Serbian ("протерала"). Written from the languages. Left out
# where a form means something else in a neighbour: "zatvor" (prison) beside "zatvara"
# (closes), the Russian "возил" (carried) beside the Serbian "возило" (a vehicle), the Russian
# "отказ" (a refusal) beside the Serbian "otkaz" (cancelled), the Croatian "zračna luka" (an
# airport) beside "zračni prostor" (airspace).
_SOUTH_SLAVIC_WORDS: dict[str, str] = {
    "expel": "protera protjera izgon izgnan протјера изгон експулс",
    "diplomat": "амбасад veleposlan конзул",
    "spy": "spijun шпијун vohun obavestajn obavjestajn обавештајн обавјештајн разузна",
    "jamming": "ometanj ометањ заглушав смущени motenj",
    "drone": "безпилот bespilot brezpilot",
    "exercise": "vezb vjezb вежб вјежб",
    "close": "zatvara zatvorila$ zatvorio$ zatvorili$ затвара затворила$ затворио$ затворили$ "
    "затваря zapira",
    "port": "luka$ luku$ lukama$ лука$ луке$ луку$ пристанищ пристаништ pristanisc",
    "fence": "ograd оград ograj",
    "refugee": "izbeglic izbjeglic избеглиц избјеглиц бежан бегалц begunc azil$ azila$ azilu$",
    "bicycle": "бицикл kolesar",
    "arrest": "uhaps ухапс ухапш uhic uhit pritvor притвор задърж уапс aretir aretac",
    "convict": "osuden osudio osudila presud осуђ пресуд осъд присъд obsoj odsuden",
    "desert": "prebeg пребег",
    "marines": "marinc маринц",
    "submarine": "podmornic подморниц",
    "warship": "razarac разарач korvet корвет",
    "intercept": "presret пресрет прихвана изтребител",
    "bomber": "бомбардер",
    "airspace": "vazdusn ваздушн въздушн",
    "violation": "narusi наруш krsitev krsil",
    "entry": "ulazak$ ulaska$ улазак$ уласка$ влизан влез$",
    "vehicle": "vozil возило$ возила$ возилима$",
    "fish": "ribar ribolov рибар рибол ribic bakalar бакалар",
    "withdraw": "povlac повлач istup иступ izstop оттегл",
    "journalist": "новинар",
    "nuclear": "нуклеар ядрен jedrsk атомск",
    "cable": "кабл",
    "visit": "poset posjet obisk",
    "satellite": "сателит",
    "protest": "demars",
    "helicopter": "хеликопт",
    "crash": "srusio srusila srusen nesrec срушио срушила несрећ несрек strmoglav",
    "visa": "vizama$ визе$ визи$",
    "swap": "razmen razmjen размен размјен размян izmenjav",
    "suspend": "obustav обустав замраз",
    "base": "baze$ bazu$ bazama$ базама$",
    "air-defence": "protivvazdusn противваздушн противовъздушн protuzracn pvo$",
    "troops": "vojnic војниц войниц vojak трупе$",
}
# Round 25, too: forms the table lacked, seen among the labelled sets' relevant headlines that
# told no event (docs/clustering.md, round 25): the French "arrêté", the Spanish "detiene" and
# the Portuguese "detém", an escort (what fighters do to a bomber, in Norwegian and Russian
# news as in English), Russia "вышла" (left) a council, a visa-free regime, a Russian
# "корабль" (a warship, as the news uses it), "солдат" (a soldier, as the Latin "soldat"
# above) and "убежище" (asylum).
_FORMS_25: dict[str, str] = {
    "arrest": "arrete$ arretes$ arretee$ arretees$ interpell detiene$ detienen$ detuv "
    "detencion detencao detem$ deteve$",
    "intercept": "escort eskort сопроводил сопровождал супроводж escolt scort",
    "withdraw": "вышла$ вышел$ вышли$ вийшла$ вийшов$ вийшли$",
    "visa": "безвиз безвіз",
    "warship": "корабл",
    "troops": "солдат",
    "refugee": "убежищ притул",
}
# Round 26: the forms each language's news uses for every concept, where the table told a concept
# in one language's form only (the Spanish "sanciones": "sanction" is not its start; the German
# "verhaftet", the Polish "aresztowany", the Swedish "häktad", leaving a council in Chinese or
# Arabic; a German compound, "Grenzzaun", "Militärübung", where the stem only started a word).
# Four helpers who saw nothing of the project wrote, for each concept and 20 languages, the forms
# headlines use and the other senses of each (docs/lexicon-26/). The single words the table did
# not tell were added where their other sense is not the common one (multi-word forms, "espacio
# aéreo", "دون طيار", and words of any accident or any help were not), and each added stem was
# checked against every labelled set's words for what else it finds. Left out for that: the
# Italian "manovra" (a budget: the old stem "manov" is now "manover") and "caduta" (a regime's
# fall), "porto" (I carry; a city), "cabo" ("llevar a cabo"), the Turkish "çekildi" (a photo
# taken), the Polish "wojskowy" (military, in every military story), the French "brouillé" (at
# odds), "navire" and "nave" (any ship), the Italian "preso" (taken), the Swedish "visade"
# (showed) beside the Spanish "visado", the Norwegian "språket" and "vraket" beside the Dutch
# "raket", Arabic detention ("تحتجز") beside protest, the Chinese "入侵" (the invasion of Ukraine)
# and "口岸" (a border crossing, not a port), and agencies' names (PST, Säpo, NASAMS): named in
# every story of their kind, they are no event. A ship "seized" (held as a person is: the Silver
# Dania, the Eagle S) was read in the twenty-fourth set. A plane that "cade" or "caiu" (falls) has
# crashed: the Italian and Portuguese reports of the Osprey crash told only "exercise" in their
# headlines, and a fold into the crash's story was refused as another event
# (``cluster.one_event``).
_FORMS_26: dict[str, str] = {
    "crash": "queda$ cade$ caduto$ caiu$",
    "withdraw": "retirada$ retiradas$ retira$ retiram$ retirou$ retire$ retirer$ retrait$ ritira$ "
    "ritiro$ ritirata$ ritirato$ wycof ~نسحب ~انسحاب خروج$ 退出 脱退 탈퇴",
    "sanction": "sancion sancao sancoes",
    "quota": "cuota cota$ cotas$",
    "fish": "fisch",
    "protest": "einbestell ~indkald wezwan wezwal convoqu",
    "arrest": "verhaft haktad hakta$ haktning haktat seiz beslaglag beschlagnahm incaut "
    "sequestr apreend",
    "convict": "domd",
    "exercise": "maniobr manobra manovre$",
    "jamming": "brouillag",
    "intercept": "abgefang przechwyc przechwyt",
    "bomber": "bombardier bombardeir",
    "violation": "violac violazion",
    "helicopter": "smiglow",
    "swap": "echang canje$ intercambi scambio$ scambi$ troca$",
    "suspend": "ausgesetzt$ aussetzung",
    "troops": "wojsk$ wojska$ wojsko$ wojskami$ wojskach$ wojskom$",
    "refugee": "asilo$ asile$",
    "bicycle": "biciclet velo$ velos$",
    "marines": "marineinfant",
    "port": "puerto$ puertos$",
    "cable": "cavo$ cavi$",
}
# Round 26, by language: Norwegian, Swedish, Danish, Finnish, German and Dutch (their
# compounds matched inside a word: "militærbase", "Langstreckenbomber").
_GERMANIC_FINNISH_26: dict[str, str] = {
    "air-defence": "~luftvaern ~luftabwehr luftverteidig ~raketenabwehr luchtafweer",
    "arrest": "varetaegt tilbagehold festgesetz untersuchungshaft vangit kiinniot aanhoud "
    "opgepakt vastgezet oppbrakt grips$ greps$ anhall beslagtog",
    "base": "baser$ ~militaerbas ~militarbas ~flybas ~flygbas ~marinebas ~marinbas ~orlogsbas "
    "~stutzpunkt ~legerbas ~vliegbas ~tukikoh",
    "bomber": "~bomber ~bommenwerper ~bombflyg",
    "cable": "~kaapel",
    "cancel": "perui$ peruu$ afgeblazen afgezegd kanseller",
    "close": "lukning sperrt$ gesperrt sperrung ~sluiting sulki$",
    "convict": "dom$ dommen$ domen$ doms$ dommes$ domfelt domfaeld urteil ~haftstraf ~tuomio "
    "vankeut veroordeel vonnis celstraf",
    "crash": "havarer haverer haveri ~absturz verungluck syoksyi turma$ turmassa$ ~lentoturma "
    "~crash verongeluk stortade$ stortar$ stortat$",
    "cyber": "~dataangreb hack$ ~hackaanval ~nettangrep hackare",
    "desert": "afhop uberlauf ubergelauf fahnenflucht loikka karkur gedeserteerd",
    "diplomat": "~generalkonsul",
    "entry": "eingereist inrese",
    "exercise": "ovde$ ovede$ ovar$ ovade$ ~ubung ~manover harjoittel oefent",
    "expel": "uitgezet",
    "fence": "~hegn ~zaun hek$ hekken$ ~afrastering ~stangsel staket",
    "fish": "kabeljau dorsch kalastaj turska troolar tralar",
    "helicopter": "~helikopt ~hubschraub heli$",
    "intercept": "opsnapp abfang alarmrotte tunnistuslen stridsflyg stridsplan",
    "jamming": "~stojsend stoorzend ~storsandn storde$ hairitsi$ hairitsee$",
    "journalist": "korrespondent ~redakteur ~toimittaj reportteri verslaggever ~redacteur "
    "correspondent",
    "marines": "seesoldat merijalkav marinier ~marininfant marinsoldat marinkaren",
    "missile": "~flugkorper ~rakete ohjuk robotar$ robotarna$",
    "mobilise": "~mobilmach gemobiliseerd ~mobilisat ~mobiliser",
    "nuclear": "~kernevab ~kjernevap ~karnvap ~kernwaff ~atoomwap ydinkay ~karnkraft ~kernonderzee",
    "port": "satam zeehaven",
    "protest": "puhuttel ontbied ontbood ontboden",
    "quota": "quoten$ fangmeng ~kiintio quotum ~vangstquot ~visquot",
    "readiness": "beredskabsniv valmius$ valmiustaso gereedheid",
    "refugee": "gefluchtet schutzsuch siirtolai",
    "sanction": "strafmassnahm",
    "satellite": "satelliet",
    "spy": "~efterretning ~geheimdienst ~nachrichtendienst vakooj ~underrattelse",
    "submarine": "~undervandsb ~unterseeboot ~sukellusve ~onderzee duikboot",
    "suspend": "eingefroren jaadyt opschort",
    "swap": "~fangebytte ~fangutbyte ausgetauscht ~gevangenenruil ~gevangenenwissel",
    "troops": "styrkor$ streitkraft militairen soldaat strijdkracht sotilaat$",
    "vehicle": "koretoj pkw$ auton$ autoja$ autot$ ajoneuvo fordon",
    "violation": "overtraedels ~raumverletz ~grenzverletz verstoss rikkomu ~schending schendt "
    "krankt kranker$ overtradels",
    "visa": "visafrei visering",
    "visit": "besog ~besuch bezocht ~bezoek ~besok ~vierailu",
    "warship": "hangarskib ~flugzeugtrager ~marineschiff lentotukialus oorlogsschep "
    "~torpedoboot ~marineschip krigsfartyg hangarfartyg",
    "withdraw": "udtraed ausgetret ruckzug vetayty irtautu uttred utmeld",
}
# ... Russian, Ukrainian, Polish and Czech.
_SLAVIC_26: dict[str, str] = {
    "air-defence": "protiletadl przeciwlotn зенитн зрк$ протиповітрян",
    "arrest": "zatkl areszt арешт",
    "base": "zakladen$ bazach$ бази$ базі$",
    "bomber": "bombowiec",
    "cable": "диверси диверсі dywersj",
    "cancel": "zrusit anulowan скасован",
    "close": "zamyka закрил",
    "convict": "odsoud rozsud verdikt skazal wyrok засуди",
    "crash": "havarov крушени авиакатастроф авіакатастроф розбил аварі",
    "desert": "dezerc zbiegl uciek utekl prebehl втік перебіжч",
    "diplomat": "dyplomat посла$ послу$ послом$",
    "drone": "bezpilot бпла$ безпілот",
    "entry": "wjezd wjecha въеха невъездн їзд$ їзду$ їзді$",
    "exercise": "manewr маневр",
    "expel": "вислав$ ґрата$",
    "fence": "plotu$ загражден огорож загорож",
    "fish": "tresk rybak dorsz тріск",
    "helicopter": "гелікопт",
    "intercept": "poderwan перехоп",
    "jamming": "zaglusz рэб$ реб$",
    "journalist": "korespondent корреспондент кореспондент",
    "marines": "marinac морпіх",
    "missile": "strela$ strely$ pocisk",
    "mobilise": "zmobiliz",
    "nuclear": "атомн",
    "port": "portach$ гаван",
    "protest": "predvol",
    "radar": "рлс$ радиолокац радіолокац локатор radiolokac",
    "readiness": "pripravenost bojeschopn",
    "refugee": "migranc беженец біженець мігрант",
    "satellite": "druzic",
    "spy": "szpiedz разведчик розвідник",
    "submarine": "ponorek$ ponorce$ подлодок$ субмарин апл$",
    "suspend": "zmrazil zamroz замороз",
    "swap": "wymieni",
    "troops": "vojska$ vojsk$ vojsko$",
    "vehicle": "auta$ aut$ vozidel$ pojazd авто$",
    "violation": "porusil narusz поруш",
    "visa": "viz$ vizov wiza$ wiz$ виз$ визов віза$ візи$ віз$ візов",
    "visit": "navstiv odwiedz посети відвіда",
    "warship": "kriznik niszczyciel korwet lotniskowiec крейсер есмін авіанос",
}
# ... French, Spanish, Italian and Portuguese.
_ROMANCE_26: dict[str, str] = {
    "air-defence": "antiaere antiaerien contraere",
    "arrest": "apresad arraisonn",
    "base": "basi$",
    "bicycle": "bici$",
    "cable": "sabote",
    "cancel": "anula$ anulado$ anulada$ anulou$",
    "close": "fermee$ fermees$ chiud fechou$ fechada$ fechado$",
    "convict": "verdict veredict verdett sentenz",
    "crash": "estrella$ derribad despenh",
    "cyber": "piratag hackeo hackead",
    "desert": "deserc disert",
    "diplomat": "consolat embaixad",
    "exercise": "simulacro",
    "expel": "espell",
    "fence": "valla$ vallas$ alambrad grillag recinzion vedac",
    "fish": "bacala bacalh cabillaud morue$ merluzz chalutier arrastrer",
    "helicopter": "helico$",
    "intercept": "intercet caccia$",
    "jamming": "inhibidor",
    "journalist": "corresponsal jornalist cronista",
    "marines": "fuzileir fusiliers$",
    "missile": "cohete roquette fusee$ fusees$ razzo$ razzi$ missei foguete",
    "mobilise": "moviliz mobilitaz mobilitat",
    "port": "portuari portuaire portual",
    "refugee": "profug",
    "spy": "renseignement inteligenc",
    "submarine": "sommergibil",
    "suspend": "suspension$ suspensao sospension",
    "swap": "canjead scambiat",
    "troops": "soldad",
    "vehicle": "coche$ coches$ vehicul voiture veicol automovil automove carro$ carros$",
    "violation": "sconfinament",
    "visa": "visado$ visados$ visas$",
    "warship": "fragat destructor corbet corvet portaavion portaerei cacciatorpedin "
    "contratorpede destroier",
    "withdraw": "retiro$",
}
# ... Arabic, Persian and Turkish (Arabic stems inside words, for its proclitics), Chinese and
# Japanese (pairs of characters, as ``_CJK_WORDS``) and Korean.
_ARABIC_PERSIAN_TURKISH_CJK_26: dict[str, str] = {
    "arrest": "~توقيف ~توقیف tutuklu alikon 羁押 扣留 拿捕 勾留 억류 나포 구속",
    "base": "پادگان 军港 駐屯 ~기지",
    # The bicycle's forms whole (round 34): its root inside a word was also "إدراج" (a listing,
    # "Norway put on the list of unfriendly states") and "أدراجها" (back where they came).
    "bicycle": "~دراجة ~دراجات ~دراجت ~دوچرخه bisiklet 脚踏 자전거",
    "cable": "~تخريب ~خرابکار 해저케이블 케이블 사보타주",
    "cancel": "撤销 叫停 撤回 취소 철회",
    "close": "封闭 차단",
    "convict": "~بالسجن 判处 判决 入狱 実刑 懲役 禁錮 선고 판결 실형",
    "crash": "空难",
    "cyber": "~قرصن ~هاكر هکر korsan 駭客 网攻 해커",
    "desert": "~انشق ~منشق فرار$ گریخت firar 叛逃 投诚 出逃 脱走 離反 탈영 귀순",
    "diplomat": "~قنصل کنسول konsolos 公館 영사 공관",
    "drone": "iha$ ihalar$ siha$ 무인항공기",
    "exercise": "~تمرين ~تمرین ~مانور 演练 操演 연습",
    "expel": "~ترحيل 退去 맞추방",
    "fence": "~سياج فنس 울타리 장벽 철조망 펜스",
    "fish": "~صياد صید$ شیلات morina trol$ 渔民 漁師 漁獲 어민 수산",
    "helicopter": "~مروحيات ~هليكوبتر 헬기 헬리콥터",
    "intercept": "~اعترض ~مقاتلات رهگیری جنگنده eslik 升空 战机 要撃 전투기 출격",
    "jamming": "~شوش parazit 屏蔽 재밍",
    "journalist": "~صحفي ~صحاف ~مراسل سردبیر muhabir 编辑 主编 編集 特派 언론인 편집장 특파원",
    "marines": "~مارينز 해병",
    "missile": "راکت roket 火箭 로켓",
    "mobilise": "~تعبئة 征兵 招集 동원 징집",
    "nuclear": "原子 핵무기 핵잠수함 원자력 핵탄두 핵추진",
    "port": "~ميناء ~موانئ ~مرفأ ~بندر liman 码头 入港 寄港 항구 항만 입항 기항",
    "protest": "召见 交涉 召致 항의 초치",
    "readiness": "~جاهزي ~استنفار 戒备 即応 경계태세 비상태세 대비태세",
    "refugee": "~لجوء ~مهاجر ~پناهندگ iltica gocmen 移民 亡命 난민 망명 이주민",
    "spy": "~جواسيس ~مخابرات istihbarat 谍报 情报 첩보 정보기관 정보당국",
    "submarine": "~غواص 潛艦 原潜 잠수정",
    "suspend": "~تعليق ~تجميد dondur 冻结 搁置 중단 동결 유예",
    "swap": "~مبادلة مبادله 换囚 互换 포로교환 맞교환",
    "troops": "~جندي 军队 兵力 军人 兵士 将兵 군대 군인 병사",
    "vehicle": "خودرو arac$ araclar araba$ otomobil 汽车 车辆 轿车 車両 乗用 차량 자동차 승용차",
    "violation": "~نتهك ihlal 违规 越境 위반 침해",
    "visa": "~تاشير فيزا$ vizeler 免签 査証 비자 사증 무비자",
    "visit": "~زيارات ~يزور ~تزور 到访 来訪 視察 순방",
    # "航母" (round 30): Chinese for an aircraft carrier, which its helper's forms lacked; the
    # Chinese reports of USS Gerald R. Ford in Oslo told no concept beside "空母" and "항모".
    "warship": "كورفيت ناو$ ناوها$ ~رزمناو 艦艇 艦船 駆逐 空母 戦艦 航母 전함 초계함 항공모함 항모",
    "withdraw": "撤出 撤离 脱离 撤退 離脱 撤収 철수",
}
# Round 27: Norwegian news forms the tables lacked, read in the tuning parts' headlines that told
# no concept: an ambassador called "inn på teppet" (summoned), an acquittal ("frikjent",
# "frifunnet": a verdict, as "dømt"), military cooperation "innstilt" (suspended). Each matches
# only Norwegian and Nynorsk words in the labelled sets ("teppet" 22, "frikjent" and its forms
# 31); the Danish "frikendt" too. "Øve" (to drill) is left out: "Ove" is a first name and a
# Croatian word ("these").
_NORDIC_27: dict[str, str] = {
    "suspend": "innstiller$ innstilt$ innstilte$ innstilles$",
    "protest": "teppet$",
    "convict": "frikjen frifun frikend",
}
# Round 30: the rest of round 26's writers' single words (docs/lexicon-26/), made stems by
# round 27's written rules and printed by ``bench/lexicon_stems.py --events``. Round 26 added
# those words by hand and left most out: the Korean "입국" (entry) and "레이더" (radar), Korean
# compounds that start with another word ("합동훈련", a joint exercise), the Swedish "störde"
# (jammed) and "stridsflygplan" (fighters, as "战机"), the Finnish "perui" (cancelled). A word
# its writer warned of, a multi-word form, a stem another language's labelled words hold, a
# stem wider than one the table has (round 26 chose "dyplomat", not "dyploma"), and the words
# ``lexicon_stems.LEFT_OUT_30`` lists (another common sense the writer did not give, round 26's
# false friends, agencies' names, any accident, "of the military") are left out. Chosen on the
# tuning parts: outside halves −75 missed pairs in five orders, development −6, no wrong pair.
_NORDIC_GERMAN_DUTCH_30: dict[str, str] = {
    "fence": "grensegjer gransstangs grenzza grensafraster",
    "swap": "fangebyt fangutby gefangenenaustaus haftlingsaustaus vannenruil vannenwis ruilden",
    "suspend": "fros$ stanser avbrot avbrutet pausar pausade indstille bevriest",
    "cyber": "datainnbru nettangr dataintra overbelastningsatta overbelastningsangr "
    "palvelunestohyokkays",
    "exercise": "militarovni militarubu grossmanov ubt$ uben$ leroefen",
    "arrest": "bordade takavarikoit vasthoud",
    "convict": "falld haftstra schuldig",
    "warship": "jagare kriegsschi flugzeugtrag oorlogsscheep",
    "intercept": "identifiera incidentberedsk kampfje vechtsvliegtuig",
    "journalist": "chefredakt verslagver",
    "cable": "undervattenskab unterseekab",
    "crash": "flygolyc abgestur flugzeugabstu neerstor",
    "bomber": "langdistancebombef langstreckenbomb",
    "visit": "statsbes staatsbesu antrittsbesu",
    "base": "fladestati stutzpun luftwaffenstutzpun lerbasis",
    "air-defence": "luftvae luftforsvarssyst ilmapuolustus luftabwe luchtverdeed",
    "bicycle": "pyoralla pyoria radfahr",
    "desert": "pakeniv overloop",
    "violation": "aluevalvontarikkomus inbreuk grenssch",
    "entry": "maahanpaasy rajanylitys inreizen binnenkomst",
    "withdraw": "eroamis uittreed",
    "radar": "tutkajarjestelm",
    "protest": "puhuteltav",
    "spy": "geheimdien nachrichtendien inlichtinndiens",
    "jamming": "gestort storingen verstoor",
    "submarine": "unterseebo",
    "quota": "fangquo",
    "missile": "marschflugkorp flugkorp hyperschallrake kruisraket",
    "expel": "uitwees uitwijs",
    "close": "sloot grenssluit",
    "port": "zeehaaf",
    "refugee": "vluchteel",
    "fish": "viskotter",
    "nuclear": "kernwaap",
    "mobilise": "deelmobiliseer",
    "cancel": "afblaas",
}

_SLAVIC_30: dict[str, str] = {
    "jamming": "подавлен перешкод придушен",
    "air-defence": "зенітнии opl$",
    "spy": "wywiadu",
    "port": "przystan",
    "fence": "zapory",
    # Ukrainian's troops led out and its infantry (round 34: "США виводять морських піхотинців
    # з Норвегії" told nothing); not the Russian "вывод", which is a conclusion as often.
    "withdraw": "opuscila odchod opustil вивод вивед",
    "marines": "піхот",
    "bicycle": "kolech",
    "warship": "torpedobork",
    "intercept": "zachytil zachycen vzletly doprovodil",
    "suspend": "zmrazen",
    "troops": "jednotk",
}

_ROMANCE_30: dict[str, str] = {
    "jamming": "brouillent inhibicion perturb",
    "exercise": "entrain treino",
    "violation": "enfreint violo vulnero",
    "entry": "entres entrare entrata entrati entrou",
    "journalist": "redactric redactor",
    "protest": "convocation convocazione convocou",
    "air-defence": "dca$",
    "quota": "cupos",
    "suspend": "congelo congelada",
    "arrest": "fermati",
    "desert": "diserzion fuggito fugiu",
    "intercept": "decollati",
    "vehicle": "macchin veiculo",
    "withdraw": "abbandon",
    "readiness": "prontezz",
    "close": "encerramento encerrou",
    "port": "portos",
    "swap": "trocados permuta",
}

_ARABIC_PERSIAN_TURKISH_CJK_30: dict[str, str] = {
    "arrest": "~أوقفت alıkonul",
    "convict": "~أدانت ~إدانة ~أدين ~محكمة زندان hapis carptırıl",
    "desert": "~هارب kactı kacan sıgındı 탈주",
    "bomber": "~قاذفتين 전략폭격기",
    "violation": "~انتهاك ~خرقت نقض$ تخطی$ 침입",
    "entry": "~دخول girisini girisine girmesi giremeyecek 入域 입국 입경",
    "vehicle": "~سيارة ~سيارات ~مركبات اتومبیل",
    "cable": "~كابلات 통신케이블 파괴공작",
    "satellite": "~ساتل 인공위성 군사위성 정찰위성 위성사진",
    "protest": "~احتجت notası 遺憾",
    "crash": "~سقطت dusmesi",
    "suspend": "~جمدت ~تجمد durdurdu 보류",
    "cancel": "~تلغي ~يلغي ~إلغاؤها ملغی$ کنسل$ 무산",
    "spy": "اطلاعاتی",
    "jamming": "اخلال مختل$ karıstırılmas bozucu 전파교란",
    "close": "بستن$ مسدود تعطیل",
    "port": "بنادر اسکله",
    "fence": "حصارکشی cit$ citi$ duvarı 障壁 국경장벽",
    "intercept": "اسکورت onledi onleme onlenmes onlendi",
    "fish": "ماهی$ کاد$ avlanma 트롤선",
    "withdraw": "انصراف 退约 이탈",
    "visit": "سفرهای دیدارها 공식방문",
    "air-defence": "ضدهوایی 対空 방공망 대공 방공체계 방공미사일",
    "troops": "نیروها نظامیان birlikler kuvvetler",
    "quota": "kotaları 割当 어획쿼터",
    "base": "ussu$ usler ussune",
    "readiness": "hazırlıklı 준비태세",
    "expel": "기피인물",
    "exercise": "합동훈련 기동훈련",
    "airspace": "공역",
    "sanction": "대러제재 추가제재",
    "journalist": "기자 취재진",
    "missile": "순항미사일 탄도미사일",
    "radar": "레이더",
    "mobilise": "소집 예비군",
    "helicopter": "군용헬기",
    "swap": "죄수교환",
}

# Round 34: Indonesian and Malay, which no table held: a third of the labelled sets' Indonesian
# items told no concept and four fifths no event in their headline ("Rusia dan Norwegia Terlibat
# Aksi Saling Usir Diplomat" told only the diplomat). Written from the languages, not from the
# corpus: the affixes wrap a root (me-/di-/pe-…-an), so a distinctive root is matched inside a
# word ("~usir": mengusir, diusir, pengusiran) and a short or common one whole, in its news
# forms. Left out: what is two words ("kapal perang", "wilayah udara", "mata-mata", which the
# tokens split), roots that mean more besides ("menarik", pulling and interesting), and forms
# that are another language's words once folded: "pagar" (a fence) is Norwegian "pågår", "laut"
# (the sea) German "according to", "batal" inside a word the Nordic "bataljon".
_INDONESIAN_MALAY_34: dict[str, str] = {
    "spy": "perisik$ pengintip$ ~pengintipan ~perisikan",
    "arrest": "~tangkap ~nangkap ditahan$ penahanan$ menahan$ tahanan$",
    "expel": "~usir",
    "diplomat": "kedubes$ kedutaan$",
    "drone": "nirawak$",
    "exercise": "latihan$ latihannya$ ~berlatih",
    "submarine": "selam$",
    "intercept": "~cegat",
    "bomber": "pengebom$ pembom$ pengebomnya$",
    "violation": "~langgar",
    "nuclear": "nuklir$",
    "missile": "rudal$ rudalnya$ berpandu$",
    "jamming": "gangguan$ mengganggu$ diganggu$",
    "troops": "pasukan$ pasukannya$ tentara$ tentera$ prajurit$ serdadu$",
    "marines": "marinir$",
    "base": "pangkalan$",
    "crash": "jatuh$ terjatuh$ kecelakaan$ kemalangan$",
    "readiness": "siaga$ kesiagaan$",
    "refugee": "pengungsi$ ~suaka",
    "bicycle": "sepeda$ basikal$",
    "desert": "~belot",
    "convict": "~vonis dihukum$ hukuman$ dipenjara$",
    "swap": "pertukaran$",
    "journalist": "wartawan$ jurnalis$ wartawannya$",
    "protest": "memprotes$ protes$",
    "withdraw": "penarikan$ ditarik$ mundur$",
    "suspend": "~tangguhkan ~tangguhan membekukan$ dibekukan$ pembekuan$",
    "close": "~tutup",
    "port": "pelabuhan$",
    "sanction": "sanksi$ sekatan$",
    "fish": "ikan$ perikanan$ nelayan$",
    "quota": "kuota$",
    "vehicle": "kendaraan$ kenderaan$",
    "visit": "kunjungan$ ~kunjungi berkunjung$ lawatan$",
    "cancel": "batal$ dibatalkan$ membatalkan$ pembatalan$",
}

# Round 34: Vietnamese, as two syllables (``lexicon.SYLLABIC``); written from the language.
_VIETNAMESE_34: dict[str, str] = {
    "spy": "gián_điệp$ do_thám$",
    "arrest": "bắt_giữ$ bị_bắt$ tạm_giữ$ giam_giữ$ bắt_giam$",
    "expel": "trục_xuất$",
    "diplomat": "nhà_ngoại$ đại_sứ$ sứ_quán$",
    "drone": "không_người$",
    "exercise": "tập_trận$ diễn_tập$",
    "submarine": "tàu_ngầm$",
    "warship": "tàu_chiến$ chiến_hạm$ khu_trục$",
    "intercept": "đánh_chặn$ chặn_bắt$",
    "bomber": "ném_bom$",
    "airspace": "không_phận$",
    "violation": "vi_phạm$ xâm_phạm$",
    "nuclear": "hạt_nhân$",
    "missile": "tên_lửa$",
    "helicopter": "trực_thăng$",
    "jamming": "gây_nhiễu$ nhiễu_sóng$",
    "troops": "binh_sĩ$ binh_lính$ quân_nhân$",
    "marines": "thủy_quân$ lục_chiến$",
    "base": "căn_cứ$",
    "air-defence": "phòng_không$",
    "mobilise": "động_viên$ huy_động$",
    "satellite": "vệ_tinh$",
    "crash": "tai_nạn$ bị_rơi$ bay_rơi$",
    "readiness": "sẵn_sàng$ báo_động$",
    "refugee": "tị_nạn$ tỵ_nạn$ di_cư$",
    "bicycle": "xe_đạp$",
    "desert": "đào_tẩu$",
    "convict": "kết_án$ bị_kết$ tuyên_án$ phạt_tù$",
    "entry": "nhập_cảnh$",
    "visa": "thị_thực$",
    "journalist": "nhà_báo$ phóng_viên$",
    "protest": "biểu_tình$ phản_đối$",
    "withdraw": "rút_khỏi$ rút_quân$",
    "suspend": "đình_chỉ$ tạm_dừng$ tạm_ngừng$",
    "cancel": "hủy_bỏ$",
    "cyber": "công_mạng$ tin_tặc$",
    "close": "đóng_cửa$",
    "port": "cảng_biển$ bến_cảng$ cập_cảng$",
    "sanction": "trừng_phạt$",
    "fish": "đánh_bắt$ ngư_dân$ nghề_cá$ thủy_sản$",
    "quota": "hạn_ngạch$",
    "fence": "hàng_rào$",
    "cable": "cáp_ngầm$ tuyến_cáp$",
    "visit": "chuyến_thăm$",
}

# Round 34: Hindi (its postpositions are words of their own: a noun's start finds it) and Hebrew
# (which writes "and", "in", "to", "from", "the" onto a noun: its stems are matched inside a
# word, as Arabic's). Written from the languages; the gazetteer lets such items through since
# round 34, and a report told in them shared no event with its English or Norwegian reports.
# Whole words where a stem is inside another word: a port in an ant and in "fled" (נמלה,
# נמלט), a base in "basic" (בסיסי), a spy in the foot of a hill (למרגלות).
_HINDI_HEBREW_34: dict[str, str] = {
    "spy": "जासूस ~ריגול ~מרגלים ~המרגל מרגל$",
    "arrest": "गिरफ्तार हिरासत ~נעצר ~מעצר ~עצרה ~עצרו",
    "expel": "निष्कास ~גירש ~גירוש ~גורש",
    "diplomat": "राजनयिक दूतावास ~דיפלומט ~שגריר",
    "drone": "ड्रोन ~רחפן",
    "exercise": "युद्धाभ्यास अभ्यास$ ~תרגיל",
    "submarine": "पनडुब्बी ~צוללת ~צוללות",
    "warship": "युद्धपोत ~משחתת ~פריגטה",
    "intercept": "इंटरसेप्ट ~יירוט ~יירט",
    "bomber": "बमवर्षक ~מפציצ",
    "violation": "उल्लंघन ~הפרת",
    "nuclear": "परमाणु ~גרעינ",
    "missile": "मिसाइल ~טילים טיל$ הטיל$",
    "radar": "रडार ~רדאר",
    "helicopter": "हेलीकॉप्टर ~מסוק",
    "jamming": "जैमिंग ~שיבוש",
    "gps": "जीपीएस",
    "troops": "सैनिक जवान$ जवानों$ ~חיילים",
    "marines": "मरीन ~נחתים",
    "base": "अड्डा अड्डे בסיס$ הבסיס$ בבסיס$ לבסיס$ בסיסים$ הבסיסים$ מהבסיס$",
    "crash": "दुर्घटना क्रैश ~התרסק",
    "refugee": "शरणार्थी ~פליטים",
    "bicycle": "साइकिल ~אופניים",
    "convict": "सजा$ ~הורשע",
    "entry": "प्रवेश ~כניסת",
    "visa": "वीजा ~ויזה",
    "journalist": "पत्रकार ~עיתונא",
    "protest": "विरोध ~מחאה ~הפגנ",
    "withdraw": "वापसी ~נסיגת",
    "sanction": "प्रतिबंध ~סנקציות ~עיצומים",
    "fish": "मछली मत्स्य ~דייגים",
    "cable": "केबल ~כבלים",
    "cyber": "साइबर ~סייבר",
    "visit": "दौरा दौरे$ ~ביקור",
    "close": "बंद$ ~סגירת",
    "port": "बंदरगाह נמל$ הנמל$ בנמל$ לנמל$ נמלי$ נמלים$ מהנמל$",
    "suspend": "निलंबित ~השעיית",
    "cancel": "रद्द ~ביטול ~בוטל",
}

# Round 35: Azerbaijani, which the table told almost nothing of (three of four relevant items
# with no event word: "persona non qrata", "hərbi təlimlər", "həbs edilib"). Written from the
# language; its ə and ı stay as written (``text.fold`` keeps them), so no Turkish word meets
# them ("məhkum", "mahkum"). A visit ("səfər") in its forms, as it starts "səfərbərlik"
# (mobilisation); not "saxlanılıb" (detained), which is also "kept" or "stored".
_AZERBAIJANI_35: dict[str, str] = {
    "expel": "qrata$ qovul",
    "diplomat": "səfir",
    "spy": "kəşfiyyat",
    "arrest": "həbs",
    "exercise": "təlim",
    "submarine": "sualtı",
    "nuclear": "nüvə",
    "sanction": "sanksiya",
    "intercept": "qırıcı",
    "bomber": "bombardmançı",
    "warship": "freqat",
    "drone": "pilotsuz",
    "close": "bağlanacaq bağlanıb bağlayıb bağlayacaq",
    "protest": "etiraz",
    "crash": "qəza",
    "refugee": "qaçqın",
    "troops": "qoşun əsgər",
    "convict": "məhkum",
    "violation": "pozunt pozul",
    "visit": "səfər$ səfəri səfərə$ səfərdə$",
    "mobilise": "səfərbər",
}

# Round 36: Icelandic, whose relevant items told no event word a third of the time (every
# labelled set: 0.32, against 0.11 for English), as the helpers find its pages fresh: a bomber
# is a "bomb jet" ("sprengjuþota", "sprengjuvél"), marines "landgönguliðar", a cyber attack a
# "computer attack" ("tölvuárás"), and the round-12 stems missed its compounds
# ("kjarnorkukafbátar", "flugmóðurskip", "GPS-truflanir") and its ð ("girðing": ``text.fold``
# keeps ð, so "girding" matched nothing). Written from the language; each stem checked against
# every labelled set's words in other languages (none matched). Icelandic "vísa" (to send
# away: "vísa úr landi", to expel) is no visa (``FALSE_FRIENDS``).
_ICELANDIC_36: dict[str, str] = {
    "expel": "oaeskileg brottrekin$ brottreknir$",
    "diplomat": "erindrek raeðism sendifullt",
    "spy": "~leyniþjonust",
    "jamming": "truflaði truflað$ trufla$ truflar$",
    "exercise": "aefðu$ aefði$ aefa$ aefir$ aeft$ ~herþjalf",
    "close": "lokað$ lokaði$ lokuðu$ lokar$ lokun$ lokunar$ lokunin$",
    "port": "hofnin$ hofninni$ hafnir$ hafnirnar$ hafnarinnar$",
    "refugee": "~flottafolk ~haelisleitend",
    "bicycle": "hjolar$ hjola$ hjoluðu$ hjolaði$ hjolandi$",
    "arrest": "~varðhald handsam",
    "convict": "sakfelld sakfeld domurinn$ domnum$",
    "desert": "flyja$ flyði$ flyðu$ ~liðhlaup",
    "marines": "~landgongulið",
    "warship": "freigat tundurspill ~flugmoðurskip",
    "intercept": "~herþot ~orrustuflug",
    "bomber": "~sprengjuþot ~sprengjuvel ~sprengjuflugvel",
    "violation": "rauf$ rufu$",
    "sanction": "~þvingan",
    "entry": "~komubann",
    "withdraw": "ursogn$ ursognin$",
    "journalist": "frettamað frettamenn ritstjor",
    "nuclear": "kjarnavopn",
    "missile": "flugskeyt",
    "radar": "ratsja",
    "cable": "~saestreng kapall$ kaplar$ kapalinn$",
    "satellite": "gervihnott gervitungl",
    "protest": "motmael",
    "mobilise": "herkvað",
    "crash": "~flugslys ~þyrluslys",
    "visa": "~vegabrefsarit",
    "swap": "~fangaskipt",
    "suspend": "fresta$ frestað$ frestun",
    "base": "~herstoð",
    "air-defence": "loftvarn",
    "troops": "hermanna$ hermonnum$ hermaður$ herlið",
    "cyber": "~tolvuaras ~tolvuþrjot netaras",
    "vehicle": "bifreið",
}

# Round 36: forms other tables lacked, written from the languages: Russian fighters that "drove
# off" ("отогнал") or "scared off" ("отпугнул") a patrol aircraft, and the Bulgarian and Serbian
# intercepts ("прехвана", "presreli"); a Romanian crash ("s-a prăbușit"); a Finnish termination
# ("irtisanoi"); Russian cooperation broken off ("прервала") and custody ("под стражей"); the
# Ukrainian future of closing ("закриє порти": the table told only its past, "закрив", and
# "закрит"). Not the Romanian "închide" (closes): its headline then told a closure where the
# Russian report of the same measure told sanctions, and the rules' names they shared no longer
# counted (``cluster._shared_names``): outside tuning halves +15 missed pairs.
_FORMS_36: dict[str, str] = {
    "intercept": "отогна отпугн прехван presreo presrel пресрео пресрел",
    "crash": "prabus",
    "close": "закриє закрию",
    "withdraw": "irtisano",
    "suspend": "прерва прерыва",
    "arrest": "стражу$ стражей$",
}

extend(
    EVENT_WORDS,
    _NORDIC_27,
    _MORE_WORDS,
    _CJK_WORDS,
    _KOREAN_WORDS,
    _PERSIAN_TURKISH_WORDS,
    _ARABIC_VERBS,
    _ARABIC_DRONES,
    _SOUTH_SLAVIC_WORDS,
    _FORMS_25,
    _FORMS_26,
    _GERMANIC_FINNISH_26,
    _SLAVIC_26,
    _ROMANCE_26,
    _ARABIC_PERSIAN_TURKISH_CJK_26,
    _NORDIC_GERMAN_DUTCH_30,
    _SLAVIC_30,
    _ROMANCE_30,
    _ARABIC_PERSIAN_TURKISH_CJK_30,
    _INDONESIAN_MALAY_34,
    _VIETNAMESE_34,
    _HINDI_HEBREW_34,
    _AZERBAIJANI_35,
    _ICELANDIC_36,
    _FORMS_36,
)

# Kinds of event: two headlines that tell what happened in concepts of different kinds only
# ("expels diplomats", "shuts ports") tell two events; of one kind ("deserter fled", "seeks
# asylum", "arrested") they may be one event told at different moments. A concept may be of two
# kinds (round 33): a spy case is a diplomatic row and a person's case, told as an arrest, a
# trial, a swap ("Man arrested in Tromsø", "Spy suspect a Brazilian researcher"). Chosen on the
# tuning parts (five orders): development 24 wrong pairs fewer, nothing missed more; a drone the
# same way (its flyer's arrest and trial) gained 22 outside pairs there, and merged two events
# of the development corpus's held-out part (3,060 wrong pairs): not kept.
KINDS: dict[str, str] = {
    "people": "refugee bicycle desert arrest convict entry visa swap journalist spy",
    "diplomacy": "expel diplomat spy protest withdraw suspend visit cyber",
    "trade": "close port sanction fish quota vehicle fence cable",
    "military": "exercise marines submarine warship intercept bomber airspace violation "
    "nuclear missile radar helicopter drone jamming gps troops base air-defence mobilise "
    "satellite crash readiness",
}
KIND_OF: dict[str, frozenset[str]] = {}
for _kind, _names in KINDS.items():
    for _concept in _names.split():
        KIND_OF[_concept] = KIND_OF.get(_concept, frozenset()) | {_kind}
# Concepts of no kind say nothing of which kind of event a headline tells (see ``KINDS``).

# Country names and their adjectives in the beat's languages: an article on the beat names
# many of them in passing ("Finland and Sweden joined NATO"), so sharing one is weak evidence
# of one event, unlike a shared person, place or unit. Matched by ``cluster.name_key``.
COUNTRY_NAMES = (
    "Finland Finnland Finlandia Финляндия Фінляндія Sweden Sverige Schweden Швеция Швеція "
    "Denmark Danmark Dänemark Дания Iceland Island Исландия Germany Tyskland Deutschland "
    "Германия France Frankrike Frankreich Франция Britain Storbritannia England Великобритания "
    "Ukraine Ukraina Україна Украина Belarus Hviterussland Беларусь Белоруссия Poland Polen "
    "Polska Польша Estonia Estland Эстония Latvia Latvija Латвия Lithuania Litauen Литва "
    "China Kina Китай Canada Kanada Канада Netherlands Nederland America Amerika Америка США "
    "Japan Япония Finnish Finsk Swedish Svensk Danish Dansk German Tysk Ukrainian Ukrainsk "
    "Американский American Amerikansk British Britisk Chinese Kinesisk Europe Europa Европа "
    "Nordic Norden Scandinavia Skandinavia Скандинавия Baltic Baltikum"
)


# Looked up once per word (cached), folded there: folding a whole text costs more than the
# look-ups.
_LEXICON = Lexicon(EVENT_WORDS)
_concepts_of = _LEXICON.of


# Words that tell a concept in one language and nothing of the kind in another, by the
# language they are not counted in (as ``concepts.FALSE_FRIENDS``): the Arabic loan "درون" is
# a drone, the Persian word "inside"; the Icelandic "vísa" sends away (round 36).
FALSE_FRIENDS: dict[str, frozenset[str]] = {
    "fa": frozenset({"درون", "درونی"}),
    "is": frozenset({"vísa"}),
}


def events_in(text: str, tokens: list[str] | None = None, lang: str = "") -> Counter[str]:
    """How often each concept is told in ``text`` (any of the languages above). ``tokens``:
    ``text.words(text)``, when the caller has them; ``lang``: the article's base language
    code, when known."""
    toks = words(text) if tokens is None else tokens
    return _LEXICON.told(toks, lang, FALSE_FRIENDS.get(lang, frozenset()))


# Round 19: the beat's two sides in a headline, as a country (who acts, or where) and as a
# nationality (whose people, diplomats, ships): "Norway expels Russian diplomat" is Norway
# acting on Russians; "Russia expels Norwegian diplomat", nine days later, the answer. Two
# events of one kind whose headlines swap the sides are each other's answer (an expulsion and
# the counter-expulsion, a ban and the counter-ban), not one event told twice.
SIDE_WORDS: dict[str, str] = {
    "land:no": "norway$ norways$ norge$ noreg$ norges$ norwegen$ norvege$ noruega$ norvegia$ "
    "норвегия$ норвегии$ норвегию$ норвегией$ норвегія$ норвегії$ норвегію$ norwegia$ norwegii$ "
    "norwegie$ noorwegen$ norsko$ norja$ norjan$ oslo$ осло$",
    "land:ru": "russia$ russias$ russland$ russlands$ ryssland$ rysslands$ russie$ rusia$ "
    "россия$ россии$ россию$ россией$ рф$ росія$ росії$ росію$ rosja$ rosji$ rosje$ rusland$ "
    "rusko$ venaja$ venajan$ moscow$ moskva$ moskau$ москва$ кремль$ kremlin$",
    "folk:no": "norwegian norsk norweger norwegisch норвежск норвежц норвезьк norwesk nordmann "
    "nordmenn nordmand nordman norrman noorse norjalai",
    "folk:ru": "russian russisk rysk$ ryska$ ryske$ ryss$ ryssar$ ryssen$ ryssarna$ russisch "
    "russe$ russen$ russer russere российск русск россиян російськ росіян rosyjsk rosjan rusky$ "
    "ruska$ ruske$ ruskou$ ruskeho$",
}
_sides_of = Lexicon(SIDE_WORDS).of


def headline_sides(title: str, tokens: list[str] | None = None) -> str:
    """Which side acts on which in a headline: "no>ru" when it names one country (Norway) and
    the other's nationality (Russian), "ru>no" the other way; "" when it names both countries,
    both nationalities, or not one of each. ``tokens``: ``text.words(title)``, when the caller
    has them."""
    lands: set[str] = set()
    folks: set[str] = set()
    for word in words(title) if tokens is None else tokens:
        found = _sides_of(word)
        # A country's name before a nationality's stem it starts with ("Norsko", "norsk")
        for side in [s for s in found if s.startswith("land:")] or found:
            kind, who = side.split(":")
            (lands if kind == "land" else folks).add(who)
    if len(lands) != 1 or len(folks) != 1 or lands == folks:
        return ""
    return f"{lands.pop()}>{folks.pop()}"
