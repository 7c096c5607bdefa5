"""Sources → raw documents: files and folders of text, markdown and HTML, plain or gzipped."""

from flashpoint.ingest.files import Refusal, discover, read_document

__all__ = ["Refusal", "discover", "read_document"]
