"""British and American spellings of one English word, read as one (issue #26, round 33).

Outlets on this beat republish each other: Arctic Today, an American site, carries The
Barents Observer's and High North News's reports, Eye on the Arctic the Canadian
broadcasters'. A republisher re-spells as its house style says ("defence" → "defense",
"neighbour" → "neighbor", "mobilise" → "mobilize") and cuts a sentence or two: the thirty-eighth
set's Barents Observer report on the Finnmark brigade and Arctic Today's copy of it shared
0.76 of their fingerprints, under the 0.8 a copy needs, and their headlines 0.71 of their words,
under the 0.8 an edited copy needs, so the copy was delivered again. Read with one spelling,
0.83.

Only words whose two spellings are the same word: an explicit table, no rule. "-ise" is no
rule ("exercise", "promise", "advise", "surprise" have no "-ize"), nor "-our" ("four",
"hour", "tour"), nor "-re" ("genre", "acre"). Each British form (folded, lower case) maps to
the American one; the American forms are left as they are.
"""

from __future__ import annotations

_FAMILIES = (
    # -ce / -se
    "defence:defense defences:defenses offence:offense offences:offenses licence:license "
    "licences:licenses pretence:pretense "
    # -our / -or
    "labour:labor neighbour:neighbor neighbours:neighbors neighbouring:neighboring "
    "neighbourhood:neighborhood favour:favor favourable:favorable favoured:favored "
    "honour:honor honoured:honored honours:honors behaviour:behavior colour:color "
    "colours:colors harbour:harbor harbours:harbors rumour:rumor rumours:rumors armour:armor "
    "armoured:armored endeavour:endeavor endeavours:endeavors vigour:vigor "
    # -re / -er
    "centre:center centres:centers metre:meter metres:meters kilometre:kilometer "
    "kilometres:kilometers theatre:theater litre:liter litres:liters calibre:caliber "
    "fibre:fiber manoeuvre:maneuver manoeuvres:maneuvers manoeuvring:maneuvering "
    # doubled l, -mme, -gue and others
    "travelled:traveled travelling:traveling traveller:traveler travellers:travelers "
    "cancelled:canceled cancelling:canceling labelled:labeled fuelled:fueled "
    "signalled:signaled modelling:modeling counselling:counseling programme:program "
    "programmes:programs catalogue:catalog analyse:analyze analysed:analyzed paralysed:paralyzed "
    "jewellery:jewelry grey:gray ageing:aging tyre:tire tyres:tires aluminium:aluminum "
    "sceptical:skeptical sceptic:skeptic skilful:skillful fulfil:fulfill enrol:enroll "
)
# -ise / -ize, each verb in its four forms; "+": and the noun in -isation, where news use one.
_ISE = (
    "apologis authoris+ capitalis categoris centralis+ characteris colonis+ criticis "
    "decentralis+ democratis+ destabilis digitis+ emphasis finalis globalis+ harmonis+ "
    "hospitalis+ immunis+ industrialis+ jeopardis legalis+ legitimis localis+ marginalis+ "
    "maximis memorialis militaris+ minimis mobilis+ modernis+ monopolis nationalis+ neutralis+ "
    "normalis+ optimis+ organis+ penalis polaris+ prioritis privatis+ publicis rationalis+ "
    "realis+ recognis revitalis+ sanitis+ scrutinis specialis stabilis+ standardis+ subsidis "
    "summaris symbolis sympathis synchronis+ terroris utilis+ weaponis+"
)


def _table() -> dict[str, str]:
    out = dict(pair.split(":") for pair in _FAMILIES.split())
    for word in _ISE.split():
        stem = word.rstrip("+")
        us = stem[:-1] + "z"
        # "emphasis" is its own noun: only its verb's forms ("emphasise", "emphasised").
        ends = ("e", "ed", "es", "ing") + (("ation", "ations") if word.endswith("+") else ())
        out.update((stem + end, us + end) for end in ends)
    return out


# British form → American form, folded (lower case, no diacritics: ``text.folded``).
AMERICAN: dict[str, str] = _table()


def american(word: str) -> str:
    """``word`` (folded) in its American spelling, where the table has a British one."""
    return AMERICAN.get(word, word)
