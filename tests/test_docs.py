"""README and docs/configuration.md against the code: the contracts stay documented.

README is for users and short; docs/configuration.md is the complete reference of every key,
environment variable, command and flag (issue #24). These tests ask the code itself what
exists — the validator's "unknown key (allowed: …)" lists, the environment variables the
package reads, the argument parser — so a key, variable or flag added without its line in the
reference fails here, and so does a command line in README that the parser would refuse.
"""

from __future__ import annotations

import argparse
import re
import shlex
from pathlib import Path

import pytest

from monitor.cli import build_parser
from monitor.config import load_config
from monitor.errors import ConfigError

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text("utf-8")
REFERENCE = (ROOT / "docs" / "configuration.md").read_text("utf-8")

_SOURCE = '[[sources]]\nname = "x"\nurl = "https://outlet.example/feed"\n'
_RULE = '[[topics]]\nname = "t"\n[[topics.rules]]\nany_of = ["a"]\n'
# One broken file per table: a key nobody allows, so the validator names the ones it does.
TABLES = {
    "": "bogus = 1\n",
    "[monitor]": "[monitor]\nbogus = 1\n",
    "[storage]": "[storage]\nbogus = 1\n",
    "[[sources]]": _SOURCE + "bogus = 1\n",
    "[sources.selectors]": _SOURCE + 'kind = "html"\n[sources.selectors]\nitem = "li"\nbogus = 1\n',
    "[fetch]": "[fetch]\nbogus = 1\n",
    "[[topics]]": '[[topics]]\nname = "t"\nbogus = 1\n[[topics.rules]]\nany_of = ["a"]\n',
    "[[topics.rules]]": _RULE + "bogus = 1\n",
    "[digest]": "[digest]\nbogus = 1\n",
    "[smtp]": "[smtp]\nbogus = 1\n",
    "[feeds]": "[feeds]\nbogus = 1\n",
    "[[subscribers]]": '[[subscribers]]\naddress = "a@example.org"\nbogus = 1\n',
    "[[webhooks]]": '[[webhooks]]\nurl = "https://chat.example.org/hook"\nbogus = 1\n',
    "[[notify]]": '[[notify]]\nurl = "json://127.0.0.1:9/x"\nbogus = 1\n',
    "[delivery]": "[delivery]\nbogus = 1\n",
    "[server]": "[server]\nbogus = 1\n",
}


def allowed_keys(tmp_path: Path, text: str) -> list[str]:
    """The keys the validator allows where ``bogus`` stands, from its own message."""
    path = tmp_path / "sources.toml"
    path.write_text(text, "utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path, env={})
    for problem in caught.value.problems:
        found = re.search(r"bogus: unknown key \(allowed: (.*)\)$", problem)
        if found:
            return found.group(1).split(", ")
    raise AssertionError(f"no unknown-key message for bogus in {caught.value.problems}")


def reference_section(table: str) -> str:
    """The part of docs/configuration.md under the heading that names ``table``."""
    headings = list(re.finditer(r"^###? .*$", REFERENCE, re.M))
    for i, h in enumerate(headings):
        if f"`{table}`" in h.group(0):
            end = headings[i + 1].start() if i + 1 < len(headings) else len(REFERENCE)
            part = REFERENCE[h.start() : end]
            if table == "[[topics]]":  # its rules share the section, after their own line
                part = part.split("Each `[[topics.rules]]`")[0]
            if table == "[[topics.rules]]":
                part = part.split("Each `[[topics.rules]]`")[1]
            return part
    raise AssertionError(f"docs/configuration.md has no heading naming `{table}`")


@pytest.mark.parametrize("table", list(TABLES))
def test_every_key_the_validator_allows_is_in_the_reference(tmp_path: Path, table: str) -> None:
    keys = allowed_keys(tmp_path, TABLES[table])
    assert len(keys) >= 2
    if table == "":
        missing = [k for k in keys if f"[{k}]" not in REFERENCE and f"[[{k}]]" not in REFERENCE]
        assert not missing, f"tables missing from docs/configuration.md: {missing}"
        return
    section = reference_section(table)
    missing = [k for k in keys if f"| `{k}` |" not in section]
    assert not missing, f"{table} keys missing from docs/configuration.md: {missing}"


def test_every_environment_variable_the_package_reads_is_in_the_reference() -> None:
    names: set[str] = set()
    for path in (ROOT / "monitor").rglob("*.py"):
        names |= set(re.findall(r"\bMONITOR_[A-Z][A-Z_]*[A-Z]\b", path.read_text("utf-8")))
    assert {"MONITOR_CONFIG", "MONITOR_DATABASE_URL", "MONITOR_SMTP_URL"} <= names
    missing = sorted(n for n in names if n not in REFERENCE)
    assert not missing, f"environment variables missing from docs/configuration.md: {missing}"


def _commands(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> list[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    """Every command and action with its parser: ("archive", "show"), ..."""
    found = [(path, parser)]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found += _commands(sub, (*path, name))
    return found


def test_every_command_and_flag_is_in_the_reference() -> None:
    commands = _commands(build_parser())
    assert len(commands) > 15
    missing = []
    for path, parser in commands:
        named = " ".join(path)
        if path and f"`monitor {named}" not in REFERENCE and f"`{named}`" not in REFERENCE:
            missing.append(f"monitor {named}")
        for action in parser._actions:
            for flag in action.option_strings:
                shown = re.search(rf"`[^`\n]*(?<![\w-]){flag}(?![\w-])[^`\n]*`", REFERENCE)
                if flag.startswith("--") and flag != "--help" and not shown:
                    missing.append(f"monitor {named} {flag}")
    assert not missing, f"missing from docs/configuration.md: {missing}"


def readme_command_lines() -> list[str]:
    """Each `monitor …` line of README's shell examples, without its comment."""
    lines = []
    for block in re.findall(r"```sh\n(.*?)```", README, re.S):
        for line in block.replace("\\\n", " ").splitlines():
            line = line.split("  #")[0].split(" > ")[0].strip()
            if line.startswith("monitor "):
                lines.append(line)
    return lines


def test_every_command_line_in_the_readme_is_valid() -> None:
    lines = readme_command_lines()
    assert len(lines) >= 15
    assert "monitor check-config" in lines
    refused = []
    for line in lines:
        try:
            build_parser().parse_args(shlex.split(line)[1:])
        except SystemExit:
            refused.append(line)
    assert not refused, f"README shows command lines the parser refuses: {refused}"


def test_the_readme_examples_together_are_a_valid_configuration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocks = re.findall(r"```toml\n(.*?)```", README, re.S)
    assert len(blocks) >= 4
    text = "\n".join(blocks).replace("/etc/monitor/telegram.yml", "telegram.yml")
    (tmp_path / "telegram.yml").write_text('urls: [ "tgram://123456789:abcdefg_hijk/-1001/" ]\n')
    (tmp_path / "sources.toml").write_text(text, "utf-8")
    env = {"MONITOR_NOTIFY_SLACK": "T0AAAAAAA/B0BBBBBBB/XXXX", "MONITOR_NOTIFY_TEAMS": "t/x"}
    config = load_config(tmp_path / "sources.toml", env=env)
    assert [s.name for s in config.sources] == ["Finnmarken"]
    assert [t.name for t in config.topics] == ["high-north"]
    assert len(config.subscribers) == 2 and len(config.notify) == 3
