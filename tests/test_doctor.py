"""``flashpoint doctor``: each check says OK, WARN or FAIL with a fix, and the exit status is 1 on a FAIL."""

from __future__ import annotations

import importlib.metadata
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from conftest import ROOT
from flashpoint import doctor
from flashpoint.store import Store


def fp(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "flashpoint", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env or dict(os.environ),
    )


def _store(tmp_path: Path, revision: str | None = None) -> str:
    url = f"sqlite:///{tmp_path / 's.db'}"
    store = Store(url)
    store.migrate()
    if revision is not None:
        with store.engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": revision})
    store.engine.dispose()
    return url


def _row(out: str, name: str) -> str:
    return next(line for line in out.splitlines() if line.startswith(f"│ {name} "))


def test_a_sound_install_and_store_pass(tmp_path: Path) -> None:
    out = fp("doctor", "--db", _store(tmp_path))
    assert out.returncode == 0, out.stdout + out.stderr
    for name in ("python", "packages", "store", "gazetteer", "fetch guard", "limits"):
        assert "OK" in _row(out.stdout, name), _row(out.stdout, name)
    assert "(the newest)" in doctor.store_check(_store(tmp_path)).detail


def test_a_store_behind_the_newest_migration_is_a_warning_with_the_fix(tmp_path: Path) -> None:
    check = doctor.store_check(_store(tmp_path, "0003"))
    assert check.status == "WARN" and "schema 0003" in check.detail and "migrates" in check.fix


def test_a_store_from_a_newer_flashpoint_fails(tmp_path: Path) -> None:
    out = fp("doctor", "--db", _store(tmp_path, "9999"))
    assert out.returncode == 1 and "FAIL" in _row(out.stdout, "store") and "upgrade flashpoint" in out.stdout
    assert "FAIL: store" in out.stderr


def test_a_missing_store_is_not_created(tmp_path: Path) -> None:
    check = doctor.store_check(str(tmp_path / "none.db"))
    assert check.status == "WARN" and "no store there yet" in check.detail
    assert not (tmp_path / "none.db").exists()


def test_an_unreachable_database_fails() -> None:
    check = doctor.store_check("postgresql://nobody@127.0.0.1:1/none")
    assert check.status == "FAIL" and "cannot connect" in check.detail and "FLASHPOINT_DB" in check.fix


def test_a_missing_gazetteer_fails_with_the_build_command(tmp_path: Path) -> None:
    out = fp(
        "doctor", "--db", _store(tmp_path), env={**os.environ, "FLASHPOINT_GAZETTEER": str(tmp_path / "no.sqlite")}
    )
    assert out.returncode == 1 and "flashpoint gazetteer build" in _row(out.stdout, "gazetteer")


def test_a_damaged_or_outdated_gazetteer_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"not a database" * 100)
    monkeypatch.setenv("FLASHPOINT_GAZETTEER", str(junk))
    (check,) = doctor.gazetteer_checks()
    assert check.status == "FAIL" and "does not open" in check.detail and "--force" in check.fix
    old = tmp_path / "old.sqlite"
    with sqlite3.connect(old) as db:
        db.execute("CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT NOT NULL)")
        db.executemany("INSERT INTO meta VALUES (?, ?)", [("schema", "1"), ("fingerprint", "000000000000")])
    monkeypatch.setenv("FLASHPOINT_GAZETTEER", str(old))
    (check,) = doctor.gazetteer_checks()
    assert check.status == "FAIL" and "built from other data" in check.detail and "--force" in check.fix


def test_an_old_python_fails() -> None:
    check = doctor.python_check((3, 10, 4))
    assert check.status == "FAIL" and "3.11" in check.fix


def test_a_missing_or_too_old_required_package_fails() -> None:
    def version_of(name: str) -> str:
        if name == "httpx":
            raise importlib.metadata.PackageNotFoundError(name)
        return "0.0.1" if name == "sqlalchemy" else importlib.metadata.version(name)

    (check,) = doctor.package_checks(version_of)
    assert check.status == "FAIL" and "missing: httpx" in check.detail and "sqlalchemy 0.0.1" in check.detail
    assert "pip install" in check.fix


def test_missing_optional_packages_are_warnings_that_say_what_they_bring() -> None:
    checks = list(doctor.optional_checks(lambda module: None))
    assert [c.name for c in checks] == ["psycopg", "pandas", "ray", "playwright"]
    assert all(c.status == "WARN" and c.fix for c in checks)
    assert "PostgreSQL" in checks[0].detail and "'.[postgres]'" in checks[0].fix


def test_the_fetch_guard_lifted_and_a_bad_limit_are_warnings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLASHPOINT_ALLOW_PRIVATE", "1")
    monkeypatch.setenv("FLASHPOINT_MAX_FILE_MB", "lots")
    assert doctor.fetch_guard_check().status == "WARN"
    check = doctor.limits_check()
    assert check.status == "WARN" and "FLASHPOINT_MAX_FILE_MB='lots'" in check.detail
