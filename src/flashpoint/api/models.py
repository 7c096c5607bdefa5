"""The API's request parameters and response shapes (pydantic), which are also its OpenAPI schema.

Query parameters are validated before any SQL is built: unknown parameters, malformed dates, out-of-range
numbers and too-large pages are 422 with one error shape (``ErrorBody``). Response models describe the event
record leniently (fields may be added by later versions: ``additionalProperties`` is allowed).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, WithJsonSchema, field_validator, model_validator

from flashpoint.query import INTERVALS, SORTS, EventQuery, FigureRange
from flashpoint.records import EVENT_TYPES, FIGURE_NAMES, EventType

MAX_LIMIT = 500
MAX_OFFSET = 1_000_000

SortName = Literal["date", "-date", "killed", "-killed", "sources", "-sources", "id", "-id"]
Interval = Literal["day", "week", "month", "year"]
assert set(get_args(SortName)) == set(SORTS) and set(get_args(Interval)) == set(INTERVALS)
assert set(get_args(EventType)) == set(EVENT_TYPES)


GroupBy = Literal["type", "country"]


_DATE = r"^\d{4}-\d{2}-\d{2}$"
DateText = Annotated[
    str, StringConstraints(pattern=_DATE), WithJsonSchema({"type": "string", "format": "date", "pattern": _DATE})
]
_NO_NUL = r"^[^\x00]*$"  # PostgreSQL text cannot hold NUL; such a value is a 422, not a database error
Iso3 = Annotated[str, StringConstraints(pattern=r"^[A-Za-z]{3}$")]
Count = Annotated[int, Field(ge=0, le=10**12)]
_BBOX_NUMBER = r"-?\d{1,3}(\.\d{1,10})?"


def _check_date(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a calendar date; write YYYY-MM-DD") from None
    return value


class EventFilters(BaseModel):
    """Filters shared by /events, /events.geojson and /counts."""

    model_config = ConfigDict(extra="forbid")

    since: DateText | None = Field(None, description="Events going on on or after this day (YYYY-MM-DD).")
    until: DateText | None = Field(None, description="Events begun on or before this day (YYYY-MM-DD).")
    country: list[Iso3] = Field([], max_length=50, description="ISO 3166-1 alpha-3 codes; repeat for several.")
    admin1: Annotated[str, StringConstraints(min_length=1, max_length=100, pattern=_NO_NUL)] | None = Field(
        None, description="The first-level division of the event's point, as the gazetteer names it."
    )
    bbox: Annotated[str, StringConstraints(pattern=rf"^{_BBOX_NUMBER},{_BBOX_NUMBER},{_BBOX_NUMBER},{_BBOX_NUMBER}$")] | None = Field(
        None, description="min_lon,min_lat,max_lon,max_lat (WGS 84) the event's point lies in; west > east crosses 180°."
    )  # fmt: skip
    type: list[EventType] = Field([], max_length=12, description="Event types; repeat for several.")
    actor: Annotated[str, StringConstraints(min_length=1, max_length=100, pattern=_NO_NUL)] | None = Field(
        None, description="Part of an actor's name (case-insensitive)."
    )
    q: Annotated[str, StringConstraints(min_length=1, max_length=200, pattern=_NO_NUL)] | None = Field(
        None, description="Part of the evidence text (case-insensitive substring)."
    )
    reported: bool | None = Field(None, description="true: news; false: background events.")
    killed_min: Count | None = None
    killed_max: Count | None = None
    injured_min: Count | None = None
    injured_max: Count | None = None
    displaced_min: Count | None = None
    displaced_max: Count | None = None
    troops_min: Count | None = None
    troops_max: Count | None = None
    detained_min: Count | None = None
    detained_max: Count | None = None
    min_sources: Annotated[int, Field(ge=1, le=10**6)] | None = Field(
        None, description="Events told by at least this many documents."
    )

    @field_validator("since", "until")
    @classmethod
    def _calendar_date(cls, value: str | None) -> str | None:
        return _check_date(value)

    @field_validator("bbox")
    @classmethod
    def _bbox_ranges(cls, value: str | None) -> str | None:
        if value is None:
            return None
        min_lon, min_lat, max_lon, max_lat = (float(v) for v in value.split(","))
        if not (-180 <= min_lon <= 180 and -180 <= max_lon <= 180):
            raise ValueError("bbox longitudes must lie in -180..180")
        if not (-90 <= min_lat <= max_lat <= 90):
            raise ValueError("bbox latitudes must lie in -90..90, the minimum first")
        return value

    @model_validator(mode="after")
    def _ordered(self) -> EventFilters:
        if self.since and self.until and self.since > self.until:
            raise ValueError(f"since ({self.since}) is after until ({self.until})")
        for name in FIGURE_NAMES:
            low, high = getattr(self, f"{name}_min"), getattr(self, f"{name}_max")
            if low is not None and high is not None and low > high:
                raise ValueError(f"{name}_min ({low}) is above {name}_max ({high})")
        return self

    def query(self, **paging: Any) -> EventQuery:
        figures = tuple(
            FigureRange(name, getattr(self, f"{name}_min"), getattr(self, f"{name}_max"))
            for name in FIGURE_NAMES
            if getattr(self, f"{name}_min") is not None or getattr(self, f"{name}_max") is not None
        )
        bbox = tuple(float(v) for v in self.bbox.split(",")) if self.bbox else None
        return EventQuery(
            since=self.since,
            until=self.until,
            countries=tuple(c.upper() for c in self.country),
            types=tuple(self.type),
            admin1=self.admin1,
            bbox=bbox,  # type: ignore[arg-type]
            actor=self.actor,
            q=self.q,
            reported=self.reported,
            figures=figures,
            min_sources=self.min_sources,
            **paging,
        )


class EventParams(EventFilters):
    sort: SortName = Field(
        "date", description="date, -date, killed, -killed, sources, -sources, id, -id (- for descending)."
    )
    limit: Annotated[int, Field(ge=1, le=MAX_LIMIT)] = Field(50, description=f"Events per page (at most {MAX_LIMIT}).")
    offset: Annotated[int, Field(ge=0, le=MAX_OFFSET)] = Field(0, description="Events to skip.")


class GeoJsonParams(EventFilters):
    limit: Annotated[int, Field(ge=1, le=10_000)] = Field(1000, description="At most this many features.")
    offset: Annotated[int, Field(ge=0, le=MAX_OFFSET)] = 0


class CountParams(EventFilters):
    interval: Interval = Field("month", description="day, week (ISO, named by its Monday), month or year.")
    by: list[GroupBy] = Field([], max_length=2, description="Split by type and/or country (repeat for both).")


class DocumentParams(BaseModel):
    model_config = ConfigDict(extra="forbid")

    since: DateText | None = Field(None, description="Published on or after (YYYY-MM-DD).")
    until: DateText | None = Field(None, description="Published on or before (YYYY-MM-DD).")
    language: Annotated[str, StringConstraints(pattern=r"^[A-Za-z]{2,3}$")] | None = None
    q: Annotated[str, StringConstraints(min_length=1, max_length=200, pattern=_NO_NUL)] | None = Field(
        None, description="Part of the title (case-insensitive)."
    )
    limit: Annotated[int, Field(ge=1, le=MAX_LIMIT)] = 50
    offset: Annotated[int, Field(ge=0, le=MAX_OFFSET)] = 0

    @field_validator("since", "until")
    @classmethod
    def _calendar_date(cls, value: str | None) -> str | None:
        return _check_date(value)


# -- responses -------------------------------------------------------------------------------------------------

SpanOut = list[int] | None  # [start, end) into the cleaned text


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class FigureOut(_Open):
    best: int | None = None
    low: int | None = None
    high: int | None = None
    qualifier: str | None = None
    span: SpanOut = None


class LocationOut(_Open):
    name: str | None = None
    lat: float | None = None
    lon: float | None = None
    admin1: str | None = None
    country: str | None = None
    where_prec: int | None = None
    geo_precision: int | None = None
    span: SpanOut = None


class ActorOut(_Open):
    name: str | None = None
    country: str | None = None
    kind: str | None = None
    span: SpanOut = None


class PlaceOut(_Open):
    name: str | None = None
    admin1: str | None = None
    span: SpanOut = None


class TriggerOut(_Open):
    text: str | None = None
    span: SpanOut = None


class EventOut(_Open):
    """One event: the CODEBOOK fields, the point, every span, and the documents that tell it."""

    event_id: str
    type: str
    reported: bool
    date_start: str | None = None
    date_end: str | None = None
    date_precision: str | None = None
    date_span: SpanOut = None
    countries: list[str] = []
    places: list[PlaceOut] = []
    location: LocationOut | None = None
    actors: list[ActorOut] = []
    killed: FigureOut | None = None
    injured: FigureOut | None = None
    displaced: FigureOut | None = None
    troops: FigureOut | None = None
    detained: FigureOut | None = None
    killed_by_side: dict[str, int] | None = None
    attribution: str | None = None
    attribution_span: SpanOut = None
    evidence: str | None = None
    evidence_spans: list[SpanOut] = []
    raw_evidence_spans: list[SpanOut] = []
    trigger: TriggerOut | None = None
    doc: str | None = None
    sources: list[str] = []


class EventPage(BaseModel):
    total: int = Field(description="Events matching the filters.")
    limit: int
    offset: int
    events: list[EventOut]


class ClaimOut(_Open):
    """What one document says about the event: its figures, who it attributes them to, its evidence."""

    mention_id: str
    document_id: str
    source: str
    killed: FigureOut | None = None
    injured: FigureOut | None = None
    displaced: FigureOut | None = None
    troops: FigureOut | None = None
    detained: FigureOut | None = None
    killed_by_side: dict[str, int] | None = None
    attribution: str | None = None
    attribution_span: SpanOut = None
    date_start: str | None = None
    date_end: str | None = None
    evidence: str | None = None
    evidence_spans: list[SpanOut] = []
    raw_evidence_spans: list[SpanOut] = []


class SourceOut(BaseModel):
    document_id: str
    source: str
    title: str | None = None
    published: str | None = None
    url: str | None = None
    language: str | None = None


class EventDetail(BaseModel):
    event: EventOut
    claims: list[ClaimOut]
    documents: list[SourceOut]


class DocumentOut(BaseModel):
    id: str
    source: str
    title: str | None = None
    byline: str | None = None
    published: str | None = None
    language: str | None = None
    url: str | None = None
    ingested_at: str
    duplicate_of: str | None = None
    mentions: int


class DocumentPage(BaseModel):
    total: int
    limit: int
    offset: int
    documents: list[DocumentOut]


class MentionRef(BaseModel):
    id: str
    position: int
    type: str
    event_id: str | None = None


class DocumentDetail(BaseModel):
    id: str
    source: str
    title: str | None = None
    byline: str | None = None
    published: str | None = None
    language: str | None = None
    url: str | None = None
    ingested_at: str
    duplicate_of: str | None = None
    provenance: list[dict[str, Any]]
    text: str
    mentions: list[MentionRef]


class CountRow(BaseModel):
    period: str = Field(description="YYYY-MM-DD (day; week: its Monday), YYYY-MM or YYYY.")
    type: str | None = None
    country: str | None = None
    events: int
    killed: int = Field(description="The sum of the events' killed best figures.")


class Counts(BaseModel):
    interval: str
    by: list[str]
    counts: list[CountRow]


class Geometry(BaseModel):
    type: str
    coordinates: list[float]


class Feature(BaseModel):
    type: str
    id: str | None
    geometry: Geometry | None
    properties: dict[str, Any]


class FeatureCollection(BaseModel):
    type: str
    features: list[Feature]


class Info(BaseModel):
    name: str
    version: str
    store: str = Field(description="The database kind: sqlite or postgresql.")
    schema_version: str | None
    read_only: bool
    documents: int
    events: int


class ErrorDetail(BaseModel):
    field: str | None = None
    problem: str


class ErrorBody(BaseModel):
    status: int
    code: str
    message: str
    details: list[ErrorDetail] = []


class ErrorResponse(BaseModel):
    """Every error has this shape."""

    error: ErrorBody


# -- ingest ------------------------------------------------------------------------------------------------------


class TextIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: Annotated[str, StringConstraints(min_length=1, max_length=5_000_000, pattern=_NO_NUL)]
    title: Annotated[str, StringConstraints(max_length=1000, pattern=_NO_NUL)] | None = None
    published: DateText | None = None
    url: Annotated[str, StringConstraints(max_length=2000, pattern=_NO_NUL)] | None = None
    source: Annotated[str, StringConstraints(min_length=1, max_length=500, pattern=_NO_NUL)] | None = Field(
        None, description="A name for the document (default: text:<hash prefix>)."
    )

    @field_validator("published")
    @classmethod
    def _calendar_date(cls, value: str | None) -> str | None:
        return _check_date(value)


class UrlIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: Annotated[str, StringConstraints(pattern=r"^https?://[^\s/]+", max_length=2000)]


class IngestedDocument(BaseModel):
    source: str
    document_id: str | None = None
    stored: bool
    duplicate_of: str | None = None
    events_added: int = 0
    events_merged: int = 0
    error: str | None = Field(None, description="Why the document was refused (a reason code and a message).")


class IngestResult(BaseModel):
    documents: list[IngestedDocument]
