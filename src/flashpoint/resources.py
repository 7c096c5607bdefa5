"""Read the data files that ship inside the package (lexicons, calendars, gazetteer seeds)."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from flashpoint.errors import ResourceError


def _read(name: str) -> str:
    try:
        return resources.files("flashpoint").joinpath("data").joinpath(name).read_text(encoding="utf-8")
    except (FileNotFoundError, OSError) as exc:
        raise ResourceError(
            f"data file {name!r} is missing from the flashpoint package",
            hint="reinstall flashpoint: pip install -e .",
        ) from exc


def data_rows(name: str) -> list[list[str]]:
    """The tab-separated rows of ``flashpoint/data/<name>``, without blank and ``#`` comment lines."""
    return [line.split("\t") for line in _read(name).splitlines() if line.strip() and not line.startswith("#")]


def load_json(name: str) -> Any:
    """Parse ``flashpoint/data/<name>``; a missing or malformed file is a ResourceError."""
    text = _read(name)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ResourceError(f"data file {name!r} is not valid JSON: {exc}") from exc
