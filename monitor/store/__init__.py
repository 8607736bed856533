"""The archive: every SQL statement of the monitor lives in this package.

The rest of the code asks questions by name (``seen_guids``, ``near_duplicate``,
``undelivered``) and never builds queries. One public ``Store``, composed of one mixin per
kind of thing the archive keeps (the layout of lemon24/reader's ``_storage``):

- ``tables``: the tables (SQLAlchemy Core, the one schema definition); ``models``: their rows
  as objects (SQLModel), imported only by the queries that want objects;
- ``schema``: engine, SQLite pragmas, the schema's revision;
- ``base``: ``StoreBase``, sessions, the grouped transaction, shared helpers;
- ``items``: items and their copies; ``shingles``: near-duplicate look-ups;
  ``stories``: the story index; ``sources``: sources' state;
- ``delivery``: subscribers and deliveries; ``feedback``: verdicts and clicks;
- ``coordination``: leases and settings; ``transfer``: export/import and retention.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from monitor.store.base import StoreBase, StoredItem, _utcnow
from monitor.store.coordination import OLD_SECRETS_SETTING, SECRET_SETTING, CoordinationMixin
from monitor.store.delivery import STALE_CLAIM, DeliveryMixin, subscriber_key, webhook_key
from monitor.store.feedback import FeedbackMixin
from monitor.store.items import ItemsMixin, NewItem, NewSighting, StubReplacement, _new_uids
from monitor.store.schema import (
    PAGE_SIZE,
    SCHEMA_HEAD,
    WAL_CHECKPOINT_BYTES,
    SchemaOutdated,
    _alembic_config,
    schema_state,
)
from monitor.store.shingles import NEAR_CANDIDATES, Duplicate, ShinglesMixin
from monitor.store.sources import SourcesMixin, SourceState
from monitor.store.stories import Original, StoriesMixin
from monitor.store.tables import UTCDateTime, _bind_processor
from monitor.store.transfer import TransferMixin

if TYPE_CHECKING:
    from monitor.store.models import (
        DeliveryRow,
        FeedbackRow,
        ItemRow,
        JudgementRow,
        LeaseRow,
        SettingRow,
        ShingleRow,
        ShingleSetRow,
        SightingRow,
        SourceStateRow,
        SubscriberRow,
        TopicMatchRow,
    )

_ROW_CLASSES = frozenset((
    "DeliveryRow", "FeedbackRow", "ItemRow", "JudgementRow", "LeaseRow", "SettingRow",
    "ShingleRow", "ShingleSetRow", "SightingRow", "SourceStateRow", "SubscriberRow",
    "TopicMatchRow",
))  # fmt: skip


def __getattr__(name: str) -> Any:
    """The row classes (``from monitor.store import ItemRow``), imported on first use: they
    bring SQLModel, pydantic and the ORM, which a steady poll does not need (models.py)."""
    if name in _ROW_CLASSES:
        from monitor.store import models

        return getattr(models, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class Store(
    ItemsMixin,
    ShinglesMixin,
    StoriesMixin,
    SourcesMixin,
    DeliveryMixin,
    FeedbackMixin,
    CoordinationMixin,
    TransferMixin,
    StoreBase,
):
    """Opens the archive, creates its tables, and answers the pipeline's questions."""


__all__ = [
    "NEAR_CANDIDATES",
    "OLD_SECRETS_SETTING",
    "PAGE_SIZE",
    "SCHEMA_HEAD",
    "SECRET_SETTING",
    "STALE_CLAIM",
    "WAL_CHECKPOINT_BYTES",
    "DeliveryRow",
    "Duplicate",
    "FeedbackRow",
    "ItemRow",
    "JudgementRow",
    "LeaseRow",
    "NewItem",
    "NewSighting",
    "Original",
    "SchemaOutdated",
    "SettingRow",
    "ShingleRow",
    "ShingleSetRow",
    "SightingRow",
    "SourceState",
    "SourceStateRow",
    "Store",
    "StoredItem",
    "StubReplacement",
    "SubscriberRow",
    "TopicMatchRow",
    "UTCDateTime",
    "_alembic_config",
    "_bind_processor",
    "_new_uids",
    "_utcnow",
    "schema_state",
    "subscriber_key",
    "webhook_key",
]
