"""Alembic migrations of the archive schema (SQLite and PostgreSQL)."""
