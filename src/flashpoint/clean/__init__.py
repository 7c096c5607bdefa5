"""Raw documents → articles: clean text, metadata, provenance chain and an offset map.

``clean(raw)`` returns an ``Article`` or, for a document that holds no usable
text, a ``Refusal`` naming the reason; it never raises for bad input.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from datetime import date

from flashpoint import errors
from flashpoint.clean.builder import compose
from flashpoint.clean.html import extract_html
from flashpoint.clean.language import detect_language
from flashpoint.clean.metadata import Metadata, read_metadata
from flashpoint.clean.text import Line, boilerplate_lines, build_body, plain, script_of, split_lines
from flashpoint.ingest.files import Refusal
from flashpoint.records import Article, Credit, RawDocument

__all__ = ["clean"]


def _decode(raw: RawDocument) -> str | Refusal:
    data = raw.data
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return Refusal(
            raw.source,
            errors.ENCODING,
            f"invalid UTF-8 at byte {exc.start}; convert the file to UTF-8 (e.g. iconv -f WINDOWS-1252 -t UTF-8)",
        )


def clean(raw: RawDocument) -> Article | Refusal:
    if raw.media_type == "text/html":
        return _clean_html(raw)
    decoded = _decode(raw)
    if isinstance(decoded, Refusal):
        return decoded
    return _clean_text(raw, decoded)


def _clean_text(raw: RawDocument, text: str, meta_hint: Metadata | None = None) -> Article | Refusal:
    lines = split_lines(text)
    dropped = boilerplate_lines(lines)
    visible = " ".join(plain(ln) for i, ln in enumerate(lines) if i not in dropped)
    body_script = script_of(visible)
    meta = read_metadata(lines, dropped, body_script)
    if meta_hint is not None:
        meta = _merge(meta_hint, meta, lines)
    keep = [i not in dropped and i not in meta.consumed for i in range(len(lines))]
    _drop_masthead(lines, keep, body_script, markdown=raw.media_type == "text/markdown")
    body, offsets = build_body(lines, keep)
    if not body.strip():
        return Refusal(raw.source, errors.NO_TEXT, "no article text left after cleaning")
    return Article(
        source=raw.source,
        text=body,
        raw_text=text,
        offsets=offsets,
        content_hash=hashlib.sha256(body.encode("utf-8")).hexdigest(),
        title=meta.title,
        byline=meta.byline,
        published=meta.published.isoformat() if meta.published else None,
        language=detect_language(body),
        provenance=tuple(meta.chain),
        media_type=raw.media_type,
    )


def _merge(hint: Metadata, found: Metadata, lines: list[Line]) -> Metadata:
    """Page metadata first, the text's own lines second; a line taken for the title stays in the
    body unless it is the page's title (an HTML body's first short line is usually text)."""
    consumed = set(found.consumed)
    if found.title is not None and hint.title is not None:
        for i in list(consumed):
            if plain(lines[i]) == found.title and _squash(found.title) != _squash(hint.title):
                consumed.discard(i)
    elif found.title is not None:
        consumed = {i for i in consumed if plain(lines[i]) != found.title}
    hosts = [c for c in hint.chain if c.role == "host"]
    return Metadata(
        title=hint.title or found.title,
        byline=hint.byline or found.byline,
        published=hint.published or found.published,
        chain=[c for c in found.chain if c.role != "host" or not hosts] + hosts,
        consumed=consumed,
    )


def _squash(text: str) -> str:
    return re.sub(r"\W+", "", text.lower())


def _drop_masthead(lines: list[Line], keep: list[bool], body_script: str, markdown: bool) -> None:
    """Header lines in another script than the body, and in markdown the short label lines
    above the first paragraph ("European Languages"), are a masthead, not article text."""
    for i, line in enumerate(lines):
        text = plain(line)
        if not text:
            continue
        if len(text.split()) >= 15 and text.endswith((".", "!", "?")):
            break
        if (
            script_of(text) not in (body_script, "none")
            or markdown
            and len(text.split()) <= 3
            and not re.search(r"[\d.!?]", text)
        ):
            keep[i] = False


def _clean_html(raw: RawDocument) -> Article | Refusal:
    try:
        page = extract_html(raw.data)
    except Exception as exc:  # trafilatura/lxml raise many types on broken markup
        return Refusal(raw.source, errors.CORRUPT, f"cannot parse HTML ({type(exc).__name__}: {exc})")
    if page is None:
        return Refusal(
            raw.source, errors.NO_TEXT, "no article text found in the HTML page; is it an index or a login page?"
        )
    hint = Metadata(
        title=page.title,
        byline=page.author,
        published=date.fromisoformat(page.date) if page.date else None,
        chain=[Credit("host", page.sitename, page.url)] if page.sitename or page.url else [],
    )
    article = _clean_text(RawDocument(raw.source, page.text.encode("utf-8"), "text/html"), page.text, hint)
    if isinstance(article, Refusal):
        return article
    # the offsets so far point into trafilatura's text; compose them with its map into the page itself
    return replace(article, raw_text=page.page, offsets=compose(article.offsets, page.offsets))
