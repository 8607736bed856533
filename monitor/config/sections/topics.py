"""[[topics]] and their [[topics.rules]]: what the monitor looks for, as term rules."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from monitor.config.settings import RuleConfig, TopicConfig
from monitor.config.values import terms

if TYPE_CHECKING:
    from monitor.config.check import Checker

RULE_KEYS = ("name", "any_of", "all_of", "none_of", "title_none_of", "weight", "alert")


def check(c: Checker, data: Any) -> tuple[TopicConfig, ...]:
    out: list[TopicConfig] = []
    seen: set[str] = set()
    for i, raw in enumerate(c.tables(data, "topics")):
        key = f"topics[{i}]"
        sec = c.table(
            raw,
            key,
            ("name", "title", "threshold", "title_weight", "rules"),
            ("name", "rules"),
        )
        if not sec:
            continue
        name = c.string(sec, "name", f"{key}.name")
        if name is not None and not re.match(r"^[a-z0-9][a-z0-9_-]*$", name):
            c.fail(f"{key}.name", f'"{name}" must be lower-case letters, digits, - or _')
        if name in seen:
            c.fail(f"{key}.name", f'"{name}" is used by another topic')
        seen.add(name or "")
        title = c.string(sec, "title", f"{key}.title", name or "")
        threshold = c.number(sec, "threshold", f"{key}.threshold", 1.0)
        title_weight = c.number(sec, "title_weight", f"{key}.title_weight", 2.0)
        found = rules(c, sec.get("rules", []), f"{key}.rules")
        if name:
            out.append(TopicConfig(name, title or name, found, threshold, title_weight))
    return tuple(out)


def rules(c: Checker, data: Any, key: str) -> tuple[RuleConfig, ...]:
    if not isinstance(data, list) or not data:
        c.fail(key, "must be a non-empty array of tables ([[topics.rules]])")
        return ()
    out: list[RuleConfig] = []
    for i, raw in enumerate(data):
        rk = f"{key}[{i}]"
        sec = c.table(raw, rk, RULE_KEYS)
        if not sec:
            continue
        name = c.string(sec, "name", f"{rk}.name", f"rule {i}")
        any_of = terms(c, sec["any_of"], f"{rk}.any_of") if "any_of" in sec else ()
        none_of = terms(c, sec["none_of"], f"{rk}.none_of") if "none_of" in sec else ()
        title_none_of = (
            terms(c, sec["title_none_of"], f"{rk}.title_none_of") if "title_none_of" in sec else ()
        )
        all_of: tuple[tuple[str, ...], ...] = ()
        if "all_of" in sec:
            groups = sec["all_of"]
            if not isinstance(groups, list) or not all(isinstance(g, list | dict) for g in groups):
                c.fail(f"{rk}.all_of", "must be a list of term lists, e.g. [[a, b], [c]]")
            else:
                all_of = tuple(terms(c, g, f"{rk}.all_of[{j}]") for j, g in enumerate(groups))
        if not any_of and not all_of:
            c.fail(rk, "needs any_of or all_of terms")
        weight = c.number(sec, "weight", f"{rk}.weight", 1.0)
        alert = c.flag(sec, "alert", f"{rk}.alert", False)
        out.append(RuleConfig(name, any_of, all_of, none_of, weight, alert, title_none_of))
    return tuple(out)
