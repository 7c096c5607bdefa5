"""Content hash and near-duplicate fingerprint of an article's text.

``content_hash`` is the sha256 of the *normalized* text (Unicode NFKC, case
folded, every run of non-word characters one space), so the same article with
other white space, quotes or dashes hashes the same; it is the document's id
in the store.

``simhash`` is a 64-bit SimHash (Charikar 2002) over overlapping 3-word
shingles of the normalized text, each hashed with BLAKE2b (stable across runs,
unlike ``hash()``). A republished copy with its own header, credits and a
changed sentence or two lies within a few bits of the original (the seed with
a new header and footer: 4 bits; unrelated pages of shared/corpus/html: 19 or
more). ``NEAR_DUPLICATE_BITS`` is the distance the store treats as the same
article, and ``bands`` cuts the fingerprint into the eight 8-bit pieces it
indexes: two fingerprints within 7 bits share at least one band.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache, partial

import numpy as np

NEAR_DUPLICATE_BITS = 7
_NON_WORD = re.compile(r"[\W_]+")
_SHINGLE = 3
_BLAKE2B = hashlib.blake2b
_EIGHT_BYTE_BLAKE2B = partial(_BLAKE2B, digest_size=8)


@lru_cache(maxsize=2)  # the content hash and the SimHash of one text: normalized once
def normalize(text: str) -> str:
    return _NON_WORD.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


def content_hash(text: str) -> str:
    return hashlib.sha256(normalize(text).encode("utf-8")).hexdigest()


def simhash(text: str) -> str:
    """The 64-bit SimHash of ``text`` as 16 hex digits ("0" * 16 for a text without words)."""
    # the words as UTF-8: normalized text has no white space but one space between words, and no byte of a
    # multi-byte character is ASCII, so bytes.split() gives the words str.split() gives, encoded
    words = normalize(text).encode("utf-8").split()
    if not words:
        return "0" * 16
    n = max(len(words) - _SHINGLE + 1, 1)
    shingles = map(b" ".join, zip(words, words[1:], words[2:], strict=False)) if n > 1 else [b" ".join(words)]
    digests = b"".join(map(_BLAKE2B.digest, map(_EIGHT_BYTE_BLAKE2B, shingles)))
    bits = np.unpackbits(np.frombuffer(digests, dtype=np.uint8).reshape(n, 8), axis=1)
    votes = bits.sum(axis=0, dtype=np.int64) * 2 > n
    return bytes(np.packbits(votes)).hex()


def distance(a: str, b: str) -> int:
    """Hamming distance between two fingerprints."""
    return (int(a, 16) ^ int(b, 16)).bit_count()


def bands(fingerprint: str) -> list[str]:
    """The eight 8-bit bands of a fingerprint, keyed by position: ``["0:ab", "1:12", ...]``."""
    return [f"{i}:{fingerprint[2 * i : 2 * i + 2]}" for i in range(8)]
