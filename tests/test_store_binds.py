"""The archive's bulk inserts bind values with their own fast processors (``_bind_processor``
in monitor/store/tables.py): they must send the driver exactly what SQLAlchemy's processors
would, or range queries on dates written by the two paths would disagree."""

import sqlite3
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import create_engine

from monitor.store import ItemRow, SightingRow, TopicMatchRow, _bind_processor

SQLITE = create_engine("sqlite://").dialect
TABLES = (ItemRow, SightingRow, TopicMatchRow)

DATES = [
    datetime(2026, 12, 1, 21, 57, 22, 123456, tzinfo=UTC),
    datetime(2026, 12, 1, 21, 57, 22, tzinfo=UTC),  # no microseconds: still written
    datetime(2026, 1, 1, 0, 0, tzinfo=timezone(timedelta(hours=3))),  # Moscow: to UTC
    datetime(2025, 6, 30, 23, 30, 5, 1, tzinfo=timezone(timedelta(hours=-5, minutes=-30))),
    datetime(999, 3, 4, 5, 6, 7, tzinfo=UTC),
    None,
]


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.__tablename__)
def test_every_column_is_bound_as_sqlalchemy_binds_it(table: type) -> None:
    for column in table.__table__.c:  # type: ignore[attr-defined]
        ours = _bind_processor(column.type, SQLITE)
        theirs = column.type.dialect_impl(SQLITE).bind_processor(SQLITE)
        if str(column.type) == "DATETIME":
            values: list[object] = list(DATES)
        elif str(column.type) == "BOOLEAN":
            values = [True, False, None]
        else:
            values = [1, 2.5, None] if str(column.type) == "FLOAT" else ["x", 1, None]
        for value in values:
            want = theirs(value) if theirs else value
            got = ours(value) if ours else value
            assert got == want, (column.name, value)


def test_sqlite_keeps_a_bool_as_the_integer_sqlalchemy_would_send() -> None:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE t (b BOOLEAN)")
    db.executemany("INSERT INTO t VALUES (?)", [(True,), (False,), (None,)])
    assert db.execute("SELECT b, typeof(b) FROM t").fetchall() == [
        (1, "integer"),
        (0, "integer"),
        (None, "null"),
    ]


def test_naive_datetimes_are_refused() -> None:
    fast = _bind_processor(ItemRow.__table__.c.fetched_at.type, SQLITE)  # type: ignore[attr-defined]
    with pytest.raises(ValueError, match="naive"):
        fast(datetime(2026, 12, 1, 12, 0))
