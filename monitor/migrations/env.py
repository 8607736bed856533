"""Alembic environment: the connection comes from the monitor (Store.upgrade), not a file."""

from __future__ import annotations

from alembic import context

from monitor.store.tables import metadata

connection = context.config.attributes.get("connection")
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things: batch mode recreates tables
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
