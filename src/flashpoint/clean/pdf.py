"""PDF files → text with pypdf (BSD; PyMuPDF is AGPL, see docs/decisions.md).

Each page's text is one block, pages separated by a blank line, so the text
cleaner treats what repeats on every page (running headers, page numbers) as
boilerplate and rejoins a sentence that a page break cut. Offsets of a PDF's
evidence point into this extracted text (``Article.raw_text``): a PDF's
content streams are compressed and positioned glyph runs, with no character
offsets to point at.

Refused, each with its own code: an encrypted PDF that does not open with the
empty password (E109), a PDF with no text layer (a scan; E110), and a file
pypdf cannot parse (E106).
"""

from __future__ import annotations

import io
import logging

from flashpoint import errors, limits
from flashpoint.ingest.files import Refusal
from flashpoint.records import RawDocument

MIN_CHARS_PER_PAGE = 20  # below this on average, a PDF is a scan without a text layer


def pdf_text(raw: RawDocument) -> str | Refusal:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # pypdf warns on every slightly odd file
    try:
        reader = PdfReader(io.BytesIO(raw.data))
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except Exception as exc:  # pypdf raises DependencyError for AES without `cryptography`
                return Refusal(raw.source, errors.ENCRYPTED, f"the PDF is encrypted ({exc}); save an unencrypted copy")
            if not opened:
                return Refusal(
                    raw.source,
                    errors.ENCRYPTED,
                    "the PDF is encrypted with a password; save an unencrypted copy (e.g. qpdf --decrypt)",
                )
        count, cap = len(reader.pages), limits.max_pdf_pages()
        if count > cap:
            return Refusal(
                raw.source,
                errors.TOO_LARGE,
                limits.over("the PDF", f"{count} pages", f"{cap}-page", "FLASHPOINT_MAX_PDF_PAGES", str(count)),
            )
        pages = [(page.extract_text() or "").strip() for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, RecursionError, AttributeError) as exc:
        return Refusal(raw.source, errors.CORRUPT, f"cannot read the PDF ({type(exc).__name__}: {exc})")
    text = "\n\n".join(p for p in pages if p)
    if len(text.strip()) < MIN_CHARS_PER_PAGE * max(len(pages), 1):
        return Refusal(
            raw.source,
            errors.IMAGE_ONLY,
            f"the PDF has no text layer ({len(pages)} pages, {len(text.strip())} characters of text): "
            "it is a scan; run OCR first (e.g. ocrmypdf) and ingest the result",
        )
    return text
