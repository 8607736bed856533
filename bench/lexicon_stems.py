"""Stems for the content-word table (``monitor.concepts``) from lexicon writers' forms (round 27).

The writers (helpers who saw nothing of the project; brief and files in docs/lexicon-27/) gave,
per concept and language, the forms news use and each form's other common senses. A form
becomes a stem by these rules, chosen on the tuning parts (docs/clustering.md, round 27):

- a form its writer warned of (another common sense), and a multi-word form, are left out;
- Chinese and Japanese: two-character words only, as the text is cut into pairs of characters
  and a longer compound's first pair is often another word (連邦 of 連邦保安庁, 国際 of
  国際会議); Korean: the bare noun or stem, matched at a word's start (particles follow it);
- Arabic: the word without its article, matched inside a word (``~``: Arabic writes "and",
  "the", "in" on the noun), from four letters;
- other languages: the Snowball stem where it keeps seven letters or more, else the form
  itself, matched at a word's start; a form of four letters or fewer as a whole word (``$``).
  Shorter Snowball stems found other words ("kutsu", an invitation, of the Finnish call-up
  "kutsunta"): 400 more wrong pairs on the development tuning part;
- a stem the table's concept has already (or a shorter one) is not added, nor one another
  concept's stems cover;
- a stem that matches a word of any labelled item in another language (``bench/data``) is left
  out: the Turkish "silah" is an Azerbaijani word too, the Icelandic "konse" a Norwegian one.

Prints the tables as Python, one per writer's file, in the order the files are given:
``bench/lexicon_stems.py [--skip=FILE.jsonl ...] NAME=docs/lexicon-27/forms-A.tsv ...``; a set
not yet scored is skipped, so its words choose nothing (round 27 skipped the twenty-eighth).

``--events`` (round 30) writes for the event table (``monitor.events``) instead, from round 26's
writers' files (``docs/lexicon-26/``, whose warnings follow "OTHER:"). Round 26 chose that
table's additions by hand and left most of the writers' single words out; the same rules as
round 27's, with the stems listed in ``LEFT_OUT_30`` left out, add the rest. In both modes a
form ``text.words`` cuts in two (a hyphen, Persian's zero-width non-joiner) is a multi-word form:
its stem would never match a word.
"""

from __future__ import annotations

import bisect
import json
import re
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from monitor import concepts, events  # noqa: E402
from monitor.lexicon import covers, parse_stem  # noqa: E402
from monitor.stems import _stemmer  # noqa: E402
from monitor.text import ARABIC_ARTICLE, fold, han_form, words  # noqa: E402

SNOWBALL = {"fi": "finnish", "et": "estonian", "nl": "dutch", "cs": "czech", "ro": "romanian",
            "it": "italian", "es": "spanish", "fr": "french", "pt": "portuguese",
            "tr": "turkish", "hr": "serbian"}  # fmt: skip
