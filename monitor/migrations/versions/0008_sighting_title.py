"""a copy's own headline, so a news search's entry for the copy's outlet is known

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07

An outlet's article archived as a near-copy of another outlet's item (a mirror's cut, a lightly
edited wire text) kept only its address: its headline was lost, and a news search's entry for it,
which names that headline and that outlet, was taken for a new article and delivered again
(issue #26, round 33). ``sighting.title`` is the copy's headline where it is not the item's.
Older sightings have none.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    have = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("sighting")}
    if "title" not in have:
        with op.batch_alter_table("sighting") as batch:
            batch.add_column(sa.Column("title", sa.String(), nullable=True))


def downgrade() -> None:
    # In place (SQLite 3.35 and PostgreSQL), like 0007's downgrade.
    op.drop_column("sighting", "title")
