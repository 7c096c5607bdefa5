"""Alembic environment: runs migrations on the connection flashpoint hands it."""

from __future__ import annotations

from alembic import context

from flashpoint.store.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - flashpoint always passes its connection
    raise RuntimeError("run migrations through flashpoint.store (flashpoint migrate), not the alembic CLI")
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