SNOWBALL_LETTERS = 7
# Languages whose items' words a stem may match besides its own: Croatian, Serbian, Bosnian and
# Montenegrin are one language in Latin script and Slovenian a close one; so are Bulgarian and
# Macedonian.
FAMILY = {"hr": {"hr", "sr", "bs", "sl", "me"}, "bg": {"bg", "mk"}}
_HAN = re.compile(r"^[\u4e00-\u9fff]+$")
_HANGUL = re.compile(r"^[\uac00-\ud7a3]+$")
_ARABIC_VOWELS = re.compile(r"[\u064b-\u0652]")
ROUND = "_27"  # the tables these rules wrote: left out of what "the table has already" means
EVENTS_ROUND = "_30"
# Stems ``--events`` leaves out, read one by one in its first output (round 30): where the
# word's common sense in its language is another (a form its writer gave without warning), an
# agency's name (round 26 left out PST and Säpo: named in every story of their kind), any
# accident (round 26's rule: an accident is no crash), or a word every military story holds.
_LEFT_OUT = (
    # other common senses: "I was" (pt), "leaves" (it), army (it "esercito"), star (es
    # "estrella"), destroys (pt "destrói"), airplane (fa), siege (ar "حصار"), to rule (ar
    # "حكم"), raised (ru, uk), prevented (tr), accompanied, objects (ar), hill (es "cerro"),
    # farms (fr "fermes"), electronic (ar: electronic warfare is jamming), came out, left (ru,
    # uk, sv, tr), a photo taken (tr "çekildi", round 26), rules (ar "قواعد"), enters and
    # entered (ar), incoming (fa), accession (cs "vstup"), called (tr), recall and mobility
    # (it), seen (it "visti", es "vistos"), march and career (ar "مسيرة"), concerns and
    # comments (ar "تعلق", "يعلق", "علقت", "معلق"), warning and preparation (fa, tr), effective
    # (es, pt "efectivos"), exchange and change (ar, zh, tr, fi), corporals and capes (pt
    # "cabos"), sick (de "kranker"), signal (tr), damaged (fr "abîmé"), destroy (zh "破壞"),
    # export (tr "ihracı"), gossip (pl "ploty"), a jet's nozzles (de "Düsen", beside the
    # Turkish "düşen", falling)
    "fui$ lascia esercit estrell destroi هواپیما حصار$ حکم$ подняты підняли engelledi ~رافقت "
    "~تعترض cerro fermes ~إلكترونية вышла вышел виходу виходить виишла виишов вииде виити "
    "lamnade ayrıldı ayrılma cekildi cekiliyor cekilmes ~قواعد ~يدخل ~دخلت وارد$ 進入 vstupu "
    "vstoupit cagırdı cagrıldı richiam mobilit visti vistos ~تعلق ~يعلق ~علقت معلق$ هشدار "
    "hazırlık efectivos efetivos 交換 degisimi vaihtoi cabos kranker sinyal abime 破壞 "
    "ihracı ploty dusen "
    # round 26's false friends: Arabic detention ("تحتجز") holds a protest ("تحتج"), the Polish
    # "wojskowy" (military) starts with "wojsk", the invasion of Ukraine ("入侵")
    "~تحتج wojsk 入侵 "
    # agencies' names
    "supo$ aivd$ mivd$ 007$ "
    # any accident
    "ungluck verungluc olycka turmassa حادثه سانحه veronluk واژگون kırıma "
    # a word every military story holds ("of the military"; round 26 left out "wojskowy")
    "военных ~عسكريين"
)
LEFT_OUT_30 = frozenset(_LEFT_OUT.split())


def stems_of(form: str, lang: str) -> list[str]:
    """The stem (as the table writes it) one form gives, or none."""
    if lang in ("ja", "zh"):
        return [form] if _HAN.match(form) and len(form) == 2 else []
    if lang == "ko":
        return [form] if _HANGUL.match(form) and len(form) >= 2 else []
    if lang == "ar":
        bare = _ARABIC_VOWELS.sub("", ARABIC_ARTICLE.sub("", form))
        return ["~" + bare] if len(bare) >= 4 else []
    form = re.split(r"['’]", form)[0]  # Turkish writes a name's endings after an apostrophe
    if len(words(form)) > 1:  # cut in two as text is read (a hyphen, a zero-width non-joiner)
        return []
    low = fold(form)
    if len(low) <= 4:
        return [low + "$"] if len(low) >= 3 else []
    # Without a Snowball stemmer (Icelandic, Ukrainian, Bulgarian): the form less two letters.
    stem = (
        fold(_stemmer(SNOWBALL[lang]).stemWord(form.casefold())) if lang in SNOWBALL else low[:-2]
    )
    return [stem if len(stem) >= SNOWBALL_LETTERS else low]


class Words:
    """Every labelled item's words, folded, with the languages of the items holding each."""

    def __init__(self, skip: set[str]) -> None:
        langs: dict[str, set[str]] = {}
        for path in sorted((ROOT / "bench" / "data").glob("*.jsonl")):
            if path.name in skip:
                continue
            for line in path.read_text("utf-8").splitlines():
                row = json.loads(line) if line.strip() else {}
                lang = str(row.get("lang") or "").split("-")[0].lower()
                for word in words(f"{row.get('title', '')}\n{row.get('text', '')}"):
                    langs.setdefault(fold(word), set()).add(lang)
        self.langs = langs
        self.sorted = sorted(langs)

    def matched(self, raw: str) -> list[str]:
        kind, stem = parse_stem(raw)
        if kind == "$":
            return [stem] if stem in self.langs else []
        if kind == "~":
            return [w for w in self.sorted if stem in w]
        at, out = bisect.bisect_left(self.sorted, stem), []
        while at < len(self.sorted) and self.sorted[at].startswith(stem):
            out.append(self.sorted[at])
            at += 1
        return out


def _wrapped(stems: list[str], indent: int, width: int = 99) -> str:
    """The stems as one string literal, or adjacent ones over lines within ``width``."""
    lines: list[str] = []
    line = ""
    for stem in stems:
        room = width - (indent if not lines else 4) - 3
        if line and len(line) + 1 + len(stem) > room:
            lines.append(line)
            line = stem
        else:
            line = f"{line} {stem}".strip()
    lines.append(line)
    return (
        "\n    ".join(f'"{x} "' for x in lines[:-1])
        + ("\n    " if len(lines) > 1 else "")
        + f'"{lines[-1]}"'
    )


