"""A corpus of bad inputs, generated (not hand-picked): every kind of broken or hostile file a news archive holds.

``write_corpus(folder)`` writes each ``Bad`` into ``folder`` and returns them with what flashpoint must say about
each: the reason code and words of the cause that its one stderr line has to carry. Inputs that are hostile but
readable (an article with an entity bomb or a 100,000-character symbol run in it, a page with a bogus charset,
UTF-16 text) have ``code=None``: they must be processed, in bounded time, like any article.
"""

from __future__ import annotations

import gzip
import json
import random
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from samples import blank_pdf, encrypt_pdf, make_pdf, make_rss, make_warc

STORY = (
    "Troops shelled the town of Kramatorsk on Monday and at least twelve people were killed, officials said. "
    "The regional governor said rescue teams were still searching the rubble on Tuesday."
)
MIB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Bad:
    kind: str  # what the issue calls it: empty, binary, huge, nested-html, ...
    name: str  # file name in the corpus folder
    make: Callable[[Path], None]  # writes the file
    code: str | None  # the refusal code expected, None when the file must be processed
    cause: tuple[str, ...] = ()  # words its refusal line must contain (besides the name and the code)
    records: int = 1  # refusal lines a container gives (one per bad record)


def _bytes(data: bytes | Callable[[], bytes]) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(data() if callable(data) else data)


def _page(body: str, head: str = "") -> str:
    """An article page with ``body`` after its story; the story names the body's checksum, so that every page is
    a document of its own."""
    filed = f"<p>The report was filed as number {zlib.crc32((head + body).encode())} on Tuesday.</p>"
    return f"<html><head><title>Shelling</title>{head}</head><body><article><p>{STORY}</p>{filed}{body}</article></body></html>"


