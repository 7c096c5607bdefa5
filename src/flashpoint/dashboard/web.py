"""The dashboard's routes: the page, its vendored assets, compact points for the map and timeline, escalation.

``mount(app, store)`` adds them to the API app. The page reads everything else from the API itself
(``/events/{id}`` for claims and sources, ``/documents/{id}`` for the article text).

- ``GET /dashboard`` the page (``static/index.html``); ``/dashboard/static/...`` its JS, CSS and boundaries;
- ``GET /dashboard/points`` every event matching the filters as parallel arrays (one fetch draws 10k events);
- ``GET /dashboard/escalation`` per country and dyad, recent activity against its baseline (``escalation.py``).
"""

from __future__ import annotations

import json
from datetime import date
from importlib import resources
from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.responses import FileResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import StringConstraints
from sqlalchemy import and_, select, true

from flashpoint.dashboard import escalation
from flashpoint.query import EventQuery, FigureRange, conditions, json_field
from flashpoint.records import EVENT_TYPES
from flashpoint.resources import load_json
from flashpoint.store import Store
from flashpoint.store.schema import event_countries, events

STATIC = resources.files("flashpoint.dashboard").joinpath("static")
DATE = r"^\d{4}-\d{2}-\d{2}$"
ISO3 = Annotated[str, StringConstraints(pattern=r"^[A-Za-z]{3}$")]


def _json(content: Any) -> Response:
    return Response(json.dumps(content, ensure_ascii=False, separators=(",", ":")), media_type="application/json")


def country_names() -> dict[str, str]:
    """ISO3 to English name, from the package's countries.json."""
    return {c["iso3"]: c["name"] for c in load_json("countries.json")["countries"]}


def event_query(
    since: str | None, until: str | None, country: list[str], type_: list[str], actor: str | None,
    min_killed: int | None, q: str | None,
) -> EventQuery:  # fmt: skip
    """The dashboard's filters (the same names as in its URL) as an ``EventQuery``."""
    figures = (FigureRange("killed", low=min_killed),) if min_killed else ()
    return EventQuery(since=since, until=until, countries=tuple(c.upper() for c in country), types=tuple(type_),
                      actor=actor or None, q=q or None, figures=figures)  # fmt: skip


def points(store: Store, query: EventQuery) -> dict[str, Any]:
    """Events as parallel arrays: id, type (index into ``types``), first and last day, lat, lon, killed best,
    countries (joined with ``,``), UCDP ``where_prec``. Events without a location have null lat/lon."""
    with store.reading() as conn:
        dialect = conn.dialect.name
        columns = [
            events.c.id, events.c.type, events.c.day_first, events.c.day_last, events.c.countries,
            json_field(dialect, ("location", "lat"), "float").label("lat"),
            json_field(dialect, ("location", "lon"), "float").label("lon"),
            json_field(dialect, ("location", "where_prec"), "int").label("prec"),
            json_field(dialect, ("killed", "best"), "int").label("killed"),
        ]  # fmt: skip
        sql = (
            select(*columns).where(and_(true(), *conditions(dialect, query))).order_by(events.c.day_first, events.c.id)
        )
        rows = list(conn.execute(sql))
        present = [
            c for (c,) in conn.execute(select(event_countries.c.country).distinct().order_by(event_countries.c.country))
        ]
    types = list(EVENT_TYPES)
    names = country_names()
    index = {t: i for i, t in enumerate(types)}
    return {
        "types": types,
        "n": len(rows),
        "id": [r.id for r in rows],
        "type": [index.get(r.type, -1) for r in rows],
        "first": [r.day_first for r in rows],
        "last": [r.day_last for r in rows],
        "lat": [None if r.lat is None else round(float(r.lat), 4) for r in rows],
        "lon": [None if r.lon is None else round(float(r.lon), 4) for r in rows],
        "prec": [r.prec for r in rows],
        "killed": [None if r.killed is None else int(r.killed) for r in rows],
        "countries": [",".join(r.countries or []) for r in rows],
        "country_names": {c: names.get(c, c) for c in present},
    }


def router(store: Store) -> APIRouter:
    api = APIRouter(prefix="/dashboard", include_in_schema=False)  # the page's own routes: docs/dashboard.md

    @api.get("", include_in_schema=False)
    def slash(request: Request) -> RedirectResponse:
        query = request.url.query
        return RedirectResponse("/dashboard/" + (f"?{query}" if query else ""))

    @api.get("/", include_in_schema=False)
    def page() -> FileResponse:
        return FileResponse(str(STATIC.joinpath("index.html")), headers={"Cache-Control": "no-cache"})

    @api.get("/points", summary="Events matching the dashboard's filters as parallel arrays (for the map)")
    def points_json(
        since: Annotated[str | None, Query(pattern=DATE)] = None,
        until: Annotated[str | None, Query(pattern=DATE)] = None,
        country: Annotated[list[ISO3], Query()] = [],  # noqa: B006 - FastAPI copies defaults
        type: Annotated[list[str], Query()] = [],  # noqa: B006,A002
        actor: Annotated[str | None, Query(max_length=200)] = None,
        min_killed: Annotated[int | None, Query(ge=0)] = None,
        q: Annotated[str | None, Query(max_length=200)] = None,
    ) -> Response:
        return _json(points(store, event_query(since, until, country, type, actor, min_killed, q)))

    @api.get("/escalation", summary="Per country and dyad: recent activity against its own baseline, breakouts flagged")
    def escalation_json(
        as_of: Annotated[
            date | None, Query(description="End of the recent window (default: the last event day)")
        ] = None,
        recent_weeks: Annotated[int, Query(ge=1, le=52)] = 4,
        baseline_weeks: Annotated[int, Query(ge=2, le=520)] = 26,
        min_events: Annotated[int, Query(ge=1)] = 3,
        country: Annotated[list[ISO3], Query()] = [],  # noqa: B006
        type: Annotated[list[str], Query()] = [],  # noqa: B006,A002
        actor: Annotated[str | None, Query(max_length=200)] = None,
        min_killed: Annotated[int | None, Query(ge=0)] = None,
        q: Annotated[str | None, Query(max_length=200)] = None,
        limit: Annotated[int, Query(ge=1, le=500)] = 50,
    ) -> Response:
        query = event_query(None, None, country, type, actor, min_killed, q)
        with store.reading() as conn:
            end = as_of or escalation.last_day(conn, query)
            start = None if end is None else escalation.window_start(end, recent_weeks + baseline_weeks)
            activity = escalation.load(conn, query, since=start)
        result = escalation.compute(activity, as_of=end, recent_weeks=recent_weeks, baseline_weeks=baseline_weeks,
                                    min_events=min_events)  # fmt: skip
        return _json(escalation.to_json(result, limit))

    return api


def mount(app: FastAPI, store: Store) -> None:
    """Serve the dashboard from ``app``: the page at ``/dashboard``, its data routes and static files."""
    app.include_router(router(store))
    app.mount("/dashboard/static", StaticFiles(directory=str(STATIC)), name="dashboard-static")
