"""delivery keys are claimed before sending; subscribers remember what they asked for

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03

``delivery.status``: "sending" (claimed before the message goes out, so a second sender finds
the key taken), "sent" (the server accepted it; what every older row is), or "skipped" (items
a subscriber was not owed when they joined or changed what they get: "from then on").
``subscriber.profile`` is what the subscriber asked for (topics, alerts or digests) when last
seen in the configuration, ``subscriber.removed_at`` when a worker found them gone from it.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _columns(table: str) -> set[str]:
    return {c["name"] for c in sa.inspect(op.get_bind()).get_columns(table)}


def upgrade() -> None:
    # An archive of the release before migrations got every current column when it was
    # stamped 0001 (see monitor/store/schema.py, _upgrade): these may exist already.
    if "status" not in _columns("delivery"):
        with op.batch_alter_table("delivery") as batch:
            batch.add_column(
                sa.Column("status", sa.String(), nullable=False, server_default="sent")
            )
    have = _columns("subscriber")
    with op.batch_alter_table("subscriber") as batch:
        if "profile" not in have:
            batch.add_column(sa.Column("profile", sa.String(), nullable=True))
        if "removed_at" not in have:
            batch.add_column(sa.Column("removed_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    # Claims and skips were never sent: an older monitor would read them as sent.
    op.execute("DELETE FROM delivery WHERE status <> 'sent'")
    with op.batch_alter_table("delivery") as batch:
        batch.drop_column("status")
    with op.batch_alter_table("subscriber") as batch:
        batch.drop_column("removed_at")
        batch.drop_column("profile")
