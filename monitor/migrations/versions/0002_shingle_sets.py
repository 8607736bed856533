"""an item's fingerprints in one row; the index table holds the coarser keys

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01

New items store all their winnowed fingerprints in ``shingle_set`` (one row an item) and only
their index keys in ``shingle`` (about 40% of the rows they had). Items archived before keep
all their fingerprints in ``shingle`` and get no ``shingle_set`` row: look-ups read them from
there, so nothing needs recomputing and the upgrade is instant.
"""

import struct
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # An archive of the release before migrations was given every current table when it was
    # stamped 0001 (see monitor/store/schema.py, _upgrade): this one may exist already.
    if "shingle_set" in sa.inspect(op.get_bind()).get_table_names():
        return
    op.create_table(
        "shingle_set",
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("hashes", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["item_id"], ["item.id"]),
        sa.PrimaryKeyConstraint("item_id"),
    )


def downgrade() -> None:
    # Items stored since hold only their keys in ``shingle``: give them all fingerprints back.
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT item_id, hashes FROM shingle_set")).fetchall()
    for item_id, blob in rows:
        have = {
            h
            for (h,) in bind.execute(
                sa.text("SELECT hash FROM shingle WHERE item_id = :i"), {"i": item_id}
            )
        }
        # text.unpack_hashes, written out: a migration must not change with the code it migrates
        missing = set(struct.unpack(f">{len(blob) // 8}q", blob)) - have
        if missing:
            bind.execute(
                sa.text("INSERT INTO shingle (hash, item_id) VALUES (:h, :i)"),
                [{"h": h, "i": item_id} for h in missing],
            )
    op.drop_table("shingle_set")
