"""subscribers' one-click judgements from the mail ("not relevant", "more like this")

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03

``judgement``: one verdict per (subscriber address, item), the latest click winning. They are
examples for the relevance signal like ``feedback`` rows, but attributed to a subscriber and
never withdrawing an item from the others ([delivery] judgements, monitor/judgements.py).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # An archive of the release before migrations was given every current table when it was
    # stamped 0001 (see monitor/store/schema.py, _upgrade): this one may exist already.
    if "judgement" in sa.inspect(op.get_bind()).get_table_names():
        return
    op.create_table(
        "judgement",
        sa.Column("address", sa.String(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["item_id"], ["item.id"]),
        sa.PrimaryKeyConstraint("address", "item_id"),
    )
    op.create_index("ix_judgement_item_id", "judgement", ["item_id"])


def downgrade() -> None:
    op.drop_index("ix_judgement_item_id", table_name="judgement")
    op.drop_table("judgement")
