"""Sample inputs for tests: real sample files of each container format (PDF, WARC, RSS, JSON Lines), and a
small article set to fill a store with."""

from __future__ import annotations

import io
import json
from typing import Any

from flashpoint.pipeline import process_raw
from flashpoint.records import DocumentResult, RawDocument, Span
from flashpoint.store import Store

BORDER_CLASH = (
    "Border clashes\n\n2022-09-20\n\n"
    "Violent clashes took place on the border between Kyrgyzstan and Tajikistan from September 14 to 16. "
    "At least 100 people were killed, officials said.\n\n"
    "On September 20, Tajikistan and Kyrgyzstan signed a peace deal.\n"
)


def assert_spans_inside(result: DocumentResult) -> None:
    """Every span of a processed document lies inside the text it indexes: evidence and triggers in the article's
    text, places in the text or, for a place named in the title, in the raw page. A refused input has its error."""
    if result.article is None:
        assert result.error
        return
    n = len(result.article.text)
    for m in result.mentions + result.undated:
        assert all(0 <= s.start <= s.end <= n for s in m.evidence)
        if m.title_trigger is None:
            assert 0 <= m.trigger.start < m.trigger.end <= n
        else:  # an event only the title tells ("4 people shot in southeast Atlanta" over a paywall's text)
            assert m.trigger == Span(0, 0) and 0 <= m.title_trigger.start < m.title_trigger.end
            assert m.title_trigger.end <= len(result.article.title or "")
    for p in result.places:
        if p.raw is None:
            assert 0 <= p.span.start <= p.span.end <= n
        else:
            assert 0 <= p.raw.start <= p.raw.end <= len(result.article.raw_text)


def fill_store(store: Store, texts: dict[str, str]) -> None:
    """Migrate ``store`` and add each named text through the pipeline (every one must be processed)."""
    store.migrate()
    for name, body in texts.items():
        result = process_raw(RawDocument(name, body.encode(), "text/plain"))
        assert result.ok, result.error
        store.add(result)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(pages: list[list[str]]) -> bytes:
    """A PDF whose pages show the given lines in Helvetica (a real text layer pypdf reads)."""
    objects: list[bytes] = []
    n = len(pages)
    page_ids = [3 + 2 * i for i in range(n)]
    font_id = 3 + 2 * n
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = " ".join(f"{p} 0 R" for p in page_ids)
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {n} >>".encode())
    for i, lines in enumerate(pages):
        ops = ["BT", "/F1 11 Tf", "14 TL", "72 760 Td"]
        for line in lines:
            ops.append(f"({_escape(line)}) Tj T*")
        ops.append("ET")
        stream = "\n".join(ops).encode("latin-1")
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {page_ids[i] + 1} 0 R "
            f"/Resources << /Font << /F1 {font_id} 0 R >> >> >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def encrypt_pdf(data: bytes, password: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=password, owner_password=password + "-owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def blank_pdf(pages: int = 2) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=612, height=792)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_warc(pages: list[tuple[str, bytes]], gzip: bool = True, broken_after: int | None = None) -> bytes:
    """A WARC of request + response records for each (url, html); optionally a broken record after one."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gzip)
    writer.write_record(writer.create_warcinfo_record("test.warc", {"software": "flashpoint tests"}))
    for i, (url, html) in enumerate(pages):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(html), http_headers=headers))
        if broken_after == i:
            junk = b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\ncut short"
            if gzip:
                import gzip as gz

                junk = gz.compress(junk)[:-12]  # a gzip member cut before its end
            out.write(junk)
    image = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
    writer.write_record(
        writer.create_warc_record(
            "https://example.org/logo.png", "response", payload=io.BytesIO(b"\x89PNG"), http_headers=image
        )
    )
    return out.getvalue()


def make_rss(items: list[tuple[str, str, str]]) -> bytes:
    """An RSS 2.0 feed of (link, title, RFC 822 date) items."""
    body = "".join(
        f"<item><title>{title}</title><link>{link}</link><pubDate>{date}</pubDate><guid>{link}</guid></item>"
        for link, title, date in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Test feed</title>'
        f"<link>http://example.org/</link><description>t</description>{body}</channel></rss>"
    ).encode()


def make_jsonl(records: list[dict[str, object] | str]) -> bytes:
    return "\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records).encode() + b"\n"


def mutate(draw: Any, data: bytes, steps: int, insert: Any) -> bytes:
    """``data`` damaged by up to ``steps`` random edits drawn with hypothesis's ``draw``: a flipped byte, the rest
    cut off, bytes from the ``insert`` strategy put in, a run of bytes deleted (the fuzzers' damaged files)."""
    from hypothesis import strategies as st

    out = bytearray(data)
    for _ in range(draw(st.integers(0, steps))):
        pos = draw(st.integers(0, max(0, len(out) - 1)))
        action = draw(st.sampled_from(["flip", "cut", "insert", "delete"]))
        if action == "flip" and out:
            out[pos] ^= draw(st.integers(1, 255))
        elif action == "cut":
            del out[pos:]
        elif action == "insert":
            out[pos:pos] = draw(insert)
        elif action == "delete":
            del out[pos : pos + draw(st.integers(1, 200))]
    return bytes(out)
