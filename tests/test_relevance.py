"""Relevance that generalises (issue #28): bounded vetoes, negative topics, the beat without
the country's name, Nynorsk, Danish, Swedish and Russian forms, short teasers, false friends.

Written cases: each names the class of the issue it holds. The corpus figures are held by
tests/test_quality.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.config import RuleConfig, TopicConfig, load_config
from monitor.match import Matcher

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
