"""Find and read sources.toml: the file's path (--config, $MONITOR_CONFIG, ./sources.toml),
its bytes as TOML, then the checks (monitor.config.check) that make it a Config."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path

from monitor.config.check import check
from monitor.config.settings import Config
from monitor.errors import ConfigError

DEFAULT_CONFIG = "sources.toml"


def config_path(cli_value: str | None, env: Mapping[str, str] = os.environ) -> Path:
    """--config, else $MONITOR_CONFIG, else ./sources.toml (the contract's order)."""
    return Path(cli_value or env.get("MONITOR_CONFIG") or DEFAULT_CONFIG)


def load_config(path: Path | str, env: Mapping[str, str] = os.environ) -> Config:
    """Read, validate and return the configuration, or raise ConfigError listing every problem."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(str(path), ["file not found"]) from None
    except OSError as exc:
        raise ConfigError(str(path), [f"cannot read the file: {exc.strerror}"]) from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ConfigError(str(path), [f"not UTF-8 text (byte {exc.start})"]) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(str(path), [f"invalid TOML: {exc}"]) from None
    return check(path, env, data)
