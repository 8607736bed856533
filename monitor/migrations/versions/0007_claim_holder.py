"""who claimed a delivery key, so a dead sender's claims are given up within a minute

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05

A worker killed between claiming (address, item) keys and recording them kept those items
from everyone for six hours (STALE_CLAIM): an immediate alert arrived hours late after a
crash or a container's restart. ``delivery.holder`` is the process that claimed the key
(``Store.holder``); its heartbeat lease (``alive:<holder>``) says whether it still lives.
Older claims have none and keep the six hours.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    have = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("delivery")}
    if "holder" not in have:  # an archive of the release before migrations has it
        with op.batch_alter_table("delivery") as batch:
            batch.add_column(sa.Column("holder", sa.String(), nullable=True))


def downgrade() -> None:
    # In place (SQLite 3.35 and PostgreSQL), like 0006's downgrade.
    op.drop_column("delivery", "holder")
