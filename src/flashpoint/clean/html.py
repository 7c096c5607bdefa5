"""HTML pages → main text and metadata with trafilatura (chosen in docs/decisions.md)."""

from __future__ import annotations

from dataclasses import dataclass

import trafilatura


@dataclass(frozen=True, slots=True)
class HtmlExtract:
    text: str
    title: str | None
    author: str | None
    date: str | None
    sitename: str | None
    url: str | None


def extract_html(data: bytes) -> HtmlExtract | None:
    """Main text and metadata of a page, or None when the page holds no article text."""
    doc = trafilatura.bare_extraction(
        data, with_metadata=True, include_comments=False, include_tables=False, favor_precision=False
    )
    if doc is None:
        return None
    text = getattr(doc, "text", None) or ""
    if not text.strip():
        return None
    return HtmlExtract(
        text=text,
        title=getattr(doc, "title", None),
        author=getattr(doc, "author", None),
        date=getattr(doc, "date", None),
        sitename=getattr(doc, "sitename", None),
        url=getattr(doc, "url", None),
    )
