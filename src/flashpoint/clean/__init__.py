"""Raw documents → articles: clean text, metadata, provenance chain and an offset map.

``clean(raw)`` returns an ``Article`` or, for a document that holds no usable
text, a ``Refusal`` naming the reason; it never raises for bad input.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from flashpoint import errors, limits
from flashpoint.clean.builder import compose
from flashpoint.clean.fingerprint import content_hash, simhash
from flashpoint.clean.html import TooDeep, TooLarge, date_from_url, extract_html
from flashpoint.clean.language import detect_language
from flashpoint.clean.metadata import Metadata, read_metadata
from flashpoint.clean.text import Line, boilerplate_lines, build_body, latin_only, plain, script_of, split_lines
from flashpoint.ingest.files import Refusal
from flashpoint.records import Article, Credit, RawDocument, ScriptBlock, url_host

__all__ = ["clean"]


def _decode(raw: RawDocument) -> str | Refusal:
    data = raw.data
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            return Refusal(
                raw.source, errors.ENCODING, f"invalid UTF-16 at byte {exc.start} (a cut file?); convert it to UTF-8"
            )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return Refusal(
            raw.source,
            errors.ENCODING,
            f"invalid UTF-8 at byte {exc.start}; convert the file to UTF-8 (e.g. iconv -f WINDOWS-1252 -t UTF-8)",
        )


def clean(raw: RawDocument) -> Article | Refusal:
    if len(raw.data) > limits.max_document_bytes():  # however it came: a file, a record, a fetched page, the API
        return Refusal(raw.source, errors.TOO_LARGE, limits.document_too_large(len(raw.data)))
    if raw.media_type == "text/html":
        return _clean_html(raw)
    if raw.media_type == "application/pdf":
        from flashpoint.clean.pdf import pdf_text

        extracted = pdf_text(raw)
        if isinstance(extracted, Refusal):
            return extracted
        if len(extracted) > 2 * limits.max_text_chars():
            return _text_too_large(raw.source, len(extracted))
        return _clean_text(raw, extracted, _container_hint(raw, None))
    decoded = _decode(raw)
    if isinstance(decoded, Refusal):
        return decoded
    if len(decoded) > 2 * limits.max_text_chars():  # cleaning never halves a text: refuse before the work
        return _text_too_large(raw.source, len(decoded))
    return _clean_text(raw, decoded, _container_hint(raw, None))


def _iso(value: str | None) -> date | None:
    if not value:
        return None
    try:
        day = date.fromisoformat(value[:10])
    except ValueError:
        return None
    return day if 1900 <= day.year <= 2100 else None


def _text_too_large(source: str, chars: int) -> Refusal:
    cap = limits.max_text_chars()
    what, limit = f"{chars:,} characters", f"{cap:,}-character"
    return Refusal(
        source, errors.TOO_LARGE, limits.over("the text", what, limit, "FLASHPOINT_MAX_TEXT_CHARS", str(chars + 1))
    )


def _container_hint(raw: RawDocument, page: Metadata | None) -> Metadata | None:
    """What the container (JSON Lines record, WARC header, feed item) said, over what the page says."""
    if page is None and not (raw.title or raw.published or raw.url):
        return None
    page = page or Metadata()
    chain = list(page.chain)
    if raw.url and not any(c.url for c in chain):
        chain.append(Credit("host", _host(raw.url), raw.url))
    return Metadata(
        title=raw.title or page.title,
        byline=page.byline,
        published=_iso(raw.published) or page.published,
        chain=chain,
    )


def _host(url: str) -> str | None:
    host = url_host(url)
    return host.removeprefix("www.") if host else None


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
    if len(body) > limits.max_text_chars():
        return _text_too_large(raw.source, len(body))
    url = raw.url
    published = meta.published or _iso(date_from_url(url))
    language = detect_language(body)
    return Article(
        source=raw.source,
        text=body,
        raw_text=text,
        offsets=offsets,
        content_hash=content_hash(body),
        title=meta.title,
        byline=meta.byline,
        published=published.isoformat() if published else None,
        language=language,
        provenance=tuple(meta.chain),
        media_type=raw.media_type,
        simhash=simhash(body),
        url=url,
        # a latin body in a text with no other script has no block in another (one search instead of a test a line)
        blocks=() if body_script == "latin" and latin_only(text) else _script_blocks(lines, body_script),
    )


def _script_blocks(lines: list[Line], body_script: str) -> tuple[ScriptBlock, ...]:
    """Runs of lines written in another script than the body, each with its language."""
    blocks: list[ScriptBlock] = []
    run: list[Line] = []
    run_script = ""

    def close() -> None:
        if run:
            sample = " ".join(plain(ln) for ln in run)
            end = run[-1].start + len(run[-1].text)
            blocks.append(ScriptBlock(detect_language(sample), run_script, run[0].start, end))
            run.clear()

    for line in lines:
        text = plain(line)
        if not text:
            continue
        script = script_of(text)
        if script in (body_script, "none") or (run and script != run_script):
            close()
        if script not in (body_script, "none"):
            run.append(line)
            run_script = script
    close()
    return tuple(blocks)


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
    except TooDeep as exc:
        return Refusal(raw.source, errors.CORRUPT, f"{exc}; save the article's text as .txt instead")
    except TooLarge as exc:
        return Refusal(raw.source, errors.TOO_LARGE, str(exc))
    except RecursionError:
        return Refusal(raw.source, errors.CORRUPT, "the page's markup is nested too deeply to read")
    except Exception as exc:  # trafilatura/lxml raise many types on broken markup
        return Refusal(raw.source, errors.CORRUPT, f"cannot parse HTML ({type(exc).__name__}: {exc})")
    if page is None:
        return Refusal(
            raw.source, errors.NO_TEXT, "no article text found in the HTML page; is it an index or a login page?"
        )
    url = raw.url or page.url
    hint = _container_hint(
        raw,
        Metadata(
            title=page.title,
            byline=page.author,
            published=_iso(page.date),
            chain=[Credit("host", page.sitename or (_host(url) if url else None), url)] if page.sitename or url else [],
        ),
    )
    if len(page.text) > 2 * limits.max_text_chars():
        return _text_too_large(raw.source, len(page.text))
    text_doc = RawDocument(raw.source, b"", "text/html", url=url)
    article = _clean_text(text_doc, page.text, hint)
    if isinstance(article, Refusal):
        return article
    # the offsets so far point into trafilatura's text; compose them with its map into the page itself
    blocks = tuple(
        replace(b, raw_start=page.offsets.to_raw(b.raw_start), raw_end=page.offsets.to_raw(b.raw_end))
        for b in article.blocks
    )
    return replace(article, raw_text=page.page, offsets=compose(article.offsets, page.offsets), blocks=blocks)
