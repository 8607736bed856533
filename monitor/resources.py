"""Where the shipped data lives: beside the package in a checkout, inside it when installed.

The design card keeps templates/ and storage/seeds/ at the top of the repository; the wheel
carries copies under monitor/_data/ (pyproject's force-include), so a non-editable install (the
container image) finds them too.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_LOCATIONS = {
    "templates": ("_data/templates", "../templates"),
    "seeds": ("_data/seeds", "../storage/seeds"),
}


def resource_dir(name: str) -> Path:
    for rel in _LOCATIONS[name]:
        path = (_PACKAGE / rel).resolve()
        if path.is_dir():
            return path
    raise FileNotFoundError(f"shipped data folder {name!r} is missing from this installation")
