"""flashpoint: sourced, geocoded conflict events from news text."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flashpoint.query import EventQuery

__version__ = "0.1.0"


def to_dataframe(db: str | None = None, query: EventQuery | None = None, layout: str = "flat") -> Any:
    """The store's events as a pandas DataFrame, one row per event (columns: docs/exports.md).

    ``db`` is a path or URL as for ``--db``; ``query`` a ``flashpoint.query.EventQuery``; ``layout`` is
    ``flat`` (every field), ``acled`` or ``ucdp``. Imports nothing until called.
    """
    from flashpoint.export import to_dataframe as _to_dataframe

    return _to_dataframe(db, query, layout)
