"""JSON Lines of already-scraped articles: one ``{"url", "title", "text", "published"}`` object a line.

Only ``text`` is required; ``url``, ``title`` and ``published`` (an ISO date
or date-time) are kept as the document's metadata. An optional ``html``
instead of ``text`` is cleaned as a page. Each record becomes a document named
``FILE#L<line>``; a bad line is one ``E111 bad-record`` refusal naming its line,
and the other lines go on.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from flashpoint import errors
from flashpoint.ingest.files import Refusal
from flashpoint.records import RawDocument


def _text_field(record: dict[str, object], key: str) -> str | None:
    value = record.get(key)
    return value.strip() or None if isinstance(value, str) else None


def read_jsonl(container: RawDocument) -> Iterator[RawDocument | Refusal]:
    try:
        lines = container.data.decode("utf-8-sig").split("\n")
    except UnicodeDecodeError as exc:
        yield Refusal(
            container.source, errors.ENCODING, f"invalid UTF-8 at byte {exc.start}; write JSON Lines as UTF-8"
        )
        return
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        source = f"{container.source}#L{number}"
        try:
            record = json.loads(line)
        except ValueError as exc:
            yield Refusal(source, errors.BAD_RECORD, f"not JSON ({exc}); each line must be one JSON object")
            continue
        if not isinstance(record, dict):
            yield Refusal(source, errors.BAD_RECORD, f"a JSON {type(record).__name__}, not an object")
            continue
        text, page = _text_field(record, "text"), _text_field(record, "html")
        if text is None and page is None:
            yield Refusal(
                source, errors.BAD_RECORD, 'no "text" (a non-empty string); each record needs the article text'
            )
            continue
        yield RawDocument(
            source=source,
            data=(text or page or "").encode("utf-8"),
            media_type="text/plain" if text is not None else "text/html",
            url=_text_field(record, "url"),
            title=_text_field(record, "title"),
            published=_text_field(record, "published"),
        )
