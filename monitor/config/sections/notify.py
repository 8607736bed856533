"""[[notify]]: chat and push channels (Apprise URLs, or an Apprise config file), their secrets
read from $MONITOR_NOTIFY_… variables.

The URL's form and its variables are checked here; whether Apprise knows the scheme is checked
by ``monitor check-config`` and before the first send (monitor.deliver.notify.problems), so
other commands never import Apprise.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from monitor.config.settings import NotifyConfig
from monitor.config.values import quoted, topic_list

if TYPE_CHECKING:
    from monitor.config.check import Checker

NOTIFY_KINDS = ("alerts", "digest")
# $MONITOR_NOTIFY_SLACK or ${MONITOR_NOTIFY_SLACK} in a [[notify]] url: a secret kept in the
# environment, not in the file. Only this prefix is read, so a "$" a URL needs stays as written.
_NOTIFY_VAR = re.compile(r"\$(?:\{(MONITOR_NOTIFY_[A-Z0-9_]+)\}|(MONITOR_NOTIFY_[A-Z0-9_]+))")


def check(c: Checker, data: Any, topics: tuple[str, ...]) -> tuple[NotifyConfig, ...]:
    out: list[NotifyConfig] = []
    seen: dict[tuple[str, str], str] = {}
    for i, raw in enumerate(c.tables(data, "notify")):
        key = f"notify[{i}]"
        sec = c.table(raw, key, ("url", "config", "topics", "kind"))
        if not sec:
            continue
        kind = c.string(sec, "kind", f"{key}.kind", "alerts")
        if kind not in NOTIFY_KINDS:
            c.fail(f"{key}.kind", f'{quoted(kind)} is not "alerts" or "digest"')
        chosen = topic_list(c, sec.get("topics", []), f"{key}.topics", topics)
        if ("url" in sec) == ("config" in sec):
            c.fail(key, "needs either url (an Apprise URL) or config (an Apprise "
                   "config file holding one URL), not both")  # fmt: skip
            continue
        if "config" in sec:
            file = c.string(sec, "config", f"{key}.config")
            if file is None:
                continue
            where = (c.path.parent / file).resolve()
            if not where.is_file():
                c.fail(f"{key}.config", f"{quoted(file)}: no such file")
                continue
            out.append(NotifyConfig("", f"config:{where}", key, chosen, kind,
                                    config_file=where))  # fmt: skip
            continue
        written = c.string(sec, "url", f"{key}.url")
        if written is None:
            continue
        missing: list[str] = []
        secrets: list[str] = []

        def substitute(m: re.Match[str], missing: list[str] = missing,
                       secrets: list[str] = secrets) -> str:  # fmt: skip
            name = m.group(1) or m.group(2)
            value = c.env.get(name)
            if not value:
                missing.append(name)
                return m.group(0)
            secrets.append(value)
            return value

        url = _NOTIFY_VAR.sub(substitute, written).strip()
        for name in dict.fromkeys(missing):
            c.fail(f"{key}.url", f"${name} is not set in the environment")
        scheme = url.split("://", 1)[0] if "://" in url else ""
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.\-]*", scheme):
            c.fail(f"{key}.url", "is not an Apprise URL like slack://…, tgram://… or "
                   "json://host/path (see README, Chat and push channels)")  # fmt: skip
        if (written, kind) in seen:
            c.fail(f"{key}.url", f"is the same channel as {seen[written, kind]}")
        seen.setdefault((written, kind), f"{key}.url")
        if not missing:
            out.append(NotifyConfig(url, written, key, chosen, kind, tuple(secrets)))
    return tuple(out)
