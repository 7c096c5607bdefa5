"""Records → the JSON objects of the extract contract (shared/CODEBOOK.md fields plus spans)."""

from __future__ import annotations

from typing import Any

from flashpoint.geo.build import country_points
from flashpoint.geo.precision import event_location
from flashpoint.records import FIGURE_NAMES, Article, DocumentResult, EventMention, Place, Span


def _span(s: Span | None) -> list[int] | None:
    return [s.start, s.end] if s is not None else None


def place_json(p: Place, article: Article) -> dict[str, Any]:
    """A place as the text names it: ``start``/``end`` index the raw input, ``span`` the cleaned text."""
    return {
        "text": p.text,
        "start": p.raw.start if p.raw else article.offsets.to_raw(p.span.start),
        "end": p.raw.end if p.raw else article.offsets.to_raw(p.span.end),
        "span": None if p.raw else _span(p.span),
        "in_title": p.raw is not None,
        "lat": p.lat,
        "lon": p.lon,
        "country": p.country,
        "admin1": p.admin1,
        "kind": p.kind,
        "geonameid": p.geonameid,
        "resolved": p.lat is not None,
    }


def event_json(m: EventMention, article: Article) -> dict[str, Any]:
    text = article.text
    out: dict[str, Any] = {
        "type": m.type,
        "reported": m.reported,
        "date_start": m.date.start if m.date else None,
        "date_end": m.date.end if m.date else None,
        "date_precision": m.date.precision if m.date else None,
        "date_span": _span(m.date.span) if m.date else None,
        "countries": list(m.countries),
        "places": [{"name": p.text, "admin1": p.admin1, "span": _span(p.span)} for p in m.places],
        "location": event_location(m.places, m.countries, country_points()),
        "actors": [{"name": a.name, "country": a.country, "kind": a.kind, "span": _span(a.span)} for a in m.actors],
    }
    killed_by_side = None
    for name in FIGURE_NAMES:
        fig = m.figure(name)
        if fig is None:
            out[name] = None
        elif fig.title is not None:  # read from the title: no span in the cleaned text, its place in the title
            out[name] = {**fig.as_dict(), "span": None, "title_span": [fig.title.start, fig.title.end]}
        else:
            out[name] = {**fig.as_dict(), "span": _span(fig.span)}
        if fig is not None and fig.hit:
            out[name]["hit"] = True  # a count of the shot: injured once another report's dead are taken out
        if name == "killed" and fig is not None and fig.by_side:
            killed_by_side = dict(fig.by_side)
    out["killed_by_side"] = killed_by_side
    out["attribution"] = m.attribution
    out["attribution_span"] = _span(m.attribution_span)
    out["evidence"] = " ".join(text[s.start : s.end] for s in m.evidence)
    out["evidence_spans"] = [_span(s) for s in m.evidence]
    if m.title_trigger is not None:  # an event only the title tells: its trigger is in the title
        title = article.title or ""
        out["trigger"] = {
            "text": title[m.title_trigger.start : m.title_trigger.end],
            "span": None,
            "title_span": [m.title_trigger.start, m.title_trigger.end],
        }
    else:
        out["trigger"] = {"text": text[m.trigger.start : m.trigger.end], "span": _span(m.trigger)}
    out["raw_evidence_spans"] = [[article.offsets.to_raw(s.start), article.offsets.to_raw(s.end)] for s in m.evidence]
    return out


def document_json(result: DocumentResult, with_text: bool = False) -> dict[str, Any]:
    a = result.article
    if a is None:
        return {"doc": result.source, "error": result.error, "events": [], "places": []}
    out: dict[str, Any] = {
        "doc": result.source,
        "title": a.title,
        "byline": a.byline,
        "published": a.published,
        "language": a.language,
        "provenance": [c.name or c.url for c in a.provenance],
        "provenance_chain": [c.as_dict() for c in a.provenance],
        "content_hash": a.content_hash,
        "simhash": a.simhash,
        "url": a.url,
        "media_type": a.media_type,
        "other_scripts": [b.as_dict() for b in a.blocks],
        "events": [event_json(m, a) for m in result.mentions],
        "places": [place_json(p, a) for p in result.places],
    }
    if with_text:
        out["text"] = a.text
    return out


LINKED_FIELDS = (
    "type", "reported", "date_start", "date_end", "date_precision", "countries", "location",
    *FIGURE_NAMES, "killed_by_side",
)  # fmt: skip


def linked_event_json(mention: dict[str, Any], event: dict[str, Any]) -> dict[str, Any]:
    """A document's mention as ``extract --db`` prints it: the fields of the event it is linked to (reconciled
    over every source) over the mention's own spans and evidence, with ``event_id``, ``source_count`` and the
    document's own reading of those fields in ``own``."""
    own = {name: mention.get(name) for name in LINKED_FIELDS}
    out = {**mention, **{name: event.get(name) for name in LINKED_FIELDS}}
    if (out["date_start"], out["date_end"]) != (own["date_start"], own["date_end"]):
        out["date_span"] = None  # the date comes from another source's text
    out.update(event_id=event["event_id"], source_count=event.get("source_count"), own=own)
    return out
