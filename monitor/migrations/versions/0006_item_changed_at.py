"""when an item was rewritten in place, for the feeds' "updated"

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04

An outlet's article takes the place of the news search's entry that came first
(``Store.replace_stubs``): the item keeps its id and takes the article's headline, link and
text. The feeds told readers the entry was last updated when it was first fetched, so a
reader that keys on "updated" (Atom) or "date_modified" (JSON Feed) kept the search's
redirect link and headline. ``item.changed_at`` (nullable: unchanged items have none) is
when it was rewritten.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    have = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("item")}
    if "changed_at" not in have:  # an archive of the release before migrations has it
        with op.batch_alter_table("item") as batch:
            batch.add_column(sa.Column("changed_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    # Not in batch mode: on SQLite that copies the item table, which the other tables'
    # foreign keys refuse; SQLite 3.35 and PostgreSQL drop a column in place.
    op.drop_column("item", "changed_at")