def warned_26(note: str) -> set[str]:
    """The forms a round-26 writer warned of: after "OTHER:", each "form = another sense"
    (several forms may share one: "a/b = ...", "a (b) = ..."), folded as the table reads."""
    other = note.split("OTHER:", 1)[1] if "OTHER:" in note else ""
    out = set()
    for chunk in other.split(";"):
        if "=" in chunk:
            for w in re.split(r"[\s/,()]+", chunk.split("=")[0]):
                if w:
                    out.add(han_form(fold(w)))
    return out


class Mode(NamedTuple):
    """What one table's round read: the module and the suffix of the tables it wrote (taken out
    again, so "the table has already" means the table before them), how its writers warned of
    a form's other senses, and the checks only that round made."""

    module: ModuleType
    table: Callable[[], dict[str, str]]
    round: str
    warned: Callable[[str], set[str]]
    left_out: frozenset[str] = frozenset()
    # round 30: the warning also holds for the form without Arabic's article or in simplified
    # Han, and a stem wider than one the table has is refused (the tables stay free of covered
    # stems; round 26 chose "dyplomat", not "dyploma")
    strict: bool = False


def warned_27(note: str) -> set[str]:
    """The forms a round-27 writer warned of: each "form = another sense", ";"-separated."""
    return {fold(w.split("=")[0].strip()) for w in note.split(";") if "=" in w}


CONTENT = Mode(concepts, lambda: concepts.CONCEPTS, ROUND, warned_27)
EVENTS = Mode(events, lambda: events.EVENT_WORDS, EVENTS_ROUND, warned_26, LEFT_OUT_30, True)


def table_before(mode: Mode) -> dict[str, list[tuple[str, str]]]:
    """The mode's table without the round's own additions (they came last in each concept)."""
    before = {c: s.split() for c, s in mode.table().items()}
    for name in dir(mode.module):
        if name.endswith(mode.round):
            for concept, stems in getattr(mode.module, name).items():
                added = Counter(stems.split())
                kept = []
                for stem in reversed(before[concept]):
                    if added[stem]:
                        added[stem] -= 1
                    else:
                        kept.append(stem)
                before[concept] = kept[::-1]
    return {c: [parse_stem(r) for r in s] for c, s in before.items()}


def main() -> int:
    args = sys.argv[1:]
    mode = EVENTS if "--events" in args else CONTENT
    has = table_before(mode)
    skip = {a.removeprefix("--skip=") for a in args if a.startswith("--skip=")}
    corpus, counts = Words(skip), Counter[str]()
    for arg in (a for a in args if not a.startswith("--")):
        name, path = arg.split("=", 1)
        table: dict[str, list[str]] = {}
        for line in Path(path).read_text("utf-8").splitlines():
            concept, lang, forms, *rest = [*line.split("\t"), ""][:4]
            if concept not in has:
                continue
            lang, warned = lang.strip(), mode.warned(rest[0])
            for form in forms.split():
                # Arabic's article off, Han characters simplified, as the stem is written
                bare = han_form(fold(ARABIC_ARTICLE.sub("", form) if lang == "ar" else form))
                if "_" in form or fold(form) in warned or (mode.strict and bare in warned):
                    counts["warned or multi-word"] += 1
                    continue
                for raw in stems_of(form, lang):
                    if raw in mode.left_out:
                        counts["left out (LEFT_OUT_30)"] += 1
                        continue
                    stem = parse_stem(raw)
                    if any(covers(b, stem) for bs in has.values() for b in bs):
                        counts["covered"] += 1
                        continue
                    if mode.strict and any(covers(stem, b) for bs in has.values() for b in bs):
                        counts["wider than a stem the table has"] += 1
                        continue
                    family = FAMILY.get(lang, {lang})
                    if any(corpus.langs[w] - family - {""} for w in corpus.matched(raw)):
                        counts["another language's word"] += 1
                        continue
                    has[concept].append(stem)
                    table.setdefault(concept, []).append(raw)
                    counts["added"] += 1
        print(f"{name}: dict[str, str] = {{")
        for concept, stems in table.items():
            print(f'    "{concept}": {_wrapped(stems, len(concept) + 8)},')
        print("}\n")
    print(f"# {dict(counts)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
