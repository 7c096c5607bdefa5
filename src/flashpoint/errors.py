"""flashpoint's exception tree and the reason codes of refused inputs.

::

    FlashpointError            every error flashpoint raises on purpose
    ├── InputError             an input file or argument is unusable (code E1xx)
    ├── StoreError             the store cannot be opened, migrated or written (E2xx)
    └── ResourceError          a bundled data file is missing or malformed (E3xx)

A bad *document* in a batch is not an exception: ingest returns a
``DocumentResult`` whose ``error`` holds ``"<code>: <message>"``, counts it and
goes on. Exceptions are for the run as a whole and are mapped once, in the CLI,
to an exit status and one line on stderr.
"""

from __future__ import annotations


class FlashpointError(Exception):
    code = "E000"

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        text = f"{self.code}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text


class InputError(FlashpointError):
    code = "E100"


class StoreError(FlashpointError):
    code = "E200"


class ResourceError(FlashpointError):
    code = "E300"


# Reason codes for documents refused inside a batch (stored in DocumentResult.error).
MISSING = "E101 missing"
EMPTY = "E102 empty"
BINARY = "E103 binary"
ENCODING = "E104 encoding"
UNSUPPORTED = "E105 unsupported"
CORRUPT = "E106 corrupt"
NO_TEXT = "E107 no-text"
TOO_LARGE = "E108 too-large"
ENCRYPTED = "E109 encrypted"
IMAGE_ONLY = "E110 image-only"
BAD_RECORD = "E111 bad-record"
FETCH = "E112 fetch"
ROBOTS = "E113 robots"
INTERNAL = "E199 internal"  # a bug met on one document: reported for it, the batch goes on
NEAR_DUPLICATE = "E114 near-duplicate"  # not a refusal: the store's note for a republished copy
FORBIDDEN = "E115 forbidden"  # a URL flashpoint must not fetch: not http(s), or a non-public address
