"""``flashpoint gazetteer``: build, inspect and query the offline gazetteer."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from flashpoint.errors import FlashpointError

app = typer.Typer(
    help="Build and inspect the offline gazetteer (GeoNames cities500, countries, first-order divisions, "
    "US counties, curated regions). It is built once, into $FLASHPOINT_GAZETTEER or ~/.cache/flashpoint/.",
    no_args_is_help=True,
)
err = Console(stderr=True)

PathOption = Annotated[
    Path | None,
    typer.Option("--path", help="Gazetteer file. Default: $FLASHPOINT_GAZETTEER, else the user cache folder."),
]


@app.command("build")
def build_command(
    path: PathOption = None,
    force: Annotated[bool, typer.Option("--force", help="Rebuild even when the file is up to date.")] = False,
) -> None:
    """Build the gazetteer file (about 15 s, 45 MB). Safe to interrupt: nothing half-written is left."""
    from flashpoint.geo.build import build, default_path

    target = path or default_path()
    if target.exists() and not force:
        err.print(f"up to date: {target}  (use --force to rebuild)")
        return
    started = time.perf_counter()
    with err.status("building the gazetteer…") as status:
        build(target, progress=lambda step: status.update(f"building the gazetteer: {step}…"))
    err.print(f"built {target} in {time.perf_counter() - started:.1f} s")


@app.command("info")
def info_command(path: PathOption = None) -> None:
    """Where the gazetteer is, how many places and names it holds."""
    from flashpoint.geo.build import default_path
    from flashpoint.geo.gazetteer import GeoIndex

    target = path or default_path()
    try:
        meta = GeoIndex(target).meta()
    except FlashpointError as exc:
        err.print(f"[red]error[/red] {exc}", highlight=False)
        raise typer.Exit(2) from exc
    size = target.stat().st_size / 1e6
    print(json.dumps({"path": str(target), "megabytes": round(size, 1), **meta}, indent=1))


@app.command("search")
def search_command(
    name: Annotated[str, typer.Argument(help="A place name as a text would write it, e.g. 'Donetsk' or 'Харькове'.")],
    limit: Annotated[int, typer.Option("--limit", "-n", help="How many candidates to list.")] = 10,
    path: PathOption = None,
) -> None:
    """List the candidates a name has, best first by population and kind."""
    from flashpoint.geo.build import default_path
    from flashpoint.geo.gazetteer import GeoIndex

    try:
        found = GeoIndex(path or default_path()).search(name, limit)
    except FlashpointError as exc:
        err.print(f"[red]error[/red] {exc}", highlight=False)
        raise typer.Exit(2) from exc
    if not found:
        err.print(f"no place is called {name!r}")
        raise typer.Exit(1)
    for e in found:
        print(
            json.dumps(
                {
                    "name": e.name,
                    "kind": e.kind,
                    "country": e.country,
                    "admin1": e.admin1,
                    "lat": e.lat,
                    "lon": e.lon,
                    "population": e.population,
                    "geonameid": e.geonameid,
                },
                ensure_ascii=False,
            )
        )
