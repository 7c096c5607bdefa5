"""``flashpoint doctor``: is this install ready to run? Each check is OK, WARN or FAIL with how to fix it.

What is checked: the Python version; every required package installed at a version its pin allows; the optional
ones (PostgreSQL driver, pandas, Ray, Playwright with a Chromium) with what each brings; the store named by
``--db`` (reachable, its schema at the newest Alembic revision, nothing created when it does not exist yet); the
gazetteer (present, built from the current data files, opens and finds a place); the fetch guard; the size
limits. Nothing here needs ../shared.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
import re
import shutil
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Status = Literal["OK", "WARN", "FAIL"]
MIN_PYTHON = (3, 11)


@dataclass(frozen=True, slots=True)
class Check:
    name: str
    status: Status
    detail: str
    fix: str = ""


# optional packages: distribution name → (import name, what it brings, how to install)
OPTIONAL = {
    "psycopg": ("psycopg", "PostgreSQL stores (--db postgresql://...)", "pip install -e '.[postgres]'"),
    "pandas": ("pandas", "flashpoint.to_dataframe()", "pip install -e '.[pandas]'"),
    "ray": ("ray", "the distributed executor (ingest --executor ray)", "pip install ray"),
    "playwright": ("playwright", "the dashboard's browser tests and benchmark", "pip install -e '.[dev]'"),
}


def python_check(version: tuple[int, ...] = tuple(sys.version_info[:3])) -> Check:
    shown = ".".join(map(str, version))
    if version[:2] >= MIN_PYTHON:
        return Check("python", "OK", f"Python {shown}")
    need = ".".join(map(str, MIN_PYTHON))
    return Check("python", "FAIL", f"Python {shown}; flashpoint needs {need}+", f"install Python {need} or newer")


def _requirements() -> list[str]:
    try:
        reqs = importlib.metadata.requires("flashpoint") or []
    except importlib.metadata.PackageNotFoundError:
        return []
    return [r for r in reqs if "extra ==" not in r]


def package_checks(version_of: Callable[[str], str] = importlib.metadata.version) -> Iterator[Check]:
    """Every required package (from flashpoint's own metadata) installed at an allowed version."""
    from packaging.requirements import Requirement

    reqs = _requirements()
    if not reqs:
        yield Check(
            "packages", "FAIL", "flashpoint's package metadata is missing", "pip install -e . (or bash scripts/install)"
        )
        return
    missing, wrong = [], []
    for line in reqs:
        req = Requirement(line)
        try:
            have = version_of(req.name)
        except importlib.metadata.PackageNotFoundError:
            missing.append(req.name)
            continue
        if req.specifier and not req.specifier.contains(have, prereleases=True):
            wrong.append(f"{req.name} {have} (needs {req.specifier})")
    if missing or wrong:
        detail = "; ".join(filter(None, [f"missing: {', '.join(missing)}" if missing else "", ", ".join(wrong)]))
        yield Check("packages", "FAIL", detail, "pip install -e . (or bash scripts/install)")
    else:
        yield Check("packages", "OK", f"{len(reqs)} required packages at allowed versions")


def optional_checks(find: Callable[[str], object | None] = importlib.util.find_spec) -> Iterator[Check]:
    for dist, (module, brings, how) in OPTIONAL.items():
        if find(module) is None:
            yield Check(dist, "WARN", f"not installed: no {brings}", how)
            continue
        try:
            version = importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            version = "?"
        yield Check(dist, "OK", f"{dist} {version}: {brings}")
    if find("playwright") is not None:
        yield chromium_check()


def chromium_check() -> Check:
    found = os.environ.get("FLASHPOINT_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return Check("chromium", "OK", f"{found} (for the dashboard's browser tests)")
    return Check(
        "chromium",
        "WARN",
        "no chromium on PATH: the dashboard's browser tests skip",
        "apt-get install chromium (or set FLASHPOINT_CHROMIUM to a Chromium binary)",
    )


def store_check(db: str | None) -> Check:
    """The store is reachable and its schema is at the newest migration; a store that does not exist is not made."""
    from flashpoint.errors import FlashpointError
    from flashpoint.store.repo import Store, resolve_url

    url = resolve_url(db)
    shown = re.sub(r"://([^:@/]+):[^@/]*@", r"://\1:***@", url)
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        path = Path(url.removeprefix("sqlite:///"))
        if not path.exists():
            return Check("store", "WARN", f"{shown}: no store there yet", "flashpoint ingest creates it (or pass --db)")
    try:
        store = Store(db)
        try:
            current, head = store.schema_version(), store.head_version()
        finally:
            store.engine.dispose()
    except FlashpointError as exc:
        return Check("store", "FAIL", f"{shown}: {exc}", "check --db / FLASHPOINT_DB and that the server is up")
    except Exception as exc:  # a driver's connection error: the server is down, the password is wrong...
        why = str(exc).splitlines()[0][:200]
        return Check(
            "store",
            "FAIL",
            f"{shown}: cannot connect ({type(exc).__name__}: {why})",
            "check --db / FLASHPOINT_DB and that the server is up",
        )
    if current == head:
        return Check("store", "OK", f"{shown}: schema {current} (the newest)")
    if current is None:
        return Check(
            "store",
            "WARN",
            f"{shown}: no flashpoint schema yet",
            "flashpoint ingest (or any command with --db) creates it",
        )
    store = Store(db)
    try:
        known = _known_revisions(store)
    finally:
        store.engine.dispose()
    if current not in known:
        return Check(
            "store",
            "FAIL",
            f"{shown}: schema {current} is newer than this flashpoint knows (newest {head})",
            "upgrade flashpoint (git pull && pip install -e .)",
        )
    return Check(
        "store",
        "WARN",
        f"{shown}: schema {current}, the newest is {head}",
        "back the store up; the next flashpoint command migrates it (flashpoint events --db ...)",
    )


def _known_revisions(store: object) -> set[str]:
    from importlib import resources

    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("flashpoint.store").joinpath("migrations")))
    return {rev.revision for rev in ScriptDirectory.from_config(cfg).walk_revisions()}


def gazetteer_checks() -> Iterator[Check]:
    from flashpoint.errors import FlashpointError
    from flashpoint.geo.build import default_path, fingerprint
    from flashpoint.geo.gazetteer import GeoIndex

    try:
        path, current = default_path(), fingerprint()
    except FlashpointError as exc:
        yield Check("gazetteer", "FAIL", str(exc), "pip install -e .")
        return
    if not path.exists():
        yield Check(
            "gazetteer", "FAIL", f"{path} is missing", "flashpoint gazetteer build (about 15 s; ingest builds it too)"
        )
        return
    try:
        index = GeoIndex(path)
        meta = index.meta()
        found = index.search("Kharkiv", 1) if meta.get("fingerprint") == current else []
    except (FlashpointError, Exception) as exc:  # sqlite3 errors on a damaged file
        yield Check("gazetteer", "FAIL", f"{path} does not open: {exc}", "flashpoint gazetteer build --force")
        return
    size = path.stat().st_size / 1e6
    if meta.get("fingerprint") != current:
        yield Check(
            "gazetteer",
            "FAIL",
            f"{path} was built from other data (fingerprint {meta.get('fingerprint')}, current {current})",
            "flashpoint gazetteer build --force",
        )
    elif not found:
        yield Check("gazetteer", "FAIL", f"{path} opens but finds no 'Kharkiv'", "flashpoint gazetteer build --force")
    else:
        yield Check("gazetteer", "OK", f"{path} ({size:.0f} MB, fingerprint {current}, finds Kharkiv)")
    stale = (
        [p for p in path.parent.glob("gazetteer-*.sqlite") if p != path]
        if not os.environ.get("FLASHPOINT_GAZETTEER")
        else []
    )
    if stale:
        mb = sum(p.stat().st_size for p in stale) / 1e6
        yield Check(
            "old gazetteers",
            "WARN",
            f"{len(stale)} outdated file(s), {mb:.0f} MB, in {path.parent}",
            "delete them: rm " + " ".join(str(p) for p in stale[:3]),
        )


def fetch_guard_check() -> Check:
    from flashpoint.ingest.netguard import ALLOW_ENV, allow_private_from_env

    if allow_private_from_env():
        return Check(
            "fetch guard",
            "WARN",
            f"{ALLOW_ENV} is set: feeds and pages may be fetched from loopback and private networks",
            f"unset {ALLOW_ENV} unless this machine only reads trusted feeds",
        )
    return Check("fetch guard", "OK", "fetches only from public addresses (--allow-private lifts it per run)")


def limits_check() -> Check:
    from flashpoint import limits

    shown = (
        f"file {limits.mib(limits.max_file_bytes())} (WARC and JSON Lines are streamed: no file limit), "
        f"document {limits.mib(limits.max_document_bytes())}, "
        f"text {limits.max_text_chars():,} characters, PDF {limits.max_pdf_pages()} pages, "
        f"HTML {limits.max_html_elements():,} elements"
    )
    bad = limits.invalid()
    if bad:
        return Check(
            "limits", "WARN", f"not a positive number: {', '.join(bad)}; the defaults apply", "set a whole number"
        )
    return Check("limits", "OK", shown)


def run_checks(db: str | None) -> list[Check]:
    checks = [python_check(), *package_checks(), *optional_checks(), store_check(db), *gazetteer_checks()]
    return [*checks, fetch_guard_check(), limits_check()]
