"""The HTTP API: events, one event with its claims and sources, documents, counts, GeoJSON; ingest with a token.

``create_app(store, token)`` builds it; ``flashpoint serve`` runs it under uvicorn. Reads are plain SELECTs
through ``flashpoint.query`` with bound parameters. Without a token the API is read-only: the ingest endpoints
answer 403. Every error, whatever raised it, has the shape of ``models.ErrorResponse``.
"""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Callable
from importlib import resources
from typing import Annotated, Any

from fastapi import Depends, FastAPI, File, Header, Path, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy import func, select
from starlette.exceptions import HTTPException

from flashpoint import __version__, dashboard
from flashpoint.api import ingest as ingest_mod
from flashpoint.api.models import (
    CountParams,
    Counts,
    DocumentDetail,
    DocumentPage,
    DocumentParams,
    ErrorResponse,
    EventDetail,
    EventPage,
    EventParams,
    FeatureCollection,
    GeoJsonParams,
    Info,
    IngestResult,
    TextIn,
    UrlIn,
)
from flashpoint.api.security import BodyLimit, SecurityHeaders, inline_script_hashes, redact_in_logs
from flashpoint.errors import FlashpointError
from flashpoint.export import feature
from flashpoint.ingest.files import MAX_BYTES
from flashpoint.query import (
    DocumentQuery,
    counts,
    document_detail,
    event_detail,
    event_page,
    iter_events,
    list_documents,
)
from flashpoint.store import Store
from flashpoint.store.schema import documents, events

log = logging.getLogger("flashpoint.api")
MAX_BODY = MAX_BYTES + 1024 * 1024  # an upload as large as `flashpoint ingest` reads, and its multipart envelope
ID = Annotated[str, Path(pattern=r"^[A-Za-z0-9_-]{1,64}$", description="The id as the API lists it.")]
ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorResponse, "description": text}
    for code, text in (
        (400, "Bad request"),
        (404, "Not found"),
        (422, "Invalid parameters"),
        (503, "Store unavailable"),
    )
}
WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    401: {"model": ErrorResponse, "description": "Missing or wrong token"},
    403: {"model": ErrorResponse, "description": "The server is read-only"},
    413: {"model": ErrorResponse, "description": "Too large"},
}


def _error(status: int, code: str, message: str, details: list[dict[str, Any]] | None = None) -> JSONResponse:
    body = {"error": {"status": status, "code": code, "message": message, "details": details or []}}
    return JSONResponse(body, status_code=status)


def _json(content: Any, media_type: str = "application/json") -> Response:
    return Response(json.dumps(content, ensure_ascii=False, separators=(",", ":")), media_type=media_type)


