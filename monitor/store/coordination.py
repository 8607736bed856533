"""What several workers sharing one archive coordinate through: leases (who polls a source
or sends someone's mail until when, monitor/leases.py) and the monitor's own settings."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from monitor.store.base import StoreBase, _as_utc
from monitor.store.tables import LEASE

if TYPE_CHECKING:  # imported by the methods that use them (models.py says why)
    pass

# The unsubscribe secret (deliver.unsubscribe) and the older ones links may still carry.
SECRET_SETTING = "unsubscribe_secret"
OLD_SECRETS_SETTING = "unsubscribe_secrets_before"


class CoordinationMixin(StoreBase):
    """Leases (who does a piece of work until when) and the monitor's own settings."""

    # -- leases: several workers, one archive -------------------------------------------------

    def try_lease(self, name: str, holder: str, now: datetime, ttl: timedelta) -> bool:
        """Take the lease ``name`` for ``holder`` if it is free, expired or already theirs.

        One atomic statement (INSERT … ON CONFLICT DO UPDATE … WHERE expired RETURNING), so two
        workers can never both get it; a worker killed while holding it loses it at ``until``.
        """

        insert = self._insert_dialect()
        table = LEASE
        with self.engine.begin() as conn:
            # Judged by the database's clock, not the worker's (``now`` is kept for callers):
            # workers whose clocks disagree still agree on whether a lease ran out.
            now = self._db_now(conn)
            until = now + ttl
            stmt = insert(table).values(name=name, holder=holder, until=until)
            stmt = stmt.on_conflict_do_update(
                index_elements=["name"],
                set_={"holder": holder, "until": until},
                where=(table.c.until < now) | (table.c.holder == holder),
            ).returning(table.c.holder)
            return conn.execute(stmt).first() is not None

    def lease_holder(self, name: str) -> str | None:
        """Who holds the lease ``name`` now (None: nobody, or it ran out)."""
        from sqlmodel import select

        with self.engine.connect() as conn:
            now = self._db_now(conn)
            table = LEASE
            row = conn.execute(
                select(table.c.holder, table.c.until).where(table.c.name == name)
            ).first()
        return row[0] if row is not None and _as_utc(row[1]) >= now else None

    def release_lease(self, name: str, holder: str) -> None:
        from sqlmodel import col, delete

        from monitor.store.models import LeaseRow

        with self.session() as s:
            s.exec(
                delete(LeaseRow).where(col(LeaseRow.name) == name, col(LeaseRow.holder) == holder)
            )
            s.commit()

    def setting(self, name: str, default: str) -> str:
        """A stored value, created with ``default`` on first use (race-safe)."""
        from monitor.store.models import SettingRow

        with self.session() as s:
            row = self._get_or_add(s, SettingRow, name,
                                   lambda: SettingRow(name=name, value=default))  # fmt: skip
            return str(row.value)
