"""less work a stored item: no unused source index, a partial story index, no compression
of ordinary rows on PostgreSQL

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04

A first poll writes tens of thousands of item rows, most of them off-topic and never read
again but for dedupe's exact look-ups (docs/performance.md, "Round 4: PostgreSQL first poll"):

- ``ix_item_source`` is dropped: no query looks items up by source (the health table's count
  per source reads the on-topic range of ``ix_item_delivery``).
- ``ix_item_story_id`` keeps only the items in a story (``story_id IS NOT NULL``): the on-topic
  ones, a few in a hundred; every look-up by story (``story_id = x``, ``IN``) implies it.
- PostgreSQL: ``toast_tuple_target`` 8160 on ``item``: a row is compressed only past ~8 KB,
  not past ~2 KB, so an entry with a feed summary (~2.4 KB) is stored as SQLite stores it,
  uncompressed (pglz was ~1.5 ms of a 50-entry feed's insert; the table grows ~1.3 KB a row).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STORY_ROWS = sa.text("story_id IS NOT NULL")


def _indexes() -> set[str]:
    return {str(i["name"]) for i in sa.inspect(op.get_bind()).get_indexes("item")}


def upgrade() -> None:
    have = _indexes()
    if "ix_item_source" in have:
        op.drop_index("ix_item_source", table_name="item")
    # An archive of the release before migrations was given the current indexes when it was
    # stamped 0001 (see monitor/store/schema.py, _upgrade): made again all the same.
    if "ix_item_story_id" in have:
        op.drop_index("ix_item_story_id", table_name="item")
    op.create_index("ix_item_story_id", "item", ["story_id"],
                    sqlite_where=STORY_ROWS, postgresql_where=STORY_ROWS)  # fmt: skip
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE item SET (toast_tuple_target = 8160)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE item RESET (toast_tuple_target)")
    op.drop_index("ix_item_story_id", table_name="item")
    op.create_index("ix_item_story_id", "item", ["story_id"])
    op.create_index("ix_item_source", "item", ["source"])
