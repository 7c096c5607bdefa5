"""The store: a SQLite file by default, PostgreSQL for teams; schema under Alembic migrations."""

from flashpoint.store.repo import AddOutcome, EventFilter, Store, resolve_url

__all__ = ["AddOutcome", "EventFilter", "Store", "resolve_url"]