def _huge_text(path: Path) -> None:
    """100 MB of text, written in 1 MiB pieces (never all in memory)."""
    piece = (STORY + "\n\n").encode()
    block = piece * (MIB // len(piece))
    with path.open("wb") as fh:
        for _ in range(100):
            fh.write(block)


def _gzip_bomb(size_mib: int, payload: bytes = b"\0") -> Callable[[Path], None]:
    """A multi-member gzip file that expands to ``size_mib`` MiB from a few kilobytes."""

    def write(path: Path) -> None:
        member = gzip.compress(payload * (MIB // len(payload)), compresslevel=9)
        with path.open("wb") as fh:
            for _ in range(size_mib):
                fh.write(member)

    return write


def _random(n: int, seed: int) -> bytes:
    return random.Random(seed).randbytes(n)


def _billion_laughs() -> bytes:
    entities = '<!ENTITY l0 "lol">' + "".join(
        f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10)
    )  # 10^9 "lol"s if expanded
    return (
        f'<?xml version="1.0"?><!DOCTYPE rss [{entities}]><rss version="2.0"><channel><title>&l9;</title>'
        "<item><title>&l9;</title><link>http://127.0.0.1:9/a</link></item></channel></rss>"
    ).encode()


def _truncated_pdf() -> bytes:
    pdf = make_pdf([[STORY]])
    return pdf[: len(pdf) // 3]


def _deflate_bomb_pdf() -> bytes:
    """A PDF whose one content stream inflates to 200 MiB of spaces (pypdf must not hang or blow up)."""
    packer = zlib.compressobj(9)
    spaces = b" " * MIB
    stream = b"".join(packer.compress(spaces) for _ in range(200)) + packer.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length " + str(len(stream)).encode() + b" /Filter /FlateDecode >>\nstream\n" + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _page_html(i: int) -> bytes:
    return _page(f"<p>Report {i}: the shelling of the district continued on Wednesday, witnesses said.</p>").encode()


def _cut_warc() -> bytes:
    warc = make_warc([(f"https://news.example/{i}", _page_html(i)) for i in range(3)], gzip=False)
    return warc[: warc.rfind(b"</html>")]  # the last response's payload cut short


def _jsonl(lines: list[object | str]) -> bytes:
    return "\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines).encode() + b"\n"


def corpus() -> list[Bad]:
    good_record = {"text": STORY, "url": "https://news.example/ok", "published": "2024-05-06"}
    return [
        # empty
        Bad("empty", "empty.txt", _bytes(b""), "E102", ("empty",)),
        Bad("empty", "blank.md", _bytes(b" \n\n\t\n"), "E102", ("empty",)),
        Bad("empty", "empty.html", _bytes(b""), "E102", ("empty",)),
        Bad("empty", "empty.txt.gz", _bytes(gzip.compress(b"")), "E102", ("empty",)),
        Bad("empty", "empty.pdf", _bytes(b""), "E102", ("empty",)),
        # binary
        Bad("binary", "random.txt", _bytes(lambda: _random(64 * 1024, 1)), "E103", ("binary",)),
        Bad("binary", "png.html", _bytes(lambda: b"\x89PNG\r\n\x1a\n" + _random(4096, 2)), "E103", ("binary",)),
        Bad("binary", "zeros.md", _bytes(b"\0" * 10_000), "E103", ("binary",)),
        Bad("binary", "elf.txt.gz", _bytes(lambda: gzip.compress(b"\x7fELF" + _random(8192, 3))), "E103", ("binary",)),
        # huge
        Bad("huge", "huge.txt", _huge_text, "E108", ("100 MiB", "50 MiB limit", "FLASHPOINT_MAX_FILE_MB")),
        Bad(
            "huge",
            "big-document.md",
            _bytes(lambda: (STORY + "\n\n").encode() * (12 * MIB // (len(STORY) + 2))),
            "E108",
            ("10 MiB limit", "FLASHPOINT_MAX_DOCUMENT_MB"),
        ),
        Bad(
            "huge",
            "long-text.txt",
            _bytes(lambda: (STORY + "\n\n").encode() * (3_000_000 // (len(STORY) + 2))),
            "E108",
            ("1,000,000-character limit", "FLASHPOINT_MAX_TEXT_CHARS"),
        ),
        Bad(
            "huge",
            "one-line.txt",
            _bytes(lambda: b"word " * 600_000),
            "E108",
            ("FLASHPOINT_MAX_TEXT_CHARS",),
        ),
        # deeply nested and malformed HTML
        Bad(
            "nested-html",
            "nested.html",
            _bytes(("<html><body>" + "<div>" * 100_000 + f"<p>{STORY}</p>" + "</div>" * 100_000).encode()),
            "E106",
            ("256 deep", "libxml2"),
        ),
        Bad(
            "nested-html",
            "nested-inline.html",
            _bytes(_page("<b><i>" * 50_000).encode()),
            "E106",
            ("256 deep",),
        ),
        Bad(
            "malformed-html", "tag-soup.html", _bytes(_page("<<a <b></i></p>>>" * 3000 + "<p><td></tr>").encode()), None
        ),
        Bad("malformed-html", "unclosed.html", _bytes(_page("<a" * 100_000).encode()), None),
        Bad(
            "malformed-html",
            "no-article.html",
            _bytes(b"<html><body><script>var a = 1;</script></body></html>"),
            "E107",
            ("no article text",),
        ),
        Bad("malformed-html", "comments.html", _bytes(_page("<!--" * 100_000).encode()), None),
        # HTML and gzip bombs
        Bad("html-bomb", "entity-run.html", _bytes(_page(f"<p>{'&amp' * 200_000}</p>").encode()), None),
        Bad("html-bomb", "symbol-run.html", _bytes(_page(f"<p>{'=' * 100_000} {'(' * 50_000}</p>").encode()), None),
        Bad(
            "html-bomb",
            "many-elements.html",
            _bytes(_page("<span>x</span>" * 300_000).encode()),
            "E108",
            ("elements", "FLASHPOINT_MAX_HTML_ELEMENTS"),
        ),
        Bad("html-bomb", "many-words.html", _bytes(_page("<span>x</span> " * 30_000).encode()), None),
        Bad("gzip-bomb", "bomb.html.gz", _gzip_bomb(1024), "E108", ("gzip bomb", "FLASHPOINT_MAX_FILE_MB")),
        Bad("gzip-bomb", "bomb.txt.gz", _gzip_bomb(200, b"war "), "E108", ("gzip bomb",)),
        Bad("gzip-bomb", "bomb.jsonl.gz", _gzip_bomb(100, b'{"text": "x"}\n'), "E108", ("gzip bomb",)),
        Bad("gzip-bomb", "truncated.txt.gz", _bytes(gzip.compress(STORY.encode() * 50)[:60]), "E106", ("gzip",)),
        # invalid and mixed encodings
        Bad(
            "encoding",
            "latin1.txt",
            _bytes(("Shelling in Bogotá. " * 40).encode("latin-1")),
            "E104",
            ("invalid UTF-8",),
        ),
        Bad(
            "encoding",
            "mixed.txt",
            _bytes(STORY.encode() + "Bogotá".encode("cp1252") + STORY.encode()),
            "E104",
            ("invalid UTF-8",),
        ),
        Bad(
            "encoding", "utf16-cut.txt", _bytes(b"\xff\xfe" + STORY.encode("utf-16-le") + b"\x00"), "E104", ("UTF-16",)
        ),
        Bad("encoding", "utf16.txt", _bytes(b"\xff\xfe" + f"{STORY} Written in UTF-16.".encode("utf-16-le")), None),
        Bad(
            "encoding",
            "bogus-charset.html",
            _bytes(_page("", "<meta charset='x-bogus'>").encode("cp1252") + "é".encode("cp1252")),
            None,
        ),
        Bad(
            "encoding",
            "mixed.jsonl",
            _bytes(_jsonl([{**good_record, "text": f"{STORY} A second telling."}]) + b'{"text": "caf\xe9"}\n'),
            "E104",
            ("invalid UTF-8",),
        ),
        # PDFs
        Bad(
            "pdf", "encrypted.pdf", _bytes(lambda: encrypt_pdf(make_pdf([[STORY]]), "secret")), "E109", ("unencrypted",)
        ),
        Bad("pdf", "scan.pdf", _bytes(blank_pdf), "E110", ("OCR",)),
        Bad("pdf", "truncated.pdf", _bytes(_truncated_pdf), "E106", ("PDF",)),
        Bad("pdf", "not-a.pdf", _bytes(b"<html>hello</html>"), "E106", ("no %PDF header",)),
        Bad("pdf", "deflate-bomb.pdf", _bytes(_deflate_bomb_pdf), "E110", ("no text layer",)),
        # WARC
        Bad("warc", "cut.warc", _bytes(_cut_warc), "E111", ("broken WARC record",)),
        Bad(
            "warc",
            "broken.warc.gz",
            _bytes(
                lambda: make_warc(
                    [(f"https://news.example/g{i}", _page_html(10 + i)) for i in range(2)], broken_after=0
                )
            ),
            "E111",
            ("broken WARC record",),
        ),
        Bad(
            "warc", "garbage.warc", _bytes(lambda: b"WARC/1.0\r\n" + _random(2048, 4)), "E111", ("broken WARC record",)
        ),
        # feeds
        Bad("feed", "billion-laughs.rss", _bytes(_billion_laughs), "E115", ("loopback",)),
        Bad(
            "feed",
            "private-links.rss",
            _bytes(
                lambda: make_rss(
                    [("http://169.254.169.254/latest/meta-data/", "Meta", "Mon, 06 May 2024 10:00:00 GMT")]
                )
            ),
            "E115",
            ("metadata", "--allow-private"),
        ),
        Bad(
            "feed", "not-a-feed.atom", _bytes(b"<html><body>hello</body></html>"), "E106", ("not an RSS or Atom feed",)
        ),
        # JSON Lines with wrong types
        Bad(
            "jsonl",
            "wrong-types.jsonl",
            _bytes(
                _jsonl(
                    [
                        good_record,
                        {"text": 5},
                        {"text": ["a", "b"]},
                        {"text": STORY, "url": {"href": "x"}},
                        {"text": STORY, "published": 20240506},
                        None,
                        "1e400",
                        '"a string"',
                        "{not json",
                        "[" * 100_000 + "]" * 100_000,
                        {"title": "no text"},
                    ]
                )
            ),
            "E111",
            ("#L",),
            records=10,
        ),
    ]


def write_corpus(folder: Path) -> list[Bad]:
    folder.mkdir(parents=True, exist_ok=True)
    items = corpus()
    for bad in items:
        bad.make(folder / bad.name)
    return items