def create_app(store: Store, token: str | None = None) -> FastAPI:
    """The API over ``store``; ingest endpoints accept ``Authorization: Bearer <token>`` when a token is set."""
    app = FastAPI(
        title="flashpoint",
        version=__version__,
        description="Sourced, geocoded conflict events from news text. Filters combine with AND; repeat `country` "
        "or `type` for several. Spans are [start, end) character offsets into a document's cleaned text "
        "(`/documents/{id}` serves it). Read-only unless the server was started with a token.",
        docs_url=None,
        redoc_url=None,
    )
    # Swagger UI 5 (vendored from npm by scripts/build_dashboard): 4.x cannot render FastAPI's OpenAPI 3.1
    swagger = resources.files("flashpoint").joinpath("api", "static", "swagger-ui")
    app.mount("/static/swagger-ui", StaticFiles(directory=str(swagger)), name="swagger-ui")

    # -- errors -----------------------------------------------------------------------------------------------
    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        details: list[dict[str, Any]] = []
        for e in exc.errors():
            where = ".".join(str(p) for p in e.get("loc", ()) if p not in ("query", "body", "path"))
            problem = str(e.get("msg", "invalid")).removeprefix("Value error, ")
            if e.get("type") == "extra_forbidden":
                problem = "unknown parameter; see /docs for the ones this endpoint takes"
            details.append({"field": where or None, "problem": problem})
        summary = "; ".join(f"{d['field']}: {d['problem']}" if d["field"] else str(d["problem"]) for d in details)
        return _error(422, "invalid_request", summary or "invalid request", details)

    @app.exception_handler(HTTPException)
    async def _http(_request: Request, exc: HTTPException) -> JSONResponse:
        code = {401: "unauthorized", 403: "read_only", 404: "not_found", 405: "method_not_allowed", 413: "too_large"}
        return _error(exc.status_code, code.get(exc.status_code, "http_error"), str(exc.detail))

    @app.exception_handler(FlashpointError)
    async def _flashpoint(_request: Request, exc: FlashpointError) -> JSONResponse:
        log.error("store error: %s", exc)
        return _error(503, exc.code, str(exc))

    @app.exception_handler(Exception)
    async def _bug(_request: Request, exc: Exception) -> JSONResponse:  # pragma: no cover - a bug's last resort
        log.exception("internal error")
        return _error(500, "internal", f"{type(exc).__name__}: this is a flashpoint bug, please report it")

    def writer(authorization: Annotated[str | None, Header(description="Bearer <token>")] = None) -> None:
        if token is None:
            raise HTTPException(403, "this server is read-only; start it with --token (or $FLASHPOINT_API_TOKEN)")
        given = (authorization or "").removeprefix("Bearer ").strip()
        if not hmac.compare_digest(given.encode(), token.encode()):
            raise HTTPException(401, "missing or wrong token: send 'Authorization: Bearer <token>'")

    # -- pages ----------------------------------------------------------------------------------------------
    @app.get("/", include_in_schema=False)
    def root() -> RedirectResponse:
        return RedirectResponse("/dashboard/")

    docs_page = get_swagger_ui_html(
        openapi_url="/openapi.json",
        title="flashpoint API",
        swagger_js_url="/static/swagger-ui/swagger-ui-bundle.js",
        swagger_css_url="/static/swagger-ui/swagger-ui.css",
        swagger_favicon_url="/static/swagger-ui/favicon-32x32.png",
    )

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(bytes(docs_page.body))

    # -- reads ----------------------------------------------------------------------------------------------
    @app.get("/info", response_model=Info, responses=ERRORS, summary="What this server serves")
    def info() -> Response:
        with store.reading() as conn:
            n_docs = conn.execute(select(func.count()).select_from(documents)).scalar_one()
            n_events = conn.execute(select(func.count()).select_from(events)).scalar_one()
        return _json(
            {
                "name": "flashpoint",
                "version": __version__,
                "store": store.engine.dialect.name,
                "schema_version": store.schema_version(),
                "read_only": token is None,
                "documents": n_docs,
                "events": n_events,
            }  # fmt: skip
        )

    @app.get("/events", response_model=EventPage, responses=ERRORS, summary="Events, filtered, sorted and paged")
    def list_events(params: Annotated[EventParams, Query()]) -> Response:
        q = params.query(sort=str(params.sort), limit=params.limit, offset=params.offset)
        with store.reading() as conn:
            total, rows = event_page(conn, q)
        return _json({"total": total, "limit": params.limit, "offset": params.offset, "events": rows})

    @app.get(
        "/events.geojson",
        response_model=FeatureCollection,
        responses={**ERRORS, 200: {"content": {"application/geo+json": {}}}},
        summary="Events as GeoJSON points (flat properties as in docs/exports.md)",
    )
    def events_geojson(params: Annotated[GeoJsonParams, Query()]) -> Response:
        q = params.query(limit=params.limit, offset=params.offset)
        with store.reading() as conn:
            features = [feature(r) for r in iter_events(conn, q)]
        return _json({"type": "FeatureCollection", "features": features}, "application/geo+json")

    @app.get(
        "/events/{event_id}",
        response_model=EventDetail,
        responses=ERRORS,
        summary="One event with its claims and sources",
    )
    def one_event(event_id: ID) -> Response:
        with store.reading() as conn:
            detail = event_detail(conn, event_id)
        if detail is None:
            raise HTTPException(404, f"no event {event_id!r}")
        return _json(detail)

    @app.get("/counts", response_model=Counts, responses=ERRORS, summary="Events and deaths per period, type, country")
    def count(params: Annotated[CountParams, Query()]) -> Response:
        by = sorted({str(b) for b in params.by})
        with store.reading() as conn:
            rows = counts(conn, params.query(), str(params.interval), by)
        return _json({"interval": str(params.interval), "by": by, "counts": rows})

    @app.get("/documents", response_model=DocumentPage, responses=ERRORS, summary="Stored documents (without text)")
    def documents_page(params: Annotated[DocumentParams, Query()]) -> Response:
        q = DocumentQuery(since=params.since, until=params.until, language=params.language, q=params.q,
                          limit=params.limit, offset=params.offset)  # fmt: skip
        with store.reading() as conn:
            total, rows = list_documents(conn, q)
        return _json({"total": total, "limit": params.limit, "offset": params.offset, "documents": rows})

    @app.get(
        "/documents/{document_id}",
        response_model=DocumentDetail,
        responses=ERRORS,
        summary="One document with its text",
    )
    def one_document(document_id: ID) -> Response:
        with store.reading() as conn:
            detail = document_detail(conn, document_id)
        if detail is None:
            raise HTTPException(404, f"no document {document_id!r}")
        return _json(detail)

    dashboard.mount(app, store)  # /dashboard: the page, its assets, points and escalation (docs/dashboard.md)
    # outermost first: headers on every answer, the 413 included; bodies capped before anything reads them
    app.add_middleware(BodyLimit, max_bytes=MAX_BODY)
    docs_scripts = inline_script_hashes(bytes(docs_page.body).decode())
    app.add_middleware(SecurityHeaders, page_scripts={"/docs": docs_scripts})
    if token is not None:
        redact_in_logs(token)

    # -- ingest (token only) ------------------------------------------------------------------------------------
    guard: list[Any] = [Depends(writer)]

    @app.post("/ingest/text", response_model=IngestResult, responses=WRITE_ERRORS, dependencies=guard,
              summary="Ingest a text (token required)")  # fmt: skip
    def ingest_text(body: TextIn) -> Response:
        return _json(ingest_mod.ingest_text(store, body))

    @app.post("/ingest/url", response_model=IngestResult, responses=WRITE_ERRORS, dependencies=guard,
              summary="Fetch a page or feed and ingest it (token required)")  # fmt: skip
    def ingest_url(body: UrlIn, fetcher: Annotated[Callable[..., Any], Depends(ingest_mod.fetcher)]) -> Response:
        return _json(ingest_mod.ingest_url(store, body.url, fetcher))

    @app.post("/ingest/file", response_model=IngestResult, responses=WRITE_ERRORS, dependencies=guard,
              summary="Ingest an uploaded file: any format `flashpoint ingest` reads (token required)")  # fmt: skip
    def ingest_file(
        file: Annotated[UploadFile, File(description="A .txt, .md, .html, .pdf, .jsonl, .warc, .rss ... file")],
    ) -> Response:
        return _json(ingest_mod.ingest_upload(store, file))

    return app
