"""One schema definition: the Core tables (monitor/store/tables.py) are the archive's schema;
the row classes (monitor/store/models.py) and ``SourceState`` name their columns again, as
attributes with the defaults a new object starts with. These checks fail when the two drift
(a column added to a table and not to its class, or a default that differs)."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from pydantic_core import PydanticUndefined

from monitor.store import SourceState
from monitor.store.models import ROWS
from monitor.store.tables import SOURCE_STATE, metadata


def _column_default(column: Any) -> Any:
    """What a row gets for ``column`` when an insert leaves it out (Python side or server)."""
    if column.default is not None:
        return column.default.arg
    if column.server_default is not None:
        return column.server_default.arg
    return None


def test_every_table_has_its_row_class() -> None:
    assert sorted(ROWS) == sorted(metadata.tables)
    for name, cls in ROWS.items():
        assert cls.__table__ is metadata.tables[name]  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", sorted(metadata.tables))
def test_a_row_class_names_its_table_columns(name: str) -> None:
    table, cls = metadata.tables[name], ROWS[name]
    fields = cls.model_fields
    assert list(fields) == [c.name for c in table.columns]
    for column in table.columns:
        field = fields[column.name]
        if field.default is PydanticUndefined:  # must be given: the column has no default
            assert column.default is None and column.server_default is None, column.name
            assert not column.nullable, column.name
        else:
            assert field.default == _column_default(column), column.name


def _state_drift(cls: type) -> list[str]:
    """Where a dataclass of the source_state row differs from the table: names, defaults."""
    fields = dataclasses.fields(cls)
    out = [] if [f.name for f in fields] == [c.name for c in SOURCE_STATE.columns] else ["names"]
    given = [f for f in fields if f.name in SOURCE_STATE.c and f.default is not dataclasses.MISSING]
    return out + [f.name for f in given if f.default != _column_default(SOURCE_STATE.c[f.name])]


def test_source_state_is_the_table_row() -> None:
    assert _state_drift(SourceState) == []


def test_the_check_finds_a_drift() -> None:
    """A default changed on one side, a column left out: both are caught."""
    other = dataclasses.make_dataclass(
        "Other", [(f.name, f.type, f) for f in dataclasses.fields(SourceState)
                  if f.name != "url"]
    )  # fmt: skip
    assert _state_drift(other) == ["names"]
    changed = dataclasses.make_dataclass(
        "Changed", [("name", str), ("items_seen", int, dataclasses.field(default=1))]
    )
    assert _state_drift(changed) == ["names", "items_seen"]
