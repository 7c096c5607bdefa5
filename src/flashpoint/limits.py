"""Size limits that keep one hostile or broken input from taking the machine's memory or the batch's time.

Each limit is read from the environment when it is used (no import-time state), so a user can raise it for one
run, and each refusal it causes (``E108 too-large``) names the limit and the variable that raises it:

====================================  =========  ==================================================================
variable                              default    what it bounds
====================================  =========  ==================================================================
``FLASHPOINT_MAX_FILE_MB``            50         a file read whole (text, Markdown, HTML, PDF, feed), and what its
                                                 ``.gz`` decompresses to; checked before reading, so a 100 MB file
                                                 costs nothing, and while decompressing, so a gzip bomb stops there.
                                                 WARC and JSON Lines files are streamed a record at a time and have
                                                 no size limit; a ``.jsonl.gz`` that expands past this limit at more
                                                 than 100 times its size is refused as a gzip bomb
``FLASHPOINT_MAX_DOCUMENT_MB``        10         one document: a page, a text file, a PDF, a JSON Lines line or a
                                                 WARC response body (what a streamed container holds in memory)
``FLASHPOINT_MAX_TEXT_CHARS``         1000000    the cleaned text handed to extraction (about 15 s of work on a
                                                 2-CPU machine; a long news article is 20,000)
``FLASHPOINT_MAX_PDF_PAGES``          1000       pages read from one PDF
``FLASHPOINT_MAX_HTML_ELEMENTS``      50000      elements of one HTML page (the shared corpus's largest has 1,587;
                                                 trafilatura takes about 60 µs an element)
====================================  =========  ==================================================================
"""

from __future__ import annotations

import os

MIB = 1024 * 1024
_DEFAULTS = {
    "FLASHPOINT_MAX_FILE_MB": 50,
    "FLASHPOINT_MAX_DOCUMENT_MB": 10,
    "FLASHPOINT_MAX_TEXT_CHARS": 1_000_000,
    "FLASHPOINT_MAX_PDF_PAGES": 1000,
    "FLASHPOINT_MAX_HTML_ELEMENTS": 50_000,
}


def invalid() -> list[str]:
    """The limit variables set to something that is not a positive number (their default applies)."""
    bad = []
    for name in _DEFAULTS:
        raw = os.environ.get(name, "").strip()
        if raw:
            try:
                ok = float(raw) >= 1
            except ValueError:
                ok = False
            if not ok:
                bad.append(f"{name}={raw!r}")
    return bad


def _read(name: str) -> int:
    raw = os.environ.get(name, "").strip()
    if raw:
        try:
            value = int(float(raw))
        except ValueError:
            value = 0
        if value > 0:
            return value
    return _DEFAULTS[name]


def max_file_bytes() -> int:
    return _read("FLASHPOINT_MAX_FILE_MB") * MIB


def max_document_bytes() -> int:
    return _read("FLASHPOINT_MAX_DOCUMENT_MB") * MIB


def max_text_chars() -> int:
    return _read("FLASHPOINT_MAX_TEXT_CHARS")


def max_pdf_pages() -> int:
    return _read("FLASHPOINT_MAX_PDF_PAGES")


def max_html_elements() -> int:
    return _read("FLASHPOINT_MAX_HTML_ELEMENTS")


def mib(size: int) -> str:
    return f"{size / MIB:.1f}".removesuffix(".0") + " MiB"


def over(what: str, size: str, limit: str, variable: str, suggestion: str) -> str:
    """The message of an E108 refusal: what is too large, by how much, and how to raise the limit."""
    return f"{what} is {size}, over the {limit} limit; split it, or raise the limit with {variable}={suggestion}"


def file_too_large(size: int, what: str = "the file") -> str:
    limit = max_file_bytes()
    return over(what, mib(size), mib(limit), "FLASHPOINT_MAX_FILE_MB", str(max(size // MIB + 1, 2 * limit // MIB)))


def document_too_large(size: int, what: str = "the document") -> str:
    limit = max_document_bytes()
    return over(what, mib(size), mib(limit), "FLASHPOINT_MAX_DOCUMENT_MB", str(max(size // MIB + 1, 2 * limit // MIB)))
