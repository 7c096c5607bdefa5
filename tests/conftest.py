"""Shared fixtures: where ../shared is, and stores on SQLite and (when reachable) PostgreSQL."""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("FLASHPOINT_SHARED", ROOT.parent / "shared"))
PG_URL = os.environ.get("FLASHPOINT_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")


def shared_path(*parts: str) -> Path:
    """A path under ../shared; skips the test (or fails in CI) when ../shared is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        if os.environ.get("FLASHPOINT_REQUIRE_SHARED") == "1":
            pytest.fail(f"{path} is missing and FLASHPOINT_REQUIRE_SHARED=1")
        pytest.skip(f"{path} not present (the shared corpus is not part of a user's clone)")
    return path


def _pg_available() -> bool:
    import time

    import psycopg

    for attempt in range(3):  # a server briefly out of connection slots is not an absent server
        try:
            with psycopg.connect(PG_URL, connect_timeout=3):
                return True
        except Exception:
            time.sleep(1 + attempt)
    return False


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with module_store(request.param, tmp_path) as url:
        yield url


@contextlib.contextmanager
def module_store(kind: str, folder: Path) -> Iterator[str]:
    """A store URL like ``store_url``'s for fixtures of a wider scope: a SQLite file in ``folder``, or a
    throwaway PostgreSQL schema (skipped, or failed in CI, when PostgreSQL is not reachable)."""
    if kind == "sqlite":
        yield f"sqlite:///{folder / 'store.db'}"
        return
    if not _pg_available():
        if os.environ.get("FLASHPOINT_REQUIRE_PG") == "1":
            pytest.fail(f"PostgreSQL at {PG_URL} is not reachable and FLASHPOINT_REQUIRE_PG=1")
        pytest.skip(f"PostgreSQL at {PG_URL} is not reachable")
    import psycopg

    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        # the schema's name is also the connections' application_name, so that they can be found afterwards
        yield f"{PG_URL}?options=-csearch_path%3D{schema}&application_name={schema}"
    finally:
        import gc

        gc.collect()  # stores the test left behind give their pooled connections back
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            # and those still held (an engine kept alive somewhere) are closed: several suites share one server
            conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = %s "
                         "AND pid <> pg_backend_pid()", (schema,))  # fmt: skip
            conn.execute(f"DROP SCHEMA {schema} CASCADE")
